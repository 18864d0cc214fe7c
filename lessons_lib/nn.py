"""A small multilayer perceptron (MLP), built from dense layers you can follow by hand.

Conventions, used everywhere in this module:

- ``X`` has shape ``(n_samples, n_in)``: one row per sample.
- A layer's weight matrix ``W`` has shape ``(n_out, n_in)``: row j holds the weights into
  unit j, the way textbooks write w_jk. Its bias ``b`` has shape ``(n_out,)``.
- Net input and activation: ``Z = X @ W.T + b`` and ``A = f(Z)``, both ``(n_samples, n_out)``.

Backpropagation through one layer (``dA`` = ∂J/∂A, the same shape as A):

- ``dZ = dA ⊙ f'(Z)``  (the activation's ``backward``; the error term δ of the layer)
- ``dW = dZ.T @ X``    ``(n_out, n_in)``: ∂J/∂w_jk = Σ_samples δ_j · x_k
- ``db = dZ.sum(0)``   ``(n_out,)``: the bias sees an input of 1 in every sample
- ``dX = dZ @ W``      ``(n_samples, n_in)``: each input feeds every unit j through w_jk

Where the transposes come from: Z uses W.T because W is stored (n_out, n_in). Going back,
each formula is the only product whose shapes fit. Pure numpy: no plotting here.
"""

from __future__ import annotations

import math
import numbers
from typing import NamedTuple

import numpy as np

from . import activations as _acts
from . import losses as _losses
from .gradcheck import numerical_gradient, rel_error

__all__ = [
    "DenseCache", "dense_forward", "dense_backward", "MLP", "gradient_check",
    "layer_gradient_norms",
]

_F64 = np.dtype(np.float64)
#: The most weights and biases an MLP may have (80 MB of numbers).
MAX_PARAMS = 10_000_000
_max_reduce, _min_reduce = np.maximum.reduce, np.minimum.reduce
#: loss_and_grads runs without an overflow guard when no forward value can pass this
#: (see ``_x_limit``): then, with the loss's own bound on y_true and y_pred (1e150), no
#: number of the step can come near the float limit 1.8e308.
_TAME = 1e60
_RELU_LIKE = (_acts.ReLU, _acts.LeakyReLU)
# Activations whose backward uses only a (f' written with the output, e.g. 1 − a² for
# tanh): loss_and_grads need not keep their z, which saves memory traffic on big batches.
_NEEDS_ONLY_A = (_acts.Sigmoid, _acts.BipolarSigmoid, _acts.Tanh, _acts.Linear, _acts.Softmax)


class DenseCache(NamedTuple):
    """What a dense layer's forward pass keeps for its backward pass."""

    X: np.ndarray           # (n_samples, n_in)   the layer's input
    W: np.ndarray           # (n_out, n_in)
    Z: np.ndarray           # (n_samples, n_out)  net input z
    A: np.ndarray           # (n_samples, n_out)  activation a = f(z)
    activation: _acts.Activation


# --- the two layer steps, without checks (the MLP's inner loop) -------------------------
# An activation's public forward/backward check their arrays; here the unchecked _forward
# and _backward run on arrays the network made, unless a class overrides (or a test
# patches) forward or backward itself: then that is what runs.
_BASE_FORWARD, _BASE_BACKWARD = _acts.Activation.forward, _acts.Activation.backward


def _forward(X, W, b, act):
    Z = X @ W.T
    Z += b
    A = act._forward(Z) if type(act).forward is _BASE_FORWARD else act.forward(Z)
    return Z, A


_add_reduce = np.add.reduce  # dZ.sum(axis=0) without the method's Python wrapper


def _max_abs(a: np.ndarray) -> float:
    return float(_max_reduce(np.abs(a), axis=None)) if a.size else 0.0


def _within(a: np.ndarray, limit: float) -> bool:
    """max|a| ≤ limit for a non-empty array (False if it holds NaN): one pass over |a| for a
    small array, two passes without a temporary array (max and min) for a big one."""
    if a.size > 1024:
        return bool(_max_reduce(a, axis=None) <= limit and -limit <= _min_reduce(a, axis=None))
    return bool(_max_reduce(np.abs(a), axis=None) <= limit)


def _gain(act):
    """``(k, bounded)``: k bounds both |f(z)|/|z| and |f'(z)| (and softmax's factor 2 in
    its backward); ``bounded``: |f(z)| ≤ 1. ``(None, False)`` for an activation of your own."""
    kind = type(act)
    if kind is _acts.Tanh or kind is _acts.Softmax:
        return 2.0, True
    if kind is _acts.Sigmoid or kind is _acts.BipolarSigmoid:
        return max(1.0, act.steepness), True
    if kind is _acts.ReLU or kind is _acts.Linear:
        return 1.0, False
    if kind is _acts.LeakyReLU:
        return max(1.0, act.slope), False
    return None, False


def _x_limit(weights, biases, acts) -> float:
    """The largest max|X| for which ``loss_and_grads`` needs no overflow guard (0: always
    guarded). With s = max(1, max|X|), layer by layer |Z| ≤ n_in·max|W|·|A_prev| + max|b|,
    so every forward value stays ≤ fwd·s; going back, every ∂J/∂a and δ stays ≤ bwd times
    the loss's ∂J/∂o. The step is safe when fwd·s ≤ ``_TAME`` and bwd ≤ ``_TAME``."""
    g = fwd = bwd = 1.0
    for W, b, act in zip(weights, biases, acts):
        k, bounded = _gain(act)
        if k is None:
            return 0.0
        w = _max_abs(W)
        z = (W.shape[1] * w * g + _max_abs(b)) * k
        fwd = max(fwd, z)
        g = 1.0 if bounded else z
        bwd *= max(1.0, W.shape[0] * w) * k
    return _TAME / fwd if fwd <= _TAME and bwd <= _TAME else 0.0


def _overflow(what: str, culprits: str = "X or the weights are") \
        -> _losses.LossOverflowError:
    return _losses.LossOverflowError(
        f"{what} too large for a float (overflow): {culprits} too large (after a "
        "divergence, start again with a smaller learning rate)")


def _backward(dA, X, W, Z, A, act, need_dX=True):
    dZ = (act._backward(Z, A, dA) if type(act).backward is _BASE_BACKWARD
          else act.backward(Z, A, dA))
    dW = dZ.T @ X
    db = _add_reduce(dZ, 0)
    dX = dZ @ W if need_dX else None
    return dX, dW, db


# --- checks ------------------------------------------------------------------------------

def _float_array(x, what: str) -> np.ndarray:
    try:
        x = np.asarray(x) if not isinstance(x, (str, bytes, dict)) else np.array(None)
    except (ValueError, TypeError):
        raise ValueError(f"{what} must be an array of numbers, got a ragged or mixed list") \
            from None
    if x.dtype != np.float64:
        if x.dtype.kind not in "biuf":
            raise ValueError(f"{what} must be an array of numbers, got dtype {x.dtype}")
        x = x.astype(np.float64)
    return x


def _check_finite(x, what: str) -> None:
    if not np.isfinite(x).all():
        raise ValueError(f"{what} must contain only finite numbers (no NaN or inf)")


def _check_param(W, b, layer: int):
    W = _float_array(W, f"weights[{layer}]")
    b = _float_array(b, f"biases[{layer}]")
    if W.ndim != 2:
        raise ValueError(
            f"weights[{layer}] must be a 2-D array of shape (n_out, n_in), got shape {W.shape}"
        )
    if b.shape != (W.shape[0],):
        raise ValueError(
            f"biases[{layer}] must have shape ({W.shape[0]},), one bias per unit of "
            f"weights[{layer}] {W.shape}, got shape {b.shape}"
        )
    _check_finite(W, f"weights[{layer}]")
    _check_finite(b, f"biases[{layer}]")
    return W, b


def _check_X(X, n_in: int, what: str = "X") -> np.ndarray:
    X = _float_array(X, what)
    if X.ndim == 1:
        X = X.reshape(1, -1)
    elif X.ndim != 2:
        raise ValueError(
            f"{what} must have shape (n_samples, {n_in}) (or be one sample of length "
            f"{n_in}), got shape {X.shape}"
        )
    if X.shape[1] != n_in:
        raise ValueError(
            f"{what} must have {n_in} columns (one per input), got shape {X.shape}"
        )
    if X.shape[0] == 0:
        raise ValueError(f"{what} must hold at least one sample, got shape {X.shape}")
    _check_finite(X, what)
    return X


def _activation(name, what: str) -> _acts.Activation:
    try:
        return _acts.get(name)
    except ValueError as err:
        raise ValueError(f"{what}: {err}") from None


def _label(act: _acts.Activation) -> str:
    """'tanh' for a default activation, its repr (e.g. 'LeakyReLU(slope=0.1)') otherwise."""
    return act.name if repr(act) == f"{type(act).__name__}()" else repr(act)


# --- one dense layer, for the lessons ----------------------------------------------------

def dense_forward(X, W, b, activation="linear"):
    """One dense layer: ``Z = X @ W.T + b``, ``A = f(Z)``. Returns ``(A, cache)``.

    X: ``(n_samples, n_in)``.  W: ``(n_out, n_in)``.  b: ``(n_out,)``.
    activation: a name from ``activations.ACTIVATIONS`` or an Activation.
    A: ``(n_samples, n_out)``. ``cache`` (a DenseCache) holds X, W, Z, A and the activation,
    everything ``dense_backward`` needs.
    """
    W, b = _check_param(W, b, 0)
    X = _float_array(X, "X")
    if X.ndim != 2 or X.shape[1] != W.shape[1]:
        raise ValueError(
            f"X must have shape (n_samples, {W.shape[1]}) to match W {W.shape}, got {X.shape}"
        )
    _check_finite(X, "X")
    act = _activation(activation, "activation")
    with np.errstate(all="ignore"):
        Z, A = _forward(X, W, b, act)
    if not (np.isfinite(Z).all() and np.isfinite(A).all()):
        raise _overflow("the layer's net input z or output a is")
    return A, DenseCache(X, W, Z, A, act)


def dense_backward(dA, cache: DenseCache):
    """Backward through one dense layer. Returns ``(dX, dW, db)``.

    dA: ∂J/∂A, shape of A ``(n_samples, n_out)``.  cache: from ``dense_forward``.
    ``dZ = dA ⊙ f'(Z)`` (δ), then ``dW = dZ.T @ X`` ``(n_out, n_in)``,
    ``db = dZ.sum(0)`` ``(n_out,)`` and ``dX = dZ @ W`` ``(n_samples, n_in)``.
    """
    if not isinstance(cache, DenseCache):
        raise ValueError(f"cache must be the DenseCache from dense_forward, got "
                         f"{type(cache).__name__}")
    dA = _float_array(dA, "dA")
    if dA.shape != cache.A.shape:
        raise ValueError(f"dA must have the shape of the layer's output A {cache.A.shape}, "
                         f"got {dA.shape}")
    _check_finite(dA, "dA")
    with np.errstate(all="ignore"):
        out = _backward(dA, cache.X, cache.W, cache.Z, cache.A, cache.activation)
    if not all(np.isfinite(a).all() for a in out):
        raise _overflow("dX, dW or db is", "dA, X or the weights are")
    return out


# --- the network -------------------------------------------------------------------------

class MLP:
    """A multilayer perceptron: dense layers one after another.

    sizes: units per layer, inputs first, e.g. ``[2, 16, 16, 1]`` (2 inputs, two hidden
    layers of 16, 1 output). activation: the hidden layers' activation.
    output_activation: the last layer's (``"linear"`` for regression or logits,
    ``"sigmoid"`` for a probability, ``"softmax"`` for class probabilities).
    seed: weights are drawn from ``np.random.default_rng(seed)``, so one seed gives one
    network. Each W is normal with mean 0 and standard deviation √(2/n_in) (He) when the
    hidden activation is ReLU-like, √(2/(n_in + n_out)) (Glorot/Xavier) otherwise; this
    keeps the signal's size about the same from layer to layer. Biases start at 0.

    ``weights[l]`` has shape ``(sizes[l+1], sizes[l])`` and ``biases[l]`` ``(sizes[l+1],)``.
    At most ``MAX_PARAMS`` weights and biases.

    Checks happen once, at the boundary: X, Y and the loss on every call; the parameters
    when they are set (``__init__``, ``from_params``, ``set_params``: change them through
    these, not by assigning to ``weights``). Setting them also works out how large X may
    be before a number of the step could overflow (``_x_limit``); inside that (always, for
    ordinary data) a step runs with no further checks, beyond it the step is guarded and
    an overflow is a ``losses.LossOverflowError``, never a warning or an inf.
    """

    def __init__(self, sizes, activation="tanh", output_activation="linear", seed=0):
        if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
            sizes = sizes.tolist()
        if (not isinstance(sizes, (list, tuple)) or len(sizes) < 2 or any(
                isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1
                for n in sizes)):
            raise ValueError(
                "sizes must be a list of at least 2 positive whole numbers (inputs, …, "
                f"outputs), e.g. [2, 16, 1], got {sizes!r}"
            )
        n_params = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
        if n_params > MAX_PARAMS:
            raise ValueError(f"sizes {sizes!r} give {n_params} weights and biases; this "
                             f"workbook's networks have at most {MAX_PARAMS:,}")
        if isinstance(seed, bool) or not (seed is None or isinstance(seed, numbers.Integral)) \
                or (seed is not None and seed < 0):
            raise ValueError(f"seed must be a whole number ≥ 0 (or None), got {seed!r}")
        hidden = _activation(activation, "activation")
        output = _activation(output_activation, "output_activation")
        sizes = [int(n) for n in sizes]
        rng = np.random.default_rng(seed)
        he = isinstance(hidden, _RELU_LIKE)
        weights, biases = [], []
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            std = np.sqrt(2.0 / n_in) if he else np.sqrt(2.0 / (n_in + n_out))
            weights.append(rng.normal(0.0, std, size=(n_out, n_in)))
            biases.append(np.zeros(n_out))
        self._set(weights, biases, [hidden] * (len(sizes) - 2) + [output])

    @classmethod
    def from_params(cls, weights, biases, activations) -> "MLP":
        """An MLP with the numbers you give it (they are copied).

        weights: list of arrays, ``weights[l]`` of shape ``(n_out, n_in)``; consecutive
        layers must chain (n_in of one = n_out of the one before).
        biases: list of arrays, ``biases[l]`` of shape ``(n_out,)``.
        activations: one name/Activation per layer, or one for every layer.
        """
        if not isinstance(weights, (list, tuple)) or not isinstance(biases, (list, tuple)):
            raise ValueError("weights and biases must be lists of arrays, one per layer")
        if len(weights) == 0 or len(weights) != len(biases):
            raise ValueError(
                f"weights and biases must be non-empty lists of the same length (one per "
                f"layer), got {len(weights)} weights and {len(biases)} biases"
            )
        if isinstance(activations, (list, tuple)):
            if len(activations) != len(weights):
                raise ValueError(
                    f"activations must name one activation per layer ({len(weights)}), "
                    f"got {len(activations)}"
                )
            acts = [_activation(a, f"activations[{i}]") for i, a in enumerate(activations)]
        else:
            acts = [_activation(activations, "activations")] * len(weights)
        weights, biases = cls._check_params(weights, biases)
        model = cls.__new__(cls)
        model._set(weights, biases, acts)
        return model

    @staticmethod
    def _check_params(weights, biases):
        """Copies of the parameters as float arrays, or a ValueError if they do not chain."""
        ws, bs = [], []
        for l, (W, b) in enumerate(zip(weights, biases)):
            W, b = _check_param(W, b, l)
            if l > 0 and W.shape[1] != ws[-1].shape[0]:
                raise ValueError(
                    f"weights[{l}] must have {ws[-1].shape[0]} columns, one per unit of the "
                    f"layer before (weights[{l - 1}] has shape {ws[-1].shape}), got shape "
                    f"{W.shape}"
                )
            ws.append(np.array(W, dtype=np.float64))
            bs.append(np.array(b, dtype=np.float64))
        return ws, bs

    def _set(self, weights, biases, acts):
        self.weights, self.biases, self.activations = weights, biases, acts
        self.sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
        self._x_limit = _x_limit(weights, biases, acts)

    def _run(self, X, tame: bool, trace: bool = False):
        """The forward pass on checked X: the output A, or (with ``trace``) the caches.
        Not ``tame``: guarded, so an overflow is a LossOverflowError, never a warning."""
        if tame:
            caches, A = [], X
            for W, b, act in zip(self.weights, self.biases, self.activations):
                Z, A_next = _forward(A, W, b, act)
                if trace:
                    caches.append(DenseCache(A, W, Z, A_next, act))
                A = A_next
            return caches if trace else A
        with np.errstate(all="ignore"):
            out = self._run(X, True, trace)
        if not all(np.isfinite(c.Z).all() and np.isfinite(c.A).all() for c in out) \
                if trace else not np.isfinite(out).all():
            raise _overflow("the network's output is")
        return out

    def _tame(self, X) -> bool:
        return _max_abs(X) <= self._x_limit

    # --- using the network ---

    def forward(self, X) -> np.ndarray:
        """The network's output for inputs X ``(n_samples, n_in)``: ``(n_samples, n_out)``.
        One sample as a 1-D array of length n_in gives a 1-D output of length n_out."""
        X = _float_array(X, "X")
        one = X.ndim == 1
        X = _check_X(X, self.sizes[0])
        A = self._run(X, self._tame(X))
        return A[0] if one else A

    __call__ = forward

    def forward_trace(self, X) -> list[DenseCache]:
        """The forward pass layer by layer: one DenseCache (X, W, Z, A, activation) per
        layer, so you can read every net input z and activation a. X: ``(n_samples, n_in)``."""
        X = _check_X(X, self.sizes[0])
        return self._run(X, self._tame(X), trace=True)

    def loss_and_grads(self, X, Y, loss="mse"):
        """The loss J on (X, Y) and its gradients: ``(J, grads_W, grads_b)``.

        X: ``(n_samples, n_in)``.  Y: targets ``(n_samples, n_out)``; ``(n_samples,)`` is
        fine for one output, or for class indices with "cce"/"softmax_ce".
        loss: a name from ``losses`` or a loss object.
        grads_W[l] = ∂J/∂W_l and grads_b[l] = ∂J/∂b_l have the shapes of the parameters.
        Backpropagation: start from ∂J/∂A of the last layer, then per layer going back
        dZ = dA ⊙ f'(Z), dW = dZ.T @ A_prev, db = dZ.sum(0), dA_prev = dZ @ W.
        """
        X, Y, loss, tame = self._prepare(X, Y, loss)
        if not tame:
            return self._guarded_step(X, Y, loss)
        # _forward and _backward written out in line: this is the training step's inner
        # loop, and for small networks Python's call overhead is a fair share of its time.
        Ws, acts = self.weights, self.activations
        A = X
        As, Zs = [X], []  # As[l] is layer l's input, As[l + 1] its output
        for W, b, act in zip(Ws, self.biases, acts):
            Z = A @ W.T
            Z += b
            A = act._forward(Z) if type(act).forward is _BASE_FORWARD else act.forward(Z)
            Zs.append(None if type(act) in _NEEDS_ONLY_A else Z)  # backward needs only a
            As.append(A)
        J, dA, safe = _loss_at(loss, Y, A)
        if not safe:  # a huge Y (or a loss of your own): redo the step guarded
            return self._guarded_step(X, Y, loss)
        L = len(Ws)
        grads_W, grads_b = [None] * L, [None] * L
        for l in range(L - 1, -1, -1):
            act = acts[l]
            dZ = (act._backward(Zs[l], As[l + 1], dA) if type(act).backward is _BASE_BACKWARD
                  else act.backward(Zs[l], As[l + 1], dA))
            grads_W[l] = dZ.T @ As[l]
            grads_b[l] = _add_reduce(dZ, 0)
            if l:  # the first layer's dX is not needed
                dA = dZ @ Ws[l]
        return J, grads_W, grads_b

    def _guarded_step(self, X, Y, loss):
        """loss_and_grads with overflow caught: for values so large that a number of the
        step could pass the float limit, or a loss of your own. An overflow (or a NaN from
        your loss) is a LossOverflowError, never a warning or an inf in the result."""
        with np.errstate(all="ignore"):
            As, Zs = [X], []
            for W, b, act in zip(self.weights, self.biases, self.activations):
                Z, A = _forward(As[-1], W, b, act)
                Zs.append(Z)
                As.append(A)
            J, dA, _ = _loss_at(loss, Y, As[-1])
            L = len(self.weights)
            grads_W, grads_b = [None] * L, [None] * L
            for l in range(L - 1, -1, -1):
                dA, grads_W[l], grads_b[l] = _backward(dA, As[l], self.weights[l], Zs[l],
                                                       As[l + 1], self.activations[l],
                                                       need_dX=l > 0)
        if not math.isfinite(J):
            raise _overflow("the loss J is")
        if not all(np.isfinite(g).all() for g in grads_W + grads_b):
            raise _overflow("a gradient ∂J/∂w or ∂J/∂b is")
        return J, grads_W, grads_b

    def loss(self, X, Y, loss="mse") -> float:
        """The loss J on (X, Y) alone (no gradients); the shapes are as in loss_and_grads."""
        X, Y, loss, tame = self._prepare(X, Y, loss)
        J = _loss_at(loss, Y, self._run(X, tame), grad=False)[0]
        if not math.isfinite(J):
            raise _overflow("the loss J is")
        return J

    def _prepare(self, X, Y, loss):
        """Checked (X, Y, loss object): X ``(N, n_in)``, Y ``(N, n_out)`` or ``(N,)``."""
        loss = _get_loss(loss)
        if type(self.activations[-1]) is _acts.Softmax and getattr(loss, "name", None) \
                == "softmax_ce":
            raise ValueError(
                "loss 'softmax_ce' takes logits (it applies softmax itself), but this "
                "network already ends in softmax: use output_activation='linear' with "
                "loss 'softmax_ce', or keep softmax and use loss 'cce'"
            )
        n_in, n_out = self.sizes[0], self.sizes[-1]
        if type(X) is np.ndarray and X.ndim == 2 and X.dtype == _F64 \
                and X.shape[1] == n_in and X.shape[0]:  # the usual case, checked quickly
            if type(Y) is np.ndarray and Y.dtype == _F64 and Y.shape == (X.shape[0], n_out):
                # Y's values are checked in _loss_at. One pass over X: NaN and inf fail
                # the comparison too, and get their message from _check_finite.
                if _within(X, self._x_limit):
                    return X, Y, loss, True
                _check_finite(X, "X")
                return X, Y, loss, False
            one = False
            _check_finite(X, "X")
        else:
            X = _float_array(X, "X")
            one = X.ndim == 1
            X = _check_X(X, n_in)
        Y = _float_array(Y, "Y") if not (type(Y) is np.ndarray and Y.dtype.kind in "biuf") \
            else Y
        if Y.dtype.kind not in "biuf":
            raise ValueError(f"Y must be an array of numbers, got dtype {Y.dtype}")
        if one and Y.ndim <= 1:  # one sample: one row of targets, or one class index
            Y = Y.reshape(1) if Y.ndim == 0 and n_out > 1 else Y.reshape(1, -1)
        elif Y.ndim == 1 and n_out == 1:
            Y = Y.reshape(-1, 1)
        if Y.ndim not in (1, 2) or Y.shape[0] != X.shape[0]:
            raise ValueError(
                f"Y must have one row per sample of X ({X.shape[0]} samples), shape "
                f"({X.shape[0]}, {n_out}), got shape {Y.shape}"
            )
        if Y.ndim == 2 and Y.shape[1] != n_out:
            raise ValueError(
                f"Y must have {n_out} columns, one per output of the network, got shape "
                f"{Y.shape}"
            )
        return X, Y, loss, self._tame(X)  # Y's values are checked in _loss_at

    # --- parameters, for optimizers ---

    def params(self):
        """Copies of the parameters: ``(weights, biases)``, two lists of arrays."""
        return [W.copy() for W in self.weights], [b.copy() for b in self.biases]

    def set_params(self, weights, biases) -> None:
        """Replace the parameters (copied in); every array must keep its shape."""
        if not isinstance(weights, (list, tuple)) or not isinstance(biases, (list, tuple)) \
                or len(weights) != len(self.weights) or len(biases) != len(self.biases):
            raise ValueError(f"weights and biases must be lists of {len(self.weights)} "
                             "arrays, one per layer")
        ws, bs = self._check_params(weights, biases)
        for l, (W, b) in enumerate(zip(ws, bs)):
            if W.shape != self.weights[l].shape:
                raise ValueError(f"weights[{l}] must have shape {self.weights[l].shape}, "
                                 f"got {W.shape}")
        self.weights, self.biases = ws, bs

    @property
    def n_params(self) -> int:
        """How many numbers the network learns: every weight and every bias."""
        return sum(W.size + b.size for W, b in zip(self.weights, self.biases))

    def __repr__(self) -> str:
        hidden = [_label(a) for a in self.activations[:-1]]
        output = _label(self.activations[-1])
        if not hidden:
            return f"MLP({self.sizes}, output={output!r})"
        act = hidden[0] if len(set(hidden)) == 1 else hidden
        return f"MLP({self.sizes}, activation={act!r}, output={output!r})"


_LOSS_CACHE: dict = {}


def _loss_at(loss, Y, A, grad=True):
    """``(J, ∂J/∂A, safe)`` (or ``(J, None, False)``) for targets Y and the network's
    output A; ``safe``: the loss saw no value big enough for the backward pass to overflow
    (always False for a loss of your own).

    The loss checks Y and A once (shapes, finite values, ranges, class indices); its
    complaint is reworded to say which array is which.
    """
    try:
        if isinstance(loss, _losses.Loss):
            if grad:
                return loss._value_grad_safe(Y, A)
            return loss.value(Y, A), None, False
        return float(loss.value(Y, A)), (loss.grad(Y, A) if grad else None), False
    except _losses.LossOverflowError:
        raise _overflow("the loss J is", "X, Y or the weights are") from None
    except ValueError as err:
        if not np.isfinite(A).all():  # X and the weights are finite: A overflowed
            raise _losses.LossOverflowError(
                "the network's output is not finite: its weights may have blown up (try a "
                "smaller learning rate)") from None
        raise ValueError(f"Y does not suit loss {getattr(loss, 'name', loss)!r} (y_true is "
                         f"your Y, y_pred the network's output): {err}") from None


def _get_loss(loss):
    """The loss object for ``loss``: a name from ``losses.LOSSES`` (built once, then
    reused), a ``losses.Loss``, or any object with ``value(y_true, y_pred)`` and
    ``grad(y_true, y_pred)`` methods."""
    if isinstance(loss, str):
        obj = _LOSS_CACHE.get(loss)
        if obj is None:
            try:
                obj = _LOSS_CACHE[loss] = _losses.get(loss)
            except ValueError as err:
                raise ValueError(f"loss: {err}") from None
        return obj
    if callable(getattr(loss, "value", None)) and callable(getattr(loss, "grad", None)):
        return loss
    raise ValueError(
        f"loss must be a name ({', '.join(_losses.LOSSES)}) or a loss object with value "
        f"and grad methods, got {loss!r}"
    )


def layer_gradient_norms(model: MLP, X, Y, loss="mse") -> np.ndarray:
    """The size of each layer's weight gradient: ‖∂J/∂W_l‖ for l = 1 … L, shape ``(L,)``.

    ‖∂J/∂W_l‖ = √(Σ_jk (∂J/∂w_jk)²), the Frobenius norm of ``grads_W[l]`` from
    ``model.loss_and_grads(X, Y, loss)`` (X ``(n_samples, n_in)``, Y and loss as there).
    Entry 0 is the layer next to the input, the last entry the output layer. In a deep
    sigmoid network the entries fall layer by layer going back towards the input: each
    layer multiplies the error term δ by f'(z) ≤ 0.25 (the vanishing gradient).
    """
    if not isinstance(model, MLP):
        raise ValueError(f"model must be an MLP, got {type(model).__name__}")
    grads_W = model.loss_and_grads(X, Y, loss)[1]
    return np.array([np.linalg.norm(g) for g in grads_W])


def gradient_check(model: MLP, X, Y, loss="mse", h: float = 1e-6) -> float:
    """The largest relative error between ``model.loss_and_grads`` and central differences.

    Every weight and bias is nudged by ±h in turn: ∂J/∂θ ≈ (J(θ + h) − J(θ − h)) / 2h.
    About 1e-7 or less: the backward pass is right; 1e-3 or more: it is wrong.
    X, Y, loss: as in ``loss_and_grads``. The model's parameters are the same afterwards.

    Central differences are only accurate to about 1e-16·|J|/h (rounding), so an entry far
    smaller than that cannot be checked relatively: ``rel_error``'s floor is
    1e-9·max(1, |J|)/h (1e-3·max(1, |J|) for h = 1e-6), which compares such entries in
    absolute terms instead.
    """
    if not isinstance(model, MLP):
        raise ValueError(f"model must be an MLP, got {type(model).__name__}")
    if not (isinstance(h, (int, float)) and not isinstance(h, bool) and 0 < h < 1):
        raise ValueError(f"step h must be a small positive number such as 1e-6, got {h!r}")
    J0, grads_W, grads_b = model.loss_and_grads(X, Y, loss)
    floor = 1e-9 * max(1.0, abs(J0)) / h
    X, Y, loss, _ = model._prepare(X, Y, loss)
    weights, biases = model.weights, model.biases
    saved_W, saved_b = list(weights), list(biases)
    worst = 0.0
    try:
        for params, grads in ((weights, grads_W), (biases, grads_b)):
            for l in range(len(params)):

                def J(theta, params=params, l=l):
                    params[l] = theta  # numerical_gradient nudges its own copy, theta
                    A = X
                    with np.errstate(all="ignore"):
                        for W, b, act in zip(weights, biases, model.activations):
                            A = _forward(A, W, b, act)[1]
                    J = _loss_at(loss, Y, A, grad=False)[0]
                    if not math.isfinite(J):
                        raise _overflow("the loss J (at θ ± h) is")
                    return J

                original = params[l]
                numeric = numerical_gradient(J, original, h)
                params[l] = original
                worst = max(worst, rel_error(grads[l], numeric, floor))
    finally:
        weights[:], biases[:] = saved_W, saved_b
    return worst
