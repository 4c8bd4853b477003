"""`fgr query -f csv` writes pyoxigraph's terms straight to cells (issue 28): a plain decimal is
written as its own text, without making a Decimal (the decimal module costs more than many a query);
the cells are the same as those of the values (`_cell(ox_value(term))`) for every kind of term."""
from __future__ import annotations

import io
import random
from decimal import Decimal

import pyoxigraph as ox
import pytest

from functiegebouw.sparql.results import Result, _plain_decimal

EDGES = ["0", "-0", "0.0", "-0.0", "0.00000", "0.000000", "0.0000000", "0.000001", "0.0000001", "0.0000010",
         "00", "01", "-01.5", "1.", ".5", "1.50", "-5", "+5", "1e3", "1E-7", "1_000", " 1", "1 ", "", "-", ".",
         "٣", "1²", "123456789012345678901234567890.125", "3456.78", "-0.000010"]


@pytest.mark.parametrize("text", EDGES)
def test_a_plain_decimal_is_its_own_text_and_only_then(text):
    plain = _plain_decimal(text)
    try:
        shown = str(Decimal(text))
    except ArithmeticError:
        shown = None
    if plain is not None:
        assert plain == text == shown
    # the ones a person writes as they are stay fast; the others go to Decimal
    assert (plain is None) == (text not in ("0", "-0", "0.0", "-0.0", "0.00000", "0.000001", "-5", "1.50",
                                            "123456789012345678901234567890.125", "3456.78", "-0.000010",
                                            "0.0000010"))


def test_random_texts_never_differ_from_decimal():
    rng = random.Random(28)
    fast = 0
    for _ in range(20000):
        text = "".join(rng.choice("0123456789.-") for _ in range(rng.randint(1, 10)))
        plain = _plain_decimal(text)
        if plain is not None:
            fast += 1
            assert str(Decimal(text)) == plain, text
    assert fast > 1000  # the fast path is taken, not only refused


XSD = "http://www.w3.org/2001/XMLSchema#"


def _store() -> ox.Store:
    store = ox.Store()
    s = ox.NamedNode("https://example.org/s")
    objects = [ox.Literal(t, datatype=ox.NamedNode(XSD + "decimal")) for t in EDGES]
    objects += [ox.Literal("007", datatype=ox.NamedNode(XSD + "integer")), ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean")),
                ox.Literal("2024-02-29", datatype=ox.NamedNode(XSD + "date")),
                ox.Literal("2024-13-01", datatype=ox.NamedNode(XSD + "date")),
                ox.Literal("1.5e0", datatype=ox.NamedNode(XSD + "double")), ox.Literal("tekst", language="nl"),
                ox.Literal("2", datatype=ox.NamedNode(XSD + "double")), ox.Literal("5", datatype=ox.NamedNode(XSD + "float")),
                ox.Literal("=1+2"), ox.Literal("a\rb"), ox.NamedNode("https://example.org/o"), ox.BlankNode("b1")]
    for n, o in enumerate(objects):
        store.add(ox.Quad(s, ox.NamedNode(f"https://example.org/p{n:03d}"), o))
    return store


QUERY = "SELECT ?p ?o ?none WHERE { ?s ?p ?o OPTIONAL { ?s <https://example.org/nothing> ?none } } ORDER BY ?p"


@pytest.mark.parametrize("raw", [False, True])
def test_the_cells_are_those_of_the_values(raw):
    store = _store()
    fast, slow = io.StringIO(), io.StringIO()
    Result.from_oxigraph(store.query(QUERY)).write_csv(fast, raw=raw)
    values = Result.from_oxigraph(store.query(QUERY))
    values._csv = None  # the general way: terms to Python values, values to cells
    values.write_csv(slow, raw=raw)
    assert fast.getvalue() == slow.getvalue()
    assert "\n0.0000001," not in fast.getvalue() and ",1E-7," in fast.getvalue()
    assert len(fast.getvalue().splitlines()) > len(EDGES)


def test_rows_read_before_are_written_the_same():
    """``rows`` read first (the answer held), then CSV: the same cells from the held rows."""
    store = _store()
    once = Result.from_oxigraph(store.query(QUERY))
    assert once.rows
    out, expected = io.StringIO(), io.StringIO()
    once.write_csv(out)
    Result.from_oxigraph(store.query(QUERY)).write_csv(expected)
    assert out.getvalue() == expected.getvalue()


DATES = ["2024-01-01", "2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "0000-01-01", "0001-01-01",
         "9999-12-31", "2024-13-01", "2024-00-10", "2024-04-31", "2024-04-30", "20240101", "2024-1-01", "2024-01-1",
         "2024-W01-1", "2024-001", "２０２４-01-01", "2024-01-01Z", " 2024-01-01", "2024/01/01", "", "-2024-01-01"]


@pytest.mark.parametrize("text", DATES)
def test_a_date_cell_is_the_text_of_its_value(text):
    from functiegebouw.sparql.results import _ox_row_csv, _plain_date, _cell, ox_value

    term = ox.Literal(text, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert _ox_row_csv([term]) == [_cell(ox_value(term))]
    # only the form that is its own value is taken as it is: the others go to datetime
    assert (_plain_date(text) is not None) == (text in ("2024-01-01", "2024-02-29", "2000-02-29", "0001-01-01",
                                                        "9999-12-31", "2024-04-30"))


def test_random_dates_never_differ_from_datetime():
    import datetime

    from functiegebouw.sparql.results import _plain_date

    rng = random.Random(28)
    for _ in range(20000):
        text = f"{rng.randint(0, 10000):04d}-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
        try:
            shown = str(datetime.date.fromisoformat(text))
        except ValueError:
            shown = None
        assert _plain_date(text) == (text if shown == text else None), text
