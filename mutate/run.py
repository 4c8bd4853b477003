"""Mutation testing of the parser, the SHACL shapes' SPARQL and the query binding (``make mutate``).

Why not mutmut 3: it runs the tests in-process on trampolined copies under ``mutants/``, but many of
our tests run ``python -m functiegebouw.cli`` in a subprocess and read ``ontology/`` beside the
package, and it cannot mutate the SPARQL inside ``ontology/shapes.ttl`` at all. This script is small
instead: it copies the checkout to a scratch folder, applies one mutant at a time to the copy (a
token-level change of an operator or a number), runs the tests of that target there (``-x``, the
copy's ``src/`` first on ``PYTHONPATH``, so subprocesses see the mutant too) and records whether a
test failed (killed), none did (survived) or it hung (timeout, counted as killed).

    python mutate/run.py [--target parse|query|shapes] [--list] [--limit N] [--only ID,ID]

For query.py only the binding is mutated (FUNCTIONS): terms, the VALUES block and where it goes,
lexical typing, prepare().

Results go to mutate/RESULTS.md. Lines marked ``# pragma: no mutate`` are skipped.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tokenize
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TARGETS = {
    "parse": ("src/functiegebouw/source/parse.py", ["tests/source/test_parse.py"]),
    "query": ("src/functiegebouw/sparql/query.py", ["tests/sparql/test_query_api.py"]),
    "shapes": ("ontology/shapes.ttl", ["tests/validation/test_shapes.py", "tests/validation/test_validate.py"]),
}
# Only these functions of a target are mutated (the rest of query.py reads headers, not bindings).
FUNCTIONS = {"query": {"_escape_string", "iri_term", "_typed", "to_term", "_where_group", "_values_block", "bind",
                       "from_lexical", "prepare"}}

# Python operators and their mutants (as mutmut does: each comparison to its neighbours, and/or swapped).
PY_OPS = {"==": ["!="], "!=": ["=="], "<": ["<="], "<=": ["<"], ">": [">="], ">=": [">"],
          "+": ["-"], "*": ["/"], "//": ["*"], "%": ["*"]}
PY_NAMES = {"and": "or", "or": "and", "True": "False", "False": "True", "is": "is not", "in": "not in"}
# SPARQL operators inside sh:select (IRIs and strings are skipped, so '<' of an IRI is never touched).
SPARQL_OPS = {"!=": ["=", ">", "<"], "=": ["!="], "<": ["<="], "<=": ["<"], ">": [">="], ">=": [">"], "&&": ["||"],
              "||": ["&&"]}


@dataclass
class Mutant:
    target: str
    id: str
    line: int
    old: str
    new: str
    start: int  # character offset in the file
    end: int

    def apply(self, text: str) -> str:
        return text[: self.start] + self.new + text[self.end:]

    def describe(self, text: str) -> str:
        src = text.splitlines()[self.line - 1].strip()
        return f"{self.id}  line {self.line}: {self.old!r} -> {self.new!r}   {src[:100]}"


def _offsets(text: str) -> list[int]:
    starts, pos = [0], 0
    for line in text.splitlines(keepends=True):
        pos += len(line)
        starts.append(pos)
    return starts


def python_mutants(target: str, text: str) -> list[Mutant]:
    lines = text.splitlines()
    starts = _offsets(text)
    out: list[Mutant] = []
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    docstring_lines = _docstring_lines(text)
    for i, tok in enumerate(tokens):
        row, col = tok.start
        if row > len(lines) or "pragma: no mutate" in lines[row - 1] or row in docstring_lines \
                or lines[row - 1].lstrip().startswith("@"):
            continue
        begin, end = starts[row - 1] + col, starts[tok.end[0] - 1] + tok.end[1]
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.type == tokenize.OP and tok.string in PY_OPS:
            # unary +/- and * of *args are not arithmetic
            if tok.string in ("+", "*") and (prev is None or prev.type == tokenize.OP and prev.string in "([{,=:"
                                             or prev.type == tokenize.NAME and prev.string in ("return", "in", "lambda")):
                continue
            for new in PY_OPS[tok.string]:
                out.append(Mutant(target, "", row, tok.string, new, begin, end))
        elif tok.type == tokenize.NAME and tok.string in PY_NAMES:
            if tok.string == "is" and nxt is not None and nxt.string == "not":
                out.append(Mutant(target, "", row, "is not", "is", begin, starts[nxt.end[0] - 1] + nxt.end[1]))
                continue
            if tok.string == "in" and prev is not None and prev.string == "not":
                out.append(Mutant(target, "", row, "not in", "in", starts[prev.start[0] - 1] + prev.start[1], end))
                continue
            if tok.string == "in" and _after_for(tokens, i):
                continue  # the "in" of a for loop or comprehension
            if tok.string == "is" and prev is not None and prev.string == "import":
                continue
            out.append(Mutant(target, "", row, tok.string, PY_NAMES[tok.string], begin, end))
        elif tok.type == tokenize.NAME and tok.string == "not" and nxt is not None and nxt.string != "in":
            # "not x" -> "x"
            out.append(Mutant(target, "", row, "not ", "", begin, starts[nxt.start[0] - 1] + nxt.start[1]))
        elif tok.type == tokenize.NUMBER:
            value = tok.string
            if re.fullmatch(r"\d+", value):
                out.append(Mutant(target, "", row, value, str(int(value) + 1), begin, end))
            elif re.fullmatch(r"\d*\.\d+", value):
                out.append(Mutant(target, "", row, value, f"{float(value) * 1.08:.2f}", begin, end))
    return _numbered(out)


def _after_for(tokens, i) -> bool:
    """Token i ("in") ends the target list of a ``for``: only names, commas and brackets lie between."""
    j = i - 1
    while j >= 0 and (tokens[j].type == tokenize.NAME and tokens[j].string != "for"
                      or tokens[j].type == tokenize.OP and tokens[j].string in ",()[]"):
        j -= 1
    return j >= 0 and tokens[j].string == "for"


def _docstring_lines(text: str) -> set[int]:
    import ast

    found: set[int] = set()
    for node in ast.walk(ast.parse(text)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
            found.update(range(body[0].lineno, body[0].end_lineno + 1))
    return found


_SELECT = re.compile(r'sh:select\s+"""(.*?)"""', re.S)
_SPARQL_TOKEN = re.compile(r'<[^\s<>"{}|^`\\]*>|"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*'
                           r'|!=|<=|>=|&&|\|\||[<>=]|\bNOT\s+EXISTS\b|\bNOT\s+IN\b|\b\d+\b', re.I)
_CORE_NUMBER = re.compile(r"\bsh:(minCount|maxCount|minInclusive|maxInclusive|minExclusive|maxExclusive|"
                          r"qualifiedMinCount|qualifiedMaxCount)\s+(\d+)")


def shape_mutants(target: str, text: str) -> list[Mutant]:
    """Operators in the SPARQL of sh:select, NOT EXISTS/NOT IN, numbers there and in the core constraints."""
    out: list[Mutant] = []
    starts = _offsets(text)

    def line_of(offset):
        import bisect

        return bisect.bisect_right(starts, offset)

    for block in _SELECT.finditer(text):
        base = block.start(1)
        for tok in _SPARQL_TOKEN.finditer(block.group(1)):
            s, begin, end = tok.group(0), base + tok.start(), base + tok.end()
            if s[0] in "<\"'#" and s not in SPARQL_OPS and not s.startswith("<="):
                continue  # an IRI, a string or a comment
            upper = " ".join(s.upper().split())
            if upper == "NOT EXISTS":
                out.append(Mutant(target, "", line_of(begin), s, "EXISTS", begin, end))
            elif upper == "NOT IN":
                out.append(Mutant(target, "", line_of(begin), s, "IN", begin, end))
            elif s.isdigit():
                out.append(Mutant(target, "", line_of(begin), s, str(int(s) + 1), begin, end))
            else:
                for new in SPARQL_OPS[s]:
                    out.append(Mutant(target, "", line_of(begin), s, new, begin, end))
    for m in _CORE_NUMBER.finditer(text):
        begin, end = m.start(2), m.end(2)
        n = int(m.group(2))
        for new in {n + 1, max(n - 1, 0)} - {n}:
            out.append(Mutant(target, "", line_of(begin), m.group(2), str(new), begin, end))
    out.sort(key=lambda m: m.start)
    return _numbered(out)


def _numbered(mutants: list[Mutant]) -> list[Mutant]:
    for n, m in enumerate(mutants, 1):
        m.id = f"{m.target}-{n}"
    return mutants


def mutants_of(target: str) -> tuple[str, list[Mutant]]:
    path = ROOT / TARGETS[target][0]
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ttl":
        return text, shape_mutants(target, text)
    mutants = python_mutants(target, text)
    if target in FUNCTIONS:
        import ast

        spans = [(n.lineno, n.end_lineno) for n in ast.walk(ast.parse(text))
                 if isinstance(n, ast.FunctionDef) and n.name in FUNCTIONS[target]]
        mutants = _numbered([m for m in mutants if any(a <= m.line <= b for a, b in spans)])
    return text, mutants


def scratch_copy() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="fgr-mutate-"))
    ignore = shutil.ignore_patterns(".git", ".venv", ".store", "__pycache__", ".pytest_cache", ".hypothesis",
                                    "mutants", "*.egg-info")
    for entry in ROOT.iterdir():
        if entry.name in (".git", ".venv", ".store", ".pytest_cache", ".hypothesis"):
            continue
        dest = folder / entry.name
        if entry.is_dir():
            shutil.copytree(entry, dest, ignore=ignore)
        else:
            shutil.copy2(entry, dest)
    return folder


def run_tests(copy: Path, tests: list[str], timeout: float, *, cache: bool = False) -> str:
    env = {**os.environ, "PYTHONPATH": str(copy / "src"), "PYTHONDONTWRITEBYTECODE": "1",
           "FGR_STORE_DIR": str(copy / ".store")}
    if cache:  # the tests' data folder and store, built by the unmutated code once per target
        env["FGR_TEST_DATA_CACHE"] = str(copy / ".fixture-cache")
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *tests]
    try:
        proc = subprocess.run(cmd, cwd=copy, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout"
    if proc.returncode == 0:
        return "survived"
    if proc.returncode in (1, 2):  # a test failed, or the mutant broke the import (collection error)
        return "killed"
    return f"error {proc.returncode}: {proc.stdout[-300:]}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--target", action="append", choices=sorted(TARGETS))
    ap.add_argument("--list", action="store_true", help="print the mutants and stop")
    ap.add_argument("--limit", type=int, help="at most N mutants per target")
    ap.add_argument("--only", help="comma-separated mutant ids")
    ap.add_argument("--results", default=str(ROOT / "mutate" / "RESULTS.md"))
    args = ap.parse_args(argv)
    targets = args.target or list(TARGETS)
    only = set(args.only.split(",")) if args.only else None

    if args.list:
        for target in targets:
            text, mutants = mutants_of(target)
            for m in mutants:
                print(m.describe(text))
        return 0

    copy = scratch_copy()
    report = [f"# Mutation testing (`make mutate`)\n", f"Run {time.strftime('%Y-%m-%d')} with `mutate/run.py`; "
              f"a mutant is killed when a test of its target fails or hangs.\n"]
    total_survivors = 0
    try:
        for target in targets:
            rel, tests = TARGETS[target]
            text, mutants = mutants_of(target)
            if only:
                mutants = [m for m in mutants if m.id in only]
            if args.limit:
                mutants = mutants[: args.limit]
            # the query binding does not build the data: its mutants reuse one fixture data folder and store
            cache = target == "query"
            shutil.rmtree(copy / ".fixture-cache", ignore_errors=True)
            start = time.monotonic()
            if run_tests(copy, tests, 900, cache=cache) != "survived":
                print(f"{target}: the tests fail without a mutant; fix them first", file=sys.stderr)
                return 2
            baseline = time.monotonic() - start
            timeout = max(60.0, 3 * baseline)
            results = []
            for n, m in enumerate(mutants, 1):
                (copy / rel).write_text(m.apply(text), encoding="utf-8")
                try:
                    outcome = run_tests(copy, tests, timeout, cache=cache)
                finally:
                    (copy / rel).write_text(text, encoding="utf-8")
                results.append((m, outcome))
                print(f"[{target} {n}/{len(mutants)}] {outcome:8} {m.describe(text)}", flush=True)
            survivors = [(m, o) for m, o in results if o == "survived"]
            errors = [(m, o) for m, o in results if o.startswith("error")]
            total_survivors += len(survivors)
            killed = len(results) - len(survivors) - len(errors)
            report.append(f"\n## {target}: `{rel}`\n\nTests: {', '.join(f'`{t}`' for t in tests)}. "
                          f"{len(results)} mutants, {killed} killed, {len(survivors)} survived"
                          + (f", {len(errors)} errors" if errors else "") + ".\n")
            for m, o in survivors + errors:
                report.append(f"- {o}: `{m.describe(text)}`")
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    Path(args.results).write_text("\n".join(report) + "\n", encoding="utf-8")
    print(f"{total_survivors} surviving mutant(s); report in {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
