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
    assert f"{bad.resolve()}:1: error: not valid Turtle" in out and "Traceback" not in out + err
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
