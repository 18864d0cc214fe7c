"""Checking a gradient the slow, sure way: central finite differences.

Every analytic gradient in Descent is compared with this in the tests; ``nn.gradient_check``
uses it too. Pure numpy: no plotting here.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np

from ._checks import finite_array, positive_float

__all__ = ["numerical_gradient", "rel_error"]


def numerical_gradient(f: Callable[[np.ndarray], float], x, h: float = 1e-6) -> np.ndarray:
    """∂f/∂x by central differences: (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for every entry i.

    f: array of x's shape -> float.  x: any shape.  Returns an array of x's shape.
    The error is about h²·f''' (truncation) plus ε·|f|/h (rounding), so h = 1e-6 suits
    values of order 1. x itself is not modified.
    """
    if not callable(f):
        raise ValueError(f"f must be a function of x that returns a number, got {f!r}")
    x = np.array(finite_array(x, "x"))
    if positive_float(h) is None:
        raise ValueError(f"step h must be a positive, finite number, got {h!r}")
    h = float(h)
    grad = np.empty_like(x)
    flat, g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = _value(f, x)
        flat[i] = old - h
        down = _value(f, x)
        flat[i] = old
        g[i] = (up - down) / (2.0 * h)
        if not math.isfinite(g[i]):
            raise ValueError(f"f changes too fast for a float at x ± h (entry {i}): the "
                             "difference quotient overflowed; try a smaller h or x")
    return grad


def _value(f, x) -> float:
    """f(x) as a finite float, or a ValueError that says what f returned."""
    with np.errstate(all="ignore"):  # f at x ± h may overflow: reported below
        out = f(x)
    try:
        value = float(out) if not isinstance(out, (str, bytes)) else None
    except (TypeError, ValueError, OverflowError):
        value = None
    if value is None or not math.isfinite(value):
        raise ValueError(f"f must return one finite number at x ± h, got {out!r} (is the "
                         "step h or x too large?)")
    return value


def rel_error(a, b, floor: float = 1e-8) -> float:
    """max |a − b| / max(|a| + |b|, floor), entry by entry (CS231n's ``rel_error``).

    Below about 1e-7 two gradients agree; ``floor`` keeps entries where both are ~0 from
    dividing by zero.
    """
    a, b = finite_array(a, "a (a gradient)"), finite_array(b, "b (a gradient)")
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients a and b of shapes {a.shape} and {b.shape}")
    if positive_float(floor) is None:
        raise ValueError(f"floor must be a small positive number such as 1e-8, got {floor!r}")
    floor = float(floor)
    if a.size == 0:
        return 0.0
    if max(np.max(np.abs(a)), np.max(np.abs(b))) > 1e300:  # halve both: no overflow
        return rel_error(a / 2, b / 2, floor / 2)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), floor)))
