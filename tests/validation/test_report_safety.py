"""The validation reports follow the SHACL spec on sh:conforms, and no text from the data can drive a
terminal, forge a report line or break the JUnit XML (issue 22, items 6 and 10)."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF

from functiegebouw.cli import main
from functiegebouw.validation.report import Finding, ValidationResult
from support import FIXTURES

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = FIXTURES / "shapes"
INFO_ONLY = SHAPES / "PlaceholderShape.fail.ttl"
WARNING_ONLY = SHAPES / "QualityProfileCompetencyMatchShape.fail.ttl"  # its Warnings: the competentie match (2) and a name not in the FGR catalogue
VIOLATIONS = SHAPES / "TypificationTotalSumShape.fail.ttl"
CLEAN = SHAPES / "PlaceholderShape.pass.ttl"
# C0 but tab and LF (CR counts: it rewrites a terminal line), DEL, C1
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run(capsys, *args) -> tuple[int, str]:
    code = main(["validate", "--lang", "en", *map(str, args)])
    return code, capsys.readouterr().out


def turtle_report(text: str) -> tuple[Literal, int]:
    g = Graph().parse(data=text, format="turtle")
    (node,) = g.subjects(RDF.type, SH.ValidationReport)
    return g.value(node, SH.conforms), len(list(g.objects(node, SH.result)))


# ---------------------------------------------------------------- item 6: sh:conforms as in SHACL

def test_turtle_conforms_is_false_beside_any_result_and_the_exit_status_follows_violations(capsys):
    for path, status, results in ((INFO_ONLY, 0, 1), (WARNING_ONLY, 0, 3), (VIOLATIONS, 1, 2), (CLEAN, 0, 0)):
        code, out = run(capsys, path, "--format", "turtle")
        assert code == status, path.name
        conforms, count = turtle_report(out)
        assert count == results, path.name
        # SHACL 1.0 §3.6.1: sh:conforms is true iff the validation produced no results (as Jena and pySHACL)
        assert conforms == Literal(results == 0), path.name


def test_pyshacl_agrees_that_a_warning_is_not_conformance():
    """The reference engine on the same kind of graph: a Warning result alone makes sh:conforms false."""
    import pyshacl

    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ; sh:severity sh:Warning ;
            sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .""", format="turtle")
    conforms, report, _ = pyshacl.validate(Graph(), shacl_graph=shapes)
    assert conforms is False and len(list(report.objects(None, SH.result))) == 1
    ours = ValidationResult([finding(severity="Warning")], ["x.ttl"])
    assert turtle_report(ours.to_turtle()) == (Literal(False), 1)


def test_every_format_says_conforms_only_without_results(capsys):
    for path, conforms, passes in ((INFO_ONLY, False, True), (WARNING_ONLY, False, True), (VIOLATIONS, False, False),
                                   (CLEAN, True, True)):
        _, out = run(capsys, path, "--format", "json")
        data = json.loads(out)
        assert (data["conforms"], data["passes"]) == (conforms, passes), path.name
        _, text = run(capsys, path)
        _, github = run(capsys, path, "--format", "github")
        for summary in (text.splitlines()[0], github.splitlines()[-1]):
            verdict = summary.rsplit(" — ", 1)[1]
            assert (verdict == "conforms") == conforms, (path.name, summary)
            assert verdict.startswith("no violations") == (passes and not conforms), (path.name, summary)
            assert (verdict == "does not conform") == (not passes), (path.name, summary)
        _, junit = run(capsys, path, "--format", "junit")
        per_file = [c.get("classname") for c in ET.fromstring(junit).iter("testcase")
                    if c.get("classname") in ("conforms", "passes")]
        assert per_file == ([] if not passes else ["conforms"] if conforms else ["passes"]), path.name
    _, dutch = run(capsys, WARNING_ONLY, "--lang", "nl")
    assert dutch.splitlines()[0].endswith("geen fouten, maar voldoet niet (3 resultaat/resultaten)")


# ---------------------------------------------------------------- item 10: control characters from data

# as written in the Turtle file: ESC, BEL, CSI (C1), NUL, CR LF and a forged line, a non-character
HOSTILE = r"3\u001B]0;owned\u0007\u009B2J\u0000\r\nVIOLATION fake\uFFFE"


def hostile_data(tmp_path):
    """The failing fixture with a stated total carrying terminal escapes, NUL, a line break and non-XML."""
    text = VIOLATIONS.read_text(encoding="utf-8")
    text = text.replace("fgr:statedTotal 30 ;", f'fgr:statedTotal "{HOSTILE}" ;', 1)
    assert text != VIOLATIONS.read_text(encoding="utf-8")
    path = tmp_path / "hostile.ttl"
    path.write_text(text, encoding="utf-8")
    return path


def test_control_characters_from_the_data_are_escaped_in_text_github_and_junit(tmp_path, capsys):
    path = hostile_data(tmp_path)
    for fmt in ("text", "github", "junit"):
        code, out = run(capsys, path, "--format", fmt)
        assert code == 1
        assert "owned" in out, fmt  # the finding is there, its controls made visible
        assert not CONTROL.search(out), (fmt, CONTROL.search(out))
        assert "\\x1b]0;owned\\x07\\x9b" in out, fmt
        if fmt != "junit":  # (in XML a line break inside an element is just text)
            assert not any(line.lstrip().startswith("VIOLATION fake") for line in out.splitlines()), fmt
    _, junit = run(capsys, path, "--format", "junit")
    root = ET.fromstring(junit.encode("utf-8"))  # parses: valid XML 1.0
    assert root.get("failures") == "3"  # the two totals, and the first is not a whole number
    assert any("owned" in (f.get("message") or "") for f in root.iter("failure"))


def finding(**fields) -> Finding:
    base = dict(severity="Violation", shape="https://w3id.org/functiegebouw/shapes#S",
                component="http://www.w3.org/ns/shacl#MinCountConstraintComponent", focus="urn:x",
                message="m", messages={"en": "m"})
    return Finding(**{**base, **fields})


@settings(max_examples=150, deadline=None, derandomize=True)  # repeatable in CI
@given(st.lists(st.text(min_size=1, max_size=12), min_size=6, max_size=6), st.sampled_from(["Violation", "Info"]))
def test_any_text_in_any_field_gives_parsable_junit_and_control_free_reports(texts, severity):
    message, value, label, focus, source, data = texts
    f = finding(severity=severity, message=message, value=value, functiegroep_label=label, functiegroep="urn:g",
                focus=focus, source_file=source, source_line=3, data_file=data, schaal=5)
    result = ValidationResult([f], [data])
    ET.fromstring(result.to_junit().encode("utf-8"))
    for text in (result.to_text(), result.to_github(), result.to_junit()):
        assert not CONTROL.search(text)
    body = result.to_text().splitlines()
    assert len(body) == 8  # summary, blank, group, schaal, finding, message, value, focus: no forged lines
