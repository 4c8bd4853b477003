"""``fgr functiegroepen`` and the catalogue-level ``fgr compare --functiegroepen A B``, on a FIXTURE catalogue
(tests/fixtures/catalogue/mini.tsv; answers by hand in tests/test_catalogue_queries.py) with the seed's profile
as 527 and a fixture profile converted as 504, and without the shipped reference data."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import functiegebouw.resources
from functiegebouw.cli import main
from functiegebouw.convert import convert, write_graph
from functiegebouw.source.model import Meta
from support import FIXTURES, PROFILES, ROOT, SEED_TXT

MINI = FIXTURES / "catalogue" / "mini.tsv"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    subprocess.run([sys.executable, str(ROOT / "data" / "reference" / "make_reference.py"), str(folder), str(MINI),
                    "--only-catalogue"], check=True)
    for text, number, name in ((SEED_TXT, 527, "Medewerker Communicatie"),
                               (PROFILES / "medewerker-informatievoorziening.txt", 504, "Medewerker Advisering")):
        conv = convert(text, meta=Meta(functiegroep_id=number, label=name))
        write_graph(conv.triples, folder / f"{number}.ttl")
    return str(folder)


@pytest.fixture(autouse=True)
def no_shipped_reference(monkeypatch):
    """Only the fixture catalogue: the shipped data/reference (the real one) stays out of the store."""
    monkeypatch.setattr(functiegebouw.resources, "shipped_files", lambda: [])


def run(capsys, *argv):
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_catalogue_as_a_table(capsys, data):
    code, out, err = run(capsys, "functiegroepen", "--data", data)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["familie", "nummer", "functiegroep", "schalen", "salaris", "per", "maand", "profiel"]
    assert lines[1].split() == ["Advisering", "504", "Medewerker", "Advisering", "8–11", "ten", "minste", "€",
                                "2.945,77", "geladen"]
    assert lines[5].split() == ["Bedrijfsvoering", "527", "Medewerker", "Communicatie", "5–8", "€", "2.506,92", "–",
                                "€", "3.954,44", "geladen"]
    assert lines[3].split()[-2:] == ["onbekend", "—"]  # Strategisch Adviseur 14-16: no figures known
    assert lines[10] == "9 functiegroepen, 3 families; 2 met profiel"


def test_filters_and_formats(capsys, data):
    code, out, _ = run(capsys, "functiegroepen", "--data", data, "--familie", "advisering", "--format", "csv")
    assert code == 0 and out == (  # the salary cells hold a comma: quoted
        'familie,nummer,functiegroep,schalen,salaris per maand,profiel\n'
        'Advisering,504,Medewerker Advisering,8–11,"ten minste € 2.945,77",true\n'
        'Advisering,,(Senior) Adviseur,11–13,"ten minste € 3.662,77",false\n'
        'Advisering,,Strategisch Adviseur,14–16,onbekend,false\n')
    code, out, _ = run(capsys, "functiegroepen", "--data", data, "--schaal", "11", "--format", "json")
    rows = json.loads(out)
    assert [r["naam"] for r in rows] == ["Medewerker Advisering", "(Senior) Adviseur", "Trainer",
                                         "Adviseur Bedrijfsvoering"]
    assert rows[0]["salaris_min"] == "2945.77" and rows[0]["salaris_max"] is None and rows[0]["nummer"] == 504
    code, out, _ = run(capsys, "functiegroepen", "--data", data, "--familie", "Lijnmanagement", "-f", "md", "--lang", "en")
    assert out.splitlines() == ["| job family | number | job group | scales | monthly salary | profile |",
                                "|---|---|---|---|---|---|",
                                "| Lijnmanagement | 517 | Manager | 12–15 | at least €4,278.07 | — |",
                                "| Lijnmanagement |  | Topmanager-generaal | 19 | unknown | — |"]


@pytest.mark.parametrize("argv, words", [
    (["--familie", "Facilitair"], "no functiefamilie 'Facilitair' in the catalogue: expected one of Advisering, "
                                  "Bedrijfsvoering, Lijnmanagement"),
    (["--schaal", "20"], "--schaal must be a schaal of the CAO Rijk, 1 to 19, not 20"),
])
def test_bad_filters_are_one_line(capsys, data, argv, words):
    code, out, err = run(capsys, "functiegroepen", "--data", data, *argv)
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err


def test_compare_two_groups_at_catalogue_level(capsys, data):
    code, out, err = run(capsys, "compare", "--functiegroepen", "(senior) adviseur", "Strategisch Adviseur", "--data", data)
    assert code == 0 and err == ""
    lines = [line.split("  ")[0] for line in out.splitlines()]
    assert out.splitlines()[2].split() == ["schalen", "11–13", "14–16"]
    assert "gedeelde schalen   geen: (Senior) Adviseur eindigt op 13, Strategisch Adviseur begint op 14" in out
    assert "afgeleide stap     (Senior) Adviseur → Strategisch Adviseur" in out
    assert out.rstrip().endswith("Geen profielvergelijking: van (Senior) Adviseur en Strategisch Adviseur is geen "
                                 "profiel geladen.")
    assert lines[:5] == ["", "familie", "schalen", "salaris per maand", "profiel"]


def test_compare_adds_the_profiles_where_both_have_one(capsys, data):
    code, out, _ = run(capsys, "compare", "--functiegroepen", "527", "504", "--data", data, "--format", "json")
    result = json.loads(out)
    assert code == 0
    catalogue = result["catalogus"]
    assert (catalogue["zelfde_familie"], catalogue["gedeelde_schalen"], catalogue["afgeleide_stap"]) == (False, [8, 8], None)
    assert (catalogue["a"]["familie"], catalogue["b"]["familie"]) == ("Bedrijfsvoering", "Advisering")
    assert result["profielen"]["functiegroepen"] == [{"functiegroep": 527, "naam": "Medewerker Communicatie"},
                                                     {"functiegroep": 504, "naam": "Medewerker Advisering"}]
    code, out, _ = run(capsys, "compare", "--functiegroepen", "527", "Trainer", "--data", data)
    assert "Geen profielvergelijking: van Trainer is geen profiel geladen." in out


def test_compare_an_unknown_name_names_the_nearest(capsys, data):
    code, out, err = run(capsys, "compare", "--functiegroepen", "527", "Medewerker Adviesering", "--data", data)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "no functiegroep 'Medewerker Adviesering' in the catalogue" in err and "'Medewerker Advisering'" in err


def test_the_global_language_choice_reaches_the_table(capsys, data, monkeypatch):
    """`fgr --lang en functiegroepen` and FGR_LANG=en, as every other command (its own --lang said nl)."""
    english = "job family  number  job group"
    _, out, _ = run(capsys, "--lang", "en", "functiegroepen", "--data", data, "--schaal", "19")
    assert " ".join(out.splitlines()[0].split()) == " ".join(english.split()) + " scales monthly salary profile"
    monkeypatch.setenv("FGR_LANG", "en")
    _, out, _ = run(capsys, "functiegroepen", "--data", data, "--schaal", "19")
    assert out.splitlines()[0].split()[:2] == ["job", "family"]
    _, out, _ = run(capsys, "functiegroepen", "--data", data, "--schaal", "19", "--lang", "nl")
    assert out.splitlines()[0].split()[0] == "familie"
