"""The FUWASYS scores of one typering as a small bar chart: inline SVG, readable without script.

One horizontal bar per kenmerk, the kenmerk's number and name on the axis beside it (so the chart
reads without the table: "1 Complexiteit van de werkzaamheden"), the score at the end of the bar;
each bar has a <title>, and the chart a text alternative, so a screen reader reads "kenmerk 1
Complexiteit van de werkzaamheden: 3". A table with the same figures stands beside the chart.
"""
from __future__ import annotations

from html import escape as e

ROW, BAR, TOP, LABEL, UNIT, RIGHT = 20, 14, 18, 250, 44, 24


def fuwasys_svg(scores: list[tuple[int, int, str]], caption: str, ident: str) -> str:
    """``scores``: (kenmerk number, score, kenmerk name) in order. ``ident``: a unique element id."""
    top = max([4] + [s for _, s, _ in scores])
    width = LABEL + top * UNIT + RIGHT
    total_h = TOP + len(scores) * ROW + 4
    parts = [f'<svg class="fuwasys" role="img" aria-labelledby="{ident}-t {ident}-d" '
             f'viewBox="0 0 {width} {total_h}" width="{width * 3 // 2}" height="{total_h * 3 // 2}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{ident}-t">{e(caption)}</title>',
             f'<desc id="{ident}-d">' + e("; ".join(f"kenmerk {k} {n}: {s}" for k, s, n in scores)) + "</desc>"]
    for level in range(0, top + 1):  # the score axis on top, a faint line per point
        x = LABEL + level * UNIT
        parts.append(f'<text class="schaalwaarde" x="{x}" y="11" text-anchor="middle">{level}</text>'
                     f'<line class="raster" x1="{x}" y1="{TOP - 4}" x2="{x}" y2="{total_h - 2}"/>')
    for i, (kenmerk, score, name) in enumerate(scores):
        y = TOP + i * ROW
        w = max(score, 0) * UNIT
        label = f"{kenmerk} {name}" if name else f"kenmerk {kenmerk}"
        parts.append(f'<g><title>kenmerk {kenmerk} {e(name)}: {score}</title>'
                     f'<text class="kenmerk" x="{LABEL - 6}" y="{y + BAR - 2}" text-anchor="end">{e(label)}</text>'
                     f'<rect class="bar" x="{LABEL}" y="{y + (ROW - BAR) // 2}" width="{w}" height="{BAR}"/>'
                     f'<text x="{LABEL + w + 4}" y="{y + BAR - 2}">{score}</text></g>')
    parts.append(f'<line class="as" x1="{LABEL}" y1="{TOP - 4}" x2="{LABEL}" y2="{total_h - 2}"/>')
    parts.append("</svg>")
    return "".join(parts)
