"""Links from the FGR to other vocabularies: SSSOM mapping tables, their SKOS form, checks and suggestions.

- ``read_sssom`` / ``write_sssom``: SSSOM/TSV with its metadata block (file:line errors for bad input);
- ``build``: every ``data/mappings/*.sssom.tsv`` becomes ``<name>.ttl`` with the SKOS mapping triple and an
  ``owl:Axiom`` (stable IRI) that keeps the SSSOM metadata, plus ``link-targets.ttl``: the vocabulary
  triples about every mapped target, so that ``fgr validate`` checks targets without loading ESCO;
- ``check``: every target exists in ``data/vocab`` and is of the right kind, every subject in the FGR data,
  every chained mapping agrees with its chain, the built files are current;
- ``suggest`` / ``evaluate``: candidate mappings by lexical similarity (see ``functiegebouw.links.suggest``).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from functiegebouw.errors import FgrError
from functiegebouw.rdf.files import write_atomic
from functiegebouw.rdf.turtle import Triples, iri, lit, typed

SKOS = "http://www.w3.org/2004/02/skos/core#"
SEMAPV = "https://w3id.org/semapv/vocab/"
SSSOM = "https://w3id.org/sssom/"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ESCO = "http://data.europa.eu/esco/model#"
ID = "https://w3id.org/functiegebouw/id/"
MAPPING_ID = ID + "mapping/"
ISCO_SCHEME = "http://data.europa.eu/esco/concept-scheme/isco"
BRC_GROUPS = ID + "brc2014/beroepsgroepen"
EQF_SCHEME = ID + "eqf"
NLQF_SCHEME = ID + "nlqf"

COLUMNS = ["subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
           "confidence", "author_id", "reviewer_id", "comment"]
REQUIRED = ["subject_id", "predicate_id", "object_id", "mapping_justification"]
PREDICATES = {SKOS + p for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}
JUSTIFICATIONS = {SEMAPV + j for j in (
    "ManualMappingCuration", "MappingChaining", "LexicalMatching", "LexicalSimilarityThresholdMatching",
    "SemanticSimilarityThresholdMatching", "LogicalReasoning", "MappingReview", "UnspecifiedMatching")}
METADATA_REQUIRED = ["curie_map", "mapping_set_id", "license"]

PREFIXES = {"skos": SKOS, "sssom": SSSOM, "semapv": SEMAPV, "owl": OWL, "rdfs": RDFS, "dct": DCT, "xsd": XSD,
            "esco": ESCO, "id": ID, "mapping": MAPPING_ID, "isco": "http://data.europa.eu/esco/isco/",
            "occupation": "http://data.europa.eu/esco/occupation/", "skill": "http://data.europa.eu/esco/skill/",
            "eqf": "http://data.europa.eu/snb/eqf/", "escoscheme": "http://data.europa.eu/esco/concept-scheme/"}


@dataclass
class Mapping:
    subject: str
    predicate: str
    object: str
    justification: str
    line: int
    subject_label: str = ""
    object_label: str = ""
    confidence: float | None = None
    author: str = ""
    reviewer: str = ""
    comment: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)


@dataclass
class MappingSet:
    path: Path | None
    metadata: dict
    mappings: list[Mapping]

    @property
    def id(self) -> str:
        return self.metadata["mapping_set_id"]

    @property
    def name(self) -> str:
        return self.id.rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------- SSSOM/TSV

def _parse_metadata(lines: list[tuple[int, str]], path) -> dict:
    """The YAML subset SSSOM metadata blocks use: scalars, one level of mapping or list."""
    meta: dict = {}
    current = None
    for number, text in lines:
        if not text.strip():
            continue
        if text.startswith(("  ", "\t")):
            if current is None:
                raise FgrError(path, number, "indented metadata line without a key above it")
            item = text.strip()
            if item.startswith("- "):
                if meta[current] == {}:
                    meta[current] = []
                if not isinstance(meta[current], list):
                    raise FgrError(path, number, f"{current}: list item in a mapping")
                meta[current].append(item[2:].strip())
            else:
                m = re.fullmatch(r"([^:\s]+):\s+(\S.*)", item)
                if not m or not isinstance(meta[current], dict):
                    raise FgrError(path, number, f"{current}: expected 'prefix: namespace', got {item!r}")
                meta[current][m.group(1)] = m.group(2).strip()
            continue
        m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*):(\s+(\S.*))?", text.rstrip())
        if not m:
            raise FgrError(path, number, f"expected 'key: value' in the metadata block, got {text.strip()!r}")
        current = m.group(1)
        meta[current] = m.group(3).strip() if m.group(3) else {}
    return meta


def expand(curie: str, curie_map: dict, path, line, column) -> str:
    if re.match(r"https?://", curie):
        return curie
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in curie_map:
        raise FgrError(path, line, f"{column} {curie!r}: prefix {prefix!r} is not in the curie_map")
    return curie_map[prefix] + local


def compact(value: str, curie_map: dict) -> str:
    best = max(((p, ns) for p, ns in curie_map.items() if value.startswith(ns)), key=lambda x: len(x[1]), default=None)
    return f"{best[0]}:{value[len(best[1]):]}" if best else value


def read_sssom(path) -> MappingSet:
    """Read an SSSOM/TSV file: the ``#`` metadata block, a header line, one mapping per line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FgrError(path, None, "not UTF-8 text; expected an SSSOM/TSV file") from None
    except OSError as exc:
        raise FgrError(path, None, f"cannot read: {exc.strerror or exc}") from None
    lines = text.splitlines()
    meta_lines, number = [], 0
    while number < len(lines) and lines[number].startswith("#"):
        meta_lines.append((number + 1, lines[number][1:]))
        number += 1
    meta = _parse_metadata(meta_lines, path)
    for key in METADATA_REQUIRED:
        if key not in meta:
            raise FgrError(path, 1, f"the metadata block has no {key}")
    if not isinstance(meta["curie_map"], dict):
        raise FgrError(path, 1, "curie_map must map prefixes to namespaces")
    curie_map = dict(meta["curie_map"])
    curie_map.setdefault("skos", SKOS)
    curie_map.setdefault("semapv", SEMAPV)
    if number >= len(lines):
        raise FgrError(path, number, "no header line after the metadata block")
    header = lines[number].split("\t")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FgrError(path, number + 1, f"missing column(s) {', '.join(missing)}")
    mappings: list[Mapping] = []
    seen: dict[tuple, int] = {}
    for index in range(number + 1, len(lines)):
        line = index + 1
        if not lines[index].strip():
            continue
        cells = lines[index].split("\t")
        if len(cells) != len(header):
            raise FgrError(path, line, f"{len(cells)} cells, expected {len(header)} as in the header")
        row = dict(zip(header, cells))
        for column in REQUIRED:
            if not row[column].strip():
                raise FgrError(path, line, f"{column} is empty")
        m = Mapping(
            subject=expand(row["subject_id"].strip(), curie_map, path, line, "subject_id"),
            predicate=expand(row["predicate_id"].strip(), curie_map, path, line, "predicate_id"),
            object=expand(row["object_id"].strip(), curie_map, path, line, "object_id"),
            justification=expand(row["mapping_justification"].strip(), curie_map, path, line, "mapping_justification"),
            line=line, subject_label=row.get("subject_label", "").strip(), object_label=row.get("object_label", "").strip(),
            author=row.get("author_id", "").strip(), reviewer=row.get("reviewer_id", "").strip(),
            comment=row.get("comment", "").strip(),
            extra={k: v.strip() for k, v in row.items() if k not in COLUMNS and v.strip()})
        if m.predicate not in PREDICATES:
            raise FgrError(path, line, f"predicate_id {row['predicate_id']!r} is not a SKOS mapping property "
                           "(exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch)")
        if m.justification not in JUSTIFICATIONS:
            raise FgrError(path, line, f"mapping_justification {row['mapping_justification']!r} is not a semapv "
                           f"term ({', '.join(sorted(compact(j, {'semapv': SEMAPV}) for j in JUSTIFICATIONS))})")
        confidence = row.get("confidence", "").strip()
        if confidence:
            try:
                m.confidence = float(confidence)
            except ValueError:
                m.confidence = -1.0
            if not 0.0 <= m.confidence <= 1.0:
                raise FgrError(path, line, f"confidence {confidence!r} is not a number from 0 to 1")
        for column, value in (("author_id", m.author), ("reviewer_id", m.reviewer)):
            if value:
                expand(value, curie_map, path, line, column)
        if m.key in seen:
            raise FgrError(path, line, f"the same mapping is on line {seen[m.key]}")
        seen[m.key] = line
        mappings.append(m)
    meta["curie_map"] = curie_map
    return MappingSet(path, meta, mappings)


def write_sssom(path, metadata: dict, mappings: list[Mapping], columns: list[str] | None = None) -> str:
    """SSSOM/TSV text for ``mappings`` (written to ``path`` atomically unless it is None)."""
    curie_map = metadata["curie_map"]
    extra = sorted({k for m in mappings for k in m.extra})
    columns = columns or COLUMNS + extra
    out = []
    for key, value in metadata.items():
        if isinstance(value, dict):
            out.append(f"#{key}:")
            out.extend(f"#  {k}: {v}" for k, v in value.items())
        elif isinstance(value, list):
            out.append(f"#{key}:")
            out.extend(f"#  - {v}" for v in value)
        else:
            out.append(f"#{key}: {value}")
    out.append("\t".join(columns))
    for m in mappings:
        cells = {"subject_id": compact(m.subject, curie_map), "subject_label": m.subject_label,
                 "predicate_id": compact(m.predicate, curie_map), "object_id": compact(m.object, curie_map),
                 "object_label": m.object_label, "mapping_justification": compact(m.justification, curie_map),
                 "confidence": "" if m.confidence is None else f"{m.confidence:.3f}".rstrip("0").rstrip("."),
                 "author_id": m.author, "reviewer_id": m.reviewer, "comment": m.comment, **m.extra}
        out.append("\t".join(" ".join(str(cells.get(c, "")).split()) for c in columns))
    text = "\n".join(out) + "\n"
    if path is not None:
        write_atomic(path, text)
    return text


# ---------------------------------------------------------------- SKOS + reified SSSOM metadata

def axiom_iri(mapping_set: MappingSet, m: Mapping) -> str:
    digest = hashlib.sha1("\t".join(m.key).encode("utf-8")).hexdigest()[:12]
    return f"{MAPPING_ID}{mapping_set.name}/{digest}"


def to_triples(mapping_set: MappingSet) -> Triples:
    """The SKOS mapping triples, plus per mapping an owl:Axiom with its SSSOM metadata (no blank nodes)."""
    t = Triples()
    meta = mapping_set.metadata
    set_iri = mapping_set.id
    t.add(set_iri, RDF_TYPE, iri(SSSOM + "MappingSet"))
    for key, prop in (("mapping_set_title", DCT + "title"), ("mapping_set_description", DCT + "description")):
        if isinstance(meta.get(key), str):
            t.add(set_iri, prop, lit(meta[key], "en"))
    if isinstance(meta.get("license"), str):
        t.add(set_iri, DCT + "license", iri(meta["license"]))
    for key in ("mapping_set_version", "mapping_date"):
        if isinstance(meta.get(key), str):
            t.add(set_iri, SSSOM + key, lit(meta[key]))
    for creator in meta.get("creator_id", []) if isinstance(meta.get("creator_id"), list) else []:
        t.add(set_iri, DCT + "creator", iri(expand(creator, meta["curie_map"], mapping_set.path, None, "creator_id")))
    if isinstance(meta.get("comment"), str):
        t.add(set_iri, RDFS + "comment", lit(meta["comment"], "en"))
    curie_map = meta["curie_map"]
    for m in mapping_set.mappings:
        t.add(m.subject, m.predicate, iri(m.object))
        node = axiom_iri(mapping_set, m)
        t.add(node, RDF_TYPE, iri(OWL + "Axiom"))
        t.add(node, OWL + "annotatedSource", iri(m.subject))
        t.add(node, OWL + "annotatedProperty", iri(m.predicate))
        t.add(node, OWL + "annotatedTarget", iri(m.object))
        t.add(node, DCT + "isPartOf", iri(set_iri))
        t.add(node, SSSOM + "mapping_justification", iri(m.justification))
        if m.confidence is not None:
            t.add(node, SSSOM + "confidence", typed(repr(m.confidence), XSD + "double"))
        if m.subject_label:
            t.add(node, SSSOM + "subject_label", lit(m.subject_label))
        if m.object_label:
            t.add(node, SSSOM + "object_label", lit(m.object_label))
        for prop, value in (("author_id", m.author), ("reviewer_id", m.reviewer)):
            if value:
                t.add(node, SSSOM + prop, iri(expand(value, curie_map, mapping_set.path, m.line, prop)))
        if m.comment:
            t.add(node, RDFS + "comment", lit(m.comment, "en"))
    return t


def mapping_files(mappings_dir) -> list[Path]:
    return sorted(Path(mappings_dir).glob("*.sssom.tsv"))


def read_all(mappings_dir) -> list[MappingSet]:
    files = mapping_files(mappings_dir)
    if not files:
        raise FgrError(mappings_dir, None, "no *.sssom.tsv files")
    sets = [read_sssom(p) for p in files]
    ids: dict[str, Path] = {}
    for s in sets:
        if s.id in ids:
            raise FgrError(s.path, None, f"mapping_set_id {s.id} is also used by {ids[s.id]}")
        ids[s.id] = s.path
    return sets


# ---------------------------------------------------------------- the vocabulary

TARGET_PROPERTIES = [RDF_TYPE, SKOS + "inScheme", SKOS + "prefLabel", SKOS + "notation", ESCO + "memberOfISCOGroup"]


def open_vocab(vocab_dir):
    """A pyoxigraph store over ``data/vocab/*.ttl`` (bulk-loaded: ~1 s for ESCO's 190 k triples)."""
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


def target_triples(store, targets: set[str]) -> Triples:
    """What the vocabulary says about each target that the link shapes need: type, scheme, label, notation,
    ISCO group, and membership of the BRC collections."""
    import pyoxigraph as ox

    t = Triples()
    for target in sorted(targets):
        node = ox.NamedNode(target)
        for quad in store.quads_for_pattern(node, None, None, None):
            p = quad.predicate.value
            if p in TARGET_PROPERTIES:
                t.add(target, p, _term(quad.object))
        for quad in store.quads_for_pattern(None, ox.NamedNode(SKOS + "member"), node, None):
            t.add(quad.subject.value, SKOS + "member", iri(target))
    return t


def _term(obj) -> tuple:
    import pyoxigraph as ox

    if isinstance(obj, ox.NamedNode):
        return iri(obj.value)
    if obj.language:
        return lit(obj.value, obj.language)
    if obj.datatype.value == XSD + "string":
        return lit(obj.value)
    return typed(obj.value, obj.datatype.value)


def build(mappings_dir="data/mappings", vocab_dir="data/vocab", *, write: bool = True) -> dict[Path, str]:
    """Turtle for every SSSOM file and link-targets.ttl; returns {path: text}, written unless ``write`` is False."""
    sets = read_all(mappings_dir)
    out: dict[Path, str] = {}
    for s in sets:
        header = (f"SKOS mappings of {s.path.name} with their SSSOM metadata (owl:Axiom per mapping).\n"
                  "Generated by `fgr link build` (src/functiegebouw/link.py); edit the .sssom.tsv, not this file.\n")
        out[Path(mappings_dir) / (s.path.name[: -len(".sssom.tsv")] + ".ttl")] = to_triples(s).to_turtle(PREFIXES, header)
    store = open_vocab(vocab_dir)
    targets = {m.object for s in sets for m in s.mappings}
    header = ("The vocabulary triples about every mapping target in data/mappings (types, schemes, labels, notations),\n"
              "extracted from data/vocab by `fgr link build` so that `fgr validate` checks the targets without\n"
              "loading all of ESCO. This service uses the ESCO classification of the European Commission. Bron: CBS.\n")
    out[Path(mappings_dir) / "link-targets.ttl"] = target_triples(store, targets).to_turtle(PREFIXES, header)
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


KINDS = {  # subject kind -> (description, test on the target's vocabulary facts)
    "functiegroep": "an ESCO occupation, an ISCO-08 group or a BRC 2014 beroepsgroep",
    "competentie": "an ESCO skill",
    "resultaat": "an ESCO skill",
    "werk-en-denkniveau": "an EQF or NLQF level",
}


def subject_kind(subject: str) -> str | None:
    if not subject.startswith(ID):
        return None
    rest = subject[len(ID):]
    if re.fullmatch(r"functiegroep/[^/]+", rest):
        return "functiegroep"
    if re.fullmatch(r"functiegroep/[^/]+/resultaat/.+", rest):
        return "resultaat"
    if rest.startswith("competentie/"):
        return "competentie"
    if rest.startswith("werk-en-denkniveau/"):
        return "werk-en-denkniveau"
    return None


def target_facts(store, target: str) -> dict:
    import pyoxigraph as ox

    node = ox.NamedNode(target)
    types = {q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(RDF_TYPE), None, None)}
    schemes = {q.object.value for q in store.quads_for_pattern(node, ox.NamedNode(SKOS + "inScheme"), None, None)}
    collections = {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "member"), node, None)}
    return {"types": types, "schemes": schemes, "collections": collections,
            "exists": bool(types or schemes)}


def kind_ok(kind: str, facts: dict) -> bool:
    if kind == "functiegroep":
        return (ESCO + "Occupation" in facts["types"] or ISCO_SCHEME in facts["schemes"]
                or BRC_GROUPS in facts["collections"])
    if kind in ("competentie", "resultaat"):
        return ESCO + "Skill" in facts["types"]
    if kind == "werk-en-denkniveau":
        return bool({EQF_SCHEME, NLQF_SCHEME} & facts["schemes"])
    return True


def fgr_subjects(data_paths) -> set[str]:
    """IRIs that the FGR data and the concept schemes define (as subjects of an rdf:type triple)."""
    import pyoxigraph as ox

    from functiegebouw.rdf.load import ontology_files

    store = ox.Store()
    files = list(ontology_files())
    for p in map(Path, data_paths):
        files.extend(sorted(p.glob("*.ttl")) if p.is_dir() else [p])
    for path in files:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return {q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), None, None)
            if isinstance(q.subject, ox.NamedNode)}


def check(mappings_dir="data/mappings", vocab_dir="data/vocab", data=("data",)) -> list[Problem]:
    """Everything the link shapes check, against the full vocabulary, plus what SHACL cannot see per profile."""
    sets = read_all(mappings_dir)
    store = open_vocab(vocab_dir)
    subjects = fgr_subjects(data)
    problems: list[Problem] = []
    direct = {m.key for s in sets for m in s.mappings}
    import pyoxigraph as ox

    for s in sets:
        where = str(s.path)
        for m in s.mappings:
            facts = target_facts(store, m.object)
            kind = subject_kind(m.subject)
            if not facts["exists"]:
                problems.append(Problem(where, m.line, f"object {m.object} is not in {vocab_dir}"))
            elif kind and not kind_ok(kind, facts):
                problems.append(Problem(where, m.line, f"object {m.object} is not {KINDS[kind]}, as a {kind} needs"))
            if kind is None:
                problems.append(Problem(where, m.line, f"subject {m.subject} is not a functiegroep, resultaat, "
                                        "competentie or werk- en denkniveau IRI"))
            elif m.subject not in subjects:
                problems.append(Problem(where, m.line, f"subject {m.subject} is not in the FGR data"))
            if m.justification == SEMAPV + "MappingChaining":
                problems.extend(_check_chain(where, m, direct, store, ox))
    for path, text in build(mappings_dir, vocab_dir, write=False).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            problems.append(Problem(str(path), None, "out of date; run `fgr link build`"))
    groups = {m.subject for s in sets for m in s.mappings if subject_kind(m.subject) == "functiegroep"
              and ISCO_SCHEME in target_facts(store, m.object)["schemes"]}
    for subject in sorted(x for x in subjects if subject_kind(x) == "functiegroep"):
        if subject not in groups:
            problems.append(Problem(str(mappings_dir), None, f"functiegroep {subject} has no ISCO-08 link yet "
                                    "(`fgr link suggest --kind functiegroep` proposes candidates)", "warning"))
    return problems


def _check_chain(where, m: Mapping, direct, store, ox) -> list[Problem]:
    """A chained mapping S p O must be S p X (curated) and X q O (in the vocabulary) for some X."""
    for (s, p, x) in direct:
        if s != m.subject or (s, p, x) == m.key:
            continue
        hop = store.quads_for_pattern(ox.NamedNode(x), None, ox.NamedNode(m.object), None)
        if any(q.predicate.value in PREDICATES for q in hop):
            return []
    return [Problem(where, m.line, f"chained mapping to {m.object}: no curated mapping of {m.subject} leads there "
                    "through a vocabulary mapping")]
