"""The SPARQL lexer (`sparql.query.tokens`) is written with string methods so that `fgr query` need not
import `re` (issue 28). Its tokens decide where parameters are bound and whether a text is an update,
so it must cut every text exactly as the regular expression it replaced: that expression is kept here
as the reference, and both cut the shipped queries, the tests' hostile texts and random texts alike."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from functiegebouw.sparql.query import queries_dir, tokens

_FROM_B7 = r"[^\x00-\u00B6\U00010000-\U0010FFFF]"
_FROM_C0 = r"[^\x00-\u00BF\U00010000-\U0010FFFF]"
REFERENCE = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$](?:[A-Za-z0-9_]|{b7})+)
  | (?P<pname>(?:[A-Za-z_]|{c0})[\w\-.]*:(?:[\w\-.:%]|{b7}|\\.)*|:(?:[\w\-.:%]|{b7}|\\.)*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
""".replace("{b7}", _FROM_B7).replace("{c0}", _FROM_C0), re.VERBOSE | re.DOTALL)


def reference(text: str) -> list[tuple[str | None, str, int]]:
    out, pos = [], 0
    while pos < len(text):
        m = REFERENCE.match(text, pos)
        assert m is not None
        if m.lastgroup not in ("ws", "comment"):
            out.append((m.lastgroup, m.group(), m.start()))
        pos = m.end()
    return out


HOSTILE = [
    "", " ", "#", "# only a comment", "SELECT * WHERE { ?s ?p ?o }",
    "'''a''''", "'''a'' '''", "''''", "'''", "'''unterminated", "'a\\'", "'a\\", "'a\nb'", '"a\rb"', '"""x\\"""',
    '"""a""""', "'\\'", "'\\\\'", "<http://x/ y>", "<http://x/>", "<a<b>", "<", "<>", "?", "$", "?x?y", "$1",
    "?é·", "?\U0001D400", "ex:", ":", ":a\\", "a:b\\.c", "a.b:c%20d", "é:x", "\u00B7:x", "_:b0", "a-b:c",
    "SERVICE<x>{}", "SELECT ?x { SERVICE ?s {} }", "#x\rSERVICE <y> {}", "\u2028LOAD <x>", "ſervice",
    "\x00\x1f\x7f", "a\u0085b", "INSERT DATA { <a> <b> 'c' }", "PREFIX : <x#> SELECT * { :a :b :c }",
    "'''a\\\n'''", "\"a\" \"\"", "\ud800x:y", "x\U0001D400:y", "a.:b", "a-:b",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_the_lexer_cuts_hostile_texts_as_the_reference(text):
    assert list(tokens(text)) == reference(text)


def test_the_lexer_cuts_every_shipped_query_as_the_reference():
    files = sorted(Path(queries_dir()).glob("*.rq"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert list(tokens(text)) == reference(text), path.name


ALPHABET = ("'", '"', "\\", "<", ">", "?", "$", ":", "#", "\n", "\r", " ", "\t", "a", "Z", "_", "-", ".", "%",
            "0", "9", "{", "}", "(", ")", "é", "\u00B7", "\u00B6", "\u00C0", "\uFFFF", "\U0001D400", "\U00010000",
            "\u2028", "\u0085", "\x00", "|", "^", "`", "*", "=", "S", "ERVICE")


def test_the_lexer_cuts_random_texts_as_the_reference():
    rng = random.Random(28)  # fixed: the same texts every run
    for _ in range(3000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(1, 40)))
        assert list(tokens(text)) == reference(text), repr(text)


# The other checks on the query path written without re, each beside the pattern it replaces.
CHECK_ALPHABET = ("a", "Z", "_", "0", "-", "+", ".", ":", "(", ")", " ", "\t", "\u00A0", "\u2028", "\n", "é", "<", ">",
                  '"', "{", "}", "|", "^", "`", "\\", "\x00", "\x1f", "\x7f", "\x9f", "\xa0", "#", "\r", "\u202e")


def _texts(seed: int, count: int = 3000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(CHECK_ALPHABET) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def test_names_are_checked_as_the_patterns():
    from functiegebouw.sparql.query import _is_query_name, _is_varname

    for text in _texts(1) + ["a", "_", "0a", "a0", "a-b", "é", "a b", ""]:
        assert _is_varname(text) == bool(re.match(r"[A-Za-z_][A-Za-z0-9_]*\Z", text)), repr(text)
        assert _is_query_name(text) == bool(re.fullmatch(r"[A-Za-z0-9_\-]+", text)), repr(text)


def test_param_lines_are_read_as_the_pattern():
    from functiegebouw.sparql.query import _param_parts

    pattern = re.compile(r"param:\s*([^\s(]+)\s*(?:\(([^)]*)\))?\s*(.*)\Z")
    lines = ["param: x (integer, required) the x", "param:x(integer)d", "param: x (integer", "param: (x) y",
             "param:", "Param: x", "param : x", "param: x\u00A0(iri)  d ", "param: x (a) (b)", "param: x\n(a)"]
    for body in lines + ["param:" + t for t in _texts(2)] + ["param: x " + t for t in _texts(3)]:
        m = pattern.match(body)
        expected = None if m is None else (m.group(1), m.group(2), m.group(3).strip())
        got = _param_parts(body)
        assert (got if got is None else (got[0], got[1], got[2].strip())) == expected, repr(body)


def test_iris_are_checked_as_the_patterns():
    from functiegebouw.errors import FgrError
    from functiegebouw.sparql.query import iri_term

    bad, scheme = re.compile(r'[<>"{}|^`\\\x00-\x20]'), re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
    for text in _texts(4) + ["https://x/y", "a:", ":a", "1a:b", "a+b.c-d:e", "ab", "a b:c", "x:<y>"]:
        found = bad.search(text)
        if found or not scheme.match(text):
            with pytest.raises(FgrError) as caught:
                iri_term(text)
            assert (f"contains {found.group()!r}" if found else "no scheme") in caught.value.message
        else:
            assert iri_term(text) == f"<{text}>"


def test_control_characters_and_header_lines_are_found_as_the_patterns():
    from functiegebouw.sparql.base import _after_header
    from functiegebouw.terminal import control_character

    line_end = re.compile(r"\r\n?|\n")

    def after_header(text: str) -> str:  # the function as it was, with its pattern
        pos = 0
        while pos < len(text):
            end = line_end.search(text, pos)
            stripped = text[pos:end.start() if end else len(text)].lstrip(" \t")
            if stripped and not stripped.startswith("#"):
                break
            if end is None:
                return ""
            pos = end.end()
        return text[pos:]

    for text in _texts(5) + ["# a\r\n# b\rSELECT", "#\n\n  \t# c\r\n\r\nASK {}", "\r\r\n\n#"]:
        m = re.search("[\x00-\x1f\x7f-\x9f]", text)
        assert control_character(text) == (f"U+{ord(m.group()):04X}" if m else None), repr(text)
        assert _after_header(text) == after_header(text), repr(text)


def test_text_for_a_terminal_is_escaped_as_the_pattern_says():
    """printable() skips re for a text str.isprintable() passes: every character it escapes must fail that."""
    from functiegebouw.terminal import _UNSAFE, printable

    unsafe = re.compile(_UNSAFE)
    for code in range(0x110000):
        ch = chr(code)
        if unsafe.match(ch):
            assert not ch.isprintable() and printable(ch) != ch, hex(code)
    for text in _texts(6) + ["€ 1.234,56", "a\u202eb", "tab\there"]:
        expected = unsafe.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else
                              f"\\u{ord(m.group()):04x}", text)
        assert printable(text) == expected, repr(text)
