"""The graph as resources: what the store holds for each IRI under https://w3id.org/functiegebouw/.

**What "the resource" is.** The description of a resource is the *concise bounded description*
without reification: every triple whose subject is the resource's IRI, plus, recursively, every
triple of a blank node that such a triple has as object (a SHACL property shape, an RDF list).
IRIs with a fragment (``…/def#JobGroup``, ``…/shapes#LabelShape``) are described in their
document (``…/def``): that page and that .ttl hold every subject of the document, as a
hash namespace is published. An IRI under the base that is only ever an object (never a
subject) still gets a page, whose description is empty.

Blank node labels differ from store to store and from load to load, so each is replaced by a
label derived from its content (and, for identical twins, from what refers to them): the same
graph gives the same bytes from the embedded store, a server, or another process.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from functiegebouw.rdf import iris
from functiegebouw.rdf.jsonld import to_jsonld
from functiegebouw.rdf.namespaces import PREFIXES as PROJECT_PREFIXES
from functiegebouw.rdf.turtle import Term, Triples, term_key

if TYPE_CHECKING:
    from functiegebouw.sparql.results import JsonTerm

BASE = iris.BASE
_SEGMENT = re.compile(r"[A-Za-z0-9_~\-][A-Za-z0-9_.~\-]*\Z")

# the project's prefixes, and those of the vocabularies the site's files use besides
PREFIXES = {**{prefix: str(ns) for prefix, ns in PROJECT_PREFIXES.items()},
            "sh": iris.SH,
            "sssom": iris.SSSOM,
            "semapv": iris.SEMAPV,
            "esco": iris.ESCO,
            "void": iris.VOID,
            "dcat": iris.DCAT,
            "foaf": iris.FOAF,
            "spdx": iris.SPDX,
            "vann": iris.VANN}


_NAMES: dict[str, str] = {}  # how each IRI is written in Turtle with PREFIXES (they never change)


RDF_TYPE_IRI = iris.RDF_TYPE
_OWL = iris.OWL
# the kinds an OWL 2 DL ontology declares its terms with (the OWL API's declaration axioms)
DECLARATION_TYPES = frozenset({_OWL + "Class", _OWL + "ObjectProperty", _OWL + "DatatypeProperty",
                               _OWL + "AnnotationProperty", _OWL + "NamedIndividual",
                               iris.RDFS + "Datatype"})


def document(iri: str) -> str:
    """The document an IRI is published in: itself, or the part before its fragment."""
    return iri.split("#", 1)[0]


# A path segment longer than this (a source document naming 80 schalen) is cut and given a digest
# of the whole: a file name holds at most 255 bytes.
MAX_SEGMENT = 120
# Top folders holding the site's own files and pages (the search page, the dataset description and
# downloads, the stylesheet and script, the w3id rules, the compare pages): no resource is written
# there, whatever the data holds, so no page of the site is lost or written twice.
OWN_FOLDERS = ("dataset", "static", "vergelijk", "w3id", "zoeken")
# Endings of the site's files: a resource folder named like a file would stand where the file is
# (``static/site.css``, ``index.html``, ``…/index.ttl``), and the w3id rules serve such a path as a file.
FILE_ENDINGS = (".css", ".html", ".js", ".json", ".jsonld", ".nt", ".png", ".rdf", ".svg", ".ttl", ".var")


def _bounded(segment: str) -> str:
    if len(segment) <= MAX_SEGMENT:
        return segment
    return f"{segment[:MAX_SEGMENT - 18]}--{hashlib.sha256(segment.encode('utf-8')).hexdigest()[:16]}"


def site_path(iri: str) -> str | None:
    """The folder of a resource in the site (``id/functiegroep/527``), or None when its IRI is not
    under the base or its path is not a plain one (no '..', no empty or encoded segments). A segment
    longer than MAX_SEGMENT is cut and ends in a digest of itself (the same for every build)."""
    doc = document(iri)
    if not doc.startswith(BASE) or "?" in doc:
        return None
    rel = doc[len(BASE):]
    segments = rel.split("/")
    if not rel or not all(_SEGMENT.match(seg) and seg not in (".", "..") for seg in segments):
        return None
    return "/".join(_bounded(seg) for seg in segments)


def reserved(path: str) -> str | None:
    """Why the site cannot publish a resource at ``path`` (its own files are there), or None."""
    top = path.split("/", 1)[0]
    if top.lower() in OWN_FOLDERS:  # also on a file system that ignores case
        return f"its path is in the site's own folder {top}/"
    last = path.rsplit("/", 1)[-1]
    if last.lower().endswith(FILE_ENDINGS):
        return f"its path ends like a file of the site ({last[last.rindex('.'):]})"
    return None


def term(json_term: JsonTerm) -> Term:
    """A SPARQL JSON term as a turtle.py term tuple."""
    kind = json_term["type"]
    if kind == "uri":
        return ("iri", json_term["value"])
    if kind == "bnode":
        return ("bnode", json_term["value"])
    if "xml:lang" in json_term:
        return ("lit", json_term["value"], json_term["xml:lang"])
    datatype = json_term.get("datatype")
    if datatype and datatype != PREFIXES["xsd"] + "string":
        return ("typed", json_term["value"], datatype)
    return ("lit", json_term["value"], None)


def _subject(json_term: JsonTerm) -> str:
    return ("_:" if json_term["type"] == "bnode" else "") + str(json_term["value"])


@dataclass
class Description:
    """The triples of one resource (its document) as :class:`Triples`."""

    iri: str
    path: str
    triples: Triples = field(default_factory=lambda: Triples(keep_empty=True))

    def turtle(self) -> str:
        return self.triples.to_turtle(PREFIXES, names=_NAMES)

    def jsonld(self) -> str:
        return to_jsonld(self.triples, PREFIXES)

    def ntriples(self) -> str:
        return self.triples.to_ntriples()


class Graph:
    """Every triple the site publishes, indexed by subject (blank nodes as ``"_:label"``)."""

    def __init__(self, rows: Iterable[tuple[JsonTerm, JsonTerm, JsonTerm]]) -> None:
        """``rows``: (subject, predicate, object) SPARQL JSON terms; duplicates are dropped (a
        server whose union default graph is a bag may repeat triples)."""
        raw: dict[str, dict[str, set[Term]]] = {}
        for s_term, p_term, o_term in rows:
            raw.setdefault(_subject(s_term), {}).setdefault(p_term["value"], set()).add(term(o_term))
        labels = _canonical_labels(raw)
        self.data: dict[str, dict[str, set[Term]]] = {}
        for s, preds in raw.items():
            key = "_:" + labels[s[2:]] if s.startswith("_:") else s
            target = self.data.setdefault(key, {})
            for p, objs in preds.items():
                target.setdefault(p, set()).update(
                    ("bnode", labels[o[1]]) if o[0] == "bnode" else o for o in objs)
        self.incoming: dict[str, set[tuple[str, str]]] = {}
        self._placement: tuple[dict[str, str], list[tuple[str, str]]] | None = None
        for s, preds in self.data.items():
            for p, objs in preds.items():
                for o in objs:
                    if o[0] == "iri":
                        self.incoming.setdefault(o[1], set()).add((s, p))

    def __len__(self) -> int:
        return sum(len(objs) for preds in self.data.values() for objs in preds.values())

    def objects(self, subject: str, predicate: str) -> list[Term]:
        return sorted(self.data.get(subject, {}).get(predicate, ()), key=term_key)

    def resources(self) -> dict[str, str]:
        """{document IRI: site path} of every subject, and every object IRI, under the base, but
        those :meth:`unpublishable` lists."""
        return self._placed()[0]

    def unpublishable(self) -> list[tuple[str, str]]:
        """(IRI, why) of the IRIs under the base that get no page: a path that is not plain, one
        where the site's own files are, or one that another IRI's page already takes. Decided from
        the IRIs alone, so the same for any order and any number of workers."""
        return self._placed()[1]

    def _placed(self) -> tuple[dict[str, str], list[tuple[str, str]]]:
        if self._placement is not None:
            return self._placement
        docs: dict[str, str] = {}
        skipped: list[tuple[str, str]] = []
        seen: set[str] = set()
        for iri in sorted(i for i in set(self.data) | set(self.incoming) if i.startswith(BASE)):
            doc = document(iri)
            if doc in seen:
                continue
            seen.add(doc)
            path = site_path(iri)
            why = "its path is not a plain one" if path is None else reserved(path)
            if why:
                skipped.append((iri, why))
            elif path is not None:  # always: no path gives a reason above
                docs[doc] = path
        # two documents on one folder (a cut segment's digest equal to another IRI's segment, or a
        # name that only differs in case on a file system that ignores it): the IRI that is the
        # folder's own path wins, else the first in IRI order; the others are named
        by_path: dict[str, list[str]] = {}
        for doc, path in docs.items():
            by_path.setdefault(path.lower(), []).append(doc)
        for same in by_path.values():
            if len(same) > 1:
                keep = next((d for d in same if d == BASE + docs[d]), min(same))
                for doc in sorted(same):
                    if doc != keep:
                        skipped.append((doc, f"its folder {docs[doc]} is that of {keep}"))
                        del docs[doc]
        self._placement = dict(sorted(docs.items())), sorted(skipped)
        return self._placement

    def describe_all(self) -> dict[str, Description]:
        """{document IRI: Description} of every resource (one pass over the subjects)."""
        resources = self.resources()
        out = {iri: Description(iri, path) for iri, path in resources.items()}
        ontology = out.get(BASE + "def")
        for s in self.data:
            if s.startswith("_:"):
                continue
            desc = out.get(document(s))
            if desc is not None:
                self._add_closure(desc.triples, s, set())
            elif ontology is not None and not s.startswith(BASE):
                # an external term the ontology declares (skos:Concept a owl:Class): the declaration
                # belongs to the ontology's document, which is OWL 2 DL only with it
                for o in self.data[s].get(RDF_TYPE_IRI, ()):
                    if o[0] == "iri" and o[1] in DECLARATION_TYPES:
                        ontology.triples.add(s, RDF_TYPE_IRI, o)
        return out

    def _add_closure(self, target: Triples, subject: str, seen: set[str]) -> None:
        """The triples of ``subject`` and of the blank nodes reachable from it: a loop, not
        recursion, as an RDF list of 10^4 items is a chain of 10^4 blank nodes."""
        todo = [subject]
        seen.add(subject)
        while todo:
            current = todo.pop()
            for p, objs in self.data.get(current, {}).items():
                for o in objs:
                    target.add(current, p, o)
                    if o[0] == "bnode" and "_:" + o[1] not in seen:
                        seen.add("_:" + o[1])
                        todo.append("_:" + o[1])

    def all_triples(self, descriptions: dict[str, Description] | None = None) -> Triples:
        """Every triple of the resource descriptions (what the downloads hold)."""
        out = Triples(keep_empty=True)
        for desc in (descriptions or self.describe_all()).values():
            for s, p, o in desc.triples:
                out.add(s, p, o)
        return out


def _canonical_labels(raw: dict[str, dict[str, set[Term]]]) -> dict[str, str]:
    """{store label: canonical label} for every blank node (subject or object)."""
    bnodes = {s[2:] for s in raw if s.startswith("_:")}
    for preds in raw.values():
        for objs in preds.values():
            bnodes.update(o[1] for o in objs if o[0] == "bnode")
    memo: dict[str, str] = {}

    def sig(root: str) -> str:
        """A digest of the content of blank node ``root``: its triples, with each blank node object
        replaced by that node's digest, and "cycle" for a node already on the path. Depth first with
        an explicit stack (an RDF list is a chain as long as the list). A node's digest is kept when
        no cycle was cut below it (then it does not depend on the path), and for every root."""
        if root in memo:
            return memo[root]
        # a frame: [label, its (predicate, object) pairs, next index, lines, no cycle cut below, pending predicate]
        frames: list[list[Any]] = []
        on_path: set[str] = set()

        def push(label: str) -> None:
            pairs = [(p, o) for p, objs in raw.get("_:" + label, {}).items() for o in objs]
            frames.append([label, pairs, 0, [], True, None])
            on_path.add(label)

        push(root)
        digest = ""
        while frames:
            frame = frames[-1]
            label, pairs, i, lines = frame[0], frame[1], frame[2], frame[3]
            if i < len(pairs):
                frame[2] = i + 1
                p, o = pairs[i]
                if o[0] != "bnode":
                    lines.append(f"{p} {o!r}")
                elif o[1] in memo:
                    lines.append(f"{p} _:{memo[o[1]]}")
                elif o[1] in on_path:
                    lines.append(f"{p} _:cycle")
                    frame[4] = False
                else:
                    frame[5] = p
                    push(o[1])
                continue
            digest = hashlib.sha256("\n".join(sorted(lines)).encode("utf-8")).hexdigest()[:16]
            frames.pop()
            on_path.discard(label)
            clean = frame[4]
            if clean or not frames:
                memo[label] = digest
            if frames:
                parent = frames[-1]
                parent[3].append(f"{parent[5]} _:{digest}")
                parent[4] = parent[4] and clean
        return digest

    by_sig: dict[str, list[str]] = {}
    for label in sorted(bnodes):
        by_sig.setdefault(sig(label), []).append(label)
    # Twins (same content) are told apart by what refers to them: by the final labels of their
    # referrers, so a group is ordered after the groups of its referrers (a twin list's second
    # nodes after its heads). The order then depends on the graph alone, not on the store's ids.
    out = {group[0]: "b" + digest for digest, group in by_sig.items() if len(group) == 1}
    twin_group = {label: digest for digest, group in by_sig.items() if len(group) > 1 for label in group}
    if not twin_group:
        return out
    refs: dict[str, list[tuple[str, str]]] = {}  # twin -> [(referrer: IRI or "_:label", predicate)]
    for s, preds in raw.items():
        for p, objs in preds.items():
            for o in objs:
                if o[0] == "bnode" and o[1] in twin_group:
                    refs.setdefault(o[1], []).append((s, p))
    waiting = dict.fromkeys(by_sig, 0)  # per twin group: referrers that are twins still unlabelled
    dependents: dict[str, list[str]] = {}
    for label, digest in twin_group.items():
        for s, _ in refs.get(label, []):
            if s.startswith("_:") and s[2:] in twin_group:
                waiting[digest] += 1
                dependents.setdefault(s[2:], []).append(digest)

    def name(s: str, final: bool) -> str:
        if not s.startswith("_:"):
            return s
        return "_:" + (out[s[2:]][1:] if final else memo.get(s[2:], ""))

    def place(digest: str, final: bool) -> None:
        ordered = sorted(by_sig[digest],
                         key=lambda label: sorted(f"{name(s, final)} {p}" for s, p in refs.get(label, [])))
        for n, label in enumerate(ordered):
            out[label] = "b" + digest + (f"x{n}" if n else "")

    ready = sorted(d for d in {*twin_group.values()} if waiting[d] == 0)
    done: set[str] = set()
    while ready:
        digest = ready.pop()
        place(digest, True)
        done.add(digest)
        for label in by_sig[digest]:
            for dep in dependents.get(label, []):
                waiting[dep] -= 1
                if waiting[dep] == 0:
                    ready.append(dep)
    # twins in a cycle of twins: by their referrers' digests, as before
    for digest in sorted({*twin_group.values()} - done):
        place(digest, False)
    return out
