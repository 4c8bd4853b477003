"""Every fgr sub-command, given garbage arguments and hostile files, answers with a message and exit 1 or 2.

No traceback, no hang (each run has a timeout), and nothing written into the working folder
except where the command was asked to write. Commands run in an empty temporary folder, so the
defaults (data/, data/vocab, ...) do not exist there either.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from support import FIXTURES

HOSTILE = "} ; DROP ALL ; { <x> \"' \\"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture(scope="module")
def junk(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("junk")
    (d / "garbage.bin").write_bytes(bytes(range(256)) * 8)
    (d / "empty.ttl").write_bytes(b"")
    (d / "bad.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n")
    (d / "bad.jsonld").write_text('{"@id": "http://example.org/a", "http://example.org/p": [1, 2,\n')
    (d / "bad.nt").write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n<a> b c\n")
    (d / "bad.rq").write_text("SELECT * WHERE { ?s ?p \n")
    (d / "folder").mkdir()
    (d / "base.txt").write_bytes((FIXTURES / "variants" / "base.txt").read_bytes())
    return d


def cases(port: int) -> list[list[str]]:
    dead = f"http://127.0.0.1:{port}/query"
    return [
        ["build", "--data", "garbage.bin"], ["build", "--data", "missing"], ["build", "--data", "folder"],
        ["convert", "garbage.bin"], ["convert", "missing.txt"], ["convert", "folder"], ["convert", "bad.ttl"],
        ["convert", "base.txt", "-o", "folder"], ["convert", "base.txt", "-o", "missing/out.ttl"],
        ["convert", "base.txt", "--max-bytes", "-1"], ["convert", "base.txt", "--max-bytes", "10"],
        ["convert", "base.txt", "--max-lines", "3"], ["convert", "base.txt", "--max-line-chars", "5"],
        ["convert", "base.txt", "--max-bytes", "lots"], ["convert", "base.txt", "--format", HOSTILE],
        ["render", "garbage.bin"], ["render", "bad.ttl"], ["render", "bad.jsonld"], ["render", "bad.nt"],
        ["render", "missing.ttl"], ["render", "empty.ttl"], ["render", "folder"],
        ["render", "empty.ttl", "--functiegroep", HOSTILE],
        ["validate", "garbage.bin"], ["validate", "bad.ttl"], ["validate", "bad.jsonld"], ["validate", "bad.nt"],
        ["validate", "missing.ttl"], ["validate", "--inference", "magic", "bad.ttl"],
        ["query", HOSTILE, "--data", "folder"], ["query", "no-such-query", "--data", "folder"],
        ["query", "bad.rq", "--data", "folder"], ["query", "garbage.bin", "--data", "folder"],
        ["query", "SELECT * WHERE { ?s ?p ?o }", "--data", "bad.ttl"],
        ["query", "SELECT * WHERE { ?s ?p ?o }", "--data", "bad.jsonld"],
        ["query", "SELECT * WHERE { ?s ?p ?o }", "--data", "garbage.bin"],
        ["query", "DROP ALL", "--data", "folder"], ["query", "schalen-per-functiegroep", "--param", HOSTILE, "--data", "folder"],
        ["query", "schalen-per-functiegroep", "--param", "functiegroep=" + HOSTILE, "--data", "folder"],
        ["query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", dead, "--timeout", "2"],
        ["query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", "not a url", "--timeout", "2"],
        ["query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", "ftp://127.0.0.1/x", "--timeout", "2"],
        ["query", "SELECT * WHERE { ?s ?p ?o }", "--endpoint", dead, "--timeout", "-3"],
        ["compare", "x", "y"], ["compare", "6", "7", "--data", "bad.ttl"], ["compare", "6", "--data", "folder"],
        ["compare", "6", "7", "--endpoint", dead, "--timeout", "2"],
        ["compare", "6", "7", "--data", "folder", "--functiegroep", HOSTILE],
        ["load", "--endpoint", dead, "--data", "folder", "--timeout", "2"],
        ["load", "--endpoint", dead, "--data", "bad.ttl", "--timeout", "2"],
        ["load", "--endpoint", "not a url", "--timeout", "2"], ["load", "--data", "missing", "--endpoint", dead],
        ["serve", "--data", "missing"], ["serve", "--data", "bad.ttl", "--port", "0"],
        ["serve", "--port", "99999", "--data", "folder"],
        ["vocab", "import-esco", "missing"], ["vocab", "import-esco", "folder"], ["vocab", "import-brc", "garbage.bin"],
        ["vocab", "import-brc", "bad.ttl"], ["vocab", "nonsense"],
        ["link", "check", "--data", "garbage.bin"], ["link", "suggest", "--source", "bad.ttl"],
        ["link", "build", "--mappings", "garbage.bin"], ["link", "evaluate", "--mappings", "missing"],
        ["no-such-command"], ["convert"], ["--bogus-flag"],
    ]


PORT = closed_port()


@pytest.mark.parametrize("argv", cases(PORT), ids=lambda a: " ".join(a).replace(str(PORT), "PORT")[:60])
def test_garbage_gives_a_message_not_a_traceback(argv, junk):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FGR_", "SPARQL"))}
    before = sorted(p.name for p in junk.iterdir())
    try:
        proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", *argv], cwd=junk, env=env,
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"fgr {' '.join(argv)} hung")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (1, 2), (proc.returncode, proc.stdout[-500:], proc.stderr[-500:])
    assert proc.stderr.strip(), "a failure must say why"
    assert sorted(p.name for p in junk.iterdir()) == before  # no half-written output, no stray temp file
