"""The engine gets only the context triples whose predicate the shapes can read (validation/reads.py): the
same findings as with the whole context, and the analysis declines every pattern that can read a predicate
the shapes do not name (a variable or a negated set as a predicate, sh:closed, $PATH, a query that does not
parse), also inside EXISTS, MINUS and sub-selects, unless a FILTER ... IN over the same patterns limits it."""
from __future__ import annotations

import pytest
from rdflib import Graph

from functiegebouw.rdf import load
from functiegebouw.validation import reads, shacl, turbo
from support import FIXTURES

FILES = sorted((FIXTURES / "shapes").glob("*.ttl")) + sorted((FIXTURES / "shapes_links").glob("*.ttl"))
EX = "http://x/"


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """No spec of the shapes kept from before: each run analyses them as configured."""
    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(turbo, "_SPECS", {})
    return tmp_path


def test_the_pruned_context_gives_the_findings_of_the_whole(fresh, monkeypatch):
    context = [t for p in shacl.context_files() for t in load.read_triples(p)]
    run = shacl._TurboRun("none", context, fresh / "cache")
    assert run.program is not None and run.program.reads is not None
    assert len(run.engine_text) < 0.7 * len(run.context_text)  # about half the triples are left out
    pruned = shacl.validate(FILES, engine="turbo", jobs=1).findings
    monkeypatch.setattr(turbo, "_SPECS", {})
    monkeypatch.setenv("FGR_STORE_DIR", str(fresh / "whole"))
    monkeypatch.setattr(reads, "readable", lambda shapes: None)
    whole = shacl.validate(FILES, engine="turbo", jobs=1).findings
    assert pruned == whole
    assert len({f.shape for f in whole}) >= 30


def readable(turtle: str) -> frozenset[str] | None:
    prefixes = ("@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://x/> . "
                "ex:s sh:declare [ sh:prefix \"ex\" ; sh:namespace \"http://x/\" ] .\n")
    return reads.readable(Graph().parse(data=prefixes + turtle, format="turtle"))


def query(select: str) -> frozenset[str] | None:
    return readable(f'ex:s sh:sparql [ sh:select """{select}""" ; sh:prefixes ex:s ] .')


@pytest.mark.parametrize("select", [
    "SELECT $this WHERE { $this ?p ?o }",
    "SELECT $this WHERE { $this !ex:a ?o }",
    "SELECT $this WHERE { $this (ex:a|!ex:b) ?o }",
    "SELECT $this WHERE { $this ex:a ?o FILTER NOT EXISTS { ?o ?p ?z } }",
    "SELECT $this WHERE { $this ex:a ?o FILTER EXISTS { ?o !ex:b ?z } }",
    "SELECT $this WHERE { $this ?p ?o FILTER (?p NOT IN (ex:a)) }",
    "SELECT $this WHERE { $this ?p ?o FILTER (!(?p IN (ex:a))) }",
    "SELECT $this WHERE { $this ?p ?o FILTER (?p IN (ex:a) || true) }",
    "SELECT $this WHERE { $this ?p ?o FILTER (?p IN (ex:a, ?o)) }",
    "SELECT $this WHERE { $this ex:a ?o MINUS { $this ?p ?o } FILTER (?p IN (ex:a)) }",
    "SELECT $this WHERE { $this ex:a ?o { SELECT ?o WHERE { ?o ?p ?z } } FILTER (?p IN (ex:a)) }",
    "SELECT $this WHERE { $this ex:a ?o FILTER EXISTS { ?o ?p ?z FILTER (?p IN (ex:a)) } }",
    "SELECT $this WHERE { $this ex:a ?o . $PATH ex:b ?z }",
    "SELECT $this WHERE { $this nope:a ?o }",
    "SELECT $this WHERE { $this ex:a ",
])
def test_a_query_that_can_read_any_predicate_leaves_nothing_out(select):
    assert query(select) is None


@pytest.mark.parametrize("select, expected", [
    ("SELECT $this WHERE { $this ex:a/^ex:b* ?o FILTER EXISTS { ?o ex:c ?z } }", {"a", "b", "c"}),
    ("SELECT $this WHERE { $this ?p ?o FILTER (?p IN (ex:a, ex:b)) }", {"a", "b"}),
    ("SELECT $this WHERE { { $this ?p ?o FILTER (?p IN (ex:a) && bound(?o)) } UNION { $this ex:c ?o } }",
     {"a", "c"}),
    ("SELECT $this WHERE { $this ex:a ?o OPTIONAL { ?o ?p ?z } FILTER (?p IN (ex:d)) }", {"a", "d"}),
])
def test_a_query_reads_the_iris_it_names(select, expected):
    found = query(select)
    assert found is not None
    assert {iri[len(EX):] for iri in found if iri.startswith(EX)} == expected | {"s"}
    assert reads.ALWAYS <= found


def test_a_closed_shape_leaves_nothing_out():
    assert readable("ex:s sh:closed true ; sh:property [ sh:path ex:a ] .") is None
    assert readable("ex:s sh:closed false ; sh:property [ sh:path ex:a ] .") is not None


def test_the_project_shapes_are_analysed():
    found = reads.readable(shacl._shapes_graph())
    assert found is not None
    assert "http://www.w3.org/2004/02/skos/core#exactMatch" in found  # a link shape's FILTER ... IN
    assert "http://www.w3.org/2004/02/skos/core#definition" not in found
