"""Surfaces: analytic gradients against central finite differences, minima, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import surfaces

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
def test_minima_have_zero_gradient_and_lowest_value(name):
    s = surfaces.get(name)
    _, _, j = s.grid(101)
    for m in s.minima:
        np.testing.assert_allclose(s.grad(m), 0.0, atol=1e-12)
        assert s.value(m) <= j.min() + 1e-12
        assert s.xlim[0] < m[0] < s.xlim[1] and s.ylim[0] < m[1] < s.ylim[1]
    assert s.value(s.start) > s.value(s.minima[0]) + 1.0  # the start is a real walk away


def test_known_values():
    assert surfaces.bowl.value([1.0, 2.0]) == 5.0
    np.testing.assert_array_equal(surfaces.bowl.grad([1.0, 2.0]), [2.0, 4.0])
    assert surfaces.ravine.value([2.0, 1.0]) == 0.5 * (4.0 + 10.0)
    np.testing.assert_array_equal(surfaces.ravine.grad([2.0, 1.0]), [2.0, 10.0])


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
    with pytest.raises(ValueError, match="unknown surface .* choose one of: bowl, ravine"):
        surfaces.get(bad)


@pytest.mark.parametrize("theta", [[1.0, 2.0, 3.0], 1.0, [[1.0], [2.0]], "ab"])
def test_wrong_shape_is_a_clear_error(theta):
    with pytest.raises(ValueError, match="θ must"):
        surfaces.bowl.grad(theta)


@pytest.mark.parametrize("n", [1, 2.5, -3])
def test_bad_grid_size(n):
    with pytest.raises(ValueError, match="grid size"):
        surfaces.bowl.grid(n)
