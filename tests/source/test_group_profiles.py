"""merge.group_profiles: linear (a dict per key), and the same groups, in the same order, with the
same errors as the quadratic search it replaced."""
from __future__ import annotations

import random
from dataclasses import replace

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.source.merge import group_profiles, name_key
from functiegebouw.source.meta import source_meta
from functiegebouw.source.parse import parse_file
from support import PROFILES


def quadratic_group_profiles(profiles, meta_files=None):
    """The implementation before issue 28 (a search of all groups per profile), kept as the reference."""
    groups: list[dict] = []
    for i, p in enumerate(profiles):
        ident, name = p.meta.functiegroep_id, name_key(p.meta.label)
        by_id = next((g for g in groups if ident is not None and g["id"] == ident), None)
        by_name = next((g for g in groups if name is not None and name in g["names"]), None)
        if by_id is not None and by_name is not None and by_id is not by_name:
            raise FgrError((meta_files[i] if meta_files else None) or p.sources[0].path, None, "id and name")
        group = by_id or by_name
        if group is not None and ident is not None and group["id"] not in (None, ident):
            raise FgrError((meta_files[i] if meta_files else None) or p.sources[0].path, None, "two ids")
        if group is None or (ident is None and name is None):
            group = {"id": ident, "names": set(), "members": []}
            groups.append(group)
        group["members"].append(i)
        if ident is not None:
            group["id"] = ident
        if name is not None:
            group["names"].add(name)
    return [g["members"] for g in groups]


@pytest.fixture(scope="module")
def fixture_profiles():
    return [parse_file(path, source_meta(path)) for path in sorted(PROFILES.glob("*.txt"))]


def outcome(function, profiles):
    try:
        return function(profiles)
    except FgrError as exc:
        return ("error", exc.path, "functiegroep_id" in exc.message and "must give the same id" in exc.message
                or exc.message == "two ids")


def test_the_fixture_profiles_group_as_before(fixture_profiles):
    assert group_profiles(fixture_profiles) == quadratic_group_profiles(fixture_profiles) == [[0], [1], [2], [3], [4]]
    doubled = fixture_profiles + fixture_profiles[::-1]  # each functiegroep twice: texts to merge
    assert group_profiles(doubled) == quadratic_group_profiles(doubled) == [[0, 9], [1, 8], [2, 7], [3, 6], [4, 5]]


def test_random_ids_and_names_give_the_old_groups_order_and_errors(fixture_profiles):
    """Ids and names drawn from small pools (missing ones too) so that groups join by id, by name,
    by both, and conflict: the groups, their order and which profile the error names are the old ones."""
    rng = random.Random(28)
    names = ["Medewerker A", "medewerker  a", "Medewerker B", "Adviseur C", None]
    errors = 0
    for _trial in range(400):
        profiles = []
        for _n in range(rng.randrange(1, 14)):
            base = rng.choice(fixture_profiles)
            meta = replace(base.meta, functiegroep_id=rng.choice([None, None, 1, 2, 3]), label=rng.choice(names))
            profiles.append(replace(base, meta=meta))
        new, old = outcome(group_profiles, profiles), outcome(quadratic_group_profiles, profiles)
        assert new == old, [(p.meta.functiegroep_id, p.meta.label) for p in profiles]
        errors += isinstance(new, tuple)
    assert 20 < errors < 380  # both the grouping and the refusals were exercised
