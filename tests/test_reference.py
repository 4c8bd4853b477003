"""Reference data for the whole FGR (data/reference/): schaal 1-19 of the CAO Rijk with the salary figures
that are known, and the functiegroepen known so far, each with its source; nothing guessed."""
from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, SKOS

import functiegebouw
from functiegebouw.convert import convert, write_graph
from functiegebouw.rdf.load import ontology_files
from functiegebouw.source.model import Meta
from support import FIXTURES, ROOT

REFERENCE = ROOT / "data" / "reference"
FGR = "https://w3id.org/functiegebouw/def#"
SCHEMA = "https://schema.org/"
ID = "https://w3id.org/functiegebouw/id/"
# CAO Rijk, hoofdstuk 6, table per 1 januari 2024 (as far as it could be read; see make_reference.py)
SALARY = {1: ("2107.63", "2506.92"), 2: ("2220.23", "2640.85"), 3: ("2338.85", "2799.28"),
          4: ("2421.42", "2945.77"), 5: ("2506.92", "3091.60"), 6: ("2595.43", "3238.72"),
          7: ("2734.10", "3529.72"), 8: ("2945.77", "3954.44"), 9: ("3165.83", "4440.57"),
          10: ("3091.60", None), 11: ("3662.77", None), 12: ("4278.07", None)}
KNOWN_IDS = {504, 509, 511, 512, 513, 514, 515, 517, 519, 521, 522, 527, 530, 533, 538, 539, 544, 545, 556, 560,
             567, 568}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    out = tmp_path_factory.mktemp("reference")
    subprocess.run([sys.executable, str(REFERENCE / "make_reference.py"), str(out)], check=True)
    return out


@pytest.mark.parametrize("name", ["salarisschalen.ttl", "functiegroepen.ttl"])
def test_committed_reference_is_what_the_script_writes(fresh, name):
    assert (REFERENCE / name).read_bytes() == (fresh / name).read_bytes()


@pytest.fixture(scope="module")
def scales(fresh) -> Graph:
    return Graph().parse(fresh / "salarisschalen.ttl")


def test_every_cao_rijk_schaal_1_to_19(scales):
    scheme = URIRef(ID + "schaal")
    numbers = sorted(int(n) for s in scales.subjects(SKOS.inScheme, scheme)
                     for n in scales.objects(s, URIRef(FGR + "scaleNumber")))
    assert numbers == list(range(1, 20))
    for s in scales.subjects(SKOS.inScheme, scheme):
        assert scales.value(s, SKOS.definition) is not None and scales.value(s, DCTERMS.source) is not None


def test_salary_figures_only_where_known_dated_and_sourced(scales):
    for n in range(1, 20):
        amounts = list(scales.objects(URIRef(f"{ID}schaal/{n}"), URIRef(FGR + "salaryRange")))
        if n not in SALARY:
            assert amounts == [], n  # no figure rather than a guessed one
            continue
        (amount,) = amounts
        low, high = SALARY[n]
        value = scales.value(amount, URIRef(SCHEMA + "value"))  # schema.org: a QuantitativeValue per month
        assert str(scales.value(value, URIRef(SCHEMA + "unitText"))) == "MONTH"
        assert scales.value(value, URIRef(SCHEMA + "minValue")).toPython() == Decimal(low)
        got_high = scales.value(value, URIRef(SCHEMA + "maxValue"))
        assert (got_high.toPython() if got_high is not None else None) == (Decimal(high) if high else None)
        assert str(scales.value(amount, URIRef(SCHEMA + "validFrom"))) == "2024-01-01"
        # the table held until the CAO Rijk 2024-2025 raised every amount on 1 juli 2024
        assert str(scales.value(amount, URIRef(SCHEMA + "validThrough"))) == "2024-06-30"
        assert str(scales.value(amount, DCTERMS.source)).startswith("https://www.caorijk.nl/")


@pytest.fixture(scope="module")
def groups(fresh) -> Graph:
    return Graph().parse(fresh / "functiegroepen.ttl")


CATALOGUE = URIRef(ID + "functiegebouw/catalogus-2026-10-08")
FGR_NUMBER, SITE_ID = URIRef(FGR + "FgrNumber"), URIRef(FGR + "SiteIdentifier")
# the FGR ids of the catalogue (20 of 64), and 539/544 of older pages that the catalogue lacks
CATALOGUE_IDS = {504, 509, 511, 512, 513, 514, 515, 517, 519, 521, 522, 527, 530, 533, 538, 545, 556, 560, 567, 568}
# the IRIs of the first reference list (2026-12-01): they must never change
OLD_IRIS = [*map(str, sorted(KNOWN_IDS)), "project-programmadirecteur", "topmanager", "topmanager-generaal",
            "coordinerend-beleidsmedewerker", "adviseur-bedrijfsvoering"]


def numbers(g: Graph, group) -> set[int]:
    return {int(n) for n in g.objects(group, SKOS.notation) if n.datatype == FGR_NUMBER}


def span(g: Graph, group) -> tuple[int, int]:
    found = [int(g.value(s, URIRef(FGR + "scaleNumber")) or str(s).rsplit("/", 1)[1])
             for s in g.objects(group, URIRef(FGR + "coversScale"))]
    return min(found), max(found)


def test_the_catalogue_has_64_groups_in_8_families(groups):
    members = set(groups.objects(CATALOGUE, SKOS.member))
    assert len(members) == 64
    families = {groups.value(m, URIRef(FGR + "jobFamily")) for m in members}
    assert len(families) == 8 and None not in families
    for m in members:  # the familie is certain now, the range complete, the site's identifier known
        assert groups.value(m, URIRef(FGR + "probableJobFamily")) is None
        assert groups.value(m, URIRef(FGR + "scaleCoverage")) == URIRef(FGR + "coverageComplete")
        assert len([n for n in groups.objects(m, SKOS.notation) if n.datatype == SITE_ID]) == 1
        low, high = span(groups, m)  # contiguous
        assert len(list(groups.objects(m, URIRef(FGR + "coversScale")))) == high - low + 1


def test_no_invented_id(groups):
    members = set(groups.objects(CATALOGUE, SKOS.member))
    assert {n for m in members for n in numbers(groups, m)} == CATALOGUE_IDS
    assert len([m for m in members if not numbers(groups, m)]) == 44
    everything = set(groups.subjects(SKOS.inScheme, URIRef(ID + "functiegebouw")))
    assert {n for g in everything for n in numbers(groups, g)} == KNOWN_IDS


def test_existing_iris_unchanged_others_named_by_the_site_uuid(groups):
    everything = set(groups.subjects(SKOS.inScheme, URIRef(ID + "functiegebouw")))
    assert len(everything) == 66
    old = {URIRef(f"{ID}functiegroep/{name}") for name in OLD_IRIS}
    assert old <= everything
    for g in everything - old:
        (uuid,) = [n for n in groups.objects(g, SKOS.notation) if n.datatype == SITE_ID]
        assert str(g) == f"{ID}functiegroep/{uuid}"
    # the site spells it without the diaeresis; our older spelling stays findable
    g = URIRef(ID + "functiegroep/coordinerend-beleidsmedewerker")
    assert str(groups.value(g, SKOS.prefLabel)) == "Coordinerend Beleidsmedewerker"
    assert str(groups.value(g, SKOS.altLabel)) == "Coördinerend Beleidsmedewerker"


def test_what_the_catalogue_settles(groups):
    g = lambda n: URIRef(f"{ID}functiegroep/{n}")  # noqa: E731
    assert groups.value(g(527), URIRef(FGR + "jobFamily")) == URIRef(ID + "functiefamilie/bedrijfsvoering")
    assert span(groups, g(527)) == (5, 8) and span(groups, g(504)) == (8, 11) and span(groups, g(568)) == (1, 5)
    assert span(groups, g("topmanager-generaal")) == (19, 19)
    family = URIRef(ID + "functiefamilie/project-programmamanagement")
    assert str(groups.value(family, SKOS.altLabel)) == "Project-/ Programmamanagement"  # the site's own label


def test_groups_the_catalogue_lacks_are_kept_and_marked(groups):
    members = set(groups.objects(CATALOGUE, SKOS.member))
    for n in (539, 544):
        g = URIRef(f"{ID}functiegroep/{n}")
        assert g not in members and numbers(groups, g) == {n}
        assert "Niet in de catalogus van 2026-10-08" in str(groups.value(g, SKOS.historyNote))
        assert groups.value(g, URIRef(FGR + "scaleCoverage")) == URIRef(FGR + "coverageAtLeast")


def test_every_source_cited(groups):
    members = set(groups.objects(CATALOGUE, SKOS.member))
    for g in groups.subjects(SKOS.inScheme, URIRef(ID + "functiegebouw")):
        sources = {str(s) for s in groups.objects(g, DCTERMS.source)}
        assert sources and groups.value(g, DCTERMS.bibliographicCitation) is not None
        if g in members:  # the family page of the group and the repository that recorded the catalogue
            page = str(groups.value(g, URIRef("http://xmlns.com/foaf/0.1/page")))
            assert page.startswith("https://www.functiegebouwrijksoverheid.nl/functiegebouw/functiefamilies/")
            assert {page, "https://github.com/DigiGilde/grip"} <= sources
    # the older entry's source is merged in, not dropped
    assert ("https://www.functiegebouwrijksoverheid.nl/functiegebouw-html/functietyperingvergelijken/504"
            in {str(s) for s in groups.objects(URIRef(ID + "functiegroep/504"), DCTERMS.source)})


# ---------------------------------------------------------------- a fixture catalogue, answers known by hand

MINI = FIXTURES / "catalogue" / "mini.tsv"
A1, A2, A3 = (URIRef(ID + "functiegroep/504"), URIRef(ID + "functiegroep/00000000-0000-4000-8000-0000000000a2"),
              URIRef(ID + "functiegroep/00000000-0000-4000-8000-0000000000a3"))
B1, B2 = URIRef(ID + "functiegroep/527"), URIRef(ID + "functiegroep/567")
B3 = URIRef(ID + "functiegroep/00000000-0000-4000-8000-0000000000b3")
B4 = URIRef(ID + "functiegroep/adviseur-bedrijfsvoering")  # named in the first list: keeps its IRI


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    out = tmp_path_factory.mktemp("mini")
    subprocess.run([sys.executable, str(REFERENCE / "make_reference.py"), str(out), str(MINI), "--only-catalogue"],
                   check=True)
    return out


def test_derived_next_steps_on_a_fixture_catalogue(mini):
    steps = Graph().parse(mini / "loopbaanstappen.ttl")
    got = {(s, o) for s, o in steps.subject_objects(URIRef(FGR + "derivedNextStep"))}
    # Advisering 8-11 -> 11-13 (overlap) -> 14-16 (meets); Bedrijfsvoering: 1-3 has a gap to 5-8;
    # 5-8 -> 7-12 and 8-11, but 7-12 -> 8-11 is no step up; Lijnmanagement 12-15 and 19 do not meet
    assert got == {(A1, A2), (A2, A3), (B1, B3), (B1, B4)}
    activity = steps.value(URIRef(ID + "dataset/loopbaanstappen"), URIRef("http://www.w3.org/ns/prov#wasGeneratedBy"))
    assert "het FGR zegt dit niet" in str(steps.value(activity, URIRef("http://www.w3.org/2000/01/rdf-schema#comment")))


def test_the_iri_stays_when_an_fgr_id_becomes_known(tmp_path):
    learnt = tmp_path / "learnt.tsv"  # (Senior) Adviseur's number is learnt later
    learnt.write_text(MINI.read_text(encoding="utf-8").replace("\t13\t\t00000000", "\t13\t999\t00000000"),
                      encoding="utf-8")
    subprocess.run([sys.executable, str(REFERENCE / "make_reference.py"), str(tmp_path), str(learnt),
                    "--only-catalogue"], check=True)
    g = Graph().parse(tmp_path / "functiegroepen.ttl")
    assert numbers(g, A2) == {999} and str(g.value(A2, SKOS.prefLabel)) == "(Senior) Adviseur"


@pytest.mark.parametrize("row, words", [
    ("x\tX\tGroep\t9\t7\t\t00000000-0000-4000-8000-000000000001\thttps://www.functiegebouwrijksoverheid.nl/"
     "functiegebouw/functiefamilies/x/groep", "schaal range within 1-19"),
    ("x\tX\tGroep\t7\t20\t\t00000000-0000-4000-8000-000000000001\thttps://www.functiegebouwrijksoverheid.nl/"
     "functiegebouw/functiefamilies/x/groep", "schaal range within 1-19"),
    ("x\tX\tGroep\t7\t9\t52a\t00000000-0000-4000-8000-000000000001\thttps://www.functiegebouwrijksoverheid.nl/"
     "functiegebouw/functiefamilies/x/groep", "numeric fgr_id"),
    ("x\tX\tGroep\t7\t9\t\t../../etc\thttps://www.functiegebouwrijksoverheid.nl/functiegebouw/functiefamilies/x/g",
     "UUID"),
    ("x\tX\tGroep\t7\t9\t\t00000000-0000-4000-8000-000000000001\thttps://evil.example/x/g", "family page"),
    ("x\tX\tGroep\t7", "8 tab-separated columns"),
])
def test_a_bad_catalogue_row_is_one_line_naming_file_and_line(tmp_path, row, words):
    bad = tmp_path / "bad.tsv"
    bad.write_text(MINI.read_text(encoding="utf-8").splitlines()[0] + "\n" + row + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    r = subprocess.run([sys.executable, str(REFERENCE / "make_reference.py"), str(out), str(bad), "--only-catalogue"],
                       capture_output=True, text=True)
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.count("\n") == 1 and "bad.tsv:2: expected" in r.stderr and words in r.stderr
    assert list(out.iterdir()) == []  # nothing half-written


@pytest.fixture(scope="module")
def store(tmp_path_factory, mini):
    """A profile text converted as 538 (schaal 10-13, not in the fixture catalogue) beside it."""
    data = tmp_path_factory.mktemp("data")
    conv = convert(FIXTURES / "variants" / "scores-above-3.txt",
                   meta=Meta(functiegroep_id=538, label="Wetenschappelijk Medewerker"))
    write_graph(conv.triples, data / "538.ttl")
    # only the ontology and the fixture catalogue: not the shipped reference data
    return functiegebouw.open([*ontology_files(), data, mini], ontology=False,
                              store_dir=tmp_path_factory.mktemp("store"))


def test_which_functiegroepen_cover_schaal_11(store):
    assert [tuple(r) for r in store.query("functiegroepen-per-schaal", {"schaal": 11}).rows] == [
        (504, "Medewerker Advisering", "Advisering", True, "8–11", "referentie"),
        (538, "Wetenschappelijk Medewerker", None, None, None, "profieltekst"),
        (None, "(Senior) Adviseur", "Advisering", True, "11–13", "referentie"),
        (None, "Adviseur Bedrijfsvoering", "Bedrijfsvoering", True, "8–11", "referentie"),
        (None, "Trainer", "Bedrijfsvoering", True, "7–12", "referentie")]


def test_schaal_19_without_known_id(store):
    rows = [tuple(r) for r in store.query("functiegroepen-per-schaal", {"schaal": 19}).rows]
    assert rows == [(None, "Topmanager-generaal", "Lijnmanagement", True, "19", "referentie")]
