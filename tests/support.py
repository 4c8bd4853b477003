"""Shared helpers of the test suite: paths, and a real Oxigraph SPARQL server on a free loopback port.

Tests import this module by name (``from support import ROOT``): pytest puts ``tests/`` on the path.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
# The tests' profiles: a copy of the seed (527) and four invented ones (601-604), with their TOML.
PROFILES = FIXTURES / "profiles"
SEED_TXT = PROFILES / "medewerker-communicatie.txt"
SEED_ID = 527
# functiegroep -> (name, schalen) of the five fixture profiles, as their texts and TOML say
GROUPS = {527: ("Medewerker Communicatie", [5, 6, 7, 8]), 601: ("Medewerker Informatievoorziening", [5, 6]),
          602: ("Medewerker Facilitaire Dienstverlening", [6, 7, 8]), 603: ("Medewerker Financiële Administratie", [7, 8]),
          604: ("Medewerker Servicedesk", [5, 6, 7])}

# The bad-input fixtures in tests/fixtures/bad/: (line the error names or None, words of the message).
BAD_CASES = {
    "empty.txt": (None, "file is empty"),
    "blank-lines.txt": (None, "file is empty"),
    "binary.txt": (1, "binary"),
    "truncated.txt": (None, "file ends too early"),
    "out-of-order.txt": (1, "expected 'Resultaten'"),
    "typering-without-schaal.txt": (None, "has no 'Schaal N' line"),
    "qp-count-mismatch.txt": (None, "3 kwaliteitenprofielen but 2 functietyperingen"),
    "duplicate-schaal.txt": (None, "schaal 9 has a second functietypering"),
}

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# The prefixes the converter tests write their SPARQL with.
SPARQL_PREFIXES = """PREFIX fgr: <https://w3id.org/functiegebouw/def#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX id: <https://w3id.org/functiegebouw/id/>
PREFIX spdx: <http://spdx.org/rdf/terms#>
"""
PREFIX = SPARQL_PREFIXES  # the short name the converter tests use


def bench_module(name: str):
    """A script of bench/ (``generate``, ``scale28``, …) imported by its path: bench/ is no package."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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

    def start(self) -> OxigraphServer:
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


def sparql_rows(graph, query: str, **bindings) -> list[tuple]:
    """Rows of ``query`` (PREFIX added) on an rdflib graph, as plain Python values."""
    return [tuple(v.toPython() if v is not None else None for v in row)
            for row in graph.query(PREFIX + query, initBindings=bindings)]


def assert_round_trip(path: Path, graph) -> None:
    """render(graph) is the source text line for line, after normalising whitespace and heading variants."""
    from functiegebouw.render import normalise, render
    from functiegebouw.source.text import decode

    original = normalise(decode(path.read_bytes(), path))
    rendered = normalise(render(graph).split("\n"))
    assert rendered == original


def fgr_in_fresh_interpreters(*args, cwd=None, seeds=("1", "2")) -> list[bytes]:
    """stdout of ``fgr ARGS`` in one fresh interpreter per hash seed (so set and dict orders differ).

    Determinism across processes is what users see; two calls in one process share one hash seed.
    """
    outs = []
    for seed in seeds:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", *map(str, args)], cwd=cwd, env=env,
                              capture_output=True)
        assert proc.returncode in (0, 1), proc.stderr.decode(errors="replace")[-800:]
        outs.append(proc.stdout)
    return outs


# Named queries whose example answers only with a full ESCO download (its occupation-skill relations), which
# neither the shipped vocabularies nor the fixture data folder hold: the tests that require every example
# to give rows compare their (empty) answers only; tests/links/test_link_queries.py runs them on a small
# download in ESCO's own layout (tests/fixtures/esco-full).
NEEDS_FULL_ESCO = frozenset({"links-essentiele-vaardigheden"})


def make_data_folder(folder: Path, profiles=None) -> Path:
    """A data folder as ``fgr build`` and ``fgr link build`` make it, from the fixtures only.

    ``folder/sources/`` gets the profile texts and their TOML (default: all of tests/fixtures/profiles),
    ``folder/*.ttl`` their conversion, ``folder/mappings/`` the curated mappings of the seed and their
    Turtle. Reference data and vocabularies are the shipped ones (the store and the validator add them).
    """
    import shutil

    from functiegebouw.convert import build
    from functiegebouw.links.mappings import build as build_links
    from functiegebouw.resources import resource

    names = profiles or sorted(p.stem for p in PROFILES.glob("*.txt"))
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    for name in names:
        for suffix in (".txt", ".toml"):
            if (PROFILES / f"{name}{suffix}").exists():
                shutil.copy(PROFILES / f"{name}{suffix}", folder / "sources" / f"{name}{suffix}")
    build(folder)
    (folder / "mappings").mkdir(exist_ok=True)
    for tsv in sorted((FIXTURES / "mappings").glob("*.sssom.tsv")):
        shutil.copy(tsv, folder / "mappings" / tsv.name)
    build_links(folder / "mappings", resource("data/vocab"))
    return folder


_SEED_TTL: list[Path] = []


def seed_ttl() -> Path:
    """The seed converted once per process into a temporary data folder (beside its sources/ copy)."""
    if not _SEED_TTL:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="fgr-seed-")) / "data"
        atexit.register(shutil.rmtree, folder.parent, True)
        make_data_folder(folder, profiles=[SEED_TXT.stem])
        _SEED_TTL.append(folder / f"{SEED_TXT.stem}.ttl")
    return _SEED_TTL[0]


def in_terminal(args, columns=60, stream="stdout", env=None):
    """Run ``fgr ARGS`` with stdout (or stderr) on a pseudo-terminal of ``columns`` columns.

    Returns (status, what the terminal showed, the other stream's text)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {**{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}, "TERM": "xterm", **(env or {})}
    other = subprocess.PIPE
    streams = {"stdout": follower, "stderr": other} if stream == "stdout" else {"stdout": other, "stderr": follower}
    proc = subprocess.Popen([sys.executable, "-m", "functiegebouw.cli", *map(str, args)], env=env, **streams)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    rest = (proc.stderr if stream == "stdout" else proc.stdout).read().decode("utf-8", "replace")
    proc.wait(timeout=300)
    return proc.returncode, b"".join(chunks).decode("utf-8").replace("\r\n", "\n"), rest


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

    def start(self, *, die_with_parent: bool = False) -> VirtuosoServer:
        ini = os.path.join(self.folder, "virtuoso.ini")
        with open(ini, "w") as fh:
            fh.write(VIRTUOSO_INI.format(d=self.folder, isql=self.isql, http=self.http, buffers=self.buffers,
                                         dirty=self.buffers * 3 // 4, dirs="".join(", " + d for d in self.dirs)))
        self.log = open(os.path.join(self.folder, "out.log"), "ab")
        preexec = None
        if die_with_parent:  # the CI's server: gone with .ci/run's helper even if that is SIGKILLed
            from functiegebouw.process import die_with_parent as preexec
        self.proc = subprocess.Popen(["virtuoso-t", "-f", "-c", ini], stdout=self.log, stderr=subprocess.STDOUT,
                                     cwd=self.folder, preexec_fn=preexec)
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
    server = VirtuosoServer(sys.argv[2]).start(die_with_parent=True)
    with open(os.path.join(sys.argv[2], "url"), "w") as fh:
        fh.write(server.url)
    # The handler only raises: stopping the server inside it would call Popen.wait() while the
    # interrupted Popen.wait() below still holds the Popen's (non-reentrant) waitpid lock, a
    # deadlock that once kept CI waiting until its time ran out. ``finally`` stops it instead.
    def _stop(*_):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        server.proc.wait()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second TERM must not cut the stop short
        server.stop()



def turbo_pair(cache: Path, *, without: str) -> tuple:
    """Two runs of pyshacl-turbo's engine (validation.shacl._TurboRun) on the context fgr validate uses:
    the first as configured, the second with its attribute ``without`` set to None (``reads``: given
    every own triple; ``terms``: given text), to compare the two. The shapes are analysed as configured
    (not a spec another test kept in this process), their compiled shapes kept in ``cache``."""
    from functiegebouw.rdf import load
    from functiegebouw.validation import shacl, turbo

    saved = dict(turbo._SPECS)
    turbo._SPECS.clear()
    try:
        context = [t for p in shacl.context_files() for t in load.read_triples(p)]
        first, second = (shacl._TurboRun("none", context, cache) for _ in range(2))
    finally:
        turbo._SPECS.clear()
        turbo._SPECS.update(saved)
    assert first.program is not None and getattr(first, without) is not None, f"the engine uses {without}"
    setattr(second, without, None)
    return first, second


def unit_findings(run, path: Path, triples: list) -> list:
    """The findings of ``run`` (a shacl._TurboRun) for one file taken as a unit, in a fixed order."""
    found = run(triples, path, [(path, {t.subject for t in triples})])
    return sorted(found, key=lambda f: (f.sort_key(), f.value_kind or "", repr(f)))
