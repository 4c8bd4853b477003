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
    finding(11, functiegroep="urn:g9", functiegroep_label="Proefmedewerker", schaal=1, source_line=1, focus="urn:a11"),
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


def test_json_report_keeps_non_ascii_text_and_is_stably_laid_out():
    result = ValidationResult([finding(1, message="ten minste € 2.734,10 — één", value="é")], ["ä.ttl"])
    text = result.to_json()
    assert "€ 2.734,10 — één" in text and "\\u" not in text  # readable, not escaped
    lines = text.splitlines()
    assert lines[0] == "{" and lines[1].startswith('  "conforms"')  # keys sorted, two spaces of indent
    keys = [line.split('"')[1] for line in lines if line.startswith('  "')]
    assert keys == sorted(keys) and {"conforms", "counts", "files", "findings", "passes"} <= set(keys)
    finding_keys = [line.split('"')[1] for line in lines if line.startswith('      "')]
    assert finding_keys == sorted(finding_keys) and "data_file" in finding_keys


def test_junit_names_the_value_only_when_there_is_one():
    import xml.etree.ElementTree as ET

    result = ValidationResult([finding(1, value="0", data_file="a.ttl"), finding(2, data_file="a.ttl")], ["a.ttl"])
    failures = [f.text for f in ET.fromstring(result.to_junit()).iter("failure")]
    assert "\nvalue: 0\n" in failures[0] and "value:" not in failures[1]


def test_the_shacl_report_keeps_blank_nodes_apart_and_messages_in_their_languages():
    from rdflib import Literal, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    result = ValidationResult([finding(1, focus="_:n1", messages={"nl": "fout", "en": "wrong"}),
                               finding(2, focus="_:m1", value="_:m1", value_kind="bnode")], ["a.ttl"])
    g = result.to_graph()
    foci = set(g.objects(None, sh.focusNode))
    assert len(foci) == 2  # two blank nodes stay two
    assert set(g.objects(None, sh.resultMessage)) == {Literal("fout", lang="nl"), Literal("wrong", lang="en"),
                                                      Literal("m2", lang="en")}
    (value,) = g.objects(None, sh.value)
    assert value in foci  # the same blank node as the focus of the finding it came from


def test_a_functiegroep_without_a_name_is_headed_by_its_iri_alone():
    nameless = finding(1, functiegroep="urn:g8", data_file="a.ttl")
    for lang, outside in (("en", "Outside any functiegroep"), ("nl", "Buiten een functiegroep")):
        text = ValidationResult([nameless, finding(2)], ["a.ttl"], lang=lang).to_text()
        assert "\nFunctiegroep <urn:g8>  (a.ttl)\n" in text
        assert f"\n{outside}\n" in text and f"Functiegroep {outside}" not in text
