"""Write a profile graph back in the FGR text layout: the proof that conversion loses nothing."""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from functiegebouw.errors import FgrError
from functiegebouw.source.model import AREA_TITLES, BLOCK_TITLES, BLOCKS, QP_TITLES
from functiegebouw.rdf.namespaces import FGR, ID, SCHEMA
from functiegebouw.source.parse import heading_key, tokenize
from functiegebouw.source.text import clean

BULLET = " \u2022 "
_QP_PROPS = [("ervaring", FGR.experience), ("werk-en-denkniveau", FGR.levelStatement),
             ("opleidingsrichting", FGR.educationField),
             ("opleiding-departementsspecifiek", FGR.departmentalEducation),
             ("competenties", FGR.competencyStatement),
             ("competenties-departementsspecifiek", FGR.departmentalCompetency)]


def _int(graph: Graph, node, prop, default=0) -> int:
    value = graph.value(node, prop)
    return int(value) if value is not None else default


def _ordered(graph: Graph, nodes) -> list[URIRef]:
    return sorted(nodes, key=lambda n: (_int(graph, n, SCHEMA.position), _int(graph, n, FGR.sourceLine), str(n)))


def _line(graph: Graph, st) -> str:
    text = str(graph.value(st, SCHEMA.text) or "")
    bulleted = graph.value(st, FGR.bulleted)
    return text if bulleted is not None and not bulleted.toPython() else BULLET + text


def job_groups(graph: Graph) -> list[URIRef]:
    return sorted(set(graph.subjects(RDF.type, FGR.JobGroup)), key=str)


def render_group(graph: Graph, group: URIRef) -> str:
    """The FGR text of one functiegroep in ``graph``."""
    out: list[str] = []

    def para(*lines):
        out.extend(lines)
        out.append("")

    for title, prop in (("Resultaten", FGR.result), ("Gedragsindicatoren", FGR.behaviouralIndicator)):
        para(title)
        by_area: dict = {}
        for st in graph.objects(group, prop):
            by_area.setdefault(graph.value(st, FGR.resultArea), []).append(st)
        areas = sorted(by_area, key=lambda a: min(_int(graph, s, FGR.sourceLine) for s in by_area[a]))
        for area in areas:
            para(AREA_TITLES.get(str(area).rsplit("/", 1)[-1], str(area)))
            para(*[_line(graph, st) for st in _ordered(graph, by_area[area])])
    para("Competenties")
    para(*[_line(graph, st) for st in _ordered(graph, graph.objects(group, FGR.competencyStatement))])

    para("Kwaliteitenprofielen")
    para("Kwaliteitenprofielen vergelijken")
    for qp in _ordered(graph, graph.objects(group, FGR.qualityProfile)):
        if graph.value(qp, FGR.scaleAssignment) == FGR.assignedByHeading:
            para(f"Schaal {_int(graph, graph.value(qp, FGR.scale), FGR.scaleNumber)}")
        for section, prop in _QP_PROPS:
            if section == "werk-en-denkniveau":
                para("Opleiding")
            para(QP_TITLES[section])
            lines = [_line(graph, st) for st in _ordered(graph, graph.objects(qp, prop))]
            if lines:
                para(*lines)

    para("Functietyperingen")
    para("Functietyperingen vergelijken")
    for typ in _ordered(graph, graph.objects(group, FGR.typification)):
        para("Functietypering")
        code = graph.value(typ, FGR.fuwasysCode)
        if code is not None:
            para(str(code))
        para(f"Schaal {_int(graph, graph.value(typ, FGR.scale), FGR.scaleNumber)}")
        statements = list(graph.objects(typ, FGR.typificationStatement))
        for block in BLOCKS:
            para(BLOCK_TITLES[block])
            block_iri = ID[f"typeringsblok/{block}"]
            lines, sub = [], None
            for st in _ordered(graph, [s for s in statements if graph.value(s, FGR.block) == block_iri]):
                heading = graph.value(st, FGR.subheading)
                heading = str(heading) if heading is not None else None
                if heading and heading != sub:
                    if lines:
                        para(*lines)
                        lines = []
                    lines.append(heading)
                sub = heading
                lines.append(_line(graph, st))
            if lines:
                para(*lines)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def render(graph: Graph, functiegroep: str | int | None = None, path=None) -> str:
    """Render the functiegroep in ``graph`` (its FGR id or IRI when the graph holds several)."""
    groups = job_groups(graph)
    if functiegroep is not None:
        wanted = str(functiegroep)
        groups = [g for g in groups if str(g) == wanted or str(g).rsplit("/", 1)[-1] == wanted]
        if not groups:
            raise FgrError(path, None, f"no functiegroep '{wanted}' in the graph")
    if not groups:
        raise FgrError(path, None, "no functiegroep (fgr:JobGroup) in the graph")
    if len(groups) > 1:
        names = ", ".join(str(g).rsplit("/", 1)[-1] for g in groups)
        raise FgrError(path, None, f"the graph holds {len(groups)} functiegroepen ({names}): choose one with --functiegroep")
    return render_group(graph, groups[0])


def normalise(lines: list[str]) -> list[str]:
    """Lines as the round-trip compares them: no blank lines, no site buttons or grouping headings,
    whitespace collapsed, headings in their canonical spelling, bullets as one mark."""
    out = []
    for tok in tokenize(lines):
        if tok.kind == "head":
            if tok.key == "opleiding":
                continue
            out.append(f"# {tok.key}")
        elif tok.kind == "bullet":
            out.append("\u2022 " + tok.text)
        elif tok.kind == "code":
            out.append(clean(tok.text))
        else:
            out.append(tok.text)
    return out


__all__ = ["render", "render_group", "normalise", "job_groups", "heading_key"]


from functiegebouw._callable import make_callable  # noqa: E402 - after the function it exports

make_callable(__name__, "render")
