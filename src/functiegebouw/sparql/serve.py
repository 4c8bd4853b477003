"""``fgr serve``: the ``oxigraph`` server, read-only, behind a small guard that refuses SERVICE.

The Oxigraph server would run a ``SERVICE <http://any-host:any-port/>`` clause of any visitor's
query, i.e. fetch any URL this machine can reach. The guard listens where the user asked, reads
each query (GET ``?query=``, form POST, ``application/sparql-query`` POST), answers a query with
SERVICE with 403 unless ``allow_service``, and passes everything else (YASGUI included) through,
streamed, to the server on a private loopback port. The guard process also holds the store
generation's reader lock for as long as it serves, so no clean-up removes the folder under it.
"""
from __future__ import annotations

import http.client
import signal
import subprocess
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from functiegebouw.errors import FgrError
from functiegebouw.sparql.base import refuse_service

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade"}


def _query_text(method: str, path: str, headers, body: bytes) -> str | None:
    """The SPARQL text of a request to /query (None for anything else)."""
    parts = urllib.parse.urlsplit(path)
    if parts.path.rstrip("/") != "/query":
        return None
    texts = urllib.parse.parse_qs(parts.query).get("query", [])
    if method == "POST":
        kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/sparql-query":
            texts.append(body.decode("utf-8", "replace"))
        elif kind == "application/x-www-form-urlencoded":
            texts += urllib.parse.parse_qs(body.decode("utf-8", "replace")).get("query", [])
    return "\n".join(texts) if texts else None


def _handler(backend_port: int, allow_service: bool):
    class Guard(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _relay(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            text = _query_text(self.command, self.path, self.headers, body)
            if text is not None and not allow_service:
                try:
                    refuse_service(text)
                except FgrError as exc:
                    return self._plain(403, exc.message)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
            conn = http.client.HTTPConnection("127.0.0.1", backend_port, timeout=3600)
            try:
                conn.request(self.command, self.path, body=body or None, headers=headers)
                answer = conn.getresponse()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in HOP_BY_HOP and key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                while chunk := answer.read1(64 * 1024):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except (OSError, http.client.HTTPException):
                self.close_connection = True
            finally:
                conn.close()

        def _plain(self, status: int, message: str):
            data = (message + "\n").encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = _relay

        def log_message(self, *args):
            pass

    return Guard


def _die_with_parent() -> None:
    """In the child: SIGTERM when the guard process dies, so no server is orphaned."""
    from functiegebouw.process import die_with_parent

    die_with_parent(signal.SIGTERM)


def serve(command: list[str], backend_port: int, host: str, port: int, *, allow_service: bool = False,
          announce=None) -> int:
    """Run ``command`` (the oxigraph server on ``backend_port``) behind the guard on host:port
    until Ctrl-C or SIGTERM; returns the exit status."""
    from functiegebouw.sparql.http import parse_url, request

    try:
        guard = ThreadingHTTPServer((host, port), _handler(backend_port, allow_service))
    except OSError as exc:
        raise FgrError(f"{host}:{port}", None, f"cannot listen here: {exc.strerror or exc}") from None
    guard.daemon_threads = True
    child = subprocess.Popen(command, stdout=sys.stderr, stderr=sys.stderr, preexec_fn=_die_with_parent)
    serving = False
    try:
        probe = parse_url(f"http://127.0.0.1:{backend_port}/query?query=ASK%7B%7D")
        for _ in range(300):
            if child.poll() is not None:
                raise FgrError(None, None, f"the oxigraph server stopped at once (exit status {child.returncode})")
            try:
                request("GET", probe, deadline=1.0, retries=0).read()
                break
            except FgrError:
                threading.Event().wait(0.1)
        if announce:
            announce()
        threading.Thread(target=guard.serve_forever, daemon=True).start()
        serving = True
        child.wait()
        return child.returncode or 0
    except KeyboardInterrupt:
        return 0
    finally:
        if serving:
            guard.shutdown()
        guard.server_close()
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
