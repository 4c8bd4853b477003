"""Copies of FGR pages as people make them: select-all chrome, a byte order mark, footer words, ..."""
from __future__ import annotations

import pytest

from content import content
from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.source.parse import parse_lines
from functiegebouw.source.text import decode_text
from support import FIXTURES

COPIES = FIXTURES / "copies"
CLEAN = FIXTURES / "pages" / "kernprofiel.txt"


def _competenties(conv) -> list[str]:
    return [i.text for i in conv.profile.competencies]


def test_select_all_copy_gives_the_clean_copy_graph_and_one_warning_per_side():
    copy, clean = convert(COPIES / "kernprofiel-select-all.txt"), convert(CLEAN)
    assert content(copy.graph) == content(clean.graph)
    chrome = [w for w in copy.warnings if w.kind == "chrome"]
    assert len(chrome) == 2
    before, after = chrome
    assert before.line == 1 and "11 line(s) before the profile" in before.message
    assert "'Ga direct naar inhoud'" in before.message and "'Functiegroep | Salarisschaal" in before.message
    assert "after the profile" in after.message and "'Naar top van de pagina'" in after.message
    assert "'Toegankelijkheid'" in after.message


def test_footer_words_after_the_competenties_are_never_competenties():
    conv = convert(COPIES / "kernprofiel-footer.txt")
    assert _competenties(conv) == ["samenwerken", "klantgerichtheid"]
    assert "competentie/privacy" not in conv.serialize("nt").decode()
    assert any(w.kind == "chrome" and "'Privacy'" in w.message for w in conv.warnings)


def test_a_site_word_among_the_competenties_is_dropped_with_a_warning():
    lines = CLEAN.read_text(encoding="utf-8").split("\n")
    at = lines.index(" • samenwerken")
    lines.insert(at + 1, " • Contact")
    profile = parse_lines(lines, path="copy.txt")
    assert [i.text for i in profile.competencies] == ["samenwerken", "klantgerichtheid"]
    assert any(w.line == at + 2 and "'Contact' is a word of the FGR site" in w.message for w in profile.warnings)


@pytest.mark.parametrize("rest", ["utf-8", "cp1252"])
def test_a_byte_order_mark_is_no_part_of_the_first_heading(rest):
    data = b"\xef\xbb\xbf" + CLEAN.read_text(encoding="utf-8").encode(rest)
    decoded = decode_text(data, "bom.txt")
    assert decoded.lines[0] == "Resultaten"
    assert "geïnformeerd" in "\n".join(decoded.lines)
    profile = parse_lines(decoded.lines, path="bom.txt")
    assert profile.results["omgeving"][0].text == "Klanten zijn tijdig geïnformeerd"


def test_bullets_before_resultaten_are_a_profile_out_of_order_not_chrome():
    lines = ["Competenties", "", " • samenwerken", ""] + CLEAN.read_text(encoding="utf-8").split("\n")
    with pytest.raises(FgrError, match="expected 'Resultaten'"):
        parse_lines(lines, path="x.txt")
