"""``fgr build``, ``fgr convert`` and ``fgr render``."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from functiegebouw.errors import FgrWarning


def configure_build(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", default="data", help="data folder with sources/ (default: data)")
    p.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help="worker processes (default: one per core); the output is the same for any N")


def warn(command: str, warnings: Iterable[FgrWarning]) -> None:
    """Print what a conversion kept as written but did not understand: one line each, on stderr."""
    from functiegebouw.terminal import printable

    for warning in warnings:
        print(printable(f"fgr {command}: warning: {warning}"), file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    from functiegebouw.convert import build
    from functiegebouw.terminal import printable

    for summary in build(args.data, jobs=args.jobs):
        warn("build", summary.warnings)
        print(printable(summary.line()))
    return 0


def configure_convert(p: argparse.ArgumentParser) -> None:
    p.add_argument("source", help="FGR profile text file")
    p.add_argument("-o", "--output", help="output file (default: standard output)")
    p.add_argument("--format", default="turtle", choices=["turtle", "json-ld", "nt"],
                   help="turtle (default), json-ld or nt (N-Triples); the same triples, byte-identical on every run")
    p.add_argument("--functiegroep-id", type=int, help="FGR id of the functiegroep, e.g. 527")
    p.add_argument("--label", help="name of the functiegroep, e.g. 'Medewerker Communicatie'")
    p.add_argument("--max-bytes", type=int, default=None, help="refuse larger sources (default 20 MB)")
    p.add_argument("--max-lines", type=int, default=None, help="refuse sources with more lines (default 200,000)")
    p.add_argument("--max-line-chars", type=int, default=None, help="refuse longer lines (default 100,000)")


def run_convert(args: argparse.Namespace) -> int:
    from functiegebouw.convert import convert, write_graph
    from functiegebouw.rdf.files import refuse_overwriting_inputs
    from functiegebouw.source.meta import meta_path

    if args.output:  # checked before converting: `-o x.txt` would replace the text with Turtle
        refuse_overwriting_inputs(args.output, [args.source, meta_path(Path(args.source))])
    result = convert(args.source, functiegroep_id=args.functiegroep_id, label=args.label,
                     max_bytes=args.max_bytes, max_lines=args.max_lines, max_line_chars=args.max_line_chars)
    warn("convert", result.warnings)
    if args.output:
        write_graph(result.triples, args.output, args.format)
        if sys.stdout.isatty():  # a person at a terminal sees what was written; a script's output stays empty
            from functiegebouw.convert import Summary
            from functiegebouw.terminal import printable

            summary = Summary.of(Path(args.source), Path(args.output), result.profile, len(result.triples))
            print(printable(summary.line()))
    else:
        sys.stdout.buffer.write(result.serialize(args.format))
    return 0


def configure_render(p: argparse.ArgumentParser) -> None:
    p.add_argument("graph", help="Turtle (or other RDF) file of a converted profile")
    p.add_argument("--functiegroep", help="FGR id when the graph holds several functiegroepen")
    p.add_argument("--form", choices=["functiegroep", "kernprofiel", "vergelijk-functietyperingen",
                                      "vergelijk-kwaliteitenprofielen"],
                   help="page form to write (default: the form of the source text; the whole functiegroep "
                        "page for one merged from several texts)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")


def run_render(args: argparse.Namespace) -> int:
    from functiegebouw.rdf.files import refuse_overwriting_inputs, write_atomic
    from functiegebouw.rdf.load import load_graph
    from functiegebouw.render import render

    if args.output:
        refuse_overwriting_inputs(args.output, [args.graph])
    text = render(load_graph([args.graph]), args.functiegroep, path=args.graph, form=args.form)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
