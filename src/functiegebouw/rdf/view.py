"""A read-only view of pyoxigraph Stores in pyoxigraph terms, and rdflib's order and text of those terms.

The validation's findings (validation/locate.py, near.py, shacl._findings) walk the data and the engine's
report through this view, so that a run whose engine needs no rdflib imports none (a quarter of a
second of ``fgr validate --changed``). Their output was made with rdflib terms before and must stay
byte for byte what it was: ``rdflib_text`` is the text rdflib gives a term read by pyoxigraph
(``terms.to_rdflib`` normalises typed literals: "007"^^xsd:integer reads "7"), and ``rdflib_sorted``
orders terms as rdflib does. Both are exact without rdflib for the terms the data holds (IRIs, blank
nodes, strings, whole numbers) and ask rdflib itself for anything else.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from functiegebouw.rdf import iris

_STRINGS = frozenset({iris.XSD_STRING, iris.RDF_LANG_STRING})
_INTEGER = iris.XSD + "integer"
_WHOLE = re.compile(r"[+-]?[0-9]+")
# rdflib's order of kinds of terms (rdflib.term._ORDERING): blank nodes, IRIs, then literals
_RANK = {ox.BlankNode: 10, ox.NamedNode: 30}


class TripleView:
    """The default graph of a pyoxigraph Store, or of the union of several (``more``: e.g. a profile's
    own triples beside the shared context); ``None`` in a pattern matches anything. ``disjoint``: the
    caller left out of ``more`` every triple of ``store``, so none is looked up there again."""

    def __init__(self, store: ox.Store, *more: ox.Store, disjoint: bool = False) -> None:
        self.store, self.more, self.disjoint = store, more, disjoint
        self._default = ox.DefaultGraph()

    def triples(self, s: Any = None, p: Any = None, o: Any = None) -> Iterator[ox.Quad]:
        if isinstance(s, ox.Literal) or isinstance(p, (ox.Literal, ox.BlankNode)):
            return iter(())  # no triple has a literal subject or a non-IRI predicate
        found = self.store.quads_for_pattern(s, p, o, self._default)
        if not self.more:
            return iter(found)
        if self.disjoint:
            more = (q for store in self.more for q in store.quads_for_pattern(s, p, o, self._default))
        else:
            more = (q for store in self.more for q in store.quads_for_pattern(s, p, o, self._default)
                    if q not in self.store)  # a triple of both stores once
        return itertools.chain(found, more)

    def __contains__(self, triple: tuple[Any, Any, Any]) -> bool:
        return next(self.triples(*triple), None) is not None

    def value(self, s: Any = None, p: Any = None, o: Any = None) -> Any:
        for q in self.triples(s, p, o):
            return q.object if o is None else q.subject
        return None

    def objects(self, s: Any = None, p: Any = None) -> Iterator[Any]:
        return (q.object for q in self.triples(s, p, None))

    def subjects(self, p: Any = None, o: Any = None) -> Iterator[Any]:
        return (q.subject for q in self.triples(None, p, o))

    def subject_objects(self, p: Any = None) -> Iterator[tuple[Any, Any]]:
        return ((q.subject, q.object) for q in self.triples(None, p, None))


def rdflib_text(term: Any) -> str:
    """``str()`` of the rdflib term ``terms.to_rdflib`` makes of ``term``."""
    if not isinstance(term, ox.Literal):
        return str(term.value)
    datatype = term.datatype.value
    if datatype in _STRINGS:
        return str(term.value)
    if datatype == _INTEGER and _WHOLE.fullmatch(term.value):
        return str(int(term.value))  # rdflib's canonical form of a whole number
    from functiegebouw.rdf.terms import to_rdflib

    return str(to_rdflib(term))


def rdflib_sorted(terms: list[Any]) -> list[Any]:
    """``terms`` in the order ``sorted()`` gives their rdflib terms (terms.to_rdflib)."""
    if len(terms) < 2:
        return list(terms)
    if not any(isinstance(t, ox.Literal) for t in terms):
        return sorted(terms, key=lambda t: (_RANK[type(t)], t.value))
    if all(isinstance(t, ox.Literal) for t in terms):
        kinds = {t.datatype.value for t in terms}
        if kinds <= _STRINGS:  # same datatype for rdflib: by language (none first), then text
            return sorted(terms, key=lambda t: (t.language is not None, t.language or "", t.value))
        if kinds == {_INTEGER} and all(_WHOLE.fullmatch(t.value) for t in terms):
            numbers = [int(t.value) for t in terms]
            if len(set(numbers)) == len(numbers):  # ties ("7" and "07") rdflib orders by its own rules
                return [t for _, t in sorted(zip(numbers, terms, strict=True), key=lambda pair: pair[0])]
    from functiegebouw.rdf.terms import to_rdflib

    return sorted(terms, key=to_rdflib)


def rdflib_truth(term: Any) -> bool:
    """``bool()`` of the rdflib term of ``term``: a literal's is its value's ("0"^^xsd:integer is false)."""
    if not isinstance(term, ox.Literal) or term.datatype.value in _STRINGS:
        return bool(term.value)
    from functiegebouw.rdf.terms import to_rdflib

    return bool(to_rdflib(term))


def node_key(term: Any) -> tuple[str, str] | None:
    """The key ``terms.subject_key`` gives a pyoxigraph IRI or blank node (None for anything else),
    without importing rdflib."""
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    return None
