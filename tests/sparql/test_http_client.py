"""sparql/http.py, the client of remote SPARQL endpoints: credentials only to their own origin (the
port included), the --max-answer-mb cap also for a chunked answer, one deadline for all retries, no
redirects followed, URLs parsed strictly (issue 27's HTTP survivors). Loopback servers only."""
from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.sparql.http import parse_url, redact, request, scrub, status_message
from functiegebouw.sparql.remote import RemoteStore

USER, PASSWORD = "reader", "s3cret-Pa55"
ROWS = json.dumps({"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "ok"}}]}})


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers with the next entry of ``server.script``: a status, or a callable that writes the answer."""

    protocol_version = "HTTP/1.1"

    def _answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        step = self.server.script.pop(0) if self.server.script else 200
        if callable(step):
            step(self)
            return
        body = (ROWS if step == 200 else "").encode()
        self.send_response(step)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client hung up on purpose (the cap, the deadline): nothing to print


def start():
    server = Server(("127.0.0.1", 0), Handler)
    server.script, server.seen = [], []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def servers():
    started = [start(), start()]
    yield started
    for server in started:
        server.shutdown()
        server.server_close()


def url(server, path="/query", userinfo=""):
    return f"http://{userinfo}127.0.0.1:{server.server_address[1]}{path}"


def test_credentials_go_to_their_own_port_only(servers, monkeypatch):
    """The query endpoint's credentials (URL or environment) are not sent to an update endpoint on the
    same host but another port: another origin, possibly another service."""
    query, other = servers
    for env in (False, True):
        query.seen.clear(), other.seen.clear()
        if env:
            monkeypatch.setenv("FGR_ENDPOINT_USER", USER)
            monkeypatch.setenv("FGR_ENDPOINT_PASSWORD", PASSWORD)
        store = RemoteStore(url(query, userinfo="" if env else f"{USER}:{PASSWORD}@"),
                            update_endpoint=url(other, "/update"), retries=0)
        assert store.query("SELECT ?x WHERE { }").rows == [("ok",)]
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        assert query.seen[0][2] is not None and query.seen[0][2].startswith("Basic ")
        assert other.seen == [("POST", "/update", None)]
    # the same origin (the siblings of an Oxigraph root) shares them
    store = RemoteStore(url(query, "/"), retries=0)
    query.seen.clear()
    store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert query.seen[0][:2] == ("POST", "/update") and query.seen[0][2] is not None


def chunked(size: int, pieces: int = 4):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "application/octet-stream")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        part = size // pieces
        sizes = [part] * (pieces - 1) + [size - part * (pieces - 1)]
        for n in sizes:
            handler.wfile.write(f"{n:x}\r\n".encode() + b"x" * n + b"\r\n")
        handler.wfile.write(b"0\r\n\r\n")
    return answer


def announced(size: int):
    def answer(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", str(size))
        handler.end_headers()
        handler.wfile.write(b"x" * size)
    return answer


@pytest.mark.parametrize("answer", [chunked, announced])
def test_an_answer_above_the_cap_is_refused_chunked_or_announced(servers, answer):
    server = servers[0]
    server.script = [answer(1000)]
    assert request("GET", parse_url(url(server)), max_bytes=1000, retries=0).read() == b"x" * 1000
    server.script = [answer(1001)]
    with pytest.raises(FgrError, match="larger than .* MB; ask for less .*--max-answer-mb"):
        request("GET", parse_url(url(server)), max_bytes=1000, retries=0).read()


def slow_503(handler):
    time.sleep(0.6)
    handler.send_response(503)
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def test_the_deadline_covers_every_retry(servers):
    """Each attempt takes 0.6 s and fails; the 1.5 s deadline ends the call after the third at most,
    not after 1.5 s per attempt (ten attempts would take 6 s)."""
    server = servers[0]
    server.script = [slow_503] * 10
    start = time.monotonic()
    with pytest.raises(FgrError) as err:
        request("GET", parse_url(url(server)), deadline=1.5, retries=9, backoff=0.01).read()
    assert len(server.seen) <= 3 and time.monotonic() - start < 4.5
    assert "server error 503" in str(err.value) or "within 1.5 s" in str(err.value)


def test_5xx_is_retried_and_the_attempts_are_counted(servers):
    server = servers[0]
    server.script = [503, 502, 500]
    with pytest.raises(FgrError, match=r"server error 500 \(after 3 attempts\)"):
        request("GET", parse_url(url(server)), retries=2, backoff=0.01)
    server.script, server.seen = [503, 200], []
    assert request("GET", parse_url(url(server)), retries=1, backoff=0.01).read() == ROWS.encode()
    server.script, server.seen = [404, 200], []
    with pytest.raises(FgrError, match=r"404 Not Found \(no SPARQL service at this URL\)$"):
        request("GET", parse_url(url(server)), retries=3, backoff=0.01)
    assert len(server.seen) == 1  # a client error is not retried


def redirect(handler):
    handler.send_response(302)
    handler.send_header("Location", f"http://{USER}:{PASSWORD}@elsewhere.example/sparql")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def test_a_redirect_is_not_followed(servers):
    server = servers[0]
    server.script = [redirect]
    with pytest.raises(FgrError) as err:
        request("GET", parse_url(url(server)), retries=2)
    message = str(err.value)
    assert "HTTP 302: the server redirects to http://elsewhere.example/sparql; redirects are not followed" in message
    assert PASSWORD not in message and len(server.seen) == 1


@pytest.mark.parametrize("text, origin, shown", [
    ("http://h/q", ("http", "h", 80), "http://h/q"),
    ("HTTPS://H:443/q?x=1#frag", ("https", "h", 443), "https://H/q?x=1"),
    ("http://u:p@h:8080", ("http", "h", 8080), "http://h:8080/"),
    ("http://[::1]:7878/q", ("http", "::1", 7878), "http://[::1]:7878/q"),
    ("http://h:1/", ("http", "h", 1), "http://h:1/"),
    ("http://h:65535/", ("http", "h", 65535), "http://h:65535/"),
    ("http://u:p#/?@x@h/q", ("http", "h", 80), "http://h/q"),
])
def test_urls_are_parsed_once_and_printed_without_credentials(text, origin, shown):
    parsed = parse_url(text)
    assert parsed.origin == origin and str(parsed) == shown
    assert "p@" not in str(parsed)


def test_user_info_is_unquoted():
    parsed = parse_url("http://a%40b:p%3Aw@h/")
    assert (parsed.user, parsed.password) == ("a@b", "p:w")
    assert (parse_url("http://a@h/").user, parse_url("http://a@h/").password) == ("a", "")
    assert parse_url("http://h/").user is None


@pytest.mark.parametrize("text, words", [
    ("ftp://h/", "not an http(s) URL"), ("h/q", "not an http(s) URL"),
    ("http://h:0/", "port '0'"), ("http://h:65536/", "port '65536'"), ("http://h:8x/", "port '8x'"),
    ("http://[zz]/", "not an IPv6 address"), ("http:///q", "no host"), ("http://h/a b", "spaces or control"),
    ("http://h/a\x7f", "spaces or control"), ("http://u:pw@h:99999/", "port"),
])
def test_bad_urls_are_one_clear_error_without_credentials(text, words):
    with pytest.raises(FgrError) as err:
        parse_url(text)
    assert words in str(err.value) and "pw@" not in str(err.value)


def test_messages_never_quote_the_credentials():
    assert redact("http://u:pw@h/q") == "http://h/q" and redact("not a url") == "not a url"
    assert scrub(f"denied for {PASSWORD} at http://u:x@h/", (USER, PASSWORD)) == "denied for *** at http://h/"
    assert "withheld" in scrub("anything", (USER, "short"))
    assert scrub("fine", None) == "fine"
    assert status_message(401, "", None).startswith("401 Unauthorized (set FGR_ENDPOINT_USER")
    assert status_message(401, "", (USER, PASSWORD)) == "401 Unauthorized (the credentials were refused)"
    assert "read-only" in status_message(403, "This store is read-only", None)
    assert status_message(403, "", None) == "403 Forbidden (the account may not read or write here)"
    assert status_message(400, "bad  \n query", None) == "400 Bad Request: bad query"
    assert status_message(500, "", None) == "server error 500"
    assert status_message(418, "teapot", None) == "HTTP 418: teapot"
    assert status_message(299, "", None) == "HTTP 299"


def test_status_messages_at_their_edges():
    moved = status_message(300, "", None, {"location": "http://u:pw@x/q"})
    assert moved.startswith("HTTP 300: the server redirects to http://x/q;") and "pw" not in moved
    assert status_message(399, "", None).startswith("HTTP 399: the server redirects; redirects are not followed")
    assert status_message(400, "", None) == "400 Bad Request: "
    assert status_message(402, "", None) == "HTTP 402"
    assert status_message(404, "", None) == "404 Not Found (no SPARQL service at this URL)"
    assert "read-only" in status_message(403, "a READ ONLY service", None)
    assert status_message(599, "x" * 400, None) == "server error 599: " + "x" * 300
    assert scrub("pw=abcdef", (USER, "abcdef")) == "pw=***"  # six characters: replaced
    assert "withheld" in scrub("pw=abcde", (USER, "abcde"))
    assert scrub(f"u={USER}", (USER, "")) == f"u={USER}"


@pytest.mark.parametrize("statuses, retried", [([500, 200], True), ([599, 200], True), ([499, 200], False),
                                               ([600, 200], False)])
def test_only_5xx_is_retried(servers, statuses, retried):
    server = servers[0]
    server.script = list(statuses)
    if retried:
        assert request("GET", parse_url(url(server)), retries=1, backoff=0.01).read() == ROWS.encode()
    else:
        with pytest.raises(FgrError, match=f"(HTTP|server error) {statuses[0]}$"):
            request("GET", parse_url(url(server)), retries=1, backoff=0.01)
    assert len(server.seen) == (2 if retried else 1)


@pytest.mark.parametrize("text, shown", [("http://h:80/", "http://h/"), ("https://h:443/", "https://h/"),
                                         ("https://h:80/", "https://h:80/"), ("http://h:443/", "http://h:443/"),
                                         ("http://[::1]/", "http://[::1]/"), ("http://h", "http://h/")])
def test_default_ports_are_not_printed(text, shown):
    assert str(parse_url(text)) == shown


def test_the_cap_is_named_in_megabytes(servers):
    server = servers[0]
    server.script = [chunked(2 * 1024 * 1024 + 1, pieces=8)]
    with pytest.raises(FgrError, match=r"the answer is larger than 2 MB; ask for less \(LIMIT\)"):
        request("GET", parse_url(url(server)), max_bytes=2 * 1024 * 1024, retries=0).read()


def slow(status: int, seconds: float):
    def answer(handler):
        time.sleep(seconds)
        body = ROWS.encode() if status == 200 else b""
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return answer


def test_a_retry_runs_while_any_time_is_left(servers):
    """The first attempt fails after 1.2 s of a 2 s deadline: the second still runs (and succeeds)."""
    server = servers[0]
    server.script = [slow(503, 1.2), 200]
    assert request("GET", parse_url(url(server)), deadline=2.0, retries=1, backoff=0.01).read() == ROWS.encode()
    assert len(server.seen) == 2


def test_printable_characters_are_allowed_in_a_path():
    assert parse_url("http://h/a!b~c").target == "/a!b~c"


def test_netrc_gives_login_and_password(tmp_path, monkeypatch):
    from functiegebouw.sparql.http import netrc_credentials

    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine h login {USER} password {PASSWORD}\nmachine only-login login x\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    assert netrc_credentials(parse_url("http://h/q")) == (USER, PASSWORD)
    assert netrc_credentials(parse_url("http://only-login/q")) == ("x", "")
    assert netrc_credentials(parse_url("http://other/q")) is None
    monkeypatch.setenv("NETRC", str(tmp_path / "missing"))
    assert netrc_credentials(parse_url("http://h/q")) is None


def test_the_default_cap_is_1024_mb(servers):
    """An answer announcing one byte more than 1024 MB is refused before a byte of it is read."""
    server = servers[0]
    server.script = [lambda h: (h.send_response(200), h.send_header("Content-Length", str(1024 * 1024 * 1024 + 1)),
                                h.end_headers())]
    with pytest.raises(FgrError, match="larger than 1024 MB"):
        request("GET", parse_url(url(server)), retries=0)
