"""``fgr fetch``: functiegroepen from the FGR site into dated readings, then the graph."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TypeVar

N = TypeVar("N", int, float)


def _positive(kind: Callable[[str], N]) -> Callable[[str], N]:
    def parse(text: str) -> N:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value < 0:
            raise argparse.ArgumentTypeError(f"expected 0 or more, got {text}")
        return value
    return parse


def configure_fetch(p: argparse.ArgumentParser) -> None:
    p.add_argument("targets", nargs="*", metavar="GROUP",
                   help="numeric id (527), a name from the catalogue ('Medewerker Communicatie') or a family "
                        "or group page address")
    p.add_argument("--all", action="store_true", help="every functiegroep of the catalogue")
    p.add_argument("--data", default="data", help="data folder (default: data): readings/, sources/, fetch-cache/")
    p.add_argument("--catalogue", help="catalogue TSV (default: DATA/reference/fgr-catalogue.tsv)")
    p.add_argument("--base-url", default=None,
                   help="the site to ask (default https://www.functiegebouwrijksoverheid.nl); a mirror, or "
                        "http://127.0.0.1:PORT for a local test server")
    p.add_argument("--delay", type=_positive(float), default=1.0,
                   help="seconds between two requests (default 1; one request at a time)")
    p.add_argument("--timeout", type=_positive(float), default=30.0, help="seconds to wait for an answer (default 30)")
    p.add_argument("--max-bytes", type=_positive(int), default=5 * 1024 * 1024,
                   help="refuse a page larger than this (default 5 MB)")
    p.add_argument("--retries", type=_positive(int), default=3,
                   help="retries after 429/503 (honouring Retry-After) or a network error (default 3)")
    p.add_argument("--no-build", action="store_true", help="keep the readings and sources, do not run fgr build")


def run_fetch(args: argparse.Namespace) -> int:
    from functiegebouw.errors import FgrError
    from functiegebouw.fetch.http import Client, Policy
    from functiegebouw.fetch.run import FAILED, SKIPPED, Fetcher, update_sources
    from functiegebouw.fetch.site import SITE, find_catalogue, load_catalogue, resolve, start
    from functiegebouw.progress import Progress
    from functiegebouw.terminal import printable

    if not args.targets and not args.all:
        raise FgrError(None, None, "name the functiegroepen to fetch (ids, names, page addresses) or give --all")
    client = Client(args.base_url or SITE, Policy(delay=args.delay, timeout=args.timeout or 30.0,
                                                   max_bytes=args.max_bytes or 1, retries=args.retries))
    catalogue_path = args.catalogue or find_catalogue(args.data)
    catalogue = load_catalogue(catalogue_path) if catalogue_path else []
    if args.all and not catalogue:
        raise FgrError(None, None, f"--all needs the catalogue: no {args.data}/reference/fgr-catalogue.tsv "
                                   "(or give --catalogue FILE)")
    targets = [(t, *resolve(t, catalogue, client.base)) for t in args.targets]
    if args.all:
        targets += [(g.name, *start(g, client.base)) for g in catalogue]
    progress = Progress("fetching", len(targets))
    fetcher = Fetcher(args.data, client, on_page=lambda r: progress.update(0, r.url))
    results = []
    for target, group, first in targets:
        results.append(fetcher.group(target, group, first))
        progress.update(1)
    progress.close()
    fetcher.finish()  # every group was tried: the next run starts afresh
    counts: dict[str, int] = {}
    for result in results:
        for page in result.pages:
            counts[page.status] = counts.get(page.status, 0) + 1
        if result.failed:
            print(printable(f"fgr fetch: failed: {result.target}: {result.failed}"), file=sys.stderr)
        elif result.group_id is not None:  # a group that did not fail has its id
            update_sources(args.data, result.group_id, result.label)
        for page in result.pages:
            if page.status in (FAILED, SKIPPED) and page.why and page.why not in (result.failed or ""):
                print(printable(f"fgr fetch: {page.status}: {page.url}: {page.why}"), file=sys.stderr)
    ok = [r for r in results if not r.failed]
    for result in ok:
        print(printable(f"{result.group_id} {result.label or ''}: {len(result.pages)} page(s) -> {result.reading}"))
    order = ("fetched", "unchanged", "resumed", "skipped", "failed")
    print(f"{len(ok)} of {len(results)} functiegroep(en): " +
          ", ".join(f"{counts.get(k, 0)} {k}" for k in order) + f" ({client.requests} request(s))")
    if ok and not args.no_build:
        from functiegebouw.cli.convert import warn
        from functiegebouw.convert import build

        for summary in build(args.data):
            warn("fetch", summary.warnings)
            print(printable(summary.line()))
    return 0 if len(ok) == len(results) else 1
