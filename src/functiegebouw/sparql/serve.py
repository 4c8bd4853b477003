"""``fgr serve``: read-only ``oxigraph`` servers behind a guard that holds up.

The Oxigraph server would run a ``SERVICE <http://any-host:any-port/>`` clause of any visitor's
query, i.e. fetch any URL this machine can reach, and has no limits of its own on request sizes,
idle sockets or abandoned queries. The guard listens where the user asked and answers every
request itself first:

* routes: ``/query`` and ``/sparql`` (GET, HEAD, POST, OPTIONS) run queries; ``/``, the YASGUI
  files and ``/store`` (GET, HEAD) are passed through; ``/update`` and writes to ``/store`` get
  403 (read-only); anything else 404. Nothing else reaches a server.
* a query is read (GET ``?query=``, form POST, ``application/sparql-query`` POST), checked by
  :func:`functiegebouw.sparql.base.guard` on its parse tree, and the checked text, exactly, is
  sent on (POST ``application/sparql-query``) to a server of the pool
  (:mod:`functiegebouw.sparql.pool`) that runs this request alone.
* limits (:class:`Limits`): request line and headers (431), body (413), bytes of one request in
  time (408), idle sockets, requests at once (503 + Retry-After), the query deadline (504). A
  query whose client goes, or whose deadline passes, is cancelled: its server process is killed
  and replaced, and the other servers' queries go on.
* an answer that fails midway (Oxigraph writes its error message into a 200 answer it began) is
  held back up to :attr:`Limits.buffer` bytes and checked, and comes back as 502/504 with one
  line; beyond that size it is streamed and, if it fails, ended without the final chunk, so the
  client sees an incomplete answer, never a complete-looking one.

The guard process also holds the store generation's reader lock for as long as it serves, so no
clean-up removes the folder under it.
"""
from __future__ import annotations

import http.client
import io
import json
import re
import select
import socket
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, NoReturn

from functiegebouw.errors import FgrError
from functiegebouw.sparql.base import QueryRefused, guard
from functiegebouw.sparql.pool import Member, Pool

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer


@dataclass(frozen=True)
class Limits:
    """What one request may cost (docs/explanation/server-limits.md)."""

    deadline: float = 30.0          # seconds a query may take, waiting for a server included; then it is stopped (504)
    max_body: int = 1024 * 1024     # request body bytes (413)
    max_header: int = 16 * 1024     # request line + header bytes (431; 414 for the line alone)
    idle: float = 10.0              # seconds of silence on a socket (between bytes, between requests)
    read: float = 30.0              # seconds to receive one whole request (408)
    workers: int = 16               # requests served at once (503 with Retry-After beyond)
    buffer: int = 8 * 1024 * 1024   # answer bytes held back and checked before the status is sent

    def check(self) -> None:
        for name in ("deadline", "idle", "read"):
            value = getattr(self, name)
            if not 0 < value < float("inf"):
                raise FgrError(None, None, f"the {name} limit must be a positive number of seconds, not {value}")
        for name in ("max_body", "max_header", "workers", "buffer"):
            if getattr(self, name) < 1:
                raise FgrError(None, None, f"the {name} limit must be at least 1, not {getattr(self, name)}")


QUERY_ROUTES = ("/query", "/sparql")
ENDS_SOON = 0.1  # seconds a query whose client went may take to end before its server is killed
MAX_PARSED = 64 * 1024  # characters of a query the guard parses for a visitor (~1 s of parsing)
STATIC_ROUTES = ("/", "/yasgui.min.css", "/yasgui.min.js", "/logo.svg", "/store")
READ_ONLY_ROUTES = ("/update", "/store")
QUERY_METHODS = "GET, HEAD, POST, OPTIONS"
CORS_HEADERS = frozenset({"accept", "content-type"})
GRAPH_PARAMS = ("default-graph-uri", "named-graph-uri")
_CONTENT_LENGTH = re.compile(r"[0-9]{1,18}\Z")
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?\Z|https?://\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?\Z")


def parse_origins(values: Iterable[str] | None) -> tuple[str, ...]:
    """``--cors`` values: ``*`` or origins ``scheme://host[:port]`` (no path, as browsers send them)."""
    origins = []
    for value in values or ():
        value = value.strip().rstrip("/")
        if value != "*" and not _ORIGIN.match(value):
            raise FgrError(None, None, f"--cors expects an origin such as https://example.org or *, not {value!r}")
        origins.append(value)
    return tuple(origins)


class _Refusal(Exception):
    """An answer of one line, given instead of the request's."""

    def __init__(self, status: int, message: str, headers: Iterable[tuple[str, str]] = (), close: bool = False) -> None:
        super().__init__(message)
        self.status, self.message, self.headers, self.close = status, message, headers, close


class _SocketReader(io.RawIOBase):
    """The socket's bytes, with a time limit per read (``idle``) and one for the whole request
    (``until``): a client that sends a byte every few seconds cannot hold a worker for long."""

    def __init__(self, sock: socket.socket, idle: float) -> None:
        self.sock, self.idle, self.received = sock, idle, 0
        self.until: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        wait = self.idle
        if self.until is not None:
            wait = min(wait, self.until - time.monotonic())
            if wait <= 0:
                raise TimeoutError("request not received in time")
        self.sock.settimeout(wait)
        count = self.sock.recv_into(buffer)
        self.received += count
        return count


def _query_of(method: str, parts: urllib.parse.SplitResult, headers: Message,
              body: bytes) -> tuple[str, list[tuple[str, str]]]:
    """(SPARQL text, graph parameters) of a request to a query route, or _Refusal."""
    url_params = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    params = list(url_params)
    texts = [v for k, v in url_params if k == "query"]
    if method == "POST":
        kind = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            decoded = body.decode("utf-8")
        except UnicodeDecodeError:
            raise _Refusal(400, "the request body is not UTF-8") from None
        if kind == "application/sparql-query":
            texts.append(decoded)
        elif kind == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qsl(decoded, keep_blank_values=True)
            texts += [v for k, v in form if k == "query"]
            params += form
        else:
            raise _Refusal(415, "POST a query as application/sparql-query or application/x-www-form-urlencoded")
    if any(k == "update" for k, _ in params):
        raise _Refusal(403, "this server is read-only: it answers queries but takes no updates")
    if not texts:
        raise _Refusal(400, "no query: give one as ?query=…, a form field query=… or an application/sparql-query body")
    if len(texts) > 1:
        raise _Refusal(400, "more than one query in the request; send one")
    return texts[0], [(k, v) for k, v in params if k in GRAPH_PARAMS]


_MEDIA_CHECKS = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml",
}


def _complete(kind: str, body: bytes, whole: bool) -> bool:
    """Whether ``body`` (a 200 answer of media type ``kind``) is a complete document: Oxigraph
    writes an error message after the part it had sent. ``whole``: all of it (parsed), else its
    end only (a streamed answer). Types without a check (CSV, TSV, RDF) pass."""
    check = _MEDIA_CHECKS.get(kind)
    if check == "json":
        if not whole:
            return body.rstrip().endswith(b"}")
        try:
            json.loads(body)
        except ValueError:
            return False
        return True
    if check == "xml":
        return body.rstrip().endswith(b"</sparql>")
    return True


def _handler(pool: Pool, allow_service: bool, limits: Limits,
             cors: tuple[str, ...]) -> type[BaseHTTPRequestHandler]:
    class Guard(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def version_string(self) -> str:
            return "fgr-serve"

        # ------------------------------------------------------------------ reading

        def setup(self) -> None:
            super().setup()
            self.reader = _SocketReader(self.connection, limits.idle)
            self.rfile = io.BufferedReader(self.reader, 64 * 1024)

        def handle_one_request(self) -> None:
            self.reader.until = time.monotonic() + limits.read
            mark = self.reader.received
            # None until the request line is read, as the standard library's own parse_request has it
            self.command, self.path, self._sent = None, "", False  # type: ignore[assignment]
            self.requestline, self.request_version = "", "HTTP/1.1"  # send_response reads both
            try:
                try:
                    if not self._read_head():
                        return
                    body = self._read_body()
                except TimeoutError:
                    self.close_connection = True
                    if self.reader.received > mark:  # a request had begun
                        raise _Refusal(408, f"the request was not received within {limits.read:g} s "
                                            f"(or {limits.idle:g} s of silence)", close=True) from None
                    return
                self._serve(body)
            except _Refusal as refusal:
                try:
                    self._plain(refusal.status, refusal.message, refusal.headers, close=refusal.close)
                except OSError:  # the client is gone
                    self.close_connection = True
                    return
                if refusal.close:
                    self._linger()
            except (OSError, http.client.HTTPException):
                self.close_connection = True

        def _linger(self) -> None:
            """Before closing on a request not read to its end: read (and drop) a little of what the
            client still sends, since closing with unread bytes resets the connection, and the
            client may then lose the answer."""
            until = time.monotonic() + 1.0  # at most a second: a client that drips bytes gets no more
            try:
                self.connection.shutdown(socket.SHUT_WR)
                dropped = 0
                while dropped < 256 * 1024 and (left := until - time.monotonic()) > 0:
                    self.connection.settimeout(left)
                    chunk = self.connection.recv(65536)
                    if not chunk:
                        break
                    dropped += len(chunk)
            except OSError:
                pass

        def _read_head(self) -> bool:
            """Request line and headers within ``max_header`` bytes; False: nothing more to do."""
            line = self.rfile.readline(limits.max_header + 1)
            if not line:
                self.close_connection = True
                return False
            if len(line) > limits.max_header:
                raise _Refusal(414, f"the request line is longer than {limits.max_header} bytes", close=True)
            head = bytearray()
            while True:
                more = self.rfile.readline(limits.max_header + 1 - len(line) - len(head))
                head += more
                if len(line) + len(head) > limits.max_header:
                    raise _Refusal(431, f"the request headers are larger than {limits.max_header} bytes",
                                   close=True)
                if more in (b"\r\n", b"\n", b""):
                    break
            self.raw_requestline = line
            self.requestline = ""
            stream, self.rfile = self.rfile, io.BytesIO(bytes(head))
            try:
                parsed = self.parse_request()
            finally:
                self.rfile = stream
            if not parsed:  # parse_request has answered (400, 431, 505)
                self.close_connection = True
            return parsed

        def handle_expect_100(self) -> bool:
            self._body_length()  # refuse a body too large before the client sends it
            return super().handle_expect_100()

        def _body_length(self) -> int:
            if self.headers.get("Transfer-Encoding"):
                raise _Refusal(411, "send the body with a Content-Length, not chunked", close=True)
            values = self.headers.get_all("Content-Length") or []
            if not values:
                return 0
            if len(set(values)) != 1 or not _CONTENT_LENGTH.match(values[0].strip()):
                shown = ", ".join(values)[:40]
                raise _Refusal(400, f"Content-Length must be one whole number of bytes, not {shown!r}", close=True)
            length = int(values[0])
            if length > limits.max_body:
                raise _Refusal(413, f"the request body ({length} bytes) is larger than {limits.max_body} bytes",
                               close=True)
            return length

        def _read_body(self) -> bytes:
            length = self._body_length()
            body = self.rfile.read(length) if length else b""
            if len(body) < length:  # the client closed its side early
                self.close_connection = True
                raise _Refusal(400, f"the request body ended after {len(body)} of {length} bytes", close=True)
            return body

        # ------------------------------------------------------------------ routing

        def _serve(self, body: bytes) -> None:
            parts = urllib.parse.urlsplit(self.path)
            route = parts.path
            if route in QUERY_ROUTES:
                if self.command == "OPTIONS":
                    return self._preflight()
                if self.command not in ("GET", "HEAD", "POST"):
                    raise _Refusal(405, f"{self.command} is not a query method; use GET or POST",
                                   (("Allow", QUERY_METHODS),))
                text, graphs = _query_of(self.command, parts, self.headers, body)
                if not allow_service:
                    try:
                        text = guard(text, max_parsed=MAX_PARSED)
                    except QueryRefused as exc:
                        raise _Refusal(exc.status, str(exc)) from None
                target = "/query?" + urllib.parse.urlencode(graphs) if graphs else "/query"
                accept = self.headers.get("Accept")
                headers = {"Content-Type": "application/sparql-query; charset=utf-8",
                           **({"Accept": accept} if accept else {})}
                return self._relay("POST", target, text.encode("utf-8"), headers, query=True)
            if route in READ_ONLY_ROUTES and self.command not in ("GET", "HEAD", "OPTIONS"):
                raise _Refusal(403, "this server is read-only: it answers queries but takes no uploads or updates")
            if route in STATIC_ROUTES:
                if self.command == "OPTIONS":
                    return self._plain(204, "", (("Allow", "GET, HEAD, OPTIONS"),))
                if self.command not in ("GET", "HEAD"):
                    raise _Refusal(405, f"{self.command} is not allowed here", (("Allow", "GET, HEAD, OPTIONS"),))
                target = route + ("?" + parts.query if parts.query else "")
                accept = self.headers.get("Accept")
                return self._relay("GET", target, None, {"Accept": accept} if accept else {}, query=False)
            raise _Refusal(404, f"no such page: {route[:100]!r} (the SPARQL endpoint is /query)")

        def _cors(self) -> list[tuple[str, str]]:
            origin = self.headers.get("Origin")
            if not cors or not origin:
                return []
            if "*" in cors:
                return [("Access-Control-Allow-Origin", "*")]
            if origin in cors:
                return [("Access-Control-Allow-Origin", origin), ("Vary", "Origin")]
            return [("Vary", "Origin")]

        def _preflight(self) -> None:
            """OPTIONS: the methods; with an allowed Origin asking for a read-only request, the CORS grant."""
            headers = [("Allow", QUERY_METHODS)]
            method = (self.headers.get("Access-Control-Request-Method") or "").strip().upper()
            asked = {h.strip().lower() for h in (self.headers.get("Access-Control-Request-Headers") or "").split(",")
                     if h.strip()}
            grant = self._cors()
            if method and any(k == "Access-Control-Allow-Origin" for k, _ in grant):
                if method in ("GET", "HEAD", "POST") and asked <= CORS_HEADERS:
                    headers += grant + [("Access-Control-Allow-Methods", "GET, HEAD, POST"),
                                        ("Access-Control-Allow-Headers", "Accept, Content-Type"),
                                        ("Access-Control-Max-Age", "600")]
                else:
                    headers += [h for h in grant if h[0] == "Vary"]
            else:
                headers += [h for h in grant if h[0] == "Vary"]
            self._plain(204, "", headers)

        # ------------------------------------------------------------------ answering

        def _relay(self, method: str, target: str, body: bytes | None, headers: dict[str, str], *,
                   query: bool) -> None:
            """Send the request to a server of the pool, all its own, and pass the answer on. The
            server goes back to the pool only after an answer read to its end; otherwise (the client
            went, the deadline passed, the answer was cut off) it is killed and replaced, which
            ends its evaluation and nobody else's."""
            start = time.monotonic()
            until = start + limits.deadline
            member, conn = self._connect(until)
            if member is None or conn is None:  # both or neither
                if self._client_gone():
                    self.close_connection = True
                    return None
                if pool.failure is not None:
                    raise _Refusal(502, f"the SPARQL server cannot run: {pool.failure.message}", close=True)
                raise _Refusal(503, f"every SPARQL server process ({pool.size}) stayed busy for "
                                    f"{limits.deadline:g} s; try again in a moment", (("Retry-After", "1"),))
            relay = _Relay(pool, member)
            try:
                conn.request(method, target, body=body, headers=headers)
                if not self._await(conn.sock, until):
                    # the client went. A query about to end may keep its server (a client that sends
                    # quick queries and hangs up must not cost a server start each); any other is
                    # killed below, which stops its evaluation
                    relay.clean = _ends_soon(conn)
                    return None
                conn.sock.settimeout(max(0.001, until - time.monotonic()))
                answer = conn.getresponse()
                kept = [(k, v) for k, v in answer.getheaders()
                        if k.lower() not in HOP_BY_HOP | {"content-length", "server", "date"}
                        and not k.lower().startswith("access-control-")]
                kept += self._cors() if query else []
                held = bytearray()
                while len(held) <= limits.buffer:
                    self._upstream_wait(conn.sock, until, query)
                    chunk = answer.read1(64 * 1024)
                    if not chunk:
                        break
                    held += chunk
                else:
                    return self._stream(answer, conn, kept, held, start, until, query, relay)
                relay.clean = True  # the answer was read to its end: the server takes the next request
                conn.close()
                relay.release()
                kind = (answer.getheader("Content-Type") or "").split(";")[0].strip().lower()
                if query and answer.status == 200 and not _complete(kind, bytes(held), True):
                    self._failed(start, held)
                if query and answer.status >= 400:  # the server's refusal (a syntax error …) as one line
                    line = " ".join(bytes(held).decode("utf-8", "replace").split())[:1000]
                    raise _Refusal(answer.status, line or f"{answer.status} {answer.reason}")
                self._send(answer.status, kept, bytes(held))
            except TimeoutError:
                relay.release()  # killed first: its CPU is free before anything else happens
                if self._sent:  # the client stopped reading, or the answer passed the deadline midway
                    self.close_connection = True
                    return None
                self._plain(504, f"the query ran longer than the deadline ({limits.deadline:g} s) and was stopped",
                            close=True)
            except (OSError, http.client.HTTPException) as exc:
                relay.release()
                if self._sent:
                    raise
                raise _Refusal(502, f"the SPARQL server did not answer: {exc}", close=True) from None
            except ValueError:  # http.client refuses to send a header value (a control character)
                relay.clean = True  # nothing was sent
                raise _Refusal(400, "the Accept header holds characters that cannot be passed on") from None
            finally:
                conn.close()
                relay.release()
            return None

        def _connect(self, until: float) -> tuple[Member, http.client.HTTPConnection] | tuple[None, None]:
            """(a server of the pool, a connection to it), or (None, None): none came free in time or
            the client went. A server that refuses the connection has ended: it is replaced, and
            the next one tried."""
            for _ in range(pool.size + 1):
                member = pool.take(until, self._client_gone)
                if member is None:
                    return None, None
                conn = http.client.HTTPConnection("127.0.0.1", member.port, timeout=limits.deadline)
                try:
                    conn.connect()
                    return member, conn
                except OSError:
                    conn.close()
                    pool.discard(member)
            return None, None

        def _upstream_wait(self, upstream: socket.socket, until: float, query: bool) -> None:
            """The time the next read from the server may take: a query's answer must be whole by its
            deadline; a download (``/store``) may take longer, as long as bytes keep coming."""
            if not query:
                upstream.settimeout(limits.deadline)
                return
            left = until - time.monotonic()
            if left <= 0:
                raise TimeoutError
            upstream.settimeout(left)

        def _client_gone(self) -> bool:
            """The client closed its connection (readable, and at its end), without waiting."""
            try:
                ready, _, _ = select.select([self.connection], [], [], 0)
                if not ready:
                    return False
                return not self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
            except BlockingIOError:
                return False
            except (OSError, ValueError):
                return True

        def _await(self, upstream: socket.socket, until: float) -> bool:
            """Wait for the server's answer; False when the client closed its connection meanwhile."""
            watched = [upstream, self.connection]
            while True:
                left = until - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                ready, _, _ = select.select(watched, [], [], min(left, 1.0))
                if upstream in ready:
                    return True
                if self.connection in ready:
                    try:
                        peeked = self.connection.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
                    except BlockingIOError:
                        continue
                    except OSError:
                        peeked = b""
                    if not peeked:
                        self.close_connection = True
                        return False
                    watched = [upstream]  # a pipelined request: it waits its turn

        def _failed(self, start: float, held: bytearray) -> NoReturn:
            if time.monotonic() - start >= limits.deadline:
                raise _Refusal(504, f"the query ran longer than the deadline ({limits.deadline:g} s) and was "
                                    f"stopped")
            tail = bytes(held[-300:]).decode("utf-8", "replace")
            tail = " ".join(tail.split())[-160:]
            raise _Refusal(502, f"the SPARQL server failed in the middle of its answer (it ended with {tail!r})")

        def _stream(self, answer: http.client.HTTPResponse, conn: http.client.HTTPConnection,
                    kept: list[tuple[str, str]], held: bytearray, start: float, until: float, query: bool,
                    relay: _Relay) -> None:
            """An answer larger than ``buffer``: sent chunked as it comes; a failed one is cut off
            without the final chunk, which every HTTP client reports as incomplete."""
            kind = (answer.getheader("Content-Type") or "").split(";")[0].strip().lower()
            self._sent = True
            self.connection.settimeout(limits.idle)
            self.send_response(answer.status)
            for key, value in kept:
                self.send_header(key, value)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            last = bytes(held[-64:])
            if self.command != "HEAD":
                self.wfile.write(b"%x\r\n%s\r\n" % (len(held), held))
            while True:
                self._upstream_wait(conn.sock, until, query)
                chunk = answer.read1(64 * 1024)
                if not chunk:
                    break
                last = (last + chunk)[-64:]
                if self.command != "HEAD":
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            relay.clean = True
            relay.release()
            late = time.monotonic() - start >= limits.deadline
            if query and answer.status == 200 and (late or not _complete(kind, last, False)):
                self.close_connection = True
                return
            if self.command != "HEAD":
                self.wfile.write(b"0\r\n\r\n")

        _sent = False

        def _send(self, status: int, headers: Iterable[tuple[str, str]], data: bytes, *, close: bool = False) -> None:
            self._sent = True
            self.connection.settimeout(limits.idle)
            self.send_response(status)
            for key, value in headers:
                self.send_header(key, value)
            if status != 204:
                self.send_header("Content-Length", str(len(data)))
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD" and status != 204:
                self.wfile.write(data)

        def _plain(self, status: int, message: str, headers: Iterable[tuple[str, str]] = (), *,
                   close: bool = False) -> None:
            data = (message + "\n").encode("utf-8") if message else b""
            kinds = [("Content-Type", "text/plain; charset=utf-8")] if data else []
            self._send(status, [*kinds, *headers, *(self._cors() if self._is_query_route() else [])], data,
                       close=close)

        def _is_query_route(self) -> bool:
            path = getattr(self, "path", None)
            return bool(path) and urllib.parse.urlsplit(str(path)).path in QUERY_ROUTES and self.command != "OPTIONS"

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """The standard library's errors (a bad request line, a too long header) as one line."""
            phrase = message or http.HTTPStatus(code).phrase
            self.close_connection = True
            self.request_version = "HTTP/1.1"  # a one-word request line reads as HTTP/0.9: no status line
            try:
                self._plain(code, f"{code} {phrase}", close=True)
            except OSError:
                pass

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Guard


HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
              "transfer-encoding", "upgrade"}


class GuardServer(ThreadingHTTPServer):
    """A threading HTTP server with at most ``workers`` requests at once; beyond, 503 at once."""

    daemon_threads = True
    request_queue_size = 64

    pool: Pool  # set by whoever starts it (start_guard)

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], workers: int) -> None:
        self.slots = threading.BoundedSemaphore(workers)
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not self.slots.acquire(blocking=False):
            return self._busy(request)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """One line on stderr for what no handler expected, never a traceback."""
        exc = sys.exc_info()[1]
        print(f"fgr serve: a request from {client_address[0]} failed: {type(exc).__name__}: {exc}",
              file=sys.stderr, flush=True)

    def _busy(self, request: socket.socket) -> None:
        """503 without a worker: written into the fresh socket's buffer, then closed."""
        data = b"the server is busy; try again in a moment\n"
        try:
            request.settimeout(0.5)
            request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n"
                            b"Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                            b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
            request.shutdown(socket.SHUT_WR)
            request.setblocking(False)
            while request.recv(65536):  # what the client sent: unread, the close would reset the answer
                pass
        except OSError:
            pass
        finally:
            request.close()


def _ends_soon(conn: http.client.HTTPConnection) -> bool:
    """Whether the server's whole answer arrives within :data:`ENDS_SOON` seconds (read and dropped)."""
    try:
        conn.sock.settimeout(ENDS_SOON)
        answer = conn.getresponse()
        end = time.monotonic() + ENDS_SOON
        while answer.read1(64 * 1024):
            left = end - time.monotonic()
            if left <= 0:
                return False
            conn.sock.settimeout(left)
        return True
    except (OSError, http.client.HTTPException):
        return False


class _Relay:
    """The pool's server for one request: given back after a clean answer, otherwise discarded."""

    def __init__(self, pool: Pool, member: Member) -> None:
        self.pool, self.member, self.clean, self.done = pool, member, False, False

    def release(self) -> None:
        if self.done:
            return
        self.done = True
        if self.clean:
            self.pool.give_back(self.member)
        else:
            self.pool.discard(self.member)


def start_guard(pool: Pool, host: str, port: int, *, allow_service: bool = False,
                limits: Limits = Limits(), cors: tuple[str, ...] = ()) -> GuardServer:
    """The guard listening on host:port (serving in a daemon thread) in front of ``pool`` (started
    by the caller); stop with ``shutdown()``."""
    limits.check()
    try:
        server = GuardServer((host, port), _handler(pool, allow_service, limits, cors), limits.workers)
    except OSError as exc:
        raise FgrError(f"{host}:{port}", None, f"cannot listen here: {exc.strerror or exc}") from None
    server.pool = pool
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def serve(command: Callable[[int], list[str]], host: str, port: int, *, processes: int,
          allow_service: bool = False, announce: Callable[[Pool], object] | None = None, limits: Limits = Limits(),
          cors: tuple[str, ...] = ()) -> int:
    """Run ``processes`` servers (``command(port)``: an oxigraph server on a private loopback port)
    behind the guard on host:port until Ctrl-C or SIGTERM; returns the exit status."""
    limits.check()
    pool = Pool(command, processes)
    try:
        server = GuardServer((host, port), _handler(pool, allow_service, limits, cors), limits.workers)
    except OSError as exc:
        raise FgrError(f"{host}:{port}", None, f"cannot listen here: {exc.strerror or exc}") from None
    serving = False
    try:
        pool.start()
        if announce:
            announce(pool)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        serving = True
        failure = pool.wait()
        if failure is not None:
            raise failure
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        if serving:
            server.shutdown()
        server.server_close()
        pool.stop()
