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


VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = {isql}
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = ., {d}{dirs}
ThreadCleanupInterval = 0
ResourcesCleanupInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
MaxClientConnections = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
HTTPThreadSize = 280000
HttpTimeout = 600

[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime = 0
DeferInferenceRulesInit = 0
"""


class VirtuosoServer:
    """Debian's Virtuoso 7 (``virtuoso-t``) on free loopback ports, in a folder of its own, with
    SPARQL updates and the Graph Store Protocol allowed for the anonymous SPARQL user."""

    def __init__(self, folder, dirs=(), buffers: int = 30000):
        self.folder = str(folder)
        self.dirs, self.buffers = [str(d) for d in dirs], buffers  # folders its bulk loader may read; 8 KB pages
        self.http, self.isql = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.http}"
        self.proc = None

    @staticmethod
    def installed() -> bool:
        import shutil

        return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))

    def start(self) -> "VirtuosoServer":
        ini = os.path.join(self.folder, "virtuoso.ini")
        with open(ini, "w") as fh:
            fh.write(VIRTUOSO_INI.format(d=self.folder, isql=self.isql, http=self.http, buffers=self.buffers,
                                         dirty=self.buffers * 3 // 4, dirs="".join(", " + d for d in self.dirs)))
        self.log = open(os.path.join(self.folder, "out.log"), "ab")
        self.proc = subprocess.Popen(["virtuoso-t", "-f", "-c", ini], stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.folder)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"virtuoso exited with status {self.proc.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"virtuoso did not answer at {self.url} within 120 s")
        for statement in ('grant SPARQL_UPDATE to "SPARQL";', "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"):
            self.isql_exec(statement)
        return self

    def isql_exec(self, statement: str, timeout: float = 60) -> str:
        done = subprocess.run(["isql-vt", str(self.isql), "dba", "dba", f"exec={statement}"], check=True,
                              capture_output=True, text=True, timeout=timeout)
        return done.stdout

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "log", None):
            self.log.close()


if __name__ == "__main__":  # `python tests/support.py virtuoso DIR`: what .ci/run starts for the whole run
    import signal
    import sys

    if sys.argv[1:2] != ["virtuoso"] or len(sys.argv) != 3:
        raise SystemExit("usage: python tests/support.py virtuoso DIR")
    server = VirtuosoServer(sys.argv[2]).start()
    with open(os.path.join(sys.argv[2], "url"), "w") as fh:
        fh.write(server.url)
    signal.signal(signal.SIGTERM, lambda *_: (server.stop(), sys.exit(0)))
    try:
        server.proc.wait()
    finally:
        server.stop()
