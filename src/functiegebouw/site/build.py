"""``build_site(store, out)``: the whole static site, written into a fresh folder and swapped in.

The site is written into a temporary folder beside ``out`` and renamed into place when complete,
so an error (a query that fails, a full disk) leaves the previous site as it was. A folder that
``fgr site`` did not make is never replaced.
"""
from __future__ import annotations

import contextlib
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from collections.abc import Iterator, Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, Any

from functiegebouw.errors import FgrError
from functiegebouw.rdf import iris
import functiegebouw.site.compare_pages as compare_pages
import functiegebouw.site.dataset as dataset
import functiegebouw.site.indexes as indexes
import functiegebouw.site.model as model
import functiegebouw.site.negotiation as negotiation
import functiegebouw.site.queries as queries
from functiegebouw.site.describe import BASE, Description, Graph
from functiegebouw.site.html import CSS, SEARCH_JS
from functiegebouw.site.ontology import DEF, Ontology, hash_document_page
from functiegebouw.site.pages import Site

if TYPE_CHECKING:
    from functiegebouw.sparql.base import Store

# a piece of the work: ("resources", (start, end)), ("schalen" or "paren", FGR id), ("dataset" or "indexes", None)
Task = tuple[str, Any]

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
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (IRI, why it has no page)
    phases: dict[str, float] = field(default_factory=dict)  # seconds: reading the store, writing the files

    def line(self) -> str:
        return (f"{self.out}: {self.pages:,} pages ({self.resources:,} resources with .html, .ttl, .jsonld and .nt), "
                f"{self.files:,} files, {self.bytes / 1e6:.1f} MB, {self.triples:,} triples, "
                f"{self.seconds:.1f} s")


def shapes_store() -> Store | None:
    """The SHACL shapes (ontology/shapes*.ttl) as a store of their own: they are not data, so the
    data store does not hold them, and the ontology page documents which shapes apply to what."""
    from functiegebouw.rdf.load import shape_files
    from functiegebouw.sparql.connect import open as open_store

    files = shape_files()
    return open_store(files, ontology=False) if files else None


def build_site(store: Store, out: str | os.PathLike[str] = "site", *, shapes: Store | None = None,
               host: str = DEFAULT_HOST, jobs: int | None = None) -> SiteSummary:
    """Generate the site from ``store`` (embedded or remote) into ``out``.

    The store is read first, in this process (a few dozen queries over the whole graph); the pages
    and files are then written by ``jobs`` processes (default: one per core), each a share of the
    resources and pages. Every file depends on the graph alone, so the bytes are the same whatever
    the number of workers."""
    started = time.perf_counter()
    from functiegebouw.process import worker_count

    jobs = worker_count(jobs)
    negotiation.check_host(host)
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise FgrError(out, None, "exists and is not a site made by fgr site; choose another folder or remove it")
    if shapes is None:
        shapes = shapes_store()
    with _no_gc():
        return _build(store, out, shapes, host, jobs, started)


OWL_VERSION_IRI = iris.OWL + "versionIRI"


def _ontology_versions(graph: Graph, descriptions: dict[str, Description]) -> set[str]:
    """The ontology's owl:versionIRI (``…/def/0.2.0``) resolves to that version: its description is
    the ontology's own (this build holds that version). A prior version (owl:priorVersion) keeps
    the page of an IRI the graph only names."""
    versions = set()
    if DEF in descriptions:
        for o in graph.objects(DEF, OWL_VERSION_IRI):
            if o[0] == "iri" and o[1] in descriptions and o[1] != DEF:
                descriptions[o[1]].triples = descriptions[DEF].triples
                versions.add(o[1])
    return versions


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """The collector paused while the graph is read (10^6 tuples and sets, no cycles: each full
    collection walks them all), and the graph frozen before workers fork (a collection in a worker
    would touch every inherited object, copying the pages it shares with the parent)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def _build(store: Store, out: Path, shapes: Store | None, host: str, jobs: int, started: float) -> SiteSummary:
    phases: dict[str, float] = {}
    # The ontology's, the compare pages' and the page data's queries need nothing of the graph:
    # a forked process of their own runs them while this one reads every triple (half the
    # store's reading on each core; a thread would share one core with this one, since the rows
    # become Python objects under the GIL), or a second thread where there is no fork. Each part
    # is made from its own queries alone, so the result does not depend on which finishes first.
    # A remote endpoint is asked one query at a time, as before (a server may limit a client's
    # concurrent requests).
    embedded = getattr(store, "backend", None) == "embedded"
    with contextlib.ExitStack() as stack:
        beside = _beside(stack, store, shapes) if embedded else None
        rows = queries.triples(store) + (queries.triples(shapes) if shapes is not None else [])
        phases["triples"] = time.perf_counter() - started
        graph = Graph(rows)
        del rows
        descriptions = graph.describe_all()
        versions = _ontology_versions(graph, descriptions)
        phases["describe"] = time.perf_counter() - started - sum(phases.values())
        ontology, comparisons, fetched = beside.result() if beside is not None else _side_queries(store, shapes)
        data = model.read(store, graph, fetched)
        resources = {iri: d.path for iri, d in descriptions.items()}
        site = Site(graph, data, resources)
    phases["queries"] = time.perf_counter() - started - sum(phases.values())

    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    try:
        job = _Job(tmp, site, descriptions, ontology, comparisons, host, versions)
        gc.freeze()
        gc.enable()
        written = _run(job, jobs)
        marker = _Writer(str(tmp))
        marker(MARKER, "Made by `fgr site`; this folder is replaced by the next run.\n")
        for key, n in marker.counts.items():
            written[key] += n
        phases["pages"] = time.perf_counter() - started - sum(phases.values())
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteSummary(out, len(descriptions), written["pages"], written["files"], written["bytes"],
                       written["triples"], time.perf_counter() - started, graph.unpublishable(), phases)


Side = tuple[Ontology, compare_pages.Prefetched, model.Fetched | None]


def _side_queries(store: Store, shapes: Store | None, fetch: bool = False) -> Side:
    return Ontology(store, shapes), compare_pages.Prefetched(store).prefetch(), model.fetch(store) if fetch else None


_SIDE: tuple[Store, Store | None] | None = None  # the stores of _beside's process, set before it forks


def _beside(stack: contextlib.ExitStack, store: Store, shapes: Store | None) -> Future[Side]:
    """The side queries running beside this thread: in a forked process (which also reads the
    page data's rows) or, without fork, in a thread."""
    import multiprocessing

    global _SIDE
    if "fork" not in multiprocessing.get_all_start_methods():
        return stack.enter_context(ThreadPoolExecutor(1)).submit(_side_queries, store, shapes)
    from functiegebouw.process import worker_init

    pool = stack.enter_context(ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                                   initializer=worker_init))
    _SIDE = (store, shapes)
    try:
        return pool.submit(_side_apart)  # the process forks here, with _SIDE set
    finally:
        _SIDE = None


def _side_apart() -> Side:
    if _SIDE is None:  # pragma: no cover - _beside sets it before the process forks
        raise RuntimeError("no stores in this process")
    store, shapes = _SIDE
    for s in (store, shapes):
        reopen = getattr(s, "after_fork", None)
        if reopen is not None:
            reopen()
    return _side_queries(store, shapes, fetch=True)


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


class _Writer:
    """Writes the files of a site, counting them. Tens of thousands of small files in deep folders:
    each folder is made with one mkdir and its files are created relative to it (``dir_fd``), and
    written with plain os calls, so the kernel does not walk the whole path for every file (on the
    shared build machine that walk costs more than the rest of the work)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.made: set[str] = {""}
        self.counts = {"files": 0, "bytes": 0, "pages": 0, "triples": 0}

    def _folder(self, rel: str) -> None:
        if rel in self.made:
            return
        try:
            os.mkdir(os.path.join(self.root, rel))
        except FileNotFoundError:
            self._folder(os.path.dirname(rel))
            self._folder(rel)
        except FileExistsError:  # made by another worker
            pass
        self.made.add(rel)

    def files(self, folder: str, files: dict[str, str | bytes]) -> None:
        """Write ``files`` ({name: content}) into the site folder ``folder``."""
        self._folder(folder)
        dir_fd = os.open(os.path.join(self.root, folder), os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)) \
            if _DIR_FD else None
        try:
            for name, content in files.items():
                data = content.encode("utf-8") if isinstance(content, str) else content
                if dir_fd is not None:
                    fd = os.open(name, _FLAGS, 0o644, dir_fd=dir_fd)
                else:
                    fd = os.open(os.path.join(self.root, folder, name), _FLAGS, 0o644)
                try:
                    view = memoryview(data)
                    while view:
                        view = view[os.write(fd, view):]
                finally:
                    os.close(fd)
                self.counts["files"] += 1
                self.counts["bytes"] += len(data)
                if name.endswith(".html"):
                    self.counts["pages"] += 1
        finally:
            if dir_fd is not None:
                os.close(dir_fd)

    def __call__(self, rel: str, content: str | bytes) -> None:
        folder, _, name = rel.rpartition("/")
        self.files(folder, {name: content})


_DIR_FD = os.open in os.supports_dir_fd


class _Job:
    """Everything the files are made from, read from the store before any worker starts (forked
    workers inherit it; none of them queries the store). A task is a name and an argument; the
    files of a task depend on the graph alone."""

    def __init__(self, root: str | Path, site: Site, descriptions: dict[str, Description], ontology: Ontology,
                 comparisons: compare_pages.Prefetched, host: str, versions: AbstractSet[str] = frozenset()) -> None:
        self.root, self.site, self.ontology, self.comparisons, self.host = str(root), site, ontology, comparisons, host
        self.versions = versions  # the ontology's version IRIs: a copy of its page
        self.descriptions = list(descriptions.values())
        self.by_iri = descriptions
        self.hash_docs = {s.split("#", 1)[0] for s in site.graph.data if "#" in s and not s.startswith("_:")}
        self.type_map = negotiation.type_map()
        # IRI path -> folder, where a segment was cut for length (the w3id rules name each)
        self.aliases = {d.iri[len(BASE):]: d.path for d in self.descriptions if d.iri != BASE + d.path}

    def tasks(self, jobs: int) -> list[Task]:
        """The work in pieces: the whole-graph downloads first (the longest single piece), then the
        resources in slices, a comparison page per functiegroep, the indexes."""
        n = len(self.descriptions)
        size = max(50, n // (jobs * 8)) if jobs > 1 else max(n, 1)
        out: list[Task] = [("dataset", None)]
        out += [("resources", (i, min(i + size, n))) for i in range(0, n, size)]
        out += [("schalen", g) for g in self.site.data.groepen]
        out += [("paren", g) for g in self.site.data.groepen]
        out += [("indexes", None)]
        return out

    def __call__(self, task: Task) -> dict[str, int]:
        write = _Writer(self.root)

        kind, arg = task
        site = self.site
        if kind == "resources":
            for desc in self.descriptions[arg[0]:arg[1]]:
                if desc.iri == DEF or desc.iri in self.versions:
                    html_page = self.ontology.page(site, desc)
                elif desc.iri in self.hash_docs:
                    html_page = hash_document_page(site, desc)
                else:
                    html_page = site.resource_page(desc)
                write.files(desc.path, {"index.html": html_page, "index.ttl": desc.turtle(),
                                        "index.jsonld": desc.jsonld(), "index.nt": desc.ntriples(),
                                        negotiation.TYPE_MAP: self.type_map})
        elif kind == "schalen":
            for rel, html_page in compare_pages.schaal_pages(site, self.comparisons, [arg]).items():
                write(rel, html_page)
        elif kind == "paren":
            for rel, html_page in compare_pages.pair_pages(site, self.comparisons, [arg]).items():
                write(rel, html_page)
        elif kind == "indexes":
            for rel, content in indexes.search_files(site).items():
                write(rel, content)
            write("w3id/.htaccess", negotiation.w3id_htaccess(self.host, self.aliases))
            write(".htaccess", negotiation.site_htaccess())
            write("static/site.css", CSS)
            write("static/zoeken.js", SEARCH_JS)
        elif kind == "dataset":
            whole, stats = dataset.whole_graph(site, site.graph.all_triples(self.by_iri), len(self.descriptions))
            files = dataset.downloads(whole)
            for rel, data in files.items():
                write(rel, data)
            for rel, data in dataset.dataset_page(site, files, stats).items():
                write(rel, data)
            write("index.html", indexes.home(site, {"functiegroepen": len(site.data.groepen),
                                                   "pagina": len(self.descriptions), "triples": stats["triples"]}))
            write.counts["triples"] = stats["triples"]
        else:  # pragma: no cover - a task this class did not make
            raise ValueError(kind)
        return write.counts


_JOB: _Job | None = None


def _work(tasks: list[Task]) -> list[dict[str, int]]:
    job = _JOB
    if job is None:  # pragma: no cover - _run sets it before the workers fork
        raise RuntimeError("no site build job in this worker")
    return [job(task) for task in tasks]


def _run(job: _Job, jobs: int) -> dict[str, int]:
    """Run every task of ``job`` in this process or in ``jobs`` forked workers; the counts summed."""
    import multiprocessing

    global _JOB
    tasks = job.tasks(jobs)
    jobs = min(jobs, len(tasks))
    total = {"files": 0, "bytes": 0, "pages": 0, "triples": 0}
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        counts = [job(task) for task in tasks]
    else:
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
