"""The ontology parses, documents every term in Dutch and English, and covers every term the data uses."""
from __future__ import annotations


import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from functiegebouw.convert import convert
from functiegebouw.rdf.load import load_graph, ontology_files
from functiegebouw.rdf.namespaces import FGR
from support import ROOT, SEED_TXT, seed_ttl



@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_graph([ROOT / "ontology" / "functiegebouw.ttl"])


def terms(g: Graph):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(FGR))})


def test_ontology_files_parse():
    # the ontology and its schemes, in this order; the SHACL shapes are not data and stay out
    assert [p.name for p in ontology_files()] == ["functiegebouw.ttl", "schemes.ttl"]
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
    # ... and the competenties of the seed, with English labels
    assert len(concepts) == 4 + 14 + 6 + 6 + 8 + 4 + 4 + 6
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
    data = convert(SEED_TXT).graph
    used = {t for triple in data for t in triple if isinstance(t, URIRef) and str(t).startswith(str(FGR))}
    assert used - declared == set()


def test_every_concept_used_by_the_seed_is_in_a_scheme():
    g = load_graph(ontology_files() + [seed_ttl(), ROOT / "data" / "reference"])
    rows = g.query("""PREFIX fgr: <https://w3id.org/functiegebouw/def#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?c WHERE { { ?s fgr:resultArea ?c } UNION { ?s fgr:block ?c } UNION
        { ?s fgr:characteristic ?c } UNION { ?s fgr:requiresLevel ?c } UNION { ?s fgr:requiresCompetency ?c }
        FILTER NOT EXISTS { ?c skos:inScheme ?scheme . ?scheme a skos:ConceptScheme } }""")
    assert list(rows) == []


# ---------------------------------------------------------------- an ontology other vocabularies can plug into

from rdflib import Literal  # noqa: E402
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV  # noqa: E402

from functiegebouw.source.model import Meta  # noqa: E402
from support import FIXTURES  # noqa: E402

ONTOLOGY = URIRef("https://w3id.org/functiegebouw/def")
ID = "https://w3id.org/functiegebouw/id/"
SCHEMA = "https://schema.org/"
SPDX = "http://spdx.org/rdf/terms#"
PAV = "http://purl.org/pav/"


def all_terms(g: Graph):
    """Every term the ontology defines: classes, properties and the individuals in the fgr: namespace."""
    return sorted({s for s in g.subjects() if isinstance(s, URIRef) and str(s).startswith(str(FGR))})


def test_every_term_is_defined_by_the_ontology(ontology):
    missing = [str(t) for t in all_terms(ontology) if (t, RDFS.isDefinedBy, ONTOLOGY) not in ontology]
    assert missing == [] and len(all_terms(ontology)) > 60


def test_ontology_is_versioned(ontology):
    version = str(ontology.value(ONTOLOGY, OWL.versionInfo))
    assert version == "0.2.1"
    assert ontology.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"https://w3id.org/functiegebouw/def/{version}")
    assert ontology.value(ONTOLOGY, OWL.priorVersion) == URIRef("https://w3id.org/functiegebouw/def/0.2.0")
    assert ontology.value(ONTOLOGY, DCTERMS.modified).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")


def test_no_label_is_shared_by_a_class_and_a_property(ontology):
    def labels(kind):
        return {(str(l), l.language) for s in ontology.subjects(RDF.type, kind) for l in ontology.objects(s, RDFS.label)}
    classes = labels(OWL.Class)
    properties = labels(OWL.ObjectProperty) | labels(OWL.DatatypeProperty)
    assert classes & properties == set()


VERBS = ("has", "is", "was", "had", "belongs", "probably", "applies", "typifies", "refers", "requires", "asks", "covers",
         "states", "stands", "starts", "scores", "continues", "falls", "lists", "leaves", "names")


def test_property_labels_are_verb_phrases(ontology):
    props = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    english = {str(p): str(l) for p in props if str(p).startswith(str(FGR))
               for l in ontology.objects(p, RDFS.label) if l.language == "en"}
    assert [(p, l) for p, l in english.items() if l.split()[0] not in VERBS] == []


def test_functiegroep_is_a_skos_concept_an_occupation_and_a_role(ontology):
    supers = set(ontology.objects(FGR.JobGroup, RDFS.subClassOf))
    assert {SKOS.Concept, URIRef(SCHEMA + "Occupation"), ORG.Role} <= supers
    assert (FGR.jobFamily, RDFS.subPropertyOf, SKOS.broader) in ontology
    assert (FGR.scale, RDF.type, OWL.FunctionalProperty) not in ontology


@pytest.fixture(scope="module")
def profile_901():
    return convert(FIXTURES / "variants" / "one-schaal.txt",
                   meta=Meta(functiegroep_id=901, label="Medewerker Proef", functiefamilie="Uitvoering",
                             source_url="https://www.functiegebouwrijksoverheid.nl/functiegebouw-html/functiegroep/901",
                             retrieved="2026-11-30"))


def test_converted_functiegroep_in_the_scheme_under_its_family(profile_901):
    g, group = profile_901.graph, URIRef(ID + "functiegroep/901")
    assert {SKOS.Concept, URIRef(SCHEMA + "Occupation"), ORG.Role, FGR.JobGroup} <= set(g.objects(group, RDF.type))
    assert g.value(group, SKOS.notation) == Literal("901")
    assert g.value(group, SKOS.inScheme) == URIRef(ID + "functiegebouw")
    assert g.value(group, SKOS.broader) == g.value(group, FGR.jobFamily) == URIRef(ID + "functiefamilie/uitvoering")
    assert g.value(group, SKOS.prefLabel) == Literal("Medewerker Proef", lang="nl")


def test_provenance_with_prov_pav_and_spdx(profile_901):
    g, group = profile_901.graph, URIRef(ID + "functiegroep/901")
    (doc,) = g.objects(group, PROV.wasDerivedFrom)
    activity = g.value(group, PROV.wasGeneratedBy)
    assert (activity, RDF.type, PROV.Activity) in g and (activity, PROV.used, doc) in g
    agent = g.value(activity, PROV.wasAssociatedWith)
    assert (agent, RDF.type, PROV.SoftwareAgent) in g
    assert g.value(doc, URIRef(PAV + "retrievedFrom")) == URIRef(
        "https://www.functiegebouwrijksoverheid.nl/functiegebouw-html/functiegroep/901")
    assert str(g.value(doc, URIRef(PAV + "retrievedOn"))) == "2026-11-30"
    checksum = g.value(doc, URIRef(SPDX + "checksum"))
    assert g.value(checksum, URIRef(SPDX + "algorithm")) == URIRef(SPDX + "checksumAlgorithm_sha256")
    import hashlib
    assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(
        (FIXTURES / "variants" / "one-schaal.txt").read_bytes()).hexdigest()
    used = {p for _, p, _ in g}
    assert FGR.sha256 not in used and FGR.retrievedOn not in used and FGR.competency not in used
    dataset = URIRef(ID + "functiegroep/901/gegevensset")  # the header of the data file
    assert (dataset, RDF.type, DCAT.Dataset) in g and g.value(dataset, URIRef("http://xmlns.com/foaf/0.1/primaryTopic")) == group
    assert g.value(dataset, PROV.wasGeneratedBy) == activity and g.value(dataset, DCTERMS.conformsTo) == ONTOLOGY


def test_quality_profile_requirements_the_schema_org_way(profile_901):
    g = profile_901.graph
    qp = URIRef(ID + "functiegroep/901/kwaliteitenprofiel/schaal-11")
    education = set(g.objects(qp, URIRef(SCHEMA + "educationRequirements")))
    assert education == set(g.objects(qp, FGR.levelStatement)) | set(g.objects(qp, FGR.educationField))
    for credential in education:
        assert (credential, RDF.type, URIRef(SCHEMA + "EducationalOccupationalCredential")) in g
        assert list(g.objects(credential, URIRef(SCHEMA + "educationalLevel")))
    (experience,) = g.objects(qp, URIRef(SCHEMA + "experienceRequirements"))
    assert (experience, RDF.type, URIRef(SCHEMA + "OccupationalExperienceRequirements")) in g
    assert set(g.objects(qp, FGR.requiresLevel)) == {URIRef(ID + "werk-en-denkniveau/mbo")}


@pytest.fixture(scope="module")
def closure(profile_901):
    """OWL-RL over ontology, schemes, reference data and a profile, with the wrong triple of the issue:
    a typering of schaal 11 that also says schaal 7. Shared by the tests below (~5 s)."""
    import owlrl

    g = load_graph(ontology_files() + [ROOT / "data" / "reference"])
    for triple in profile_901.graph:
        if triple[1] not in (FGR.requiresCompetency, FGR.requiresLevel):  # left for the chains to derive
            g.add(triple)
    g.add((URIRef(ID + "functiegroep/901/functietypering/schaal-11"), FGR.scale, URIRef(ID + "schaal/7")))
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return g


def test_owl_rl_merges_nothing(closure):
    """With fgr:scale functional, the wrong triple made schaal 11 owl:sameAs schaal 7."""
    assert [(s, o) for s, o in closure.subject_objects(OWL.sameAs) if s != o] == []


def test_property_chains_derive_the_direct_links(closure, profile_901):
    group = URIRef(ID + "functiegroep/901")
    qp = URIRef(ID + "functiegroep/901/kwaliteitenprofiel/schaal-11")
    # the converter writes these links; OWL-RL derives the same ones from the statements
    assert set(closure.objects(group, FGR.requiresCompetency)) == set(
        profile_901.graph.objects(group, FGR.requiresCompetency)) != set()
    assert set(closure.objects(qp, FGR.requiresCompetency)) == set(profile_901.graph.objects(qp, FGR.requiresCompetency))
    assert set(closure.objects(qp, FGR.requiresLevel)) == set(profile_901.graph.objects(qp, FGR.requiresLevel)) != set()


def test_salary_reachable_with_schema_estimated_salary(closure):
    amount = URIRef(ID + "schaal/11/salaris/2024-01-01")
    typering = URIRef(ID + "functiegroep/901/functietypering/schaal-11")
    estimated = URIRef(SCHEMA + "estimatedSalary")
    assert set(closure.objects(typering, estimated)) == {amount}  # not schaal 7's: the chain runs over typificationScale
    assert set(closure.objects(URIRef(ID + "functiegroep/901"), estimated)) == {amount}
    value = closure.value(amount, URIRef(SCHEMA + "value"))
    assert str(closure.value(value, URIRef(SCHEMA + "unitText"))) == "MONTH"


def reference_and_schemes() -> Graph:
    return load_graph([ROOT / "ontology" / "schemes.ttl", ROOT / "data" / "reference"])


def test_every_scheme_concept_has_a_sourced_definition_in_both_languages():
    g = reference_and_schemes()
    concepts = {c for c in g.subjects(SKOS.inScheme, None)}
    missing = [str(c) for c in concepts
               if {d.language for d in g.objects(c, SKOS.definition)} < {"nl", "en"} or g.value(c, DCTERMS.source) is None]
    assert missing == [] and len(concepts) > 90  # 52 in schemes.ttl, 19 schalen, 27 functiegroepen
    kenmerken = [c for c in concepts if str(c).startswith(ID + "fuwasys-kenmerk/")]
    assert {g.value(c, DCTERMS.source) for c in kenmerken} == {URIRef("https://wetten.overheid.nl/BWBR0022507")}


def test_every_scheme_and_data_file_has_a_dataset_header(profile_901):
    g = reference_and_schemes()
    schemes = set(g.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes and all((s, RDF.type, DCAT.Dataset) in g and g.value(s, DCTERMS.title) is not None for s in schemes)
    for name in ("salarisschalen", "functiegroepen"):
        assert (URIRef(ID + f"dataset/{name}"), RDF.type, DCAT.Dataset) in g
    assert list(profile_901.graph.subjects(RDF.type, DCAT.Dataset)) == [URIRef(ID + "functiegroep/901/gegevensset")]


def test_competenties_have_english_labels():
    g = load_graph([ROOT / "ontology" / "schemes.ttl"])
    competencies = set(g.subjects(RDF.type, FGR.Competency))
    assert len(competencies) == 6
    assert all({l.language for l in g.objects(c, SKOS.prefLabel)} == {"nl", "en"} for c in competencies)
    assert g.value(URIRef(ID + "competentie/luisteren"), SKOS.prefLabel, None) is not None
    assert Literal("planning and organising", lang="en") in set(
        g.objects(URIRef(ID + "competentie/plannen-en-organiseren"), SKOS.prefLabel))
