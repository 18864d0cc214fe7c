"""Notebooks: committed clean, and run in a fresh kernel with no error, no warning, and every
static figure really drawn (nbval checks that cells run; this checks what they show)."""

import json
from pathlib import Path

import pytest

from notebook_runs import executed_twice

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    names = [nb.name for nb in NOTEBOOKS]
    assert "00_start_here.ipynb" in names and "02_gradient_descent.ipynb" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs_counts_or_widget_state(path):
    nb = json.loads(path.read_text())
    assert "widgets" not in nb.get("metadata", {}), "widget state is saved in the notebook"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"cell {cell.get('id')} has outputs"
            assert cell["execution_count"] is None, f"cell {cell.get('id')} has a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_runs_clean_in_a_fresh_kernel(path):
    nb = executed_twice(path)[0]  # the run test_determinism compares with a second one
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{cell.id}: {out.get('ename')}"
            assert out.get("name") != "stderr", f"{cell.id} wrote to stderr: {out.get('text')}"
            data = out.get("data", {})
            if data.get("text/plain", "").startswith("<Figure"):
                # A static figure must arrive as a picture, not only as its text repr.
                assert "image/png" in data, f"{cell.id}: figure shown without an image"
