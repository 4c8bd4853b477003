"""pyshacl-turbo's input: the context's N-Quads made once with each profile's own triples after them gives the
findings that a Store holding both gave (the path still taken where pyshacl-turbo's Input class is missing)."""
from __future__ import annotations

from dataclasses import replace

from functiegebouw.validation import shacl
from support import FIXTURES

# profiles with findings of many shapes, a file without a functiegroep given with them, a profile
# that restates context triples (the ontology's classes)
FILES = [FIXTURES / "shapes" / name for name in ("TypificationTotalOrderShape.pass.ttl", "ScaleInRangeShape.fail.ttl",
                                                 "TypificationStatedTotalShape.fail.ttl", "JobGroupLabelShape.fail.ttl")]


def test_the_text_input_gives_the_findings_of_a_store(monkeypatch):
    assert shacl._text_input() is not None  # the installed pyshacl-turbo takes text: the path in use
    by_text = shacl.validate(FILES, engine="turbo", jobs=1).findings
    monkeypatch.setattr(shacl, "_text_input", lambda: None)
    by_store = shacl.validate(FILES, engine="turbo", jobs=1).findings
    assert by_text == by_store
    assert len({f.shape for f in by_text}) >= 5 and any(f.source_line for f in by_text)


def test_a_triple_of_the_profile_that_the_context_has_is_given_once(tmp_path):
    ontology = "https://w3id.org/functiegebouw/def#"
    data = tmp_path / "g.ttl"
    data.write_text(FILES[1].read_text(encoding="utf-8")
                    + f"\n<{ontology}JobGroup> a <http://www.w3.org/2002/07/owl#Class> .\n", encoding="utf-8")
    def found(path):
        return [replace(f, data_file=None) for f in shacl.validate([path], jobs=1).findings]

    assert found(data) == found(FILES[1])
