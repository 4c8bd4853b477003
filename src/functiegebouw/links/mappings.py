"""The project's mapping sets in ``data/mappings``: what may be mapped to what, building and checking.

- ``build``: every curated ``*.sssom.tsv`` is put in canonical form (``record_id`` minted,
  ``object_source``/``object_source_version`` and object labels taken from ``data/vocab``), the
  chained set ``functiegroepen-ketens.sssom.tsv`` is derived (BRC 2014 and O*NET-SOC reached through each
  functiegroep's ISCO-08 link), every set becomes ``<name>.ttl`` (SSSOM RDF plus the mapping triples;
  ``schema:occupationalCategory`` from a functiegroep to its ISCO-08 group), and ``link-targets.ttl`` holds
  the vocabulary triples about every target, so that ``fgr validate`` checks targets without loading ESCO;
- ``check``: every target exists in ``data/vocab`` and is of the right kind, every subject is a concept in
  the FGR data, every chained mapping follows its chain, the built files are current.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from functiegebouw.errors import FgrError
from functiegebouw.rdf import iris
from functiegebouw.links.sssom import (
    ID, NO_TERM_FOUND, OWL, RDF_TYPE, REQUIRES_SKILL, SEMAPV, SKOS, SKOS_MAPPINGS, Mapping, MappingSet,
    mint, rdf_prefixes, read_sssom, to_triples, write_sssom)
from functiegebouw.rdf.files import write_atomic
from functiegebouw.rdf.turtle import Triples, iri, lit, typed

if TYPE_CHECKING:
    import pyoxigraph as ox

    Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

ESCO = iris.ESCO
ESCO_SCHEME = iris.ESCO_SCHEME
ISCO_SCHEME = ESCO_SCHEME + "isco"
SKILLS_SCHEME = ESCO_SCHEME + "skills"
SKILLS_HIERARCHY = ESCO_SCHEME + "skills-hierarchy"
TRANSVERSAL_GROUPS = ESCO_SCHEME + "skill-transversal-groups"
ISCED_SCHEME = ESCO_SCHEME + "isced-f"
OCCUPATIONS_SCHEME = ESCO_SCHEME + "occupations"
BRC_SCHEME = ID + "brc2014"
BRC_GROUPS = ID + "brc2014/beroepsgroepen"
EQF_SCHEME = ID + "eqf"
NLQF_SCHEME = ID + "nlqf"
SOC_SCHEME = ID + "soc2010"
ONET_SCHEME = ID + "onet-soc"
SCHEMA = iris.SCHEMA
XSD = iris.XSD
CHAINED = "functiegroepen-ketens"
# The scheme named as object_source, first match wins (a skill group is also in the skills scheme, an
# ISCED-F field in both).
SOURCES = [ISCED_SCHEME, ISCO_SCHEME, SKILLS_HIERARCHY, TRANSVERSAL_GROUPS, OCCUPATIONS_SCHEME, SKILLS_SCHEME,
           BRC_SCHEME, EQF_SCHEME, NLQF_SCHEME, ONET_SCHEME, SOC_SCHEME]
TARGET_PROPERTIES = [RDF_TYPE, SKOS + "inScheme", SKOS + "prefLabel", SKOS + "notation", ESCO + "memberOfISCOGroup"]
PREFIXES = {"skos": SKOS, "esco": ESCO, "id": ID, "isco": iris.ESCO_ISCO,
            "occupation": iris.ESCO_OCCUPATION, "skill": iris.ESCO_SKILL,
            "eqf": iris.EQF, "escoscheme": ESCO_SCHEME, "isced": iris.ESCO_ISCED_F,
            "onet": ID + "onet-soc/", "soc": ID + "soc2010/", "xsd": XSD}


# ---------------------------------------------------------------- what may be mapped to what

KINDS = {  # subject kind -> what its targets must be
    "functiegroep": "an ESCO occupation, an ISCO-08 group, a BRC 2014 beroepsgroep or an O*NET-SOC occupation",
    "competentie": "an ESCO skill or skill group (not an ISCED-F field)",
    "resultaat": "an ESCO skill or skill group",
    "werk-en-denkniveau": "an EQF or NLQF level",
    "opleidingsrichting": "an ISCED-F 2013 field (or sssom:NoTermFound where no field is stated)",
}


def subject_kind(subject: str) -> str | None:
    if not subject.startswith(ID):
        return None
    rest = subject[len(ID):]
    if re.fullmatch(r"functiegroep/[^/]+", rest):
        return "functiegroep"
    if re.fullmatch(r"functiegroep/[^/]+/resultaat/.+", rest):
        return "resultaat"
    for kind in ("competentie", "werk-en-denkniveau", "opleidingsrichting"):
        if rest.startswith(kind + "/"):
            return kind
    return None


def predicate_ok(kind: str | None, predicate: str) -> bool:
    """A resultaat (a statement: a line of text) needs a skill; everything else is a concept, SKOS-mapped."""
    return predicate == REQUIRES_SKILL if kind == "resultaat" else predicate in SKOS_MAPPINGS


@dataclass(frozen=True)
class TargetFacts:
    """What the vocabulary says about a mapping target: enough to tell its kind."""

    iri: str
    types: frozenset[str]        # rdf:type
    schemes: frozenset[str]      # skos:inScheme
    collections: frozenset[str]  # the skos:Collections it is a skos:member of
    exists: bool                 # the vocabulary states a type or a scheme for it (sssom:NoTermFound: True)


def is_skill_group(facts: TargetFacts) -> bool:
    return (bool({SKILLS_HIERARCHY, TRANSVERSAL_GROUPS} & facts.schemes)
            and ESCO + "Skill" not in facts.types and ISCED_SCHEME not in facts.schemes)


def kind_ok(kind: str | None, facts: TargetFacts) -> bool:
    if kind == "functiegroep":
        return (ESCO + "Occupation" in facts.types or bool({ISCO_SCHEME, ONET_SCHEME} & facts.schemes)
                or BRC_GROUPS in facts.collections)
    if kind in ("competentie", "resultaat"):
        return ESCO + "Skill" in facts.types or is_skill_group(facts)
    if kind == "werk-en-denkniveau":
        return bool({EQF_SCHEME, NLQF_SCHEME} & facts.schemes)
    if kind == "opleidingsrichting":
        return facts.iri == NO_TERM_FOUND or ISCED_SCHEME in facts.schemes
    return True


# ---------------------------------------------------------------- the vocabulary

def open_vocab(vocab_dir: str | Path) -> ox.Store:
    """A pyoxigraph store over ``data/vocab/*.ttl`` (bulk-loaded: ~1 s for ESCO's 200 k triples)."""
    import pyoxigraph as ox

    files = sorted(Path(vocab_dir).glob("*.ttl"))
    if not files:
        raise FgrError(vocab_dir, None, "no vocabulary files (*.ttl); run `fgr vocab import-esco` etc. first")
    store = ox.Store()
    for path in files:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, OSError) as exc:
            raise FgrError(path, None, f"not valid Turtle: {exc}") from None
    return store


def target_facts(store: ox.Store, target: str) -> TargetFacts:
    import pyoxigraph as ox

    if target == NO_TERM_FOUND:
        return TargetFacts(target, frozenset(), frozenset(), frozenset(), exists=True)
    node = ox.NamedNode(target)
    types = frozenset(_value(q.object) for q in store.quads_for_pattern(node, ox.NamedNode(RDF_TYPE), None, None))
    schemes = frozenset(_value(q.object)
                        for q in store.quads_for_pattern(node, ox.NamedNode(SKOS + "inScheme"), None, None))
    collections = frozenset(_value(q.subject)
                            for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "member"), node, None))
    return TargetFacts(target, types, schemes, collections, exists=bool(types or schemes))


def _value(term: Term) -> str:
    """The text of an IRI, blank node or literal (a quoted triple, which the vocabularies do not hold, as N-Triples)."""
    import pyoxigraph as ox

    return str(term) if isinstance(term, ox.Triple) else term.value


def _values(store: ox.Store, subject: str, prop: str) -> list[Term]:
    import pyoxigraph as ox

    return [q.object for q in store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(prop), None, None)]


def label_of(store: ox.Store, concept: str, langs: tuple[str, ...] = ("en", "en-us", "nl")) -> str:
    import pyoxigraph as ox

    found = {(o.language or "").lower(): o.value for o in _values(store, concept, SKOS + "prefLabel")
             if isinstance(o, ox.Literal)}
    return next((found[lang] for lang in langs if lang in found), next(iter(sorted(found.values())), ""))


def source_of(store: ox.Store, target: str) -> tuple[str, str]:
    """(object_source, object_source_version) of a target: its scheme and the version the vocabulary states."""
    if target == NO_TERM_FOUND:
        return "", ""
    schemes = target_facts(store, target).schemes
    scheme = next((s for s in SOURCES if s in schemes), "")
    version = next((_value(o) for o in _values(store, scheme, OWL + "versionInfo")), "") if scheme else ""
    return scheme, version


def target_triples(store: ox.Store, targets: set[str]) -> Triples:
    """What the vocabulary says about each target that the link shapes need: type, scheme, label, notation,
    ISCO group, and membership of the BRC collections."""
    import pyoxigraph as ox

    t = Triples()
    for target in sorted(targets - {NO_TERM_FOUND}):
        node = ox.NamedNode(target)
        for quad in store.quads_for_pattern(node, None, None, None):
            if quad.predicate.value in TARGET_PROPERTIES:
                t.add(target, quad.predicate.value, _term(quad.object))
        for quad in store.quads_for_pattern(None, ox.NamedNode(SKOS + "member"), node, None):
            t.add(_value(quad.subject), SKOS + "member", iri(target))
    return t


def _term(obj: Term) -> tuple[str, ...]:
    import pyoxigraph as ox

    if isinstance(obj, ox.NamedNode):
        return iri(obj.value)
    if not isinstance(obj, ox.Literal):
        raise FgrError(None, None, f"the vocabulary states {obj} (a blank node or quoted triple) where a target's "
                                   "type, scheme, label or notation is expected")
    if obj.language:
        return lit(obj.value, obj.language)
    if obj.datatype.value == XSD + "string":
        return lit(obj.value)
    return typed(obj.value, obj.datatype.value)


# ---------------------------------------------------------------- reading the sets

def mapping_files(mappings_dir: str | Path) -> list[Path]:
    return sorted(Path(mappings_dir).glob("*.sssom.tsv"))


def read_all(mappings_dir: str | Path) -> list[MappingSet]:
    files = mapping_files(mappings_dir)
    if not files:
        raise FgrError(mappings_dir, None, "no *.sssom.tsv files")
    sets = [read_sssom(p) for p in files]
    ids: dict[str, Path | None] = {}
    for s in sets:
        if s.id in ids:
            raise FgrError(s.path, None, f"mapping_set_id {s.id} is also used by {ids[s.id]}")
        ids[s.id] = s.path
    return sets


def curated(sets: list[MappingSet]) -> list[MappingSet]:
    return [s for s in sets if s.path is None or not s.path.name.startswith(CHAINED + ".")]


# Prefixes a canonical set declares where it uses them (record_id, object_source).
SET_PREFIXES = {"fgrmapping": ID + "mapping/", "fgrid": ID, "ESCO.scheme": ESCO_SCHEME}


def canonical(mapping_set: MappingSet, store: ox.Store) -> MappingSet:
    """The set with record_id minted and object_source(_version) and object labels from the vocabulary."""
    for prefix, ns in SET_PREFIXES.items():
        if ns not in mapping_set.curie_map.values():
            mapping_set.curie_map[prefix] = ns
    for m in mapping_set.mappings:
        if m.object == NO_TERM_FOUND:  # the source in which no term was found is the curator's to say
            versions = _values(store, m.object_source, OWL + "versionInfo") if m.object_source else []
            m.object_source_version = next((_value(o) for o in versions), "")
            continue
        m.object_source, m.object_source_version = source_of(store, m.object)
        # the object's label as the vocabulary has it (SSSOM: the label in object_source); the curator's
        # only for a target without a label there
        m.object_label = label_of(store, m.object) or m.object_label
    mint(mapping_set)
    return mapping_set


# ---------------------------------------------------------------- chained mappings

STRENGTH = {"exactMatch": 4, "closeMatch": 3, "broadMatch": 2, "narrowMatch": 2, "relatedMatch": 1}


def compose(p: str, q: str) -> str:
    """The SKOS relation that follows from A p B and B q C (relatedMatch when nothing stronger does)."""
    a, b = p.rsplit("#", 1)[1], q.rsplit("#", 1)[1]
    if a == "exactMatch":
        return q
    if b == "exactMatch":
        return p
    if "relatedMatch" in (a, b):
        return SKOS + "relatedMatch"
    if a == "closeMatch":
        return q
    if b == "closeMatch" or a == b:
        return p
    return SKOS + "relatedMatch"  # broad then narrow (or the reverse): siblings at best


def _hops(store: ox.Store, concept: str, scheme: str | None = None,
          collection: str | None = None) -> list[tuple[str, str]]:
    """Vocabulary mapping triples from ``concept`` to concepts of ``scheme`` (or members of ``collection``)."""
    out = []
    for prop in sorted(SKOS_MAPPINGS):
        for obj in _values(store, concept, prop):
            target = _value(obj)
            facts = target_facts(store, target)
            if (scheme and scheme in facts.schemes) or (collection and collection in facts.collections):
                out.append((prop, target))
    return sorted(out, key=lambda x: x[1])


WHERE = {BRC_GROUPS: "CBS ISCO-08 -> BRC 2014 conversion, data/vocab/brc2014.ttl, Bron: CBS",
         SOC_SCHEME: "BLS ISCO-08 -> 2010 SOC crosswalk, data/vocab/onet-soc.ttl",
         ONET_SCHEME: "O*NET-SOC 2010 taxonomy, data/vocab/onet-soc.ttl"}


def chain(sets: list[MappingSet], store: ox.Store) -> MappingSet:
    """BRC 2014 beroepsgroepen and O*NET-SOC occupations reached from each functiegroep through its curated
    ISCO-08 links (not through relatedMatch ones: an overlap of an overlap says nothing)."""
    # (subject, target) -> (rank, predicate, the curated mapping, its set, the vocabulary hops)
    best: dict[tuple[str, str], tuple[tuple[float, int], str, Mapping, MappingSet, list[tuple[str, str]]]] = {}
    for s in curated(sets):
        for m in s.mappings:
            if (subject_kind(m.subject) != "functiegroep" or m.predicate == SKOS + "relatedMatch"
                    or m.justification == SEMAPV + "MappingChaining"
                    or ISCO_SCHEME not in target_facts(store, m.object).schemes):
                continue
            paths = [[hop] for hop in _hops(store, m.object, collection=BRC_GROUPS)]
            paths += [[h1, h2] for h1 in _hops(store, m.object, scheme=SOC_SCHEME)
                      for h2 in _hops(store, h1[1], scheme=ONET_SCHEME)]
            for path in paths:
                predicate = m.predicate
                for prop, _ in path:
                    predicate = compose(predicate, prop)
                target = path[-1][1]
                rank = (m.confidence or 0.0, STRENGTH[predicate.rsplit("#", 1)[1]])
                key = (m.subject, target)
                # a tie goes to the lowest ISCO-08 group and path, never to whichever row came first
                if (key not in best or rank > best[key][0]
                        or rank == best[key][0] and (m.object, path) < (best[key][2].object, best[key][4])):
                    best[key] = (rank, predicate, m, s, path)
    meta = chained_metadata(sets)
    out = MappingSet(None, meta, [])
    for (subject, target), (_, predicate, m, _s, path) in sorted(best.items()):
        steps = [f"functiegroep {m.subject.rsplit('/', 1)[1]} {_local(m.predicate)} {_name(store, m.object)} "
                 f"(record {m.record_id[len(ID + 'mapping/'):]}, confidence {m.confidence})"]
        previous = m.object
        for prop, nxt in path:
            kind = (BRC_GROUPS if nxt.startswith(ID + "brc2014/")
                    else SOC_SCHEME if nxt.startswith(ID + "soc2010/") else ONET_SCHEME)
            steps.append(f"{_name(store, previous)} {_local(prop)} {_name(store, nxt)} ({WHERE[kind]})")
            previous = nxt
        names = " then ".join(_local(p) for p in [m.predicate] + [p for p, _ in path])
        comment = (f"Chain: {'; '.join(steps)}. {names} gives {_local(predicate)}; the confidence is "
                   "that of the curated link (the crosswalks state none).")
        out.mappings.append(Mapping(
            subject=subject, predicate=predicate, object=target, justification=SEMAPV + "MappingChaining",
            subject_label=m.subject_label, object_label=label_of(store, target, ("nl", "en")),
            confidence=m.confidence, author=m.author, comment=comment,
            extra={"mapping_tool": "fgr link build"}))
    return canonical(out, store)


def _local(prop: str) -> str:
    return prop.rsplit("#", 1)[1]


def _name(store: ox.Store, concept: str) -> str:
    """"ISCO-08 4419", "BRC 2014 beroepsgroep 0431", "SOC 43-4021", "O*NET-SOC 43-4021.00"."""
    code = next((_value(o) for o in _values(store, concept, SKOS + "notation")), concept.rsplit("/", 1)[-1])
    schemes = target_facts(store, concept).schemes
    if ISCO_SCHEME in schemes:
        return f"ISCO-08 {code}"
    if BRC_SCHEME in schemes:
        return f"BRC 2014 beroepsgroep {code}"
    return f"{'SOC' if SOC_SCHEME in schemes else 'O*NET-SOC'} {code}"


def chained_metadata(sets: list[MappingSet]) -> dict[str, Any]:
    base = next((s for s in sets if s.name == "functiegroepen"), None) or curated(sets)[0]
    return {
        "curie_map": {**base.curie_map, "BRC2014": ID + "brc2014/", "ONETSOC": ID + "onet-soc/"},
        "mapping_set_id": iris.MAPPINGS + CHAINED,
        "mapping_set_title": "FGR functiegroepen to CBS BRC 2014 and O*NET-SOC, chained through their ISCO-08 links",
        "mapping_set_description": (
            "Derived, not curated: generated by `fgr link build` from the curated ISCO-08 links in "
            "functiegroepen.sssom.tsv (exactMatch, closeMatch, broadMatch, narrowMatch; relatedMatch links are "
            "not chained) and the crosswalks in data/vocab. Edit the curated links, not this file."),
        "license": base.metadata["license"],
        "creator_id": base.metadata.get("creator_id", []),
        "mapping_set_version": base.metadata.get("mapping_set_version", ""),
    }


# ---------------------------------------------------------------- build

def occupational_categories(sets: list[MappingSet], store: ox.Store) -> Triples:
    """schema:occupationalCategory from each functiegroep to the ISCO-08 groups it is curated to (not relatedMatch)."""
    t = Triples()
    for s in curated(sets):
        for m in s.mappings:
            if (subject_kind(m.subject) == "functiegroep" and m.predicate != SKOS + "relatedMatch"
                    and ISCO_SCHEME in target_facts(store, m.object).schemes):
                t.add(m.subject, SCHEMA + "occupationalCategory", iri(m.object))
    return t


def build(mappings_dir: str | Path = "data/mappings", vocab_dir: str | Path = "data/vocab", *,
          write: bool = True) -> dict[Path, str]:
    """Every output of the mapping sets; returns {path: text}, written unless ``write`` is False."""
    folder = Path(mappings_dir)
    read = curated(read_all(folder))  # bad SSSOM is reported before the vocabularies are loaded
    store = open_vocab(vocab_dir)
    sets = [canonical(s, store) for s in read]
    chained = chain(sets, store)
    chained.path = folder / f"{CHAINED}.sssom.tsv"
    sets.append(chained)
    categories = occupational_categories(sets, store)
    out: dict[Path, str] = {}
    for s in sets:
        assert s.path is not None, "read from a file, or given the chained set's path above"
        out[s.path] = write_sssom(None, s.metadata, s.mappings)
        triples = to_triples(s)
        if s.name == "functiegroepen":
            for subject, predicate, obj in categories:
                triples.add(subject, predicate, obj)
        header = (f"{s.path.name} in the SSSOM RDF form sssom-py reads (an owl:Axiom per mapping, its IRI the\n"
                  "record_id), plus the mapping triples. Generated by `fgr link build` "
                  "(functiegebouw.links.mappings);\n"
                  "edit the .sssom.tsv, not this file.\n")
        prefixes = {**rdf_prefixes(s), "schema": SCHEMA} if s.name == "functiegroepen" else rdf_prefixes(s)
        out[folder / (s.path.name[: -len(".sssom.tsv")] + ".ttl")] = triples.to_turtle(prefixes, header)
    targets = {m.object for s in sets for m in s.mappings}
    header = ("The vocabulary triples about every mapping target in data/mappings (types, schemes, labels, "
              "notations),\n"
              "extracted from data/vocab by `fgr link build` so that `fgr validate` checks the targets without\n"
              "loading all of ESCO. This service uses the ESCO classification of the European Commission. Bron: CBS.\n"
              "O*NET-SOC: includes information from the O*NET Database by USDOL/ETA, used under CC BY 4.0.\n")
    out[folder / "link-targets.ttl"] = target_triples(store, targets).to_turtle(PREFIXES, header)
    if write:
        for path, text in out.items():
            write_atomic(path, text)
    return out


# ---------------------------------------------------------------- checks

@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    severity: str = "error"  # or "warning": recommended, not required (as the shapes' Warning tier)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {'warning: ' if self.severity == 'warning' else ''}{self.message}"


def fgr_subjects(data_paths: Iterable[str | Path]) -> dict[str, set[str]]:
    """IRI -> its rdf:types, for what the FGR data and the concept schemes define."""
    import pyoxigraph as ox

    from functiegebouw.rdf.load import ontology_files

    store = ox.Store()
    files = list(ontology_files())
    for p in map(Path, data_paths):
        files.extend(sorted(x for x in p.glob("*.ttl")) if p.is_dir() else [p])
    for path in files:
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
        except (SyntaxError, OSError) as exc:
            raise FgrError(path, None, f"not valid Turtle: {exc}") from None
    out: dict[str, set[str]] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, None):
        if isinstance(q.subject, ox.NamedNode):
            out.setdefault(q.subject.value, set()).add(_value(q.object))
    return out


STATEMENT_TYPES = {iris.FGR + c for c in (
    "Statement", "Result", "BehaviouralIndicator", "CompetencyStatement", "ExperienceStatement", "LevelStatement",
    "EducationFieldStatement", "DepartmentalStatement", "Placeholder", "TypificationStatement")}


def check(mappings_dir: str | Path = "data/mappings", vocab_dir: str | Path = "data/vocab",
          data: Iterable[str | Path] = ("data",)) -> list[Problem]:
    """Everything the link shapes check, against the full vocabulary, plus what SHACL cannot see per profile."""
    sets = read_all(mappings_dir)
    store = open_vocab(vocab_dir)
    subjects = fgr_subjects(data)
    problems: list[Problem] = []
    curated_keys = {m.key for s in curated(sets) for m in s.mappings}
    for s in sets:
        where = str(s.path)
        for m in s.mappings:
            facts = target_facts(store, m.object)
            kind = subject_kind(m.subject)
            if not facts.exists:
                problems.append(Problem(where, m.line, f"object {m.object} is not in {vocab_dir}"))
            elif kind and not kind_ok(kind, facts):
                problems.append(Problem(where, m.line, f"object {m.object} is not {KINDS[kind]}, as a {kind} needs"))
            if kind is None:
                problems.append(Problem(where, m.line, f"subject {m.subject} is not a functiegroep, resultaat, "
                                        "competentie, werk- en denkniveau or opleidingsrichting IRI"))
            elif m.subject not in subjects:
                problems.append(Problem(where, m.line,
                                        f"subject {m.subject} is not in the FGR data (was its text edited?)"))
            elif not predicate_ok(kind, m.predicate):
                wanted = "fgr:requiresSkill" if kind == "resultaat" else "a SKOS mapping property"
                problems.append(Problem(where, m.line, f"a {kind} is mapped with {wanted}, not {m.predicate}"))
            elif subjects[m.subject] & STATEMENT_TYPES and m.predicate in SKOS_MAPPINGS:
                problems.append(Problem(where, m.line, f"subject {m.subject} is a statement (a line of text), "
                                        "not a concept; it cannot be SKOS-mapped"))
            if m.justification == SEMAPV + "MappingChaining" and s in curated(sets):
                problems.extend(_check_chain(where, m, curated_keys, store))
    for path, text in build(mappings_dir, vocab_dir, write=False).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            problems.append(Problem(str(path), None, "out of date; run `fgr link build`"))
    groups = {m.subject for s in sets for m in s.mappings if subject_kind(m.subject) == "functiegroep"
              and ISCO_SCHEME in target_facts(store, m.object).schemes}
    for subject in sorted(x for x in subjects if subject_kind(x) == "functiegroep"):
        if subject not in groups:
            problems.append(Problem(str(mappings_dir), None, f"functiegroep {subject} has no ISCO-08 link yet "
                                    "(`fgr link suggest --kind functiegroep` proposes candidates)", "warning"))
    return problems


def _check_chain(where: str, m: Mapping, direct: set[tuple[str, str, str]], store: ox.Store) -> list[Problem]:
    """A chained mapping S p O (in a curated set) must be S p X (curated) and a path of vocabulary mappings
    from X to O (at most two hops)."""
    for (s, _, x) in direct:
        if s != m.subject or x == m.object:
            continue
        frontier = {x}
        for _ in range(2):
            frontier = {_value(o) for c in frontier for p in sorted(SKOS_MAPPINGS) for o in _values(store, c, p)}
            if m.object in frontier:
                return []
    return [Problem(where, m.line, f"chained mapping to {m.object}: no curated mapping of {m.subject} leads there "
                    "through vocabulary mappings")]
