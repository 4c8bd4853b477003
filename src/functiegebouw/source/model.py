"""Plain data model of one FGR profile, between the text and the graph."""
from __future__ import annotations

from dataclasses import dataclass, field

AREAS = ("opdracht", "omgeving", "bedrijfsvoering", "vernieuwen-en-verbeteren")
AREA_TITLES = {
    "opdracht": "Opdracht(gever)(ambtelijk)",
    "omgeving": "Omgeving",
    "bedrijfsvoering": "Bedrijfsvoering",
    "vernieuwen-en-verbeteren": "Vernieuwen en verbeteren",
}
BLOCKS = ("algemene-omschrijving", "resultaten", "speelruimte-kaders", "kennis-en-vaardigheden", "contacten")
BLOCK_TITLES = {
    "algemene-omschrijving": "Algemene omschrijving",
    "resultaten": "Resultaten",
    "speelruimte-kaders": "Speelruimte/Kaders",
    "kennis-en-vaardigheden": "Kennis en vaardigheden",
    "contacten": "Contacten",
}
#: A FUWASYS code has 14 scores; one with more digits than this is kept as written and reported,
#: not split into scores (a 99,000-digit "code" would otherwise become 99,000 score nodes).
MAX_CODE_DIGITS = 30
# Sub-sections of a kwaliteitenprofiel, in the order the FGR site shows them.
QP_SECTIONS = ("ervaring", "werk-en-denkniveau", "opleidingsrichting", "opleiding-departementsspecifiek",
               "competenties", "competenties-departementsspecifiek")
QP_TITLES = {
    "ervaring": "Ervaring",
    "werk-en-denkniveau": "Werk- en denkniveau",
    "opleidingsrichting": "Opleidingsrichting en/of vakkennis",
    "opleiding-departementsspecifiek": "Opleiding departementsspecifiek",
    "competenties": "Competenties",
    "competenties-departementsspecifiek": "Competenties departementsspecifiek",
}


@dataclass
class Item:
    """One line of content: a bullet, or an unbulleted lead line or paragraph."""
    text: str
    line: int
    bulleted: bool = True
    subheading: str | None = None

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
    sections: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in QP_SECTIONS})


@dataclass
class Typification:
    line: int
    scale: int | None = None
    scale_line: int | None = None
    code: str | None = None
    code_line: int | None = None
    blocks: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in BLOCKS})


@dataclass
class Meta:
    """What the text does not say: from the metadata file beside the source, or the command line."""
    functiegroep_id: int | None = None
    label: str | None = None
    functiefamilie: str | None = None
    source_url: str | None = None
    retrieved: str | None = None  # ISO date
    lines: dict = field(default_factory=dict, compare=False, repr=False)  # key -> line in the TOML file


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
    warnings: list = field(default_factory=list)  # FgrError: what was kept as written but not understood
