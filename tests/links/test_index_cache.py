"""The suggester's stored vocabulary indexes (links/index_cache.py): read back they give the same
suggestions as built ones; a damaged, hostile or stale file is never trusted (rebuilt, no traceback),
and the stored file is data, not code."""
from __future__ import annotations

import pytest
from rdflib import Graph

from functiegebouw.links import index_cache
from functiegebouw.links import suggest as sg
from functiegebouw.links.mappings import open_vocab
from functiegebouw.links.translate import Translator, read_table
from support import FIXTURES

VOCAB_TTL = (FIXTURES / "links" / "suggest-vocab.ttl").read_text(encoding="utf-8")
PROFILE_TTL = (FIXTURES / "links" / "suggest-profile.ttl").read_text(encoding="utf-8")
WORDS_TSV = (FIXTURES / "links" / "suggest-words.tsv").read_text(encoding="utf-8")


@pytest.fixture
def vocab(tmp_path):
    folder = tmp_path / "vocab"
    folder.mkdir()
    (folder / "vocab.ttl").write_text(VOCAB_TTL, encoding="utf-8")
    (folder / "nl-en-words.tsv").write_text(WORDS_TSV, encoding="utf-8")
    return folder


def run(vocab, cache, opened=None):
    """Suggestions for the test profile; ``opened`` counts how often the vocabulary store was opened."""
    def store():
        if opened is not None:
            opened.append(1)
        return open_vocab(vocab)

    graph = Graph().parse(data=PROFILE_TTL, format="turtle")
    tr = Translator(read_table(vocab / "nl-en-words.tsv"))
    out = sg.suggest(graph, store, tr, top=3, kinds=("functiegroep", "resultaat"), vocab_dir=vocab, cache_dir=cache)
    return [(s.source.iri, s.target, [(c.iri, c.label, score) for c, score in s.candidates]) for s in out]


def entries(cache):
    return sorted((cache / "suggest").glob("*.idx"))


def test_stored_indexes_give_the_same_suggestions_without_opening_the_vocabulary(vocab, tmp_path):
    cache = tmp_path / "cache"
    built = run(vocab, None)
    opened: list = []
    assert run(vocab, cache, opened) == built and opened == [1]
    assert {p.name.split("-")[0] for p in entries(cache)} == {"occupation", "isco", "skill"}
    opened.clear()
    assert run(vocab, cache, opened) == built and opened == []   # all read back: the store was not needed
    assert any(c for _, _, c in built)


@pytest.mark.parametrize("damage", ["garbage", "truncated", "offsets", "documents", "not json", "empty"])
def test_a_damaged_or_hostile_entry_is_rebuilt(vocab, tmp_path, damage):
    cache = tmp_path / "cache"
    built = run(vocab, cache)
    for path in entries(cache):
        raw = path.read_bytes()
        head_end = raw.index(b"\n", len(index_cache.MAGIC))
        if damage == "garbage":
            raw = b"\x80\x04cos\nsystem\n(S'touch /tmp/owned'\ntR."   # a pickle: never loaded as one
        elif damage == "truncated":
            raw = raw[:-5]
        elif damage == "not json":
            raw = index_cache.MAGIC + b"{not json\n" + raw[head_end + 1:]
        elif damage == "empty":
            raw = b""
        else:
            # document numbers or offsets pointing outside the index: same lengths, wrong values
            import json
            from array import array

            head = json.loads(raw[len(index_cache.MAGIC):head_end])
            part = head["parts"][0]
            n_off = part["lengths"]["offsets"]
            body = bytearray(raw[head_end + 1:])
            if damage == "offsets":
                bad = array("q", [0] + [10**9] * (n_off - 1))
                body[:len(bad.tobytes())] = bad.tobytes()
            else:
                start = n_off * 8
                bad = array("i", [10**6])
                body[start:start + 4] = bad.tobytes()
            raw = raw[:head_end + 1] + bytes(body)
        path.write_bytes(raw)
    opened: list = []
    assert run(vocab, cache, opened) == built and opened == [1]
    assert run(vocab, cache, []) == built   # and rewritten whole


def test_another_vocabulary_makes_a_new_entry_and_removes_the_old(vocab, tmp_path):
    cache = tmp_path / "cache"
    run(vocab, cache)
    before = {p.name for p in entries(cache)}
    with open(vocab / "vocab.ttl", "a", encoding="utf-8") as f:
        f.write('<http://data.europa.eu/esco/occupation/dddd> a <http://data.europa.eu/esco/model#Occupation> ; '
                '<http://www.w3.org/2004/02/skos/core#prefLabel> "klantcontactagent"@nl .\n')
    got = run(vocab, cache)
    after = {p.name for p in entries(cache)}
    assert not before & after and len(after) == len(before)
    assert "http://data.europa.eu/esco/occupation/dddd" in {iri for _, t, c in got if t == "occupation" for iri, _, _ in c}


def test_a_symlinked_entry_is_not_followed(vocab, tmp_path):
    cache = tmp_path / "cache"
    built = run(vocab, cache)
    target = tmp_path / "elsewhere.idx"
    for path in entries(cache):
        target.write_bytes(path.read_bytes())
        path.unlink()
        path.symlink_to(target)
    opened: list = []
    assert run(vocab, cache, opened) == built and opened == [1]


def test_a_cache_folder_that_cannot_be_written_still_gives_the_answer(vocab, tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    assert run(vocab, blocked) == run(vocab, None)
    assert blocked.read_text(encoding="utf-8").startswith("a file")
