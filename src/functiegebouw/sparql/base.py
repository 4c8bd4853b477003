"""What every backend offers (embedded store, remote endpoint), and the refusal of SPARQL UPDATE."""
from __future__ import annotations

from functiegebouw.errors import FgrError
from functiegebouw.sparql.query import prepare


class Store:
    """What every backend offers: ``query`` (named query, .rq path or SPARQL text)."""

    backend = "store"

    def query(self, query, params: dict | None = None, *, allow_update: bool = False, lexical: bool = False):
        """Run a query. SELECT → :class:`Result`; ASK → bool; CONSTRUCT/DESCRIBE → rdflib Graph.

        SPARQL UPDATE is refused unless ``allow_update`` (then returns None). ``lexical``: the
        parameter values are text as a person typed it; undeclared ones are typed from their form
        (``"6"`` → 6; see :func:`functiegebouw.sparql.query.from_lexical`).
        """
        named, text = prepare(query, params, lexical=lexical)
        return self._run(text, allow_update=allow_update, where=named.path or named.name)

    def _run(self, text: str, *, allow_update: bool, where):  # pragma: no cover - abstract
        raise NotImplementedError

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def is_update(text: str) -> bool:
    """True if ``text`` parses as a SPARQL 1.1 Update (rdflib's parser: a real parse, no execution)."""
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
