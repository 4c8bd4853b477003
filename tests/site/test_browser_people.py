"""The site as an HR advisor meets it, in the headless Chromium of test_browser.py: the start page and
527's page say what people look for (families, groups, a search box, FUWASYS charts with the kenmerk
names on the axis) without the words of RDF, a statement's IRI leads to its line on its functiegroep's
page, search finds a group by the words of the occupations it is linked to, and axe-core finds no
violation of any impact on any kind of page.

axe-core is vendored (tests/fixtures/axe/, MPL-2.0, SOURCES.md there): injected into each page, no
download at run time.
"""
from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from support import FIXTURES


def _browser_test():
    """test_browser.py as a module: its browser and server fixtures and helpers (the tests are imported
    with --import-mode=importlib, where a test file cannot import another by name)."""
    spec = importlib.util.spec_from_file_location("site_browser_fixtures", Path(__file__).with_name("test_browser.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_BROWSER = _browser_test()
browser, served, _shown = _BROWSER.browser, _BROWSER.served, _BROWSER._shown

AXE = FIXTURES / "axe" / "axe.min.js"
# The words of RDF that a person should not meet in the text of a Dutch page (outside its one
# "Als data" section): a whole word, in any case.
RDF_WORDS = re.compile(r"\b(IRI|IRIs|Turtle|JSON-LD|N-Triples|RDF|SPARQL|triples?|graaf|kennisgraaf|"
                       r"skos|owl|rdfs|wasDerivedFrom|annotatedSource|annotatedTarget)\b", re.I)
# the text a person reads: the page without its "Als data" section, with every fold opened
VISIBLE_TEXT = """
for (const d of document.querySelectorAll("details")) d.open = true;
const copy = document.body.cloneNode(true);
for (const s of copy.querySelectorAll(".als-data, script, noscript")) s.remove();
document.body.appendChild(copy); copy.style.position = "absolute";
const text = copy.innerText; copy.remove(); return text;
"""


def _visible_text(browser) -> str:
    return browser.execute_script(VISIBLE_TEXT)


def test_start_page_as_an_hr_advisor_sees_it(browser, served):
    """A search box and the families with their groups come first; the two counts say which is which;
    no RDF words but in the one "Als data" section."""
    from selenium.webdriver.common.by import By

    url, _, _ = served
    browser.get(url + "index.html")
    main = browser.find_element(By.TAG_NAME, "main")
    # the search box is the first control of the page's content, with a label people can see
    box = main.find_element(By.CSS_SELECTOR, "form[role=search] input[type=search]")
    label = main.find_element(By.CSS_SELECTOR, f"label[for={box.get_attribute('id')}]")
    assert _shown(box) and _shown(label) and "Zoek een functie" in label.text
    assert box.location["y"] < 600  # in the first screen, not under the catalogue
    families = main.find_elements(By.CSS_SELECTOR, "nav[aria-label=Functiefamilies] li")
    assert [f.text for f in families][:3] == ["Uitvoering (31)", "Advisering (6)", "Bedrijfsvoering (13)"]
    first = main.find_elements(By.CSS_SELECTOR, "section.familie")[2].find_elements(By.CSS_SELECTOR, "ul.catalogus li")
    assert _shown(first[0]) and first[0].text.startswith("527 Medewerker Communicatie")
    counts = main.find_element(By.CSS_SELECTOR, ".catalogus-telling").text
    assert "telt 64 functiegroepen in 8 functiefamilies" in counts and "Van 1 van deze 64 staat" in counts
    profiles = main.find_element(By.CSS_SELECTOR, ".profiel-telling").text
    assert "In totaal staan hier 10 functiegroepen met een profiel: 1 uit de catalogus en 9 die niet" in profiles
    text = _visible_text(browser)
    assert not RDF_WORDS.findall(text), sorted(set(RDF_WORDS.findall(text)))
    # the words are there, in the data section
    data = browser.find_element(By.CSS_SELECTOR, "section.als-data").text
    assert "IRI" in data and "triples" in data


def test_527_page_as_an_hr_advisor_sees_it(browser, served):
    """527's page: short to scan (every typering and profiel folded), a FUWASYS chart that names the kenmerken
    on its axis, the statements as lines (no link to a page per statement), no RDF words."""
    from selenium.webdriver.common.by import By

    url, _, _ = served
    browser.set_window_size(1200, 900)
    browser.get(url + "id/functiegroep/527/index.html")
    height = browser.execute_script("return document.documentElement.scrollHeight")
    assert height < 6000, height  # was ~14,000 px with every block open
    typeringen = browser.find_elements(By.CSS_SELECTOR, "section.typering")
    assert len(typeringen) == 4 and not any(_shown(t.find_element(By.CSS_SELECTOR, "svg.fuwasys")) for t in typeringen)
    typeringen[1].find_element(By.TAG_NAME, "summary").click()  # open schaal 6, as a person does
    chart = typeringen[1].find_element(By.CSS_SELECTOR, "svg.fuwasys")
    assert _shown(chart) and chart.size["width"] > 400
    names = [t.text for t in chart.find_elements(By.CSS_SELECTOR, "text.kenmerk")]
    assert names[0] == "1 Complexiteit van de werkzaamheden" and names[9] == "10 Controle" and len(names) == 14
    assert all(_shown(t) for t in chart.find_elements(By.CSS_SELECTOR, "text.kenmerk"))
    bars = chart.find_elements(By.CSS_SELECTOR, "rect.bar")  # schaal 6: 32232 …, a 3 is longer than a 2
    assert float(bars[0].get_attribute("width")) > float(bars[1].get_attribute("width")) > 0
    # the statements are lines of their block, with an id, and none links to a page of its own
    main = browser.find_element(By.TAG_NAME, "main")
    lines = main.find_elements(By.CSS_SELECTOR, "li[id^='resultaat/'], li[id^='functietypering/']")
    assert len(lines) > 40
    hrefs = [a.get_attribute("href") for a in main.find_elements(By.CSS_SELECTOR, "a")
             if not a.find_elements(By.XPATH, "ancestor::section[contains(@class, 'als-data')]")]
    own = [h.split("/id/functiegroep/527/", 1)[1] for h in hrefs if "/id/functiegroep/527/" in h]
    parts = re.compile(r"(index\.html(#.*)?|(functietypering|kwaliteitenprofiel)/schaal-\d+(/variant-\d+)?/index\.html)")
    assert own and [h for h in own if not parts.fullmatch(h)] == []
    text = _visible_text(browser)
    assert "Ondersteunende communicatiewerkzaamheden zijn" in text
    assert not RDF_WORDS.findall(text), sorted(set(RDF_WORDS.findall(text)))
    assert "annotatedSource" not in text and "17ca74a37bb2" not in text
    # O*NET OnLine and the ESCO portal, from the links table
    links = main.find_element(By.ID, "koppelingen").find_element(By.XPATH, "following-sibling::table")
    out = {a.text: a.get_attribute("href") for a in links.find_elements(By.CSS_SELECTOR, "a[rel=external]")}
    assert out["O*NET OnLine"] == "https://www.onetonline.org/link/summary/43-9061.00"
    assert out["ESCO-portaal"].startswith("http://data.europa.eu/esco/")


def test_a_statement_iri_leads_to_its_line_on_the_functiegroep_page(browser, served):
    """The page of a statement (what its IRI resolves to) goes to its line on 527's page; the line's block
    opens and the line is shown; its Turtle stays beside it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, out, _ = served
    folder = next((out / "id/functiegroep/527/functietypering/schaal-6/resultaten").glob("detail-vragen-*"))
    rel = folder.relative_to(out).as_posix()
    assert (folder / "index.ttl").is_file() and "schema:text" in (folder / "index.ttl").read_text(encoding="utf-8")
    browser.get(url + rel + "/index.html")
    WebDriverWait(browser, 20).until(lambda d: "/functiegroep/527/index.html#" in d.current_url)
    ident = rel.removeprefix("id/functiegroep/527/")
    assert browser.current_url.endswith("#" + ident)
    line = browser.find_element(By.ID, ident)
    assert _shown(line) and line.text.startswith("(detail)vragen verzameld")
    assert line.find_element(By.XPATH, "ancestor::details").get_attribute("open") is not None


def test_search_finds_a_group_by_the_words_of_the_occupations_it_links_to(browser, served):
    """527 is linked to ISCO-08 4419 "Administratief assistenten n.e.g." and the ESCO occupation "advertising
    assistant" (tests/fixtures/site/links.ttl): those words find 527."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, _, _ = served
    for words in ("advertising assistant", "administratief assistenten"):
        browser.get(url + "zoeken/index.html")
        browser.find_element(By.ID, "zoekterm").send_keys(words)
        WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#zoekresultaten > li"))
        hits = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#zoekresultaten a")]
        assert any(h.startswith("527 Medewerker Communicatie") for h in hits), (words, hits)


def test_search_index_holds_the_labels_of_linked_occupations(built_site):
    """The index the search box reads: the Dutch and English labels of a group's linked ESCO occupation and
    ISCO group point at the group."""
    out, _ = built_site
    index = json.loads((out / "zoeken/index.json").read_text(encoding="utf-8"))
    texts = dict(index["teksten"])
    for label in ("advertising assistant", "Administratief assistenten n.e.g.",
                  "Clerical support workers not elsewhere classified"):
        assert [(h[0], index["groepen"][h[1]]) for h in texts[label]] == [
            ("id/functiegroep/527", "527 Medewerker Communicatie")], label


def test_search_index_of_a_group_linked_to_a_communicatiemedewerker(built_site, site_store):
    """The words people use: with 527 linked to an ESCO occupation labelled "communicatiemedewerker" (a
    label written in this test; ESCO has no such occupation), that word finds 527."""
    from functiegebouw.site.describe import Graph
    from functiegebouw.site.indexes import search_index
    from functiegebouw.site.model import read
    from functiegebouw.site.pages import Site
    from functiegebouw.site.queries import triples

    graph = Graph(triples(site_store))
    data = read(site_store, graph)
    site = Site(graph, data, graph.resources())
    group = "https://w3id.org/functiegebouw/id/functiegroep/527"
    assert "communicatiemedewerker" not in dict(search_index(site)["teksten"])
    data.zoeklabels.append((group, "http://data.europa.eu/esco/occupation/test-communicatiemedewerker",
                            "communicatiemedewerker"))
    index = search_index(site)
    hits = dict(index["teksten"])["communicatiemedewerker"]
    assert [(h[0], index["groepen"][h[1]], index["soorten"][h[3]]) for h in hits] == [
        ("id/functiegroep/527", "527 Medewerker Communicatie", "zo heet het bij ESCO-beroep")]


def test_an_onet_page_links_to_onet_online(built_site):
    out, _ = built_site
    page = (out / "id/onet-soc/43-9061.00/index.html").read_text(encoding="utf-8")
    assert 'href="https://www.onetonline.org/link/summary/43-9061.00"' in page


# Every kind of page the site makes. A statement's page leads to its functiegroep's (checked above).
PAGE_KINDS = (
    "index.html",
    "id/functiegroep/527/index.html",                                     # functiegroep with a profile
    "id/functiegroep/c41bd866-08c1-4433-bada-d7e3575cc493/index.html",    # catalogue group, no profile
    "id/functiegroep/907/index.html",                                     # variants
    "id/functiegroep/527/functietypering/schaal-6/index.html",            # typering
    "id/functiegroep/527/kwaliteitenprofiel/schaal-6/index.html",         # kwaliteitenprofiel
    "id/functiefamilie/bedrijfsvoering/index.html",                       # family
    "id/competentie/index.html",                                          # concept scheme (competenties)
    "id/competentie/klantgerichtheid/index.html",                         # concept
    "id/onet-soc/43-9061.00/index.html",                                  # another vocabulary's term
    "id/mapping/test/527-isco/index.html",                                # a resource with blank nodes
    "vergelijk/527/schaal-6-7/index.html",                                # schalen compared
    "vergelijk/527/kwaliteitenprofielen/schaal-5-8/index.html",
    "vergelijk/functiegroepen/901-903/index.html",                        # functiegroepen compared
    "zoeken/index.html?q=klantgerichtheid",                               # search with results
    "def/index.html",                                                     # ontology
    "shapes/index.html",                                                  # a hash document
    "dataset/index.html",
)
# The ontology and shapes pages repeat one section per term and list every concept of every scheme (10^4
# elements): axe checks the first 12 of each repeated part (the markup of the others is the same), which
# keeps it to seconds, not minutes.
AXE_RUN = r"""
const done = arguments[arguments.length - 1];
if (/\/(def|shapes)\/index\.html$/.test(location.pathname)) {
  for (const kind of ["section.term", "main > section[id]"]) {
    Array.from(document.querySelectorAll(kind)).slice(12).forEach(s => s.remove());
  }
  for (const list of document.querySelectorAll("main ul, main ol, main tbody")) {
    Array.from(list.children).slice(12).forEach(s => s.remove());
  }
}
for (const d of document.querySelectorAll("details")) d.open = true;  // what a person may open is checked too
axe.run(document, {resultTypes: ["violations"]}).then(
  r => done(r.violations.map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(" "))])),
  e => done([["axe failed", String(e), []]]));
"""


@pytest.mark.parametrize("page", PAGE_KINDS)
def test_axe_finds_no_violation(browser, served, page):
    """axe-core 4.11 with its default rules (WCAG 2.x A and AA and best practices): none violated, whatever
    the impact, with every fold of the page open."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    url, _, _ = served
    browser.get(url + page)
    if "?q=" in page:
        WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#zoekresultaten > li"))
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    assert browser.execute_async_script(AXE_RUN) == []


def test_axe_sees_a_violation(browser, served):
    """The check can fail: a page with an empty header cell and an unlabelled search form breaks axe's rules."""
    url, _, _ = served
    browser.get(url + "index.html")
    browser.execute_script("""
        const t = document.createElement("table"); t.innerHTML = "<tr><th></th><th>schaal</th></tr><tr><td>1</td><td>2</td></tr>";
        document.querySelector("main").appendChild(t);
        const f = document.createElement("form"); f.setAttribute("role", "search"); f.innerHTML = "<input type=search>";
        document.querySelector("main").appendChild(f);""")
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    found = {v[0] for v in browser.execute_async_script(AXE_RUN)}
    assert {"empty-table-header", "label"} <= found, found


def test_statement_anchor_and_external_sites():
    """A statement's id is its path below its functiegroep's (readable, the same in every build); one outside
    it gets a digest; O*NET-SOC codes go to O*NET OnLine, ESCO IRIs to the portal, others nowhere."""
    from functiegebouw.site.pages import external_site, statement_anchor

    group = "https://w3id.org/functiegebouw/id/functiegroep/527"
    assert statement_anchor(group, group + "/resultaat/opdracht/x-e28d6b") == "resultaat/opdracht/x-e28d6b"
    other = statement_anchor(group, "https://w3id.org/functiegebouw/id/elders/x")
    assert re.fullmatch(r"regel-[0-9a-f]{16}", other) and other == statement_anchor(group, "https://w3id.org/functiegebouw/id/elders/x")
    assert statement_anchor(group, group + "0/x") != "x"  # 5270 is not below 527
    assert external_site("https://w3id.org/functiegebouw/id/onet-soc/43-9061.00", "43-9061.00") == (
        "https://www.onetonline.org/link/summary/43-9061.00", "O*NET OnLine")
    assert external_site("http://data.europa.eu/esco/isco/C4419", "4419") == (
        "http://data.europa.eu/esco/isco/C4419", "ESCO-portaal")
    assert external_site("https://w3id.org/functiegebouw/id/brc2014/beroepsgroep/0431", "0431") is None


# The pages people read (not the ontology, the dataset description or a provenance record, which are
# about the data): by the site file's path.
PEOPLE_PAGES = re.compile(r"index\.html|zoeken/index\.html|vergelijk/.+/index\.html|id/functiefamilie/.+/index\.html|"
                          r"id/competentie/(.+/)?index\.html|id/functiegroep/[^/]+/index\.html|"
                          r"id/functiegroep/[^/]+/(functietypering/schaal-\d+(/variant-\d+)?|kwaliteitenprofiel/schaal-\d+)"
                          r"/index\.html")


def test_no_rdf_words_in_the_text_of_any_page_people_read(built_site):
    """Every such page, as text without its tags, its script and its "Als data" section: no word of RDF."""
    import html

    out, _ = built_site
    checked, bad = 0, []
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        if not PEOPLE_PAGES.fullmatch(rel):
            continue
        text = re.sub(r'<section class="als-data".*?</section>', "", page.read_text(encoding="utf-8"), flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<(head|script|noscript)\b.*?</\1>", "", text, flags=re.S)))
        checked += 1
        bad += [f"{rel}: {word}" for word in sorted(set(RDF_WORDS.findall(text)))]
    assert checked > 150 and bad == [], bad[:10]
