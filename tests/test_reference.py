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


def test_known_functiegroepen_no_invented_id(groups):
    members = set(groups.subjects(SKOS.inScheme, URIRef(ID + "functiegebouw")))
    ids = {int(n) for g in members for n in groups.objects(g, SKOS.notation)}
    assert ids == KNOWN_IDS
    without = sorted(str(groups.value(g, SKOS.prefLabel)) for g in members if groups.value(g, SKOS.notation) is None)
    assert without == ["Adviseur Bedrijfsvoering", "Coördinerend Beleidsmedewerker", "Project-/Programmadirecteur",
                       "Topmanager", "Topmanager-generaal"]
    for g in members:  # every entry has its source and at least one schaal
        assert groups.value(g, DCTERMS.source) is not None and groups.value(g, DCTERMS.bibliographicCitation)
        assert list(groups.objects(g, URIRef(FGR + "coversScale")))


def test_uncertain_facts_are_marked(groups):
    g504 = URIRef(ID + "functiegroep/504")
    assert groups.value(g504, URIRef(FGR + "jobFamily")) is None
    assert groups.value(g504, URIRef(FGR + "probableJobFamily")) == URIRef(ID + "functiefamilie/advisering")
    assert groups.value(g504, URIRef(FGR + "scaleCoverage")) == URIRef(FGR + "coverageAtLeast")
    g511 = URIRef(ID + "functiegroep/511")
    assert groups.value(g511, URIRef(FGR + "jobFamily")) == URIRef(ID + "functiefamilie/lijnmanagement")
    assert groups.value(g511, URIRef(FGR + "scaleCoverage")) == URIRef(FGR + "coverageComplete")
    assert len(list(groups.objects(g511, URIRef(FGR + "coversScale")))) == 5  # 7-11


@pytest.fixture(scope="module")
def store(tmp_path_factory, fresh):
    """A profile text converted as 538 (schaal 10-13) beside the reference data."""
    data = tmp_path_factory.mktemp("data")
    conv = convert(FIXTURES / "variants" / "scores-above-3.txt",
                   meta=Meta(functiegroep_id=538, label="Wetenschappelijk Medewerker"))
    write_graph(conv.triples, data / "538.ttl")
    return functiegebouw.open([data, fresh], store_dir=tmp_path_factory.mktemp("store"))


def test_which_functiegroepen_cover_schaal_11(store):
    assert [tuple(r) for r in store.query("functiegroepen-per-schaal", {"schaal": 11}).rows] == [
        (511, "Operationeel Manager", "Lijnmanagement", True, "7–11", "referentie"),
        (533, "Projectleider", "Project-/Programmamanagement", True, "9–11", "referentie"),
        (538, "Wetenschappelijk Medewerker", "Kennis en Onderzoek", True, "10–13", "profieltekst"),
        (560, "Expert Iv", None, None, "≥ 11–12", "referentie"),
        (None, "Adviseur Bedrijfsvoering", "Bedrijfsvoering", True, "8–11", "referentie")]


def test_schaal_16_to_19_without_known_ids(store):
    rows = [tuple(r) for r in store.query("functiegroepen-per-schaal", {"schaal": 19}).rows]
    assert rows == [(None, "Topmanager-generaal", "Lijnmanagement", True, "19", "referentie")]
    rows = [tuple(r)[:2] for r in store.query("functiegroepen-per-schaal", {"schaal": 8}).rows]
    assert (504, "Medewerker Advisering") in rows and all(r[0] != 538 for r in rows)
