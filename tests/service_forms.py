"""SPARQL texts that call a SERVICE, in every spelling the grammar allows (the SERVICE guard's
property tests: tests/sparql/test_service_guard.py, tests/sparql/test_remote_guard.py)."""
from __future__ import annotations

from hypothesis import strategies as st


def _escaped(draw, char: str) -> str:
    how = draw(st.sampled_from(["plain", "plain", "u", "U"]))
    if how == "plain":
        return char
    digits = f"{ord(char):04x}" if how == "u" else f"{ord(char):08x}"
    return "\\" + how + "".join(draw(st.sampled_from([d.lower(), d.upper()])) for d in digits)


def _word(draw, word: str) -> str:
    """``word`` in any letter case, some letters as \\u or \\U escapes."""
    return "".join(_escaped(draw, draw(st.sampled_from([c.lower(), c.upper()]))) for c in word)


SEPARATORS = [" ", "\n", "\t", "\r\n", " # c\r", " # comment\n", "#\r", "  # x\r\n", "\r", " #}\r"]
# each keeps a triple pattern beside the clause: Oxigraph drops a FILTER over nothing unevaluated
WRAPPERS = ["{{ SELECT * WHERE {{ {x} }} }}", "?s ?p ?o OPTIONAL {{ {x} }}", "{{ ?s ?p ?o }} UNION {{ {x} }}",
            "?s ?p ?o FILTER EXISTS {{ {x} }}", "?s ?p ?o FILTER NOT EXISTS {{ {x} }}", "{{ {x} }}",
            "?s ?p ?o . {x}", "GRAPH ?g {{ {x} }}"]


@st.composite
def service_queries(draw, url: str):
    """(text, no oracle, update): a query or update whose engine would call ``url`` (no oracle: a
    variable as the service IRI, which Oxigraph refuses by itself, or an ASK, which may stop early)."""
    target_kind = draw(st.sampled_from(["iri", "pname", "variable"]))
    prologue = ""
    if target_kind == "iri":
        target = "<" + url + ">"
    elif target_kind == "pname":
        prologue = f"PREFIX e: <{url.rsplit('/', 1)[0]}/> "
        target = "e:" + url.rsplit("/", 1)[1]
    else:
        target = "?svc"
    silent = (_word(draw, "SILENT") + " ") if draw(st.booleans()) else ""
    clause = (draw(st.sampled_from(SEPARATORS)) + _word(draw, "SERVICE") + " " + silent + target
              + " { ?a ?b ?c }")
    for wrapper in draw(st.lists(st.sampled_from(WRAPPERS), max_size=2)):
        clause = wrapper.format(x=clause)
    if target_kind == "variable":
        clause = f"VALUES ?svc {{ <{url}> }} " + clause
    form = draw(st.sampled_from(["select", "ask", "construct", "update"]))
    body = {"select": "SELECT * WHERE {{ {x} }}", "ask": "ASK {{ {x} }}",
            "construct": "CONSTRUCT {{ ?a ?b ?c }} WHERE {{ {x} }}",
            "update": "INSERT {{ <urn:a> <urn:b> <urn:c> }} WHERE {{ {x} }}"}[form]
    # the oracle below needs every branch evaluated: ASK stops at the first solution
    return prologue + body.format(x=clause), target_kind == "variable" or form == "ask", form == "update"
