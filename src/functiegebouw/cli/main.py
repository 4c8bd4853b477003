"""The ``fgr`` command: a thin layer over the Python API.

Each command group lives in its own module of this package, imported only when that command runs,
so ``fgr --help`` stays fast (rdflib alone takes ~0.3 s to import). The commonest call,
``fgr query NAME [-p K=V] [-f F] [--data P]``, is read without argparse (:func:`fast_query_args`):
argparse brings re, gettext and locale and builds a parser, a third of what ``fgr query`` costs
beyond the query itself (issue 28).
"""
from __future__ import annotations

import sys

# typing, types and argparse only for annotations: every `fgr` process imports this module (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from types import FrameType
    from typing import Any

def _module(name: str) -> Any:
    """The module ``name``, imported: ``__import__``, not importlib (the package and warnings, ~0.5 ms
    of every `fgr` process)."""
    __import__(name)
    return sys.modules[name]


# name -> (module, one-line help). The module has ``configure_<name>(parser)`` and ``run_<name>(args) -> int``.
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("convert", "convert every profile in data/sources/ to data/*.ttl and print a summary"),
    "convert": ("convert", "convert one FGR profile text to Turtle, JSON-LD or N-Triples"),
    "render": ("convert", "write a profile graph back in the FGR text layout"),
    "validate": ("validate", "check Turtle files against the SHACL shapes"),
    "query": ("query", "run a named query from queries/ or a .rq file"),
    "compare": ("compare", "compare schalen side by side: functietyperingen or kwaliteitenprofielen"),
    "functiegroepen": ("functiegroepen", "the FGR catalogue: every functiegroep with familie, schalen, salary, profile"),
    "load": ("query", "upload the data to a SPARQL server (Graph Store Protocol)"),
    "serve": ("query", "serve the data as a local SPARQL endpoint"),
    "site": ("site", "generate the static Linked Data site: a page per IRI, Turtle, JSON-LD, downloads"),
    "vocab": ("vocab", "import ESCO, ISCO-08 and CBS BRC 2014 vocabularies"),
    "link": ("vocab", "suggest and check links to ESCO and other vocabularies"),
    "fetch": ("fetch", "download functiegroepen from the FGR site into dated readings, then build"),
    "diff": ("diff", "what changed in a functiegroep between two readings (fgr fetch)"),
}


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that every clean-up that runs on Ctrl-C runs on it too
    (temporary graphs of ``fgr load``, half-built stores, temporary files)."""


def _terminate_like_interrupt() -> dict[int, Any]:
    """Install the SIGTERM and SIGINT handlers; returns the previous ones (restored when main() returns)."""
    # _signal, not signal: signal.py builds its enums of every signal at import (~1 ms), for nothing here
    signal: Any = _module("_signal")

    def raising(signum: int, exc: type[KeyboardInterrupt]) -> Any:
        def handler(_signum: int, frame: FrameType | None) -> None:
            if frame is not None and frame.f_code.co_name in _CALLBACKS:
                # raised inside a weakref or finaliser callback, the exception would be printed as "Exception
                # ignored" and dropped, and the command would go on to the end: deliver it again in 10 ms
                signal.signal(signal.SIGALRM, handler)
                signal.setitimer(signal.ITIMER_REAL, 0.01)
                return
            # a second signal ends the process at once (SIGTERM) or interrupts the clean-up (Ctrl-C)
            signal.signal(signum, signal.SIG_DFL if signum == signal.SIGTERM else signal.default_int_handler)
            raise exc()
        return handler

    previous: dict[int, Any] = {}
    try:
        previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, raising(signal.SIGTERM, Terminated))
        # Ctrl-C as Python handles it, but safe from the same callbacks; an ignored SIGINT (a command
        # started in the background) stays ignored
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            previous[signal.SIGINT] = signal.signal(signal.SIGINT, raising(signal.SIGINT, KeyboardInterrupt))
    except ValueError:  # not the main thread (main() called from a thread): leave the signals alone
        pass
    return previous


# Functions the interpreter calls from the garbage collector, where a raised exception is swallowed:
# WeakSet's and WeakValueDictionary's removal callbacks, __del__, weakref.finalize.
_CALLBACKS = frozenset({"_remove", "remove", "__del__", "__call__"})


def _columns() -> int:
    """The terminal's width by shutil.get_terminal_size's rule: $COLUMNS, else stdout's terminal, else 80."""
    import os

    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _formatter() -> type[argparse.HelpFormatter]:
    import argparse

    class _Formatter(argparse.HelpFormatter):
        """argparse's own help layout, its width found without importing shutil: argparse makes a
        formatter for every add_argument, and shutil pulls bz2, lzma and fnmatch into every `fgr query`."""

        def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                     width: int | None = None) -> None:
            super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)

    return _Formatter


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    import argparse

    _Formatter = _formatter()
    parser = argparse.ArgumentParser(
        prog="fgr", description="Knowledge graph of the Functiegebouw Rijksoverheid (FGR).", formatter_class=_Formatter)
    parser.add_argument("--version", action="version", version="functiegebouw 0.1.0")
    parser.add_argument("--lang", dest="output_lang", choices=("nl", "en"), default=None,
                        help="language of what people read (default: FGR_LANG, else nl)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        if command is not None and name != command:
            continue  # a command was given: the others' parsers are never shown (~8 ms each run)
        p = sub.add_parser(name, help=help_text, description=help_text, formatter_class=_Formatter)
        if name == command:  # only the chosen command's module is imported
            getattr(_module(f"functiegebouw.cli.{module}"), f"configure_{name}")(p)
    return parser


class FastArgs:
    """What argparse's Namespace holds for ``fgr query`` (the same attributes and values)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


# the options fast_query_args reads, by every spelling argparse accepts in full: (attribute, appended)
_FAST_OPTIONS = {"-p": ("param", True), "--param": ("param", True), "-f": ("format", False),
                 "--format": ("format", False), "--data": ("data", True)}


def fast_query_args(argv: list[str]) -> FastArgs | None:
    """``argv`` as argparse reads it when it is ``[--lang L] query NAME`` with only ``-p``/``--param``,
    ``-f``/``--format`` and ``--data`` options (each value a separate word or after ``=``, none
    starting with ``-``); None for anything else (help, other options, abbreviations, errors),
    which goes to the full parser. tests/cli/test_fast_query_args.py holds the two to the same
    answer for a table of invocations."""
    from functiegebouw.cli.query import FORMATS, QUERY_DEFAULTS

    lang = None
    if argv[:1] == ["--lang"] and len(argv) > 2 and argv[1] in ("nl", "en"):
        lang, argv = argv[1], argv[2:]
    if argv[:1] != ["query"]:
        return None
    values: dict[str, Any] = dict(QUERY_DEFAULTS, param=[], output_lang=lang, command="query")
    if not all(isinstance(word, str) for word in argv):
        return None  # main([... Path ...]) from Python: argparse's own answer
    words = iter(argv[1:])
    for word in words:
        if not word.startswith("-"):
            if values["query"] is not None:
                return None  # a second NAME: argparse's "unrecognized arguments"
            values["query"] = word
            continue
        if word in _FAST_OPTIONS:
            option, value = word, next(words, None)  # None: argparse's "expected one argument"
        elif word.startswith("--") and "=" in word:
            option, _, value = word.partition("=")
            if option not in _FAST_OPTIONS:
                return None
        else:
            return None
        if value is None or value.startswith("-"):
            return None
        name, appended = _FAST_OPTIONS[option]
        if name == "format" and value not in FORMATS:
            return None  # argparse's "invalid choice" message
        if appended:
            values[name] = (values[name] or []) + [value]
        else:
            values[name] = value
    if values["query"] is None:
        return None
    return FastArgs(values)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    fast = fast_query_args(argv) if "query" in argv else None
    if fast is not None:
        return _run("query", fast)
    # the command is the first word that is not an option or the value of `--lang`
    first = next((i for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--lang")),
                 None)
    command = argv[first] if first is not None else None
    # `fgr -h query` shows the main help with every command: only a command that comes first is alone
    alone = command in COMMANDS and not {"-h", "--help", "--version"} & set(argv[:first])
    parser = build_parser(command if alone else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    return _run(args.command, args)


def _run(command: str, args: Any) -> int:
    """Run the chosen command with its arguments (argparse's Namespace or :class:`FastArgs`)."""
    from functiegebouw.errors import FgrError

    module = _module(f"functiegebouw.cli.{COMMANDS[command][0]}")
    from functiegebouw import i18n

    previous = _terminate_like_interrupt()
    chosen = None
    try:
        chosen = i18n.use(args.output_lang)  # before any output; restored below (main() may be called again)
        return int(getattr(module, f"run_{args.command}")(args) or 0)
    except FgrError as exc:
        from functiegebouw.terminal import printable

        print(printable(f"fgr {args.command}: error: {exc}"), file=sys.stderr)
        return 2
    except Terminated:
        print("fgr: terminated", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print("fgr: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except MemoryError:
        print(f"fgr {args.command}: error: out of memory; ask for less (a LIMIT, fewer files) or use a "
              f"machine with more memory", file=sys.stderr)
        return 2
    except OSError as exc:  # the machine, not the input: a full disk, a vanished folder, …
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"fgr {args.command}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    finally:
        i18n.use(chosen)
        if previous:
            signal: Any = _module("_signal")
            for signum, handler in previous.items():
                signal.signal(signum, handler)


if __name__ == "__main__":
    sys.exit(main())
