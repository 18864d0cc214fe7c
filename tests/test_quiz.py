"""The one quiz mechanism: question format, answer parsing (numbers only), marking, widget."""

import json
import math
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import quiz
from lessons_lib.widgets import Quiz, self_check

SELF_CHECKS = sorted((quiz.CONTENT / "self_check").glob("*.json"))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_any_number_written_out_parses_back_exactly(x):
    assert quiz.parse_number(repr(x)) == x
    assert quiz.parse_number(f"  {x!r} ") == x


@pytest.mark.parametrize("text, value", [
    ("1.6", 1.6), ("-0.25", -0.25), (".5", 0.5), ("2e-3", 0.002), ("−0.5", -0.5),
    ("1/4", 0.25), ("-3/4", -0.75), ("+7", 7.0), (3, 3.0)])
def test_what_students_type(text, value):
    assert quiz.parse_number(text) == value


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "0.5 m", "0.5 1", "1+1", "2*3", "__import__('os')", "1/0", "1/2/3", "nan", "inf",
    "1e999", "0x10", None, True, [1]])
def test_anything_but_a_number_is_refused_with_a_message(text):
    with pytest.raises(ValueError, match="number|zero"):
        quiz.parse_number(text)


@settings(max_examples=300)
@given(st.text())
def test_arbitrary_text_is_parsed_or_refused_never_run(text):
    try:
        value = quiz.parse_number(text)
    except ValueError:
        return
    assert math.isfinite(value)


def numeric(answer=1.6, tolerance=0.01):
    return quiz.Question(id="n", kind="numeric", prompt="w?", explanation="because",
                         answer=answer, tolerance=tolerance)


def test_numeric_answers_are_accepted_within_the_tolerance_only():
    q = numeric()
    assert quiz.check(q, "1.6").correct and quiz.check(q, "1.609").correct
    assert not quiz.check(q, "1.62").correct and not quiz.check(q, "-1.6").correct
    bad = quiz.check(q, "one point six")
    assert not bad.correct and "not a number" in bad.message


def test_each_choice_carries_its_own_feedback():
    q = quiz.question_from_dict({
        "id": "c", "kind": "choice", "prompt": "Which?", "explanation": "The first.",
        "choices": [{"text": "a", "correct": True, "feedback": "yes"},
                    {"text": "b", "correct": False, "feedback": "no, because"}]})
    assert quiz.check(q, 0) == quiz.Feedback(True, "yes")
    assert quiz.check(q, 1) == quiz.Feedback(False, "no, because")
    with pytest.raises(ValueError, match="choice number"):
        quiz.check(q, 2)


@pytest.mark.parametrize("change, match", [
    ({"kind": "essay"}, "kind"), ({"prompt": " "}, "prompt"),
    ({"answer": None}, "finite answer"), ({"answer": math.nan}, "finite answer"),
    ({"tolerance": 0}, "tolerance")])
def test_malformed_questions_are_refused(change, match):
    fields = dict(id="n", kind="numeric", prompt="w?", explanation="e", answer=1.0,
                  tolerance=0.1) | change
    with pytest.raises(ValueError, match=match):
        quiz.Question(**fields)


def test_a_choice_question_needs_exactly_one_right_choice():
    two_right = [quiz.Choice("a", True, "f"), quiz.Choice("b", True, "f")]
    with pytest.raises(ValueError, match="exactly one"):
        quiz.Question(id="c", kind="choice", prompt="p", explanation="e", choices=two_right)


def test_unknown_self_check_names_the_known_ones():
    with pytest.raises(ValueError, match="02_gradient_descent"):
        quiz.load_self_check("99_nothing")


@pytest.mark.parametrize("path", SELF_CHECKS, ids=lambda p: p.stem)
def test_every_self_check_file_is_valid_and_belongs_to_a_notebook(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["notebook"] == path.stem
    assert (quiz.CONTENT.parents[1] / "notebooks" / f"{path.stem}.ipynb").is_file()
    questions = quiz.load_self_check(path.stem)
    assert 2 <= len(questions) <= 4
    for q in questions:  # the stated answer is marked right; a wrong one is marked wrong
        if q.kind == "numeric":
            assert quiz.check(q, repr(q.answer)).correct
            assert not quiz.check(q, repr(q.answer + 10 * q.tolerance + 1)).correct


def test_the_widget_gives_feedback_at_once_and_reveals_the_answer():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w = self_check("02_gradient_descent")
        num = next(q for q in w.questions if q.question.kind == "numeric")
        choice = next(q for q in w.questions if q.question.kind == "choice")
        num.answer.value = repr(num.question.answer)
        assert "✓" in num.feedback.value
        num.answer.value = repr(num.question.answer + 1)
        assert "✗" in num.feedback.value and "Not quite" in num.feedback.value
        num.answer.value = "import os"
        assert "not a number" in num.feedback.value
        wrong = next(i for _, i in choice.answer.options if not choice.question.choices[i].correct)
        choice.answer.value = wrong
        assert "✗" in choice.feedback.value
        assert choice.question.choices[wrong].feedback in choice.feedback.value
        assert choice.explanation.layout.display == "none"
        choice.show.click()
        assert choice.explanation.layout.display != "none"
        assert choice.show.description == "Hide answer"


def test_an_empty_quiz_is_an_error():
    with pytest.raises(ValueError, match="at least one question"):
        Quiz([])


def test_a_classic_slip_gets_its_own_feedback():
    q = quiz.Question(id="w-new", kind="numeric", prompt="$w_{new}$?", explanation="0.6 − 0.5 × 0.2",
                      answer=0.5, tolerance=0.005,
                      mistakes=(quiz.Mistake(0.7, "you added α∂J/∂w: the step goes against the slope."),))
    assert quiz.check(q, "0.5").correct
    wrong = quiz.check(q, "0.701")
    assert not wrong.correct and "against the slope" in wrong.message
    other = quiz.check(q, "0.9")
    assert not other.correct and "slope" not in other.message
    assert not quiz.check(q, "__import__('os')").correct


@pytest.mark.parametrize("mistakes, match", [
    ((quiz.Mistake(0.501, "too close"),), "within the tolerance"),
    ((quiz.Mistake(float("nan"), "nan"),), "finite answer"),
    ((quiz.Mistake(0.7, " "),), "feedback"),
])
def test_a_mistake_must_be_a_distinct_wrong_number_with_feedback(mistakes, match):
    with pytest.raises(ValueError, match=match):
        quiz.Question(id="q", kind="numeric", prompt="p", explanation="e", answer=0.5,
                      tolerance=0.005, mistakes=mistakes)


def test_mistakes_load_from_json():
    q = quiz.question_from_dict({"id": "q", "kind": "numeric", "prompt": "p", "explanation": "e",
                                 "answer": 1.0, "tolerance": 0.01,
                                 "mistakes": [{"answer": -1.0, "feedback": "sign"}]})
    assert q.mistakes == (quiz.Mistake(-1.0, "sign"),)
    assert quiz.check(q, "-1").message == "Not quite: sign"


def test_a_question_widget_can_ask_another_number_and_starts_clean():
    from lessons_lib.widgets import QuestionWidget

    first = quiz.Question(id="a", kind="numeric", prompt="$w$?", explanation="e1", answer=1.0,
                          tolerance=0.01)
    second = quiz.Question(id="b", kind="numeric", prompt="$b$?", explanation="e2", answer=2.0,
                           tolerance=0.01)
    w = QuestionWidget(first)
    assert w.prompt.value == "$w$?"  # no number: the prompt stands alone
    w.answer.value = "1"
    assert "✓" in w.feedback.value
    w.ask(second)
    assert (w.prompt.value, w.answer.value, w.feedback.value) == ("$b$?", "", "")
    assert w.explanation.value == "e2" and w.explanation.layout.display == "none"
    w.answer.value = "1"
    assert "✗" in w.feedback.value
