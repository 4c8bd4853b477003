"""Compare schalen side by side, block by block, as an HR advisor would read them.

``compare_typeringen(store, functiegroep, schalen)`` and ``compare_kwaliteitenprofielen(...)``
return a :class:`Comparison`; ``compare_functiegroepen(store, [527, 504])`` compares two (or more)
functiegroepen as the site's group-compare page does: their kernprofielen per resultaatgebied,
their competenties and the functietyperingen of the schalen they share, columns being
functiegroepen instead of schalen. ``render(comparison, fmt)`` turns it into text, Markdown, JSON or
HTML. The statements come from the named queries in ``queries/`` (``functietyperingen``,
``kwaliteitenprofielen``, ``resultaten-per-gebied``, ``competenties``, ``salaris-per-schaal``,
``fuwasys-per-schaal``), so the comparison runs the same on the embedded store and on a SPARQL
endpoint.

Alignment, per block: statements with the same text are *same*. Of the rest, pairs whose word
sequences are at least ``THRESHOLD`` similar (difflib's ratio on case-folded words) are *changed*,
taken greedily from the most similar pair down (ties: earlier positions first), which is stable
and deterministic. More than two schalen are aligned in turn, each against the latest text of
every row.
"""
from __future__ import annotations

import difflib
import functools
import html
import json
import re
import textwrap
from dataclasses import dataclass, field
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Protocol

from functiegebouw.errors import FgrError

# a row of a query answer by variable name (sparql.results.Result.records)
Record = dict[str, Any]
# {(schaal, variant, kenmerk): score} of fuwasys-per-schaal
Scores = dict[tuple[int, int | None, str], int]


class Queries(Protocol):
    """What compare asks of a store: a Store, or the site's prefetched answers (site/compare_pages.py)."""

    def query(self, query: str, params: dict[str, Any] | None = None) -> Any: ...

# Half of the words in common: "bijdragen aan het verzorgen van …" and "(inhoudelijke) bijdragen
# aan de totstandkoming …" pair up, unrelated statements of one block do not.
THRESHOLD = 0.5

KINDS = ("functietyperingen", "kwaliteitenprofielen", "functiegroepen")


@dataclass(frozen=True)
class Cell:
    """One statement of one column: a schaal, or a functiegroep when functiegroepen are compared."""

    schaal: int  # the column's key: the schaal, or the FGR id of the functiegroep
    position: int
    text: str


@dataclass
class Row:
    """One aligned line of a block: a cell per schaal (None where the schaal lacks it)."""

    cells: list[Cell | None]
    subheading: str | None = None

    @property
    def present(self) -> list[int]:
        return [c.schaal for c in self.cells if c is not None]

    @property
    def status(self) -> str:
        """``same``, ``changed`` (in every schaal, worded differently) or ``only`` (not in all)."""
        if any(c is None for c in self.cells):
            return "only"
        texts = {c.text for c in self.cells if c is not None}
        return "same" if len(texts) == 1 else "changed"

    def label(self) -> str:
        status = self.status
        if status == "only":
            return "only in " + ", ".join(str(s) for s in self.present)
        return status

    def to_dict(self) -> dict[str, Any]:
        cells: list[dict[str, object] | None] = []
        out: dict[str, Any] = {"status": self.status, "in": self.present, "cells": cells}
        if self.subheading:
            out["subheading"] = self.subheading
        previous = None
        for cell in self.cells:
            if cell is None:
                out["cells"].append(None)
                continue
            item: dict[str, object] = {"schaal": cell.schaal, "position": cell.position, "text": cell.text}
            if previous is not None and previous.text != cell.text:
                item["diff"] = [[op, text] for op, text in word_diff(previous.text, cell.text)]
            out["cells"].append(item)
            previous = cell
        return out


@dataclass
class Block:
    name: str
    rows: list[Row]


@dataclass
class Comparison:
    """Schalen of one functiegroep compared: header facts per schaal, then aligned blocks."""

    kind: str
    functiegroep: int
    naam: str
    schalen: list[int]
    header: list[tuple[str, list[str]]]
    blocks: list[Block]
    fuwasys_changes: list[Record] = field(default_factory=list)
    functiegroepen: list[int] = field(default_factory=list)  # the columns of a functiegroepen comparison
    namen: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[int]:
        """The column keys: the functiegroepen compared, else the schalen."""
        return self.functiegroepen if self.kind == "functiegroepen" else self.schalen

    def column_titles(self) -> list[str]:
        if self.kind == "functiegroepen":
            return [f"{g} {n}".strip() for g, n in zip(self.functiegroepen, self.namen, strict=False)]
        return [f"schaal {s}" for s in self.schalen]

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for block in self.blocks:
            for row in block.rows:
                out[row.label()] = out.get(row.label(), 0) + 1
        order = ["same", "changed"] + sorted(k for k in out if k.startswith("only"))
        return {k: out[k] for k in order if k in out}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "functiegroep": self.functiegroep,
            "naam": self.naam,
            "schalen": self.schalen,
            "header": [{"label": label, "values": values} for label, values in self.header],
            "fuwasys_changes": self.fuwasys_changes,
            "counts": self.counts(),
            "blocks": [{"name": b.name, "rows": [r.to_dict() for r in b.rows]} for b in self.blocks],
        }
        if self.kind == "functiegroepen":
            out["functiegroepen"] = [{"functiegroep": g, "naam": n}
                                     for g, n in zip(self.functiegroepen, self.namen, strict=False)]
        return out


# --------------------------------------------------------------------------- alignment

@functools.lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.casefold()))


def similarity(a: str, b: str) -> float:
    """How alike two statements are: difflib's ratio over their case-folded words (0..1)."""
    wa, wb = _words(a), _words(b)
    if not wa and not wb:
        return 1.0 if a.strip() == b.strip() else 0.0
    return difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio()


def _similarity_above(a: str, b: str, threshold: float) -> float:
    """``similarity(a, b)``, or 0.0 when difflib's cheap upper bounds already put it below the
    threshold (such pairs are never paired, so their exact score does not matter): the site
    compares thousands of statements."""
    wa, wb = _words(a), _words(b)
    if wa and wb:
        matcher = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
        if matcher.real_quick_ratio() < threshold or matcher.quick_ratio() < threshold:
            return 0.0
        return matcher.ratio()
    return similarity(a, b)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op ``=``, ``-`` or ``+``: the words of ``old`` turned into ``new``."""
    a, b = old.split(), new.split()
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def _match(refs: list[str], texts: list[str], threshold: float) -> dict[int, int]:
    """Pair ``texts`` (index j) with ``refs`` (index i): equal texts first, then most similar."""
    pairs: dict[int, int] = {}
    used_i: set[int] = set()
    for j, text in enumerate(texts):  # equal text: earliest unused reference with that text
        for i, ref in enumerate(refs):
            if i not in used_i and _norm(ref) == _norm(text):
                pairs[j] = i
                used_i.add(i)
                break
    scored = sorted(
        (-_similarity_above(refs[i], texts[j], threshold), i, j)
        for i in range(len(refs)) if i not in used_i
        for j in range(len(texts)) if j not in pairs)
    for negscore, i, j in scored:
        if -negscore < threshold:
            break
        if i in used_i or j in pairs:
            continue
        pairs[j] = i
        used_i.add(i)
    return pairs


def align(columns: list[list[Cell]], threshold: float = THRESHOLD,
          subheadings: dict[tuple[int, int], str] | None = None) -> list[Row]:
    """Align the statements of one block across schalen (one list of cells per schaal).

    A statement new in a schaal is placed after the row of the statement before it in that
    schaal (or before the first row it shares, when it comes first).
    """
    n = len(columns)
    rows: list[Row] = []
    for k, cells in enumerate(columns):
        refs = [next(c for c in reversed(r.cells) if c is not None).text for r in rows]
        # row objects, not indices: inserting new rows below shifts the indices
        targets = {j: rows[i] for j, i in _match(refs, [c.text for c in cells], threshold).items()}
        matched_rows = [targets[j] for j in range(len(cells)) if j in targets]
        after: Row | None = None
        for j, cell in enumerate(cells):
            if j in targets:
                row = targets[j]
                row.cells[k] = cell
            else:
                row = Row([None] * n)
                row.cells[k] = cell
                if after is not None:
                    rows.insert(rows.index(after) + 1, row)
                elif matched_rows:
                    rows.insert(rows.index(matched_rows[0]), row)
                else:
                    rows.append(row)
            after = row
    if subheadings:
        for row in rows:
            for named in row.cells:
                if named is not None and (named.schaal, named.position) in subheadings:
                    row.subheading = subheadings[(named.schaal, named.position)]
    return rows


# --------------------------------------------------------------------------- building

def _records(result: Any) -> list[Record]:  # a sparql.results Result
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def _checked(store: Queries, name: str, params: dict[str, Any]) -> list[Record]:
    """The records of a query on a functiegroep a person named: none when it is not in the graph.
    Compare says itself what is missing for a comparison (no functietyperingen, a schaal it lacks);
    ``allow_empty`` is not passed, as the site's prefetching store takes no options."""
    from functiegebouw.sparql.empty import NoMatch

    try:
        return _records(store.query(name, params))
    except NoMatch:
        return []


def resolve_functiegroep(store: Queries, schalen: list[int], functiegroep: int | None = None,
                         kind: str = "functietyperingen") -> tuple[int, str]:
    """The functiegroep to compare: the one given, or the only one that has all these schalen."""
    column = "functietypering" if kind == "functietyperingen" else "kwaliteitenprofiel"
    params = {"functiegroep": functiegroep} if functiegroep is not None else {}
    groups: dict[int, tuple[str, set[int]]] = {}
    for rec in _checked(store, "schalen-per-functiegroep", params):
        if rec[column] is True:
            naam, have = groups.setdefault(rec["functiegroep"], (rec["naam"] or "", set()))
            have.add(rec["schaal"])
    wanted = ", ".join(str(s) for s in schalen)
    if functiegroep is not None:
        if functiegroep not in groups:
            raise FgrError(None, None, f"functiegroep {functiegroep} has no {kind} in the data")
        naam, have = groups[functiegroep]
        missing = [s for s in schalen if s not in have]
        if missing:
            raise FgrError(None, None, f"functiegroep {functiegroep} ({naam}) has no {kind[:-2]} for "
                           f"schaal {', '.join(map(str, missing))}; it has schalen "
                           f"{', '.join(map(str, sorted(have)))}")
        return functiegroep, naam
    candidates = sorted(g for g, (_, have) in groups.items() if set(schalen) <= have)
    if len(candidates) == 1:
        return candidates[0], groups[candidates[0]][0]
    if not candidates:
        raise FgrError(None, None, f"no functiegroep has {kind} for schalen {wanted}")
    listing = "; ".join(f"{g} {groups[g][0]}" for g in candidates)
    raise FgrError(None, None, f"{len(candidates)} functiegroepen have {kind} for schalen {wanted}: "
                   f"{listing}; choose one with --functiegroep")


def _schalen(schalen: Iterable[int | str]) -> list[int]:
    out = sorted({int(s) for s in schalen})
    if len(out) < 2:
        raise FgrError(None, None, "give at least two different schalen to compare")
    return out


def _euro(value: object) -> str:
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    whole, cents = f"{amount:,.2f}".split(".")
    return f"€ {whole.replace(',', '.')},{cents}"


def _salary(rec: Record | None) -> str:
    if rec is None or rec["minimum"] is None:
        return ""
    if rec["maximum"] is None:
        return f"from {_euro(rec['minimum'])}"  # the source gives the minimum only
    return f"{_euro(rec['minimum'])} – {_euro(rec['maximum'])}"


def _total(rec: Record) -> str:
    if rec["totaal"] is not None:
        return str(rec["totaal"]) + ("" if rec["som"] in (None, rec["totaal"]) else f" (scores add up to {rec['som']})")
    return "" if rec["som"] is None else f"{rec['som']} (sum of the scores)"


def _codes(store: Queries, functiegroep: int) -> dict[int, list[Record]]:
    """The salaris-per-schaal rows of a functiegroep per schaal (several for a schaal with variants)."""
    out: dict[int, list[Record]] = {}
    for rec in _records(store.query("salaris-per-schaal", {"functiegroep": functiegroep})):
        rows = out.setdefault(rec["schaal"], [])
        if all(r["code"] != rec["code"] for r in rows):
            rows.append(rec)
    return out


def _scores(store: Queries, functiegroep: int) -> tuple[Scores, dict[str, str]]:
    """{(schaal, variant, kenmerk): score} and {kenmerk: name} from fuwasys-per-schaal."""
    scores: Scores = {}
    names: dict[str, str] = {}
    for rec in _records(store.query("fuwasys-per-schaal", {"functiegroep": functiegroep})):
        scores[(rec["schaal"], rec.get("variant"), rec["kenmerk"])] = rec["score"]
        names[rec["kenmerk"]] = rec["kenmerknaam"] or ""
    return scores, names


def _variants(scores: Scores, schaal: int) -> list[int | None]:
    return sorted({v for (s, v, _) in scores if s == schaal}, key=lambda v: (v is not None, v or 0))


def _score_changes(old: Scores, new: Scores, names: dict[str, str], lower: int, upper: int, key_old: object,
                   key_new: object) -> list[Record]:
    """Kenmerken whose score differs between schaal ``lower`` of ``old`` and ``upper`` of ``new``, per
    variant: the same variant, or any variant against a schaal without variants."""
    changes: list[Record] = []
    for v_new in _variants(new, upper):
        for v_old in _variants(old, lower):
            if v_old is not None and v_new is not None and v_old != v_new:
                continue
            if v_old is not None and v_new is None and len(_variants(old, lower)) > 1:
                continue
            for kenmerk in sorted(names):
                a, b = old.get((lower, v_old, kenmerk)), new.get((upper, v_new, kenmerk))
                if a is not None and b is not None and a != b:
                    change = {"from": key_old, "to": key_new, "kenmerk": kenmerk, "naam": names[kenmerk],
                              "old": a, "new": b}
                    if v_old is not None or v_new is not None:
                        change["variant"] = v_new if v_new is not None else v_old
                    changes.append(change)
    return changes


def _header(store: Queries, functiegroep: int, schalen: list[int]) -> tuple[list[tuple[str, list[str]]], list[Record]]:
    by_schaal = _codes(store, functiegroep)
    code: list[str] = []
    total: list[str] = []
    salary: list[str] = []
    for s in schalen:
        recs = by_schaal.get(s, [])
        code.append("; ".join(r["code"] for r in recs))
        total.append("; ".join(t for r in recs if (t := _total(r))))
        salary.append(_salary(recs[0]) if recs else "")
    header = [("FUWASYS code", code), ("FUWASYS total", total)]
    dates = sorted({str(r["geldigVanaf"]) for rs in by_schaal.values() for r in rs if r.get("geldigVanaf")})
    if any(salary):
        header.append((f"salary/month ({dates[0]})" if len(dates) == 1 else "salary/month", salary))
    scores, names = _scores(store, functiegroep)
    changes: list[Record] = []
    for lower, upper in zip(schalen, schalen[1:], strict=False):
        changes += _score_changes(scores, scores, names, lower, upper, lower, upper)
    return header, changes


def compare_typeringen(store: Queries, functiegroep: int | None, schalen: Iterable[int | str], *,
                       threshold: float = THRESHOLD) -> Comparison:
    """Functietyperingen of two or more schalen of one functiegroep, aligned block by block."""
    schalen = _schalen(schalen)
    functiegroep, naam = resolve_functiegroep(store, schalen, functiegroep, "functietyperingen")
    records = _records(store.query("functietyperingen", {"functiegroep": functiegroep, "schaal": schalen}))
    return _build("functietyperingen", store, functiegroep, naam, schalen, records, "blok", threshold)


def compare_kwaliteitenprofielen(store: Queries, functiegroep: int | None, schalen: Iterable[int | str], *,
                                 threshold: float = THRESHOLD) -> Comparison:
    """Kwaliteitenprofielen (ervaring, niveau, opleidingsrichting, competenties …) side by side."""
    schalen = _schalen(schalen)
    functiegroep, naam = resolve_functiegroep(store, schalen, functiegroep, "kwaliteitenprofielen")
    records = _records(store.query("kwaliteitenprofielen", {"functiegroep": functiegroep, "schaal": schalen}))
    return _build("kwaliteitenprofielen", store, functiegroep, naam, schalen, records, "onderdeel", threshold)


def compare_functiegroepen(store: Queries, functiegroepen: Iterable[int | str],
                           schalen: Iterable[int | str] | None = None, *, threshold: float = THRESHOLD) -> Comparison:
    """Two or more functiegroepen side by side, as the site's group-compare page: kernprofiel per
    resultaatgebied (resultaten, then gedragsindicatoren), competenties, and the functietyperingen of
    every schaal they all have (or of ``schalen``, which they must all have)."""
    groups = list(dict.fromkeys(int(g) for g in functiegroepen))
    if len(groups) < 2:
        raise FgrError(None, None, "give at least two different functiegroepen to compare")
    have: dict[int, tuple[str, set[int]]] = {}
    for rec in _checked(store, "schalen-per-functiegroep", {"functiegroep": groups}):
        naam, scales = have.setdefault(rec["functiegroep"], (rec["naam"] or "", set()))
        if rec["functietypering"] is True:
            scales.add(rec["schaal"])
    for g in groups:
        if g not in have and not _checked(store, "competenties", {"functiegroep": g}):
            raise FgrError(None, None, f"functiegroep {g} is not in the data (no profile text converted for it)")
        have.setdefault(g, ("", set()))
    shared = sorted(set.intersection(*(have[g][1] for g in groups)))
    if schalen:
        wanted = sorted({int(s) for s in schalen})
        missing = {g: [s for s in wanted if s not in have[g][1]] for g in groups}
        missing = {g: m for g, m in missing.items() if m}
        if missing:
            listing = "; ".join(f"{g} lacks schaal {', '.join(map(str, m))}" for g, m in missing.items())
            raise FgrError(None, None, f"not every functiegroep has a functietypering for these schalen: {listing}")
        shared = wanted
    namen = [have[g][0] for g in groups]

    per_block: dict[str, dict[int, list[Cell]]] = {}
    subheadings: dict[str, dict[tuple[int, int], str]] = {}

    def cell(block: str, group: int, position: int, text: str, sub: str | None = None) -> None:
        columns = per_block.setdefault(block, {g: [] for g in groups})
        subheadings.setdefault(block, {})
        columns[group].append(Cell(group, position, text))
        if sub:
            subheadings[block][(group, position)] = sub

    for g in groups:
        for rec in _records(store.query("resultaten-per-gebied", {"functiegroep": g})):
            soort = "resultaten" if rec["soort"] == "resultaat" else "gedragsindicatoren"
            cell(f"{rec['resultaatgebied']}: {soort}", g, rec["positie"], rec["tekst"])
        for rec in _records(store.query("competenties", {"functiegroep": g})):
            cell("Competenties", g, rec["positie"], rec["tekst"])
    if shared:
        for g in groups:
            for rec in _records(store.query("functietyperingen", {"functiegroep": g, "schaal": shared})):
                cell(f"Functietypering schaal {rec['schaal']}: {rec['blok']}", g, rec["positie"], rec["tekst"],
                     rec.get("subkop"))
    # blocks in page order: the kernprofiel's areas as the first functiegroep has them, then the schalen
    order = sorted(per_block, key=lambda b: (b.startswith("Functietypering schaal "),
                                             _schaal_of(b), list(per_block).index(b)))
    blocks = [Block(name, align([per_block[name][g] for g in groups], threshold, subheadings[name]))
              for name in order]

    codes = {g: _codes(store, g) for g in groups}
    header = [("naam", namen),
              ("schalen", [_span(sorted(have[g][1])) for g in groups])]
    for s in shared:
        header.append((f"FUWASYS schaal {s}", ["; ".join(r["code"] for r in codes[g].get(s, [])) for g in groups]))
    scores = {g: _scores(store, g) for g in groups}
    names = {k: n for g in groups for k, n in scores[g][1].items()}
    changes = []
    for s in shared:
        for a, b in zip(groups, groups[1:], strict=False):
            for change in _score_changes(scores[a][0], scores[b][0], names, s, s, a, b):
                changes.append({**change, "schaal": s})
    title = " and ".join(f"{n} (FGR {g})" if n else f"FGR {g}" for g, n in zip(groups, namen, strict=True))
    return Comparison("functiegroepen", groups[0], title, shared, header, blocks, changes, groups, namen)


def _schaal_of(block: str) -> int:
    m = re.match(r"Functietypering schaal (\d+)", block)
    return int(m.group(1)) if m else 0


def _span(scales: list[int]) -> str:
    if not scales:
        return ""
    return str(scales[0]) if len(scales) == 1 else f"{scales[0]}–{scales[-1]}"


def compare(store: Queries, functiegroep: int | None = None, schalen: Iterable[int | str] = (),
            kind: str = "functietyperingen", *, functiegroepen: Iterable[int | str] | None = None,
            **kw: Any) -> Comparison:
    """One entry point: ``kind`` "functietyperingen" or "kwaliteitenprofielen" compares ``schalen`` of
    one functiegroep; "functiegroepen" (or giving ``functiegroepen``) compares functiegroepen."""
    if functiegroepen is not None:
        kind = "functiegroepen"
    if kind not in KINDS:
        raise FgrError(None, None, f"unknown comparison {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "functiegroepen":
        return compare_functiegroepen(store, functiegroepen or [], schalen or None, **kw)
    fn = compare_typeringen if kind == "functietyperingen" else compare_kwaliteitenprofielen
    return fn(store, functiegroep, schalen, **kw)


def _build(kind: str, store: Queries, functiegroep: int, naam: str, schalen: list[int], records: list[Record],
           block_column: str, threshold: float) -> Comparison:
    order: list[str] = []  # the queries return blocks in page order
    per_block: dict[str, dict[int, list[Cell]]] = {}
    subheadings: dict[str, dict[tuple[int, int], str]] = {}
    for rec in records:
        name = rec[block_column]
        if name not in per_block:
            order.append(name)
            per_block[name] = {s: [] for s in schalen}
            subheadings[name] = {}
        per_block[name][rec["schaal"]].append(Cell(rec["schaal"], rec["positie"], rec["tekst"]))
        if rec.get("subkop"):
            subheadings[name][(rec["schaal"], rec["positie"])] = rec["subkop"]
    blocks = [Block(name, align([per_block[name][s] for s in schalen], threshold, subheadings[name]))
              for name in order]
    header, changes = _header(store, functiegroep, schalen)
    return Comparison(kind, functiegroep, naam, schalen, header, blocks, changes)


# --------------------------------------------------------------------------- rendering

_ANSI = {"-": "\x1b[31;9m", "+": "\x1b[32;1m", "bold": "\x1b[1m", "dim": "\x1b[2m", "end": "\x1b[0m"}


def _title(c: Comparison, lang: str = "en") -> str:
    word = "en" if lang == "nl" else "and"
    if c.kind == "functiegroepen":
        typeringen = f", functietyperingen schaal {_and(c.schalen, word)}" if c.schalen else (
            ", geen gemeenschappelijke schaal" if lang == "nl" else ", no schaal in common")
        names = f" {word} ".join(f"{n} (FGR {g})" if n else f"FGR {g}"
                                 for g, n in zip(c.functiegroepen, c.namen, strict=False))
        return f"{names} · kernprofiel, competenties{typeringen}"
    what = "functietyperingen" if c.kind == "functietyperingen" else "kwaliteitenprofielen"
    return f"{c.naam} (FGR {c.functiegroep}) · {what} schaal {_and(c.schalen, word)}"


def _and(items: Iterable[object], word: str = "and") -> str:
    texts = [str(i) for i in items]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + f" {word} " + texts[-1]


def _summary(c: Comparison) -> str:
    return " · ".join(f"{n} {label}" for label, n in c.counts().items())


def _fuwasys_lines(c: Comparison) -> list[str]:
    lines = []
    steps: list[tuple[int | None, int, int]]
    if c.kind == "functiegroepen":
        steps = [(s, a, b) for s in c.schalen for a, b in zip(c.functiegroepen, c.functiegroepen[1:], strict=False)]
    else:
        steps = [(None, lower, upper) for lower, upper in zip(c.schalen, c.schalen[1:], strict=False)]
    for schaal, lower, upper in steps:
        ch = [x for x in c.fuwasys_changes if x["from"] == lower and x["to"] == upper
              and x.get("schaal") == schaal]
        where = f"FUWASYS schaal {schaal}, {lower}→{upper}" if schaal is not None else f"FUWASYS {lower}→{upper}"
        variants = sorted({x.get("variant") for x in ch}, key=lambda v: (v is not None, v or 0))
        if not ch:
            lines.append(f"{where}: the same scores")
        for variant in variants:
            parts = [f"{x['kenmerk']} {x['naam']} {x['old']}→{x['new']}" for x in ch if x.get("variant") == variant]
            label = f" (variant {variant})" if variant is not None else ""
            lines.append(f"{where}{label}: " + "; ".join(parts))
    return lines


# A comparison is built once, with its fixed words in English and its amounts as Dutch money; each
# rendering puts them in its language (``render(…, lang=…)``; default: ``fgr --lang``, FGR_LANG, Dutch).
# Only these labels are translated; statement texts and names are data and stay as they are.
_DUTCH = [(re.compile(p), r) for p, r in (
    (r"^from €", "vanaf €"), (r"^only (\d)", r"alleen \1"),
    (r"^same$", "gelijk"), (r"^changed$", "gewijzigd"), (r"^only in ", "alleen in "), (r"^status$", "status"),
    (r"^FUWASYS code$", "FUWASYS-code"), (r"^FUWASYS total$", "FUWASYS-totaal"),
    (r"^salary/month", "salaris per maand"), (r" \(scores add up to (\d+)\)$", r" (de scores tellen op tot \1)"),
    (r" \(sum of the scores\)$", " (som van de scores)"), (r": the same scores$", ": dezelfde scores"),
    (r"(\d) same\b", r"\1 gelijk"), (r"(\d) changed\b", r"\1 gewijzigd"), (r"(\d) only in ", r"\1 alleen in "))]


_DUTCH_MONEY = re.compile(r"€ (\d{1,3}(?:\.\d{3})*),(\d{2})\b")


def _english_money(m: re.Match[str]) -> str:
    from functiegebouw.i18n import money

    return money(Decimal(m.group(1).replace(".", "") + "." + m.group(2)), "en")


def _tr(text: str, lang: str) -> str:
    if lang != "nl":
        return _DUTCH_MONEY.sub(_english_money, text)  # one money format per language: €3,091.60
    for pattern, repl in _DUTCH:
        text = pattern.sub(repl, text)
    return text


def _lang(lang: str | None) -> str:
    from functiegebouw.i18n import language

    return language(lang)


# The legends below each rendering, per format, language and kind of comparison.
_LEGEND = {
    ("text", "en", "schalen"): "  [-words-] only in the lower schaal, {{+words+}} only in the higher one",
    ("text", "nl", "schalen"): "  [-woorden-] alleen in de lagere schaal, {{+woorden+}} alleen in de hogere",
    ("text", "en", "functiegroepen"): "  [-words-] only in {first}, {{+words+}} only in the next functiegroep",
    ("text", "nl", "functiegroepen"): "  [-woorden-] alleen in {first}, {{+woorden+}} alleen in de volgende functiegroep",
    ("markdown", "en", "schalen"): "~~struck~~: words only in the lower schaal; **bold**: words only in the higher one.",
    ("markdown", "nl", "schalen"): "~~doorgehaald~~: woorden alleen in de lagere schaal; **vet**: woorden alleen in "
                                   "de hogere.",
    ("markdown", "en", "functiegroepen"): "~~struck~~: words only in {first}; **bold**: words only in the next "
                                          "functiegroep.",
    ("markdown", "nl", "functiegroepen"): "~~doorgehaald~~: woorden alleen in {first}; **vet**: woorden alleen in "
                                          "de volgende functiegroep.",
}


def _legend(c: Comparison, fmt: str, lang: str) -> str:
    kind = "functiegroepen" if c.kind == "functiegroepen" else "schalen"
    return _LEGEND[(fmt, lang, kind)].format(first=c.functiegroepen[0] if c.functiegroepen else "")


def _wrap(text: str, width: int, indent: str, first: str) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=indent,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


def _marked(old: str, new: str, color: bool) -> str:
    parts = []
    for op, words in word_diff(old, new):
        if op == "=":
            parts.append(words)
        elif color:
            # colour codes contain no spaces, so wrapping still breaks between words
            parts.append(" ".join(_ANSI[op] + w + _ANSI["end"] for w in words.split()))
        else:
            parts.append(f"[-{words}-]" if op == "-" else f"{{+{words}+}}")
    return " ".join(parts)


def _visible_len(s: str) -> int:
    return len(re.sub(r"\x1b\[[0-9;]*m", "", s))


def _wrap_visible(text: str, width: int, indent: str, first: str) -> list[str]:
    """Word wrap that does not count ANSI colour codes."""
    lines, line = [], first
    for word in text.split():
        sep = "" if line in (first, indent) else " "
        if line not in (first, indent) and _visible_len(line) + 1 + _visible_len(word) > width:
            lines.append(line)
            line, sep = indent, ""
        line += sep + word
    lines.append(line)
    return lines


def _versions(present: list[Cell]) -> list[tuple[str, Cell]]:
    """Consecutive schalen with the same wording grouped: [("6, 7", cell), ("8", cell)]."""
    groups: list[list[Cell]] = []
    for cell in present:
        if groups and groups[-1][-1].text == cell.text:
            groups[-1].append(cell)
        else:
            groups.append([cell])
    return [(", ".join(str(x.schaal) for x in g), g[0]) for g in groups]


def render_text(c: Comparison, width: int = 100, color: bool = False, lang: str | None = None) -> str:
    """A listing per block: same / changed (changed words marked) / only in a schaal."""
    lang = _lang(lang)
    t = functools.partial(_tr, lang=lang)
    width = max(50, width)
    bold: Callable[[str], str] = (lambda s: _ANSI["bold"] + s + _ANSI["end"]) if color else (lambda s: s)
    out = [bold(_title(c, lang)), ""]
    # header facts: one line per schaal (or functiegroep), one column per fact
    first = "functiegroep" if c.kind == "functiegroepen" else "schaal"
    table = [[first] + [t(label) for label, _ in c.header]]
    table += [[str(s)] + [t(values[k]) for _, values in c.header] for k, s in enumerate(c.keys)]
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for r in table:
        line = "  " + "   ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip()
        out.append(bold(line) if r is table[0] else line)
    out.append("")
    for line in _fuwasys_lines(c):
        out.extend(_wrap(t(line), width, "    ", "  "))
    out.append("")
    out.extend(_wrap(t(_summary(c)), width, "    ", "  "))
    tags = {}
    for block in c.blocks:
        for row in block.rows:
            st = row.status
            tags[id(row)] = t(st if st != "only" else "only " + ",".join(map(str, row.present)))
    tw = max([len(t) for t in tags.values()] + [7]) + 2
    for block in c.blocks:
        out.append("")
        out.append(bold(block.name))
        sub = None
        for row in block.rows:
            if row.subheading and row.subheading != sub:
                sub = row.subheading
                out.append("  " + sub)
            tag = tags[id(row)]
            present = [cell for cell in row.cells if cell is not None]
            first = "  " + tag.ljust(tw)
            indent = " " * len(first)
            if len(present) == 1 or (len(set(x.text for x in present)) == 1):
                if tag.startswith("only") and color:
                    first = "  " + _ANSI["dim"] + tag.ljust(tw) + _ANSI["end"]
                out.extend(_wrap_visible(present[0].text, width, indent, first))
            elif len(present) == 2:
                out.extend(_wrap_visible(_marked(present[0].text, present[1].text, color), width, indent, first))
            else:  # three or more versions: one line per wording, marked against the one before
                previous = None
                versions = _versions(present)
                sw = max(len(v[0]) for v in versions)
                for schalen, cell in versions:
                    lead = (first if previous is None else indent) + schalen.ljust(sw) + "  "
                    text = cell.text if previous is None else _marked(previous.text, cell.text, color)
                    out.extend(_wrap_visible(text, width, " " * len(lead), lead))
                    previous = cell
    if not color:
        out.append("")
        out.append(_legend(c, "text", lang))
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>|~])", r"\\\1", text)


def _md_marked(old: str, new: str) -> str:
    parts = []
    for op, words in word_diff(old, new):
        w = _md_escape(words)
        parts.append(w if op == "=" else (f"~~{w}~~" if op == "-" else f"**{w}**"))
    return " ".join(parts)


def render_markdown(c: Comparison, lang: str | None = None) -> str:
    lang = _lang(lang)
    t = functools.partial(_tr, lang=lang)
    out = [f"## {_md_escape(_title(c, lang))}", ""]
    out.append("| | " + " | ".join(_md_escape(t) for t in c.column_titles()) + " |")
    out.append("|---|" + "---|" * len(c.keys))
    for label, values in c.header:
        out.append(f"| {_md_escape(t(label))} | " + " | ".join(_md_escape(t(v)) for v in values) + " |")
    out.append("")
    for line in _fuwasys_lines(c):
        out.append(f"- {_md_escape(t(line))}")
    out.append("")
    out.append(_md_escape(t(_summary(c))))
    for block in c.blocks:
        out += ["", f"### {_md_escape(block.name)}", ""]
        sub = None
        for row in block.rows:
            if row.subheading and row.subheading != sub:
                sub = row.subheading
                out.append(f"*{_md_escape(sub)}*")
                out.append("")
            present = [cell for cell in row.cells if cell is not None]
            label = f"**{t(row.label())}**"
            if len(set(x.text for x in present)) == 1:
                out.append(f"- {label}: {_md_escape(present[0].text)}")
            elif len(present) == 2:
                out.append(f"- {label}: {_md_marked(present[0].text, present[1].text)}")
            else:
                out.append(f"- {label}:")
                previous = None
                for schalen, cell in _versions(present):
                    text = _md_escape(cell.text) if previous is None else _md_marked(previous.text, cell.text)
                    what = "functiegroep" if c.kind == "functiegroepen" else "schaal"
                    out.append(f"  - {what} {schalen}: {text}")
                    previous = cell
    out += ["", _legend(c, "markdown", lang)]
    return "\n".join(out) + "\n"


def _html_cell(previous: Cell | None, cell: Cell | None, nxt: Cell | None) -> str:
    """A statement marked against its neighbours: <del> for words gone in the next schaal,
    <ins> for words new since the previous one."""
    if cell is None:
        return '<td class="absent"></td>'
    parts = []
    if previous is not None and previous.text != cell.text:
        ops = [(op, w) for op, w in word_diff(previous.text, cell.text) if op != "-"]
    else:
        ops = [("=", cell.text)]
    for op, words in ops:
        parts.append(f"<ins>{html.escape(words)}</ins>" if op == "+" else html.escape(words))
    text = " ".join(parts)
    if nxt is not None and nxt.text != cell.text and (previous is None or previous.text == cell.text):
        text = " ".join(f"<del>{html.escape(w)}</del>" if op == "-" else html.escape(w)
                        for op, w in word_diff(cell.text, nxt.text) if op != "+")
    return f"<td>{text}</td>"


_CSS = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3}td.status{white-space:nowrap;color:#555}td.absent{background:#fafafa}
tr.same td{color:#555}del{background:#fdd;color:#900}ins{background:#dfd;color:#060;text-decoration:none;font-weight:600}
.sub{font-style:italic;background:#f9f9f9}"""


def render_html(c: Comparison, lang: str | None = None) -> str:
    e = html.escape
    lang = _lang(lang)
    t = functools.partial(_tr, lang=lang)
    out = ["<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
           f"<title>{e(_title(c, lang))}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
           f"<h1>{e(_title(c, lang))}</h1>", "<table>",
           "<tr><td></td>" + "".join(f"<th>{e(title)}</th>" for title in c.column_titles()) + "</tr>"]
    for label, values in c.header:
        out.append(f"<tr><th>{e(t(label))}</th>" + "".join(f"<td>{e(t(v))}</td>" for v in values) + "</tr>")
    out.append("</table>")
    out.append("<ul>" + "".join(f"<li>{e(t(line))}</li>" for line in _fuwasys_lines(c)) + "</ul>")
    out.append(f"<p>{e(t(_summary(c)))}</p>")
    for block in c.blocks:
        out.append(f"<h2>{e(block.name)}</h2>")
        out.append('<table><tr><th>status</th>' + "".join(f"<th>{e(title)}</th>" for title in c.column_titles()) + "</tr>")
        sub = None
        for row in block.rows:
            if row.subheading and row.subheading != sub:
                sub = row.subheading
                out.append(f'<tr><td class="sub" colspan="{len(c.keys) + 1}">{e(sub)}</td></tr>')
            cells = []
            for k, cell in enumerate(row.cells):
                previous = next((x for x in reversed(row.cells[:k]) if x is not None), None)
                nxt = next((x for x in row.cells[k + 1:] if x is not None), None)
                cells.append(_html_cell(previous, cell, nxt))
            out.append(f'<tr class="{row.status}"><td class="status">{e(t(row.label()))}</td>' + "".join(cells) + "</tr>")
        out.append("</table>")
    what = "functiegroep" if c.kind == "functiegroepen" else "schaal"
    legend = (f"<p><del>doorgehaald</del>: woorden die in de volgende {what} verdwijnen; <ins>gemarkeerd</ins>: "
              "woorden die nieuw zijn ten opzichte van de vorige.</p>" if lang == "nl" else
              f"<p><del>struck</del>: words that go in the next {what}; <ins>marked</ins>: words new since the previous one.</p>")
    out += [legend,
            "</body>", "</html>"]
    return "\n".join(out) + "\n"


FORMATS = ("text", "markdown", "json", "html")


def _printable(value: Any) -> Any:  # a Comparison, or a part of one
    """A copy of a comparison (or part of it) with control characters in every text escaped."""
    import dataclasses

    from functiegebouw.terminal import printable

    if isinstance(value, str):
        return printable(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _printable(getattr(value, f.name))
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, list):
        return [_printable(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_printable(v) for v in value)
    if isinstance(value, dict):
        return {k: _printable(v) for k, v in value.items()}
    return value


def render(c: Comparison, fmt: str = "text", *, width: int = 100, color: bool = False,
           lang: str | None = None) -> str:
    """The comparison as ``text``, ``markdown``, ``json`` or ``html``, its fixed words and amounts in
    ``lang`` ("nl" or "en"; default: ``fgr --lang``, FGR_LANG, else Dutch). JSON is for programs: its
    keys and status values are English in every language. Text and Markdown are for reading:
    control characters in the data are escaped there (the colours are added after)."""
    if fmt == "text":
        return render_text(_printable(c), width=width, color=color, lang=lang)
    if fmt == "markdown":
        return render_markdown(_printable(c), lang)
    if fmt == "json":
        return json.dumps(c.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return render_html(c, lang)
    raise FgrError(None, None, f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


from functiegebouw._callable import make_callable  # noqa: E402 - after the function it exports

make_callable(__name__, "compare")
