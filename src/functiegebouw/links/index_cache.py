"""The suggester's vocabulary indexes, stored between runs (``fgr link suggest`` for one functiegroep in
a few seconds instead of 20).

Building the candidates of a vocabulary (a SPARQL read of the ESCO files, ~2.5 s) and their TF-IDF
indexes (6 s for the occupations' 55,000 labels) was most of a run, and both follow from the shipped
files alone. So they are written once to ``<cache>/suggest/<vocabulary>-<key>.idx`` and read back in
well under a second. The key is a SHA-256 of the vocabulary's Turtle files and of the code that builds
the indexes: another vocabulary or another version of the suggester makes a new entry (the old one is
removed), never a stale answer.

The format is plain data, never code (no pickle): a magic line, a JSON line (the candidates, the index
features, and the name, type and length of each array) and the arrays' bytes. A file that does not read
back whole and consistent is ignored and rebuilt; writing is atomic (``rdf.files.write_atomic``).
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from functiegebouw.rdf.files import write_atomic

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

#: an index as stored (``suggest.Index.state()``): "features" (list of str), "idf", "offsets", "docs",
#: "weights" (arrays) and, of a LabelIndex, "owner" (array)
IndexState: TypeAlias = dict[str, Any]


class Stored(Protocol):
    """What is stored of an index (suggest.Index, suggest.LabelIndex; no import: suggest imports this)."""

    def state(self) -> IndexState: ...

MAGIC = b"FGR-SUGGEST-INDEX 1\n"
ARRAYS = (("offsets", "q"), ("docs", "i"), ("weights", "d"), ("idf", "d"), ("owner", "i"))


def key(vocab_dir: str | os.PathLike[str], vocab: str, flags: tuple[bool, ...], code: list[str]) -> str:
    """SHA-256 of what the entry is made from: the vocabulary files, the code that builds it (``code``:
    the files of the modules), the options."""
    h = hashlib.sha256()
    h.update(f"{vocab}\n{flags!r}\n{sys.byteorder}\n".encode())
    for name in [*code, __file__]:
        h.update(Path(name).read_bytes())
    for path in sorted(Path(vocab_dir).glob("*.ttl")):
        h.update(path.name.encode() + b"\n")
        with open(path, "rb") as f:
            h.update(hashlib.file_digest(f, "sha256").digest())
    return h.hexdigest()


def path_of(cache_dir: str | os.PathLike[str], vocab: str, digest: str) -> Path:
    return Path(cache_dir) / "suggest" / f"{vocab}-{digest[:24]}.idx"


def save(path: Path, concepts: Iterable[DataclassInstance], indexes: Mapping[str, Stored]) -> None:
    """Write the candidates and a matcher's indexes (name -> Index or LabelIndex) to ``path``."""
    parts, blobs = [], []
    for name, index in indexes.items():
        state = index.state()
        lengths = {}
        for field, code in ARRAYS:
            if field in state:
                data = state[field] if isinstance(state[field], array) else array(code, state[field])
                lengths[field] = len(data)
                blobs.append(data.tobytes())
        parts.append({"name": name, "label": "owner" in state, "features": state["features"], "lengths": lengths})
    head = {"concepts": [asdict(c) for c in concepts], "parts": parts}
    body = json.dumps(head, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, MAGIC + body + b"\n" + b"".join(blobs))
    for other in path.parent.glob(path.name.split("-", 1)[0] + "-*.idx"):  # earlier entries of this vocabulary
        if other.name != path.name and other.is_file() and not other.is_symlink():
            try:
                other.unlink()
            except OSError:
                pass


def load(path: Path) -> tuple[list[dict[str, Any]], dict[str, tuple[bool, IndexState]]] | None:
    """(candidates as dicts, {name: (is a LabelIndex, state)}) from ``path``, or None when it is missing,
    damaged or inconsistent."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        raw = path.read_bytes()
        if not raw.startswith(MAGIC):
            return None
        end = raw.index(b"\n", len(MAGIC))
        head = json.loads(raw[len(MAGIC):end])
        concepts = head["concepts"]
        if not isinstance(concepts, list) or not all(isinstance(c, dict) for c in concepts):
            return None
        offset, states = end + 1, {}
        for part in head["parts"]:
            state: IndexState = {"features": [str(f) for f in part["features"]]}
            for field, code in ARRAYS:
                n = part["lengths"].get(field)
                if n is None:
                    continue
                data = array(code)
                size = int(n) * data.itemsize
                if size < 0 or offset + size > len(raw):
                    return None
                data.frombytes(raw[offset:offset + size])
                offset += size
                state[field] = data
            if not _consistent(state, part["label"], len(concepts)):
                return None
            states[part["name"]] = (bool(part["label"]), state)
        if offset != len(raw):
            return None
        return concepts, states
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):
        return None


def _consistent(state: IndexState, label: bool, n_concepts: int) -> bool:
    """Every array as long as the others say, every document number inside the index: a file that
    passes cannot make the scorer index out of range."""
    offsets, docs = state.get("offsets"), state.get("docs")
    if offsets is None or docs is None or "weights" not in state or "idf" not in state:
        return False
    n_features = len(state["features"])
    if len(offsets) != n_features + 1 or len(state["idf"]) != n_features or len(state["weights"]) != len(docs):
        return False
    if offsets[0] != 0 or offsets[-1] != len(docs) or any(offsets[k] > offsets[k + 1] for k in range(n_features)):
        return False
    n_docs = len(state["owner"]) if label else n_concepts
    if label and ("owner" not in state or (state["owner"] and (min(state["owner"]) < 0
                                                               or max(state["owner"]) >= n_concepts))):
        return False
    return not docs or (min(docs) >= 0 and max(docs) < n_docs)


def cache_dir() -> Path:
    """The project's cache folder (``rdf.files.default_cache_dir``: $FGR_STORE_DIR, .store/ in a checkout,
    else the user cache folder)."""
    from functiegebouw.rdf.files import default_cache_dir

    return default_cache_dir()


def writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)
