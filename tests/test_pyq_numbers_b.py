"""Every number in the model answers on the chain rule, backpropagation, the training loop
and vanishing gradients is recomputed here with the library and must appear in the entry's
text, rounded the way the answer writes it (4 decimals, or fewer when exact)."""

import math
import re

import numpy as np
import pytest

from lessons_lib import activations, cost, losses, nn, pyq, training
from lessons_lib.optimizers import GD
from lessons_lib.widgets import deep_network_gradient_norms

SIGMOID = activations.Sigmoid()


def text_of(pyq_id):
    e = pyq.entry(pyq_id)
    return " ".join([e.question] + [p.text for p in e.answer]).replace("−", "-")


def written(v):
    """A computed number as a hand solution writes it: 4 decimals, or fewer when exact."""
    v = float(v)
    if abs(v - round(v, 4)) < 5e-11:
        s = f"{round(v, 4):.4f}".rstrip("0").rstrip(".")
        return "0" if s == "-0" else s
    return f"{v:.4f}"


def sci(v, digits=2):
    """v as m × 10^e in LaTeX, e.g. 9.54 \\times 10^{-7}."""
    e = math.floor(math.log10(abs(v)))
    return f"{v / 10 ** e:.{digits}f} \\times 10^{{{e}}}"


# Numbers a hand solution computes: 4 decimals (with their sign, but not the minus of e^{-z}),
# or thousands with commas.
COMPUTED = re.compile(r"(?<![\d.])(?:(?<!\{)-)?\d+\.\d{4}(?!\d)"
                      r"|(?<![\d,])\d{1,3}(?:,\d{3})+(?![\d,])")


def assert_shown(text, numbers):
    """Each number (a float, or a string already written out) stands in the text on its
    own: not as part of a longer number, and with its sign. And the other way round:
    every 4-decimal or comma-grouped number in the text is one of them, so a wrong digit
    in any copy of a number is caught."""
    shown = [v if isinstance(v, str) else written(v) for v in numbers]
    missing = []
    for s in shown:
        before = r"(?<![\d.])" if s.startswith("-") else r"(?<![\d.\-])"
        if not re.search(before + re.escape(s) + r"(?!\d)", text):
            missing.append(s)
    assert not missing, f"not in the answer: {missing}"
    allowed = {m for s in shown for m in COMPUTED.findall(s)}
    unknown = sorted(set(COMPUTED.findall(text)) - allowed)
    assert not unknown, f"numbers in the answer that no recomputation gives: {unknown}"


def sigmoid(z):
    return float(SIGMOID(np.array(float(z))))


def one_step(Ws, bs, x, t, lr, acts="sigmoid"):
    """Forward values, δ, gradients and new parameters of one step, through nn.MLP."""
    Ws = [np.array(W, dtype=float) for W in Ws]
    bs = [np.array(b, dtype=float) for b in bs]
    model = nn.MLP.from_params(Ws, bs, acts)
    X, Y = np.array([x], dtype=float), np.array([t], dtype=float)
    caches = model.forward_trace(X)
    J, gW, gb = model.loss_and_grads(X, Y, loss="half_sse")
    new_W = [W - lr * g for W, g in zip(Ws, gW)]
    new_b = [b - lr * g for b, g in zip(bs, gb)]
    after = nn.MLP.from_params(new_W, new_b, acts)
    return dict(z=[c.Z[0] for c in caches], a=[c.A[0] for c in caches], J=J, gW=gW, gb=gb,
                new_W=new_W, new_b=new_b, o_after=after.forward(X)[0],
                J_after=after.loss(X, Y, loss="half_sse"))


def flat(arrays):
    return [float(v) for arr in arrays for v in np.ravel(arr)]


# --- the chain rule ------------------------------------------------------------------------

def test_chain_rule_significance_example():
    a = sigmoid(0.5)  # x = 1, w = 0.5, b = 0, t = 1
    assert_shown(text_of("chain-rule-significance"),
                 [a, a - 1, a * (1 - a), (a - 1) * a * (1 - a)])


def test_chain_rule_graph_numerical():
    s = one_step(**NEURON2)
    a = s["a"][0][0]
    dz = s["gb"][0][0]
    assert_shown(text_of("chain-rule-graph-numerical"),
                 [s["z"][0][0], a, s["J"], a - 1, a * (1 - a), dz, *flat(s["gW"]),
                  *flat(s["new_W"]), *flat(s["new_b"])])


def test_chain_rule_sigmoid_neuron_derivation():
    s = one_step([[[0.5]]], [[0.4]], [1.2], [0], 0.5)
    a = s["a"][0][0]
    delta = s["gb"][0][0]
    assert_shown(text_of("chain-rule-sigmoid-neuron-derivation"),
                 [s["z"][0][0], a, s["J"], a * (1 - a), delta, s["gW"][0][0, 0],
                  *flat(s["new_W"]), *flat(s["new_b"]), s["o_after"][0], s["J_after"]])


def test_sigmoid_identities_example_matches_finite_differences():
    lam, z, h = 2.0, 0.5, 1e-6
    uni = lambda v: 1 / (1 + math.exp(-lam * v))          # noqa: E731
    bip = lambda v: 2 / (1 + math.exp(-lam * v)) - 1      # noqa: E731
    o_u, o_b = uni(z), bip(z)
    slope_u = (uni(z + h) - uni(z - h)) / (2 * h)
    slope_b = (bip(z + h) - bip(z - h)) / (2 * h)
    assert slope_u == pytest.approx(lam * o_u * (1 - o_u), abs=1e-8)
    assert slope_b == pytest.approx(lam / 2 * (1 - o_b ** 2), abs=1e-8)
    assert activations.Sigmoid(lam)(np.array(z)) == pytest.approx(o_u)
    assert activations.BipolarSigmoid(lam)(np.array(z)) == pytest.approx(o_b)
    assert_shown(text_of("chain-rule-sigmoid-identities"),
                 [o_u, 1 - o_u, slope_u, o_b, o_b ** 2, slope_b])


def test_backprop_efficiency_counts():
    big, small = cost.gradient_costs([784, 100, 10]), cost.gradient_costs([2, 2, 1])
    assert big.params == 784 * 100 + 100 + 100 * 10 + 10
    assert big.finite_diff == 2 * big.params * big.forward
    assert_shown(text_of("chain-rule-backprop-efficiency"),
                 [f"{n:,}" for n in (big.params, big.forward, big.backward, big.backprop,
                                     2 * big.params, big.finite_diff, round(big.ratio),
                                     small.params, small.finite_diff, small.backprop)])


# --- backpropagation -----------------------------------------------------------------------

def test_why_backprop_counts():
    c = cost.gradient_costs([784, 30, 10])
    assert_shown(text_of("backprop-why-needed"),
                 [f"{n:,}" for n in (c.params, 2 * c.params, c.finite_diff, c.backprop)])


# The networks of the examples and numericals: weights (n_out, n_in), biases, x, t, α.
NB04 = dict(Ws=[[[0.3, -0.2], [0.1, 0.4]], [[0.6, -0.5]]], bs=[[0.1, -0.1], [0.2]],
            x=[1, 0.5], t=[1], lr=0.5)
NET221 = dict(Ws=[[[0.2, 0.4], [-0.3, 0.5]], [[0.5, -0.4]]], bs=[[-0.1, 0.2], [0.3]],
              x=[0, 1], t=[1], lr=0.25)
NET222 = dict(Ws=[[[0.1, 0.3], [-0.2, 0.4]], [[0.5, -0.3], [0.2, 0.6]]],
              bs=[[0.2, -0.1], [-0.1, 0.1]], x=[1, 0.5], t=[1, 0], lr=0.5)
NEURON2 = dict(Ws=[[[0.3, 0.5]]], bs=[[0.1]], x=[2, -1], t=[1], lr=0.5)


def test_delta_rules_example_is_notebook_04s_network():
    s = one_step(**NB04)
    (ah1, ah2), (o,) = s["a"]
    d_o = (o - 1) * o * (1 - o)
    d_h1, d_h2 = ah1 * (1 - ah1) * 0.6 * d_o, ah2 * (1 - ah2) * (-0.5) * d_o
    assert [d_h1, d_h2, d_o] == pytest.approx(flat(s["gb"]))  # δ = ∂J/∂b
    assert_shown(text_of("backprop-delta-rules-derivation"),
                 [o, o - 1, o * (1 - o), d_o, ah1 * (1 - ah1), d_h1, ah2 * (1 - ah2), d_h2])


def check_numerical(pyq_id, net, extra=lambda s: []):
    s = one_step(**net)
    t = net["t"]
    text = text_of(pyq_id)
    out = s["a"][-1]
    numbers = flat(s["z"]) + flat(s["a"]) + [s["J"]] + flat(s["gW"]) + flat(s["gb"])
    numbers += flat(s["new_W"]) + flat(s["new_b"]) + flat(s["o_after"]) + [s["J_after"]]
    numbers += [a * (1 - a) for a in flat(s["a"])]
    numbers += [o - tk for o, tk in zip(out, t)]
    numbers += [0.5 * (tk - o) ** 2 for o, tk in zip(out, t)] if len(t) > 1 else []
    assert_shown(text, numbers + extra(s))
    return s, text


def test_backprop_numerical_221():
    s, text = check_numerical("backprop-numerical-221", NET221)
    assert s["gW"][0][:, 0].tolist() == [0, 0]  # x1 = 0: its weights do not move
    assert s["J_after"] < s["J"]


def hidden_sums(s):
    """Σ_k w_kj δ_k for each hidden unit j of the 2-2-2 network (its answer shows them)."""
    d_o1, d_o2 = s["gb"][1]
    return [0.5 * d_o1 + 0.2 * d_o2, -0.3 * d_o1 + 0.6 * d_o2]


def test_backprop_numerical_222():
    s, text = check_numerical("backprop-numerical-222", NET222, extra=hidden_sums)
    assert s["J_after"] < s["J"]


def test_role_of_sigmoid_slopes():
    numbers = []
    for z in (0, 2, 4):
        a = sigmoid(z)
        numbers += [a, a * (1 - a)]
    ratio = 0.25 / numbers[-1]
    assert_shown(text_of("backprop-role-of-sigmoid"), numbers + [f"about {ratio:.0f} times"])


def test_learning_factors_momentum_steps():
    alpha, beta, g1, g2 = 0.5, 0.9, 0.4, 0.3
    dw1 = -alpha * g1
    dw2 = -alpha * g2 + beta * dw1
    plain = -alpha * g2
    assert_shown(text_of("backprop-learning-factors"), [dw1, dw2, plain, dw2 / plain])


# --- the training loop ---------------------------------------------------------------------

def test_how_networks_learn_example():
    s = one_step(**NB04)
    assert_shown(text_of("training-loop-how-networks-learn"),
                 [s["a"][1][0], s["J"], s["gb"][1][0], s["gW"][1][0, 0], s["new_W"][1][0, 0],
                  s["o_after"][0], s["J_after"]])


def test_flowchart_counts_come_from_training_train():
    X = np.linspace(-1, 1, 60)[:, None]
    model = nn.MLP([1, 1], activation="linear", output_activation="linear", seed=0)
    h = training.train(model, X, X, loss="mse", optimizer=GD(0.1), epochs=25, batch_size=8)
    last = 60 - 8 * (h.updates_per_epoch - 1)
    assert_shown(text_of("training-loop-flowchart"),
                 [f"= {h.updates_per_epoch}$ updates per epoch", f"only {last} samples",
                  f"makes {len(h.update_losses)} updates"])


def test_epochs_and_early_stopping_example():
    per_epoch = math.ceil(1000 / 50)
    val = VALIDATION
    best, waited = 0, 0
    for e in range(1, len(val)):
        if val[e] < val[best]:
            best, waited = e, 0
        else:
            waited += 1
            if waited == 3:
                break
    text = text_of("training-loop-epochs-stopping-overfitting")
    assert ", ".join(written(v) for v in val) in text
    assert_shown(text, [f"= {per_epoch}$ iterations", f"make {30 * per_epoch} updates",
                        f"best is {written(val[best])} at epoch {best + 1}",
                        f"stops after epoch {e + 1}", f"weights of epoch {best + 1}"])


def test_practical_issues_standardisation():
    x = np.array([20.0, 40, 60, 80])
    mu, sd = x.mean(), np.sqrt(((x - x.mean()) ** 2).mean())
    assert_shown(text_of("training-loop-practical-issues"), [mu, sd, *((x - mu) / sd)])


# --- vanishing and exploding gradients -----------------------------------------------------

def test_vanishing_cause_example():
    norms = {a: deep_network_gradient_norms(10, a) for a in ("sigmoid", "tanh", "relu")}
    for a in ("tanh", "relu"):  # "within a factor of 10 of each other"
        assert norms[a].max() / norms[a].min() < 10
    assert_shown(text_of("vanishing-gradients-cause-remedies"),
                 [sci(0.25 ** 5), sci(0.25 ** 10), sci(deep_ratio(), 1)])


def deep_ratio():
    """Layer 1's gradient over the output layer's, 10 sigmoid hidden layers (notebook 04)."""
    norms = deep_network_gradient_norms(10, "sigmoid")
    return norms[0] / norms[-1]


def test_vanishing_numerical_chain():
    chain = [[[1.0]]] * 4
    zeros = [[0.0]] * 4
    sg = one_step(chain, zeros, [1], [0], 0.5, "sigmoid")
    rl = one_step(chain, zeros, [1], [0], 0.5, ["relu", "relu", "relu", "sigmoid"])
    z, a, d = flat(sg["z"]), flat(sg["a"]), flat(sg["gb"])
    slopes = [v * (1 - v) for v in a]
    numbers = z + a + slopes + d + [d[0] / d[-1], sg["gW"][0][0, 0], sg["gW"][3][0, 0]]
    numbers += [sci(d[0], 3), sci(d[1], 3), sci(0.25 ** 5), sci(0.25 ** 10), 0.25 ** 3]
    numbers += [f"about 1/{d[-1] / d[0]:.0f}"]
    o = rl["a"][-1][0]
    numbers += [o, o * (1 - o), *flat(rl["gb"])]
    assert flat(rl["gb"]) == pytest.approx([rl["gb"][-1][0]] * 4)  # ReLU: no shrinking
    assert_shown(text_of("vanishing-gradients-numerical"), numbers)


def test_exploding_and_clipping_example():
    g = np.array([3.0, -4.0])
    norm = np.linalg.norm(g)
    clipped = g / norm * 1.0
    assert_shown(text_of("vanishing-gradients-exploding-clipping"),
                 [f"{1.5 ** 20:.1f}", 0.9 ** 20, norm, *clipped])


def test_relu_and_sigmoid_slopes():
    relu = activations.ReLU()
    z = np.array([2.0, -1.0, 0.5])
    assert relu.derivative(z, relu(z)).tolist() == [1, 0, 1]
    a = SIGMOID(z)
    assert_shown(text_of("vanishing-gradients-relu-dying"),
                 [*(a * (1 - a)), sci(0.25 ** 10)])


def test_every_numerical_entry_of_these_topics_is_checked_here():
    import inspect
    source = inspect.getsource(inspect.getmodule(test_half_sse_is_the_loss_the_answers_use))
    mine = ("chain-rule", "backpropagation", "training-loop", "vanishing-gradients")
    for e in pyq.load_bank():
        if e.topic in mine and e.kind == "numerical":
            assert f'"{e.id}"' in source, f"{e.id} has no numbers test"


def test_half_sse_is_the_loss_the_answers_use():
    # The answers say J = ½ Σ (t − o)²; the library's half_sse must be that loss.
    t, o = np.array([[1.0, 0.0]]), np.array([[0.6, 0.3]])
    assert losses.get("half_sse").value(t, o) == pytest.approx(0.5 * (0.4 ** 2 + 0.3 ** 2))


# --- the short numbers: every number with one or two decimals in an answer is given in the
# question, is the example's own data, or is one of these results -----------------------

VALIDATION = [0.52, 0.41, 0.35, 0.33, 0.34, 0.36, 0.35, 0.38]
_grid = np.linspace(-6, 6, 12001)
_a = SIGMOID(_grid)
SLOPE_MAX, A_AT_MAX = float((_a * (1 - _a)).max()), float(_a[np.argmax(_a * (1 - _a))])
BOUNDS = [sci(0.25 ** 5), sci(0.25 ** 10)]
KNOWN = {
    "chain-rule-significance": lambda: [0.5, SLOPE_MAX],
    "chain-rule-graph-numerical": lambda: flat(one_step(**NEURON2)["z"]),
    "chain-rule-sigmoid-neuron-derivation": lambda: [1.2, 0.5, 0.4],
    "chain-rule-sigmoid-identities": lambda: [SLOPE_MAX, A_AT_MAX, 0.5],
    "backprop-delta-rules-derivation": lambda: flat(NB04["Ws"]) + NB04["x"],
    "backprop-numerical-221": lambda: flat(one_step(**NET221)["z"]),
    "backprop-numerical-222": lambda: flat(one_step(**NET222)["z"]),
    "backprop-role-of-sigmoid": lambda: [SLOPE_MAX, sigmoid(0)],
    "backprop-learning-factors": lambda: [0.5, 0.9, 0.4, 0.3, -0.5 * 0.4, -0.5 * 0.3,
                                          -0.5 * 0.3 + 0.9 * -0.5 * 0.4, (0.15 + 0.18) / 0.15],
    "training-loop-how-networks-learn": lambda: flat(NB04["Ws"]) + NB04["x"],
    "training-loop-epochs-stopping-overfitting": lambda: VALIDATION,
    "vanishing-gradients-cause-remedies": lambda: [SLOPE_MAX, *BOUNDS, sci(deep_ratio(), 1)],
    "vanishing-gradients-numerical": lambda: [A_AT_MAX, *BOUNDS],
    "vanishing-gradients-exploding-clipping": lambda: [0.6, 0.8, 0.9, 1.5, f"{1.5 ** 20:.1f}"],
    "vanishing-gradients-relu-dying": lambda: [activations.LeakyReLU().slope, SLOPE_MAX, 0.5,
                                               BOUNDS[1]],
}
SHORT = re.compile(r"(?<![\d.])\d+\.\d{1,2}(?!\d)")
MINE = [e for e in pyq.load_bank()
        if e.topic in ("chain-rule", "backpropagation", "training-loop", "vanishing-gradients")]


@pytest.mark.parametrize("e", MINE, ids=lambda e: e.id)
def test_short_numbers_are_given_or_known(e):
    answer = " ".join(p.text for p in e.answer)
    known = set(SHORT.findall(e.question))
    for v in KNOWN.get(e.id, lambda: [])():
        known |= set(SHORT.findall(v if isinstance(v, str) else written(abs(v))))
    unknown = sorted(set(SHORT.findall(answer)) - known)
    assert not unknown, f"{e.id}: numbers neither given nor recomputed: {unknown}"
