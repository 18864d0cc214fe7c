"""What a classifier has learned: its decision boundary over the data, and loss per epoch.

``decision_boundary`` colours the plane by the network's output a = P(class 1 | x), draws
the line a = 0.5 (where its decision flips) and the data points of the two classes with
two markers. ``update_decision_boundary`` recolours it for a model with new weights,
in place: the probability image is ``set_data`` on a fixed grid and the 0.5 line is
re-traced with ``contourpy`` (no new artists, no recontouring), so a live dashboard can
redraw it every few updates. ``epoch_curves`` compares runs: J on all N samples after
every epoch, one line per run.
"""

from __future__ import annotations

from dataclasses import dataclass

import contourpy
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D

from .style import DIVERGING_CMAP, OKABE_ITO

__all__ = ["BoundaryArtists", "decision_boundary", "update_decision_boundary",
           "data_extent", "epoch_curves"]

#: Class 0 and class 1: colour and marker, so the classes differ in shape as well as hue.
CLASS_STYLE = [dict(color=OKABE_ITO[0], marker="o", label="class 0 (y = 0)"),
               dict(color=OKABE_ITO[1], marker="^", label="class 1 (y = 1)")]


@dataclass
class BoundaryArtists:
    """What ``decision_boundary`` drew: the probability image, the a = 0.5 line, the
    points of each class, and the grid (``gx (n,)``, ``gy (m,)``, ``points (m·n, 2)``)
    the image is computed on."""

    image: AxesImage
    boundary: LineCollection
    class0: Line2D
    class1: Line2D
    gx: np.ndarray
    gy: np.ndarray
    points: np.ndarray


def data_extent(X, margin: float = 0.25) -> tuple[float, float, float, float]:
    """A window around the points ``X (N, 2)``: (x_min, x_max, y_min, y_max), each side
    widened by ``margin`` × the data's range."""
    X = _points(X)
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = margin * np.maximum(hi - lo, 1e-9)
    return float(lo[0] - pad[0]), float(hi[0] + pad[0]), float(lo[1] - pad[1]), \
        float(hi[1] + pad[1])


def _points(X) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise ValueError(f"X must have shape (n_samples, 2): two features per point, "
                         f"got {X.shape}")
    return X


#: Grid points per forward pass. One pass over all ~14 000 points makes OpenBLAS split
#: its small products over threads: on a busy 2-core machine that was 3–10× slower
#: (16 ms instead of 1.4 ms at 32 hidden units) for the very same numbers.
ROWS_PER_PASS = 2048


def _probabilities(model, points: np.ndarray, shape) -> np.ndarray:
    """The model's output on the grid points as an image ``shape``, clipped to [0, 1]."""
    with np.errstate(all="ignore"):
        a = np.concatenate([np.asarray(model.forward(points[i:i + ROWS_PER_PASS]), dtype=float)
                            for i in range(0, len(points), ROWS_PER_PASS)])
    if a.ndim != 2 or a.shape[1] != 1:
        raise ValueError(f"the model must have one output, a probability a = P(class 1); "
                         f"its output has shape {a.shape}")
    return np.clip(np.nan_to_num(a[:, 0], nan=0.5), 0.0, 1.0).reshape(shape)


def decision_boundary(ax: Axes, model, X, y, *, extent=None, n: int = 120,
                      colorbar: bool = True) -> BoundaryArtists:
    """Draw what a two-class model predicts over the plane, with the data on top.

    model: has ``forward(P) -> (len(P), 1)``, the probability a = P(class 1 | x) (e.g. an
        ``nn.MLP`` ending in a sigmoid).
    X: the points ``(N, 2)``.  y: their classes ``(N,)`` or ``(N, 1)``, 0 or 1.
    extent: (x_min, x_max, y_min, y_max) of the window; default ``data_extent(X)``.
    n: grid points along x (y gets as many per unit length).
    The image is a on an n-wide grid (blue: a near 0, class 0; red: a near 1, class 1;
    white: a = 0.5, undecided), a interpolated between grid points before it is coloured
    (half the cost of blending colours: a live plot redraws it often), the black line
    is the boundary a = 0.5. Returns the
    artists, for ``update_decision_boundary``.
    """
    X = _points(X)
    y = np.asarray(y).reshape(-1)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one class per point of X ({X.shape[0]}), got "
                         f"{y.shape[0]}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must hold the classes 0 and 1 only")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 10:
        raise ValueError(f"n must be a whole number ≥ 10, got {n!r}")
    x0, x1, y0, y1 = data_extent(X) if extent is None else map(float, extent)
    if not (x0 < x1 and y0 < y1):
        raise ValueError(f"extent must be (x_min, x_max, y_min, y_max) with min < max, "
                         f"got {extent!r}")
    m = max(10, int(round(n * (y1 - y0) / (x1 - x0))))
    gx, gy = np.linspace(x0, x1, n), np.linspace(y0, y1, m)
    points = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2)
    image = ax.imshow(np.full((m, n), 0.5), origin="lower", extent=(x0, x1, y0, y1),
                      cmap=DIVERGING_CMAP, vmin=0.0, vmax=1.0, alpha=0.65,
                      interpolation="bilinear", interpolation_stage="data", aspect="auto")
    boundary = LineCollection([], colors="black", linewidths=2,
                              label="boundary a = 0.5")
    ax.add_collection(boundary, autolim=False)
    marks = []
    for k, style in enumerate(CLASS_STYLE):
        pts = X[y == k]
        (line,) = ax.plot(pts[:, 0], pts[:, 1], linestyle="none", markersize=6,
                          markeredgecolor="black", markeredgewidth=0.6, **style)
        marks.append(line)
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="x₁", ylabel="x₂")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label="network output a = P(class 1 | x)",
                           shrink=0.9, ticks=[0, 0.25, 0.5, 0.75, 1])
    artists = BoundaryArtists(image, boundary, marks[0], marks[1], gx, gy, points)
    update_decision_boundary(artists, model)
    return artists


def update_decision_boundary(artists: BoundaryArtists, model) -> None:
    """Recolour the image and re-trace the a = 0.5 line for ``model``, in place (no
    redraw). Costs one forward pass over the grid."""
    a = _probabilities(model, artists.points, artists.image.get_array().shape)
    artists.image.set_data(a)
    lines = contourpy.contour_generator(artists.gx, artists.gy, a).lines(0.5)
    artists.boundary.set_segments([seg for seg in lines if len(seg) > 1])


def epoch_curves(ax: Axes, histories, labels, *, log: bool = True) -> list[Line2D]:
    """J on all N samples after every epoch, one line per run: ``histories`` (each a
    ``training.History``, its ``epoch_losses`` ``(epochs + 1,)``) at x = epoch 0, 1, …,
    in the Okabe–Ito colours, labelled ``labels``. Returns the lines."""
    histories, labels = list(histories), list(labels)
    if len(histories) != len(labels):
        raise ValueError(f"give one label per history: {len(histories)} histories, "
                         f"{len(labels)} labels")
    lines = []
    for k, (history, label) in enumerate(zip(histories, labels)):
        J = history.epoch_losses
        (line,) = ax.plot(np.arange(J.size), J, "-", color=OKABE_ITO[k % len(OKABE_ITO)],
                          linewidth=2, label=label)
        lines.append(line)
    ax.set(xlabel="epoch", ylabel="loss J on all N samples")
    if log:
        ax.set_yscale("log")
    return lines
