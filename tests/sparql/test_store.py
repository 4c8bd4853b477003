"""The embedded store: built from the files once, rebuilt only when a file changes."""
from __future__ import annotations

import os
import threading

import pytest

import functiegebouw
from functiegebouw.errors import FgrError

TTL = """@prefix ex: <http://example.org/> .
ex:a ex:p "one" .
ex:b ex:p 2 .
"""


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.ttl").write_text(TTL)
    (folder / "sub" / "b.nt").write_text('<http://example.org/c> <http://example.org/p> "3" .\n')
    (folder / "notes.txt").write_text("not RDF, ignored\n")
    return folder


def rows(store):
    return store.query("SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s").rows


def test_data_folder_is_loaded_with_the_ontology(data, tmp_path):
    store = functiegebouw.open(data, store_dir=tmp_path / "cache")
    assert rows(store) == [("http://example.org/a", "one"), ("http://example.org/b", 2),
                           ("http://example.org/c", "3")]
    assert store.query("ASK { <https://w3id.org/functiegebouw/def#JobGroup> ?p ?o }") is True
    bare = functiegebouw.open(data, store_dir=tmp_path / "cache", ontology=False)
    assert bare.query("ASK { <https://w3id.org/functiegebouw/def#JobGroup> ?p ?o }") is False


def test_cache_is_reused_until_a_file_changes(data, tmp_path):
    cache = tmp_path / "cache"
    first = functiegebouw.open(data, store_dir=cache)
    assert first.rebuilt
    again = functiegebouw.open(data, store_dir=cache)
    assert not again.rebuilt and again.location == first.location

    # same size, new mtime
    a = data / "a.ttl"
    st = a.stat()
    os.utime(a, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    touched = functiegebouw.open(data, store_dir=cache)
    assert touched.rebuilt and touched.location != first.location

    # new content (size changes): the new rows are visible
    a.write_text(TTL + 'ex:d ex:p "four" .\n')
    changed = functiegebouw.open(data, store_dir=cache)
    assert changed.rebuilt
    assert ("http://example.org/d", "four") in rows(changed)

    # a file added or removed changes the file set
    (data / "sub" / "b.nt").unlink()
    assert functiegebouw.open(data, store_dir=cache).rebuilt
    assert not functiegebouw.open(data, store_dir=cache).rebuilt


def test_single_file_and_file_list(data, tmp_path):
    one = functiegebouw.open(data / "a.ttl", store_dir=tmp_path / "c", ontology=False)
    assert len(rows(one)) == 2
    two = functiegebouw.open([data / "a.ttl", data / "sub" / "b.nt"], store_dir=tmp_path / "c", ontology=False)
    assert len(rows(two)) == 3


def test_bad_turtle_names_file_and_line_and_leaves_no_cache(data, tmp_path):
    (data / "bad.ttl").write_text('@prefix ex: <http://example.org/> .\n\nex:x ex:p "unterminated .\n')
    cache = tmp_path / "cache"
    with pytest.raises(FgrError) as err:
        functiegebouw.open(data, store_dir=cache)
    assert err.value.path.endswith("bad.ttl") and err.value.line == 3
    leftovers = [p for p in cache.rglob("*") if p.is_dir() and p.parent != cache]
    assert leftovers == []
    (data / "bad.ttl").unlink()
    assert len(rows(functiegebouw.open(data, store_dir=cache))) == 3


def test_missing_data_and_empty_folder_are_clear_errors(tmp_path):
    with pytest.raises(FgrError, match="no such file"):
        functiegebouw.open(tmp_path / "nope", store_dir=tmp_path / "c")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FgrError, match="no RDF files"):
        functiegebouw.open(tmp_path / "empty", store_dir=tmp_path / "c", ontology=False)


def test_concurrent_opens_agree(data, tmp_path):
    cache, results, errors = tmp_path / "cache", [], []

    def work():
        try:
            results.append(rows(functiegebouw.open(data, store_dir=cache)))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 4 and all(r == results[0] for r in results)
    assert [p.name for p in cache.iterdir() for p in p.iterdir() if p.name.startswith("tmp-")] == []


def test_default_store_is_the_project_data(tmp_path):
    store = functiegebouw.open(store_dir=tmp_path)
    names = {p.name for p in store.files}
    assert "medewerker-communicatie.ttl" in names and "salarisschalen.ttl" in names
    assert store.query("PREFIX fgr: <https://w3id.org/functiegebouw/def#> "
                       "SELECT ?id WHERE { ?g a fgr:JobGroup ; fgr:fgrId ?id } ORDER BY ?id").rows[0] == (527,)


def test_graph_and_data_options_are_checked(tmp_path):
    with pytest.raises(FgrError):
        functiegebouw.open(tmp_path, endpoint="http://127.0.0.1:1/query")
    with pytest.raises(FgrError):
        functiegebouw.open(graph="http://example.org/g", store_dir=tmp_path)


def _generations(cache):
    return sorted(p.name for p in cache.iterdir() if (p / "complete").exists())


def test_the_cache_keeps_the_current_generation_and_those_in_use(data, tmp_path):
    """.store/ does not grow by a copy per data change: an old generation goes when no reader holds it."""
    root = tmp_path / "cache"
    first = functiegebouw.open(data, store_dir=root)  # stays open: a reader of generation 1
    (cache,) = list(root.iterdir())
    (data / "a.ttl").write_text(TTL + '<http://example.org/d> <http://example.org/p> "4" .\n')
    second = functiegebouw.open(data, store_dir=root)
    assert _generations(cache) == sorted([first.fingerprint, second.fingerprint])  # 1 is in use
    assert rows(first)[-1] == ("http://example.org/c", "3") and len(rows(second)) == 4
    first.close()
    second.close()
    (data / "a.ttl").write_text(TTL)
    os.utime(data / "a.ttl", ns=(1, 1))  # a different fingerprint from generation 1 (same size)
    third = functiegebouw.open(data, store_dir=root)
    assert _generations(cache) == [third.fingerprint]


def test_fgr_serve_holds_its_generation(data, tmp_path):
    """The server keeps the lock of the generation it serves; a rebuild leaves that one in place."""
    import subprocess
    import sys

    from support import free_port, wait_until_up

    root = tmp_path / "cache"
    port = free_port()
    env = dict(os.environ, FGR_STORE_DIR=str(root))
    proc = subprocess.Popen([sys.executable, "-m", "functiegebouw.cli", "serve", "--port", str(port), "--data", str(data)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", proc=proc)
        (cache,) = list(root.iterdir())
        (served,) = _generations(cache)
        (data / "a.ttl").write_text(TTL + '<http://example.org/d> <http://example.org/p> "4" .\n')
        newer = functiegebouw.open(data, store_dir=root)
        assert _generations(cache) == sorted([served, newer.fingerprint])
    finally:
        proc.terminate()
        proc.wait(timeout=10)
