"""The titles of the named queries people read: Dutch by default, English with --lang en (issue 25)."""
from __future__ import annotations

import pytest

from functiegebouw.cli import main
from functiegebouw.errors import FgrError
from functiegebouw.sparql.query import catalogue, parse_header

HEADER = "# title: Salary per schaal\n# title@nl: Salaris per schaal\nSELECT ?s WHERE { ?s ?p ?o }\n"


def test_a_header_gives_a_title_per_language(monkeypatch):
    monkeypatch.delenv("FGR_LANG", raising=False)
    q = parse_header(HEADER, name="q")
    assert (q.title, q.title_in("nl"), q.title_in("en"), q.title_in()) == (
        "Salary per schaal", "Salaris per schaal", "Salary per schaal", "Salaris per schaal")
    monkeypatch.setenv("FGR_LANG", "en")
    assert q.title_in() == "Salary per schaal"
    only_dutch = parse_header("# title@nl: Alleen Nederlands\nSELECT ?s WHERE { ?s ?p ?o }\n", name="q")
    assert only_dutch.title_in("en") == only_dutch.title == "Alleen Nederlands"  # no English: the one there is
    untitled = parse_header("SELECT ?s WHERE { ?s ?p ?o }\n", name="q")
    assert untitled.title_in("nl") == untitled.title_in("en") == "q"


def test_every_named_query_has_a_dutch_title_of_its_own():
    for q in catalogue():
        assert q.titles.get("nl"), f"{q.name}: no '# title@nl:'"
    assert sum(q.titles["nl"] != q.title for q in catalogue()) >= len(catalogue()) - 1  # not the English copied


def test_the_list_shows_the_titles_of_the_output_language(monkeypatch, capsys):
    monkeypatch.delenv("FGR_LANG", raising=False)
    assert main(["query", "--list"]) == 0
    dutch = capsys.readouterr().out
    assert "\n    Salarisbereik per schaal naast het FUWASYS-totaal\n" in dutch
    assert "Salary range per schaal" not in dutch
    assert main(["--lang", "en", "query", "--list"]) == 0
    english = capsys.readouterr().out
    assert "\n    Salary range per schaal next to the FUWASYS total\n" in english and "Salarisbereik" not in english


# --------------------------------------------------------------------------- parameter descriptions

PARAMS = ("# title: Salary per schaal\n"
          "# param: functiegroep (integer, required) FGR id of the functiegroep, e.g. 527\n"
          "# param@nl: functiegroep FGR-nummer van de functiegroep, bv. 527\n"
          "# param: schaal (integer) only this schaal\n"
          "SELECT ?functiegroep ?schaal WHERE { ?functiegroep ?p ?schaal }\n")


def test_a_param_has_a_description_per_language(monkeypatch):
    monkeypatch.delenv("FGR_LANG", raising=False)
    q = parse_header(PARAMS, name="q")
    groep, schaal = q.params
    assert (groep.description, groep.description_in("nl"), groep.description_in("en"), groep.description_in()) == (
        "FGR id of the functiegroep, e.g. 527", "FGR-nummer van de functiegroep, bv. 527",
        "FGR id of the functiegroep, e.g. 527", "FGR-nummer van de functiegroep, bv. 527")
    monkeypatch.setenv("FGR_LANG", "en")
    assert groep.description_in() == "FGR id of the functiegroep, e.g. 527"
    # a user's own query without @nl lines: the English one in both languages
    assert schaal.description_in("nl") == schaal.description_in("en") == "only this schaal"
    # param@en wins over the param: line's, as title@en over title; a Dutch one alone serves both
    q = parse_header(PARAMS.replace("# param: schaal (integer) only this schaal\n",
                                    "# param: schaal (integer) only schaal\n# param@en: schaal only this schaal\n"
                                    "# param@nl: schaal alleen deze schaal\n"), name="q")
    assert (q.params[1].description_in("en"), q.params[1].description_in("nl")) == (
        "only this schaal", "alleen deze schaal")
    q = parse_header("# param: schaal (integer)\n# param@nl: schaal alleen deze schaal\n"
                     "SELECT ?schaal WHERE { ?s ?p ?schaal }\n", name="q")
    assert q.params[0].description_in("en") == "alleen deze schaal"


@pytest.mark.parametrize(("line", "lineno", "message"), [
    ("# param@nl: niveau werk- en denkniveau, bv. MBO", 4, "description for undeclared param 'niveau'"),
    ("# param@nl: functiegroep nog eens", 4, "second 'param@nl:' for param 'functiegroep' (the first is on line 3)"),
    ("# param@de: functiegroep FGR-Nummer der Funktionsgruppe", 4,
     "unknown language 'de' in 'param@de:' (known: nl, en)"),
    ("# param@nl: functiegroep", 4, "expected 'param@nl: NAME description', got 'functiegroep'"),
    ("# param@nl: ?functiegroep FGR-nummer", 4, "expected 'param@nl: NAME description'"),
])
def test_a_wrong_param_description_line_is_one_error_naming_file_and_line(tmp_path, capsys, line, lineno, message):
    lines = PARAMS.splitlines(keepends=True)
    lines.insert(3, line + "\n")
    query = tmp_path / "mijn.rq"
    query.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(FgrError) as err:
        parse_header(query.read_text(encoding="utf-8"), name="mijn", path=query)
    assert f"{query}:{lineno}: {message}" in str(err.value)
    # on the command line: that one line, exit 2, no traceback
    assert main(["query", str(query), "-p", "functiegroep=527"]) == 2
    stderr = capsys.readouterr().err
    assert f"{query}:{lineno}: {message}" in stderr and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1


def test_every_param_of_every_named_query_has_a_dutch_description_of_its_own():
    missing = [f"{q.name}: {p.name}" for q in catalogue() for p in q.params if not (p.descriptions or {}).get("nl")]
    assert not missing, f"no '# param@nl: NAME …' line for: {', '.join(missing)}"
    described = [p for q in catalogue() for p in q.params]
    assert all(p.descriptions["nl"] != p.description for p in described)  # not the English copied
    assert all(p.description and "bv." not in p.description for p in described)  # the English stays English


def test_the_list_shows_the_param_descriptions_of_the_output_language(monkeypatch, capsys):
    monkeypatch.delenv("FGR_LANG", raising=False)
    assert main(["query", "--list"]) == 0
    dutch = capsys.readouterr().out
    assert "    --param schaal=…  (integer, optioneel) een schaal die de functiegroep omvat, bv. 11\n" in dutch
    assert "    --param schaal_a=…  (integer, verplicht) de eerste schaal, bv. 6\n" in dutch
    assert "e.g." not in dutch and "a schaal the group covers" not in dutch
    monkeypatch.setenv("FGR_LANG", "en")
    assert main(["query", "--list"]) == 0
    english = capsys.readouterr().out
    assert "    --param schaal=…  (integer, optional) a schaal the group covers, e.g. 11\n" in english
    assert "bv." not in english and "FGR-nummer" not in english


def test_a_missing_parameter_is_an_english_error_with_the_english_description(monkeypatch, capsys):
    # errors stay English in every output language (docs/reference/languages-and-answers.md): no Dutch inside
    monkeypatch.delenv("FGR_LANG", raising=False)
    assert main(["query", "compare-typeringen", "-p", "schaal_b=7"]) == 2
    err = capsys.readouterr().err
    assert "parameter 'schaal_a' is required (the first schaal, e.g. 6)" in err and "eerste" not in err
