"""The store-currency check (issue 28): an up-to-date store is opened with one stat per recorded
folder and RDF file, without listing any folder (``sources/`` above all); edits, added and removed
files, and an edit within the file system's clock tick are noticed, and a stale store is never used.
A settled cache is checked against its packed ``stats`` file without parsing manifest.json; any
change, a racy entry, a damaged, foreign or stale file, or a cache of before it, leaves the decision
to the manifest."""
from __future__ import annotations

import json
import os

import pytest

import functiegebouw
from functiegebouw.sparql import store as st

EX = "http://example.org/"


def nt(subject: str, value: str) -> str:
    return f"<{EX}{subject}> <{EX}p> \"{value}\" .\n"


@pytest.fixture
def data(tmp_path):
    """The layout `fgr build` leaves: RDF beside sources/ full of text and TOML."""
    folder = tmp_path / "data"
    (folder / "sources").mkdir(parents=True)
    (folder / "sub").mkdir()
    for n in range(30):
        (folder / "sources" / f"p{n}.txt").write_text("Resultaten\n")
        (folder / "sources" / f"p{n}.toml").write_text(f"functiegroep_id = {n}\n")
    (folder / "a.nt").write_text(nt("a", "one"))
    (folder / "sub" / "b.nt").write_text(nt("b", "two"))
    return folder


@pytest.fixture
def listed(monkeypatch):
    """Every folder listed (os.scandir, os.listdir) while the test runs."""
    seen: list[str] = []
    scandir, listdir = os.scandir, os.listdir

    def counting_scandir(path="."):
        seen.append(str(path))
        return scandir(path)

    def counting_listdir(path="."):
        seen.append(str(path))
        return listdir(path)

    monkeypatch.setattr(os, "scandir", counting_scandir)
    monkeypatch.setattr(os, "listdir", counting_listdir)
    return seen


@pytest.fixture
def settled_clock(monkeypatch):
    """Times as if the files were written long before: nothing is racy (the racy case is tested
    on its own below with the real window)."""
    monkeypatch.setattr(st, "RACY_NS", 0)


def values(store) -> list[tuple]:
    return store.query(f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s").rows


def manifest(cache):
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    return st._Cache(folder).manifest()


def open_store(data, cache):
    return functiegebouw.open(data, store_dir=cache, ontology=False)


def test_an_up_to_date_store_is_opened_without_listing_any_folder(data, tmp_path, listed, settled_clock):
    cache = tmp_path / "cache"
    assert open_store(data, cache).rebuilt
    assert any(p.endswith("sources") for p in listed)  # the first build walks everything
    listed.clear()
    again = open_store(data, cache)
    assert not again.rebuilt and values(again) == [(f"{EX}a", "one"), (f"{EX}b", "two")]
    assert listed == []
    assert sorted(p.name for p in again.files) == ["a.nt", "b.nt"]  # read from the generation
    recorded = manifest(cache)
    assert str(data / "sources") in recorded["folders"]  # one stat stands for its 60 files
    assert not any("/sources/" in p for p in recorded["files"])


CHANGES = ["edit", "same-size-same-mtime", "add", "add-in-new-folder", "remove", "folder-replaced"]


def make_change(data, tmp_path, change: str) -> list[tuple]:
    """One of CHANGES made to the data folder; the values the store must then answer."""
    a = data / "a.nt"
    if change == "edit":
        a.write_text(nt("a", "edited"))
        return [(f"{EX}a", "edited"), (f"{EX}b", "two")]
    if change == "same-size-same-mtime":
        before = a.stat()
        a.write_text(nt("a", "eno"))  # same size, and the mtime put back: only ctime tells
        os.utime(a, ns=(before.st_atime_ns, before.st_mtime_ns))
        assert (a.stat().st_size, a.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
        return [(f"{EX}a", "eno"), (f"{EX}b", "two")]
    if change == "add":
        (data / "sub" / "c.nt").write_text(nt("c", "three"))
        return [(f"{EX}a", "one"), (f"{EX}b", "two"), (f"{EX}c", "three")]
    if change == "add-in-new-folder":
        (data / "sub" / "deeper").mkdir()
        (data / "sub" / "deeper" / "c.nt").write_text(nt("c", "three"))
        return [(f"{EX}a", "one"), (f"{EX}b", "two"), (f"{EX}c", "three")]
    if change == "remove":
        (data / "sub" / "b.nt").unlink()
        return [(f"{EX}a", "one")]
    assert change == "folder-replaced"  # renamed away, another with the same file names in its place
    (data / "sub").rename(tmp_path / "old")
    (data / "sub").mkdir()
    (data / "sub" / "b.nt").write_text(nt("b", "owt"))
    return [(f"{EX}a", "one"), (f"{EX}b", "owt")]


@pytest.mark.parametrize("change", CHANGES)
def test_the_check_notices_a_change_without_walking_and_the_stale_store_is_not_used(
        data, tmp_path, listed, settled_clock, change):
    cache = tmp_path / "cache"
    open_store(data, cache).close()
    expected = make_change(data, tmp_path, change)
    recorded = manifest(cache)
    listed.clear()
    assert st._current(recorded) is None  # the check alone notices it ...
    assert listed == []  # ... with stats, no folder listed
    store = open_store(data, cache)
    assert store.rebuilt and values(store) == expected
    walked = [p for p in listed if p.startswith(str(data))]
    if change in ("edit", "same-size-same-mtime"):  # no folder changed: the update needs no walk either
        assert walked == [] and [p.name for p in store.updated] == ["a.nt"]
    else:  # a folder changed: one walk finds which files there are
        assert walked


def test_a_change_in_sources_only_is_one_walk_then_none(data, tmp_path, listed, settled_clock):
    cache = tmp_path / "cache"
    first = open_store(data, cache)
    (data / "sources" / "p99.txt").write_text("Resultaten\n")  # a new text, not yet built: no RDF
    listed.clear()
    again = open_store(data, cache)
    assert not again.rebuilt and again.location == first.location
    assert any(p.endswith("sources") for p in listed)  # the changed folder made it walk once ...
    listed.clear()
    assert not open_store(data, cache).rebuilt
    assert listed == []  # ... and the manifest took the folder's new times


def test_an_edit_within_the_clock_tick_is_found_by_content(data, tmp_path):
    """Files written just before the build are racy: their digest is kept. A second edit in the
    same clock tick leaves size, mtime and ctime as the manifest has them (made so here by writing
    the new stat into the manifest): the content still differs, so the store is rebuilt."""
    cache = tmp_path / "cache"
    open_store(data, cache).close()
    recorded = manifest(cache)
    a = str(data / "a.nt")
    assert len(recorded["files"][a]) == 5 and recorded["files"][a][4] == st._digest(a)
    assert all(len(entry) == 4 for entry in recorded["folders"].values())  # racy folders: walked again
    (data / "a.nt").write_text(nt("a", "eno"))  # the same size
    now = (data / "a.nt").stat()
    recorded["files"][a][:4] = [now.st_size, now.st_mtime_ns, now.st_ctime_ns, now.st_ino]
    recorded["folders"] = {f: e[:3] for f, e in recorded["folders"].items()}  # so the files decide
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    (folder / "manifest.json").write_text(json.dumps(recorded))
    assert st._current(recorded) is None
    store = open_store(data, cache)
    assert store.rebuilt and values(store)[0] == (f"{EX}a", "eno")


def test_digests_are_dropped_once_the_times_are_old_enough(data, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    open_store(data, cache).close()
    assert any(len(e) == 5 for e in manifest(cache)["files"].values())
    monkeypatch.setattr(st, "RACY_NS", 0)  # as if two seconds had passed
    assert not open_store(data, cache).rebuilt
    recorded = manifest(cache)
    assert all(len(e) == 4 for e in recorded["files"].values())
    assert all(len(e) == 3 for e in recorded["folders"].values())


def test_a_manifest_of_the_old_format_is_rebuilt_once(data, tmp_path, settled_clock):
    cache = tmp_path / "cache"
    open_store(data, cache).close()
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    old = manifest(cache)
    del old["folders"]
    old["files"] = {p: e[:2] for p, e in old["files"].items()}  # [size, mtime]: before issue 28
    (folder / "manifest.json").write_text(json.dumps(old))
    (folder / "stats").unlink()  # a cache of that time has none
    assert open_store(data, cache).rebuilt
    assert not open_store(data, cache).rebuilt


# --------------------------------------------------------------------------- the packed stats file

def cache_folder(cache):
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    return folder


def test_a_settled_cache_is_opened_from_the_stats_file_alone(data, tmp_path, settled_clock, monkeypatch):
    cache = tmp_path / "cache"
    first = open_store(data, cache)
    stats = cache_folder(cache) / "stats"
    assert stats.exists()
    assert st._settled_generation(str(stats)) == first.location.name
    monkeypatch.setattr(st._Cache, "manifest", lambda self: pytest.fail("manifest.json read"))
    again = open_store(data, cache)
    assert not again.rebuilt and again.location == first.location
    assert values(again) == [(f"{EX}a", "one"), (f"{EX}b", "two")]
    assert sorted(p.name for p in again.files) == ["a.nt", "b.nt"]


@pytest.mark.parametrize("change", CHANGES)
def test_every_change_fails_the_stats_check_and_the_store_is_brought_up_to_date(
        data, tmp_path, settled_clock, change):
    cache = tmp_path / "cache"
    open_store(data, cache).close()
    stats = str(cache_folder(cache) / "stats")
    expected = make_change(data, tmp_path, change)
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
                                    "generation-bad", "more-names", "negative", "numbers", "garbage"])
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
    elif damage == "negative":  # -1 folders and one file more: the counts still add up to the names
        blob = b"\0".join([*fields[:3], b"-1", str(int(folders) + int(files) + 1).encode(), rest])
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
