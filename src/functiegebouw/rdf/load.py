"""The one way to read RDF files into an rdflib graph, with file:line errors for bad input.

rdflib is imported inside the functions that need it: the query path (file lists, pyoxigraph
reading) must not pay its ~0.2 s import.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Container, Iterable, Iterator
from pathlib import Path

from functiegebouw.errors import FgrError
from functiegebouw.resources import PROJECT_ROOT, resource

# typing only for annotations: not imported by every `fgr query` (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from rdflib import Graph

__all__ = ["PROJECT_ROOT", "load_graph", "ontology_files", "shape_files", "rdf_files", "read_triples", "read_quads",
           "read_statements", "profile_statements", "base_iri", "walk_files"]
RDF_SUFFIXES = {".ttl", ".nt", ".jsonld", ".json", ".rdf", ".owl", ".n3", ".trig", ".nq"}


def rdf_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Expand folders into the RDF files below them (see :func:`walk_files`; ``sources/`` text is not RDF)."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(Path(p) for p, _st in walk_files(path))
        elif path.exists():
            out.append(path)
        else:
            raise FgrError(path, None, "no such file or folder")
    return out


def walk_files(folder: str | os.PathLike[str], suffixes: Container[str] = RDF_SUFFIXES,
               folders: dict[str, os.stat_result] | None = None) -> list[tuple[str, os.stat_result]]:
    """(path, stat) of every file below ``folder`` whose suffix is in ``suffixes``, sorted by path:
    the one walk of a data folder for every command (query, load, site, validate).

    A data folder is input (a pull request, a download), so the walk stays inside it: symlinked
    folders are not entered (a ``loop -> ..`` would otherwise repeat the folder 40 levels deep, and
    ``out -> /etc`` read the system), and a symlinked file counts only when its target is a file
    inside the folder. Entries that vanish during the walk are skipped.

    ``folders``, when given, receives {folder: stat} of every folder walked, each stat taken before
    the folder is listed (a later addition, removal or rename changes its times: sparql.store)."""
    root = os.fspath(folder)  # paths keep the folder's spelling, as given
    real_root = os.path.realpath(root)
    found: list[tuple[str, os.stat_result]] = []
    pending = [root]
    while pending:
        current = pending.pop()
        try:
            if folders is not None:
                folders[current] = os.stat(current)
            with os.scandir(current) as it:
                entries = list(it)
        except OSError as exc:
            raise FgrError(current, None, f"cannot read this folder: {exc.strerror or exc}") from None
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                elif os.path.splitext(entry.name)[1] not in suffixes:
                    continue
                elif entry.is_symlink():
                    real = os.path.realpath(entry.path)
                    if os.path.commonpath([real, real_root]) == real_root and os.path.isfile(real):
                        found.append((entry.path, os.stat(entry.path)))
                elif entry.is_file(follow_symlinks=False):
                    found.append((entry.path, entry.stat(follow_symlinks=False)))
            except OSError:
                continue  # removed or unreadable meanwhile: as if it had not been there
    return sorted(found, key=lambda item: item[0])


def _line_of(exc: Exception) -> int | None:
    for pattern in (r"at line (\d+)", r"line (\d+)", r"lineno[=: ]+(\d+)"):
        m = re.search(pattern, str(exc))
        if m:
            return int(m.group(1))
    return getattr(exc, "lineno", None)


def _find_line(path: Path, text: str) -> int | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip() == text:
                    return number
    except OSError:
        pass
    return None


def _first_bad_line(path: Path, fmt: str) -> int | None:
    """N-Triples is one statement per line: the first line that fails alone is the bad one."""
    from rdflib import Graph

    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            for number, line in enumerate(fh, 1):
                if line.strip() and not line.lstrip().startswith("#"):
                    try:
                        Graph().parse(data=line, format=fmt)
                    except Exception:  # any parse failure marks the line
                        return number
    except OSError:
        pass
    return None


def parse_into(graph: Graph, path: Path) -> None:
    from rdflib.util import guess_format

    fmt = guess_format(str(path)) or "turtle"
    if path.suffix in (".jsonld", ".json"):
        fmt = "json-ld"
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many kinds; all mean "does not parse"
        if hasattr(exc, "_why") and hasattr(exc, "lines"):  # notation3.BadSyntax: 0-based line count
            line, why = exc.lines + 1, exc._why
        else:
            line, why = _line_of(exc), (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            m = re.search(r"Invalid line:\s*(.+)", why)
            if line is None and fmt in ("nt", "nt11"):
                line = _first_bad_line(path, fmt)
            if line is None and m:  # the N-Triples parser names the rest of the line, not its number
                line = _find_line(path, m.group(1).strip())
        raise FgrError(path, line, f"not valid {fmt}: {why[:300]}") from None


# pyoxigraph reads every format rdflib does here, ~50x faster; the validator and the store use it.
OX_FORMATS = {".ttl": "TURTLE", ".nt": "N_TRIPLES", ".nq": "N_QUADS", ".trig": "TRIG", ".n3": "N3",
              ".jsonld": "JSON_LD", ".json": "JSON_LD", ".rdf": "RDF_XML", ".owl": "RDF_XML"}


def oxigraph_format(path: Path) -> Any:
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, OX_FORMATS.get(Path(path).suffix.lower(), "TURTLE"))


def oxigraph_error(path: Path, fmt: object, exc: Exception) -> FgrError:
    """pyoxigraph's SyntaxError as a file:line FgrError."""
    m = re.search(r"line (\d+)", str(exc))
    line = int(m.group(1)) if m else getattr(exc, "lineno", None)
    name = getattr(fmt, "name", None) or Path(path).suffix
    return FgrError(path, line, f"not valid {name}: {str(exc)[:300]}")


def base_iri(path: str | os.PathLike[str]) -> str:
    """The base IRI relative IRIs of a data file resolve against: the file's own absolute path (not
    resolved through symlinks), the same for every reader (the store's full and incremental builds,
    validation), so a file gives the same triples wherever it is read from."""
    import os

    return Path(os.path.abspath(path)).as_uri()


def read_quads(path: str | os.PathLike[str], base: str | None = None) -> list[Any]:
    """The statements of one RDF file as pyoxigraph Quads, named graphs kept. ``base``: the base IRI
    (default :func:`base_iri` of ``path``); a copy of a file is read with the original's."""
    path = Path(path)
    return list(_parsed(path, oxigraph_format(path), base or base_iri(path)))


def _parsed(path: Path, fmt: Any, base: str) -> Iterator[Any]:
    """pyoxigraph's Quads of ``path`` as it parses them; its errors as FgrError (file:line)."""
    import pyoxigraph as ox

    try:
        yield from ox.parse(path=str(path), format=fmt, base_iri=base)
    except SyntaxError as exc:
        raise oxigraph_error(path, fmt, exc) from None
    except (OSError, ValueError) as exc:
        raise FgrError(path, None, f"cannot be read: {exc}") from None


def read_triples(path: str | os.PathLike[str]) -> list[Any]:
    """The triples of one RDF file as pyoxigraph Triples (named graphs of a dataset are merged)."""
    return [q.triple for q in read_quads(path)]


def profile_statements(path: str | os.PathLike[str], is_profile: Callable[[Any], bool]) -> list[Any] | None:
    """:func:`read_statements` of a file, or None as soon as a statement ``is_profile`` (the rest of
    the file is not read: a profile is read whole where it is validated). Raises as read_statements
    for what is read."""
    path = Path(path)
    fmt = oxigraph_format(path)
    out = []
    for q in _parsed(path, fmt, base_iri(path)):
        if is_profile(q):
            return None
        out.append(q)
    return _in_default_graph(out, fmt)


def read_statements(path: str | os.PathLike[str]) -> list[Any]:
    """The triples of one RDF file as pyoxigraph Quads of the default graph (named graphs of a dataset
    are merged, as :func:`read_triples`): what a Store takes as they are, where a Triple has to be made
    into a Quad first (validation reads 1,000 per profile into a Store)."""
    return _in_default_graph(read_quads(path), oxigraph_format(Path(path)))


def _in_default_graph(quads: list[Any], fmt: Any) -> list[Any]:
    """``quads`` with every named graph's statements moved into the default graph."""
    import pyoxigraph as ox

    if not fmt.supports_datasets:  # only a dataset's format can name a graph
        return quads
    return [q if isinstance(q.graph_name, ox.DefaultGraph) else ox.Quad(q.subject, q.predicate, q.object)
            for q in quads]


def load_graph(paths: Iterable[str | os.PathLike[str]], *, ontology: bool = False) -> Graph:
    """Parse files and folders into one rdflib Graph; with ``ontology`` add ontology/*.ttl."""
    from rdflib import Graph

    from functiegebouw.rdf.namespaces import bind_prefixes

    graph = bind_prefixes(Graph())
    files = rdf_files(paths)
    if ontology:
        onto = ontology_files()
        files = onto + [f for f in files if f not in set(onto)]
    for path in files:
        parse_into(graph, path)
    return graph


def resource_dir(name: str) -> Path:
    """ontology/ or data/reference/ of a checkout, else the copy shipped inside the package."""
    return resource(name)


def ontology_files() -> list[Path]:
    """The ontology and its concept schemes; the SHACL shapes are not data and stay out."""
    return sorted(p for p in resource_dir("ontology").glob("*.ttl") if not p.name.startswith("shapes"))


def shape_files() -> list[Path]:
    return sorted(resource_dir("ontology").glob("shapes*.ttl"))
