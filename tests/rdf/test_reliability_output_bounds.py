"""What one input can cost: conversion linear in repeated lines, output bounded by the input.

Counting work (calls of the IRI helper) instead of timing it keeps these tests exact on a busy
machine; the subprocess cases have a memory limit and a hang guard, not a speed target.
"""
from __future__ import annotations

import resource
import subprocess
import sys

import pytest

import functiegebouw
from functiegebouw.rdf import graph as graph_module
from functiegebouw.source.parse import MAX_CODE_DIGITS
from support import FIXTURES

BASE = (FIXTURES / "variants" / "base.txt").read_text(encoding="utf-8")
CODE = "32232 33233 33 33 (38)"


def with_repeats(n: int) -> str:
    """The base fixture with ``n`` more copies of one line in a resultaatgebied."""
    anchor = " • Klanten zijn tijdig geïnformeerd\n"
    assert anchor in BASE
    return BASE.replace(anchor, anchor + " • x\n" * n, 1)


@pytest.mark.parametrize("n", [300, 3000])
def test_repeated_lines_cost_work_linear_in_their_number(tmp_path, monkeypatch, n):
    calls = []
    real = graph_module.text_key
    monkeypatch.setattr(graph_module, "text_key", lambda text: calls.append(1) or real(text))
    source = tmp_path / "repeats.txt"
    source.write_text(with_repeats(n), encoding="utf-8")
    conv = functiegebouw.convert(source, functiegroep_id=900, label="Herhaling")
    statements = sum(len(v) for v in conv.profile.results.values())
    assert statements > n
    assert len(calls) < 1.2 * (n + 200)  # one IRI per line, not one per earlier copy
    iris = {s for s, p, o in conv.triples if "/resultaat/omgeving/x-" in s}
    assert len(iris) == n  # every copy kept, each with its own IRI (-2, -3, …)


def test_repeated_line_iris_are_stable(tmp_path):
    source = tmp_path / "repeats.txt"
    source.write_text(with_repeats(3), encoding="utf-8")
    conv = functiegebouw.convert(source, functiegroep_id=900, label="Lange code")
    suffixes = sorted(s.rsplit("/", 1)[1] for s, p, o in conv.triples
                      if "/resultaat/omgeving/x-" in s and p.endswith("#sourceLine"))
    key = suffixes[0]
    assert suffixes == [key, key + "-2", key + "-3"]


def code_line(digits: int, spaced: bool = True) -> str:
    if not spaced:
        return "3" * digits + " (99)"
    return " ".join(("3" * digits)[i:i + 5] for i in range(0, digits, 5)) + " (99)"


@pytest.mark.parametrize("digits", [MAX_CODE_DIGITS + 1, 5000])
def test_a_long_fuwasys_code_is_kept_as_written_and_reported_not_expanded(tmp_path, digits):
    source = tmp_path / "long-code.txt"
    source.write_text(BASE.replace(CODE, code_line(digits), 1), encoding="utf-8")
    conv = functiegebouw.convert(source, functiegroep_id=900, label="Lange code")
    typering = "https://w3id.org/functiegebouw/id/functiegroep/900/functietypering/schaal-9"
    codes = [o[1] for s, p, o in conv.triples if s == typering and p.endswith("#fuwasysCode")]
    assert codes == [code_line(digits)]
    scores = [s for s, p, o in conv.triples if s.startswith(typering + "/score/")]
    assert scores == []
    (warning,) = [w for w in conv.warnings if "FUWASYS" in str(w)]
    assert warning.line == 102 and f"{digits:,} digits" in warning.message
    assert f"more than {MAX_CODE_DIGITS}" in warning.message


def test_a_code_within_the_limit_is_still_split_into_scores(tmp_path):
    source = tmp_path / "code.txt"
    source.write_text(BASE.replace(CODE, code_line(MAX_CODE_DIGITS), 1), encoding="utf-8")
    conv = functiegebouw.convert(source, functiegroep_id=900, label="Lange code")
    typering = "https://w3id.org/functiegebouw/id/functiegroep/900/functietypering/schaal-9"
    scores = {s for s, p, o in conv.triples if s.startswith(typering + "/score/")}
    assert len(scores) == MAX_CODE_DIGITS and conv.warnings == []


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024 ** 3, 2 * 1024 ** 3))


def test_twenty_typeringen_with_99000_digit_codes_stay_small(tmp_path):
    """The case that took 64 s, 4.2 GB and wrote 525 MB: now the output is a few times the input."""
    first_qp = BASE.index("Ervaring")
    qp = BASE[first_qp:BASE.index("Ervaring", first_qp + 1)]
    start = BASE.index("Functietypering\n\n32232")
    typering = BASE[start:BASE.index("Functietypering\n\n33332")].replace(CODE, code_line(99_000, spaced=False))
    text = (BASE[:first_qp] + qp * 20 + "Functietyperingen\n\n"
            + "".join(typering.replace("Schaal 9", f"Schaal {n}") for n in range(1, 21)))
    source = tmp_path / "huge-codes.txt"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.ttl"
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(source), "-o", str(out),
                           "--functiegroep-id", "900"], capture_output=True, text=True, timeout=300,
                          preexec_fn=_limit_memory)
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr, proc.stderr[-2000:]
    assert out.stat().st_size < 3 * source.stat().st_size
    assert proc.stderr.count("FUWASYS code") == 20  # each reported, with its line
    assert f"{source}:" in proc.stderr


@pytest.mark.parametrize("digits,reported", [(MAX_CODE_DIGITS, False), (MAX_CODE_DIGITS + 1, True)])
def test_the_digit_limit_counts_a_variant_code_as_the_graph_does(tmp_path, digits, reported):
    """'Variant 2.' is not a score: the parser's warning and the graph's split agree at the limit."""
    text = (FIXTURES / "variants" / "variant-codes.txt").read_text(encoding="utf-8")
    old = "Variant 2. 32222 23222 22 22 (30)"
    assert old in text
    source = tmp_path / "variant-code.txt"
    source.write_text(text.replace(old, "Variant 2. " + code_line(digits), 1), encoding="utf-8")
    conv = functiegebouw.convert(source, functiegroep_id=903, label="Beveiliger")
    warnings = [w for w in conv.warnings if "FUWASYS" in str(w)]
    codes = {s for s, p, o in conv.triples if p.endswith("#fuwasysCode") and o[1].startswith("Variant 2.")}
    (code,) = codes
    scores = {s for s, p, o in conv.triples if s.startswith(code + "/score/")}
    assert (len(warnings), len(scores)) == ((1, 0) if reported else (0, digits))
    if reported:
        assert f"{digits} digits" in warnings[0].message
