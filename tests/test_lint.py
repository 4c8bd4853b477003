"""The linter and the type checker, as `make lint` runs them: ruff finds nothing in src/ and tests/, and mypy
in strict mode finds nothing in all of src/. A new finding fails CI. Skipped only when a tool is not
installed (both come with the test extra)."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib

import pytest

from support import ROOT


def test_make_lint_checks_all_of_src_in_strict_mode():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = re.search(r"^lint:.*?\n((?:\t.*\n)+)", makefile, flags=re.M)
    assert lint, "no lint target in the Makefile"
    assert "mypy --strict src\n" in lint.group(1) and "ruff check src tests" in lint.group(1)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True and config["files"] == ["src"]
    # no module let off: an override may not relax what strict mode checks
    relaxed = [o for o in config.get("overrides", []) if any(v is False for v in o.values())
               or o.get("ignore_errors")]
    assert not relaxed, relaxed


def needs(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


def test_ruff_finds_nothing():
    needs("ruff")
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_mypy_strict_finds_nothing_in_src(tmp_path):
    needs("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "src"],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "no issues found" in proc.stdout
