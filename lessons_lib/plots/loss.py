"""Loss functions, drawn: a line fitted to data with its residuals, the loss J over
(slope w, intercept b) as contours, and the per-sample losses against the error or the
predicted probability.

Every value drawn comes from ``lessons_lib.losses`` (a loss is never re-typed here).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from .. import losses
from ..linefit import finite_vector
from .style import OKABE_ITO, PATH_COLOUR, SURFACE_CMAP

__all__ = [
    "LOSS_COLOURS", "LineFitArtists", "LossPointArtists", "pointwise_loss", "data_points",
    "straight_line", "update_straight_line", "line_fit", "update_line_fit", "loss_contour",
    "loss_point", "update_loss_point", "loss_vs_error", "bce_vs_probability",
]

#: One colour per loss, the same in every plot.
LOSS_COLOURS = {"mse": OKABE_ITO[0], "mae": OKABE_ITO[2], "huber": OKABE_ITO[3]}


def pointwise_loss(loss, t, o) -> np.ndarray:
    """The loss of each sample on its own: ``L_i = loss.value([t_i], [o_i])``.

    ``t``, ``o``: ``(n,)``. Returns ``(n,)``. For MSE that is (t − o)², for MAE |t − o|.
    """
    loss = losses.get(loss)
    t, o = finite_vector(t, "t"), finite_vector(o, "o")
    if t.shape != o.shape:
        raise ValueError(f"t and o must have the same length, got {t.size} and {o.size}")
    return np.array([loss.value(t[i:i + 1], o[i:i + 1]) for i in range(t.size)])


# --- the data panel: points, a line o = w·x + b and its residuals -----------------------

def data_points(ax: Axes, x, t, *, label: str = "data", colour: str = "0.25",
                marker: str = "o", size: float = 36):
    """The samples ``(x_i, t_i)`` as dots; ``x``, ``t``: ``(n,)``. Returns the collection."""
    x, t = finite_vector(x, "x"), finite_vector(t, "t")
    return ax.scatter(x, t, s=size, color=colour, marker=marker, zorder=3, label=label,
                      edgecolors="white", linewidths=0.6)


def _span(ax: Axes, x_span):
    return tuple(ax.get_xlim()) if x_span is None else (float(x_span[0]), float(x_span[1]))


def straight_line(ax: Axes, w: float, b: float, x_span=None, **style) -> Line2D:
    """The line o = w·x + b across ``x_span`` = (x_low, x_high) (default: the x-limits)."""
    lo, hi = _span(ax, x_span)
    (line,) = ax.plot([lo, hi], [w * lo + b, w * hi + b], **style)
    return line


def update_straight_line(line: Line2D, w: float, b: float) -> None:
    """Move a ``straight_line`` to o = w·x + b, in place (same x-span)."""
    xs = np.asarray(line.get_xdata(), dtype=float)
    line.set_ydata(w * xs + b)


@dataclass
class LineFitArtists:
    """What ``line_fit`` drew: the line o = w·x + b and one vertical segment per sample
    from (x_i, t_i) to (x_i, o_i): the residual t_i − o_i."""

    line: Line2D
    residuals: LineCollection


def _residual_segments(x, t, w, b) -> np.ndarray:
    o = w * x + b
    return np.stack([np.column_stack([x, t]), np.column_stack([x, o])], axis=1)


def line_fit(ax: Axes, x, t, w: float, b: float, *, x_span=None, colour: str = PATH_COLOUR,
             label: str = "your line o = w·x + b") -> LineFitArtists:
    """Draw the prediction line o = w·x + b and the residuals t − o as vertical segments.

    ``x``, ``t``: ``(n,)``. ``x_span`` = (x_low, x_high) for the line (default: the
    current x-limits). Returns the artists, for ``update_line_fit``.
    """
    x, t = finite_vector(x, "x"), finite_vector(t, "t")
    residuals = LineCollection(_residual_segments(x, t, w, b), colors=colour, linewidths=1.2,
                               linestyles=(0, (2, 1.5)), alpha=0.8, zorder=2,
                               label="residual t − o")
    ax.add_collection(residuals, autolim=False)
    line = straight_line(ax, w, b, x_span, color=colour, linewidth=2.2, zorder=4, label=label)
    return LineFitArtists(line, residuals)


def update_line_fit(artists: LineFitArtists, x, t, w: float, b: float) -> None:
    """Move the line and residuals of ``line_fit`` in place; ``x``, ``t``: ``(n,)`` (n may
    differ from before, e.g. when an outlier is added)."""
    x, t = finite_vector(x, "x"), finite_vector(t, "t")
    update_straight_line(artists.line, w, b)
    artists.residuals.set_segments(_residual_segments(x, t, w, b))


# --- the loss landscape over (w, b) --------------------------------------------------

def loss_contour(ax: Axes, w_values, b_values, J, *, levels: int = 18, colorbar: bool = True,
                 cax: Axes | None = None, label: str = "J", minimum=None):
    """Filled contours of J over the (w, b) grid, with the minimum as a white star.

    ``w_values`` ``(n_w,)``, ``b_values`` ``(n_b,)``, ``J`` ``(n_b, n_w)`` (row = one b).
    Levels sit at quantiles of J, so the valley floor gets as many lines as the walls.
    ``minimum`` = (w*, b*) or None. ``cax``: an Axes for the colour bar (else one is taken
    from ``ax``). Returns ``(filled, lines, star, colorbar)`` (star/colorbar may be None).
    """
    w_values, b_values = finite_vector(w_values, "w_values"), finite_vector(b_values, "b_values")
    J = np.asarray(J, dtype=float)
    if J.shape != (b_values.size, w_values.size):
        raise ValueError(f"J must have shape (len(b_values), len(w_values)) = "
                         f"{(b_values.size, w_values.size)}, got {J.shape}")
    if not np.all(np.isfinite(J)):
        raise ValueError("J must hold only finite numbers")
    lv = np.unique(np.quantile(J, np.linspace(0.0, 1.0, levels + 1) ** 1.5))
    filled = ax.contourf(w_values, b_values, J, levels=lv, cmap=SURFACE_CMAP)
    lines = ax.contour(w_values, b_values, J, levels=lv, colors="white", linewidths=0.4,
                       alpha=0.5)
    star = None
    if minimum is not None:
        (star,) = ax.plot([minimum[0]], [minimum[1]], linestyle="none", marker="*",
                          markersize=16, color="white", markeredgecolor="black",
                          label="best fit (lowest J)", zorder=5)
    ax.set(xlim=(w_values[0], w_values[-1]), ylim=(b_values[0], b_values[-1]))
    bar = None
    if colorbar:
        kwargs = {"cax": cax} if cax is not None else {"ax": ax, "shrink": 0.9}
        bar = ax.figure.colorbar(filled, label=label, spacing="proportional",
                                 ticks=MaxNLocator(6), **kwargs)
    return filled, lines, star, bar


@dataclass
class LossPointArtists:
    """What ``loss_point`` drew: the current (w, b) as a dot and its J as a label."""

    dot: Line2D
    label: Text
    unit: str = ""


def loss_point(ax: Axes, w: float, b: float, J: float, *, colour: str = PATH_COLOUR,
               unit: str = "") -> LossPointArtists:
    """Mark the current parameters (w, b) on a loss contour, labelled "J = …"."""
    (dot,) = ax.plot([w], [b], "o", markersize=10, color=colour, markeredgecolor="white",
                     markeredgewidth=1.5, zorder=6, label="your (w, b)")
    label = ax.annotate("", (w, b), xytext=(8, 8), textcoords="offset points", fontsize=10,
                        zorder=7, bbox=dict(boxstyle="round,pad=0.2", facecolor="white",
                                            edgecolor=colour, alpha=0.9))
    artists = LossPointArtists(dot, label, unit)
    update_loss_point(artists, w, b, J)
    return artists


def update_loss_point(artists: LossPointArtists, w: float, b: float, J: float) -> None:
    """Move the dot and its "J = …" label to (w, b), in place. The label sits on the side
    away from the nearest edge, so it stays inside the axes."""
    artists.dot.set_data([w], [b])
    ax = artists.dot.axes
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    right = (w - x0) < 0.6 * (x1 - x0)
    up = (b - y0) < 0.85 * (y1 - y0)
    artists.label.xy = (w, b)
    artists.label.set_position((8 if right else -8, 8 if up else -8))
    artists.label.set_ha("left" if right else "right")
    artists.label.set_va("bottom" if up else "top")
    artists.label.set_text(f"J = {J:.4g}{artists.unit}")


# --- per-sample losses ---------------------------------------------------------------

def loss_vs_error(ax: Axes, e=None, names=("mse", "mae", "huber"), *, slope: bool = False):
    """Each loss of one sample against its error e = t − o (``e``: ``(n,)``, default
    −3 … 3), or with ``slope=True`` its derivative dL/de = −∂L/∂o (how hard that sample
    pulls on the fit). Values and gradients come from ``lessons_lib.losses`` (Huber with
    its default δ = 1). Returns {name: Line2D}.
    """
    e = np.linspace(-3.0, 3.0, 601) if e is None else finite_vector(e, "e")
    o = np.zeros_like(e)
    styles = {"mse": ("MSE: e²", "-"), "mae": ("MAE: |e|", "--"),
              "huber": ("Huber, δ = 1", "-.")}
    lines = {}
    for name in names:
        loss = losses.get(name)
        if slope:
            y = -np.array([loss.grad(e[i:i + 1], o[i:i + 1])[0] for i in range(e.size)])
        else:
            y = pointwise_loss(loss, e, o)
        text, ls = styles.get(name, (name, "-"))
        (lines[name],) = ax.plot(e, y, ls, color=LOSS_COLOURS.get(name), linewidth=2.2,
                                 label=text)
    ax.axhline(0, color="0.6", linewidth=0.8, zorder=0)
    ax.axvline(0, color="0.6", linewidth=0.8, zorder=0)
    if slope:
        ax.set(xlabel="error e = t − o", ylabel="dL/de  (pull of one sample)",
               title="How hard one sample pulls")
    else:
        ax.set(xlabel="error e = t − o", ylabel="loss L of one sample",
               title="Loss of one sample against its error")
        ax.set_ylim(-0.2, min(5.0, ax.get_ylim()[1]))
    ax.legend(loc="upper center" if not slope else "upper left", fontsize=9, framealpha=0.9)
    ax.grid(alpha=0.3)
    return lines


def bce_vs_probability(ax: Axes, p=None, *, compare_mse: bool = True):
    """Binary cross-entropy of one sample against the predicted probability p
    (``p``: ``(n,)`` in (0, 1), default 0.001 … 0.999): −log p when the label is t = 1 and
    −log(1 − p) when t = 0, from ``losses.BinaryCrossEntropy``. With ``compare_mse`` the
    squared errors (1 − p)² and p² are drawn thin and dashed for comparison.
    Returns {"t=1": Line2D, "t=0": Line2D, ...}.
    """
    p = np.linspace(0.001, 0.999, 999) if p is None else finite_vector(p, "p")
    if p.min() <= 0 or p.max() >= 1:
        raise ValueError("p must lie strictly between 0 and 1")
    lines = {}
    for t, colour, text in [(1.0, OKABE_ITO[0], "t = 1:  −log p"),
                            (0.0, OKABE_ITO[1], "t = 0:  −log(1 − p)")]:
        y = pointwise_loss("bce", np.full_like(p, t), p)
        (lines[f"t={t:g}"],) = ax.plot(p, y, color=colour, linewidth=2.4, label=f"BCE, {text}")
        if compare_mse:
            sq = pointwise_loss("mse", np.full_like(p, t), p)
            (lines[f"mse t={t:g}"],) = ax.plot(p, sq, "--", color=colour, linewidth=1.2,
                                               label=f"squared error, t = {t:g}")
    j = pointwise_loss("bce", [1.0], [0.1])[0]
    ax.annotate(f"t = 1 but p = 0.1:\nconfident and wrong,\nJ = −log 0.1 = {j:.2f}",
                (0.1, j), xytext=(0.22, 2.5), fontsize=9,
                arrowprops=dict(arrowstyle="->", color="0.3"))
    ax.set(xlim=(0, 1), ylim=(0, 5), xlabel="predicted probability p (that the label is 1)",
           ylabel="loss J of one sample", title="Binary cross-entropy")
    ax.legend(loc="upper center", fontsize=8.5, framealpha=0.9)
    ax.grid(alpha=0.3)
    return lines
