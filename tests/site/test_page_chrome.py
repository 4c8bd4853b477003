"""The links every page has to the site's fixed pages (style sheet, menu, search, dataset,
ontology) are made once per depth and first two folders (site/html.py `_chrome`): a page must get
exactly the links made from its own path, whichever page of the same key came first."""
from __future__ import annotations

import itertools
import random

import functiegebouw.site.html as html

FIRST = ["id", "zoeken", "static", "dataset", "def", "index.html-like", "idx", "vergelijk"]
SECOND = ["competentie", "competenties", "functiegroep", "site.css", "index.html", "x"]


def _files() -> list[str]:
    files = ["index.html"] + [f"{a}/index.html" for a in FIRST]
    for depth in range(2, 6):
        for a, b in itertools.product(FIRST, SECOND):
            files.append("/".join([a, b] + [f"d{i}" for i in range(depth - 2)] + ["index.html"]))
    return files


def test_each_page_gets_the_links_made_from_its_own_path(monkeypatch):
    files = _files()
    for seed in range(3):
        monkeypatch.setattr(html, "_CHROMES", {})
        order = files[:]
        random.Random(seed).shuffle(order)
        for file in order:
            assert html._chrome(file) == html._make_chrome(file), file


def test_the_shell_links_the_fixed_pages_relative_to_the_page():
    page = html.shell("id/competentie/x/index.html", "T", "<p>b</p>", iri="https://example.org/x")
    assert 'href="../../../static/site.css"' in page
    assert 'href="../index.html">Competenties' in page
    assert 'action="../../../zoeken/index.html"' in page
    assert 'href="../../../def/index.html">ontologie' in page
    top = html.shell("index.html", "T", "<p>b</p>", search=False)
    assert 'href="static/site.css"' in top and 'href="id/competentie/index.html">Competenties' in top
    assert 'role="search"' not in top
