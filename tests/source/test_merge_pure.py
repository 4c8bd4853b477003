"""merge.merge_profiles is pure: the profiles it is given stay as they were, so merging them again (a
second build in one process, a diff after a build) gives the same profile, with every line pointing
at its own source."""
from __future__ import annotations

import copy

from functiegebouw.convert import convert
from functiegebouw.source.merge import merge_profiles
from functiegebouw.source.model import COMPARE_KWALITEITENPROFIELEN, COMPARE_TYPERINGEN, KERNPROFIEL
from support import FIXTURES

PAGES = sorted((FIXTURES / "pages").glob("*.txt"))  # the kernprofiel page, then three compare pages


def _profiles():
    return [convert(page).profile for page in PAGES]


def test_merging_leaves_the_given_profiles_unchanged():
    profiles = _profiles()
    before = copy.deepcopy(profiles)
    merge_profiles(profiles)
    assert profiles == before
    assert [q.source for p in profiles for q in p.quality_profiles] == [0, 0]
    assert [t.also for p in profiles for t in p.typifications] == [[], [], [], []]


def test_merging_the_same_profiles_twice_gives_the_same_profile():
    profiles = _profiles()
    first, second = merge_profiles(profiles), merge_profiles(profiles)
    assert second == first
    assert first == merge_profiles(_profiles())


def test_every_merged_line_points_at_its_own_source():
    merged = merge_profiles(_profiles())
    forms = [s.form for s in merged.sources]
    assert forms == [KERNPROFIEL, COMPARE_TYPERINGEN, COMPARE_TYPERINGEN, COMPARE_KWALITEITENPROFIELEN]
    kern = [i for items in (*merged.results.values(), *merged.indicators.values()) for i in items]
    assert kern and {i.source for i in kern + merged.competencies} == {0}
    assert [(t.scale, t.source) for t in merged.typifications] == [(5, 1), (6, 1), (7, 2)]
    assert {i.source for t in merged.typifications for items in t.blocks.values() for i in items} == {1, 2}
    six = merged.typifications[1]
    assert [source for source, _line in six.also] == [2]  # schaal 6 is on both compare pages
    assert [(q.scale, q.source) for q in merged.quality_profiles] == [(5, 3), (6, 3)]
    assert {i.source for q in merged.quality_profiles for items in q.sections.values() for i in items} == {3}
