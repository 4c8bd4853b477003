"""notebooks/explore.ipynb runs from top to bottom without errors (as on a fresh install)."""
from __future__ import annotations

import json
import re
import subprocess

import pytest
from support import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


# Run after the notebook in the same kernel: what the two plots show, as numbers.
INSPECT = """
import json
fig_fuwasys.canvas.draw(); fig_salary.canvas.draw()
lines = [[tuple(p) for p in line.get_xydata()] for line in ax_fuwasys.get_lines()]
lo, hi = ax_fuwasys.get_ylim()
bars = [(b.get_y(), b.get_y() + b.get_height()) for b in ax_salary.patches]
box = ax_salary.get_window_extent()
texts = [t.get_window_extent() for t in ax_salary.texts]
print("INSPECT" + json.dumps({
    "yticks": [t for t in ax_fuwasys.get_yticks() if lo <= t <= hi],
    "points": lines, "schalen": len(lines),
    "bars": bars, "ylim": list(ax_salary.get_ylim()),
    "labels_inside": all(box.y0 <= t.y0 and t.y1 <= box.y1 for t in texts), "labels": len(texts),
    "ladders": [(ax.get_title(), [(b.get_x(), b.get_x() + b.get_width()) for b in ax.patches])
                for ax in fig_ladders.axes if ax.get_visible()], "catalogue": len(catalogus)}))
"""


def test_notebook_runs(monkeypatch, fgr_data):
    # the kernel is this interpreter's ipykernel ("python3" is ipykernel's built-in kernel spec);
    # an MPLBACKEND from the environment would replace the inline backend that shows the plots
    monkeypatch.delenv("MPLBACKEND", raising=False)
    monkeypatch.setenv("FGR_DATA", str(fgr_data))  # the tests' five profiles, not data/
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(INSPECT))
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    inspect = json.loads(next(o["text"] for o in nb.cells.pop().outputs if "INSPECT" in o.get("text", ""))[len("INSPECT"):])
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "FUWASYS" in text and "[-" in text  # the comparison printed, with changed words marked
    # the per-schaal cell lists functiegroepen per schaal, one of them without a known FGR id: the others' ids
    # still print as integers (issue 29: `511.0`)
    per_schaal = next(c for c in nb.cells if "functiegroepen-per-schaal" in c.source)
    last = "".join(str(o.get("data", {}).get("text/plain", "")) for o in per_schaal.get("outputs", []))
    assert re.search(r"\b511\b", last) and not re.search(r"\b\d+\.0\b", last), last
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3  # FUWASYS profile, salaries, ladders
    # FUWASYS: whole-number ticks only, and four schalen whose equal scores do not hide each other
    assert inspect["yticks"] and all(float(t).is_integer() for t in inspect["yticks"])
    assert inspect["schalen"] == 4  # 527, the first functiegroep, has schalen 5-8
    seen = [set(map(tuple, points)) for points in inspect["points"]]
    assert all(not (a & b) for i, a in enumerate(seen) for b in seen[i + 1:])
    # salaries: every bar (schaal 5's too) and every label lies inside the axes
    low, high = inspect["ylim"]
    assert len(inspect["bars"]) == 4 and all(low < bottom and top < high for bottom, top in inspect["bars"])
    assert inspect["labels"] == 4 and inspect["labels_inside"]
    # the catalogue's ladders: a panel per familie, a bar per functiegroep spanning its schalen
    ladders = dict((title, bars) for title, bars in inspect["ladders"])
    assert len(ladders) == 8 and sum(len(b) for b in ladders.values()) == inspect["catalogue"] == 64
    assert "Advisering (4)" in ladders and sorted(map(tuple, ladders["Advisering (4)"])) == [
        (7.5, 11.5), (10.5, 13.5), (12.5, 15.5), (14.5, 16.5)]  # 8-11, 11-13, 13-15, 15-16


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")


def test_make_notebook_installs_the_extra_and_opens_the_notebook():
    """`make notebook`: JupyterLab, pandas and matplotlib (the notebook extra), then the notebook."""
    import tomllib

    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["notebook"]
    assert {re.split(r"[<>=]", r)[0] for r in extra} >= {"jupyterlab", "pandas", "matplotlib"}
    plan = subprocess.run(["make", "-n", "-B", "notebook"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "pip install --quiet -e '.[notebook]'" in plan and "jupyter lab notebooks/explore.ipynb" in plan
    howto = (ROOT / "docs" / "how-to" / "notebook.md").read_text(encoding="utf-8")
    first_frame = howto.index("to_dataframe()")
    assert "make notebook" in howto[:first_frame + 300], "the notebook how-to names the notebook step where a DataFrame first shows"


def test_to_dataframe_without_pandas_says_what_to_install(monkeypatch):
    import sys

    from functiegebouw.errors import FgrError
    from functiegebouw.sparql.results import Result

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(FgrError, match=r"pip install 'functiegebouw\[notebook\]'"):
        Result(["a"], []).to_dataframe()
