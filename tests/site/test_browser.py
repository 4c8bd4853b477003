"""The site in a real browser: Debian's headless Chromium through Selenium (chromedriver from the
same Debian package, never a downloaded browser), the site served on a loopback port.

Locally the tests are skipped when Chromium is not installed; in CI (``CI`` set, and ``.ci/run``
installs ``chromium`` and ``chromium-driver``) a missing browser is a failure.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1200,900")


def _need_browser():
    missing = [p for p in (CHROMIUM, DRIVER) if not os.path.exists(p)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    if missing:
        message = "no browser for the site tests: " + ", ".join(missing) + " (apt-get install chromium chromium-driver)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def served(built_site):
    """The built site on http://127.0.0.1:PORT/ (a thread of this process; loopback only)."""
    out, summary = built_site

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", out, summary
    finally:
        server.shutdown()
        server.server_close()


def _driver(tmp_path, javascript: bool = True):
    _need_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path}")  # a fresh profile per browser
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(600)
    return driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = _driver(tmp_path_factory.mktemp("chromium"))
    try:
        yield driver
    finally:
        driver.quit()


def _shown(element) -> bool:
    size = element.size
    return element.is_displayed() and size["width"] > 0 and size["height"] > 0


def test_527_shows_four_typeringen_with_fuwasys_charts(browser, served):
    from selenium.webdriver.common.by import By

    url, _, _ = served
    browser.get(url + "id/functiegroep/527/index.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Medewerker Communicatie"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    typeringen = browser.find_elements(By.CSS_SELECTOR, "section.typering")
    assert [t.find_element(By.TAG_NAME, "h3").text.split(" · ")[0] for t in typeringen] == [
        f"Functietypering schaal {s}" for s in (5, 6, 7, 8)]
    for typering in typeringen:  # folded: a click on its heading opens it
        typering.find_element(By.TAG_NAME, "summary").click()
        chart = typering.find_element(By.CSS_SELECTOR, "svg.fuwasys")
        assert _shown(chart) and chart.size["width"] > 200
        bars = chart.find_elements(By.CSS_SELECTOR, "rect.bar")
        assert len(bars) == 14 and all(float(b.get_attribute("width")) > 0 for b in bars)
    # a score of 3 is drawn longer than a score of 2 (schaal 6: 32232 …)
    bars = typeringen[1].find_elements(By.CSS_SELECTOR, "svg.fuwasys rect.bar")
    assert float(bars[0].get_attribute("width")) > float(bars[1].get_attribute("width"))
    table = browser.find_element(By.CSS_SELECTOR, "#schalen + table")
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == 4 and "€ 2.595,43" in table.text


def test_pages_read_without_javascript(served, tmp_path):
    from selenium.webdriver.common.by import By

    url, _, _ = served
    driver = _driver(tmp_path, javascript=False)
    try:
        driver.get(url + "id/functiegroep/527/index.html")
        charts = driver.find_elements(By.CSS_SELECTOR, "section.typering svg.fuwasys")
        assert len(charts) == 4 and not any(_shown(c) for c in charts)
        for summary in driver.find_elements(By.CSS_SELECTOR, "section.typering summary"):
            summary.click()  # a fold opens without script
        assert all(_shown(c) for c in charts)
        driver.get(url + "zoeken/index.html")
        assert "Zoeken werkt met JavaScript" in driver.find_element(By.TAG_NAME, "body").text
    finally:
        driver.quit()


def test_compare_page_marks_the_changed_words(browser, served):
    from selenium.webdriver.common.by import By

    url, _, _ = served
    browser.get(url + "vergelijk/527/schaal-6-7/index.html")
    for tag in ("del", "ins"):
        marks = [m for m in browser.find_elements(By.CSS_SELECTOR, f"tr.changed {tag}") if _shown(m)]
        assert marks, tag
        colour = marks[0].value_of_css_property("background-color")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), colour
    changed = browser.find_elements(By.CSS_SELECTOR, "tr.changed")
    assert any("uiteenlopende" in row.text for row in changed)


def test_search_box_finds_klantgerichtheid(browser, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    url, _, _ = served
    browser.get(url + "id/functiegroep/527/index.html")
    box = browser.find_element(By.ID, "zoek-kop")  # the box in the header of every page
    box.send_keys("Klantgerichtheid", Keys.ENTER)
    WebDriverWait(browser, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#zoekresultaten > li"))
    assert browser.current_url.endswith("zoeken/index.html?q=Klantgerichtheid")
    results = browser.find_elements(By.CSS_SELECTOR, "#zoekresultaten > li")
    assert all("klantgerichtheid" in r.find_element(By.TAG_NAME, "q").text.lower() for r in results)
    assert "teksten gevonden" in browser.find_element(By.ID, "zoekstatus").text or \
        "tekst gevonden" in browser.find_element(By.ID, "zoekstatus").text
    assert any("527 Medewerker Communicatie" in h.text for r in results for h in r.find_elements(By.TAG_NAME, "a"))
    # a statement's hit opens its functiegroep's page at its line, shown in its opened block
    line = next(r for r in results if "527 Medewerker Communicatie · schaal" in r.text)
    text = line.find_element(By.TAG_NAME, "q").text
    next(a for a in line.find_elements(By.TAG_NAME, "a") if "527 Medewerker Communicatie · schaal" in a.text).click()
    WebDriverWait(browser, 20).until(lambda d: "zoeken" not in d.current_url)
    assert "/id/functiegroep/527/index.html#" in browser.current_url
    target = browser.find_element(By.ID, browser.current_url.split("#", 1)[1])
    assert _shown(target) and target.text.startswith(text)
    # typing in the box on the search page itself narrows the results
    browser.get(url + "zoeken/index.html")
    term = browser.find_element(By.ID, "zoekterm")
    term.send_keys("klantgerichtheid luisteren")
    WebDriverWait(browser, 20).until(lambda d: d.find_element(By.ID, "zoekstatus").text)
    assert browser.find_element(By.ID, "zoekstatus").text.startswith("0 ")


CRAWL = """
const seeds = arguments[0], done = arguments[arguments.length - 1];
(async () => {
  const origin = location.origin;
  // a page's kind: its path with every segment that names one thing (holds a digit) as "*"
  const kind = u => new URL(u).pathname.split("/").map(s => /\\d/.test(s) ? "*" : s).join("/");
  const start = new URL("index.html", location.href).href;
  const seen = new Set(), queue = [], broken = [], ids = new Map(), anchors = [], followed = [];
  const follow = new Set([start, ...seeds.map(s => new URL(s, location.href).href)]);
  const fileKinds = new Set(), anchored = new Set();
  let pages = 0, heads = 0, files = 0, active = 0;
  const parser = new DOMParser();
  function add(url) { if (!seen.has(url)) { seen.add(url); queue.push(url); } }
  for (const s of follow) add(s);
  async function read(url) {
    const r = await fetch(url);
    if (!r.ok) { broken.push(url + " " + r.status); return null; }
    pages++;
    const doc = parser.parseFromString(await r.text(), "text/html");
    ids.set(url, new Set(Array.from(doc.querySelectorAll("[id]"), e => e.id)));
    return doc;
  }
  async function visit(url) {
    const html = url.endsWith(".html");
    // the links of one page of each kind are followed; every other page of that kind is built by the
    // same code (test_build.py checks every link of every page, and that every page is reachable),
    // so it need only answer (or be read for the #fragments that point into it)
    if (!follow.has(url)) {
      if (html && anchored.has(url)) { await read(url); return; }
      const r = await fetch(url, {method: "HEAD"});
      if (!r.ok) { broken.push(url + " " + r.status); return; }
      if (html) heads++; else { files++; fileKinds.add(kind(url)); }
      return;
    }
    followed.push(url);
    const doc = await read(url);
    if (!doc) return;
    for (const el of doc.querySelectorAll("a[href], link[href], script[src]")) {
      const raw = el.getAttribute("href") || el.getAttribute("src");
      const target = new URL(raw, url);
      if (target.origin !== origin) continue;
      if (target.search) target.search = "";
      const hash = target.hash; target.hash = "";
      if (hash) { anchors.push([url, target.href, decodeURIComponent(hash.slice(1))]); anchored.add(target.href); }
      add(target.href);
    }
  }
  async function worker() {
    while (queue.length || active) {
      if (!queue.length) { await new Promise(r => setTimeout(r, 5)); continue; }
      const url = queue.shift(); active++;
      try { await visit(url); } catch (e) { broken.push(url + " " + e); } finally { active--; }
    }
  }
  await Promise.all(Array.from({length: 8}, worker));
  // a page answered a HEAD before a #fragment into it was seen: read it now
  for (const page of new Set(anchors.map(a => a[1]))) if (!ids.has(page) && page.endsWith(".html")) await read(page);
  const missing = anchors.filter(([from, page, id]) => ids.has(page) && !ids.get(page).has(id))
                         .map(a => a.join(" "));
  done({pages, heads, files, broken, missing, followed, fileKinds: Array.from(fileKinds),
        fetched: Array.from(ids.keys())});
})();
"""


def _kind(rel: str) -> str:
    """A path's kind: every segment that holds a digit as ``*`` (so also the crawl's ``kind``)."""
    return "/".join("*" if any(c.isdigit() for c in part) else part for part in rel.split("/"))


_HEADING_ID = re.compile(r'<h[1-6][^>]*\sid="([^"]*)"')


def _page_kind(rel: str, html: str) -> tuple[str, tuple[str, ...]]:
    """A page's kind: its path's kind and its sections (the ids of its headings, digits as ``*``), so
    that a functiegroep with profiles and one only in the catalogue are two kinds."""
    return _kind(rel), tuple(sorted({re.sub(r"\d+", "*", i) for i in _HEADING_ID.findall(html)}))


def test_every_internal_link_on_a_page_of_each_kind_resolves(browser, served):
    """The browser walks the site from the start page and from one page of every kind (fetch +
    DOMParser, 8 at a time), following the links of those pages only: every same-origin link,
    stylesheet and script there answers, every #fragment names an element. Pages of one kind are made
    by the same code, so one of each proves what the browser adds; every link of every page, and that
    every page is reachable from the start page, is test_build.py's test_every_internal_link_resolves
    (no browser needed; the crawl of every page cost ~45 s)."""
    url, out, summary = served
    pages = sorted(str(p.relative_to(out)) for p in out.rglob("*.html"))
    assert len(pages) == summary.pages
    kinds: dict[tuple[str, tuple[str, ...]], str] = {}
    for rel in pages:
        kinds.setdefault(_page_kind("/" + rel, (out / rel).read_text(encoding="utf-8")), rel)
    browser.get(url + "index.html")
    result = browser.execute_async_script(CRAWL, sorted(kinds.values()))
    assert result["broken"] == [] and result["missing"] == []
    # every kind of page had its links followed, and the resources' other formats answered
    assert {v[len(url):] for v in result["followed"]} == {*kinds.values(), "index.html"}
    assert {"/id/functiegroep/*/index.ttl", "/id/functiegroep/*/index.jsonld",
            "/id/functiegroep/*/index.nt"} <= set(result["fileKinds"]), result["fileKinds"]
    fetched = {v[len(url):] for v in result["fetched"]}
    assert result["pages"] == len(fetched) and fetched <= set(pages) and result["heads"] > 0


CONTRAST = """
function rgb(s) { const m = s.match(/[\\d.]+/g).map(Number); return m.length > 3 && m[3] === 0 ? null : m.slice(0, 3); }
function lum(c) { const v = c.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
                  return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; }
function background(el) { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor); if (c) return c; }
                          return [255, 255, 255]; }
const worst = [];
for (const el of document.querySelectorAll("h1, h2, h3, p, a, th, td, li, del, ins, code, .en, figcaption, text")) {
  if (!el.textContent.trim() || !el.getClientRects().length) continue;
  const style = getComputedStyle(el);
  const fg = rgb(el instanceof SVGElement ? style.fill : style.color);
  if (!fg) continue;
  const a = lum(fg), b = lum(background(el instanceof SVGElement ? el.closest("svg") : el));
  const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  if (ratio < 4.5) worst.push(el.tagName + " " + ratio.toFixed(2) + " " + el.textContent.trim().slice(0, 40));
}
return worst;
"""


@pytest.mark.parametrize("page", ["index.html", "id/functiegroep/527/index.html", "vergelijk/527/schaal-6-7/index.html",
                                  "def/index.html", "zoeken/index.html?q=klantgerichtheid", "dataset/index.html"])
def test_text_contrast_is_at_least_4_5(browser, served, page):
    """WCAG 2.1 AA contrast (4.5:1) of the text as the browser renders it, on the main pages."""
    url, _, _ = served
    browser.get(url + page)
    assert browser.execute_script(CONTRAST) == []


def test_start_page_shows_the_8_families_and_64_groups_as_ladders(browser, served):
    """The catalogue on the start page: 8 families, each a ladder drawn as an inline SVG (a bar per group), and
    the 64 groups listed beside them with their ranges, 527 (with a profile) first in its family."""
    from selenium.webdriver.common.by import By

    url, _, _ = served
    browser.get(url + "index.html")
    families = browser.find_elements(By.CSS_SELECTOR, "section.familie")
    assert [f.find_element(By.TAG_NAME, "h3").text for f in families][:8] == [
        "Uitvoering", "Advisering", "Bedrijfsvoering", "Toezicht", "Project-/Programmamanagement", "Lijnmanagement",
        "Kennis en Onderzoek", "Beleid"]
    groups = 0
    for family in families[:8]:  # then the groups without a family, apart
        ladder = family.find_element(By.CSS_SELECTOR, "svg.ladder")
        family.find_element(By.CSS_SELECTOR, "details > summary").click()  # folded below the list
        assert _shown(ladder) and ladder.size["width"] > 400
        items = family.find_elements(By.CSS_SELECTOR, "ul.catalogus > li")
        bars = ladder.find_elements(By.CSS_SELECTOR, "rect")
        assert len(bars) == len(items) > 0 and all(float(b.get_attribute("width")) > 0 for b in bars)
        groups += len(items)
    assert groups == 64
    bedrijfsvoering = families[2].find_elements(By.CSS_SELECTOR, "ul.catalogus > li")
    assert bedrijfsvoering[0].get_attribute("class") == "met-profiel"
    assert bedrijfsvoering[0].text.startswith("527 Medewerker Communicatie — schaal 5–8 — profiel: schaal 5 6 7 8")


def test_527_page_shows_its_place_on_the_ladder(browser, served):
    from selenium.webdriver.common.by import By

    url, _, _ = served
    browser.get(url + "id/functiegroep/527/index.html")
    assert browser.find_element(By.ID, "catalogus").text == "In de catalogus van het FGR"
    ladder = browser.find_element(By.CSS_SELECTOR, "figure.ladder svg.ladder")
    assert _shown(ladder) and ladder.size["width"] > 400
    own = [t for t in ladder.find_elements(By.TAG_NAME, "text") if t.get_attribute("font-weight") == "bold"]
    assert [t.text for t in own] == ["527 Medewerker Communicatie"]
    outlined = [r for r in ladder.find_elements(By.TAG_NAME, "rect") if r.get_attribute("stroke")]
    assert len(outlined) == 1 and outlined[0].rect["width"] > 0
    text = browser.find_element(By.TAG_NAME, "main").text
    assert "Volgende stap: Trainer (schaal 7–12)" in text and "€ 2.506,92 – € 3.954,44 (CAO Rijk" in text
