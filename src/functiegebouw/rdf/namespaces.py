"""IRIs of the project and of the vocabularies it reuses, as rdflib namespaces (the strings: rdf/iris.py)."""
from typing import TypeVar

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from functiegebouw.rdf import iris

G = TypeVar("G", bound=Graph)

FGR = Namespace(iris.FGR)
ID = Namespace(iris.ID)
SCHEMA = Namespace(iris.SCHEMA)
ESCO = Namespace(iris.ESCO)
PAV = Namespace(iris.PAV)
SPDX = Namespace(iris.SPDX)
ONTOLOGY = iris.ONTOLOGY

PREFIXES = {
    "fgr": FGR,
    "id": ID,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "pav": PAV,
    "spdx": SPDX,
    "dcat": DCAT,
    "dct": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
}


def bind_prefixes(graph: G) -> G:
    """Bind the project's prefixes so that every serialisation uses the same ones."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
