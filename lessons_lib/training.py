"""The training loop: one ``train`` for every optimizer and every batch size.

Each update is the loop of the lessons: pick a batch, forward pass, loss J, backward pass
(backpropagation gives ∇J), then the optimizer's step θ ← θ − α∇J (or its cleverer
cousins). The batch size B decides what kind of gradient descent you get:

* ``batch_size=None`` — batch gradient descent: all N samples, 1 update per epoch;
* ``batch_size=1`` — stochastic gradient descent (SGD): N updates per epoch;
* ``1 < batch_size < N`` — mini-batch: ⌈N/B⌉ updates per epoch, the last batch smaller
  when B does not divide N.

An epoch is one pass over all N samples. Pure numpy: no plotting here.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

__all__ = ["History", "Progress", "train", "PATH_MAX_PARAMS", "MAX_LOSS"]

#: ``History.params_path`` is kept only for models with at most this many parameters.
PATH_MAX_PARAMS = 10

#: Default bound: a loss above this counts as divergence.
MAX_LOSS = 1e12


@dataclass(eq=False)
class History:
    """What happened while training. Update t (t = 1, 2, …) moves θ_{t−1} to θ_t.

    update_losses ``(n_updates,)``: entry t−1 is the batch loss of update t, computed in
        that update's forward pass, so at θ_{t−1} and on that update's batch only.
    epoch_losses ``(epochs_done + 1,)``: the loss J on all N samples: entry 0 at the start,
        entry k after epoch k.
    params_path ``(n_updates + 1, n_params)`` or None: θ₀, θ₁, … as flat vectors, all the
        weights (each flattened row by row) then all the biases, layer by layer. For a
        1-input, 1-output linear model that is (slope, intercept). Kept only when the model
        has at most ``PATH_MAX_PARAMS`` parameters, to keep memory small; else None.
    batch_size: the B used (N for batch gradient descent).
    updates_per_epoch: ⌈N/B⌉.
    diverged_at: the update t at which training blew up, or None. The batch loss of update
        t was not finite or above ``max_loss``, or its new θ_t was not finite (or, at the
        end of an epoch, the loss on all N samples at θ_{t−1} was). Nothing of update t is
        kept: the history holds updates 1 … t−1 and the model keeps θ_{t−1}.
    stopped_early: True when your callback returned False.
    final_loss: J on all N samples at the parameters the model ends with (after a
        divergence this can be huge, or inf).
    """

    batch_size: int
    updates_per_epoch: int
    n_samples: int
    diverged_at: int | None = None
    stopped_early: bool = False
    final_loss: float = math.nan
    _update_losses: list = field(default_factory=list, init=False, repr=False)
    _epoch_losses: list = field(default_factory=list, init=False, repr=False)
    _params: list | None = field(default=None, init=False, repr=False)

    @property
    def update_losses(self) -> np.ndarray:
        return np.array(self._update_losses, dtype=float)

    @property
    def epoch_losses(self) -> np.ndarray:
        return np.array(self._epoch_losses, dtype=float)

    @property
    def params_path(self) -> np.ndarray | None:
        return None if self._params is None else np.array(self._params, dtype=float)

    @property
    def n_updates(self) -> int:
        """How many updates were made (and kept)."""
        return len(self._update_losses)

    @property
    def epochs_done(self) -> int:
        """How many whole epochs were finished."""
        return max(len(self._epoch_losses) - 1, 0)

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None

    def __repr__(self) -> str:
        end = f", diverged at update {self.diverged_at}" if self.diverged else ""
        if self.stopped_early:
            end += ", stopped early"
        return (f"History({self.n_updates} updates, {self.epochs_done} epochs of "
                f"{self.updates_per_epoch} updates, B={self.batch_size}, "
                f"final J={self.final_loss:.4g}{end})")


@dataclass
class Progress:
    """What your callback receives after every update.

    epoch: the epoch this update belongs to (1, 2, …).  update: its number t (1, 2, …).
    batch_loss: its batch loss (at θ_{t−1}).  epoch_done: True if it finished an epoch
    (then ``history.epoch_losses`` already holds that epoch's loss).
    model: the model, now at θ_t.  history: the History so far.
    """

    epoch: int
    update: int
    batch_loss: float
    epoch_done: bool
    model: object
    history: History


# --- checking arguments -------------------------------------------------------------

def _whole(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a whole number ≥ 1, got {value!r}")
    return int(value)


def _check_model(model) -> None:
    for method in ("loss_and_grads", "params", "set_params"):
        if not callable(getattr(model, method, None)):
            raise ValueError(
                "model must have loss_and_grads(X, Y, loss), params() and "
                f"set_params(weights, biases), like an nn.MLP; {model!r} has no {method}"
            )


def _check_data(X, Y):
    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("X must be an array of numbers, shape (n_samples, n_in)") from None
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(
            f"X must have shape (n_samples, n_in) with at least one sample, got {X.shape}"
        )
    Y = np.asarray(Y)
    if Y.ndim not in (1, 2) or Y.shape[0] != X.shape[0]:
        raise ValueError(
            f"Y must have one row per row of X ({X.shape[0]} samples), got shape {Y.shape}"
        )
    return X, Y


# --- one update, guarded -------------------------------------------------------------

def _quiet():
    """Overflow and invalid values become a divergence to report, not warnings."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore")


def _loss_and_grads(model, X, Y, loss):
    """model.loss_and_grads, or None when the forward pass overflowed (a divergence).

    The losses refuse predictions that are NaN or inf with a ValueError; that is a
    divergence, not bad input, when the model's own output on X is no longer finite.
    """
    with _quiet():
        try:
            return model.loss_and_grads(X, Y, loss)
        except ValueError:
            forward = getattr(model, "forward", None)
            if forward is not None and not np.all(np.isfinite(forward(X))):
                return None
            raise


def _bad(J: float, max_loss: float) -> bool:
    return not (np.isfinite(J) and J <= max_loss)


def _flat(weights, biases) -> np.ndarray:
    return np.concatenate([np.ravel(p) for p in list(weights) + list(biases)])


def train(
    model,
    X,
    Y,
    *,
    loss,
    optimizer,
    epochs: int,
    batch_size: int | None = None,
    shuffle: bool = True,
    seed: int = 0,
    callback: Callable[[Progress], bool | None] | None = None,
    max_loss: float = MAX_LOSS,
) -> History:
    """Train ``model`` on (X, Y) with ``optimizer`` for ``epochs`` passes over the data.

    model: has ``loss_and_grads(X, Y, loss) -> (J, grads_W, grads_b)``, ``params()`` and
        ``set_params(weights, biases)`` (an ``nn.MLP``). It is changed in place.
    X: inputs ``(N, n_in)``.  Y: targets ``(N, n_out)``, or ``(N,)`` (e.g. class numbers).
    loss: a loss name ("mse", "bce", "softmax_ce", …) or loss object.
    optimizer: has ``step(params, grads) -> params`` on lists of arrays (``GD(lr)``, …);
        its ``reset()`` is called once at the start, so a second ``train`` starts afresh.
    epochs: passes over all N samples.  batch_size: B (None means all N: batch GD).
    shuffle: take the samples in a new random order every epoch, drawn from
        ``np.random.default_rng(seed)`` (same seed, same order); False takes batches in
        order: rows 0…B−1, then B…2B−1, …. With B = N there is nothing to shuffle.
    callback: called as ``callback(progress)`` after every update (a ``Progress``); if it
        returns False, training stops there.
    max_loss: a batch loss above this (or NaN/inf) is a divergence: training stops and
        ``History.diverged_at`` says at which update. No warning escapes.

    Each update t: J, ∇J = loss_and_grads(batch) at θ_{t−1}; θ_t = optimizer.step(θ_{t−1}, ∇J),
    with θ the list weights + biases. Returns a ``History``.
    """
    _check_model(model)
    if not callable(getattr(optimizer, "step", None)):
        raise ValueError(
            f"optimizer must have a step(params, grads) method, e.g. GD(0.1), got {optimizer!r}"
        )
    epochs = _whole(epochs, "epochs")
    X, Y = _check_data(X, Y)
    n = X.shape[0]
    if batch_size is None:
        B = n
    elif (isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral)
          or not 1 <= batch_size <= n):
        raise ValueError(
            f"batch_size must be None (all N = {n} samples) or a whole number from 1 to "
            f"{n}, got {batch_size!r}"
        )
    else:
        B = int(batch_size)
    if not isinstance(shuffle, (bool, np.bool_)):
        raise ValueError(f"shuffle must be True or False, got {shuffle!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}")
    if callback is not None and not callable(callback):
        raise ValueError(f"callback must be a function of one Progress (or None), got "
                         f"{callback!r}")
    if (isinstance(max_loss, bool) or not isinstance(max_loss, numbers.Real)
            or not max_loss > 0):
        raise ValueError(f"max_loss must be a positive number, got {max_loss!r}")

    per_epoch = math.ceil(n / B)
    history = History(batch_size=B, updates_per_epoch=per_epoch, n_samples=n)
    weights, biases = model.params()
    k = len(weights)
    if _flat(weights, biases).size <= PATH_MAX_PARAMS:
        history._params = [_flat(weights, biases)]

    # The loss at the start also checks X, Y and the loss name (a ValueError if wrong).
    with _quiet():
        start = float(model.loss_and_grads(X, Y, loss)[0])
    history._epoch_losses.append(start)
    history.final_loss = start
    if hasattr(optimizer, "reset"):
        optimizer.reset()
    rng = np.random.default_rng(seed)

    t = 0
    stop = False
    for epoch in range(1, epochs + 1):
        order = rng.permutation(n) if shuffle and B < n else np.arange(n)
        for first in range(0, n, B):
            t += 1
            rows = order[first:first + B]
            out = _loss_and_grads(model, X[rows], Y[rows], loss)
            if out is None or _bad(out[0], max_loss):
                history.diverged_at = t
                stop = True
                break
            J, grads_W, grads_b = out
            with _quiet():
                new = optimizer.step(list(weights) + list(biases),
                                     list(grads_W) + list(grads_b))
            if len(new) != 2 * k:
                raise ValueError(f"optimizer.step must return a list of {2 * k} arrays "
                                 f"(weights then biases), got {len(new)}")
            if not all(np.all(np.isfinite(p)) for p in new):
                history.diverged_at = t
                stop = True
                break
            weights, biases = list(new[:k]), list(new[k:])
            model.set_params(weights, biases)
            history._update_losses.append(float(J))
            if history._params is not None:
                history._params.append(_flat(weights, biases))

            epoch_done = first + B >= n
            if epoch_done:
                full = _loss_and_grads(model, X, Y, loss)
                if full is None or _bad(full[0], max_loss):
                    history.diverged_at = t + 1
                    stop = True
                else:
                    history._epoch_losses.append(float(full[0]))
            if callback is not None:
                progress = Progress(epoch, t, float(J), epoch_done and not stop, model,
                                    history)
                if callback(progress) is False and not stop:
                    history.stopped_early = True
                    stop = True
            if stop:
                break
        if stop:
            break

    if history.epochs_done == epochs:
        history.final_loss = history._epoch_losses[-1]
    else:
        full = _loss_and_grads(model, X, Y, loss)
        history.final_loss = math.inf if full is None else float(full[0])
    return history
