"""``fgr query``, ``fgr load`` and ``fgr serve`` from the command line."""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from functiegebouw.cli import main
from support import in_terminal

FGR = [sys.executable, "-m", "functiegebouw.cli"]


@pytest.fixture(scope="module", autouse=True)
def shared_cache(fgr_store):
    """The session's store folder: the CLI opens the store over fgr_data that fgr_store built (a
    store of its own per test cost ~3 s of CPU each); the tests that build, rebuild or serve a store
    of their own name their own folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FGR_STORE_DIR", str(fgr_store.cache.parent))
        yield


def run(*args, **kw):
    env = dict(os.environ, COLUMNS="60", **kw.pop("env", {}))
    return subprocess.run(FGR + list(args), capture_output=True, text=True, env=env, timeout=120, **kw)


def test_list_names_every_query(capsys):
    from functiegebouw.sparql.query import catalogue

    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    for q in catalogue():
        assert q.name in out and q.title_in() in out  # the output language's title


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_formats(fmt, capsys, fgr_data):
    assert main(["query", "salaris-per-schaal", "--param", "functiegroep=527", "--format", fmt, "--data", str(fgr_data)]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)
        assert len(data["results"]["bindings"]) == 4
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) == 5 and "schaal" in rows[0]
    elif fmt == "markdown":
        assert out.splitlines()[1].startswith("|---")
    else:
        assert out.rstrip().endswith("(4 rijen)")


def test_table_fits_the_terminal(fgr_data):
    status, out, _ = in_terminal(["query", "kwaliteitenprofielen", "--param", "functiegroep=527", "--data", str(fgr_data)])
    assert status == 0, out
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "…" in out


def test_piped_table_keeps_every_cell_whole(fgr_data):
    """Piped (even with COLUMNS set), the statement texts are not cut; --width cuts on purpose."""
    proc = run("query", "kwaliteitenprofielen", "--param", "functiegroep=527", "--data", str(fgr_data))
    assert proc.returncode == 0, proc.stderr
    assert "…" not in proc.stdout
    assert "VMBO: relevant voor het aandachtsgebied / de deeldiscipline" in proc.stdout
    cut = run("query", "kwaliteitenprofielen", "--param", "functiegroep=527", "--data", str(fgr_data), "--width", "60")
    assert max(len(line) for line in cut.stdout.splitlines()) <= 60 and "…" in cut.stdout


def test_repeated_param_binds_several_values(capsys, fgr_data):
    assert main(["query", "PREFIX fgr: <https://w3id.org/functiegebouw/def#> "
                 "SELECT ?n WHERE { ?s fgr:scaleNumber ?n } ORDER BY ?n",
                 "-p", "n=6", "-p", "n=7", "-f", "csv", "--data", str(fgr_data)]) == 0
    # an undeclared param is typed from how it is written: 6 is the integer 6, not the text "6"
    assert capsys.readouterr().out == "n\n6\n7\n"
    # quoted, it is the text "6", which no schaal number equals
    assert main(["query", "PREFIX fgr: <https://w3id.org/functiegebouw/def#> SELECT ?n WHERE { ?s fgr:scaleNumber ?n }",
                 "-p", 'n="6"', "-f", "csv", "--data", str(fgr_data)]) == 0
    assert capsys.readouterr().out == "n\n"


def test_a_header_less_rq_file_binds_the_schaal_as_a_number(tmp_path, capsys, fgr_data):
    """The issue's case: a .rq without a header, -p schaal=6 — rows, not a silent (0 rows)."""
    rq = tmp_path / "mine.rq"
    rq.write_text("PREFIX fgr: <https://w3id.org/functiegebouw/def#>\n"
                  "SELECT ?g WHERE { ?t fgr:scale/fgr:scaleNumber ?schaal . ?g fgr:typification ?t } ORDER BY ?g\n")
    assert main(["query", str(rq), "-p", "schaal=6", "-f", "csv", "--data", str(fgr_data)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[1:] == [f"https://w3id.org/functiegebouw/id/functiegroep/{g}" for g in (527, 601, 602, 604)]


@pytest.mark.parametrize("args,words", [
    (["query", "DROP ALL"], "--allow-update"),
    (["query", "no-such-query"], "no query named"),
    (["query", "salaris-per-schaal", "--param", "nope"], "NAME=VALUE"),
    (["query", "salaris-per-schaal", "--param", "functiegroep=5 } ; DROP ALL ; {"], "not a valid integer"),
    (["query", "SELECT ?x WHERE { ?x ?p ?o", ], "syntax error"),
    (["query", "missing.rq"], "no such query file"),
    (["query", "ASK {}", "--endpoint", "http://127.0.0.1:1/query", "--timeout", "1"], "cannot connect"),
    (["load"], "--endpoint"),
])
def test_bad_input_is_one_line_exit_2(args, words, fgr_data):
    # over the fixture data (not the project's data/, whose store each test built anew)
    proc = run(*args, *(["--data", str(fgr_data)] if args[0] == "query" and "--endpoint" not in args else []))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert words in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_ask_and_construct_output(capsys, fgr_data, fgr_store):
    data = ["--data", str(fgr_data)]
    assert main(["query", "ASK { ?s a <https://w3id.org/functiegebouw/def#Scale> }", *data]) == 0
    assert capsys.readouterr().out == "true\n"
    assert main(["query", "CONSTRUCT WHERE { ?s a <https://w3id.org/functiegebouw/def#Scale> }", "-f", "csv", *data]) == 0
    scales = fgr_store.query("SELECT ?s WHERE { ?s a <https://w3id.org/functiegebouw/def#Scale> }").rows
    assert capsys.readouterr().out.count(" .\n") == len(scales) > 0


def test_serve_answers_queries_read_only(tmp_path, fgr_data, fgr_store):
    from support import free_port, wait_until_up

    port = free_port()
    proc = subprocess.Popen(FGR + ["serve", "--port", str(port), "--data", str(fgr_data)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ))
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, timeout=180, proc=proc)  # the store may be built first
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/functiegebouw/def#JobGroup> }"
        with urllib.request.urlopen(url + "/query?" + urllib.parse.urlencode({"query": query}), timeout=10) as r:
            assert r.status == 200
        import functiegebouw

        rows = functiegebouw.open(endpoint=url).query(query).rows
        assert rows == fgr_store.query(query).rows == [(5,)]
        request = urllib.request.Request(url + "/update", data=b"DROP ALL", method="POST",
                                         headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=10)
        # fgr load into it: one line that names the server read-only, not a 403 about accounts
        load = run("load", "--endpoint", url, "--data", str(fgr_data / "medewerker-servicedesk.ttl"))
        assert load.returncode == 2 and "Traceback" not in load.stderr
        assert load.stderr.count("\n") == 1
        assert ": this server is read-only: it answers queries but takes no uploads or updates" in load.stderr
        assert "nothing was changed" in load.stderr and "account" not in load.stderr
        update = run("query", "DROP ALL", "--endpoint", url, "--allow-update")
        assert update.returncode == 2 and "this server is read-only" in update.stderr
        assert fgr_store.query(query).rows == functiegebouw.open(endpoint=url).query(query).rows
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _serve(store_dir, *extra):
    """``fgr serve`` with its store in ``store_dir`` (None: the module's shared folder)."""
    from support import free_port, wait_until_up

    port = free_port()
    env = dict(os.environ, **({"FGR_STORE_DIR": str(store_dir)} if store_dir else {}))
    proc = subprocess.Popen(FGR + ["serve", "--port", str(port), *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url, timeout=180, proc=proc)  # the store may be built first
    return proc, url


@pytest.mark.parametrize("allow", [False, True])
def test_serve_refuses_service_unless_allowed(fgr_data, allow):
    import socket
    import threading

    target = socket.socket()
    target.bind(("127.0.0.1", 0))
    target.listen(2)
    hits = []

    def accept():  # until the test closes the socket
        try:
            conn, _ = target.accept()
            hits.append(conn.recv(100))
            conn.close()
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    proc, url = _serve(None, "--data", str(fgr_data), *(["--allow-service"] if allow else []))
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{target.getsockname()[1]}/x> {{ ?s ?p ?o }} }}"
        for send in ("get", "form", "direct"):
            if send == "get":
                req = urllib.request.Request(url + "/query?" + urllib.parse.urlencode({"query": query}))
            elif send == "form":
                req = urllib.request.Request(url + "/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
            else:
                req = urllib.request.Request(url + "/query", data=query.encode(),
                                             headers={"Content-Type": "application/sparql-query"})
            try:
                with urllib.request.urlopen(req, timeout=20) as r:
                    status = r.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            if not allow:
                assert status == 403
            if allow:
                break
        import time

        time.sleep(0.5)
        assert bool(hits) == allow
        # ordinary queries and the YASGUI page still pass through
        with urllib.request.urlopen(url + "/", timeout=10) as r:
            assert r.status == 200 and b"html" in r.read().lower()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        target.close()


def test_serve_keeps_its_generation_while_others_rebuild(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.nt").write_text('<http://example.org/a> <http://example.org/p> "1" .\n')
    proc, url = _serve(tmp_path / "store", "--data", str(data))
    try:
        import functiegebouw

        served = functiegebouw.open(endpoint=url)
        before = served.query("SELECT ?o WHERE { ?s <http://example.org/p> ?o }").rows
        (data / "a.nt").write_text('<http://example.org/a> <http://example.org/p> "2" .\n')
        for _ in range(2):  # two rebuilds: the second collects what nobody uses
            local = functiegebouw.open(data, store_dir=tmp_path / "store")
            assert local.query("SELECT ?o WHERE { ?s <http://example.org/p> ?o }").rows == [("2",)]
            local.close()
            (data / "a.nt").write_text('<http://example.org/a> <http://example.org/p> "2" . # again\n')
        assert served.query("SELECT ?o WHERE { ?s <http://example.org/p> ?o }").rows == before == [("1",)]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode in (0, -15, 143), proc.stderr.read()
