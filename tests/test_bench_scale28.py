"""bench/scale28.py's site measure: every measured build and floor comes right after a deletion of
the same size, and jobs 1 = jobs 2 is decided on the files' bytes."""
import shutil
from pathlib import Path

import pytest

from support import bench_module


@pytest.fixture(scope="module")
def scale28():
    return bench_module("scale28")


def _site(folder: Path, text: str) -> None:
    (folder / "id" / "x").mkdir(parents=True)
    (folder / "id" / "x" / "index.html").write_text(text)


def test_every_measured_step_follows_a_deletion(scale28, tmp_path, monkeypatch):
    events: list[tuple[str, str]] = []

    def fgr(*args, env=None, src=None):
        if args[0] == "site":
            _site(Path(args[-1]), "same")
            events.append(("build", Path(args[-1]).name))
        return 2.0

    def floor(site, scratch):
        shutil.copytree(site, scratch)
        events.append(("floor", scratch.name))
        return 1.0

    def remove(tree):
        if tree.exists():
            events.append(("remove", tree.name))
        shutil.rmtree(tree, ignore_errors=True)

    monkeypatch.setattr(scale28, "fgr", fgr)
    monkeypatch.setattr(scale28, "io_floor", floor)
    monkeypatch.setattr(scale28, "_remove", remove)
    out = scale28.bench_site(tmp_path / "data", tmp_path / "work", 2)
    measured = [n for n, (kind, name) in enumerate(events) if kind != "remove" and "warm" not in name]
    assert len(measured) == 8  # 2 jobs x 2 runs x (build, floor)
    for n in measured:
        assert events[n - 1][0] == "remove", events[:n + 1]
    assert out["ratio1_runs"] == out["ratio2_runs"] == [2.0, 2.0]
    assert out["identical_jobs_1_2"] is True and out["files"] == out["pages"] == 1
    assert sorted(p.name for p in (tmp_path / "work").iterdir() if "site" in p.name or "floor" in p.name) == []


def test_digest_sees_bytes_and_paths(scale28, tmp_path):
    for name, text, where in (("a", "x", "x"), ("b", "x", "x"), ("c", "y", "x"), ("d", "x", "z")):
        (tmp_path / name / where).mkdir(parents=True)
        (tmp_path / name / where / "index.html").write_text(text)
    digest = {name: scale28._digest(tmp_path / name) for name in "abcd"}
    assert digest["a"] == digest["b"]
    assert len({digest["a"], digest["c"], digest["d"]}) == 3
