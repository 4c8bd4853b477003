"""The named queries over the catalogue, on a FIXTURE catalogue (tests/fixtures/catalogue/mini.tsv, written out
by data/reference/make_reference.py) with the seed's profile of 527 beside it; every answer worked out by hand:

  Advisering       Medewerker Advisering 504 (8-11) -> (Senior) Adviseur (11-13) -> Strategisch Adviseur (14-16)
  Bedrijfsvoering  Assistent Medewerker Facilitair Management 567 (1-3); Medewerker Communicatie 527 (5-8)
                   -> Trainer (7-12) and -> Adviseur Bedrijfsvoering (8-11)
  Lijnmanagement   Manager 517 (12-15); Topmanager-generaal (19)
Salaries (CAO Rijk 1 januari 2024): schaal 1 min 2107.63, 3 max 2799.28, 5 min 2506.92, 8 min 2945.77 max 3954.44,
7 min 2734.10, 11 min 3662.77, 12 min 4278.07; no maximum known for 10-12, no figures for 13-19.
"""
from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

import functiegebouw
from functiegebouw.convert import convert, write_graph
from functiegebouw.rdf.load import ontology_files
from functiegebouw.source.model import Meta
from support import FIXTURES, ROOT, SEED_TXT

MINI = FIXTURES / "catalogue" / "mini.tsv"
ID = "https://w3id.org/functiegebouw/id/functiegroep/"
UUID = "00000000-0000-4000-8000-0000000000"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    reference = tmp_path_factory.mktemp("reference")
    subprocess.run([sys.executable, str(ROOT / "data" / "reference" / "make_reference.py"), str(reference), str(MINI),
                    "--only-catalogue"], check=True)
    data = tmp_path_factory.mktemp("data")
    conv = convert(SEED_TXT, meta=Meta(functiegroep_id=527, label="Medewerker Communicatie"))
    write_graph(conv.triples, data / "527.ttl")
    # another collection (as BRC 2014's beroepsgroepen in data/vocab): its members are no functiegroepen
    (data / "other.ttl").write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://example.org/groepen> a skos:Collection ; skos:member <https://example.org/groep/1> .\n"
        '<https://example.org/groep/1> skos:prefLabel "Vreemde groep"@nl ; skos:inScheme <https://example.org/s> .\n',
        encoding="utf-8")
    return functiegebouw.open([*ontology_files(), reference, data], ontology=False,
                              store_dir=tmp_path_factory.mktemp("store"))


def rows(store, name, **params):
    return [tuple(r) for r in store.query(name, params).rows]


def test_the_catalogue_per_familie_with_ranges_salaries_and_profiles(store):
    got = [r[:9] for r in rows(store, "catalogus")]
    D = Decimal
    assert got == [
        ("Advisering", 504, "Medewerker Advisering", 8, 11, D("2945.77"), None, "ten minste 2945.77", False),
        ("Advisering", None, "(Senior) Adviseur", 11, 13, D("3662.77"), None, "ten minste 3662.77", False),
        ("Advisering", None, "Strategisch Adviseur", 14, 16, None, None, None, False),
        ("Bedrijfsvoering", 567, "Assistent Medewerker Facilitair Management", 1, 3, D("2107.63"), D("2799.28"),
         "2107.63–2799.28", False),
        ("Bedrijfsvoering", 527, "Medewerker Communicatie", 5, 8, D("2506.92"), D("3954.44"), "2506.92–3954.44", True),
        ("Bedrijfsvoering", None, "Trainer", 7, 12, D("2734.10"), None, "ten minste 2734.1", False),
        ("Bedrijfsvoering", None, "Adviseur Bedrijfsvoering", 8, 11, D("2945.77"), None, "ten minste 2945.77", False),
        ("Lijnmanagement", 517, "Manager", 12, 15, D("4278.07"), None, "ten minste 4278.07", False),
        ("Lijnmanagement", None, "Topmanager-generaal", 19, 19, None, None, None, False)]


def test_the_catalogue_filtered(store):
    assert [r[2] for r in rows(store, "catalogus", familie="advisering")] == [
        "Medewerker Advisering", "(Senior) Adviseur", "Strategisch Adviseur"]
    # the groups that can be paid at schaal 11
    assert [r[2] for r in rows(store, "catalogus", schaal=11)] == [
        "Medewerker Advisering", "(Senior) Adviseur", "Trainer", "Adviseur Bedrijfsvoering"]
    assert [r[2] for r in rows(store, "catalogus", profiel=True)] == ["Medewerker Communicatie"]
    assert len(rows(store, "catalogus", profiel=False)) == 8
    assert rows(store, "catalogus", familie="Onbekend") == []


def test_the_ladder_of_a_family(store):
    assert [r[:6] for r in rows(store, "ladder", familie="Advisering")] == [
        ("Medewerker Advisering", 8, 11, "(Senior) Adviseur", 11, 13),
        ("(Senior) Adviseur", 11, 13, "Strategisch Adviseur", 14, 16),
        ("Strategisch Adviseur", 14, 16, None, None, None)]
    assert [r[:4] for r in rows(store, "ladder", familie="bedrijfsvoering")] == [
        ("Assistent Medewerker Facilitair Management", 1, 3, None),  # a gap: 4 is no schaal of the family
        ("Medewerker Communicatie", 5, 8, "Trainer"), ("Medewerker Communicatie", 5, 8, "Adviseur Bedrijfsvoering"),
        ("Trainer", 7, 12, None), ("Adviseur Bedrijfsvoering", 8, 11, None)]


def test_next_and_previous_steps(store):
    assert [r[:4] for r in rows(store, "loopbaanstappen", functiegroep="(senior) adviseur")] == [
        ("vorige", "Medewerker Advisering", 8, 11), ("volgende", "Strategisch Adviseur", 14, 16)]
    assert [r[:2] for r in rows(store, "loopbaanstappen", functiegroep="527")] == [
        ("volgende", "Trainer"), ("volgende", "Adviseur Bedrijfsvoering")]
    # by the site's identifier too
    assert [r[1] for r in rows(store, "loopbaanstappen", functiegroep=UUID + "a3")] == ["(Senior) Adviseur"]
    assert rows(store, "loopbaanstappen", functiegroep="Topmanager-generaal") == []


def test_mobility_at_n_and_n_plus_one(store):
    # at schaal 8 in 527: groups covering 8 (same family first), none that only starts at 9
    assert [r[:4] for r in rows(store, "mobiliteit", functiegroep="527", schaal=8)] == [
        ("zelfde schaal", "Bedrijfsvoering", True, "Trainer"),
        ("zelfde schaal", "Bedrijfsvoering", True, "Adviseur Bedrijfsvoering"),
        ("zelfde schaal", "Advisering", False, "Medewerker Advisering")]
    # at schaal 6 nobody else covers 6; Trainer starts at 7
    assert [r[:4] for r in rows(store, "mobiliteit", functiegroep="Medewerker Communicatie", schaal=6)] == [
        ("schaal hoger", "Bedrijfsvoering", True, "Trainer")]


def test_a_competentie_across_the_fgr_says_which_groups_have_no_profile(store):
    got = rows(store, "functiegroepen-met-competentie", competentie="plannen en organiseren")
    assert [r[:3] for r in got if r[4] is None] == [(527, "Medewerker Communicatie", s) for s in (5, 6, 7, 8)]
    assert [(r[0], r[1], r[2], r[4]) for r in got if r[4] is not None] == [
        (n, name, None, "geen profiel geladen") for n, name in (
            (504, "Medewerker Advisering"), (517, "Manager"), (567, "Assistent Medewerker Facilitair Management"),
            (None, "(Senior) Adviseur"), (None, "Adviseur Bedrijfsvoering"), (None, "Strategisch Adviseur"),
            (None, "Topmanager-generaal"), (None, "Trainer"))]
    niveau = rows(store, "functiegroepen-met-niveau", niveau="MBO")
    assert {r[0] for r in niveau if r[4] is None} == {527} and len([r for r in niveau if r[4]]) == 8
