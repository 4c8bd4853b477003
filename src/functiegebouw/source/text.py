"""Reading source text (any of the encodings found on the web) and normalising it."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from functiegebouw.errors import FgrError

#: Default refusal limits for one source file; the CLI can change them (--max-bytes, --max-lines,
#: --max-line-chars). A real FGR profile is ~30 kB and ~400 lines; the limits keep a hostile or
#: mistaken input (a log file, a database dump) to seconds and a few hundred MB of memory.
MAX_BYTES = 20 * 1024 * 1024
MAX_LINES = 200_000
MAX_LINE_CHARS = 100_000

_WS = re.compile(r"\s+")
# Characters that only show up in text when a file is not text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def read_source(path: str | Path, max_bytes: int = MAX_BYTES, max_lines: int = MAX_LINES,
                max_line_chars: int = MAX_LINE_CHARS) -> tuple[list[str], str]:
    """Return the lines of a source file (1-based index = list index + 1) and its SHA-256.

    Accepts UTF-8 (with or without BOM) and Windows-1252; CRLF and CR line ends.
    Raises FgrError for empty, binary, oversized or undecodable files.
    """
    path = Path(path)
    for name, value in (("--max-bytes", max_bytes), ("--max-lines", max_lines), ("--max-line-chars", max_line_chars)):
        if value < 1:
            raise FgrError(path, None, f"{name} must be a positive number, got {value}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FgrError(path, None, f"file is {size:,} bytes, more than the limit of {max_bytes:,} bytes "
                           "(raise it with --max-bytes)")
        with open(path, "rb") as fh:  # a pipe or a growing file can exceed what stat() said
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise FgrError(path, None, f"file is more than the limit of {max_bytes:,} bytes (raise it with --max-bytes)")
    except FgrError:
        raise
    except IsADirectoryError:
        raise FgrError(path, None, "is a folder, expected a text file") from None
    except OSError as exc:
        raise FgrError(path, None, f"cannot read file: {exc.strerror or exc}") from None
    return decode(data, path, max_lines, max_line_chars), hashlib.sha256(data).hexdigest()


def decode(data: bytes, path: str | Path | None = None, max_lines: int = MAX_LINES,
           max_line_chars: int = MAX_LINE_CHARS) -> list[str]:
    """Decode bytes into lines, refusing what is not text."""
    if not data.strip():
        raise FgrError(path, None, "file is empty: expected an FGR profile starting with 'Resultaten'")
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FgrError(path, line, "binary data (NUL byte): expected FGR profile text")
    # counted on the bytes, before the text is decoded and split (which costs ~8 times the input in memory)
    count = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1
    if count > max_lines:
        raise FgrError(path, max_lines + 1, f"file has {count:,} lines, more than the limit of {max_lines:,} "
                       "(raise it with --max-lines): expected one FGR profile")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Text saved from Word or an old browser on Windows.
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise FgrError(path, line, "undecodable byte: expected UTF-8 or Windows-1252 text") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if _CONTROL.search(line):
            raise FgrError(path, number, "control characters: expected FGR profile text, this looks binary")
        if len(line) > max_line_chars:
            raise FgrError(path, number, f"line of {len(line):,} characters, more than {max_line_chars:,} "
                           "(raise it with --max-line-chars): expected one statement per line")
    return lines


def clean(line: str) -> str:
    """Normalise whitespace: non-breaking and other spaces to one space, trimmed."""
    return _WS.sub(" ", line.replace("\u00a0", " ").replace("\u200b", "")).strip()


def slug(text: str, max_len: int = 48) -> str:
    """Readable ASCII slug, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(s) > max_len:
        s = s[:max_len].rsplit("-", 1)[0] or s[:max_len]
    return s or "x"


def text_key(text: str) -> str:
    """Slug plus a short content hash: a stable, readable IRI segment for a statement."""
    digest = hashlib.sha1(clean(text).encode("utf-8")).hexdigest()[:6]
    return f"{slug(text)}-{digest}"
