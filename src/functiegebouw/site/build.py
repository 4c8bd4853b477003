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


def build_site(store, out: str | os.PathLike = "site", *, shapes=None, host: str = DEFAULT_HOST) -> SiteSummary:
    """Generate the site from ``store`` (embedded or remote) into ``out``."""
    started = time.perf_counter()
    out = Path(out)
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        raise FgrError(out, None, "exists and is not a site made by fgr site; choose another folder or remove it")
    if shapes is None:
        shapes = shapes_store()
    rows = queries.triples(store) + (queries.triples(shapes) if shapes is not None else [])
    graph = Graph(rows)
    data = model.read(store, graph)
    descriptions = graph.describe_all()
    resources = {iri: d.path for iri, d in descriptions.items()}
    site = Site(graph, data, resources)
    ontology = Ontology(store, shapes)
    hash_docs = {s.split("#", 1)[0] for s in graph.data if "#" in s and not s.startswith("_:")}

    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    written = {"files": 0, "bytes": 0, "pages": 0}
    folders: set[str] = set()

    def write(rel: str, content: str | bytes) -> None:
        data_ = content.encode("utf-8") if isinstance(content, str) else content
        folder = os.path.dirname(rel)
        if folder and folder not in folders:
            os.makedirs(tmp / folder, exist_ok=True)
            folders.add(folder)
        with open(tmp / rel, "wb") as fh:
            fh.write(data_)
        written["files"] += 1
        written["bytes"] += len(data_)
        if rel.endswith(".html"):
            written["pages"] += 1

    try:
        for iri, desc in descriptions.items():
            if iri == DEF:
                html_page = ontology.page(site, desc)
            elif iri in hash_docs:
                html_page = hash_document_page(site, desc)
            else:
                html_page = site.resource_page(desc)
            write(f"{desc.path}/index.html", html_page)
            write(f"{desc.path}/index.ttl", desc.turtle())
            write(f"{desc.path}/index.jsonld", desc.jsonld())
        for rel, html_page in compare_pages.schaal_pages(site, store).items():
            write(rel, html_page)
        for rel, html_page in compare_pages.pair_pages(site).items():
            write(rel, html_page)
        for rel, content in indexes.search_files(site).items():
            write(rel, content)
        whole = graph.all_triples(descriptions)
        stats = {"triples": len(whole), "resources": len(descriptions),
                 "subjects": len({s for s in whole.subjects() if not s.startswith("_:")})}
        files = dataset.downloads(whole)
        for rel, content in files.items():
            write(rel, content)
        for rel, content in dataset.dataset_page(site, files, stats).items():
            write(rel, content)
        write("w3id/.htaccess", dataset.htaccess(host))
        write("static/site.css", CSS)
        write("static/zoeken.js", SEARCH_JS)
        write("index.html", indexes.home(site, {"functiegroepen": len(data.groepen),
                                               "pagina": len(descriptions), "triples": stats["triples"]}))
        write(MARKER, "Made by `fgr site`; this folder is replaced by the next run.\n")
        _swap(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return SiteSummary(out, len(descriptions), written["pages"], written["files"], written["bytes"],
                       stats["triples"], time.perf_counter() - started, graph.unpublishable())


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
