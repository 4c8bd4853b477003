"""The validator on the project's data, on mutations of the seed graph, and through the fgr CLI."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

import functiegebouw
from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.validation.shacl import validate
from support import FIXTURES, ROOT, SEED_TXT, seed_ttl

FGR = Namespace("https://w3id.org/functiegebouw/def#")
SCHEMA = Namespace("https://schema.org/")
ID = "https://w3id.org/functiegebouw/id/"


# ---------------------------------------------------------------- the project's own data

def test_data_folder_conforms():
    """What `.ci/run` checks through `make test`: data/ (whatever profiles it holds) has no Violations;
    the only Warnings allowed are functiegroepen still without an ISCO-08 link (recommended)."""
    result = validate([ROOT / "data"])
    assert result.violations == [], result.to_text()
    assert {f.shape_name for f in result.warnings} <= {"JobGroupIscoLinkShape"}
    profiles = [Graph().parse(p) for p in sorted((ROOT / "data").glob("*.ttl"))]
    placeholders = {str(s) for g in profiles for s in g.subjects(RDF.type, FGR.Placeholder)}
    assert {f.focus for f in result.infos} == placeholders
    assert {f.shape_name for f in result.infos} <= {"PlaceholderShape"}


def test_every_data_file_has_source_lines_in_the_report():
    result = validate([ROOT / "data"])
    for f in result.infos:
        name = Path(f.data_file).stem
        assert Path(f.source_file).as_posix().endswith(f"data/sources/{name}.txt"), (f.source_file, f.data_file)
        assert f.source_line and f.functiegroep_label and f.schaal


def test_the_five_fixture_profiles_conform_and_warn_about_missing_links(fgr_data):
    """Many profiles, one of them linked: no Violations, one ISCO-08 Warning per unlinked functiegroep."""
    result = validate([fgr_data])
    assert result.violations == [], result.to_text()
    assert result.passes
    # the invented 601-604 are not in the FGR catalogue either (a Warning per name like theirs); 527 is
    assert sorted({(f.shape_name, f.focus) for f in result.warnings}) == sorted(
        (shape, f"{ID}functiegroep/{g}") for g in (601, 602, 603, 604)
        for shape in ("JobGroupIscoLinkShape", "JobGroupInCatalogueShape"))
    assert {Path(f.data_file).stem for f in result.infos} == {p.stem for p in (fgr_data / "sources").glob("*.txt")}


def test_api_is_exported_lazily():
    assert functiegebouw.validate is validate


# ---------------------------------------------------------------- mutations of the seed graph

@pytest.fixture(scope="module")
def seed() -> Graph:
    return Graph().parse(seed_ttl())


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


def m_two_totals(g):
    # a second stated total: exactly one is allowed (TotalSumShape fires too, which is why no
    # single-shape fixture can show this)
    t = first_typering(g)
    g.add((t, FGR.statedTotal, Literal(int(g.value(t, FGR.statedTotal)) + 1)))
    return "TypificationStatedTotalShape", t


def m_total_below_sum(g):
    t = first_typering(g)
    total = g.value(t, FGR.statedTotal)
    g.set((t, FGR.statedTotal, Literal(int(total) - 1)))
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
        g.remove((low, FGR.score, s))
        g.add((high, FGR.score, s))
    for s in hi_scores:
        g.remove((high, FGR.score, s))
        g.add((low, FGR.score, s))
    g.set((low, FGR.statedTotal, hi_total))
    g.set((high, FGR.statedTotal, lo_total))
    return "TypificationTotalOrderShape", high


MUTATIONS = [m_results_of_area, m_indicators_of_area, m_score, m_score_value, m_score_characteristic,
             m_stated_total, m_two_totals, m_wrong_total, m_total_below_sum, m_code, m_typering_scale, m_block, m_statement_block, m_quality_profile,
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
    assert not result.passes


def typerings_by_schaal(g):
    return {int(g.value(g.value(t, FGR.scale), FGR.scaleNumber)): t for t in g.objects(group(g), FGR.typification)}


def test_equal_totals_in_two_schalen_conform(seed, tmp_path):
    """A higher schaal may have the same total as a lower one (TypificationTotalOrderShape compares with >)."""
    g = Graph()
    g += seed
    t = typerings_by_schaal(g)
    value = {g.value(s, FGR.characteristic): g.value(s, FGR.scoreValue) for s in g.objects(t[6], FGR.score)}
    for s in g.objects(t[7], FGR.score):  # schaal 7 gets the scores, code and total of schaal 6
        g.set((s, FGR.scoreValue, value[g.value(s, FGR.characteristic)]))
    for p in (FGR.statedTotal, FGR.fuwasysCode):
        g.set((t[7], p, g.value(t[6], p)))
    result = validate([write_profile(tmp_path, g)])
    assert result.violations == [], result.to_text()
    assert result.passes


def test_a_changed_competency_list_is_a_warning(seed, tmp_path):
    g = Graph()
    g += seed
    qp = first_qp(g)
    dropped = sorted_objects(g, qp, FGR.requiresCompetency)[0]
    g.remove((qp, FGR.requiresCompetency, dropped))
    result = validate([write_profile(tmp_path, g)])
    assert result.passes and result.violations == []
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
    # a score points at the line with its code, below the typering's heading
    heading, code = int(g.value(typering, FGR.sourceLine)), str(g.value(typering, FGR.fuwasysCode))
    lines = Path(text.source_file).read_text(encoding="utf-8").splitlines()
    assert value.value == "0" and value.source_line > heading and lines[value.source_line - 1].strip() == code
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
    shutil.copy(seed_ttl(), tmp_path / "profile.ttl")
    (tmp_path / "links.ttl").write_text(
        "<https://w3id.org/functiegebouw/id/competentie/luisteren> "
        "<http://www.w3.org/2004/02/skos/core#closeMatch> <http://data.europa.eu/esco/skill/x> .\n")
    (tmp_path / "vocab").mkdir()
    (tmp_path / "vocab" / "esco.ttl").write_text("this is not turtle at all {")
    result = validate([tmp_path])
    assert result.passes
    assert sorted(Path(p).name for p in result.files) == ["links.ttl", "profile.ttl"]
    only_links = validate([tmp_path / "links.ttl"])
    assert only_links.conforms and only_links.findings == []


def test_unusable_input_raises_fgr_error_with_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <http://x/> .\nx:a x:b x:c ;\n  x:d .\n")
    # a file that does not parse is reported with its line, and the other files are validated all the same
    result = validate([bad, FIXTURES / "shapes" / "TypificationTotalSumShape.fail.ttl"])
    assert [(e.file, e.line) for e in result.errors] == [(str(bad), 3)] and "not valid Turtle" in result.errors[0].message
    assert len(result.violations) == 2 and not result.passes
    assert validate([bad]).errors and not validate([bad]).findings
    with pytest.raises(FgrError):
        validate([tmp_path / "missing.ttl"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(FgrError):
        validate([tmp_path / "empty"])
    with pytest.raises(FgrError):
        validate([seed_ttl()], inference="full")


@pytest.mark.parametrize("inference", ["rdfs", "owlrl"])
def test_inference_agrees_on_the_seed(inference):
    """Why the default is "none": the shapes need no inference, and inference changes nothing on the seed."""
    assert validate([seed_ttl()], inference=inference).findings == validate([seed_ttl()]).findings


def test_a_folder_yields_the_fgr_texts_that_have_their_metadata(tmp_path):
    from functiegebouw.validation.shacl import input_files

    for name in ("a.txt", "a.toml", "README.txt", "b.ttl", "sources/c.txt", "sources/c.toml", "sub/d.txt", "sub/d.toml"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    texts = frozenset({".ttl", ".txt"})
    assert [p.relative_to(tmp_path).as_posix() for p in input_files([tmp_path], texts)] == ["a.txt", "b.ttl", "sub/d.txt"]
    assert [p.name for p in input_files([tmp_path])] == ["b.ttl"]  # without a converter: Turtle only
    assert [p.name for p in input_files([tmp_path / "README.txt"], texts)] == ["README.txt"]  # given: taken
