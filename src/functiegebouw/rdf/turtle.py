"""A small, fast, deterministic Turtle and N-Triples writer (profiles, vocabularies, mappings).

rdflib's serializer takes minutes on ~10^5 triples; this one writes sorted subjects with their sorted
predicate-object lists, abbreviating IRIs with the given prefixes only where the local part is safe.
Terms are plain tuples, so callers need not import rdflib:

    ("iri", "http://…")            an IRI
    ("lit", text, lang)            a string literal, lang may be None
    ("typed", lexical, datatype)   a typed literal (datatype is an IRI)
    ("bnode", label)               a blank node; as a subject it is the string "_:label"

Blank node labels are written as given: callers that need the same bytes from differently
labelled copies of a graph give them canonical labels first (the site does, site/describe.py).
"""
from __future__ import annotations

import datetime as dt
import re

from collections.abc import Callable, Iterable, Iterator, KeysView
from typing import Any

from functiegebouw.rdf import iris

# A term as the module docstring lists them: ("iri", value), ("lit", text, lang), ("typed", lexical,
# datatype), ("bnode", label). Any, not a union of tuples: the writers index them by kind.
Term = tuple[Any, ...]
XSD = iris.XSD
RDF_TYPE = iris.RDF_TYPE
_INTEGER, _BOOLEAN = XSD + "integer", XSD + "boolean"
_SAFE_LOCAL = re.compile(r"[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?\Z")
_INTEGER_LEXICAL = re.compile(r"[+-]?[0-9]+\Z")  # Turtle's INTEGER: ASCII digits only
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r\t\b\f]')
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri(value: str) -> Term:
    return ("iri", value)


def lit(text: str, lang: str | None = None) -> Term:
    return ("lit", text, lang)


def typed(lexical: str, datatype: str) -> Term:
    return ("typed", lexical, datatype)


def integer(value: int) -> Term:
    return ("typed", str(int(value)), _INTEGER)


def boolean(value: bool) -> Term:
    return ("typed", "true" if value else "false", _BOOLEAN)


def date(value: str | dt.date) -> Term:
    """An xsd:date in its canonical form (whatever ISO spelling ``date.fromisoformat`` accepts)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return ("typed", value.isoformat(), XSD + "date")


# http(s) IRIs of unreserved characters only: valid by construction (most of what the converter writes)
_PLAIN_IRI = re.compile(r"https?://[A-Za-z0-9.\-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~/\-]*)?(?:#[A-Za-z0-9._~\-]*)?\Z")


def first_iri_problem(values: Iterable[str]) -> tuple[str, str] | None:
    """The first IRI of ``values`` in sorted order that the RDF readers would refuse, with why, or None.
    Unsorted and without a Python loop when all are plain (every IRI a profile's conversion makes)."""
    values = list(values)
    if all(map(_PLAIN_IRI.match, values)):
        return None
    for value in sorted(values):
        problem = iri_problem(value)
        if problem:
            return value, problem
    return None


def iri_problem(value: str) -> str | None:
    """Why the RDF readers (pyoxigraph: strict RFC 3987) would refuse ``value`` as an IRI, or None."""
    if _PLAIN_IRI.match(value):
        return None
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError as exc:
        return str(exc)
    return None


class Triples:
    """A set of (subject IRI, predicate IRI, object term) that writes itself as sorted Turtle or N-Triples.

    ``keep_empty=False`` drops empty string literals (an empty spreadsheet cell is no statement);
    converted profiles keep them, so that no data is lost silently.
    """

    def __init__(self, keep_empty: bool = False) -> None:
        self._data: dict[str, dict[str, set[Term]]] = {}
        self._keep_empty = keep_empty

    def add(self, subject: str, predicate: str, obj: Term) -> None:
        if obj[1] == "" and obj[0] == "lit" and not self._keep_empty:
            return
        # get-then-insert rather than setdefault: no throw-away dict and set per call (the hot path)
        preds = self._data.get(subject)
        if preds is None:
            self._data[subject] = {predicate: {obj}}
            return
        objs = preds.get(predicate)
        if objs is None:
            preds[predicate] = {obj}
        else:
            objs.add(obj)

    def add_iri(self, subject: str, predicate: str, iri: str) -> None:
        """``add(subject, predicate, ("iri", iri))`` in one call (the converter links ~450 nodes a profile)."""
        preds = self._data.get(subject)
        if preds is None:
            self._data[subject] = {predicate: {("iri", iri)}}
            return
        objs = preds.get(predicate)
        if objs is None:
            preds[predicate] = {("iri", iri)}
        else:
            objs.add(("iri", iri))

    def describe(self, subject: str, predicates: dict[str, set[Term]]) -> None:
        """Add all statements about ``subject`` at once: {predicate: {objects}}. The dict and its sets
        become part of this object (no copy: this is the converter's hot path)."""
        if subject in self._data or not self._keep_empty:
            for p, objs in predicates.items():
                for o in objs:
                    self.add(subject, p, o)
        else:
            self._data[subject] = predicates

    def subjects(self) -> KeysView[str]:
        return self._data.keys()

    def objects(self, subject: str, predicate: str) -> set[Term]:
        return self._data.get(subject, {}).get(predicate, set())

    def __iter__(self) -> Iterator[tuple[str, str, Term]]:
        for s, preds in self._data.items():
            for p, objs in preds.items():
                for o in objs:
                    yield s, p, o

    def __len__(self) -> int:
        return sum([len(objs) for preds in self._data.values() for objs in preds.values()])

    def iris(self, subjects: bool = True) -> set[str]:
        """Every IRI written: subjects and predicates (unless ``subjects`` is False), IRI objects
        and datatypes."""
        # the distinct objects first (a C-level union of the object sets): integers, classes and
        # booleans repeat on every statement
        objects: set[Term] = set().union(*[objs for preds in self._data.values() for objs in preds.values()])
        out = {o[1] if o[0] == "iri" else o[2] for o in objects if o[0] == "iri" or o[0] == "typed"}
        if subjects:
            out.update(self._data)
            for preds in self._data.values():
                out.update(preds)
        return out

    def to_turtle(self, prefixes: dict[str, str], header: str = "", *, names: dict[str, str] | None = None) -> str:
        """Sorted Turtle. ``names``: a dict kept by the caller between calls with the same
        ``prefixes`` (IRI -> how it is written), for thousands of small documents."""
        return "\n".join(self._turtle_blocks(prefixes, header, names))

    def to_turtle_bytes(self, prefixes: dict[str, str], header: str = "", *,
                        names: dict[str, str] | None = None) -> bytes:
        """``to_turtle(…).encode("utf-8")``, faster: most subjects' blocks are ASCII, which encodes as
        a copy, where the whole text (one accented letter makes it Latin-1) encodes a character at a time."""
        return b"\n".join([block.encode("utf-8") for block in self._turtle_blocks(prefixes, header, names)])

    def _turtle_blocks(self, prefixes: dict[str, str], header: str, names: dict[str, str] | None) -> list[str]:
        """The lines of the header and prefixes, then one block per subject: joined by "\\n", the Turtle."""
        name, names, unchecked = _namer({p: str(ns) for p, ns in prefixes.items()}, names)
        terms: dict[Term, str] = {}  # objects repeat a lot (classes, numbers, booleans)
        verbs: dict[str, str] = {RDF_TYPE: "    a "}

        def term(obj: Term) -> str:
            kind, value = obj[0], obj[1]
            if kind == "iri":
                found = name(value)
            elif kind == "bnode":
                found = "_:" + value
            elif kind == "lit":
                text = _quote(value)  # unique texts mostly: not worth remembering
                return text + "@" + obj[2] if obj[2] else text
            elif obj[2] == _INTEGER and ((value.isdigit() and value.isascii()) or _INTEGER_LEXICAL.match(value)):
                found = value
            elif obj[2] == _BOOLEAN and value in ("true", "false"):
                found = value
            else:
                found = f"{_quote(value)}^^{name(obj[2])}"
            terms[obj] = found
            return found

        out: list[str] = []
        if header:
            out.extend("# " + line if line else "#" for line in header.rstrip("\n").split("\n"))
        for prefix, ns in sorted(prefixes.items()):
            out.append(f"@prefix {prefix}: <{ns}> .")
        out.append("")
        data = self._data
        # the hot loop of every conversion: cached look-ups inline, no call per triple when avoidable
        for subject in sorted(data):
            preds = data[subject]
            keys = sorted(preds)
            if RDF_TYPE in preds:  # "a" first, as people write it
                keys.remove(RDF_TYPE)
                keys.insert(0, RDF_TYPE)
            parts = []
            for p in keys:
                verb = verbs.get(p)
                if verb is None:
                    verb = verbs[p] = f"    {name(p)} "
                objs = preds[p]
                if len(objs) == 1:
                    (o,) = objs
                    parts.append(verb + (terms.get(o) or term(o)))
                else:
                    parts.append(verb + " ,\n        ".join(terms.get(o) or term(o)
                                                            for o in sorted(objs, key=term_key)))
            head = subject if subject.startswith("_:") else (names.get(subject) or name(subject))
            out.append(head + "\n" + " ;\n".join(parts) + " .\n")
        try:
            _check_iris(unchecked)
        except ValueError:
            for value in unchecked:  # not checked next time either: forget them
                names.pop(value, None)
            raise
        return out

    def to_ntriples(self) -> str:
        """One sorted line per triple, IRIs in full: the same set of triples always gives the same text."""
        iris: dict[str, str] = {}
        terms: dict[Term, str] = {}

        def full(value: str) -> str:
            found = iris.get(value)
            if found is None:
                found = iris[value] = value if value.startswith("_:") else "<" + value + ">"
            return found

        def term(obj: Term) -> str:
            found = terms.get(obj)
            if found is None:
                if obj[0] == "iri":
                    found = full(obj[1])
                elif obj[0] == "bnode":
                    found = "_:" + obj[1]
                elif obj[0] == "lit":
                    found = _quote(obj[1]) + ("@" + obj[2] if obj[2] else "")
                else:
                    found = f"{_quote(obj[1])}^^{full(obj[2])}"
                terms[obj] = found
            return found

        lines: list[str] = []
        for s, preds in self._data.items():
            head = full(s) + " "
            for p, objs in preds.items():
                sp = head + full(p) + " "
                lines.extend(sp + term(o) + " .\n" for o in objs)
        _check_iris([i for i in iris if not i.startswith("_:")])
        lines.sort()
        return "".join(lines)


def _namer(prefixes: dict[str, str], cache: dict[str, str] | None = None
           ) -> tuple[Callable[[str], str], dict[str, str], list[str]]:
    """IRI -> prefixed name where the local part is safe, else <IRI>; remembers its answers (in
    ``cache``, when given).

    Returns the function, its cache (for inline look-ups in hot loops) and the list of IRIs written
    in full, which the caller checks with ``_check_iris`` once at the end.
    """
    if cache is None:
        cache = {}
    if all(ns.endswith(("/", "#")) for ns in prefixes.values()):
        # A safe local part holds no '/' or '#', so the only namespace that can abbreviate an IRI ends
        # at its last '/' or '#': one dictionary look-up instead of trying every prefix.
        by_ns: dict[str, str] = {}
        for prefix, ns in sorted(prefixes.items()):  # two prefixes for one namespace: the first wins
            by_ns.setdefault(ns, prefix)

        lengths = {len(ns) for ns in by_ns}

        def find(value: str) -> str | None:
            cut = max(value.rfind("/"), value.rfind("#")) + 1
            # most IRIs of a profile are long paths under no namespace: skip slicing and hashing those
            prefix = by_ns.get(value[:cut]) if cut in lengths else None
            if prefix is not None and _SAFE_LOCAL.match(value, cut):
                return f"{prefix}:{value[cut:]}"
            return None
    else:
        # Longest namespace first, so that the most specific prefix wins.
        ordered = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))

        def find(value: str) -> str | None:
            for prefix, ns in ordered:
                if value.startswith(ns) and _SAFE_LOCAL.match(value[len(ns):]):
                    return f"{prefix}:{value[len(ns):]}"
            return None

    def name(value: str) -> str:
        found = cache.get(value)
        if found is None:
            found = find(value)
            if found is None:
                found = "<" + value + ">"
                unchecked.append(value)
            cache[value] = found
        return found

    unchecked: list[str] = []
    return name, cache, unchecked


def _check_iris(values: list[str]) -> None:
    """Refuse what cannot be written as <IRI>: one scan over all of them, then find the culprit."""
    if _has(_BAD_IRI, _IRI_BYTES, "".join(values)):
        for value in values:
            _escape_iri(value)


def term_key(obj: Term) -> tuple[str, str, str]:
    """A total order on terms (no language tag sorts as an empty one)."""
    return (obj[0], obj[1], (obj[2] if len(obj) > 2 else None) or "")


def _has(pattern: re.Pattern[str], harmless: bytes, text: str) -> bool:
    """Whether ``pattern`` (a character class) occurs in ``text``. An ASCII text (almost every IRI and
    literal) is checked by deleting its ``harmless`` bytes, a table look-up a byte, where the regex
    tries each member of the class on each character (a tenth of the Turtle writer's time)."""
    if text.isascii():
        return bool(text.encode("ascii").translate(None, harmless))
    return pattern.search(text) is not None


def _harmless(pattern: re.Pattern[str]) -> bytes:
    return bytes(b for b in range(128) if pattern.match(chr(b)) is None)


_IRI_BYTES, _QUOTE_BYTES = _harmless(_BAD_IRI), _harmless(_NEEDS_ESCAPE)


def _quote(text: str) -> str:
    if not _has(_NEEDS_ESCAPE, _QUOTE_BYTES, text):
        return '"' + text + '"'
    return '"' + _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text) + '"'


def _escape_iri(value: str) -> str:
    if _BAD_IRI.search(value):
        raise ValueError(f"not a valid IRI: {value!r}")
    return value
