"""Writes one conforming and one non-conforming Turtle fixture per SHACL shape. Run once; the files are committed.

Each fixture is as small as its shape allows: a shape that targets scores gets a score, a shape that
targets a functiegroep gets a functiegroep with just enough around it. The first lines of every file say
what the validator must report: ``# expect: <Severity> <focus IRI>`` per finding of the shape under
test, or ``# expect: nothing``. Fixtures were written for these tests (not copied from FGR pages).
"""
import re
from pathlib import Path

HERE = Path(__file__).parent
ID = "https://w3id.org/functiegebouw/id/"
G = ID + "functiegroep/1"
AREAS = ("opdracht", "omgeving", "bedrijfsvoering", "vernieuwen-en-verbeteren")
BLOCKS = ("algemene-omschrijving", "resultaten", "speelruimte-kaders", "kennis-en-vaardigheden", "contacten")
HEADER = """@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def statement(name, cls, text="tekst", line=10, extra=""):
    return f'g:{name} a {cls} ; schema:text "{text}"@nl ; fgr:sourceLine {line}{extra} .\n'


def scores(digits, chars=None):
    chars = chars or [f"{i:02d}" for i in range(1, len(digits) + 1)]
    return " ,\n        ".join(f"[ a fgr:FuwasysScore ; schema:position {i} ; "
                               + (f"fgr:characteristic id:fuwasys-kenmerk/{c} ; " if c else "")
                               + f"fgr:scoreValue {d} ]" for i, (d, c) in enumerate(zip(digits, chars), 1))


def typering(scale, digits="22222222222222", total=None, code=None, blocks=BLOCKS, chars=None, line=100,
             drop=(), extra=""):
    """A complete functietypering; ``drop`` names properties to leave out."""
    name = f"functietypering/schaal-{scale}"
    total = sum(map(int, digits)) if total is None else total
    code = code or f"{digits[:5]} {digits[5:10]} {digits[10:12]} {digits[12:]} ({total})"
    props = {"fgr:scale": f"id:schaal/{scale}", "fgr:fuwasysCode": f'"{code}"', "fgr:statedTotal": str(total),
             "fgr:score": scores(digits, chars)}
    body = "".join(f" ;\n    {p} {v}" for p, v in props.items() if p not in drop)
    out = (f'g:{name} a fgr:Typification ;\n    rdfs:label "Functietypering Testgroep schaal {scale}"@nl ;\n'
           f"    fgr:sourceLine {line}{body}{extra}")
    stmts = [f"g:{name}/{b}/regel" for b in blocks]
    if stmts:
        out += " ;\n    fgr:typificationStatement " + " , ".join(stmts)
    out += " .\n"
    for i, b in enumerate(blocks):
        out += statement(f"{name}/{b}/regel", "fgr:TypificationStatement", f"regel in {b}", line + 2 + i,
                         f" ; fgr:block id:typeringsblok/{b}")
    return out


def kwaliteitenprofiel(scale, competencies=("samenwerken",), line=50, drop=()):
    name = f"kwaliteitenprofiel/schaal-{scale}"
    props = {"fgr:scale": f"id:schaal/{scale}", "fgr:experience": f"g:{name}/ervaring",
             "fgr:workAndThinkingLevel": "id:werk-en-denkniveau/mbo",
             "fgr:competency": " , ".join(f"id:competentie/{c}" for c in competencies)}
    body = "".join(f" ;\n    {p} {v}" for p, v in props.items() if p not in drop and v)
    out = (f'g:{name} a fgr:QualityProfile ;\n    rdfs:label "Kwaliteitenprofiel Testgroep schaal {scale}"@nl ;\n'
           f"    fgr:sourceLine {line}{body} .\n")
    if "fgr:experience" not in drop:
        out += statement(f"{name}/ervaring", "fgr:ExperienceStatement", "Enige relevante ervaring", line + 2)
    return out


def functiegroep(label=True, result_areas=AREAS, indicator_areas=AREAS, competencies=("samenwerken",),
                 typerings=(), qps=(), typification_links=None):
    """A functiegroep with one resultaat and one gedragsindicator per area; parts are linked, not typed."""
    # without typerings of its own the group links to one (left untyped, so that typering shapes stay quiet)
    links = typification_links if typification_links is not None else (
        [f"g:functietypering/schaal-{s}" for s in typerings] or ["g:functietypering/schaal-5"])
    props = [("rdfs:label", '"Testgroep"@nl' if label else ""),
             ("prov:wasDerivedFrom", "g:bron"),
             ("fgr:result", " , ".join(f"g:resultaat/{a}" for a in result_areas)),
             ("fgr:behaviouralIndicator", " , ".join(f"g:gedragsindicator/{a}" for a in indicator_areas)),
             ("fgr:competency", " , ".join(f"id:competentie/{c}" for c in competencies)),
             ("fgr:typification", " , ".join(links)),
             ("fgr:qualityProfile", " , ".join(f"g:kwaliteitenprofiel/schaal-{s}" for s in qps))]
    out = f"<{G}> a fgr:JobGroup ; fgr:fgrId 1" + "".join(f" ;\n    {p} {v}" for p, v in props if v) + " .\n"
    out += 'g:bron a fgr:SourceDocument ; dct:identifier "testgroep.txt" .\n'
    for i, a in enumerate(result_areas):
        out += statement(f"resultaat/{a}", "fgr:Result", f"resultaat {a}", 2 + i, f" ; fgr:resultArea id:resultaatgebied/{a}")
    for i, a in enumerate(indicator_areas):
        out += statement(f"gedragsindicator/{a}", "fgr:BehaviouralIndicator", f"indicator {a}", 8 + i,
                         f" ; fgr:resultArea id:resultaatgebied/{a}")
    return out


def concepts(*names):
    return "".join(f'id:competentie/{n} a fgr:Competency ; skos:prefLabel "{n.capitalize()}"@nl .\n' for n in names)


def write(shape, kind, expect, body):
    lines = [f"# Fixture for fgr-sh:{shape} ({'conforming' if kind == 'pass' else 'non-conforming'}); written by make_fixtures.py."]
    lines += [f"# expect: {e}" for e in expect] or ["# expect: nothing"]
    # g:name and id:a/b are shorthand for full IRIs (prefixed names may not contain slashes)
    body = re.sub(r"\b(g|id):([\w\-/]+)", lambda m: f"<{G}/{m.group(2)}>" if m.group(1) == "g" else f"<{ID}{m.group(2)}>", body)
    (HERE / f"{shape}.{kind}.ttl").write_text("\n".join(lines) + "\n" + HEADER + "\n" + body, encoding="utf-8")


def pair(shape, good, bad, expect):
    write(shape, "pass", [], good)
    write(shape, "fail", expect, bad)


T5, Q5 = f"{G}/functietypering/schaal-5", f"{G}/kwaliteitenprofiel/schaal-5"

# ---------------------------------------------------------------- functiegroep
pair("JobGroupLabelShape", functiegroep(), functiegroep(label=False), [f"Violation {G}"])
pair("JobGroupResultAreaShape", functiegroep(), functiegroep(result_areas=AREAS[:3]), [f"Violation {G}"])
pair("JobGroupIndicatorAreaShape", functiegroep(), functiegroep(indicator_areas=AREAS[1:]), [f"Violation {G}"])
pair("JobGroupCompetencyShape", functiegroep(), functiegroep(competencies=()), [f"Violation {G}"])
pair("JobGroupTypificationShape", functiegroep(typification_links=["g:functietypering/schaal-5"]),
     functiegroep(typification_links=[]), [f"Violation {G}"])

# ---------------------------------------------------------------- functietypering
pair("TypificationScaleShape", typering(5), typering(5, drop=("fgr:scale",)), [f"Violation {T5}"])
pair("TypificationCodeShape", typering(5), typering(5, drop=("fgr:fuwasysCode",)), [f"Violation {T5}"])
pair("TypificationStatedTotalShape", typering(5), typering(5, drop=("fgr:statedTotal",)), [f"Violation {T5}"])
# 15 digits: the 15th has no characteristic, so only the count is wrong (the total is consistent)
pair("TypificationScoreCountShape", typering(5),
     typering(5, digits="222222222222221", chars=[f"{i:02d}" for i in range(1, 15)] + [None]), [f"Violation {T5}"])
# 14 scores, but characteristic 3 twice and 4 never
pair("TypificationCharacteristicShape", typering(5),
     typering(5, chars=["01", "02", "03", "03"] + [f"{i:02d}" for i in range(5, 15)]), [f"Violation {T5}"])
pair("TypificationBlockShape", typering(5), typering(5, blocks=BLOCKS[:4]), [f"Violation {T5}"])
pair("TypificationTotalSumShape", typering(5), typering(5, total=30), [f"Violation {T5}"])
pair("TypificationStatementBlockShape",
     statement("regel", "fgr:TypificationStatement", extra=" ; fgr:block id:typeringsblok/contacten"),
     statement("regel", "fgr:TypificationStatement"), [f"Violation {G}/regel"])
pair("FuwasysScoreCharacteristicShape",
     "g:score a fgr:FuwasysScore ; fgr:characteristic id:fuwasys-kenmerk/01 ; fgr:scoreValue 3 .\n"
     "g:score15 a fgr:FuwasysScore ; fgr:scoreValue 3 .\n",
     "g:score a fgr:FuwasysScore ; fgr:characteristic id:fuwasys-kenmerk/15 ; fgr:scoreValue 3 .\n"
     "g:score2 a fgr:FuwasysScore ; fgr:characteristic id:fuwasys-kenmerk/01 , id:fuwasys-kenmerk/02 ; fgr:scoreValue 3 .\n",
     [f"Violation {G}/score", f"Violation {G}/score2"])
pair("FuwasysScoreValueShape",
     "g:score a fgr:FuwasysScore ; fgr:characteristic id:fuwasys-kenmerk/01 ; fgr:scoreValue 3 .\n",
     "g:score a fgr:FuwasysScore ; fgr:characteristic id:fuwasys-kenmerk/01 ; fgr:scoreValue 0 .\n"
     "g:score2 a fgr:FuwasysScore ; fgr:characteristic id:fuwasys-kenmerk/02 ; fgr:scoreValue 2.5 .\n",
     [f"Violation {G}/score", f"Violation {G}/score2"])

# ---------------------------------------------------------------- kwaliteitenprofiel
pair("QualityProfileScaleShape", kwaliteitenprofiel(5), kwaliteitenprofiel(5, drop=("fgr:scale",)), [f"Violation {Q5}"])
pair("QualityProfileExperienceShape", kwaliteitenprofiel(5), kwaliteitenprofiel(5, drop=("fgr:experience",)),
     [f"Violation {Q5}"])
pair("QualityProfileLevelShape", kwaliteitenprofiel(5), kwaliteitenprofiel(5, drop=("fgr:workAndThinkingLevel",)),
     [f"Violation {Q5}"])
pair("QualityProfileCompetencyShape", kwaliteitenprofiel(5), kwaliteitenprofiel(5, competencies=()), [f"Violation {Q5}"])

# ---------------------------------------------------------------- schalen in pairs, consistency across a functiegroep
pair("TypificationQualityProfileShape",
     functiegroep(typerings=(5,), qps=(5,)) + typering(5) + kwaliteitenprofiel(5),
     functiegroep(typerings=(5, 6), qps=(5,)) + typering(5) + typering(6, "32232332222222") + kwaliteitenprofiel(5),
     [f"Violation {G}/functietypering/schaal-6"])
pair("QualityProfileTypificationShape",
     functiegroep(typerings=(5,), qps=(5,)) + typering(5) + kwaliteitenprofiel(5),
     functiegroep(typerings=(5,), qps=(5, 6)) + typering(5) + kwaliteitenprofiel(5) + kwaliteitenprofiel(6, line=70),
     [f"Violation {G}/kwaliteitenprofiel/schaal-6"])
pair("TypificationTotalOrderShape",
     functiegroep(typerings=(5, 6), qps=(5, 6)) + typering(5, "22222222222222") + typering(6, "32232332222222", line=130)
     + kwaliteitenprofiel(5) + kwaliteitenprofiel(6, line=70),
     functiegroep(typerings=(5, 6), qps=(5, 6)) + typering(5, "32232332222222") + typering(6, "22222222222222", line=130)
     + kwaliteitenprofiel(5) + kwaliteitenprofiel(6, line=70),
     [f"Violation {G}/functietypering/schaal-6"])
pair("QualityProfileCompetencyMatchShape",
     functiegroep(typerings=(5,), qps=(5,), competencies=("samenwerken", "luisteren")) + typering(5)
     + kwaliteitenprofiel(5, competencies=("samenwerken", "luisteren")) + concepts("samenwerken", "luisteren"),
     functiegroep(typerings=(5,), qps=(5,), competencies=("samenwerken", "luisteren")) + typering(5)
     + kwaliteitenprofiel(5, competencies=("samenwerken", "flexibiliteit")) + concepts("samenwerken", "luisteren", "flexibiliteit"),
     [f"Warning {Q5}"])
pair("ScaleInSalaryTableShape", typering(8),
     typering(9) + 'id:schaal/9 a fgr:Scale ; fgr:scaleNumber 9 .\n', [f"Violation {G}/functietypering/schaal-9"])

# ---------------------------------------------------------------- statements
pair("StatementTextShape", statement("r", "fgr:Result", extra=" ; fgr:resultArea id:resultaatgebied/omgeving"),
     'g:r a fgr:Result ; fgr:sourceLine 3 ; fgr:resultArea id:resultaatgebied/omgeving .\n'
     'g:e a fgr:ExperienceStatement ; schema:text ""@nl ; fgr:sourceLine 4 .\n',
     [f"Violation {G}/r", f"Violation {G}/e"])
pair("StatementSourceLineShape", statement("e", "fgr:ExperienceStatement"),
     'g:e a fgr:ExperienceStatement ; schema:text "Enige ervaring"@nl .\n'
     'g:f a fgr:EducationFieldStatement ; schema:text "MBO"@nl ; fgr:sourceLine "12" .\n',
     [f"Violation {G}/e", f"Violation {G}/f"])
pair("StatementResultAreaShape", statement("r", "fgr:Result", extra=" ; fgr:resultArea id:resultaatgebied/omgeving"),
     statement("r", "fgr:Result") + statement("b", "fgr:BehaviouralIndicator", extra=" ; fgr:resultArea id:competentie/luisteren"),
     [f"Violation {G}/r", f"Violation {G}/b"])
pair("CompetencyStatementConceptShape",
     statement("c", "fgr:CompetencyStatement", "Luisteren", extra=" ; fgr:competency id:competentie/luisteren") + concepts("luisteren"),
     statement("c", "fgr:CompetencyStatement", "Luisteren"), [f"Violation {G}/c"])
pair("PlaceholderShape", statement("d", "fgr:DepartmentalStatement", "Kennis van de Awb"),
     statement("d", "fgr:DepartmentalStatement , fgr:Placeholder", "P.M."), [f"Info {G}/d"])
