"""Practice numericals: every answer recomputed independently (nn, losses, training, plain
arithmetic with a finite-difference check), hand solutions rounded to 4 decimals accepted,
and every classic slip diagnosed as that slip."""

import itertools
import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import activations, losses, markdown, nn, optimizers, practice, quiz, training
from lessons_lib import worked

SEEDS = range(50)
BP_CONVENTIONS = [dict(zip(practice.CONVENTIONS["backprop"], values)) for values in
                  itertools.product(*practice.CONVENTIONS["backprop"].values())]
TOL = practice.TOLERANCE


# --- independent recomputations ---------------------------------------------------------

def bp_params(p):
    P = p.params
    W1, W2 = (np.array(W) for W in P["weights"])
    b1, b2 = (np.array(b) for b in P["biases"])
    return W1, b1, W2, b2, np.array(P["x"]), np.array(P["target"]), P["lr"]


def bp_expected(p):
    """Every step's answer through nn.MLP: forward trace, loss_and_grads, then w − α∂J/∂w;
    δ = ∂J/∂b for one sample, its sign flipped for the t − o convention."""
    c = p.conventions
    W1, b1, W2, b2, x, t, lr = bp_params(p)
    model = nn.MLP.from_params([W1, W2], [b1, b2], c["activation"])
    trace = model.forward_trace(x[None, :])
    a_h, o = trace[0].A[0], trace[1].A[0]
    J, gW, gb = model.loss_and_grads(x[None, :], t[None, :], loss=c["loss"])
    sign = -1.0 if c["delta_sign"] == "t-o" else 1.0
    new_W = [W - lr * g for W, g in zip([W1, W2], gW)]
    new_b = [b - lr * g if c["update_biases"] else b for b, g in zip([b1, b2], gb)]
    j = ["h1", "h2"].index(p.params["hidden_unit_asked"])
    out = [*a_h, *o, J, *(sign * gb[1]), *(sign * gb[0])]
    for k in range(len(t)):
        out += [new_W[1][k, 0], new_W[1][k, 1]] + ([new_b[1][k]] if c["update_biases"] else [])
    out += [new_W[0][j, 0], new_W[0][j, 1]] + ([new_b[0][j]] if c["update_biases"] else [])
    return np.array(out), dict(a_h=a_h, o=o, J=J, gW=gW, gb=gb, new_W=new_W, sign=sign, j=j)


def bp_by_hand(p):
    """The step as a student writes it: every intermediate rounded to 4 decimals."""
    c = p.conventions
    W1, b1, W2, b2, x, t, lr = bp_params(p)
    r = lambda v: np.round(v, 4)  # noqa: E731
    bip = c["activation"] == "bipolar_sigmoid"
    if bip:
        f = lambda z: r(2 / (1 + r(np.exp(-z))) - 1)  # noqa: E731
    else:
        f = lambda z: r(1 / (1 + r(np.exp(-z))))  # noqa: E731
    fp = (lambda a: r(0.5 * (1 - a * a))) if bip else (lambda a: r(a * (1 - a)))
    a1 = f(r(W1 @ x + b1))
    o = f(r(W2 @ a1 + b2))
    half = c["loss"] == "half_sse"
    J = r(np.sum(r((0.5 if half else 1.0) * (t - o) ** 2)))
    d_o = r(r((1.0 if half else 2.0) * (o - t)) * fp(o))
    d_h = r(fp(a1) * r(W2.T @ d_o))
    W2n = r(W2 - r(lr * r(np.outer(d_o, a1))))
    b2n = r(b2 - r(lr * d_o)) if c["update_biases"] else b2
    W1n = r(W1 - r(lr * r(np.outer(d_h, x))))
    b1n = r(b1 - r(lr * d_h)) if c["update_biases"] else b1
    s = -1.0 if c["delta_sign"] == "t-o" else 1.0
    j = ["h1", "h2"].index(p.params["hidden_unit_asked"])
    out = [*a1, *o, J, *(s * d_o), *(s * d_h)]
    for k in range(len(t)):
        out += [W2n[k, 0], W2n[k, 1]] + ([b2n[k]] if c["update_biases"] else [])
    out += [W1n[j, 0], W1n[j, 1]] + ([b1n[j]] if c["update_biases"] else [])
    return out


def parse_function(question):
    """f(w) and its parameters read back from the question's TeX, e.g. "f(w) = 2w^2 -
    4.4w + 6.42" or "f(w) = 0.5(w - 1.1)^2 + 3" (a small parser, no eval)."""
    tex = re.search(r"\$f\(w\) = ([^$]*)\$", question).group(1).replace(" ", "")
    num = r"(\d+(?:\.\d+)?)"
    m = re.fullmatch(rf"{num}?\(w([+-]){num}\)\^2(?:\+{num})?", tex) or \
        re.fullmatch(rf"{num}?()()w\^2(?:\+{num})?", tex)
    if m:
        a = float(m.group(1) or 1)
        c = -float(m.group(2) + m.group(3)) if m.group(3) else 0.0
        d = float(m.group(4) or 0)
        return (lambda w: a * (w - c) ** 2 + d), (a, c, d)
    m = re.fullmatch(rf"{num}?w\^2(?:([+-]){num}w)?(?:([+-]){num})?", tex)
    assert m, f"cannot read the function {tex!r}"
    a = float(m.group(1) or 1)
    B = float(m.group(2) + m.group(3)) if m.group(3) else 0.0
    E = float(m.group(4) + m.group(5)) if m.group(5) else 0.0
    return (lambda w: a * w * w + B * w + E), (a, -B / (2 * a), E - B * B / (4 * a))


def gd_expected(p):
    """Plain arithmetic on f′ (checked against a central difference of the f printed in the
    question), compared with optimizers.GD / Momentum too."""
    f, (a, c, d) = parse_function(p.question)
    assert (a, round(c, 9), round(d, 9)) == (p.params["a"], p.params["c"], p.params["d"])

    def fprime(w):
        return 2 * a * (w - c)

    for w in np.linspace(-5, 5, 7):
        h = 1e-5
        assert abs((f(w + h) - f(w - h)) / (2 * h) - fprime(w)) < 1e-6
    beta, steps = p.conventions["momentum"], p.conventions["steps"]
    out = []
    for lr in p.params["lr"]:
        w, v = p.params["w0"], 0.0
        opt = optimizers.Momentum(lr, beta) if beta else optimizers.GD(lr)
        theta = np.array([p.params["w0"]])
        for _ in range(steps):
            v = beta * v + fprime(w)
            w = w - lr * v
            theta = opt.step(theta, np.array([fprime(theta[0])]))
            assert abs(theta[0] - w) < 1e-12
            out += [v, w] if beta else [w]
    if beta:
        out.append(f(w))
    else:
        out.append(1 - 2 * a * p.params["lr"][1])
    return np.array(out)


def table_row(question, name):
    row = next(line for line in question.splitlines() if line.startswith(f"| {name} |"))
    return np.array([float(v) for v in row.strip("|").split("|")[1:]])


def loss_expected(p):
    q = p.question
    y, yhat = table_row(q, "target $y$"), table_row(q, "prediction $\\hat y$")
    t, prob = table_row(q, "target $t$"), table_row(q, "probability $p$")
    return np.array([losses.get("mse").value(y, yhat), losses.get("mae").value(y, yhat),
                     losses.Huber(1.0).value(y, yhat), losses.get("bce").value(t, prob)])


def batch_expected(p):
    """training.train on the linear network [1, 1] with half_sse: B = N once, then B = 1
    without shuffling (the given order); θ after every update from the History."""
    x, y = table_row(p.question, "$x_i$"), table_row(p.question, "$y_i$")
    X, Y = x[:, None], y[:, None]
    w0, b0, lr = p.params["w0"], p.params["b0"], p.params["lr"]

    def model():
        return nn.MLP.from_params([np.array([[w0]])], [np.array([b0])], "linear")

    m0 = model()
    _, gW, gb = m0.loss_and_grads(X, Y, "half_sse")
    mb = model()
    hb = training.train(mb, X, Y, loss="half_sse", optimizer=optimizers.GD(lr), epochs=1)
    ms = model()
    hs = training.train(ms, X, Y, loss="half_sse", optimizer=optimizers.GD(lr), epochs=1,
                        batch_size=1, shuffle=False)
    out = [gW[0][0, 0], gb[0][0], *hb.params_path[-1]]
    for w, b in hs.params_path[1:]:
        out += [w, b]
    out += [mb.loss(X, Y, "half_sse"), ms.loss(X, Y, "half_sse")]
    return np.array(out)


# --- the answers ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), conv=st.sampled_from(BP_CONVENTIONS))
def test_backprop_answers_equal_a_recomputation_through_nn(seed, conv):
    p = practice.backprop_problem(seed, **conv)
    expected, _ = bp_expected(p)
    np.testing.assert_allclose(p.answers, expected, rtol=0, atol=1e-12)
    assert all(quiz.check(q, f"{v:.4f}").correct for q, v in zip(p.steps, bp_by_hand(p))), \
        "a hand solution rounded to 4 decimals must be accepted"


@pytest.mark.parametrize("conv", BP_CONVENTIONS, ids=lambda c: "-".join(map(str, c.values())))
def test_backprop_every_convention_on_many_seeds(conv):
    for seed in range(8):
        p = practice.generate("backprop", seed, **conv)
        np.testing.assert_allclose(p.answers, bp_expected(p)[0], rtol=0, atol=1e-12)
        hand = bp_by_hand(p)
        for q, v in zip(p.steps, hand):
            assert quiz.check(q, f"{v:.4f}").correct, (seed, q.prompt, v, q.answer)


def test_backprop_solution_is_the_worked_step_and_the_question_gives_every_number():
    for seed in SEEDS:
        p = practice.backprop_problem(seed, outputs=1 + seed % 2)
        W1, b1, W2, b2, x, t, lr = bp_params(p)
        report = worked.backprop_step([W1, W2], [b1, b2], x, t, lr=lr)
        assert p.solution == report.to_markdown()
        q = p.question
        names = worked.unit_names([2, 2, len(t)])
        for layer, (W, b) in enumerate([(W1, b1), (W2, b2)]):
            for j, n in enumerate(names[layer + 1]):
                assert f"$b_{{{n}}} = {b[j]:g}$" in q
                for i, m in enumerate(names[layer]):
                    assert f"$w_{{{n},{m}}} = {W[j, i]:g}$" in q
        assert all(f"$x_{{{i + 1}}} = {v:g}$" in q for i, v in enumerate(x))
        assert all(f"$t_{{o{k + 1}}} = {v:g}$" in q for k, v in enumerate(t))
        assert f"\\alpha = {lr:g}$" in q and "(10 marks)" in q and p.marks == 10
        assert "<table>" in markdown.to_html(q)
        assert len(p.steps) == (13 if len(t) == 1 else 18)


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_gradient_descent_answers_equal_plain_arithmetic(momentum):
    for seed in SEEDS:
        steps = 1 + seed % 5
        p = practice.gd_problem(seed, momentum=momentum, steps=steps)
        np.testing.assert_allclose(p.answers, gd_expected(p), rtol=0, atol=1e-9)
        assert f"$w_0 = {p.params['w0']:g}$" in p.question
        assert all(f"\\alpha = {lr:g}$" in p.question for lr in p.params["lr"])
        if momentum:
            assert f"\\beta = {momentum:g}$" in p.question
        else:   # one rate creeps, the other overshoots; the solution says what each does
            a = p.params["a"]
            r1, r2 = (1 - 2 * a * lr for lr in p.params["lr"])
            assert 0 < r1 < 1 and r2 < 0
            assert "oscillates" in p.solution and ("diverges" in p.solution) == (abs(r2) > 1)
        w, hand = p.params["w0"], []   # by hand: each w rounded to 4 decimals
        for lr in p.params["lr"]:
            w, v = p.params["w0"], 0.0
            for _ in range(steps):
                v = round(momentum * v + 2 * p.params["a"] * (w - p.params["c"]), 4)
                w = round(w - lr * v, 4)
                hand += [v, w] if momentum else [w]
        for q, v in zip(p.steps, hand):
            assert quiz.check(q, f"{v:.4f}").correct


def test_loss_answers_equal_the_losses_module():
    for seed in SEEDS:
        p = practice.loss_problem(seed)
        np.testing.assert_allclose(p.answers, loss_expected(p), rtol=0, atol=1e-12)
        y, yhat = np.array(p.params["y"]), np.array(p.params["y_pred"])
        r = y - yhat   # Huber really mixes its two pieces; hand values (4-decimal logs) pass
        assert (np.abs(r) > 1).any() and (np.abs(r) <= 1).any()
        t, prob = np.array(p.params["t"]), np.array(p.params["p"])
        terms = [round(math.log(pi if ti else 1 - pi), 4) for ti, pi in zip(t, prob)]
        assert quiz.check(p.steps[3], f"{-sum(terms) / 4:.4f}").correct


def batch_by_hand(p):
    """Batch step and SGD epoch as a student writes them: every number to 4 decimals."""
    x, y = np.array(p.params["x"]), np.array(p.params["y"])
    w0, b0, lr = p.params["w0"], p.params["b0"], p.params["lr"]
    r = lambda v: np.round(v, 4)  # noqa: E731
    e = r(w0 * x + b0 - y)
    gw, gb = r(np.mean(r(e * x))), r(np.mean(e))
    wB, bB = r(w0 - r(lr * gw)), r(b0 - r(lr * gb))
    out, w, b = [gw, gb, wB, bB], w0, b0
    for xi, yi in zip(x, y):
        ei = r(w * xi + b - yi)
        w, b = r(w - r(lr * r(ei * xi))), r(b - r(lr * ei))
        out += [w, b]
    for ww, bb in ((wB, bB), (w, b)):
        out.append(r(np.mean(r(0.5 * r(ww * x + bb - y) ** 2))))
    return out


def test_batch_vs_sgd_answers_equal_training_train():
    for seed in SEEDS:
        p = practice.batch_vs_sgd_problem(seed)
        np.testing.assert_allclose(p.answers, batch_expected(p), rtol=0, atol=1e-12)
        for q, v in zip(p.steps, batch_by_hand(p)):
            assert quiz.check(q, f"{v:.4f}").correct, (seed, q.prompt, v, q.answer)
        assert p.params["x"] == table_row(p.question, "$x_i$").tolist()
        assert f"$w_0 = {p.params['w0']:g}$" in p.question
        assert f"$b_0 = {p.params['b0']:g}$" in p.question
        N = len(p.params["x"])
        assert 3 <= N <= 4 and len(p.steps) == 4 + 2 * N + 2


# --- the slips ----------------------------------------------------------------------------

def typed(p, i, value):
    """Answers with steps before i right (to 4 decimals), ``value`` at step i, rest empty."""
    return [f"{a:.4f}" for a in p.answers[:i]] + [repr(float(value))] + \
        [""] * (len(p.steps) - i - 1)


@pytest.mark.parametrize("kind", list(practice.KINDS))
def test_every_listed_mistake_gets_its_own_feedback_and_names_the_step(kind):
    for seed in range(25):
        p = practice.generate(kind, seed)
        for i, q in enumerate(p.steps):
            assert q.tolerance >= TOL and q.prompt.startswith(f"<b>Step {i + 1}:</b>")
            assert quiz.check(q, f"{q.answer:.4f}").correct
            for m in q.mistakes:
                assert abs(m.answer - q.answer) > 1.5 * q.tolerance
                assert quiz.check(q, repr(m.answer)).message == f"Not quite: {m.feedback}"
                index, sentence = practice.first_wrong_step(p, typed(p, i, m.answer))
                assert index == i
                assert sentence.startswith(f"Step {i + 1} ({p.labels[i]}) is wrong: ")
                assert m.feedback in sentence


def slip_checker(p):
    """check(step index, slip value, words): if the slip's number stands apart from the
    answer, typing it must give feedback containing ``words``. Returns the count checked."""
    done = []

    def check(i, value, *words):
        q = p.steps[i]
        if abs(value - q.answer) <= 2 * q.tolerance:
            return
        message = quiz.check(q, repr(float(value))).message
        assert any(w in message for w in words), (p.kind, p.seed, q.prompt, value, message)
        done.append(words[0])

    return check, done


def test_backprop_classic_slips_are_diagnosed_as_such():
    counts = {}
    for seed, conv in itertools.product(range(12), BP_CONVENTIONS[::3]):
        p = practice.backprop_problem(seed, **conv)
        _, nums = bp_expected(p)
        check, done = slip_checker(p)
        c = p.conventions
        W1, b1, W2, b2, x, t, lr = bp_params(p)
        K, s, j = len(t), nums["sign"], nums["j"]
        f = activations.get(c["activation"])
        ub = c["update_biases"]
        i_J, i_do, i_dh = 2 + K, 3 + K, 3 + 2 * K
        i_wo = 5 + 2 * K                         # first new output weight
        i_wh = i_wo + K * (3 if ub else 2)       # first new hidden weight
        half = c["loss"] == "half_sse"
        check(0, f(W1[0] @ x), "left out the bias")                     # forward, no bias
        check(0, W1[0] @ x + b1[0], "net input z")                      # z for a
        check(i_J, nums["J"] * (2 if half else 0.5), "½")               # the other J
        check(i_J, (0.5 if half else 1) * np.sum(np.abs(t - nums["o"])), "square")
        dJ_do = losses.get(c["loss"]).grad(t[None], nums["o"][None])[0]
        check(i_do, s * dJ_do[0], "left out f′")                        # δ without f′
        check(i_do, -s * nums["gb"][1][0], "sign of δ")                 # δ sign flipped
        check(i_do, s * nums["gb"][1][0] * (2 if half else 0.5), "∂J/∂o")  # other loss
        a_h = nums["a_h"]
        fp_h = f.derivative(W1 @ x + b1, a_h)
        W2_new = nums["new_W"][1]
        d_seq = fp_h * (W2_new.T @ nums["gb"][1])                       # sequential update
        check(i_dh + j, s * d_seq[j], "NEW output weights")
        check(i_dh, s * (W2.T @ nums["gb"][1])[0], "f′(z) of the hidden unit")
        check(i_wo, W2[0, 0] + lr * nums["gW"][1][0, 0], "wrong way", "uphill")  # sign
        check(i_wo, W2[0, 0] - lr * nums["gb"][1][0] * x[0], "network input x")
        check(i_wo, W2[0, 0] - lr * nums["gW"][1][0, 0] * (2 if half else 0.5), "∂J/∂o")
        check(i_wh, W1[j, 0] + lr * nums["gW"][0][j, 0], "wrong way", "uphill")
        check(i_wh, W1[j, 0] - lr * d_seq[j] * x[0], "NEW output weights")
        if ub:
            check(i_wo + 2, b2[0], "bias as it was")
        if c["activation"] == "bipolar_sigmoid":
            check(i_do, s * 2 * nums["gb"][1][0], "1 − a²")          # f′ without its ½
        for word in done:
            counts[word] = counts.get(word, 0) + 1
    # every slip was really tried on many problems (the test cannot pass by skipping)
    for word in ["left out the bias", "net input z", "½", "square", "left out f′", "sign of δ", "∂J/∂o",
                 "NEW output weights", "f′(z) of the hidden unit", "wrong way",
                 "network input x", "bias as it was", "1 − a²"]:
        assert counts.get(word, 0) >= 10, (word, counts)


def test_gradient_descent_classic_slips_are_diagnosed_as_such():
    counts = {}
    for seed in range(40):
        p = practice.gd_problem(seed, momentum=0.9 if seed % 2 else 0.0)
        check, done = slip_checker(p)
        a, c, w0 = p.params["a"], p.params["c"], p.params["w0"]
        lr, beta = p.params["lr"][0], p.params["beta"]
        g = 2 * a * (w0 - c)
        i_w1 = 1 if beta else 0
        check(i_w1, w0 + lr * g, "uphill")                    # sign
        check(i_w1, w0 - lr * g / 2, "the 2")                 # derivative without its 2
        if beta:
            w1 = w0 - lr * g
            g1 = 2 * a * (w1 - c)
            check(2, g1, "βv")                                # v₂ without βv
            check(0, (1 - beta) * g, "averaged")              # v₁ = βv₀ + (1 − β)g
        else:
            w1 = w0 - lr * g
            check(1, w1 - lr * g, "slope of the point before")  # stale gradient
        for word in done:
            counts[word] = counts.get(word, 0) + 1
    for word in ["uphill", "the 2", "βv", "slope of the point before"]:
        assert counts.get(word, 0) >= 10, (word, counts)


def test_loss_and_batch_slips_are_diagnosed_as_such():
    counts = {}
    for seed in range(30):
        p = practice.loss_problem(seed)
        check, done = slip_checker(p)
        y, yhat = np.array(p.params["y"]), np.array(p.params["y_pred"])
        t, prob = np.array(p.params["t"]), np.array(p.params["p"])
        check(0, np.sum((y - yhat) ** 2), "mean")                  # sum, not mean
        check(0, np.mean(y - yhat), "square")                     # no square
        bce10 = -np.mean(t * np.log10(prob) + (1 - t) * np.log10(1 - prob))
        check(3, bce10, "log₁₀")
        check(3, -p.answers[3], "sign")
        q = practice.batch_vs_sgd_problem(seed)
        check2, done2 = slip_checker(q)
        x, yy = np.array(q.params["x"]), np.array(q.params["y"])
        w0, b0, lr = q.params["w0"], q.params["b0"], q.params["lr"]
        e = w0 * x + b0 - yy
        check2(0, np.sum(e * x), "divide the sum by N")            # summing, not averaging
        check2(2, w0 + lr * np.mean(e * x), "uphill")             # sign
        N = len(x)
        w_old = w0 - lr * np.sum(e * x)                           # SGD, gradients at θ₀
        check2(2 + 2 * N, w_old, "starting (w₀, b₀)", "summed")
        for word in done + done2:
            counts[word] = counts.get(word, 0) + 1
    for word in ["mean", "square", "log₁₀", "sign", "divide the sum by N", "uphill",
                 "starting (w₀, b₀)"]:
        assert counts.get(word, 0) >= 10, (word, counts)


# --- marking --------------------------------------------------------------------------------

def test_diagnose_and_first_wrong_step():
    p = practice.generate("backprop", 3)
    n = len(p.steps)
    right = [f"{a:.4f}" for a in p.answers]
    assert practice.first_wrong_step(p, right) is None
    assert all(fb.correct for fb in practice.diagnose(p, right))
    empty = [""] * n
    assert [fb.message for fb in practice.diagnose(p, empty)] == ["Not answered yet."] * n
    assert practice.first_wrong_step(p, empty) == (0, f"Step 1 ({p.labels[0]}) is not "
                                                      "answered yet.")
    partial = right[:4] + [""] * (n - 4)
    index, sentence = practice.first_wrong_step(p, partial)
    assert index == 4 and sentence.startswith("Steps 1–4 are right; Step 5")
    # a wrong answer later is reported even when an earlier box is empty
    gap = [""] + right[1:5] + ["12.5"] + [""] * (n - 6)
    index, sentence = practice.first_wrong_step(p, gap)
    assert index == 5 and "12.5 is not within" in sentence
    evil = right[:2] + ["__import__('os')"] + right[3:]
    assert not practice.diagnose(p, evil)[2].correct
    index, sentence = practice.first_wrong_step(p, evil)
    assert index == 2 and "not a number" in sentence
    with pytest.raises(ValueError, match=f"{n} typed strings"):
        practice.diagnose(p, right[:-1])
    with pytest.raises(ValueError, match="Problem"):
        practice.first_wrong_step("backprop", right)


def test_same_seed_same_problem_and_different_seeds_different_numbers():
    for kind in practice.KINDS:
        assert practice.generate(kind, 11) == practice.generate(kind, 11)
        questions = {practice.generate(kind, seed).question for seed in range(60)}
        assert len(questions) == 60, kind


def test_every_problem_renders_and_has_a_solution_and_answer_key():
    for kind in practice.KINDS:
        p = practice.generate(kind, 5)
        for text in (p.question, p.solution, p.answer_key):
            assert "<p>" in markdown.to_html(text)
        assert all(f"| {i + 1} |" in p.answer_key for i in range(len(p.steps)))
        assert len(p.labels) == len(p.steps) and 5 <= p.marks <= 10
        assert f"({p.marks} marks)" in p.question


@pytest.mark.parametrize("call, match", [
    (lambda: practice.generate("essay", 1), "unknown kind.*backprop"),
    (lambda: practice.generate("loss", 1, outputs=2), "no setting outputs"),
    (lambda: practice.generate("backprop", 1, momentum=0.5), "settings are: outputs"),
    (lambda: practice.generate("backprop", -1), "seed"),
    (lambda: practice.generate("backprop", 1.5), "seed"),
    (lambda: practice.generate("backprop", True), "seed"),
    (lambda: practice.generate("loss", "3"), "seed"),
    (lambda: practice.backprop_problem(1, outputs=3), "outputs must be one of 1, 2"),
    (lambda: practice.backprop_problem(1, loss="mse"), "loss must be one of"),
    (lambda: practice.backprop_problem(1, update_biases=1), "update_biases"),
    (lambda: practice.backprop_problem(1, delta_sign="o-t"), "delta_sign"),
    (lambda: practice.backprop_problem(1, activation="relu"), "activation"),
    (lambda: practice.gd_problem(1, momentum=1.0), "momentum β"),
    (lambda: practice.gd_problem(1, steps=0), "steps"),
])
def test_bad_requests_say_what_is_wrong(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_maths_layer_imports_no_plotting_or_widgets():
    text = Path(practice.__file__).read_text()
    assert not re.search(r"^\s*(import|from)\s+(matplotlib|ipywidgets|ipympl)\b", text, re.M)
