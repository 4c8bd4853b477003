"""The SERVICE guard decides on what the engine parses (issue 22, item 1).

Generated queries spell SERVICE in every form the grammar allows (case, ``\\u`` escapes, comments
ended by CR, SILENT, a variable or a prefixed name as the service, nested in sub-selects, EXISTS,
OPTIONAL, UNION, GRAPH, updates); each is refused by the guard and by every entry point, and a real
listener on a loopback port proves no request left. Oxigraph itself is the oracle that each
generated text is a SERVICE call it would make.
"""
from __future__ import annotations

import os

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from listener import Listener
from service_forms import service_queries

from functiegebouw.errors import FgrError
from functiegebouw.sparql import base
from functiegebouw.sparql.base import QueryRefused, guard, unescape

EXAMPLES = int(os.environ.get("FGR_HYPOTHESIS_EXAMPLES", "40"))
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, derandomize=not os.environ.get("FGR_FUZZ"),
                    database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def listener():
    """Named in the queries the guard must refuse: no test here lets anything reach it."""
    target = Listener()
    yield target
    target.close()


@pytest.fixture(scope="module")
def oracle():
    """Named in the queries that are meant to leave (the engine unguarded, allow_service): its own
    port, so a late connection of theirs can never look like a leak through the guard."""
    target = Listener()
    yield target
    target.close()


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guard-data")
    (folder / "a.nt").write_text('<http://example.org/a> <http://example.org/p> "1" .\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    """One store cache for the entry points (built once; the CLI's includes the ontology)."""
    return tmp_path_factory.mktemp("guard-store")


@pytest.fixture(scope="module")
def store(data):
    import functiegebouw

    return functiegebouw.open(data, memory=True, ontology=False)


# --------------------------------------------------------------------------- the grammar's forms

@given(st.data())
@PROPERTY
def test_every_spelling_of_service_is_refused_and_nothing_leaves(listener, oracle, store, data):
    text, no_oracle, update = data.draw(service_queries(listener.url))
    before = len(listener.hits)
    with pytest.raises(QueryRefused) as refused:
        guard(text)
    assert refused.value.status == 403 and "SERVICE is refused" in refused.value.message
    with pytest.raises(FgrError, match="SERVICE is refused"):
        store.query(text, allow_update=update)
    assert len(listener.hits) == before, f"a request left for {text!r}"
    # the oracle: Oxigraph, given the same text the guard checked, would have called the listener
    if not no_oracle:  # the same text with the oracle's port: Oxigraph calls it
        sent = unescape(text).replace(f":{listener.port}/", f":{oracle.port}/")
        called = len(oracle.hits)
        engine = ox.Store()
        engine.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o")))
        try:
            answer = engine.update(sent) if update else engine.query(sent)
            list(answer) if hasattr(answer, "__iter__") else bool(answer)
        except (OSError, RuntimeError, SyntaxError, ValueError):
            pass
        assert len(oracle.hits) > called, f"Oxigraph made no call for {text!r}: not a SERVICE form"


HARMLESS = ["SELECT ?service WHERE {{ ?service ?p ?o }}",
            "SELECT * WHERE {{ ?s ?p ?o FILTER(?o != \"SERVICE <{url}> {{ ?a ?b ?c }}\") }}",
            "SELECT * WHERE {{ ?s ?p ?o # SERVICE <{url}> {{ ?a ?b ?c }}\n}}",
            "SELECT * WHERE {{ ?s ?p ?o FILTER(?s != <http://example.org/SERVICE>) }}",
            "PREFIX service: <http://example.org/> SELECT * WHERE {{ ?s service:p ?o }}",
            "SELECT * WHERE {{ ?s ?p ?o FILTER(?o != '''a\nSERVICE <{url}> {{ }}''') }}",
            "SELECT ?download WHERE {{ ?download ?p ?o }}"]


@given(st.sampled_from(HARMLESS), st.sampled_from(["", "# x\r", "\n"]))
@PROPERTY
def test_service_as_a_name_string_or_comment_is_no_service(listener, store, text, lead):
    """Not refused, and the same rows as Oxigraph gives without the guard."""
    from functiegebouw.sparql.store import _answer

    text = lead + text.format(url=listener.url)
    assert guard(text) == text
    engine = ox.Store()
    engine.add(ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"), ox.Literal("1")))
    expected = _answer(engine.query(text)).rows
    assert expected and store.query(text).rows == expected


def test_the_engine_sees_service_after_a_comment_ended_by_cr(oracle):
    """The regression of issue 22: the old scanner ended comments at LF only."""
    text = f"SELECT * WHERE {{ # c\rSERVICE <{oracle.url}> {{ ?a ?b ?c }} }}"
    before = len(oracle.hits)
    try:
        list(ox.Store().query(text))
    except OSError:
        pass
    assert len(oracle.hits) > before  # Oxigraph runs it ...
    with pytest.raises(QueryRefused) as refused:
        guard(text)
    assert refused.value.line == 2  # ... and the guard names the line the engine sees it on


@pytest.mark.parametrize("text, words", [
    ("SELECT * WHERE { \\u005Cu0053ERVICE <http://127.0.0.1:1/x> { ?a ?b ?c } }", "spells another escape"),
    ("SELECT * WHERE { \\uD800 }", "is not a Unicode character"),
    ("SELECT ?service WHERE { ?service ?p ?o", "syntax error"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/x> { ?a ?b ?c } <<( ?s ?p ?o )>> }", "syntax error"),
    ("SELECT ?service WHERE { ?service ?p \"\\\\u0041\" }", "after a backslash"),
])
def test_what_the_guard_cannot_check_is_refused_with_400(text, words):
    with pytest.raises(QueryRefused) as refused:
        guard(text)
    assert refused.value.status == 400 and words in refused.value.message


def test_load_is_refused_and_unescaped_text_is_what_runs(listener, store):
    with pytest.raises(QueryRefused, match="LOAD is refused"):
        guard(f"LOAD <{listener.url}>")
    before = len(listener.hits)
    with pytest.raises(FgrError, match="LOAD is refused"):
        store.query(f"LOAD <{listener.url}>", allow_update=True)
    assert len(listener.hits) == before
    # what the guard returns is what runs: the escapes processed, an escaped backslash kept
    assert guard('SELECT * WHERE { ?s ?p "\\u0041\\\\u0042" }') == 'SELECT * WHERE { ?s ?p "A\\\\u0042" }'
    assert store.query('SELECT ?o WHERE { ?s ?p ?o FILTER(?o = "\\u0031") }').rows == [("1",)]


def test_the_decision_cache_holds_hashes_not_texts():
    """20 large distinct queries: the cache keeps 32-byte keys, at most 256 of them."""
    padding = "# " + "x" * 200_000 + "\n"
    for i in range(20):
        guard(f"{padding}SELECT ?service{i} WHERE {{ ?service{i} ?p ?o }}")
    assert base._DECISIONS and all(isinstance(k, bytes) and len(k) == 32 for k in base._DECISIONS)
    assert len(base._DECISIONS) <= base._DECISIONS_KEPT
    assert sum(len(m) for m, _line in base._DECISIONS.values()) < 256 * 200


# --------------------------------------------------------------------------- every entry point

HOSTILE = ["SELECT * WHERE {{ # c\rSERVICE <{url}> {{ ?a ?b ?c }} }}",
           "select * where {{ service silent <{url}> {{ ?a ?b ?c }} }}",
           "SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?a ?b ?c }} }}",
           "PREFIX e: <{base}> SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE e:x {{ ?a ?b ?c }} }} }} }}"]


def _entry(kind: str, text: str, data, store_dir, capsys):
    """Run ``text`` through one entry point; the one line of error it gave."""
    if kind == "api":
        import functiegebouw

        with pytest.raises(FgrError) as error:
            functiegebouw.open(data, store_dir=store_dir, ontology=False).query(text)
        return str(error.value)
    if kind == "cli":
        from functiegebouw.cli.main import main

        assert main(["query", text, "--data", str(data)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "Traceback" not in err
        return err
    from functiegebouw.sparql.magic import sparql

    with pytest.raises(FgrError) as error:
        sparql(f"--data {data}", text)
    return str(error.value)


@pytest.mark.parametrize("kind", ["api", "cli", "magic"])
@pytest.mark.parametrize("form", HOSTILE)
def test_every_entry_point_refuses_and_nothing_leaves(listener, data, store_dir, capsys, monkeypatch, kind, form):
    monkeypatch.setenv("FGR_STORE_DIR", str(store_dir))
    text = form.format(url=listener.url, base=listener.url[:-1])
    before = len(listener.hits)
    message = _entry(kind, text, data, store_dir, capsys)
    assert "SERVICE is refused" in message
    assert len(listener.hits) == before


def test_allow_service_reaches_the_listener(oracle, data):
    """The control: a listener does see a call when SERVICE is allowed (so silence above means something)."""
    import functiegebouw

    before = len(oracle.hits)
    allowed = functiegebouw.open(data, memory=True, ontology=False, allow_service=True)
    try:
        allowed.query(f"SELECT * WHERE {{ # c\rSERVICE <{oracle.url}> {{ ?a ?b ?c }} }}")
    except FgrError:
        pass  # the listener is no SPARQL server
    assert len(oracle.hits) > before and oracle.hits[-1].startswith(b"POST /x")


def test_nothing_ever_reached_the_guarded_listener(listener):
    """Last in the module: whatever came late, no connection was ever made to the guarded port."""
    assert listener.hits == []


def test_the_header_comments_of_a_query_need_no_parse_but_cannot_hide_a_keyword(monkeypatch):
    """A named query's header ("profile loaded", "a full ESCO download") does not send the text through
    the parser (11-14x slower queries, issue 28); a keyword after the header, also after a comment ended
    by CR or by an escaped line break, is still found."""
    from functiegebouw.sparql import base

    calls = []
    real = base._parse_tree
    monkeypatch.setattr(base, "_parse_tree", lambda text, where: calls.append(text) or real(text, where))
    header = "# title: groups with a profile loaded\n#   from a full ESCO download\n\n"
    assert base.guard(header + "SELECT * WHERE { ?s ?p ?o }") and calls == []
    for hidden in ("# c\rSELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
                   "# c\\u000ASELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
                   "# c\nSELECT * WHERE { ?s ?p ?o } # loaded",
                   "\t# c\n  SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"):
        calls.clear()
        try:
            base.guard(header + hidden)
            refused = False
        except base.QueryRefused:
            refused = True
        assert calls, hidden  # the parser decided
        assert refused == ("SERVICE" in hidden or "0053" in hidden), hidden
