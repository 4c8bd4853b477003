"""``build_site(store, out)``: the whole static site, written into a fresh folder and swapped in.

The site is written into a temporary folder beside ``out`` and renamed into place when complete,
so an error (a query that fails, a full disk) leaves the previous site as it was. A folder that
``fgr site`` did not make is never replaced.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from functiegebouw.errors import FgrError
import functiegebouw.site.compare_pages as compare_pages
import functiegebouw.site.dataset as dataset
import functiegebouw.site.indexes as indexes
import functiegebouw.site.model as model
import functiegebouw.site.queries as queries
from functiegebouw.site.describe import Graph
from functiegebouw.site.html import CSS, SEARCH_JS
from functiegebouw.site.ontology import DEF, Ontology, hash_document_page
from functiegebouw.site.pages import Site

MARKER = ".fgr-site"
DEFAULT_HOST = "https://example.org/functiegebouw/"


@dataclass
class SiteSummary:
    out: Path
    resources: int
    pages: int
    files: int
    bytes: int
    triples: int
    seconds: float
    skipped: list[str] = field(default_factory=list)
    phases: dict[str, float] = field(default_factory=dict)  # seconds: reading the store, writing the files

    def line(self) -> str:
        return (f"{self.out}: {self.pages:,} pages ({self.resources:,} resources with .html, .ttl and .jsonld), "
                f"{self.files:,} files, {self.bytes / 1e6:.1f} MB, {self.triples:,} triples, "
                f"{self.seconds:.1f} s")


def shapes_store():
    """The SHACL shapes (ontology/shapes*.ttl) as a store of their own: they are not data, so the
    data store does not hold them, and the ontology page documents which shapes apply to what."""
    from functiegebouw.rdf.load import shape_files
    from functiegebouw.sparql.connect import open as open_store

    files = shape_files()
    return open_store(files, ontology=False) if files else None


def build_site(store, out: str | os.PathLike = "site", *, shapes=None, host: str = DEFAULT_HOST,
               jobs: int | None = None) -> SiteSummary:
    """Generate the site from ``store`` (embedded or remote) into ``out``.

    The store is read first, in this process (a few dozen queries over the whole graph); the pages
    and files are then written by ``jobs`` processes (default: one per core), each a share of the
    resources and pages. Every file depends on the graph alone, so the bytes are the same whatever
    the number of workers."""
    started = time.perf_counter()
    phases: dict[str, float] = {}
    if jobs is not None and jobs < 1:
        raise FgrError(None, None, f"--jobs must be at least 1, not {jobs}")
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise FgrError(out, None, "exists and is not a site made by fgr site; choose another folder or remove it")
    if shapes is None:
        shapes = shapes_store()
    rows = queries.triples(store) + (queries.triples(shapes) if shapes is not None else [])
    phases["triples"] = time.perf_counter() - started
    graph = Graph(rows)
    del rows
    descriptions = graph.describe_all()
    phases["describe"] = time.perf_counter() - started - sum(phases.values())
    data = model.read(store, graph)
    resources = {iri: d.path for iri, d in descriptions.items()}
    site = Site(graph, data, resources)
    ontology = Ontology(store, shapes)
    comparisons = compare_pages.Prefetched(store).prefetch()
    phases["queries"] = time.perf_counter() - started - sum(phases.values())

    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    try:
        job = _Job(tmp, site, descriptions, ontology, comparisons, host)
        written = _run(job, jobs)
        _write_file(tmp, MARKER, b"Made by `fgr site`; this folder is replaced by the next run.\n", written)
        phases["pages"] = time.perf_counter() - started - sum(phases.values())
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteSummary(out, len(descriptions), written["pages"], written["files"], written["bytes"],
                       written["triples"], time.perf_counter() - started, graph.unpublishable(), phases)


def _write_file(root: Path, rel: str, data: bytes, written: dict, folders: set | None = None) -> None:
    folder = os.path.dirname(rel)
    if folder and (folders is None or folder not in folders):
        os.makedirs(os.path.join(root, folder), exist_ok=True)
        if folders is not None:
            folders.add(folder)
    with open(os.path.join(root, rel), "wb") as fh:
        fh.write(data)
    written["files"] += 1
    written["bytes"] += len(data)
    if rel.endswith(".html"):
        written["pages"] += 1


class _Job:
    """Everything the files are made from, read from the store before any worker starts (forked
    workers inherit it; none of them queries the store). A task is a name and an argument; the
    files of a task depend on the graph alone."""

    def __init__(self, root, site, descriptions, ontology, comparisons, host):
        self.root, self.site, self.ontology, self.comparisons, self.host = str(root), site, ontology, comparisons, host
        self.descriptions = list(descriptions.values())
        self.by_iri = descriptions
        self.hash_docs = {s.split("#", 1)[0] for s in site.graph.data if "#" in s and not s.startswith("_:")}

    def tasks(self, jobs: int) -> list[tuple[str, object]]:
        """The work in pieces: the whole-graph downloads first (the longest single piece), then the
        resources in slices, a comparison page per functiegroep, the indexes."""
        n = len(self.descriptions)
        size = max(50, n // (jobs * 8)) if jobs > 1 else max(n, 1)
        out: list[tuple[str, object]] = [("dataset", None)]
        out += [("resources", (i, min(i + size, n))) for i in range(0, n, size)]
        out += [("schalen", g) for g in self.site.data.groepen]
        out += [("paren", g) for g in self.site.data.groepen]
        out += [("indexes", None)]
        return out

    def __call__(self, task: tuple[str, object]) -> dict:
        written = {"files": 0, "bytes": 0, "pages": 0, "triples": 0}
        folders: set[str] = set()

        def write(rel: str, content: str | bytes) -> None:
            _write_file(self.root, rel, content.encode("utf-8") if isinstance(content, str) else content,
                        written, folders)

        kind, arg = task
        site = self.site
        if kind == "resources":
            for desc in self.descriptions[arg[0]:arg[1]]:
                if desc.iri == DEF:
                    html_page = self.ontology.page(site, desc)
                elif desc.iri in self.hash_docs:
                    html_page = hash_document_page(site, desc)
                else:
                    html_page = site.resource_page(desc)
                write(f"{desc.path}/index.html", html_page)
                write(f"{desc.path}/index.ttl", desc.turtle())
                write(f"{desc.path}/index.jsonld", desc.jsonld())
        elif kind == "schalen":
            for rel, html_page in compare_pages.schaal_pages(site, self.comparisons, [arg]).items():
                write(rel, html_page)
        elif kind == "paren":
            for rel, html_page in compare_pages.pair_pages(site, self.comparisons, [arg]).items():
                write(rel, html_page)
        elif kind == "indexes":
            for rel, content in indexes.search_files(site).items():
                write(rel, content)
            write("w3id/.htaccess", dataset.htaccess(self.host))
            write("static/site.css", CSS)
            write("static/zoeken.js", SEARCH_JS)
        elif kind == "dataset":
            whole = site.graph.all_triples(self.by_iri)
            stats = {"triples": len(whole), "resources": len(self.descriptions),
                     "subjects": len({s for s in whole.subjects() if not s.startswith("_:")})}
            files = dataset.downloads(whole)
            for rel, content in files.items():
                write(rel, content)
            for rel, content in dataset.dataset_page(site, files, stats).items():
                write(rel, content)
            write("index.html", indexes.home(site, {"functiegroepen": len(site.data.groepen),
                                                   "pagina": len(self.descriptions), "triples": stats["triples"]}))
            written["triples"] = stats["triples"]
        else:  # pragma: no cover - a task this class did not make
            raise ValueError(kind)
        return written


_JOB: _Job | None = None


def _work(tasks: list) -> list[dict]:
    return [_JOB(task) for task in tasks]


def _run(job: _Job, jobs: int | None) -> dict:
    """Run every task of ``job`` in this process or in ``jobs`` forked workers; the counts summed."""
    import multiprocessing

    global _JOB
    if jobs is None:
        jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    tasks = job.tasks(jobs)
    jobs = min(jobs, len(tasks))
    total = {"files": 0, "bytes": 0, "pages": 0, "triples": 0}
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        counts = [job(task) for task in tasks]
    else:
        from concurrent.futures import ProcessPoolExecutor

        from functiegebouw.process import worker_init

        _JOB = job
        try:
            # one task per call, taken as workers come free: the pieces differ a lot in size
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"),
                                     initializer=worker_init) as pool:
                counts = [c for part in pool.map(_work, [[t] for t in tasks]) for c in part]
        finally:
            _JOB = None
    for c in counts:
        for key in total:
            total[key] += c[key]
    return total


def _swap(new: Path, out: Path) -> None:
    """Put the finished folder in place of ``out``. The old one is renamed aside first and then
    removed by a separate process: deleting ~10^5 files costs more than writing them on some disks,
    and the new site is complete once renamed. A removal that did not finish (the machine went
    down) is picked up by the next build."""
    os.chmod(new, 0o755)
    parent = out.resolve().parent
    stale = sorted(parent.glob(f".{out.name}.*.old"))
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=parent))
        os.rmdir(old)
        os.rename(out, old)
        stale.append(old)
    os.rename(new, out)
    if stale:
        code = "import shutil, sys\nfor p in sys.argv[1:]:\n    shutil.rmtree(p, ignore_errors=True)\n"
        subprocess.Popen([sys.executable, "-c", code, *map(str, stale)], start_new_session=True,
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
