"""pyshacl-turbo's engine called without rdflib (validation/turbo.py): the findings of its public API (with
its text input, and with a Store), a run whose shapes are cached imports no rdflib, and the private API is
used only as it is expected to be; a damaged cache entry is not used."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict

import pytest

from functiegebouw.validation import shacl, turbo
from support import FIXTURES, ROOT

# findings of many shapes (lines, a catalogue check, literals and blank nodes as values), a file without a
# functiegroep given with them
FILES = [FIXTURES / "shapes" / name for name in (
    "TypificationTotalOrderShape.pass.ttl", "ScaleInRangeShape.fail.ttl", "TypificationStatedTotalShape.fail.ttl",
    "JobGroupLabelShape.fail.ttl", "JobGroupInCatalogueShape.fail.ttl", "QualityProfileCompetencyMatchShape.fail.ttl",
    "PlaceholderShape.fail.ttl", "FuwasysScoreValueShape.fail.ttl")]


@pytest.fixture
def copies(tmp_path, monkeypatch):
    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "data"
    folder.mkdir()
    for path in FILES:
        shutil.copy(path, folder / path.name)
    return sorted(folder.glob("*.ttl"))


def touch(paths):
    """Another mtime (and ctime): --changed validates the files again, with the shapes' cache kept."""
    for p in paths:
        st = p.stat()
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def engine_runs(monkeypatch):
    """Counts the units the native engine answered (not handed back to the public path)."""
    answered = []
    real = turbo.Program.validate

    def counted(self, data):
        found = real(self, data)
        answered.append(found is not None)
        return found

    monkeypatch.setattr(turbo.Program, "validate", counted)
    return answered


def test_the_native_engine_gives_the_findings_of_the_public_api(copies, monkeypatch):
    answered = engine_runs(monkeypatch)
    first = shacl.validate(copies, engine="turbo", jobs=1, changed=True).findings  # shapes compiled and cached
    units = len(answered)
    touch(copies)
    cached = shacl.validate(copies, engine="turbo", jobs=1, changed=True).findings  # shapes from the cache
    assert units >= 3 and all(answered) and len(answered) == 2 * units
    monkeypatch.setattr(turbo, "program", lambda *args: None)
    public_text = shacl.validate(copies, engine="turbo", jobs=1).findings
    monkeypatch.setattr(shacl, "_text_input", lambda: None)
    public_store = shacl.validate(copies, engine="turbo", jobs=1).findings
    assert first == cached == public_text == public_store
    assert len({f.shape for f in first}) >= 6 and any(f.source_line for f in first)
    assert any(f.value_kind == "literal" and f.value_datatype for f in first)
    assert any(" like it: " in f.message for f in first)  # near.py's names, on the report's focus node


def test_a_run_whose_shapes_are_cached_imports_no_rdflib(copies, tmp_path):
    code = ("import json, sys\nfrom dataclasses import asdict\nfrom functiegebouw.validation import shacl\n"
            "found = shacl.validate(sys.argv[1:], engine='turbo', jobs=1, changed=True).findings\n"
            "print(json.dumps({'rdflib': 'rdflib' in sys.modules, 'findings': [asdict(f) for f in found]}))\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}

    def run():
        out = subprocess.run([sys.executable, "-c", code, *map(str, copies)], env=env, check=True,
                             capture_output=True, text=True, timeout=120).stdout
        return json.loads(out)

    cold = run()
    assert cold["rdflib"]  # the first run compiles the shapes through pyshacl-turbo's public API
    touch(copies[:2])
    edited = run()
    assert not edited["rdflib"]
    assert edited["findings"] == cold["findings"]
    expected = [asdict(f) for f in shacl.validate(copies, engine="turbo", jobs=1).findings]
    assert edited["findings"] == json.loads(json.dumps(expected))


def test_the_private_api_is_used_only_as_expected(copies, monkeypatch):
    expected = shacl.validate(copies, engine="turbo", jobs=1).findings
    assert turbo.native() is not None  # the installed pyshacl-turbo has it: the path in use
    monkeypatch.setattr(turbo, "COMPILE_SIGNATURE", "(source, rdf_format)")  # another version's engine
    assert turbo.native() is None
    answered = engine_runs(monkeypatch)
    assert shacl.validate(copies, engine="turbo", jobs=1, changed=True).findings == expected
    assert answered == []
    monkeypatch.undo()
    monkeypatch.setenv("FGR_STORE_DIR", str(copies[0].parent.parent / "cache2"))
    # the engine declines a unit (an error, a warning to print): that unit takes the public path
    monkeypatch.setattr(turbo.Program, "validate", lambda self, data: None)
    assert shacl.validate(copies, engine="turbo", jobs=1, changed=True).findings == expected


def test_the_shapes_cache_is_keyed_by_their_bytes_and_a_damaged_entry_is_not_used(tmp_path, monkeypatch):
    shapes = []
    for path in shacl.shape_files():
        shutil.copy(path, tmp_path / path.name)
        shapes.append(tmp_path / path.name)
    cache = tmp_path / "cache"
    monkeypatch.setattr(turbo, "_SPECS", {})  # nothing made before in this process
    program = turbo.program(shapes, cache)
    assert program is not None and program.templates
    (entry,) = cache.glob("shapes-*.json")
    monkeypatch.setattr(turbo, "_SPECS", {})  # not what this process made: what the entry holds
    assert turbo.program(shapes, cache).templates == program.templates
    for damage in ("{not json", json.dumps({"source": 1}), json.dumps({**json.loads(entry.read_text()),
                                                                        "source": 7})):
        entry.write_text(damage)
        monkeypatch.setattr(turbo, "_SPECS", {})
        again = turbo.program(shapes, cache)
        assert again is not None and sorted(again.templates.values()) == sorted(program.templates.values())
        assert json.loads(entry.read_text()).keys() == {"source", "advanced", "numeric_booleans", "namespaces",
                                                        "templates", "reads"}  # written again
    entry.unlink()
    monkeypatch.setattr(turbo, "_SPECS", {})
    turbo.program(shapes, cache)
    assert entry.exists()
    with shapes[0].open("a", encoding="utf-8") as fh:
        fh.write("\n# another shapes file\n")
    turbo.program(shapes, cache)
    assert len(list(cache.glob("shapes-*.json"))) == 2
