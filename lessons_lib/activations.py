"""Activation functions a = f(z), each with the derivative backpropagation needs.

An activation turns a unit's net input z into its output a. In the backward pass you
need ∂J/∂z = ∂J/∂a · f'(z); for the sigmoids and tanh, f'(z) is written with the output a,
the way exam answers write it (sigmoid: a(1 − a)). Pure numpy: no plotting here.

Shapes: ``z``, ``a`` and ``da`` (= ∂J/∂a) all have one shape, usually
``(n_samples, n_units)``; softmax works along the last axis (one row per sample).
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "Activation", "Sigmoid", "BipolarSigmoid", "Tanh", "ReLU", "LeakyReLU", "Linear",
    "Softmax", "ACTIVATIONS", "get",
]


def _positive(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value > 0 \
            or not np.isfinite(value):
        raise ValueError(f"{what} must be a positive, finite number, got {value!r}")
    return float(value)


class Activation:
    """Base class. ``forward(z) -> a``; ``derivative(z, a) -> f'(z)`` elementwise;
    ``backward(z, a, da) -> dz``, the chain rule ∂J/∂z = ∂J/∂a · f'(z)."""

    name = "activation"
    formula = ""
    derivative_formula = ""

    def forward(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def backward(self, z: np.ndarray, a: np.ndarray, da: np.ndarray) -> np.ndarray:
        """∂J/∂z from ∂J/∂a (``da``), using the z and a of the forward pass."""
        return da * self.derivative(z, a)

    def __call__(self, z):
        return self.forward(np.asarray(z, dtype=float))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Sigmoid(Activation):
    """Unipolar ("binary") sigmoid: a = 1/(1 + e^(−λz)), output in (0, 1).

    f'(z) = λ a (1 − a). ``steepness`` is λ (1 in most books). Computed without overflow
    for any z.
    """

    name = "sigmoid"
    formula = "a = 1/(1 + e^(−λz))"
    derivative_formula = "f'(z) = λ·a(1 − a)"

    def __init__(self, steepness: float = 1.0):
        self.steepness = _positive(steepness, "sigmoid steepness λ")

    def forward(self, z):
        return np.exp(-np.logaddexp(0.0, -self.steepness * z))

    def derivative(self, z, a):
        return self.steepness * a * (1.0 - a)

    def __repr__(self):
        return "Sigmoid()" if self.steepness == 1 else f"Sigmoid(steepness={self.steepness:g})"


class BipolarSigmoid(Activation):
    """Bipolar sigmoid: a = 2/(1 + e^(−λz)) − 1 = tanh(λz/2), output in (−1, 1).

    f'(z) = (λ/2)(1 − a²). ``steepness`` is λ (1 in most books).
    """

    name = "bipolar_sigmoid"
    formula = "a = 2/(1 + e^(−λz)) − 1"
    derivative_formula = "f'(z) = (λ/2)(1 − a²)"

    def __init__(self, steepness: float = 1.0):
        self.steepness = _positive(steepness, "bipolar sigmoid steepness λ")

    def forward(self, z):
        return np.tanh(0.5 * self.steepness * z)

    def derivative(self, z, a):
        return 0.5 * self.steepness * (1.0 - a * a)

    def __repr__(self):
        return ("BipolarSigmoid()" if self.steepness == 1
                else f"BipolarSigmoid(steepness={self.steepness:g})")


class Tanh(Activation):
    """Hyperbolic tangent: a = tanh z = (e^z − e^(−z))/(e^z + e^(−z)); f'(z) = 1 − a²."""

    name = "tanh"
    formula = "a = tanh(z)"
    derivative_formula = "f'(z) = 1 − a²"

    def forward(self, z):
        return np.tanh(z)

    def derivative(self, z, a):
        return 1.0 - a * a


class ReLU(Activation):
    """Rectified linear unit: a = max(0, z); f'(z) = 1 if z > 0 else 0 (0 at z = 0, as
    PyTorch takes it)."""

    name = "relu"
    formula = "a = max(0, z)"
    derivative_formula = "f'(z) = 1 if z > 0 else 0"

    def forward(self, z):
        return np.maximum(z, 0.0)

    def derivative(self, z, a):
        return (z > 0).astype(float)


class LeakyReLU(Activation):
    """Leaky ReLU: a = z if z > 0 else s·z; f'(z) = 1 if z > 0 else s. ``slope`` is s."""

    name = "leaky_relu"
    formula = "a = z if z > 0 else s·z"
    derivative_formula = "f'(z) = 1 if z > 0 else s"

    def __init__(self, slope: float = 0.01):
        self.slope = _positive(slope, "leaky ReLU slope s")

    def forward(self, z):
        return np.where(z > 0, z, self.slope * z)

    def derivative(self, z, a):
        return np.where(z > 0, 1.0, self.slope)

    def __repr__(self):
        return "LeakyReLU()" if self.slope == 0.01 else f"LeakyReLU(slope={self.slope:g})"


class Linear(Activation):
    """Identity (linear output): a = z; f'(z) = 1.

    ``forward`` returns z itself and ``backward`` returns ∂J/∂a itself: no copies, no
    multiplying by ones.
    """

    name = "linear"
    formula = "a = z"
    derivative_formula = "f'(z) = 1"

    def forward(self, z):
        return z

    def derivative(self, z, a):
        return np.ones_like(a)

    def backward(self, z, a, da):
        return da


class Softmax(Activation):
    """Softmax over the last axis: a_k = e^(z_k) / Σ_j e^(z_j), each row sums to 1.

    Its derivative is a matrix (∂a_k/∂z_j = a_k(δ_kj − a_j)), not one number per unit, so
    ``backward`` applies it directly: ∂J/∂z = a ⊙ (∂J/∂a − Σ_k a_k ∂J/∂a_k).
    Computed stably: the row maximum is subtracted before exponentiating.
    """

    name = "softmax"
    formula = "a_k = e^(z_k) / Σ_j e^(z_j)"
    derivative_formula = "∂a_k/∂z_j = a_k(δ_kj − a_j)"

    def forward(self, z):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)

    def derivative(self, z, a):
        raise ValueError(
            "softmax has no one-number-per-unit derivative (each output depends on every z); "
            "use backward(z, a, da) instead"
        )

    def backward(self, z, a, da):
        return a * (da - np.sum(da * a, axis=-1, keepdims=True))


ACTIVATIONS: dict[str, type[Activation]] = {
    "sigmoid": Sigmoid,
    "bipolar_sigmoid": BipolarSigmoid,
    "tanh": Tanh,
    "relu": ReLU,
    "leaky_relu": LeakyReLU,
    "linear": Linear,
    "softmax": Softmax,
}
_ALIASES = {
    "binary_sigmoid": "sigmoid", "unipolar_sigmoid": "sigmoid", "logistic": "sigmoid",
    "bipolar": "bipolar_sigmoid", "identity": "linear", "none": "linear",
}


def get(name) -> Activation:
    """The activation called ``name`` (a key of ``ACTIVATIONS`` or an alias such as
    "binary_sigmoid"), built with its default settings; an Activation is passed through;
    None means linear."""
    if isinstance(name, Activation):
        return name
    if name is None:
        return Linear()
    if isinstance(name, str):
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        key = _ALIASES.get(key, key)
        if key in ACTIVATIONS:
            return ACTIVATIONS[key]()
    raise ValueError(
        f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}"
    )
