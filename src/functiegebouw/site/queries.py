"""Every SPARQL query the site runs, in one place.

The pages read the graph only through these queries (and through the generic resource
descriptions of ``describe.py``), so a change of the model (a property renamed, salaries nested
one level deeper, functiegroepen typed as SKOS concepts) means editing a query here, not the page
code. Each query runs once for the whole graph, not once per functiegroep: a site of 61
functiegroepen is then a dozen queries. Column names are the keys the pages use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from functiegebouw.sparql.base import Store
    from functiegebouw.sparql.results import JsonTerm


PREFIXES = """PREFIX fgr: <https://w3id.org/functiegebouw/def#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX sh: <http://www.w3.org/ns/shacl#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""

# Every triple about a resource under the base, every triple of a blank node (the blank nodes
# are kept to those the resources own in describe.py), and the declarations of other vocabularies'
# terms (skos:Concept a owl:Class), which describe.py puts in the ontology's document.
TRIPLES = """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(isBlank(?s) || STRSTARTS(STR(?s), "https://w3id.org/functiegebouw/")
         || (?p = <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> && ?o IN (
             <http://www.w3.org/2002/07/owl#Class>, <http://www.w3.org/2002/07/owl#ObjectProperty>,
             <http://www.w3.org/2002/07/owl#DatatypeProperty>, <http://www.w3.org/2002/07/owl#AnnotationProperty>,
             <http://www.w3.org/2002/07/owl#NamedIndividual>, <http://www.w3.org/2000/01/rdf-schema#Datatype>)))
}"""

# Labels of the given IRIs (the other vocabularies' terms our resources refer to), in Dutch and
# English: the text of a link. Our own resources' labels are in their descriptions.
LABELS = "# param: x (iri, required) the IRIs\n" + PREFIXES + """SELECT ?x ?label WHERE {
  VALUES ?p { skos:prefLabel rdfs:label }
  ?x ?p ?label .
  FILTER(isIRI(?x) && (LANGMATCHES(LANG(?label), "nl") || LANGMATCHES(LANG(?label), "en") || LANG(?label) = ""))
}"""

FUNCTIEGROEPEN = """SELECT ?groep ?id ?naam ?familie ?url WHERE {
  ?groep a fgr:JobGroup ;
         fgr:fgrId ?id .
  OPTIONAL { ?groep rdfs:label ?naam }
  OPTIONAL { ?groep fgr:jobFamily ?familie }
  OPTIONAL { ?groep schema:url ?url }
} ORDER BY ?id"""

# Functiegroepen known from the reference list (data/reference/functiegroepen.ttl: number, name,
# family, schalen as far as known) but with no profile in the graph yet.
REFERENTIEGROEPEN = """SELECT ?groep ?id ?naam ?familie ?vermoed ?laagste ?hoogste ?dekking WHERE {
  ?groep a schema:Occupation ;
         skos:inScheme <https://w3id.org/functiegebouw/id/functiegebouw> .
  FILTER NOT EXISTS { ?groep a fgr:JobGroup }
  # the FGR number among the notations (the site's UUID is one too, of its own datatype); none for most
  OPTIONAL { ?groep skos:notation ?id FILTER(DATATYPE(?id) = fgr:FgrNumber || DATATYPE(?id) = xsd:string) }
  OPTIONAL { ?groep skos:prefLabel ?naam FILTER(LANGMATCHES(LANG(?naam), "nl")) }
  OPTIONAL { ?groep fgr:jobFamily ?familie }
  OPTIONAL { ?groep fgr:probableJobFamily ?vermoed }
  OPTIONAL {
    SELECT ?groep (MIN(?n) AS ?laagste) (MAX(?n) AS ?hoogste) WHERE {
      ?groep fgr:coversScale ?c . ?c fgr:scaleNumber ?n .
    } GROUP BY ?groep
  }
  OPTIONAL { ?groep fgr:scaleCoverage ?dekking }
} ORDER BY ?id ?naam ?familie ?vermoed"""

# The catalogue (data/reference/functiegroepen.ttl): every member with its range, family and FGR page,
# whether a profile of it is in the graph; and the derived next steps within a family.
CATALOGUS = """SELECT ?groep ?nummer ?naam ?familie ?laagste ?hoogste ?pagina ?profiel WHERE {
  { SELECT ?groep (MIN(?n) AS ?laagste) (MAX(?n) AS ?hoogste) WHERE {
      ?catalogus a skos:Collection ; skos:member ?groep .
      ?groep skos:inScheme <https://w3id.org/functiegebouw/id/functiegebouw> ; fgr:coversScale ?s .
      ?s fgr:scaleNumber ?n .
    } GROUP BY ?groep }
  OPTIONAL { ?groep skos:prefLabel ?naam FILTER(LANGMATCHES(LANG(?naam), "nl")) }
  OPTIONAL { ?groep fgr:jobFamily ?familie }
  OPTIONAL { ?groep skos:notation ?nummer FILTER(DATATYPE(?nummer) = fgr:FgrNumber) }
  OPTIONAL { ?groep foaf:page ?pagina }
  BIND(EXISTS { ?groep a fgr:JobGroup } AS ?profiel)
} ORDER BY ?laagste ?hoogste ?naam ?groep ?familie ?pagina"""

STAPPEN = """SELECT ?van ?naar WHERE { ?van fgr:derivedNextStep ?naar } ORDER BY ?van ?naar"""

FAMILIES = """SELECT ?familie ?naam ?positie WHERE {
  ?familie a fgr:JobFamily .
  OPTIONAL { ?familie skos:prefLabel ?naam . FILTER(LANGMATCHES(LANG(?naam), "nl")) }
  OPTIONAL { ?familie schema:position ?positie }
} ORDER BY ?positie ?naam"""

KERNPROFIEL = """SELECT ?groep ?soort ?gebied ?gebiednaam ?gebiedpositie ?regel ?positie ?tekst WHERE {
  VALUES (?eigenschap ?soort) { (fgr:result "resultaat") (fgr:behaviouralIndicator "gedragsindicator") }
  ?groep a fgr:JobGroup ;
         ?eigenschap ?regel .
  ?regel fgr:resultArea ?gebied ;
         schema:position ?positie ;
         schema:text ?tekst .
  ?gebied schema:position ?gebiedpositie ;
          skos:prefLabel ?gebiednaam .
  FILTER(LANGMATCHES(LANG(?gebiednaam), "nl"))
} ORDER BY ?groep ?gebiedpositie DESC(?soort) ?positie"""

GROEP_COMPETENTIES = """SELECT ?groep ?regel ?positie ?tekst ?competentie WHERE {
  ?groep a fgr:JobGroup ;
         fgr:competencyStatement ?regel .
  ?regel schema:position ?positie ;
         schema:text ?tekst .
  OPTIONAL { ?regel fgr:refersToCompetency ?competentie }
} ORDER BY ?groep ?positie"""

KWALITEITENPROFIELEN = """SELECT ?groep ?profiel ?schaal ?onderdeel ?volgorde ?regel ?positie ?tekst ?pm ?begrip WHERE {
  VALUES (?eigenschap ?volgorde ?onderdeel) {
    (fgr:experience 1 "Ervaring")
    (fgr:levelStatement 2 "Werk- en denkniveau")
    (fgr:educationField 3 "Opleidingsrichting en/of vakkennis")
    (fgr:departmentalEducation 4 "Opleiding departementsspecifiek")
    (fgr:competencyStatement 5 "Competenties")
    (fgr:departmentalCompetency 6 "Competenties departementsspecifiek")
  }
  ?groep fgr:qualityProfile ?profiel .
  ?profiel fgr:scale/fgr:scaleNumber ?schaal ;
           ?eigenschap ?regel .
  ?regel schema:text ?tekst ;
         schema:position ?positie .
  OPTIONAL { ?regel a ?placeholder . FILTER(?placeholder = fgr:Placeholder) }
  BIND(BOUND(?placeholder) AS ?pm)
  OPTIONAL { ?regel fgr:refersToCompetency|schema:educationalLevel ?begrip }
} ORDER BY ?groep ?schaal ?volgorde ?positie ?begrip"""

# A schaal with variants ("Variant 1.", "Variant 2.") has a functietypering per variant.
TYPERINGEN = """SELECT ?groep ?typering ?schaal ?schaalIri ?code ?totaal ?variant WHERE {
  ?groep fgr:typification ?typering .
  ?typering fgr:scale ?schaalIri .
  ?schaalIri fgr:scaleNumber ?schaal .
  OPTIONAL { ?typering fgr:fuwasysCode ?code }
  OPTIONAL { ?typering fgr:statedTotal ?totaal }
  OPTIONAL { ?typering fgr:variantNumber ?variant }
} ORDER BY ?groep ?schaal ?variant ?typering"""

TYPERING_REGELS = """SELECT ?typering ?blok ?bloknaam ?blokpositie ?subkop ?regel ?positie ?tekst WHERE {
  ?typering a fgr:Typification ;
            fgr:typificationStatement ?regel .
  ?regel fgr:block ?blok ;
         schema:position ?positie ;
         schema:text ?tekst .
  ?blok schema:position ?blokpositie ;
        skos:prefLabel ?bloknaam .
  FILTER(LANGMATCHES(LANG(?bloknaam), "nl"))
  OPTIONAL { ?regel fgr:subheading ?subkop }
} ORDER BY ?typering ?blokpositie ?positie"""

SCORES = """SELECT ?typering ?positie ?score ?kenmerk WHERE {
  ?typering a fgr:Typification ;
            fgr:score ?s .
  ?s schema:position ?positie ;
     fgr:scoreValue ?score .
  OPTIONAL { ?s fgr:characteristic ?kenmerk }
} ORDER BY ?typering ?positie"""

KENMERKEN = """SELECT ?kenmerk ?positie ?naam WHERE {
  ?kenmerk a fgr:FuwasysCharacteristic ;
           schema:position ?positie .
  OPTIONAL { ?kenmerk skos:prefLabel ?naam . FILTER(LANGMATCHES(LANG(?naam), "nl")) }
} ORDER BY ?positie"""

SALARISSEN = """SELECT ?schaalIri ?schaal ?bedrag ?minimum ?maximum ?valuta ?geldigVanaf ?eenheid WHERE {
  ?schaalIri a fgr:Scale ;
             fgr:scaleNumber ?schaal ;
             fgr:salaryRange ?bedrag .
  ?bedrag schema:value ?maandbedrag .
  ?maandbedrag schema:minValue ?minimum .
  OPTIONAL { ?maandbedrag schema:maxValue ?maximum }  # schaal 10-12: the source gives the minimum only
  OPTIONAL { ?bedrag schema:currency ?valuta }
  OPTIONAL { ?bedrag schema:validFrom ?geldigVanaf }
  # no unit: the amounts are per month (schema:unitText "MONTH"), which the page says in its heading
} ORDER BY ?schaal ?geldigVanaf"""

# SKOS mappings from our resources to other vocabularies, with what the targets are.
KOPPELINGEN = """SELECT ?bron ?relatie ?doel ?notatie ?schema WHERE {
  VALUES ?relatie { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch skos:relatedMatch }
  ?bron ?relatie ?doel .
  FILTER(STRSTARTS(STR(?bron), "https://w3id.org/functiegebouw/"))
  OPTIONAL { ?doel skos:notation ?notatie }
  OPTIONAL { ?doel skos:inScheme ?schema }
} ORDER BY ?bron ?relatie ?doel"""

COMPETENTIE_GEBRUIK = """SELECT ?competentie ?groep ?schaal WHERE {
  ?competentie a fgr:Competency .
  { ?groep a fgr:JobGroup ; fgr:requiresCompetency ?competentie }
  UNION
  { ?groep fgr:qualityProfile ?profiel .
    ?profiel fgr:requiresCompetency ?competentie ;
             fgr:scale/fgr:scaleNumber ?schaal }
} ORDER BY ?competentie ?groep ?schaal"""

# Every statement text with the functiegroep (and schaal) it belongs to and what kind of line it is.
ZOEKTEKSTEN = """SELECT ?regel ?tekst ?groep ?schaal ?soort WHERE {
  # the statement first, then the property label in an OPTIONAL: joined the other way round
  # (a property path to the schaal, the label as a pattern) Oxigraph took a minute at 61 groepen
  { ?groep a fgr:JobGroup ; ?p ?regel .
    ?regel schema:text ?tekst . }
  UNION
  { ?groep a fgr:JobGroup ; fgr:typification|fgr:qualityProfile ?deel .
    ?deel ?p ?regel .
    ?regel schema:text ?tekst .
    ?deel fgr:scale ?s .
    ?s fgr:scaleNumber ?schaal . }
  OPTIONAL { ?p rdfs:label ?soort . FILTER(LANGMATCHES(LANG(?soort), "nl")) }
}"""

# The words others use for a functiegroep: the Dutch and English labels (preferred and alternative)
# of the occupations and groups it is linked to (ESCO, ISCO-08, BRC, O*NET-SOC), for the search box.
# The two label properties as a UNION, not a second VALUES: with `VALUES ?p` Oxigraph took 0.9 s
# of CPU at 61 groepen (0.01 s so), the same rows.
ZOEKLABELS = """SELECT ?groep ?doel ?label WHERE {
  VALUES ?relatie { skos:exactMatch skos:closeMatch skos:broadMatch skos:narrowMatch skos:relatedMatch }
  ?groep ?relatie ?doel .
  FILTER(STRSTARTS(STR(?groep), "https://w3id.org/functiegebouw/id/functiegroep/"))
  { ?doel skos:prefLabel ?label } UNION { ?doel skos:altLabel ?label }
  FILTER(LANGMATCHES(LANG(?label), "nl") || LANGMATCHES(LANG(?label), "en"))
}"""

# The ontology's own terms, and facts about them that may have several values.
ONTOLOGIE = """SELECT ?ontologie ?titel ?beschrijving ?versie ?licentie ?versieIri ?vorigeVersie ?gewijzigd WHERE {
  ?ontologie a owl:Ontology .
  FILTER(STRSTARTS(STR(?ontologie), "https://w3id.org/functiegebouw/"))
  OPTIONAL { ?ontologie dct:title ?titel . FILTER(LANGMATCHES(LANG(?titel), "nl")) }
  OPTIONAL { ?ontologie dct:description ?beschrijving . FILTER(LANGMATCHES(LANG(?beschrijving), "nl")) }
  OPTIONAL { ?ontologie owl:versionInfo ?versie }
  OPTIONAL { ?ontologie dct:license ?licentie }
  OPTIONAL { ?ontologie owl:versionIRI ?versieIri }
  OPTIONAL { ?ontologie owl:priorVersion ?vorigeVersie }
  OPTIONAL { ?ontologie dct:modified ?gewijzigd }
}"""

TERMEN = """SELECT ?term ?soort WHERE {
  VALUES ?soort { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdf:Property }
  ?term a ?soort .
  FILTER(STRSTARTS(STR(?term), "https://w3id.org/functiegebouw/def"))
} ORDER BY ?soort ?term"""

# The properties as a FILTER on the subject's triples, not a VALUES: with VALUES Oxigraph took 0.9 s
# of CPU at 61 groepen, so 0.2 s (the same rows; texts() sorts them).
TEKSTEN = """SELECT ?x ?eigenschap ?tekst (LANG(?tekst) AS ?taal) WHERE {
  { VALUES ?soort { owl:Ontology owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty
                    rdf:Property skos:ConceptScheme }
    ?x a ?soort }
  UNION
  { ?x skos:inScheme ?schema .
    ?schema a skos:ConceptScheme }
  FILTER(STRSTARTS(STR(?x), "https://w3id.org/functiegebouw/"))
  ?x ?eigenschap ?tekst .
  FILTER(?eigenschap IN (rdfs:label, skos:prefLabel, skos:definition, rdfs:comment, skos:scopeNote, skos:altLabel,
                         dct:title))
}"""

TERM_RELATIES = """SELECT ?term ?relatie ?waarde WHERE {
  VALUES ?relatie { rdfs:domain rdfs:range rdfs:subClassOf rdfs:subPropertyOf owl:inverseOf }
  ?term ?relatie ?waarde .
  FILTER(STRSTARTS(STR(?term), "https://w3id.org/functiegebouw/def") && isIRI(?waarde))
} ORDER BY ?term ?relatie ?waarde"""

SCHEMAS = """SELECT ?schema WHERE {
  ?schema a skos:ConceptScheme .
  FILTER(STRSTARTS(STR(?schema), "https://w3id.org/functiegebouw/"))
} ORDER BY ?schema"""

BEGRIPPEN = """SELECT ?schema ?begrip ?notatie ?positie WHERE {
  ?begrip skos:inScheme ?schema .
  ?schema a skos:ConceptScheme .
  FILTER(STRSTARTS(STR(?schema), "https://w3id.org/functiegebouw/id/")
         && !STRSTARTS(STR(?schema), "https://w3id.org/functiegebouw/id/brc2014"))
  OPTIONAL { ?begrip skos:notation ?notatie }
  OPTIONAL { ?begrip schema:position ?positie }
} ORDER BY ?schema ?positie ?begrip"""

# Run on the shapes (ontology/shapes*.ttl), which are not in the data store.
SHAPES = """SELECT ?shape ?doel ?pad ?ernst WHERE {
  VALUES ?target { sh:targetClass sh:targetSubjectsOf sh:targetObjectsOf sh:targetNode }
  ?shape ?target ?doel .
  OPTIONAL { ?shape sh:path ?pad . FILTER(isIRI(?pad)) }
  OPTIONAL { ?shape sh:severity ?ernst }
} ORDER BY ?shape ?doel"""

SHAPE_TEKSTEN = """SELECT ?shape ?eigenschap ?tekst (LANG(?tekst) AS ?taal) WHERE {
  VALUES ?eigenschap { rdfs:label sh:message }
  ?shape ?eigenschap ?tekst .
  FILTER(isIRI(?shape))
}"""


def records(store: Store, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run one of the queries above: a list of {column: Python value} (IRIs as str)."""
    result = store.query(query if query.startswith("#") else PREFIXES + query, params)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def triples(store: Store) -> list[tuple[JsonTerm, JsonTerm, JsonTerm]]:
    """Every (s, p, o) of TRIPLES as SPARQL JSON terms (their exact RDF form)."""
    result = store.query(PREFIXES + TRIPLES)
    return [tuple(row) for row in result.terms]


def texts(store: Store, query: str) -> dict[str, dict[str, dict[str, list[str]]]]:
    """{subject: {property: {language: [texts]}}} from a query with ?x/?shape ?eigenschap ?tekst ?taal."""
    result = store.query(PREFIXES + query)
    out: dict[str, dict[str, dict[str, list[str]]]] = {}
    subject = result.columns[0]
    for row in result.rows:
        rec = dict(zip(result.columns, row, strict=True))
        lang = (rec["taal"] or "").lower()
        out.setdefault(rec[subject], {}).setdefault(rec["eigenschap"], {}).setdefault(lang, []).append(
            str(rec["tekst"]))
    for props in out.values():
        for langs in props.values():
            for values in langs.values():
                values.sort()
    return out



