"""`fgr query NAME [-p K=V] [-f F] [--data P]` is read without argparse (issue 28): the fast reading
gives argparse's own answer, and every invocation gives the same bytes and exit code either way."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from functiegebouw.cli import build_parser, main

cli_main = sys.modules["functiegebouw.cli.main"]

# read by the fast path: the same Namespace as argparse's
FAST = [
    ["query", "competenties"],
    ["query", "competenties", "-p", "functiegroep=527"],
    ["query", "competenties", "--param", "functiegroep=527", "-f", "csv"],
    ["query", "-p", "functiegroep=527", "competenties", "--format", "json"],
    ["query", "competenties", "--param=functiegroep=527", "--format=markdown", "--data=x", "--data", "y"],
    ["query", "competenties", "-f", "csv", "-f", "table"],  # the last one counts
    ["query", "competenties", "-p", "a=1", "-p", "a=2", "-p", "b"],
    ["query", "competenties", "-p", ""],
    ["query", ""],
    ["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"],
    ["query", "query"],
    ["--lang", "en", "query", "competenties"],
    ["--lang", "nl", "query", "competenties", "-p", "functiegroep=527"],
]
# left to argparse: help, other options, abbreviations, values like options, errors
FULL = [
    ["query"],
    ["query", "-h"],
    ["query", "competenties", "--help"],
    ["query", "--list"],
    ["query", "competenties", "--raw-csv"],
    ["query", "competenties", "-f", "xml"],
    ["query", "competenties", "--format=xml"],
    ["query", "competenties", "-f"],
    ["query", "competenties", "-p"],
    ["query", "competenties", "-pfunctiegroep=527"],
    ["query", "competenties", "-fcsv"],
    ["query", "competenties", "-p=functiegroep=527"],
    ["query", "competenties", "--par", "functiegroep=527"],
    ["query", "competenties", "--form", "csv"],
    ["query", "competenties", "-p", "-1"],
    ["query", "competenties", "--data", "--x"],
    ["query", "competenties", "other"],
    ["query", "competenties", "--"],
    ["query", "competenties", "--lang", "en"],
    ["--lang", "de", "query", "competenties"],
    ["--lang=en", "query", "competenties"],
    ["--version", "query", "competenties"],
    ["-h", "query", "competenties"],
    ["load", "query"],
    ["query", "competenties", "--endpoint", "http://127.0.0.1:9/"],
    ["query", "competenties", "--data", Path("data")],  # not a str: argparse's own error
]


def argparse_reading(argv: list[str]) -> dict:
    command = next(a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--lang"))
    return vars(build_parser(command).parse_args(argv))


@pytest.mark.parametrize("argv", FAST, ids=" ".join)
def test_the_fast_reading_is_argparses(argv):
    fast = cli_main.fast_query_args(argv)
    assert fast is not None, "the fast path should read this"
    assert vars(fast) == argparse_reading(argv)


@pytest.mark.parametrize("argv", FULL, ids=lambda argv: " ".join(map(str, argv)))
def test_anything_else_goes_to_argparse(argv):
    assert cli_main.fast_query_args(argv) is None


def test_query_reads_no_argparse_on_the_fast_path():
    import subprocess

    code = ("import sys\nfrom functiegebouw.cli.main import fast_query_args\n"
            "fast_query_args(['query', 'x', '-p', 'a=1', '-f', 'csv'])\n"
            "print(sorted({'argparse', 'gettext', 'locale', 'signal'} & set(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.fixture(scope="module")
def store_env(fgr_store, fgr_data):
    """FGR_STORE_DIR of the session's store over fgr_data: the CLI opens it without building."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("FGR_STORE_DIR", str(fgr_store.cache.parent))
        yield str(fgr_data)


def run(argv: list[str], capsys, fast: bool) -> tuple[int, str, str]:
    if not fast:
        original = cli_main.fast_query_args
        cli_main.fast_query_args = lambda argv: None
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code
    finally:
        if not fast:
            cli_main.fast_query_args = original
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("args", [
    ["competenties", "-p", "functiegroep=527", "-f", "csv"],
    ["competenties", "--param=functiegroep=527", "--format", "json"],
    ["salaris-per-schaal", "-f", "markdown"],
    ["functietyperingen", "-p", "functiegroep=527"],  # a table
    ["competenties", "-p", "functiegroep=99999"],  # no such value: the nearest ones, exit 2
    ["competenties", "-p", "nonsense"],  # not NAME=VALUE
    ["no-such-query"],
    ["competenties", "-p", "functiegroep=527", "--data", "/nonexistent/folder"],
    ["SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"],  # refused
], ids=" ".join)
@pytest.mark.parametrize("lang", [[], ["--lang", "en"]], ids=["", "en"])
def test_both_paths_give_the_same_bytes_and_exit_code(store_env, capsys, args, lang):
    data = [] if "--data" in args else ["--data", store_env]
    argv = [*lang, "query", *args, *data]
    assert cli_main.fast_query_args(argv) is not None
    fast = run(argv, capsys, fast=True)
    full = run(argv, capsys, fast=False)
    assert fast == full
    assert fast[1] or fast[2]  # it said something
