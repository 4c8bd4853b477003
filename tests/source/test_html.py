"""HTML pages (as the FGR site serves them, or saved with Ctrl+S) read as the text copies of the same pages."""
from __future__ import annotations

import sys

import pytest

from content import content
from functiegebouw.cli.main import main
from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.source.html import html_text, looks_like_html
from functiegebouw.source.model import Meta
from support import FIXTURES

HTML = FIXTURES / "html"
sys.path.insert(0, str(HTML))
import make_html  # noqa: E402

PAGES = [(group, stem, address) for group, pages in make_html.PAGES.items() for stem, address in pages.items()]


@pytest.mark.parametrize("group, stem, address", PAGES, ids=[f"{g}-{s}" for g, s, _ in PAGES])
def test_a_page_as_html_gives_the_graph_of_its_text_copy(group, stem, address):
    text = convert(HTML / "text" / str(group) / f"{stem}.txt")
    page = convert(make_html.file_for(address), meta=Meta(functiegroep_id=group, label=text.profile.meta.label))
    assert content(page.graph) == content(text.graph)
    assert page.warnings == []
    assert page.profile.sources[0].media_type == "text/html"


def test_only_the_main_content_is_read():
    data = make_html.file_for(make_html.PAGES[900]["kernprofiel"]).read_bytes()
    for chrome in (b"Ga direct naar inhoud", b"Privacy", b"Naar top van de pagina", b"cookies om", b"Hoofdmenu"):
        assert chrome in data
    text = "\n".join(html_text(data, "900.html").lines)
    for chrome in ("Ga direct naar inhoud", "Privacy", "Toegankelijkheid", "Naar top van de pagina", "cookies",
                   "Home", "Kruimelpad", "Functiefamilies", "Salarisschaal", "Elders"):
        assert chrome not in text
    assert text.startswith("Resultaten\n")


def test_the_one_table_page_gives_one_typering_per_column():
    conv = convert(make_html.file_for(make_html.PAGES[901]["functietyperingen-5-6"]))
    typs = conv.profile.typifications
    assert [(t.scale, t.code) for t in typs] == [(5, "22222 22222 22 22 (28)"), (6, "32232 33222 22 22 (32)")]
    assert [i.text for i in typs[1].blocks["resultaten"]] == ["aanvragen behandeld (schaal 6)", "knelpunten gesignaleerd"]
    assert [i.subheading for i in typs[1].blocks["resultaten"]] == ["Uitvoering", "Uitvoering"]


def _saved(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body><nav>Menu</nav><main>{body}</main>" \
           "<footer>Privacy</footer></body></html>"


def test_the_encoding_comes_from_the_document(tmp_path):
    clean = (FIXTURES / "pages" / "kernprofiel.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{line}</p>" for line in clean.split("\n") if line.strip())
    page = tmp_path / "opgeslagen.html"
    page.write_bytes(_saved(body, '<meta charset="windows-1252">').encode("cp1252"))
    conv = convert(page, meta=Meta(functiegroep_id=900, label="Medewerker Proefwerk"))
    assert conv.profile.sources[0].encoding == "windows-1252"
    assert conv.profile.results["omgeving"][0].text == "Klanten zijn tijdig geïnformeerd"
    assert content(conv.graph) == content(convert(FIXTURES / "pages" / "kernprofiel.txt",
                                                  meta=Meta(functiegroep_id=900, label="Medewerker Proefwerk")).graph)


def test_scripts_hidden_parts_and_cookie_banners_are_no_content():
    page = _saved("<script>document.write('Resultaten')</script><h2>Resultaten</h2><script>var a;</script>"
                  "<div class='cookie-melding'>Cookies</div><p hidden>Privacy</p><p aria-hidden='true'>x</p>"
                  "<a class='skip-link' href='#inhoud'>Ga direct naar inhoud</a>")
    assert html_text(page.encode(), "p.html").lines == ["Resultaten"]


def test_a_page_that_is_no_fgr_profile_is_refused_naming_what_was_expected(tmp_path):
    page = tmp_path / "nieuws.html"
    page.write_text(_saved("<h1>Nieuws</h1><p>Het functiegebouw is vernieuwd.</p>"), encoding="utf-8")
    with pytest.raises(FgrError, match="expected 'Resultaten'"):
        convert(page)


def test_html_is_recognised_by_name_or_by_its_first_bytes():
    assert looks_like_html(b"x", "page.HTM")
    assert looks_like_html(b"\xef\xbb\xbf\n<!DOCTYPE html><html>", "copy.txt")
    assert not looks_like_html(b"Resultaten\n", "copy.txt")


def test_fgr_convert_reads_a_saved_page(tmp_path, capsys):
    source = make_html.file_for(make_html.PAGES[900]["kernprofiel"])
    out = tmp_path / "900.ttl"
    assert main(["convert", str(source), "--functiegroep-id", "900", "--label", "Medewerker Proefwerk",
                 "-o", str(out)]) == 0
    assert '"text/html"' in out.read_text(encoding="utf-8")
    assert "Klanten zijn tijdig geïnformeerd" in out.read_text(encoding="utf-8")
