"""What every backend offers (embedded store, remote endpoint), and the refusal of SPARQL UPDATE."""
from __future__ import annotations

import _thread
import os

# collections.abc's own source, which os loaded at start-up: `collections.abc` would import the
# collections package (~7 M instructions of every `fgr query`) for this one name
from _collections_abc import Iterable

from functiegebouw.errors import FgrError, Where
from functiegebouw.sparql.query import prepare

# typing and pathlib only for annotations: not imported by every `fgr query` (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from pathlib import Path
    from typing import Any, Self

# a data folder or file, several, or None for the project's data/ (connect.open, EmbeddedStore)
Data = str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None


class Store:
    """What every backend offers: ``query`` (named query, .rq path or SPARQL text)."""

    backend = "store"

    # Any: a Result for SELECT, a bool for ASK, an rdflib Graph for CONSTRUCT; the caller knows which it sent
    def query(self, query: str | Path, params: dict[str, Any] | None = None, *, allow_update: bool = False,
              lexical: bool = False, allow_empty: bool = False) -> Any:
        """Run a query. SELECT → :class:`Result`; ASK → bool; CONSTRUCT/DESCRIBE → rdflib Graph.

        SPARQL UPDATE is refused unless ``allow_update`` (then returns None). ``lexical``: the
        parameter values are text as a person typed it; undeclared ones are typed from their form
        (``"6"`` → 6; see :func:`functiegebouw.sparql.query.from_lexical`).

        A SELECT with no rows (or any SELECT whose header has a ``# values:`` line) whose parameter
        values name nothing in the graph (functiegroep 999) raises
        :class:`functiegebouw.sparql.empty.NoMatch` with the nearest values, unless ``allow_empty``:
        an empty answer then says "no such value", not "nothing found".
        """
        named, text = prepare(query, params, lexical=lexical)
        answer = self._run(text, allow_update=allow_update, where=named.file or named.name)
        if not allow_empty and params and getattr(answer, "columns", None) is not None:
            # a query that says where its values live (# values:) is checked even with rows: one that
            # also lists the catalogue's groups without a profile is never empty, however wrong the value
            if not answer.is_empty() and "values:" not in named.text:
                return answer  # before importing sparql.empty (difflib, decimal): the usual case
            from functiegebouw.sparql.empty import NoMatch, unmatched, values_patterns

            if not answer.is_empty() and not values_patterns(named.text):
                return answer

            # only the declared parameters: an undeclared one may be any value the caller chose
            declared = {p.name for p in named.params}
            missing = unmatched(self, named.text, {k: v for k, v in params.items() if k in declared})
            if missing:
                raise NoMatch(named.file or named.name, missing)
        return answer

    def unused_terms(self, query: str | Path) -> list[tuple[str, str]]:
        """(kind, IRI) of the predicates ("predicate") and classes ("class") of a query that no
        triple of the graph uses: the usual reason for an empty answer of one's own query."""
        from functiegebouw.sparql.empty import unused_terms
        from functiegebouw.sparql.query import resolve

        return unused_terms(self, resolve(query).text)  # the text as written: no parameters needed

    def _run(self, text: str, *, allow_update: bool, where: Where) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_update(text: str) -> bool:
    """True if ``text`` parses as a SPARQL 1.1 Update (rdflib's parser: a real parse, no execution).

    A text whose first keyword after the prologue is SELECT, CONSTRUCT, DESCRIBE or ASK (found by
    the lexer, which skips comments, strings and IRIs) is a query and cannot be an update: it is
    answered without importing rdflib (~0.2 s). Only other texts are parsed.
    """
    from functiegebouw.sparql.query import QUERY_FORMS, query_form

    if query_form(text) in QUERY_FORMS:
        return False
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parsed = parseUpdate(text)
    except (ParseException, Exception):
        return False
    return bool(parsed.get("request"))


def refuse_update() -> FgrError:
    return FgrError("query", None, "this is a SPARQL UPDATE; queries are read-only unless you pass "
                                "--allow-update (allow_update=True)")


# --------------------------------------------------------------------------- the SERVICE guard
#
# A SERVICE clause (or an update's LOAD) makes the engine fetch a URL named in the query: any host,
# any port this machine reaches. The guard decides on the parse tree of the text the engine is
# given, never on a look-alike scan: ``guard`` returns the text to run, with SPARQL's \u escapes
# processed as the grammar says an engine does before parsing (Oxigraph does not; rdflib does:
# sending the processed text makes both read the same), and refuses what it cannot parse.

# a \u escape not itself escaped: an even number of backslashes (pairs, ``\\``) before it
# patterns compiled by re (and cached) on first use: only a text with a backslash needs them
_ESCAPE = r"(?<!\\)((?:\\\\)*)\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))"
_ANY_ESCAPE = r"\\[uU][0-9A-Fa-f]"
_REFUSE_SERVICE = ("SERVICE is refused: it would make the store send a query to another endpoint; "
                   "pass --allow-service (allow_service=True) if you mean it")
_REFUSE_LOAD = ("LOAD is refused: it would make the store fetch a URL; it runs only with --allow-update and "
                "--allow-service (allow_update=True, allow_service=True)")


class QueryRefused(FgrError):
    """The guard refused a query: ``status`` is the HTTP status ``fgr serve`` answers with
    (403 for SERVICE/LOAD, 400 for a text it cannot parse)."""

    def __init__(self, path: Where, line: int | None, message: str, status: int = 403) -> None:
        super().__init__(path, line, message)
        self.status = status

    def __reduce__(self) -> tuple[type[FgrError], tuple[object, ...]]:
        return (type(self), (self.path, self.line, self.message, self.status))


def unescape(text: str, where: Where = "query") -> str:
    """``text`` with SPARQL's ``\\uXXXX``/``\\UXXXXXXXX`` escapes replaced by their characters, as
    the SPARQL grammar says (section 19.2: before parsing, wherever they are), except after an
    escaped backslash (``"C:\\\\u0041"`` keeps its text). Refused when the result still holds
    such an escape (``\\u005Cu0053``): an engine that unescapes once more would read another text
    than the one checked."""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(2) or m.group(3), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryRefused(where, text.count("\n", 0, m.start()) + 1,
                               f"{m.group()[len(m.group(1)):]} is not a Unicode character", 400)
        return str(m.group(1)) + chr(code)

    if "\\" not in text:
        return text
    import re  # here: only a text with a backslash needs it, and re (with enum) costs every `fgr query`

    out = re.sub(_ESCAPE, char, text)
    left = re.search(_ESCAPE, out)
    if left:
        raise QueryRefused(where, out.count("\n", 0, left.start()) + 1,
                           "a \\u escape spells another escape; write the character itself", 400)
    return out


def _parse_tree(text: str, where: Where) -> Any:
    """rdflib's parse of ``text`` as a query, else as an update; QueryRefused(400) if neither.

    rdflib ends a ``#`` comment at a line feed only, Oxigraph (and the SPARQL grammar's own
    definition of a line end) at a carriage return too; a CR is allowed nowhere but in white
    space, comments and long literals, so parsing with every CR as LF gives the token structure
    the engine sees."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    import re

    if re.search(_ANY_ESCAPE, text):  # after an escaped backslash: rdflib would expand it, the engine not
        raise QueryRefused(where, None, "a \\u sequence after a backslash cannot be checked for SERVICE; "
                                        "write the character itself", 400)
    checked = _lines(text)
    try:
        return parseQuery(checked)
    except ParseBaseException as exc:
        first = exc
    except Exception:  # noqa: BLE001 - rdflib raises other errors on odd texts (bad prefixes, code points)
        first = None
    try:
        return parseUpdate(checked)
    except Exception:  # noqa: BLE001, S110 - not an update either: refused below
        pass
    where_at = f" at column {first.col}" if first is not None else ""
    raise QueryRefused(where, getattr(first, "lineno", None),
                       f"syntax error{where_at} (or SPARQL beyond 1.1, which the guard does not parse): a query "
                       f"that cannot be checked for SERVICE is not run", 400)


def _lines(text: str) -> str:
    """``text`` with CR LF and a lone CR as LF: the line ends the engine sees."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _names(tree: Any) -> set[str]:
    """The names of every parse node in ``tree`` (nested groups, sub-selects, EXISTS filters)."""
    from pyparsing import ParseResults

    names: set[str] = set()
    stack = [tree]
    while stack:
        node = stack.pop()
        name = getattr(node, "name", None)
        if isinstance(name, str) and isinstance(node, dict):
            names.add(name)
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
    return names


def _keyword_line(text: str, words: tuple[str, ...]) -> int | None:
    """The line of the first of ``words`` as a keyword (the lexer, CR ending comments as the engine
    does): the error's location, and a second opinion beside the parse."""
    from functiegebouw.sparql.query import tokens

    text = _lines(text)
    for kind, tok, start in tokens(text):
        if kind == "word" and tok.upper() in words:
            return text.count("\n", 0, start) + 1
    return None


_DECISIONS: dict[bytes, tuple[str, int | None]] = {}  # in order of use, the last used last
_DECISIONS_KEPT = 256
_DECISIONS_LOCK = _thread.allocate_lock()  # threading's Lock, without importing threading


def _after_header(text: str) -> str:
    """``text`` without the comment and blank lines it opens with. At the start of a text no string
    or IRI can be open, so a line whose first character other than space or tab is ``#`` is a
    comment to its end (``\n`` or ``\r``, as the SPARQL grammar ends one); ``text`` has had its
    escapes processed (:func:`guard`), so an escaped line break ends a comment here too."""
    pos = 0
    while pos < len(text):
        # the next line end (CR LF, CR or LF), found without re: its import costs every `fgr query`
        lf, cr = text.find("\n", pos), text.find("\r", pos)
        end = min(lf, cr) if lf >= 0 and cr >= 0 else max(lf, cr)
        line = text[pos:end if end >= 0 else len(text)]
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            break
        if end < 0:
            return ""
        pos = end + (2 if text.startswith("\r\n", end) else 1)
    return text[pos:]


def _decide(text: str) -> tuple[str, int | None]:
    """("", None) for a text without SERVICE or LOAD, else (message, line). Cached by the text's
    SHA-256, so the cache holds 256 short entries whatever the size of the queries."""
    # casefold: "ſ" (U+017F) folds to "s"; a superset of any engine's matching. The comment lines that
    # open the text (a named query's header: "loaded", "download") cannot hide a keyword, so only the
    # rest decides whether the parser must look.
    folded = _after_header(text).casefold()
    if "service" not in folded and "load" not in folded:
        return "", None
    import hashlib  # here: it loads OpenSSL, a few ms of every process that never needs it

    key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()
    with _DECISIONS_LOCK:
        if key in _DECISIONS:
            _DECISIONS[key] = _DECISIONS.pop(key)  # to the end: used last
            return _DECISIONS[key]
    names = _names(_parse_tree(text, "query"))
    decision: tuple[str, int | None] = ("", None)
    line = _keyword_line(text, ("SERVICE",))
    if "ServiceGraphPattern" in names or line is not None:  # the lexer's word is refused too
        decision = (_REFUSE_SERVICE, line)
    elif "Load" in names:
        decision = (_REFUSE_LOAD, _keyword_line(text, ("LOAD",)))
    with _DECISIONS_LOCK:
        _DECISIONS[key] = decision
        while len(_DECISIONS) > _DECISIONS_KEPT:
            del _DECISIONS[next(iter(_DECISIONS))]  # the least recently used
    return decision


def guard(text: str, where: Where = "query", *, max_parsed: int | None = None) -> str:
    """The text to give the engine, or QueryRefused: SERVICE (also SILENT, with a variable, in a
    sub-select or EXISTS) and LOAD are refused (403), a text the guard cannot parse too (400).
    ``max_parsed``: refuse (400) a text that needs the parser and is longer than this (the parser
    takes ~15 µs a character: ``fgr serve`` does not let a visitor spend seconds of it)."""
    text = unescape(text, where)
    folded = text.casefold()
    if max_parsed is not None and len(text) > max_parsed and ("service" in folded or "load" in folded):
        raise QueryRefused(where, None, f"a query longer than {max_parsed // 1024} KB that mentions 'service' or "
                                        f"'load' is not checked, so not run; shorten it", 400)
    try:
        message, line = _decide(text)
    except QueryRefused as exc:
        raise QueryRefused(where, exc.line, exc.message, exc.status) from None
    if message:
        raise QueryRefused(where, line, message)
    return text


def refuse_service(text: str, where: Where = "query") -> str:
    """:func:`guard` under its old name: the text to run, or an error."""
    return guard(text, where)
