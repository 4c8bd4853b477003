"""SSSOM that SSSOM tools read: our TSV is what sssom-py writes, our RDF is what sssom-py reads back to the
same TSV, `sssom validate` passes on every TSV, and bad SSSOM input is refused with its file and line."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.links import mappings as links
from functiegebouw.links import sssom
from support import ROOT

MAPPINGS = ROOT / "data" / "mappings"
TSVS = sorted(MAPPINGS.glob("*.sssom.tsv"))
sssom_py = pytest.importorskip("sssom", reason="sssom (sssom-py) is a test dependency: pip install -e '.[test]'")

HEADER = """# curie_map:
#   fgrid: https://w3id.org/functiegebouw/id/
#   ESCO.skill: http://data.europa.eu/esco/skill/
# license: https://creativecommons.org/licenses/by/4.0/
# mapping_date: 2026-12-01
# mapping_set_id: https://w3id.org/functiegebouw/mappings/test
subject_id\tsubject_label\tpredicate_id\tobject_id\tobject_label\tmapping_justification\tconfidence\tcomment
"""
ROWS = ["fgrid:competentie/luisteren\tLuisteren\tskos:closeMatch\tESCO.skill:a17286c5-238d-4f0b-bc24-29e9121345de\t"
        "listen actively\tsemapv:ManualMappingCuration\t0.9\tA comment with 'quotes', a tab-free \"double\" quote.",
        "fgrid:competentie/flexibiliteit\tFlexibiliteit\tskos:relatedMatch\tESCO.skill:49de9958-2aa4-4eef-a89d-fe5d5bcd28c4\t"
        "adapt to change\tsemapv:ManualMappingCuration\t0.6\t"]


def fixture_set(tmp_path) -> sssom.MappingSet:
    path = tmp_path / "test.sssom.tsv"
    path.write_text(HEADER + "\n".join(ROWS) + "\n", encoding="utf-8")
    s = sssom.read_sssom(path)
    for m in s.mappings:
        m.object_source = "http://data.europa.eu/esco/concept-scheme/skills"
        m.object_source_version = "ESCO v1.0.x"
    s.metadata["curie_map"].update(links.SET_PREFIXES)
    sssom.mint(s)
    return s


def sssom_py_tsv(msdf) -> str:
    from sssom.writers import write_table

    out = io.StringIO()
    write_table(msdf, out)
    return out.getvalue()


def from_rdf(path: Path):
    from sssom.parsers import parse_sssom_rdf

    msdf = parse_sssom_rdf(str(path))
    msdf.clean_prefix_map(strict=True)  # as `sssom parse` does: rdflib binds ~30 prefixes of its own
    return msdf


def without_date_quotes(text: str) -> str:
    # sssom-py itself writes mapping_date quoted when it read it from TSV and unquoted when from RDF (a
    # date object); the value is the same
    return text.replace("# mapping_date: '", "# mapping_date: ").replace("'\n# mapping_set_desc", "\n# mapping_set_desc")


def roundtrip(tsv: Path, ttl: Path) -> tuple[str, str, str]:
    from sssom.parsers import parse_sssom_table

    ours = tsv.read_text(encoding="utf-8")
    return ours, sssom_py_tsv(parse_sssom_table(str(tsv))), sssom_py_tsv(from_rdf(ttl))


def normal(text: str) -> str:
    import re

    return re.sub(r"^# mapping_date: '?(\d{4}-\d\d-\d\d)'?$", r"# mapping_date: \1", text, flags=re.M)


def test_a_set_round_trips_through_our_rdf_and_sssom_py(tmp_path):
    s = fixture_set(tmp_path)
    tsv = tmp_path / "out.sssom.tsv"
    sssom.write_sssom(tsv, s.metadata, s.mappings)
    ttl = tmp_path / "out.ttl"
    ttl.write_text(sssom.to_triples(s).to_turtle(sssom.rdf_prefixes(s)), encoding="utf-8")
    ours, via_table, via_rdf = roundtrip(tsv, ttl)
    assert via_table == ours            # byte for byte what sssom-py writes
    assert normal(via_rdf) == normal(ours)
    assert "record_id" in ours.splitlines()[-1] or "fgrmapping:test/" in ours
    back = sssom.read_sssom(tsv)
    assert [m.key for m in back.mappings] == sorted(m.key for m in s.mappings)
    assert {m.record_id for m in back.mappings} == {m.record_id for m in s.mappings}


@pytest.mark.parametrize("tsv", TSVS, ids=lambda p: p.name)
def test_the_committed_mappings_round_trip(tsv):
    ttl = tsv.with_name(tsv.name[: -len(".sssom.tsv")] + ".ttl")
    ours, via_table, via_rdf = roundtrip(tsv, ttl)
    assert via_table == ours
    assert normal(via_rdf) == normal(ours)
    assert len(from_rdf(ttl).df) == len(sssom.read_sssom(tsv).mappings) > 0


ENTITY_SLOTS = ("subject_id", "predicate_id", "object_id", "mapping_justification", "author_id", "reviewer_id",
                "creator_id", "object_source", "subject_source", "record_id")


@pytest.mark.parametrize("tsv", TSVS, ids=lambda p: p.name)
def test_sssom_validate_passes(tsv):
    """`sssom validate` in process (what the CLI runs), plus what it lets through but its RDF and JSON
    writers reject ("Slot 'object_source' has an incorrect value"): an entity slot that is not a CURIE."""
    from sssom.io import validate_file
    from sssom.parsers import parse_sssom_table

    reports = validate_file(str(tsv), fail_on_error=True)
    assert all(not r.results for r in reports.values())
    msdf = parse_sssom_table(str(tsv))
    prefixes = set(msdf.converter.prefix_map)
    values = [v for slot in ENTITY_SLOTS if slot in msdf.df for v in msdf.df[slot].dropna()]
    values += [v for slot in ENTITY_SLOTS for v in ([msdf.metadata[slot]] if isinstance(msdf.metadata.get(slot), str)
                                                     else msdf.metadata.get(slot, []))]
    for value in values:
        for curie in str(value).split("|"):
            assert not curie.startswith("http") and curie.partition(":")[0] in prefixes, curie


def test_the_rdf_form_has_what_sssom_tools_expect(tmp_path):
    from rdflib import Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, OWL, RDF, XSD

    s = fixture_set(tmp_path)
    g = Graph().parse(data=sssom.to_triples(s).to_turtle(sssom.rdf_prefixes(s)), format="turtle")
    SSSOM, PAV = Namespace(sssom.SSSOM), Namespace(sssom.PAV)
    set_iri = URIRef(s.id)
    records = set(g.objects(set_iri, SSSOM.mappings))
    assert records == {URIRef(m.record_id) for m in s.mappings} and len(records) == 2
    assert all(str(r).startswith(sssom.MAPPING_ID + "test/") for r in records)
    assert g.value(set_iri, DCTERMS.created) == Literal("2026-12-01", datatype=XSD.date)
    for m in s.mappings:
        node = URIRef(m.record_id)
        assert (node, RDF.type, OWL.Axiom) in g and g.value(node, OWL.annotatedTarget) == URIRef(m.object)
        assert (URIRef(m.subject), URIRef(m.predicate), URIRef(m.object)) in g
    assert set(g.objects(None, PAV.authoredBy)) == set()  # the fixture has no author_id
    assert "_:" not in sssom.to_triples(s).to_turtle(sssom.rdf_prefixes(s))


def test_the_metadata_block_is_yaml_and_a_bad_one_is_refused_with_its_line(tmp_path):
    bad = HEADER.replace("# mapping_set_id: https://w3id.org/functiegebouw/mappings/test",
                         "# mapping_set_id: https://w3id.org/functiegebouw/mappings/test\n"
                         "# mapping_set_description: spans levels: it overlaps each")
    path = tmp_path / "bad.sssom.tsv"
    path.write_text(bad + ROWS[0] + "\n", encoding="utf-8")
    with pytest.raises(FgrError) as err:
        sssom.read_sssom(path)
    assert err.value.line == 7 and "not valid YAML" in err.value.message


@pytest.mark.parametrize("line,cell,new,message", [
    (2, "fgrid:", "nope:", "prefix 'nope' is not in the curie_map"),
    (3, "skos:closeMatch", "skos:sameAs", "not a SKOS mapping property"),
    (3, "semapv:ManualMappingCuration", "semapv:Guessing", "not a semapv term"),
    (3, "\t0.9\t", "\t1.5\t", "not a number from 0 to 1"),
])
def test_bad_rows_are_refused_with_file_and_line(tmp_path, line, cell, new, message):
    path = tmp_path / "bad.sssom.tsv"
    path.write_text(HEADER + ROWS[0].replace(cell, new, 1) + "\n", encoding="utf-8")
    with pytest.raises(FgrError) as err:
        sssom.read_sssom(path)
    assert err.value.line == 8 and message in err.value.message


def test_a_record_id_is_stable_and_depends_on_the_mapping_only():
    key = ("https://w3id.org/functiegebouw/id/competentie/luisteren", sssom.SKOS + "closeMatch", "http://x/y")
    assert sssom.record_iri("competenties", key) == sssom.record_iri("competenties", key)
    assert sssom.record_iri("competenties", key) != sssom.record_iri("competenties", key[:2] + ("http://x/z",))
