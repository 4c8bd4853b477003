"""Validate FGR profile graphs against the SHACL shapes in ontology/shapes*.ttl.

Each profile file (a Turtle file with a fgr:JobGroup) is validated on its own, together with the
ontology, the concept schemes and the salary tables (data/reference/*.ttl): SHACL-SPARQL constraints get
slow on big graphs, and one profile never refers to another. The engine is pyshacl-turbo (Rust, shapes
compiled once) when installed, else pyshacl, the reference; files are read with pyoxigraph. Other Turtle
files given (e.g. links) are added to every profile's graph. Folders are searched for *.ttl below them,
except folders named ``vocab`` (large imported vocabularies such as ESCO are not profiles).
"""
from __future__ import annotations

from pathlib import Path

from functiegebouw.errors import FgrError
from functiegebouw.rdf import load
from functiegebouw.rdf.load import parse_into, resource_dir
from functiegebouw.validation.locate import Locator, display_path
from functiegebouw.validation.report import SH, Finding, ValidationResult

INFERENCE = ("none", "rdfs", "owlrl")
# "none" is correct for these shapes: SHACL's own class semantics follow rdfs:subClassOf triples that are
# in the data graph, and the ontology is always loaded into it, so sh:targetClass fgr:Statement reaches
# every fgr:Result, fgr:Placeholder, ... without materialising the RDFS closure (seconds per profile).
DEFAULT_INFERENCE = "none"
LANGS = ("en", "nl")
SKIP_FOLDERS = {"vocab", "sources"}
ENGINES = ("auto", "turbo", "pyshacl")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
JOB_GROUP = "https://w3id.org/functiegebouw/def#JobGroup"


def shape_files() -> list[Path]:
    files = load.shape_files()
    if not files:
        raise FgrError(resource_dir("ontology"), None, "no SHACL shapes (shapes*.ttl) here; reinstall functiegebouw")
    return files


def context_files() -> list[Path]:
    """The ontology, concept schemes and reference data every profile is validated with (no shapes)."""
    ontology = load.ontology_files()
    return ontology + sorted(resource_dir("data/reference").glob("*.ttl"))


def input_files(paths) -> list[Path]:
    """Files as given; folders expanded to the *.ttl files below them, skipping vocab/ and sources/."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*.ttl") if p.is_file()
                              and not SKIP_FOLDERS.intersection(p.relative_to(path).parts[:-1])))
        elif path.is_file():
            out.append(path)
        else:
            raise FgrError(path, None, "no such file or folder")
    seen: set[Path] = set()
    return [p for p in out if not (p.resolve() in seen or seen.add(p.resolve()))]


def engine_name(engine: str = "auto") -> str:
    """The SHACL engine ``engine`` resolves to: "auto" is pyshacl-turbo when installed, else pyshacl."""
    if engine not in ENGINES:
        raise FgrError(None, None, f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if engine == "pyshacl":
        return engine
    try:
        import pyshacl_turbo  # noqa: F401
    except ImportError:
        if engine == "turbo":
            raise FgrError(None, None, "pyshacl-turbo is not installed (pip install pyshacl-turbo), "
                                       "or use engine pyshacl") from None
        return "pyshacl"
    return "turbo"


def validate(paths=None, *, inference: str = DEFAULT_INFERENCE, lang: str = "en",
             engine: str = "auto") -> ValidationResult:
    """Validate Turtle files or folders (default ``data/``); Violations make ``result.conforms`` False.

    ``engine``: "auto" (pyshacl-turbo when installed, else pyshacl), "turbo" or "pyshacl"; both give
    the same findings (tests/test_engines.py). Raises FgrError for unusable input: a missing path, a
    file that does not parse, no Turtle files.
    """
    if inference not in INFERENCE:
        raise FgrError(None, None, f"inference must be one of {', '.join(INFERENCE)}, not {inference!r}")
    if lang not in LANGS:
        raise FgrError(None, None, f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    from functiegebouw.rdf.terms import subject_key

    engine = engine_name(engine)
    paths = ["data"] if paths is None else ([paths] if isinstance(paths, (str, Path)) else list(paths))
    from functiegebouw.rdf.files import reading

    context_paths = {p.resolve() for p in context_files()}
    with reading({Path(p) if Path(p).is_dir() else Path(p).parent for p in paths}):  # one build's files
        files = input_files(paths)
        if not files:
            raise FgrError(", ".join(map(str, paths)), None, "no Turtle files to validate")
        triples = {p: load.read_triples(p) for p in files if p.resolve() not in context_paths}
    profiles = [p for p, ts in triples.items() if any(_is_job_group(t) for t in ts)]
    shared = [p for p in triples if p not in profiles]
    subjects = {p: {subject_key(t.subject) for t in ts} for p, ts in triples.items()}
    context = [t for path in context_files() for t in load.read_triples(path)]
    context += [t for path in shared for t in triples[path]]

    shapes = _shapes_graph()
    run = _TurboRun(shapes, inference) if engine == "turbo" else _PyshaclRun(shapes, inference)
    findings: dict[tuple, Finding] = {}
    for unit in profiles or [None]:
        data = context + (triples[unit] if unit is not None else [])
        order = ([unit] if unit else []) + shared
        report, view = run(data, unit)
        for finding in _findings(report, view, shapes, lang, unit, [(p, subjects[p]) for p in order]):
            findings.setdefault(_key(finding), finding)
    return ValidationResult(sorted(findings.values(), key=Finding.sort_key),
                            [display_path(p) for p in files], lang)


def _is_job_group(triple) -> bool:
    import pyoxigraph as ox

    return (triple.predicate.value == RDF_TYPE and isinstance(triple.object, ox.NamedNode)
            and triple.object.value == JOB_GROUP)


def _shapes_graph():
    from rdflib import Graph

    shapes = Graph()
    for path in shape_files():
        parse_into(shapes, path)
    return shapes


def _key(f: Finding) -> tuple:
    return (f.severity, f.shape, f.component, f.focus, f.value, f.value_kind, f.path, f.message)


class _PyshaclRun:
    """The reference engine: pyshacl on an rdflib Graph of the unit's triples."""

    def __init__(self, shapes, inference: str):
        self.shapes, self.inference = shapes, inference

    def __call__(self, triples: list, unit):
        import pyshacl
        from rdflib import Graph

        from functiegebouw.rdf.terms import to_rdflib

        data = Graph()
        data.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), data) for t in triples)
        try:
            _, report, _ = pyshacl.validate(data, shacl_graph=self.shapes, inference=self.inference, inplace=True,
                                            allow_warnings=True, allow_infos=True, abort_on_first=False)
        except Exception as exc:  # pyshacl reports unusable data as runtime errors of many kinds
            raise FgrError(unit, None, f"cannot be validated: {exc}") from None
        return report, data


class _TurboRun:
    """pyshacl-turbo (Rust) on a pyoxigraph Store: the shapes are compiled once for all units."""

    def __init__(self, shapes, inference: str):
        import pyshacl_turbo

        self.shapes, self.inference = shapes, inference
        try:
            self.compiled = pyshacl_turbo.compile_shapes(shapes)
        except Exception as exc:  # ValidationFailure: shapes it cannot run (e.g. a sub-select without ?this)
            raise FgrError(shape_files()[0].parent, None,
                           f"the shapes cannot be validated with pyshacl-turbo: {exc}; try engine pyshacl") from None

    def __call__(self, triples: list, unit):
        import pyoxigraph as ox
        import pyshacl_turbo
        from rdflib import Graph

        from functiegebouw.rdf.terms import StoreView

        store = ox.Store()
        store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        options = dict(allow_warnings=True, allow_infos=True, abort_on_first=False)
        try:
            if self.inference == "none":
                _, report, _ = self.compiled.validate(store, **options)
            else:  # only the module-level validate() infers before validating
                _, report, _ = pyshacl_turbo.validate(store, shacl_graph=self.shapes, inference=self.inference,
                                                      **options)
        except Exception as exc:  # the engine reports unusable data as runtime errors of many kinds
            raise FgrError(unit, None, f"cannot be validated: {exc}") from None
        if not isinstance(report, Graph):  # a ValidationFailure: the engine refused the shapes or data
            raise FgrError(unit, None, f"cannot be validated with pyshacl-turbo: {report}; try engine pyshacl")
        return report, StoreView(store)


def _findings(report, data, shapes, lang, unit, sources) -> list[Finding]:
    from rdflib import BNode, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    from functiegebouw.rdf.terms import subject_key

    sh = Namespace(SH)
    locator = Locator(data, unit)
    out = []
    for result in report.subjects(RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        value = report.value(result, sh.value)
        path = report.value(result, sh.resultPath)
        messages = {}
        templates = _templates(shapes, report, result)
        for m in sorted(report.objects(result, sh.resultMessage)):
            language = getattr(m, "language", None) or _language_of(str(m), templates)
            messages.setdefault(language, str(m))
        message = messages.get(lang) or messages.get("en") or messages.get("nl") or next(iter(messages.values()), "")
        where = locator.locate(focus)
        key = subject_key(focus)
        data_file = next((p for p, keys in sources if key in keys), unit)
        out.append(Finding(
            severity=str(report.value(result, sh.resultSeverity)).rsplit("#", 1)[-1],
            shape=_text(report.value(result, sh.sourceShape)),
            component=_text(report.value(result, sh.sourceConstraintComponent)),
            focus=_text(focus),
            message=message,
            messages=messages,
            value=None if value is None else _text(value),
            value_kind=None if value is None else ("literal" if isinstance(value, Literal)
                                                    else "bnode" if isinstance(value, BNode) else "iri"),
            value_datatype=_datatype(value),
            value_lang=value.language if isinstance(value, Literal) else None,
            path=str(path) if isinstance(path, URIRef) else None,
            functiegroep=where.functiegroep,
            functiegroep_label=where.functiegroep_label,
            schaal=where.schaal,
            source_file=where.source_file,
            source_line=where.source_line,
            data_file=display_path(data_file) if data_file else None,
        ))
    return out


def _datatype(value) -> str | None:
    from rdflib import Literal

    from functiegebouw.rdf.terms import XSD_STRING

    # engines differ on "12" vs "12"^^xsd:string, which RDF 1.1 says are the same literal
    if isinstance(value, Literal) and value.datatype and str(value.datatype) != XSD_STRING:
        return str(value.datatype)
    return None


def _templates(shapes, report, result) -> list:
    """The sh:message literals (with their language) of the constraint or shape that produced a result."""
    from rdflib import Namespace

    sh = Namespace(SH)
    for owner in (report.value(result, sh.sourceConstraint), report.value(result, sh.sourceShape)):
        if owner is not None:
            found = list(shapes.objects(owner, sh.message))
            if found:
                return found
    return []


def _language_of(message: str, templates) -> str:
    """pyshacl drops the language tag when it fills in {?var}; recover it by matching the templates."""
    import re

    for template in templates:
        parts = re.split(r"\{[?$]\w+\}", str(template))
        if re.fullmatch("(.*?)".join(map(re.escape, parts)), message, flags=re.S):
            return getattr(template, "language", None) or ""
    return ""


def _text(node) -> str:
    from rdflib import BNode

    if node is None:
        return ""
    return f"_:{node}" if isinstance(node, BNode) else str(node)
