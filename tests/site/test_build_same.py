"""fgr site gives the same files from run to run, for any number of workers, without fork, from
another process through the command line and from a SPARQL server; a failed build keeps the
previous site. (The site's content is tested in test_build.py: two files, so that with
``--dist loadfile`` two workers share the site's tests.)"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import functiegebouw
from functiegebouw.cli import main
from functiegebouw.errors import FgrError
from functiegebouw.site.build import build_site


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_files_for_any_number_of_workers(built_site, site_store, tmp_path):
    """``built_site`` is built by two workers (tests/site/conftest.py); one worker gives the same files."""
    out, two = built_site
    one = build_site(site_store, tmp_path / "one", host="https://fgr.example.org/site/", jobs=1)
    assert (one.files, one.bytes, one.pages) == (two.files, two.bytes, two.pages)
    assert files_of(tmp_path / "one") == files_of(out)
    with pytest.raises(FgrError, match="--jobs must be at least 1"):
        build_site(site_store, tmp_path / "none", jobs=0)


def test_the_same_files_where_processes_cannot_fork(built_site, site_store, tmp_path, monkeypatch):
    """Without fork the queries beside the read of every triple run in a thread and the pages in
    this process: the same files as the forked side process and workers give."""
    import multiprocessing

    out, _ = built_site
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    build_site(site_store, tmp_path / "nofork", host="https://fgr.example.org/site/", jobs=2)
    assert files_of(tmp_path / "nofork") == files_of(out)


def test_same_bytes_from_another_process_and_the_cli(built_site, site_data, tmp_path):
    out, _ = built_site
    again = tmp_path / "again"
    env = dict(os.environ, PYTHONHASHSEED="12345", FGR_STORE_DIR=str(tmp_path / "store"))
    proc = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "site", str(again), "--data", str(site_data),
                           "--host", "https://fgr.example.org/site/", "--jobs", "2"],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert re.match(r".*again: [\d,]+ pages \([\d,]+ resources", proc.stdout)
    assert files_of(out) == files_of(again)


def test_same_site_from_a_sparql_server(built_site, site_data, own_oxigraph, tmp_path):
    out, _ = built_site
    server = own_oxigraph()
    assert main(["load", "--endpoint", server.url, "--data", str(site_data)]) == 0
    remote = functiegebouw.open(endpoint=server.url)
    build_site(remote, tmp_path / "remote", host="https://fgr.example.org/site/")
    mine, theirs = files_of(out), files_of(tmp_path / "remote")
    assert sorted(mine) == sorted(theirs)
    assert [k for k in mine if mine[k] != theirs[k]] == []


def test_refuses_a_folder_it_did_not_make(site_store, tmp_path, capsys):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(FgrError, match="is not a site made by fgr site"):
        build_site(site_store, tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_a_failed_build_keeps_the_previous_site(built_site, site_store, tmp_path, monkeypatch):
    out = tmp_path / "site"
    shutil.copytree(built_site[0], out)  # a previous site (a copy: a build of its own costs ~10 s of CPU)
    before = files_of(out)

    def broken(*a, **k):
        raise FgrError("query", None, "server went away")

    monkeypatch.setattr("functiegebouw.site.compare_pages.pair_pages", broken)
    with pytest.raises(FgrError, match="server went away"):  # not a refusal of the copied folder
        build_site(site_store, out)
    assert files_of(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left behind
