"""The incremental store update and triples several files state: a statement stays while any file
states it and goes when the last one drops it; files with blank nodes are rebuilt, not patched
(issue 27's store survivors). Every answer is compared with a fresh full load of the same files."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import functiegebouw

EVERYTHING = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
SHARED = '<urn:shared> <urn:p> "stated by several files" .\n'
TWICE = '<urn:twice> <urn:p> "stated by two files" .\n'


def dump(store) -> list:
    """Every triple, blank nodes as ``_:`` (their labels differ from load to load)."""
    return sorted(tuple("_:" if str(v).startswith("_:") else str(v) for v in row)
                  for row in store.query(EVERYTHING).rows)


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    st = path.stat()  # a new mtime even within the file system's clock tick
    os.utime(path, ns=(st.st_atime_ns, time.time_ns() + 10**9))


@pytest.fixture
def folder(tmp_path) -> Path:
    """Twelve files: a, b and c state SHARED, a and b state TWICE; nine fillers make an edit of up to
    three files an incremental update (at most a quarter of the files)."""
    data = tmp_path / "data"
    data.mkdir()
    for n in range(9):
        write(data / f"filler-{n}.ttl", f'<urn:filler-{n}> <urn:p> "{n}" .\n')
    write(data / "a.ttl", SHARED + TWICE + '<urn:a> <urn:p> "a" .\n')
    write(data / "b.ttl", SHARED + TWICE + '<urn:b> <urn:p> "b" .\n')
    write(data / "c.ttl", SHARED + '<urn:c> <urn:p> "c" .\n')
    return data


class Cache:
    """One store cache over ``folder``, reopened after each edit; each state checked against a fresh load."""

    def __init__(self, folder: Path, tmp_path: Path):
        self.folder, self.tmp, self.fresh = folder, tmp_path, 0
        functiegebouw.open(folder, store_dir=tmp_path / "cache", ontology=False).close()

    def after(self, *edits: tuple[str, str]) -> list:
        for name, text in edits:
            write(self.folder / name, text) if text is not None else (self.folder / name).unlink()
        store = functiegebouw.open(self.folder, store_dir=self.tmp / "cache", ontology=False)
        self.fresh += 1
        fresh = functiegebouw.open(self.folder, store_dir=self.tmp / f"fresh-{self.fresh}", ontology=False)
        try:
            rows = dump(store)
            assert rows == dump(fresh)
            return [p.name for p in store.updated], rows
        finally:
            store.close()
            fresh.close()


def has(rows, subject: str) -> bool:
    return any(row[0] == subject for row in rows)


def test_a_statement_three_files_make_stays_until_the_last_drops_it(folder, tmp_path):
    cache = Cache(folder, tmp_path)
    for name, last in (("a.ttl", False), ("b.ttl", False), ("c.ttl", True)):
        text = (folder / name).read_text(encoding="utf-8").replace(SHARED, "")
        updated, rows = cache.after((name, text))
        assert updated == [name]  # the incremental way, not a rebuild
        assert has(rows, "urn:shared") is not last, name


def test_a_statement_two_files_make_stays_when_one_drops_it(folder, tmp_path):
    cache = Cache(folder, tmp_path)
    updated, rows = cache.after(("a.ttl", None))  # a removed: b still states TWICE
    assert updated == ["a.ttl"] and has(rows, "urn:twice") and not has(rows, "urn:a")
    updated, rows = cache.after(("b.ttl", (folder / "b.ttl").read_text(encoding="utf-8").replace(TWICE, "")))
    assert updated == ["b.ttl"] and not has(rows, "urn:twice")
    # stated again by a new file, then by a second: counted again, so dropping one keeps it
    updated, rows = cache.after(("d.ttl", TWICE), ("e.ttl", TWICE))
    assert sorted(updated) == ["d.ttl", "e.ttl"] and has(rows, "urn:twice")
    _, rows = cache.after(("d.ttl", None))
    assert has(rows, "urn:twice")
    _, rows = cache.after(("e.ttl", '<urn:e> <urn:p> "e" .\n'))
    assert not has(rows, "urn:twice")


BLANK = '<urn:blank> <urn:p> [ <urn:q> "inside" ] .\n'


def test_a_file_with_blank_nodes_is_rebuilt_not_patched(folder, tmp_path):
    """Blank nodes have a new name at every read, so the old triples of an edit could not be found:
    the file's blank-node triples would be there twice (the issue's 11 rows against 9)."""
    write(folder / "blank.ttl", BLANK + SHARED)
    cache = Cache(folder, tmp_path)
    updated, rows = cache.after(("blank.ttl", BLANK + '<urn:more> <urn:p> "more" .\n'))  # still blank nodes
    assert updated == [] and sum(1 for row in rows if row[2] == "inside") == 1
    updated, rows = cache.after(("blank.ttl", '<urn:more> <urn:p> "more" .\n'))  # blank nodes dropped
    assert updated == [] and not [row for row in rows if row[2] == "inside"]
    updated, rows = cache.after(("blank.ttl", BLANK))  # a file gains blank nodes
    assert updated == [] and sum(1 for row in rows if row[2] == "inside") == 1
    _, rows = cache.after(("blank.ttl", BLANK + '<urn:x> <urn:p> "x" .\n'))
    assert sum(1 for row in rows if row[2] == "inside") == 1


def test_a_statement_shared_with_a_blank_node_file_is_counted(folder, tmp_path):
    """A file with blank nodes states SHARED too: its other triples still count for sharing."""
    write(folder / "blank.ttl", BLANK + SHARED)
    write(folder / "c.ttl", '<urn:c> <urn:p> "c" .\n')
    cache = Cache(folder, tmp_path)
    for name in ("a.ttl", "b.ttl"):
        _, rows = cache.after((name, (folder / name).read_text(encoding="utf-8").replace(SHARED, "")))
        assert has(rows, "urn:shared")


def test_a_quarter_of_the_files_is_still_updated_in_place(folder, tmp_path):
    """3 of 12 files changed (INCREMENTAL_SHARE = 0.25): the incremental way; a fourth makes it a rebuild."""
    cache = Cache(folder, tmp_path)
    updated, _ = cache.after(*((f"filler-{n}.ttl", f'<urn:filler-{n}> <urn:p> "new {n}" .\n') for n in range(3)))
    assert updated == ["filler-0.ttl", "filler-1.ttl", "filler-2.ttl"]
    updated, rows = cache.after(*((f"filler-{n}.ttl", f'<urn:filler-{n}> <urn:p> "newer {n}" .\n') for n in range(4)))
    assert updated == [] and ("urn:filler-3", "urn:p", "newer 3") in rows


def test_readers_share_a_generation_and_keep_it_through_a_rebuild(folder, tmp_path):
    first = functiegebouw.open(folder, store_dir=tmp_path / "cache", ontology=False)
    second = functiegebouw.open(folder, store_dir=tmp_path / "cache", ontology=False)  # not kept waiting
    try:
        assert first.location == second.location
        write(folder / "c.ttl", '<urn:c> <urn:p> "changed" .\n')
        third = functiegebouw.open(folder, store_dir=tmp_path / "cache", ontology=False)
        assert third.location != first.location and first.location.exists()  # in use: not removed
        assert ("urn:c", "urn:p", "c") in dump(first) and ("urn:c", "urn:p", "changed") in dump(third)
        third.close()
    finally:
        first.close()
        second.close()
    write(folder / "c.ttl", '<urn:c> <urn:p> "again" .\n')
    functiegebouw.open(folder, store_dir=tmp_path / "cache", ontology=False).close()
    gens = sorted(g.name for c in (tmp_path / "cache").iterdir() for g in c.iterdir() if g.name.startswith("gen-"))
    assert gens == ["gen-000003"]  # the next build removes the generations no reader holds any more


def test_a_folder_without_rdf_files_is_one_line_naming_it(tmp_path):
    from functiegebouw.errors import FgrError

    (tmp_path / "empty").mkdir()
    with pytest.raises(FgrError) as err:
        functiegebouw.open(tmp_path / "empty", store_dir=tmp_path / "cache", ontology=False)
    assert err.value.path == str(tmp_path / "empty") and "no RDF files" in err.value.message


def test_a_file_whose_only_blank_node_is_an_object_is_rebuilt_too(folder, tmp_path):
    write(folder / "blank.ttl", "<urn:blank> <urn:p> _:x .\n")
    cache = Cache(folder, tmp_path)
    updated, rows = cache.after(("blank.ttl", '<urn:blank> <urn:p> _:x .\n<urn:more> <urn:p> "more" .\n'))
    assert updated == [] and rows.count(("urn:blank", "urn:p", "_:")) == 1
    updated, rows = cache.after(("blank.ttl", '<urn:more> <urn:p> "more" .\n'))  # the blank node dropped
    assert updated == [] and ("urn:blank", "urn:p", "_:") not in rows
