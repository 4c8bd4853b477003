"""The FUWASYS scores of one typering as a small bar chart: inline SVG, readable without script.

One bar per kenmerk (the position of the digit in the code), the score written above it and the
kenmerk number below; each bar has a <title> with the kenmerk's name, and the chart a text
alternative, so a screen reader reads "kenmerk 1 Complexiteit van de werkzaamheden: 3". A table
with the same figures stands beside the chart on the page.
"""
from __future__ import annotations

from html import escape as e

BAR, GAP, HEIGHT, TOP, BOTTOM, LEFT = 18, 6, 100, 16, 18, 22


def fuwasys_svg(scores: list[tuple[int, int, str]], caption: str, ident: str) -> str:
    """``scores``: (kenmerk number, score, kenmerk name) in order. ``ident``: a unique element id."""
    top = max([4] + [s for _, s, _ in scores])
    width = LEFT + len(scores) * (BAR + GAP) + GAP
    total_h = TOP + HEIGHT + BOTTOM
    unit = HEIGHT / top
    parts = [f'<svg class="fuwasys" role="img" aria-labelledby="{ident}-t {ident}-d" '
             f'viewBox="0 0 {width} {total_h}" width="{width * 2}" height="{total_h * 2}" '
             f'xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{ident}-t">{e(caption)}</title>',
             f'<desc id="{ident}-d">' + e("; ".join(f"kenmerk {k} {n}: {s}" for k, s, n in scores)) + "</desc>"]
    for level in range(1, top + 1):  # grid labels on the left
        y = TOP + HEIGHT - level * unit
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{level}</text>')
    parts.append(f'<line class="as" x1="{LEFT}" y1="{TOP + HEIGHT}" x2="{width}" y2="{TOP + HEIGHT}"/>')
    for i, (kenmerk, score, name) in enumerate(scores):
        x = LEFT + GAP + i * (BAR + GAP)
        h = max(score, 0) * unit
        y = TOP + HEIGHT - h
        parts.append(f'<g><title>kenmerk {kenmerk} {e(name)}: {score}</title>'
                     f'<rect class="bar" x="{x}" y="{y:.1f}" width="{BAR}" height="{h:.1f}"/>'
                     f'<text x="{x + BAR / 2}" y="{y - 3:.1f}" text-anchor="middle">{score}</text>'
                     f'<text x="{x + BAR / 2}" y="{TOP + HEIGHT + 13}" text-anchor="middle">{kenmerk}</text></g>')
    parts.append("</svg>")
    return "".join(parts)
