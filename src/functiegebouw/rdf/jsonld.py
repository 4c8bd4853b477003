"""A small, fast, deterministic JSON-LD writer for the plain triples of ``rdf/turtle.py``.

rdflib's JSON-LD serializer costs milliseconds per graph and orders nodes by hash; the site writes
a JSON-LD file per resource (thousands), so this one writes flattened JSON-LD directly: one node
object per subject in a ``@graph``, sorted, predicates as compact IRIs of the given prefixes, every
literal as ``{"@value": lexical form}`` with its ``@language`` or ``@type``, so a JSON-LD processor
reads back exactly the triples given (no number or boolean is re-typed by JSON).
"""
from __future__ import annotations

import functools
import json
from typing import Any

from functiegebouw.rdf.turtle import RDF_TYPE, XSD, Term, Triples, term_key

# an IRI compacted: (prefix, namespace, "prefix:local"), or (None, None, the IRI) under no prefix
Compact = tuple[str, str, str] | tuple[None, None, str]

_STRING = XSD + "string"


@functools.lru_cache(maxsize=8)
def _compacted(prefixes: tuple[tuple[str, str], ...]) -> tuple[list[tuple[str, str]], dict[str, Compact]]:
    """For one set of prefixes: the (namespace, prefix) pairs, longest namespace first, and a cache
    {IRI: (prefix or None, namespace, compact IRI)} filled as IRIs come (the site writes thousands
    of documents with the same prefixes and mostly the same predicates)."""
    return sorted(((ns, k) for k, ns in prefixes), key=lambda kv: (-len(kv[0]), kv[1])), {}


def _compact(iri: str, ns: list[tuple[str, str]]) -> Compact:
    for namespace, prefix in ns:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace):]
            # a local part with ':' or '/' would read as another IRI scheme or path
            if ":" not in local and "/" not in local and "#" not in local:
                return (prefix, namespace, f"{prefix}:{local}")
    return (None, None, iri)


def to_jsonld(triples: Triples, prefixes: dict[str, str]) -> str:
    """The triples as JSON-LD text; the same set of triples always gives the same text."""
    ns, known = _compacted(tuple(sorted((k, str(v)) for k, v in prefixes.items())))
    used: dict[str, str] = {}

    def compact(iri: str) -> str:
        found = known.get(iri)
        if found is None:
            found = known[iri] = _compact(iri, ns)
        if found[0] is not None:
            used[found[0]] = found[1]
        return found[2]

    def value(obj: Term) -> dict[str, str]:
        kind = obj[0]
        if kind == "iri":
            return {"@id": obj[1]}
        if kind == "bnode":
            return {"@id": "_:" + obj[1]}
        if kind == "lit":
            return {"@value": obj[1], "@language": obj[2]} if obj[2] else {"@value": obj[1]}
        if obj[2] == _STRING:
            return {"@value": obj[1]}
        return {"@value": obj[1], "@type": compact(obj[2])}

    nodes = []
    data = triples._data
    for subject in sorted(data):
        preds = data[subject]
        node: dict[str, Any] = {"@id": subject}
        if RDF_TYPE in preds:
            types = sorted(preds[RDF_TYPE], key=term_key)
            if all(t[0] == "iri" for t in types):
                node["@type"] = [compact(t[1]) for t in types]
            else:  # a blank node as a class: only the general form can say that
                node[RDF_TYPE] = [value(t) for t in types]
        for p in sorted(preds):
            if p == RDF_TYPE:
                continue
            node[compact(p)] = [value(o) for o in sorted(preds[p], key=term_key)]
        nodes.append(node)
    # one node per line: readable, and json's C encoder (indent= would use the slow Python one)
    context = json.dumps(dict(sorted(used.items())), ensure_ascii=False)
    lines = ",\n".join(json.dumps(node, ensure_ascii=False) for node in nodes)
    return '{"@context": ' + context + ',\n"@graph": [\n' + lines + "\n]}\n"
