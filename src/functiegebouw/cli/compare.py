"""``fgr compare``: schalen, or functiegroepen, side by side; a thin layer over :mod:`functiegebouw.compare`.

Heavy imports happen inside ``run_compare`` so ``fgr --help`` stays fast.
"""
from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from functiegebouw.sparql.base import Store

FORMATS = ("text", "markdown", "json", "html")


def configure_compare(parser: ArgumentParser) -> None:
    parser.add_argument("schalen", nargs="*", type=int, metavar="SCHAAL",
                        help="two or more schalen, e.g. 6 7 (with --functiegroepen: only these shared schalen)")
    parser.add_argument("--functiegroep", type=int, metavar="ID",
                        help="FGR id of the functiegroep (default: the only one with these schalen)")
    parser.add_argument("--kwaliteitenprofielen", action="store_true",
                        help="compare the kwaliteitenprofielen instead of the functietyperingen")
    parser.add_argument("--functiegroepen", nargs="+", metavar="GROEP",
                        help="compare two or more functiegroepen instead, e.g. --functiegroepen 527 504: two of "
                             "the catalogue (FGR number, name or site identifier) at catalogue level (familie, "
                             "schalen, salary, shared schalen), and the profiles where all have one: kernprofiel, "
                             "competenties and the functietyperingen of the schalen they share")
    parser.add_argument("--format", "-f", choices=FORMATS, default="text",
                        help="text (fits the terminal, coloured on a terminal), markdown, json or html")
    parser.add_argument("--width", type=int, metavar="N",
                        help="text width (default: the terminal's, or 100 when not a terminal)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the changed words in text output (default: auto, on a terminal)")
    parser.add_argument("--lang", choices=("nl", "en"), default=None,
                        help="language of the output (default: fgr --lang, FGR_LANG, else nl)")
    parser.add_argument("--data", action="append", metavar="PATH",
                        help="data folder or file (repeatable; default: the project's data/ plus ontology/)")
    parser.add_argument("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint instead of the local data")
    parser.add_argument("--graph", metavar="IRI", help="named graph to use as the default graph (remote)")
    parser.add_argument("--timeout", type=float, default=120.0, metavar="S",
                        help="read timeout in seconds for remote endpoints (connect: 10 s)")


def _say_cache_built(store: Store, seconds: float) -> None:
    """The first compare over a set of files builds the store cache (seconds): say so on a terminal,
    so that the wait is explained and the next run's speed expected. Piped or in CI: nothing."""
    from functiegebouw.progress import on_terminal

    if getattr(store, "rebuilt", False) and on_terminal(sys.stderr):
        from functiegebouw.i18n import text

        print(text("cache_built", seconds=f"{seconds:.1f}", where=getattr(store, "cache", "")), file=sys.stderr)


def run_compare(args: Namespace) -> int:
    import os
    import shutil

    from functiegebouw.compare import compare, render
    from functiegebouw.sparql.connect import open as open_store

    import time

    started = time.monotonic()
    store = open_store(args.data, endpoint=args.endpoint, graph=args.graph,
                       timeout=(min(10.0, args.timeout), args.timeout))
    _say_cache_built(store, time.monotonic() - started)
    from functiegebouw.errors import FgrError

    if args.functiegroepen is not None:
        if args.kwaliteitenprofielen or args.functiegroep is not None:
            raise FgrError(None, None, "--functiegroepen compares whole functiegroepen: leave out "
                                       "--functiegroep and --kwaliteitenprofielen")
        catalogue_part = _catalogue_comparison(store, args)
        if catalogue_part is not None:
            return _write(catalogue_part, args.format)
        numbers = [int(g) if g.isdigit() else None for g in args.functiegroepen]
        if None in numbers:
            raise FgrError(None, None, f"{args.functiegroepen[numbers.index(None)][:60]!r} is no functiegroep of the "
                                       f"catalogue; give FGR numbers of loaded profiles, or names of the catalogue")
        result = compare(store, schalen=args.schalen, functiegroepen=[n for n in numbers if n is not None])
    else:
        kind = "kwaliteitenprofielen" if args.kwaliteitenprofielen else "functietyperingen"
        result = compare(store, args.functiegroep, args.schalen, kind)
    tty = sys.stdout.isatty()
    color = args.color == "always" or (args.color == "auto" and tty and not os.environ.get("NO_COLOR"))
    width = args.width or (shutil.get_terminal_size((100, 24)).columns if tty else 100)
    text = render(result, args.format, width=width, color=color, lang=args.lang)
    if args.format in ("json", "html"):  # text and markdown escape the data themselves
        from functiegebouw.terminal import for_terminal

        for_terminal(sys.stdout).write(text)
    else:
        sys.stdout.write(text)
    sys.stdout.flush()
    return 0


def _write(text: str, fmt: str) -> int:
    if fmt in ("json", "html"):  # text and markdown escape the data themselves
        from functiegebouw.terminal import for_terminal

        for_terminal(sys.stdout).write(text)
    else:
        sys.stdout.write(text)
    sys.stdout.flush()
    return 0


def _catalogue_comparison(store: Store, args: Namespace) -> str | None:
    """Two functiegroepen of the catalogue: the catalogue comparison, followed by the profile comparison
    when both have a profile loaded. None when they are not both in the catalogue (profiles only, as before)."""
    import html
    import json
    import os
    import shutil

    from functiegebouw.catalogue import compare_groups, find, groups, render_comparison, WORDS
    from functiegebouw.compare import compare, render
    from functiegebouw.errors import FgrError

    keys = args.functiegroepen
    catalogue = groups(store)
    found = []
    for key in keys:
        try:
            found.append(find(store, key, catalogue))
        except FgrError:
            if key.strip().isdigit():  # maybe a loaded profile outside the catalogue
                return None
            raise
    if len(found) != 2:
        if all(g.profiel and g.nummer is not None for g in found):
            return None
        raise FgrError(None, None, "the catalogue compares two functiegroepen: give two")
    a, b = found
    if a.iri == b.iri:
        raise FgrError(None, None, "give two different functiegroepen to compare")
    words = WORDS["nl"]
    fmt = {"text": "text", "markdown": "markdown", "json": "json", "html": "text"}[args.format]
    part = render_comparison(compare_groups(store, a, b), fmt)
    profiles = None
    if a.profiel and b.profiel and a.nummer is not None and b.nummer is not None:
        tty = sys.stdout.isatty()
        color = args.color == "always" or (args.color == "auto" and tty and not os.environ.get("NO_COLOR"))
        width = args.width or (shutil.get_terminal_size((100, 24)).columns if tty else 100)
        profiles = render(compare(store, schalen=args.schalen, functiegroepen=[a.nummer, b.nummer]), args.format,
                          width=width, color=color and args.format == "text")
    if args.format == "json":
        return json.dumps({"catalogus": json.loads(part),
                           "profielen": json.loads(profiles) if profiles else None}, ensure_ascii=False, indent=2) + "\n"
    missing = " en ".join(g.title() for g in (a, b) if not g.profiel)
    tail = (f"\n{words['profiles']}\n\n{profiles}" if profiles
            else f"\n{words['no profiles'].format(names=missing)}\n")
    if args.format == "html":
        return f"<pre>{html.escape(part + (tail if not profiles else ''))}</pre>\n" + (profiles or "")
    return part + tail
