"""Import the vocabularies the FGR links to: ESCO (CSV export), CBS BRC 2014, EQF/NLQF, O*NET-SOC.

Each import reads the published tables and writes deterministic SKOS Turtle to ``data/vocab/``:

- ``import_esco(dir)``: ISCO-08 groups (hierarchy from the code prefixes), ESCO occupations
  (``esco:memberOfISCOGroup``), skills (type, reuse level, transversal skill groups), skill groups;
- ``import_brc(csv)``: BRC 2014 beroepsklassen > segmenten > beroepsgroepen, CBS's Dutch names of the
  ISCO-08 unit groups, and CBS's ISCO-08 -> BRC 2014 conversion as SKOS mapping triples;
- ``write_eqf()``: EQF levels 1-8 (the EU's IRIs) and the NLQF levels referenced to them;
- ``import_onet(dir)``: O*NET-SOC 2010 occupations, 2010 SOC detailed occupations and the BLS ISCO-08 ->
  2010 SOC crosswalk as SKOS mapping triples.

IRIs are taken from the sources exactly; only BRC, NLQF, SOC and O*NET-SOC, which have no published IRIs,
get IRIs minted under the project's namespace, and the data says so. Every scheme states in
``owl:versionInfo`` which release the data comes from (SSSOM's object_source_version is read from it).
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from functiegebouw.errors import FgrError
from functiegebouw.rdf import iris
from functiegebouw.rdf.files import write_atomic
from functiegebouw.rdf.turtle import Triples, iri, lit

SKOS, RDF_TYPE, RDFS, DCT, OWL = iris.SKOS, iris.RDF_TYPE, iris.RDFS, iris.DCT, iris.OWL
ESCO, ESCO_BASE = iris.ESCO, iris.ESCO_BASE
ISCO_SCHEME = ESCO_BASE + "concept-scheme/isco"
ISCO = ESCO_BASE + "isco/C"
EQF = iris.EQF
ID = iris.ID
BRC = ID + "brc2014"
EQF_SCHEME = ID + "eqf"
NLQF = ID + "nlqf"
SOC = ID + "soc2010"
ONET = ID + "onet-soc"
ESCO_SCHEME = ESCO_BASE + "concept-scheme/"
ESCO_V10 = "ESCO v1.0.x"
# What each ESCO scheme's data here comes from: two ESCO versions are mixed (data/vocab/SOURCES.md).
ESCO_SCHEMES = {
    "isco": ("ISCO-08", "ISCO-08 as published in ESCO v1.0.x (ISCOGroups_en.csv); Dutch names from CBS (BRC 2014)"),
    "occupations": ("ESCO occupations", "ESCO v1.0.x (en labels and descriptions) and v1.1.x (nl labels and "
                    "descriptions; the ISCO-08 group where the two differ)"),
    "skills": ("ESCO skills", ESCO_V10 + " (en-US labels; the transversal skills also en)"),
    "skills-hierarchy": ("ESCO skills hierarchy", ESCO_V10),
    "skill-transversal-groups": ("ESCO transversal skill groups", ESCO_V10),
    "isced-f": ("ISCED-F 2013 fields of education and training", "ISCED-F 2013 as published in ESCO v1.0.x"),
}

ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."
CBS_ATTRIBUTION = "Bron: CBS"
CBS_XLS_URL = ("https://www.cbs.nl/-/media/imported/onze-diensten/methoden/classificaties/documents/"
               "2015/09/brc2014.xls")
CC_BY_4 = "https://creativecommons.org/licenses/by/4.0/"

PREFIXES = {
    "skos": SKOS, "rdfs": RDFS, "dct": DCT, "owl": OWL, "esco": ESCO, "xsd": iris.XSD,
    "isco": ESCO_BASE + "isco/", "occupation": ESCO_BASE + "occupation/", "skill": ESCO_BASE + "skill/",
    "escoscheme": ESCO_BASE + "concept-scheme/", "isced": ESCO_BASE + "isced-f/",
    "brc": BRC + "/", "eqf": EQF, "nlqf": NLQF + "/", "id": ID, "soc": SOC + "/", "onet": ONET + "/",
}

ESCO_FILES = {
    "isco": "ISCOGroups_en.csv",
    "occupations_en": "occupations_en.csv",
    "occupations_nl": "occupations_nl.csv",
    "skills": "skills_en-us.csv",
    "skill_groups": "skillGroups_en.csv",
    "transversal": "transversalSkillsCollection_en.csv",
    "broader": "broaderRelationsSkillPillar.csv",
}
SKILL_TYPES = {"skill/competence": "skill", "knowledge": "knowledge"}
REUSE_LEVELS = {"transversal", "cross-sector", "sector-specific", "occupation-specific"}


@dataclass
class Written:
    """What an import wrote: file -> number of triples, plus counts people want to see."""

    files: dict[Path, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        lines = [f"{path}: {n:,} triples" for path, n in self.files.items()]
        lines += [f"  {name}: {n:,}" for name, n in self.counts.items()]
        return "\n".join(lines)


# ---------------------------------------------------------------- reading the tables

def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_table(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with the line each starts on; FgrError names a missing file, column or bad cell."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FgrError(path, None, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FgrError(path, line, "not UTF-8 text; expected a CSV export") from None
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise FgrError(path, 1, "empty file; expected a CSV header line") from None
    except csv.Error as exc:
        raise FgrError(path, 1, f"not a CSV header: {exc}") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise FgrError(path, 1, f"missing column(s) {', '.join(missing)}; the header has {', '.join(header[:12])}")
    rows = []
    start = reader.line_num + 1
    try:
        for record in reader:
            if record and len(record) != len(header):
                raise FgrError(path, start, f"{len(record)} cells, expected {len(header)} as in the header")
            if record:
                rows.append((start, dict(zip(header, record, strict=True))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FgrError(path, start, f"not valid CSV: {exc}") from None
    if not rows:  # an import of nothing would replace a vocabulary with an empty one
        raise FgrError(path, 2, "no rows after the header; expected the table's rows (nothing was written)")
    return rows


def _need(path: str | os.PathLike[str], line: int, row: dict[str, str], column: str, pattern: str | None = None,
          what: str | None = None) -> str:
    value = row[column].strip()
    if not value or (pattern and not re.fullmatch(pattern, value)):
        expected = what or (f"a value matching {pattern}" if pattern else "a value")
        raise FgrError(path, line, f"column {column}: {value!r} is not {expected}")
    return value


def _uri_list(value: str) -> list[str]:
    return [u.strip() for u in re.split(r"[\n|,]", value) if u.strip()]


def _labels(value: str) -> list[str]:
    return [v.strip() for v in re.split(r"\n|\s\|\s", value) if v.strip()]


def _alt_labels_and_description(t: Triples, uri: str, row: dict[str, str], tag: str) -> None:
    """A concept's ``altLabels`` and ``description`` columns of an ESCO table, in language ``tag``."""
    for alt in _labels(row["altLabels"]):
        t.add(uri, SKOS + "altLabel", lit(alt, tag))
    t.add(uri, DCT + "description", lit(row["description"].strip(), tag))


def _header(title: str, sources: list[tuple[str, Path]], notes: list[str]) -> str:
    lines = [title, "", "Generated by `fgr vocab` (functiegebouw.links.vocab); do not edit by hand.", "Sources (SHA-256):"]
    lines += [f"  {name}  {sha256(path)}" for name, path in sources]
    lines += [""] + notes
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- ESCO

ESCO_URI = r"http://data\.europa\.eu/esco/[A-Za-z0-9/_.\-]+"


# The tables of ESCO's CSV package, by the stem of their file names: ``<stem>_<language>.csv`` (the full
# download has one per language, e.g. occupations_nl.csv, skills_en.csv) or ``<stem>.csv``.
ESCO_TABLES = {
    "isco": "ISCOGroups", "occupations": "occupations", "skills": "skills", "skill_groups": "skillGroups",
    "transversal": "transversalSkillsCollection", "broader": "broaderRelationsSkillPillar",
    "hierarchy": "skillsHierarchy", "relations": "occupationSkillRelations",
}
# at least one file of each of these; the others are taken when present
ESCO_REQUIRED = ("isco", "occupations", "skills", "skill_groups")
RELATIONS = {"essential": "hasEssentialSkill", "optional": "hasOptionalSkill"}
RELATIONS_FILE = "esco-occupation-skills.ttl"
HIERARCHY_LEVELS = 4   # skillsHierarchy: Level 0 URI … Level 3 URI


def language_tag(suffix: str) -> str:
    """The file name's language (``en``, ``nl``, ``en-us``) as a BCP 47 tag (``en-US``)."""
    lang, _, region = suffix.partition("-")
    return f"{lang.lower()}-{region.upper()}" if region else lang.lower()


def esco_files(src: Path) -> dict[str, list[tuple[str | None, Path]]]:
    """The tables of an ESCO CSV folder: kind -> [(language tag or None, path)], English first, Dutch
    last (the occupations' ISCO group of the last export read wins: the shipped nl export is the newer
    ESCO version), the others in between by name."""
    found: dict[str, list[tuple[str | None, Path]]] = {kind: [] for kind in ESCO_TABLES}
    for path in sorted(src.iterdir()):
        for kind, stem in ESCO_TABLES.items():
            m = re.fullmatch(re.escape(stem) + r"(?:_([A-Za-z]{2,3}(?:-[A-Za-z]{2,4})?))?\.csv", path.name)
            if m and path.is_file():
                found[kind].append((language_tag(m.group(1)) if m.group(1) else None, path))

    def order(item: tuple[str | None, Path]) -> tuple[int, str, str]:
        lang = (item[0] or "").split("-")[0]
        return (0 if lang == "en" else 2 if lang == "nl" else 1, item[0] or "", item[1].name)

    return {kind: sorted(files, key=order) for kind, files in found.items()}


def import_esco(src_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str], release: str | None = None) -> Written:
    """Read the ESCO CSV export in ``src_dir`` and write esco-isco/-occupations/-skills.ttl to ``out_dir``,
    and esco-occupation-skills.ttl when the folder has occupationSkillRelations.

    Every file of a full ESCO download is taken when present: the labels and descriptions of every
    language (``occupations_<lang>.csv``, ``skills_<lang>.csv``, ``skillGroups_<lang>.csv``,
    ``ISCOGroups_<lang>.csv``, ``transversalSkillsCollection_<lang>.csv``), the skill hierarchy
    (``broaderRelationsSkillPillar[_<lang>].csv`` and ``skillsHierarchy_<lang>.csv``: skos:broader) and
    the occupations' essential and optional skills (``occupationSkillRelations[_<lang>].csv``:
    esco:hasEssentialSkill, esco:hasOptionalSkill). Everything is read and checked before anything is
    written, and the files are replaced together (``rdf.files.write_all``): a bad file changes nothing.
    ``release`` (e.g. "v1.2.0") is the ESCO version of the download, stated in each scheme's owl:versionInfo (and so in the SSSOM
    object_source_version of the links to it); without it the versions of the shipped tables are stated."""
    from functiegebouw.rdf.files import write_all

    src = Path(src_dir)
    if not src.is_dir():
        raise FgrError(src, None, "not a folder; expected the folder of the ESCO CSV export")
    files = esco_files(src)
    for kind in ESCO_REQUIRED:
        if not files[kind]:
            expected = {"isco": "ISCOGroups_en.csv", "occupations": "occupations_en.csv", "skills": "skills_en-us.csv",
                        "skill_groups": "skillGroups_en.csv"}[kind]
            raise FgrError(src / expected, None, f"missing; an ESCO CSV export folder has {ESCO_TABLES[kind]}_<language>.csv "
                           f"files: {', '.join(ESCO_FILES.values())} or the full download's")
    if not files["broader"] and not files["hierarchy"]:
        raise FgrError(src / ESCO_FILES["broader"], None, "missing; the skill hierarchy needs "
                       "broaderRelationsSkillPillar[_<language>].csv or skillsHierarchy_<language>.csv")
    out = Path(out_dir)
    written = Written()

    isco, codes = _esco_isco(files["isco"])
    occupations, n_occ, moved = _esco_occupations(files["occupations"], codes)
    skills, counts = _esco_skills(files)
    for triples, names in ((isco, ["isco"]), (occupations, ["occupations"]),
                           (skills, ["skills", "skills-hierarchy", "skill-transversal-groups", "isced-f"])):
        for name in names:
            label, version = ESCO_SCHEMES[name]
            _scheme(triples, ESCO_SCHEME + name, label, f"ESCO {release}" if release else version)
    relations, n_relations = _esco_relations(files["relations"], _subjects(occupations, ESCO + "Occupation"),
                                             _subjects(skills, ESCO + "Skill"))

    notes = [ESCO_ATTRIBUTION,
             "ESCO (c) European Union, https://esco.ec.europa.eu/ ; ISCO-08 descriptions (c) ILO as redistributed by ESCO.",
             "See data/vocab/SOURCES.md for versions, licence and the choices made in this import."]
    skill_langs = sorted({lang for kind in ("skills", "skill_groups") for lang, _ in files[kind] if lang})
    transversal_langs = sorted({lang for lang, _ in files["transversal"] if lang})
    if skill_langs == ["en", "en-US"] and transversal_langs == ["en"]:   # the shipped tables
        languages = "en-US labels; transversal skills also en"
    else:
        languages = "labels in " + ", ".join(sorted(set(skill_langs) | set(transversal_langs)))

    def sources(*kinds: str) -> list[tuple[str, Path]]:
        return [(path.name, path) for kind in kinds for _, path in files[kind]]

    outputs = [
        ("esco-isco.ttl", isco, "ESCO: ISCO-08 groups (major, sub-major, minor and unit groups)", sources("isco")),
        ("esco-occupations.ttl", occupations, "ESCO: occupations with their ISCO-08 unit group", sources("occupations")),
        ("esco-skills.ttl", skills, f"ESCO: skills, knowledge and skill groups ({languages})",
         sources("skills", "skill_groups", "transversal", "broader", "hierarchy")),
    ]
    if files["relations"]:
        outputs.append((RELATIONS_FILE, relations, "ESCO: the essential and optional skills of each occupation",
                        sources("relations")))
    contents = {}
    for name, triples, title, used in outputs:
        contents[name] = triples.to_turtle(PREFIXES, _header(title, used, notes)).encode("utf-8")
        written.files[out / name] = len(triples)
    out.mkdir(parents=True, exist_ok=True)   # only now: a bad file leaves no folder behind either
    write_all(out, contents)
    stale = out / RELATIONS_FILE
    if not files["relations"] and stale.is_file() and not stale.is_symlink():
        # an earlier full import's relations would join this import's occupations: removed
        stale.unlink()
        written.counts["removed (no occupationSkillRelations in this export)"] = 1
    written.counts = {"ISCO-08 groups": len(codes), "occupations": n_occ,
                      "occupations whose ISCO group differs between the en and nl exports (nl kept)": moved,
                      "skills": counts["skills"], "skill groups": counts["groups"],
                      "broader relations of the skills pillar": counts["broader"],
                      **({"occupation-skill relations": n_relations} if files["relations"] else {}),
                      **written.counts}
    return written


def _subjects(t: Triples, rdf_class: str) -> set[str]:
    return {s for s, p, o in t if p == RDF_TYPE and o == iri(rdf_class)}


def _esco_isco(files: list[tuple[str | None, Path]]) -> tuple[Triples, dict[str, str]]:
    """ISCO-08 groups: the first file (English when present) gives the codes and the hierarchy, every
    file its language's labels. ESCO's Dutch names are altLabels: the Dutch prefLabel is CBS's name
    (brc2014.ttl), and SKOS allows one prefLabel per language."""
    t = Triples()
    codes: dict[str, str] = {}
    for index, (lang, path) in enumerate(files):
        tag = lang or "en"
        seen: dict[str, int] = {}
        rows = read_table(path, ["conceptUri", "code", "preferredLabel", "altLabels", "inScheme", "description"])
        for line, row in rows:
            code = _need(path, line, row, "code", r"\d{1,4}", "an ISCO-08 code of 1 to 4 digits")
            uri = _need(path, line, row, "conceptUri", re.escape(ISCO) + r"\d{1,4}", "an ESCO ISCO-08 group URI")
            if uri != ISCO + code:
                raise FgrError(path, line, f"conceptUri {uri} does not carry the code {code}")
            if code in seen:
                raise FgrError(path, line, f"ISCO-08 code {code} occurs twice (first on line {seen[code]})")
            seen[code] = line
            if index == 0:
                codes[code] = str(line)
                t.add(uri, RDF_TYPE, iri(SKOS + "Concept"))
                t.add(uri, SKOS + "notation", lit(code))
                for scheme in _uri_list(row["inScheme"]):
                    t.add(uri, SKOS + "inScheme", iri(scheme))
            elif code not in codes:
                raise FgrError(path, line, f"ISCO-08 code {code} is not in {files[0][1].name}")
            label = _need(path, line, row, "preferredLabel")
            t.add(uri, SKOS + ("altLabel" if tag == "nl" else "prefLabel"), lit(label, tag))
            _alt_labels_and_description(t, uri, row, tag)
    for code in codes:
        uri = ISCO + code
        if len(code) == 1:
            t.add(uri, SKOS + "topConceptOf", iri(ISCO_SCHEME))
        else:
            parent = code[:-1]
            if parent not in codes:
                raise FgrError(files[0][1], int(codes[code]), f"ISCO-08 code {code} has no parent group {parent} in the file")
            t.add(uri, SKOS + "broader", iri(ISCO + parent))
    t.add(ISCO_SCHEME, RDF_TYPE, iri(SKOS + "ConceptScheme"))
    t.add(ISCO_SCHEME, SKOS + "prefLabel", lit("ISCO-08", "en"))
    t.add(ISCO_SCHEME, DCT + "source", iri("https://esco.ec.europa.eu/"))
    return t, codes


def _esco_occupations(files: list[tuple[str | None, Path]], codes: dict[str, str]) -> tuple[Triples, int, int]:
    t = Triples()
    cols = ["conceptUri", "iscoGroup", "preferredLabel", "altLabels", "inScheme", "description"]
    groups: dict[str, tuple[str, str]] = {}  # uri -> (isco code, language of the export it came from)
    by_lang: dict[str, dict[str, str]] = {}
    for lang, path in files:
        tag = lang or "en"
        mine = by_lang.setdefault(tag, {})
        for line, row in read_table(path, cols):
            uri = _need(path, line, row, "conceptUri", re.escape(ESCO_BASE) + r"occupation/[0-9a-f\-]{36}",
                        "an ESCO occupation URI")
            code = _need(path, line, row, "iscoGroup", r"\d{4}", "a 4-digit ISCO-08 unit group code")
            if code not in codes:
                raise FgrError(path, line, f"ISCO-08 group {code} is not in ISCOGroups_en.csv")
            # Two ESCO versions in the shipped tables: the nl export (v1.1) is the newer one and is read
            # last, so its ISCO group wins.
            groups[uri] = (code, tag)
            mine[uri] = code
            t.add(uri, RDF_TYPE, iri(SKOS + "Concept"))
            t.add(uri, RDF_TYPE, iri(ESCO + "Occupation"))
            t.add(uri, SKOS + "prefLabel", lit(_need(path, line, row, "preferredLabel"), tag))
            _alt_labels_and_description(t, uri, row, tag)
            for scheme in _uri_list(row["inScheme"]):
                t.add(uri, SKOS + "inScheme", iri(scheme))
            if row.get("code", "").strip():
                # ESCO's occupation code (2432.9): the same in every language's export
                t.add(uri, SKOS + "notation", lit(row["code"].strip()))
    moved = 0
    en_groups = by_lang.get("en", {})
    for uri, (code, _) in groups.items():
        t.add(uri, ESCO + "memberOfISCOGroup", iri(ISCO + code))
        if uri in en_groups and en_groups[uri] != code:
            moved += 1
    return t, len(groups), moved


def _scheme(t: Triples, uri: str, label: str, version: str) -> None:
    t.add(uri, RDF_TYPE, iri(SKOS + "ConceptScheme"))
    t.add(uri, SKOS + "prefLabel", lit(label, "en"))
    t.add(uri, OWL + "versionInfo", lit(version))


def _esco_skills(files: dict[str, list[tuple[str | None, Path]]]) -> tuple[Triples, dict[str, int]]:
    """Skills and skill groups with the labels of every language, the transversal collection, and the
    skills pillar's hierarchy (broaderRelationsSkillPillar, skillsHierarchy) as skos:broader."""
    t = Triples()
    skills: set[str] = set()
    for lang, skills_path in files["skills"]:
        tag = lang or "en"
        for line, row in read_table(skills_path, ["conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
                                                  "description"]):
            uri = _need(skills_path, line, row, "conceptUri", re.escape(ESCO_BASE) + r"skill/[0-9a-f\-]{36}",
                        "an ESCO skill URI")
            skills.add(uri)
            t.add(uri, RDF_TYPE, iri(SKOS + "Concept"))
            t.add(uri, RDF_TYPE, iri(ESCO + "Skill"))
            t.add(uri, SKOS + "inScheme", iri(ESCO_BASE + "concept-scheme/skills"))
            # 13 rows of the en-US export have no label at all; the concept exists, so it is kept unlabelled.
            t.add(uri, SKOS + "prefLabel", lit(row["preferredLabel"].strip(), tag))
            _alt_labels_and_description(t, uri, row, tag)
            for kind in row["skillType"].split():
                if kind not in SKILL_TYPES:
                    raise FgrError(skills_path, line, f"skillType {kind!r} is not one of {', '.join(SKILL_TYPES)}")
                t.add(uri, ESCO + "skillType", iri(ESCO_BASE + "skill-type/" + SKILL_TYPES[kind]))
            level = row["reuseLevel"].strip()
            if level:
                if level not in REUSE_LEVELS:
                    raise FgrError(skills_path, line,
                                   f"reuseLevel {level!r} is not one of {', '.join(sorted(REUSE_LEVELS))}")
                t.add(uri, ESCO + "skillReuseLevel", iri(ESCO_BASE + "skill-reuse-level/" + level))
    groups: set[str] = set()
    for lang, groups_path in files["skill_groups"]:
        tag = lang or "en"
        for line, row in read_table(groups_path, ["conceptUri", "preferredLabel", "altLabels", "inScheme", "description"]):
            uri = _need(groups_path, line, row, "conceptUri", ESCO_URI, "an ESCO URI")
            groups.add(uri)
            t.add(uri, RDF_TYPE, iri(SKOS + "Concept"))
            t.add(uri, SKOS + "prefLabel", lit(_need(groups_path, line, row, "preferredLabel"), tag))
            _alt_labels_and_description(t, uri, row, tag)
            for scheme in _uri_list(row["inScheme"]):
                t.add(uri, SKOS + "inScheme", iri(scheme))
    # The transversal collection: British-English labels (the shipped skills file is en-US) and the skill
    # groups of each transversal skill.
    for lang, transversal_path in files["transversal"]:
        tag = lang or "en"
        for line, row in read_table(transversal_path, ["conceptUri", "preferredLabel", "altLabels", "broaderConceptUri"]):
            uri = _need(transversal_path, line, row, "conceptUri", ESCO_URI, "an ESCO URI")
            if uri not in skills:
                raise FgrError(transversal_path, line, f"{uri} is not in the skills file")
            t.add(uri, SKOS + "prefLabel", lit(_need(transversal_path, line, row, "preferredLabel"), tag))
            for alt in _labels(row["altLabels"]):
                t.add(uri, SKOS + "altLabel", lit(alt, tag))
            for broader in _uri_list(row["broaderConceptUri"]):
                if broader not in groups and broader not in skills:
                    raise FgrError(transversal_path, line, f"broader concept {broader} is neither a skill nor a skill group")
                t.add(uri, SKOS + "broader", iri(broader))
    # The skills pillar's broader relations: skill -> skill, skill -> skill group, group -> group.
    pairs: set[tuple[str, str]] = set()
    kinds = {"KnowledgeSkillCompetence": skills, "SkillGroup": groups}
    for _lang, broader_path in files["broader"]:
        for line, row in read_table(broader_path, ["conceptType", "conceptUri", "broaderType", "broaderUri"]):
            pair = []
            for type_column, uri_column in (("conceptType", "conceptUri"), ("broaderType", "broaderUri")):
                kind = row[type_column].strip()
                uri = _need(broader_path, line, row, uri_column, ESCO_URI, "an ESCO URI")
                if kind not in kinds:
                    raise FgrError(broader_path, line, f"{type_column} {kind!r} is not one of {', '.join(kinds)}")
                if uri not in skills and uri not in groups:
                    raise FgrError(broader_path, line, f"{uri_column} {uri} is neither a skill nor a skill group")
                pair.append(uri)
            t.add(pair[0], SKOS + "broader", iri(pair[1]))
            pairs.add((pair[0], pair[1]))
    # skillsHierarchy: one row per group, its ancestors in the columns Level 0 URI … Level 3 URI.
    for _lang, hierarchy_path in files["hierarchy"]:
        columns = [f"Level {n} URI" for n in range(HIERARCHY_LEVELS)]
        for line, row in read_table(hierarchy_path, columns):
            chain = [(n, row[c].strip()) for n, c in enumerate(columns) if row[c].strip()]
            if not chain or [n for n, _ in chain] != list(range(len(chain))):
                raise FgrError(hierarchy_path, line, "expected the levels from Level 0 URI on without a gap")
            for n, uri in chain:
                if not re.fullmatch(ESCO_URI, uri):
                    raise FgrError(hierarchy_path, line, f"column Level {n} URI: {uri!r} is not an ESCO URI")
                if uri not in groups and uri not in skills:
                    raise FgrError(hierarchy_path, line, f"Level {n} URI {uri} is not a skill group of skillGroups")
            # the labels come from skillGroups (the "preferred term" columns repeat them)
            uri = chain[-1][1]
            if len(chain) > 1:
                t.add(uri, SKOS + "broader", iri(chain[-2][1]))
                pairs.add((uri, chain[-2][1]))
    return t, {"skills": len(skills), "groups": len(groups), "broader": len(pairs)}


def _esco_relations(files: list[tuple[str | None, Path]], occupations: set[str],
                    skills: set[str]) -> tuple[Triples, int]:
    """occupationSkillRelations: each occupation's essential and optional skills, as ESCO's model
    states them (esco:hasEssentialSkill, esco:hasOptionalSkill). The file is the same in every
    language's download (ESCO 1.2 adds the two labels); the relations are read from each and merged."""
    t = Triples()
    found: set[tuple[str, str, str]] = set()
    for _lang, path in files:
        for line, row in read_table(path, ["occupationUri", "relationType", "skillUri"]):
            occupation = _need(path, line, row, "occupationUri", re.escape(ESCO_BASE) + r"occupation/[0-9a-f\-]{36}",
                               "an ESCO occupation URI")
            skill = _need(path, line, row, "skillUri", ESCO_URI, "an ESCO skill URI")
            kind = row["relationType"].strip()
            if kind not in RELATIONS:
                raise FgrError(path, line, f"relationType {kind!r} is not one of {', '.join(RELATIONS)}")
            if occupation not in occupations:
                raise FgrError(path, line, f"occupation {occupation} is not in the occupations files")
            if skill not in skills:
                raise FgrError(path, line, f"skill {skill} is not in the skills files")
            t.add(occupation, ESCO + RELATIONS[kind], iri(skill))
            found.add((occupation, kind, skill))
    return t, len(found)


# ---------------------------------------------------------------- CBS BRC 2014

BRC_COLUMNS = ["ISCO2008unitgroup", "ISCO2008unitgrouplabel", "BRC2014beroepsgroep", "BRC2014beroepsgroep_label",
               "BRC2014beroepssegment", "BRC2014beroepssegment_label", "BRC2014beroepsklasse",
               "BRC2014beroepsklasse_label", "ISCO2008niveau", "ISCO2008niveau_label"]
BRC_LEVELS = {"beroepsklasse": 2, "beroepssegment": 3, "beroepsgroep": 4}
BRC_PLURALS = {"beroepsklasse": "beroepsklassen", "beroepssegment": "beroepssegmenten", "beroepsgroep": "beroepsgroepen"}


def brc_iri(level: str, code: str) -> str:
    return f"{BRC}/{level}/{code}"


def restcode_iri(code: str) -> str:
    return f"{BRC}/restcode/{code}"


def is_residual(code: str, label: str) -> bool:
    """CBS's residual codes: "… z.n.d." (zonder nadere differentiatie) and 9999 Onbekend; not ISCO-08 groups."""
    return label.strip().endswith("z.n.d.") or code == "9999"


def import_brc(path: str | os.PathLike[str], out_dir: str | os.PathLike[str], isco_codes: set[str] | None = None) -> Written:
    """Read the CBS BRC 2014 table (CSV export of sheet "BRC 2014 variabelen") and write brc2014.ttl.

    ``isco_codes`` (the ISCO-08 codes of the ESCO import) lets the import check that every non-residual
    row is a real ISCO-08 unit group.
    """
    path = Path(path)
    if path.suffix.lower() == ".xls":
        raise FgrError(path, None, "give the CSV export of the sheet \"BRC 2014 variabelen\" (UTF-8); "
                       "reading .xls would need a spreadsheet library the project does not depend on")
    rows = read_table(path, BRC_COLUMNS)
    t = Triples()
    names: dict[tuple[str, str], tuple[str, int]] = {}
    members: dict[str, set[str]] = {}
    seen: dict[str, int] = {}
    isco_rows: list[tuple[int, str, str, str]] = []  # (line, code, label, BRC group)
    residual_rows: list[tuple[int, str, str, str]] = []
    for line, row in rows:
        code = _need(path, line, row, "ISCO2008unitgroup", r"\d{4}", "a 4-digit ISCO-08 code")
        if code in seen:
            raise FgrError(path, line, f"ISCO-08 code {code} occurs twice (first on line {seen[code]})")
        seen[code] = line
        chain: list[tuple[str, str]] = []  # (level, code)
        for level, width in BRC_LEVELS.items():
            column = "BRC2014" + level
            value = _need(path, line, row, column, rf"\d{{{width}}}", f"a {width}-digit BRC 2014 code")
            label = _need(path, line, row, column + "_label")
            if chain and not value.startswith(chain[-1][1]):
                raise FgrError(path, line, f"{column} {value} does not start with its parent code {chain[-1][1]}")
            previous = names.setdefault((level, value), (label, line))
            if previous[0] != label:
                raise FgrError(path, line, f"{level} {value} is named {label!r} here but {previous[0]!r} on line {previous[1]}")
            chain.append((level, value))
        group = chain[-1][1]
        members.setdefault(group, set()).add(code)
        label = _need(path, line, row, "ISCO2008unitgrouplabel")
        (residual_rows if is_residual(code, label) else isco_rows).append((line, code, label, group))
    if isco_codes is not None:
        for line, code, label, _ in isco_rows:
            if code not in isco_codes:
                raise FgrError(path, line, f"{code} {label!r} is neither an ISCO-08 unit group of the ESCO import "
                               "nor a CBS residual code (z.n.d.)")

    for (level, code), (label, _) in names.items():
        uri = brc_iri(level, code)
        t.add(uri, RDF_TYPE, iri(SKOS + "Concept"))
        t.add(uri, SKOS + "inScheme", iri(BRC))
        t.add(uri, SKOS + "notation", lit(code))
        t.add(uri, SKOS + "prefLabel", lit(label, "nl"))
        t.add(BRC + "/" + BRC_PLURALS[level], SKOS + "member", iri(uri))
        if level == "beroepsklasse":
            t.add(uri, SKOS + "topConceptOf", iri(BRC))
        else:
            parent_level = {"beroepssegment": "beroepsklasse", "beroepsgroep": "beroepssegment"}[level]
            t.add(uri, SKOS + "broader", iri(brc_iri(parent_level, code[:-1])))
    for level, (nl, en) in {"beroepsklasse": ("beroepsklassen", "occupational classes"),
                            "beroepssegment": ("beroepssegmenten", "occupational segments"),
                            "beroepsgroep": ("beroepsgroepen", "occupational groups")}.items():
        coll = BRC + "/" + BRC_PLURALS[level]
        t.add(coll, RDF_TYPE, iri(SKOS + "Collection"))
        t.add(coll, SKOS + "prefLabel", lit(f"BRC 2014 {nl}", "nl"))
        t.add(coll, SKOS + "prefLabel", lit(f"BRC 2014 {en}", "en"))
    t.add(BRC, RDF_TYPE, iri(SKOS + "ConceptScheme"))
    t.add(BRC, SKOS + "prefLabel", lit("Beroepenindeling ROA-CBS 2014 (BRC 2014)", "nl"))
    t.add(BRC, SKOS + "prefLabel", lit("ROA-CBS occupational classification 2014 (BRC 2014)", "en"))
    t.add(BRC, DCT + "source", iri(CBS_XLS_URL))
    t.add(BRC, DCT + "license", iri(CC_BY_4))
    t.add(BRC, OWL + "versionInfo", lit("BRC 2014 (CBS workbook brc2014.xls, 2015)"))
    t.add(BRC, DCT + "bibliographicCitation", lit(CBS_ATTRIBUTION, "nl"))
    t.add(BRC, RDFS + "comment", lit(
        "CBS publiceert geen IRI's voor BRC 2014. De IRI's onder https://w3id.org/functiegebouw/id/brc2014/ zijn "
        "door het project functiegebouw gemunt uit de CBS-codes; codes, namen en de omzetting ISCO-08 -> BRC 2014 "
        "zijn van CBS (Bron: CBS).", "nl"))
    t.add(BRC, RDFS + "comment", lit(
        "CBS publishes no IRIs for BRC 2014. The IRIs under https://w3id.org/functiegebouw/id/brc2014/ were minted "
        "by the functiegebouw project from the CBS codes; codes, names and the ISCO-08 -> BRC 2014 conversion are "
        "CBS's (Bron: CBS).", "en"))

    # ISCO-08 unit groups: CBS's Dutch name, and the conversion. A beroepsgroep that gathers several codes is
    # broader than each of them (broadMatch); one that holds a single code has the same extent (closeMatch:
    # same members, but CBS's scope and name; exactMatch's transitivity is not wanted across schemes).
    for _line, code, label, group in isco_rows:
        uri = ISCO + code
        t.add(uri, SKOS + "prefLabel", lit(label, "nl"))
        relation = "closeMatch" if len(members[group]) == 1 else "broadMatch"
        t.add(uri, SKOS + relation, iri(brc_iri("beroepsgroep", group)))
    # Residual codes are CBS coding devices ("a manager, unit group not known"), not ISCO-08 concepts: they get
    # IRIs of their own, broader than nothing in ISCO, with the ISCO group whose code they pad as broadMatch.
    restscheme = BRC + "/restcodes"
    t.add(restscheme, RDF_TYPE, iri(SKOS + "ConceptScheme"))
    t.add(restscheme, SKOS + "prefLabel", lit("CBS-restcodes bij ISCO-08 (z.n.d.) in de BRC 2014-omzetting", "nl"))
    t.add(restscheme, SKOS + "prefLabel", lit("CBS residual codes for ISCO-08 (z.n.d.) in the BRC 2014 conversion", "en"))
    t.add(restscheme, DCT + "source", iri(CBS_XLS_URL))
    t.add(restscheme, DCT + "bibliographicCitation", lit(CBS_ATTRIBUTION, "nl"))
    for _line, code, label, group in residual_rows:
        uri = restcode_iri(code)
        t.add(uri, RDF_TYPE, iri(SKOS + "Concept"))
        t.add(uri, SKOS + "inScheme", iri(restscheme))
        t.add(uri, SKOS + "notation", lit(code))
        t.add(uri, SKOS + "prefLabel", lit(label, "nl"))
        t.add(uri, SKOS + "broadMatch", iri(brc_iri("beroepsgroep", group)))
        stripped = code.rstrip("0") or "0"
        if code != "9999" and (isco_codes is None or stripped in isco_codes):
            t.add(uri, SKOS + "broadMatch", iri(ISCO + stripped))

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "brc2014.ttl"
    header = _header("CBS Beroepenindeling ROA-CBS 2014 (BRC 2014) and the ISCO-08 -> BRC 2014 conversion",
                     [(path.name, path)],
                     [CBS_ATTRIBUTION + " (CC BY 4.0, https://www.cbs.nl/nl-nl/over-ons/website/copyright).",
                      "CBS publishes no IRIs for BRC 2014; the IRIs here are minted by the functiegebouw project.",
                      "See data/vocab/SOURCES.md."])
    write_atomic(target, t.to_turtle(PREFIXES, header))
    written = Written({target: len(t)}, {
        "beroepsklassen": sum(1 for lv, _ in names if lv == "beroepsklasse"),
        "beroepssegmenten": sum(1 for lv, _ in names if lv == "beroepssegment"),
        "beroepsgroepen": sum(1 for lv, _ in names if lv == "beroepsgroep"),
        "ISCO-08 unit groups converted": len(isco_rows), "CBS residual codes": len(residual_rows)})
    return written


def isco_codes_of(vocab_dir: str | os.PathLike[str]) -> set[str] | None:
    """The ISCO-08 codes in an imported esco-isco.ttl (read as text: no RDF parse of a large file)."""
    path = Path(vocab_dir) / "esco-isco.ttl"
    if not path.exists():
        return None
    return set(re.findall(r"^isco:C(\d{1,4})$", path.read_text(encoding="utf-8"), flags=re.M))


# ---------------------------------------------------------------- EQF and NLQF

EQF_NAMES_NL = {1: "EQF-niveau 1", 2: "EQF-niveau 2", 3: "EQF-niveau 3", 4: "EQF-niveau 4",
                5: "EQF-niveau 5", 6: "EQF-niveau 6", 7: "EQF-niveau 7", 8: "EQF-niveau 8"}


def write_eqf(out_dir: str | os.PathLike[str]) -> Written:
    """EQF levels 1-8 under the EU's IRIs, and NLQF levels 1-8 (no published IRIs: minted) matching them."""
    t = Triples()
    t.add(EQF_SCHEME, RDF_TYPE, iri(SKOS + "ConceptScheme"))
    t.add(EQF_SCHEME, SKOS + "prefLabel", lit("European Qualifications Framework (EQF) levels", "en"))
    t.add(EQF_SCHEME, SKOS + "prefLabel", lit("niveaus van het Europees Kwalificatiekader (EQF)", "nl"))
    t.add(EQF_SCHEME, DCT + "source", iri("https://europa.eu/europass/en/description-eight-eqf-levels"))
    t.add(EQF_SCHEME, OWL + "versionInfo", lit("EQF levels of the Council Recommendation of 22 May 2017"))
    t.add(EQF_SCHEME, RDFS + "comment", lit(
        "The level IRIs (http://data.europa.eu/snb/eqf/N) are the EU's; this scheme that lists them is the "
        "functiegebouw project's.", "en"))
    t.add(NLQF, RDF_TYPE, iri(SKOS + "ConceptScheme"))
    t.add(NLQF, SKOS + "prefLabel", lit("niveaus van het Nederlands Kwalificatiekader (NLQF)", "nl"))
    t.add(NLQF, SKOS + "prefLabel", lit("Dutch Qualifications Framework (NLQF) levels", "en"))
    t.add(NLQF, DCT + "source", iri("https://www.nlqf.nl/"))
    t.add(NLQF, OWL + "versionInfo", lit("NLQF levels 1-8 (nlqf.nl)"))
    t.add(NLQF, RDFS + "comment", lit(
        "NLQF publishes no IRIs; these were minted by the functiegebouw project. NLQF levels 1-8 are referenced "
        "to EQF levels 1-8 (NLQF entreeniveau has no EQF level and is not listed).", "en"))
    for n in range(1, 9):
        level = f"{EQF}{n}"
        t.add(level, RDF_TYPE, iri(SKOS + "Concept"))
        t.add(level, SKOS + "inScheme", iri(EQF_SCHEME))
        t.add(level, SKOS + "topConceptOf", iri(EQF_SCHEME))
        t.add(level, SKOS + "notation", lit(str(n)))
        t.add(level, SKOS + "prefLabel", lit(f"EQF level {n}", "en"))
        t.add(level, SKOS + "prefLabel", lit(EQF_NAMES_NL[n], "nl"))
        nl = f"{NLQF}/{n}"
        t.add(nl, RDF_TYPE, iri(SKOS + "Concept"))
        t.add(nl, SKOS + "inScheme", iri(NLQF))
        t.add(nl, SKOS + "topConceptOf", iri(NLQF))
        t.add(nl, SKOS + "notation", lit(str(n)))
        t.add(nl, SKOS + "prefLabel", lit(f"NLQF-niveau {n}", "nl"))
        t.add(nl, SKOS + "prefLabel", lit(f"NLQF level {n}", "en"))
        t.add(nl, SKOS + "exactMatch", iri(level))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "eqf.ttl"
    header = ("EQF levels 1-8 (IRIs of the EU, http://data.europa.eu/snb/eqf/N) and NLQF levels 1-8 (IRIs minted by\n"
              "the functiegebouw project; NLQF publishes none), NLQF level N referenced to EQF level N (nlqf.nl).\n"
              "Generated by `fgr vocab eqf` (functiegebouw.links.vocab); do not edit by hand.\n")
    write_atomic(target, t.to_turtle(PREFIXES, header))
    return Written({target: len(t)}, {"EQF levels": 8, "NLQF levels": 8})


# ---------------------------------------------------------------- O*NET-SOC and the BLS ISCO-08 -> SOC crosswalk

ONET_FILES = {"crosswalk": "isco08_soc2010_crosswalk.csv", "occupations": "onet_occupation_data.csv"}
ONET_ATTRIBUTION = ("This product includes information from the O*NET Database by the U.S. Department of Labor, "
                    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.")
BLS_CROSSWALK = "https://www.bls.gov/soc/soccrosswalks.htm"


def soc_iri(code: str) -> str:
    return f"{SOC}/{code}"


def onet_iri(code: str) -> str:
    return f"{ONET}/{code}"


def import_onet(src_dir: str | os.PathLike[str], out_dir: str | os.PathLike[str], isco_codes: set[str] | None = None) -> Written:
    """O*NET-SOC 2010 occupations, the 2010 SOC occupations of the BLS crosswalk, and the crosswalk itself.

    ISCO-08 -> SOC: the BLS table pairs groups, with "*" where only part of the ISCO group maps. A pair is
    closeMatch when each side has only the other, broadMatch when the SOC occupation takes several whole
    ISCO groups, narrowMatch when it is one part of a single ISCO group, relatedMatch when it takes parts of
    several. SOC -> O*NET-SOC: the ``.00`` occupation is the SOC occupation itself (closeMatch); ``.01`` etc.
    are O*NET's more detailed occupations within it (narrowMatch).
    """
    src = Path(src_dir)
    if not src.is_dir():
        raise FgrError(src, None, "not a folder; expected the folder with the O*NET and crosswalk CSV files")
    paths = {key: src / name for key, name in ONET_FILES.items()}
    for path in paths.values():
        if not path.is_file():
            raise FgrError(path, None, f"missing; the folder must hold {', '.join(ONET_FILES.values())}")
    t = Triples()
    pairs: dict[tuple[str, str], tuple[int, bool]] = {}
    soc_titles: dict[str, str] = {}
    cw = paths["crosswalk"]
    for line, row in read_table(cw, ["ISCO-08 Code", "part", "2010 SOC Code", "2010 SOC Title"]):
        isco = _need(cw, line, row, "ISCO-08 Code", r"\d{1,4}", "an ISCO-08 code")
        soc = _need(cw, line, row, "2010 SOC Code", r"\d\d-\d{4}", "a 2010 SOC code like 43-4199")
        part = row["part"].strip()
        if part not in ("", "*"):
            raise FgrError(cw, line, f"part {part!r} is neither empty nor '*'")
        if isco_codes is not None and isco not in isco_codes:
            raise FgrError(cw, line, f"ISCO-08 code {isco} is not in the ESCO import")
        if (isco, soc) in pairs:
            raise FgrError(cw, line, f"the pair {isco} -> {soc} is also on line {pairs[isco, soc][0]}")
        pairs[isco, soc] = (line, part == "*")
        title = _need(cw, line, row, "2010 SOC Title")
        if soc_titles.setdefault(soc, title) != title:
            raise FgrError(cw, line, f"SOC {soc} is titled {title!r} here and {soc_titles[soc]!r} above")
    per_isco: dict[str, int] = {}
    per_soc: dict[str, int] = {}
    for isco, soc in pairs:
        per_isco[isco] = per_isco.get(isco, 0) + 1
        per_soc[soc] = per_soc.get(soc, 0) + 1
    for (isco, soc), (line, partial) in pairs.items():
        if partial != (per_isco[isco] > 1):
            raise FgrError(cw, line, f"{isco} -> {soc}: part is {'*' if partial else 'empty'} but the ISCO group "
                           f"maps to {per_isco[isco]} SOC occupation(s)")
        if not partial:
            relation = "closeMatch" if per_soc[soc] == 1 else "broadMatch"
        else:
            relation = "narrowMatch" if per_soc[soc] == 1 else "relatedMatch"
        t.add(ISCO + isco, SKOS + relation, iri(soc_iri(soc)))
    for soc, title in soc_titles.items():
        uri = soc_iri(soc)
        t.add(uri, RDF_TYPE, iri(SKOS + "Concept"))
        t.add(uri, SKOS + "inScheme", iri(SOC))
        t.add(uri, SKOS + "notation", lit(soc))
        t.add(uri, SKOS + "prefLabel", lit(title, "en"))
    occ = paths["occupations"]
    seen: dict[str, int] = {}
    for line, row in read_table(occ, ["O*NET-SOC Code", "Title", "Description"]):
        code = _need(occ, line, row, "O*NET-SOC Code", r"\d\d-\d{4}\.\d\d", "an O*NET-SOC code like 43-4199.00")
        uri = onet_iri(code)
        if code in seen:
            raise FgrError(occ, line, f"O*NET-SOC code {code} occurs twice (first on line {seen[code]})")
        seen[code] = line
        t.add(uri, RDF_TYPE, iri(SKOS + "Concept"))
        t.add(uri, SKOS + "inScheme", iri(ONET))
        t.add(uri, SKOS + "notation", lit(code))
        t.add(uri, SKOS + "prefLabel", lit(_need(occ, line, row, "Title"), "en"))
        t.add(uri, DCT + "description", lit(row["Description"].strip(), "en"))
        soc = code[:7]
        if soc in soc_titles:
            t.add(soc_iri(soc), SKOS + ("closeMatch" if code.endswith(".00") else "narrowMatch"), iri(uri))
    for uri, label, version, source in (
            (SOC, "2010 Standard Occupational Classification (SOC), detailed occupations in the BLS ISCO-08 crosswalk",
             "2010 SOC; BLS ISCO-08 <-> 2010 SOC crosswalk of August 2012 (updated June 2015)", BLS_CROSSWALK),
            (ONET, "O*NET-SOC 2010 taxonomy occupations",
             "O*NET-SOC 2010 taxonomy (the O*NET release is not stated in the source file)", "https://www.onetcenter.org/")):
        t.add(uri, RDF_TYPE, iri(SKOS + "ConceptScheme"))
        t.add(uri, SKOS + "prefLabel", lit(label, "en"))
        t.add(uri, OWL + "versionInfo", lit(version))
        t.add(uri, DCT + "source", iri(source))
        t.add(uri, RDFS + "comment", lit(
            f"Neither BLS nor O*NET publishes IRIs; the IRIs under {uri}/ were minted by the functiegebouw project "
            "from the codes.", "en"))
    t.add(ONET, DCT + "license", iri(CC_BY_4))
    t.add(ONET, DCT + "bibliographicCitation", lit(ONET_ATTRIBUTION, "en"))
    t.add(SOC, DCT + "rights", lit("U.S. federal government work (public domain)", "en"))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "onet-soc.ttl"
    header = _header("O*NET-SOC 2010 occupations, 2010 SOC occupations and the BLS ISCO-08 -> 2010 SOC crosswalk",
                     [(path.name, path) for path in paths.values()],
                     [ONET_ATTRIBUTION, "The BLS crosswalk is a U.S. federal government work (public domain).",
                      "No IRIs are published for SOC or O*NET-SOC; the IRIs here are minted by the functiegebouw "
                      "project.", "See data/vocab/SOURCES.md."])
    write_atomic(target, t.to_turtle(PREFIXES, header))
    return Written({target: len(t)}, {"O*NET-SOC occupations": len(seen), "2010 SOC occupations": len(soc_titles),
                                      "ISCO-08 -> SOC pairs": len(pairs)})
