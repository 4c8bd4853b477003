"""Staging.commit at a build's size: many outputs replacing old ones (from the build's own list,
not its journal read back) all land, and an output name that is a symlink or a folder is refused before anything is promised."""
from __future__ import annotations

import pytest

from functiegebouw.errors import FgrError
from functiegebouw.rdf.files import JOURNAL, LOCK, Staging, write_all

N = 131


def names(folder):
    return sorted(p.name for p in folder.iterdir())


def stage_all(folder, finals, body):
    with Staging(folder, finals) as stage:
        for i, name in enumerate(finals):
            stage.path(i).write_bytes(body(name))
        stage.commit({name: i for i, name in enumerate(finals)}, {"merged.nt": body("merged.nt")})


def test_many_outputs_replace_the_old_ones_each_with_its_own_bytes(tmp_path):
    finals = [f"p{i:03d}.nt" for i in range(N)]
    write_all(tmp_path, {name: b"old " + name.encode() for name in finals[: N // 2]})
    stage_all(tmp_path, finals, lambda name: b"new " + name.encode())
    assert names(tmp_path) == sorted([LOCK, "merged.nt", *finals])  # no temporary file, list or journal
    assert all((tmp_path / name).read_bytes() == b"new " + name.encode() for name in [*finals, "merged.nt"])


@pytest.mark.parametrize("kind", ["symlink", "folder"])
def test_an_output_name_that_is_a_symlink_or_a_folder_is_refused_and_nothing_changes(tmp_path, kind):
    """A data folder is input: ``p007.nt`` planted as a link to a file outside (or as a folder) is
    named in one line; the file outside, the old outputs and the folder stay as they were, and no
    journal is left that every later reader would refuse."""
    data, outside = tmp_path / "data", tmp_path / "outside.txt"
    data.mkdir()
    outside.write_bytes(b"keep me\n")
    finals = [f"p{i:03d}.nt" for i in range(N)]
    write_all(data, {name: b"old " + name.encode() for name in finals if name != "p007.nt"})
    if kind == "symlink":
        (data / "p007.nt").symlink_to(outside)
    else:
        (data / "p007.nt").mkdir()
    before = names(data)
    with pytest.raises(FgrError, match="is a symlink or a folder") as err:
        stage_all(data, finals, lambda name: b"new " + name.encode())
    assert str(err.value.path).endswith("p007.nt") and "no output was changed" in str(err.value)
    assert names(data) == before and JOURNAL not in before
    assert outside.read_bytes() == b"keep me\n"
    assert all((data / n).read_bytes() == b"old " + n.encode() for n in finals if n != "p007.nt")
