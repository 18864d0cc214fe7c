"""The revision widgets: topic listings, the bank browser and the timed mock paper."""

import re

import pytest

from lessons_lib import pyq
from lessons_lib.widgets import bank_summary, mock_paper, pyq_browser, show_topic

pytestmark = pytest.mark.usefixtures("warnings_are_errors")


def markdown_of(output):
    return "".join(o["data"]["text/markdown"] for o in output.outputs)


def test_a_topic_listing_has_every_question_with_its_answer_folded_and_its_links():
    md = show_topic("backpropagation").data
    for e in pyq.select("backpropagation"):
        assert e.question in md and e.id in md
        assert all(pyq.link_label(link) in md for link in e.learn)
    assert ".ipynb#" not in md  # links work in Markdown cells only, not in outputs
    assert md.count("<details>") == len(pyq.select("backpropagation"))
    assert "No" in show_topic("chain-rule", marks=15).data
    with pytest.raises(ValueError, match="topic"):
        show_topic("physics")


@pytest.mark.parametrize("topic", list(pyq.TOPICS))
def test_each_model_answer_stays_folded_when_the_listing_is_rendered_for_print(topic):
    # The printed pack renders the listing with nbconvert (embed_images, as tools/build_html.py
    # does: it reparses each raw-HTML block, closing a <details> left open); each answer must
    # sit inside its fold.
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        f'show_topic("{topic}")', outputs=[nbformat.v4.new_output(
            "display_data", data={"text/markdown": show_topic(topic).data})])])
    page, _ = HTMLExporter(template_name="lab", embed_images=True).from_notebook_node(nb)
    folds = re.findall(r"<details>(.*?)</details>", page, re.S)
    assert len(folds) == len(pyq.select(topic))
    for fold, e in zip(folds, pyq.select(topic)):
        first = e.answer[0].name.capitalize()
        assert f"<strong>{first}.</strong>" in fold and "Conclusion." in fold, fold[:200]


def test_the_summary_counts_the_whole_bank():
    md = bank_summary().data
    assert f"**{len(pyq.load_bank())}**" in md
    assert all(title in md for title in pyq.TOPICS.values())


def test_the_browser_filters_by_topic_marks_and_kind():
    b = pyq_browser(topic="backpropagation", marks=10)
    want = pyq.select("backpropagation", 10)
    assert [c.entry for c in b.cards.children] == want and len(want) >= 1
    b.marks.value = "any"
    assert len(b.cards.children) == len(pyq.select("backpropagation"))
    b.topic.value, b.kind.value = "any", "numerical"
    assert all(c.entry.kind == "numerical" for c in b.cards.children)
    assert len(b.cards.children) == len(pyq.select(kind="numerical"))
    b.close()
    with pytest.raises(ValueError, match="marks"):
        pyq_browser(marks=7)


def test_a_card_reveals_its_model_answer_and_figure_on_demand():
    e = next(e for e in pyq.load_bank() if e.figure)
    b = pyq_browser(topic=e.topic)
    card = next(c for c in b.cards.children if c.entry == e)
    assert not card.shown and card.figure.value == b""
    assert e.question in markdown_of(card.question)
    assert all(p.text in markdown_of(card.answer) for p in e.answer)
    card.reveal.click()
    assert card.shown and bytes(card.figure.value).startswith(b"\x89PNG")
    assert card.reveal.description == "Hide model answer"
    card.reveal.click()
    assert not card.shown
    b.close()


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_mock_paper_is_drawn_with_its_seed_and_opens_the_answers_when_time_is_up():
    from lessons_lib.widgets.revision import MockPaper

    clock = FakeClock()
    paper = MockPaper(n=4, seed=7, clock=clock)
    assert [c.entry for c in paper.cards] == pyq.mock_paper(4, seed=7)
    assert paper.minutes == round(2.25 * paper.total)
    assert all(c.reveal.disabled and not c.shown for c in paper.cards)
    paper.start()  # no running event loop here: the test moves the clock
    clock.now += 61
    paper.tick()
    left = paper.minutes * 60 - 61
    assert f"{left // 60:02d}:{left % 60:02d} left" in paper.clock.value
    assert not paper.finished
    clock.now += paper.minutes * 60
    paper.tick()
    assert paper.finished and "Time is up" in paper.clock.value
    assert all(c.shown and not c.reveal.disabled for c in paper.cards)
    paper.close()


def test_finishing_early_shows_the_answers_and_bad_settings_are_refused():
    paper = mock_paper(n=3, seed=1, minutes=20)
    paper.start()
    paper.finish_button.click()
    assert paper.finished and "Finished" in paper.clock.value
    assert all(c.shown for c in paper.cards)
    paper.close()
    with pytest.raises(ValueError, match="minutes"):
        mock_paper(minutes=0)
    with pytest.raises(ValueError, match="whole number"):
        mock_paper(n=0)
