"""An FGR page as HTML (as the site serves it, or as a browser saves it with Ctrl+S) -> the lines of its text.

The lines are those a careful copy of the page's main content would give, so that the text parser
(source/parse.py) reads them as it reads a copy: headings and paragraphs on lines of their own,
list items as bullets (" • "), a blank line between blocks. The site's chrome (header, navigation,
breadcrumb, skip link, cookie banner, footer, "Naar top van de pagina") is left out. A table whose
header cells name schalen (the newer layout shows all functietyperingen of a group as one table,
which a text copy cannot keep apart) becomes one functietypering per column.

The parser is html5rdf, RDFLib's maintained fork of html5lib: it builds the tree the WHATWG HTML
standard prescribes (the one a browser builds, whatever the markup's errors), and takes the
encoding as the standard says: byte order mark, then the HTTP charset, then <meta charset>.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from functiegebouw.errors import FgrError, FgrWarning, Where
from functiegebouw.source.text import MAX_LINE_CHARS, MAX_LINES, clean, looks_like_html  # noqa: F401

# Elements that are never content: the site's frame, scripts, forms.
_SKIP_TAGS = {"head", "header", "nav", "footer", "aside", "script", "style", "noscript", "template", "form", "button",
              "svg", "iframe", "select", "input", "dialog"}
_SKIP_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog"}
# class or id words of chrome inside the main content: cookie banner, skip link, breadcrumb, back-to-top link
_SKIP_WORDS = re.compile(r"cookie|skip|breadcrumb|kruimel|to-top|naar-top|back-to-top|sr-only|visually-hidden",
                         re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
               "table", "thead", "tbody", "tfoot", "tr", "dl", "dt", "dd", "blockquote", "pre", "figure",
               "figcaption", "address", "details", "summary", "hr", "body", "caption", "fieldset"}
# a cell of FUWASYS codes only ("22222 22222 22 22 (28)", "Variant 1. …"): its row label is no block heading
_CODES = re.compile(r"^(?:(?:variant\s*\d+\s*[.:)]?\s*)?[\d ]{5,}(?:\(\s*\d+\s*\))?\s*)+$", re.IGNORECASE)
_SCHAAL_CELL = re.compile(r"^schaal\s*(\d{1,3})$", re.IGNORECASE)
_START = re.compile(r"^(?:resultaten|vergelijk\s+(?:functietyperingen|kwaliteitenprofielen)\s+tussen\b.*)$",
                    re.IGNORECASE)
BULLET = " \u2022 "


@dataclass
class HtmlText:
    """The lines of an HTML page's main content, its encoding, its <h1>, and what a person should look at."""
    lines: list[str]
    encoding: str
    title: str | None = None
    warnings: list[FgrWarning] = field(default_factory=list)


def _attr_words(el: ET.Element) -> str:
    return " ".join(el.get(a, "") for a in ("class", "id"))


def _skipped(el: ET.Element) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP_TAGS or el.get("role", "").lower() in _SKIP_ROLES:
        return True
    if el.get("hidden") is not None or el.get("aria-hidden", "").lower() == "true":
        return True
    if tag == "a" and el.get("href", "").startswith("#") and el.get("href") in ("#top", "#main", "#content",
                                                                                "#main-content", "#inhoud"):
        return True
    return bool(_SKIP_WORDS.search(_attr_words(el)))


def _main(root: ET.Element) -> ET.Element:
    """The page's main content: <main>, else [role=main], else #content/#main-content, else <body>."""
    for el in root.iter():
        if el.tag == "main":
            return el
    for el in root.iter():
        if el.get("role", "").lower() == "main" or el.get("id", "") in ("content", "main-content", "inhoud"):
            return el
    body = root.find("body")
    return body if body is not None else root


class _Lines:
    """Block elements start new lines; inline text joins; a list item is a bullet."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.prefix = ""

    def flush(self, blank: bool = False) -> None:
        text = clean("".join(self.buf))
        if text:
            self.lines.append(self.prefix + text)
        self.buf, self.prefix = [], ""
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def text(self, s: str | None) -> None:
        if s:
            self.buf.append(s)

    def walk(self, el: ET.Element) -> None:
        if not isinstance(el.tag, str):  # a comment
            self.text(el.tail)
            return
        if _skipped(el):
            self.text(el.tail)
            return
        tag = el.tag
        if tag == "table" and _schaal_columns(el):
            self.flush(blank=True)
            self.schaal_table(el)
            self.flush(blank=True)
        elif tag == "br":
            self.flush()
        elif tag in ("td", "th"):
            self.text(" ")  # cells of an ordinary row stay on one line, apart ("schaal 5 schaal 6")
            self.inside(el)
            self.text(" ")
        elif tag == "li":
            self.flush()
            self.prefix = BULLET
            self.inside(el)
            self.flush()
        elif tag in _BLOCK_TAGS:
            self.flush(blank=tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "section"))
            self.inside(el)
            self.flush(blank=tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "section"))
        else:
            self.inside(el)
        self.text(el.tail)

    def inside(self, el: ET.Element) -> None:
        self.text(el.text)
        for child in el:
            self.walk(child)

    def schaal_table(self, table: ET.Element) -> None:
        """One functietypering per schaal column: its "Schaal N", then each row's label and that column's cell."""
        found = _schaal_columns(table)
        if found is None:  # walk() calls this only for a table that names schalen
            return
        columns, rows = found
        for index, scale in columns:
            self.lines += ["Functietypering", "", f"Schaal {scale}", ""]
            for row in rows:
                cells = _cells(row)
                if len(cells) <= index or not clean("".join(cells[index].itertext())):
                    continue  # this schaal has nothing in this row (no Varianten, say)
                label = clean("".join(cells[0].itertext())) if index else ""
                if label and not _CODES.match(clean(" ".join(cells[index].itertext()))):
                    self.lines += [label, ""]  # a block heading ("Resultaten"); a code row has none
                self.inside(cells[index])
                self.flush(blank=True)


def _rows(table: ET.Element) -> list[ET.Element]:
    return [tr for tr in table.iter("tr")]


def _cells(row: ET.Element) -> list[ET.Element]:
    return [c for c in row if c.tag in ("td", "th")]


def _schaal_columns(table: ET.Element) -> tuple[list[tuple[int, int]], list[ET.Element]] | None:
    """(column index, schaal) of each header cell that names a schaal, and the rows below; None when the
    table's first row names fewer than two schalen (an ordinary table)."""
    rows = _rows(table)
    if not rows:
        return None
    columns = []
    for index, cell in enumerate(_cells(rows[0])):
        m = _SCHAAL_CELL.match(clean(" ".join(cell.itertext())))
        if m:
            columns.append((index, int(m.group(1))))
    return (columns, rows[1:]) if len(columns) >= 2 else None


def html_text(data: bytes, path: Where = None, *, transport_encoding: str | None = None, max_lines: int = MAX_LINES,
              max_line_chars: int = MAX_LINE_CHARS) -> HtmlText:
    """The text lines of an FGR page's main content (see the module's docstring)."""
    import html5rdf

    if not data.strip():
        raise FgrError(path, None, "file is empty: expected an FGR page")
    parser = html5rdf.HTMLParser(namespaceHTMLElements=False)
    try:
        # no guessing from the bytes (chardet): the encoding is the one the document or server declares
        root = parser.parse(data, transport_encoding=transport_encoding, default_encoding="utf-8", useChardet=False)
    except (LookupError, ValueError) as exc:  # an encoding no codec knows
        raise FgrError(path, None, f"cannot read the HTML: {exc}") from None
    encoding = parser.documentEncoding or "utf-8"
    main = _main(root)
    h1 = next((el for el in main.iter("h1")), None)
    title = clean("".join(h1.itertext())) or None if h1 is not None else None
    out = _Lines()
    out.walk(main)
    out.flush()
    lines = out.lines
    while lines and lines[-1] == "":
        lines.pop()
    # what the main content shows above the profile (the group's name, its schalen, tab labels) is the
    # page's own frame, not a copy's: left out without a warning
    start = next((n for n, line in enumerate(lines) if _START.match(line)), None)
    if start:
        lines = lines[start:]
    if len(lines) > max_lines:
        raise FgrError(path, None, f"the page has {len(lines):,} lines of text, more than the limit of {max_lines:,}")
    for number, line in enumerate(lines, 1):
        if len(line) > max_line_chars:
            raise FgrError(path, None, f"a line of {len(line):,} characters (line {number} of the page's text), "
                           f"more than {max_line_chars:,}")
    return HtmlText(lines, encoding, title)
