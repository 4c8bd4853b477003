"""`fgr link suggest` for people (issue 25): a table per FGR item sorted by vocabulary and rank, Dutch
headers by default and English with `fgr --lang en`, each label once, `--format sssom` for the TSV, and
`--functiegroep` for one functiegroep; on a tiny vocabulary written here, not the project's data."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from functiegebouw.links import review
from functiegebouw.links.suggest import Concept, Source, Suggestion, top_k
from support import FIXTURES, ROOT

OCC = "http://data.europa.eu/esco/occupation/"
ISCO = "http://data.europa.eu/esco/isco/C"
SKILL = "http://data.europa.eu/esco/skill/"

VOCAB_TTL = (FIXTURES / "links" / "suggest-vocab.ttl").read_text(encoding="utf-8")
PROFILE_TTL = (FIXTURES / "links" / "suggest-profile.ttl").read_text(encoding="utf-8")
WORDS_TSV = (FIXTURES / "links" / "suggest-words.tsv").read_text(encoding="utf-8")


def candidates(*pairs):
    return [(Concept(iri, label), score) for iri, label, score in pairs]


RESULTS = [
    Suggestion(Source("https://w3id.org/functiegebouw/id/functiegroep/527", "Medewerker Communicatie", "functiegroep", []),
               "isco", candidates((ISCO + "2432", "Specialisten public relations", 0.3453))),
    Suggestion(Source("https://w3id.org/functiegebouw/id/functiegroep/527", "Medewerker Communicatie", "functiegroep", []),
               "occupation", candidates((OCC + "b89b", "woordvoerder", 0.3122), (OCC + "6cd0", "communicatiewetenschapper", 0.3119))),
    Suggestion(Source("https://w3id.org/functiegebouw/id/competentie/luisteren", "Luisteren", "competentie", []),
               "skill", candidates((SKILL + "S1.7.3", "listening and asking questions", 0.274))),
]


def test_the_table_groups_by_item_and_ranks_within_each_vocabulary_in_dutch():
    text = review.render(RESULTS, "nl")
    lines = text.splitlines()
    assert lines[0] == "functiegroep 527 Medewerker Communicatie"
    assert lines[1].split() == ["rang", "score", "doel", "id", "vocabulaire"]
    # occupations before ISCO-08 although the suggester gave ISCO first; rank 1, 2 in order
    assert [l.split()[0] for l in lines[2:5]] == ["1", "2", "1"]
    assert "woordvoerder" in lines[2] and "0,312" in lines[2] and "ESCO.occupation:b89b" in lines[2]
    assert "ESCO-beroep" in lines[2] and "ISCO08:2432" in lines[4] and lines[4].rstrip().endswith("ISCO-08")
    assert lines[5] == "" and lines[6] == "competentie Luisteren"
    assert "ESCO.skill:S1.7.3" in lines[8] and "ESCO-vaardigheid" in lines[8]


def test_the_table_in_english():
    text = review.render(RESULTS, "en")
    assert text.splitlines()[1].split() == ["rank", "score", "target", "id", "vocabulary"]
    assert "0.312" in text and "ESCO occupation" in text and "ESCO skill" in text and "0,312" not in text


def test_a_label_counts_once_in_a_ranking():
    concepts = [Concept(SKILL + "S4.2.0", "organising, planning"), Concept(SKILL + "S4.2", "organising, planning"),
                Concept(SKILL + "x", "plan self-organization"), Concept(SKILL + "y", "Organising,  Planning")]
    got = top_k(concepts, {0: 0.5, 1: 0.5, 2: 0.4, 3: 0.3}, 3)
    # of the two equal ones the group itself (S4.2, the IRI that sorts first); the same label in another
    # case and spacing is the same label; the third place goes to the next other label
    assert [(c.iri.rsplit("/", 1)[1], s) for c, s in got] == [("S4.2", 0.5), ("x", 0.4)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    base = tmp_path_factory.mktemp("suggest")
    vocab = base / "vocab"
    vocab.mkdir()
    (vocab / "vocab.ttl").write_text(VOCAB_TTL, encoding="utf-8")
    (vocab / "nl-en-words.tsv").write_text(WORDS_TSV, encoding="utf-8")
    (base / "profiel.ttl").write_text(PROFILE_TTL, encoding="utf-8")
    (base / "mappings").mkdir()
    return base


def suggest(folder, *args, lang=None):
    argv = [sys.executable, "-m", "functiegebouw.cli", *(["--lang", lang] if lang else []), "link", "suggest",
            "--source", "profiel.ttl", "--vocab-dir", "vocab", "--mappings", "mappings", "--method", "lexical",
            "--top", "2", *args]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "FGR_STORE_DIR": str(folder / "cache")}
    return subprocess.run(argv, capture_output=True, text=True, cwd=folder, env=env)


def test_one_functiegroep_as_a_table_and_as_sssom(folder):
    proc = suggest(folder, "--functiegroep", "9001", "--kind", "functiegroep")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "functiegroep 9001 Medewerker Klantcontact"
    assert "9002" not in proc.stdout and "Archief" not in lines[0]
    rows = [l.split() for l in lines[2:]]
    # the two klantcontactmedewerker occupations share a label: the better one only
    assert sum("klantcontactmedewerker" in l for l in lines) == 1
    assert rows[0][0] == "1" and rows[0][-1] == "ESCO-beroep" and "ISCO08:4222" in proc.stdout
    english = suggest(folder, "--functiegroep", "9001", "--kind", "functiegroep", lang="en")
    assert english.stdout.splitlines()[1].split() == ["rank", "score", "target", "id", "vocabulary"]
    tsv = suggest(folder, "--functiegroep", "9001", "--kind", "functiegroep", "--format", "sssom")
    assert tsv.returncode == 0 and "\nsubject_id\t" in tsv.stdout
    assert all(l.startswith("fgrid:functiegroep/9001\t") for l in tsv.stdout.splitlines()
               if not l.startswith(("#", "subject_id")))


def test_the_items_of_a_functiegroep_come_with_it(folder):
    proc = suggest(folder, "--functiegroep", "9001", "--kind", "resultaat")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("resultaat Vragen van klanten zijn beantwoord\n")
    none = suggest(folder, "--functiegroep", "9002", "--kind", "resultaat")
    assert none.returncode == 0 and none.stdout == "" and "geen FGR-items" in none.stderr


def test_an_unknown_functiegroep_is_one_line_with_the_nearest(folder):
    proc = suggest(folder, "--functiegroep", "9003")
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "--functiegroep" in line and "'9003'" in line and line.endswith(("nearest: 9002, 9001", "nearest: 9001, 9002"))
