"""Text on its way to a terminal: control characters escaped, so that data cannot drive it.

A label such as ``"\\u001b]0;owned\\u0007"`` in someone's Turtle would otherwise retitle the window,
clear the screen or hide text when `fgr query` prints it. C0 and C1 control characters (but
newline and tab), DEL and the bidirectional overrides ("trojan source") become visible escapes.
"""
from __future__ import annotations

# typing and re only for annotations: re (with enum) is imported when a text is escaped, not by every
# `fgr query` (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    import re
    from typing import Any, TextIO

# compiled by re (and cached) on first use, as the other patterns of the query path: a text with
# nothing to escape never imports re
_UNSAFE = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every character a terminal would obey rather than show written as an escape."""
    if text.isprintable():  # every character _UNSAFE names is a control (Cc) or format (Cf) one: not printable
        return text  # the usual cell, without re (with enum): a fifth of an `fgr query` process (issue 28)
    import re

    return re.sub(_UNSAFE, _escape, text)


def control_character(text: str) -> str | None:
    """The first control character (C0, DEL, C1) in ``text``, as U+XXXX, or None."""
    found = next((ch for ch in text if ch <= "\x1f" or "\x7f" <= ch <= "\x9f"), None)
    return f"U+{ord(found):04X}" if found is not None else None


class TerminalWriter:
    """A text stream wrapper that escapes control characters in everything written to it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(printable(text))

    def flush(self) -> None:
        self.stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def for_terminal(stream: TextIO) -> TextIO:
    """``stream`` itself, or wrapped in a :class:`TerminalWriter` when it is a terminal."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return TerminalWriter(stream) if tty else stream  # type: ignore[return-value]  # a TextIO by delegation
