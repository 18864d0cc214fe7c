"""Optimizers that walk downhill on a loss J, and ``descend`` to record the walk.

Every optimizer has one interface, so one trainer serves them all:
``step(params, grads)`` returns the new parameters (an array, or a list of arrays for a
network's layers) and ``reset()`` forgets any state. Pure numpy: no plotting here.
"""

from __future__ import annotations

import numbers
from typing import Callable

import numpy as np

__all__ = ["GD", "Path", "descend", "check_lr"]


def check_lr(lr) -> float:
    """The learning rate α as a float, or a ValueError saying why it cannot be used."""
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real):
        raise ValueError(f"learning rate α must be a number, got {lr!r}")
    if not np.isfinite(lr) or lr <= 0:
        raise ValueError(f"learning rate α must be a positive, finite number, got {lr!r}")
    return float(lr)


class GD:
    """Plain gradient descent: θ ← θ − α ∇J(θ), the same step for every parameter.

    lr: the learning rate α > 0.
    """

    def __init__(self, lr: float):
        self.lr = check_lr(lr)

    def step(self, params, grads):
        """New parameters θ − α·∇J. ``params`` and ``grads``: arrays of one shape, or
        lists of such arrays (one per layer). The inputs are not modified."""
        if isinstance(params, (list, tuple)):
            if not isinstance(grads, (list, tuple)) or len(grads) != len(params):
                raise ValueError("params and grads must be lists of the same length")
            return [self._step_one(p, g) for p, g in zip(params, grads)]
        return self._step_one(params, grads)

    def _step_one(self, p, g):
        p, g = np.asarray(p, dtype=float), np.asarray(g, dtype=float)
        if p.shape != g.shape:
            raise ValueError(
                f"a gradient must have its parameter's shape: θ is {p.shape}, ∇J is {g.shape}"
            )
        return p - self.lr * g

    def reset(self) -> None:
        """Plain gradient descent keeps no state between steps."""

    def __repr__(self) -> str:
        return f"GD(lr={self.lr:g})"


class Path(np.ndarray):
    """The points θ₀, θ₁, … visited by ``descend``: an array of shape ``(k + 1, dim)``.

    ``diverged_at`` is the step N at which the walk blew up (its point was no longer
    finite, or left the bound), or None. A diverged path holds only θ₀ … θ_{N−1}.
    """

    diverged_at: int | None

    def __new__(cls, points, diverged_at=None):
        obj = np.asarray(points, dtype=float).view(cls)
        obj.diverged_at = diverged_at
        return obj

    def __array_finalize__(self, obj):
        self.diverged_at = getattr(obj, "diverged_at", None)

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None


def descend(
    grad_fn: Callable[[np.ndarray], np.ndarray],
    x0,
    optimizer,
    steps: int,
    bound: float = 1e6,
) -> Path:
    """Run ``steps`` optimizer steps from ``x0``: θ_{t+1} = optimizer.step(θ_t, ∇J(θ_t)).

    grad_fn: θ ``(dim,)`` -> ∇J ``(dim,)``.  x0: the start θ₀, shape ``(dim,)``.
    Returns a ``Path`` of shape ``(steps + 1, dim)``. The walk stops early when a point is
    no longer finite or some |θᵢ| exceeds ``bound``: then the path holds the points before
    that step and ``path.diverged_at`` is its step number. No overflow warning escapes.
    The optimizer is ``reset()`` first, so a second call starts afresh.
    """
    x = np.array(x0, dtype=float)
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"the start θ₀ must be a 1-D array of numbers, got shape {x.shape}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"the start θ₀ must be finite, got {x}")
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) or steps < 0:
        raise ValueError(f"steps must be a whole number ≥ 0, got {steps!r}")
    if not (isinstance(bound, numbers.Real) and bound > 0):
        raise ValueError(f"bound must be a positive number, got {bound!r}")
    if not hasattr(optimizer, "step"):
        raise ValueError(f"optimizer must have a step(params, grads) method, got {optimizer!r}")
    if hasattr(optimizer, "reset"):
        optimizer.reset()

    points = np.empty((steps + 1, x.size))
    points[0] = x
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(1, steps + 1):
            g = np.asarray(grad_fn(x), dtype=float)
            if g.shape != x.shape:
                raise ValueError(
                    f"grad_fn must return an array of θ's shape {x.shape}, got {g.shape}"
                )
            x = optimizer.step(x, g)
            if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > bound:
                return Path(points[:t], diverged_at=t)
            points[t] = x
    return Path(points)
