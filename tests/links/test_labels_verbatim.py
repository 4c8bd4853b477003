"""Object labels are copied as the vocabulary has them (issue 26: ESCO's "analyze  goal progress", with two
spaces, was written as "analyze goal progress"): `fgr link build` takes each label from data/vocab and the
SSSOM/TSV writer keeps every character, quoting a cell that holds a tab or a line break."""
from __future__ import annotations

from functiegebouw.links import mappings, sssom
from functiegebouw.resources import resource
from support import FIXTURES

SKILL = "http://data.europa.eu/esco/skill/dbfb9dda-48d9-4a10-9821-3237f868071b"


def curated(tmp_path, label: str):
    """The fixture's competenties set with the label of SKILL as a curator might have typed it."""
    text = (FIXTURES / "mappings" / "competenties.sssom.tsv").read_text(encoding="utf-8")
    assert "\tanalyze  goal progress\t" in text
    path = tmp_path / "competenties.sssom.tsv"
    path.write_text(text.replace("\tanalyze  goal progress\t", f"\t{label}\t"), encoding="utf-8")
    return sssom.read_sssom(path)


def test_build_copies_the_vocabulary_label_exactly(tmp_path):
    store = mappings.open_vocab(resource("data/vocab"))
    assert mappings.label_of(store, SKILL) == "analyze  goal progress"  # as ESCO (en-US) spells it
    s = mappings.canonical(curated(tmp_path, "analyze goal progress"), store)
    (m,) = [m for m in s.mappings if m.object == SKILL]
    assert m.object_label == "analyze  goal progress"
    text = sssom.write_sssom(tmp_path / "out.sssom.tsv", s.metadata, s.mappings)
    assert "\tanalyze  goal progress\t" in text
    assert [m.object_label for m in sssom.read_sssom(tmp_path / "out.sssom.tsv").mappings
            if m.object == SKILL] == ["analyze  goal progress"]
    assert '"analyze  goal progress"' in sssom.to_triples(s).to_turtle(sssom.rdf_prefixes(s))


def test_writer_keeps_runs_of_spaces_tabs_and_line_breaks(tmp_path):
    s = curated(tmp_path, "analyze  goal progress")
    (m,) = [m for m in s.mappings if m.object == SKILL]
    m.object_label = "two  spaces,\ta tab and\na line break"
    m.comment = "a comment  with   runs of spaces"
    out = tmp_path / "out.sssom.tsv"
    sssom.write_sssom(out, s.metadata, s.mappings)
    (back,) = [b for b in sssom.read_sssom(out).mappings if b.object == SKILL]
    assert (back.object_label, back.comment) == (m.object_label, m.comment)
