"""Issue 28 micro-benchmarks: the store-currency check and ``merge.group_profiles``, each against
its baseline measured in the same run (the old algorithm), with the load average named.

    PYTHONPATH=src .venv/bin/python bench/perf_check.py [--scale 100] [--repeat 15]

The store check runs on a synthetic data folder with the layout ``fgr build`` leaves at the given
scale (61 profiles per 1x: ``<n>.ttl`` files plus ``sources/`` holding a ``.txt`` and a ``.toml``
per profile); the files hold one triple each, as the check's cost is in their number, not size.
Prints a Markdown table (figures are medians of interleaved runs).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROFILES_1X = 61
# The commit before issue 28's store change: its store.py is the baseline of the whole open.
BEFORE = "21e776b"


def store_before():
    """sparql/store.py as it was at BEFORE, loaded as a module of its own (None without git)."""
    import importlib.util
    import subprocess

    root = Path(__file__).resolve().parents[1]
    try:
        text = subprocess.run(["git", "-C", str(root), "show", f"{BEFORE}:src/functiegebouw/sparql/store.py"],
                              check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp()) / "store_before.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location("store_before", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def grouping(scale: int, repeat: int) -> tuple[float, float]:
    """(old, new) milliseconds to group ``61 * scale`` profiles, each its own functiegroep."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from source.test_group_profiles import quadratic_group_profiles

    from functiegebouw.source.merge import group_profiles
    from functiegebouw.source.model import Meta, Profile, Source

    n = PROFILES_1X * scale
    profiles = [Profile(source_name=f"p{i}.txt", sha256="", meta=Meta(functiegroep_id=i, label=f"Groep {i}"),
                        sources=[Source(name=f"p{i}.txt", sha256="", path=f"p{i}.txt")]) for i in range(n)]
    old, new = [], []
    for _ in range(repeat):
        for function, samples in ((quadratic_group_profiles, old), (group_profiles, new)):
            start = time.perf_counter()
            result = function(profiles)
            samples.append(time.perf_counter() - start)
            assert len(result) == n
    return median_ms(old), median_ms(new)


def data_folder(root: Path, scale: int) -> Path:
    data = root / "data"
    (data / "sources").mkdir(parents=True)
    for i in range(PROFILES_1X * scale):
        (data / f"p{i:05d}.ttl").write_text(f"<http://example.org/g{i}> <http://example.org/p> {i} .\n")
        (data / "sources" / f"p{i:05d}.txt").write_text("Resultaten\n")
        (data / "sources" / f"p{i:05d}.toml").write_text(f"functiegroep_id = {i}\n")
    return data


def store_check(scale: int, repeat: int) -> dict[str, float | None]:
    """Milliseconds (medians of interleaved runs) of: ``old``, the full scan and comparison of every
    file; ``manifest``, reading manifest.json and comparing one stat per recorded file and folder
    with it; ``stats``, the same stats compared with the packed ``stats`` file, which an open uses
    first; ``floor``, a plain loop stat'ing the same paths (what any check of every file pays);
    ``whole``, ``EmbeddedStore`` opening the up-to-date cache (``whole_before``: store.py of
    BEFORE, None without git)."""
    from functiegebouw.rdf.files import reading
    from functiegebouw.sparql import store as st

    with tempfile.TemporaryDirectory() as tmp:
        data = data_folder(Path(tmp), scale)
        cache = Path(tmp) / "cache"
        # without the ontology and vocabularies: their ~20 files change nothing in the check's
        # cost, but building the store with them takes minutes on a busy machine
        st.EmbeddedStore(data, store_dir=cache, ontology=False).close()  # build once
        time.sleep(st.RACY_NS / 1e9 + 0.5)  # as a user's next query: the files' times are settled
        st.EmbeddedStore(data, store_dir=cache, ontology=False).close()  # drops the digests, walks once
        folder = st._Cache(str(next(cache.iterdir())))
        manifest = folder.manifest()
        assert manifest is not None and all(len(e) == 4 for e in manifest["files"].values())
        assert st._settled_generation(folder.stats_path) == manifest["generation"]
        paths = [*manifest["folders"], *manifest["files"]]
        before = store_before()
        if before is not None:
            before.EmbeddedStore(data, store_dir=Path(tmp) / "cache-before", ontology=False).close()
        samples: dict[str, list[float]] = {k: [] for k in ("old", "manifest", "stats", "floor", "whole",
                                                            "whole_before")}

        def timed(key: str, fn) -> None:
            start = time.perf_counter()
            fn()
            samples[key].append(time.perf_counter() - start)

        def scan_all() -> None:
            with reading([data]):
                assert st._unchanged_files(manifest, st._scan([data], False)) is not None

        def by_manifest() -> None:
            with reading([data]):
                recorded = folder.manifest()
                assert recorded is not None and st._current(recorded) is not None

        def by_stats() -> None:
            with reading([data]):
                assert st._settled_generation(folder.stats_path) is not None

        def floor() -> None:
            for path in paths:
                os.stat(path)

        def open_now() -> None:
            opened = st.EmbeddedStore(data, store_dir=cache, ontology=False)
            assert not opened.rebuilt
            opened.close()

        def open_before() -> None:
            opened = before.EmbeddedStore(data, store_dir=Path(tmp) / "cache-before", ontology=False)
            assert not opened.rebuilt
            opened.close()

        for _ in range(repeat):
            timed("old", scan_all)
            timed("manifest", by_manifest)
            timed("stats", by_stats)
            timed("floor", floor)
            timed("whole", open_now)
            if before is not None:
                timed("whole_before", open_before)
    return {k: median_ms(v) if v else None for k, v in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {load:.1f} at the start")
    print(f"\n| measure ({args.scale}x, {PROFILES_1X * args.scale} profiles) | baseline (old) | now | ratio |")
    print("|---|---|---|---|")
    old, new = grouping(args.scale, max(3, args.repeat // 3))
    print(f"| `merge.group_profiles` | {old:.1f} ms | {new:.1f} ms | {old / new:.0f}× faster |")
    c = store_check(args.scale, args.repeat)
    print(f"| store-currency check (scan and compare every file vs the packed stats) | {c['old']:.1f} ms "
          f"| {c['stats']:.1f} ms | {c['old'] / c['stats']:.1f}× faster |")
    print(f"| the same stats against manifest.json vs the packed stats file | {c['manifest']:.1f} ms "
          f"| {c['stats']:.1f} ms | {c['manifest'] / c['stats']:.2f}× faster |")
    print(f"| a plain loop of one `stat` per recorded path (the floor of any check) | | {c['floor']:.1f} ms | |")
    if c["whole_before"] is None:
        print(f"| `EmbeddedStore` opening an up-to-date cache, whole | (no git) | {c['whole']:.1f} ms | |")
    else:
        print(f"| `EmbeddedStore` opening an up-to-date cache, whole (store.py of {BEFORE} vs now) "
              f"| {c['whole_before']:.1f} ms | {c['whole']:.1f} ms | {c['whole_before'] / c['whole']:.1f}× faster |")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
