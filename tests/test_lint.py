"""The linter and the type checker, as `make lint` runs them: ruff finds nothing in src/ and tests/, and mypy
in strict mode finds nothing in the modules pyproject.toml lists as strict. A new finding there fails CI.
Skipped only when a tool is not installed (both come with the test extra)."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import tomllib

import pytest

from support import ROOT


def strict_paths() -> list[str]:
    """The source paths of the modules in pyproject's strict mypy override, as the Makefile names them."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    modules = [m for o in config["tool"]["mypy"].get("overrides", []) if o.get("disallow_untyped_defs")
               for m in o["module"]]
    paths = []
    for module in modules:
        parts = module.removesuffix(".*").split(".")
        path = "/".join(["src", *parts]) + ("" if module.endswith(".*") else ".py")
        assert (ROOT / path).exists(), f"{module} in the strict list has no {path}"
        paths.append(path)
    return paths


def test_the_makefile_checks_the_modules_pyproject_lists_as_strict():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    m = re.search(r"^MYPY_STRICT\s*:?=\s*(.+?)(?<!\\)$", makefile, flags=re.M | re.S)
    assert m, "no MYPY_STRICT in the Makefile"
    assert sorted(m.group(1).replace("\\\n", " ").split()) == sorted(strict_paths())
    assert re.search(r"^lint:", makefile, flags=re.M)


def needs(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


def test_ruff_finds_nothing():
    needs("ruff")
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests"],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_mypy_strict_finds_nothing_in_the_strict_modules(tmp_path):
    needs("mypy")
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                           "--cache-dir", str(tmp_path / "cache"), *strict_paths()],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
