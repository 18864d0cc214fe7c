"""The labelled drawings of the exam answers: one per key of ``pyq.FIGURES``.

These are the figures a student draws in an exam answer (a contour with descent steps,
a flowchart of the training loop, σ and σ′), clean and labelled so they read when
printed at about 5.5 × 3.5 in. Each ``draw_<name>(ax)`` is a pure function: it draws on
the Axes it is given and returns the artists it made; every number drawn comes from the
maths modules (surfaces, optimizers, losses, activations, nn, autograd, linefit).
``REVISION_FIGURES`` maps each name to its function, ``revision_figure(name)`` makes a
``matplotlib.figure.Figure`` of it (outside pyplot, so nothing leaks).
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from .. import activations, autograd, nn, optimizers, surfaces
from ..linefit import HOUSE_START, fit_line, house_line, regression_surface
from .loss import bce_vs_probability, loss_vs_error
from .network import gradient_norm_plot, unit_label, weight_label
from .style import OKABE_ITO, PATH_COLOUR
from .surface import contour_colorbar, descent_path, surface_contour

__all__ = ["REVISION_FIGURES", "REVISION_SIZE", "revision_figure", "draw_gd_contour",
           "draw_learning_rates", "draw_gd_kinds", "draw_momentum", "draw_regression_losses",
           "draw_cross_entropy", "draw_network_221", "draw_computational_graph",
           "draw_training_loop", "draw_sigmoid_derivative", "draw_vanishing"]

#: Width and height (inches) of a revision figure: half an A4 page, readable in print.
REVISION_SIZE = (5.5, 3.5)

_BOX = dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="0.4", alpha=0.92)


def _num(v: float, digits: int = 4) -> str:
    """A number to ``digits`` decimals with a real minus sign: −0.1078."""
    return f"{v:.{digits}f}".replace("-", "−")


def _note(ax: Axes, xy, text, xytext, colour="black", **kw):
    """A label with an arrow pointing at ``xy`` (data coordinates)."""
    return ax.annotate(text, xy, xytext=xytext, fontsize=8.5, color=colour, zorder=8,
                       bbox=_BOX, arrowprops=dict(arrowstyle="->", color=colour, lw=1.1),
                       **kw)


def _contour(ax: Axes, surface, wlabels=("w₁", "w₂")):
    """The surface's contours (viridis) with a J colour bar, axes named w₁, w₂."""
    filled, minima = surface_contour(ax, surface, n=160, levels=14, colorbar=False)
    contour_colorbar(ax, filled)
    ax.set(xlabel=wlabels[0], ylabel=wlabels[1])
    return filled, minima


# --- gradient descent --------------------------------------------------------------------

def draw_gd_contour(ax: Axes) -> list:
    """Gradient descent on the contours of J(w₁, w₂) = ½(w₁² + 10w₂²) (``surfaces.ravine``):
    the start θ₀, the first step along −∇J, the steps w ← w − α∇J (α = 0.15) and the
    minimum."""
    s = surfaces.ravine
    filled, minima = _contour(ax, s)
    path = optimizers.descend(s.grad, s.start, optimizers.GD(0.15), 25)
    art = descent_path(ax, path)
    g = s.grad(path[0])
    tip = path[0] - 0.09 * g  # the direction −∇J, drawn short
    arrow = ax.annotate("", tip, xytext=path[0], zorder=7,
                        arrowprops=dict(arrowstyle="-|>", color="white", lw=2.2,
                                        mutation_scale=16))
    labels = [
        _note(ax, path[0], "start θ₀", (-3.9, -1.55)),
        ax.text(*(tip + [0.12, 0.05]), "−∇J", color="white", fontsize=11, fontweight="bold",
                zorder=8, va="bottom"),
        _note(ax, path[1], "w ← w − α∇J\n(α = 0.15)", (-1.2, 1.35)),
        _note(ax, s.minima[0], "minimum: ∇J = 0", (1.2, -1.55)),
    ]
    ax.set_title("Gradient descent on the contours of J(w₁, w₂)", fontsize=10)
    return [filled, minima, *vars(art).values(), arrow, *labels]


def draw_learning_rates(ax: Axes) -> list:
    """J against the step t for α too small, about right and too large, on
    J(w) = w₁² + w₂² (``surfaces.bowl``, start (−2.5, 2)): each step multiplies w by
    (1 − 2α), so α = 0.02 crawls, α = 0.2 converges in a few steps, α = 0.9 overshoots
    the minimum every step (w changes sign) yet still converges, and α = 1.05 overshoots
    further each step: J grows (diverges)."""
    s = surfaces.bowl
    runs = [(0.02, "α = 0.02: too small, slow", OKABE_ITO[0], "-", "o"),
            (0.2, "α = 0.2: about right", OKABE_ITO[2], "-", "o"),
            (0.9, "α = 0.9: overshoots (w flips sign)", OKABE_ITO[4], ":", "s"),
            (1.05, "α = 1.05: too large, diverges", OKABE_ITO[1], "--", "^")]
    lines, steps = [], 20
    for lr, label, colour, ls, marker in runs:
        path = optimizers.descend(s.grad, s.start, optimizers.GD(lr), steps)
        J = s.value(path)
        (line,) = ax.plot(np.arange(J.size), J, ls, marker=marker, markersize=3.5,
                          color=colour, linewidth=2, label=label, clip_on=True)
        lines.append(line)
    j0 = float(s.value(s.start))
    ax.set(xlabel="step t", ylabel="loss J", xlim=(0, steps), ylim=(0, 2.2 * j0),
           title="Choosing the learning rate α")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8.5, loc="upper right", framealpha=0.95)
    return lines


def draw_gd_kinds(ax: Axes) -> list:
    """Paths of batch (B = N), mini-batch (B = 10) and stochastic (B = 1) gradient descent
    on the MSE contours of a line fit o = w·x + b to N = 100 houses (``linefit.fit_line``,
    α = 0.05), 30 updates each: batch heads straight for the minimum, mini-batch wobbles,
    SGD wanders."""
    houses = house_line(100, standard_price=True)
    s = regression_surface(houses.x, houses.t, start=HOUSE_START)
    filled, minima = surface_contour(ax, s, n=160, levels=14, colorbar=False)
    contour_colorbar(ax, filled)
    ax.set(xlabel="w (slope)", ylabel="b (intercept)")
    minima.set_label("minimum of J")
    n_updates = 30
    artists = [filled, minima]
    for B, label, colour in [(100, "batch: B = N, smooth", "white"),
                             (10, "mini-batch: B = 10, wobbles", OKABE_ITO[4]),
                             (1, "stochastic: B = 1, noisy", PATH_COLOUR)]:
        fit = fit_line(houses.x, houses.t, s.start, 0.05, n_updates, B)
        pts = fit.params_path[:n_updates + 1]
        (line,) = ax.plot(pts[:, 0], pts[:, 1], "-o", color=colour, markersize=3,
                          linewidth=1.8, markeredgecolor="black", markeredgewidth=0.3,
                          label=label)
        artists.append(line)
    (start,) = ax.plot(*s.start, "o", markersize=10, markerfacecolor="none",
                       markeredgecolor="white", markeredgewidth=2, label="start θ₀")
    artists.append(start)
    best = s.minima[0]
    ax.set(xlim=(best[0] - 2.3, best[0] + 1.5), ylim=(best[1] - 0.6, best[1] + 1.85))
    artists.append(ax.legend(fontsize=7.5, loc="upper right", framealpha=0.95))
    ax.set_title(f"{n_updates} updates of each kind of gradient descent", fontsize=10)
    return artists


def draw_momentum(ax: Axes) -> list:
    """Plain gradient descent (α = 0.18) zig-zags across the ravine J = ½(w₁² + 10w₂²);
    momentum (v ← βv + ∇J, w ← w − αv, α = 0.06, β = 0.6) damps the zig-zag and rolls
    along it. 20 steps each."""
    s = surfaces.ravine
    filled, minima = _contour(ax, s)
    gd = optimizers.descend(s.grad, s.start, optimizers.GD(0.18), 20)
    mom = optimizers.descend(s.grad, s.start, optimizers.Momentum(0.06, beta=0.6), 20)
    artists = [filled, minima]
    for path, label, colour in [(gd, "plain GD: zig-zags across", PATH_COLOUR),
                                (mom, "momentum (β = 0.6): rolls along", "white")]:
        (line,) = ax.plot(path[:, 0], path[:, 1], "-o", color=colour, markersize=3,
                          linewidth=1.8, markeredgecolor="black", markeredgewidth=0.3,
                          label=label)
        artists.append(line)
    (start,) = ax.plot(*s.start, "o", markersize=9, markerfacecolor="none",
                       markeredgecolor="white", markeredgewidth=2, label="start θ₀")
    artists += [start, ax.legend(fontsize=7.5, loc="upper right", framealpha=0.95)]
    ax.set_title("Momentum in a ravine (20 steps each)", fontsize=10)
    return artists


# --- losses ------------------------------------------------------------------------------

def draw_regression_losses(ax: Axes) -> list:
    """MSE (e²), MAE (|e|) and Huber (δ = 1) loss of one sample against its error
    e = t − o, from ``losses`` (``plots.loss_vs_error``)."""
    lines = loss_vs_error(ax)
    ax.set_title("Regression losses against the error e = t − o", fontsize=10)
    ax.set_ylim(-0.2, 4.5)
    note = ax.text(2.95, 0.25, "MSE grows as e²: outliers dominate\nMAE, Huber grow "
                   "linearly: robust", ha="right", va="bottom", fontsize=8, bbox=_BOX)
    return [*lines.values(), note]


def draw_cross_entropy(ax: Axes) -> list:
    """Binary cross-entropy of one sample against the predicted probability p: −log p for
    t = 1, −log(1 − p) for t = 0 (``plots.bce_vs_probability``, from ``losses``)."""
    lines = bce_vs_probability(ax, compare_mse=False)
    ax.set_title("Binary cross-entropy J = −[t log p + (1 − t) log(1 − p)]", fontsize=10)
    return list(lines.values())


# --- networks and graphs ------------------------------------------------------------------

def _unit(ax, xy, text, colour="0.2", face="white", r=0.2):
    circle = ax.add_patch(Circle(xy, r, facecolor=face, edgecolor=colour, linewidth=1.6,
                                 zorder=3))
    label = ax.text(*xy, text, ha="center", va="center", fontsize=12, zorder=4)
    return [circle, label]


def _link(ax, a, b, r=0.2, colour="0.35", lw=1.3, style="-|>"):
    a, b = np.asarray(a, float), np.asarray(b, float)
    u = (b - a) / np.linalg.norm(b - a)
    arrow = FancyArrowPatch(a + r * u, b - r * u, arrowstyle=style, color=colour, lw=lw,
                            mutation_scale=11, zorder=2)
    ax.add_patch(arrow)
    return arrow


def draw_network_221(ax: Axes) -> list:
    """A 2-2-1 network: inputs x₁, x₂, hidden units h₁, h₂ and output o₁ (sigmoid), each
    weight w_ji on its edge (``plots.weight_label``: w_{h1,x1} from x₁ into h₁), the biases
    as weights from a constant input 1, and the forward and backward directions."""
    names = [["x1", "x2"], ["h1", "h2"], ["o1"]]
    pos = {"x1": (0.0, 0.8), "x2": (0.0, -0.8), "h1": (2.2, 0.8), "h2": (2.2, -0.8),
           "o1": (4.4, 0.0), "1a": (0.0, -2.0), "1b": (2.2, -2.0)}
    artists = []
    for layer in names:
        for n in layer:
            artists += _unit(ax, pos[n], unit_label(n),
                             face="#E8F1F8" if n.startswith("x") else "white")
    for key in ("1a", "1b"):
        artists += _unit(ax, pos[key], "1", colour="0.5", face="#F2F2F2", r=0.16)
    label_box = dict(boxstyle="round,pad=0.08", fc="white", ec="none", alpha=0.95)
    for l in range(2):
        for j, dst in enumerate(names[l + 1]):
            for i, src in enumerate(names[l]):
                artists.append(_link(ax, pos[src], pos[dst]))
                a, b = np.asarray(pos[src]), np.asarray(pos[dst])
                frac = 0.5 if a[1] == b[1] or l == 1 else 0.27
                p = a + frac * (b - a)
                artists.append(ax.text(*p, f"${weight_label(names, l, j, i)}$", fontsize=8.5,
                                       ha="center", va="center", zorder=5, bbox=label_box))
    for key, targets in [("1a", ("h1", "h2")), ("1b", ("o1",))]:
        for dst in targets:
            artists.append(_link(ax, pos[key], pos[dst], r=0.17, colour="0.6", lw=1.0))
            a, b = np.asarray(pos[key]), np.asarray(pos[dst])
            p = a + (0.78 if dst == "h1" else 0.55) * (b - a)
            artists.append(ax.text(*p, f"$b_{{{dst}}}$", fontsize=8.5,
                                   color="0.25", ha="center", va="center", zorder=5,
                                   bbox=label_box))
    for x, text in [(0.0, "input layer"), (2.2, "hidden layer\n(sigmoid)"),
                    (4.4, "output layer\n(sigmoid)")]:
        artists.append(ax.text(x, 1.3, text, ha="center", va="bottom", fontsize=9))
    artists.append(ax.text(4.75, -0.55, "$z_j = \\sum_i w_{ji}\\, a_i + b_j$\n"
                           "$a_j = \\sigma(z_j)$", ha="center", va="top", fontsize=8.5,
                           bbox=_BOX))
    fwd = FancyArrowPatch((0.3, -2.55), (3.6, -2.55), arrowstyle="-|>", color=OKABE_ITO[0],
                          lw=1.8, mutation_scale=14)
    bwd = FancyArrowPatch((3.6, -2.85), (0.3, -2.85), arrowstyle="-|>", color=PATH_COLOUR,
                          lw=1.8, mutation_scale=14)
    ax.add_patch(fwd)
    ax.add_patch(bwd)
    artists += [fwd, bwd,
                ax.text(3.75, -2.55, "forward pass: z, a", color=OKABE_ITO[0], fontsize=8.5,
                        va="center"),
                ax.text(3.75, -2.85, "backward pass: δ, ∂J/∂w", color=PATH_COLOUR,
                        fontsize=8.5, va="center")]
    ax.set(xlim=(-0.45, 5.9), ylim=(-3.05, 1.85))
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title("A 2-2-1 network: $w_{ji}$ is the weight from unit i into unit j",
                 fontsize=10)
    return artists


def _box(ax, xy, text, face="white", edge="0.3", width=1.3, height=0.62, fontsize=9):
    x, y = xy
    patch = FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                           boxstyle="round,pad=0.02,rounding_size=0.12", facecolor=face,
                           edgecolor=edge, linewidth=1.4, zorder=3)
    ax.add_patch(patch)
    label = ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, zorder=4)
    return patch, label


def _arrow(ax, a, b, colour="0.3", lw=1.4, rad=0.0, shrink=0.0):
    arrow = FancyArrowPatch(a, b, arrowstyle="-|>", color=colour, lw=lw, mutation_scale=12,
                            connectionstyle=f"arc3,rad={rad}", shrinkA=shrink, shrinkB=shrink,
                            zorder=2)
    ax.add_patch(arrow)
    return arrow


def draw_computational_graph(ax: Axes) -> list:
    """One sigmoid neuron J = ½(t − σ(wx + b))² as a computational graph: the forward
    values in the nodes, the local derivatives ∂z/∂w = x, ∂z/∂b = 1, ∂a/∂z = a(1 − a),
    ∂J/∂a = a − t on the edges, and the backward pass multiplying them (numbers from
    ``autograd``, x = 1.5, w = 0.5, b = −0.5, t = 1)."""
    J = autograd.sigmoid_neuron(x=1.5, w=0.5, b=-0.5, t=1.0)
    nodes, _ = autograd.trace(J)
    autograd.backward_steps(J)  # fills every .grad with the backward result
    v = {n.label: n for n in nodes if n.label}
    x, z, a = v["x"].data, v["z"].data, v["a"].data
    d_a, d_z, d_w = v["a"].grad, v["z"].grad, v["w"].grad
    artists = []
    place = {"w": (0.0, 0.85), "x": (0.0, 0.0), "b": (0.0, -0.85), "z": (2.5, 0.0),
             "a": (4.75, 0.0), "J": (7.0, 0.0)}
    texts = {"w": f"w = {v['w'].data:g}", "x": f"x = {x:g}",
             "b": f"b = {v['b'].data:g}".replace("-", "−"),
             "z": f"z = wx + b\n= {z:.4g}", "a": f"a = σ(z)\n= {a:.4f}",
             "J": f"J = ½(t − a)²\n= {J.data:.4f}"}
    for k, xy in place.items():
        small = k in "wxb"
        artists += _box(ax, xy, texts[k], face="#E8F1F8" if small else "white",
                        width=1.1 if small else 1.5, height=0.5 if small else 0.72)
    on_edge = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.95)
    for k, label in [("w", "x"), ("x", "w"), ("b", "1")]:
        (x0, y0), (x1, y1) = place[k], place["z"]
        end = (x1 - 0.77, y1 + 0.22 * np.sign(y0))
        artists.append(_arrow(ax, (x0 + 0.57, y0), end))
        mid = (np.asarray((x0 + 0.57, y0)) + end) / 2
        artists.append(ax.text(*mid, label, fontsize=8.5, ha="center", va="center",
                               zorder=5, bbox=on_edge))
    artists.append(ax.text(1.2, 1.05, "∂z/∂w, ∂z/∂x, ∂z/∂b", fontsize=8, ha="center",
                           va="bottom", color="0.3"))
    for src, dst, label in [("z", "a", "∂a/∂z\n= a(1 − a)"), ("a", "J", "∂J/∂a\n= a − t")]:
        (x0, _), (x1, _) = place[src], place[dst]
        artists.append(_arrow(ax, (x0 + 0.77, 0.0), (x1 - 0.77, 0.0)))
        artists.append(ax.text((x0 + x1) / 2, 0.42, label, fontsize=8.5, ha="center",
                               va="bottom"))
    fwd = FancyArrowPatch((2.0, 1.25), (7.6, 1.25), arrowstyle="-|>", color=OKABE_ITO[0],
                          lw=1.6, mutation_scale=13)
    back = FancyArrowPatch((7.6, -0.62), (2.0, -0.62), arrowstyle="-|>", color=PATH_COLOUR,
                           lw=1.8, mutation_scale=14)
    ax.add_patch(fwd)
    ax.add_patch(back)
    artists += [fwd, back,
                ax.text(4.8, 1.33, "forward pass: values", color=OKABE_ITO[0], fontsize=8.5,
                        ha="center", va="bottom"),
                ax.text(4.8, -0.72, "backward pass: multiply the local derivatives",
                        color=PATH_COLOUR, fontsize=8.5, ha="center", va="top")]
    artists.append(ax.text(4.8, -1.2,
                           f"δ = ∂J/∂z = ∂J/∂a · ∂a/∂z = ({_num(d_a)}) × {_num(a * (1 - a))}"
                           f" = {_num(d_z)}\n"
                           f"∂J/∂w = δ · ∂z/∂w = ({_num(d_z)}) × {x:g} = {_num(d_w)}",
                           ha="center", va="top", fontsize=8.5, bbox=_BOX))
    ax.set(xlim=(-0.65, 7.85), ylim=(-1.85, 1.7))
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title("A neuron as a computational graph: local derivatives on the edges",
                 fontsize=10)
    return artists


def draw_training_loop(ax: Axes) -> list:
    """The training loop (error back-propagation training algorithm) as a flowchart:
    initialise θ → forward pass → loss J → backward pass ∇J → update θ ← θ − α∇J →
    stop? → no: next batch (loop) / yes: end."""
    steps = [("start", "Start: initialise θ (small\nrandom w, b = 0), choose α"),
             ("fwd", "Forward pass: z = Wa + b,\na = f(z), layer by layer"),
             ("loss", "Loss J(t, o)\non the batch"),
             ("bwd", "Backward pass: δ, ∇J = ∂J/∂θ\n(chain rule, output → input)"),
             ("upd", "Update: θ ← θ − α∇J"),
             ("stop", "Stop?\n(J small, or epochs done)")]
    x, ys = 1.9, np.linspace(5.0, 0.0, len(steps))
    artists, centres = [], {}
    for (key, text), y in zip(steps, ys):
        face = {"start": "#E8F1F8", "stop": "#FDF0E0"}.get(key, "white")
        artists += _box(ax, (x, y), text, face=face, width=3.6, height=0.68, fontsize=8.5)
        centres[key] = (x, y)
    for (k0, _), (k1, _) in zip(steps, steps[1:]):
        artists.append(_arrow(ax, (x, centres[k0][1] - 0.34), (x, centres[k1][1] + 0.34)))
    # stop? → yes: end;  no: back to the forward pass with the next batch
    artists += _box(ax, (5.3, 0.0), "End: trained θ", face="#E3F4EC", width=1.8,
                    height=0.5, fontsize=8.5)
    artists.append(_arrow(ax, (x + 1.8, 0.0), (5.3 - 0.9, 0.0)))
    artists.append(ax.text(4.05, 0.08, "yes", fontsize=8.5, va="bottom", ha="center"))
    loop = FancyArrowPatch((x - 1.8, 0.0), (x - 1.8, centres["fwd"][1]), color=PATH_COLOUR,
                           arrowstyle="-|>", lw=1.6, mutation_scale=12,
                           connectionstyle="bar,fraction=-0.12", zorder=2)
    ax.add_patch(loop)
    artists.append(loop)
    artists.append(ax.text(-0.65, 2.0, "no: next batch\n(next epoch after\nall N samples)",
                           color=PATH_COLOUR, fontsize=8, ha="right", va="center",
                           rotation=0))
    ax.set(xlim=(-2.4, 6.4), ylim=(-0.55, 5.55))
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title("The training loop (error back-propagation training algorithm)",
                 fontsize=10)
    return artists


# --- activations and gradient size -----------------------------------------------------------

def draw_sigmoid_derivative(ax: Axes) -> list:
    """The sigmoid a = σ(z) = 1/(1 + e^(−z)) and its derivative σ′(z) = a(1 − a) (λ = 1,
    from ``activations.Sigmoid``): σ′ is largest at z = 0, where it is 0.25."""
    f = activations.Sigmoid()
    z = np.linspace(-6, 6, 601)
    a = f(z)
    d = f.derivative(z, a)
    (sig,) = ax.plot(z, a, color=OKABE_ITO[0], linewidth=2.2, label="a = σ(z) = 1/(1 + e⁻ᶻ)")
    (der,) = ax.plot(z, d, color=OKABE_ITO[1], linewidth=2.2, linestyle="--",
                     label="σ′(z) = a(1 − a)")
    peak = _note(ax, (0.0, 0.25), "max σ′ = 0.25 at z = 0", (1.2, 0.42), colour=OKABE_ITO[1])
    sat = ax.text(-5.8, 0.6, "saturated:\nσ′ ≈ 0", fontsize=8.5, va="center", bbox=_BOX)
    sat2 = ax.text(5.8, 0.6, "saturated:\nσ′ ≈ 0", fontsize=8.5, va="center", ha="right",
                   bbox=_BOX)
    ax.axhline(0, color="0.6", linewidth=0.8, zorder=0)
    ax.axvline(0, color="0.6", linewidth=0.8, zorder=0)
    ax.set(xlabel="net input z", ylabel="a, σ′(z)", xlim=(-6, 6), ylim=(-0.05, 1.08),
           title="The sigmoid and its derivative (λ = 1; with λ: σ′ = λa(1 − a))")
    ax.title.set_fontsize(10)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8.5, loc="upper left", framealpha=0.95)
    return [sig, der, peak, sat, sat2]


def _deep_norms(activation: str, depth: int = 10) -> np.ndarray:
    """‖∂J/∂W_l‖ of a 4-16×depth-1 network (seed 0, MSE on a random batch of 64)."""
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(64, 4)), rng.normal(size=(64, 1))
    model = nn.MLP([4] + [16] * depth + [1], activation=activation, seed=0)
    return nn.layer_gradient_norms(model, X, Y, "mse")


def draw_vanishing(ax: Axes) -> list:
    """‖∂J/∂W_l‖ per layer l in a 10-hidden-layer sigmoid network against the same
    network with ReLU (``nn.layer_gradient_norms``): the sigmoid's gradient shrinks by
    about σ′ ≤ 0.25 per layer going back to the input; ReLU's does not."""
    curves = {"sigmoid": _deep_norms("sigmoid"), "relu": _deep_norms("relu")}
    art = gradient_norm_plot(ax, curves, highlight="sigmoid")
    art.lines["relu"].set(alpha=1.0, linewidth=2.2, marker="s", markersize=3)
    ax.set_title("Vanishing gradients: gradient size per layer (10 hidden layers)",
                 fontsize=10)
    ax.set_xlabel("layer l  (1 = next to the input, 11 = output)")
    return [*art.lines.values(), art.guide, art.note]


REVISION_FIGURES = {
    "gd_contour": draw_gd_contour,
    "learning_rates": draw_learning_rates,
    "gd_kinds": draw_gd_kinds,
    "momentum": draw_momentum,
    "regression_losses": draw_regression_losses,
    "cross_entropy": draw_cross_entropy,
    "network_221": draw_network_221,
    "computational_graph": draw_computational_graph,
    "training_loop": draw_training_loop,
    "sigmoid_derivative": draw_sigmoid_derivative,
    "vanishing": draw_vanishing,
}


def revision_figure(name: str, size=REVISION_SIZE) -> Figure:
    """The drawing ``name`` (a key of ``REVISION_FIGURES``, the same as ``pyq.FIGURES``)
    on a new ``Figure`` of ``size`` inches (not registered with pyplot)."""
    if name not in REVISION_FIGURES:
        raise ValueError(f"no revision figure called {name!r}; there are: "
                         f"{', '.join(REVISION_FIGURES)}")
    fig = Figure(figsize=size, layout="constrained")
    REVISION_FIGURES[name](fig.add_subplot())
    return fig
