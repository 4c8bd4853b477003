"""Writing files atomically, so that a crash or a concurrent run never leaves half a file."""
from __future__ import annotations

import os

from functiegebouw.errors import FgrError

# pathlib only for annotations and where files are written: `fgr query` (which only reads, through
# `reading` and default_cache_path) does without its ~5 ms of imports (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic rename.

    Readers see the old file or the new one, never a mixture: each writer has its own temporary
    file and ``os.replace`` is atomic on POSIX and Windows, so of two concurrent writers the last
    rename wins whole. A crash before the rename leaves the previous file (and at worst a hidden
    ``.name.*.tmp`` beside it). Failures (missing folder, no permission, disk full) raise FgrError.
    """
    from pathlib import Path

    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.is_dir():
        raise FgrError(path, None, "is a folder: expected an output file name")
    folder = path.parent if str(path.parent) else Path(".")
    import tempfile  # here, not at the top: every `fgr query` imports this module, few write

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FgrError(path, None, f"cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise FgrError(path, None, f"cannot write: {exc.strerror or exc}") from None
        raise


def refuse_overwriting_inputs(output: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]]) -> None:
    """FgrError when ``output`` is one of ``inputs`` under any name: the same spelling or another
    one, a symlink or a hard link (the same file on disk), so that writing it cannot destroy what
    the output is made from."""
    for source in inputs:
        if source is None:
            continue
        try:
            same = os.path.samefile(output, source)
        except OSError:  # either does not exist (yet): then they are not one file
            same = False
        if same:
            raise FgrError(output, None, f"is the input {source}: choose another output file (nothing was written)")


def default_cache_dir() -> Path:
    """Where the caches live (the store, validation findings): $FGR_STORE_DIR, else .store/ in the
    project checkout, else the user cache folder."""
    from pathlib import Path

    return Path(default_cache_path())


def default_cache_path() -> str:
    """:func:`default_cache_dir` as text (``str(default_cache_dir())``), without pathlib."""
    if os.environ.get("FGR_STORE_DIR"):
        return _as_path_text(os.environ["FGR_STORE_DIR"])
    from functiegebouw.resources import _ROOT, in_checkout

    if in_checkout() and os.access(_ROOT, os.W_OK):
        return os.path.join(_ROOT, ".store")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(_as_path_text(base), "functiegebouw", "store")


def _as_path_text(name: str) -> str:
    """``str(Path(name))`` for the usual spellings (no ``//``, no ``.`` segment, no trailing ``/``),
    by pathlib itself for the others: the same text either way."""
    if name and "//" not in name and "/./" not in name and not name.startswith("./") \
            and not name.endswith(("/", "/.")) and name != ".":
        return name
    from pathlib import Path

    return str(Path(name))


# --------------------------------------------------------------------------- several files at once

JOURNAL = ".fgr-build.journal"
LOCK = ".fgr-build.lock"
# the temporary files a build's workers are writing (see Staging); same format as the journal
PENDING = ".fgr-build.pending"
TEMP_SUFFIX = ".fgr-build-tmp"


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _syncfs(folder: Path) -> bool:
    """Flush the whole file system of ``folder`` in one call (Linux syncfs): one flush for a
    build's hundreds of files instead of one fsync each. False where there is no syncfs."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        syncfs = libc.syncfs
    except (OSError, AttributeError):
        return False
    fd = os.open(folder, os.O_RDONLY)
    try:
        return bool(syncfs(fd) == 0)
    finally:
        os.close(fd)


def _lock(folder: str | os.PathLike[str], exclusive: bool) -> int:
    import fcntl

    # O_NOFOLLOW: a planted lock symlink would otherwise create or open a file outside the folder
    fd = os.open(os.path.join(folder, LOCK), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
    return fd


# A build's journal lists a few hundred bytes per output; far past that it is not ours.
MAX_JOURNAL_BYTES = 16 * 1024 * 1024
# compiled by re (and cached) on first use: a query never renames a temporary file
_TEMP_NAME = r"\.(?P<final>.+)\.[0-9a-f]{8}\.fgr\-build\-tmp"  # TEMP_SUFFIX, escaped: re is not imported here


def plain_name(name: object) -> bool:
    """True for a file name ``write_all`` may write: one path segment inside the folder (no
    separator, not ``.``/``..``, no control character), not the journal, the lock or a temporary name."""
    return (isinstance(name, str) and name not in ("", ".", "..", JOURNAL, LOCK, PENDING) and "/" not in name
            and "\\" not in name and not any(ord(c) < 32 or ord(c) == 127 for c in name)
            and not name.endswith(TEMP_SUFFIX) and len(name.encode("utf-8", "surrogateescape")) <= 255)


def _regular(path: Path, missing_ok: bool) -> bool:
    """``path`` itself (not a symlink's target) is a regular file, or absent when ``missing_ok``."""
    import stat

    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return missing_ok
    except OSError:
        return False


def _journal_pairs(folder: Path, name: str = JOURNAL) -> list[tuple[str, str]]:
    """The renames of ``folder``'s journal (or of the list of a build in progress, ``PENDING``),
    checked before any is carried out: only the pairs a build writes (``.<name>.<8 hex>.fgr-build-tmp``
    → ``<name>``, plain names, regular files, no symlinks). A data folder is input (a pull request,
    a download): a planted journal must not move files anywhere, so anything else is refused with
    one line and nothing is touched."""
    import json

    journal = folder / name

    def refuse(why: str) -> FgrError:
        return FgrError(journal, None, f"{why}; expected the journal of an fgr build, a JSON list of "
                                       f"[\".<name>.<8 hex digits>{TEMP_SUFFIX}\", \"<name>\"] pairs of plain "
                                       f"file names in this folder (nothing was changed; delete the "
                                       f"journal if it is not yours)")

    if not _regular(journal, missing_ok=False):
        raise refuse("not a regular file (a symlink or a folder)")
    try:
        size = os.lstat(journal).st_size
        if size > MAX_JOURNAL_BYTES:
            raise refuse(f"{size:,} bytes, more than a build writes ({MAX_JOURNAL_BYTES:,})")
        with open(journal, "rb") as fh:
            raw = fh.read(MAX_JOURNAL_BYTES + 1)
    except OSError as exc:
        raise refuse(f"cannot be read: {exc.strerror or exc}") from None
    try:
        pairs = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise refuse("not JSON") from None
    if not isinstance(pairs, list):
        raise refuse(f"a JSON {type(pairs).__name__}, not a list")
    import re  # here: only a build's journal needs it, not every `fgr query`

    out: list[tuple[str, str]] = []
    for number, pair in enumerate(pairs, 1):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(x, str) for x in pair)):
            raise refuse(f"entry {number} is not a [temporary, final] pair of names")
        temp, final = pair
        shown = json.dumps(pair, ensure_ascii=True)[:120]
        m = re.fullmatch(_TEMP_NAME, temp)
        if not plain_name(final) or m is None or m.group("final") != final:
            raise refuse(f"entry {number} {shown} is not a rename of the build's own temporary file "
                         f"to a plain file name in this folder")
        if not _regular(folder / temp, missing_ok=True) or not _regular(folder / final, missing_ok=True):
            raise refuse(f"entry {number} {shown} names a symlink or a folder, not a regular file")
        out.append((temp, final))
    return out


def _recover(folder: Path, ours: set[str] | None = None) -> None:
    """Finish the renames of a build that was killed half-way (under the exclusive lock); a build
    killed before its journal was written only left temporary files, which go, except those of a
    build whose workers are still writing them (:class:`Staging`; ``ours``: the caller is that
    build, and its list need not be read back). A journal that is not a build's raises FgrError
    before anything is renamed or removed."""
    if os.path.lexists(folder / JOURNAL):
        _carry_out(folder, [(temp, final) for temp, final in _journal_pairs(folder)
                            if os.path.exists(folder / temp)])
    import re

    spared = _pending_temps(folder) if ours is None else ours
    for name in os.listdir(folder):
        if name in spared:
            continue
        if re.fullmatch(_TEMP_NAME, name) and _regular(folder / name, missing_ok=False):
            try:
                os.unlink(folder / name)
            except OSError:
                pass


def _carry_out(folder: Path, pairs: list[tuple[str, str]]) -> None:
    """Carry out a journal of ``folder``: ``os.replace`` every (temporary, final) pair, one after
    another, make the renames durable, and remove the journal. (Threads were tried for the renames:
    replacing an existing file waits for ext4 to free the old one, 0.4-2.6 ms each on the
    development VM, and threads overlapped those waits when its disk was busy, but cost three to
    five times the CPU and were slower when it was not: docs/explanation/performance.md.)"""
    for temp, final in pairs:
        os.replace(folder / temp, folder / final)
    _fsync_dir(folder)
    (folder / JOURNAL).unlink(missing_ok=True)


def _pending_temps(folder: Path) -> set[str]:
    """The temporary files that a running build's workers are writing (under the exclusive lock):
    those of its ``PENDING`` list while that build holds the list's lock. A list nobody holds is
    the leftover of a killed build: it goes, and its temporary files with the other leftovers."""
    import fcntl

    pending = folder / PENDING
    if not os.path.lexists(pending):
        return set()
    pairs = _journal_pairs(folder, PENDING)  # a planted list is refused like a planted journal
    try:
        fd = os.open(pending, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return set()
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return {temp for temp, _final in pairs}  # its build is alive
        pending.unlink(missing_ok=True)
        return set()
    finally:
        os.close(fd)


def _open_lock(folder: Path) -> int:
    try:
        return _lock(folder, exclusive=True)
    except OSError as exc:
        raise FgrError(folder, None, f"cannot write here: {exc.strerror or exc}") from None


class Staging:
    """The outputs of a build written by several processes, then replaced all together or not at all.

    ``with Staging(folder, finals) as stage:`` names one temporary file per entry of ``finals`` (an
    output name; two entries may name the same output), ``stage.temps[i]``, and lists them in
    ``folder/PENDING`` under the build's lock: while this build holds that list, the recovery of
    other processes (:func:`_recover`) leaves its files alone, and nobody needs the build lock while
    the workers write (readers are not held up by a long build). ``commit`` then renames a chosen
    temporary file per output (plus ``extra`` outputs written by the parent) exactly as
    :func:`write_all` does: journal first, so a killed build leaves the old files or the new ones.
    Leaving the ``with`` block without a commit removes every temporary file; a killed build's are
    removed by the next build or reader. A second build of the same folder waits for the first.
    """

    def __init__(self, folder: str | os.PathLike[str], finals: list[str]) -> None:
        from pathlib import Path

        self.folder = Path(folder)
        self.finals = list(finals)
        self.temps: list[str] = []
        self._held: int | None = None
        self._extra: list[str] = []

    def path(self, index: int) -> Path:
        return self.folder / self.temps[index]

    def __enter__(self) -> Staging:
        import fcntl
        import json
        import uuid

        for name in self.finals:
            if not plain_name(name):  # the reader accepts only such names in a journal
                raise FgrError(self.folder / str(name), None, "not a plain file name: expected one name in "
                                                              "this folder (no output was changed)")
        while True:
            lock = _open_lock(self.folder)
            try:
                _recover(self.folder)
                if not os.path.lexists(self.folder / PENDING):
                    # a tag per entry: two texts can have one output name (a.txt and a.html)
                    base = int(uuid.uuid4().hex[:8], 16)
                    self.temps = [f".{name}.{(base + i) % 2 ** 32:08x}{TEMP_SUFFIX}"
                                  for i, name in enumerate(self.finals)]
                    write_atomic(self.folder / PENDING, json.dumps([list(p) for p in zip(self.temps, self.finals,
                                                                                         strict=True)]))
                    fd = os.open(self.folder / PENDING, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
                    fcntl.flock(fd, fcntl.LOCK_EX)  # held by the workers too (forked): alive while any writes
                    self._held = fd
                    return self
                waiting = os.open(self.folder / PENDING, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
            finally:
                os.close(lock)
            try:  # another build is writing this folder: wait for it, outside the build lock
                fcntl.flock(waiting, fcntl.LOCK_SH)
            finally:
                os.close(waiting)

    def commit(self, chosen: dict[str, int], extra: dict[str, bytes]) -> None:
        """Replace the output ``name`` by temporary file ``chosen[name]`` (an index into ``temps``)
        and by ``extra[name]`` for the outputs written here, all together; the other temporary
        files go."""
        import json
        import uuid

        lock = _open_lock(self.folder)
        try:
            _recover(self.folder, set(self.temps))  # a journal of a killed build first (ours are spared)
            tag = uuid.uuid4().hex[:8]
            pairs = [(self.temps[i], name) for name, i in chosen.items()]
            for name, data in extra.items():
                if not plain_name(name):
                    raise FgrError(self.folder / str(name), None, "not a plain file name: expected one name in "
                                                                  "this folder (no output was changed)")
                temp = f".{name}.{tag}{TEMP_SUFFIX}"
                self._extra.append(temp)
                try:
                    with open(self.folder / temp, "wb") as fh:
                        fh.write(data)
                    os.chmod(self.folder / temp, 0o644)
                except OSError as exc:
                    raise FgrError(self.folder / name, None, f"cannot write: {exc.strerror or exc} (no output "
                                                             f"was changed)") from None
                pairs.append((temp, name))
            for _temp, name in pairs:  # what a reader checks of a journal, checked before it is promised
                if not _regular(self.folder / name, missing_ok=True):
                    raise FgrError(self.folder / name, None, "is a symlink or a folder: expected a file that a "
                                                             "build may replace (no output was changed)")
            used = {temp for temp, _name in pairs}
            for temp in self.temps:
                if temp not in used:
                    _unlink(self.folder / temp)
            # on disk before the journal promises the renames: one syncfs, or an fsync per file
            if not _syncfs(self.folder):
                for temp in used:
                    fd = os.open(self.folder / temp, os.O_RDONLY)
                    try:
                        os.fsync(fd)
                    finally:
                        os.close(fd)
            _fsync_dir(self.folder)
            write_atomic(self.folder / JOURNAL, json.dumps(pairs))
            self.temps, self._extra = [], []  # promised: a crash is finished by the next reader
            # this build's own journal, just written: carried out without reading it back and checking
            # it again as a stranger's (that was 36,600 lstat calls at 6,100 outputs)
            _carry_out(self.folder, pairs)
            self._release()
        finally:
            os.close(lock)

    def _release(self) -> None:
        if self._held is not None:
            _unlink(self.folder / PENDING)
            os.close(self._held)
            self._held = None

    def __exit__(self, *exc: object) -> None:
        for temp in [*self.temps, *self._extra]:
            _unlink(self.folder / temp)
        self.temps, self._extra = [], []
        self._release()


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_all(folder: str | os.PathLike[str], outputs: dict[str, bytes]) -> None:
    """Replace the files ``outputs`` ({name: bytes}) in ``folder`` all together, or none of them.

    Every file is written to a temporary file first; only when all are on disk does a journal
    (written atomically) list the renames, which then happen under an exclusive lock. A reader
    that uses :func:`reading` waits for them, and finishes them itself if the build was killed
    in between, so it never sees files of two builds. A failure before the journal (disk full,
    Ctrl-C) removes the temporary files and changes nothing.
    """
    import json
    import uuid

    from pathlib import Path

    folder = Path(folder)
    try:
        lock = _lock(folder, exclusive=True)
    except OSError as exc:
        raise FgrError(folder, None, f"cannot write here: {exc.strerror or exc}") from None
    temps: dict[str, str] = {}
    try:
        _recover(folder)
        tag = uuid.uuid4().hex[:8]
        for name, data in outputs.items():
            if not plain_name(name):  # the reader accepts only such names in a journal
                raise FgrError(folder / str(name), None, "not a plain file name: expected one name in this "
                                                         "folder (no output was changed)")
            temp = f".{name}.{tag}{TEMP_SUFFIX}"
            temps[name] = temp
            try:
                with open(folder / temp, "wb") as fh:
                    fh.write(data)
                os.chmod(folder / temp, 0o644)
            except OSError as exc:
                raise FgrError(folder / name, None, f"cannot write: {exc.strerror or exc} (no output was "
                                                    f"changed)") from None
        # on disk before the journal promises the renames: one syncfs, or an fsync per file
        if not _syncfs(folder):
            for temp in temps.values():
                fd = os.open(folder / temp, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        _fsync_dir(folder)
        write_atomic(folder / JOURNAL, json.dumps([[temps[n], n] for n in outputs]))
        temps = {}  # from here the renames are promised: a crash is finished by the next reader
        _recover(folder)
    except BaseException:
        for temp in temps.values():
            try:
                os.unlink(folder / temp)
            except OSError:
                pass
        raise
    finally:
        os.close(lock)


class reading:
    """``with reading(folders):`` the files of a build folder are read as one build left them:
    a build's renames are waited for (and a killed build's finished) before reading starts,
    and none start while reading. Folders no build has written to cost one ``stat``."""

    def __init__(self, folders: Iterable[str | os.PathLike[str]]) -> None:
        self.folders = [os.fspath(f) for f in folders]  # text: `fgr query` reads without pathlib
        self.locks: list[int] = []

    def __enter__(self) -> reading:
        import fcntl

        for folder in self.folders:
            if not os.path.exists(os.path.join(folder, LOCK)):
                continue
            try:
                fd = _lock(folder, exclusive=False)
            except OSError:
                continue  # a folder we may not write: its builds are not ours to finish
            self.locks.append(fd)
            if os.path.lexists(os.path.join(folder, JOURNAL)):
                from pathlib import Path

                fcntl.flock(fd, fcntl.LOCK_EX)
                try:
                    _recover(Path(folder))
                except BaseException:
                    self.__exit__()  # __exit__ does not run when __enter__ raises
                    raise
                fcntl.flock(fd, fcntl.LOCK_SH)
        return self

    def __exit__(self, *exc: object) -> None:
        for fd in self.locks:
            os.close(fd)
        self.locks = []
