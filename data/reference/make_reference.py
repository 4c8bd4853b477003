"""Writes salarisschalen.ttl and functiegroepen.ttl from the tables below. Run it after editing a table;
the Turtle files are committed (tests/test_reference.py checks that they equal a fresh run).

Every figure and name comes from a dated, cited source (gathered in the project's FGR facts,
2026-11); nothing is computed or guessed: a schaal without known salary figures has none, a
functiegroep without a known FGR id has no notation, an uncertain familie is a *probable* familie.
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
FGR_SITE = "https://www.functiegebouwrijksoverheid.nl"
CAO_TABLE = "https://www.caorijk.nl/cao-rijk/hoofdstuk-6/salarisschalen"
CAO_VERSION = "6.3 De salarisschalen en maandbedragen per 1 januari 2024"
# the table of 1 januari 2024 held until the raise of the CAO Rijk 2024-2025 on 1 juli 2024
VALID_FROM, VALID_THROUGH = "2024-01-01", "2024-06-30"
CAO_2024_2025 = "https://www.caorijk.nl/"
EUPL = "https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12"
MODIFIED = "2026-12-01"

# CAO Rijk, hoofdstuk 6, table per 1 januari 2024, euro per month: (minimum = nummer 0, maximum = nummer 10).
# Only the start of the table could be read: 10-12 have a known minimum only, 13-19 no figures at all.
# (A vacancy of June 2024 rounds schaal 11 to EUR 3.662 - 5.586; a vacancy is no salary table, so that
# maximum is not used.) The CAO 2024-2025 raised all amounts from 1 juli 2024 by 8.5 % and EUR 50; no
# official table for that date was available, so no figure for it is computed.
SALARY_2024_01_01 = {
    1: ("2107.63", "2506.92"), 2: ("2220.23", "2640.85"), 3: ("2338.85", "2799.28"), 4: ("2421.42", "2945.77"),
    5: ("2506.92", "3091.60"), 6: ("2595.43", "3238.72"), 7: ("2734.10", "3529.72"), 8: ("2945.77", "3954.44"),
    9: ("3165.83", "4440.57"), 10: ("3091.60", None), 11: ("3662.77", None), 12: ("4278.07", None),
}
SCALES = range(1, 20)  # "In totaal zijn er 19 schalen" (werkenvoornederland.nl); 19 is the Topmanager-generaal's
SCALE_SOURCE = "https://www.werkenvoornederland.nl/"

FAMILIES = {"Uitvoering": "uitvoering", "Advisering": "advisering", "Bedrijfsvoering": "bedrijfsvoering",
            "Toezicht": "toezicht", "Project-/Programmamanagement": "project-programmamanagement",
            "Lijnmanagement": "lijnmanagement", "Kennis en Onderzoek": "kennis-en-onderzoek", "Beleid": "beleid"}

# (id or None, name, familie (None: not known), familie certain?, lowest, highest, range complete?, source kind)
# source kinds: "compare" (the title of the functietyperingen compare page), "family" (a family page under
# /functiegebouw/functiefamilies/), "versiebeheer 2022" / "versiebeheer 2016" (the FGR's version notes),
# "seed" (the profile text in data/sources), "typering" (the functietyperingen page).
KNOWN = [
    (504, "Medewerker Advisering", "Advisering", False, 8, 9, False, "compare"),
    (509, "Onderzoeksondersteuner", "Kennis en Onderzoek", False, 3, 4, False, "compare"),
    (511, "Operationeel Manager", "Lijnmanagement", True, 7, 11, True, "family"),
    (512, "Medewerker Facilitair Management", "Bedrijfsvoering", True, 4, 8, True, "versiebeheer 2022"),
    (513, "Ondersteunend Medewerker Toezicht / Medewerker Toezicht", "Toezicht", False, 5, 6, False, "compare"),
    (514, "Onderzoeksmedewerker", "Kennis en Onderzoek", False, 8, 9, False, "compare"),
    (515, "Medewerker Verwerken en Behandelen", "Uitvoering", False, 3, 4, False, "compare"),
    (517, "Manager", "Lijnmanagement", True, 12, 15, True, "family"),
    (519, "Inspecteur / Medewerker Toezicht", "Toezicht", False, 8, 9, False, "compare"),
    (521, "Medewerker Behandelen en Ontwikkelen", "Uitvoering", False, 8, 9, False, "compare"),
    (522, "Medewerker Beveiliging", None, False, 2, 3, False, "compare"),
    (527, "Medewerker Communicatie", None, False, 5, 8, True, "seed"),
    (530, "(Inrichtings) Beveiliger", None, False, 4, 5, False, "compare"),
    (533, "Projectleider", "Project-/Programmamanagement", True, 9, 11, True, "family"),
    (538, "Wetenschappelijk Medewerker", "Kennis en Onderzoek", True, 10, 13, True, "typering"),
    (539, "Medewerker Voorbereiding Aanleg, Beheer en Onderhoud", None, False, 5, 6, False, "compare"),
    (544, "Medewerker Begeleiding, Aanleg, Beheer en Onderhoud", None, False, 5, 6, False, "compare"),
    (545, "Project-/Programmamanager", "Project-/Programmamanagement", True, 12, 15, True, "family"),
    (556, "Operationeel Medewerker WIV/WVO", None, False, 5, 6, False, "compare"),
    (560, "Expert Iv", None, False, 11, 12, False, "compare"),
    (567, "Assistent Medewerker Facilitair Management", "Bedrijfsvoering", True, 1, 3, True, "versiebeheer 2022"),
    (568, "Medewerker Vervoer", None, False, 1, 4, True, "versiebeheer 2016"),
    (None, "Project-/Programmadirecteur", "Project-/Programmamanagement", True, 16, 17, True, "family"),
    (None, "Topmanager", "Lijnmanagement", True, 16, 18, True, "family"),
    (None, "Topmanager-generaal", "Lijnmanagement", True, 19, 19, True, "family"),
    (None, "Coördinerend Beleidsmedewerker", "Beleid", True, 13, 15, True, "family"),
    (None, "Adviseur Bedrijfsvoering", "Bedrijfsvoering", True, 8, 11, True, "family"),
]

CITATIONS = {
    "compare": "titel van de pagina Functietyperingen vergelijken",
    "family": "pagina van de functiefamilie",
    "versiebeheer 2022": "FGR versiebeheer 2022",
    "versiebeheer 2016": "FGR versiebeheer 2016",
    "seed": "profieltekst data/sources/medewerker-communicatie.txt",
    "typering": "pagina met de functietyperingen",
}


# The whole catalogue (fgr-catalogue.tsv, a copy of ../shared/reference/fgr-catalogue.tsv; see SOURCES.md):
# the FGR site's family pages under /functiegebouw/functiefamilies/<familie>/<groep>, read on 2026-10-08 and
# recorded in the public repository DigiGilde/grip (backend/grip/data/function_framework/functiegebouw-rijk.json).
CATALOGUE_TSV = HERE / "fgr-catalogue.tsv"
CATALOGUE_DATE = "2026-10-08"
GRIP_REPO = "https://github.com/DigiGilde/grip"
CATALOGUE_CITATION = ("Functiegebouw Rijksoverheid, pagina's van de functiefamilies (/functiegebouw/functiefamilies/), "
                      "gelezen op 2026-10-08; vastgelegd in DigiGilde/grip, "
                      "backend/grip/data/function_framework/functiegebouw-rijk.json")
COLLECTION = "id:functiegebouw/catalogus-2026-10-08"
CATALOGUE_NOTE_NL = ("Alle functiegroepen zoals de pagina's van de functiefamilies van het FGR ze op 2026-10-08 "
                     "toonden: 64 functiegroepen in 8 functiefamilies, elk met het volledige schaalbereik.")
CATALOGUE_NOTE_EN = ("Every job group as the FGR's family pages showed them on 2026-10-08: 64 job groups in "
                     "8 job families, each with its complete scale range.")
NOT_IN_CATALOGUE_NL = ("Niet in de catalogus van 2026-10-08: de pagina's van de functiefamilies noemen geen "
                       "functiegroep met deze naam; bekend van een oudere pagina.")
NOT_IN_CATALOGUE_EN = ("Not in the catalogue of 2026-10-08: the family pages name no job group of this name; "
                       "known from an older page.")
STEP_RULE_NL = ("B is een volgende stap vanaf A als beide in dezelfde functiefamilie van de catalogus staan, B hoger "
                "begint en hoger eindigt dan A, en B begint op of onder de hoogste schaal van A plus één (de bereiken "
                "sluiten aan of overlappen). Afgeleid uit de schaalbereiken; het FGR zegt dit niet.")
STEP_RULE_EN = ("B is a next step from A when both are in the same job family of the catalogue, B starts higher and "
                "ends higher than A, and B starts at or below A's highest scale plus one (the ranges meet or "
                "overlap). Derived from the scale ranges; the FGR does not state it.")
COLUMNS = ["familie_key", "familie", "functiegroep", "schaal_min", "schaal_max", "fgr_id", "site_uuid", "family_page_url"]
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
FAMILY_PAGE = re.compile(re.escape(FGR_SITE) + r"/functiegebouw/functiefamilies/[a-z0-9-]+/[a-z0-9-]+")


@dataclass(frozen=True)
class Group:
    """One row of the catalogue."""
    familie_key: str
    familie: str
    name: str
    low: int
    high: int
    fgr_id: int | None
    uuid: str
    page: str


class CatalogueError(ValueError):
    """A row of the catalogue that is not what the generator expects (file, line, what was expected)."""


def read_catalogue(path: Path) -> list[Group]:
    """The catalogue's rows, checked: a bad row is an error naming the file, its line and what was expected."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{path}: cannot read the catalogue: {exc}") from None
    lines = text.splitlines()
    if not lines or lines[0].split("\t") != COLUMNS:
        raise CatalogueError(f"{path}:1: expected the header {' '.join(COLUMNS)}")
    groups: list[Group] = []
    for number, row in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), 2):
        def bad(what: str) -> CatalogueError:
            return CatalogueError(f"{path}:{number}: expected {what}")
        if not row:
            continue
        if len(row) != len(COLUMNS):
            raise bad(f"{len(COLUMNS)} tab-separated columns, got {len(row)}")
        key, familie, name, low, high, fgr_id, uuid, page = (c.strip() for c in row)
        if not (low.isdigit() and high.isdigit() and 1 <= int(low) <= int(high) <= 19):
            raise bad(f"a schaal range within 1-19 (schaal_min <= schaal_max), got {low!r}-{high!r}")
        if fgr_id and not fgr_id.isdigit():
            raise bad(f"a numeric fgr_id or an empty cell, got {fgr_id!r}")
        if not UUID.fullmatch(uuid):
            raise bad(f"the site's identifier as a lower-case UUID, got {uuid[:60]!r}")
        if not FAMILY_PAGE.fullmatch(page) or f"/functiefamilies/{key}/" not in page:
            raise bad(f"the family page {FGR_SITE}/functiegebouw/functiefamilies/{key}/<groep>, got {page[:80]!r}")
        if not name or not familie:
            raise bad("a familie and a functiegroep name")
        groups.append(Group(key, familie, name, int(low), int(high), int(fgr_id) if fgr_id else None, uuid, page))
    for what, values in (("site_uuid", [g.uuid for g in groups]), ("fgr_id", [g.fgr_id for g in groups if g.fgr_id])):
        if len(set(values)) != len(values):
            raise CatalogueError(f"{path}: expected every {what} once, some occur twice")
    return groups


def family_slug(label: str) -> str:
    """The IRI segment of a family: the slug of its label ("Project-/ Programmamanagement" ->
    project-programmamanagement), as ontology/schemes.ttl names it."""
    return slug(label)


def match_older(catalogue: list[Group], older: list[tuple]) -> dict[str, tuple]:
    """{site UUID: older entry} for the catalogue's groups that the older list knew: by FGR id, else by
    the slug of the name (the site's "Coordinerend" matches our "Coördinerend")."""
    by_id = {e[0]: e for e in older if e[0] is not None}
    by_name = {slug(e[1]): e for e in older if e[0] is None}
    out: dict[str, tuple] = {}
    for g in catalogue:
        old = by_id.get(g.fgr_id) if g.fgr_id is not None else by_name.get(slug(g.name))
        if old is not None:
            out[g.uuid] = old
    return out


def group_iri(g: Group, old: tuple | None) -> str:
    """The IRI rule: a group of the first reference list (KNOWN, 2026-12-01) keeps its IRI; every other group
    is named by the site's UUID, which does not change when its FGR id becomes known later."""
    if old is not None:
        return f"id:functiegroep/{old[0] if old[0] is not None else slug(old[1])}"
    return f"id:functiegroep/{g.uuid}"


def source_iri(ident: int | None, kind: str) -> str:
    if kind == "compare" and ident is not None:
        return f"{FGR_SITE}/functiegebouw-html/functietyperingvergelijken/{ident}"
    if kind in ("seed", "typering") and ident is not None:
        return f"{FGR_SITE}/functiegebouw-html/functiegroep/{ident}"
    if kind == "family":
        return f"{FGR_SITE}/functiegebouw/functiefamilies/"
    return f"{FGR_SITE}/"


def slug(text: str) -> str:
    """As functiegebouw.source.text.slug (kept here so that the script runs without the package)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(s) > 48:
        s = s[:48].rsplit("-", 1)[0] or s[:48]
    return s or "x"


def q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


PREFIXES = """@prefix fgr:    <https://w3id.org/functiegebouw/def#> .
@prefix schema: <https://schema.org/> .
@prefix dcat:   <http://www.w3.org/ns/dcat#> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix foaf:   <http://xmlns.com/foaf/0.1/> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix dct:    <http://purl.org/dc/terms/> .
"""


def dataset(name: str, nl: str, en: str, scheme: str, sources: list[str]) -> list[str]:
    """The dcat:Dataset header of a reference file."""
    return [f"id:dataset/{name} a dcat:Dataset ;",
            f'    dct:title "{nl}"@nl , "{en}"@en ;',
            f"    foaf:primaryTopic {scheme} ;",
            "    dct:conformsTo <https://w3id.org/functiegebouw/def> ;",
            f"    dct:license <{EUPL}> ;",
            f'    dct:modified "{MODIFIED}"^^xsd:date ;',
            "    dct:source " + " , ".join(f"<{u}>" for u in sources) + " ;",
            '    dct:description "Geschreven door data/reference/make_reference.py uit zijn tabellen met bronnen."@nl ,',
            '        "Written by data/reference/make_reference.py from its tables with sources."@en .', ""]


def salary_scales() -> str:
    out = ["# Salary scales of the CAO Rijk: all 19 schalen, with the monthly minimum and maximum (euro) where a dated",
           f"# source gives them: {CAO_TABLE}, version \"{CAO_VERSION}\". Generated by make_reference.py; edit",
           "# the table there. Schaal 10-12: minimum only; schaal 13-19: no figures known (the shapes report that as",
           "# information, not as an error).", PREFIXES,
           *dataset("salarisschalen", "Salarisschalen van de CAO Rijk", "CAO Rijk salary scales", "id:schaal",
                    [CAO_TABLE, SCALE_SOURCE]),
           "id:schaal a skos:ConceptScheme , dcat:Dataset ;",
           '    skos:prefLabel "salarisschalen van de CAO Rijk"@nl , "CAO Rijk salary scales"@en ;',
           '    dct:title "salarisschalen van de CAO Rijk"@nl , "CAO Rijk salary scales"@en ;',
           f'    dct:modified "{MODIFIED}"^^xsd:date ;',
           '    skos:definition "De negentien salarisschalen van de CAO Rijk; schaal 19 is die van de Topmanager-generaal."@nl ,',
           '        "The nineteen salary scales of the CAO Rijk (central government collective agreement); scale 19 is the Topmanager-generaal\'s."@en ;',
           f"    dct:source <{CAO_TABLE}> , <{SCALE_SOURCE}> .", ""]
    for n in SCALES:
        amounts = SALARY_2024_01_01.get(n)
        amount = f"id:schaal/{n}/salaris/2024-01-01"
        lines = [f"id:schaal/{n} a fgr:Scale , skos:Concept ;",
                 "    skos:inScheme id:schaal ;",
                 "    skos:topConceptOf id:schaal ;",
                 f'    rdfs:label "schaal {n}"@nl , "scale {n}"@en ;',
                 f'    skos:prefLabel "schaal {n}"@nl , "scale {n}"@en ;',
                 f'    skos:notation "{n}" ;',
                 f"    fgr:scaleNumber {n} ;",
                 f'    skos:definition "Salarisschaal {n} van de CAO Rijk."@nl , "Salary scale {n} of the CAO Rijk."@en ;',
                 "    rdfs:isDefinedBy id:schaal ;",
                 f"    dct:source <{CAO_TABLE if amounts else SCALE_SOURCE}>"]
        if amounts:
            lines[-1] += " ;"
            lines.append(f"    fgr:salaryRange {amount} .")
        else:
            lines[-1] += " ;"
            lines.append('    skos:scopeNote "Geen salarisbedragen bekend uit een bron met datum; er zijn er geen geraden."@nl ,')
            lines.append('        "No salary figures known from a dated source; none are guessed."@en .')
        out += lines + [""]
        if amounts:
            low, high = amounts
            # schema.org's salary pattern: a MonetaryAmount (currency, validity) whose value is a
            # QuantitativeValue with the range and its unit
            body = [f"{amount} a schema:MonetaryAmount ;",
                    f'    rdfs:label "CAO Rijk schaal {n} per 1 januari 2024"@nl , "CAO Rijk scale {n} as of 1 January 2024"@en ;',
                    '    schema:currency "EUR" ;',
                    f"    schema:value {amount}/maandbedrag ;",
                    f'    schema:validFrom "{VALID_FROM}"^^xsd:date ;',
                    f'    schema:validThrough "{VALID_THROUGH}"^^xsd:date ;',
                    f"    dct:bibliographicCitation {q('CAO Rijk, ' + CAO_VERSION)} ;",
                    f"    dct:source <{CAO_TABLE}> , <{CAO_2024_2025}> .", "",
                    f"{amount}/maandbedrag a schema:QuantitativeValue ;",
                    f"    schema:minValue {low} ;"]
            if high:
                body.append(f"    schema:maxValue {high} ;")
            else:
                body.append('    skos:scopeNote "Alleen het minimum is bekend uit de bron."@nl , "Only the minimum is known from the source."@en ;')
            body += ['    schema:unitText "MONTH" ;',
                     '    schema:unitCode "MON" .']
            out += body + [""]
    return "\n".join(out).rstrip() + "\n"


def functiegroepen(catalogue: list[Group], only_catalogue: bool = False) -> str:
    """The 64 functiegroepen of the catalogue, merged with the older entries (KNOWN), and the 8 families'
    site labels. ``only_catalogue`` leaves out the older entries the catalogue lacks (for fixture catalogues;
    KNOWN still decides the IRIs)."""
    older = KNOWN
    matched = match_older(catalogue, older)
    out = ["# The functiegroepen of the FGR: the whole catalogue of 2026-10-08 (fgr-catalogue.tsv: 8 functiefamilies,",
           "# 64 functiegroepen, their schaal ranges, family pages and the site's identifiers), merged with the",
           "# functiegroepen known before it (the table KNOWN in make_reference.py, each with its own source). A group",
           "# of the first reference list keeps its IRI (.../id/functiegroep/<FGR id>, or <slug of the name> where no id",
           "# was known); every other group is .../id/functiegroep/<the site's UUID>, which stays when its FGR id becomes",
           "# known later (docs/reference/catalogue.md). Numeric FGR ids are never made up. Groups of the older list",
           "# that the catalogue lacks are kept, with a skos:historyNote, and are no member of the catalogue collection.",
           "# Generated by make_reference.py; edit the tables there.", PREFIXES,
           *dataset("functiegroepen", "Functiegroepen van het FGR: de catalogus van 2026-10-08 (64) en eerder bekende",
                    "FGR job groups: the catalogue of 2026-10-08 (64) and earlier known ones", "id:functiegebouw",
                    [f"{FGR_SITE}/functiegebouw/functiefamilies/", GRIP_REPO]),
           f"{COLLECTION} a skos:Collection ;",
           '    skos:prefLabel "catalogus van het Functiegebouw Rijksoverheid op 2026-10-08"@nl ,',
           '        "catalogue of the Functiegebouw Rijksoverheid on 2026-10-08"@en ;',
           f'    skos:definition {q(CATALOGUE_NOTE_NL)}@nl ,',
           f'        {q(CATALOGUE_NOTE_EN)}@en ;',
           f"    dct:bibliographicCitation {q(CATALOGUE_CITATION)} ;",
           f"    dct:source <{FGR_SITE}/functiegebouw/functiefamilies/> , <{GRIP_REPO}> ;",
           f'    dct:date "{CATALOGUE_DATE}"^^xsd:date ;',
           "    skos:member " + " ,\n        ".join(sorted(group_iri(g, matched.get(g.uuid)) for g in catalogue)) + " .",
           ""]
    # the families: the site's own label beside ours (ontology/schemes.ttl), and the family page
    families: dict[str, tuple[str, str]] = {}
    for g in catalogue:
        families.setdefault(family_slug(g.familie), (g.familie, g.familie_key))
    for fam_slug, (label, key) in sorted(families.items()):
        # the site's spelling as an altLabel only where it differs from our prefLabel (SKOS: never both)
        alt = [f"    skos:altLabel {q(label)}@nl ;"] if label not in FAMILIES else []
        out += [f"id:functiefamilie/{fam_slug}", *alt,
                f"    foaf:page <{FGR_SITE}/functiegebouw/functiefamilies/{key}> .", ""]
    for g in catalogue:
        old = matched.get(g.uuid)
        out += group_lines(group_iri(g, old), g, old) + [""]
    in_catalogue = {id(o) for o in matched.values()}
    for entry in [] if only_catalogue else older:
        if id(entry) not in in_catalogue:
            out += older_lines(entry) + [""]
    return "\n".join(out).rstrip() + "\n"


def group_lines(iri: str, g: Group, old: tuple | None) -> list[str]:
    """A functiegroep of the catalogue: its facts from the catalogue, its older name and source kept."""
    fam = f"id:functiefamilie/{family_slug(g.familie)}"
    span_nl = f"schaal {g.low}" if g.low == g.high else f"schaal {g.low} tot en met {g.high}"
    span_en = f"scale {g.low}" if g.low == g.high else f"scale {g.low} to {g.high}"
    lines = [f"{iri} a skos:Concept , schema:Occupation , org:Role ;",
             "    skos:inScheme id:functiegebouw ;",
             "    rdfs:isDefinedBy id:functiegebouw ;",
             f"    skos:prefLabel {q(g.name)}@nl ;"]
    if old is not None and old[1] != g.name:
        lines.append(f"    skos:altLabel {q(old[1])}@nl ;")  # the older spelling, so that it is still found
    lines.append(f'    skos:definition {q(f"Functiegroep van het Functiegebouw Rijksoverheid (functiefamilie {g.familie}; {span_nl}).")}@nl ,')
    lines.append(f'        {q(f"Job group of the Dutch central government job classification (job family {g.familie}; {span_en}).")}@en ;')
    notations = ([f'"{g.fgr_id}"^^fgr:FgrNumber'] if g.fgr_id is not None else []) + [f'"{g.uuid}"^^fgr:SiteIdentifier']
    lines.append("    skos:notation " + " , ".join(notations) + " ;")
    if g.fgr_id is None:
        lines.append('    skos:editorialNote "Het FGR-nummer van deze functiegroep is niet bekend."@nl , "The FGR id of this job group is not known."@en ;')
    # fgr:jobFamily is a sub-property of skos:broader; both written for plain SKOS readers
    lines.append(f"    fgr:jobFamily {fam} ;")
    lines.append(f"    skos:broader {fam} ;")
    lines.append("    fgr:coversScale " + " , ".join(f"id:schaal/{n}" for n in range(g.low, g.high + 1)) + " ;")
    lines.append("    fgr:scaleCoverage fgr:coverageComplete ;")
    lines.append(f"    foaf:page <{g.page}> ;")
    citations = [CATALOGUE_CITATION] + ([CITATIONS[old[7]]] if old is not None else [])
    lines.append("    dct:bibliographicCitation " + " , ".join(f"{q(c)}@nl" for c in citations) + " ;")
    sources = [g.page, GRIP_REPO] + ([source_iri(old[0], old[7])] if old is not None else [])
    lines.append("    dct:source " + " , ".join(f"<{u}>" for u in dict.fromkeys(sources)) + " .")
    return lines


def older_lines(entry: tuple) -> list[str]:
    """An entry of the older list that the catalogue of 2026-10-08 lacks: kept as it was, and marked."""
    ident, name, family, certain, low, high, complete, kind = entry
    iri = f"id:functiegroep/{ident if ident is not None else slug(name)}"
    lines = [f"{iri} a skos:Concept , schema:Occupation , org:Role ;",
             "    skos:inScheme id:functiegebouw ;",
             "    rdfs:isDefinedBy id:functiegebouw ;",
             f"    skos:prefLabel {q(name)}@nl ;"]
    where = f"functiefamilie {family}" if family and certain else (
        f"vermoedelijk functiefamilie {family}" if family else "functiefamilie niet bekend")
    span = f"schaal {low}" if low == high else f"schaal {'ten minste ' if not complete else ''}{low} tot en met {high}"
    where_en = f"job family {family}" if family and certain else (
        f"probably job family {family}" if family else "job family not known")
    span_en = f"scale {low}" if low == high else f"scale {'at least ' if not complete else ''}{low} to {high}"
    lines.append(f'    skos:definition {q(f"Functiegroep van het Functiegebouw Rijksoverheid ({where}; {span}).")}@nl ,')
    lines.append(f'        {q(f"Job group of the Dutch central government job classification ({where_en}; {span_en}).")}@en ;')
    lines.append(f'    skos:historyNote {q(NOT_IN_CATALOGUE_NL)}@nl , {q(NOT_IN_CATALOGUE_EN)}@en ;')
    if ident is not None:
        lines.append(f'    skos:notation "{ident}"^^fgr:FgrNumber ;')
    if family:
        target = f"id:functiefamilie/{family_slug(family)}"
        if certain:
            lines += [f"    fgr:jobFamily {target} ;", f"    skos:broader {target} ;"]
        else:
            lines.append(f"    fgr:probableJobFamily {target} ;")
    lines.append("    fgr:coversScale " + " , ".join(f"id:schaal/{n}" for n in range(low, high + 1)) + " ;")
    lines.append(f"    fgr:scaleCoverage {'fgr:coverageComplete' if complete else 'fgr:coverageAtLeast'} ;")
    lines.append(f"    dct:bibliographicCitation {q(CITATIONS[kind])}@nl ;")
    lines.append(f"    dct:source <{source_iri(ident, kind)}> .")
    return lines


def next_steps(catalogue: list[Group]) -> list[tuple[Group, Group]]:
    """The ladder within each family: (a, b) where b is a next step from a. b starts higher than a and
    ends higher, and its range meets a's (starts at the schaal after a's highest) or overlaps it (starts at
    or below a's highest): Medewerker Advisering 8-11 -> (Senior) Adviseur 11-13, Projectleider 9-11 ->
    Project-/Programmamanager 12-15. A derivation of this project, not a statement of the FGR."""
    steps = []
    for a in catalogue:
        for b in catalogue:
            if a.familie == b.familie and a.low < b.low <= a.high + 1 and a.high < b.high:
                steps.append((a, b))
    return steps


def loopbaanstappen(catalogue: list[Group]) -> str:
    """The derived next steps within each family, with how they were derived (PROV-O)."""
    matched = match_older(catalogue, KNOWN)
    out = ["# Next steps within a functiefamilie, DERIVED by make_reference.py from the schaal ranges of the catalogue",
           "# (functiegroepen.ttl): the FGR does not state them. Its handboek speaks of \"Orientatie volgende",
           "# loopbaanstap\" and \"Mobiliteit naar een andere functiegroep\"; this is our reading of the ranges, kept",
           "# apart in its own property (fgr:derivedNextStep) and file. Generated; edit the rule in make_reference.py.",
           PREFIXES.rstrip() + "\n@prefix prov:   <http://www.w3.org/ns/prov#> .\n",
           *dataset("loopbaanstappen", "Afgeleide loopbaanstappen binnen de functiefamilies van het FGR",
                    "Derived career steps within the FGR job families", "id:functiegebouw",
                    [f"{FGR_SITE}/functiegebouw/functiefamilies/", GRIP_REPO]),
           "id:dataset/loopbaanstappen prov:wasDerivedFrom id:dataset/functiegroepen ;",
           "    prov:wasGeneratedBy id:activiteit/loopbaanstappen .", "",
           "id:activiteit/loopbaanstappen a prov:Activity ;",
           '    rdfs:label "afleiding van de loopbaanstappen uit de schaalbereiken"@nl , "derivation of the career steps from the scale ranges"@en ;',
           f"    rdfs:comment {q(STEP_RULE_NL)}@nl ,",
           f"        {q(STEP_RULE_EN)}@en ;",
           "    prov:used id:dataset/functiegroepen ;",
           "    prov:wasAssociatedWith <https://w3id.org/functiegebouw/def> .", ""]
    for a, b in sorted(next_steps(catalogue), key=lambda p: (group_iri(p[0], matched.get(p[0].uuid)),
                                                            group_iri(p[1], matched.get(p[1].uuid)))):
        out.append(f"{group_iri(a, matched.get(a.uuid))} fgr:derivedNextStep {group_iri(b, matched.get(b.uuid))} .")
    return "\n".join(out).rstrip() + "\n"


def full_iris(text: str) -> str:
    """``id:schaal/5`` is shorthand here: Turtle prefixed names may not contain a slash."""
    return re.sub(r"(?<![\w<\"])id:([\w\-/]*[\w\-])", r"<https://w3id.org/functiegebouw/id/\1>", text)


def main(argv: list[str]) -> int:
    """``make_reference.py [OUT [CATALOGUE.tsv --only-catalogue]]``: the tests write a fixture catalogue."""
    args = [a for a in argv[1:] if a != "--only-catalogue"]
    target = Path(args[0]) if args else HERE
    try:
        catalogue = read_catalogue(Path(args[1]) if len(args) > 1 else CATALOGUE_TSV)
    except CatalogueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    (target / "salarisschalen.ttl").write_text(full_iris(salary_scales()), encoding="utf-8")
    (target / "functiegroepen.ttl").write_text(full_iris(functiegroepen(catalogue, "--only-catalogue" in argv)), encoding="utf-8")
    (target / "loopbaanstappen.ttl").write_text(full_iris(loopbaanstappen(catalogue)), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
