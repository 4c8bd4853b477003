"""pyshacl-turbo's Rust engine called directly, without rdflib, when its shapes are cached.

pyshacl-turbo's Python layer imports rdflib (0.16 s of the 0.6 s of ``fgr validate --changed`` after one
edit) to parse the shapes' Turtle, hand them to the engine as N-Triples and decode its report into a
Graph. The engine itself (the extension module ``pyshacl_turbo._native``) takes the shapes as
N-Triples text and the data as the N-Quads text of a pyoxigraph Store, and answers its report as
N-Triples text. ``Program`` keeps what the public path gives the engine for our shapes on disk, keyed by
the shapes' bytes and the engine's build, with each constraint's ``sh:message`` templates in the order
rdflib read them; a run that finds it there loads the extension module without the package (whose
``__init__`` imports rdflib) and reads the report with pyoxigraph.

This is private API of pyshacl-turbo 0.6.5: it is used only when the module and its two calls have
exactly the signatures checked in ``native()``, and any surprise (another signature, an error, a
recursion warning the public path would print) makes shacl._TurboRun take the public path.
"""
from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from functiegebouw.errors import FgrError
from functiegebouw.rdf.iris import XSD_STRING

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

# the signatures of pyshacl-turbo 0.6.5's native calls that this module makes
COMPILE_SIGNATURE = "(source, rdf_format, base, advanced, numeric_booleans, namespaces)"
VALIDATE_SIGNATURE = ("($self, source, rdf_format, base, iterate_rules, max_rule_iterations, max_validation_depth, "
                      "include_data, allow_infos, allow_warnings, abort_on_first, focus_nodes, use_shapes, namespaces)")
FORMAT = 2  # of the cached program's file (2: with the predicates the shapes can read)
# per constraint or shape, its sh:message templates as (text, language)
Templates = dict[str, list[tuple[str, str | None]]]


def native() -> ModuleType | None:
    """``pyshacl_turbo._native`` when it has the expected calls, loaded without running the package's
    ``__init__`` (rdflib) unless that ran already; None when it is missing or not as expected."""
    module = sys.modules.get("pyshacl_turbo._native")
    if module is None and "pyshacl_turbo" in sys.modules:
        module = getattr(sys.modules["pyshacl_turbo"], "_native", None)
    if module is None:
        module = _load_extension()
    if module is None:
        return None
    compiled = getattr(module, "CompiledShapes", None)
    if (getattr(compiled, "__text_signature__", None) != COMPILE_SIGNATURE
            or getattr(getattr(compiled, "validate", None), "__text_signature__", None) != VALIDATE_SIGNATURE
            or not isinstance(getattr(module, "SHACL_ENGINE_FINGERPRINT", None), str)):
        return None
    return module


def _load_extension() -> ModuleType | None:
    import importlib.machinery
    import importlib.util

    try:
        spec = importlib.util.find_spec("pyshacl_turbo")
    except (ImportError, ValueError):
        return None
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = Path(folder) / f"_native{suffix}"
            if not path.is_file():
                continue
            name = "pyshacl_turbo._native"
            loader = importlib.machinery.ExtensionFileLoader(name, str(path))
            found = importlib.util.spec_from_file_location(name, path, loader=loader)
            if found is None:
                return None
            try:
                module = importlib.util.module_from_spec(found)
                loader.exec_module(module)
            except Exception:  # a broken build: the public path reports it as it would
                return None
            # registered, so that the package, if imported later, uses this module instead of loading it twice
            sys.modules[name] = module
            return module
    return None


def _build_id(module: ModuleType) -> str:
    """The engine's source fingerprint and its file's identity: a reinstall gives another."""
    path = Path(str(getattr(module, "__file__", "")))
    try:
        st = path.stat()
        where = f"{path} {st.st_size} {st.st_mtime_ns}"
    except OSError:
        where = str(path)
    return f"{module.SHACL_ENGINE_FINGERPRINT} {where}"


@dataclass(frozen=True)
class Program:
    """The engine's compiled shapes; per constraint or shape (IRI, or ``_:label``) its ``sh:message``
    templates as (text, language), in the order rdflib's Graph gave them; the predicates the shapes can
    read (validation/reads.py), or None for any."""

    compiled: Any
    templates: Templates
    reads: frozenset[str] | None = None

    def validate(self, data: str | Terms) -> list[ox.Triple] | None:
        """The report's triples for ``data`` (N-Quads, or the engine's terms: ``TermTable.with_own``), as
        the public ``CompiledShapes.validate`` with the options of shacl._TurboRun gives them; None where
        the public path must run instead."""
        import pyoxigraph as ox

        try:
            _conforms, report, _text, _expanded, warnings = self.compiled.validate(
                data, "oxigraph-nquads" if isinstance(data, str) else "terms", None, False, 100, 15, False, True,
                True, False, [], [], [])
            if warnings:
                return None  # the public path prints the warnings
            if isinstance(data, str) and isinstance(report, str):
                return list(ox.parse(report, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False))
            if not isinstance(data, str) and isinstance(report, tuple):
                return _triples(report)
            return None  # the public path knows what this is
        except Exception:  # the public path raises it as the error it is
            return None


# The engine's "terms" input and report (pyshacl-turbo 0.6.5; its public path gives it an rdflib Graph
# so): each term once as (kind: 0 IRI, 1 blank node, 2 literal; text; datatype, None for a plain string;
# language), each triple as the places of its terms and None for the default graph.
Record = tuple[int, str, str | None, str | None]
Row = tuple[int, int, int, None]
Terms = tuple[list[Record], list[Row]]


class TermTable:
    """The context's triples as the engine's terms, made once; ``with_own`` adds a unit's triples.

    The engine takes these without parsing or checking any text: with the context's 2,200 triples
    in every call, 2-4 ms of its ~25 ms per profile less than the same triples as N-Quads, and 14 %
    of the CPU of ``fgr validate`` on the 10x set (docs/explanation/performance.md, "Sixth pass"); the
    findings are the same (tests/validation/test_engine_terms.py)."""

    def __init__(self, triples: Iterable[ox.Triple | ox.Quad]) -> None:
        self.records: list[Record] = []
        self.rows: list[Row] = []
        self.index: dict[Any, int] = {}
        self._add(triples, None, self.records, self.rows, self.index)

    def with_own(self, own: Iterable[ox.Triple | ox.Quad], reads: frozenset[str] | None) -> Terms:
        """The context's terms with those of ``own``'s triples whose predicate is in ``reads`` (all for
        None); the table itself is left as it was."""
        records, rows = self.records.copy(), self.rows.copy()
        self._add(own, reads, records, rows, self.index.copy())
        return records, rows

    @staticmethod
    def _add(triples: Iterable[ox.Triple | ox.Quad], reads: frozenset[str] | None, records: list[Record],
             rows: list[Row], index: dict[Any, int]) -> None:
        import pyoxigraph as ox

        # written out for speed: this runs for every triple of every profile
        add, named, blank = records.append, ox.NamedNode, ox.BlankNode

        def place(term: Any) -> int:
            found = index.get(term)
            if found is None:
                index[term] = found = len(records)
                kind = type(term)
                add((0, term.value, None, None) if kind is named else (1, term.value, None, None) if kind is blank
                    else _record(term))
            return found

        for t in triples:
            p = t.predicate
            if reads is None or p.value in reads:
                rows.append((place(t.subject), place(p), place(t.object), None))


def _record(term: Any) -> Record:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return (0, term.value, None, None)
    if isinstance(term, ox.BlankNode):
        return (1, term.value, None, None)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        return (2, term.value, None if term.language or datatype == XSD_STRING else datatype, term.language)
    raise ValueError(f"not a term the engine's terms input takes: {term!r}")  # a quoted triple (RDF-star)


def _triples(report: Any) -> list[ox.Triple] | None:
    """The triples of a report in the engine's terms, or None when it is not as expected."""
    import pyoxigraph as ox

    records, rows = report
    terms: list[Any] = []
    for kind, text, datatype, language in records:
        if kind == 0:
            terms.append(ox.NamedNode(text))
        elif kind == 1:
            terms.append(ox.BlankNode(text))
        elif kind == 2:
            terms.append(ox.Literal(text, language=language) if language
                         else ox.Literal(text, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(text))
        else:
            return None
    return [ox.Triple(terms[s], terms[p], terms[o]) for s, p, o, _graph in rows]


# specs made or read in this process, by key: a test session or a notebook analyses the shapes once,
# and forked workers inherit what the parent prepared
_SPECS: dict[str, dict[str, Any]] = {}


def _key(module: ModuleType, shape_files: list[Path]) -> str:
    h = hashlib.sha256(f"{FORMAT} {_build_id(module)}".encode())
    for path in shape_files:
        h.update(b"\0" + path.read_bytes())
    return h.hexdigest()[:20]


def _cached_spec(key: str, shape_files: list[Path], cache_dir: Path | None, *, fresh: bool = False
                 ) -> dict[str, Any] | None:
    """The spec of ``key``: from this process, the cache file, or made (and kept in both)."""
    entry = cache_dir / f"shapes-{key}.json" if cache_dir is not None else None
    spec = None if fresh else _SPECS.get(key) or (_read(entry) if entry is not None else None)
    if spec is None:
        spec = _spec(shape_files)
        if spec is None:
            return None
        if entry is not None:
            _write(entry, spec)
    _SPECS[key] = spec
    return spec


def prepare(shape_files: list[Path], cache_dir: Path | None) -> None:
    """Make sure the shapes' spec is in this process (and the cache) before workers fork: each then
    compiles it, and none analyses the shapes again."""
    module = native()
    if module is not None:
        _cached_spec(_key(module, shape_files), shape_files, cache_dir)


def program(shape_files: list[Path], cache_dir: Path | None) -> Program | None:
    """The compiled shapes, from what this process or the cache in ``cache_dir`` has (made there on a
    miss, by the public path with rdflib); None when the native engine is not usable as expected."""
    module = native()
    if module is None:
        return None
    key = _key(module, shape_files)
    spec = _cached_spec(key, shape_files, cache_dir)
    made = _compile(module, spec) if spec is not None else None
    if made is None and spec is not None:  # a damaged or foreign entry: made again by the public path
        spec = _cached_spec(key, shape_files, cache_dir, fresh=True)
        made = _compile(module, spec) if spec is not None else None
    return made


def _compile(module: ModuleType, spec: dict[str, Any]) -> Program | None:
    try:
        compiled = module.CompiledShapes(spec["source"], "nt", None, spec["advanced"], spec["numeric_booleans"],
                                         [tuple(pair) for pair in spec["namespaces"]])
        templates = {str(owner): [(str(text), lang) for text, lang in found]
                     for owner, found in spec["templates"].items()}
        reads = None if spec["reads"] is None else frozenset(str(iri) for iri in spec["reads"])
    except Exception:  # not what _spec writes
        return None
    return Program(compiled, templates, reads)


def _read(entry: Path) -> dict[str, Any] | None:
    try:
        spec = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    keys = {"source", "advanced", "numeric_booleans", "namespaces", "templates", "reads"}
    return spec if isinstance(spec, dict) and spec.keys() == keys else None


def _write(entry: Path, spec: dict[str, Any]) -> None:
    from functiegebouw.rdf.files import write_atomic

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(entry, json.dumps(spec, sort_keys=True))
    except (OSError, FgrError):
        pass  # not cached: the next run compiles again, nothing else


def _spec(shape_files: list[Path]) -> dict[str, Any] | None:
    """What pyshacl-turbo's public ``compile_shapes`` gives its engine for the shapes, read as rdflib
    reads them (as shacl._shapes_graph), and the message templates; None if it is not as expected."""
    from rdflib import Graph

    import pyshacl_turbo

    from functiegebouw.rdf.load import parse_into
    from functiegebouw.validation.reads import readable

    shapes = Graph()
    for path in shape_files:
        parse_into(shapes, path)
    try:
        compiled = pyshacl_turbo.compile_shapes(shapes)
        source, advanced, namespaces, numeric_booleans = compiled._shared_spec
    except Exception:  # another version's private layout, or shapes it refuses: the public path says so
        return None
    if not isinstance(source, str):
        return None
    reads = readable(shapes)
    return {"source": source, "advanced": bool(advanced), "numeric_booleans": bool(numeric_booleans),
            "namespaces": [[p, str(ns)] for p, ns in namespaces], "templates": templates_of(shapes),
            "reads": None if reads is None else sorted(reads)}


def templates_of(shapes: Graph) -> Templates:
    """Per constraint or shape (IRI, or ``_:label``), its sh:message literals as (text, language), in
    the order rdflib's Graph gives them: what the public path and the cached spec both give _findings."""
    from rdflib import BNode, Literal, URIRef

    from functiegebouw.rdf.iris import SH

    message = URIRef(SH + "message")
    return {f"_:{owner}" if isinstance(owner, BNode) else str(owner):
            [(str(m), m.language if isinstance(m, Literal) else None) for m in shapes.objects(owner, message)]
            for owner in dict.fromkeys(shapes.subjects(message))}
