"""The parser (source/parse.py) on every known real variation of the FGR layout, and on bad input."""
from __future__ import annotations

import pytest
from rdflib import URIRef

from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.rdf.graph import serialize
from functiegebouw.source.model import Meta
from functiegebouw.source.parse import heading_key, parse_lines, tokenize
from functiegebouw.source.text import decode
from support import BAD_CASES, FIXTURES, SEED_TXT as SEED, assert_round_trip, sparql_rows as rows


VARIANTS = sorted((FIXTURES / "variants").glob("*.txt"))


BAD = FIXTURES / "bad"


def test_seed_typo_heading_still_yields_typering(seed_graph):
    got = rows(seed_graph, """SELECT ?n ?code ?line WHERE { ?t a fgr:Typification ; fgr:scale/fgr:scaleNumber ?n ;
                          fgr:fuwasysCode ?code ; fgr:sourceLine ?line } ORDER BY ?n""")
    assert [(n, c) for n, c, _ in got] == [(5, "22222 22222 22 22 (28)"), (6, "32232 33222 22 22 (32)"),
                                          (7, "32232 33223 32 32 (35)"), (8, "32232 33233 33 33 (38)")]
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[got[1][2] - 1] == "Funtietypering"


# Typos seen on FGR pages or one letter away from them: difflib ratio 0.93-0.97, above the 0.88 cutoff.
TYPOS = [("Funtietypering", "functietypering"), ("Omgevng", "area:omgeving"), ("Contacen", "block:contacten"),
         ("Ervarng", "qp:ervaring"), ("Resultatn", "resultaten")]
# Words merely close to a heading (ratio 0.80-0.875, below the cutoff) are text, not headings.
NEAR_MISSES = ["Contact", "Resultaat", "Ervaren"]


@pytest.mark.parametrize("typo, key", TYPOS, ids=[t for t, _ in TYPOS])
def test_a_typo_of_a_heading_is_that_heading(typo, key):
    assert heading_key(typo) == key
    assert heading_key(f"  {typo.upper()} ") == key


@pytest.mark.parametrize("word", NEAR_MISSES)
def test_a_word_close_to_a_heading_is_not_one(word):
    assert heading_key(word) is None


def test_heading_typos_fixture_uses_every_typo():
    """heading-typos.txt (which must give the base graph) holds each typo as a heading line."""
    lines = {line.strip() for line in (FIXTURES / "variants" / "heading-typos.txt").read_text(encoding="utf-8").splitlines()}
    assert {typo for typo, _ in TYPOS} <= lines


@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.stem)
def test_variant_converts_and_round_trips(path):
    conv = convert(path, meta=Meta(functiegroep_id=999, label="Testfunctie"))
    assert len(conv.profile.typifications) == len(conv.profile.quality_profiles) >= 1
    assert_round_trip(path, conv.graph)
    assert serialize(conv.graph) == serialize(convert(path, meta=Meta(functiegroep_id=999, label="Testfunctie")).graph)


@pytest.mark.parametrize("name", ["crlf", "bom", "windows-1252", "nbsp", "no-buttons", "opdracht-spacing",
                                  "heading-typos"])
def test_presentation_variants_give_the_base_graph(name):
    base = convert(FIXTURES / "variants" / "base.txt", meta=Meta(functiegroep_id=999)).graph
    other = convert(FIXTURES / "variants" / f"{name}.txt", meta=Meta(functiegroep_id=999)).graph
    # the bytes (hash, file name) and line numbers differ; everything else must be the same
    # (the FUWASYS code is kept as written, so only its spacing may differ)
    def strip(g):
        return {(s, p, " ".join(o.split()) if p.endswith("fuwasysCode") else o) for s, p, o in g
                if not any(k in str(p) for k in ("checksumValue", "identifier", "sourceLine"))}
    assert strip(other) == strip(base)


def scores(graph, schaal):
    t = URIRef(f"https://w3id.org/functiegebouw/id/functiegroep/999/functietypering/schaal-{schaal}")
    return rows(graph, """SELECT ?code ?total (GROUP_CONCAT(?v; separator="") AS ?digits) (COUNT(?k) AS ?chars)
                          WHERE { ?t fgr:fuwasysCode ?code . OPTIONAL { ?t fgr:statedTotal ?total }
                          ?t fgr:score ?s . ?s fgr:scoreValue ?v . OPTIONAL { ?s fgr:characteristic ?k } }
                          GROUP BY ?code ?total""", t=t)[0]


def test_code_with_double_spaces_kept_as_written():
    g = convert(FIXTURES / "variants" / "code-double-spaces.txt", meta=Meta(functiegroep_id=999)).graph
    code, total, digits, chars = scores(g, 9)
    assert code == "33332  33233  33  32 (39)" and total == 39 and chars == 14
    assert sorted(digits) == sorted("33332332333332")


def test_malformed_code_is_kept_not_repaired():
    g = convert(FIXTURES / "variants" / "code-malformed.txt", meta=Meta(functiegroep_id=999)).graph
    code, total, digits, chars = scores(g, 9)
    assert code == "322333222 22 22 (32)" and total == 32
    assert len(digits) == 13 and sum(map(int, digits)) == 30 and chars == 13


def test_subheadings():
    g = convert(FIXTURES / "variants" / "subheadings.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?n ?text ?sub WHERE { ?t fgr:scale/fgr:scaleNumber ?n ; fgr:typificationStatement ?s .
                      ?s fgr:block <https://w3id.org/functiegebouw/id/typeringsblok/resultaten> ; schema:text ?text ; schema:position ?p
                      OPTIONAL { ?s fgr:subheading ?sub } } ORDER BY ?n ?p""")
    assert got == [(9, "dossiers behandeld", None), (9, "adviezen opgesteld", None),
                   (10, "stukken voorbereid", "Voorbereiding en ondersteuning"),
                   (10, "besluiten voorbereid (geldt alleen voor senioren)", "Besluitvorming"),
                   (10, "bezwaren behandeld", "Besluitvorming")]


def test_lead_line_and_examples_paragraph():
    g = convert(FIXTURES / "variants" / "lead-line-and-examples.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?block ?text ?bulleted WHERE { ?t fgr:scale/fgr:scaleNumber 9 ; fgr:typificationStatement ?s .
                      ?s fgr:block ?block ; schema:text ?text ; fgr:bulleted ?bulleted ; schema:position ?p
                      FILTER(?bulleted = false) } ORDER BY ?block ?p""")
    assert [(b.rsplit("/", 1)[1], t) for b, t, _ in got] == [
        ("algemene-omschrijving", "De medewerker:"),
        ("resultaten", "Voorbeelden producten en/of diensten: adviezen, rapportages, beschikkingen.")]


def test_any_number_of_schalen():
    one = convert(FIXTURES / "variants" / "one-schaal.txt", meta=Meta(functiegroep_id=999)).profile
    five = convert(FIXTURES / "variants" / "five-schalen.txt", meta=Meta(functiegroep_id=999)).profile
    assert [t.scale for t in one.typifications] == [11] and [q.scale for q in one.quality_profiles] == [11]
    assert [t.scale for t in five.typifications] == [9, 10, 11, 12, 13]
    assert [q.scale for q in five.quality_profiles] == [9, 10, 11, 12, 13]


def test_pm_with_and_without_bullet_is_a_placeholder():
    g = convert(FIXTURES / "variants" / "pm-without-bullet.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?n ?bulleted (COUNT(?p) AS ?c) WHERE { ?qp fgr:scale/fgr:scaleNumber ?n .
                      { ?qp fgr:departmentalEducation ?p } UNION { ?qp fgr:departmentalCompetency ?p }
                      ?p a fgr:Placeholder ; fgr:bulleted ?bulleted } GROUP BY ?n ?bulleted ORDER BY ?n""")
    assert got == [(9, False, 2), (10, True, 2)]


def test_quality_profile_named_schaal():
    g = convert(FIXTURES / "variants" / "qp-named-schaal.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?pos ?n ?how WHERE { ?qp a fgr:QualityProfile ; schema:position ?pos ;
                      fgr:scale/fgr:scaleNumber ?n ; fgr:scaleAssignment ?how } ORDER BY ?pos""")
    assert got == [(1, 10, "https://w3id.org/functiegebouw/def#assignedByHeading"),
                   (2, 9, "https://w3id.org/functiegebouw/def#assignedByHeading")]


def test_level_concepts_from_text():
    g = convert(FIXTURES / "variants" / "base.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?n ?l WHERE { ?qp fgr:scale/fgr:scaleNumber ?n ; fgr:requiresLevel ?c .
                      ?c skos:prefLabel ?l } ORDER BY ?n ?l""")
    assert got == [(9, "MBO"), (10, "HBO"), (10, "MBO")]


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_api(name):
    line, words = BAD_CASES[name]
    with pytest.raises(FgrError) as info:
        convert(BAD / name)
    assert words in info.value.message
    assert info.value.path.endswith(name)
    if line is not None:
        assert info.value.line == line
    if name not in ("empty.txt", "blank-lines.txt"):
        assert info.value.line is not None


def test_truncated_names_what_was_expected():
    with pytest.raises(FgrError) as info:
        convert(BAD / "truncated.txt")
    assert "expected 'Contacten'" in info.value.message


def test_out_of_order_section_later_in_file(tmp_path):
    lines = decode((FIXTURES / "variants" / "base.txt").read_bytes())
    i = lines.index("Gedragsindicatoren")
    j = lines.index("Kwaliteitenprofielen")
    moved = lines[:i] + lines[lines.index("Competenties"):j] + lines[i:lines.index("Competenties")] + lines[j:]
    src = tmp_path / "moved.txt"
    src.write_text("\n".join(moved), encoding="utf-8")
    with pytest.raises(FgrError) as info:
        convert(src)
    assert info.value.line == moved.index("Competenties") + 1
    assert info.value.message == (
        "'Competenties' is out of order here: expected a resultaatgebied heading ('Bedrijfsvoering' or 'Omgeving' or "
        "'Opdracht(gever)(ambtelijk)' or 'Vernieuwen en verbeteren') or 'Gedragsindicatoren'")


def test_missing_source_file(tmp_path):
    with pytest.raises(FgrError, match="cannot read"):
        convert(tmp_path / "nope.txt")


def test_bad_metadata_file(tmp_path):
    src = tmp_path / "p.txt"
    src.write_bytes((FIXTURES / "variants" / "base.txt").read_bytes())
    (tmp_path / "p.toml").write_text('functiegroep_id = "abc"\n')
    with pytest.raises(FgrError, match="functiegroep_id"):
        convert(src)
    (tmp_path / "p.toml").write_text('functiegroep_id = 1\nlabel = \n')
    with pytest.raises(FgrError) as info:
        convert(src)
    assert info.value.line == 2
    (tmp_path / "p.toml").write_text('functigroep_id = 1\n')
    with pytest.raises(FgrError, match="unknown key"):
        convert(src)


# ---------------------------------------------------------------- tokens and kwaliteitenprofiel order

@pytest.mark.parametrize("line, kind, text", [
    (" \u2022 item", "bullet", "item"), ("\u2022item", "bullet", "item"), ("- item", "bullet", "item"),
    ("* item", "bullet", "item"), ("-item", "text", "-item"), ("*item", "text", "*item"), ("-", "text", "-"),
    ("22222", "code", "22222"), ("22 22 2 (9)", "code", "22 22 2 (9)"), ("2222", "text", "2222"),
    ("2024 (1)", "text", "2024 (1)"), ("Schaal 7", "schaal", "Schaal 7")])
def test_a_line_is_the_token_its_form_says(line, kind, text):
    """A dash or star is a bullet only with a space after it ("-jarig" is text); a FUWASYS code has at
    least five digits (a year with a number in brackets is text)."""
    (tok,) = tokenize([line])
    assert (tok.kind, tok.text) == (kind, text)


def _qp_lines(variant="qp-named-schaal"):
    return decode((FIXTURES / "variants" / f"{variant}.txt").read_bytes())


def test_a_repeated_kwaliteitenprofiel_section_is_out_of_order():
    lines = _qp_lines("base")
    i = lines.index("Opleidingsrichting en/of vakkennis")
    again = lines[:i + 2] + ["", "Werk- en denkniveau", " \u2022 HBO", ""] + lines[i + 2:]
    with pytest.raises(FgrError) as info:
        parse_lines(again, meta=Meta(functiegroep_id=999))
    start = again.index("Ervaring") + 1
    assert info.value.line == i + 4
    assert info.value.message == (f"'Werk- en denkniveau' is out of order in the kwaliteitenprofiel that starts at "
                                  f"line {start}: it comes before 'Opleidingsrichting en/of vakkennis'")


def test_schaal_headings_with_one_section_each_make_one_profile_each():
    """"Schaal N" opens a kwaliteitenprofiel once the current one has a section, even only Ervaring."""
    lines = _qp_lines()
    start, end = lines.index("Kwaliteitenprofielen vergelijken") + 1, lines.index("Functietyperingen")
    short = lines[:start] + ["Schaal 10", "Ervaring", " \u2022 Enige ervaring", "Schaal 9", "Ervaring",
                             " \u2022 Geen ervaring", ""] + lines[end:]
    profile = parse_lines(short, meta=Meta(functiegroep_id=999))
    assert [(q.scale, q.scale_by_heading) for q in profile.quality_profiles] == [(10, True), (9, True)]
    assert [[i.text for i in q.sections["ervaring"]] for q in profile.quality_profiles] == [
        ["Enige ervaring"], ["Geen ervaring"]]


def _with_profiles(body):
    lines = _qp_lines("base")
    start, end = lines.index("Kwaliteitenprofielen vergelijken") + 1, lines.index("Functietyperingen")
    return lines[:start] + body + [""] + lines[end:]


def test_ervaring_opens_the_next_kwaliteitenprofiel_even_after_a_profile_of_ervaring_only():
    profile = parse_lines(_with_profiles(["Ervaring", " \u2022 Enige ervaring", "Ervaring", " \u2022 Ruime ervaring"]),
                          meta=Meta(functiegroep_id=999))
    assert [[i.text for i in q.sections["ervaring"]] for q in profile.quality_profiles] == [
        ["Enige ervaring"], ["Ruime ervaring"]]
    assert [q.scale for q in profile.quality_profiles] == [9, 10]  # by position, as the typeringen


def test_a_section_twice_in_a_row_is_out_of_order():
    lines = _with_profiles(["Ervaring", " \u2022 Enige ervaring", "Werk- en denkniveau", " \u2022 MBO",
                            "Werk- en denkniveau", " \u2022 HBO"])
    with pytest.raises(FgrError, match="'Werk- en denkniveau' is out of order in the kwaliteitenprofiel"):
        parse_lines(lines, meta=Meta(functiegroep_id=999))


def test_a_kwaliteitenprofiel_heading_opens_a_profile():
    body = ["Kwaliteitenprofiel", "Ervaring", " \u2022 Enige ervaring", "Kwaliteitenprofiel", "Ervaring",
            " \u2022 Ruime ervaring"]
    profile = parse_lines(_with_profiles(body), meta=Meta(functiegroep_id=999))
    assert [(q.line, [i.text for i in q.sections["ervaring"]]) for q in profile.quality_profiles] == [
        (_with_profiles(body).index("Kwaliteitenprofiel") + 1, ["Enige ervaring"]),
        (len(_with_profiles(body)) - _with_profiles(body)[::-1].index("Kwaliteitenprofiel"), ["Ruime ervaring"])]


def _cut_after(marker, extra=()):
    lines = _qp_lines("base")
    i = lines.index(marker)
    return lines[: i + 1] + list(extra)


def test_a_functietypering_that_stops_after_its_schaal_line_names_what_was_expected():
    lines = _cut_after("Schaal 9")
    start = lines.index("Functietypering") + 1
    with pytest.raises(FgrError) as info:
        parse_lines(lines, meta=Meta(functiegroep_id=999))
    assert info.value.line is None or info.value.line >= start
    assert info.value.message == (f"file ends too early: expected a FUWASYS code, 'Schaal N' or 'Algemene "
                                  f"omschrijving' in the functietypering that starts at line {start}")


def test_a_functietypering_without_algemene_omschrijving_names_the_line_found():
    lines = _cut_after("Schaal 9", ["", "Dit is geen blok"])
    start = lines.index("Functietypering") + 1
    with pytest.raises(FgrError) as info:
        parse_lines(lines, meta=Meta(functiegroep_id=999))
    assert info.value.line == len(lines)
    assert info.value.message == (f"expected a FUWASYS code, 'Schaal N' or 'Algemene omschrijving' in the "
                                  f"functietypering that starts at line {start}, found 'Dit is geen blok'")
    # a missing second block names the block before it
    lines = _cut_after("Algemene omschrijving", ["", " \u2022 iets", "", "Speelruimte/Kaders"])
    with pytest.raises(FgrError, match=r"after 'Algemene omschrijving' in the functietypering for schaal 9"):
        parse_lines(lines, meta=Meta(functiegroep_id=999))


def test_a_plain_line_closing_a_block_with_subheadings_is_a_statement_of_its_own(tmp_path):
    """An unbulleted line heads the bullets below it; as the last line of the Resultaten block (no bullet
    follows) it is a statement of its own, not a sub-heading of nothing."""
    text = (FIXTURES / "variants" / "subheadings.txt").read_text(encoding="utf-8").split("\n")
    at = text.index(" • bezwaren behandeld")
    text.insert(at + 1, "Alle resultaten worden jaarlijks besproken")
    path = tmp_path / "subheadings.txt"
    path.write_text("\n".join(text), encoding="utf-8")
    g = convert(path, meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?text ?sub ?bulleted WHERE { ?t fgr:scale/fgr:scaleNumber 10 ; fgr:typificationStatement ?s .
                      ?s fgr:block <https://w3id.org/functiegebouw/id/typeringsblok/resultaten> ; schema:text ?text ;
                         fgr:bulleted ?bulleted ; schema:position ?p OPTIONAL { ?s fgr:subheading ?sub } } ORDER BY ?p""")
    assert got[-2:] == [("bezwaren behandeld", "Besluitvorming", True),
                        ("Alle resultaten worden jaarlijks besproken", None, False)]
