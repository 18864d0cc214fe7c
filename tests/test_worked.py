"""worked.backprop_step: published textbook examples to their printed precision, the
conventions (simultaneous update, fixed biases, ½ or no ½), gradients against finite
differences and against nn.MLP, the written solution, and bad input refused."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lessons_lib import losses
from lessons_lib.activations import BipolarSigmoid, Sigmoid
from lessons_lib.activations import get as get_activation
from lessons_lib.gradcheck import numerical_gradient, rel_error
from lessons_lib.nn import MLP
from lessons_lib.worked import StepReport, backprop_step, unit_names


def assert_printed(value, published: str, units: float = 0.5):
    """``value`` agrees with a number printed as ``published`` (a string, so its decimals
    are known): within ``units`` × one unit in the last printed digit (0.5 = it rounds
    to the printed number)."""
    decimals = len(published.split(".")[1]) if "." in published else 0
    tol = units * 10.0 ** -decimals
    assert abs(value - float(published)) <= tol * (1 + 1e-9), \
        f"{value!r} does not match the printed {published} (±{tol:g})"


# --- Example 1 ---------------------------------------------------------------------------
# Matt Mazur, "A Step by Step Backpropagation Example", blog post, 17 March 2015,
# https://mattmazur.com/2015/03/17/a-step-by-step-backpropagation-example/
# 2-2-2 network, logistic sigmoid everywhere, E_total = Σ ½(target − out)², η = 0.5.
# net_h1 = w1·i1 + w2·i2 + b1, net_h2 = w3·i1 + w4·i2 + b1, net_o1 = w5·out_h1 + w6·out_h2
# + b2, net_o2 = w7·out_h1 + w8·out_h2 + b2: so W1 = [[w1, w2], [w3, w4]] and
# W2 = [[w5, w6], [w7, w8]] in our (n_out, n_in) convention. One bias per layer (b1 = 0.35
# into both hidden units, b2 = 0.60 into both outputs); the post updates only the weights.
# The printed numbers below were checked against copies of the post found with the search
# tool (the post's text and several reproductions of its numbers in public test suites).

MAZUR = dict(
    weights=[[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45], [0.50, 0.55]]],
    biases=[[0.35, 0.35], [0.60, 0.60]],
    x=[0.05, 0.10], target=[0.01, 0.99],
)


@pytest.fixture(scope="module")
def mazur():
    return backprop_step(MAZUR["weights"], MAZUR["biases"], MAZUR["x"], MAZUR["target"],
                         lr=0.5, update_biases=False)


def test_mazur_forward_pass_and_error(mazur):
    (z_h, z_o), (a_h, a_o) = mazur.z, mazur.a
    assert_printed(z_h[0], "0.3775")          # net_h1 = 0.15×0.05 + 0.2×0.1 + 0.35
    assert_printed(z_h[1], "0.3925")          # net_h2 = 0.25×0.05 + 0.3×0.1 + 0.35
    assert_printed(a_h[0], "0.593269992")     # out_h1
    assert_printed(a_h[1], "0.596884378")     # out_h2
    assert_printed(z_o[0], "1.105905967")     # net_o1
    assert_printed(z_o[1], "1.224921404")     # net_o2
    assert_printed(a_o[0], "0.75136507")      # out_o1
    assert_printed(a_o[1], "0.772928465")     # out_o2
    assert_printed(mazur.loss_terms[0], "0.274811083")   # E_o1
    assert_printed(mazur.loss_terms[1], "0.023560026")   # E_o2
    assert_printed(mazur.loss, "0.298371109")            # E_total


def test_mazur_backward_pass(mazur):
    d_h, d_o = mazur.delta
    assert_printed(mazur.dJ_do[0], "0.74136507")          # ∂E_total/∂out_o1
    assert_printed(mazur.f_prime[1][0], "0.186815602")    # ∂out_o1/∂net_o1
    assert_printed(d_o[0], "0.138498562")                 # ∂E_total/∂net_o1 (δ_o1)
    assert_printed(mazur.grad_W[1][0, 0], "0.082167041")  # ∂E_total/∂w5
    # The hidden unit h1 hears from both outputs:
    # ∂E_o1/∂out_h1 = δ_o1·w5 and ∂E_o2/∂out_h1 = δ_o2·w7, which add to ∂E_total/∂out_h1.
    w = MAZUR["weights"][1]
    assert_printed(d_o[0] * w[0][0], "0.055399425")
    # The post prints ∂E_o2/∂out_h1 = −0.019049119, one unit off in the 9th decimal:
    # δ_o2 = (0.772928465 − 0.99) × 0.772928465 × (1 − 0.772928465) = −0.0380982366, and
    # × w7 = 0.5 gives −0.0190491183, which rounds to −0.019049118.
    assert_printed(d_o[1] * w[1][0], "-0.019049118")
    assert_printed(d_o[1] * w[1][0], "-0.019049119", units=1.0)
    assert_printed(d_h[0] / mazur.f_prime[0][0], "0.036350306")
    assert_printed(mazur.f_prime[0][0], "0.241300709")    # ∂out_h1/∂net_h1
    assert_printed(mazur.grad_W[0][0, 0], "0.000438568")  # ∂E_total/∂w1


def test_mazur_new_weights(mazur):
    W1, W2 = mazur.new_W
    for value, printed in zip(W2.ravel(), ["0.35891648", "0.408666186", "0.511301270",
                                           "0.561370121"]):
        assert_printed(value, printed)                    # w5+, w6+, w7+, w8+
    for value, printed in zip(W1.ravel(), ["0.149780716", "0.19956143", "0.24975114",
                                           "0.29950229"]):
        assert_printed(value, printed)                    # w1+, w2+, w3+, w4+
    np.testing.assert_array_equal(mazur.new_b[0], [0.35, 0.35])   # biases not updated
    np.testing.assert_array_equal(mazur.new_b[1], [0.60, 0.60])


def test_mazur_error_after_the_step_and_the_posts_printed_value(mazur):
    # The post says the error falls from 0.298371109 to 0.291027924 after this step. With
    # the new weights it prints itself (w1+ … w8+ above, all simultaneous) the error is
    # 0.291027774. The post's 0.291027924 is what you get if the hidden δ's are computed
    # with the *already updated* w5+ … w8+ (a non-simultaneous update); we recompute that
    # variant here by hand to show where the printed number comes from.
    after = backprop_step(mazur.new_W, mazur.new_b, MAZUR["x"], MAZUR["target"], lr=0.5)
    assert_printed(after.loss, "0.291027774")

    def sig(z):
        return 1.0 / (1.0 + np.exp(-z))

    x, t = np.array(MAZUR["x"]), np.array(MAZUR["target"])
    W1, W2 = np.array(MAZUR["weights"][0]), np.array(MAZUR["weights"][1])
    h = sig(W1 @ x + 0.35)
    o = sig(W2 @ h + 0.60)
    d_o = (o - t) * o * (1 - o)
    W2_new = W2 - 0.5 * np.outer(d_o, h)
    d_h_late = h * (1 - h) * (W2_new.T @ d_o)          # uses w5+ … w8+: not simultaneous
    W1_late = W1 - 0.5 * np.outer(d_h_late, x)
    o_late = sig(W2_new @ sig(W1_late @ x + 0.35) + 0.60)
    assert_printed(0.5 * np.sum((t - o_late) ** 2), "0.291027924")
    # … and that variant does not give the post's own w1+ = 0.149780716:
    assert abs(W1_late[0, 0] - 0.149780716) > 1e-5


# --- Example 2 ---------------------------------------------------------------------------
# J. Han, M. Kamber, J. Pei, "Data Mining: Concepts and Techniques", 3rd ed., Morgan
# Kaufmann 2012, Section 9.2.3, "Sample calculations for learning by the backpropagation
# algorithm" (Example 9.1): Figure 9.5, Table 9.1 (initial values), Table 9.2 (net input
# and output), Table 9.3 (error at each node), Table 9.4 (weight and bias updating).
# Checked against the book's text found with the search tool.
# 3-2-1 network, sigmoid units 4, 5 (hidden) and 6 (output); learning rate l = 0.9;
# X = (1, 0, 1), class label 1. w_ij is the weight from unit i to unit j, so our
# W1 = [[w14, w24, w34], [w15, w25, w35]], W2 = [[w46, w56]]; biases θ4, θ5, θ6.
# Han's Err_j = O_j(1 − O_j)(T_j − O_j) is −∂J/∂z for J = ½(T − O)², and the book updates
# w_ij ← w_ij + (l) Err_j O_i: the opposite sign convention, the same numbers.

HAN = dict(
    weights=[[[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]], [[-0.3, -0.2]]],
    biases=[[-0.4, 0.2], [0.1]],
    x=[1, 0, 1], target=[1],
)


@pytest.fixture(scope="module")
def han():
    return backprop_step(HAN["weights"], HAN["biases"], HAN["x"], HAN["target"], lr=0.9)


def test_han_table_9_2_net_input_and_output(han):
    (I4, I5), (I6,) = han.z
    (O4, O5), (O6,) = han.a
    assert_printed(I4, "-0.7")
    assert_printed(I5, "0.1")
    assert_printed(I6, "-0.105")     # the book substitutes the rounded O4, O5
    assert_printed(O4, "0.332")
    assert_printed(O5, "0.525")
    assert_printed(O6, "0.474")


def test_han_table_9_3_errors(han):
    (d4, d5), (d6,) = han.delta
    # Err6: the book prints 0.1311 = (0.474)(1 − 0.474)(1 − 0.474) = 0.131144…, using the
    # rounded O6 = 0.474. With the exact O6 = 0.4738889: 0.4738889 × 0.5261111 × 0.5261111
    # = 0.1311691, which rounds to 0.1312. We assert the exact value; the book is one unit
    # off in the last digit because it rounded O6 first.
    assert round(0.474 * (1 - 0.474) * (1 - 0.474), 4) == 0.1311
    assert_printed(-d6, "0.1312")
    assert_printed(-d6, "0.1311", units=1.0)
    assert_printed(-d5, "-0.0065")
    assert_printed(-d4, "-0.0087")


def test_han_table_9_4_updates(han):
    (W1, W2), (b1, b2) = han.new_W, han.new_b
    assert_printed(W2[0, 0], "-0.261")   # w46
    assert_printed(W2[0, 1], "-0.138")   # w56
    assert_printed(W1[0, 0], "0.192")    # w14
    assert_printed(W1[1, 0], "-0.306")   # w15
    assert W1[0, 1] == 0.4 and W1[1, 1] == 0.1   # w24, w25: x2 = 0, so they do not move
    assert_printed(W1[0, 2], "-0.508")   # w34
    assert_printed(W1[1, 2], "0.194")    # w35
    assert_printed(b2[0], "0.218")       # θ6
    assert_printed(b1[1], "0.194")       # θ5
    assert_printed(b1[0], "-0.408")      # θ4


# --- Example 3 ---------------------------------------------------------------------------
# S. N. Sivanandam, S. N. Deepa, "Principles of Soft Computing" (Wiley India), solved
# problem on the back-propagation network: "find the new weights … input pattern [0, 1],
# target output 1, learning rate α = 0.25, binary sigmoidal activation function".
# v_ij is the weight from input i to hidden unit j (so our W1[j, i] = v_ij), v_0j the
# hidden biases, w_j hidden → output, w_0 the output bias; biases are updated.
# CAUTION: the search tool found the problem statement and these starting weights only in
# a third-party restatement (askfilo.com); the book's printed answers below are the values
# quoted to us, NOT checked against the printed page. Each one is re-derived by hand here,
# so the test checks the arithmetic, whatever the book's exact page says.

SIVANANDAM = dict(
    weights=[[[0.6, -0.1], [-0.3, 0.4]], [[0.4, 0.1]]],
    biases=[[0.3, 0.5], [-0.2]],
    x=[0, 1], target=[1],
)


def test_sivanandam_binary_sigmoid_2_2_1():
    r = backprop_step(SIVANANDAM["weights"], SIVANANDAM["biases"], SIVANANDAM["x"],
                      SIVANANDAM["target"], lr=0.25)
    (z1, z2), (y,) = r.a
    # z_in1 = 0.3 + 0×0.6 + 1×(−0.1) = 0.2, z1 = 1/(1 + e^−0.2) = 0.549834
    # z_in2 = 0.5 + 0×(−0.3) + 1×0.4 = 0.9, z2 = 1/(1 + e^−0.9) = 0.710950
    assert_printed(z1, "0.5498")
    assert_printed(z2, "0.7109")
    # y_in = −0.2 + 0.4×0.549834 + 0.1×0.710950 = 0.091029, y = 0.522741
    assert_printed(y, "0.5227")
    # δ_k = (t − y) y (1 − y) = 0.477259 × 0.522741 × 0.477259 = 0.119068 (book's sign)
    assert_printed(-r.delta[1][0], "0.1191")
    (W1, W2), (b1, b2) = r.new_W, r.new_b
    # w1 = 0.4 + 0.25 × 0.119068 × 0.549834 = 0.416367
    assert_printed(W2[0, 0], "0.4164")
    # w2 = 0.1 + 0.25 × 0.119068 × 0.710950 = 0.121163. The quoted 0.12117 comes from the
    # rounded δ_k and z2: 0.1 + 0.25 × 0.1191 × 0.7109 = 0.121167; exact is 0.12116.
    assert round(0.1 + 0.25 * 0.1191 * 0.7109, 5) == 0.12117
    assert_printed(W2[0, 1], "0.12116")
    # w0 = −0.2 + 0.25 × 0.119068 = −0.170233. Quoted −0.17022 = −0.2 + 0.25 × 0.1191
    # (= −0.170225) with the rounded δ_k; exact is −0.17023.
    assert_printed(b2[0], "-0.17023")
    # δ_1 = δ_k w1 z1(1 − z1) = 0.119068 × 0.4 × 0.247516 = 0.011789,
    # δ_2 = δ_k w2 z2(1 − z2) = 0.119068 × 0.1 × 0.205502 = 0.002447 (book's sign)
    # v21 = −0.1 + 0.25 × 0.011789 × 1 = −0.097053; v22 = 0.4 + 0.25 × 0.002447 = 0.400612
    assert_printed(W1[0, 1], "-0.09705")
    assert_printed(W1[1, 1], "0.4006")
    assert W1[0, 0] == 0.6 and W1[1, 0] == -0.3      # v11, v12: x1 = 0, no change
    assert_printed(b1[0], "0.30295")                 # v01 = 0.3 + 0.25 × 0.011789
    assert_printed(b1[1], "0.50061")                 # v02 = 0.5 + 0.25 × 0.002447


# --- conventions -------------------------------------------------------------------------

def test_update_is_simultaneous_hidden_deltas_use_the_old_weights(mazur):
    W2_old = np.array(MAZUR["weights"][1])
    d_o, f_h = mazur.delta[1], mazur.f_prime[0]
    np.testing.assert_allclose(mazur.delta[0], f_h * (W2_old.T @ d_o), rtol=1e-14)
    late = f_h * (mazur.new_W[1].T @ d_o)            # what a sequential update would use
    assert np.max(np.abs(mazur.delta[0] - late)) > 1e-4
    for l in range(2):
        np.testing.assert_allclose(mazur.new_W[l], mazur.weights[l] - 0.5 * mazur.grad_W[l],
                                   rtol=1e-15)


def test_fixed_biases_keep_their_values_and_change_nothing_else():
    args = (HAN["weights"], HAN["biases"], HAN["x"], HAN["target"])
    moving = backprop_step(*args, lr=0.9)
    fixed = backprop_step(*args, lr=0.9, update_biases=False)
    for l in range(2):
        np.testing.assert_array_equal(fixed.new_b[l], HAN["biases"][l])
        np.testing.assert_array_equal(fixed.new_W[l], moving.new_W[l])
        np.testing.assert_array_equal(fixed.grad_b[l], moving.grad_b[l])
        assert not np.allclose(moving.new_b[l], HAN["biases"][l])
    assert moving.update_biases and not fixed.update_biases


def test_sse_doubles_half_sse_and_mse_is_sse_over_the_outputs(mazur):
    args = (MAZUR["weights"], MAZUR["biases"], MAZUR["x"], MAZUR["target"])
    sse = backprop_step(*args, lr=0.5, loss="sse", update_biases=False)
    mse = backprop_step(*args, lr=0.5, loss="mse", update_biases=False)
    assert sse.loss == pytest.approx(2 * mazur.loss, rel=1e-14)
    assert mse.loss == pytest.approx(sse.loss / 2, rel=1e-14)
    for l in range(2):
        np.testing.assert_allclose(sse.grad_W[l], 2 * mazur.grad_W[l], rtol=1e-14)
        np.testing.assert_allclose(sse.grad_b[l], 2 * mazur.grad_b[l], rtol=1e-14)
        np.testing.assert_allclose(mse.grad_W[l], sse.grad_W[l] / 2, rtol=1e-14)
    for r in (mazur, sse, mse):
        assert np.sum(r.loss_terms) == pytest.approx(r.loss, rel=1e-14)
    assert (mazur.loss_name, sse.loss_name, mse.loss_name) == ("half_sse", "sse", "mse")


def test_linear_single_layer_is_the_delta_rule():
    # One linear layer, ½SSE: δ = o − t and ∂J/∂W = δ xᵀ. By hand: o = [1×2 + 2×(−1) + 0.5,
    # 3×2 + 0×(−1) − 1] = [0.5, 5]; t = [1, 4]: δ = [−0.5, 1];
    # ∂J/∂W = [[−1, 0.5], [2, −1]]; W − 0.1 ∂J/∂W = [[1.1, 1.95], [2.8, 0.1]].
    r = backprop_step([[[1, 2], [3, 0]]], [[0.5, -1]], [2, -1], [1, 4], lr=0.1,
                      activation="linear")
    np.testing.assert_allclose(r.a[0], [0.5, 5.0])
    np.testing.assert_allclose(r.delta[0], [-0.5, 1.0])
    np.testing.assert_allclose(r.grad_W[0], [[-1.0, 0.5], [2.0, -1.0]])
    np.testing.assert_allclose(r.new_W[0], [[1.1, 1.95], [2.8, 0.1]])
    np.testing.assert_allclose(r.new_b[0], [0.55, -1.1])
    assert r.loss == pytest.approx(0.5 * (0.25 + 1.0))


def test_relu_hidden_layer_passes_no_error_through_a_dead_unit():
    # x = (1, 2): z_h = (1 + 2, 1 − 2) = (3, −1), a_h = (3, 0); linear output o = 0.5×3 = 1.5;
    # t = 1: δ_o = 0.5; δ_h = f'(z_h)·(0.5 × 0.5) = (1, 0)·0.25 = (0.25, 0).
    r = backprop_step([[[1, 1], [1, -1]], [[0.5, 0.5]]], [[0, 0], [0]], [1, 2], [1],
                      lr=1.0, activation="relu", output_activation="linear")
    np.testing.assert_allclose(r.a[0], [3.0, 0.0])
    np.testing.assert_allclose(r.delta[0], [0.25, 0.0])
    np.testing.assert_allclose(r.grad_W[0], [[0.25, 0.5], [0.0, 0.0]])
    np.testing.assert_allclose(r.grad_W[1], [[1.5, 0.0]])


def test_tanh_and_bipolar_sigmoid_by_hand():
    # tanh: z = 0.5, a = tanh 0.5, f' = 1 − a², δ = (a − 0) f', ∂J/∂w = δ × 0.5.
    r = backprop_step([[[1.0]]], [[0.0]], [0.5], [0.0], lr=0.1, activation="tanh")
    a = math.tanh(0.5)
    assert r.delta[0][0] == pytest.approx(a * (1 - a * a), rel=1e-14)
    assert r.new_W[0][0, 0] == pytest.approx(1.0 - 0.1 * a * (1 - a * a) * 0.5, rel=1e-14)
    # bipolar sigmoid, λ = 1: z = 0.5, a = 2/(1 + e^−0.5) − 1, f' = ½(1 − a²), t = 1.
    r = backprop_step([[[0.5]]], [[0.0]], [1.0], [1.0], lr=0.1, activation="bipolar")
    a = 2 / (1 + math.exp(-0.5)) - 1
    assert r.a[0][0] == pytest.approx(a, rel=1e-14)
    assert r.delta[0][0] == pytest.approx((a - 1) * 0.5 * (1 - a * a), rel=1e-14)
    # bipolar sigmoid with steepness λ = 2: f' = (λ/2)(1 − a²) = 1 − a².
    r = backprop_step([[[0.5]]], [[0.0]], [1.0], [1.0], lr=0.1,
                      activation=BipolarSigmoid(steepness=2))
    a = 2 / (1 + math.exp(-1.0)) - 1
    assert r.delta[0][0] == pytest.approx((a - 1) * (1 - a * a), rel=1e-14)


def test_steep_sigmoid_output_with_a_different_hidden_activation():
    # Hidden tanh, output sigmoid with λ = 2: f'(z) = 2a(1 − a) at the output.
    r = backprop_step([[[0.3, -0.2]], [[0.7]]], [[0.1], [-0.1]], [1.0, 2.0], [0.0],
                      lr=0.5, activation="tanh", output_activation=Sigmoid(steepness=2))
    h = math.tanh(0.3 - 0.4 + 0.1)
    o = 1 / (1 + math.exp(-2 * (0.7 * h - 0.1)))
    d_o = o * 2 * o * (1 - o)
    assert r.delta[1][0] == pytest.approx(d_o, rel=1e-13)
    assert r.delta[0][0] == pytest.approx((1 - h * h) * 0.7 * d_o, rel=1e-13)


def test_inputs_are_not_modified_and_saturated_units_raise_no_warning():
    W = [np.array([[300.0, -300.0]]), np.array([[1000.0]])]
    b = [np.array([0.0]), np.array([-900.0])]
    x = np.array([1.0, -1.0])
    copies = [w.copy() for w in W] + [v.copy() for v in b]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = backprop_step(W, b, x, [0.5], lr=0.1)
        r.to_markdown()
    for orig, cp in zip(W + b, copies):
        np.testing.assert_array_equal(orig, cp)
    assert np.all(np.isfinite(r.new_W[0])) and r.new_W[0] is not W[0]


# --- gradients: finite differences and an independent implementation (nn.MLP) -------------

ACTS = ["sigmoid", "bipolar_sigmoid", "tanh", "linear", "relu", Sigmoid(steepness=2)]


@st.composite
def small_problems(draw):
    sizes = draw(st.lists(st.integers(1, 4), min_size=2, max_size=4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0, 1, (m, n)) for n, m in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(0, 0.5, m) for m in sizes[1:]]
    x = rng.normal(0, 1, sizes[0])
    target = rng.uniform(-1, 1, sizes[-1])
    hidden = draw(st.sampled_from(ACTS))
    output = draw(st.sampled_from(ACTS))
    loss = draw(st.sampled_from(["half_sse", "sse", "mse"]))
    lr = draw(st.floats(0.01, 2.0))
    return weights, biases, x, target, hidden, output, loss, lr


def _loss_of(weights, biases, x, target, hidden, output, loss):
    """J by a forward pass written here, not in worked.py."""
    fs = [get_activation(hidden)] * (len(weights) - 1) + [get_activation(output)]
    a = x
    for W, b, f in zip(weights, biases, fs):
        a = f.forward(W @ a + b)
    return losses.get(loss).value(target[None, :], a[None, :])


def _away_from_relu_kinks(weights, biases, x, hidden, output):
    fs = [hidden] * (len(weights) - 1) + [output]
    a = x
    for W, b, f in zip(weights, biases, fs):
        z = W @ a + b
        if f == "relu" and np.min(np.abs(z)) < 1e-3:
            return False
        a = get_activation(f).forward(z)
    return True


@settings(max_examples=150, deadline=None)
@given(small_problems())
def test_gradients_match_central_differences(problem):
    weights, biases, x, target, hidden, output, loss, lr = problem
    assume(_away_from_relu_kinks(weights, biases, x, hidden, output))
    r = backprop_step(weights, biases, x, target, lr=lr, activation=hidden,
                      output_activation=output, loss=loss)
    assert r.loss == pytest.approx(_loss_of(weights, biases, x, target, hidden, output, loss),
                                   rel=1e-12, abs=1e-15)
    for l in range(len(weights)):
        def J_of_W(W, l=l):
            ws = list(weights)
            ws[l] = W
            return _loss_of(ws, biases, x, target, hidden, output, loss)

        def J_of_b(b, l=l):
            bs = list(biases)
            bs[l] = b
            return _loss_of(weights, bs, x, target, hidden, output, loss)

        # Central differences with step h err by about h²·|∂³J|/6 (truncation) plus
        # ε·J/h (rounding); h = 1e-5 keeps both near 1e-11·J. Entries below the floor 1e-3
        # are therefore held to an absolute error of 1e-9 instead of a relative one.
        num_W = numerical_gradient(J_of_W, weights[l], h=1e-5)
        num_b = numerical_gradient(J_of_b, biases[l], h=1e-5)
        assert rel_error(r.grad_W[l], num_W, floor=1e-3) < 1e-6
        assert rel_error(r.grad_b[l], num_b, floor=1e-3) < 1e-6
        np.testing.assert_allclose(r.new_W[l], weights[l] - lr * r.grad_W[l], rtol=1e-14)


@settings(max_examples=100, deadline=None)
@given(small_problems())
def test_gradients_equal_those_of_nn_mlp(problem):
    weights, biases, x, target, hidden, output, loss, lr = problem
    r = backprop_step(weights, biases, x, target, lr=lr, activation=hidden,
                      output_activation=output, loss=loss)
    acts = [hidden] * (len(weights) - 1) + [output]
    model = MLP.from_params(weights, biases, acts)
    J, grads_W, grads_b = model.loss_and_grads(x[None, :], target[None, :], loss)
    assert r.loss == pytest.approx(J, rel=1e-12, abs=1e-15)
    for l in range(len(weights)):
        np.testing.assert_allclose(r.grad_W[l], grads_W[l], rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(r.grad_b[l], grads_b[l], rtol=1e-10, atol=1e-13)


# --- the written solution ----------------------------------------------------------------

def test_markdown_follows_the_mark_scheme(mazur):
    md = mazur.to_markdown()
    assert md == mazur._repr_markdown_()
    order = ["**Given**", "Step 1: forward pass", "Step 2: error",
             "Step 3: output error terms", "Step 4: hidden error terms", "Step 5: gradients",
             "Step 6: updated weights and biases"]
    positions = [md.index(h) for h in order]
    assert positions == sorted(positions)
    for formula in ["z_j = Σ_i w_ji a_i + b_j", "a_j = f(z_j)", "J = ½ Σ_k (t_k − o_k)²",
                    "δ_j = f'(z_j) Σ_k w_kj δ_k", "∂J/∂w_ji = δ_j a_i", "w ← w − α ∂J/∂w",
                    "δ = (t − o) f'(z)", "w ← w + α δ a"]:
        assert formula in md, formula
    # Unit and weight names, numbers substituted, exact and 4-decimal results.
    assert "`w_{h1,x2} = 0.2`" in md
    assert "z_h1 = w_{h1,x1}·x1 + w_{h1,x2}·x2 + b_h1 = 0.15×0.05 + 0.2×0.1 + 0.35 = 0.3775" in md
    assert "a_h1 = f(z_h1) = 1/(1 + e^(−0.3775)) = 0.5932699921 ≈ 0.5933" in md
    assert "`∂J/∂a_o1 = 0.7514 − 0.01 = 0.7413650696 ≈ 0.7414`" in md
    assert "`f'(z_o1) = 0.7514 × (1 − 0.7514) = 0.1868156018 ≈ 0.1868`" in md
    assert "`δ_o2 = (-0.2171) × 0.1755 = -0.03809823652 ≈ -0.0381`" in md
    assert ("`δ_h1 = f'(z_h1) × (w_{o1,h1}·δ_o1 + w_{o2,h1}·δ_o2) = 0.2413 × "
            "(0.4×0.1385 + 0.5×(-0.0381)) = 0.008771354689 ≈ 0.0088`") in md
    assert "`∂J/∂w_{o1,h1} = δ_o1·a_h1 = 0.1385 × 0.5933 = 0.08216704056 ≈ 0.0822`" in md
    assert "`w_{o1,h1} = 0.4 − 0.5 × 0.0822 = 0.3589164797 ≈ 0.3589`" in md
    assert "`J_o1 = ½(0.01 − 0.7514)² = 0.2748110832 ≈ 0.2748`" in md
    assert "held fixed" in md and "b_h1 = 0.35" in md


def test_markdown_names_for_deeper_and_single_layer_nets():
    assert unit_names([2, 3, 1]) == [["x1", "x2"], ["h1", "h2", "h3"], ["o1"]]
    assert unit_names([1, 2, 2, 1]) == [["x1"], ["h1_1", "h1_2"], ["h2_1", "h2_2"], ["o1"]]
    deep = backprop_step([[[0.1], [0.2]], [[0.3, 0.4], [0.5, 0.6]], [[0.7, 0.8]]],
                         [[0, 0], [0, 0], [0]], [1.0], [1.0], lr=0.5).to_markdown()
    assert "w_{h2_1,h1_2}" in deep and "δ_h1_1" in deep and "biases are updated" in deep
    single = backprop_step([[[0.5, -0.5]]], [[0.1]], [1, 1], [0], lr=0.1,
                           loss="sse").to_markdown()
    assert "no hidden units" in single and "J = Σ_k (t_k − o_k)²" in single
    assert "`J_o1 = (0 − 0.5250)² = " in single     # z = 0.1, a = σ(0.1) = 0.524979


def test_rounded_copy():
    r = backprop_step(HAN["weights"], HAN["biases"], HAN["x"], HAN["target"], lr=0.9)
    short = r.rounded(3)
    assert isinstance(short, StepReport)
    assert short.new_W[1][0, 0] == -0.261 and short.a[0][0] == 0.332
    assert short.loss == round(r.loss, 3)
    assert r.new_W[1][0, 0] != -0.261                   # the original keeps every digit


# --- bad input -----------------------------------------------------------------------------

GOOD = dict(weights=[[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6]]], biases=[[0.0, 0.0], [0.0]],
            x=[1.0, 2.0], target=[1.0])


@pytest.mark.parametrize("change, message", [
    (dict(weights=np.zeros((2, 2))), "weights and biases must be lists"),
    (dict(weights=[]), "non-empty lists of the same length"),
    (dict(biases=[[0.0, 0.0]]), "non-empty lists of the same length"),
    (dict(weights=[[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6, 0.7]]]),
     r"weights\[1\] must have 2 columns"),
    (dict(weights=[[0.1, 0.2], [[0.5]]]), r"weights\[0\] must be a 2-D array"),
    (dict(biases=[[0.0], [0.0]]), r"biases\[0\] must have shape \(2,\)"),
    (dict(weights=[[[0.1, np.nan], [0.3, 0.4]], [[0.5, 0.6]]]), "NaN or inf"),
    (dict(weights=[[[0.1, "a"], [0.3, 0.4]], [[0.5, 0.6]]]), "array of numbers"),
    (dict(x=[1.0, 2.0, 3.0]), "x must be a list of 2 numbers"),
    (dict(x=[[1.0, 2.0]]), "x must be a list of 2 numbers"),
    (dict(target=[1.0, 0.0]), "target must be a list of 1 numbers"),
    (dict(target=[np.inf]), "NaN or inf"),
    (dict(lr=0), "learning rate α must be"),
    (dict(lr=-0.5), "learning rate α must be"),
    (dict(lr=float("nan")), "learning rate α must be"),
    (dict(lr="0.1"), "learning rate α must be"),
    (dict(activation="sigmod"), "activation: unknown activation"),
    (dict(output_activation="softmax"), "softmax is not supported"),
    (dict(loss="cross_entropy"), "loss must be one of"),
    (dict(loss=["sse"]), "loss must be one of"),
    (dict(activation=None, output_activation=3), "output_activation: unknown activation"),
    (dict(update_biases="no"), "update_biases must be True or False"),
])
def test_bad_input_is_a_clear_error(change, message):
    args = {**GOOD, "lr": 0.5, **change}
    with pytest.raises(ValueError, match=message):
        backprop_step(args.pop("weights"), args.pop("biases"), args.pop("x"),
                      args.pop("target"), **args)
