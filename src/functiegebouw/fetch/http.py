"""A polite HTTP client for one site: one request at a time with a pause, https on one host only,
conditional requests, retries that honour Retry-After, timeouts and a size cap.

Written on http.client rather than urllib's opener so that every redirect is checked before it is
followed (urllib follows them on its own, to any host) and a body is never read past the cap.
"""
from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from functiegebouw.rdf.graph import __version__
from functiegebouw.errors import FgrError

# the project's persistent address (its ontology and data live under it)
HOME_PAGE = "https://w3id.org/functiegebouw"
USER_AGENT = f"functiegebouw/{__version__} (fgr fetch; +{HOME_PAGE})"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_REDIRECTS = {301, 302, 303, 307, 308}
_RETRY = {429, 503}
MAX_REDIRECTS = 5


@dataclass
class Policy:
    """How politely to ask: the pause between requests, timeouts, caps and retries."""
    delay: float = 1.0  # seconds between the start of one request and the next
    timeout: float = 30.0
    max_bytes: int = 5 * 1024 * 1024  # an FGR page is ~50 kB
    retries: int = 3
    backoff: float = 2.0  # first wait after a 429/503 without Retry-After, or an error; doubled each time
    max_wait: float = 300.0  # a Retry-After beyond this is not waited for: the page fails


@dataclass
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 (not modified)
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip('"')
        return None


class FetchError(FgrError):
    """A page that could not be fetched: the URL and why."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(url, None, message)
        self.url = url

    def __reduce__(self) -> tuple[type[FgrError], tuple[object, ...]]:
        return (type(self), (self.url, self.message))


def check_base(base: str) -> str:
    """The base URL as scheme://host[:port]: https, or http for a loopback host (a test server)."""
    parts = urlsplit(base)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise FgrError(None, None, f"--base-url {base!r}: expected https://HOST (or http://127.0.0.1:PORT)")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise FgrError(None, None, f"--base-url {base!r}: plain http only for a loopback server; use https")
    if parts.username or parts.password:
        raise FgrError(None, None, f"--base-url {base!r}: no user name or password in the address")
    return f"{parts.scheme}://{parts.netloc}"


def same_site(url: str, base: str) -> bool:
    """True when ``url`` is on the base's scheme, host and port (the only site fetch talks to)."""
    a, b = urlsplit(url), urlsplit(base)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port)


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


class Client:
    """GETs on one site, one at a time. ``sleep`` and ``clock`` are replaceable for tests."""

    def __init__(self, base: str, policy: Policy | None = None, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time) -> None:
        self.base = check_base(base)
        self.policy = policy or Policy()
        self.sleep, self.clock, self.wall = sleep, clock, wall
        self._last: float | None = None
        self.requests = 0

    def _pause(self) -> None:
        if self._last is not None:
            wait = self.policy.delay - (self.clock() - self._last)
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (on the base site), following redirects on the same site, retrying 429/503 and
        network errors with back-off; a 304 answers a conditional request."""
        hops = 0
        while True:
            if not same_site(url, self.base):
                raise FetchError(url, f"not on {self.base}: fetch talks to that site only")
            response = self._with_retries(url, etag, last_modified)
            if response.status in _REDIRECTS:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(url, f"HTTP {response.status} without a Location")
                target = urljoin(url, location)
                if not same_site(target, self.base):
                    raise FetchError(url, f"redirected to {target[:200]}, which is not on {self.base}: not followed")
                hops += 1
                if hops > MAX_REDIRECTS:
                    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
                url = target
                continue
            return response

    def _with_retries(self, url: str, etag: str | None, last_modified: str | None) -> Response:
        wait = self.policy.backoff
        for attempt in range(self.policy.retries + 1):
            last = attempt == self.policy.retries
            try:
                response = self._once(url, etag, last_modified)
            except (OSError, http.client.HTTPException) as exc:
                why = "timed out" if isinstance(exc, (socket.timeout, TimeoutError)) else str(exc) or type(exc).__name__
                if last:
                    raise FetchError(url, f"{why} (after {attempt + 1} attempt(s))") from None
                self.sleep(wait)
                wait *= 2
                continue
            if response.status in _RETRY:
                asked = _retry_after(response.headers.get("retry-after"), self.wall())
                if last:
                    raise FetchError(url, f"HTTP {response.status} (after {attempt + 1} attempt(s))")
                if asked is not None and asked > self.policy.max_wait:
                    raise FetchError(url, f"HTTP {response.status}, Retry-After {asked:.0f} s is more than "
                                          f"{self.policy.max_wait:.0f} s: not waited for")
                self.sleep(asked if asked is not None else wait)
                wait *= 2
                continue
            return response
        raise AssertionError("unreachable")

    def _once(self, url: str, etag: str | None, last_modified: str | None) -> Response:
        self._pause()
        self.requests += 1
        parts = urlsplit(url)
        if parts.hostname is None:
            raise FetchError(url, "the address names no host")
        conn = (http.client.HTTPSConnection(parts.hostname, parts.port, timeout=self.policy.timeout,
                                            context=ssl.create_default_context())
                if parts.scheme == "https" else
                http.client.HTTPConnection(parts.hostname, parts.port, timeout=self.policy.timeout))
        headers = {"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9",
                   "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request("GET", target, headers=headers)
            raw = conn.getresponse()
            got = {k.lower(): v for k, v in raw.getheaders()}
            if raw.status != 200:
                return Response(url, raw.status, b"", got)
            cap = self.policy.max_bytes
            length = got.get("content-length", "")
            if length.isdigit() and int(length) > cap:
                raise FetchError(url, f"page of {int(length):,} bytes, more than the cap of {cap:,} (--max-bytes)")
            body = raw.read(cap + 1)
            if len(body) > cap:
                raise FetchError(url, f"page of more than the cap of {cap:,} bytes (--max-bytes)")
            return Response(url, 200, body, got)
        finally:
            conn.close()
