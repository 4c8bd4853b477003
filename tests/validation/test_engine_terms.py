"""pyshacl-turbo's engine given the context and each profile as its terms (turbo.TermTable) instead of N-Quads
text: the same findings on every shape fixture and on literals of every kind, the context's table left as
it was from unit to unit, the text still given where a term is not one the terms input takes, and the
engine's report in terms read back exactly."""
from __future__ import annotations


import pyoxigraph as ox
import pytest

from functiegebouw.rdf import load
from functiegebouw.validation import turbo
from support import FIXTURES, turbo_pair, unit_findings

FILES = sorted((FIXTURES / "shapes").glob("*.ttl")) + sorted((FIXTURES / "shapes_links").glob("*.ttl"))
FGR = "https://w3id.org/functiegebouw/def#"
GROUP = "https://w3id.org/functiegebouw/id/functiegroep/9902"

# Literals of every kind where the shapes check datatypes, languages, lengths and ranges: an ill-typed
# integer, a string stated as xsd:string and as a plain string (the same literal, RDF 1.1), a language
# string and a number where a string is wanted, a datatype of its own, a decimal and a negative where a
# whole number from 1 is wanted, a blank-node typering with a blank-node score, and text with a quote,
# a newline, a tab and letters outside ASCII.
LITERALS = f"""
@prefix fgr: <{FGR}> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{GROUP}> a fgr:JobGroup ; rdfs:label "Groep met \\"rare\\" waarden\\nen een tab\\t: één ∑"@nl ;
    fgr:fgrId "9902"^^xsd:string ; fgr:typification _:t , <{GROUP}/t2> ; fgr:result <{GROUP}/r> , <{GROUP}/r2> .
_:t a fgr:Typification ; fgr:fuwasysCode "32232"^^xsd:string ; fgr:statedTotal "abc"^^xsd:integer ;
    fgr:score [ a fgr:FuwasysScore ; fgr:scoreValue "2.5"^^xsd:decimal ] ; fgr:sourceLine "4"^^<http://x/own> .
<{GROUP}/t2> a fgr:Typification ; fgr:fuwasysCode "32232"@nl , 32232 ; fgr:statedTotal -3 ;
    fgr:sourceLine "0012"^^xsd:integer .
<{GROUP}/r> a fgr:Result ; schema:text "" , "P.M." ; fgr:sourceLine "7"^^<http://x/own> .
<{GROUP}/r2> a fgr:Result ; schema:text "Tekst"@nl ; fgr:sourceLine 0 , "7" .
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Two engines on the same context: one given terms (as fgr validate does), one given text."""
    return turbo_pair(tmp_path_factory.mktemp("cache"), without="terms")


findings = unit_findings


def given(monkeypatch) -> list[object]:
    """What the engine is given, unit by unit."""
    seen: list[object] = []
    validate = turbo.Program.validate
    monkeypatch.setattr(turbo.Program, "validate", lambda self, data: seen.append(data) or validate(self, data))
    return seen


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_fixture_gives_the_findings_of_its_text(runs, path):
    terms, text = runs
    triples = load.read_statements(path)
    assert findings(terms, path, triples) == findings(text, path, triples)


def test_the_terms_are_what_the_engine_is_given(runs, monkeypatch):
    terms, text = runs
    seen = given(monkeypatch)
    path = FIXTURES / "shapes" / "ScaleInRangeShape.fail.ttl"
    assert findings(terms, path, load.read_statements(path))
    assert findings(text, path, load.read_statements(path))
    assert isinstance(seen[0], tuple) and isinstance(seen[1], str)


def test_literals_of_every_kind(runs, tmp_path):
    terms, text = runs
    path = tmp_path / "literals.ttl"
    path.write_text(LITERALS, encoding="utf-8")
    triples = load.read_statements(path)
    found = findings(terms, path, triples)
    assert found == findings(text, path, triples)
    # the comparison is about literals: findings name them, with their datatypes and languages
    values = {(f.value, f.value_datatype, f.value_lang) for f in found if f.value_kind == "literal"}
    assert ("abc", "http://www.w3.org/2001/XMLSchema#integer", None) in values, values
    assert ("32232", None, "nl") in values, values
    assert any(datatype == "http://x/own" for _, datatype, _ in values), values
    assert any(f.focus.startswith("_:") for f in found)


def test_the_context_table_is_the_same_for_every_unit(runs):
    terms, _ = runs
    table = terms.terms
    assert table is not None
    before = (list(table.records), list(table.rows), dict(table.index))
    path = FIXTURES / "shapes" / "JobGroupLabelShape.fail.ttl"
    first = findings(terms, path, load.read_statements(path))
    other = FIXTURES / "shapes" / "ScaleInRangeShape.fail.ttl"
    findings(terms, other, load.read_statements(other))
    assert (table.records, table.rows, table.index) == before
    assert findings(terms, path, load.read_statements(path)) == first


def test_a_term_the_terms_input_does_not_take_goes_as_text(runs, monkeypatch):
    terms, _ = runs
    quoted = ox.Triple(ox.NamedNode(GROUP), ox.NamedNode(FGR + "fgrId"), ox.Literal("9902"))
    own = [ox.Quad(ox.NamedNode(GROUP), ox.NamedNode(FGR + "fgrId"), quoted)]  # RDF-star: a triple as object
    assert terms.terms is not None
    with pytest.raises(ValueError):
        terms.terms.with_own(own, None)
    data = terms._engine_input(own)
    assert isinstance(data, str) and "<<" in data


def test_the_report_in_terms_reads_back_exactly():
    records: list[turbo.Record] = [
        (0, "http://x/s", None, None), (0, "http://x/p", None, None), (1, "b1", None, None),
        (2, "tekst", None, "nl"), (2, "12", "http://www.w3.org/2001/XMLSchema#integer", None), (2, "plain", None, None)]
    rows: list[turbo.Row] = [(0, 1, 2, None), (2, 1, 3, None), (2, 1, 4, None), (0, 1, 5, None)]
    assert turbo._triples((records, rows)) == [
        ox.Triple(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.BlankNode("b1")),
        ox.Triple(ox.BlankNode("b1"), ox.NamedNode("http://x/p"), ox.Literal("tekst", language="nl")),
        ox.Triple(ox.BlankNode("b1"), ox.NamedNode("http://x/p"), ox.Literal("12", datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer"))),
        ox.Triple(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("plain"))]
    assert turbo._triples(([(7, "?", None, None)], [])) is None  # a kind of term not known: the public path
