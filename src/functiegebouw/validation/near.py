"""The catalogue's names like a functiegroep's name, for JobGroupInCatalogueShape's "did you mean".

The shape (ontology/shapes.ttl) only decides that a group is outside the catalogue; its messages are
whole sentences, so that any SHACL engine shows them as they are, and ``fgr validate`` adds the names to
them here: as a SPARQL sub-select the names took a third of the engine's time for every profile, while
only the rare group outside the catalogue needs them.
The rule is the one the shape's comment states, with SPARQL's semantics (STR, LCASE, REGEX, REPLACE,
SUBSTR, a COUNT of DISTINCT members), so that a finding is what the sub-select gave.
"""
from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from functiegebouw.rdf import iris
from functiegebouw.rdf.view import TripleView, rdflib_text

SHAPE = "JobGroupInCatalogueShape"
# the first three words of a name (the shape's three patterns)
WORDS = (r"^\W*(\w+).*$", r"^\W*\w+\W+(\w+).*$", r"^\W*\w+\W+\w+\W+(\w+).*$")
PART = 5  # letters at the beginning or the end of a word
DISTINCT = 3  # a part found in more of the catalogue's names than this leads nowhere
# what is added to the shape's message (one per language), and the word for "no such name"
LIKE = {"nl": "; een naam in de catalogus die erop lijkt: {}.", "en": "; a name in the catalogue like it: {}."}
NONE = {"nl": "(geen)", "en": "(none)"}
_RDF_TYPE, _COLLECTION = ox.NamedNode(iris.RDF_TYPE), ox.NamedNode(iris.SKOS + "Collection")
_SKOS_MEMBER, _IN_SCHEME = ox.NamedNode(iris.SKOS + "member"), ox.NamedNode(iris.SKOS + "inScheme")
_PREF_LABEL, _SCHEME = ox.NamedNode(iris.SKOS + "prefLabel"), ox.NamedNode(iris.ID + "functiegebouw")


def catalogue_names(data: TripleView) -> list[tuple[Any, str]]:
    """(member, name) for every name of every member of a catalogue (a skos:Collection) in the FGR
    scheme."""
    out = []
    for m in _members(data):
        if (m, _IN_SCHEME, _SCHEME) in data:
            out += [(m, rdflib_text(n)) for n in data.objects(m, _PREF_LABEL) if not isinstance(n, ox.BlankNode)]
    return out


class Catalogue:
    """``catalogue_names`` of the views over one context Store (never changed while this is used) with a
    unit's own triples beside it (``TripleView(context, own)``): made once from the context, and again
    only for a unit whose triples can change them, by stating a collection, a member, or the scheme or
    a name of one of the context's members. The names are the same, in another order (``near_names``
    does not depend on it)."""

    def __init__(self, context: ox.Store) -> None:
        view = TripleView(context)
        self.context = context
        self.members = _members(view)
        self.names = catalogue_names(view)

    def names_of(self, data: TripleView) -> list[tuple[Any, str]]:
        if data.store is not self.context:
            return catalogue_names(data)
        default = ox.DefaultGraph()
        for own in data.more:
            if (next(own.quads_for_pattern(None, _SKOS_MEMBER, None, default), None) is not None
                    or next(own.quads_for_pattern(None, _RDF_TYPE, _COLLECTION, default), None) is not None
                    or any(q.subject in self.members for p in (_IN_SCHEME, _PREF_LABEL)
                           for q in own.quads_for_pattern(None, p, None, default))):
                return catalogue_names(data)
        return self.names


def _members(data: TripleView) -> set[Any]:
    return {m for c in data.subjects(_RDF_TYPE, _COLLECTION) for m in data.objects(c, _SKOS_MEMBER)}


def parts(label: str) -> list[str]:
    """The first and last five letters of each of the first three words of ``label`` of five
    letters or more, lower-cased."""
    out = []
    for pattern in WORDS:
        if re.search(pattern, label):
            word = re.sub(pattern, r"\1", label).lower()  # REPLACE(STR(?own), ?pattern, "$1")
            if len(word) >= PART:
                out += [word[:PART], word[-PART:]]
    return out


def near_names(labels: list[str], names: list[tuple[Any, str]]) -> list[str]:
    """The catalogue's names that share a distinctive part with one of ``labels`` (a group's names):
    a part found in the names of at most three members. Sorted; empty when there is none."""
    found: set[str] = set()
    for part in {p for label in labels for p in parts(label)}:
        hits = [(m, name) for m, name in names if part in name.lower()]
        if len({m for m, _ in hits}) <= DISTINCT:
            found.update(name for _, name in hits)
    return sorted(found)


def fill(messages: dict[str, str], near: str | None) -> dict[str, str]:
    """The shape's messages with the name like it (or each language's "none") added: its sentence's
    full stop becomes "; a name in the catalogue like it: NAME." (a message in another language, or
    without a language, takes the English words)."""
    out = {}
    for lang, text in messages.items():
        words = lang if lang in LIKE else "en"
        head = text[:-1] if text.endswith(".") else text
        out[lang] = head + LIKE[words].format(NONE[words] if near is None else near)
    return out
