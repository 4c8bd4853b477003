"""Mutation testing of the parser, the shapes' SPARQL, the query binding and the newer modules (``make mutate``).

Why not mutmut 3: it runs the tests in-process on trampolined copies under ``mutants/``, but many of
our tests run ``python -m functiegebouw.cli`` in a subprocess and read ``ontology/`` beside the
package, and it cannot mutate the SPARQL inside ``ontology/shapes.ttl`` at all. This script is small
instead: it copies the checkout to a scratch folder, applies one mutant at a time to the copy (a
token-level change of an operator or a number), runs the tests of that target there (``-x``, the
copy's ``src/`` first on ``PYTHONPATH``, so subprocesses see the mutant too) and records whether a
test failed (killed), none did (survived) or it hung (timeout, counted as killed).

    python mutate/run.py [--target T] [--list] [--limit N] [--sample N [--seed S]] [--only ID,ID]
    python mutate/run.py --why ID "why it is equivalent"   # note a survivor's reason
    python mutate/run.py --report                          # rebuild RESULTS.md only

Where FUNCTIONS names a target, only those functions are mutated (the binding of query.py, the
variant code of rdf/graph.py, the metrics of links/suggest.py).

Each target's outcomes go to ``mutate/results/<target>.json`` (one record per mutant, keyed by the
mutated source line, column and change, so that they survive line shifts), and ``mutate/RESULTS.md``
is assembled from all of them: two people running different targets do not overwrite each other,
and ``--only`` updates those mutants' records and keeps the rest. ``--sample N`` runs N mutants drawn
with a fixed seed (for a module too large to run whole here) and says "N of M mutants sampled".
A survivor's reason (why it is equivalent, or why no fast test can kill it) is kept with its record
across runs. Lines marked ``# pragma: no mutate`` are skipped.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
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

RESULTS_DIR = ROOT / "mutate" / "results"

# target -> (the file it mutates, the fastest test files that exercise it: run per mutant, -x)
TARGETS = {
    "parse": ("src/functiegebouw/source/parse.py", ["tests/source/test_copies.py", "tests/source/test_parse.py",
                                                   "tests/test_pages.py"]),
    "query": ("src/functiegebouw/sparql/query.py", ["tests/sparql/test_query_api.py"]),
    "shapes": ("ontology/shapes.ttl", ["tests/rdf/test_variants.py", "tests/validation/test_shapes.py",
                                       "tests/validation/test_validate.py", "tests/validation/test_shape_rewrites.py"]),
    "merge": ("src/functiegebouw/source/merge.py", ["tests/source/test_merge.py",
                                                   "tests/source/test_group_profiles.py"]),
    "model": ("src/functiegebouw/source/model.py", ["tests/source/test_model.py", "tests/rdf/test_variants.py",
                                                   "tests/source/test_merge.py",
                                                   "tests/rdf/test_graph.py"]),
    "variants": ("src/functiegebouw/rdf/graph.py", ["tests/rdf/test_variants.py", "tests/rdf/test_graph.py"]),
    "store": ("src/functiegebouw/sparql/store.py", ["tests/sparql/test_store_shared.py",
                                                   "tests/sparql/test_store_currency.py",
                                                   "tests/sparql/test_store_incremental_formats.py"]),
    "files": ("src/functiegebouw/rdf/files.py", ["tests/rdf/test_files_recovery.py",
                                                "tests/rdf/test_security_journal.py",
                                                "tests/rdf/test_reliability_atomic.py"]),
    "http": ("src/functiegebouw/sparql/http.py", ["tests/sparql/test_http_client.py",
                                                 "tests/sparql/test_reliability_remote.py"]),
    "fetch-http": ("src/functiegebouw/fetch/http.py", ["tests/fetch/test_fetch_http_limits.py",
                                                     "tests/fetch/test_fetch.py"]),
    "sssom": ("src/functiegebouw/links/sssom.py", ["tests/links/test_sssom_rows.py",
                                                  "tests/links/test_sssom_hostile.py",
                                                  "tests/links/test_sssom.py"]),
    "mappings": ("src/functiegebouw/links/mappings.py", ["tests/links/test_mappings_small.py",
                                                       "tests/links/test_chain_ties.py"]),
    "suggest": ("src/functiegebouw/links/suggest.py", ["tests/links/test_suggest_metrics.py"]),
    "site-html": ("src/functiegebouw/site/html.py", ["tests/site/test_html_escaping.py", "tests/site/test_hostile.py"]),
    "site-pages": ("src/functiegebouw/site/pages.py", ["tests/site/test_pages_text.py",
                                                  "tests/site/test_html_escaping.py", "tests/site/test_hostile.py",
                                                  "tests/site/test_build.py"]),
    "site-indexes": ("src/functiegebouw/site/indexes.py", ["tests/site/test_indexes_text.py",
                                                      "tests/site/test_start_page_counts.py", "tests/site/test_hostile.py",
                                                      "tests/site/test_search_index_order.py", "tests/site/test_build.py"]),
    "compare": ("src/functiegebouw/compare.py", ["tests/test_compare_rendering.py", "tests/test_compare_versions.py",
                                                "tests/test_compare.py"]),
    "render": ("src/functiegebouw/render.py", ["tests/test_render_text.py", "tests/test_pages.py"]),
    "report": ("src/functiegebouw/validation/report.py", ["tests/validation/test_report_junit.py",
                                                        "tests/validation/test_report_order.py",
                                                        "tests/validation/test_report_safety.py",
                                                        "tests/cli/test_validate_cli.py"]),
}
# Only these functions of a target are mutated (the rest of query.py reads headers, not bindings; of graph.py
# the variant code; of suggest.py the evaluation metrics).
FUNCTIONS = {"query": {"_escape_string", "iri_term", "_typed", "to_term", "_where_group", "_values_block", "bind",
                       "from_lexical", "prepare"},
             "variants": {"part", "typification", "fuwasys"},
             "suggest": {"evaluate", "format_figures"}}

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
                new = f"{float(value) * 1.08:.2f}"
                if float(new) == float(value):  # 0.0 stays 0.0 (and 0.01 rounds back): not a change at all
                    new = repr(float(value) + 1)
                out.append(Mutant(target, "", row, value, new, begin, end))
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
        if entry.name in (".git", ".venv", ".store", ".pytest_cache", ".hypothesis", "build"):
            continue
        dest = folder / entry.name
        if entry.is_dir():
            # not bench/work: a make bench leaves sites of ~70,000 files there, minutes to copy and delete
            shutil.copytree(entry, dest, ignore=lambda d, names: [*ignore(d, names), *(
                ["work"] if Path(d) == ROOT / "bench" else [])])
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


def record_of(m: Mutant, text: str, occurrence: int = 0) -> dict:
    """What a results file keeps of a mutant: where it is, what it changes, and a key that survives line
    shifts (the source line, the column, the change and, for identical lines, which one in file order)."""
    line = text.splitlines()[m.line - 1]
    code = line.strip()
    col = m.start - (len(text[: m.start]) - len(text[: m.start].split("\n")[-1])) - (len(line) - len(line.lstrip()))
    key = f"{code}|{col}|{m.old}->{m.new}" + (f"|#{occurrence + 1}" if occurrence else "")
    return {"id": m.id, "line": m.line, "old": m.old, "new": m.new, "code": code[:100], "key": key}


def records_of(mutants: list[Mutant], text: str) -> dict[str, dict]:
    """{mutant id: record} with keys made unique over the file."""
    seen: dict[str, int] = {}
    out = {}
    for m in mutants:
        base = record_of(m, text)["key"]
        out[m.id] = record_of(m, text, seen.get(base, 0))
        seen[base] = seen.get(base, 0) + 1
    return out


def results_path(target: str) -> Path:
    return RESULTS_DIR / f"{target}.json"


def load_results(target: str) -> dict:
    path = results_path(target)
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    rel, tests = TARGETS[target]
    return {"target": target, "file": rel, "tests": tests, "mutants": 0, "records": []}


def save_results(data: dict) -> None:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    data["records"].sort(key=lambda r: (r["line"], r["key"]))
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    path = results_path(data["target"])
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def merge_outcomes(data: dict, text: str, mutants: list[Mutant], outcomes: dict[str, str], *,
                   replace: bool) -> dict:
    """Fold one run into a target's results. ``replace`` (a full or sampled run) keeps only this run's
    records; otherwise (``--only``) this run's records replace theirs and the rest stay, except those
    whose source line no longer exists (they describe code that has changed). Reasons stay with their key."""
    recs = records_of(mutants, text)
    current = {recs[m.id]["key"]: m for m in mutants}
    old = {r["key"]: r for r in data["records"]}
    why = {k: r["why"] for k, r in old.items() if r.get("why")}
    kept = {} if replace else {k: r for k, r in old.items() if k in current or r.get("legacy")}
    for m in mutants:
        if m.id in outcomes:
            rec = dict(recs[m.id])
            rec["outcome"] = outcomes[m.id]
            if rec["key"] in why:
                rec["why"] = why[rec["key"]]
            kept[rec["key"]] = rec
    for k, rec in kept.items():  # refresh ids and lines of records this run did not touch
        if k in current and not rec.get("legacy"):
            rec.update(id=current[k].id, line=current[k].line)
    data["records"] = list(kept.values())
    data["mutants"] = len(mutants)
    if replace and data.pop("legacy", None) is not None:
        data.pop("notes", None)  # they described the legacy counts this run replaces
    return data


def summary(data: dict) -> tuple[int, int, int, int]:
    """(run, killed, survived, errors) of a target."""
    if "legacy" in data:
        leg = data["legacy"]
        return leg["run"], leg["killed"], leg["survived"], 0
    outs = [r["outcome"] for r in data["records"]]
    survived = outs.count("survived")
    errors = sum(1 for o in outs if o.startswith("error"))
    return len(outs), len(outs) - survived - errors, survived, errors


def write_report(path: Path) -> None:
    """RESULTS.md from every results file: a table of all targets, then each target's survivors and why."""
    datas = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(RESULTS_DIR.glob("*.json"))]
    order = {t: i for i, t in enumerate(TARGETS)}
    datas.sort(key=lambda d: (order.get(d["target"], len(order)), d["target"]))
    out = ["# Mutation testing results (`make mutate`)", "",
           "Assembled by `mutate/run.py` from `mutate/results/<target>.json` (one file per target; do not edit this "
           "file by hand: `python mutate/run.py --why ID TEXT` notes a survivor's reason, `--report` rebuilds it). "
           "A mutant is killed when a test of its target fails, the import breaks or the run hangs (timeout). "
           "Runs on this 2-core machine shared with other jobs; `--only` re-runs update single mutants.", "",
           "| target | file | mutants run | killed | survived | killed % | last run |",
           "|---|---|---|---|---|---|---|"]
    for d in datas:
        run, killed, survived, errors = summary(d)
        total = d.get("legacy", {}).get("total", d["mutants"])
        ran = f"{run}" if run >= total else f"{run} of {total}" + (" (sampled)" if "seed" in d else "")
        pct = f"{100 * killed / run:.0f} %" if run else "-"
        out.append(f"| {d['target']} | `{d['file']}` | {ran} | {killed} | {survived}"
                   + (f" (+{errors} errors)" if errors else "") + f" | {pct} | {d.get('date', '-')} |")
    done = {d["target"] for d in datas}
    for target, (rel, _) in TARGETS.items():
        if target not in done:
            out.append(f"| {target} | `{rel}` | not run yet | | | | |")
    for d in datas:
        run, killed, survived, errors = summary(d)
        total = d.get("legacy", {}).get("total", d["mutants"])
        out += ["", f"### {d['target']}: `{d['file']}`", "",
                f"Tests run per mutant: {', '.join(d['tests'])}. {run} mutants run"
                + (f" ({run} of {total} mutants sampled, seed {d['seed']})" if run < total and "seed" in d
                   else f" (of {total})" if run < total else "")
                + f", {killed} killed, {survived} survived" + (f", {errors} errors" if errors else "") + "."]
        if d.get("notes"):
            out += ["", d["notes"]]
        rest = [r for r in d["records"] if r["outcome"] != "killed" and r["outcome"] != "timeout"]
        if rest:
            out += ["", "| line | mutant | code | why it survives |", "|---|---|---|---|"]
            for r in rest:
                code = r["code"].replace("|", "\\|")
                why = r.get("why", "not yet explained") if r["outcome"] == "survived" else r["outcome"]
                out.append(f"| {r['line']} | `{r['old']}` → `{r['new']}` | `{code[:70]}` | {why} |")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def sample(mutants: list[Mutant], n: int, seed: int, target: str) -> list[Mutant]:
    """N mutants drawn with a seed of the target's name: the same N for the same file and seed."""
    if n >= len(mutants):
        return mutants
    picked = sorted(random.Random(f"{target}:{seed}").sample(range(len(mutants)), n))
    return [mutants[i] for i in picked]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--target", action="append", choices=sorted(TARGETS))
    ap.add_argument("--list", action="store_true", help="print the mutants and stop")
    ap.add_argument("--limit", type=int, help="at most N mutants per target (the first N)")
    ap.add_argument("--sample", type=int, help="N mutants per target drawn with --seed (recorded as sampled)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--only", help="comma-separated mutant ids: update their outcomes, keep the other records")
    ap.add_argument("--why", nargs=2, metavar=("ID", "TEXT"), help="record why a surviving mutant survives")
    ap.add_argument("--report", action="store_true", help="only rebuild RESULTS.md from mutate/results/")
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
    if args.why:
        mid, why = args.why
        target = mid.rsplit("-", 1)[0]
        if target not in TARGETS:
            print(f"--why: no target {target!r} in {mid!r}", file=sys.stderr)
            return 2
        text, mutants = mutants_of(target)
        data = load_results(target)
        key = records_of(mutants, text)[mid]["key"] if mid in records_of(mutants, text) else None
        rec = next((r for r in data["records"] if r["key"] == key), None)
        if rec is None:
            print(f"--why: {mid} has no recorded outcome in {results_path(target)}", file=sys.stderr)
            return 2
        rec["why"] = why
        save_results(data)
        write_report(Path(args.results))
        return 0
    if args.report:
        write_report(Path(args.results))
        return 0

    copy = scratch_copy()
    total_survivors = 0
    try:
        for target in targets:
            rel, tests = TARGETS[target]
            text, mutants = mutants_of(target)
            chosen = [m for m in mutants if m.id in only] if only else mutants
            if args.sample:
                chosen = sample(chosen, args.sample, args.seed, target)
            if args.limit:
                chosen = chosen[: args.limit]
            if not chosen:
                continue
            # the query binding does not build the data: its mutants reuse one fixture data folder and store
            cache = target in ("query", "compare")
            shutil.rmtree(copy / ".fixture-cache", ignore_errors=True)
            start = time.monotonic()
            if run_tests(copy, tests, 900, cache=cache) != "survived":
                print(f"{target}: the tests fail without a mutant; fix them first", file=sys.stderr)
                return 2
            baseline = time.monotonic() - start
            timeout = max(60.0, 3 * baseline)
            outcomes: dict[str, str] = {}
            for n, m in enumerate(chosen, 1):
                (copy / rel).write_text(m.apply(text), encoding="utf-8")
                try:
                    outcome = run_tests(copy, tests, timeout, cache=cache)
                finally:
                    (copy / rel).write_text(text, encoding="utf-8")
                outcomes[m.id] = outcome
                total_survivors += outcome == "survived"
                print(f"[{target} {n}/{len(chosen)}] {outcome:8} {m.describe(text)}", flush=True)
            data = load_results(target)
            data.update(tests=tests, file=rel, date=time.strftime("%Y-%m-%d"))
            partial = bool(only) or (bool(args.limit) and not args.sample)
            if args.sample and not only:
                data["seed"] = args.seed
            elif not partial:
                data.pop("seed", None)
            save_results(merge_outcomes(data, text, mutants, outcomes, replace=not partial))
    finally:
        shutil.rmtree(copy, ignore_errors=True)
    write_report(Path(args.results))
    print(f"{total_survivors} surviving mutant(s); report in {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
