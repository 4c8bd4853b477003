"""HTTP for SPARQL endpoints: one call with a total deadline, a size cap, no redirects, and URLs
that are parsed once, so that what is printed is the URL without its credentials.

- **Deadline.** ``deadline`` seconds cover the whole call: connecting, sending, every retry and
  its back-off, and reading the whole answer. A watchdog closes the socket when it is reached, so
  a server that sends one byte a second cannot keep a read alive.
- **Size cap.** An answer larger than ``max_bytes`` is refused (announced by Content-Length, or
  counted while reading).
- **Redirects are not followed.** A 3xx answer is an error naming the target. Following one would
  send the query (and the credentials) to an address the user did not give, and take its answer
  as the result; a user who trusts the target gives it as the endpoint.
- **Credentials** are sent only to the origin (scheme, host, port) they belong to.
"""
from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from email.message import Message

from functiegebouw.errors import FgrError

RETRY_STATUS = range(500, 600)
MB = 1024 * 1024
DEFAULT_MAX_BYTES = 1024 * MB
CHUNK = 64 * 1024

# host[:port] as it may stand after the user-info: a registered name, IPv4 or [IPv6]
_AUTHORITY = re.compile(r"(\[[^\]/?#@]*\]|[^\[\]/?#@:]*)(?::([^/?#@]*))?(?=[/?#]|\Z)")


@dataclass(frozen=True)
class Url:
    """An http(s) URL split once: credentials apart from the address they are for."""
    scheme: str
    host: str          # without the brackets of an IPv6 address
    port: int
    target: str        # path and query, what goes on the request line
    user: str | None = None
    password: str | None = None

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host.lower(), self.port

    @property
    def netloc(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"

    def __str__(self) -> str:  # never the credentials
        return f"{self.scheme}://{self.netloc}{self.target}"

    def with_target(self, target: str) -> Url:
        return Url(self.scheme, self.host, self.port, target, self.user, self.password)


def _split(text: str) -> tuple[str, str | None, str]:
    """(scheme, user-info or None, the rest) of ``scheme://userinfo@host…``.

    The user-info runs to the last ``@`` that is followed by a host[:port]: a password pasted
    unencoded with ``#``, ``/``, ``?`` or ``@`` in it still belongs to the user-info, and is never
    printed. (Write an ``@`` in a path as ``%40``.)
    """
    scheme, sep, rest = text.partition("://")
    if not sep:
        return "", None, text
    at = len(rest)
    while True:
        at = rest.rfind("@", 0, at)
        if at < 0:
            break
        if _AUTHORITY.match(rest, at + 1):
            return scheme, rest[:at], rest[at + 1:]
    if "@" in rest:  # no host after any @: still keep everything before the last one out of sight
        userinfo, _, after = rest.rpartition("@")
        return scheme, userinfo, after
    return scheme, None, rest


def redact(text: str) -> str:
    """The URL without its user-info (safe to print), also when it is not a valid URL."""
    text = str(text)
    scheme, userinfo, rest = _split(text)
    if userinfo is None:
        return text
    return f"{scheme}://{rest}"


def parse_url(text: str) -> Url:
    """Parse an http(s) URL; anything else is an FgrError naming the URL without credentials."""
    text = str(text).strip()
    shown = redact(text)
    scheme, userinfo, rest = _split(text)
    scheme = scheme.lower()
    if scheme not in ("http", "https"):
        raise FgrError(shown, None, "not an http(s) URL")
    m = _AUTHORITY.match(rest)
    if not m:
        raise FgrError(shown, None, "not a valid URL (expected http://host[:port]/path)")
    host, port_text = m.group(1), m.group(2)
    if host.startswith("["):
        inner = host[1:-1]
        try:
            import ipaddress

            ipaddress.IPv6Address(inner.split("%")[0])
        except ValueError:
            raise FgrError(shown, None, f"not a valid URL: {host} is not an IPv6 address") from None
        host = inner
    elif "[" in rest[: m.end()] or "]" in rest[: m.end()]:
        raise FgrError(shown, None, "not a valid URL (unbalanced [ ] around an IPv6 address)")
    if not host:
        raise FgrError(shown, None, "not a valid URL: no host")
    if port_text is None or port_text == "":
        port = 443 if scheme == "https" else 80
    else:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise FgrError(shown, None, f"not a valid URL: port {port_text[:20]!r} (expected 1 to 65535)")
        port = int(port_text)
    after = rest[m.end():]
    if after.startswith("#"):
        after = ""
    path, _, _fragment = after.partition("#")
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in path):
        raise FgrError(shown, None, "not a valid URL: spaces or control characters (write them as %20, …)")
    if not path.startswith("/"):
        path = "/" + path
    user = password = None
    if userinfo is not None:
        raw_user, colon, raw_password = userinfo.partition(":")
        user = urllib.parse.unquote(raw_user)
        password = urllib.parse.unquote(raw_password) if colon else ""
    return Url(scheme, host, port, path, user, password)


def netrc_credentials(url: Url) -> tuple[str, str] | None:
    """(login, password) for the URL's host from ``$NETRC`` or ``~/.netrc``."""
    import netrc

    path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(url.host)
    except netrc.NetrcParseError as exc:
        # The parser's message can quote a token from the file, i.e. a password: keep only the line.
        raise FgrError(path, exc.lineno, "cannot read this netrc file") from None
    except OSError:
        return None
    if not entry:
        return None
    login, _account, password = entry
    return login or "", password or ""


def scrub(text: str, auth: tuple[str, str] | None) -> str:
    """A server's message without the credentials it may quote back.

    Exact occurrences of the password, of user:password and of the Basic token are replaced,
    and user-info in any URL the message contains is dropped. A password so short that replacing
    it would mangle the message (under 6 characters) withholds the message instead.
    """
    text = re.sub(r"(\w+://)[^\s/@]*@", r"\1", text)
    if not auth:
        return text
    user, password = auth
    if password and len(password) < 6:
        return "(the server's message is withheld: it could quote the password)"
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    for secret in (token, f"{user}:{password}", password):
        if secret:
            text = text.replace(secret, "***")
    return text


def status_message(status: int, body: str, auth: tuple[str, str] | None,
                   headers: Mapping[str, str] | Message | None = None) -> str:
    detail = " ".join(scrub(body, auth).split())[:300]
    if 300 <= status < 400:
        location = (headers or {}).get("Location") or (headers or {}).get("location")
        where = f" to {redact(location)}" if location else ""
        return (f"HTTP {status}: the server redirects{where}; redirects are not followed (they would take "
                f"the query and credentials elsewhere): give that URL itself if you trust it")
    if status == 401:
        hint = ("the credentials were refused" if auth else
                "set FGR_ENDPOINT_USER and FGR_ENDPOINT_PASSWORD or add the host to ~/.netrc")
        return f"401 Unauthorized ({hint})"
    if status == 403:
        if "read-only" in detail.lower() or "read only" in detail.lower():
            return ("this server is read-only: it answers queries but takes no uploads or updates (403 Forbidden; "
                    "fgr serve is read-only: load into a server started with `oxigraph serve`)")
        return "403 Forbidden (the account may not read or write here)"
    if status == 404:
        return "404 Not Found (no SPARQL service at this URL)"
    if status == 400:
        return f"400 Bad Request: {detail}"
    if status >= 500:
        return f"server error {status}" + (f": {detail}" if detail else "")
    return f"HTTP {status}" + (f": {detail}" if detail else "")


class Answer:
    """A 2xx answer being read: ``chunks()`` streams the body under the deadline and the size cap."""

    def __init__(self, conn: http.client.HTTPConnection, response: http.client.HTTPResponse, url: Url,
                 watchdog: _Watchdog, max_bytes: int) -> None:
        self.conn, self.response, self.url = conn, response, url
        self.status = response.status
        self.headers = response.headers
        self.watchdog, self.max_bytes = watchdog, max_bytes
        self.read_bytes = 0

    def chunks(self) -> Iterator[bytes]:
        try:
            while True:
                try:
                    data = self.response.read1(CHUNK) if hasattr(self.response, "read1") else self.response.read(CHUNK)
                except (OSError, http.client.HTTPException, ValueError) as exc:
                    self.watchdog.check(self.url)
                    raise FgrError(str(self.url), None, f"connection lost while reading the answer "
                                                       f"({getattr(exc, 'strerror', None) or type(exc).__name__})") from None
                if not data:
                    self.watchdog.check(self.url)
                    return
                self.read_bytes += len(data)
                if self.read_bytes > self.max_bytes:
                    raise FgrError(str(self.url), None, too_large(self.max_bytes))
                yield data
        finally:
            self.close()

    def read(self) -> bytes:
        return b"".join(self.chunks())

    def close(self) -> None:
        self.watchdog.cancel()
        self.conn.close()


def too_large(max_bytes: int) -> str:
    return (f"the answer is larger than {max_bytes / MB:g} MB; ask for less (LIMIT) or raise the limit "
            f"with --max-answer-mb")


class _Watchdog:
    """Closes the connection's socket when the deadline passes, which ends a blocked read."""

    def __init__(self, end: float, seconds: float) -> None:
        self.end, self.seconds = end, seconds
        self.fired = False
        self.sock: socket.socket | None = None
        self.timer = threading.Timer(max(end - time.monotonic(), 0.0), self._fire)
        self.timer.daemon = True
        self.timer.start()

    def _fire(self) -> None:
        self.fired = True
        sock = self.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def check(self, url: object) -> None:
        if self.fired or time.monotonic() >= self.end:
            raise FgrError(str(url), None, f"no complete answer within {self.seconds:g} s (--timeout)")

    def cancel(self) -> None:
        self.timer.cancel()


def request(method: str, url: Url, *, body: bytes = b"", headers: dict[str, str] | None = None,
            auth: tuple[str, str] | None = None,
            deadline: float = 120.0, connect_timeout: float = 10.0, max_bytes: int = DEFAULT_MAX_BYTES,
            retries: int = 3, backoff: float = 0.5) -> Answer:
    """Send one request; returns the 2xx :class:`Answer` (read it with ``chunks()`` or ``read()``).

    5xx answers and connection failures are retried ``retries`` times with exponential back-off,
    all within ``deadline`` seconds; anything else that is not 2xx raises FgrError at once.
    """
    end = time.monotonic() + deadline
    headers = dict(headers or {})
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    headers.setdefault("User-Agent", "functiegebouw")
    cls = http.client.HTTPSConnection if url.scheme == "https" else http.client.HTTPConnection
    last, attempts = "", 0
    for attempt in range(retries + 1):
        if attempt:
            pause = backoff * 2 ** (attempt - 1)
            if time.monotonic() + pause >= end:
                break
            time.sleep(pause)
        left = end - time.monotonic()
        if left <= 0:
            break
        attempts += 1
        watchdog = _Watchdog(end, deadline)
        conn = cls(url.host, url.port, timeout=min(connect_timeout, left))
        keep = False
        try:
            try:
                conn.connect()
            except TimeoutError:
                last = f"no connection within {min(connect_timeout, left):g} s"
                continue
            except OSError as exc:
                last = f"cannot connect ({exc.strerror or type(exc).__name__})"
                continue
            watchdog.sock = conn.sock
            conn.sock.settimeout(max(end - time.monotonic(), 0.001))
            try:
                conn.request(method, url.target, body=body, headers=headers)
                response = conn.getresponse()
            except (OSError, http.client.HTTPException) as exc:
                watchdog.check(url)
                last = f"connection lost ({getattr(exc, 'strerror', None) or type(exc).__name__})"
                continue
            if 200 <= response.status < 300:
                length = response.getheader("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise FgrError(str(url), None, too_large(max_bytes))
                keep = True
                return Answer(conn, response, url, watchdog, max_bytes)
            try:
                text = response.read(64 * 1024).decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                text = ""
            watchdog.check(url)
            last = status_message(response.status, text, auth, response.headers)
            if response.status not in RETRY_STATUS:
                raise FgrError(str(url), None, last)
        finally:
            if not keep:
                watchdog.cancel()
                conn.close()
    if not last:
        last = f"no complete answer within {deadline:g} s (--timeout)"
    tries = f" (after {attempts} attempts)" if attempts > 1 else ""
    raise FgrError(str(url), None, last + tries)
