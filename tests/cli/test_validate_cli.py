"""fgr validate as a user runs it: exit codes, report formats, languages, and the CI integrations."""
from __future__ import annotations

import json

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from functiegebouw.cli import main
from support import FIXTURES, ROOT, fgr_in_fresh_interpreters

SH = Namespace("http://www.w3.org/ns/shacl#")


def test_cli_exit_codes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["validate"]) == 0
    assert "conforms" in capsys.readouterr().out
    failing = FIXTURES / "shapes" / "TypificationTotalSumShape.fail.ttl"
    assert main(["validate", str(failing)]) == 1
    assert "TypificationTotalSumShape" in capsys.readouterr().out
    warning_only = FIXTURES / "shapes" / "QualityProfileCompetencyMatchShape.fail.ttl"
    assert main(["validate", str(warning_only)]) == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:1" in err and "Traceback" not in err


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
