"""`fgr vocab import-esco` on a full ESCO download (issue 25): every language's labels, the skill
hierarchy, the occupations' essential and optional skills; bad files named by file and line, nothing
half-written. The download is tests/fixtures/esco-full: invented rows in ESCO's own column layout."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.links import vocab
from functiegebouw.links.mappings import open_vocab
from support import FIXTURES, ROOT

FULL = FIXTURES / "esco-full"
OCC = "http://data.europa.eu/esco/occupation/aaaaaaaa-0000-4000-8000-00000000000"
SKILL = "http://data.europa.eu/esco/skill/bbbbbbbb-0000-4000-8000-00000000000"
GROUP = "http://data.europa.eu/esco/skill/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ESCO = "http://data.europa.eu/esco/model#"
NAMES = ("esco-isco.ttl", "esco-occupations.ttl", "esco-skills.ttl", "esco-occupation-skills.ttl")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    out = tmp_path_factory.mktemp("full")
    written = vocab.import_esco(FULL, out, release="v1.2.0")
    return out, written, open_vocab(out)


def pairs(store, query):
    return {tuple(t.value for t in row) for row in store.query(query)}


def test_every_language_and_table_is_taken(imported):
    out, written, store = imported
    assert {p.name for p in written.files} == set(NAMES)
    assert written.counts["occupation-skill relations"] == 4 and written.counts["skills"] == 3
    labels = pairs(store, f"SELECT ?l (LANG(?l) AS ?t) WHERE {{ <{OCC}1> <{SKOS}prefLabel> ?l }}")
    assert labels == {("test communication assistant", "en"), ("proefcommunicatiemedewerker", "nl"),
                      ("Testkommunikationsassistent", "de")}
    skill = pairs(store, f"SELECT ?l (LANG(?l) AS ?t) WHERE {{ <{SKILL}1> <{SKOS}prefLabel> ?l }}")
    assert skill == {("test write press releases", "en"), ("proefpersberichten schrijven", "nl")}
    # ESCO's Dutch ISCO-08 names are altLabels: CBS's name is the Dutch prefLabel (brc2014.ttl)
    assert pairs(store, "SELECT ?p ?l WHERE { <http://data.europa.eu/esco/isco/C2432> ?p ?l . FILTER(LANG(?l) = 'nl') }") \
        == {(SKOS + "altLabel", "Proefspecialisten public relations"), ("http://purl.org/dc/terms/description", "Verzonnen.")}


def test_relations_as_esco_models_them_and_the_hierarchy(imported):
    _, _, store = imported
    got = pairs(store, f"SELECT ?o ?p ?s WHERE {{ ?o ?p ?s . FILTER(?p IN (<{ESCO}hasEssentialSkill>, <{ESCO}hasOptionalSkill>)) }}")
    assert got == {(OCC + "1", ESCO + "hasEssentialSkill", SKILL + "1"), (OCC + "1", ESCO + "hasEssentialSkill", SKILL + "2"),
                   (OCC + "1", ESCO + "hasOptionalSkill", SKILL + "3"), (OCC + "2", ESCO + "hasEssentialSkill", SKILL + "2")}
    broader = pairs(store, f"SELECT ?a ?b WHERE {{ ?a <{SKOS}broader> ?b }}")
    # broaderRelationsSkillPillar (skill -> group, skill -> skill) and skillsHierarchy (group -> group)
    assert {(SKILL + "1", GROUP + "S1.1"), (SKILL + "3", SKILL + "2"), (GROUP + "S1.1", GROUP + "S1"),
            (GROUP + "S1", GROUP + "S")} <= broader
    versions = pairs(store, "SELECT ?v WHERE { ?s <http://www.w3.org/2002/07/owl#versionInfo> ?v }")
    assert versions == {("ESCO v1.2.0",)}


def test_the_import_is_deterministic(imported, tmp_path):
    out, _, _ = imported
    vocab.import_esco(FULL, tmp_path, release="v1.2.0")
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def copy(tmp_path):
    src = tmp_path / "download"
    shutil.copytree(FULL, src)
    return src


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD = [
    ("occupationSkillRelations_en.csv", ",optional,", ",mandatory,", 4, "relationType 'mandatory'"),
    ("occupationSkillRelations_nl.csv", "bbbbbbbb-0000-4000-8000-000000000003,", "bbbbbbbb-0000-4000-8000-000000000009,", 4,
     "is not in the skills files"),
    ("occupationSkillRelations_nl.csv", ",essential,skill/competence,", ",essential,", 2, "cells, expected 6"),
    ("occupations_de.csv", ",2432,Testpressesprecher", ",9999,Testpressesprecher", 3, "ISCO-08 group 9999"),
    ("skills_nl.csv", "knowledge,sector-specific,proef", "know-how,sector-specific,proef", 4, "skillType 'know-how'"),
    ("skillsHierarchy_en.csv", "\nhttp://data.europa.eu/esco/skill/S,test skills,,,", "\n,,,,", 2, "without a gap"),
    ("ISCOGroups_nl.csv", "/isco/C4419,4419,", "/isco/C4419,4418,", 9, "does not carry the code"),
]


@pytest.mark.parametrize("name, old, new, line, message", BAD, ids=[b[0] + ":" + str(b[3]) for b in BAD])
def test_a_bad_file_is_named_with_its_line_and_nothing_is_written(tmp_path, name, old, new, line, message):
    src = copy(tmp_path)
    out = tmp_path / "out"
    vocab.import_esco(FULL, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    edit(src / name, old, new)
    with pytest.raises(FgrError) as err:
        vocab.import_esco(src, out)
    assert Path(err.value.path).name == name and err.value.line == line and message in err.value.message
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before   # nothing half-written, no temporary file


def test_the_command_says_it_in_one_line(tmp_path):
    src = copy(tmp_path)
    edit(src / "occupationSkillRelations_en.csv", ",optional,", ",mandatory,")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "vocab", "import-esco", str(src), "-o",
                           str(tmp_path / "out")], capture_output=True, text=True, env=env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "occupationSkillRelations_en.csv:4" in line and "relationType 'mandatory'" in line
    assert not (tmp_path / "out").exists()


def test_a_download_without_relations_removes_the_earlier_ones(tmp_path):
    src = copy(tmp_path)
    out = tmp_path / "out"
    vocab.import_esco(src, out)
    assert (out / "esco-occupation-skills.ttl").is_file()
    for path in src.glob("occupationSkillRelations_*.csv"):
        path.unlink()
    written = vocab.import_esco(src, out)
    assert not (out / "esco-occupation-skills.ttl").exists() and "occupation-skill relations" not in written.counts


def test_a_folder_without_the_required_tables_is_refused(tmp_path):
    src = copy(tmp_path)
    for path in src.glob("skills_*.csv"):
        path.unlink()
    with pytest.raises(FgrError) as err:
        vocab.import_esco(src, tmp_path / "out")
    assert "skills_" in str(err.value) and "missing" in str(err.value)
    assert not (tmp_path / "out" / "esco-isco.ttl").exists()
