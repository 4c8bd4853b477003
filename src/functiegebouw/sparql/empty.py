"""Why an answer is empty: parameter values that name nothing in the graph, and predicates or
classes of a query that the graph does not use.

Both checks run only after a SELECT came back with no rows, so a query that finds something
costs nothing extra. The values a parameter can take are found by a query on the graph:

- a ``# values: NAME { pattern binding ?NAME }`` header line of the query says where (the
  query's own PREFIX lines apply), e.g. ``# values: competentie { ?c a fgr:Competency ;
  skos:prefLabel ?competentie }``;
- otherwise the first triple pattern of the query with ``?NAME`` as its object and a plain
  predicate (``?s fgr:fgrId ?NAME``, or the last step of a path ``fgr:scale/fgr:scaleNumber``).

A parameter with neither is not checked.
"""
from __future__ import annotations

from functiegebouw.errors import FgrError, Where
from functiegebouw.rdf import iris
from functiegebouw.records import record

# typing only for annotations, difflib and decimal where used: every `fgr query` of a query with a
# `# values:` line imports this module, and the three cost it ~5 ms (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, NamedTuple, Protocol

    class Store(Protocol):
        """What this module asks of a store (sparql.base.Store, which imports this module: no import back)."""

        def _run(self, text: str, *, allow_update: bool, where: Where) -> Any: ...

    class Unmatched(NamedTuple):
        param: str
        value: str
        nearest: tuple[str, ...]

    class Need(NamedTuple):
        iri: str
        hint: str
else:
    # a parameter value that names nothing in the graph, with the nearest values that exist
    Unmatched = record("Unmatched", "param value nearest")
    # a `# needs:` header line: a predicate or class the answer cannot do without, and what to do
    Need = record("Need", "iri hint")

#: how many existing values the values query reads at most (the nearest are taken from those)
MAX_VALUES = 20_000
#: how many nearest values a message names
NEAREST = 5

# The header lines and PREFIX declarations are read with string methods, not `re`: a query with a
# `# values:` line reads them on every call, and `re` (with enum) cost such a `fgr query` a fifth of
# what it costs (issue 28). tests/sparql/test_empty_lines.py holds each reader to the pattern it replaced:
# `# values: NAME { … }`, `# needs: esco:hasEssentialSkill what to do when the graph has none` (a
# predicate or class the answer needs) and `PREFIX p: <iri>` at the start of a line.
_WHITESPACE_FREE_IRI = frozenset("<>")  # and white space: `[^<>\s]`
RDF_TYPE = iris.RDF_TYPE


def _is_name_start(ch: str) -> bool:
    return ch == "_" or ("A" <= ch <= "Z") or ("a" <= ch <= "z")


def _word_end(text: str, pos: int) -> int:
    """The end of the run of ``[\\w\\-.]`` (a prefix name's characters) that starts at ``pos``."""
    n = len(text)
    while pos < n and (text[pos].isalnum() or text[pos] in "_-."):
        pos += 1
    return pos


def _iri_end(text: str, pos: int) -> int:
    """The end of ``<[^<>\\s]*>`` at ``pos`` (a ``<``), or -1 when there is none."""
    n = len(text)
    end = pos + 1
    while end < n and text[end] not in _WHITESPACE_FREE_IRI and not text[end].isspace():
        end += 1
    return end + 1 if end < n and text[end] == ">" else -1


def _header_value(line: str, key: str) -> str | None:
    """What follows ``#``, white space, ``key`` (``values:``) and white space in a header line; None
    when the line is not such a line."""
    if not line.startswith("#"):
        return None
    rest = line[1:].lstrip()
    return rest[len(key):].lstrip() if rest.startswith(key) else None


def _values_line(line: str) -> tuple[str, str] | None:
    """(NAME, ``{ … }``) of a ``# values: NAME { … }`` line, as ``#\\s*values:\\s*([A-Za-z_][A-Za-z0-9_]*)
    \\s*(\\{.*\\})\\s*\\Z`` matches it (``line`` holds no line end: it is one of ``splitlines()``)."""
    rest = _header_value(line, "values:")
    if rest is None or not rest or not _is_name_start(rest[0]):
        return None
    end = 1
    while end < len(rest) and (_is_name_start(rest[end]) or "0" <= rest[end] <= "9"):
        end += 1
    group = rest[end:].strip()
    if len(group) < 2 or group[0] != "{" or group[-1] != "}":
        return None
    return rest[:end], group


def _needs_line(line: str) -> tuple[str, str] | None:
    """(term, hint) of a ``# needs: TERM hint`` line, as ``#\\s*needs:\\s*(<[^<>\\s]*>|[A-Za-z_][\\w\\-.]*:
    [\\w\\-.]*)\\s*(.*?)\\s*\\Z`` matches it."""
    rest = _header_value(line, "needs:")
    if not rest:
        return None
    if rest[0] == "<":
        end = _iri_end(rest, 0)
    elif _is_name_start(rest[0]):
        end = _word_end(rest, 1)
        end = _word_end(rest, end + 1) if end < len(rest) and rest[end] == ":" else -1
    else:
        end = -1
    if end < 0:
        return None
    return rest[:end], rest[end:].strip()


# the letters of PREFIX and of [A-Za-z] as `(?i)` matches them: İ (U+0130) and ı (U+0131) match i,
# ſ (U+017F) s and the Kelvin sign (U+212A) k
_PREFIX_LETTERS = ("Pp", "Rr", "Ee", "Ff", "Ii\u0130\u0131", "Xx")
_FOLDED_LETTERS = "\u0130\u0131\u017f\u212a"


def _prefixes(text: str) -> list[tuple[str, str]]:
    """(prefix, IRI) of every ``PREFIX p: <iri>`` that starts a line (after white space, which may
    span lines), as ``re.findall(r"(?im)^\\s*PREFIX\\s+([A-Za-z_][\\w\\-.]*)?:\\s*<([^<>\\s]*)>", text)``."""
    out = []
    n = len(text)
    line_start, done = 0, 0  # done: the end of the last declaration found (matches do not overlap)
    while line_start <= n:
        if line_start >= done:
            pos = line_start
            while pos < n and text[pos].isspace():
                pos += 1
            found = _prefix_at(text, pos)
            if found is not None:
                name, iri, done = found
                out.append((name, iri))
        next_line = text.find("\n", line_start)
        if next_line < 0:
            break
        line_start = next_line + 1
    return out


def _prefix_at(text: str, pos: int) -> tuple[str, str, int] | None:
    """(prefix, IRI, end) of ``PREFIX\\s+([A-Za-z_][\\w\\-.]*)?:\\s*<([^<>\\s]*)>`` at ``pos``."""
    n = len(text)
    if pos + 6 > n or any(text[pos + i] not in letters for i, letters in enumerate(_PREFIX_LETTERS)):
        return None
    pos += 6
    start = pos
    while pos < n and text[pos].isspace():
        pos += 1
    if pos == start:
        return None
    name_at = pos
    if pos < n and (_is_name_start(text[pos]) or text[pos] in _FOLDED_LETTERS):
        pos = _word_end(text, pos + 1)
    if pos >= n or text[pos] != ":":
        return None
    name = text[name_at:pos]
    pos += 1
    while pos < n and text[pos].isspace():
        pos += 1
    if pos >= n or text[pos] != "<":
        return None
    end = _iri_end(text, pos)
    if end < 0:
        return None
    return name, text[pos + 1:end - 1], end


class NoMatch(FgrError):
    """A parameter value names nothing in the graph (``unmatched`` lists each, with the nearest
    values). Raised by ``Store.query`` unless ``allow_empty=True``."""

    def __init__(self, where: Where, unmatched: list[Unmatched]) -> None:
        self.unmatched = list(unmatched)
        first = self.unmatched[0]
        message = f"{first.param}={first.value} names nothing in the graph"
        if first.nearest:
            message += f"; nearest: {', '.join(first.nearest)}"
        if len(self.unmatched) > 1:
            message += f" (and {len(self.unmatched) - 1} more value(s) that name nothing)"
        message += "; pass --allow-empty (allow_empty=True) to accept an empty answer"
        super().__init__(where, None, message)

    def __reduce__(self) -> tuple[type[FgrError], tuple[object, ...]]:
        return (type(self), (self.path, self.unmatched))


def prologue(text: str) -> str:
    """The PREFIX declarations of a query, one per line."""
    return "".join(f"PREFIX {p or ''}: <{iri}>\n" for p, iri in _prefixes(text))


def _header(text: str) -> Iterator[str]:
    """The comment lines a query opens with (its header), stripped; blank lines skipped."""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("#"):
            return
        yield line


def values_patterns(text: str) -> dict[str, str]:
    """``# values:`` header lines: parameter name -> group pattern binding it."""
    out = {}
    for line in _header(text):
        found = _values_line(line)
        if found:
            out[found[0]] = found[1]
    return out


def _object_pattern(text: str, name: str) -> str | None:
    """``{ ?s PRED ?name }`` from the first pattern with ``?name`` after a plain predicate."""
    from functiegebouw.sparql.query import token_list

    toks = token_list(text)  # lexed once already where the parameters were bound
    for i, (kind, tok, _) in enumerate(toks):
        if kind == "var" and tok[1:] == name and i >= 2:
            pkind, ptok, _ = toks[i - 1]
            before = toks[i - 2]
            if pkind not in ("pname", "iri") and not (pkind == "word" and ptok == "a"):
                continue
            # the predicate follows a subject, a ';' or a path step: not an object itself
            if not (before[0] in ("var", "pname", "iri") or before[1] in (";", "/", "]")):
                continue
            if before[0] in ("pname", "iri") and i >= 3 and toks[i - 3][0] in ("var", "pname", "iri"):
                continue  # `?s p1 p2 ?name` cannot be; `?s p1 o1 . ` is not this pattern
            predicate = f"<{RDF_TYPE}>" if ptok == "a" else ptok
            return f"{{ ?fgrSubject {predicate} ?{name} }}"
    return None


# Decimal's default context keeps 28 digits: a longer whole number is rounded by normalize()
_EXACT_DIGITS = 28


def _key(value: object) -> str:
    """Values compared as a person means them: numbers by value, text without case."""
    text = str(value).strip()
    if not any(c.isdigit() for c in text):
        return text.casefold()  # no number (a finite Decimal has a digit): decimal is not imported
    if text.isascii() and text.isdigit() and len(text) <= _EXACT_DIGITS:
        return "#" + str(int(text))  # what Decimal gives a plain whole number (an id), without importing it
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(text)
        if number.is_finite():
            return "#" + format(number.normalize(), "f")
    except (InvalidOperation, ValueError):
        pass
    return text.casefold()


def _nearest(value: str, existing: list[str]) -> tuple[str, ...]:
    """The existing values closest to ``value``: by distance for numbers, by difflib for text."""
    import difflib
    from decimal import Decimal, InvalidOperation

    try:
        number = Decimal(str(value).strip())
        numbers = [(abs(Decimal(v) - number), Decimal(v), v) for v in existing]
        return tuple(v for _, _, v in sorted(numbers)[:NEAREST])
    except (InvalidOperation, ValueError):
        pass
    folded: dict[str, str] = {}
    for v in existing:
        folded.setdefault(v.casefold(), v)
    close = difflib.get_close_matches(str(value).casefold(), list(folded), n=NEAREST, cutoff=0.4)
    if not close:  # nothing alike: the first values, so that the message still shows what exists
        close = sorted(folded)[:NEAREST]
    return tuple(folded[c] for c in close)


def _present(store: Store, prefixes: str, pattern: str, name: str, item: str) -> bool:
    """Whether the graph has the value ``item`` for ``?name`` as it is written: as a string, or as the
    integer it spells. One look-up instead of every value of the parameter (6,100 functiegroepen at
    100x, ~35 ms of a query with an empty answer); False leaves it to the full comparison of keys,
    which also matches other spellings (" 527", "0527", another case, a decimal)."""
    from functiegebouw.sparql.query import _escape_string

    text = item.strip()
    if not text:
        return False
    terms = [_escape_string(text)]  # quoted and escaped
    if text.isascii() and text.isdigit() and str(int(text)) == text:
        terms.append(f'"{text}"^^<{iris.XSD}integer>')
    found = store._run(f"{prefixes}SELECT ?{name} WHERE {{ VALUES ?{name} {{ {' '.join(terms)} }} {pattern} }} LIMIT 1",
                       allow_update=False, where=f"values of {name}")
    return bool(found.rows)


def unmatched(store: Store, text: str, params: dict[str, Any]) -> list[Unmatched]:
    """The values of ``params`` (as given) that no value of their parameter in the graph matches.

    ``text`` is the query as written (header included); ``store`` runs the values queries.
    """
    explicit = values_patterns(text)
    prefixes = prologue(text)
    out = []
    for name in sorted(params):
        value = params[name]
        if value is None:
            continue
        pattern = explicit.get(name) or _object_pattern(text, name)
        if pattern is None:
            continue
        items = list(value) if isinstance(value, (list, tuple, set, frozenset)) else [value]
        if all(_present(store, prefixes, pattern, name, str(item)) for item in items):
            continue
        found = store._run(f"{prefixes}SELECT DISTINCT ?{name} WHERE {pattern} LIMIT {MAX_VALUES}",
                           allow_update=False, where=f"values of {name}")
        existing = sorted({str(row[0]) for row in found.rows if row[0] is not None})
        keys = {_key(v) for v in existing}
        for item in items:
            if _key(item) not in keys:
                out.append(Unmatched(name, str(item), _nearest(str(item), existing)))
    return out


# --------------------------------------------------------------------------- unused terms

_KEYWORDS_WITH_GROUP = {"FILTER", "BIND"}


def _expand(token: str, kind: str, prefixes: dict[str, str]) -> str | None:
    if kind == "iri":
        return token[1:-1]
    prefix, _, local = token.partition(":")
    base = prefixes.get(prefix)
    return None if base is None else base + local.replace("\\", "")


def predicates_and_classes(text: str) -> list[tuple[str, str]]:
    """(kind, IRI) of every predicate (``"predicate"``) and class after ``a`` (``"class"``) in the
    triple patterns of a query, in order of first use. VALUES blocks, FILTER and BIND expressions
    and the projection are skipped; a property path counts each of its IRIs as a predicate."""
    from functiegebouw.sparql.query import tokens

    prefixes = {p or "": iri for p, iri in _prefixes(text)}
    found: dict[str, str] = {}
    position = "subject"
    depth = 0  # braces: patterns are only inside a group
    skip_parens = 0  # inside FILTER( … ), BIND( … ), a function call, a projection expression
    skip_values = False
    after_class_a = False
    toks = [t for t in tokens(text)]
    i = 0
    while i < len(toks):
        kind, tok, _ = toks[i]
        upper = tok.upper() if kind == "word" else ""
        if skip_values:
            if tok == "}":
                skip_values = False
                position = "subject"
            i += 1
            continue
        if skip_parens:
            if tok == "(":
                skip_parens += 1
            elif tok == ")":
                skip_parens -= 1
            i += 1
            continue
        if kind == "word" and upper == "VALUES" and depth:
            # VALUES ?x { … } or VALUES (?x ?y) { … }: skip to its closing brace
            while i < len(toks) and toks[i][1] != "{":
                i += 1
            skip_values = True
            i += 1
            continue
        if tok == "(" and depth:
            skip_parens = 1
            i += 1
            continue
        if tok == "{":
            depth += 1
            position, after_class_a = "subject", False
        elif tok == "}":
            depth -= 1
            position, after_class_a = "subject", False
        elif depth == 0:
            pass
        elif kind == "word" and upper not in ("A",):
            if upper == "GRAPH":  # GRAPH ?g { … }: its name is not a subject
                i += 2
                continue
            position = "subject"  # OPTIONAL, UNION, MINUS, SELECT, …
        elif tok == ".":
            position, after_class_a = "subject", False
        elif tok == ";":
            position, after_class_a = "predicate", False
        elif tok == ",":
            position = "object"
        elif tok in ("/", "|", "^", "["):
            position = "predicate"
        elif tok == "]":
            position = "predicate" if position == "subject" else "object-done"
        elif position == "predicate":
            if kind == "word" and tok == "a":
                after_class_a = True
            elif kind in ("pname", "iri"):
                iri = _expand(tok, kind, prefixes)
                if iri is not None:
                    found.setdefault(iri, "predicate")
            position = "object"
        elif position == "subject":
            position = "predicate"
        elif position == "object":
            if after_class_a and kind in ("pname", "iri"):
                iri = _expand(tok, kind, prefixes)
                if iri is not None:
                    found.setdefault(iri, "class")
            position = "object-done"
        elif position == "object-done":
            position = "predicate"  # `?s ?p ?o ?x`: not SPARQL; start again without guessing
        i += 1
    return [(kind, iri) for iri, kind in found.items()]


def needs(text: str) -> list[Need]:
    """The ``# needs:`` header lines of a query (data that is optional to have, such as a full ESCO
    download's relations: without it a named query answers nothing, and the user is told why)."""
    prefixes = {p or "": iri for p, iri in _prefixes(text)}
    out = []
    for line in _header(text):
        found = _needs_line(line)
        if found:
            token = found[0]
            iri = _expand(token, "iri" if token.startswith("<") else "pname", prefixes)
            if iri:
                out.append(Need(iri, found[1]))
    return out


def missing_needs(store: Store, text: str) -> list[Need]:
    """The ``# needs:`` terms of ``text`` that no triple of the graph uses (as predicate or class)."""
    wanted = needs(text)
    if not wanted:
        return []
    values = " ".join(f"<{n.iri}>" for n in wanted)
    found = store._run(f"SELECT DISTINCT ?t WHERE {{ VALUES ?t {{ {values} }} "
                       f"FILTER(EXISTS {{ ?s ?t ?o }} || EXISTS {{ ?s a ?t }}) }}",
                       allow_update=False, where="query")
    used = {str(row[0]) for row in found.rows}
    return [n for n in wanted if n.iri not in used]


def unused_terms(store: Store, text: str) -> list[tuple[str, str]]:
    """(kind, IRI) of the predicates and classes of ``text`` that no triple of the graph uses."""
    terms = predicates_and_classes(text)
    if not terms:
        return []
    values = " ".join(f"<{iri}>" for _, iri in terms)
    found = store._run(f"SELECT DISTINCT ?t WHERE {{ VALUES ?t {{ {values} }} "
                       f"FILTER(EXISTS {{ ?s ?t ?o }} || EXISTS {{ ?s a ?t }}) }}",
                       allow_update=False, where="query")
    used = {str(row[0]) for row in found.rows}
    return [(kind, iri) for kind, iri in terms if iri not in used]
