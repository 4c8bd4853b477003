"""``fgr serve``'s guard in front of a real read-only Oxigraph server (issue 22 items 1 and 7, issue 26).

Every route and every way of sending a query is tried with SERVICE forms against a real listener
on a loopback port; the limits (sizes, times, workers, the query deadline) are met with raw
requests; HEAD, OPTIONS and CORS as a browser sends them.
"""
from __future__ import annotations

import http.client
import socket
import sys
import time
import urllib.parse

import pytest
from listener import Listener
from serve_support import EXPENSIVE, body_of, build_store, exchange, status_of

from functiegebouw.sparql.pool import Pool
from functiegebouw.sparql.serve import Limits, start_guard

DEADLINE = 3  # seconds: Oxigraph's --timeout-s and the guard's deadline in these tests


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    """Three read-only Oxigraph servers with --timeout-s DEADLINE; the guards replace those they kill."""
    from functiegebouw.cli.query import serve_command

    folder = tmp_path_factory.mktemp("serve") / "db"
    build_store(folder)
    pool = Pool(lambda port: serve_command(folder, "127.0.0.1", port, DEADLINE), 3)
    pool.start()
    yield pool
    pool.stop()


@pytest.fixture(scope="module")
def listener():
    """Named in the queries the guard must refuse: nothing may ever reach it."""
    target = Listener()
    yield target
    target.close()


@pytest.fixture(scope="module")
def oracle():
    """Named in the queries allowed to leave: a port of their own."""
    target = Listener()
    yield target
    target.close()


@pytest.fixture(scope="module")
def guards(backend):
    """start(**options) → port of a guard in front of ``backend``; all stopped at the end."""
    started = []

    def start(allow_service=False, cors=(), **limits):
        limits = Limits(**{"deadline": DEADLINE, "read": 2.0, "idle": 1.0, "max_body": 64 * 1024,
                           "max_header": 4096, **limits})
        server = start_guard(backend, "127.0.0.1", 0, allow_service=allow_service, limits=limits, cors=cors)
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def guard(guards):
    return guards()


def _port(server) -> int:
    return server.server_address[1]


def _ask(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=DEADLINE + 10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        conn.close()


def _send(port: int, how: str, route: str, query: str):
    """The query sent as a browser or a client library would: GET, HEAD, form POST or direct POST."""
    if how in ("GET", "HEAD"):
        return _ask(port, how, route + "?" + urllib.parse.urlencode({"query": query}))
    if how == "form":
        return _ask(port, "POST", route, urllib.parse.urlencode({"query": query}).encode(),
                    {"Content-Type": "application/x-www-form-urlencoded"})
    return _ask(port, "POST", route, query.encode(), {"Content-Type": "application/sparql-query"})


FORMS = ["SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
         "SELECT * WHERE {{ # c\rSERVICE <{url}> {{ ?a ?b ?c }} }}",
         "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
         "select * {{ ?x ?y ?z optional {{ service silent <{url}> {{ ?s ?p ?o }} }} }}",
         "PREFIX e: <{base}> SELECT * {{ {{ SELECT * {{ SERVICE e:x {{ ?s ?p ?o }} }} }} }}"]


# --------------------------------------------------------------------------- SERVICE

@pytest.mark.parametrize("route", ["/query", "/sparql"])
@pytest.mark.parametrize("how", ["GET", "HEAD", "form", "direct"])
def test_service_is_refused_on_every_route_and_nothing_leaves(guard, listener, route, how):
    before = len(listener.hits)
    for form in FORMS:
        status, _headers, body = _send(_port(guard), how, route, form.format(url=listener.url, base=listener.url[:-1]))
        assert status == 403, (form, body)
        assert (b"SERVICE is refused" in body) if how != "HEAD" else body == b""
    assert len(listener.hits) == before


@pytest.mark.parametrize("method, path", [
    ("GET", "/query/"), ("GET", "/sparql/x"), ("GET", "/QUERY"), ("GET", "/store"), ("GET", "/update"),
    ("POST", "/update"), ("POST", "/store"), ("GET", "//query"), ("GET", "/query;x"), ("GET", "/./query"),
])
def test_no_other_route_runs_a_query(guard, listener, method, path):
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    before = len(listener.hits)
    params = urllib.parse.urlencode({"query": query, "update": f"INSERT {{ <a:a> <a:a> <a:a> }} WHERE {{ SERVICE "
                                                                   f"<{listener.url}> {{ ?s ?p ?o }} }}"})
    body = params.encode() if method == "POST" else None
    status, _headers, text = _ask(_port(guard), method, path + "?" + params, body,
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    assert len(listener.hits) == before
    assert status in (403, 404, 405, 400) or (path == "/store" and status == 200), (status, text)


def test_allowed_service_reaches_the_listener_through_sparql(guards, oracle):
    """The control: with allow_service the same request does leave (so the silence above means something)."""
    before = len(oracle.hits)
    status, _h, _b = _send(_port(guards(allow_service=True)), "GET", "/sparql",
                           f"SELECT * WHERE {{ SERVICE <{oracle.url}> {{ ?s ?p ?o }} }}")
    assert len(oracle.hits) > before and oracle.hits[-1].startswith(b"POST /x")
    assert status == 502  # the listener is no SPARQL server: not a 200 with JSON cut off


def test_a_call_that_fails_midway_is_502_not_a_cut_200(guards):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nobody listens: the SERVICE call fails after Oxigraph began its answer
    query = (f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }} }}")
    port = _port(guards(allow_service=True))
    for accept in ("application/sparql-results+json", "application/sparql-results+xml"):
        status, headers, body = _ask(port, "GET", "/query?" + urllib.parse.urlencode({"query": query}), None,
                                     {"Accept": accept})
        assert status == 502 and headers["content-type"].startswith("text/plain"), accept
        assert body.count(b"\n") == 1 and b"failed in the middle of its answer" in body
    # the same query without the failing branch: a whole answer in either format
    for accept in ("application/sparql-results+json", "application/sparql-results+xml"):
        status, _headers, body = _ask(port, "GET", "/query?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D", None,
                                      {"Accept": accept})
        assert status == 200 and body.rstrip().endswith((b"}", b"</sparql>"))


def test_a_large_answer_is_streamed_and_one_that_fails_is_cut_off(guards):
    """Beyond the checked part (``buffer``) an answer streams; if it ends badly the final chunk is
    missing, so the client reports an incomplete answer instead of taking a cut one as whole."""
    import json

    port = _port(guards(allow_service=True, buffer=20))
    status, _headers, body = _send(port, "GET", "/query", "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 153
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("HEAD", "/query?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
        head = conn.getresponse()
        assert head.status == 200 and head.read() == b""
        conn.request("GET", "/query?query=ASK%7B%7D")  # the same connection: HEAD sent no body
        assert conn.getresponse().read() == b'{"head":{},"boolean":true}'
    finally:
        conn.close()
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead = closed.getsockname()[1]
    closed.close()
    query = f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <http://127.0.0.1:{dead}/x> {{ ?a ?b ?c }} }} }}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/query?" + urllib.parse.urlencode({"query": query}))
        answer = conn.getresponse()
        assert answer.status == 200  # sent before the failure was known
        with pytest.raises(http.client.IncompleteRead):
            answer.read()
    finally:
        conn.close()


# --------------------------------------------------------------------------- the deadline

def test_a_query_past_the_deadline_is_stopped_with_504(guard):
    start = time.monotonic()
    status, _headers, body = _send(_port(guard), "direct", "/query", EXPENSIVE)
    took = time.monotonic() - start
    assert status == 504 and b"deadline" in body and body.count(b"\n") == 1
    assert took < DEADLINE + 5


def test_an_abandoned_query_frees_its_worker_and_its_process_at_once(guards, backend):
    """The client of an expensive query goes: its server process is killed (and replaced) and its
    worker is free again at once, long before the deadline."""
    import os

    server = guards(workers=2, deadline=30)
    body = EXPENSIVE.encode()
    busy_before = set(backend.pids())
    with socket.create_connection(("127.0.0.1", _port(server))) as sock:
        sock.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        end = time.monotonic() + 5
        while not backend.busy and time.monotonic() < end:
            time.sleep(0.01)
        (running,) = [m.pid for m in backend.busy]
    left = time.monotonic()
    while os.path.exists(f"/proc/{running}") and time.monotonic() < left + 5:
        time.sleep(0.01)
    assert not os.path.exists(f"/proc/{running}"), "the abandoned query's server still runs"
    assert time.monotonic() - left < 1.0
    while server.slots._value < 2 and time.monotonic() < left + 5:
        time.sleep(0.01)
    assert server.slots._value == 2 and time.monotonic() - left < 1.5
    assert _send(_port(server), "GET", "/query", "ASK {}")[0] == 200
    assert running in busy_before and running not in backend.pids()


def test_hanging_up_on_quick_queries_costs_no_server_start(guard, backend):
    """A query that ends within moments of its client going keeps its server: otherwise every
    hang-up would cost a process start (~0.1-0.3 s of CPU) for a request that cost the client nothing."""
    replaced = backend.replaced
    for _ in range(10):
        with socket.create_connection(("127.0.0.1", _port(guard))) as sock:
            sock.sendall(b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
            sock.shutdown(socket.SHUT_WR)
    assert _send(_port(guard), "GET", "/query", "ASK {}")[0] == 200
    assert backend.replaced == replaced


def test_a_server_process_that_dies_is_replaced(guard, backend):
    import os
    import signal

    victim = backend.pids()[0]
    os.kill(victim, signal.SIGKILL)
    end = time.monotonic() + 10
    while os.path.exists(f"/proc/{victim}") and time.monotonic() < end:  # reaped by the pool
        time.sleep(0.01)
    for _ in range(6):  # every request is answered: the dead process is passed over and replaced
        assert _send(_port(guard), "GET", "/query", "ASK {}")[0] == 200
    end = time.monotonic() + 10
    while (len(backend.pids()) < backend.size or backend.starting) and time.monotonic() < end:
        time.sleep(0.01)
    assert len(backend.pids()) == backend.size and victim not in backend.pids()


def test_a_server_that_cannot_start_is_one_line():
    from functiegebouw.errors import FgrError

    pool = Pool(lambda port: [sys.executable, "-c", "raise SystemExit(3)"], 2)
    try:
        with pytest.raises(FgrError, match=r"the oxigraph server stopped at once \(exit status 3\)"):
            pool.start()
    finally:
        pool.stop()
    assert pool.pids() == []
    for command in (lambda port: ["/nonexistent/oxigraph"], lambda port: (_ for _ in ()).throw(
            FgrError(None, None, "the oxigraph server is not installed (pip install oxigraph)"))):
        pool = Pool(command, 2)
        with pytest.raises(FgrError, match="oxigraph server"):
            pool.start()
        pool.stop()


# --------------------------------------------------------------------------- hostile requests

REQUEST = b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"


@pytest.mark.parametrize("data, status, words", [
    (REQUEST + b"Content-Length: -1\r\n\r\nASK {}", 400, b"Content-Length must be one whole number"),
    (REQUEST + b"Content-Length: abc\r\n\r\nASK {}", 400, b"Content-Length must be one whole number"),
    (REQUEST + b"Content-Length: 6\r\nContent-Length: 7\r\n\r\nASK {}", 400, b"Content-Length"),
    (REQUEST + b"Content-Length: 99999999999\r\n\r\nASK {}", 413, b"larger than 65536 bytes"),
    (REQUEST + b"Content-Length: 70000\r\n\r\n" + b" " * 70000, 413, b"larger than 65536 bytes"),
    (REQUEST + b"Content-Length: 70000\r\nExpect: 100-continue\r\n\r\n", 413, b"larger than 65536 bytes"),
    (REQUEST + b"Transfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n", 411, b"Content-Length"),
    (REQUEST + b"X: " + b"a" * 5000 + b"\r\n\r\n", 431, b"headers are larger than 4096 bytes"),
    (REQUEST + b"X: a\r\n" * 1000 + b"\r\n", 431, b"headers are larger"),
    (b"GET /query?" + b"a" * 5000 + b" HTTP/1.1\r\n\r\n", 414, b"request line is longer"),
    (REQUEST + b"Content-Length: 100\r\n\r\nASK {}", 408, b"not received within"),
    (b"GARBAGE\r\n\r\n", 400, b"400"),
    (b"GET /query HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"no query"),
    (b"GET /query?query=ASK%7B%7D&query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"more than one query"),
    (b"PUT /query HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405, b"not a query method"),
    (b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nASK {}", 415, b"POST"),
    (REQUEST + b"Content-Length: 2\r\n\r\n\xff\xfe", 400, b"not UTF-8"),
    (b"GET /etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404, b"no such page"),
    (b"GET /query?query=SELECT%20*%20%7B%0A%3Fs HTTP/1.1\r\nHost: x\r\n\r\n", 400, b"error"),
    (b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: a\x00b\r\n\r\n", 400, b"header"),
])
def test_hostile_requests_get_one_line_and_the_worker_back(guard, capfd, data, status, words):
    answer = exchange(_port(guard), data, timeout=8)
    assert status_of(answer) == status, answer[:300]
    body = body_of(answer)
    assert words in body and body.count(b"\n") == 1, body
    assert b"Traceback" not in answer and "Traceback" not in capfd.readouterr().err


def test_a_long_query_that_needs_the_parser_is_refused_at_once(guards):
    """The parser takes ~15 µs a character: a visitor does not get seconds of it."""
    port = _port(guards(max_body=256 * 1024))
    start = time.monotonic()
    status, _headers, body = _send(port, "direct", "/query", "# " + "service " * 9000 + "\nASK {}")
    assert status == 400 and b"longer than 64 KB" in body and time.monotonic() - start < 2
    status, _headers, body = _send(port, "direct", "/query", "# " + "x " * 40000 + "\nASK {}")
    assert status == 200  # long, but nothing to parse


def test_an_idle_connection_is_closed_quietly(guard):
    start = time.monotonic()
    assert exchange(_port(guard), b"", timeout=8) == b""  # closed by the server, nothing said
    assert time.monotonic() - start < 5


def test_excess_requests_get_503_with_retry_after(guards):
    server = guards(workers=2, read=30.0, idle=30.0)
    port = _port(server)
    holders = [socket.create_connection(("127.0.0.1", port)) for _ in range(2)]
    try:
        for sock in holders:
            sock.sendall(b"GET /query?query=ASK")  # half a request line: a worker waits for the rest
        end = time.monotonic() + 5
        while server.slots._value and time.monotonic() < end:
            time.sleep(0.01)
        answer = exchange(port, b"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n\r\n")
        assert status_of(answer) == 503 and b"\r\nRetry-After: 1\r\n" in answer
    finally:
        for sock in holders:
            sock.close()
    end = time.monotonic() + 5
    while server.slots._value < 2 and time.monotonic() < end:
        time.sleep(0.01)
    assert _send(port, "GET", "/query", "ASK {}")[0] == 200


# --------------------------------------------------------------------------- HEAD, OPTIONS, CORS

def test_head_answers_with_the_headers_of_get_and_no_body(guard):
    conn = http.client.HTTPConnection("127.0.0.1", _port(guard), timeout=10)
    try:
        for path in ("/query?query=ASK%7B%7D", "/"):
            conn.request("GET", path)
            got = conn.getresponse()
            whole = got.read()
            conn.request("HEAD", path)  # on the same connection: a body after HEAD would break the next answer
            head = conn.getresponse()
            assert head.status == got.status == 200 and head.read() == b""
            assert int(head.getheader("Content-Length")) == len(whole) > 0
            assert head.getheader("Content-Type") == got.getheader("Content-Type")
    finally:
        conn.close()


def _preflight(port, origin, method="POST", headers="content-type"):
    return _ask(port, "OPTIONS", "/query", None, {"Origin": origin, "Access-Control-Request-Method": method,
                                                  "Access-Control-Request-Headers": headers})


def test_cors_preflight_and_query_from_an_allowed_origin(guards):
    port = _port(guards(cors=("https://app.example",)))
    status, headers, body = _preflight(port, "https://app.example")
    assert status == 204 and body == b""
    assert headers["access-control-allow-origin"] == "https://app.example"
    assert "POST" in headers["access-control-allow-methods"]
    assert "content-type" in headers["access-control-allow-headers"].lower()
    status, headers, body = _ask(port, "POST", "/query", b"ASK {}", {"Origin": "https://app.example",
                                                                     "Content-Type": "application/sparql-query"})
    assert status == 200 and headers["access-control-allow-origin"] == "https://app.example"
    assert "origin" in headers["vary"].lower() and body == b'{"head":{},"boolean":true}'
    # another origin, a write method, a header outside the simple ones: no grant
    for asked in (("https://evil.example", "POST", "content-type"), ("https://app.example", "PUT", "content-type"),
                  ("https://app.example", "POST", "x-secret")):
        status, headers, _body = _preflight(port, *asked)
        assert status == 204 and "access-control-allow-origin" not in headers, asked
    status, headers, _body = _ask(port, "GET", "/query?query=ASK%7B%7D", None, {"Origin": "https://evil.example"})
    assert status == 200 and "access-control-allow-origin" not in headers


def test_without_cors_no_page_of_another_origin_may_read(guard):
    status, headers, _body = _preflight(_port(guard), "https://app.example")
    assert status == 204 and "access-control-allow-origin" not in headers
    assert "POST" in headers["allow"]
    status, headers, _body = _ask(_port(guard), "GET", "/query?query=ASK%7B%7D", None, {"Origin": "https://app.example"})
    assert status == 200 and "access-control-allow-origin" not in headers


def test_the_yasgui_page_and_queries_still_pass(guard):
    status, headers, body = _ask(_port(guard), "GET", "/")
    assert status == 200 and b"yasgui" in body.lower()
    assert _ask(_port(guard), "GET", "/yasgui.min.js")[0] == 200
    status, _headers, body = _send(_port(guard), "form", "/sparql", "SELECT ?o WHERE { <http://example.org/a> ?p ?o }")
    assert status == 200 and b'"value":"1"' in body


@pytest.mark.parametrize("args, words", [
    (["--cors", "ftp://x"], "--cors expects an origin"),
    (["--cors", "https://a.example/path"], "--cors expects an origin"),
    (["--deadline", "0"], "--deadline must be"),
    (["--deadline", "nan"], "--deadline must be"),
    (["--workers", "0"], "--workers must be at least 1"),
    (["--max-request-kb", "-1"], "--max-request-kb must be at least 1"),
    (["--processes", "0"], "--processes must be at least 1"),
])
def test_serve_options_are_checked_first(capsys, args, words):
    from functiegebouw.cli.main import main

    assert main(["serve", "--data", "nowhere", *args]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1


def test_serve_refuses_a_store_without_a_folder(capsys, monkeypatch):
    """The servers read the store's folder: a store that has none (in memory) is refused with one
    line, and closed, before any server is started."""
    from functiegebouw.cli.main import main
    from functiegebouw.sparql import pool, store

    closed = []

    class InMemory:
        location = None

        def __init__(self, data):
            pass

        def close(self):
            closed.append(True)

    monkeypatch.setattr(store, "EmbeddedStore", InMemory)
    monkeypatch.setattr(pool.Pool, "start", lambda self: pytest.fail("a server was started"))
    assert main(["serve", "--data", "anything"]) == 2
    err = capsys.readouterr().err
    assert "the store has no folder to serve" in err and err.count("\n") == 1
    assert closed == [True]


# --------------------------------------------------------------------------- the command, end to end

def test_fgr_serve_end_to_end(tmp_path, listener):
    """`fgr serve` as a user starts it: the regressions of issues 22 and 26 on the real command."""
    import os
    import re
    import subprocess
    import sys

    from support import free_port, wait_until_up

    data = tmp_path / "data"
    data.mkdir()
    (data / "a.nt").write_text('<http://example.org/a> <http://example.org/p> "1" .\n', encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "functiegebouw.cli", "serve", "--port", str(port), "--data",
                             str(data), "--cors", "https://app.example", "--processes", "2"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=dict(os.environ, FGR_STORE_DIR=str(tmp_path / "store")))
    try:
        wait_until_up(f"http://127.0.0.1:{port}", timeout=180, proc=proc)
        before = len(listener.hits)
        for form in FORMS:
            assert _send(port, "GET", "/sparql", form.format(url=listener.url, base=listener.url[:-1]))[0] == 403
        assert _send(port, "GET", "/query", FORMS[1].format(url=listener.url, base=""))[0] == 403
        assert len(listener.hits) == before
        assert _ask(port, "GET", "/query")[0] == 400
        status, headers, body = _ask(port, "HEAD", "/query?query=ASK%7B%7D")
        assert status == 200 and body == b"" and headers["content-length"] == "26"
        status, headers, _body = _preflight(port, "https://app.example")
        assert status == 204 and headers["access-control-allow-origin"] == "https://app.example"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    # it names the address users use, and no other: the servers' ports are the guard's own (issue 25)
    err = proc.stderr.read().decode()
    assert f"SPARQL endpoint http://127.0.0.1:{port}/query" in err and "2 query process(es)" in err, err
    assert {int(p) for p in re.findall(r":(\d{2,5})\b", err)} == {port}, err
    assert "Listening" not in err and "Traceback" not in err, err


def test_nothing_ever_reached_the_guarded_listener(listener):
    """Last in the module: whatever came late, no connection was ever made to the guarded port."""
    assert listener.hits == []
