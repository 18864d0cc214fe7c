"""Loss functions J(y_true, y_pred): one number that says how wrong the predictions are.

Say your network predicts that a house costs 300 (thousand) and it really sold for 250.
The error is 50; the squared error is 50² = 2500. Do that for every house and average:
that is the mean squared error, ``mse.value([250, ...], [300, ...])``. A big J means bad
predictions, J = 0 means perfect ones. Training means changing the weights to make J small.

Each loss here has ``value(y_true, y_pred) -> J`` (a float) and
``grad(y_true, y_pred) -> ∂J/∂y_pred`` (an array of y_pred's shape). The gradient says how
J changes when you nudge each prediction: it is where backpropagation starts.
Pure numpy: no plotting here.

Shapes: ``y_true`` and ``y_pred`` are ``(N, K)``: N samples, K outputs each. A 1-D array
``(N,)`` means one output per sample (it is treated as ``(N, 1)``, and ``grad`` gives
``(N,)`` back). For "cce" and "softmax_ce", ``y_true`` may also be class indices ``(N,)``.

Reduction: how the N·K numbers become one J (the same as scikit-learn, Keras and PyTorch;
"half_sse" and "sse" are the textbook error E of backpropagation examples):

=================  ==========================  ============================
loss               per sample                  over the batch
=================  ==========================  ============================
mse, mae, huber    (mean over K outputs)       mean over all N·K entries
bce                (mean over K outputs)       mean over all N·K entries
half_sse, sse      sum over the K outputs      mean over the N samples
cce, softmax_ce    sum over the K classes      mean over the N samples
=================  ==========================  ============================

So for one sample, half_sse is exactly E = ½Σ_k (t_k − o_k)², and mse = sse / K.
"""

from __future__ import annotations

import math

import numpy as np

from ._checks import positive_float

__all__ = [
    "EPS", "Loss", "MSE", "MAE", "Huber", "HalfSSE", "SSE", "BinaryCrossEntropy",
    "CategoricalCrossEntropy", "SoftmaxCrossEntropy", "LOSSES", "get", "LossOverflowError",
]

_F64 = np.dtype(np.float64)

EPS = 1e-12
"""Probabilities are clipped to [EPS, 1 − EPS] before taking a log, so log(0) never
happens: one entry adds at most −log(EPS) ≈ 27.6 to a cross-entropy."""


#: Values up to this size in y_true and y_pred cannot overflow any loss here (their
#: squares stay below 1e301); bigger finite values are computed with overflow caught.
_SAFE = 1e150
_max_reduce, _min_reduce = np.maximum.reduce, np.minimum.reduce


def _within_safe(a: np.ndarray) -> bool:
    """max|a| ≤ _SAFE (False if a holds NaN): one pass over |a| for a small array, two
    passes without a temporary array (max and min) for a big one."""
    if a.size > 1024:
        return bool(_max_reduce(a, axis=None) <= _SAFE and -_SAFE <= _min_reduce(a, axis=None))
    return bool(_max_reduce(np.abs(a), axis=None) <= _SAFE)


class LossOverflowError(ValueError):
    """A number passed the float limit (about 1.8e308) though every input was finite: a
    loss J or ∂J/∂y_pred here, a network's output or gradient (``nn``), an optimizer's step
    (``optimizers``), J(θ) or ∇J(θ) of a surface (``surfaces``). It is a ValueError whose
    message says what overflowed; ``training.train`` and ``optimizers.descend`` report it
    as a divergence ("diverged at update/step N"), never as warnings or inf."""


def _as_array(x, what: str) -> tuple[np.ndarray, bool]:
    """``(a, safe)``: x as a float array of at most 2 dimensions, non-empty and finite, and
    whether every |value| ≤ ``_SAFE`` (then no loss can overflow on it)."""
    if type(x) is np.ndarray and x.dtype == _F64 and 0 < x.ndim <= 2 and x.size:
        if _within_safe(x):  # the usual case, checked quickly
            return x, True
    try:
        a = np.asarray(x)
    except (ValueError, TypeError):
        raise ValueError(f"{what} must be an array of numbers, got a ragged or mixed list") \
            from None
    if a.dtype.kind not in "biuf":
        shown = repr(x) if len(repr(x)) <= 60 else repr(x)[:57] + "..."
        raise ValueError(f"{what} must hold numbers, got {shown}")
    if a.ndim > 2:
        raise ValueError(
            f"{what} must be 1-D (n_samples,) or 2-D (n_samples, n_outputs), got shape {a.shape}"
        )
    if a.size == 0:
        raise ValueError(f"{what} is empty (shape {a.shape}); a loss needs at least one value")
    a = a.astype(float, copy=False)
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{what} contains NaN or inf; every value must be a finite number")
    return a, _within_safe(a)


def _overflow(what: str, t: np.ndarray, o: np.ndarray) -> LossOverflowError:
    big = max(float(np.max(np.abs(t))), float(np.max(np.abs(o))))
    return LossOverflowError(
        f"{what} is too large for a float: y_true and y_pred reach {big:.3g} (the errors "
        "are squared or summed past about 1.8e308); rescale your values")


def _in_unit_interval(a: np.ndarray, what: str) -> None:
    lo, hi = a.min(), a.max()
    if lo < 0 or hi > 1:
        raise ValueError(f"{what} must lie in [0, 1], got values from {lo:g} to {hi:g}")


def _sum_of_squares(d: np.ndarray) -> float:
    """Σ d² over every entry (a dot product: fast for small and big arrays alike)."""
    d = d.ravel()
    return float(d @ d)


def _2d(a: np.ndarray) -> np.ndarray:
    return a if a.ndim == 2 else a.reshape(-1, 1)


class Loss:
    """Base class. ``value(y_true, y_pred) -> J``; ``grad(y_true, y_pred) -> ∂J/∂y_pred``.

    y_true, y_pred: ``(N, K)``, or ``(N,)`` for one output per sample. The subclasses
    implement ``_value(t, o)`` and ``_grad(t, o)`` on 2-D float arrays.
    """

    name = "loss"
    formula = ""

    def value(self, y_true, y_pred) -> float:
        """The loss J, one float."""
        t, o, safe = self._check(y_true, y_pred)
        if safe:
            return float(self._value(_2d(t), _2d(o)))
        with np.errstate(all="ignore"):
            J = float(self._value(_2d(t), _2d(o)))
        if not math.isfinite(J):
            raise _overflow("the loss J", t, o)
        return J

    def grad(self, y_true, y_pred) -> np.ndarray:
        """∂J/∂y_pred, an array of y_pred's shape."""
        t, o, safe = self._check(y_true, y_pred)
        if safe:
            return self._grad(_2d(t), _2d(o)).reshape(o.shape)
        with np.errstate(all="ignore"):
            g = self._grad(_2d(t), _2d(o)).reshape(o.shape)
        if not np.all(np.isfinite(g)):
            raise _overflow("the gradient ∂J/∂y_pred", t, o)
        return g

    def value_and_grad(self, y_true, y_pred) -> tuple[float, np.ndarray]:
        """``(J, ∂J/∂y_pred)`` with the inputs checked once: what a training step needs."""
        J, g, _ = self._value_grad_safe(y_true, y_pred)
        return J, g

    def _value_grad_safe(self, y_true, y_pred):
        """``(J, ∂J/∂y_pred, safe)``; ``safe``: every |value| ≤ ``_SAFE`` (so ∂J/∂y_pred is
        small enough that a backward pass cannot overflow on it, see ``nn``)."""
        t, o, safe = self._check(y_true, y_pred)
        if not safe:
            return self.value(t, o), self.grad(t, o), False
        t2, o2 = _2d(t), _2d(o)
        return float(self._value(t2, o2)), self._grad(t2, o2).reshape(o.shape), True

    def _check(self, y_true, y_pred):
        """``(t, o, safe)``: the checked arrays, and whether no overflow can happen."""
        (t, safe_t), (o, safe_o) = _as_array(y_true, "y_true"), _as_array(y_pred, "y_pred")
        if t.shape != o.shape:
            raise ValueError(f"y_pred must have the shape of y_true {t.shape}, got {o.shape}")
        return t, o, safe_t and safe_o

    def _value(self, t, o):
        raise TypeError(f"{type(self).__name__} has no formula: use a loss such as MSE() or "
                        "get('mse'), or define _value and _grad in a subclass")

    def _grad(self, t, o):
        self._value(t, o)

    def __call__(self, y_true, y_pred) -> float:
        return self.value(y_true, y_pred)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class MSE(Loss):
    """Mean squared error: J = (1/(N·K)) Σ (t − o)², the mean over every entry.

    ∂J/∂o = 2(o − t)/(N·K). The mean is over all N·K entries, as in scikit-learn's
    ``mean_squared_error``, Keras's ``MeanSquaredError`` and PyTorch's ``MSELoss``.
    """

    name = "mse"
    formula = "J = mean of (t − o)²"

    def _value(self, t, o):
        return _sum_of_squares(o - t) / o.size

    def _grad(self, t, o):
        return (o - t) * (2.0 / o.size)

    def _value_grad_safe(self, y_true, y_pred):
        # J and ∂J/∂o share the difference o − t: a training step's loss, done quickly.
        t, o, safe = self._check(y_true, y_pred)
        if not safe:
            return self.value(t, o), self.grad(t, o), False
        d = o - t
        return _sum_of_squares(d) / d.size, d * (2.0 / d.size), True


class MAE(Loss):
    """Mean absolute error: J = (1/(N·K)) Σ |t − o|, the mean over every entry.

    ∂J/∂o = sign(o − t)/(N·K), taken as 0 where o = t (the kink of |·|, as PyTorch does).
    Reduced like scikit-learn's ``mean_absolute_error`` and PyTorch's ``L1Loss``.
    """

    name = "mae"
    formula = "J = mean of |t − o|"

    def _value(self, t, o):
        return np.abs(o - t).sum() / o.size

    def _grad(self, t, o):
        return np.sign(o - t) / o.size


class Huber(Loss):
    """Huber loss with threshold δ, the mean over every entry. With r = t − o:

    ½r² if |r| ≤ δ, else δ(|r| − ½δ): squared for small errors, linear for big ones, so
    outliers pull less. ∂J/∂o = clip(o − t, −δ, δ)/(N·K). ``delta`` is δ > 0 (default 1,
    as in Keras's ``Huber`` and PyTorch's ``HuberLoss``, which reduce the same way).
    """

    name = "huber"
    formula = "J = mean of ½r² if |r| ≤ δ else δ(|r| − ½δ), r = t − o"

    def __init__(self, delta: float = 1.0):
        self.delta = positive_float(delta)
        if self.delta is None:
            raise ValueError(f"Huber delta δ must be a positive, finite number, got {delta!r}")

    def _value(self, t, o):
        # With m = min(|r|, δ): ½m² + δ(|r| − m) is ½r² inside δ and δ(|r| − ½δ) outside,
        # with no huge product in the branch that is not taken.
        a, d = np.abs(o - t), self.delta
        m = np.minimum(a, d)
        return (0.5 * m * m + d * (a - m)).sum() / o.size

    def _grad(self, t, o):
        return np.clip(o - t, -self.delta, self.delta) / o.size

    def __repr__(self):
        return "Huber()" if self.delta == 1 else f"Huber(delta={self.delta:g})"


class HalfSSE(Loss):
    """Half the sum of squared errors per sample, averaged over samples:

    J = (1/N) Σ_i ½ Σ_k (t_ik − o_ik)². For one sample this is exactly the textbook
    backpropagation error E = ½Σ(t − o)²; the ½ cancels the 2 of the derivative, so
    ∂J/∂o = (o − t)/N (for one sample, simply o − t).
    """

    name = "half_sse"
    formula = "J = (1/N) Σ_i ½ Σ_k (t − o)²"

    def _value(self, t, o):
        return 0.5 * _sum_of_squares(o - t) / o.shape[0]

    def _grad(self, t, o):
        return (o - t) / o.shape[0]


class SSE(Loss):
    """Sum of squared errors per sample, averaged over samples:

    J = (1/N) Σ_i Σ_k (t_ik − o_ik)², the textbook E = Σ(t − o)² for one sample (books
    that drop the ½). ∂J/∂o = 2(o − t)/N. Equals K · mse.
    """

    name = "sse"
    formula = "J = (1/N) Σ_i Σ_k (t − o)²"

    def _value(self, t, o):
        return _sum_of_squares(o - t) / o.shape[0]

    def _grad(self, t, o):
        return 2.0 * (o - t) / o.shape[0]


class BinaryCrossEntropy(Loss):
    """Binary cross-entropy on probabilities p (e.g. sigmoid outputs), mean over every entry:

    J = −(1/(N·K)) Σ [t log p + (1 − t) log(1 − p)], targets t and probabilities p in
    [0, 1]. p is clipped to [EPS, 1 − EPS] first, so p = 0 or 1 gives a large but finite J.
    ∂J/∂p = (p − t)/(p(1 − p))/(N·K); where p was clipped J does not change with p, so
    the gradient there is 0. Reduced like Keras's ``BinaryCrossentropy`` and PyTorch's
    ``BCELoss``.
    """

    name = "bce"
    formula = "J = −mean of [t log p + (1 − t) log(1 − p)]"

    def _check(self, y_true, y_pred):
        t, p, safe = super()._check(y_true, y_pred)
        _in_unit_interval(t, "y_true (targets, usually 0 or 1)")
        _in_unit_interval(p, "y_pred (probabilities; apply a sigmoid to raw scores first)")
        return t, p, safe

    def _value(self, t, p):
        pc = np.clip(p, EPS, 1.0 - EPS)
        return -np.mean(t * np.log(pc) + (1.0 - t) * np.log1p(-pc))

    def _grad(self, t, p):
        pc = np.clip(p, EPS, 1.0 - EPS)
        g = (pc - t) / (pc * (1.0 - pc)) / p.size
        return np.where((p >= EPS) & (p <= 1.0 - EPS), g, 0.0)


class _ClassTargets(Loss):
    """Targets as one-hot rows ``(N, K)`` or as class indices ``(N,)``, K = y_pred's columns."""

    def _check(self, y_true, y_pred):
        (t, safe_t), (o, safe_o) = _as_array(y_true, "y_true"), _as_array(y_pred, "y_pred")
        if t.ndim == 1 and o.ndim == 2:
            n, k = o.shape
            if t.shape[0] != n:
                raise ValueError(f"y_true holds {t.shape[0]} class indices but y_pred has {n} "
                                 f"rows; give one class index per sample")
            if np.any(t != np.floor(t)):
                raise ValueError(f"y_true class indices must be whole numbers 0 … {k - 1}, "
                                 f"got {t[t != np.floor(t)][0]:g}")
            if t.min() < 0 or t.max() > k - 1:
                raise ValueError(f"y_true class indices must be in 0 … {k - 1} (y_pred has {k} "
                                 f"columns), got values from {t.min():g} to {t.max():g}")
            onehot = np.zeros((n, k))
            onehot[np.arange(n), t.astype(int)] = 1.0
            t = onehot
        elif t.shape != o.shape:
            n = o.shape[0] if o.ndim else 1
            raise ValueError(f"y_true must be one-hot rows of y_pred's shape {o.shape} or class "
                             f"indices of shape ({n},), got {t.shape}")
        _in_unit_interval(t, "y_true (one-hot targets)")
        return t, o, safe_t and safe_o


class CategoricalCrossEntropy(_ClassTargets):
    """Categorical cross-entropy on probabilities p (e.g. softmax outputs), per sample
    summed over the K classes, averaged over the N samples:

    J = −(1/N) Σ_i Σ_k t_ik log p_ik. y_pred: probabilities ``(N, K)`` in [0, 1];
    y_true: one-hot ``(N, K)`` or class indices ``(N,)``. p is clipped to [EPS, 1 − EPS]
    first; ∂J/∂p = −t/(N·p), and 0 where p was clipped. Reduced like Keras's
    ``CategoricalCrossentropy`` and scikit-learn's ``log_loss`` (p is not renormalised).
    """

    name = "cce"
    formula = "J = −(1/N) Σ_i Σ_k t log p"

    def _check(self, y_true, y_pred):
        t, p, safe = super()._check(y_true, y_pred)
        _in_unit_interval(p, "y_pred (probabilities; apply a softmax to raw scores first)")
        return t, p, safe

    def _value(self, t, p):
        return -np.sum(t * np.log(np.clip(p, EPS, 1.0 - EPS))) / p.shape[0]

    def _grad(self, t, p):
        g = -t / np.clip(p, EPS, 1.0 - EPS) / p.shape[0]
        return np.where((p >= EPS) & (p <= 1.0 - EPS), g, 0.0)


class SoftmaxCrossEntropy(_ClassTargets):
    """Cross-entropy on logits z (raw scores), softmax built in, averaged over samples:

    J = (1/N) Σ_i [logsumexp(z_i) − z_i,y_i] = cce(softmax(z)), computed stably (the row
    maximum is subtracted first, so logits like ±1000 are fine). y_pred: logits ``(N, K)``;
    y_true: one-hot ``(N, K)`` or class indices ``(N,)``. ∂J/∂z = (softmax(z) − onehot)/N,
    the neat result that makes softmax + cross-entropy the usual pair. Reduced like
    PyTorch's ``CrossEntropyLoss`` and Keras's ``CategoricalCrossentropy(from_logits=True)``.
    """

    name = "softmax_ce"
    formula = "J = (1/N) Σ_i [log Σ_k e^(z_ik) − z_i,y_i]"

    @staticmethod
    def _log_softmax(z):
        s = z - z.max(axis=1, keepdims=True)
        return s - np.log(np.sum(np.exp(s), axis=1, keepdims=True))

    def _value(self, t, z):
        return -np.sum(t * self._log_softmax(z)) / z.shape[0]

    def _grad(self, t, z):
        a = np.exp(self._log_softmax(z))
        return (a * t.sum(axis=1, keepdims=True) - t) / z.shape[0]


LOSSES: dict[str, type[Loss]] = {
    "mse": MSE,
    "mae": MAE,
    "huber": Huber,
    "half_sse": HalfSSE,
    "sse": SSE,
    "bce": BinaryCrossEntropy,
    "cce": CategoricalCrossEntropy,
    "softmax_ce": SoftmaxCrossEntropy,
}
_ALIASES = {
    "mean_squared_error": "mse", "mean_absolute_error": "mae",
    "binary_crossentropy": "bce", "binary_cross_entropy": "bce",
    "categorical_crossentropy": "cce", "categorical_cross_entropy": "cce",
}


def get(name) -> Loss:
    """The loss called ``name`` (a key of ``LOSSES`` or an alias such as
    "mean_squared_error"), built with its default settings; a Loss is passed through."""
    if isinstance(name, Loss):
        return name
    if isinstance(name, str):
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        key = _ALIASES.get(key, key)
        if key in LOSSES:
            return LOSSES[key]()
    raise ValueError(f"unknown loss {name!r}; choose one of: {', '.join(LOSSES)}")
