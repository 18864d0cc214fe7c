"""Optimizers that walk downhill on a loss J, and ``descend`` to record the walk.

Every optimizer has one interface, so one trainer serves them all:
``step(params, grads)`` returns the new parameters (an array, or a list of arrays for a
network's layers) and ``reset()`` forgets any state. Pure numpy: no plotting here.
"""

from __future__ import annotations

import math
import numbers
from typing import Callable

import numpy as np

from ._checks import as_float, finite_array
from .losses import LossOverflowError

__all__ = [
    "GD", "Momentum", "Nesterov", "RMSProp", "Adam", "OPTIMIZERS", "get",
    "Path", "descend", "check_lr",
]


def check_lr(lr) -> float:
    """The learning rate α as a float, or a ValueError saying why it cannot be used."""
    value = as_float(lr)
    if value is None:
        raise ValueError(f"learning rate α must be a number, got {lr!r}")
    if not 0 < value < math.inf:
        raise ValueError(f"learning rate α must be a positive, finite number, got {lr!r}")
    return value


def _check_rate(value, name: str) -> float:
    """A decay rate such as β or ρ: a number with 0 ≤ value < 1."""
    v = as_float(value)
    if v is None or not 0 <= v < 1:
        raise ValueError(f"{name} must be a number with 0 ≤ {name} < 1, got {value!r}")
    return v


def _check_eps(eps) -> float:
    v = as_float(eps)
    if v is None or not 0 < v < math.inf:
        raise ValueError(f"eps must be a small positive number such as 1e-8, got {eps!r}")
    return v


class GD:
    """Plain gradient descent: θ ← θ − α ∇J(θ), the same step for every parameter.

    lr: the learning rate α > 0.

    Every optimizer here shares this interface. ``step(params, grads)`` takes θ and ∇J (an
    array, or a list of arrays, one per layer) and returns the new θ, leaving its inputs
    alone. Optimizers with memory (velocity, running averages) keep one state per array,
    in the order given; ``reset()`` forgets it, so call it before a fresh run.
    """

    def __init__(self, lr: float):
        self.lr = check_lr(lr)
        self.reset()

    def step(self, params, grads):
        """New parameters from θ and ∇J. ``params`` and ``grads``: arrays of one shape, or
        lists of such arrays (one per layer). The inputs are not modified."""
        if isinstance(params, (list, tuple)):
            if not isinstance(grads, (list, tuple)) or len(grads) != len(params):
                raise ValueError("params and grads must be lists of the same length")
            pairs = [self._pair(p, g, f"[{i}]") for i, (p, g) in enumerate(zip(params, grads))]
        else:
            pairs = [self._pair(params, grads, "")]
        for i, (p, g) in enumerate(pairs):  # before any state changes
            state = self._memory.get(i)
            if state and state[0].shape != g.shape:
                raise ValueError(
                    f"parameter {i} changed shape from {state[0].shape} to {g.shape}; "
                    "call reset() before optimizing something new")
        self.t += 1
        with np.errstate(all="ignore"):
            new = [self._step_one(i, p, g) for i, (p, g) in enumerate(pairs)]
        if not all(np.isfinite(p).all() for p in new):
            raise LossOverflowError(
                "the step θ − α·(its step direction) is too large for a float: θ, ∇J or "
                "α is too large (a divergence)")
        return new if isinstance(params, (list, tuple)) else new[0]

    @staticmethod
    def _pair(p, g, index: str):
        p, g = finite_array(p, f"params{index} (θ)"), finite_array(g, f"grads{index} (∇J)")
        if p.shape != g.shape:
            raise ValueError(
                f"a gradient must have its parameter's shape: θ is {p.shape}, ∇J is {g.shape}"
            )
        return p, g

    def _state(self, i: int, g: np.ndarray, *names: str) -> list[np.ndarray]:
        """The state arrays (zeros at first) that array i keeps between steps."""
        if i not in self._memory:
            self._memory[i] = [np.zeros_like(g) for _ in names]
        state = self._memory[i]
        if state[0].shape != g.shape:
            raise ValueError(
                f"parameter {i} changed shape from {state[0].shape} to {g.shape}; "
                "call reset() before optimizing something new"
            )
        return state

    def _step_one(self, i: int, p: np.ndarray, g: np.ndarray) -> np.ndarray:
        return p - self.lr * g

    def reset(self) -> None:
        """Forget all state: the step count t and any running averages."""
        self.t = 0
        self._memory: dict[int, list[np.ndarray]] = {}

    def __repr__(self) -> str:
        return f"GD(lr={self.lr:g})"


class Momentum(GD):
    """Gradient descent with (heavy-ball) momentum: v ← βv + ∇J,  θ ← θ − α v.

    v is a velocity: a running sum of past gradients that fades by β each step. Where
    gradients keep pointing the same way, steps grow (up to 1/(1 − β) times); where they
    flip sign, as across a ravine, they cancel. v starts at 0, so the first step is plain
    GD. The same as PyTorch's ``SGD(momentum=β)``.

    lr: α > 0.  beta: β with 0 ≤ β < 1 (0 gives plain GD).
    """

    def __init__(self, lr: float, beta: float = 0.9):
        self.beta = _check_rate(beta, "beta")
        super().__init__(lr)

    def _step_one(self, i, p, g):
        (v,) = self._state(i, g, "v")
        v *= self.beta
        v += g
        return p - self.lr * v

    def __repr__(self):
        return f"{type(self).__name__}(lr={self.lr:g}, beta={self.beta:g})"


class Nesterov(Momentum):
    """Nesterov momentum, as PyTorch's ``SGD(momentum=β, nesterov=True)``:
    v ← βv + ∇J,  θ ← θ − α(∇J + βv).

    It steps with the gradient plus the velocity it is about to have: a look-ahead that
    brakes earlier than heavy-ball momentum when the slope turns.

    lr: α > 0.  beta: β with 0 ≤ β < 1.
    """

    def _step_one(self, i, p, g):
        (v,) = self._state(i, g, "v")
        v *= self.beta
        v += g
        return p - self.lr * (g + self.beta * v)


class RMSProp(GD):
    """RMSProp: s ← ρs + (1 − ρ)(∇J)²,  θ ← θ − α ∇J / (√s + ε).

    s is a running average of squared gradients, one per parameter. Dividing by √s gives
    every parameter a step of about α, however steep or flat its direction: steep
    directions are slowed down, flat ones sped up. ε is added to √s, as PyTorch and Keras
    do, so a zero gradient never divides by zero.

    lr: α > 0.  rho: ρ with 0 ≤ ρ < 1.  eps: ε > 0.
    """

    def __init__(self, lr: float, rho: float = 0.9, eps: float = 1e-8):
        self.rho = _check_rate(rho, "rho")
        self.eps = _check_eps(eps)
        super().__init__(lr)

    def _step_one(self, i, p, g):
        (s,) = self._state(i, g, "s")
        s *= self.rho
        s += (1.0 - self.rho) * g * g
        return p - self.lr * g / (np.sqrt(s) + self.eps)

    def __repr__(self):
        return f"RMSProp(lr={self.lr:g}, rho={self.rho:g}, eps={self.eps:g})"


class Adam(GD):
    """Adam (Kingma & Ba 2015, Algorithm 1): momentum and RMSProp together, bias-corrected.

    m ← β₁m + (1 − β₁)∇J,  v ← β₂v + (1 − β₂)(∇J)²   (running averages, start at 0)
    m̂ = m/(1 − β₁ᵗ),  v̂ = v/(1 − β₂ᵗ)                (undo the pull towards 0 early on)
    θ ← θ − α m̂ / (√v̂ + ε)

    At step t = 1, m̂ = ∇J and √v̂ = |∇J|, so every parameter moves by about α.

    lr: α > 0.  beta1, beta2: β₁, β₂ with 0 ≤ β < 1.  eps: ε > 0.
    """

    def __init__(self, lr: float, beta1: float = 0.9, beta2: float = 0.999,
                 eps: float = 1e-8):
        self.beta1 = _check_rate(beta1, "beta1")
        self.beta2 = _check_rate(beta2, "beta2")
        self.eps = _check_eps(eps)
        super().__init__(lr)

    def _step_one(self, i, p, g):
        m, v = self._state(i, g, "m", "v")
        m *= self.beta1
        m += (1.0 - self.beta1) * g
        v *= self.beta2
        v += (1.0 - self.beta2) * g * g
        m_hat = m / (1.0 - self.beta1**self.t)
        v_hat = v / (1.0 - self.beta2**self.t)
        return p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)

    def __repr__(self):
        return (f"Adam(lr={self.lr:g}, beta1={self.beta1:g}, beta2={self.beta2:g}, "
                f"eps={self.eps:g})")


OPTIMIZERS: dict[str, type[GD]] = {
    "gd": GD, "momentum": Momentum, "nesterov": Nesterov, "rmsprop": RMSProp, "adam": Adam,
}


def get(name, lr: float, **settings) -> GD:
    """A new optimizer by name ("gd", "momentum", "nesterov", "rmsprop", "adam") with
    learning rate ``lr`` and any other settings (beta, rho, eps, …) as keywords."""
    key = name.strip().lower() if isinstance(name, str) else None
    if key not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: {', '.join(OPTIMIZERS)}")
    try:
        return OPTIMIZERS[key](lr, **settings)
    except TypeError as err:
        raise ValueError(f"{name} does not take these settings: {err}") from None


class Path(np.ndarray):
    """The points θ₀, θ₁, … visited by ``descend``: an array of shape ``(k + 1, dim)``.

    ``diverged_at`` is the step N at which the walk blew up (its point was no longer
    finite, or left the bound), or None. A diverged path holds only θ₀ … θ_{N−1}.
    """

    diverged_at: int | None

    def __new__(cls, points, diverged_at=None):
        points = finite_array(points, "points")
        if points.ndim != 2:
            raise ValueError(f"points must be an array (k + 1, dim) of the points visited, "
                             f"got shape {points.shape}")
        if diverged_at is not None and (isinstance(diverged_at, bool) or not isinstance(
                diverged_at, numbers.Integral) or diverged_at < 1):
            raise ValueError(f"diverged_at must be None or a step number ≥ 1, got "
                             f"{diverged_at!r}")
        obj = points.view(cls)
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
    if not callable(grad_fn):
        raise ValueError(f"grad_fn must be a function θ -> ∇J, got {grad_fn!r}")
    x = np.array(finite_array(x0, "the start θ₀ (x0)"))
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"the start θ₀ must be a 1-D array of numbers, got shape {x.shape}")
    if isinstance(steps, bool) or not isinstance(steps, numbers.Integral) \
            or not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be a whole number from 0 to {MAX_STEPS}, got {steps!r}")
    b = as_float(bound)
    if b is None or not b > 0:
        raise ValueError(f"bound must be a positive number, got {bound!r}")
    if not callable(getattr(optimizer, "step", None)):
        raise ValueError(f"optimizer must have a step(params, grads) method, got {optimizer!r}")
    if hasattr(optimizer, "reset"):
        optimizer.reset()

    points = np.empty((steps + 1, x.size))
    points[0] = x
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            try:
                g = grad_fn(x)
            except LossOverflowError:  # e.g. Surface.grad: ∇J too large at this θ
                return Path(points[:t], diverged_at=t)
            try:
                g = np.asarray(g, dtype=float)
            except (TypeError, ValueError):
                raise ValueError(f"grad_fn must return an array of numbers, got {g!r}") \
                    from None
            if g.shape != x.shape:
                raise ValueError(
                    f"grad_fn must return an array of θ's shape {x.shape}, got {g.shape}"
                )
            if not np.all(np.isfinite(g)):  # the slope overflowed: a divergence
                return Path(points[:t], diverged_at=t)
            try:
                x = np.asarray(optimizer.step(x, g), dtype=float)
            except LossOverflowError:
                return Path(points[:t], diverged_at=t)
            if x.shape != points[0].shape:
                raise ValueError(f"optimizer.step must return θ's shape {points[0].shape}, "
                                 f"got {x.shape}")
            if not np.all(np.isfinite(x)) or np.max(np.abs(x)) > b:
                return Path(points[:t], diverged_at=t)
            points[t] = x
    return Path(points)


#: The most steps ``descend`` takes in one call.
MAX_STEPS = 1_000_000
