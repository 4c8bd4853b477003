"""Candidate mappings from FGR texts (Dutch) to ESCO labels and descriptions (Dutch and English).

Pure Python, no model: two TF-IDF vectors per concept, compared by cosine similarity.

- labels: character 4-grams of the preferred and alternative labels, so that cognates meet across
  languages ("flexibiliteit" / "flexibility", "organiseren" / "organise");
- text: words cut to their first 5 letters (a crude stemmer that also works across Dutch and English:
  "communicatie" / "communication") from the labels and the description.

score = 0.6 * label similarity + 0.4 * text similarity. Functiegroepen are compared with ESCO occupations
and ISCO-08 unit groups; competenties and resultaten with ESCO skills.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

STOP = set("""de het een en of van voor in op met aan te is zijn wordt worden die dat deze dit als bij tot uit
over naar om door ook niet wel nog eigen juiste volgens conform binnen ander andere anderen hij zij
the a an and or of for in on with to is are be by as at from that this these those their its other others
""".split())
LABEL_WEIGHT, TEXT_WEIGHT = 0.6, 0.4
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
ESCO = "http://data.europa.eu/esco/model#"
ISCO_SCHEME = "http://data.europa.eu/esco/concept-scheme/isco"
FGR = "https://w3id.org/functiegebouw/def#"
SCHEMA = "https://schema.org/"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def label_features(labels) -> Counter:
    grams: Counter = Counter()
    for label in labels:
        for word in normalise(label).split():
            if word in STOP:
                continue
            padded = f" {word} "
            if len(padded) <= 4:
                grams[padded] += 1
            for i in range(len(padded) - 3):
                grams[padded[i:i + 4]] += 1
    return grams


def text_features(texts) -> Counter:
    return Counter(w[:5] for t in texts for w in normalise(t).split() if w not in STOP and len(w) > 2)


@dataclass
class Concept:
    iri: str
    label: str
    labels: list[str]
    texts: list[str]


class Index:
    """An inverted TF-IDF index over one feature kind."""

    def __init__(self, docs: list[Counter]):
        self.n = len(docs)
        df: Counter = Counter()
        for d in docs:
            df.update(d.keys())
        self.idf = {f: math.log((1 + self.n) / (1 + c)) + 1.0 for f, c in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, d in enumerate(docs):
            weights = self._weigh(d)
            for f, w in weights.items():
                self.postings[f].append((i, w))

    def _weigh(self, counts: Counter) -> dict[str, float]:
        weights = {f: (1 + math.log(c)) * self.idf.get(f, 0.0) for f, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {f: w / norm for f, w in weights.items() if w}

    def scores(self, query: Counter) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for f, qw in self._weigh(query).items():
            for i, w in self.postings.get(f, ()):
                out[i] += qw * w
        return out


class Matcher:
    def __init__(self, concepts: list[Concept]):
        self.concepts = concepts
        self.labels = Index([label_features(c.labels) for c in concepts])
        self.texts = Index([text_features(c.labels + c.texts) for c in concepts])

    def top(self, labels: list[str], texts: list[str], k: int) -> list[tuple[Concept, float]]:
        by_label = self.labels.scores(label_features(labels))
        by_text = self.texts.scores(text_features(labels + texts))
        scored = {i: LABEL_WEIGHT * by_label.get(i, 0.0) + TEXT_WEIGHT * by_text.get(i, 0.0)
                  for i in set(by_label) | set(by_text)}
        best = sorted(scored.items(), key=lambda kv: (-kv[1], self.concepts[kv[0]].iri))[:k]
        return [(self.concepts[i], s) for i, s in best]


# ---------------------------------------------------------------- reading concepts and FGR texts

def vocab_concepts(store, kind: str) -> list[Concept]:
    """ESCO skills (kind "skill") or occupations plus ISCO-08 unit groups (kind "occupation")."""
    if kind == "skill":
        where = f"?c a <{ESCO}Skill> ."
    else:
        where = (f"{{ ?c a <{ESCO}Occupation> }} UNION "
                 f"{{ ?c <{SKOS}inScheme> <{ISCO_SCHEME}> ; <{SKOS}notation> ?code . FILTER (STRLEN(?code) = 4) }}")
    query = f"""SELECT ?c ?p ?v WHERE {{ {where}
        ?c ?p ?v . FILTER (?p IN (<{SKOS}prefLabel>, <{SKOS}altLabel>, <{DCT}description>)) }}"""
    found: dict[str, dict] = {}
    for row in store.query(query):
        c, p, v = row["c"].value, row["p"].value, row["v"]
        entry = found.setdefault(c, {"pref": {}, "labels": [], "texts": []})
        if p == DCT + "description":
            entry["texts"].append(v.value)
        else:
            entry["labels"].append(v.value)
            if p == SKOS + "prefLabel":
                entry["pref"][v.language or ""] = v.value
    concepts = []
    for c in sorted(found):
        e = found[c]
        label = e["pref"].get("nl") or e["pref"].get("en") or e["pref"].get("en-US") or next(iter(e["pref"].values()), "")
        concepts.append(Concept(c, label, sorted(set(e["labels"])), sorted(set(e["texts"]))))
    return concepts


@dataclass
class Source:
    iri: str
    label: str
    kind: str           # functiegroep | competentie | resultaat
    labels: list[str]   # what is compared with concept labels
    texts: list[str]    # further context compared with labels + descriptions


def fgr_sources(graph) -> list[Source]:
    """Functiegroepen (name; context: their resultaten), competenties (name) and resultaten (text)."""
    from rdflib import Namespace
    from rdflib.namespace import RDF, RDFS as R, SKOS as S

    fgr, schema = Namespace(FGR), Namespace(SCHEMA)
    out = []
    for g in sorted(graph.subjects(RDF.type, fgr.JobGroup)):
        results = sorted(str(graph.value(r, schema.text)) for r in graph.objects(g, fgr.result))
        label = str(graph.value(g, R.label) or "")
        out.append(Source(str(g), label, "functiegroep", [label], results))
    for c in sorted(set(graph.subjects(RDF.type, fgr.Competency))):
        label = str(graph.value(c, S.prefLabel) or "")
        out.append(Source(str(c), label, "competentie", [label], []))
    for r in sorted(graph.subjects(RDF.type, fgr.Result)):
        text = str(graph.value(r, schema.text) or "")
        out.append(Source(str(r), text, "resultaat", [text], []))
    return out


VOCAB_OF = {"functiegroep": "occupation", "competentie": "skill", "resultaat": "skill"}


def suggest(graph, store, top: int = 5, kinds=("functiegroep", "competentie", "resultaat")) -> list[tuple[Source, list]]:
    """For every FGR source of the given kinds: its ``top`` candidates as (Concept, score)."""
    from functiegebouw.progress import track

    matchers: dict[str, Matcher] = {}
    out = []
    for source in track([s for s in fgr_sources(graph) if s.kind in kinds], "matching"):
        vocab = VOCAB_OF[source.kind]
        if vocab not in matchers:
            matchers[vocab] = Matcher(vocab_concepts(store, vocab))
        out.append((source, matchers[vocab].top(source.labels, source.texts, top)))
    return out


def evaluate(suggestions, reference: dict[str, set[str]], ks=(1, 3, 5, 10)) -> dict[int, dict]:
    """Micro-averaged precision@k and recall@k over the sources that have curated (reference) targets.

    precision@k = curated targets among the top k / (k x sources); recall@k = curated targets found / all
    curated targets of those sources (only targets in the vocabularies the suggester searches).
    """
    results = {}
    judged = [(s, cands) for s, cands in suggestions if reference.get(s.iri)]
    total = sum(len(reference[s.iri]) for s, _ in judged)
    for k in ks:
        hits = sum(len({c.iri for c, _ in cands[:k]} & reference[s.iri]) for s, cands in judged)
        found_any = sum(1 for s, cands in judged if {c.iri for c, _ in cands[:k]} & reference[s.iri])
        results[k] = {"sources": len(judged), "reference": total, "hits": hits,
                      "precision": hits / (k * len(judged)) if judged else 0.0,
                      "recall": hits / total if total else 0.0,
                      "success": found_any / len(judged) if judged else 0.0}
    return results
