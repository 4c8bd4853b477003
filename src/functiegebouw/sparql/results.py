"""SELECT results, the same on every backend: SPARQL JSON terms in, plain Python values out."""
from __future__ import annotations

import io
import itertools

from functiegebouw.rdf import iris

# typing, datetime and decimal are imported where needed, not here: a few ms of every `fgr query`
# (typing.TYPE_CHECKING is this constant; mypy reads the block below as always true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import IO, Any, TypeAlias

    import pandas

    from functiegebouw.errors import FgrError

    # A SPARQL 1.1 JSON term ({"type": "uri", "value": …}); None where a variable is unbound.
    JsonTerm: TypeAlias = dict[str, Any]
    # A term as a Python value: str, int, Decimal, float, bool, date, datetime, a tuple of three (a
    # quoted triple) or None. Any, not their union: callers index and compare the values they know the type of.
    Value: TypeAlias = Any
    # A row as read from a backend before conversion: JSON terms, or a pyoxigraph solution.
    RawRow: TypeAlias = Any

XSD = iris.XSD
_INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def term_value(term: JsonTerm | None) -> Value:
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
            from decimal import Decimal

            return Decimal(value)
        if datatype in (XSD + "double", XSD + "float"):
            return float(value)
        if datatype == XSD + "boolean":
            if value in ("true", "1"):
                return True
            if value in ("false", "0"):
                return False
            return value
        if datatype in (XSD + "date", XSD + "dateTime"):
            import datetime as _dt

            return (_dt.date if datatype == XSD + "date" else _dt.datetime).fromisoformat(value)
    except (ValueError, ArithmeticError):  # decimal.InvalidOperation is an ArithmeticError
        pass
    return value


def oxigraph_term(term: Any) -> JsonTerm | None:
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


_KINDS = {"uri", "literal", "bnode", "typed-literal", "triple"}


def _json_term(term: Any) -> JsonTerm:
    """A term of a server's answer, checked (type and value) and normalised."""
    if not isinstance(term, dict) or term.get("type") not in _KINDS:
        raise ValueError("a term without a known type")
    checked: JsonTerm = term
    if checked["type"] == "triple":
        inner = term.get("value")
        if not isinstance(inner, dict) or set(inner) < {"subject", "predicate", "object"}:
            raise ValueError("a quoted triple without subject, predicate and object")
        return {"type": "triple", "value": {k: _json_term(inner[k]) for k in ("subject", "predicate", "object")}}
    if not isinstance(checked.get("value"), str):
        raise ValueError("a term without a string value")
    # Some servers still send the SPARQL-XML era "typed-literal".
    if checked["type"] == "typed-literal":
        checked = dict(checked, type="literal")
    if checked["type"] == "literal" and checked.get("datatype") in (XSD + "string", _LANG_STRING):
        checked = {k: v for k, v in checked.items() if k != "datatype"}
    return checked


_LANG_STRING = iris.RDF_LANG_STRING
#: rows a Result holds in memory at most (``fgr query --max-rows``, ``open(max_rows=)``)
DEFAULT_MAX_ROWS = 1_000_000
_NO_ROW = object()


class Result:
    """Rows of a SELECT query: ``columns``, ``rows`` (tuples of Python values) and ``terms``
    (SPARQL 1.1 JSON terms).

    Rows are read and converted when first asked for, not when the query returns: ``stream()``
    hands them out one at a time without holding them (the command line writes CSV that way),
    while ``rows`` reads them all, at most ``max_rows`` (then an FgrError says so).
    """

    def __init__(self, columns: Iterable[str], terms: Iterable[Iterable[JsonTerm | None]] = (), *,
                 max_rows: int | None = None) -> None:
        self.columns = list(columns)
        self.max_rows = DEFAULT_MAX_ROWS if max_rows is None else max_rows
        self._raw: list[RawRow] | None = [tuple(row) for row in terms]
        self._pending: Iterator[RawRow] | None = None  # the raw rows not read yet
        self._value: Callable[[RawRow], tuple[Value, ...]] = _json_value
        self._term: Callable[[RawRow], list[JsonTerm | None]] = _identity
        self._rows: list[tuple[Value, ...]] | None = None
        self._streamed = False
        # a raw row straight to its CSV cells, where the source has a shortcut (pyoxigraph's terms)
        self._csv: Callable[[RawRow], list[str]] | None = None

    @classmethod
    def _lazy(cls, columns: list[str], raw_rows: Iterable[RawRow], value: Callable[[RawRow], tuple[Value, ...]],
              term: Callable[[RawRow], list[JsonTerm | None]], max_rows: int | None = None) -> Result:
        result = cls(columns, max_rows=max_rows)
        result._raw, result._pending = None, iter(raw_rows)
        result._value, result._term = value, term
        return result

    @classmethod
    def from_sparql_json(cls, data: Any, *, max_rows: int | None = None) -> Result:
        """From parsed SPARQL 1.1 results JSON; an answer of another shape raises ValueError."""
        columns = _columns(data)
        results = data.get("results")
        bindings = results.get("bindings") if isinstance(results, dict) else None
        if not isinstance(bindings, list):
            raise ValueError("no results.bindings list")
        return cls._lazy(columns, (_binding_row(b, columns) for b in bindings), _json_value, _identity, max_rows)

    @classmethod
    def from_json_stream(cls, chunks: Iterable[bytes], *, where: str = "answer",
                         max_rows: int | None = None) -> Result:
        """From SPARQL 1.1 results JSON arriving in byte chunks, parsed one binding at a time.
        An answer of another shape is an FgrError naming ``where``, also when found half-way."""
        walk = _guard(_walk_select(_JsonStream(chunks)), where)
        columns = next(walk)
        assert isinstance(columns, list), "_walk_select yields the columns first"
        return cls._lazy(columns, walk, _json_value, _identity, max_rows)

    @classmethod
    def from_oxigraph(cls, solutions: Any, *, max_rows: int | None = None) -> Result:
        """From pyoxigraph's QuerySolutions, converted as they are read."""
        columns = [v.value for v in solutions.variables]
        result = cls._lazy(columns, _guard_store(solutions), _ox_row_value, _ox_row_term, max_rows)
        result._csv = _ox_row_csv
        return result

    # -- reading
    def _read_all(self) -> list[RawRow]:
        if self._raw is None:
            if self._streamed or self._pending is None:
                raise RuntimeError("the rows of this result were streamed already")
            raw = []
            for row in self._pending:
                raw.append(row)
                if len(raw) > self.max_rows:
                    self._pending = None
                    raise _too_many(self.max_rows)
            self._raw, self._pending = raw, None
        return self._raw

    @property
    def rows(self) -> list[tuple[Value, ...]]:
        if self._rows is None:
            value = self._value
            self._rows = [value(row) for row in self._read_all()]
        return self._rows

    @property
    def terms(self) -> list[list[JsonTerm | None]]:
        term = self._term
        return [term(row) for row in self._read_all()]

    def stream(self, as_terms: bool = False) -> Iterator[Any]:
        """The rows one at a time (values, or JSON terms); rows not read yet are not kept."""
        return self._stream(self._term if as_terms else self._value)

    def _stream(self, convert: Callable[[RawRow], Any]) -> Iterator[Any]:
        if self._raw is not None:
            yield from (convert(row) for row in self._raw)
            return
        if self._streamed or self._pending is None:
            raise RuntimeError("the rows of this result were streamed already")
        self._streamed = True
        for n, row in enumerate(self._pending, 1):
            if n > self.max_rows:
                raise _too_many(self.max_rows)
            yield convert(row)

    def is_empty(self) -> bool:
        """Whether there are no rows, reading at most one (a streamed answer stays streamed)."""
        if self._raw is not None:
            return not self._raw
        if self._pending is None:
            return not self._rows
        first = next(self._pending, _NO_ROW)
        if first is _NO_ROW:
            self._raw, self._pending = [], None
            return True
        self._pending = itertools.chain((first,), self._pending)
        return False

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Value, ...]]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> tuple[Value, ...]:
        return self.rows[index]

    def __repr__(self) -> str:
        return f"<Result {len(self.rows)} rows × {self.columns}>"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Result) and self.columns == other.columns and self.rows == other.rows

    def column(self, name: str) -> list[Value]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def to_dicts(self) -> list[dict[str, Value]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dataframe(self) -> pandas.DataFrame:
        """A pandas DataFrame (pandas comes with the notebook extra: ``make notebook``)."""
        try:
            import pandas as pd
        except ImportError:
            from functiegebouw.errors import FgrError

            raise FgrError(None, None, "to_dataframe() needs pandas: pip install 'functiegebouw[notebook]' "
                                       "(or make notebook in a checkout)") from None

        frame = pd.DataFrame(self.rows, columns=self.columns)
        for column, values in zip(self.columns, zip(*self.rows, strict=True), strict=True) if self.rows else ():
            present = [v for v in values if v is not None]
            # pandas turns an integer column with a missing value into floats (ids printed as 511.0);
            # its nullable Int64 keeps them integers with <NA> for the missing ones
            if present and len(present) < len(values) and all(type(v) is int for v in present):
                frame[column] = pd.array(values, dtype="Int64")
        return frame

    def to_sparql_json(self) -> dict[str, Any]:
        bindings = [{c: t for c, t in zip(self.columns, row, strict=True) if t is not None} for row in self.terms]
        return {"head": {"vars": self.columns}, "results": {"bindings": bindings}}

    def to_json(self) -> str:
        out = io.StringIO()
        self.write_json(out)
        return out.getvalue()

    def write_json(self, out: IO[str]) -> None:
        """SPARQL 1.1 results JSON, a binding per line, written as the rows are read."""
        import json  # here: `fgr query` in the other formats never needs it (~6 M instructions)

        out.write('{\n  "head": {"vars": ' + json.dumps(self.columns, ensure_ascii=False) + '},\n'
                  '  "results": {"bindings": [')
        first = True
        for row in self.stream(as_terms=True):
            binding = {c: t for c, t in zip(self.columns, row, strict=True) if t is not None}
            out.write(("\n    " if first else ",\n    ") + json.dumps(binding, ensure_ascii=False))
            first = False
        out.write("\n  ]}\n}\n" if not first else "]}\n}\n")

    def _cells(self, rows: Iterable[tuple[Value, ...]] | None = None) -> Iterator[list[str]]:
        return (["" if v is None else _cell(v) for v in row] for row in (self.rows if rows is None else rows))

    def to_csv(self, *, raw: bool = False) -> str:
        out = io.StringIO()
        self.write_csv(out, raw=raw)
        return out.getvalue()

    def write_csv(self, out: IO[str], *, raw: bool = False) -> None:
        """CSV, written as the rows are read (the whole result is never held). A cell a spreadsheet would
        run as a formula gets a leading ``'`` (see ``spreadsheet_safe``) unless ``raw``."""
        # _csv, the C module csv.py wraps (its writer and quoting constants are _csv's): csv.py imports re,
        # with enum, for its Sniffer, which cost every `fgr query -f csv` more than its query (issue 28);
        # the writer's defaults without a dialect are those of csv's "excel" dialect
        import _csv

        guard = str if raw else spreadsheet_safe
        writer = _csv.writer(out, lineterminator="\n")
        # the csv module quotes a field for the characters of its line terminator only, so a bare CR
        # would go out unquoted and split the row in every reader: such rows are quoted whole
        quoted = _csv.writer(out, lineterminator="\n", quoting=_csv.QUOTE_ALL)
        writer.writerow([guard(c) for c in self.columns])
        for cells in self._stream(self._csv) if self._csv is not None else self._cells(self.stream()):
            row = [guard(c) for c in cells]
            (quoted if any("\r" in c for c in row) else writer).writerow(row)

    def to_markdown(self) -> str:
        out = io.StringIO()
        self.write_markdown(out)
        return out.getvalue()

    def write_markdown(self, out: IO[str]) -> None:
        def esc(s: str) -> str:
            return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

        out.write("| " + " | ".join(esc(c) for c in self.columns) + " |\n")
        out.write("|" + "|".join("---" for _ in self.columns) + "|\n")
        for cells in self._cells(self.stream()):
            out.write("| " + " | ".join(esc(c) for c in cells) + " |\n")

    def to_table(self, width: int | None = None, lang: str | None = None) -> str:
        """A plain-text table no wider than ``width`` (long cells are cut with …); control
        characters are escaped (it is meant for a terminal)."""
        from functiegebouw.terminal import printable

        cells = [[printable(c.replace("\n", " ")) for c in row] for row in self._human_cells(lang)]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        if width and self.columns:
            widths = _fit(widths, width - 2 * (len(self.columns) - 1), [len(c) for c in self.columns])

        def line(values: list[str]) -> str:
            return "  ".join(_cut(v, w).ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

        out = [line(self.columns), "  ".join("-" * w for w in widths)]
        out += [line(row) for row in cells]
        from functiegebouw.i18n import text

        n = len(self.rows)
        out.append(text("row", lang) if n == 1 else text("rows", lang, n=n))
        return "\n".join(out) + "\n"

    def _human_cells(self, lang: str | None) -> Iterator[list[str]]:
        """Cells as a person of the language reads them: decimals in its number format, and as
        money in a row whose ``valuta`` column says EUR (the salary queries); CSV, JSON and
        Markdown keep the data's own lexical form for programs."""
        from functiegebouw.i18n import money, number

        valuta = self.columns.index("valuta") if "valuta" in self.columns else None
        for row in self.rows:
            euro = valuta is not None and row[valuta] == "EUR"
            cells: list[str] = []
            for v in row:
                if _is_decimal(v) and v.is_finite():
                    exponent = v.normalize().as_tuple().exponent
                    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
                    cells.append(money(v, lang) if euro else number(v, decimals, lang))
                else:
                    cells.append("" if v is None else _cell(v))
            yield cells


def _too_many(limit: int) -> FgrError:
    from functiegebouw.errors import FgrError

    return FgrError("query", None, f"more than {limit:,} result rows; add a LIMIT, or raise the limit "
                                   f"with --max-rows (max_rows=)")


def _guard(rows: Iterator[Any], where: str) -> Iterator[Any]:
    try:
        yield from rows
    except ValueError as exc:
        from functiegebouw.errors import FgrError

        raise FgrError(where, None, f"the answer is not SPARQL results JSON ({exc})") from None


def _guard_store(solutions: Iterable[Any]) -> Iterator[Any]:
    try:
        yield from solutions
    except OSError as exc:
        from functiegebouw.errors import FgrError

        raise FgrError("query", None, f"query failed: {exc}") from None


def _identity(row: Iterable[JsonTerm | None]) -> list[JsonTerm | None]:
    return list(row)


def _json_value(row: Iterable[JsonTerm | None]) -> tuple[Value, ...]:
    return tuple(term_value(t) for t in row)


def _columns(data: Any) -> list[str]:
    head = data.get("head") if isinstance(data, dict) else None
    columns = head.get("vars") if isinstance(head, dict) else None
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise ValueError("no head.vars list of names")
    return columns


def _binding_row(binding: Any, columns: list[str]) -> tuple[JsonTerm | None, ...]:
    if not isinstance(binding, dict):
        raise ValueError("a binding that is not an object")
    return tuple(_json_term(binding[c]) if c in binding else None for c in columns)


def ask_answer(data: Any) -> bool:
    """The boolean of an ASK answer; another shape raises ValueError. Virtuoso 7 answers an ASK
    as a SELECT of ``__ASK_RETVAL`` instead of ``boolean``: one binding (1) for true, none for
    false; read that too."""
    value = data.get("boolean") if isinstance(data, dict) else None
    if isinstance(value, bool):
        return value
    try:
        if data["head"]["vars"] == ["__ASK_RETVAL"] and isinstance(data["results"]["bindings"], list):
            rows = data["results"]["bindings"]
            return bool(rows) and int(rows[0]["__ASK_RETVAL"]["value"]) != 0
    except (KeyError, TypeError, ValueError, IndexError):
        pass
    raise ValueError("no boolean")


# --------------------------------------------------------------------------- pyoxigraph terms

def _ox_classes() -> tuple[type, type, type]:
    import pyoxigraph as ox

    return ox.NamedNode, ox.BlankNode, ox.Literal


_CONVERT: dict[str, Callable[[str], Value]] = {}


def _is_decimal(value: object) -> bool:
    """isinstance(value, Decimal), without importing decimal where no value can be one yet."""
    import sys

    decimal = sys.modules.get("decimal")
    return decimal is not None and isinstance(value, decimal.Decimal)


def _first(datatype: str) -> Callable[[str], Value]:
    """The converter of ``datatype`` that imports its module (decimal, datetime) on its first
    literal and then puts the module's own function in its place: an answer without such a
    literal never imports them."""
    def convert(text: str) -> Value:
        real: Callable[[str], Value]
        if datatype == XSD + "decimal":  # one module per datatype: a date does not import decimal
            from decimal import Decimal

            real = Decimal
        else:
            import datetime as _dt

            real = _dt.date.fromisoformat if datatype == XSD + "date" else _dt.datetime.fromisoformat
        _CONVERT[datatype] = real
        return real(text)
    return convert


def _converters() -> dict[str, Callable[[str], Value]]:
    if not _CONVERT:
        for t in _INTEGER_TYPES:
            _CONVERT[t] = int
        _CONVERT[XSD + "double"] = _CONVERT[XSD + "float"] = float
        _CONVERT[XSD + "boolean"] = lambda v: {"true": True, "1": True, "false": False, "0": False}[v]
        for t in ("decimal", "date", "dateTime"):
            _CONVERT[XSD + t] = _first(XSD + t)
    return _CONVERT


def ox_value(term: Any) -> Value:
    """A pyoxigraph term as the Python value :func:`term_value` gives for its JSON form."""
    if term is None:
        return None
    named, blank, literal = _ox_classes()
    kind = type(term)
    if kind is named:
        return term.value
    if kind is literal:
        if term.language:
            return term.value
        convert = _converters().get(term.datatype.value)
        if convert is None:
            return term.value
        try:
            return convert(term.value)
        except (ValueError, KeyError, ArithmeticError):  # decimal.InvalidOperation is an ArithmeticError
            return term.value
    if kind is blank:
        return "_:" + term.value
    return term_value(oxigraph_term(term))


def _ox_row_value(solution: Iterable[Any]) -> tuple[Value, ...]:
    return tuple(map(ox_value, solution))


def _plain_decimal(text: str) -> str | None:
    """``text`` when ``str(Decimal(text)) == text`` can be told without decimal (a module of ~20 M
    instructions, more than many a query costs): digits with an optional ``-`` and fraction, no
    leading zero, not so small that ``str`` would write an exponent (``0.0000001`` is ``1E-7``);
    else None, and the caller asks Decimal."""
    whole, dot, frac = (text[1:] if text.startswith("-") else text).partition(".")
    if not (whole.isascii() and whole.isdigit()) or (len(whole) > 1 and whole[0] == "0"):
        return None
    if dot and not (frac.isascii() and frac.isdigit()):
        return None
    if dot and whole == "0" and len(frac) - len(frac.lstrip("0")) > 5:
        return None
    return text


_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _plain_date(text: str) -> str | None:
    """``text`` when ``str(date.fromisoformat(text)) == text`` can be told without datetime (whose
    Python module and math cost a query with a date column ~5 M instructions): ``YYYY-MM-DD`` of a
    real day; else None, and the caller asks datetime (which reads other ISO forms too)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    year, month, day = text[:4], text[5:7], text[8:]
    if not (year + month + day).isascii() or not (year + month + day).isdigit():
        return None
    y, m, d = int(year), int(month), int(day)
    if y < 1 or not 1 <= m <= 12 or not 1 <= d <= _DAYS[m - 1]:
        return None
    if m == 2 and d == 29 and not (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)):
        return None
    return text


def _ox_row_csv(solution: Iterable[Any]) -> list[str]:
    """A row of pyoxigraph terms as CSV cells, the same as ``_cell(ox_value(term))``: a plain decimal
    or date as its own text (no Decimal or date made and written back)."""
    cells = []
    literal: Any = _ox_classes()[2]  # Any: a type here would narrow the terms to object
    for term in solution:
        if term is None:
            cells.append("")
            continue
        if type(term) is literal and not term.language:
            datatype = term.datatype.value
            plain = (_plain_decimal(term.value) if datatype == _XSD_DECIMAL
                     else _plain_date(term.value) if datatype == _XSD_DATE else None)
            if plain is not None:
                cells.append(plain)
                continue
        value = ox_value(term)
        cells.append("" if value is None else _cell(value))
    return cells


_XSD_DECIMAL = XSD + "decimal"
_XSD_DATE = XSD + "date"


def _ox_row_term(solution: Iterable[Any]) -> list[JsonTerm | None]:
    return list(map(oxigraph_term, solution))


# --------------------------------------------------------------------------- streaming JSON

class _JsonStream:
    """Bytes chunks of one JSON document, decoded and parsed piece by piece."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        import codecs
        import json

        self.chunks = iter(chunks)
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.json = json.JSONDecoder()
        self.buf, self.pos, self.eof = "", 0, False

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = next(self.chunks, None)
        try:
            if chunk is None:
                self.eof = True
                text = self.decoder.decode(b"", final=True)
            else:
                text = self.decoder.decode(chunk)
        except UnicodeDecodeError:
            raise ValueError("not UTF-8 text") from None
        if self.pos > 1 << 20:
            self.buf, self.pos = self.buf[self.pos:], 0
        self.buf += text
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                if self.pos == 0 and self.buf[0] == "\ufeff":
                    self.pos = 1
                    continue
                return self.buf[self.pos]
            if not self.more():
                return ""

    def take(self, char: str) -> None:
        if self.peek() != char:
            raise ValueError(f"expected {char!r}")
        self.pos += 1

    def value(self) -> Any:
        import json  # imported by __init__: a look-up in sys.modules

        self.peek()
        while True:
            try:
                obj, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if self.more():
                    continue
                raise ValueError("truncated or invalid JSON") from None
            if end == len(self.buf) and not self.eof and not isinstance(obj, (dict, list, str)):
                if self.more():  # a number or word may go on in the next chunk
                    continue
            self.pos = end
            return obj

    def members(self) -> Iterator[str]:
        """The keys of the object that starts here; the caller reads each value."""
        self.take("{")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise ValueError("an object key that is not a string")
            self.take(":")
            yield key
            char = self.peek()
            self.pos += 1
            if char == "}":
                return
            if char != ",":
                raise ValueError("expected ',' or '}'")

    def items(self) -> Iterator[Any]:
        """Each element of the array that starts here."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            char = self.peek()
            self.pos += 1
            if char == "]":
                return
            if char != ",":
                raise ValueError("expected ',' or ']'")


def _walk_select(stream: _JsonStream) -> Iterator[Any]:
    """Yields the columns, then each row: the bindings are read as they arrive. A server that
    sends ``results`` before ``head`` has its bindings held until the head is known."""
    if stream.peek() != "{":
        raise ValueError("not a JSON object")
    columns, early, seen_results = None, None, False
    for key in stream.members():
        if key == "head":
            columns = _columns({"head": stream.value()})
            yield columns
        elif key == "results":
            if stream.peek() != "{":
                raise ValueError("results is not an object")
            seen_results = True
            for inner in stream.members():
                if inner != "bindings":
                    stream.value()
                    continue
                if stream.peek() != "[":
                    raise ValueError("results.bindings is not a list")
                if columns is None:
                    early = list(stream.items())
                    continue
                for binding in stream.items():
                    yield _binding_row(binding, columns)
        else:
            stream.value()
    if stream.peek() != "":
        raise ValueError("text after the JSON document")
    if columns is None:
        raise ValueError("no head.vars list of names")
    if not seen_results:
        raise ValueError("no results.bindings list")
    for binding in early or ():
        yield _binding_row(binding, columns)


# OWASP "CSV Injection": Excel, LibreOffice and Google Sheets run a cell that starts with one of these
# as a formula (=HYPERLINK("http://…?"&A1) sends other cells away); a leading ' makes it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# compiled by re (and cached) on first use: only CSV cells that start like a formula need it
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"


def spreadsheet_safe(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs: prefixed with ``'`` when it starts like a formula
    (``=``, ``+``, ``-``, ``@``, tab, CR); a plain number such as ``-5`` stays a number."""
    if text.startswith(_FORMULA_START):
        import re  # here: only a cell that starts like a formula needs it

        if not re.fullmatch(_NUMBER, text):
            return "'" + text
    return text


def _cell(value: Value) -> str:
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
    floor = [min(w, max(4, min(h, 12))) for w, h in zip(widths, headers, strict=True)]
    while sum(widths) > budget:
        i = max(range(len(widths)), key=lambda k: widths[k] - floor[k])
        if widths[i] <= floor[i]:
            break
        widths[i] -= 1
    return widths
