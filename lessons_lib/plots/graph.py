"""A computational graph, drawn: boxes with each node's forward value and gradient.

``graph_layout`` places the nodes (no graphviz: columns by distance from the output J,
rows as a tidy tree, so the arrows of a tree never cross). ``computational_graph`` draws a
box per node (forward: "z = wx + b" / "= 0.25"; gradient: "∂J/∂z" / "= −0.108") and an
arrow per edge; ``update_graph`` changes the numbers shown and highlights one step of the
backward pass. The text in the boxes is drawn as glyph outlines (``GlyphTexts``), which
redraw about 40 times faster than Text artists.
``gradient_work`` and ``gradient_timings`` draw why that pass is cheap: the work for all P
gradients by finite differences against one backward pass (counts from ``cost``).

The nodes are ``autograd.Value`` objects as ``autograd.trace`` returns them; only their
``data``, ``label``, ``op`` and ``children`` are read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.collections import PathCollection
from matplotlib.patches import BoxStyle, FancyArrowPatch, Patch
from matplotlib.path import Path
from matplotlib.patheffects import Normal, withStroke
from matplotlib.textpath import TextPath, text_to_path
from matplotlib.ticker import NullFormatter
from matplotlib.transforms import Affine2D, Bbox

from .style import OKABE_ITO

__all__ = ["GlyphTexts", "item_extents", "GraphArtists", "graph_layout", "node_lines",
           "graph_figsize", "computational_graph", "update_graph", "format_number",
           "node_formula", "gradient_work", "gradient_timings", "GRAPH_COLOURS"]

#: Box colours: plain, gradient known, sending its gradient back, just received one.
#: Okabe–Ito blue and vermilion (safe for every common colour-vision deficiency), on
#: light tints of sky blue and orange so the black text stays readable.
GRAPH_COLOURS = {
    "edge": "#555555", "face": "#FFFFFF",
    "known_face": (0.337, 0.706, 0.914, 0.22),        # sky blue #56B4E9, see-through
    "sender_edge": OKABE_ITO[0],                      # blue
    "received_edge": OKABE_ITO[1],                    # vermilion
    "received_face": (0.902, 0.624, 0.0, 0.30),       # orange #E69F00, see-through
    "grad_text": "#005A8C",                           # a darker Okabe–Ito blue, for ∂J/∂·
}

FONTSIZE = 8.5
_LINESPACING = 1.35
_PAD_IN = 0.06          # space between the text and the box edge, inches
_SPLIT_PT = 3.0         # space between the forward lines and the gradient lines, points
_GAP_IN = (0.32, 0.18)  # free space between neighbouring boxes (across, down), inches
_MINUS = "\u2212"

_OPS = {"+": "{0} + {1}", "-": "{0} − {1}", "*": "{0}·{1}", "/": "{0}/{1}", "neg": "−{0}",
        "exp": "exp({0})", "log": "ln({0})", "tanh": "tanh({0})", "sigmoid": "σ({0})",
        "relu": "relu({0})"}
_SUPERSCRIPT = str.maketrans("0123456789-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻·")


def format_number(v: float) -> str:
    """A number for a box or a readout: 3 significant digits, a real minus sign,
    "0" for zero, and scientific notation only below 0.001 (e.g. "−1.2e-05")."""
    v = float(v)
    if v == 0:
        return "0"
    text = f"{v:.3g}" if abs(v) >= 1e-3 else f"{v:.1e}"
    return text.replace("-", _MINUS, 1) if text.startswith("-") else text


def _name(node) -> str:
    """A node's label, or its value when it is an unlabelled constant."""
    return node.label or format_number(node.data)


def node_formula(node) -> str:
    """How a computed node was computed from its children, in their names: "wx + b", "σ(z)"."""
    names = [_name(c) for c in node.children]
    if node.op.startswith("**"):
        base = names[0] if len(names[0]) == 1 else f"({names[0]})"
        return base + node.op[2:].translate(_SUPERSCRIPT)
    template = _OPS.get(node.op)
    return template.format(*names) if template else f"{node.op}({', '.join(names)})"


def node_lines(node, grad=None) -> tuple[str, str, str, str]:
    """The four lines in a node's box: two for the forward pass, two for the gradient.

    A computed node: "z = wx + b", "= 0.25", "∂J/∂z", "= −0.108". A labelled input: "w",
    "= 0.5", "∂J/∂w", "= …". An unlabelled constant: its value, "constant", "no ∂J/∂·",
    "needed" (nothing learns it). ``grad`` None shows "= ?" (not known yet).
    """
    if not node.children and not node.label:
        return format_number(node.data), "constant", "no ∂J/∂·", "needed"
    head = node.label
    if node.children and node_formula(node) != node.label:  # the node e² = e²: say it once
        head = f"{node.label} = {node_formula(node)}"
    shown = "?" if grad is None else format_number(grad)
    return head, f"= {format_number(node.data)}", f"∂J/∂{node.label}", f"= {shown}"


@functools.lru_cache(maxsize=4096)
def _text_width_in(text: str, fontsize: float) -> float:
    width = text_to_path.get_text_width_height_descent(
        text, FontProperties(size=fontsize), ismath=False)[0]
    return 1.05 * width / 72.0  # 5 % more than the outline: what Agg renders is a bit wider


def _box_size(nodes, fontsize: float) -> tuple[float, float]:
    """Width and height (inches) of one box, the same for every node: wide enough for the
    longest line any node can show (a number as "−0.0000": ``format_number`` gives at
    most 3 significant digits)."""
    lines = [f"= {_MINUS}0.0000"]
    for n in nodes:
        lines += node_lines(n)
    width = max(_text_width_in(s, fontsize) for s in lines)
    height = (4 * _LINESPACING - (_LINESPACING - 1)) * fontsize / 72.0 + _SPLIT_PT / 72.0
    return width + 2 * _PAD_IN, height + 2 * _PAD_IN


def graph_layout(nodes, edges) -> dict:
    """Positions ``{node: (column, row)}`` for drawing the graph left to right.

    nodes: every node, as ``autograd.trace`` gives them (the output last).
    edges: ``(child, parent)`` pairs, "child feeds parent".
    Column: the output J sits in the last column, and every other node one column left of
    the leftmost node it feeds (longest path to J), so each arrow points right and an input
    sits next to the node that uses it. Row: a tidy tree from J: the leaves take rows
    0, 1, 2, … in the order J's formula names them, and every other node sits at the mean
    row of its inputs. A node that feeds two nodes is placed once; rows in a column are
    then pushed apart to at least 1. Rows grow downwards.
    """
    nodes = list(nodes)
    if not nodes:
        raise ValueError("the graph has no nodes to lay out")
    known = set(nodes)
    children, parents = {n: [] for n in nodes}, {n: [] for n in nodes}
    for child, parent in edges:
        if child not in known or parent not in known:
            raise ValueError("every edge must join two of the given nodes")
        children[parent].append(child)
        parents[child].append(parent)
    roots = [n for n in nodes if not parents[n]]
    # distance (longest path) to the output, from the output backwards
    dist = {n: 0 for n in roots}
    for n in reversed(nodes):  # topological order reversed: parents before children
        for c in children[n]:
            dist[c] = max(dist.get(c, 0), dist.get(n, 0) + 1)
    last = max(dist.values())
    column = {n: last - dist.get(n, 0) for n in nodes}

    row, next_slot = {}, [0.0]

    def place(root):  # depth first, without recursion
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            if node in row:
                continue
            todo = [c for c in children[node] if c not in row]
            if done or not todo:
                if children[node]:
                    row[node] = float(np.mean([row[c] for c in children[node] if c in row]))
                else:
                    row[node] = next_slot[0]
                    next_slot[0] += 1.0
                continue
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(todo))

    for r in reversed(roots):
        place(r)
    # keep boxes in one column at least one row apart (only a shared node can need it)
    for col in set(column.values()):
        members = sorted((n for n in nodes if column[n] == col), key=lambda n: row[n])
        for above, below in zip(members, members[1:]):
            if row[below] < row[above] + 1.0:
                row[below] = row[above] + 1.0
    return {n: (float(column[n]), row[n]) for n in nodes}


@functools.lru_cache(maxsize=4096)
def _glyph_path(text: str, fontsize: float, offset_pt: float = 0.0) -> Path:
    """The outline of ``text`` in points, centred horizontally on its ink and vertically
    on the middle of a digit (so "= ?" and "= 0.5" share a baseline), then moved
    ``offset_pt`` points up."""
    if not text:
        return Path(np.array([[0.0, offset_pt]]), [Path.MOVETO])
    outline = TextPath((0, 0), text, prop=FontProperties(size=fontsize))
    x0, x1 = outline.vertices[:, 0].min(), outline.vertices[:, 0].max()
    shift = np.array([-(x0 + x1) / 2, offset_pt - _digit_middle(fontsize)])
    return Path(outline.vertices + shift, outline.codes)


@functools.lru_cache(maxsize=16)
def _digit_middle(fontsize: float) -> float:
    """Height (points) of the middle of a digit above the baseline."""
    digit = TextPath((0, 0), "0", prop=FontProperties(size=fontsize)).get_extents()
    return (digit.y0 + digit.y1) / 2


def _points_to_pixels(fig) -> Affine2D:
    return Affine2D().scale(1 / 72) + fig.dpi_scale_trans


class GlyphTexts(PathCollection):
    """Many short texts drawn as one collection of glyph outlines: text ``i`` centred on
    ``xy[i]`` (data) and moved ``offset_pt`` points up. ``get_texts``/``set_texts``.

    Why not Text artists: matplotlib 3.11 lays out and rasterises a Text glyph by glyph on
    every draw (about 2 ms for "= −0.438"); these outlines are cached per string and all
    drawn in one call, so a live graph can change twenty numbers within one frame.
    """

    def __init__(self, ax: Axes, xy, texts, *, offset_pt: float = 0.0,
                 fontsize: float = FONTSIZE, color="black", zorder: float = 4):
        self._texts = [str(t) for t in texts]
        self._fontsize, self._offset = float(fontsize), float(offset_pt)
        super().__init__([self._path(t) for t in self._texts], offsets=np.asarray(xy, float),
                         offset_transform=ax.transData, transform=_points_to_pixels(ax.figure),
                         facecolors=color, edgecolors="none", linewidths=0, zorder=zorder)
        ax.add_collection(self, autolim=False)

    def _path(self, text: str) -> Path:
        return _glyph_path(text, self._fontsize, self._offset)

    def get_texts(self) -> list[str]:
        return list(self._texts)

    def set_texts(self, texts) -> None:
        texts = [str(t) for t in texts]
        if len(texts) != len(self._texts):
            raise ValueError(f"need {len(self._texts)} texts, got {len(texts)}")
        if texts != self._texts:
            self._texts = texts
            self.set_paths([self._path(t) for t in texts])
            self.stale = True


def item_extents(collection: PathCollection) -> list:
    """The display-space Bbox of each path of a collection drawn at its offset (for
    ``GlyphTexts`` and the boxes of ``computational_graph``; None for an empty text)."""
    master = collection.get_transform()
    at = collection.get_offset_transform().transform(collection.get_offsets())
    boxes = []
    for path, (ox, oy) in zip(collection.get_paths(), at):
        pts = master.transform(path.vertices)
        if len(pts) < 2:
            boxes.append(None)
            continue
        boxes.append(Bbox.from_extents(pts[:, 0].min() + ox, pts[:, 1].min() + oy,
                                       pts[:, 0].max() + ox, pts[:, 1].max() + oy))
    return boxes


def _pitch(nodes, fontsize: float) -> tuple[float, float, float, float]:
    """Box width and height, and the distance between columns and rows, in inches."""
    w, h = _box_size(nodes, fontsize)
    return w, h, w + _GAP_IN[0], h + _GAP_IN[1]


def graph_figsize(nodes, edges, fontsize: float = FONTSIZE) -> tuple[float, float]:
    """A figure size (inches) in which ``computational_graph`` draws these nodes at full
    size with room between the boxes (one Axes filling the figure, plus a title)."""
    pos = graph_layout(nodes, edges)
    cols = max(c for c, _ in pos.values()) + 1
    rows = max(r for _, r in pos.values()) + 1
    _, _, px, py = _pitch(nodes, fontsize)
    return round(cols * px + 0.15, 2), round(rows * py + 0.45, 2)


def _edge_distance_pt(dx: float, dy: float, w: float, h: float) -> float:
    """Points from a box's centre to its edge along the direction (dx, dy) (inches);
    ``w``, ``h``: the box's size in inches."""
    length = float(np.hypot(dx, dy))
    ux, uy = abs(dx) / length, abs(dy) / length
    t = min((w / 2) / ux if ux else np.inf, (h / 2) / uy if uy else np.inf)
    return 72.0 * t


@dataclass
class GraphArtists:
    """What ``computational_graph`` drew. Collections hold one item per node (in the
    order of ``nodes``); dicts one arrow per edge ``(i_child, i_parent)``.

    Drawn once and never changed (``static()``): ``boxes`` (white rounded boxes, a
    PathCollection), ``heads`` (line 1: "z = wx + b") and ``grad_names`` (line 3:
    "∂J/∂z") as ``GlyphTexts``, ``arrows`` (grey, forward direction) and the ``legend``.
    Changed by ``update_graph`` (``moving()``): ``values`` (line 2: "= 0.25"), ``grads``
    (line 4: "= −0.108" or "= ?"), ``marks`` (a tint and coloured edge over each box whose
    gradient is known, is sent or was just received; clear otherwise) and ``back_arrows``
    (vermilion, pointing back along an edge the gradient flows down in this step; else
    invisible). ``positions``: (column, row) per node. ``item_extents(artists.boxes)``
    gives each box's place on screen.
    """

    boxes: PathCollection
    heads: GlyphTexts
    grad_names: GlyphTexts
    arrows: dict
    values: GlyphTexts
    grads: GlyphTexts
    marks: PathCollection
    back_arrows: dict
    positions: list
    legend: object = None

    def static(self) -> list:
        return [self.boxes, self.heads, self.grad_names, *self.arrows.values()]

    def moving(self) -> list:
        """Every artist ``update_graph`` changes, in drawing order, for a ``Blitter``."""
        return [self.values, self.marks, self.grads, *self.back_arrows.values()]


_CLEAR = (0.0, 0.0, 0.0, 0.0)


def _mark_style(kind: str | None) -> dict:
    """Face colour, edge colour and line width of a box's mark (kind None: none)."""
    c = GRAPH_COLOURS
    return {None: dict(facecolor=_CLEAR, edgecolor=_CLEAR, linewidth=0.0),
            "known": dict(facecolor=c["known_face"], edgecolor=_CLEAR, linewidth=0.0),
            "sender": dict(facecolor=c["known_face"], edgecolor=c["sender_edge"],
                           linewidth=2.4),
            "received": dict(facecolor=c["received_face"], edgecolor=c["received_edge"],
                             linewidth=2.4)}[kind]


def computational_graph(ax: Axes, nodes, edges, grads=None, *, fontsize: float = FONTSIZE,
                        legend: str | None = "upper left") -> GraphArtists:
    """Draw a computational graph on ``ax``: a box per node, an arrow per edge.

    nodes, edges: as ``autograd.trace(J)`` returns them. grads: ``{node: ∂J/∂node}``; a
    node missing from it shows "?" (``None``: every gradient "?", the forward pass only).
    Each box reads, e.g., "a = σ(z)" / "= 0.562" in black (the forward pass), then
    "∂J/∂a" / "= −0.438" in blue (the backward pass). Boxes and text have a fixed size
    in inches and the axes an equal aspect, so make the figure about
    ``graph_figsize(nodes, edges)``. legend: where to put the colour key (a legend
    ``loc``), or None for none. Returns the artists; ``update_graph`` changes them.
    """
    nodes = list(nodes)
    pos = graph_layout(nodes, edges)
    index = {n: i for i, n in enumerate(nodes)}
    w, h, px, py = _pitch(nodes, fontsize)
    xy = np.array([(pos[n][0] * px, pos[n][1] * py) for n in nodes])  # inches at full size
    to_pixels = _points_to_pixels(ax.figure)
    box = BoxStyle("round", pad=0, rounding_size=0.06 * 72)(
        -36 * w, -36 * h, 72 * w, 72 * h, 1.0)  # in points, centred on 0
    boxes, marks = (PathCollection([box] * len(nodes), offsets=xy, offset_transform=ax.transData,
                                   transform=to_pixels, zorder=z) for z in (2, 3))
    boxes.set(facecolor=GRAPH_COLOURS["face"], edgecolor=GRAPH_COLOURS["edge"], linewidth=1.0)
    for collection in (boxes, marks):
        ax.add_collection(collection, autolim=False)
    line_pt = _LINESPACING * fontsize
    offsets = [1.5 * line_pt + _SPLIT_PT / 2, 0.5 * line_pt + _SPLIT_PT / 2,
               -0.5 * line_pt - _SPLIT_PT / 2, -1.5 * line_pt - _SPLIT_PT / 2]
    lines = list(zip(*(node_lines(n) for n in nodes)))
    heads, values, grad_names, grad_texts = (
        GlyphTexts(ax, xy, lines[k], offset_pt=offsets[k], fontsize=fontsize,
                   color="black" if k < 2 else GRAPH_COLOURS["grad_text"])
        for k in range(4))
    arrows, back_arrows = {}, {}
    for child, parent in edges:
        i, j = index[child], index[parent]
        (x0, y0), (x1, y1) = xy[i], xy[j]
        shrink = _edge_distance_pt(x1 - x0, y1 - y0, w, h)  # same box size at both ends
        for store, style, colour, width in ((arrows, "-|>", "#777777", 1.0),
                                            (back_arrows, "<|-", GRAPH_COLOURS["received_edge"],
                                             2.2)):
            arrow = FancyArrowPatch((x0, y0), (x1, y1), arrowstyle=style, color=colour,
                                    linewidth=width, shrinkA=shrink + 2, shrinkB=shrink + 2,
                                    mutation_scale=13, zorder=1 if store is arrows else 5)
            if store is back_arrows:  # a white rim hides the grey arrow (and head) beneath
                arrow.set_path_effects([withStroke(linewidth=7, foreground="white"),
                                        Normal()])
            ax.add_artist(arrow)
            store[(i, j)] = arrow
    cols = max(c for c, _ in pos.values()) + 1
    rows = max(r for _, r in pos.values()) + 1
    ax.set_xlim(-px / 2, (cols - 0.5) * px)
    ax.set_ylim((rows - 0.5) * py, -py / 2)  # row 0 at the top
    ax.set_aspect("equal")  # directions on screen as in data: arrows meet the box edges
    ax.set_axis_off()
    key = None
    if legend:
        key = ax.legend(handles=[
            Patch(**_mark_style("known"), label="∂J/∂· known"),
            Patch(**_mark_style("sender"), label="passes its ∂J/∂· back"),
            Patch(**_mark_style("received"), label="just received its ∂J/∂·")],
            loc=legend, fontsize=fontsize, frameon=False, handlelength=1.6)
    artists = GraphArtists(boxes, heads, grad_names, arrows, values, grad_texts, marks,
                           back_arrows, [pos[n] for n in nodes], key)
    update_graph(artists, nodes, grads)
    return artists


def update_graph(artists: GraphArtists, nodes, grads=None, *, sender=None,
                 received=()) -> bool:
    """Show new numbers and one step of the backward pass, in place (no redraw).

    nodes: the drawn graph's nodes in the same order, possibly rebuilt with new numbers
    (the same formula, e.g. another input x). grads: ``{node: ∂J/∂node}`` for the nodes
    whose gradient is known (tinted blue); the others show "?". sender: the node that
    passes its gradient back in this step (blue edge); received: the nodes it passes it to
    (vermilion edge, orange tint), whose arrows turn round and point back, the way the
    gradient flows. Returns True if a static artist changed too (a constant's value, a
    label): then redraw everything, not only ``moving()``.
    """
    nodes = list(nodes)
    n_drawn = len(artists.boxes.get_paths())
    if len(nodes) != n_drawn:
        raise ValueError(f"the graph drawn has {n_drawn} nodes, got {len(nodes)}")
    grads = grads or {}
    index = {n: i for i, n in enumerate(nodes)}
    for n in [sender, *received]:
        if n is not None and n not in index:
            raise ValueError("sender and received must be nodes of the graph")
    got = {index[n] for n in received}
    sent = index.get(sender) if sender is not None else None
    lines = list(zip(*(node_lines(n, grads.get(n)) for n in nodes)))
    heads, grad_names = list(lines[0]), list(lines[2])
    static_changed = (heads != artists.heads.get_texts()
                      or grad_names != artists.grad_names.get_texts())
    artists.heads.set_texts(heads)
    artists.grad_names.set_texts(grad_names)
    artists.values.set_texts(lines[1])
    artists.grads.set_texts(lines[3])
    styles = []
    for i, n in enumerate(nodes):
        known = grads.get(n) is not None and bool(n.children or n.label)
        styles.append(_mark_style("received" if i in got else "sender" if i == sent
                                  else "known" if known else None))
    artists.marks.set_facecolor([s["facecolor"] for s in styles])
    artists.marks.set_edgecolor([s["edgecolor"] for s in styles])
    artists.marks.set_linewidth([s["linewidth"] for s in styles])
    for (i, j), arrow in artists.back_arrows.items():
        arrow.set_visible(j == sent and i in got)
    return static_changed


# --- the cost of all gradients ------------------------------------------------------------

def gradient_work(ax: Axes, costs) -> tuple[Line2D, Line2D]:
    """Counted work for all P gradients against P, log-log: finite differences
    (2 forward passes per parameter, 2P²) and one forward + one backward pass (about 3P).

    costs: a list of ``cost.GradientCost`` (one per network, P increasing).
    Returns the two lines (finite differences, backprop).
    """
    costs = list(costs)
    if len(costs) < 2:
        raise ValueError("gradient_work needs the costs of at least two networks")
    P = np.array([c.params for c in costs], float)
    fd = np.array([c.finite_diff for c in costs], float)
    bp = np.array([c.backprop for c in costs], float)
    (fd_line,) = ax.loglog(P, fd, "o-", color=OKABE_ITO[1], markersize=4,
                           label="finite differences: 2P forward passes ≈ 2P²")
    (bp_line,) = ax.loglog(P, bp, "s-", color=OKABE_ITO[0], markersize=4,
                           label="backprop: 1 forward + 1 backward ≈ 3P")
    i = len(P) - 1
    ax.annotate("", xy=(P[i], bp[i]), xytext=(P[i], fd[i]),
                arrowprops=dict(arrowstyle="<->", color=OKABE_ITO[7], linewidth=1))
    ax.text(P[i] / 1.25, np.sqrt(fd[i] * bp[i]), f"{fd[i] / bp[i]:,.0f} times\nless work",
            ha="right", va="center", fontsize=9)
    ax.set(xlabel="parameters P (weights w and biases b)",
           ylabel="multiply-adds for all ∂J/∂θ, one sample",
           title="Work for every gradient, counted")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="upper left", fontsize=8.5)
    return fd_line, bp_line


def gradient_timings(ax: Axes, timings) -> tuple[Line2D, ...]:
    """Measured time for all gradients, in units of one forward pass, against P (log-log).

    timings: a list of ``cost.GradientTiming`` (P increasing). Dots: measured
    ``finite_diff_s / forward_s`` and ``backprop_s / forward_s``; lines: what the counts
    predict, 2P forward passes and (forward + backward) / forward ≈ 3.
    Returns (measured FD, predicted FD, measured backprop, predicted backprop).
    """
    timings = list(timings)
    if len(timings) < 2:
        raise ValueError("gradient_timings needs the timings of at least two networks")
    P = np.array([t.params for t in timings], float)
    fwd = np.array([t.forward_s for t in timings])
    fd = np.array([t.finite_diff_s for t in timings]) / fwd
    bp = np.array([t.backprop_s for t in timings]) / fwd
    bp_pred = np.array([t.counted.backprop / t.counted.forward for t in timings])
    (fd_pred,) = ax.loglog(P, 2 * P, "-", color=OKABE_ITO[1], alpha=0.6,
                           label="counted: 2P")
    (fd_dots,) = ax.loglog(P, fd, "o", color=OKABE_ITO[1], label="measured: finite differences")
    (bp_pred_line,) = ax.loglog(P, bp_pred, "-", color=OKABE_ITO[0], alpha=0.6,
                                label="counted: (forward + backward) / forward")
    (bp_dots,) = ax.loglog(P, bp, "s", color=OKABE_ITO[0], label="measured: backprop")
    ax.set(xlabel="parameters P", ylabel="time ÷ time of one forward pass",
           title="Measured with nn.MLP")
    ax.set_xlim(P.min() / 1.6, P.max() * 1.6)
    ax.set_ylim(0.4, max(4 * P.max(), 100))
    ax.xaxis.set_minor_formatter(NullFormatter())  # only 10, 100, …: no crowded labels
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(loc="center right", fontsize=8.5)
    return fd_dots, fd_pred, bp_dots, bp_pred_line

