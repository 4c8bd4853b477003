"""Validation reads a data file as Quads of the default graph (rdf/load.read_statements): a profile
whose triples stand in named graphs (TriG, N-Quads) is validated as the same triples in Turtle, with
the same findings and lines, and a converted FGR text (Triples) as its Turtle."""
from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from functiegebouw.errors import FgrError
from functiegebouw.rdf import load
from functiegebouw.validation import shacl
from functiegebouw.validation.report import display_path
from support import FIXTURES

PROFILE = FIXTURES / "shapes" / "JobGroupIndicatorAreaShape.fail.ttl"  # a functiegroep with findings


def findings(path):
    return [dataclasses.replace(f, data_file=None) for f in shacl.validate([path], engine="turbo", jobs=1).findings]


def ordered(found):
    """A unit's findings in a fixed order (the engine reports its results in an order of its own)."""
    return sorted(found, key=lambda f: (f.sort_key(), f.value_kind or "", repr(f)))


@pytest.mark.parametrize("fmt, suffix", [(ox.RdfFormat.TRIG, ".trig"), (ox.RdfFormat.N_QUADS, ".nq")])
def test_a_profile_in_named_graphs_is_its_triples(tmp_path, monkeypatch, fmt, suffix):
    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    triples = load.read_triples(PROFILE)
    # half the triples in one named graph, half in another, and one in both and in the default graph
    graphs = [ox.NamedNode("http://x/g1"), ox.NamedNode("http://x/g2")]
    quads = [ox.Quad(t.subject, t.predicate, t.object, graphs[i % 2]) for i, t in enumerate(triples)]
    quads += [ox.Quad(triples[0].subject, triples[0].predicate, triples[0].object, g)
              for g in (graphs[1], ox.DefaultGraph())]
    named = tmp_path / f"profile{suffix}"
    named.write_bytes(ox.serialize(quads, format=fmt))
    statements = load.read_statements(named)
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in statements)
    assert set(statements) == {ox.Quad(t.subject, t.predicate, t.object) for t in triples}
    expected = findings(PROFILE)
    assert expected and findings(named) == expected
    assert any(f.source_line is not None for f in expected)


def test_a_turtle_file_is_read_as_it_is(tmp_path):
    """No copy for a format without named graphs: the parser's Quads themselves."""
    statements = load.read_statements(PROFILE)
    assert [q.triple for q in statements] == load.read_triples(PROFILE)
    assert all(isinstance(q.graph_name, ox.DefaultGraph) for q in statements)


def test_triples_and_quads_give_the_same_findings(tmp_path, monkeypatch):
    """An FGR text's converter gives Triples (shacl._read makes them Quads); _TurboRun takes a context
    of either, and a unit's Quads."""
    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    triples = [t for p in shacl.context_files() for t in load.read_triples(p)]
    quads = [t for p in shacl.context_files() for t in load.read_statements(p)]
    unit = load.read_statements(PROFILE)
    sources = [(PROFILE, {t.subject for t in unit})]
    from_triples = ordered(shacl._TurboRun("none", triples, tmp_path / "cache")(unit, PROFILE, sources))
    assert from_triples
    assert ordered(shacl._TurboRun("none", quads, tmp_path / "cache")(unit, PROFILE, sources)) == from_triples
    profile = load.read_triples(PROFILE)
    assert shacl._read(PROFILE, lambda path: profile) == unit  # the converter's path is not taken for a .ttl
    text = tmp_path / "profile.txt"
    text.write_text("")
    assert shacl._read(text, lambda path: profile) == unit


def test_a_finding_names_the_file_that_states_its_node(tmp_path, monkeypatch):
    """A focus node stated in a shared file (links beside the profiles) names that file, one stated by
    the profile names the profile (the subjects of the unit's file are taken in the worker)."""
    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    source = FIXTURES / "shapes_links" / "MappingSubjectShape.fail.ttl"
    lines = source.read_text(encoding="utf-8").splitlines()
    prefixes = [line for line in lines if line.startswith("@prefix")]
    mappings = [line for line in lines if "owl:Axiom" in line or "sssom:MappingSet" in line]
    rest = [line for line in lines if line not in mappings]
    (tmp_path / "profile.ttl").write_text("\n".join(rest) + "\n", encoding="utf-8")
    (tmp_path / "links.ttl").write_text("\n".join(prefixes + mappings) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    found = shacl.validate([tmp_path], engine="turbo", jobs=1).findings
    files = {f.focus.rsplit("/", 2)[-2]: f.data_file for f in found}
    assert files.get("test") == "links.ttl", files  # .../id/mapping/test/s1
    assert files.get("functiegroep") == "profile.ttl", files


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("bad", [False, True])
def test_reading_leaves_the_garbage_collector_as_it_was(tmp_path, monkeypatch, enabled, bad):
    """The collector is paused while the files are read and what was read is frozen until the units are
    validated (shacl._no_collection): afterwards nothing is left frozen and the collector is on or off
    as before, also when every file fails to read."""
    import gc

    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "profile.ttl"
    path.write_text("not turtle" if bad else PROFILE.read_text(encoding="utf-8"), encoding="utf-8")
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        result = shacl.validate([path], engine="turbo", jobs=1)
        assert gc.isenabled() is enabled and gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        (gc.enable if was else gc.disable)()
    assert bool(result.errors) is bad and bool(result.findings) is not bad


def _errors(result):
    return [(e.file, e.line, e.message) for e in result.errors]


def _expected_error(path):
    with pytest.raises(FgrError) as caught:
        load.read_statements(path)
    return (display_path(path), caught.value.line, caught.value.message)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_profile_is_read_whole_where_it_is_validated(tmp_path, monkeypatch, jobs):
    """The parent reads a profile only up to its fgr:JobGroup statement; the worker that validates it
    reads it whole. A syntax error after that statement is the same read error, in the same place
    among the others, as when the parent read every file whole, and the profile is not validated."""
    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    text = PROFILE.read_text(encoding="utf-8")
    good = []
    for i in range(16):  # enough profiles for two workers (shacl._run_units: 8 per worker)
        path = tmp_path / f"p{i:02d}.ttl"
        path.write_text(text.replace("functiegroep/1", f"functiegroep/{100 + i}"), encoding="utf-8")
        good.append(path)
    (tmp_path / "a-early.ttl").write_text("garbage\n" + text, encoding="utf-8")
    (tmp_path / "m-late.ttl").write_text(text + "\n<http://x/s> garbage .\n", encoding="utf-8")
    (tmp_path / "n-early.ttl").write_text("@prefix : <x> .\n:a :b", encoding="utf-8")
    (tmp_path / "z-late.ttl").write_text(text.replace("functiegroep/1", "functiegroep/99") + "\n<x> <y>\n",
                                         encoding="utf-8")
    assert load.profile_statements(tmp_path / "m-late.ttl", shacl._is_job_group) is None  # stops before
    expected = [_expected_error(tmp_path / name) for name in ("a-early.ttl", "m-late.ttl", "n-early.ttl",
                                                               "z-late.ttl")]
    result = shacl.validate([tmp_path], engine="turbo", jobs=jobs)
    assert _errors(result) == expected
    assert all(line is not None for _, line, _ in expected)
    alone = shacl.validate(good, engine="turbo", jobs=1)
    assert result.findings == alone.findings and alone.findings
    assert {f.data_file for f in result.findings} == {p.name for p in good}


def test_when_every_profile_fails_late_the_shared_files_are_validated_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    late = tmp_path / "late.ttl"
    late.write_text(PROFILE.read_text(encoding="utf-8") + "\n<x> <y>\n", encoding="utf-8")
    assert _errors(shacl.validate([late], engine="turbo", jobs=1)) == [_expected_error(late)]
    assert not shacl.validate([late], engine="turbo", jobs=1).findings
    shared = tmp_path / "links.ttl"  # no functiegroep: validated once, as the only unit
    shared.write_text((FIXTURES / "shapes_links" / "MappingInSetShape.fail.ttl").read_text(encoding="utf-8")
                      .replace("a fgr:JobGroup", "a fgr:Thing"), encoding="utf-8")
    both = shacl.validate([late, shared], engine="turbo", jobs=1)
    alone = shacl.validate([shared], engine="turbo", jobs=1)
    assert both.findings == alone.findings and alone.findings
    assert _errors(both) == [_expected_error(late)]
    for changed in (True, True):  # --changed, cold and then from its cache
        again = shacl.validate([late, shared], engine="turbo", jobs=1, changed=changed)
        assert again.findings == alone.findings and _errors(again) == _errors(both)


def test_a_profile_read_by_its_worker_is_read_as_one_build_left_it(tmp_path, monkeypatch):
    """The workers read the profiles inside ``rdf.files.reading`` of the data's folder, as the parent
    reads the rest: a build's renames wait until they are done (jobs=1: the same process)."""
    from functiegebouw.rdf import files

    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    (data / "p.ttl").write_text(PROFILE.read_text(encoding="utf-8"), encoding="utf-8")
    active: list[set[str]] = []
    real = files.reading

    class Reading(real):  # type: ignore[misc,valid-type]
        def __enter__(self):
            active.append(set(self.folders))
            return super().__enter__()

        def __exit__(self, *exc):
            active.pop()
            return super().__exit__(*exc)

    monkeypatch.setattr(files, "reading", Reading)
    seen = []
    read = load.read_statements
    monkeypatch.setattr(load, "read_statements", lambda p: seen.append((p, set().union(*active))) or read(p))
    assert shacl.validate([data], engine="turbo", jobs=1).findings
    assert (data / "p.ttl", {str(data)}) in seen


def test_an_error_while_validating_leaves_nothing_frozen(tmp_path, monkeypatch):
    """What was read stays frozen only while validate runs: also when the validation itself raises."""
    import gc

    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "profile.ttl"
    path.write_text(PROFILE.read_text(encoding="utf-8"), encoding="utf-8")
    frozen: list[int] = []

    def broken(job, units, jobs):
        frozen.append(gc.get_freeze_count())
        raise RuntimeError("the engine failed")

    monkeypatch.setattr(shacl, "_run_units", broken)
    try:
        with pytest.raises(RuntimeError, match="the engine failed"):
            shacl.validate([path], engine="turbo", jobs=1)
        assert frozen and frozen[0] > 0  # frozen while it ran
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
