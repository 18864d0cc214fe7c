"""Exam revision: the PYQ bank by topic, a filterable browser, and a timed mock paper.

- ``show_topic(topic)``: a topic's questions as Markdown, each model answer folded inside
  a "Model answer" fold (it works without a kernel, so the printed pack keeps it).
- ``pyq_browser(topic, marks, kind)``: pick topic, marks and kind from dropdowns; each
  question card reveals its model answer and its labelled figure on demand, and names the
  notebook sections that teach it.
- ``mock_paper(n, seed, minutes)``: N questions drawn with a seed, a countdown, and the
  model answers once you stop or the time is up.

Markdown goes into ``Output`` widgets (``append_display_data``), so JupyterLab renders it
with its own Markdown renderer and typesets the maths. Sections are named, not linked:
JupyterLab follows links between notebooks only in Markdown cells (in an output a link
opens the raw file), so 06 puts each topic's links in its Markdown cell.
"""

from __future__ import annotations

import asyncio
import io
import re
import time
from functools import lru_cache

import ipywidgets as widgets
from IPython.display import Markdown

from .. import pyq
from ..markdown import to_html
from .base import WIDE

__all__ = ["show_topic", "bank_summary", "pyq_browser", "mock_paper", "QuestionCard",
           "BankBrowser", "MockPaper", "MINUTES_PER_MARK"]

MINUTES_PER_MARK = 2.25  # a 3-hour paper of 80 marks
ANY = "any"


def _check_topic(topic):
    if topic is not None and topic not in pyq.TOPICS:
        raise ValueError(f"topic must be one of {sorted(pyq.TOPICS)} (or None for all), "
                         f"got {topic!r}")


def show_topic(topic: str, marks: int | None = None, kind: str | None = None) -> Markdown:
    """A topic's bank questions (optionally only those with these marks or of this kind),
    each with its model answer folded away under "Model answer"."""
    _check_topic(topic)
    entries = pyq.select(topic, marks, kind)
    if not entries:
        return Markdown(f"*No {kind or ''} questions of {marks} marks on this topic yet.*")
    blocks = []
    for e in entries:
        # The fold is one raw-HTML block (the answer rendered here, no blank line inside):
        # a Markdown parser ends an HTML block at a blank line, and nbconvert's then closes
        # <details> early, leaving the answer unfolded in the printed pack.
        answer = re.sub(r"\n\s*\n", "\n", to_html(pyq.answer_markdown(e))).strip()
        blocks.append(pyq.question_markdown(e, heading=None, links=False)
                      + "\n<details><summary><b>Model answer</b> (click to open)</summary>\n"
                      + answer + "\n</details>\n")
    return Markdown("\n---\n\n".join(blocks))


def bank_summary() -> Markdown:
    """How many bank questions each topic has, by marks and by kind (a Markdown table)."""
    bank = pyq.load_bank()
    marks = sorted({e.marks for e in bank})
    head = ("| topic | " + " | ".join(f"{m} marks" for m in marks) + " | "
            + " | ".join(pyq.KINDS) + " | total |")
    rows = [head, "|" + "---|" * (len(marks) + len(pyq.KINDS) + 2)]
    for topic, title in pyq.TOPICS.items():
        es = [e for e in bank if e.topic == topic]
        cells = [sum(e.marks == m for e in es) for m in marks]
        cells += [sum(e.kind == k for e in es) for k in pyq.KINDS]
        rows.append(f"| {title} | " + " | ".join(map(str, cells)) + f" | {len(es)} |")
    rows.append(f"| **all** | " + " | ".join(str(sum(e.marks == m for e in bank)) for m in marks)
                + " | " + " | ".join(str(sum(e.kind == k for e in bank)) for k in pyq.KINDS)
                + f" | **{len(bank)}** |")
    return Markdown("\n".join(rows))


@lru_cache(maxsize=None)
def figure_png(name: str) -> bytes:
    """The labelled drawing ``name`` (a key of ``pyq.FIGURES``) as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from ..plots.revision import revision_figure

    fig = revision_figure(name)
    buffer = io.BytesIO()
    FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


def _markdown_output(md: str, hidden: bool = False) -> widgets.Output:
    out = widgets.Output(layout=widgets.Layout(display="none" if hidden else None))
    out.append_display_data(Markdown(md))
    return out


class QuestionCard(widgets.VBox):
    """One bank question: the question with its links, and a "Show model answer" button
    that reveals the answer and its figure (drawn the first time it is shown)."""

    def __init__(self, entry: pyq.Entry, number: int | None = None):
        self.entry = entry
        prefix = f"**Q{number}.** " if number is not None else ""
        self.question = _markdown_output(prefix + pyq.question_markdown(entry, heading=None,
                                                                           links=False))
        self.answer = _markdown_output(pyq.answer_markdown(entry), hidden=True)
        self.answer.add_class("lessons-answer")
        self.figure = widgets.Image(format="png", layout=widgets.Layout(display="none",
                                                                        max_width="560px"))
        self.reveal = widgets.Button(description="Show model answer",
                                     layout=widgets.Layout(width="max-content"))
        self.reveal.add_class("lessons-reveal")
        self.reveal.on_click(lambda _: self.show(not self.shown))
        super().__init__([self.question, self.reveal, self.answer, self.figure],
                         layout=widgets.Layout(border_bottom="1px solid #ddd",
                                               margin="0 0 0.6em 0", padding="0 0 0.4em 0"))
        self.add_class("lessons-pyq")

    @property
    def shown(self) -> bool:
        return self.answer.layout.display != "none"

    def show(self, shown: bool = True) -> None:
        """Reveal (or fold away) the model answer and its figure."""
        if shown and self.entry.figure and not self.figure.value:
            self.figure.value = figure_png(self.entry.figure)
        display = None if shown else "none"
        self.answer.layout.display = display
        if self.entry.figure:
            self.figure.layout.display = display
        self.reveal.description = "Hide model answer" if shown else "Show model answer"


class BankBrowser(widgets.VBox):
    """The bank filtered by topic, marks and kind (dropdowns), one card per question."""

    def __init__(self, topic=None, marks=None, kind=None):
        _check_topic(topic)
        bank = pyq.load_bank()
        marks_list = sorted({e.marks for e in bank})
        if marks is not None and marks not in marks_list:
            raise ValueError(f"marks must be one of {marks_list} (or None for any), got {marks!r}")
        if kind is not None and kind not in pyq.KINDS:
            raise ValueError(f"kind must be one of {pyq.KINDS} (or None for any), got {kind!r}")
        self.topic = widgets.Dropdown(options=[("all topics", ANY)]
                                      + [(t, k) for k, t in pyq.TOPICS.items()],
                                      value=topic or ANY, description="topic", style=WIDE)
        self.marks = widgets.Dropdown(options=[("any", ANY)] + [(str(m), m) for m in marks_list],
                                      value=ANY if marks is None else marks,
                                      description="marks", style=WIDE,
                                      layout=widgets.Layout(width="9em"))
        self.kind = widgets.Dropdown(options=[("any", ANY)] + [(k, k) for k in pyq.KINDS],
                                     value=kind or ANY, description="kind", style=WIDE,
                                     layout=widgets.Layout(width="12em"))
        self.count = widgets.HTML()
        self.count.add_class("lessons-count")
        self.cards = widgets.VBox()
        for control in (self.topic, self.marks, self.kind):
            control.observe(lambda _: self.refresh(), names="value")
        super().__init__([widgets.HBox([self.topic, self.marks, self.kind]), self.count,
                          self.cards], layout=widgets.Layout(max_width="830px"))
        self.add_class("lessons-bank")
        self.refresh()

    def selected(self) -> list:
        """The entries the dropdowns select."""
        pick = lambda v: None if v == ANY else v  # noqa: E731
        return pyq.select(pick(self.topic.value), pick(self.marks.value), pick(self.kind.value))

    def refresh(self) -> None:
        entries = self.selected()
        old = self.cards.children
        self.cards.children = [QuestionCard(e, i + 1) for i, e in enumerate(entries)]
        for card in old:
            card.close()
        self.count.value = (f"<b>{len(entries)}</b> question{'s' * (len(entries) != 1)}, "
                            f"{sum(e.marks for e in entries)} marks in all"
                            if entries else "<i>No question matches: widen the filters.</i>")


def pyq_browser(topic: str | None = None, marks: int | None = None,
                kind: str | None = None) -> BankBrowser:
    """Browse the PYQ bank: e.g. ``pyq_browser(topic="backpropagation", marks=10)``."""
    return BankBrowser(topic, marks, kind)


class MockPaper(widgets.VBox):
    """A timed mock paper: ``n`` questions drawn with ``seed``; Start runs a countdown of
    ``minutes``; the model answers appear when you press "Finish" or the time is up.

    ``tick(now)`` updates the clock (``now`` from ``time.monotonic``); in a kernel an
    asyncio task calls it every second, so the clock runs while you work.
    """

    def __init__(self, n: int = 5, seed: int = 2026, minutes: float | None = None,
                 clock=time.monotonic):
        self.paper = pyq.mock_paper(n, seed)  # validates n and seed
        self.total = sum(e.marks for e in self.paper)
        if minutes is None:
            minutes = round(MINUTES_PER_MARK * self.total)
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not 0 < minutes <= 300:
            raise ValueError(f"minutes must be a number from 1 to 300, got {minutes!r}")
        self.minutes, self.seed, self._clock = minutes, seed, clock
        self.deadline = None
        self._task = None
        self.finished = False
        self.start_button = widgets.Button(description=f"▶ Start ({minutes:g} min)",
                                           button_style="success",
                                           layout=widgets.Layout(width="max-content"))
        self.finish_button = widgets.Button(description="Finish and show answers",
                                            disabled=True,
                                            layout=widgets.Layout(width="max-content"))
        self.start_button.on_click(lambda _: self.start())
        self.finish_button.on_click(lambda _: self.finish())
        self.clock = widgets.HTML(self._clock_text(minutes * 60))
        self.clock.add_class("lessons-timer")
        head = widgets.HTML(f"<b>Mock paper</b> (seed {seed}): {len(self.paper)} questions, "
                            f"{self.total} marks, {minutes:g} minutes. Write your answers on "
                            "paper, then compare with the model answers.")
        self.cards = [QuestionCard(e, i + 1) for i, e in enumerate(self.paper)]
        for card in self.cards:
            card.reveal.disabled = True  # answers wait until the paper is finished
        super().__init__([head, widgets.HBox([self.start_button, self.finish_button, self.clock]),
                          *self.cards], layout=widgets.Layout(max_width="830px"))
        self.add_class("lessons-mock-paper")

    @staticmethod
    def _clock_text(seconds: float) -> str:
        seconds = max(0, int(round(seconds)))
        return f"<span style='font-size:1.3em'>⏱ {seconds // 60:02d}:{seconds % 60:02d} left</span>"

    def start(self) -> None:
        """Start the countdown (again from the full time if it was running)."""
        self.deadline = self._clock() + self.minutes * 60
        self.finished = False
        self.start_button.description = "↺ Restart"
        self.finish_button.disabled = False
        for card in self.cards:
            card.show(False)
            card.reveal.disabled = True
        self.tick()
        self._cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop (a script, a test): call tick() yourself
            return
        self._task = loop.create_task(self._run())

    async def _run(self) -> None:
        while not self.finished:
            await asyncio.sleep(1.0)
            self.tick()

    def tick(self, now: float | None = None) -> None:
        """Show the time left; at zero, finish the paper."""
        if self.deadline is None or self.finished:
            return
        left = self.deadline - (self._clock() if now is None else now)
        self.clock.value = self._clock_text(left)
        if left <= 0:
            self.finish(timed_out=True)

    def finish(self, timed_out: bool = False) -> None:
        """Stop the clock and open every model answer."""
        self.finished = True
        self._cancel()
        self.finish_button.disabled = True
        self.clock.value = ("<b>Time is up.</b> Pens down: compare your answers below."
                            if timed_out else "<b>Finished.</b> Compare your answers below.")
        for card in self.cards:
            card.reveal.disabled = False
            card.show(True)

    def _cancel(self) -> None:
        task = getattr(self, "_task", None)  # None too if __init__ refused its arguments
        if task is not None and not task.done():
            task.cancel()
        self._task = None

    def close(self):
        self._cancel()
        super().close()


def mock_paper(n: int = 5, seed: int = 2026, minutes: float | None = None) -> MockPaper:
    """A timed mock paper of ``n`` bank questions drawn with ``seed``; ``minutes`` defaults
    to 2¼ minutes a mark (a 3-hour paper of 80 marks)."""
    return MockPaper(n, seed, minutes)
