"""The benchmark generator (bench/generate.py): deterministic, and its output converts cleanly."""
import re
from pathlib import Path

import pytest

from functiegebouw.convert import convert
from functiegebouw.rdf.namespaces import FGR
from support import bench_module



@pytest.fixture(scope="module")
def gen():
    return bench_module("generate")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_deterministic_and_seeded(gen, tmp_path):
    a = _files(Path(gen.generate(tmp_path / "a", 12, seed=7)[0]).parent)
    b = _files(Path(gen.generate(tmp_path / "b", 12, seed=7)[0]).parent)
    c = _files(Path(gen.generate(tmp_path / "c", 12, seed=8)[0]).parent)
    assert len(a) == 24 and a == b
    assert a != c
    # a larger set starts with the smaller one, so 1x is part of 10x and 100x
    d = _files(Path(gen.generate(tmp_path / "d", 20, seed=7)[0]).parent)
    assert all(d[name] == data for name, data in a.items())


def test_output_converts_with_the_real_converter(gen, tmp_path):
    paths = gen.generate(tmp_path / "src", gen.REAL_GROUPS, seed=1)
    codes, malformed, subheadings, placeholders, names = 0, 0, 0, 0, set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        conv = convert(path)
        p, g = conv.profile, conv.graph
        fid = int(re.search(r"functiegroep_id = (\d+)", path.with_suffix(".toml").read_text()).group(1))
        assert p.meta.functiegroep_id == fid
        names.add(p.meta.label.casefold())
        assert 1 <= len(p.typifications) <= 6
        assert len(p.quality_profiles) == len(p.typifications)
        assert [t.scale for t in p.typifications] == [int(n) for n in re.findall(r"^Schaal (\d+)$", text, re.M)
                                                      ][-len(p.typifications):]
        assert sorted(q.scale for q in p.quality_profiles) == sorted(t.scale for t in p.typifications)
        assert all(len(p.results[a]) >= 2 and len(p.indicators[a]) >= 2 for a in p.results)
        for t in p.typifications:
            codes += 1
            digits = [int(c) for c in t.code.split("(")[0] if c.isdigit()]
            stated = int(t.code.split("(")[1].rstrip(")"))
            malformed += len(digits) != 14 or sum(digits) != stated
            subheadings += any(i.subheading for i in t.blocks["resultaten"])
        placeholders += len(list(g.subjects(None, FGR.Placeholder)))
        assert (None, FGR.fgrId, None) in g
    # one name per functiegroep: fgr build merges the texts of one name
    assert len(names) == len(paths)
    # the variety the benchmarks rely on: mostly consistent codes, a few malformed, sub-headings, P.M.s
    assert 0 < malformed < codes / 5
    assert 0 < subheadings < codes
    assert placeholders > len(paths)
