"""Where a node of a profile graph comes from: its functiegroep, schaal, source text and line."""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.term import Node
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from functiegebouw.rdf.namespaces import FGR
from functiegebouw.validation.report import display_path

if TYPE_CHECKING:
    from functiegebouw.rdf.terms import StoreView

# Properties that hang a part under its whole; walking them backwards finds the nearest statement,
# typering or kwaliteitenprofiel that carries a source line. fgr:requiresCompetency is left out on purpose:
# competency concepts are shared by the functiegroep and all its kwaliteitenprofielen.
CONTAINMENT = (FGR.result, FGR.behaviouralIndicator, FGR.competencyStatement, FGR.qualityProfile,
               FGR.typification, FGR.score, FGR.typificationStatement, FGR.experience, FGR.levelStatement,
               FGR.educationField, FGR.departmentalEducation, FGR.departmentalCompetency)

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

    def __init__(self, graph: Graph | StoreView, data_file: Path | None = None) -> None:
        self.graph = graph
        self.data_file = Path(data_file) if data_file else None
        self.parent: dict[Node, Node] = {}
        for prop in CONTAINMENT:
            for whole, part in graph.subject_objects(prop):
                self.parent.setdefault(part, whole)

    def chain(self, node: Node | None) -> list[Node]:
        seen: set[Node] = set()
        out: list[Node] = []
        while node is not None and node not in seen:
            seen.add(node)
            out.append(node)
            node = self.parent.get(node)
        return out

    def _first(self, chain: list[Node], prop: Node) -> Any:
        for node in chain:
            # the least of several values (a node with two schalen, say): the same on every engine and run
            # (rdflib orders its terms; its type hints do not say so)
            values: list[Any] = sorted(self.graph.objects(node, prop))
            if values:
                return values[0]
        return None

    def locate(self, node: Node | None, about_code: bool = False) -> Location:
        """Where ``node`` comes from; ``about_code``: the finding concerns the FUWASYS code of the
        functietypering ``node`` (or of the score ``node``), so its line is the code's line when the text has it."""
        g = self.graph
        chain = self.chain(node)
        group = next((n for n in chain if (n, RDF.type, FGR.JobGroup) in g), None)
        document = self._first(chain, PROV.wasDerivedFrom)
        if group is None and document is not None:
            # a part whose link to its functiegroep is missing still shares the group's source document
            group = next((s for s in g.subjects(PROV.wasDerivedFrom, document)
                          if (s, RDF.type, FGR.JobGroup) in g), None)
        if document is None and group is not None:
            document = g.value(group, PROV.wasDerivedFrom)
        scale = self._first(chain, FGR.scale)
        number = g.value(scale, FGR.scaleNumber) if scale is not None else None
        line = self._first(chain, FGR.sourceLine)
        if line is None:
            # a functiegroep has no line of its own: point at its first statement
            lines = [n for p in CONTAINMENT for child in g.objects(node, p)
                     for v in g.objects(child, FGR.sourceLine) if (n := _as_int(v)) is not None]
            line = min(lines) if lines else None
        label = g.value(group, RDFS.label) if group is not None else None
        identifier = g.value(document, DCTERMS.identifier) if document is not None else None
        on_disk = self._source_path(identifier)
        line = _as_int(line)
        if line is not None and on_disk is not None and (about_code or (node, RDF.type, FGR.FuwasysScore) in g):
            typification = next((n for n in chain if (n, FGR.fuwasysCode, None) in g), None)
            code = g.value(typification, FGR.fuwasysCode) if typification is not None else None
            if code is not None:
                line = code_line(str(on_disk), line, str(code)) or line
        return Location(
            functiegroep=str(group) if group is not None else None,
            functiegroep_label=str(label) if label is not None else None,
            schaal=_as_int(number),
            source_file=display_path(on_disk) if on_disk is not None else str(identifier) if identifier else None,
            source_line=line,
        )

    def _source_path(self, identifier: Node | None) -> Path | None:
        """The source text named by the document's identifier, when it is on disk beside the data file (in
        sources/ or the same folder; the data file itself when an FGR text was validated directly)."""
        if identifier is None or self.data_file is None:
            return None
        name = str(identifier)
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
    """``int(value)``, or None when there is no value or it is not a whole number."""
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

