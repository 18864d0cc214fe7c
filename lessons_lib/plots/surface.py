"""Loss surfaces J(θ₁, θ₂) as contours, and descent paths drawn over them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib import patheffects
from matplotlib import transforms as mtransforms
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from ..surfaces import Surface
from .style import OKABE_ITO, PATH_COLOUR, SURFACE_CMAP

__all__ = ["PathArtists", "surface_contour", "descent_path", "update_descent_path",
           "contour_colorbar", "legend_below",
           "RACE_COLOURS", "RaceArtists", "race_note", "optimizer_race",
           "update_optimizer_race", "ParameterPathArtists", "parameter_path",
           "update_parameter_path", "DOTS_UP_TO"]


def surface_contour(ax: Axes, surface: Surface, n: int = 200, levels: int = 20,
                    colorbar: bool = True):
    """Filled contours of J over the surface's window, its minima as white stars and
    any saddle points as white crosses.

    Levels sit at quantiles of J on the grid, so the low valley floor gets as many
    contour lines as the steep walls. Labels the axes θ₁, θ₂ (and a colour bar J).
    Returns the filled ``QuadContourSet`` and the ``Line2D`` of the minima.
    """
    t1, t2, j = surface.grid(n)
    lv = np.unique(np.quantile(j, np.linspace(0.0, 1.0, levels + 1) ** 1.5))
    filled = ax.contourf(t1, t2, j, levels=lv, cmap=SURFACE_CMAP)
    ax.contour(t1, t2, j, levels=lv, colors="white", linewidths=0.4, alpha=0.5)
    (minima,) = ax.plot(*surface.minima.T, linestyle="none", marker="*", markersize=14,
                        color="white", markeredgecolor="black", label="minimum")
    if len(surface.saddles):
        ax.plot(*surface.saddles.T, linestyle="none", marker="X", markersize=11,
                color="white", markeredgecolor="black", label="saddle point")
    ax.set(xlim=surface.xlim, ylim=surface.ylim, xlabel="θ₁", ylabel="θ₂",
           title=f"{surface.title}\n{surface.formula}")
    ax.set_aspect("equal", adjustable="box")
    if colorbar:
        ax.figure.colorbar(filled, ax=ax, label="J", shrink=0.9, spacing="proportional",
                          ticks=MaxNLocator(6))
    return filled, minima


@dataclass
class PathArtists:
    """What ``descent_path`` drew: the path line with a dot per step, the start, the
    current end, and a note that reads "diverged at step N" when the walk blew up."""

    line: Line2D
    start: Line2D
    end: Line2D
    note: Text


def descent_path(ax: Axes, path, colour: str = PATH_COLOUR) -> PathArtists:
    """Draw a descent path ``(k + 1, 2)``: θ₀ as a hollow circle, every step a dot,
    the last point θ_k as a filled circle. Returns the artists, for updates in place."""
    (line,) = ax.plot([], [], "-o", color=colour, markersize=3, linewidth=1.5,
                      label="gradient descent path")
    (start,) = ax.plot([], [], "o", markersize=9, markerfacecolor="none",
                       markeredgecolor=colour, markeredgewidth=2, label="start θ₀")
    (end,) = ax.plot([], [], "o", markersize=8, color=colour, markeredgecolor="black")
    note = ax.text(0.5, 0.96, "", transform=ax.transAxes, ha="center", va="top",
                   fontsize=12, fontweight="bold", color="black",
                   bbox=dict(boxstyle="round", facecolor="white", edgecolor=colour))
    artists = PathArtists(line, start, end, note)
    update_descent_path(artists, path)
    return artists


def update_descent_path(artists: PathArtists, path) -> None:
    """Move the artists of ``descent_path`` to a new path, in place (no redraw).

    A path with ``diverged_at = N`` (see ``optimizers.descend``) shows the note
    "diverged at step N"; any other path hides it.
    """
    pts = np.asarray(path, dtype=float).reshape(-1, 2)
    artists.line.set_data(pts[:, 0], pts[:, 1])
    artists.start.set_data(pts[:1, 0], pts[:1, 1])
    artists.end.set_data(pts[-1:, 0], pts[-1:, 1])
    diverged_at = getattr(path, "diverged_at", None)
    artists.note.set_text("" if diverged_at is None else f"diverged at step {diverged_at}")
    artists.note.set_visible(diverged_at is not None)


#: One colour per optimizer in a race (Okabe–Ito; yellow left out, it vanishes on viridis).
RACE_COLOURS = {"gd": PATH_COLOUR, "momentum": OKABE_ITO[5], "nesterov": OKABE_ITO[4],
                "rmsprop": OKABE_ITO[3], "adam": "#FFFFFF"}
# A dark edge under each race line, so every colour shows on every part of viridis.
_OUTLINE = [patheffects.Stroke(linewidth=3.2, foreground="black", alpha=0.55),
            patheffects.Normal()]


@dataclass
class RaceArtists:
    """What ``optimizer_race`` drew: per optimizer (keyed by name) its path line, a dot
    per step and its end point; the shared start θ₀; the legend; and a note naming the
    optimizers that diverged ("diverged: GD at step 9, …"), hidden when none did."""

    lines: dict
    dots: dict
    ends: dict
    start: Line2D
    legend: Legend
    note: Text
    labels: dict

    def moving(self) -> list:
        """The artists that change when the paths do (for a ``Blitter``)."""
        return [*self.lines.values(), *self.dots.values(), *self.ends.values(), self.note]


def race_note(paths: dict, labels: dict | None = None) -> str:
    """"diverged: GD at step 20, Nesterov at step 10" for the paths that diverged
    (``path.diverged_at`` not None), or "" when none did."""
    labels = labels or {}
    gone = [f"{labels.get(k, k)} at step {p.diverged_at}" for k, p in paths.items()
            if getattr(p, "diverged_at", None) is not None]
    return "diverged: " + ", ".join(gone) if gone else ""


def optimizer_race(ax: Axes, paths: dict, surface: Surface, labels: dict | None = None,
                   colours: dict | None = None, ncols: int = 4) -> RaceArtists:
    """Draw several descent paths from one start on ``surface``'s contour (drawn before
    with ``surface_contour``): ``paths`` is {name: path ``(k + 1, 2)``}, e.g. one
    ``optimizers.Path`` per optimizer. Each path is an outlined line (so it shows on every
    colour) with a dot per step, ending in a filled circle. A legend under the plot
    (``ncols`` columns) names them; a note at the top names those that diverged
    (``race_note``). ``labels`` and ``colours`` map names to legend names and colours
    (default: the name; ``RACE_COLOURS``, then the Okabe–Ito cycle). Returns the artists,
    for updates in place with ``update_optimizer_race``.
    """
    if not paths:
        raise ValueError("paths must hold at least one path, e.g. {'gd': path}")
    labels = {k: (labels or {}).get(k, k) for k in paths}
    spare = iter(OKABE_ITO)
    colours = {k: (colours or {}).get(k) or RACE_COLOURS.get(k) or next(spare) for k in paths}
    lines, dots, ends = {}, {}, {}
    for k in paths:
        (lines[k],) = ax.plot([], [], "-", color=colours[k], linewidth=1.6,
                              path_effects=_OUTLINE, label=labels[k])
        (dots[k],) = ax.plot([], [], "o", color=colours[k], markersize=3,
                             markeredgecolor="black", markeredgewidth=0.4)
        (ends[k],) = ax.plot([], [], "o", markersize=7, color=colours[k],
                             markeredgecolor="black")
    first = np.asarray(next(iter(paths.values())), dtype=float).reshape(-1, 2)
    (start,) = ax.plot(first[:1, 0], first[:1, 1], "o", markersize=10,
                       markerfacecolor="none", markeredgecolor="black", markeredgewidth=1.5,
                       path_effects=[patheffects.Stroke(linewidth=4, foreground="white"),
                                     patheffects.Normal()], label="start θ₀")
    minima = [ln for ln in ax.lines if ln.get_label() == "minimum"]
    legend = legend_below(ax, [*lines.values(), start, *minima], ncols=ncols)
    note = ax.text(0.5, 0.96, "", transform=ax.transAxes, ha="center", va="top",
                   fontsize=10, fontweight="bold", color="black",
                   bbox=dict(boxstyle="round", facecolor="white", edgecolor=PATH_COLOUR))
    artists = RaceArtists(lines, dots, ends, start, legend, note, labels)
    update_optimizer_race(artists, paths)
    return artists


def update_optimizer_race(artists: RaceArtists, paths: dict) -> None:
    """Move the paths of ``optimizer_race`` (same names) and rewrite its note of who
    diverged, in place (no redraw)."""
    if set(paths) != set(artists.lines):
        raise ValueError(f"paths must have the names {sorted(artists.lines)}, "
                         f"got {sorted(paths)}")
    for k in artists.lines:
        pts = np.asarray(paths[k], dtype=float).reshape(-1, 2)
        artists.lines[k].set_data(pts[:, 0], pts[:, 1])
        artists.dots[k].set_data(pts[:, 0], pts[:, 1])
        artists.ends[k].set_data(pts[-1:, 0], pts[-1:, 1])
    text = race_note(paths, artists.labels)
    artists.note.set_text(text)
    artists.note.set_visible(bool(text))


@dataclass
class ParameterPathArtists:
    """What ``parameter_path`` drew: the path of θ after every update (a ``PathArtists``
    whose note reads "diverged at update N") and a square after every epoch."""

    path: PathArtists
    epochs: Line2D

    def moving(self) -> list:
        """The artists that change with the run (for a ``Blitter``)."""
        return [*vars(self.path).values(), self.epochs]


#: Above this many updates a parameter path is drawn as a plain line (dots would merge).
DOTS_UP_TO = 150


def parameter_path(ax: Axes, history=None, colour: str = PATH_COLOUR) -> ParameterPathArtists:
    """Draw the path of two parameters during training: ``history.params_path``
    ``(n_updates + 1, 2)`` (e.g. (w, b) of a 1-input linear model; a ``training.History``
    or anything with ``params_path``, ``updates_per_epoch`` and ``diverged_at``).

    θ after every update is a line (with dots while there are at most ``DOTS_UP_TO``
    updates), θ after every epoch a white square, θ₀ a hollow circle, the last θ a filled
    one. Pass ``history=None`` to fill it later with ``update_parameter_path``.
    """
    path = descent_path(ax, np.empty((0, 2)), colour=colour)
    path.line.set_label("θ after every update")
    (epochs,) = ax.plot([], [], "s", markersize=5, markerfacecolor="white",
                        markeredgecolor="black", label="θ after every epoch")
    artists = ParameterPathArtists(path, epochs)
    if history is not None:
        update_parameter_path(artists, history)
    return artists


def update_parameter_path(artists: ParameterPathArtists, history) -> None:
    """Move the artists of ``parameter_path`` to a new run, in place (no redraw)."""
    pts = getattr(history, "params_path", None)
    if pts is None or np.ndim(pts) != 2 or np.shape(pts)[1] != 2:
        raise ValueError("parameter_path draws two parameters: history.params_path must "
                         "have shape (n_updates + 1, 2), e.g. from a 1-input linear model")
    pts = np.asarray(pts, dtype=float)
    update_descent_path(artists.path, pts)
    artists.path.line.set_marker("o" if len(pts) <= DOTS_UP_TO + 1 else "")
    per = int(history.updates_per_epoch)
    artists.epochs.set_data(pts[per::per, 0], pts[per::per, 1])
    diverged_at = getattr(history, "diverged_at", None)
    note = artists.path.note
    note.set_text("" if diverged_at is None else f"diverged at update {diverged_at}")
    note.set_visible(diverged_at is not None)


def contour_colorbar(ax: Axes, filled):
    """A colour bar for J just right of ``ax``, exactly as tall as it, inside ``ax`` (an
    inset), so it comes and goes with the Axes. ``filled``: what ``surface_contour``
    returned first. Returns the ``Colorbar``."""
    cax = ax.inset_axes([1.04, 0.0, 0.045, 1.0])
    return ax.figure.colorbar(filled, cax=cax, label="J", spacing="proportional",
                              ticks=MaxNLocator(6))


def legend_below(ax: Axes, handles=None, labels=None, ncols: int = 3, gap: float = 30,
                 **kwargs) -> Legend:
    """A legend centred under ``ax``, ``gap`` points below its bottom edge (clear of the
    x-axis label whatever the Axes' height), so it never covers the plot. ``handles``,
    ``labels`` and ``kwargs`` as for ``Axes.legend``."""
    below = mtransforms.offset_copy(ax.transAxes, fig=ax.figure, y=-gap, units="points")
    if handles is not None and labels is None:
        labels = [h.get_label() for h in handles]
    args = () if handles is None else (handles, labels)
    kwargs = {"fontsize": 8, "framealpha": 0.95, **kwargs}
    return ax.legend(*args, loc="upper center", bbox_to_anchor=(0.5, 0.0),
                     bbox_transform=below, ncols=ncols, **kwargs)
