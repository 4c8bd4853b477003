"""The ontology parses, documents every term in Dutch and English, and covers every term the data uses."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from functiegebouw.convert import convert
from functiegebouw.rdf.load import load_graph, ontology_files
from functiegebouw.rdf.namespaces import FGR
from support import ROOT



@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_graph([ROOT / "ontology" / "functiegebouw.ttl"])


def terms(g: Graph):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(FGR))})


def test_ontology_files_parse():
    assert [p.name for p in ontology_files()][:2] == ["functiegebouw.ttl", "schemes.ttl"] or \
        {"functiegebouw.ttl", "schemes.ttl"} <= {p.name for p in ontology_files()}
    g = load_graph(ontology_files())
    assert (URIRef("https://w3id.org/functiegebouw/def"), RDF.type, OWL.Ontology) in g


def test_required_classes_exist(ontology):
    for name in ("JobFamily", "JobGroup", "Scale", "ResultArea", "Result", "BehaviouralIndicator", "Competency",
                 "QualityProfile", "WorkAndThinkingLevel", "Typification", "FuwasysScore", "FuwasysCharacteristic",
                 "Placeholder", "SourceDocument"):
        assert (FGR[name], RDF.type, OWL.Class) in ontology, name


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition])
def test_every_term_has_dutch_and_english(ontology, prop):
    missing = [(str(t), lang) for t in terms(ontology) for lang in ("nl", "en")
               if not any(getattr(o, "language", None) == lang for o in ontology.objects(t, prop))]
    assert missing == []
    assert len(terms(ontology)) > 40


def test_concepts_have_labels_in_both_languages():
    g = load_graph([ROOT / "ontology" / "schemes.ttl"])
    concepts = set(g.subjects(SKOS.inScheme, None))
    # areas, kenmerken, blocks (with the optional Varianten), levels, families, page forms, line kinds
    assert len(concepts) == 4 + 14 + 6 + 6 + 8 + 4 + 4
    for c in concepts:
        langs = {o.language for o in g.objects(c, SKOS.prefLabel)}
        assert {"nl", "en"} <= langs, c


def test_fuwasys_characteristics_in_order():
    g = load_graph([ROOT / "ontology" / "schemes.ttl"])
    rows = g.query("""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?n ?l WHERE { ?k a <https://w3id.org/functiegebouw/def#FuwasysCharacteristic> ; skos:notation ?n ;
        skos:prefLabel ?l FILTER(lang(?l) = "nl") } ORDER BY xsd:integer(?n)""")
    names = [str(l) for _, l in rows]
    assert names[0] == "Complexiteit van de werkzaamheden" and names[5] == "Keuzevrijheid"
    assert names[13] == "Doel van de contacten" and len(names) == 14


def test_every_fgr_term_in_data_is_declared():
    """Catches typos in generated data (a habit from Brick): every fgr: IRI used is declared."""
    declared = set(load_graph(ontology_files()).subjects())
    data = convert(ROOT / "data" / "sources" / "medewerker-communicatie.txt").graph
    used = {t for triple in data for t in triple if isinstance(t, URIRef) and str(t).startswith(str(FGR))}
    assert used - declared == set()


def test_every_concept_used_by_the_seed_is_in_a_scheme():
    g = load_graph(ontology_files() + [ROOT / "data" / "medewerker-communicatie.ttl", ROOT / "data" / "reference"])
    rows = g.query("""PREFIX fgr: <https://w3id.org/functiegebouw/def#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?c WHERE { { ?s fgr:resultArea ?c } UNION { ?s fgr:block ?c } UNION
        { ?s fgr:characteristic ?c } UNION { ?s fgr:workAndThinkingLevel ?c } UNION { ?s fgr:competency ?c }
        FILTER NOT EXISTS { ?c skos:inScheme ?scheme . ?scheme a skos:ConceptScheme } }""")
    assert list(rows) == []
