"""Activations: values by hand, derivatives against finite differences, exam identities."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lessons_lib import activations
from lessons_lib.activations import BipolarSigmoid, LeakyReLU, Sigmoid
from lessons_lib.gradcheck import numerical_gradient, rel_error

NAMES = sorted(activations.ACTIVATIONS)
SHAPES = st.tuples(st.integers(1, 4), st.integers(1, 5))


def test_values_by_hand():
    z = np.array([[-2.0, 0.0, 1.0]])
    # 1/(1 + e^2) = 0.11920292, 1/2, 1/(1 + e^-1) = 0.73105858
    np.testing.assert_allclose(activations.get("sigmoid")(z), [[0.11920292, 0.5, 0.73105858]],
                               atol=1e-8)
    # 2/(1 + e^2) − 1 = −0.76159416 (= tanh(−1)), 0, 2/(1 + e^-1) − 1 = 0.46211716
    np.testing.assert_allclose(activations.get("bipolar_sigmoid")(z),
                               [[-0.76159416, 0.0, 0.46211716]], atol=1e-8)
    np.testing.assert_allclose(activations.get("relu")(z), [[0.0, 0.0, 1.0]])
    np.testing.assert_allclose(activations.get("leaky_relu")(z), [[-0.02, 0.0, 1.0]])
    np.testing.assert_allclose(activations.get("linear")(z), z)
    # softmax(0, ln 3) = (1/4, 3/4)
    np.testing.assert_allclose(activations.get("softmax")(np.array([[0.0, np.log(3.0)]])),
                               [[0.25, 0.75]])


def test_exam_identities_with_steepness():
    # f(z) = 1/(1 + e^(−λz)) has f' = λ f (1 − f); bipolar 2/(1 + e^(−λz)) − 1 has (λ/2)(1 − f²).
    z = np.linspace(-3, 3, 13)
    for lam in (0.5, 1.0, 2.0):
        uni, bi = Sigmoid(steepness=lam), BipolarSigmoid(steepness=lam)
        np.testing.assert_allclose(uni(z), 1 / (1 + np.exp(-lam * z)), rtol=1e-14)
        np.testing.assert_allclose(bi(z), 2 / (1 + np.exp(-lam * z)) - 1, atol=1e-15)
        np.testing.assert_allclose(
            uni.derivative(z, uni(z)),
            [numerical_gradient(lambda x: uni(x).item(), np.array(v)) for v in z], rtol=1e-8)
        np.testing.assert_allclose(
            bi.derivative(z, bi(z)),
            [numerical_gradient(lambda x: bi(x).item(), np.array(v)) for v in z], rtol=1e-7)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_backward_matches_finite_differences(name, data):
    shape = data.draw(SHAPES)
    z = data.draw(arrays(float, shape, elements=st.floats(-3, 3)))
    if name in ("relu", "leaky_relu"):  # keep away from the kink at 0
        z = np.where(np.abs(z) < 1e-3, 0.5, z)
    # ∂J/∂a of moderate size, so every entry of ∂J/∂z is well above the rounding noise of
    # the finite difference (about 1e-16·|J|/h).
    size = data.draw(arrays(float, shape, elements=st.floats(0.1, 2)))
    sign = data.draw(arrays(bool, shape))
    da = np.where(sign, size, -size)
    f = activations.get(name)
    analytic = f.backward(z, f(z), da)
    numeric = numerical_gradient(lambda x: float(np.sum(f(x) * da)), z, h=1e-5)
    # Entries near 0 (softmax with equal ∂J/∂a gives exactly 0) are held to |error| < 1e-10.
    assert rel_error(analytic, numeric, floor=1e-4) < 1e-6


def test_extreme_inputs_give_no_warning():
    z = np.array([[-1000.0, 0.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in NAMES:
            a = activations.get(name)(z)
            assert np.all(np.isfinite(a)), name
    np.testing.assert_array_equal(activations.get("sigmoid")(z), [[0.0, 0.5, 1.0]])
    np.testing.assert_array_equal(activations.get("softmax")(z), [[0.0, 0.0, 1.0]])


def test_aliases_and_pass_through():
    assert isinstance(activations.get("binary_sigmoid"), Sigmoid)
    assert isinstance(activations.get("Bipolar Sigmoid"), BipolarSigmoid)
    assert activations.get(None).name == "linear"
    leaky = LeakyReLU(slope=0.2)
    assert activations.get(leaky) is leaky
    assert repr(Sigmoid(steepness=2)) == "Sigmoid(steepness=2)"


@pytest.mark.parametrize("bad", ["sigmod", 3, ["relu"]])
def test_unknown_name_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="unknown activation .*choose one of: sigmoid"):
        activations.get(bad)


@pytest.mark.parametrize("make", [lambda: Sigmoid(steepness=0), lambda: LeakyReLU(slope=-1),
                                  lambda: BipolarSigmoid(steepness=float("inf"))])
def test_bad_settings_are_clear_errors(make):
    with pytest.raises(ValueError, match="must be a positive, finite number"):
        make()


def test_softmax_has_no_elementwise_derivative():
    with pytest.raises(ValueError, match="use backward"):
        activations.get("softmax").derivative(np.zeros((1, 2)), np.full((1, 2), 0.5))


def test_numerical_gradient_and_rel_error_themselves():
    # J = x₁² + 3x₁x₂ has ∇J = (2x₁ + 3x₂, 3x₁) = (8, 3) at (1, 2).
    x = np.array([1.0, 2.0])
    grad = numerical_gradient(lambda v: v[0] ** 2 + 3 * v[0] * v[1], x)
    np.testing.assert_allclose(grad, [8.0, 3.0], rtol=1e-9)
    np.testing.assert_array_equal(x, [1.0, 2.0])
    assert rel_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert rel_error([1.0], [3.0]) == pytest.approx(0.5)  # |1 − 3| / (1 + 3)
    with pytest.raises(ValueError, match="cannot compare"):
        rel_error([1.0], [1.0, 2.0])
