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

if TYPE_CHECKING:
    from functiegebouw.rdf.terms import StoreView

# Properties that hang a part under its whole; walking them backwards finds the nearest statement,
# typering or kwaliteitenprofiel that carries a source line. fgr:requiresCompetency is left out on purpose:
# competency concepts are shared by the functiegroep and all its kwaliteitenprofielen.
CONTAINMENT = (FGR.result, FGR.behaviouralIndicator, FGR.competencyStatement, FGR.qualityProfile,
               FGR.typification, FGR.score, FGR.typificationStatement, FGR.experience, FGR.levelStatement,
               FGR.educationField, FGR.departmentalEducation, FGR.departmentalCompetency)


@dataclass(frozen=True)
class Location:
    functiegroep: str | None
    functiegroep_label: str | None
    schaal: int | None
    source_file: str | None
    source_line: int | None


def display_path(path: Path) -> str:
    """A path relative to the working folder when it lies below it, else absolute."""
    return _display(str(path), os.getcwd())


@functools.lru_cache(maxsize=4096)
def _display(path: str, cwd: str) -> str:  # resolve() costs a few system calls: once per path
    resolved = Path(path).resolve()
    try:
        return str(resolved.relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(resolved)


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

    def locate(self, node: Node | None) -> Location:
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
        return Location(
            functiegroep=str(group) if group is not None else None,
            functiegroep_label=str(label) if label is not None else None,
            schaal=_as_int(number),
            source_file=self._source_file(g.value(document, DCTERMS.identifier) if document is not None else None),
            source_line=_as_int(line),
        )

    def _source_file(self, identifier: Node | None) -> str | None:
        if identifier is None:
            return None
        name = str(identifier)
        if self.data_file is not None and os.sep not in name and "/" not in name:
            for candidate in (self.data_file.parent / "sources" / name, self.data_file.parent / name):
                if candidate.is_file():
                    return display_path(candidate)
        return name


def _as_int(value: Any) -> int | None:
    """``int(value)``, or None when there is no value or it is not a whole number."""
    if value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None

