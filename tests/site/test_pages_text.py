"""What a reader sees on the site's pages (``site/pages.py``), on a tiny site written in the test: a graph of a
few triples and the page data beside it, no store and no build, so that it runs in well under a second.

Each test reads a page (or the part of a page one method writes) as a reader does: the words, the language a
text is marked in, the order of a list, what a cell says. Issue 27: mutation testing of ``pages.py``.
"""
from __future__ import annotations

import re
from decimal import Decimal

from functiegebouw.rdf import iris
from functiegebouw.site.describe import BASE, Description, Graph
from functiegebouw.site.model import Catalogusgroep, Functiegroep, Profiel, Salaris, SiteData, Typering
from functiegebouw.site.pages import Site

SKOS, FGR, DCT = iris.SKOS, iris.FGR, iris.DCT
COMPETENTIE = BASE + "id/competentie"
NIVEAU = BASE + "id/werk-en-denkniveau"
GROUP = BASE + "id/functiegroep/950"
HAS_LEVEL = FGR + "proefNiveau"  # a property with a Dutch and an English label
SAME_LABEL = FGR + "proefCode"   # a property whose English label is its Dutch one
ISCO = iris.ESCO_ISCO + "C9999"  # a term of another vocabulary: an English definition only
BOTH = BASE + "id/proef/beide"   # a Dutch and an English definition


def _iri(x: str) -> dict[str, str]:
    return {"type": "uri", "value": x}


def _lit(text: str, lang: str | None = None) -> dict[str, str]:
    return {"type": "literal", "value": text, **({"xml:lang": lang} if lang else {})}


def _triples() -> list[tuple[dict[str, str], dict[str, str], dict[str, str]]]:
    t = []

    def add(s: str, p: str, o: dict[str, str]) -> None:
        t.append((_iri(s), _iri(p), o))

    add(COMPETENTIE, iris.RDF_TYPE, _iri(SKOS + "ConceptScheme"))
    for name in ("samenwerken", "analyseren"):
        add(f"{COMPETENTIE}/{name}", iris.RDF_TYPE, _iri(SKOS + "Concept"))
        add(f"{COMPETENTIE}/{name}", SKOS + "inScheme", _iri(COMPETENTIE))
    add(NIVEAU, iris.RDF_TYPE, _iri(SKOS + "ConceptScheme"))
    # two levels of an ordinary scheme, listed by position (hbo before mbo only because of it)
    for name, pos, code, en, definition in (("mbo", "2", "M", "Vocational", "Werken op mbo-niveau."),
                                            ("hbo", "1", "H", "Higher professional", "Werken op hbo-niveau.")):
        s = f"{NIVEAU}/{name}"
        add(s, iris.RDF_TYPE, _iri(SKOS + "Concept"))
        add(s, SKOS + "inScheme", _iri(NIVEAU))
        add(s, iris.SCHEMA + "position", {"type": "literal", "value": pos,
                                          "datatype": "http://www.w3.org/2001/XMLSchema#integer"})
        add(s, SKOS + "notation", _lit(code))
        add(s, SKOS + "definition", _lit(definition, "nl"))
        add(s, SKOS + "definition", _lit(f"Work at {en.lower()} level.", "en"))
    add(ISCO, iris.RDF_TYPE, _iri(SKOS + "Concept"))
    add(ISCO, SKOS + "definition", _lit("Workers who test pages.", "en"))
    add(BOTH, iris.RDF_TYPE, _iri(SKOS + "Concept"))
    add(BOTH, SKOS + "definition", _lit("Een proefbegrip.", "nl"))
    add(BOTH, SKOS + "definition", _lit("A test concept.", "en"))
    add(BOTH, HAS_LEVEL, _iri(f"{NIVEAU}/mbo"))
    add(BOTH, SAME_LABEL, _lit("X1"))
    add(GROUP, iris.RDF_TYPE, _iri(FGR + "JobGroup"))
    return t


def _group() -> Functiegroep:
    g = Functiegroep(iri=GROUP, id=950, naam="Proefmedewerker Pagina", familie=None, url=None)
    for s, total, code in ((5, 30, "22222 22222 22 22 (30)"), (6, None, None), (7, 34, "33222 22222 22 22 (34)")):
        t = Typering(iri=f"{GROUP}/functietypering/schaal-{s}", schaal=s, schaal_iri=BASE + f"id/schaal/{s}",
                     code=code, totaal=total)
        g.typeringen[s] = t
        g.varianten[s] = [t]
    mbo = f"{NIVEAU}/mbo"
    for s in (5, 6, 7, 8):
        # schaal 8 asks for hbo only: mbo is asked for by schaal 5, 6 and 7
        concept = mbo if s < 8 else f"{NIVEAU}/hbo"
        g.profielen[s] = Profiel(iri=f"{GROUP}/kwaliteitenprofiel/schaal-{s}", schaal=s, parts=[
            ("Werk- en denkniveau", [(f"{GROUP}/kwaliteitenprofiel/schaal-{s}/niveau", "Niveau", False, [concept])])])
    return g


def _site(*, catalogus: dict[str, Catalogusgroep] | None = None,
          salarissen: dict[int, list[Salaris]] | None = None, group: Functiegroep | None = None) -> Site:
    g = group or _group()
    labels = {
        COMPETENTIE: {"nl": "Competenties"}, f"{COMPETENTIE}/samenwerken": {"nl": "Samenwerken"},
        f"{COMPETENTIE}/analyseren": {"nl": "Analyseren"}, NIVEAU: {"nl": "Werk- en denkniveaus"},
        f"{NIVEAU}/mbo": {"nl": "MBO", "en": "Vocational"}, f"{NIVEAU}/hbo": {"nl": "HBO", "en": "Higher professional"},
        HAS_LEVEL: {"nl": "heeft niveau", "en": "has level"}, SAME_LABEL: {"nl": "code", "en": "code"},
        BOTH: {"nl": "Proefbegrip"}, ISCO: {"en": "Page testers"}, GROUP: {"nl": g.naam},
        iris.EQF + "4": {"nl": "EQF-niveau 4"}}
    data = SiteData(
        labels=labels, groepen={g.id: g}, families=[], salarissen=salarissen or {}, kenmerken={},
        competentie_gebruik={f"{COMPETENTIE}/samenwerken": [(GROUP, 6), (GROUP, 5), (BASE + "id/functiegroep/951", None)],
                             f"{COMPETENTIE}/analyseren": []},
        links_by_source={f"{NIVEAU}/mbo": [("EQF", "relatedMatch", iris.EQF + "4", "4")]},
        zoekteksten=[], catalogus=catalogus or {})
    resources = {COMPETENTIE: "id/competentie", NIVEAU: "id/werk-en-denkniveau", BOTH: "id/proef/beide",
                 GROUP: "id/functiegroep/950", f"{COMPETENTIE}/samenwerken": "id/competentie/samenwerken",
                 f"{COMPETENTIE}/analyseren": "id/competentie/analyseren",
                 f"{NIVEAU}/mbo": "id/werk-en-denkniveau/mbo", f"{NIVEAU}/hbo": "id/werk-en-denkniveau/hbo",
                 BASE + "id/functiegroep/951": "id/functiegroep/951"}
    return Site(Graph(_triples()), data, resources)


def _page(site: Site, iri: str) -> str:
    return site.resource_page(Description(iri, site.resources[iri]))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def test_a_property_shows_its_english_label_only_where_it_differs():
    page = _page(_site(), BOTH)
    assert '<span class="en" lang="en">(has level)</span>' in page
    assert "(code)" not in _text(page)  # the English label is the Dutch one: said once


def test_a_definition_is_dutch_where_there_is_one_and_an_english_one_is_marked_english():
    site = _site()
    both = site.summary("id/proef/beide/index.html", BOTH)
    assert "<p>Een proefbegrip.</p>" in both and "A test concept." not in both
    isco = site.summary("x/index.html", ISCO)
    assert '<p lang="en">Workers who test pages.</p>' in isco


def test_the_competentie_scheme_lists_each_competentie_with_the_groups_that_ask_for_it():
    page = _page(_site(), COMPETENTIE)
    assert "Competenties en de functiegroepen die ze vragen" in page and "<h2>Begrippen</h2>" not in page
    table = page.split("die ze vragen</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', table)
    assert [_text(name) for name, _ in rows] == ["Analyseren", "Samenwerken"]  # by name
    assert _text(rows[0][1]) == "—"  # asked for by no group
    assert [_text(li) for li in re.findall(r"<li>(.*?)</li>", rows[1][1])] == [
        "951", "950 Proefmedewerker Pagina (schaal 5, 6)"]  # a group without a profile (by its name) first
    assert 'href="../functiegroep/950/index.html"' in rows[1][1]


def test_another_scheme_lists_its_concepts_by_position_with_code_english_name_and_dutch_definition():
    page = _page(_site(), NIVEAU)
    assert "<h2>Begrippen</h2>" in page and "Competenties en de functiegroepen" not in page
    body = page.split("<h2>Begrippen</h2>", 1)[1].split("</table>", 1)[0]
    rows = [[_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r)] for r in re.findall(r"<tr><td>.*?</tr>", body)]
    assert rows == [["H", "HBO", "Higher professional", "Werken op hbo-niveau."],
                    ["M", "MBO", "Vocational", "Werken op mbo-niveau."]]
    assert '<td lang="en">Vocational</td>' in body


def test_a_scheme_without_members_lists_none():
    site = _site()
    assert site.scheme_members("x/index.html", BASE + "id/leeg") == ""


def _cat(iri: str, naam: str, laagste: int, hoogste: int, profiel: bool) -> Catalogusgroep:
    return Catalogusgroep(iri=iri, nummer=None, naam=naam, familie=None, laagste=laagste, hoogste=hoogste,
                          pagina=None, profiel=profiel)


def test_the_salary_range_runs_from_the_lowest_minimum_to_the_highest_maximum():
    salaries = {5: [Salaris(Decimal("2000"), Decimal("2900.5"), "EUR", None, None, "s5")],
                7: [Salaris(Decimal("2600"), Decimal("3500.50"), "EUR", None, None, "s7a"),
                    Salaris(Decimal("2700"), None, "EUR", None, None, "s7b")],
                9: [Salaris(Decimal("3100"), None, "EUR", None, None, "s9")]}
    site = _site(salarissen=salaries)
    assert site.salary_range(_cat("a", "A", 5, 7, False)) == "€ 2.000,00 – € 3.500,50"
    assert site.salary_range(_cat("b", "B", 7, 9, False)) == "ten minste € 2.600,00"  # 9: a minimum only
    assert site.salary_range(_cat("c", "C", 11, 12, False)) == "onbekend"


def test_the_catalogue_list_puts_groups_with_a_profile_first_then_by_range():
    groups = [_cat("u:1", "Laag", 3, 5, False), _cat("u:2", "Hoog met profiel", 10, 12, True),
              _cat("u:3", "Midden", 6, 8, False), _cat("u:4", "Laag met profiel", 4, 6, True)]
    html_ = _site().catalogue_items("index.html", groups)
    names = [_text(li).split(" — ")[0] for li in re.findall(r"<li.*?</li>", html_)]
    assert names == ["Laag met profiel", "Hoog met profiel", "Laag", "Midden"]
    assert html_.count('<li class="met-profiel">') == 2


def test_the_scale_table_shows_each_stated_total_and_an_empty_cell_without_one():
    page = _page(_site(), GROUP)
    table = page.split('<h2 id="schalen">', 1)[1].split("</table>", 1)[0]
    rows = {_text(th): [_text(td) for td in re.findall(r"<td>(.*?)</td>", row)]
            for th, row in re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table)}
    assert rows["5"][:2] == ["22222 22222 22 22 (30)", "30"]
    assert rows["6"][:2] == ["", ""]  # no code and no total: nothing (not "None")
    assert rows["7"][:2] == ["33222 22222 22 22 (34)", "34"]
    assert rows["8"][:2] == ["", ""]


def test_a_level_link_names_the_schalen_of_the_profiles_that_ask_for_the_level():
    site = _site()
    assert [r[0] for r in site.level_links(_group())] == ["EQF (schaal 5–7, via MBO)"]
    two = _group()
    del two.profielen[7]  # mbo asked for by 5 and 6: two schalen are listed, not spanned
    assert [r[0] for r in site.level_links(two)] == ["EQF (schaal 5, 6, via MBO)"]
    gap = _group()
    gap.profielen[6].parts = [("Werk- en denkniveau", [])]  # 5 and 7, and 6 between them asks for none
    assert [r[0] for r in site.level_links(gap)] == ["EQF (schaal 5, 7, via MBO)"]
    page = _page(site, GROUP)
    assert "EQF (schaal 5–7, via MBO)" in page and f'href="{iris.EQF}4"' in page
