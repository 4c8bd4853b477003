"""The ``stats`` file of a store cache (issue 28): every `fgr query` on a settled cache compares one
stat per recorded folder and file with it, without parsing manifest.json; any change, a racy entry,
a damaged, foreign or stale file, or a cache of before it, leaves the decision to the manifest."""
from __future__ import annotations

import os

import pytest

import functiegebouw
from functiegebouw.sparql import store as st

EX = "http://example.org/"


def nt(subject: str, value: str) -> str:
    return f"<{EX}{subject}> <{EX}p> \"{value}\" .\n"


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    (folder / "sources").mkdir(parents=True)
    (folder / "sub").mkdir()
    (folder / "sources" / "p1.txt").write_text("Resultaten\n")
    (folder / "a.nt").write_text(nt("a", "one"))
    (folder / "sub" / "b.nt").write_text(nt("b", "two"))
    return folder


@pytest.fixture
def settled_clock(monkeypatch):
    monkeypatch.setattr(st, "RACY_NS", 0)


def open_store(data, cache):
    return functiegebouw.open(data, store_dir=cache, ontology=False)


def values(store) -> list[tuple]:
    return store.query(f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s").rows


def cache_folder(cache):
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    return folder


def test_a_settled_cache_is_opened_from_the_stats_file_alone(data, tmp_path, settled_clock, monkeypatch):
    cache = tmp_path / "cache"
    first = open_store(data, cache)
    stats = cache_folder(cache) / "stats"
    assert stats.exists()
    assert st._settled_generation(str(stats)) == first.location.name
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(st._Cache, "manifest", lambda self: pytest.fail("manifest.json read"))
        again = open_store(data, cache)
    assert not again.rebuilt and again.location == first.location
    assert values(again) == [(f"{EX}a", "one"), (f"{EX}b", "two")]
    assert sorted(p.name for p in again.files) == ["a.nt", "b.nt"]


@pytest.mark.parametrize("change", ["edit", "same-size-same-mtime", "add", "add-in-new-folder", "remove",
                                    "folder-replaced"])
def test_every_change_fails_the_stats_check_and_the_store_is_brought_up_to_date(
        data, tmp_path, settled_clock, change):
    cache = tmp_path / "cache"
    open_store(data, cache).close()
    stats = str(cache_folder(cache) / "stats")
    a = data / "a.nt"
    if change == "edit":
        a.write_text(nt("a", "edited"))
        expected = [(f"{EX}a", "edited"), (f"{EX}b", "two")]
    elif change == "same-size-same-mtime":
        before = a.stat()
        a.write_text(nt("a", "eno"))
        os.utime(a, ns=(before.st_atime_ns, before.st_mtime_ns))
        expected = [(f"{EX}a", "eno"), (f"{EX}b", "two")]
    elif change == "add":
        (data / "sub" / "c.nt").write_text(nt("c", "three"))
        expected = [(f"{EX}a", "one"), (f"{EX}b", "two"), (f"{EX}c", "three")]
    elif change == "add-in-new-folder":
        (data / "sub" / "deeper").mkdir()
        (data / "sub" / "deeper" / "c.nt").write_text(nt("c", "three"))
        expected = [(f"{EX}a", "one"), (f"{EX}b", "two"), (f"{EX}c", "three")]
    elif change == "remove":
        (data / "sub" / "b.nt").unlink()
        expected = [(f"{EX}a", "one")]
    else:  # the folder renamed away and another with the same file names put in its place
        (data / "sub").rename(tmp_path / "old")
        (data / "sub").mkdir()
        (data / "sub" / "b.nt").write_text(nt("b", "owt"))
        expected = [(f"{EX}a", "one"), (f"{EX}b", "owt")]
    assert st._settled_generation(stats) is None
    store = open_store(data, cache)
    assert store.rebuilt and values(store) == expected
    store.close()
    again = open_store(data, cache)  # the new manifest's stats file: the next open takes the fast path
    assert not again.rebuilt and st._settled_generation(stats) == again.location.name


def test_racy_entries_leave_no_stats_file_until_they_settle(data, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    open_store(data, cache).close()  # the files were just written: racy, digests kept
    stats = cache_folder(cache) / "stats"
    assert not stats.exists()
    monkeypatch.setattr(st, "RACY_NS", 0)  # as if two seconds had passed
    assert not open_store(data, cache).rebuilt
    assert stats.exists()


def test_a_cache_of_before_the_stats_file_gets_one(data, tmp_path, settled_clock):
    cache = tmp_path / "cache"
    open_store(data, cache).close()
    stats = cache_folder(cache) / "stats"
    stats.unlink()
    assert not open_store(data, cache).rebuilt
    assert stats.exists()


@pytest.mark.parametrize("damage", ["empty", "truncated", "magic", "version", "generation-outside",
                                    "generation-bad", "more-names", "numbers", "garbage"])
def test_a_damaged_or_foreign_stats_file_leaves_it_to_the_manifest(data, tmp_path, settled_clock, damage):
    cache = tmp_path / "cache"
    first = open_store(data, cache)
    stats = cache_folder(cache) / "stats"
    blob = stats.read_bytes()
    magic, version, generation, folders, files, rest = blob.split(b"\0", 5)
    fields = [magic, version, generation, folders, files]
    if damage == "empty":
        blob = b""
    elif damage == "truncated":
        blob = blob[:-3]
    elif damage == "magic":
        blob = b"\0".join([b"fgr-stats 9", *fields[1:], rest])
    elif damage == "version":
        blob = b"\0".join([magic, b"format 0 pyoxigraph 0", *fields[2:], rest])
    elif damage == "generation-outside":  # a store of other triples outside the cache: never opened
        import pyoxigraph as ox

        elsewhere = tmp_path / "elsewhere"
        other = ox.Store(str(elsewhere))
        other.add(ox.Quad(ox.NamedNode(f"{EX}x"), ox.NamedNode(f"{EX}p"), ox.Literal("foreign")))
        other.flush()
        del other
        (elsewhere / "lock").touch()
        (elsewhere / "complete").write_text("[]\n")
        blob = b"\0".join([magic, version, b"../../elsewhere", *fields[3:], rest])
    elif damage == "generation-bad":
        blob = b"\0".join([magic, version, b"gen-1/../../x", *fields[3:], rest])
    elif damage == "more-names":
        blob = b"\0".join([*fields[:4], str(int(files) + 1).encode(), rest])
    elif damage == "numbers":
        blob = blob[:-8] + (12345).to_bytes(8, "little")
    else:
        blob = os.urandom(200)
    stats.write_bytes(blob)
    assert st._settled_generation(str(stats)) is None
    again = open_store(data, cache)
    assert not again.rebuilt and again.location == first.location
    assert values(again) == [(f"{EX}a", "one"), (f"{EX}b", "two")]


def test_a_stats_file_naming_a_removed_generation_falls_back(data, tmp_path, settled_clock):
    """A generation collected by a builder after a reader read the stats file: the manifest decides."""
    cache = tmp_path / "cache"
    first = open_store(data, cache)
    first.close()
    stats = cache_folder(cache) / "stats"
    magic, version, _generation, rest = stats.read_bytes().split(b"\0", 3)
    stats.write_bytes(b"\0".join([magic, version, b"gen-000009", rest]))
    assert st._settled_generation(str(stats)) == "gen-000009"  # the stats match; the folder is gone
    again = open_store(data, cache)
    assert not again.rebuilt and again.location == first.location
    assert values(again) == [(f"{EX}a", "one"), (f"{EX}b", "two")]


def test_a_name_with_a_newline_is_kept_whole(tmp_path, settled_clock):
    data = tmp_path / "data"
    data.mkdir()
    (data / "line\nbreak.nt").write_text(nt("a", "one"))
    cache = tmp_path / "cache"
    open_store(data, cache).close()
    stats = str(cache_folder(cache) / "stats")
    assert st._settled_generation(stats) is not None
    (data / "line\nbreak.nt").write_text(nt("a", "edited"))
    assert st._settled_generation(stats) is None
    assert values(open_store(data, cache)) == [(f"{EX}a", "edited")]
