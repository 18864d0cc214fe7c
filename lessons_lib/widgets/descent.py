"""Descent on a 2-D surface, live: pick the surface and the optimizer, drag α and the steps.

Two dashboards share one mechanism (``SurfaceViews``): every surface gets its own Axes
(contour, colour bar, moving artists), built the first time it is picked and kept. Only
the picked surface's Axes are in the figure, so a full draw shows exactly one surface;
the picture of each surface's contour is kept too, so coming back to a surface is a blit.

- ``gradient_descent_dashboard``: one optimizer's path θ₀ → θ_k.
- ``optimizer_race_dashboard``: GD, momentum, Nesterov, RMSProp and Adam from the same
  start with the same α, on one contour.
"""

from __future__ import annotations

import html
import numbers
from dataclasses import dataclass, field

import ipywidgets as widgets

from .. import optimizers, plots, surfaces
from ..optimizers import descend
from .base import WIDE, Dashboard, ViewBlitter, choice_slider, live_figure, nice_values

__all__ = ["GradientDescentDashboard", "gradient_descent_dashboard",
           "OptimizerRaceDashboard", "optimizer_race_dashboard",
           "LR_VALUES", "STEPS_RANGE", "OPTIMIZER_LABELS", "SurfaceViews"]

#: The learning rates the α slider offers: 0.001 … 2, two significant digits, log-spaced.
LR_VALUES = nice_values(1e-3, 2.0)
STEPS_RANGE = (1, 100)
#: How each optimizer is named on plots and in readouts.
OPTIMIZER_LABELS = {"gd": "GD", "momentum": "momentum", "nesterov": "Nesterov",
                    "rmsprop": "RMSProp", "adam": "Adam"}


def _check_steps(steps) -> int:
    if (isinstance(steps, bool) or not isinstance(steps, numbers.Integral)
            or not STEPS_RANGE[0] <= steps <= STEPS_RANGE[1]):
        raise ValueError(f"steps must be a whole number from {STEPS_RANGE[0]} to "
                         f"{STEPS_RANGE[1]}, got {steps!r}")
    return int(steps)


def _check_surface(surface) -> str:
    """The name of one of ``surfaces.SURFACES`` (a name or that Surface itself)."""
    s = surfaces.get(surface)
    if surfaces.SURFACES.get(s.name) is not s:
        raise ValueError(f"the dashboard offers the surfaces {', '.join(surfaces.SURFACES)}; "
                         f"{s.name!r} is not one of them")
    return s.name


def _check_optimizer(name) -> str:
    key = name.strip().lower() if isinstance(name, str) else None
    if key not in optimizers.OPTIMIZERS:
        raise ValueError(f"unknown optimizer {name!r}; choose one of: "
                         f"{', '.join(optimizers.OPTIMIZERS)}")
    return key


def surface_dropdown(name: str) -> widgets.Dropdown:
    """A Dropdown over every surface in ``surfaces.SURFACES``, showing ``name``."""
    return widgets.Dropdown(options=list(surfaces.SURFACES), value=name,
                            description="surface", style=WIDE,
                            layout=widgets.Layout(width="14em"))


@dataclass
class View:
    """One surface's part of the figure: its Axes, the colour bar's Axes, whatever the
    dashboard drew on it (``drawn``) and the artists that move (``moving``)."""

    surface: surfaces.Surface
    ax: object
    axes: list
    drawn: object
    moving: list = field(default_factory=list)
    #: (settings, result) of the last computation drawn on this view: coming back to the
    #: surface with the same settings needs no new computation.
    computed: tuple | None = None


class SurfaceViews:
    """One Axes per surface on a shared figure; only the current surface's are in it.

    ``draw(ax, surface) -> (drawn, moving artists)`` draws the moving part on a fresh
    contour; it is called once per surface, the first time that surface is shown.
    ``show(name)`` puts that surface's Axes in the figure and points the blitter at its
    artists; it returns True when the figure needs a full draw (first visit).
    """

    def __init__(self, figure, canvas, draw):
        self.figure, self.canvas, self._draw = figure, canvas, draw
        self.views: dict[str, View] = {}
        self.current: View | None = None
        self.blitter: ViewBlitter | None = None

    def _build(self, name: str) -> View:
        fig, surface = self.figure, surfaces.get(name)
        before = set(fig.axes)
        fig.set_layout_engine("constrained")
        ax = fig.add_subplot()
        filled, _ = plots.surface_contour(ax, surface, colorbar=False)
        plots.contour_colorbar(ax, filled)
        drawn, moving = self._draw(ax, surface)
        # Lay this surface out once, then keep that layout. The layout pass clears the
        # canvas and sends a draw event: the blitter must not keep that as a picture.
        if self.blitter is None:
            fig.draw_without_rendering()
        else:
            with self.blitter.ignoring_draws():
                fig.draw_without_rendering()
        fig.set_layout_engine("none")
        return View(surface, ax, [a for a in fig.axes if a not in before], drawn, moving)

    def show(self, name: str) -> bool:
        """Show surface ``name``; True when a full draw is needed."""
        if self.current is not None:
            if self.current.surface.name == name:
                return False
            for a in self.current.axes:
                self.figure.delaxes(a)
        view = self.views.get(name)
        if view is None:
            view = self.views[name] = self._build(name)
        else:
            for a in view.axes:
                self.figure.add_axes(a)
        self.current = view
        if self.blitter is None:
            self.blitter = ViewBlitter(self.canvas, view.moving, name)
            return True
        return self.blitter.switch(name, view.moving)


class _SurfaceDashboard(Dashboard):
    """What both surface dashboards share: the figure, the surface views, the redraw."""

    figsize = (6.4, 5.0)

    def _start(self, surface):
        self.figure, self.canvas = live_figure(*self.figsize)
        self.views = SurfaceViews(self.figure, self.canvas, self._draw_moving)
        self.views.show(surface)

    @property
    def surface(self) -> surfaces.Surface:
        return self.views.current.surface

    @property
    def ax(self):
        return self.views.current.ax

    @property
    def blitter(self) -> ViewBlitter:
        return self.views.blitter

    def _settings(self) -> tuple:
        """Every control value but the surface: what the moving artists depend on."""
        return tuple(c.value for k, c in self.controls.items() if k != "surface")

    def update(self, name: str) -> None:
        """A control changed: switch surface if needed, recompute, move artists, redraw.
        Back on a surface with the settings it last showed, its result is reused."""
        name = self.controls["surface"].value
        new = name not in self.views.views  # then drawn just now, for these settings
        full = self.views.show(name)
        view, settings = self.views.current, self._settings()
        if view.computed is not None and view.computed[0] == settings:
            self._restore(view.computed[1])
        elif not new:
            self._recompute()
        view.computed = (settings, self._result())
        self.blitter.update(full=full)
        self._describe()


class GradientDescentDashboard(_SurfaceDashboard):
    """θ ← θ − α∇J(θ) (or a cleverer optimizer's step) on a 2-D surface, live.

    Controls: ``surface`` (Dropdown over ``surfaces.SURFACES``), ``lr`` (α slider),
    ``optimizer`` (Dropdown: gd, momentum, nesterov, rmsprop, adam) and ``steps``.
    Attributes for tests and notebooks: those controls, ``figure``, ``canvas``, ``ax``
    (the current surface's Axes), ``artists`` (its ``plots.PathArtists``), ``blitter``,
    ``path`` (the current ``optimizers.Path``), ``surface``, and the HTML widgets under the
    plot: ``readout``, ``code`` (the reproducing call), ``error``.
    """

    factory = "gradient_descent_dashboard"

    def __init__(self, surface="bowl", lr: float = 0.1, optimizer: str = "gd",
                 steps: int = 30):
        name = _check_surface(surface)
        steps = _check_steps(steps)
        optimizer = _check_optimizer(optimizer)
        self.surface_menu = surface_dropdown(name)
        self.lr = choice_slider(lr, LR_VALUES, "learning rate α", what="lr")
        self.optimizer = widgets.Dropdown(
            options=[(OPTIMIZER_LABELS[k], k) for k in optimizers.OPTIMIZERS],
            value=optimizer, description="optimizer", style=WIDE,
            layout=widgets.Layout(width="14em"))
        self.steps = widgets.IntSlider(
            value=steps, min=STEPS_RANGE[0], max=STEPS_RANGE[1], description="steps",
            style=WIDE, continuous_update=True)
        self._start(name)
        self._assemble({"surface": self.surface_menu, "lr": self.lr,
                        "optimizer": self.optimizer, "steps": self.steps},
                       [self.canvas], [self.figure])
        self._describe()

    @property
    def artists(self) -> plots.PathArtists:
        return self.views.current.drawn

    def _descend(self, surface):
        return descend(surface.grad, surface.start,
                       optimizers.get(self.optimizer.value, self.lr.value), self.steps.value)

    def _draw_moving(self, ax, surface):
        self.path = self._descend(surface)
        artists = plots.descent_path(ax, self.path)
        self._name_divergence(artists)
        marks = [ln for ln in ax.lines if ln.get_label() in ("minimum", "saddle point")]
        handles = [artists.line, artists.start, *marks]
        plots.legend_below(ax, handles, ncols=3 if len(handles) <= 3 else 2)
        return artists, list(vars(artists).values())

    def _name_divergence(self, artists):
        """The plot's "diverged at step N" note, with who, at which α, of how many steps."""
        if self.path.diverged:
            artists.note.set_text(
                f"{OPTIMIZER_LABELS[self.optimizer.value]}, α = {self.lr.value:g}: "
                f"diverged at step {self.path.diverged_at} of {self.steps.value}")

    def _recompute(self):
        self.path = self._descend(self.surface)
        plots.update_descent_path(self.artists, self.path)
        self._name_divergence(self.artists)

    def _result(self):
        return self.path

    def _restore(self, path):
        self.path = path  # the artists still show it

    def _describe(self) -> None:
        """Readout of the current path."""
        path, s = self.path, self.surface
        who = OPTIMIZER_LABELS[self.optimizer.value]
        if path.diverged:
            text = (f"<b>Diverged at step {path.diverged_at}</b>: each step overshot the "
                    f"minimum by more than the last, until |θ| passed 10⁶. "
                    f"α = {self.lr.value:g} is too large here for {who}; lower it.")
        else:
            j0, j = float(s.value(path[0])), float(s.value(path[-1]))
            t1, t2 = path[-1]
            text = (f"{who}, after {len(path) - 1} steps: θ = ({t1:.3f}, {t2:.3f}), "
                    f"J = {j:.4g} (it started at {j0:.4g}; the lowest J here is "
                    f"{float(s.value(s.minima[0])):.4g}).")
            if j > j0 * (1 + 1e-9) + 1e-12:
                text += " J went <b>up</b>: the steps overshoot. Lower α."
            elif j >= j0 - 1e-9 * abs(j0):
                text += (" J did not go down: each step jumps across the valley to a point"
                         " just as high.")
        self.readout.value = text


def gradient_descent_dashboard(surface="bowl", lr: float = 0.1, optimizer: str = "gd",
                               steps: int = 30):
    """A live descent plot: pick the ``surface`` (bowl, ravine, saddle, rosenbrock,
    himmelblau, two_valleys) and the ``optimizer`` (gd, momentum, nesterov, rmsprop, adam),
    drag α (0.001 … 2, log scale) and the number of steps, and watch the path θ₀ → θ_k
    over the contours. Returns the dashboard widget; display it as a cell's last line."""
    return GradientDescentDashboard(surface=surface, lr=lr, optimizer=optimizer, steps=steps)


class OptimizerRaceDashboard(_SurfaceDashboard):
    """All five optimizers from the same start with the same α, on one contour.

    Controls: ``surface``, ``lr`` (one α shared by all), ``steps``. Attributes: those
    controls, ``figure``, ``canvas``, ``ax``, ``race`` (the current surface's
    ``plots.RaceArtists``), ``paths`` ({optimizer name: ``optimizers.Path``}),
    ``blitter``, ``readout``, ``code``, ``error``.
    """

    factory = "optimizer_race_dashboard"
    figsize = (6.4, 5.6)

    def __init__(self, surface="ravine", lr: float = 0.02, steps: int = 50):
        name = _check_surface(surface)
        steps = _check_steps(steps)
        self.surface_menu = surface_dropdown(name)
        self.lr = choice_slider(lr, LR_VALUES, "learning rate α (all five)", what="lr")
        self.steps = widgets.IntSlider(
            value=steps, min=STEPS_RANGE[0], max=STEPS_RANGE[1], description="steps",
            style=WIDE, continuous_update=True)
        self._start(name)
        self._assemble({"surface": self.surface_menu, "lr": self.lr, "steps": self.steps},
                       [self.canvas], [self.figure])
        self._describe()

    @property
    def race(self) -> plots.RaceArtists:
        return self.views.current.drawn

    def _run(self, surface):
        return {k: descend(surface.grad, surface.start, optimizers.get(k, self.lr.value),
                           self.steps.value)
                for k in optimizers.OPTIMIZERS}

    def _draw_moving(self, ax, surface):
        self.paths = self._run(surface)
        race = plots.optimizer_race(ax, self.paths, surface, labels=OPTIMIZER_LABELS)
        return race, race.moving()

    def _recompute(self):
        self.paths = self._run(self.surface)
        plots.update_optimizer_race(self.race, self.paths)

    def _result(self):
        return self.paths

    def _restore(self, paths):
        self.paths = paths  # the artists still show them

    def _describe(self) -> None:
        s = self.surface
        rows = []
        for k, path in self.paths.items():
            if path.diverged:
                what = f"<b>diverged at step {path.diverged_at}</b>"
            else:
                what = f"J = {float(s.value(path[-1])):.4g}"
            rows.append(f"{html.escape(OPTIMIZER_LABELS[k])}: {what}")
        best = min((k for k, p in self.paths.items() if not p.diverged),
                   key=lambda k: float(s.value(self.paths[k][-1])), default=None)
        text = (f"Same start, α = {self.lr.value:g}, {self.steps.value} steps. "
                + " · ".join(rows) + ".")
        if best is None:
            text += " Every optimizer diverged: lower α."
        else:
            text += (f" Lowest J: <b>{OPTIMIZER_LABELS[best]}</b> (the minimum is "
                     f"J = {float(s.value(s.minima[0])):.4g}).")
        self.readout.value = text


def optimizer_race_dashboard(surface="ravine", lr: float = 0.02, steps: int = 50):
    """GD, momentum, Nesterov, RMSProp and Adam side by side on one ``surface``, all with
    the same learning rate α (one slider) and number of steps. The readout gives
    each one's final J, and the plot and readout the step at which any diverged."""
    return OptimizerRaceDashboard(surface=surface, lr=lr, steps=steps)
