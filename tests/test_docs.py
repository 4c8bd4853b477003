"""The documentation does not drift: every ``sh`` and ``python`` example in README.md and docs/ runs
(the generated reference pages and the strict build: tests/test_docs_build.py).

An example block runs in a scratch project made from the fixtures (never from data/): ``data/`` holds
the five fixture profiles and their mappings, ``tests/fixtures/`` is there for examples that name a
fixture, and ``fgr`` is this checkout's. The blocks of one page run in order in the same folder, as a
reader would type them. A block that cannot run here (it needs the network, a server, ``../shared`` or
an hour) is preceded by ``<!-- docs-test: skip: REASON -->``; the reason is required.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import FIXTURES, ROOT

RUN = {"sh", "bash", "python"}
SKIP = re.compile(r"<!--\s*docs-test:\s*skip:\s*(?P<reason>[^>]*?)\s*-->\s*$")
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)\s*(?P<info>[\w+-]*)")


@dataclass
class Block:
    """A fenced example: where it is, its language, its text and, if it must not run, why."""

    page: str
    line: int
    lang: str
    text: str
    skip: str | None


def blocks(path: Path) -> list[Block]:
    """The fenced blocks of a Markdown file (also indented ones, as in a list or an admonition)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, start = len(m["indent"]), m["fence"], i
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
            i += 1
        i += 1
        previous = next((lines[j] for j in range(start - 1, -1, -1) if lines[j].strip()), "")
        skip = SKIP.search(previous)
        out.append(Block(str(path.relative_to(ROOT)), start + 1, m["info"].lower(), "\n".join(body) + "\n",
                         skip["reason"] if skip else None))
    return out


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


EXAMPLES = {str(p.relative_to(ROOT)): [b for b in blocks(p) if b.lang in RUN] for p in pages()}


def test_examples_are_found_and_every_skip_says_why():
    found = [b for page in EXAMPLES.values() for b in page]
    assert len([b for b in found if not b.skip]) >= 20, "the pages lost their examples"
    assert all(b.skip.strip() for b in found if b.skip is not None)
    # the README's tour is run, not skipped (only the two set-up commands are)
    readme = EXAMPLES["README.md"]
    assert sum(1 for b in readme if not b.skip) >= 1


@pytest.fixture(scope="module")
def project(fgr_data, tmp_path_factory):
    """A scratch project: data/ from the fixtures, tests/fixtures/, and a ``fgr`` that runs this checkout.

    Every page gets a folder of its own in which ``data`` and ``tests`` link to the same template, so the
    embedded store (keyed by the data files) is built once for all pages; examples write into folders
    of their own (``les/``, ``proefwerk/``, …), never into ``data/``."""
    base = tmp_path_factory.mktemp("docs-examples")
    template = base / "template"
    shutil.copytree(fgr_data, template / "data", ignore=shutil.ignore_patterns(".fgr-*"))
    shutil.copytree(FIXTURES, template / "tests" / "fixtures", ignore=shutil.ignore_patterns("__pycache__"))
    bin_dir = base / "bin"
    bin_dir.mkdir()
    (bin_dir / "fgr").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m functiegebouw.cli "$@"\n')
    (bin_dir / "fgr").chmod(0o755)
    (bin_dir / "python").symlink_to(sys.executable)
    return base


def environment(base: Path) -> dict[str, str]:
    env = dict(os.environ)
    # this checkout's fgr first, then the venv's own tools (sssom, jupyter), then the system's
    path = os.pathsep.join([str(base / "bin"), str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(PATH=path,
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
               FGR_DATA=str(base / "template" / "data"), FGR_STORE_DIR=str(base / "store"),
               COLUMNS="100", NO_COLOR="1", MPLBACKEND="Agg")
    env.pop("FGR_TEST_ENDPOINT", None)
    return env


# A block with IPython magics (%load_ext, %%sparql) runs as notebook cells, in order, in one shell.
IPYTHON_CELLS = """
import sys
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
for cell in sys.argv[1:]:
    result = shell.run_cell(cell)
    if not result.success:
        sys.exit(1)
"""


def fingerprint(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("page", [p for p, found in EXAMPLES.items() if any(not b.skip for b in found)])
def test_examples_of_a_page_run(page, project, tmp_path):
    work = tmp_path / "project"
    work.mkdir()
    for name in ("data", "tests"):
        (work / name).symlink_to(project / "template" / name)
    env = environment(project)
    before = fingerprint(project / "template" / "data")
    magics: list[str] = []  # the page's notebook cells so far: a %%sparql cell needs the %load_ext before it
    for block in EXAMPLES[page]:
        if block.skip:
            continue
        if block.lang == "python" and re.search(r"^%", block.text, re.M):
            magics.append(block.text)
            command = [sys.executable, "-c", IPYTHON_CELLS, *magics]
        elif block.lang == "python":
            command = [sys.executable, "-c", block.text]
        else:
            command = ["bash", "-e", "-o", "pipefail", "-c", block.text]
        proc = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, timeout=300)
        where = f"{block.page}:{block.line} ({block.lang})"
        assert proc.returncode == 0, f"{where} failed:\n{block.text}\n--- stdout\n{proc.stdout[-2000:]}\n--- stderr\n{proc.stderr[-3000:]}"
        assert "Traceback" not in proc.stderr, f"{where}:\n{proc.stderr[-3000:]}"
    assert fingerprint(project / "template" / "data") == before, f"{page}: an example changed data/"


# ------------------------------------------------------------------------------ README and the build

def test_readme_is_short_and_starts_with_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) <= 12 * 1024
    first_block = next(b for b in blocks(ROOT / "README.md"))
    assert first_block.text.split()[:2] == ["make", "run"] and "make test" in first_block.text
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):  # relative links lead to files of the repository
        if "://" not in target:
            assert (ROOT / target).exists(), target
    for attribution in ("This service uses the ESCO classification of the European Commission",
                        "Bron: CBS", "O*NET Database"):
        assert attribution in text


# ------------------------------------------------------------------------------ the notebook's output

def test_integer_ids_stay_integers_in_a_dataframe_with_missing_values():
    """A functiegroep whose FGR id is not known leaves a gap in the id column; pandas would make the
    column float and the notebook print `511.0` (issue 29). Decimals stay as they are."""
    pytest.importorskip("pandas")
    from functiegebouw.sparql.results import Result

    xsd = "http://www.w3.org/2001/XMLSchema#"
    term = lambda v, t="integer": {"type": "literal", "value": v, "datatype": xsd + t}  # noqa: E731
    result = Result(["functiegroep", "naam", "maximum"],
                    [[term("511"), {"type": "literal", "value": "Operationeel Manager"}, term("3091.60", "decimal")],
                     [None, {"type": "literal", "value": "Adviseur Bedrijfsvoering"}, None]])
    frame = result.to_dataframe()
    assert str(frame["functiegroep"].dtype) == "Int64"
    assert "511.0" not in frame.to_string() and "511" in frame.to_string()
    assert frame["functiegroep"].isna().tolist() == [False, True]
    assert str(frame["maximum"].dtype) == "object"  # Decimal values are not turned into integers
    complete = Result(["schaal"], [[term("5")], [term("6")]]).to_dataframe()
    assert str(complete["schaal"].dtype) == "int64"
