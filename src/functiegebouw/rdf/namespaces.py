"""IRIs of the project and of the vocabularies it reuses."""
from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

FGR = Namespace("https://w3id.org/functiegebouw/def#")
ID = Namespace("https://w3id.org/functiegebouw/id/")
SCHEMA = Namespace("https://schema.org/")
ESCO = Namespace("http://data.europa.eu/esco/model#")
PAV = Namespace("http://purl.org/pav/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ONTOLOGY = "https://w3id.org/functiegebouw/def"

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


def bind_prefixes(graph):
    """Bind the project's prefixes so that every serialisation uses the same ones."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph
