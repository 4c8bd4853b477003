"""A command never destroys its own input (issue 22 item 13): `fgr convert x.txt -o x.txt` (under any
spelling, through a symlink or a hard link) and an import of a header-only table are refused with
one line, exit 2, every file as it was."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import SEED_TXT


@pytest.fixture
def fgr(monkeypatch, capsys):
    """`fgr ARGS` run in ``cwd`` in this process (a subprocess per case costs seconds): exit status and stderr."""
    from functiegebouw.cli.main import main

    def run(*args, cwd: Path) -> subprocess.CompletedProcess:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, captured.out, captured.err)

    return run


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_refusal(proc) -> None:
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "nothing was written" in proc.stderr, proc.stderr


@pytest.fixture
def source(tmp_path) -> Path:
    (tmp_path / "sub").mkdir()
    shutil.copy(SEED_TXT, tmp_path / "x.txt")
    (tmp_path / "x.toml").write_text('functiegroep_id = 527\nlabel = "Medewerker Communicatie"\n')
    (tmp_path / "link.ttl").symlink_to(tmp_path / "x.txt")
    os.link(tmp_path / "x.txt", tmp_path / "hard.ttl")
    return tmp_path / "x.txt"


@pytest.mark.parametrize("output", ["x.txt", "./x.txt", "sub/../x.txt", "{abs}", "link.ttl", "hard.ttl", "x.toml"])
def test_convert_refuses_to_write_over_its_source(fgr, source, output):
    folder = source.parent
    before = files(folder)
    proc = fgr("convert", "x.txt", "-o", output.format(abs=source), cwd=folder)
    one_line_refusal(proc)
    assert "is the input" in proc.stderr
    assert files(folder) == before


def test_convert_still_writes_a_new_file_and_replaces_an_old_output(fgr, source):
    folder = source.parent
    assert fgr("convert", "x.txt", "-o", "out.ttl", cwd=folder).returncode == 0
    first = (folder / "out.ttl").read_bytes()
    assert first.startswith(b"@prefix") or b"@prefix" in first[:2000]
    assert fgr("convert", "x.txt", "-o", "out.ttl", cwd=folder).returncode == 0  # an old output is no input
    assert (folder / "out.ttl").read_bytes() == first and source.read_bytes() == SEED_TXT.read_bytes()


def test_render_refuses_to_write_over_its_graph(fgr, source):
    folder = source.parent
    assert fgr("convert", "x.txt", "-o", "g.ttl", cwd=folder).returncode == 0
    before = files(folder)
    one_line_refusal(fgr("render", "g.ttl", "-o", "./g.ttl", cwd=folder))
    assert files(folder) == before


BRC_HEADER = ("ISCO2008unitgroup,ISCO2008unitgrouplabel,BRC2014beroepsklasse,BRC2014beroepsklasse_label,"
              "BRC2014beroepssegment,BRC2014beroepssegment_label,BRC2014beroepsgroep,BRC2014beroepsgroep_label,"
              "ISCO2008niveau,ISCO2008niveau_label\n")
BRC_ROW = ("2431,Specialisten reclame en marketing,04,Commerciële beroepen,041,Commerciële beroepen,0411,"
           "Adviseurs marketing,4,niveau 4\n")


@pytest.mark.parametrize("table", [BRC_HEADER, BRC_HEADER + "\n\n", "\ufeff" + BRC_HEADER])
def test_import_brc_of_a_header_only_table_keeps_the_vocabulary(fgr, tmp_path, table):
    """The issue's case: a header-only CSV replaced the 177 KB brc2014.ttl with an empty vocabulary."""
    vocab = tmp_path / "vocab"
    vocab.mkdir()
    (vocab / "brc2014.ttl").write_text("# the committed vocabulary\n")
    (tmp_path / "brc.csv").write_text(table, encoding="utf-8")
    before = files(vocab)
    proc = fgr("vocab", "import-brc", "brc.csv", "-o", "vocab", cwd=tmp_path)
    one_line_refusal(proc)
    assert "brc.csv:2" in proc.stderr and "no rows" in proc.stderr
    assert files(vocab) == before
    # with a row, the import writes
    (tmp_path / "brc.csv").write_text(BRC_HEADER + BRC_ROW, encoding="utf-8")
    assert fgr("vocab", "import-brc", "brc.csv", "-o", "vocab", cwd=tmp_path).returncode == 0
    assert "Adviseurs marketing" in (vocab / "brc2014.ttl").read_text(encoding="utf-8")


def test_import_onet_and_esco_of_header_only_tables_write_nothing(fgr, tmp_path):
    from functiegebouw.links import vocab as importers

    onet = tmp_path / "onet"
    onet.mkdir()
    for name, header in (("isco08_soc2010_crosswalk.csv", "ISCO-08 Code,part,2010 SOC Code,2010 SOC Title\n"),
                         ("onet_occupation_data.csv", "O*NET-SOC Code,Title,Description\n")):
        (onet / name).write_text(header)
    out = tmp_path / "vocab"
    out.mkdir()
    one_line_refusal(fgr("vocab", "import-onet", str(onet), "-o", str(out), cwd=tmp_path))
    esco = tmp_path / "esco"
    esco.mkdir()
    for name in importers.ESCO_FILES.values():
        (esco / name).write_text("conceptUri,code,preferredLabel,altLabels,inScheme,description,iscoGroup,skillType,"
                                 "reuseLevel,broaderConceptUri,conceptType,broaderType,broaderUri\n")
    one_line_refusal(fgr("vocab", "import-esco", str(esco), "-o", str(out), cwd=tmp_path))
    assert list(out.iterdir()) == []
