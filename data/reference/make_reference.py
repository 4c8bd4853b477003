"""Writes salarisschalen.ttl and functiegroepen.ttl from the tables below. Run it after editing a table;
the Turtle files are committed (tests/test_reference.py checks that they equal a fresh run).

Every figure and name comes from a dated, cited source (gathered in the project's FGR facts,
2026-11); nothing is computed or guessed: a schaal without known salary figures has none, a
functiegroep without a known FGR id has no notation, an uncertain familie is a *probable* familie.
"""
from __future__ import annotations

import re
import sys
import unicodedata
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


def functiegroepen() -> str:
    out = ["# The functiegroepen of the FGR known so far: FGR id (never made up: without a known id a functiegroep has",
           "# no skos:notation and an IRI from its name), name, familie and schalen, each with its source. An",
           "# uncertain familie is fgr:probableJobFamily; schalen marked fgr:coverageAtLeast were seen on a page,",
           "# the range may be wider. They are concepts of the scheme id:functiegebouw (ontology/schemes.ttl), under",
           "# their functiefamilie. Generated by make_reference.py; edit the table there.", PREFIXES,
           *dataset("functiegroepen", "Bekende functiegroepen van het FGR (ongeveer 61 volgens de site; hier de bekende)",
                    "Known FGR job groups (about 61 according to the site; here the known ones)", "id:functiegebouw",
                    [f"{FGR_SITE}/"]),
           ]
    for ident, name, family, certain, low, high, complete, kind in KNOWN:
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
        if ident is not None:
            lines.append(f'    skos:notation "{ident}" ;')
        else:
            lines.append('    skos:editorialNote "Het FGR-nummer van deze functiegroep is niet bekend."@nl , "The FGR id of this job group is not known."@en ;')
        if family:
            target = f"id:functiefamilie/{FAMILIES[family]}"
            if certain:  # fgr:jobFamily is a sub-property of skos:broader; both written for plain SKOS readers
                lines.append(f"    fgr:jobFamily {target} ;")
                lines.append(f"    skos:broader {target} ;")
            else:
                lines.append(f"    fgr:probableJobFamily {target} ;")
        scales = " , ".join(f"id:schaal/{n}" for n in range(low, high + 1))
        lines.append(f"    fgr:coversScale {scales} ;")
        lines.append(f"    fgr:scaleCoverage {'fgr:coverageComplete' if complete else 'fgr:coverageAtLeast'} ;")
        lines.append(f"    dct:bibliographicCitation {q(CITATIONS[kind])}@nl ;")
        lines.append(f"    dct:source <{source_iri(ident, kind)}> .")
        out += lines + [""]
    return "\n".join(out).rstrip() + "\n"


def full_iris(text: str) -> str:
    """``id:schaal/5`` is shorthand here: Turtle prefixed names may not contain a slash."""
    return re.sub(r"(?<![\w<\"])id:([\w\-/]*[\w\-])", r"<https://w3id.org/functiegebouw/id/\1>", text)


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else HERE
    (target / "salarisschalen.ttl").write_text(full_iris(salary_scales()), encoding="utf-8")
    (target / "functiegroepen.ttl").write_text(full_iris(functiegroepen()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
