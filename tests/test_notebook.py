"""notebooks/explore.ipynb runs from top to bottom without errors (as on a fresh install)."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_runs(monkeypatch):
    # the kernel is this interpreter's ipykernel ("python3" is ipykernel's built-in kernel spec);
    # an MPLBACKEND from the environment would replace the inline backend that shows the plots
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "FUWASYS" in text and "[-" in text  # the comparison printed, with changed words marked
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2  # FUWASYS profile and salaries


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")
