"""The built wheel, installed (not editable) into a fresh virtual environment, works from any folder.

The wheel's dependencies are taken from this test run's environment (a .pth file in the fresh venv
points at its site-packages), so the test needs no network; the package itself comes only from the
wheel. Every command runs in an empty temporary folder.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import time
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest

from functiegebouw.sparql.query import catalogue
from support import FIXTURES, ROOT, free_port

SETUP_PY = ROOT / "setup.py"


def fresh_venv(venv: Path) -> Path:
    """A new venv whose imports find this run's dependencies (rdflib, pyoxigraph, pip, setuptools >= 77)
    but not its editable functiegebouw: a .pth line adds the folder but does not run the .pth files
    inside it. No pip of its own (ensurepip's setuptools would shadow the newer one); pip, run by the
    venv's Python, installs into the venv and never touches packages outside it."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(venv bin folder, working folder, environment) of a fresh venv holding only the built wheel."""
    base = tmp_path_factory.mktemp("install")
    wheels = base / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "-w", str(wheels), str(ROOT)], check=True, capture_output=True, text=True, cwd=base)
    # no walls of setuptools warnings (project.license as a table was deprecated: now an SPDX string)
    assert "Warning" not in built.stderr and "deprecated" not in built.stderr.lower(), built.stderr[-2000:]
    (wheel,) = wheels.glob("functiegebouw-*.whl")
    venv = fresh_venv(base / "venv")
    # without PYTHONPATH: a checkout's src/ on it (PYTHONPATH=src, with the egg-info the build leaves there)
    # would make pip take the package as installed already and install nothing
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, env=clean)
    work = base / "elsewhere"
    work.mkdir()
    # the dependencies' executables (the oxigraph server) come from this run's environment too
    env = {"PATH": f"{venv / 'bin'}:{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(base / "home"),
           "LANG": "C.UTF-8"}
    return venv / "bin", work, env


def run(installed, *args, check=True):
    bin_dir, work, env = installed
    proc = subprocess.run([str(bin_dir / args[0]), *map(str, args[1:])], cwd=work, env=env,
                          capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr[-1500:]
    return proc


def test_the_package_comes_from_the_wheel(installed):
    proc = run(installed, "python", "-c", "import functiegebouw, functiegebouw.resources as r; "
               "print(functiegebouw.__file__); print(r.in_checkout())")
    location, checkout = proc.stdout.split()
    assert "site-packages" in location and not location.startswith(str(ROOT / "src")) and checkout == "False"


def test_query_list_names_every_query(installed):
    out = run(installed, "fgr", "query", "--list").stdout
    names = [line for line in out.splitlines() if line and not line.startswith(" ")]
    assert names == [q.name for q in catalogue()]


def test_query_fuwasys_per_schaal(installed):
    out = run(installed, "fgr", "query", "fuwasys-per-schaal", "-p", "functiegroep=527", "-f", "json").stdout
    rows = json.loads(out)["results"]["bindings"]
    assert len(rows) == 14 * 4
    assert {r["schaal"]["value"] for r in rows} == {"5", "6", "7", "8"}


def test_compare(installed):
    plain = run(installed, "fgr", "compare", "6", "7", "--width", "100", check=False)
    # the shipped data: only 527 has schaal 6 and 7 (then no choice is needed), or the choice is asked for
    assert plain.returncode == 0 or (plain.returncode == 2 and plain.stderr.strip().endswith(
        "choose one with --functiegroep") and "527 Medewerker Communicatie" in plain.stderr), plain.stderr
    out = run(installed, "fgr", "compare", "6", "7", "--functiegroep", "527", "--width", "100").stdout
    assert plain.returncode != 0 or plain.stdout == out
    assert out.startswith("Medewerker Communicatie (FGR 527) · functietyperingen schaal 6 en 7\n")
    assert "€ 2.595,43 – € 3.238,72" in out  # the shipped salary tables, in Dutch (the default)


def test_py_typed_is_shipped(installed):
    out = run(installed, "python", "-c", "import functiegebouw, pathlib; "
              "print((pathlib.Path(functiegebouw.__file__).parent / 'py.typed').is_file())").stdout
    assert out.strip() == "True"


def test_validate_without_arguments_validates_the_shipped_data(installed):
    proc = run(installed, "fgr", "validate", "--format", "json", check=False)
    assert proc.returncode in (0, 1), proc.stderr  # findings are fine; an unusable input (2) is not
    report = json.loads(proc.stdout)
    assert "no such file" not in proc.stderr
    # the package's own copy: the converted profiles and their mappings, not a folder of the working folder
    files = [Path(f) for f in report["files"]]
    assert any(f.name == "medewerker-communicatie.ttl" for f in files)
    assert all("_resources" in f.parts and "site-packages" in str(f) for f in files)


def test_link_check_and_suggest_find_the_shipped_files(installed):
    check = run(installed, "fgr", "link", "check")
    assert "all targets exist" in check.stdout and "data/mappings" not in check.stderr
    out = run(installed, "fgr", "link", "suggest", "--kind", "functiegroep", "--method", "lexical", "--top", "1",
              "--format", "sssom").stdout
    rows = [line.split("\t") for line in out.splitlines() if line.startswith("fgrid:functiegroep/527\t")]
    # one candidate per vocabulary (ESCO occupations, ISCO-08, …), all from the shipped vocabularies
    assert len(rows) >= 2 and {r[2] for r in rows} <= {"skos:closeMatch", "skos:exactMatch", "skos:broadMatch",
                                                      "skos:narrowMatch", "skos:relatedMatch"}


def test_convert_and_validate_a_file(installed):
    _, work, _ = installed
    (work / "sources").mkdir(exist_ok=True)
    source = work / "sources" / "proef.txt"
    # schaal 9 is a CAO Rijk schaal, 25 is not: only the shipped reference data tells them apart
    source.write_text((FIXTURES / "variants" / "base.txt").read_text(encoding="utf-8").replace("Schaal 10\n", "Schaal 25\n"),
                      encoding="utf-8")
    (work / "sources" / "proef.toml").write_text('functiegroep_id = 901\nlabel = "Proef"\n')
    run(installed, "fgr", "convert", source, "-o", work / "proef.ttl")
    proc = run(installed, "fgr", "validate", work / "proef.ttl", "--format", "json", check=False)
    report = json.loads(proc.stdout)
    assert proc.returncode == 1, proc.stderr
    violations = [f for f in report["findings"] if f["severity"] == "Violation"]
    assert {(f["shape"].rsplit("#", 1)[1], f["schaal"]) for f in violations} == {("ScaleKnownShape", 25)}
    assert {f["source_file"] for f in report["findings"]} == {"sources/proef.txt"}  # relative to the working folder


def test_query_with_own_data(installed):
    """--data DIR adds a user's own profiles to the shipped ontology, reference data and vocabularies."""
    _, work, _ = installed
    mine = work / "mine"
    mine.mkdir(exist_ok=True)
    run(installed, "fgr", "convert", FIXTURES / "variants" / "base.txt", "--functiegroep-id", "902",
        "--label", "Eigen", "-o", mine / "eigen.ttl")
    out = run(installed, "fgr", "query", "schalen-per-functiegroep", "--data", mine, "-f", "csv").stdout
    assert out.splitlines()[1:] == ["902,Eigen,9,true,true", "902,Eigen,10,true,true"]
    # the salary tables come with the package: schaal 9 and 10 have their CAO Rijk figures
    rows = run(installed, "fgr", "query", "salaris-per-schaal", "--data", mine, "-p", "functiegroep=902",
               "-f", "csv").stdout.splitlines()
    assert rows[0].split(",")[:6] == ["functiegroep", "schaal", "code", "totaal", "som", "minimum"]
    assert {(r.split(",")[1], bool(r.split(",")[5])) for r in rows[1:]} == {("9", True), ("10", True)}


def test_python_api_from_another_folder(installed):
    code = ("import functiegebouw\n"
            "r = functiegebouw.open().query('salaris-per-schaal', {'functiegroep': 527})\n"
            "print(repr([(row[1], row[5]) for row in r.rows]))\n")
    out = run(installed, "python", "-c", code).stdout.strip()
    assert eval(out, {"Decimal": Decimal}) == [(5, Decimal("2506.92")), (6, Decimal("2595.43")),
                                               (7, Decimal("2734.10")), (8, Decimal("2945.77"))]


def test_serve(installed):
    bin_dir, work, env = installed
    port = free_port()
    proc = subprocess.Popen([str(bin_dir / "fgr"), "serve", "--port", str(port)], cwd=work, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/query?" + urllib.parse.urlencode(
            {"query": "ASK { ?s a <https://w3id.org/functiegebouw/def#JobGroup> }"})
        deadline, answer = time.monotonic() + 120, None
        while time.monotonic() < deadline and answer is None:
            assert proc.poll() is None, proc.stderr.read().decode()[-800:]
            try:
                with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"}),
                                            timeout=2) as response:
                    answer = json.load(response)
            except OSError:
                time.sleep(0.3)
        assert answer == {"head": {}, "boolean": True}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_wheel_holds_no_checkout_paths(installed):
    """Nothing in the installed package points back at this checkout."""
    bin_dir, work, env = installed
    out = run(installed, "python", "-c", "import functiegebouw.resources as r; print(r.resource('ontology'))").stdout
    assert not out.startswith(str(ROOT)) and os.path.isdir(out.strip())
