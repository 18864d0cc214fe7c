"""Every number in the model answers on losses, gradient descent, batch kinds and optimizers
is recomputed here with the library and must appear in the answer, rounded as written.

A number is "shown" when it stands on its own in the part's text (not as the start or end of
a longer number), with either minus sign (- in LaTeX, − in tables).
"""

import math
import re

import numpy as np
import pytest

from lessons_lib import activations, losses, nn, pyq
from lessons_lib.optimizers import GD, Adam, Momentum, RMSProp, descend


def part(pyq_id: str, name: str) -> str:
    """The text of one part of an entry's model answer ("question" for the question)."""
    e = pyq.entry(pyq_id)
    if name == "question":
        return e.question
    texts = [p.text for p in e.answer if p.name == name]
    assert texts, f"{pyq_id} has no {name} part"
    return texts[0]


def hand(v: float, decimals: int = 4) -> str:
    """|v| rounded as a hand solution writes it: at most `decimals` places, no trailing zeros."""
    return f"{abs(v):.{decimals}f}".rstrip("0").rstrip(".")


def flat(text: str) -> str:
    """The text without $ signs and with single spaces, for phrase checks."""
    return " ".join(text.replace("$", "").split())


def shown(text: str, v: float, decimals: int = 4) -> None:
    """Assert v, rounded to `decimals` places, stands in text on its own, with its sign
    (- or −) when negative and none when positive. Trailing zeros may be written (2.0, 0.2050)."""
    s = hand(v, decimals)
    negative = v < 0 and s != "0"
    before = r"(?<![\d.,])[-−]" if negative else r"(?<![\d.,\-−])"
    after = r"0*(?!\d)" if "." in s else r"(?:\.0+)?(?!\d|\.\d)"
    assert re.search(before + re.escape(s) + after, text), \
        f"{v!r} (as {'-' if negative else ''}{s}) not found in:\n{text}"
    _SEEN.append(v)


def shown_all(text, values, decimals=4):
    for v in values:
        shown(text, v, decimals)


_SEEN: list = []  # every value a test has recomputed and found (cleared before each test)
_NUMBER = re.compile(r"(?<![\w.,^{])(\d{1,3}(?:,\d{3})+|\d+\.\d+|\d{2,})(?![\w])")


@pytest.fixture(autouse=True)
def _forget_seen():
    _SEEN.clear()


def no_strays(pyq_id: str, names, given=()) -> None:
    """The reverse check: every decimal or multi-digit number written in these parts is a
    value the test recomputed (rounded as written) or a given of the question, so a wrong
    repeat of a right number, or a wrong given, is caught too."""
    known = {hand(k, d) for k in [*_SEEN, *given] for d in (4, 5, 8)}
    for name in names:
        for m in _NUMBER.finditer(part(pyq_id, name)):
            token = m.group(1).replace(",", "")
            token = token.rstrip("0").rstrip(".") if "." in token else token
            assert token in known, f"{pyq_id} ({name}): {m.group(1)} is neither recomputed nor given"


def percent(text: str, fraction: float) -> None:
    """Assert the share `fraction` appears as a whole percentage, e.g. 82%."""
    pc = round(100 * fraction)
    assert f"{pc}%" in text, f"{pc}% not found in:\n{text}"
    _SEEN.append(pc)


def said(text: str, phrase: str, *values) -> None:
    """Assert a phrase (ignoring $ and line breaks) is in text; its numbers count as seen."""
    assert phrase in flat(text), f"{phrase!r} not found in:\n{text}"
    _SEEN.extend(values)


def test_the_checker_itself_refuses_near_misses():
    shown("MSE $= 0.6875$, and $-0.0347$", 0.6875)
    shown("MSE $= 0.6875$, and $-0.0347$", -0.0347)
    shown("| −3.2 | −12.8 |", -3.2)
    shown("$J = 2.0$ and 0.2050", 2.0)
    shown("$J = 2.0$ and 0.2050", 0.205)
    for text, v in [("0.68751", 0.6875), ("10.6875", 0.6875), ("0.0347", -0.0347),
                    ("-0.6875", 0.6875), ("0.6876", 0.6875), ("3.20", 3.21), ("2.05", 2.0),
                    ("12", 2.0), ("2.5", 2.0)]:
        with pytest.raises(AssertionError):
            shown(text, v)


def test_the_reverse_check_finds_a_number_nobody_computed(monkeypatch):
    e = pyq.entry("optim-adam-bias-correction")
    bad = [pyq.Part(p.name, p.text.replace("0.4527", "0.4572") if p.name == "steps" else p.text)
           for p in e.answer]
    monkeypatch.setattr(pyq, "entry", lambda i: pyq.Entry(**{**e.__dict__, "answer": tuple(bad)}))
    with pytest.raises(AssertionError, match="0.4572"):
        test_adam_bias_correction()


# ------------------------------------------------------------------ loss functions

def test_loss_why_needed_example():
    t, o = [4.0, 7.0, 10.0], [5.0, 6.0, 12.0]
    text = part("loss-why-needed", "example")
    shown(text, losses.get("mse").value(t, o))                    # 2.0
    assert "= 2.0$" in text
    shown(text, losses.get("mae").value(t, o))                    # 1.3333
    no_strays("loss-why-needed", ["example"], given=[*t, *o, 0.5])


def test_loss_mse_vs_cross_entropy_table():
    text = part("loss-mse-vs-cross-entropy", "example")
    mse, bce = losses.get("mse"), losses.get("bce")
    for p in [0.8, 0.2, 0.05]:
        shown(text, mse.value([1.0], [p]))                        # 0.04, 0.64, 0.9025
        shown(text, bce.value([1.0], [p]))                        # 0.2231, 1.6094, 2.9957
    percent(text, mse.value([1.0], [0.05]) / mse.value([1.0], [0.2]) - 1)  # 41%
    ratio_bce = bce.value([1.0], [0.05]) / bce.value([1.0], [0.2])
    assert 1.8 < ratio_bce < 2 and "almost doubles" in text
    no_strays("loss-mse-vs-cross-entropy", ["example"], given=[0.8, 0.2, 0.05])


def test_loss_numerical_regression_and_bce():
    pid = "loss-numerical-regression-and-bce"
    t = np.array([3.0, -0.5, 2.0, 7.0])
    o = np.array([2.5, 0.0, 2.0, 8.5])
    huber = losses.Huber(delta=1.0)
    steps, conclusion = part(pid, "steps"), part(pid, "conclusion")
    e = t - o
    shown_all(steps, e)
    shown_all(steps, [e[i] ** 2 for i in range(4)] + [np.sum(e ** 2), np.sum(np.abs(e))])
    per_huber = [huber.value([t[i]], [o[i]]) for i in range(4)]
    shown_all(steps, per_huber + [sum(per_huber)])
    for loss in [losses.get("mse"), losses.get("mae"), huber]:
        shown(steps, loss.value(t, o))
        shown(conclusion, loss.value(t, o))
    tb, pb = np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.7, 0.6])
    bce = losses.get("bce")
    terms = [bce.value([tb[i]], [pb[i]]) for i in range(4)]
    shown_all(steps, terms + [sum(terms), bce.value(tb, pb)])
    shown(conclusion, bce.value(tb, pb))
    assert max(range(4), key=lambda i: terms[i]) == 3 and max(range(4), key=lambda i: e[i] ** 2) == 3
    shown_all(conclusion, [abs(e[3]), e[3] ** 2, np.sum(e ** 2), pb[3]])
    percent(conclusion, e[3] ** 2 / np.sum(e ** 2))                      # 82%
    shown(conclusion, losses.get("half_sse").value(t[None, :], o[None, :]))  # E = ½Σe² = 1.375
    probability_of_truth = np.where(tb == 1, pb, 1 - pb)                 # what −ln is taken of
    no_strays(pid, ["given", "steps", "conclusion"], given=[*t, *o, *pb, *probability_of_truth])


def test_loss_huber_outliers_example():
    e = np.array([0.5, -1.0, 2.0, 1.5, -10.0])
    zeros = np.zeros_like(e)
    text = part("loss-huber-outliers", "example")
    mse, mae, huber = losses.get("mse"), losses.get("mae"), losses.Huber(delta=1.0)
    shown_all(text, e ** 2)                                       # 0.25, 1, 4, 2.25, 100
    shown(text, mse.value(e, zeros))                              # 21.5
    shown(text, np.sum(np.abs(e)))                                # 15
    shown(text, mae.value(e, zeros))                              # 3
    per = [huber.value([x], [0.0]) for x in e]
    shown_all(text, per + [sum(per)])                             # 0.125 … 9.5, 12.625
    shown(text, huber.value(e, zeros))                            # 2.525
    shown(text, mse.value(e[:4], zeros[:4]))                      # 1.875 without the outlier
    percent(text, e[4] ** 2 / np.sum(e ** 2))                     # 93%
    no_strays("loss-huber-outliers", ["example"], given=e)


def test_loss_cross_entropy_with_sigmoid():
    pid = "loss-cross-entropy-with-sigmoid"
    sig = activations.get("sigmoid")
    z = np.array([-4.0])
    p = float(sig.forward(z)[0])
    fprime = float(sig.derivative(z, np.array([p]))[0])
    mse_grad = float(losses.get("mse").grad([1.0], [p])[0]) * fprime        # 2(p − t) p(1 − p)
    half_grad = float(losses.get("half_sse").grad([1.0], [p])[0]) * fprime  # (p − t) p(1 − p)
    bce_grad = float(losses.get("bce").grad([1.0], [p])[0]) * fprime        # p − t
    text = part(pid, "example")
    shown_all(text, [p, 1 - p, mse_grad, bce_grad])
    said(text, f"about {round(bce_grad / mse_grad)} times", round(bce_grad / mse_grad))  # 28
    shown(part(pid, "conclusion"), half_grad)
    no_strays(pid, ["example", "conclusion"])


# ------------------------------------------------------------------ gradient descent

def test_gd_hill_analogy_example():
    path = descend(lambda w: 2 * (w - 3), [0.0], GD(0.1), 2).ravel()
    text = part("gd-update-rule-hill-analogy", "example")
    shown_all(text, path[1:])                                     # 0.6, 1.08
    shown_all(text, [(w - 3) ** 2 for w in path])                 # 9, 5.76, 3.6864
    shown_all(text, [2 * (w - 3) for w in path[:2]])              # −6, −4.8
    no_strays("gd-update-rule-hill-analogy", ["example"], given=[0.1])


def test_gd_delta_rule_example():
    x, target = np.array([[1.0], [2.0]]), np.array([[2.0], [3.0]])
    line = nn.MLP.from_params([np.array([[0.5]])], [np.array([0.0])], "linear")
    n = len(x)  # half_sse is averaged over samples; the textbook E is summed: times N
    J, (dW,), (db,) = line.loss_and_grads(x, target, "half_sse")
    text = part("gd-derive-delta-rule", "example")
    errors = (target - line.forward(x)).ravel()
    shown_all(text, line.forward(x).ravel())                      # 0.5, 1.0
    shown_all(text, list(errors) + list(errors ** 2))             # 1.5, 2.0; 2.25, 4
    shown_all(text, [n * J, n * dW[0, 0], n * db[0]])             # 3.125, −5.5, −3.5
    w, b = 0.5 - 0.1 * n * dW[0, 0], 0.0 - 0.1 * n * db[0]
    shown_all(text, [w, b])                                       # 1.05, 0.35
    after = nn.MLP.from_params([np.array([[w]])], [np.array([b])], "linear")
    shown_all(text, after.forward(x).ravel())                     # 1.4, 2.45
    e_after = n * after.loss(x, target, "half_sse")
    shown(text, e_after, decimals=5)                              # 0.33125, written exactly
    percent(text, 1 - e_after / (n * J))                          # 89%
    no_strays("gd-derive-delta-rule", ["example"], given=[0.5, 0.1])


def test_gd_learning_rate_example():
    text = part("gd-learning-rate-role", "example")
    for lr in [0.1, 0.5, 0.9, 1.1]:
        path = descend(lambda w: 2 * w, [1.0], GD(lr), 3).ravel()
        if lr == 0.5:
            assert path[1] == 0 and "$w_1 = 0$" in text
        else:
            shown_all(text, path[1:])
    no_strays("gd-learning-rate-role", ["example"], given=[0.1, 0.5, 0.9, 1.1])


def test_gd_numerical_two_learning_rates():
    pid = "gd-numerical-two-learning-rates"
    f = lambda w: (w - 2) ** 2 + 1
    fprime = lambda w: 2 * (w - 2)
    steps, conclusion = part(pid, "steps"), part(pid, "conclusion")
    tables = steps.split("**(ii)")
    assert len(tables) == 2
    for lr, table in zip([0.1, 1.1], tables):
        path = descend(fprime, [0.0], GD(lr), 3).ravel()
        shown(table, 1 - 2 * lr)                                  # the factor 0.8 / −1.2
        shown(conclusion, abs(1 - 2 * lr))
        shown_all(table, path[1:])
        shown_all(table, [fprime(w) for w in path[:3]])
        shown_all(table, [f(w) for w in path[1:]])
        shown_all(conclusion, list(path[1:]) + [f(path[-1])])
    percent(conclusion, 1 - 0.8)                                  # the gap shrinks by 20%
    assert f(0.0) == 5 and "$f = 5$" in part(pid, "given")
    no_strays(pid, ["given", "steps", "conclusion"], given=[0.1, 1.1, 0.5])


def test_gd_saddle_example():
    path = descend(lambda th: np.array([2 * th[0], -2 * th[1]]), [1.0, 0.01], GD(0.1), 3)
    text = part("gd-local-minima-saddle-points", "example")
    shown_all(text, path[-1], decimals=5)                         # (0.512, 0.01728)
    assert np.allclose(path[1] / path[0], [0.8, 1.2])
    shown_all(text, [0.8, 1.2])
    no_strays("gd-local-minima-saddle-points", ["example"], given=[0.01, 0.1])


# ------------------------------------------------------------------ batch kinds

def test_batch_differentiate_example():
    text = part("batch-stochastic-minibatch-differentiate", "example")
    n, b, epochs = 2000, 64, 10
    said(text, f"{math.ceil(n / b)} updates per epoch", math.ceil(n / b))     # 32
    shown(text, n / b)                                                        # 31.25
    said(text, f"({n // b} full batches and a last one of {n % b})", n // b, n % b)  # 31, 16
    said(text, f"{epochs * math.ceil(n / b)} in all", epochs * math.ceil(n / b))  # 320
    said(text, f"{epochs * n:,} in all", epochs * n)                          # 20,000
    no_strays("batch-stochastic-minibatch-differentiate", ["example"], given=[n, b, epochs])


def test_batch_epochs_and_updates():
    pid = "batch-epochs-and-updates-numerical"
    text, conclusion = part(pid, "steps"), part(pid, "conclusion")
    n, epochs = 50_000, 20
    rows = {line.split("|")[1].strip() + line.split("|")[2].strip(): line
            for line in text.splitlines() if line.startswith("| ") and "method" not in line}
    for name, b in [("batch", n), ("stochastic", 1), ("mini-batch", 128), ("mini-batch", 256)]:
        row = rows[name + f"{b:,}"]
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[2] == (hand(n / b) if n % b else f"{n // b:,}"), row
        assert cells[3] == f"{math.ceil(n / b):,}", row
        assert cells[4] == f"{epochs * math.ceil(n / b):,}", row
        said(conclusion, f"{epochs * math.ceil(n / b):,}")
        _SEEN.extend([n / b, math.ceil(n / b), epochs * math.ceil(n / b)])
        if n % b:
            said(text, f"{n // b} × {b} = {(n // b) * b:,}", n // b, (n // b) * b)  # 390 × 128 = 49,920
            assert re.search(rf"last batch (of|holds) {n % b} samples", flat(text))  # 80
            _SEEN.append(n % b)
    said(conclusion, f"({math.ceil(n / 128)} → {math.ceil(n / 256)})")           # 391 → 196
    no_strays(pid, ["given", "steps", "conclusion"], given=[n, epochs, 128, 256])


def _line(w, b):
    return nn.MLP.from_params([np.array([[w]])], [np.array([b])], "linear")


def test_batch_vs_sgd_one_epoch():
    pid = "batch-vs-sgd-one-epoch-numerical"
    x = np.array([[1.0], [2.0], [-1.0]])
    y = np.array([[3.0], [5.0], [-1.0]])
    steps, conclusion = part(pid, "steps"), part(pid, "conclusion")
    batch_text, sgd_text = steps.split("**(ii)")
    # (i) batch: one update on all three samples
    start = _line(0.0, 0.0)
    J0, (dW,), (db,) = start.loss_and_grads(x, y, "mse")
    e0 = (start.forward(x) - y).ravel()
    shown_all(batch_text, list(e0) + list(e0 ** 2) + list(abs(e0 * x.ravel())))  # −3, −5, 1; 9, 25, 1; 3, 10, 1
    shown_all(batch_text, [e0 @ x.ravel(), e0.sum()])                       # −14, −7
    shown_all(batch_text, [J0, dW[0, 0], db[0]])                  # 11.6667, −9.3333, −4.6667
    wb, bb = -0.1 * dW[0, 0], -0.1 * db[0]
    shown_all(batch_text, [wb, bb])                               # 0.9333, 0.4667
    shown_all(conclusion, [wb, bb, J0])
    # (ii) SGD: three updates, one sample each, in order
    w = b = 0.0
    for i in range(3):
        model = _line(w, b)
        row = [l for l in sgd_text.splitlines() if l.startswith(f"| {i + 1} |")][0]
        pred = model.forward(x[i:i + 1])[0, 0]
        _, (gw,), (gb,) = model.loss_and_grads(x[i:i + 1], y[i:i + 1], "mse")
        w, b = w - 0.1 * gw[0, 0], b - 0.1 * gb[0]
        shown_all(row, [pred, pred - y[i, 0], gw[0, 0], gb[0], w, b])
    shown_all(conclusion, [w, b])                                 # 1.952, 1.168
    # loss on all three samples after each
    after_batch, after_sgd = _line(wb, bb), _line(w, b)
    shown_all(sgd_text, after_batch.forward(x).ravel())
    shown_all(sgd_text, after_sgd.forward(x).ravel())
    for m in (after_batch, after_sgd):
        shown(sgd_text, m.loss(x, y, "mse"))                      # 3.3185, 0.0221
        shown(conclusion, m.loss(x, y, "mse"))
    # the convention note: summed E = ½Σe², gradient Σ e x = −14; w = 1.4, b = 0.7
    half_sum = 3 * np.array([dW[0, 0], db[0]]) / 2
    shown_all(conclusion, list(half_sum[:1]) + list(-0.1 * half_sum))
    no_strays(pid, ["given", "steps", "conclusion"], given=[0.1, 0.05])


def test_batch_choosing_example():
    text = part("batch-choosing-batch-size", "example")
    n = 10_000
    for b in (32, 256):
        shown(text, n / b)                                        # 312.5, 39.0625
        shown(text, math.ceil(n / b))                             # 313, 40
    shown(text, math.sqrt(256 / 32))                              # 2.8284
    said(text, f"{256 // 32} times fewer")
    no_strays("batch-choosing-batch-size", ["example"], given=[n, 32, 256])


# ------------------------------------------------------------------ optimizers

def test_momentum_note_example():
    opt, theta, g = Momentum(lr=0.1, beta=0.9), np.array([0.0]), np.array([2.0])
    text = part("optim-momentum-short-note", "example")
    for _ in range(3):
        new = opt.step(theta, g)
        shown(text, (theta - new)[0])                             # steps 0.2, 0.38, 0.542
        shown(text, ((theta - new) / opt.lr)[0])                  # v = 2, 3.8, 5.42
        theta = new
    shown(text, opt.lr * g[0] / (1 - opt.beta))                   # the limit, 2
    no_strays("optim-momentum-short-note", ["example"], given=[0.1, 0.9])


def test_momentum_two_steps():
    pid = "optim-momentum-two-steps-numerical"
    grad = lambda th: th * np.array([1.0, 10.0])
    value = lambda th: 0.5 * (th[0] ** 2 + 10 * th[1] ** 2)
    steps, conclusion = part(pid, "steps"), part(pid, "conclusion")
    gd_text, mom_text = steps.split("**(ii)")
    lr, beta = 0.05, 0.9
    shown(part(pid, "given"), value(np.array([4.0, 1.0])))        # J(θ₀) = 13
    for opt, text in [(GD(lr), gd_text), (Momentum(lr, beta), mom_text)]:
        path = descend(grad, [4.0, 1.0], opt, 2)
        for th in path[:2]:
            shown_all(text, grad(th))                             # (4, 10), (3.8, 5)
        shown_all(text, path[1:].ravel())
        for th in path[1:] if text is gd_text else path[2:]:     # (momentum's step 1 = GD's)
            shown_all(text, [th[0] ** 2, 10 * th[1] ** 2])        # the terms inside ½(…)
        shown_all(text, (path[:-1] - path[1:]).ravel())           # each move α·(step direction)
        shown(text, value(path[1]))                               # 8.47
        shown(text, value(path[2]), decimals=5)                   # 6.82855 / 6.08245
        shown(conclusion, value(path[2]), decimals=5)
        shown_all(conclusion, path[2])
        shown(conclusion, 4.0 - path[2][0])                       # distance along θ₁: 0.39 / 0.57
    # the velocity after each step
    opt = Momentum(lr, beta)
    th1 = opt.step(np.array([4.0, 1.0]), grad(np.array([4.0, 1.0])))
    th2 = opt.step(th1, grad(th1))
    shown_all(mom_text, (np.array([4.0, 1.0]) - th1) / lr)        # v₁ = (4, 10)
    shown_all(mom_text, (th1 - th2) / lr)                         # v₂ = (7.4, 14)
    no_strays(pid, ["given", "steps", "conclusion"], given=[lr, beta, 10])


def test_rmsprop_adam_example():
    g = np.array([0.01, 10.0])
    text = part("optim-rmsprop-adam-adaptive-steps", "example")
    gd_move = -GD(0.01).step(np.zeros(2), g)
    shown_all(text, gd_move)                                      # 0.0001, 0.1
    said(text, f"a {round(gd_move[1] / gd_move[0])}-fold difference", round(gd_move[1] / gd_move[0]))
    rms = -RMSProp(0.01, rho=0.9).step(np.zeros(2), g)
    assert np.allclose(rms[0], rms[1], rtol=1e-5)
    shown(text, rms[1])                                           # 0.0316
    shown(text, np.sqrt(1 - 0.9))                                 # √s/|g| = 0.3162
    adam = -Adam(0.01).step(np.zeros(2), g)
    assert np.allclose(adam, 0.01, rtol=1e-5) and "exactly $\\alpha = 0.01$" in text
    no_strays("optim-rmsprop-adam-adaptive-steps", ["example"], given=[*g, 0.9, 0.1])


def test_adam_bias_correction():
    pid = "optim-adam-bias-correction"
    steps, conclusion = part(pid, "steps"), part(pid, "conclusion")
    b1, b2, lr = 0.9, 0.999, 0.1
    opt, theta = Adam(lr=lr, beta1=b1, beta2=b2, eps=1e-8), np.array([1.0])
    thetas, m, v = [], 0.0, 0.0
    for t, g in enumerate((0.5, 0.4), start=1):
        new = opt.step(theta, np.array([g]))
        step = (theta - new)[0]
        shown(steps, step)                                        # 0.1, 0.0988
        theta = new
        thetas.append(theta[0])
        m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g  # the moments, by their formulas
        m_hat, v_hat = m / (1 - b1 ** t), v / (1 - b2 ** t)
        assert math.isclose(step, lr * m_hat / math.sqrt(v_hat), rel_tol=1e-6)
        shown(steps, m)                                           # 0.05, 0.085
        shown(steps, v, decimals=8)                               # 0.00025, 0.00040975
        shown_all(steps, [g * g, 1 - b1 ** t], decimals=8)        # 0.25, 0.16; 0.1, 0.19
        shown(steps, 1 - b2 ** t, decimals=8)                     # 0.001, 0.001999
        shown_all(steps, [m_hat, v_hat, math.sqrt(v_hat)])        # 0.5, 0.25, 0.5; 0.4474, 0.2050, 0.4527
    shown_all(steps, thetas)                                      # 0.9, 0.8012
    shown_all(conclusion, thetas)
    uncorrected = lr * (1 - b1) * 0.5 / math.sqrt((1 - b2) * 0.5 ** 2)  # α m₁/√v₁, not corrected
    shown(steps, uncorrected)
    shown(conclusion, uncorrected)                                # 0.3162
    shown(steps, math.sqrt((1 - b2) * 0.5 ** 2))                  # 0.0158
    percent(conclusion, 1 - b1)                                   # m₁ is 10% of g₁
    no_strays(pid, ["given", "steps", "conclusion"], given=[0.5, 0.4, lr, b1, b2, 1 - b2])


@pytest.mark.parametrize("topic", ["loss-functions", "gradient-descent", "batch-kinds", "optimizers"])
def test_every_numerical_entry_of_these_topics_is_checked_here(topic):
    source = open(__file__, encoding="utf-8").read()
    for e in pyq.select(topic=topic, kind="numerical"):
        assert f'no_strays(pid, ["given", "steps", "conclusion"]' in source
        assert f'pid = "{e.id}"' in source, f"{e.id} is numerical but no test recomputes its numbers"
