"""mutate/run.py (make mutate) makes the mutants it claims: operators and numbers, never inside an IRI,
a string or a docstring of the code it mutates."""
from __future__ import annotations

import importlib.util
import sys

from support import ROOT

spec = importlib.util.spec_from_file_location("mutate_run", ROOT / "mutate" / "run.py")
run = importlib.util.module_from_spec(spec)
sys.modules["mutate_run"] = run  # dataclasses look their module up
spec.loader.exec_module(run)


def test_python_mutants_are_operators_and_numbers():
    text = 'def f(a, b):\n    """a < b"""\n    return a < b and not a == 1 or b in (2, 3)\n'
    got = [(m.old, m.new) for m in run.python_mutants("t", text)]
    assert ("<", "<=") in got and ("and", "or") in got and ("not ", "") in got and ("==", "!=") in got
    assert ("1", "2") in got and ("in", "not in") in got
    assert all(m.line == 3 for m in run.python_mutants("t", text))  # the docstring is left alone
    mutated = run.python_mutants("t", text)[0].apply(text)
    compile(mutated, "m", "exec")


def test_for_loops_and_imports_are_not_mutated():
    text = "import a.b as c\nfor x in range(3):\n    y = [v for v in x]\n"
    assert [(m.line, m.old) for m in run.python_mutants("t", text)] == [(2, "3")]


def test_shape_mutants_skip_iris_and_strings():
    text = ('x sh:minCount 1 ; sh:select """\n  SELECT ?this WHERE { ?this <http://x/a> "a < b" .\n'
            '  FILTER (?v != ?s && ?n < 14) FILTER NOT EXISTS { ?a ?b ?c } }""" .\n')
    got = sorted((m.old, m.new) for m in run.shape_mutants("s", text))
    assert got == sorted([("1", "0"), ("1", "2"), ("!=", "="), ("!=", ">"), ("!=", "<"), ("&&", "||"), ("<", "<="),
                          ("14", "15"), ("NOT EXISTS", "EXISTS")])


def test_the_planted_bugs_are_among_the_mutants():
    """The three bugs of issue 11 are mutants make mutate generates (and the suite kills them)."""
    _, shapes = run.mutants_of("shapes")
    _, parse = run.mutants_of("parse")
    described = {(m.old, m.new, m.line) for m in shapes}
    text = (ROOT / "ontology" / "shapes.ttl").read_text(encoding="utf-8").splitlines()
    sum_line = next(i for i, line in enumerate(text, 1) if "FILTER (?value != ?sum)" in line)
    order_line = next(i for i, line in enumerate(text, 1) if "?lowerTotal > ?value" in line)
    assert ("!=", ">", sum_line) in described and (">", ">=", order_line) in described
    assert any((m.old, m.new) == ("0.88", "0.95") for m in parse)


def test_every_target_names_existing_files_and_makes_mutants():
    for target, (rel, tests) in run.TARGETS.items():
        assert (ROOT / rel).is_file() and all((ROOT / t).is_file() for t in tests), target
    _, variants = run.mutants_of("variants")
    text = (ROOT / run.TARGETS["variants"][0]).read_text(encoding="utf-8").splitlines()
    assert variants and all(text[m.line - 1].strip() for m in variants)
    assert len(variants) < len(run.python_mutants("variants", "\n".join(text) + "\n"))  # FUNCTIONS filters


def test_a_sample_is_seeded_and_says_so():
    mutants = [run.Mutant("t", f"t-{n}", n, "<", "<=", 0, 1) for n in range(1, 51)]
    a, b = run.sample(mutants, 7, 0, "t"), run.sample(mutants, 7, 0, "t")
    assert [m.id for m in a] == [m.id for m in b] and len(a) == 7
    assert [m.id for m in run.sample(mutants, 7, 1, "t")] != [m.id for m in a]
    assert run.sample(mutants, 80, 0, "t") == mutants


def test_only_updates_its_mutants_and_keeps_the_rest(tmp_path, monkeypatch):
    """Two runs of different mutants (or targets) add up; a reason stays with its mutant across line shifts."""
    monkeypatch.setattr(run, "RESULTS_DIR", tmp_path)
    text = "def f(a):\n    return a < 1 or a > 2\n"
    mutants = run.python_mutants("t", text)
    data = {"target": "t", "file": "t.py", "tests": [], "mutants": 0, "records": []}
    run.merge_outcomes(data, text, mutants, {mutants[0].id: "survived", mutants[1].id: "killed"}, replace=True)
    data["records"][0]["why"] = "equivalent"
    run.merge_outcomes(data, text, mutants, {mutants[2].id: "killed"}, replace=False)
    assert sorted(r["id"] for r in data["records"]) == sorted(m.id for m in mutants[:3])
    shifted = "\n" + text  # one line down: the same mutants, new line numbers
    moved = run.python_mutants("t", shifted)
    run.merge_outcomes(data, shifted, moved, {moved[0].id: "survived"}, replace=False)
    first = next(r for r in data["records"] if r["id"] == moved[0].id)
    assert first["line"] == 3 and first["why"] == "equivalent" and len(data["records"]) == 3
    data["date"] = "2026-12-05"
    run.save_results(data)
    report = tmp_path / "RESULTS.md"
    run.write_report(report)
    row = next(line for line in report.read_text(encoding="utf-8").splitlines() if line.startswith("| t |"))
    assert f"3 of {len(mutants)}" in row and "| 2 | 1 |" in row
    assert "equivalent" in report.read_text(encoding="utf-8")


def test_identical_lines_keep_one_record_each():
    text = "class A:\n    source: int = 0\n\n\nclass B:\n    source: int = 0\n"
    mutants = run.python_mutants("t", text)
    assert len(mutants) == 2 and len({r["key"] for r in run.records_of(mutants, text).values()}) == 2
    data = {"target": "t", "file": "t.py", "tests": [], "mutants": 0, "records": []}
    run.merge_outcomes(data, text, mutants, {m.id: "killed" for m in mutants}, replace=True)
    assert sorted(r["line"] for r in data["records"]) == [2, 6]


def test_every_number_mutant_changes_the_value():
    text = "a = 0.0\nb = 0.01\nc = 0.5\n"
    got = [(m.old, m.new) for m in run.python_mutants("t", text)]
    assert got == [("0.0", "1.0"), ("0.01", "1.01"), ("0.5", "0.54")]
