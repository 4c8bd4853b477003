"""The engine gets only those of a unit's own triples whose predicate the shapes can read
(validation/reads.py), as it does for the context: the same findings as with all of them, on every
shape fixture taken as a unit of its own (each has a passing and a failing file per shape), and on
hostile profiles whose shape targets are reached only through predicates no shape reads. The findings'
lines still read every own triple."""
from __future__ import annotations


import pyoxigraph as ox
import pytest

from functiegebouw.rdf import load
from functiegebouw.validation import turbo
from support import FIXTURES, turbo_pair, unit_findings

FILES = sorted((FIXTURES / "shapes").glob("*.ttl")) + sorted((FIXTURES / "shapes_links").glob("*.ttl"))
UNREAD = "http://x/unread"  # a predicate no shape names

# Shape targets reached only through a predicate no shape reads: a typed blank node (sh:targetClass),
# a blank node that is the subject of a link (sh:targetSubjectsOf skos:exactMatch) and of a mapping's
# owl:annotatedTarget, and a typering whose scores hang below it through the unread predicate only.
HOSTILE = """
@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix x: <http://x/> .
<https://w3id.org/functiegebouw/id/functiegroep/9901> a fgr:JobGroup ; rdfs:label "Hostile groep"@nl ;
    fgr:fgrId 9901 ; x:unread _:result , _:link , _:typering ; fgr:sourceLine 3 .
_:result a fgr:Result , fgr:Placeholder ; schema:text "P.M."@nl ; x:unread "not read" ; fgr:sourceLine 7 .
_:link skos:exactMatch <http://data.europa.eu/esco/occupation/none> ; x:unread _:axiom .
_:axiom a owl:Axiom ; owl:annotatedTarget <http://data.europa.eu/esco/skill/none> .
_:typering a fgr:Typification ; fgr:fuwasysCode "9" ; x:unread [ a fgr:FuwasysScore ; fgr:scoreValue 12 ] .
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two engines on the same context: the one fgr validate uses, and one given every own triple."""
    return turbo_pair(tmp_path_factory.mktemp("cache"), without="reads")


findings = unit_findings


def terms(data: str | turbo.Terms) -> set[str]:
    """The texts of the terms in the engine's input: N-Quads text (a word per term, near enough) or its
    terms (turbo.TermTable)."""
    if isinstance(data, str):
        return {word.strip("<>") for word in data.split()}
    return {text for _kind, text, _datatype, _language in data[0]}


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_fixture_as_a_unit_gives_the_findings_of_all_its_triples(runs, path):
    pruned, whole = runs
    triples = load.read_statements(path)
    assert findings(pruned, path, triples) == findings(whole, path, triples)


def test_the_fixtures_have_findings_and_unread_triples(runs):
    """The comparison above is not empty: failing fixtures find something, and some own triples are
    left out of the engine's text."""
    pruned, _ = runs
    assert pruned.reads is not None
    failing = [p for p in FILES if p.name.endswith(".fail.ttl")]
    assert sum(1 for p in failing if findings(pruned, p, load.read_statements(p))) >= 0.9 * len(failing)
    unread = {t.predicate.value for p in FILES for t in load.read_triples(p)} - pruned.reads
    assert unread, "some fixture has a predicate no shape reads"


def test_targets_reached_only_through_unread_predicates(runs, tmp_path, monkeypatch):
    pruned, whole = runs
    path = tmp_path / "hostile.ttl"
    path.write_text(HOSTILE, encoding="utf-8")
    triples = load.read_statements(path)
    given: list[str] = []
    validate = turbo.Program.validate
    monkeypatch.setattr(turbo.Program, "validate", lambda self, data: given.append(data) or validate(self, data))
    found = findings(pruned, path, triples)
    assert UNREAD not in terms(given[-1])  # left out of the engine's input
    assert found == findings(whole, path, triples)
    assert UNREAD in terms(given[-1])
    blank = {f.focus for f in found if f.focus.startswith("_:")}
    labels = {f"_:{t.subject.value}" for t in triples if isinstance(t.subject, ox.BlankNode)}
    assert blank and blank <= labels  # the findings name the file's own blank nodes
    shapes = {f.shape.rsplit("#", 1)[-1] for f in found}
    assert {"PlaceholderShape", "MappingInSetShape", "TypificationCharacteristicShape"} <= shapes, shapes
    placeholder = next(f for f in found if f.shape.endswith("#PlaceholderShape"))
    assert placeholder.source_line == 7  # its line is read from the triples the engine did not get
