"""Shared helpers of the test suite: paths, and a real Oxigraph SPARQL server on a free loopback port.

Tests import this module by name (``from support import ROOT``): pytest puts ``tests/`` on the path.
"""
from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"

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
        from functiegebouw.cli.query import oxigraph_binary

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


def run_fgr(*args, env=None, timeout=120, cwd=None):
    """``fgr ARGS`` in a subprocess, without the caller's FGR_* settings (plus ``env``)."""
    import sys

    base = {k: v for k, v in os.environ.items() if not k.startswith("FGR_")}
    base.update(env or {})
    return subprocess.run([sys.executable, "-m", "functiegebouw.cli", *args], capture_output=True, text=True,
                          env=base, timeout=timeout, cwd=cwd)
