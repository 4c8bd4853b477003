"""The converter on the seed, on every known real variation, and on bad input."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from functiegebouw.convert import build, convert
from functiegebouw.errors import FgrError
from functiegebouw.rdf.graph import serialize
from functiegebouw.source.model import Meta
from functiegebouw.render import normalise, render
from functiegebouw.source.text import decode
from support import FIXTURES, ROOT, SPARQL_PREFIXES

SEED = ROOT / "data" / "sources" / "medewerker-communicatie.txt"
VARIANTS = sorted((FIXTURES / "variants").glob("*.txt"))
BAD = FIXTURES / "bad"
PREFIX = SPARQL_PREFIXES


@pytest.fixture(scope="module")
def seed() -> Graph:
    return convert(SEED).graph


def rows(graph, query, **bindings):
    return [tuple(v.toPython() if v is not None else None for v in row)
            for row in graph.query(PREFIX + query, initBindings=bindings)]


# ---------------------------------------------------------------- facts of the seed

def test_seed_results_and_indicators_per_area(seed):
    q = """SELECT ?area (COUNT(?s) AS ?n) WHERE { ?g a fgr:JobGroup ; %s ?s . ?s fgr:resultArea ?area }
           GROUP BY ?area ORDER BY ?area"""
    areas = [f"https://w3id.org/functiegebouw/id/resultaatgebied/{a}"
             for a in ("bedrijfsvoering", "omgeving", "opdracht", "vernieuwen-en-verbeteren")]
    assert rows(seed, q % "fgr:result") == list(zip(areas, [3, 3, 4, 2]))
    assert rows(seed, q % "fgr:behaviouralIndicator") == list(zip(areas, [3, 6, 6, 3]))


def test_seed_competencies(seed):
    got = rows(seed, """SELECT ?label WHERE { ?g a fgr:JobGroup ; fgr:requiresCompetency ?c . ?c skos:prefLabel ?label }
                        ORDER BY ?label""")
    assert [r[0] for r in got] == ["Flexibiliteit", "Klantgerichtheid", "Luisteren", "Plannen en organiseren",
                                  "Voortgangscontrole", "Zelfontwikkeling"]
    # "plannen en organiseren" (kernprofiel) and "Plannen en organiseren" (kwaliteitenprofiel) are one concept
    assert len(set(seed.subjects(None, URIRef("https://w3id.org/functiegebouw/def#Competency")))) == 6
    per_qp = rows(seed, """SELECT ?qp (COUNT(DISTINCT ?c) AS ?n) WHERE { ?qp a fgr:QualityProfile ; fgr:requiresCompetency ?c .
                           ?g fgr:requiresCompetency ?c } GROUP BY ?qp""")
    assert [n for _, n in per_qp] == [6, 6, 6, 6]


def test_seed_quality_profiles(seed):
    got = rows(seed, """SELECT ?n ?how (GROUP_CONCAT(?lvl; separator=",") AS ?levels) WHERE {
                          ?qp a fgr:QualityProfile ; fgr:scale/fgr:scaleNumber ?n ; fgr:scaleAssignment ?how ;
                              fgr:requiresLevel/skos:notation ?lvl } GROUP BY ?n ?how ORDER BY ?n""")
    assert len(got) == 0  # notation lives in the scheme file, not in the profile graph
    got = rows(seed, """SELECT ?n ?how WHERE { ?qp a fgr:QualityProfile ; fgr:scale/fgr:scaleNumber ?n ;
                          fgr:scaleAssignment ?how } ORDER BY ?n""")
    assert got == [(n, "https://w3id.org/functiegebouw/def#assignedByPosition") for n in (5, 6, 7, 8)]
    levels = rows(seed, """SELECT ?n ?label WHERE { ?qp a fgr:QualityProfile ; fgr:scale/fgr:scaleNumber ?n ;
                             fgr:requiresLevel/skos:prefLabel ?label } ORDER BY ?n ?label""")
    assert levels == [(5, "MBO"), (5, "VMBO"), (6, "MBO"), (6, "VMBO"), (7, "MBO"), (8, "MBO")]
    placeholders = rows(seed, """SELECT ?n (COUNT(?p) AS ?c) WHERE { ?qp fgr:scale/fgr:scaleNumber ?n .
                                   { ?qp fgr:departmentalEducation ?p } UNION { ?qp fgr:departmentalCompetency ?p }
                                   ?p a fgr:Placeholder ; schema:text ?t } GROUP BY ?n ORDER BY ?n""")
    assert placeholders == [(5, 2), (6, 2), (7, 2), (8, 2)]


def test_seed_schaal_8_scores(seed):
    t = URIRef("https://w3id.org/functiegebouw/id/functiegroep/527/functietypering/schaal-8")
    got = rows(seed, """SELECT ?notation ?v WHERE { ?t fgr:score ?s . ?s fgr:scoreValue ?v ;
                          fgr:characteristic ?k . ?s schema:position ?notation } ORDER BY ?notation""", t=t)
    assert [v for _, v in got] == [3, 2, 2, 3, 2, 3, 3, 2, 3, 3, 3, 3, 3, 3]
    assert [n for n, _ in got] == list(range(1, 15))
    assert rows(seed, "SELECT ?c ?total WHERE { ?t fgr:fuwasysCode ?c ; fgr:statedTotal ?total }", t=t) == [
        ("32232 33233 33 33 (38)", 38)]


def test_seed_typo_heading_still_yields_typering(seed):
    got = rows(seed, """SELECT ?n ?code ?line WHERE { ?t a fgr:Typification ; fgr:scale/fgr:scaleNumber ?n ;
                          fgr:fuwasysCode ?code ; fgr:sourceLine ?line } ORDER BY ?n""")
    assert [(n, c) for n, c, _ in got] == [(5, "22222 22222 22 22 (28)"), (6, "32232 33222 22 22 (32)"),
                                          (7, "32232 33223 32 32 (35)"), (8, "32232 33233 33 33 (38)")]
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[got[1][2] - 1] == "Funtietypering"


def test_seed_typering_blocks_and_subheadings(seed):
    got = rows(seed, """SELECT ?n ?block (COUNT(?s) AS ?c) WHERE { ?t fgr:scale/fgr:scaleNumber ?n ;
                          fgr:typificationStatement ?s . ?s fgr:block ?block } GROUP BY ?n ?block ORDER BY ?n ?block""")
    counts = {(n, b.rsplit("/", 1)[1]): c for n, b, c in got}
    assert counts[(5, "resultaten")] == 6 and counts[(6, "resultaten")] == 5
    assert counts[(7, "contacten")] == 2 and counts[(8, "kennis-en-vaardigheden")] == 4
    assert counts[(5, "speelruimte-kaders")] == 3 and counts[(5, "algemene-omschrijving")] == 2
    subs = rows(seed, "SELECT DISTINCT ?sub WHERE { ?s fgr:subheading ?sub }")
    assert subs == [("Ondersteuning ten behoeve van communicatie",)]


def test_every_statement_has_text_line_and_source(seed):
    missing = rows(seed, """SELECT ?s WHERE { ?s a ?c . ?c_ a ?x . FILTER(?c IN (fgr:Result, fgr:BehaviouralIndicator,
        fgr:CompetencyStatement, fgr:TypificationStatement, fgr:ExperienceStatement, fgr:LevelStatement,
        fgr:EducationFieldStatement, fgr:DepartmentalStatement))
        FILTER NOT EXISTS { ?s schema:text ?t ; fgr:sourceLine ?l ; prov:wasDerivedFrom ?src . ?src spdx:checksum/spdx:checksumValue ?h } }""")
    assert missing == []
    lines = SEED.read_text(encoding="utf-8").split("\n")
    for text, line in rows(seed, "SELECT ?t ?l WHERE { ?s schema:text ?t ; fgr:sourceLine ?l }"):
        assert text in " ".join(lines[line - 1].replace("\u00a0", " ").split()), (text, line)


def test_statement_texts_are_verbatim(seed):
    texts = {r[0] for r in rows(seed, "SELECT ?t WHERE { ?s schema:text ?t }")}
    assert "ondersteunt naar aard en inhoud verscheidene en uiteenlopendecommunicatie activiteiten administratief en logistiek van aard" in texts
    assert "Publieksvragen en/of interne communicatieopdrachten zijn afgehandeld volgens de regelgeving / procedures" in texts
    assert not any("\u00a0" in t or "  " in t for t in texts)


def test_source_document_hash(seed):
    import hashlib
    got = rows(seed, """SELECT (STR(?v) AS ?h) ?id WHERE { ?d a fgr:SourceDocument ; spdx:checksum ?c ;
                          <http://purl.org/dc/terms/identifier> ?id .
                          ?c spdx:algorithm spdx:checksumAlgorithm_sha256 ; spdx:checksumValue ?v }""")
    assert got == [(hashlib.sha256(SEED.read_bytes()).hexdigest(), "medewerker-communicatie.txt")]


# ---------------------------------------------------------------- round trip and determinism

def assert_round_trip(path: Path, graph: Graph):
    original = normalise(decode(path.read_bytes(), path))
    rendered = normalise(render(graph).split("\n"))
    assert rendered == original


def test_seed_round_trip(seed):
    assert_round_trip(SEED, seed)


def test_round_trip_through_turtle(seed, tmp_path):
    out = tmp_path / "seed.ttl"
    out.write_bytes(serialize(seed))
    again = Graph().parse(out)
    assert isomorphic(again, seed)
    assert_round_trip(SEED, again)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_deterministic_across_processes(tmp_path, fmt):
    """Byte-identical output in two fresh interpreters (different hash seeds, so different set orders)."""
    outs = []
    for n, seed_value in enumerate(("1", "2")):
        out = tmp_path / f"out{n}"
        subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(SEED), "-o", str(out),
                        "--format", fmt], check=True, env={"PYTHONHASHSEED": seed_value, "PATH": "/usr/bin:/bin"})
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


@pytest.mark.parametrize("fmt", ["json-ld", "nt"])
def test_other_formats_parse_back(seed, fmt):
    data = serialize(seed, fmt)
    assert serialize(seed, fmt) == data
    assert isomorphic(Graph().parse(data=data, format=fmt), seed)


def test_committed_turtle_is_what_build_produces(tmp_path):
    (tmp_path / "sources").mkdir()
    for f in (ROOT / "data" / "sources").iterdir():
        (tmp_path / "sources" / f.name).write_bytes(f.read_bytes())
    summaries = build(tmp_path)
    assert [s.output.name for s in summaries] == ["medewerker-communicatie.ttl"]
    assert (tmp_path / "medewerker-communicatie.ttl").read_bytes() == \
        (ROOT / "data" / "medewerker-communicatie.ttl").read_bytes()


# ---------------------------------------------------------------- variants

@pytest.mark.parametrize("path", VARIANTS, ids=lambda p: p.stem)
def test_variant_converts_and_round_trips(path):
    conv = convert(path, meta=Meta(functiegroep_id=999, label="Testfunctie"))
    assert len(conv.profile.typifications) == len(conv.profile.quality_profiles) >= 1
    assert_round_trip(path, conv.graph)
    assert serialize(conv.graph) == serialize(convert(path, meta=Meta(functiegroep_id=999, label="Testfunctie")).graph)


@pytest.mark.parametrize("name", ["crlf", "bom", "windows-1252", "nbsp", "no-buttons", "opdracht-spacing",
                                  "heading-typos"])
def test_presentation_variants_give_the_base_graph(name):
    base = convert(FIXTURES / "variants" / "base.txt", meta=Meta(functiegroep_id=999)).graph
    other = convert(FIXTURES / "variants" / f"{name}.txt", meta=Meta(functiegroep_id=999)).graph
    # the bytes (hash, file name) and line numbers differ; everything else must be the same
    # (the FUWASYS code is kept as written, so only its spacing may differ)
    strip = lambda g: {(s, p, " ".join(o.split()) if p.endswith("fuwasysCode") else o) for s, p, o in g
                       if not any(k in str(p) for k in ("checksumValue", "identifier", "sourceLine"))}
    assert strip(other) == strip(base)


def scores(graph, schaal):
    t = URIRef(f"https://w3id.org/functiegebouw/id/functiegroep/999/functietypering/schaal-{schaal}")
    return rows(graph, """SELECT ?code ?total (GROUP_CONCAT(?v; separator="") AS ?digits) (COUNT(?k) AS ?chars)
                          WHERE { ?t fgr:fuwasysCode ?code . OPTIONAL { ?t fgr:statedTotal ?total }
                          ?t fgr:score ?s . ?s fgr:scoreValue ?v . OPTIONAL { ?s fgr:characteristic ?k } }
                          GROUP BY ?code ?total""", t=t)[0]


def test_code_with_double_spaces_kept_as_written():
    g = convert(FIXTURES / "variants" / "code-double-spaces.txt", meta=Meta(functiegroep_id=999)).graph
    code, total, digits, chars = scores(g, 9)
    assert code == "33332  33233  33  32 (39)" and total == 39 and chars == 14
    assert sorted(digits) == sorted("33332332333332")


def test_malformed_code_is_kept_not_repaired():
    g = convert(FIXTURES / "variants" / "code-malformed.txt", meta=Meta(functiegroep_id=999)).graph
    code, total, digits, chars = scores(g, 9)
    assert code == "322333222 22 22 (32)" and total == 32
    assert len(digits) == 13 and sum(map(int, digits)) == 30 and chars == 13


def test_subheadings():
    g = convert(FIXTURES / "variants" / "subheadings.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?n ?text ?sub WHERE { ?t fgr:scale/fgr:scaleNumber ?n ; fgr:typificationStatement ?s .
                      ?s fgr:block <https://w3id.org/functiegebouw/id/typeringsblok/resultaten> ; schema:text ?text ; schema:position ?p
                      OPTIONAL { ?s fgr:subheading ?sub } } ORDER BY ?n ?p""")
    assert got == [(9, "dossiers behandeld", None), (9, "adviezen opgesteld", None),
                   (10, "stukken voorbereid", "Voorbereiding en ondersteuning"),
                   (10, "besluiten voorbereid (geldt alleen voor senioren)", "Besluitvorming"),
                   (10, "bezwaren behandeld", "Besluitvorming")]


def test_lead_line_and_examples_paragraph():
    g = convert(FIXTURES / "variants" / "lead-line-and-examples.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?block ?text ?bulleted WHERE { ?t fgr:scale/fgr:scaleNumber 9 ; fgr:typificationStatement ?s .
                      ?s fgr:block ?block ; schema:text ?text ; fgr:bulleted ?bulleted ; schema:position ?p
                      FILTER(?bulleted = false) } ORDER BY ?block ?p""")
    assert [(b.rsplit("/", 1)[1], t) for b, t, _ in got] == [
        ("algemene-omschrijving", "De medewerker:"),
        ("resultaten", "Voorbeelden producten en/of diensten: adviezen, rapportages, beschikkingen.")]


def test_any_number_of_schalen():
    one = convert(FIXTURES / "variants" / "one-schaal.txt", meta=Meta(functiegroep_id=999)).profile
    five = convert(FIXTURES / "variants" / "five-schalen.txt", meta=Meta(functiegroep_id=999)).profile
    assert [t.scale for t in one.typifications] == [11] and [q.scale for q in one.quality_profiles] == [11]
    assert [t.scale for t in five.typifications] == [9, 10, 11, 12, 13]
    assert [q.scale for q in five.quality_profiles] == [9, 10, 11, 12, 13]


def test_pm_with_and_without_bullet_is_a_placeholder():
    g = convert(FIXTURES / "variants" / "pm-without-bullet.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?n ?bulleted (COUNT(?p) AS ?c) WHERE { ?qp fgr:scale/fgr:scaleNumber ?n .
                      { ?qp fgr:departmentalEducation ?p } UNION { ?qp fgr:departmentalCompetency ?p }
                      ?p a fgr:Placeholder ; fgr:bulleted ?bulleted } GROUP BY ?n ?bulleted ORDER BY ?n""")
    assert got == [(9, False, 2), (10, True, 2)]


def test_quality_profile_named_schaal():
    g = convert(FIXTURES / "variants" / "qp-named-schaal.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?pos ?n ?how WHERE { ?qp a fgr:QualityProfile ; schema:position ?pos ;
                      fgr:scale/fgr:scaleNumber ?n ; fgr:scaleAssignment ?how } ORDER BY ?pos""")
    assert got == [(1, 10, "https://w3id.org/functiegebouw/def#assignedByHeading"),
                   (2, 9, "https://w3id.org/functiegebouw/def#assignedByHeading")]


def test_level_concepts_from_text():
    g = convert(FIXTURES / "variants" / "base.txt", meta=Meta(functiegroep_id=999)).graph
    got = rows(g, """SELECT ?n ?l WHERE { ?qp fgr:scale/fgr:scaleNumber ?n ; fgr:requiresLevel ?c .
                      ?c skos:prefLabel ?l } ORDER BY ?n ?l""")
    assert got == [(9, "MBO"), (10, "HBO"), (10, "MBO")]


def test_iris_do_not_depend_on_order():
    """Swapping two bullets keeps every statement IRI; only positions change."""
    lines = decode((FIXTURES / "variants" / "base.txt").read_bytes())
    i = lines.index(" \u2022 dossiers behandeld (schaal 9)")
    swapped = lines[:i] + [lines[i + 1], lines[i]] + lines[i + 2:]
    from functiegebouw.rdf.graph import profile_to_graph
    from functiegebouw.source.parse import parse_lines
    a = profile_to_graph(parse_lines(lines, meta=Meta(functiegroep_id=999)))
    b = profile_to_graph(parse_lines(swapped, meta=Meta(functiegroep_id=999)))
    assert set(a.subjects()) == set(b.subjects())
    assert not isomorphic(a, b)


# ---------------------------------------------------------------- bad input

BAD_CASES = {
    "empty.txt": (None, "file is empty"),
    "blank-lines.txt": (None, "file is empty"),
    "binary.txt": (1, "binary"),
    "truncated.txt": (None, "file ends too early"),
    "out-of-order.txt": (1, "expected 'Resultaten'"),
    "typering-without-schaal.txt": (None, "has no 'Schaal N' line"),
    "qp-count-mismatch.txt": (None, "3 kwaliteitenprofielen but 2 functietyperingen"),
    "duplicate-schaal.txt": (None, "schaal 9 has a second functietypering"),
}


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_api(name):
    line, words = BAD_CASES[name]
    with pytest.raises(FgrError) as info:
        convert(BAD / name)
    assert words in info.value.message
    assert info.value.path.endswith(name)
    if line is not None:
        assert info.value.line == line
    if name not in ("empty.txt", "blank-lines.txt"):
        assert info.value.line is not None


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_cli_exit_2_no_output(name, tmp_path):
    out = tmp_path / "out.ttl"
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(BAD / name), "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert name in proc.stderr and BAD_CASES[name][1] in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_bad_input_keeps_previous_output(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("previous")
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(BAD / "truncated.txt"),
                           "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 2 and out.read_text() == "previous"


def test_truncated_names_what_was_expected():
    with pytest.raises(FgrError) as info:
        convert(BAD / "truncated.txt")
    assert "expected 'Contacten'" in info.value.message


def test_out_of_order_section_later_in_file(tmp_path):
    lines = decode((FIXTURES / "variants" / "base.txt").read_bytes())
    i = lines.index("Gedragsindicatoren")
    j = lines.index("Kwaliteitenprofielen")
    moved = lines[:i] + lines[lines.index("Competenties"):j] + lines[i:lines.index("Competenties")] + lines[j:]
    src = tmp_path / "moved.txt"
    src.write_text("\n".join(moved), encoding="utf-8")
    with pytest.raises(FgrError) as info:
        convert(src)
    assert info.value.line == moved.index("Competenties") + 1
    assert "out of order" in info.value.message or "expected" in info.value.message


def test_missing_source_file(tmp_path):
    with pytest.raises(FgrError, match="cannot read"):
        convert(tmp_path / "nope.txt")


def test_bad_metadata_file(tmp_path):
    src = tmp_path / "p.txt"
    src.write_bytes((FIXTURES / "variants" / "base.txt").read_bytes())
    (tmp_path / "p.toml").write_text('functiegroep_id = "abc"\n')
    with pytest.raises(FgrError, match="functiegroep_id"):
        convert(src)
    (tmp_path / "p.toml").write_text('functiegroep_id = 1\nlabel = \n')
    with pytest.raises(FgrError) as info:
        convert(src)
    assert info.value.line == 2
    (tmp_path / "p.toml").write_text('functigroep_id = 1\n')
    with pytest.raises(FgrError, match="unknown key"):
        convert(src)


def test_cli_convert_options(tmp_path):
    out = tmp_path / "x.jsonld"
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert",
                           str(FIXTURES / "variants" / "base.txt"), "-o", str(out), "--format", "json-ld",
                           "--functiegroep-id", "4242", "--label", "Proeffunctie"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    g = Graph().parse(out, format="json-ld")
    group = URIRef("https://w3id.org/functiegebouw/id/functiegroep/4242")
    assert Literal("Proeffunctie", lang="nl") in set(g.objects(group, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
