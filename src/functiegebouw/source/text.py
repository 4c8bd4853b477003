"""Reading source text (any of the encodings found on the web) and normalising it."""
from __future__ import annotations

import codecs
import functools
import hashlib
import re
import threading
import unicodedata
from collections.abc import Set
from pathlib import Path

from functiegebouw.errors import FgrError, FgrWarning, Where

#: Default refusal limits for one source file; the CLI can change them (--max-bytes, --max-lines,
#: --max-line-chars). A real FGR profile is ~30 kB and ~400 lines; the limits keep a hostile or
#: mistaken input (a log file, a database dump) to seconds and a few hundred MB of memory.
MAX_BYTES = 20 * 1024 * 1024
MAX_LINES = 200_000
MAX_LINE_CHARS = 100_000

_WS = re.compile(r"\s+")
# What clean() changes besides the ends, with two spaces: the whitespace other than a space (what
# str.isspace and \s take; tests/source/test_clean_fast.py checks the list) and the zero-width space.
# One character class, which the regex engine scans with a table; "[^\S ]|\u200b" tried each
# alternative at each character.
ODD_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000"
_UNCLEAN = re.compile(f"[{ODD_SPACE}]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Characters that only show up in text when a file is not text. Not VT (U+000B): Word writes it for a
# manual line break, so it is a separator below, as form feed is.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class Decoded:
    """The lines of a decoded source, how it was decoded, and what a person should look at."""

    __slots__ = ("lines", "encoding", "warnings")

    def __init__(self, lines: list[str], encoding: str, warnings: list[FgrWarning]) -> None:
        self.lines, self.encoding, self.warnings = lines, encoding, warnings


def read_source(path: str | Path, max_bytes: int = MAX_BYTES, max_lines: int = MAX_LINES,
                max_line_chars: int = MAX_LINE_CHARS) -> tuple[list[str], str]:
    """Return the lines of a source file (1-based index = list index + 1) and its SHA-256."""
    decoded, sha = read_text(path, max_bytes, max_lines, max_line_chars)
    return decoded.lines, sha


def read_text(path: str | Path, max_bytes: int = MAX_BYTES, max_lines: int = MAX_LINES,
              max_line_chars: int = MAX_LINE_CHARS) -> tuple[Decoded, str]:
    """Read and decode a source file: its :class:`Decoded` text and the SHA-256 of its bytes.

    Accepts UTF-8 (with or without BOM) and Windows-1252; CRLF and CR line ends.
    Raises FgrError for empty, binary, oversized or undecodable files.
    """
    path = Path(path)
    check_limits(path, max_bytes, max_lines, max_line_chars)
    data, sha = read_bytes(path, max_bytes)
    return decode_text(data, path, max_lines, max_line_chars), sha


def check_limits(path: Where, max_bytes: int = MAX_BYTES, max_lines: int = MAX_LINES,
                 max_line_chars: int = MAX_LINE_CHARS) -> None:
    """Refuse a limit below 1 (before anything is read)."""
    for name, value in (("--max-bytes", max_bytes), ("--max-lines", max_lines), ("--max-line-chars", max_line_chars)):
        if value < 1:
            raise FgrError(path, None, f"{name} must be a positive number, got {value}")


def looks_like_html(data: bytes, name: str = "") -> bool:
    """An .html/.htm file, or bytes that open with a doctype or an <html> tag (a saved page renamed .txt)."""
    if name.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def read_bytes(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[bytes, str]:
    """The bytes of a source file, refused above ``max_bytes``, and their SHA-256."""
    path = Path(path)
    if max_bytes < 1:
        raise FgrError(path, None, f"--max-bytes must be a positive number, got {max_bytes}")
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
    return data, hashlib.sha256(data).hexdigest()


def decode(data: bytes, path: str | Path | None = None, max_lines: int = MAX_LINES,
           max_line_chars: int = MAX_LINE_CHARS) -> list[str]:
    """Decode bytes into lines, refusing what is not text (the warnings of :func:`decode_text` dropped)."""
    return decode_text(data, path, max_lines, max_line_chars).lines


# Byte spans that were not UTF-8, recorded by the error handler below (one list per thread).
_BAD = threading.local()


def _record_bad(exc: UnicodeError) -> tuple[str, int]:
    assert isinstance(exc, UnicodeDecodeError)  # registered for decoding only
    _BAD.spans.append((exc.start, exc.end))
    return "\ufffd", exc.end


codecs.register_error("functiegebouw.record", _record_bad)


def _line_at(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset, counting LF, CRLF and CR line ends as the splitter does."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1


def _lines_list(lines: list[int]) -> str:
    shown = ", ".join(map(str, lines[:10]))
    return shown + (f" and {len(lines) - 10} more" if len(lines) > 10 else "")


def decode_text(data: bytes, path: str | Path | None = None, max_lines: int = MAX_LINES,
                max_line_chars: int = MAX_LINE_CHARS) -> Decoded:
    """Decode bytes into lines, choosing the encoding on evidence and saying so when it is not clean UTF-8.

    Valid UTF-8 is UTF-8. Text that is UTF-8 except for some bytes (at least as many valid UTF-8
    multi-byte characters as invalid bytes) is UTF-8 with errors: each invalid byte becomes U+FFFD
    and its line is reported. Only text in which the invalid bytes outweigh the valid UTF-8
    characters is read as Windows-1252 (text saved from Word or an old browser), also reported.
    A single stray byte in a UTF-8 file used to turn every other non-ASCII character into
    mojibake ("ProcescoÃ¶rdinatie"), silently.
    """
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
    # a UTF-8 byte order mark says UTF-8 whatever follows: never part of the text (read as Windows-1252
    # it became "ï»¿" in front of the first heading)
    bom = data.startswith(codecs.BOM_UTF8)
    data = data[len(codecs.BOM_UTF8):] if bom else data
    warnings: list[FgrWarning] = []
    _BAD.spans = []
    try:
        text = data.decode("utf-8", "functiegebouw.record")
        bad = _BAD.spans
    finally:
        _BAD.spans = []
    text = text[1:] if text.startswith("\ufeff") else text
    encoding, bad_lines = "utf-8", set()
    if bad:
        # non-ASCII characters that decoded as UTF-8 (each bad span became one U+FFFD)
        valid = len(text) - len(text.encode("ascii", "ignore")) - len(bad)
        try:
            cp1252 = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            cp1252 = None
            if valid == 0:
                line = _line_at(data, exc.start)
                raise FgrError(path, line, "undecodable byte: expected UTF-8 or Windows-1252 text") from None
        if valid >= len(bad) or cp1252 is None:
            encoding = "utf-8 with errors"
            lines_of = sorted({_line_at(data, start) for start, _ in bad[:200]})
            bad_lines = set(lines_of)
            first = bad[0][0]
            warnings.append(FgrWarning(path, lines_of[0],
                f"not valid UTF-8: {len(bad)} invalid byte(s) (the first is 0x{data[first]:02X}) on line(s) "
                f"{_lines_list(lines_of)} kept as U+FFFD; the file is read as UTF-8 because its other {valid:,} "
                "non-ASCII characters are valid UTF-8 (fix the bytes, or save the file as UTF-8)", "encoding"))
        else:
            encoding, text = "windows-1252", cp1252
            first = next(i for i, b in enumerate(data) if b > 0x7F)
            warnings.append(FgrWarning(path, _line_at(data, first),
                f"not UTF-8: read as Windows-1252, because {len(bad):,} of its non-ASCII bytes are not UTF-8 "
                f"and only {valid:,} are (save the file as UTF-8 to silence this)", "encoding"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    # one scan of the whole text for what any line-by-line check below looks for (none contains
    # "\n"); the lines are gone through one by one only when it finds something
    suspicious = _SUSPICIOUS.search(text) is not None
    if not suspicious and max(map(len, lines)) <= max_line_chars:
        return Decoded(lines, encoding, warnings)
    for number, text_line in enumerate(lines, 1):
        if _CONTROL.search(text_line):
            raise FgrError(path, number, "control characters: expected FGR profile text, this looks binary")
        if len(text_line) > max_line_chars:
            raise FgrError(path, number, f"line of {len(text_line):,} characters, more than {max_line_chars:,} "
                           "(raise it with --max-line-chars): expected one statement per line")
    warnings.extend(stray_characters(lines, path, skip=bad_lines))
    return Decoded(lines, encoding, warnings)


# Characters that mean an earlier step mangled the text: kept (they are what the text says), reported.
_STRAY = {"\ufffd": "U+FFFD (replacement character: a character was lost in an earlier bad conversion)",
          "\ufeff": "U+FEFF (byte order mark, left over from joining two texts; ignored in headings)"}
# Line and paragraph separators other than the line end (Unicode's mandatory breaks: VT, FF, NEL, LS,
# PS): inside a statement, whitespace normalisation (clean) reads each as a space. That changes the
# text, which is otherwise kept as written, so every line with one is reported with its place.
_SEPARATORS = {"\x0b": "U+000B (vertical tab: a manual line break from a word processor)",
               "\x0c": "U+000C (form feed: a page break)", "\x85": "U+0085 (next line)",
               "\u2028": "U+2028 (line separator)", "\u2029": "U+2029 (paragraph separator)"}
_SEPARATOR_RE = re.compile("[\x0b\x0c\x85\u2028\u2029]")
_STRAY_RE = re.compile("[\ufffd\ufeff\u0080-\u0084\u0086-\u009f]")  # NEL is a separator
# any of _CONTROL, _SEPARATOR_RE and _STRAY_RE
_SUSPICIOUS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffd]")
MAX_WARNINGS = 50


def stray_characters(lines: list[str], path: Where = None, skip: Set[int] = frozenset()) -> list[FgrWarning]:
    """A warning per line with a replacement character, a byte order mark or a C1 control character,
    and per line with a line or paragraph separator inside its text (at either end it is only space)."""
    out: list[FgrWarning] = []
    hidden = 0
    for number, line in enumerate(lines, 1):
        found = []
        m = _STRAY_RE.search(line)
        if m is not None and number not in skip:
            ch = m.group()
            n = len(_STRAY_RE.findall(line))
            more = f" and {n - 1} more on this line" if n > 1 else ""
            what = _STRAY.get(ch, f"U+{ord(ch):04X} (a C1 control character: Windows-1252 text read as Latin-1)")
            found.append(f"stray character {what} at column {m.start() + 1}{more}; kept as written")
        inner = line.strip()
        sep = _SEPARATOR_RE.search(inner)
        if sep is not None:
            n = len(_SEPARATOR_RE.findall(inner))
            more = f" and {n - 1} more on this line" if n > 1 else ""
            column = len(line) - len(line.lstrip()) + sep.start() + 1
            found.append(f"{_SEPARATORS[sep.group()]} inside the text at column {column}{more}: read as a space, the "
                         "statement goes on (replace it with a space, or break the line, to silence this)")
        for message in found:
            if len(out) >= MAX_WARNINGS:
                hidden += 1
                continue
            out.append(FgrWarning(path, number, message))
    if hidden:
        out.append(FgrWarning(path, None, f"{hidden} more line(s) with stray characters not listed"))
    return out


def clean(line: str) -> str:
    """Normalise whitespace: non-breaking and other spaces to one space, trimmed."""
    if "  " not in line and _UNCLEAN.search(line) is None:
        # most lines need trimming only (clean runs ~4 times a line in a build): one scan, no copies
        return line.strip()
    return _WS.sub(" ", line.replace("\u00a0", " ").replace("\u200b", "")).strip()


def slug(text: str, max_len: int = 48) -> str:
    """Readable ASCII slug, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(s) > max_len:
        s = s[:max_len].rsplit("-", 1)[0] or s[:max_len]
    return s or "x"


# Remembered: a schaal repeats most statements of the schaal below, and `fgr build` keys ~130
# statements per profile (a tenth of a conversion's time before this cache).
@functools.lru_cache(maxsize=1 << 16)
def text_key(text: str) -> str:
    """Slug plus a short content hash: a stable, readable IRI segment for a statement."""
    digest = hashlib.sha1(clean(text).encode("utf-8")).hexdigest()[:6]
    return f"{slug(text)}-{digest}"
