"""The graph the converter builds from the seed_graph (rdf/graph.py): the facts of the text, provenance, stable IRIs."""
from __future__ import annotations

import hashlib

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from functiegebouw.convert import convert
from functiegebouw.rdf.load import load_graph
from functiegebouw.rdf.graph import profile_to_graph, serialize
from functiegebouw.source.parse import parse_lines
from functiegebouw.source.model import Meta
from functiegebouw.source.text import decode
from support import FIXTURES, ROOT, SEED_TXT as SEED, sparql_rows as rows


@pytest.fixture(scope="module")
def seed_graph() -> Graph:
    return convert(SEED).graph

def test_seed_results_and_indicators_per_area(seed_graph):
    q = """SELECT ?area (COUNT(?s) AS ?n) WHERE { ?g a fgr:JobGroup ; %s ?s . ?s fgr:resultArea ?area }
           GROUP BY ?area ORDER BY ?area"""
    areas = [f"https://w3id.org/functiegebouw/id/resultaatgebied/{a}"
             for a in ("bedrijfsvoering", "omgeving", "opdracht", "vernieuwen-en-verbeteren")]
    assert rows(seed_graph, q % "fgr:result") == list(zip(areas, [3, 3, 4, 2], strict=True))
    assert rows(seed_graph, q % "fgr:behaviouralIndicator") == list(zip(areas, [3, 6, 6, 3], strict=True))

def test_seed_competencies(seed_graph):
    got = rows(seed_graph, """SELECT ?label WHERE { ?g a fgr:JobGroup ; fgr:requiresCompetency ?c . ?c skos:prefLabel ?label }
                        ORDER BY ?label""")
    assert [r[0] for r in got] == ["Flexibiliteit", "Klantgerichtheid", "Luisteren", "Plannen en organiseren",
                                  "Voortgangscontrole", "Zelfontwikkeling"]
    # "plannen en organiseren" (kernprofiel) and "Plannen en organiseren" (kwaliteitenprofiel) are one concept
    assert len(set(seed_graph.subjects(None, URIRef("https://w3id.org/functiegebouw/def#Competency")))) == 6
    per_qp = rows(seed_graph, """SELECT ?qp (COUNT(DISTINCT ?c) AS ?n) WHERE { ?qp a fgr:QualityProfile ; fgr:requiresCompetency ?c .
                           ?g fgr:requiresCompetency ?c } GROUP BY ?qp""")
    assert [n for _, n in per_qp] == [6, 6, 6, 6]

def test_seed_quality_profiles(seed_graph):
    notations = """SELECT ?n (GROUP_CONCAT(?lvl; separator=",") AS ?levels) WHERE {
                     SELECT ?n ?lvl WHERE { ?qp a fgr:QualityProfile ; fgr:scale/fgr:scaleNumber ?n ;
                       fgr:requiresLevel/skos:notation ?lvl } ORDER BY ?n ?lvl } GROUP BY ?n ORDER BY ?n"""
    # the notation lives in the scheme file, not in the profile graph: the profile links the concepts only
    with_schemes = seed_graph + load_graph([ROOT / "ontology" / "schemes.ttl"])
    assert rows(with_schemes, notations) == [(5, "MBO,VMBO"), (6, "MBO,VMBO"), (7, "MBO"), (8, "MBO")]
    assert rows(seed_graph, notations) == []
    got = rows(seed_graph, """SELECT ?n ?how WHERE { ?qp a fgr:QualityProfile ; fgr:scale/fgr:scaleNumber ?n ;
                          fgr:scaleAssignment ?how } ORDER BY ?n""")
    assert got == [(n, "https://w3id.org/functiegebouw/def#assignedByPosition") for n in (5, 6, 7, 8)]
    levels = rows(seed_graph, """SELECT ?n ?label WHERE { ?qp a fgr:QualityProfile ; fgr:scale/fgr:scaleNumber ?n ;
                             fgr:requiresLevel/skos:prefLabel ?label } ORDER BY ?n ?label""")
    assert levels == [(5, "MBO"), (5, "VMBO"), (6, "MBO"), (6, "VMBO"), (7, "MBO"), (8, "MBO")]
    placeholders = rows(seed_graph, """SELECT ?n (COUNT(?p) AS ?c) WHERE { ?qp fgr:scale/fgr:scaleNumber ?n .
                                   { ?qp fgr:departmentalEducation ?p } UNION { ?qp fgr:departmentalCompetency ?p }
                                   ?p a fgr:Placeholder ; schema:text ?t } GROUP BY ?n ORDER BY ?n""")
    assert placeholders == [(5, 2), (6, 2), (7, 2), (8, 2)]

def test_seed_schaal_8_scores(seed_graph):
    t = URIRef("https://w3id.org/functiegebouw/id/functiegroep/527/functietypering/schaal-8")
    got = rows(seed_graph, """SELECT ?notation ?v WHERE { ?t fgr:score ?s . ?s fgr:scoreValue ?v ;
                          fgr:characteristic ?k . ?s schema:position ?notation } ORDER BY ?notation""", t=t)
    assert [v for _, v in got] == [3, 2, 2, 3, 2, 3, 3, 2, 3, 3, 3, 3, 3, 3]
    assert [n for n, _ in got] == list(range(1, 15))
    assert rows(seed_graph, "SELECT ?c ?total WHERE { ?t fgr:fuwasysCode ?c ; fgr:statedTotal ?total }", t=t) == [
        ("32232 33233 33 33 (38)", 38)]

def test_seed_typering_blocks_and_subheadings(seed_graph):
    got = rows(seed_graph, """SELECT ?n ?block (COUNT(?s) AS ?c) WHERE { ?t fgr:scale/fgr:scaleNumber ?n ;
                          fgr:typificationStatement ?s . ?s fgr:block ?block } GROUP BY ?n ?block ORDER BY ?n ?block""")
    counts = {(n, b.rsplit("/", 1)[1]): c for n, b, c in got}
    assert counts[(5, "resultaten")] == 6 and counts[(6, "resultaten")] == 5
    assert counts[(7, "contacten")] == 2 and counts[(8, "kennis-en-vaardigheden")] == 4
    assert counts[(5, "speelruimte-kaders")] == 3 and counts[(5, "algemene-omschrijving")] == 2
    subs = rows(seed_graph, "SELECT DISTINCT ?sub WHERE { ?s fgr:subheading ?sub }")
    assert subs == [("Ondersteuning ten behoeve van communicatie",)]

def test_every_statement_has_text_line_and_source(seed_graph):
    missing = rows(seed_graph, """SELECT ?s WHERE { ?s a ?c . FILTER(?c IN (fgr:Result, fgr:BehaviouralIndicator,
        fgr:CompetencyStatement, fgr:TypificationStatement, fgr:ExperienceStatement, fgr:LevelStatement,
        fgr:EducationFieldStatement, fgr:DepartmentalStatement))
        FILTER NOT EXISTS { ?s schema:text ?t ; fgr:sourceLine ?l ; prov:wasDerivedFrom ?src . ?src spdx:checksum/spdx:checksumValue ?h } }""")
    assert missing == []
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for text, line in rows(seed_graph, "SELECT ?t ?l WHERE { ?s schema:text ?t ; fgr:sourceLine ?l }"):
        assert text in " ".join(lines[line - 1].replace("\u00a0", " ").split()), (text, line)

def test_statement_texts_are_verbatim(seed_graph):
    texts = {r[0] for r in rows(seed_graph, "SELECT ?t WHERE { ?s schema:text ?t }")}
    assert "ondersteunt naar aard en inhoud verscheidene en uiteenlopendecommunicatie activiteiten administratief en logistiek van aard" in texts
    assert "Publieksvragen en/of interne communicatieopdrachten zijn afgehandeld volgens de regelgeving / procedures" in texts
    assert not any("\u00a0" in t or "  " in t for t in texts)

def test_source_document_hash(seed_graph):

    got = rows(seed_graph, """SELECT (STR(?v) AS ?h) ?id WHERE { ?d a fgr:SourceDocument ; spdx:checksum ?c ;
                                <http://purl.org/dc/terms/identifier> ?id .
                                ?c spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue ?v }""")
    assert got == [(hashlib.sha256(SEED.read_bytes()).hexdigest(), "medewerker-communicatie.txt")]

@pytest.mark.parametrize("fmt", ["json-ld", "nt"])
def test_other_formats_parse_back(seed_graph, fmt):
    data = serialize(seed_graph, fmt)
    assert serialize(seed_graph, fmt) == data
    assert isomorphic(Graph().parse(data=data, format=fmt), seed_graph)

def test_iris_do_not_depend_on_order():
    """Swapping two bullets keeps every statement IRI; only positions change."""
    lines = decode((FIXTURES / "variants" / "base.txt").read_bytes())
    i = lines.index(" \u2022 dossiers behandeld (schaal 9)")
    swapped = lines[:i] + [lines[i + 1], lines[i]] + lines[i + 2:]
    a = profile_to_graph(parse_lines(lines, meta=Meta(functiegroep_id=999)))
    b = profile_to_graph(parse_lines(swapped, meta=Meta(functiegroep_id=999)))
    assert set(a.subjects()) == set(b.subjects())
    assert not isomorphic(a, b)
