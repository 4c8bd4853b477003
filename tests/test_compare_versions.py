"""A statement worded three ways across the schalen is marked wording by wording against the nearest schaal
before it, in every format (issue 27: marking the third wording against the first schaal survived)."""
from __future__ import annotations

import json

from functiegebouw.compare import Block, Cell, Comparison, Row, render

WORDINGS = {5: "stelt brieven op voor de afdeling", 6: "stelt brieven op voor de afdeling",
            7: "stelt nota's op voor de afdeling", 8: "stelt nota's op voor de directie"}


def comparison() -> Comparison:
    row = Row([Cell(s, 1, text) for s, text in WORDINGS.items()])
    return Comparison(kind="functietyperingen", functiegroep=901, naam="Proefmedewerker", schalen=list(WORDINGS),
                      header=[], blocks=[Block("Resultaten", [row])])


def test_json_diffs_each_wording_against_the_schaal_before_it():
    cells = json.loads(render(comparison(), "json"))["blocks"][0]["rows"][0]["cells"]
    assert "diff" not in cells[1]  # schaal 6 says what 5 says
    assert [d for d in cells[2]["diff"] if d[0] != "="] == [["-", "brieven"], ["+", "nota's"]]
    assert [d for d in cells[3]["diff"] if d[0] != "="] == [["-", "afdeling"], ["+", "directie"]]


def test_text_and_markdown_mark_the_third_wording_against_the_second():
    text = render(comparison(), "text", lang="nl")
    assert "5, 6  stelt brieven op voor de afdeling" in text
    assert "7     stelt [-brieven-] {+nota's+} op voor de afdeling" in text
    assert "8     stelt nota's op voor de [-afdeling-] {+directie+}" in text
    markdown = render(comparison(), "markdown", lang="nl")
    assert "  - schaal 7: stelt ~~brieven~~ **nota's** op voor de afdeling" in markdown
    assert "  - schaal 8: stelt nota's op voor de ~~afdeling~~ **directie**" in markdown


def test_html_marks_new_words_against_the_nearest_schaal_before():
    page = render(comparison(), "html", lang="nl")
    row = page[page.index('<tr class="changed">'):]
    cells = row[:row.index("</tr>")].split("<td>")[1:]
    assert "<ins>nota&#x27;s</ins>" in cells[2] and "brieven" not in cells[2].replace("<del>", "")
    assert "<ins>directie</ins>" in cells[3] and "<ins>nota" not in cells[3]
