"""Every link shape (ontology/shapes-links.ttl) against its conforming and non-conforming fixture."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from functiegebouw.validation.shacl import validate
from support import ROOT, FIXTURES

SH = Namespace("http://www.w3.org/ns/shacl#")
LSH = "https://w3id.org/functiegebouw/shapes-links#"
SHAPE_DIR = FIXTURES / "shapes_links"
SHAPES = Graph().parse(ROOT / "ontology" / "shapes-links.ttl", format="turtle")
NAMES = sorted(str(s)[len(LSH):] for t in (SH.NodeShape, SH.PropertyShape)
               for s in SHAPES.subjects(RDF.type, t) if str(s).startswith(LSH))


def expectations(path: Path) -> set[tuple[str, str]]:
    return {(m.group(1), m.group(2)) for m in re.finditer(r"^# expect: (Violation|Warning|Info) (\S+)$",
                                                           path.read_text(encoding="utf-8"), flags=re.M)}


def link_findings(result):
    return [f for f in result.findings if f.shape.startswith(LSH)]


def test_shapes_are_named_labelled_and_have_messages_in_both_languages():
    assert len(NAMES) == 8
    for name in NAMES:
        shape = URIRef(LSH + name)
        assert {l.language for l in SHAPES.objects(shape, RDFS.label)} == {"nl", "en"}
        holders = list(SHAPES.objects(shape, SH.sparql)) or [shape]
        for holder in holders:
            assert {m.language for m in SHAPES.objects(holder, SH.message)} == {"nl", "en"}, name
    assert {p.name.split(".")[0] for p in SHAPE_DIR.glob("*.ttl")} == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_conforming_fixture(name):
    result = validate([SHAPE_DIR / f"{name}.pass.ttl"])
    assert link_findings(result) == []


@pytest.mark.parametrize("name", NAMES)
def test_non_conforming_fixture_fires_exactly_that_shape(name):
    path = SHAPE_DIR / f"{name}.fail.ttl"
    expected = expectations(path)
    assert expected
    found = link_findings(validate([path]))
    assert {(f.severity, f.focus) for f in found if f.shape_name == name} == expected
    assert [f.shape_name for f in found if f.shape_name != name] == []
    for f in found:
        assert f.message and "{?" not in f.message and "{$" not in f.message


def test_the_project_links_conform_and_the_link_shapes_run_on_them():
    """data/ (whatever profiles it holds): no link finding but the ISCO-08 Warning of a functiegroep
    nobody has linked yet; 527's curated links are complete."""
    result = validate([ROOT / "data"])
    assert result.passes
    unlinked = [f for f in link_findings(result) if f.shape_name == "JobGroupIscoLinkShape" and f.severity == "Warning"]
    assert [f for f in link_findings(result) if f not in unlinked] == []
    assert "https://w3id.org/functiegebouw/id/functiegroep/527" not in {f.focus for f in unlinked}
    assert any(p.endswith("data/mappings/link-targets.ttl") for p in result.files)


def test_a_profile_without_isco_link_is_a_warning_naming_the_command(fgr_data):
    """A new, unlinked profile (fixture 604) validated with the curated links: correct, with one Warning."""
    result = validate([fgr_data / "medewerker-servicedesk.ttl", *sorted((fgr_data / "mappings").glob("*.ttl"))])
    fired = {(f.severity, f.shape_name, f.focus) for f in link_findings(result)}
    assert fired == {("Warning", "JobGroupIscoLinkShape", "https://w3id.org/functiegebouw/id/functiegroep/604")}
    assert result.passes and result.violations == []  # recommended, not required
    (warning,) = [f for f in result.warnings if f.shape_name == "JobGroupIscoLinkShape"]
    assert "`fgr link suggest --kind functiegroep` proposes candidates" in warning.message
