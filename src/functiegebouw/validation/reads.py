"""Which of the data's predicates the SHACL shapes can read, derived from the shapes themselves.

The engine takes in the whole context (ontology, schemes, salary tables: 3,900 triples) with every
profile, and that intake is a quarter of its time; about half of those triples (definitions, scope
notes, domains and ranges, ...) have a predicate that no shape names. A SHACL processor reads the data
graph through the IRIs the shapes name (paths, targets, the IRIs in SPARQL queries), ``rdf:type`` and
``rdfs:subClassOf`` (class membership). What can read a predicate the shapes do not name makes
``readable`` answer None (then nothing is left out): ``sh:closed``, a SPARQL-based constraint
component (``$PATH``), a query rdflib cannot parse, a negated property set, and a variable as a
predicate, unless a ``FILTER (?p IN (<iri>, ...))`` over the same group of patterns limits it to IRIs
(two link shapes read ``$this ?property ?value`` so); such a filter keeps only rows whose ``?p`` is
one of its IRIs, bound or not by an OPTIONAL or a UNION below it, so leaving out triples of other
predicates leaves its rows as they were. Below a MINUS, a sub-select or inside an EXISTS (which
rdflib leaves as a parse tree) no filter counts.
tests/validation/test_context_reads.py compares findings with and without the triples left out.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from functiegebouw.rdf import iris

if TYPE_CHECKING:
    from rdflib import Graph

ALWAYS = frozenset({iris.RDF_TYPE, iris.RDFS + "subClassOf"})  # SHACL's class membership
# algebra nodes through which a FILTER's limits on variables reach the patterns below it
_PASS = frozenset({"Filter", "Join", "LeftJoin", "Union", "Extend", "ToMultiSet", "BGP"})


class _Unreadable(Exception):
    """A pattern that can read a predicate the shapes do not name."""


def readable(shapes: Graph) -> frozenset[str] | None:
    """Every IRI named in ``shapes`` or their SPARQL queries, with rdf:type and rdfs:subClassOf; None when
    some shape can read a predicate it does not name, or a query cannot be analysed."""
    from rdflib import Literal, URIRef

    sh = iris.SH
    names = {str(term) for triple in shapes for term in triple if isinstance(term, URIRef)}
    if any(not (isinstance(v, Literal) and v.value is False) for v in shapes.objects(None, URIRef(sh + "closed"))):
        return None
    prefixes = {str(p): str(n) for decl in shapes.objects(None, URIRef(sh + "declare"))
                for p in shapes.objects(decl, URIRef(sh + "prefix"))
                for n in shapes.objects(decl, URIRef(sh + "namespace"))}
    for kind in ("select", "ask", "construct"):
        for query in shapes.objects(None, URIRef(sh + kind)):
            found = query_iris(str(query), prefixes)
            if found is None:
                return None
            names |= found
    return frozenset(names | ALWAYS)


def query_iris(text: str, prefixes: dict[str, str]) -> set[str] | None:
    """The IRIs a SPARQL query names, or None when it can read a predicate it does not name, or does
    not parse."""
    if "$PATH" in text:
        return None
    from rdflib.plugins.sparql import prepareQuery

    try:
        query = prepareQuery(text, initNs=prefixes)
    except Exception:  # rdflib's parser raises several kinds: not analysable, so nothing is left out
        return None
    found: set[str] = set()
    try:
        _walk(query.algebra, frozenset(), found)
    except _Unreadable:
        return None
    return found


def _walk(node: Any, limited: frozenset[Any], found: set[str]) -> None:
    """Collect the IRIs below ``node`` of rdflib's algebra (or parse tree); ``limited``: the variables a
    FILTER above limits to IRIs. Raises _Unreadable at a predicate that may be any."""
    from rdflib import URIRef
    from rdflib.paths import Path
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, URIRef):
        found.add(str(node))
    elif isinstance(node, Path):
        _path(node, found)
    elif isinstance(node, CompValue):
        name = node.name
        if name == "BGP":
            for triple in node.get("triples") or ():
                _triple(triple, limited, found)
            return
        if name == "TriplesBlock":  # a parse tree (EXISTS): no filter limits a predicate here
            for flat in node.get("triples") or ():
                if len(flat) % 3:
                    raise _Unreadable(name)
                for i in range(0, len(flat), 3):
                    _triple(flat[i:i + 3], frozenset(), found)
            return
        if name.startswith("PathNegated") or name == "pname":  # any predicate, or an IRI not resolved
            raise _Unreadable(name)
        # a FILTER's limits reach the patterns below it through _PASS only (not a MINUS, a sub-select)
        below = limited if name in _PASS else frozenset()
        if name == "Filter":
            below = below | _limits(node.get("expr"))
        for key, value in node.items():
            # expressions (an EXISTS in them), projections and values get no limits
            _walk(value, below if key in ("p", "p1", "p2") else frozenset(), found)
    elif isinstance(node, dict):
        for value in node.values():
            _walk(value, frozenset(), found)
    elif isinstance(node, (list, tuple, set, frozenset)):
        for value in node:
            _walk(value, frozenset(), found)


def _triple(triple: Any, limited: frozenset[Any], found: set[str]) -> None:
    from rdflib import URIRef, Variable
    from rdflib.paths import Path
    from rdflib.plugins.sparql.parserutils import CompValue

    subject, predicate, value = triple
    if isinstance(predicate, Variable):
        if predicate not in limited:
            raise _Unreadable(str(predicate))
    elif isinstance(predicate, URIRef):
        found.add(str(predicate))
    elif isinstance(predicate, Path) or (isinstance(predicate, CompValue) and predicate.name.startswith("Path")):
        _walk(predicate, frozenset(), found)
    else:  # a literal or a blank node as a predicate: not a pattern this analysis knows
        raise _Unreadable(repr(predicate))
    _walk([subject, value], frozenset(), found)


def _path(path: Any, found: set[str]) -> None:
    """The IRIs of an rdflib property path (sequence, alternative, inverse, repeated); a negated set
    may be any predicate."""
    from rdflib import URIRef
    from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath

    if isinstance(path, URIRef):
        found.add(str(path))
    elif isinstance(path, (SequencePath, AlternativePath)):
        for part in path.args:
            _path(part, found)
    elif isinstance(path, InvPath):
        _path(path.arg, found)
    elif isinstance(path, MulPath):
        _path(path.path, found)
    else:
        raise _Unreadable(repr(path))  # a NegatedPath, or a kind this analysis does not know


def _limits(expr: Any) -> frozenset[Any]:
    """The variables a FILTER expression limits to IRIs: ``?v IN (<iri>, ...)``, alone or as one of the
    operands of a top-level ``&&``."""
    from rdflib import URIRef, Variable
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(expr, CompValue):
        return frozenset()
    if expr.name == "ConditionalAndExpression":
        out: frozenset[Any] = frozenset()
        for part in [expr.get("expr"), *(expr.get("other") or [])]:
            out |= _limits(part)
        return out
    if (expr.name == "RelationalExpression" and expr.get("op") == "IN" and isinstance(expr.get("expr"), Variable)
            and all(isinstance(v, URIRef) for v in expr.get("other") or [None])):
        return frozenset({expr.get("expr")})
    return frozenset()
