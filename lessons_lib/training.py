"""The training loop: one ``train`` for every optimizer and every batch size.

Each update is the loop of the lessons: pick a batch, forward pass, loss J, backward pass
(backpropagation gives ∇J), then the optimizer's step θ ← θ − α∇J (or its cleverer
cousins). The batch size B decides what kind of gradient descent you get:

* ``batch_size=None`` — batch gradient descent: all N samples, 1 update per epoch;
* ``batch_size=1`` — stochastic gradient descent (SGD): N updates per epoch;
* ``1 < batch_size < N`` — mini-batch: ⌈N/B⌉ updates per epoch, the last batch smaller
  when B does not divide N.

An epoch is one pass over all N samples. A run can be trained in pieces: ``train(...,
history=h)`` continues the run ``h`` (its updates, epochs and random batch order go on where
they stopped), so several short calls give exactly the History of one long call; a live plot
can redraw between them. ``new_history`` starts a run before its first update.
Pure numpy: no plotting here.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .losses import LossOverflowError

__all__ = ["History", "Progress", "train", "new_history", "PATH_MAX_PARAMS", "MAX_LOSS"]

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
    n_samples: N.
    diverged_at: the update t at which training blew up, or None. Either the batch loss of
        update t was not finite or above ``max_loss``, or its new θ_t was not finite (or, at
        the end of an epoch, the loss on all N samples at θ_{t−1} was): then nothing of
        update t is kept, the history holds updates 1 … t−1 and the model keeps θ_{t−1}.
        Or (only with ``train(..., diverge_above=k)``) update t ended an epoch after which
        J on all N samples was above k × ``epoch_losses[0]``: then update t and that
        epoch's loss are kept (θ_t is finite, just far worse than the start).
    stopped_early: True when your callback returned False.
    final_loss: J on all N samples at the parameters the model ends with (after a
        divergence this can be huge, or inf).
    seed: the seed of the run's random batch order (``np.random.default_rng(seed)``, drawn
        from epoch after epoch, also across calls that continue the run).
    """

    batch_size: int
    updates_per_epoch: int
    n_samples: int
    diverged_at: int | None = None
    stopped_early: bool = False
    final_loss: float = math.nan
    seed: int = 0
    _update_losses: list = field(default_factory=list, init=False, repr=False)
    _epoch_losses: list = field(default_factory=list, init=False, repr=False)
    _params: list | None = field(default=None, init=False, repr=False)
    _rng: np.random.Generator | None = field(default=None, init=False, repr=False)

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

def _whole(value, name: str, maximum: int = 1_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) \
            or not 1 <= value <= maximum:
        raise ValueError(f"{name} must be a whole number ≥ 1 (at most {maximum:,}), got "
                         f"{value!r}")
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
        X = np.asarray(X) if not isinstance(X, (str, bytes)) else None
        X = X.astype(float) if X is not None and X.dtype.kind in "biuf" else None
    except (TypeError, ValueError):
        X = None
    if X is None:
        raise ValueError("X must be an array of numbers, shape (n_samples, n_in)")
    if X.ndim != 2 or X.shape[0] == 0:
        raise ValueError(
            f"X must have shape (n_samples, n_in) with at least one sample, got {X.shape}"
        )
    try:
        Y = np.asarray(Y)
    except (TypeError, ValueError):  # a ragged list
        raise ValueError("Y must be an array of numbers, one row per row of X") from None
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
    divergence, not bad input, when the model's own output on X is no longer finite, or
    when a number passed the float limit (a ``losses.LossOverflowError``).
    """
    with _quiet():
        try:
            return model.loss_and_grads(X, Y, loss)
        except LossOverflowError:  # J, the output or a gradient passed the float limit
            return None
        except ValueError:
            forward = getattr(model, "forward", None)
            try:
                if forward is not None and not np.all(np.isfinite(forward(X))):
                    return None
            except LossOverflowError:
                return None
            raise


def _bad(J: float, max_loss: float) -> bool:
    return not (np.isfinite(J) and J <= max_loss)


def _flat(weights, biases) -> np.ndarray:
    return np.concatenate([np.ravel(p) for p in list(weights) + list(biases)])


def _batch_size(batch_size, n: int) -> int:
    if batch_size is None:
        return n
    if (isinstance(batch_size, bool) or not isinstance(batch_size, numbers.Integral)
            or not 1 <= batch_size <= n):
        raise ValueError(
            f"batch_size must be None (all N = {n} samples) or a whole number from 1 to "
            f"{n}, got {batch_size!r}"
        )
    return int(batch_size)


def _check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}")
    return int(seed)


def _start(model, X, Y, loss, B: int, seed: int) -> History:
    """A run before its first update: the loss on all N samples at θ₀ (which also checks
    X, Y and the loss name: a ValueError if wrong), θ₀ for small models, the seeded order."""
    n = X.shape[0]
    history = History(batch_size=B, updates_per_epoch=math.ceil(n / B), n_samples=n,
                      seed=seed)
    weights, biases = model.params()
    if _flat(weights, biases).size <= PATH_MAX_PARAMS:
        history._params = [_flat(weights, biases)]
    with _quiet():
        start = float(model.loss_and_grads(X, Y, loss)[0])
    history._epoch_losses.append(start)
    history.final_loss = start
    history._rng = np.random.default_rng(seed)
    return history


def new_history(model, X, Y, *, loss, batch_size: int | None = None, seed: int = 0) -> History:
    """A run that has not made an update yet, to train in pieces with ``train(...,
    history=...)``: ``epoch_losses`` holds J on all N samples at the model's θ₀ and
    ``final_loss`` the same. The arguments mean what they mean for ``train``; pass the same
    ``batch_size`` and ``seed`` to every ``train`` call that continues it."""
    _check_model(model)
    X, Y = _check_data(X, Y)
    return _start(model, X, Y, loss, _batch_size(batch_size, X.shape[0]), _check_seed(seed))


def _check_continuation(history, model, X, Y, loss, B: int, seed: int) -> None:
    """A ValueError unless ``train`` can continue ``history`` with these arguments."""
    if not isinstance(history, History) or history._rng is None:
        raise ValueError("history must be a History from train() or new_history() (or "
                         f"None to start a new run), got {history!r}")
    if history.diverged:
        raise ValueError(f"this run diverged at update {history.diverged_at}: it cannot be "
                         "continued; start a new run (history=None)")
    if history.stopped_early:
        raise ValueError("your callback stopped this run: it cannot be continued; start a "
                         "new run (history=None)")
    n = X.shape[0]
    if history.n_samples != n:
        raise ValueError(f"X has {n} samples, but the history was trained on "
                         f"N = {history.n_samples}: continue it on the same data")
    if history.batch_size != B:
        raise ValueError(f"batch_size must be the history's B = {history.batch_size} to "
                         f"continue it, got {B if B < n else f'None (all N = {n})'}")
    if history.seed != seed:
        raise ValueError(f"seed must be the history's seed {history.seed} to continue its "
                         f"random batch order, got {seed}")
    with _quiet():
        J = float(model.loss_and_grads(X, Y, loss)[0])
    last = history._epoch_losses[-1]
    if not math.isclose(J, last, rel_tol=1e-9, abs_tol=1e-12):
        raise ValueError(f"the model and data do not continue this history: J on all N "
                         f"samples is {J:.6g} now, but the history ended at {last:.6g}; "
                         "pass the model it trained, the same X, Y and loss")


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
    history: History | None = None,
    diverge_above: float | None = None,
) -> History:
    """Train ``model`` on (X, Y) with ``optimizer`` for ``epochs`` passes over the data.

    model: has ``loss_and_grads(X, Y, loss) -> (J, grads_W, grads_b)``, ``params()`` and
        ``set_params(weights, biases)`` (an ``nn.MLP``). It is changed in place.
    X: inputs ``(N, n_in)``.  Y: targets ``(N, n_out)``, or ``(N,)`` (e.g. class numbers).
    loss: a loss name ("mse", "bce", "softmax_ce", …) or loss object.
    optimizer: has ``step(params, grads) -> params`` on lists of arrays (``GD(lr)``, …);
        its ``reset()`` is called once at the start of a run, so a second ``train``
        starts afresh (but not when continuing a history: pass the same optimizer, and a
        momentum or Adam keeps its state).
    epochs: passes over all N samples (in this call).  batch_size: B (None means all N:
        batch GD).
    shuffle: take the samples in a new random order every epoch, drawn from
        ``np.random.default_rng(seed)`` (same seed, same order); False takes batches in
        order: rows 0…B−1, then B…2B−1, …. With B = N there is nothing to shuffle.
    callback: called as ``callback(progress)`` after every update (a ``Progress``); if it
        returns False, training stops there.
    max_loss: a batch loss above this (or NaN/inf) is a divergence: training stops and
        ``History.diverged_at`` says at which update. No warning escapes.
    history: None starts a new run. A ``History`` from an earlier ``train`` (or from
        ``new_history``) continues that run: its lists grow, update t and the epoch go on
        counting, the batch order goes on drawing from the same random stream, and the
        History is returned. Then ``model`` must be the model it trained, as it was left,
        with the same X, Y, loss, ``batch_size`` and ``seed``; a run that diverged or that
        your callback stopped cannot be continued. Training k₁ epochs, then k₂ more this
        way gives exactly the History of one call with k₁ + k₂ epochs.
    diverge_above: None, or a factor k > 1: training also stops as diverged when J on all
        N samples, measured after each epoch, is above k × its value at the start of the
        run (``epoch_losses[0]``); ``diverged_at`` is the update that ended that epoch.
        Use it when the loss cannot overflow but still runs away (e.g. cross-entropy with
        a clipped probability, behind saturated tanh units).

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
    B = _batch_size(batch_size, n)
    if not isinstance(shuffle, (bool, np.bool_)):
        raise ValueError(f"shuffle must be True or False, got {shuffle!r}")
    seed = _check_seed(seed)
    if callback is not None and not callable(callback):
        raise ValueError(f"callback must be a function of one Progress (or None), got "
                         f"{callback!r}")
    if (isinstance(max_loss, bool) or not isinstance(max_loss, numbers.Real)
            or not max_loss > 0):
        raise ValueError(f"max_loss must be a positive number, got {max_loss!r}")
    if diverge_above is not None and (
            isinstance(diverge_above, bool) or not isinstance(diverge_above, numbers.Real)
            or not 1 < diverge_above < 1e300):
        raise ValueError(f"diverge_above must be None or a factor > 1 of the starting loss "
                         f"(e.g. 3), got {diverge_above!r}")

    if history is None:
        history = _start(model, X, Y, loss, B, seed)
    else:
        _check_continuation(history, model, X, Y, loss, B, seed)
    if history.n_updates == 0 and hasattr(optimizer, "reset"):
        optimizer.reset()
    weights, biases = model.params()
    k = len(weights)
    limit = None if diverge_above is None else diverge_above * history._epoch_losses[0]
    rng = history._rng

    t = history.n_updates
    stop = False
    first_epoch = history.epochs_done + 1
    for epoch in range(first_epoch, first_epoch + epochs):
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
            try:
                with _quiet():
                    new = optimizer.step(list(weights) + list(biases),
                                         list(grads_W) + list(grads_b))
            except LossOverflowError:  # the step itself overflowed: a divergence
                history.diverged_at = t
                stop = True
                break
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

            epoch_done = recorded = first + B >= n
            if epoch_done:
                full = _loss_and_grads(model, X, Y, loss)
                if full is None or _bad(full[0], max_loss):
                    history.diverged_at = t + 1
                    stop, recorded = True, False
                else:
                    history._epoch_losses.append(float(full[0]))
                    if limit is not None and full[0] > limit:
                        history.diverged_at = t
                        stop = True
            if callback is not None:
                progress = Progress(epoch, t, float(J), recorded, model, history)
                if callback(progress) is False and not stop:
                    history.stopped_early = True
                    stop = True
            if stop:
                break
        if stop:
            break

    if history.epochs_done == first_epoch - 1 + epochs:
        history.final_loss = history._epoch_losses[-1]
    else:
        full = _loss_and_grads(model, X, Y, loss)
        history.final_loss = math.inf if full is None else float(full[0])
    return history
