"""Static stand-ins for widgets, for the printable HTML pack (``make html``).

A static HTML page has no kernel, so a widget there is an empty box. ``enable()`` (run in
the kernel before a notebook executes, at build time only) registers IPython display
formatters so that every widget also carries a picture of itself as first shown:

- a ``Dashboard``: ``image/png`` of its figure(s) as first drawn (several figures stacked),
  and ``text/html`` with that image, the control settings, the readout and the line of
  Python that reproduces the view;
- a ``Quiz``: ``text/html`` with its questions, the choices in the order the widget shows
  them, and each answer inside ``<details>`` (click to reveal, as "Show answer" does);
- any other widget: ``text/html`` drawn from its children (text, figures, control values).

The HTML exporter then shows that instead of the widget (``tools/build_html.py`` drops the
widget-view data from outputs that have it). In JupyterLab nothing changes: the
live widget view comes first there.
"""

from __future__ import annotations

import base64
import html
import io
import re

import ipywidgets as widgets
from matplotlib.figure import Figure

from .. import markdown
from .base import Dashboard
from .quiz import Quiz

__all__ = ["enable", "disable", "dashboard_png", "dashboard_html", "quiz_html", "widget_html",
           "figure_png", "STATIC_NOTE"]

STATIC_NOTE = ("Static copy showing the first frame. Open the notebook in JupyterLab to move "
               "the controls.")
_DPI = 100


def figure_png(fig: Figure, dpi: int = _DPI) -> bytes:
    """The figure as PNG bytes, drawn as it is now (animated artists included)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def _img(png: bytes, alt: str, cls: str = "descent-static-figure") -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<img class="{cls}" src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            f'style="max-width:100%;height:auto">')


def dashboard_png(d: Dashboard) -> bytes:
    """PNG of the dashboard's figures as first drawn; several figures are stacked, top to
    bottom, on a white page as wide as the widest."""
    pngs = [figure_png(f) for f in d.figures]
    if len(pngs) == 1:
        return pngs[0]
    from PIL import Image  # matplotlib depends on Pillow

    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pngs]
    sheet = Image.new("RGB", (max(i.width for i in images), sum(i.height for i in images)),
                      "white")
    y = 0
    for image in images:
        sheet.paste(image, (0, y))
        y += image.height
    out = io.BytesIO()
    sheet.save(out, format="PNG")
    return out.getvalue()


def _control_value(w) -> str:
    """What a control is set to, as text: the label of a choice, else the value."""
    if isinstance(w, (widgets.ToggleButton, widgets.Checkbox)):
        return "on" if w.value else "off"
    label = getattr(w, "label", None)
    return str(label if label is not None else w.value)


def _hidden(w) -> bool:
    layout = getattr(w, "layout", None)
    return layout is not None and layout.display == "none"


def _output_html(output: dict) -> str:
    """One output of an Output widget (an nbformat output dict) as HTML."""
    if output.get("output_type") == "stream":
        return f"<pre>{html.escape(output.get('text', ''))}</pre>"
    data = output.get("data", {})
    if "text/html" in data:
        return data["text/html"]
    if "image/png" in data:
        return (f'<img src="data:image/png;base64,{data["image/png"]}" alt="figure" '
                f'style="max-width:100%;height:auto">')
    if "text/markdown" in data:
        return markdown.to_html(data["text/markdown"])
    if "text/plain" in data:
        return f"<pre>{html.escape(data['text/plain'])}</pre>"
    return ""


def _walk(w, controls: list) -> str:
    """HTML for a widget and its children. Control settings are collected in ``controls``
    (shown together above the body); buttons are left out (nothing to click here)."""
    if _hidden(w) or isinstance(w, widgets.Button):
        return ""
    fig = getattr(w, "figure", None)
    if isinstance(fig, Figure):  # an ipympl canvas
        return _img(figure_png(fig), "figure")
    if isinstance(w, (widgets.HTML, widgets.HTMLMath)):
        return f"<div>{w.value}</div>" if w.value.strip() else ""
    if isinstance(w, widgets.Label):
        return f"<div>{html.escape(w.value)}</div>" if w.value.strip() else ""
    if isinstance(w, widgets.Output):
        return "".join(_output_html(o) for o in w.outputs)
    if isinstance(w, (widgets.Tab, widgets.Accordion)):
        titles = list(getattr(w, "titles", ())) + [""] * len(w.children)
        return "".join(f"<h4>{html.escape(t or '')}</h4>{_walk(c, controls)}"
                       for t, c in zip(titles, w.children))
    if isinstance(w, widgets.Box):
        inner = "".join(_walk(c, controls) for c in w.children)
        return f"<div>{inner}</div>" if inner else ""
    if isinstance(w, widgets.ValueWidget) and getattr(w, "description", ""):
        name = html.escape(w.description)
        if isinstance(w, (widgets.Text, widgets.Textarea)) and not w.value:
            controls.append(f"<b>{name}</b> (type in the live notebook)")
        else:
            controls.append(f"<b>{name}</b> = {html.escape(_control_value(w))}")
        return ""  # an unnamed control (an answer box) has nothing to show here
    return ""


def widget_html(w) -> str | None:
    """Static HTML for any widget: its text, its figures and its control settings (None
    when it shows nothing, e.g. a lone button)."""
    controls: list = []
    body = _walk(w, controls)
    if not body and not controls:
        return None
    head = (f'<p class="descent-static-controls">{" · ".join(controls)}</p>'
            if controls else "")
    return (f'<div class="descent-static-widget">{head}{body}'
            f'<p class="descent-static-note"><i>{STATIC_NOTE}</i></p></div>')


def dashboard_html(d: Dashboard) -> str:
    """Static HTML for a dashboard: its settings, its figure(s) as first drawn, the
    readout and the reproducing line of Python."""
    controls = " · ".join(f"<b>{html.escape(c.description or k)}</b> = "
                          f"{html.escape(_control_value(c))}" for k, c in d.controls.items())
    alt = f"{d.call()}: the first frame of the dashboard"
    parts = [f'<p class="descent-static-controls">{controls}</p>',
             _img(dashboard_png(d), alt, "descent-static-figure descent-dashboard-image")]
    for w in (d.readout, d.code):
        if w.value.strip():
            parts.append(f"<div>{w.value}</div>")
    parts.append(f'<p class="descent-static-note"><i>{STATIC_NOTE}</i></p>')
    return f'<div class="descent-static-dashboard">{"".join(parts)}</div>'


def quiz_html(q: Quiz) -> str:
    """Static HTML for a quiz: each question, its choices (in the widget's order) and
    the answer with its explanation inside ``<details>``."""
    head = q.children[0].value if q.children else ""
    m = re.search(r"<h3[^>]*>(.*?)</h3>", head, re.S)
    title = m.group(1) if m else "Self-check"
    items = []
    for qw in q.questions:
        question = qw.question
        body = [f'<div class="descent-quiz-prompt">{question.prompt}</div>']
        if question.kind == "choice":
            order = [i for _, i in qw.answer.options]
            letters = "abcdefghij"
            body.append('<ol type="a" class="descent-quiz-choices">'
                        + "".join(f"<li>{question.choices[i].text}</li>" for i in order)
                        + "</ol>")
            k = next(n for n, i in enumerate(order) if question.choices[i].correct)
            right = question.choices[order[k]]
            answer = f"<p><b>Answer: ({letters[k]}) {right.text}</b></p><p>{right.feedback}</p>"
        else:
            body.append(f"<p><i>Answer with a number (accepted within "
                        f"±{question.tolerance:g}).</i></p>")
            answer = f"<p><b>Answer: {question.answer:g}</b></p>"
        body.append(f"<details><summary>Show answer</summary>{answer}"
                    f"<div>{question.explanation}</div></details>")
        items.append(f'<li class="descent-quiz-question">{"".join(body)}</li>')
    return (f'<div class="descent-static-quiz"><h3>{title}</h3>'
            f'<ol>{"".join(items)}</ol></div>')


_REGISTERED = ((Quiz, "text/html", quiz_html), (Dashboard, "text/html", dashboard_html),
               (Dashboard, "image/png", dashboard_png), (widgets.Widget, "text/html", widget_html))


def enable(shell=None) -> None:
    """Give every widget displayed from now on a static stand-in (see the module
    docstring). Run it in the kernel, before the notebook's cells: ``make html`` injects
    it as a setup cell that is never saved."""
    if shell is None:
        from IPython import get_ipython
        shell = get_ipython()
    if shell is None:
        raise ValueError("static.enable() must run inside IPython or a Jupyter kernel")
    formatters = shell.display_formatter.formatters
    for cls, mime, fn in _REGISTERED:
        formatters[mime].for_type(cls, fn)


def disable(shell=None) -> None:
    """Undo ``enable()``: widgets display as live views only again."""
    if shell is None:
        from IPython import get_ipython
        shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    for cls, mime, _ in _REGISTERED:
        formatters[mime].pop(cls, None)
