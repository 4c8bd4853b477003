"""`fgr build` in parallel: the same bytes for any number of workers, the same first error."""
from __future__ import annotations

import shutil

import pytest

from functiegebouw.convert import build
from functiegebouw.errors import FgrError
from support import FIXTURES

VARIANTS = sorted((FIXTURES / "variants").glob("*.txt"))


def data_folder(path, bad: int | None = None):
    (path / "sources").mkdir(parents=True)
    for n, variant in enumerate(VARIANTS * 2):
        src = path / "sources" / f"p{n:02d}.txt"
        shutil.copy(variant, src)
        (path / "sources" / f"p{n:02d}.toml").write_text(f'functiegroep_id = {900 + n}\nlabel = "Groep {n}"\n')
        if bad is not None and n >= bad:
            src.write_text("Resultaten\n\nthis is not a profile\n")
    return path


def test_any_number_of_workers_gives_the_same_bytes(tmp_path):
    outputs = []
    for jobs in (1, 2, 3):
        folder = data_folder(tmp_path / f"j{jobs}")
        summaries = build(folder, jobs=jobs)
        assert [s.source.name for s in summaries] == sorted(s.source.name for s in summaries)
        outputs.append({p.name: p.read_bytes() for p in folder.glob("*.ttl")})
    assert len(outputs[0]) == 2 * len(VARIANTS)
    assert outputs[0] == outputs[1] == outputs[2]


def test_the_first_bad_source_in_name_order_is_reported_and_nothing_written(tmp_path):
    folder = data_folder(tmp_path / "bad", bad=20)
    for jobs in (1, 2):
        with pytest.raises(FgrError) as err:
            build(folder, jobs=jobs)
        assert err.value.path.endswith("p20.txt")
        assert not list(folder.glob("*.ttl"))
