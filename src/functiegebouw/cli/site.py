"""``fgr site``: the static Linked Data site, a thin layer over :func:`functiegebouw.site.build_site`."""
from __future__ import annotations

import sys

from functiegebouw.cli.query import _data_options, _timeout
from argparse import ArgumentParser, Namespace


def configure_site(parser: ArgumentParser) -> None:
    parser.add_argument("out", nargs="?", default="site", metavar="OUT",
                        help="folder to write the site into (default: site/); replaced whole when done")
    parser.add_argument("--host", metavar="URL",
                        help="where the site will be hosted, for the w3id.org redirects "
                             "(default: https://example.org/functiegebouw/, a placeholder)")
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="worker processes that write the pages (default: one per core); the files "
                             "are the same for any number")
    _data_options(parser)


def run_site(args: Namespace) -> int:
    from functiegebouw.site.build import DEFAULT_HOST, build_site
    from functiegebouw.site.negotiation import check_host
    from functiegebouw.sparql.connect import open as open_store

    if args.host is not None:
        check_host(args.host)  # before the store is read: a bad --host costs nothing

    store = open_store(args.data, endpoint=args.endpoint, graph=args.graph, timeout=_timeout(args))
    summary = build_site(store, args.out, host=args.host or DEFAULT_HOST, jobs=args.jobs)
    print(summary.line())
    for iri, why in summary.skipped:
        print(f"fgr site: warning: no page for {iri[:300]}: {why}", file=sys.stderr)
    if not args.host:
        print(f"fgr site: note: w3id/.htaccess redirects to {DEFAULT_HOST}; give --host URL for the real one",
              file=sys.stderr)
    return 0
