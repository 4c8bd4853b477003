"""What every backend offers (embedded store, remote endpoint), and the refusal of SPARQL UPDATE."""
from __future__ import annotations

import functools

from functiegebouw.errors import FgrError
from functiegebouw.sparql.query import prepare


class Store:
    """What every backend offers: ``query`` (named query, .rq path or SPARQL text)."""

    backend = "store"

    def query(self, query, params: dict | None = None, *, allow_update: bool = False, lexical: bool = False,
              allow_empty: bool = False):
        """Run a query. SELECT → :class:`Result`; ASK → bool; CONSTRUCT/DESCRIBE → rdflib Graph.

        SPARQL UPDATE is refused unless ``allow_update`` (then returns None). ``lexical``: the
        parameter values are text as a person typed it; undeclared ones are typed from their form
        (``"6"`` → 6; see :func:`functiegebouw.sparql.query.from_lexical`).

        A SELECT with no rows whose parameter values name nothing in the graph (functiegroep 999)
        raises :class:`functiegebouw.sparql.empty.NoMatch` with the nearest values, unless
        ``allow_empty``: an empty answer then says "no such value", not "nothing found".
        """
        named, text = prepare(query, params, lexical=lexical)
        answer = self._run(text, allow_update=allow_update, where=named.path or named.name)
        if not allow_empty and params and getattr(answer, "columns", None) is not None and answer.is_empty():
            from functiegebouw.sparql.empty import NoMatch, unmatched

            # only the declared parameters: an undeclared one may be any value the caller chose
            declared = {p.name for p in named.params}
            missing = unmatched(self, named.text, {k: v for k, v in params.items() if k in declared})
            if missing:
                raise NoMatch(named.path or named.name, missing)
        return answer

    def unused_terms(self, query) -> list[tuple[str, str]]:
        """(kind, IRI) of the predicates ("predicate") and classes ("class") of a query that no
        triple of the graph uses: the usual reason for an empty answer of one's own query."""
        from functiegebouw.sparql.empty import unused_terms
        from functiegebouw.sparql.query import resolve

        return unused_terms(self, resolve(query).text)  # the text as written: no parameters needed

    def _run(self, text: str, *, allow_update: bool, where):  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
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


@functools.lru_cache(maxsize=256)
def _service_line(text: str) -> int | None:
    from functiegebouw.sparql.query import tokens

    for kind, tok, start in tokens(text):
        if kind == "word" and tok.upper() == "SERVICE":
            return text.count("\n", 0, start) + 1
    return None


def refuse_service(text: str, where="query") -> None:
    """Refuse a query with a SERVICE clause: it would make the store fetch a URL named in the
    query (any host, any port). The lexer finds the keyword outside strings, IRIs and comments."""
    line = _service_line(text)
    if line is not None:
        raise FgrError(where, line, "SERVICE is refused: it would make the store send a query to another "
                                    "endpoint; pass --allow-service (allow_service=True) if you mean it")
