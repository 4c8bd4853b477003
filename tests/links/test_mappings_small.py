"""`fgr link build` and `fgr link check` on a vocabulary and mapping sets written in the test (three invented
ISCO-08 groups, two BRC 2014 beroepsgroepen, one ESCO occupation): which chain wins, what is not chained,
where the chained set's metadata comes from, the files written, and what check reports (issue 27: mutants of
links/mappings.py that the project-data tests did not notice)."""
from __future__ import annotations

from pathlib import Path

import pytest

from functiegebouw.links import mappings as link
from support import FIXTURES

FGR = "https://w3id.org/functiegebouw/def#"

VOCAB = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix esco: <http://data.europa.eu/esco/model#> .
@prefix isco: <http://data.europa.eu/esco/isco/> .
@prefix brc: <https://w3id.org/functiegebouw/id/brc2014/beroepsgroep/> .
@prefix scheme: <http://data.europa.eu/esco/concept-scheme/> .

isco:C9991 skos:inScheme scheme:isco ; skos:notation "9991" ; skos:prefLabel "Proef A"@en ;
    skos:broadMatch brc:9901 .
isco:C9992 skos:inScheme scheme:isco ; skos:notation "9992" ; skos:prefLabel "Proef B"@en ;
    skos:closeMatch brc:9901 .
isco:C9993 skos:inScheme scheme:isco ; skos:notation "9993" ; skos:prefLabel "Proef C"@en ;
    skos:narrowMatch brc:9901 .
brc:9901 a skos:Concept ; skos:inScheme <https://w3id.org/functiegebouw/id/brc2014> ; skos:notation "9901" ;
    skos:prefLabel "Proefgroep een"@nl .
brc:9902 a skos:Concept ; skos:inScheme <https://w3id.org/functiegebouw/id/brc2014> ; skos:notation "9902" ;
    skos:prefLabel "Proefgroep twee"@nl .
<https://w3id.org/functiegebouw/id/brc2014/beroepsgroepen> skos:member brc:9901, brc:9902 .
<http://data.europa.eu/esco/occupation/proef> a esco:Occupation ; skos:inScheme scheme:occupations ;
    skos:prefLabel "trial occupation"@en .
"""

ROWS = [  # subject, predicate, object, justification, confidence
    ("9001", "exactMatch", "ISCO08:9991", "ManualMappingCuration", "0.8"),  # reaches 9901 broadMatch
    ("9001", "exactMatch", "ISCO08:9992", "ManualMappingCuration", "0.8"),  # reaches 9901 closeMatch: stronger
    ("9004", "exactMatch", "ISCO08:9993", "ManualMappingCuration", "0.8"),  # reaches 9901 narrowMatch: as strong
    ("9004", "exactMatch", "ISCO08:9991", "ManualMappingCuration", "0.8"),  # as broadMatch: the lower group wins
    ("9002", "relatedMatch", "ISCO08:9992", "ManualMappingCuration", "0.9"),  # an overlap: never chained
    ("9003", "relatedMatch", "ESCO.occupation:proef", "ManualMappingCuration", "0.5"),  # no ISCO-08 link
    ("9001", "closeMatch", "BRC2014:beroepsgroep/9902", "MappingChaining", "0.8"),  # a chain that leads nowhere
]


def _set(header: list[str], rows, version: str, name: str) -> str:
    meta = [line.replace("'2026-12-01'", f"'{version}'") if line.startswith("# mapping_set_version") else line
            for line in header]
    meta = [line.replace("mappings/functiegroepen", f"mappings/{name}") for line in meta]
    meta.insert(meta.index("# curie_map:") + 1, "#   BRC2014: https://w3id.org/functiegebouw/id/brc2014/")
    out = []
    for subject, predicate, obj, why, confidence in rows:
        out.append("\t".join([f"fgrid:functiegroep/{subject}", f"Proef {subject}", f"skos:{predicate}", obj, "",
                              f"semapv:{why}", "fgrid:agent/functiegebouw-project", "", "", confidence,
                              "invented for the test", ""]))
    return "\n".join(meta + out) + "\n"


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("links")
    lines = (FIXTURES / "mappings" / "functiegroepen.sssom.tsv").read_text(encoding="utf-8").splitlines()
    at = next(n for n, line in enumerate(lines) if line.startswith("subject_id"))
    header = lines[: at + 1]
    mappings, vocab, data = root / "mappings", root / "vocab", root / "data"
    for folder in (mappings, vocab, data):
        folder.mkdir()
    (vocab / "proef.ttl").write_text(VOCAB, encoding="utf-8")
    (mappings / "functiegroepen.sssom.tsv").write_text(_set(header, ROWS, "2026-12-01", "functiegroepen"),
                                                       encoding="utf-8")
    # a second curated set whose name sorts first: the chained set still takes its metadata from functiegroepen
    (mappings / "beroepen.sssom.tsv").write_text(_set(header, ROWS[5:6], "1999-01-01", "beroepen"), encoding="utf-8")
    (data / "groepen.ttl").write_text("".join(f"<https://w3id.org/functiegebouw/id/functiegroep/{g}> a <{FGR}JobGroup> .\n"
                                              for g in ("9001", "9002", "9003", "9004")), encoding="utf-8")
    return mappings, vocab, data


@pytest.fixture(scope="module")
def built(folders) -> dict[Path, str]:
    mappings, vocab, _ = folders
    return link.build(mappings, vocab)  # writes by default


def test_build_writes_what_it_returns(folders, built):
    mappings, _, _ = folders
    assert mappings / f"{link.CHAINED}.sssom.tsv" in built and mappings / "link-targets.ttl" in built
    for path, text in built.items():
        assert path.read_text(encoding="utf-8") == text


def test_the_stronger_chain_wins_not_the_lower_isco_group(folders, built):
    mappings, _, _ = folders
    text = built[mappings / f"{link.CHAINED}.sssom.tsv"]
    rows = [line.split("\t") for line in text.splitlines() if line.startswith("fgrid:")]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("fgrid:functiegroep/9001", "skos:closeMatch", "BRC2014:beroepsgroep/9901"),  # not 9002's relatedMatch
        ("fgrid:functiegroep/9004", "skos:broadMatch", "BRC2014:beroepsgroep/9901")]
    assert "ISCO-08 9992" in rows[0][-2] and "ISCO-08 9991" not in rows[0][-2]
    assert "ISCO-08 9991" in rows[1][-2] and "ISCO-08 9993" not in rows[1][-2]


def test_the_chained_set_takes_its_metadata_from_the_functiegroepen_set(folders, built):
    mappings, _, _ = folders
    text = built[mappings / f"{link.CHAINED}.sssom.tsv"]
    assert "# mapping_set_version: '2026-12-01'" in text and "1999-01-01" not in text


def test_check_reports_a_broken_chain_and_a_group_without_isco_link(folders, built):
    mappings, vocab, data = folders
    problems = [str(p) for p in link.check(mappings, vocab, [data])]
    functiegroepen = mappings / "functiegroepen.sssom.tsv"
    line = 1 + next(n for n, row in enumerate(functiegroepen.read_text(encoding="utf-8").splitlines())
                    if "beroepsgroep/9902" in row)
    broken = [p for p in problems if "chained mapping to" in p]
    assert broken == [f"{functiegroepen}:{line}: chained mapping to "
                      "https://w3id.org/functiegebouw/id/brc2014/beroepsgroep/9902: no curated mapping of "
                      "https://w3id.org/functiegebouw/id/functiegroep/9001 leads there through vocabulary mappings"]
    warnings = [p for p in problems if "warning:" in p]
    assert warnings == [f"{mappings}: warning: functiegroep https://w3id.org/functiegebouw/id/functiegroep/9003 has "
                        "no ISCO-08 link yet (`fgr link suggest --kind functiegroep` proposes candidates)"]
    # an ISCO-08 group with a scheme but no rdf:type exists; SKOS-mapped functiegroepen are fine
    assert problems == broken + warnings


def test_a_chain_composes_its_relations_as_skos_reads_them():
    """The chained row's predicate: exactMatch passes the other through, closeMatch gives way to the other,
    equal relations stay, broad with narrow (either way) and anything with relatedMatch give relatedMatch."""
    S = link.SKOS
    table = {("closeMatch", "broadMatch"): "broadMatch", ("broadMatch", "closeMatch"): "broadMatch",
             ("closeMatch", "narrowMatch"): "narrowMatch", ("narrowMatch", "closeMatch"): "narrowMatch",
             ("closeMatch", "closeMatch"): "closeMatch", ("broadMatch", "broadMatch"): "broadMatch",
             ("narrowMatch", "narrowMatch"): "narrowMatch", ("broadMatch", "narrowMatch"): "relatedMatch",
             ("narrowMatch", "broadMatch"): "relatedMatch", ("exactMatch", "narrowMatch"): "narrowMatch",
             ("broadMatch", "exactMatch"): "broadMatch", ("relatedMatch", "closeMatch"): "relatedMatch",
             ("exactMatch", "relatedMatch"): "relatedMatch"}
    assert {pq: link.compose(S + pq[0], S + pq[1]) for pq in table} == {pq: S + r for pq, r in table.items()}
