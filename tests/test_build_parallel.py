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
        (path / "sources" / f"p{n:02d}.toml").write_text(f'functiegroep_id = {700 + n}\nlabel = "Groep {n}"\n')
        if bad is not None and n >= bad:
            src.write_text("Resultaten\n\nthis is not a profile\n")
    return path


PAGES = ("kernprofiel", "vergelijk-functietyperingen-5-6", "vergelijk-kwaliteitenprofielen-5-6")


def every_file(folder) -> dict[str, bytes]:
    """Every file the build left in ``folder`` (hidden ones too: no leftover may differ), by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_any_number_of_workers_gives_the_same_bytes(tmp_path):
    """Every file byte for byte, with a functiegroep merged from three texts among them (the workers
    write the texts of their own; the parent merges a functiegroep of several)."""
    outputs, lines = [], []
    for jobs in (1, 2, 3):
        folder = data_folder(tmp_path / f"j{jobs}")
        for page in PAGES:
            for suffix in (".txt", ".toml"):
                shutil.copy(FIXTURES / "pages" / f"{page}{suffix}", folder / "sources")
        summaries = build(folder, jobs=jobs)
        assert [s.source.name for s in summaries] == sorted(s.source.name for s in summaries)
        outputs.append(every_file(folder))
        single = next(s for s in summaries if s.source.name == "p00.txt")  # its profile is read again on demand
        assert single.profile.meta.label == "Groep 0" and single.profile.warnings == single.warnings
        lines.append([s.line().replace(str(folder), "") for s in summaries])
    assert sorted(outputs[0]) == sorted([".fgr-build.lock", "functiegroep-900.ttl",
                                         *(f"p{n:02d}.ttl" for n in range(2 * len(VARIANTS)))])
    assert outputs[0] == outputs[1] == outputs[2]
    assert lines[0] == lines[1] == lines[2] and "3 teksten" in lines[0][0]


def test_the_first_bad_source_in_name_order_is_reported_and_nothing_written(tmp_path):
    folder = data_folder(tmp_path / "bad", bad=20)
    for jobs in (1, 2):
        with pytest.raises(FgrError) as err:
            build(folder, jobs=jobs)
        assert err.value.path.endswith("p20.txt")
        assert sorted(p.name for p in folder.iterdir()) == [".fgr-build.lock", "sources"]  # no leftover either
