"""A tiny site for the page tests (tests/site/test_pages_text.py, test_indexes_text.py): a graph of a few
triples and the page data beside it, written here (no store, no build), so that a test renders a page in
milliseconds. The names and numbers are invented for the tests."""
from __future__ import annotations

from functiegebouw.rdf import iris
from functiegebouw.site.describe import BASE, Graph
from functiegebouw.site.model import Catalogusgroep, Functiegroep, Profiel, Referentiegroep, Salaris, SiteData, Typering
from functiegebouw.site.pages import Site

SKOS, FGR, DCT = iris.SKOS, iris.FGR, iris.DCT
COMPETENTIE = BASE + "id/competentie"
NIVEAU = BASE + "id/werk-en-denkniveau"
GROUP = BASE + "id/functiegroep/950"
HAS_LEVEL = FGR + "proefNiveau"  # a property with a Dutch and an English label
SAME_LABEL = FGR + "proefCode"   # a property whose English label is its Dutch one
ISCO = iris.ESCO_ISCO + "C9999"  # a term of another vocabulary: an English definition only
BOTH = BASE + "id/proef/beide"   # a Dutch and an English definition
TERM = BASE + "id/proef/term"    # a Dutch and a different English name
TYPERING5 = GROUP + "/functietypering/schaal-5"


def _iri(x: str) -> dict[str, str]:
    return {"type": "uri", "value": x}


def _lit(text: str, lang: str | None = None) -> dict[str, str]:
    return {"type": "literal", "value": text, **({"xml:lang": lang} if lang else {})}


def _triples() -> list[tuple[dict[str, str], dict[str, str], dict[str, str]]]:
    t = []

    def add(s: str, p: str, o: dict[str, str]) -> None:
        t.append((_iri(s), _iri(p), o))

    add(COMPETENTIE, iris.RDF_TYPE, _iri(SKOS + "ConceptScheme"))
    for name in ("samenwerken", "analyseren"):
        add(f"{COMPETENTIE}/{name}", iris.RDF_TYPE, _iri(SKOS + "Concept"))
        add(f"{COMPETENTIE}/{name}", SKOS + "inScheme", _iri(COMPETENTIE))
    add(NIVEAU, iris.RDF_TYPE, _iri(SKOS + "ConceptScheme"))
    # two levels of an ordinary scheme, listed by position (hbo before mbo only because of it)
    for name, pos, code, en, definition in (("mbo", "2", "M", "Vocational", "Werken op mbo-niveau."),
                                            ("hbo", "1", "H", "Higher professional", "Werken op hbo-niveau.")):
        s = f"{NIVEAU}/{name}"
        add(s, iris.RDF_TYPE, _iri(SKOS + "Concept"))
        add(s, SKOS + "inScheme", _iri(NIVEAU))
        add(s, iris.SCHEMA + "position", {"type": "literal", "value": pos,
                                          "datatype": "http://www.w3.org/2001/XMLSchema#integer"})
        add(s, SKOS + "notation", _lit(code))
        add(s, SKOS + "definition", _lit(definition, "nl"))
        add(s, SKOS + "definition", _lit(f"Work at {en.lower()} level.", "en"))
    add(ISCO, iris.RDF_TYPE, _iri(SKOS + "Concept"))
    add(ISCO, SKOS + "definition", _lit("Workers who test pages.", "en"))
    add(BOTH, iris.RDF_TYPE, _iri(SKOS + "Concept"))
    add(BOTH, SKOS + "definition", _lit("Een proefbegrip.", "nl"))
    add(BOTH, SKOS + "definition", _lit("A test concept.", "en"))
    add(BOTH, HAS_LEVEL, _iri(f"{NIVEAU}/mbo"))
    add(BOTH, SAME_LABEL, _lit("X1"))
    add(GROUP, iris.RDF_TYPE, _iri(FGR + "JobGroup"))
    add(TYPERING5, iris.RDF_TYPE, _iri(FGR + "Typification"))
    add(TERM, iris.RDF_TYPE, _iri(SKOS + "Concept"))
    return t


def tiny_group() -> Functiegroep:
    g = Functiegroep(iri=GROUP, id=950, naam="Proefmedewerker Pagina", familie=None, url=None)
    for s, total, code in ((5, 30, "22222 22222 22 22 (30)"), (6, None, None), (7, 34, "33222 22222 22 22 (34)")):
        t = Typering(iri=f"{GROUP}/functietypering/schaal-{s}", schaal=s, schaal_iri=BASE + f"id/schaal/{s}",
                     code=code, totaal=total)
        g.typeringen[s] = t
        g.varianten[s] = [t]
    five = g.typeringen[5]
    five.scores = [(1, 3, "Kennis"), (2, 2, "Zelfstandigheid <en> overleg")]
    five.blocks = [(f"{TYPERING5}/werkzaamheden", "Werkzaamheden", [
        (None, f"{TYPERING5}/werkzaamheden/a", "Brieven schrijven"),
        ("Onder begeleiding", f"{TYPERING5}/werkzaamheden/b", "Archief bijhouden")])]
    g.kern = [(f"{GROUP}/opdracht", "Opdracht", [
        ("resultaat", f"{GROUP}/opdracht/r1", "Vragen zijn beantwoord"),
        ("resultaat", f"{GROUP}/opdracht/r2", "Stukken zijn op tijd"),
        ("gedragsindicator", f"{GROUP}/opdracht/g1", "Vraagt door")])]
    g.competenties = [(f"{GROUP}/competentie/1", "Samenwerken", f"{COMPETENTIE}/samenwerken"),
                      (f"{GROUP}/competentie/2", "Eigen competentie", None)]
    mbo = f"{NIVEAU}/mbo"
    for s in (5, 6, 7, 8):
        # schaal 8 asks for hbo only: mbo is asked for by schaal 5, 6 and 7
        concept = mbo if s < 8 else f"{NIVEAU}/hbo"
        g.profielen[s] = Profiel(iri=f"{GROUP}/kwaliteitenprofiel/schaal-{s}", schaal=s, parts=[
            ("Werk- en denkniveau", [(f"{GROUP}/kwaliteitenprofiel/schaal-{s}/niveau", "Niveau", False, [concept])])])
    return g


def tiny_site(*, catalogus: dict[str, Catalogusgroep] | None = None,
              salarissen: dict[int, list[Salaris]] | None = None, groups: list[Functiegroep] | None = None,
              families: list[tuple[str, str]] | None = None, referentie: list[Referentiegroep] | None = None,
              zoekteksten: list[dict[str, object]] | None = None,
              zoeklabels: list[tuple[str, str, str]] | None = None) -> Site:
    """The site of one functiegroep (950) and two schemes; ``groups`` replaces the functiegroepen (their
    pages are ``id/functiegroep/<id>``)."""
    members = groups if groups is not None else [tiny_group()]
    g = members[0] if members else tiny_group()
    labels = {
        COMPETENTIE: {"nl": "Competenties"}, f"{COMPETENTIE}/samenwerken": {"nl": "Samenwerken"},
        f"{COMPETENTIE}/analyseren": {"nl": "Analyseren"}, NIVEAU: {"nl": "Werk- en denkniveaus"},
        f"{NIVEAU}/mbo": {"nl": "MBO", "en": "Vocational"}, f"{NIVEAU}/hbo": {"nl": "HBO", "en": "Higher professional"},
        HAS_LEVEL: {"nl": "heeft niveau", "en": "has level"}, SAME_LABEL: {"nl": "code", "en": "code"},
        BOTH: {"nl": "Proefbegrip"}, TERM: {"nl": "Proefterm", "en": "Test term"},
        TYPERING5: {"nl": "Functietypering schaal 5", "en": "Functietypering schaal 5"},
        ISCO: {"en": "Page testers"}, GROUP: {"nl": g.naam},
        iris.EQF + "4": {"nl": "EQF-niveau 4"}}
    data = SiteData(
        labels=labels, groepen={x.id: x for x in members}, families=families or [], salarissen=salarissen or {},
        kenmerken={},
        competentie_gebruik={f"{COMPETENTIE}/samenwerken": [(GROUP, 6), (GROUP, 5), (BASE + "id/functiegroep/951", None)],
                             f"{COMPETENTIE}/analyseren": []},
        links_by_source={f"{NIVEAU}/mbo": [("EQF", "relatedMatch", iris.EQF + "4", "4")]},
        zoekteksten=list(zoekteksten or []), catalogus=catalogus or {}, referentie=referentie or [],
        zoeklabels=zoeklabels or [])
    resources = {COMPETENTIE: "id/competentie", TERM: "id/proef/term",
                 TYPERING5: "id/functiegroep/950/functietypering/schaal-5", NIVEAU: "id/werk-en-denkniveau", BOTH: "id/proef/beide",
                 GROUP: "id/functiegroep/950", f"{COMPETENTIE}/samenwerken": "id/competentie/samenwerken",
                 f"{COMPETENTIE}/analyseren": "id/competentie/analyseren",
                 f"{NIVEAU}/mbo": "id/werk-en-denkniveau/mbo", f"{NIVEAU}/hbo": "id/werk-en-denkniveau/hbo",
                 BASE + "id/functiegroep/951": "id/functiegroep/951"}
    for other in members:
        resources.setdefault(other.iri, other.iri.removeprefix(BASE))
        labels.setdefault(other.iri, {"nl": other.naam})
    return Site(Graph(_triples()), data, resources)


