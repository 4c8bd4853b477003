"""Curated mappings: every target exists in the imported vocabularies, the SKOS form, bad SSSOM input,
the suggester's evaluation as reported in the README, and the cross-vocabulary queries."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.links import sssom as link
from functiegebouw.errors import FgrError
from support import ROOT, seed_ttl

MAPPINGS = ROOT / "data" / "mappings"
VOCAB = ROOT / "data" / "vocab"
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
ID = "https://w3id.org/functiegebouw/id/"


@pytest.fixture(scope="module")
def sets():
    return link.read_all(MAPPINGS)


@pytest.fixture(scope="module")
def vocab():
    return link.open_vocab(VOCAB)


def test_check_finds_nothing_wrong_with_the_project_links():
    # whatever profiles data/ holds: no problem; a functiegroep nobody has linked yet is only a warning
    problems = link.check(MAPPINGS, VOCAB, [ROOT / "data"])
    assert [p for p in problems if p.severity != "warning"] == []
    assert all("has no ISCO-08 link yet" in p.message for p in problems)
    assert not any("functiegroep/527 " in p.message for p in problems)


def test_every_target_exists_in_the_imported_data_and_has_the_right_kind(sets, vocab):
    count = 0
    for s in sets:
        for m in s.mappings:
            facts = link.target_facts(vocab, m.object)
            assert facts["exists"], (s.path.name, m.line, m.object)
            assert link.kind_ok(link.subject_kind(m.subject), facts), (s.path.name, m.line, m.object)
            count += 1
    assert count >= 30


def test_what_the_issue_asks_for_is_mapped(sets):
    subjects = {m.subject for s in sets for m in s.mappings}
    for slug in ("flexibiliteit", "klantgerichtheid", "luisteren", "plannen-en-organiseren", "voortgangscontrole",
                 "zelfontwikkeling"):
        assert any(m.subject == f"{ID}competentie/{slug}" and m.object.startswith(ESCO_SKILL)
                   for s in sets for m in s.mappings), slug
    for level in ("vmbo", "mbo", "havo", "vwo", "hbo", "wo"):
        assert f"{ID}werk-en-denkniveau/{level}" in subjects
    fg = [m for s in sets for m in s.mappings if m.subject == f"{ID}functiegroep/527"]
    assert {m.object for m in fg} >= {"http://data.europa.eu/esco/isco/C4419",
                                      f"{ID}brc2014/beroepsgroep/0431"}
    chained = [m for m in fg if m.justification == link.SEMAPV + "MappingChaining"]
    assert [m.object for m in chained] == [f"{ID}brc2014/beroepsgroep/0431"]
    assert all(m.predicate != link.SKOS + "exactMatch" for m in fg)


def test_the_eqf_mappings_follow_the_nlqf_table(sets):
    # fgr-facts.md: VMBO basis/MBO 1 = 1, VMBO kader-gl-tl/MBO 2 = 2, MBO 3 = 3, MBO 4 = 4, HBO bachelor 6, WO master 7
    got = {(m.subject.rsplit("/", 1)[1], m.object.rsplit("/", 1)[1], m.predicate.rsplit("#", 1)[1])
           for s in sets for m in s.mappings if m.object.startswith("http://data.europa.eu/snb/eqf/")}
    assert {("vmbo", "1", "relatedMatch"), ("vmbo", "2", "relatedMatch"), ("hbo", "6", "closeMatch"),
            ("wo", "7", "closeMatch")} <= got
    assert {n for lv, n, _ in got if lv == "mbo"} == {"1", "2", "3", "4"}


def test_an_invented_target_is_caught(tmp_path):
    shutil.copytree(MAPPINGS, tmp_path / "m")
    path = tmp_path / "m" / "competenties.sssom.tsv"
    text = path.read_text(encoding="utf-8").replace("a17286c5-238d-4f0b-bc24-29e9121345de",
                                                    "a17286c5-238d-4f0b-bc24-000000000000")
    path.write_text(text, encoding="utf-8")
    problems = link.check(tmp_path / "m", VOCAB, [ROOT / "data"])
    assert any("a17286c5-238d-4f0b-bc24-000000000000 is not in" in p.message and p.line for p in problems)


def test_a_wrong_kind_and_a_broken_chain_are_caught(tmp_path):
    shutil.copytree(MAPPINGS, tmp_path / "m")
    path = tmp_path / "m" / "functiegroepen.sssom.tsv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("BRC2014:beroepsgroep/0431", "BRC2014:beroepsgroep/0811")  # not where 4419 converts to
    text = text.replace("ESCO.occupation:54cba39a-5bb8-4e4c-89cd-d6097d3c6c3a", "ESCO.skill:a17286c5-238d-4f0b-bc24-29e9121345de")
    path.write_text(text, encoding="utf-8")
    messages = [p.message for p in link.check(tmp_path / "m", VOCAB, [ROOT / "data"])]
    assert any("chained mapping" in m for m in messages)
    assert any("is not an ESCO occupation" in m for m in messages)


def test_built_files_are_deterministic_and_have_no_blank_nodes():
    first = link.build(MAPPINGS, VOCAB, write=False)
    assert first == link.build(MAPPINGS, VOCAB, write=False)
    for path, text in first.items():
        assert "_:" not in text and "[" not in text, path
        assert path.read_text(encoding="utf-8") == text


def test_the_skos_form_keeps_the_sssom_metadata(sets):
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import OWL, RDF

    sssom = Namespace(link.SSSOM)
    g = Graph().parse(MAPPINGS / "competenties.ttl", format="turtle")
    (competenties,) = [s for s in sets if s.name == "competenties"]
    assert len(list(g.subjects(RDF.type, OWL.Axiom))) == len(competenties.mappings)
    for m in competenties.mappings:
        assert (URIRef(m.subject), URIRef(m.predicate), URIRef(m.object)) in g
        node = URIRef(link.axiom_iri(competenties, m))
        assert g.value(node, OWL.annotatedTarget) == URIRef(m.object)
        assert g.value(node, sssom.mapping_justification) == URIRef(m.justification)
        assert float(g.value(node, sssom.confidence)) == m.confidence


@pytest.mark.parametrize("line,cell,new,message", [
    (2, "fgrid:", "nope:", "prefix 'nope' is not in the curie_map"),
    (3, "skos:closeMatch", "skos:sameAs", "not a SKOS mapping property"),
    (3, "semapv:ManualMappingCuration", "semapv:Guessing", "not a semapv term"),
    (3, "\t0.9\t", "\t1.5\t", "not a number from 0 to 1"),
])
def test_bad_sssom_is_refused_with_file_and_line(tmp_path, line, cell, new, message):
    lines = (MAPPINGS / "competenties.sssom.tsv").read_text(encoding="utf-8").splitlines()
    header = next(i for i, l in enumerate(lines) if not l.startswith("#"))
    rows = [l for l in lines[header + 1:] if "luisteren" in l]
    bad = lines[:header + 1] + [rows[0].replace(cell, new, 1)]
    path = tmp_path / "bad.sssom.tsv"
    path.write_text("\n".join(bad) + "\n", encoding="utf-8")
    with pytest.raises(FgrError) as err:
        link.read_sssom(path)
    assert err.value.line == header + 2 and message in err.value.message


def test_cli_refuses_bad_input_with_exit_2(tmp_path):
    (tmp_path / "x.sssom.tsv").write_text("#curie_map:\n#  a: http://a/\n#mapping_set_id: http://x\n"
                                          "subject_id\tpredicate_id\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "link", "check", "--mappings", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "x.sssom.tsv:1: the metadata block has no license" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_sssom_round_trip(tmp_path, sets):
    for s in sets:
        out = tmp_path / s.path.name
        link.write_sssom(out, s.metadata, s.mappings)
        again = link.read_sssom(out)
        assert [m.key for m in again.mappings] == [m.key for m in s.mappings]
        assert [m.confidence for m in again.mappings] == [m.confidence for m in s.mappings]


# ---------------------------------------------------------------- suggestions and their evaluation

@pytest.fixture(scope="module")
def evaluation():
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "link", "evaluate"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_readme_reports_the_measured_precision_and_recall(evaluation):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in evaluation.strip().splitlines():
        assert line in readme, line


def test_suggestions_are_sssom_rows_for_review(tmp_path, vocab, monkeypatch):
    import io
    import sys

    from functiegebouw.links import suggest
    from functiegebouw.rdf.load import load_graph

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)  # fgr link suggest/evaluate show their progress there
    monkeypatch.setenv("TERM", "xterm")
    graph = load_graph([seed_ttl()])
    results = suggest.suggest(graph, vocab, top=3, kinds=("competentie",))
    assert len(results) == 6 and all(len(c) == 3 for _, c in results)
    assert "\rmatching: 6/6" in terminal.getvalue()
    from functiegebouw.cli.vocab import suggestion_metadata, suggestion_rows

    out = tmp_path / "s.sssom.tsv"
    link.write_sssom(out, suggestion_metadata(), suggestion_rows(results))
    back = link.read_sssom(out)
    assert len(back.mappings) == 18
    assert {m.justification for m in back.mappings} == {link.SEMAPV + "LexicalSimilarityThresholdMatching"}
    assert all(0 <= m.confidence <= 1 for m in back.mappings)
    scores = [m.confidence for m in back.mappings[:3]]
    assert scores == sorted(scores, reverse=True)


def test_evaluation_arithmetic():
    from functiegebouw.links.suggest import Concept, Source, evaluate

    def c(i):
        return Concept(i, i, [i], [])

    sugg = [(Source("a", "a", "competentie", [], []), [(c("x"), 0.9), (c("y"), 0.5)]),
            (Source("b", "b", "competentie", [], []), [(c("z"), 0.9), (c("w"), 0.5)])]
    r = evaluate(sugg, {"a": {"y"}, "b": {"q", "r"}}, ks=(1, 2))
    assert r[1]["hits"] == 0 and r[2]["hits"] == 1
    assert r[2]["precision"] == 1 / 4 and r[2]["recall"] == 1 / 3 and r[2]["success"] == 1 / 2


# ---------------------------------------------------------------- queries across the links

@pytest.fixture(scope="module")
def store(fgr_store):
    return fgr_store


def rows(store, name, **params):
    return [tuple(r) for r in store.query(name, params).rows]


def test_query_classifications_per_schaal(store):
    got = rows(store, "links-functiegroep-classificaties", functiegroep=527)
    assert {r[2] for r in got} == {5, 6, 7, 8}
    for schaal in (5, 6, 7, 8):
        mine = [r[3:7] for r in got if r[2] == schaal]
        assert mine == [
            ("BRC 2014", "broadMatch", "0431", "Administratief medewerkers"),
            ("ESCO-beroep", "relatedMatch", "2432.9", "publicrelationsmedewerker"),
            ("ESCO-beroep", "relatedMatch", "3343.2", "redactieassistent"),
            ("ESCO-beroep", "relatedMatch", "4419.1", "advertentieassistent"),
            ("ISCO-08", "relatedMatch", "3343", "Directie-, project- en internationaal secretaressen"),
            ("ISCO-08", "broadMatch", "4419", "Administratief assistenten n.e.g."),
        ]
    brc = [r for r in got if r[3] == "BRC 2014"][0]
    assert brc[7:] == ("Administratief personeel", "Bedrijfseconomische en administratieve beroepen")


def test_query_eqf_per_schaal(store):
    got = rows(store, "links-eqf-per-schaal", functiegroep=527)
    # the source: schaal 5 and 6 ask VMBO, MBO; schaal 7 and 8 MBO
    expected = []
    for schaal, levels in ((5, ["MBO", "VMBO"]), (6, ["MBO", "VMBO"]), (7, ["MBO"]), (8, ["MBO"])):
        for level in levels:
            for eqf in ((1, 2, 3, 4) if level == "MBO" else (1, 2)):
                expected.append((527, schaal, level, "relatedMatch", eqf))
    assert got == expected


def test_query_competentie_skills(store):
    assert rows(store, "links-competentie-esco", competentie="luisteren") == [
        ("Luisteren", "closeMatch", "http://data.europa.eu/esco/skill/a17286c5-238d-4f0b-bc24-29e9121345de",
         "listen actively", 0.9)]
    everything = rows(store, "links-competentie-esco")
    assert len(everything) == 10 and len({r[0] for r in everything}) == 6


# ESCO skill -> the fixture functiegroepen that reach it: through a shared competentie (the curated mapping
# of 527's competenties, e.g. klantgerichtheid -> ensure client orientation, holds for every profile that
# asks for it) or, for 527 only, through a resultaat
SHARED = {"ensure client orientation": [527, 601, 602, 604], "manage time": [527, 602, 603, 604],
          "plan self-organization": [527, 602, 603, 604], "adapt to change": [527, 602],
          "listen actively": [527, 604], "meet commitments": [527, 603], "meet deadlines": [527, 603],
          "perform services in a flexible manner": [527, 602], "demonstrate willingness to learn": [527],
          "manage personal professional development": [527], "perform clerical duties": [527],
          "respond to enquiries": [527], "use content management system software": [527]}


def test_query_shared_skills(store):
    got = rows(store, "links-gedeelde-esco-vaardigheden", minimum=1)
    assert sorted((r[1], r[3]) for r in got) == sorted((skill, g) for skill, gs in SHARED.items() for g in gs)
    assert all(r[2] == len(SHARED[r[1]]) for r in got)
    assert {r[1] for r in got if r[4] == "resultaat"} == {"perform clerical duties", "respond to enquiries",
                                                          "use content management system software"}
    assert sorted({r[1] for r in rows(store, "links-gedeelde-esco-vaardigheden", minimum=2)}) == sorted(
        skill for skill, gs in SHARED.items() if len(gs) >= 2)


@pytest.mark.parametrize("doel,via", [
    ("http://data.europa.eu/esco/isco/C4", {"http://data.europa.eu/esco/isco/C4419",
                                            "http://data.europa.eu/esco/occupation/54cba39a-5bb8-4e4c-89cd-d6097d3c6c3a"}),
    ("http://data.europa.eu/esco/occupation/bcba793e-44fe-45eb-b0fb-56772529cbab",
     {"http://data.europa.eu/esco/occupation/bcba793e-44fe-45eb-b0fb-56772529cbab"}),
    ("https://w3id.org/functiegebouw/id/brc2014/beroepsklasse/04", {f"{ID}brc2014/beroepsgroep/0431"}),
    ("http://data.europa.eu/esco/isco/C9", set()),
])
def test_query_reverse_lookup(store, doel, via):
    got = rows(store, "links-functiegroepen-voor-doel", doel=doel)
    assert {r[4] for r in got} == via
    if via:
        assert {r[2] for r in got} == {5, 6, 7, 8} and {r[0] for r in got} == {527}


def test_an_unlinked_functiegroep_is_a_warning_of_link_check(tmp_path, fgr_data, capsys):
    """Recommended, not required (as JobGroupIscoLinkShape): the check names the command and passes."""
    from functiegebouw.cli import main

    problems = link.check(fgr_data / "mappings", VOCAB, [fgr_data])
    assert [(p.severity, p.message.split()[1]) for p in problems] == [
        ("warning", f"{ID}functiegroep/{g}") for g in (601, 602, 603, 604)]
    assert str(problems[0]).startswith(f"{fgr_data / 'mappings'}: warning: functiegroep ")
    assert "`fgr link suggest --kind functiegroep`" in str(problems[0])
    assert main(["link", "check", "--mappings", str(fgr_data / "mappings"), "--vocab-dir", str(VOCAB),
                 "--data", str(fgr_data)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("all targets exist and fit, 4 warning(s)")
