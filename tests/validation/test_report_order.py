"""The order and wording of the validation report: findings grouped by functiegroep (named ones first, then
those without a name), by schaal (findings about no schaal first), most serious first, then by source
line; where a finding is (file:line, the file, or the data file); the findings by severity. Each test here
kills mutants of validation/report.py that the report-format tests let through (issue 27)."""
from __future__ import annotations

import random

from functiegebouw.validation.report import Finding, ValidationResult

SHAPES = "https://w3id.org/functiegebouw/shapes#"


def finding(n: int, **fields) -> Finding:
    base = dict(severity="Violation", shape=SHAPES + "S", focus=f"urn:x{n}", message=f"m{n}", messages={"en": f"m{n}"},
                component="http://www.w3.org/ns/shacl#MinCountConstraintComponent")
    return Finding(**{**base, **fields})


ORDERED = [
    finding(1, functiegroep="urn:g527", functiegroep_label="Medewerker Communicatie", source_line=3),
    finding(2, functiegroep="urn:g527", functiegroep_label="Medewerker Communicatie", schaal=5, source_line=9),
    finding(3, functiegroep="urn:g527", functiegroep_label="Medewerker Communicatie", schaal=5, source_line=40),
    finding(4, functiegroep="urn:g527", functiegroep_label="Medewerker Communicatie", schaal=5, source_line=2,
            severity="Warning"),
    finding(5, functiegroep="urn:g527", functiegroep_label="Medewerker Communicatie", schaal=5, severity="Info"),
    finding(6, functiegroep="urn:g527", functiegroep_label="Medewerker Communicatie", schaal=6, source_line=1),
    # the same focus: then by value (before the message), with a line after those without one
    finding(7, functiegroep="urn:g9", functiegroep_label="Proefmedewerker", schaal=1, value="a", focus="urn:same"),
    finding(8, functiegroep="urn:g9", functiegroep_label="Proefmedewerker", schaal=1, value="b", focus="urn:same",
            message="m0"),
    finding(11, functiegroep="urn:g9", functiegroep_label="Proefmedewerker", schaal=1, source_line=1),
    # all the same but the path
    finding(12, functiegroep="urn:g9", functiegroep_label="Proefmedewerker", schaal=2, path="urn:a", message="m"),
    finding(12, functiegroep="urn:g9", functiegroep_label="Proefmedewerker", schaal=2, path="urn:b", message="m"),
    # without a name: after the named groups; outside any functiegroep before a nameless one (by IRI, "" first)
    finding(10, schaal=None, path="urn:p"),
    finding(9, functiegroep="urn:g8", schaal=1),
]


def test_findings_sort_by_group_schaal_severity_and_line():
    for seed in range(20):
        shuffled = list(ORDERED)
        random.Random(seed).shuffle(shuffled)
        assert sorted(shuffled, key=Finding.sort_key) == ORDERED


def test_a_finding_about_no_schaal_is_listed_under_its_own_heading():
    text = ValidationResult(ORDERED[:2], ["a.ttl"], lang="en").to_text()
    assert "  (no schaal)\n    VIOLATION" in text and "  schaal 5\n" in text
    assert text.index("(no schaal)") < text.index("schaal 5\n")
    assert "schaal None" not in text


def test_where_a_finding_is():
    assert finding(1, source_file="p.txt", source_line=7, data_file="p.ttl").where == "p.txt:7"
    assert finding(1, source_file="p.txt", data_file="p.ttl").where == "p.txt"
    assert finding(1, source_line=7, data_file="p.ttl").where == "p.ttl"
    assert finding(1, data_file="p.ttl").where == "p.ttl"
    assert finding(1).where == "?"


def test_findings_by_severity():
    result = ValidationResult(ORDERED, ["a.ttl"])
    assert [f.focus for f in result.warnings] == ["urn:x4"]
    assert [f.focus for f in result.infos] == ["urn:x5"]
    assert len(result.violations) == len(ORDERED) - 2
    assert result.counts() == {"Violation": len(ORDERED) - 2, "Warning": 1, "Info": 1}
