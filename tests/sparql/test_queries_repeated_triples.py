"""Every named query gives the same rows when the default graph repeats triples.

A server whose default graph is the union of named graphs as a bag (Oxigraph 0.5
``--union-default-graph``, oxigraph#1919; Virtuoso) repeats each triple once per graph that holds
it. Here, in memory, every file has its own graph (as ``fgr load --graph-per-source`` makes them)
and the reference and mapping files a second one too, so the schaal, level and vocabulary
triples that profiles and mappings restate repeat two or three times. (Repeating *every* triple
makes Oxigraph's nested EXISTS over the union take minutes: not a case a loader produces.)
"""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from functiegebouw.rdf.load import oxigraph_format
from functiegebouw.sparql.query import catalogue, prepare
from functiegebouw.sparql.results import Result
from support import NEEDS_FULL_ESCO


@pytest.fixture(scope="module")
def stores(project_store):
    embedded = project_store
    twice = ox.Store()
    for path in embedded.files:
        for copy in ("a", "b") if path.parent.name in ("reference", "mappings") else ("a",):
            twice.bulk_load(path=str(path), format=oxigraph_format(path), base_iri=path.as_uri(),
                            to_graph=ox.NamedNode(f"urn:test:{copy}:{path.as_uri()}"))
    return embedded, twice


@pytest.mark.parametrize("q", catalogue(), ids=lambda q: q.name)
def test_every_query_is_insensitive_to_repeated_triples(q, stores):
    embedded, twice = stores
    _named, text = prepare(q.name, q.example_params)
    answer = twice.query(text, use_default_graph_as_union=True)
    local = embedded.query(q.name, q.example_params)
    if isinstance(local, bool):
        assert bool(answer) is local
        return
    assert local.rows or q.name in NEEDS_FULL_ESCO, f"{q.name}: the example params give no rows"
    assert Result.from_oxigraph(answer).rows == local.rows
