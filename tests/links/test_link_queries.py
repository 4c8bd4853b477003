"""Named queries over the links, on small graphs written here (not the project's data): a functiegroep's
links to every vocabulary in one table (issue 25)."""
from __future__ import annotations

import pytest

import functiegebouw

GROUP_TTL = """\
@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix esco: <http://data.europa.eu/esco/model#> .
@prefix id: <https://w3id.org/functiegebouw/id/> .
@prefix isco: <http://data.europa.eu/esco/isco/> .
@prefix eqf: <http://data.europa.eu/snb/eqf/> .

id:functiegroep\\/9001 fgr:fgrId 9001 ; rdfs:label "Medewerker Proef"@nl ;
    fgr:qualityProfile id:p6 , id:p7 ;
    skos:broadMatch isco:C4419 , id:brc2014\\/beroepsgroep\\/0431 ;
    skos:relatedMatch <http://data.europa.eu/esco/occupation/0001> , id:onet-soc\\/43-4021.00 .
id:functiegroep\\/9002 fgr:fgrId 9002 ; rdfs:label "Andere Groep"@nl ; skos:closeMatch isco:C2432 .
id:p6 fgr:requiresLevel id:mbo , id:vmbo .
id:p7 fgr:requiresLevel id:mbo .
id:mbo skos:prefLabel "MBO"@nl ; skos:relatedMatch eqf:3 , eqf:4 .
id:vmbo skos:prefLabel "VMBO"@nl ; skos:relatedMatch eqf:2 .
eqf:2 skos:inScheme id:eqf ; skos:notation "2" ; skos:prefLabel "EQF level 2"@en , "EQF-niveau 2"@nl .
eqf:3 skos:inScheme id:eqf ; skos:notation "3" ; skos:prefLabel "EQF level 3"@en , "EQF-niveau 3"@nl .
eqf:4 skos:inScheme id:eqf ; skos:notation "4" ; skos:prefLabel "EQF level 4"@en , "EQF-niveau 4"@nl .
isco:C4419 skos:inScheme <http://data.europa.eu/esco/concept-scheme/isco> ; skos:notation "4419" ;
    skos:prefLabel "Clerical support workers not elsewhere classified"@en , "Administratief assistenten n.e.g."@nl .
isco:C2432 skos:inScheme <http://data.europa.eu/esco/concept-scheme/isco> ; skos:notation "2432" ;
    skos:prefLabel "Public relations professionals"@en .
id:brc2014\\/beroepsgroepen skos:member id:brc2014\\/beroepsgroep\\/0431 .
id:brc2014\\/beroepsgroep\\/0431 skos:notation "0431" ; skos:prefLabel "Administratief medewerkers"@nl .
<http://data.europa.eu/esco/occupation/0001> a esco:Occupation ; skos:notation "4419.1" ;
    skos:prefLabel "advertentieassistent"@nl , "advertising assistant"@en .
id:onet-soc\\/43-4021.00 skos:inScheme id:onet-soc ; skos:notation "43-4021.00" ;
    skos:prefLabel "Correspondence Clerks"@en .
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("links")
    (folder / "groep.ttl").write_text(GROUP_TTL, encoding="utf-8")
    return functiegebouw.open(folder, ontology=False, memory=True)


def rows(store, name, **params):
    return [tuple(r) for r in store.query(name, params).rows]


def test_every_link_of_a_functiegroep_once_in_one_table(store):
    got = rows(store, "links-functiegroep", functiegroep=9001)
    assert [r[2:7] for r in got] == [
        ("BRC 2014", "0431", "Administratief medewerkers", "broadMatch", None),
        # the EQF levels of each werk- en denkniveau, once although two profielen ask for MBO
        ("EQF", "2", "EQF-niveau 2", "relatedMatch", "VMBO"),
        ("EQF", "3", "EQF-niveau 3", "relatedMatch", "MBO"),
        ("EQF", "4", "EQF-niveau 4", "relatedMatch", "MBO"),
        ("ESCO-beroep", "4419.1", "advertentieassistent", "relatedMatch", None),
        ("ISCO-08", "4419", "Administratief assistenten n.e.g.", "broadMatch", None),
        ("O*NET-SOC", "43-4021.00", "Correspondence Clerks", "relatedMatch", None),
    ]
    assert {r[:2] for r in got} == {(9001, "Medewerker Proef")}
    assert got[-1][7] == "https://w3id.org/functiegebouw/id/onet-soc/43-4021.00"


def test_the_english_label_where_there_is_no_dutch_one_and_every_group_without_a_parameter(store):
    got = rows(store, "links-functiegroep")
    assert {r[0] for r in got} == {9001, 9002}
    assert [r[2:6] for r in got if r[0] == 9002] == [("ISCO-08", "2432", "Public relations professionals", "closeMatch")]


def test_a_functiegroep_that_does_not_exist_is_refused_with_the_nearest(store):
    from functiegebouw.sparql.empty import NoMatch

    with pytest.raises(NoMatch) as err:
        store.query("links-functiegroep", {"functiegroep": 9003})
    assert "9001" in str(err.value) or "9002" in str(err.value)


# ---------------------------------------------------------------- a full ESCO download: occupation -> essential skills

OCC = "http://data.europa.eu/esco/occupation/aaaaaaaa-0000-4000-8000-00000000000"
SKILL = "http://data.europa.eu/esco/skill/bbbbbbbb-0000-4000-8000-00000000000"
PROFILE_ESCO = f"""\
@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/functiegebouw/id/functiegroep/9001> fgr:fgrId 9001 ; rdfs:label "Medewerker Proef"@nl ;
    skos:relatedMatch <{OCC}1> ; skos:closeMatch <{OCC}2> .
"""


@pytest.fixture(scope="module")
def esco_store(tmp_path_factory):
    from functiegebouw.links.vocab import import_esco
    from support import FIXTURES

    folder = tmp_path_factory.mktemp("esco")
    import_esco(FIXTURES / "esco-full", folder / "vocab")
    (folder / "groep.ttl").write_text(PROFILE_ESCO, encoding="utf-8")
    return functiegebouw.open([folder / "groep.ttl", folder / "vocab"], ontology=False, memory=True)


def test_a_functiegroep_to_its_occupations_essential_skills_in_dutch(esco_store):
    got = rows(esco_store, "links-essentiele-vaardigheden", functiegroep=9001)
    assert [r[2:6] for r in got] == [
        ("proefcommunicatiemedewerker", "relatedMatch", "proefcontact met de media", "skill"),
        ("proefcommunicatiemedewerker", "relatedMatch", "proefpersberichten schrijven", "skill"),
        ("proefvoorlichter", "closeMatch", "proefcontact met de media", "skill"),
    ]
    # the optional skill (test social media) is not essential
    assert SKILL + "3" not in {r[7] for r in got}
    assert {r[6] for r in got} == {OCC + "1", OCC + "2"}


def test_the_labels_in_the_asked_language_else_english(esco_store):
    got = rows(esco_store, "links-essentiele-vaardigheden", functiegroep=9001, taal="en")
    assert [(r[2], r[4]) for r in got][:2] == [("test communication assistant", "test liaise with the media"),
                                              ("test communication assistant", "test write press releases")]
    # German has occupation labels in the download but no skill labels: the skills fall back to English
    got = rows(esco_store, "links-essentiele-vaardigheden", functiegroep=9001, taal="de")
    assert {r[2] for r in got} == {"Testkommunikationsassistent", "Testpressesprecher"}
    assert {r[4] for r in got} == {"test liaise with the media", "test write press releases"}
