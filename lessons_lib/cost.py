"""What all the gradients cost: finite differences against one backward pass.

To get ∂J/∂θ for every one of the P parameters of an MLP you can nudge each parameter up
and down and run the network again (central differences): 2P forward passes, each costing
about P multiply-adds, so about 2P² in all. Or you can run one forward pass and one
backward pass (backpropagation, the chain rule applied layer by layer, reusing each
layer's ∂J/∂a for the layer before): about 3P. The counts are exact for the dense layers
of ``nn.MLP``; ``time_gradients`` measures the real thing to show they are right.

Pure numpy (and ``nn``, ``gradcheck``); no plotting here.
"""

from __future__ import annotations

import numbers
import time
from dataclasses import dataclass

import numpy as np

from .gradcheck import numerical_gradient, rel_error
from .nn import MLP

__all__ = ["param_count", "forward_madds", "backward_madds", "GradientCost",
           "gradient_costs", "widening_mlps", "GradientTiming", "time_gradients"]


def _check_sizes(sizes, what: str = "sizes") -> list[int]:
    if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
        sizes = sizes.tolist()
    if (not isinstance(sizes, (list, tuple)) or len(sizes) < 2 or any(
            isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1
            for n in sizes)):
        raise ValueError(f"{what} must be a list of at least 2 positive whole numbers "
                         f"(inputs, …, outputs), e.g. [2, 16, 1], got {sizes!r}")
    return [int(n) for n in sizes]


def _check_samples(n_samples) -> int:
    if isinstance(n_samples, bool) or not isinstance(n_samples, numbers.Integral) \
            or n_samples < 1:
        raise ValueError(f"n_samples must be a positive whole number, got {n_samples!r}")
    return int(n_samples)


#: ``time_gradients`` refuses networks with more parameters (2P forward passes each).
MAX_TIMED_PARAMS = 10_000


def _layers(sizes):
    return list(zip(sizes[:-1], sizes[1:]))


def param_count(sizes) -> int:
    """P, the number of weights and biases of an MLP with these layer ``sizes``:
    Σ over layers of n_in·n_out (W) + n_out (b). E.g. [2, 3, 1] → 9 + 4 = 13."""
    return sum(n_in * n_out + n_out for n_in, n_out in _layers(_check_sizes(sizes)))


def forward_madds(sizes, n_samples: int = 1) -> int:
    """Multiply-adds of one forward pass, ``Z = X @ W.T + b`` per layer: n_in·n_out for W
    and n_out for b, per sample. That is exactly P per sample. (Activations f(z) and the
    loss are left out: one operation per unit, far fewer than the weights.)"""
    return _check_samples(n_samples) * param_count(sizes)


def backward_madds(sizes, n_samples: int = 1) -> int:
    """Multiply-adds of one backward pass (``nn``'s backprop), per layer from the last:
    δ = ∂J/∂a ⊙ f'(z) (n_out), ∂J/∂W = δᵀ·A_prev (n_in·n_out), ∂J/∂b = Σδ (n_out) and,
    except for the first layer, ∂J/∂A_prev = δ·W (n_in·n_out); times ``n_samples``.
    About 2P per sample (a little less: the inputs' ∂J/∂X is not needed), so a forward
    and a backward pass together cost about 3P."""
    sizes, n = _check_sizes(sizes), _check_samples(n_samples)
    total = 0
    for l, (n_in, n_out) in enumerate(_layers(sizes)):
        total += n_out + n_in * n_out + n_out + (n_in * n_out if l > 0 else 0)
    return n * total


@dataclass(frozen=True)
class GradientCost:
    """Multiply-adds for all P gradients of one MLP.

    ``forward``: one forward pass. ``backward``: one backward pass. ``backprop``: forward
    + backward, what backpropagation costs. ``finite_diff``: central differences, two
    forward passes per parameter, 2P · forward. ``ratio``: finite_diff / backprop.
    """

    sizes: tuple
    params: int
    forward: int
    backward: int
    finite_diff: int

    @property
    def backprop(self) -> int:
        return self.forward + self.backward

    @property
    def ratio(self) -> float:
        return self.finite_diff / self.backprop


def gradient_costs(sizes, n_samples: int = 1) -> GradientCost:
    """The counted cost of every ∂J/∂θ for an MLP with layer ``sizes`` (e.g. [2, 16, 1])
    on ``n_samples`` samples, both ways: see ``GradientCost``."""
    sizes = _check_sizes(sizes)
    P, fwd = param_count(sizes), forward_madds(sizes, n_samples)
    return GradientCost(tuple(sizes), P, fwd, backward_madds(sizes, n_samples), 2 * P * fwd)


def widening_mlps(widths, depth: int = 2, n_in: int = 2, n_out: int = 1) -> list[list[int]]:
    """Layer sizes of MLPs that grow wider: ``[n_in, w, …, w, n_out]`` with ``depth``
    hidden layers of width w, for each w in ``widths``."""
    if isinstance(depth, bool) or not isinstance(depth, numbers.Integral) \
            or not 1 <= depth <= 1000:
        raise ValueError(f"depth must be a whole number from 1 to 1000, got {depth!r}")
    for name, n in (("n_in", n_in), ("n_out", n_out)):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"{name} must be a positive whole number, got {n!r}")
    try:
        widths = list(widths) if not isinstance(widths, (str, bytes, dict)) else None
    except TypeError:
        widths = None
    if not widths:
        raise ValueError(f"widths must be a list of at least one width, got {widths!r}")
    return [_check_sizes([n_in, *[w] * depth, n_out], "widths") for w in widths]


@dataclass(frozen=True)
class GradientTiming:
    """Measured seconds for one MLP: one ``forward_s`` pass (``model.loss``), every
    gradient by ``backprop_s`` (``model.loss_and_grads``) and by ``finite_diff_s``
    (``gradcheck.numerical_gradient`` over all P parameters). ``forward_calls``: the
    forward passes finite differences ran (2P). ``rel_error``: the largest relative error
    between the two gradients. ``counted``: the ``GradientCost`` of the same network."""

    sizes: tuple
    params: int
    forward_s: float
    backprop_s: float
    finite_diff_s: float
    forward_calls: int
    rel_error: float
    counted: GradientCost


def _median_time(f, repeats: int) -> float:
    """The median CPU time of ``repeats`` runs of f(), in seconds (a typical run, as the
    finite differences' total is a sum of typical forward passes). CPU time, not the
    clock: on a busy machine the clock also counts the time other programs had."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        f()
        times.append(time.process_time() - start)
    return float(np.median(times))


def time_gradients(sizes, n_samples: int = 16, repeats: int = 20, seed: int = 0):
    """Time every ∂J/∂θ of ``nn.MLP(sizes)`` (tanh hidden layers, MSE loss, random data
    of ``n_samples`` rows, all seeded) by backprop and by central finite differences.

    Times are CPU seconds of this process (``time.process_time``), so other programs on a
    busy machine do not inflate them. The forward pass and backprop are timed
    ``repeats`` times (the median counts); finite differences, which take 2P forward
    passes, once.
    ``rel_error`` uses the floor of ``nn.gradient_check``. Returns a ``GradientTiming``.
    """
    sizes, n = _check_sizes(sizes), _check_samples(n_samples)
    if param_count(sizes) > MAX_TIMED_PARAMS:
        raise ValueError(f"sizes {sizes} give {param_count(sizes):,} parameters: finite "
                         f"differences over more than {MAX_TIMED_PARAMS:,} take too long")
    if n > 10_000:
        raise ValueError(f"n_samples must be at most 10,000 here, got {n_samples!r}")
    if isinstance(repeats, bool) or not isinstance(repeats, numbers.Integral) \
            or not 1 <= repeats <= 1000:
        raise ValueError(f"repeats must be a whole number from 1 to 1000, got {repeats!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}")
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(n, sizes[0])), rng.normal(size=(n, sizes[-1]))
    model = MLP(sizes, seed=seed)
    weights, biases = model.params()
    shapes = [a.shape for a in [*weights, *biases]]
    ends = np.cumsum([int(np.prod(s)) for s in shapes])
    theta = np.concatenate([a.ravel() for a in [*weights, *biases]])
    calls = [0]

    def J(flat):  # the loss with every parameter taken from one flat vector
        calls[0] += 1
        parts = [p.reshape(s) for p, s in zip(np.split(flat, ends[:-1]), shapes)]
        model.weights, model.biases = parts[:len(weights)], parts[len(weights):]
        return model.loss(X, Y)

    try:
        forward_s = _median_time(lambda: J(theta), repeats)
        model.weights, model.biases = [w.copy() for w in weights], [b.copy() for b in biases]
        backprop_s = _median_time(lambda: model.loss_and_grads(X, Y), repeats)
        J0, gW, gb = model.loss_and_grads(X, Y)
        calls[0] = 0
        start = time.process_time()
        numeric = numerical_gradient(J, theta)
        finite_diff_s = time.process_time() - start
        forward_calls = calls[0]
    finally:
        model.weights, model.biases = weights, biases
    analytic = np.concatenate([g.ravel() for g in [*gW, *gb]])
    worst = rel_error(analytic, numeric, floor=1e-3 * max(1.0, abs(J0)))
    return GradientTiming(tuple(sizes), len(theta), forward_s, backprop_s, finite_diff_s,
                          forward_calls, worst,
                          gradient_costs(sizes, n))
