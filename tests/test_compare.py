"""fgr compare: alignment of near-identical statements, rendering, functiegroep resolution, CLI."""
from __future__ import annotations

import json

import pytest

import functiegebouw
from functiegebouw.cli import main
from functiegebouw.compare import (Cell, align, compare_kwaliteitenprofielen, compare_typeringen, render,
                                   similarity, word_diff)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return functiegebouw.open(store_dir=tmp_path_factory.mktemp("store"))


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


def test_align_is_deterministic():
    a = cells(1, ["p q r s", "p q r t", "u v"])
    b = cells(2, ["p q r x", "p q r y", "u v w"])
    assert statuses(align([a, b])) == statuses(align([list(a), list(b)]))


def test_threshold_keeps_unrelated_statements_apart():
    rows = align([cells(1, ["informatie verstrekt uit (digitale) informatiebronnen"]),
                  cells(2, ["informatie aan gebruikers, burgers, bedrijven en instellingen verstrekt"])])
    assert [r.status for r in rows] == ["only", "only"]


# --------------------------------------------------------------------------- on the seed

def test_compare_6_7_on_the_seed(store):
    c = compare_typeringen(store, None, [7, 6])
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
    assert "€ 2.595,43 – € 3.238,72" in out
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
    c = compare_kwaliteitenprofielen(store, None, [5, 8])
    by_block = {b.name: b.rows for b in c.blocks}
    assert [(r.status, r.cells[0].text, r.cells[1].text) for r in by_block["Ervaring"]] == [
        ("changed", "Geen/enige relevante ervaring", "Enige relevante ervaring en succesvol")]
    assert [(r.status, r.cells[0].text, r.cells[1].text) for r in by_block["Werk- en denkniveau"]] == [
        ("changed", "VMBO, MBO", "MBO")]
    assert [r.status for r in by_block["Competenties"]] == ["same"] * 6
    assert [r.present for r in by_block["Opleidingsrichting en/of vakkennis"]] == [[5], [5, 8]]


def test_rendering_is_deterministic(store):
    a = render(compare_typeringen(store, 527, [5, 6, 7, 8]), "text", width=90)
    b = render(compare_typeringen(store, 527, [5, 6, 7, 8]), "text", width=90)
    assert a == b


def test_unknown_schaal_and_functiegroep(store):
    with pytest.raises(functiegebouw.FgrError, match="no functiegroep has functietyperingen for schalen 6, 11"):
        compare_typeringen(store, None, [6, 11])
    with pytest.raises(functiegebouw.FgrError, match="has no functietypering for schaal 11; it has schalen 5, 6, 7, 8"):
        compare_typeringen(store, 527, [6, 11])
    with pytest.raises(functiegebouw.FgrError, match="at least two"):
        compare_typeringen(store, None, [6, 6])


def test_several_functiegroepen_need_a_choice(tmp_path, store):
    # a second functiegroep: the seed graph with every id and IRI of 527 renamed to 528
    seed = (functiegebouw.rdf.load.PROJECT_ROOT / "data" / "medewerker-communicatie.ttl").read_text(encoding="utf-8")
    (tmp_path / "a.ttl").write_text(seed, encoding="utf-8")
    (tmp_path / "b.ttl").write_text(seed.replace("functiegroep/527", "functiegroep/528")
                                    .replace("fgr:fgrId 527", "fgr:fgrId 528"), encoding="utf-8")
    two = functiegebouw.open(tmp_path, store_dir=tmp_path / "store")
    with pytest.raises(functiegebouw.FgrError, match="2 functiegroepen .*527 Medewerker Communicatie; 528 .*--functiegroep"):
        compare_typeringen(two, None, [6, 7])
    assert compare_typeringen(two, 528, [6, 7]).functiegroep == 528


def test_cli_compare(capsys):
    assert main(["compare", "6", "7", "--width", "90"]) == 0
    out = capsys.readouterr().out
    assert "functietyperingen schaal 6 and 7" in out and "[-de-]" in out
    assert main(["compare", "--kwaliteitenprofielen", "5", "8", "--format", "markdown"]) == 0
    assert "~~Geen/enige~~ **Enige** relevante ervaring" in capsys.readouterr().out
    assert main(["compare", "6", "12"]) == 2
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
