"""bench/scale28.py's site measure: no tree is deleted before every build and floor is measured
(a deletion makes the kernel's next file creations dearer, whoever makes them), each step starts
after a sync, every tree is removed at the end, and jobs 1 = jobs 2 is decided on the files' bytes."""
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


@pytest.fixture
def recorded(scale28, monkeypatch):
    events: list[tuple[str, str]] = []

    def fgr(*args, env=None, src=None):
        if args[0] == "site":
            _site(Path(args[-1]), "same")
            events.append(("build", Path(args[-1]).name))
        return 2.0

    def floor(site, scratch):
        shutil.copytree(site, scratch)
        events.append(("floor", scratch.name))
        return 1.0, 0.5, 0.25

    def remove(tree):
        if tree.exists():
            events.append(("remove", tree.name))
        shutil.rmtree(tree, ignore_errors=True)

    monkeypatch.setattr(scale28, "fgr", fgr)
    monkeypatch.setattr(scale28, "io_floor", floor)
    monkeypatch.setattr(scale28, "_remove", remove)
    monkeypatch.setattr(scale28.os, "sync", lambda: events.append(("sync", "")))
    return events


def test_no_deletion_before_the_last_measured_step(scale28, recorded, tmp_path):
    out = scale28.bench_site(tmp_path / "data", tmp_path / "work", 2)
    steps = [(kind, name) for kind, name in recorded if kind in ("build", "floor")]
    assert steps == [("build", "site-1-0"), ("floor", "floor-1-0"), ("build", "site-2-0"), ("floor", "floor-2-0"),
                     ("build", "site-1-1"), ("floor", "floor-1-1"), ("build", "site-2-1"), ("floor", "floor-2-1")]
    last = max(n for n, (kind, _) in enumerate(recorded) if kind in ("build", "floor"))
    first_removal = min(n for n, (kind, _) in enumerate(recorded) if kind == "remove")
    assert first_removal > last
    assert sorted(name for kind, name in recorded if kind == "remove") == sorted(name for _, name in steps)
    for n, (kind, _) in enumerate(recorded):
        if kind in ("build", "floor"):
            assert recorded[n - 1][0] == "sync", recorded[:n + 1]
    assert out["ratio1_runs"] == out["ratio2_runs"] == [2.0, 2.0]
    assert out["floor1_cpu_user_system"] == [[0.5, 0.25], [0.5, 0.25]]
    assert len(out["cpu2_user_system"]) == 2
    assert out["identical_jobs_1_2"] is True and out["files"] == out["pages"] == 1
    assert sorted(p.name for p in (tmp_path / "work").iterdir() if "site" in p.name or "floor" in p.name) == []


def test_a_disk_without_room_stops_before_the_second_step(scale28, recorded, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(scale28.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10, 10, 1 << 20))
    with pytest.raises(SystemExit) as stop:
        scale28.bench_site(tmp_path / "data", tmp_path / "work", 2)
    assert "needs" in str(stop.value) and "--repeat 1" in str(stop.value)
    assert [kind for kind, _ in recorded if kind in ("build", "floor")] == ["build"]
    assert sorted(p.name for p in (tmp_path / "work").iterdir() if "site" in p.name or "floor" in p.name) == []


def test_the_floor_writes_the_same_files_and_counts_its_cpu(scale28, tmp_path):
    _site(tmp_path / "site", "bytes")
    (tmp_path / "site" / "top.txt").write_bytes(b"\x00\x01")
    wall, user, system = scale28.io_floor(tmp_path / "site", tmp_path / "floor")
    assert wall >= 0 and user >= 0 and system >= 0
    assert scale28._digest(tmp_path / "site") == scale28._digest(tmp_path / "floor")


def test_digest_sees_bytes_and_paths(scale28, tmp_path):
    for name, text, where in (("a", "x", "x"), ("b", "x", "x"), ("c", "y", "x"), ("d", "x", "z")):
        (tmp_path / name / where).mkdir(parents=True)
        (tmp_path / name / where / "index.html").write_text(text)
    digest = {name: scale28._digest(tmp_path / name) for name in "abcd"}
    assert digest["a"] == digest["b"]
    assert len({digest["a"], digest["c"], digest["d"]}) == 3


def test_the_table_names_each_run_s_system_time(scale28):
    r = {"cpu2_user_system": [[19.2, 42.46], [18.0, 4.2]], "floor2_cpu_user_system": [[2.8, 4.37], [3.0, 31.0]]}
    assert scale28._system_pairs(r, 2) == "42.5 / 4.4 s, 4.2 / 31.0 s"


def test_main_prints_the_site_rows(scale28, recorded, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(scale28, "make_data", lambda folder, groups: folder)
    assert scale28.main(["--scale", "1", "--what", "site", "--repeat", "1", "--work", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "| `fgr site --jobs 2`, 1× | 2.0 s against the floor's 1.0 s: 2.0×; system CPU of each run, " in out
    assert "build / floor: " in out and "/ 0.2 s |" in out
