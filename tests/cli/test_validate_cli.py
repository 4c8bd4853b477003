"""fgr validate as a user runs it: exit codes, report formats, languages, and the CI integrations."""
from __future__ import annotations

import json

import pytest

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from functiegebouw.cli import main
from support import FIXTURES, ROOT, fgr_in_fresh_interpreters

SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read the English messages; Dutch, the default, has tests of its own below."""
    monkeypatch.setenv("FGR_LANG", "en")


def test_cli_exit_codes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["validate"]) == 0
    assert "0 violation(s)" in capsys.readouterr().out
    failing = FIXTURES / "shapes" / "TypificationTotalSumShape.fail.ttl"
    assert main(["validate", str(failing)]) == 1
    assert "TypificationTotalSumShape" in capsys.readouterr().out
    warning_only = FIXTURES / "shapes" / "QualityProfileCompetencyMatchShape.fail.ttl"
    assert main(["validate", str(warning_only)]) == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    assert main(["validate", str(bad)]) == 2
    out, err = capsys.readouterr()
    assert err == f"fgr validate: error: {bad.resolve()}:1: not valid Turtle: {err.split('Turtle: ', 1)[1]}"
    assert err.count("\n") == 1 and ", 1 file(s) could not be read — does not conform" in out
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 2
    assert "missing.ttl: no such file or folder" in capsys.readouterr().err


def test_cli_formats_are_deterministic_and_standard(tmp_path, capsys):
    failing = str(FIXTURES / "shapes" / "TypificationTotalSumShape.fail.ttl")
    outputs = {}
    for fmt in ("text", "json", "turtle"):
        assert main(["validate", failing, "--format", fmt]) == 1
        outputs[fmt] = capsys.readouterr().out
        # the same bytes from two fresh interpreters with different hash seeds
        first, second = fgr_in_fresh_interpreters("validate", failing, "--format", fmt)
        assert first == second == outputs[fmt].encode()
    data = json.loads(outputs["json"])
    assert data["conforms"] is False and data["counts"]["Violation"] == 2
    assert [(f["shape"].rsplit("#", 1)[1], f["value"], f["schaal"]) for f in data["findings"]] == [
        ("TypificationTotalSumShape", "30", 5), ("TypificationTotalSumShape", "31", 6)]
    report = Graph().parse(data=outputs["turtle"], format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    results = list(report.objects(node, SH.result))
    assert len(results) == 2
    for result in results:
        assert report.value(result, SH.sourceShape) == URIRef("https://w3id.org/functiegebouw/shapes#TypificationTotalSumShape")
        assert report.value(result, SH.resultSeverity) == SH.Violation
    assert sorted(str(report.value(r, SH.value)) for r in results) == ["30", "31"]
    out = tmp_path / "report.json"
    assert main(["validate", failing, "--format", "json", "-o", str(out)]) == 1
    assert json.loads(out.read_text()) == data


def test_cli_language(capsys):
    failing = str(FIXTURES / "shapes" / "JobGroupLabelShape.fail.ttl")
    assert main(["validate", failing, "--lang", "nl"]) == 1
    nl = capsys.readouterr().out
    assert main(["validate", failing, "--lang", "en"]) == 1
    en = capsys.readouterr().out
    assert "De functiegroep heeft geen naam" in nl and "FOUT" in nl
    assert "The functiegroep has no name" in en and "VIOLATION" in en


def test_github_workflow_and_pre_commit_hook_run_fgr_validate():
    workflow = (ROOT / ".github" / "workflows" / "validate.yml").read_text()
    assert "pip install ." in workflow and "fgr validate" in workflow
    import yaml

    # the Action itself runs on this repository's FGR texts, as another repository would use it
    steps = yaml.safe_load(workflow)["jobs"]["action"]["steps"]
    assert {"uses": "./", "with": {"paths": "data/sources", "severity": "warning"}} in steps
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text()
    for line in ("- id: fgr-validate", "entry: fgr validate", "language: python", r"files: \.ttl$"):
        assert line in [l.strip() for l in hook.splitlines()]


# ---------------------------------------------------------------- CI formats, on real reports

import re  # noqa: E402
import shutil  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

from functiegebouw.convert import convert  # noqa: E402
from functiegebouw.rdf.graph import serialize  # noqa: E402
from functiegebouw.validation.locate import CODE_SHAPES  # noqa: E402
from functiegebouw.validation.shacl import validate  # noqa: E402

GITHUB = re.compile(r"::(error|warning|notice) (file=[^,:]+(?:,line=\d+)?,title=[^:]+)::(.+)")


@pytest.fixture
def malformed(tmp_path, monkeypatch):
    """The real malformed FUWASYS code of an FGR page, converted beside its source: 3 Violations (13
    scores, so kenmerk 14 has none and the sum falls short of the stated total)."""
    (tmp_path / "sources").mkdir()
    source = tmp_path / "sources" / "code-malformed.txt"
    shutil.copy(FIXTURES / "variants" / "code-malformed.txt", source)
    (tmp_path / "code-malformed.ttl").write_bytes(serialize(convert(source, functiegroep_id=900, label="Testgroep").graph))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_github_format_points_at_the_source_lines(malformed, capsys):
    assert main(["validate", ".", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    result = validate(["."])
    commands = [GITHUB.fullmatch(line) for line in lines[:-1]]
    assert all(commands), lines
    assert [m.group(1) for m in commands] == [{"Violation": "error", "Warning": "warning", "Info": "notice"}[f.severity]
                                             for f in result.findings]
    assert sum(m.group(1) == "error" for m in commands) == len(result.violations) == 3
    source = (malformed / "sources" / "code-malformed.txt").read_text(encoding="utf-8").splitlines()
    for m, f in zip(commands, result.findings, strict=True):
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        assert props["file"] == "sources/code-malformed.txt" and int(props["line"]) == f.source_line
        assert source[f.source_line - 1].strip()  # a real line of the text, not a blank one
        assert props["title"].startswith(f.shape_name) and m.group(3) == f.message
    # the findings on the code point at the code's own line, not at the typering's heading two lines up
    code = [m for m, f in zip(commands, result.findings, strict=True) if f.shape_name in CODE_SHAPES]
    assert len(code) == 3
    for m in code:
        line = int(dict(p.split("=", 1) for p in m.group(2).split(","))["line"])
        assert source[line - 1] == "322333222 22 22 (32)" and source[line - 3] == "Functietypering"
    assert lines[-1] == "fgr validate: 1 file(s), 3 violation(s), 1 warning(s), 4 info — does not conform"


def test_github_format_without_provenance_points_at_the_turtle_file_and_escapes(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    bad = FIXTURES / "shapes" / "JobGroupLabelShape.fail.ttl"  # no source document on disk: no line
    assert main(["validate", str(bad), "--format", "github"]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith("::error file=tests/fixtures/shapes/JobGroupLabelShape.fail.ttl,title=JobGroupLabelShape::")
    from functiegebouw.validation.report import _gh_data, _gh_property

    assert _gh_data("50% a\nb\r") == "50%25 a%0Ab%0D" and _gh_property("a:b,c") == "a%3Ab%2Cc"


def test_junit_format_is_valid_xml_with_a_failure_per_violation(malformed, fgr_data, capsys):
    assert main(["validate", ".", "--format", "junit"]) == 1
    root = ET.fromstring(capsys.readouterr().out)
    assert root.tag == "testsuites" and root.get("failures") == "3"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    # 3 Violations + 1 Warning (the invented group is not in the catalogue) + 4 Info (P.M.)
    assert len(cases) == int(suite.get("tests")) == 8
    failures = [c for c in cases if c.find("failure") is not None]
    assert len(failures) == 3 and {c.get("file") for c in failures} == {"sources/code-malformed.txt"}
    assert all(c.get("line") for c in failures)
    # many profiles, Warnings only: every suite passes, the Warnings show in system-out
    assert main(["validate", str(fgr_data), "--format", "junit", "-o", "report.xml"]) == 0
    root = ET.parse("report.xml").getroot()
    assert root.get("failures") == "0" and len(root.findall("testsuite")) == 5 + len(list((fgr_data / "mappings").glob("*.ttl")))
    # (a suite per file: the five profiles and the mapping files)
    outs = [c.find("system-out").text for c in root.iter("testcase") if c.get("classname") == "JobGroupIscoLinkShape"]
    assert len(outs) == 4 and all("fgr link suggest" in t for t in outs)


# ---------------------------------------------------------------- issue 25: validation people can read

def test_the_messages_are_dutch_by_default_and_english_with_fgr_lang_or_fgr_lang_env(monkeypatch, capsys):
    failing = str(FIXTURES / "shapes" / "JobGroupLabelShape.fail.ttl")
    monkeypatch.delenv("FGR_LANG")
    assert main(["validate", failing]) == 1
    out = capsys.readouterr().out
    assert "De functiegroep heeft geen naam" in out and out.startswith("1 bestand(en) gecontroleerd: 1 fout(en)")
    assert main(["--lang", "en", "validate", failing]) == 1
    assert "The functiegroep has no name" in capsys.readouterr().out
    monkeypatch.setenv("FGR_LANG", "en")
    assert main(["validate", failing]) == 1
    assert "The functiegroep has no name" in capsys.readouterr().out
    assert main(["validate", failing, "--lang", "nl"]) == 1  # its own --lang wins
    assert "De functiegroep heeft geen naam" in capsys.readouterr().out


def test_severity_shows_the_serious_findings_after_a_summary_of_all(malformed, capsys):
    assert main(["validate", ".", "--severity", "violation"]) == 1
    text = capsys.readouterr().out
    lines = text.splitlines()
    assert lines[0] == ("1 file(s) checked: 3 violation(s), 1 warning(s), 4 info — does not conform "
                        "(shown: violations only)")
    assert sum(line.lstrip().startswith("VIOLATION") for line in lines) == 3
    assert "WARNING" not in text and "INFO" not in text and "P.M." not in text
    assert main(["validate", ".", "--severity", "warning", "--format", "github"]) == 1
    kinds = [line.split(" ", 1)[0] for line in capsys.readouterr().out.splitlines()[:-1]]
    assert kinds == ["::warning", "::error", "::error", "::error"]
    assert main(["validate", ".", "--severity", "violation", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"] == {"Violation": 3, "Warning": 1, "Info": 4} and len(data["findings"]) == 3
    # the default shows everything, most serious first within a schaal
    assert main(["validate", "."]) == 1
    shown = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("    ")
             and not line.startswith("      ")]
    assert shown.count("INFO") == 4 and shown.count("VIOLATION") == 3 and shown.count("WARNING") == 1


def test_a_file_that_does_not_parse_is_reported_in_every_format_and_the_others_are_validated(malformed, capsys):
    (malformed / "kapot.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b x:c ;\n  x:d .\n", encoding="utf-8")
    assert main(["validate", ".", "--severity", "violation"]) == 2
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("2 file(s) checked: 3 violation(s), 1 warning(s), 4 info, 1 file(s) could not be read")
    assert err.startswith("fgr validate: error: kapot.ttl:3: not valid Turtle") and err.count("\n") == 1
    assert sum("TypificationTotalSumShape" in line for line in lines) == 1  # the other file still validated
    assert main(["validate", ".", "--format", "github"]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("::error file=kapot.ttl,line=3,title=fgr validate%3A cannot be read::not valid Turtle")
    assert sum(line.startswith("::error ") for line in out) == 4
    assert main(["validate", ".", "--format", "junit"]) == 2
    root = ET.fromstring(capsys.readouterr().out)
    assert root.get("failures") == "4"
    (broken,) = [s for s in root.findall("testsuite") if s.get("name") == "kapot.ttl"]
    (case,) = broken.findall("testcase")
    assert broken.get("failures") == "1" and case.get("line") == "3" and case.find("failure") is not None
    assert main(["validate", ".", "--format", "json"]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["errors"][0]["file"] == "kapot.ttl" and data["errors"][0]["line"] == 3 and data["passes"] is False


def test_an_fgr_text_is_converted_and_validated_at_its_own_lines(malformed, capsys):
    source = "sources/code-malformed.txt"
    (malformed / "code-malformed.ttl").unlink()
    assert main(["validate", source, "--severity", "violation", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    lines = (malformed / source).read_text(encoding="utf-8").splitlines()
    found = [GITHUB.fullmatch(line) for line in out[:-1]]
    assert len(found) == 4 and all(found)  # the 3 of the Turtle, and the text has no name: no .toml
    for m in found:
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        assert props["file"] == source and lines[int(props["line"]) - 1].strip()
    # a text that is not an FGR profile is a file that cannot be read, at its line
    (malformed / "notes.txt").write_text("Hello\n", encoding="utf-8")
    assert main(["validate", "notes.txt", source]) == 2
    err = capsys.readouterr().err
    assert "fgr validate: error: notes.txt" in err and "Traceback" not in err
