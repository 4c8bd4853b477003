"""The catalogue in the shapes: a schaal outside the functiegroep's range (a Violation naming the range and its
source), a functiegroep the catalogue does not know (a Warning naming the nearest names), and a TOML
functiefamilie that contradicts the catalogue (a Violation naming both). Each fixture brings its own catalogue
facts; both SHACL engines must say the same."""
from __future__ import annotations

import pytest

from functiegebouw.convert import convert, write_graph
from functiegebouw.source.model import Meta
from functiegebouw.validation.shacl import validate
from support import FIXTURES, SEED_TXT

SHAPES = FIXTURES / "shapes"
ID = "https://w3id.org/functiegebouw/id/"
G = ID + "functiegroep/1"
PREFIXES = """@prefix fgr: <https://w3id.org/functiegebouw/def#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def findings(path, shape, engine):
    return [f for f in validate([path], engine=engine, lang="nl").findings if f.shape_name == shape]


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_a_schaal_outside_the_range_names_the_range_and_its_source(engine):
    found = findings(SHAPES / "ScaleInRangeShape.fail.ttl", "ScaleInRangeShape", engine)
    assert sorted(f.focus for f in found) == [f"{G}/functietypering/schaal-7", f"{G}/kwaliteitenprofiel/schaal-7"]
    for f in found:
        assert f.severity == "Violation"
        assert f.message == ("Schaal 7 valt buiten het schaalbereik van de functiegroep: schaal 5 tot en met 6 (bron: "
                             "https://www.functiegebouwrijksoverheid.nl/functiegebouw/functiefamilies/testfamilie/testgroep).")


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_a_group_outside_the_catalogue_is_a_warning_naming_the_nearest_names(tmp_path, engine):
    # a fixture catalogue of invented names: "Kwalitijdszorg" shares "kwali" with two of them and
    # "medew" with all four, which is therefore not distinctive (in more than three names)
    data = tmp_path / "groep.ttl"
    data.write_text(PREFIXES + f"""
<{G}> a fgr:JobGroup ; rdfs:label "Medewerker Kwalitijdszorg"@nl .
<{ID}functiegebouw/catalogus-2026-10-08> skos:member <{ID}x/1> , <{ID}x/2> , <{ID}x/3> , <{ID}x/4> .
<{ID}x/4> skos:inScheme <{ID}functiegebouw> ; skos:prefLabel "Medewerker Archief"@nl .
<{ID}x/1> skos:inScheme <{ID}functiegebouw> ; skos:prefLabel "Medewerker Kwaliteitszorg"@nl .
<{ID}x/2> skos:inScheme <{ID}functiegebouw> ; skos:prefLabel "Senior Medewerker Kwaliteitszorg"@nl .
<{ID}x/3> skos:inScheme <{ID}functiegebouw> ; skos:prefLabel "Medewerker Kantoorbeheer"@nl .
""", encoding="utf-8")
    found = findings(data, "JobGroupInCatalogueShape", engine)
    assert {f.severity for f in found} == {"Warning"}
    near = sorted(f.message.split(": ")[-1].rstrip(".") for f in found)
    assert near == ["Medewerker Kwaliteitszorg", "Senior Medewerker Kwaliteitszorg"]
    assert 'Functiegroep "Medewerker Kwalitijdszorg" staat niet in de catalogus' in found[0].message


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_in_the_catalogue_by_number_or_by_name_is_no_warning(tmp_path, engine):
    data = tmp_path / "groep.ttl"
    data.write_text(PREFIXES + f"""
<{G}> a fgr:JobGroup ; rdfs:label "Andere Naam"@nl ; fgr:fgrId 1 .
<{ID}functiegroep/2> a fgr:JobGroup ; rdfs:label "medewerker kantoorbeheer"@nl .
<{ID}functiegroep/3> a fgr:JobGroup ; rdfs:label "Geheel Onbekend"@nl .
<{ID}functiegebouw/catalogus-2026-10-08> skos:member <{ID}x/1> , <{ID}x/3> .
<{ID}x/1> skos:inScheme <{ID}functiegebouw> ; skos:prefLabel "Iets"@nl ; skos:notation "1"^^fgr:FgrNumber .
<{ID}x/3> skos:inScheme <{ID}functiegebouw> ; skos:prefLabel "Medewerker Kantoorbeheer"@nl .
""", encoding="utf-8")
    found = findings(data, "JobGroupInCatalogueShape", engine)
    assert [(f.focus, f.message.split(": ")[-1]) for f in found if not f.focus.startswith(ID + "functiegroep/5")] == [
        (f"{ID}functiegroep/3", "(geen).")]
    # each language its own word for "none" (the English message said "(geen)")
    assert [f.messages["en"].split(": ")[-1] for f in found if f.focus == f"{ID}functiegroep/3"] == ["(none)."]


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_a_familie_that_contradicts_the_catalogue_names_both(engine):
    (found,) = findings(SHAPES / "JobFamilyCatalogueShape.fail.ttl", "JobFamilyCatalogueShape", engine)
    assert found.severity == "Violation" and found.focus == G
    assert '"Advisering"' in found.message and '"Testfamilie"' in found.message
    assert found.message.startswith('De metadata noemen functiefamilie "Advisering", de catalogus van het FGR "Testfamilie"')


def test_the_seed_with_its_catalogue_familie_from_toml_is_an_error_only_when_it_differs(tmp_path):
    """527 is in Bedrijfsvoering: the same familie in the TOML is fine, another one an error naming both."""
    for familie, expected in (("Bedrijfsvoering", []), ("Advisering", ["Advisering", "Bedrijfsvoering"])):
        conv = convert(SEED_TXT, meta=Meta(functiegroep_id=527, label="Medewerker Communicatie", functiefamilie=familie))
        write_graph(conv.triples, tmp_path / "527.ttl")
        found = [f for f in validate([tmp_path / "527.ttl"], lang="nl").findings
                 if f.shape_name in ("JobFamilyCatalogueShape", "JobGroupInCatalogueShape", "ScaleInRangeShape")]
        assert [w for w in expected if any(w in f.message for f in found)] == expected
        assert len(found) == (1 if expected else 0)
