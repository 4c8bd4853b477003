"""`sparql.empty` reads a query's `# values:` and `# needs:` lines and its PREFIX declarations with
string methods, so that a query with a `# values:` line (checked on every call) need not import `re`
(issue 28). Each reader must find what the pattern it replaced finds: the patterns are kept here as
the reference, and both read the shipped queries, hostile lines and random texts alike."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from functiegebouw.sparql import empty
from functiegebouw.sparql.query import queries_dir

VALUES_LINE = re.compile(r"#\s*values:\s*([A-Za-z_][A-Za-z0-9_]*)\s*(\{.*\})\s*\Z")
NEEDS_LINE = re.compile(r"#\s*needs:\s*(<[^<>\s]*>|[A-Za-z_][\w\-.]*:[\w\-.]*)\s*(.*?)\s*\Z")
PREFIX = re.compile(r"(?im)^\s*PREFIX\s+([A-Za-z_][\w\-.]*)?:\s*<([^<>\s]*)>")


def values_reference(line: str) -> tuple[str, str] | None:
    m = VALUES_LINE.match(line)
    return (m.group(1), m.group(2)) if m else None


def needs_reference(line: str) -> tuple[str, str] | None:
    m = NEEDS_LINE.match(line)
    return (m.group(1), m.group(2)) if m else None


LINES = [
    "", "#", "# values:", "# values: x", "# values: x {", "# values: x {}", "#values:x{}", "# values: x { } ",
    "# values: 1x { }", "# values: _x9 {?a ?b ?x}", "# values: x { } y", "# values: x }{", "# values: x {}}",
    "#\u00a0values:\u2003x\u3000{ a }\u2029", "# Values: x {}", "# values : x {}", "# values: é {}", "## values: x {}",
    "# values: x\x1c{ }\x1f", "# values: x {\x85}", "# values: x{ {} } {}",
    "# needs:", "# needs: a:b", "# needs: a:b hint  ", "# needs: <x> hint", "# needs: <x y> hint", "# needs: <x<y>",
    "# needs: <> ", "# needs: a: hint", "# needs: :b hint", "# needs: a.b-c:d.e-f/g hint", "# needs: 1a:b",
    "# needs: a:b:c", "# needs: a\u00e9:b\u00b2 h", "# needs: a:b\u2028", "#needs:<x>", "# needs: _:b x",
    "# needs: a:b\thint\t", "# needs: ſ:b", "# needs: a", "# needs: <x>y z",
]


@pytest.mark.parametrize("line", LINES)
def test_header_lines_are_read_as_the_patterns(line):
    assert empty._values_line(line) == values_reference(line)
    assert empty._needs_line(line) == needs_reference(line)


PREFIX_TEXTS = [
    "", "PREFIX : <x>", "PREFIX a: <x>\nPREFIX b: <y>", "  PREFIX a: <x> PREFIX b: <y>", "prefix a:<x>",
    "PREFIXa: <x>", "PREFIX a : <x>", "PREFIX a: <x y>", "PREFIX a: <x", "\n\n  \n PREFIX a:\n\n<x>",
    "PREFİX a: <x>", "prefıx a: <x>", "PREFIX ſa: <x>", "PREFIX \u212a: <x>", "PREFIX é: <x>",
    "SELECT * { }\nPREFIX a: <x>", "# PREFIX a: <x>\nPREFIX b: <y>", "PREFIX a: <x>PREFIX b: <y>\nPREFIX c: <z>",
    "PREFIX a: <x>\rPREFIX b: <y>", "PREFIX\u00a0a:\u2003<x>", "PREFIX a.b-c_d: <x>", "PREFIX 1a: <x>",
    "PREFIX a: <x<y>", "PREFIX a: <>", "\x1cPREFIX a: <x>",
]


@pytest.mark.parametrize("text", PREFIX_TEXTS)
def test_prefixes_are_found_as_the_pattern_finds_them(text):
    assert empty._prefixes(text) == PREFIX.findall(text)


def test_every_shipped_query_is_read_as_the_patterns():
    files = sorted(Path(queries_dir()).glob("*.rq"))
    assert len(files) > 10
    seen_values = seen_needs = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert empty._prefixes(text) == PREFIX.findall(text), path.name
        for line in text.splitlines():
            line = line.strip()
            assert empty._values_line(line) == values_reference(line), (path.name, line)
            assert empty._needs_line(line) == needs_reference(line), (path.name, line)
            seen_values += values_reference(line) is not None
            seen_needs += needs_reference(line) is not None
    assert seen_values >= 4 and seen_needs >= 1  # the shipped queries do use both lines


PIECES = ["#", " ", "\t", "\n", "\r", "\u00a0", "\u2028", "\x1c", "\x85", "values:", "needs:", "PREFIX", "prefix",
          "PREFİX", "x", "a", "_", "1", "é", "ſ", "\u212a", ":", "<", ">", "{", "}", "-", ".", "?x", "²", "/"]


def test_random_texts_are_read_as_the_patterns():
    rng = random.Random(28)
    for _ in range(4000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 14)))
        assert empty._prefixes(text) == PREFIX.findall(text), repr(text)
        for line in text.splitlines():
            assert empty._values_line(line) == values_reference(line), repr(line)
            assert empty._needs_line(line) == needs_reference(line), repr(line)


def decimal_key(value: object) -> str:
    """The key of sparql.empty before whole numbers were read without decimal."""
    from decimal import Decimal, InvalidOperation

    text = str(value).strip()
    if not any(c.isdigit() for c in text):
        return text.casefold()
    try:
        number = Decimal(text)
        if number.is_finite():
            return "#" + format(number.normalize(), "f")
    except (InvalidOperation, ValueError):
        pass
    return text.casefold()


def test_values_are_compared_by_the_same_keys_as_with_decimal():
    rng = random.Random(28)
    texts = ["0", "00", "0527", "527", "1000", "9" * 28, "9" * 29, "1" + "0" * 30, " 42 ", "-5", "+5", "5.0", "1e3",
             "٣", "²", "MBO 4", "niveau 4", "NaN", "Infinity"]
    texts += ["".join(rng.choice("0123456789") for _ in range(rng.randint(1, 35))) for _ in range(3000)]
    for text in texts:
        assert empty._key(text) == decimal_key(text), text
