"""The converter as users call it: text -> graph -> file, round trips, determinism, the CLI on bad input."""
from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from functiegebouw.convert import build
from functiegebouw.rdf.graph import serialize
from support import BAD_CASES, FIXTURES, ROOT, SEED_TXT as SEED, assert_round_trip

BAD = FIXTURES / "bad"


def test_seed_round_trip(seed_graph):
    assert_round_trip(SEED, seed_graph)


def test_round_trip_through_turtle(seed_graph, tmp_path):
    out = tmp_path / "seed.ttl"
    out.write_bytes(serialize(seed_graph))
    again = Graph().parse(out)
    assert isomorphic(again, seed_graph)
    assert_round_trip(SEED, again)


@pytest.mark.parametrize("fmt", ["turtle", "nt", "json-ld"])
def test_deterministic_across_processes(tmp_path, fmt):
    """Byte-identical output in two fresh interpreters (different hash seeds, so different set orders)."""
    outs = []
    for n, seed_value in enumerate(("1", "2")):
        out = tmp_path / f"out{n}"
        subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(SEED), "-o", str(out),
                        "--format", fmt], check=True, env={"PYTHONHASHSEED": seed_value, "PATH": "/usr/bin:/bin"})
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


def test_committed_turtle_is_what_build_produces(tmp_path):
    """data/*.ttl is exactly what `fgr build` makes of data/sources/, whatever profiles it holds."""
    (tmp_path / "sources").mkdir()
    for f in (ROOT / "data" / "sources").iterdir():
        (tmp_path / "sources" / f.name).write_bytes(f.read_bytes())
    summaries = build(tmp_path)
    sources = sorted(p.stem for p in (ROOT / "data" / "sources").glob("*.txt"))
    assert sorted(s.output.stem for s in summaries) == sources and sources
    committed = sorted(p.stem for p in (ROOT / "data").glob("*.ttl"))
    assert committed == sources, "data/*.ttl and data/sources/*.txt differ: run `make run`"
    for name in sources:
        assert (tmp_path / f"{name}.ttl").read_bytes() == (ROOT / "data" / f"{name}.ttl").read_bytes(), name


@pytest.mark.parametrize("name", sorted(BAD_CASES))
def test_bad_input_cli_exit_2_no_output(name, tmp_path):
    out = tmp_path / "out.ttl"
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(BAD / name), "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert name in proc.stderr and BAD_CASES[name][1] in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_bad_input_keeps_previous_output(tmp_path):
    out = tmp_path / "out.ttl"
    out.write_text("previous")
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(BAD / "truncated.txt"),
                           "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 2 and out.read_text() == "previous"


def test_cli_convert_options(tmp_path):
    out = tmp_path / "x.jsonld"
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert",
                           str(FIXTURES / "variants" / "base.txt"), "-o", str(out), "--format", "json-ld",
                           "--functiegroep-id", "4242", "--label", "Proeffunctie"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    g = Graph().parse(out, format="json-ld")
    group = URIRef("https://w3id.org/functiegebouw/id/functiegroep/4242")
    assert Literal("Proeffunctie", lang="nl") in set(g.objects(group, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
