"""The dataset as a whole: VoID and DCAT description, downloads, and the w3id redirects.

The description is generated here (it is about the files of this build: their sizes and
SHA-256), so it is not in the store; it is published at https://w3id.org/functiegebouw/dataset.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from functiegebouw.rdf import iris
from functiegebouw.rdf.jsonld import to_jsonld
from functiegebouw.rdf.turtle import Triples, date, integer, iri, lit, typed
from functiegebouw.site.describe import BASE, PREFIXES
from functiegebouw.site.html import e, external, in_language, link, shell
from functiegebouw.site.negotiation import TYPE_MAP, type_map

if TYPE_CHECKING:
    from functiegebouw.site.pages import Site

DATASET = BASE + "dataset"
CATALOG = DATASET + "#catalogus"
CONTACT = DATASET + "#contact"
RDF_TYPE = iris.RDF_TYPE
VOID, DCAT, DCT, FOAF = PREFIXES["void"], PREFIXES["dcat"], PREFIXES["dct"], PREFIXES["foaf"]
SPDX, RDFS, XSD, SKOS = PREFIXES["spdx"], PREFIXES["rdfs"], PREFIXES["xsd"], PREFIXES["skos"]
PROV, PAV = PREFIXES["prov"], PREFIXES["pav"]
VCARD, DCATAP, GSP = iris.VCARD, iris.DCATAP, iris.GSP
EUPL = "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"
# (file, IANA media type, name, EU file type: publications.europa.eu/resource/authority/file-type)
DOWNLOADS = (("functiegebouw.ttl", "text/turtle", "Turtle", "RDF_TURTLE"),
             ("functiegebouw.nt", "application/n-triples", "N-Triples", "RDF_N_TRIPLES"),
             ("functiegebouw.jsonld", "application/ld+json", "JSON-LD", "JSON_LD"))

# The terms of the controlled vocabularies that DCAT-AP 3 asks for (tests/fixtures/dcat-ap/SOURCES.md),
# with the labels those vocabularies give them: the EU Vocabularies authority tables of the Publications
# Office (http://publications.europa.eu/resource/authority/) and ADMS (http://purl.org/adms/).
EU, ADMS = iris.EU_AUTHORITY, iris.ADMS
THEME_SCHEME = (EU + "data-theme", "Data theme Named Authority List")
THEME = (EU + "data-theme/GOVE", (("Overheid en publieke sector", "nl"), ("Government and public sector", "en")))
LANGUAGES = (EU + "language/NLD", EU + "language/ENG")
AVAILABILITY = (EU + "planned-availability/STABLE", "stable")
LICENCE_TYPE = (ADMS + "licencetype/ShareAlike-Compatible",  # the EUPL: copyleft with a compatibility list
                "Share-alike / copyleft on source code or with compatibility exceptions for larger work and "
                "interoperability")
# The Netherlands: the area of use of the Dutch national grid (EPSG:28992, Amersfoort / RD New, in the EPSG
# dataset: "Netherlands - onshore, including Waddenzee, Dutch Wadden Islands and 12-mile offshore coastal
# zone", bounds 3.2 E 50.75 N to 7.22 E 53.7 N) and, as its centre, the grid's origin at Amersfoort
# (RD 155000 463000 = 5.3872 E 52.1552 N).
COUNTRY = EU + "country/NLD"
BBOX = "POLYGON((3.2 50.75, 7.22 50.75, 7.22 53.7, 3.2 53.7, 3.2 50.75))"
CENTROID = "POINT(5.3872 52.1552)"


@dataclass(frozen=True)
class Publisher:
    """Who publishes the dataset: the project's own statement (change it when someone else publishes)."""

    iri: str
    name: str
    kind: tuple[str, str]  # ADMS publisher type and its label
    contact: str  # the page a user reaches the publisher through


PUBLISHER = Publisher(BASE + "id/agent/functiegebouw-project", "Het functiegebouw-project",
                      (ADMS + "publishertype/NonProfitOrganisation", "Non-Profit Organisation"), BASE)
# The catalogue was first written by `fgr site` on this day (the description before had no dcat:Catalog).
CATALOG_ISSUED = "2026-12-04"
KEYWORDS = (("functiegebouw", "nl"), ("functiewaardering", "nl"), ("functieprofiel", "nl"), ("rijksoverheid", "nl"),
            ("FUWASYS", "nl"), ("job classification", "en"), ("job profile", "en"),
            ("central government", "en"), ("linked data", "en"))

# (IRI, name, attribution line, shown when the graph links to it: a target-kind prefix or None = always,
# the line's language). ESCO's and O*NET's lines are the licensors' own English wording, quoted as it is
# and marked as English (lang="en", @en) on the Dutch pages; the other lines are ours, in Dutch.
SOURCES = (
    ("https://www.functiegebouwrijksoverheid.nl/", "Functiegebouw Rijksoverheid",
     "Profielteksten: functiegebouwrijksoverheid.nl (Rijksoverheid).", None, "nl"),
    ("https://www.caorijk.nl/", "CAO Rijk", "Salarisschalen: CAO Rijk, hoofdstuk 6 (caorijk.nl).", None, "nl"),
    ("https://wetten.overheid.nl/BWBR0022507", "Besluit Normeringsstelsel FUWASYS 2007",
     "Namen van de FUWASYS-kenmerken: Besluit Normeringsstelsel FUWASYS 2007 (BWBR0022507).", None, "nl"),
    ("https://esco.ec.europa.eu/", "ESCO", "This service uses the ESCO classification of the European Commission.",
     ("ESCO", "ISCO"), "en"),
    ("https://www.cbs.nl/", "CBS", "BRC 2014 en de Nederlandse ISCO-08-namen: Bron: CBS.", ("BRC", "ISCO"), "nl"),
    ("https://europass.europa.eu/en/description-eight-eqf-levels", "EQF",
     "EQF-niveaus: Europees kwalificatiekader (Europese Unie).", ("EQF", "NLQF"), "nl"),
    ("https://www.onetcenter.org/", "O*NET",
     "This product includes information from the O*NET Database by the U.S. Department of Labor, Employment "
     "and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.", ("O*NET",), "en"),
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def used_sources(site: Site) -> list[tuple[Any, ...]]:  # rows of SOURCES
    kinds = {kind for links in site.data.links_by_source.values() for kind, *_ in links}
    return [s for s in SOURCES if s[3] is None or any(k.startswith(s[3]) for k in kinds)]


def retrieval_dates(site: Site) -> list[str]:
    """The dates the source texts were taken from the website (pav:retrievedOn), oldest first; a value
    that is no calendar date (a hand-edited "2026-02-30") is no evidence of a period and is left out."""
    found = set()
    for preds in site.graph.data.values():
        for o in preds.get(PAV + "retrievedOn", ()):
            if o[0] in ("typed", "lit") and _DATE.match(o[1]):
                try:
                    found.add(dt.date.fromisoformat(o[1]).isoformat())
                except ValueError:
                    continue
    return sorted(found)


def downloads(all_triples: Triples) -> dict[str, bytes]:
    return {"dataset/functiegebouw.ttl": all_triples.to_turtle(PREFIXES).encode("utf-8"),
            "dataset/functiegebouw.nt": all_triples.to_ntriples().encode("utf-8"),
            "dataset/functiegebouw.jsonld": to_jsonld(all_triples, PREFIXES).encode("utf-8")}


def whole_graph(site: Site, data: Triples, resources: int) -> tuple[Triples, dict[str, int]]:
    """What the downloads hold: the resources' triples and the dataset description, but for the
    downloads' own sizes and checksums (a file cannot state its own checksum), with counts
    (void:triples, void:distinctSubjects) that are those of this very graph. The description's
    size does not depend on the numbers it states, so one pass with placeholders gives them."""
    placeholder = {f"dataset/{entry[0]}": b"" for entry in DOWNLOADS}
    own = {DCAT + "byteSize", SPDX + "checksum"}

    def union(stats: dict[str, int]) -> Triples:
        out = Triples(keep_empty=True)
        for part in (data, description(site, placeholder, stats)):
            for s, p, o in part:
                if part is data or (p not in own and not s.endswith("#sha256")):
                    out.add(s, p, o)
        return out

    stats = {"triples": 0, "resources": resources, "subjects": 0}
    whole = union(stats)
    stats = {"triples": len(whole), "resources": resources,
             "subjects": len({s for s in whole.subjects() if not s.startswith("_:")})}
    whole = union(stats)
    return whole, stats


def description(site: Site, files: dict[str, bytes], stats: dict[str, int]) -> Triples:
    """VoID and DCAT-AP 3 (mandatory and recommended properties): a catalogue with this one dataset,
    its three downloads, its publisher, and the terms of the controlled vocabularies they use, typed
    as DCAT-AP's range shapes expect (the vocabularies themselves are not loaded)."""
    t = Triples(keep_empty=True)
    d = DATASET
    dates = retrieval_dates(site)
    _catalog(t, dates)
    _publisher(t)
    for cls in (VOID + "Dataset", DCAT + "Dataset"):
        t.add(d, RDF_TYPE, iri(cls))
    t.add(d, DCT + "title", lit("Functiegebouw Rijksoverheid als kennisgraaf", "nl"))
    t.add(d, DCT + "title", lit("Dutch central government job classification as a knowledge graph", "en"))
    t.add(d, DCT + "description", lit(
        "Functiegroepen, kernprofielen, kwaliteitenprofielen en functietyperingen van het Functiegebouw "
        "Rijksoverheid met hun FUWASYS-scores, de ontologie en begrippenschema's, en koppelingen naar "
        "ISCO-08, ESCO, BRC 2014 en EQF.", "nl"))
    t.add(d, DCT + "description", lit(
        "Job groups, core profiles, quality profiles and typifications of the Dutch central government's job "
        "classification (Functiegebouw Rijksoverheid) with their FUWASYS scores, the ontology and concept "
        "schemes, and links to ISCO-08, ESCO, BRC 2014 and EQF.", "en"))
    t.add(d, DCT + "license", iri(EUPL))
    t.add(d, DCT + "publisher", iri(PUBLISHER.iri))
    t.add(d, DCAT + "contactPoint", iri(CONTACT))
    for word, lang in KEYWORDS:
        t.add(d, DCAT + "keyword", lit(word, lang))
    t.add(d, DCAT + "theme", iri(THEME[0]))
    t.add(d, DCT + "spatial", iri(COUNTRY))
    for language in LANGUAGES:
        t.add(d, DCT + "language", iri(language))
    if dates:  # the period the texts describe: from the first to the last one taken from the website
        period = DATASET + "#periode"
        t.add(d, DCT + "temporal", iri(period))
        t.add(period, RDF_TYPE, iri(DCT + "PeriodOfTime"))
        t.add(period, DCAT + "startDate", date(dates[0]))
        t.add(period, DCAT + "endDate", date(dates[-1]))
        t.add(d, DCT + "modified", date(dates[-1]))
    t.add(d, VOID + "uriSpace", lit(BASE + "id/"))
    t.add(d, VOID + "triples", integer(stats["triples"]))
    t.add(d, VOID + "entities", integer(stats["resources"]))
    t.add(d, VOID + "distinctSubjects", integer(stats["subjects"]))
    t.add(d, VOID + "rootResource", iri(BASE + "def"))
    for prefix in ("fgr", "skos", "schema", "prov", "dct"):
        t.add(d, VOID + "vocabulary", iri(PREFIXES[prefix]))
    for g in list(site.data.groepen.values())[:1]:
        t.add(d, VOID + "exampleResource", iri(g.iri))
    # prov:wasDerivedFrom, not dct:source: in DCAT-AP a dct:source is a dcat:Dataset described in full,
    # and these are web sites and publications
    for source, name, line, _, lang in used_sources(site):
        t.add(d, PROV + "wasDerivedFrom", iri(source))
        t.add(source, FOAF + "name", lit(name))
        t.add(source, DCT + "rights", lit(line, lang))
    for name, media, title, file_type in DOWNLOADS:
        data = files[f"dataset/{name}"]
        dist = f"{DATASET}/{name}"
        t.add(d, VOID + "dataDump", iri(dist))
        t.add(d, DCAT + "distribution", iri(dist))
        t.add(dist, RDF_TYPE, iri(DCAT + "Distribution"))
        t.add(dist, DCT + "title", lit(f"Het hele graaf als {title}", "nl"))
        t.add(dist, DCT + "description", lit(f"Alle triples van de dataset in één bestand, als {title}.", "nl"))
        t.add(dist, DCT + "description", lit(f"Every triple of the dataset in one file, as {title}.", "en"))
        t.add(dist, DCAT + "accessURL", iri(dist))  # DCAT-AP: the download URL of a file also gives access
        t.add(dist, DCAT + "downloadURL", iri(dist))
        media_type = f"https://www.iana.org/assignments/media-types/{media}"
        t.add(dist, DCAT + "mediaType", iri(media_type))
        t.add(media_type, RDF_TYPE, iri(DCT + "MediaType"))
        t.add(dist, DCT + "format", iri(EU + "file-type/" + file_type))
        t.add(EU + "file-type/" + file_type, RDF_TYPE, iri(DCT + "MediaTypeOrExtent"))
        t.add(dist, DCATAP + "availability", iri(AVAILABILITY[0]))
        t.add(dist, DCAT + "byteSize", typed(str(len(data)), XSD + "nonNegativeInteger"))
        t.add(dist, DCT + "license", iri(EUPL))
        checksum = f"{dist}#sha256"
        t.add(dist, SPDX + "checksum", iri(checksum))
        t.add(checksum, RDF_TYPE, iri(SPDX + "Checksum"))
        t.add(checksum, SPDX + "algorithm", iri(SPDX + "checksumAlgorithm_sha256"))
        t.add(checksum, SPDX + "checksumValue", typed(hashlib.sha256(data).hexdigest(), XSD + "hexBinary"))
    _vocabulary_terms(t)
    # one void:Linkset per kind of link target, as VoID describes links into other datasets
    counts: dict[str, int] = {}
    for links in site.data.links_by_source.values():
        for kind, *_ in links:
            counts[kind] = counts.get(kind, 0) + 1
    for kind, n in sorted(counts.items()):
        slug = "".join(c if c.isalnum() else "-" for c in kind.lower()).strip("-")
        ls = f"{DATASET}#links-{slug}"
        t.add(d, VOID + "subset", iri(ls))
        t.add(ls, RDF_TYPE, iri(VOID + "Linkset"))
        t.add(ls, DCT + "title", lit(f"Koppelingen naar {kind}", "nl"))
        t.add(ls, VOID + "triples", integer(n))
        t.add(ls, VOID + "subjectsTarget", iri(d))
    return t


def _catalog(t: Triples, dates: list[str]) -> None:
    c = CATALOG
    t.add(c, RDF_TYPE, iri(DCAT + "Catalog"))
    t.add(c, DCT + "title", lit("Catalogus van het Functiegebouw Rijksoverheid als kennisgraaf", "nl"))
    t.add(c, DCT + "title", lit("Catalogue of the Dutch central government job classification as a knowledge graph",
                                "en"))
    t.add(c, DCT + "description", lit("De gegevensset van deze site en haar downloads.", "nl"))
    t.add(c, DCT + "description", lit("The dataset of this site and its downloads.", "en"))
    t.add(c, DCT + "publisher", iri(PUBLISHER.iri))
    t.add(c, DCAT + "dataset", iri(DATASET))
    t.add(c, DCT + "license", iri(EUPL))
    for language in LANGUAGES:
        t.add(c, DCT + "language", iri(language))
    t.add(c, DCT + "spatial", iri(COUNTRY))
    t.add(c, DCAT + "themeTaxonomy", iri(THEME_SCHEME[0]))
    t.add(c, FOAF + "homepage", iri(BASE))
    t.add(BASE, RDF_TYPE, iri(FOAF + "Document"))
    t.add(c, DCT + "issued", date(CATALOG_ISSUED))
    if dates:
        t.add(c, DCT + "modified", date(dates[-1]))


def _publisher(t: Triples) -> None:
    p = PUBLISHER
    t.add(p.iri, RDF_TYPE, iri(FOAF + "Agent"))
    t.add(p.iri, FOAF + "name", lit(p.name, "nl"))
    t.add(p.iri, DCT + "type", iri(p.kind[0]))
    t.add(CONTACT, RDF_TYPE, iri(VCARD + "Kind"))
    t.add(CONTACT, VCARD + "fn", lit(p.name, "nl"))
    t.add(CONTACT, VCARD + "hasURL", iri(p.contact))


def _vocabulary_terms(t: Triples) -> None:
    """The class of each controlled-vocabulary term used, and a label where DCAT-AP asks for one."""
    concepts = [(THEME[0], THEME[1]), (AVAILABILITY[0], ((AVAILABILITY[1], "en"),)),
                (LICENCE_TYPE[0], ((LICENCE_TYPE[1], "en"),)), (PUBLISHER.kind[0], ((PUBLISHER.kind[1], "en"),))]
    for concept, labels in concepts:
        t.add(concept, RDF_TYPE, iri(SKOS + "Concept"))
        for label, lang in labels:
            t.add(concept, SKOS + "prefLabel", lit(label, lang))
    t.add(THEME[0], SKOS + "inScheme", iri(THEME_SCHEME[0]))
    t.add(THEME_SCHEME[0], RDF_TYPE, iri(SKOS + "ConceptScheme"))
    t.add(THEME_SCHEME[0], DCT + "title", lit(THEME_SCHEME[1], "en"))
    t.add(EUPL, RDF_TYPE, iri(DCT + "LicenseDocument"))
    t.add(EUPL, DCT + "type", iri(LICENCE_TYPE[0]))
    for language in LANGUAGES:
        t.add(language, RDF_TYPE, iri(DCT + "LinguisticSystem"))
    t.add(COUNTRY, RDF_TYPE, iri(DCT + "Location"))
    t.add(COUNTRY, DCAT + "bbox", typed(BBOX, GSP + "wktLiteral"))
    t.add(COUNTRY, DCAT + "centroid", typed(CENTROID, GSP + "wktLiteral"))


def dataset_page(site: Site, files: dict[str, bytes], stats: dict[str, int]) -> dict[str, bytes]:
    t = description(site, files, stats)
    file = "dataset/index.html"
    rows = []
    for name, media, title, _ in DOWNLOADS:
        data = files[f"dataset/{name}"]
        rows.append(f"<tr><td>{link(file, f'dataset/{name}', name)}</td><td>{e(title)} (<code>{e(media)}</code>)</td>"
                    f"<td>{len(data):,} bytes</td><td><code>{hashlib.sha256(data).hexdigest()}</code></td></tr>"
                    .replace(",", "."))
    sources = "".join(f"<li>{external(s, n)}: {in_language(line, lang)}</li>"
                      for s, n, line, _, lang in used_sources(site))
    body = ("<h1>Dataset</h1>"
            f"<p>{stats['triples']:,} triples over {stats['resources']:,} bronnen met een eigen pagina. "
            .replace(",", ".")
            + "Het graaf bestaat uit de beschrijvingen van alle bronnen onder <code>https://w3id.org/functiegebouw/</code>: "
            "per bron de triples met die bron als onderwerp, plus de triples van de blank nodes die daaruit volgen. "
            "De woordenlijsten van anderen (ESCO, ISCO-08) zijn bronnen, geen deel van deze downloads.</p>"
            "<h2>Downloads</h2><table><thead><tr><th scope=\"col\">Bestand</th><th scope=\"col\">Formaat</th>"
            "<th scope=\"col\">Grootte</th><th scope=\"col\">SHA-256</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>"
            "<h2>Licentie</h2><p>Gegevens en software: " + external(EUPL, "EUPL-1.2") + ".</p>"
            f"<h2>Bronnen en naamsvermelding</h2><ul>{sources}</ul>"
            "<h2>Beschrijving (VoID en DCAT)</h2><p>Deze beschrijving als "
            f"{link(file, 'dataset/index.ttl', 'Turtle')} of {link(file, 'dataset/index.jsonld', 'JSON-LD')}; "
            f"de omleidingen voor w3id.org staan in {link(file, 'w3id/.htaccess', 'w3id/.htaccess')}.</p>"
            f"<pre>{e(t.to_turtle(PREFIXES))}</pre>")
    alternates = {"text/turtle": "dataset/index.ttl", "application/ld+json": "dataset/index.jsonld",
                  "application/n-triples": "dataset/index.nt"}
    return {file: shell(file, "Dataset", body, iri=DATASET, alternates=alternates,
                        crumbs=[("index.html", "Start")]).encode("utf-8"),
            "dataset/index.ttl": t.to_turtle(PREFIXES).encode("utf-8"),
            "dataset/index.jsonld": to_jsonld(t, PREFIXES).encode("utf-8"),
            "dataset/index.nt": t.to_ntriples().encode("utf-8"),
            f"dataset/{TYPE_MAP}": type_map().encode("utf-8")}
