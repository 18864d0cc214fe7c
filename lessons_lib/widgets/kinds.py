"""The three kinds of gradient descent, live: batch, stochastic and mini-batch.

A straight line price ≈ w·area + b fitted to the house prices (both standardised, so
the best w is the correlation and the best b is 0) by gradient descent on the MSE with
batch size B: B = N is batch gradient descent, B = 1 stochastic (SGD), anything between
mini-batch. Left: the path of (w, b) over the loss contour. Right: the loss, per update
and per epoch. A slider moves B from 1 to N.

The numbers are those of ``training.train`` (tests check it to 1e-12) for this one model
``nn.MLP([1, 1], output_activation="linear")``; ``fit_line`` computes them with plain
floats, which is ~40× faster than the general network code, fast enough to redo all
the epochs under the mouse.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from .. import data, plots, surfaces
from ..training import MAX_LOSS
from .base import WIDE, Blitter, Dashboard, choice_slider, freeze_layout, live_figure, nice_values

__all__ = ["LineFit", "fit_line", "regression_surface", "house_price_line_data",
           "batch_kind", "BatchSizeDashboard", "batch_size_dashboard", "KINDS_LR_VALUES",
           "EPOCHS_RANGE", "HOUSE_START"]

#: The α slider of the batch-size dashboard: 0.001 … 2, log-spaced round numbers.
KINDS_LR_VALUES = nice_values(1e-3, 2.0)
EPOCHS_RANGE = (1, 30)
#: Where (w, b) starts: a bad line, sloping the wrong way and too high.
HOUSE_START = (-1.0, 1.5)
N_HOUSES = 100


def house_price_line_data(n: int = N_HOUSES, seed: int = 0):
    """Standardised area x and price y of ``data.house_prices(n, seed=seed)``: two arrays
    of shape ``(n,)``, each with mean 0 and standard deviation 1."""
    X, y = data.house_prices(n=n, seed=seed)
    x_std = data.standardise(X[:, 0])[0]
    y_std = data.standardise(y[:, 0])[0]
    return x_std, y_std


def regression_surface(x, y, start=HOUSE_START, name: str = "house_prices") -> surfaces.Surface:
    """The MSE of the line ŷ = w·x + b on points (x, y), as a ``surfaces.Surface`` over
    θ = (w, b), for contours and paths.

    J(w, b) = (1/N) Σᵢ (w xᵢ + b − yᵢ)²
            = w²·mean(x²) + 2wb·mean(x) + b² − 2w·mean(xy) − 2b·mean(y) + mean(y²),
    ∂J/∂w = 2(w·mean(x²) + b·mean(x) − mean(xy)),  ∂J/∂b = 2(w·mean(x) + b − mean(y)).
    The minimum solves those two = 0 (least squares). x, y: ``(N,)``. The window is
    the square of side 5 (or more, to hold ``start``) centred on the minimum.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size < 2:
        raise ValueError(f"x and y must be 1-D arrays of the same length ≥ 2, got shapes "
                         f"{x.shape} and {y.shape}")
    sxx, sx, sxy, sy, syy = (float(np.mean(v)) for v in (x * x, x, x * y, y, y * y))
    if sxx - sx * sx <= 1e-12 * max(sxx, 1.0):
        raise ValueError("x must not be constant: a line through one x has no best slope")

    def value(t):
        w, b = t[..., 0], t[..., 1]
        return w * w * sxx + 2 * w * b * sx + b * b - 2 * w * sxy - 2 * b * sy + syy

    def grad(t):
        w, b = t[..., 0], t[..., 1]
        return np.stack([2 * (w * sxx + b * sx - sxy), 2 * (w * sx + b - sy)], axis=-1)

    best = np.linalg.solve([[sxx, sx], [sx, 1.0]], [sxy, sy])
    start = np.asarray(start, dtype=float)
    half = max(2.5, 1.15 * float(np.max(np.abs(start - best))))
    return surfaces.Surface(
        name=name, title="Line fit: price ≈ w·area + b",
        formula="J(w, b) = (1/N) Σ (w·xᵢ + b − yᵢ)²", value_fn=value, grad_fn=grad,
        minima=best[None, :], xlim=(best[0] - half, best[0] + half),
        ylim=(best[1] - half, best[1] + half), start=start)


@dataclass(eq=False)
class LineFit:
    """One run of ``fit_line``, with the fields of ``training.History`` it shares.

    update_losses ``(n_updates,)``: the batch loss of update t at θ_{t−1}.
    epoch_losses ``(epochs_done + 1,)``: J on all N samples, at the start and after
    every epoch. params_path ``(n_updates + 1, 2)``: (w, b) at the start and after every
    update. diverged_at: the update at which it blew up, or None. final_loss: J on all N
    at the end.
    """

    batch_size: int
    updates_per_epoch: int
    n_samples: int
    update_losses: np.ndarray
    epoch_losses: np.ndarray
    params_path: np.ndarray
    diverged_at: int | None
    final_loss: float

    @property
    def n_updates(self) -> int:
        return len(self.update_losses)

    @property
    def epochs_done(self) -> int:
        return len(self.epoch_losses) - 1

    @property
    def diverged(self) -> bool:
        return self.diverged_at is not None


def _whole(value, name: str, low: int, high: int) -> int:
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral)
            or not low <= value <= high):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return int(value)


def fit_line(x, y, theta0, lr: float, epochs: int, batch_size: int, seed: int = 0,
             max_loss: float = MAX_LOSS) -> LineFit:
    """Gradient descent on the MSE of the line ŷ = w·x + b, in batches of B samples.

    x, y: ``(N,)``. theta0: the start (w, b). Every epoch takes the N samples in a new
    random order (``np.random.default_rng(seed)``, drawn as ``training.train`` draws them;
    no shuffling when B = N) and cuts it into ⌈N/B⌉ batches (the last one smaller when B
    does not divide N). Each batch β gives one update with the gradient averaged over it:

        J_β = (1/|β|) Σ_{i∈β} eᵢ²,  eᵢ = w xᵢ + b − yᵢ,
        ∂J_β/∂w = (2/|β|) Σ eᵢ xᵢ,  ∂J_β/∂b = (2/|β|) Σ eᵢ,
        w ← w − α ∂J_β/∂w,  b ← b − α ∂J_β/∂b.

    The same numbers as ``training.train(MLP [1, 1] linear, loss="mse", GD(lr), epochs,
    batch_size, seed)``, including when and how it reports a divergence.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.ndim != 1 or x.shape != y.shape or x.size == 0:
        raise ValueError(f"x and y must be 1-D arrays of the same length, got shapes "
                         f"{x.shape} and {y.shape}")
    n = x.size
    B = _whole(batch_size, "batch size B", 1, n)
    epochs = _whole(epochs, "epochs", 1, 10**6)
    if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not 0 < lr < math.inf:
        raise ValueError(f"learning rate α must be a positive number, got {lr!r}")
    w, b = (float(v) for v in theta0)
    rng = np.random.default_rng(seed)

    def full(w, b):
        with np.errstate(all="ignore"):
            return float(np.mean((w * x + b - y) ** 2))

    def bad(J):
        return not (math.isfinite(J) and J <= max_loss)

    per_epoch = math.ceil(n / B)
    update_losses, epoch_losses, params = [], [full(w, b)], [(w, b)]
    xs, ys = x.tolist(), y.tolist()
    t, diverged_at = 0, None
    for _ in range(epochs):
        if B < n:
            order = rng.permutation(n)
            xs, ys = x[order].tolist(), y[order].tolist()
        for first in range(0, n, B):
            t += 1
            sj = sw = sb = 0.0
            for xi, yi in zip(xs[first:first + B], ys[first:first + B]):
                e = w * xi + b - yi
                sj += e * e
                sw += e * xi
                sb += e
            m = min(B, n - first)
            J = sj / m
            if bad(J):
                diverged_at = t
                break
            w_new, b_new = w - lr * (2.0 * sw / m), b - lr * (2.0 * sb / m)
            if not (math.isfinite(w_new) and math.isfinite(b_new)):
                diverged_at = t
                break
            w, b = w_new, b_new
            update_losses.append(J)
            params.append((w, b))
            if first + B >= n:
                J_all = full(w, b)
                if bad(J_all):
                    diverged_at = t + 1
                    break
                epoch_losses.append(J_all)
        if diverged_at is not None:
            break
    final = epoch_losses[-1] if len(epoch_losses) == epochs + 1 else full(w, b)
    return LineFit(B, per_epoch, n, np.array(update_losses, dtype=float),
                   np.array(epoch_losses, dtype=float), np.array(params, dtype=float),
                   diverged_at, final if math.isfinite(final) else math.inf)


def batch_kind(batch_size: int, n: int) -> str:
    """Which kind of gradient descent batch size B gives on N samples."""
    if batch_size == n:
        return "batch gradient descent"
    if batch_size == 1:
        return "stochastic gradient descent, SGD"
    return "mini-batch gradient descent"


class BatchSizeDashboard(Dashboard):
    """Batch, stochastic and mini-batch gradient descent on the house prices, live.

    Controls: ``batch_size`` (B, 1 … N) and ``lr`` (α); buttons jump to B = 1, a
    mini-batch and B = N. ``epochs`` (1 … 30) is fixed when it is built, so the epoch
    axis stays put under the mouse. Attributes: those controls, ``epochs``, ``x``, ``y``,
    ``surface`` (``regression_surface``), ``fit`` (the current ``LineFit``), ``figure``,
    ``canvas``, ``ax_path``, ``ax_loss``, ``path`` (``plots.ParameterPathArtists``),
    ``curve`` (``plots.LossCurveArtists``), ``blitter``, ``readout``, ``code``, ``error``.
    """

    factory = "batch_size_dashboard"

    def __init__(self, batch_size: int = 8, lr: float = 0.05, epochs: int = 10):
        self.x, self.y = house_price_line_data()
        n = self.x.size
        _whole(batch_size, "batch_size", 1, n)
        epochs = _whole(epochs, "epochs", *EPOCHS_RANGE)
        self.batch_size = widgets.IntSlider(
            value=batch_size, min=1, max=n, description=f"batch size B (1 … N = {n})",
            style=WIDE, continuous_update=True, layout=widgets.Layout(width="28em"))
        self.lr = choice_slider(lr, KINDS_LR_VALUES, "learning rate α", what="lr")
        self.epochs = epochs
        jumps = []
        for b, text in [(1, "B = 1: stochastic"), (10, "B = 10: mini-batch"),
                        (n, f"B = N = {n}: batch")]:
            button = widgets.Button(description=text, layout=widgets.Layout(width="auto"))
            button.on_click(lambda _, b=b: setattr(self.batch_size, "value", b))
            jumps.append(button)
        self.jumps = widgets.HBox(jumps)

        self.surface = regression_surface(self.x, self.y)
        self.fit = self._fit()
        self.figure, self.canvas = live_figure(8.6, 4.4)
        self.figure.get_layout_engine().set(wspace=0.12)  # the colour bar's J needs room
        self.ax_path, self.ax_loss = self.figure.subplots(1, 2, width_ratios=[1.0, 1.15])
        self._draw_path(self.ax_path)
        self._draw_loss(self.ax_loss)
        freeze_layout(self.figure)
        self.blitter = Blitter(self.canvas, [*self.path.moving(), *vars(self.curve).values()])
        self._assemble({"batch_size": self.batch_size, "lr": self.lr},
                       [self.jumps, self.canvas], [self.figure], fixed={"epochs": epochs})
        self._describe()

    def _fit(self) -> LineFit:
        return fit_line(self.x, self.y, self.surface.start, self.lr.value, self.epochs,
                        self.batch_size.value)

    def _draw_path(self, ax):
        filled, _ = plots.surface_contour(ax, self.surface, colorbar=False)
        plots.contour_colorbar(ax, filled)
        ax.set(xlabel="slope w", ylabel="intercept b")
        self.path = plots.parameter_path(ax, self.fit)
        (minimum,) = [ln for ln in ax.lines if ln.get_label() == "minimum"]
        minimum.set_label("least squares (lowest J)")
        plots.legend_below(ax, [self.path.path.line, self.path.epochs, self.path.path.start,
                                minimum], ncols=2)

    def _draw_loss(self, ax):
        self.curve = plots.epoch_loss_curve(ax, self.fit)
        j0, j_best = self.fit.epoch_losses[0], float(self.surface.value(self.surface.minima[0]))
        ax.axhline(j_best, color="black", linestyle=":", linewidth=1,
                   label=f"lowest possible J = {j_best:.3g}")
        ax.set_ylim(1e-4, 10 * j0)
        ax.set_xlim(0, self.epochs)
        ax.set_title("Loss J while training", fontsize=11)
        ax.grid(True, which="major", alpha=0.3)
        plots.legend_below(ax, ncols=2, gap=30)

    def update(self, name: str) -> None:
        """A control changed: train again, move the path and the curves, blit."""
        self.fit = self._fit()
        plots.update_parameter_path(self.path, self.fit)
        plots.update_epoch_loss_curve(self.curve, self.fit)
        self.blitter.update()
        self._describe()

    def _describe(self) -> None:
        f, B, n = self.fit, self.batch_size.value, self.fit.n_samples
        kind = batch_kind(B, n)
        per = f.updates_per_epoch
        head = (f"<b>B = {B}: {per} update{'s' * (per > 1)} per epoch ({kind})</b>, "
                f"each using the gradient averaged over {B} sample{'s' * (B > 1)}"
                + (" (the last batch of each epoch is smaller)" if n % B else "") + ". ")
        if f.diverged:
            self.readout.value = head + (
                f"<b>Diverged at update {f.diverged_at}</b>: α = {self.lr.value:g} is too "
                "large, each step overshoots the best line by more than the last. Lower α.")
            return
        w, b = f.params_path[-1]
        best = float(self.surface.value(self.surface.minima[0]))
        text = (f"After {f.epochs_done} epoch{'s' * (f.epochs_done > 1)} ({f.n_updates} "
                f"update{'s' * (f.n_updates > 1)}): w = {w:.3f}, b = {b:.3f}, "
                f"J = {f.final_loss:.4g} on all N = {n} houses (the best line has "
                f"J = {best:.4f}).")
        if f.final_loss > f.epoch_losses[0]:
            text += (" J went <b>up</b>: the steps overshoot the best line by more each "
                     "time. Lower α.")
        self.readout.value = head + text


def batch_size_dashboard(batch_size: int = 8, lr: float = 0.05, epochs: int = 10):
    """Batch, stochastic and mini-batch gradient descent on the house prices: drag the
    batch size B from 1 (SGD) to N = 100 (batch) and α, train for ``epochs`` (1 … 30)
    and watch the path of (w, b) over the loss contour and the loss per update and per
    epoch.
    Returns the dashboard widget; display it as a cell's last line."""
    return BatchSizeDashboard(batch_size=batch_size, lr=lr, epochs=epochs)
