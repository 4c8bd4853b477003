"""`fgr validate --changed` gives the findings of a full run; so does any number of workers."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.convert import build
from support import FIXTURES


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("FGR_STORE_DIR", str(tmp_path / "cache"))
    folder = tmp_path / "data"
    (folder / "sources").mkdir(parents=True)
    for n, variant in enumerate(sorted((FIXTURES / "variants").glob("*.txt"))[:10]):
        shutil.copy(variant, folder / "sources" / f"p{n}.txt")
        (folder / "sources" / f"p{n}.toml").write_text(f'functiegroep_id = {900 + n}\nlabel = "Groep {n}"\n')
    build(folder)
    return folder


def report(folder, **kw):
    return functiegebouw.validate([folder], **kw).to_json()


def test_changed_runs_give_the_findings_of_full_runs(data):
    full = report(data, jobs=1)
    assert report(data, changed=True) == full  # cold: everything validated, cache written
    assert report(data, changed=True) == full  # warm: everything from the cache
    # break one profile: a score of 0 (scores are whole numbers from 1, and the sum no longer fits)
    import re

    target = data / "p3.ttl"
    text, n = re.subn(r"fgr:scoreValue \d+", "fgr:scoreValue 0", target.read_text(encoding="utf-8"), count=1)
    assert n == 1
    target.write_text(text, encoding="utf-8")
    full = report(data, jobs=1)
    assert report(data, changed=True) == full
    # a profile removed, another added
    (data / "p5.ttl").unlink()
    shutil.copy(data / "p1.ttl", data / "p1-copy.ttl")
    assert report(data, changed=True) == report(data, jobs=1)
    # other messages language: the cache keeps both
    assert report(data, changed=True, lang="nl") == report(data, lang="nl", jobs=1)


def test_any_number_of_workers_gives_the_same_findings(data):
    assert report(data, jobs=1) == report(data, jobs=2) == report(data, jobs=3)


def test_a_changed_context_revalidates_everything(data, monkeypatch):
    """Shared files (links, here a copy of a mapping file) are part of every profile's graph."""
    first = report(data, changed=True)
    extra = data / "extra-links.ttl"
    extra.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                     "<https://w3id.org/functiegebouw/id/functiegroep/900> skos:closeMatch <http://example.org/x> .\n")
    assert report(data, changed=True) == report(data, jobs=1)
    extra.unlink()
    assert report(data, changed=True) == first


def test_changed_reads_only_the_changed_profiles(data, monkeypatch):
    """Issue 28: after one edit, --changed reads that profile and the shared files, not the others
    (at 10x, reading all 610 profiles alone took longer than the goal of 0.5 s)."""
    import os

    from functiegebouw.rdf import load

    full = report(data, jobs=1)
    report(data, changed=True)
    read = []
    original = load.read_statements
    monkeypatch.setattr(load, "read_statements", lambda p, *a, **k: read.append(p) or original(p, *a, **k))
    assert report(data, changed=True) == full
    profiles = {data / f"p{n}.ttl" for n in range(10)}
    assert not profiles & set(read)  # nothing changed: no profile read
    read.clear()
    target = data / "p3.ttl"
    st = target.stat()
    text = target.read_text(encoding="utf-8").replace("fgr:scoreValue 2", "fgr:scoreValue 0", 1)
    assert len(text.encode("utf-8")) == st.st_size  # same size, and the mtime put back: only the ctime shows the edit
    target.write_text(text, encoding="utf-8")
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = report(data, changed=True)
    assert profiles & set(read) == {target}
    assert after == report(data, jobs=1) != full


def test_a_run_with_every_finding_cached_loads_no_engine(data, tmp_path):
    """Issue 28: when nothing changed, `fgr validate --changed` answers from its cache without
    importing rdflib or the SHACL engine and without reading the ontology (together most of the
    half second the goal allows at 10×), and prints what a full run prints."""
    import os
    import subprocess
    import sys

    import functiegebouw.validation.shacl as shacl

    env = {**os.environ, "PYTHONPATH": str(Path(shacl.__file__).parents[2])}
    run = [sys.executable, "-c", "import sys\nfrom functiegebouw.cli import main\nrc = main()\n"
           "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rdflib', 'pyshacl_turbo', 'pyshacl')),"
           " file=sys.stderr)\nsys.exit(rc)", "validate", "--changed", str(data)]
    cold = subprocess.run(run, env=env, capture_output=True, text=True)
    warm = subprocess.run(run, env=env, capture_output=True, text=True)
    full = subprocess.run([*run[:-2], str(data)], env=env, capture_output=True, text=True)
    assert cold.returncode == warm.returncode == full.returncode == 1, cold.stderr  # the fixtures have findings
    assert cold.stdout == warm.stdout == full.stdout
    assert "rdflib" in cold.stderr.splitlines()[-1]  # the first run validated: the engine was loaded
    assert warm.stderr.splitlines()[-1] == "[]", warm.stderr


def test_a_run_from_another_working_folder_names_the_files_from_there(data, monkeypatch):
    """Findings name their files relative to the working folder: cached ones too."""
    monkeypatch.chdir(data.parent)
    report(data, changed=True)  # cached with paths relative to data's parent folder
    monkeypatch.chdir(data)
    assert report(data, changed=True) == report(data, jobs=1)
    assert '"data_file": "p0.ttl"' in report(data, changed=True)
