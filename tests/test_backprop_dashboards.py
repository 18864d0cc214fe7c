"""Notebook 04's plots and dashboards: the network coloured by ∂J/∂w ("who to blame") and
the gradient size per layer (vanishing gradients). The numbers they show are checked
against independent computations (nn.MLP and central finite differences)."""

import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import plots
from lessons_lib.gradcheck import numerical_gradient, rel_error
from lessons_lib.nn import MLP, layer_gradient_norms
from lessons_lib.widgets import (BLAME_NETWORK, BLAME_VMAX, DEPTH_ACTIVATIONS, blame_dashboard,
                                 deep_network_gradient_norms,
                                 vanishing_gradients_dashboard)

from dashboard_checks import rebuild_from_call, sweep_every_control


pytestmark = pytest.mark.usefixtures("warnings_are_errors")  # conftest.py


def blame_model():
    n = BLAME_NETWORK
    return MLP.from_params([np.array(W) for W in n["weights"]],
                           [np.array(b) for b in n["biases"]], "sigmoid")


def finite_difference_grads(x, t):
    """∂J/∂W_l of J = ½(t − o)² by central differences, weight by weight."""
    model, X, Y = blame_model(), np.array([x]), np.array([[t]])
    grads = []
    for l in range(len(model.weights)):
        def J(W, l=l):
            saved, model.weights[l] = model.weights[l], W
            try:
                return 0.5 * float(((model.forward(X) - Y) ** 2).sum())
            finally:
                model.weights[l] = saved
        grads.append(numerical_gradient(J, model.weights[l]))
    return grads


# --- the network plot ----------------------------------------------------------------------

def test_nice_ceiling_is_round_and_just_above():
    assert plots.nice_ceiling(0.0611) == 0.1
    assert plots.nice_ceiling(0.042) == 0.05
    assert plots.nice_ceiling(0.2) == 0.2
    assert plots.nice_ceiling(1.5) == 2
    assert plots.nice_ceiling(0.0) == 1e-6      # all gradients zero: still a valid scale


@settings(max_examples=200, deadline=None)
@given(st.floats(1e-9, 1e9))
def test_nice_ceiling_bounds(v):
    c = plots.nice_ceiling(v)
    assert v * (1 - 1e-9) <= c <= 2.5 * v * (1 + 1e-9)
    mantissa = c / 10.0 ** math.floor(math.log10(c) + 1e-12)
    assert min(abs(mantissa - m) for m in (1, 2, 5)) < 1e-9


def test_unit_labels_and_bad_shapes_refused():
    assert plots.unit_label("x1") == "$x_{1}$"
    assert plots.unit_label("h2_3") == "$h^{(2)}_{3}$"
    fig, ax = plt.subplots()
    try:
        with pytest.raises(ValueError, match=r"grads\[0\] must have the shape"):
            plots.network_diagram(ax, [2, 2, 1], [np.zeros((2, 3)), np.zeros((1, 2))])
        with pytest.raises(ValueError, match="one gradient array per layer"):
            plots.network_diagram(ax, [2, 2, 1], [np.zeros((2, 2))])
        with pytest.raises(ValueError, match="one value per unit"):
            plots.network_diagram(ax, [2, 2, 1], [np.zeros((2, 2)), np.zeros((1, 2))],
                                  activations=[[1, 2], [3, 4]])
        with pytest.raises(ValueError, match="NaN"):
            plots.network_diagram(ax, [2, 2, 1], [np.full((2, 2), np.nan), np.zeros((1, 2))])
    finally:
        plt.close(fig)


def test_network_diagram_draws_every_weight_in_order_and_updates_in_place():
    rng = np.random.default_rng(1)
    sizes = [3, 4, 2]
    grads = [rng.normal(size=(4, 3)), rng.normal(size=(2, 4))]
    fig, ax = plt.subplots()
    try:
        art = plots.network_diagram(ax, sizes, grads, edge_values=False)
        assert len(art.edge_index) == 3 * 4 + 4 * 2
        flat = np.concatenate([g.ravel() for g in grads])
        np.testing.assert_array_equal(art.edges.get_array(), flat)
        # Edge k joins unit i of layer l to unit j of layer l + 1 (cut back to the rims).
        for (l, j, i), seg in zip(art.edge_index, art.edges.get_segments()):
            assert l < seg[0][0] < l + 0.2 and l + 0.8 < seg[1][0] < l + 1
        assert art.norm.vmax == plots.nice_ceiling(np.abs(flat).max()) == -art.norm.vmin
        widths = art.edges.get_linewidths()
        assert np.argmax(widths) == np.argmax(np.abs(flat))
        children = list(ax.get_children())
        rescaled = plots.update_network(art, [g / 100 for g in grads])
        assert rescaled and art.norm.vmax == plots.nice_ceiling(np.abs(flat).max() / 100)
        np.testing.assert_allclose(art.edges.get_array(), flat / 100)
        assert not plots.update_network(art, [g / 100 for g in grads])
        assert list(ax.get_children()) == children      # updated, nothing added
        # The circles are static: edges stop at their rims, so blitting never covers them.
        assert art.units not in art.moving and art.edges in art.moving
    finally:
        plt.close(fig)


# --- who to blame ----------------------------------------------------------------------------

def test_blame_dashboard_every_control_and_the_line_that_rebuilds_it():
    d = blame_dashboard()
    sweep_every_control(d)
    rebuild_from_call(d)
    d.close()


def test_blame_default_shows_the_worked_example():
    d = blame_dashboard()
    s = d.step
    assert round(float(s.output[0]), 4) == 0.5670 and round(s.loss, 4) == 0.0937
    text = re.sub("<[^>]+>", "", d.readout.value)
    assert "o1 = 0.5670" in text and "J = ½(t − o)² = 0.09373" in text
    # The largest |∂J/∂w| is w_{o1,h1} = −0.0611: gradient descent raises it by 0.0305.
    assert "Most to blame: wo1,h1 with ∂J/∂w = -0.0611" in text
    assert "raise it by 0.0305" in text and "too low" in text
    assert d.call() == "blame_dashboard(x1=1, x2=0.5, target=1)"
    d.close()


_XS = [round(v, 2) for v in np.arange(-2.0, 2.0001, 0.05)]
_TS = [round(v, 2) for v in np.arange(0.0, 1.0001, 0.05)]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(_XS), st.sampled_from(_XS), st.sampled_from(_TS))
def test_blame_edges_show_the_true_gradient(x1, x2, t):
    d = blame_dashboard(x1=x1, x2=x2, target=t)
    try:
        shown = d.artists.edges.get_array()
        model = blame_model()
        J, gW, _ = model.loss_and_grads(np.array([[x1, x2]]), np.array([[t]]), "half_sse")
        np.testing.assert_allclose(shown, np.concatenate([g.ravel() for g in gW]),
                                   rtol=1e-12, atol=1e-15)
        numeric = np.concatenate([g.ravel() for g in finite_difference_grads([x1, x2], t)])
        assert rel_error(shown, numeric, floor=1e-7) < 1e-6
        assert d.step.loss == pytest.approx(J, rel=1e-12)
        # The readout lists the same numbers, to 4 decimals, in the same order.
        listed = re.findall(r"= ([+-]\d\.\d{4})", d.readout.value.split("<br>")[1])
        np.testing.assert_allclose([float(v) for v in listed], shown, atol=5e-5 + 1e-12)
    finally:
        d.close()


def test_blame_colour_scale_is_fixed_and_edges_fade_near_the_target():
    d = blame_dashboard()
    d.figure.canvas.draw()
    assert d.artists.norm.vmax == BLAME_VMAX == d.artists.colorbar.vmax
    widths = d.artists.edges.get_linewidths().copy()
    d.target.value = 0.55        # output 0.567, almost on target: tiny gradients
    assert d.artists.norm.vmax == BLAME_VMAX
    assert np.all(d.artists.edges.get_linewidths() < widths)
    a_h1 = d.artists.values[1][0].get_text()
    d.x1.value = -2.0
    assert d.artists.values[1][0].get_text() != a_h1   # h1's activation changed
    assert d.artists.values[0][0].get_text() == "x = -2.0000"
    d.close()


def test_blame_vmax_covers_every_slider_setting():
    """BLAME_VMAX is above every |∂J/∂w| the sliders reach (so no colour saturates)."""
    n = BLAME_NETWORK
    W1, b1 = np.array(n["weights"][0]), np.array(n["biases"][0])
    W2, b2 = np.array(n["weights"][1]), np.array(n["biases"][1])
    X = np.array(np.meshgrid(_XS, _XS)).reshape(2, -1).T
    H = 1 / (1 + np.exp(-(X @ W1.T + b1)))
    O = 1 / (1 + np.exp(-(H @ W2.T + b2)))
    largest = 0.0
    for t in _TS:
        d_o = (O - t) * O * (1 - O)                       # (N, 1)
        d_h = H * (1 - H) * (d_o @ W2)                    # (N, 2)
        largest = max(largest, np.abs(d_o * H).max(),
                      np.abs(d_h[:, :, None] * X[:, None, :]).max())
    assert 0.8 * BLAME_VMAX < largest < BLAME_VMAX


def test_blame_bad_arguments_say_what_is_allowed():
    with pytest.raises(ValueError, match="x1 must be between -2 and 2"):
        blame_dashboard(x1=3)
    with pytest.raises(ValueError, match="target must be between 0 and 1"):
        blame_dashboard(target=1.5)
    with pytest.raises(ValueError, match="x2 must be a number"):
        blame_dashboard(x2="a")


# --- vanishing gradients ---------------------------------------------------------------------

@pytest.mark.parametrize("activation", DEPTH_ACTIVATIONS)
def test_dashboard_gradient_norms_are_those_of_its_network(activation):
    # nn.layer_gradient_norms is checked against finite differences in test_nn.py; here:
    # the dashboard shows exactly its network's norms (4 → 16 × depth → 1, seed 0, a
    # fixed batch of 64), layer 1 next to the input first.
    depth = 3
    norms = deep_network_gradient_norms(depth, activation)
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(64, 4)), rng.normal(size=(64, 1))
    model = MLP([4] + [16] * depth + [1], activation=activation,
                output_activation="linear", seed=0)
    np.testing.assert_array_equal(norms, layer_gradient_norms(model, X, Y, "mse"))


def test_dashboard_gradient_norms_are_deterministic_and_vanish_for_sigmoid_only():
    np.testing.assert_array_equal(deep_network_gradient_norms(12, "tanh"),
                                  deep_network_gradient_norms(12, "tanh"))
    sig = deep_network_gradient_norms(20, "sigmoid")
    assert sig[0] / sig[-1] < 1e-10
    assert np.all(np.diff(np.log10(sig)) > 0)     # smaller at every step back
    relu = deep_network_gradient_norms(30, "relu")
    assert 0.1 < relu[0] / relu[-1] < 10
    with pytest.raises(ValueError, match="depth .* from 1 to 30"):
        deep_network_gradient_norms(0)
    with pytest.raises(ValueError, match="activation must be one of sigmoid, tanh, relu"):
        deep_network_gradient_norms(3, "softplus")


def test_times_ten():
    assert plots.times_ten(3.7e-7) == "3.7 × 10⁻⁷"
    assert plots.times_ten(9.96e-9) == "1.0 × 10⁻⁸"
    assert plots.times_ten(0.72) == "0.72"
    assert plots.times_ten(2.5e6) == "2.5 × 10⁶"


def test_vanishing_dashboard_every_control_and_the_line_that_rebuilds_it():
    d = vanishing_gradients_dashboard()
    sweep_every_control(d)
    rebuild_from_call(d)
    d.close()


def test_vanishing_dashboard_shows_the_norms_and_says_how_small():
    d = vanishing_gradients_dashboard(depth=10, activation="sigmoid")
    norms = deep_network_gradient_norms(10, "sigmoid")
    line = d.artists.lines["sigmoid"]
    np.testing.assert_array_equal(line.get_ydata(), norms)
    np.testing.assert_array_equal(line.get_xdata(), np.arange(1, 12))
    ratio = plots.times_ten(norms[0] / norms[-1])
    assert ratio.startswith("3.7 × 10⁻⁷")
    assert ratio in d.readout.value and ratio in d.artists.note.get_text()
    assert "a(1 − a) ≤ 0.25" in d.readout.value
    assert d.artists.guide.get_visible()
    ylim = d.ax.get_ylim()
    d.activation.value = "relu"
    assert not d.artists.guide.get_visible() and "ReLU's f'(z)" in d.readout.value
    assert d.artists.lines["relu"].get_linewidth() > d.artists.lines["sigmoid"].get_linewidth()
    d.depth.value = 30
    assert d.ax.get_ylim() == ylim                   # fixed axes: only the lines move
    lo, hi = ylim
    for a in DEPTH_ACTIVATIONS:
        for depth in (1, 15, 30):
            n = deep_network_gradient_norms(depth, a)
            assert lo < n.min() and n.max() < hi
    assert d.call() == 'vanishing_gradients_dashboard(depth=30, activation="relu")'
    d.close()


def test_vanishing_dashboard_bad_arguments():
    with pytest.raises(ValueError, match="depth"):
        vanishing_gradients_dashboard(depth=31)
    with pytest.raises(ValueError, match="depth"):
        vanishing_gradients_dashboard(depth=2.5)
    with pytest.raises(ValueError, match="activation must be one of"):
        vanishing_gradients_dashboard(activation="Sigmoid ")

