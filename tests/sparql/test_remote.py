"""Remote endpoints: a real Oxigraph server gives the same rows as the embedded store; failing
servers give one clear line, never a traceback or a password; ``fgr load`` is all or nothing."""
from __future__ import annotations

import base64
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import uuid

import pytest

import functiegebouw
from functiegebouw.cli import main
from functiegebouw.errors import FgrError
from functiegebouw.sparql.query import catalogue
from functiegebouw.sparql.remote import RemoteStore, credentials, endpoints, http_request, redact
from support import NEEDS_FULL_ESCO

USER, PASSWORD = "alice", "s3cr3t-Pa55word"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
ASK_ALL = "ASK { ?s ?p ?o }"


@pytest.fixture(scope="module")
def embedded(fgr_store):
    return fgr_store


@pytest.fixture(scope="module")
def loaded(oxigraph_url, fgr_data):
    """The tests' data loaded by ``fgr load`` into the default graph, and copied by the server into a
    named graph. (A second ``fgr load --graph`` of the same 14 MB costs the server ~3x the CPU of that
    copy; ``fgr load --graph`` itself is tested in tests/sparql/test_load_per_source.py,
    tests/test_progress.py and, on Virtuoso, tests/sparql/test_virtuoso.py.)"""
    graph = f"urn:fgr:test:{uuid.uuid4()}"
    # 14 MB of vocabularies: the MOVE into the target can take minutes on a busy 2-core machine
    assert main(["load", "--endpoint", oxigraph_url, "--data", str(fgr_data), "--timeout", "900"]) == 0
    functiegebouw.open(endpoint=oxigraph_url, timeout=900).query(f"ADD DEFAULT TO <{graph}>", allow_update=True)
    return oxigraph_url, graph


# --------------------------------------------------------------------------- a real server

@pytest.mark.parametrize("q", catalogue(), ids=lambda q: q.name)
def test_every_query_gives_the_same_rows_remotely(q, embedded, loaded):
    url, graph = loaded
    params = q.example_params
    local = embedded.query(q.name, params)
    remote = functiegebouw.open(endpoint=url).query(q.name, params)
    in_graph = functiegebouw.open(endpoint=url + "/query", graph=graph).query(q.name, params)
    if hasattr(local, "rows"):
        assert local.rows or q.name in NEEDS_FULL_ESCO, f"{q.name}: the example params give no rows"
        assert remote.columns == local.columns
        assert remote.rows == local.rows
        assert remote.to_sparql_json() == local.to_sparql_json()
        assert in_graph.rows == local.rows
    elif isinstance(local, bool):
        assert remote is local and in_graph is local
    else:
        assert len(remote) == len(local)


def test_ask_construct_and_bound_hostile_values_remotely(embedded, loaded):
    url, _ = loaded
    remote = functiegebouw.open(endpoint=url)
    assert remote.query(ASK_ALL) is True
    scale = "CONSTRUCT WHERE { ?s a <https://w3id.org/functiegebouw/def#Scale> }"
    assert len(remote.query(scale)) == len(embedded.query(scale))
    for value in ['} ; DROP ALL ; {', '"\\u0022', "a\nb"]:
        assert remote.query("SELECT ?v WHERE { }", {"v": value}).rows == [(value,)]
    assert remote.query(ASK_ALL) is True


def test_updates_are_refused_remotely_unless_allowed(own_oxigraph):
    server = own_oxigraph()
    store = functiegebouw.open(endpoint=server.url)
    with pytest.raises(FgrError, match="--allow-update"):
        store.query("# SELECT\nINSERT DATA { <http://ex/a> <http://ex/b> 1 }")
    assert store.query(ASK_ALL) is False
    store.query("INSERT DATA { <http://ex/a> <http://ex/b> 1 }", allow_update=True)
    assert store.query(ASK_ALL) is True


def test_cli_query_against_the_server(loaded, capsys):
    url, _ = loaded
    assert main(["query", "salaris-per-schaal", "--endpoint", url, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["head"]["vars"] and data["results"]["bindings"]


TARGET_V1 = '<http://example.org/kept> <http://example.org/p> "version 1" .\n'


def test_server_killed_mid_upload_leaves_the_target_intact(own_oxigraph, tmp_path):
    server = own_oxigraph()
    v1 = tmp_path / "v1.nt"
    v1.write_text(TARGET_V1)
    files = []
    for i in range(3):
        f = tmp_path / f"v2-{i}.nt"
        f.write_text(f'<http://example.org/new{i}> <http://example.org/p> "version 2" .\n')
        files.append(f)
    graph = "http://example.org/target"
    remote = RemoteStore(server.url, timeout=(2, 5), retries=1, backoff=0.05)
    assert remote.load([v1], graph) == 1

    def crash(done, _path):
        if done == 2:
            server.kill()

    with pytest.raises(FgrError) as err:
        remote.load(files, graph, progress=crash)
    assert "target graph was not changed" in str(err.value)

    restarted = own_oxigraph(server.location)
    after = RemoteStore(restarted.url, graph=graph)
    assert after.query("SELECT ?s ?o WHERE { ?s ?p ?o }").rows == [("http://example.org/kept", "version 1")]
    # a good load afterwards replaces the target in one step
    RemoteStore(restarted.url).load(files, graph)
    assert len(after.query("SELECT ?s WHERE { ?s ?p ?o }").rows) == 3


def test_failed_upload_drops_the_temporary_graph(own_oxigraph, tmp_path):
    server = own_oxigraph()
    good, bad = tmp_path / "good.nt", tmp_path / "bad.ttl"
    good.write_text(TARGET_V1)
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p .\n")
    remote = RemoteStore(server.url)
    remote.load([good])
    with pytest.raises(FgrError) as err:
        remote.load([good, bad])
    assert err.value.path.endswith("bad.ttl") and err.value.line == 2
    graphs = remote.query("SELECT ?g WHERE { GRAPH ?g { } }").rows
    assert graphs == []
    assert remote.query("SELECT ?o WHERE { ?s ?p ?o }").rows == [("version 1",)]


# --------------------------------------------------------------------------- URLs and credentials

def test_endpoint_urls_are_derived_for_oxigraph():
    assert endpoints("http://127.0.0.1:7878") == {
        "query": "http://127.0.0.1:7878/query", "update": "http://127.0.0.1:7878/update",
        "store": "http://127.0.0.1:7878/store"}
    assert endpoints("http://h/db/query")["update"] == "http://h/db/update"
    other = endpoints("https://example.org/sparql")
    assert other["query"] == "https://example.org/sparql" and other["update"] is None
    with pytest.raises(FgrError):
        endpoints("ftp://example.org/sparql")


def test_redact_removes_user_info():
    assert redact(f"http://{USER}:{PASSWORD}@h:8/q") == "http://h:8/q"
    assert redact("http://h/q") == "http://h/q"


def test_credentials_from_env_url_and_netrc(tmp_path, monkeypatch):
    monkeypatch.delenv("FGR_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("FGR_ENDPOINT_PASSWORD", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine db.example.org login {USER} password {PASSWORD}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert credentials("http://db.example.org/q") == (USER, PASSWORD)
    assert credentials("http://other.example.org/q") is None
    assert credentials("http://bob:pw@other.example.org/q") == ("bob", "pw")
    monkeypatch.setenv("FGR_ENDPOINT_USER", "carol")
    monkeypatch.setenv("FGR_ENDPOINT_PASSWORD", "x")
    assert credentials("http://db.example.org/q") == ("carol", "x")


def test_a_broken_netrc_does_not_quote_the_password(tmp_path, monkeypatch):
    monkeypatch.delenv("FGR_ENDPOINT_USER", raising=False)
    monkeypatch.delenv("FGR_ENDPOINT_PASSWORD", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine db.example.org login {USER} password {PASSWORD} bogus{PASSWORD}\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    with pytest.raises(FgrError) as err:
        credentials("http://db.example.org/q")
    assert PASSWORD not in str(err.value)


# --------------------------------------------------------------------------- failing servers

class Scripted(http.server.BaseHTTPRequestHandler):
    """Answers with the next status of ``server.script``; echoes the Authorization header back,
    as a careless server might, so the tests can check it never reaches a message."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.server.seen.append(self.headers.get("Authorization"))
        status = self.server.script.pop(0) if self.server.script else 200
        if status == "slow":
            time.sleep(1.5)
            status = 200
        body = (json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [
            {"x": {"type": "literal", "value": "ok"}}]}}) if status == 200
                else f"denied for {self.headers.get('Authorization')} {PASSWORD}")
        self.send_response(status)
        self.send_header("Content-Type", "application/sparql-results+json" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body.encode())))
        self.end_headers()
        try:
            self.wfile.write(body.encode())
        except BrokenPipeError:  # the client gave up (the timeout test)
            pass

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def scripted():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    server.script, server.seen = [], []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _store(server, **kw):
    return RemoteStore(f"http://127.0.0.1:{server.server_address[1]}/sparql", backoff=0.01, **kw)


def test_retries_5xx_with_backoff_then_succeeds(scripted):
    scripted.script = [503, 502]
    assert _store(scripted).query("SELECT ?x WHERE { }").rows == [("ok",)]
    assert len(scripted.seen) == 3


def test_gives_up_after_bounded_retries(scripted):
    scripted.script = [500] * 10
    with pytest.raises(FgrError, match=r"server error 500.*after 3 attempts"):
        _store(scripted, retries=2).query("SELECT ?x WHERE { }")
    assert len(scripted.seen) == 3


@pytest.mark.parametrize("status,words", [(401, "401 Unauthorized"), (403, "403 Forbidden"),
                                          (404, "404 Not Found"), (400, "400 Bad Request")])
def test_client_errors_are_clear_and_not_retried(scripted, status, words, monkeypatch):
    monkeypatch.setenv("FGR_ENDPOINT_USER", USER)
    monkeypatch.setenv("FGR_ENDPOINT_PASSWORD", PASSWORD)
    scripted.script = [status] * 5
    with pytest.raises(FgrError) as err:
        _store(scripted).query("SELECT ?x WHERE { }")
    message = str(err.value)
    assert words in message and len(scripted.seen) == 1
    assert PASSWORD not in message and TOKEN not in message
    assert scripted.seen[0] == "Basic " + TOKEN  # the credentials were sent, just never shown


def test_http_request_statuses_timeouts_and_secrets(scripted):
    url = f"http://127.0.0.1:{scripted.server_address[1]}/store"
    scripted.script = [503, 201]
    http_request("PUT", url, body=b"x", backoff=0.01, auth=(USER, PASSWORD))
    scripted.script = [401]
    with pytest.raises(FgrError) as err:
        http_request("PUT", url, body=b"x", auth=(USER, PASSWORD))
    assert "credentials were refused" in str(err.value)
    assert PASSWORD not in str(err.value) and TOKEN not in str(err.value)
    scripted.script = ["slow"]
    with pytest.raises(FgrError, match="answer within 0.5 s"):
        http_request("POST", url, body=b"x", timeout=(1, 0.5), retries=0)


def test_unreachable_server(tmp_path):
    from support import free_port

    port = free_port()
    with pytest.raises(FgrError, match=r"cannot connect.*after 2 attempts"):
        RemoteStore(f"http://127.0.0.1:{port}/query", retries=1, backoff=0.01).query(ASK_ALL)


def test_cli_failure_is_one_line_without_secrets(scripted):
    url = f"http://{USER}:{PASSWORD}@127.0.0.1:{scripted.server_address[1]}/sparql"
    scripted.script = [401] * 5
    env = dict(os.environ, FGR_ENDPOINT_USER=USER, FGR_ENDPOINT_PASSWORD=PASSWORD)
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "query", "SELECT ?x WHERE { }",
                           "--endpoint", url], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "401" in proc.stderr
    assert PASSWORD not in proc.stderr + proc.stdout and TOKEN not in proc.stderr + proc.stdout
