"""The converter's own writers (turtle.py) against rdflib: same triples, valid syntax, lazy Graph."""
from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.rdf.graph import serialize
from functiegebouw.source.model import Meta
from functiegebouw.rdf.turtle import Triples, boolean, date, integer, iri, lit, typed
from support import FIXTURES, SEED_TXT as SEED

VARIANTS = sorted((FIXTURES / "variants").glob("*.txt"))
CASES = [(SEED, None)] + [(p, Meta(functiegroep_id=999, label="Testfunctie")) for p in VARIANTS]
XSD = "http://www.w3.org/2001/XMLSchema#"  # a string: pytest trips over rdflib's closed namespace
IDS = ["seed"] + [p.stem for p in VARIANTS]


def _convert(path, meta):
    return convert(path) if meta is None else convert(path, meta=meta)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
@pytest.mark.parametrize("path,meta", CASES, ids=IDS)
def test_output_parses_back_to_exactly_the_triples(path, meta, fmt):
    conv = _convert(path, meta)
    parsed = Graph().parse(data=conv.serialize(fmt), format=fmt)
    assert set(parsed) == set(conv.graph)
    assert len(parsed) == len(conv.triples) == len(conv.graph)


@pytest.mark.parametrize("path,meta", CASES, ids=IDS)
def test_ntriples_lines_are_rdflibs_own(path, meta):
    """An independent writer of the same triples gives the same lines (sorted, without repeats)."""
    conv = _convert(path, meta)
    ours = conv.serialize("nt").decode("utf-8").splitlines()
    theirs = sorted(set(line for line in conv.graph.serialize(format="nt").splitlines() if line.strip()))
    assert ours == theirs


def test_graph_is_built_only_when_asked_and_then_kept():
    conv = convert(SEED)
    assert "graph" not in vars(conv)
    graph = conv.graph
    assert conv.graph is graph
    assert len(graph) == len(conv.triples) > 1000
    assert ("fgr", URIRef("https://w3id.org/functiegebouw/def#")) in set(graph.namespaces())
    assert isomorphic(graph, Graph().parse(data=conv.serialize(), format="turtle"))


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_a_graph_and_its_triples_serialise_alike(fmt):
    """serialize() takes an rdflib Graph too (callers that built or loaded one) and gives the same bytes."""
    conv = convert(SEED)
    assert serialize(conv.graph, fmt) == serialize(conv.triples, fmt)
    reparsed = Graph().parse(data=serialize(conv.triples, "turtle"), format="turtle")
    assert serialize(reparsed, fmt) == serialize(conv.triples, fmt)


def test_empty_strings_are_kept_for_profiles_and_dropped_for_spreadsheets():
    kept, dropped = Triples(keep_empty=True), Triples()
    for t in (kept, dropped):
        t.add("https://example.org/a", "https://example.org/p", lit(""))
        t.add("https://example.org/a", "https://example.org/q", lit("", "nl"))
    assert len(kept) == 2 and len(dropped) == 0
    for text in (kept.to_turtle({}), kept.to_ntriples()):
        g = Graph().parse(data=text, format="turtle")
        assert set(g.objects()) == {Literal(""), Literal("", lang="nl")}


def test_every_kind_of_term_round_trips_through_both_writers():
    ex = "https://example.org/"
    s = ex + "s"
    objects = {
        "text": (lit('quote " backslash \\ newline \n tab \t return \r bell \b feed \f ë €'),
                 Literal('quote " backslash \\ newline \n tab \t return \r bell \b feed \f ë €')),
        "lang": (lit("tekst", "nl"), Literal("tekst", lang="nl")),
        "int": (integer(-42), Literal(-42)),
        "bool": (boolean(False), Literal(False)),
        "date": (date("2024-03-01"), Literal("2024-03-01", datatype=URIRef(XSD + "date"))),
        "double": (typed("0.5", XSD + "double"), Literal("0.5", datatype=URIRef(XSD + "double"))),
        "string": (typed("x", XSD + "string"), Literal("x", datatype=URIRef(XSD + "string"))),
        "safe": (iri(ex + "local-name_1"), URIRef(ex + "local-name_1")),
        "unsafe": (iri(ex + "path/with.dot."), URIRef(ex + "path/with.dot.")),
    }
    t = Triples()
    for key, (term, _) in objects.items():
        t.add(s, ex + key, term)
    want = {(URIRef(s), URIRef(ex + k), rdf) for k, (_, rdf) in objects.items()}
    turtle = t.to_turtle({"ex": ex, "xsd": XSD})
    assert "ex:local-name_1" in turtle and "<https://example.org/path/with.dot.>" in turtle
    assert "ex:bool false" in turtle and "ex:int -42" in turtle
    assert set(Graph().parse(data=turtle, format="turtle")) == want
    assert set(Graph().parse(data=t.to_ntriples(), format="nt")) == want


@pytest.mark.parametrize("bad", ["https://example.org/a b", "https://example.org/<x>", 'urn:"q"'])
def test_an_iri_that_cannot_be_written_is_refused(bad):
    t = Triples()
    t.add("https://example.org/s", "https://example.org/p", iri(bad))
    with pytest.raises(ValueError, match="not a valid IRI"):
        t.to_turtle({})
    with pytest.raises(ValueError, match="not a valid IRI"):
        t.to_ntriples()


def test_unwritable_source_url_is_a_located_error(tmp_path):
    (tmp_path / "sources").mkdir()
    for name in ("a", "b"):
        (tmp_path / "sources" / f"{name}.txt").write_bytes((VARIANTS[0]).read_bytes())
    (tmp_path / "sources" / "b.toml").write_text('source_url = "www.example.org/no scheme"\n')
    with pytest.raises(FgrError) as err:
        convert(tmp_path / "sources" / "b.txt")
    assert err.value.path.endswith("b.toml") and "source_url" in err.value.message
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "build", "--data", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "b.toml" in proc.stderr and "Traceback" not in proc.stderr
    assert not list(tmp_path.glob("*.ttl"))
