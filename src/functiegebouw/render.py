"""Write a profile graph back in the FGR text layout: the proof that conversion loses nothing."""
from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from functiegebouw.errors import FgrError, Where
from functiegebouw.source.model import (AREA_TITLES, BLOCK_TITLES, BLOCKS, COMPARE_KWALITEITENPROFIELEN,
                                        COMPARE_TYPERINGEN, FORMS, KERNPROFIEL, OPTIONAL_BLOCKS,
                                        OPTIONAL_QP_SECTIONS, QP_TITLES, WHOLE)
from functiegebouw.rdf.namespaces import FGR, ID, SCHEMA
from functiegebouw.source.parse import heading_key, tokenize
from functiegebouw.source.text import clean

BULLET = " \u2022 "
_QP_PROPS = [("ervaring", FGR.experience), ("werk-en-denkniveau", FGR.levelStatement),
             ("opleidingsrichting", FGR.educationField),
             ("overige-kennis-en-vaardigheden", FGR.otherKnowledgeAndSkills),
             ("opleiding-departementsspecifiek", FGR.departmentalEducation),
             ("competenties", FGR.competencyStatement),
             ("competenties-departementsspecifiek", FGR.departmentalCompetency)]
_TITLE_KIND = {COMPARE_TYPERINGEN: "functietyperingen", COMPARE_KWALITEITENPROFIELEN: "kwaliteitenprofielen"}


def _int(graph: Graph, node: Node | None, prop: Node, default: int = 0) -> int:
    value = graph.value(node, prop)
    return int(value) if value is not None else default  # type: ignore[call-overload]  # a Literal: int() reads its value


def _ordered(graph: Graph, nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=lambda n: (_int(graph, n, SCHEMA.position), _int(graph, n, FGR.sourceLine), str(n)))


def _line(graph: Graph, st: Node) -> str:
    text = str(graph.value(st, SCHEMA.text) or "")
    bulleted = graph.value(st, FGR.bulleted)
    return text if bulleted is not None and not bulleted.toPython() else BULLET + text  # type: ignore[attr-defined]  # a Literal: fgr:bulleted is an xsd:boolean


def _scale(graph: Graph, part: Node) -> int:
    return _int(graph, graph.value(part, FGR.scale), FGR.scaleNumber)


def job_groups(graph: Graph) -> list[URIRef]:
    return sorted({s for s in graph.subjects(RDF.type, FGR.JobGroup) if isinstance(s, URIRef)}, key=str)


def page_form(graph: Graph, group: URIRef) -> str:
    """The page form to write: that of the group's one source text; the whole page for a merged group."""
    docs = [d for d in graph.objects(group, PROV.wasDerivedFrom) if (d, RDF.type, FGR.SourceDocument) in graph]
    if len(docs) == 1:
        form = graph.value(docs[0], FGR.pageForm)
        if form is not None and str(form).rsplit("/", 1)[-1] in FORMS:
            return str(form).rsplit("/", 1)[-1]
    return WHOLE


class _Page:
    """The lines of one page, in paragraphs separated by blank lines as on the site."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.out: list[str] = []

    def para(self, *lines: str) -> None:
        for n, line in enumerate(lines):
            if n and lines[n - 1].startswith(BULLET) and not line.startswith(BULLET):
                self.out.append("")  # right below a bullet, the line would read back as its continuation
            self.out.append(line)
        self.out.append("")

    def block(self, statements: Iterable[Node]) -> None:
        """Lines in order, each sub-heading written once above the lines under it."""
        g, sub = self.graph, None
        lines: list[str] = []
        for st in _ordered(g, statements):
            found = g.value(st, FGR.subheading)
            heading = str(found) if found is not None else None
            if heading and heading != sub:
                if lines:
                    self.para(*lines)
                    lines = []
                lines.append(heading)
            sub = heading
            lines.append(_line(g, st))
        if lines:
            self.para(*lines)

    def kernprofiel(self, group: Node) -> None:
        g = self.graph
        for title, prop in (("Resultaten", FGR.result), ("Gedragsindicatoren", FGR.behaviouralIndicator)):
            self.para(title)
            by_area: dict[Node | None, list[Node]] = {}
            for st in g.objects(group, prop):
                by_area.setdefault(g.value(st, FGR.resultArea), []).append(st)
            areas = sorted(by_area, key=lambda a: min(_int(g, s, FGR.sourceLine) for s in by_area[a]))
            for area in areas:
                written = next((str(h) for st in by_area[area] for h in g.objects(st, FGR.areaHeading)), None)
                self.para(written or AREA_TITLES.get(str(area).rsplit("/", 1)[-1], str(area)))
                self.para(*[_line(g, st) for st in _ordered(g, by_area[area])])
        self.para("Competenties")
        self.para(*[_line(g, st) for st in _ordered(g, g.objects(group, FGR.competencyStatement))])

    def quality_profiles(self, qps: Iterable[Node], whole: bool) -> None:
        g = self.graph
        for qp in qps:
            how = g.value(qp, FGR.scaleAssignment)
            if how == FGR.assignedByHeading or (whole and how == FGR.assignedByPageHeader):
                self.para(f"Schaal {_scale(g, qp)}")
            for section, prop in _QP_PROPS:
                lines = [_line(g, st) for st in _ordered(g, g.objects(qp, prop))]
                if section in OPTIONAL_QP_SECTIONS and not lines:
                    continue
                if section == "werk-en-denkniveau":
                    self.para("Opleiding")
                self.para(QP_TITLES[section])
                if lines:
                    self.para(*lines)

    def typifications(self, per_scale: list[list[Node]], whole: bool) -> None:
        """One functietypering per schaal; the variants of a schaal write their codes one under the other."""
        g = self.graph
        for variants in per_scale:
            variants = sorted(variants, key=lambda t: (_int(g, t, FGR.variantNumber), str(t)))
            self.para("Functietypering")
            codes = [str(c) for t in variants if (c := g.value(t, FGR.fuwasysCode)) is not None]
            if codes:
                self.para(*codes)
            by_header = all(g.value(t, FGR.scaleAssignment) == FGR.assignedByPageHeader for t in variants)
            if whole or not by_header:
                self.para(f"Schaal {_scale(g, variants[0])}")
            statements = {st for t in variants for st in g.objects(t, FGR.typificationStatement)}
            for block in BLOCKS:
                block_iri = ID[f"typeringsblok/{block}"]
                inside = [s for s in statements if g.value(s, FGR.block) == block_iri]
                if block in OPTIONAL_BLOCKS and not inside:
                    continue
                self.para(BLOCK_TITLES[block])
                self.block(inside)

    def text(self) -> str:
        out = self.out
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"


def _per_scale(graph: Graph, typerings: Iterable[Node]) -> list[list[Node]]:
    """The functietyperingen grouped by schaal (the variants of one schaal together), in page order."""
    groups: dict[int, list[Node]] = {}
    for typ in _ordered(graph, typerings):
        groups.setdefault(_scale(graph, typ), []).append(typ)
    return list(groups.values())


def _title(kind: str, scales: list[int], name: str) -> str:
    named = [f"schaal {s}" for s in scales]
    between = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " en " + named[-1]
    return f"Vergelijk {kind} tussen {between} voor de functiegroep {name}"


def render_group(graph: Graph, group: URIRef, form: str | None = None) -> str:
    """The FGR text of one functiegroep in ``graph``, in the page form it came from (``form`` overrides):
    a compare page as a compare page, a kernprofiel page as one, a merged functiegroep as the whole page."""
    g = graph
    form = form or page_form(g, group)
    if form not in FORMS:
        raise FgrError(None, None, f"unknown page form {form!r}: expected one of {', '.join(FORMS)}")
    page = _Page(g)
    qps = _ordered(g, g.objects(group, FGR.qualityProfile))
    per_scale = _per_scale(g, g.objects(group, FGR.typification))
    if form in _TITLE_KIND:
        name = str(g.value(group, RDFS.label) or str(group).rsplit("/", 1)[-1])
        if form == COMPARE_TYPERINGEN:
            scales = [_scale(g, variants[0]) for variants in per_scale]
        else:
            scales = [_scale(g, qp) for qp in qps]
        page.para(_title(_TITLE_KIND[form], scales, name))
        page.para(" ".join(f"schaal {s}" for s in scales))
        if form == COMPARE_TYPERINGEN:
            page.typifications(per_scale, whole=False)
        else:
            page.quality_profiles(qps, whole=False)
        return page.text()
    page.kernprofiel(group)
    if form == KERNPROFIEL:
        return page.text()
    page.para("Kwaliteitenprofielen")
    page.para("Kwaliteitenprofielen vergelijken")
    page.quality_profiles(qps, whole=True)
    page.para("Functietyperingen")
    page.para("Functietyperingen vergelijken")
    page.typifications(per_scale, whole=True)
    return page.text()


def render(graph: Graph, functiegroep: str | int | None = None, path: Where = None, form: str | None = None) -> str:
    """Render the functiegroep in ``graph`` (its FGR id or IRI when the graph holds several), in the page
    form of its source (or ``form``: one of source.model.FORMS)."""
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
    return render_group(graph, groups[0], form)


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
        elif tok.kind == "schaal":
            out.append(f"Schaal {tok.number}")
        elif tok.kind == "title":
            out.append(f"# vergelijk {tok.key} {' '.join(map(str, tok.numbers))} {(tok.name or '').casefold()}")
        elif tok.kind == "schalen":
            out.append(f"# schalen {' '.join(map(str, tok.numbers))}")
        else:
            out.append(tok.text)
    return out


__all__ = ["render", "render_group", "normalise", "job_groups", "heading_key", "page_form"]


from functiegebouw._callable import make_callable  # noqa: E402 - after the function it exports

make_callable(__name__, "render")
