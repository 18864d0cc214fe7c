"""What every course notebook promises its reader (issue 4, "Every notebook").

Learning goals and PYQ references at the top, prev/next links at top and bottom, numbered
sections, short code cells, a static figure before each dashboard, a summary and a
self-check at the end, and links (with #anchors) that lead somewhere.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
COURSE = ["01_loss_functions", "02_gradient_descent", "03_chain_rule", "04_backpropagation",
          "05_training_loop"]
REVISION = "06_exam_revision"  # the last notebook: its "next" leads back to the map in 00
WORKBOOK = [*COURSE, REVISION]
MAX_CODE_LINES = 15
# a link to a notebook, with an optional #anchor that may hold balanced parentheses
LINK = re.compile(r"\]\((\d\d_[a-z_]+\.ipynb)(#(?:[^()\s]|\([^()\s]*\))*)?\)")


def cells(stem):
    return json.loads((NOTEBOOK_DIR / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def anchor(heading: str) -> str:
    """The id JupyterLab gives a markdown heading: its text with spaces as hyphens."""
    text = re.sub(r"[*_`]", "", heading.strip())  # the rendered text, without markup
    return text.replace(" ", "-")


def anchors(stem):
    found = set()
    for cell in cells(stem):
        if cell["cell_type"] == "markdown":
            found |= {anchor(h) for h in re.findall(r"^#{1,6} (.+)$", source(cell), re.M)}
    return found


@pytest.mark.parametrize("stem", WORKBOOK)
def test_opens_with_goals_pyqs_and_links_and_closes_with_links(stem):
    nb = cells(stem)
    first, last = source(nb[0]), source(nb[-1])
    assert nb[0]["cell_type"] == "markdown" and nb[-1]["cell_type"] == "markdown"
    assert "You will learn" in first, "learning goals at the top"
    assert "PYQ" in first, "the exam questions it answers, at the top"
    nav = first.splitlines()[0]
    assert f"**{stem[:2]} " in nav, f"the top line is the prev · this · next bar: {nav!r}"
    assert nav in last, "the same prev/next bar at the bottom"
    i = WORKBOOK.index(stem)
    prev = "00_start_here" if i == 0 else WORKBOOK[i - 1]
    following = "00_start_here" if stem == REVISION else WORKBOOK[i + 1]
    assert f"({prev}.ipynb)" in nav and f"({following}.ipynb)" in nav


@pytest.mark.parametrize("stem", WORKBOOK)
def test_sections_are_numbered_and_end_with_summary_and_self_check(stem):
    text = "\n".join(source(c) for c in cells(stem) if c["cell_type"] == "markdown")
    headings = re.findall(r"^## (.+)$", text, re.M)
    numbered = [int(m.group(1)) for h in headings if (m := re.match(r"(\d+)\. ", h))]
    assert numbered == list(range(1, len(numbered) + 1)) and len(numbered) >= 3, headings
    assert "Summary" in headings and "Self-check" in headings
    assert headings.index("Summary") < headings.index("Self-check")
    code = "\n".join(source(c) for c in cells(stem) if c["cell_type"] == "code")
    assert f'self_check("{stem}")' in code


@pytest.mark.parametrize("stem", WORKBOOK)
def test_code_cells_are_short(stem):
    for cell in cells(stem):
        if cell["cell_type"] == "code":
            lines = [l for l in source(cell).splitlines() if l.strip()]
            assert len(lines) <= MAX_CODE_LINES, f"{cell['id']}: {len(lines)} lines"


@pytest.mark.parametrize("stem", COURSE)
def test_a_static_figure_comes_before_every_dashboard(stem):
    static_since_last = False
    dashboards = 0
    for cell in cells(stem):
        if cell["cell_type"] != "code":
            continue
        src = source(cell)
        if "plt.show()" in src:
            static_since_last = True
        if re.search(r"\b\w+_dashboard\(", src):
            dashboards += 1
            assert static_since_last, f"{cell['id']}: a dashboard with no static figure before it"
            static_since_last = False
    assert dashboards >= 1, "every course notebook has at least one live dashboard"


@pytest.mark.parametrize("stem", ["00_start_here", *WORKBOOK])
def test_links_between_notebooks_lead_somewhere(stem):
    for cell in cells(stem):
        if cell["cell_type"] != "markdown":
            continue
        for target, frag in LINK.findall(source(cell)):
            assert (NOTEBOOK_DIR / target).is_file(), f"{stem} links to missing {target}"
            if frag:
                assert frag[1:] in anchors(target[:-6]), f"{stem}: no heading {frag} in {target}"


def test_the_start_notebook_maps_every_course_notebook():
    text = "\n".join(source(c) for c in cells("00_start_here"))
    for stem in WORKBOOK:
        row = next(line for line in text.splitlines() if line.startswith(f"| {stem[:2]} "))
        assert f"({stem}.ipynb)" in row and "coming" not in row, row


CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # every control character but newline


def strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for value in obj.values():
            yield from strings(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from strings(value)


@pytest.mark.parametrize("stem", ["00_start_here", *WORKBOOK])
def test_no_control_characters_from_unescaped_latex(stem):
    # "\tfrac" or "\approx" written in a plain Python string become a tab or a bell,
    # and the maths silently breaks: $\tfrac12$ renders as "frac12".
    for cell in cells(stem):
        text = source(cell)
        match = CONTROL.search(text)
        assert not match, f"{cell['id']}: {text[max(0, match.start() - 30):match.end() + 30]!r}"


def test_no_control_characters_in_the_question_files():
    for path in sorted((ROOT / "lessons_lib" / "content").rglob("*.json")):
        for text in strings(json.loads(path.read_text(encoding="utf-8"))):
            assert not CONTROL.search(text), f"{path.name}: {text!r}"


def test_each_revision_topic_links_to_every_section_that_teaches_it():
    # JupyterLab follows notebook links only in Markdown cells, so 06 lists them there.
    from lessons_lib import pyq

    sections = {}
    for cell in cells(REVISION):
        text = source(cell)
        if cell["cell_type"] == "markdown" and (m := re.match(r"## \d+\. (.+)", text)):
            sections[m.group(1).strip()] = text
    for topic, title in pyq.TOPICS.items():
        assert title in sections, f"06 has no section for {title!r}"
        for link in pyq.learn_links(topic):
            assert f"]({link})" in sections[title], f"06 § {title}: no link to {link}"


BANK_LINK = re.compile(r"\*\*In the bank:\*\* \[`([a-z0-9-]+)`\]\(06_exam_revision\.ipynb#([^)\s]+)\)")


def pyq_boxes(stem):
    """Each PYQ box (a blockquote opening with **PYQ**) of a notebook, as one string."""
    for cell in cells(stem):
        if cell["cell_type"] == "markdown":
            yield from re.findall(r"^> \*\*PYQ.*?(?=\n[^>]|\Z)", source(cell), re.M | re.S)


@pytest.mark.parametrize("stem", COURSE)
def test_every_pyq_box_links_to_its_bank_entry_and_the_entry_links_back(stem):
    from lessons_lib import pyq

    boxes = list(pyq_boxes(stem))
    assert boxes, f"{stem} has no PYQ box"
    for box in boxes:
        found = BANK_LINK.findall(box)
        assert found, f"{stem}: a PYQ box without its bank entry: {box[:80]!r}"
        for pyq_id, anchor in found:
            e = pyq.entry(pyq_id)
            topic_section = next(a for a in anchors(REVISION) if a.endswith(
                "-" + pyq.TOPICS[e.topic].replace(" ", "-")) and a[0].isdigit())
            assert anchor == topic_section, f"{pyq_id} is listed under {topic_section}, not {anchor}"
            assert any(link.startswith(f"{stem}.ipynb#") for link in e.learn), (
                f"bank entry {pyq_id} does not link back to {stem}")
