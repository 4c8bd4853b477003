"""FGR text in: decoding (text), the data model (model), the parser (parse), metadata files (meta)."""
