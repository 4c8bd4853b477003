"""The catalogue's names like a group's name (validation/near.py), which JobGroupInCatalogueShape leaves to
Python: the same names as the SPARQL sub-select the shape had (run here with pyoxigraph), on names that test its
edges: short words, punctuation, accents, a part in more than three names, several labels, none."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from functiegebouw.rdf.view import TripleView
from functiegebouw.validation import near
from functiegebouw.validation.shacl import validate

ID = "https://w3id.org/functiegebouw/id/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
CATALOGUE = ["Medewerker Archief", "Medewerker Kwaliteitszorg", "Senior Medewerker Kwaliteitszorg",
             "Medewerker Kantoorbeheer", "Adviseur Communicatie", "Coördinator Éénheid", "Beleidsmedewerker (IV)",
             "Teamleider Zorg", "Zorgcoördinator", "Archivist", "Hoofd Archiefbeheer", "Afdelingsleider",
             "Projectleider", "Groepsleider"]
# the shape's sub-select before it moved to near.py (ontology/shapes.ttl, 2026-12-05)
OLD_SUBSELECT = r"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX id: <https://w3id.org/functiegebouw/id/>
SELECT DISTINCT ?this (STR(?name) AS ?candidate) WHERE {
    { SELECT ?this ?part WHERE {
        ?this rdfs:label ?own .
        { BIND ("^\\W*(\\w+).*$" AS ?pattern) } UNION { BIND ("^\\W*\\w+\\W+(\\w+).*$" AS ?pattern) }
        UNION { BIND ("^\\W*\\w+\\W+\\w+\\W+(\\w+).*$" AS ?pattern) }
        { BIND ("begin" AS ?end) } UNION { BIND ("eind" AS ?end) }
        FILTER (REGEX(STR(?own), ?pattern))
        BIND (LCASE(REPLACE(STR(?own), ?pattern, "$1")) AS ?word)
        FILTER (STRLEN(?word) >= 5)
        BIND (IF(?end = "begin", SUBSTR(?word, 1, 5), SUBSTR(?word, STRLEN(?word) - 4)) AS ?part)
        ?cat a skos:Collection ; skos:member ?other .
        ?other skos:inScheme id:functiegebouw ; skos:prefLabel ?otherName .
        FILTER (CONTAINS(LCASE(STR(?otherName)), ?part))
      } GROUP BY ?this ?part HAVING (COUNT(DISTINCT ?other) <= 3) }
    ?cat2 a skos:Collection ; skos:member ?member .
    ?member skos:inScheme id:functiegebouw ; skos:prefLabel ?name .
    FILTER (CONTAINS(LCASE(STR(?name)), ?part))
}"""
NAMES = [["Medewerker Kwalitijdszorg"], ["Medewerker"], ["Adviseur"], ["  -- Adviseur, communicatie!"],
         ["Coördinator éénheid"], ["Kort Op Een Rij Zorgcoördinatie"], ["Teamleider"], ["Zorg"],
         ["Beleids-medewerker IV"], ["Onbekend", "Kantoor beheer en archief"], ["x"], ["Senior Kwaliteitszorg"]]


def _catalogue(labels: list[str]) -> str:
    members = "".join(f'<{ID}x/{i}> skos:inScheme <{ID}functiegebouw> ; skos:prefLabel "{n}"@nl .\n'
                      for i, n in enumerate(CATALOGUE))
    # a member twice, in a second catalogue with a second (English) name: counted once
    members += f'<{ID}c2> a skos:Collection ; skos:member <{ID}x/0> .\n<{ID}x/0> skos:prefLabel "Archive Officer"@en .\n'
    own = "".join(f'<{ID}g> rdfs:label "{label}"@nl .\n' for label in labels)
    return (f"@prefix skos: <{SKOS}> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            f"<{ID}c1> a skos:Collection ; skos:member "
            + " , ".join(f"<{ID}x/{i}>" for i in range(len(CATALOGUE))) + " .\n" + members + own)


@pytest.mark.parametrize("labels", NAMES, ids=lambda labels: "|".join(labels))
def test_the_names_are_those_of_the_shapes_former_sub_select(labels):
    text = _catalogue(labels)
    store = ox.Store()
    store.load(text.encode(), ox.RdfFormat.TURTLE)
    expected = sorted(str(s["candidate"].value) for s in store.query(OLD_SUBSELECT))
    store = ox.Store()
    store.load(text, format=ox.RdfFormat.TURTLE)
    assert near.near_names(labels, near.catalogue_names(TripleView(store))) == expected


def test_a_part_in_more_than_three_names_leads_nowhere_and_a_distinctive_one_does():
    names = [(i, n) for i, n in enumerate(CATALOGUE)]
    assert near.near_names(["Medewerker"], names) == []  # "medew" and "werker" in five names
    assert near.near_names(["Zorgcoördinatie"], names) == ["Zorgcoördinator"]  # "zorgc"; "natie" in none
    assert near.near_names(["Ploegleider"], names) == []  # "eider" in four names: not distinctive
    # "archi": four names, but of three members (the first has two names)
    assert near.near_names(["Archiefmedewerker"], [*names, (0, "Archive Officer")]) == [
        "Archive Officer", "Archivist", "Hoofd Archiefbeheer", "Medewerker Archief"]


def test_the_names_are_added_to_the_shapes_sentence_in_its_language():
    messages = {"nl": 'Functiegroep "A {?near}" staat niet in de catalogus.', "en": 'Functiegroep "A" is not in it.',
                "": "Outside."}
    assert near.fill(messages, None) == {
        "nl": 'Functiegroep "A {?near}" staat niet in de catalogus; een naam in de catalogus die erop lijkt: (geen).',
        "en": 'Functiegroep "A" is not in it; a name in the catalogue like it: (none).',
        "": "Outside; a name in the catalogue like it: (none)."}
    assert near.fill(messages, "X")["nl"].endswith("die erop lijkt: X.")


def test_the_shapes_message_is_a_whole_sentence_for_any_shacl_engine(tmp_path):
    """Other tools run ontology/shapes.ttl as it is: pyshacl itself (not through fgr validate) must
    show a message with nothing left to fill in."""
    import pyshacl
    from rdflib import Graph, URIRef

    from functiegebouw.rdf.load import parse_into
    from functiegebouw.validation.shacl import shape_files

    shapes = Graph()
    for path in shape_files():
        parse_into(shapes, path)
    data = Graph().parse(data=_catalogue([]) + f'<{ID}functiegroep/1> a <https://w3id.org/functiegebouw/def#JobGroup> ; '
                         f'<http://www.w3.org/2000/01/rdf-schema#label> "Kwaliteitsbeheerder"@nl .\n', format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, allow_warnings=True, inplace=True)
    sh = "http://www.w3.org/ns/shacl#"
    found = [str(m) for r in report.subjects(URIRef(sh + "sourceShape"), URIRef("https://w3id.org/functiegebouw/shapes#" + near.SHAPE))
             for m in report.objects(r, URIRef(sh + "resultMessage"))]
    assert found and all("{?" not in m for m in found), found
    assert any("staat niet in de catalogus van het FGR" in m for m in found)


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_a_group_whose_name_holds_the_slot_gets_the_names_after_it(tmp_path, engine):
    data = tmp_path / "groep.ttl"
    data.write_text(_catalogue([]) + f'<{ID}functiegroep/1> a <https://w3id.org/functiegebouw/def#JobGroup> ; '
                    f'<http://www.w3.org/2000/01/rdf-schema#label> "Kwaliteitsbeheer {{?near}}"@nl .\n',
                    encoding="utf-8")
    found = sorted(f.message for f in validate([data], engine=engine, lang="nl").findings
                   if f.shape_name == near.SHAPE)
    assert [m.split(": ")[-1] for m in found] == ["Medewerker Kwaliteitszorg.", "Senior Medewerker Kwaliteitszorg."]
    assert all('"Kwaliteitsbeheer {?near}"' in m for m in found)


OWN = {  # a unit's own triples; whether they can change the context's catalogue names; whether they do
    "nothing of the catalogue": (f'<{ID}g> skos:prefLabel "Medewerker Archief"@nl ; skos:inScheme <{ID}s> .',
                                 False, False),
    "a name of a member": (f'<{ID}x/3> skos:prefLabel "Kantoorchef"@nl .', True, True),
    "a member's scheme, as the context has it": (f'<{ID}x/0> skos:inScheme <{ID}functiegebouw> .', True, False),
    "a member of a collection": (f'<{ID}c1> skos:member <{ID}new> . <{ID}new> skos:inScheme <{ID}functiegebouw> ;'
                                 f' skos:prefLabel "Nieuwe Naam"@nl .', True, True),
    "an empty collection": (f'<{ID}c3> a skos:Collection .', True, False),
}


@pytest.mark.parametrize("own, can, does", OWN.values(), ids=list(OWN))
def test_the_context_names_are_kept_for_a_unit_that_cannot_change_them(own, can, does):
    """near.Catalogue (shacl._TurboRun keeps one per worker) gives catalogue_names of the context with
    the unit's triples, from the context's names made once where the unit cannot change them."""
    context, mine = ox.Store(), ox.Store()
    context.load(_catalogue([]), format=ox.RdfFormat.TURTLE)
    mine.load(f"@prefix skos: <{SKOS}> .\n{own}\n", format=ox.RdfFormat.TURTLE)
    catalogue = near.Catalogue(context)
    data = TripleView(context, mine, disjoint=True)
    names = catalogue.names_of(data)
    assert sorted(names) == sorted(near.catalogue_names(data))
    assert (names is catalogue.names) is not can
    assert (sorted(names) != sorted(near.catalogue_names(TripleView(context)))) is does
