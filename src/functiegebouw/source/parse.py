"""Parse FGR profile text (as published on functiegebouwrijksoverheid.nl) into the data model.

The text is first cut into tokens (headings, FUWASYS codes, "Schaal N" lines, bullets, plain
lines); a small recursive-descent parser then walks the fixed order of an FGR page:
Resultaten, Gedragsindicatoren, Competenties, Kwaliteitenprofielen, Functietyperingen.
Headings are recognised through their known spelling variants and, for typos such as
"Funtietypering", by close similarity; a heading that is valid only elsewhere stops the parse
with a message naming the line and what was expected there.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from functiegebouw.errors import FgrError
from functiegebouw.source.model import (AREA_TITLES, AREAS, BLOCK_TITLES, BLOCKS, MAX_CODE_DIGITS, QP_SECTIONS, QP_TITLES,
                    Item, Meta, Profile, QualityProfile, Typification)
from functiegebouw.source.text import clean, read_source

# Normalised heading text -> heading key. Keys with a prefix belong to one context.
_HEADINGS = {
    "resultaten": "resultaten",
    "gedragsindicatoren": "gedragsindicatoren",
    "competenties": "competenties",
    "kwaliteitenprofielen": "kwaliteitenprofielen",
    "kwaliteitenprofiel": "kwaliteitenprofiel",
    "functietyperingen": "functietyperingen",
    "functietypering": "functietypering",
    "opdracht(gever)(ambtelijk)": "area:opdracht",
    "omgeving": "area:omgeving",
    "bedrijfsvoering": "area:bedrijfsvoering",
    "vernieuwen en verbeteren": "area:vernieuwen-en-verbeteren",
    "ervaring": "qp:ervaring",
    "werkervaring": "qp:ervaring",
    "opleiding": "opleiding",
    "werk- en denkniveau": "qp:werk-en-denkniveau",
    "werk en denkniveau": "qp:werk-en-denkniveau",
    "opleidingsrichting en/of vakkennis": "qp:opleidingsrichting",
    "opleiding departementsspecifiek": "qp:opleiding-departementsspecifiek",
    "competenties departementsspecifiek": "qp:competenties-departementsspecifiek",
    "algemene omschrijving": "block:algemene-omschrijving",
    "speelruimte/kaders": "block:speelruimte-kaders",
    "kennis en vaardigheden": "block:kennis-en-vaardigheden",
    "kennis en vaardigheid": "block:kennis-en-vaardigheden",
    "contacten": "block:contacten",
}
# Headings that may also be ordinary text (a typering sub-heading can be called "Bedrijfsvoering").
_WEAK = {"area:opdracht", "area:omgeving", "area:bedrijfsvoering", "area:vernieuwen-en-verbeteren", "opleiding"}
_BUTTONS = {"kwaliteitenprofielen vergelijken", "functietyperingen vergelijken"}
_FUZZY_CUTOFF = 0.88
_FUZZY_MAX_LEN = 45

_BULLET = re.compile(r"^[\u2022\u00b7\u25aa\u25cf\u25e6\uf0b7\u2013*-]\s*")
_SCHAAL = re.compile(r"^(?:kwaliteitenprofiel\s+)?schaal\s*(\d{1,3})$", re.IGNORECASE)
_CODE = re.compile(r"^([\d ]+?)\s*(?:\(\s*(\d+)\s*\))?$")

AREA_KEYS = {f"area:{a}" for a in AREAS}
QP_KEYS = {f"qp:{s}" for s in QP_SECTIONS}
BLOCK_KEYS = {f"block:{b}" for b in BLOCKS}


def heading_key(line: str) -> str | None:
    """The heading a line stands for, after normalising spacing, '&' and known typos."""
    text = clean(line)
    if not text or len(text) > 60:
        return None
    norm = text.lower().replace("&", " en ")
    norm = re.sub(r"\s+", " ", norm)
    norm = re.sub(r"\s*([/()])\s*", r"\1", norm).strip().rstrip(":").strip()
    if norm in _HEADINGS:
        return _HEADINGS[norm]
    if norm in _BUTTONS:
        return "button"
    if len(norm) <= _FUZZY_MAX_LEN:
        close = _close_heading(norm)
        if close:
            return "button" if close in _BUTTONS else _HEADINGS[close]
    return None


# Per known heading: its length, a table that deletes its characters, and its character counts.
_CANDIDATES = [(len(h), {ord(c): None for c in set(h)}, tuple(Counter(h).items()), h)
               for h in list(_HEADINGS) + list(_BUTTONS)]


@lru_cache(maxsize=4096)
def _close_heading(norm: str) -> str | None:
    """The known heading ``norm`` is a typo of, exactly as ``difflib.get_close_matches`` decides.

    difflib costs ~30 µs a line against every heading, which made a file of 100,000 short plain
    lines take seconds. The three filters are upper bounds of difflib's own ratio (length, shared
    character set, shared character counts), so they drop only headings difflib would reject; the
    cache makes repeated lines (100,000 copies of one heading) cost one lookup each.
    """
    size, counts, keep = len(norm), None, []
    for length, table, chars, heading in _CANDIDATES:
        need = _FUZZY_CUTOFF * (length + size)
        if 2 * min(length, size) < need or 2 * (size - len(norm.translate(table))) < need:
            continue
        counts = counts or Counter(norm)
        if 2 * sum(min(counts.get(ch, 0), n) for ch, n in chars) >= need:
            keep.append(heading)
    close = difflib.get_close_matches(norm, keep, n=1, cutoff=_FUZZY_CUTOFF) if keep else []
    return close[0] if close else None


@dataclass(slots=True)
class Token:
    kind: str  # head, code, schaal, bullet, text
    line: int
    text: str  # cleaned text (bullet stripped)
    raw: str = ""  # the line as written, only trimmed
    key: str | None = None
    number: int | None = None


def tokenize(lines: list[str]) -> list[Token]:
    return list(iter_tokens(lines))


def iter_tokens(lines) -> Iterator[Token]:
    """Tokens one at a time, so that the parser stops at the first bad line without reading the rest."""
    for number, raw in enumerate(lines, 1):
        text = clean(raw)
        if not text:
            continue
        bullet = _BULLET.match(text)
        if bullet and (text[0] not in "-*" or text[1:2] == " "):
            body = text[bullet.end():].strip()
            if body:
                yield Token("bullet", number, body)
            continue
        key = heading_key(text)
        if key == "button":
            continue  # the site's "vergelijken" buttons are not content
        if key:
            yield Token("head", number, text, key=key)
            continue
        m = _SCHAAL.match(text)
        if m:
            yield Token("schaal", number, text, number=int(m.group(1)))
            continue
        m = _CODE.match(text)
        if m and sum(c.isdigit() for c in m.group(1)) >= 5:
            yield Token("code", number, text, raw=raw.replace("\u00a0", " ").strip())
            continue
        yield Token("text", number, text)


def _describe(keys) -> str:
    names = []
    for key in keys:
        kind, _, name = key.partition(":")
        title = {"area": AREA_TITLES, "qp": QP_TITLES, "block": BLOCK_TITLES}.get(kind, {}).get(name)
        names.append(f"'{title or key.capitalize()}'")
    return " or ".join(names)


class _Parser:
    def __init__(self, tokens: Iterator[Token], path, end_line: int | None = None):
        self.tokens = tokens
        self.end_line = end_line  # the last line of the file, for "ends too early" when it holds no token
        self.next: Token | None = next(tokens, None)
        self.last: Token | None = None
        self.path = path
        self.warnings: list[FgrError] = []

    # -- helpers
    def peek(self) -> Token | None:
        return self.next

    def take(self) -> Token:
        tok, self.last = self.next, self.next
        self.next = next(self.tokens, None)
        return tok

    def fail(self, tok: Token | None, message: str):
        line = tok.line if tok else (self.last.line if self.last else self.end_line)
        if tok is None:
            message = f"file ends too early: {message}"
        raise FgrError(self.path, line, message)

    def expect(self, key: str, context: str) -> Token:
        tok = self.peek()
        if tok is None or tok.kind != "head" or tok.key != key:
            found = f", found '{tok.text[:60]}'" if tok else ""
            self.fail(tok, f"expected {_describe([key])} {context}{found}")
        return self.take()

    def items(self, stop: set[str], expected: str, stop_on: tuple[str, ...] = (),
              subheadings: bool = False) -> list[Item]:
        """Bullets and plain lines up to the next heading in ``stop``."""
        raw: list[Token] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "head":
                if tok.key in stop:
                    break
                if tok.key not in _WEAK:
                    self.fail(tok, f"'{tok.text}' is out of order here: expected {expected}")
            elif tok.kind in stop_on:
                break
            elif tok.kind in ("code", "schaal"):
                self.fail(tok, f"unexpected '{tok.text}' here: expected {expected}")
            raw.append(self.take())
        out: list[Item] = []
        sub = None
        for n, tok in enumerate(raw):
            if tok.kind == "bullet":
                out.append(Item(tok.text, tok.line, True, sub if subheadings else None))
            elif subheadings and n + 1 < len(raw) and raw[n + 1].kind == "bullet":
                sub = tok.text  # an unbulleted line followed by bullets heads them
            else:
                out.append(Item(tok.text, tok.line, False, None))
                if subheadings:
                    sub = None
        return out

    # -- grammar
    def profile(self, profile: Profile) -> Profile:
        first = self.peek()
        if first is None:
            self.fail(None, "expected 'Resultaten'")
        self.expect("resultaten", "at the start of the profile (the kernprofiel)")
        profile.results = self.areas("gedragsindicatoren", "resultaten")
        self.expect("gedragsindicatoren", "after the resultaten of the kernprofiel")
        profile.indicators = self.areas("competenties", "gedragsindicatoren")
        self.expect("competenties", "after the gedragsindicatoren")
        profile.competencies = self.items({"kwaliteitenprofielen"}, "a competentie or 'Kwaliteitenprofielen'")
        self.expect("kwaliteitenprofielen", "after the competenties")
        profile.quality_profiles = self.quality_profiles()
        self.expect("functietyperingen", "after the kwaliteitenprofielen")
        profile.typifications = self.typifications()
        return profile

    def areas(self, end: str, what: str) -> dict[str, list[Item]]:
        found: dict[str, list[Item]] = {}
        stop = AREA_KEYS | {end}
        expected = f"a resultaatgebied heading ({_describe(sorted(AREA_KEYS))}) or {_describe([end])}"
        while True:
            tok = self.peek()
            if tok is None:
                self.fail(None, f"expected {_describe([end])} after the {what}")
            if tok.kind == "head" and tok.key == end:
                return found
            if tok.kind == "head" and tok.key in AREA_KEYS:
                self.take()
                area = tok.key.split(":", 1)[1]
                if area in found:
                    self.fail(tok, f"resultaatgebied '{tok.text}' appears twice in the {what}")
                found[area] = self.items(stop, expected)
                continue
            self.fail(tok, f"expected {expected}, found '{tok.text[:60]}'")

    def quality_profiles(self) -> list[QualityProfile]:
        profiles: list[QualityProfile] = []
        current: QualityProfile | None = None
        last = -1  # index in QP_SECTIONS of the last sub-section seen in ``current``
        stop = QP_KEYS | {"functietyperingen", "kwaliteitenprofiel", "opleiding"}
        expected = "a kwaliteitenprofiel heading (Ervaring, Werk- en denkniveau, ...) or 'Functietyperingen'"
        while True:
            tok = self.peek()
            if tok is None:
                self.fail(None, "expected 'Functietyperingen' after the kwaliteitenprofielen")
            if tok.kind == "head" and tok.key == "functietyperingen":
                return profiles
            if tok.kind == "schaal" or (tok.kind == "head" and tok.key == "kwaliteitenprofiel"):
                self.take()
                if current is None or last >= 0:
                    current = QualityProfile(line=tok.line)
                    profiles.append(current)
                    last = -1
                if tok.kind == "schaal":
                    current.scale, current.scale_by_heading = tok.number, True
                continue
            if tok.kind == "head" and tok.key == "opleiding":
                self.take()  # grouping heading above Werk- en denkniveau; carries no content
                continue
            key = "qp:competenties" if tok.kind == "head" and tok.key == "competenties" else tok.key
            if tok.kind == "head" and key in QP_KEYS:
                section = key.split(":", 1)[1]
                index = QP_SECTIONS.index(section)
                if section == "ervaring" and (current is None or last >= 0):
                    current = QualityProfile(line=tok.line)
                    profiles.append(current)
                    last = -1
                if current is None:
                    self.fail(tok, f"expected 'Ervaring' (the start of a kwaliteitenprofiel), found '{tok.text}'")
                if index <= last:
                    self.fail(tok, f"'{tok.text}' is out of order in the kwaliteitenprofiel that starts at line "
                                   f"{current.line}: it comes before '{QP_TITLES[QP_SECTIONS[last]]}'")
                self.take()
                last = index
                current.sections[section] = self.items(stop | {"competenties"}, expected, stop_on=("schaal",))
                continue
            self.fail(tok, f"expected {expected}, found '{tok.text[:60]}'")

    def typifications(self) -> list[Typification]:
        out: list[Typification] = []
        while (tok := self.peek()) is not None:
            if not (tok.kind in ("code", "schaal") or (tok.kind == "head" and tok.key == "functietypering")):
                self.fail(tok, f"expected 'Functietypering', found '{tok.text[:60]}'")
            out.append(self.typification())
        return out

    def typification(self) -> Typification:
        start = self.peek()
        typ = Typification(line=start.line)
        if start.kind == "head":
            self.take()
        while (tok := self.peek()) is not None and tok.kind in ("code", "schaal"):
            self.take()
            if tok.kind == "code":
                if typ.code is not None:
                    self.fail(tok, f"second FUWASYS code in the functietypering that starts at line {typ.line}")
                typ.code, typ.code_line = tok.raw, tok.line
                digits = sum(c.isdigit() for c in tok.raw.partition("(")[0])
                if digits > MAX_CODE_DIGITS:
                    self.warnings.append(FgrError(self.path, tok.line, f"FUWASYS code of {digits:,} digits, more than "
                                                  f"{MAX_CODE_DIGITS}: kept as written, not split into scores"))
            else:
                if typ.scale is not None:
                    self.fail(tok, f"second 'Schaal' line in the functietypering that starts at line {typ.line}")
                typ.scale, typ.scale_line = tok.number, tok.line
        tok = self.peek()
        if tok is None or tok.kind != "head" or tok.key != "block:algemene-omschrijving":
            what = "a FUWASYS code, 'Schaal N' or 'Algemene omschrijving'"
            self.fail(tok, f"expected {what} in the functietypering that starts at line {typ.line}"
                      + (f", found '{tok.text[:60]}'" if tok else ""))
        if typ.scale is None:
            self.fail(tok, f"the functietypering that starts at line {typ.line} has no 'Schaal N' line: "
                           "expected one before 'Algemene omschrijving'")
        context = f"in the functietypering for schaal {typ.scale} (line {typ.line})"
        for n, block in enumerate(BLOCKS):
            self.expect(f"block:{block}", context if n == 0 else
                        f"after '{BLOCK_TITLES[BLOCKS[n - 1]]}' {context}")
            later = {f"block:{b}" for b in BLOCKS[n + 1:]}
            stop = later | {"functietypering"}
            expected = (_describe(sorted(later)) if later else "'Functietypering' or the end of the file")
            typ.blocks[block] = self.items(stop, f"a line of '{BLOCK_TITLES[block]}' or {expected}",
                                           stop_on=("code", "schaal") if not later else (),
                                           subheadings=(block == "resultaten"))
        return typ


def _fix_resultaten_key(tokens: Iterable[Token]) -> Iterator[Token]:
    """Inside a functietypering, 'Resultaten' is the block of that name."""
    inside = False
    for tok in tokens:
        if tok.kind == "head" and tok.key == "functietyperingen":
            inside = True
        elif inside and tok.kind == "head" and tok.key == "resultaten":
            tok.key = "block:resultaten"
        yield tok


def _one_per_scale(parts: list[tuple[int, int]], what: str, path) -> None:
    """Refuse a second functietypering or kwaliteitenprofiel for the same schaal."""
    first: dict[int, int] = {}
    for scale, line in parts:
        if scale in first:
            raise FgrError(path, line, f"schaal {scale} has a second {what} (the first is at line {first[scale]})")
        first[scale] = line


def _assign_scales(profile: Profile, path) -> None:
    """Give each kwaliteitenprofiel its schaal: named in the text, or else by position."""
    _one_per_scale([(t.scale, t.scale_line) for t in profile.typifications], "functietypering", path)
    unnamed = [qp for qp in profile.quality_profiles if qp.scale is None]
    if unnamed:
        if len(unnamed) != len(profile.quality_profiles) or len(unnamed) != len(profile.typifications):
            qp = unnamed[0]
            raise FgrError(path, qp.line,
                           f"{len(profile.quality_profiles)} kwaliteitenprofielen but {len(profile.typifications)} "
                           "functietyperingen, and the text names no 'Schaal N' for each kwaliteitenprofiel: "
                           "expected one kwaliteitenprofiel per functietypering, in the same order")
        for qp, typ in zip(profile.quality_profiles, profile.typifications):
            qp.scale = typ.scale
    _one_per_scale([(q.scale, q.line) for q in profile.quality_profiles], "kwaliteitenprofiel", path)


def parse_lines(lines: list[str], *, path=None, sha256: str = "", meta: Meta | None = None) -> Profile:
    """Parse already decoded lines. ``path`` is used in messages only."""
    tokens = _fix_resultaten_key(iter_tokens(lines))
    name = Path(path).name if path else "<input>"
    profile = Profile(source_name=name, sha256=sha256, meta=meta or Meta())
    parser = _Parser(tokens, path, end_line=len(lines) or None)
    parser.profile(profile)
    profile.warnings = parser.warnings
    _assign_scales(profile, path)
    return profile


def parse_file(path, meta: Meta | None = None, max_bytes: int | None = None, max_lines: int | None = None,
               max_line_chars: int | None = None) -> Profile:
    """Read and parse one FGR profile text file; a limit left at None keeps the default of text.py."""
    limits = {"max_bytes": max_bytes, "max_lines": max_lines, "max_line_chars": max_line_chars}
    lines, sha = read_source(path, **{k: v for k, v in limits.items() if v is not None})
    return parse_lines(lines, path=path, sha256=sha, meta=meta)
