"""Several texts of one functiegroep (a kernprofiel page and compare pages, say) as one profile.

``fgr build`` groups its sources by ``functiegroep_id`` (or, without one, by name) and merges each
group here: the kernprofiel from the text that has it, kwaliteitenprofielen and functietyperingen per
schaal from any text. Every line keeps the index of its own text (``Item.source``), so that its
provenance names its own file and line. A part given twice word for word is one part with both
sources; given twice differently it is an error naming both places.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from functiegebouw.errors import FgrError
from functiegebouw.source.model import KERNPROFIEL, WHOLE, Item, Meta, Profile, Source
from functiegebouw.source.text import clean


def name_key(label: str | None) -> str | None:
    return " ".join(clean(label).casefold().split()) if label else None


class Grouped(Protocol):
    """What grouping reads of a text: a Profile, or the outline a build keeps of one."""
    @property
    def meta(self) -> Meta: ...
    @property
    def sources(self) -> list[Source]: ...


def group_profiles(profiles: Sequence[Grouped], meta_files: list | None = None) -> list[list[int]]:
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


def _where(profile: Grouped, meta_files, index: int):
    return (meta_files[index] if meta_files else None) or profile.sources[0].path


def _item_key(item: Item) -> tuple:
    return (item.text, item.bulleted, item.subheading, item.kind, item.variants)


def _first_difference(a: list[tuple], b: list[tuple]) -> int:
    for n, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return n
    return min(len(a), len(b))


def _check_same(what: str, first: tuple, other: tuple) -> bool:
    """True when two copies of a part say the same; raise naming both places when they do not.

    ``first``/``other``: (path, start line, [(key, line)]) of each copy.
    """
    (path_a, start_a, lines_a), (path_b, start_b, lines_b) = first, other
    keys_a, keys_b = [k for k, _ in lines_a], [k for k, _ in lines_b]
    if keys_a == keys_b:
        return True
    n = _first_difference(keys_a, keys_b)
    line_a = lines_a[n][1] if n < len(lines_a) else start_a
    line_b = lines_b[n][1] if n < len(lines_b) else start_b
    raise FgrError(path_b, line_b, f"{what} is given twice, differently: here and at {path_a}:{line_a} "
                                   "(the texts differ from these lines on); keep one of the two")


def _kernprofiel_lines(p: Profile) -> list[tuple]:
    out = []
    for kind, areas in (("resultaat", p.results), ("gedragsindicator", p.indicators)):
        for area, items in areas.items():
            out += [((kind, area, *_item_key(i)), i.line) for i in items]
    out += [(("competentie", *_item_key(i)), i.line) for i in p.competencies]
    return out


def _typering_lines(t) -> list[tuple]:
    out = [(("code", c.variant, " ".join(c.raw.split())), c.line) for c in t.codes]
    for block, items in t.blocks.items():
        out += [((block, *_item_key(i)), i.line) for i in items]
    return out


def _qp_lines(q) -> list[tuple]:
    return [((section, *_item_key(i)), i.line) for section, items in q.sections.items() for i in items]


def _reindex(items, offset: int) -> None:
    for item in items:
        item.source += offset


def merge_profiles(profiles: list[Profile]) -> Profile:
    """One profile of a functiegroep from the profiles of its texts (in the order given)."""
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

    kern = None  # (profile index, lines)
    for n, p in enumerate(profiles):
        if not p.has_kernprofiel:
            continue
        _reindex([i for items in (*p.results.values(), *p.indicators.values()) for i in items] + p.competencies,
                 offsets[n])
        lines = _kernprofiel_lines(p)
        start = lines[0][1] if lines else 1
        if kern is None:
            kern = (n, lines, start)
            merged.results, merged.indicators, merged.competencies = p.results, p.indicators, p.competencies
            merged.area_headings = p.area_headings
            continue
        first = profiles[kern[0]]
        _check_same("the kernprofiel", (first.sources[0].path, kern[2], kern[1]), (p.sources[0].path, start, lines))
        merged.kernprofiel_also.append((offsets[n], start))

    for attr, what, key in (("typifications", "the functietypering for schaal {}", _typering_lines),
                            ("quality_profiles", "the kwaliteitenprofiel for schaal {}", _qp_lines)):
        chosen: dict[int, tuple] = {}
        for n, p in enumerate(profiles):
            for part in getattr(p, attr):
                items = [i for items in (part.blocks if attr == "typifications" else part.sections).values()
                         for i in items]
                _reindex(items, offsets[n])
                part.source += offsets[n]
                lines = key(part)
                if part.scale not in chosen:
                    chosen[part.scale] = (part, n, lines)
                    continue
                kept, m, kept_lines = chosen[part.scale]
                _check_same(what.format(part.scale), (profiles[m].sources[0].path, kept.line, kept_lines),
                            (p.sources[0].path, part.line, lines))
                kept.also.append((part.source, part.line))
                if attr == "quality_profiles" and part.scale_by_heading:  # stated beats by position
                    kept.scale_by_heading, kept.scale_by_header = True, False
                elif attr == "quality_profiles" and part.scale_by_header and not kept.scale_by_heading:
                    kept.scale_by_header = True
        setattr(merged, attr, [chosen[s][0] for s in sorted(chosen)])
    return merged
