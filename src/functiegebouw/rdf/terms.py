"""rdflib <-> pyoxigraph terms, and a read-only rdflib-style view of a pyoxigraph Store.

Files are read with pyoxigraph (fast); code that walks a graph (locate.Locator) is written against
rdflib's small read API (value, objects, subjects, subject_objects, ``in``), which ``StoreView``
offers over a Store without copying its triples into an rdflib Graph.
"""
from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier, Node

from functiegebouw.rdf import iris

if TYPE_CHECKING:
    from rdflib import Graph

XSD_STRING = iris.XSD_STRING
RDF_LANG_STRING = iris.RDF_LANG_STRING


def to_rdflib(term: Any) -> Identifier:
    """A pyoxigraph term as the rdflib term rdflib's own parser would have made."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        # rdflib keeps a plain "text" apart from "text"^^xsd:string; the parsers give the plain form
        return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"no rdflib term for {term!r}")


def to_rdflib_graph(triples: Iterable[Any]) -> Graph:
    """An rdflib Graph (project prefixes bound) of pyoxigraph triples: CONSTRUCT answers."""
    from rdflib import Graph

    from functiegebouw.rdf.namespaces import bind_prefixes

    graph = bind_prefixes(Graph())
    graph.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), graph) for t in triples)
    return graph


def to_oxigraph(term: Node | None) -> Any:
    """An rdflib term as a pyoxigraph term (None stays None: a wildcard in patterns)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) not in (XSD_STRING, RDF_LANG_STRING):
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"no pyoxigraph term for {term!r}")


def subject_key(term: object) -> tuple[str, str] | None:
    """A key that is equal for the same IRI or blank node in either library."""
    if isinstance(term, (URIRef, ox.NamedNode)):
        return ("iri", str(term) if isinstance(term, URIRef) else term.value)
    if isinstance(term, (BNode, ox.BlankNode)):
        return ("bnode", str(term) if isinstance(term, BNode) else term.value)
    return None


class StoreView:
    """The read part of rdflib's Graph API over the default graph of a pyoxigraph Store, or of the
    union of several (``more``: e.g. a profile's own triples beside the shared context)."""

    def __init__(self, store: ox.Store, *more: ox.Store) -> None:
        self.store, self.more = store, more
        self._default = ox.DefaultGraph()

    def _triples(self, s: Node | None = None, p: Node | None = None, o: Node | None = None) -> Iterator[Any]:
        try:
            pattern = (to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
        except TypeError:
            return iter(())
        if isinstance(pattern[0], ox.Literal) or isinstance(pattern[1], (ox.Literal, ox.BlankNode)):
            return iter(())  # no triple has a literal subject or a non-IRI predicate
        found = self.store.quads_for_pattern(*pattern, self._default)
        if not self.more:
            return iter(found)
        more = (q for store in self.more for q in store.quads_for_pattern(*pattern, self._default)
                if q not in self.store)  # a triple of both stores once
        return itertools.chain(found, more)

    def __contains__(self, triple: tuple[Node | None, Node | None, Node | None]) -> bool:
        return next(iter(self._triples(*triple)), None) is not None

    def value(self, subject: Node | None = None, predicate: Node | None = None,
              object: Node | None = None) -> Identifier | None:
        for q in self._triples(subject, predicate, object):
            return to_rdflib(q.object if object is None else q.subject)
        return None

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Identifier]:
        return (to_rdflib(q.object) for q in self._triples(subject, predicate, None))

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Identifier]:
        return (to_rdflib(q.subject) for q in self._triples(None, predicate, object))

    def subject_objects(self, predicate: Node | None = None) -> Iterator[tuple[Identifier, Identifier]]:
        return ((to_rdflib(q.subject), to_rdflib(q.object)) for q in self._triples(None, predicate, None))
