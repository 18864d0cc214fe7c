"""Synthetic data: shapes, same seed same data, valid balanced labels, standardising, bad input."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lessons_lib import data

MAKERS = [data.house_prices, data.line, data.two_moons, data.circles, data.spirals, data.xor]
BINARY = [data.two_moons, data.circles, data.xor]


@pytest.mark.parametrize("n", [4, 7, 50])
@pytest.mark.parametrize("maker, d", [(data.house_prices, 2), (data.line, 1),
                                      (data.two_moons, 2), (data.circles, 2), (data.xor, 2)])
def test_shapes_of_x_and_y(maker, d, n):
    X, y = maker(n)
    assert X.shape == (n, d) and y.shape == (n, 1)
    assert X.dtype == float and y.dtype == float
    assert np.all(np.isfinite(X)) and np.all(np.isfinite(y))


@pytest.mark.parametrize("n, classes", [(3, 3), (10, 3), (301, 3), (40, 5), (2, 2)])
def test_spirals_shapes_and_integer_labels(n, classes):
    X, y = data.spirals(n, classes=classes)
    assert X.shape == (n, 2) and y.shape == (n,)
    assert np.issubdtype(y.dtype, np.integer)
    counts = np.bincount(y, minlength=classes)
    assert counts.size == classes and counts.sum() == n
    assert counts.max() - counts.min() <= 1  # shared out as evenly as possible


@pytest.mark.parametrize("maker", MAKERS)
def test_same_seed_same_data_other_seed_other_data(maker):
    X1, y1 = maker(seed=3)
    X2, y2 = maker(seed=3)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    X3, _ = maker(seed=4)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("maker", BINARY)
@pytest.mark.parametrize("n", [4, 9, 200])
def test_binary_labels_are_zero_or_one_and_balanced(maker, n):
    _, y = maker(n)
    assert set(np.unique(y)) <= {0.0, 1.0}
    ones = int(y.sum())
    if maker is data.xor:
        # corners 0..3 repeat; corners 1 and 2 are class 1: count i < n with i mod 4 in {1, 2}.
        assert ones == sum(1 for i in range(n) if i % 4 in (1, 2))
    else:
        assert ones == n // 2  # ⌊n/2⌋ in class 1, ⌈n/2⌉ in class 0


@pytest.mark.parametrize("maker", [data.two_moons, data.circles, data.spirals])
def test_rows_are_shuffled_so_a_first_batch_holds_both_classes(maker):
    _, y = maker(200)
    assert len(np.unique(y[:20])) >= 2


def test_house_prices_follow_the_stated_rule_without_noise():
    X, y = data.house_prices(300, noise=0.0, seed=1)
    size, rooms = X[:, 0], X[:, 1]
    assert size.min() >= 40 and size.max() <= 250 and np.all(size == np.round(size))
    assert set(np.unique(rooms)) <= {1, 2, 3, 4, 5, 6}
    # price (lakh ₹) = 10 + 0.5·size + 3·rooms, e.g. 100 m², 3 rooms → 10 + 50 + 9 = 69.
    np.testing.assert_allclose(y[:, 0], 10 + 0.5 * size + 3 * rooms)
    assert np.corrcoef(size, rooms)[0, 1] > 0.5  # bigger houses have more rooms


def test_house_prices_noise_has_the_stated_spread():
    X, y = data.house_prices(4000, noise=5.0, seed=2)
    residual = y[:, 0] - (10 + 0.5 * X[:, 0] + 3 * X[:, 1])
    assert abs(residual.mean()) < 0.5 and abs(residual.std() - 5.0) < 0.3


def test_line_without_noise_is_exactly_the_line():
    X, y = data.line(30, slope=-1.5, intercept=4.0, noise=0.0, x_range=(0.0, 3.0))
    assert X.min() >= 0.0 and X.max() <= 3.0
    np.testing.assert_allclose(y, -1.5 * X + 4.0)


def test_line_least_squares_is_near_the_true_line():
    X, y = data.line(2000, noise=0.5, seed=5)
    slope, intercept = np.polyfit(X[:, 0], y[:, 0], 1)
    assert abs(slope - 2.0) < 0.05 and abs(intercept - 1.0) < 0.05


def test_moons_and_circles_without_noise_lie_on_their_curves():
    X, y = data.two_moons(100, noise=0.0)
    up, low = X[y[:, 0] == 0], X[y[:, 0] == 1]
    np.testing.assert_allclose(np.hypot(*up.T), 1.0)
    assert np.all(up[:, 1] >= 0)
    np.testing.assert_allclose(np.hypot(low[:, 0] - 1.0, low[:, 1] - 0.5), 1.0)
    X, y = data.circles(100, noise=0.0, factor=0.3)
    r = np.hypot(*X.T)
    np.testing.assert_allclose(r[y[:, 0] == 0], 1.0)
    np.testing.assert_allclose(r[y[:, 0] == 1], 0.3)


def test_xor_of_four_without_noise_is_the_truth_table():
    X, y = data.xor(4, noise=0.0)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y[:, 0], [0, 1, 1, 0])


def test_spiral_arms_grow_outwards():
    X, y = data.spirals(300, noise=0.0)
    for k in range(3):
        r = np.sort(np.hypot(*X[y == k].T))
        np.testing.assert_allclose(r, np.linspace(0, 1, 100), atol=1e-12)


@settings(max_examples=150, deadline=None)
@given(
    X=hnp.arrays(float, hnp.array_shapes(min_dims=2, max_dims=2, min_side=2, max_side=12),
                 elements=st.floats(-1e3, 1e3)),
)
def test_standardise_gives_mean_zero_std_one_and_inverts(X):
    X_std, mean, std = data.standardise(X)
    assert X_std.shape == X.shape and mean.shape == std.shape == (X.shape[1],)
    np.testing.assert_allclose(mean, X.mean(axis=0))
    assert np.all(std > 0)
    np.testing.assert_allclose(X_std.mean(axis=0), 0.0, atol=1e-9)
    spread = X.std(axis=0)
    varied = spread > 1e-6 * (1 + np.abs(X).max())
    np.testing.assert_allclose(X_std.std(axis=0)[varied], 1.0, rtol=1e-6)
    s = data.Standardiser(X)
    np.testing.assert_allclose(s.inverse(s.transform(X)), X, atol=1e-9 * (1 + np.abs(X).max()))


def test_a_constant_column_becomes_zeros_with_std_one():
    X = np.array([[1.0, 0.1], [3.0, 0.1], [5.0, 0.1]])
    X_std, mean, std = data.standardise(X)
    # column 0: μ = 3, σ = √(8/3) ≈ 1.633, so 1 ↦ −2/1.633 = −1.2247.
    np.testing.assert_allclose(X_std[:, 0], [-2 / np.sqrt(8 / 3), 0.0, 2 / np.sqrt(8 / 3)])
    assert std[1] == 1.0 and mean[1] == pytest.approx(0.1)
    np.testing.assert_allclose(X_std[:, 1], 0.0, atol=1e-15)


def test_standardise_a_single_column_vector_and_transform_new_data():
    y = np.array([2.0, 4.0, 6.0])
    y_std, mean, std = data.standardise(y)
    assert y_std.shape == (3,) and mean == 4.0
    s = data.Standardiser(y)
    # σ = √(8/3); 8 ↦ (8 − 4)/σ.
    np.testing.assert_allclose(s.transform([8.0]), [4 / np.sqrt(8 / 3)])
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples,\)"):
        s.transform(np.ones((3, 2)))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: data.house_prices(0), "n must be a whole number ≥ 1"),
        (lambda: data.house_prices(2.5), "n must be a whole number"),
        (lambda: data.house_prices(True), "n must be a whole number"),
        (lambda: data.house_prices(10, noise=-1), "noise must be ≥ 0"),
        (lambda: data.line(10, noise=float("nan")), "noise must be a finite number"),
        (lambda: data.line(10, slope="2"), "slope must be a finite number"),
        (lambda: data.line(10, intercept=np.inf), "intercept must be a finite number"),
        (lambda: data.line(10, x_range=(1, 1)), "x_range must be"),
        (lambda: data.line(10, x_range=3), "x_range must be"),
        (lambda: data.line(10, seed=-1), "seed must be a whole number ≥ 0"),
        (lambda: data.line(10, seed=1.5), "seed must be"),
        (lambda: data.two_moons(1), "n must be a whole number ≥ 2"),
        (lambda: data.circles(10, factor=1.0), "factor"),
        (lambda: data.circles(10, noise=-0.1), "noise must be ≥ 0"),
        (lambda: data.spirals(2, classes=3), "n must be a whole number ≥ 3"),
        (lambda: data.spirals(10, classes=1), "classes must be a whole number ≥ 2"),
        (lambda: data.xor(3), "n must be a whole number ≥ 4"),
        (lambda: data.standardise(np.empty((0, 2))), "X must have shape"),
        (lambda: data.standardise(np.ones((2, 2, 2))), "X must have shape"),
        (lambda: data.standardise([[1.0, np.nan]]), "finite"),
        (lambda: data.standardise([["a"]]), "array of numbers"),
        (lambda: data.Standardiser(np.ones((4, 2))).inverse(np.ones((4, 3))), "X_std must have"),
    ],
)
def test_bad_arguments_are_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
