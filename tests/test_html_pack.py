"""The printable revision pack (tools/build_html.py, ``make html``): one short notebook,
the formula sheet, the PYQ bank page and the index, built into a temporary folder.

03_chain_rule is the fastest course notebook with a dashboard and a self-check (built in
about 3 s here; 01 and 04 take 5–6 s)."""

import base64
import html
import importlib.util
import io
import re
from pathlib import Path

import ipywidgets as widgets
import pytest
from PIL import Image

from lessons_lib import pyq, quiz
from lessons_lib.widgets import static

ROOT = Path(__file__).resolve().parents[1]
STEM = "03_chain_rule"


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_html", ROOT / "tools" / "build_html.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_html = _load_builder()


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("html")
    page, title, replaced = build_html.build_notebook(ROOT / "notebooks" / f"{STEM}.ipynb", out)
    sheet = build_html.build_formula_sheet(out)
    bank = build_html.build_pyq_bank(out)
    index = build_html.build_index(out, [(page.name, title)])
    read = {p.stem: p.read_text(encoding="utf-8") for p in (page, sheet, bank, index)}
    return {"out": out, "title": title, "replaced": replaced, **read}


def _png(data_uri_b64: str) -> Image.Image:
    raw = base64.b64decode(data_uri_b64)
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(raw))


def test_notebook_page_embeds_its_figures_as_images(pack):
    text = pack[STEM]
    images = re.findall(r'<img[^>]*src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
    # 03 draws three static figures (the graph, step 5, the cost plots) and one dashboard
    assert len(images) >= 4
    assert all(_png(b).size[0] >= 300 for b in images)


def test_dashboard_falls_back_to_its_first_frame(pack):
    text = pack[STEM]
    assert pack["replaced"] == 2  # the dashboard and the self-check
    start = text.index('<div class="descent-static-dashboard">')
    frame = text[start:text.index(static.STATIC_NOTE, start)]
    (img,) = re.findall(r"<img[^>]*descent-dashboard-image[^>]*>", frame)
    (b64,) = re.findall(r'src="data:image/png;base64,([^"]+)"', img)
    image = _png(b64).convert("L")
    assert image.size[0] >= 500 and image.size[1] >= 300
    assert len(image.getcolors(maxcolors=1 << 16)) > 10, "the frame is not blank"
    assert "backward_pass_dashboard(" in frame  # the reproducing line
    assert "backward step</b> = 0" in frame      # the setting it shows


def test_self_check_questions_are_html_with_answers_in_details(pack):
    text = pack[STEM]
    (block,) = re.findall(r'<div class="descent-static-quiz">(.*?)</ol></div>', text, re.S)
    questions = quiz.load_self_check(STEM)
    assert block.count("<details>") == len(questions)
    for q in questions:
        assert q.prompt in block and q.explanation in block
        if q.kind == "choice":
            right = next(c for c in q.choices if c.correct)
            answer = re.search(r"<b>Answer: \(([a-e])\) (.*?)</b>", block[block.index(q.prompt):])
            assert answer.group(2) == right.text
        else:
            assert f"<b>Answer: {q.answer:g}</b>" in block


def test_notebook_page_has_no_widget_views_and_no_build_cell(pack):
    text = pack[STEM]
    assert build_html.WIDGET_VIEW not in text
    assert "jupyter-widgets" not in text and "Error displaying widget" not in text
    assert "_descent_static" not in text  # the injected setup cell is gone
    assert "<title>" in text and pack["title"] in text


def test_notebook_links_point_at_pages_and_bank_anchors_resolve(pack):
    text = pack[STEM]
    assert 'href="02_gradient_descent.html"' in text and 'href="04_backpropagation.html"' in text
    assert not re.search(r'href="\d\d_[a-z_]+\.ipynb', text)
    ids = set(re.findall(r'id="([^"]+)"', text))
    links = [link for e in pyq.load_bank() for link in e.learn if link.startswith(STEM)]
    assert links, "the bank links to 03"
    for link in links:
        assert link.split("#", 1)[1] in ids, f"{link} has no heading in {STEM}.html"


def test_bank_page_has_every_entry_with_its_anchor_figure_and_links(pack):
    text = pack["pyq_bank"]
    bank = pyq.load_bank()
    articles = dict(re.findall(r'<article class="pyq" id="([^"]+)">(.*?)</article>', text,
                               re.S))
    assert list(articles) == [e.id for e in bank]
    for e in bank:
        body = articles[e.id]
        assert f'href="#{e.id}"' in text  # in the table of contents
        assert "Model answer" in body
        for link in e.learn:
            stem, anchor = link.split(".ipynb#")
            assert f'href="{stem}.html#{html.escape(anchor)}"' in body
        figures = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]*)"', body)
        if e.figure:
            (b64, alt), = figures
            assert alt == html.escape(pyq.FIGURES[e.figure])
            assert _png(b64).size[0] >= 500
        else:
            assert not figures
    for key, name in pyq.TOPICS.items():
        if any(e.topic == key for e in bank):
            assert f'<section id="topic-{key}"><h2>{html.escape(name)}</h2>' in text


def test_formula_sheet_has_the_update_rule_and_prints_on_one_a4_page(pack, tmp_path):
    text = pack["formula_sheet"]
    assert "θ ← θ − α ∇J" in text and "w ← w − α ∂J/∂w" in text
    assert "δ_j = f′(z_j) Σ_k w_kj δ_k" in text and "dW = dZᵀ X" in text
    assert "mathjax" in text.lower()  # loaded as nbconvert loads it
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.route("http*://**", lambda route: route.abort())  # as offline: no MathJax
        page.goto((pack["out"] / "formula_sheet.html").as_uri())
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
        browser.close()
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1


def test_index_links_every_page(pack):
    text = pack["index"]
    for target in (f"{STEM}.html", "formula_sheet.html", "pyq_bank.html"):
        assert f'href="{target}"' in text


def test_any_other_widget_gets_a_static_picture_of_its_text_and_settings():
    box = widgets.VBox([widgets.HTML("<b>hello</b>"), widgets.IntSlider(3, description="n"),
                        widgets.Button(description="Go"),
                        widgets.HTML("secret", layout=widgets.Layout(display="none"))])
    out = static.widget_html(box)
    assert "<b>hello</b>" in out and "<b>n</b> = 3" in out
    assert "Go" not in out and "secret" not in out
    assert static.widget_html(widgets.Button(description="Go")) is None
