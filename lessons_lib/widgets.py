"""Live dashboards: sliders wired to the plots in ``plots``.

Each figure is built once, on an ipympl canvas (a widget, so it updates in place in
JupyterLab). A slider change recomputes only what it affects, moves the artists with
``set_data`` and redraws just those artists over a cached background (``Blitter``).
Under the plot, a readout says what happened and one line of Python reproduces the
current view.
"""

from __future__ import annotations

import functools
import html
import math
import numbers
import warnings

import ipywidgets as widgets
import matplotlib
from IPython import get_ipython
from matplotlib import rcsetup
from matplotlib.figure import Figure

from . import plots, surfaces
from .optimizers import GD, check_lr, descend


def _import_ipympl_canvas():
    """ipympl's canvas classes, imported without side effects on plain figures.

    Importing ipympl switches matplotlib's backend to ipympl when matplotlib is already
    loaded. Then every ``plt.subplots`` in the notebook would turn into a live widget
    and vanish from HTML exports. So put the backend back: static figures stay
    static (inline), and only the dashboards, which build their canvas themselves, are live.
    Switching back to inline needs IPython's hooks re-attached, as ``%matplotlib inline`` does.
    """
    before = matplotlib.get_backend(auto_select=False)
    from ipympl.backend_nbagg import Canvas, FigureManager

    if matplotlib.get_backend(auto_select=False) != before:
        matplotlib.use(rcsetup._auto_backend_sentinel if before is None else before)
        shell = get_ipython()
        if shell is not None and before is not None and "inline" in before:
            shell.run_line_magic("matplotlib", "inline")  # re-attach the PNG display hooks
    return Canvas, FigureManager


Canvas, FigureManager = _import_ipympl_canvas()

__all__ = ["Blitter", "GradientDescentDashboard", "freeze_layout", "gradient_descent_dashboard",
           "live_figure"]

_WIDE = {"description_width": "initial"}  # keep labels such as "learning rate α" whole
LR_RANGE = (1e-3, 2.0)
STEPS_RANGE = (1, 100)


def live_figure(width: float = 6.0, height: float = 4.8) -> tuple[Figure, Canvas]:
    """A matplotlib Figure on its own ipympl canvas widget (outside pyplot, so it is
    freed with the dashboard and never leaks into ``plt.get_fignums()``)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    canvas = Canvas(fig)
    with warnings.catch_warnings():
        # ipympl 0.10's toolbar passes its canvas on to traitlets, which warns
        # "Passing unrecognized arguments to super(Toolbar).__init__()": harmless, upstream.
        warnings.filterwarnings("ignore", "Passing unrecognized arguments",
                                DeprecationWarning)
        FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.toolbar_position = "right"
    return fig, canvas


def freeze_layout(fig: Figure) -> None:
    """Lay the figure out once, then keep that layout for every later draw.

    Constrained layout with an equal-aspect plot and a colour bar shifts the axes a little
    on every draw, so each full redraw would make the plot jitter (and cost layout time).
    """
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


class Blitter:
    """Redraw only the moving artists over a cached picture of everything else.

    A full draw of a contour figure costs ~100 ms (mostly ticks, text and layout); the
    moving artists alone cost a few. So the moving artists are marked animated (a full
    draw skips them), the rest is saved after every full draw (``draw_event``) and an
    update pastes it back, draws the moving artists and sends the changed pixels.
    Until the first full draw (the browser asks for it when the plot appears) there is no
    saved picture, and ``update`` falls back to ``draw_idle``.
    """

    def __init__(self, canvas, artists):
        self.canvas, self.artists = canvas, list(artists)
        self.background, self._key = None, None
        for artist in self.artists:
            artist.set_animated(True)
        canvas.mpl_connect("draw_event", self._on_draw)

    def _size(self):
        fig = self.canvas.figure
        return (*fig.bbox.size, fig.dpi)

    def _on_draw(self, event):
        if event.canvas is self.canvas and event.renderer is self.canvas.get_renderer():
            self.background = self.canvas.copy_from_bbox(self.canvas.figure.bbox)
            self._key = self._size()
        for artist in self.artists:  # a full frame (and savefig) shows them too
            artist.draw(event.renderer)

    def update(self):
        """Show the artists' new state: a blit when possible, else one full redraw."""
        if self.background is None or self._key != self._size():
            self.canvas.draw_idle()
            return
        self.canvas.restore_region(self.background)
        for artist in self.artists:
            self.canvas.figure.draw_artist(artist)
        self.canvas.blit(self.canvas.figure.bbox)


def _guarded(method):
    """Run a slider callback; if it fails, say so on the dashboard (a callback's
    exception is otherwise invisible in JupyterLab) and re-raise for the log."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            self.error.value = (f'<span class="lessons-error" style="color:#D55E00">'
                                f"Something went wrong: {html.escape(repr(exc))}</span>")
            raise

    return wrapper


class GradientDescentDashboard(widgets.VBox):
    """Gradient descent θ ← θ − α∇J(θ) on a 2-D surface, with live α and steps sliders.

    Attributes for tests and notebooks: ``lr`` and ``steps`` (the sliders), ``figure``,
    ``ax``, ``canvas``, ``artists`` (``plots.PathArtists``), ``blitter``, ``path`` (the
    current ``optimizers.Path``), and the HTML widgets under the plot: ``readout``,
    ``code`` (the reproducing call) and ``error`` (empty unless a callback failed).
    """

    def __init__(self, surface="bowl", lr: float = 0.1, steps: int = 30):
        self.surface = surfaces.get(surface)
        lr = check_lr(lr)
        if not LR_RANGE[0] <= lr <= LR_RANGE[1]:
            raise ValueError(f"lr must be between {LR_RANGE[0]} and {LR_RANGE[1]}, got {lr}")
        if (isinstance(steps, bool) or not isinstance(steps, numbers.Integral)
                or not STEPS_RANGE[0] <= steps <= STEPS_RANGE[1]):
            raise ValueError(f"steps must be a whole number from {STEPS_RANGE[0]} to "
                             f"{STEPS_RANGE[1]}, got {steps!r}")

        self.lr = widgets.FloatLogSlider(
            value=lr, base=10, min=math.log10(LR_RANGE[0]), max=math.log10(LR_RANGE[1]),
            step=0.01, readout_format=".3g", description="learning rate α", style=_WIDE,
            continuous_update=True)
        self.steps = widgets.IntSlider(
            value=steps, min=STEPS_RANGE[0], max=STEPS_RANGE[1], description="steps",
            style=_WIDE, continuous_update=True)
        self.readout = widgets.HTML()
        self.code = widgets.HTML()
        self.error = widgets.HTML()

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
        self._describe()

        self.lr.observe(self._on_change, names="value")
        self.steps.observe(self._on_change, names="value")
        super().__init__([widgets.HBox([self.lr, self.steps]), self.canvas, self.readout,
                          self.code, self.error])

    def _descend(self):
        return descend(self.surface.grad, self.surface.start, GD(self.lr.value),
                       self.steps.value)

    @_guarded
    def _on_change(self, change=None) -> None:
        """A slider moved: recompute the path, move its artists, redraw once."""
        self.path = self._descend()
        plots.update_descent_path(self.artists, self.path)
        self.blitter.update()
        self._describe()

    def _describe(self) -> None:
        """Readout of the current path and the line of Python that reproduces the view."""
        path, s = self.path, self.surface
        if path.diverged:
            text = (f"<b>Diverged at step {path.diverged_at}</b>: each step overshot the "
                    f"minimum by more than the last, until |θ| passed 10⁶. "
                    f"α = {self.lr.value:.3g} is too large here; lower it.")
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
        call = (f'gradient_descent_dashboard(surface="{s.name}", lr={self.lr.value:.3g}, '
                f"steps={self.steps.value})")
        self.code.value = f"<code>{html.escape(call)}</code>"


def gradient_descent_dashboard(surface="bowl", lr: float = 0.1, steps: int = 30):
    """A live gradient-descent plot: drag α (1e-3 … 2, log scale) and the number of
    steps, and watch the path θ₀ → θ_k over the contours of ``surface`` ("bowl" or
    "ravine"). Returns the dashboard widget; display it as a cell's last line."""
    return GradientDescentDashboard(surface=surface, lr=lr, steps=steps)
