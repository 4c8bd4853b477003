"""rdf.files after a killed build: stray temporary files go whether or not a journal was written, a
journal's renames are finished, and a reader that finished them shares the folder with other readers
again (issue 27's atomic-file survivors)."""
from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.rdf.files import JOURNAL, LOCK, TEMP_SUFFIX, plain_name, reading, write_all, write_atomic


def temp_name(final: str, tag: str = "0123abcd") -> str:
    return f".{final}.{tag}{TEMP_SUFFIX}"


def killed_build(folder: Path, *, journal: bool) -> None:
    """What a build killed after writing its temporary files (and, with ``journal``, its journal) leaves."""
    folder.mkdir(exist_ok=True)
    (folder / "a.ttl").write_text("old a", encoding="utf-8")
    (folder / temp_name("a.ttl")).write_text("new a", encoding="utf-8")
    (folder / temp_name("b.ttl")).write_text("new b", encoding="utf-8")
    (folder / LOCK).touch()
    if journal:
        (folder / JOURNAL).write_text(json.dumps([[temp_name("a.ttl"), "a.ttl"], [temp_name("b.ttl"), "b.ttl"]]),
                                      encoding="utf-8")


def names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_a_build_after_one_killed_before_its_journal_removes_its_temporary_files(tmp_path):
    killed_build(tmp_path / "out", journal=False)
    (tmp_path / "out" / ".keep.fgr-build-tmp").write_text("not a build's name", encoding="utf-8")
    write_all(tmp_path / "out", {"c.ttl": b"c"})
    assert names(tmp_path / "out") == [".fgr-build.lock", ".keep.fgr-build-tmp", "a.ttl", "c.ttl"]
    assert (tmp_path / "out" / "a.ttl").read_text(encoding="utf-8") == "old a"  # no journal: nothing promised


def test_a_build_that_fails_still_clears_what_a_killed_build_left(tmp_path):
    """The leftovers go first, before this build writes anything: even when it then fails (here on a
    name that is not plain), a killed build's temporary files do not stay in the user's folder."""
    killed_build(tmp_path / "out", journal=False)
    with pytest.raises(FgrError, match="not a plain file name"):
        write_all(tmp_path / "out", {"c.ttl": b"c", "../d.ttl": b"d"})
    assert names(tmp_path / "out") == [".fgr-build.lock", "a.ttl"]


def test_a_build_after_one_killed_after_its_journal_finishes_its_renames(tmp_path):
    killed_build(tmp_path / "out", journal=True)
    write_all(tmp_path / "out", {"c.ttl": b"c"})
    assert names(tmp_path / "out") == [".fgr-build.lock", "a.ttl", "b.ttl", "c.ttl"]
    assert [(tmp_path / "out" / n).read_text(encoding="utf-8") for n in ("a.ttl", "b.ttl")] == ["new a", "new b"]


def shared_lock_free(folder: Path) -> bool:
    """Could another reader (another open of the lock file, as another process makes) read now?"""
    fd = os.open(folder / LOCK, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def exclusive_lock_free(folder: Path) -> bool:
    fd = os.open(folder / LOCK, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    finally:
        os.close(fd)


def test_a_reader_finishes_a_killed_build_then_shares_the_folder(tmp_path):
    folder = tmp_path / "out"
    killed_build(folder, journal=True)
    with reading([folder]):
        assert names(folder) == [".fgr-build.lock", "a.ttl", "b.ttl"]
        assert (folder / "b.ttl").read_text(encoding="utf-8") == "new b"
        assert shared_lock_free(folder)  # a second `fgr query` or `fgr serve` is not kept waiting
        assert not exclusive_lock_free(folder)  # but no build renames files under the reader
    assert exclusive_lock_free(folder)


def test_a_reader_of_a_folder_without_a_journal_changes_nothing(tmp_path):
    folder = tmp_path / "out"
    killed_build(folder, journal=False)
    before = names(folder)
    with reading([folder, tmp_path / "never-built"]):
        assert shared_lock_free(folder) and not exclusive_lock_free(folder)
    assert names(folder) == before


def test_a_planted_journal_is_refused_and_the_reader_lets_go(tmp_path):
    folder = tmp_path / "out"
    killed_build(folder, journal=False)
    (folder / JOURNAL).write_text(json.dumps([[temp_name("a.ttl"), "../escape.ttl"]]), encoding="utf-8")
    with pytest.raises(FgrError, match="entry 1 .* is not a rename of the build's own temporary file"):
        with reading([folder]):
            pass
    assert exclusive_lock_free(folder) and (folder / temp_name("a.ttl")).exists()


@pytest.mark.parametrize("name, ok", [("a.ttl", True), ("", False), (".", False), ("..", False), (JOURNAL, False),
                                      (LOCK, False), ("a/b", False), ("a\\b", False), ("a\nb", False),
                                      ("a\x7fb", False), ("x" + TEMP_SUFFIX, False), ("é" * 127, True),
                                      ("é" * 128, False), (None, False)])
def test_only_plain_names_are_written(name, ok):
    assert plain_name(name) is ok


def test_write_atomic_replaces_whole_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "x.ttl"
    write_atomic(target, "één")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two" and names(tmp_path) == ["x.ttl"]
    assert oct(target.stat().st_mode & 0o777) == "0o644"
    with pytest.raises(FgrError, match="is a folder"):
        write_atomic(tmp_path, "x")
    with pytest.raises(FgrError, match="cannot write here"):
        write_atomic(tmp_path / "missing" / "x.ttl", "x")


def test_a_build_waits_for_readers(tmp_path):
    """write_all takes the folder's lock exclusively: while a reader reads, no file is replaced."""
    import threading

    folder = tmp_path / "out"
    folder.mkdir()
    write_all(folder, {"a.ttl": b"1"})
    with reading([folder]):
        writer = threading.Thread(target=write_all, args=(folder, {"a.ttl": b"2"}), daemon=True)
        writer.start()
        writer.join(0.5)  # it must still be waiting: the reader holds the lock
        assert writer.is_alive() and (folder / "a.ttl").read_bytes() == b"1"
    writer.join(30)
    assert not writer.is_alive() and (folder / "a.ttl").read_bytes() == b"2"
    assert names(folder) == [".fgr-build.lock", "a.ttl"]  # no journal, no temporary file left


def test_an_output_that_is_an_input_under_another_name_is_refused(tmp_path):
    from functiegebouw.rdf.files import refuse_overwriting_inputs

    source = tmp_path / "in.ttl"
    source.write_text("x", encoding="utf-8")
    os.link(source, tmp_path / "hard.ttl")
    (tmp_path / "soft.ttl").symlink_to(source)
    for output in (source, tmp_path / "hard.ttl", tmp_path / "soft.ttl", tmp_path / "." / "in.ttl"):
        with pytest.raises(FgrError, match="is the input .*nothing was written"):
            refuse_overwriting_inputs(output, [None, tmp_path / "other.ttl", source])
    refuse_overwriting_inputs(tmp_path / "new.ttl", [None, source])  # not there yet: another file
    refuse_overwriting_inputs(source, [None])


def test_the_cache_folder_follows_the_environment(tmp_path, monkeypatch):
    from functiegebouw.rdf.files import default_cache_dir

    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "mine"))
    assert default_cache_dir() == tmp_path / "mine"
    monkeypatch.delenv("FGR_STORE_DIR")
    monkeypatch.setattr("functiegebouw.resources.in_checkout", lambda: False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "functiegebouw" / "store"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_cache_dir() == tmp_path / "home" / ".cache" / "functiegebouw" / "store"


def test_a_journal_entry_is_shown_at_most_120_characters(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / LOCK).touch()
    (folder / JOURNAL).write_text(json.dumps([["x" * 300, "é"]]), encoding="utf-8")
    with pytest.raises(FgrError) as err:
        write_all(folder, {"a.ttl": b""})
    shown = json.dumps(["x" * 300, "é"], ensure_ascii=True)[:120]
    assert f"entry 1 {shown} is not a rename" in err.value.message
    assert not (folder / "a.ttl").exists()


def test_a_journal_of_exactly_the_limit_is_read_and_one_byte_more_is_refused(tmp_path):
    from functiegebouw.rdf.files import MAX_JOURNAL_BYTES

    folder = tmp_path / "out"
    folder.mkdir()
    (folder / LOCK).touch()
    with open(folder / JOURNAL, "wb") as fh:  # sparse: no 16 MiB written
        fh.truncate(MAX_JOURNAL_BYTES)
    with pytest.raises(FgrError, match="not JSON"):
        write_all(folder, {"a.ttl": b""})
    with open(folder / JOURNAL, "wb") as fh:
        fh.truncate(MAX_JOURNAL_BYTES + 1)
    with pytest.raises(FgrError, match="more than a build writes"):
        write_all(folder, {"a.ttl": b""})


def test_a_journal_entry_whose_temporary_name_cannot_exist_is_refused(tmp_path):
    """A plain final name of 250 bytes has a temporary name longer than a file name may be: no build
    wrote it, so the journal is not a build's."""
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / LOCK).touch()
    final = "x" * 250
    (folder / JOURNAL).write_text(json.dumps([[temp_name(final), final]]), encoding="utf-8")
    with pytest.raises(FgrError, match="names a symlink or a folder"):
        write_all(folder, {"a.ttl": b""})
    assert (folder / JOURNAL).exists()


@pytest.mark.parametrize("name, ok", [("a b.ttl", True), ("a!b", True), ("x" * 255, True), ("x" * 256, False)])
def test_spaces_and_names_of_255_bytes_are_plain(name, ok):
    assert plain_name(name) is ok


def test_the_journal_limit_is_16_mib_and_a_journal_of_exactly_that_is_read_whole(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / LOCK).touch()
    (folder / JOURNAL).write_bytes(b"[" + b" " * (16 * 1024 * 1024 - 2) + b"]")  # an empty list, padded
    write_all(folder, {"a.ttl": b"a"})
    assert names(folder) == [".fgr-build.lock", "a.ttl"]
    with open(folder / JOURNAL, "wb") as fh:
        fh.truncate(16 * 1024 * 1024 + 1)
    with pytest.raises(FgrError, match=r"16,777,217 bytes, more than a build writes \(16,777,216\)"):
        write_all(folder, {"a.ttl": b""})


def test_a_journal_entry_is_shown_on_one_line(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / LOCK).touch()
    (folder / JOURNAL).write_text(json.dumps([["\u2028é", "../x"]]), encoding="utf-8")
    with pytest.raises(FgrError) as err:
        write_all(folder, {"a.ttl": b""})
    assert '["\\u2028\\u00e9", "../x"]' in err.value.message and "\u2028" not in str(err.value)
