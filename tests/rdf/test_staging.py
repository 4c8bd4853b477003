"""`fgr build`'s workers write their outputs to temporary files themselves (rdf.files.Staging):
the temporary files of a running build survive every other process's recovery, a killed build's
go, a planted list of them is refused like a planted journal, and two builds of a folder take turns."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.rdf.files import JOURNAL, LOCK, PENDING, TEMP_SUFFIX, Staging, reading, write_all

TRIPLE = b"<http://example.org/s> <http://example.org/p> \"o\" .\n"


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_outputs_are_replaced_together_at_commit(tmp_path):
    write_all(tmp_path, {"a.nt": b"old a\n", "b.nt": b"old b\n"})
    with Staging(tmp_path, ["a.nt", "b.nt", "b.nt"]) as stage:
        for i, body in enumerate((b"new a\n", b"one b\n", b"other b\n")):
            stage.path(i).write_bytes(body)
        assert (tmp_path / "a.nt").read_bytes() == b"old a\n"  # nothing replaced before the commit
        stage.commit({"a.nt": 0, "b.nt": 2}, {"c.nt": b"new c\n"})
    assert {n: (tmp_path / n).read_bytes() for n in ("a.nt", "b.nt", "c.nt")} == {
        "a.nt": b"new a\n", "b.nt": b"other b\n", "c.nt": b"new c\n"}
    assert names(tmp_path) == [LOCK, "a.nt", "b.nt", "c.nt"]  # no temporary file, no list left


def test_leaving_without_a_commit_changes_nothing(tmp_path):
    write_all(tmp_path, {"a.nt": b"old a\n"})
    with pytest.raises(FgrError), Staging(tmp_path, ["a.nt", "b.nt"]) as stage:
        stage.path(0).write_bytes(b"new a\n")
        raise FgrError(None, None, "a bad source")
    assert names(tmp_path) == [LOCK, "a.nt"] and (tmp_path / "a.nt").read_bytes() == b"old a\n"


def test_a_running_build_s_temporary_files_survive_another_process_s_recovery(tmp_path):
    """Another build (write_all) and a reader finishing a killed build's journal both clean up
    leftovers; the files the running build's workers are writing are not leftovers."""
    write_all(tmp_path, {"a.nt": b"old a\n"})
    with Staging(tmp_path, ["a.nt", "b.nt"]) as stage:
        stage.path(0).write_bytes(b"new a\n")
        stray = tmp_path / f".x.nt.0123abcd{TEMP_SUFFIX}"
        stray.write_bytes(b"a dead build's leftover\n")
        code = ("import sys; from functiegebouw.rdf.files import write_all; "
                "write_all(sys.argv[1], {'other.nt': b'x'})")
        subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True, timeout=60)
        assert stage.path(0).read_bytes() == b"new a\n" and not stray.exists()
        temp = f".c.nt.89abcdef{TEMP_SUFFIX}"  # a killed build's journal, finished by the next reader
        (tmp_path / temp).write_bytes(b"c\n")
        (tmp_path / JOURNAL).write_text(json.dumps([[temp, "c.nt"]]))
        with reading([tmp_path]):
            assert (tmp_path / "c.nt").read_bytes() == b"c\n" and stage.path(0).exists()
        stage.path(1).write_bytes(b"new b\n")
        stage.commit({"a.nt": 0, "b.nt": 1}, {})
    assert names(tmp_path) == [LOCK, "a.nt", "b.nt", "c.nt", "other.nt"]
    assert (tmp_path / "a.nt").read_bytes() == b"new a\n"


def test_a_killed_build_s_temporary_files_and_list_go(tmp_path):
    """Killed (nobody holds its list any more), a build's files are leftovers like any other."""
    code = ("import os, sys; from functiegebouw.rdf.files import Staging\n"
            "stage = Staging(sys.argv[1], ['a.nt']).__enter__()\n"
            "stage.path(0).write_bytes(b'half')\n"
            "os._exit(9)  # no cleanup: as a SIGKILL\n")
    assert subprocess.run([sys.executable, "-c", code, str(tmp_path)], timeout=60).returncode == 9
    assert PENDING in names(tmp_path) and any(n.endswith(TEMP_SUFFIX) for n in names(tmp_path))
    with Staging(tmp_path, ["a.nt"]) as stage:  # the next build
        assert names(tmp_path) == sorted([PENDING, LOCK])  # only its own list: its files are not written yet
        stage.path(0).write_bytes(TRIPLE)
        stage.commit({"a.nt": 0}, {})
    assert names(tmp_path) == [LOCK, "a.nt"]


def test_a_second_build_waits_for_the_first(tmp_path):
    entered = threading.Event()
    order = []

    def second():
        with Staging(tmp_path, ["a.nt"]) as stage:
            entered.set()
            order.append("second")
            stage.path(0).write_bytes(b"second\n")
            stage.commit({"a.nt": 0}, {})

    with Staging(tmp_path, ["a.nt"]) as stage:
        thread = threading.Thread(target=second)
        thread.start()
        assert not entered.wait(0.3)  # it waits for the first build's list
        order.append("first")
        stage.path(0).write_bytes(b"first\n")
        stage.commit({"a.nt": 0}, {})
    thread.join(60)
    assert order == ["first", "second"] and (tmp_path / "a.nt").read_bytes() == b"second\n"


@pytest.mark.parametrize("pairs", [
    [["payload.txt", "../../home/.bashrc"]],
    [[f".a.nt.0123abcd{TEMP_SUFFIX}", "b.nt"]],
    {"not": "a list"},
])
def test_a_planted_list_is_refused_and_nothing_is_touched(tmp_path, pairs):
    data = tmp_path / "data"
    data.mkdir()
    (data / "payload.txt").write_text("x\n")
    leftover = data / f".a.nt.0123abcd{TEMP_SUFFIX}"
    leftover.write_bytes(b"x\n")
    (data / PENDING).write_text(json.dumps(pairs))
    before = names(data)
    with pytest.raises(FgrError, match=r"\.fgr-build\.pending.*expected the journal of an fgr build"):
        with Staging(data, ["a.nt"]):
            pass
    assert names(data) == sorted([*before, LOCK]) and leftover.exists()


def test_a_planted_list_symlink_is_refused(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("[]")
    (data / PENDING).symlink_to(victim)
    with pytest.raises(FgrError, match="not a regular file"):
        write_all(data, {"a.nt": TRIPLE})
    assert victim.read_text() == "[]" and (data / PENDING).is_symlink()


@pytest.mark.parametrize("name", ["../x.nt", "sub/x.nt", PENDING, JOURNAL, f".a.nt.0123abcd{TEMP_SUFFIX}"])
def test_only_plain_names_are_staged(tmp_path, name):
    with pytest.raises(FgrError, match="plain file name"):
        with Staging(tmp_path, ["ok.nt", name]):
            pass
    assert names(tmp_path) == []
    assert not os.path.exists(tmp_path.parent / "x.nt")
