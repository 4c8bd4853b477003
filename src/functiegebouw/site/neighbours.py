"""Which two functiegroepen the site compares: neighbours on their family's ladder.

Every two functiegroepen of a family would be a page count that grows with the square of the
data (22,952 pages at 10× the real FGR); a person compares a group with the next one up or down
the ladder. So a family's groups with a profile are put in ladder order (the catalogue's schaal
range where the catalogue has the group, else the schalen of its profile; then the FGR number),
and each is paired with the next. Where the catalogue derives a next step between two groups
with a profile (fgr:derivedNextStep), that pair is compared too. Any other pair is for
``fgr compare --functiegroepen``. At most one pair per group plus the catalogue's steps: linear.
"""
from __future__ import annotations

from functiegebouw.site.model import Functiegroep, SiteData


def _rung(data: SiteData, g: Functiegroep) -> tuple[int, int, int]:
    entry = data.catalogus.get(g.iri)
    if entry is not None:
        return entry.laagste, entry.hoogste, g.id
    schalen = g.schalen
    return (schalen[0], schalen[-1], g.id) if schalen else (0, 0, g.id)


def ladder_order(data: SiteData) -> dict[str, list[Functiegroep]]:
    """{family IRI: its functiegroepen with a profile, lowest rung first}; groups without a family are left out."""
    families: dict[str, list[Functiegroep]] = {}
    for g in data.groepen.values():
        if g.familie:
            families.setdefault(g.familie, []).append(g)
    return {f: sorted(groups, key=lambda g: _rung(data, g)) for f, groups in families.items()}


def pairs(data: SiteData) -> list[tuple[Functiegroep, Functiegroep]]:
    """The pairs of functiegroepen the site compares, each as (lower FGR number, higher), sorted."""
    found: set[tuple[int, int]] = set()
    for groups in ladder_order(data).values():
        for a, b in zip(groups, groups[1:], strict=False):
            found.add((min(a.id, b.id), max(a.id, b.id)))
    by_iri = data.group_by_iri()
    for entry in data.catalogus.values():
        group = by_iri.get(entry.iri)
        for step in entry.volgende:
            nxt = by_iri.get(step)
            if (group is not None and nxt is not None and group.id != nxt.id and group.familie
                    and group.familie == nxt.familie):
                found.add((min(group.id, nxt.id), max(group.id, nxt.id)))
    return [(data.groepen[a], data.groepen[b]) for a, b in sorted(found)]


def partners(pairs_: list[tuple[Functiegroep, Functiegroep]]) -> dict[int, list[Functiegroep]]:
    """{FGR number: the groups it is compared with on the site, by number}."""
    out: dict[int, list[Functiegroep]] = {}
    for a, b in pairs_:
        out.setdefault(a.id, []).append(b)
        out.setdefault(b.id, []).append(a)
    for groups in out.values():
        groups.sort(key=lambda g: g.id)
    return out
