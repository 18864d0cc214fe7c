"""The practice widget driven in process: answers marked per step, a classic slip named,
"Check all" names the first wrong step, the full solution appears, controls rebuild."""

import time

import ipywidgets as widgets
import pytest

from lessons_lib import markdown, practice as maths
from lessons_lib.widgets import Practice, QuestionWidget, practice

pytestmark = pytest.mark.usefixtures("warnings_are_errors")


def type_in(w, i, text):
    w.steps[i].answer.value = text


def test_it_shows_the_problem_with_one_box_per_step():
    w = practice("backprop", seed=7)
    p = maths.generate("backprop", 7)
    assert isinstance(w, Practice) and isinstance(w, widgets.VBox)
    assert "lessons-practice" in w._dom_classes
    assert w.problem == p
    assert markdown.to_html(p.question) in w.question.value
    assert len(w.steps) == len(p.steps) and all(isinstance(s, QuestionWidget) for s in w.steps)
    # the prompt is shown once, without a second number in front of "Step n"
    assert [s.children[0].value for s in w.steps] == [q.prompt for q in p.steps]
    assert w.call() == ('practice(kind="backprop", seed=7, outputs=1, loss="half_sse", '
                        'update_biases=True, delta_sign="dJ/dz", activation="sigmoid")')
    assert w.layout.max_width == "830px"
    assert w.solution.layout.display == "none" and w.diagnosis.value == ""


def test_each_box_marks_its_step_and_names_a_classic_slip():
    w = practice("backprop", seed=7)
    q = w.problem.steps[4]                       # δ of the output unit
    type_in(w, 4, f"{q.answer:.4f}")
    assert "✓" in w.steps[4].feedback.value
    slip = next(m for m in q.mistakes if "left out f′" in m.feedback)
    type_in(w, 4, f"{slip.answer:.4f}")
    assert "✗" in w.steps[4].feedback.value and "left out f′" in w.steps[4].feedback.value
    type_in(w, 4, "__import__('os')")
    assert "not a number" in w.steps[4].feedback.value


def test_check_all_names_the_first_wrong_step_then_praises_a_full_solution():
    w = practice("backprop", seed=3, delta_sign="t-o")
    p = w.problem
    w.check_all.click()
    assert "Step 1" in w.diagnosis.value and "not answered yet" in w.diagnosis.value
    assert "lessons-diagnosis" in w.diagnosis._dom_classes
    for i, a in enumerate(p.answers):
        type_in(w, i, f"{a:.4f}")
    sign_slip = next(m for m in p.steps[4].mistakes if "sign of δ" in m.feedback)
    type_in(w, 4, f"{sign_slip.answer:.4f}")
    type_in(w, 8, "9.99")                        # a later wrong step is not the first
    w.check_all.click()
    assert "Step 5" in w.diagnosis.value and "sign of δ" in w.diagnosis.value
    assert "#D55E00" in w.diagnosis.value
    type_in(w, 4, f"{p.answers[4]:.4f}")
    w.check_all.click()
    assert "Step 9" in w.diagnosis.value and "9.99" in w.diagnosis.value
    type_in(w, 8, f"{p.answers[8]:.4f}")
    w.check_all.click()
    assert f"All {len(p.steps)} steps are right" in w.diagnosis.value
    assert all("✓" in s.feedback.value for s in w.steps)


def test_show_full_solution_reveals_the_worked_solution_and_hides_it_again():
    w = practice("backprop", seed=2)
    assert w.solution.layout.display == "none"
    w.show.click()
    assert w.solution.layout.display != "none" and w.show.description == "Hide full solution"
    assert "lessons-answer" in w.solution._dom_classes
    assert markdown.to_html(w.problem.solution) in w.solution.value
    assert "Answers" in w.solution.value            # the answer key comes first
    w.show.click()
    assert w.solution.layout.display == "none" and w.show.description == "Show full solution"


def test_seed_new_problem_and_conventions_rebuild_the_problem():
    w = practice("backprop", seed=1)
    first = w.question.value
    w.new.click()
    assert w.seed.value == 2 and w.problem == maths.generate("backprop", 2)
    assert w.question.value != first and w.diagnosis.value == ""
    w.settings["outputs"].value = 2
    assert w.problem == maths.generate("backprop", 2, outputs=2) and len(w.steps) == 18
    w.settings["update_biases"].value = False
    assert len(w.steps) == 18 - 3              # no new b_o1, b_o2, b_hj
    w.settings["delta_sign"].value = "t-o"
    assert "w \\leftarrow w + \\alpha" in w.problem.question
    w.settings["activation"].value = "bipolar_sigmoid"
    w.settings["loss"].value = "sse"
    assert w.problem == maths.generate("backprop", 2, outputs=2, update_biases=False,
                                       delta_sign="t-o", activation="bipolar_sigmoid",
                                       loss="sse")
    assert 'loss="sse"' in w.code.value.replace("&quot;", '"')


def test_changing_the_kind_swaps_the_convention_controls():
    w = practice("backprop", seed=4)
    w.kind.value = "gradient_descent"
    assert list(w.settings) == ["momentum", "steps"]
    assert w.settings_box.children == tuple(w.settings.values())
    assert w.problem == maths.generate("gradient_descent", 4)
    w.settings["momentum"].value = 0.9
    w.settings["steps"].value = 2
    assert w.problem == maths.generate("gradient_descent", 4, momentum=0.9, steps=2)
    assert len(w.steps) == 2 * 2 + 1
    w.kind.value = "loss"
    assert w.settings == {} and w.call() == 'practice(kind="loss", seed=4)'
    w.kind.value = "batch_vs_sgd"
    assert w.problem == maths.generate("batch_vs_sgd", 4)


def test_a_convention_given_in_the_call_is_shown_and_kept():
    w = practice("gradient_descent", seed=5, momentum=0.7, steps=4)
    assert w.settings["momentum"].value == 0.7 and w.settings["steps"].value == 4
    assert w.call() == 'practice(kind="gradient_descent", seed=5, momentum=0.7, steps=4)'


def test_bad_arguments_raise_a_clear_error():
    with pytest.raises(ValueError, match="unknown kind"):
        practice("essay")
    with pytest.raises(ValueError, match="no setting"):
        practice("loss", seed=1, outputs=2)
    with pytest.raises(ValueError, match="seed"):
        practice("backprop", seed=-3)


def test_a_rebuild_is_quick():
    w = practice("backprop", seed=1, outputs=2)
    times = []
    for seed in range(2, 12):
        start = time.perf_counter()
        w.seed.value = seed
        times.append(time.perf_counter() - start)
    times.sort()
    assert times[len(times) // 2] < 0.25, times


def test_answer_boxes_are_cleared_and_mark_the_new_problem_after_a_rebuild():
    w = practice("backprop", seed=1)
    type_in(w, 0, f"{w.problem.answers[0]:.4f}")
    w.steps[0].show.click()
    old = w.problem.answers[0]
    w.seed.value = 2
    box = w.steps[0]
    assert box.answer.value == "" and box.feedback.value == ""
    assert box.explanation.layout.display == "none" and box.show.description == "Show answer"
    assert box.question is w.problem.steps[0]
    assert box.explanation.value == w.problem.steps[0].explanation
    type_in(w, 0, f"{old:.4f}")
    assert "✗" in box.feedback.value            # marked against the NEW problem
    type_in(w, 0, f"{w.problem.answers[0]:.4f}")
    assert "✓" in box.feedback.value
