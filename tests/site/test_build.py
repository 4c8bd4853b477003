"""fgr site on the fixture data: every .ttl is what the store holds, the pages hold what they
should, every internal link resolves, the w3id redirects negotiate, the downloads are what the
description says. (That the output is the same from run to run, process to process and from a
SPARQL server is in test_build_same.py: two files, so that two workers share the site's tests.)"""
from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph as RGraph
from rdflib import URIRef
from rdflib.compare import isomorphic

import functiegebouw
from functiegebouw.rdf.load import shape_files
from functiegebouw.rdf.terms import to_rdflib
from functiegebouw.site.compare_pages import FILTERABLE, Prefetched
from support import ROOT

BASE = "https://w3id.org/functiegebouw/"


# --------------------------------------------------------------------------- .ttl = the store

def _store_index(site_store) -> dict[str, list]:
    """subject -> quads, from the embedded store itself and from the shape files (read apart)."""
    by_subject: dict[str, list] = {}
    quads = list(site_store._ox.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    for path in shape_files():
        quads += list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    for q in quads:
        key = ("_:" if isinstance(q.subject, ox.BlankNode) else "") + q.subject.value
        by_subject.setdefault(key, []).append(q)
    return by_subject


def _expected(by_subject, doc: str) -> RGraph:
    """The description of ``doc`` (``_expected_triples``) as an rdflib graph, for the isomorphism of
    descriptions with blank nodes."""
    g = RGraph()
    for s, p, o in _expected_triples(by_subject, doc):
        g.add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))
    return g


def _expected_triples(by_subject, doc: str) -> list[tuple]:
    """The description of ``doc``: its subjects (the document and its hash IRIs) and, recursively,
    the blank nodes they have as objects."""
    g: list[tuple] = []
    todo = [s for s in by_subject if s == doc or s.startswith(doc + "#")]
    seen = set(todo)
    while todo:
        for q in by_subject.get(todo.pop(), []):
            g.append((q.subject, q.predicate, q.object))
            if isinstance(q.object, ox.BlankNode) and "_:" + q.object.value not in seen:
                seen.add("_:" + q.object.value)
                todo.append("_:" + q.object.value)
    if doc == BASE + "def":  # and the declarations of the other vocabularies' terms it uses
        from functiegebouw.site.describe import DECLARATION_TYPES, RDF_TYPE_IRI

        for s, quads in by_subject.items():
            for q in quads:
                if (not s.startswith(BASE) and not s.startswith("_:") and q.predicate.value == RDF_TYPE_IRI
                        and isinstance(q.object, ox.NamedNode) and q.object.value in DECLARATION_TYPES):
                    g.append((q.subject, q.predicate, q.object))
    return g


def test_every_ttl_and_jsonld_holds_what_the_store_holds(built_site, site_store):
    out, summary = built_site
    by_subject = _store_index(site_store)
    ours = {s.split("#", 1)[0] for s in by_subject if s.startswith(BASE)}
    ttls = sorted(out.rglob("index.ttl"))
    docs = {BASE + str(p.parent.relative_to(out)): p for p in ttls if p.parent.name != "dataset"}
    assert ours <= set(docs), sorted(ours - set(docs))[:5]  # every subject under the base has its files
    checked = with_bnodes = 0
    # the ontology's owl:versionIRI holds the ontology (this build's version)
    (version,) = RGraph().parse(out / "def/index.ttl", format="turtle").objects(
        URIRef(BASE + "def"), URIRef("http://www.w3.org/2002/07/owl#versionIRI"))
    version = str(version)
    assert version.startswith(BASE + "def/") and version in docs
    for doc, path in docs.items():
        subject = BASE + "def" if doc == version else doc
        if "_:" in path.read_text(encoding="utf-8"):
            with_bnodes += 1
            want = _expected(by_subject, subject)
            got = RGraph().parse(path, format="turtle")
            assert isomorphic(got, RGraph().parse(path.with_suffix(".nt"), format="nt")), doc
            assert isomorphic(got, want), doc
            assert isomorphic(RGraph().parse(path.with_suffix(".jsonld"), format="json-ld"), want), doc
        else:  # no blank nodes: the same triples, compared as pyoxigraph terms (rdflib's parser cost ~20 s)
            ttl = {(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}
            nt = {(q.subject, q.predicate, q.object)
                  for q in ox.parse(path=str(path.with_suffix(".nt")), format=ox.RdfFormat.N_TRIPLES)}
            assert ttl == nt == set(_expected_triples(by_subject, subject)), doc
        checked += 1
    assert checked == summary.resources and with_bnodes >= 3  # the mapping with blank nodes, the shapes
    # the JSON-LD of a plain resource too
    p527 = out / "id/functiegroep/527/index.jsonld"
    assert set(RGraph().parse(p527, format="json-ld")) == set(_expected(by_subject, BASE + "id/functiegroep/527"))


# --------------------------------------------------------------------------- what the pages say

def _html(out: Path, rel: str) -> str:
    return (out / rel).read_text(encoding="utf-8")


def test_functiegroep_page(built_site):
    out, _ = built_site
    page = _html(out, "id/functiegroep/527/index.html")
    assert '<html lang="nl">' in page
    assert page.count('class="schaal typering"') == 4 and page.count('<svg class="fuwasys"') == 4
    assert page.count('class="schaal profiel"') == 4
    assert "€ 2.595,43 – € 3.238,72" in page and "32232 33222 22 22 (32)" in page
    assert 'href="http://data.europa.eu/esco/isco/C4419"' in page            # ISCO-08 at ESCO
    assert 'href="../../brc2014/beroepsgroep/0431/index.html"' in page      # BRC: our own page
    assert 'href="https://www.onetonline.org/link/summary/43-9061.00"' in page and "O*NET-SOC" in page
    assert "ESCO-beroep" in page and "advertising assistant" in page
    for s in (5, 6, 7, 8):  # each typering links to its own page
        assert f'href="functietypering/schaal-{s}/index.html"' in page
    assert "vergelijk/527/schaal-6-7/index.html" in page
    # the kernprofiel and the competenties as on the FGR page
    assert "Opdracht(gever)(ambtelijk)" in page and "klantgerichtheid" in page
    assert "EQF (schaal 5–8, via MBO)" in page and 'href="http://data.europa.eu/snb/eqf/3"' in page
    mbo = _html(out, "id/werk-en-denkniveau/mbo/index.html")
    assert 'href="http://data.europa.eu/snb/eqf/4"' in mbo


def test_functiegroep_merged_from_its_kernprofiel_and_compare_pages(built_site):
    """Issue 12's page forms: 900 is built from a kernprofiel page and three compare pages."""
    out, _ = built_site
    page = _html(out, "id/functiegroep/900/index.html")
    assert "<h1>Medewerker Proefwerk</h1>" in page and "Verbetervoorstellen zijn gedaan" in page  # kernprofiel
    assert page.count('class="schaal typering"') == 3 and page.count('<svg class="fuwasys"') == 3  # 5, 6, 7
    assert page.count('class="schaal profiel"') == 2  # the kwaliteitenprofielen compare page: 5 and 6
    assert "afstemmen met collega&#x27;s over schaal 7" in page and "Ruime relevante ervaring" in page
    assert (out / "vergelijk/900/schaal-5-7/index.html").is_file()
    assert (out / "vergelijk/functiegroepen/900-901/index.html").is_file()  # both in Uitvoering


def test_schaal_with_variants_shows_each_variant(built_site):
    out, _ = built_site
    page = _html(out, "id/functiegroep/907/index.html")
    for v, code in ((1, "Variant 1. 22222 22222 22 22 (28)"), (2, "Variant 2. 32222 23222 22 22 (30)")):
        assert f'id="typering-5-variant-{v}"' in page and f'id="fuwasys-5-variant-{v}-t"' in page
        assert f"<code>{code}</code>" in page
        assert f'href="functietypering/schaal-5/variant-{v}/index.html"' in page
    assert page.count('<svg class="fuwasys"') == 4  # schaal 4, 5 (twice), 6
    variant = _html(out, "id/functiegroep/907/functietypering/schaal-5/variant-2/index.html")
    assert "Van functiegroep" in variant and "gesprekken voeren met bewoners (variant 2)" in variant
    assert variant.count('<rect class="bar"') == 14


def test_salary_with_only_a_minimum(built_site):
    out, _ = built_site
    page = _html(out, "id/functiegroep/901/index.html")  # schaal 9 and 10; CAO Rijk gives 10 a minimum only
    assert "€ 3.165,83 – € 4.440,57" in page and "ten minste € 3.091,60" in page and "onbekend" not in page






def test_chart_has_a_bar_per_score(built_site):
    out, _ = built_site
    page = _html(out, "id/functiegroep/527/functietypering/schaal-6/index.html")
    svg = page[page.index('<svg class="fuwasys"'):page.index("</svg>")]
    assert svg.count('<rect class="bar"') == 14
    assert "kenmerk 10 Controle: 2" in svg  # readable text alternative
    malformed = _html(out, "id/functiegroep/905/functietypering/schaal-9/index.html")
    assert malformed.count('<rect class="bar"') == 13  # a malformed code keeps the scores it has


def test_compare_pages(built_site):
    out, _ = built_site
    for span in ("5-6", "6-7", "7-8", "5-8"):
        assert (out / f"vergelijk/527/schaal-{span}/index.html").is_file()
        assert (out / f"vergelijk/527/kwaliteitenprofielen/schaal-{span}/index.html").is_file()
    assert not (out / "vergelijk/904").exists()  # one schaal: nothing to compare
    page = _html(out, "vergelijk/527/schaal-6-7/index.html")
    assert "<del>" in page and "<ins>" in page and '<html lang="nl">' in page
    # in Dutch: compare.render(…, "html", lang="nl")
    assert "functietyperingen schaal 6 en 7" in page and ">gewijzigd<" in page and ">alleen in 6<" in page
    assert "salaris per maand (2024-01-01)" in page and "FUWASYS-totaal" in page
    # functiegroepen side by side only within a family
    assert (out / "vergelijk/functiegroepen/901-903/index.html").is_file()
    assert not (out / "vergelijk/functiegroepen/901-902/index.html").exists()
    pair = _html(out, "vergelijk/functiegroepen/901-903/index.html")
    # the page is compare_functiegroepen's, as fgr compare --functiegroepen 901 903 prints it
    assert ("<h1>Proefmedewerker Archief (FGR 901) en Proefmedewerker Tussenkoppen (FGR 903) · kernprofiel, "
            "competenties, functietyperingen schaal 9 en 10</h1>") in pair
    for block in ("Omgeving: resultaten", "Competenties", "Functietypering schaal 10: Resultaten"):
        assert f"<h2>{block}</h2>" in pair
    assert ">gelijk<" in pair and ">alleen in 903<" in pair and "FUWASYS schaal 9, 901→903: dezelfde scores" in pair


def test_index_pages(built_site):
    out, _ = built_site
    home = _html(out, "index.html")
    for family in ("Uitvoering", "Advisering"):
        assert family in home
    assert "Zonder functiefamilie" in home and "Medewerker Communicatie" in home
    assert 'href="id/functiegroep/902/functietypering/schaal-9/index.html"' in home  # functiegroep -> schalen
    competenties = _html(out, "id/competentie/index.html")
    row = competenties[competenties.index(">Klantgerichtheid<"):]
    row = row[:row.index("</tr>")]
    assert "527 Medewerker Communicatie" in row and "schaal 5, 6, 7, 8" in row
    index = (out / "zoeken/index.json").read_text(encoding="utf-8")
    assert '"klantgerichtheid"' in index


def test_ontology_page_documents_every_term(built_site, site_store):
    out, _ = built_site
    page = _html(out, "def/index.html")
    terms = site_store.query("""PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?t WHERE { VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty } ?t a ?k
        FILTER(STRSTARTS(STR(?t), "https://w3id.org/functiegebouw/def#")) }""").column("t")
    assert len(terms) >= 40
    for t in terms:
        assert f'<section id="{t.split("#")[1]}" class="term">' in page, t
    assert "job group" in page and "functiegroep" in page      # nl and en labels
    assert "Domein" in page and "Bereik" in page
    assert "TypificationTotalSumShape" in page or "totaal" in page  # the shapes that apply
    section = page[page.index('<section id="Typification" class="term">'):]
    section = section[:section.index("</section>")]
    assert "Controles" in section and "shapes/index.html#TypificationTotalSumShape" in section
    for scheme in ("resultaatgebied", "fuwasys-kenmerk", "typeringsblok", "werk-en-denkniveau", "functiefamilie"):
        assert f"id/{scheme}/index.html" in page
    assert "Complexiteit van de werkzaamheden" in page and "complexity of the work" in page
    shapes = _html(out, "shapes/index.html")
    assert '<section id="TypificationTotalSumShape">' in shapes


def test_dataset_description_and_downloads(built_site):
    out, summary = built_site
    g = RGraph().parse(out / "dataset/index.ttl", format="turtle")
    dcat, spdx, void = "http://www.w3.org/ns/dcat#", "http://spdx.org/rdf/terms#", "http://rdfs.org/ns/void#"
    q = f"""SELECT ?url ?size ?sha WHERE {{ ?d <{dcat}distribution> ?x . ?x <{dcat}downloadURL> ?url ;
        <{dcat}byteSize> ?size ; <{spdx}checksum>/<{spdx}checksumValue> ?sha }}"""
    rows = list(g.query(q))
    assert len(rows) == 3
    for url, size, sha in rows:
        data = (out / str(url)[len(BASE):]).read_bytes()
        assert int(size) == len(data) and str(sha) == hashlib.sha256(data).hexdigest()
    triples = int(g.value(URIRef(BASE + "dataset"), URIRef(void + "triples")))
    subjects = int(g.value(URIRef(BASE + "dataset"), URIRef(void + "distinctSubjects")))
    nt = (out / "dataset/functiegebouw.nt").read_text(encoding="utf-8").splitlines()
    assert triples == len(nt) == summary.triples
    whole = RGraph().parse(out / "dataset/functiegebouw.ttl", format="turtle")
    assert len(whole) == triples
    assert len(RGraph().parse(out / "dataset/functiegebouw.jsonld", format="json-ld")) == triples
    assert len({s for s in whole.subjects() if isinstance(s, URIRef)}) == subjects
    # the downloads hold the description, but for the sizes and checksums of the downloads themselves
    own = {p for p in g.predicates() if str(p) in (dcat + "byteSize", spdx + "checksum")}
    stated = {t for t in g if t[1] not in own and not str(t[0]).endswith("#sha256")}
    assert stated and stated <= set(whole), sorted(stated - set(whole))[:3]
    assert (URIRef(BASE + "dataset"), URIRef(void + "triples"), None) in whole
    # the linksets count the mapping triples the downloads hold
    skos = "http://www.w3.org/2004/02/skos/core#"
    mappings = [t for t in whole if str(t[1]) in {skos + r for r in ("exactMatch", "closeMatch", "broadMatch",
                                                                         "narrowMatch", "relatedMatch")}
                and str(t[0]).startswith(BASE)]
    linksets = list(g.objects(URIRef(BASE + "dataset"), URIRef(void + "subset")))
    assert linksets and sum(int(g.value(ls, URIRef(void + "triples"))) for ls in linksets) == len(mappings)
    text = (out / "dataset/index.ttl").read_text(encoding="utf-8")
    assert "This service uses the ESCO classification of the European Commission." in text
    assert "Bron: CBS" in text and "O*NET" in text and "eupl" in text.lower()


def test_the_licensors_english_wording_is_marked_english_on_the_dutch_pages(built_site):
    """ESCO's and O*NET's attribution is their own English sentence: quoted as it is, but marked as
    English in the HTML (lang="en") and in the dataset's RDF (@en); our own lines stay Dutch."""
    out, _ = built_site
    esco = "This service uses the ESCO classification of the European Commission."
    for page in ("index.html", "dataset/index.html"):
        text = (out / page).read_text(encoding="utf-8")
        assert '<html lang="nl"' in text
        assert f'<span lang="en">{esco}</span>' in text, page
        assert '<span lang="en">This product includes information from the O*NET Database' in text, page
        assert '<span lang="en">Bron' not in text and "Bron van de profielteksten" in text, page
    g = RGraph().parse(out / "dataset/index.ttl", format="turtle")
    rights = {str(o): o.language for o in g.objects(None, URIRef("http://purl.org/dc/terms/rights"))}
    assert rights[esco] == "en"
    assert rights["BRC 2014 en de Nederlandse ISCO-08-namen: Bron: CBS."] == "nl"


# --------------------------------------------------------------------------- links

_HREF = re.compile(r'\shref="([^"]*)"')
_ID = re.compile(r'\sid="([^"]*)"')


def test_every_internal_link_resolves(built_site):
    """Every relative link of every page names a file of the site (never outside it) and every
    #fragment an element of its page; every page is reachable from the start page. Paths are joined
    as strings against the list of the site's files (a filesystem call per link cost ~15 s)."""
    out, summary = built_site
    files = {(Path(root) / name).relative_to(out).as_posix() for root, _, names in os.walk(out) for name in names}
    pages = sorted(f for f in files if f.endswith(".html"))
    assert len(pages) == summary.pages
    ids: dict[str, set] = {}
    broken = []
    links: dict[str, set[str]] = {}  # page -> the pages it links to
    onward = set()  # pages that only send the reader on (<meta http-equiv="refresh">)
    for page in pages:
        text = (out / page).read_text(encoding="utf-8")
        if '<meta http-equiv="refresh"' in text:
            onward.add(page)
        outgoing = links.setdefault(page, set())
        for target in _HREF.findall(text):
            target = target.replace("&amp;", "&")
            if re.match(r"[a-z]+:", target):
                continue
            path, _, fragment = target.partition("#")
            dest = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
            if dest not in files:  # also what lies outside the site: "../…" is no file of it
                broken.append(f"{page} -> {target}")
                continue
            outgoing.add(dest)
            if fragment and dest.endswith(".html"):
                if dest not in ids:
                    ids[dest] = set(_ID.findall((out / dest).read_text(encoding="utf-8")))
                if fragment not in ids[dest]:
                    broken.append(f"{page} -> {target} (no such anchor)")
    assert not broken, broken[:10]
    # every page is reachable from the start page, but one that only sends the reader on need not be
    # (a statement's IRI leads to its line on its functiegroep's page, where the search index links too)
    reached, todo = {"index.html"}, ["index.html"]
    while todo:
        for dest in links.get(todo.pop(), ()):
            if dest not in reached:
                reached.add(dest)
                todo.append(dest)
    unreached = set(pages) - onward - reached
    assert onward and not unreached, sorted(unreached)[:10]


# --------------------------------------------------------------------------- prefetched queries

def test_prefetched_queries_give_the_rows_of_bound_ones(site_store):
    fast = Prefetched(site_store).prefetch()
    for name in FILTERABLE:
        for params in ({"functiegroep": 527}, {"functiegroep": 902}, {"functiegroep": [903, 901]},
                       {"functiegroep": 527, "schaal": [6, 7]}):
            if "schaal" in params and name not in ("functietyperingen", "kwaliteitenprofielen"):
                continue
            assert fast.query(name, params).rows == site_store.query(name, params).rows, (name, params)
    with pytest.raises(RuntimeError, match="not prefetched"):  # workers never reach the store
        fast.query("competenties", {"functiegroep": "527"})


# --------------------------------------------------------------------------- w3id redirects

def test_every_resource_folder_offers_its_formats(built_site):
    """Each folder has the files its type map names (negotiated by Apache in test_apache.py), and
    the w3id rules send each IRI to its folder."""
    out, summary = built_site
    maps = sorted(out.rglob("index.var"))
    assert len(maps) == summary.resources + 1  # and the dataset's
    for type_map in maps:
        named = {line[5:] for line in type_map.read_text(encoding="utf-8").splitlines() if line.startswith("URI: ")}
        assert named == {"index.html", "index.ttl", "index.jsonld", "index.nt"}
        assert all((type_map.parent / name).is_file() for name in named), type_map
    rules = (out / "w3id/.htaccess").read_text(encoding="utf-8")
    assert "RewriteRule ^(.+?)/?$ https://fgr.example.org/site/$1/ [R=303,L]" in rules
    assert "DirectoryIndex index.var" in (out / ".htaccess").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- safety
# (the same output everywhere, and a failed build: tests/site/test_build_same.py)

def test_cli_reports_bad_data_in_one_line(tmp_path):
    (tmp_path / "bad.ttl").write_text("<a> <b> .\n")
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "site", str(tmp_path / "out"),
                           "--data", str(tmp_path / "bad.ttl")], capture_output=True, text=True,
                          env=dict(os.environ, FGR_STORE_DIR=str(tmp_path / "store")))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("fgr site: error: ") and "bad.ttl:1" in proc.stderr
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- accessibility

_HEADING = re.compile(r"<h([1-6])[\s>]")
_TABLE = re.compile(r"<table[\s>].*?</table>", re.S)


def test_headings_and_table_headers_on_every_page(built_site):
    """One h1 per page, no heading level skipped on the way down, a header cell in every table,
    and the page's language Dutch."""
    out, _ = built_site
    bad = []
    for page in sorted(out.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        levels = [int(n) for n in _HEADING.findall(text)]
        if levels.count(1) != 1 or levels[0] != 1:
            bad.append(f"{page.relative_to(out)}: h1 count {levels.count(1)}")
        for before, after in zip(levels, levels[1:], strict=False):
            if after > before + 1:
                bad.append(f"{page.relative_to(out)}: h{before} then h{after}")
                break
        for table in _TABLE.findall(re.sub(r"<td><table.*?</table></td>", "<td></td>", text, flags=re.S)):
            if "<th" not in table:
                bad.append(f"{page.relative_to(out)}: a table without header cells")
                break
        if '<html lang="nl">' not in text:
            bad.append(f"{page.relative_to(out)}: not lang=nl")
    assert not bad, bad[:10]


def test_the_start_page_leads_with_the_catalogue(built_site, site_store):
    """The catalogue (data/reference/functiegroepen.ttl) on the start page: every family a ladder (an inline SVG
    with a title and a description) and a list of its groups, those with a profile first and marked; groups of
    older pages that the catalogue lacks listed apart; every group linked to its own page."""
    out, _ = built_site
    home = _html(out, "index.html")
    reference = RGraph().parse(ROOT / "data" / "reference" / "functiegroepen.ttl", format="turtle")
    catalogue = URIRef("https://w3id.org/functiegebouw/id/functiegebouw/catalogus-2026-10-08")
    members = {str(m) for m in reference.objects(catalogue, URIRef("http://www.w3.org/2004/02/skos/core#member"))}
    families = re.findall(r'<section class="familie" id="familie-([a-z-]+)"', home)
    ladders = re.findall(r'<svg class="ladder"[^>]* role="img" aria-labelledby="([^"]+)"', home)
    assert len(members) == 64 and len(ladders) == 8 and families[:8] == [
        "uitvoering", "advisering", "bedrijfsvoering", "toezicht", "project-programmamanagement", "lijnmanagement",
        "kennis-en-onderzoek", "beleid"]
    for ids in ladders:  # the title and description the image is labelled by are on the page
        assert all(f'id="{i}"' in home for i in ids.split())
    lists = [chunk.split("</ul>", 1)[0] for chunk in home.split('<ul class="catalogus">')[1:]]
    linked = re.findall(r'<li(?: class="met-profiel")?><a href="(id/functiegroep/[^"]+)/index.html">', "".join(lists))
    assert sorted(linked) == sorted(m.replace("https://w3id.org/functiegebouw/", "") for m in members)
    assert all((out / path / "index.html").is_file() for path in linked)
    assert "Het FGR telt 64 functiegroepen in 8 functiefamilies" in home
    bedrijfsvoering = lists[families.index("bedrijfsvoering")]  # 527 has a profile: first, marked, with its schalen
    assert bedrijfsvoering.startswith('<li class="met-profiel"><a href="id/functiegroep/527/index.html">527 Medewerker '
                                      'Communicatie</a> — schaal 5–8 — <strong>profiel</strong>: schaal <a href=')
    older = [chunk.split("</ul>", 1)[0] for chunk in home.split('<ul class="referentie">')[1:]]
    assert sorted(re.findall(r'href="id/functiegroep/(\d+)/index.html"', "".join(older))) == ["539", "544"]
    index = json.loads((out / "zoeken/index.json").read_text(encoding="utf-8"))
    hits = dict(index["teksten"])["Operationeel Manager"]
    assert [(h[0], index["groepen"][h[1]], index["soorten"][h[3]]) for h in hits] == [
        ("id/functiegroep/511", "511 Operationeel Manager", "functiegroep")]


def test_a_catalogue_group_page_without_a_profile(built_site):
    """Trainer (Bedrijfsvoering, 7-12, no FGR number known): range, salary, family, derived neighbours, FGR page."""
    out, _ = built_site
    page = _html(out, "id/functiegroep/c41bd866-08c1-4433-bada-d7e3575cc493/index.html")
    assert "<dt>Schaalbereik</dt><dd>schaal 7–12</dd>" in page
    assert "<dt>Salaris per maand</dt><dd>ten minste € 2.734,10" in page  # schaal 12: only a minimum is known
    assert '<dt>Functiefamilie</dt><dd><a href="../../functiefamilie/bedrijfsvoering/index.html">' in page
    assert "<dt>FGR-nummer</dt><dd>niet bekend</dd>" in page
    assert ('href="https://www.functiegebouwrijksoverheid.nl/functiegebouw/functiefamilies/bedrijfsvoering/trainer"'
            in page)
    assert re.search(r"<p>Vorige stap: .*527 Medewerker Communicatie</a> \(schaal 5–8\)", page)
    assert re.search(r"<p>Volgende stap: .*Senior Adviseur Bedrijfsvoering</a> \(schaal 11–13\)", page)
    assert page.count('<svg class="ladder"') == 1 and 'font-weight="bold">Trainer</text>' in page


def test_the_published_ontology_declares_the_external_terms_it_uses(built_site):
    """The ontology file declares other vocabularies' terms (skos:Concept a owl:Class), which makes it
    OWL 2 DL; the site published only subjects under its base, so def/index.ttl (and the versioned
    copy) lost those declarations and failed the OWL API's profile check with 214 violations."""
    from rdflib.namespace import OWL, RDF, RDFS

    out, _ = built_site
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDFS.Datatype}
    source = RGraph().parse(Path(functiegebouw.__file__).parents[2] / "ontology" / "functiegebouw.ttl")
    external = {(s, o) for s, o in source.subject_objects(RDF.type)
                if o in kinds and not str(s).startswith("https://w3id.org/functiegebouw/")}
    assert len(external) > 50
    version = str(source.value(URIRef("https://w3id.org/functiegebouw/def"), OWL.versionIRI))
    for published in ("def/index.ttl", version.removeprefix("https://w3id.org/functiegebouw/") + "/index.ttl"):
        graph = RGraph().parse(out / published)
        assert {(s, o) for s, o in graph.subject_objects(RDF.type) if o in kinds} >= external, published
