"""One language per output: ``fgr compare`` in every format and both languages, with the other
language's fixed words absent, one money format per language, and the query tables alike."""
from __future__ import annotations

import html
import re

import pytest

from functiegebouw import i18n
from functiegebouw.cli import main
from functiegebouw.compare import compare_typeringen, render

# Fixed words of the other language that must not appear (statement texts are Dutch data: the Dutch
# list holds forms the data does not use, "6 gelijk" of the summary rather than "gelijk").
ENGLISH = ["FUWASYS total", "FUWASYS code", " and ", "same", "changed", "only in", "only ", "salary", "scores add up",
           "words", "struck", "bold", "from €", "the same scores"]
DUTCH = ["FUWASYS-totaal", "FUWASYS-code", "6 gelijk", "gewijzigd", "alleen in", "salaris", "tellen op",
         "woorden alleen", "[-woorden-]", "doorgehaald", "vanaf €", "dezelfde scores", " en 7"]
MONEY = {"nl": re.compile(r"€ \d\.\d{3},\d{2}"), "en": re.compile(r"€\d,\d{3}\.\d{2}")}
FORMATS = ["text", "markdown", "html"]


@pytest.fixture(autouse=True)
def no_language_set(monkeypatch):
    monkeypatch.delenv("FGR_LANG", raising=False)
    previous = i18n.use(None)
    yield
    i18n.use(previous)


@pytest.fixture(scope="module")
def comparison(fgr_store):
    return compare_typeringen(fgr_store, 527, [6, 7])


def visible(text: str, fmt: str) -> str:
    if fmt == "html":
        text = re.sub(r"<style>.*?</style>", "", text, flags=re.DOTALL)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    return text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_each_format_speaks_one_language(comparison, fmt, lang):
    out = visible(render(comparison, fmt, lang=lang), fmt)
    forbidden = ENGLISH if lang == "nl" else DUTCH
    found = [w for w in forbidden if w in out]
    assert not found, (lang, fmt, found)
    # the words of its own language are there, and its money format only
    assert ("gewijzigd" if lang == "nl" else "changed") in out
    assert ("6 en 7" if lang == "nl" else "6 and 7") in out
    assert MONEY[lang].search(out) and not MONEY["en" if lang == "nl" else "nl"].search(out)


def test_dutch_is_the_default_and_fgr_lang_chooses(comparison, monkeypatch):
    assert render(comparison, "html") == render(comparison, "html", lang="nl")
    assert '<html lang="nl">' in render(comparison, "html")
    monkeypatch.setenv("FGR_LANG", "en")
    assert render(comparison, "text") == render(comparison, "text", lang="en")
    assert '<html lang="en">' in render(comparison, "html")


def test_json_keys_and_status_values_are_the_same_in_both_languages(comparison):
    assert render(comparison, "json", lang="nl") == render(comparison, "json", lang="en")


def test_the_cli_takes_lang_globally_per_command_and_from_the_environment(capsys, fgr_data, monkeypatch):
    data = ["6", "7", "--functiegroep", "527", "--data", str(fgr_data), "-f", "html"]
    assert main(["compare", *data]) == 0
    assert "schaal 6 en 7" in capsys.readouterr().out
    assert main(["--lang", "en", "compare", *data]) == 0
    assert "schaal 6 and 7" in capsys.readouterr().out
    assert main(["compare", *data, "--lang", "en"]) == 0
    assert "schaal 6 and 7" in capsys.readouterr().out
    monkeypatch.setenv("FGR_LANG", "en")
    assert main(["compare", *data]) == 0
    assert "schaal 6 and 7" in capsys.readouterr().out
    # the global choice lasts one command
    monkeypatch.delenv("FGR_LANG")
    assert main(["compare", *data]) == 0
    assert "schaal 6 en 7" in capsys.readouterr().out


def test_a_language_that_is_not_there_is_one_line(capsys, monkeypatch):
    monkeypatch.setenv("FGR_LANG", "fr")
    with pytest.raises(Exception, match="'fr' is not available"):
        i18n.language()


@pytest.mark.parametrize("lang,minimum,maximum,rows", [("nl", "€ 2.506,92", "€ 3.091,60", "(4 rijen)"),
                                                       ("en", "€2,506.92", "€3,091.60", "(4 rows)")])
def test_query_tables_use_the_same_money_format(capsys, fgr_data, lang, minimum, maximum, rows):
    assert main(["--lang", lang, "query", "salaris-per-schaal", "-p", "functiegroep=527", "--data", str(fgr_data)]) == 0
    out = capsys.readouterr().out
    first = next(line for line in out.splitlines() if line.startswith("527"))
    assert minimum in first and maximum in first and out.rstrip().endswith(rows)
    # csv stays the data's own form, for programs
    assert main(["--lang", lang, "query", "salaris-per-schaal", "-p", "functiegroep=527", "-f", "csv",
                 "--data", str(fgr_data)]) == 0
    assert "2506.92,3091.6" in capsys.readouterr().out


@pytest.mark.parametrize("value,nl,en", [("3091.6", "€ 3.091,60", "€3,091.60"), ("-1234567.005", "€ -1.234.567,01",
                                                                                   "€-1,234,567.01"),
                                         ("0", "€ 0,00", "€0.00"), ("999.999", "€ 1.000,00", "€1,000.00")])
def test_money(value, nl, en):
    assert i18n.money(value, "nl") == nl and i18n.money(value, "en") == en


@pytest.mark.parametrize("lang,required,optional", [("nl", "verplicht", "optioneel"), ("en", "required", "optional")])
def test_the_query_list_in_one_language(capsys, lang, required, optional):
    assert main(["--lang", lang, "query", "--list"]) == 0
    out = capsys.readouterr().out
    assert f"(literal, {required})" in out and f"(integer, {optional})" in out
    other = ("required", "optional") if lang == "nl" else ("verplicht", "optioneel")
    assert not any(f", {word})" in out for word in other)
