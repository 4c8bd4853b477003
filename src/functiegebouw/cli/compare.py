"""``fgr compare``: schalen, or functiegroepen, side by side; a thin layer over :mod:`functiegebouw.compare`.

Heavy imports happen inside ``run_compare`` so ``fgr --help`` stays fast.
"""
from __future__ import annotations

import sys

FORMATS = ("text", "markdown", "json", "html")


def configure_compare(parser) -> None:
    parser.add_argument("schalen", nargs="*", type=int, metavar="SCHAAL",
                        help="two or more schalen, e.g. 6 7 (with --functiegroepen: only these shared schalen)")
    parser.add_argument("--functiegroep", type=int, metavar="ID",
                        help="FGR id of the functiegroep (default: the only one with these schalen)")
    parser.add_argument("--kwaliteitenprofielen", action="store_true",
                        help="compare the kwaliteitenprofielen instead of the functietyperingen")
    parser.add_argument("--functiegroepen", nargs="+", type=int, metavar="ID",
                        help="compare two or more functiegroepen instead, e.g. --functiegroepen 527 504: "
                             "kernprofiel, competenties and the functietyperingen of the schalen they share")
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


def _say_cache_built(store, seconds: float) -> None:
    """The first compare over a set of files builds the store cache (seconds): say so on a terminal,
    so that the wait is explained and the next run's speed expected. Piped or in CI: nothing."""
    from functiegebouw.progress import on_terminal

    if getattr(store, "rebuilt", False) and on_terminal(sys.stderr):
        from functiegebouw.i18n import text

        print(text("cache_built", seconds=f"{seconds:.1f}", where=store.cache), file=sys.stderr)


def run_compare(args) -> int:
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
        result = compare(store, schalen=args.schalen, functiegroepen=args.functiegroepen)
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
