"""The three kinds of gradient descent, live: batch, stochastic and mini-batch.

A straight line price ≈ w·area + b fitted to the house prices (both standardised, so
the best w is the correlation and the best b is 0) by gradient descent on the MSE with
batch size B: B = N is batch gradient descent, B = 1 stochastic (SGD), anything between
mini-batch. Left: the path of (w, b) over the loss contour. Right: the loss, per update
and per epoch. A slider moves B from 1 to N.

The numbers come from ``linefit.fit_line``: those of ``training.train`` for the model
``nn.MLP([1, 1], output_activation="linear")`` (tests check it to 1e-9), ~40× faster,
fast enough to redo all the epochs under the mouse.
"""

from __future__ import annotations

import numbers

import ipywidgets as widgets

from .. import plots
from ..linefit import HOUSE_START, LineFit, batch_kind, fit_line, house_line, regression_surface
from .base import WIDE, Blitter, Dashboard, choice_slider, freeze_layout, live_figure, nice_values

__all__ = ["BatchSizeDashboard", "batch_size_dashboard", "KINDS_LR_VALUES", "EPOCHS_RANGE"]

#: The α slider of the batch-size dashboard: 0.001 … 2, log-spaced round numbers.
KINDS_LR_VALUES = nice_values(1e-3, 2.0)
EPOCHS_RANGE = (1, 30)
N_HOUSES = 100


def _whole(value, name: str, low: int, high: int) -> int:
    if (isinstance(value, bool) or not isinstance(value, numbers.Integral)
            or not low <= value <= high):
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return int(value)


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
        houses = house_line(N_HOUSES, standard_price=True)
        self.x, self.y = houses.x, houses.t
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

        self.surface = regression_surface(self.x, self.y, start=HOUSE_START)
        self.fit = self._fit()
        self.figure, self.canvas = live_figure(8.3, 4.4)
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
        plots.legend_below(ax, ncols=1, gap=30)

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
