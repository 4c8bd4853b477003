"""source/model.py: how a FUWASYS code, an opleidingsrichting line and a placeholder are read, and what
a profile without parts says about itself (what the graph and the shapes build on)."""
from __future__ import annotations

import pytest

from functiegebouw.rdf.graph import profile_triples
from functiegebouw.rdf.namespaces import FGR
from functiegebouw.source.model import (MAX_CODE_DIGITS, Code, Item, Meta, Profile, Source, Typification, code_parts,
                                        education_parts, is_placeholder)


@pytest.mark.parametrize("code, parts", [
    ("22222 22222 22 22 (28)", ("22222222222222", "28")),
    ("Variant 2. 32222 23222 22 22 (30)", ("32222232222222", "30")),
    ("variant 12: 32222 23222 22 22 ( 30 )", ("32222232222222", "30")),
    ("22222 22222 22 22", ("22222222222222", "")),
])
def test_a_code_splits_into_its_digits_and_stated_total(code, parts):
    assert code_parts(code) == parts


@pytest.mark.parametrize("text, parts", [
    ("MBO: relevant voor het vakgebied.", ("MBO", "relevant voor het vakgebied", False)),
    ("HBO/WO Bedrijfskunde of Bestuurskunde;", ("HBO/WO", "Bedrijfskunde of Bestuurskunde", True)),
    ("relevant voor het vakgebied", ("", "relevant voor het vakgebied", False)),
    (" HBO ", ("", "HBO", False)),
])
def test_an_opleidingsrichting_line_gives_levels_and_field_and_whether_that_was_a_guess(text, parts):
    assert education_parts(text) == parts


@pytest.mark.parametrize("text, placeholder", [("P.M.", True), ("p. m.", True), ("pm", True), ("P.M.O.", False),
                                               ("PM-er", False)])
def test_placeholders(text, placeholder):
    assert is_placeholder(text) is placeholder
    assert Item(text, 1).is_placeholder is placeholder


def scores_of(code: str) -> int:
    typ = Typification(line=1, scale=5, codes=[Code(code, 2)])
    profile = Profile("t.txt", "0" * 64, Meta(functiegroep_id=1, label="T"), typifications=[typ])
    triples = profile_triples(profile)
    node = next(o[1] for _s, p, o in triples if p == str(FGR.typification))
    return len(triples.objects(node, str(FGR.score)))


def test_a_code_of_up_to_30_digits_is_split_and_a_longer_one_kept_whole():
    assert scores_of("2" * MAX_CODE_DIGITS) == MAX_CODE_DIGITS == 30
    assert scores_of("2" * (MAX_CODE_DIGITS + 1)) == 0


def test_a_typering_s_first_code_and_its_variants():
    typ = Typification(line=1, codes=[Code("Variant 1. 2", 4, 1), Code("Variant 2. 3", 5, 2)])
    assert (typ.code, typ.code_line, typ.variants) == ("Variant 1. 2", 4, [1, 2])
    plain = Typification(line=1, codes=[Code("2", 7)])
    assert (plain.code, plain.code_line, plain.variants) == ("2", 7, [])
    assert (Typification(line=1).code, Typification(line=1).code_line) == (None, None)


def test_a_profile_knows_whether_it_has_a_kernprofiel_and_its_title():
    empty = Profile("t.txt", "0" * 64, Meta(source_url="https://example.org/x"))
    assert not empty.has_kernprofiel and empty.title is None
    assert [(s.name, s.source_url) for s in empty.sources] == [("t.txt", "https://example.org/x")]
    for part in ({"results": {"opdracht": [Item("a", 1)]}}, {"indicators": {"omgeving": [Item("b", 1)]}},
                 {"competencies": [Item("c", 1)]}):
        assert Profile("t.txt", "0" * 64, Meta(), **part).has_kernprofiel
    titled = Profile("t.txt", "0" * 64, Meta(), sources=[Source("a.txt", "1", title="Adviseur"), Source("b.txt", "2")])
    assert titled.title == "Adviseur" and [s.name for s in titled.sources] == ["a.txt", "b.txt"]
    assert Meta(label="x", lines={"label": 3}) == Meta(label="x")  # where a value stood is no part of it
    assert "lines" not in repr(Meta(lines={"label": 3}))
    item = Item("x", 1)
    assert (item.bulleted, item.source, Typification(line=1).scale_by_header) == (True, 0, False)
