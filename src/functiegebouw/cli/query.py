"""``fgr query``, ``fgr load``, ``fgr serve`` (and ``fgr compare``, below): thin layers over
:func:`functiegebouw.open`. Heavy imports happen inside ``run_*`` so ``fgr --help`` stays fast."""
from __future__ import annotations

import sys

# typing and argparse only for annotations: not imported by every `fgr query` (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os
    from argparse import ArgumentParser, Namespace
    from typing import TextIO
    from pathlib import Path

    from functiegebouw.sparql.base import Store
    from functiegebouw.sparql.pool import Pool
    from functiegebouw.sparql.remote import RemoteStore

FORMATS = ("table", "csv", "json", "markdown")
# what configure_query's parser gives an option not given (but --param: a new empty list each time);
# main.fast_query_args starts from these, tests/cli/test_fast_query_args.py keeps them equal
QUERY_DEFAULTS = {"query": None, "format": "table", "raw_csv": False, "width": None, "allow_update": False,
                  "update_endpoint": None, "list": False, "max_rows": None, "allow_service": False,
                  "allow_empty": False, "data": None, "endpoint": None, "graph": None, "timeout": 120.0,
                  "max_answer_mb": 1024}


def _data_options(parser: ArgumentParser, *, remote: bool = True) -> None:
    parser.add_argument("--data", action="append", metavar="PATH",
                        help="data folder or file (repeatable; default: the project's data/ plus ontology/)")
    if remote:
        parser.add_argument("--endpoint", metavar="URL",
                            help="SPARQL 1.1 query endpoint (an Oxigraph server's root URL also works)")
        parser.add_argument("--graph", metavar="IRI", help="named graph to use as the default graph")
        parser.add_argument("--timeout", type=float, default=120.0, metavar="S",
                            help="total seconds a remote call may take, answer included (default 120; connect: 10 s)")
        parser.add_argument("--max-answer-mb", type=float, default=1024, metavar="MB",
                            help="refuse remote answers larger than this (default 1024 MB)")


def _timeout(args: Namespace) -> tuple[float, float]:
    from functiegebouw.errors import FgrError

    if not args.timeout > 0 or args.timeout == float("inf"):
        raise FgrError(None, None, f"--timeout must be a positive number of seconds, not {args.timeout}")
    return (min(10.0, args.timeout), args.timeout)


def _max_bytes(args: Namespace) -> int:
    from functiegebouw.errors import FgrError

    mb = getattr(args, "max_answer_mb", 1024)
    if not mb > 0 or mb == float("inf"):
        raise FgrError(None, None, f"--max-answer-mb must be a positive number, not {mb}")
    return max(int(mb * 1024 * 1024), 1)


# --------------------------------------------------------------------------- query

def configure_query(parser: ArgumentParser) -> None:
    parser.add_argument("query", nargs="?", metavar="NAME|FILE.rq",
                        help="a named query from queries/ (see --list), a .rq file, or SPARQL text")
    parser.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                        help="bind ?NAME to VALUE (repeatable; repeat a name for several values)")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table",
                        help="table (fits the terminal), csv, json (SPARQL 1.1 results JSON) or markdown")
    parser.add_argument("--raw-csv", action="store_true",
                        help="with -f csv: cells exactly as in the data; by default a cell that starts like a "
                             "spreadsheet formula (=, +, -, @, tab, CR) gets a leading ' so that no spreadsheet runs it")
    parser.add_argument("--width", type=int, metavar="N",
                        help="cut table cells to fit N columns (default: the terminal's width; piped output is not cut)")
    parser.add_argument("--allow-update", action="store_true", help="allow SPARQL UPDATE (refused by default)")
    parser.add_argument("--update-endpoint", metavar="URL", help="SPARQL update endpoint for --allow-update")
    parser.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    parser.add_argument("--max-rows", type=int, default=None, metavar="N",
                        help="stop with an error after N result rows (default 1,000,000)")
    parser.add_argument("--allow-service", action="store_true",
                        help="let SERVICE clauses (and LOAD) reach other endpoints, from the embedded store or "
                             "through --endpoint (refused by default, before anything is sent)")
    parser.add_argument("--allow-empty", action="store_true",
                        help="accept an empty answer when a parameter value names nothing in the graph "
                             "(by default that is an error naming the nearest values)")
    _data_options(parser)


def parse_params(items: list[str]) -> dict[str, str | list[str]]:
    from functiegebouw.errors import FgrError

    params: dict[str, str | list[str]] = {}  # a name given twice: its values as a list
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise FgrError(None, None, f"--param expects NAME=VALUE, got {item!r}")
        name = name.strip()
        if name in params:
            given = params[name]
            params[name] = (given if isinstance(given, list) else [given]) + [value]
        else:
            params[name] = value
    return params


def list_queries(out: TextIO | None = None) -> None:
    from functiegebouw.sparql.query import catalogue

    from functiegebouw.i18n import text

    out = out or sys.stdout
    for q in catalogue():
        out.write(f"{q.name}\n    {q.title_in()}\n")
        for p in q.params:
            flag = text("required" if p.required else "optional")
            out.write(f"    --param {p.name}=…  ({p.type}, {flag}) {p.description_in()}\n")
    out.flush()


def _table_width(args: Namespace) -> int | None:
    """--width, else the terminal's width; output to a pipe or file keeps every cell whole."""
    import shutil

    if args.width is not None:
        if args.width < 20:
            from functiegebouw.errors import FgrError

            raise FgrError(None, None, f"--width must be at least 20, not {args.width}")
        return int(args.width)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return None


def _warn_unused(store: Store, query: str) -> None:
    """An empty answer: one line on stderr per predicate or class of the query the graph never uses
    (a misspelt property is the usual reason for 0 rows of one's own query)."""
    import os

    from functiegebouw.i18n import text
    from functiegebouw.resources import resource_path
    from functiegebouw.sparql.query import resolve

    named = resolve(query)
    path = named.file  # text, as Path.parent.resolve() compares it: pathlib is not on the query path
    if path is not None and os.path.realpath(os.path.dirname(path)) == os.path.realpath(resource_path("queries")):
        # a named query: written for the data, and its OPTIONAL parts may be unused on purpose; only
        # the data it states it needs (# needs:) is checked
        if "needs:" not in named.text:
            return  # before importing sparql.empty (difflib, decimal)
        from functiegebouw.sparql.empty import missing_needs

        for need in missing_needs(store, named.text):
            print(text("needs", iri=need.iri, hint=need.hint), file=sys.stderr)
        return
    for kind, iri in store.unused_terms(query):
        print(text("unused_" + kind, iri=iri), file=sys.stderr)


def run_query(args: Namespace) -> int:
    from functiegebouw.errors import FgrError
    from functiegebouw.sparql.connect import open as open_store

    if args.list:
        list_queries()
        return 0
    if not args.query:
        raise FgrError(None, None, "give a query name, a .rq file or SPARQL text (fgr query --list shows the names)")
    if args.max_rows is not None and args.max_rows < 1:
        raise FgrError(None, None, f"--max-rows must be at least 1, not {args.max_rows}")
    store = open_store(args.data, endpoint=args.endpoint, update_endpoint=args.update_endpoint,
                       graph=args.graph, timeout=_timeout(args), max_bytes=_max_bytes(args),
                       max_rows=args.max_rows, allow_service=args.allow_service)
    answer = store.query(args.query, parse_params(args.param), allow_update=args.allow_update, lexical=True,
                         allow_empty=args.allow_empty)
    if getattr(answer, "columns", None) is not None and answer.is_empty():
        _warn_unused(store, args.query)
    from functiegebouw.terminal import for_terminal

    out = for_terminal(sys.stdout)  # data can hold control characters: escaped on a terminal
    if answer is None:
        from functiegebouw.i18n import text

        print(text("update_done"), file=sys.stderr)
    elif isinstance(answer, bool):
        if args.format == "json":
            import json

            out.write(json.dumps({"head": {}, "boolean": answer}) + "\n")
        else:
            out.write(("true" if answer else "false") + "\n")
    elif hasattr(answer, "serialize"):  # CONSTRUCT / DESCRIBE: an rdflib Graph
        fmt = {"json": "json-ld", "csv": "nt"}.get(args.format, "turtle")
        out.write(answer.serialize(format=fmt))
    elif args.format == "csv":  # streamed: rows are written as they are read
        answer.write_csv(out, raw=getattr(args, "raw_csv", False))
    elif args.format == "json":
        answer.write_json(out)
    elif args.format == "markdown":
        answer.write_markdown(out)
    else:
        out.write(answer.to_table(_table_width(args)))
    out.flush()
    return 0


# --------------------------------------------------------------------------- load

def configure_load(parser: ArgumentParser) -> None:
    _data_options(parser)
    parser.add_argument("--update-endpoint", metavar="URL", help="SPARQL update endpoint (default: derived for Oxigraph)")
    parser.add_argument("--store-endpoint", metavar="URL", help="Graph Store Protocol endpoint (default: derived for Oxigraph)")
    parser.add_argument("--no-ontology", action="store_true", help="upload the data without ontology/*.ttl")
    parser.add_argument("--graph-per-source", action="store_true",
                        help="put every file into its own named graph <BASE><folder>/<name> (a PUT per graph); "
                             "queries then need a server whose default graph is the union of the named graphs")
    parser.add_argument("--graph-base", metavar="IRI", default=None,
                        help="with --graph-per-source: the graph IRI prefix (default https://w3id.org/functiegebouw/graph/)")
    parser.add_argument("--jobs", "-j", type=int, default=4, metavar="N",
                        help="with --graph-per-source: uploads in parallel (default 4)")
    parser.add_argument("--clean", action="store_true",
                        help="drop the temporary graphs (urn:fgr:load:…) that interrupted loads left, then stop")


def run_load(args: Namespace) -> int:
    from functiegebouw.errors import FgrError
    from functiegebouw.sparql.remote import RemoteStore
    from functiegebouw.sparql.store import source_files

    if not args.endpoint:
        raise FgrError(None, None, "--endpoint URL is required (the server's query URL or root)")
    if args.clean:
        remote = RemoteStore(args.endpoint, update_endpoint=args.update_endpoint, store_endpoint=args.store_endpoint,
                             timeout=_timeout(args), max_bytes=_max_bytes(args))
        dropped = remote.clean()
        print(f"dropped {len(dropped)} temporary graph(s) of interrupted loads at {remote.endpoint}")
        return 0
    if args.graph_per_source and args.graph:
        raise FgrError(None, None, "--graph and --graph-per-source exclude each other")
    if not args.graph_per_source and args.graph_base:
        raise FgrError(None, None, "--graph-base needs --graph-per-source")
    _inputs, files = source_files(args.data, ontology=not args.no_ontology)
    remote = RemoteStore(args.endpoint, update_endpoint=args.update_endpoint, store_endpoint=args.store_endpoint,
                         timeout=_timeout(args), max_bytes=_max_bytes(args))
    if args.graph_per_source:
        return _load_per_source(remote, files, args)
    from functiegebouw.progress import Progress

    with Progress("uploading", len(files)) as bar:
        count = remote.load(files, args.graph, progress=lambda done, path: bar.update(what=getattr(path, "name", str(path))))
    where = f"graph <{args.graph}>" if args.graph else "the default graph"
    print(f"loaded {count} triples from {len(files)} files into {where} at {remote.endpoint}")
    for note in getattr(remote, "notes", []):
        print(f"note: {note}", file=sys.stderr)
    return 0


def _load_per_source(remote: RemoteStore, files: list[Path], args: Namespace) -> int:
    import time

    from functiegebouw.sparql.remote import GRAPH_BASE

    start = time.perf_counter()
    from functiegebouw.progress import Progress

    with Progress("uploading", len(files)) as bar:
        counts = remote.load_per_source(files, base=args.graph_base or GRAPH_BASE, jobs=args.jobs,
                                        progress=lambda done, graph: bar.update())
    seconds = time.perf_counter() - start
    print(f"loaded {sum(counts.values())} triples into {len(counts)} named graphs "
          f"<{args.graph_base or GRAPH_BASE}…> in {seconds:.1f} s at {remote.endpoint}")
    if remote.shared_triples:
        print(f"note: {remote.shared_triples} triples are in more than one file; a union default graph that is "
              f"a bag (Oxigraph 0.5, Virtuoso) repeats them: the named queries are written to give the same "
              f"rows there, your own queries may need DISTINCT (docs/how-to/sparql-server.md)",
              file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- serve

def configure_serve(parser: ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--data", action="append", metavar="PATH",
                        help="data folder or file (repeatable; default: the project's data/ plus ontology/)")
    parser.add_argument("--allow-service", action="store_true",
                        help="run SERVICE clauses (they make the server fetch other URLs; refused by default)")
    parser.add_argument("--cors", nargs="+", action="extend", metavar="ORIGIN",
                        help="let web pages of these origins (e.g. https://example.org, or *) query from a browser "
                             "(off by default: the data may be your own drafts)")
    parser.add_argument("--deadline", type=float, default=30.0, metavar="S",
                        help="stop a query after S seconds (default 30)")
    parser.add_argument("--max-request-kb", type=int, default=1024, metavar="KB",
                        help="refuse requests larger than this (default 1024 KB)")
    parser.add_argument("--workers", type=int, default=16, metavar="N",
                        help="connections served at once; more get 503 (default 16)")
    parser.add_argument("--processes", type=int, default=None, metavar="N",
                        help="SPARQL server processes, each running one query at a time; a query whose client "
                             "goes is cancelled by ending its process (default: one per core, at least 2)")


def oxigraph_binary() -> str:
    """The ``oxigraph`` server executable: beside this Python (a venv), else on PATH."""
    import os
    import shutil

    from functiegebouw.errors import FgrError

    here = os.path.join(os.path.dirname(sys.executable), "oxigraph")
    if os.access(here, os.X_OK):
        return here
    found = shutil.which("oxigraph")
    if not found:
        raise FgrError(None, None, "the oxigraph server is not installed (pip install oxigraph)")
    return found


def serve_command(location: str | os.PathLike[str], host: str, port: int, deadline: float | None = None) -> list[str]:
    import math

    timeout = ["--timeout-s", str(max(1, math.ceil(deadline)))] if deadline else []
    return [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"{host}:{port}", *timeout]


def run_serve(args: Namespace) -> int:
    from functiegebouw.errors import FgrError
    from functiegebouw.process import worker_count
    from functiegebouw.sparql.serve import Limits, parse_origins, serve
    from functiegebouw.sparql.store import EmbeddedStore

    if not 0 < args.port < 65536:
        raise FgrError(None, None, f"--port must be 1 to 65535, not {args.port}")
    if not 0 < args.deadline <= 86400:
        raise FgrError(None, None, f"--deadline must be more than 0 and at most 86400 seconds, not {args.deadline}")
    for flag, value in (("--max-request-kb", args.max_request_kb), ("--workers", args.workers),
                        ("--processes", args.processes if args.processes is not None else 1)):
        if value < 1:
            raise FgrError(None, None, f"{flag} must be at least 1, not {value}")
    # one query per core at once; at least two, so that on one core a quick query need not wait
    # behind a long one until its deadline
    processes = args.processes or max(2, worker_count(None))
    limits = Limits(deadline=args.deadline, max_body=args.max_request_kb * 1024, workers=args.workers)
    cors = parse_origins(args.cors)
    # Kept open while serving: it holds the generation's reader lock, so no clean-up removes it.
    store = EmbeddedStore(args.data)
    location = store.location
    if location is None:  # a store on disk always has one
        store.close()
        raise FgrError(None, None, "the store has no folder to serve")
    host = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{host}:{args.port}"

    def announce(pool: Pool) -> None:
        # only the address users use: the servers' own ports are private to the guard
        print(f"SPARQL endpoint {base}/query (YASGUI at {base}/), read-only over {store.location}"
              f"{'' if args.allow_service else '; SERVICE refused'}; {pool.size} query process(es); queries stop "
              f"after {limits.deadline:g} s{'; CORS for ' + ', '.join(cors) if cors else ''}\nStop with Ctrl-C.",
              file=sys.stderr, flush=True)

    def command(port: int) -> list[str]:
        return serve_command(location, "127.0.0.1", port, limits.deadline)

    try:
        return serve(command, args.host, args.port, processes=processes, allow_service=args.allow_service,
                     announce=announce, limits=limits, cors=cors)
    finally:
        store.close()


# --------------------------------------------------------------------------- compare
# configure_compare(parser) / run_compare(args) for `fgr compare` are written by the
# comparison work (functiegebouw.compare) and go here.
