"""`fgr compare` output as a reader sees it, from comparisons written in the test (no store): word marks of an
insertion, where a statement new in a schaal goes, the FUWASYS lines of both kinds of comparison, wrapping at
the width, bold and dim in colour, and which cell the HTML strikes (issue 27: mutants of compare.py that the
store-backed tests did not notice)."""
from __future__ import annotations

from functiegebouw.compare import Block, Cell, Comparison, Row, align, render, similarity, word_diff

BOLD, DIM, END = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def schalen(blocks: list[Block], changes: list[dict] | None = None, header=None) -> Comparison:
    return Comparison(kind="functietyperingen", functiegroep=901, naam="Proefmedewerker", schalen=[5, 6],
                      header=header if header is not None else [("FUWASYS code", ["1111", "2222"])],
                      blocks=blocks, fuwasys_changes=changes or [])


def groepen(blocks: list[Block], changes: list[dict] | None = None) -> Comparison:
    return Comparison(kind="functiegroepen", functiegroep=901, naam="", schalen=[9], header=[("naam", ["A", "B"])],
                      blocks=blocks, fuwasys_changes=changes or [], functiegroepen=[901, 902], namen=["A", "B"])


def test_an_inserted_word_is_marked_as_new_only():
    assert word_diff("stelt brieven op", "stelt korte brieven op") == [
        ("=", "stelt"), ("+", "korte"), ("=", "brieven op")]
    assert word_diff("stelt korte brieven op", "stelt brieven op") == [
        ("=", "stelt"), ("-", "korte"), ("=", "brieven op")]


def test_a_statement_new_at_the_top_goes_above_the_first_row_it_shares():
    five = [Cell(5, 1, "werkt samen met collega's"), Cell(5, 2, "beheert het archief")]
    six = [Cell(6, 1, "adviseert de directie"), Cell(6, 2, "beheert het digitale archief"),
           Cell(6, 3, "werkt samen met collega's")]
    rows = align([five, six])
    # "adviseert" comes first in schaal 6; the first row schaal 6 shares (in its own order) is the archief row
    assert [[c.text if c else None for c in r.cells] for r in rows] == [
        ["werkt samen met collega's", "werkt samen met collega's"],
        [None, "adviseert de directie"],
        ["beheert het archief", "beheert het digitale archief"]]


def test_fuwasys_lines_name_the_step_of_each_kind():
    change = {"from": 5, "to": 6, "kenmerk": "K3", "naam": "Complexiteit", "old": 1, "new": 2}
    text = render(schalen([], [change]), "text", lang="en")
    assert "  FUWASYS 5→6: K3 Complexiteit 1→2" in text.splitlines()
    same = render(groepen([]), "text", lang="en")
    assert "  FUWASYS schaal 9, 901→902: the same scores" in same.splitlines()
    moved = render(groepen([], [{"from": 901, "to": 902, "kenmerk": "K1", "naam": "Kennis", "old": 2, "new": 3,
                                 "schaal": 9}]), "markdown", lang="en")
    assert "- FUWASYS schaal 9, 901→902: K1 Kennis 2→3" in moved.splitlines()


def test_long_names_are_never_cut_inside_a_word():
    naam = "samenwerkings-en-communicatievaardigheden-binnen-en-buiten-de-organisatie"  # 73 characters
    change = {"from": 5, "to": 6, "kenmerk": "K7", "naam": naam, "old": 1, "new": 2}
    lines = render(schalen([], [change]), "text", width=50, lang="en").splitlines()
    at = lines.index("  FUWASYS 5→6: K7")
    assert lines[at + 1: at + 3] == [f"    {naam}", "    1→2"]


def test_a_statement_fills_the_width_exactly():
    text = "a" * 20 + " " + "b" * 18  # after "  same     " (11 characters): 50, the narrowest width
    lines = render(schalen([Block("Resultaten", [Row([Cell(5, 1, text), Cell(6, 1, text)])])]), "text",
                   width=50, lang="en").splitlines()
    assert "  same     " + text in lines
    longer = text + "b"
    lines = render(schalen([Block("Resultaten", [Row([Cell(5, 1, longer), Cell(6, 1, longer)])])]), "text",
                   width=50, lang="en").splitlines()
    assert "  same     " + "a" * 20 in lines and "           " + "b" * 19 in lines


def test_two_wordings_are_one_marked_line():
    row = Row([Cell(5, 1, "stelt brieven op"), Cell(6, 1, "stelt nota's op")])
    lines = render(schalen([Block("Resultaten", [row])]), "text", lang="en").splitlines()
    assert "  changed  stelt [-brieven-] {+nota's+} op" in lines


def test_colour_makes_the_header_bold_and_only_rows_dim():
    blocks = [Block("Resultaten", [Row([Cell(5, 1, "stelt brieven op"), Cell(6, 1, "stelt brieven op")]),
                                   Row([None, Cell(6, 2, "adviseert")])])]
    lines = render(schalen(blocks), "text", color=True, lang="en").splitlines()
    assert lines[0] == BOLD + "Proefmedewerker (FGR 901) · functietyperingen schaal 5 and 6" + END
    assert lines[2] == BOLD + "  schaal   FUWASYS code" + END
    assert lines[3] == "  5        1111"
    assert "  " + DIM + "only 6   " + END + "adviseert" in lines
    assert "  same     stelt brieven op" in lines


def test_html_strikes_words_in_the_last_cell_before_they_change():
    row = Row([Cell(5, 1, "stelt brieven op"), Cell(6, 1, "stelt brieven op"), Cell(7, 1, "stelt nota's op")])
    c = Comparison(kind="functietyperingen", functiegroep=901, naam="Proef", schalen=[5, 6, 7], header=[],
                   blocks=[Block("Resultaten", [row])])
    page = render(c, "html", lang="en")
    tr = page[page.index('<tr class="changed">'):]
    cells = tr[:tr.index("</tr>")].split("<td>")[1:]
    assert "<del>" not in cells[0] and "<del>brieven</del>" in cells[1]
    assert "<ins>nota&#x27;s</ins>" in cells[2]
    assert "words that go in the next schaal" in page
    assert "words that go in the next functiegroep" in render(groepen([]), "html", lang="en")
    assert "woorden die in de volgende schaal verdwijnen" in render(c, "html", lang="nl")


def test_three_wordings_start_on_the_status_line():
    row = Row([Cell(5, 1, "stelt brieven op"), Cell(6, 1, "stelt brieven op"), Cell(7, 1, "stelt nota's op")])
    c = Comparison(kind="functietyperingen", functiegroep=901, naam="Proef", schalen=[5, 6, 7], header=[],
                   blocks=[Block("Resultaten", [row])])
    lines = render(c, "text", lang="en").splitlines()
    at = lines.index("  changed  5, 6  stelt brieven op")
    assert lines[at + 1] == "           7     stelt [-brieven-] {+nota's+} op"


def test_lines_without_words_are_the_same_statement_only_when_they_read_the_same():
    """A line of only signs ("–", "***") has no words to compare: it is the same statement as another only
    when both read the same; two different ones are a line removed and a line added, not a changed line."""
    assert similarity("–", " – ") == 1.0 and similarity("–", "***") == 0.0
    rows = align([[Cell(5, 1, "–")], [Cell(6, 1, "***")]])
    assert [r.present for r in rows] == [[5], [6]] and [r.status for r in rows] == ["only", "only"]


def test_a_long_statement_with_one_word_changed_marks_that_word_only():
    """Over 200 words every word of a repeated sentence is "popular" to difflib's autojunk heuristic, which
    would then mark the whole statement as rewritten."""
    sentence = "de medewerker stelt de brieven en de nota's op en legt de stukken voor aan de leidinggevende"
    old = " ".join([sentence] * 14)  # 224 words
    new = "het" + old[2:]
    assert word_diff(old, new) == [("-", "de"), ("+", "het"), ("=", old[3:])]


def test_text_is_100_columns_wide_unless_told_otherwise():
    text = "a" * 40 + " " + "b" * 48  # after "  same     " (11 characters): 100
    lines = render(schalen([Block("Resultaten", [Row([Cell(5, 1, text), Cell(6, 1, text)])])]), "text",
                   lang="en").splitlines()
    assert "  same     " + text in lines
    longer = text + "b"
    lines = render(schalen([Block("Resultaten", [Row([Cell(5, 1, longer), Cell(6, 1, longer)])])]), "text",
                   lang="en").splitlines()
    assert "  same     " + "a" * 40 in lines and "           " + "b" * 49 in lines


def test_json_is_indented_by_two_spaces_and_ends_with_a_newline():
    out = render(schalen([Block("Resultaten", [Row([Cell(5, 1, "stelt brieven op"), None])])]), "json")
    assert out.startswith('{\n  "kind": "functietyperingen",\n') and out.endswith("}\n")
    assert '\n    {\n      "name": "Resultaten",\n' in out
