"""``fgr query``, ``fgr load``, ``fgr serve`` (and ``fgr compare``, below): thin layers over
:func:`functiegebouw.open`. Heavy imports happen inside ``run_*`` so ``fgr --help`` stays fast."""
from __future__ import annotations

import sys

FORMATS = ("table", "csv", "json", "markdown")


def _data_options(parser, *, remote: bool = True) -> None:
    parser.add_argument("--data", action="append", metavar="PATH",
                        help="data folder or file (repeatable; default: the project's data/ plus ontology/)")
    if remote:
        parser.add_argument("--endpoint", metavar="URL",
                            help="SPARQL 1.1 query endpoint (an Oxigraph server's root URL also works)")
        parser.add_argument("--graph", metavar="IRI", help="named graph to use as the default graph")
        parser.add_argument("--timeout", type=float, default=120.0, metavar="S",
                            help="read timeout in seconds for remote endpoints (connect: 10 s)")


def _timeout(args) -> tuple[float, float]:
    return (min(10.0, args.timeout), args.timeout)


# --------------------------------------------------------------------------- query

def configure_query(parser) -> None:
    parser.add_argument("query", nargs="?", metavar="NAME|FILE.rq",
                        help="a named query from queries/ (see --list), a .rq file, or SPARQL text")
    parser.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE",
                        help="bind ?NAME to VALUE (repeatable; repeat a name for several values)")
    parser.add_argument("--format", "-f", choices=FORMATS, default="table",
                        help="table (fits the terminal), csv, json (SPARQL 1.1 results JSON) or markdown")
    parser.add_argument("--width", type=int, metavar="N",
                        help="cut table cells to fit N columns (default: the terminal's width; piped output is not cut)")
    parser.add_argument("--allow-update", action="store_true", help="allow SPARQL UPDATE (refused by default)")
    parser.add_argument("--update-endpoint", metavar="URL", help="SPARQL update endpoint for --allow-update")
    parser.add_argument("--list", action="store_true", help="list the named queries and their parameters")
    _data_options(parser)


def parse_params(items: list[str]) -> dict:
    from functiegebouw.errors import FgrError

    params: dict = {}
    for item in items:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise FgrError(None, None, f"--param expects NAME=VALUE, got {item!r}")
        name = name.strip()
        if name in params:
            params[name] = (params[name] if isinstance(params[name], list) else [params[name]]) + [value]
        else:
            params[name] = value
    return params


def list_queries(out=None) -> None:
    from functiegebouw.sparql.query import catalogue

    out = out or sys.stdout
    for q in catalogue():
        out.write(f"{q.name}\n    {q.title}\n")
        for p in q.params:
            flag = "required" if p.required else "optional"
            out.write(f"    --param {p.name}=…  ({p.type}, {flag}) {p.description}\n")
    out.flush()


def _table_width(args) -> int | None:
    """--width, else the terminal's width; output to a pipe or file keeps every cell whole."""
    import shutil

    if args.width is not None:
        if args.width < 20:
            from functiegebouw.errors import FgrError

            raise FgrError(None, None, f"--width must be at least 20, not {args.width}")
        return args.width
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return None


def run_query(args) -> int:
    from functiegebouw.errors import FgrError
    from functiegebouw.sparql.connect import open as open_store

    if args.list:
        list_queries()
        return 0
    if not args.query:
        raise FgrError(None, None, "give a query name, a .rq file or SPARQL text (fgr query --list shows the names)")
    store = open_store(args.data, endpoint=args.endpoint, update_endpoint=args.update_endpoint,
                       graph=args.graph, timeout=_timeout(args))
    answer = store.query(args.query, parse_params(args.param), allow_update=args.allow_update, lexical=True)
    out = sys.stdout
    if answer is None:
        print("update done", file=sys.stderr)
    elif isinstance(answer, bool):
        if args.format == "json":
            import json

            out.write(json.dumps({"head": {}, "boolean": answer}) + "\n")
        else:
            out.write(("true" if answer else "false") + "\n")
    elif hasattr(answer, "serialize"):  # CONSTRUCT / DESCRIBE: an rdflib Graph
        fmt = {"json": "json-ld", "csv": "nt"}.get(args.format, "turtle")
        out.write(answer.serialize(format=fmt))
    elif args.format == "csv":
        out.write(answer.to_csv())
    elif args.format == "json":
        out.write(answer.to_json())
    elif args.format == "markdown":
        out.write(answer.to_markdown())
    else:
        out.write(answer.to_table(_table_width(args)))
    out.flush()
    return 0


# --------------------------------------------------------------------------- load

def configure_load(parser) -> None:
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


def run_load(args) -> int:
    from functiegebouw.errors import FgrError
    from functiegebouw.sparql.remote import RemoteStore, redact
    from functiegebouw.sparql.store import source_files

    if not args.endpoint:
        raise FgrError(None, None, "--endpoint URL is required (the server's query URL or root)")
    if args.graph_per_source and args.graph:
        raise FgrError(None, None, "--graph and --graph-per-source exclude each other")
    if not args.graph_per_source and args.graph_base:
        raise FgrError(None, None, "--graph-base needs --graph-per-source")
    _inputs, files = source_files(args.data, ontology=not args.no_ontology)
    remote = RemoteStore(args.endpoint, update_endpoint=args.update_endpoint, store_endpoint=args.store_endpoint,
                         timeout=_timeout(args))
    if args.graph_per_source:
        return _load_per_source(remote, files, args)
    from functiegebouw.progress import Progress

    with Progress("uploading", len(files)) as bar:
        count = remote.load(files, args.graph, progress=lambda done, path: bar.update(what=getattr(path, "name", str(path))))
    where = f"graph <{args.graph}>" if args.graph else "the default graph"
    print(f"loaded {count} triples from {len(files)} files into {where} at {redact(remote.endpoint)}")
    return 0


def _load_per_source(remote, files, args) -> int:
    import time

    from functiegebouw.sparql.remote import GRAPH_BASE, redact

    start = time.perf_counter()
    from functiegebouw.progress import Progress

    with Progress("uploading", len(files)) as bar:
        counts = remote.load_per_source(files, base=args.graph_base or GRAPH_BASE, jobs=args.jobs,
                                        progress=lambda done, graph: bar.update())
    seconds = time.perf_counter() - start
    print(f"loaded {sum(counts.values())} triples into {len(counts)} named graphs "
          f"<{args.graph_base or GRAPH_BASE}…> in {seconds:.1f} s at {redact(remote.endpoint)}")
    if remote.shared_triples:
        print(f"note: {remote.shared_triples} triples are in more than one file; a union default graph that is "
              f"a bag (Oxigraph 0.5, Virtuoso) repeats them in query results; see README "
              f"'Loading a large SPARQL server'", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- serve

def configure_serve(parser) -> None:
    parser.add_argument("--port", type=int, default=7878, help="port (default 7878)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--data", action="append", metavar="PATH",
                        help="data folder or file (repeatable; default: the project's data/ plus ontology/)")


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


def serve_command(location, host: str, port: int) -> list[str]:
    return [oxigraph_binary(), "serve-read-only", "--location", str(location), "--bind", f"{host}:{port}"]


def run_serve(args) -> int:
    import os

    from functiegebouw.sparql.store import EmbeddedStore

    store = EmbeddedStore(args.data)
    location = store.location
    # the server inherits the store's shared lock, so that no later build deletes this generation
    # while it serves it; the server opens the cached store itself, read-only
    lock, store._lock = store._lock, None
    store.close()
    del store
    if lock is not None:
        os.set_inheritable(lock.fileno(), True)
    command = serve_command(location, args.host, args.port)
    base = f"http://{args.host}:{args.port}"
    print(f"SPARQL endpoint {base}/query (YASGUI at {base}/), read-only over {location}\n"
          f"Stop with Ctrl-C.", file=sys.stderr, flush=True)
    sys.stdout.flush()
    # Become the server: Ctrl-C and SIGTERM reach it directly and no orphan can be left behind.
    os.execv(command[0], command)
    return 0  # pragma: no cover - execv does not return


# --------------------------------------------------------------------------- compare
# configure_compare(parser) / run_compare(args) for `fgr compare` are written by the
# comparison work (functiegebouw.compare) and go here.
