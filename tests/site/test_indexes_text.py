"""The start page and the search index (``site/indexes.py``) on a tiny site written in the test (tests/tiny_site.py):
which family lists which functiegroep, the counts beside the families, what is listed without a family, and
what the search index says of a text. Issue 27: mutation testing of ``indexes.py``."""
from __future__ import annotations

import re

from functiegebouw.site.describe import BASE
from functiegebouw.site.indexes import home, search_index
from functiegebouw.site.model import Catalogusgroep, Functiegroep, Referentiegroep
from tiny_site import GROUP, tiny_group, tiny_site

FAM = BASE + "id/functiefamilie/"
FAMILIES = [(FAM + "uitvoering", "Uitvoering"), (FAM + "advisering", "Advisering"), (FAM + "leeg", "Leeg")]


def _group(ident: int, naam: str, familie: str | None) -> Functiegroep:
    return Functiegroep(iri=BASE + f"id/functiegroep/{ident}", id=ident, naam=naam, familie=familie, url=None)


def _cat(ident: int, naam: str, familie: str, profiel: bool = False) -> Catalogusgroep:
    return Catalogusgroep(iri=BASE + f"id/functiegroep/{ident}", nummer=ident, naam=naam, familie=familie,
                          laagste=5, hoogste=8, pagina=None, profiel=profiel)


def _ref(ident: int, naam: str, familie: str | None) -> Referentiegroep:
    return Referentiegroep(iri=BASE + f"id/functiegroep/{ident}", id=ident, naam=naam, familie=familie,
                           vermoed=False, laagste=None, hoogste=None, ten_minste=False)


def _start_page() -> str:
    groups = [tiny_group(),  # 950: no family
              _group(960, "In de catalogus", FAM + "uitvoering"),
              _group(961, "Oud uitvoering", FAM + "uitvoering"),    # a profile, not in the catalogue
              _group(963, "Oud uitvoering twee", FAM + "uitvoering"),
              _group(962, "Vreemde familie", FAM + "onbekend")]     # a family the site does not list
    catalogus = {c.iri: c for c in (_cat(960, "In de catalogus", FAM + "uitvoering", profiel=True),
                                    _cat(970, "Alleen catalogus", FAM + "uitvoering"),
                                    _cat(971, "Adviseur", FAM + "advisering"))}
    referentie = [_ref(980, "Oud zonder familie", None), _ref(981, "Oud vreemde familie", FAM + "onbekend"),
                  _ref(982, "Oud advies", FAM + "advisering"), _ref(971, "Adviseur", FAM + "advisering")]
    site = tiny_site(groups=groups, catalogus=catalogus, families=FAMILIES, referentie=referentie)
    return home(site, {"pagina": 12, "triples": 3456})


def _sections(page: str) -> dict[str, str]:
    return dict(re.findall(r'<section class="familie" id="([^"]+)".*?>(.*?)</section>', page, re.S))


def _names(html_: str) -> list[str]:
    """The names of a list's items (linked or not), without their FGR numbers and what follows the name."""
    items = [re.sub(r"<[^>]+>", "", li).split(" — ")[0] for li in re.findall(r"<li[^>]*>(.*?)</li>", html_)]
    return [re.sub(r"^\d+ ", "", item) for item in items]


def test_the_start_page_counts_the_catalogue_and_its_families():
    page = _start_page()
    assert "Het FGR telt 3 functiegroepen in 2 functiefamilies" in page  # Leeg has none in the catalogue
    assert "Van 1 van deze 3 staat het hele profiel op deze site." in page
    assert "In totaal staan hier 5 functiegroepen met een profiel: 1 uit de catalogus en 4 die niet" in page


def test_each_family_lists_its_catalogue_groups_and_its_groups_outside_the_catalogue():
    sections = _sections(_start_page())
    assert list(sections) == ["familie-uitvoering", "familie-advisering", "familie-leeg", "zonder-familie"]
    uitvoering = sections["familie-uitvoering"]
    assert _names(uitvoering.split('<ul class="catalogus">')[1].split("</ul>")[0]) == [
        "In de catalogus", "Alleen catalogus"]
    assert "Met een profiel, niet in de catalogus:" in uitvoering
    assert _names(uitvoering.split("niet in de catalogus:</p>")[1]) == ["Oud uitvoering", "Oud uitvoering twee"]
    advisering = sections["familie-advisering"]
    assert "Met een profiel, niet in de catalogus" not in advisering
    assert _names(advisering.split('<ul class="referentie">')[1]) == ["Oud advies"]  # 971 is in the catalogue
    assert "<p>Geen functiegroepen in de catalogus.</p>" in sections["familie-leeg"]
    assert "Geen functiegroepen in de catalogus." not in uitvoering + advisering


def test_groups_without_a_family_the_site_lists_are_listed_apart_and_counted():
    page = _start_page()
    loose = _sections(page)["zonder-familie"]
    profiles, known = loose.split('<ul class="referentie">')
    # no family, and a family the site does not list: with a profile, and known only by name
    assert _names(profiles) == ["Proefmedewerker Pagina", "Vreemde familie"]
    assert _names(known) == ["Oud zonder familie", "Oud vreemde familie"]
    toc = dict(re.findall(r'<li><a href="#([^"]+)">[^<]*</a> \((\d+)\)</li>', page))
    assert toc == {"familie-uitvoering": "4", "familie-advisering": "1", "familie-leeg": "0", "zonder-familie": "4"}


def test_no_section_without_a_family_when_every_group_has_a_listed_one():
    site = tiny_site(groups=[_group(960, "Een", FAM + "uitvoering")], families=FAMILIES,
                     referentie=[_ref(982, "Oud advies", FAM + "advisering")])
    page = home(site, {"pagina": 1, "triples": 1})
    assert "zonder-familie" not in page and "Zonder functiefamilie" not in page


def _hits(index: dict, text: str) -> list[tuple[str, str, int | None, str]]:
    return [(p, index["groepen"][g], s, index["soorten"][k]) for p, g, s, k in dict(index["teksten"])[text]]


def test_the_search_index_leads_a_statement_to_its_line_and_keeps_the_kind_of_each_text():
    line = GROUP + "/kwaliteitenprofiel/schaal-5/niveau"
    rows = [{"regel": line, "groep": GROUP, "schaal": 5, "tekst": "Niveau", "soort": "eis"},
            {"regel": GROUP + "/functietypering/schaal-6", "groep": GROUP, "schaal": 6, "tekst": "Schaal zes",
             "soort": None},  # no kind: a text
            {"regel": BASE + "id/nergens", "groep": GROUP, "schaal": None, "tekst": "Zonder pagina", "soort": "x"}]
    site = tiny_site(zoekteksten=rows, zoeklabels=[(GROUP, "http://data.europa.eu/esco/isco/C9999", "Paginatesters"),
                                                   (BASE + "id/functiegroep/999", "x", "Zonder eigen pagina")])
    site.resources[GROUP + "/functietypering/schaal-6"] = "id/functiegroep/950/functietypering/schaal-6"
    site.resources[line] = "id/functiegroep/950/kwaliteitenprofiel/schaal-5/niveau"
    index = search_index(site)
    group = "950 Proefmedewerker Pagina"
    assert _hits(index, "Niveau") == [("id/functiegroep/950#kwaliteitenprofiel/schaal-5/niveau", group, 5, "eis")]
    assert _hits(index, "Schaal zes") == [("id/functiegroep/950/functietypering/schaal-6", group, 6, "tekst")]
    assert _hits(index, "Paginatesters") == [("id/functiegroep/950", group, None, "zo heet het bij ISCO-08")]
    assert _hits(index, "Proefmedewerker Pagina") == [("id/functiegroep/950", group, None, "functiegroep")]
    texts = dict(index["teksten"])
    assert "Zonder pagina" not in texts and "Zonder eigen pagina" not in texts  # nothing to lead to


def test_the_hits_of_a_text_are_in_the_order_of_their_pages():
    """One sentence on two pages: the hits come in the order of the pages' paths, not in that of the groups'
    names (the search page lists them so)."""
    groups = [tiny_group(), _group(940, "Later in de lijst", None)]
    rows = [{"regel": BASE + "id/a-pagina", "groep": GROUP, "schaal": None, "tekst": "Gedeelde zin", "soort": "zin"},
            {"regel": BASE + "id/z-pagina", "groep": BASE + "id/functiegroep/940", "schaal": 3, "tekst": "Gedeelde zin",
             "soort": "zin"}]
    site = tiny_site(groups=groups, zoekteksten=rows)
    site.resources.update({BASE + "id/z-pagina": "id/z-pagina", BASE + "id/a-pagina": "id/a-pagina"})
    index = search_index(site)
    groepen = index["groepen"]
    assert groepen.index("940 Later in de lijst") < groepen.index("950 Proefmedewerker Pagina")
    assert _hits(index, "Gedeelde zin") == [("id/a-pagina", "950 Proefmedewerker Pagina", None, "zin"),
                                            ("id/z-pagina", "940 Later in de lijst", 3, "zin")]
