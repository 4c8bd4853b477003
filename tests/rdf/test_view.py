"""rdf/view.py gives pyoxigraph terms rdflib's text, truth and order (what findings were made of before
they were read without rdflib), on terms chosen to differ: numbers written in several ways, ties, language
tags, typed literals of other kinds, IRIs beside blank nodes beside literals."""
from __future__ import annotations

import itertools
import random

import pyoxigraph as ox
import pytest

from functiegebouw.rdf import view
from functiegebouw.rdf.terms import to_rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"


def lit(value, datatype=None, language=None):
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)


INTEGERS = [lit(v, "integer") for v in ("7", "007", "+5", "-0", "12", "-3", "1_0", " 4", "abc", "99999999999999999999")]
STRINGS = [lit("b"), lit("a"), lit("a", language="nl"), lit("a", language="en"), lit("B", language="en"), lit(""),
           lit("12")]
OTHERS = [lit("12.0", "decimal"), lit("12", "double"), lit("true", "boolean"), lit("0", "boolean"),
          lit("2026-01-01", "date"), lit("0", "integer"), lit("0")]
NODES = [ox.NamedNode("http://x/b"), ox.NamedNode("http://x/a"), ox.BlankNode("b1"), ox.BlankNode("a2")]


@pytest.mark.parametrize("term", INTEGERS + STRINGS + OTHERS + NODES, ids=str)
def test_text_and_truth_are_rdflibs(term):
    assert view.rdflib_text(term) == str(to_rdflib(term))
    assert view.rdflib_truth(term) == bool(to_rdflib(term))


GROUPS = {"integers": INTEGERS, "whole numbers": [t for t in INTEGERS if t.value.strip("+-").isdigit()],
          "strings": STRINGS, "nodes": NODES, "mixed": INTEGERS[:3] + STRINGS[:3] + OTHERS[:3] + NODES,
          "others": OTHERS}


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_order_is_rdflibs(group):
    terms = GROUPS[group]
    shuffled = random.Random(7)
    for n in range(1, min(len(terms), 4) + 1):
        for chosen in itertools.combinations(terms, n):
            chosen = list(chosen)
            shuffled.shuffle(chosen)
            assert view.rdflib_sorted(chosen) == sorted(chosen, key=to_rdflib), chosen


def test_node_key_is_subject_key():
    from functiegebouw.rdf.terms import subject_key

    for term in NODES + STRINGS[:2]:
        assert view.node_key(term) == subject_key(term)


def test_a_view_of_disjoint_stores_is_their_union():
    """``disjoint=True`` (the caller keeps the stores' triples apart) answers what the checked union does."""
    terms = [ox.NamedNode(f"http://x/{n}") for n in "abcd"]
    quads = [ox.Quad(s, p, o) for s, p, o in itertools.product(terms, repeat=3)]
    random.Random(7).shuffle(quads)
    first, second = ox.Store(), ox.Store()
    first.extend(quads[:40])
    second.extend(quads[40:])
    checked, trusted = view.TripleView(first, second), view.TripleView(first, second, disjoint=True)
    for pattern in [(None, None, None), (terms[0], None, None), (None, terms[1], terms[2]), (None, None, terms[3])]:
        expected = sorted(map(str, checked.triples(*pattern)))
        assert expected and sorted(map(str, trusted.triples(*pattern))) == expected
        assert len(expected) == len(set(expected)) == sum(1 for q in quads if all(
            t is None or t == v for t, v in zip(pattern, (q.subject, q.predicate, q.object), strict=True)))
