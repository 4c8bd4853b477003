"""`fgr build` holds little per profile in the parent: the workers write each profile's Turtle to its
temporary file themselves and hand back an outline only (issue 28: a parent that held each profile
and its ~100 kB of Turtle reached 1.1 GB at 6,100 profiles)."""
from __future__ import annotations

import shutil
import tracemalloc

from functiegebouw.convert import build
from support import FIXTURES

VARIANTS = sorted((FIXTURES / "variants").glob("*.txt"))


def data_folder(path, n: int):
    """``n`` texts (the fixture variants over and over), each its own functiegroep."""
    (path / "sources").mkdir(parents=True)
    for i in range(n):
        shutil.copy(VARIANTS[i % len(VARIANTS)], path / "sources" / f"p{i:03d}.txt")
        (path / "sources" / f"p{i:03d}.toml").write_text(f'functiegroep_id = {700 + i}\nlabel = "Groep {i}"\n')
    return path


def parent_peak(folder, jobs: int) -> int:
    """Peak bytes the parent process allocated during a build (the forked workers are not counted),
    with the summaries it returns still held, as `fgr build` holds them to print their lines."""
    tracemalloc.start()
    try:
        summaries = build(folder, jobs=jobs)
        assert len(summaries) == len(list((folder / "sources").glob("*.txt")))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_the_parent_s_memory_per_profile_is_an_outline_not_the_profile(tmp_path):
    """Four times the profiles: the parent's peak grows by a few kB a profile (its outline and
    summary), far less than a profile's Turtle (~45 kB for these texts; the whole profile object
    more). A build whose parent holds each profile's Turtle or profile again grows by that (both
    tried: 56 kB and 27 kB a profile, against ~3 kB)."""
    jobs = 2  # the workers' path: what they hand back is what the parent holds
    build(data_folder(tmp_path / "warm", 16), jobs=jobs)  # imports, caches and the pool's first costs
    small, large = data_folder(tmp_path / "small", 16), data_folder(tmp_path / "large", 64)
    grown = (parent_peak(large, jobs) - parent_peak(small, jobs)) / (64 - 16)
    turtle = sum(p.stat().st_size for p in large.glob("*.ttl")) / 64
    assert turtle > 20_000  # the measure below means something only if a profile's Turtle is large
    assert grown < turtle / 4, f"the parent holds {grown:,.0f} bytes more a profile (a profile's Turtle: {turtle:,.0f})"
