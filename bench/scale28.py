"""Issue 28 at 1× and 10×: validation, ``fgr validate --changed`` after one edit, and ``fgr site``
against the disk's floor. ``PYTHONPATH=src .venv/bin/python bench/scale28.py [--scale 1 10]
[--what validate site] [--repeat 3]``.

Every figure is measured by the command line (``fgr validate``, ``fgr site``) in a fresh process,
so imports and start-up count, as a user sees them. Per scale:

- **validate**: ``fgr validate DATA`` over the synthetic profiles (bench/generate.py, 61 or 610)
  with the ontology, schemes and salary tables (wall time, median of ``--repeat``); then
  ``fgr validate --changed`` cold (empty cache), warm, and after one profile was edited.
- **site**: ``fgr site`` from an embedded store of the same profiles (built once, not timed), with
  ``--jobs 1`` and ``--jobs 2``, interleaved; the baseline in the same run is the disk's floor: a
  plain loop writing the same files, byte for byte, into a fresh folder (``os.makedirs`` and
  ``open``) right after each build; no tree is deleted before every step is measured (see
  ``bench_site``); the CPU, user and system, of each; the page count per kind (compare pages of
  functiegroepen among them).

Prints one JSON object per measure and a Markdown table at the end (to paste into
docs/explanation/performance.md). Not part of ``make test``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
PY = sys.executable
REAL = 61


SRC = str(ROOT / "src")


def fgr(*args: str, env: dict | None = None, src: str | None = None) -> float:
    """Seconds for ``fgr ARGS`` in a fresh process (exit 0 or 1: findings are not failures), from
    the sources in ``src`` (default: this checkout's)."""
    start = time.perf_counter()
    env = {**os.environ, **(env or {}), "PYTHONPATH": src or SRC}
    proc = subprocess.run([PY, "-m", "functiegebouw.cli", *args], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, env=env, check=False)
    took = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"fgr {' '.join(args)}: exit {proc.returncode}: {proc.stderr.decode()[-2000:]}")
    return took


def make_data(folder: Path, groups: int) -> Path:
    """``groups`` synthetic profiles converted into ``folder`` (Turtle beside sources/)."""
    from generate import generate

    from functiegebouw.convert import convert, write_graph

    sources = folder / "sources"
    generate(sources, groups)
    for src in sorted(sources.glob("*.txt")):
        write_graph(convert(src).triples, folder / f"{src.stem}.ttl")
    return folder


def bench_validate(data: Path, work: Path, repeat: int, src: str | None = None) -> dict:
    """The figures of one source tree (``src``: another checkout's ``src/``, the baseline)."""
    runs = [fgr("validate", str(data), src=src) for _ in range(repeat)]
    env = {"FGR_STORE_DIR": str(work / "validate-cache")}
    shutil.rmtree(work / "validate-cache", ignore_errors=True)
    cold = fgr("validate", "--changed", str(data), env=env, src=src)
    warm = statistics.median(fgr("validate", "--changed", str(data), env=env, src=src) for _ in range(repeat))
    profile = sorted(data.glob("fg*.ttl"))[len(list(data.glob("fg*.ttl"))) // 2]
    original = profile.read_bytes()
    edits = []
    try:
        for n in range(repeat):
            profile.write_bytes(original + b"\n" * (n + 1))  # another size each time: a real edit
            edits.append(fgr("validate", "--changed", str(data), env=env, src=src))
    finally:
        profile.write_bytes(original)
    return {"validate_s": statistics.median(runs), "runs": runs, "changed_cold_s": cold, "changed_warm_s": warm,
            "changed_one_edit_s": statistics.median(edits), "edits": edits}


def io_floor(site: Path, scratch: Path) -> tuple[float, float, float]:
    """Seconds to write the site's files again, byte for byte, into a fresh folder: wall, and the
    user and system CPU of this process meanwhile (the files are read first, not timed)."""
    files = [(p.relative_to(site), p.read_bytes()) for p in sorted(site.rglob("*")) if p.is_file()]
    before = os.times()
    start = time.perf_counter()
    made = set()
    for rel, data in files:
        folder = scratch / rel.parent
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(scratch / rel, "wb") as fh:
            fh.write(data)
    wall = time.perf_counter() - start
    after = os.times()
    return wall, after.user - before.user, after.system - before.system


def fgr_cpu(*args: str, env: dict | None = None) -> tuple[float, float, float]:
    """``fgr ARGS`` in a fresh process: wall seconds, and the user and system CPU of it and its
    workers (``os.times``' children, which count every waited-for descendant)."""
    before = os.times()
    wall = fgr(*args, env=env)
    after = os.times()
    return wall, after.children_user - before.children_user, after.children_system - before.children_system


def _kinds(site: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for p in site.rglob("index.html"):
        rel = p.relative_to(site).as_posix()
        kind = "/".join("*" if any(c.isdigit() for c in s) else s for s in rel.split("/"))
        out[kind] = out.get(kind, 0) + 1
    return out


def _remove(tree: Path) -> None:
    shutil.rmtree(tree, ignore_errors=True)


def _allocated(tree: Path) -> int:
    """Bytes the tree takes on the disk (blocks of its files and folders)."""
    return sum(p.lstat().st_blocks * 512 for p in tree.rglob("*")) + tree.lstat().st_blocks * 512


def _check_room(work: Path, tree: Path, trees_left: int) -> None:
    """Stop before the disk fills: every tree of the measure is kept until its end (see bench_site)."""
    need = _allocated(tree) * trees_left * 11 // 10 + (1 << 30)
    free = shutil.disk_usage(work).free
    if free < need:
        raise SystemExit(f"bench/scale28.py: the site measure keeps its {trees_left} remaining trees until it ends and "
                         f"needs {need / 2**30:.1f} GiB free in {work}, {free / 2**30:.1f} GiB are; "
                         "give --repeat 1 or --work on a larger disk")


def _digest(site: Path) -> str:
    """One digest of every file's path and bytes: two sites compared without keeping both."""
    h = hashlib.sha256()
    for p in sorted(site.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(site).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def bench_site(data: Path, work: Path, repeat: int) -> dict:
    """``fgr site`` with ``--jobs 1`` and ``2`` against the floor, each ``repeat`` times, interleaved.

    No tree is deleted until every step is measured. On the build machine's disk (ext4 without a
    journal) the kernel skips every inode deleted in the last 60 s, 360 s if its block is still
    unwritten, one by one from the start of its group, when it allocates a new one: after the
    deletion of a site (83,000 inodes at 1×) each file or folder created costs a scan of
    thousands, as system time of whichever process creates it, the build's or the floor's alike
    (docs/explanation/performance.md, "Site: where the time goes"). A measure that deletes between
    its steps therefore times the kernel's scan, by an amount that depends on how long ago each
    inode was deleted, not the code. Each step starts after an ``os.sync()`` (not timed), so that
    none pays for the writeback of the one before; the CPU of each, user and system, is reported
    beside its wall time."""
    env = {"FGR_STORE_DIR": str(work / "store")}
    fgr("query", "--data", str(data), "schalen-per-functiegroep", env=env)  # builds the store: not timed
    out: dict = {f"{key}{jobs}": [] for key in ("jobs", "floor", "load", "ratio", "cpu", "floor_cpu")
                 for jobs in (1, 2)}
    digests: dict[int, str] = {}
    trees: list[Path] = []
    try:
        for n in range(repeat):
            for jobs in (1, 2):
                site, scratch = work / f"site-{jobs}-{n}", work / f"floor-{jobs}-{n}"
                os.sync()
                out[f"load{jobs}"].append(round(os.getloadavg()[0], 1))
                trees.append(site)
                wall, user, system = fgr_cpu("site", "--data", str(data), "--jobs", str(jobs), str(site), env=env)
                if len(trees) == 1:
                    _check_room(work, site, 4 * repeat - 1)
                os.sync()
                trees.append(scratch)
                floor, floor_user, floor_system = io_floor(site, scratch)
                out[f"jobs{jobs}"].append(wall)
                out[f"floor{jobs}"].append(floor)
                out[f"ratio{jobs}"].append(round(wall / floor, 2))
                out[f"cpu{jobs}"].append([round(user, 2), round(system, 2)])
                out[f"floor_cpu{jobs}"].append([round(floor_user, 2), round(floor_system, 2)])
                if n == 0:
                    digests[jobs] = _digest(site)
                    if jobs == 1:
                        kinds = _kinds(site)
                        out.update(pages=sum(kinds.values()),
                                   pair_pages=kinds.get("vergelijk/functiegroepen/*/index.html", 0),
                                   files=sum(1 for p in site.rglob("*") if p.is_file()))
    finally:
        for tree in trees:
            _remove(tree)
    for jobs in (1, 2):
        walls, floors = out.pop(f"jobs{jobs}"), out.pop(f"floor{jobs}")
        out[f"jobs{jobs}_s"], out[f"floor{jobs}_s"] = statistics.median(walls), statistics.median(floors)
        out[f"jobs{jobs}_runs"], out[f"floor{jobs}_runs"] = walls, floors
        out[f"ratio{jobs}_runs"] = out.pop(f"ratio{jobs}")
        out[f"cpu{jobs}_user_system"] = out.pop(f"cpu{jobs}")
        out[f"floor{jobs}_cpu_user_system"] = out.pop(f"floor_cpu{jobs}")
    out["identical_jobs_1_2"] = digests.get(1) == digests.get(2)
    return out


def _system_pairs(r: dict, jobs: int) -> str:
    """The system seconds of each build and its floor: where the kernel taxed a step (see
    ``bench_site``), its system time is several times the calm one."""
    return ", ".join(f"{b[1]:.1f} / {f[1]:.1f} s"
                     for b, f in zip(r[f"cpu{jobs}_user_system"], r[f"floor{jobs}_cpu_user_system"], strict=True))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--what", nargs="+", choices=["validate", "site"], default=["validate", "site"])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--baseline", metavar="SRC",
                    help="also measure validation with the sources in SRC (e.g. an older checkout's src/)")
    ap.add_argument("--work", help="scratch folder (default: a temporary one, removed after)")
    args = ap.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="scale28-"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    rows = []
    try:
        for scale in args.scale:
            data = make_data(work / f"data-{scale}x", REAL * scale)
            if "validate" in args.what:
                if args.baseline:
                    b = bench_validate(data, work / f"b{scale}", args.repeat, args.baseline)
                    print(json.dumps({"scale": scale, "baseline": args.baseline, "validate": b}), flush=True)
                    rows += [(f"baseline `fgr validate`, {scale}×", f"{b['validate_s']:.2f} s"),
                             (f"baseline `fgr validate --changed` after one edit, {scale}×",
                              f"{b['changed_one_edit_s']:.2f} s (cold {b['changed_cold_s']:.2f} s, "
                              f"nothing changed {b['changed_warm_s']:.2f} s)")]
                r = bench_validate(data, work / f"v{scale}", args.repeat)
                print(json.dumps({"scale": scale, "validate": r}), flush=True)
                rows += [(f"`fgr validate`, {scale}× ({REAL * scale} profiles)", f"{r['validate_s']:.2f} s"),
                         (f"`fgr validate --changed` after one edit, {scale}×",
                          f"{r['changed_one_edit_s']:.2f} s (cold {r['changed_cold_s']:.2f} s, "
                          f"nothing changed {r['changed_warm_s']:.2f} s)")]
            if "site" in args.what:
                r = bench_site(data, work / f"s{scale}", args.repeat)
                print(json.dumps({"scale": scale, "site": r}), flush=True)
                for jobs in (1, 2):
                    rows.append((f"`fgr site --jobs {jobs}`, {scale}×",
                                 f"{r[f'jobs{jobs}_s']:.1f} s against the floor's {r[f'floor{jobs}_s']:.1f} s: "
                                 f"{r[f'jobs{jobs}_s'] / r[f'floor{jobs}_s']:.1f}×; system CPU of each run, "
                                 f"build / floor: {_system_pairs(r, jobs)}"))
                rows.append((f"site pages, {scale}×",
                             f"{r['pages']:,} ({r['pair_pages']} pairs of functiegroepen), {r['files']:,} files; "
                             f"jobs 1 = jobs 2: {r['identical_jobs_1_2']}"))
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end\n\n| measure | figure |\n|---|---|")
    for measure, figure in rows:
        print(f"| {measure} | {figure} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
