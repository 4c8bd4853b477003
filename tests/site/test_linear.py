"""The site grows linearly with the number of profiles (issue 28): no page kind whose count grows
with the square of the data. Two sites are built from synthetic profiles of bench/generate.py,
n and 4n of them, all of one functiefamilie (the worst case for comparing groups of a family:
every two of them would be n(n-1)/2 pages), and every kind of page is counted. The 4n are the n
four times over under other numbers and names, so that the data is exactly four times as large
(the generator's profiles differ in size: n of them are not a quarter of any 4n)."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.convert import convert, write_graph
from functiegebouw.site.build import build_site
from support import bench_module

N = 2
FAMILY = "Uitvoering"


@pytest.fixture(scope="module")
def gen():
    return bench_module("generate")


def _site(gen, folder: Path, copies: int) -> Path:
    """A site of ``copies`` × N profiles."""
    data = folder / "data"
    data.mkdir(parents=True)
    for copy in range(copies):
        for i in range(N):
            _stem, text, meta = gen.profile(i, 1)
            _write(data, text, meta, gen.FIRST_ID + copy * N + i, copy)
    store = functiegebouw.open(data, store_dir=folder / "store")
    out = folder / "site"
    build_site(store, out, jobs=1)
    return out


def _write(data: Path, text: str, meta: str, fid: int, copy: int) -> None:
    """Profile ``text`` converted as functiegroep ``fid`` of FAMILY (a copy gets its own name)."""
    meta = re.sub(r'functiefamilie = ".*"', f'functiefamilie = "{FAMILY}"', meta)
    meta = re.sub(r"functiegroep_id = \d+", f"functiegroep_id = {fid}", meta)
    meta = re.sub(r'label = "(.*)"', rf'label = "\1 {copy}"', meta)
    src = data / "sources" / f"fg{fid:05d}.txt"
    src.parent.mkdir(exist_ok=True)
    src.write_text(text, encoding="utf-8")
    src.with_suffix(".toml").write_text(meta, encoding="utf-8")
    write_graph(convert(src).triples, data / f"{src.stem}.ttl")


def _kind(rel: str) -> str:
    """A page's kind: its path with every segment that names one thing (holds a digit) as ``*``."""
    return "/".join("*" if any(c.isdigit() for c in part) else part for part in rel.split("/"))


def _pages(site: Path) -> Counter:
    return Counter(_kind(p.relative_to(site).as_posix()) for p in site.rglob("index.html"))


def test_every_page_kind_grows_linearly(gen, tmp_path):
    small, large = _pages(_site(gen, tmp_path / "n", 1)), _pages(_site(gen, tmp_path / "4n", 4))
    assert small["vergelijk/functiegroepen/*/index.html"] >= N - 1  # neighbours on the ladder are compared
    for kind in sorted(set(small) | set(large)):
        assert large[kind] <= 4 * small[kind] + 4, (kind, small[kind], large[kind])
    assert sum(large.values()) <= 4 * sum(small.values()) + 20


def test_pairs_are_neighbours_on_the_ladder():
    from functiegebouw.site.model import Catalogusgroep, Functiegroep, Profiel, SiteData
    from functiegebouw.site.neighbours import pairs, partners

    def group(ident, familie, schalen):
        g = Functiegroep(f"urn:g{ident}", ident, f"groep {ident}", familie, None)
        g.profielen = {s: Profiel(f"urn:p{ident}-{s}", s) for s in schalen}
        return g

    groups = [group(1, "A", [10, 11]), group(2, "A", [4, 5]), group(3, "A", [7]), group(4, "B", [8]),
              group(5, None, [9]), group(6, "A", [12, 13]), group(7, "B", [9])]
    data = SiteData({}, {g.id: g for g in groups}, [], {}, {}, {}, {}, [])
    # ladder A: 2 (4-5), 3 (7), 1 (10-11), 6 (12-13); B: 4, 7; 5 has no family
    assert [(a.id, b.id) for a, b in pairs(data)] == [(1, 3), (1, 6), (2, 3), (4, 7)]
    # the catalogue's range places a group and adds its derived next steps
    data.catalogus = {"urn:g6": Catalogusgroep("urn:g6", 6, "groep 6", "A", 1, 3, None, True, volgende=["urn:g1"])}
    assert [(a.id, b.id) for a, b in pairs(data)] == [(1, 3), (1, 6), (2, 3), (2, 6), (4, 7)]
    assert [g.id for g in partners(pairs(data))[6]] == [1, 2]
