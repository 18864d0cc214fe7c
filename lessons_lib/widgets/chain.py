"""The backward pass, one node at a time: the chain rule on a computational graph, live.

One sigmoid neuron with squared error, J = ½(t − σ(w·x + b))², built by
``autograd.sigmoid_neuron`` and drawn with ``plots.computational_graph``. Drag ``step`` to
walk the backward pass (step 0: the forward pass only, every ∂J/∂· unknown; each step one
node passes its gradient back, upstream gradient × ``autograd.local_derivative``) and ``x``
to change the input (every forward value and gradient changes).
"""

from __future__ import annotations

import math
import numbers

import ipywidgets as widgets
import numpy as np

from .. import plots
from ..autograd import Value, backward_steps, local_derivative, sigmoid_neuron, trace
from ..plots.graph import format_number, node_formula
from .base import WIDE, Blitter, Dashboard, choice_slider, freeze_layout, live_figure

__all__ = ["BackwardPassDashboard", "backward_pass_dashboard", "backward_view", "BackwardView",
           "X_VALUES"]

#: The inputs the x slider offers: −3, −2.9, …, 3.
X_VALUES = [round(float(v), 1) for v in np.arange(-30, 31) / 10]


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not math.isfinite(value):
        raise ValueError(f"{what} must be a number, got {value!r}")
    return float(value)


def _name(node) -> str:
    return node.label or format_number(node.data)


def _factor(v: float) -> str:
    """A number inside a product: negative ones in brackets, "× (−1.5)"."""
    text = format_number(v)
    return f"({text})" if v < 0 else text


class BackwardView:
    """What step ``step`` of the backward pass of ``root``'s graph shows.

    ``grads``: {node: ∂J/∂node} for the nodes whose gradient is known; ``sender``: the
    node passing its gradient back (None at steps 0 and 1); ``received``: the nodes that
    just got one; ``lines``: the readout, one line per fact (HTML-safe text).
    Step 0: the forward pass only. Step 1: ∂J/∂J = 1. Step k ≥ 2: the (k − 1)-th node
    from the output passes ∂J/∂(itself) × local derivative to each of its inputs.
    """

    def __init__(self, nodes, edges, steps, step: int):
        root = nodes[-1]
        senders = [n for n in reversed(nodes) if n.children]
        if isinstance(step, bool) or not isinstance(step, numbers.Integral) \
                or not 0 <= step <= len(senders) + 1:
            raise ValueError(f"step must be a whole number from 0 to {len(senders) + 1}, "
                             f"got {step!r}")
        parents = {n: [] for n in nodes}
        for child, parent in edges:
            parents[child].append(parent)
        self.grads, self.sender, self.received, self.lines = {}, None, (), []
        if step == 0:
            self.lines = ["<b>Forward pass</b>, left to right: " + ", ".join(
                f"{n.label} = {node_formula(n)} = {format_number(n.data)}"
                if node_formula(n) != n.label else f"{n.label} = {format_number(n.data)}"
                for n in nodes if n.children) + ".",
                "No gradient is known yet (every ∂J/∂· shows ?). Move <b>backward step</b> to "
                "start the backward pass at J."]
            return
        done = set(senders[:step - 1])
        grads = steps[step - 1]
        self.grads = {n: grads[n] for n in nodes
                      if n is root or any(p in done for p in parents[n])}
        if step == 1:
            self.received = (root,)
            self.lines = [f"<b>Step 1</b>: the backward pass starts at the output: "
                          f"∂{root.label}/∂{root.label} = 1 ({root.label} changes one for "
                          "one with itself)."]
            return
        sender = self.sender = senders[step - 2]
        kids = list(dict.fromkeys(sender.children))
        self.received = tuple(kids)
        g = grads[sender]
        names = ", ".join(_name(k) for k in kids)
        lines = [f"<b>Step {step}</b>: {sender.label} passes ∂J/∂{sender.label} = "
                 f"{format_number(g)} back to {names}. Each input gets "
                 f"(upstream gradient) × (local derivative):"]
        for k in kids:
            if not k.children and not k.label:
                lines.append(f"{_name(k)} is a constant: it needs no gradient.")
                continue
            local, formula = local_derivative(sender, k, name=_name)
            line = (f"∂J/∂{k.label} = ∂J/∂{sender.label} · ∂{sender.label}/∂{k.label} = "
                    f"{_factor(g)} × {_factor(local)} = {format_number(g * local)}"
                    f"   (local: ∂{sender.label}/∂{k.label} = {formula})")
            if len(parents[k]) > 1:
                line += (f"; {k.label} feeds {len(parents[k])} nodes, so their shares add "
                         f"up: {format_number(grads[k])} so far")
            lines.append(line)
        if step == len(senders) + 1:
            learnable = [n for n in nodes if n.label in ("w", "b") and not n.children]
            done_line = ("<b>Done</b>: one backward sweep gave every gradient, each from the "
                         "one before it.")
            if learnable:
                done_line += " Gradient descent uses " + " and ".join(
                    f"∂J/∂{n.label} = {format_number(grads[n])}" for n in learnable) + "."
            lines.append(done_line)
        self.lines = lines


def backward_view(root: Value, step: int) -> BackwardView:
    """The state of ``root``'s backward pass at ``step`` (see ``BackwardView``)."""
    nodes, edges = trace(root)
    return BackwardView(nodes, edges, backward_steps(root), step)


class BackwardPassDashboard(Dashboard):
    """The backward pass through J = ½(t − σ(w·x + b))², one node per step.

    Controls: ``step`` (IntSlider, 0 … 7) and ``x`` (the input, −3 … 3). Attributes for
    tests: ``root`` (J, a Value), ``nodes``, ``edges``, ``view`` (the ``BackwardView``
    shown), ``figure``, ``ax``, ``canvas``, ``artists`` (``plots.GraphArtists``),
    ``blitter``.
    """

    factory = "backward_pass_dashboard"

    def __init__(self, step: int = 0, x: float = 1.5, w: float = 0.5, b: float = -0.5,
                 t: float = 1.0):
        self.params = {"w": _number(w, "w"), "b": _number(b, "b"), "t": _number(t, "t")}
        self.x = choice_slider(x, X_VALUES, "input x", what="x")
        self._build_graph()
        n_steps = sum(1 for n in self.nodes if n.children) + 1
        self.view = BackwardView(self.nodes, self.edges, self.steps, step)  # checks step
        self.step = widgets.IntSlider(value=step, min=0, max=n_steps,
                                      description="backward step", style=WIDE,
                                      continuous_update=True)

        self.figure, self.canvas = live_figure(*plots.graph_figsize(self.nodes, self.edges))
        self.ax = self.figure.add_subplot()
        self.artists = plots.computational_graph(self.ax, self.nodes, self.edges)
        p = self.params
        self.ax.set_title("J = ½(t − σ(w·x + b))²   with " + ", ".join(
            f"{k} = {format_number(v)}" for k, v in p.items()), fontsize=10)
        freeze_layout(self.figure)
        self.blitter = Blitter(self.canvas, self.artists.moving())
        self._assemble({"step": self.step, "x": self.x}, [self.canvas], [self.figure],
                       fixed=dict(self.params))
        self._show()

    def _build_graph(self):
        self.root = sigmoid_neuron(x=self.x.value, **self.params)
        self.nodes, self.edges = trace(self.root)
        self.steps = backward_steps(self.root)

    def _show(self) -> bool:
        v = self.view
        self.readout.value = "<br>".join(v.lines)
        return plots.update_graph(self.artists, self.nodes, v.grads, sender=v.sender,
                                  received=v.received)

    def update(self, name: str) -> None:
        """step moved: show that step. x moved: rebuild the graph's numbers, then show."""
        if name == "x":
            self._build_graph()
        self.view = BackwardView(self.nodes, self.edges, self.steps, self.step.value)
        self.blitter.update(full=self._show())


def backward_pass_dashboard(step: int = 0, x: float = 1.5, w: float = 0.5, b: float = -0.5,
                            t: float = 1.0) -> BackwardPassDashboard:
    """A live computational graph of J = ½(t − σ(w·x + b))²: drag ``step`` through the
    backward pass (0 = forward only) and the input ``x`` (−3 … 3). ``w``, ``b`` and the
    target ``t`` are fixed numbers. Display it as a cell's last line."""
    return BackwardPassDashboard(step=step, x=x, w=w, b=b, t=t)

