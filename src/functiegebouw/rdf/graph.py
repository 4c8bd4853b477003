"""Turn a parsed profile into RDF triples, and serialise them deterministically.

The builder emits plain term tuples into a ``turtle.Triples`` (see turtle.py), not rdflib terms into
an rdflib ``Graph``: rdflib's store costs ~15 µs a triple and its Turtle writer ~5 times more, which
held conversion to ~13 profiles/s. An rdflib ``Graph`` is built from the triples only when a caller asks.
"""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS

from functiegebouw.errors import FgrError
from functiegebouw.source.model import (BLOCKS, CONNECTIVE, CONTINUATION, LEAD, MAX_CODE_DIGITS, WHOLE, Item, Profile,
                                       QualityProfile, Source, Typification, code_parts, education_parts)
from functiegebouw.rdf.namespaces import FGR, ID, ONTOLOGY, PAV, PREFIXES, SCHEMA, SPDX, bind_prefixes
from functiegebouw.source.text import clean, slug, text_key
from functiegebouw.rdf.turtle import XSD, Term, Triples, boolean, date, integer, lit, term_key, typed

FORMATS = {"turtle": "turtle", "ttl": "turtle", "json-ld": "json-ld", "jsonld": "json-ld", "nt": "nt",
           "ntriples": "nt"}

_LEVEL = re.compile(r"\b(VMBO|MBO|HAVO|VWO|HBO|WO)\b(\s*\+|\s+[1-4]\b|-(?:basis|kader|gl|tl)\b)?", re.IGNORECASE)


class _Names:
    """Plain-string IRIs of one namespace, each made once (rdflib's Namespace makes a URIRef per access)."""

    def __init__(self, ns: object) -> None:  # a str, an rdflib Namespace or DefinedNamespace
        self._ns = str(ns)

    def __getattr__(self, local: str) -> str:
        if local.startswith("__"):
            raise AttributeError(local)
        value = self._ns + local
        setattr(self, local, value)
        return value

    def __getitem__(self, local: str) -> str:
        return self._ns + local


F, I, S = _Names(FGR), _Names(ID), _Names(SCHEMA)
DCT, PRV, RDFS_, SKOS_ = _Names(DCTERMS), _Names(PROV), _Names(RDFS), _Names(SKOS)
PAV_, SPDX_, DCAT_, FOAF_, ORG_ = _Names(PAV), _Names(SPDX), _Names(DCAT), _Names(FOAF), _Names(ORG)
XSD_HEX = XSD + "hexBinary"
# The standard classes a fgr: class is a subclass of, written beside it so that a consumer without a
# reasoner sees them too (ontology/functiegebouw.ttl says the same with rdfs:subClassOf).
_ALSO_TYPED = {F.ExperienceStatement: S.OccupationalExperienceRequirements,
               F.LevelStatement: S.EducationalOccupationalCredential,
               F.EducationFieldStatement: S.EducationalOccupationalCredential}
# kwaliteitenprofiel sections that are schema.org requirements of the profile as well
_REQUIREMENT = {"ervaring": S.experienceRequirements, "werk-en-denkniveau": S.educationRequirements,
                "opleidingsrichting": S.educationRequirements}
TYPE = str(RDF.type)
_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
_QP_PROPERTY = {
    "ervaring": (F.experience, F.ExperienceStatement),
    "werk-en-denkniveau": (F.levelStatement, F.LevelStatement),
    "opleidingsrichting": (F.educationField, F.EducationFieldStatement),
    "overige-kennis-en-vaardigheden": (F.otherKnowledgeAndSkills, F.KnowledgeAndSkillsStatement),
    "opleiding-departementsspecifiek": (F.departmentalEducation, F.DepartmentalStatement),
    "competenties": (F.competencyStatement, F.CompetencyStatement),
    "competenties-departementsspecifiek": (F.departmentalCompetency, F.DepartmentalStatement),
}
_TRUE, _FALSE = boolean(True), boolean(False)
_PLACEHOLDER = ("iri", F.Placeholder)
_TEXT, _POSITION, _BULLETED, _SOURCE_LINE, _DERIVED = S.text, S.position, F.bulleted, F.sourceLine, PRV.wasDerivedFrom
_SMALL = [integer(n) for n in range(1000)]
XSD_DATE = XSD + "date"
_FUWASYS_SCORE, _SCORE_VALUE, _CHARACTERISTIC = ("iri", F.FuwasysScore), F.scoreValue, F.characteristic
def _package_version() -> str:
    """The installed version (pyproject.toml), named by the software agent of every conversion."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("functiegebouw")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


__version__ = _package_version()
_AGENT = I[f"software/functiegebouw/{__version__}"]
_LINE_KIND = F.lineKind
_NOT_A_NAME = (LEAD, CONNECTIVE, CONTINUATION)
_LINE_KINDS: dict[str, Term] = {}


def _line_kind(kind: str) -> Term:
    found = _LINE_KINDS.get(kind)
    if found is None:
        found = _LINE_KINDS[kind] = ("iri", I[f"regelsoort/{kind}"])
    return found


def _integer(n: int) -> Term:
    """integer(n), made once for the small numbers that positions and line numbers mostly are."""
    return _SMALL[n] if 0 <= n < 1000 else integer(n)


def _date(value: str) -> Term:
    """xsd:date, canonical (the metadata file accepts any ISO spelling, e.g. 20240301); kept as written
    when it is no date at all (possible only through the API), as rdflib kept such a literal."""
    try:
        return date(value)
    except ValueError:
        return typed(value, XSD_DATE)


def _scale_of(part: QualityProfile | Typification) -> int:
    if part.scale is None:  # the parser gives every part its schaal (source/parse.py, _assign_scales)
        raise FgrError(None, part.line, "this part has no schaal")
    return part.scale


def _document_segment(src: Source) -> str:
    """"" for the whole page (as before pages came in parts), else /kernprofiel or /vergelijk-…-5-6."""
    if src.form == WHOLE:
        return ""
    scales = "-".join(str(n) for n in src.compare_scales)
    return f"/{src.form}" + (f"-{scales}" if scales else "")


def group_slug(profile: Profile, fallback: str) -> str:
    if profile.meta.functiegroep_id is not None:
        return str(profile.meta.functiegroep_id)
    return slug(profile.meta.label or fallback)


# remembered: the same competenties recur in every profile and every kwaliteitenprofiel
@functools.lru_cache(maxsize=4096)
def competency_iri(text: str) -> str:
    return I[f"competentie/{slug(text.casefold(), 80)}"]


@functools.lru_cache(maxsize=4096)
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
    def __init__(self, profile: Profile, fallback_name: str) -> None:
        self.p = profile
        self.t = Triples(keep_empty=True)  # profile data is never dropped, not even an empty text
        self.add = self.t.add
        self.link = self.t.add_iri  # link(s, p, o): the IRI o as the object
        self.group = I[f"functiegroep/{group_slug(profile, fallback_name)}"]
        # one source document per text the functiegroep was read from (several after fgr build merged them),
        # named after its page form and not its file name, so that renaming a file keeps every IRI
        self.sources: list[str] = []
        for src in profile.sources:
            base = iri = f"{self.group}/bron" + _document_segment(src)
            n = 2
            while iri in self.sources:
                iri = f"{base}-{n}"
                n += 1
            self.sources.append(iri)
        self.source_terms = [("iri", iri) for iri in self.sources]
        self.source = self.sources[0]
        self.fields: set[str] = set()
        self.seen: set[str] = set()
        self.repeats: dict[str, int] = {}  # IRI of a repeated line -> the next suffix to try

    def statement(self, base: str, item: Item, cls: str, position: int) -> str:
        first = iri = f"{base}/{text_key(item.text)}"
        if iri in self.seen:  # the same line twice in one list keeps both: -2, -3, …
            n = self.repeats.get(first, 2)  # remembered, so 5,000 copies cost 5,000 steps, not 12.5 million
            while (iri := f"{first}-{n}") in self.seen:
                n += 1
            self.repeats[first] = n + 1
        self.seen.add(iri)
        # one dict per statement rather than seven add() calls: this is most of every profile's triples
        also = _ALSO_TYPED.get(cls)
        about: dict[str, set[Term]] = {
            TYPE: ({("iri", cls), _PLACEHOLDER} if item.is_placeholder else
                   {("iri", cls), ("iri", also)} if also else {("iri", cls)}),
            _TEXT: {("lit", item.text, "nl")},
            _POSITION: {_integer(position)},
            _BULLETED: {_TRUE if item.bulleted else _FALSE},
            _SOURCE_LINE: {_integer(item.line)},
            _DERIVED: {self.source_terms[item.source]},
        }
        if item.kind is not None:
            about[_LINE_KIND] = {_line_kind(item.kind)}
        if item.end_line is not None:  # a bullet wrapped onto several lines: one statement, both lines
            about[F.lastSourceLine] = {_integer(item.end_line)}
        self.t.describe(iri, about)
        return iri

    def statements(self, owner: str, prop: str, base: str, items: list[Item], cls: str) -> list[str]:
        """One statement per item, linked from ``owner``; a continuation line points at the bullet it continues."""
        out, bullet = [], None
        for pos, item in enumerate(items, 1):
            st = self.statement(base, item, cls, pos)
            self.link(owner, prop, st)
            if item.kind == CONTINUATION and bullet is not None:
                self.link(st, F.continues, bullet)
            elif item.bulleted:
                bullet = st
            out.append(st)
        return out

    def scale(self, number: int) -> str:
        iri = I[f"schaal/{number}"]
        self.link(iri, TYPE, F.Scale)
        self.add(iri, F.scaleNumber, integer(number))
        self.add(iri, RDFS_.label, lit(f"schaal {number}", "nl"))
        self.add(iri, RDFS_.label, lit(f"scale {number}", "en"))
        return iri

    def part(self, segment: str, prop: str, cls: str, label: str, scale: int, position: int, line: int,
             source: int = 0, also: Iterable[tuple[int, int]] = (), variant: int | None = None) -> str:
        """A kwaliteitenprofiel or functietypering of the functiegroep, for one schaal (and variant)."""
        node = f"{self.group}/{segment}/schaal-{scale}" + (f"/variant-{variant}" if variant is not None else "")
        self.link(self.group, prop, node)
        self.link(node, TYPE, cls)
        name = f"{label} schaal {scale}" + (f" variant {variant}" if variant is not None else "")
        self.add(node, RDFS_.label, lit(name, "nl"))
        self.link(node, F.scale, self.scale(scale))
        self.add(node, S.position, integer(position))
        self.add(node, F.sourceLine, integer(line))
        self.link(node, PRV.wasDerivedFrom, self.sources[source])
        if variant is not None:
            self.add(node, F.variantNumber, integer(variant))
        if also:
            # the same part, word for word, in several texts: one part, a qualified derivation per text
            for k, (src, src_line) in enumerate([(source, line), *also], 1):
                derivation = f"{node}/herkomst/{k}"
                self.link(node, PRV.wasDerivedFrom, self.sources[src])
                self.link(node, PRV.qualifiedDerivation, derivation)
                self.link(derivation, TYPE, PRV.Derivation)
                self.link(derivation, PRV.entity, self.sources[src])
                self.add(derivation, F.sourceLine, integer(src_line))
        return node

    def competencies(self, owner: str, base: str, items: list[Item]) -> None:
        labels: dict[str, set[str]] = {}
        statements = self.statements(owner, F.competencyStatement, base, items, F.CompetencyStatement)
        for item, st in zip(items, statements, strict=True):
            if item.is_placeholder or item.kind in _NOT_A_NAME:
                continue  # a lead line, connective or continuation is no competentie of its own
            concept = competency_iri(item.text)
            self.link(st, F.refersToCompetency, concept)
            self.link(owner, F.requiresCompetency, concept)  # the chain competencyStatement/refersToCompetency
            labels.setdefault(concept, set()).add(competency_label(item.text))
        for concept, forms in labels.items():
            self.link(concept, TYPE, F.Competency)
            self.link(concept, TYPE, SKOS_.Concept)
            self.link(concept, SKOS_.inScheme, I["competentie"])
            self.add(concept, SKOS_.prefLabel, lit(min(forms), "nl"))

    def levels(self, owner: str | None, st: str, text: str) -> None:
        for key, label in levels_in(text):
            concept = I[f"werk-en-denkniveau/{key}"]
            self.link(concept, TYPE, F.WorkAndThinkingLevel)
            self.link(concept, TYPE, SKOS_.Concept)
            self.link(concept, SKOS_.inScheme, I["werk-en-denkniveau"])
            self.add(concept, SKOS_.prefLabel, lit(label, "nl"))
            base = key.split("-")[0]
            if base != key:
                self.link(concept, SKOS_.broader, I[f"werk-en-denkniveau/{base}"])
            self.link(st, S.educationalLevel, concept)
            if owner is not None:
                self.link(owner, F.requiresLevel, concept)  # the chain levelStatement/educationalLevel

    def education_field(self, st: str, item: Item) -> None:
        """The field an opleidingsrichting line names (the text after "MBO:"), as a concept that links can
        map (ISCED-F); one concept per field regardless of capitalisation, labelled as first written."""
        field = education_parts(item.text)[1]
        if not field or item.is_placeholder:
            return
        concept = I[f"opleidingsrichting/{slug(field.casefold(), 80)}"]
        if concept not in self.fields:
            self.fields.add(concept)
            self.link(concept, TYPE, F.EducationField)
            self.link(concept, TYPE, SKOS_.Concept)
            self.link(concept, SKOS_.inScheme, I["opleidingsrichting"])
            self.add(concept, SKOS_.prefLabel, lit(field, "nl"))
        self.link(st, F.namesEducationField, concept)

    def build(self) -> Triples:
        p, group, add, link = self.p, self.group, self.add, self.link
        name = p.meta.label
        # source documents, the conversion that read them, and the dataset it made
        activity, dataset = f"{group}/omzetting", f"{group}/gegevensset"
        for doc, src in zip(self.sources, p.sources, strict=True):
            link(doc, TYPE, F.SourceDocument)
            add(doc, DCT.identifier, lit(src.name))
            add(doc, DCT["format"], lit(src.media_type))
            link(doc, F.pageForm, I[f"paginavorm/{src.form}"])
            checksum = f"{doc}/checksum"  # an IRI, not a blank node: the output stays byte-stable
            link(doc, SPDX_.checksum, checksum)
            link(checksum, TYPE, SPDX_.Checksum)
            link(checksum, SPDX_.algorithm, SPDX_.checksumAlgorithm_sha256)
            add(checksum, SPDX_.checksumValue, typed(src.sha256, XSD_HEX))
            if src.source_url:
                link(doc, PAV_.retrievedFrom, src.source_url)
            if src.retrieved:
                add(doc, PAV_.retrievedOn, _date(src.retrieved))
            link(group, PRV.wasDerivedFrom, doc)
            link(activity, PRV.used, doc)
            link(dataset, DCT.source, doc)
        link(activity, TYPE, PRV.Activity)
        add(activity, RDFS_.label, lit(f"omzetting van functiegroep {group.rsplit('/', 1)[-1]} naar RDF", "nl"))
        link(activity, PRV.wasAssociatedWith, _AGENT)
        link(_AGENT, TYPE, PRV.SoftwareAgent)
        add(_AGENT, RDFS_.label, lit(f"functiegebouw {__version__}"))
        add(_AGENT, S.softwareVersion, lit(__version__))
        link(dataset, TYPE, DCAT_.Dataset)
        title = f"Functiegroep {p.meta.functiegroep_id or ''} {name or ''}".replace("  ", " ").strip()
        add(dataset, DCT.title, lit(f"{title} (FGR), als RDF", "nl"))
        add(dataset, DCT.title, lit(f"{title} (FGR), as RDF", "en"))
        link(dataset, FOAF_.primaryTopic, group)
        link(dataset, DCT.conformsTo, ONTOLOGY)
        link(dataset, PRV.wasGeneratedBy, activity)
        # job group: a concept of the FGR scheme, an occupation (schema.org), a role (W3C ORG)
        for cls in (F.JobGroup, SKOS_.Concept, S.Occupation, ORG_.Role):
            link(group, TYPE, cls)
        link(group, SKOS_.inScheme, I["functiegebouw"])
        link(group, PRV.wasGeneratedBy, activity)
        if name:
            add(group, RDFS_.label, lit(name, "nl"))
            add(group, SKOS_.prefLabel, lit(name, "nl"))
        if p.meta.functiegroep_id is not None:
            add(group, F.fgrId, integer(p.meta.functiegroep_id))
            add(group, SKOS_.notation, lit(str(p.meta.functiegroep_id)))
        if p.meta.source_url:
            link(group, S.url, p.meta.source_url)
        if p.meta.functiefamilie:
            family_slug = slug(p.meta.functiefamilie)
            family = I[f"functiefamilie/{family_slug}"]
            link(group, F.jobFamily, family)
            link(group, SKOS_.broader, family)  # fgr:jobFamily is a sub-property of skos:broader
            if family_slug not in known_families():
                # not one of the scheme's families, which have their names there: its name as written
                # here, or every page shows the IRI's slug in its place
                add(family, SKOS_.prefLabel, lit(p.meta.functiefamilie, "nl"))
        # kernprofiel
        for prop, cls, segment, areas in ((F.result, F.Result, "resultaat", p.results),
                                          (F.behaviouralIndicator, F.BehaviouralIndicator, "gedragsindicator",
                                           p.indicators)):
            for area, items in areas.items():
                area_iri = I[f"resultaatgebied/{area}"]
                written = p.area_headings.get("resultaten" if segment == "resultaat" else "gedragsindicatoren",
                                              {}).get(area)
                for st in self.statements(group, prop, f"{group}/{segment}/{area}", items, cls):
                    link(st, F.resultArea, area_iri)
                    if written:  # "(politiek/ambtelijk)" says more than the area's title
                        add(st, F.areaHeading, lit(written))
        self.competencies(group, f"{group}/competentie", p.competencies)
        # kwaliteitenprofielen
        who = f" {name}" if name else ""
        for pos, qp in enumerate(p.quality_profiles, 1):
            node = self.part("kwaliteitenprofiel", F.qualityProfile, F.QualityProfile,
                             f"Kwaliteitenprofiel{who}", _scale_of(qp), pos, qp.line, qp.source, qp.also)
            link(node, F.scaleAssignment, F.assignedByPageHeader if qp.scale_by_header else
                 F.assignedByHeading if qp.scale_by_heading else F.assignedByPosition)
            for section, items in qp.sections.items():
                base = f"{node}/{section}"
                if section == "competenties":
                    self.competencies(node, base, items)
                    continue
                prop, cls = _QP_PROPERTY[section]
                for item, st in zip(items, self.statements(node, prop, base, items, cls), strict=True):
                    if section in _REQUIREMENT and not item.is_placeholder:
                        link(node, _REQUIREMENT[section], st)
                    if section == "werk-en-denkniveau":
                        self.levels(node, st, item.text)
                    elif section == "opleidingsrichting":
                        self.levels(None, st, education_parts(item.text)[0])
                        self.education_field(st, item)
        # functietyperingen
        for pos, typ in enumerate(p.typifications, 1):
            self.typification(typ, pos, f"Functietypering{who}")
        return self.t

    def typification(self, typ: Typification, position: int, label: str) -> None:
        """One functietypering per schaal; a schaal with variants ("Variant 1. …", "Variant 2. …") becomes
        one functietypering per variant, each with its own code, sharing the lines that name no variant."""
        base = f"{self.group}/functietypering/schaal-{typ.scale}"
        variants: list[int | None] = [*typ.variants] or [None]
        nodes = {}
        for variant in variants:
            node = nodes[variant] = self.part("functietypering", F.typification, F.Typification, label, _scale_of(typ),
                                              position, typ.line, typ.source, typ.also, variant)
            # a scale property of typeringen only: fgr:typificationSalary chains it to the salary figures
            self.link(node, F.typificationScale, I[f"schaal/{typ.scale}"])
            if typ.scale_by_header:
                self.link(node, F.scaleAssignment, F.assignedByPageHeader)
            code = next((c for c in typ.codes if c.variant == variant), None)
            if code is not None:
                self.fuwasys(node, code.raw)
        for block in BLOCKS:
            block_iri = I[f"typeringsblok/{block}"]
            for ipos, item in enumerate(typ.blocks[block], 1):
                st = self.statement(f"{base}/{block}", item, F.TypificationStatement, ipos)
                for variant in (item.variants or variants):
                    self.link(nodes[variant], F.typificationStatement, st)
                self.link(st, F.block, block_iri)
                if item.subheading:
                    self.add(st, F.subheading, lit(item.subheading))

    def fuwasys(self, node: str, code: str) -> None:
        """Keep the code as written; split its digits into scores without repairing anything."""
        self.add(node, F.fuwasysCode, lit(code))
        digits, total = code_parts(code)
        if total.isdigit() and len(total) <= MAX_CODE_DIGITS:
            self.add(node, F.statedTotal, integer(int(total)))
        if len(digits) > MAX_CODE_DIGITS:  # reported by the parser; the code stays as written
            return
        scores = set()
        for n, digit in enumerate(digits, 1):
            score = f"{node}/score/{n:02d}"
            scores.add(("iri", score))
            about = {TYPE: {_FUWASYS_SCORE}, _POSITION: {_integer(n)}, _SCORE_VALUE: {_integer(int(digit))}}
            if n <= 14:  # a 15th digit has no characteristic: the shapes report it
                about[_CHARACTERISTIC] = {("iri", I[f"fuwasys-kenmerk/{n:02d}"])}
            self.t.describe(score, about)
        if scores:
            self.t.describe(node, {F.score: scores})


def profile_triples(profile: Profile, fallback_name: str = "functiegroep") -> Triples:
    """The RDF triples of one profile. IRIs derive from functiegroep, schaal, section and text."""
    return _Builder(profile, fallback_name).build()


def profile_to_graph(profile: Profile, fallback_name: str = "functiegroep") -> Graph:
    """The same triples as an rdflib Graph (slower; for queries and rdflib-based callers)."""
    return to_graph(profile_triples(profile, fallback_name))


def to_graph(triples: Triples) -> Graph:
    """An rdflib Graph, with the project's prefixes bound, holding the given triples."""
    graph = bind_prefixes(Graph())
    iris: dict[str, URIRef] = {}

    def node(value: str) -> URIRef:
        found = iris.get(value)
        if found is None:
            found = iris[value] = URIRef(value)
        return found

    def term(obj: Term) -> Identifier:
        if obj[0] == "iri":
            return node(obj[1])
        if obj[0] == "lit":
            return Literal(obj[1], lang=obj[2])
        return Literal(obj[1], datatype=node(obj[2]))

    # sorted, so that the Graph iterates in the same order in every process (a set's follows the hash seed)
    ordered = sorted(triples, key=lambda t: (t[0], t[1], term_key(t[2])))
    graph.addN((node(s), node(p), term(o), graph) for s, p, o in ordered)
    return graph


def from_graph(graph: Graph) -> Triples:
    """The triples of an rdflib Graph as plain terms; blank nodes have no stable name, so they are refused."""
    out = Triples(keep_empty=True)
    for s, p, o in graph:
        if not isinstance(s, URIRef) or not isinstance(o, (URIRef, Literal)):
            raise ValueError("graphs with blank nodes cannot be serialised deterministically")
        obj: Term
        if isinstance(o, URIRef):
            obj = ("iri", str(o))
        elif o.datatype is not None:
            obj = ("typed", str(o), str(o.datatype))
        else:
            obj = ("lit", str(o), o.language)
        out.add(str(s), str(p), obj)
    return out


def serialize(data: Triples | Graph, fmt: str = "turtle") -> bytes:
    """Serialise deterministically: the same set of triples always gives the same bytes.

    Turtle and N-Triples are written sorted by turtle.py; JSON-LD goes through rdflib.
    """
    fmt = FORMATS.get(fmt, fmt)
    if fmt == "json-ld":
        if isinstance(data, Graph):
            from_graph(data)  # refuses blank nodes, as the other formats do
            graph = data
        else:
            graph = to_graph(data)
        return _stable_json_ld(graph.serialize(format="json-ld"))
    triples = from_graph(data) if isinstance(data, Graph) else data
    if fmt == "turtle":
        return triples.to_turtle_bytes(_PREFIXES)
    if fmt == "nt":
        return triples.to_ntriples().encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}: expected turtle, json-ld or nt")


def _stable_json_ld(text: str | bytes) -> bytes:
    """rdflib's JSON-LD lists nodes in the order of a ``set`` (which follows the hash seed): sort the
    nodes and every list of values, so that the same triples give the same bytes in every process."""
    data = json.loads(text)
    nodes = data if isinstance(data, list) else data.get("@graph", [data])

    def key(value: object) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False)

    for node in nodes:
        for prop, values in node.items():
            if isinstance(values, list):
                node[prop] = sorted(values, key=key)
    nodes.sort(key=lambda n: (str(n.get("@id", "")), key(n)))
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


@functools.lru_cache(maxsize=1)
def known_families() -> frozenset[str]:
    """The slugs of the functiefamilies of the scheme (ontology/schemes.ttl, read as text: the
    converter does not parse the ontology)."""
    from functiegebouw.resources import resource

    try:
        text = (resource("ontology") / "schemes.ttl").read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    return frozenset(re.findall(re.escape(str(ID)) + r"functiefamilie/([a-z0-9-]+)>\s+a\s+fgr:JobFamily\b", text))
