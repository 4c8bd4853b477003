"""Hostile SSSOM/TSV: every bad cell, header or metadata value is one line naming the file and line, exit 2,
never a traceback; a byte order mark is accepted (issue 22 item 9)."""
from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from functiegebouw.cli import main
from functiegebouw.errors import FgrError
from functiegebouw.links import sssom
from support import FIXTURES

BASE = (FIXTURES / "mappings" / "werk-en-denkniveaus.sssom.tsv").read_text(encoding="utf-8")
SUBJECT = "fgrid:werk-en-denkniveau/havo"
HEADER_LINE = next(i for i, line in enumerate(BASE.splitlines(), 1) if not line.startswith("#"))
FIRST_ROW = HEADER_LINE + 1


def meta_line(key: str) -> int:
    return next(i for i, line in enumerate(BASE.splitlines(), 1) if line.startswith(f"# {key}:"))


CASES = {  # name: (file text, line the error names, words the message must hold)
    "a cell over 128 KiB": (BASE.replace("The HAVO diploma", "x" * 140_000, 1), FIRST_ROW, "128 KiB"),
    "subject_id with a space": (BASE.replace(SUBJECT, "fgrid:werk en/havo", 1), FIRST_ROW, "not a valid IRI"),
    "subject_id with >": (BASE.replace(SUBJECT, "fgrid:werk>/havo", 1), FIRST_ROW, "not a valid IRI"),
    'subject_id with "': (BASE.replace(SUBJECT, 'fgrid:werk"/havo', 1), FIRST_ROW, "not a valid IRI"),
    "an impossible mapping_date": (BASE.replace("# mapping_date: '2026-12-01'", "# mapping_date: 2026-13-45"),
                                   meta_line("mapping_date"), "expected YYYY-MM-DD"),
    "a quoted impossible mapping_date": (BASE.replace("'2026-12-01'", "'2026-02-30'", 1),
                                         meta_line("mapping_date"), "expected YYYY-MM-DD"),
    "mapping_set_id as a list": (re.sub(r"# mapping_set_id: .*", "# mapping_set_id: [a, b]", BASE),
                                 meta_line("mapping_set_id"), "expected one text"),
    "a YAML alias": (BASE.replace("# license: https://creativecommons.org/licenses/by/4.0/",
                                  "# license: &l https://creativecommons.org/licenses/by/4.0/\n# other: *l"),
                     meta_line("license") + 1, "YAML alias"),
    "an alias to a mapping": (re.sub(r"# mapping_set_id: .*", "# mapping_set_id: *x", BASE),
                              meta_line("mapping_set_id"), "YAML alias"),
    "a bad similarity_score": (BASE.replace("\trecord_id\n", "\trecord_id\tsimilarity_score\n", 1)
                               .replace("797e647e216b\n", "797e647e216b\thigh\n", 1), None, "not a number"),
    "a duplicate column": (BASE.replace("\trecord_id\n", "\trecord_id\tcomment\n", 1), HEADER_LINE, "more than once"),
    "a column that is no slot name": (BASE.replace("\trecord_id\n", "\trecord_id\tx y\n", 1), HEADER_LINE, "slot name"),
}


def write(tmp_path, text: str):
    folder = tmp_path / "mappings"
    folder.mkdir(exist_ok=True)
    path = folder / "werk-en-denkniveaus.sssom.tsv"
    path.write_text(text, encoding="utf-8")
    return folder, path


@pytest.mark.parametrize("name", sorted(CASES))
def test_fgr_link_build_names_file_and_line_and_exits_2(name, tmp_path, capsys):
    text, line, words = CASES[name]
    folder, path = write(tmp_path, text)
    before = path.read_bytes()
    status = main(["link", "build", "--mappings", str(folder), "--vocab-dir", str(tmp_path / "vocab")])
    err = capsys.readouterr().err
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    where = f"{path}:{line}: " if line else f"{path}:"
    assert where in err and words in err, err
    assert path.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == [path.name]


def test_a_byte_order_mark_reads_as_the_same_set(tmp_path):
    _, path = write(tmp_path, "\ufeff" + BASE)
    with_bom = sssom.read_sssom(path)
    plain = sssom.read_sssom(FIXTURES / "mappings" / "werk-en-denkniveaus.sssom.tsv")
    assert with_bom.metadata == plain.metadata and with_bom.mappings == plain.mappings


def test_a_label_with_a_line_separator_stays_in_its_row(tmp_path):
    """U+2028 or a form feed inside a label is text, not the end of a row (str.splitlines would split there)."""
    _, path = write(tmp_path, BASE.replace("\tHAVO\t", "\tHA\u2028V\x0cO\t", 1))
    (havo,) = [m for m in sssom.read_sssom(path).mappings if m.subject.endswith("/havo")]
    assert havo.subject_label == "HA\u2028V\x0cO" and havo.line == FIRST_ROW


# ---------------------------------------------------------------- any hostile cell, header or value

ROW = BASE.splitlines()[FIRST_ROW - 1].split("\t")
COLUMNS = BASE.splitlines()[HEADER_LINE - 1].split("\t")
PIECES = list('\t\n\r"\\<> :|#\x00\x1b\x85\u2028\ufeff%\'=-@ab1.') + [
    "fgrid:", "http://", "2026-13-45", "*x", "&x", "[a, b]", "{a: b}", "1e999", "nan"]
nasty = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
FREE_TEXT = [COLUMNS.index(c) for c in ("subject_label", "object_label", "comment")]
where = st.one_of(
    st.tuples(st.just("cell"), st.integers(0, len(ROW) - 1), nasty),
    # free text, which should mostly be accepted and must then survive the round trip
    st.tuples(st.just("cell"), st.sampled_from(FREE_TEXT), nasty),
    st.tuples(st.just("cell"), st.sampled_from(FREE_TEXT), nasty),
    st.tuples(st.just("header"), st.integers(0, len(COLUMNS) - 1), nasty),
    st.tuples(st.just("meta"), st.sampled_from(["mapping_set_id", "license", "mapping_date", "object_source",
                                                "mapping_set_title", "creator_id", "comment", "curie_map"]), nasty),
    st.tuples(st.just("line"), st.integers(0, 40), nasty),
    st.tuples(st.just("line"), st.integers(HEADER_LINE, HEADER_LINE + 20), nasty),  # among the rows
)


def hostile(edits) -> str:
    lines = BASE.split("\n")
    order = ["cell", "header", "meta", "line"]  # lines inserted last, so that the row indices hold
    for kind, at, text in sorted(edits, key=lambda e: order.index(e[0])):
        if kind in ("cell", "header"):
            index = FIRST_ROW - 1 if kind == "cell" else HEADER_LINE - 1
            cells = lines[index].split("\t")
            cells[at % len(cells)] = text  # (an earlier edit may have added a tab)
            lines[index] = "\t".join(cells)
        elif kind == "meta":
            lines = [f"# {at}: {text}" if line.startswith(f"# {at}:") else line for line in lines]
        else:
            lines.insert(min(at, len(lines)), text)
    return "\n".join(lines)


# 200 examples in `make test` (a few seconds), derandomised so that CI is repeatable; `make fuzz`
# (fuzz/run.py) runs FGR_HYPOTHESIS_EXAMPLES of them with random seeds
@settings(max_examples=int(os.environ.get("FGR_HYPOTHESIS_EXAMPLES", "200")), deadline=None,
          derandomize=not os.environ.get("FGR_FUZZ"), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(where, min_size=1, max_size=3))
def test_no_hostile_sssom_gives_a_traceback(tmp_path, edits):
    """Read, mint, write back and turn into RDF: either all of it works and the Turtle parses, or one
    FgrError line names the file (and the line where it knows it)."""
    _, path = write(tmp_path, hostile(edits))
    try:
        s = sssom.read_sssom(path)
        sssom.mint(s)
        tsv = sssom.write_sssom(None, s.metadata, s.mappings)
        turtle = sssom.to_triples(s).to_turtle(sssom.rdf_prefixes(s), "hostile")
    except FgrError as exc:
        message = str(exc)
        assert message.startswith(f"{path}") and "\n" not in message and "\r" not in message, message
        return
    Graph().parse(data=turtle, format="turtle")
    again = tmp_path / "again.sssom.tsv"
    again.write_text(tsv, encoding="utf-8")
    # what was accepted is written so that it reads back to the same mappings
    assert sorted(m.key for m in sssom.read_sssom(again).mappings) == sorted(m.key for m in s.mappings)
