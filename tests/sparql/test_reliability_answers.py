"""Hostile and broken SPARQL servers: redirects, odd answers, slow and huge answers, odd URLs.

Every case ends in one line on stderr and exit status 2 (never a traceback), credentials never go
to another origin, and no answer is taken from a server the user did not name.
"""
from __future__ import annotations

import base64
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from support import run_fgr

USER, SECRET = "admin", "S3cr3tPw"
SELECT = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
        status, headers, body, drip = self.server.reply(self)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if drip is None:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if drip is None:
            self.wfile.write(body)
            return
        try:  # one byte per `drip` seconds, for as long as the client listens (bounded)
            for byte in body[:200]:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(drip)
        except OSError:
            pass

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


def start(reply):
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.requests, srv.reply = [], reply
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


@pytest.fixture
def servers():
    made = []

    def make(reply):
        made.append(start(reply))
        return made[-1]

    yield make
    for srv in made:
        srv.shutdown()
        srv.server_close()


fgr = run_fgr


def one_line(proc, *words):
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-300:], proc.stderr[-1000:])
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr
    assert SECRET not in proc.stderr + proc.stdout


JSON_ROW = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"literal","value":"stolen"}}]}}'


@pytest.mark.parametrize("how", ["url", "env"])
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_credentials_never_follow_a_redirect_to_another_origin(servers, how, status):
    stolen = servers(lambda h: (200, {"Content-Type": "application/sparql-results+json"}, JSON_ROW, None))
    target = f"http://localhost:{stolen.server_port}/stolen"
    origin = servers(lambda h: (status, {"Location": target}, b"", None))
    env = {}
    if how == "url":
        url = f"http://{USER}:{SECRET}@127.0.0.1:{origin.server_port}/query"
    else:
        url = f"http://127.0.0.1:{origin.server_port}/query"
        env = {"FGR_ENDPOINT_USER": USER, "FGR_ENDPOINT_PASSWORD": SECRET}
    proc = fgr("query", SELECT, "--endpoint", url, "--timeout", "5", env=env)
    one_line(proc, f"HTTP {status}", f"localhost:{stolen.server_port}/stolen", "redirect")
    assert "stolen" not in proc.stdout  # the other server's answer is not taken as the result
    assert "attempts" not in proc.stderr  # a redirect is not retried (item 14)
    assert len(origin.requests) == 1
    sent = origin.requests[0][2].get("Authorization", "")
    assert base64.b64decode(sent.split()[1]).decode() == f"{USER}:{SECRET}"
    assert all("Authorization" not in r[2] for r in stolen.requests)
    assert stolen.requests == []  # redirects are not followed at all


def test_a_redirect_to_the_same_origin_is_not_followed_either(servers):
    srv = servers(lambda h: (307, {"Location": "/other"}, b"", None))
    proc = fgr("query", SELECT, "--endpoint", f"http://127.0.0.1:{srv.server_port}/query", "--timeout", "5")
    one_line(proc, "HTTP 307", "/other")
    assert "attempts" not in proc.stderr and len(srv.requests) == 1


@pytest.mark.parametrize("body", [b"[]", b"null", b'{"head":{"vars":5},"results":7}', b'"text"', b"{}",
                                  b'{"head":{"vars":["s"]},"results":{"bindings":[5]}}',
                                  b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":7}]}}',
                                  b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri"}}]}}',
                                  b'{"head":{"vars":[1]},"results":{"bindings":[]}}',
                                  b"\xff\xfe\x00binary", b"<html>login</html>", b'{"head": {"vars": ["s"]}, "res'],
                         ids=lambda b: b[:30].decode("latin-1"))
def test_select_answers_of_the_wrong_shape_are_one_line(servers, body):
    srv = servers(lambda h: (200, {"Content-Type": "application/sparql-results+json"}, body, None))
    proc = fgr("query", SELECT, "--endpoint", f"http://127.0.0.1:{srv.server_port}/query", "--timeout", "5")
    one_line(proc, "SPARQL results JSON")


@pytest.mark.parametrize("body", [b"[]", b"null", b'{"boolean": "yes"}', b"{}"])
def test_ask_answers_of_the_wrong_shape_are_one_line(servers, body):
    srv = servers(lambda h: (200, {"Content-Type": "application/sparql-results+json"}, body, None))
    proc = fgr("query", "ASK { ?s ?p ?o }", "--endpoint", f"http://127.0.0.1:{srv.server_port}/query",
               "--timeout", "5")
    one_line(proc, "SPARQL results JSON")


@pytest.mark.parametrize("body", [b"<a> <b> .\n", b"\x00\x01\x02\xff binary", b"not n-triples at all",
                                  b'<http://e.org/a> <http://e.org/b> "open .\n'])
def test_construct_answers_that_are_not_ntriples_are_one_line(servers, body):
    srv = servers(lambda h: (200, {"Content-Type": "application/n-triples"}, body, None))
    proc = fgr("query", CONSTRUCT, "--endpoint", f"http://127.0.0.1:{srv.server_port}/query", "--timeout", "5")
    one_line(proc, "N-Triples")


@pytest.mark.parametrize("url,words", [
    ("http://127.0.0.1:99999/query", "port"),
    ("http://[::1/query", "not a valid URL"),
    ("http://127.0.0.1:-1/query", "port"),
    ("http://:80/query", "host"),
])
def test_bad_endpoint_urls_are_one_line(url, words):
    for command in (["query", SELECT], ["load", "--no-ontology"], ["compare", "6", "7"]):
        proc = fgr(*command, "--endpoint", url, "--timeout", "2")
        one_line(proc, words)


@pytest.mark.parametrize("password", ["hun#ter2secret", "pa/ss", "q?x", "ab", "x", "p@ss#w/rd?"])
def test_passwords_are_redacted_by_structure(servers, password):
    """Unencoded #, / and ? in a password, and passwords of one or two characters."""
    srv = servers(lambda h: (400, {}, f"you sent {USER}:{password} ({password})".encode(), None))
    url = f"http://{USER}:{password}@127.0.0.1:{srv.server_port}/query"
    proc = fgr("query", SELECT, "--endpoint", url, "--timeout", "5")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert f"127.0.0.1:{srv.server_port}/query" in proc.stderr
    assert f"{USER}:" not in proc.stderr and password not in proc.stderr.replace(f"127.0.0.1:{srv.server_port}", "")
    sent = srv.requests[0][2].get("Authorization", "")  # the whole password reached the server
    assert base64.b64decode(sent.split()[1]).decode() == f"{USER}:{password}"


def test_a_server_that_drips_one_byte_a_second_meets_the_total_deadline(servers):
    srv = servers(lambda h: (200, {"Content-Type": "application/sparql-results+json"}, JSON_ROW, 1.0))
    start = time.monotonic()
    proc = fgr("query", SELECT, "--endpoint", f"http://127.0.0.1:{srv.server_port}/query", "--timeout", "3",
               timeout=60)
    assert time.monotonic() - start < 20
    one_line(proc, "within 3 s")


def test_fgr_load_meets_the_total_deadline_too(servers, tmp_path):
    srv = servers(lambda h: (200, {"Content-Type": "text/plain"}, b"x" * 100, 1.0))
    data = tmp_path / "a.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    start = time.monotonic()
    proc = fgr("load", "--no-ontology", "--data", str(data), "--endpoint",
               f"http://127.0.0.1:{srv.server_port}/query", "--timeout", "3", timeout=60)
    assert time.monotonic() - start < 30
    assert proc.returncode == 2 and "Traceback" not in proc.stderr and "within 3 s" in proc.stderr, proc.stderr


def test_an_answer_larger_than_the_cap_is_refused(servers):
    row = b'{"s":{"type":"literal","value":"' + b"x" * 1000 + b'"}}'
    body = b'{"head":{"vars":["s"]},"results":{"bindings":[' + b",".join([row] * 3000) + b"]}}"
    srv = servers(lambda h: (200, {"Content-Type": "application/sparql-results+json"}, body, None))
    proc = fgr("query", SELECT, "--endpoint", f"http://127.0.0.1:{srv.server_port}/query", "--timeout", "5",
               "--max-answer-mb", "1")
    one_line(proc, "--max-answer-mb")


def test_a_large_answer_streams_to_csv(servers):
    """50,000 rows come out as CSV; the JSON is parsed a binding at a time (see results.iter_bindings)."""
    row = b'{"s":{"type":"literal","value":"v"}}'
    body = b'{"head":{"vars":["s"]},"results":{"bindings":[' + b",".join([row] * 50_000) + b"]}}"
    srv = servers(lambda h: (200, {"Content-Type": "application/sparql-results+json"}, body, None))
    proc = fgr("query", SELECT, "--endpoint", f"http://127.0.0.1:{srv.server_port}/query", "--timeout", "20",
               "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 50_001


def test_unrecoverable_statuses_report_no_attempt_count(servers):
    srv = servers(lambda h: (418, {}, b"teapot", None))
    proc = fgr("query", SELECT, "--endpoint", f"http://127.0.0.1:{srv.server_port}/query", "--timeout", "5")
    one_line(proc, "HTTP 418")
    assert "attempts" not in proc.stderr and len(srv.requests) == 1


def test_update_and_store_endpoints_of_another_origin_get_no_credentials(servers, tmp_path):
    """Credentials in the query URL are for its origin: a --store-endpoint elsewhere does not get them."""
    def answer(handler):
        asked = b"ASK" in handler.server.requests[-1][3]
        return 200, {"Content-Type": "application/sparql-results+json"}, (
            b'{"head":{},"boolean":false}' if asked else b'{"head":{"vars":["g"]},"results":{"bindings":[]}}'), None

    query = servers(answer)
    store = servers(lambda h: (204, {}, b"", None))
    update = servers(lambda h: (204, {}, b"", None))
    data = tmp_path / "a.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    proc = fgr("load", "--no-ontology", "--data", str(data), "--timeout", "5",
               "--endpoint", f"http://{USER}:{SECRET}@127.0.0.1:{query.server_port}/query",
               "--store-endpoint", f"http://localhost:{store.server_port}/store",
               "--update-endpoint", f"http://localhost:{update.server_port}/update")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    assert store.requests and update.requests
    assert all("Authorization" in r[2] for r in query.requests)
    assert all("Authorization" not in r[2] for r in store.requests + update.requests)
