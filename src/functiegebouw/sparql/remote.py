"""Remote SPARQL 1.1 endpoints: queries (SPARQLWrapper), updates and Graph Store Protocol uploads.

Robustness: separate connect and read timeouts, bounded retries with exponential backoff on
5xx answers and connection errors, and one-line :class:`FgrError` messages for 401/403/404/5xx and
unreachable servers. Credentials come from ``FGR_ENDPOINT_USER``/``FGR_ENDPOINT_PASSWORD`` or
``~/.netrc`` (``$NETRC``); they are sent as HTTP basic auth and never appear in messages.
"""
from __future__ import annotations

import base64
import http.client
import json
import os
import socket
import time
import urllib.error
import urllib.parse
import uuid

from functiegebouw.errors import FgrError
from functiegebouw.sparql.query import iri_term, query_form
from functiegebouw.sparql.base import Store, is_update, refuse_update

RETRY_STATUS = range(500, 600)
GRAPH_BASE = "https://w3id.org/functiegebouw/graph/"  # fgr load --graph-per-source


# --------------------------------------------------------------------------- URLs and credentials

def redact(url: str) -> str:
    """The URL without user:password@ (safe to print)."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urllib.parse.urlunsplit(parts._replace(netloc=host))


def endpoints(url: str, update_endpoint: str | None = None, store_endpoint: str | None = None) -> dict:
    """Query, update and Graph Store URLs. An Oxigraph server's root or ``…/query`` URL is enough:
    the others are its siblings ``/update`` and ``/store``."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FgrError(redact(url), None, "not an http(s) endpoint URL")
    path = parts.path.rstrip("/")
    base = None
    if path == "":
        base, query = url.rstrip("/"), urllib.parse.urlunsplit(parts._replace(path="/query"))
    else:
        query = url
        if path.endswith("/query"):
            base = urllib.parse.urlunsplit(parts._replace(path=path[: -len("/query")], query="", fragment=""))
    sibling = (lambda name: urllib.parse.urlunsplit(
        urllib.parse.urlsplit(base)._replace(path=urllib.parse.urlsplit(base).path + "/" + name))) if base else None
    return {"query": query,
            "update": update_endpoint or (sibling("update") if sibling else None),
            "store": store_endpoint or (sibling("store") if sibling else None)}


def credentials(url: str) -> tuple[str, str] | None:
    """(user, password) from the environment, the URL, or the netrc file; None if there are none."""
    user, password = os.environ.get("FGR_ENDPOINT_USER"), os.environ.get("FGR_ENDPOINT_PASSWORD")
    if user is not None or password is not None:
        return user or "", password or ""
    parts = urllib.parse.urlsplit(url)
    if parts.username is not None:
        return urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")
    import netrc

    path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        entry = netrc.netrc(path).authenticators(parts.hostname or "")
    except netrc.NetrcParseError as exc:
        # The parser's message can quote a token from the file, i.e. a password: keep only the line.
        raise FgrError(path, exc.lineno, "cannot read this netrc file") from None
    except OSError:
        return None
    if not entry:
        return None
    login, _account, password = entry
    return login or "", password or ""


def _scrub(text: str, auth: tuple[str, str] | None) -> str:
    if auth:
        for secret in auth:
            if secret and len(secret) >= 3:
                text = text.replace(secret, "***")
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        text = text.replace(token, "***")
    return text


def _timeouts(timeout) -> tuple[float, float]:
    if isinstance(timeout, (tuple, list)):
        return float(timeout[0]), float(timeout[1])
    return float(timeout), float(timeout)


def _status_message(status: int, url: str, body: str, auth) -> str:
    detail = " ".join(_scrub(body, auth).split())[:300]
    if status == 401:
        hint = ("the credentials were refused" if auth else
                "set FGR_ENDPOINT_USER and FGR_ENDPOINT_PASSWORD or add the host to ~/.netrc")
        return f"401 Unauthorized ({hint})"
    if status == 403:
        if "read-only" in detail.lower() or "read only" in detail.lower():
            return ("this server is read-only: it answers queries but takes no uploads or updates (403 Forbidden; "
                    "fgr serve is read-only: load into a server started with `oxigraph serve`)")
        return "403 Forbidden (the account may not read or write here)"
    if status == 404:
        return f"404 Not Found (no SPARQL service at this URL)"
    if status == 400:
        return f"400 Bad Request: {detail}"
    if status >= 500:
        return f"server error {status}" + (f": {detail}" if detail else "")
    return f"HTTP {status}" + (f": {detail}" if detail else "")


# --------------------------------------------------------------------------- plain HTTP

def http_request(method: str, url: str, *, body: bytes = b"", headers: dict | None = None,
                 timeout=(10.0, 120.0), retries: int = 3, backoff: float = 0.5, auth=None) -> bytes:
    """One HTTP request with connect/read timeouts and retries on 5xx and connection errors.

    Returns the body of a 2xx answer; raises FgrError otherwise.
    """
    connect_timeout, read_timeout = _timeouts(timeout)
    parts = urllib.parse.urlsplit(url)
    shown = redact(url)
    target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
    headers = dict(headers or {})
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        conn = cls(parts.hostname, parts.port, timeout=connect_timeout)
        try:
            try:
                conn.connect()
            except socket.timeout:
                last = f"no connection within {connect_timeout:g} s"
                continue
            except OSError as exc:
                last = f"cannot connect ({exc.strerror or type(exc).__name__})"
                continue
            conn.sock.settimeout(read_timeout)
            try:
                conn.request(method, target, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            except socket.timeout:
                raise FgrError(shown, None, f"no answer within {read_timeout:g} s") from None
            except (OSError, http.client.HTTPException) as exc:
                last = f"connection lost ({getattr(exc, 'strerror', None) or type(exc).__name__})"
                continue
            if 200 <= response.status < 300:
                return data
            last = _status_message(response.status, shown, data.decode("utf-8", "replace"), auth)
            if response.status not in RETRY_STATUS:
                break
        finally:
            conn.close()
    tries = f" (after {retries + 1} attempts)" if retries and ("server error" in last or "connect" in last or "lost" in last) else ""
    raise FgrError(shown, None, last + tries)


# --------------------------------------------------------------------------- the remote store

class RemoteStore(Store):
    backend = "remote"

    def __init__(self, endpoint: str, *, update_endpoint: str | None = None, graph: str | None = None,
                 timeout=(10.0, 120.0), retries: int = 3, backoff: float = 0.5, store_endpoint: str | None = None):
        # user:password@ in the URL is taken as credentials and kept out of every request URL
        self.auth = credentials(endpoint)
        self.urls = endpoints(redact(endpoint), update_endpoint and redact(update_endpoint),
                              store_endpoint and redact(store_endpoint))
        self.endpoint = self.urls["query"]
        self.graph = graph
        if graph is not None:
            iri_term(graph)
        self.timeout = _timeouts(timeout)
        self.retries, self.backoff = retries, backoff

    def __repr__(self) -> str:
        return f"<RemoteStore {redact(self.endpoint)}>"

    def _run(self, text: str, *, allow_update: bool, where="query"):
        if is_update(text):
            if not allow_update:
                raise refuse_update()
            return self.update(text)
        form = query_form(text)
        if form not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            raise FgrError(where, None, "not a SPARQL query (expected SELECT, CONSTRUCT, DESCRIBE or ASK)")
        raw = self._sparqlwrapper(text, form)
        from functiegebouw.sparql.results import Result

        if form == "SELECT":
            return Result.from_sparql_json(raw)
        if form == "ASK":
            return bool(raw.get("boolean"))
        from rdflib import Graph

        from functiegebouw.rdf.namespaces import bind_prefixes

        return bind_prefixes(Graph()).parse(data=raw, format="nt")

    def _sparqlwrapper(self, text: str, form: str):
        from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
        from SPARQLWrapper import SPARQLExceptions as E

        sw = SPARQLWrapper(self.endpoint)
        sw.setOnlyConneg(True)  # no format=/output= parameters that some servers reject
        sw.setMethod(POST)
        sw.setQuery(text)
        sw.queryType = form  # its own guess uses regular expressions that comments fool
        if form in ("SELECT", "ASK"):
            sw.setReturnFormat(JSON)
        else:
            sw.setReturnFormat(N3)
            sw.addCustomHttpHeader("Accept", "application/n-triples")
        sw.setTimeout(max(self.timeout))
        if self.graph:
            sw.addDefaultGraph(self.graph)
        if self.auth:
            sw.setCredentials(*self.auth)
        shown = redact(self.endpoint)
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = sw.query()
                body = response.response.read()
                if form in ("SELECT", "ASK"):
                    return json.loads(body.decode("utf-8"))
                return body
            except E.EndPointInternalError as exc:
                last = _status_message(500, shown, _body(exc), self.auth)
            except urllib.error.HTTPError as exc:
                last = _status_message(exc.code, shown, _read(exc), self.auth)
                if exc.code not in RETRY_STATUS:
                    break
            except E.Unauthorized as exc:
                raise FgrError(shown, None, _status_message(401, shown, _body(exc), self.auth)) from None
            except E.EndPointNotFound as exc:
                raise FgrError(shown, None, _status_message(404, shown, _body(exc), self.auth)) from None
            except E.QueryBadFormed as exc:
                raise FgrError(shown, None, _status_message(400, shown, _body(exc), self.auth)) from None
            except E.SPARQLWrapperException as exc:
                raise FgrError(shown, None, f"{_scrub(type(exc).__name__, self.auth)}") from None
            except (socket.timeout, TimeoutError):
                raise FgrError(shown, None, f"no answer within {max(self.timeout):g} s") from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (socket.timeout, TimeoutError)):
                    raise FgrError(shown, None, f"no answer within {max(self.timeout):g} s") from None
                last = f"cannot connect ({getattr(reason, 'strerror', None) or reason})"
            except (ConnectionError, http.client.HTTPException) as exc:
                last = f"connection lost ({type(exc).__name__})"
            except (ValueError, UnicodeDecodeError):
                raise FgrError(shown, None, f"the answer is not SPARQL results JSON") from None
        tries = f" (after {self.retries + 1} attempts)" if self.retries and "404" not in last else ""
        raise FgrError(shown, None, _scrub(last, self.auth) + tries)

    def _http(self, method: str, url: str | None, what: str, **kw) -> bytes:
        if not url:
            raise FgrError(redact(self.endpoint), None, f"no {what} endpoint known; give --{what}-endpoint")
        return http_request(method, url, timeout=self.timeout, retries=self.retries,
                            backoff=self.backoff, auth=self.auth, **kw)

    def update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update on the update endpoint."""
        self._http("POST", self.urls["update"], "update", body=text.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def load(self, files, graph: str | None = None, *, progress=None) -> int:
        """Replace the default graph (or ``graph``) with the triples of ``files``, atomically.

        The files are uploaded (Graph Store Protocol) into a fresh temporary named graph, which
        one SPARQL ``MOVE`` then puts in place of the target; on failure the temporary graph is
        dropped and the target is untouched. Returns the number of triples uploaded.
        """
        import pyoxigraph as ox

        from functiegebouw.rdf.load import read_triples

        target = iri_term(graph) if graph else "DEFAULT"
        if not self.urls["store"]:
            raise FgrError(redact(self.endpoint), None, "no Graph Store endpoint known; give --store-endpoint")
        if not self.urls["update"]:
            raise FgrError(redact(self.endpoint), None, "no update endpoint known; give --update-endpoint")
        temp = f"urn:fgr:load:{uuid.uuid4()}"
        sep = "&" if "?" in self.urls["store"] else "?"
        store_url = f"{self.urls['store']}{sep}graph={urllib.parse.quote(temp, safe='')}"
        total = 0
        try:
            for i, path in enumerate(files):
                triples = read_triples(path)
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                self._http("PUT" if i == 0 else "POST", store_url, "store", body=body,
                           headers={"Content-Type": "application/n-triples"})
                total += len(triples)
                if progress:
                    progress(i + 1, path)
            if not files:
                raise FgrError(redact(self.endpoint), None, "nothing to upload")
            self.update(f"MOVE {iri_term(temp)} TO {target}")
        except BaseException as exc:
            try:
                self._http("POST", self.urls["update"], "update", body=f"DROP SILENT GRAPH {iri_term(temp)}".encode(),
                           headers={"Content-Type": "application/sparql-update"})
            except FgrError:
                if isinstance(exc, FgrError) and exc.message.startswith("this server is read-only"):
                    raise FgrError(exc.path, exc.line, f"{exc.message}; nothing was changed") from None
                if isinstance(exc, FgrError):
                    raise FgrError(exc.path, exc.line, f"{exc.message}; the target graph was not changed, but the "
                                               f"temporary graph <{temp}> may remain (drop it when the server is back)") from None
            raise
        return total

    def load_per_source(self, files, *, base: str = GRAPH_BASE, jobs: int = 4, progress=None) -> dict[str, int]:
        """Put every file into its own named graph ``<base><folder>/<name>`` (see :func:`graph_name`).

        Each graph is replaced with one Graph Store Protocol ``PUT``, so re-loading a re-converted
        file replaces exactly its graph. All files are parsed before anything is sent: a bad file
        leaves the server untouched. ``jobs`` uploads run at once. Returns {graph IRI: triples}.
        """
        from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait

        import pyoxigraph as ox

        from functiegebouw.rdf.load import read_triples

        iri_term(base)
        if not self.urls["store"]:
            raise FgrError(redact(self.endpoint), None, "no Graph Store endpoint known; give --store-endpoint")
        if jobs < 1:
            raise FgrError(None, None, f"--jobs must be at least 1, not {jobs}")
        files = list(files)
        if not files:
            raise FgrError(redact(self.endpoint), None, "nothing to upload")
        graphs = graph_names(files, base)
        bodies: dict[str, tuple[bytes, int]] = {}
        seen: set = set()
        self.shared_triples = 0  # triples in more than one file: a bag-union server repeats them
        for graph, path in graphs.items():
            # Distinct triples: the count then equals what the server holds for the graph.
            triples = list(dict.fromkeys(read_triples(path)))
            ground = [t for t in triples if not any(isinstance(x, ox.BlankNode) for x in (t.subject, t.object))]
            self.shared_triples += len(seen.intersection(ground))
            seen.update(ground)
            bodies[graph] = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", len(triples))
        sep = "&" if "?" in self.urls["store"] else "?"

        def put(graph: str) -> str:
            url = f"{self.urls['store']}{sep}graph={urllib.parse.quote(graph, safe='')}"
            self._http("PUT", url, "store", body=bodies[graph][0], headers={"Content-Type": "application/n-triples"})
            return graph

        done: list[str] = []
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            pending = {pool.submit(put, graph) for graph in graphs}
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
                        raise exc
                    raise FgrError(exc.path, exc.line, f"{exc.message}; {len(done)} of {len(graphs)} graphs "
                                   f"were replaced, the others are unchanged (run the load again)") from None
        return {graph: bodies[graph][1] for graph in graphs}


def graph_name(path, base: str = GRAPH_BASE) -> str:
    """``<base><folder>/<stem>``: the file's folder and name (ontology/functiegebouw,
    data/medewerker-communicatie, vocab/esco-skills). It depends on the path alone, so loading
    one file gives the same graph as loading its folder. Characters outside [A-Za-z0-9._~-]
    become ``-`` so the IRI needs no escaping."""
    import re
    from pathlib import Path

    path = Path(path).resolve()
    slug = lambda text: re.sub(r"[^A-Za-z0-9._~-]+", "-", text).strip("-") or "-"
    return f"{base}{slug(path.parent.name)}/{slug(path.stem)}"


def graph_names(files, base: str = GRAPH_BASE) -> dict:
    """{graph IRI: file} for :meth:`RemoteStore.load_per_source`; two files with one name are refused."""
    from pathlib import Path

    out: dict = {}
    for path in files:
        graph = graph_name(path, base)
        if graph in out and Path(out[graph]).resolve() != Path(path).resolve():
            raise FgrError(path, None, f"would go into the same graph <{graph}> as {out[graph]}; rename one of them")
        out[graph] = path
    return out


def _body(exc) -> str:
    """The server's answer that SPARQLWrapper folded into its exception message."""
    text = str(exc)
    marker = "Response:\n"
    if marker not in text:
        return ""
    raw = text.split(marker, 1)[1].strip()
    try:
        import ast

        value = ast.literal_eval(raw)
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    except (ValueError, SyntaxError):
        return raw


def _read(exc: urllib.error.HTTPError) -> str:
    try:
        return exc.read().decode("utf-8", "replace")
    except Exception:  # a body we cannot read adds nothing to the message
        return ""
