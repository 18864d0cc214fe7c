"""The quiz widget: questions from ``lessons_lib.quiz`` with instant feedback.

Multiple choice: pick an option and its feedback appears at once (options in an order
fixed by the question's id). Numeric: type a number
and press Enter (or "Check"); it is accepted within the question's tolerance. Every
question has a "Show answer" button that reveals the full explanation.
"""

from __future__ import annotations

import random

import ipywidgets as widgets

from .. import quiz

__all__ = ["QuestionWidget", "Quiz", "self_check"]

_RIGHT, _WRONG = "#009E73", "#D55E00"  # Okabe–Ito bluish green and vermilion


def _feedback_html(feedback: quiz.Feedback) -> str:
    mark, colour = ("✓", _RIGHT) if feedback.correct else ("✗", _WRONG)
    return f'<span style="color:{colour}"><b>{mark}</b> {feedback.message}</span>'


class QuestionWidget(widgets.VBox):
    """One question: prompt, answer control, feedback line, "Show answer" and the answer.

    Attributes: ``question``, ``answer`` (RadioButtons or Text), ``check`` (the Check
    button of a numeric question, else None), ``feedback``, ``show`` (the button),
    ``explanation`` (hidden until ``show`` is clicked).
    """

    def __init__(self, question: quiz.Question, number: int | None = None):
        self.question = question
        self.number = number
        prompt = self.prompt = widgets.HTMLMath(self._prompt_html(question))
        self.feedback = widgets.HTMLMath()
        self.explanation = widgets.HTMLMath(question.explanation,
                                            layout=widgets.Layout(display="none"))
        # class names the browser test finds them by
        self.feedback.add_class("lessons-feedback")
        self.explanation.add_class("lessons-answer")
        self.show = widgets.Button(description="Show answer",
                                   layout=widgets.Layout(width="max-content"))
        self.show.on_click(self._reveal)
        if question.kind == "choice":
            # Shown in an order fixed by the question's id (the same on every run), so
            # the right answer is not always where the author wrote it.
            order = list(range(len(question.choices)))
            random.Random(question.id).shuffle(order)
            self.answer = widgets.RadioButtons(
                options=[(question.choices[i].text, i) for i in order], value=None,
                layout=widgets.Layout(width="auto"))
            self.answer.observe(self._on_pick, names="value")
            self.check = None
            row = [self.answer]
        else:
            self.answer = widgets.Text(placeholder="a number, e.g. 0.25", continuous_update=False,
                                       layout=widgets.Layout(width="14em"))
            self.answer.observe(self._on_type, names="value")
            self.check = widgets.Button(description="Check",
                                        layout=widgets.Layout(width="max-content"))
            self.check.on_click(self._on_type)
            row = [widgets.HBox([self.answer, self.check])]
        super().__init__([prompt, *row, self.feedback, self.show, self.explanation],
                         layout=widgets.Layout(margin="0 0 1em 0"))
        self.add_class("lessons-question")

    def _prompt_html(self, question) -> str:
        return (f"<b>{self.number}.</b> " if self.number is not None else "") + question.prompt

    def ask(self, question: quiz.Question) -> None:
        """Ask another numeric question in this widget (reusing it is far cheaper than
        building a new one): new prompt and answer, empty box, feedback and answer cleared."""
        if question.kind != "numeric" or self.question.kind != "numeric":
            raise ValueError("ask() swaps numeric questions only; build a new QuestionWidget "
                             "for a multiple-choice one")
        self.question = question
        self.prompt.value = self._prompt_html(question)
        self.answer.value = ""
        self.feedback.value = ""
        self.explanation.value = question.explanation
        self.explanation.layout.display = "none"
        self.show.description = "Show answer"

    def _on_pick(self, change):
        if change["new"] is not None:
            self.feedback.value = _feedback_html(quiz.check(self.question, change["new"]))

    def _on_type(self, _=None):
        self.feedback.value = _feedback_html(quiz.check(self.question, self.answer.value))

    def _reveal(self, _=None):
        shown = self.explanation.layout.display != "none"
        self.explanation.layout.display = "none" if shown else None
        self.show.description = "Show answer" if shown else "Hide answer"


class Quiz(widgets.VBox):
    """A list of questions, each a ``QuestionWidget`` (in ``self.questions``)."""

    def __init__(self, questions, title: str = "Self-check"):
        questions = list(questions)
        if not questions:
            raise ValueError("a quiz needs at least one question")
        self.questions = [QuestionWidget(q, i + 1) for i, q in enumerate(questions)]
        head = widgets.HTML(f"<h3 style='margin:0.2em 0'>{title}</h3>"
                            "<i>Answer, and the feedback appears at once. "
                            "Numbers: type them and press Enter.</i>")
        super().__init__([head, *self.questions])


def self_check(notebook: str) -> Quiz:
    """The self-check of a notebook, e.g. ``self_check("01_loss_functions")``."""
    return Quiz(quiz.load_self_check(notebook))
