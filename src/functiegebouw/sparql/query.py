"""Named SPARQL queries (``queries/*.rq``) and safe parameter binding.

Header format: a block of ``#`` comment lines at the top of ``queries/NAME.rq``::

    # title: FUWASYS scores per characteristic across schalen
    # title@nl: FUWASYS-scores per kenmerk over de schalen
    # description: One row per schaal and kenmerk, with the difference to the
    #   schaal below. (Further "#   " lines continue the description.)
    # param: functiegroep (integer, optional) FGR id of the functiegroep, e.g. 527
    # param: competentie (literal, required) prefLabel of the competentie
    # param@nl: competentie naam van de competentie, bv. plannen en organiseren
    # example: functiegroep=527
    # example: competentie=plannen en organiseren

- ``title`` (one line) and ``description`` (continued by comment lines indented by two or more
  spaces after the ``#``). ``title`` is the English title; ``title@nl`` (and ``title@en``, which
  wins over ``title``) give the title in one language: ``fgr query --list`` shows the one of the
  output language (``NamedQuery.title_in``), ``title`` when the query has none in it.
- ``param: NAME (TYPE[, required|optional][, default=VALUE]) description``: binds the SPARQL
  variable ``?NAME``. TYPE is one of ``literal`` (an xsd:string; compare language-tagged text with
  ``STR()``), ``iri``, ``integer``, ``decimal``, ``double``, ``boolean``, ``date``. Optional is the
  default; an optional param that is not given is simply not bound.
- ``param@nl: NAME description`` (and ``param@en``, which wins over the ``param:`` line's): the
  description of a declared param in one language, shown by ``fgr query --list`` in the output
  language (``Param.description_in``); without one, the ``param:`` line's (English) description.
- ``example: NAME=VALUE`` (repeatable; repeat a name for several values): runnable default
  parameters; the tests run every query with them, embedded and remote.

Parameters are bound by one ``VALUES`` block for all of them, inserted right after the opening
brace of the outermost WHERE group, with each value serialised as an escaped RDF term; values are
never pasted into the query as raw text, and IRIs with characters that are illegal in IRIs are
refused. A list value binds several rows (``VALUES ?schaal { 6 7 }``; with several parameters,
``VALUES (?a ?b) { (1 6) (1 7) }``, every combination). The same bound text runs on the
embedded store and on any SPARQL 1.1 endpoint.
"""
from __future__ import annotations

import itertools
import os
import sys

from functiegebouw.errors import FgrError, Where
from functiegebouw.rdf import iris
from functiegebouw.records import cached, record

# typing, collections and pathlib only for annotations: not imported by every `fgr query` (pathlib brings
# urllib.parse, ipaddress and fnmatch, ~5 ms; collections ~7 M instructions; the query path handles its
# files as text) (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from collections import namedtuple
    from collections.abc import Callable, Iterator
    from pathlib import Path
    from typing import Any

XSD = iris.XSD
TYPES = ("literal", "iri", "integer", "decimal", "double", "boolean", "date")
# The checks below use string methods, not `re`: importing it (with enum) cost every `fgr query`
# process a fifth of what it costs (issue 28); tests/sparql/test_lexer.py holds them to the patterns.
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_ALNUM = _ASCII_LETTERS | frozenset("0123456789")
_VAR_ASCII = _ASCII_ALNUM | {"_"}
_PN_START_ASCII = _ASCII_LETTERS | {"_"}
# IRIREF of the SPARQL grammar: no <>"{}|^`\ and no control characters or space.
_IRI_BAD_CHARS = frozenset('<>"{}|^`\\' + "".join(map(chr, range(0x21))))
_SCHEME_CHARS = _ASCII_ALNUM | frozenset("+.-")


def _is_varname(name: str) -> bool:
    """Whether ``name`` matches ``[A-Za-z_][A-Za-z0-9_]*``: a variable's or parameter's name."""
    return bool(name) and name[0] in _PN_START_ASCII and all(ch in _VAR_ASCII for ch in name)


def _is_query_name(text: str) -> bool:
    """Whether ``text`` matches ``[A-Za-z0-9_-]+``: the name of a query in queries/."""
    return bool(text) and all(ch in _VAR_ASCII or ch == "-" for ch in text)


# a pattern, not compiled here: re compiles it (and caches it) the first time a language tag is bound
_LANG = r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*\Z"


def queries_dir() -> Path:
    """queries/ of the checkout, or the copy shipped inside the installed package."""
    from functiegebouw.resources import resource

    return resource("queries")


def _queries_folder(directory: str | os.PathLike[str] | None) -> str:
    """``directory``, else :func:`queries_dir`, as text."""
    if directory:
        from pathlib import Path

        return str(Path(directory))  # as Path(directory) / NAME.rq names it in messages
    from functiegebouw.resources import resource_path

    return resource_path("queries")


# Named tuples, not dataclasses: importing dataclasses (and inspect with it) cost every `fgr query`
# process more than its query does; made by records.record, which is collections.namedtuple without
# importing collections (mypy reads namedtuple's)
if TYPE_CHECKING:
    _ParamFields = namedtuple("_ParamFields", "name type required default description descriptions",
                              defaults=("literal", False, None, "", None))
    _QueryFields = namedtuple("_QueryFields", "name title description params text path examples titles",
                              defaults=(None, None, None))
else:
    _ParamFields = record("Param", "name type required default description descriptions",
                          defaults=("literal", False, None, "", None))
    _QueryFields = record("NamedQuery", "name title description params text path examples titles",
                          defaults=(None, None, None))


class Param(_ParamFields):
    """A ``# param:`` line: name, type, whether required, default value, description (English), and
    ``descriptions`` (language -> description, from ``# param@nl:`` lines)."""

    __slots__ = ()

    def description_in(self, lang: str | None = None) -> str:
        """The description in ``lang`` (default: the output language), else ``description``."""
        from functiegebouw.i18n import language

        text: str = (self.descriptions or {}).get(language(lang)) or self.description
        return text


class NamedQuery(_QueryFields):
    """A query and its header: ``params`` (list of Param), ``examples`` (name -> list of values),
    ``titles`` (language -> title, from ``# title@nl:`` lines)."""

    __slots__ = ()

    def __new__(cls, name: str, title: str, description: str, params: list[Param], text: str,
                path: str | os.PathLike[str] | None = None, examples: dict[str, list[str]] | None = None,
                titles: dict[str, str] | None = None) -> NamedQuery:
        return super().__new__(cls, name, title, description, params, text, None if path is None else os.fspath(path),
                               {} if examples is None else examples, {} if titles is None else titles)

    @property
    def file(self) -> str | None:
        """The query file as text (None: SPARQL text given inline)."""
        name: str | None = tuple.__getitem__(self, 5)
        return name

    @property  # the field holds the text; a Path is made when asked for
    def path(self) -> Path | None:
        """The query file (None: SPARQL text given inline)."""
        if self.file is None:
            return None
        from pathlib import Path

        return Path(self.file)

    def title_in(self, lang: str | None = None) -> str:
        """The title in ``lang`` (default: the output language, Dutch unless ``--lang en``), else ``title``."""
        from functiegebouw.i18n import language

        title: str = self.titles.get(language(lang)) or self.title  # the namedtuple's fields are untyped
        return title

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def example_params(self) -> dict[str, str | list[str]]:
        """The ``# example:`` values as parameters: one value as itself, several as a list."""
        return {k: (v[0] if len(v) == 1 else list(v)) for k, v in self.examples.items()}


# --------------------------------------------------------------------------- header parsing

def _param_parts(line: str) -> tuple[str, str | None, str] | None:
    """(name, spec in parentheses or None, rest) of ``param: NAME (SPEC) rest``, as the pattern
    ``param:\\s*([^\\s(]+)\\s*(?:\\(([^)]*)\\))?\\s*(.*)\\Z`` reads a header line; None if it is no such line."""
    if not line.startswith("param:"):
        return None
    rest = line[len("param:"):].lstrip()
    end = 0
    while end < len(rest) and not rest[end].isspace() and rest[end] != "(":
        end += 1
    if end == 0:
        return None
    name, rest = rest[:end], rest[end:].lstrip()
    spec = None
    if rest.startswith("(") and ")" in rest:
        close = rest.index(")")
        spec, rest = rest[1:close], rest[close + 1:].lstrip()
    if "\n" in rest:  # `.` stops at a line feed
        return None
    return name, spec, rest


@cached(maxsize=512)
def parse_header(text: str, *, name: str = "query", path: str | os.PathLike[str] | None = None) -> NamedQuery:
    """Read the comment header of a query file (see the module docstring). Cached: a notebook
    or a server runs the same query text again and again."""
    title = ""
    description: list[str] = []
    params: list[Param] = []
    examples: dict[str, list[str]] = {}
    titles: dict[str, str] = {}
    described: dict[str, dict[str, tuple[str, int]]] = {}  # param -> language -> (description, line)
    last = None
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        body = line[1:]
        stripped = body.strip()
        if last == "description" and body.startswith("  ") and stripped:
            description.append(stripped)
            continue
        last = None
        key, sep, value = stripped.partition(":")
        key = key.strip().lower()
        if sep and key.startswith("title@"):
            titles[key[len("title@"):]] = value.strip()
            continue
        if sep and key.startswith("param@"):
            _param_in(key[len("param@"):], value.strip(), described, path or name, lineno)
            continue
        if not sep or key not in ("title", "description", "param", "example"):
            continue
        value = value.strip()
        if key == "title":
            title = value
        elif key == "description":
            description, last = [value] if value else [], "description"
        elif key == "param":
            params.append(_parse_param(stripped, path or name, lineno))
        else:
            pname, eq, pvalue = value.partition("=")
            if not eq or not _is_varname(pname.strip()):
                raise FgrError(path or name, lineno, f"expected 'example: NAME=VALUE', got {value!r}")
            examples.setdefault(pname.strip(), []).append(pvalue.strip())
    names = [p.name for p in params]
    for pname in examples:
        if pname not in names:
            raise FgrError(path or name, None, f"example for undeclared param {pname!r}")
    for pname, by_lang in described.items():
        if pname not in names:
            lineno = min(line for _, line in by_lang.values())
            raise FgrError(path or name, lineno, f"description for undeclared param {pname!r} "
                                                 f"(declare it first: 'param: {pname} (TYPE) description')")
    if described:
        params = [_described(p, described.get(p.name)) for p in params]
    title = titles.get("en") or title or next(iter(titles.values()), "")
    return NamedQuery(name, title or name, " ".join(description), params, text, path, examples, titles)


def _param_in(lang: str, value: str, described: dict[str, dict[str, tuple[str, int]]], where: Where,
              lineno: int) -> None:
    """A ``param@LANG: NAME description`` line, into ``described``."""
    from functiegebouw.i18n import LANGUAGES

    if lang not in LANGUAGES:
        raise FgrError(where, lineno, f"unknown language {lang!r} in 'param@{lang}:' (known: {', '.join(LANGUAGES)})")
    pname, desc = (value.split(None, 1) + ["", ""])[:2]
    if not _is_varname(pname) or not desc.strip():
        raise FgrError(where, lineno, f"expected 'param@{lang}: NAME description', got {value!r}")
    given = described.setdefault(pname, {})
    if lang in given:
        raise FgrError(where, lineno, f"second 'param@{lang}:' for param {pname!r} (the first is on line {given[lang][1]})")
    given[lang] = (desc.strip(), lineno)


def _described(param: Param, by_lang: dict[str, tuple[str, int]] | None) -> Param:
    """``param`` with its descriptions per language; ``param@en`` wins over the ``param:`` line's, as
    ``title@en`` over ``title``."""
    if not by_lang:
        return param
    descriptions = {lang: desc for lang, (desc, _) in by_lang.items()}
    english = descriptions.get("en") or param.description or next(iter(descriptions.values()))
    return param._replace(description=english, descriptions=descriptions)


def _parse_param(line: str, where: Where, lineno: int) -> Param:
    parts = _param_parts(line)
    if not parts or not _is_varname(parts[0]):
        raise FgrError(where, lineno, "expected 'param: NAME (TYPE, required|optional) description'")
    name, spec, desc = parts[0], parts[1] or "", parts[2].strip()
    ptype, required, default = "literal", False, None
    for i, part in enumerate(p.strip() for p in spec.split(",") if p.strip()):
        low = part.lower()
        if low in ("required", "optional"):
            required = low == "required"
        elif low.startswith("default="):
            default = part.split("=", 1)[1].strip()
        elif i == 0 and low in TYPES:
            ptype = low
        else:
            raise FgrError(where, lineno, f"param {name}: unknown option {part!r} (types: {', '.join(TYPES)})")
    return Param(name, ptype, required, default, desc)


def catalogue(directory: str | Path | None = None) -> list[NamedQuery]:
    """All named queries in ``queries/`` (sorted by name)."""
    folder = Path(directory) if directory else queries_dir()
    out = []
    for path in sorted(folder.glob("*.rq")):
        out.append(parse_header(path.read_text(encoding="utf-8"), name=path.stem, path=path))
    return out


def _is_file(text: str) -> bool:
    try:
        return len(text) < 4096 and os.path.isfile(text)
    except (OSError, ValueError):
        return False


_FILES: dict[str, tuple[int, int, NamedQuery]] = {}


def _named_file(path: str, name: str) -> NamedQuery | None:
    """The parsed query file, read again only when its size or mtime changed (one stat a call)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    cached = _FILES.get(path)
    if cached and cached[:2] == (st.st_size, st.st_mtime_ns):
        return cached[2]
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    query = parse_header(text, name=name, path=path)
    _FILES[path] = (st.st_size, st.st_mtime_ns, query)
    return query


def _did_you_mean(name: str, folder: str) -> str:
    """"; did you mean …" with the closest query names, else the list of all of them."""
    import difflib
    from pathlib import Path

    names = sorted(p.stem for p in Path(folder).glob("*.rq")) if os.path.isdir(folder) else []
    if not names:
        return ""
    close = difflib.get_close_matches(name.lower(), names, n=3, cutoff=0.5)
    if close:
        return f"; did you mean {' or '.join(close)}? (fgr query --list shows all {len(names)})"
    return f"; known: {', '.join(names)}"


def resolve(query: str | Path, directory: str | Path | None = None) -> NamedQuery:
    """A named query (file stem in queries/), a path to a .rq file, or SPARQL text."""
    if isinstance(query, NamedQuery):
        return query
    text = str(query)
    folder = _queries_folder(directory)  # text, not a Path: see the imports
    if _is_query_name(text):
        candidate = os.path.join(folder, f"{text}.rq")
        named = _named_file(candidate, text)
        if named is not None:
            return named
        if not _is_file(text):
            raise FgrError("query", None, f"no query named {text!r}" + _did_you_mean(text, folder))
    if not any(ch.isspace() or ch == "{" for ch in text) or _is_file(text):
        from pathlib import Path

        path = Path(text)
        if not path.is_file():
            raise FgrError(path, None, "no such query file")
        try:
            body = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise FgrError(path, None, f"not UTF-8 text ({exc.reason})") from None
        return parse_header(body, name=path.stem, path=path)
    return parse_header(text, name="query")


# --------------------------------------------------------------------------- terms

def _escape_string(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FgrError("param", None, "value is not valid Unicode text") from None
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def iri_term(value: str) -> str:
    """``<value>``, refusing anything that is not a legal absolute IRI."""
    value = str(value)
    bad = next((ch for ch in value if ch in _IRI_BAD_CHARS), None)
    if bad is not None:
        raise FgrError("param", None, f"not a valid IRI (contains {bad!r}): {value[:80]!r}")
    colon = value.find(":")
    if colon < 1 or value[0] not in _ASCII_LETTERS or not all(ch in _SCHEME_CHARS for ch in value[1:colon]):
        raise FgrError("param", None, f"not an absolute IRI (no scheme): {value[:80]!r}")
    return f"<{value}>"


def _typed(lexical: str, datatype: str) -> str:
    return f"{_escape_string(lexical)}^^{iri_term(datatype)}"


def to_term(value: Any, ptype: str | None = None, *, name: str = "value") -> str:  # a Python value or a term
    """Serialise a Python value as a SPARQL term of the declared type (or one guessed from it)."""
    # rdflib and pyoxigraph terms carry their own type.
    cls = type(value).__name__
    if cls in ("URIRef", "NamedNode"):
        return iri_term(getattr(value, "value", value))
    if cls == "Literal":
        # rdflib's Literal is a str (its .value is the Python value); pyoxigraph's has .value.
        lexical = str(value) if isinstance(value, str) else str(value.value)
        if ptype in (None, "literal"):
            lang = getattr(value, "language", None)
            if lang:
                import re  # here: a language-tagged value is rare, and re costs every process

                if not re.match(_LANG, lang):
                    raise FgrError(f"param {name}", None, f"bad language tag {lang!r}")
                return f"{_escape_string(lexical)}@{lang}"
            datatype = getattr(value, "datatype", None)
            dt = str(getattr(datatype, "value", datatype) or "")
            if dt and dt != XSD + "string":
                return _typed(lexical, dt)
            return _escape_string(lexical)
        value = lexical
    if ptype is None:
        if isinstance(value, bool):
            ptype = "boolean"
        elif isinstance(value, int):
            ptype = "integer"
        elif isinstance(value, float):
            ptype = "double"
        elif _instance(value, "decimal", "Decimal"):
            ptype = "decimal"
        elif _instance(value, "datetime", "date") and not _instance(value, "datetime", "datetime"):
            ptype = "date"
        else:
            ptype = "literal"
    try:
        if ptype == "literal":
            return _escape_string(str(value))
        if ptype == "iri":
            return iri_term(str(value))
        if ptype == "integer":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            number = int(value) if not isinstance(value, str) else int(value.strip())
            return _typed(str(number), XSD + "integer")
        if ptype == "decimal":
            from decimal import Decimal, InvalidOperation

            try:
                amount = Decimal(str(value).strip())
            except InvalidOperation:
                raise ValueError from None
            # 1e999999999 is finite, but written out it is a billion digits
            if not amount.is_finite() or not -DECIMAL_DIGITS <= amount.adjusted() <= DECIMAL_DIGITS:
                raise ValueError
            return _typed(format(amount, "f"), XSD + "decimal")
        if ptype == "double":
            real = float(value)
            lexical = "NaN" if real != real else ("INF" if real == float("inf") else
                                                  "-INF" if real == float("-inf") else repr(real))
            return _typed(lexical, XSD + "double")
        if ptype == "boolean":
            if isinstance(value, bool):
                flag = value
            elif str(value).strip().lower() in ("true", "1", "yes"):
                flag = True
            elif str(value).strip().lower() in ("false", "0", "no"):
                flag = False
            else:
                raise ValueError
            return _typed("true" if flag else "false", XSD + "boolean")
        if ptype == "date":
            import datetime as _dt

            day = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value).strip())
            return _typed(day.isoformat(), XSD + "date")
    except (ValueError, TypeError, OverflowError):
        extra = f" (at most {DECIMAL_DIGITS} digits)" if ptype == "decimal" else ""
        raise FgrError(f"param {name}", None, f"{str(value)[:60]!r} is not a valid {ptype}{extra}") from None
    raise FgrError(f"param {name}", None, f"unknown type {ptype!r} (types: {', '.join(TYPES)})")


# --------------------------------------------------------------------------- lexing

# "Any character from U+00B7 (or U+00C0) to U+FFFF" is the SPARQL grammar's PN_CHARS range read here.
def _var_char(ch: str) -> bool:
    return ch in _VAR_ASCII or 0xB7 <= ord(ch) <= 0xFFFF


_LOCAL_ASCII = _VAR_ASCII | frozenset("-.:%")  # ASCII characters _local_char accepts


def _local_char(ch: str) -> bool:
    """``[\\w\\-.:%]`` or U+00B7..U+FFFF: a character of a prefixed name's local part."""
    return ch.isalnum() or ch in "_-.:%" or 0xB7 <= ord(ch) <= 0xFFFF


def _string_end(text: str, pos: int) -> int:
    """The end of the string literal that starts at ``pos`` (a quote), or -1 when none does."""
    quote = text[pos]
    n = len(text)
    if text.startswith(quote * 3, pos):  # '''…''' or """…""": any character, escapes, lone quotes
        i = pos + 3
        while i < n:
            ch = text[i]
            if ch == "\\":
                if i + 1 >= n:
                    break
                i += 2
            elif ch == quote:
                if text.startswith(quote * 3, i):
                    return i + 3
                i += 1
            else:
                i += 1
    i = pos + 1  # '…' or "…": no line end, escapes
    while i < n:
        ch = text[i]
        if ch == quote:
            return i + 1
        if ch == "\\":
            if i + 1 >= n:
                return -1
            i += 2
        elif ch == "\n" or ch == "\r":
            return -1
        else:
            i += 1
    return -1


def tokens(text: str) -> Iterator[tuple[str | None, str, int]]:
    """(kind, text, start) of every token outside comments, strings and IRIs (a SPARQL lexer): kind
    ``string``, ``iri``, ``var``, ``pname``, ``word`` or ``other`` (one character). Written with
    string methods, not `re`: importing `re` (with enum) and compiling a pattern cost every
    `fgr query` process more than its query (issue 28); tests/sparql/test_lexer.py holds it to the
    regular expression it replaces."""
    n = len(text)
    pos = 0
    while pos < n:
        ch = text[pos]
        end = pos + 1
        if ch.isspace():
            while end < n and text[end].isspace():
                end += 1
            pos = end
            continue
        if ch == "#":
            end = text.find("\n", pos)
            pos = n if end < 0 else end
            continue
        kind = "other"
        if ch == "'" or ch == '"':
            string_end = _string_end(text, pos)
            if string_end > 0:
                kind, end = "string", string_end
        elif ch == "<":
            while end < n and text[end] not in _IRI_BAD_CHARS:
                end += 1
            if end < n and text[end] == ">":
                kind, end = "iri", end + 1
            else:
                end = pos + 1
        elif ch == "?" or ch == "$":
            while end < n and (text[end] in _VAR_ASCII or _var_char(text[end])):  # the set first: no call
                end += 1
            if end > pos + 1:
                kind = "var"
        elif ch == ":":
            kind, end = "pname", _local_end(text, end)
        elif ch in _PN_START_ASCII or 0xC0 <= ord(ch) <= 0xFFFF:
            while end < n and (text[end].isalnum() or text[end] in "_-."):
                end += 1
            if end < n and text[end] == ":":
                kind, end = "pname", _local_end(text, end + 1)
            elif ch in _PN_START_ASCII:
                end = pos + 1
                while end < n and text[end] in _VAR_ASCII:
                    end += 1
                kind = "word"
            else:
                end = pos + 1
        yield kind, text[pos:end], pos
        pos = end


def _local_end(text: str, pos: int) -> int:
    """The end of a prefixed name's local part that starts at ``pos``."""
    n = len(text)
    while pos < n:
        ch = text[pos]
        if ch == "\\":
            if pos + 1 >= n:
                break
            pos += 2
        elif ch in _LOCAL_ASCII or _local_char(ch):  # the set first: no call for the usual characters
            pos += 1
        else:
            break
    return pos


QUERY_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@cached(maxsize=256)
def query_form(text: str) -> str | None:
    """SELECT/CONSTRUCT/DESCRIBE/ASK, 'UPDATE', or None: the first keyword after the prologue."""
    for kind, tok, _ in tokens(text):
        if kind == "word":
            upper = tok.upper()
            if upper in ("PREFIX", "BASE"):
                continue
            if upper in QUERY_FORMS:
                return upper
            if upper in UPDATE_WORDS:
                return "UPDATE"
            return None
    return None


@cached(maxsize=16)
def token_list(text: str) -> tuple[tuple[str | None, str, int], ...]:
    """Every token of ``text``, lexed once for the scans that bind parameters (the variables, the
    WHERE group, the sub-selects: each lexed the whole query, 4 passes over a 5 kB query)."""
    return tuple(tokens(text))


# The scans below read the whole query; a notebook runs the same named query text again and again.
@cached(maxsize=256)
def variables_used(text: str) -> frozenset[str]:
    return frozenset(tok[1:] for kind, tok, _ in token_list(text) if kind == "var")


@cached(maxsize=256)
def _where_group(text: str) -> tuple[int, int, bool]:
    """Offsets of the outer WHERE group's braces, and whether it is directly a sub-SELECT."""
    form, seen_where = None, False
    depth = parens = 0
    open_at = None
    toks = token_list(text)
    for i, (kind, tok, start) in enumerate(toks):
        if kind == "word" and depth == 0 and parens == 0:
            upper = tok.upper()
            if form is None and upper in QUERY_FORMS:
                form = upper
            elif upper == "WHERE":
                seen_where = True
        elif kind == "other":
            if tok == "(":
                parens += 1
            elif tok == ")":
                parens -= 1
            elif tok == "{":
                if depth == 0 and parens == 0 and open_at is None and form and (form != "CONSTRUCT" or seen_where):
                    open_at = i
                depth += 1
            elif tok == "}":
                depth -= 1
                if depth == 0 and open_at is not None:
                    nxt = toks[open_at + 1] if open_at + 1 < len(toks) else None
                    subselect = bool(nxt and nxt[0] == "word" and nxt[1].upper() == "SELECT")
                    return toks[open_at][2], start, subselect
    if form is None:
        raise FgrError("query", None, "not a SPARQL query (expected SELECT, CONSTRUCT, DESCRIBE or ASK)")
    raise FgrError("query", None, "the query has no WHERE group to bind parameters in")


#: a decimal parameter has at most this many digits before or after the point
DECIMAL_DIGITS = 1000
# every combination is a row of the VALUES block: bound it, so two long lists cannot make it explode
MAX_COMBINATIONS = 10_000


def _values_block(values: dict[str, list[str]]) -> str:
    """One ``VALUES`` block for all parameters (every combination of the values, so the same
    rows as one block per parameter). One block, not one per parameter, because Oxigraph starts
    from the smallest part of a join and substitutes only what that part binds: with separate
    blocks it started from one of them and joined the others at the end, after running the rest
    of the query unrestricted."""
    names = list(values)
    combinations = 1  # math.prod without importing math (a shared library) on every query's path
    for n in names:
        combinations *= len(values[n])
    if combinations > MAX_COMBINATIONS:
        raise FgrError("param", None, f"{combinations:,} combinations of parameter values; at most "
                                      f"{MAX_COMBINATIONS:,} (give shorter lists, or run the query per value)")
    if len(names) == 1:
        return f"VALUES ?{names[0]} {{ {' '.join(values[names[0]])} }}"
    rows = " ".join("(" + " ".join(row) + ")" for row in itertools.product(*(values[n] for n in names)))
    return f"VALUES ({' '.join('?' + n for n in names)}) {{ {rows} }}"


@cached(maxsize=256)
def _subselects(text: str) -> tuple[tuple[int, frozenset[str] | None], ...]:
    """(offset of the opening brace of its WHERE group, the variables it projects as they are, or
    None for ``*``) of every sub-select of a query; an ``(expr AS ?x)`` does not count as ?x."""
    toks = token_list(text)
    out = []
    first = True
    for i, (kind, tok, _) in enumerate(toks):
        if kind != "word" or tok.upper() != "SELECT":
            continue
        if first:  # the query itself
            first = False
            continue
        names: set[str] | None = set()
        depth = 0
        for kind2, tok2, start2 in toks[i + 1:]:
            if kind2 == "other" and tok2 == "(":
                depth += 1
            elif kind2 == "other" and tok2 == ")":
                depth -= 1
            elif kind2 == "other" and tok2 == "*" and depth == 0:
                names = None
            elif kind2 == "var" and depth == 0 and names is not None:
                names.add(tok2[1:])
            elif kind2 == "other" and tok2 == "{":
                out.append((start2, None if names is None else frozenset(names)))
                break
    return tuple(out)


@cached(maxsize=256)
def _single_group(text: str, open_at: int, close_at: int) -> tuple[int, int] | None:
    """(start, end) of the content of ``{ SELECT … }`` when that group is all there is between the
    braces at ``open_at`` and ``close_at`` (tokens of ``text``); else None."""
    # the tokens between the two braces: lexing text[open_at + 1:close_at] cuts it the same way, as
    # both braces are tokens (no string, IRI or comment runs over them)
    toks = [t for t in token_list(text) if open_at < t[2] < close_at]
    if len(toks) < 3 or toks[0][1] != "{" or toks[1][0] != "word" or toks[1][1].upper() != "SELECT":
        return None
    depth = 0
    for i, (kind, tok, start) in enumerate(toks):
        if kind == "other" and tok == "{":
            depth += 1
        elif kind == "other" and tok == "}":
            depth -= 1
            if depth == 0:
                if i != len(toks) - 1:
                    return None
                return toks[0][2] + 1, start
    return None


def bind(text: str, values: dict[str, list[str]]) -> str:
    """Insert a ``VALUES`` block for ``values`` (terms already serialised) into the WHERE group,
    and into the WHERE group of every sub-select that projects all the parameters as they are.

    Oxigraph evaluates a sub-select on its own, before joining it: a block only outside it would
    restrict the answer after the sub-select had run over the whole store. Inside, it restricts
    the sub-select's input to the same values, which gives the same rows: a projected variable
    joins the sub-select's rows with the rest of the query, and a group key is fixed per group.
    The blocks go on the line of the brace, so that line numbers in error messages still match.
    """
    if not values:
        return text
    for name in values:
        if not _is_varname(name):
            raise FgrError("param", None, f"bad parameter name {name!r} (letters, digits and _ only)")
    block = _values_block(values)
    open_at, close_at, subselect = _where_group(text)
    names = set(values)
    inner = [at for at, projected in _subselects(text) if projected is None or names <= projected]
    covered = subselect or _single_group(text, open_at, close_at) is not None
    if inner and covered and _first_subselect_is_the_group(text, open_at, inner):
        # WHERE { SELECT … } or WHERE { { SELECT … } }: the block inside it is enough
        out = text
        for at in sorted(inner, reverse=True):
            out = out[:at + 1] + f" {block} " + out[at + 1:]
        return out
    if subselect:
        out = text[:open_at + 1] + f" {block} {{" + text[open_at + 1:close_at] + "} " + text[close_at:]
        shift = len(f" {block} {{")
        inner = [at + shift for at in inner]
    else:
        out = text[:open_at + 1] + f" {block} " + text[open_at + 1:]
        shift = len(f" {block} ")
        inner = [at + shift if at > open_at else at for at in inner]
    for at in sorted(inner, reverse=True):
        out = out[:at + 1] + f" {block} " + out[at + 1:]
    return out


def _first_subselect_is_the_group(text: str, open_at: int, inner: list[int]) -> bool:
    """Whether the first sub-select's WHERE group is the one a single-sub-select WHERE holds."""
    subs = _subselects(text)
    return bool(subs) and subs[0][0] in inner


def _instance(value: object, module: str, name: str) -> bool:
    """``isinstance(value, module.name)`` without importing ``module`` (decimal, datetime: a few ms
    of every `fgr query`): no value is of its class before something imported it."""
    loaded = sys.modules.get(module)
    return loaded is not None and isinstance(value, getattr(loaded, name))


@cached(maxsize=1)
def _lexical() -> list[tuple[re.Pattern[str], Callable[[str], object]]]:
    """The forms :func:`from_lexical` recognises, made on first use (decimal and datetime with them)."""
    import datetime as _dt
    import re
    from decimal import Decimal

    return [(re.compile(r"[+-]?\d+\Z"), int), (re.compile(r"[+-]?\d*\.\d+\Z"), Decimal),
            (re.compile(r"(?i)(true|false)\Z"), lambda v: v.lower() == "true"),
            (re.compile(r"\d{4}-\d{2}-\d{2}\Z"), _dt.date.fromisoformat)]


def from_lexical(text: str) -> object:
    """The value a parameter written on a command line stands for, when no header declares its type:
    ``6`` an integer, ``6.5`` a decimal, ``true`` a boolean, ``2024-01-01`` a date, ``<https://…>`` an
    IRI, ``"6"`` (quoted) and anything else a string."""
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    if len(text) >= 2 and text[0] == "<" and text[-1] == ">":
        from rdflib import URIRef

        return URIRef.__new__(URIRef, text[1:-1])  # checked by iri_term when bound
    for pattern, convert in _lexical():
        if pattern.match(text):
            try:
                return convert(text)
            except ValueError:  # 2024-13-01: not a date after all
                return text
    return text


def prepare(query: str | Path, params: dict[str, Any] | None = None, directory: str | Path | None = None, *,
            lexical: bool = False) -> tuple[NamedQuery, str]:
    """Resolve a query and bind its parameters; returns (query, SPARQL text to run).

    ``lexical``: the values are text typed by a person (``fgr query -p``, ``%sparql``); a parameter
    the query's header does not declare is then typed from its lexical form (:func:`from_lexical`).
    """
    nq = resolve(query, directory)
    params = dict(params or {})
    declared = {p.name: p for p in nq.params}
    if declared:
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise FgrError(nq.file or nq.name, None,
                           f"unknown parameter {unknown[0]!r}; {nq.name} takes: {', '.join(declared)}")
        for p in nq.params:
            if p.name not in params and p.default is not None:
                params[p.name] = p.default
            if p.required and params.get(p.name) in (None, [], ()):
                raise FgrError(nq.file or nq.name, None, f"parameter {p.name!r} is required ({p.description or p.type})")
    used = variables_used(nq.text)
    bound: dict[str, list[str]] = {}
    for name, value in params.items():
        if value is None:
            continue
        if not _is_varname(str(name)):
            raise FgrError("param", None, f"bad parameter name {name!r} (letters, digits and _ only)")
        if name not in used:
            raise FgrError(nq.file or nq.name, None, f"parameter {name!r} is not a variable of the query")
        ptype = declared[name].type if name in declared else None
        items = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
        if lexical and ptype is None:
            items = [from_lexical(v) if isinstance(v, str) else v for v in items]
        if not items:
            continue
        bound[name] = [to_term(v, ptype, name=name) for v in items]
    return nq, bind(nq.text, bound)
