"""Fresh practice numericals, live: a new exam problem from a seed, marked step by step.

``practice("backprop", seed=1)`` shows a problem from ``lessons_lib.practice`` as a paper
prints it, one answer box per step (a ``QuestionWidget``: type a number, press Enter, and
a classic slip gets its own feedback), "Check all" (which step went wrong first, and why)
and "Show full solution". Pick another kind, seed or convention and the problem is
rebuilt; "New problem" moves to the next seed. What you type is parsed as a number only.
"""

from __future__ import annotations

import html
import inspect

import ipywidgets as widgets

from .. import markdown, practice as _practice
from .base import WIDE
from .quiz import QuestionWidget

__all__ = ["Practice", "practice"]

#: What the kind dropdown shows for each kind of problem.
KIND_LABELS = {
    "backprop": "Backpropagation, one step (10 marks)",
    "gradient_descent": "Gradient descent / momentum",
    "loss": "Loss values (5 marks)",
    "batch_vs_sgd": "Batch GD vs SGD (10 marks)",
}

# How each convention is offered: its label and the text of each value.
_SETTINGS = {
    "outputs": ("network", {1: "2-2-1", 2: "2-2-2"}),
    "loss": ("error", {"half_sse": "J = ½Σ(t − o)²", "sse": "J = Σ(t − o)²"}),
    "activation": ("activation", {"sigmoid": "binary sigmoid",
                                  "bipolar_sigmoid": "bipolar sigmoid"}),
    "delta_sign": ("error term", {"dJ/dz": "δ = ∂J/∂z (w ← w − αδa)",
                                  "t-o": "δ = (t − o)f′(z) (w ← w + αδa)"}),
    "update_biases": ("update biases", None),
    "momentum": ("momentum", {0.0: "none (plain GD)", 0.5: "β = 0.5", 0.9: "β = 0.9"}),
    "steps": ("steps", {n: str(n) for n in range(1, 6)}),
}
WIDTH = "830px"
# Room between the cells of the question's weight tables and of the answer key.
_STYLE = ("<style>.lessons-practice td, .lessons-practice th {padding: 2px 14px 2px 0}"
          "</style>")


def _defaults(kind: str) -> dict:
    """The keyword defaults of the generator of ``kind``."""
    params = inspect.signature(_practice.KINDS[kind]).parameters
    return {n: p.default for n, p in params.items() if p.kind is p.KEYWORD_ONLY}


def _literal(value) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float):
        return f"{value:.10g}" if value != int(value) else f"{value:.1f}"
    return repr(value)


class Practice(widgets.VBox):
    """A practice problem with its controls, answer boxes, diagnosis and solution.

    Attributes for tests and notebooks: ``problem`` (the current ``practice.Problem``),
    ``kind`` (Dropdown), ``seed`` (BoundedIntText), ``new`` (the "New problem" button),
    ``settings`` (dict: convention name → control), ``question`` (HTMLMath), ``steps``
    (one ``QuestionWidget`` per step), ``check_all``, ``diagnosis``, ``show``,
    ``solution`` (hidden until ``show`` is clicked), ``code`` (the call that rebuilds this
    problem) and ``error``.
    """

    def __init__(self, kind: str = "backprop", seed: int = 1, **conventions):
        self.problem = _practice.generate(kind, seed, **conventions)  # checks everything
        self.kind = widgets.Dropdown(options=[(v, k) for k, v in KIND_LABELS.items()],
                                     value=kind, description="problem", style=WIDE,
                                     layout=widgets.Layout(width="330px"))
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=10**9, description="seed",
                                           style=WIDE, layout=widgets.Layout(width="140px"))
        self.new = widgets.Button(description="New problem", icon="refresh",
                                  layout=widgets.Layout(width="max-content"))
        self.settings_box = widgets.HBox(layout=widgets.Layout(flex_flow="row wrap"))
        self.question = widgets.HTMLMath()
        self.steps_box = widgets.GridBox(layout=widgets.Layout(
            grid_template_columns="repeat(2, minmax(0, 1fr))", grid_gap="0 18px"))
        self.check_all = widgets.Button(description="Check all", button_style="info",
                                        layout=widgets.Layout(width="max-content"))
        self.diagnosis = widgets.HTMLMath()
        self.show = widgets.Button(description="Show full solution",
                                   layout=widgets.Layout(width="max-content"))
        self.solution = widgets.HTMLMath(layout=widgets.Layout(display="none"))
        self.code, self.error = widgets.HTML(), widgets.HTML()
        for w, cls in ((self.question, "lessons-practice-question"),
                       (self.diagnosis, "lessons-diagnosis"), (self.solution, "lessons-answer"),
                       (self.check_all, "lessons-check-all"), (self.show, "lessons-show-solution"),
                       (self.code, "lessons-code")):
            w.add_class(cls)
        self.settings: dict = {}
        self._pool: list = []
        self._make_settings(kind, conventions)
        self.kind.observe(self._on_kind, names="value")
        self.seed.observe(self._on_change, names="value")
        self.new.on_click(self._on_new)
        self.check_all.on_click(self._on_check)
        self.show.on_click(self._on_show)
        head = widgets.HBox([self.kind, self.seed, self.new],
                            layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        super().__init__(
            [head, self.settings_box, self.question, self.steps_box,
             widgets.HBox([self.check_all, self.show]), self.diagnosis, self.solution,
             self.code, self.error],
            layout=widgets.Layout(max_width=WIDTH))
        self.add_class("lessons-practice")
        self._show_problem()

    # --- building -----------------------------------------------------------------

    def _make_settings(self, kind: str, given: dict) -> None:
        """One control per convention of ``kind``, set to ``given`` or the default."""
        for control in self.settings.values():
            control.close()
        values = {**_defaults(kind), **given}
        self.settings = {}
        for name in _practice.CONVENTIONS[kind]:
            label, texts = _SETTINGS[name]
            value = values[name]
            if texts is None:
                control = widgets.Checkbox(value=bool(value), description=label, indent=False,
                                           layout=widgets.Layout(width="max-content"))
            else:
                texts = dict(texts)
                if value not in texts:         # e.g. momentum=0.7 typed in the call
                    texts[value] = f"β = {value:g}" if name == "momentum" else str(value)
                control = widgets.Dropdown(options=[(t, v) for v, t in texts.items()],
                                           value=value, description=label, style=WIDE,
                                           layout=widgets.Layout(width="max-content"))
            control.layout.margin = "2px 16px 2px 0"
            control.observe(self._on_change, names="value")
            self.settings[name] = control
        self.settings_box.children = tuple(self.settings.values())

    def _conventions(self) -> dict:
        return {name: c.value for name, c in self.settings.items()}

    def call(self) -> str:
        """The one line of Python that rebuilds this problem."""
        args = {"kind": self.kind.value, "seed": self.seed.value, **self._conventions()}
        return "practice(" + ", ".join(f"{k}={_literal(v)}" for k, v in args.items()) + ")"

    def _show_problem(self) -> None:
        p = self.problem
        self.question.value = (f"{_STYLE}<h4 style='margin:0.3em 0'>{html.escape(p.title)}</h4>"
                               + markdown.to_html(p.question))
        self.steps = [self._step_widget(i, q) for i, q in enumerate(p.steps)]
        self.steps_box.children = tuple(self.steps)
        self.diagnosis.value = ""
        self.solution.value = ""
        self.solution.layout.display = "none"
        self.show.description = "Show full solution"
        self.code.value = f"<code>{html.escape(self.call())}</code>"

    def _step_widget(self, i: int, q) -> QuestionWidget:
        """The answer box of step i: made once, then reused for the next problems (new
        widgets cost far more than new values)."""
        if i == len(self._pool):
            w = QuestionWidget(q)  # unnumbered: the prompt says "Step n" itself
            w.layout.margin = "0 0 0.6em 0"
            w.add_class("lessons-practice-step")
            self._pool.append(w)
        w = self._pool[i]
        w.ask(q)
        return w

    def _rebuild(self) -> None:
        try:
            self.problem = _practice.generate(self.kind.value, self.seed.value,
                                              **self._conventions())
        except ValueError as exc:
            self.error.value = (f'<span class="lessons-error" style="color:#D55E00">'
                                f"{html.escape(str(exc))}</span>")
            return
        self.error.value = ""
        self._show_problem()

    # --- callbacks ---------------------------------------------------------------

    def _on_kind(self, change=None) -> None:
        self._make_settings(self.kind.value, {})
        self._rebuild()

    def _on_change(self, change=None) -> None:
        self._rebuild()

    def _on_new(self, _=None) -> None:
        self.seed.value += 1                   # rebuilds through _on_change

    def _on_check(self, _=None) -> None:
        answers = [w.answer.value for w in self.steps]
        for w, a in zip(self.steps, answers):
            if a.strip():
                w.check.click()               # each box shows its own feedback
        found = _practice.first_wrong_step(self.problem, answers)
        if found is None:
            text = (f"All {len(self.steps)} steps are right. Compare your working with the "
                    f"full solution, or try a new problem.")
            colour = "#009E73"
        else:
            text, colour = found[1], "#D55E00"
        self.diagnosis.value = (f'<div style="color:{colour}">'
                                f"{markdown.to_html(text)}</div>")

    def _on_show(self, _=None) -> None:
        if not self.solution.value:
            p = self.problem
            self.solution.value = markdown.to_html(p.answer_key + "\n" + p.solution)
        shown = self.solution.layout.display != "none"
        self.solution.layout.display = "none" if shown else None
        self.show.description = "Show full solution" if shown else "Hide full solution"


def practice(kind: str = "backprop", seed: int = 1, **conventions) -> Practice:
    """A fresh practice numerical, e.g. ``practice("backprop", seed=7, outputs=2)``.

    kind: "backprop", "gradient_descent", "loss" or "batch_vs_sgd"; seed: a whole number
    ≥ 0; conventions: the kind's settings (see ``lessons_lib.practice.CONVENTIONS``), e.g.
    ``loss="sse"``, ``delta_sign="t-o"``, ``activation="bipolar_sigmoid"``, ``momentum=0.9``.
    """
    return Practice(kind, seed, **conventions)
