"""Failing SPARQL servers, seen from the command line: clear one-line messages, bounded retries, no secrets.

A local fake server on 127.0.0.1 answers every request with a chosen status and records what it got.
Credentials come from the environment, from user:password@ in the URL, or from a netrc file; the
password must reach the server (as HTTP basic auth) and appear in no output, message or log line.
"""
from __future__ import annotations

import base64
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

SECRET = "s3cr3t-P@ss:} ; DROP ALL ; {"
USER = "fgr-robot"
QUERY = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"


class Recorder(BaseHTTPRequestHandler):
    status = 500
    body = b""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append((self.command, self.path, dict(self.headers), self.rfile.read(length)))
        self.send_response(self.server.status)
        body = self.server.body
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    srv.requests, srv.status, srv.body = [], 500, b""
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def fgr(*args, env=None, timeout=120):
    base = {k: v for k, v in os.environ.items() if not k.startswith("FGR_")}
    base.update(env or {})
    return subprocess.run([sys.executable, "-m", "functiegebouw.cli", *args], capture_output=True, text=True,
                          env=base, timeout=timeout)


def no_secret(proc):
    token = base64.b64encode(f"{USER}:{SECRET}".encode()).decode()
    for stream in (proc.stdout, proc.stderr):
        assert SECRET not in stream and token not in stream and "s3cr3t" not in stream


@pytest.mark.parametrize("status,words,attempts", [
    (401, "401 Unauthorized", 1), (403, "403 Forbidden", 1), (404, "404 Not Found", 1),
    (500, "server error 500", 4), (503, "server error 503", 4)])
def test_failing_server_with_credentials_from_the_environment(server, status, words, attempts):
    server.status = status
    server.body = f"echo of the request: {SECRET}".encode()  # a server that quotes the password back
    url = f"http://127.0.0.1:{server.server_port}/query"
    proc = fgr("query", QUERY, "--endpoint", url, "--timeout", "5",
               env={"FGR_ENDPOINT_USER": USER, "FGR_ENDPOINT_PASSWORD": SECRET})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert words in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    no_secret(proc)
    assert len(server.requests) == attempts  # 5xx retried a bounded number of times; 4xx never
    sent = server.requests[0][2].get("Authorization", "")
    assert base64.b64decode(sent.split()[1]).decode() == f"{USER}:{SECRET}"


def test_credentials_in_the_url_are_used_and_never_printed(server):
    server.status = 401
    url = f"http://{USER}:{SECRET.replace(':', '%3A').replace(' ', '%20').replace(';', '%3B').replace('{', '%7B').replace('}', '%7D').replace('@', '%40')}@127.0.0.1:{server.server_port}/query"
    proc = fgr("query", QUERY, "--endpoint", url, "--timeout", "5")
    assert proc.returncode == 2 and "401" in proc.stderr
    no_secret(proc)
    assert "%40" not in proc.stderr and USER not in proc.stderr  # the whole user-info part is redacted


def test_credentials_from_netrc_never_printed(server, tmp_path):
    server.status = 403
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password s3cr3t-netrc-pass\n")
    netrc.chmod(0o600)
    proc = fgr("query", QUERY, "--endpoint", f"http://127.0.0.1:{server.server_port}/query", "--timeout", "5",
               env={"NETRC": str(netrc), "HOME": str(tmp_path)})
    assert proc.returncode == 2 and "403" in proc.stderr
    assert "s3cr3t-netrc-pass" not in proc.stderr + proc.stdout
    sent = server.requests[0][2].get("Authorization", "")
    assert base64.b64decode(sent.split()[1]).decode() == f"{USER}:s3cr3t-netrc-pass"


def test_secrets_stay_out_of_debug_logs(server):
    """Even with every logger at DEBUG (http.client prints headers at debuglevel), no secret is shown."""
    server.status = 500
    code = ("import logging, sys, http.client; logging.basicConfig(level=logging.DEBUG); "
            "from functiegebouw.cli import main; sys.exit(main(sys.argv[1:]))")
    base = {k: v for k, v in os.environ.items() if not k.startswith("FGR_")}
    base.update({"FGR_ENDPOINT_USER": USER, "FGR_ENDPOINT_PASSWORD": SECRET})
    proc = subprocess.run([sys.executable, "-c", code, "query", QUERY, "--endpoint",
                           f"http://127.0.0.1:{server.server_port}/query", "--timeout", "5"],
                          capture_output=True, text=True, env=base, timeout=120)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    no_secret(proc)


def test_unreachable_port_is_a_clear_message():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = fgr("query", QUERY, "--endpoint", f"http://{USER}:{SECRET.replace(' ', '%20')}@127.0.0.1:{port}/query",
               "--timeout", "2")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "connect" in proc.stderr and f"127.0.0.1:{port}" in proc.stderr
    no_secret(proc)


def test_server_that_never_answers_times_out(tmp_path):
    """Accepts the connection and then says nothing: the read timeout ends it, with a message."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    try:
        proc = fgr("query", QUERY, "--endpoint", f"http://127.0.0.1:{listener.getsockname()[1]}/query",
                   "--timeout", "1", timeout=60)
    finally:
        listener.close()
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "within" in proc.stderr or "timed out" in proc.stderr.lower(), proc.stderr


def test_load_to_a_failing_server_is_refused_cleanly(server, tmp_path):
    server.status = 503
    (tmp_path / "a.ttl").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    proc = fgr("load", "--data", str(tmp_path / "a.ttl"), "--no-ontology", "--endpoint",
               f"http://127.0.0.1:{server.server_port}/query", "--timeout", "5",
               env={"FGR_ENDPOINT_USER": USER, "FGR_ENDPOINT_PASSWORD": SECRET})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "503" in proc.stderr
    no_secret(proc)
