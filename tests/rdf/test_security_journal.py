"""A data folder is input: a planted `.fgr-build.journal` must not move, overwrite or remove any
file, inside the folder or outside it. Only the renames a build writes are carried out; anything
else is one line naming the journal, exit 2, nothing touched (issue 22 item 2)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from functiegebouw.errors import FgrError
from functiegebouw.rdf.files import JOURNAL, LOCK, TEMP_SUFFIX, reading, write_all

EXAMPLES = int(os.environ.get("FGR_HYPOTHESIS_EXAMPLES", "25"))
TRIPLE = b"<http://example.org/s> <http://example.org/p> \"o\" .\n"


def snapshot(*roots: Path) -> dict[str, tuple]:
    """Every entry below ``roots`` (not following symlinks): what it is and what it holds."""
    out = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            for name in dirnames + filenames:
                path = Path(dirpath) / name
                if path.is_symlink():
                    out[str(path)] = ("link", os.readlink(path))
                elif path.is_file():
                    out[str(path)] = ("file", path.read_bytes())
                else:
                    out[str(path)] = ("dir",)
    return out


def planted(tmp_path: Path, pairs) -> tuple[Path, Path]:
    """A data folder with a lock, a payload and a journal ``pairs``; a victim file outside it."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".bashrc").write_text("the user's own file\n")
    data = tmp_path / "work" / "data"
    data.mkdir(parents=True)
    (data / "a.nt").write_bytes(TRIPLE)
    (data / "payload.txt").write_text("echo owned\n")
    (data / LOCK).touch()
    (data / JOURNAL).write_text(pairs if isinstance(pairs, str) else json.dumps(pairs))
    return data, home


def fgr(*args, env_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "functiegebouw.cli", *args], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, FGR_STORE_DIR=str(env_dir)))


HOSTILE = {
    "parent": [["payload.txt", "../../home/.bashrc"]],
    "absolute": [["payload.txt", "{home}/.bashrc"]],
    "absolute temp": [["{home}/.bashrc", "a.nt"]],
    "temp outside": [["../../home/.bashrc", "a.nt"]],
    "not the build's temp name": [["payload.txt", "a.nt"]],
    "temp of another name": [[f".b.nt.deadbeef{TEMP_SUFFIX}", "a.nt"]],
    "into a subfolder": [[f".x.deadbeef{TEMP_SUFFIX}", "sub/x"]],
    "onto the lock": [[f".{LOCK}.deadbeef{TEMP_SUFFIX}", LOCK]],
    "not a list": {"payload.txt": "../../home/.bashrc"},
    "a string": "\"payload.txt\"",
    "null": "null",
    "three names": [["payload.txt", "a.nt", "b.nt"]],
    "numbers": [[1, 2]],
    "not json": "[[payload.txt",
    "deeply nested": "[" * 100_000 + "]" * 100_000,
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_journal_is_refused_and_nothing_moves(tmp_path, case):
    pairs = HOSTILE[case]
    data, home = planted(tmp_path, "")
    text = pairs if isinstance(pairs, str) else json.dumps(pairs).replace("{home}", str(home))
    (data / JOURNAL).write_text(text)
    (data / f".x.deadbeef{TEMP_SUFFIX}").write_bytes(TRIPLE)
    before = snapshot(tmp_path)
    with pytest.raises(FgrError) as caught, reading([data]):
        pass
    assert caught.value.path == str(data / JOURNAL) and "expected the journal of an fgr build" in str(caught.value)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", [["validate", "{data}"], ["query", "SELECT * WHERE {{ ?s ?p ?o }}", "--data",
                                                                  "{data}"]])
def test_validate_and_query_refuse_the_planted_journal_of_the_issue(tmp_path, command):
    """The report's case: `[["payload.txt","../../home/.bashrc"]]` overwrote .bashrc, exit 0."""
    data, home = planted(tmp_path, [["payload.txt", "../../home/.bashrc"]])
    before = snapshot(tmp_path / "home", tmp_path / "work")
    proc = fgr(*[part.format(data=data) for part in command], env_dir=tmp_path / "store")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and JOURNAL in proc.stderr, proc.stderr
    assert (home / ".bashrc").read_text() == "the user's own file\n"
    assert snapshot(tmp_path / "home", tmp_path / "work") == before


def test_symlinks_in_a_journal_are_refused(tmp_path):
    """A temporary file or a final name that is a symlink (to a file outside the folder, or to a
    folder) is not what a build leaves: refused, the link and its target untouched."""
    data, home = planted(tmp_path, "")
    temp = f".a.nt.deadbeef{TEMP_SUFFIX}"
    cases = []
    (data / temp).symlink_to(home / ".bashrc")
    cases.append([[temp, "a.nt"]])  # the temp is a link to the victim: it would become a.nt
    cases.append([[f".b.nt.deadbeef{TEMP_SUFFIX}", "b.nt"]])
    (data / f".b.nt.deadbeef{TEMP_SUFFIX}").write_bytes(TRIPLE)
    (data / "b.nt").symlink_to(home / ".bashrc")  # the final is a link: replaced, or worse, followed
    (data / "sub").symlink_to(home)
    cases.append([[f".c.nt.deadbeef{TEMP_SUFFIX}", "sub"]])
    (data / f".c.nt.deadbeef{TEMP_SUFFIX}").write_bytes(TRIPLE)
    for pairs in cases:
        (data / JOURNAL).write_text(json.dumps(pairs))
        before = snapshot(tmp_path)
        with pytest.raises(FgrError, match="expected the journal"), reading([data]):
            pass
        assert snapshot(tmp_path) == before, pairs
    # the journal itself as a symlink (to a journal elsewhere) is not the build's either
    (tmp_path / "elsewhere.json").write_text(json.dumps([[f".c.nt.deadbeef{TEMP_SUFFIX}", "c.nt"]]))
    (data / JOURNAL).unlink()
    (data / JOURNAL).symlink_to(tmp_path / "elsewhere.json")
    before = snapshot(tmp_path)
    with pytest.raises(FgrError, match="not a regular file"), reading([data]):
        pass
    assert snapshot(tmp_path) == before


def test_a_huge_journal_is_refused_unread(tmp_path):
    data, _home = planted(tmp_path, "")
    with open(data / JOURNAL, "wb") as fh:
        fh.truncate(1 << 40)  # a sparse terabyte: reading it would exhaust memory
    with pytest.raises(FgrError, match="more than a build writes"), reading([data]):
        pass
    assert (data / "payload.txt").exists() and (data / JOURNAL).stat().st_size == 1 << 40


def test_a_lock_symlink_creates_nothing_outside(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.nt").write_bytes(TRIPLE)
    (data / LOCK).symlink_to(tmp_path / "created-by-fgr")
    with pytest.raises(FgrError):
        write_all(data, {"b.nt": TRIPLE})
    assert not (tmp_path / "created-by-fgr").exists()


def test_the_build_s_own_journal_is_still_finished(tmp_path):
    """The check lets a real killed build through: its renames are done, its leftovers removed."""
    data = tmp_path / "data"
    data.mkdir()
    write_all(data, {"a.nt": b"old\n", "b.nt": b"old\n"})
    pairs = []
    for name in ("a.nt", "b.nt"):
        temp = f".{name}.0123abcd{TEMP_SUFFIX}"
        (data / temp).write_bytes(b"new\n")
        pairs.append([temp, name])
    (data / JOURNAL).write_text(json.dumps(pairs))
    os.replace(data / pairs[0][0], data / "a.nt")  # killed after the first rename
    (data / f".a.nt.89abcdef{TEMP_SUFFIX}").write_bytes(b"a dead build's leftover\n")
    with reading([data]):
        assert (data / "a.nt").read_bytes() == (data / "b.nt").read_bytes() == b"new\n"
    assert sorted(p.name for p in data.iterdir()) == [LOCK, "a.nt", "b.nt"]


@pytest.mark.parametrize("name", ["../x.ttl", "/tmp/x.ttl", "sub/x.ttl", "..", JOURNAL, "a\nb.ttl"])
def test_write_all_writes_only_plain_names(tmp_path, name):
    with pytest.raises(FgrError, match="plain file name"):
        write_all(tmp_path, {"ok.ttl": b"x", name: b"y"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [LOCK]


# the shapes a fuzz run generates (fuzz/run.py): names built from the parts an attacker would use
PARTS = st.sampled_from(["..", ".", "", "/", "a.nt", "payload.txt", "sub", "link", "home", ".bashrc", JOURNAL, LOCK,
                         TEMP_SUFFIX, ".deadbeef", ".a.nt", "\0", "\n", "\\", "~", "é"])
NAMES = st.lists(PARTS, min_size=1, max_size=6).map("".join)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | NAMES,
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(NAMES, inner, max_size=2), max_leaves=8)
JOURNALS = st.one_of(st.lists(st.tuples(NAMES, NAMES).map(list), max_size=4),
                     st.lists(st.tuples(st.sampled_from(["a.nt", "link", "payload.txt"]), NAMES).map(
                         lambda p: [f".{p[0]}.deadbeef{TEMP_SUFFIX}", p[1]]), max_size=3), JSON)


@settings(max_examples=EXAMPLES * 4, deadline=None, derandomize=not os.environ.get("FGR_FUZZ"),
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pairs=JOURNALS)
def test_no_journal_changes_anything_outside_the_folder(tmp_path_factory, pairs):
    """Whatever a journal says, nothing outside the data folder changes, and inside it a refused
    journal changes nothing; an accepted one only renames the build's temporary files."""
    root = tmp_path_factory.mktemp("j")
    data, home = planted(root, pairs)
    (data / "sub").mkdir()
    (data / "link").symlink_to(home / ".bashrc")
    for name in ("a.nt", "link", "payload.txt"):
        (data / f".{name}.deadbeef{TEMP_SUFFIX}").write_bytes(TRIPLE)
    outside = snapshot(home)
    before = snapshot(data)
    try:
        with reading([data]):
            pass
    except FgrError as exc:
        assert exc.path == str(data / JOURNAL) and "\n" not in str(exc)
        assert snapshot(data) == before
    else:
        finals = {p[1] for p in pairs}
        after = snapshot(data)
        changed = {Path(k).name for k in set(before) | set(after) if before.get(k) != after.get(k)}
        assert changed <= finals | {Path(k).name for k in before if TEMP_SUFFIX in k} | {JOURNAL}
    assert snapshot(home) == outside
