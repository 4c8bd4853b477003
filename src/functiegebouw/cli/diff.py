"""``fgr diff GROUP [DATE1 DATE2]``: what changed in a functiegroep between two readings of the FGR site."""
from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace

FORMATS = ("text", "markdown", "json", "html")


def configure_diff(p: ArgumentParser) -> None:
    p.add_argument("group", type=int, metavar="GROUP", help="numeric id of the functiegroep, e.g. 527")
    p.add_argument("dates", nargs="*", metavar="DATE", help="two reading dates YYYY-MM-DD (default: the last two)")
    p.add_argument("--data", default="data", help="data folder with readings/ (default: data)")
    p.add_argument("--format", "-f", choices=FORMATS, default="text", help="text (default), markdown, json or html")
    p.add_argument("--lang", choices=("nl", "en"), default=None,
                   help="language of the fixed words (default: fgr --lang, else FGR_LANG, else nl)")
    p.add_argument("-o", "--output", help="output file (default: standard output)")


def run_diff(args: Namespace) -> int:
    from functiegebouw.diff import diff_readings, render
    from functiegebouw.i18n import language
    from functiegebouw.errors import FgrError

    if len(args.dates) not in (0, 2):
        raise FgrError(None, None, f"give two reading dates or none, got {len(args.dates)}")
    old, new = (args.dates + [None, None])[:2]
    lang = language(args.lang)
    text = render(diff_readings(args.data, args.group, old, new, lang=lang), args.format, lang)
    if args.output:
        from functiegebouw.rdf.files import write_atomic

        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0
