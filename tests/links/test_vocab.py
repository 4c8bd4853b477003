"""Vocabulary import: the committed data/vocab files, their counts, bad input, and (when ../shared is
present) that they equal a fresh import of the published tables."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from functiegebouw.links import vocab
from functiegebouw.errors import FgrError
from functiegebouw.links.mappings import open_vocab
from support import ROOT

VOCAB = ROOT / "data" / "vocab"
SHARED = ROOT.parent / "shared" / "vocab"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ISCO = "http://data.europa.eu/esco/isco/C"


@pytest.fixture(scope="module")
def store():
    return open_vocab(VOCAB)


def count(store, query) -> int:
    return int(next(iter(store.query(query)))[0].value)


def test_sizes_stay_reasonable():
    total = sum(p.stat().st_size for p in VOCAB.glob("*") if p.suffix in (".ttl", ".tsv"))
    assert total < 16 * 1024 * 1024
    text = (VOCAB / "SOURCES.md").read_text(encoding="utf-8")
    assert "This service uses the ESCO classification of the European Commission." in text and "Bron: CBS" in text
    assert "O*NET Database by the U.S. Department of Labor" in text and "cb8c57a2c4a0ab40a2bba4eca6664601bcc24cad" in text


def test_esco_counts_and_isco_hierarchy(store):
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c <{SKOS}inScheme> <http://data.europa.eu/esco/concept-scheme/isco> }}") == 619
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a <http://data.europa.eu/esco/model#Occupation> }") == 3010
    assert count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a <http://data.europa.eu/esco/model#Skill> }") == 13485
    # every ISCO group below the top level has exactly its code prefix as broader
    bad = count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{
        ?c <{SKOS}broader> ?b . ?c <{SKOS}notation> ?code . ?b <{SKOS}notation> ?bcode .
        FILTER (STRSTARTS(STR(?c), "{ISCO}") && ?bcode != SUBSTR(?code, 1, STRLEN(?code) - 1)) }}""")
    assert bad == 0
    # every occupation has an ISCO unit group that exists
    missing = count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ ?o a <http://data.europa.eu/esco/model#Occupation> .
        FILTER NOT EXISTS {{ ?o <http://data.europa.eu/esco/model#memberOfISCOGroup> ?g . ?g <{SKOS}notation> ?x }} }}""")
    assert missing == 0
    langs = {r[0].value for r in store.query(
        f"SELECT DISTINCT (LANG(?l) AS ?lang) WHERE {{ <http://data.europa.eu/esco/skill/fd4dc5dd-729e-4f6b-a348-77c591f8cb01> <{SKOS}prefLabel> ?l }}")}
    assert langs == {"en-us"}  # Oxigraph normalises language tags to lower case


def test_brc_scheme_and_conversion(store):
    for level, n in (("beroepsklassen", 13), ("beroepssegmenten", 41), ("beroepsgroepen", 114)):
        coll = f"https://w3id.org/functiegebouw/id/brc2014/{level}"
        assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{coll}> <{SKOS}member> ?c }}") == n
    converted = count(store, f"""SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {{
        ?i <{SKOS}broadMatch>|<{SKOS}closeMatch> ?g .
        <https://w3id.org/functiegebouw/id/brc2014/beroepsgroepen> <{SKOS}member> ?g .
        FILTER STRSTARTS(STR(?i), "{ISCO}") }}""")
    residual = count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?r <{SKOS}inScheme> <https://w3id.org/functiegebouw/id/brc2014/restcodes> }}")
    assert (converted, residual) == (436, 152)
    assert count(store, f"""ASK {{ <{ISCO}2422> <{SKOS}prefLabel> "Beleidsadviseurs"@nl ;
                                   <{SKOS}broadMatch>|<{SKOS}closeMatch> <https://w3id.org/functiegebouw/id/brc2014/beroepsgroep/0414> }}""".replace("ASK", "SELECT (COUNT(*) AS ?n) WHERE")) == 1


def test_skill_hierarchy_climbs_to_groups(store):
    # "adapt to change" (transversal) -> A1.1.0 -> ... -> "Transversal skills/competences"
    groups = {r[0].value for r in store.query(f"""SELECT ?g WHERE {{
        <http://data.europa.eu/esco/skill/49de9958-2aa4-4eef-a89d-fe5d5bcd28c4> <{SKOS}broader>+ ?g }}""")}
    assert "http://data.europa.eu/esco/skill/A1.1.0" in groups
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{SKOS}broader> ?b . ?s a <http://data.europa.eu/esco/model#Skill> }}") >= 7000
    versions = {r[0].value: r[1].value for r in store.query(
        "SELECT ?s ?v WHERE { ?s <http://www.w3.org/2002/07/owl#versionInfo> ?v }")}
    assert "v1.1.x" in versions["http://data.europa.eu/esco/concept-scheme/occupations"]
    assert versions["http://data.europa.eu/esco/concept-scheme/skills"].startswith("ESCO v1.0.x")


def test_onet_and_the_bls_crosswalk(store):
    onet = "https://w3id.org/functiegebouw/id/onet-soc"
    assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?c <{SKOS}inScheme> <{onet}> }}") == 1110
    # 2432 and 27-3031 have only each other: closeMatch; 4419 is split over four SOC occupations
    assert count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ <{ISCO}2432> <{SKOS}closeMatch>
        <https://w3id.org/functiegebouw/id/soc2010/27-3031> }}""") == 1
    assert count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ <{ISCO}4419> ?p ?soc .
        ?soc <{SKOS}inScheme> <https://w3id.org/functiegebouw/id/soc2010> }}""") == 4
    assert count(store, f"""SELECT (COUNT(*) AS ?n) WHERE {{ <https://w3id.org/functiegebouw/id/soc2010/27-3031>
        <{SKOS}closeMatch> <{onet}/27-3031.00> }}""") == 1


ONET_HEADER = "ISCO-08 Code,ISCO-08 Title EN,part,2010 SOC Code,2010 SOC Title"


@pytest.mark.parametrize("rows,line,message", [
    (["2432,PR,,27-3031 ,Public Relations Specialists", "2432,PR,,27-3031,Public Relations Specialists"], 3, "also on line 2"),
    (["2432,PR,x,27-3031,Public Relations Specialists"], 2, "neither empty nor '*'"),
    (["2432,PR,*,27-3031,Public Relations Specialists"], 2, "part is * but the ISCO group maps to 1"),
    (["24x2,PR,,27-3031,Public Relations Specialists"], 2, "not an ISCO-08 code"),
])
def test_bad_onet_input_names_file_and_line(tmp_path, rows, line, message):
    (tmp_path / "isco08_soc2010_crosswalk.csv").write_text("\n".join([ONET_HEADER, *rows]) + "\n", encoding="utf-8")
    (tmp_path / "onet_occupation_data.csv").write_text("O*NET-SOC Code,Title,Description\n"
                                                       "27-3031.00,Public Relations Specialists,Promote.\n", encoding="utf-8")
    with pytest.raises(FgrError) as err:
        vocab.import_onet(tmp_path, tmp_path / "out", None)
    assert err.value.line == line and message in err.value.message
    assert not (tmp_path / "out" / "onet-soc.ttl").exists()


def test_onet_import_of_a_small_table(tmp_path):
    (tmp_path / "isco08_soc2010_crosswalk.csv").write_text("\n".join([
        ONET_HEADER, "2432,PR,,27-3031 ,Public Relations Specialists", "4419,Clerks,*,43-4021,Correspondence Clerks",
        "4419,Clerks,*,43-9199,Office Workers, All Other".replace("Office Workers, All Other", '"Office Workers, All Other"'),
        "4110,General,,43-9199,\"Office Workers, All Other\""]) + "\n", encoding="utf-8")
    (tmp_path / "onet_occupation_data.csv").write_text(
        "O*NET-SOC Code,Title,Description\n27-3031.00,Public Relations Specialists,Promote.\n"
        "43-9199.00,Office Workers,Do.\n43-9199.01,Office Workers (detail),Do more.\n", encoding="utf-8")
    vocab.import_onet(tmp_path, tmp_path / "a", None)
    text = (tmp_path / "a" / "onet-soc.ttl").read_text(encoding="utf-8")
    vocab.import_onet(tmp_path, tmp_path / "b", None)
    assert text == (tmp_path / "b" / "onet-soc.ttl").read_text(encoding="utf-8")
    assert re.search(r"isco:C2432\n    skos:closeMatch soc:27-3031", text)
    assert "isco:C4419\n    skos:narrowMatch soc:43-4021 ;\n    skos:relatedMatch soc:43-9199" in text
    assert re.search(r"soc:43-9199\n(.|\n)*skos:closeMatch onet:43-9199\.00 ;\n(.|\n)*skos:narrowMatch onet:43-9199\.01", text)


def test_eqf_levels(store):
    for n in range(1, 9):
        assert count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <http://data.europa.eu/snb/eqf/{n}> <{SKOS}inScheme> ?s }}") == 1


BRC_HEADER = ",".join(vocab.BRC_COLUMNS)
BRC_ROWS = [
    "2422,Beleidsadviseurs,0414,Beleidsadviseurs,041,Bedrijfskundigen,04,Bedrijfseconomische beroepen,4,ISCO-niveau 4",
    "2400,Specialisten bedrijfsbeheer z.n.d.,0414,Beleidsadviseurs,041,Bedrijfskundigen,04,Bedrijfseconomische beroepen,4,ISCO-niveau 4",
]


def test_brc_import_of_a_small_table_is_deterministic(tmp_path):
    src = tmp_path / "brc.csv"
    src.write_text("\n".join([BRC_HEADER, *BRC_ROWS]) + "\n", encoding="utf-8")
    vocab.import_brc(src, tmp_path / "a", {"2422"})
    vocab.import_brc(src, tmp_path / "b", {"2422"})
    a = (tmp_path / "a" / "brc2014.ttl").read_bytes()
    assert a == (tmp_path / "b" / "brc2014.ttl").read_bytes()
    text = a.decode()
    assert "restcode/2400" in text and "isco:C24" in text  # the residual code pads ISCO group 24
    # one code in the beroepsgroep besides the residual: still broadMatch (the group gathers two codes)
    assert re.search(r"isco:C2422\n    skos:broadMatch <https://w3id.org/functiegebouw/id/brc2014/beroepsgroep/0414>", text)


@pytest.mark.parametrize("rows,line,message", [
    ([BRC_ROWS[0].replace("0414,", "0514,", 1)], 2, "does not start with its parent code"),
    ([BRC_ROWS[0], BRC_ROWS[0]], 3, "occurs twice"),
    ([BRC_ROWS[0].replace("2422,", "24x2,", 1)], 2, "not a 4-digit ISCO-08 code"),
    ([BRC_ROWS[0] + ",extra"], 2, "11 cells, expected 10"),
])
def test_bad_brc_input_names_file_and_line(tmp_path, rows, line, message):
    src = tmp_path / "brc.csv"
    src.write_text("\n".join([BRC_HEADER, *rows]) + "\n", encoding="utf-8")
    with pytest.raises(FgrError) as err:
        vocab.import_brc(src, tmp_path / "out", None)
    assert err.value.line == line and message in err.value.message
    assert not (tmp_path / "out" / "brc2014.ttl").exists()


def test_missing_columns_and_folders_are_reported(tmp_path):
    bad = tmp_path / "brc.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(FgrError) as err:
        vocab.import_brc(bad, tmp_path, None)
    assert err.value.line == 1 and "missing column(s) ISCO2008unitgroup" in err.value.message
    with pytest.raises(FgrError) as err:
        vocab.import_esco(tmp_path, tmp_path / "out")
    assert "ISCOGroups_en.csv" in str(err.value)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/vocab (the published tables) is not present")
def test_committed_vocab_equals_a_fresh_import(tmp_path):
    vocab.import_esco(SHARED / "esco", tmp_path)
    vocab.import_brc(SHARED / "brc" / "brc2014_isco08_brc_crosswalk.csv", tmp_path, vocab.isco_codes_of(tmp_path))
    vocab.write_eqf(tmp_path)
    vocab.import_onet(SHARED / "onet", tmp_path, vocab.isco_codes_of(tmp_path))
    for name in ("esco-isco.ttl", "esco-occupations.ttl", "esco-skills.ttl", "brc2014.ttl", "eqf.ttl", "onet-soc.ttl"):
        assert (tmp_path / name).read_bytes() == (VOCAB / name).read_bytes(), name
