"""Fresh practice numericals: an exam-style problem from a seed, marked step by step.

``generate(kind, seed, **conventions)`` writes a new problem the way a university paper
asks it: a question in Markdown with $…$ maths, then the numbers you must find, one
``quiz.Question`` per step in solution order. Each step knows the classic slips: the
number a slip gives (a sign error, a missing ½, updating with the new weights…) is a
``quiz.Mistake`` with its own feedback. ``first_wrong_step`` tells you which step went
wrong and why, and ``Problem.solution`` is the full worked solution (for backpropagation,
``worked.backprop_step(...).to_markdown()``).

Kinds (``KINDS``): "backprop" (one step of backpropagation through a 2-2-1 or 2-2-2
network), "gradient_descent" (a few steps of gradient descent, or momentum, on a
quadratic), "loss" (MSE, MAE, Huber and binary cross-entropy of given predictions) and
"batch_vs_sgd" (one batch step against one epoch of SGD on a line ŷ = w x + b).
One seed gives one problem (``np.random.default_rng(seed)``); given numbers have 1–2
decimals, as on a paper. Answers are accepted within ``TOLERANCE`` of the exact value, so a
hand solution that rounds every intermediate to 4 decimals passes. What a student types
is parsed as a number by ``quiz.parse_number``, never evaluated.
Pure Python and numpy: no plotting, no widgets here.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

from . import activations as _acts
from . import losses as _losses
from . import markdown as _markdown
from . import quiz
from . import worked

__all__ = ["Problem", "KINDS", "CONVENTIONS", "TOLERANCE", "generate", "backprop_problem",
           "gd_problem", "loss_problem", "batch_vs_sgd_problem", "diagnose",
           "first_wrong_step"]

#: Absolute tolerance of a step: a hand solution that rounds each intermediate to 4
#: decimals stays within it (tests check this on many seeds), while the classic slips land
#: outside it (a slip closer than 1.5 tolerances to the answer is not listed). A step whose
#: hand value is more sensitive to rounding (a loss J of big errors) gets a wider one.
TOLERANCE = 3e-4
_DISTINCT = 1.5 * TOLERANCE


# --- the problem ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One generated exam problem.

    kind, seed: what made it (``generate(kind, seed, **conventions)`` makes it again).
    title: a short heading. marks: what a paper would give it.
    question: the question in Markdown with $…$ maths, as a paper prints it.
    steps: one numeric ``quiz.Question`` per number to find, in solution order; its
    ``mistakes`` are the numbers classic slips give, each with its feedback.
    labels: a short name of each step, e.g. "δ of the output unit $o_1$" (for diagnoses).
    solution: the full worked solution in Markdown.
    conventions: the settings used (loss, sign of δ, …). params: the numbers given.
    """

    kind: str
    seed: int
    title: str
    marks: int
    question: str
    steps: tuple
    labels: tuple
    solution: str
    conventions: dict
    params: dict

    @property
    def answers(self) -> tuple:
        """The exact answer of every step, in order."""
        return tuple(q.answer for q in self.steps)

    @property
    def answer_key(self) -> str:
        """Markdown: every step's answer to 4 decimals, in the problem's conventions."""
        rows = [f"| {i + 1} | {label} | {_r4(q.answer)} |"
                for i, (q, label) in enumerate(zip(self.steps, self.labels))]
        return "\n".join(["**Answers** (to 4 decimals)", "", "| Step | What | Answer |",
                          "|---|---|---|", *rows]) + "\n"


# --- small helpers -------------------------------------------------------------------------

def _g(v) -> str:
    """A given number as a paper prints it: 0.25, -0.3, 1."""
    return f"{float(v) + 0.0:.10g}"


def _r4(v) -> str:
    """A computed number to 4 decimals (written shorter when it is exactly shorter)."""
    v = float(v) + 0.0
    if float(f"{v:.10g}") == round(v, 4):
        return _g(v)
    return f"{v:.4f}"


def _sum_tex(values) -> str:
    """Numbers written as a sum a + b − c, each to 4 decimals."""
    out = _r4(values[0])
    for v in values[1:]:
        out += f" - {_r4(-v)}" if v < 0 else f" + {_r4(v)}"
    return out


def _sym(name: str) -> str:
    """A unit name as a TeX symbol: x1 → x_{1}, o2 → o_{2} (subscripts keep "h1" whole)."""
    return f"{name[0]}_{{{name[1:]}}}"


def _pick(rng, values):
    return values[int(rng.integers(len(values)))]


def _tenths(rng, lo: int, hi: int, nonzero: bool = True) -> float:
    """A number of tenths in [lo/10, hi/10], never 0 when ``nonzero``."""
    while True:
        k = int(rng.integers(lo, hi + 1))
        if k or not nonzero:
            return k / 10


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0 (0, 1, 2, …), got {seed!r}")
    return int(seed)


def _check_choice(value, name: str, allowed) -> object:
    if isinstance(value, bool) != isinstance(allowed[0], bool) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, "
                         f"got {value!r}")
    return value


def _step(pid: str, n: int, label: str, symbol: str, answer: float, explanation: str,
          slips, tol: float = TOLERANCE) -> quiz.Question:
    """Step n as a numeric Question with tolerance ``tol``. ``slips``: (value, feedback)
    pairs; a value too close to the answer (or not finite) is left out, and slips within
    the tolerance of each other are merged into one mistake whose feedback names both."""
    answer = float(answer)
    kept: list = []
    for value, feedback in slips:
        value = float(value)
        if not math.isfinite(value) or abs(value - answer) <= 1.5 * tol:
            continue
        for k in kept:
            if abs(k[0] - value) <= tol:
                if feedback not in k[1]:
                    k[1].append(feedback)
                break
        else:
            kept.append([value, [feedback]])
    mistakes = tuple(quiz.Mistake(v, " Another slip gives the same number: ".join(fb))
                     for v, fb in kept)
    name = label if symbol in label else f"{label}, {symbol}"   # "the error $J$" says it
    return quiz.Question(
        id=f"{pid}-step{n}", kind="numeric", prompt=f"<b>Step {n}:</b> {name} =",
        explanation=_markdown.to_html(explanation), answer=answer, tolerance=tol,
        mistakes=mistakes)


def _build(kind, seed, title, marks, question, entries, solution, conventions, params):
    """A Problem from ``entries``: (label, symbol, answer, explanation, slips[, tolerance])
    per step."""
    pid = f"{kind}-{seed}"
    steps = tuple(_step(pid, i + 1, *entry) for i, entry in enumerate(entries))
    labels = tuple(e[0] for e in entries)
    return Problem(kind, seed, title, marks, question, steps, labels, solution,
                   dict(conventions), params)


# --- backpropagation ------------------------------------------------------------------------

_TARGETS = {"sigmoid": (0.0, 0.1, 0.2, 0.8, 0.9, 1.0),
            "bipolar_sigmoid": (-1.0, -0.8, -0.5, 0.5, 0.8, 1.0)}
_RATES = (0.25, 0.5, 0.6, 0.8, 0.9)
_F_TEX = {"sigmoid": r"the binary sigmoid $f(z) = \dfrac{1}{1 + e^{-z}}$",
          "bipolar_sigmoid": r"the bipolar sigmoid $f(z) = \dfrac{2}{1 + e^{-z}} - 1$"}
_FP_TEX = {"sigmoid": r"f'(z) = a(1 - a)", "bipolar_sigmoid": r"f'(z) = \tfrac12(1 - a^2)"}
_J_TEX = {"half_sse": r"J = \tfrac12\sum_k (t_k - o_k)^2", "sse": r"J = \sum_k (t_k - o_k)^2"}


def _bp_numbers(W1, b1, W2, b2, x, t, lr, act, loss, slip=""):
    """Every number of one backprop step (δ = ∂J/∂z), with at most one classic ``slip``.

    W1 ``(2, 2)``, b1 ``(2,)``, W2 ``(K, 2)``, b2 ``(K,)``, x ``(2,)``, t ``(K,)``.
    Returns a dict: a_h, o ``(K,)``, J, d_o ``(K,)``, d_h ``(2,)``, W2n, b2n, W1n, b1n.
    Forward slips (no_bias_hidden, no_bias_out, z_for_a, wrong_sigmoid) change only the
    numbers they name; the others change everything they feed.
    """
    f = _acts.get(act)
    other = _acts.get("bipolar_sigmoid" if act == "sigmoid" else "sigmoid")
    z1 = W1 @ x + b1
    a1 = f(z1)
    z2 = W2 @ a1 + b2
    o = f(z2)
    out = {"a_h": a1, "o": o}
    if slip == "no_bias_hidden":
        out["a_h"] = f(W1 @ x)
    elif slip == "no_bias_out":
        out["o"] = f(W2 @ a1)
    elif slip == "z_for_a":
        out["a_h"], out["o"] = z1, z2
    elif slip == "wrong_sigmoid":
        out["a_h"], out["o"] = other(z1), other(z2)
    half = (loss == "half_sse") != (slip == "other_loss")
    out["J"] = float((0.5 if half else 1.0) * np.sum((t - o) ** 2))
    if slip == "no_square":
        out["J"] = float((0.5 if half else 1.0) * np.sum(np.abs(t - o)))
    dJ_do = (1.0 if half else 2.0) * (o - t)
    fp2, fp1 = f.derivative(z2, o), f.derivative(z1, a1)
    if slip == "tanh_fprime":                 # 1 − a² for the bipolar sigmoid: no ½
        fp2, fp1 = 2 * fp2, 2 * fp1
    d_o = dJ_do if slip == "no_fprime_out" else dJ_do * fp2
    step = 1.0 if slip == "update_sign" else -1.0
    W2n = W2 + step * lr * np.outer(d_o, x if slip == "x_for_h" else a1)
    b2n = b2 + step * lr * d_o
    W_back = W2n if slip == "sequential" else W2
    d_h = (W_back.T @ d_o) * (1.0 if slip == "no_fprime_hidden" else fp1)
    W1n = W1 + step * lr * np.outer(d_h, a1 if slip == "a_for_x" else x)
    b1n = b1 + step * lr * d_h
    if slip == "bias_not_updated":
        b2n, b1n = b2.copy(), b1.copy()
    out.update(d_o=d_o, d_h=d_h, W2n=W2n, b2n=b2n, W1n=W1n, b1n=b1n)
    return out


_BP_SLIPS = ("no_bias_hidden", "no_bias_out", "z_for_a", "wrong_sigmoid", "other_loss",
             "no_square", "tanh_fprime", "no_fprime_out", "no_fprime_hidden", "delta_sign", "update_sign",
             "x_for_h", "a_for_x", "sequential", "bias_not_updated")


def _bp_feedback(slip: str, what: str, conv: dict) -> str:
    """What slip ``slip`` means, said for a step of kind ``what`` ("a_h", "o", "J", "d_o",
    "d_h", "w_out", "b_out", "w_hid", "b_hid")."""
    half = conv["loss"] == "half_sse"
    plus = conv["delta_sign"] == "t-o"
    act = conv["activation"]
    rule = "w ← w + α δ a" if plus else "w ← w − α δ a"
    if slip == "no_bias_hidden" or slip == "no_bias_out":
        return ("you left out the bias: the net input is z = Σ w·(input) + b, and the bias "
                "counts like a weight on a constant input 1.")
    if slip == "z_for_a":
        return ("this is the net input z; the unit's output is a = f(z), so put z through "
                "the activation.")
    if slip == "wrong_sigmoid":
        return ("you used the bipolar sigmoid 2/(1 + e^(−z)) − 1; this question uses the "
                "binary sigmoid 1/(1 + e^(−z))." if act == "sigmoid" else
                "you used the binary sigmoid 1/(1 + e^(−z)); this question uses the bipolar "
                "sigmoid 2/(1 + e^(−z)) − 1.")
    if slip == "other_loss":
        if what == "J":
            return ("you left out the ½: this question's error is J = ½Σ(t − o)²." if half
                    else "you put in a ½: this question's error is J = Σ(t − o)², with no ½.")
        return ("you used ∂J/∂o = 2(o − t), the slope of Σ(t − o)²; with the ½ in this J the 2 "
                "cancels, so ∂J/∂o = o − t." if half else
                "you used ∂J/∂o = o − t, but this J = Σ(t − o)² has no ½, so ∂J/∂o = 2(o − t).")
    if slip == "no_square":
        return "you forgot to square the errors: J adds up (t − o)², not |t − o|."
    if slip == "tanh_fprime":
        return ("you used f′(z) = 1 − a², the slope of tanh; the bipolar sigmoid's slope is "
                "f′(z) = ½(1 − a²).")
    if slip == "no_fprime_out":
        fp = "o(1 − o)" if act == "sigmoid" else "½(1 − o²)"
        if what == "d_o":
            return (f"you left out f′(z) of the output unit: δ multiplies the error by the "
                    f"activation's slope, f′(z) = {fp}.")
        return (f"your δ of the output unit leaves out its f′(z) = {fp}; every later number "
                f"carries that slip.")
    if slip == "no_fprime_hidden":
        fp = "a_h(1 − a_h)" if act == "sigmoid" else "½(1 − a_h²)"
        return (f"you left out f′(z) of the hidden unit: δ_h = f′(z_h) Σ_k w_kh δ_k, with "
                f"f′(z_h) = {fp}.")
    if slip == "delta_sign":
        return ("the sign of δ is flipped: this question takes δ = −∂J/∂z, which for an "
                "output unit is (t − o) f′(z) (positive when the output is too small)."
                if plus else
                "the sign of δ is flipped: this question takes δ = ∂J/∂z, which for an output "
                "unit is (o − t) f′(z) (positive when the output is too big).")
    if slip == "update_sign":
        return (f"the update went the wrong way: with this question's δ the rule is {rule}, "
                f"which moves every weight downhill on J (check the sign of δ too)."
                if plus else
                f"you moved uphill (w + α ∂J/∂w): gradient descent subtracts, {rule} with "
                f"δ = ∂J/∂z.")
    if slip == "x_for_h":
        return ("you multiplied δ by the network input x; the input of an output weight "
                "w_{o,h} is the hidden unit's output a_h.")
    if slip == "a_for_x":
        return ("you multiplied δ by a hidden output a_h; the input of a hidden weight "
                "w_{h,x} is the network input x.")
    if slip == "sequential":
        return ("you computed δ of the hidden unit with the NEW output weights; every "
                "gradient of one step uses the weights from before the step (a "
                "simultaneous update).")
    if slip == "bias_not_updated":
        return (f"you left the bias as it was; here biases are updated like weights on a "
                f"constant input 1: b ← b {'+' if plus else '−'} α δ.")
    raise AssertionError(slip)


def _weights_table(names_in, names_out, W, b) -> list[str]:
    head = "| into | " + " | ".join(f"from ${_sym(n)}$" for n in names_in) + " | bias |"
    rows = ["|---" * (len(names_in) + 2) + "|"]
    for j, n in enumerate(names_out):
        cells = [f"$w_{{{n},{m}}} = {_g(W[j, i])}$" for i, m in enumerate(names_in)]
        rows.append(f"| ${_sym(n)}$ | " + " | ".join(cells) + f" | $b_{{{n}}} = {_g(b[j])}$ |")
    return [head, *rows]


def backprop_problem(seed, *, outputs=1, loss="half_sse", update_biases=True,
                     delta_sign="dJ/dz", activation="sigmoid") -> Problem:
    """One step of backpropagation through a 2-2-1 (``outputs=1``) or 2-2-2 network.

    loss: "half_sse" (J = ½Σ(t − o)²) or "sse" (J = Σ(t − o)²). update_biases: True
    (biases learn like weights on an input 1) or False (held fixed). delta_sign: "dJ/dz"
    (δ = ∂J/∂z, w ← w − α δ a) or "t-o" (δ = −∂J/∂z = (t − o) f′(z) for half_sse,
    w ← w + α δ a): the same new weights, opposite δ. activation: "sigmoid" (binary) or
    "bipolar_sigmoid", in every unit. Steps: hidden outputs, output(s), J, output δ(s),
    hidden δs, the new weights (and biases) into every output unit and into one hidden
    unit. The solution is ``worked.backprop_step(...).to_markdown()``.
    """
    seed = _check_seed(seed)
    outputs = _check_choice(outputs, "outputs", (1, 2))
    loss = _check_choice(loss, "loss", ("half_sse", "sse"))
    update_biases = _check_choice(update_biases, "update_biases", (True, False))
    delta_sign = _check_choice(delta_sign, "delta_sign", ("dJ/dz", "t-o"))
    activation = _check_choice(activation, "activation", ("sigmoid", "bipolar_sigmoid"))
    conv = dict(outputs=outputs, loss=loss, update_biases=update_biases,
                delta_sign=delta_sign, activation=activation)
    rng = np.random.default_rng(seed)
    K = outputs
    bipolar = activation == "bipolar_sigmoid"

    def draw():
        x = np.array([_tenths(rng, -10 if bipolar else 1, 10) for _ in range(2)])
        W1 = np.array([[_tenths(rng, -10, 10) for _ in range(2)] for _ in range(2)])
        b1 = np.array([_tenths(rng, -5, 5) for _ in range(2)])
        W2 = np.array([[_tenths(rng, -10, 10) for _ in range(2)] for _ in range(K)])
        b2 = np.array([_tenths(rng, -5, 5) for _ in range(K)])
        t = np.array([_pick(rng, _TARGETS[activation]) for _ in range(K)])
        return x, W1, b1, W2, b2, t, _pick(rng, _RATES), int(rng.integers(2))

    def score(x, W1, b1, W2, b2, t, lr, j):
        """How many of the key slips a student could be told apart on (higher: better);
        None when the problem is unfit (tiny error terms)."""
        right = _bp_numbers(W1, b1, W2, b2, x, t, lr, activation, loss)
        if np.min(np.abs(right["d_o"])) < 0.01 or np.min(np.abs(right["d_h"])) < 0.004 \
                or np.min(np.abs(t - right["o"])) < 0.1:
            return None
        seq = _bp_numbers(W1, b1, W2, b2, x, t, lr, activation, loss, "sequential")
        return int(abs(seq["d_h"][j] - right["d_h"][j]) > 2 * _DISTINCT) \
            + int(abs(seq["W1n"][j, 0] - right["W1n"][j, 0]) > 2 * _DISTINCT)

    best, tries = None, 0         # the best of ~20 draws (deterministic for a seed)
    while best is None or (best[0] < 2 and tries < 20):
        cand = draw()
        tries += 1
        s = score(*cand)
        if s is not None and (best is None or s > best[0]):
            best = (s, cand)
    x, W1, b1, W2, b2, t, lr, j = best[1]

    report = worked.backprop_step([W1, W2], [b1, b2], x, t, lr=lr, activation=activation,
                                  loss=loss, update_biases=update_biases)
    names = worked.unit_names([2, 2, K])
    xs, hs, os_ = names
    hj = hs[j]
    sign = -1.0 if delta_sign == "t-o" else 1.0
    worlds = {s: _bp_numbers(W1, b1, W2, b2, x, t, lr, activation, loss, s) for s in _BP_SLIPS
              if s != "tanh_fprime" or bipolar}
    right = _bp_numbers(W1, b1, W2, b2, x, t, lr, activation, loss)

    def slips(what, get):
        """(value, feedback) of every slip for a step: get(world numbers) → the value."""
        out = []
        for s, nums in worlds.items():
            if s == "delta_sign":
                if what in ("d_o", "d_h"):
                    out.append((-get(right), _bp_feedback(s, what, conv)))
                continue
            if s == "bias_not_updated" and what not in ("b_out", "b_hid"):
                continue
            if s == "update_sign" and what in ("d_o", "d_h"):
                continue
            out.append((get(nums), _bp_feedback(s, what, conv)))
        return out

    fp_name = "a(1 − a)" if not bipolar else "½(1 − a²)"
    entries = []
    for i, h in enumerate(hs):
        zt = " + ".join(f"({_g(W1[i, k])})({_g(x[k])})" for k in range(2))
        entries.append((
            f"output of hidden unit ${_sym(h)}$", f"$a_{{{h}}}$", report.a[0][i],
            f"$z_{{{h}}} = {zt} + ({_g(b1[i])}) = {_r4(report.z[0][i])}$, so "
            f"$a_{{{h}}} = f(z_{{{h}}}) = {_r4(report.a[0][i])}$.",
            slips("a_h", lambda n, i=i: n["a_h"][i])))
    for k, o in enumerate(os_):
        zt = " + ".join(f"({_g(W2[k, i])})({_r4(report.a[0][i])})" for i in range(2))
        entries.append((
            f"network output ${_sym(o)}$" if K == 1 else f"output of unit ${_sym(o)}$",
            f"${_sym(o)}$",
            report.a[1][k],
            f"$z_{{{o}}} = {zt} + ({_g(b2[k])}) = {_r4(report.z[1][k])}$, so "
            f"${_sym(o)} = f(z_{{{o}}}) = {_r4(report.a[1][k])}$.",
            slips("o", lambda n, k=k: n["o"][k])))
    jt = " + ".join(f"({_g(t[k])} - {_r4(report.a[1][k])})^2" for k in range(K))
    half_tex = r"\tfrac12" if loss == "half_sse" else ""
    entries.append((
        "the error $J$", "$J$", report.loss,
        f"${_J_TEX[loss]} = {half_tex}[{jt}] = "
        f"{_r4(report.loss)}$.",
        slips("J", lambda n: n["J"]),
        # each o is off by up to ~1e-4 in a hand solution, and J moves by ∂J/∂o times that
        TOLERANCE + 1.5e-4 * float(np.sum(np.abs(report.dJ_do)))))
    d_word = r"\delta = -\partial J/\partial z" if sign < 0 else r"\delta = \partial J/\partial z"
    for k, o in enumerate(os_):
        d = sign * report.delta[1][k]
        entries.append((
            f"error term δ of the output unit ${_sym(o)}$", f"$\\delta_{{{o}}}$", d,
            f"With ${d_word}$: $\\delta_{{{o}}} = "
            f"{'-' if sign < 0 else ''}\\partial J/\\partial {_sym(o)} \\cdot f'(z_{{{o}}}) = "
            f"{'-' if sign < 0 else ''}({_r4(report.dJ_do[k])})({_r4(report.f_prime[1][k])}) "
            f"= {_r4(d)}$, where $f' = {fp_name.replace('a', o)}$.",
            slips("d_o", lambda n, k=k: sign * n["d_o"][k])))
    for i, h in enumerate(hs):
        d = sign * report.delta[0][i]
        st = " + ".join(f"({_g(W2[k, i])})({_r4(sign * report.delta[1][k])})" for k in range(K))
        entries.append((
            f"error term δ of the hidden unit ${_sym(h)}$", f"$\\delta_{{{h}}}$", d,
            f"$\\delta_{{{h}}} = f'(z_{{{h}}}) \\sum_k w_{{k,{h}}} \\delta_k = "
            f"({_r4(report.f_prime[0][i])})[{st}] = {_r4(d)}$ (old weights).",
            slips("d_h", lambda n, i=i: sign * n["d_h"][i])))
    op = "+" if sign < 0 else "-"
    for k, o in enumerate(os_):
        for i, h in enumerate(hs):
            entries.append((
                f"new weight $w_{{{o},{h}}}$", f"$w_{{{o},{h}}}$", report.new_W[1][k, i],
                f"$w_{{{o},{h}}} \\leftarrow {_g(W2[k, i])} {op} {_g(lr)} \\times "
                f"({_r4(sign * report.delta[1][k])})({_r4(report.a[0][i])}) = "
                f"{_r4(report.new_W[1][k, i])}$.",
                slips("w_out", lambda n, k=k, i=i: n["W2n"][k, i])))
        if update_biases:
            entries.append((
                f"new bias $b_{{{o}}}$", f"$b_{{{o}}}$", report.new_b[1][k],
                f"$b_{{{o}}} \\leftarrow {_g(b2[k])} {op} {_g(lr)} \\times "
                f"({_r4(sign * report.delta[1][k])}) = {_r4(report.new_b[1][k])}$.",
                slips("b_out", lambda n, k=k: n["b2n"][k])))
    for i, xn in enumerate(xs):
        entries.append((
            f"new weight $w_{{{hj},{xn}}}$", f"$w_{{{hj},{xn}}}$", report.new_W[0][j, i],
            f"$w_{{{hj},{xn}}} \\leftarrow {_g(W1[j, i])} {op} {_g(lr)} \\times "
            f"({_r4(sign * report.delta[0][j])})({_g(x[i])}) = {_r4(report.new_W[0][j, i])}$.",
            slips("w_hid", lambda n, i=i: n["W1n"][j, i])))
    if update_biases:
        entries.append((
            f"new bias $b_{{{hj}}}$", f"$b_{{{hj}}}$", report.new_b[0][j],
            f"$b_{{{hj}}} \\leftarrow {_g(b1[j])} {op} {_g(lr)} \\times "
            f"({_r4(sign * report.delta[0][j])}) = {_r4(report.new_b[0][j])}$.",
            slips("b_hid", lambda n: n["b1n"][j])))

    net = f"2-2-{K}"
    tgt = ", ".join(f"$t_{{{o}}} = {_g(t[k])}$" for k, o in enumerate(os_))
    if sign > 0:
        conv_text = (r"Take the error term of a unit as $\delta = \partial J/\partial z$, so "
                     r"the update reads $w \leftarrow w - \alpha\,\delta\,a$ (where $a$ is the "
                     r"input the weight multiplies).")
    else:
        out_delta = "(t - o)\\,f'(z)" if loss == "half_sse" else "2(t - o)\\,f'(z)"
        conv_text = (rf"Take the error term as $\delta = -\partial J/\partial z$, i.e. "
                     rf"$\delta = {out_delta}$ for an output unit and "
                     rf"$\delta_j = f'(z_j)\sum_k w_{{kj}}\delta_k$ for a hidden one, so the "
                     r"update reads $w \leftarrow w + \alpha\,\delta\,a$.")
    biases = ("The biases are updated like weights (on a constant input 1)." if update_biases
              else "The biases are held fixed (not updated).")
    find_b = " and bias" if update_biases else ""
    q = [
        f"**Q.** A {net} feed-forward network has inputs ${_sym(xs[0])}, {_sym(xs[1])}$, hidden "
        f"units ${_sym(hs[0])}, {_sym(hs[1])}$ and output unit{'s' if K > 1 else ''} "
        f"${', '.join(map(_sym, os_))}$; its "
        f"weights and biases are in the tables below ($w_{{j,i}}$ is the weight from unit "
        f"$i$ into unit $j$). The input pattern is ${_sym(xs[0])} = {_g(x[0])}$, "
        f"${_sym(xs[1])} = {_g(x[1])}$ with target {tgt}. Every unit uses {_F_TEX[activation]}, "
        f"the learning rate is $\\alpha = {_g(lr)}$ and the error is ${_J_TEX[loss]}$. "
        f"{conv_text} {biases}",
        "",
        f"Find, after one iteration of back-propagation: (a) the outputs of the hidden "
        f"units; (b) the network output{'s' if K > 1 else ''}; (c) the error $J$; (d) the "
        f"error terms $\\delta$ of every unit; (e) the new weights{find_b} into "
        f"${', '.join(map(_sym, os_))}$ and into ${_sym(hj)}$. Give each answer to 4 decimals. "
        f"*(10 marks)*",
        "",
        *_weights_table(xs, hs, W1, b1),
        "",
        *_weights_table(hs, os_, W2, b2),
    ]
    params = {"x": x.tolist(), "target": t.tolist(), "lr": float(lr),
              "weights": [W1.tolist(), W2.tolist()], "biases": [b1.tolist(), b2.tolist()],
              "hidden_unit_asked": hj}
    return _build("backprop", seed, f"Backpropagation: one step through a {net} network",
                  10, "\n".join(q) + "\n", entries, report.to_markdown(), conv, params)


# --- gradient descent and momentum ----------------------------------------------------------

# (a, rates that converge without overshoot, rates that overshoot) for f(w) = a(w − c)² + d:
# each step multiplies w − c by r = 1 − 2aα.
_GD_SHAPES = {0.5: ((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8), (1.2, 1.5, 1.8, 2.2, 2.5)),
              1.0: ((0.05, 0.1, 0.2, 0.25, 0.3, 0.4), (0.6, 0.7, 0.8, 0.9, 1.1, 1.2)),
              2.0: ((0.05, 0.1, 0.15, 0.2), (0.3, 0.35, 0.4, 0.6))}


def _gd_path(grad, w0, lr, steps, beta=0.0, ema=False, stale=False):
    """Positions w_1 … w_steps (and velocities v_1 … v_steps) of gradient descent with
    momentum: v ← βv + g (ema: v ← βv + (1 − β)g), w ← w − αv; stale: each step takes the
    gradient at the point before the last one (the first step at w_0)."""
    ws, vs = [], []
    w, v, prev = w0, 0.0, w0
    for _ in range(steps):
        g = grad(prev if stale else w)
        v = beta * v + ((1 - beta) * g if ema else g)
        prev = w
        w = w - lr * v
        ws.append(w)
        vs.append(v)
    return ws, vs


def gd_problem(seed, *, momentum=0.0, steps=3) -> Problem:
    """A few steps of gradient descent on f(w) = a(w − c)² + d (given as it is or
    multiplied out), from a given w₀.

    momentum=0: two learning rates, one that creeps to the minimum and one that
    overshoots (oscillates, and may diverge); steps: w₁ … w_steps for each, then the
    factor r = 1 − 2aα by which each step multiplies w − c (the observation: r < 0
    oscillates, |r| > 1 diverges). momentum=β (0 < β < 1): one learning rate, the
    velocity and position of every step with v ← βv + f′(w), w ← w − αv (v₀ = 0), then
    f(w_steps). steps: 1 to 5.
    """
    seed = _check_seed(seed)
    if isinstance(momentum, bool) or not isinstance(momentum, numbers.Real) \
            or not 0 <= momentum < 1:
        raise ValueError(f"momentum β must be a number with 0 ≤ β < 1 (0: plain gradient "
                         f"descent), got {momentum!r}")
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) \
            or not 1 <= steps <= 5:
        raise ValueError(f"steps must be a whole number from 1 to 5, got {steps!r}")
    beta, steps = float(momentum), int(steps)
    rng = np.random.default_rng(seed)
    a = _pick(rng, tuple(_GD_SHAPES))
    slow, fast = _GD_SHAPES[a]
    c = _tenths(rng, -20, 30, nonzero=False)
    d = float(rng.integers(0, 6))
    w0 = round(c + _pick(rng, (-1, 1)) * _tenths(rng, 10, 40), 1)
    expanded = bool(rng.integers(2)) and c == int(c)   # multiplied out when it stays tidy
    lr1, lr2 = _pick(rng, slow), _pick(rng, fast)
    if beta > 0:                      # momentum speeds up: keep α in the slow range
        lr2 = None

    def fval(w):
        return a * (w - c) ** 2 + d

    def grad(w):
        return 2 * a * (w - c)

    B, E = -2 * a * c, a * c * c + d          # f = a w² + B w + E
    lead = _g(a) if a != 1 else ""

    def signed(v, unit=""):
        return f" {'+' if v > 0 else '-'} {_g(abs(v))}{unit}" if v else ""

    if expanded or not c:
        ftex = f"f(w) = {lead}w^2{signed(B, 'w')}{signed(E)}"
        fp_tex = f"f'(w) = {_g(2 * a)}w{signed(B)}"
    else:
        shift = f"w{signed(-c)}"
        ftex = f"f(w) = {lead}({shift})^2{signed(d)}"
        fp_tex = f"f'(w) = {_g(2 * a)}({shift})"

    def slip_paths(lr):
        """(name, positions, velocities) of each slip, every step made with that slip."""
        out = [("sign", *_gd_path(lambda w: -grad(w), w0, lr, steps, beta)),
               ("no2", *_gd_path(lambda w: grad(w) / 2, w0, lr, steps, beta)),
               ("f_not_fprime", *_gd_path(fval, w0, lr, steps, beta)),
               ("stale", *_gd_path(grad, w0, lr, steps, beta, stale=True))]
        if expanded and B:
            out.append(("no_linear", *_gd_path(lambda w: 2 * a * w, w0, lr, steps, beta)))
        if beta:
            out += [("no_beta", *_gd_path(grad, w0, lr, steps)),
                    ("ema", *_gd_path(grad, w0, lr, steps, beta, ema=True))]
        return out

    feedback = {
        "sign": "you stepped uphill (w + α f′(w)): gradient descent subtracts the slope, "
                "w ← w − α f′(w).",
        "no2": "you left out the 2 of the derivative: the slope of a(w − c)² is 2a(w − c).",
        "f_not_fprime": "you used the value f(w) in the update; the step uses the slope "
                        "f′(w).",
        "stale": "you reused the slope of the point before; take f′ afresh at the point you "
                 "have just reached.",
        "no_linear": "your f′(w) has no constant term: the slope of the linear term "
                     f"{_g(B)}w is {_g(B)}.",
        "no_beta": "you left out βv: with momentum the velocity keeps β times the last one, "
                   "v ← βv + f′(w).",
        "ema": "you used v ← βv + (1 − β)f′(w) (the averaged form); this question says "
               "v ← βv + f′(w).",
    }
    entries = []
    mom = (f" with momentum: $v \\leftarrow \\beta v + f'(w)$, $w \\leftarrow w - \\alpha v$, "
           f"$\\beta = {_g(beta)}$, $v_0 = 0$" if beta else "")
    rates = [lr1] if beta else [lr1, lr2]
    sol = ["### Worked solution", "",
           f"The slope is ${fp_tex}$. The minimum is at $w = {_g(c)}$, where $f = {_g(d)}$.",
           ""]
    for lr in rates:
        ws, vs = _gd_path(grad, w0, lr, steps, beta)
        others = slip_paths(lr)
        sol.append(f"**With $\\alpha = {_g(lr)}$**" + (f" and $\\beta = {_g(beta)}$" if beta
                                                       else "") + ":")
        sol.append("")
        prev_w, prev_v = w0, 0.0
        for k in range(steps):
            g = grad(prev_w)
            if beta:
                expl_v = (f"$v_{k + 1} = \\beta v_{k} + f'(w_{k}) = {_g(beta)} \\times "
                          f"({_r4(prev_v)}) + ({_r4(g)}) = {_r4(vs[k])}$")
                entries.append((f"velocity after step {k + 1}", f"$v_{k + 1}$", vs[k],
                                expl_v + ".",
                                [(p[2][k], feedback[p[0]]) for p in others]))
                expl_w = (f"$w_{k + 1} = w_{k} - \\alpha v_{k + 1} = {_r4(prev_w)} - "
                          f"{_g(lr)} \\times ({_r4(vs[k])}) = {_r4(ws[k])}$")
                sol += [f"- {expl_v}", f"- {expl_w}"]
            else:
                expl_w = (f"$w_{k + 1} = w_{k} - \\alpha f'(w_{k}) = {_r4(prev_w)} - "
                          f"{_g(lr)} \\times ({_r4(g)}) = {_r4(ws[k])}$")
                sol.append(f"- {expl_w}")
            where = f" (α = {_g(lr)})" if not beta else ""
            entries.append((f"$w_{k + 1}$ after step {k + 1}{where}", f"$w_{k + 1}$", ws[k],
                            expl_w + ".", [(p[1][k], feedback[p[0]]) for p in others]))
            prev_w, prev_v = ws[k], vs[k]
        sol.append("")
    if beta:
        w_end = _gd_path(grad, w0, lr1, steps, beta)[0][-1]
        f_end = fval(w_end)
        slips = [(fval(p[1][-1]), feedback[p[0]]) for p in slip_paths(lr1)]
        slips.append((grad(w_end), "this is the slope f′(w) at the last point; the question "
                                   "asks for the value f(w)."))
        expl = (f"$f(w_{steps}) = f({_r4(w_end)}) = {_r4(f_end)}$, down from "
                f"$f(w_0) = {_r4(fval(w0))}$.")
        entries.append((f"the value $f(w_{steps})$ at the end", f"$f(w_{steps})$", f_end,
                        expl, slips))
        plain = _gd_path(grad, w0, lr1, steps)[0][-1]
        sol += [f"- {expl}", "",
                f"**Observation.** Without momentum the same α reaches $w_{steps} = "
                f"{_r4(plain)}$ ($f = {_r4(fval(plain))}$). The velocity keeps part of every "
                f"earlier slope, so steps that point the same way add up and the walk "
                f"{'gets further' if abs(w_end - c) < abs(plain - c) else 'overshoots'}: "
                f"{_r4(abs(w_end - c))} from the minimum against {_r4(abs(plain - c))}."]
        title, marks = "Gradient descent with momentum", 8
        find = (f"the velocity $v_k$ and the position $w_k$ after each of the first {steps} "
                f"steps, and the value $f(w_{steps})$.")
    else:
        r1, r2 = 1 - 2 * a * lr1, 1 - 2 * a * lr2
        verdict = ("oscillates about the minimum and dies away" if abs(r2) < 1 else
                   "oscillates with a constant size" if abs(r2) == 1 else
                   "oscillates and grows: it diverges")
        expl = (f"Each step multiplies $w - {_g(c)}$ by $1 - 2a\\alpha = 1 - 2 \\times {_g(a)} "
                f"\\times {_g(lr2)} = {_r4(r2)}$: negative, so every step jumps over the "
                f"minimum; {'smaller' if abs(r2) < 1 else 'not smaller'} than 1 in size, so "
                f"the walk {verdict}.")
        entries.append((f"the factor by which each step multiplies $w - {_g(c)}$ "
                        f"(α = {_g(lr2)})", "$r$", r2, expl,
                        [(1 - a * lr2, feedback["no2"]),
                         (1 + 2 * a * lr2, feedback["sign"]),
                         (2 * a * lr2, "this is 2aα, the size of the step as a fraction of "
                                       "w − c; the factor left after it is 1 − 2aα.")]))
        sol += ["**Observations.**", "",
                f"- With $\\alpha = {_g(lr1)}$ each step multiplies $w - {_g(c)}$ by "
                f"$1 - 2a\\alpha = {_r4(r1)}$: between 0 and 1, so $w$ creeps to the minimum "
                f"from one side and never overshoots (slow but safe).",
                f"- {expl}",
                "- Why: on a quadratic, $w_{k+1} - c = (1 - 2a\\alpha)(w_k - c)$. The walk "
                f"converges only when $|1 - 2a\\alpha| < 1$, i.e. $\\alpha < 1/a = "
                f"{_g(1 / a)}$, and never overshoots when $\\alpha \\le 1/(2a) = "
                f"{_g(1 / (2 * a))}$.",
                "- On a non-convex function the same α can behave differently in different "
                "places: the slope, not α alone, sets the step."]
        title, marks = "Gradient descent with two learning rates", 10
        find = (f"$w_1, \\dots, w_{steps}$ for each learning rate, then the factor $r$ by "
                f"which a step with $\\alpha = {_g(lr2)}$ multiplies the distance "
                f"$w - {_g(c)}$ to the minimum. Make observations: which rate converges, "
                f"which oscillates or diverges, and why?")
    rate_text = (f"$\\alpha = {_g(lr1)}$" if beta else
                 f"$\\alpha = {_g(lr1)}$ and, separately, $\\alpha = {_g(lr2)}$")
    question = (f"**Q.** Minimise ${ftex}$ by gradient descent{mom}, starting from "
                f"$w_0 = {_g(w0)}$ with {rate_text}. The update is "
                f"$w \\leftarrow w - \\alpha\\, f'(w)$" + (" with $f'$ replaced by the "
                                                           "velocity $v$" if beta else "") +
                f". Find {find} Give each answer to 4 decimals. *({marks} marks)*\n")
    params = {"a": a, "c": c, "d": d, "w0": w0, "lr": [lr for lr in rates], "beta": beta,
              "form": "expanded" if expanded else "vertex", "function": ftex}
    conv = {"momentum": beta, "steps": steps}
    return _build("gradient_descent", seed, title, marks, question, entries,
                  "\n".join(sol) + "\n", conv, params)


# --- loss values --------------------------------------------------------------------------

def loss_problem(seed) -> Problem:
    """Loss values of given predictions: MSE, MAE and Huber (δ = 1) of five regression
    predictions, and the binary cross-entropy (natural log) of four probabilities."""
    seed = _check_seed(seed)
    rng = np.random.default_rng(seed)
    while True:
        y = np.array([_tenths(rng, 0, 50, nonzero=False) for _ in range(5)])
        yhat = np.round(y + np.array([_tenths(rng, -25, 25) for _ in range(5)]), 1)
        e = np.abs(yhat - y)
        if (e > 1).any() and (e <= 1).any() and abs(np.mean(yhat - y)) > 0.05:
            break
    while True:
        t = rng.integers(0, 2, size=4).astype(float)
        p = np.array([_tenths(rng, 1, 9) for _ in range(4)])
        if 0 < t.sum() < 4:
            break
    N = 5
    mse = _losses.MSE().value(y, yhat)
    mae = _losses.MAE().value(y, yhat)
    hub = _losses.Huber(1.0).value(y, yhat)
    bce = _losses.BinaryCrossEntropy().value(t, p)
    r = y - yhat
    per_huber = np.where(np.abs(r) <= 1, 0.5 * r * r, np.abs(r) - 0.5)
    ln_terms = t * np.log(p) + (1 - t) * np.log(1 - p)
    fb_sum = "you added the terms up; this loss is their mean, so divide by N = {n}."
    entries = [
        ("mean squared error", "$\\mathrm{MSE}$", mse,
         f"$\\mathrm{{MSE}} = \\frac1{N}\\sum (y - \\hat y)^2 = "
         f"\\frac1{N}({_sum_tex(r * r)}) = {_r4(mse)}$.",
         [(mse * N, fb_sum.format(n=N)),
          (np.mean(r), "you forgot to square the errors, so positive and negative ones "
                       "cancel."),
          (-np.mean(r), "you forgot to square the errors, so positive and negative ones "
                        "cancel."),
          (math.sqrt(mse), "you took the square root: that is the RMSE, not the MSE."),
          (mse / 2, "you put in a ½: the MSE is the plain mean of the squared errors."),
          (mae, "you took |y − ŷ| (the MAE); the MSE squares each error.")]),
        ("mean absolute error", "$\\mathrm{MAE}$", mae,
         f"$\\mathrm{{MAE}} = \\frac1{N}\\sum |y - \\hat y| = "
         f"\\frac1{N}({_sum_tex(np.abs(r))}) = {_r4(mae)}$.",
         [(mae * N, fb_sum.format(n=N)),
          (np.mean(r), "you forgot the absolute value, so positive and negative errors "
                       "cancel."),
          (-np.mean(r), "you forgot the absolute value, so positive and negative errors "
                        "cancel."),
          (mse, "you squared the errors (the MSE); the MAE takes |y − ŷ|.")]),
        ("Huber loss with δ = 1", "$J_{\\mathrm{Huber}}$", hub,
         f"Errors with $|r| \\le 1$ give $\\tfrac12 r^2$, bigger ones $|r| - \\tfrac12$: "
         f"$\\frac1{N}({_sum_tex(per_huber)}) = {_r4(hub)}$.",
         [(hub * N, fb_sum.format(n=N)),
          (mse / 2, "you used ½r² for every error; errors bigger than δ = 1 count "
                    "linearly, δ(|r| − ½δ)."),
          (np.mean(np.where(np.abs(r) <= 1, r * r, np.abs(r) - 0.5)),
           "you used r² for the small errors; Huber takes ½r² there."),
          (np.mean(np.abs(r) - 0.5), "you used |r| − ½ for every error; errors up to δ = 1 "
                                     "count as ½r²."),
          (mae, "you took the MAE; Huber squares the small errors (½r²).")]),
        ("binary cross-entropy (natural log)", "$J_{\\mathrm{BCE}}$", bce,
         f"$J = -\\frac14\\sum [t\\ln p + (1 - t)\\ln(1 - p)] = "
         f"-\\frac14({_sum_tex(ln_terms)}) = {_r4(bce)}$.",
         [(bce * 4, fb_sum.format(n=4)),
          (bce / math.log(10), "you used log₁₀; cross-entropy uses the natural log ln."),
          (-bce, "the sign is off: each ln is negative, and the minus in front makes J "
                 "positive."),
          (-np.mean(t * np.log(p)), "you left out the (1 − t) ln(1 − p) term, so samples "
                                    "with t = 0 count nothing."),
          (-np.mean(np.log(p)), "you took ln p for every sample; for t = 0 the term is "
                                "ln(1 − p)."),
          (-np.mean(t * np.log2(p) + (1 - t) * np.log2(1 - p)),
           "you used log₂; this question uses the natural log ln.")]),
    ]
    reg_table = ["| sample | " + " | ".join(str(i + 1) for i in range(N)) + " |",
                 "|---" * (N + 1) + "|",
                 "| target $y$ | " + " | ".join(_g(v) for v in y) + " |",
                 "| prediction $\\hat y$ | " + " | ".join(_g(v) for v in yhat) + " |"]
    cls_table = ["| sample | 1 | 2 | 3 | 4 |", "|---|---|---|---|---|",
                 "| target $t$ | " + " | ".join(_g(v) for v in t) + " |",
                 "| probability $p$ | " + " | ".join(_g(v) for v in p) + " |"]
    question = "\n".join([
        "**Q.** A regression model gives the predictions below. Compute the mean squared "
        "error, the mean absolute error and the Huber loss with $\\delta = 1$ (each the mean "
        "over the samples). A classifier then gives the probabilities $p$ that each of four "
        "samples is of class 1: compute their binary cross-entropy $J = -\\frac1N\\sum "
        "[t\\ln p + (1 - t)\\ln(1 - p)]$. Give each answer to 4 decimals. *(5 marks)*",
        "", *reg_table, "", *cls_table]) + "\n"
    sol = ["### Worked solution", "",
           f"Errors $r = y - \\hat y$: {', '.join(_g(round(v, 10)) for v in r)}.", ""]
    sol += [f"- **{label.capitalize()}**: {expl}" for label, _, _, expl, _ in entries]
    sol += ["", "MSE punishes the big errors most (they are squared); MAE counts every error "
            "the same; Huber squares the small errors and counts the big ones linearly, so "
            "an outlier pulls it less than the MSE. Cross-entropy is large when a confident "
            "probability is wrong: $-\\ln p$ grows without bound as $p \\to 0$."]
    params = {"y": y.tolist(), "y_pred": yhat.tolist(), "t": t.tolist(), "p": p.tolist(),
              "huber_delta": 1.0}
    return _build("loss", seed, "Loss values of given predictions", 5, question, entries,
                  "\n".join(sol) + "\n", {}, params)


# --- batch gradient descent vs SGD ----------------------------------------------------------

def batch_vs_sgd_problem(seed) -> Problem:
    """One step of batch gradient descent against one epoch of SGD (samples in the given
    order) for the line ŷ = w x + b with J = (1/N) Σ ½(ŷ − y)², on 3 or 4 points."""
    seed = _check_seed(seed)
    rng = np.random.default_rng(seed)
    N = int(rng.integers(3, 5))
    xs_all = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
    x = np.array(sorted(rng.choice(xs_all, size=N, replace=False)))
    x = x[rng.permutation(N)]
    y = np.array([_tenths(rng, 0, 60, nonzero=False) for _ in range(N)])
    w0, b0 = _tenths(rng, -10, 10, nonzero=False), _tenths(rng, -10, 10, nonzero=False)
    lr = _pick(rng, (0.05, 0.1) if np.max(x * x) > 5 else (0.1, 0.2))

    def grads(w, b, xs, ys, scale=1.0, with_x=True):
        e = w * xs + b - ys
        return scale * np.mean(e * xs if with_x else e), scale * np.mean(e)

    def J(w, b):
        return float(np.mean(0.5 * (w * x + b - y) ** 2))

    def batch(scale=1.0, sign=-1.0, with_x=True):
        gw, gb = grads(w0, b0, x, y, scale, with_x)
        return gw, gb, w0 + sign * lr * gw, b0 + sign * lr * gb

    def sgd(scale=1.0, sign=-1.0, old=False, with_x=True):
        w, b, path = w0, b0, []
        for xi, yi in zip(x, y):
            gw, gb = grads(w0 if old else w, b0 if old else b, np.array([xi]),
                           np.array([yi]), scale, with_x)
            w, b = w + sign * lr * gw, b + sign * lr * gb
            path.append((w, b))
        return path

    gw, gb, wB, bB = batch()
    path = sgd()
    fb = {
        "sum": "you summed the samples' gradients; J is a mean, so divide the sum by N.",
        "sign": "the update went uphill: gradient descent subtracts, θ ← θ − α ∂J/∂θ.",
        "two": "you used a 2 in the slope; J has the ½, so ∂J/∂ŷ = ŷ − y.",
        "no_x": "∂J/∂w needs the factor x: ∂J/∂w = (ŷ − y)·x, while ∂J/∂b = (ŷ − y).",
        "old": "you took every sample's gradient at the starting (w₀, b₀); SGD updates after "
               "each sample, and the next sample sees the new w and b.",
        "per_n": "you divided a single sample's gradient by N; in SGD each update uses one "
                 "sample's gradient as it is.",
        "batch": "this is the batch-GD result; SGD makes N small steps, one per sample.",
        "half": "you left out the ½: this J is the mean of ½(ŷ − y)².",
        "jsum": "you summed the samples' ½(ŷ − y)²; J is their mean.",
    }
    entries = []
    e0 = w0 * x + b0 - y
    etext = ", ".join(_r4(v) for v in e0)
    wrong_batch = {"sum": batch(scale=N), "sign": batch(sign=1.0), "two": batch(scale=2.0),
                   "no_x": batch(with_x=False)}
    entries.append(("batch gradient $\\partial J/\\partial w$ at $(w_0, b_0)$",
                    "$\\partial J/\\partial w$", gw,
                    f"Errors $e_i = \\hat y_i - y_i$ at the start: {etext}. "
                    f"$\\partial J/\\partial w = \\frac1{N}\\sum e_i x_i = {_r4(gw)}$.",
                    [(v[0], fb[k]) for k, v in wrong_batch.items() if k != "sign"]
                    + [(-gw, "the sign is off: the error is e = ŷ − y, so ∂J/∂w = "
                             "(1/N) Σ (ŷ − y) x.")]))
    entries.append(("batch gradient $\\partial J/\\partial b$ at $(w_0, b_0)$",
                    "$\\partial J/\\partial b$", gb,
                    f"$\\partial J/\\partial b = \\frac1{N}\\sum e_i = {_r4(gb)}$.",
                    [(wrong_batch["sum"][1], fb["sum"]), (wrong_batch["two"][1], fb["two"]),
                     (-gb, "the sign is off: the error is e = ŷ − y, so ∂J/∂b = "
                           "(1/N) Σ (ŷ − y).")]))
    entries.append(("$w$ after one batch step", "$w_{\\mathrm{batch}}$", wB,
                    f"$w = {_g(w0)} - {_g(lr)} \\times ({_r4(gw)}) = {_r4(wB)}$.",
                    [(v[2], fb[k]) for k, v in wrong_batch.items()]))
    entries.append(("$b$ after one batch step", "$b_{\\mathrm{batch}}$", bB,
                    f"$b = {_g(b0)} - {_g(lr)} \\times ({_r4(gb)}) = {_r4(bB)}$.",
                    [(v[3], fb[k]) for k, v in wrong_batch.items() if k != "no_x"]))
    wrong_sgd = {"old": sgd(old=True), "sign": sgd(sign=1.0), "two": sgd(scale=2.0),
                 "per_n": sgd(scale=1.0 / N), "no_x": sgd(with_x=False)}
    sgd_lines = []
    w, b = w0, b0
    for i in range(N):
        e = w * x[i] + b - y[i]
        wn, bn = path[i]
        line = (f"sample {i + 1} ($x = {_g(x[i])}$, $y = {_g(y[i])}$): "
                f"$e = {_r4(w)} \\times {_g(x[i])} + ({_r4(b)}) - {_g(y[i])} = {_r4(e)}$, "
                f"$w = {_r4(w)} - {_g(lr)} \\times ({_r4(e)})({_g(x[i])}) = {_r4(wn)}$, "
                f"$b = {_r4(b)} - {_g(lr)} \\times ({_r4(e)}) = {_r4(bn)}$")
        sgd_lines.append(line)
        extra_w = [(wB, fb["batch"])] if i == N - 1 else []
        extra_b = [(bB, fb["batch"])] if i == N - 1 else []
        entries.append((f"SGD: $w$ after sample {i + 1}", f"$w_{{{i + 1}}}$", wn, line + ".",
                        [(p[i][0], fb[k]) for k, p in wrong_sgd.items()] + extra_w))
        entries.append((f"SGD: $b$ after sample {i + 1}", f"$b_{{{i + 1}}}$", bn, line + ".",
                        [(p[i][1], fb[k]) for k, p in wrong_sgd.items() if k != "no_x"]
                        + extra_b))
        w, b = wn, bn
    J0, JB, JS = J(w0, b0), J(wB, bB), J(*path[-1])
    for name, sym, val, wb in (("batch", "J_{\\mathrm{batch}}", JB, (wB, bB)),
                               ("SGD", "J_{\\mathrm{SGD}}", JS, path[-1])):
        ee = wb[0] * x + wb[1] - y
        entries.append((f"$J$ on all {N} points after the {name} "
                        f"{'step' if name == 'batch' else 'epoch'}", f"${sym}$", val,
                        f"${sym} = \\frac1{N}\\sum \\tfrac12 e_i^2$ with errors "
                        f"{', '.join(_r4(v) for v in ee)}: ${_r4(val)}$.",
                        [(2 * val, fb["half"]), (N * val, fb["jsum"])],
                        # w, b rounded to 4 decimals move each e by up to ~1e-4·(|x| + 1)
                        TOLERANCE + 1.5e-4 * float(np.mean(np.abs(ee) * (np.abs(x) + 1)))))
    table = ["| $i$ | " + " | ".join(str(i + 1) for i in range(N)) + " |",
             "|---" * (N + 1) + "|",
             "| $x_i$ | " + " | ".join(_g(v) for v in x) + " |",
             "| $y_i$ | " + " | ".join(_g(v) for v in y) + " |"]
    question = "\n".join([
        f"**Q.** A linear model $\\hat y = w x + b$ is trained on the {N} samples below with "
        f"the loss $J = \\frac1N\\sum_i \\tfrac12(\\hat y_i - y_i)^2$, starting from "
        f"$w_0 = {_g(w0)}$, $b_0 = {_g(b0)}$ with learning rate $\\alpha = {_g(lr)}$. "
        f"(a) Do one step of batch gradient descent: find $\\partial J/\\partial w$, "
        f"$\\partial J/\\partial b$ and the new $w, b$. (b) Starting again from $(w_0, b_0)$, "
        f"do one epoch of stochastic gradient descent, taking the samples in the order "
        f"given: find $w$ and $b$ after each sample. (c) Find $J$ on all the samples after "
        f"each, and compare. Give each answer to 4 decimals. *(10 marks)*",
        "", *table]) + "\n"
    better = "SGD" if JS < JB else "batch GD"
    sol = ["### Worked solution", "",
           f"At the start, $J = {_r4(J0)}$ and the errors $e_i = \\hat y_i - y_i$ are "
           f"{etext}.", "",
           "**(a) Batch gradient descent** (one step with the mean gradient of all the "
           "samples, taken at $(w_0, b_0)$):", "",
           f"- $\\partial J/\\partial w = \\frac1{N}\\sum e_i x_i = {_r4(gw)}$, "
           f"$\\partial J/\\partial b = \\frac1{N}\\sum e_i = {_r4(gb)}$",
           f"- $w = {_g(w0)} - {_g(lr)} \\times ({_r4(gw)}) = {_r4(wB)}$, "
           f"$b = {_g(b0)} - {_g(lr)} \\times ({_r4(gb)}) = {_r4(bB)}$", "",
           "**(b) SGD** (one update per sample, each with that sample's gradient "
           "$(e x, e)$ at the current $w, b$):", "",
           *[f"- {line}" for line in sgd_lines], "",
           f"**(c)** $J_{{\\mathrm{{batch}}}} = {_r4(JB)}$ and $J_{{\\mathrm{{SGD}}}} = "
           f"{_r4(JS)}$ (from {_r4(J0)}). In one pass over the data SGD made {N} updates "
           f"and batch GD one, so here {better} lowered $J$ more. Batch GD's step follows "
           f"the true gradient and is the same on every run; SGD's steps are noisy and "
           f"depend on the order of the samples, but each costs one sample."]
    params = {"x": x.tolist(), "y": y.tolist(), "w0": w0, "b0": b0, "lr": lr}
    return _build("batch_vs_sgd", seed, "Batch gradient descent vs SGD", 10, question,
                  entries, "\n".join(sol) + "\n", {}, params)


# --- the registry and marking ---------------------------------------------------------------

KINDS = {
    "backprop": backprop_problem,
    "gradient_descent": gd_problem,
    "loss": loss_problem,
    "batch_vs_sgd": batch_vs_sgd_problem,
}

#: The conventions each kind takes, with the values a student can pick.
CONVENTIONS = {
    "backprop": {"outputs": (1, 2), "loss": ("half_sse", "sse"),
                 "update_biases": (True, False), "delta_sign": ("dJ/dz", "t-o"),
                 "activation": ("sigmoid", "bipolar_sigmoid")},
    "gradient_descent": {"momentum": (0.0, 0.5, 0.9), "steps": (1, 2, 3, 4, 5)},
    "loss": {},
    "batch_vs_sgd": {},
}


def generate(kind: str, seed, **conventions) -> Problem:
    """A fresh problem of ``kind`` (a key of ``KINDS``) from ``seed``, e.g.
    ``generate("backprop", 7, outputs=2, delta_sign="t-o")``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of problem {kind!r}; choose one of: "
                         f"{', '.join(KINDS)}")
    allowed = CONVENTIONS[kind]
    unknown = sorted(set(conventions) - set(allowed))
    if unknown:
        known = ", ".join(allowed) if allowed else "none"
        raise ValueError(f"a {kind} problem has no setting {', '.join(unknown)}; its "
                         f"settings are: {known}")
    return KINDS[kind](seed, **conventions)


def _check_answers(problem: Problem, answers) -> list:
    if not isinstance(problem, Problem):
        raise ValueError(f"problem must be a Problem from generate(), got "
                         f"{type(problem).__name__}")
    if isinstance(answers, str) or not hasattr(answers, "__len__") \
            or len(answers) != len(problem.steps):
        raise ValueError(f"answers must be a list of {len(problem.steps)} typed strings, one "
                         f"per step (\"\" for a step not answered yet)")
    return ["" if a is None else a for a in answers]


def diagnose(problem: Problem, answers) -> list:
    """A ``quiz.Feedback`` for every step. answers: one typed string per step ("" means
    not answered yet); each is checked with ``quiz.check`` (parsed as a number only)."""
    answers = _check_answers(problem, answers)
    out = []
    for q, a in zip(problem.steps, answers):
        if isinstance(a, str) and not a.strip():
            out.append(quiz.Feedback(False, "Not answered yet."))
        else:
            out.append(quiz.check(q, a))
    return out


def first_wrong_step(problem: Problem, answers):
    """``(index, sentence)`` for the first answered step that is wrong, saying why, e.g.
    "Step 5 (error term δ of the output unit $o_1$) is wrong: you left out f′(z) …";
    if none is wrong, the first step not answered yet; None when every step is right."""
    answers = _check_answers(problem, answers)
    feedback = diagnose(problem, answers)
    for i, (fb, a) in enumerate(zip(feedback, answers)):
        if fb.correct or (isinstance(a, str) and not a.strip()):
            continue
        name = f"Step {i + 1} ({problem.labels[i]})"
        msg = fb.message
        if msg.startswith("Not quite: ") and any(
                msg == f"Not quite: {m.feedback}" for m in problem.steps[i].mistakes):
            return i, f"{name} is wrong: {msg[len('Not quite: '):]}"
        try:
            value = quiz.parse_number(a)
        except ValueError:
            return i, f"{name}: {msg}"
        return i, (f"{name} is wrong: {value:g} is not within ±{TOLERANCE:g} of the answer "
                   f"and matches none of the classic slips; redo this step's arithmetic "
                   f"with the numbers of the steps before it.")
    for i, fb in enumerate(feedback):
        if not fb.correct:
            done = f"Steps 1–{i} are right; " if i > 1 else ("Step 1 is right; " if i == 1
                                                             else "")
            return i, f"{done}Step {i + 1} ({problem.labels[i]}) is not answered yet."
    return None
