"""``fgr load --graph-per-source``: one named graph per file on an Oxigraph server whose default
graph is the union of its named graphs; the named queries give the embedded store's rows; a
re-loaded file replaces exactly its graph; a bad file changes nothing."""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.errors import FgrError
from functiegebouw.rdf.load import PROJECT_ROOT, read_triples
from functiegebouw.sparql.query import catalogue
from functiegebouw.sparql.remote import GRAPH_BASE, TEMP_GRAPH, RemoteStore, graph_name, graph_names
from functiegebouw.sparql.store import source_files
from support import NEEDS_FULL_ESCO

FGR = str(Path(sys.executable).with_name("fgr"))
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
# Small but complete enough to run: everything except the 14 MB of vocabularies.
SMALL = [p for p in (PROJECT_ROOT / "data").iterdir() if p.name not in ("vocab", "sources")]


def fgr_load(url, *args):
    return subprocess.run([FGR, "load", "--endpoint", url, "--graph-per-source", *args],
                          capture_output=True, text=True, timeout=600)


def per_graph(url) -> dict[str, int]:
    rows = functiegebouw.open(endpoint=url).query(PER_GRAPH).rows
    return {g: n for g, n in rows}


def expected(files) -> dict[str, int]:
    return {graph_name(f): len(set(read_triples(f))) for f in files}


@pytest.fixture(scope="module")
def union_server(tmp_path_factory):
    from support import OxigraphServer

    folder = tmp_path_factory.mktemp("union") / "db"
    folder.mkdir()
    server = OxigraphServer(folder, extra_args=["--union-default-graph"]).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def loaded(union_server):
    """The whole project (data/ with vocabularies, ontology) loaded through the CLI: (url, stdout, stderr)."""
    done = fgr_load(union_server.url)
    assert done.returncode == 0, done.stderr
    print(done.stdout, file=sys.stderr)  # the summary line with the load time, for the record
    return union_server.url, done.stdout, done.stderr


@pytest.fixture(scope="module")
def embedded(project_store):
    return project_store


def test_every_file_has_its_own_graph(loaded):
    url, summary, _ = loaded
    _inputs, files = source_files(None)
    want = expected(files)
    assert per_graph(url) == want
    for name in ("ontology/functiegebouw", "data/medewerker-communicatie", "vocab/esco-skills"):
        assert GRAPH_BASE + name in want
    assert f"{sum(want.values())} triples into {len(want)} named graphs" in summary


def test_shared_triples_are_reported(loaded):
    # the module's one load of the whole project (a second load for this line took a minute here)
    assert "triples are in more than one file" in loaded[2]


def test_the_union_default_graph_holds_exactly_the_embedded_triples(loaded, embedded):
    url = loaded[0]
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
    ground = ("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o "
              "FILTER(!isBlank(?s) && !isBlank(?o)) } }")
    assert functiegebouw.open(endpoint=url).query(distinct).rows == embedded.query(distinct).rows
    assert functiegebouw.open(endpoint=url).query(ground).rows == embedded.query(ground).rows


def test_the_union_repeats_shared_triples(loaded):
    """Oxigraph 0.5 repeats a triple once per named graph in the union default graph
    (oxigraph/oxigraph#1919): the case the named queries are written for (next test)."""
    store = functiegebouw.open(endpoint=loaded[0])
    all_rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    distinct = store.query("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }").rows[0][0]
    assert all_rows >= distinct


@pytest.mark.parametrize("q", catalogue(), ids=lambda q: q.name)
def test_every_query_gives_the_embedded_rows(q, embedded, loaded):
    url = loaded[0]
    params = q.example_params
    local = embedded.query(q.name, params)
    remote = functiegebouw.open(endpoint=url).query(q.name, params)
    if hasattr(local, "rows"):
        assert local.rows or q.name in NEEDS_FULL_ESCO, f"{q.name}: the example params give no rows"
        assert remote.columns == local.columns
        assert remote.rows == local.rows
    elif isinstance(local, bool):
        assert remote is local
    else:
        assert len(remote) == len(local)


@pytest.fixture(scope="module")
def small_server(tmp_path_factory):
    """A union server loaded with data/ without vocabularies, once for the two tests below: one adds
    a triple to a graph, the other uploads nothing, and each compares with what it saw first."""
    from support import OxigraphServer

    folder = tmp_path_factory.mktemp("small") / "db"
    folder.mkdir()
    server = OxigraphServer(folder, extra_args=["--union-default-graph"]).start()
    done = fgr_load(server.url, *sum((["--data", str(p)] for p in SMALL), []))
    assert done.returncode == 0, done.stderr
    yield server
    server.stop()


@pytest.fixture
def small(small_server, tmp_path):
    """The small server, and a copy of the profile to edit."""
    copy = tmp_path / "data" / "medewerker-communicatie.ttl"
    copy.parent.mkdir()
    shutil.copy(PROJECT_ROOT / "data" / "medewerker-communicatie.ttl", copy)
    return small_server.url, copy


def test_reloading_one_file_replaces_exactly_its_graph(small):
    url, copy = small
    before = per_graph(url)
    graph = GRAPH_BASE + "data/medewerker-communicatie"
    assert before[graph] == len(set(read_triples(copy)))
    with open(copy, "a", encoding="utf-8") as fh:
        fh.write('\n<https://example.org/extra> <https://example.org/p> "added" .\n')
    for _ in range(2):  # twice: a replace, never an append
        done = fgr_load(url, "--no-ontology", "--data", str(copy), "--jobs", "1")
        assert done.returncode == 0, done.stderr
        assert "1 named graphs" in done.stdout
        after = per_graph(url)
        assert after == {**before, graph: before[graph] + 1}
    store = functiegebouw.open(endpoint=url)
    assert store.query('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p "added" }').rows == [(1,)]


def test_a_bad_file_uploads_nothing(small, tmp_path):
    url, copy = small
    before = per_graph(url)
    with open(copy, "a", encoding="utf-8") as fh:
        fh.write('\n<https://example.org/extra> <https://example.org/p> "changed" .\n')
    bad = tmp_path / "data" / "broken.ttl"
    bad.write_text('<https://example.org/a> <https://example.org/b> "ok" .\n\n<https://example.org/a> oops .\n')
    done = fgr_load(url, "--no-ontology", "--data", str(copy.parent))
    assert done.returncode == 2
    assert f"{bad}:3:" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    assert per_graph(url) == before  # the good file beside it was not uploaded either


def test_graph_and_graph_per_source_exclude_each_other(union_server):
    # refused before anything is sent: the module's server will do (a loaded server of its own took 25 s here)
    done = fgr_load(union_server.url, "--graph", "urn:x:g")
    assert done.returncode == 2 and "exclude each other" in done.stderr and "Traceback" not in done.stderr


def test_graph_names_are_stable_iri_safe_and_unique(tmp_path):
    odd = tmp_path / "my data" / "profiel (v2).ttl"
    assert graph_name(odd) == GRAPH_BASE + "my-data/profiel-v2"
    assert graph_name(odd, "urn:g:") == "urn:g:my-data/profiel-v2"
    a, b = tmp_path / "a" / "vocab" / "x.ttl", tmp_path / "b" / "vocab" / "x.ttl"
    with pytest.raises(FgrError, match="same graph"):
        graph_names([a, b])
    assert list(graph_names([a, a])) == [GRAPH_BASE + "vocab/x"]


def test_an_unreachable_server_is_one_line(tmp_path):
    from support import free_port

    good = tmp_path / "data" / "a.ttl"
    good.parent.mkdir()
    good.write_text('<https://example.org/a> <https://example.org/b> "ok" .\n')
    remote = RemoteStore(f"http://127.0.0.1:{free_port()}", retries=0, timeout=(1, 1))
    with pytest.raises(FgrError, match=r"cannot connect.*0 of 1 graphs were replaced"):
        remote.load_per_source([good])
    with pytest.raises(FgrError, match="--jobs"):
        remote.load_per_source([good], jobs=0)


# --------------------------------------------------------------------------- interrupted loads

def _graphs(url) -> list[str]:
    return sorted(g for (g,) in functiegebouw.open(endpoint=url).query("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }").rows)


def test_a_temporary_graph_load_is_refused_on_a_union_server(union_server, tmp_path):
    """Its temporary graph would be visible in the union while it fills (the 4,034 -> 87,918 case)."""
    good = tmp_path / "a.ttl"
    good.write_text('<https://example.org/a> <https://example.org/b> "ok" .\n')
    before = _graphs(union_server.url)
    done = subprocess.run([FGR, "load", "--endpoint", union_server.url, "--no-ontology", "--data", str(good)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--graph-per-source" in done.stderr and "Traceback" not in done.stderr
    assert _graphs(union_server.url) == before  # the probe graph is gone too


def _slow_files(tmp_path, n=30):
    files = []
    for i in range(n):
        path = tmp_path / "slow" / f"f{i:02d}.nt"
        path.parent.mkdir(exist_ok=True)
        path.write_text("".join(f'<https://example.org/s{i}-{k}> <https://example.org/p> "{"x" * 200}" .\n'
                                for k in range(8000)))
        files.append(path)
    return files


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_load_drops_its_temporary_graph(own_oxigraph, tmp_path, sig):
    server = own_oxigraph()
    files = _slow_files(tmp_path)
    args = [FGR, "load", "--endpoint", server.url, "--no-ontology"] + sum((["--data", str(f)] for f in files), [])
    # SIGINT as a terminal sends it: a suite started in the background (CI, `cmd &`) hands its
    # children SIGINT ignored, and Python then keeps it ignored, so restore the default first.
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [g for g in _graphs(server.url) if g.startswith(TEMP_GRAPH)
                                                and "probe" not in g]:
        time.sleep(0.05)
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode in (130, 143) and "Traceback" not in err, err
    assert _graphs(server.url) == []  # nothing left, default graph untouched
    assert functiegebouw.open(endpoint=server.url).query("ASK { ?s ?p ?o }") is False


def test_load_clean_drops_what_killed_loads_left(own_oxigraph, tmp_path):
    server = own_oxigraph()
    remote = RemoteStore(server.url)
    for name in ("urn:fgr:load:20250101T000000-dead", "urn:fgr:load:old"):
        remote._put(name, b'<https://example.org/a> <https://example.org/b> "left" .\n')
    remote._put("https://example.org/keep", b'<https://example.org/a> <https://example.org/b> "kept" .\n')
    good = tmp_path / "a.ttl"
    good.write_text('<https://example.org/a> <https://example.org/b> "ok" .\n')
    done = subprocess.run([FGR, "load", "--endpoint", server.url, "--no-ontology", "--data", str(good)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "fgr load --clean" in done.stderr  # a stale temporary graph is named
    done = subprocess.run([FGR, "load", "--endpoint", server.url, "--clean"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and "dropped 2 temporary graph(s)" in done.stdout, done.stderr
    assert _graphs(server.url) == ["https://example.org/keep"]


def test_killing_a_per_source_load_leaves_no_temporary_graph_on_a_union_server(own_oxigraph, tmp_path):
    """The union-server recipe: a kill leaves each graph old or new, and no temporary graph that
    the union would show."""
    server = own_oxigraph(extra_args=["--union-default-graph"])
    files = _slow_files(tmp_path, 12)
    args = [FGR, "load", "--endpoint", server.url, "--graph-per-source", "--no-ontology", "--jobs", "1"]
    args += sum((["--data", str(f)] for f in files), [])
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_graphs(server.url)) < 3:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    assert not [g for g in _graphs(server.url) if g.startswith(TEMP_GRAPH)]
    count = functiegebouw.open(endpoint=server.url).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert count <= 12 * 8000  # what the union shows never exceeds the data
