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
