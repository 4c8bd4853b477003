"""pyshacl-turbo (the default engine) against pyshacl (the reference): the same findings everywhere.

A turbo release that drifts from pyshacl fails here, not in a user's report.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from functiegebouw.validation import shacl as validation
from functiegebouw.errors import FgrError
from functiegebouw.rdf.load import read_triples
from functiegebouw.validation.locate import Locator
from functiegebouw.rdf.terms import subject_key, to_oxigraph, to_rdflib
from functiegebouw.rdf.view import TripleView
from functiegebouw.validation.shacl import engine_name, validate
from support import FIXTURES, ROOT, seed_ttl

FGR = "https://w3id.org/functiegebouw/def#"
SHAPE_FIXTURES = sorted((FIXTURES / "shapes").glob("*.ttl")) + sorted((FIXTURES / "shapes_links").glob("*.ttl"))


@pytest.fixture(scope="module", autouse=True)
def sparql_parsed_once():
    """pyshacl has rdflib parse every SPARQL constraint of the shapes again on each run (pyparsing:
    about half of its CPU time on a shape fixture, with ~80 fixtures here). This module's rdflib keeps
    each query it has parsed and translated, keyed by its text, base and prefixes: a translated query
    is reusable (what rdflib's ``prepareQuery`` hands out), so the findings stay pyshacl's own."""
    from rdflib.plugins.sparql import processor

    real = processor.SPARQLProcessor.query
    parsed: dict[tuple[object, ...], object] = {}

    def query(self, q, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(q, str):
            key = (q, base, tuple(sorted((k, str(v)) for k, v in (initNs or {}).items())))
            if key not in parsed:
                parsed[key] = processor.translateQuery(processor.parseQuery(q), base, initNs or {})
            q = parsed[key]
        return real(self, q, initBindings or {}, initNs or {}, base, DEBUG)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(processor.SPARQLProcessor, "query", query)
        yield parsed


def test_turbo_is_installed_and_the_default():
    assert engine_name("auto") == "turbo"


@pytest.mark.parametrize("fixture", SHAPE_FIXTURES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_engines_agree_on_every_shape_fixture(fixture):
    turbo = validate([fixture], engine="turbo")
    reference = validate([fixture], engine="pyshacl")
    assert turbo.findings == reference.findings
    assert turbo.findings or fixture.name.endswith(".pass.ttl")  # a fail fixture is not vacuous


def test_engines_agree_on_a_damaged_seed_with_links(tmp_path):
    """The seed with parts removed and values broken, plus the link mappings: many shapes fire at once."""
    g = Graph().parse(seed_ttl())
    typering = sorted(g.subjects(RDF.type, URIRef(FGR + "Typification")))[0]
    for score in sorted(g.objects(typering, URIRef(FGR + "score")))[:3]:
        g.set((score, URIRef(FGR + "scoreValue"), Literal(9)))
    g.remove((sorted(g.subjects(RDF.type, URIRef(FGR + "QualityProfile")))[0], URIRef(FGR + "scale"), None))
    for st in sorted(g.subjects(RDF.type, URIRef(FGR + "Result")))[:2]:
        g.remove((st, None, None))
    g.remove((typering, URIRef(FGR + "statedTotal"), None))
    damaged = tmp_path / "damaged.ttl"
    damaged.write_bytes(g.serialize(format="nt", encoding="utf-8"))
    files = [damaged, *sorted((seed_ttl().parent / "mappings").glob("*.ttl"))]
    turbo = validate(files, engine="turbo")
    assert turbo.findings == validate(files, engine="pyshacl").findings
    assert {f.severity for f in turbo.findings} >= {"Violation", "Info"}


def test_explicit_turbo_without_the_package_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyshacl_turbo", None)  # makes `import pyshacl_turbo` fail
    assert engine_name("auto") == "pyshacl"
    with pytest.raises(FgrError, match="pyshacl-turbo is not installed"):
        validate([seed_ttl()], engine="turbo")
    with pytest.raises(FgrError, match="engine must be one of"):
        validate([seed_ttl()], engine="fast")


def test_shapes_turbo_refuses_are_an_error_not_a_traceback(monkeypatch, tmp_path):
    """SHACL 1.0 asks sub-queries to project $this; turbo enforces it, so our shapes do it too."""
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass <https://w3id.org/functiegebouw/def#JobGroup> ;
  sh:sparql [ sh:select "SELECT $this WHERE { { SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c } } }" ] .
""", encoding="utf-8")
    monkeypatch.setattr(validation, "shape_files", lambda: [shapes])
    with pytest.raises(FgrError, match="cannot be validated"):
        validate([seed_ttl()], engine="turbo")


def test_cli_engine_option(tmp_path):
    fgr = Path(sys.executable).parent / "fgr"
    out = {}
    for engine in ("pyshacl", "turbo"):
        run = subprocess.run([str(fgr), "validate", "--engine", engine, "--format", "json", str(seed_ttl())],
                             capture_output=True, text=True, cwd=ROOT)
        assert run.returncode == 0, run.stderr
        out[engine] = run.stdout
    assert out["pyshacl"] == out["turbo"] and '"Info"' in out["turbo"]


def test_terms_round_trip():
    terms = [URIRef("http://x/a"), Literal("tekst", lang="nl"), Literal("tekst"), Literal(5),
             Literal("2024-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))]
    for term in terms:
        back = to_rdflib(to_oxigraph(term))
        assert back == term and type(back) is type(term)
        assert getattr(back, "datatype", None) == getattr(term, "datatype", None)
    assert subject_key(URIRef("http://x/a")) == subject_key(ox.NamedNode("http://x/a"))
    assert subject_key(Literal("x")) is None


def test_the_locator_reads_a_profile_beside_its_context_as_one_graph():
    """The Locator gives the same answer for every node over one Store as over the context's Store with
    the profile's own triples in a second one (as validation gives it), and lines for many."""
    triples = read_triples(seed_ttl())
    whole, context, own = ox.Store(), ox.Store(), ox.Store()
    whole.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    half = len(triples) // 2
    context.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples[:half])
    own.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples[half - 10:])  # some in both
    nodes = sorted({t.subject for t in triples}, key=str)
    assert len(nodes) > 100
    a, b = Locator(TripleView(whole), seed_ttl()), Locator(TripleView(context, own), seed_ttl())
    assert [a.locate(n) for n in nodes] == [b.locate(n) for n in nodes]
    assert any(loc.source_line for loc in map(b.locate, nodes))
    view = TripleView(context, own)
    assert (nodes[0], None, None) in view and (ox.NamedNode("http://x/none"), None, None) not in view
    assert len(list(view.triples())) == len(set(triples))  # a triple of both stores once


def test_files_are_read_strictly_with_file_and_line(tmp_path):
    """pyoxigraph reads the files: an IRI with a space (only a warning in rdflib) is refused at its line."""
    bad = tmp_path / "space.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b <http://example.org/a b> .\n", encoding="utf-8")
    run = subprocess.run([str(Path(sys.executable).parent / "fgr"), "validate", str(bad)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"{bad}:3:" in run.stderr and "IRI" in run.stderr


def test_a_finding_names_the_file_its_focus_node_comes_from(tmp_path):
    """A node described only in a shared (non-profile) file is reported in that file, not the profile's."""
    shared = tmp_path / "extra.ttl"
    shared.write_text("<https://w3id.org/functiegebouw/id/los/resultaat> a <https://w3id.org/functiegebouw/def#Result> .\n",
                      encoding="utf-8")
    for engine in ("turbo", "pyshacl"):
        findings = validate([seed_ttl(), shared], engine=engine).findings
        from_shared = [f for f in findings if f.focus.endswith("/los/resultaat")]
        assert from_shared and all(f.data_file.endswith("extra.ttl") for f in from_shared), engine
        assert all(f.data_file.endswith("medewerker-communicatie.ttl") for f in findings if f not in from_shared)
