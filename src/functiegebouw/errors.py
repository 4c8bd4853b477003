"""Errors that the CLI turns into a one-line message and exit status 2."""
from __future__ import annotations

import os


# where a finding is: a file (its name or Path; an address), or None for input that is no file
Where = str | os.PathLike[str] | None


class FgrError(Exception):
    """Unusable input: names the file, the line (when known) and what was expected."""

    def __init__(self, path: object, line: int | None, message: str) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(str(self))

    # pickled intact from a worker process of `fgr build`
    def __reduce__(self) -> tuple[type[FgrError], tuple[object, ...]]:
        return (type(self), (self.path, self.line, self.message))

    def __str__(self) -> str:
        if self.path is None and self.line is None:
            return self.message
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class FgrWarning:
    """Usable input with something a person should look at: printed as one line, never fatal."""

    def __init__(self, path: object, line: int | None, message: str, kind: str = "text") -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        self.kind = kind  # "text" (the source text), "encoding", "no-name" (the functiegroep has no name)

    def __str__(self) -> str:
        return FgrError.__str__(self)  # type: ignore[arg-type]  # the same "file:line: message" form (same attributes)

    def __repr__(self) -> str:
        return f"FgrWarning({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FgrWarning) and (self.path, self.line, self.message) == (
            other.path, other.line, other.message)

    def __hash__(self) -> int:
        return hash((self.path, self.line, self.message))
