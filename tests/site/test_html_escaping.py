"""Names with the characters HTML gives a meaning (" < > & ') come out as text on every page, in text and in
attributes, and relative links are right between folders whose names share a prefix (schaal/1 and
schaal/10). Issue 27: an unescaped name and a wrong link between schaal/1 and schaal/10 survived the suite."""
from __future__ import annotations

import posixpath
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

import functiegebouw
from functiegebouw.site.build import build_site
from functiegebouw.site.html import e, href

NAME = 'Proef "Aap" <b onmouseover=x>Noot</b> & \'Mies\''
LONG_STRING = '"""' + NAME + '"""'  # Turtle's long string: both quote kinds inside
TURTLE = f"""@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix id: <https://w3id.org/functiegebouw/id/> .
id:functiegroep\\/901 a fgr:JobGroup ; fgr:fgrId 901 ; rdfs:label {LONG_STRING}@nl .
"""


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def test_a_name_with_html_characters_is_text_on_every_page(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "g.ttl").write_text(TURTLE, encoding="utf-8")
    store = functiegebouw.open(data, store_dir=tmp_path / "store", ontology=False)
    out = build_site(store, tmp_path / "site", jobs=1).out
    pages = sorted(out.rglob("*.html"))
    seen = 0
    for path in pages:
        page = Page()
        page.feed(path.read_text(encoding="utf-8"))
        assert "b" not in page.tags, path  # no element from the name
        assert "onmouseover" not in {k for k, _ in page.attrs}, path  # no attribute from the name
        if NAME in "".join(page.text) or any(v and NAME in v for _, v in page.attrs):
            seen += 1
    group = Page()
    group.feed((out / "id/functiegroep/901/index.html").read_text(encoding="utf-8"))
    assert NAME in "".join(group.text)  # the name reads as written
    assert seen >= 2  # at least the group page and the start page show it


def test_escape_is_html_escape():
    for text in (NAME, "plain", "", "a&b", "<", ">", '"', "'"):
        assert e(text) == __import__("html").escape(text)


def test_links_between_folders_sharing_a_prefix():
    assert href("schaal/1/index.html", "schaal/10/index.html") == "../10/index.html"
    assert href("schaal/10/index.html", "schaal/1/index.html") == "../1/index.html"
    assert href("schaal/1/index.html", "schaal/1/x/index.html") == "x/index.html"
    assert href("id/functiegroep/5/index.html", "id/functiegroep/527/index.html") == "../527/index.html"


SEGMENT = st.sampled_from(["a", "b", "1", "10", "schaal", "schaal-1", "id", "x"])
FILE = st.lists(SEGMENT, min_size=0, max_size=4).map(lambda p: "/".join([*p, "index.html"]))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(FILE, FILE)
def test_every_relative_link_is_what_a_browser_resolves_to_the_target(source, target):
    link = href(source, target)
    folder = posixpath.dirname(source)
    assert posixpath.normpath(posixpath.join(folder, link)) == posixpath.normpath(target)
    assert link == posixpath.relpath(target, folder or ".")  # and the shortest such link


def test_the_page_shell_links_its_resource_only_through_safe_addresses():
    from functiegebouw.site.html import shell

    page = shell("id/x/index.html", "x", "<p>body</p>", iri="https://w3id.org/functiegebouw/id/x")
    assert '<link rel="canonical" href="https://w3id.org/functiegebouw/id/x">' in page
    hostile = shell("id/x/index.html", "x", "<p>body</p>", iri="javascript:alert(1)")
    assert 'rel="canonical"' not in hostile and 'href="javascript:' not in hostile
    plain = shell("id/x/index.html", "x", "<p>body</p>", alternates={"text/turtle": "id/x/index.ttl"})
    assert '<link rel="alternate" type="text/turtle" href="index.ttl">' in plain  # in the head
    main = plain[plain.index("<main"):plain.index("</main>")]
    assert 'href="index.ttl"' in main  # and a link a person can follow, also without an IRI


def test_every_page_has_the_header_search_box_and_a_data_section_when_it_has_data():
    from functiegebouw.site.html import shell

    def section(page: str) -> bool:
        return '<section class="als-data"' in page

    bare = shell("x/index.html", "x", "<p>body</p>")
    assert 'role="search"' in bare and not section(bare)  # the header's search box, by default
    assert 'role="search"' not in shell("zoeken/index.html", "Zoeken", "<p/>", search=False)
    for kind in ({"iri": "https://w3id.org/functiegebouw/id/x"}, {"alternates": {"text/turtle": "x/index.ttl"}},
                  {"data": "<table></table>"}, {"data_intro": "<p>intro</p>"}):
        assert section(shell("x/index.html", "x", "<p>body</p>", **kind)), kind
