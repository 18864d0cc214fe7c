"""Dense layers and the MLP: backprop against finite differences, Mazur's worked example,
shapes, seeds and bad input refused."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lessons_lib import activations, losses
from lessons_lib.gradcheck import numerical_gradient, rel_error
from lessons_lib.nn import (MLP, dense_backward, dense_forward, gradient_check,
                            layer_gradient_norms)

# Central differences with h = 1e-6 are accurate to about ε·|J|/h ≈ 2e-10·|J| in absolute
# terms (rounding), so an entry much smaller than 1e-3·|J| cannot be checked to a relative
# 1e-6. The floor of rel_error, 1e-3·max(1, |J|), turns the check for those entries only into
# |analytic − numeric| < 1e-9·max(1, |J|); every larger entry is checked to a relative 1e-6.
TOL = 1e-6


def floor(J):
    return 1e-3 * max(1.0, abs(J))

POINTWISE = ["sigmoid", "bipolar_sigmoid", "tanh", "relu", "leaky_relu", "linear"]
KINKED = {"relu", "leaky_relu"}


def away_from_kinks(name, Z, margin=1e-3):
    return name not in KINKED or np.abs(Z).min() > margin


# --- one layer ---------------------------------------------------------------------------

def test_dense_forward_uses_rows_of_W_as_the_weights_into_each_unit():
    # W (3, 2): unit 0 sees x₁, unit 1 sees x₂, unit 2 sees x₁ + x₂; bias 1 on unit 2.
    # X = [1, 2] → Z = [1, 2, 1 + 2 + 1] = [1, 2, 4].
    X, W, b = np.array([[1.0, 2.0]]), np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), \
        np.array([0.0, 0.0, 1.0])
    A, cache = dense_forward(X, W, b, "relu")
    np.testing.assert_allclose(cache.Z, [[1.0, 2.0, 4.0]])
    np.testing.assert_allclose(A, [[1.0, 2.0, 4.0]])
    assert cache.X is X and cache.W is W and cache.activation.name == "relu"


@settings(max_examples=150, deadline=None)
@given(n_samples=st.integers(1, 6), n_in=st.integers(1, 5), n_out=st.integers(1, 5),
       name=st.sampled_from(POINTWISE + ["softmax"]), seed=st.integers(0, 2**32 - 1))
def test_dense_backward_matches_finite_differences(n_samples, n_in, n_out, name, seed):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2, 2, (n_samples, n_in))
    W, b = rng.normal(0, 1, (n_out, n_in)), rng.normal(0, 1, n_out)
    R = rng.normal(0, 1, (n_samples, n_out))  # J = Σ R ⊙ A, so ∂J/∂A = R
    A, cache = dense_forward(X, W, b, name)
    assume(away_from_kinks(name, cache.Z))
    dX, dW, db = dense_backward(R, cache)
    assert dX.shape == X.shape and dW.shape == W.shape and db.shape == b.shape

    def J(X_, W_, b_):
        return float(np.sum(R * dense_forward(X_, W_, b_, name)[0]))

    f = floor(J(X, W, b))
    assert rel_error(dX, numerical_gradient(lambda x: J(x, W, b), X), f) < TOL
    assert rel_error(dW, numerical_gradient(lambda w: J(X, w, b), W), f) < TOL
    assert rel_error(db, numerical_gradient(lambda c: J(X, W, c), b), f) < TOL


# --- the whole network -------------------------------------------------------------------

def numeric_grads(model, X, Y, loss):
    """∂J/∂W and ∂J/∂b of every layer by central differences, written out here (not via
    nn.gradient_check) so the test does not trust the code under test."""
    out = []
    for params in (model.weights, model.biases):
        grads = []
        for l in range(len(params)):
            original = params[l]

            def J(theta, params=params, l=l):
                params[l] = theta
                return model.loss(X, Y, loss)

            grads.append(numerical_gradient(J, original))
            params[l] = original
        out.append(grads)
    return out


# (output activation, loss, kind of targets)
HEADS = [
    ("linear", "mse", "real"), ("tanh", "mse", "real"), ("sigmoid", "mse", "real"),
    ("bipolar_sigmoid", "half_sse", "real"), ("linear", "sse", "real"),
    ("linear", "huber", "real"), ("linear", "mae", "real"), ("relu", "mse", "real"),
    ("leaky_relu", "mse", "real"), ("sigmoid", "bce", "prob"),
    ("softmax", "cce", "onehot"), ("softmax", "cce", "index"),
    ("linear", "softmax_ce", "index"), ("linear", "softmax_ce", "onehot"),
    ("linear", losses.Huber(delta=0.3), "real"),  # a loss object instead of a name
]


def targets(kind, rng, n_samples, n_out):
    if kind == "real":
        return rng.normal(0, 1, (n_samples, n_out))
    if kind == "prob":
        return rng.uniform(0.05, 0.95, (n_samples, n_out))
    index = rng.integers(0, n_out, n_samples)
    return index if kind == "index" else np.eye(n_out)[index]


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=4),
       n_samples=st.integers(1, 6), hidden=st.sampled_from(POINTWISE),
       head=st.sampled_from(HEADS), seed=st.integers(0, 2**32 - 1))
def test_mlp_gradients_match_finite_differences(sizes, n_samples, hidden, head, seed):
    out_act, loss, kind = head
    if out_act == "softmax" or loss == "softmax_ce":
        sizes[-1] = max(sizes[-1], 2)  # a choice needs at least two classes
    rng = np.random.default_rng(seed)
    model = MLP(sizes, activation=hidden, output_activation=out_act, seed=seed)
    weights, _ = model.params()
    model.set_params(weights, [rng.normal(0, 0.5, n) for n in sizes[1:]])
    X = rng.uniform(-2, 2, (n_samples, sizes[0]))
    Y = targets(kind, rng, n_samples, sizes[-1])
    trace = model.forward_trace(X)
    assume(all(away_from_kinks(c.activation.name, c.Z) for c in trace))
    if loss == "mae":
        assume(np.abs(trace[-1].A - Y).min() > 1e-3)
    if loss == "bce":
        # log(1 − p) of a probability p near 1 keeps few correct digits, so the central
        # difference (not the analytic gradient) gets noisy: stay where it is accurate.
        assume(np.abs(trace[-1].A - 0.5).max() < 0.49)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        J, grads_W, grads_b = model.loss_and_grads(X, Y, loss)
    assert J == pytest.approx(model.loss(X, Y, loss), rel=1e-12)
    num_W, num_b = numeric_grads(model, X, Y, loss)
    for l in range(len(grads_W)):
        assert grads_W[l].shape == model.weights[l].shape
        assert grads_b[l].shape == model.biases[l].shape
        assert rel_error(grads_W[l], num_W[l], floor(J)) < TOL, (l, "W")
        assert rel_error(grads_b[l], num_b[l], floor(J)) < TOL, (l, "b")


def small_problem(seed=1):
    rng = np.random.default_rng(seed)
    model = MLP([3, 4, 2], activation="tanh", output_activation="linear", seed=seed)
    return model, rng.normal(0, 1, (5, 3)), rng.normal(0, 1, (5, 2))


def test_gradient_check_is_small_for_a_correct_model_and_leaves_it_alone():
    model, X, Y = small_problem()
    before_W, before_b = model.params()
    # The suite-wide bar is 1e-6; finite differences alone reach about 1e-7 here.
    assert gradient_check(model, X, Y, "mse") < 1e-6
    for now, before in zip(model.weights + model.biases, before_W + before_b):
        np.testing.assert_array_equal(now, before)


def test_gradient_check_is_large_for_a_wrong_gradient(monkeypatch):
    model, X, Y = small_problem()
    right = model.loss_and_grads

    def off_by_ten_percent(*args):
        J, gW, gb = right(*args)
        gW[0] = 1.1 * gW[0]
        return J, gW, gb

    monkeypatch.setattr(model, "loss_and_grads", off_by_ten_percent)
    # |1.1g − g| / (|1.1g| + |g|) = 0.1 / 2.1 ≈ 0.048 on every entry of W₀
    assert gradient_check(model, X, Y, "mse") == pytest.approx(0.1 / 2.1, rel=1e-4)


def test_gradient_check_catches_a_backward_pass_that_forgets_f_prime(monkeypatch):
    model, X, Y = small_problem()
    # The classic bug: dZ = dA, forgetting the factor f'(z) = 1 − a² of the tanh layer.
    monkeypatch.setattr(activations.Tanh, "backward", lambda self, z, a, da: da)
    assert gradient_check(model, X, Y, "mse") > 1e-2


def test_any_object_with_value_and_grad_is_a_loss():
    class HalfSSE:  # E = ½ Σ (o − t)² over everything, written out by hand
        def value(self, t, o):
            return 0.5 * float(np.sum((o - t) ** 2))

        def grad(self, t, o):
            return o - t

    model, X, Y = small_problem()
    J, gW, gb = model.loss_and_grads(X, Y, HalfSSE())
    # the library's half_sse divides by N = 5 samples, so it is E / 5, and so are its grads
    J5, gW5, gb5 = model.loss_and_grads(X, Y, "half_sse")
    assert J == pytest.approx(5 * J5, rel=1e-12)
    np.testing.assert_allclose(gW[0], 5 * gW5[0], rtol=1e-12)
    np.testing.assert_allclose(gb[1], 5 * gb5[1], rtol=1e-12)


# --- Matt Mazur, "A Step by Step Backpropagation Example" (2015) ---------------------------

def mazur():
    # w1, w2: into h1 from i1, i2; w3, w4: into h2. w5, w6: into o1 from h1, h2; w7, w8: o2.
    weights = [np.array([[0.15, 0.20], [0.25, 0.30]]), np.array([[0.40, 0.45], [0.50, 0.55]])]
    biases = [np.array([0.35, 0.35]), np.array([0.60, 0.60])]
    return MLP.from_params(weights, biases, "sigmoid"), np.array([[0.05, 0.10]]), \
        np.array([[0.01, 0.99]])


def test_mazur_forward_pass():
    model, X, _ = mazur()
    hidden, output = model.forward_trace(X)
    # net_h1 = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775, out_h1 = 1/(1 + e^−0.3775)
    assert hidden.Z[0, 0] == pytest.approx(0.3775, abs=1e-12)
    assert hidden.A[0, 0] == pytest.approx(0.593269992, abs=5e-10)
    assert hidden.A[0, 1] == pytest.approx(0.596884378, abs=5e-10)
    assert output.A[0, 0] == pytest.approx(0.75136507, abs=5e-9)
    assert output.A[0, 1] == pytest.approx(0.772928465, abs=5e-10)
    np.testing.assert_allclose(model.forward(X[0]), output.A[0], rtol=1e-15)


def test_mazur_error_and_gradients():
    model, X, Y = mazur()
    # E_total = ½(0.01 − 0.75136507)² + ½(0.99 − 0.772928465)² = 0.298371109
    E, grads_W, grads_b = model.loss_and_grads(X, Y, "half_sse")
    assert E == pytest.approx(0.298371109, abs=5e-10)
    # ∂E/∂w5 = (out_o1 − t1)·out_o1(1 − out_o1)·out_h1 = 0.74136507·0.186815602·0.593269992
    assert grads_W[1][0, 0] == pytest.approx(0.082167041, abs=5e-10)
    # ∂E/∂w1 = (Σ_o δ_o w_(h1→o))·out_h1(1 − out_h1)·i1 = 0.036350306·0.241300709·0.05
    assert grads_W[0][0, 0] == pytest.approx(0.000438568, abs=5e-10)
    # And one gradient step of α = 0.5 gives Mazur's w5⁺ = 0.35891648.
    w5_new = model.weights[1][0, 0] - 0.5 * grads_W[1][0, 0]
    assert w5_new == pytest.approx(0.35891648, abs=5e-9)


# --- shapes, parameters, seeds -----------------------------------------------------------

def test_parameter_shapes_follow_the_one_convention():
    model = MLP([2, 16, 16, 1])
    assert [W.shape for W in model.weights] == [(16, 2), (16, 16), (1, 16)]
    assert [b.shape for b in model.biases] == [(16,), (16,), (1,)]
    assert model.n_params == 2 * 16 + 16 + 16 * 16 + 16 + 16 + 1  # = 337
    X = np.zeros((7, 2))
    assert model.forward(X).shape == (7, 1)
    _, gW, gb = model.loss_and_grads(X, np.zeros((7, 1)))
    assert [g.shape for g in gW] == [W.shape for W in model.weights]
    assert [g.shape for g in gb] == [b.shape for b in model.biases]


def test_one_sample_as_a_1d_array():
    model, X, Y = small_problem()
    out = model.forward(X[2])
    assert out.shape == (2,)
    np.testing.assert_allclose(out, model.forward(X)[2], rtol=1e-14)
    J1, gW1, _ = model.loss_and_grads(X[2], Y[2], "mse")
    J2, gW2, _ = model.loss_and_grads(X[2:3], Y[2:3], "mse")
    assert J1 == J2
    np.testing.assert_array_equal(gW1[0], gW2[0])


def test_1d_targets_for_one_output_mean_one_target_per_sample():
    model = MLP([2, 3, 1], seed=4)
    X, y = np.random.default_rng(0).normal(size=(5, 2)), np.arange(5.0)
    J1, gW1, _ = model.loss_and_grads(X, y, "mse")
    J2, gW2, _ = model.loss_and_grads(X, y[:, None], "mse")
    assert J1 == J2
    np.testing.assert_array_equal(gW1[1], gW2[1])


def test_from_params_and_set_params_round_trip():
    model = MLP([3, 5, 2], activation="relu", output_activation="sigmoid", seed=3)
    weights, biases = model.params()
    copy = MLP.from_params(weights, biases, ["relu", "sigmoid"])
    X = np.random.default_rng(0).normal(size=(4, 3))
    np.testing.assert_array_equal(copy.forward(X), model.forward(X))
    weights[0][0, 0] = 99.0  # params() gave copies: the model is unchanged
    assert model.weights[0][0, 0] != 99.0 and copy.weights[0][0, 0] != 99.0
    model.set_params(weights, biases)
    assert model.weights[0][0, 0] == 99.0
    weights[0][0, 0] = -1.0  # set_params copied them in
    assert model.weights[0][0, 0] == 99.0


def test_same_seed_same_network_other_seed_other_network():
    a, b, c = MLP([4, 8, 3], seed=7), MLP([4, 8, 3], seed=7), MLP([4, 8, 3], seed=8)
    for Wa, Wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(Wa, Wb)
    assert not np.array_equal(a.weights[0], c.weights[0])
    assert all(not bias.any() for bias in a.biases)  # biases start at 0


def test_initial_weight_spread_is_glorot_for_tanh_and_he_for_relu():
    # Glorot: std = √(2/(400 + 300)) ≈ 0.0535; He: std = √(2/400) ≈ 0.0707.
    # With 120 000 draws the sample std is within about 0.3 % of the true one.
    assert MLP([400, 300], activation="tanh").weights[0].std() == pytest.approx(
        np.sqrt(2 / 700), rel=0.01)
    assert MLP([400, 300], activation="relu").weights[0].std() == pytest.approx(
        np.sqrt(2 / 400), rel=0.01)


def test_repr_reads_like_the_call():
    assert repr(MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid")) == \
        "MLP([2, 2, 1], activation='sigmoid', output='sigmoid')"
    assert repr(MLP([2, 16, 16, 1])) == \
        "MLP([2, 16, 16, 1], activation='tanh', output='linear')"


def test_saturated_sigmoids_raise_no_warnings():
    model = MLP.from_params([np.full((2, 2), 1e3), np.full((2, 2), 1e3)],
                            [np.zeros(2), np.zeros(2)], ["sigmoid", "softmax"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = model.forward(np.array([[50.0, -80.0], [-1e3, 1e3]]))
    assert np.isfinite(out).all()
    np.testing.assert_allclose(out.sum(axis=1), 1.0)


# --- bad input ---------------------------------------------------------------------------

@pytest.mark.parametrize("sizes", [[3], [], [2, 0, 1], [2, -1], [2.0, 3], [2, True], "23",
                                   [[2, 3]], None, [2, 3.5]])
def test_bad_sizes(sizes):
    with pytest.raises(ValueError, match="sizes must be a list of at least 2 positive"):
        MLP(sizes)


def test_unknown_activation_names_the_argument():
    with pytest.raises(ValueError, match="activation: unknown activation 'sigmoide'"):
        MLP([2, 2, 1], activation="sigmoide")
    with pytest.raises(ValueError, match="output_activation: unknown activation"):
        MLP([2, 2, 1], output_activation="soft-max-ish")
    with pytest.raises(ValueError, match=r"activations\[1\]: unknown activation"):
        MLP.from_params([np.ones((2, 2)), np.ones((1, 2))], [np.ones(2), np.ones(1)],
                        ["tanh", "step"])


@pytest.mark.parametrize("X, match", [
    (np.ones((4, 3)), r"X must have 2 columns"),
    (np.ones(3), r"X must have 2 columns"),
    (np.ones((2, 2, 2)), r"X must have shape \(n_samples, 2\)"),
    (np.array([[1.0, np.nan]]), "X must contain only finite numbers"),
    (np.array([[1.0, np.inf]]), "X must contain only finite numbers"),
    (np.array([["a", "b"]]), "X must be an array of numbers"),
])
def test_bad_X(X, match):
    model = MLP([2, 3, 1])
    with pytest.raises(ValueError, match=match):
        model.forward(X)
    with pytest.raises(ValueError, match=match):
        model.loss_and_grads(X, np.zeros((len(np.atleast_2d(X)), 1)))


@pytest.mark.parametrize("Y, match", [
    (np.zeros((5, 1)), r"Y must have one row per sample of X \(4 samples\)"),
    (np.zeros(3), r"Y must have one row per sample of X"),
    (np.zeros((4, 3)), r"Y must have 2 columns"),
    (np.zeros((4, 2, 1)), r"Y must have one row per sample"),
    (np.array([[0.0, 1.0]] * 3 + [[np.nan, 0.0]]), "your Y.*y_true contains NaN or inf"),
    (np.array([[0.0, 1.0]] * 3 + [[-np.inf, 0.0]]), "your Y.*y_true contains NaN or inf"),
])
def test_bad_Y(Y, match):
    with pytest.raises(ValueError, match=match):
        MLP([3, 2]).loss_and_grads(np.ones((4, 3)), Y, "mse")


def test_softmax_output_with_softmax_ce_is_refused():
    model = MLP([2, 3], output_activation="softmax")
    with pytest.raises(ValueError, match="use output_activation='linear' with loss "
                                         "'softmax_ce', or keep softmax and use loss 'cce'"):
        model.loss_and_grads(np.ones((2, 2)), np.array([0, 2]), "softmax_ce")


def test_parameters_that_do_not_chain_are_refused():
    W0, b0 = np.ones((3, 2)), np.zeros(3)
    with pytest.raises(ValueError, match=r"weights\[1\] must have 3 columns"):
        MLP.from_params([W0, np.ones((1, 4))], [b0, np.zeros(1)], "tanh")
    with pytest.raises(ValueError, match=r"biases\[0\] must have shape \(3,\)"):
        MLP.from_params([W0], [np.zeros(2)], "tanh")
    with pytest.raises(ValueError, match=r"weights\[0\] must be a 2-D array"):
        MLP.from_params([np.ones(3)], [b0], "tanh")
    with pytest.raises(ValueError, match="same length"):
        MLP.from_params([W0], [b0, b0], "tanh")
    with pytest.raises(ValueError, match="one activation per layer"):
        MLP.from_params([W0], [b0], ["tanh", "tanh"])
    with pytest.raises(ValueError, match=r"weights\[0\] must contain only finite"):
        MLP.from_params([np.full((3, 2), np.nan)], [b0], "tanh")


def test_set_params_keeps_every_shape():
    model = MLP([2, 3, 1])
    weights, biases = model.params()
    with pytest.raises(ValueError, match=r"weights\[0\] must have shape \(3, 2\)"):
        model.set_params([np.ones((4, 2)), np.ones((1, 4))], [np.ones(4), np.ones(1)])
    with pytest.raises(ValueError, match=r"biases\[1\] must have shape \(1,\)"):
        model.set_params(weights, [biases[0], np.ones(2)])
    with pytest.raises(ValueError, match="lists of 2 arrays"):
        model.set_params(weights[:1], biases[:1])


def test_dense_layer_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\)"):
        dense_forward(np.ones((4, 3)), np.ones((5, 2)), np.zeros(5))
    _, cache = dense_forward(np.ones((4, 2)), np.ones((5, 2)), np.zeros(5))
    with pytest.raises(ValueError, match=r"dA must have the shape of the layer's output A"):
        dense_backward(np.ones((4, 2)), cache)


@pytest.mark.parametrize("loss", ["mse", "mae", "huber", "sse", "half_sse", "bce", "cce"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_nan_or_inf_in_Y_is_refused_without_warnings(loss, bad):
    model = MLP([2, 3, 2], output_activation="softmax" if loss == "cce" else "sigmoid")
    Y = np.array([[0.0, 1.0], [1.0, bad]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="your Y.*y_true contains NaN or inf"):
            model.loss_and_grads(np.ones((2, 2)), Y, loss)


def test_targets_a_loss_cannot_use_are_refused_naming_Y_and_the_loss():
    model = MLP([2, 3, 1], output_activation="sigmoid")
    with pytest.raises(ValueError, match=r"Y does not suit loss 'bce'.*must lie in \[0, 1\]"):
        model.loss_and_grads(np.ones((2, 2)), np.array([[0.0], [2.0]]), "bce")
    model = MLP([2, 3, 3], output_activation="softmax")
    with pytest.raises(ValueError, match=r"Y does not suit loss 'cce'.*class indices"):
        model.loss_and_grads(np.ones((2, 2)), np.array([0, 3]), "cce")


def test_unknown_loss_is_refused():
    model = MLP([2, 1])
    with pytest.raises(ValueError, match="loss: unknown loss 'msq'"):
        model.loss_and_grads(np.ones((2, 2)), np.ones((2, 1)), "msq")
    with pytest.raises(ValueError, match="loss must be a name"):
        model.loss_and_grads(np.ones((2, 2)), np.ones((2, 1)), 42)


def test_no_samples_is_refused():
    with pytest.raises(ValueError, match="X must hold at least one sample"):
        MLP([2, 1]).loss_and_grads(np.ones((0, 2)), np.ones((0, 1)))


def test_gradient_check_is_small_on_random_networks_of_every_kind():
    rng = np.random.default_rng(5)
    for hidden in POINTWISE:
        for out, loss, kind in HEADS:
            if hidden in KINKED or out in KINKED or loss == "mae":
                continue  # kinks: see the property test, which steers clear of them
            sizes = [3, 4, 3]
            model = MLP(sizes, activation=hidden, output_activation=out, seed=2)
            X, Y = rng.uniform(-2, 2, (6, 3)), targets(kind, rng, 6, 3)
            assert gradient_check(model, X, Y, loss) < TOL, (hidden, out, loss)


def test_gradient_check_refuses_a_bad_step():
    model, X, Y = small_problem()
    with pytest.raises(ValueError, match="step h must be a small positive number"):
        gradient_check(model, X, Y, "mse", h=0)


# --- the size of each layer's gradient ------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=2, max_size=5),
       hidden=st.sampled_from(["sigmoid", "tanh", "bipolar_sigmoid", "linear"]),
       seed=st.integers(0, 2**32 - 1))
def test_layer_gradient_norms_are_the_norms_of_finite_difference_gradients(sizes, hidden,
                                                                           seed):
    rng = np.random.default_rng(seed)
    model = MLP(sizes, activation=hidden, output_activation="linear", seed=seed % 1000)
    X, Y = rng.uniform(-2, 2, (5, sizes[0])), rng.normal(0, 1, (5, sizes[-1]))
    norms = layer_gradient_norms(model, X, Y, "mse")
    assert norms.shape == (len(sizes) - 1,) and np.all(norms >= 0)
    J0 = model.loss(X, Y, "mse")
    for l, W in enumerate(model.weights):
        def J(W_, l=l):
            saved, model.weights[l] = model.weights[l], W_
            try:
                return model.loss(X, Y, "mse")
            finally:
                model.weights[l] = saved
        numeric = np.sqrt(np.sum(numerical_gradient(J, W) ** 2))
        # ‖a‖ − ‖b‖ ≤ ‖a − b‖: the norms agree as closely as the gradients do.
        assert abs(norms[l] - numeric) <= 1e-6 * max(numeric, floor(J0))


def test_layer_gradient_norms_by_hand_and_vanishing_through_sigmoids():
    # One weight per layer, no activation: ŷ = w₂·w₁·x with x = 1, w₁ = 3, w₂ = −2, so
    # ŷ = −6; mse on one sample with target 0: J = ŷ², ∂J/∂w₁ = 2ŷ·w₂·x, ∂J/∂w₂ = 2ŷ·w₁·x.
    model = MLP.from_params([np.array([[3.0]]), np.array([[-2.0]])],
                            [np.zeros(1), np.zeros(1)], "linear")
    y_hat = -6.0
    np.testing.assert_allclose(layer_gradient_norms(model, [[1.0]], [[0.0]]),
                               [abs(2 * y_hat * -2.0), abs(2 * y_hat * 3.0)])
    # Deep sigmoid network: smaller at every step back towards the input.
    rng = np.random.default_rng(0)
    deep = MLP([4] + [16] * 12 + [1], activation="sigmoid", seed=0)
    norms = layer_gradient_norms(deep, rng.normal(size=(32, 4)), rng.normal(size=(32, 1)))
    assert np.all(np.diff(np.log10(norms)) > 0) and norms[0] / norms[-1] < 1e-5
    with pytest.raises(ValueError, match="model must be an MLP"):
        layer_gradient_norms("net", [[1.0]], [[0.0]])
    with pytest.raises(ValueError, match="Y must have one row per sample"):
        layer_gradient_norms(model, [[1.0]], [[0.0], [1.0]])
