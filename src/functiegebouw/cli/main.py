"""The ``fgr`` command: a thin layer over the Python API.

Each sub-command lives in its own ``cli_*`` module that is imported only when that command runs,
so ``fgr --help`` stays fast (rdflib alone takes ~0.3 s to import).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

# name -> (module, one-line help). The module has ``configure_<name>(parser)`` and ``run_<name>(args) -> int``.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("cli_convert", "convert every profile in data/sources/ to data/*.ttl and print a summary"),
    "convert": ("cli_convert", "convert one FGR profile text to Turtle, JSON-LD or N-Triples"),
    "render": ("cli_convert", "write a profile graph back in the FGR text layout"),
    "validate": ("cli_validate", "check Turtle files against the SHACL shapes"),
    "query": ("cli_query", "run a named query from queries/ or a .rq file"),
    "compare": ("cli_compare", "compare schalen side by side: functietyperingen or kwaliteitenprofielen"),
    "load": ("cli_query", "upload the data to a SPARQL server (Graph Store Protocol)"),
    "serve": ("cli_query", "serve the data as a local SPARQL endpoint"),
    "vocab": ("cli_vocab", "import ESCO, ISCO-08 and CBS BRC 2014 vocabularies"),
    "link": ("cli_vocab", "suggest and check links to ESCO and other vocabularies"),
}


def _available() -> dict[str, tuple[str, str]]:
    here = os.path.dirname(__file__)
    return {name: spec for name, spec in COMMANDS.items()
            if os.path.exists(os.path.join(here, spec[0] + ".py"))}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fgr", description="Knowledge graph of the Functiegebouw Rijksoverheid (FGR).")
    parser.add_argument("--version", action="version", version="functiegebouw 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in _available().items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        if name == command:  # only the chosen command's module is imported
            getattr(importlib.import_module(f"functiegebouw.{module}"), f"configure_{name}")(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((a for a in argv if not a.startswith("-")), None)
    parser = build_parser(command if command in COMMANDS else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    from .errors import FgrError

    module = importlib.import_module(f"functiegebouw.{COMMANDS[args.command][0]}")
    try:
        return int(getattr(module, f"run_{args.command}")(args) or 0)
    except FgrError as exc:
        print(f"fgr {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("fgr: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
