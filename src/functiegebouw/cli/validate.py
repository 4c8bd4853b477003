"""``fgr validate``: check Turtle files, and FGR texts converted on the way, against the SHACL shapes.

Exit status 0 when there are no Violations (Warnings and Info are reported but allowed), 1 when there
are Violations, 2 when a file could not be read (after the others are validated and reported) or for
unusable arguments (raised as FgrError and printed by cli.main).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

INFERENCE = ("none", "rdfs", "owlrl")  # kept here too so that `fgr --help` need not import rdflib
ENGINES = ("auto", "turbo", "pyshacl")
SEVERITIES = ("violation", "warning", "info")


def configure_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="Turtle files, FGR texts (.txt, converted on the way) or folders of either (default: data/; "
                        "folders named vocab/ and sources/ are skipped, and a .txt in a folder needs its .toml)")
    p.add_argument("--severity", choices=SEVERITIES, default="info",
                   help="show findings of this severity and more serious ones: violation, warning, or info (all, "
                        "the default); the summary line counts them all, and the exit status is the same")
    p.add_argument("--inference", choices=INFERENCE, default="none",
                   help="inference before validation (default: none, which is correct: the ontology is always part "
                        "of the data graph). rdfs and owlrl run pySHACL's own modes; note that owlrl's RDFS closure "
                        "compares Python values (true == 1) and adds wrong triples on this data (RDFLib/OWL-RL#61)")
    p.add_argument("--format", choices=["text", "json", "turtle", "github", "junit"], default="text",
                   help="text for people, json for tools, turtle for the standard SHACL validation report, "
                        "github for GitHub Actions annotations (::error file=…,line=…::), junit for GitLab/Jenkins")
    p.add_argument("--lang", choices=["en", "nl"], default=None,
                   help="language of the messages (default: fgr --lang, else FGR_LANG, else nl)")
    p.add_argument("--engine", choices=ENGINES, default="auto",
                   help="SHACL engine: pyshacl-turbo when installed (auto, the default), turbo, or pyshacl "
                        "(the reference; same findings, ~10x slower)")
    p.add_argument("-o", "--output", help="write the report to this file instead of standard output")
    p.add_argument("--changed", action="store_true",
                   help="validate only profiles changed since the last run (the others' findings come from "
                        "its cache); the same findings as a full run")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: one per core)")


def convert_text(path: Path) -> list[Any]:
    """An FGR text's triples (pyoxigraph), converted as ``fgr convert`` does, with the metadata beside it;
    what the converter kept as written but did not understand is said on stderr."""
    import pyoxigraph as ox

    from functiegebouw.cli.convert import warn
    from functiegebouw.convert import convert

    result = convert(path)
    warn("validate", result.warnings)
    return [q.triple for q in ox.parse(result.serialize("nt"), format=ox.RdfFormat.N_TRIPLES)]


def run_validate(args: argparse.Namespace) -> int:
    from functiegebouw.i18n import language
    from functiegebouw.rdf.files import write_atomic
    from functiegebouw.validation.shacl import validate

    result = validate(args.paths or None, inference=args.inference, lang=language(args.lang), engine=args.engine,
                      changed=args.changed, jobs=args.jobs, convert=convert_text).only(args.severity)
    from functiegebouw.terminal import printable

    for error in result.errors:  # one line each on stderr, as every command names bad input (file:line: …)
        print(printable(f"fgr validate: error: {error.where}: {error.message}"), file=sys.stderr)
    text = {"text": result.to_text, "json": result.to_json, "turtle": result.to_turtle, "github": result.to_github,
            "junit": result.to_junit}[args.format]()
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 2 if result.errors else 0 if result.passes else 1
