"""`fgr build` is all or nothing: killed at any moment, on a full disk or interrupted, a reader
(the store, `fgr validate`) sees the outputs of one build, never a mix of two."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.rdf.files import JOURNAL, PENDING, TEMP_SUFFIX, reading, write_all
from support import FIXTURES

SOURCES = 40


def make_data(tmp_path) -> Path:
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    text = (FIXTURES / "variants" / "base.txt").read_text(encoding="utf-8")
    for n in range(SOURCES):
        (data / "sources" / f"p{n:02d}.txt").write_text(text, encoding="utf-8")
    label(data, "run-a")
    return data


def label(data: Path, run: str) -> None:
    for n in range(SOURCES):
        (data / "sources" / f"p{n:02d}.toml").write_text(f'functiegroep_id = {900 + n}\nlabel = "{run} {n}"\n')


def runs_seen(data: Path) -> set[str]:
    found = set()
    for path in data.glob("*.ttl"):
        found.update(re.findall(r'"(run-[ab]) \d+"@nl', path.read_text(encoding="utf-8")))
    return found


def fgr_build(data, **kw):
    return subprocess.Popen([sys.executable, "-m", "functiegebouw.cli", "build", "--data", str(data)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


# `fgr build` in a child that stops for good at one point of write_all and says so on stdout: the
# test kills it there, at once, instead of after a guessed delay (the build's speed decides nothing).
STOPPING_BUILD = """
import os, sys, threading
import functiegebouw.convert as convert
from functiegebouw.rdf import files
data, stage = sys.argv[1], sys.argv[2]

def stop():
    print("stopped", flush=True)
    threading.Event().wait()  # until the test kills us

if stage == "converted":  # every text converted into its temporary file, no output replaced
    files.Staging.commit = lambda self, chosen, extra: stop()
elif stage == "temporaries":  # every temporary file written, no journal yet
    files._syncfs = lambda folder: stop()
else:
    real_replace, done = os.replace, []
    def replace(src, dst):
        if stage == "journal" and str(dst).endswith(files.JOURNAL):
            real_replace(src, dst)
            stop()  # the journal is on disk, no rename done
        if str(src).endswith(files.TEMP_SUFFIX):
            done.append(src)
            if stage == "half renamed" and len(done) == 20:
                stop()  # 19 of the 40 outputs renamed: a mix on disk
        return real_replace(src, dst)
    os.replace = replace
from functiegebouw.cli import main
sys.exit(main(["build", "--data", data, "--jobs", "1"]))
"""
STAGES = ("converted", "temporaries", "journal", "half renamed")


def test_a_killed_build_never_shows_a_mix(tmp_path):
    data = make_data(tmp_path)
    assert fgr_build(data).wait() == 0
    old = "run-a"
    for stage in STAGES:
        new = "run-b" if old == "run-a" else "run-a"
        label(data, new)
        child = subprocess.Popen([sys.executable, "-c", STOPPING_BUILD, str(data), stage], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
        try:
            assert child.stdout.readline() == "stopped\n", f"the build ended before {stage}"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        if stage == "half renamed":
            assert runs_seen(data) == {old, new} and (data / JOURNAL).exists()  # a mix, for the moment
        with reading([data]):  # what every fgr reader does first
            seen = runs_seen(data)
        # killed before its journal a build changed nothing; after it, the reader finished its renames
        assert seen == ({old} if stage in ("converted", "temporaries") else {new}), stage
        assert not (data / JOURNAL).exists()
        assert fgr_build(data).wait() == 0  # the next build runs over whatever the dead one left
        # and removes its leftovers: temporary files, the list of those its workers were writing
        assert runs_seen(data) == {new} and not list(data.glob(f"*{TEMP_SUFFIX}")), stage
        assert not (data / PENDING).exists(), stage
        old = new


def test_the_store_and_validate_finish_a_killed_build_before_reading(tmp_path):
    """The renames of a build killed after its journal: the next reader completes them."""
    data = make_data(tmp_path)
    assert fgr_build(data).wait() == 0
    old = {p.name: p.read_bytes() for p in data.glob("*.ttl")}
    new = {name: re.sub(rb'"run-a (\d+)"@nl', rb'"run-b \1"@nl', body) for name, body in old.items()}
    # write_all up to the point where the journal is on disk and one rename is done, then "die"
    import json

    tag = "deadbeef"
    pairs = []
    for name, body in new.items():
        temp = f".{name}.{tag}{TEMP_SUFFIX}"
        (data / temp).write_bytes(body)
        pairs.append([temp, name])
    (data / JOURNAL).write_text(json.dumps(pairs))
    os.replace(data / pairs[0][0], data / pairs[0][1])
    (data / ".fgr-build.lock").touch()
    assert len(runs_seen(data)) == 2  # a mix on disk, for the moment
    store = functiegebouw.open(data, store_dir=tmp_path / "store")
    labels = {r[0].split()[0] for r in store.query("SELECT ?l WHERE { ?g a <https://w3id.org/functiegebouw/def#JobGroup> ; "
                                        "<http://www.w3.org/2000/01/rdf-schema#label> ?l }").rows}
    assert labels == {"run-b"}
    assert runs_seen(data) == {"run-b"} and not (data / JOURNAL).exists()


def test_a_full_disk_changes_no_output(tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(small)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root and mount)")
    try:
        data = small / "data"
        (data / "sources").mkdir(parents=True)
        text = (FIXTURES / "variants" / "base.txt").read_text(encoding="utf-8")
        for n in range(8):
            (data / "sources" / f"p{n}.txt").write_text(text, encoding="utf-8")
            (data / "sources" / f"p{n}.toml").write_text(f'functiegroep_id = {900 + n}\nlabel = "run-a {n}"\n')
        assert fgr_build(data).wait() == 0
        before = {p.name: p.read_bytes() for p in data.glob("*.ttl")}
        filler = small / "filler"
        free = shutil.disk_usage(small).free
        filler.write_bytes(b"\0" * max(free - 40_000, 0))  # room for a file or two, not for eight
        for n in range(8):
            (data / "sources" / f"p{n}.toml").write_text(f'functiegroep_id = {900 + n}\nlabel = "run-b {n}"\n')
        proc = fgr_build(data)
        _, err = proc.communicate(timeout=300)
        err = err.decode()
        assert proc.returncode == 2 and "Traceback" not in err, err
        assert "no output was changed" in err and len(err.strip().splitlines()) == 1
        assert {p.name: p.read_bytes() for p in data.glob("*.ttl")} == before
        assert not list(data.glob(f"*{TEMP_SUFFIX}"))
    finally:
        subprocess.run(["umount", str(small)], capture_output=True)


def test_write_all_interrupted_before_the_journal_leaves_the_old_files(tmp_path, monkeypatch):
    (tmp_path / "a.ttl").write_bytes(b"old a")
    (tmp_path / "b.ttl").write_bytes(b"old b")
    calls = []
    real = os.fsync

    def interrupt(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(fd)

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_all(tmp_path, {"a.ttl": b"new a", "b.ttl": b"new b"})
    monkeypatch.undo()
    assert (tmp_path / "a.ttl").read_bytes() == b"old a" and (tmp_path / "b.ttl").read_bytes() == b"old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".fgr-build.lock", "a.ttl", "b.ttl"]


def test_a_killed_build_leaves_no_worker_processes(tmp_path):
    data = make_data(tmp_path)
    child = subprocess.Popen([sys.executable, "-m", "functiegebouw.cli", "build", "--data", str(data), "--jobs", "2"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while not workers and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
        workers = [int(p) for p in subprocess.run(["pgrep", "-P", str(child.pid)], capture_output=True,
                                                  text=True).stdout.split()]
    assert workers, "the build started no worker processes"
    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{w}") for w in workers):
        time.sleep(0.1)
    alive = [w for w in workers if os.path.exists(f"/proc/{w}")
             and "functiegebouw" in open(f"/proc/{w}/cmdline", "rb").read().decode(errors="replace")]
    for w in alive:  # leave the machine clean even when the test fails
        os.kill(w, signal.SIGKILL)
    assert alive == [], f"worker processes outlived the killed build: {alive}"
