"""The embedded store: a pyoxigraph store cached on disk (``functiegebouw.open()`` without an endpoint).

The embedded store holds the data files plus ``ontology/*.ttl`` in its default graph. It is
built with pyoxigraph's bulk loader into ``.store/`` (or ``store_dir``) and reused as long as no
source file changed (fingerprint: path, size and mtime of every file), so a query does not
re-parse the Turtle each time. It is opened read-only, so several processes can query at once.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from functiegebouw.errors import FgrError
from functiegebouw.sparql.base import Store, is_update, refuse_service, refuse_update

CACHE_FORMAT = 1
# Generations other than the current one are deleted only when this old: a reader (``fgr serve``)
# may still have one open.
STALE_AFTER_S = 24 * 3600

def source_files(data=None, *, ontology: bool = True) -> tuple[list[Path], list[Path]]:
    """(inputs, RDF files): ``data`` (default the project's data/) expanded, plus ontology/*.ttl."""
    from functiegebouw.rdf.load import PROJECT_ROOT, ontology_files, rdf_files

    if data is None:
        inputs = [PROJECT_ROOT / "data"]
    else:
        inputs = [Path(p) for p in (data if isinstance(data, (list, tuple)) else [data])]
    files = rdf_files(inputs)
    if ontology:
        files = ontology_files() + [f for f in files if f not in ontology_files()]
    if not files:
        raise FgrError(inputs[0] if inputs else None, None, "no RDF files (.ttl, .nt, .jsonld, …) found")
    return inputs, [f.resolve() for f in files]


def _syntax_error(exc: Exception, where) -> FgrError:
    message = " ".join(str(exc).split())
    if len(message) > 200:  # oxigraph lists every character class it expected
        message = message[:200] + "…"
    m = re.search(r"(\d+):(\d+)", message)
    return FgrError(where, int(m.group(1)) if m else None, f"SPARQL syntax error: {message}")


class EmbeddedStore(Store):
    backend = "embedded"

    def __init__(self, data=None, *, store_dir=None, ontology: bool = True, max_rows: int | None = None,
                 allow_service: bool = False, memory: bool = False):
        self.max_rows, self.allow_service = max_rows, allow_service
        inputs, self.files = source_files(data, ontology=ontology)
        root = Path(store_dir) if store_dir else default_store_dir()
        key = hashlib.sha256("\n".join(str(p.resolve()) for p in inputs).encode()).hexdigest()[:16]
        self.cache = root / (f"{'o' if ontology else 'n'}-{key}")
        self.fingerprint = _fingerprint(self.files)
        self.location = self.cache / self.fingerprint
        self.rebuilt = False
        self._mem = None
        self._ox = self._open()

    def _open(self):
        import pyoxigraph as ox

        if not (self.location / "complete").exists():
            self._build()
            self.rebuilt = True
        try:
            return ox.Store.read_only(str(self.location))
        except OSError as exc:
            raise FgrError(self.location, None, f"cannot open the store cache ({exc}); delete the folder to rebuild") from None

    def _build(self) -> None:
        import pyoxigraph as ox

        self.cache.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f"tmp-{self.fingerprint}-", dir=self.cache))
        store = None
        try:
            store = ox.Store(str(tmp))
            for path in self.files:
                _bulk_load(store, path)
            store.flush()
            store.optimize()
            store = None
            (tmp / "complete").write_text(json.dumps([str(p) for p in self.files], indent=0) + "\n")
            try:
                os.rename(tmp, self.location)
            except OSError:
                if not (self.location / "complete").exists():
                    raise
                shutil.rmtree(tmp, ignore_errors=True)  # another process built it first
        except BaseException:
            # Close RocksDB before deleting its folder: an open store keeps writing files into it,
            # and rmtree would then leave a half-deleted folder behind.
            store = None
            import gc

            gc.collect()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        self._collect_stale()

    def _collect_stale(self) -> None:
        now = time.time()
        for entry in self.cache.iterdir():
            if entry.name == self.fingerprint:
                continue
            try:
                if now - entry.stat().st_mtime > STALE_AFTER_S:
                    shutil.rmtree(entry, ignore_errors=True)
            except OSError:
                pass

    def _run(self, text: str, *, allow_update: bool, where="query"):
        target = self._mem or self._ox
        if not self.allow_service:
            refuse_service(text, where)
        try:
            answer = target.query(text)
        except SyntaxError as exc:
            if is_update(text):
                if not allow_update:
                    raise refuse_update() from None
                return self._update(text, where)
            raise _syntax_error(exc, where) from None
        except OSError as exc:
            raise FgrError(where, None, f"query failed: {exc}") from None
        return _answer(answer, self.max_rows)

    def _update(self, text: str, where) -> None:
        """Apply an update to an in-memory copy: the cache mirrors the files and is never edited."""
        import pyoxigraph as ox

        if self._mem is None:
            self._mem = ox.Store()
            self._mem.bulk_extend(self._ox.quads_for_pattern(None, None, None, None))
        try:
            self._mem.update(text)
        except (SyntaxError, OSError) as exc:
            raise _syntax_error(exc, where) from None
        return None

    def close(self) -> None:
        self._ox = None
        self._mem = None

    def __repr__(self) -> str:
        return f"<EmbeddedStore {len(self.files)} files at {self.location}>"


def _answer(answer, max_rows=None):
    import pyoxigraph as ox

    from functiegebouw.sparql.results import Result

    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        return Result.from_oxigraph(answer, max_rows=max_rows)
    data = ox.serialize(answer, format=ox.RdfFormat.N_TRIPLES) or b""
    from rdflib import Graph

    from functiegebouw.rdf.namespaces import bind_prefixes

    return bind_prefixes(Graph()).parse(data=data, format="nt")


def _bulk_load(store, path: Path) -> None:
    from functiegebouw.rdf.load import oxigraph_error, oxigraph_format

    fmt = oxigraph_format(path)
    try:
        store.bulk_load(path=str(path), format=fmt, base_iri=path.as_uri())
    except SyntaxError as exc:
        raise oxigraph_error(path, fmt, exc) from None


def _fingerprint(files: list[Path]) -> str:
    import pyoxigraph

    h = hashlib.sha256(f"format {CACHE_FORMAT} pyoxigraph {pyoxigraph.__version__ if hasattr(pyoxigraph, '__version__') else ''}\n".encode())
    for path in files:
        st = path.stat()
        h.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:20]


def default_store_dir() -> Path:
    """$FGR_STORE_DIR, else .store/ in the project checkout, else the user cache folder."""
    if os.environ.get("FGR_STORE_DIR"):
        return Path(os.environ["FGR_STORE_DIR"])
    from functiegebouw.rdf.load import PROJECT_ROOT

    if (PROJECT_ROOT / "pyproject.toml").exists() and os.access(PROJECT_ROOT, os.W_OK):
        return PROJECT_ROOT / ".store"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "functiegebouw" / "store"
