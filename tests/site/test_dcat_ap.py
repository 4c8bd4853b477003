"""The dataset description (``dataset/index.ttl``) passes DCAT-AP 3.0.1: mandatory, recommended and
range shapes (tests/fixtures/dcat-ap, the release's own files), with pySHACL, the reference engine."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, XSD

from functiegebouw.site import dataset
from functiegebouw.site.describe import PREFIXES, Graph as SiteGraph
from support import FIXTURES

SHAPES = ("shapes.ttl", "shapes_recommended.ttl", "range.ttl")
PAV = "http://purl.org/pav/retrievedOn"
GROUP = "https://w3id.org/functiegebouw/id/functiegroep/527"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    g = Graph()
    for name in SHAPES:
        g.parse(FIXTURES / "dcat-ap" / name, format="turtle")
    return g


def site(dates=("2026-11-30", "2026-10-02"), links=(("ESCO-vaardigheid", "x", "y", None),)):
    """What the description reads of a site: its graph (here two source documents with their retrieval
    dates), its functiegroepen and its links."""
    rows = [({"type": "uri", "value": f"https://w3id.org/functiegebouw/id/bron/{i}"}, {"type": "uri", "value": PAV},
             {"type": "literal", "value": d, "datatype": str(XSD.date)}) for i, d in enumerate(dates)]
    return SimpleNamespace(graph=SiteGraph(rows), data=SimpleNamespace(
        groepen={527: SimpleNamespace(iri=GROUP)}, links_by_source={GROUP: list(links)}))


def written(the_site) -> Graph:
    """``dataset/index.ttl`` as ``fgr site`` writes it for ``the_site``, parsed."""
    files = {f"dataset/{name}": f"the bytes of {name}".encode() for name, *_ in dataset.DOWNLOADS}
    page = dataset.dataset_page(the_site, files, {"triples": 12, "resources": 3, "subjects": 4})
    return Graph().parse(data=page["dataset/index.ttl"].decode("utf-8"), format="turtle")


def results(data: Graph, shapes: Graph) -> list[tuple[str, str, str]]:
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True, allow_warnings=False)
    return sorted((str(report.value(r, SH.resultSeverity)).split("#")[1], str(report.value(r, SH.focusNode)),
                   str(report.value(r, SH.resultPath))) for r in report.subjects(RDF.type, SH.ValidationResult))


# Without a retrieval date in the data there is no period and no modification date to state: the two
# recommended properties are missing, and said to be.
UNDATED = [("Warning", dataset.DATASET, str(DCTERMS.temporal)), ("Warning", dataset.CATALOG, str(DCTERMS.modified))]


@pytest.mark.parametrize("the_site, expected", [(site(), []), (site(links=()), []), (site(dates=()), UNDATED)],
                         ids=["dated", "no-links", "undated"])
def test_description_passes_mandatory_recommended_and_range_shapes(the_site, expected, shapes):
    g = written(the_site)
    assert results(g, shapes) == sorted(expected)
    catalog = URIRef(dataset.CATALOG)
    assert (catalog, RDF.type, DCAT.Catalog) in g and g.value(catalog, DCAT.dataset) == URIRef(dataset.DATASET)
    assert g.value(URIRef(dataset.DATASET), DCTERMS.publisher) == URIRef(dataset.PUBLISHER.iri)
    for dist in g.objects(URIRef(dataset.DATASET), DCAT.distribution):
        assert g.value(dist, DCAT.accessURL) == g.value(dist, DCAT.downloadURL) == dist


def test_the_issue_s_faults_are_caught(shapes):
    """The shapes are loaded and bite: the description as it was (no access URLs, untyped licence and
    media types, web sites as dct:source, no catalogue or publisher) gives the issue's violations."""
    g = written(site())
    for triple in [*g.triples((None, DCAT.accessURL, None)), *g.triples((None, RDF.type, DCTERMS.LicenseDocument)),
                   *g.triples((None, RDF.type, DCTERMS.MediaType))]:
        g.remove(triple)
    g.add((URIRef(dataset.DATASET), DCTERMS.source, URIRef("https://www.cbs.nl/")))
    found = {(severity, path) for severity, _, path in results(g, shapes)}
    assert {("Violation", str(DCAT.accessURL)), ("Violation", str(DCTERMS.license)),
            ("Violation", str(DCAT.mediaType)), ("Violation", str(DCTERMS.source))} <= found
    g.remove((URIRef(dataset.DATASET), DCTERMS.publisher, None))
    assert ("Warning", str(DCTERMS.publisher)) in {(s, p) for s, _, p in results(g, shapes)}


def test_dates_come_from_the_data_and_the_bytes_repeat():
    g = written(site(dates=("2026-11-30", "2026-10-02", "2026-11-01", "2026-02-30", "gisteren")))
    period = g.value(URIRef(dataset.DATASET), DCTERMS.temporal)
    assert g.value(period, DCAT.startDate) == Literal("2026-10-02", datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == Literal("2026-11-30", datatype=XSD.date)
    assert g.value(URIRef(dataset.DATASET), DCTERMS.modified) == Literal("2026-11-30", datatype=XSD.date)
    undated = written(site(dates=()))
    assert undated.value(URIRef(dataset.DATASET), DCTERMS.temporal) is None
    files = {f"dataset/{name}": b"x" for name, *_ in dataset.DOWNLOADS}
    pages = [dataset.dataset_page(site(), files, {"triples": 1, "resources": 1, "subjects": 1}) for _ in range(2)]
    assert pages[0] == pages[1]


def test_sources_are_derived_from_not_dct_source():
    g = written(site())
    assert list(g.objects(URIRef(dataset.DATASET), DCTERMS.source)) == []
    derived = set(g.objects(URIRef(dataset.DATASET), URIRef(PREFIXES["prov"] + "wasDerivedFrom")))
    assert URIRef("https://www.functiegebouwrijksoverheid.nl/") in derived and URIRef("https://esco.ec.europa.eu/") in derived
    assert URIRef("https://www.onetcenter.org/") not in derived  # no O*NET link in this site
