"""Every FGR page as it really comes (issue 12): the page forms, the layout variants of the other
functiegroepen, variants within one schaal, and several texts of one functiegroep merged by fgr build.

Every fixture in tests/fixtures/variants/ and tests/fixtures/pages/ (written by make_fixtures.py)
converts, renders back line for line, validates apart from the findings it is meant to raise, and
gives byte-identical Turtle in two processes.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from functiegebouw.convert import build, convert, write_graph
from functiegebouw.errors import FgrError
from functiegebouw.rdf.load import load_graph
from functiegebouw.rdf.files import LOCK
from functiegebouw.render import normalise, render
from functiegebouw.source.model import Meta
from functiegebouw.source.text import decode
from functiegebouw.validation import validate
from support import FIXTURES, SPARQL_PREFIXES

FGR = "https://w3id.org/functiegebouw/def#"
ID = "https://w3id.org/functiegebouw/id/"
VARIANTS = sorted((FIXTURES / "variants").glob("*.txt"))
PAGES = sorted((FIXTURES / "pages").glob("*.txt"))
ALL = VARIANTS + PAGES
# Each variant fixture gets its own functiegroep, so that findings on equal IRIs of two files stay apart.
IDS = {path: 800 + n for n, path in enumerate(ALL)}
PREFIX = SPARQL_PREFIXES

# The findings a fixture is meant to raise (besides P.M. Info): shape, severity, line.
EXPECTED = {
    # at the code's own line (102), not the typering's heading (100)
    "code-malformed": {("TypificationScoreCountShape", "Violation", 102),
                       ("TypificationTotalSumShape", "Violation", 102),
                       ("TypificationCharacteristicShape", "Violation", 102)},
    # 522's "22122 12112  221 (23)": 13 digits adding up to 21, kept as written and judged
    "code-malformed-13-digits": {("TypificationScoreCountShape", "Violation", 133),
                                 ("TypificationTotalSumShape", "Violation", 133),
                                 ("TypificationCharacteristicShape", "Violation", 133)},
    # no salary figures are known for schaal 13 (its typering and its kwaliteitenprofiel)
    "five-schalen": {("ScaleSalaryKnownShape", "Info", 146), ("ScaleSalaryKnownShape", "Info", 299)},
    "scores-above-3": {("ScaleSalaryKnownShape", "Info", 121), ("ScaleSalaryKnownShape", "Info", 243)},
}


def meta_for(path: Path) -> Meta | None:
    """Page fixtures have their own metadata file; variants get a test functiegroep."""
    return None if path.parent.name == "pages" else Meta(functiegroep_id=IDS[path], label="Testfunctie")


def conversion(path: Path):
    meta = meta_for(path)
    return convert(path) if meta is None else convert(path, meta=meta)


def rows(graph: Graph, query: str) -> list[tuple]:
    return [tuple(v.toPython() if v is not None else None for v in row) for row in graph.query(PREFIX + query)]


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> dict[str, object]:
    return {path.stem: conversion(path) for path in ALL}


@pytest.fixture(scope="module")
def findings(tmp_path_factory, converted) -> dict[str, set]:
    """All fixtures validated in one run (each file on its own, shapes compiled once)."""
    folder = tmp_path_factory.mktemp("pages")
    (folder / "sources").mkdir()
    for path in ALL:
        write_graph(converted[path.stem].triples, folder / f"{path.stem}.ttl")
        shutil.copy(path, folder / "sources" / path.name)
    result = validate([folder])
    out: dict[str, set] = {path.stem: set() for path in ALL}
    for f in result.findings:
        # the fixtures' functiegroepen are invented (800 + n, "Testfunctie"): the catalogue's Warning for a
        # name it lacks is expected of every one of them, and checked once in test_every_invented_group_...
        if f.shape_name not in ("PlaceholderShape", "JobGroupInCatalogueShape"):
            out[Path(f.data_file).stem].add((f.shape_name, f.severity, f.source_line))
    out["_catalogue"] = {Path(f.data_file).stem for f in result.findings if f.shape_name == "JobGroupInCatalogueShape"}
    return out


# ---------------------------------------------------------------- every fixture

@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_renders_back_line_for_line(path, converted):
    graph = converted[path.stem].graph
    assert normalise(render(graph).split("\n")) == normalise(decode(path.read_bytes(), path))


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_validates_but_for_its_intended_findings(path, findings):
    assert findings[path.stem] == EXPECTED.get(path.stem, set())


def test_every_invented_group_is_named_as_not_in_the_catalogue(findings):
    """The fixtures' functiegroepen are made up: the catalogue shape warns about each whole profile (a compare
    page alone names its group in its title only, and the catalogue shape reads the group's label)."""
    whole = {path.stem for path in ALL if path.parent.name == "variants"}
    assert whole <= findings["_catalogue"] <= {path.stem for path in ALL}


def test_every_fixture_gives_the_same_turtle_in_two_processes(tmp_path):
    """Byte-identical Turtle in two interpreters with different hash seeds (set orders differ)."""
    script = ("import sys, hashlib; from pathlib import Path; from functiegebouw.convert import convert\n"
              "from functiegebouw.source.model import Meta\n"
              "for n, p in enumerate(sys.argv[1:]):\n"
              "    p = Path(p); c = convert(p) if p.parent.name == 'pages' else "
              "convert(p, meta=Meta(functiegroep_id=800 + n, label='Testfunctie'))\n"
              "    print(p.name, hashlib.sha256(c.serialize('turtle')).hexdigest())\n")
    outs = [subprocess.run([sys.executable, "-c", script, *map(str, ALL)], check=True, capture_output=True,
                           text=True, env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout
            for seed in ("1", "2")]
    assert outs[0] == outs[1] and len(outs[0].splitlines()) == len(ALL)


# ---------------------------------------------------------------- page forms

def test_kernprofiel_page(converted):
    conv = converted["kernprofiel"]
    assert conv.profile.form == "kernprofiel"
    assert conv.profile.typifications == [] and conv.profile.quality_profiles == []
    assert rows(conv.graph, "SELECT ?f WHERE { ?d a fgr:SourceDocument ; fgr:pageForm ?f }") == [
        (ID + "paginavorm/kernprofiel",)]
    assert render(conv.graph).split("\n")[0] == "Resultaten" and "Kwaliteitenprofielen" not in render(conv.graph)


def test_typering_compare_page_names_its_functiegroep_and_schalen(converted):
    conv = converted["vergelijk-functietyperingen-5-6"]
    assert conv.profile.form == "vergelijk-functietyperingen"
    assert conv.profile.meta.label == "Medewerker Proefwerk"  # from the title line: the TOML has no label
    assert [t.scale for t in conv.profile.typifications] == [5, 6]
    text = render(conv.graph).split("\n")
    assert text[:3] == ["Vergelijk functietyperingen tussen schaal 5 en schaal 6 voor de functiegroep Medewerker "
                        "Proefwerk", "", "schaal 5 schaal 6"]


def test_typeringen_without_schaal_lines_take_the_header(converted):
    conv = converted["vergelijk-functietyperingen-6-7"]
    got = rows(conv.graph, """SELECT ?n ?how WHERE { ?t a fgr:Typification ; fgr:scale/fgr:scaleNumber ?n ;
                               fgr:scaleAssignment ?how } ORDER BY ?n""")
    assert got == [(6, FGR + "assignedByPageHeader"), (7, FGR + "assignedByPageHeader")]
    assert "Schaal 6" not in render(conv.graph)  # written back as the page had it


def test_kwaliteitenprofiel_compare_page_records_the_schaal_as_stated(converted):
    conv = converted["vergelijk-kwaliteitenprofielen-5-6"]
    got = rows(conv.graph, """SELECT ?n ?how ?e WHERE { ?q a fgr:QualityProfile ; fgr:scale/fgr:scaleNumber ?n ;
                               fgr:scaleAssignment ?how ; fgr:experience/schema:text ?e } ORDER BY ?n""")
    assert got == [(5, FGR + "assignedByPageHeader", "Enige relevante ervaring"),
                   (6, FGR + "assignedByPageHeader", "Ruime relevante ervaring")]


def copy_page(tmp_path: Path, name: str, text: str | None = None, toml: str | None = None) -> Path:
    src = FIXTURES / "pages" / f"{name}.txt"
    out = tmp_path / src.name
    out.write_text(text if text is not None else src.read_text(encoding="utf-8"), encoding="utf-8")
    out.with_suffix(".toml").write_text(toml if toml is not None else src.with_suffix(".toml").read_text(
        encoding="utf-8"), encoding="utf-8")
    return out


def test_title_and_metadata_that_disagree_are_an_error_naming_both(tmp_path):
    page = copy_page(tmp_path, "vergelijk-functietyperingen-5-6",
                     toml='functiegroep_id = 900\n# the name\nlabel = "Medewerker Anders"\n')
    with pytest.raises(FgrError) as info:
        convert(page)
    assert (info.value.path, info.value.line) == (str(page), 1)
    assert "'Medewerker Proefwerk'" in info.value.message and "'Medewerker Anders'" in info.value.message
    assert f"{page.with_suffix('.toml')}:3" in info.value.message
    with pytest.raises(FgrError, match="--label says 'Iets'"):
        convert(page, label="Iets")
    assert convert(page, label="medewerker proefwerk").profile.meta.label == "medewerker proefwerk"  # case only


@pytest.mark.parametrize("change, words", [
    (("schaal 5 schaal 6", "schaal 5 schaal 7"), "header line names schaal 5 and 7, but the title line (line 1)"),
    (("Schaal 6", "Schaal 8"), "says schaal 8, but the title line (line 1) puts schaal 6 here"),
    (("schaal 5 en schaal 6", "schaal 5, schaal 6 en schaal 7"), "header line names schaal 5 and 6, but the title"),
    (("schaal 5 schaal 6", ""), None),
])
def test_compare_page_inconsistencies_name_the_lines(tmp_path, change, words):
    text = (FIXTURES / "pages" / "vergelijk-functietyperingen-5-6.txt").read_text(encoding="utf-8")
    if words is None:  # the header line is optional; a title naming three schalen then misses one typering
        text, words = text.replace(*change).replace("schaal 5 en schaal 6", "schaal 5, schaal 6 en schaal 7"), \
            "names schaal 5, 6 and 7, but only 2 functietypering(en) follow"
    else:
        text = text.replace(*change)
    page = copy_page(tmp_path, "vergelijk-functietyperingen-5-6", text)
    with pytest.raises(FgrError) as info:
        convert(page)
    assert words in info.value.message and info.value.line is not None


def test_kwaliteitenprofiel_compare_page_needs_one_profile_per_schaal(tmp_path):
    text = (FIXTURES / "pages" / "vergelijk-kwaliteitenprofielen-5-6.txt").read_text(encoding="utf-8")
    text = text.replace("schaal 5 en schaal 6", "schaal 5, schaal 6 en schaal 7").replace("schaal 5 schaal 6", "")
    with pytest.raises(FgrError, match="2 kwaliteitenprofielen, but the title line \\(line 1\\) names 3 schalen"):
        convert(copy_page(tmp_path, "vergelijk-kwaliteitenprofielen-5-6", text))


def test_convert_warns_when_nothing_names_the_functiegroep(tmp_path):
    src = tmp_path / "naamloos.txt"
    src.write_bytes((FIXTURES / "variants" / "base.txt").read_bytes())
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(src), "-o", str(tmp_path / "x.ttl")],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    warning = proc.stderr.strip().splitlines()
    assert len(warning) == 1 and warning[0].startswith("fgr convert: warning: ")
    assert "naamloos.toml" in warning[0] and "--label" in warning[0]
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(src), "--label", "X"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""
    # a compare page names its functiegroep in its title: no warning
    assert convert(FIXTURES / "pages" / "vergelijk-functietyperingen-5-6.txt").warnings == []


# ---------------------------------------------------------------- several texts of one functiegroep

def data_dir(tmp_path: Path, *names: str) -> Path:
    (tmp_path / "sources").mkdir(exist_ok=True)
    for name in names:
        copy_page(tmp_path / "sources", name)
    return tmp_path


def test_three_pages_build_into_one_conforming_functiegroep(tmp_path):
    folder = data_dir(tmp_path, "kernprofiel", "vergelijk-functietyperingen-5-6", "vergelijk-kwaliteitenprofielen-5-6")
    summaries = build(folder)
    assert [s.output.name for s in summaries] == ["functiegroep-900.ttl"]
    assert sorted(p.name for p in folder.glob("*.ttl")) == ["functiegroep-900.ttl"]
    graph = load_graph([folder / "functiegroep-900.ttl"])
    assert len(set(graph.subjects(RDF.type, URIRef(FGR + "JobGroup")))) == 1
    # each statement's provenance names its own file and line
    got = rows(graph, """SELECT DISTINCT ?file WHERE { ?s schema:text ?t ; prov:wasDerivedFrom/dct:identifier ?file }
                         ORDER BY ?file""")
    assert got == [("kernprofiel.txt",), ("vergelijk-functietyperingen-5-6.txt",),
                   ("vergelijk-kwaliteitenprofielen-5-6.txt",)]
    for file, line, text in rows(graph, """SELECT ?file ?line ?text WHERE { ?s schema:text ?text ; fgr:sourceLine ?line ;
                                            prov:wasDerivedFrom/dct:identifier ?file }"""):
        source = (folder / "sources" / file).read_text(encoding="utf-8").split("\n")
        assert text in " ".join(source[line - 1].split()), (file, line, text)
    result = validate([folder])
    # the group (900) is invented, so the catalogue warns that it lacks it; nothing else is found
    assert result.passes and [f.shape_name for f in result.findings if f.shape_name != "PlaceholderShape"] == [
        "JobGroupInCatalogueShape"]
    text = render(graph)  # merged: written as the whole functiegroep page
    assert "Kwaliteitenprofielen" in text and "Functietyperingen" in text and text.startswith("Resultaten")


def test_a_part_given_twice_identically_is_one_part_with_both_sources(tmp_path):
    folder = data_dir(tmp_path, "kernprofiel", "vergelijk-functietyperingen-5-6", "vergelijk-functietyperingen-6-7",
                      "vergelijk-kwaliteitenprofielen-5-6")
    (summary,) = build(folder)
    assert [t.scale for t in summary.profile.typifications] == [5, 6, 7]
    graph = load_graph([summary.output])
    schaal_6 = URIRef(ID + "functiegroep/900/functietypering/schaal-6")
    assert rows(graph, f"""SELECT ?file ?line WHERE {{ <{schaal_6}> prov:qualifiedDerivation ?d .
                            ?d prov:entity/dct:identifier ?file ; fgr:sourceLine ?line }} ORDER BY ?file""") == [
        ("vergelijk-functietyperingen-5-6.txt", 38), ("vergelijk-functietyperingen-6-7.txt", 5)]
    assert len(set(graph.objects(schaal_6, URIRef(FGR + "fuwasysCode")))) == 1


def test_a_part_given_twice_differently_is_an_error_naming_both_places(tmp_path):
    folder = data_dir(tmp_path, "kernprofiel", "vergelijk-functietyperingen-5-6")
    text = (FIXTURES / "pages" / "vergelijk-functietyperingen-6-7.txt").read_text(encoding="utf-8")
    changed = text.replace("afstemmen met collega's over schaal 6", "afstemmen met de leiding over schaal 6")
    page = copy_page(folder / "sources", "vergelijk-functietyperingen-6-7", changed)
    line = changed.split("\n").index(" \u2022 afstemmen met de leiding over schaal 6") + 1
    before = sorted(folder.iterdir())
    with pytest.raises(FgrError) as info:
        build(folder)
    assert (info.value.path, info.value.line) == (str(page), line)
    assert "functietypering for schaal 6 is given twice, differently" in info.value.message
    assert "vergelijk-functietyperingen-5-6.txt:" in info.value.message
    # nothing written (but the empty lock every build of a folder takes)
    assert [p for p in sorted(folder.iterdir()) if p.name != LOCK] == before


def test_texts_without_an_id_merge_by_name(tmp_path):
    (tmp_path / "sources").mkdir()
    copy_page(tmp_path / "sources", "kernprofiel", toml='label = "Medewerker Proefwerk"\n')
    copy_page(tmp_path / "sources", "vergelijk-functietyperingen-5-6", toml="")
    (summary,) = build(tmp_path)
    assert summary.output.name == "functiegroep-medewerker-proefwerk.ttl"
    assert summary.profile.warnings == []  # the kernprofiel's name reaches the merged functiegroep


def test_texts_of_one_id_with_different_names_are_an_error(tmp_path):
    (tmp_path / "sources").mkdir()
    copy_page(tmp_path / "sources", "kernprofiel", toml='functiegroep_id = 900\nlabel = "Medewerker Elders"\n')
    copy_page(tmp_path / "sources", "vergelijk-functietyperingen-5-6")
    with pytest.raises(FgrError, match="'Medewerker Proefwerk' here but 'Medewerker Elders'"):
        build(tmp_path)


# ---------------------------------------------------------------- layout variants

def test_variants_within_one_schaal(converted):
    graph = converted["variant-codes"].graph
    got = rows(graph, """SELECT ?n ?v ?code ?total (COUNT(DISTINCT ?s) AS ?scores) WHERE {
                           ?t a fgr:Typification ; fgr:scale/fgr:scaleNumber ?n ; fgr:fuwasysCode ?code ;
                              fgr:statedTotal ?total ; fgr:score ?s OPTIONAL { ?t fgr:variantNumber ?v } }
                         GROUP BY ?n ?v ?code ?total ORDER BY ?n ?v""")
    assert got == [(4, None, "22222 12212 22 22 (26)", 26, 14),
                   (5, 1, "Variant 1. 22222 22222 22 22 (28)", 28, 14),
                   (5, 2, "Variant 2. 32222 23222 22 22 (30)", 30, 14),
                   (6, None, "32232 33222 22 22 (32)", 32, 14)]
    only = rows(graph, """SELECT ?text (COUNT(?t) AS ?in) (MAX(?v) AS ?variant) WHERE {
                            ?t fgr:variantNumber ?v ; fgr:typificationStatement/schema:text ?text }
                          GROUP BY ?text HAVING (COUNT(?t) = 1) ORDER BY ?text""")
    assert only == [("begeleidt bewoners bij dagelijkse activiteiten (variant 2)", 1, 2),
                    ("bewoners begeleid naar activiteiten (variant 2)", 1, 2),
                    ("gesprekken voeren met bewoners (variant 2)", 1, 2)]
    lead = rows(graph, """SELECT (COUNT(?t) AS ?n) WHERE { ?t fgr:typificationStatement ?s .
                            ?s schema:text ?x FILTER(STRSTARTS(?x, "Binnen deze schaal")) }""")
    assert lead == [(2,)]  # the lead sentence naming the variants belongs to both


def test_varianten_block_sub_headings_belong_to_their_variant(converted):
    graph = converted["varianten-block"].graph
    got = rows(graph, """SELECT ?text ?sub (GROUP_CONCAT(STR(?v)) AS ?variants) WHERE {
                           ?t fgr:variantNumber ?v ; fgr:typificationStatement ?s .
                           ?s fgr:block <https://w3id.org/functiegebouw/id/typeringsblok/varianten> ; schema:text ?text ;
                              fgr:subheading ?sub } GROUP BY ?text ?sub ORDER BY ?text""")
    assert got == [("begeleidt bezoekers", "Variant 2: Beveiliger met begeleidende taken", "2"),
                   ("bewaakt toegangen en gebouwen", "Variant 1: Beveiliger", "1"),
                   ("voert gesprekken bij spanningen", "Variant 2: Beveiliger met begeleidende taken", "2")]


def test_a_line_naming_an_unknown_variant_is_an_error(tmp_path):
    text = (FIXTURES / "variants" / "variant-codes.txt").read_text(encoding="utf-8").replace(
        "(variant 2)", "(variant 3)", 1)
    src = tmp_path / "v.txt"
    src.write_text(text, encoding="utf-8")
    with pytest.raises(FgrError, match="names variant 3, but the functietypering for schaal 5 .* has variant 1 and 2"):
        convert(src, label="X")


def test_unbulleted_lines_are_kept_as_what_they_are(converted):
    got = rows(converted["plain-lines"].graph, """SELECT ?text ?kind ?sub WHERE { ?s schema:text ?text ;
        fgr:bulleted false ; fgr:lineKind ?kind OPTIONAL { ?s fgr:subheading ?sub } } ORDER BY ?text""")
    kinds = {text: (kind.rsplit("/", 1)[-1], sub) for text, kind, sub in got}
    assert kinds == {
        "Bij de omgeving gaat het om:": ("inleidende-regel", None),
        "De medewerker ondersteunt het team d.m.v.": ("inleidende-regel", None),
        "Daarbij zijn de volgende producten opgeleverd:": ("inleidende-regel", "Uitvoering"),
        "Er zijn contacten met:": ("inleidende-regel", None),
        "Kennis wordt bijgehouden door middel van": ("inleidende-regel", None),
        "Het werk vraagt nauwkeurigheid en geduld.": ("alinea", None),
        "Het doel is afstemming over de voortgang.": ("alinea", None),
        "en/of": ("verbindingsregel", "Uitvoering"),
        "en / of": ("verbindingsregel", None),
    }
    # in page order, between the bullets they join
    order = [t for _, t in rows(converted["plain-lines"].graph, """SELECT ?p ?t WHERE {
        ?typ fgr:scale/fgr:scaleNumber 9 ; fgr:typificationStatement ?s .
        ?s fgr:block <https://w3id.org/functiegebouw/id/typeringsblok/resultaten> ; schema:position ?p ;
           schema:text ?t } ORDER BY ?p""")]
    assert order[:5] == ["dossiers behandeld", "aanvragen getoetst", "en/of", "bezwaren voorbereid", "adviezen gegeven"]


def test_typering_sub_headings_in_lower_case_and_area_names(converted):
    got = rows(converted["typering-subheadings"].graph, """SELECT ?n ?sub ?text WHERE {
        ?t fgr:scale/fgr:scaleNumber ?n ; fgr:typificationStatement ?s . ?s fgr:subheading ?sub ;
        schema:text ?text ; schema:position ?p } ORDER BY ?n ?p""")
    assert got == [(9, "uitvoering en advies", "dossiers behandeld"), (9, "uitvoering en advies", "adviezen opgesteld"),
                   (9, "Vernieuwen en verbeteren", "werkprocessen zijn verbeterd"),
                   (10, "Bedrijfsvoering", "planningen bewaakt"), (10, "advisering", "adviezen over beleid opgesteld")]


@pytest.mark.parametrize("name", ["opdracht-politiek-ambtelijk", "heading-capitals", "block-spellings",
                                  "whitespace-lines"])
def test_heading_variants_give_the_base_profile(name, converted):
    def content(profile):
        return ({a: [i.text for i in items] for a, items in profile.results.items()},
                [[(b, [i.text for i in items]) for b, items in t.blocks.items()] for t in profile.typifications],
                [[(s, [i.text for i in items]) for s, items in q.sections.items()] for q in profile.quality_profiles])
    assert content(converted[name].profile) == content(converted["base"].profile)


def test_kwaliteitenprofiel_variants(converted):
    graph = converted["qp-variants"].graph
    levels = rows(graph, """SELECT ?n ?l WHERE { ?q a fgr:QualityProfile ; fgr:scale/fgr:scaleNumber ?n ;
                             fgr:requiresLevel/skos:prefLabel ?l } ORDER BY ?n ?l""")
    assert levels == [(9, "MBO"), (9, "VMBO"), (10, "HBO"), (10, "MBO")]  # "VMBO/MBO" and "MBO, HBO"
    assert rows(graph, "SELECT ?t WHERE { ?q fgr:otherKnowledgeAndSkills/schema:text ?t }") == [
        ("kennis van de eigen organisatie",)]
    sections = [sorted(k for k, v in q.sections.items() if v) for q in converted["qp-variants"].profile.quality_profiles]
    assert sections[0] == sorted(["ervaring", "werk-en-denkniveau", "opleidingsrichting", "overige-kennis-en-vaardigheden",
                                  "opleiding-departementsspecifiek", "competenties", "competenties-departementsspecifiek"])
    # a bullet wrapped onto the next line is one statement with both lines (issue 24)
    assert rows(graph, """SELECT ?t ?first ?last WHERE { ?s schema:text ?t ; fgr:sourceLine ?first ;
                            fgr:lastSourceLine ?last } ORDER BY ?t""") == [
        ("Enige relevante ervaring in een vergelijkbare functie", 77, 78),
        ("MBO: relevant voor het vakgebied, bij voorkeur in de richting administratie", 86, 87)]


def test_scores_above_3_and_schaal_1_and_13(converted, findings):
    graph = converted["scores-above-3"].graph
    assert rows(graph, """SELECT (MAX(?v) AS ?max) WHERE { ?t fgr:scale/fgr:scaleNumber 13 ; fgr:score/fgr:scoreValue ?v }""") == [(4,)]
    assert {f[0] for f in findings["scores-above-3"]} == {"ScaleSalaryKnownShape"}  # Info only
    assert findings["schaal-1"] == set()


@pytest.mark.parametrize("name", ["totals-25-38", "totals-26-39", "totals-26-40"])
def test_no_total_is_assumed_for_a_schaal(name, findings, converted):
    assert findings[name] == set()
    totals = rows(converted[name].graph, "SELECT ?n ?t WHERE { ?x fgr:scale/fgr:scaleNumber ?n ; fgr:statedTotal ?t } ORDER BY ?n")
    assert [n for n, _ in totals] == [4, 8]


def test_stray_characters_are_kept_and_reported_with_their_line(converted):
    conv = converted["stray-characters"]
    lines = (FIXTURES / "variants" / "stray-characters.txt").read_text(encoding="utf-8").split("\n")
    expected = [n for n, line in enumerate(lines, 1) if "\ufffd" in line or "\ufeff" in line]
    assert [w.line for w in conv.warnings] == expected and len(expected) == 3
    assert all("stray character" in w.message and "kept as written" in w.message for w in conv.warnings)
    texts = {t for (t,) in rows(conv.graph, "SELECT ?t WHERE { ?s schema:text ?t }")}
    assert "Klanten zijn tijdig ge\ufffdnformeerd" in texts and "Leert van\ufeff fouten" in texts


def test_statements_of_the_whole_fgr_keep_their_sources(converted):
    """Every statement of every fixture has text, line and a source document with its hash."""
    for name, conv in converted.items():
        assert rows(conv.graph, """SELECT ?s WHERE { ?s schema:text ?t FILTER NOT EXISTS {
            ?s fgr:sourceLine ?l ; prov:wasDerivedFrom ?d . ?d spdx:checksum/spdx:checksumValue ?h ; fgr:pageForm ?f } }""") == [], name


def test_render_in_another_form(converted):
    graph = converted["base"].graph
    kern = render(graph, form="kernprofiel")
    assert kern.startswith("Resultaten") and "Kwaliteitenprofielen" not in kern and kern.rstrip().endswith("klantgerichtheid")
    with pytest.raises(FgrError, match="unknown page form"):
        render(graph, form="poster")


def test_cli_build_prints_warnings_and_merges(tmp_path):
    folder = data_dir(tmp_path, "kernprofiel", "vergelijk-functietyperingen-5-6")
    (folder / "sources" / "los.txt").write_bytes((FIXTURES / "variants" / "stray-characters.txt").read_bytes())
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "build", "--data", str(folder)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    warnings = proc.stderr.strip().splitlines()
    assert all(w.startswith("fgr build: warning: ") and "los.txt" in w for w in warnings)
    assert sum("stray character" in w for w in warnings) == 3 and sum("has no name" in w for w in warnings) == 1
    out = proc.stdout.strip().splitlines()
    assert len(out) == 2 and "2 teksten (kernprofiel.txt, vergelijk-functietyperingen-5-6.txt)" in out[0]  # Dutch: the default
    assert sorted(p.name for p in folder.glob("*.ttl")) == ["functiegroep-900.ttl", "los.ttl"]
