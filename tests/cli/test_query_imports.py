"""`fgr query` imports only what its path needs (issue 28): the modules below cost a raw pyoxigraph
process nothing and `fgr query` a few ms each, so they are imported where they are used."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from decimal import Decimal

# shutil (bz2, lzma) came in through argparse's help formatter, hashlib loads OpenSSL, and
# decimal, datetime, typing, threading, difflib came with modules imported at the top; argparse (with
# gettext and locale) is left to invocations the fast reading of `fgr query NAME -p … -f …` does not
# take, signal.py (which builds an enum of every signal) to the commands that need more than _signal,
# and json to the JSON formats (the store reads its manifest with json's C scanner alone); math
# (a shared library) to the few commands that round with it; pathlib (with urllib.parse, ipaddress,
# fnmatch, ntpath and warnings) to where a Path is handed out: the query path handles its files as text;
# re (with enum, a fifth of the process) to a backslash, a formula-like CSV cell, a terminal, an error:
# the lexer and the checks use string methods, and CSV is written by _csv, not csv.py (which imports re);
# collections and functools (with keyword, operator, reprlib, types: ~11 M instructions) to the modules
# off the query path: its named tuples and caches are records.record and records.cached
DEFERRED = ("shutil", "bz2", "lzma", "hashlib", "_hashlib", "decimal", "datetime", "typing", "threading",
            "difflib", "rdflib", "argparse", "gettext", "locale", "signal", "json", "json.decoder",
            "json.encoder", "json.scanner", "math", "pathlib", "urllib", "urllib.parse", "ipaddress",
            "fnmatch", "ntpath", "warnings", "re", "enum", "csv", "collections", "collections.abc", "functools",
            "keyword", "operator", "reprlib", "types")

RUN = """
import sys
from functiegebouw.cli import main
code = main(sys.argv[1:])
modules = sorted(sys.modules)  # before this script's own json
import json
print(json.dumps([code, modules]), file=sys.stderr)
"""


def query(fgr_data, store_dir, *args: str, fmt: str = "csv") -> tuple[int, str, set[str]]:
    proc = subprocess.run([sys.executable, "-c", RUN, "query", *args, "--data", str(fgr_data), "-f", fmt],
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, FGR_STORE_DIR=str(store_dir)))
    code, modules = json.loads(proc.stderr.strip().splitlines()[-1])
    return code, proc.stdout, set(modules)


def test_a_named_query_with_rows_imports_none_of_the_deferred_modules(fgr_data, tmp_path):
    # files changed (mtime or ctime) within 2 s of a build are checked by their SHA-256 (hashlib) on the
    # next query, so the data must be older than that, as a user's data is: a copy, queried once its
    # newest ctime (which no one can set back) is 2.5 s old
    data = tmp_path / "data"
    shutil.copytree(fgr_data, data, ignore=shutil.ignore_patterns(".fgr-*"))
    newest = max(p.lstat().st_ctime for p in [data, *data.rglob("*")])
    time.sleep(max(0.0, newest + 2.5 - time.time()))
    query(data, tmp_path / "store", "competenties", "-p", "functiegroep=527")  # the first call builds the store
    code, out, modules = query(data, tmp_path / "store", "competenties", "-p", "functiegroep=527")
    assert code == 0 and len(out.splitlines()) > 2  # it answered, with rows
    assert sorted(modules & set(DEFERRED)) == [], sorted(modules & set(DEFERRED))
    # a query with a `# values:` line checks its value on every call (sparql.empty): its header lines and
    # PREFIX lines are read without re, a whole number compared without decimal
    code, out, modules = query(data, tmp_path / "store", "functiegroepen-met-niveau", "-p", "niveau=MBO")
    assert code == 0 and len(out.splitlines()) > 2 and "functiegebouw.sparql.empty" in modules
    assert sorted(modules & set(DEFERRED)) == [], sorted(modules & set(DEFERRED))
    code, out, modules = query(data, tmp_path / "store", "links-essentiele-vaardigheden", "-p", "functiegroep=527")
    assert code == 0 and "functiegebouw.sparql.empty" in modules  # the values of functiegroep: whole numbers
    assert sorted(modules & set(DEFERRED)) == [], sorted(modules & set(DEFERRED))


def test_the_deferred_modules_still_come_where_they_are_needed(fgr_data, fgr_store):
    """A decimal in the answer (the salary query) shown in the table's number format and a value
    that names nothing (the nearest ones, by difflib) import what they need, and the answers are
    right (the session's store: no build). In CSV a plain decimal is written as its own text: no
    Decimal is made, and the cells are the same."""
    store_dir = fgr_store.cache.parent
    code, out, modules = query(fgr_data, store_dir, "competenties", "-p", "functiegroep=99999")
    assert code == 2 and "difflib" in modules  # NoMatch: "no such value", with the nearest ones
    code, table, modules = query(fgr_data, store_dir, "salaris-per-schaal", fmt="table")
    assert code == 0 and "decimal" in modules and "€" in table
    code, out, modules = query(fgr_data, store_dir, "salaris-per-schaal")
    assert code == 0 and "decimal" not in modules and "," in out
    dates = [c for line in out.splitlines()[1:] for c in line.split(",") if len(c) == 10 and c[4] == c[7] == "-"]
    assert "datetime" not in modules and dates  # its dates too are written as their own text
    from functiegebouw.sparql.connect import open as open_store

    store = open_store(fgr_data, store_dir=store_dir)
    try:
        rows = store.query("salaris-per-schaal").rows  # values: Decimals
    finally:
        store.close()
    cells = {c for line in out.splitlines() for c in line.split(",")}
    decimals = {str(v) for row in rows for v in row if isinstance(v, Decimal)}
    assert decimals and decimals <= cells


def test_the_api_still_hands_out_paths(fgr_data, fgr_store):
    """Inside, the query path keeps its files as text; what it hands out are Paths, as before."""
    from pathlib import Path

    from functiegebouw.sparql.query import queries_dir, resolve

    assert isinstance(fgr_store.location, Path) and (fgr_store.location / "complete").is_file()
    assert isinstance(fgr_store.cache, Path) and fgr_store.location.parent == fgr_store.cache
    assert fgr_store.files and all(isinstance(p, Path) and p.is_file() for p in fgr_store.files)
    named = resolve("competenties")
    assert named.path == queries_dir() / "competenties.rq" and isinstance(named.path, Path)
    assert named.file == str(queries_dir() / "competenties.rq")
    assert resolve("SELECT * WHERE { ?s ?p ?o }").path is None
