"""Shared fixtures: a real Oxigraph SPARQL server on a free loopback port.

``.ci/run`` starts one server for the whole run and exports ``FGR_TEST_ENDPOINT``; without it
(a plain ``make test``) the session starts its own. Only loopback addresses are used.
"""
from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30.0, proc=None) -> None:
    """Poll ``url``/query with an ASK until the server answers."""
    probe = url.rstrip("/") + "/query?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"oxigraph exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph did not answer at {url} within {timeout} s")


class OxigraphServer:
    """``oxigraph serve --location DIR --bind 127.0.0.1:PORT`` as a child process."""

    def __init__(self, location, port: int | None = None, extra_args=()):
        self.location = str(location)
        self.extra_args = list(extra_args)  # e.g. ["--union-default-graph"]
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = None

    def start(self) -> "OxigraphServer":
        from functiegebouw.cli_query import oxigraph_binary

        self.log = open(os.path.join(self.location, "..", f"oxigraph-{self.port}.log"), "ab")
        self.proc = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", self.location, "--bind", f"127.0.0.1:{self.port}",
             *self.extra_args],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_until_up(self.url, proc=self.proc)
        return self

    def kill(self) -> None:
        """SIGKILL: the server dies as in a crash, without flushing anything."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        if getattr(self, "log", None):
            self.log.close()


@pytest.fixture(scope="session")
def oxigraph_url(tmp_path_factory):
    """Root URL of a running Oxigraph server (FGR_TEST_ENDPOINT, or one started here)."""
    given = os.environ.get("FGR_TEST_ENDPOINT")
    if given:
        host = urllib.parse.urlsplit(given).hostname
        assert host in LOOPBACK, f"FGR_TEST_ENDPOINT must be a loopback address, not {host}"
        base = given[: -len("/query")] if given.rstrip("/").endswith("/query") else given.rstrip("/")
        wait_until_up(base)
        yield base
        return
    folder = tmp_path_factory.mktemp("oxigraph") / "db"
    folder.mkdir()
    server = OxigraphServer(folder).start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def own_oxigraph(tmp_path):
    """A server of this test's own (it may be killed), started on demand: ``own_oxigraph()``."""
    servers = []

    def start(location=None, extra_args=()):
        folder = location or tmp_path / f"db{len(servers)}"
        os.makedirs(folder, exist_ok=True)
        server = OxigraphServer(folder, extra_args=extra_args).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
