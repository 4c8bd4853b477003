"""The suggester's candidates as a person reads them (``fgr link suggest``): one block per FGR item,
rows by vocabulary and rank, with score, label and a short id; Dutch headers unless English is asked.

The SSSOM/TSV of the same candidates (``--format sssom``) is what goes into review; this table is for
looking first.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from functiegebouw import i18n
from functiegebouw.rdf import iris

if TYPE_CHECKING:
    from functiegebouw.links.suggest import Source, Suggestion

#: prefixes of the short ids, the curie_map of the suggestions' SSSOM file too
PREFIXES = {"fgrid": iris.ID, "ISCO08": iris.ESCO_ISCO + "C",
            "ESCO.occupation": iris.ESCO_OCCUPATION,
            "ESCO.skill": iris.ESCO_SKILL, "ISCED": iris.ESCO_ISCED_F,
            "sssom": iris.SSSOM}
HEADERS = {"nl": ("rang", "score", "doel", "id", "vocabulaire"),
           "en": ("rank", "score", "target", "id", "vocabulary")}
VOCABULARIES = {"nl": {"occupation": "ESCO-beroep", "isco": "ISCO-08", "skill": "ESCO-vaardigheid", "isced": "ISCED-F"},
                "en": {"occupation": "ESCO occupation", "isco": "ISCO-08", "skill": "ESCO skill", "isced": "ISCED-F"}}
NONE = {"nl": "geen kandidaten", "en": "no candidates"}
NO_ITEMS = {"nl": "geen FGR-items van deze soort(en) om te koppelen", "en": "no FGR items of these kinds to match"}
ORDER = ("occupation", "isco", "skill", "isced")


def short_id(iri: str) -> str:
    """``ISCO08:2432``, ``ESCO.skill:S4.2``, …: the longest prefix that fits, else the IRI."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def heading(source: Source) -> str:
    """``functiegroep 527 Medewerker Communicatie``, ``competentie Luisteren``, …"""
    if source.kind == "functiegroep":
        number = source.iri.rstrip("/").rsplit("/", 1)[-1]
        return f"{source.kind} {number} {source.label}".rstrip()
    return f"{source.kind} {source.label}".rstrip()


def _line(cells: Sequence[str], widths: Sequence[int]) -> str:
    """One row, indented under its heading: rank and score right-aligned (numbers), the rest left."""
    return "  " + "  ".join(c.rjust(w) if i < 2 else c.ljust(w)
                            for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()


def render(results: Iterable[Suggestion], lang: str | None = None) -> str:
    """The Suggestions as aligned text tables, one per FGR item in the order the suggester gave them.

    Rows: the vocabularies in a fixed order (occupations, ISCO-08, skills, ISCED-F), each ranked 1..k
    by score; a score is a similarity 0..1 in the number format of the language."""
    lang = i18n.language(lang)
    blocks: dict[str, tuple[Source, list[Suggestion]]] = {}
    for s in results:
        blocks.setdefault(s.source.iri, (s.source, []))[1].append(s)
    out: list[str] = []
    for source, suggestions in blocks.values():
        rows = []
        for s in sorted(suggestions, key=lambda s: ORDER.index(s.target) if s.target in ORDER else len(ORDER)):
            vocabulary = VOCABULARIES[lang].get(s.target, s.target)
            for rank, (concept, score) in enumerate(s.candidates, 1):
                rows.append((str(rank), i18n.number(score, 3, lang), concept.label, short_id(concept.iri), vocabulary))
        if out:
            out.append("")
        out.append(heading(source))
        if not rows:
            out.append(f"  ({NONE[lang]})")
            continue
        header = HEADERS[lang]
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        out.extend(_line(r, widths) for r in [header, *rows])
    return "\n".join(out) + "\n" if out else ""
