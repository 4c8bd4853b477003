"""``--endpoint`` is guarded too (issue 22): a SERVICE clause or an update's LOAD in a query for a
remote store is refused before anything is sent, in every entry point (``fgr query --endpoint``,
``functiegebouw.open(endpoint=…)``, ``%%sparql --endpoint``), unless the user opts out with
``--allow-service``.

A recording endpoint on a loopback port proves that nothing was sent to it, and a listener named
in the queries that nothing reached it; a real Oxigraph server shows, as the control, that the
same query sent on does make the server call the listener.
"""
from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from listener import Listener
from service_forms import service_queries

import functiegebouw
from functiegebouw.errors import FgrError

EXAMPLES = int(os.environ.get("FGR_HYPOTHESIS_EXAMPLES", "40"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("FGR_FUZZ"),
                    database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HOSTILE = ["SELECT * WHERE {{ # c\rSERVICE <{url}> {{ ?a ?b ?c }} }}",
           "select * where {{ ?s ?p ?o optional {{ service silent <{url}> {{ ?a ?b ?c }} }} }}",
           "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
           "PREFIX e: <{base}> SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE e:x {{ ?a ?b ?c }} }} }} }}",
           "SELECT * WHERE {{ VALUES ?svc {{ <{url}> }} SERVICE ?svc {{ ?a ?b ?c }} }}"]
EMPTY = json.dumps({"head": {"vars": ["s"]}, "results": {"bindings": []}}).encode()


class Recorder:
    """A SPARQL endpoint that answers every request with no rows and records what it was sent."""

    def __init__(self):
        requests = self.requests = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                requests.append((self.command, self.path, self.rfile.read(length)))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(EMPTY)))
                self.end_headers()
                self.wfile.write(EMPTY)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/query"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def endpoint():
    recorder = Recorder()
    yield recorder
    recorder.close()


@pytest.fixture(scope="module")
def listener():
    """Named in the refused queries: nothing may ever reach it."""
    target = Listener()
    yield target
    target.close()


def _entry(kind: str, text: str, url: str, capsys, *, allow: bool = False, update: bool = False):
    """Run ``text`` on the endpoint ``url`` through one entry point; the error line, or None."""
    if kind == "cli":
        from functiegebouw.cli.main import main

        status = main(["query", text, "--endpoint", url, "--timeout", "10", "-f", "csv",
                       *(["--allow-service"] if allow else []), *(["--allow-update"] if update else [])])
        err = capsys.readouterr().err
        assert "Traceback" not in err
        return None if status == 0 else err
    try:
        if kind == "api":
            functiegebouw.open(endpoint=url, timeout=10, allow_service=allow).query(text, allow_update=update)
        else:
            from functiegebouw.sparql.magic import sparql

            sparql(f"--endpoint {url}" + (" --allow-service" if allow else ""), text)
    except FgrError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("kind", ["cli", "api", "magic"])
@pytest.mark.parametrize("form", HOSTILE)
def test_every_entry_point_refuses_service_before_sending(endpoint, listener, capsys, kind, form):
    sent = len(endpoint.requests)
    message = _entry(kind, form.format(url=listener.url, base=listener.url[:-1]), endpoint.url, capsys)
    assert message is not None and "SERVICE is refused" in message and "--allow-service" in message
    if kind == "cli":
        assert message.count("\n") == 1
    assert len(endpoint.requests) == sent, "the query was sent to the endpoint"
    assert listener.hits == []


@pytest.mark.parametrize("kind", ["cli", "api"])
def test_load_is_refused_before_sending_even_with_allow_update(endpoint, listener, capsys, kind):
    sent = len(endpoint.requests)
    message = _entry(kind, f"LOAD <{listener.url}>", endpoint.url, capsys, update=True)
    assert message is not None and "LOAD is refused" in message
    assert len(endpoint.requests) == sent and listener.hits == []


@given(st.data())
@PROPERTY
def test_every_spelling_is_refused_before_sending(endpoint, listener, data):
    text, _no_oracle, update = data.draw(service_queries(listener.url))
    store = functiegebouw.open(endpoint=endpoint.url, timeout=10)
    sent = len(endpoint.requests)
    with pytest.raises(FgrError, match="SERVICE is refused"):
        store.query(text, allow_update=update)
    assert len(endpoint.requests) == sent, f"sent to the endpoint: {text!r}"


@pytest.mark.parametrize("kind", ["cli", "api", "magic"])
def test_allow_service_sends_the_query_as_checked(endpoint, capsys, kind):
    """The opt-out: the query goes to the endpoint, SERVICE and all; ordinary queries go anyway."""
    text = "SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"
    sent = len(endpoint.requests)
    assert _entry(kind, text, endpoint.url, capsys, allow=True) is None
    assert len(endpoint.requests) == sent + 1 and b"SERVICE" in endpoint.requests[-1][2]
    # an ordinary query is sent without the opt-out, with its \u escapes processed as the guard read it
    assert _entry(kind, 'SELECT ?s WHERE { ?s ?p "\\u0041" }', endpoint.url, capsys) is None
    assert len(endpoint.requests) == sent + 2 and b"%22A%22" in endpoint.requests[-1][2]


def test_control_a_real_server_would_call_the_listener(own_oxigraph):
    """What the guard prevents: Oxigraph, sent the query, calls the URL it names."""
    oracle = Listener()
    try:
        server = own_oxigraph()
        store = functiegebouw.open(endpoint=server.url, timeout=20, retries=0, allow_service=True)
        try:
            list(store.query(f"SELECT * WHERE {{ SERVICE <{oracle.url}> {{ ?a ?b ?c }} }}").rows)
        except FgrError:
            pass  # the listener is no SPARQL server
        assert oracle.hit.wait(10) and oracle.hits[-1].startswith(b"POST /x")
    finally:
        oracle.close()


def test_nothing_ever_reached_the_listener(listener):
    """Last in the module: no connection was ever made to the port the refused queries named."""
    assert listener.hits == []
