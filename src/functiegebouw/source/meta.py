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


def _text_line(text: str, key: str) -> int | None:
    """The line of ``key = …`` in a flat TOML text (tomllib does not keep positions)."""
    import re

    pattern = re.compile(rf"""\s*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


def load_meta(path: str | Path) -> Meta:
    """Read a metadata TOML file; unknown keys, wrong types and control characters are errors
    naming the line, not silently ignored."""
    from functiegebouw.terminal import control_character

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
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
        line = _text_line(text, key)
        if key not in _KEYS:
            raise FgrError(path, line, f"unknown key '{key[:40]}': expected one of {', '.join(sorted(_KEYS))}")
        if isinstance(value, dt.date) and key == "retrieved":
            value = value.isoformat()
        if not isinstance(value, _KEYS[key]) or isinstance(value, bool):
            raise FgrError(path, line, f"'{key}' must be a {_KEYS[key].__name__}, got {str(value)[:60]!r}")
        if isinstance(value, str) and control_character(value):
            raise FgrError(path, line, f"'{key}' holds the control character {control_character(value)}: "
                                       f"expected plain text on one line")
        setattr(meta, key, value)
    if meta.retrieved:
        try:
            dt.date.fromisoformat(meta.retrieved)
        except ValueError:
            raise FgrError(path, _text_line(text, "retrieved"),
                           f"'retrieved' must be a date (YYYY-MM-DD), got {meta.retrieved[:40]!r}") from None
    if meta.functiegroep_id is not None and meta.functiegroep_id <= 0:
        raise FgrError(path, _text_line(text, "functiegroep_id"), "'functiegroep_id' must be a positive number")
    meta.lines = {key: _text_line(text, key) for key in data}
    return meta


def source_meta(source: str | Path) -> Meta:
    """The metadata of a source text, or empty metadata when it has no file beside it."""
    path = meta_path(source)
    return load_meta(path) if path.exists() else Meta()

