"""Activation functions a = f(z), each with the derivative backpropagation needs.

An activation turns a unit's net input z into its output a. In the backward pass you
need ∂J/∂z = ∂J/∂a · f'(z); for the sigmoids and tanh, f'(z) is written with the output a,
the way exam answers write it (sigmoid: a(1 − a)). Pure numpy: no plotting here.

Shapes: ``z``, ``a`` and ``da`` (= ∂J/∂a) all have one shape, usually
``(n_samples, n_units)``; softmax works along the last axis (one row per sample).

The public methods (``f(z)``, ``forward``, ``derivative``, ``backward``) check what you
give them: arrays of finite numbers of one shape, and a result that did not overflow.
The network's inner loop (``nn``) calls the unchecked ``_forward``, ``_derivative`` and
``_backward`` on arrays it made and checked itself. To write an activation of your own,
subclass ``Activation`` and define ``_forward`` and ``_derivative`` (or override
``forward`` and ``derivative`` directly: then ``nn`` calls those).
"""

from __future__ import annotations

import numbers

import numpy as np

from ._checks import positive_float

__all__ = [
    "Activation", "Sigmoid", "BipolarSigmoid", "Tanh", "ReLU", "LeakyReLU", "Linear",
    "Softmax", "ACTIVATIONS", "get",
]


def _checked(x, what: str) -> np.ndarray:
    """x as a float array of finite numbers, or a ValueError that names it."""
    if type(x) is np.ndarray and x.dtype == np.float64:
        a = x
    else:
        try:
            a = np.asarray(x)
        except (ValueError, TypeError):
            raise ValueError(f"{what} must be an array of numbers, got a ragged or mixed "
                             "list") from None
        if a.dtype.kind not in "iuf":
            shown = repr(x) if len(repr(x)) <= 60 else repr(x)[:57] + "..."
            raise ValueError(f"{what} must hold real numbers, got {shown}")
        a = a.astype(np.float64)
    if not np.isfinite(a).all():
        raise ValueError(f"{what} contains NaN or inf; every value must be a finite number")
    return a


def _same_shape(a: np.ndarray, z: np.ndarray, what: str) -> None:
    if a.shape != z.shape:
        raise ValueError(f"{what} must have the shape of z {z.shape}, got {a.shape}")


def _finite_result(r: np.ndarray, what: str) -> np.ndarray:
    if not np.isfinite(r).all():
        raise ValueError(f"{what} is too large for a float (overflow): make z, ∂J/∂a or the "
                         "activation's setting smaller")
    return r


def _positive(value, what: str) -> float:
    v = positive_float(value)
    if v is None:
        raise ValueError(f"{what} must be a positive, finite number, got {value!r}")
    return v


class Activation:
    """Base class. ``forward(z) -> a``; ``derivative(z, a) -> f'(z)`` elementwise;
    ``backward(z, a, da) -> dz``, the chain rule ∂J/∂z = ∂J/∂a · f'(z)."""

    name = "activation"
    formula = ""
    derivative_formula = ""

    def forward(self, z) -> np.ndarray:
        """a = f(z), of z's shape. z: an array of finite numbers."""
        z = self._z(z)
        with np.errstate(all="ignore"):
            a = self._forward(z)
        return _finite_result(a, "f(z)")

    def derivative(self, z, a) -> np.ndarray:
        """f'(z), of z's shape, with a = f(z) from the forward pass."""
        z, a = self._z(z), _checked(a, "a")
        _same_shape(a, z, "a")
        with np.errstate(all="ignore"):
            d = self._derivative(z, a)
        return _finite_result(d, "f'(z)")

    def backward(self, z, a, da) -> np.ndarray:
        """∂J/∂z from ∂J/∂a (``da``), using the z and a of the forward pass."""
        z, a, da = self._z(z), _checked(a, "a"), _checked(da, "da")
        _same_shape(a, z, "a")
        _same_shape(da, z, "da")
        with np.errstate(all="ignore"):
            dz = self._backward(z, a, da)
        return _finite_result(dz, "∂J/∂z")

    @staticmethod
    def _z(z):
        return _checked(z, "z")

    # Unchecked: float arrays in, no overflow guard (the network's inner loop).
    def _forward(self, z):
        if type(self).forward is Activation.forward:
            raise TypeError(f"{type(self).__name__} has no formula: use an activation such "
                            f"as Sigmoid() or get('tanh'), or define _forward in a subclass")
        return self.forward(z)

    def _derivative(self, z, a):
        if type(self).derivative is Activation.derivative:
            raise TypeError(f"{type(self).__name__} has no derivative: use an activation "
                            "such as Sigmoid(), or define _derivative in a subclass")
        return self.derivative(z, a)

    def _backward(self, z, a, da):
        return da * self._derivative(z, a)

    def __call__(self, z):
        return self.forward(z)

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

    def _forward(self, z):
        return np.exp(-np.logaddexp(0.0, -self.steepness * z))

    def _derivative(self, z, a):
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

    def _forward(self, z):
        return np.tanh(0.5 * self.steepness * z)

    def _derivative(self, z, a):
        return 0.5 * self.steepness * (1.0 - a * a)

    def __repr__(self):
        return ("BipolarSigmoid()" if self.steepness == 1
                else f"BipolarSigmoid(steepness={self.steepness:g})")


class Tanh(Activation):
    """Hyperbolic tangent: a = tanh z = (e^z − e^(−z))/(e^z + e^(−z)); f'(z) = 1 − a²."""

    name = "tanh"
    formula = "a = tanh(z)"
    derivative_formula = "f'(z) = 1 − a²"

    def _forward(self, z):
        return np.tanh(z)

    def _derivative(self, z, a):
        return 1.0 - a * a

    def _backward(self, z, a, da):
        return da * (1.0 - a * a)


class ReLU(Activation):
    """Rectified linear unit: a = max(0, z); f'(z) = 1 if z > 0 else 0 (0 at z = 0, as
    PyTorch takes it)."""

    name = "relu"
    formula = "a = max(0, z)"
    derivative_formula = "f'(z) = 1 if z > 0 else 0"

    def _forward(self, z):
        return np.maximum(z, 0.0)

    def _derivative(self, z, a):
        return (z > 0).astype(float)


class LeakyReLU(Activation):
    """Leaky ReLU: a = z if z > 0 else s·z; f'(z) = 1 if z > 0 else s. ``slope`` is s."""

    name = "leaky_relu"
    formula = "a = z if z > 0 else s·z"
    derivative_formula = "f'(z) = 1 if z > 0 else s"

    def __init__(self, slope: float = 0.01):
        self.slope = _positive(slope, "leaky ReLU slope s")

    def _forward(self, z):
        return np.where(z > 0, z, self.slope * z)

    def _derivative(self, z, a):
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

    def _forward(self, z):
        return z

    def _derivative(self, z, a):
        return np.ones_like(a)

    def _backward(self, z, a, da):
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

    @staticmethod
    def _z(z):
        z = _checked(z, "z")
        if z.ndim == 0 or z.shape[-1] == 0:
            raise ValueError(f"softmax needs z with at least one value along its last axis "
                             f"(one row per sample), got shape {z.shape}")
        return z

    def _forward(self, z):
        e = np.exp(z - np.max(z, axis=-1, keepdims=True))
        return e / np.sum(e, axis=-1, keepdims=True)

    def _derivative(self, z, a):
        raise ValueError(
            "softmax has no one-number-per-unit derivative (each output depends on every z); "
            "use backward(z, a, da) instead"
        )

    def _backward(self, z, a, da):
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
