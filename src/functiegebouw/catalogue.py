"""The FGR catalogue: every functiegroep with its familie, schaal range, salary range and whether a profile of
it is loaded, from the named query ``catalogus``; and two functiegroepen compared at catalogue level.

``groups(store, familie=…, schaal=…)`` lists them, ``find(store, "Medewerker Advisering")`` (a name, an FGR
number or the site's identifier) finds one, ``render_table(groups, fmt)`` writes text, CSV, JSON or Markdown,
``compare_groups(store, a, b)`` and ``render_comparison(c, fmt)`` compare two.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from functiegebouw.errors import FgrError
from functiegebouw.i18n import money

if TYPE_CHECKING:
    from functiegebouw.sparql.base import Store

FORMATS = ("text", "csv", "json", "md")
# column headers per language: Dutch by default, English on request
HEADERS = {
    "nl": ("familie", "nummer", "functiegroep", "schalen", "salaris per maand", "profiel"),
    "en": ("job family", "number", "job group", "scales", "monthly salary", "profile"),
}
WORDS = {
    "nl": {"yes": "geladen", "no": "—", "at least": "ten minste", "unknown": "onbekend", "none": "geen",
           "groups": "functiegroepen", "with profile": "met profiel", "overlap": "gedeelde schalen", "familie": "familie", "range": "schalen",
           "salary": "salaris per maand", "profile": "profiel", "same family": "zelfde familie",
           "step": "afgeleide stap", "no overlap": "geen: {a} eindigt op {x}, {b} begint op {y}",
           "meets": "sluit aan", "profiles": "De profielen naast elkaar:",
           "no profiles": "Geen profielvergelijking: van {names} is geen profiel geladen.",
           "salary note": "Salaris: CAO Rijk per 1 januari 2024, minimum van de laagste en maximum van de hoogste schaal."},
    "en": {"yes": "loaded", "no": "—", "at least": "at least", "unknown": "unknown", "none": "none",
           "groups": "job groups", "with profile": "with a profile", "overlap": "shared scales", "familie": "job family", "range": "scales",
           "salary": "monthly salary", "profile": "profile", "same family": "same job family",
           "step": "derived step", "no overlap": "none: {a} ends at {x}, {b} starts at {y}",
           "meets": "meets", "profiles": "The profiles side by side:",
           "no profiles": "No profile comparison: no profile is loaded for {names}.",
           "salary note": "Salary: CAO Rijk as of 1 January 2024, minimum of the lowest and maximum of the highest scale."},
}


@dataclass(frozen=True)
class CatalogueGroup:
    """One functiegroep of the catalogue, as the ``catalogus`` query answers it."""
    familie: str
    nummer: int | None        # the FGR number, where known (never made up)
    naam: str
    laagste: int
    hoogste: int
    salaris_min: Decimal | None  # of the lowest schaal; None where no figure is known
    salaris_max: Decimal | None  # of the highest schaal; None where only a minimum (or nothing) is known
    profiel: bool             # a profile of it is loaded in the graph
    iri: str

    @property
    def schalen(self) -> str:
        return str(self.laagste) if self.laagste == self.hoogste else f"{self.laagste}–{self.hoogste}"

    def salaris(self, lang: str = "nl") -> str:
        """"€ 2.506,92 – € 3.954,44", "ten minste € 2.945,77" (only a minimum known) or "onbekend";
        in English "€2,506.92 – €3,954.44", "at least €2,945.77", "unknown" (i18n.money: one format per language)."""
        words = WORDS[lang]
        if self.salaris_min is None:
            return words["unknown"]
        if self.salaris_max is None:
            return f"{words['at least']} {money(self.salaris_min, lang)}"
        return f"{money(self.salaris_min, lang)} – {money(self.salaris_max, lang)}"

    def title(self) -> str:
        return f"{self.nummer} {self.naam}" if self.nummer is not None else self.naam


def euro(value: Decimal) -> str:
    """Dutch notation: € 2.945,77."""
    return money(value, "nl")


def groups(store: Store, familie: str | None = None, schaal: int | None = None) -> list[CatalogueGroup]:
    """The catalogue's functiegroepen, per familie in the FGR's order and from the lowest schaal up."""
    params: dict[str, object] = {}
    if familie is not None:
        params["familie"] = familie
    if schaal is not None:
        params["schaal"] = schaal
    result = store.query("catalogus", params)
    out = []
    for row in result.rows:
        r = dict(zip(result.columns, row, strict=True))
        out.append(CatalogueGroup(
            familie=str(r["functiefamilie"]), nummer=None if r["functiegroep"] is None else int(r["functiegroep"]),
            naam=str(r["naam"]), laagste=int(r["laagste"]), hoogste=int(r["hoogste"]),
            salaris_min=None if r["salarisMin"] is None else Decimal(str(r["salarisMin"])),
            salaris_max=None if r["salarisMax"] is None else Decimal(str(r["salarisMax"])),
            profiel=bool(r["profielGeladen"]), iri=str(r["groep"])))
    return out


def find(store: Store, key: str, catalogue: list[CatalogueGroup] | None = None) -> CatalogueGroup:
    """The functiegroep named by ``key``: its FGR number, its name (case-insensitive) or the site's
    identifier (the last part of its IRI); an unknown key is an error naming the nearest names."""
    catalogue = groups(store) if catalogue is None else catalogue
    wanted = key.strip()
    for g in catalogue:
        if (wanted.isdigit() and g.nummer == int(wanted)) or g.naam.casefold() == wanted.casefold() \
                or g.iri.rsplit("/", 1)[-1] == wanted:
            return g
    names = [g.naam for g in catalogue]
    near = difflib.get_close_matches(wanted, names, n=3, cutoff=0.5) or difflib.get_close_matches(
        wanted.casefold(), [n.casefold() for n in names], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(repr(n) for n in near)}?" if near else ""
    raise FgrError(None, None, f"no functiegroep {wanted[:80]!r} in the catalogue (a name, FGR number or the "
                               f"site's identifier){hint}")


def render_table(rows: list[CatalogueGroup], fmt: str = "text", lang: str = "nl") -> str:
    """The catalogue as a table: text (aligned columns), csv, json or md."""
    if fmt not in FORMATS:
        raise FgrError(None, None, f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    words = WORDS[lang]
    if fmt == "json":
        return json.dumps([{**{k: v for k, v in asdict(g).items() if not k.startswith("salaris")},
                            "salaris_min": None if g.salaris_min is None else str(g.salaris_min),
                            "salaris_max": None if g.salaris_max is None else str(g.salaris_max),
                            "salaris": g.salaris(lang)} for g in rows], ensure_ascii=False, indent=2) + "\n"
    table = [[g.familie, "" if g.nummer is None else str(g.nummer), g.naam, g.schalen, g.salaris(lang),
              words["yes"] if g.profiel else words["no"]] for g in rows]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADERS[lang])
        writer.writerows([[*r[:5], "true" if g.profiel else "false"] for r, g in zip(table, rows, strict=True)])
        return buffer.getvalue()
    if fmt == "md":
        def cell(text: str) -> str:
            return text.replace("\\", "\\\\").replace("|", "\\|")
        lines = ["| " + " | ".join(HEADERS[lang]) + " |", "|" + "---|" * len(HEADERS[lang])]
        lines += ["| " + " | ".join(cell(c) for c in r) + " |" for r in table]
        return "\n".join(lines) + "\n"
    widths = [max(len(h), *(len(r[i]) for r in table)) if table else len(h) for i, h in enumerate(HEADERS[lang])]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS[lang], widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in table]
    families = len({g.familie for g in rows})
    lines.append(f"{len(rows)} {words['groups']}, {families} {words['familie'] if families == 1 else 'families'}; "
                 f"{sum(g.profiel for g in rows)} {words['with profile']}")
    lines.append(words["salary note"])
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class GroupComparison:
    """Two functiegroepen at catalogue level: familie, range, salary, the schalen they share, the derived step."""
    a: CatalogueGroup
    b: CatalogueGroup
    overlap: tuple[int, int] | None  # the shared schalen (lowest, highest), None when the ranges do not meet
    stap: str | None                  # "a -> b" / "b -> a" when one is a derived next step of the other

    @property
    def same_family(self) -> bool:
        return self.a.familie == self.b.familie


def compare_groups(store: Store, a: CatalogueGroup, b: CatalogueGroup) -> GroupComparison:
    low, high = max(a.laagste, b.laagste), min(a.hoogste, b.hoogste)
    steps = {(r[0], r[1]) for r in store.query(
        "PREFIX fgr: <https://w3id.org/functiegebouw/def#> SELECT ?x ?y WHERE { ?x fgr:derivedNextStep ?y }").rows}
    stap = "a -> b" if (a.iri, b.iri) in steps else "b -> a" if (b.iri, a.iri) in steps else None
    return GroupComparison(a, b, (low, high) if low <= high else None, stap)


def render_comparison(c: GroupComparison, fmt: str = "text", lang: str = "nl") -> str:
    """The catalogue part of ``fgr compare --functiegroepen``: text, markdown or json (a dict, as text)."""
    words = WORDS[lang]
    if c.overlap is not None:
        shared = str(c.overlap[0]) if c.overlap[0] == c.overlap[1] else f"{c.overlap[0]}–{c.overlap[1]}"
    else:
        first, second = sorted((c.a, c.b), key=lambda g: g.laagste)
        shared = words["no overlap"].format(a=first.naam, x=first.hoogste, b=second.naam, y=second.laagste)
    step = {"a -> b": f"{c.a.naam} → {c.b.naam}", "b -> a": f"{c.b.naam} → {c.a.naam}"}.get(c.stap or "",
                                                                                         words["none"])
    if fmt == "json":
        return json.dumps({"a": {**asdict(c.a), "salaris": c.a.salaris(lang)}, "b": {**asdict(c.b), "salaris": c.b.salaris(lang)},
                           "zelfde_familie": c.same_family, "gedeelde_schalen": list(c.overlap) if c.overlap else None,
                           "afgeleide_stap": c.stap}, ensure_ascii=False, indent=2, default=str)
    rows = [(words["familie"], c.a.familie, c.b.familie), (words["range"], c.a.schalen, c.b.schalen),
            (words["salary"], c.a.salaris(lang), c.b.salaris(lang)),
            (words["profile"], words["yes"] if c.a.profiel else words["no"], words["yes"] if c.b.profiel else words["no"])]
    after = [(words["same family"], "ja" if c.same_family and lang == "nl" else "yes" if c.same_family
              else "nee" if lang == "nl" else "no"), (words["overlap"], shared), (words["step"], step)]
    if fmt == "markdown":
        def cell(text: str) -> str:
            return text.replace("\\", "\\\\").replace("|", "\\|")
        lines = [f"| | {cell(c.a.title())} | {cell(c.b.title())} |", "|---|---|---|"]
        lines += [f"| {k} | {cell(x)} | {cell(y)} |" for k, x, y in rows]
        lines += ["", *[f"- {k}: {cell(v)}" for k, v in after]]
        return "\n".join(lines) + "\n"
    width = max(len(k) for k, *_ in rows + after)
    col = max(len(c.a.title()), *(len(x) for _, x, _ in rows))
    lines = [f"{'':{width}}  {c.a.title():{col}}  {c.b.title()}"]
    lines += [f"{k:{width}}  {x:{col}}  {y}".rstrip() for k, x, y in rows]
    lines += [f"{k:{width}}  {v}" for k, v in after]
    return "\n".join(lines) + "\n"
