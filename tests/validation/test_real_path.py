"""report.real_path resolves a file through its folder (resolved once): the same answers as
os.path.realpath for symlinked files and folders, dots, relative, missing and trailing-slash paths."""
from __future__ import annotations

import os

from functiegebouw.validation.report import real_path


def test_real_path_is_realpath(tmp_path, monkeypatch):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f.ttl").write_text("")
    (tmp_path / "link-dir").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "link-file.ttl").symlink_to(tmp_path / "a" / "b" / "f.ttl")
    (tmp_path / "a" / "loop").symlink_to("loop")
    monkeypatch.chdir(tmp_path / "a")
    cases = ["b/f.ttl", "link-file.ttl", str(tmp_path / "link-dir" / "b" / "f.ttl"), str(tmp_path / "link-dir"),
             "b/../b/f.ttl", "b/./f.ttl", "b/", "b/..", ".", "..", "missing/x.ttl", "link-file.ttl/", "loop",
             str(tmp_path / "link-dir" / "link-file.ttl"), "f.ttl", "", "b//f.ttl"]
    for case in cases:
        real_path.cache_clear()
        assert real_path(case) == os.path.realpath(case), case
    real_path.cache_clear()
    assert [real_path(c) for c in cases] == [os.path.realpath(c) for c in cases]  # with the folders cached
