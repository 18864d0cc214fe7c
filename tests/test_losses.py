"""Losses: hand-worked values, gradients against finite differences, reductions, bad input."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lessons_lib import losses
from lessons_lib.gradcheck import numerical_gradient, rel_error

TOL = 1e-6
# Central differences with h = 1e-6 round off by about ε·|J|/h ≈ 2e-10·|J| (absolute), so an
# entry much below 1e-3·max(1, |J|) cannot be checked to 1e-6 relative: below that floor
# rel_error demands agreement to 1e-9·max(1, |J|) absolute instead (a wrong formula misses
# by far more). The |J| matters: logits spread over ±7 give J ≈ 10 and 2e-9 of round-off.
FLOOR = 1e-3


def check_grad(loss, t, o):
    """The analytic ∂J/∂y_pred has y_pred's shape and matches central differences."""
    analytic = loss.grad(t, o)
    assert analytic.shape == np.shape(o)
    numeric = numerical_gradient(lambda x: loss.value(t, x), o)
    err = rel_error(analytic, numeric, floor=FLOOR * max(1.0, abs(loss.value(t, o))))
    assert err < TOL, f"{loss!r}: rel error {err:.2e}\nanalytic {analytic}\nnumeric {numeric}"


def softmax(z):
    """Test-side softmax for moderate logits (no shift needed for |z| ≤ 10)."""
    e = np.exp(np.asarray(z, dtype=float))
    return e / e.sum(axis=1, keepdims=True)


# ---------------------------------------------------------------- strategies

@st.composite
def shape(draw, max_n=6, max_k=5, allow_1d=True):
    """(n, k), or (n,) for one output per sample."""
    n, k = draw(st.integers(1, max_n)), draw(st.integers(1, max_k))
    if k == 1 and allow_1d and draw(st.booleans()):
        return (n,)
    return (n, k)


def floats_in(lo, hi):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def residual_case(draw, delta=1.0):
    """(t, o) with every residual |o − t| in [0.05δ, 0.95δ] ∪ [1.05δ, 3δ]: away from the kink
    of |r| at 0 and from the switch of Huber at |r| = δ."""
    shp = draw(shape())
    t = draw(hnp.arrays(np.float64, shp, elements=floats_in(-5, 5)))
    size = draw(hnp.arrays(np.float64, shp, elements=floats_in(0.05, 0.95) | floats_in(1.05, 3)))
    sign = draw(hnp.arrays(np.float64, shp, elements=st.sampled_from([-1.0, 1.0])))
    return t, t + delta * sign * size


@st.composite
def bce_case(draw):
    """Targets 0/1 or soft, probabilities in [0.05, 0.95], and |p − t| ≥ 0.02 everywhere
    (where p = t the gradient is 0 and nothing would be checked)."""
    shp = draw(shape())
    p = draw(hnp.arrays(np.float64, shp, elements=floats_in(0.05, 0.95)))
    if draw(st.booleans()):
        t = draw(hnp.arrays(np.float64, shp, elements=st.sampled_from([0.0, 1.0])))
    else:
        gap = draw(hnp.arrays(np.float64, shp, elements=floats_in(0.02, 0.5)))
        sign = draw(hnp.arrays(np.float64, shp, elements=st.sampled_from([-1.0, 1.0])))
        t = np.clip(p + sign * gap, 0.0, 1.0)
    return t, p


@st.composite
def class_targets(draw, n, k):
    """Class indices (n,), their one-hot rows, or soft rows with entries ≥ 0.05/k summing to 1."""
    kind = draw(st.sampled_from(["indices", "onehot", "soft"]))
    if kind == "soft":
        w = draw(hnp.arrays(np.float64, (n, k), elements=floats_in(0.05, 1.0)))
        return w / w.sum(axis=1, keepdims=True)
    idx = draw(hnp.arrays(np.int64, (n,), elements=st.integers(0, k - 1)))
    return idx if kind == "indices" else np.eye(k)[idx]


@st.composite
def cce_case(draw):
    n, k = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    p = draw(hnp.arrays(np.float64, (n, k), elements=floats_in(0.05, 0.95)))
    return draw(class_targets(n, k)), p


@st.composite
def logits_case(draw, bound=8.0):
    n, k = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    z = draw(hnp.arrays(np.float64, (n, k), elements=floats_in(-bound, bound)))
    return draw(class_targets(n, k)), z


# ---------------------------------------------------------------- values worked by hand

def test_mse_by_hand():
    # t = [3, 5], o = [2, 7]: ((3 − 2)² + (5 − 7)²)/2 = (1 + 4)/2 = 2.5.
    # ∂J/∂o = 2(o − t)/2 = [−1, 2].
    mse = losses.get("mse")
    assert mse.value([3, 5], [2, 7]) == pytest.approx(2.5)
    np.testing.assert_allclose(mse.grad([3, 5], [2, 7]), [-1.0, 2.0])


def test_house_price_example_with_single_numbers():
    # Actual price 250, predicted 300: (250 − 300)² = 2500; ∂J/∂o = 2(300 − 250) = 100.
    mse = losses.get("mse")
    assert mse.value(250, 300) == pytest.approx(2500.0)
    assert mse.grad(250, 300) == pytest.approx(100.0)
    assert mse(250, 300) == mse.value(250, 300)  # calling the loss gives its value


def test_squared_error_reductions_by_hand():
    # t = [[1, 2], [3, 4]], o = [[1, 0], [0, 4]]: squared errors [[0, 4], [9, 0]].
    # mse: (0 + 4 + 9 + 0)/4 = 3.25.  sse: per sample 4 and 9, averaged: 6.5.
    # half_sse: ½·4 = 2 and ½·9 = 4.5, averaged: 3.25.
    t, o = [[1, 2], [3, 4]], [[1, 0], [0, 4]]
    assert losses.get("mse").value(t, o) == pytest.approx(3.25)
    assert losses.get("sse").value(t, o) == pytest.approx(6.5)
    assert losses.get("half_sse").value(t, o) == pytest.approx(3.25)
    # ∂/∂o: mse 2(o − t)/4, sse 2(o − t)/2, half_sse (o − t)/2, with o − t = [[0, −2], [−3, 0]].
    np.testing.assert_allclose(losses.get("mse").grad(t, o), [[0, -1], [-1.5, 0]])
    np.testing.assert_allclose(losses.get("sse").grad(t, o), [[0, -2], [-3, 0]])
    np.testing.assert_allclose(losses.get("half_sse").grad(t, o), [[0, -1], [-1.5, 0]])


def test_half_sse_on_mazurs_backpropagation_example():
    # Matt Mazur, "A Step by Step Backpropagation Example" (2015): outputs
    # o = (0.75136507, 0.772928465), targets t = (0.01, 0.99).
    # E = ½(0.01 − 0.75136507)² + ½(0.99 − 0.772928465)² = 0.274811083 + 0.023560026
    #   = 0.298371109; ∂E/∂out_o1 = o₁ − t₁ = 0.74136507, ∂E/∂out_o2 = −0.217071535.
    t, o = [[0.01, 0.99]], [[0.75136507, 0.772928465]]
    half_sse = losses.get("half_sse")
    assert round(half_sse.value(t, o), 9) == 0.298371109
    np.testing.assert_allclose(half_sse.grad(t, o), [[0.74136507, -0.217071535]], rtol=1e-12)


def test_mae_by_hand():
    # t = [3, 5, 1], o = [2, 7, 1]: (1 + 2 + 0)/3 = 1; ∂J/∂o = sign(o − t)/3 = [−⅓, ⅓, 0].
    mae = losses.get("mae")
    assert mae.value([3, 5, 1], [2, 7, 1]) == pytest.approx(1.0)
    np.testing.assert_allclose(mae.grad([3, 5, 1], [2, 7, 1]), [-1 / 3, 1 / 3, 0.0])


def test_huber_by_hand():
    # δ = 1, t = 0, o = [0.5, −2, 1]: ½·0.5² = 0.125; |−2| > 1 so 1·(2 − ½) = 1.5;
    # |1| ≤ 1 so ½·1² = 0.5. Mean: 2.125/3. ∂J/∂o = clip(o − t, −1, 1)/3 = [0.5, −1, 1]/3.
    huber = losses.get("huber")
    assert huber.value([0, 0, 0], [0.5, -2, 1]) == pytest.approx(2.125 / 3)
    np.testing.assert_allclose(huber.grad([0, 0, 0], [0.5, -2, 1]), [0.5 / 3, -1 / 3, 1 / 3])
    # δ = 2: |3| > 2 gives 2·(3 − 1) = 4; |1.5| ≤ 2 gives ½·1.5² = 1.125.
    assert losses.Huber(delta=2).value([0], [3]) == pytest.approx(4.0)
    assert losses.Huber(delta=2).value([0], [1.5]) == pytest.approx(1.125)


def test_bce_by_hand():
    # t = [1, 0], p = [0.8, 0.4]: −(ln 0.8 + ln 0.6)/2 = (0.223143551 + 0.510825624)/2.
    # ∂J/∂p = (p − t)/(p(1 − p))/2 = [−0.2/0.16, 0.4/0.24]/2 = [−0.625, 0.8333…].
    bce = losses.get("bce")
    assert bce.value([1, 0], [0.8, 0.4]) == pytest.approx((0.223143551 + 0.510825624) / 2)
    np.testing.assert_allclose(bce.grad([1, 0], [0.8, 0.4]), [-0.625, 5 / 6])


def test_cce_by_hand():
    # Sample 1 is class 1 with p = 0.7, sample 2 class 0 with p = 0.5:
    # (−ln 0.7 − ln 0.5)/2 = (0.356674944 + 0.693147181)/2 = 0.5249110625.
    # ∂J/∂p = −t/(2p): −1/1.4 at [0, 1], −1/1 at [1, 0], 0 elsewhere.
    t = [[0, 1, 0], [1, 0, 0]]
    p = [[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]]
    cce = losses.get("cce")
    assert cce.value(t, p) == pytest.approx(0.5249110625)
    np.testing.assert_allclose(cce.grad(t, p), [[0, -1 / 1.4, 0], [-1, 0, 0]])


def test_softmax_ce_by_hand():
    # z = [1, 2, 3], class 2: ln(e¹ + e² + e³) − 3 = ln(1 + e⁻¹ + e⁻²) = ln 1.503214724
    # = 0.407605964. softmax = [e⁻², e⁻¹, 1]/1.503214724 = [0.090030573, 0.244728471,
    # 0.665240956]; ∂J/∂z = softmax − [0, 0, 1].
    sce = losses.get("softmax_ce")
    assert sce.value([2], [[1, 2, 3]]) == pytest.approx(0.407605964)
    np.testing.assert_allclose(sce.grad([2], [[1, 2, 3]]),
                               [[0.090030573, 0.244728471, 0.665240956 - 1]], rtol=1e-8)
    # Two equal logits: ln 2 = 0.693147181, whichever class is right.
    assert sce.value([0], [[0.0, 0.0]]) == pytest.approx(0.693147181)


# ---------------------------------------------------------------- gradients vs finite differences

@pytest.mark.parametrize("name", ["mse", "mae", "half_sse", "sse", "huber"])
@settings(max_examples=100, deadline=None)
@given(case=residual_case())
def test_regression_gradients_match_finite_differences(name, case):
    check_grad(losses.get(name), *case)


@settings(max_examples=150, deadline=None)
@given(delta=floats_in(0.1, 5.0), data=st.data())
def test_huber_gradient_for_any_delta(delta, data):
    t, o = data.draw(residual_case(delta))
    check_grad(losses.Huber(delta), t, o)


@settings(max_examples=150, deadline=None)
@given(case=bce_case())
def test_bce_gradient_matches_finite_differences(case):
    check_grad(losses.get("bce"), *case)


@settings(max_examples=150, deadline=None)
@given(case=cce_case())
def test_cce_gradient_matches_finite_differences(case):
    check_grad(losses.get("cce"), *case)


@settings(max_examples=150, deadline=None)
@given(case=logits_case())
# Found by hypothesis on a fresh machine: J ≈ 11, so round-off above 1e-9 absolute.
@example(case=(np.array([2, 2]), np.array([[5.0, 0.0, -7.0, -7.0, -7.0],
                                           [1.5, 3.5, -7.0, -7.0, -7.0]])))
def test_softmax_ce_gradient_matches_finite_differences(case):
    check_grad(losses.get("softmax_ce"), *case)


# ---------------------------------------------------------------- reductions

@settings(max_examples=100, deadline=None)
@given(k=st.integers(1, 6), data=st.data())
def test_half_sse_of_one_sample_is_the_textbook_error(k, data):
    t = data.draw(hnp.arrays(np.float64, (1, k), elements=floats_in(-5, 5)))
    o = data.draw(hnp.arrays(np.float64, (1, k), elements=floats_in(-5, 5)))
    e = 0.5 * sum((t[0, j] - o[0, j]) ** 2 for j in range(k))  # E = ½Σ(t − o)²
    assert losses.get("half_sse").value(t, o) == pytest.approx(e, rel=1e-12, abs=1e-12)
    np.testing.assert_allclose(losses.get("half_sse").grad(t, o), o - t, rtol=1e-12)


@settings(max_examples=100, deadline=None)
@given(case=residual_case())
def test_mse_is_sse_over_k_and_the_mean_of_per_sample_mses(case):
    t, o = (np.atleast_2d(a.T).T for a in case)  # (n,) → (n, 1)
    n, k = t.shape
    mse, sse = losses.get("mse").value(t, o), losses.get("sse").value(t, o)
    assert mse == pytest.approx(sse / k, rel=1e-12)
    assert losses.get("half_sse").value(t, o) == pytest.approx(sse / 2, rel=1e-12)
    per_sample = [losses.get("mse").value(t[i], o[i]) for i in range(n)]
    assert mse == pytest.approx(sum(per_sample) / n, rel=1e-12)


@settings(max_examples=100, deadline=None)
@given(case=cce_case())
def test_cce_with_class_indices_equals_cce_with_one_hot(case):
    _, p = case
    n, k = p.shape
    idx = np.arange(n) % k
    onehot = np.eye(k)[idx]
    cce = losses.get("cce")
    assert cce.value(idx, p) == pytest.approx(cce.value(onehot, p), rel=1e-12)
    np.testing.assert_allclose(cce.grad(idx, p), cce.grad(onehot, p), rtol=1e-12)
    sce = losses.get("softmax_ce")
    assert sce.value(idx, p) == pytest.approx(sce.value(onehot, p), rel=1e-12)
    np.testing.assert_allclose(sce.grad(idx, p), sce.grad(onehot, p), rtol=1e-12)


@settings(max_examples=100, deadline=None)
@given(case=logits_case())
def test_softmax_ce_is_cce_of_softmax(case):
    t, z = case
    a = softmax(z)
    sce, cce = losses.get("softmax_ce"), losses.get("cce")
    assert sce.value(t, z) == pytest.approx(cce.value(t, a), rel=1e-10)
    # Chain rule through softmax: ∂J/∂z = a ⊙ (∂J/∂a − Σ_k a_k ∂J/∂a_k).
    da = cce.grad(t, a)
    dz = a * (da - np.sum(a * da, axis=1, keepdims=True))
    np.testing.assert_allclose(sce.grad(t, z), dz, rtol=1e-9, atol=1e-12)


@settings(max_examples=50, deadline=None)
@given(case=logits_case(), shift=floats_in(-500, 500))
def test_softmax_ce_ignores_a_constant_added_to_each_row(case, shift):
    t, z = case
    sce = losses.get("softmax_ce")
    assert sce.value(t, z + shift) == pytest.approx(sce.value(t, z), rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(sce.grad(t, z + shift), sce.grad(t, z), atol=1e-9)


def test_softmax_ce_with_huge_logits_is_finite_and_warning_free():
    # z = [1000, −1000, 0], class 1: logsumexp(z) = 1000 (the rest is below e⁻¹⁰⁰⁰), so
    # J = 1000 − (−1000) = 2000; softmax = [1, 0, 0], ∂J/∂z = [1, −1, 0].
    sce = losses.get("softmax_ce")
    z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value, grad = sce.value([1, 2], z), sce.grad([1, 2], z)
    # Sample 2 is right with a margin of 2000: J ≈ 0. Mean (2000 + 0)/2 = 1000.
    assert value == pytest.approx(1000.0)
    np.testing.assert_allclose(grad, [[0.5, -0.5, 0.0], [0.0, 0.0, 0.0]], atol=1e-300)


def test_bce_at_zero_and_one_is_finite_and_warning_free():
    bce = losses.get("bce")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        right = bce.value([0, 1], [0.0, 1.0])
        wrong = bce.value([1, 0], [0.0, 1.0])
        grad = bce.grad([1, 0], [0.0, 1.0])
    assert right == pytest.approx(0.0, abs=1e-9)
    # Clipped to EPS: each entry costs −ln(1e-12) = 12·ln 10 = 27.631021…
    assert losses.EPS == 1e-12
    assert wrong == pytest.approx(12 * math.log(10), rel=1e-4)
    assert np.all(np.isfinite(grad))
    # Below EPS the clipped J is flat in p, so its gradient there is 0.
    assert bce.value([1], [0.0]) == bce.value([1], [1e-13])
    np.testing.assert_array_equal(grad, [0.0, 0.0])


def test_cce_with_a_zero_probability_is_finite_and_warning_free():
    cce = losses.get("cce")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        value = cce.value([0], [[0.0, 1.0]])
        grad = cce.grad([0], [[0.0, 1.0]])
    assert value == pytest.approx(12 * math.log(10), rel=1e-4)  # −ln(1e-12)
    assert np.all(np.isfinite(grad))


# ---------------------------------------------------------------- shapes

@pytest.mark.parametrize("name", ["mse", "mae", "huber", "half_sse", "sse", "bce"])
def test_1d_input_gives_1d_grad_equal_to_the_column_version(name):
    loss = losses.get(name)
    t, o = np.array([0.0, 1.0, 1.0]), np.array([0.2, 0.9, 0.3])
    g = loss.grad(t, o)
    assert g.shape == (3,)
    np.testing.assert_allclose(g, loss.grad(t[:, None], o[:, None])[:, 0])
    assert loss.value(t, o) == pytest.approx(loss.value(t[:, None], o[:, None]))


def test_inputs_are_not_modified():
    t, z = np.array([[0.0, 1.0]]), np.array([[3.0, -2.0]])
    for name in losses.LOSSES:
        t0, z0 = t.copy(), z.copy()
        p = np.array([[0.3, 0.6]])
        losses.get(name).grad(t, p if name in ("bce", "cce") else z)
        np.testing.assert_array_equal(t, t0)
        np.testing.assert_array_equal(z, z0)


# ---------------------------------------------------------------- the registry

def test_registry_names_and_get():
    assert list(losses.LOSSES) == ["mse", "mae", "huber", "half_sse", "sse", "bce", "cce",
                                   "softmax_ce"]
    for name in losses.LOSSES:
        loss = losses.get(name)
        assert isinstance(loss, losses.Loss) and loss.name == name and loss.formula
    huber = losses.Huber(delta=0.5)
    assert losses.get(huber) is huber
    assert isinstance(losses.get(" MSE "), losses.MSE)
    assert isinstance(losses.get("binary-crossentropy"), losses.BinaryCrossEntropy)


@pytest.mark.parametrize("name", ["mean_cubed_error", "", None, 3])
def test_unknown_loss_lists_the_choices(name):
    with pytest.raises(ValueError, match=r"unknown loss .*choose one of: mse, mae, huber"):
        losses.get(name)


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("name, y_true, y_pred, message", [
    ("mse", [1, 2, 3], [1, 2], r"y_pred must have the shape of y_true \(3,\), got \(2,\)"),
    ("mse", [1, 2, 3], [[1], [2], [3]], r"y_pred must have the shape of y_true \(3,\)"),
    ("mse", [], [], r"y_true is empty"),
    ("mse", [1.0], np.zeros((1, 0)), r"y_pred is empty"),
    ("mse", [1.0, float("nan")], [1.0, 2.0], r"y_true contains NaN or inf"),
    ("mae", [1.0, 2.0], [1.0, float("inf")], r"y_pred contains NaN or inf"),
    ("mse", ["3", "5"], [2, 7], r"y_true must hold numbers"),
    ("mse", [3, 5], None, r"y_pred must hold numbers"),
    ("mse", [[1, 2], [3]], [1, 2], r"y_true must be an array of numbers"),
    ("mse", np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), r"y_true must be 1-D .* or 2-D"),
    ("bce", [1.5, 0], [0.5, 0.5], r"y_true .* must lie in \[0, 1\], got values from 0 to 1.5"),
    ("bce", [1, 0], [0.5, -0.1], r"y_pred \(probabilities.* must lie in \[0, 1\]"),
    ("cce", [[0, 1]], [[0.2, 1.2]], r"y_pred \(probabilities.* must lie in \[0, 1\]"),
    ("cce", [[0, 2]], [[0.2, 0.8]], r"y_true \(one-hot targets\) must lie in \[0, 1\]"),
    ("cce", [0, 1.5], [[0.5, 0.5], [0.5, 0.5]], r"class indices must be whole numbers"),
    ("cce", [0, 2], [[0.5, 0.5], [0.5, 0.5]], r"class indices must be in 0 … 1"),
    ("softmax_ce", [-1], [[0.0, 1.0]], r"class indices must be in 0 … 1"),
    ("softmax_ce", [0, 1, 1], [[0.0, 1.0], [1.0, 0.0]],
     r"y_true holds 3 class indices but y_pred has 2 rows"),
    ("softmax_ce", [[1, 0, 0]], [[0.0, 1.0]],
     r"y_true must be one-hot rows of y_pred's shape \(1, 2\) or class indices"),
    ("softmax_ce", [1], [[float("nan"), 1.0]], r"y_pred contains NaN or inf"),
])
@pytest.mark.parametrize("method", ["value", "grad"])
def test_bad_input_is_a_clear_error(name, y_true, y_pred, message, method):
    with pytest.raises(ValueError, match=message):
        getattr(losses.get(name), method)(y_true, y_pred)


@pytest.mark.parametrize("delta", [0, -1.0, float("nan"), float("inf"), "1", None, True])
def test_bad_huber_delta_is_a_clear_error(delta):
    with pytest.raises(ValueError, match="Huber delta δ must be a positive, finite number"):
        losses.Huber(delta)
