"""The composite GitHub Action (action.yml): its steps run as GitHub would run them, in a fresh venv,
on a repository of FGR profiles; the package is installed from the action's own folder (same ref)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from support import FIXTURES, ROOT, make_data_folder
from test_install import fresh_venv

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def expand(text: str, inputs: dict) -> str:
    """GitHub's ${{ inputs.x }} and ${{ github.action_path }}, the only expressions action.yml uses."""
    def value(m):
        expr = m.group(1).strip()
        if expr == "github.action_path":
            return str(ROOT)
        assert expr.startswith("inputs."), expr
        return inputs[expr[len("inputs."):]]
    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def condition(expr: str | None, inputs: dict) -> bool:
    if expr is None:
        return True
    m = re.fullmatch(r"inputs\.(\w[\w-]*) != ''", expr.strip())
    assert m, f"action.yml uses a condition this test does not know: {expr}"
    return inputs[m.group(1)] != ""


def run_action(repo: Path, venv: Path, **given) -> list[subprocess.CompletedProcess]:
    inputs = {name: spec.get("default", "") for name, spec in ACTION["inputs"].items()} | given
    env = {"PATH": f"{venv / 'bin'}:{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(repo.parent / "home"),
           # offline: the dependencies come from this run (fresh_venv), the build backend too
           "LANG": "C.UTF-8", "PIP_NO_DEPS": "1", "PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = []
    for step in ACTION["runs"]["steps"]:
        if "uses" in step:
            assert step["uses"].startswith("actions/setup-python@")  # the runner's Python: here the venv's
            continue
        if not condition(step.get("if"), inputs):
            continue
        assert step["shell"] == "bash"
        step_env = {**env, **{k: expand(str(v), inputs) for k, v in step.get("env", {}).items()}}
        proc = subprocess.run(["bash", "-e", "-c", expand(step["run"], inputs)], cwd=repo, env=step_env,
                              capture_output=True, text=True, timeout=600)
        done.append(proc)
        if proc.returncode != 0:
            break
    return done


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    return fresh_venv(tmp_path_factory.mktemp("action") / "venv")


@pytest.fixture
def repo(tmp_path):
    """Another project's repository: two profiles as Turtle beside their sources, one of them damaged."""
    data = make_data_folder(tmp_path / "repo" / "profiles", profiles=["medewerker-servicedesk", "medewerker-facilitair"])
    text = (data / "medewerker-facilitair.ttl").read_text(encoding="utf-8")
    (data / "medewerker-facilitair.ttl").write_text(text.replace("fgr:statedTotal 33", "fgr:statedTotal 34"), encoding="utf-8")
    shutil.rmtree(data / "mappings")
    return tmp_path / "repo"


def test_the_action_declares_its_inputs_and_installs_from_its_own_ref():
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "engine"} <= set(ACTION["inputs"])
    install = [s for s in ACTION["runs"]["steps"] if "pip install" in s.get("run", "")]
    assert len(install) == 1 and install[0]["env"]["ACTION_PATH"] == "${{ github.action_path }}"


def test_the_steps_annotate_the_source_lines_and_fail_on_violations(repo, venv):
    steps = run_action(repo, venv, paths="profiles", junit="fgr-report.xml")
    install, junit, validate = steps
    assert install.returncode == 0, install.stderr[-1500:]
    assert junit.returncode == 0, junit.stderr[-800:]  # a report with failures is still a report
    assert validate.returncode == 1, validate.stderr[-800:]
    errors = [line for line in validate.stdout.splitlines() if line.startswith("::error ")]
    assert errors == ["::error file=profiles/sources/medewerker-facilitair.txt,line=" + errors[0].split("line=")[1]]
    line = int(re.search(r"line=(\d+)", errors[0]).group(1))
    source = (repo / "profiles" / "sources" / "medewerker-facilitair.txt").read_text(encoding="utf-8").splitlines()
    # the line with the code, where the wrong total is (the typering's heading is a few lines up)
    # (the test changed the Turtle's total only: the text still says 33)
    assert source[line - 1] == "32232 33222 22 32 (33)" and "Functietypering" in source[line - 4:line - 1]
    assert "TypificationTotalSumShape" in errors[0] and "opgegeven totaal is 34" in errors[0]
    report = ET.parse(repo / "fgr-report.xml").getroot()
    assert report.get("failures") == "1"
    # the package the steps ran is the one they installed into the venv, from this checkout
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import functiegebouw; print(functiegebouw.__file__)"],
                           capture_output=True, text=True, cwd=repo).stdout
    assert "site-packages" in where and not where.startswith(str(ROOT))


def test_a_conforming_repository_passes(repo, venv):
    (repo / "profiles" / "medewerker-facilitair.ttl").unlink()
    steps = run_action(repo, venv, paths="profiles", engine="pyshacl")
    assert [s.returncode for s in steps] == [0, 0], steps[-1].stderr[-800:]
    assert "::error" not in steps[-1].stdout and " 0 fout(en)" in steps[-1].stdout.splitlines()[-1]


def test_fgr_texts_are_converted_and_validated_in_one_step(tmp_path, venv):
    """A repository that keeps FGR texts (.txt with their .toml) and no Turtle: the Action converts and
    validates them, annotates the text's own lines, and a file that does not parse is an annotation of its
    own while the others are still validated."""
    folder = tmp_path / "texts" / "profielen"
    folder.mkdir(parents=True)
    for name in ("medewerker-servicedesk", "medewerker-facilitair"):
        for suffix in (".txt", ".toml"):
            shutil.copy(FIXTURES / "profiles" / (name + suffix), folder)
    text = folder / "medewerker-facilitair.txt"
    lines = text.read_text(encoding="utf-8").splitlines(keepends=True)
    wrong = lines.index("32232 33222 22 32 (33)\n") + 1  # its total, wrong in the text itself
    lines[wrong - 1] = "32232 33222 22 32 (34)\n"
    text.write_text("".join(lines), encoding="utf-8")
    (folder / "kapot.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b .\n", encoding="utf-8")
    (folder / "README.txt").write_text("Onze profielen.\n", encoding="utf-8")  # no .toml: not a profile
    install, junit, validate = run_action(folder.parent, venv, paths="profielen", junit="fgr-report.xml",
                                          severity="warning")
    assert install.returncode == 0 and junit.returncode == 0, junit.stderr[-800:]
    assert validate.returncode == 2, validate.stderr[-800:]  # a file could not be read: not a pass
    out = validate.stdout.splitlines()
    assert out[0].startswith("::error file=profielen/kapot.ttl,line=2,title=fgr validate%3A cannot be read::"
                             "not valid Turtle")
    errors = [line for line in out if line.startswith("::error ")]
    assert errors[1] == (f"::error file=profielen/medewerker-facilitair.txt,line={wrong},title=TypificationTotalSumShape "
                         "(schaal 7)::Functietypering Medewerker Facilitaire Dienstverlening schaal 7: het opgegeven "
                         "totaal is 34, maar de 14 scores van de code \"32232 33222 22 32 (34)\" tellen op tot 33.")
    assert len(errors) == 2 and not any(line.startswith("::notice") for line in out)  # severity warning: no Info
    assert "1 bestand(en) niet te lezen" in out[-1]
    report = ET.parse(folder.parent / "fgr-report.xml").getroot()
    assert report.get("failures") == "2"
    assert not list(folder.glob("*.ttl"))[1:]  # nothing written beside the texts


def test_the_documented_workflow_uses_the_action_with_inputs_it_declares():
    """The workflow people copy from docs/how-to/validate-in-ci.md: a whole workflow file whose action step
    names this repository pinned to a ref, with inputs action.yml declares and values it accepts."""
    page = (ROOT / "docs" / "how-to" / "validate-in-ci.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(name: .*?)```", page, flags=re.S).group(1)
    workflow = yaml.safe_load(block)
    steps = workflow["jobs"]["validate"]["steps"]
    (ours,) = [s for s in steps if s.get("uses", "").split("@")[0].endswith("/functiegebouw")]
    assert re.fullmatch(r"OWNER/functiegebouw@v\d+\.\d+\.\d+", ours["uses"])
    assert set(ours["with"]) <= set(ACTION["inputs"])
    assert ours["with"]["severity"] in ("violation", "warning", "info") and ours["with"]["lang"] in ("nl", "en")
    assert steps[0]["uses"].startswith("actions/checkout@")
