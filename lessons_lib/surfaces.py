"""Loss surfaces J(θ) over two parameters θ = (θ₁, θ₂), to descend and to draw.

Each surface knows its value, its analytic gradient ∇J, where its minima are and a
window that frames them. Pure numpy: no plotting here.

Shapes: a point ``theta`` is ``(2,)`` or a stack of points ``(..., 2)``; ``value``
returns ``(...)`` and ``grad`` returns ``(..., 2)``, so one call evaluates a whole grid.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .losses import LossOverflowError

__all__ = [
    "Surface", "bowl", "ravine", "saddle", "rosenbrock", "himmelblau", "two_valleys",
    "SURFACES", "get",
]


@dataclass(frozen=True)
class Surface:
    """A loss surface J(θ₁, θ₂) with its gradient, minima and a plotting window.

    name, title: short key ("bowl") and a title for plots.
    formula: J written out, for prose and plot titles.
    value_fn(theta) -> J, grad_fn(theta) -> ∇J, theta ``(..., 2)``.
    minima: ``(k, 2)`` points where ∇J = 0 and J is lowest nearby; the first one is the
    global minimum (the lowest J of all).
    xlim, ylim: the window ``(low, high)`` for θ₁ and θ₂.
    start: a default starting point ``(2,)``, a fair way from the minimum.
    lr: a learning rate α at which plain gradient descent from ``start`` goes downhill
    without blowing up: where a dashboard starts.
    saddles: ``(k, 2)`` saddle points (∇J = 0, but downhill in some direction), if any.
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
    lr: float = 0.1
    saddles: np.ndarray = field(default_factory=lambda: np.empty((0, 2)))

    def __post_init__(self):
        for key in ("name", "title", "formula"):
            if not isinstance(getattr(self, key), str):
                raise ValueError(f"{key} must be a string, got {getattr(self, key)!r}")
        for key in ("value_fn", "grad_fn"):
            if not callable(getattr(self, key)):
                raise ValueError(f"{key} must be a function of θ (..., 2), got "
                                 f"{getattr(self, key)!r}")
        for key in ("minima", "saddles"):
            pts = _as_points(getattr(self, key), key)
            if pts.ndim != 2:
                raise ValueError(f"{key} must be an array of points (k, 2), got shape "
                                 f"{pts.shape}")
            object.__setattr__(self, key, pts)
        for key in ("xlim", "ylim"):
            lim = _as_points(getattr(self, key), key)
            if lim.shape != (2,) or not lim[0] < lim[1]:
                raise ValueError(f"{key} must be two finite numbers (low, high) with low < "
                                 f"high, got {getattr(self, key)!r}")
            object.__setattr__(self, key, (float(lim[0]), float(lim[1])))
        start = _as_points(self.start, "start")
        if start.shape != (2,):
            raise ValueError(f"start must be one point (θ₁, θ₂), got shape {start.shape}")
        object.__setattr__(self, "start", start)
        if isinstance(self.lr, bool) or not isinstance(self.lr, (int, float)) \
                or not 0 < self.lr < np.inf:
            raise ValueError(f"lr must be a positive, finite learning rate α, got {self.lr!r}")

    def value(self, theta) -> np.ndarray:
        """J(θ) for θ of shape ``(..., 2)``; returns shape ``(...)``."""
        return _evaluated(self.value_fn, _as_points(theta), "J(θ)")

    def grad(self, theta) -> np.ndarray:
        """∇J(θ) = (∂J/∂θ₁, ∂J/∂θ₂) for θ of shape ``(..., 2)``; same shape back."""
        return _evaluated(self.grad_fn, _as_points(theta), "∇J(θ)")

    def grid(self, n: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """An ``n × n`` grid over the window: ``(T1, T2, J)``, each of shape ``(n, n)``,
        2 ≤ n ≤ ``MAX_GRID``."""
        if isinstance(n, bool) or not isinstance(n, (numbers.Integral, float)) \
                or not (n == n and abs(n) < np.inf) or int(n) != n or not 2 <= n <= MAX_GRID:
            raise ValueError(f"grid size n must be a whole number from 2 to {MAX_GRID}, got "
                             f"{n!r}")
        t1, t2 = np.meshgrid(np.linspace(*self.xlim, int(n)), np.linspace(*self.ylim, int(n)))
        return t1, t2, _evaluated(self.value_fn, np.stack([t1, t2], axis=-1), "J(θ)")


#: The largest grid ``Surface.grid`` makes (MAX_GRID² points).
MAX_GRID = 2000


def _evaluated(fn, theta: np.ndarray, what: str) -> np.ndarray:
    """fn(θ), with overflow turned into a ValueError (a ``losses.LossOverflowError``, which
    ``optimizers.descend`` reports as a divergence) instead of warnings and inf."""
    with np.errstate(all="ignore"):
        out = np.asarray(fn(theta), dtype=float)
    if not np.isfinite(out).all():
        raise LossOverflowError(f"{what} is too large for a float at this θ (|θ| up to "
                         f"{np.max(np.abs(theta)):.3g}): take θ nearer the window")
    return out[()] if out.ndim == 0 else out  # one point: a number, as the function gave


def _as_points(theta, what: str = "θ") -> np.ndarray:
    """θ as a float array whose last axis has length 2, all finite, or a clear ValueError."""
    try:
        arr = np.asarray(theta) if not isinstance(theta, (str, bytes, dict)) else None
    except (TypeError, ValueError):  # a ragged list
        arr = None
    if arr is None or arr.dtype.kind not in "iuf":
        raise ValueError(f"{what} must be real numbers, got {theta!r}")
    arr = arr.astype(float)
    if arr.ndim == 0 or arr.shape[-1] != 2:
        raise ValueError(
            f"{what} must hold two numbers (θ₁, θ₂) in its last axis, got shape {arr.shape}"
        )
    if not np.isfinite(arr).all():
        raise ValueError(f"{what} must hold finite numbers (no NaN or inf)")
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

# --- Saddle: J = θ₁² + ¼θ₂⁴ − θ₂². At (0, 0) the slope is zero, yet it is no minimum: uphill
# along θ₁, downhill along θ₂. Start exactly on θ₂ = 0 and gradient descent stalls there;
# start a hair off it and the walk slowly escapes to one of the two minima (0, ±√2), J = −1.
def _saddle_value(t):
    t1, t2 = t[..., 0], t[..., 1]
    return t1**2 + 0.25 * t2**4 - t2**2


def _saddle_grad(t):
    t1, t2 = t[..., 0], t[..., 1]
    return np.stack([2.0 * t1, t2**3 - 2.0 * t2], axis=-1)


saddle = Surface(
    name="saddle",
    title="Saddle point",
    formula="J = θ₁² + ¼θ₂⁴ − θ₂²",
    value_fn=_saddle_value,
    grad_fn=_saddle_grad,
    minima=np.array([[0.0, np.sqrt(2.0)], [0.0, -np.sqrt(2.0)]]),
    xlim=(-2.5, 2.5),
    ylim=(-2.2, 2.2),
    start=np.array([-2.2, 0.01]),
    lr=0.1,
    saddles=np.array([[0.0, 0.0]]),
)


# --- Rosenbrock's banana: J = (1 − θ₁)² + 100(θ₂ − θ₁²)². A curved, flat-bottomed valley:
# easy to fall into, slow to follow to the minimum at (1, 1). A classic optimizer test.
def _rosenbrock_value(t):
    t1, t2 = t[..., 0], t[..., 1]
    return (1.0 - t1) ** 2 + 100.0 * (t2 - t1**2) ** 2


def _rosenbrock_grad(t):
    t1, t2 = t[..., 0], t[..., 1]
    inner = t2 - t1**2
    return np.stack([-2.0 * (1.0 - t1) - 400.0 * t1 * inner, 200.0 * inner], axis=-1)


rosenbrock = Surface(
    name="rosenbrock",
    title="Rosenbrock's banana valley",
    formula="J = (1 − θ₁)² + 100(θ₂ − θ₁²)²",
    value_fn=_rosenbrock_value,
    grad_fn=_rosenbrock_grad,
    minima=np.array([[1.0, 1.0]]),
    xlim=(-2.0, 2.0),
    ylim=(-1.0, 3.0),
    start=np.array([-1.2, 1.0]),
    lr=0.001,
)


# --- Himmelblau: J = (θ₁² + θ₂ − 11)² + (θ₁ + θ₂² − 7)². Four minima, all with J = 0:
# where you end up depends on where you start.
def _himmelblau_value(t):
    t1, t2 = t[..., 0], t[..., 1]
    return (t1**2 + t2 - 11.0) ** 2 + (t1 + t2**2 - 7.0) ** 2


def _himmelblau_grad(t):
    t1, t2 = t[..., 0], t[..., 1]
    a, b = t1**2 + t2 - 11.0, t1 + t2**2 - 7.0
    return np.stack([4.0 * t1 * a + 2.0 * b, 2.0 * a + 4.0 * t2 * b], axis=-1)


def _polish(grad_fn, hess_fn, points, steps=8):
    """Newton steps θ ← θ − H⁻¹∇J, to pin known minima down to machine precision."""
    pts = np.array(points, dtype=float)
    for _ in range(steps):
        pts = np.array([p - np.linalg.solve(hess_fn(p), grad_fn(p)) for p in pts])
    return pts


def _himmelblau_hessian(t):
    t1, t2 = t
    return np.array([[12.0 * t1**2 + 4.0 * t2 - 42.0, 4.0 * (t1 + t2)],
                     [4.0 * (t1 + t2), 12.0 * t2**2 + 4.0 * t1 - 26.0]])


himmelblau = Surface(
    name="himmelblau",
    title="Himmelblau's four minima",
    formula="J = (θ₁² + θ₂ − 11)² + (θ₁ + θ₂² − 7)²",
    value_fn=_himmelblau_value,
    grad_fn=_himmelblau_grad,
    minima=_polish(_himmelblau_grad, _himmelblau_hessian,
                   [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186],
                    [3.584428, -1.848126]]),
    xlim=(-5.0, 5.0),
    ylim=(-5.0, 5.0),
    start=np.array([-0.5, -4.5]),
    lr=0.01,
)


# --- Two valleys: J = ¼θ₁⁴ − θ₁² + 0.3θ₁ + (θ₂ − ½θ₁)². A shallow valley on the right
# (a local minimum) and a deeper one on the left (the global minimum). Started on the right,
# gradient descent settles in the shallow valley: it only ever sees the slope where it stands.
# Both minima lie on θ₂ = ½θ₁, where θ₁³ − 2θ₁ + 0.3 = 0.
def _two_valleys_value(t):
    t1, t2 = t[..., 0], t[..., 1]
    return 0.25 * t1**4 - t1**2 + 0.3 * t1 + (t2 - 0.5 * t1) ** 2


def _two_valleys_grad(t):
    t1, t2 = t[..., 0], t[..., 1]
    r = t2 - 0.5 * t1
    return np.stack([t1**3 - 2.0 * t1 + 0.3 - r, 2.0 * r], axis=-1)


def _two_valleys_hessian(t):
    t1, _ = t
    return np.array([[3.0 * t1**2 - 2.0 + 0.5, -1.0], [-1.0, 2.0]])


_valley_roots = np.sort(np.roots([1.0, 0.0, -2.0, 0.3]).real)  # θ₁ ≈ −1.484, 0.152, 1.332
two_valleys = Surface(
    name="two_valleys",
    title="Local and global minimum",
    formula="J = ¼θ₁⁴ − θ₁² + 0.3θ₁ + (θ₂ − ½θ₁)²",
    value_fn=_two_valleys_value,
    grad_fn=_two_valleys_grad,
    minima=_polish(_two_valleys_grad, _two_valleys_hessian,
                   [[x, 0.5 * x] for x in _valley_roots[[0, 2]]]),
    xlim=(-2.5, 2.5),
    ylim=(-2.0, 2.0),
    start=np.array([2.2, -1.5]),
    lr=0.05,
    saddles=_polish(_two_valleys_grad, _two_valleys_hessian,
                    [[_valley_roots[1], 0.5 * _valley_roots[1]]]),
)

SURFACES: dict[str, Surface] = {
    s.name: s for s in (bowl, ravine, saddle, rosenbrock, himmelblau, two_valleys)
}


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
