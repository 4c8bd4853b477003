"""What changed in a functiegroep between two readings of the FGR site (``fgr diff GROUP [DATE1 DATE2]``).

Each reading (``DATA/readings/<id>/<date>/``, written by ``fgr fetch``) is read as the build reads the
group's pages: every page converted, the pages merged into one profile. The two profiles are then
compared part by part (each resultaatgebied, the competenties, each kwaliteitenprofiel section and
each functietypering block, per schaal) with the alignment of ``fgr compare``: the same text is
unchanged, pairs at least ``compare.THRESHOLD`` alike are *reworded* (with a word diff), the rest
*added* or *removed*. Besides: schalen added or dropped, and FUWASYS scores that changed.
"""
from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from functiegebouw.compare import THRESHOLD, Cell, align, word_diff
from functiegebouw.errors import FgrError
from functiegebouw.fetch.readings import read_reading, reading_dates, reading_label
from functiegebouw.source.merge import merge_profiles
from functiegebouw.source.model import AREA_TITLES, BLOCK_TITLES, QP_TITLES, Meta, Profile, code_parts
from functiegebouw.source.parse import parse_file

# FUWASYS kenmerken in code order (Besluit Normeringsstelsel FUWASYS 2007, BWBR0022507; see
# ../shared/reference/fgr-facts.md and ontology/schemes.ttl)
KENMERKEN = ("Complexiteit van de werkzaamheden", "Doel van de werkzaamheden", "Effect van de werkzaamheden",
             "Aanpak van de werkzaamheden", "Dynamiek van de werkzaamheden", "Keuzevrijheid",
             "Complexiteit van de beslissingen", "Effect van de beslissingen", "Kader", "Controle",
             "Kennis en inzicht", "Vaardigheid", "Complexiteit van de contacten", "Doel van de contacten")
FORMATS = ("text", "markdown", "json", "html")
_WORDS = {
    "nl": {"added": "toegevoegd", "removed": "verwijderd", "reworded": "anders geformuleerd", "reading": "lezing",
           "schalen_added": "schalen erbij", "schalen_dropped": "schalen vervallen", "none": "geen",
           "score": "FUWASYS schaal {s}: {old} -> {new}", "kenmerk": "kenmerk {n} ({name}) {a} -> {b}",
           "nothing": "Geen verschillen.", "summary": "{a} toegevoegd, {r} verwijderd, {w} anders geformuleerd",
           "title": "Functiegroep {g}{name}: wat veranderde tussen {old} en {new}",
           "resultaten": "Resultaten", "gedragsindicatoren": "Gedragsindicatoren", "competenties": "Competenties",
           "kwaliteitenprofiel": "Kwaliteitenprofiel schaal {s}", "functietypering": "Functietypering schaal {s}"},
    "en": {"added": "added", "removed": "removed", "reworded": "reworded", "reading": "reading",
           "schalen_added": "schalen added", "schalen_dropped": "schalen dropped", "none": "none",
           "score": "FUWASYS schaal {s}: {old} -> {new}", "kenmerk": "characteristic {n} ({name}) {a} -> {b}",
           "nothing": "No differences.", "summary": "{a} added, {r} removed, {w} reworded",
           "title": "Functiegroep {g}{name}: what changed between {old} and {new}",
           "resultaten": "Results", "gedragsindicatoren": "Behavioural indicators", "competenties": "Competences",
           "kwaliteitenprofiel": "Quality profile schaal {s}", "functietypering": "Typification schaal {s}"},
}


@dataclass
class Change:
    part: str  # "Functietypering schaal 5 — Resultaten"
    status: str  # added, removed, reworded
    old: str | None
    new: str | None
    diff: list[tuple[str, str]] = field(default_factory=list)  # word diff of a rewording


@dataclass
class ScoreChange:
    schaal: int
    old: str
    new: str
    kenmerken: list[tuple[int, str, str, str]]  # (number, name, old score, new score)


@dataclass
class ReadingDiff:
    functiegroep: int
    naam: str | None
    old: str  # reading dates
    new: str
    schalen_added: list[int]
    schalen_dropped: list[int]
    scores: list[ScoreChange]
    changes: list[Change]

    def counts(self) -> dict[str, int]:
        return {k: sum(c.status == k for c in self.changes) for k in ("added", "removed", "reworded")}


def reading_profile(data_dir: str | Path, group_id: int, date: str) -> Profile:
    """The profile of one reading: its pages converted and merged, as ``fgr build`` would."""
    label = reading_label(data_dir, group_id, date)
    profiles = [parse_file(path, Meta(functiegroep_id=group_id, label=label, source_url=page.url, retrieved=date))
                for page, path in read_reading(data_dir, group_id, date)]
    if not profiles:
        raise FgrError(Path(data_dir) / "readings" / str(group_id) / date, None, "the reading has no pages")
    return merge_profiles(profiles)


def _parts(p: Profile, lang: str) -> dict[str, list[str]]:
    w = _WORDS[lang]
    out: dict[str, list[str]] = {}
    for key, areas in (("resultaten", p.results), ("gedragsindicatoren", p.indicators)):
        for area, items in areas.items():
            out[f"{w[key]} — {AREA_TITLES[area]}"] = [i.text for i in items]
    out[w["competenties"]] = [i.text for i in p.competencies]
    for qp in p.quality_profiles:
        for section, items in qp.sections.items():
            out[f"{w['kwaliteitenprofiel'].format(s=qp.scale)} — {QP_TITLES[section]}"] = [i.text for i in items]
    for t in p.typifications:
        for block, items in t.blocks.items():
            out[f"{w['functietypering'].format(s=t.scale)} — {BLOCK_TITLES[block]}"] = [i.text for i in items]
    return out


def _scores(old: Profile, new: Profile) -> list[ScoreChange]:
    out = []
    before = {t.scale: t.code for t in old.typifications if t.code}
    for t in new.typifications:
        was = before.get(t.scale)
        if was is None or t.code is None or t.scale is None or " ".join(was.split()) == " ".join(t.code.split()):
            continue
        a, b = code_parts(was)[0], code_parts(t.code)[0]
        changed = [(n + 1, KENMERKEN[n] if n < len(KENMERKEN) else "?", x, y)
                   for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
        out.append(ScoreChange(t.scale, " ".join(was.split()), " ".join(t.code.split()), changed))
    return out


def _scales(p: Profile) -> set[int]:
    return {s for s in [*(t.scale for t in p.typifications), *(q.scale for q in p.quality_profiles)] if s is not None}


def diff_profiles(old: Profile, new: Profile, group_id: int, old_date: str, new_date: str,
                  lang: str = "nl") -> ReadingDiff:
    """What changed from ``old`` to ``new``, part by part."""
    before, after = _parts(old, lang), _parts(new, lang)
    changes: list[Change] = []
    for part in list(before) + [k for k in after if k not in before]:
        a, b = before.get(part, []), after.get(part, [])
        rows = align([[Cell(0, n, t) for n, t in enumerate(a)], [Cell(1, n, t) for n, t in enumerate(b)]],
                     THRESHOLD)
        for row in rows:
            x, y = row.cells
            if x is not None and y is not None:
                if x.text != y.text:
                    changes.append(Change(part, "reworded", x.text, y.text, word_diff(x.text, y.text)))
            elif x is not None:
                changes.append(Change(part, "removed", x.text, None))
            elif y is not None:
                changes.append(Change(part, "added", None, y.text))
    scales_old, scales_new = _scales(old), _scales(new)
    return ReadingDiff(group_id, new.meta.label or old.meta.label, old_date, new_date,
                       sorted(scales_new - scales_old), sorted(scales_old - scales_new), _scores(old, new), changes)


def diff_readings(data_dir: str | Path, group_id: int, old: str | None = None, new: str | None = None,
                  lang: str = "nl") -> ReadingDiff:
    """Compare two readings of a functiegroep (default: its last two)."""
    dates = reading_dates(data_dir, group_id)
    if (old is None) != (new is None):
        raise FgrError(None, None, "give two reading dates (DATE1 DATE2), or none for the last two")
    if old is None:
        if len(dates) < 2:
            raise FgrError(Path(data_dir) / "readings" / str(group_id), None,
                           f"functiegroep {group_id} has {len(dates)} reading(s): fgr diff needs two "
                           "(fgr fetch makes one a day)")
        old, new = dates[-2], dates[-1]
    assert new is not None  # given together with old, or both taken from the readings above
    for date in (old, new):
        if date not in dates:
            known = ", ".join(dates) or "none"
            raise FgrError(Path(data_dir) / "readings" / str(group_id), None,
                           f"no reading of functiegroep {group_id} on {date} (readings: {known})")
    return diff_profiles(reading_profile(data_dir, group_id, old), reading_profile(data_dir, group_id, new),
                         group_id, old, new, lang)


def _marked(change: Change, style: str) -> str:
    if change.status != "reworded":
        return (change.new if change.status == "added" else change.old) or ""
    marks = {"text": ("[-", "-]", "{+", "+}"), "markdown": ("~~", "~~", "**", "**")}[style]
    out = []
    for op, words in change.diff:
        out.append(words if op == "=" else f"{marks[0]}{words}{marks[1]}" if op == "-" else
                   f"{marks[2]}{words}{marks[3]}")
    return " ".join(out)


def _head(d: ReadingDiff, lang: str) -> list[str]:
    w = _WORDS[lang]
    name = f" {d.naam}" if d.naam else ""
    lines = [w["title"].format(g=d.functiegroep, name=name, old=d.old, new=d.new)]
    lines.append(f"{w['schalen_added']}: {', '.join(map(str, d.schalen_added)) or w['none']}; "
                 f"{w['schalen_dropped']}: {', '.join(map(str, d.schalen_dropped)) or w['none']}")
    for s in d.scores:
        lines.append(w["score"].format(s=s.schaal, old=s.old, new=s.new) + (": " if s.kenmerken else "") +
                     "; ".join(w["kenmerk"].format(n=n, name=name, a=a, b=b) for n, name, a, b in s.kenmerken))
    c = d.counts()
    lines.append(w["summary"].format(a=c["added"], r=c["removed"], w=c["reworded"]) if d.changes else w["nothing"])
    return lines


def render(d: ReadingDiff, fmt: str = "text", lang: str = "nl") -> str:
    """The differences as text, Markdown, JSON or HTML."""
    from functiegebouw.terminal import printable

    w = _WORDS[lang]
    by_part: dict[str, list[Change]] = {}
    for change in d.changes:
        by_part.setdefault(change.part, []).append(change)
    if fmt == "json":
        return json.dumps(asdict(d) | {"counts": d.counts()}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "text":
        lines = [printable(x) for x in _head(d, lang)]
        for part, changes in by_part.items():
            lines += ["", printable(part)] + [f"  {w[c.status]}: {printable(_marked(c, 'text'))}" for c in changes]
        return "\n".join(lines) + "\n"
    if fmt == "markdown":
        head = _head(d, lang)
        lines = [f"# {printable(head[0])}", ""] + [f"- {printable(x)}" for x in head[1:]]
        for part, changes in by_part.items():
            lines += ["", f"## {printable(part)}", ""] + [
                f"- *{w[c.status]}*: {printable(_marked(c, 'markdown')).replace('|', chr(92) + '|')}" for c in changes]
        return "\n".join(lines) + "\n"
    if fmt == "html":
        e = html.escape
        head = _head(d, lang)
        out = ["<!DOCTYPE html>", f'<html lang="{lang}">', '<head><meta charset="utf-8">',
               f"<title>{e(head[0])}</title>",
               "<style>del{background:#fdd}ins{background:#dfd;text-decoration:none}</style></head><body>",
               f"<h1>{e(head[0])}</h1>", "<ul>" + "".join(f"<li>{e(x)}</li>" for x in head[1:]) + "</ul>"]
        for part, changes in by_part.items():
            out.append(f"<h2>{e(part)}</h2><ul>")
            for c in changes:
                if c.status == "reworded":
                    text = " ".join(e(t) if op == "=" else f"<del>{e(t)}</del>" if op == "-" else f"<ins>{e(t)}</ins>"
                                    for op, t in c.diff)
                else:
                    tag = "ins" if c.status == "added" else "del"
                    text = f"<{tag}>{e(c.new or c.old or '')}</{tag}>"
                out.append(f'<li class="{c.status}">{e(w[c.status])}: {text}</li>')
            out.append("</ul>")
        return "\n".join(out + ["</body></html>"]) + "\n"
    raise FgrError(None, None, f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
