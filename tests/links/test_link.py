"""Curated mappings: every target exists in the imported vocabularies and the committed files are current
(project data); chains, kinds and quotations; the suggester (fixture texts) and its evaluation as reported
in docs/explanation/suggester.md; the cross-vocabulary queries."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from functiegebouw.links import mappings as link
from functiegebouw.links import sssom
from support import FIXTURES, ROOT

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
    assert link.check(MAPPINGS, VOCAB, [ROOT / "data"]) == []


def test_every_target_exists_in_the_imported_data_and_has_the_right_kind(sets, vocab):
    count = 0
    for s in sets:
        for m in s.mappings:
            facts = link.target_facts(vocab, m.object)
            assert facts.exists, (s.path.name, m.line, m.object)
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
    assert {m.object for m in chained} == {f"{ID}brc2014/beroepsgroep/0431", f"{ID}onet-soc/43-4021.00",
                                           f"{ID}onet-soc/43-4151.00", f"{ID}onet-soc/43-4199.00", f"{ID}onet-soc/43-9199.00"}
    assert all(s.name == link.CHAINED for s in sets for m in s.mappings if m in chained)
    assert all(m.predicate != link.SKOS + "exactMatch" for m in fg)
    # skill groups are targets too, and the reviewer's two competenties are revised
    comp = {(m.subject.rsplit("/", 1)[1], m.object.rsplit("/", 1)[1], m.predicate.rsplit("#", 1)[1])
            for s in sets for m in s.mappings if "/competentie/" in m.subject}
    assert ("klantgerichtheid", "A1.12.3", "closeMatch") in comp
    assert ("klantgerichtheid", "b7c8f418-08d5-45d6-b697-ab26c6ecbfb4", "relatedMatch") in comp
    assert ("voortgangscontrole", "dbfb9dda-48d9-4a10-9821-3237f868071b", "closeMatch") in comp
    # ISCO 2432 is related, as its occupation public relations officer is: one reasoning for both
    assert any(m.object.endswith("C2432") and m.predicate.endswith("relatedMatch") for m in fg)
    for m in fg:
        assert "rejected" not in m.comment


def test_resultaten_need_skills_and_only_concepts_are_skos_mapped(sets):
    for s in sets:
        for m in s.mappings:
            kind = link.subject_kind(m.subject)
            assert link.predicate_ok(kind, m.predicate), (s.path.name, m.line)
    assert {m.predicate for s in sets if s.name == "resultaten" for m in s.mappings} == {sssom.REQUIRES_SKILL}


def quotations(comment: str) -> list[str]:
    """Spans in single quotes (an apostrophe inside a word, as in one's, is no quote), split at '...'."""
    spans = re.findall(r"(?:^|(?<=[\s(]))'(.+?)'(?=[\s.,;:)]|$)", comment)
    return [part.strip(" .") for span in spans for part in span.split("...") if len(part.strip(" .")) > 8]


def test_comments_quote_their_sources_exactly(sets, vocab):
    """Every quotation in a curated comment is verbatim in the FGR source text or in the ESCO texts of the
    target (labels, description)."""
    source = (ROOT / "data" / "sources" / "medewerker-communicatie.txt").read_text(encoding="utf-8")
    source = " ".join(source.split())
    checked = 0
    for s in link.curated(sets):
        for m in s.mappings:
            if m.object == sssom.NO_TERM_FOUND:
                texts = ""
            else:
                texts = " ".join(" ".join(q.object.value.split()) for q in vocab.quads_for_pattern(
                    __import__("pyoxigraph").NamedNode(m.object), None, None, None) if hasattr(q.object, "language"))
            for quote in quotations(m.comment):
                assert quote in source or quote in texts, (s.path.name, m.line, quote)
                checked += 1
    assert checked >= 40


def test_the_eqf_mappings_follow_the_nlqf_table(sets):
    # fgr-facts.md: VMBO basis/MBO 1 = 1, VMBO kader-gl-tl/MBO 2 = 2, MBO 3 = 3, MBO 4 = 4, HBO bachelor 6, WO master 7
    got = {(m.subject.rsplit("/", 1)[1], m.object.rsplit("/", 1)[1], m.predicate.rsplit("#", 1)[1])
           for s in sets for m in s.mappings if m.object.startswith("http://data.europa.eu/snb/eqf/")}
    assert {("vmbo", "1", "relatedMatch"), ("vmbo", "2", "relatedMatch"), ("hbo", "6", "closeMatch"),
            ("wo", "7", "closeMatch")} <= got
    assert {n for lv, n, _ in got if lv == "mbo"} == {"1", "2", "3", "4"}
    comments = {m.subject.rsplit("/", 1)[1]: m.comment for s in sets for m in s.mappings if "/werk-en-denkniveau/" in m.subject}
    assert "NLQF 4+" in comments["vwo"] and "vmbo-bb" in comments["vmbo"] and "Nuffic" in comments["vmbo"]


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
    text = text.replace("ESCO.occupation:54cba39a-5bb8-4e4c-89cd-d6097d3c6c3a", "ESCO.skill:a17286c5-238d-4f0b-bc24-29e9121345de")
    # a chained mapping in a curated set that no chain supports
    row = next(l for l in text.splitlines() if "ISCO08:3343" in l)
    text += row.replace("ISCO08:3343", "BRC2014:beroepsgroep/0811").replace("ManualMappingCuration", "MappingChaining") + "\n"
    path.write_text(text.replace("#   ISCO08:", "#   BRC2014: https://w3id.org/functiegebouw/id/brc2014/\n"
                                 "#   ESCO.skill: http://data.europa.eu/esco/skill/\n#   ISCO08:"), encoding="utf-8")
    messages = [p.message for p in link.check(tmp_path / "m", VOCAB, [ROOT / "data"])]
    assert any("chained mapping" in m for m in messages)
    assert any("is not an ESCO occupation" in m for m in messages)
    assert any("out of date" in m for m in messages)  # the derived chains no longer follow


def test_built_files_are_deterministic_and_have_no_blank_nodes():
    first = link.build(MAPPINGS, VOCAB, write=False)
    assert first == link.build(MAPPINGS, VOCAB, write=False)
    for path, text in first.items():
        assert "_:" not in text and "[" not in text, path
        assert path.read_text(encoding="utf-8") == text


def test_the_rdf_form_keeps_the_sssom_metadata_and_occupational_category(sets):
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import OWL, RDF

    ns = Namespace(sssom.SSSOM)
    g = Graph().parse(MAPPINGS / "competenties.ttl", format="turtle")
    (competenties,) = [s for s in sets if s.name == "competenties"]
    assert len(list(g.subjects(RDF.type, OWL.Axiom))) == len(competenties.mappings)
    for m in competenties.mappings:
        assert (URIRef(m.subject), URIRef(m.predicate), URIRef(m.object)) in g
        node = URIRef(m.record_id)
        assert (URIRef(competenties.id), ns.mappings, node) in g
        assert g.value(node, OWL.annotatedTarget) == URIRef(m.object)
        assert g.value(node, ns.mapping_justification) == URIRef(m.justification)
        assert float(g.value(node, ns.confidence)) == m.confidence
    fg = Graph().parse(MAPPINGS / "functiegroepen.ttl", format="turtle")
    schema = Namespace("https://schema.org/")
    assert set(fg.objects(URIRef(f"{ID}functiegroep/527"), schema.occupationalCategory)) == {
        URIRef("http://data.europa.eu/esco/isco/C4419")}


def test_compose_follows_skos():
    S = link.SKOS
    assert link.compose(S + "broadMatch", S + "broadMatch") == S + "broadMatch"
    assert link.compose(S + "broadMatch", S + "closeMatch") == S + "broadMatch"
    assert link.compose(S + "closeMatch", S + "narrowMatch") == S + "narrowMatch"
    assert link.compose(S + "broadMatch", S + "narrowMatch") == S + "relatedMatch"
    assert link.compose(S + "exactMatch", S + "relatedMatch") == S + "relatedMatch"
    assert link.compose(S + "narrowMatch", S + "exactMatch") == S + "narrowMatch"


def test_a_new_functiegroep_gets_its_chains_from_its_isco_link(tmp_path):
    """Fixture: a functiegroep curated to ISCO 2432 gets BRC and O*NET-SOC rows through the crosswalks."""
    shutil.copytree(MAPPINGS, tmp_path / "m")
    path = tmp_path / "m" / "functiegroepen.sssom.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = next(l for l in lines if "ISCO08:4419" in l)
    extra = row.replace("functiegroep/527", "functiegroep/9001").replace("ISCO08:4419", "ISCO08:2432")
    path.write_text("\n".join(lines + [extra]) + "\n", encoding="utf-8")
    out = link.build(tmp_path / "m", VOCAB, write=False)
    text = out[tmp_path / "m" / f"{link.CHAINED}.sssom.tsv"]
    new = [l for l in text.splitlines() if l.startswith("fgrid:functiegroep/9001")]
    # BLS: 2432 -> 27-3031 Public Relations Specialists (closeMatch: each has only the other)
    assert any("ONETSOC:27-3031.00" in l and "skos:broadMatch" in l for l in new)
    assert any("BRC2014:beroepsgroep/" in l for l in new)
    assert all("semapv:MappingChaining" in l for l in new)


def test_cli_refuses_bad_input_with_exit_2(tmp_path):
    (tmp_path / "x.sssom.tsv").write_text("#curie_map:\n#  a: http://a/\n#mapping_set_id: http://x\n"
                                          "subject_id\tpredicate_id\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "link", "check", "--mappings", str(tmp_path)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2
    assert "x.sssom.tsv:1: the metadata block has no license" in proc.stderr
    assert "Traceback" not in proc.stderr


# ---------------------------------------------------------------- suggestions and their evaluation

@pytest.fixture(scope="module")
def evaluation():
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "link", "evaluate"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_docs_report_the_measured_figures(evaluation):
    """Every line `fgr link evaluate` prints is in the suggester's explanation page (it was in the README
    until the documentation moved): the lexical method always, embedding and
    mix when the [embed] extra is installed (as `make test` does)."""
    from functiegebouw.links import embed

    readme = (ROOT / "docs" / "explanation" / "suggester.md").read_text(encoding="utf-8")
    lines = evaluation.strip().splitlines()
    assert lines[0].split() == ["kind", "method", "items", "curated", "P@1", "R@1", "R@5", "R@10", "MRR"]
    rows = {(" ".join(l.split()[:3]), l.split()[3]) for l in lines[1:]}
    methods = ("lexical", "embedding", "mix") if embed.available() else ("lexical",)
    assert rows >= {(k, m) for k in ("competentie -> skill", "functiegroep -> occupation", "functiegroep -> isco")
                    for m in methods}
    for line in lines:
        assert line in readme, line


@pytest.fixture(scope="module")
def translator():
    from functiegebouw.links.translate import Translator, read_table

    return Translator(read_table(VOCAB / "nl-en-words.tsv"))


FIXTURE_PROFILE = (FIXTURES / "links" / "klantcontact.ttl").read_text(encoding="utf-8")


def test_suggestions_are_sssom_rows_for_review(tmp_path, vocab, translator):
    from rdflib import Graph

    from functiegebouw.cli.vocab import suggestion_metadata, suggestion_rows
    from functiegebouw.links import suggest

    graph = Graph().parse(data=FIXTURE_PROFILE, format="turtle")
    results = suggest.suggest(graph, vocab, translator, top=3)
    kinds = {(s.source.kind, s.target) for s in results}
    assert kinds == {("competentie", "skill"), ("resultaat", "skill"), ("functiegroep", "occupation"),
                     ("functiegroep", "isco"), ("opleidingsrichting", "isced")}
    by = {(s.source.iri.rsplit("/", 1)[1], s.target): s.candidates for s in results}
    # translated and compared in English: luisteren finds "listen actively"
    assert "listen actively" in [c.label for c, _ in by["luisteren", "skill"]]
    assert [c.iri for c, _ in by["relevant-voor-het-aandachtsgebied", "isced"]] == [sssom.NO_TERM_FOUND]
    assert all(c.iri.startswith("http://data.europa.eu/esco/isced-f/") for c, _ in by["rechten", "isced"])
    assert all(c.iri.startswith("http://data.europa.eu/esco/isco/C") for c, _ in by["9001", "isco"])
    # the context: each indicator counts for the competentie it is closest to
    (klant,) = [s.source for s in results if s.source.iri.endswith("klantgerichtheid")]
    assert klant.weights == [0.0, 1.0] and klant.texts[1].startswith("Vraagt")
    out = tmp_path / "s.sssom.tsv"
    sssom.write_sssom(out, suggestion_metadata(), suggestion_rows(results))
    back = sssom.read_sssom(out)
    assert {m.justification for m in back.mappings} == {sssom.SEMAPV + "LexicalMatching"}
    assert all(0 <= m.confidence <= 1 for m in back.mappings)
    assert {m.predicate for m in back.mappings if "/resultaat/" in m.subject} == {sssom.REQUIRES_SKILL}
    assert all(m.comment.endswith("not reviewed") and float(m.extra["similarity_score"]) >= 0 for m in back.mappings)
    assert "word-translated" in back.metadata["similarity_measure"]  # one method for all rows: condensed


def test_the_translation_table_is_learned_deterministically():
    from functiegebouw.links.translate import Translator, learn

    pairs = [("medewerker klantcontact", "customer contact officer"), ("medewerker archief", "archive officer"),
             ("klantcontact en archief", "customer contact and archive"), ("medewerker", "officer"),
             ("archief", "archive"), ("klantcontact", "customer contact")]
    table = learn(pairs)
    assert table == learn(pairs)
    assert table["medewerker"][0][0] == "officer" and table["archief"][0][0] == "archive"
    tr = Translator(table)
    assert tr.split("archiefmedewerker") == ["archief", "medewerker"]
    assert tr.lookup("flexibiliteit") == [("flexibility", 0.5)]


def test_evaluation_arithmetic():
    from functiegebouw.links.suggest import Concept, Source, Suggestion, evaluate

    def c(i):
        return Concept(i, i)

    sugg = [Suggestion(Source("a", "a", "competentie", []), "skill", [(c("x"), 0.9), (c("y"), 0.5)]),
            Suggestion(Source("b", "b", "competentie", []), "skill", [(c("q"), 0.9), (c("w"), 0.5)])]
    (f,) = evaluate(sugg, {("a", "skill"): {"y"}, ("b", "skill"): {"q", "r"}}, ks=(1, 2))
    assert (f.sources, f.reference) == (2, 3)
    assert f.p1 == 0.5 and f.recall == {1: 1 / 3, 2: 2 / 3} and f.mrr == (1 / 2 + 1) / 2


# ---------------------------------------------------------------- queries across the links

@pytest.fixture(scope="module")
def store(project_store):
    return project_store


def rows(store, name, **params):
    return [tuple(r) for r in store.query(name, params).rows]


def test_query_classifications_once_per_link(store):
    got = rows(store, "links-functiegroep-classificaties", functiegroep=527)
    # one row per link, not one per schaal (issue 25: 28 rows for 7 links); the schalen as a range
    assert {r[2:4] for r in got} == {(5, 8)}
    assert [r[4:8] for r in got] == [
        ("BRC 2014", "broadMatch", "0431", "Administratief medewerkers"),
        ("ESCO-beroep", "relatedMatch", "2432.9", "publicrelationsmedewerker"),
        ("ESCO-beroep", "relatedMatch", "3343.2", "redactieassistent"),
        ("ESCO-beroep", "relatedMatch", "4419.1", "advertentieassistent"),
        ("ISCO-08", "relatedMatch", "2432", "Specialisten public relations"),
        ("ISCO-08", "relatedMatch", "3343", "Directie-, project- en internationaal secretaressen"),
        ("ISCO-08", "broadMatch", "4419", "Administratief assistenten n.e.g."),
    ]
    brc = [r for r in got if r[4] == "BRC 2014"][0]
    assert brc[8:] == ("Administratief personeel", "Bedrijfseconomische en administratieve beroepen")


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
    assert len(everything) == 16 and len({r[0] for r in everything}) == 6
    assert ("Klantgerichtheid", "closeMatch", "http://data.europa.eu/esco/skill/A1.12.3",
            "provide high quality client service", 0.85) in everything


def test_query_shared_skills(store):
    got = rows(store, "links-gedeelde-esco-vaardigheden", minimum=1)
    assert len(got) == 17 and {r[2] for r in got} == {1} and {r[3] for r in got} == {527}
    assert {r[4] for r in got} == {"competentie", "resultaat"}
    assert rows(store, "links-gedeelde-esco-vaardigheden", minimum=2) == []


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


def test_query_onet_reverse(store):
    got = rows(store, "links-functiegroepen-voor-onet", onet="43-4021.00")
    assert got == [("43-4021.00", "Correspondence Clerks", 527, "Medewerker Communicatie", schaal, "relatedMatch", "4419")
                   for schaal in (5, 6, 7, 8)]
    assert {r[0] for r in rows(store, "links-functiegroepen-voor-onet", onet="43-4199")} == {"43-4199.00"}
    assert rows(store, "links-functiegroepen-voor-onet", onet="11-1011.00") == []


def test_query_climbs_from_a_skill_to_its_groups(store):
    got = rows(store, "links-vaardigheidsgroepen", competentie="Flexibiliteit")
    assert {(r[3], r[5]) for r in got} >= {("adapt to change", "attitudes and values"),
                                           ("perform services in a flexible manner", "adapt to change")}


def test_query_isced_says_not_stated(store):
    got = rows(store, "links-opleidingsrichting-isced", functiegroep=527)
    assert {(r[1], r[2]) for r in got} == {(5, "MBO"), (5, "VMBO"), (6, "MBO"), (6, "VMBO"), (7, "MBO"), (8, "MBO")}
    assert {r[4] for r in got} == {"not stated"}


def test_an_unlinked_functiegroep_is_a_warning_of_link_check(fgr_data, capsys):
    """Recommended, not required (as JobGroupIscoLinkShape): the check names the command and passes."""
    from functiegebouw.cli import main

    ids = "https://w3id.org/functiegebouw/id/functiegroep/"
    problems = [p for p in link.check(fgr_data / "mappings", VOCAB, [fgr_data]) if "ISCO-08" in p.message]
    assert [(p.severity, p.message.split()[1]) for p in problems] == [("warning", f"{ids}{g}") for g in (601, 602, 603, 604)]
    assert "`fgr link suggest --kind functiegroep`" in str(problems[0]) and ": warning: " in str(problems[0])
    status = main(["link", "check", "--mappings", str(fgr_data / "mappings"), "--vocab-dir", str(VOCAB),
                   "--data", str(fgr_data)])
    out = capsys.readouterr().out
    assert "4 warning(s)" in out.splitlines()[-1]
    assert status == (1 if [p for p in link.check(fgr_data / "mappings", VOCAB, [fgr_data]) if p.severity == "error"] else 0)
