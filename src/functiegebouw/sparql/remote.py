"""Remote SPARQL 1.1 endpoints: queries, updates and Graph Store Protocol uploads.

Every call goes through :mod:`functiegebouw.sparql.http`: a total deadline (``timeout``), a size
cap, bounded retries with exponential back-off on 5xx answers and connection errors, no redirects,
and one-line :class:`FgrError` messages. Credentials come from ``FGR_ENDPOINT_USER`` /
``FGR_ENDPOINT_PASSWORD`` (for the query endpoint's origin), user:password@ in a URL, or
``~/.netrc`` (``$NETRC``); they are sent as HTTP basic auth to their own origin only and never
appear in messages. SELECT answers are parsed a binding at a time, so a large answer streams.
"""
from __future__ import annotations

import os
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from functiegebouw.errors import FgrError, Where
from functiegebouw.rdf import iris
from functiegebouw.sparql.base import Store, guard, is_update, refuse_update
from functiegebouw.sparql.http import (DEFAULT_MAX_BYTES, RETRY_STATUS, Answer, Url, netrc_credentials, parse_url,
                                       redact, request)
from functiegebouw.sparql.query import iri_term, query_form

if TYPE_CHECKING:
    from rdflib import Graph

# seconds, or (connect, total)
Timeout = float | tuple[float, float]

GRAPH_BASE = iris.GRAPH  # fgr load --graph-per-source
TEMP_GRAPH = "urn:fgr:load:"  # temporary graphs of fgr load; ``fgr load --clean`` drops leftovers

__all__ = ["RemoteStore", "endpoints", "credentials", "http_request", "redact", "graph_name", "graph_names",
           "RETRY_STATUS", "GRAPH_BASE", "TEMP_GRAPH"]


# --------------------------------------------------------------------------- URLs and credentials

def _endpoint_urls(url: str, update_endpoint: str | None = None,
                   store_endpoint: str | None = None) -> dict[str, Url | None]:
    query = parse_url(url)
    path = query.target.split("?", 1)[0].rstrip("/")
    base: Url | None = None
    if path == "":
        base, query = query.with_target(""), query.with_target("/query")
    elif path.endswith("/query") and "?" not in query.target:
        base = query.with_target(path[: -len("/query")])
    def sibling(name: str) -> Url | None:
        return base.with_target(base.target + "/" + name) if base else None

    return {"query": query,
            "update": parse_url(update_endpoint) if update_endpoint else sibling("update"),
            "store": parse_url(store_endpoint) if store_endpoint else sibling("store")}


def endpoints(url: str, update_endpoint: str | None = None,
              store_endpoint: str | None = None) -> dict[str, str | None]:
    """Query, update and Graph Store URLs (printable, without credentials). An Oxigraph server's
    root or ``…/query`` URL is enough: the others are its siblings ``/update`` and ``/store``."""
    return {k: (str(v) if v is not None else None) for k, v in _endpoint_urls(url, update_endpoint, store_endpoint).items()}


def credentials(url: str | Url, *, environment: bool = True) -> tuple[str, str] | None:
    """(user, password) from the environment, the URL, or the netrc file; None if there are none."""
    if environment:
        user, password = os.environ.get("FGR_ENDPOINT_USER"), os.environ.get("FGR_ENDPOINT_PASSWORD")
        if user is not None or password is not None:
            return user or "", password or ""
    parsed = url if isinstance(url, Url) else parse_url(url)
    if parsed.user is not None:
        return parsed.user, parsed.password or ""
    return netrc_credentials(parsed)


def _timeouts(timeout: Timeout) -> tuple[float, float]:
    if isinstance(timeout, (tuple, list)):
        connect, total = float(timeout[0]), float(timeout[1])
    else:
        connect = total = float(timeout)
    if not (connect > 0 and total > 0) or total != total or total == float("inf"):
        raise FgrError(None, None, f"--timeout must be a positive number of seconds, not {timeout!r}")
    return connect, total


def http_request(method: str, url: str, *, body: bytes = b"", headers: dict[str, str] | None = None,
                 timeout: Timeout = (10.0, 120.0), retries: int = 3, backoff: float = 0.5,
                 auth: tuple[str, str] | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """One HTTP request (see :func:`functiegebouw.sparql.http.request`); returns the 2xx body."""
    connect, total = _timeouts(timeout)
    return request(method, parse_url(url), body=body, headers=headers, auth=auth, deadline=total,
                   connect_timeout=connect, max_bytes=max_bytes, retries=retries, backoff=backoff).read()


# --------------------------------------------------------------------------- the remote store

class RemoteStore(Store):
    backend = "remote"

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, graph: str | None = None,
                 timeout: Timeout = (10.0, 120.0), retries: int = 3, backoff: float = 0.5,
                 store_endpoint: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, max_rows: int | None = None,
                 allow_service: bool = False) -> None:
        urls = _endpoint_urls(endpoint, update_endpoint, store_endpoint)
        query_url = urls["query"]
        assert query_url is not None  # the query URL is always parsed
        self.urls_parsed = urls
        self.query_url = query_url
        self.urls = {k: (str(v) if v is not None else None) for k, v in urls.items()}
        self.endpoint = self.urls["query"]
        # Credentials belong to an origin: the environment's and the query URL's to the query
        # endpoint's; an update or store endpoint elsewhere gets only its own (URL or netrc).
        query_auth = credentials(endpoint)
        self._auth: dict[tuple[str, str, int], tuple[str, str] | None] = {}  # origin -> credentials
        for url in urls.values():
            if url is None:
                continue
            if url.origin == query_url.origin:
                self._auth.setdefault(url.origin, query_auth)
        for key in ("update", "store"):
            url = urls[key]
            if url is not None and url.origin not in self._auth:
                self._auth[url.origin] = credentials(url, environment=False)
        self.auth = query_auth
        self.graph = graph
        if graph is not None:
            iri_term(graph)
        self.timeout = _timeouts(timeout)
        self.retries, self.backoff = retries, backoff
        if not (isinstance(max_bytes, int) and max_bytes > 0):
            raise FgrError(None, None, f"--max-answer-mb must be a positive number, not {max_bytes}")
        self.max_bytes, self.max_rows = max_bytes, max_rows
        self.allow_service = allow_service

    def __repr__(self) -> str:
        return f"<RemoteStore {self.endpoint}>"

    def _call(self, method: str, url: Url, **kw: Any) -> Answer:
        return request(method, url, auth=self._auth.get(url.origin), deadline=self.timeout[1],
                       connect_timeout=self.timeout[0], max_bytes=self.max_bytes, retries=self.retries,
                       backoff=self.backoff, **kw)

    def _run(self, text: str, *, allow_update: bool, where: Where = "query") -> Any:
        if not self.allow_service:
            # The endpoint would fetch what a SERVICE or LOAD names, from where it runs: decided here,
            # before anything is sent, as for the embedded store; the checked text is the text sent.
            text = guard(text, where)
        if is_update(text):
            if not allow_update:
                raise refuse_update()
            return self.update(text)
        form = query_form(text)
        if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            raise FgrError(where, None, "not a SPARQL query (expected SELECT, CONSTRUCT, DESCRIBE or ASK)")
        fields = [("query", text)] + ([("default-graph-uri", self.graph)] if self.graph else [])
        accept = ("application/sparql-results+json" if form in ("SELECT", "ASK")
                  else "application/n-triples, text/plain;q=0.5")
        url = self.query_url
        answer = self._call("POST", url, body=urllib.parse.urlencode(fields).encode("utf-8"),
                            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                                     "Accept": accept})
        from functiegebouw.sparql.results import Result, ask_answer

        shown = str(url)
        if form == "SELECT":
            try:
                return Result.from_json_stream(answer.chunks(), where=shown, max_rows=self.max_rows)
            except BaseException:
                answer.close()
                raise
        body = answer.read()
        if form == "ASK":
            import json

            try:
                return ask_answer(json.loads(body.decode("utf-8")))
            except (ValueError, UnicodeDecodeError) as exc:
                raise _not_json(shown, exc) from None
        return _graph(body, shown)

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update on the update endpoint."""
        url = self.urls_parsed["update"]
        if url is None:
            raise FgrError(self.endpoint, None, "no update endpoint known; give --update-endpoint")
        self._call("POST", url, body=text.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"}).read()

    def _store_url(self, graph: str) -> Url:
        url = self.urls_parsed["store"]
        if url is None:
            raise FgrError(self.endpoint, None, "no Graph Store endpoint known; give --store-endpoint")
        sep = "&" if "?" in url.target else "?"
        return url.with_target(f"{url.target}{sep}graph={urllib.parse.quote(graph, safe='')}")

    def _put(self, graph: str, body: bytes, method: str = "PUT") -> None:
        self._call(method, self._store_url(graph), body=body,
                   headers={"Content-Type": "application/n-triples"}).read()

    def temporary_graphs(self) -> list[str]:
        """Temporary graphs that interrupted ``fgr load`` runs left (``urn:fgr:load:…``)."""
        graph, self.graph = self.graph, None
        try:
            rows = self.query(f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} '
                              f'FILTER(STRSTARTS(STR(?g), "{TEMP_GRAPH}")) }}')
        finally:
            self.graph = graph
        return sorted(g for (g,) in rows.rows)

    def clean(self) -> list[str]:
        """Drop every temporary graph of an interrupted ``fgr load``; returns their names."""
        graphs = self.temporary_graphs()
        for graph in graphs:
            self.update(f"DROP SILENT GRAPH {iri_term(graph)}")
        return graphs

    def union_default_graph(self) -> bool:
        """True if the server's default graph shows its named graphs (``--union-default-graph``):
        found by writing one marker triple into a probe graph and looking for it."""
        probe = f"{TEMP_GRAPH}probe-{uuid.uuid4()}"
        marker = f"<{probe}> <{probe}> <{probe}> .\n".encode()
        try:
            self._put(probe, marker)
        except FgrError as exc:
            if exc.message.startswith("this server is read-only"):
                raise FgrError(exc.path, exc.line, f"{exc.message}; nothing was changed") from None
            raise
        graph, self.graph = self.graph, None  # the server's own default graph, not --graph
        try:
            return bool(self.query(f"ASK {{ {iri_term(probe)} ?p ?o }}"))
        finally:
            self.graph = graph
            self.update(f"DROP SILENT GRAPH {iri_term(probe)}")

    def load(self, files: Iterable[str | os.PathLike[str]], graph: str | None = None, *,
             progress: Callable[..., object] | None = None) -> int:
        """Replace the default graph (or ``graph``) with the triples of ``files``, atomically.

        The files are uploaded (Graph Store Protocol) into a fresh temporary named graph, which
        one SPARQL ``MOVE`` then puts in place of the target; on failure or interruption (Ctrl-C,
        SIGTERM) the temporary graph is dropped and the target is untouched. A server whose
        default graph is the union of its named graphs would show the temporary graph while it
        fills, so there the load is refused in favour of :meth:`load_per_source`. Returns the
        number of triples uploaded.
        """
        import pyoxigraph as ox

        from functiegebouw.rdf.load import read_triples

        target = iri_term(graph) if graph else "DEFAULT"
        self._store_url("x")
        if self.urls_parsed["update"] is None:
            raise FgrError(self.endpoint, None, "no update endpoint known; give --update-endpoint")
        files = list(files)
        if not files:
            raise FgrError(self.endpoint, None, "nothing to upload")
        self.notes = []
        if self.union_default_graph():
            if graph is None:
                raise FgrError(self.endpoint, None, "this server's default graph is the union of its named graphs "
                               "(Oxigraph --union-default-graph, Virtuoso), so a load through a temporary graph "
                               "would show half-way; load into a named graph (--graph IRI, and query it with "
                               "--graph IRI) or use --graph-per-source")
            self.notes.append(f"this server's default graph is the union of its graphs: query <{graph}> with "
                              f"--graph {graph}; the default graph shows the temporary graph while it loads")
        stale = self.temporary_graphs()
        if stale:
            self.notes.append(f"{len(stale)} temporary graph(s) of interrupted loads remain on the server "
                              f"(<{stale[0]}>…); fgr load --clean drops them")
        temp = f"{TEMP_GRAPH}{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4()}"
        total = 0
        try:
            for i, path in enumerate(files):
                triples = read_triples(path)
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                self._put(temp, body, "PUT" if i == 0 else "POST")
                total += len(triples)
                if progress:
                    progress(i + 1, path)
            self.update(f"MOVE {iri_term(temp)} TO {target}")
        except BaseException as exc:
            try:
                self.update(f"DROP SILENT GRAPH {iri_term(temp)}")
            except FgrError:
                if isinstance(exc, FgrError) and exc.message.startswith("this server is read-only"):
                    raise FgrError(exc.path, exc.line, f"{exc.message}; nothing was changed") from None
                if isinstance(exc, FgrError):
                    raise FgrError(exc.path, exc.line, f"{exc.message}; the target graph was not changed, but the "
                                   f"temporary graph <{temp}> may remain (fgr load --clean drops it when the "
                                   f"server is back)") from None
            raise
        return total

    def load_per_source(self, files: Iterable[str | os.PathLike[str]], *, base: str = GRAPH_BASE, jobs: int = 4,
                        progress: Callable[[int, str | os.PathLike[str]], object] | None = None) -> dict[str, int]:
        """Put every file into its own named graph ``<base><folder>/<name>`` (see :func:`graph_name`).

        Each graph is replaced with one Graph Store Protocol ``PUT``, so re-loading a re-converted
        file replaces exactly its graph. All files are parsed before anything is sent: a bad file
        leaves the server untouched. ``jobs`` uploads run at once. Returns {graph IRI: triples}.
        """
        from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

        import pyoxigraph as ox

        from functiegebouw.rdf.load import read_triples

        iri_term(base)
        self._store_url("x")
        from functiegebouw.process import worker_count

        jobs = worker_count(jobs)
        files = list(files)
        if not files:
            raise FgrError(self.endpoint, None, "nothing to upload")
        graphs = graph_names(files, base)
        bodies: dict[str, tuple[bytes, int]] = {}
        seen: set[Any] = set()  # pyoxigraph triples
        self.shared_triples = 0  # triples in more than one file: a bag-union server repeats them
        for graph, path in graphs.items():
            # Distinct triples: the count then equals what the server holds for the graph.
            triples = list(dict.fromkeys(read_triples(path)))
            ground = [t for t in triples if not any(isinstance(x, ox.BlankNode) for x in (t.subject, t.object))]
            self.shared_triples += len(seen.intersection(ground))
            seen.update(ground)
            bodies[graph] = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", len(triples))

        def put(graph: str) -> str:
            self._put(graph, bodies[graph][0])
            return graph

        done: list[str] = []
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(put, graph) for graph in graphs]
            pending = set(futures)
            try:
                while pending:
                    finished, pending = wait(pending, return_when=FIRST_EXCEPTION)
                    for future in finished:
                        if future.exception() is None:
                            done.append(future.result())
                            if progress:
                                progress(len(done), graphs[future.result()])
                    failed = [f.exception() for f in finished if f.exception() is not None]
                    if failed:
                        for future in pending:
                            future.cancel()
                        wait(pending)  # uploads already running finish (or fail) before we report
                        done += [f.result() for f in pending if not f.cancelled() and f.exception() is None]
                        exc = failed[0]
                        if not isinstance(exc, FgrError):
                            raise exc  # type: ignore[misc]  # not None: failed holds only exceptions
                        raise FgrError(exc.path, exc.line, f"{exc.message}; {len(done)} of {len(graphs)} graphs "
                                       f"were replaced, the others are unchanged (run the load again)") from None
            except BaseException:
                for future in futures:  # Ctrl-C or SIGTERM: start no more uploads
                    future.cancel()
                raise
        return {graph: bodies[graph][1] for graph in graphs}


def graph_name(path: str | os.PathLike[str], base: str = GRAPH_BASE) -> str:
    """``<base><folder>/<stem>``: the file's folder and name (ontology/functiegebouw,
    data/medewerker-communicatie, vocab/esco-skills). It depends on the path alone, so loading
    one file gives the same graph as loading its folder. Characters outside [A-Za-z0-9._~-]
    become ``-`` so the IRI needs no escaping."""
    import re
    from pathlib import Path

    path = Path(path).resolve()

    def slug(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9._~-]+", "-", text).strip("-") or "-"

    return f"{base}{slug(path.parent.name)}/{slug(path.stem)}"


def graph_names(files: Iterable[str | os.PathLike[str]], base: str = GRAPH_BASE) -> dict[str, str | os.PathLike[str]]:
    """{graph IRI: file} for :meth:`RemoteStore.load_per_source`; two files with one name are refused."""
    from pathlib import Path

    out: dict[str, str | os.PathLike[str]] = {}
    for path in files:
        graph = graph_name(path, base)
        if graph in out and Path(out[graph]).resolve() != Path(path).resolve():
            raise FgrError(path, None, f"would go into the same graph <{graph}> as {out[graph]}; rename one of them")
        out[graph] = path
    return out


def _not_json(shown: str, exc: Exception) -> FgrError:
    return FgrError(shown, None, f"the answer is not SPARQL results JSON ({exc})")


def _graph(body: bytes, shown: str) -> Graph:
    """A CONSTRUCT/DESCRIBE answer (N-Triples) as an rdflib Graph; checked with pyoxigraph first."""
    import pyoxigraph as ox

    try:
        triples = [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    except (SyntaxError, ValueError) as exc:
        message = " ".join(str(exc).split())[:200]
        raise FgrError(shown, None, f"the answer is not valid N-Triples ({message})") from None
    from functiegebouw.rdf.terms import to_rdflib_graph

    try:
        return to_rdflib_graph(triples)
    except TypeError:
        raise FgrError(shown, None, "the answer holds quoted triples (RDF-star), which rdflib cannot hold") from None
