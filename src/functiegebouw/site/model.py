"""What the pages show, read from the store once: functiegroepen with their parts, labels, links.

Built only from the queries in ``queries.py``; the page code reads these plain structures.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from functiegebouw.rdf import iris
import functiegebouw.site.queries as q
from functiegebouw.site.describe import BASE

if TYPE_CHECKING:
    from functiegebouw.site.describe import Graph
    from functiegebouw.sparql.base import Store

# Kinds of link targets by IRI namespace, in the order a functiegroep page lists them.
TARGET_KINDS = (
    (iris.ESCO_ISCO, "ISCO-08"),
    (iris.ID + "brc2014/", "BRC 2014 (CBS)"),
    (iris.ESCO_OCCUPATION, "ESCO-beroep"),
    (iris.ESCO_SKILL, "ESCO-vaardigheid"),
    (iris.EQF, "EQF"),
    (iris.ID + "nlqf/", "NLQF"),
    ("https://www.onetonline.org/", "O*NET-SOC"),
    (iris.ID + "onet", "O*NET-SOC"),
    ("https://www.onetcenter.org/", "O*NET-SOC"),
)
RELATIONS = {"exactMatch": "exact gelijk", "closeMatch": "vrijwel gelijk", "broadMatch": "valt onder (breder)",
             "narrowMatch": "omvat (smaller)", "relatedMatch": "verwant"}


def target_kind(iri: str, scheme: str | None, labels: dict[str, str]) -> str:
    for prefix, kind in TARGET_KINDS:
        if iri.startswith(prefix):
            return kind
    if "onet" in iri.lower():
        return "O*NET-SOC"
    if scheme:
        return labels.get(scheme, scheme)
    return "andere koppeling"


@dataclass
class Typering:
    iri: str
    schaal: int
    schaal_iri: str
    code: str | None
    totaal: int | None
    variant: int | None = None  # "Variant 1." of a schaal with several functietyperingen
    scores: list[tuple[int, int, str]] = field(default_factory=list)  # (kenmerk, score, name)
    blocks: list[tuple[str, str, list[tuple[str | None, str, str]]]] = field(default_factory=list)
    # (block IRI, block name, [(subheading, statement IRI, text)])


@dataclass
class Profiel:
    iri: str
    schaal: int
    parts: list[tuple[str, list[tuple[str, str, bool, list[str]]]]] = field(default_factory=list)
    # (onderdeel, [(statement IRI, text, is placeholder, [concept IRIs])])


@dataclass
class Functiegroep:
    iri: str
    id: int
    naam: str
    familie: str | None
    url: str | None
    kern: list[tuple[str, str, list[tuple[str, str, str]]]] = field(default_factory=list)
    # (area IRI, area name, [(soort, statement IRI, text)])
    competenties: list[tuple[str, str, str | None]] = field(default_factory=list)  # (statement, text, concept)
    typeringen: dict[int, Typering] = field(default_factory=dict)  # per schaal: the first variant
    varianten: dict[int, list[Typering]] = field(default_factory=dict)  # per schaal: every variant, in order
    profielen: dict[int, Profiel] = field(default_factory=dict)
    links: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # (kind, relation, target, notation)

    @property
    def schalen(self) -> list[int]:
        return sorted(set(self.typeringen) | set(self.profielen))


@dataclass
class Referentiegroep:
    """A functiegroep known from the reference list only: no profile in the graph yet."""
    iri: str
    id: int | None  # the FGR number; not known for most groups of the catalogue
    naam: str
    familie: str | None
    vermoed: bool  # the family is a guess from the name (fgr:probableJobFamily)
    laagste: int | None
    hoogste: int | None
    ten_minste: bool  # the schalen are those seen so far (fgr:coverageAtLeast)

    @property
    def bereik(self) -> str:
        if self.laagste is None:
            return ""
        span = str(self.laagste) if self.laagste == self.hoogste else f"{self.laagste}–{self.hoogste}"
        return ("ten minste " if self.ten_minste else "") + span


@dataclass
class Catalogusgroep:
    """A functiegroep of the FGR catalogue (data/reference/functiegroepen.ttl), with or without a profile."""
    iri: str
    nummer: int | None
    naam: str
    familie: str | None
    laagste: int
    hoogste: int
    pagina: str | None  # the FGR site's page of the group (its family page)
    profiel: bool       # a profile of it is in the graph
    volgende: list[str] = field(default_factory=list)  # derived next steps (IRIs), fgr:derivedNextStep
    vorige: list[str] = field(default_factory=list)

    @property
    def bereik(self) -> str:
        return str(self.laagste) if self.laagste == self.hoogste else f"{self.laagste}–{self.hoogste}"

    @property
    def titel(self) -> str:
        return f"{self.nummer} {self.naam}" if self.nummer is not None else self.naam


@dataclass
class Salaris:
    minimum: object
    maximum: object
    valuta: str | None
    vanaf: object
    eenheid: str | None
    iri: str


@dataclass
class SiteData:
    labels: dict[str, dict[str, str]]  # IRI -> {lang: label}
    groepen: dict[int, Functiegroep]
    families: list[tuple[str, str]]  # (IRI, name) in scheme order
    salarissen: dict[int, list[Salaris]]
    kenmerken: dict[int, str]
    competentie_gebruik: dict[str, list[tuple[str, int | None]]]  # concept -> [(group IRI, schaal)]
    links_by_source: dict[str, list[tuple[str, str, str, str | None]]]
    zoekteksten: list[dict[str, Any]]
    referentie: list[Referentiegroep] = field(default_factory=list)  # by number
    catalogus: dict[str, Catalogusgroep] = field(default_factory=dict)  # IRI -> group, lowest range first
    # (functiegroep IRI, link target IRI, label): the words others use for a group, for search
    zoeklabels: list[tuple[str, str, str]] = field(default_factory=list)

    def label(self, iri: str, lang: str = "nl") -> str | None:
        found = self.labels.get(iri)
        if not found:
            return None
        for key in (lang, "", "en", "en-us", "en-gb"):
            if key in found:
                return found[key]
        return found[sorted(found)[0]]

    def group_by_iri(self) -> dict[str, Functiegroep]:
        return {g.iri: g for g in self.groepen.values()}


FGR_COVERAGE_AT_LEAST = iris.FGR + "coverageAtLeast"
LABEL_PROPERTIES = (iris.SKOS + "prefLabel", iris.RDFS + "label")


def _labels(graph: Graph, store: Store) -> dict[str, dict[str, str]]:
    """{IRI: {language: label}}: our resources' from their descriptions, other vocabularies' terms
    that they refer to from the store (one query per 500 IRIs)."""
    out: dict[str, dict[str, str]] = {}

    def add(x: str, text: str, lang: str) -> None:
        have = out.setdefault(x, {})
        # several labels in one language: the smallest, so the choice does not depend on order
        if lang not in have or text < have[lang]:
            have[lang] = text

    external = set()
    for s, preds in graph.data.items():
        for p, objs in preds.items():
            if p in LABEL_PROPERTIES and not s.startswith("_:"):
                for o in objs:
                    if o[0] == "lit":
                        add(s, o[1], (o[2] or "").lower())
            if not p.startswith(BASE):
                external.add(p)
            external.update(o[1] for o in objs if o[0] == "iri" and not o[1].startswith(BASE))
    names = sorted(external)
    for i in range(0, len(names), 500):
        result = store.query(q.LABELS, {"x": names[i:i + 500]})
        for (x, label), (_, term) in zip(result.rows, result.terms, strict=True):
            add(x, str(label), (term.get("xml:lang") or "").lower())
    return out


# {query: its rows as site.queries.records gives them}
Fetched = dict[str, list[dict[str, Any]]]
QUERIES = (q.FUNCTIEGROEPEN, q.KERNPROFIEL, q.GROEP_COMPETENTIES, q.KENMERKEN, q.TYPERINGEN, q.SCORES,
           q.TYPERING_REGELS, q.KWALITEITENPROFIELEN, q.SALARISSEN, q.KOPPELINGEN, q.COMPETENTIE_GEBRUIK,
           q.FAMILIES, q.REFERENTIEGROEPEN, q.CATALOGUS, q.STAPPEN, q.ZOEKTEKSTEN, q.ZOEKLABELS)


def fetch(store: Store) -> Fetched:
    """The rows of every query :func:`read` takes as they are (none needs the graph): the site
    build runs them in a process of its own while its main process reads every triple."""
    return {query: q.records(store, query) for query in QUERIES}


def read(store: Store, graph: Graph, fetched: Fetched | None = None) -> SiteData:
    """Everything the pages show. ``graph``: the descriptions (describe.Graph), for labels;
    ``fetched``: the rows of :func:`fetch`, where they were read already."""

    def records(query: str) -> list[dict[str, Any]]:
        return fetched[query] if fetched is not None and query in fetched else q.records(store, query)

    labels = _labels(graph, store)
    groepen: dict[int, Functiegroep] = {}
    by_iri: dict[str, Functiegroep] = {}
    g: Functiegroep | None
    t: Typering | None
    for r in records(q.FUNCTIEGROEPEN):
        if r["id"] in groepen:  # a second name or family: keep the first in the query's order
            continue
        g = Functiegroep(r["groep"], int(r["id"]), str(r["naam"] or f"functiegroep {r['id']}"), r["familie"], r["url"])
        groepen[g.id] = g
        by_iri[g.iri] = g

    areas: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    for r in records(q.KERNPROFIEL):
        g = by_iri.get(r["groep"])
        if g is None:
            continue
        key = (g.iri, r["gebied"])
        if key not in areas:
            areas[key] = []
            g.kern.append((r["gebied"], str(r["gebiednaam"]), areas[key]))
        areas[key].append((r["soort"], r["regel"], str(r["tekst"])))
    for r in records(q.GROEP_COMPETENTIES):
        g = by_iri.get(r["groep"])
        if g is not None:
            g.competenties.append((r["regel"], str(r["tekst"]), r["competentie"]))

    kenmerken = {int(r["positie"]): str(r["naam"] or "") for r in records(q.KENMERKEN)}
    typeringen: dict[str, Typering] = {}
    for r in records(q.TYPERINGEN):
        g = by_iri.get(r["groep"])
        if g is None or r["typering"] in typeringen:
            continue
        t = Typering(r["typering"], int(r["schaal"]), r["schaalIri"], r["code"],
                     r["totaal"] if isinstance(r["totaal"], int) else None,
                     r["variant"] if isinstance(r["variant"], int) else None)
        typeringen[t.iri] = t
        g.typeringen.setdefault(t.schaal, t)
        g.varianten.setdefault(t.schaal, []).append(t)
    for r in records(q.SCORES):
        t = typeringen.get(r["typering"])
        if t is not None and isinstance(r["score"], int):
            name = labels.get(r["kenmerk"], {}).get("nl") if r["kenmerk"] else None
            t.scores.append((int(r["positie"]), r["score"], name or kenmerken.get(int(r["positie"]), "")))
    blocks: dict[tuple[str, str], list[tuple[str | None, str, str]]] = {}
    for r in records(q.TYPERING_REGELS):
        t = typeringen.get(r["typering"])
        if t is None:
            continue
        key = (t.iri, r["blok"])
        if key not in blocks:
            blocks[key] = []
            t.blocks.append((r["blok"], str(r["bloknaam"]), blocks[key]))
        blocks[key].append((r["subkop"], r["regel"], str(r["tekst"])))

    parts: dict[tuple[str, str], list[tuple[str, str, bool, list[str]]]] = {}
    statements: dict[tuple[str, str], tuple[str, str, bool, list[str]]] = {}
    for r in records(q.KWALITEITENPROFIELEN):
        g = by_iri.get(r["groep"])
        if g is None:
            continue
        p = g.profielen.get(int(r["schaal"]))
        if p is None:
            p = g.profielen[int(r["schaal"])] = Profiel(r["profiel"], int(r["schaal"]))
        if p.iri != r["profiel"]:
            continue
        key = (p.iri, r["onderdeel"])
        if key not in parts:
            parts[key] = []
            p.parts.append((r["onderdeel"], parts[key]))
        skey = (p.iri, r["regel"])
        if skey not in statements:
            statements[skey] = (r["regel"], str(r["tekst"]), bool(r["pm"]), [])
            parts[key].append(statements[skey])
        if r["begrip"] and r["begrip"] not in statements[skey][3]:
            statements[skey][3].append(r["begrip"])

    salarissen: dict[int, list[Salaris]] = {}
    for r in records(q.SALARISSEN):
        salarissen.setdefault(int(r["schaal"]), []).append(
            Salaris(r["minimum"], r["maximum"], r["valuta"], r["geldigVanaf"], r["eenheid"], r["bedrag"]))

    links_by_source: dict[str, list[tuple[str, str, str, str | None]]] = {}
    scheme_names = {k: v.get("nl") or v.get("en") or k for k, v in labels.items()}
    for r in records(q.KOPPELINGEN):
        kind = target_kind(r["doel"], r["schema"], scheme_names)
        relation = r["relatie"].rsplit("#", 1)[-1]
        entry = (kind, relation, r["doel"], None if r["notatie"] is None else str(r["notatie"]))
        have = links_by_source.setdefault(r["bron"], [])
        if entry not in have and not any(x[2] == entry[2] and x[1] == entry[1] for x in have):
            have.append(entry)
    order = {kind: i for i, (_, kind) in enumerate(TARGET_KINDS)}
    for source, entries in links_by_source.items():
        entries.sort(key=lambda x: (order.get(x[0], 99), x[0], x[3] or "", x[2]))
        if source in by_iri:
            by_iri[source].links = entries

    gebruik: dict[str, list[tuple[str, int | None]]] = {}
    for r in records(q.COMPETENTIE_GEBRUIK):
        gebruik.setdefault(r["competentie"], []).append((r["groep"], r["schaal"]))

    families = [(r["familie"], str(r["naam"] or r["familie"])) for r in records(q.FAMILIES)]
    first: dict[str, tuple[str, str]] = {}
    for f in families:
        first.setdefault(f[0], f)  # a family named twice: its first name
    families = list(first.values())
    referentie: dict[str, Referentiegroep] = {}
    for r in records(q.REFERENTIEGROEPEN):
        if r["groep"] in referentie or (r["id"] is not None and not str(r["id"]).isdigit()):
            continue  # a second name or family: the first in the query's order
        familie = r["familie"] or r["vermoed"]
        number = None if r["id"] is None else int(str(r["id"]))
        referentie[r["groep"]] = Referentiegroep(
            r["groep"], number, str(r["naam"] or f"functiegroep {r['id']}"), familie,
            r["familie"] is None and r["vermoed"] is not None,
            None if r["laagste"] is None else int(r["laagste"]), None if r["hoogste"] is None else int(r["hoogste"]),
            r["dekking"] == FGR_COVERAGE_AT_LEAST)
    catalogus: dict[str, Catalogusgroep] = {}
    for r in records(q.CATALOGUS):
        if r["groep"] in catalogus:
            continue  # a second name, family or page: the first in the query's order
        digits = str(r["nummer"]) if r["nummer"] is not None else ""
        catalogus[r["groep"]] = Catalogusgroep(
            r["groep"], int(digits) if digits.isdigit() else None, str(r["naam"] or r["groep"].rsplit("/", 1)[-1]),
            r["familie"], int(r["laagste"]), int(r["hoogste"]), r["pagina"], bool(r["profiel"]))
    for r in records(q.STAPPEN):
        if r["van"] in catalogus and r["naar"] in catalogus:
            catalogus[r["van"]].volgende.append(r["naar"])
            catalogus[r["naar"]].vorige.append(r["van"])
    for cg in catalogus.values():  # lowest range first, as on a ladder
        for steps in (cg.volgende, cg.vorige):
            steps.sort(key=lambda i: (catalogus[i].laagste, catalogus[i].hoogste, catalogus[i].naam, i))
    # unnumbered groups after the numbered ones, by name
    return SiteData(labels, dict(sorted(groepen.items())), families, salarissen, kenmerken, gebruik,
                    links_by_source, records(q.ZOEKTEKSTEN),
                    sorted(referentie.values(), key=lambda g: (g.id is None, g.id or 0, g.naam, g.iri)), catalogus,
                    sorted({(r["groep"], r["doel"], str(r["label"])) for r in records(q.ZOEKLABELS)}))


def is_own(iri: str) -> bool:
    return iri.startswith(BASE)
