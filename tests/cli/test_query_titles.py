"""The titles of the named queries people read: Dutch by default, English with --lang en (issue 25)."""
from __future__ import annotations

from functiegebouw.cli import main
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
