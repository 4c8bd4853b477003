"""Findings made without the frozen dataclass's ``__init__`` (validation/shacl.py ``_finding_from``,
used for cached findings and for a finding in another language) are the findings ``__init__``
makes: equal, hashable alike, with every field, and an entry that is not exactly the fields goes
through ``__init__`` (an unknown key dropped, a missing one an error)."""
from __future__ import annotations

import dataclasses

import pytest

from functiegebouw.validation.report import Finding
from functiegebouw.validation.shacl import _finding_from, _in_language

FINDING = Finding(severity="Warning", shape="https://example.org/s#A", component="sh:SPARQLConstraintComponent",
                  focus="https://example.org/id/1", message="English text", messages={"en": "English text",
                                                                                      "nl": "Nederlandse tekst"},
                  value="7", value_kind="literal", functiegroep="527", schaal=7, source_line=12)


def test_a_finding_from_its_fields_is_the_one_init_makes():
    made = _finding_from(dataclasses.asdict(FINDING))
    assert made == FINDING and hash(made) == hash(FINDING) and type(made) is Finding
    assert dataclasses.asdict(made) == dataclasses.asdict(FINDING)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.message = "x"  # type: ignore[misc]


def test_an_entry_of_other_fields_goes_through_init():
    values = dataclasses.asdict(FINDING)
    assert _finding_from({**values, "unknown": 1}) == FINDING  # an older or newer cache's extra key
    del values["severity"]
    with pytest.raises(TypeError):
        _finding_from(values)


def test_another_language_changes_the_message_only():
    dutch = _in_language(FINDING, "nl")
    assert dutch == dataclasses.replace(FINDING, message="Nederlandse tekst")
    assert dataclasses.asdict(dutch) == {**dataclasses.asdict(FINDING), "message": "Nederlandse tekst"}
    assert FINDING.message == "English text"  # the original is not changed
    assert _in_language(FINDING, "en") is FINDING
