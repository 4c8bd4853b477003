"""Long work shows progress on a terminal (standard error) and stays quiet when piped."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys

from functiegebouw.progress import Progress, track
from support import PROFILES, in_terminal


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_and_cleared():
    out = Terminal()
    assert list(track(range(3), "counting", stream=out)) == [0, 1, 2]
    text = out.getvalue()
    assert "\rcounting: 1/3" in text and "\rcounting: 3/3" in text
    assert text.endswith("\r" + " " * len("counting: 3/3") + "\r")


def test_nothing_when_not_a_terminal():
    out = io.StringIO()
    assert list(track(range(3), "counting", stream=out)) == [0, 1, 2]
    with Progress("x", 5, stream=out) as bar:
        bar.update(5)
    assert out.getvalue() == ""


def _sources(tmp_path):
    (tmp_path / "sources").mkdir(parents=True)
    for p in sorted(PROFILES.glob("*")):
        if p.suffix in (".txt", ".toml"):
            shutil.copy(p, tmp_path / "sources" / p.name)
    return tmp_path


def test_fgr_build_on_a_terminal(tmp_path):
    data = _sources(tmp_path / "a")
    status, shown, stdout = in_terminal(["build", "--data", data], stream="stderr")
    assert status == 0, shown
    assert "converting: 5/5" in shown
    assert stdout.count("\n") == 5  # the summary lines, apart from the progress


def test_fgr_build_piped_is_quiet(tmp_path):
    data = _sources(tmp_path / "b")
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "build", "--data", str(data)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stderr == ""


def test_store_build_and_load_on_a_terminal(tmp_path, fgr_data, oxigraph_url):
    status, shown, _ = in_terminal(["load", "--endpoint", oxigraph_url, "--data", fgr_data, "--no-ontology",
                                    "--graph", "urn:fgr:test:progress"], stream="stderr",
                                   env={"FGR_STORE_DIR": str(tmp_path / "store")})
    assert status == 0, shown
    assert "uploading: " in shown and "\r" in shown
    status, shown, _ = in_terminal(["query", "ASK {}", "--data", fgr_data], stream="stderr",
                                   env={"FGR_STORE_DIR": str(tmp_path / "store")})
    assert status == 0 and "building the store: " in shown
