"""Surfaces: analytic gradients against central finite differences, minima, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import surfaces
from lessons_lib.optimizers import GD, descend

NAMES = sorted(surfaces.SURFACES)


def central_difference(f, theta, h=1e-6):
    """∂J/∂θᵢ ≈ (J(θ + h eᵢ) − J(θ − h eᵢ)) / 2h, for each i."""
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = h
        grad[i] = (f(theta + e) - f(theta - e)) / (2 * h)
    return grad


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_gradient_matches_finite_differences(name, data):
    s = surfaces.get(name)
    # Points anywhere in, and a little beyond, the plotting window.
    pad = 1.0
    t1 = data.draw(st.floats(s.xlim[0] - pad, s.xlim[1] + pad))
    t2 = data.draw(st.floats(s.ylim[0] - pad, s.ylim[1] + pad))
    theta = np.array([t1, t2])
    numeric = central_difference(s.value, theta)
    np.testing.assert_allclose(s.grad(theta), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_minima_have_zero_gradient_and_the_first_is_global(name):
    s = surfaces.get(name)
    _, _, j = s.grid(101)
    assert len(s.minima) >= 1
    for m in s.minima:
        np.testing.assert_allclose(s.grad(m), 0.0, atol=1e-12)
        assert s.xlim[0] < m[0] < s.xlim[1] and s.ylim[0] < m[1] < s.ylim[1]
        # A minimum: every point on a small circle around it is higher.
        angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
        ring = m + 1e-3 * np.column_stack([np.cos(angles), np.sin(angles)])
        assert np.all(s.value(ring) > s.value(m))
    assert s.value(s.minima[0]) <= j.min() + 1e-12  # the first is the lowest of all
    assert s.value(s.start) > s.value(s.minima[0]) + 1.0  # the start is a real walk away


@pytest.mark.parametrize("name", NAMES)
def test_saddles_are_flat_but_not_minima(name):
    s = surfaces.get(name)
    angles = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    for p in s.saddles:
        np.testing.assert_allclose(s.grad(p), 0.0, atol=1e-12)
        ring = s.value(p + 1e-3 * np.column_stack([np.cos(angles), np.sin(angles)]))
        assert ring.min() < s.value(p) < ring.max()  # downhill one way, uphill another


@pytest.mark.parametrize("name", NAMES)
def test_default_learning_rate_walks_downhill(name):
    s = surfaces.get(name)
    path = descend(s.grad, s.start, GD(s.lr), 100)
    assert not path.diverged
    j = s.value(path)
    assert j[-1] < j[0] - 1.0


def test_published_minima():
    # Rosenbrock (1960): the minimum is (1, 1) with J = 0.
    assert surfaces.rosenbrock.value([1.0, 1.0]) == 0.0
    # Himmelblau (1972), as tabulated e.g. on Wikipedia's "Himmelblau's function" page:
    published = [(3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                 (3.584428, -1.848126)]
    np.testing.assert_allclose(surfaces.himmelblau.minima, published, atol=1e-6)
    np.testing.assert_allclose(surfaces.himmelblau.value(surfaces.himmelblau.minima), 0.0,
                               atol=1e-24)
    # Saddle: minima at θ₂² = 2 (from θ₂³ − 2θ₂ = 0), J = 2²/4 − 2 = −1.
    np.testing.assert_allclose(surfaces.saddle.value(surfaces.saddle.minima), -1.0)


def test_two_valleys_traps_plain_gradient_descent():
    s = surfaces.two_valleys
    local, best = s.minima[1], s.minima[0]
    assert s.value(best) < s.value(local)
    # θ₁ solves θ₁³ − 2θ₁ + 0.3 = 0: −1.483968 (global) and 1.332221 (local), θ₂ = θ₁/2.
    np.testing.assert_allclose(best, [-1.483968, -0.741984], atol=1e-6)
    np.testing.assert_allclose(local, [1.332221, 0.666110], atol=1e-6)
    end = descend(s.grad, s.start, GD(s.lr), 400)[-1]
    np.testing.assert_allclose(end, local, atol=1e-4)  # stuck in the shallow valley


def test_known_values():
    assert surfaces.bowl.value([1.0, 2.0]) == 5.0
    np.testing.assert_array_equal(surfaces.bowl.grad([1.0, 2.0]), [2.0, 4.0])
    assert surfaces.ravine.value([2.0, 1.0]) == 0.5 * (4.0 + 10.0)
    np.testing.assert_array_equal(surfaces.ravine.grad([2.0, 1.0]), [2.0, 10.0])
    # Rosenbrock at (0, 1): (1 − 0)² + 100(1 − 0)² = 101; ∇J = (−2·1 − 0, 200·1).
    assert surfaces.rosenbrock.value([0.0, 1.0]) == 101.0
    np.testing.assert_array_equal(surfaces.rosenbrock.grad([0.0, 1.0]), [-2.0, 200.0])
    # Himmelblau at (0, 0): (−11)² + (−7)² = 170; ∇J = (2·(−7), 2·(−11)) = (−14, −22).
    assert surfaces.himmelblau.value([0.0, 0.0]) == 170.0
    np.testing.assert_array_equal(surfaces.himmelblau.grad([0.0, 0.0]), [-14.0, -22.0])
    # Saddle at (1, 2): 1 + 16/4 − 4 = 1; ∇J = (2, 8 − 4) = (2, 4).
    assert surfaces.saddle.value([1.0, 2.0]) == 1.0
    np.testing.assert_array_equal(surfaces.saddle.grad([1.0, 2.0]), [2.0, 4.0])
    # Two valleys at (2, 0): 4 − 4 + 0.6 + 1 = 1.6; ∇J = (8 − 4 + 0.3 + 1, 2·(−1)) = (5.3, −2).
    np.testing.assert_allclose(surfaces.two_valleys.value([2.0, 0.0]), 1.6)
    np.testing.assert_allclose(surfaces.two_valleys.grad([2.0, 0.0]), [5.3, -2.0])


@pytest.mark.parametrize("name", NAMES)
def test_vectorised_over_a_grid(name):
    s = surfaces.get(name)
    t1, t2, j = s.grid(7)
    assert t1.shape == t2.shape == j.shape == (7, 7)
    pts = np.stack([t1, t2], axis=-1)
    assert s.grad(pts).shape == (7, 7, 2)
    np.testing.assert_allclose(j[3, 4], s.value(pts[3, 4]))


def test_get_passes_a_surface_through():
    assert surfaces.get(surfaces.ravine) is surfaces.ravine


@pytest.mark.parametrize("bad", ["hill", None, 3])
def test_unknown_surface_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="unknown surface .* choose one of: bowl, ravine, saddle"):
        surfaces.get(bad)


@pytest.mark.parametrize("theta", [[1.0, 2.0, 3.0], 1.0, [[1.0], [2.0]], "ab"])
def test_wrong_shape_is_a_clear_error(theta):
    with pytest.raises(ValueError, match="θ must"):
        surfaces.bowl.grad(theta)


@pytest.mark.parametrize("n", [1, 2.5, -3])
def test_bad_grid_size(n):
    with pytest.raises(ValueError, match="grid size"):
        surfaces.bowl.grid(n)
