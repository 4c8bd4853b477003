"""Chained mappings do not depend on the order of the curated rows: when two ISCO-08 links of a functiegroep
reach the same BRC 2014 beroepsgroep with the same rank, the same one is chosen whatever row comes first
(issue 27: "chain ties depending on row order" survived)."""
from __future__ import annotations

import shutil

from functiegebouw.links import mappings as link
from support import FIXTURES, ROOT

VOCAB = ROOT / "data" / "vocab"  # the vocabularies the wheel ships (not project data that changes)
CHAINED = f"{link.CHAINED}.sssom.tsv"


def _build(tmp_path, name: str, rows: list[str]) -> str:
    folder = tmp_path / name
    shutil.copytree(FIXTURES / "mappings", folder)
    path = folder / "functiegroepen.sssom.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + rows) + "\n", encoding="utf-8")
    return link.build(folder, VOCAB, write=False)[folder / CHAINED]


def _rows(tmp_path) -> list[str]:
    lines = (FIXTURES / "mappings" / "functiegroepen.sssom.tsv").read_text(encoding="utf-8").splitlines()
    template = next(line for line in lines if line.startswith("fgrid:functiegroep/") and "\tISCO08:" in line)
    cells = template.split("\t")
    header = next(line for line in lines if line.startswith("subject_id")).split("\t")
    col = {name: n for n, name in enumerate(header)}
    out = []
    # ISCO-08 2431 and 2432 are both in BRC 2014 beroepsgroep 0311 (data/vocab/brc2014.ttl): a tie
    for code, label in (("2431", "Advertising and marketing professionals"), ("2432", "Public relations professionals")):
        row = list(cells)
        row[col["subject_id"]] = "fgrid:functiegroep/9001"
        row[col["subject_label"]] = "Adviseur Voorlichting"
        row[col["predicate_id"]] = "skos:broadMatch"
        row[col["object_id"]] = f"ISCO08:{code}"
        row[col["object_label"]] = label
        row[col["confidence"]] = "0.8"
        row[col["comment"]] = f"invented fixture row for ISCO {code}"
        if "record_id" in col:
            row[col["record_id"]] = ""
        out.append("\t".join(row))
    return out


def test_a_tie_between_two_chains_is_decided_the_same_way_whatever_the_row_order(tmp_path):
    rows = _rows(tmp_path)
    first = _build(tmp_path, "a", rows)
    second = _build(tmp_path, "b", rows[::-1])
    new = [line for line in first.splitlines() if line.startswith("fgrid:functiegroep/9001")]
    assert any("BRC2014:beroepsgroep/0311" in line for line in new)  # the tie is there to decide
    assert first == second
