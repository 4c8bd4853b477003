"""The store cache under pressure: incremental updates equal full rebuilds, killed builds leave no
disk behind, clean-up never removes a generation a reader has open, a full disk or a read-only
cache folder is one line, SERVICE is refused unless allowed."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.errors import FgrError

ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
EX = "http://example.org/"


def dump(store) -> list:
    return sorted(store.query(ALL).rows)


def write(folder: Path, name: str, triples: set) -> None:
    lines = "".join(f"<{EX}{s}> <{EX}{p}> \"{o}\" .\n" for s, p, o in sorted(triples))
    (folder / name).write_text(lines or "# empty\n")
    st = (folder / name).stat()  # a distinct mtime even within the filesystem's clock tick
    os.utime(folder / name, ns=(st.st_atime_ns, time.time_ns() + random.randrange(10**9)))


def test_random_edit_sequences_give_what_a_full_rebuild_gives(tmp_path):
    """Files share triples (as profiles share schaal and competentie nodes); every step edits,
    adds or removes a file; the incrementally updated store must equal a fresh build."""
    rng = random.Random(1915)
    data = tmp_path / "data"
    data.mkdir()
    pool = [(f"shared{i}", "label", f"v{i}") for i in range(6)]
    files: dict[str, set] = {}
    for n in range(12):
        files[f"f{n}.nt"] = {(f"own{n}-{k}", "p", str(k)) for k in range(5)} | set(rng.sample(pool, 3))
        write(data, f"f{n}.nt", files[f"f{n}.nt"])
    cache = tmp_path / "cache"
    assert functiegebouw.open(data, store_dir=cache, ontology=False).rebuilt
    incremental = 0
    for step in range(25):
        action = rng.choice(["edit", "edit", "edit", "add", "remove"])
        if action == "remove" and len(files) > 3:
            name = rng.choice(sorted(files))
            del files[name]
            (data / name).unlink()
        elif action == "add":
            name = f"new{step}.nt"
            files[name] = set(rng.sample(pool, 2)) | {(f"added{step}", "p", "x")}
            write(data, name, files[name])
        else:
            name = rng.choice(sorted(files))
            triples = set(files[name])
            for t in rng.sample(sorted(triples), min(2, len(triples))):
                triples.discard(t)
            triples |= set(rng.sample(pool, 2)) | {(f"edit{step}", "p", str(step))}
            files[name] = triples
            write(data, name, triples)
        store = functiegebouw.open(data, store_dir=cache, ontology=False)
        incremental += bool(store.updated)
        fresh = functiegebouw.open(data, store_dir=tmp_path / f"fresh{step}", ontology=False)
        assert dump(store) == dump(fresh), f"step {step}: {action}"
        store.close()
        fresh.close()
    assert incremental >= 20  # the updates really went the incremental way


def test_an_update_touches_one_file_and_keeps_the_rest(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    for n in range(20):
        write(data, f"f{n}.nt", {(f"s{n}", "p", "x"), ("shared", "label", "same")})
    cache = tmp_path / "cache"
    functiegebouw.open(data, store_dir=cache, ontology=False).close()
    write(data, "f3.nt", {("s3", "p", "y")})  # f3 no longer states the shared triple: 19 still do
    store = functiegebouw.open(data, store_dir=cache, ontology=False)
    assert [p.name for p in store.updated] == ["f3.nt"]
    assert ("http://example.org/shared", "http://example.org/label", "same") in dump(store)
    assert ("http://example.org/s3", "http://example.org/p", "y") in dump(store)
    assert ("http://example.org/s3", "http://example.org/p", "x") not in dump(store)


def test_a_generation_in_use_is_never_removed(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    write(data, "a.nt", {("a", "p", "1")})
    cache = tmp_path / "cache"
    reader = functiegebouw.open(data, store_dir=cache, ontology=False)
    used = reader.location
    for k in range(3):
        write(data, "a.nt", {("a", "p", str(k + 2))})
        functiegebouw.open(data, store_dir=cache, ontology=False).close()
    assert used.exists() and (used / "complete").exists()
    assert dump(reader) == [(EX + "a", EX + "p", "1")]  # still readable
    reader.close()
    write(data, "a.nt", {("a", "p", "9")})
    functiegebouw.open(data, store_dir=cache, ontology=False).close()
    assert not used.exists()
    generations = [p.name for p in next(cache.iterdir()).iterdir() if p.name.startswith("gen-")]
    assert len(generations) == 1


def test_a_running_query_process_keeps_its_generation(tmp_path):
    """A separate process that has the store open keeps its generation while others rebuild."""
    data = tmp_path / "data"
    data.mkdir()
    write(data, "a.nt", {("a", "p", "1")})
    cache = tmp_path / "cache"
    code = ("import sys, time, functiegebouw; s = functiegebouw.open(sys.argv[1], store_dir=sys.argv[2], "
            "ontology=False); print(s.location, flush=True); time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code, str(data), str(cache)], stdout=subprocess.PIPE, text=True)
    try:
        used = Path(child.stdout.readline().strip())
        write(data, "a.nt", {("a", "p", "2")})
        functiegebouw.open(data, store_dir=cache, ontology=False).close()
        assert used.exists()
        child.kill()
        child.wait()
        write(data, "a.nt", {("a", "p", "3")})
        functiegebouw.open(data, store_dir=cache, ontology=False).close()
        assert not used.exists()  # the reader died: its lock went with it
    finally:
        child.kill()


# A store build in a child that stops for good at one point and says so on stdout: the test kills it
# there, at once (a kill after a fixed delay missed builds that finished first, on a quiet machine).
STOPPING_STORE = """
import sys, threading
import functiegebouw
from functiegebouw.sparql import store
data, stage = sys.argv[1], sys.argv[2]

def stop(*_args):
    print("stopped", flush=True)
    threading.Event().wait()  # until the test kills us

if stage == "loading":  # the RocksDB store of tmp-* half made
    store._bulk_load_all = stop
elif stage == "records":  # the store made, records/ copied, not yet renamed
    store._Builder._finish = stop
else:  # renamed to gen-*, the manifest not yet pointing at it
    store._Cache.write_manifest = stop
functiegebouw.open(data, ontology=False)
"""


def test_killed_builds_leave_no_disk_behind(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    big = "".join(f"<{EX}s{i}> <{EX}p> \"{'x' * 50}{i}\" .\n" for i in range(20_000))
    (data / "big.nt").write_text(big)
    cache = tmp_path / "cache"
    env = dict(os.environ, FGR_STORE_DIR=str(cache))
    for stage in ("loading", "records", "renamed", "loading"):
        child = subprocess.Popen([sys.executable, "-c", STOPPING_STORE, str(data), stage], env=env,
                                 stdout=subprocess.PIPE, text=True)
        try:
            assert child.stdout.readline() == "stopped\n", f"the build ended before {stage}"
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
        (data / "big.nt").touch()  # each run has something to build
    folder = next(cache.iterdir())
    assert [p for p in folder.iterdir() if p.name.startswith(("tmp-", "gen-"))]  # the dead builds' leftovers
    store = functiegebouw.open(data, ontology=False, store_dir=cache)
    assert len(store.query("SELECT ?s WHERE { ?s ?p ?o }").rows) == 20_000
    names = [p.name for p in folder.iterdir()]
    assert not [n for n in names if n.startswith("tmp-")], names
    assert [n for n in names if n.startswith("gen-")] == [store.location.name]


def _mount(*args) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def test_a_read_only_store_folder_is_one_line(tmp_path):
    src, ro = tmp_path / "src", tmp_path / "ro"
    src.mkdir()
    ro.mkdir()
    if not (_mount("--bind", str(src), str(ro)) and _mount("-o", "remount,bind,ro", str(ro))):
        subprocess.run(["umount", str(ro)], capture_output=True)
        pytest.skip("cannot make a read-only bind mount here (needs root and mount)")
    try:
        (tmp_path / "d").mkdir()
        write(tmp_path / "d", "a.nt", {("a", "p", "1")})
        proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "query", ALL, "--data", str(tmp_path / "d")],
                              capture_output=True, text=True, env=dict(os.environ, FGR_STORE_DIR=str(ro)), timeout=120)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "read-only" in proc.stderr and "FGR_STORE_DIR" in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    finally:
        subprocess.run(["umount", str(ro)], capture_output=True)


def test_a_full_disk_is_one_line_and_leaves_nothing(tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(small)):
        pytest.skip("cannot mount a small tmpfs here (needs root and mount)")
    try:
        data = tmp_path / "d"
        data.mkdir()
        (data / "big.nt").write_text("".join(f"<{EX}s{i}> <{EX}p> \"{'y' * 80}{i}\" .\n" for i in range(40_000)))
        proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "query", ALL, "--data", str(data)],
                              capture_output=True, text=True, env=dict(os.environ, FGR_STORE_DIR=str(small)),
                              timeout=300)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr[-3000:]
        assert "disk is full" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        left = [p for p in small.rglob("*") if p.is_dir() and (p.name.startswith("tmp-") or p.name.startswith("gen-"))]
        assert left == []
    finally:
        subprocess.run(["umount", str(small)], capture_output=True)


@pytest.fixture
def listener():
    """A socket that records whether anyone connected (a SERVICE target): tests/listener.py, which
    records a connection before it closes it, so a query that has returned has left its hit (no
    sleeping for it)."""
    from listener import Listener

    server = Listener()
    yield server.port, server.hits
    server.close()


@pytest.mark.parametrize("text", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ service   <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "# a comment\nSELECT * WHERE {{ ?x ?y ?z OPTIONAL {{ SeRvIcE SILENT <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
])
def test_service_is_refused_by_the_embedded_store(tmp_path, listener, text):
    port, hits = listener
    data = tmp_path / "d"
    data.mkdir()
    write(data, "a.nt", {("a", "p", "1")})
    store = functiegebouw.open(data, store_dir=tmp_path / "c", ontology=False)
    with pytest.raises(FgrError, match="SERVICE is refused"):
        store.query(text.format(port=port))
    assert hits == []  # refused before any connection: none can still be on its way
    allowed = functiegebouw.open(data, store_dir=tmp_path / "c", ontology=False, allow_service=True)
    try:
        allowed.query(text.format(port=port))
    except (FgrError, OSError):
        pass  # the listener is no SPARQL server: it recorded the connection, then closed it
    assert hits, "with allow_service the query reached the endpoint"


def test_a_string_or_iri_named_service_is_no_service(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    write(data, "a.nt", {("SERVICE", "p", "SERVICE <http://x/>")})
    store = functiegebouw.open(data, store_dir=tmp_path / "c", ontology=False)
    assert store.query('SELECT ?s WHERE { ?s ?p "SERVICE <http://x/>" } # SERVICE').rows == [(EX + "SERVICE",)]


def test_results_too_large_for_memory_are_one_line(tmp_path):
    data = tmp_path / "d"
    data.mkdir()
    write(data, "a.nt", {(f"s{i}", "p", str(i)) for i in range(300)})
    env = dict(os.environ, FGR_STORE_DIR=str(tmp_path / "c"))
    for fmt in ("table", "csv", "json"):
        proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "query",
                               "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }", "--data", str(data), "--max-rows", "5000",
                               "--format", fmt], capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
        assert "more than 5,000 result rows" in proc.stderr and "--max-rows" in proc.stderr
    store = functiegebouw.open(data, store_dir=tmp_path / "c", ontology=False, max_rows=1000)
    with pytest.raises(FgrError, match="more than 1,000"):
        _ = store.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }").rows


@pytest.fixture(scope="module")
def one_file(tmp_path_factory):
    """A one-triple file and a store folder for it, shared by the cases below: the store (with the
    shipped ontology and vocabularies, as the CLI loads them) is built once, not once per value."""
    folder = tmp_path_factory.mktemp("huge")
    write(folder, "a.nt", {("a", "p", "1")})
    return folder


@pytest.mark.parametrize("value", ["1e999999999", "-1E999999999", "1e-999999999", "9" * 5000])
def test_huge_decimal_parameters_are_one_line(one_file, value):
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "query",
                           "# param: x (decimal)\nSELECT ?x WHERE { }", "--param", f"x={value}",
                           "--data", str(one_file / "a.nt")], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, FGR_STORE_DIR=str(one_file / "c")))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr
    assert "decimal" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
