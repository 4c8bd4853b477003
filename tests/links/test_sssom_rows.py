"""links/sssom.py row by row, without sssom-py: confidence from 0 to 1 inclusive, set-level propagatable
slots filled into the rows that leave them empty (and kept through a rewrite), one row per mapping
(issue 27's SSSOM survivors). Each refusal names the file and line."""
from __future__ import annotations

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.links import sssom

SOURCE_A = "http://data.europa.eu/esco/concept-scheme/skills"
SOURCE_B = "http://data.europa.eu/esco/concept-scheme/occupations"
META = """# curie_map:
#   fgrid: https://w3id.org/functiegebouw/id/
#   ESCO.skill: http://data.europa.eu/esco/skill/
# license: https://creativecommons.org/licenses/by/4.0/
# mapping_set_id: https://w3id.org/functiegebouw/mappings/test
"""
COLUMNS = ["subject_id", "predicate_id", "object_id", "mapping_justification", "confidence", "object_source"]


def row(n: int, confidence: str = "", source: str = "", obj: str | None = None) -> str:
    return "\t".join([f"fgrid:competentie/c{n}", "skos:closeMatch", obj or f"ESCO.skill:s{n}",
                      "semapv:ManualMappingCuration", confidence, source])


def written(tmp_path, rows, meta: str = META, name: str = "t.sssom.tsv"):
    path = tmp_path / name
    path.write_text(meta + "\t".join(COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("confidence, value", [("0.0", 0.0), ("0", 0.0), ("-0", 0.0), ("1.0", 1.0), ("1", 1.0),
                                                ("0.5", 0.5)])
def test_a_confidence_from_0_to_1_inclusive_is_kept(tmp_path, confidence, value):
    s = sssom.read_sssom(written(tmp_path, [row(1, confidence), row(2)]))
    assert [m.confidence for m in s.mappings] == [value, None]
    sssom.mint(s)
    sssom.write_sssom(tmp_path / "out.sssom.tsv", s.metadata, s.mappings)
    assert sssom.read_sssom(tmp_path / "out.sssom.tsv").mappings[0].confidence == value


@pytest.mark.parametrize("confidence", ["-0.1", "1.01", "x", "nan", "inf"])
def test_a_confidence_outside_0_to_1_is_refused_with_its_line(tmp_path, confidence):
    path = written(tmp_path, [row(1, "0.3"), row(2, confidence)])
    with pytest.raises(FgrError) as err:
        sssom.read_sssom(path)
    assert (err.value.path, err.value.line) == (str(path), 8)
    assert f"confidence {confidence!r} is not a number from 0 to 1" in err.value.message


def test_a_set_level_source_fills_the_rows_that_leave_it_empty(tmp_path):
    meta = META + f"# object_source: {SOURCE_A}\n# object_source_version: ESCO v1.2.0\n"
    path = written(tmp_path, [row(1, source=SOURCE_B), row(2), row(3)], meta=meta)
    s = sssom.read_sssom(path)
    assert [m.object_source for m in s.mappings] == [SOURCE_B, SOURCE_A, SOURCE_A]
    assert [m.object_source_version for m in s.mappings] == ["ESCO v1.2.0"] * 3
    # rewritten, no row loses its source: the rows differ, so each carries its own
    sssom.mint(s)
    sssom.write_sssom(tmp_path / "out.sssom.tsv", s.metadata, s.mappings)
    again = sssom.read_sssom(tmp_path / "out.sssom.tsv")
    assert [m.object_source for m in again.mappings] == [SOURCE_B, SOURCE_A, SOURCE_A]
    # and in RDF every mapping names its source
    triples = {(s_, p, o) for s_, p, o in _triples(sssom.to_triples(again))}
    sources = sorted(o for s_, p, o in triples if p == sssom.SSSOM + "object_source")
    assert sources == sorted([SOURCE_A, SOURCE_A, SOURCE_B])


def _triples(t):
    for s_, p, o in t:
        yield s_, p, o[1]  # the value of an ("iri", value) or literal term


def test_one_source_for_all_rows_goes_back_to_the_set(tmp_path):
    meta = META + f"# object_source: {SOURCE_A}\n"
    s = sssom.read_sssom(written(tmp_path, [row(1), row(2)], meta=meta))
    sssom.mint(s)
    text = sssom.write_sssom(None, s.metadata, s.mappings)
    assert f"# object_source: {SOURCE_A}\n" in text
    header = next(line for line in text.splitlines() if not line.startswith("#"))
    assert "object_source" not in header.split("\t")


def test_the_same_mapping_twice_is_refused_naming_both_lines(tmp_path):
    path = written(tmp_path, [row(1), row(2), row(1, "0.5")])
    with pytest.raises(FgrError) as err:
        sssom.read_sssom(path)
    assert (err.value.path, err.value.line) == (str(path), 9) and err.value.message == "the same mapping is on line 7"
    # the same subject and predicate to another object is another mapping
    s = sssom.read_sssom(written(tmp_path, [row(1), row(1, obj="ESCO.skill:other")]))
    assert [m.object.rsplit("/", 1)[-1] for m in s.mappings] == ["s1", "other"]


def refusal(path) -> FgrError:
    with pytest.raises(FgrError) as err:
        sssom.read_sssom(path)
    assert err.value.path == str(path)
    return err.value


def test_metadata_errors_name_their_line(tmp_path):
    no_license = META.replace("# license: https://creativecommons.org/licenses/by/4.0/\n", "")
    err = refusal(written(tmp_path, [row(1)], meta=no_license))
    assert (err.line, err.message) == (1, "the metadata block has no license")
    err = refusal(written(tmp_path, [row(1)], meta=META + "# creator_id: not an iri\n"))
    assert err.line == 6 and "creator_id" in err.message
    err = refusal(written(tmp_path, [row(1)], meta=META + "# comment: a: b\n"))  # YAML fails on the last line
    assert err.line == 6 and "not valid YAML" in err.message and "quote a value" in err.message


@pytest.mark.parametrize("score", ["nan", "inf", "-inf", "high"])
def test_a_similarity_score_must_be_a_finite_number(tmp_path, score):
    path = tmp_path / "s.sssom.tsv"
    path.write_text(META + "\t".join(COLUMNS[:4] + ["similarity_score"]) + "\n"
                    + "\t".join(row(1).split("\t")[:4] + [score]) + "\n", encoding="utf-8")
    err = refusal(path)
    assert err.line == 7 and f"similarity_score {score!r} is not a number" in err.message


def test_non_ascii_metadata_is_written_as_it_is(tmp_path):
    s = sssom.read_sssom(written(tmp_path, [row(1)], meta=META + "# mapping_set_title: Werk- en denkniveaus é ë\n"))
    sssom.mint(s)
    text = sssom.write_sssom(None, s.metadata, s.mappings)
    assert "# mapping_set_title: Werk- en denkniveaus é ë\n" in text


def test_a_bad_key_in_a_flow_style_block_names_the_block_s_first_line(tmp_path):
    meta = ("# {curie_map: {fgrid: 'https://w3id.org/functiegebouw/id/'},\n"
            "#  mapping_set_id: 'https://w3id.org/functiegebouw/mappings/test',\n"
            "#  license: 'https://creativecommons.org/licenses/by/4.0/', bad key: 1}\n")
    err = refusal(written(tmp_path, [row(1)], meta=meta))
    assert err.line == 1 and "metadata key 'bad key' is not an SSSOM slot name" in err.message


def test_a_control_character_in_the_metadata_is_named(tmp_path):
    """PyYAML's reader gives no line for it: the block's first line is named, with the reader's words."""
    err = refusal(written(tmp_path, [row(1)], meta=META + "# comment: a\x01b\n"))
    assert err.line == 1 and "not valid YAML: unacceptable character #x0001" in err.message


def test_a_file_without_a_final_line_break_keeps_its_last_row(tmp_path):
    path = tmp_path / "t.sssom.tsv"
    path.write_text(META + "\t".join(COLUMNS) + "\n" + row(1) + "\r\n" + row(2), encoding="utf-8")
    assert [m.subject.rsplit("/", 1)[-1] for m in sssom.read_sssom(path).mappings] == ["c1", "c2"]
