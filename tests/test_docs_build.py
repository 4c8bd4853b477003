"""The documentation's generated reference pages hold what the code holds, and the site builds in strict
mode. (The examples of the pages run in tests/test_docs.py; the two files run on different workers.)"""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from support import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "docgen"))
import reference  # noqa: E402


# ------------------------------------------------------------------------------ generated reference

def test_command_reference_has_every_command_and_option():
    import argparse

    from functiegebouw.cli.main import COMMANDS, build_parser

    page = reference.cli_page()
    # the section of each command: from its heading to the next heading; its table's first cells
    sections = dict(re.findall(r"^#+ `([^`]+)`\n(.*?)(?=^#+ `|\Z)", page, re.M | re.S))
    for name in COMMANDS:
        parser = reference.subcommands(build_parser(name))[name]
        todo = [(f"fgr {name}", parser)]
        while todo:
            prog, p = todo.pop()
            assert prog in sections, prog
            first_cells = [row.split(" | ")[0] for row in sections[prog].splitlines() if row.startswith("| `")]
            for action in p._actions:
                if isinstance(action, (argparse._HelpAction, argparse._SubParsersAction)):
                    continue
                for flag in action.option_strings or [action.metavar or action.dest]:
                    assert any(re.search(rf"(^|[ `,]){re.escape(flag)}([ `,]|$)", c) for c in first_cells), f"{prog} {flag}"
                assert (action.help or "").split(" (")[0][:40] in sections[prog], f"{prog} {action.dest}: help"
            todo += [(f"{prog} {n}", s) for n, s in reference.subcommands(p).items()]
    assert reference.cli_page() == page  # deterministic


def test_query_reference_has_every_query_its_parameters_and_an_answer(fgr_store):
    from functiegebouw.sparql.query import catalogue

    page = reference.queries_page(fgr_store)
    for q in catalogue():
        section = page.split(f"## `{q.name}`", 1)[1].split("\n## ", 1)[0]
        assert q.title in section
        for p in q.params:
            assert f"| `{p.name}` | {p.type} |" in section
            # the English reference: the English description, with the Dutch one after it as the titles have it
            row = next(r for r in section.splitlines() if r.startswith(f"| `{p.name}` |"))
            dutch = reference.cell(p.description_in("nl")).replace("*", "\\*")
            assert row.endswith(f"| {reference.cell(p.description_in('en'))} (nl: *{dutch}*) |"), row
        assert "Example answer (" in section
        result = fgr_store.query(q.name, {k: v[0] if len(v) == 1 else v for k, v in q.examples.items()})
        assert f"({len(result.rows)} row" in section
        if result.rows:  # the first row of the answer, cell by cell
            assert "| " + " | ".join(reference.cell("" if v is None else v) for v in result.rows[0]) + " |" in section


def test_shape_reference_has_every_shape_with_its_message_and_both_examples():
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    from functiegebouw.validation.shacl import shape_files

    page = reference.shapes_page()
    shapes = Graph()
    for path in shape_files():
        shapes.parse(path, format="turtle")
    names = {str(s).rsplit("#", 1)[1] for kind in ("NodeShape", "PropertyShape")
             for s in shapes.subjects(RDF.type, URIRef(reference.SH + kind))
             for ns in (reference.FGR_SH, reference.LINK_SH) if str(s).startswith(ns)}
    assert len(names) >= 25 + 8  # the profile shapes and the link shapes
    for name in sorted(names):
        section = page.split(f"### {name}\n", 1)[1].split("\n### ", 1)[0]
        assert "- en: `" in section and "- nl: `" in section, name
        assert "Passing example" in section and "Failing example" in section, name
        reported = section.split("What `fgr validate` reports on it:", 1)[1]
        assert re.search(r"- (Violation|Warning|Info): ", reported), name  # the failing fixture fires it


def test_ontology_and_sssom_reference():
    page = reference.ontology_page()
    for term in ("JobGroup", "Typification", "requiresCompetency", "statedTotal"):
        assert f"### {term}\n" in page
    sssom = reference.sssom_page(FIXTURES / "mappings")
    for path in sorted((FIXTURES / "mappings").glob("*.sssom.tsv")):
        rows = [l for l in path.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")][1:]
        assert f"## `{path.name}`\n\n{len(rows)} mappings." in sssom


def test_site_builds_in_strict_mode(tmp_path, fgr_data):
    """The whole site, with the generated pages, and no warning (strict); the notebook is not executed
    here (tests/test_notebook.py runs it; `make docs` executes it into the page)."""
    pytest.importorskip("mkdocs")
    out = tmp_path / "site"
    env = dict(os.environ, FGR_DOCS_EXECUTE="false", PYTHONPATH=str(ROOT / "src"), NO_MKDOCS_2_WARNING="1",
               FGR_DATA=str(fgr_data))  # the example answers from the fixtures, not from data/
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert not re.search(r"^(WARNING|ERROR)\s+-", proc.stderr, re.M), proc.stderr[-4000:]
    for page in ("index.html", "reference/cli.html", "reference/queries.html", "reference/shapes.html",
                 "reference/ontology.html", "reference/api.html", "notebooks/explore.html"):
        assert (out / page).is_file(), page
    assert "fgr-convert" in (out / "reference" / "cli.html").read_text(encoding="utf-8")


def test_make_docs_installs_the_docs_extra_and_builds_strictly():
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    names = {re.split(r"[<>=\[]", r)[0] for r in extras["docs"]}
    assert {"mkdocs", "mkdocs-material", "mkdocstrings", "mkdocs-jupyter"} <= names
    assert all(re.search(r">=\d", r) for r in extras["docs"])  # every one with a lower bound
    plan = subprocess.run(["make", "-n", "-B", "docs"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "pip install --quiet -e '.[docs]'" in plan and "mkdocs build --strict" in plan
    # CI builds the site once, in the suite (test_site_builds_in_strict_mode): the test extras it
    # installs include the docs extra, so that test runs there instead of being skipped
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    venv_test = subprocess.run(["make", "-n", "-B", "venv-test"], cwd=ROOT, capture_output=True, text=True).stdout
    assert re.search(r"pip install --quiet -e '\.\[[^\]]*\bdocs\b[^\]]*\]'", venv_test), venv_test
