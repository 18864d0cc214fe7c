"""Checks shared by the maths modules: a number or an array of numbers a float can hold.

Each public function still raises its own ValueError, which names its argument; these
helpers only do the part that is the same everywhere (bools, strings, ragged lists, whole
numbers too big for a float, NaN and inf). Pure Python and numpy.
"""

from __future__ import annotations

import math
import numbers

import numpy as np


def as_float(value) -> float | None:
    """``value`` as a float if it is a real number (not a bool) that a float can hold,
    else None (NaN and ±inf come back as floats: test them with ``math.isfinite``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    try:
        return float(value)
    except OverflowError:  # a whole number too big for a float
        return None


def finite_float(value) -> float | None:
    """``value`` as a finite float (see ``as_float``), else None."""
    v = as_float(value)
    return v if v is not None and math.isfinite(v) else None


def positive_float(value) -> float | None:
    """``value`` as a positive, finite float (see ``as_float``), else None."""
    v = finite_float(value)
    return v if v is not None and v > 0 else None


def finite_array(x, what: str) -> np.ndarray:
    """``x`` as a float array of finite numbers, or a ValueError that names it ``what``."""
    if type(x) is np.ndarray and x.dtype == np.float64:
        a = x  # the library's own arrays: no copy
    else:
        try:
            a = np.asarray(x) if not isinstance(x, (str, bytes, dict)) else None
        except (TypeError, ValueError):  # a ragged list
            a = None
        if a is None or a.dtype.kind not in "biuf":
            raise ValueError(f"{what} must be an array of numbers, got {x!r}")
        a = a.astype(float)
    if not np.isfinite(a).all():
        raise ValueError(f"{what} must hold finite numbers (no NaN or inf)")
    return a
