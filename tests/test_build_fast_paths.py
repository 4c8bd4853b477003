"""The shortcuts of `fgr build`'s per-profile path (issue 28) against the slow paths they skip.

Each shortcut answers "nothing to do here" for the common case (a clean line, ASCII text, plain
IRIs) and falls back to the general code otherwise; these tests hold each one to the answer of the
general code, on texts made to hit both sides.
"""
from __future__ import annotations

import gc
import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from functiegebouw.convert import _convert_chunk
from functiegebouw.errors import FgrError
from functiegebouw.rdf import turtle
from functiegebouw.rdf.turtle import Triples, first_iri_problem, integer, iri_problem, lit
from functiegebouw.source import parse, text
from functiegebouw.source.text import clean, decode_text
from support import SEED_TXT

_WS = re.compile(r"\s+")
# every kind of character the shortcuts look at: spaces of all sorts, zero-width space, BOM,
# controls, C1 controls, separators, replacement character, quotes and backslashes, accents, bullets
_TRICKY = (" \t\n\x0b\x0c\r\x1c\x1f\x85\xa0\u1680\u2000\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\ufffd"
           "\x00\x07\x7f\x80\x9f\"\\\b<>{}|^`" "aZ09:/#-.é•–")
# spaces and plain letters weighted up: two spaces in a row and no other whitespace is a case of its own
tricky_text = st.text(alphabet=st.sampled_from([*_TRICKY, *" " * 12, *"ab" * 6]), max_size=40)


def reference_clean(line: str) -> str:
    """clean() as it was before its shortcut."""
    return _WS.sub(" ", line.replace("\u00a0", " ").replace("\u200b", "")).strip()


@settings(max_examples=400, deadline=None)
@given(tricky_text)
@example("a  b")
@example(" a\u200bb ")
@example("\xa0a")
def test_clean_equals_the_full_normalisation(line):
    assert clean(line) == reference_clean(line)
    assert clean(clean(line)) == clean(line)  # the tokenizer relies on it (no second clean)


def test_the_odd_space_class_is_all_whitespace_but_the_space_and_the_zero_width_space():
    odd = re.compile(f"[{text.ODD_SPACE}]")
    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        expected = (ch.isspace() and ch != " ") or ch == "\u200b"
        assert bool(odd.match(ch)) == expected, f"U+{code:04X}"


def test_one_scan_finds_every_character_the_line_checks_look_for():
    for code in range(0x3100):  # all the classes lie below U+3100, but U+FEFF and U+FFFD
        ch = chr(code)
        each = any(p.match(ch) for p in (text._CONTROL, text._SEPARATOR_RE, text._STRAY_RE))
        assert bool(text._SUSPICIOUS.match(ch)) == each, f"U+{code:04X}"
    assert text._SUSPICIOUS.match("\ufeff") and text._SUSPICIOUS.match("\ufffd")


def _decoded(data: bytes, max_line_chars: int = 100_000) -> tuple[object, ...]:
    try:
        d = decode_text(data, "x.txt", max_line_chars=max_line_chars)
    except FgrError as exc:
        return ("error", str(exc))
    return (d.lines, d.encoding, [str(w) for w in d.warnings])


@settings(max_examples=300, deadline=None)
@given(st.lists(tricky_text, min_size=1, max_size=6), st.sampled_from(["utf-8", "cp1252"]),
       st.integers(min_value=5, max_value=60))
def test_decoding_says_the_same_with_and_without_the_one_scan(lines, encoding, limit):
    data = "\n".join(lines).encode(encoding, "replace")
    fast = _decoded(data, limit)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(text, "_SUSPICIOUS", re.compile(""))  # finds something everywhere: line by line
        slow = _decoded(data, limit)
    assert fast == slow


@pytest.mark.parametrize("line,key", [("\ufeff" * 55 + "Resultaten", "resultaten"),
                                      ("Compe\ufefftenties", "competenties"),
                                      ("x" * 61, None), ("Opdracht(gever) ( ambtelijk )", "area:opdracht")])
def test_a_heading_is_known_through_byte_order_marks_and_spacing(line, key):
    assert parse.heading_key(line) == key
    assert parse._heading_key(clean(line)) == key


@settings(max_examples=300, deadline=None)
@given(tricky_text)
def test_literals_are_escaped_as_by_the_regex(value):
    expected = '"' + turtle._NEEDS_ESCAPE.sub(lambda m: turtle._ESCAPES[m.group(0)], value) + '"'
    assert turtle._quote(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(tricky_text, max_size=4))
def test_iris_are_refused_as_by_the_regex(values):
    iris = ["http://example.org/" + v for v in values]
    if turtle._BAD_IRI.search("".join(iris)):
        with pytest.raises(ValueError):
            turtle._check_iris(iris)
    else:
        turtle._check_iris(iris)


def _triples(values: list[str]) -> Triples:
    t = Triples(keep_empty=True)
    for n, v in enumerate(values):
        s = f"https://example.org/id/s/{n}"
        t.add(s, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ("iri", "https://example.org/def/C"))
        t.add(s, "https://example.org/def/text", lit(v, "nl"))
        t.add(s, "https://example.org/def/n", integer(n))
        t.add_iri(s, "https://example.org/def/next", f"https://example.org/id/s/{n + 1}")
        t.add_iri(s, "https://example.org/def/next", "https://example.org/id/s/0")
    return t


@settings(max_examples=150, deadline=None)
@given(st.lists(tricky_text, max_size=5))
def test_turtle_bytes_are_the_turtle_text_encoded(values):
    t = _triples(values)
    prefixes = {"ex": "https://example.org/def/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
    try:
        expected = t.to_turtle(prefixes, "a header\nof two lines").encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate cannot be written: refused either way
        with pytest.raises(UnicodeEncodeError):
            t.to_turtle_bytes(prefixes, "a header\nof two lines")
        return
    assert t.to_turtle_bytes(prefixes, "a header\nof two lines") == expected


def test_add_iri_is_add_of_an_iri_term():
    a, b = Triples(), Triples()
    for s, p, o in [("s", "p", "o1"), ("s", "p", "o2"), ("s", "q", "o1"), ("t", "p", "o1"), ("s", "p", "o1")]:
        a.add(s, p, ("iri", o))
        b.add_iri(s, p, o)
    assert sorted(a) == sorted(b) and len(a) == len(b) == 4


def test_the_first_bad_iri_in_sorted_order_is_named():
    plain = ["https://example.org/id/a", "http://example.org:8080/x#y"]
    assert first_iri_problem(plain) is None
    assert first_iri_problem(["urn:isbn:0451450523", "https://example.org/é"]) is None  # not plain, valid
    bad = ["https://example.org/z z", "https://example.org/a b", *plain]
    value, problem = first_iri_problem(bad)
    assert value == "https://example.org/a b" and problem == iri_problem(value)


def test_a_worker_leaves_the_collector_as_it_found_it(tmp_path):
    before = gc.get_threshold()
    _convert_chunk([(str(SEED_TXT), str(tmp_path / "out.ttl"))], "turtle")
    assert gc.get_threshold() == before
    with pytest.raises(FgrError):  # the file exists: O_EXCL refuses it
        _convert_chunk([(str(SEED_TXT), str(tmp_path / "out.ttl"))], "turtle")
    assert gc.get_threshold() == before
    assert (tmp_path / "out.ttl").stat().st_mode & 0o777 == 0o644
