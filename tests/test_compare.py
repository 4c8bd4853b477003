"""fgr compare: alignment of near-identical statements, rendering, functiegroep resolution, CLI."""
from __future__ import annotations

import json
import re

import pytest

import functiegebouw
from functiegebouw.cli import main
from functiegebouw.compare import (Cell, align, compare_kwaliteitenprofielen, compare_typeringen, render,
                                   similarity, word_diff)
from support import fgr_in_fresh_interpreters


@pytest.fixture(scope="module")
def store(fgr_store):
    return fgr_store


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read the English rendering; tests/test_compare_languages.py tests both languages."""
    monkeypatch.setenv("FGR_LANG", "en")


def cells(schaal, texts):
    return [Cell(schaal, i, t) for i, t in enumerate(texts, 1)]


def statuses(rows):
    return [(r.status, [c.text if c else None for c in r.cells]) for r in rows]


# --------------------------------------------------------------------------- alignment (pure)

def test_word_diff_marks_only_changed_words():
    assert word_diff("kennis van de voorlichtings-middelen (methoden)", "kennis van de voorlichtingsmiddelen (methoden)") == [
        ("=", "kennis van de"), ("-", "voorlichtings-middelen"), ("+", "voorlichtingsmiddelen"), ("=", "(methoden)")]


def test_similarity_bounds():
    assert similarity("a b c", "a b c") == 1.0
    assert similarity("a b c", "x y z") == 0.0
    assert 0.5 < similarity("bijdragen aan het verzorgen van communicatie",
                            "(inhoudelijke) bijdragen aan het verzorgen van communicatie") < 1


def test_align_pairs_near_identical_and_keeps_unrelated_apart():
    a = cells(6, ["algemene werkafspraken", "beperkte mate van zelfstandigheid", "goede mondelinge vaardigheden"])
    b = cells(7, ["redelijke mate van zelfstandigheid", "algemene werkafspraken", "kennis van wetgeving"])
    rows = align([a, b])
    # a new statement goes right after the row of the statement before it in its own schaal
    assert statuses(rows) == [
        ("same", ["algemene werkafspraken", "algemene werkafspraken"]),
        ("only", [None, "kennis van wetgeving"]),
        ("changed", ["beperkte mate van zelfstandigheid", "redelijke mate van zelfstandigheid"]),
        ("only", ["goede mondelinge vaardigheden", None]),
    ]


def test_align_takes_the_best_pair_not_the_first():
    # "x y z w" is closer to the second statement of b; a greedy-by-position match would take the first
    a = cells(1, ["x y z w"])
    b = cells(2, ["x y q r", "x y z w v"])
    rows = align([a, b])
    assert statuses(rows) == [("changed", ["x y z w", "x y z w v"]), ("only", [None, "x y q r"])] or \
        statuses(rows) == [("only", [None, "x y q r"]), ("changed", ["x y z w", "x y z w v"])]
    assert [r for r in rows if r.status == "changed"][0].cells[1].text == "x y z w v"


def test_align_three_schalen_follows_the_latest_wording():
    rows = align([cells(5, ["beperkte mate van zelfstandigheid"]),
                  cells(6, ["redelijke mate van zelfstandigheid"]),
                  cells(7, ["redelijke mate van zelfstandigheid en senioriteit"])])
    assert len(rows) == 1 and rows[0].status == "changed" and rows[0].present == [5, 6, 7]


def test_align_breaks_ties_by_position():
    # "p q r s" is as close to "p q r x" as to "p q r y": the earlier statement takes the earlier one
    a = cells(1, ["p q r s", "p q r t", "u v"])
    b = cells(2, ["p q r x", "p q r y", "u v w"])
    assert statuses(align([a, b])) == [("changed", ["p q r s", "p q r x"]), ("changed", ["p q r t", "p q r y"]),
                                       ("changed", ["u v", "u v w"])]


def test_threshold_keeps_unrelated_statements_apart():
    rows = align([cells(1, ["informatie verstrekt uit (digitale) informatiebronnen"]),
                  cells(2, ["informatie aan gebruikers, burgers, bedrijven en instellingen verstrekt"])])
    assert [r.status for r in rows] == ["only", "only"]


# --------------------------------------------------------------------------- on the seed

def test_compare_6_7_on_the_seed(store):
    c = compare_typeringen(store, 527, [7, 6])
    assert (c.functiegroep, c.naam, c.schalen) == (527, "Medewerker Communicatie", [6, 7])
    assert [b.name for b in c.blocks] == ["Algemene omschrijving", "Resultaten", "Speelruimte/Kaders",
                                          "Kennis en vaardigheden", "Contacten"]
    changed = {(b.name, r.cells[0].text, r.cells[1].text) for b in c.blocks for r in b.rows if r.status == "changed"}
    assert ("Kennis en vaardigheden", "inzicht in de organisatorische en functionele verhoudingen",
            "inzicht in organisatorische en functionele verhoudingen") in changed
    assert ("Algemene omschrijving",
            "ondersteunt naar aard en inhoud verscheidene en uiteenlopendecommunicatie activiteiten administratief en logistiek van aard",
            "ondersteunt naar aard en inhoud verscheidene en uiteenlopende communicatie activiteiten") in changed
    # every statement of both schalen appears exactly once
    for k, n in ((0, 18), (1, 16)):
        assert sum(1 for b in c.blocks for r in b.rows if r.cells[k] is not None) == n
    assert c.counts()["same"] == 6  # as the compare-typeringen query says
    assert c.header[0] == ("FUWASYS code", ["32232 33222 22 22 (32)", "32232 33223 32 32 (35)"])
    assert [(x["kenmerk"], x["old"], x["new"]) for x in c.fuwasys_changes] == [(10, 2, 3), (11, 2, 3), (13, 2, 3)]


def test_compare_5_6_pairs_the_hyphen_change(store):
    c = compare_typeringen(store, 527, [5, 6])
    kennis = next(b for b in c.blocks if b.name == "Kennis en vaardigheden")
    row = next(r for r in kennis.rows if r.status == "changed")
    assert "voorlichtings-middelen" in row.cells[0].text and "voorlichtingsmiddelen" in row.cells[1].text
    res = next(b for b in c.blocks if b.name == "Resultaten")
    pair = next(r for r in res.rows if r.cells[0] and r.cells[0].text.startswith("administratieve bijdragen"))
    assert pair.status == "changed" and pair.cells[1].text.startswith("(inhoudelijke) bijdragen")
    assert res.rows[0].subheading == "Ondersteuning ten behoeve van communicatie"


def test_text_rendering(store):
    out = render(compare_typeringen(store, 527, [6, 7]), "text", width=80)
    assert out.startswith("Medewerker Communicatie (FGR 527) · functietyperingen schaal 6 and 7\n")
    assert "inzicht in [-de-] organisatorische en functionele verhoudingen" in out
    assert "€2,595.43 – €3,238.72" in out
    assert "only 6" in out and "only 7" in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "\x1b[" not in out
    coloured = render(compare_typeringen(store, 527, [6, 7]), "text", width=80, color=True)
    assert "\x1b[31;9mde\x1b[0m" in coloured


def test_markdown_html_json(store):
    c = compare_typeringen(store, 527, [6, 7])
    md = render(c, "markdown")
    assert "inzicht in ~~de~~ organisatorische" in md and "### Contacten" in md
    page = render(c, "html")
    assert page.startswith("<!DOCTYPE html>") and "<del>de</del>" in page and "<ins>" in page
    data = json.loads(render(c, "json"))
    assert data["functiegroep"] == 527 and data["schalen"] == [6, 7]
    assert {r["status"] for b in data["blocks"] for r in b["rows"]} == {"same", "changed", "only"}


def test_kwaliteitenprofielen_5_8(store):
    c = compare_kwaliteitenprofielen(store, 527, [5, 8])  # the only functiegroep with schaal 5 and 8
    by_block = {b.name: b.rows for b in c.blocks}
    assert [(r.status, r.cells[0].text, r.cells[1].text) for r in by_block["Ervaring"]] == [
        ("changed", "Geen/enige relevante ervaring", "Enige relevante ervaring en succesvol")]
    assert [(r.status, r.cells[0].text, r.cells[1].text) for r in by_block["Werk- en denkniveau"]] == [
        ("changed", "VMBO, MBO", "MBO")]
    assert [r.status for r in by_block["Competenties"]] == ["same"] * 6
    assert [r.present for r in by_block["Opleidingsrichting en/of vakkennis"]] == [[5], [5, 8]]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_rendering_is_deterministic_across_processes(fmt, fgr_data):
    """Byte-identical output from two interpreters with different hash seeds."""
    first, second = fgr_in_fresh_interpreters("compare", "5", "6", "7", "8", "--width", "90", "--format", fmt,
                                              "--data", fgr_data)
    assert first == second
    assert b"functietyperingen schaal 5, 6, 7 and 8" in first if fmt == "text" else json.loads(first)["schalen"] == [5, 6, 7, 8]


def test_unknown_schaal_and_functiegroep(store):
    with pytest.raises(functiegebouw.FgrError, match="no functiegroep has functietyperingen for schalen 6, 11"):
        compare_typeringen(store, None, [6, 11])
    # only 527 has both schaal 5 and 8: no choice needed
    assert compare_typeringen(store, None, [5, 8]).functiegroep == 527
    with pytest.raises(functiegebouw.FgrError, match="has no functietypering for schaal 11; it has schalen 5, 6, 7, 8"):
        compare_typeringen(store, 527, [6, 11])
    with pytest.raises(functiegebouw.FgrError, match="at least two"):
        compare_typeringen(store, None, [6, 6])


def test_several_functiegroepen_need_a_choice(tmp_path, fgr_data, store):
    with pytest.raises(functiegebouw.FgrError, match="3 functiegroepen .*527 Medewerker Communicatie; 602 .*; 604 .*--functiegroep"):
        compare_typeringen(store, None, [6, 7])
    # a second functiegroep: the seed graph with every id and IRI of 527 renamed to 528
    seed = (fgr_data / "medewerker-communicatie.ttl").read_text(encoding="utf-8")
    (tmp_path / "a.ttl").write_text(seed, encoding="utf-8")
    (tmp_path / "b.ttl").write_text(seed.replace("functiegroep/527", "functiegroep/528")
                                    .replace("fgr:fgrId 527", "fgr:fgrId 528"), encoding="utf-8")
    two = functiegebouw.open(tmp_path, store_dir=tmp_path / "store")
    with pytest.raises(functiegebouw.FgrError, match="2 functiegroepen .*527 Medewerker Communicatie; 528 .*--functiegroep"):
        compare_typeringen(two, None, [6, 7])
    assert compare_typeringen(two, 528, [6, 7]).functiegroep == 528


def test_cli_compare(capsys, fgr_data):
    data = ["--data", str(fgr_data)]
    assert main(["compare", "6", "7", "--functiegroep", "527", "--width", "90", *data]) == 0
    out = capsys.readouterr().out
    assert "functietyperingen schaal 6 and 7" in out and "[-de-]" in out
    assert main(["compare", "--kwaliteitenprofielen", "5", "8", "--format", "markdown", *data]) == 0
    assert "~~Geen/enige~~ **Enige** relevante ervaring" in capsys.readouterr().out
    assert main(["compare", "6", "12", *data]) == 2
    assert "no functiegroep" in capsys.readouterr().err


def test_html_in_dutch_translates_labels_not_statements():
    rows = align([cells(6, ["same", "alpha beta gamma"]), cells(7, ["same", "alpha beta delta", "only in 7"])])
    from functiegebouw.compare import Block, Comparison

    c = Comparison("functietyperingen", 1, "Groep", [6, 7], [("FUWASYS total", ["32 (scores add up to 30)", "35"])],
                   [Block("Contacten", rows)])
    en, nl = render(c, "html"), render(c, "html", lang="nl")
    assert "schaal 6 and 7" in en and ">changed<" in en and "scores add up to 30" in en
    assert "schaal 6 en 7" in nl and ">gewijzigd<" in nl and ">gelijk<" in nl and ">alleen in 7<" in nl
    assert "FUWASYS-totaal" in nl and "32 (de scores tellen op tot 30)" in nl
    # statement texts are data: "same" and "only in 7" stay as written
    assert "<td>same</td>" in nl and "<td>only in 7</td>" in nl


# --------------------------------------------------------------------------- functiegroepen side by side

@pytest.fixture(scope="module")
def group_data(tmp_path_factory):
    """Two functiegroepen from the fixtures (schaal 9 and 10 each), one with variants in schaal 5 and a kernprofiel."""
    from functiegebouw.convert import convert, write_graph
    from functiegebouw.source.model import Meta
    from support import FIXTURES

    data = tmp_path_factory.mktemp("groups")
    for name, ident, label in (("base", 901, "Medewerker Basis"), ("plain-lines", 902, "Medewerker Regels"),
                               ("variant-codes", 903, "Beveiliger")):
        conv = convert(FIXTURES / "variants" / f"{name}.txt", meta=Meta(functiegroep_id=ident, label=label))
        write_graph(conv.triples, data / f"{name}.ttl")
    # 905: variant-codes with variant 2 taken out, so that schaal 5 has one numbered variant
    text = (FIXTURES / "variants" / "variant-codes.txt").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.replace("Variant 2. 32222 23222 22 22 (30)\n", "").split("\n")
                      if "(variant 2)" not in line)
    (data / "one-variant.txt").write_text(text, encoding="utf-8")
    conv = convert(data / "one-variant.txt", meta=Meta(functiegroep_id=905, label="Bewaker"))
    (data / "one-variant.txt").unlink()
    write_graph(conv.triples, data / "one-variant.ttl")
    # 900: a kernprofiel page alone (no functietyperingen, so no schalen)
    write_graph(convert(FIXTURES / "pages" / "kernprofiel.txt").triples, data / "kernprofiel.ttl")
    return data


@pytest.fixture(scope="module")
def groups(group_data, tmp_path_factory):
    return functiegebouw.open(group_data, store_dir=tmp_path_factory.mktemp("store"))


def test_compare_two_functiegroepen(groups):
    from functiegebouw.compare import compare_functiegroepen

    c = compare_functiegroepen(groups, [901, 902])
    assert (c.kind, c.functiegroepen, c.namen, c.schalen) == (
        "functiegroepen", [901, 902], ["Medewerker Basis", "Medewerker Regels"], [9, 10])
    names = [b.name for b in c.blocks]
    assert names[:2] == ["Opdracht(gever)(ambtelijk): resultaten", "Opdracht(gever)(ambtelijk): gedragsindicatoren"]
    assert "Competenties" in names and names.index("Competenties") < names.index("Functietypering schaal 9: Algemene omschrijving")
    omgeving = next(b for b in c.blocks if b.name == "Omgeving: resultaten")
    assert statuses(omgeving.rows) == [
        ("only", [None, "Bij de omgeving gaat het om:"]),
        ("same", ["Klanten zijn tijdig geïnformeerd", "Klanten zijn tijdig geïnformeerd"]),
        ("only", [None, "Partners zijn betrokken"])]
    competenties = next(b for b in c.blocks if b.name == "Competenties")
    assert [r.status for r in competenties.rows] == ["same", "same"]
    tien = [r.status for b in c.blocks if b.name.startswith("Functietypering schaal 10") for r in b.rows]
    assert set(tien) == {"same"}  # schaal 10 is word for word the same in both
    negen = next(b for b in c.blocks if b.name == "Functietypering schaal 9: Algemene omschrijving")
    assert ("only", [None, "Het werk vraagt nauwkeurigheid en geduld."]) in statuses(negen.rows)
    assert dict(c.header)["FUWASYS schaal 9"] == ["32232 33233 33 33 (38)", "32232 33233 33 33 (38)"]
    assert c.fuwasys_changes == []  # the same codes
    text = render(c, "text")
    assert text.startswith("Medewerker Basis (FGR 901) and Medewerker Regels (FGR 902) · kernprofiel, competenties, "
                           "functietyperingen schaal 9 and 10")
    assert "only 902" in text and "FUWASYS schaal 9, 901→902: the same scores" in text
    data = json.loads(render(c, "json"))
    assert data["functiegroep"] == 901  # the first of those compared, as for a comparison of schalen
    assert data["functiegroepen"] == [{"functiegroep": 901, "naam": "Medewerker Basis"},
                                      {"functiegroep": 902, "naam": "Medewerker Regels"}]
    assert "<th>901 Medewerker Basis</th>" in render(c, "html") and "| 902 Medewerker Regels |" in render(c, "markdown")


def test_functiegroepen_without_a_shared_schaal_compare_their_kernprofielen(groups):
    from functiegebouw.compare import compare_functiegroepen

    c = compare_functiegroepen(groups, [901, 903])
    assert c.schalen == [] and not any(b.name.startswith("Functietypering") for b in c.blocks)
    assert "no schaal in common" in render(c, "text")
    with pytest.raises(functiegebouw.FgrError, match="not every functiegroep .* 901 lacks schaal 5"):
        compare_functiegroepen(groups, [901, 903], [5])
    with pytest.raises(functiegebouw.FgrError, match="functiegroep 904 is not in the data"):
        compare_functiegroepen(groups, [901, 904])
    with pytest.raises(functiegebouw.FgrError, match="at least two different"):
        compare_functiegroepen(groups, [901, 901])


def test_a_functiegroep_with_only_its_kernprofiel_is_compared_on_it(groups):
    from functiegebouw.compare import compare_functiegroepen

    c = compare_functiegroepen(groups, [901, 900])
    assert c.schalen == [] and dict(c.header)["schalen"] == ["9–10", ""]
    assert "Competenties" in [b.name for b in c.blocks]
    # named by its own label, though it has no schaal (it was "FGR 900" alone, issue 25)
    assert c.namen == ["Medewerker Basis", "Medewerker Proefwerk"]
    assert render(c, "text").splitlines()[0] == ("Medewerker Basis (FGR 901) and Medewerker Proefwerk (FGR 900) · "
                                                 "kernprofiel, competenties, no schaal in common")
    assert json.loads(render(c, "json"))["functiegroepen"][1] == {"functiegroep": 900, "naam": "Medewerker Proefwerk"}
    # the schalen query gives it one row without a schaal, and the others' rows as before
    assert [tuple(r) for r in groups.query("schalen-per-functiegroep", {"functiegroep": [900, 901]}).rows] == [
        (900, "Medewerker Proefwerk", None, False, False),
        (901, "Medewerker Basis", 9, True, True), (901, "Medewerker Basis", 10, True, True)]
    # a schaal comparison of it still says it has no functietyperingen
    with pytest.raises(functiegebouw.FgrError, match="functiegroep 900 has no functietyperingen"):
        compare_typeringen(groups, 900, [9, 10])


def test_cli_compare_functiegroepen(group_data, capsys):
    target = str(group_data)
    assert main(["--lang", "nl", "compare", "--functiegroepen", "901", "900", "--data", target]) == 0
    assert capsys.readouterr().out.startswith("Medewerker Basis (FGR 901) en Medewerker Proefwerk (FGR 900) · ")
    assert main(["compare", "--functiegroepen", "901", "902", "--data", target, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("## Medewerker Basis (FGR 901) and Medewerker Regels (FGR 902)")
    assert "words only in 901; **bold**: words only in the next functiegroep" in out
    assert main(["compare", "--functiegroepen", "901", "902", "--functiegroep", "901", "--data", target]) == 2
    assert "--functiegroepen compares whole functiegroepen" in capsys.readouterr().err


def test_variants_in_the_header_of_a_schaal_comparison(groups):
    c = compare_typeringen(groups, 903, [4, 5])
    header = dict(c.header)
    assert header["FUWASYS code"] == ["22222 12212 22 22 (26)",
                                      "Variant 1. 22222 22222 22 22 (28); Variant 2. 32222 23222 22 22 (30)"]
    assert header["FUWASYS total"] == ["26", "28; 30"]
    # schaal 4 "22222 12212 22 22", variant 1 "22222 22222 22 22", variant 2 "32222 23222 22 22"
    assert [(x["variant"], x["kenmerk"], x["old"], x["new"]) for x in c.fuwasys_changes] == [
        (1, 6, 1, 2), (1, 9, 1, 2), (2, 1, 2, 3), (2, 6, 1, 2), (2, 7, 2, 3), (2, 9, 1, 2)]
    text = render(c, "text")
    assert "FUWASYS 4→5 (variant 1): 6 Keuzevrijheid 1→2; 9 Kader 1→2" in text
    assert "FUWASYS 4→5 (variant 2): 1 Complexiteit van de werkzaamheden 2→3" in text
    variant_2 = next(b for b in c.blocks if b.name == "Algemene omschrijving")
    assert ("only", [None, "begeleidt bewoners bij dagelijkse activiteiten (variant 2)"]) in statuses(variant_2.rows)


def test_a_schaal_with_one_variant_against_one_without(groups):
    c = compare_typeringen(groups, 905, [5, 6])
    # schaal 5 variant 1 "22222 22222 22 22", schaal 6 "32232 33222 22 22"
    assert [(x["variant"], x["kenmerk"], x["old"], x["new"]) for x in c.fuwasys_changes] == [
        (1, 1, 2, 3), (1, 4, 2, 3), (1, 6, 2, 3), (1, 7, 2, 3)]
    assert "FUWASYS 5→6 (variant 1): 1 Complexiteit van de werkzaamheden 2→3;" in render(c, "text", width=200)


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_functiegroepen_and_variants_in_dutch(groups, fmt):
    """The words of a functiegroepen comparison and of variant headers follow the language too."""
    from functiegebouw.compare import compare_functiegroepen

    both = compare_functiegroepen(groups, [901, 902])
    out = render(both, fmt, lang="nl")
    assert "Medewerker Basis (FGR 901) en Medewerker Regels (FGR 902)" in out and "schaal 9 en 10" in out
    assert "alleen 902" in out or "alleen in 902" in out
    if fmt == "html":  # the visible text: class names (tr class="only") are not read
        out = re.sub(r"<[^>]+>", " ", re.sub(r"<style>.*?</style>", "", out, flags=re.DOTALL))
    # whole words: the data has "samenwerken"
    for word in ("and", "only", "same", "changed", "words", "struck"):
        assert not re.search(rf"\b{word}\b", out), word
    variants = render(compare_typeringen(groups, 903, [4, 5]), fmt, lang="nl")
    assert "FUWASYS-totaal" in variants and "FUWASYS total" not in variants and " and " not in variants


def test_numbered_variants_are_compared_with_the_same_variant_only(groups):
    """903 has variants 1 and 2 in schaal 5, 905 only variant 1 (the same code): variant 1 against variant 1
    shows no change, and 903's variant 2 is not set against 905's variant 1."""
    from functiegebouw.compare import compare_functiegroepen

    c = compare_functiegroepen(groups, [903, 905])
    assert 5 in c.schalen and dict(c.header)["FUWASYS schaal 5"] == [
        "Variant 1. 22222 22222 22 22 (28); Variant 2. 32222 23222 22 22 (30)", "Variant 1. 22222 22222 22 22 (28)"]
    assert c.fuwasys_changes == []


def test_schalen_compare_without_the_salary_tables(tmp_path):
    """A store without the ontology and its reference tables (ontology=False) has no salaries: the comparison
    leaves the salary line out instead of failing on the missing amounts."""
    from functiegebouw.convert import convert, write_graph
    from functiegebouw.source.model import Meta
    from support import FIXTURES

    conv = convert(FIXTURES / "variants" / "base.txt", meta=Meta(functiegroep_id=901, label="Medewerker Basis"))
    write_graph(conv.triples, tmp_path / "base.ttl")
    bare = functiegebouw.open(tmp_path, store_dir=tmp_path / "store", ontology=False)
    c = compare_typeringen(bare, 901, [9, 10])
    assert c.header == [("FUWASYS code", ["32232 33233 33 33 (38)", "33332 33233 33 33 (40)"]),
                        ("FUWASYS total", ["38", "40"])]
    assert "salary" not in render(c, "text")
