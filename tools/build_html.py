"""Build the printable revision pack: static HTML in build/html/ (run by ``make html``).

- ``<stem>.html`` for every notebook in notebooks/: executed top to bottom in a fresh
  kernel (the notebooks' folder as working directory), figures embedded as images. Before
  the first cell a setup cell (never saved) runs ``lessons_lib.widgets.static.enable()``,
  so every dashboard also carries a picture of its first frame and every quiz its
  questions as HTML; the widget views are dropped from those outputs before export.
  Links between notebooks (``02_gradient_descent.ipynb#…``) point at the HTML pages.
- ``formula_sheet.html``: the one-page formula sheet (lessons_lib/content/formula_sheet.md),
  two columns, fits one A4 page when printed.
- ``pyq_bank.html``: every past-year question of the bank with its model answer, grouped by
  topic with a table of contents; each entry's anchor is its id, its figure is embedded,
  its "Learn it" links point at the notebook pages.
- ``index.html``: links to all of these.

MathJax is loaded the way nbconvert's own template loads it (maths renders when online);
every page is readable without it.

Run: ``.venv/bin/python tools/build_html.py [--out DIR] [notebook.ipynb ...]``.
"""

from __future__ import annotations

import argparse
import base64
import copy
import functools
import html
import io
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "html"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
FALLBACKS = ("text/html", "image/png")
SETUP = ("# build-time only (tools/build_html.py): static pictures of the widgets\n"
         "from lessons_lib.widgets import static as _descent_static\n"
         "_descent_static.enable()")
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_HREF = re.compile(r'href="(\d\d_[a-z0-9_]+)\.ipynb')
_NB_LINK = re.compile(r"\b(\d\d_[a-z0-9_]+)\.ipynb\b")

NAV = ('<nav class="descent-pack-nav"><a href="index.html">Descent revision pack</a> · '
       '<a href="formula_sheet.html">Formula sheet</a> · '
       '<a href="pyq_bank.html">Past-year questions</a></nav>')

CSS = """
:root { --ink: #1d1d1f; --muted: #555; --rule: #d0d0d0; --accent: #0072B2; }
body { color: var(--ink); font: 15px/1.5 "DejaVu Sans", "Segoe UI", system-ui, sans-serif;
       margin: 0; }
main { max-width: 58rem; margin: 0 auto; padding: 0.5rem 1.25rem 3rem; }
a { color: var(--accent); }
h1 { font-size: 1.6rem; margin: 0.6rem 0 0.4rem; }
h2 { font-size: 1.2rem; margin: 1.2rem 0 0.4rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.02rem; margin: 1rem 0 0.3rem; }
table { border-collapse: collapse; margin: 0.4rem 0; }
th, td { border: 1px solid var(--rule); padding: 0.15rem 0.4rem; text-align: left;
         vertical-align: top; }
th { background: #f3f6f9; }
blockquote { border: 1.5px solid var(--accent); border-radius: 6px; margin: 0.5rem 0;
             padding: 0.2rem 0.7rem; background: #f5f9fc; }
figure { margin: 0.5rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.85em; color: var(--muted); }
.descent-pack-nav { font-size: 0.9rem; padding: 0.4rem 1.25rem; border-bottom: 1px solid
                    var(--rule); background: #fafafa; }
.toc ol { margin: 0.2rem 0 0.4rem; }
.toc li { margin: 0.1rem 0; }
article.pyq { border-top: 1px solid var(--rule); padding-top: 0.3rem; margin-top: 0.8rem; }
.kicker { color: var(--muted); font-size: 0.9rem; }
@media print {
  @page { size: A4; margin: 12mm; }
  body { font-size: 10pt; }
  .descent-pack-nav { display: none; }
  main { max-width: none; padding: 0; }
  article.pyq, figure, table, blockquote { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""

SHEET_CSS = """
main.sheet { max-width: 72rem; font-size: 13px; line-height: 1.35; columns: 2 24rem;
             column-gap: 1.6rem; }
main.sheet h1 { column-span: all; font-size: 1.35rem; margin-bottom: 0.3rem; }
main.sheet blockquote:first-of-type { column-span: all; }
main.sheet h2 { font-size: 1rem; margin: 0.55rem 0 0.2rem; break-after: avoid; }
main.sheet p, main.sheet ul, main.sheet ol { margin: 0.2rem 0; }
main.sheet ul, main.sheet ol { padding-left: 1.2rem; }
main.sheet table { font-size: 0.93em; width: 100%; break-inside: avoid; }
main.sheet th, main.sheet td { padding: 0.05rem 0.25rem; }
@media print {
  @page { size: A4; margin: 7mm; }
  body { font-size: 8.4pt; }
  main.sheet { font-size: 8.4pt; line-height: 1.28; column-gap: 5mm; columns: 2; }
  main.sheet h1 { font-size: 12pt; margin: 0 0 1mm; }
  main.sheet h2 { font-size: 9.4pt; margin: 1.8mm 0 0.6mm; }
  main.sheet blockquote { padding: 0.5mm 2mm; margin: 1mm 0; }
}
"""

NOTEBOOK_CSS = """
.descent-static-dashboard, .descent-static-widget, .descent-static-quiz {
  border: 1px solid #d0d0d0; border-radius: 6px; padding: 0.4rem 0.7rem; margin: 0.3rem 0;
  background: #fcfcfc; }
.descent-static-controls { margin: 0.1rem 0 0.4rem; font-size: 0.95em; }
.descent-static-note { color: #666; font-size: 0.85em; margin: 0.3rem 0 0; }
.descent-static-quiz details { margin: 0.2rem 0 0.6rem; }
.descent-static-quiz summary { cursor: pointer; color: #0072B2; }
.descent-pack-nav { font: 14px/1.5 system-ui, sans-serif; padding: 0.4rem 1rem;
                    border-bottom: 1px solid #d0d0d0; background: #fafafa; }
@media print {
  .descent-pack-nav, .anchor-link { display: none !important; }
  .jp-Cell, img { break-inside: avoid; }
}
"""


# Offline, MathJax cannot load: then this shows each $…$ as plain text with Unicode symbols
# (σ, ∂J/∂w, w₁, x²), so the page still reads. Online, MathJax typesets and this does nothing.
TEX_FALLBACK_JS = r"""
<script>
window.addEventListener("load", function () {
  if (window.MathJax && window.MathJax.Hub) { return; }
  var SYM = {alpha:"α", beta:"β", gamma:"γ", delta:"δ", Delta:"Δ", epsilon:"ε",
    varepsilon:"ε", eta:"η", theta:"θ", lambda:"λ", mu:"μ", rho:"ρ", sigma:"σ", Sigma:"Σ",
    tau:"τ", phi:"φ", partial:"∂", nabla:"∇", cdot:"·", times:"×", leftarrow:"←",
    gets:"←", rightarrow:"→", to:"→", Rightarrow:"⇒", le:"≤", leq:"≤", ge:"≥", geq:"≥",
    approx:"≈", ne:"≠", neq:"≠", infty:"∞", sum:"Σ", prod:"∏", odot:"⊙", pm:"±",
    ldots:"…", dots:"…", cdots:"⋯", in:"∈", top:"ᵀ", lVert:"‖", rVert:"‖", Vert:"‖",
    quad:"  ", qquad:"   ", ",":" ", ";":" ", ":":" ", "!":"", left:"", right:"",
    big:"", Big:"", bigl:"", bigr:"", mathrm:"", text:"", textrm:"", mathbf:"",
    boldsymbol:"", operatorname:"", displaystyle:"", ln:"ln", log:"log", exp:"exp",
    max:"max", min:"min", tanh:"tanh", sign:"sign", hat:"", bar:""};
  var OPS = "←→⇒≤≥≈≠×·⊙±∈";
  var SUP = {"0":"⁰","1":"¹","2":"²","3":"³","4":"⁴","5":"⁵","6":"⁶","7":"⁷","8":"⁸",
    "9":"⁹","-":"⁻","−":"⁻","+":"⁺","=":"⁼","N":"ᴺ","k":"ᵏ","T":"ᵀ","t":"ᵗ","n":"ⁿ","i":"ⁱ","(":"⁽",")":"⁾",
    "′":"′","'":"′","*":"*"};
  var SUB = {"0":"₀","1":"₁","2":"₂","3":"₃","4":"₄","5":"₅","6":"₆","7":"₇","8":"₈",
    "9":"₉","-":"₋","+":"₊","=":"₌","i":"ᵢ","j":"ⱼ","k":"ₖ","l":"ₗ","n":"ₙ","o":"ₒ","t":"ₜ",
    "a":"ₐ","e":"ₑ","x":"ₓ","h":"ₕ","m":"ₘ","p":"ₚ","s":"ₛ","(":"₍",")":"₎"};
  function script(text, map, mark) {
    var out = "";
    for (var c of text) {
      if (!(c in map)) { return mark + "(" + text + ")"; }  // x^(n+1): no Unicode for it
      out += map[c];
    }
    return out;
  }
  function group(t) { return /[\s+\-−=·×\/]/.test(t) ? "(" + t + ")" : t; }
  function tex(s) {
    s = s.replace(/\\[td]?frac\s*12(?![0-9])|\\[td]?frac\{1\}\{2\}/g, "½");
    s = s.replace(/\\([A-Za-z]+) ?|\\([,;:!])/g, function (m, a, b) {
      var n = a !== undefined ? a : b;
      if (!(n in SYM)) { return n; }
      return SYM[n] + (OPS.indexOf(SYM[n]) >= 0 && / $/.test(m) ? " " : ""); });
    for (var k = 0; k < 4; k++) {
      s = s.replace(/\^\{([^{}]*)\}|\^([^{\s])/g, function (m, a, b) {
        return script(a !== undefined ? a : b, SUP, "\u0001"); });
      s = s.replace(/_\{([^{}]*)\}|_([^{\s])/g, function (m, a, b) {
        return script(a !== undefined ? a : b, SUB, "\u0002"); });
      s = s.replace(/(?:frac|tfrac|dfrac)\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g,
        function (m, a, b) { return group(a.trim()) + "/" + group(b.trim()); });
      s = s.replace(/sqrt\s*\{([^{}]*)\}/g, "√($1)");
      s = s.replace(/\{([^{}]*)\}/g, "$1");
    }
    return s.replace(/\u0001/g, "^").replace(/\u0002/g, "_").replace(/\s+/g, " ").trim();
  }
  var MATH = /\$\$([\s\S]+?)\$\$|\$([^$]+?)\$/g;
  var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, null);
  var nodes = [];
  while (walker.nextNode()) {
    var p = walker.currentNode.parentNode;
    if (p && !/^(SCRIPT|STYLE|CODE|PRE|TEXTAREA)$/.test(p.nodeName) &&
        walker.currentNode.nodeValue.indexOf("$") >= 0) { nodes.push(walker.currentNode); }
  }
  nodes.forEach(function (n) {
    n.nodeValue = n.nodeValue.replace(MATH, function (m, d, i) {
      return d !== undefined ? " " + tex(d) + " " : tex(i); });
  });
});
</script>
"""


# --- notebooks ---------------------------------------------------------------------------

def _rewrite_links(text: str) -> str:
    """Links to notebooks (``03_chain_rule.ipynb#…``) now point at their HTML pages."""
    return _NB_LINK.sub(r"\1.html", text)


def _drop_widget_views(nb) -> int:
    """Remove the widget-view data from every output that has a static stand-in (HTML or
    PNG); returns how many were replaced."""
    replaced = 0
    for cell in nb.cells:
        for output in cell.get("outputs", ()):
            data = output.get("data", {})
            if WIDGET_VIEW in data and any(k in data for k in FALLBACKS):
                del data[WIDGET_VIEW]
                replaced += 1
    return replaced


def execute_notebook(path: Path, timeout: int = 600):
    """The notebook at ``path`` run top to bottom in a fresh kernel (working directory: its
    folder), with widgets given static stand-ins; the build-time setup cell is removed
    again, widget views with a stand-in are dropped, links point at HTML pages.
    Returns ``(notebook, n_widgets_replaced)``; the file itself is never written."""
    nb = nbformat.read(path, as_version=4)
    nb = copy.deepcopy(nb)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}},
                            store_widget_state=False)
    # The kernel's own stderr goes to a file and is echoed afterwards, without the notice
    # every local kernel prints ("running over TCP without encryption"): it is noise here.
    with tempfile.TemporaryFile("w+") as log:
        try:
            client.execute(stderr=log)
        finally:
            log.seek(0)
            for line in log:
                if "without encryption" not in line:
                    sys.stderr.write(line)
    del nb.cells[0]
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = _rewrite_links(cell.source)
    return nb, _drop_widget_views(nb)


def notebook_title(nb, default: str) -> str:
    """The notebook's title: its first "# " heading, or the bold name in its nav line."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        m = re.search(r"^# +(.+)$", cell.source, re.M)
        if m:
            return m.group(1).strip()
    for cell in nb.cells:
        m = re.search(r"\*\*(\d\d [^*]+)\*\*", cell.source) if cell.cell_type == "markdown" \
            else None
        if m:
            return m.group(1)
    return default


def notebook_html(nb, title: str) -> str:
    """Static HTML of an executed notebook (nbconvert's lab template, prompts hidden,
    images embedded), with the pack's navigation and print styles."""
    exporter = HTMLExporter(template_name="lab", exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    body = body.replace("</head>", f"<style>{NOTEBOOK_CSS}</style>\n{TEX_FALLBACK_JS}</head>",
                        1)
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + NAV, body, count=1)


def build_notebook(path: Path, out: Path, timeout: int = 600) -> tuple[Path, str, int]:
    """Execute ``path`` and write ``out/<stem>.html``; returns (page, title, widgets
    replaced by their static stand-ins)."""
    nb, replaced = execute_notebook(Path(path), timeout)
    title = notebook_title(nb, Path(path).stem)
    page = Path(out) / f"{Path(path).stem}.html"
    page.write_text(notebook_html(nb, title), encoding="utf-8")
    return page, title, replaced


# --- pages of our own ----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def mathjax_head() -> str:
    """The MathJax script and configuration exactly as nbconvert's HTML template loads
    them (its ``mathjax`` macro and default URL)."""
    exporter = HTMLExporter(template_name="lab")
    macro = "{% from 'mathjax.html.j2' import mathjax %}{{ mathjax(url) }}"
    return exporter.environment.from_string(macro).render(url=exporter.mathjax_url)


def page(title: str, body: str, *, extra_css: str = "", main_class: str = "") -> str:
    """A standalone HTML page with the pack's navigation, styles and MathJax."""
    cls = f' class="{main_class}"' if main_class else ""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n{mathjax_head()}\n{TEX_FALLBACK_JS}\n"
            f"<style>{CSS}{extra_css}</style>\n</head>\n<body>\n{NAV}\n"
            f"<main{cls}>\n{body}\n</main>\n</body>\n</html>\n")


def build_formula_sheet(out: Path) -> Path:
    """``out/formula_sheet.html`` from lessons_lib/content/formula_sheet.md."""
    from lessons_lib import markdown
    from lessons_lib.quiz import CONTENT

    text = (CONTENT / "formula_sheet.md").read_text(encoding="utf-8")
    target = Path(out) / "formula_sheet.html"
    target.write_text(page("Formula sheet: how neural networks learn", markdown.to_html(text),
                           extra_css=SHEET_CSS, main_class="sheet"), encoding="utf-8")
    return target


@functools.lru_cache(maxsize=None)
def figure_data_uri(name: str, dpi: int = 130) -> str:
    """The revision figure ``name`` (``plots.revision``) as a PNG data URI."""
    from lessons_lib.plots.revision import revision_figure

    buf = io.BytesIO()
    revision_figure(name).savefig(buf, format="png", dpi=dpi, facecolor="white",
                                  bbox_inches="tight", pad_inches=0.05)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _short(text: str, n: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + " …"


def entry_html(e) -> str:
    """One bank entry as an ``<article id="<entry id>">``: question, marks, links to the
    notebook pages, and the model answer with its figure drawn."""
    from lessons_lib import markdown, pyq

    body = markdown.to_html(pyq.to_markdown(e, answer=True, heading="###"))
    body = _HREF.sub(r'href="\1.html', body)  # "Learn it" links open the notebook pages
    if e.figure:
        fig = (f'<figure class="pyq-figure"><img src="{figure_data_uri(e.figure)}" '
               f'alt="{html.escape(pyq.FIGURES[e.figure])}"><figcaption>'
               f"{html.escape(pyq.FIGURES[e.figure])}</figcaption></figure>")
        at = body.find("<p><strong>Figure")
        end = body.find("</p>", at) + len("</p>") if at >= 0 else -1
        body = body[:end] + fig + body[end:] if at >= 0 else body + fig
    return f'<article class="pyq" id="{html.escape(e.id)}">\n{body}\n</article>'


def build_pyq_bank(out: Path) -> Path:
    """``out/pyq_bank.html``: every bank entry with its model answer, by topic, with a
    table of contents."""
    from lessons_lib import markdown, pyq

    bank = pyq.load_bank()
    topics = [(key, name, [e for e in bank if e.topic == key]) for key, name in pyq.TOPICS.items()]
    topics = [t for t in topics if t[2]]
    toc = ['<nav class="toc"><h2>Contents</h2><ol>']
    for key, name, entries in topics:
        toc.append(f'<li><a href="#topic-{key}">{html.escape(name)}</a> ({len(entries)})<ol>')
        for e in entries:
            question = markdown.to_html(_short(e.question))
            question = re.sub(r"^<p>|</p>\s*$", "", question.strip())
            toc.append(f'<li><a href="#{e.id}">{question}</a> '
                       f'<span class="kicker">[{e.marks} marks, {e.kind}]</span></li>')
        toc.append("</ol></li>")
    toc.append("</ol></nav>")
    sections = []
    for key, name, entries in topics:
        sections.append(f'<section id="topic-{key}"><h2>{html.escape(name)}</h2>')
        sections += [entry_html(e) for e in entries]
        sections.append("</section>")
    marks = sum(e.marks for e in bank)
    head = (f"<h1>Past-year questions with model answers</h1>"
            f'<p class="kicker">{len(bank)} questions ({marks} marks in all) in the style of '
            f"Indian university papers, each answered the way marks are given: definition, "
            f"formula, figure or steps, example, conclusion. “Learn it” links open the "
            f"notebook section that teaches it.</p>")
    target = Path(out) / "pyq_bank.html"
    target.write_text(page("Past-year questions with model answers",
                           head + "\n".join(toc) + "\n".join(sections)), encoding="utf-8")
    return target


def build_index(out: Path, notebooks) -> Path:
    """``out/index.html``: links to the notebook pages (``notebooks``: (file name, title)
    pairs), the formula sheet and the bank."""
    items = "".join(f'<li><a href="{html.escape(f)}">{html.escape(t)}</a></li>'
                    for f, t in notebooks)
    body = ("<h1>Descent: the revision pack</h1>"
            "<p>Static copies of the workbook, to read, print or host. Every dashboard shows "
            "its first frame; open the notebooks in JupyterLab to move the controls.</p>"
            '<h2>Revise</h2><ul><li><a href="formula_sheet.html">Formula sheet</a> '
            "(one A4 page)</li>"
            '<li><a href="pyq_bank.html">Past-year questions with model answers</a></li></ul>'
            f"<h2>The notebooks</h2><ol start=\"0\">{items}</ol>")
    target = Path(out) / "index.html"
    target.write_text(page("Descent: the revision pack", body), encoding="utf-8")
    return target


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to build (default: every notebooks/*.ipynb)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (build/html)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOKS.glob("*.ipynb"))
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    built, failed = [], []
    for path in paths:
        t = time.perf_counter()
        try:
            target, title, replaced = build_notebook(path, args.out, args.timeout)
        except CellExecutionError as exc:  # build the rest, then say what failed
            failed.append(path.name)
            (args.out / f"{path.stem}.html").unlink(missing_ok=True)
            print(f"{path.name:32} FAILED: a cell raised an error, no page written:\n"
                  f"{_ANSI.sub('', str(exc)).strip()[-1500:]}", file=sys.stderr, flush=True)
            continue
        built.append((target.name, title))
        print(f"{target.name:32} {time.perf_counter() - t:6.1f} s   {replaced} widget(s) "
              f"shown as static pictures", flush=True)
    for build in (build_formula_sheet, build_pyq_bank):
        t = time.perf_counter()
        target = build(args.out)
        print(f"{target.name:32} {time.perf_counter() - t:6.1f} s", flush=True)
    build_index(args.out, built)
    print(f"{args.out}: {len(built) + 3} pages, {_size(args.out) / 1e6:.1f} MB, "
          f"{time.perf_counter() - start:.1f} s in all → {args.out / 'index.html'}")
    if failed:
        print(f"Not built, a cell failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
