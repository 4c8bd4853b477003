"""How long ``fgr site`` takes for the whole Functiegebouw: ``.venv/bin/python bench/site.py``.

Generates the 61 synthetic functiegroepen of the 1x benchmark set (bench/generate.py) plus the
seed profile, converts them into a temporary data folder with the salary tables, the project's
vocabularies (ESCO, ISCO-08, BRC, EQF) and mappings, opens the embedded store (built once,
not timed) and an in-memory one, and builds the site ``--reps`` times each (median): on the disk
store and in memory with a worker per core, and in memory in one process. Wall and CPU time (the
workers' included). Baselines measured in the same run:

- the I/O floor: writing the same number of files with the same bytes (what no generator beats);
- rdflib: serialising a sample of the resource descriptions as Turtle and JSON-LD with rdflib
  (what the per-resource files would cost with rdflib's writers), extrapolated to all of them.

Writes bench/SITE.md (the figures and the machine). Not part of ``make test``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))


def make_data(folder: Path, groups: int) -> None:
    from generate import generate

    from functiegebouw.convert import convert, write_graph

    sources = folder / "sources"
    generate(sources, groups)
    seed = ROOT / "data" / "sources" / "medewerker-communicatie.txt"
    shutil.copy(seed, sources / seed.name)
    shutil.copy(seed.with_suffix(".toml"), sources / seed.with_suffix(".toml").name)
    for src in sorted(sources.glob("*.txt")):
        write_graph(convert(src).triples, folder / f"{src.stem}.ttl")
    for sub in ("reference", "vocab", "mappings"):
        shutil.copytree(ROOT / "data" / sub, folder / sub, ignore=shutil.ignore_patterns("*.md", "*.tsv"))


def io_floor(site: Path, scratch: Path) -> float:
    """Seconds to write the site's files again, byte for byte, into fresh folders."""
    files = [(p.relative_to(site), p.read_bytes()) for p in site.rglob("*") if p.is_file()]
    start = time.perf_counter()
    made = set()
    for rel, data in files:
        folder = scratch / rel.parent
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        with open(scratch / rel, "wb") as fh:
            fh.write(data)
    return time.perf_counter() - start


def rdflib_per_resource(store, sample: int) -> tuple[float, int]:
    """Seconds per resource for rdflib to serialise its description as Turtle and JSON-LD."""
    from rdflib import Graph

    from functiegebouw.site import queries
    from functiegebouw.site.describe import Graph as SiteGraph

    descs = list(SiteGraph(queries.triples(store)).describe_all().values())
    step = max(1, len(descs) // sample)
    chosen = descs[::step][:sample]
    start = time.perf_counter()
    for d in chosen:
        g = Graph().parse(data=d.turtle(), format="turtle")
        g.serialize(format="turtle")
        g.serialize(format="json-ld")
    return (time.perf_counter() - start) / len(chosen), len(descs)


def components(store) -> dict[str, float]:
    """CPU seconds of each part of a build, in one process and without writing a file: what is left
    to make faster (the rest of the build is the kernel creating the files)."""
    from functiegebouw.site import compare_pages, dataset, model, queries
    from functiegebouw.site.build import shapes_store
    from functiegebouw.site.describe import Graph
    from functiegebouw.site.ontology import DEF, Ontology
    from functiegebouw.site.pages import Site

    out: dict[str, float] = {}

    def timed(name, fn):
        start = time.process_time()
        value = fn()
        out[name] = time.process_time() - start
        return value

    shapes = shapes_store()
    rows = timed("query: every triple", lambda: queries.triples(store) + queries.triples(shapes))
    graph = timed("graph and blank node labels", lambda: Graph(rows))
    descs = timed("resource descriptions", graph.describe_all)
    data = timed("queries for the pages", lambda: model.read(store, graph))
    timed("ontology and compare queries", lambda: (Ontology(store, shapes), compare_pages.Prefetched(store).prefetch()))
    site = Site(graph, data, {i: d.path for i, d in descs.items()})
    fast = compare_pages.Prefetched(store).prefetch()
    timed("resource pages (HTML)", lambda: [site.resource_page(d) for d in descs.values() if d.iri != DEF])
    timed("resource Turtle", lambda: [d.turtle() for d in descs.values()])
    timed("resource JSON-LD", lambda: [d.jsonld() for d in descs.values()])
    timed("compare pages: schalen", lambda: compare_pages.schaal_pages(site, fast))
    timed("compare pages: functiegroepen", lambda: compare_pages.pair_pages(site, fast))
    timed("downloads (Turtle, N-Triples, JSON-LD)", lambda: dataset.downloads(graph.all_triples(descs)))
    return out


def _cpu() -> float:
    """User + system seconds of this process and of its finished children (the site's workers)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed_builds(store, work: Path, reps: int, jobs: int | None) -> tuple[list[float], list[float], object]:
    from functiegebouw.site.build import build_site

    walls, cpus, summary = [], [], None
    for _ in range(reps):
        shutil.rmtree(work / "site", ignore_errors=True)  # not timed: a first build, nothing to replace
        os.sync()  # the removal's disk work done before the clock starts
        cpu = _cpu()
        summary = build_site(store, work / "site", jobs=jobs)
        cpus.append(_cpu() - cpu)
        walls.append(summary.seconds)
    return walls, cpus, summary


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", type=int, default=61)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--sample", type=int, default=300, help="resources serialised with rdflib for the baseline")
    args = ap.parse_args(argv)

    import functiegebouw
    from run import machine

    work = Path(tempfile.mkdtemp(prefix="fgr-site-bench-"))
    try:
        make_data(work / "data", args.groups)
        m = machine()
        t = time.perf_counter()
        store = functiegebouw.open(work / "data", store_dir=work / "store")
        store_s = time.perf_counter() - t
        t = time.perf_counter()
        memory = functiegebouw.open(work / "data", memory=True)
        memory_s = time.perf_counter() - t
        runs = {"default": _timed_builds(store, work, args.reps, None),
                "memory": _timed_builds(memory, work, args.reps, None),
                "one": _timed_builds(memory, work, args.reps, 1)}
        walls, cpus, summary = runs["memory"]
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        floor = io_floor(work / "site", work / "floor")
        per_resource, resources = rdflib_per_resource(store, args.sample)
        parts = components(memory)
        size = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file())
        load_end = os.getloadavg()[0]

        def row(what, key):
            w, c, _ = runs[key]
            return (f"| {what} | **{statistics.median(w):.1f} s** (runs: {', '.join(f'{x:.1f}' for x in w)}) | "
                    f"{statistics.median(c):.1f} s |")

        phases = ", ".join(f"{k} {v:.1f} s" for k, v in summary.phases.items())
        lines = [
            "# `fgr site`: build time for the whole Functiegebouw",
            "",
            f"Made by `bench/site.py` on {m['date']}, commit {m['commit']}: {m['nproc']} cores ({m['cpu']}), "
            f"{m['mem_gib']} GiB, Python {m['python']}, pyoxigraph {m['libs']['pyoxigraph']}, "
            f"rdflib {m['libs']['rdflib']}; load average {m['loadavg_start'][0]:.2f} at the start and "
            f"{load_end:.2f} at the end (the machine is shared: the wall times follow the load, the CPU "
            "times much less).",
            "",
            f"Data: {args.groups} synthetic functiegroepen (bench/generate.py, the 1x set) plus the seed 527, "
            "with the salary tables, ESCO, ISCO-08, BRC 2014, EQF/NLQF and the curated mappings "
            f"(embedded store built once in {store_s:.1f} s, loaded in memory in {memory_s:.1f} s; not counted).",
            "",
            "| site build (`build_site`, queries to the last file), median of " + str(args.reps)
            + " | wall | CPU (process and workers, user + system) |",
            "|---|---|---|",
            row("embedded store on disk, a worker per core", "default"),
            row("store in memory (`open(…, memory=True)`), a worker per core", "memory"),
            row("store in memory, one process (`jobs=1`)", "one"),
            "",
            "| what | figure |",
            "|---|---|",
            f"| phases of the in-memory build (last run) | {phases} |",
            f"| pages | {summary.pages:,} ({summary.resources:,} resources, each with .html, .ttl, .jsonld) |",
            f"| files, size | {summary.files:,} files, {size / 1e6:.0f} MB |",
            f"| triples published | {summary.triples:,} |",
            "| CPU time of the parts, in one process, no file written | "
            + "; ".join(f"{k} {v:.1f} s" for k, v in parts.items()) + " |",
            f"| baseline: writing the same files in one process (I/O floor) | {floor:.1f} s (the in-memory build "
            f"= {wall / floor:.1f}× the floor) |",
            f"| baseline: rdflib's Turtle + JSON-LD writers per resource | {per_resource * 1000:.1f} ms per "
            f"resource (sample of {args.sample}) = ~{per_resource * resources:.0f} s for the {resources:,} "
            f"resources alone ({per_resource * resources / wall:.0f}× the whole build) |",
            "",
        ]
        # the figures above are replaced; a section "## Earlier runs" below them (by hand) is kept
        report = BENCH / "SITE.md"
        before = report.read_text(encoding="utf-8") if report.exists() else ""
        history = before[before.index("\n## Earlier runs"):] if "\n## Earlier runs" in before else ""
        report.write_text("\n".join(lines) + "\n" + history, encoding="utf-8")
        print("\n".join(lines))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
