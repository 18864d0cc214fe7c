"""Every notebook, run twice in fresh kernels, shows the same text (issue 6, item 5).

Seeded data, seeded models and training that depends on the settings only (never on
timing) should make every printed number, readout and HTML block the same on every run.
Both runs of a notebook go at once (``notebook_runs.executed_twice``: two kernels, the two
cores of a small machine work in parallel), so this costs about one run-all per notebook;
test_notebooks.py checks the first of the same two runs.

Compared, output by output, in order: streams (stdout, stderr; consecutive pieces of one
stream joined, as a frontend shows them: how the kernel cuts a stream into messages
depends on timing), errors, and the text formats text/plain, text/markdown, text/html,
text/latex. Not compared: pictures
(image/png, image/svg+xml: pixels may differ with fonts, and the numbers they show are
in the text anyway) and widget views (application/vnd.jupyter.widget-view+json: it holds
only a fresh model id). In the text, what only names *this* process is normalised:
memory addresses (0x7f…) and the kernel's temporary paths (/tmp/ipykernel_<PID>/).
A cell whose output is meant to vary (a timing in milliseconds) says so the way nbval
understands: the cell tag ``nbval-ignore-output`` (or a ``# NBVAL_IGNORE_OUTPUT`` line);
its outputs are not compared. A notebook that raises is compared too (the error's text):
whether it runs clean is test_notebooks.py's job.
"""

import difflib
import re
from pathlib import Path

import nbformat
import pytest

from notebook_runs import executed_twice

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
TEXT_FORMATS = ("text/plain", "text/markdown", "text/html", "text/latex")
# Identities of one process, not results: the same object in another kernel has another.
PER_PROCESS = [(re.compile(r"0x[0-9a-fA-F]{6,16}"), "0x…"),
               (re.compile(r"/tmp/ipykernel_\d+/"), "/tmp/ipykernel_…/")]


def normalise(text: str) -> str:
    for pattern, replacement in PER_PROCESS:
        text = pattern.sub(replacement, text)
    return text


def output_varies(cell) -> bool:
    """True when the cell says its output is not the same on every run (nbval's marks)."""
    return ("nbval-ignore-output" in cell.metadata.get("tags", [])
            or any(line.strip() == "# NBVAL_IGNORE_OUTPUT"
                   for line in cell.source.splitlines()))


def joined_streams(outputs) -> list:
    """The outputs with consecutive pieces of the same stream joined into one."""
    joined = []
    for out in outputs:
        if (out.output_type == "stream" and joined and joined[-1].output_type == "stream"
                and joined[-1].name == out.name):
            joined[-1] = nbformat.from_dict({**joined[-1], "text": joined[-1].text + out.text})
        else:
            joined.append(out)
    return joined


def shown_text(nb) -> list[str]:
    """One line per output of every code cell: the cell id, the kind, the text."""
    shown = []
    for cell in nb.cells:
        if cell.cell_type != "code" or output_varies(cell):
            continue
        for out in joined_streams(cell.outputs):
            kind = out.output_type
            if kind == "stream":
                shown.append(f"[{cell.id}] {out.name}: {normalise(out.text)}")
            elif kind == "error":
                shown.append(f"[{cell.id}] error: {out.ename}: {normalise(out.evalue)}")
            else:  # execute_result, display_data
                data = out.get("data", {})
                for fmt in TEXT_FORMATS:
                    if fmt in data:
                        shown.append(f"[{cell.id}] {fmt}: {normalise(data[fmt])}")
    return shown


def test_streams_are_joined_and_marked_cells_left_out():
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("print(1); print(2)", outputs=[
            nbformat.v4.new_output("stream", name="stdout", text="1\n"),
            nbformat.v4.new_output("stream", name="stdout", text="2\n"),
            nbformat.v4.new_output("stream", name="stderr", text="careful\n"),
            nbformat.v4.new_output("execute_result", data={"text/plain": "3",
                                                           "image/png": "iVBOR"})]),
        nbformat.v4.new_code_cell("timing()", metadata={"tags": ["nbval-ignore-output"]},
                                  outputs=[nbformat.v4.new_output("stream", name="stdout",
                                                                  text="3.2 ms\n")])])
    for i, cell in enumerate(nb.cells):
        cell.id = f"c{i}"
    assert shown_text(nb) == ["[c0] stdout: 1\n2\n", "[c0] stderr: careful\n",
                              "[c0] text/plain: 3"]


def test_the_normalising_only_touches_per_process_names():
    shown = "<Figure at 0x7f3a2c1b9d90> /tmp/ipykernel_4121/123.py:3: J = 0.0359"
    assert normalise(shown) == "<Figure at 0x…> /tmp/ipykernel_…/123.py:3: J = 0.0359"
    assert normalise("J = 0.0359, 99 of 100 right, seed 0x2") == \
        "J = 0.0359, 99 of 100 right, seed 0x2"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_two_fresh_runs_show_the_same_text(path):
    first, second = (shown_text(nb) for nb in executed_twice(path))
    assert first, f"{path.name} showed no text at all: nothing was compared"
    if first != second:
        diff = "\n".join(difflib.unified_diff(first, second, "run 1", "run 2", lineterm="",
                                              n=1))
        pytest.fail(f"{path.name} shows different text in two fresh runs:\n{diff[:4000]}")
