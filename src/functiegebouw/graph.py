"""Turn a parsed profile into RDF, and serialise it deterministically."""
from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .model import AREA_TITLES, BLOCKS, Item, Profile
from .namespaces import FGR, ID, SCHEMA, bind_prefixes
from .text import clean, slug, text_key

FORMATS = {"turtle": "turtle", "ttl": "turtle", "json-ld": "json-ld", "jsonld": "json-ld", "nt": "nt",
           "ntriples": "nt"}

_LEVEL = re.compile(r"\b(VMBO|MBO|HAVO|VWO|HBO|WO)\b(\s*\+|\s+[1-4]\b|-(?:basis|kader|gl|tl)\b)?", re.IGNORECASE)
_QP_PROPERTY = {
    "ervaring": (FGR.experience, FGR.ExperienceStatement),
    "werk-en-denkniveau": (FGR.levelStatement, FGR.LevelStatement),
    "opleidingsrichting": (FGR.educationField, FGR.EducationFieldStatement),
    "opleiding-departementsspecifiek": (FGR.departmentalEducation, FGR.DepartmentalStatement),
    "competenties": (FGR.competencyStatement, FGR.CompetencyStatement),
    "competenties-departementsspecifiek": (FGR.departmentalCompetency, FGR.DepartmentalStatement),
}


def group_slug(profile: Profile, fallback: str) -> str:
    if profile.meta.functiegroep_id is not None:
        return str(profile.meta.functiegroep_id)
    return slug(profile.meta.label or fallback)


def competency_iri(text: str) -> URIRef:
    return ID[f"competentie/{slug(text.casefold(), 80)}"]


def competency_label(text: str) -> str:
    text = clean(text)
    return text[:1].upper() + text[1:]


def levels_in(text: str) -> list[tuple[str, str]]:
    """Work and thinking levels named in a line: [(slug, label)], in order, without repeats."""
    out: list[tuple[str, str]] = []
    for m in _LEVEL.finditer(text):
        base = m.group(1).upper()
        extra = (m.group(2) or "").strip()
        label = base + (" " + extra if extra and extra != "+" and not extra.startswith("-") else extra)
        key = slug(label.replace("+", " plus"))
        if (key, label) not in out:
            out.append((key, label))
    return out


class _Builder:
    def __init__(self, profile: Profile, fallback_name: str):
        self.p = profile
        self.g = bind_prefixes(Graph())
        self.group = ID[f"functiegroep/{group_slug(profile, fallback_name)}"]
        self.source = URIRef(f"{self.group}/bron")
        self.seen: set[URIRef] = set()

    def add(self, s, p, o):
        self.g.add((s, p, o))

    def statement(self, base: str, item: Item, cls, position: int) -> URIRef:
        iri = URIRef(f"{base}/{text_key(item.text)}")
        n = 2
        while iri in self.seen:  # the same line twice in one list keeps both
            iri = URIRef(f"{base}/{text_key(item.text)}-{n}")
            n += 1
        self.seen.add(iri)
        self.add(iri, RDF.type, cls)
        if item.is_placeholder:
            self.add(iri, RDF.type, FGR.Placeholder)
        self.add(iri, SCHEMA.text, Literal(item.text, lang="nl"))
        self.add(iri, SCHEMA.position, Literal(position))
        self.add(iri, FGR.bulleted, Literal(item.bulleted))
        self.add(iri, FGR.sourceLine, Literal(item.line))
        self.add(iri, PROV.wasDerivedFrom, self.source)
        return iri

    def scale(self, number: int) -> URIRef:
        iri = ID[f"schaal/{number}"]
        self.add(iri, RDF.type, FGR.Scale)
        self.add(iri, FGR.scaleNumber, Literal(number))
        self.add(iri, RDFS.label, Literal(f"schaal {number}", lang="nl"))
        self.add(iri, RDFS.label, Literal(f"scale {number}", lang="en"))
        return iri

    def part(self, segment: str, prop, cls, label: str, scale: int, position: int, line: int) -> URIRef:
        """A kwaliteitenprofiel or functietypering of the functiegroep, for one schaal."""
        node = URIRef(f"{self.group}/{segment}/schaal-{scale}")
        self.add(self.group, prop, node)
        self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, Literal(f"{label} schaal {scale}", lang="nl"))
        self.add(node, FGR.scale, self.scale(scale))
        self.add(node, SCHEMA.position, Literal(position))
        self.add(node, FGR.sourceLine, Literal(line))
        self.add(node, PROV.wasDerivedFrom, self.source)
        return node

    def competencies(self, owner: URIRef, base: str, items: list[Item]) -> None:
        labels: dict[URIRef, set[str]] = {}
        for pos, item in enumerate(items, 1):
            st = self.statement(base, item, FGR.CompetencyStatement, pos)
            self.add(owner, FGR.competencyStatement, st)
            if item.is_placeholder:
                continue
            concept = competency_iri(item.text)
            self.add(st, FGR.competency, concept)
            self.add(owner, FGR.competency, concept)
            labels.setdefault(concept, set()).add(competency_label(item.text))
        for concept, forms in labels.items():
            self.add(concept, RDF.type, FGR.Competency)
            self.add(concept, SKOS.inScheme, ID["competentie"])
            self.add(concept, SKOS.prefLabel, Literal(min(forms), lang="nl"))

    def levels(self, owner: URIRef | None, st: URIRef, text: str) -> None:
        for key, label in levels_in(text):
            concept = ID[f"werk-en-denkniveau/{key}"]
            self.add(concept, RDF.type, FGR.WorkAndThinkingLevel)
            self.add(concept, SKOS.inScheme, ID["werk-en-denkniveau"])
            self.add(concept, SKOS.prefLabel, Literal(label, lang="nl"))
            base = key.split("-")[0]
            if base != key:
                self.add(concept, SKOS.broader, ID[f"werk-en-denkniveau/{base}"])
            self.add(st, FGR.workAndThinkingLevel, concept)
            if owner is not None:
                self.add(owner, FGR.workAndThinkingLevel, concept)

    def build(self) -> Graph:
        p, g, group = self.p, self.g, self.group
        name = p.meta.label
        # source document
        self.add(self.source, RDF.type, FGR.SourceDocument)
        self.add(self.source, DCTERMS.identifier, Literal(p.source_name))
        self.add(self.source, FGR.sha256, Literal(p.sha256))
        self.add(self.source, DCTERMS["format"], Literal("text/plain"))
        if p.meta.source_url:
            self.add(self.source, DCTERMS.source, URIRef(p.meta.source_url))
        if p.meta.retrieved:
            self.add(self.source, FGR.retrievedOn, Literal(p.meta.retrieved, datatype=XSD.date))
        # job group
        self.add(group, RDF.type, FGR.JobGroup)
        self.add(group, PROV.wasDerivedFrom, self.source)
        if name:
            self.add(group, RDFS.label, Literal(name, lang="nl"))
        if p.meta.functiegroep_id is not None:
            self.add(group, FGR.fgrId, Literal(p.meta.functiegroep_id))
        if p.meta.source_url:
            self.add(group, SCHEMA.url, URIRef(p.meta.source_url))
        if p.meta.functiefamilie:
            self.add(group, FGR.jobFamily, ID[f"functiefamilie/{slug(p.meta.functiefamilie)}"])
        # kernprofiel
        for prop, cls, segment, areas in ((FGR.result, FGR.Result, "resultaat", p.results),
                                          (FGR.behaviouralIndicator, FGR.BehaviouralIndicator, "gedragsindicator",
                                           p.indicators)):
            for area, items in areas.items():
                for pos, item in enumerate(items, 1):
                    st = self.statement(f"{group}/{segment}/{area}", item, cls, pos)
                    self.add(group, prop, st)
                    self.add(st, FGR.resultArea, ID[f"resultaatgebied/{area}"])
        self.competencies(group, f"{group}/competentie", p.competencies)
        # kwaliteitenprofielen
        who = f" {name}" if name else ""
        for pos, qp in enumerate(p.quality_profiles, 1):
            node = self.part("kwaliteitenprofiel", FGR.qualityProfile, FGR.QualityProfile,
                             f"Kwaliteitenprofiel{who}", qp.scale, pos, qp.line)
            self.add(node, FGR.scaleAssignment, FGR.assignedByHeading if qp.scale_by_heading
                     else FGR.assignedByPosition)
            for section, items in qp.sections.items():
                base = f"{node}/{section}"
                if section == "competenties":
                    self.competencies(node, base, items)
                    continue
                prop, cls = _QP_PROPERTY[section]
                for ipos, item in enumerate(items, 1):
                    st = self.statement(base, item, cls, ipos)
                    self.add(node, prop, st)
                    if section == "werk-en-denkniveau":
                        self.levels(node, st, item.text)
                    elif section == "opleidingsrichting":
                        self.levels(None, st, item.text.split(":", 1)[0] if ":" in item.text else "")
        # functietyperingen
        for pos, typ in enumerate(p.typifications, 1):
            node = self.part("functietypering", FGR.typification, FGR.Typification,
                             f"Functietypering{who}", typ.scale, pos, typ.line)
            if typ.code is not None:
                self.fuwasys(node, typ.code)
            for block in BLOCKS:
                for ipos, item in enumerate(typ.blocks[block], 1):
                    st = self.statement(f"{node}/{block}", item, FGR.TypificationStatement, ipos)
                    self.add(node, FGR.typificationStatement, st)
                    self.add(st, FGR.block, ID[f"typeringsblok/{block}"])
                    if item.subheading:
                        self.add(st, FGR.subheading, Literal(item.subheading))
        return g

    def fuwasys(self, node: URIRef, code: str) -> None:
        """Keep the code as written; split its digits into scores without repairing anything."""
        self.add(node, FGR.fuwasysCode, Literal(code))
        digits, _, total = code.partition("(")
        total = total.rstrip(") ").strip()
        if total.isdigit():
            self.add(node, FGR.statedTotal, Literal(int(total)))
        for n, digit in enumerate((c for c in digits if c.isdigit()), 1):
            score = URIRef(f"{node}/score/{n:02d}")
            self.add(node, FGR.score, score)
            self.add(score, RDF.type, FGR.FuwasysScore)
            self.add(score, SCHEMA.position, Literal(n))
            self.add(score, FGR.scoreValue, Literal(int(digit)))
            if n <= 14:  # a 15th digit has no characteristic: the shapes report it
                self.add(score, FGR.characteristic, ID[f"fuwasys-kenmerk/{n:02d}"])


def profile_to_graph(profile: Profile, fallback_name: str = "functiegroep") -> Graph:
    """The RDF graph of one profile. IRIs derive from functiegroep, schaal, section and text."""
    return _Builder(profile, fallback_name).build()


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """Serialise deterministically: the same graph always gives the same bytes."""
    fmt = FORMATS.get(fmt, fmt)
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        raise ValueError("graphs with blank nodes cannot be serialised deterministically")
    if fmt == "nt":
        lines = sorted(set(graph.serialize(format="nt").splitlines()))
        return ("\n".join(line for line in lines if line.strip()) + "\n").encode("utf-8")
    data = graph.serialize(format=fmt, **({"sort_keys": True, "indent": 2} if fmt == "json-ld" else {}))
    return data.encode("utf-8") if isinstance(data, str) else data
