"""What a person at a terminal is told and a script is not: ``fgr convert -o`` says what it wrote,
the first ``fgr compare`` over new data says it built its cache."""
from __future__ import annotations

import os
import subprocess
import sys

from support import SEED_TXT, in_terminal


def test_convert_to_a_file_prints_one_summary_line_on_a_terminal(tmp_path):
    out = tmp_path / "seed.ttl"
    status, shown, err = in_terminal(["convert", SEED_TXT, "-o", out], env={"FGR_LANG": "nl"})
    assert status == 0, err
    lines = [line for line in shown.splitlines() if line.strip()]
    assert len(lines) == 1, shown
    assert lines[0].startswith("527 Medewerker Communicatie: schaal 5–8, ")
    assert f"-> {out} (" in lines[0] and lines[0].endswith(" triples)") and "functietyperingen" in lines[0]
    # to a pipe: nothing on standard output, the file the same
    first = out.read_bytes()
    piped = subprocess.run([sys.executable, "-m", "functiegebouw.cli", "convert", str(SEED_TXT), "-o", str(out)],
                           capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and piped.stdout == "" and out.read_bytes() == first


def test_the_first_compare_says_it_built_its_cache_the_second_does_not(tmp_path):
    from support import make_data_folder

    data = make_data_folder(tmp_path / "data", profiles=[SEED_TXT.stem])
    env = {"FGR_STORE_DIR": str(tmp_path / "store"), "FGR_LANG": "nl"}
    args = ["compare", "6", "7", "--functiegroep", "527", "--data", data]
    status, shown, out = in_terminal(args, stream="stderr", env=env)
    assert status == 0 and "schaal 6 en 7" in out
    notes = [line for line in shown.replace("\r", "\n").splitlines() if "eenmalig" in line]
    assert len(notes) == 1 and str(tmp_path / "store") in notes[0] and " s, eenmalig" in notes[0]
    status, shown, _ = in_terminal(args, stream="stderr", env=env)
    assert status == 0 and "eenmalig" not in shown
    # never when stderr is not a terminal (a script, CI)
    piped = subprocess.run([sys.executable, "-m", "functiegebouw.cli", *map(str, args)], capture_output=True,
                           text=True, timeout=120, env={**os.environ, **env, "FGR_STORE_DIR": str(tmp_path / "s3")})
    assert piped.returncode == 0 and piped.stderr == ""

