"""Validate FGR profile graphs against the SHACL shapes in ontology/shapes*.ttl.

Each profile file (a Turtle file with a fgr:JobGroup) is validated on its own, together with the
ontology, the concept schemes and the salary tables (data/reference/*.ttl): SHACL-SPARQL constraints run
on rdflib's engine and get slow on big graphs, and one profile never refers to another. Other Turtle
files given (e.g. links) are added to every profile's graph. Folders are searched for *.ttl below them,
except folders named ``vocab`` (large imported vocabularies such as ESCO are not profiles).
"""
from __future__ import annotations

from pathlib import Path

from .errors import FgrError
from . import load
from .load import PROJECT_ROOT, parse_into, resource_dir
from .locate import Locator, display_path
from .report import SH, Finding, ValidationResult

INFERENCE = ("none", "rdfs", "owlrl")
# "none" is correct for these shapes: SHACL's own class semantics follow rdfs:subClassOf triples that are
# in the data graph, and the ontology is always loaded into it, so sh:targetClass fgr:Statement reaches
# every fgr:Result, fgr:Placeholder, ... without materialising the RDFS closure (seconds per profile).
DEFAULT_INFERENCE = "none"
LANGS = ("en", "nl")
SKIP_FOLDERS = {"vocab", "sources"}


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


def _parse(path: Path):
    from rdflib import Graph

    graph = Graph()
    parse_into(graph, path)
    return graph


def validate(paths=None, *, inference: str = DEFAULT_INFERENCE, lang: str = "en") -> ValidationResult:
    """Validate Turtle files or folders (default ``data/``); Violations make ``result.conforms`` False.

    Raises FgrError for unusable input: a missing path, a file that does not parse, no Turtle files.
    """
    from rdflib import Graph
    from rdflib.namespace import RDF

    from .namespaces import FGR

    if inference not in INFERENCE:
        raise FgrError(None, None, f"inference must be one of {', '.join(INFERENCE)}, not {inference!r}")
    if lang not in LANGS:
        raise FgrError(None, None, f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    paths = ["data"] if paths is None else ([paths] if isinstance(paths, (str, Path)) else list(paths))
    files = input_files(paths)
    if not files:
        raise FgrError(", ".join(map(str, paths)), None, "no Turtle files to validate")
    context_paths = {p.resolve() for p in context_files()}
    graphs = {p: _parse(p) for p in files if p.resolve() not in context_paths}
    profiles = [p for p, g in graphs.items() if (None, RDF.type, FGR.JobGroup) in g]
    shared = [p for p in graphs if p not in profiles]

    shapes = Graph()
    for path in shape_files():
        parse_into(shapes, path)
    context = Graph()
    for path in context_files():
        parse_into(context, path)
    for path in shared:
        context += graphs[path]

    findings: dict[tuple, Finding] = {}
    for unit in profiles or [None]:
        data = Graph()
        data += context
        if unit is not None:
            data += graphs[unit]
        order = ([unit] if unit else []) + shared
        for finding in _run(data, shapes, inference, lang, unit, [(p, graphs[p]) for p in order]):
            findings.setdefault(_key(finding), finding)
    return ValidationResult(sorted(findings.values(), key=Finding.sort_key),
                            [display_path(p) for p in files], lang)


def _key(f: Finding) -> tuple:
    return (f.severity, f.shape, f.component, f.focus, f.value, f.value_kind, f.path, f.message)


def _run(data, shapes, inference, lang, unit, sources) -> list[Finding]:
    import pyshacl
    from rdflib import BNode, Literal, Namespace, URIRef
    from rdflib.namespace import RDF

    sh = Namespace(SH)
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference=inference, inplace=True,
                                        allow_warnings=True, allow_infos=True, abort_on_first=False)
    except Exception as exc:  # pyshacl reports unusable data as runtime errors of many kinds
        raise FgrError(unit, None, f"cannot be validated: {exc}") from None
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
        data_file = next((p for p, g in sources if (focus, None, None) in g), unit)
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
            value_datatype=str(value.datatype) if isinstance(value, Literal) and value.datatype else None,
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
