"""A small FGR site on loopback for the fetch tests: the fixture pages of tests/fixtures/html/site/, with
ETag/Last-Modified revalidation and switches for the misbehaviours fetch must survive."""
from __future__ import annotations

import hashlib
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from support import FIXTURES

sys.path.insert(0, str(FIXTURES / "html"))
import make_html  # noqa: E402

LAST_MODIFIED = "Wed, 02 Dec 2026 10:00:00 GMT"


@dataclass
class Behaviour:
    robots: str | None = "User-agent: *\nDisallow: /beheer/\n"
    redirects: dict[str, str] = field(default_factory=dict)  # path?query -> Location (301)
    limited: dict[str, int] = field(default_factory=dict)  # path?query -> how many 429s first
    limited_status: int = 429  # or 503 (Service Unavailable), which a server in maintenance sends
    retry_after: str = "1"
    slow: dict[str, float] = field(default_factory=dict)  # path?query -> seconds before answering
    bodies: dict[str, bytes] = field(default_factory=dict)  # path?query -> body instead of the fixture
    content_type: str = "text/html; charset=utf-8"


class FgrSite:
    """``with FgrSite() as site:`` serves on ``site.url``; ``site.log`` lists (path, If-None-Match, User-Agent)."""

    def __init__(self, behaviour: Behaviour | None = None):
        self.behaviour = behaviour or Behaviour()
        self.log: list[tuple[str, str | None, str | None]] = []
        self.stop = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                b = site.behaviour
                site.log.append((self.path, self.headers.get("If-None-Match"), self.headers.get("User-Agent")))
                if self.path == "/robots.txt":
                    return self.answer(200, b.robots.encode(), "text/plain") if b.robots is not None else self.answer(404)
                if self.path in b.slow:
                    site.stop.wait(b.slow[self.path])
                if self.path in b.redirects:
                    return self.answer(301, headers={"Location": b.redirects[self.path]})
                if b.limited.get(self.path, 0) > 0:
                    b.limited[self.path] -= 1
                    return self.answer(b.limited_status, headers={"Retry-After": b.retry_after})
                body = b.bodies.get(self.path)
                if body is None:
                    path = make_html.file_for(self.path)
                    if not path.resolve().is_relative_to((FIXTURES / "html" / "site").resolve()) or not path.exists():
                        return self.answer(404)
                    body = path.read_bytes()
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    return self.answer(304, headers={"ETag": etag})
                self.answer(200, body, b.content_type, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

            def answer(self, status, body=b"", kind="text/html", headers=None):
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                if status not in (304,):
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    try:
                        self.wfile.write(body)
                    except (BrokenPipeError, ConnectionResetError):
                        pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FgrSite:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()

    def paths(self) -> list[str]:
        return [p for p, _, _ in self.log]
