"""A functiefamilie as a ladder over schaal 1–19: an inline SVG drawn from the catalogue's ranges, one bar per
functiegroep, readable without JavaScript. The SVG is an image with a title and a description
(``role="img"``, ``aria-labelledby``); the pages put the same facts beside it as a list with links, which is
the text alternative a screen reader or a text browser reads."""
from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from functiegebouw.site.model import Catalogusgroep

SCALES = range(1, 20)
LABEL_WIDTH = 330   # room for the longest name of the catalogue at 11 px
STEP = 24           # one schaal
ROW = 18
TOP = 22            # the row of schaal numbers
PROFILE, CATALOGUE, HIGHLIGHT = "#01689b", "#8fcae7", "#1a1a1a"  # Rijksoverheid blue, a light blue, near-black


def _x(schaal: int) -> int:
    return LABEL_WIDTH + (schaal - 1) * STEP


def ladder_svg(ident: str, family: str, groups: Iterable[Catalogusgroep], highlight: str | None = None) -> str:
    """The ladder of ``family``: ``groups`` are site.model.Catalogusgroep (any order; drawn from the lowest
    range up), ``highlight`` the IRI of a group to outline (its own page). ``ident`` makes the ids unique."""
    rows = sorted(groups, key=lambda g: (g.laagste, g.hoogste, g.naam, g.iri))
    width, height = _x(20) + 4, TOP + ROW * len(rows) + 4
    title, desc = f"{ident}-titel", f"{ident}-beschrijving"
    with_profile = sum(1 for g in rows if g.profiel)
    out = [f'<svg class="ladder" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="100%" role="img" aria-labelledby="{title} {desc}" font-family="sans-serif" font-size="11">',
           f'<title id="{title}">Ladder van de functiefamilie {escape(family)}</title>',
           f'<desc id="{desc}">Het schaalbereik van elk van de {len(rows)} functiegroepen van {escape(family)} over '
           f'schaal 1 tot en met 19, van het laagste bereik naar boven; {with_profile} met een profiel op deze site '
           f'(donkerblauw). De lijst bij de figuur noemt dezelfde bereiken.</desc>']
    for n in SCALES:  # the axis: schaal numbers, and a faint line per schaal
        x = _x(n)
        out.append(f'<text x="{x + STEP // 2}" y="14" text-anchor="middle" fill="{HIGHLIGHT}">{n}</text>')
        out.append(f'<line x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{height - 4}" stroke="#d0d0d0" stroke-width="1"/>')
    for i, g in enumerate(rows):
        y = TOP + i * ROW
        fill = PROFILE if g.profiel else CATALOGUE
        outline = f' stroke="{HIGHLIGHT}" stroke-width="2"' if g.iri == highlight else ""
        weight = ' font-weight="bold"' if g.iri == highlight else ""
        out.append(f'<text x="{LABEL_WIDTH - 6}" y="{y + ROW - 5}" text-anchor="end" fill="{HIGHLIGHT}"{weight}>'
                   f'{escape(g.titel)}</text>')
        out.append(f'<rect x="{_x(g.laagste) + 1}" y="{y + 2}" width="{(g.hoogste - g.laagste + 1) * STEP - 2}" '
                   f'height="{ROW - 4}" rx="3" fill="{fill}"{outline}><title>{escape(g.naam)}: schaal '
                   f'{escape(g.bereik)}</title></rect>')
    out.append("</svg>")
    return "".join(out)
