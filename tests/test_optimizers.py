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


# --- Momentum, Nesterov, RMSProp, Adam -------------------------------------------------------
from lessons_lib import optimizers  # noqa: E402
from lessons_lib.optimizers import Adam, Momentum, Nesterov, RMSProp  # noqa: E402


def run(opt, theta, grad_fn, steps):
    """θ after ``steps`` optimizer steps on ∇J = grad_fn(θ)."""
    theta = np.asarray(theta, dtype=float)
    for _ in range(steps):
        theta = opt.step(theta, grad_fn(theta))
    return theta


def square_grad(theta):  # J = θ², ∇J = 2θ
    return 2.0 * theta


def test_momentum_two_steps_by_hand():
    # α = 0.1, β = 0.9, θ₀ = 1 on J = θ².
    # t=1: g = 2,   v = 0 + 2 = 2,           θ = 1 − 0.1·2 = 0.8
    # t=2: g = 1.6, v = 0.9·2 + 1.6 = 3.4,   θ = 0.8 − 0.1·3.4 = 0.46
    opt = Momentum(0.1, beta=0.9)
    assert run(opt, [1.0], square_grad, 1) == pytest.approx([0.8])
    assert opt.step(np.array([0.8]), np.array([1.6])) == pytest.approx([0.46])


def test_nesterov_two_steps_by_hand():
    # PyTorch SGD(nesterov=True): v = βv + g, θ = θ − α(g + βv). α = 0.1, β = 0.9, θ₀ = 1.
    # t=1: g = 2,    v = 2,                θ = 1 − 0.1(2 + 1.8) = 0.62
    # t=2: g = 1.24, v = 1.8 + 1.24 = 3.04, θ = 0.62 − 0.1(1.24 + 2.736) = 0.2224
    opt = Nesterov(0.1, beta=0.9)
    np.testing.assert_allclose(run(opt, [1.0], square_grad, 2), [0.2224], rtol=1e-12)


def test_rmsprop_first_step_by_hand():
    # ρ = 0.9: s = 0.1·g², so the first step is α·g/(√0.1·|g| + ε) ≈ α/√0.1 = 3.1623α
    # for every coordinate, whatever the size of its gradient.
    opt = RMSProp(0.01, rho=0.9, eps=1e-8)
    g = np.array([2.0, -0.001, 300.0])
    new = opt.step(np.zeros(3), g)
    np.testing.assert_allclose(new, -0.01 * g / (np.sqrt(0.1) * np.abs(g) + 1e-8), rtol=1e-12)
    np.testing.assert_allclose(np.abs(new), 0.0316228, rtol=1e-4)


def test_adam_first_step_moves_every_coordinate_by_about_lr():
    # t=1: m̂ = g and v̂ = g², so the step is α·g/(|g| + ε) ≈ α·sign(g).
    g = np.array([1e-3, 5.0, -300.0, 0.7])
    new = Adam(0.1).step(np.ones(4), g)
    np.testing.assert_allclose(1.0 - new, 0.1 * np.sign(g), rtol=1e-4)


def test_adam_two_steps_by_hand():
    # α = 0.1, β₁ = 0.9, β₂ = 0.999, ε = 1e-8; gradients 2 then 1 (given, not from J).
    # t=1: m = 0.2,  v = 0.004;  m̂ = 0.2/0.1 = 2, v̂ = 0.004/0.001 = 4, step = 0.1·2/2 = 0.1
    # t=2: m = 0.18 + 0.1 = 0.28,  v = 0.003996 + 0.001 = 0.004996
    #      m̂ = 0.28/0.19 = 1.4736842,  v̂ = 0.004996/0.001999 = 2.4992496,  √v̂ = 1.5809015
    #      step = 0.1·1.4736842/1.5809015 = 0.0932179
    opt = Adam(0.1)
    th = opt.step(np.array([1.0]), np.array([2.0]))
    np.testing.assert_allclose(th, [0.9], rtol=1e-7)
    th = opt.step(th, np.array([1.0]))
    np.testing.assert_allclose(th, [0.9 - 0.0932179], atol=1e-7)


def test_momentum_converges_where_plain_gd_diverges_on_the_ravine():
    # The ravine's steep direction has curvature 10: GD is stable only for α < 2/10.
    # Heavy-ball momentum is stable for α·10 < 2(1 + β), i.e. α < 0.38 at β = 0.9.
    s = surfaces.ravine
    assert descend(s.grad, s.start, GD(0.3), 200).diverged
    path = descend(s.grad, s.start, Momentum(0.3, beta=0.9), 200)
    assert not path.diverged
    assert s.value(path[-1]) < 1e-6


OPTS = [GD(0.05), Momentum(0.05), Nesterov(0.05), RMSProp(0.05), Adam(0.05)]


@pytest.mark.parametrize("opt", OPTS, ids=repr)
def test_a_list_of_arrays_steps_like_one_array(opt):
    rng = np.random.default_rng(1)
    w, b = rng.normal(size=(2, 3)), rng.normal(size=2)
    opt.reset()
    for _ in range(3):
        gw, gb = 2 * w, 2 * b
        w, b = opt.step([w, b], [gw, gb])
    # Same walk as one flat array (the optimizers act entry by entry).
    rng = np.random.default_rng(1)
    flat = np.concatenate([rng.normal(size=(2, 3)).ravel(), rng.normal(size=2)])
    opt.reset()
    flat = run(opt, flat, square_grad, 3)
    np.testing.assert_allclose(np.concatenate([w.ravel(), b]), flat, rtol=1e-12)
    assert opt.t == 3


@pytest.mark.parametrize("opt", OPTS, ids=repr)
def test_reset_makes_a_rerun_identical_and_inputs_stay_untouched(opt):
    theta, g = np.array([1.0, -2.0]), np.array([0.5, 0.25])
    opt.reset()
    first = [opt.step(theta, g) for _ in range(3)]
    opt.reset()
    again = [opt.step(theta, g) for _ in range(3)]
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(theta, [1.0, -2.0])
    np.testing.assert_array_equal(g, [0.5, 0.25])


@pytest.mark.parametrize("cls", [Momentum, Nesterov, RMSProp, Adam])
def test_a_shape_change_without_reset_is_a_clear_error(cls):
    opt = cls(0.1)
    opt.step(np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match="call reset()"):
        opt.step(np.zeros(3), np.ones(3))


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov", "rmsprop", "adam"])
@settings(max_examples=40, deadline=None)
@given(start=st.lists(st.floats(-3, 3), min_size=2, max_size=2))
def test_every_optimizer_reaches_the_bowl_minimum(name, start):
    # Small α, enough steps: every method ends near θ = 0 from anywhere in the window.
    s = surfaces.bowl
    path = descend(s.grad, np.array(start), optimizers.get(name, 0.05), 400)
    assert not path.diverged
    assert np.linalg.norm(path[-1]) < 0.05


@pytest.mark.parametrize("name", ["gd", "momentum", "nesterov", "rmsprop", "adam"])
def test_divergence_is_reported_without_warnings(name):
    s = surfaces.ravine
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # RMSProp and Adam move each coordinate by about α per step, so α must exceed the bound.
        path = descend(s.grad, s.start, optimizers.get(name, 1e7), 100, bound=1e6)
    assert path.diverged and path.diverged_at >= 1


@pytest.mark.parametrize("make, match", [
    (lambda: Momentum(0.1, beta=1.0), "beta must be a number with 0 ≤ beta < 1"),
    (lambda: Nesterov(0.1, beta=-0.1), "beta must be"),
    (lambda: RMSProp(0.1, rho=1.5), "rho must be"),
    (lambda: RMSProp(0.1, eps=0), "eps must be a small positive number"),
    (lambda: Adam(0.1, beta2=float("nan")), "beta2 must be"),
    (lambda: Adam(-1), "learning rate α must be"),
    (lambda: optimizers.get("sgdd", 0.1), "unknown optimizer 'sgdd'; choose one of: gd, momentum"),
    (lambda: optimizers.get(["adam"], 0.1), "unknown optimizer"),
    (lambda: optimizers.get("adam", 0.1, rho=0.9), "adam does not take these settings"),
])
def test_bad_settings_are_clear_errors(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_get_builds_each_optimizer_with_its_settings():
    opt = optimizers.get("Momentum", 0.2, beta=0.5)
    assert isinstance(opt, Momentum) and opt.lr == 0.2 and opt.beta == 0.5
    assert repr(optimizers.get("adam", 0.01)) == "Adam(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-08)"
