"""Outputs are written atomically: concurrent writers and a crash mid-write never leave a corrupt file."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from rdflib import Graph

from functiegebouw.convert import convert
from functiegebouw.errors import FgrError
from functiegebouw.rdf.files import write_atomic
from functiegebouw.rdf.graph import serialize
from functiegebouw.source.model import Meta
from support import FIXTURES

VARIANTS = FIXTURES / "variants"
SOURCES = ["base.txt", "five-schalen.txt", "one-schaal.txt", "subheadings.txt"]

# Each writer process converts its own source to the same output path, again and again.
WRITER = """
import sys
from functiegebouw.cli import main
source, out, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
for _ in range(rounds):
    assert main(["convert", source, "-o", out, "--functiegroep-id", "77"]) == 0
"""


def test_concurrent_convert_runs_never_leave_a_corrupt_file(tmp_path):
    out = tmp_path / "same.ttl"
    expected = {serialize(convert(VARIANTS / s, meta=Meta(functiegroep_id=77)).graph) for s in SOURCES}
    assert len(expected) == len(SOURCES)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(VARIANTS / s), str(out), "12"],
                                stderr=subprocess.PIPE) for s in SOURCES]
    seen = set()
    deadline = time.monotonic() + 240
    while any(w.poll() is None for w in writers):  # read while they write
        assert time.monotonic() < deadline, "writers hung"
        try:
            data = out.read_bytes()
        except FileNotFoundError:
            continue
        assert data in expected, f"partial or mixed file of {len(data)} bytes"
        seen.add(data)
    for w in writers:
        assert w.wait() == 0, w.stderr.read().decode()
    final = out.read_bytes()
    assert final in expected
    Graph().parse(data=final, format="turtle")
    assert [p.name for p in tmp_path.iterdir()] == ["same.ttl"]  # no temporary file left behind
    assert seen, "the reader never saw the file"


def test_crash_mid_write_keeps_the_previous_file(tmp_path):
    """SIGKILL after the new content is on disk but before the rename: the old file survives intact."""
    out = tmp_path / "out.ttl"
    out.write_text("previous\n")
    child = subprocess.Popen([sys.executable, "-c", f"""
import os, sys, time
from functiegebouw.rdf import files
real_fsync = os.fsync
def stall(fd):
    real_fsync(fd)
    print("written", flush=True)
    time.sleep(60)
files.os.fsync = stall
files.write_atomic({str(out)!r}, b"new content " * 100000)
"""], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "written"
        leftovers = [p for p in tmp_path.iterdir() if p.name != "out.ttl"]
        assert leftovers and leftovers[0].stat().st_size == 1_200_000  # the temporary file is complete
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert out.read_text() == "previous\n"
    # a kill cannot clean up; the leftover is hidden, named after the target, and never read as output
    assert all(p.name.startswith(".out.ttl.") and p.name.endswith(".tmp")
               for p in tmp_path.iterdir() if p.name != "out.ttl")


def test_failed_write_keeps_previous_file_and_removes_the_temporary(tmp_path, monkeypatch):
    out = tmp_path / "out.ttl"
    out.write_text("previous\n")

    def disk_full(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("functiegebouw.rdf.files.os.fsync", disk_full)
    with pytest.raises(FgrError, match="No space left on device") as info:
        write_atomic(out, "new")
    assert info.value.path == str(out)
    assert out.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_interrupt_mid_write_keeps_previous_file(tmp_path, monkeypatch):
    out = tmp_path / "out.ttl"
    out.write_text("previous\n")

    def interrupted(fd):
        raise KeyboardInterrupt
    monkeypatch.setattr("functiegebouw.rdf.files.os.fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(out, "new")
    assert out.read_text() == "previous\n" and [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_write_errors_are_messages(tmp_path):
    with pytest.raises(FgrError, match="cannot write here"):
        write_atomic(tmp_path / "missing" / "x.ttl", "x")
    with pytest.raises(FgrError, match="is a folder"):
        write_atomic(tmp_path, "x")
