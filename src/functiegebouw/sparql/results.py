"""SELECT results, the same on every backend: SPARQL JSON terms in, plain Python values out."""
from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def term_value(term: dict | None):
    """A SPARQL 1.1 JSON term as a Python value: IRIs and plain or language-tagged literals as
    ``str``; xsd numbers, booleans, dates as int/Decimal/float/bool/date/datetime; blank nodes as
    ``"_:id"``; unbound as ``None``. A literal whose lexical form is invalid stays a ``str``."""
    if term is None:
        return None
    kind, value = term.get("type"), term.get("value", "")
    if kind == "uri":
        return value
    if kind == "bnode":
        return "_:" + value
    if kind == "triple":
        return tuple(term_value(term["value"][k]) for k in ("subject", "predicate", "object"))
    datatype = term.get("datatype")
    if not datatype or "xml:lang" in term:
        return value
    try:
        if datatype in _INTEGER_TYPES:
            return int(value)
        if datatype == XSD + "decimal":
            return Decimal(value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(value)
        if datatype == XSD + "boolean":
            if value in ("true", "1"):
                return True
            if value in ("false", "0"):
                return False
            return value
        if datatype == XSD + "date":
            return _dt.date.fromisoformat(value)
        if datatype == XSD + "dateTime":
            return _dt.datetime.fromisoformat(value)
    except (ValueError, InvalidOperation):
        pass
    return value


def oxigraph_term(term) -> dict | None:
    """A pyoxigraph term as a SPARQL 1.1 JSON term (what a server would send)."""
    if term is None:
        return None
    cls = type(term).__name__
    if cls == "NamedNode":
        return {"type": "uri", "value": term.value}
    if cls == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if cls == "Literal":
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            out["datatype"] = term.datatype.value
        return out
    if cls == "Triple":
        return {"type": "triple", "value": {k: oxigraph_term(getattr(term, k))
                                             for k in ("subject", "predicate", "object")}}
    raise TypeError(f"unexpected term {term!r}")


def _json_term(term: dict) -> dict:
    # Some servers still send the SPARQL-XML era "typed-literal".
    if term.get("type") == "typed-literal":
        term = dict(term, type="literal")
    if term.get("type") == "literal" and term.get("datatype") == XSD + "string":
        term = {k: v for k, v in term.items() if k != "datatype"}
    if term.get("type") == "literal" and term.get("datatype") == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString":
        term = {k: v for k, v in term.items() if k != "datatype"}
    return term


class Result:
    """Rows of a SELECT query: ``columns``, ``rows`` (tuples of Python values) and ``terms``."""

    def __init__(self, columns: list[str], terms: list[list[dict | None]]):
        self.columns = list(columns)
        self.terms = terms
        self.rows = [tuple(term_value(t) for t in row) for row in terms]

    @classmethod
    def from_sparql_json(cls, data: dict) -> "Result":
        columns = list(data.get("head", {}).get("vars", []))
        terms = [[_json_term(b[c]) if c in b else None for c in columns]
                 for b in data.get("results", {}).get("bindings", [])]
        return cls(columns, terms)

    @classmethod
    def from_oxigraph(cls, solutions) -> "Result":
        columns = [v.value for v in solutions.variables]
        terms = [[oxigraph_term(sol[i]) for i in range(len(columns))] for sol in solutions]
        return cls(columns, terms)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __getitem__(self, index):
        return self.rows[index]

    def __repr__(self) -> str:
        return f"<Result {len(self.rows)} rows × {self.columns}>"

    def __eq__(self, other) -> bool:
        return isinstance(other, Result) and self.columns == other.columns and self.rows == other.rows

    def column(self, name: str) -> list:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def to_dicts(self) -> list[dict]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_dataframe(self):
        """A pandas DataFrame (pandas comes with the notebook extra: ``make notebook``)."""
        try:
            import pandas as pd
        except ImportError:
            from functiegebouw.errors import FgrError

            raise FgrError(None, None, "to_dataframe() needs pandas: pip install 'functiegebouw[notebook]' "
                                       "(or make notebook in a checkout)") from None

        return pd.DataFrame(self.rows, columns=self.columns)

    def to_sparql_json(self) -> dict:
        bindings = [{c: t for c, t in zip(self.columns, row) if t is not None} for row in self.terms]
        return {"head": {"vars": self.columns}, "results": {"bindings": bindings}}

    def to_json(self) -> str:
        return json.dumps(self.to_sparql_json(), ensure_ascii=False, indent=2) + "\n"

    def _cells(self) -> list[list[str]]:
        return [["" if v is None else _cell(v) for v in row] for row in self.rows]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self._cells())
        return out.getvalue()

    def to_markdown(self) -> str:
        def esc(s: str) -> str:
            return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

        lines = ["| " + " | ".join(esc(c) for c in self.columns) + " |",
                 "|" + "|".join("---" for _ in self.columns) + "|"]
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in self._cells()]
        return "\n".join(lines) + "\n"

    def to_table(self, width: int | None = None) -> str:
        """A plain-text table no wider than ``width`` (long cells are cut with …)."""
        cells = [[c.replace("\n", " ") for c in row] for row in self._cells()]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        if width and self.columns:
            widths = _fit(widths, width - 2 * (len(self.columns) - 1), [len(c) for c in self.columns])

        def line(values):
            return "  ".join(_cut(v, w).ljust(w) for v, w in zip(values, widths)).rstrip()

        out = [line(self.columns), "  ".join("-" * w for w in widths)]
        out += [line(row) for row in cells]
        out.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(out) + "\n"


def _cell(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "<< " + " ".join(_cell(v) for v in value) + " >>"
    return str(value)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(width - 1, 0)] + "…"


def _fit(widths: list[int], budget: int, headers: list[int]) -> list[int]:
    """Shrink the widest columns first until the row fits the budget (each keeps ≥ 4 chars)."""
    widths = list(widths)
    floor = [min(w, max(4, min(h, 12))) for w, h in zip(widths, headers)]
    while sum(widths) > budget:
        i = max(range(len(widths)), key=lambda k: widths[k] - floor[k])
        if widths[i] <= floor[i]:
            break
        widths[i] -= 1
    return widths
