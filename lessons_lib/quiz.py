"""Questions with instant feedback: the one quiz format of the workbook (pure Python).

A question is multiple choice (each choice has its own feedback, so a wrong pick says
*why* it is wrong) or numeric (accepted within a tolerance). Questions live as JSON in
``lessons_lib/content/``: ``self_check/<notebook>.json`` holds a notebook's self-check.
The widget that asks them is ``widgets.quiz``. A student's answer is parsed as a number
only, never evaluated as code.
"""

from __future__ import annotations

import dataclasses
import json
import math
import numbers
import re
from dataclasses import dataclass
from pathlib import Path

from ._checks import finite_float

__all__ = ["Choice", "Mistake", "Question", "Feedback", "parse_number", "check", "load_self_check",
           "question_from_dict", "CONTENT"]

CONTENT = Path(__file__).resolve().parent / "content"
KINDS = ("choice", "numeric")


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question; ``feedback`` explains why it is right or
    wrong (shown when it is picked)."""

    text: str
    correct: bool
    feedback: str

    def __post_init__(self):
        if not isinstance(self.text, str):
            raise ValueError(f"a choice's text must be a string, got {self.text!r}")
        if not isinstance(self.correct, bool):
            raise ValueError(f"a choice's correct must be True or False, got {self.correct!r}")
        if not isinstance(self.feedback, str):
            raise ValueError(f"a choice's feedback must be a string, got {self.feedback!r}")


@dataclass(frozen=True)
class Mistake:
    """A classic wrong number for a numeric question and what it tells the student, e.g.
    ``Mistake(0.4107, "You updated with + instead of −: check the sign of δ.")``."""

    answer: float
    feedback: str

    def __post_init__(self):  # (a NaN answer is refused by the Question that holds it)
        if _real(self.answer) is None and not (isinstance(self.answer, float)
                                               and math.isnan(self.answer)):
            raise ValueError(f"a mistake's answer must be a finite number, got "
                             f"{self.answer!r}")
        if not isinstance(self.feedback, str):
            raise ValueError(f"a mistake's feedback must be a string, got {self.feedback!r}")


@dataclass(frozen=True)
class Question:
    """kind "choice": ``choices`` (exactly one correct). kind "numeric": ``answer``, an
    absolute ``tolerance`` (> 0) and optional ``mistakes``: wrong numbers that a known slip
    produces, each with its own feedback (the numeric twin of a wrong choice's feedback).
    ``prompt`` and ``explanation`` are HTML with $…$ maths; ``explanation`` is the full
    answer shown by "show answer"."""

    id: str
    kind: str
    prompt: str
    explanation: str
    choices: tuple = ()
    answer: float | None = None
    tolerance: float | None = None
    mistakes: tuple = ()

    def __post_init__(self):
        if not isinstance(self.id, str) or not self.id.strip():
            raise ValueError(f"a question's id must be a non-empty string, got {self.id!r}")
        for key in ("kind", "prompt", "explanation"):
            if not isinstance(getattr(self, key), str):
                raise ValueError(f"question {self.id!r}: {key} must be a string, got "
                                 f"{getattr(self, key)!r}")
        for key, cls in (("choices", Choice), ("mistakes", Mistake)):
            items = getattr(self, key)
            if not isinstance(items, (tuple, list)) or not all(isinstance(c, cls)
                                                               for c in items):
                raise ValueError(f"question {self.id!r}: {key} must be a tuple of "
                                 f"{cls.__name__}s, got {items!r}")
            object.__setattr__(self, key, tuple(items))
        for key in ("answer", "tolerance"):
            value = getattr(self, key)
            if value is not None and _real(value) is None and not (
                    isinstance(value, float) and math.isnan(value)):  # NaN: see below
                raise ValueError(f"question {self.id!r}: {key} must be a finite number (or "
                                 f"None for a choice question), got {value!r}")
        if self.kind not in KINDS:
            raise ValueError(f"question {self.id!r}: kind must be one of {KINDS}, got {self.kind!r}")
        if not self.prompt.strip() or not self.explanation.strip():
            raise ValueError(f"question {self.id!r} needs a prompt and an explanation")
        if self.kind == "choice":
            if len(self.choices) < 2 or sum(c.correct for c in self.choices) != 1:
                raise ValueError(f"question {self.id!r}: a choice question needs at least two "
                                 f"choices, exactly one of them correct")
            if any(not c.feedback.strip() for c in self.choices):
                raise ValueError(f"question {self.id!r}: every choice needs feedback")
        else:
            if self.answer is None or not math.isfinite(self.answer):
                raise ValueError(f"question {self.id!r}: a numeric question needs a finite answer")
            if self.tolerance is None or not self.tolerance > 0:
                raise ValueError(f"question {self.id!r}: a numeric question needs a tolerance > 0")
            for m in self.mistakes:
                if not isinstance(m, Mistake) or not math.isfinite(m.answer) or not m.feedback.strip():
                    raise ValueError(f"question {self.id!r}: each mistake needs a finite answer "
                                     f"and feedback, got {m!r}")
                if abs(m.answer - self.answer) <= self.tolerance:
                    raise ValueError(f"question {self.id!r}: the mistake {m.answer:g} is within "
                                     f"the tolerance of the right answer {self.answer:g}")
        if self.kind == "choice" and self.mistakes:
            raise ValueError(f"question {self.id!r}: only numeric questions have mistakes "
                             f"(a choice carries its own feedback)")


_real = finite_float  # value as a finite float if it is a real number (not a bool), else None


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def parse_number(text) -> float:
    """The number a student typed: "1.6", "-0.25", ".5", "2e-3", "−0.5" (a typeset minus)
    or "1/4" (a fraction of two numbers). Units, words and expressions are refused with a
    ValueError whose message can be shown to the student. Never evaluates code."""
    if isinstance(text, numbers.Real) and not isinstance(text, bool):
        try:
            value = float(text)
        except OverflowError:  # a whole number too big for a float
            value = math.inf
    else:
        if not isinstance(text, str):
            raise ValueError(f"type a number, e.g. 0.25 (got {text!r})")
        s = text.strip().replace("−", "-").replace("–", "-")
        if not s:
            raise ValueError("type a number first, e.g. 0.25")
        parts = s.split("/")
        if len(parts) > 2 or not all(_NUMBER.fullmatch(p) for p in parts):
            raise ValueError(f"{text.strip()!r} is not a number: type digits like 0.25, "
                             f"-1.6, 2e-3 or 1/4")
        value = float(parts[0])
        if len(parts) == 2:
            if float(parts[1]) == 0:
                raise ValueError(f"{text.strip()!r} divides by zero")
            value /= float(parts[1])
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def check(question: Question, answer) -> Feedback:
    """Mark one answer: the index of a choice, or what the student typed for a number."""
    if not isinstance(question, Question):
        raise ValueError(f"question must be a quiz.Question, got {question!r}")
    if question.kind == "choice":
        if isinstance(answer, bool) or not isinstance(answer, int) or not (
                0 <= answer < len(question.choices)):
            raise ValueError(f"answer must be a choice number from 0 to "
                             f"{len(question.choices) - 1}, got {answer!r}")
        choice = question.choices[answer]
        return Feedback(choice.correct, choice.feedback)
    try:
        value = parse_number(answer)
    except ValueError as exc:
        return Feedback(False, str(exc)[0].upper() + str(exc)[1:] + ".")
    if abs(value - question.answer) <= question.tolerance:
        return Feedback(True, f"Correct: {question.answer:g} (within ±{question.tolerance:g}).")
    for mistake in question.mistakes:
        if abs(value - mistake.answer) <= question.tolerance:
            return Feedback(False, f"Not quite: {mistake.feedback}")
    return Feedback(False, f"Not quite: {value:g} is not within ±{question.tolerance:g} of "
                           f"the answer. Try again, or show the answer.")


def question_from_dict(d: dict) -> Question:
    """A Question from its JSON form (keys as the dataclass; choices as a list of
    {"text", "correct", "feedback"}; mistakes as a list of {"answer", "feedback"})."""
    if not isinstance(d, dict):
        raise ValueError(f"a question must be a dict (its JSON form), got {d!r}")
    fields = {f.name for f in dataclasses.fields(Question)}
    unknown = sorted(map(repr, set(d) - fields))
    if unknown:
        raise ValueError(f"question {d.get('id')!r}: unknown key(s) {', '.join(unknown)}; "
                         f"a question has {', '.join(sorted(fields))}")
    missing = sorted({"id", "kind", "prompt", "explanation"} - set(d))
    if missing:
        raise ValueError(f"question {d.get('id')!r} needs the key(s) {', '.join(missing)}")
    d = dict(d)
    for key, cls in (("choices", Choice), ("mistakes", Mistake)):
        items = d.get(key, ())
        names = {f.name for f in dataclasses.fields(cls)}
        if not isinstance(items, (list, tuple)) or not all(
                isinstance(c, dict) and set(c) == names for c in items):
            raise ValueError(f"question {d['id']!r}: {key} must be a list of dicts with the "
                             f"keys {', '.join(sorted(names))}, got {items!r}")
        d[key] = tuple(cls(**c) for c in items)
    return Question(**d)


def load_self_check(notebook: str) -> list[Question]:
    """The self-check questions of a notebook, e.g. ``load_self_check("01_loss_functions")``
    (the stem of ``content/self_check/<notebook>.json``)."""
    if not isinstance(notebook, str) or not re.fullmatch(r"[A-Za-z0-9_]+", notebook):
        raise ValueError(f"notebook must be a notebook's stem such as '01_loss_functions' "
                         f"(letters, digits, _), got {notebook!r}")
    path = CONTENT / "self_check" / f"{notebook}.json"
    if not path.is_file():
        known = sorted(p.stem for p in (CONTENT / "self_check").glob("*.json"))
        raise ValueError(f"no self-check called {notebook!r}; there are: {', '.join(known)}")
    data = json.loads(path.read_text(encoding="utf-8"))
    questions = [question_from_dict(q) for q in data["questions"]]
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path.name}: question ids repeat: {ids}")
    return questions
