"""The dataset as a whole: VoID and DCAT description, downloads, and the w3id redirects.

The description is generated here (it is about the files of this build: their sizes and
SHA-256), so it is not in the store; it is published at https://w3id.org/functiegebouw/dataset.
"""
from __future__ import annotations

import hashlib

from functiegebouw.rdf.jsonld import to_jsonld
from functiegebouw.rdf.turtle import Triples, integer, iri, lit, typed
from functiegebouw.site.describe import BASE, PREFIXES
from functiegebouw.site.html import e, external, link, shell
from functiegebouw.site.negotiation import TYPE_MAP, type_map

DATASET = BASE + "dataset"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
VOID, DCAT, DCT, FOAF = PREFIXES["void"], PREFIXES["dcat"], PREFIXES["dct"], PREFIXES["foaf"]
SPDX, RDFS, XSD = PREFIXES["spdx"], PREFIXES["rdfs"], PREFIXES["xsd"]
EUPL = "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"
DOWNLOADS = (("functiegebouw.ttl", "text/turtle", "Turtle"),
             ("functiegebouw.nt", "application/n-triples", "N-Triples"),
             ("functiegebouw.jsonld", "application/ld+json", "JSON-LD"))

# (IRI, name, attribution line, shown when the graph links to it: a target-kind prefix or None = always)
SOURCES = (
    ("https://www.functiegebouwrijksoverheid.nl/", "Functiegebouw Rijksoverheid",
     "Profielteksten: functiegebouwrijksoverheid.nl (Rijksoverheid).", None),
    ("https://www.caorijk.nl/", "CAO Rijk", "Salarisschalen: CAO Rijk, hoofdstuk 6 (caorijk.nl).", None),
    ("https://wetten.overheid.nl/BWBR0022507", "Besluit Normeringsstelsel FUWASYS 2007",
     "Namen van de FUWASYS-kenmerken: Besluit Normeringsstelsel FUWASYS 2007 (BWBR0022507).", None),
    ("https://esco.ec.europa.eu/", "ESCO", "This service uses the ESCO classification of the European Commission.",
     ("ESCO", "ISCO")),
    ("https://www.cbs.nl/", "CBS", "BRC 2014 en de Nederlandse ISCO-08-namen: Bron: CBS.", ("BRC", "ISCO")),
    ("https://europass.europa.eu/en/description-eight-eqf-levels", "EQF",
     "EQF-niveaus: Europees kwalificatiekader (Europese Unie).", ("EQF", "NLQF")),
    ("https://www.onetcenter.org/", "O*NET",
     "This product includes information from the O*NET Database by the U.S. Department of Labor, Employment "
     "and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.", ("O*NET",)),
)


def used_sources(site) -> list[tuple]:
    kinds = {kind for links in site.data.links_by_source.values() for kind, *_ in links}
    return [s for s in SOURCES if s[3] is None or any(k.startswith(s[3]) for k in kinds)]


def downloads(all_triples: Triples) -> dict[str, bytes]:
    return {"dataset/functiegebouw.ttl": all_triples.to_turtle(PREFIXES).encode("utf-8"),
            "dataset/functiegebouw.nt": all_triples.to_ntriples().encode("utf-8"),
            "dataset/functiegebouw.jsonld": to_jsonld(all_triples, PREFIXES).encode("utf-8")}


def whole_graph(site, data: Triples, resources: int) -> tuple[Triples, dict[str, int]]:
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


def description(site, files: dict[str, bytes], stats: dict[str, int]) -> Triples:
    t = Triples(keep_empty=True)
    d = DATASET
    for cls in (VOID + "Dataset", DCAT + "Dataset"):
        t.add(d, RDF_TYPE, iri(cls))
    t.add(d, DCT + "title", lit("Functiegebouw Rijksoverheid als kennisgraaf", "nl"))
    t.add(d, DCT + "title", lit("Dutch central government job classification as a knowledge graph", "en"))
    t.add(d, DCT + "description", lit(
        "Functiegroepen, kernprofielen, kwaliteitenprofielen en functietyperingen van het Functiegebouw "
        "Rijksoverheid met hun FUWASYS-scores, de ontologie en begrippenschema's, en koppelingen naar "
        "ISCO-08, ESCO, BRC 2014 en EQF.", "nl"))
    t.add(d, DCT + "license", iri(EUPL))
    t.add(d, VOID + "uriSpace", lit(BASE + "id/"))
    t.add(d, VOID + "triples", integer(stats["triples"]))
    t.add(d, VOID + "entities", integer(stats["resources"]))
    t.add(d, VOID + "distinctSubjects", integer(stats["subjects"]))
    t.add(d, VOID + "rootResource", iri(BASE + "def"))
    for prefix in ("fgr", "skos", "schema", "prov", "dct"):
        t.add(d, VOID + "vocabulary", iri(PREFIXES[prefix]))
    for g in list(site.data.groepen.values())[:1]:
        t.add(d, VOID + "exampleResource", iri(g.iri))
    for source, name, line, _ in used_sources(site):
        t.add(d, DCT + "source", iri(source))
        t.add(source, FOAF + "name", lit(name))
        t.add(source, DCT + "rights", lit(line))
    for name, media, title in DOWNLOADS:
        data = files[f"dataset/{name}"]
        dist = f"{DATASET}/{name}"
        t.add(d, VOID + "dataDump", iri(dist))
        t.add(d, DCAT + "distribution", iri(dist))
        t.add(dist, RDF_TYPE, iri(DCAT + "Distribution"))
        t.add(dist, DCT + "title", lit(f"Het hele graaf als {title}", "nl"))
        t.add(dist, DCAT + "downloadURL", iri(dist))
        t.add(dist, DCAT + "mediaType", iri(f"https://www.iana.org/assignments/media-types/{media}"))
        t.add(dist, DCAT + "byteSize", typed(str(len(data)), XSD + "nonNegativeInteger"))
        t.add(dist, DCT + "license", iri(EUPL))
        checksum = f"{dist}#sha256"
        t.add(dist, SPDX + "checksum", iri(checksum))
        t.add(checksum, RDF_TYPE, iri(SPDX + "Checksum"))
        t.add(checksum, SPDX + "algorithm", iri(SPDX + "checksumAlgorithm_sha256"))
        t.add(checksum, SPDX + "checksumValue", typed(hashlib.sha256(data).hexdigest(), XSD + "hexBinary"))
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


def dataset_page(site, files: dict[str, bytes], stats: dict[str, int]) -> dict[str, bytes]:
    t = description(site, files, stats)
    file = "dataset/index.html"
    rows = []
    for name, media, title in DOWNLOADS:
        data = files[f"dataset/{name}"]
        rows.append(f"<tr><td>{link(file, f'dataset/{name}', name)}</td><td>{e(title)} (<code>{e(media)}</code>)</td>"
                    f"<td>{len(data):,} bytes</td><td><code>{hashlib.sha256(data).hexdigest()}</code></td></tr>"
                    .replace(",", "."))
    sources = "".join(f"<li>{external(s, n)}: {e(line)}</li>" for s, n, line, _ in used_sources(site))
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
