"""Parse FGR profile text (as published on functiegebouwrijksoverheid.nl) into the data model.

The text is first cut into tokens (headings, FUWASYS codes, "Schaal N" lines, bullets, plain
lines, the title and header lines of compare pages); a small recursive-descent parser then walks
the fixed order of one of the page forms the site serves: the whole functiegroep page
(Resultaten, Gedragsindicatoren, Competenties, Kwaliteitenprofielen, Functietyperingen), the
kernprofiel page (the first three, then the end), and the two compare pages ("Vergelijk
functietyperingen / kwaliteitenprofielen tussen schaal X en schaal Y voor de functiegroep NAAM",
a line "schaal X schaal Y", then the typeringen or kwaliteitenprofielen).
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
from typing import Any, NoReturn

from functiegebouw.errors import FgrError, FgrWarning, Where
from functiegebouw.source.model import (AREA_TITLES, AREAS, BLOCK_TITLES, BLOCKS, COMPARE_KWALITEITENPROFIELEN,
                                        COMPARE_TYPERINGEN, CONNECTIVE, CONTINUATION, KERNPROFIEL, LEAD,
                                        MAX_CODE_DIGITS, OPTIONAL_BLOCKS, PARAGRAPH, QP_SECTIONS,
                                        QP_TITLES, Code, Item, Meta, Profile, QualityProfile, Source, Typification,
                                        code_parts, education_parts, is_placeholder)
from functiegebouw.source.chrome import is_site_word, strip_chrome
from functiegebouw.source.text import MAX_BYTES, check_limits, clean, decode_text, looks_like_html, read_bytes

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
    "opdracht(gever)(politiek/ambtelijk)": "area:opdracht",
    "opdracht(gever)(politiek-ambtelijk)": "area:opdracht",
    "opdracht(gever)(politiek)": "area:opdracht",
    "omgeving": "area:omgeving",
    "bedrijfsvoering": "area:bedrijfsvoering",
    "vernieuwen en verbeteren": "area:vernieuwen-en-verbeteren",
    "ervaring": "qp:ervaring",
    "werkervaring": "qp:ervaring",
    "opleiding": "opleiding",
    "opleiding: rijk": "opleiding",
    "opleiding rijk": "opleiding",
    "opleiding(rijk)": "opleiding",
    "werk- en denkniveau": "qp:werk-en-denkniveau",
    "werk en denkniveau": "qp:werk-en-denkniveau",
    "opleidingsrichting en/of vakkennis": "qp:opleidingsrichting",
    "overige kennis en vaardigheden": "qp:overige-kennis-en-vaardigheden",
    "overige kennis en vaardigheid": "qp:overige-kennis-en-vaardigheden",
    "opleiding departementsspecifiek": "qp:opleiding-departementsspecifiek",
    "opleiding departementspecifiek": "qp:opleiding-departementsspecifiek",
    "departementsspecifieke opleiding": "qp:opleiding-departementsspecifiek",
    "competenties uit het kernprofiel": "competenties",
    "competenties departementsspecifiek": "qp:competenties-departementsspecifiek",
    "competenties departementspecifiek": "qp:competenties-departementsspecifiek",
    "departementsspecifieke competenties": "qp:competenties-departementsspecifiek",
    "departementsspecifieke competenties(eventueel)": "qp:competenties-departementsspecifiek",
    "algemene omschrijving": "block:algemene-omschrijving",
    "algemene beschrijving": "block:algemene-omschrijving",
    "speelruimte/kaders": "block:speelruimte-kaders",
    "speelruimte": "block:speelruimte-kaders",
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
# "Variant 2. 32222 23222 22 22 (30)": one of the codes of a schaal with variants
_VARIANT_CODE = re.compile(r"^variant\s*(\d{1,2})\s*[.:)]?\s*(.*)$", re.IGNORECASE)
# "Vergelijk functietyperingen tussen schaal 3 en schaal 4 voor de functiegroep Medewerker Beveiliging"
_TITLE = re.compile(r"^vergelijk\s+(functietyperingen|kwaliteitenprofielen)\s+tussen\s+(.+?)\s+voor\s+de\s+"
                    r"functiegroep\s*:?\s+(.+)$", re.IGNORECASE)
_TITLE_SCALES = re.compile(r"^schaal\s*\d{1,3}(?:\s*(?:,|en)\s*schaal\s*\d{1,3})+$", re.IGNORECASE)
# "schaal 3 schaal 4": the header line of a compare page
_HEADER = re.compile(r"^(?:schaal\s*\d{1,3}\s*){2,}$", re.IGNORECASE)
_NUMBER = re.compile(r"\d+")
_VARIANTEN = re.compile(r"^varianten(?:\s.*)?$")
_CONNECTIVES = {"en/of", "en", "of", "en of"}
_LEAD_END = re.compile(r"(?::|\bd\.m\.v\.?|\bdoor middel van|\bwaaronder|\bzoals)$", re.IGNORECASE)
# a line that names the variants it belongs to: "… (variant 2)", "… (variant 1 en 2)"
_VARIANT_MARK = re.compile(r"\((?:alleen\s+)?(?:voor\s+|bij\s+)?variant(?:en)?\s+(\d+(?:\s*(?:,|en|/|&|of)\s*\d+)*)\)"
                           r"\s*[.;]?$", re.IGNORECASE)
_VARIANT_HEAD = re.compile(r"^variant\s*(\d{1,2})\s*[:.)\-]", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_AROUND_MARKS = re.compile(r"\s*([/()])\s*")
_AROUND_SLASH = re.compile(r"\s*/\s*")

AREA_KEYS = {f"area:{a}" for a in AREAS}
QP_KEYS = {f"qp:{s}" for s in QP_SECTIONS}
BLOCK_KEYS = {f"block:{b}" for b in BLOCKS}


def heading_key(line: str) -> str | None:
    """The heading a line stands for, after normalising spacing, '&' and known typos."""
    return _heading_key(clean(line))


def _heading_key(text: str) -> str | None:
    """:func:`heading_key` of a line already cleaned (the tokenizer has; clean is idempotent)."""
    if "\ufeff" in text:
        text = text.replace("\ufeff", "")  # a stray byte order mark does not hide a heading
    return None if len(text) > 60 else _short_heading_key(text)  # most lines are longer: not remembered


@lru_cache(maxsize=4096)
def _short_heading_key(text: str) -> str | None:
    """Remembered: the short lines of a profile (headings, sub-headings) repeat in every schaal."""
    if not text or len(text) > 60:
        return None
    norm = _heading_norm(text)
    if norm in _HEADINGS:
        return _HEADINGS[norm]
    if _VARIANTEN.match(norm):
        return "block:varianten"
    if norm in _BUTTONS:
        return "button"
    if len(norm) <= _FUZZY_MAX_LEN:
        close = _close_heading(norm)
        if close:
            return "button" if close in _BUTTONS else _HEADINGS[close]
    return None


def _heading_norm(text: str) -> str:
    """A heading's text as the table above spells it: lower case, spacing around '/' and brackets gone."""
    norm = _SPACES.sub(" ", text.lower().replace("&", " en "))
    if "/" in norm or "(" in norm or ")" in norm:  # the substitution's template costs a Python call a match
        norm = _AROUND_MARKS.sub(r"\1", norm)
    return norm.strip().rstrip(":").strip()


def heading_as_written(area: str, text: str) -> str | None:
    """The heading of a resultaatgebied as written when it says more than its usual title (spacing and
    capitals aside): "Opdracht(gever) (politiek/ambtelijk)" is kept, "OMGEVING" is not, nor a typo
    ("Omgevng"), which says nothing more."""
    text = clean(text).replace("\ufeff", "").rstrip(":").strip()
    norm = _heading_norm(text)
    return text if norm in _HEADINGS and norm != _heading_norm(AREA_TITLES[area]) else None


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
    numbers: tuple[int, ...] = ()  # the schalen of a title or header line
    name: str | None = None  # the functiegroep named by a title line
    end: int = 0  # the last source line of a bullet joined with its continuation lines (0: ``line``)
    assumed: int = 0  # a line joined on its indentation alone (it starts in capitals): said in a warning
    indent: int = 0  # leading spaces and tabs of the line as written


def tokenize(lines: list[str]) -> list[Token]:
    return list(iter_tokens(lines))


def iter_tokens(lines: Iterable[str]) -> Iterator[Token]:
    """Tokens one at a time, so that the parser stops at the first bad line without reading the rest;
    a bullet wrapped onto the next line(s) is one token (see :func:`_join_continuations`)."""
    return _header_cells(_join_continuations(_line_tokens(lines)))


def _header_cells(tokens: Iterator[Token]) -> Iterator[Token]:
    """The header line of a compare page copied cell by cell ("schaal 5", then "schaal 6" on the next
    line) as the one "schalen" token it is: right after the title line, as many "Schaal N" lines as
    the title names schalen, with the same numbers in the same order. (Read one by one, the second
    was refused as a second 'Schaal' line of the first functietypering.)"""
    held: list[Token] = []
    title: Token | None = None
    for tok in tokens:
        if title is not None:
            if tok.kind == "schaal" and len(held) < len(title.numbers):
                held.append(tok)
                continue
            if len(held) == len(title.numbers) >= 2 and tuple(t.number for t in held) == title.numbers:
                yield Token("schalen", held[0].line, " ".join(t.text for t in held), numbers=title.numbers)
            else:
                yield from held
            held, title = [], None
        if tok.kind == "title":
            title = tok
        yield tok
    yield from held


# a bullet that ends a sentence or introduces a list is not continued by the next line
_ENDS = (".", ";", ":", "!", "?")


def _continues(bullet: Token, tok: Token) -> bool:
    """Whether the unbulleted line ``tok`` right below ``bullet`` is the rest of it, wrapped: it starts
    in lower case or with a digit, or is indented further than the bullet, and is no connective ('en/of')."""
    if tok.kind != "text" or tok.line != (bullet.end or bullet.line) + 1 or bullet.text.endswith(_ENDS):
        return False
    if line_kind(tok.text) == CONNECTIVE:
        return False
    first = tok.text[0]
    return first.islower() or first.isdigit() or tok.indent > bullet.indent


def _join_continuations(tokens: Iterator[Token]) -> Iterator[Token]:
    """A bullet and the lines that continue it as one bullet token, spanning their lines (a copy
    wraps a long bullet onto a second line; read alone, that line became a statement or the
    sub-heading of the next bullets, and a query returned half a requirement)."""
    held: Token | None = None
    for tok in tokens:
        if held is not None and _continues(held, tok):
            held.text, held.end = f"{held.text} {tok.text}", tok.line
            if not (tok.text[0].islower() or tok.text[0].isdigit()):
                held.assumed = held.assumed or tok.line
            continue
        if held is not None:
            yield held
            held = None
        if tok.kind == "bullet":
            held = tok
        else:
            yield tok
    if held is not None:
        yield held


def _line_tokens(lines: Iterable[str]) -> Iterator[Token]:
    for number, raw in enumerate(lines, 1):
        text = clean(raw)
        if "\ufeff" in text:  # stray byte order marks (reported when decoding) do not change what a line is
            text = text.lstrip("\ufeff").strip()
        if not text:
            continue
        bullet = _BULLET.match(text)
        if bullet and (text[0] not in "-*" or text[1:2] == " "):
            body = text[bullet.end():].strip()
            if body:
                yield Token("bullet", number, body, indent=_indent(raw))
            continue
        key = _heading_key(text)  # text is clean already
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
            yield Token("code", number, text, raw=_raw(raw))
            continue
        m = _VARIANT_CODE.match(text)
        if m:
            code = _CODE.match(m.group(2))
            if code and sum(c.isdigit() for c in code.group(1)) >= 5:
                yield Token("code", number, text, raw=_raw(raw), number=int(m.group(1)))
                continue
        if _HEADER.match(text):
            yield Token("schalen", number, text, numbers=tuple(int(n) for n in _NUMBER.findall(text)))
            continue
        m = _TITLE.match(text)
        if m and _TITLE_SCALES.match(m.group(2)):
            yield Token("title", number, text, key=m.group(1).lower(), name=m.group(3).strip(),
                        numbers=tuple(int(n) for n in _NUMBER.findall(m.group(2))))
            continue
        yield Token("text", number, text, indent=_indent(raw))


def _indent(raw: str) -> int:
    return len(raw) - len(raw.lstrip(" \t\u00a0"))


def _raw(line: str) -> str:
    """A code line as written: only trimmed, non-breaking spaces as spaces (the site's own double spaces kept)."""
    return line.replace("\u00a0", " ").replace("\ufeff", "").strip()


def line_kind(text: str) -> str | None:
    """What an unbulleted line is, from its text alone (so that a rendered page reads back the same):
    a connective ('en/of'), a lead line (ends in ':' or 'd.m.v.'), a sentence (ends in '.', '!' or '?'),
    or None: a short line that may head the bullets after it."""
    norm = text.casefold()
    norm = (_AROUND_SLASH.sub("/", norm) if "/" in norm else norm).strip(" :;,")  # a scan, not a regex try a character
    if norm in _CONNECTIVES:
        return CONNECTIVE
    if _LEAD_END.search(text):
        return LEAD
    if text.endswith((".", "!", "?", ";")):
        return PARAGRAPH
    return None


def _describe(keys: Iterable[str]) -> str:
    names = []
    for key in keys:
        kind, _, name = key.partition(":")
        title = {"area": AREA_TITLES, "qp": QP_TITLES, "block": BLOCK_TITLES}.get(kind, {}).get(name)
        names.append(f"'{title or key.capitalize()}'")
    return " or ".join(names)


class _Parser:
    def __init__(self, tokens: Iterator[Token], path: Where, end_line: int | None = None) -> None:
        self.tokens = tokens
        self.end_line = end_line  # the last line of the file, for "ends too early" when it holds no token
        self.next: Token | None = next(tokens, None)
        self.last: Token | None = None
        self.path = path
        self.warnings: list[FgrWarning] = []
        self.area_headings: dict[str, dict[str, str]] = {}  # "resultaten" -> area -> heading as written

    # -- helpers
    def peek(self) -> Token | None:
        return self.next

    def take(self) -> Token:
        tok, self.last = self.next, self.next
        if tok is None:  # callers peek first; should one not, the file ends too early
            self.fail(None, "expected more lines")
        self.next = next(self.tokens, None)
        return tok

    def fail(self, tok: Token | None, message: str) -> NoReturn:
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
              subheadings: bool = False, continuation: bool = False) -> list[Item]:
        """Bullets and plain lines up to the next heading in ``stop``.

        An unbulleted line is kept as what it is (see :func:`line_kind`); with ``subheadings``, a short
        line that is none of those and is followed by a bullet heads the bullets after it; with
        ``continuation`` (kwaliteitenprofielen), an unbulleted line right after a bullet continues it.
        """
        raw: list[Token] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "head":
                if tok.key in stop:
                    break
                if tok.key not in _WEAK:
                    self.fail(tok, f"'{tok.text}' is out of order here: expected {expected}")
            elif tok.kind in stop_on:
                break
            elif tok.kind in ("code", "schaal", "title", "schalen"):
                self.fail(tok, f"unexpected '{tok.text}' here: expected {expected}")
            raw.append(self.take())
        out: list[Item] = []
        sub = None
        for n, tok in enumerate(raw):
            if tok.kind == "bullet":
                out.append(Item(tok.text, tok.line, True, sub, end_line=tok.end or None))
                if tok.assumed:
                    self.warnings.append(FgrWarning(self.path, tok.assumed, f"read as the rest of the bullet on line "
                                                    f"{tok.line} because it is indented further; if it is a line of "
                                                    "its own, put it flush with the bullet"))
                continue
            text = tok.text
            kind = line_kind(text)
            if subheadings and kind is None and n + 1 < len(raw) and raw[n + 1].kind == "bullet":
                sub = text  # an unbulleted line followed by bullets heads them
                continue
            if is_placeholder(text):
                kind = None
            elif continuation and out and (out[-1].bulleted or out[-1].kind == CONTINUATION) \
                    and not out[-1].is_placeholder:
                kind = CONTINUATION
            else:
                kind = kind or PARAGRAPH
            # a lead line or connective belongs to the bullets under the same sub-heading; a paragraph ends it
            out.append(Item(text, tok.line, False, sub if kind in (LEAD, CONNECTIVE) else None, kind))
            if kind not in (LEAD, CONNECTIVE):
                sub = None
        return out

    def no_site_words(self, items: list[Item]) -> list[Item]:
        """Competenties without the site's own words: 'Privacy' or 'Cookies' is never a competentie."""
        kept = []
        for item in items:
            if is_site_word(item.text):
                self.warnings.append(FgrWarning(self.path, item.line, f"'{item.text}' is a word of the FGR site "
                                                "(menu or footer), not a competentie: dropped", "chrome"))
            else:
                kept.append(item)
        return kept

    def guessed_levels(self, items: list[Item]) -> None:
        """Say where an opleidingsrichting without a colon was read as levels and a field."""
        for item in items:
            levels, field, guessed = education_parts(item.text)
            if guessed:
                self.warnings.append(FgrWarning(self.path, item.line, f"opleidingsrichting without ':' after its "
                                                f"levels: read '{levels}' as the levels and '{field}' as the field"))

    # -- grammar
    def profile(self, profile: Profile) -> Profile:
        first = self.peek()
        if first is None:
            self.fail(None, "expected 'Resultaten'")
        if first.kind == "title":
            return self.compare_page(profile)
        self.expect("resultaten", "at the start of the profile (the kernprofiel), or a title line "
                                  "'Vergelijk functietyperingen tussen schaal X en schaal Y voor de functiegroep …'")
        profile.results = self.areas("gedragsindicatoren", "resultaten")
        self.expect("gedragsindicatoren", "after the resultaten of the kernprofiel")
        profile.indicators = self.areas("competenties", "gedragsindicatoren")
        self.expect("competenties", "after the gedragsindicatoren")
        profile.competencies = self.no_site_words(self.items(
            {"kwaliteitenprofielen"}, "a competentie, 'Kwaliteitenprofielen' or the end of a kernprofiel page"))
        if self.peek() is None:
            profile.form = KERNPROFIEL  # the kernprofiel page ends here
            return profile
        self.expect("kwaliteitenprofielen", "after the competenties")
        profile.quality_profiles = self.quality_profiles("functietyperingen")
        self.expect("functietyperingen", "after the kwaliteitenprofielen")
        profile.typifications = self.typifications()
        return profile

    def compare_page(self, profile: Profile) -> Profile:
        """A "Vergelijk … tussen schaal X en schaal Y voor de functiegroep NAAM" page."""
        title = self.take()
        source = profile.sources[0]
        source.title, source.title_line, source.compare_scales = title.name, title.line, list(title.numbers)
        scales = list(title.numbers)
        tok = self.peek()
        if tok is not None and tok.kind == "schalen":
            self.take()
            if list(tok.numbers) != scales:
                self.fail(tok, f"the header line names schaal {_and(tok.numbers)}, but the title line "
                               f"(line {_line(title)}) names schaal {_and(scales)}")
        if len(set(scales)) != len(scales):
            self.fail(title, f"the title line names schaal {_and(scales)}: expected different schalen")
        if title.key == "functietyperingen":
            profile.form = COMPARE_TYPERINGEN
            if (tok := self.peek()) is not None and tok.kind == "head" and tok.key == "functietyperingen":
                self.take()
            if self.peek() is None:
                self.fail(None, "expected the functietyperingen of the compare page")
            profile.typifications = self.typifications(scales, title)
        else:
            profile.form = COMPARE_KWALITEITENPROFIELEN
            if (tok := self.peek()) is not None and tok.kind == "head" and tok.key == "kwaliteitenprofielen":
                self.take()
            profile.quality_profiles = self.quality_profiles(None)
            if len(profile.quality_profiles) != len(scales):
                where = profile.quality_profiles[-1].line if profile.quality_profiles else title.line
                raise FgrError(self.path, where, f"{len(profile.quality_profiles)} kwaliteitenprofielen, but the "
                               f"title line (line {_line(title)}) names {len(scales)} schalen: expected one "
                               "kwaliteitenprofiel per schaal, in the order of the title")
            for qp, scale in zip(profile.quality_profiles, scales, strict=True):
                if qp.scale is not None and qp.scale != scale:
                    raise FgrError(self.path, qp.line, f"this kwaliteitenprofiel says schaal {qp.scale}, but the "
                                   f"title line (line {_line(title)}) puts schaal {scale} here")
                qp.scale, qp.scale_by_heading, qp.scale_by_header = scale, False, True
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
                written = heading_as_written(area, tok.text)
                if written:
                    self.area_headings.setdefault(what, {})[area] = written
                continue
            self.fail(tok, f"expected {expected}, found '{tok.text[:60]}'")

    def quality_profiles(self, end: str | None) -> list[QualityProfile]:
        """Kwaliteitenprofielen up to the heading ``end`` (or the end of the file, for None)."""
        profiles: list[QualityProfile] = []
        current: QualityProfile | None = None
        last = -1  # index in QP_SECTIONS of the last sub-section seen in ``current``
        stop = QP_KEYS | {"kwaliteitenprofiel", "opleiding"} | ({end} if end else set())
        after = f"'{end.capitalize()}'" if end else "the end of the page"
        expected = f"a kwaliteitenprofiel heading (Ervaring, Werk- en denkniveau, ...) or {after}"
        while True:
            tok = self.peek()
            if tok is None:
                if end is None:
                    return profiles
                self.fail(None, f"expected {after} after the kwaliteitenprofielen")
            if tok.kind == "head" and tok.key == end:
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
                current.sections[section] = self.items(stop | {"competenties"}, expected, stop_on=("schaal",),
                                                       continuation=True)
                if section.startswith("competenties"):
                    current.sections[section] = self.no_site_words(current.sections[section])
                elif section == "opleidingsrichting":
                    self.guessed_levels(current.sections[section])
                continue
            self.fail(tok, f"expected {expected}, found '{tok.text[:60]}'")

    def typifications(self, scales: list[int] | None = None, title: Token | None = None) -> list[Typification]:
        """Functietyperingen to the end of the file; on a compare page ``scales`` are the title's schalen."""
        out: list[Typification] = []
        while (tok := self.peek()) is not None:
            if not (tok.kind in ("code", "schaal") or (tok.kind == "head" and tok.key == "functietypering")):
                self.fail(tok, f"expected 'Functietypering', found '{tok.text[:60]}'")
            if scales is not None and len(out) >= len(scales):
                self.fail(tok, f"a functietypering more than the {len(scales)} schalen the title line "
                               f"(line {_line(title)}) names")
            out.append(self.typification(scales[len(out)] if scales is not None else None, title))
        if scales is not None and len(out) < len(scales):
            self.fail(None, f"the title line (line {_line(title)}) names schaal {_and(scales)}, but only "
                            f"{len(out)} functietypering(en) follow")
        return out

    def typification(self, header_scale: int | None = None, title: Token | None = None) -> Typification:
        start = self.peek()
        if start is None:  # typifications() peeks first
            self.fail(None, "expected 'Functietypering'")
        typ = Typification(line=start.line)
        if start.kind == "head":
            self.take()
        while (tok := self.peek()) is not None and tok.kind in ("code", "schaal"):
            self.take()
            if tok.kind == "code":
                if typ.codes and (tok.number is None or typ.codes[-1].variant is None):
                    self.fail(tok, f"second FUWASYS code in the functietypering that starts at line {typ.line} "
                                   "(several codes of one schaal must each start with 'Variant N.')")
                if tok.number is not None and tok.number in typ.variants:
                    self.fail(tok, f"variant {tok.number} has a second FUWASYS code in the functietypering that "
                                   f"starts at line {typ.line}")
                typ.codes.append(Code(tok.raw, tok.line, tok.number))
                digits = len(code_parts(tok.raw)[0])
                if digits > MAX_CODE_DIGITS:
                    self.warnings.append(FgrWarning(self.path, tok.line, f"FUWASYS code of {digits:,} digits, more "
                                                    f"than {MAX_CODE_DIGITS}: kept as written, not split into scores"))
            else:
                if typ.scale is not None:
                    self.fail(tok, f"second 'Schaal' line in the functietypering that starts at line {typ.line}")
                typ.scale, typ.scale_line = tok.number, tok.line
        tok = self.peek()
        if tok is None or tok.kind != "head" or tok.key != "block:algemene-omschrijving":
            what = "a FUWASYS code, 'Schaal N' or 'Algemene omschrijving'"
            self.fail(tok, f"expected {what} in the functietypering that starts at line {typ.line}"
                      + (f", found '{tok.text[:60]}'" if tok else ""))
        if header_scale is not None:
            if typ.scale is None:
                typ.scale, typ.scale_by_header = header_scale, True
            elif typ.scale != header_scale:
                self.fail(tok, f"the functietypering that starts at line {typ.line} says schaal {typ.scale}, but "
                               f"the title line (line {_line(title)}) puts schaal {header_scale} here")
        if typ.scale is None:
            self.fail(tok, f"the functietypering that starts at line {typ.line} has no 'Schaal N' line: "
                           "expected one before 'Algemene omschrijving'")
        context = f"in the functietypering for schaal {typ.scale} (line {typ.line})"
        previous = None
        for n, block in enumerate(BLOCKS):
            tok = self.peek()
            if block in OPTIONAL_BLOCKS and not (tok is not None and tok.kind == "head" and tok.key == f"block:{block}"):
                continue
            self.expect(f"block:{block}", context if previous is None else
                        f"after '{BLOCK_TITLES[previous]}' {context}")
            previous = block
            later = {f"block:{b}" for b in BLOCKS[n + 1:]}
            required = sorted(f"block:{b}" for b in BLOCKS[n + 1:] if b not in OPTIONAL_BLOCKS)
            stop = later | {"functietypering"}
            expected = (_describe(required) if required else "'Functietypering' or the end of the file")
            typ.blocks[block] = self.items(stop, f"a line of '{BLOCK_TITLES[block]}' or {expected}",
                                           stop_on=("code", "schaal") if not required else (),
                                           subheadings=block in ("resultaten", "varianten"))
        _assign_variants(typ, self.path)
        return typ


def _line(tok: Token | None) -> int | str:
    """The line of a token that a compare page always has (its title), "?" should it not."""
    return tok.line if tok is not None else "?"


def _and(numbers: Iterable[int]) -> str:
    texts = [str(n) for n in numbers]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def _variants_named(item: Item) -> tuple[int, ...]:
    """The variants a line names: by a trailing "(variant 2)", its own "Variant 2: …" start, or its sub-heading."""
    m = _VARIANT_MARK.search(item.text)
    if m:
        return tuple(sorted({int(n) for n in _NUMBER.findall(m.group(1))}))
    for text in (item.text if not item.bulleted else None, item.subheading):
        m = _VARIANT_HEAD.match(text or "")
        if m:
            return (int(m.group(1)),)
    return ()


def _assign_variants(typ: Typification, path: Where) -> None:
    """In a schaal with variants, a line that names variants belongs to those only."""
    if not typ.variants:
        return
    for items in typ.blocks.values():
        for item in items:
            named = _variants_named(item)
            unknown = [n for n in named if n not in typ.variants]
            if unknown:
                raise FgrError(path, item.line, f"this line names variant {_and(unknown)}, but the functietypering "
                               f"for schaal {typ.scale} (line {typ.line}) has variant {_and(typ.variants)}")
            item.variants = named


def _fix_resultaten_key(tokens: Iterable[Token]) -> Iterator[Token]:
    """Inside a functietypering, 'Resultaten' is the block of that name."""
    inside = False
    for tok in tokens:
        if (tok.kind == "head" and tok.key == "functietyperingen") or (
                tok.kind == "title" and tok.key == "functietyperingen"):
            inside = True
        elif inside and tok.kind == "head" and tok.key == "resultaten":
            tok.key = "block:resultaten"
        yield tok


def _one_per_scale(parts: list[tuple[int | None, int]], what: str, path: Where) -> None:
    """Refuse a second functietypering or kwaliteitenprofiel for the same schaal."""
    first: dict[int | None, int] = {}
    for scale, line in parts:
        if scale in first:
            raise FgrError(path, line, f"schaal {scale} has a second {what} (the first is at line {first[scale]})")
        first[scale] = line


def _assign_scales(profile: Profile, path: Where) -> None:
    """Give each kwaliteitenprofiel its schaal: named in the text, or else by position."""
    _one_per_scale([(t.scale, t.scale_line or t.line) for t in profile.typifications], "functietypering", path)
    unnamed = [qp for qp in profile.quality_profiles if qp.scale is None]
    if unnamed:
        if len(unnamed) != len(profile.quality_profiles) or len(unnamed) != len(profile.typifications):
            qp = unnamed[0]
            raise FgrError(path, qp.line,
                           f"{len(profile.quality_profiles)} kwaliteitenprofielen but {len(profile.typifications)} "
                           "functietyperingen, and the text names no 'Schaal N' for each kwaliteitenprofiel: "
                           "expected one kwaliteitenprofiel per functietypering, in the same order")
        for qp, typ in zip(profile.quality_profiles, profile.typifications, strict=True):
            qp.scale = typ.scale
    _one_per_scale([(q.scale, q.line) for q in profile.quality_profiles], "kwaliteitenprofiel", path)


def parse_lines(lines: list[str], *, path: Where = None, sha256: str = "", meta: Meta | None = None,
                warnings: list[FgrWarning] | None = None, encoding: str = "utf-8", media_type: str = "text/plain") -> Profile:
    """Parse already decoded lines. ``path`` is used in messages only."""
    lines, dropped = strip_chrome(lines, path)
    warnings = [*(warnings or []), *dropped]
    tokens = _fix_resultaten_key(iter_tokens(lines))
    name = Path(path).name if path else "<input>"
    meta = meta or Meta()
    source = Source(name, sha256, path=str(path) if path is not None else None, source_url=meta.source_url,
                    retrieved=meta.retrieved, encoding=encoding, media_type=media_type)
    profile = Profile(source_name=name, sha256=sha256, meta=meta, sources=[source], warnings=list(warnings or []))
    parser = _Parser(tokens, path, end_line=len(lines) or None)
    parser.profile(profile)
    profile.warnings += parser.warnings
    profile.area_headings = parser.area_headings
    source.form = profile.form
    _assign_scales(profile, path)
    return profile


def parse_file(path: str | Path, meta: Meta | None = None, max_bytes: int | None = None, max_lines: int | None = None,
               max_line_chars: int | None = None) -> Profile:
    """Read and parse one FGR profile: a text file, or an HTML page (see source/html.py); a limit left at
    None keeps the default of text.py."""
    limits = {"max_bytes": max_bytes, "max_lines": max_lines, "max_line_chars": max_line_chars}
    given: dict[str, Any] = {k: v for k, v in limits.items() if v is not None}  # Any: ints, for **
    check_limits(path, **given)
    data, sha = read_bytes(path, given.pop("max_bytes", MAX_BYTES))
    if looks_like_html(data, str(path)):
        from functiegebouw.source.html import html_text

        page = html_text(data, path, **given)
        return parse_lines(page.lines, path=path, sha256=sha, meta=meta, warnings=page.warnings,
                           encoding=page.encoding, media_type="text/html")
    decoded = decode_text(data, path, **given)
    return parse_lines(decoded.lines, path=path, sha256=sha, meta=meta, warnings=decoded.warnings,
                       encoding=decoded.encoding)
