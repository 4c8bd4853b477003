"""Validate FGR profile graphs against the SHACL shapes in ontology/shapes*.ttl.

Each profile file (a Turtle file with a fgr:JobGroup) is validated on its own, together with the
ontology, the concept schemes and the salary tables (data/reference/*.ttl): SHACL-SPARQL constraints get
slow on big graphs, and one profile never refers to another. The engine is pyshacl-turbo (Rust, shapes
compiled once) when installed, else pyshacl, the reference; files are read with pyoxigraph. Other Turtle
files given (e.g. links) are added to every profile's graph. Folders are searched for *.ttl below them,
except folders named ``vocab`` (large imported vocabularies such as ESCO are not profiles).
"""
from __future__ import annotations

import contextlib
import functools
import gc
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from functiegebouw.errors import FgrError
from functiegebouw.rdf import load
from functiegebouw.rdf import iris
from functiegebouw.rdf.load import parse_into, resource_dir
from functiegebouw.validation.report import SH, Finding, ReadError, ValidationResult, display_path
from functiegebouw.validation.report import real_path as _real

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph

    from functiegebouw.rdf.view import TripleView
    from functiegebouw.validation.near import Catalogue
    from functiegebouw.validation.turbo import Templates, TermTable, Terms

_P = ParamSpec("_P")
_R = TypeVar("_R")

# A validation unit: one profile file, or None for data without a functiegroep (validated once).
Unit = Path | None
# Per unit, the files its triples came from with the subjects each file states (pyoxigraph terms), to
# name a finding's file.
Sources = list[tuple[Path, set[Any]]]

INFERENCE = ("none", "rdfs", "owlrl")
# "none" is correct for these shapes: SHACL's own class semantics follow rdfs:subClassOf triples that are
# in the data graph, and the ontology is always loaded into it, so sh:targetClass fgr:Statement reaches
# every fgr:Result, fgr:Placeholder, ... without materialising the RDFS closure (seconds per profile).
DEFAULT_INFERENCE = "none"
LANGS = ("en", "nl")
SKIP_FOLDERS = {"vocab", "sources"}
ENGINES = ("auto", "turbo", "pyshacl")
RDF_TYPE = iris.RDF_TYPE
JOB_GROUP = iris.FGR + "JobGroup"


def shape_files() -> list[Path]:
    files = load.shape_files()
    if not files:
        raise FgrError(resource_dir("ontology"), None, "no SHACL shapes (shapes*.ttl) here; reinstall functiegebouw")
    return files


def context_files() -> list[Path]:
    """The ontology, concept schemes and reference data every profile is validated with (no shapes)."""
    ontology = load.ontology_files()
    return ontology + sorted(resource_dir("data/reference").glob("*.ttl"))


def input_files(paths: Iterable[str | Path], suffixes: frozenset[str] = frozenset({".ttl"})) -> list[Path]:
    """Files as given; folders expanded to the files with ``suffixes`` below them, skipping vocab/ and sources/.
    A ``.txt`` found in a folder is taken only with its metadata (``.toml``) beside it, as FGR texts have it:
    a README.txt or requirements.txt in the same folder is no profile and no error."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = (Path(p) for p, _st in load.walk_files(path, set(suffixes)))  # the walk of every command
            out.extend(p for p in found if not SKIP_FOLDERS.intersection(p.relative_to(path).parts[:-1])
                       and (p.suffix.lower() != ".txt" or p.with_suffix(".toml").is_file()))
        elif path.is_file():
            out.append(path)
        else:
            raise FgrError(path, None, "no such file or folder")
    seen: set[str] = set()
    unique: list[Path] = []
    for p in out:
        if _real(p) not in seen:
            seen.add(_real(p))
            unique.append(p)
    return unique


@functools.cache
def _stamp(path: str | Path) -> tuple[int, ...]:
    """Size, mtime and ctime of a file (and of the metadata beside an FGR text), taken once per run:
    before the file is read, so a file edited during the run is validated again next time."""
    st = os.stat(path)
    # the ctime too: an edit of the same size with its mtime put back (cp -p, touch -d) changes it
    stamp: tuple[int, ...] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    text = str(path)
    if text.lower().endswith(".txt"):  # an FGR text's metadata is part of what it converts to
        try:
            ms = os.stat(text[:-4] + ".toml")
        except OSError:
            return stamp
        stamp += (ms.st_size, ms.st_mtime_ns, ms.st_ctime_ns)
    return stamp


def engine_name(engine: str = "auto") -> str:
    """The SHACL engine ``engine`` resolves to: "auto" is pyshacl-turbo when installed, else pyshacl."""
    if engine not in ENGINES:
        raise FgrError(None, None, f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "pyshacl":
        return engine
    from importlib.util import find_spec

    # found, not imported: importing it costs a quarter of a second (rdflib), which a --changed run
    # whose findings are all cached does not need
    try:
        found = find_spec("pyshacl_turbo") is not None
    except (ImportError, ValueError):  # a broken or blocked installation: not usable either
        found = False
    if not found:
        if engine == "turbo":
            raise FgrError(None, None, "pyshacl-turbo is not installed (pip install pyshacl-turbo), "
                                       "or use engine pyshacl") from None
        return "pyshacl"
    return "turbo"


def _read(path: Path, convert: Callable[[Path], list[ox.Triple]] | None) -> list[ox.Quad]:
    """The triples of a data file as Quads of the default graph: an FGR text converted (with
    ``convert``), anything else read as RDF."""
    if convert is not None and path.suffix.lower() == ".txt":
        return _as_quads(convert(path))
    return load.read_statements(path)


def _read_error(path: Path, exc: FgrError) -> ReadError:
    return ReadError(display_path(Path(exc.path)) if exc.path else display_path(path), exc.line, exc.message)


def _as_quads(statements: Iterable[ox.Triple | ox.Quad]) -> list[ox.Quad]:
    """Triples as Quads of the default graph, Quads as they are: a Store takes Quads, and a Triple is
    never equal to the Quad of the same statement."""
    import pyoxigraph as ox

    return [s if isinstance(s, ox.Quad) else ox.Quad(s.subject, s.predicate, s.object) for s in statements]


def _unfrozen_after(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """``func`` with whatever _no_collection froze while it ran unfrozen when it returns or raises
    (a notebook validates again and again; an error must not leave its reading frozen)."""
    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return func(*args, **kwargs)
        finally:
            gc.unfreeze()

    return wrapper


@_unfrozen_after
def validate(paths: str | Path | Iterable[str | Path] | None = None, *, inference: str = DEFAULT_INFERENCE,
             lang: str = "en", engine: str = "auto", changed: bool = False,
             jobs: int | None = None, convert: Callable[[Path], list[ox.Triple]] | None = None) -> ValidationResult:
    """Validate Turtle files or folders (default ``data/``); Violations make ``result.passes`` False,
    any finding makes ``result.conforms`` False (as ``sh:conforms`` in SHACL).

    ``engine``: "auto" (pyshacl-turbo when installed, else pyshacl), "turbo" or "pyshacl"; both give
    the same findings (tested). ``jobs`` worker processes share the profiles (default: one per
    core). ``changed``: validate only the profiles whose file, context or shapes changed since the
    last run with the same settings, and take the findings of the others from that run's cache
    (``validation-cache/`` beside the store cache): the same findings as a full run.
    ``convert``: a function from an FGR text (``.txt``) to its triples; with it, ``.txt`` files given or
    found in folders are converted and validated, and their findings point at the text's lines.
    A file that does not parse (Turtle, or an FGR text) is a ``ReadError`` of the result; the other
    files are validated all the same. Raises FgrError for unusable arguments: a missing path, no files.
    """
    if inference not in INFERENCE:
        raise FgrError(None, None, f"inference must be one of {', '.join(INFERENCE)}, not {inference!r}")
    if lang not in LANGS:
        raise FgrError(None, None, f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    from functiegebouw.process import worker_count

    jobs = worker_count(jobs)
    from functiegebouw.rdf.files import reading

    engine = engine_name(engine)
    from functiegebouw.resources import data_path

    given: list[str | Path] = ([data_path("data")] if paths is None
                               else [paths] if isinstance(paths, (str, Path)) else list(paths))
    _real.cache_clear()  # a run sees the files as they are now, also in a long-lived process (a notebook)
    _stamp.cache_clear()
    context_paths = {_real(p) for p in context_files()}
    folders = {Path(p) if Path(p).is_dir() else Path(p).parent for p in given}  # what rdf.files.reading locks
    with reading(folders):  # one build's files
        files = input_files(given, frozenset({".ttl", ".txt"}) if convert else frozenset({".ttl"}))
        if not files:
            what = "Turtle files" if convert is None else "Turtle or FGR text files"
            raise FgrError(", ".join(map(str, given)), None, f"no {what} to validate")
        # --changed: a file that was a profile in the last run and has not changed since is not read
        # (its findings are cached); every other file is, as the shared files are part of the context
        known = _Profiles(engine, inference) if changed else None
        unread = {p for p in files if known is not None and known.unchanged(p)}
        triples: dict[Path, list[ox.Quad]] = {}
        # an RDF file is read here up to its fgr:JobGroup statement only: a profile is read whole by the
        # worker that validates it (the parent's reading of every profile was its serial 1.7 s at 10x)
        later: set[Path] = set()
        failed: dict[Path, ReadError] = {}  # by file: reported in the order of the files
        with _no_collection():
            for p in files:
                if _real(p) in context_paths or p in unread:
                    continue
                try:
                    if convert is not None and p.suffix.lower() == ".txt":
                        triples[p] = _read(p, convert)
                    else:
                        statements = load.profile_statements(p, _is_job_group)
                        if statements is None:
                            later.add(p)
                        else:
                            triples[p] = statements
                except FgrError as exc:  # reported with the findings of the files that can be read
                    failed[p] = _read_error(p, exc)
    shown = [display_path(p) for p in files]
    if not triples and not unread and not later and failed:
        return ValidationResult([], shown, lang, [failed[p] for p in files if p in failed])
    profiles = [p for p in files if p in unread or p in later
                or (p in triples and any(_is_job_group(t) for t in triples[p]))]
    is_profile = set(profiles)  # not the list: a test per file against every profile was quadratic
    shared = [p for p in triples if p not in is_profile]

    units: list[Unit] = list(profiles) if profiles else [None]
    cache = _FindingsCache(engine, inference, [*context_files(), *shared]) if changed else None
    done: dict[Unit, list[Finding]] = {}
    if cache is not None:
        for unit in units:
            cached = cache.get(unit)
            if cached is not None:
                done[unit] = cached
    todo = [u for u in units if u not in done]
    if any(u in unread for u in todo):  # a profile not read, whose findings were not cached after all
        with reading(folders):
            triples.update((u, _read(u, convert)) for u in todo if u in unread)
    if todo:  # not when every finding is cached: then neither the context nor rdflib is needed
        context = [t for path in context_files() for t in load.read_statements(path)]
        context += [t for path in shared for t in triples[path]]
        shared_sources = [(p, {t.subject for t in triples[p]}) for p in shared]
        from functiegebouw.rdf.files import default_cache_dir

        # the engine's compiled shapes are kept there, for every run: analysing them costs a second
        shapes_cache = default_cache_dir() / "validation-cache"
        if engine == "turbo" and inference == "none":
            import functiegebouw.validation.turbo as turbo

            turbo.prepare(shape_files(), shapes_cache)
        job = _Job(engine, inference, context, {u: triples[u] for u in todo if u in triples},
                   shared_sources, shapes_cache)
        # the workers read the profiles read only in part here: as one build left them, as the rest
        with reading(folders if later else ()):
            ran = _run_units(job, todo, jobs)
        for unit, found in ran:
            if isinstance(found, ReadError):  # a profile whose end does not parse: no profile, as before
                assert unit is not None, "only a profile is read in its worker"
                failed[unit] = found
                continue
            done[unit] = found
            if cache is not None:
                cache.put(unit, found)
        units = [u for u in units if u not in failed]
        if not units:  # every profile failed: the shared files are validated once, as without profiles
            if not triples and not unread:
                return ValidationResult([], shown, lang, [failed[p] for p in files if p in failed])
            units = [None]
            cached = cache.get(None) if cache is not None else None
            if cached is None:
                alone = job(None)
                assert not isinstance(alone, ReadError), "the shared files were read in the parent"
                cached = alone
                if cache is not None:
                    cache.put(None, alone)
            done[None] = cached
    errors = [failed[p] for p in files if p in failed]
    if known is not None:
        known.save([u for u in units if u is not None])
    findings: dict[tuple[str | None, ...], Finding] = {}
    for unit in units:
        # of two findings of a unit that differ only in their value's datatype ("28" as an integer and
        # as a decimal), the smallest is kept: the engine's order of results chose it before
        mine: dict[tuple[str | None, ...], Finding] = {}
        for finding in done[unit]:
            finding = _in_language(finding, lang)
            key = _key(finding)
            other = mine.get(key)
            if other is None or repr(finding) < repr(other):
                mine[key] = finding
        for key, finding in mine.items():
            findings.setdefault(key, finding)
    # value_kind breaks the only tie sort_key leaves between findings kept ("x" as text and as an IRI)
    return ValidationResult(sorted(findings.values(), key=lambda f: (f.sort_key(), f.value_kind or "")),
                            shown, lang, errors)


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the files are read, and what was read frozen
    after it (unfrozen when validate returns or raises: _unfrozen_after): reading makes many Quads
    (shared files, converted FGR texts; before the workers read the profiles, a million at 10x), with
    no cycles among them, and the collections their number set off were a third of the parent's reading then; frozen,
    they are not walked again, nor by a forked worker's collections."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class _Job:
    """What a worker needs to validate units: built once, inherited by forked workers."""

    def __init__(self, engine: str, inference: str, context: list[ox.Quad],
                 unit_triples: dict[Path, list[ox.Quad]], shared: Sources, cache_dir: Path | None = None) -> None:
        self.engine, self.inference, self.context = engine, inference, context
        self.unit_triples, self.shared = unit_triples, shared  # shared: the files beside every unit
        self.cache_dir = cache_dir  # where the engine's compiled shapes are kept
        self.run: _TurboRun | _PyshaclRun | None = None

    def __call__(self, unit: Unit) -> list[Finding] | ReadError:
        """The unit's findings, or the error of reading a profile the parent read only in part."""
        if self.run is None:
            self.run = (_TurboRun if self.engine == "turbo" else _PyshaclRun)(self.inference, self.context,
                                                                              self.cache_dir)
        if unit is None:
            return self.run([], unit, self.shared)
        triples = self.unit_triples.get(unit)
        if triples is None:
            try:
                triples = _read(unit, None)
            except FgrError as exc:
                return _read_error(unit, exc)
        # the unit's subjects taken here, in the worker: in the parent they were a serial 0.4 s at 10x
        return self.run(triples, unit, [(unit, {t.subject for t in triples}), *self.shared])


_JOB: _Job | None = None


def _work(units: list[Unit]) -> list[tuple[Unit, list[Finding] | ReadError]]:
    job = _JOB
    assert job is not None, "set by _run_units before the workers fork"
    return [(unit, job(unit)) for unit in units]


def _run_units(job: _Job, units: list[Unit], jobs: int) -> list[tuple[Unit, list[Finding] | ReadError]]:
    """(unit, findings in English, or the error of reading it) per unit, in one process or several. Workers fork, so the
    triples are not sent to them; each compiles the shapes once."""
    global _JOB
    jobs = min(jobs, max(1, len(units) // 8))
    import multiprocessing

    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [(unit, job(unit)) for unit in units]
    from concurrent.futures import ProcessPoolExecutor

    _JOB = job
    try:
        chunks = [units[i::jobs * 2] for i in range(jobs * 2)]
        from functiegebouw.process import worker_init

        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=worker_init) as pool:
            found = dict(pair for part in pool.map(_work, chunks) for pair in part)
    finally:
        _JOB = None
    return [(unit, found[unit]) for unit in units]


def _in_language(finding: Finding, lang: str) -> Finding:
    m = finding.messages
    message = m.get(lang) or m.get("en") or m.get("nl") or finding.message
    if message == finding.message:
        return finding
    # a copy with another message, made field by field: dataclasses.replace (which runs the frozen
    # __init__ again) and copy.copy were a fifth of a --changed run whose findings come from the cache
    return _finding_from({**finding.__dict__, "message": message})


_FINDING_FIELDS: frozenset[str] | None = None


def _finding_from(values: dict[str, Any]) -> Finding:
    """A Finding of exactly its fields' values, without the frozen ``__init__``'s setattr per field:
    a cached run makes thousands. Anything but exactly the fields goes through ``__init__`` (and a
    TypeError there for a missing one)."""
    global _FINDING_FIELDS
    if _FINDING_FIELDS is None:
        from dataclasses import fields

        _FINDING_FIELDS = frozenset(f.name for f in fields(Finding))
    if values.keys() != _FINDING_FIELDS:
        return Finding(**{k: v for k, v in values.items() if k in _FINDING_FIELDS})
    out = object.__new__(Finding)
    out.__dict__.update(values)
    return out


class _FindingsCache:
    """Findings per profile file, kept between runs for ``validate(changed=True)``. An entry is
    used only when the file's size and mtime, the shapes, the context files and the settings are
    what they were when it was written."""

    def __init__(self, engine: str, inference: str, context: list[Path]) -> None:
        import hashlib

        from functiegebouw.rdf.files import default_cache_dir

        h = hashlib.sha256(f"{engine} {inference} v2".encode())  # v2: findings on a code at the code's line
        # the findings name their files relative to the working folder (display_path): a run from another
        # folder has entries of its own, not paths relative to the folder of the run that wrote them
        h.update(os.getcwd().encode("utf-8", "surrogateescape"))
        for path in shape_files():
            h.update(path.read_bytes())
        for path in context:
            st = Path(path).stat()
            h.update(f"{Path(path).resolve()} {st.st_size} {st.st_mtime_ns}".encode())
        self.key = h.hexdigest()[:20]
        self.folder = default_cache_dir() / "validation-cache" / self.key

    def _entry(self, unit: Unit) -> Path:
        import hashlib

        name = "none" if unit is None else _real(unit)
        return self.folder / (hashlib.sha1(name.encode()).hexdigest()[:20] + ".json")

    def _stamp(self, unit: Unit) -> list[str | int]:
        return [] if unit is None else [_real(unit), *_stamp(unit)]

    def get(self, unit: Unit) -> list[Finding] | None:
        import json

        try:
            data = json.loads(self._entry(unit).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("stamp") != self._stamp(unit):
            return None
        try:
            return [_finding_from(item) for item in data["findings"]]
        except (TypeError, AttributeError):  # an entry of another version, or damaged: not used
            return None

    def put(self, unit: Unit, found: list[Finding]) -> None:
        import json
        from dataclasses import asdict

        from functiegebouw.rdf.files import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self._entry(unit), json.dumps({"stamp": self._stamp(unit),
                                                        "findings": [asdict(f) for f in found]}))
        except (OSError, FgrError):
            pass  # a cache that cannot be written costs time next run, nothing else


class _Profiles:
    """The profile files of the last ``changed`` run with these settings, with their size and
    mtime: such a file, unchanged, need not be read to know that it is a profile."""

    def __init__(self, engine: str, inference: str):
        import json

        from functiegebouw.rdf.files import default_cache_dir

        self.path = default_cache_dir() / "validation-cache" / f"profiles-{engine}-{inference}.json"
        try:
            seen = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            seen = {}
        self.seen: dict[str, list[int]] = seen if isinstance(seen, dict) else {}

    def unchanged(self, path: Path) -> bool:
        return self.seen.get(_real(path)) == list(_stamp(path))

    def save(self, profiles: list[Path]) -> None:
        import json

        from functiegebouw.rdf.files import write_atomic

        seen = {_real(p): list(_stamp(p)) for p in profiles}
        if seen != self.seen:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(self.path, json.dumps(seen, sort_keys=True))
            except (OSError, FgrError):
                pass  # not written: the next run reads every file, nothing else


def _is_job_group(triple: ox.Triple | ox.Quad) -> bool:
    import pyoxigraph as ox

    return (triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode)
            and triple.object.value == JOB_GROUP)


def _shapes_graph() -> Graph:
    from rdflib import Graph

    shapes = Graph()
    for path in shape_files():
        parse_into(shapes, path)
    return shapes


def _key(f: Finding) -> tuple[str | None, ...]:
    return (f.severity, f.shape, f.component, f.focus, f.value, f.value_kind, f.path, f.message)


def _report_triples(report: Graph) -> list[ox.Triple]:
    """An rdflib report Graph as pyoxigraph triples, for _findings."""
    import pyoxigraph as ox

    from functiegebouw.rdf.terms import to_oxigraph

    return [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in report]


def _view(context: list[ox.Quad], own: list[ox.Quad]) -> TripleView:
    """The context and a unit's own triples, as _TurboRun gives them to _findings."""
    import pyoxigraph as ox

    from functiegebouw.rdf.view import TripleView

    store, mine = ox.Store(), ox.Store()
    store.extend(context)
    mine.extend(own)
    return TripleView(store, mine, disjoint=True)


class _PyshaclRun:
    """The reference engine: pyshacl on an rdflib Graph of the context and the unit's triples."""

    def __init__(self, inference: str, context: list[ox.Quad], cache_dir: Path | None = None) -> None:
        import functiegebouw.validation.turbo as turbo

        self.shapes, self.inference, self.context = _shapes_graph(), inference, _as_quads(context)
        self.templates = turbo.templates_of(self.shapes)

    def __call__(self, triples: list[ox.Quad], unit: Unit, sources: Sources) -> list[Finding]:
        import pyshacl
        from rdflib import Graph

        from functiegebouw.rdf.terms import to_rdflib

        data = Graph()
        data.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), data)
                  for t in (*self.context, *triples))
        try:
            _, report, _ = pyshacl.validate(data, shacl_graph=self.shapes, inference=self.inference, inplace=True,
                                            allow_warnings=True, allow_infos=True, abort_on_first=False)
        except Exception as exc:  # pyshacl reports unusable data as runtime errors of many kinds
            raise FgrError(unit, None, f"cannot be validated: {exc}") from None
        known = set(self.context)
        view = _view(self.context, [t for t in dict.fromkeys(_as_quads(triples)) if t not in known])
        return _findings(_report_triples(report), view, self.templates, "en", unit, sources)


class _TurboRun:
    """pyshacl-turbo (Rust): the shapes are compiled once, and the context is loaded and serialised
    once. Each unit's run gives the engine the context with the unit's own triples after them: where its
    shapes are cached (``cache_dir``), as the engine's terms (turbo.TermTable; no text to parse) and
    without rdflib (validation/turbo.py); else, or when that path declines a unit, through
    pyshacl-turbo's public API with the context's N-Quads and the unit's after them (the text the engine
    made of a Store holding both, without adding the unit to the Store, dumping all of it and taking
    the unit out again: two thirds of our CPU per profile)."""

    def __init__(self, inference: str, context: list[ox.Quad], cache_dir: Path | None = None) -> None:
        import pyoxigraph as ox

        import functiegebouw.validation.turbo as turbo

        self.inference = inference
        context = _as_quads(context)
        self.store = ox.Store()
        self.store.extend(context)
        self.context = set(context)
        context_text = self.store.dump(format=ox.RdfFormat.N_QUADS)
        assert context_text is not None, "dump without an output returns the bytes"
        self.context_text: bytes = context_text
        self.program = turbo.program(shape_files(), cache_dir) if inference == "none" else None
        self.templates: Templates = self.program.templates if self.program is not None else {}
        # the engine's text of the context: only the triples the shapes can read (validation/reads.py),
        # a quarter of the engine's time per profile; the findings' lines read the whole context
        self.engine_text = context_text
        reads = self.program.reads if self.program is not None else None
        # the same for each unit's own triples (a triple is a triple, wherever it was read): 761 of a
        # profile's 1,053 have a predicate the shapes can read; its findings' lines read all of them
        self.reads = reads
        if reads is not None:
            readable = ox.Store()
            readable.extend(t for t in context if t.predicate.value in reads)
            engine_text = readable.dump(format=ox.RdfFormat.N_QUADS)
            assert engine_text is not None, "dump without an output returns the bytes"
            self.engine_text = engine_text
        # the same triples, in the same order, as the engine's terms (turbo.TermTable): taken in without
        # parsing; None (the text) where a term is not one the terms input takes
        self.terms: TermTable | None = None
        if self.program is not None:
            try:
                self.terms = turbo.TermTable(ox.parse(self.engine_text, format=ox.RdfFormat.N_QUADS,
                                                      rename_blank_nodes=False))
            except ValueError:
                self.terms = None
        self._public: tuple[Any, Any, Callable[[str], Any] | None] | None = None
        self.catalogue: Catalogue | None = None  # the context's catalogue names, made when first needed

    def _engine_input(self, own: list[ox.Quad]) -> str | Terms:
        """The context and the unit's own triples that the shapes can read, as the engine's terms, or as
        N-Quads text where a term is not one the terms input takes."""
        import pyoxigraph as ox

        if self.terms is not None:
            try:
                return self.terms.with_own(own, self.reads)
            except ValueError:
                pass
        reads = self.reads
        readable = own if reads is None else [t for t in own if t.predicate.value in reads]
        own_text = ox.serialize(readable, format=ox.RdfFormat.N_TRIPLES)
        assert own_text is not None, "serialize without an output returns the bytes"
        return (self.engine_text + own_text).decode("utf-8")

    def public(self) -> tuple[Any, Any, Callable[[str], Any] | None]:
        """The shapes Graph, pyshacl-turbo's public compiled shapes and its text input (rdflib)."""
        if self._public is None:
            import pyshacl_turbo

            shapes = _shapes_graph()
            try:
                compiled = pyshacl_turbo.compile_shapes(shapes)
            except Exception as exc:  # ValidationFailure: shapes it cannot run (e.g. a sub-select without ?this)
                raise FgrError(shape_files()[0].parent, None,
                               f"the shapes cannot be validated with pyshacl-turbo: {exc}; try engine pyshacl"
                               ) from None
            import functiegebouw.validation.turbo as turbo

            self.templates = turbo.templates_of(shapes)
            self._public = (shapes, compiled, _text_input())
        return self._public

    def __call__(self, triples: list[ox.Quad], unit: Unit, sources: Sources) -> list[Finding]:
        import pyoxigraph as ox

        from functiegebouw.rdf.view import TripleView

        # each triple once, as in a Store; Quads (shacl._read), which a Store takes as they are (a Quad
        # made per Triple here was a tenth of our CPU per profile)
        own = [t for t in dict.fromkeys(triples) if t not in self.context]
        if self.program is not None:
            found = self.program.validate(self._engine_input(own))
            if found is not None:
                unit_store = ox.Store()
                unit_store.extend(own)
                if self.catalogue is None:
                    from functiegebouw.validation.near import Catalogue

                    self.catalogue = Catalogue(self.store)
                return _findings(found, TripleView(self.store, unit_store, disjoint=True), self.templates, "en",
                                 unit, sources, self.catalogue)
        return self._public_run(own, unit, sources)

    def _public_run(self, own: list[ox.Quad], unit: Unit, sources: Sources) -> list[Finding]:
        import pyoxigraph as ox
        import pyshacl_turbo
        from rdflib import Graph

        from functiegebouw.rdf.view import TripleView

        shapes, compiled, text_input = self.public()
        store = self.store
        options = dict(allow_warnings=True, allow_infos=True, abort_on_first=False)
        text_input = text_input if self.inference == "none" else None
        # the unit's triples in a Store of their own (for its findings' lines), or, without the text
        # input, added to the context's Store for the engine's run and taken out after it
        unit_store = ox.Store() if text_input is not None else store
        unit_store.extend(own)
        try:
            try:
                if text_input is not None:
                    own_text = ox.serialize(own, format=ox.RdfFormat.N_TRIPLES)
                    assert own_text is not None, "serialize without an output returns the bytes"
                    text = (self.context_text + own_text).decode("utf-8")
                    _, report, _ = compiled.validate(text_input(text), **options)
                elif self.inference == "none":
                    _, report, _ = compiled.validate(store, **options)
                else:  # only the module-level validate() infers before validating
                    _, report, _ = pyshacl_turbo.validate(store, shacl_graph=shapes, inference=self.inference,
                                                          **options)
            except Exception as exc:  # the engine reports unusable data as runtime errors of many kinds
                raise FgrError(unit, None, f"cannot be validated: {exc}") from None
            if not isinstance(report, Graph):  # a ValidationFailure: the engine refused the shapes or data
                raise FgrError(unit, None, f"cannot be validated with pyshacl-turbo: {report}; try engine pyshacl")
            view = TripleView(store) if unit_store is store else TripleView(store, unit_store, disjoint=True)
            return _findings(_report_triples(report), view, self.templates, "en", unit, sources)
        finally:
            if unit_store is store:
                for t in own:
                    store.remove(t)


def _text_input() -> Callable[[str], Any] | None:
    """How pyshacl-turbo takes N-Quads text as it takes a pyoxigraph Store (its ``rdf.Input`` of the
    store's dump, pyshacl-turbo 0.6.5), or None where that class is not as expected: then the Store."""
    try:
        from pyshacl_turbo.rdf import Input
    except ImportError:
        return None
    try:
        Input("", "oxigraph-nquads", None, {}, preserve_ids=True)
    except TypeError:
        return None
    return lambda text: Input(text, "oxigraph-nquads", None, {}, preserve_ids=True)


_SH_TYPE, _SH_RESULT = iris.RDF_TYPE, SH + "ValidationResult"


def _findings(report: list[ox.Triple], data: TripleView, templates: Templates, lang: str, unit: Unit,
              sources: Sources, catalogue: Catalogue | None = None) -> list[Finding]:
    """The findings of an engine's report (its triples), located in ``data`` (the context and the unit);
    ``catalogue``: the context's catalogue names, kept from unit to unit."""
    import pyoxigraph as ox

    from functiegebouw.rdf.view import rdflib_sorted, rdflib_text
    import functiegebouw.validation.near as near
    from functiegebouw.validation.locate import CODE_SHAPES, RDFS_LABEL, Locator

    about: dict[Any, dict[str, list[Any]]] = {}
    for t in report:
        about.setdefault(t.subject, {}).setdefault(t.predicate.value, []).append(t.object)
    results = [s for s, props in about.items()
               if any(isinstance(o, ox.NamedNode) and o.value == _SH_RESULT for o in props.get(_SH_TYPE, ()))]
    locator = Locator(data, unit)
    names: list[tuple[Any, str]] | None = None  # the catalogue's names, for the rare group outside it
    out = []
    for result in results:
        props = about[result]
        one = functools.partial(_one, props)
        focus, value, path = one("focusNode"), one("value"), one("resultPath")
        messages: dict[str, str] = {}
        owners = (one("sourceConstraint"), one("sourceShape"))
        wanted = next((found for owner in owners if owner is not None
                       for found in [templates.get(_owner_key(owner))] if found), [])
        for m in rdflib_sorted(props.get(SH + "resultMessage", [])):
            language = getattr(m, "language", None) or _language_of(m.value, wanted)
            messages.setdefault(language, m.value)
        shape = _text(one("sourceShape"))
        shape_name = shape.rsplit("#", 1)[-1]
        where = locator.locate(focus, about_code=shape_name in CODE_SHAPES)
        data_file = next((p for p, subjects in sources if focus in subjects), unit)
        variants = [messages]
        if shape_name == near.SHAPE:  # one finding per name like it (the shape leaves them to us)
            if names is None:
                names = near.catalogue_names(data) if catalogue is None else catalogue.names_of(data)
            labels = [rdflib_text(label) for label in data.objects(focus, RDFS_LABEL)
                      if not isinstance(label, ox.BlankNode)]
            like: list[str | None] = [*near.near_names(labels, names)] or [None]
            variants = [near.fill(messages, name) for name in like]
        severity = one("resultSeverity")
        for messages in variants:
            message = (messages.get(lang) or messages.get("en") or messages.get("nl")
                       or next(iter(messages.values()), ""))
            out.append(Finding(
                severity=str(None if severity is None else severity.value).rsplit("#", 1)[-1],
                shape=shape,
                component=_text(one("sourceConstraintComponent")),
                focus=_text(focus),
                message=message,
                messages=messages,
                value=None if value is None else _text(value),
                value_kind=None if value is None else ("literal" if isinstance(value, ox.Literal)
                                                        else "bnode" if isinstance(value, ox.BlankNode) else "iri"),
                value_datatype=_datatype(value),
                value_lang=value.language if isinstance(value, ox.Literal) else None,
                path=path.value if isinstance(path, ox.NamedNode) else None,
                functiegroep=where.functiegroep,
                functiegroep_label=where.functiegroep_label,
                schaal=where.schaal,
                source_file=where.source_file,
                source_line=where.source_line,
                data_file=display_path(data_file) if data_file else None,
            ))
    return out


def _one(props: dict[str, list[Any]], name: str) -> Any:
    """The first value of a result's property ``sh:name`` in the report, or None."""
    found = props.get(SH + name)
    return found[0] if found else None


def _owner_key(node: Any) -> str:
    import pyoxigraph as ox

    return f"_:{node.value}" if isinstance(node, ox.BlankNode) else str(node.value)


def _datatype(value: Any) -> str | None:
    import pyoxigraph as ox

    # engines differ on "12" vs "12"^^xsd:string, which RDF 1.1 says are the same literal
    if isinstance(value, ox.Literal) and not value.language and value.datatype.value != iris.XSD_STRING:
        return str(value.datatype.value)
    return None


def _language_of(message: str, templates: list[tuple[str, str | None]]) -> str:
    """pyshacl drops the language tag when it fills in {?var}; recover it by matching the templates."""
    import re

    for template, language in templates:
        parts = re.split(r"\{[?$]\w+\}", template)
        if re.fullmatch("(.*?)".join(map(re.escape, parts)), message, flags=re.S):
            return language or ""
    return ""


def _text(node: Any) -> str:
    import pyoxigraph as ox

    if node is None:
        return ""
    return f"_:{node.value}" if isinstance(node, ox.BlankNode) else str(node.value)
