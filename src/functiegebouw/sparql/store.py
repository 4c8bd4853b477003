"""The embedded store: a pyoxigraph store cached on disk (``functiegebouw.open()`` without an endpoint).

The default graph holds the data files plus ``ontology/*.ttl``. The cache folder of one set of
inputs (``.store/o-<key>/``, or ``store_dir``, or ``$FGR_STORE_DIR``) holds::

    manifest.json   the current generation, the stat of every file it was built from and of every
                    folder walked to find them
    stats           the same stats packed for the check (written once none is racy; see below)
    lock            builders take it in turn (an exclusive flock)
    gen-000007/     a generation: the RocksDB store, ``records/`` (a copy of every file as loaded),
                    ``shared.json`` (triples stated by more than one file, with their count) and
                    ``lock`` (every reader holds it shared while it has the generation open)

- **Fingerprint.** Opening reads manifest.json and compares it with one ``stat`` per folder and per
  RDF file it lists (size, mtime, ctime, inode; no hashing, no re-parse, no folder listing). A file
  added, removed or renamed changes its folder's mtime and ctime, an edit the file's own, so
  ``sources/`` (thousands of ``.txt``/``.toml`` beside the ``.ttl`` files ``fgr build`` writes)
  costs one ``stat``, not a walk. Once no entry is racy, the stats are also kept packed in
  ``stats`` (paths, then 64-bit integers), which an open compares in one step without parsing the
  manifest's JSON; anything else about it sends the open to the manifest. Only when a folder
  changed is everything walked again (then the files decide: same files, and the manifest takes
  the new folder times; else an update).
  A file or folder whose times are within ``RACY_NS`` of the walk may change again within the same
  clock tick without its times changing ("racy git"): such a file's SHA-256 is kept and compared
  until its times are old enough, and such a folder is walked again next time.
- **Incremental update.** When a few files changed, were added or removed, the new generation is a
  RocksDB checkpoint of the current one (hard links: instant) with just their triples removed and
  added: the old triples come from the copy in ``records/``, read with the data file's own base IRI
  (relative IRIs resolve as they did) and in the graphs the file names (``.trig``, ``.nq``); a
  statement is removed only when no other file states it (``shared.json`` counts those). Answers are the same as a
  full rebuild (tested with random edit sequences). Files with blank nodes, many changed files or
  a format change rebuild from scratch.
- **Readers and clean-up.** A reader (``fgr query``, ``fgr serve``, a notebook) holds its
  generation's lock shared; clean-up deletes a generation only when it can take the lock
  exclusively, so never one in use. A build that was killed leaves a ``tmp-*`` folder, which the
  next builder (holding the cache lock, so no build is running) removes at once.
"""
from __future__ import annotations

import errno
import os
import sys
import time

# shutil and uuid are imported where a store is built: opening one (every `fgr query`) needs neither.
from functiegebouw.errors import FgrError, Where
from functiegebouw.sparql.base import Store, is_update, refuse_service, refuse_update

# typing only for annotations: not imported by every `fgr query` (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path
    from typing import Any

    import pyoxigraph as ox

    from functiegebouw.sparql.base import Data

    # manifest.json of a cache folder, as read (JSON: "version", "generation", "files", "folders", "blank")
    Manifest = dict[str, Any]

# 3: records re-read against the data file's base IRI, named graphs kept (caches of 2 may hold stale triples)
CACHE_FORMAT = 3
# An update rewrites only the changed files; past this share of all files a full build is cheaper.
INCREMENTAL_SHARE = 0.25
# Times this close to the walk are not trusted: one clock tick of the file system (a few ms on
# ext4/XFS/tmpfs, 1 s on ext3/HFS+, 2 s on FAT) can hold two edits with the same times.
RACY_NS = 2_000_000_000


# --------------------------------------------------------------------------- the input files

def source_files(data: Data = None, *, ontology: bool = True) -> tuple[list[Path], list[Path]]:
    """(inputs, RDF files): ``data`` (default: the project's own data) expanded; with ``ontology``
    also the shipped ontology, reference data (salary tables) and vocabularies, so that a user's
    folder of converted profiles is queried with everything the named queries need."""
    inputs = _inputs(data)
    return _paths(inputs), _paths(_scan(inputs, ontology).files)


def _paths(names: Iterable[str]) -> list[Path]:
    """``names`` as Paths, for the public API: inside, the query path handles its files as text
    (pathlib brings urllib.parse, ipaddress and fnmatch: ~5 ms of every `fgr query`)."""
    from pathlib import Path

    return [Path(p) for p in names]


def _inputs(data: Data) -> list[str]:
    """The inputs as text, spelt as ``str(Path(p))`` (messages name them so)."""
    from functiegebouw.rdf.files import _as_path_text

    if data is None:  # $FGR_DATA, else the project's own data (the checkout's data/, or the shipped copy)
        from functiegebouw.resources import resource_path

        return [_as_path_text(os.environ["FGR_DATA"])] if os.environ.get("FGR_DATA") else [resource_path("data")]
    # a path, or a list or tuple of them (the other iterables connect.Data allows come as lists)
    return [_as_path_text(os.fspath(p)) for p in (data if isinstance(data, (list, tuple)) else [data])]  # type: ignore[arg-type]


class _Scan:
    """One walk of the inputs: what a manifest records and the store is built from."""
    __slots__ = ("files", "folders", "started")

    def __init__(self, started: int) -> None:
        self.files: dict[str, list[int]] = {}  # path -> [size, mtime_ns, ctime_ns, inode], in load order
        self.folders: dict[str, list[int]] = {}  # folder -> [mtime_ns, ctime_ns, inode]
        self.started = started  # time.time_ns() before the first stat


def _file_entry(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _folder_entry(st: os.stat_result) -> list[int]:
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def _scan(inputs: list[str], ontology: bool) -> _Scan:
    """The stat of every RDF file: ontology, reference data and vocabularies first, then the
    inputs, each folder walked by rdf.load.walk_files (one stat per file, no Path objects on the
    hot path; never outside the folder; a file in both, such as a checkout's data/vocab/, counts
    once); and of every folder walked (the ontology's: the folders of its files)."""
    from functiegebouw.rdf.load import ontology_files, walk_files
    from functiegebouw.resources import shipped_files

    scan = _Scan(time.time_ns())
    found, folders = scan.files, scan.folders

    def add(path: str, st: os.stat_result) -> None:
        if path not in found:
            found[path] = _file_entry(st)

    if ontology:
        for path in ontology_files() + shipped_files():
            folder = os.path.dirname(os.path.abspath(path))
            if folder not in folders:
                folders[folder] = _folder_entry(os.stat(folder))  # before its files: see walk_files
            add(os.path.abspath(path), os.stat(path))
    for item in inputs:
        text = os.path.abspath(item)
        if os.path.isdir(text):
            walked: dict[str, os.stat_result] = {}
            for name, st in walk_files(text, folders=walked):  # stays inside the folder: no symlink loops
                add(name, st)
            for folder, st in walked.items():
                folders.setdefault(folder, _folder_entry(st))
        elif os.path.exists(text):
            add(text, os.stat(text))
        else:
            raise FgrError(item, None, "no such file or folder")
    if not found:
        raise FgrError(inputs[0] if inputs else None, None, "no RDF files (.ttl, .nt, .jsonld, …) found")
    return scan


def _racy(times: Sequence[int], started: int) -> bool:
    """(mtime_ns, ctime_ns) too close to the walk to prove that nothing changed after it (RACY_NS)."""
    return bool(max(times) >= started - RACY_NS)


def _sha256(data: bytes) -> str:
    """SHA-256 in hex, from the interpreter's own module where it has one: ``hashlib`` loads
    OpenSSL first, a few ms of every `fgr query`, which hashes one short string (the cache's key)."""
    # the module of this Python first: a failed import searches every folder of sys.path (~0.5 ms)
    names = ("_sha256", "_sha2") if sys.version_info < (3, 12) else ("_sha2", "_sha256")
    for name in names:
        try:
            sha256 = __import__(name).sha256
            break
        except ImportError:
            pass
    else:
        from hashlib import sha256
    return str(sha256(data).hexdigest())


class _JsonDefaults:
    """What the C scanner of ``json`` reads from a JSONDecoder: the defaults of ``json.loads``."""
    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = float  # NaN, Infinity, -Infinity: the values json.loads gives them


def _loads(text: str) -> Any:
    """``json.loads(text)`` (a ValueError where it raises one) without importing ``json``: its
    package, encoder and regular expressions cost every `fgr query` ~6 M instructions to read one
    small manifest, which the same C scanner reads alone."""
    try:
        from _json import make_scanner
    except ImportError:  # a Python without the accelerator
        import json

        return json.loads(text)
    start = len(text) - len(text.lstrip(" \t\n\r"))  # json's whitespace, before and after the value
    try:
        value, end = make_scanner(_JsonDefaults)(text, start)  # type: ignore[arg-type]
    except StopIteration:
        raise ValueError("invalid JSON") from None
    if text[end:].strip(" \t\n\r"):
        raise ValueError("extra data after the JSON value")
    return value


def _digest(path: str) -> str:
    import hashlib  # the files are hashed only when their times changed (see _sha256 for why here)

    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return ""  # gone or unreadable: never equal to a recorded digest


def _same(old: list[Any] | None, path: str, now: list[int] | None) -> bool:
    """A manifest entry still describes the file: the same stat, and the same content where the
    stat was too recent to trust (then the entry ends with the file's SHA-256)."""
    if old is None or now is None or old[:4] != now:
        return False
    return len(old) == 4 or _digest(path) == old[4]


def _unchanged_files(manifest: Manifest, scan: _Scan) -> list[str] | None:
    """Compare a manifest with a walk: None when a file was added, removed or changed, else the
    files whose recorded digest is no longer needed (their times are now old enough)."""
    old = manifest.get("files")
    if not isinstance(old, dict) or len(old) != len(scan.files):
        return None
    settled = []
    for path, now in scan.files.items():
        entry = old.get(path)
        if entry is None or not _same(entry, path, now):
            return None
        if len(entry) > 4 and not _racy(now[1:3], scan.started):
            settled.append(path)
    return settled


def _current(manifest: Manifest) -> list[str] | None:
    """The store-currency check without a walk: one stat per recorded folder and file. None when
    anything differs (or cannot be told without walking), else as :func:`_unchanged_files`."""
    folders, files = manifest.get("folders"), manifest.get("files")
    if not isinstance(folders, dict) or not isinstance(files, dict):
        return None  # a manifest of before the folder fingerprints: walk once
    started = time.time_ns()
    stat = os.stat
    try:
        for folder, entry in folders.items():
            st = stat(folder)
            # a racy folder's entry has a fourth element, so it never matches: walked again
            if entry != [st.st_mtime_ns, st.st_ctime_ns, st.st_ino]:
                return None
        settled = []
        for path, entry in files.items():
            st = stat(path)
            if (st.st_size != entry[0] or st.st_mtime_ns != entry[1] or st.st_ctime_ns != entry[2]
                    or st.st_ino != entry[3]):
                return None
            if len(entry) > 4:
                if _digest(path) != entry[4]:
                    return None
                if not _racy((st.st_mtime_ns, st.st_ctime_ns), started):
                    settled.append(path)
    except (OSError, TypeError, IndexError, ValueError):
        return None  # a file or folder gone, or a manifest entry of another shape
    return settled


STATS_MAGIC = b"fgr-stats 1"


def _stats_blob(manifest: Manifest) -> bytes | None:
    """The settled fingerprint of ``manifest`` as the ``stats`` file holds it, or None while an entry
    is racy (a digest to compare, a folder to walk again) or a number does not fit: the version,
    the generation, the folders' and files' paths (NUL-separated: a name may hold a newline), then
    their stats as 64-bit integers, in the manifest's order."""
    folders, files = manifest["folders"], manifest["files"]
    if any(len(e) != 3 for e in folders.values()) or any(len(e) != 4 for e in files.values()):
        return None
    try:  # native 64-bit integers, as memoryview.cast("q") reads them
        numbers = b"".join(n.to_bytes(8, sys.byteorder, signed=True)
                           for entry in [*folders.values(), *files.values()] for n in entry)
    except (OverflowError, AttributeError):  # an inode or time beyond 64 bits: the manifest alone decides
        return None
    head = [STATS_MAGIC, _version().encode(), str(manifest["generation"]).encode(),
            str(len(folders)).encode(), str(len(files)).encode(), *map(os.fsencode, [*folders, *files])]
    return b"\0".join(head) + b"\0" + numbers


def _settled_generation(path: str) -> str | None:
    """The generation a ``stats`` file names when every folder and file it lists has the stat it
    records, else None (then the manifest decides). The fast path of every `fgr query`: the same
    stats as :func:`_current`, without parsing the manifest's JSON or comparing entry by entry in
    Python (at 6,100 profiles ~5 of the ~30 ms the check took; the stats themselves take ~20)."""
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
        magic, version, generation, n_folders, n_files, rest = blob.split(b"\0", 5)
        if (magic != STATS_MAGIC or version != _version().encode()
                or not (generation.startswith(b"gen-") and generation[4:].isdigit())):  # a folder of the cache only
            return None
        folders, files = int(n_folders), int(n_files)
        if folders < 0 or files < 0:
            return None
        *names, tail = rest.split(b"\0", folders + files)
        if len(names) != folders + files or len(tail) != 8 * (3 * folders + 4 * files):
            return None
        # memoryview, not array: importing array imports collections, which `fgr query` does without
        recorded = memoryview(tail).cast("q").tolist()
        now: list[int] = []
        # the fields of _folder_entry and _file_entry, written out: no list made per path (as in _current)
        stat, extend = os.stat, now.extend
        for name in names[:folders]:
            st = stat(name)
            extend((st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
        for name in names[folders:]:
            st = stat(name)
            extend((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
        return generation.decode("ascii") if now == recorded else None
    except (OSError, ValueError, OverflowError):  # gone, changed, damaged or foreign: the manifest decides
        return None


def _restat(cache: _Cache, manifest: Manifest) -> _Scan | None:
    """What a walk would find, without walking, when no recorded folder changed (a file edited in
    place, say): the manifest's files in the load order of its generation, stat'ed now. None when
    a folder changed (or was racy): then only a walk can tell which files there are."""
    folders, files = manifest.get("folders"), manifest.get("files")
    if not isinstance(folders, dict) or not isinstance(files, dict):
        return None
    scan = _Scan(time.time_ns())
    try:
        for folder, entry in folders.items():
            now = _folder_entry(os.stat(folder))  # before the files, as in a walk
            if entry != now:
                return None
            scan.folders[folder] = now
        order = _loads(_read(os.path.join(cache.dir, manifest["generation"], "complete")))
        if not isinstance(order, list) or len(order) != len(files) or set(order) != set(files):
            return None
        for path in order:
            scan.files[path] = _file_entry(os.stat(path))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return scan


def _manifest_entries(scan: _Scan, digests: dict[str, str]) -> tuple[dict[str, list[Any]], dict[str, list[int]]]:
    """(files, folders) as a manifest records them: racy files with their digest, racy folders
    marked so that the next open walks them again."""
    files = {p: e + [digests[p]] if p in digests else e for p, e in scan.files.items()}
    folders = {f: e + [0] if _racy(e[0:2], scan.started) else e for f, e in scan.folders.items()}
    return files, folders


def _syntax_error(exc: Exception, where: Where) -> FgrError:
    message = " ".join(str(exc).split())
    if len(message) > 200:  # oxigraph lists every character class it expected
        message = message[:200] + "…"
    import re  # here: only a syntax error needs it

    m = re.search(r"(\d+):(\d+)", message)
    return FgrError(where, int(m.group(1)) if m else None, f"SPARQL syntax error: {message}")


def _read(path: str) -> str:
    """The text of ``path`` (UTF-8): ``Path.read_text`` without pathlib."""
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def _version() -> str:
    import pyoxigraph

    return f"format {CACHE_FORMAT} pyoxigraph {getattr(pyoxigraph, '__version__', '')}"


# --------------------------------------------------------------------------- locks and folders

def _flock(path: str | os.PathLike[str], exclusive: bool, wait: bool = True, create: bool = True) -> int | None:
    """An open file descriptor holding an flock on ``path`` (created if ``create``), or None when
    ``wait`` is False and another process holds it."""
    import fcntl

    fd = os.open(path, os.O_RDWR | os.O_CLOEXEC | (os.O_CREAT if create else 0), 0o644)
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        os.close(fd)
        return None
    except BaseException:
        os.close(fd)
        raise
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        try:
            os.close(fd)
        except OSError:
            pass


def _disk_error(exc: OSError, where: Where) -> FgrError:
    """An OSError of the store folder as one line: full disk, read-only, no permission."""
    text = str(exc)
    if getattr(exc, "errno", None) == errno.ENOSPC or "No space left" in text:
        why = "the disk is full"
    elif getattr(exc, "errno", None) == errno.EROFS or "Read-only file system" in text:
        why = "the folder is on a read-only file system"
    elif getattr(exc, "errno", None) in (errno.EACCES, errno.EPERM) or "ermission denied" in text:
        why = "no permission to write there"
    else:
        why = " ".join((exc.strerror or text).split())[:200]
    return FgrError(where, None, f"cannot build the store cache: {why} (set FGR_STORE_DIR to a writable "
                                 f"folder with room; nothing was left behind)")


class _Cache:
    """The cache folder of one set of inputs: manifest, generations, build lock."""

    def __init__(self, folder: str) -> None:
        self.dir = folder  # text: opening a current store (every `fgr query`) makes no Path
        self.manifest_path = os.path.join(folder, "manifest.json")
        self.stats_path = os.path.join(folder, "stats")

    @property
    def folder(self) -> Path:
        """The cache folder as a Path (building and collecting a store)."""
        from pathlib import Path

        return Path(self.dir)

    def manifest(self) -> Manifest | None:
        try:
            data = _loads(_read(self.manifest_path))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("version") != _version():
            return None
        return data

    def write_manifest(self, data: Manifest) -> None:
        import json  # here: a query reads the manifest with _loads

        from functiegebouw.rdf.files import write_atomic

        # the stats file first goes, then comes back with the new manifest's: never one of another generation
        # beside a manifest whose files it does not describe (it would still be sound: see _settled_generation)
        try:
            os.unlink(self.stats_path)
        except FileNotFoundError:
            pass
        write_atomic(self.manifest_path, json.dumps(data, indent=1, sort_keys=True) + "\n")
        blob = _stats_blob(data)
        if blob is not None:
            write_atomic(self.stats_path, blob)

    def refresh(self, seen: Manifest, folders: dict[str, list[int]] | None, settled: list[str]) -> None:
        """Record new folder stats and drop digests no longer needed, when the manifest is still
        the one ``seen`` (same generation and files); best effort: skipped while a build runs or
        where the cache cannot be written (the next open then walks or hashes again)."""
        try:
            lock = _flock(os.path.join(self.dir, "lock"), exclusive=True, wait=False)
        except OSError:
            return
        if lock is None:
            return
        try:
            now = self.manifest()
            if now is None or now.get("generation") != seen.get("generation") or now.get("files") != seen.get("files"):
                return
            if folders is not None:
                now["folders"] = folders
            for path in settled:
                now["files"][path] = now["files"][path][:4]
            self.write_manifest(now)
        except (OSError, FgrError):
            pass
        finally:
            _unlock(lock)

    def next_generation(self) -> Path:
        numbers = [int(p.name[4:]) for p in self.folder.glob("gen-*") if p.name[4:].isdigit()]
        return self.folder / f"gen-{max(numbers, default=0) + 1:06d}"

    def collect(self, keep: str) -> None:
        """Remove leftovers of dead builds, and every generation but ``keep`` that no reader
        holds (called by the builder, under the cache lock)."""
        import shutil

        for entry in self.folder.iterdir():
            if entry.name.startswith("tmp-"):
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.name.startswith("gen-") and entry.name != keep and entry.is_dir():
                try:
                    fd = _flock(entry / "lock", exclusive=True, wait=False, create=False)
                except OSError:
                    fd = None  # no lock file: a half-deleted folder
                else:
                    if fd is None:
                        continue  # a reader has it open
                try:
                    (entry / "complete").unlink(missing_ok=True)  # a reader that waited sees it is gone
                    shutil.rmtree(entry, ignore_errors=True)
                finally:
                    _unlock(fd)
            elif len(entry.name) == 20 and all(ch in "0123456789abcdef" for ch in entry.name):
                shutil.rmtree(entry, ignore_errors=True)  # a generation of the cache format before manifests


# --------------------------------------------------------------------------- building

def _quads(path: str, base: str | None = None) -> list[Any]:
    """The statements of one file as pyoxigraph Quads (named graphs kept), with file:line errors.
    ``base``: the base IRI of the data file when ``path`` is its copy in ``records/``: relative IRIs
    must resolve as they did when the file was loaded, or its old triples would never be removed."""
    from pathlib import Path

    from functiegebouw.rdf.load import read_quads

    return read_quads(Path(path), base)


def _bulk_load(store: ox.Store, path: str) -> None:
    from pathlib import Path

    from functiegebouw.rdf.load import base_iri, oxigraph_error, oxigraph_format

    fmt = oxigraph_format(Path(path))
    try:
        store.bulk_load(path=path, format=fmt, base_iri=base_iri(path))
    except SyntaxError as exc:
        raise oxigraph_error(Path(path), fmt, exc) from None


def _bulk_load_all(store: ox.Store, files: Iterable[str]) -> None:
    """All files in one bulk load (each file was parsed, so checked, before: ``_shared_counts``).
    A load per file left RocksDB a few table files each (1,832 at 10x), and opening that many
    took ~90 % of opening an up-to-date store (bench/PERF-28.md)."""
    import itertools

    store.bulk_extend(itertools.chain.from_iterable(_quads(path) for path in files))


def _record_name(path: str) -> str:
    import hashlib

    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:16] + os.path.splitext(path)[1]


def _has_blank(quads: Iterable[Any]) -> bool:
    import pyoxigraph as ox

    return any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
               or isinstance(q.graph_name, ox.BlankNode) for q in quads)


def _shared_counts(files: list[str]) -> tuple[dict[str, int], set[str]]:
    """{N-Quads of a statement: number of files stating it} for statements made by two or more
    files, and the files with blank nodes. Every file is read (and so checked) once; only
    triples whose subject more than one file mentions can be shared, so only the files with such
    subjects are read a second time, to count those triples."""
    import pyoxigraph as ox

    owner: dict[str, int] = {}  # subject IRI -> index of the first file that mentions it
    shared: set[str] = set()
    rereads: set[int] = set()
    blank: set[str] = set()
    for index, path in enumerate(files):
        seen_here: set[str] = set()
        for t in _quads(path):
            subject = t.subject
            if type(subject) is ox.BlankNode or type(t.object) is ox.BlankNode or type(t.graph_name) is ox.BlankNode:
                blank.add(path)
                continue  # a blank node is the file's own: never shared
            value = subject.value
            if value in seen_here:
                continue
            seen_here.add(value)
            first = owner.setdefault(value, index)
            if first != index:
                shared.add(value)
                rereads.update((first, index))
    counts: dict[str, int] = {}
    for index in sorted(rereads):
        for t in set(_quads(files[index])):
            if type(t.subject) is not ox.BlankNode and t.subject.value in shared:
                key = str(t)
                counts[key] = counts.get(key, 0) + 1
    return {k: n for k, n in counts.items() if n > 1}, blank


class _Builder:
    """Makes a new generation in a ``tmp-*`` folder and renames it into place."""

    def __init__(self, cache: _Cache, scan: _Scan, digests: dict[str, str]) -> None:
        import uuid

        self.cache, self.scan, self.digests = cache, scan, digests
        self.tmp = cache.folder / f"tmp-{uuid.uuid4().hex[:12]}"

    def full(self) -> Path:
        import shutil

        import pyoxigraph as ox

        files = list(self.scan.files)
        counts, blank = _shared_counts(files)  # reads (and checks) every file before the store is made
        from functiegebouw.progress import track

        store = ox.Store(str(self.tmp))
        _bulk_load_all(store, track(files, "building the store"))
        store.flush()
        store.optimize()
        del store
        records = self.tmp / "records"
        records.mkdir()
        for path in files:
            shutil.copy2(path, records / _record_name(path))
        return self._finish(counts, blank)

    def incremental(self, previous: Path, old: Manifest, changed: list[str]) -> Path:
        """``previous`` plus the changes of ``changed`` (paths added, removed or edited)."""
        import json
        import shutil

        import pyoxigraph as ox

        now = self.scan.files
        counts = {k: n for k, n in json.loads((previous / "shared.json").read_text(encoding="utf-8"))}
        blank = set(old.get("blank", []))
        deltas = []
        from functiegebouw.rdf.load import base_iri

        for path in changed:
            record = str(previous / "records" / _record_name(path))
            before = set(_quads(record, base_iri(path))) if path in old["files"] else set()
            after = set(_quads(path)) if path in now else set()
            if _has_blank(after):
                raise _NeedsFullBuild()
            deltas.append((path, before, after))
        ox.Store.read_only(str(previous)).backup(str(self.tmp))
        store = ox.Store(str(self.tmp))
        # quads as parsed, in the graph the file names: what a full build's bulk load puts in
        for _path, before, after in deltas:
            for quad in before - after:
                key = str(quad)
                n = counts.get(key, 1)
                if n > 2:
                    counts[key] = n - 1
                elif n == 2:
                    del counts[key]
                else:
                    store.remove(quad)
            for quad in after - before:
                if quad in store:  # another file states it already
                    key = str(quad)
                    counts[key] = counts.get(key, 1) + 1
                else:
                    store.add(quad)
        store.flush()
        del store
        records = self.tmp / "records"
        records.mkdir(exist_ok=True)
        for name in os.listdir(previous / "records"):
            os.link(previous / "records" / name, records / name)
        for path in changed:
            target = records / _record_name(path)
            target.unlink(missing_ok=True)
            if path in now:
                shutil.copy2(path, target)
        return self._finish(counts, blank - set(changed))

    def _finish(self, counts: dict[str, int], blank: set[str]) -> Path:
        import json

        (self.tmp / "shared.json").write_text(json.dumps(sorted(counts.items())) + "\n", encoding="utf-8")
        (self.tmp / "lock").touch()
        (self.tmp / "complete").write_text(json.dumps(list(self.scan.files), indent=0) + "\n")
        target = self.cache.next_generation()
        os.rename(self.tmp, target)
        files, folders = _manifest_entries(self.scan, self.digests)
        manifest = {"version": _version(), "generation": target.name, "blank": sorted(blank),
                    "files": files, "folders": folders}
        self.cache.write_manifest(manifest)
        return target

    def discard(self) -> None:
        import shutil

        shutil.rmtree(self.tmp, ignore_errors=True)


class _NeedsFullBuild(Exception):
    pass


# --------------------------------------------------------------------------- the store

class EmbeddedStore(Store):
    backend = "embedded"

    def __init__(self, data: Data = None, *, store_dir: str | os.PathLike[str] | None = None, ontology: bool = True,
                 max_rows: int | None = None, allow_service: bool = False, memory: bool = False) -> None:
        from functiegebouw.rdf.files import reading

        self.max_rows, self.allow_service, self.memory = max_rows, allow_service, memory
        inputs = _inputs(data)
        self.rebuilt = False
        self.updated: list[Path] = []  # files an incremental update took in
        self._mem: ox.Store | None = None
        self._lock: int | None = None
        self._files: list[Path] | None = None
        self._location: str | None = None  # the generation folder (None: in memory), as text
        # the files as one `fgr build` left them, never half of two builds (rdf.files.write_all)
        with reading({p if os.path.isdir(p) else os.path.dirname(p) or "." for p in inputs}):
            if memory:
                self._files = _paths(_scan(inputs, ontology).files)
                self._ox = self._load_in_memory()
                return
            from functiegebouw.rdf.files import _as_path_text, default_cache_path

            root = _as_path_text(os.fspath(store_dir)) if store_dir else default_cache_path()
            # os.path.realpath is what Path.resolve() runs
            key = _sha256("\n".join(os.path.realpath(p) for p in inputs).encode())[:16]
            self._cache = os.path.join(root, f"{'o' if ontology else 'n'}-{key}")
            self._ox = self._open(_Cache(self._cache), inputs, ontology)

    @property
    def cache(self) -> Path:
        """The cache folder of this set of inputs (``.store/o-<key>/``); a store in memory has none."""
        from pathlib import Path

        return Path(self._cache)

    @property
    def location(self) -> Path | None:
        """The generation folder the store reads (None: in memory)."""
        if self._location is None:
            return None
        from pathlib import Path

        return Path(self._location)

    @property
    def files(self) -> list[Path]:
        """The files the store holds, in load order (read from the generation when first asked:
        a currency check that found nothing changed did not walk the folders)."""
        if self._files is None:
            assert self._location is not None  # a store in memory lists its files when it is made
            self._files = _paths(_loads(_read(os.path.join(self._location, "complete"))))
        return self._files

    def after_fork(self) -> None:
        """In a process forked from the one that opened this store: a RocksDB handle of its own on
        the same generation (one handle is not used safely from both sides of a fork). The
        opener's shared lock keeps the generation while the child reads. A store in memory is the
        child's own copy already."""
        if self._location is not None:
            import pyoxigraph as ox

            self._ox = ox.Store.read_only(self._location)

    def _load_in_memory(self) -> ox.Store:
        """A pyoxigraph store in memory, bulk-loaded from the files (no disk cache)."""
        import pyoxigraph as ox

        store = ox.Store()
        for path in self.files:
            _bulk_load(store, str(path))
        return store

    def _open(self, cache: _Cache, inputs: list[str], ontology: bool) -> ox.Store:
        settled_generation = _settled_generation(cache.stats_path)
        if settled_generation is not None:
            opened = self._open_generation(os.path.join(cache.dir, settled_generation))
            if opened is not None:
                return opened
        scan = None  # walked only when the stats of the recorded folders and files differ
        for _attempt in range(5):
            manifest = cache.manifest()
            settled: list[str] | None = None
            if manifest is not None and scan is None:
                settled = _current(manifest)
                if settled:
                    cache.refresh(manifest, None, settled)
                elif settled is not None and _stats_blob(manifest) is not None:
                    cache.refresh(manifest, None, [])  # current, all settled, no stats file: a cache of before it
            if settled is None:
                if scan is None:
                    scan = (_restat(cache, manifest) if manifest is not None else None) or _scan(inputs, ontology)
                    self._files = _paths(scan.files)
                    settled = _unchanged_files(manifest, scan) if manifest is not None else None
                    if settled is not None and manifest is not None:  # a folder changed, its RDF files not: new times
                        cache.refresh(manifest, _manifest_entries(scan, {})[1], settled)
                else:
                    settled = _unchanged_files(manifest, scan) if manifest is not None else None
            if settled is None or manifest is None:  # (settled is None whenever manifest is)
                assert scan is not None  # walked above whenever settled is None
                self._rebuild(cache, scan)
                continue
            opened = self._open_generation(os.path.join(cache.dir, manifest["generation"]))
            if opened is not None:
                return opened
            # removed meanwhile: read the manifest again
        raise FgrError(cache.folder, None, "the store cache kept changing while it was opened; try again")

    def _open_generation(self, location: str) -> ox.Store | None:
        """The generation at ``location`` opened read-only, its lock held shared; None when it was
        removed meanwhile (collected by a builder)."""
        import pyoxigraph as ox

        try:
            lock = _flock(os.path.join(location, "lock"), exclusive=False, create=False)
        except OSError:
            return None
        if not os.path.exists(os.path.join(location, "complete")):
            _unlock(lock)
            return None
        try:
            opened = ox.Store.read_only(location)
        except OSError as exc:
            _unlock(lock)
            raise FgrError(location, None, f"cannot open the store cache ({exc}); delete the folder to "
                                           f"rebuild") from None
        self._lock, self._location, self.fingerprint = lock, location, os.path.basename(location)
        return opened

    def _rebuild(self, cache: _Cache, scan: _Scan) -> None:
        """Bring the cache up to date with the files (under the cache lock: one builder at a time)."""
        try:
            cache.folder.mkdir(parents=True, exist_ok=True)
            lock = _flock(cache.folder / "lock", exclusive=True)
        except OSError as exc:
            raise _disk_error(exc, cache.folder) from None
        builder = None
        try:
            manifest = cache.manifest()
            current = scan.files
            if manifest is not None and _unchanged_files(manifest, scan) is not None:
                return  # another process built it while we waited
            cache.collect(keep=manifest["generation"] if manifest else "")
            # before the files are read: content the store holds is never newer than its digest
            digests = {p: _digest(p) for p, e in current.items() if _racy(e[1:3], scan.started)}
            builder = _Builder(cache, scan, digests)
            previous = cache.folder / manifest["generation"] if manifest else None
            old = manifest["files"] if manifest else {}
            changed = sorted(p for p in set(current) | set(old) if not _same(old.get(p), p, current.get(p)))
            target = None
            if (manifest is not None and previous is not None
                    and (previous / "complete").exists() and (previous / "shared.json").exists()
                    and len(changed) <= max(1, INCREMENTAL_SHARE * len(current))
                    and not set(changed) & set(manifest.get("blank", []))):
                try:
                    target = builder.incremental(previous, manifest, changed)
                    self.updated = _paths(changed)
                except _NeedsFullBuild:
                    builder.discard()
                    builder = _Builder(cache, scan, digests)
            if target is None:
                target = builder.full()
            self.rebuilt = True
            builder = None
            cache.collect(keep=target.name)
        except OSError as exc:
            raise _disk_error(exc, cache.folder) from None
        finally:
            if builder is not None:
                # Close RocksDB before deleting its folder: an open store keeps writing into it.
                import gc

                gc.collect()
                builder.discard()
            _unlock(lock)

    def _run(self, text: str, *, allow_update: bool, where: Where = "query") -> Any:
        target = self._mem or self._ox
        if not self.allow_service:
            text = refuse_service(text, where)  # the text the guard checked is the text that runs
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

    def _update(self, text: str, where: Where) -> None:
        """Apply an update to an in-memory copy: the cache mirrors the files and is never edited."""
        import pyoxigraph as ox

        if self._mem is None:
            self._mem = ox.Store()
            self._mem.bulk_extend(self._ox.quads_for_pattern(None, None, None, None))
        mem = self._mem
        try:
            mem.update(text)
        except (SyntaxError, OSError) as exc:
            raise _syntax_error(exc, where) from None
        return None

    def close(self) -> None:
        self._ox = None  # type: ignore[assignment]  # closed: a query after close() fails, as it should
        self._mem = None
        _unlock(self._lock)
        self._lock = None

    def __del__(self) -> None:
        # at interpreter exit module globals (os, _unlock) may already be gone; the OS closes the
        # descriptor then anyway, and a message on stderr would look like a crash
        try:
            _unlock(getattr(self, "_lock", None))
        except Exception:
            pass

    def __repr__(self) -> str:
        return f"<EmbeddedStore {len(self.files)} files at {self._location or 'memory'}>"


def _answer(answer: Any, max_rows: int | None = None) -> Any:  # see Store.query
    import pyoxigraph as ox

    from functiegebouw.sparql.results import Result

    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    if isinstance(answer, ox.QuerySolutions):
        return Result.from_oxigraph(answer, max_rows=max_rows)
    from functiegebouw.rdf.terms import to_rdflib_graph

    return to_rdflib_graph(answer)


def default_store_dir() -> Path:
    """$FGR_STORE_DIR, else .store/ in the project checkout, else the user cache folder."""
    from functiegebouw.rdf.files import default_cache_dir

    return default_cache_dir()
