"""Several texts of one functiegroep (a kernprofiel page and compare pages, say) as one profile.

``fgr build`` groups its sources by ``functiegroep_id`` (or, without one, by name) and merges each
group here: the kernprofiel from the text that has it, kwaliteitenprofielen and functietyperingen per
schaal from any text. Every line keeps the index of its own text (``Item.source``), so that its
provenance names its own file and line. A part given twice word for word is one part with both
sources; given twice differently it is an error naming both places.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from functiegebouw.errors import FgrError
from functiegebouw.source.model import KERNPROFIEL, WHOLE, Item, Meta, Profile, QualityProfile, Source, Typification
from functiegebouw.source.text import clean


# one line of a part as merging compares it: (what it says, its line number)
Line = tuple[tuple[object, ...], int]


def name_key(label: str | None) -> str | None:
    return " ".join(clean(label).casefold().split()) if label else None


class Grouped(Protocol):
    """What grouping reads of a text: a Profile, or the outline a build keeps of one."""
    @property
    def meta(self) -> Meta: ...
    @property
    def sources(self) -> list[Source]: ...


def group_profiles(profiles: Sequence[Grouped], meta_files: Sequence[Path | None] | None = None) -> list[list[int]]:
    """Indices of ``profiles`` grouped by functiegroep: the same ``functiegroep_id``, or the same name.

    Linear: a group is found by its id or name in a dict (ids and names each belong to at most one
    group, so the lookup finds what a search of the groups in order would find)."""
    groups: list[_Group] = []
    by_ids: dict[int, _Group] = {}
    by_names: dict[str, _Group] = {}
    for i, p in enumerate(profiles):
        ident, name = p.meta.functiegroep_id, name_key(p.meta.label)
        by_id = by_ids.get(ident) if ident is not None else None
        by_name = by_names.get(name) if name is not None else None
        if by_id is not None and by_name is not None and by_id is not by_name:
            first = profiles[by_name.members[0]]
            raise FgrError(_where(p, meta_files, i), None,
                           f"functiegroep {ident} is named '{p.meta.label}', which is the name of functiegroep "
                           f"{first.meta.functiegroep_id} in {first.sources[0].path}")
        group = by_id or by_name
        if group is not None and ident is not None and group.ident not in (None, ident):
            first = profiles[group.members[0]]
            raise FgrError(_where(p, meta_files, i), None,
                           f"'{p.meta.label}' has functiegroep_id {ident} here, but {group.ident} in "
                           f"{first.sources[0].path}: texts of one functiegroep must give the same id")
        if group is None:
            group = _Group(ident)
            groups.append(group)
        group.members.append(i)
        if ident is not None:
            group.ident = ident
            by_ids[ident] = group
        if name is not None:
            by_names[name] = group
    return [g.members for g in groups]


@dataclass
class _Group:
    """The texts of one functiegroep found so far."""
    ident: int | None
    members: list[int] = field(default_factory=list)


def _where(profile: Grouped, meta_files: Sequence[Path | None] | None, index: int) -> Path | str | None:
    return (meta_files[index] if meta_files else None) or profile.sources[0].path


def _item_key(item: Item) -> tuple[object, ...]:
    return (item.text, item.bulleted, item.subheading, item.kind, item.variants)


def _first_difference(a: list[tuple[object, ...]], b: list[tuple[object, ...]]) -> int:
    for n, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return n
    return min(len(a), len(b))


@dataclass(frozen=True)
class _Copy:
    """One copy of a part, as :func:`_check_same` compares it: its file, first line and (key, line) pairs."""
    path: str | None
    start: int
    lines: list[Line]


def _check_same(what: str, first: _Copy, other: _Copy) -> bool:
    """True when two copies of a part say the same; raise naming both places when they do not."""
    keys_a, keys_b = [k for k, _ in first.lines], [k for k, _ in other.lines]
    if keys_a == keys_b:
        return True
    n = _first_difference(keys_a, keys_b)
    line_a = first.lines[n][1] if n < len(first.lines) else first.start
    line_b = other.lines[n][1] if n < len(other.lines) else other.start
    raise FgrError(other.path, line_b, f"{what} is given twice, differently: here and at {first.path}:{line_a} "
                                       "(the texts differ from these lines on); keep one of the two")


def _kernprofiel_lines(p: Profile) -> list[Line]:
    out: list[Line] = []
    for kind, areas in (("resultaat", p.results), ("gedragsindicator", p.indicators)):
        for area, items in areas.items():
            out += [((kind, area, *_item_key(i)), i.line) for i in items]
    out += [(("competentie", *_item_key(i)), i.line) for i in p.competencies]
    return out


def _typering_lines(t: Typification) -> list[Line]:
    out: list[Line] = [(("code", c.variant, " ".join(c.raw.split())), c.line) for c in t.codes]
    for block, items in t.blocks.items():
        out += [((block, *_item_key(i)), i.line) for i in items]
    return out


def _qp_lines(q: QualityProfile) -> list[Line]:
    return [((section, *_item_key(i)), i.line) for section, items in q.sections.items() for i in items]


def _moved(items: list[Item], offset: int) -> list[Item]:
    """Copies of ``items`` whose source index is ``offset`` further on (the inputs stay as they are)."""
    return [replace(i, source=i.source + offset) for i in items]


def _shifted(p: Profile, offset: int) -> Profile:
    """A copy of ``p`` whose lines and parts point at its sources ``offset`` places further on in the
    merged profile's list: merging must not change the profiles it is given (a second merge of the
    same profiles would otherwise offset them twice)."""
    return replace(
        p, results={a: _moved(items, offset) for a, items in p.results.items()},
        indicators={a: _moved(items, offset) for a, items in p.indicators.items()},
        competencies=_moved(p.competencies, offset),
        area_headings={k: dict(v) for k, v in p.area_headings.items()},
        quality_profiles=[replace(q, source=q.source + offset, also=list(q.also),
                                  sections={k: _moved(v, offset) for k, v in q.sections.items()})
                          for q in p.quality_profiles],
        typifications=[replace(t, source=t.source + offset, also=list(t.also), codes=list(t.codes),
                               blocks={k: _moved(v, offset) for k, v in t.blocks.items()})
                       for t in p.typifications])


def merge_profiles(profiles: list[Profile]) -> Profile:
    """One profile of a functiegroep from the profiles of its texts (in the order given). The given
    profiles are left unchanged (the merged one holds copies of their parts)."""
    if len(profiles) == 1:
        return profiles[0]
    meta = Meta()
    for attr, what in (("functiegroep_id", "functiegroep_id"), ("label", "name"), ("functiefamilie", "functiefamilie")):
        given = [(getattr(p.meta, attr), p) for p in profiles if getattr(p.meta, attr) is not None]
        for value, p in given[1:]:
            first, origin = given[0]
            if (name_key(value) if isinstance(value, str) else value) != (
                    name_key(first) if isinstance(first, str) else first):
                raise FgrError(p.sources[0].path, None, f"the {what} is {value!r} here but {first!r} in "
                               f"{origin.sources[0].path}: texts of one functiegroep must agree")
        setattr(meta, attr, given[0][0] if given else None)
    # the functiegroep's own page address: from the whole or kernprofiel page, not a compare page
    meta.source_url = next((p.meta.source_url for p in profiles if p.form in (WHOLE, KERNPROFIEL)
                            and p.meta.source_url), None)
    merged = Profile(source_name=profiles[0].source_name, sha256=profiles[0].sha256, meta=meta, form=WHOLE,
                     sources=[src for p in profiles for src in p.sources],
                     warnings=[w for p in profiles for w in p.warnings
                               if not (meta.label and getattr(w, "kind", "") == "no-name")])
    offsets, total = [], 0
    for p in profiles:
        offsets.append(total)
        total += len(p.sources)
    profiles = [_shifted(p, offsets[n]) for n, p in enumerate(profiles)]

    kern: _Copy | None = None  # the first copy of the kernprofiel
    for n, p in enumerate(profiles):
        if not p.has_kernprofiel:
            continue
        lines = _kernprofiel_lines(p)
        start = lines[0][1] if lines else 1
        if kern is None:
            kern = _Copy(p.sources[0].path, start, lines)
            merged.results, merged.indicators, merged.competencies = p.results, p.indicators, p.competencies
            merged.area_headings = p.area_headings
            continue
        _check_same("the kernprofiel", kern, _Copy(p.sources[0].path, start, lines))
        merged.kernprofiel_also.append((offsets[n], start))

    for attr, what, key in (("typifications", "the functietypering for schaal {}", _typering_lines),
                            ("quality_profiles", "the kwaliteitenprofiel for schaal {}", _qp_lines)):
        # the part (a QualityProfile or a Typification, per attr) first given for each schaal
        chosen: dict[int, tuple[Any, _Copy]] = {}
        for p in profiles:
            for part in getattr(p, attr):
                copy = _Copy(p.sources[0].path, part.line, key(part))
                if part.scale not in chosen:
                    chosen[part.scale] = (part, copy)
                    continue
                kept, kept_copy = chosen[part.scale]
                _check_same(what.format(part.scale), kept_copy, copy)
                kept.also.append((part.source, part.line))
                if attr == "quality_profiles" and part.scale_by_heading:  # stated beats by position
                    kept.scale_by_heading, kept.scale_by_header = True, False
                elif attr == "quality_profiles" and part.scale_by_header and not kept.scale_by_heading:
                    kept.scale_by_header = True
        setattr(merged, attr, [chosen[s][0] for s in sorted(chosen)])
    return merged
