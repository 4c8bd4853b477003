"""Copies of FGR pages as people make them: select-all chrome, a byte order mark, footer words, ..."""
from __future__ import annotations

import pytest

from content import content
from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.source.model import Meta
from functiegebouw.source.parse import parse_lines
from functiegebouw.source.text import decode_text
from support import FIXTURES, sparql_rows as rows

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


def test_a_wrapped_bullet_in_a_typering_is_one_statement_with_both_lines():
    conv = convert(COPIES / "typering-wrapped.txt")
    lines = (COPIES / "typering-wrapped.txt").read_text(encoding="utf-8").split("\n")
    resultaten = conv.profile.typifications[0].blocks["resultaten"]
    got = [(i.text, i.subheading, lines[i.line - 1].strip(), i.end_line and lines[i.end_line - 1].strip())
           for i in resultaten]
    assert got == [
        ("dossiers behandeld (schaal 5)", "Uitvoering", "• dossiers behandeld (schaal 5)", None),
        ("knelpunten gesignaleerd en met de leidinggevende besproken", "Uitvoering",
         "• knelpunten gesignaleerd en met de", "leidinggevende besproken"),
        # indented further than the bullet: a continuation even in upper case
        ("rapportages opgesteld over Kwaliteit en voortgang", "Uitvoering", "• rapportages opgesteld over",
         "Kwaliteit en voortgang")]
    assert [(w.line, "because it is indented further" in w.message) for w in conv.warnings] == [
        (lines.index("      Kwaliteit en voortgang") + 1, True)]
    assert rows(conv.graph, """SELECT ?first ?last WHERE { ?s schema:text "knelpunten gesignaleerd en met de leidinggevende
        besproken"@nl ; fgr:sourceLine ?first ; fgr:lastSourceLine ?last }""".replace("\n        ", " ")) == [
        (lines.index(" • knelpunten gesignaleerd en met de") + 1, lines.index("leidinggevende besproken") + 1)]


def test_a_wrapped_bullet_in_the_kernprofiel_and_a_connective_below_a_bullet():
    lines = CLEAN.read_text(encoding="utf-8").split("\n")
    at = lines.index(" • Klanten zijn tijdig geïnformeerd")
    lines[at:at + 1] = [" • Klanten zijn tijdig", "geïnformeerd over de voortgang", "en/of", " • Signalen opgepakt"]
    profile = parse_lines(lines, path="copy.txt")
    assert [(i.text, i.line, i.end_line, i.kind) for i in profile.results["omgeving"]] == [
        ("Klanten zijn tijdig geïnformeerd over de voortgang", at + 1, at + 2, None),
        ("en/of", at + 3, None, "verbindingsregel"), ("Signalen opgepakt", at + 4, None, None)]


def test_header_cells_on_two_lines_are_the_header_of_the_compare_page():
    copy, clean = convert(COPIES / "header-two-lines.txt"), convert(FIXTURES / "pages" / "vergelijk-functietyperingen-5-6.txt")
    assert [t.scale for t in copy.profile.typifications] == [5, 6]
    assert content(copy.graph) == content(clean.graph)


def test_two_schaal_lines_that_are_not_the_titles_schalen_are_still_refused():
    lines = (COPIES / "header-two-lines.txt").read_text(encoding="utf-8").split("\n")
    lines[lines.index("schaal 6")] = "schaal 7"
    with pytest.raises(FgrError, match="second 'Schaal' line"):
        parse_lines(lines, path="x.txt")


def test_the_heading_as_written_is_kept_and_rendered_back():
    from functiegebouw.render import render

    source = FIXTURES / "variants" / "opdracht-politiek-ambtelijk.txt"
    conv = convert(source, meta=Meta(functiegroep_id=999, label="Testfunctie"))
    assert rows(conv.graph, "SELECT DISTINCT ?h WHERE { ?s fgr:areaHeading ?h }") == [
        ("Opdracht(gever) (politiek/ambtelijk)",)]
    rendered = render(conv.graph).split("\n")
    assert rendered.count("Opdracht(gever) (politiek/ambtelijk)") == 2
    # a mere spelling of the usual title (spacing, capitals) is not recorded
    base = convert(FIXTURES / "variants" / "opdracht-spacing.txt", meta=Meta(functiegroep_id=999, label="T"))
    assert rows(base.graph, "SELECT ?h WHERE { ?s fgr:areaHeading ?h }") == []


def test_an_opleidingsrichting_without_a_colon_yields_its_levels_and_a_field_without_them():
    lines = (FIXTURES / "pages" / "vergelijk-kwaliteitenprofielen-5-6.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index(" • VMBO: relevant voor het vakgebied")
    lines[at] = " • HBO/WO Bedrijfskunde of Bestuurskunde"
    source = FIXTURES / "copy.txt"
    profile = parse_lines(lines, path="copy.txt", meta=Meta(functiegroep_id=900, label="Medewerker Proefwerk"))
    assert any(w.line == at + 1 and "read 'HBO/WO' as the levels and 'Bedrijfskunde of Bestuurskunde' as the field"
               in w.message for w in profile.warnings)
    from functiegebouw.rdf.graph import profile_triples, to_graph

    graph = to_graph(profile_triples(profile, fallback_name=source.stem))
    assert rows(graph, """SELECT ?level ?field WHERE { ?s schema:text "HBO/WO Bedrijfskunde of Bestuurskunde"@nl ;
        fgr:namesEducationField/skos:prefLabel ?field ; schema:educationalLevel/skos:prefLabel ?level } ORDER BY ?level""") \
        == [("HBO", "Bedrijfskunde of Bestuurskunde"), ("WO", "Bedrijfskunde of Bestuurskunde")]
