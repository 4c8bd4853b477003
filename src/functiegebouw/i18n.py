"""One language per output: Dutch by default, English on request (``--lang en``, ``FGR_LANG=en``).

The words a person reads in the command's tables, summaries and messages live here, per language,
with the one money and number format of each language. Error messages of bad input (FgrError)
stay English: they name files, lines and SPARQL/RDF terms that are English anyway, and one
language there keeps them searchable (documented in docs/reference/languages-and-answers.md).
"""
from __future__ import annotations

import os

# decimal only for annotations: every command imports this module, few print numbers (mypy reads the block as true)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from decimal import Decimal

LANGUAGES = ("nl", "en")
DEFAULT = "nl"

_chosen: str | None = None  # set by `fgr --lang` for the run of one command


def use(lang: str | None) -> str | None:
    """Make ``lang`` the language of this process's output (None: back to FGR_LANG or Dutch);
    returns the previous choice, so that a caller can restore it."""
    global _chosen
    previous, _chosen = _chosen, (check(lang) if lang else None)
    return previous


def check(lang: str) -> str:
    from functiegebouw.errors import FgrError

    low = str(lang).strip().lower()
    if low not in LANGUAGES:
        raise FgrError(None, None, f"language {lang!r} is not available (choose {' or '.join(LANGUAGES)})")
    return low


def language(lang: str | None = None) -> str:
    """``lang`` if given, else ``fgr --lang``, else the FGR_LANG environment variable, else Dutch."""
    if lang:
        return check(lang)
    if _chosen:
        return _chosen
    env = os.environ.get("FGR_LANG", "").strip()
    if env:
        # FGR_LANG=en_US.UTF-8 as LANG is written works too
        return check(env.split("_")[0].split(".")[0])
    return DEFAULT


MESSAGES: dict[str, dict[str, str]] = {
    "rows": {"nl": "({n} rijen)", "en": "({n} rows)"},
    "row": {"nl": "(1 rij)", "en": "(1 row)"},
    "no_rows": {"nl": "(geen rijen)", "en": "(no rows)"},
    "required": {"nl": "verplicht", "en": "required"},
    "optional": {"nl": "optioneel", "en": "optional"},
    "update_done": {"nl": "update uitgevoerd", "en": "update done"},
    "unused_predicate": {"nl": "let op: de graaf gebruikt predicaat <{iri}> nergens",
                         "en": "note: no triple of the graph uses predicate <{iri}>"},
    "unused_class": {"nl": "let op: de graaf heeft geen instanties van klasse <{iri}>",
                     "en": "note: the graph has no instance of class <{iri}>"},
    "needs": {"nl": "let op: deze query heeft <{iri}> nodig en de graaf heeft dat niet; aan te vullen met: {hint}",
              "en": "note: this query needs <{iri}> and the graph has none; add it with: {hint}"},
    "converted": {"nl": "{source} → {output}: {triples} triples ({fmt})",
                  "en": "{source} → {output}: {triples} triples ({fmt})"},
    "cache_built": {"nl": "gegevens voor het vergelijken opgebouwd in {seconds} s, eenmalig (in {where}); "
                          "volgende keren gaat het snel",
                    "en": "built the data for comparing in {seconds} s, once (in {where}); later runs are fast"},
}


def text(key: str, lang: str | None = None, **values: object) -> str:
    """The message ``key`` in the output language, filled in with ``values``."""
    return MESSAGES[key][language(lang)].format(**values)


def _grouped(digits: str, sep: str) -> str:
    out: list[str] = []
    while len(digits) > 3:
        digits, out = digits[:-3], [digits[-3:], *out]
    return sep.join([digits, *out])


def number(value: int | float | Decimal | str, decimals: int = 0, lang: str | None = None) -> str:
    """A number as a person of the language writes it: nl ``3.091,60``, en ``3,091.60``."""
    from decimal import ROUND_HALF_UP, Decimal  # here: every command imports this module, few print numbers

    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    whole, _, fraction = format(abs(amount), "f").partition(".")
    thousands, point = (".", ",") if language(lang) == "nl" else (",", ".")
    return sign + _grouped(whole, thousands) + (point + fraction if fraction else "")


def money(value: int | float | Decimal | str, lang: str | None = None) -> str:
    """An amount in euros: nl ``€ 3.091,60`` (the Dutch way, with a space), en ``€3,091.60``."""
    lang = language(lang)
    amount = number(value, 2, lang)
    return f"€ {amount}" if lang == "nl" else f"€{amount}"
