"""Where a node of a profile graph comes from: its functiegroep, schaal, source text and line.

The graph is read through ``rdf.view.TripleView`` in pyoxigraph terms (no rdflib: a run whose
engine needs none imports none); texts and orders are those rdflib gave (``rdflib_text``,
``rdflib_sorted``), so that findings read the same as when this walked an rdflib Graph.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from functiegebouw.rdf import iris
from functiegebouw.rdf.view import TripleView, rdflib_sorted, rdflib_text, rdflib_truth
from functiegebouw.validation.report import display_path

_PROV = "http://www.w3.org/ns/prov#"  # not among rdf.iris's: the one module that reads it


def _fgr(name: str) -> ox.NamedNode:
    return ox.NamedNode(iris.FGR + name)


RDF_TYPE = ox.NamedNode(iris.RDF_TYPE)
RDFS_LABEL = ox.NamedNode(iris.RDFS + "label")
WAS_DERIVED_FROM = ox.NamedNode(_PROV + "wasDerivedFrom")
IDENTIFIER = ox.NamedNode(iris.DCT + "identifier")
JOB_GROUP, SCALE, SCALE_NUMBER, SOURCE_LINE = _fgr("JobGroup"), _fgr("scale"), _fgr("scaleNumber"), _fgr("sourceLine")
FUWASYS_SCORE, FUWASYS_CODE = _fgr("FuwasysScore"), _fgr("fuwasysCode")

# Properties that hang a part under its whole; walking them backwards finds the nearest statement,
# typering or kwaliteitenprofiel that carries a source line. fgr:requiresCompetency is left out on purpose:
# competency concepts are shared by the functiegroep and all its kwaliteitenprofielen.
CONTAINMENT = tuple(map(_fgr, ("result", "behaviouralIndicator", "competencyStatement", "qualityProfile",
                               "typification", "score", "typificationStatement", "experience", "levelStatement",
                               "educationField", "departmentalEducation", "departmentalCompetency")))

# Shapes whose findings on a functietypering are about its FUWASYS code or the total in it: they point at the
# line with the code ("32232 33222 22 22 (32)"), a line or two below the typering's heading, which is where a
# person corrects them. The data keeps the heading's line only, so the code's line is looked up in the text.
CODE_SHAPES = frozenset({"TypificationCodeShape", "TypificationStatedTotalShape", "TypificationScoreCountShape",
                         "TypificationCharacteristicShape", "TypificationTotalSumShape", "TypificationTotalOrderShape"})


@dataclass(frozen=True)
class Location:
    functiegroep: str | None
    functiegroep_label: str | None
    schaal: int | None
    source_file: str | None
    source_line: int | None


class Locator:
    """Answers ``locate(node)`` for one validated graph; ``data_file`` is where that graph's profile was read."""

    def __init__(self, graph: TripleView, data_file: Path | None = None) -> None:
        self.graph = graph
        self.data_file = Path(data_file) if data_file else None
        self.parent: dict[Any, Any] = {}
        for prop in CONTAINMENT:
            for whole, part in graph.subject_objects(prop):
                self.parent.setdefault(part, whole)

    def chain(self, node: Any) -> list[Any]:
        seen: set[Any] = set()
        out: list[Any] = []
        while node is not None and node not in seen:
            seen.add(node)
            out.append(node)
            node = self.parent.get(node)
        return out

    def _first(self, chain: list[Any], prop: ox.NamedNode) -> Any:
        for node in chain:
            # the least of several values (a node with two schalen, say): the same on every engine and run
            values = rdflib_sorted(list(self.graph.objects(node, prop)))
            if values:
                return values[0]
        return None

    def locate(self, node: Any, about_code: bool = False) -> Location:
        """Where ``node`` (a pyoxigraph term) comes from; ``about_code``: the finding concerns the FUWASYS
        code of the functietypering ``node`` (or of the score ``node``), so its line is the code's line
        when the text has it."""
        g = self.graph
        chain = self.chain(node)
        group = next((n for n in chain if (n, RDF_TYPE, JOB_GROUP) in g), None)
        document = self._first(chain, WAS_DERIVED_FROM)
        if group is None and document is not None:
            # a part whose link to its functiegroep is missing still shares the group's source document
            group = next((s for s in g.subjects(WAS_DERIVED_FROM, document) if (s, RDF_TYPE, JOB_GROUP) in g), None)
        if document is None and group is not None:
            document = g.value(group, WAS_DERIVED_FROM)
        scale = self._first(chain, SCALE)
        number = g.value(scale, SCALE_NUMBER) if scale is not None else None
        line = self._first(chain, SOURCE_LINE)
        if line is None:
            # a functiegroep has no line of its own: point at its first statement
            lines = [n for p in CONTAINMENT for child in g.objects(node, p)
                     for v in g.objects(child, SOURCE_LINE) if (n := _as_int(v)) is not None]
            line_number = min(lines) if lines else None
        else:
            line_number = _as_int(line)
        label = g.value(group, RDFS_LABEL) if group is not None else None
        identifier = g.value(document, IDENTIFIER) if document is not None else None
        on_disk = self._source_path(identifier)
        if line_number is not None and on_disk is not None and (about_code or (node, RDF_TYPE, FUWASYS_SCORE) in g):
            typification = next((n for n in chain if (n, FUWASYS_CODE, None) in g), None)
            code = g.value(typification, FUWASYS_CODE) if typification is not None else None
            if code is not None:
                line_number = code_line(str(on_disk), line_number, rdflib_text(code)) or line_number
        return Location(
            functiegroep=rdflib_text(group) if group is not None else None,
            functiegroep_label=rdflib_text(label) if label is not None else None,
            schaal=_as_int(number),
            source_file=(display_path(on_disk) if on_disk is not None
                         else rdflib_text(identifier) if identifier is not None and rdflib_truth(identifier) else None),
            source_line=line_number,
        )

    def _source_path(self, identifier: Any) -> Path | None:
        """The source text named by the document's identifier, when it is on disk beside the data file (in
        sources/ or the same folder; the data file itself when an FGR text was validated directly)."""
        if identifier is None or self.data_file is None:
            return None
        name = rdflib_text(identifier)
        if os.sep in name or "/" in name:
            return None
        for candidate in (self.data_file.parent / "sources" / name, self.data_file.parent / name):
            if candidate.is_file():
                return candidate
        return None
def code_line(path: str, heading: int, code: str) -> int | None:
    """The line, from ``heading`` on, that holds the FUWASYS code ``code`` as written (spaces aside), or None."""
    wanted = _spaced(code)
    lines = _text_lines(path)
    return next((n for n in range(max(heading, 1), len(lines) + 1) if _spaced(lines[n - 1]) == wanted), None)


def _spaced(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").split())


def _text_lines(path: str) -> tuple[str, ...]:
    """The decoded lines of a source text (none when it cannot be read), read once per version of the file."""
    try:
        st = os.stat(path)
    except OSError:
        return ()
    return _read_lines(path, st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=64)
def _read_lines(path: str, _size: int, _mtime: int) -> tuple[str, ...]:
    from functiegebouw.errors import FgrError
    from functiegebouw.source.text import read_source

    try:
        lines, _sha = read_source(path)
    except (FgrError, OSError):
        return ()  # a text that cannot be read: the finding keeps the typering's own line
    return tuple(lines)


def _as_int(value: Any) -> int | None:
    """The whole number a term's rdflib text reads as (``int()`` of it), or None when there is no value
    or it is not one."""
    if value is None:
        return None
    try:
        return int(value if isinstance(value, int) else rdflib_text(value))
    except (TypeError, ValueError):
        return None

