"""Resource descriptions: which triples belong to a resource, blank node labels that do not depend
on the store, paths from IRIs, and the Turtle and JSON-LD writers with blank nodes."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph as RGraph
from rdflib.compare import isomorphic

from functiegebouw.rdf.jsonld import to_jsonld
from functiegebouw.site.describe import PREFIXES, Graph, document, site_path
from functiegebouw.sparql.results import oxigraph_term

DATA = """
@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/functiegebouw/id/> .
id:a rdfs:label "A"@nl ; fgr:x [ rdfs:label "inner" ; fgr:y [ rdfs:label "deeper" ] ] ;
     fgr:list ( 1 "two" id:b ) ;
     fgr:twin [ rdfs:label "t" ] , [ rdfs:label "t" ] ;
     fgr:other [ rdfs:label "t" ] .
id:b rdfs:label "B" ; fgr:ref id:a .
id:c fgr:ref id:d .
<https://w3id.org/functiegebouw/def> rdfs:label "ontology" .
<https://w3id.org/functiegebouw/def#T> rdfs:label "term" .
<https://example.org/x> rdfs:label "not ours" ; fgr:x [ rdfs:label "orphan" ] .
"""


def rows(text: str):
    """(s, p, o) SPARQL JSON terms as a store gives them (fresh blank node ids on every parse)."""
    store = ox.Store()
    store.load(text.encode(), ox.RdfFormat.TURTLE)
    return [(oxigraph_term(q.subject), oxigraph_term(q.predicate), oxigraph_term(q.object))
            for q in store.quads_for_pattern(None, None, None)]


def parsed(text: str, fmt: str) -> RGraph:
    return RGraph().parse(data=text, format=fmt)


def test_a_resource_holds_its_triples_and_the_blank_nodes_it_owns():
    descs = Graph(rows(DATA)).describe_all()
    a = descs["https://w3id.org/functiegebouw/id/a"]
    expected = RGraph().parse(data=DATA, format="turtle")
    # the CBD of id:a in rdflib: its triples and the closure over blank node objects
    want = expected.cbd(expected.namespace_manager.expand_curie("id:a"))
    assert isomorphic(parsed(a.turtle(), "turtle"), want)
    assert isomorphic(parsed(a.jsonld(), "json-ld"), want)
    assert len(want) == 1 + 4 + 7 + 4 + 2  # label, the x chain, the list, the twins, the other


def test_objects_only_and_hash_iris():
    descs = Graph(rows(DATA)).describe_all()
    assert len(descs["https://w3id.org/functiegebouw/id/d"].triples) == 0  # only an object: a page, no triples
    ontology = descs["https://w3id.org/functiegebouw/def"]
    assert {s for s, _, _ in ontology.triples} == {"https://w3id.org/functiegebouw/def",
                                                   "https://w3id.org/functiegebouw/def#T"}
    assert "https://w3id.org/functiegebouw/def#T" not in descs
    assert not any(iri.startswith("https://example.org") for iri in descs)


def test_output_does_not_depend_on_blank_node_ids_of_the_store():
    one, two = Graph(rows(DATA)), Graph(list(reversed(rows(DATA))))
    a1 = one.describe_all()["https://w3id.org/functiegebouw/id/a"]
    a2 = two.describe_all()["https://w3id.org/functiegebouw/id/a"]
    assert a1.turtle() == a2.turtle() and a1.jsonld() == a2.jsonld()
    assert "_:b" in a1.turtle()


def test_repeated_triples_of_a_bag_union_count_once():
    r = rows(DATA)
    assert len(Graph(r + r)) == len(Graph(r))


@pytest.mark.parametrize("iri, path", [
    ("https://w3id.org/functiegebouw/id/functiegroep/527", "id/functiegroep/527"),
    ("https://w3id.org/functiegebouw/def#JobGroup", "def"),
    ("https://w3id.org/functiegebouw/id/x/../../etc", None),
    ("https://w3id.org/functiegebouw/id//x", None),
    ("https://w3id.org/functiegebouw/id/a%2Fb", None),
    ("https://w3id.org/functiegebouw/", None),
    ("https://w3id.org/functiegebouw/id/x?y=1", None),
    ("https://example.org/functiegebouw/id/x", None),
])
def test_site_paths_are_plain(iri, path):
    assert site_path(iri) == path


def test_document_of_a_hash_iri():
    assert document("https://w3id.org/functiegebouw/shapes#X") == "https://w3id.org/functiegebouw/shapes"


def test_jsonld_keeps_literal_forms():
    from functiegebouw.rdf.turtle import Triples, lit, typed

    t = Triples(keep_empty=True)
    t.add("https://w3id.org/functiegebouw/id/s", PREFIXES["schema"] + "minValue", typed("2506.90", PREFIXES["xsd"] + "decimal"))
    t.add("https://w3id.org/functiegebouw/id/s", PREFIXES["fgr"] + "bulleted", typed("true", PREFIXES["xsd"] + "boolean"))
    t.add("https://w3id.org/functiegebouw/id/s", PREFIXES["rdfs"] + "label", lit("tekst \"met\" aanhalingstekens", "nl"))
    t.add("https://w3id.org/functiegebouw/id/s", PREFIXES["rdfs"] + "comment", lit(""))
    got = parsed(to_jsonld(t, PREFIXES), "json-ld")
    assert isomorphic(got, parsed(t.to_turtle(PREFIXES), "turtle"))
    assert "2506.90" in {str(o) for o in got.objects()}
