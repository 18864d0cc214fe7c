"""The bank of past-year exam questions (PYQs) with model answers (pure Python).

Entries live as JSON in ``lessons_lib/content/pyq/<topic>.json``. Each entry is a question
in the style of Indian university papers, its marks, its kind, its topic, the notebook
sections that teach it, and a model answer laid out the way marks are given: an ordered
list of parts (``given`` for numericals, ``definition``, ``formula``, ``figure``, ``steps``,
``example``, ``conclusion``), each Markdown with $…$ maths. A ``figure`` part names one of
the labelled drawings in :data:`FIGURES` (drawn by ``plots.revision``).

``load_bank()`` reads and checks every file; ``select`` filters by topic, marks and kind;
``mock_paper`` draws a paper with a seed; ``to_markdown`` writes an entry out.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache

from .quiz import CONTENT

__all__ = ["TOPICS", "KINDS", "PARTS", "FIGURES", "SEED_PAPERS", "Part", "Entry", "load_bank",
           "entry", "select", "mock_paper", "to_markdown", "question_markdown", "answer_markdown", "link_label", "learn_links", "entry_from_dict", "BANK_DIR"]

BANK_DIR = CONTENT / "pyq"

TOPICS = {
    "loss-functions": "Loss functions",
    "gradient-descent": "Gradient descent and the learning rate",
    "batch-kinds": "Batch, stochastic and mini-batch gradient descent",
    "optimizers": "Momentum, RMSProp and Adam",
    "chain-rule": "The chain rule",
    "backpropagation": "Backpropagation",
    "training-loop": "The training loop",
    "vanishing-gradients": "Vanishing and exploding gradients",
}
KINDS = ("theory", "numerical", "diagram")
PARTS = ("given", "definition", "formula", "figure", "steps", "example", "conclusion")

# The parts a model answer must have, by kind (in PARTS order; others may be added).
REQUIRED = {
    "theory": ({"definition", "formula", "example", "conclusion"}, {"figure", "steps"}),
    "diagram": ({"definition", "figure", "steps", "conclusion"}, set()),
    "numerical": ({"given", "formula", "steps", "conclusion"}, set()),
}

# The labelled drawings a model answer can ask for (plots.revision draws each one).
FIGURES = {
    "gd_contour": "Gradient descent on the contours of J(w₁, w₂): start, steps along −∇J, minimum",
    "learning_rates": "J against the step for α too small, about right and too large",
    "gd_kinds": "Paths of batch, mini-batch and stochastic gradient descent on one contour plot",
    "momentum": "Plain gradient descent zig-zags across a ravine; momentum rolls along it",
    "regression_losses": "MSE, MAE and Huber loss against the error t − o",
    "cross_entropy": "Binary cross-entropy against the predicted probability, for t = 1 and t = 0",
    "network_221": "A 2-2-1 network: inputs, hidden and output units, weights wⱼᵢ and biases",
    "computational_graph": "A neuron as a computational graph with local derivatives on the edges",
    "training_loop": "Flowchart of the training loop (error back-propagation training algorithm)",
    "sigmoid_derivative": "The sigmoid σ(z) and its derivative σ′(z), at most 0.25",
    "vanishing": "Gradient size per layer in a deep sigmoid network against a ReLU network",
}

# The four references in the source text, and the question each one asks.
SEED_PAPERS = {
    "PYQ 3a May 2024": "training-loop",
    "PYQ 2b May 2023": "training-loop",
    "PYQ 3a 2022": "training-loop",
    "PYQ 2b 2024": "chain-rule",
}

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_LINK = re.compile(r"(0[0-6]_[a-z_]+)\.ipynb#(\S+)")


@dataclass(frozen=True)
class Part:
    """One part of a model answer: ``name`` in PARTS, ``text`` Markdown, and for a figure
    part the ``figure`` name (a key of FIGURES)."""

    name: str
    text: str
    figure: str | None = None


@dataclass(frozen=True)
class Entry:
    """One bank question. ``learn``: links "NN_stem.ipynb#Anchor" to the sections that
    teach it. ``papers``: the source text's references it is (e.g. "PYQ 2b 2024"), if any.
    ``style``: the university papers it is modelled on."""

    id: str
    question: str
    marks: int
    kind: str
    topic: str
    learn: tuple
    answer: tuple
    style: str
    papers: tuple = ()

    def __post_init__(self):
        def bad(why):
            raise ValueError(f"PYQ {self.id!r}: {why}")

        if not isinstance(self.id, str) or not _ID.fullmatch(self.id):
            bad("the id must be lower-case words joined by hyphens")
        if not self.question.strip():
            bad("the question is empty")
        if isinstance(self.marks, bool) or not isinstance(self.marks, int) or not 2 <= self.marks <= 15:
            bad(f"marks must be a whole number from 2 to 15, got {self.marks!r}")
        if self.kind not in KINDS:
            bad(f"kind must be one of {KINDS}, got {self.kind!r}")
        if self.topic not in TOPICS:
            bad(f"topic must be one of {sorted(TOPICS)}, got {self.topic!r}")
        if not self.learn or not all(_LINK.fullmatch(link) for link in self.learn):
            bad(f"learn must list links like '04_backpropagation.ipynb#3.-One-step', got {self.learn!r}")
        if not self.style.strip():
            bad("say whose papers the question is styled on")
        for paper in self.papers:
            if paper not in SEED_PAPERS:
                bad(f"unknown paper {paper!r}; the source text cites {sorted(SEED_PAPERS)}")
        names = [p.name for p in self.answer]
        if any(n not in PARTS for n in names):
            bad(f"answer parts must be among {PARTS}, got {names}")
        if len(set(names)) != len(names) or names != sorted(names, key=PARTS.index):
            bad(f"answer parts must appear once each, in the order {PARTS}; got {names}")
        must, one_of = REQUIRED[self.kind]
        if not must <= set(names) or (one_of and not one_of & set(names)):
            bad(f"a {self.kind} answer needs the parts {sorted(must)}"
                + (f" and one of {sorted(one_of)}" if one_of else "") + f"; it has {names}")
        for p in self.answer:
            if not p.text.strip():
                bad(f"the {p.name} part is empty")
            if (p.name == "figure") != (p.figure is not None):
                bad("a figure part (and only a figure part) names a drawing")
            if p.figure is not None and p.figure not in FIGURES:
                bad(f"unknown figure {p.figure!r}; there are: {', '.join(FIGURES)}")

    @property
    def figure(self) -> str | None:
        """The name of the drawing the answer uses, if any."""
        return next((p.figure for p in self.answer if p.figure), None)


def entry_from_dict(d: dict) -> Entry:
    """An Entry from its JSON form (answer: a list of {"part", "text"[, "figure"]})."""
    d = dict(d)
    try:
        d["answer"] = tuple(Part(p["part"], p["text"], p.get("figure")) for p in d["answer"])
        d["learn"] = tuple(d["learn"])
        d["papers"] = tuple(d.get("papers", ()))
        return Entry(**d)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"PYQ {d.get('id', '?')!r} is malformed: {exc}") from None


@lru_cache(maxsize=1)
def load_bank() -> tuple:
    """Every bank entry, checked, in topic order then file order."""
    entries = []
    for path in sorted(BANK_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for d in data["questions"]:
            e = entry_from_dict(d)
            if e.topic != path.stem:
                raise ValueError(f"{path.name}: PYQ {e.id!r} has topic {e.topic!r}")
            entries.append(e)
    ids = [e.id for e in entries]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise ValueError(f"PYQ ids repeat: {repeated}")
    order = list(TOPICS)
    return tuple(sorted(entries, key=lambda e: order.index(e.topic)))


def entry(pyq_id: str) -> Entry:
    """The entry with this id."""
    for e in load_bank():
        if e.id == pyq_id:
            return e
    raise ValueError(f"no PYQ with id {pyq_id!r}")


def select(topic: str | None = None, marks: int | None = None, kind: str | None = None) -> list:
    """Entries of a topic (a key of TOPICS), with these marks and of this kind; None means any."""
    if topic is not None and topic not in TOPICS:
        raise ValueError(f"topic must be one of {sorted(TOPICS)}, got {topic!r}")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    if marks is not None and (isinstance(marks, bool) or not isinstance(marks, int)):
        raise ValueError(f"marks must be a whole number, got {marks!r}")
    return [e for e in load_bank() if (topic is None or e.topic == topic)
            and (marks is None or e.marks == marks) and (kind is None or e.kind == kind)]


def mock_paper(n: int = 5, seed: int = 0, topics=None) -> list:
    """A mock paper: ``n`` different questions drawn with ``seed`` (from ``topics``, a list
    of TOPICS keys, or from all), spread over topics first, then by marks (10s first)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"a paper needs a whole number of questions n ≥ 1, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ValueError(f"seed must be a whole number, got {seed!r}")
    topics = list(TOPICS) if topics is None else list(topics)
    pool = [e for t in topics for e in select(topic=t)]
    if n > len(pool):
        raise ValueError(f"the bank has only {len(pool)} questions on these topics; ask for "
                         f"at most that many")
    rng = random.Random(seed)
    by_topic = {t: rng.sample(select(topic=t), len(select(topic=t))) for t in topics}
    picked, order = [], rng.sample(topics, len(topics))
    while len(picked) < n:  # one per topic in turn, so a short paper spans the course
        for t in order:
            if by_topic[t] and len(picked) < n:
                picked.append(by_topic[t].pop())
    return sorted(picked, key=lambda e: (-e.marks, list(TOPICS).index(e.topic)))


def question_markdown(e: Entry, *, heading: str | None = "###", links: bool = True) -> str:
    """The question as Markdown: a title (a Markdown heading of level ``heading``, or a bold
    line when None), marks, kind, the papers it answers, and where to learn it: links when
    ``links``, else the section names only (JupyterLab follows links between notebooks in
    Markdown cells, not in cell outputs, where they would open the raw file)."""
    title = f"{TOPICS[e.topic]}: `{e.id}`"
    title = f"{heading} {title}" if heading else f"**{title}**"
    tag = f"**[{e.marks} marks · {e.kind}]** " + (f"*{', '.join(e.papers)}* " if e.papers else "")
    learn = [f"[{link_label(link)}]({link})" if links else f"*{link_label(link)}*"
             for link in e.learn]
    return "\n".join([title, "", tag + e.question, "", "Learn it: " + " · ".join(learn)]) + "\n"


def learn_links(topic: str) -> list:
    """The sections that teach a topic's questions, in order of first mention."""
    return list(dict.fromkeys(link for e in select(topic) for link in e.learn))


def answer_markdown(e: Entry) -> str:
    """The model answer as Markdown, part by part (a figure part names its drawing)."""
    lines = []
    for p in e.answer:
        title = p.name.capitalize()
        if p.figure:
            title += f" ({FIGURES[p.figure]})"
        lines += [f"**{title}.** {p.text}", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(e: Entry, *, answer: bool = True, heading: str | None = "###") -> str:
    """The entry as Markdown: the question (see ``question_markdown``), then (if ``answer``)
    the model answer under "Model answer". Figures are named, not drawn."""
    md = question_markdown(e, heading=heading)
    return md + ("\n**Model answer**\n\n" + answer_markdown(e) if answer else "")


def link_label(link: str) -> str:
    """A link's label: "04_backpropagation.ipynb#3.-One-step" reads "04 § 3. One step"."""
    stem, anchor = link.split(".ipynb#")
    return f"{stem[:2]} § {anchor.replace('-', ' ')}"
