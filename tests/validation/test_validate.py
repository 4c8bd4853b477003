"""The validator on the project's data, on mutations of the seed graph, and through the fgr CLI."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

import functiegebouw
from functiegebouw.cli import main
from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.validation.shacl import validate
from support import FIXTURES, ROOT

SEED_TTL = ROOT / "data" / "medewerker-communicatie.ttl"
SEED_TXT = ROOT / "data" / "sources" / "medewerker-communicatie.txt"
FGR = Namespace("https://w3id.org/functiegebouw/def#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
ID = "https://w3id.org/functiegebouw/id/"


# ---------------------------------------------------------------- the project's own data

def test_data_folder_conforms():
    """What `.ci/run` checks through `make test`: data/ validates without Violations."""
    result = validate([ROOT / "data"])
    assert result.violations == [], result.to_text()
    assert result.warnings == []
    seed = Graph().parse(SEED_TTL)
    placeholders = set(map(str, seed.subjects(RDF.type, FGR.Placeholder)))
    assert {f.focus for f in result.infos} == placeholders
    assert {f.shape_name for f in result.infos} == {"PlaceholderShape"}


def test_every_data_file_has_source_lines_in_the_report():
    result = validate([ROOT / "data"])
    for f in result.infos:
        assert f.source_file.endswith("data/sources/medewerker-communicatie.txt") or \
            f.source_file == "data/sources/medewerker-communicatie.txt"
        assert f.source_line and f.functiegroep_label == "Medewerker Communicatie" and f.schaal in (5, 6, 7, 8)


def test_api_is_exported_lazily():
    assert functiegebouw.validate is validate


# ---------------------------------------------------------------- mutations of the seed graph

@pytest.fixture(scope="module")
def seed() -> Graph:
    return Graph().parse(SEED_TTL)


def group(g):
    return next(g.subjects(RDF.type, FGR.JobGroup))


def sorted_objects(g, s, p):
    return sorted(g.objects(s, p))


def first_typering(g):
    return sorted_objects(g, group(g), FGR.typification)[0]


def first_qp(g):
    return sorted_objects(g, group(g), FGR.qualityProfile)[0]


def drop_node(g, node):
    g.remove((node, None, None))
    g.remove((None, None, node))


def m_results_of_area(g):
    area = URIRef(ID + "resultaatgebied/omgeving")
    for r in [r for r in g.objects(group(g), FGR.result) if (r, FGR.resultArea, area) in g]:
        drop_node(g, r)
    return "JobGroupResultAreaShape", group(g)


def m_indicators_of_area(g):
    area = URIRef(ID + "resultaatgebied/opdracht")
    for b in [b for b in g.objects(group(g), FGR.behaviouralIndicator) if (b, FGR.resultArea, area) in g]:
        drop_node(g, b)
    return "JobGroupIndicatorAreaShape", group(g)


def m_score(g):
    t = first_typering(g)
    drop_node(g, sorted_objects(g, t, FGR.score)[3])
    return "TypificationScoreCountShape", t


def m_score_value(g):
    s = sorted_objects(g, first_typering(g), FGR.score)[0]
    g.remove((s, FGR.scoreValue, None))
    return "FuwasysScoreValueShape", s


def m_score_characteristic(g):
    t = first_typering(g)
    g.remove((sorted_objects(g, t, FGR.score)[5], FGR.characteristic, None))
    return "TypificationCharacteristicShape", t


def m_stated_total(g):
    t = first_typering(g)
    g.remove((t, FGR.statedTotal, None))
    return "TypificationStatedTotalShape", t


def m_wrong_total(g):
    t = first_typering(g)
    total = g.value(t, FGR.statedTotal)
    g.set((t, FGR.statedTotal, Literal(int(total) + 1)))
    return "TypificationTotalSumShape", t


def m_code(g):
    t = first_typering(g)
    g.remove((t, FGR.fuwasysCode, None))
    return "TypificationCodeShape", t


def m_typering_scale(g):
    t = first_typering(g)
    g.remove((t, FGR.scale, None))
    return "TypificationScaleShape", t


def m_block(g):
    t = first_typering(g)
    block = URIRef(ID + "typeringsblok/contacten")
    for s in [s for s in g.objects(t, FGR.typificationStatement) if (s, FGR.block, block) in g]:
        drop_node(g, s)
    return "TypificationBlockShape", t


def m_statement_block(g):
    s = sorted_objects(g, first_typering(g), FGR.typificationStatement)[0]
    g.remove((s, FGR.block, None))
    return "TypificationStatementBlockShape", s


def m_quality_profile(g):
    qp = first_qp(g)
    scale = g.value(qp, FGR.scale)
    drop_node(g, qp)
    typering = next(t for t in g.objects(group(g), FGR.typification) if (t, FGR.scale, scale) in g)
    return "TypificationQualityProfileShape", typering


def m_typering(g):
    t = first_typering(g)
    scale = g.value(t, FGR.scale)
    drop_node(g, t)
    qp = next(q for q in g.objects(group(g), FGR.qualityProfile) if (q, FGR.scale, scale) in g)
    return "QualityProfileTypificationShape", qp


def m_text(g):
    s = sorted_objects(g, group(g), FGR.result)[0]
    g.remove((s, SCHEMA.text, None))
    return "StatementTextShape", s


def m_source_line(g):
    s = sorted_objects(g, first_qp(g), FGR.experience)[0]
    g.remove((s, FGR.sourceLine, None))
    return "StatementSourceLineShape", s


def m_label(g):
    g.remove((group(g), RDFS.label, None))
    return "JobGroupLabelShape", group(g)


def m_experience(g):
    qp = first_qp(g)
    g.remove((qp, FGR.experience, None))
    return "QualityProfileExperienceShape", qp


def m_level(g):
    qp = first_qp(g)
    g.remove((qp, FGR.requiresLevel, None))
    return "QualityProfileLevelShape", qp


def m_qp_competencies(g):
    qp = first_qp(g)
    g.remove((qp, FGR.requiresCompetency, None))
    return "QualityProfileCompetencyShape", qp


def m_qp_scale(g):
    qp = first_qp(g)
    g.remove((qp, FGR.scale, None))
    return "QualityProfileScaleShape", qp


def m_group_competencies(g):
    g.remove((group(g), FGR.requiresCompetency, None))
    return "JobGroupCompetencyShape", group(g)


def m_typification_links(g):
    g.remove((group(g), FGR.typification, None))
    return "JobGroupTypificationShape", group(g)


def m_result_area(g):
    s = sorted_objects(g, group(g), FGR.behaviouralIndicator)[0]
    g.remove((s, FGR.resultArea, None))
    return "StatementResultAreaShape", s


def m_competency_of_statement(g):
    s = sorted_objects(g, group(g), FGR.competencyStatement)[0]
    g.remove((s, FGR.refersToCompetency, None))
    return "CompetencyStatementConceptShape", s


def m_swap_totals(g):
    ts = sorted(g.objects(group(g), FGR.typification), key=lambda t: int(g.value(g.value(t, FGR.scale), FGR.scaleNumber)))
    low, high = ts[0], ts[-1]  # swap whole score sets and totals, so that every sum stays consistent
    lo_total, hi_total = g.value(low, FGR.statedTotal), g.value(high, FGR.statedTotal)
    lo_scores, hi_scores = list(g.objects(low, FGR.score)), list(g.objects(high, FGR.score))
    for s in lo_scores:
        g.remove((low, FGR.score, s)); g.add((high, FGR.score, s))
    for s in hi_scores:
        g.remove((high, FGR.score, s)); g.add((low, FGR.score, s))
    g.set((low, FGR.statedTotal, hi_total))
    g.set((high, FGR.statedTotal, lo_total))
    return "TypificationTotalOrderShape", high


MUTATIONS = [m_results_of_area, m_indicators_of_area, m_score, m_score_value, m_score_characteristic,
             m_stated_total, m_wrong_total, m_code, m_typering_scale, m_block, m_statement_block, m_quality_profile,
             m_typering, m_text, m_source_line, m_label, m_experience, m_level, m_qp_competencies, m_qp_scale,
             m_group_competencies, m_typification_links, m_result_area, m_competency_of_statement, m_swap_totals]


def write_profile(tmp_path: Path, graph: Graph, name="medewerker-communicatie") -> Path:
    (tmp_path / "sources").mkdir(exist_ok=True)
    shutil.copy(SEED_TXT, tmp_path / "sources" / f"{name}.txt")
    path = tmp_path / f"{name}.ttl"
    graph.serialize(path, format="turtle")
    return path


@pytest.mark.parametrize("mutate", MUTATIONS, ids=lambda m: m.__name__[2:])
def test_removing_a_required_part_of_the_seed_is_flagged(mutate, seed, tmp_path):
    g = Graph()
    g += seed
    shape, focus = mutate(g)
    result = validate([write_profile(tmp_path, g)])
    hits = [f for f in result.violations if f.shape_name == shape and f.focus == str(focus)]
    assert hits, f"{shape} did not fire on {focus}:\n{result.to_text()}"
    assert not result.conforms


def test_a_changed_competency_list_is_a_warning(seed, tmp_path):
    g = Graph()
    g += seed
    qp = first_qp(g)
    dropped = sorted_objects(g, qp, FGR.requiresCompetency)[0]
    g.remove((qp, FGR.requiresCompetency, dropped))
    result = validate([write_profile(tmp_path, g)])
    assert result.conforms and result.violations == []
    (w,) = result.warnings
    assert (w.shape_name, w.focus, w.value) == ("QualityProfileCompetencyMatchShape", str(qp), str(dropped))
    assert str(seed.value(dropped, SKOS.prefLabel)) in w.message


def test_findings_point_to_the_source_text_and_line(seed, tmp_path):
    g = Graph()
    g += seed
    statement = sorted_objects(g, group(g), FGR.result)[0]
    line = int(g.value(statement, FGR.sourceLine))
    score = sorted_objects(g, first_typering(g), FGR.score)[0]
    g.set((score, FGR.scoreValue, Literal(0)))
    g.remove((statement, SCHEMA.text, None))
    path = write_profile(tmp_path, g)
    result = validate([path])
    (text,) = [f for f in result.findings if f.shape_name == "StatementTextShape"]
    assert text.source_file.endswith("sources/medewerker-communicatie.txt")
    assert text.source_line == line
    assert text.data_file.endswith("medewerker-communicatie.ttl")
    assert text.functiegroep == str(group(g)) and text.functiegroep_label == "Medewerker Communicatie"
    (value,) = [f for f in result.findings if f.shape_name == "FuwasysScoreValueShape"]
    typering = first_typering(g)
    assert value.value == "0" and value.source_line == int(g.value(typering, FGR.sourceLine))
    assert value.schaal == int(g.value(g.value(typering, FGR.scale), FGR.scaleNumber))
    assert f"{text.source_file}:{line}" in result.to_text()


def test_the_real_malformed_code_is_reported(tmp_path):
    source = ROOT / "tests" / "fixtures" / "variants" / "code-malformed.txt"
    path = write_profile(tmp_path, convert(source, functiegroep_id=900, label="Testgroep").graph, "code-malformed")
    result = validate([path], lang="en")
    (f,) = [f for f in result.findings if f.shape_name == "TypificationTotalSumShape"]
    assert "Functietypering Testgroep schaal 9" in f.message
    assert "stated total is 32" in f.message and "13 scores" in f.message and "add up to 30" in f.message
    assert "322333222 22 22 (32)" in f.message
    (count,) = [f for f in result.findings if f.shape_name == "TypificationScoreCountShape"]
    assert count.value == "13" and count.focus == f.focus
    assert f.source_file.endswith("sources/code-malformed.txt") and f.source_line
    nl = validate([path], lang="nl")
    (g,) = [g for g in nl.findings if g.shape_name == "TypificationTotalSumShape"]
    assert "het opgegeven totaal is 32" in g.message and "tellen op tot 30" in g.message


# ---------------------------------------------------------------- input handling

def test_vocab_folders_are_skipped_and_files_without_a_functiegroep_are_fine(tmp_path):
    shutil.copy(SEED_TTL, tmp_path / "profile.ttl")
    (tmp_path / "links.ttl").write_text(
        "<https://w3id.org/functiegebouw/id/competentie/luisteren> "
        "<http://www.w3.org/2004/02/skos/core#closeMatch> <http://data.europa.eu/esco/skill/x> .\n")
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "esco.ttl").write_text("this is not turtle at all {")
    result = validate([tmp_path])
    assert result.conforms
    assert sorted(Path(p).name for p in result.files) == ["links.ttl", "profile.ttl"]
    only_links = validate([tmp_path / "links.ttl"])
    assert only_links.conforms and only_links.findings == []


def test_unusable_input_raises_fgr_error_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b x:c ;\n  x:d .\n")
    with pytest.raises(FgrError) as err:
        validate([bad])
    assert err.value.path == str(bad) and err.value.line == 3
    with pytest.raises(FgrError):
        validate([tmp_path / "missing.ttl"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(FgrError):
        validate([tmp_path / "empty"])
    with pytest.raises(FgrError):
        validate([SEED_TTL], inference="full")


# ---------------------------------------------------------------- the fgr validate command

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
        runs = []
        for _ in range(2):
            assert main(["validate", failing, "--format", fmt]) == 1
            runs.append(capsys.readouterr().out)
        assert runs[0] == runs[1]
        outputs[fmt] = runs[0]
    data = json.loads(outputs["json"])
    assert data["conforms"] is False and data["counts"]["Violation"] == 1
    (finding,) = data["findings"]
    assert finding["shape"].endswith("#TypificationTotalSumShape") and finding["value"] == "30"
    report = Graph().parse(data=outputs["turtle"], format="turtle")
    (node,) = report.subjects(RDF.type, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    results = list(report.objects(node, SH.result))
    assert len(results) == 1
    assert report.value(results[0], SH.sourceShape) == URIRef("https://w3id.org/functiegebouw/shapes#TypificationTotalSumShape")
    assert report.value(results[0], SH.resultSeverity) == SH.Violation
    out = tmp_path / "report.json"
    assert main(["validate", failing, "--format", "json", "-o", str(out)]) == 1
    assert json.loads(out.read_text()) == data


def test_cli_language(capsys):
    failing = str(FIXTURES / "shapes" / "JobGroupLabelShape.fail.ttl")
    main(["validate", failing, "--lang", "nl"])
    nl = capsys.readouterr().out
    main(["validate", failing, "--lang", "en"])
    en = capsys.readouterr().out
    assert "De functiegroep heeft geen naam" in nl and "FOUT" in nl
    assert "The functiegroep has no name" in en and "VIOLATION" in en


@pytest.mark.parametrize("inference", ["rdfs", "owlrl"])
def test_inference_agrees_on_the_seed(inference):
    """Why the default is "none": the shapes need no inference, and inference changes nothing on the seed."""
    assert validate([SEED_TTL], inference=inference).findings == validate([SEED_TTL]).findings


def test_github_workflow_and_pre_commit_hook_run_fgr_validate():
    workflow = (ROOT / ".github" / "workflows" / "validate.yml").read_text()
    assert "pip install ." in workflow and "fgr validate" in workflow
    hook = (ROOT / ".pre-commit-hooks.yaml").read_text()
    for line in ("- id: fgr-validate", "entry: fgr validate", "language: python", r"files: \.ttl$"):
        assert line in [l.strip() for l in hook.splitlines()]
