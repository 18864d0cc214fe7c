"""Gradient descent on a 2-D surface, live: drag α and the number of steps."""

from __future__ import annotations

import numbers

import ipywidgets as widgets

from .. import plots, surfaces
from ..optimizers import GD, descend
from .base import WIDE, Blitter, Dashboard, choice_slider, freeze_layout, live_figure, nice_values

__all__ = ["GradientDescentDashboard", "gradient_descent_dashboard", "LR_VALUES", "STEPS_RANGE"]

#: The learning rates the α slider offers: 0.001 … 2, two significant digits, log-spaced.
LR_VALUES = nice_values(1e-3, 2.0)
STEPS_RANGE = (1, 100)


class GradientDescentDashboard(Dashboard):
    """Gradient descent θ ← θ − α∇J(θ) on a 2-D surface, with live α and steps sliders.

    Attributes for tests and notebooks: ``lr`` and ``steps`` (the sliders), ``figure``,
    ``ax``, ``canvas``, ``artists`` (``plots.PathArtists``), ``blitter``, ``path`` (the
    current ``optimizers.Path``), and the HTML widgets under the plot: ``readout``,
    ``code`` (the reproducing call) and ``error`` (empty unless a callback failed).
    """

    factory = "gradient_descent_dashboard"

    def __init__(self, surface="bowl", lr: float = 0.1, steps: int = 30):
        self.surface = surfaces.get(surface)
        if (isinstance(steps, bool) or not isinstance(steps, numbers.Integral)
                or not STEPS_RANGE[0] <= steps <= STEPS_RANGE[1]):
            raise ValueError(f"steps must be a whole number from {STEPS_RANGE[0]} to "
                             f"{STEPS_RANGE[1]}, got {steps!r}")
        self.lr = choice_slider(lr, LR_VALUES, "learning rate α", what="lr")
        self.steps = widgets.IntSlider(
            value=steps, min=STEPS_RANGE[0], max=STEPS_RANGE[1], description="steps",
            style=WIDE, continuous_update=True)

        # Built once: the figure, the contour (the costly part) and the path artists.
        (x0, x1), (y0, y1) = self.surface.xlim, self.surface.ylim
        self.figure, self.canvas = live_figure(6.0, 1.0 + 4.0 * (y1 - y0) / (x1 - x0))
        self.ax = self.figure.add_subplot()
        plots.surface_contour(self.ax, self.surface)
        self.path = self._descend()
        self.artists = plots.descent_path(self.ax, self.path)
        self.ax.legend(loc="lower right", fontsize=8)
        freeze_layout(self.figure)
        self.blitter = Blitter(self.canvas, vars(self.artists).values())
        self._assemble({"lr": self.lr, "steps": self.steps}, [self.canvas], [self.figure],
                       fixed={"surface": self.surface.name})
        self._describe()

    def _descend(self):
        return descend(self.surface.grad, self.surface.start, GD(self.lr.value),
                       self.steps.value)

    def update(self, name: str) -> None:
        """A slider moved: recompute the path, move its artists, redraw once."""
        self.path = self._descend()
        plots.update_descent_path(self.artists, self.path)
        self.blitter.update()
        self._describe()

    def _describe(self) -> None:
        """Readout of the current path."""
        path, s = self.path, self.surface
        if path.diverged:
            text = (f"<b>Diverged at step {path.diverged_at}</b>: each step overshot the "
                    f"minimum by more than the last, until |θ| passed 10⁶. "
                    f"α = {self.lr.value:g} is too large here; lower it.")
        else:
            j0, j = float(s.value(path[0])), float(s.value(path[-1]))
            t1, t2 = path[-1]
            text = (f"After {len(path) - 1} steps: θ = ({t1:.3f}, {t2:.3f}), "
                    f"J = {j:.4g} (it started at {j0:.4g}).")
            if j > j0 * (1 + 1e-9):
                text += " J went <b>up</b>: the steps overshoot. Lower α."
            elif j >= j0 * (1 - 1e-9):
                text += (" J did not go down: each step jumps across the valley to a point"
                         " just as high.")
        self.readout.value = text


def gradient_descent_dashboard(surface="bowl", lr: float = 0.1, steps: int = 30):
    """A live gradient-descent plot: drag α (0.001 … 2, log scale) and the number of
    steps, and watch the path θ₀ → θ_k over the contours of ``surface``. Returns the
    dashboard widget; display it as a cell's last line."""
    return GradientDescentDashboard(surface=surface, lr=lr, steps=steps)
