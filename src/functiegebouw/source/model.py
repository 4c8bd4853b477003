"""Plain data model of one FGR profile, between the text and the graph."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from functiegebouw.errors import FgrWarning

AREAS = ("opdracht", "omgeving", "bedrijfsvoering", "vernieuwen-en-verbeteren")
AREA_TITLES = {
    "opdracht": "Opdracht(gever)(ambtelijk)",
    "omgeving": "Omgeving",
    "bedrijfsvoering": "Bedrijfsvoering",
    "vernieuwen-en-verbeteren": "Vernieuwen en verbeteren",
}
# The blocks of a functietypering in page order; "varianten" (variants within one schaal) is optional.
BLOCKS = ("algemene-omschrijving", "varianten", "resultaten", "speelruimte-kaders", "kennis-en-vaardigheden",
          "contacten")
OPTIONAL_BLOCKS = frozenset({"varianten"})
BLOCK_TITLES = {
    "algemene-omschrijving": "Algemene omschrijving",
    "varianten": "Varianten",
    "resultaten": "Resultaten",
    "speelruimte-kaders": "Speelruimte/Kaders",
    "kennis-en-vaardigheden": "Kennis en vaardigheden",
    "contacten": "Contacten",
}
#: A FUWASYS code has 14 scores; one with more digits than this is kept as written and reported,
#: not split into scores (a 99,000-digit "code" would otherwise become 99,000 score nodes).
MAX_CODE_DIGITS = 30
_VARIANT_PREFIX = re.compile(r"^\s*variant\s*\d+\s*[.:)]?", re.IGNORECASE)


def code_parts(code: str) -> tuple[str, str]:
    """The score digits and the stated total of a FUWASYS code as written ("Variant 2. 32222
    23222 22 22 (30)" -> "32222232222222", "30"): one reading for the parser's check and the graph."""
    digits, _, total = _VARIANT_PREFIX.sub("", code).partition("(")
    return "".join(c for c in digits if c.isdigit()), total.rstrip(") ").strip()
# "HBO/WO Bedrijfskunde": the education levels a line starts with, without a colon after them
_LEVELS_FIRST = re.compile(r"^((?:VMBO|MBO|HAVO|VWO|HBO|WO)(?:\s*\+|\s+[1-4]\b|-(?:basis|kader|gl|tl)\b)?"
                           r"(?:\s*(?:/|,|\bof\b|\ben\b|&)\s*(?:VMBO|MBO|HAVO|VWO|HBO|WO)(?:\s*\+|\s+[1-4]\b)?)*)"
                           r"\s+(?=\S)(.*)$")


def education_parts(text: str) -> tuple[str, str, bool]:
    """The levels and the field of an opleidingsrichting line ("MBO: relevant voor het vakgebied" ->
    "MBO", "relevant voor het vakgebied"), and whether that needed a guess: without a colon, the
    level words the line starts with ("HBO/WO Bedrijfskunde of Bestuurskunde") are taken as its levels."""
    if ":" in text:
        levels, _, field = text.partition(":")
        return levels.strip(), field.strip(" .;"), False
    m = _LEVELS_FIRST.match(text.strip())
    if m:
        return m.group(1).strip(), m.group(2).strip(" .;"), True
    return "", text.strip(" .;"), False


# Sub-sections of a kwaliteitenprofiel, in the order the FGR site shows them; "overige kennis en
# vaardigheden" is on some pages only.
QP_SECTIONS = ("ervaring", "werk-en-denkniveau", "opleidingsrichting", "overige-kennis-en-vaardigheden",
               "opleiding-departementsspecifiek", "competenties", "competenties-departementsspecifiek")
OPTIONAL_QP_SECTIONS = frozenset({"overige-kennis-en-vaardigheden"})
QP_TITLES = {
    "ervaring": "Ervaring",
    "werk-en-denkniveau": "Werk- en denkniveau",
    "opleidingsrichting": "Opleidingsrichting en/of vakkennis",
    "overige-kennis-en-vaardigheden": "Overige kennis en vaardigheden",
    "opleiding-departementsspecifiek": "Opleiding departementsspecifiek",
    "competenties": "Competenties",
    "competenties-departementsspecifiek": "Competenties departementsspecifiek",
}

# The forms in which a page can be copied from the FGR site.
WHOLE, KERNPROFIEL, COMPARE_TYPERINGEN, COMPARE_KWALITEITENPROFIELEN = (
    "functiegroep", "kernprofiel", "vergelijk-functietyperingen", "vergelijk-kwaliteitenprofielen")
FORMS = (WHOLE, KERNPROFIEL, COMPARE_TYPERINGEN, COMPARE_KWALITEITENPROFIELEN)

# What an unbulleted line is: it introduces the bullets after it (ends in ':' or 'd.m.v.'), joins two
# groups of bullets ('en/of'), is a sentence or paragraph of its own, or continues the bullet above it.
LEAD, CONNECTIVE, PARAGRAPH, CONTINUATION = "inleidende-regel", "verbindingsregel", "alinea", "vervolgregel"
LINE_KINDS = (LEAD, CONNECTIVE, PARAGRAPH, CONTINUATION)


@dataclass
class Item:
    """One line of content: a bullet, or an unbulleted lead line, connective, paragraph or continuation."""
    text: str
    line: int
    bulleted: bool = True
    subheading: str | None = None
    kind: str | None = None  # one of LINE_KINDS for an unbulleted line (None for a bullet or a P.M.)
    variants: tuple[int, ...] = ()  # the variants of its schaal this line belongs to only ("(variant 2)")
    source: int = 0  # index into Profile.sources
    end_line: int | None = None  # the last line of a bullet wrapped onto several lines (None: one line)

    @property
    def is_placeholder(self) -> bool:
        return is_placeholder(self.text)


def is_placeholder(text: str) -> bool:
    return text.replace(" ", "").replace(".", "").lower() == "pm"


@dataclass
class QualityProfile:
    line: int
    scale: int | None = None
    scale_by_heading: bool = False
    scale_by_header: bool = False  # named by the "schaal X schaal Y" line of a compare page
    sections: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in QP_SECTIONS})
    source: int = 0
    also: list[tuple[int, int]] = field(default_factory=list)  # (source, line) of identical copies


@dataclass
class Code:
    """A FUWASYS code line as written; ``variant`` is N for a line "Variant N. 22222 …"."""
    raw: str
    line: int
    variant: int | None = None


@dataclass
class Typification:
    line: int
    scale: int | None = None
    scale_line: int | None = None
    scale_by_header: bool = False  # no "Schaal N" line of its own: the compare page's header names it
    codes: list[Code] = field(default_factory=list)
    blocks: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in BLOCKS})
    source: int = 0
    also: list[tuple[int, int]] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        return self.codes[0].raw if self.codes else None

    @property
    def code_line(self) -> int | None:
        return self.codes[0].line if self.codes else None

    @property
    def variants(self) -> list[int]:
        """The variant numbers of a schaal with variants ("Variant 1. …", "Variant 2. …"), else []."""
        return [c.variant for c in self.codes if c.variant is not None]


@dataclass
class Meta:
    """What the text does not say: from the metadata file beside the source, or the command line."""
    functiegroep_id: int | None = None
    label: str | None = None
    functiefamilie: str | None = None
    source_url: str | None = None
    retrieved: str | None = None  # ISO date
    # key -> its line in the TOML file
    lines: dict[str, int | None] = field(default_factory=dict, compare=False, repr=False)


@dataclass
class Source:
    """One source text of a profile: its name and hash, its page form, and what its title line said."""
    name: str
    sha256: str
    form: str = WHOLE
    path: str | None = None
    source_url: str | None = None
    retrieved: str | None = None
    title: str | None = None  # the functiegroep's name on the title line of a compare page
    title_line: int | None = None
    compare_scales: list[int] = field(default_factory=list)  # the schalen the title line names
    encoding: str = "utf-8"
    media_type: str = "text/plain"  # text/html for a page read as HTML


@dataclass
class Profile:
    source_name: str
    sha256: str
    meta: Meta
    results: dict[str, list[Item]] = field(default_factory=dict)
    indicators: dict[str, list[Item]] = field(default_factory=dict)
    competencies: list[Item] = field(default_factory=list)
    quality_profiles: list[QualityProfile] = field(default_factory=list)
    typifications: list[Typification] = field(default_factory=list)
    form: str = WHOLE
    sources: list[Source] = field(default_factory=list)
    kernprofiel_also: list[tuple[int, int]] = field(default_factory=list)
    # "resultaten"/"gedragsindicatoren" -> area -> its heading as written, where it says more than the
    # usual title ("Opdracht(gever) (politiek/ambtelijk)")
    area_headings: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[FgrWarning] = field(default_factory=list)  # FgrWarning: usable input a person should look at

    def __post_init__(self) -> None:
        if not self.sources:
            self.sources = [Source(self.source_name, self.sha256, self.form, source_url=self.meta.source_url,
                                   retrieved=self.meta.retrieved)]

    @property
    def has_kernprofiel(self) -> bool:
        return bool(self.results or self.indicators or self.competencies)

    @property
    def title(self) -> str | None:
        return self.sources[0].title if self.sources else None
