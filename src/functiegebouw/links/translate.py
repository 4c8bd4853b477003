"""A Dutch -> English word-translation table learned from ESCO itself, for the suggester.

Our texts are Dutch; ESCO skills exist here in English only. ESCO occupations and the ISCO-08 unit groups
exist in both (occupation labels and descriptions in nl and en, ISCO names from CBS in nl and from the
ILO in en), which gives ~6,400 parallel label/description pairs. ``learn`` aligns their words with IBM
Model 1 (EM over word-translation probabilities t(en | nl), with a NULL word), pure Python, ~1 minute.

``fgr vocab learn-translations`` reads the committed data/vocab (so anyone can rebuild the table from the
repository alone) and writes ``data/vocab/nl-en-words.tsv``: per Dutch word its best English words and
t(en | nl), deterministic (fixed iteration count, sorted output, probabilities rounded).
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TYPE_CHECKING, cast

from functiegebouw.errors import FgrError
from functiegebouw.rdf import iris
from functiegebouw.rdf.files import write_atomic

if TYPE_CHECKING:
    import pyoxigraph as ox

TABLE = "nl-en-words.tsv"
NULL = "<null>"
ITERATIONS = 8
MIN_COUNT = 2       # Dutch words seen fewer times are not kept
KEEP = 3            # English words kept per Dutch word
MIN_PROB = 0.05
STOP_NL = set("""de het een en of van voor in op met aan te is zijn wordt worden die dat deze dit als bij tot uit over
naar om door ook niet wel nog hun hij zij ze er zo dan maar kan kunnen moet moeten onder andere zoals waar wat wie
zich hen haar hem mee alle alles veel meer dus al eigen""".split())
STOP_EN = set("""the a an and or of for in on with to is are be by as at from that this these those their its they
them it he she which who such other others also may can into within""".split())


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def words(text: str, stop: AbstractSet[str] = frozenset()) -> list[str]:
    return [w for w in normalise(text).split() if len(w) > 1 and w not in stop and not w.isdigit()]


def parallel_texts(store: ox.Store) -> list[tuple[str, str]]:
    """(Dutch, English) pairs: occupation labels and descriptions, ISCO-08 unit group names."""
    skos, dct = iris.SKOS, iris.DCT
    query = f"""SELECT ?c ?p ?nl ?en WHERE {{
        {{ ?c a <{iris.ESCO}Occupation> }} UNION
        {{ ?c <{skos}inScheme> <{iris.ESCO_SCHEME}isco> }}
        VALUES ?p {{ <{skos}prefLabel> <{dct}description> }}
        ?c ?p ?nl . FILTER (LANG(?nl) = "nl")
        ?c ?p ?en . FILTER (LANG(?en) = "en") }} ORDER BY ?c ?p"""
    return [(row["nl"].value, row["en"].value) for row in cast("ox.QuerySolutions", store.query(query))]  # a SELECT


def learn(pairs: list[tuple[str, str]], iterations: int = ITERATIONS) -> dict[str, list[tuple[str, float]]]:
    """IBM Model 1: t(en | nl) by EM; returns per Dutch word its best English words."""
    corpus = []
    count: dict[str, int] = defaultdict(int)
    for nl, en in pairs:
        f, e = words(nl, STOP_NL), words(en, STOP_EN)
        if f and e:
            corpus.append(([NULL] + f, e))
            for w in f:
                count[w] += 1
    english = {w for _, e in corpus for w in e}
    uniform = 1.0 / max(len(english), 1)
    t: dict[str, dict[str, float]] = defaultdict(dict)
    for _ in range(iterations):
        counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        totals: dict[str, float] = defaultdict(float)
        for f, e in corpus:
            for ew in e:
                probs = [t[fw].get(ew, uniform) if t else uniform for fw in f]
                z = sum(probs)
                for fw, p in zip(f, probs, strict=True):
                    c = p / z
                    counts[fw][ew] += c
                    totals[fw] += c
        t = defaultdict(dict, {fw: {ew: c / totals[fw] for ew, c in row.items()} for fw, row in counts.items()})
    out = {}
    for fw, row in t.items():
        if fw == NULL or count[fw] < MIN_COUNT:
            continue
        best = sorted(((ew, p) for ew, p in row.items() if p >= MIN_PROB), key=lambda x: (-x[1], x[0]))[:KEEP]
        if best:
            out[fw] = [(ew, round(p, 3)) for ew, p in best]
    return out


def write_table(table: dict[str, list[tuple[str, float]]], path: str | os.PathLike[str], pairs: int) -> str:
    lines = ["# Dutch -> English word translations t(en | nl), learned by `fgr vocab learn-translations`",
             f"# (IBM Model 1, {ITERATIONS} EM iterations) from {pairs} Dutch/English pairs of ESCO occupation labels and",
             "# descriptions and ISCO-08 unit group names in data/vocab. This service uses the ESCO classification of",
             "# the European Commission. ISCO-08 Dutch names: Bron: CBS. Do not edit by hand.",
             "nl\ten\tprobability"]
    for fw in sorted(table):
        lines.extend(f"{fw}\t{ew}\t{p:.3f}" for ew, p in table[fw])
    text = "\n".join(lines) + "\n"
    write_atomic(path, text)
    return text


def read_table(path: str | os.PathLike[str]) -> dict[str, list[tuple[str, float]]]:
    path = Path(path)
    out: dict[str, list[tuple[str, float]]] = defaultdict(list)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise FgrError(path, None, f"cannot read: {exc.strerror or exc}; run `fgr vocab learn-translations`") from None
    for number, line in enumerate(lines, 1):
        if line.startswith("#") or line.startswith("nl\t") or not line.strip():
            continue
        cells = line.split("\t")
        try:
            out[cells[0]].append((cells[1], float(cells[2])))
        except (IndexError, ValueError):
            raise FgrError(path, number, "expected 'dutch<TAB>english<TAB>probability'") from None
    return dict(out)


# Dutch -> English suffixes of Latin loanwords: a word the table lacks may still be a cognate.
COGNATES = (("iteit", "ity"), ("isatie", "isation"), ("atie", "ation"), ("ie", "y"), ("isch", "ic"), ("eren", "e"))


class Translator:
    """Dutch words to weighted English words: the table, else a known form of the word (a noun in -heid,
    a verb form), else a cognate by suffix (flexibiliteit -> flexibility); compounds split into parts."""

    def __init__(self, table: dict[str, list[tuple[str, float]]]) -> None:
        self.table = table
        self._cache: dict[str, list[tuple[str, float]]] = {}

    def lookup(self, word: str) -> list[tuple[str, float]]:
        if word in self.table:
            return self.table[word]
        if word in self._cache:
            return self._cache[word]
        found: list[tuple[str, float]] = []
        forms = []
        if word.endswith("heid") and len(word) > 7:
            forms.append(word[:-4])                      # gerichtheid -> gericht
        if word.endswith("t") and len(word) > 4:
            base = word[:-1]                             # leert -> leer -> leren, bewaakt -> bewaken
            forms += [base + "en", re.sub(r"([aeou])\1(?=[^aeiou]$)", r"\1", base) + "en"]
        for form in forms:
            if form in self.table:
                found = self.table[form]
                break
        if not found:
            for nl, en in COGNATES:
                if word.endswith(nl) and len(word) > len(nl) + 3:
                    found = [(word[: -len(nl)] + en, 0.5)]
                    break
        self._cache[word] = found
        return found

    def split(self, word: str) -> list[str]:
        """A compound as known parts ("klantgerichtheid" -> klant + gerichtheid), longest head first;
        a linking s ("voortgangscontrole" -> voortgang + controle) is allowed."""
        if word in self.table or len(word) < 8:
            return [word]
        for cut in range(len(word) - 4, 3, -1):
            head, tail = word[:cut], word[cut:]
            if head not in self.table and head.endswith("s") and head[:-1] in self.table:
                head = head[:-1]
            if head in self.table:
                rest = self.split(tail)
                if all(self.lookup(r) for r in rest):
                    return [head, *rest]
        return [word]

    def gloss(self, text: str) -> str:
        """A word-by-word English rendering (the best translation of each known part, unknown words kept),
        for a reader or an embedding model that wants a phrase rather than a bag of words."""
        out = []
        for w in words(text, STOP_NL):
            for part in self.split(w):
                found = self.lookup(part)
                out.append(found[0][0] if found else part)
        return " ".join(dict.fromkeys(out))

    def english(self, text: str) -> dict[str, float]:
        """The English words a Dutch text translates to, with weights (a word's translations sum to <= 1)."""
        out: dict[str, float] = defaultdict(float)
        for w in words(text, STOP_NL):
            for part in self.split(w):
                for ew, p in self.lookup(part):
                    out[ew] += p
        return dict(out)


def learn_translations(vocab_dir: str | os.PathLike[str], out: str | os.PathLike[str] | None = None) -> tuple[Path, int, int]:
    """Learn the table from the committed vocabularies and write it; returns (path, pairs, Dutch words)."""
    from functiegebouw.links.mappings import open_vocab

    pairs = parallel_texts(open_vocab(Path(vocab_dir)))
    if not pairs:
        raise FgrError(vocab_dir, None, "no Dutch/English ESCO occupation texts; run `fgr vocab import-esco` first")
    table = learn(pairs)
    path = Path(out) if out else Path(vocab_dir) / TABLE
    write_table(table, path, len(pairs))
    return path, len(pairs), len(table)

