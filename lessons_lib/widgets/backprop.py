"""Backpropagation, live: who gets the blame for the error, and how the blame fades
through many layers.

- ``blame_dashboard(x1, x2, target)``: the 2-2-1 sigmoid network of the worked example;
  drag the inputs and the target, and every edge is recoloured by its ∂J/∂w.
- ``vanishing_gradients_dashboard(depth, activation)``: the size of ∂J/∂W layer by layer
  in a deep network, on a log scale; drag the depth, pick the activation.
"""

from __future__ import annotations

import functools
import math
import numbers

import ipywidgets as widgets
import numpy as np

from .. import plots
from ..nn import MLP, layer_gradient_norms
from ..worked import backprop_step, unit_names
from .base import WIDE, Blitter, Dashboard, choice_slider, freeze_layout, live_figure

__all__ = ["BlameDashboard", "blame_dashboard", "BLAME_NETWORK", "BLAME_VMAX",
           "VanishingGradientsDashboard", "vanishing_gradients_dashboard",
           "deep_network_gradient_norms", "DEPTH_RANGE", "DEPTH_ACTIVATIONS"]

#: The worked example of notebook 04: a 2-2-1 network, sigmoid everywhere, J = ½(t − o)²,
#: α = 0.5. ``weights[l]`` is ``(n_out, n_in)``: row j holds the weights into unit j.
BLAME_NETWORK = dict(
    weights=[[[0.3, -0.2], [0.1, 0.4]], [[0.6, -0.5]]],
    biases=[[0.1, -0.1], [0.2]],
    x=[1.0, 0.5], target=[1.0], lr=0.5,
)

#: The colour bar's fixed limit: every |∂J/∂w| the sliders can reach is below it (0.1095 at
#: most), so the scale never jumps: when the output nears the target, every edge fades.
BLAME_VMAX = 0.12

_INPUT_VALUES = [round(v, 2) for v in np.arange(-2.0, 2.0001, 0.05)]
_TARGET_VALUES = [round(v, 2) for v in np.arange(0.0, 1.0001, 0.05)]


class BlameDashboard(Dashboard):
    """Who to blame: the worked 2-2-1 network with edges coloured by ∂J/∂w, live.

    Each change of x₁, x₂ or the target t reruns the forward and backward pass
    (``worked.backprop_step``) and recolours the edges in place. Attributes: ``x1``,
    ``x2``, ``target`` (the sliders), ``figure``, ``ax``, ``canvas``, ``artists``
    (``plots.NetworkArtists``), ``blitter``, ``step`` (the current ``StepReport``).
    """

    factory = "blame_dashboard"

    def __init__(self, x1: float = 1.0, x2: float = 0.5, target: float = 1.0):
        self.x1 = choice_slider(x1, _INPUT_VALUES, "input x₁", what="x1")
        self.x2 = choice_slider(x2, _INPUT_VALUES, "input x₂", what="x2")
        self.target = choice_slider(target, _TARGET_VALUES, "target t", what="target")
        self.names = unit_names([2, 2, 1])
        self.step = self._backprop()

        self.figure, self.canvas = live_figure(7.2, 3.6)
        self.ax = self.figure.add_subplot()
        s = self.step
        # The ∂J/∂w numbers go in the readout, not on the edges: fewer texts to redraw.
        self.artists = plots.network_diagram(self.ax, [2, 2, 1], s.grad_W, [s.x, *s.a],
                                             s.delta, vmax=BLAME_VMAX, edge_values=False)
        self.ax.set_title("edge colour and thickness: ∂J/∂w (who to blame)", fontsize=10)
        freeze_layout(self.figure)
        self.blitter = Blitter(self.canvas, self.artists.moving)
        self._assemble({"x1": self.x1, "x2": self.x2, "target": self.target},
                       [self.canvas], [self.figure])
        self._describe()

    def _backprop(self):
        n = BLAME_NETWORK
        return backprop_step(n["weights"], n["biases"], [self.x1.value, self.x2.value],
                             [self.target.value], lr=n["lr"])

    def update(self, name: str) -> None:
        """A slider moved: forward and backward pass again, recolour the edges."""
        self.step = s = self._backprop()
        plots.update_network(self.artists, s.grad_W, [s.x, *s.a], s.delta, vmax=BLAME_VMAX)
        self.blitter.update()
        self._describe()

    def _weight(self, l: int, j: int, i: int) -> str:
        """HTML name of weights[l][j, i], e.g. w<sub>o1,h1</sub>."""
        return f"w<sub>{self.names[l + 1][j]},{self.names[l][i]}</sub>"

    def _describe(self) -> None:
        s = self.step
        o, t = s.output[0], s.target[0]
        size, l, j, i = max((abs(s.grad_W[l][j, i]), l, j, i)
                            for l, j, i in self.artists.edge_index)
        g = s.grad_W[l][j, i]
        text = (f"Output o<sub>1</sub> = {o:.4f}, target t = {t:g}, "
                f"error J = ½(t − o)² = {s.loss:.4g}. ")
        if size < 1e-12:
            text += "The output hits the target: J = 0, so no weight is to blame."
        else:
            way = "lower" if g > 0 else "raise"
            text += (f"Most to blame: {self._weight(l, j, i)} with ∂J/∂w = {g:+.4f}; one "
                     f"step with α = {s.lr:g} would {way} it by {abs(s.lr * g):.4f}. "
                     f"δ<sub>o1</sub> = {s.delta[-1][0]:+.4f}: the output is too "
                     f"{'high' if o > t else 'low'}.")
        text += "<br>∂J/∂w: " + ", ".join(f"{self._weight(l, j, i)} = {s.grad_W[l][j, i]:+.4f}"
                                          for l, j, i in self.artists.edge_index)
        self.readout.value = text


def blame_dashboard(x1: float = 1.0, x2: float = 0.5, target: float = 1.0):
    """The worked 2-2-1 sigmoid network, edges coloured by ∂J/∂w (red > 0, blue < 0,
    thickness |∂J/∂w|): drag the inputs x₁, x₂ (−2 … 2) and the target t (0 … 1).
    Returns the dashboard widget; display it as a cell's last line."""
    return BlameDashboard(x1=x1, x2=x2, target=target)


# --- vanishing gradients -------------------------------------------------------------------

DEPTH_RANGE = (1, 30)
DEPTH_ACTIVATIONS = ("sigmoid", "tanh", "relu")
_WIDTH, _N_IN, _BATCH, _SEED = 16, 4, 64, 0


@functools.lru_cache(maxsize=None)
def _norms(depth: int, activation: str) -> np.ndarray:
    rng = np.random.default_rng(_SEED)
    X = rng.normal(size=(_BATCH, _N_IN))
    Y = rng.normal(size=(_BATCH, 1))
    model = MLP([_N_IN] + [_WIDTH] * depth + [1], activation=activation,
                output_activation="linear", seed=_SEED)
    norms = layer_gradient_norms(model, X, Y, "mse")
    norms.setflags(write=False)
    return norms


def _check_depth(depth) -> int:
    lo, hi = DEPTH_RANGE
    if isinstance(depth, bool) or not isinstance(depth, numbers.Integral) \
            or not lo <= depth <= hi:
        raise ValueError(f"depth (the number of hidden layers) must be a whole number from "
                         f"{lo} to {hi}, got {depth!r}")
    return int(depth)


def _check_activation(activation) -> str:
    if activation not in DEPTH_ACTIVATIONS:
        raise ValueError(f"activation must be one of {', '.join(DEPTH_ACTIVATIONS)}, "
                         f"got {activation!r}")
    return activation


def deep_network_gradient_norms(depth: int, activation: str = "sigmoid") -> np.ndarray:
    """The curve the dashboard draws: ``nn.layer_gradient_norms`` of its deep network,
    ‖∂J/∂W_l‖ for l = 1 … depth + 1, shape ``(depth + 1,)``.

    The network: 4 inputs, ``depth`` hidden layers of 16 units with ``activation``
    ("sigmoid", "tanh" or "relu"), one linear output; weights from ``nn.MLP(seed=0)``
    (Glorot for sigmoid/tanh, He for ReLU). J = mean squared error on a fixed batch of
    B = 64 random inputs and targets (seed 0). Entry 0 is the layer next to the input,
    the last entry the output layer. Deterministic: one setting, one answer.
    """
    return _norms(_check_depth(depth), _check_activation(activation)).copy()


_WHY = {
    "sigmoid": ("Each sigmoid layer multiplies the backward signal by f'(z) = a(1 − a) ≤ 0.25 "
                "(and by its weights, which are small at the start), so the gradient "
                "shrinks about 4× or more per layer."),
    "tanh": ("tanh'(z) = 1 − a² ≤ 1, and it is close to 1 near z = 0, where well-initialised "
             "units start: the gradient shrinks far more slowly than with the sigmoid."),
    "relu": ("ReLU's f'(z) is exactly 1 for every active unit, and He initialisation keeps "
             "the signal's size from layer to layer: the gradient neither fades nor blows up."),
}


class VanishingGradientsDashboard(Dashboard):
    """‖∂J/∂W_l‖ against the layer l on a log scale: drag the depth, pick the activation.

    All three activations are drawn (the chosen one bold), so you can compare. Attributes:
    ``depth``, ``activation`` (the controls), ``figure``, ``ax``, ``canvas``, ``artists``
    (``plots.GradientNormArtists``), ``blitter``, ``norms`` (the chosen curve).
    """

    factory = "vanishing_gradients_dashboard"

    def __init__(self, depth: int = 10, activation: str = "sigmoid"):
        depth, activation = _check_depth(depth), _check_activation(activation)
        self.depth = widgets.IntSlider(value=depth, min=DEPTH_RANGE[0], max=DEPTH_RANGE[1],
                                       description="hidden layers", style=WIDE,
                                       continuous_update=True)
        self.activation = widgets.Dropdown(options=list(DEPTH_ACTIVATIONS), value=activation,
                                           description="activation", style=WIDE)
        # The y range covers every setting, so the axes never change: only lines move.
        every = np.concatenate([deep_network_gradient_norms(d, a) for a in DEPTH_ACTIVATIONS
                                for d in range(DEPTH_RANGE[0], DEPTH_RANGE[1] + 1)])
        # Room at the top for the note.
        ylim = (10.0 ** math.floor(math.log10(every.min()) - 0.5),
                10.0 ** (math.ceil(math.log10(every.max())) + 3))

        self.figure, self.canvas = live_figure(7.5, 4.2)
        self.ax = self.figure.add_subplot()
        self.artists = plots.gradient_norm_plot(
            self.ax, self._curves(), highlight=activation,
            xlim=(0.5, DEPTH_RANGE[1] + 1.5), ylim=ylim)
        freeze_layout(self.figure)
        self.blitter = Blitter(self.canvas, self.artists.moving)
        self._assemble({"depth": self.depth, "activation": self.activation},
                       [self.canvas], [self.figure])
        self._describe()

    def _curves(self) -> dict:
        return {a: deep_network_gradient_norms(self.depth.value, a) for a in DEPTH_ACTIVATIONS}

    @property
    def norms(self) -> np.ndarray:
        """‖∂J/∂W_l‖, l = 1 … L, for the chosen depth and activation."""
        return deep_network_gradient_norms(self.depth.value, self.activation.value)

    def update(self, name: str) -> None:
        """Depth or activation changed: move the curves, redraw them."""
        plots.update_gradient_norm_plot(self.artists, self._curves(),
                                        highlight=self.activation.value)
        self.blitter.update()
        self._describe()

    def _describe(self) -> None:
        n, act = self.norms, self.activation.value
        L = n.size
        ratio = n[0] / n[-1]
        text = (f"{L - 1} {act} hidden layer{'s' if L > 2 else ''} (L = {L} layers): "
                f"layer 1's gradient (next to the input) is <b>{plots.times_ten(ratio)}</b> "
                f"times layer {L}'s (the output layer). ")
        if ratio < 1e-3:
            text += (f"With the same α, layer 1's weights move about "
                     f"{plots.times_ten(1 / ratio)} times more slowly: they hardly learn. ")
        text += _WHY[act]
        self.readout.value = text


def vanishing_gradients_dashboard(depth: int = 10, activation: str = "sigmoid"):
    """‖∂J/∂W_l‖ for every layer l of a deep network, log scale: drag the number of hidden
    layers (1 … 30) and pick sigmoid, tanh or ReLU. Seeded, so each setting always shows
    the same numbers. Returns the dashboard widget; display it as a cell's last line."""
    return VanishingGradientsDashboard(depth=depth, activation=activation)
