"""The PYQ bank: every entry valid, every link lands on a heading, every topic covered."""

import collections
import json

import pytest

from lessons_lib import pyq
from test_notebook_structure import anchors

BANK = pyq.load_bank()


def test_the_bank_has_at_least_30_questions_over_every_topic_and_kind():
    assert len(BANK) >= 30
    per_topic = collections.Counter(e.topic for e in BANK)
    assert set(per_topic) == set(pyq.TOPICS) and min(per_topic.values()) >= 3, per_topic
    assert {e.kind for e in BANK} == set(pyq.KINDS)
    assert {5, 10} <= {e.marks for e in BANK}


def test_the_source_texts_four_papers_are_in_the_bank_under_their_topics():
    for paper, topic in pyq.SEED_PAPERS.items():
        cited = [e for e in BANK if paper in e.papers]
        assert cited, f"no entry answers {paper}"
        assert all(e.topic == topic for e in cited), (paper, [e.id for e in cited])


@pytest.mark.parametrize("e", BANK, ids=lambda e: e.id)
def test_every_learn_link_lands_on_a_heading(e):
    for link in e.learn:
        stem, anchor = link.split(".ipynb#")
        assert anchor in anchors(stem), f"{e.id}: no heading #{anchor} in {stem}.ipynb"


def test_every_file_is_one_topic_and_ids_are_unique():
    for path in pyq.BANK_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert path.stem in pyq.TOPICS and data["topic"] == path.stem
    ids = [e.id for e in BANK]
    assert len(ids) == len(set(ids))


def test_answers_are_laid_out_the_way_marks_are_given():
    for e in BANK:
        names = [p.name for p in e.answer]
        assert names == sorted(names, key=pyq.PARTS.index)
        if e.kind == "diagram":
            assert e.figure is not None, e.id
        if e.marks >= 10:  # a 10-mark answer has room for a figure or worked steps
            assert {"figure", "steps"} & set(names), e.id


GOOD = {"id": "q-one", "question": "Define J.", "marks": 5, "kind": "theory",
        "topic": "loss-functions", "style": "SPPU", "learn": ["01_loss_functions.ipynb#Summary"],
        "answer": [{"part": "definition", "text": "d"}, {"part": "formula", "text": "f"},
                   {"part": "steps", "text": "s"}, {"part": "example", "text": "e"},
                   {"part": "conclusion", "text": "c"}]}


@pytest.mark.parametrize("change, match", [
    ({"id": "Bad Id"}, "id"),
    ({"marks": 50}, "marks"),
    ({"marks": True}, "marks"),
    ({"kind": "essay"}, "kind"),
    ({"topic": "physics"}, "topic"),
    ({"learn": ["somewhere.html"]}, "learn"),
    ({"papers": ["PYQ 9z 1999"]}, "unknown paper"),
    ({"answer": GOOD["answer"][::-1]}, "order"),
    ({"answer": GOOD["answer"][:2]}, "needs the parts"),
    ({"answer": GOOD["answer"][:2] + [{"part": "figure", "text": "t", "figure": "nope"}]
      + GOOD["answer"][3:]}, "unknown figure"),
    ({"answer": [{"part": "definition"}]}, "malformed"),
])
def test_malformed_entries_are_refused_with_a_reason(change, match):
    pyq.entry_from_dict(GOOD)
    with pytest.raises(ValueError, match=match):
        pyq.entry_from_dict({**GOOD, **change})


def test_select_and_mock_paper():
    assert all(e.topic == "chain-rule" and e.marks == 5 for e in pyq.select("chain-rule", 5))
    paper = pyq.mock_paper(5, seed=3)
    assert len(paper) == len({e.id for e in paper}) == 5
    assert paper == pyq.mock_paper(5, seed=3)
    assert len({e.topic for e in paper}) == 5  # a short paper spans five topics
    assert [e.marks for e in paper] == sorted((e.marks for e in paper), reverse=True)
    with pytest.raises(ValueError, match="only"):
        pyq.mock_paper(len(BANK) + 1)
    with pytest.raises(ValueError, match="topic"):
        pyq.select("physics")


def test_an_entry_written_out_has_its_question_links_and_every_part():
    e = pyq.entry("chain-rule-significance")
    md = pyq.to_markdown(e)
    assert e.question in md and "PYQ 2b 2024" in md and "03_chain_rule.ipynb#" in md
    assert all(p.text in md for p in e.answer)
    assert "Model answer" not in pyq.to_markdown(e, answer=False)
