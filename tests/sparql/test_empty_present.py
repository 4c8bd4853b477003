"""``sparql.empty.unmatched`` looks a parameter's value up before it lists every value of the
parameter (issue 28: 6,100 functiegroepen at 100x were read and compared on every empty answer):
the answer is the same as the full comparison, which still runs whenever the look-up finds nothing."""
from __future__ import annotations

import pytest

import functiegebouw
from functiegebouw.sparql import empty

EX = "http://example.org/"
TEXT = f"""PREFIX ex: <{EX}>
# param: groep (integer) id
# param: naam (literal) name
SELECT ?g WHERE {{ ?g ex:id ?groep ; ex:name ?naam }}
"""


@pytest.fixture
def store(tmp_path):
    data = tmp_path / "data.ttl"
    rows = [f'<{EX}g{n}> <{EX}id> {n} ; <{EX}name> "Groep {n}" .' for n in range(1, 40)]
    rows.append(f'<{EX}z> <{EX}id> "0527"^^<http://www.w3.org/2001/XMLSchema#integer> ; <{EX}name> "Zeta" .')
    data.write_text("\n".join(rows) + "\n")
    opened = functiegebouw.open(data, memory=True, ontology=False)
    yield opened
    opened.close()


@pytest.fixture
def listed(store, monkeypatch):
    """The queries that list every value of a parameter (no VALUES block)."""
    seen: list[str] = []
    run = store._run

    def spy(text, **kw):
        if "VALUES" not in text:
            seen.append(text)
        return run(text, **kw)

    monkeypatch.setattr(store, "_run", spy)
    return seen


@pytest.mark.parametrize("params", [{"groep": "7"}, {"groep": 7}, {"groep": " 7 "}, {"naam": "Groep 12"},
                                    {"groep": ["3", "4"]}, {"groep": "527"}])  # 527: the graph's "0527", by value
def test_a_value_the_graph_has_is_found_without_listing_every_value(store, listed, params):
    assert empty.unmatched(store, TEXT, params) == []
    assert listed == []


@pytest.mark.parametrize("params", [{"groep": "007"}, {"groep": "+527"}, {"groep": "7.0"}, {"naam": "groep 12"},
                                    {"naam": "ZETA"}])
def test_another_spelling_of_a_value_is_still_matched_by_the_full_comparison(store, listed, params):
    assert empty.unmatched(store, TEXT, params) == []
    assert len(listed) == 1  # the look-up found nothing as written: every value compared by key


def test_a_value_the_graph_lacks_is_reported_with_the_nearest(store, listed):
    (missing,) = empty.unmatched(store, TEXT, {"groep": "41"})
    assert (missing.param, missing.value) == ("groep", "41") and missing.nearest[:2] == ("39", "38")
    (missing,) = empty.unmatched(store, TEXT, {"groep": ["3", "99"]})
    assert missing.value == "99"


def test_a_hostile_value_is_a_literal_not_query_text(store):
    (missing,) = empty.unmatched(store, TEXT, {"naam": 'x" } } SELECT * WHERE { ?s ?p ?o } #'})
    assert missing.param == "naam"
