"""The query API: catalogue headers, safe parameter binding, update refusal, result values."""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, URIRef

import functiegebouw
from functiegebouw.errors import FgrError
from functiegebouw.sparql.query import (catalogue, from_lexical, parse_header, prepare, query_form, resolve, to_term,
                                 variables_used)
from functiegebouw.sparql.results import Result, term_value

FGR = "https://w3id.org/functiegebouw/def#"
XSD = "http://www.w3.org/2001/XMLSchema#"
HOSTILE = [
    '"', "'", '\\', '"""', "'''", '} ; DROP ALL ; {', '" } ; DROP ALL ; { "', "\\u0022",
    "a\nb\r\tc", "\x00\x01\x1f\x7f", "# not a comment", "<http://x>", "?s ?p ?o", "é ∑ 𝔽 ☃",
    '"@en', '"^^<http://www.w3.org/2001/XMLSchema#integer>', "}}}}", "{{{{", ")", "",
]


@pytest.fixture(scope="module")
def store(fgr_store):
    return fgr_store


def count(store) -> int:
    return store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]


# --------------------------------------------------------------------------- headers

HEADER = """# title: Salary per schaal
# description: One row per schaal,
#   with the range.
#   Third line.
# param: schaal (integer, required) the schaal, e.g. 6
# param: code (literal) FUWASYS code
# param: ding (iri, optional, default=https://example.org/x) a thing
# example: schaal=6
# example: schaal=7
PREFIX fgr: <https://w3id.org/functiegebouw/def#>
# param: late (integer) not part of the header
SELECT ?schaal ?code ?ding WHERE { ?x fgr:scaleNumber ?schaal . OPTIONAL { ?x fgr:code ?code ; fgr:ding ?ding } }
"""


def test_header_is_parsed():
    q = parse_header(HEADER, name="salary")
    assert q.title == "Salary per schaal"
    assert q.description == "One row per schaal, with the range. Third line."
    assert [(p.name, p.type, p.required, p.default) for p in q.params] == [
        ("schaal", "integer", True, None), ("code", "literal", False, None),
        ("ding", "iri", False, "https://example.org/x")]
    assert q.examples == {"schaal": ["6", "7"]}


@pytest.mark.parametrize("line", ["# param: x (bogus) y", "# param: 1x (integer) y", "# example: noequals"])
def test_bad_header_lines_are_errors_with_a_line(line):
    with pytest.raises(FgrError) as err:
        parse_header(f"# title: t\n{line}\nSELECT ?x WHERE {{ ?x ?p ?o }}", name="q")
    assert err.value.line == 2


def test_example_for_an_undeclared_param_is_an_error():
    with pytest.raises(FgrError, match="undeclared"):
        parse_header("# example: x=1\nSELECT ?x WHERE { ?x ?p ?o }")


def test_catalogue_queries_are_documented_and_runnable():
    queries = catalogue()
    assert queries, "queries/ holds no .rq files"
    for q in queries:
        assert q.title != q.name, f"{q.name}: no '# title:'"
        assert q.description, f"{q.name}: no '# description:'"
        used = variables_used(q.text)
        for p in q.params:
            assert p.name in used, f"{q.name}: param {p.name} is not a variable of the query"
            if p.required:
                assert p.name in q.examples, f"{q.name}: required param {p.name} has no example"
        assert query_form(q.text) in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"), q.name


def test_resolve_name_path_and_text(tmp_path):
    name = catalogue()[0].name
    assert resolve(name).name == name
    f = tmp_path / "mine.rq"
    f.write_text("# title: Mine\nSELECT ?s WHERE { ?s ?p ?o } LIMIT 1\n")
    assert resolve(str(f)).title == "Mine"
    assert resolve("SELECT ?s WHERE { ?s ?p ?o }").name == "query"
    with pytest.raises(FgrError, match="no query named"):
        resolve("no-such-query")
    with pytest.raises(FgrError, match="no such query file"):
        resolve(str(tmp_path / "missing.rq"))


# --------------------------------------------------------------------------- binding

@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_literal_round_trips_and_the_query_stays_the_query(store, value):
    before = count(store)
    result = store.query("SELECT ?v (STRLEN(?v) AS ?n) WHERE { ?s ?p ?o } LIMIT 1", {"v": value})
    assert result.rows == [(value, len(value))]
    assert count(store) == before
    # bound where a pattern uses it: no data has this text, so no row (and no error)
    assert store.query("PREFIX schema: <https://schema.org/> SELECT ?s WHERE { ?s schema:text ?v }",
                       {"v": value}).rows == []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_round_trips(store, value):
    assert store.query("SELECT ?v WHERE { }", {"v": value}).rows == [(value,)]


@pytest.mark.parametrize("iri", ["http://example.org/a>b", "http://example.org/a b", "http://x/{y}",
                                 'http://x/"', "http://x/\\", "http://x/|", "http://x/^", "http://x/`",
                                 "http://x/\n", "relative/path", "> } ; DROP ALL ; { <x:"])
def test_illegal_iris_are_refused(store, iri):
    with pytest.raises(FgrError, match="IRI"):
        store.query("SELECT ?x WHERE { ?x ?p ?o }", {"x": _iri(iri)})


def _iri(value):
    from rdflib import URIRef

    return URIRef.__new__(URIRef, value)  # bypass rdflib's own check: ours must hold alone


def test_declared_iri_param_is_bound_as_iri(store):
    q = ("# param: t (iri, required) a class\n"
         "SELECT (COUNT(?s) AS ?n) WHERE { ?s a ?t }")
    n = store.query(q, {"t": FGR + "Scale"}).rows[0][0]
    # exactly what the same query with the IRI written into it finds, and that is something
    assert n == store.query(f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s a <{FGR}Scale> }}").rows[0][0] > 0
    assert store.query(q, {"t": FGR + "NoSuchClass"}).rows == [(0,)]
    with pytest.raises(FgrError, match="IRI"):
        store.query(q, {"t": FGR + "Scale> . ?s ?p ?o"})


def test_declared_integer_param_rejects_non_numbers_and_binds_numbers(store):
    q = ("# param: n (integer, required) schaal\n"
         "PREFIX fgr: <https://w3id.org/functiegebouw/def#>\n"
         "SELECT ?s WHERE { ?s fgr:scaleNumber ?n }")
    assert store.query(q, {"n": "6"}).rows == store.query(q, {"n": 6}).rows != []
    for bad in ["6 } ; DROP ALL ; {", "six", "6.5", True]:
        with pytest.raises(FgrError, match="not a valid integer"):
            store.query(q, {"n": bad})


def test_several_values_bind_several_rows(store):
    q = ("PREFIX fgr: <https://w3id.org/functiegebouw/def#>\n"
         "SELECT ?n WHERE { ?s fgr:scaleNumber ?n } ORDER BY ?n")
    assert store.query(q, {"n": [6, 7]}).rows == [(6,), (7,)]


def test_example_params_are_ready_to_pass(store):
    q = parse_header("# param: schaal (integer) s\n# param: functiegroep (integer) f\n"
                     "# example: schaal=6\n# example: schaal=7\n# example: functiegroep=527\nSELECT * WHERE { }")
    assert q.example_params == {"schaal": ["6", "7"], "functiegroep": "527"}


def test_list_values_of_several_parameters_bind_every_combination(store):
    q = ("PREFIX fgr: <https://w3id.org/functiegebouw/def#>\n"
         "SELECT ?a ?b WHERE { ?x fgr:scaleNumber ?a . ?y fgr:scaleNumber ?b } ORDER BY ?a ?b")
    _, bound = prepare(q, {"a": [5, 6], "b": [7, 8]})
    assert bound.count("VALUES") == 1 and "VALUES (?a ?b)" in bound
    assert store.query(q, {"a": [5, 6], "b": [7, 8]}).rows == [(5, 7), (5, 8), (6, 7), (6, 8)]
    assert store.query(q, {"a": 5, "b": [8, 7]}).rows == [(5, 7), (5, 8)]
    with pytest.raises(FgrError, match="combinations of parameter values"):
        prepare(q, {"a": list(range(200)), "b": list(range(200))})


def test_binding_lands_in_the_where_group_not_a_template_comment_or_string():
    text = ('# WHERE { in a comment\nPREFIX ex: <http://ex/{}>\n'
            'CONSTRUCT { ?s ex:p "WHERE {" } WHERE { ?s ?p ?o }')
    _, bound = prepare(text, {"o": 1})
    assert bound.count("VALUES") == 1
    assert bound.index("VALUES") > bound.index("} WHERE {")
    # a WHERE that is one sub-select: the block goes inside it (the sub-select runs on the bound
    # values, not over the whole store), and only there
    _, sub = prepare("SELECT * WHERE { SELECT ?o WHERE { ?s ?p ?o } LIMIT 1 }", {"o": 1})
    assert sub.startswith("SELECT * WHERE { SELECT ?o WHERE { VALUES ?o {") and sub.count("VALUES") == 1
    # beside other patterns: in the outer group and in the sub-select that projects the parameter
    _, both = prepare("SELECT * WHERE { ?o ?q ?r { SELECT ?o WHERE { ?s ?p ?o } } }", {"o": 1})
    assert both.startswith("SELECT * WHERE { VALUES ?o {") and both.count("VALUES") == 2
    _, expr = prepare("SELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?s ?p ?o }", {"o": 1})
    assert "WHERE { VALUES ?o" in expr


@pytest.mark.parametrize("char, in_name, starts_prefix", [
    ("\u00b6", False, False), ("\u00b7", True, False), ("\u00bf", True, False), ("\u00c0", True, True),
    ("\u00e9", True, True), ("\uffff", True, True), ("\U00010000", False, False)])
def test_the_lexer_reads_names_with_the_characters_sparql_allows(char, in_name, starts_prefix):
    from functiegebouw.sparql.query import tokens

    var = list(tokens(f"?a{char}b"))
    assert (var == [("var", f"?a{char}b", 0)]) is in_name
    pname = list(tokens(f"{char}x:y"))
    assert (pname == [("pname", f"{char}x:y", 0)]) is starts_prefix
    # a local name also takes any word character (\w), astral letters included
    assert (list(tokens(f"ex:a{char}")) == [("pname", f"ex:a{char}", 0)]) is (in_name or char.isalnum())


def test_binding_keeps_line_numbers():
    text = "PREFIX x: <http://x/>\nSELECT ?a\nWHERE {\n  ?a ?b ?c\n}\n"
    assert prepare(text, {"a": "v"})[1].count("\n") == text.count("\n")


def test_unknown_missing_and_unused_params_are_errors(store):
    declared = "# param: n (integer, required) x\nSELECT ?n WHERE { ?s ?p ?n }"
    with pytest.raises(FgrError, match="unknown parameter"):
        store.query(declared, {"n": 1, "m": 2})
    with pytest.raises(FgrError, match="required"):
        store.query(declared)
    with pytest.raises(FgrError, match="not a variable"):
        store.query("SELECT ?n WHERE { ?s ?p ?n }", {"zz": 1})
    with pytest.raises(FgrError, match="bad parameter name"):
        store.query("SELECT ?n WHERE { ?s ?p ?n }", {"n } ; DROP ALL ; {": 1})


@pytest.mark.parametrize("text, value", [
    ("6", 6), ("-2", -2), ("6.5", Decimal("6.5")), ("true", True), ("FALSE", False),
    ("2024-01-01", dt.date(2024, 1, 1)), ("2024-13-01", "2024-13-01"), ('"6"', "6"), ("zes", "zes"),
    ("6 } ; DROP ALL ; {", "6 } ; DROP ALL ; {"), ("", ""), ('""', ""), ('"', '"'), ("<", "<")])
def test_a_value_typed_by_a_person_is_read_from_its_form(text, value):
    assert from_lexical(text) == value and type(from_lexical(text)) is type(value)
    assert str(from_lexical("<https://example.org/a>")) == "https://example.org/a"


def test_lexical_typing_only_for_undeclared_params(store):
    q = "PREFIX fgr: <https://w3id.org/functiegebouw/def#> SELECT ?n WHERE { ?s fgr:scaleNumber ?n } ORDER BY ?n"
    assert store.query(q, {"n": "6"}).rows == []  # from Python, a str is a string
    assert store.query(q, {"n": ["6", "7"]}, lexical=True).rows == [(6,), (7,)]
    declared = "# param: n (literal) text\n" + q
    assert store.query(declared, {"n": "6"}, lexical=True).rows == []  # the header decides
    with pytest.raises(FgrError, match="IRI"):
        store.query("SELECT ?x WHERE { ?x ?p ?o }", {"x": "<http://x/a b>"}, lexical=True)


def test_terms_are_typed():
    import rdflib

    assert to_term(5) == f'"5"^^<{XSD}integer>'
    assert to_term(True) == f'"true"^^<{XSD}boolean>'
    assert to_term(Decimal("2.50")) == f'"2.50"^^<{XSD}decimal>'
    assert to_term(dt.date(2024, 1, 1)) == f'"2024-01-01"^^<{XSD}date>'
    assert to_term("5") == '"5"'
    assert to_term(rdflib.Literal("x", lang="nl")) == '"x"@nl'
    # a typed rdflib literal keeps its datatype; xsd:string is the plain string form
    assert to_term(rdflib.Literal("5", datatype=rdflib.XSD.integer)) == f'"5"^^<{XSD}integer>'
    assert to_term(rdflib.Literal("x", datatype=rdflib.XSD.string)) == '"x"'
    assert to_term(rdflib.Literal("x")) == '"x"'
    assert to_term(1.5) == f'"1.5"^^<{XSD}double>'
    assert to_term(6.0, "integer") == f'"6"^^<{XSD}integer>'
    with pytest.raises(FgrError, match="not a valid integer"):
        to_term(6.5, "integer")
    assert [to_term(v, "boolean") for v in ("yes", "1", "TRUE", "no", "0", "false")] == \
        [f'"true"^^<{XSD}boolean>'] * 3 + [f'"false"^^<{XSD}boolean>'] * 3
    assert to_term(rdflib.URIRef("http://example.org/a")) == "<http://example.org/a>"

    class Literal(str):  # a term whose library did not check its language tag
        language, datatype = "n l", None

    with pytest.raises(FgrError, match="language tag"):
        to_term(Literal("x"))


# --------------------------------------------------------------------------- updates

UPDATES = [
    "DROP ALL",
    "# SELECT * WHERE { ?s ?p ?o }\nDROP ALL",
    "PREFIX ex: <http://ex/>\nINSERT DATA { ex:a ex:b 'SELECT' }",
    "CLEAR DEFAULT",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "WITH <http://ex/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "CREATE GRAPH <http://ex/g> ; DROP GRAPH <http://ex/g>",
    "MOVE DEFAULT TO <http://ex/g>",
    "COPY DEFAULT TO <http://ex/g>",
    "ADD DEFAULT TO <http://ex/g>",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused_by_default(store, update):
    before = count(store)
    with pytest.raises(FgrError, match="--allow-update"):
        store.query(update)
    assert count(store) == before


def test_allowed_update_changes_only_this_session(tmp_path, fgr_data):
    s = functiegebouw.open(fgr_data, store_dir=tmp_path)
    before = count(s)
    s.query("INSERT DATA { <http://example.org/a> <http://example.org/b> 1 }", allow_update=True)
    assert count(s) == before + 1
    assert count(functiegebouw.open(fgr_data, store_dir=tmp_path)) == before  # the cache mirrors the files


def test_syntax_error_names_the_query_file_and_line(tmp_path, store):
    f = tmp_path / "broken.rq"
    f.write_text("# title: x\nSELECT ?s\nWHERE { ?s nope:p ?o }\nLIMIT 1\n")
    with pytest.raises(FgrError) as err:
        store.query(str(f))
    assert err.value.path == str(f) and err.value.line == 3


# --------------------------------------------------------------------------- results

def test_result_values_are_python_values(store):
    r = store.query("""PREFIX schema: <https://schema.org/> PREFIX fgr: <https://w3id.org/functiegebouw/def#>
        SELECT ?n ?min ?from ?cur ?none ?dbl ?yes ?lang ?iri WHERE {
          ?s fgr:scaleNumber ?n ; fgr:salaryRange ?r . ?r schema:value/schema:minValue ?min ; schema:validFrom ?from ;
             schema:currency ?cur . OPTIONAL { ?s <http://example.org/none> ?none }
          BIND(1.5e0 AS ?dbl) BIND(true AS ?yes) BIND("x"@nl AS ?lang) BIND(?s AS ?iri) } ORDER BY ?n LIMIT 1""")
    n, low, day, cur, none, dbl, yes, lang, iri = r.rows[0]
    assert (cur, none, dbl, yes, lang) == ("EUR", None, 1.5, True, "x")
    assert isinstance(n, int) and n == 1  # the lowest schaal with salary figures
    assert isinstance(low, (Decimal, float)) and low > 0
    assert day == dt.date(2024, 1, 1)
    assert iri.startswith("https://w3id.org/functiegebouw/id/schaal/")
    assert r.columns == ["n", "min", "from", "cur", "none", "dbl", "yes", "lang", "iri"]


def test_invalid_lexical_forms_stay_text():
    assert term_value({"type": "literal", "value": "abc", "datatype": XSD + "integer"}) == "abc"
    assert term_value({"type": "literal", "value": "2024-13-01", "datatype": XSD + "date"}) == "2024-13-01"
    assert term_value({"type": "bnode", "value": "b0"}) == "_:b0"
    assert term_value(None) is None


def test_sparql_json_round_trip_and_formats(store):
    r = store.query("salaris-per-schaal", {"functiegroep": 527})
    data = r.to_sparql_json()
    assert json.loads(r.to_json()) == data
    assert Result.from_sparql_json(data) == r
    csv_lines = r.to_csv().splitlines()
    assert csv_lines[0].split(",") == r.columns and len(csv_lines) == len(r) + 1
    md = r.to_markdown().splitlines()
    assert md[0].startswith("| ") and md[1].startswith("|---") and len(md) == len(r) + 2
    assert r.to_dataframe().shape == (len(r), len(r.columns))


def test_table_fits_the_width_and_marks_cut_cells():
    r = Result(["a", "long"], [[{"type": "literal", "value": "1"}, {"type": "literal", "value": "x" * 200}]])
    table = r.to_table(40)
    assert all(len(line) <= 40 for line in table.splitlines())
    assert "…" in table
    assert "x" * 200 in r.to_table(None)


def test_ask_and_construct(store):
    assert store.query(f"ASK {{ ?s a <{FGR}Scale> }}") is True
    assert store.query("ASK { ?s <http://example.org/none> ?o }") is False
    graph = store.query(f"CONSTRUCT WHERE {{ ?s a <{FGR}Scale> }}")
    scales = [s for (s,) in store.query(f"SELECT ?s WHERE {{ ?s a <{FGR}Scale> }}").rows]
    assert scales and set(graph) == {(URIRef(s), RDF.type, URIRef(FGR + "Scale")) for s in scales}


def test_only_a_bad_decimal_is_told_the_digit_limit():
    from functiegebouw.sparql.query import DECIMAL_DIGITS

    with pytest.raises(FgrError) as exc:
        to_term("1e" + str(DECIMAL_DIGITS + 5), "decimal", name="bedrag")
    assert exc.value.message.endswith(f"is not a valid decimal (at most {DECIMAL_DIGITS} digits)")
    for bad, ptype in (("zes", "integer"), ("morgen", "date"), ("x", "double")):
        with pytest.raises(FgrError) as exc:
            to_term(bad, ptype, name="p")
        assert exc.value.message == f"{bad!r} is not a valid {ptype}", exc.value.message


# ---------------------------------------------------------------- where bind() puts the VALUES block
# Each query runs on a tiny pyoxigraph store with and without binding: the rows must be what the
# parameters mean in SPARQL (a sub-select sees a parameter only when it projects it).

_EX = "https://example.org/"


def _bound_rows(query: str, **params) -> list[tuple]:
    import pyoxigraph as ox

    from functiegebouw.sparql.query import bind

    store = ox.Store()
    for s, p, o in (("a", "p", "1"), ("b", "p", "2"), ("a", "q", "x"), ("b", "q", "y")):
        store.add(ox.Quad(ox.NamedNode(_EX + s), ox.NamedNode(_EX + p), ox.Literal(o)))
    text = bind(query, {k: [v] for k, v in params.items()})
    # valid SPARQL 1.1 too, by rdflib's strict grammar: Oxigraph also runs a sub-select that shares
    # its group with a VALUES block, which other servers refuse
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(text)
    return sorted(tuple(t.value for t in row) for row in store.query(text))


def test_a_top_level_subselect_without_the_parameter_is_wrapped_not_entered():
    query = f"SELECT ?s WHERE {{ SELECT ?s WHERE {{ ?s <{_EX}p> ?o }} }}"
    # ?s is projected only with ?t beside it: the block goes around the sub-select
    assert _bound_rows(query, s=f"<{_EX}a>", t='"unused"') == [(_EX + "a",)]
    assert _bound_rows(query, s=f"<{_EX}b>", t='"unused"') == [(_EX + "b",)]


def test_a_subselect_that_does_not_project_the_parameter_is_not_restricted_by_it():
    # ?o inside the sub-select is its own variable: the parameter ?o does not reach it
    query = f"SELECT ?s WHERE {{{{SELECT ?s WHERE {{?s <{_EX}p> ?o}}}} ?s <{_EX}q> ?z}}"
    assert _bound_rows(query, o='"1"') == [(_EX + "a",), (_EX + "b",)]
    star = f"SELECT ?s WHERE {{{{SELECT * WHERE {{?s <{_EX}p> ?o}}}} ?s <{_EX}q> ?z}}"
    assert _bound_rows(star, o='"1"') == [(_EX + "a",)]  # SELECT * projects ?o


def test_nested_subselects_that_project_the_parameter_each_get_the_block():
    query = (f"SELECT ?s WHERE {{{{SELECT ?s WHERE {{?s <{_EX}p> ?o {{SELECT ?s WHERE {{?s <{_EX}q> ?z}}}}}}}}}}")
    assert _bound_rows(query, s=f"<{_EX}b>") == [(_EX + "b",)]
    from functiegebouw.sparql.query import bind

    text = bind(query, {"s": [f"<{_EX}b>"]})
    assert text.count("VALUES ?s") == 2  # in both sub-selects; the outer WHERE is only the first, so it needs none


def test_the_combination_limit_is_inclusive():
    from functiegebouw.sparql.query import MAX_COMBINATIONS, _values_block

    side = int(MAX_COMBINATIONS ** 0.5)
    assert side * side == MAX_COMBINATIONS
    block = _values_block({"a": [str(i) for i in range(side)], "b": [str(i) for i in range(side)]})
    assert block.count("(") == MAX_COMBINATIONS + 1
    with pytest.raises(FgrError, match="10,001 combinations"):
        _values_block({"a": [str(i) for i in range(MAX_COMBINATIONS + 1)], "b": ["1"]})


def test_binding_into_what_is_no_query_says_which_it_is():
    from functiegebouw.sparql.query import bind

    with pytest.raises(FgrError, match="not a SPARQL query"):
        bind("PREFIX ex: <https://example.org/>", {"x": ['"1"']})
    with pytest.raises(FgrError, match="no WHERE group"):
        bind("DESCRIBE <https://example.org/a>", {"x": ['"1"']})


def test_a_wrapped_top_level_subselect_still_binds_the_subselects_inside_it():
    # the outer sub-select projects only ?s, so it is wrapped; the inner one projects ?s and ?o
    query = (f"SELECT ?s WHERE {{ SELECT ?s WHERE {{ ?s <{_EX}p> ?v "
             f"{{SELECT ?s ?o WHERE {{?s <{_EX}q> ?o}}}} }} }}")
    assert _bound_rows(query, s=f"<{_EX}a>", o='"x"') == [(_EX + "a",)]
    assert _bound_rows(query, s=f"<{_EX}a>", o='"y"') == []
    assert _bound_rows(query, s=f"<{_EX}b>", o='"y"') == [(_EX + "b",)]


def test_a_declared_default_binds_an_omitted_parameter_and_a_value_overrides_it():
    q = parse_header(HEADER, name="salary")
    _, text = prepare(q, {"schaal": 6})
    six = '"6"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert f"VALUES (?schaal ?ding) {{ ({six} <https://example.org/x>) }}" in text, text
    _, text = prepare(q, {"schaal": 6, "ding": "https://example.org/y"})
    body = text.splitlines()[-1]  # the header above it names the default too
    assert "<https://example.org/x>" not in body and "<https://example.org/y>" in body
    assert "?code" not in body[body.index("VALUES"):].split("}")[0]  # no default: left unbound


def test_an_empty_iri_form_is_read_as_an_iri():
    assert type(from_lexical("<>")) is URIRef and str(from_lexical("<>")) == ""


def test_only_a_person_s_text_is_typed_from_its_form():
    text = "SELECT ?x WHERE { ?s ?p ?x }"
    assert 'VALUES ?x { "6" }' in prepare(text, {"x": "6"})[1]  # the API: a str is a string
    six = '"6"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert f"VALUES ?x {{ {six} }}" in prepare(text, {"x": "6"}, lexical=True)[1]  # a person's 6: an integer


@pytest.mark.parametrize("params, words", [({"schaal": 6, "bogus": 1}, "unknown parameter 'bogus'"),
                                           ({}, "parameter 'schaal' is required")])
def test_parameter_errors_name_the_query(params, words):
    q = parse_header(HEADER, name="salary")
    with pytest.raises(FgrError) as err:
        prepare(q, params)
    assert err.value.path == "salary" and words in err.value.message


def test_an_undeclared_parameter_that_is_no_variable_names_the_query():
    with pytest.raises(FgrError) as err:
        prepare("SELECT ?x WHERE { ?s ?p ?x }", {"y": 1})
    assert err.value.path == "query" and "'y' is not a variable of the query" in err.value.message


def test_a_parameter_used_only_in_a_filter_is_bound_where_the_filter_sees_it():
    # as `minimum` in links-gedeelde-esco-vaardigheden: the block must share the FILTER's group
    query = f"SELECT ?s WHERE {{ ?s <{_EX}p> ?o FILTER(?o = ?want) }}"
    assert _bound_rows(query, want='"1"') == [(_EX + "a",)]
    assert _bound_rows(query, want='"2"') == [(_EX + "b",)]


def test_control_characters_are_escaped_and_a_space_is_not():
    assert to_term("a\x01b\x7fc d", "literal") == '"a\\u0001b\\u007Fc d"'
    assert to_term("\x1f \x20", "literal") == '"\\u001F  "'


@pytest.mark.parametrize("exponent, ok", [(1000, True), (1001, False), (-1000, True), (-1001, False)])
def test_the_decimal_digit_limit_is_inclusive(exponent, ok):
    from functiegebouw.sparql.query import DECIMAL_DIGITS

    assert DECIMAL_DIGITS == 1000
    value = f"1e{exponent}"
    if ok:
        assert to_term(value, "decimal").endswith("^^<http://www.w3.org/2001/XMLSchema#decimal>")
    else:
        with pytest.raises(FgrError, match="at most 1000 digits"):
            to_term(value, "decimal")


def test_two_sibling_subselects_each_get_the_block():
    query = f"SELECT ?s WHERE {{{{SELECT ?s WHERE {{?s <{_EX}p> ?o}}}}{{SELECT ?s WHERE {{?s <{_EX}q> ?z}}}}}}"
    assert _bound_rows(query, s=f"<{_EX}a>") == [(_EX + "a",)]
    from functiegebouw.sparql.query import bind

    assert bind(query, {"s": [f"<{_EX}b>"]}).count("VALUES ?s") == 3  # the WHERE and both sub-selects


def test_a_where_group_that_starts_with_a_keyword_is_not_taken_for_a_subselect():
    # wrapping it in a group of its own would hide the parameter from its FILTER
    query = f"SELECT ?s WHERE {{ OPTIONAL {{ ?s <{_EX}q> ?z }} ?s <{_EX}p> ?o FILTER(?o = ?want) }}"
    assert _bound_rows(query, want='"2"') == [(_EX + "b",)]
