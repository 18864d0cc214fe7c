"""A small layered network drawn as circles and edges, each edge coloured by its ∂J/∂w.

"Who to blame": after a backward pass every weight w has a gradient ∂J/∂w. An edge's
colour shows its sign (``DIVERGING_CMAP``: blue < 0 < red, white at 0), its thickness
shows |∂J/∂w|. Under each unit: its activation a and its error term δ (= ∂J/∂b).
``update_network`` recolours the edges and rewrites the numbers in place.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.colorbar import Colorbar
from matplotlib.colors import FuncNorm, Normalize
from matplotlib.lines import Line2D
from matplotlib.patches import Circle
from matplotlib.text import Text

from ..worked import unit_names
from .style import DIVERGING_CMAP, OKABE_ITO

__all__ = ["NetworkArtists", "network_diagram", "update_network", "nice_ceiling",
           "signed_sqrt_norm",
           "unit_label", "weight_label", "GradientNormArtists", "gradient_norm_plot",
           "update_gradient_norm_plot", "times_ten"]

_MIN_WIDTH, _MAX_WIDTH = 0.6, 9.0       # edge line widths (points) for |∂J/∂w| = 0 … vmax
_RADIUS = 0.17                          # unit circle radius, data units (layers 1 apart)


@dataclass
class NetworkArtists:
    """What ``network_diagram`` drew.

    edges: one segment per weight, in the order of ``edge_index`` (layer l, unit j, input
    i, i.e. ``weights[l][j, i]``), coloured by ∂J/∂w through ``norm``.
    units: the circles (edges stop at their rims, so they stay static). names: the unit
    labels (x₁, h₁, o₁). values: the text under each unit (a, or x, and δ), one list per
    layer, inputs first. weight_texts: the ∂J/∂w number on each edge (empty list if not
    drawn). colorbar: the "∂J/∂w" colour bar (or None).
    """

    edges: LineCollection
    units: PatchCollection
    names: list
    values: list
    weight_texts: list
    colorbar: Colorbar | None
    norm: Normalize
    edge_index: list
    sizes: list

    @property
    def moving(self) -> list:
        """The artists an update changes (for blitting), in drawing order."""
        return [self.edges, *self.weight_texts, *[t for layer in self.values for t in layer]]


def _signed_sqrt(v):
    return np.sign(v) * np.sqrt(np.abs(v))


def _signed_square(v):
    return np.sign(v) * v * v


def signed_sqrt_norm(vmax: float) -> FuncNorm:
    """Colours for −vmax … vmax on a signed square-root scale: small gradients still get
    a visible tint (|g| = vmax/100 is a tenth of the way to the strongest colour)."""
    return FuncNorm((_signed_sqrt, _signed_square), vmin=-vmax, vmax=vmax)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 5 × 10^k that is ≥ ``value`` (> 0): a round colour-bar limit
    that changes only now and then as the gradients change."""
    if not value > 0 or not math.isfinite(value):
        return 1e-6
    k = math.floor(math.log10(value))
    for m in (1, 2, 5, 10):
        if m * 10.0 ** k >= value * (1 - 1e-12):
            return m * 10.0 ** k
    return 10.0 ** (k + 1)  # pragma: no cover - the loop always returns


def unit_label(name: str) -> str:
    """Textbook name as mathtext: "x1" → $x_1$, "h2_3" → $h^{(2)}_3$."""
    m = re.fullmatch(r"([a-z])(\d+)_(\d+)", name)
    if m:
        return f"${m[1]}^{{({m[2]})}}_{{{m[3]}}}$"
    m = re.fullmatch(r"([a-z])(\d+)", name)
    return f"${m[1]}_{{{m[2]}}}$" if m else name


def weight_label(names, l: int, j: int, i: int) -> str:
    """The weight from unit i of layer l to unit j of layer l+1, e.g. "w_{h1,x1}"
    (``names`` as from ``worked.unit_names``: inputs first)."""
    return f"w_{{{names[l + 1][j]},{names[l][i]}}}"


def _check(sizes, grads, acts, deltas):
    """The arrays as float arrays, checked against ``sizes``; ValueError otherwise."""
    grads = [np.asarray(g, dtype=float) for g in grads]
    if len(grads) != len(sizes) - 1:
        raise ValueError(f"need one gradient array per layer ({len(sizes) - 1}), "
                         f"got {len(grads)}")
    for l, g in enumerate(grads):
        if g.shape != (sizes[l + 1], sizes[l]):
            raise ValueError(f"grads[{l}] must have the shape of weights[{l}], "
                             f"(n_out, n_in) = ({sizes[l + 1]}, {sizes[l]}), got {g.shape}")
        if not np.isfinite(g).all():
            raise ValueError(f"grads[{l}] contains NaN or inf")
    if acts is not None:
        acts = [np.asarray(a, dtype=float).ravel() for a in acts]
        if [a.size for a in acts] != list(sizes):
            raise ValueError(f"activations must give one value per unit, layers of sizes "
                             f"{list(sizes)} (inputs first), got {[a.size for a in acts]}")
    if deltas is not None:
        deltas = [np.asarray(d, dtype=float).ravel() for d in deltas]
        if [d.size for d in deltas] != list(sizes[1:]):
            raise ValueError(f"deltas must give one δ per non-input unit, layers of sizes "
                             f"{list(sizes[1:])}, got {[d.size for d in deltas]}")
    return grads, acts, deltas


def _positions(sizes):
    """Unit centres: layer l at x = l, its units spread evenly around y = 0, top first."""
    tallest = max(sizes)
    return [np.column_stack([np.full(n, float(l)),
                             (np.arange(n)[::-1] - (n - 1) / 2) * (tallest / max(n, 1)) ** 0.3])
            for l, n in enumerate(sizes)]


def _value_text(l, k, acts, deltas, digits):
    """What stands under unit k of layer l: "x = …" or "a = …", then "δ = …"."""
    lines = []
    if acts is not None:
        lines.append(f"{'x' if l == 0 else 'a'} = {acts[l][k]:.{digits}f}")
    if deltas is not None and l > 0:
        lines.append(f"δ = {deltas[l - 1][k]:.{digits}f}")
    return "\n".join(lines)


def network_diagram(ax: Axes, sizes, grads, activations=None, deltas=None, *,
                    vmax: float | None = None, colorbar: bool = True,
                    edge_values: bool = True, digits: int = 4) -> NetworkArtists:
    """Draw a layered network, edges coloured and sized by ∂J/∂w.

    sizes: units per layer, inputs first, e.g. ``[2, 2, 1]``.
    grads: one array per layer, ``grads[l]`` of shape ``(n_out, n_in)`` = ``(sizes[l+1],
    sizes[l])``, the ∂J/∂W of ``weights[l]``.
    activations: optional, one array per layer *including the inputs*, ``(sizes[l],)``:
    shown as x = … / a = … under each unit. deltas: optional, one array per non-input layer
    ``(sizes[l+1],)``: shown as δ = … (the error term ∂J/∂z, which is also ∂J/∂b).
    vmax: the colour bar runs from −vmax to vmax (default: ``nice_ceiling`` of the largest
    |∂J/∂w|), on a signed square-root scale (``signed_sqrt_norm``) so that small
    gradients still show a tint. Edge width grows linearly with |∂J/∂w| up to vmax.
    edge_values: write each ∂J/∂w on its edge (for small networks).
    Returns the artists (``NetworkArtists``), for ``update_network``.
    """
    sizes = [int(n) for n in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least 2 layers of at least 1 unit, got {sizes}")
    grads, acts, deltas = _check(sizes, grads, activations, deltas)
    names = unit_names(sizes)
    pos = _positions(sizes)
    edge_index = [(l, j, i) for l in range(len(sizes) - 1)
                  for j in range(sizes[l + 1]) for i in range(sizes[l])]
    segments = [_trimmed(pos[l][i], pos[l + 1][j]) for l, j, i in edge_index]

    g = np.concatenate([x.ravel() for x in grads])
    vmax = nice_ceiling(float(np.max(np.abs(g)))) if vmax is None else float(vmax)
    norm = signed_sqrt_norm(vmax)
    # A thin grey wire under every edge keeps the network visible where ∂J/∂w ≈ 0 (white).
    ax.add_collection(LineCollection(segments, colors="#BBBBBB", linewidths=0.8, zorder=0))
    edges = LineCollection(segments, cmap=DIVERGING_CMAP, norm=norm, zorder=1,
                           capstyle="butt")
    edges.set_array(g)
    edges.set_linewidths(_widths(g, vmax))
    ax.add_collection(edges)

    centres = np.vstack(pos)
    units = PatchCollection([Circle(c, _RADIUS) for c in centres], facecolor="white",
                            edgecolor="#333333", linewidth=1.5, zorder=3)
    ax.add_collection(units)
    name_texts, values = [], []
    for l, layer in enumerate(names):
        row = []
        for k, name in enumerate(layer):
            x, y = pos[l][k]
            name_texts.append(ax.text(x, y, unit_label(name), ha="center", va="center",
                                      fontsize=13, zorder=4))
            row.append(ax.text(x, y - _RADIUS - 0.04, _value_text(l, k, acts, deltas, digits),
                               ha="center", va="top", fontsize=9, zorder=4,
                               linespacing=1.15, family="DejaVu Sans Mono",
                               bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none",
                                         alpha=0.9)))
        values.append(row)

    weight_texts = []
    if edge_values:
        for (l, j, i), (a, b), v in zip(edge_index, segments, g):
            # A third of the way along, where edges out of one unit have fanned apart
            # but have not yet crossed the edges out of its neighbours.
            p = np.asarray(a) + 0.36 * (np.asarray(b) - np.asarray(a))
            weight_texts.append(ax.text(*p, f"{v:+.{digits}f}", ha="center", va="center",
                                        fontsize=8, zorder=2, color="#222222",
                                        bbox=dict(boxstyle="round,pad=0.15", fc="white",
                                                  ec="none", alpha=0.85)))

    ys = centres[:, 1]
    ax.set(xlim=(-0.45, len(sizes) - 0.55), ylim=(ys.min() - 0.75, ys.max() + 0.4),
           xticks=[], yticks=[])
    ax.set_aspect("equal", adjustable="box")   # round circles
    for side in ax.spines.values():
        side.set_visible(False)

    bar = None
    if colorbar:
        bar = ax.figure.colorbar(edges, ax=ax, label="∂J/∂w", shrink=0.8, pad=0.02)
        _colorbar_ticks(bar, vmax)
    return NetworkArtists(edges, units, name_texts, values, weight_texts, bar, norm,
                          edge_index, sizes)


def _nearest_round(v: float) -> float:
    """The 1, 2 or 5 × 10^k nearest to v on a log scale."""
    k = math.floor(math.log10(v))
    return min((m * 10.0 ** e for e in (k, k + 1) for m in (1, 2, 5)),
               key=lambda c: abs(math.log(c / v)))


def _colorbar_ticks(bar: Colorbar, vmax: float) -> None:
    """Ticks at 0, ±vmax and two round values between, spread out on the sqrt scale."""
    inner = sorted({_nearest_round(vmax / 25), _nearest_round(vmax / 4)})
    ticks = [-vmax, *[-t for t in inner[::-1]], 0.0, *inner, vmax]
    bar.set_ticks(ticks, labels=[f"{t:g}" for t in ticks])


def _trimmed(a, b):
    """The segment from unit centre a to unit centre b, cut back to the circles' rims."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    u = (b - a) / np.linalg.norm(b - a)
    return a + _RADIUS * u, b - _RADIUS * u


def _widths(g, vmax):
    return _MIN_WIDTH + (_MAX_WIDTH - _MIN_WIDTH) * np.minimum(np.abs(g) / vmax, 1.0)


def update_network(artists: NetworkArtists, grads, activations=None, deltas=None, *,
                   vmax: float | None = None, digits: int = 4) -> bool:
    """Recolour and resize the edges for new gradients and rewrite the numbers, in place.

    Arguments as in ``network_diagram`` (same sizes). vmax None: a new ``nice_ceiling``.
    Returns True when the colour scale changed (the colour bar moved, so the caller must
    redraw the whole figure, not only the moving artists).
    """
    grads, acts, deltas = _check(artists.sizes, grads, activations, deltas)
    g = np.concatenate([x.ravel() for x in grads])
    vmax = nice_ceiling(float(np.max(np.abs(g)))) if vmax is None else float(vmax)
    rescaled = vmax != artists.norm.vmax
    if rescaled:
        artists.norm.vmin, artists.norm.vmax = -vmax, vmax
        if artists.colorbar is not None:
            _colorbar_ticks(artists.colorbar, vmax)
    artists.edges.set_array(g)
    artists.edges.set_linewidths(_widths(g, vmax))
    for l, row in enumerate(artists.values):
        for k, text in enumerate(row):
            text.set_text(_value_text(l, k, acts, deltas, digits))
    for text, v in zip(artists.weight_texts, g):
        text.set_text(f"{v:+.{digits}f}")
    return rescaled


# --- gradient size layer by layer (vanishing gradients) ------------------------------------

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_CURVE_COLOURS = {"sigmoid": OKABE_ITO[0], "tanh": OKABE_ITO[1], "relu": OKABE_ITO[2]}
_SIGMOID_MAX_SLOPE = 0.25   # max of a(1 − a)


def times_ten(x: float) -> str:
    """A positive number as a student writes it: "3.7 × 10⁻⁷", or "0.42", "31" near 1."""
    if not x > 0 or not math.isfinite(x):
        return f"{x:g}"
    k = math.floor(math.log10(x))
    if -2 <= k <= 2:
        return f"{x:.2g}"
    m = x / 10.0 ** k
    if round(m, 1) >= 10:
        m, k = m / 10, k + 1
    return f"{m:.1f} × 10{str(k).translate(_SUPERSCRIPT)}"


@dataclass
class GradientNormArtists:
    """What ``gradient_norm_plot`` drew: one line per activation (``lines``, a dict), the
    dashed "× 0.25 per layer" guide (shown when the sigmoid is highlighted) and a note
    with the first-to-last ratio of the highlighted curve."""

    lines: dict
    guide: Line2D
    note: Text

    @property
    def moving(self) -> list:
        return [*self.lines.values(), self.guide, self.note]


def gradient_norm_plot(ax: Axes, curves: dict, highlight: str, *, xlim=None,
                       ylim=None) -> GradientNormArtists:
    """‖∂J/∂W_l‖ against the layer l (1 = next to the input, L = output), log y-axis.

    curves: {activation name: norms ``(L,)``}, names among "sigmoid", "tanh", "relu"
    (others are drawn in black). highlight: the name drawn bold with dots; the rest are
    faint, for comparison. xlim, ylim: fixed limits (default: fitted to the curves).
    Returns the artists, for ``update_gradient_norm_plot``.
    """
    if highlight not in curves:
        raise ValueError(f"highlight must be one of the curves ({', '.join(curves)}), "
                         f"got {highlight!r}")
    lines = {}
    for name in curves:
        (lines[name],) = ax.plot([], [], color=_CURVE_COLOURS.get(name, "black"))
    (guide,) = ax.plot([], [], "--", color="#555555", linewidth=1.3, zorder=1)
    note = ax.text(0.98, 0.96, "", transform=ax.transAxes, ha="right", va="top",
                   fontsize=10, bbox=dict(boxstyle="round", fc="white", ec="#999999"))
    ax.set_yscale("log")
    ax.set(xlabel="layer l   (1 = next to the input, L = output layer)",
           ylabel="‖∂J/∂Wₗ‖  (log scale)",
           title="How big is each layer's gradient?")
    ax.grid(True, which="major", alpha=0.3)
    # Legend from neutral proxies: the lines' own styles change with the highlight.
    proxies = [Line2D([], [], color=_CURVE_COLOURS.get(n, "black"), linewidth=2.2,
                      label="ReLU" if n == "relu" else n) for n in curves]
    proxies.append(Line2D([], [], linestyle="--", color="#555555",
                          label="× 0.25 per layer (sigmoid's largest slope)"))
    ax.legend(handles=proxies, loc="lower right", fontsize=9)
    artists = GradientNormArtists(lines, guide, note)
    update_gradient_norm_plot(artists, curves, highlight)
    every = np.concatenate([np.asarray(c, dtype=float) for c in curves.values()])
    longest = max(np.size(c) for c in curves.values())
    ax.set_xlim(xlim if xlim is not None else (0.5, longest + 0.5))
    every = every[every > 0]
    # Default: the curves, with room at the top for the note.
    ax.set_ylim(ylim if ylim is not None else (every.min() / 3, every.max() * 50))
    ax.xaxis.get_major_locator().set_params(integer=True)
    return artists


def update_gradient_norm_plot(artists: GradientNormArtists, curves: dict,
                              highlight: str) -> None:
    """Move the curves to new norms and restyle them for ``highlight``, in place (the
    axis limits are left alone)."""
    if highlight not in artists.lines or set(curves) != set(artists.lines):
        raise ValueError(f"curves must hold {', '.join(artists.lines)} and highlight one "
                         f"of them, got {sorted(curves)} and {highlight!r}")
    for name, line in artists.lines.items():
        n = np.asarray(curves[name], dtype=float)
        line.set_data(np.arange(1, n.size + 1), n)
        bold = name == highlight
        line.set(linewidth=2.6 if bold else 1.2, alpha=1.0 if bold else 0.35,
                 marker="o" if bold else "", markersize=4, zorder=3 if bold else 2)
    n = np.asarray(curves[highlight], dtype=float)
    L = n.size
    layers = np.arange(1, L + 1)
    artists.guide.set_data(layers, n[-1] * _SIGMOID_MAX_SLOPE ** (L - layers))
    artists.guide.set_visible(highlight == "sigmoid" and L > 1)
    label = "ReLU" if highlight == "relu" else highlight
    artists.note.set_text(f"{label}, L = {L}: ‖∂J/∂W₁‖ = {times_ten(n[0] / n[-1])} × "
                          f"‖∂J/∂W{str(L).translate(_SUBSCRIPT)}‖")
