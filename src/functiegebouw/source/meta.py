"""The small metadata file beside each source text: what the text itself does not say."""
from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from functiegebouw.errors import FgrError
from functiegebouw.source.model import Meta

_KEYS = {"functiegroep_id": int, "label": str, "functiefamilie": str, "source_url": str, "retrieved": str}


def meta_path(source: str | Path) -> Path:
    """``foo.txt`` -> ``foo.toml`` in the same folder."""
    return Path(source).with_suffix(".toml")


def load_meta(path: str | Path) -> Meta:
    """Read a metadata TOML file; unknown keys and wrong types are errors, not silently ignored."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        import re

        m = re.search(r"at line (\d+)", str(exc))
        line = getattr(exc, "lineno", None) or (int(m.group(1)) if m else None)
        msg = str(exc).split(" (at line")[0]
        raise FgrError(path, line, f"not valid TOML: {msg}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FgrError(path, None, f"cannot read metadata file: {exc}") from None
    meta = Meta()
    for key, value in data.items():
        if key not in _KEYS:
            raise FgrError(path, None, f"unknown key '{key}': expected one of {', '.join(sorted(_KEYS))}")
        if isinstance(value, dt.date) and key == "retrieved":
            value = value.isoformat()
        if not isinstance(value, _KEYS[key]) or isinstance(value, bool):
            raise FgrError(path, None, f"'{key}' must be a {_KEYS[key].__name__}, got {value!r}")
        setattr(meta, key, value)
    if meta.retrieved:
        try:
            dt.date.fromisoformat(meta.retrieved)
        except ValueError:
            raise FgrError(path, None, f"'retrieved' must be a date (YYYY-MM-DD), got {meta.retrieved!r}") from None
    if meta.functiegroep_id is not None and meta.functiegroep_id <= 0:
        raise FgrError(path, None, "'functiegroep_id' must be a positive number")
    return meta


def source_meta(source: str | Path) -> Meta:
    """The metadata of a source text, or empty metadata when it has no file beside it."""
    path = meta_path(source)
    return load_meta(path) if path.exists() else Meta()


def key_line(path: str | Path, key: str) -> int | None:
    """The line of ``key = …`` in a metadata file, for messages (tomllib does not say where a key is)."""
    import re

    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), None)
