"""Small synthetic data sets for the lessons, made from a seed: no downloads.

Every maker takes ``seed`` and draws with ``np.random.default_rng(seed)``, so the same seed
gives you the same arrays every time, and a different seed gives different ones.

Shapes (N = ``n`` samples):

* regression: ``house_prices`` and ``line`` give ``X (N, d)`` and ``y (N, 1)``;
* binary classes: ``two_moons``, ``circles`` and ``xor`` give ``X (N, 2)`` and
  ``y (N, 1)`` of 0.0/1.0, ready for the "bce" loss;
* several classes: ``spirals`` gives ``X (N, 2)`` and ``y (N,)`` of whole class numbers
  0 … K−1, ready for the "softmax_ce" loss.

``standardise`` (or a ``Standardiser``) rescales each feature to mean 0, std 1.
Pure numpy: no plotting here.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from ._checks import finite_float

__all__ = [
    "HOUSE_PRICE_TRUTH", "house_prices", "line", "two_moons", "circles", "spirals", "xor",
    "Standardiser", "standardise",
]

#: The rule behind ``house_prices``, before noise: price (lakh ₹) =
#: base + per_m2 · size (m²) + per_room · rooms.
HOUSE_PRICE_TRUTH = {"base": 10.0, "per_m2": 0.5, "per_room": 3.0}


# --- checking arguments -------------------------------------------------------------

#: The most samples a maker draws (data sets here are for lessons: small and fast).
MAX_SAMPLES = 1_000_000


def _whole(value, name: str, minimum: int, maximum: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum \
            or (maximum is not None and value > maximum):
        upto = "" if maximum is None else f" and ≤ {maximum:,}"
        raise ValueError(f"{name} must be a whole number ≥ {minimum}{upto}, got {value!r}")
    return int(value)


def _number(value, name: str, minimum: float | None = None) -> float:
    v = finite_float(value)
    if v is None:
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    if minimum is not None and v < minimum:
        raise ValueError(f"{name} must be ≥ {minimum:g}, got {value!r}")
    return v


def _rng(seed) -> np.random.Generator:
    return np.random.default_rng(_whole(seed, "seed", 0))


def _finite(arrays, names: str):
    """The arrays, made under np.errstate, or a ValueError when a value overflowed."""
    if not all(np.isfinite(a).all() for a in arrays):
        raise ValueError(f"{names} too large: the data overflowed a float (about 1.8e308)")
    return arrays


# --- regression -------------------------------------------------------------------------

def house_prices(n: int = 100, noise: float = 5.0, seed: int = 0):
    """Houses and their prices: the running example of "predicted vs actual price".

    Features (columns of X): size in square metres (whole m², 40 … 250) and number of
    rooms (1 … 6, bigger houses tend to have more). Target: price in lakh ₹
    (1 lakh = ₹100,000), made by the straight-line rule in ``HOUSE_PRICE_TRUTH``

        price = 10 + 0.5·size + 3·rooms + noise·ε,   ε ~ N(0, 1),

    so a 100 m², 3-room house costs about 10 + 50 + 9 = 69 lakh ₹.
    Returns ``X`` of shape ``(n, 2)`` and ``y`` of shape ``(n, 1)``.
    The features have very different scales: standardise them before gradient descent.
    """
    n = _whole(n, "n", 1, MAX_SAMPLES)
    noise = _number(noise, "noise", 0.0)
    rng = _rng(seed)
    size = np.round(rng.uniform(40.0, 250.0, n))
    rooms = np.clip(np.round(size / 40.0 + rng.normal(0.0, 0.7, n)), 1, 6)
    t = HOUSE_PRICE_TRUTH
    with np.errstate(all="ignore"):
        price = (t["base"] + t["per_m2"] * size + t["per_room"] * rooms
                 + noise * rng.normal(size=n))
    _finite([price], "noise is")
    return np.column_stack([size, rooms]), price[:, None]


def line(
    n: int = 50,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 0.5,
    x_range: tuple[float, float] = (-2.0, 2.0),
    seed: int = 0,
):
    """Points near the line y = slope·x + intercept, with x uniform in ``x_range``.

    y = slope·x + intercept + noise·ε, ε ~ N(0, 1). Returns ``X (n, 1)`` and ``y (n, 1)``.
    The true line is ``slope`` (default 2) and ``intercept`` (default 1). Gradient descent
    on the MSE finds the least-squares line of these points, which is close to the true
    one; with ``noise=0`` it is exactly the true one. An x range far from 0 (say (0, 4))
    makes a long, narrow valley in the (slope, intercept) loss surface.
    """
    n = _whole(n, "n", 1, MAX_SAMPLES)
    slope = _number(slope, "slope")
    intercept = _number(intercept, "intercept")
    noise = _number(noise, "noise", 0.0)
    try:
        low, high = (_number(v, "x_range") for v in x_range)
    except (TypeError, ValueError):
        raise ValueError(f"x_range must be two finite numbers (low, high), got {x_range!r}") \
            from None
    if not (low < high and math.isfinite(high - low)):
        raise ValueError(f"x_range must be two finite numbers with low < high (and high − "
                         f"low a float), got {x_range!r}")
    rng = _rng(seed)
    x = rng.uniform(low, high, n)
    with np.errstate(all="ignore"):
        y = slope * x + intercept + noise * rng.normal(size=n)
    _finite([y], "slope, intercept, noise or x_range are")
    return x[:, None], y[:, None]


# --- classification ---------------------------------------------------------------------

def _shuffled(rng, X, y):
    order = rng.permutation(len(X))
    return X[order], y[order]


def two_moons(n: int = 200, noise: float = 0.1, seed: int = 0):
    """Two interleaved half-circles; no straight line separates them.

    Class 0: the upper moon (cos t, sin t); class 1: the lower moon
    (1 − cos t, 0.5 − sin t); t uniform in [0, π], plus Gaussian noise of std ``noise``.
    ⌈n/2⌉ points in class 0 and ⌊n/2⌋ in class 1, rows in random order.
    Returns ``X (n, 2)`` and ``y (n, 1)`` of 0.0/1.0 (for "bce").
    """
    n = _whole(n, "n", 2, MAX_SAMPLES)
    noise = _number(noise, "noise", 0.0)
    rng = _rng(seed)
    n1 = n // 2
    n0 = n - n1
    t0, t1 = rng.uniform(0.0, np.pi, n0), rng.uniform(0.0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    with np.errstate(all="ignore"):
        X = np.vstack([upper, lower]) + noise * rng.normal(size=(n, 2))
    _finite([X], "noise is")
    y = np.concatenate([np.zeros(n0), np.ones(n1)])[:, None]
    return _shuffled(rng, X, y)


def circles(n: int = 200, noise: float = 0.05, factor: float = 0.5, seed: int = 0):
    """A ring around a smaller ring; no straight line separates them.

    Class 0: the outer circle, radius 1; class 1: the inner circle, radius ``factor``
    (0 < factor < 1). Angles uniform, plus Gaussian noise of std ``noise``.
    ⌈n/2⌉ points in class 0 and ⌊n/2⌋ in class 1, rows in random order.
    Returns ``X (n, 2)`` and ``y (n, 1)`` of 0.0/1.0 (for "bce").
    """
    n = _whole(n, "n", 2, MAX_SAMPLES)
    noise = _number(noise, "noise", 0.0)
    factor = _number(factor, "factor")
    if not 0 < factor < 1:
        raise ValueError(f"factor (inner radius) must be between 0 and 1, got {factor!r}")
    rng = _rng(seed)
    n1 = n // 2
    n0 = n - n1
    angle = rng.uniform(0.0, 2 * np.pi, n)
    radius = np.concatenate([np.ones(n0), np.full(n1, factor)])
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    with np.errstate(all="ignore"):
        X = X + noise * rng.normal(size=(n, 2))
    _finite([X], "noise is")
    y = np.concatenate([np.zeros(n0), np.ones(n1)])[:, None]
    return _shuffled(rng, X, y)


def spirals(n: int = 300, classes: int = 3, noise: float = 0.2, seed: int = 0):
    """K arms of a spiral, one per class (the CS231n spiral data).

    Arm k: radius r from 0 to 1 and angle t from 4k to 4(k+1) radians (plus Gaussian
    noise of std ``noise`` on t); the point is r·(sin t, cos t). The n points are shared
    out as evenly as possible (class sizes differ by at most 1), rows in random order.
    Returns ``X (n, 2)`` and ``y (n,)`` of whole class numbers 0 … K−1 (for "softmax_ce").
    """
    classes = _whole(classes, "classes", 2, 1000)
    n = _whole(n, "n", classes, MAX_SAMPLES)
    noise = _number(noise, "noise", 0.0)
    rng = _rng(seed)
    parts, labels = [], []
    for k in range(classes):
        m = n // classes + (1 if k < n % classes else 0)
        r = np.linspace(0.0, 1.0, m)
        with np.errstate(all="ignore"):
            t = np.linspace(4.0 * k, 4.0 * (k + 1), m) + noise * rng.normal(size=m)
            _finite([np.sin(t)], "noise is")
        parts.append(r[:, None] * np.column_stack([np.sin(t), np.cos(t)]))
        labels.append(np.full(m, k, dtype=int))
    return _shuffled(rng, np.vstack(parts), np.concatenate(labels))


def xor(n: int = 200, noise: float = 0.1, seed: int = 0):
    """The XOR truth table, with a cloud of noisy copies of each row.

    Point i sits at corner i mod 4 of (0,0), (0,1), (1,0), (1,1), moved by Gaussian noise
    of std ``noise``; its class is x₁ XOR x₂ of that corner: 0, 1, 1, 0. So
    ``xor(4, noise=0)`` is exactly the truth table, in that order. A single neuron cannot
    learn it; one hidden layer can. Returns ``X (n, 2)`` and ``y (n, 1)`` of 0.0/1.0.
    """
    n = _whole(n, "n", 4, MAX_SAMPLES)
    noise = _number(noise, "noise", 0.0)
    rng = _rng(seed)
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    corner = np.arange(n) % 4
    with np.errstate(all="ignore"):
        X = corners[corner] + noise * rng.normal(size=(n, 2))
    _finite([X], "noise is")
    y = np.array([0.0, 1.0, 1.0, 0.0])[corner][:, None]
    return X, y


# --- standardising ------------------------------------------------------------------

def _features(X, name: str = "X") -> np.ndarray:
    try:
        X = np.asarray(X) if not isinstance(X, (str, bytes, dict)) else np.array(None)
    except (TypeError, ValueError):  # a ragged list
        X = np.array(None)
    if X.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be an array of numbers")
    X = X.astype(float)
    if X.ndim not in (1, 2) or X.shape[0] == 0:
        raise ValueError(
            f"{name} must have shape (n_samples,) or (n_samples, n_features) with "
            f"n_samples ≥ 1, got {X.shape}"
        )
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} must hold only finite numbers (no NaN or inf)")
    return X


class Standardiser:
    """Remembers each feature's mean μ and std σ, to rescale x ↦ (x − μ)/σ.

    ``Standardiser(X)`` learns μ and σ column by column from ``X (N, d)`` (or ``(N,)``);
    ``transform`` rescales any data the same way (use the training data's μ and σ for new
    data too); ``inverse`` undoes it, e.g. to turn predicted prices back into lakh ₹.

    Constant features: a column whose σ is below 1e-12·(1 + |μ|) has σ set to 1, so it
    just becomes (about) 0 instead of a division by zero.
    """

    def __init__(self, X):
        X = _features(X)
        scale = np.max(np.abs(X), axis=0)
        if np.any(scale > 1e150):  # huge values: squares would overflow, so scale first
            scale = np.where(scale > 0, scale, 1.0)
            self.mean = (X / scale).mean(axis=0) * scale
            std = (X / scale).std(axis=0) * scale
        else:
            self.mean = X.mean(axis=0)
            std = X.std(axis=0)
        self.std = np.where(std < 1e-12 * (1.0 + np.abs(self.mean)), 1.0, std)

    def _check(self, X, name: str) -> np.ndarray:
        X = _features(X, name)
        if X.shape[1:] != self.mean.shape:
            want = "(n_samples,)" if self.mean.ndim == 0 else f"(n_samples, {self.mean.size})"
            raise ValueError(
                f"{name} must have shape {want} like the data the Standardiser was fitted "
                f"on, got {X.shape}"
            )
        return X

    def transform(self, X) -> np.ndarray:
        """(X − μ)/σ, column by column. Same shape as ``X``."""
        X = self._check(X, "X")
        with np.errstate(all="ignore"):
            out = (X - self.mean) / self.std
        return _finite([out], "X's values are")[0]

    def inverse(self, X_std) -> np.ndarray:
        """X_std·σ + μ: back to the original units. Same shape as ``X_std``."""
        X_std = self._check(X_std, "X_std")
        with np.errstate(all="ignore"):
            out = X_std * self.std + self.mean
        return _finite([out], "X_std's values are")[0]

    def __repr__(self) -> str:
        return f"Standardiser(mean={self.mean}, std={self.std})"


def standardise(X):
    """Rescale every column of ``X (N, d)`` (or ``(N,)``) to mean 0 and std 1.

    x_std = (x − μ)/σ with μ, σ the column's mean and (population) std.
    Returns ``(X_std, mean, std)``; ``mean`` and ``std`` have shape ``(d,)`` (scalars for 1-D X).
    A constant column gets σ = 1 (see ``Standardiser``), so it comes out as zeros.
    """
    s = Standardiser(X)
    return s.transform(X), s.mean, s.std
