"""The start page's list of families says how many functiegroepen each section lists: the catalogue's own
and those with a profile outside the catalogue (for "Zonder functiefamilie": those with a profile and those
known only by name). Issue 27: a wrong count and a lost group without a family survived the suite."""
from __future__ import annotations

import re

import html5rdf


def _sections(out):
    doc = html5rdf.parse((out / "index.html").read_text(encoding="utf-8"), namespaceHTMLElements=False)
    toc = {a.get("href")[1:]: int(re.search(r"\((\d+)\)", "".join(li.itertext())).group(1))
           for nav in doc.iter("nav") if nav.get("aria-label") == "Functiefamilies"
           for li in nav.iter("li") for a in li.findall("a")}
    sections = {}
    for section in doc.iter("section"):
        if section.get("class") != "familie":
            continue
        lists: dict[str, int] = {}
        for ul in section.findall("ul"):  # the section's own lists, not those of a nested element
            kind = ul.get("class") or "profiel"
            lists[kind] = lists.get(kind, 0) + len(ul.findall("li"))
        sections[section.get("id")] = lists
    return toc, sections


def test_each_family_count_is_what_its_section_lists(built_site):
    out, _ = built_site
    toc, sections = _sections(out)
    families = [ident for ident in toc if ident != "zonder-familie"]
    assert len(families) == 8 and set(toc) <= set(sections)
    for ident in families:
        lists = sections[ident]
        assert toc[ident] == lists.get("catalogus", 0) + lists.get("profiel", 0), (ident, lists)
    # the fixture's groups outside the catalogue are listed under their families (Uitvoering: 901, 903, ...)
    assert sections["familie-uitvoering"].get("profiel", 0) >= 4
    assert sections["familie-advisering"].get("profiel", 0) >= 2
    # without a family: the fixtures without one (906, 908) and the names known only from the reference
    # list without a family, each counted once
    loose = sections["zonder-familie"]
    assert toc["zonder-familie"] == loose.get("profiel", 0) + loose.get("referentie", 0)
    assert loose.get("profiel", 0) >= 2
