"""The namespace IRIs the project writes and reads, as plain strings: the one place they are spelled out.

Every module takes its namespaces (and the few whole terms it names often) from here, so that no two
modules can disagree on one; ``rdf/namespaces.py`` makes rdflib namespaces of them. No imports: the
modules that never load rdflib (the CLI's parser, the SSSOM and SPARQL results code) use these too.
tests/test_iris.py fails when a module spells out an IRI that starts with one of these.
"""
from __future__ import annotations

# W3C
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SH = "http://www.w3.org/ns/shacl#"
DCAT = "http://www.w3.org/ns/dcat#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
# others
DCT = "http://purl.org/dc/terms/"
PAV = "http://purl.org/pav/"
ADMS = "http://purl.org/adms/"
VANN = "http://purl.org/vocab/vann/"
FOAF = "http://xmlns.com/foaf/0.1/"
SPDX = "http://spdx.org/rdf/terms#"
VOID = "http://rdfs.org/ns/void#"
GSP = "http://www.opengis.net/ont/geosparql#"
SCHEMA = "https://schema.org/"
SEMAPV = "https://w3id.org/semapv/vocab/"
SSSOM = "https://w3id.org/sssom/"
# ESCO: its model, and the IRIs of its concepts and schemes
ESCO_BASE = "http://data.europa.eu/esco/"
ESCO = ESCO_BASE + "model#"
ESCO_SCHEME = ESCO_BASE + "concept-scheme/"
ESCO_ISCO = ESCO_BASE + "isco/"
ESCO_OCCUPATION = ESCO_BASE + "occupation/"
ESCO_SKILL = ESCO_BASE + "skill/"
ESCO_ISCED_F = ESCO_BASE + "isced-f/"
ESCO_REUSE_LEVEL = ESCO_BASE + "skill-reuse-level/"
EQF = "http://data.europa.eu/snb/eqf/"
DCATAP = "http://data.europa.eu/r5r/"
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"  # the EU Vocabularies' authority tables
# the project's own
BASE = "https://w3id.org/functiegebouw/"
ONTOLOGY = BASE + "def"
FGR = ONTOLOGY + "#"
ID = BASE + "id/"
SHAPES = BASE + "shapes#"
GRAPH = BASE + "graph/"  # fgr load --graph-per-source: one named graph per source file
MAPPINGS = BASE + "mappings/"

# whole terms many modules name
RDF_TYPE = RDF + "type"
RDF_LANG_STRING = RDF + "langString"
XSD_STRING = XSD + "string"
