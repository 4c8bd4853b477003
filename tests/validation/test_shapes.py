"""Every SHACL shape against its own conforming and non-conforming fixture in tests/fixtures/shapes/."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS

from functiegebouw.validation.shacl import shape_files, validate
from support import FIXTURES

SH = Namespace("http://www.w3.org/ns/shacl#")
FGR_SH = "https://w3id.org/functiegebouw/shapes#"
SHAPE_DIR = FIXTURES / "shapes"


def load_shapes() -> Graph:
    g = Graph()
    for path in shape_files():
        g.parse(path, format="turtle")
    return g


SHAPES = load_shapes()
SHAPE_NAMES = sorted(str(s)[len(FGR_SH):] for t in (SH.NodeShape, SH.PropertyShape)
                     for s in SHAPES.subjects(RDF.type, t) if str(s).startswith(FGR_SH))


def expectations(path: Path) -> set[tuple[str, str]]:
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"# expect: (Violation|Warning|Info) (\S+)$", line)
        if m:
            found.add((m.group(1), m.group(2)))
    return found


def test_there_are_shapes_and_every_one_is_named_in_the_shapes_namespace():
    assert len(SHAPE_NAMES) >= 25
    anonymous_targets = [s for s in SHAPES.subjects(SH.targetClass, None) if not isinstance(s, URIRef)]
    assert anonymous_targets == []


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_shape_has_labels_and_messages_in_dutch_and_english(name):
    shape = URIRef(FGR_SH + name)
    labels = {l.language for l in SHAPES.objects(shape, RDFS.label)}
    assert {"nl", "en"} <= labels
    holders = [shape, *SHAPES.objects(shape, SH.sparql)]
    for holder in holders:
        if holder == shape and SHAPES.value(shape, SH.sparql) is not None:
            continue  # the messages of a SHACL-SPARQL shape sit on its constraints
        assert {m.language for m in SHAPES.objects(holder, SH.message)} >= {"nl", "en"}, holder
    assert SHAPES.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info)


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_conforming_fixture_raises_nothing(name):
    path = SHAPE_DIR / f"{name}.pass.ttl"
    assert path.exists(), f"no conforming fixture for {name}"
    result = validate([path])
    assert [f for f in result.findings if f.shape_name == name] == []
    assert result.violations == []
    assert result.passes


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_non_conforming_fixture_fires_exactly_that_shape(name):
    path = SHAPE_DIR / f"{name}.fail.ttl"
    assert path.exists(), f"no non-conforming fixture for {name}"
    expected = expectations(path)
    assert expected, f"{path.name} states no expectation"
    result = validate([path])
    fired = {(f.severity, f.focus) for f in result.findings if f.shape_name == name}
    assert fired == expected
    others = [(f.shape_name, f.focus) for f in result.violations if f.shape_name != name]
    assert others == []
    assert result.passes == (not any(sev == "Violation" for sev, _ in expected))
    for f in result.findings:
        assert f.message and "{?" not in f.message and "{$" not in f.message


def test_every_fixture_belongs_to_a_shape():
    names = {p.name.split(".")[0] for p in SHAPE_DIR.glob("*.ttl")}
    assert names == set(SHAPE_NAMES)


def test_shapes_pass_the_shacl_meta_shapes():
    import pyshacl

    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=SHAPES, meta_shacl=True)
    assert conforms, text


def test_messages_name_the_offending_values():
    result = validate([SHAPE_DIR / "TypificationTotalSumShape.fail.ttl"], lang="en")
    above, below = sorted((f for f in result.findings if f.shape_name == "TypificationTotalSumShape"),
                          key=lambda f: f.focus)
    assert above.message == ('Functietypering Testgroep schaal 5: the stated total is 30, but the 14 scores of the code '
                             '"22222 22222 22 22 (30)" add up to 28.')
    assert (above.value, below.value) == ("30", "31")
    assert "schaal 6: the stated total is 31" in below.message and "add up to 32" in below.message
    result = validate([SHAPE_DIR / "QualityProfileCompetencyMatchShape.fail.ttl"], lang="nl")
    messages = sorted(f.message for f in result.warnings if f.shape_name == "QualityProfileCompetencyMatchShape")
    assert len(messages) == 2
    assert "\"Flexibiliteit\" staat in het kwaliteitenprofiel maar niet" in messages[0]
    assert "\"Luisteren\" staat in het kernprofiel" in messages[1]


@pytest.mark.parametrize("name", ["TypificationScoreCountShape", "QualityProfileCompetencyMatchShape",
                                  "StatementTextShape", "TypificationTotalOrderShape", "PlaceholderShape"])
def test_rdfs_inference_gives_the_same_findings(name):
    path = SHAPE_DIR / f"{name}.fail.ttl"
    plain = validate([path], inference="none").findings
    assert validate([path], inference="rdfs").findings == plain


@pytest.mark.parametrize("name, labels", [
    ("JobGroupResultAreaShape", ["Vernieuwen en verbeteren"]),
    ("JobGroupIndicatorAreaShape", ["Opdracht(gever)(ambtelijk)"]),
    ("TypificationBlockShape", ["Contacten"]),
    ("TypificationCharacteristicShape", ["Effect van de werkzaamheden", "Aanpak van de werkzaamheden"]),
])
def test_messages_name_the_missing_part_by_its_dutch_label(name, labels):
    """The FGR terms stay Dutch in both languages' messages (the shapes pick the @nl label)."""
    result = validate([SHAPE_DIR / f"{name}.fail.ttl"], lang="nl")
    messages = [f.messages for f in result.findings if f.shape_name == name]
    assert len(messages) == len(labels)
    for label in labels:
        assert any(label in m["nl"] and label in m["en"] for m in messages), (label, messages)
