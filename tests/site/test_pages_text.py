"""What a reader sees on the site's pages (``site/pages.py``), on a tiny site written in the test: a graph of a
few triples and the page data beside it, no store and no build, so that it runs in well under a second.

Each test reads a page (or the part of a page one method writes) as a reader does: the words, the language a
text is marked in, the order of a list, what a cell says. Issue 27: mutation testing of ``pages.py``.
"""
from __future__ import annotations

import re
from decimal import Decimal

from functiegebouw.rdf import iris
from functiegebouw.site.describe import BASE, Description
from functiegebouw.site.model import Catalogusgroep, Salaris
from functiegebouw.site.pages import Site
from functiegebouw.site.model import Referentiegroep
from tiny_site import BOTH, COMPETENTIE, GROUP, ISCO, NIVEAU, TERM, TYPERING5, tiny_group, tiny_site


def _page(site: Site, iri: str) -> str:
    return site.resource_page(Description(iri, site.resources[iri]))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_a_property_shows_its_english_label_only_where_it_differs():
    page = _page(tiny_site(), BOTH)
    assert '<span class="en" lang="en">(has level)</span>' in page
    assert "(code)" not in _text(page)  # the English label is the Dutch one: said once


def test_a_definition_is_dutch_where_there_is_one_and_an_english_one_is_marked_english():
    site = tiny_site()
    both = site.summary("id/proef/beide/index.html", BOTH)
    assert "<p>Een proefbegrip.</p>" in both and "A test concept." not in both
    isco = site.summary("x/index.html", ISCO)
    assert '<p lang="en">Workers who test pages.</p>' in isco


def test_the_competentie_scheme_lists_each_competentie_with_the_groups_that_ask_for_it():
    page = _page(tiny_site(), COMPETENTIE)
    assert "Competenties en de functiegroepen die ze vragen" in page and "<h2>Begrippen</h2>" not in page
    table = page.split("die ze vragen</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', table)
    assert [_text(name) for name, _ in rows] == ["Analyseren", "Samenwerken"]  # by name
    assert _text(rows[0][1]) == "—"  # asked for by no group
    assert [_text(li) for li in re.findall(r"<li>(.*?)</li>", rows[1][1])] == [
        "951", "950 Proefmedewerker Pagina (schaal 5, 6)"]  # a group without a profile (by its name) first
    assert 'href="../functiegroep/950/index.html"' in rows[1][1]


def test_another_scheme_lists_its_concepts_by_position_with_code_english_name_and_dutch_definition():
    page = _page(tiny_site(), NIVEAU)
    assert "<h2>Begrippen</h2>" in page and "Competenties en de functiegroepen" not in page
    body = page.split("<h2>Begrippen</h2>", 1)[1].split("</table>", 1)[0]
    rows = [[_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)] for r in re.findall(r"<tr><td>.*?</tr>", body)]
    assert rows == [["H", "HBO", "Higher professional", "Werken op hbo-niveau."],
                    ["M", "MBO", "Vocational", "Werken op mbo-niveau."]]
    assert '<td lang="en">Vocational</td>' in body


def test_a_scheme_without_members_lists_none():
    site = tiny_site()
    assert site.scheme_members("x/index.html", BASE + "id/leeg") == ""


def _cat(iri: str, naam: str, laagste: int, hoogste: int, profiel: bool) -> Catalogusgroep:
    return Catalogusgroep(iri=iri, nummer=None, naam=naam, familie=None, laagste=laagste, hoogste=hoogste,
                          pagina=None, profiel=profiel)


def test_the_salary_range_runs_from_the_lowest_minimum_to_the_highest_maximum():
    salaries = {5: [Salaris(Decimal("2000"), Decimal("2900.5"), "EUR", None, None, "s5")],
                7: [Salaris(Decimal("2600"), Decimal("3500.50"), "EUR", None, None, "s7a"),
                    Salaris(Decimal("2700"), None, "EUR", None, None, "s7b")],
                9: [Salaris(Decimal("3100"), None, "EUR", None, None, "s9")]}
    site = tiny_site(salarissen=salaries)
    assert site.salary_range(_cat("a", "A", 5, 7, False)) == "€ 2.000,00 – € 3.500,50"
    assert site.salary_range(_cat("b", "B", 7, 9, False)) == "ten minste € 2.600,00"  # 9: a minimum only
    assert site.salary_range(_cat("c", "C", 11, 12, False)) == "onbekend"


def test_the_catalogue_list_puts_groups_with_a_profile_first_then_by_range():
    groups = [_cat("u:1", "Laag", 3, 5, False), _cat("u:2", "Hoog met profiel", 10, 12, True),
              _cat("u:3", "Midden", 6, 8, False), _cat("u:4", "Laag met profiel", 4, 6, True)]
    html_ = tiny_site().catalogue_items("index.html", groups)
    names = [_text(li).split(" — ")[0] for li in re.findall(r"<li.*?</li>", html_)]
    assert names == ["Laag met profiel", "Hoog met profiel", "Laag", "Midden"]
    assert html_.count('<li class="met-profiel">') == 2


def test_the_scale_table_shows_each_stated_total_and_an_empty_cell_without_one():
    page = _page(tiny_site(), GROUP)
    table = page.split('<h2 id="schalen">', 1)[1].split("</table>", 1)[0]
    rows = {_text(th): [_text(td) for td in re.findall(r"<td>(.*?)</td>", row)]
            for th, row in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)}
    assert rows["5"][:2] == ["22222 22222 22 22 (30)", "30"]
    assert rows["6"][:2] == ["", ""]  # no code and no total: nothing (not "None")
    assert rows["7"][:2] == ["33222 22222 22 22 (34)", "34"]
    assert rows["8"][:2] == ["", ""]


def test_a_level_link_names_the_schalen_of_the_profiles_that_ask_for_the_level():
    site = tiny_site()
    assert [r[0] for r in site.level_links(tiny_group())] == ["EQF (schaal 5–7, via MBO)"]
    two = tiny_group()
    del two.profielen[7]  # mbo asked for by 5 and 6: two schalen are listed, not spanned
    assert [r[0] for r in site.level_links(two)] == ["EQF (schaal 5, 6, via MBO)"]
    gap = tiny_group()
    gap.profielen[6].parts = [("Werk- en denkniveau", [])]  # 5 and 7, and 6 between them asks for none
    assert [r[0] for r in site.level_links(gap)] == ["EQF (schaal 5, 7, via MBO)"]
    page = _page(site, GROUP)
    assert "EQF (schaal 5–7, via MBO)" in page and f'href="{iris.EQF}4"' in page


def test_a_page_gives_the_english_name_under_the_dutch_one_where_it_differs():
    site = tiny_site()
    assert '<h1>Proefterm</h1><p class="en" lang="en">Test term</p>' in _page(site, TERM)
    typering = _page(site, TYPERING5)  # its English name is its Dutch one: not repeated
    assert "<h1>Functietypering schaal 5</h1>" in typering and '<p class="en"' not in typering


def test_the_functiegroep_page_shows_its_kernprofiel_competenties_and_scores_line_by_line():
    page = _page(tiny_site(), GROUP)
    assert "<summary>Opdracht (2 resultaten, 1 gedragsindicator)</summary>" in page
    assert ('<h3>Resultaten</h3><ul><li id="opdracht/r1">Vragen zijn beantwoord</li>'
            '<li id="opdracht/r2">Stukken zijn op tijd</li></ul>') in page
    assert '<h3>Gedragsindicatoren</h3><ul><li id="opdracht/g1">Vraagt door</li></ul>' in page
    assert ('<summary>Competenties (2)</summary><ul><li id="competentie/1"><a href="../../competentie/samenwerken/'
            'index.html">Samenwerken</a></li><li id="competentie/2">Eigen competentie</li></ul>') in page
    # the typering's scores as a table, the name escaped; its lines with the ids their IRIs lead to
    assert ("<tbody><tr><td>1</td><td>Kennis</td><td>3</td></tr>"
            "<tr><td>2</td><td>Zelfstandigheid &lt;en&gt; overleg</td><td>2</td></tr></tbody>") in page
    assert ('<h4>Werkzaamheden</h4>\n<ul><li id="functietypering/schaal-5/werkzaamheden/a">Brieven schrijven</li></ul>\n'
            '<p class="sub">Onder begeleiding</p>\n'
            '<ul><li id="functietypering/schaal-5/werkzaamheden/b">Archief bijhouden</li></ul>') in page


def test_the_typering_page_lists_its_lines_without_the_ids_of_the_functiegroep_page():
    page = _page(tiny_site(), TYPERING5)
    assert "<h2>Werkzaamheden</h2>\n<ul><li>Brieven schrijven</li></ul>" in page
    assert "<ul><li>Archief bijhouden</li></ul>" in page


def test_a_family_page_lists_the_reference_groups_with_their_range_and_a_guessed_family():
    site = tiny_site()
    known = [Referentiegroep(iri=BASE + "id/functiegroep/981", id=981, naam="Oud", familie=None, vermoed=True,
                             laagste=5, hoogste=8, ten_minste=True),
             Referentiegroep(iri=BASE + "id/functiegroep/982", id=None, naam="Zonder nummer", familie=None,
                             vermoed=False, laagste=None, hoogste=None, ten_minste=False)]
    items = [_text(li) for li in re.findall(r"<li>(.*?)</li>", site.reference_list("index.html", known))]
    assert items == ["981 Oud — schaal ten minste 5–8, familie vermoed uit de naam", "Zonder nummer"]
    assert site.reference_list("index.html", []) == ""
