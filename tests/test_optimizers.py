"""GD and descend: exact steps, the path's shape, divergence reported, bad input refused."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import surfaces
from lessons_lib.optimizers import GD, Path, descend


def test_one_step_is_the_update_rule():
    # w_new = w_old − α ∂J/∂w, worked by hand: 0.5 − 0.1 × 2 = 0.3 and −1 − 0.1 × (−4) = −0.6.
    new = GD(0.1).step(np.array([0.5, -1.0]), np.array([2.0, -4.0]))
    np.testing.assert_allclose(new, [0.3, -0.6])


def test_step_on_a_list_of_layer_arrays_leaves_inputs_alone():
    w, b = np.ones((2, 3)), np.zeros(2)
    gw, gb = np.full((2, 3), 2.0), np.array([1.0, -1.0])
    new_w, new_b = GD(0.5).step([w, b], [gw, gb])
    np.testing.assert_allclose(new_w, np.zeros((2, 3)))
    np.testing.assert_allclose(new_b, [-0.5, 0.5])
    np.testing.assert_array_equal(w, np.ones((2, 3)))  # not modified in place


def test_step_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="gradient must have its parameter's shape"):
        GD(0.1).step(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="same length"):
        GD(0.1).step([np.zeros(2)], [np.zeros(2), np.zeros(2)])


@pytest.mark.parametrize("lr", [0, -0.1, float("nan"), float("inf"), "0.1", None, True])
def test_bad_learning_rate_is_a_clear_error(lr):
    with pytest.raises(ValueError, match="learning rate α must be"):
        GD(lr)


def test_path_on_the_bowl_is_the_closed_form():
    # On J = θ₁² + θ₂², ∇J = 2θ, so θ_t = (1 − 2α)^t θ₀ exactly.
    s, lr, steps = surfaces.bowl, 0.1, 25
    path = descend(s.grad, s.start, GD(lr), steps)
    assert isinstance(path, Path) and path.shape == (steps + 1, 2)
    assert not path.diverged and path.diverged_at is None
    expected = (1 - 2 * lr) ** np.arange(steps + 1)[:, None] * s.start
    np.testing.assert_allclose(path, expected, rtol=1e-12)


def test_zero_steps_is_just_the_start():
    path = descend(surfaces.bowl.grad, [1.0, 2.0], GD(0.1), 0)
    np.testing.assert_array_equal(path, [[1.0, 2.0]])


def test_divergence_is_reported_at_the_right_step_without_warnings():
    # α = 2 on the bowl multiplies θ by (1 − 4) = −3 each step: |θ₁| = 2.5·3^t first
    # exceeds the bound 10⁶ at t = 12.
    s = surfaces.bowl
    expected = next(t for t in range(1, 100) if 2.5 * 3**t > 1e6)
    assert expected == 12
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = descend(s.grad, s.start, GD(2.0), 100)
    assert path.diverged and path.diverged_at == expected
    assert path.shape == (expected, 2)  # θ₀ … θ₁₁: the points before the blow-up
    assert np.all(np.isfinite(path)) and np.abs(path).max() <= 1e6


def test_overflow_inside_the_gradient_becomes_a_divergence_not_a_warning():
    # ∇J = (e^θ₁, θ₂): e^800 overflows to inf, which numpy would warn about.
    def wild_grad(theta):
        return np.array([np.exp(theta[0]), theta[1]])

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = descend(wild_grad, [800.0, 1.0], GD(0.1), 50, bound=1e308)
    assert path.diverged_at == 1
    np.testing.assert_array_equal(path, [[800.0, 1.0]])


def test_nan_gradient_is_a_divergence():
    path = descend(lambda t: np.full(2, np.nan), [1.0, 1.0], GD(0.1), 10)
    assert path.diverged_at == 1 and path.shape == (1, 2)


def test_a_smaller_bound_stops_sooner():
    s = surfaces.bowl
    assert descend(s.grad, s.start, GD(2.0), 100, bound=100.0).diverged_at == 4  # 2.5·3⁴ > 100


def test_descend_twice_gives_the_same_path():
    s, opt = surfaces.ravine, GD(0.15)
    np.testing.assert_array_equal(descend(s.grad, s.start, opt, 20),
                                  descend(s.grad, s.start, opt, 20))


@settings(max_examples=100, deadline=None)
@given(frac=st.floats(0.01, 0.99))
def test_below_two_over_curvature_the_ravine_loss_never_rises(frac):
    # The ravine's largest curvature is 10, so GD is stable exactly when α < 2/10.
    s = surfaces.ravine
    path = descend(s.grad, s.start, GD(frac * 0.2), 60)
    j = s.value(path)
    assert not path.diverged
    assert np.all(np.diff(j) <= 1e-12)


@settings(max_examples=50, deadline=None)
@given(frac=st.floats(1.05, 10.0))
def test_above_two_over_curvature_the_ravine_blows_up(frac):
    s = surfaces.ravine
    path = descend(s.grad, s.start, GD(frac * 0.2), 2000)
    assert path.diverged
    # |1 − 10α|^t · 1.5 first passes 10⁶ at this step (θ₂ dominates the blow-up).
    rate = abs(1 - 10 * frac * 0.2)
    first = math.ceil(math.log(1e6 / 1.5) / math.log(rate))
    assert abs(path.diverged_at - first) <= 1


@pytest.mark.parametrize(
    "x0, steps, match",
    [
        ([[1.0, 2.0]], 5, "1-D array"),
        ([], 5, "1-D array"),
        ([np.nan, 1.0], 5, "finite"),
        ([1.0, 2.0], -1, "steps must be"),
        ([1.0, 2.0], 2.5, "steps must be"),
    ],
)
def test_descend_refuses_bad_input(x0, steps, match):
    with pytest.raises(ValueError, match=match):
        descend(surfaces.bowl.grad, x0, GD(0.1), steps)


def test_descend_refuses_a_gradient_of_the_wrong_shape():
    with pytest.raises(ValueError, match="grad_fn must return"):
        descend(lambda t: np.zeros(3), [1.0, 2.0], GD(0.1), 3)


def test_descend_refuses_a_non_optimizer():
    with pytest.raises(ValueError, match="step"):
        descend(surfaces.bowl.grad, [1.0, 2.0], 0.1, 3)
