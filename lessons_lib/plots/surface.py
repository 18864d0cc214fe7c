"""Loss surfaces J(θ₁, θ₂) as contours, and descent paths drawn over them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from ..surfaces import Surface
from .style import PATH_COLOUR, SURFACE_CMAP

__all__ = ["PathArtists", "surface_contour", "descent_path", "update_descent_path"]


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
