"""Each SPARQL constraint of QualityProfileCompetencyMatchShape gives a finding once (issue 26: Jena,
which does not merge equal results as pySHACL does, reported one twice): its queries SELECT DISTINCT.
Counted on the query results themselves, the rows every SHACL engine turns into results."""
from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from support import FIXTURES, ROOT

SHAPE = URIRef("https://w3id.org/functiegebouw/shapes#QualityProfileCompetencyMatchShape")
QP = URIRef("https://w3id.org/functiegebouw/id/functiegroep/1/kwaliteitenprofiel/schaal-5")
# The fixture's kwaliteitenprofiel, reached from a second functiegroep too (that, like the first, lacks
# Flexibiliteit and asks for Luisteren): each finding has two ways to be found.
SECOND_GROUP = """
<https://w3id.org/functiegebouw/id/functiegroep/2> a fgr:JobGroup ; fgr:fgrId 2 ;
    fgr:qualityProfile <https://w3id.org/functiegebouw/id/functiegroep/1/kwaliteitenprofiel/schaal-5> ;
    fgr:requiresCompetency <https://w3id.org/functiegebouw/id/competentie/luisteren> .
"""


@pytest.fixture(scope="module")
def queries() -> list[str]:
    shapes = Graph().parse(ROOT / "ontology" / "shapes.ttl", format="turtle")
    prefixes = "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                       for d in shapes.objects(None, SH.declare))
    return [prefixes + str(shapes.value(c, SH.select)) for c in shapes.objects(SHAPE, SH.sparql)]


def rows(query: str) -> list[tuple]:
    data = Graph().parse(data=(FIXTURES / "shapes" / "QualityProfileCompetencyMatchShape.fail.ttl")
                         .read_text(encoding="utf-8") + SECOND_GROUP, format="turtle")
    return [tuple(map(str, row)) for row in data.query(query, initBindings={"this": QP})]


def test_each_finding_once(queries):
    assert len(queries) == 2
    found = [rows(q) for q in queries]
    flexibility = [r for r in found[0] if r[1].endswith("/flexibiliteit")]
    listening = [r for r in found[1] if r[1].endswith("/luisteren")]
    assert len(flexibility) == 1 and len(listening) == 1
    assert all(len(r) == len(set(r)) for r in found)


def test_without_distinct_the_data_would_repeat_them(queries):
    """The data above does exercise the case: the same queries without DISTINCT repeat the rows."""
    plain = [re.sub(r"SELECT\s+DISTINCT", "SELECT", q, count=1) for q in queries]
    assert all(p != q for p, q in zip(plain, queries, strict=True))
    found = [rows(q) for q in plain]
    assert len([r for r in found[0] if r[1].endswith("/flexibiliteit")]) == 2
    # the second query repeats each row once per competency of the kwaliteitenprofiel (?any) too
    assert len([r for r in found[1] if r[1].endswith("/luisteren")]) == 4
