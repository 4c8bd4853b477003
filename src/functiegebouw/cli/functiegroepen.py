"""``fgr functiegroepen``: the FGR catalogue as a table (familie, functiegroep, schalen, salary range, profile
loaded or not); a thin layer over :mod:`functiegebouw.catalogue`."""
from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace


def configure_functiegroepen(parser: ArgumentParser) -> None:
    from functiegebouw.catalogue import FORMATS

    parser.add_argument("--familie", metavar="NAAM", help="only this functiefamilie, e.g. Advisering")
    parser.add_argument("--schaal", type=int, metavar="N", help="only the functiegroepen that can be paid at schaal N")
    parser.add_argument("--format", "-f", choices=FORMATS, default="text",
                        help="text (aligned columns), csv, json or md (Markdown)")
    parser.add_argument("--lang", choices=("nl", "en"), default=None,
                        help="language of the headers (default: fgr --lang, else FGR_LANG, else nl)")
    parser.add_argument("--data", action="append", metavar="PATH",
                        help="data folder or file (repeatable; default: the project's data/ plus ontology/)")
    parser.add_argument("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint instead of the local data")


def run_functiegroepen(args: Namespace) -> int:
    from functiegebouw.catalogue import groups, render_table
    from functiegebouw.errors import FgrError
    from functiegebouw.sparql.connect import open as open_store
    from functiegebouw.terminal import for_terminal
    from functiegebouw.i18n import language

    if args.schaal is not None and not 1 <= args.schaal <= 19:
        raise FgrError(None, None, f"--schaal must be a schaal of the CAO Rijk, 1 to 19, not {args.schaal}")
    store = open_store(args.data, endpoint=args.endpoint)
    rows = groups(store, familie=args.familie, schaal=args.schaal)
    if not rows and args.familie is not None and not groups(store, familie=args.familie):
        known = sorted({g.familie for g in groups(store)})
        raise FgrError(None, None, f"no functiefamilie {args.familie[:60]!r} in the catalogue: expected one of "
                                   f"{', '.join(known) or '(no catalogue loaded)'}")
    for_terminal(sys.stdout).write(render_table(rows, args.format, language(args.lang)))
    sys.stdout.flush()
    return 0
