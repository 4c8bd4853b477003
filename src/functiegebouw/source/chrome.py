"""The FGR site's own words around a profile, as a select-all copy (Ctrl+A) brings them along.

A person who copies a page from functiegebouwrijksoverheid.nl gets the skip link, the menu, the
breadcrumb, the group name, the "Functiegroep | Salarisschaal … | Werk-/denkniveau …" line and the
tab labels before "Resultaten", and "Naar top van de pagina" and the footer (Privacy, Cookies,
Contact, Toegankelijkheid) after the last block. None of that is profile content: it is cut off here,
with one warning that lists what was dropped, so that it is never read as data (the footer's
"Privacy" used to become a competentie with a concept of its own).
"""
from __future__ import annotations

import re

from functiegebouw.errors import FgrWarning, Where
from functiegebouw.source.text import clean

#: Words of the site's chrome (skip link, menu, footer, back-to-top link), casefolded: never a
#: competentie or a line of a profile. Taken from the layout of the FGR site's pages.
SITE_WORDS = frozenset({
    "ga direct naar inhoud", "naar top van de pagina", "terug naar boven", "privacy", "cookies", "contact",
    "toegankelijkheid", "copyright", "sitemap", "colofon", "menu", "zoeken", "home", "functiegebouw rijksoverheid",
    "over het functiegebouw", "veelgestelde vragen", "nieuws", "functiefamilies", "kwetsbaarheid melden",
    "archief", "print", "printen", "deel deze pagina", "cookie-instellingen", "accepteren", "weigeren",
    "alle cookies accepteren", "alleen noodzakelijke cookies", "sluiten", "english",
})
# "Naar top van de pagina": the end of the content on every page of the site; the footer follows it
_TOP = {"naar top van de pagina", "terug naar boven"}
# where the profile starts: its first heading, or the title line of a compare page
_START = re.compile(r"^(?:resultaten|vergelijk\s+(?:functietyperingen|kwaliteitenprofielen)\s+tussen\b.*)$",
                    re.IGNORECASE)
_BULLET = re.compile(r"^[\u2022\u00b7\u25aa\u25cf\u25e6\uf0b7\u2013*-]\s")
_SHOWN = 8  # dropped lines listed in the warning; the rest counted


def is_site_word(text: str) -> bool:
    """True for a line that is the site's chrome, not profile content ("Privacy", "Naar top van de pagina")."""
    return clean(text).replace("\ufeff", "").strip(" .:").casefold() in SITE_WORDS


def _norm(line: str) -> str:
    return clean(line).replace("\ufeff", "").strip()


def strip_chrome(lines: list[str], path: Where = None) -> tuple[list[str], list[FgrWarning]]:
    """``lines`` with the site's chrome before and after the profile blanked (line numbers kept), and
    a warning per side that lists the dropped lines.

    Before: everything above the first 'Resultaten' heading or compare-page title line, provided it
    holds no bullet (a bulleted list there is a profile out of order, which the parser refuses with
    its own message). After: "Naar top van de pagina" and every line after it, or else a run of
    site words at the very end.
    """
    out = list(lines)
    warnings: list[FgrWarning] = []
    texts = [_norm(line) for line in lines]
    filled = [n for n, t in enumerate(texts) if t]
    if not filled:
        return out, warnings
    start = next((n for n in filled if _START.match(texts[n])), None)
    if start is not None and start != filled[0]:
        before = [n for n in filled if n < start]
        if not any(_BULLET.match(texts[n]) or texts[n][:1] in "\u2022\u25cf\u25aa" for n in before):
            for n in before:
                out[n] = ""
            warnings.append(_dropped(path, before, texts, "before the profile (site chrome of a select-all copy)"))
    top = next((n for n in reversed(filled) if texts[n].casefold().strip(" .") in _TOP), None)
    if top is not None and (start is None or top > start):
        after = [n for n in filled if n >= top]
    else:
        after = []
        for n in reversed(filled):
            if not is_site_word(texts[n]) or (start is not None and n <= start):
                break
            after.insert(0, n)
    if after:
        for n in after:
            out[n] = ""
        warnings.append(_dropped(path, after, texts, "after the profile (the site's footer)"))
    return out, warnings


def _dropped(path: Where, numbers: list[int], texts: list[str], where: str) -> FgrWarning:
    shown = "; ".join(f"{n + 1}: {texts[n][:40]!r}" for n in numbers[:_SHOWN])
    more = f"; and {len(numbers) - _SHOWN} more" if len(numbers) > _SHOWN else ""
    return FgrWarning(path, numbers[0] + 1, f"{len(numbers)} line(s) {where} dropped, not read as data: "
                                            f"{shown}{more}", "chrome")
