"""How long `fgr link suggest` takes for one functiegroep, before and after issue 25's cache of the
vocabulary indexes: wall and CPU seconds (user + system of the child) of the command, each run in a fresh
interpreter as a user runs it.

    python bench/suggest_speed.py [--before SRC] [--repeat N]

``--before SRC``: the ``src/`` of an older checkout to measure beside this one (e.g. ``git archive 166eae2
| tar -x -C /tmp/before`` then ``--before /tmp/before/src``); that code has no --functiegroep, so it runs
``--kind functiegroep`` (the same work for a data folder with one functiegroep, as data/ has). "cold": an
empty cache folder (FGR_STORE_DIR), the first run after an install or a new vocabulary; "warm": the
runs after it. CPU time is the figure to compare on a busy machine: other work inflates wall time.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(src: Path, args: list[str], store_dir: str) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(src), "FGR_STORE_DIR": store_dir}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "functiegebouw.cli", "link", "suggest", *args], cwd=ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(label: str, src: Path, args: list[str], repeat: int) -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory(prefix="fgr-bench-suggest-") as store_dir:
        wall, cpu = run(src, args, store_dir)
        lines.append(f"| {label} | cold | {wall:.1f} | {cpu:.1f} |")
        warm = sorted(run(src, args, store_dir) for _ in range(repeat))
        wall, cpu = warm[len(warm) // 2]
        lines.append(f"| {label} | warm (median of {repeat}) | {wall:.1f} | {cpu:.1f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", type=Path, help="src/ of the code to compare with")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--method", default=None, help="lexical, embedding or mix (default: the command's own)")
    args = parser.parse_args()
    method = ["--method", args.method] if args.method else []
    print(f"load average at start: {os.getloadavg()[0]:.2f}")
    print("| code | cache | wall s | CPU s |\n|---|---|---|---|")
    if args.before:
        before = ["--kind", "functiegroep", *method]
        for line in measure("before: `--kind functiegroep`", args.before, before, args.repeat):
            print(line, flush=True)
    for line in measure("now: `--functiegroep 527`", ROOT / "src", ["--functiegroep", "527", *method], args.repeat):
        print(line, flush=True)
    for line in measure("now: `--functiegroep 527 --kind functiegroep`", ROOT / "src",
                        ["--functiegroep", "527", "--kind", "functiegroep", *method], args.repeat):
        print(line, flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
