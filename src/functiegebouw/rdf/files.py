"""Writing files atomically, so that a crash or a concurrent run never leaves half a file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from functiegebouw.errors import FgrError


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic rename.

    Readers see the old file or the new one, never a mixture: each writer has its own temporary
    file and ``os.replace`` is atomic on POSIX and Windows, so of two concurrent writers the last
    rename wins whole. A crash before the rename leaves the previous file (and at worst a hidden
    ``.name.*.tmp`` beside it). Failures (missing folder, no permission, disk full) raise FgrError.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.is_dir():
        raise FgrError(path, None, "is a folder: expected an output file name")
    folder = path.parent if str(path.parent) else Path(".")
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
