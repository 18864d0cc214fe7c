"""Checking a gradient the slow, sure way: central finite differences.

Every analytic gradient in Descent is compared with this in the tests; ``nn.gradient_check``
uses it too. Pure numpy: no plotting here.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["numerical_gradient", "rel_error"]


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-6) -> np.ndarray:
    """∂f/∂x by central differences: (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every entry i.

    f: array of x's shape -> float.  x: any shape.  Returns an array of x's shape.
    The error is about h²·f''' (truncation) plus ε·|f|/h (rounding), so h = 1e-6 suits
    values of order 1. x itself is not modified.
    """
    x = np.array(x, dtype=float)
    if not (isinstance(h, (int, float)) and h > 0):
        raise ValueError(f"step h must be a positive number, got {h!r}")
    grad = np.empty_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = float(f(x))
        flat[i] = old - h
        down = float(f(x))
        flat[i] = old
        g[i] = (up - down) / (2.0 * h)
    return grad


def rel_error(a, b, floor: float = 1e-8) -> float:
    """max |a − b| / max(|a| + |b|, floor), entry by entry (CS231n's ``rel_error``).

    Below about 1e-7 two gradients agree; ``floor`` keeps entries where both are ~0 from
    dividing by zero.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients of shapes {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))
