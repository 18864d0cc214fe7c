"""Loss surfaces J(θ) over two parameters θ = (θ₁, θ₂), to descend and to draw.

Each surface knows its value, its analytic gradient ∇J, where its minima are and a
window that frames them. Pure numpy: no plotting here.

Shapes: a point ``theta`` is ``(2,)`` or a stack of points ``(..., 2)``; ``value``
returns ``(...)`` and ``grad`` returns ``(..., 2)``, so one call evaluates a whole grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

__all__ = ["Surface", "bowl", "ravine", "SURFACES", "get"]


@dataclass(frozen=True)
class Surface:
    """A loss surface J(θ₁, θ₂) with its gradient, minima and a plotting window.

    name, title: short key ("bowl") and a title for plots.
    formula: J written out, for prose and plot titles.
    value_fn(theta) -> J, grad_fn(theta) -> ∇J, theta ``(..., 2)``.
    minima: ``(k, 2)`` points where ∇J = 0 and J is lowest.
    xlim, ylim: the window ``(low, high)`` for θ₁ and θ₂.
    start: a default starting point ``(2,)``, a fair way from the minimum.
    """

    name: str
    title: str
    formula: str
    value_fn: Callable[[np.ndarray], np.ndarray]
    grad_fn: Callable[[np.ndarray], np.ndarray]
    minima: np.ndarray
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    start: np.ndarray

    def value(self, theta) -> np.ndarray:
        """J(θ) for θ of shape ``(..., 2)``; returns shape ``(...)``."""
        return self.value_fn(_as_points(theta))

    def grad(self, theta) -> np.ndarray:
        """∇J(θ) = (∂J/∂θ₁, ∂J/∂θ₂) for θ of shape ``(..., 2)``; same shape back."""
        return self.grad_fn(_as_points(theta))

    def grid(self, n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """An ``n × n`` grid over the window: ``(T1, T2, J)``, each of shape ``(n, n)``."""
        if int(n) != n or n < 2:
            raise ValueError(f"grid size n must be a whole number of at least 2, got {n!r}")
        t1, t2 = np.meshgrid(np.linspace(*self.xlim, int(n)), np.linspace(*self.ylim, int(n)))
        return t1, t2, self.value_fn(np.stack([t1, t2], axis=-1))


def _as_points(theta) -> np.ndarray:
    """θ as a float array whose last axis has length 2, or a clear ValueError."""
    try:
        arr = np.asarray(theta, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"θ must be numbers, got {theta!r}") from None
    if arr.ndim == 0 or arr.shape[-1] != 2:
        raise ValueError(
            f"θ must hold two numbers (θ₁, θ₂) in its last axis, got shape {arr.shape}"
        )
    return arr


# --- Round bowl: J = θ₁² + θ₂². Every direction curves the same, so -∇J points at the minimum.
def _bowl_value(t):
    return t[..., 0] ** 2 + t[..., 1] ** 2


def _bowl_grad(t):
    return 2.0 * t


bowl = Surface(
    name="bowl",
    title="Round bowl",
    formula="J = θ₁² + θ₂²",
    value_fn=_bowl_value,
    grad_fn=_bowl_grad,
    minima=np.array([[0.0, 0.0]]),
    xlim=(-3.0, 3.0),
    ylim=(-3.0, 3.0),
    start=np.array([-2.5, 2.0]),
)

# --- Elongated ravine: J = ½(θ₁² + 10 θ₂²). Steep across, shallow along (condition number 10),
# so plain gradient descent zig-zags across the ravine; it diverges once α > 2/10.
_RAVINE_CURVATURE = np.array([1.0, 10.0])


def _ravine_value(t):
    return 0.5 * (t**2 @ _RAVINE_CURVATURE)


def _ravine_grad(t):
    return t * _RAVINE_CURVATURE


ravine = Surface(
    name="ravine",
    title="Elongated ravine",
    formula="J = ½(θ₁² + 10θ₂²)",
    value_fn=_ravine_value,
    grad_fn=_ravine_grad,
    minima=np.array([[0.0, 0.0]]),
    xlim=(-4.0, 4.0),
    ylim=(-2.0, 2.0),
    start=np.array([-3.5, 1.5]),
)

SURFACES: dict[str, Surface] = {s.name: s for s in (bowl, ravine)}


def get(name: str | Surface) -> Surface:
    """The surface called ``name`` (one of ``SURFACES``); a Surface is passed through."""
    if isinstance(name, Surface):
        return name
    try:
        return SURFACES[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown surface {name!r}; choose one of: {', '.join(SURFACES)}"
        ) from None
