"""SSSOM: mapping tables as TSV with a YAML metadata block, and their RDF form.

- ``read_sssom`` / ``write_sssom``: SSSOM/TSV (file:line errors for bad input). The writer's output is
  what sssom-py writes for the same mappings (YAML by ``yaml.safe_dump``, columns in the schema's order,
  propagatable slots with one value condensed into the metadata block), so that ``sssom`` tools and
  this project agree byte for byte (tests/links/test_sssom.py);
- ``to_triples``: the RDF form sssom-py reads and writes: a ``sssom:MappingSet`` with ``sssom:mappings``
  to one ``owl:Axiom`` per mapping (its IRI is the ``record_id``; no blank nodes), ``pav:authoredBy``,
  ``dcterms:created`` as ``xsd:date``, plus the mapping triple itself (subject predicate object) for SKOS
  consumers and queries.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from functiegebouw.errors import FgrError
from functiegebouw.rdf import iris
from functiegebouw.rdf.files import write_atomic
from functiegebouw.rdf.turtle import Triples, iri, iri_problem, lit, typed
from functiegebouw.terminal import printable

if TYPE_CHECKING:
    import yaml

# The set metadata as read from YAML: texts, lists of texts, and the curie_map (prefix -> namespace).
Metadata = dict[str, Any]
CurieMap = dict[str, str]
# Where an error is (FgrError's path): a file, or None for text that has none.
Where = str | Path | None

SKOS, SEMAPV, SSSOM, OWL, RDF, RDF_TYPE = iris.SKOS, iris.SEMAPV, iris.SSSOM, iris.OWL, iris.RDF, iris.RDF_TYPE
RDFS, DCT, PAV, XSD, FGR, ID = iris.RDFS, iris.DCT, iris.PAV, iris.XSD, iris.FGR, iris.ID
MAPPING_ID = ID + "mapping/"
NO_TERM_FOUND = SSSOM + "NoTermFound"

SKOS_MAPPINGS = {SKOS + p for p in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")}
# Mappings from a statement (a verbatim text line) are not SKOS mappings: a resultaat needs a skill.
REQUIRES_SKILL = FGR + "requiresSkill"
PREDICATES = SKOS_MAPPINGS | {REQUIRES_SKILL}
JUSTIFICATIONS = {SEMAPV + j for j in (
    "ManualMappingCuration", "MappingChaining", "LexicalMatching", "LexicalSimilarityThresholdMatching",
    "SemanticSimilarityThresholdMatching", "LogicalReasoning", "MappingReview", "UnspecifiedMatching")}
METADATA_REQUIRED = ["curie_map", "mapping_set_id", "license"]
# Prefixes sssom-py always adds to a curie_map it writes.
BUILTIN_PREFIXES = {"owl": OWL, "rdf": RDF, "rdfs": RDFS, "semapv": SEMAPV, "skos": SKOS, "sssom": SSSOM}

# The mapping slots of the SSSOM schema in the order sssom-py writes them (sssom-schema 1.x), and the
# slots it may condense into the set metadata when every mapping has the same value.
SLOTS = ["subject_id", "subject_label", "subject_category", "predicate_id", "predicate_label",
         "predicate_modifier", "object_id", "object_label", "object_category", "mapping_justification",
         "author_id", "author_label", "reviewer_id", "reviewer_label", "creator_id", "creator_label", "license",
         "subject_type", "subject_source", "subject_source_version", "object_type", "object_source",
         "object_source_version", "predicate_type", "mapping_provider", "mapping_source", "mapping_cardinality",
         "cardinality_scope", "mapping_tool", "mapping_tool_id", "mapping_tool_version", "mapping_date",
         "publication_date", "review_date", "confidence", "reviewer_agreement", "curation_rule",
         "curation_rule_text", "subject_match_field", "object_match_field", "match_string",
         "subject_preprocessing", "object_preprocessing", "similarity_score", "similarity_measure", "see_also",
         "issue_tracker_item", "other", "comment", "record_id"]
PROPAGATABLE = ["subject_type", "subject_source", "subject_source_version", "object_type", "object_source",
                "object_source_version", "predicate_type", "mapping_provider", "cardinality_scope", "mapping_tool",
                "mapping_tool_id", "mapping_tool_version", "mapping_date", "subject_match_field",
                "object_match_field", "subject_preprocessing", "object_preprocessing", "similarity_measure",
                "curation_rule", "curation_rule_text"]
REQUIRED = ["subject_id", "predicate_id", "object_id", "mapping_justification"]
NAMED = {"subject_id", "subject_label", "predicate_id", "object_id", "object_label", "mapping_justification",
         "confidence", "author_id", "reviewer_id", "comment", "record_id", "object_source", "object_source_version"}

# How a slot is written in RDF: (property, kind); kind is "iri" (a CURIE or IRI), "iris" (several,
# "|"-separated), "str", "double" or "date". Slots not listed are sssom:<slot> strings.
RDF_SLOTS = {
    "subject_id": (OWL + "annotatedSource", "iri"), "predicate_id": (OWL + "annotatedProperty", "iri"),
    "object_id": (OWL + "annotatedTarget", "iri"), "mapping_justification": (SSSOM + "mapping_justification", "iri"),
    "author_id": (PAV + "authoredBy", "iris"), "reviewer_id": (SSSOM + "reviewer_id", "iris"),
    "creator_id": (DCT + "creator", "iris"), "comment": (RDFS + "comment", "str"),
    "confidence": (SSSOM + "confidence", "double"), "similarity_score": (SSSOM + "similarity_score", "double"),
    "mapping_date": (DCT + "created", "date"), "publication_date": (DCT + "issued", "date"),
    "subject_source": (SSSOM + "subject_source", "iri"), "object_source": (SSSOM + "object_source", "iri"),
    "see_also": (RDFS + "seeAlso", "iris"), "license": (DCT + "license", "iri"),
    "mapping_set_version": (OWL + "versionInfo", "str"), "mapping_set_title": (DCT + "title", "str"),
    "mapping_set_description": (DCT + "description", "str"), "mapping_set_source": (PAV + "wasDerivedFrom", "iris"),
}
RDF_PREFIXES = {"owl": OWL, "rdfs": RDFS, "dcterms": DCT, "pav": PAV, "sssom": SSSOM, "semapv": SEMAPV,
                "skos": SKOS, "xsd": XSD}


@dataclass
class Mapping:
    subject: str
    predicate: str
    object: str
    justification: str
    line: int = 0
    subject_label: str = ""
    object_label: str = ""
    confidence: float | None = None
    author: str = ""          # CURIE(s) as written, "|"-separated
    reviewer: str = ""
    comment: str = ""
    record_id: str = ""       # full IRI; minted from the mapping when empty (see ``mint``)
    object_source: str = ""   # full IRI
    object_source_version: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # further SSSOM slots, as written in the TSV

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.predicate, self.object)


@dataclass
class MappingSet:
    path: Path | None
    metadata: Metadata
    mappings: list[Mapping]

    @property
    def id(self) -> str:
        return str(self.metadata["mapping_set_id"])

    @property
    def name(self) -> str:
        return self.id.rstrip("/").rsplit("/", 1)[-1]

    @property
    def curie_map(self) -> CurieMap:
        curie_map: CurieMap = self.metadata["curie_map"]
        return curie_map


def record_iri(set_name: str, key: tuple[str, str, str]) -> str:
    """The minted IRI of a mapping record: stable as long as subject, predicate and object are."""
    return f"{MAPPING_ID}{set_name}/{hashlib.sha1(chr(9).join(key).encode('utf-8')).hexdigest()[:12]}"


def mint(mapping_set: MappingSet) -> None:
    """Give every mapping its record_id (the minted IRI)."""
    for m in mapping_set.mappings:
        m.record_id = record_iri(mapping_set.name, m.key)


# ---------------------------------------------------------------- CURIEs

def expand(curie: str, curie_map: CurieMap, path: Where, line: int | None, column: str) -> str:
    """The IRI a CURIE (or an http(s) IRI) stands for; an FgrError when it is not one RDF can hold."""
    if re.match(r"https?://", curie):
        full = curie
    else:
        prefix, sep, local = curie.partition(":")
        if not sep or prefix not in curie_map:
            raise FgrError(path, line, f"{column} {curie!r}: prefix {prefix!r} is not in the curie_map")
        full = curie_map[prefix] + local
    problem = iri_problem(full)
    if problem:
        raise FgrError(path, line, f"{column} {curie!r} is not a valid IRI ({_one_line(problem)}); expected a CURIE "
                                   "or an IRI without spaces, quotes or <>")
    return full


def _one_line(text: object) -> str:
    return " ".join(printable(str(text)).split())


def compact(value: str, curie_map: CurieMap) -> str:
    best = max(((p, ns) for p, ns in curie_map.items() if value.startswith(ns)), key=lambda x: len(x[1]), default=None)
    return f"{best[0]}:{value[len(best[1]):]}" if best else value


# ---------------------------------------------------------------- SSSOM/TSV

# Slots that hold a date (ISO 8601, YYYY-MM-DD); written as xsd:date.
DATE_SLOTS = ("mapping_date", "publication_date", "review_date")
# Set slots that may be YAML lists (the SSSOM schema's multivalued ones); every other slot is one text.
LIST_SLOTS = {"creator_id", "creator_label", "author_id", "author_label", "reviewer_id", "reviewer_label",
              "see_also", "mapping_set_source", "subject_preprocessing", "object_preprocessing", "curation_rule",
              "curation_rule_text", "mapping_tool_id"}
_SLOT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def _meta_line(lines: list[tuple[int, str]], key: object) -> int:
    """The file line on which the metadata block sets ``key`` (1 when it cannot be found)."""
    for number, text in lines:
        if text.lstrip().startswith(f"{key}:"):
            return number
    return lines[0][0] if lines else 1


class _Mark(Protocol):
    """Where the YAML parser is (PyYAML's pure and C marks both have it); ``line`` counts from 0."""

    line: int


def _yaml_line(lines: list[tuple[int, str]], mark: _Mark | None) -> int:
    return lines[min(mark.line, len(lines) - 1)][0] if mark is not None and lines else 1


def _loader() -> type[yaml.SafeLoader]:
    import yaml

    class Loader(yaml.SafeLoader):
        """safe_load, but a date stays the text it is written as (checked as YYYY-MM-DD with its line)."""

    def as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        assert isinstance(node, yaml.ScalarNode)  # (a timestamp is a scalar)
        return loader.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", as_text)
    return Loader


def _metadata(lines: list[tuple[int, str]], path: Where) -> Metadata:
    import yaml

    _Loader = _loader()

    text = "\n".join(t for _, t in lines)
    if all(t.startswith(" ") or not t.strip() for _, t in lines):  # "# key: value", as sssom-py writes
        text = "\n".join(t[1:] for _, t in lines)
    try:
        # aliases (*name) are refused: they let a small block stand for a huge or shared structure
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise FgrError(path, _yaml_line(lines, event.start_mark),
                               "the metadata block uses a YAML alias (*name); write the value out")
        meta = yaml.load(text, Loader=_Loader) if text.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = _yaml_line(lines, mark)
        problem = _one_line(getattr(exc, "problem", None) or str(exc).splitlines()[0])
        raise FgrError(path, line, f"the metadata block is not valid YAML: {problem}"
                       + (" (quote a value that contains ': ')" if "mapping values" in problem else "")) from None
    except (ValueError, TypeError, RecursionError) as exc:  # e.g. an impossible !!timestamp
        raise FgrError(path, lines[0][0] if lines else 1,
                       f"the metadata block is not valid YAML: {_one_line(exc)}") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FgrError(path, 1, "the metadata block must be YAML 'key: value' lines")
    for key, value in list(meta.items()):
        if not isinstance(key, str) or not _SLOT_NAME.match(key):
            raise FgrError(path, _meta_line(lines, key), f"metadata key {_one_line(repr(key))} is not an SSSOM slot "
                                                          "name (letters, digits and _)")
        if isinstance(value, (dt.date, dt.datetime)):
            meta[key] = value = value.isoformat()
        elif isinstance(value, bool):
            meta[key] = value = "true" if value else "false"
        elif isinstance(value, (int, float)):
            meta[key] = value = str(value)
        if key == "curie_map" or key == "extension_definitions" and isinstance(value, list):
            continue  # checked by read_sssom / carried as written
        texts = value if isinstance(value, list) and key in LIST_SLOTS else [value]
        if value is not None and not all(isinstance(v, str) for v in texts):
            kind = "a text or a list of texts" if key in LIST_SLOTS else "one text"
            raise FgrError(path, _meta_line(lines, key), f"{key}: expected {kind}, not "
                                                          f"{_one_line(type(value).__name__)}")
        if key in DATE_SLOTS and value is not None:
            _date(value, path, _meta_line(lines, key), key)
    return meta


def _date(value: str, path: Where, line: int | None, slot: str) -> None:
    try:
        dt.date.fromisoformat(value)
        ok = bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))
    except ValueError:
        ok = False
    if not ok:
        raise FgrError(path, line, f"{slot} {_one_line(repr(value))} is not a date; expected YYYY-MM-DD")


def _split_lines(text: str) -> list[str]:
    """The file's lines: only LF, CRLF and CR end one (str.splitlines also splits at U+2028, FF, …,
    which may sit inside a label)."""
    lines = re.split(r"\r\n|\r|\n", text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def read_sssom(path: str | Path) -> MappingSet:
    """Read an SSSOM/TSV file: the ``#`` metadata block (YAML), a header line, one mapping per line.
    Anything else is an FgrError naming the file and line (a leading byte order mark is allowed)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise FgrError(path, None, "not UTF-8 text; expected an SSSOM/TSV file") from None
    except OSError as exc:
        raise FgrError(path, None, f"cannot read: {exc.strerror or exc}") from None
    lines = _split_lines(text)
    meta_lines, number = [], 0
    while number < len(lines) and lines[number].startswith("#"):
        meta_lines.append((number + 1, lines[number][1:]))
        number += 1
    meta = _metadata(meta_lines, path)
    for key in METADATA_REQUIRED:
        if key not in meta:
            raise FgrError(path, 1, f"the metadata block has no {key}")
    if not isinstance(meta["curie_map"], dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in meta["curie_map"].items()):
        raise FgrError(path, _meta_line(meta_lines, "curie_map"), "curie_map must map prefixes to namespaces")
    for key in ("mapping_set_id", "license"):
        if not isinstance(meta[key], str) or not meta[key]:
            raise FgrError(path, _meta_line(meta_lines, key), f"{key}: expected one IRI")
    curie_map = dict(meta["curie_map"])
    for prefix, ns in BUILTIN_PREFIXES.items():
        curie_map.setdefault(prefix, ns)
    meta["curie_map"] = curie_map
    expand(meta["mapping_set_id"], {}, path, _meta_line(meta_lines, "mapping_set_id"), "mapping_set_id")
    for key, value in meta.items():
        if key not in ("curie_map", "mapping_set_id") and value is not None:
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    _check_slot(key, text, curie_map, path, _meta_line(meta_lines, key))
    if number >= len(lines):
        raise FgrError(path, number, "no header line after the metadata block")
    mappings: list[Mapping] = []
    seen: dict[tuple[str, str, str], int] = {}
    reader = csv.reader(io.StringIO("\n".join(lines[number:]) + "\n"), delimiter="\t")
    header: list[str] = []
    while True:
        row_line = number + 1 + reader.line_num  # where the next row starts
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FgrError(path, number + reader.line_num, f"not a TSV row: {_one_line(exc)}"
                           + (" (a cell is longer than the 128 KiB a cell may hold)" if "field limit" in str(exc)
                              else "")) from None
        if not header:
            header = _header(cells, path, row_line)
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise FgrError(path, row_line, f"{len(cells)} cells, expected {len(header)} as in the header")
        row = {k: v.strip() for k, v in zip(header, cells, strict=True)}
        m = _mapping(row, meta, path, row_line)
        if m.key in seen:
            raise FgrError(path, row_line, f"the same mapping is on line {seen[m.key]}")
        seen[m.key] = row_line  # a stale or copied record_id is minted anew by `fgr link build`
        mappings.append(m)
    if not header:
        raise FgrError(path, number + 1, "no header line after the metadata block")
    return MappingSet(path, meta, mappings)


def _check_slot(slot: str, value: str, curie_map: CurieMap, path: Where, line: int | None) -> None:
    """Refuse a value its RDF form cannot hold: an IRI slot that is no IRI, a number or a date that is none."""
    kind = RDF_SLOTS.get(slot, ("", "str"))[1]
    if kind in ("iri", "iris"):
        for part in filter(None, value.split("|") if kind == "iris" else [value]):
            expand(part, curie_map, path, line, slot)
    elif kind == "double":
        try:
            number = float(value)
        except ValueError:
            number = float("nan")
        if number != number or number in (float("inf"), float("-inf")):
            raise FgrError(path, line, f"{slot} {_one_line(repr(value))} is not a number")
    elif slot in DATE_SLOTS:
        _date(value, path, line, slot)


def _header(cells: list[str], path: Where, line: int) -> list[str]:
    missing = [c for c in REQUIRED if c not in cells]
    if missing:
        raise FgrError(path, line, f"missing column(s) {', '.join(missing)}")
    for name in cells:
        if not _SLOT_NAME.match(name):
            raise FgrError(path, line,
                           f"column {_one_line(repr(name))} is not an SSSOM slot name (letters, digits and _)")
    twice = sorted({c for c in cells if cells.count(c) > 1})
    if twice:
        raise FgrError(path, line, f"column(s) {', '.join(twice)} appear more than once")
    return cells


def _mapping(row: dict[str, str], meta: Metadata, path: Where, line: int) -> Mapping:
    curie_map = meta["curie_map"]
    for column in REQUIRED:
        if not row[column]:
            raise FgrError(path, line, f"{column} is empty")

    def full(column: str) -> str:
        value = row.get(column) or (meta.get(column) if column in PROPAGATABLE else "") or ""
        return expand(value, curie_map, path, line, column) if value else ""

    m = Mapping(
        subject=full("subject_id"), predicate=full("predicate_id"), object=full("object_id"),
        justification=full("mapping_justification"), line=line,
        subject_label=row.get("subject_label", ""), object_label=row.get("object_label", ""),
        author=row.get("author_id", ""), reviewer=row.get("reviewer_id", ""), comment=row.get("comment", ""),
        record_id=full("record_id"), object_source=full("object_source"),
        object_source_version=row.get("object_source_version") or meta.get("object_source_version", "") or "",
        extra={k: v for k, v in row.items() if k not in NAMED and v})
    if m.predicate not in PREDICATES:
        raise FgrError(path, line, f"predicate_id {row['predicate_id']!r} is not a SKOS mapping property "
                       "(exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch) or fgr:requiresSkill")
    if m.justification not in JUSTIFICATIONS:
        raise FgrError(path, line, f"mapping_justification {row['mapping_justification']!r} is not a semapv "
                       f"term ({', '.join(sorted(compact(j, {'semapv': SEMAPV}) for j in JUSTIFICATIONS))})")
    confidence = row.get("confidence", "")
    if confidence:
        try:
            m.confidence = float(confidence)
        except ValueError:
            m.confidence = -1.0
        if not 0.0 <= m.confidence <= 1.0:
            raise FgrError(path, line, f"confidence {confidence!r} is not a number from 0 to 1")
    for column in ("author_id", "reviewer_id"):
        for value in filter(None, row.get(column, "").split("|")):
            expand(value, curie_map, path, line, column)
    for column, value in row.items():
        if value and column not in REQUIRED and column not in ("record_id", "object_source", "confidence"):
            _check_slot(column, value, curie_map, path, line)
    return m


def _cells(m: Mapping, curie_map: CurieMap) -> dict[str, str]:
    cells = {"subject_id": compact(m.subject, curie_map), "subject_label": m.subject_label,
             "predicate_id": compact(m.predicate, curie_map), "object_id": compact(m.object, curie_map),
             "object_label": m.object_label, "mapping_justification": compact(m.justification, curie_map),
             "confidence": "" if m.confidence is None else repr(m.confidence),
             "author_id": m.author, "reviewer_id": m.reviewer, "comment": m.comment,
             "record_id": compact(m.record_id, curie_map) if m.record_id else "",
             "object_source": compact(m.object_source, curie_map) if m.object_source else "",
             "object_source_version": m.object_source_version, **m.extra}
    # Values are written as they are (a label "analyze  goal progress" keeps its two spaces, as ESCO has
    # it): the csv writer quotes a cell with a tab, a line break or a quote, as sssom-py (pandas) does.
    return {k: str(v) for k, v in cells.items() if v not in ("", None)}


def used_prefixes(metadata: Metadata, mappings: list[Mapping]) -> CurieMap:
    """The curie_map reduced to the prefixes the set uses, plus those sssom-py always writes."""
    curie_map = metadata["curie_map"]
    values = [v for m in mappings for k, v in _cells(m, curie_map).items()
              if k.endswith(("_id", "_source")) or k in ("mapping_justification",)]
    values += [v for k, v in metadata.items() if isinstance(v, str) and k.endswith(("_id", "_source"))]
    values += [x for v in metadata.values() if isinstance(v, list) for x in v if isinstance(x, str)]
    used = {p for v in values for part in v.split("|") for p in [part.partition(":")[0]] if p in curie_map}
    return {p: ns for p, ns in sorted(curie_map.items()) if p in used or p in BUILTIN_PREFIXES}


def _sort_key(column: str, value: str | None) -> tuple[int, float, str]:
    """sssom-py's row order: by every column in schema order, numbers as numbers, empty cells last."""
    if value is None:
        return (1, 0.0, "")
    if column in ("confidence", "similarity_score"):
        return (0, float(value), "")
    return (0, 0.0, value)


def condensed(metadata: Metadata, mappings: list[Mapping]) -> tuple[Metadata, list[dict[str, str]]]:
    """(set metadata, one dict of cells per mapping) as sssom-py writes them: propagatable slots with one
    value for all mappings move into the metadata, the curie_map keeps the prefixes in use."""
    meta = {k: v for k, v in metadata.items() if v not in (None, "", [], {})}
    meta["curie_map"] = used_prefixes(metadata, mappings)
    rows = [_cells(m, metadata["curie_map"]) for m in mappings]
    for slot in PROPAGATABLE:
        if not any(slot in r for r in rows):
            continue  # a set-level value only: it stays in the metadata
        meta.pop(slot, None)  # the rows carry it (read_sssom propagated the set's value into them)
        values = {r.get(slot, "") for r in rows}
        if len(values) == 1 and "" not in values:
            meta[slot] = values.pop()
            for r in rows:
                del r[slot]
    return meta, rows


def write_sssom(path: str | Path | None, metadata: Metadata, mappings: list[Mapping]) -> str:
    """SSSOM/TSV text for ``mappings`` (written to ``path`` atomically unless it is None), in the form
    sssom-py writes (``condensed``; rows sorted by every column)."""
    import yaml

    meta, rows = condensed(metadata, mappings)
    columns = [c for c in SLOTS if any(c in r for r in rows)]
    columns += sorted({c for r in rows for c in r} - set(columns))
    rows.sort(key=lambda r: [_sort_key(c, r.get(c)) for c in columns])
    out = io.StringIO()
    for line in yaml.safe_dump(meta, allow_unicode=True).split("\n"):
        if line:
            out.write(f"# {line}\n")
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    text = out.getvalue()
    if path is not None:
        write_atomic(path, text)
    return text


# ---------------------------------------------------------------- RDF

def _rdf_value(kind: str, value: str, curie_map: CurieMap, where: Where, line: int | None,
               slot: str) -> list[tuple[str, ...]]:
    if kind in ("iri", "iris"):
        return [iri(expand(v, curie_map, where, line, slot)) for v in value.split("|") if v]
    if kind == "double":
        return [typed(repr(float(value)), XSD + "double")]
    if kind == "date":
        return [typed(value, XSD + "date")]
    return [lit(value)]


def to_triples(mapping_set: MappingSet) -> Triples:
    """The set in sssom-py's RDF form (owl:Axiom per mapping, IRIs = record_id), plus each mapping triple."""
    t = Triples()
    where = mapping_set.path
    curie_map = mapping_set.curie_map
    meta, cells_of = condensed(mapping_set.metadata, mapping_set.mappings)
    rows = list(zip(mapping_set.mappings, cells_of, strict=True))
    set_iri = mapping_set.id
    t.add(set_iri, RDF_TYPE, iri(SSSOM + "MappingSet"))
    for slot, value in meta.items():
        if slot in ("curie_map", "mapping_set_id") or value in (None, "", [], {}):
            continue
        prop, kind = RDF_SLOTS.get(slot, (SSSOM + slot, "str"))
        value = "|".join(value) if isinstance(value, list) else str(value)
        for obj in _rdf_value(kind, value, curie_map, where, None, slot):
            t.add(set_iri, prop, obj)
    for m, cells in rows:
        if not m.record_id:
            raise FgrError(where, m.line, "the mapping has no record_id; run `fgr link build`")
        node = m.record_id
        t.add(set_iri, SSSOM + "mappings", iri(node))
        t.add(node, RDF_TYPE, iri(OWL + "Axiom"))
        for slot, value in cells.items():
            if slot == "record_id":
                continue
            prop, kind = RDF_SLOTS.get(slot, (SSSOM + slot, "str"))
            for obj in _rdf_value(kind, value, curie_map, where, m.line, slot):
                t.add(node, prop, obj)
        if m.object != NO_TERM_FOUND:
            t.add(m.subject, m.predicate, iri(m.object))
    return t


def rdf_prefixes(mapping_set: MappingSet) -> CurieMap:
    """Turtle prefixes: the set's own (as sssom-py reads them back into its curie_map) plus RDF_PREFIXES."""
    return {**RDF_PREFIXES, **used_prefixes(mapping_set.metadata, mapping_set.mappings)}
