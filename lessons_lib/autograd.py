"""A tiny reverse-mode autodiff engine on single numbers, in the spirit of Karpathy's micrograd.

Every calculation you write with ``Value`` objects is recorded as a graph: each result
remembers the inputs it came from and how to pass a gradient back to them. Reverse-mode
autodiff then walks that graph from the output J back to the inputs, once: each node takes
∂J/∂(itself) and multiplies it by its local derivative to get ∂J/∂(each input). That is the
chain rule, ∂J/∂x = ∂J/∂y · ∂y/∂x, applied node by node from the output back.

    >>> w, x, b = Value(-3.0, label="w"), Value(2.0, label="x"), Value(6.5, label="b")
    >>> a = (w * x + b).tanh().named("a")
    >>> a.backward()            # w.grad is now ∂a/∂w = (1 − a²)·x

Each operation records, when it makes its result, the local derivative ∂result/∂input for
each of its inputs (a number, and its formula as text). The backward pass uses exactly
those numbers, and ``local_derivative`` shows them, so what a drawing says a step
multiplies by is what the backward pass multiplied by.

Pure Python (``math``): no numpy needed, no plotting here. ``trace`` and ``backward_steps``
give the plots the graph and the backward pass one step at a time; ``sigmoid_neuron``
builds the one-neuron example of the lessons.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["Value", "trace", "backward_steps", "local_derivative", "sigmoid_neuron"]

_EXPONENT_MSG = (
    "a Value exponent is not supported: ** takes a plain number as the exponent "
    "(x ** 2, x ** 0.5, x ** -1), got {!r}"
)


def _real(x, what: str) -> float:
    """x as a float, or a ValueError if it is not a finite real number."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"{what} must be a real number (int or float), got {x!r}")
    try:
        x = float(x)
    except OverflowError:  # a whole number too big for a float
        raise ValueError(f"{what} must be a finite number, got {x!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"{what} must be a finite number, got {x!r}")
    return x


def _as_value(x) -> Value:
    """A Value stays as it is; a plain number becomes a leaf Value (a constant)."""
    if isinstance(x, Value):
        return x
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise ValueError(f"you can combine a Value only with a Value or a number, got {x!r}")
    return Value(_real(x, "a number combined with a Value"))


class Value:
    """One number in a computation, with its gradient: ``Value(data, label="")``.

    ``data``: the forward value (a finite float).  ``grad``: ∂J/∂(this value) once you call
    ``J.backward()``; 0.0 before.  ``label``: a name for drawings ("" if none); set it with
    ``Value(2.0, label="x")`` or, on a result, ``(w * x).named("wx")``.
    ``op``: how the value was made ("" for a leaf you created, else "+", "-", "*", "/",
    "neg", "**2", "exp", "log", "tanh", "sigmoid" or "relu").  ``children``: the Values it
    was made from (a tuple; plain numbers appear as constant leaves).

    You can write ``+ - * /`` with Values or plain numbers on either side, ``x ** k`` with
    a number k, and ``x.exp()``, ``x.log()``, ``x.tanh()``, ``x.sigmoid()``, ``x.relu()``.

    Gradients accumulate. ``J.backward()`` *adds* ∂J/∂node to ``node.grad`` for every node
    of J's graph (J itself included); it does not reset them. So calling ``backward()``
    twice doubles every gradient, just as in micrograd and PyTorch. To start afresh, call
    ``J.zero_grad()`` (every grad in the graph back to 0) before ``J.backward()``.
    """

    __array_ufunc__ = None  # numpy scalars hand ``np.float64(2) * v`` over to Value

    def __init__(self, data, label: str = "", *, _children: tuple = (), _op: str = ""):
        if not isinstance(label, str):
            raise ValueError(f"label must be a string, got {label!r}")
        self.data = _real(data, "Value data")
        self.grad = 0.0
        self.label = label
        self.op = _op
        self._prev = tuple(_children)
        # ∂self/∂child for each child, in order (a leaf has none), and each one's formula
        # with "{0}", "{1}" for the children's names and "{out}" for this node's.
        self._local: tuple = ()
        self._local_formula: tuple = ()

    @property
    def children(self) -> tuple:
        """The Values this one was computed from, in order (empty for a leaf)."""
        return self._prev

    def named(self, label: str) -> Value:
        """Set the label and return this Value, so you can write ``(w * x).named("wx")``."""
        if not isinstance(label, str):
            raise ValueError(f"label must be a string, got {label!r}")
        self.label = label
        return self

    def _result(self, data: float, children: tuple, op: str, local: tuple,
                formula: tuple) -> Value:
        """The Value that ``op`` makes from ``children``, knowing its local derivatives:
        ``local[i]`` = ∂result/∂children[i] at these values, ``formula[i]`` its text."""
        if not math.isfinite(data):
            raise ValueError(f"the result of {op!r} is too large for a float: {data}")
        if not all(math.isfinite(d) for d in local):
            raise ValueError(f"the slope of {op!r} here is too large for a float: its local "
                             "derivative overflows (e.g. dividing by a tiny number)")
        out = Value(data, _children=children, _op=op)
        out._local, out._local_formula = local, formula
        return out

    def _backward(self) -> None:
        """Pass ∂J/∂self back: each child gets ∂self/∂child × ∂J/∂self (the chain rule);
        a child used twice (``a * a``) gets both shares. A leaf passes nothing on."""
        g = self.grad
        for child, d in zip(self._prev, self._local):
            child.grad += d * g

    # ----- arithmetic -------------------------------------------------------------------
    def __add__(self, other) -> Value:
        other = _as_value(other)
        # ∂(s + o)/∂s = 1, ∂(s + o)/∂o = 1
        return self._result(self.data + other.data, (self, other), "+",
                            (1.0, 1.0), ("1", "1"))

    def __sub__(self, other) -> Value:
        other = _as_value(other)
        # ∂(s − o)/∂s = 1, ∂(s − o)/∂o = −1
        return self._result(self.data - other.data, (self, other), "-",
                            (1.0, -1.0), ("1", "−1"))

    def __mul__(self, other) -> Value:
        other = _as_value(other)
        # ∂(s·o)/∂s = o, ∂(s·o)/∂o = s
        return self._result(self.data * other.data, (self, other), "*",
                            (other.data, self.data), ("{1}", "{0}"))

    def __truediv__(self, other) -> Value:
        other = _as_value(other)
        if other.data == 0:
            raise ValueError(f"division by zero: the denominator is 0 (numerator {self.data:g})")
        q = self.data / other.data
        # ∂(s/o)/∂s = 1/o, ∂(s/o)/∂o = −s/o², computed as −(s/o)/o (no overflow)
        return self._result(q, (self, other), "/", (1.0 / other.data, -q / other.data),
                            ("1/{1}", "−{0}/{1}²"))

    def __neg__(self) -> Value:
        return self._result(-self.data, (self,), "neg", (-1.0,), ("−1",))  # ∂(−s)/∂s = −1

    def __radd__(self, other) -> Value:  # 2 + x
        return _as_value(other) + self

    def __rsub__(self, other) -> Value:  # 2 - x
        return _as_value(other) - self

    def __rmul__(self, other) -> Value:  # 2 * x
        return _as_value(other) * self

    def __rtruediv__(self, other) -> Value:  # 2 / x
        return _as_value(other) / self

    def __pow__(self, k) -> Value:
        """x ** k for a plain number k: ∂(xᵏ)/∂x = k·xᵏ⁻¹."""
        if isinstance(k, Value):
            raise ValueError(_EXPONENT_MSG.format(k))
        k = _real(k, "the exponent k in x ** k")
        x = self.data
        if x == 0 and k < 0:
            raise ValueError(f"0 ** {k:g} is undefined (a negative power of zero divides by 0)")
        if x == 0 and 0 < k < 1:
            raise ValueError(f"x ** {k:g} at x = 0 has an infinite slope: no gradient exists")
        if x < 0 and not k.is_integer():
            raise ValueError(f"({x:g}) ** {k:g} is not a real number: a negative base needs "
                             "a whole-number exponent")
        try:
            data = x ** k
        except OverflowError:
            raise ValueError(f"({x:g}) ** {k:g} is too large for a float") from None
        # k·xᵏ⁻¹, written as k·xᵏ/x (no overflow); at x = 0 only k = 0 or k ≥ 1 get here.
        if k == 0:
            slope = 0.0
        elif x == 0:
            slope = 1.0 if k == 1 else 0.0
        else:
            slope = k * data / x
        formula = "2{0}" if k == 2 else f"{k:g}·{{0}}^{k - 1:g}"
        return self._result(data, (self,), f"**{k:g}", (slope,), (formula,))

    def __rpow__(self, base):  # 2 ** x: the exponent would be a Value
        raise ValueError(_EXPONENT_MSG.format(self))

    # ----- functions --------------------------------------------------------------------
    def exp(self) -> Value:
        """e^x; its derivative is e^x itself."""
        try:
            data = math.exp(self.data)
        except OverflowError:
            raise ValueError(f"exp({self.data:g}) is too large for a float") from None
        return self._result(data, (self,), "exp", (data,), ("exp({0})",))

    def log(self) -> Value:
        """Natural log ln x, for x > 0; ∂(ln x)/∂x = 1/x."""
        if self.data <= 0:
            raise ValueError(f"log needs a positive number, got {self.data:g}")
        return self._result(math.log(self.data), (self,), "log", (1.0 / self.data,),
                            ("1/{0}",))

    def tanh(self) -> Value:
        """a = tanh x; ∂a/∂x = 1 − a²."""
        a = math.tanh(self.data)
        return self._result(a, (self,), "tanh", (1.0 - a * a,), ("1 − {out}²",))

    def sigmoid(self) -> Value:
        """a = 1/(1 + e^(−x)); ∂a/∂x = a(1 − a). No overflow for any x: e^(−|x|) ≤ 1."""
        x = self.data
        if x >= 0:
            s = 1.0 / (1.0 + math.exp(-x))
        else:
            e = math.exp(x)
            s = e / (1.0 + e)
        return self._result(s, (self,), "sigmoid", (s * (1.0 - s),), ("{out}(1 − {out})",))

    def relu(self) -> Value:
        """a = max(0, x); ∂a/∂x = 1 if x > 0 else 0 (0 at x = 0, as PyTorch takes it)."""
        if self.data > 0:
            return self._result(self.data, (self,), "relu", (1.0,), ("1 (as {0} > 0)",))
        return self._result(0.0, (self,), "relu", (0.0,), ("0 (as {0} ≤ 0)",))

    # ----- the backward pass ------------------------------------------------------------
    def backward(self) -> None:
        """Add ∂(self)/∂node to ``node.grad`` for every node of this Value's graph.

        The nodes are visited from this output back to the inputs (reverse topological
        order), so a node passes its gradient on only after everything it feeds has passed
        theirs to it. A node used twice (``a + a``) gets both contributions. This pass
        starts from self.grad = 1 and adds its result to whatever the grads held before:
        call ``zero_grad()`` first if you want a fresh result.
        """
        nodes = _topo(self)
        before = [n.grad for n in nodes]
        for n in nodes:
            n.grad = 0.0
        self.grad = 1.0  # ∂self/∂self
        for n in reversed(nodes):
            n._backward()
        for n, g in zip(nodes, before):
            n.grad += g
        if not all(math.isfinite(n.grad) for n in nodes):
            raise ValueError("a gradient is too large for a float: the chain rule multiplied "
                             "local derivatives past about 1.8e308")

    def zero_grad(self) -> None:
        """Set ``grad = 0`` on every node of this Value's graph (itself included)."""
        for n in _topo(self):
            n.grad = 0.0

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data:g}, grad={self.grad:g}{label})"


def _topo(root: Value) -> list:
    """Every node of root's graph once, inputs first, root last (depth-first, no recursion,
    so a chain of thousands of nodes is fine)."""
    if not isinstance(root, Value):
        raise ValueError(f"root must be a Value, got {root!r}")
    order, seen = [], set()
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(node._prev) if c not in seen)
    return order


def trace(root: Value) -> tuple[list, list]:
    """The graph of ``root`` for drawing: ``(nodes, edges)``.

    nodes: every Value once, in topological order (inputs first, ``root`` last), so each
    node comes after all the nodes it was computed from.  edges: ``(child, parent)`` pairs,
    "child feeds parent", each pair once (``a + a`` gives one edge from a to the sum).
    Each node carries its forward value (``.data``) and gradient (``.grad``).
    """
    nodes = _topo(root)
    edges, seen = [], set()
    for parent in nodes:
        for child in parent._prev:
            if (child, parent) not in seen:
                seen.add((child, parent))
                edges.append((child, parent))
    return nodes, edges


def backward_steps(root: Value) -> list[dict]:
    """The backward pass one node at a time, for a slider: a list of ``{node: grad}`` dicts.

    The nodes that pass a gradient back are the non-leaf nodes, taken from ``root`` back
    to the inputs: ``[n for n in reversed(trace(root)[0]) if n.children]``. Entry 0 is the
    start (root.grad = 1, every other grad 0); entry k holds every node's grad after the
    first k of them have passed theirs back; the last entry is the full backward result.
    The pass starts from zero, whatever the grads held before. Afterwards the graph holds
    that normal backward result, the same as ``root.zero_grad(); root.backward()``.
    """
    nodes = _topo(root)
    for n in nodes:
        n.grad = 0.0
    root.grad = 1.0
    steps = [{n: n.grad for n in nodes}]
    for node in reversed(nodes):
        if node._prev:
            node._backward()
            steps.append({n: n.grad for n in nodes})
    if not all(math.isfinite(n.grad) for n in nodes):
        raise ValueError("a gradient is too large for a float: the chain rule multiplied "
                         "local derivatives past about 1.8e308")
    return steps


def _plain_name(node: Value) -> str:
    return node.label or f"{node.data:g}"


def local_derivative(parent: Value, child: Value, name=None) -> tuple[float, str]:
    """∂parent/∂child, the local derivative on the edge child → parent: ``(value, formula)``.

    The value is the very number the backward pass multiplies ∂J/∂parent by to pass it to
    ``child``. The formula names the nodes with ``name(node)`` (default: its label, or its
    value when it has none). E.g. for a = σ(z) and child z: (a(1 − a) as a number,
    "a(1 − a)"); for wx = w·x and child w: (x, "x"). A child used twice (x·x) gets the sum
    of both uses: (2x, "x + x").
    """
    if not isinstance(parent, Value) or not isinstance(child, Value):
        raise ValueError("parent and child must be Values")
    slots = [i for i, c in enumerate(parent._prev) if c is child]
    if not slots:
        raise ValueError("child is not an input of parent")
    if name is not None and not callable(name):
        raise ValueError(f"name must be a function node -> str (or None), got {name!r}")
    name = _plain_name if name is None else name
    names = [name(c) for c in parent._prev]
    if not all(isinstance(n, str) for n in names + [name(parent)]):
        raise ValueError("name must return a string for every node")
    out = name(parent)
    value = sum(parent._local[i] for i in slots)
    formula = " + ".join(parent._local_formula[i].format(*names, out=out) for i in slots)
    return value, formula


def sigmoid_neuron(x: float = 1.5, w: float = 0.5, b: float = -0.5, t: float = 1.0) -> Value:
    """One sigmoid neuron with squared error, J = ½(t − σ(w·x + b))², as a graph of named
    Values: returns the output J.

    Nodes: inputs w, x, b, t; wx = w·x; z = wx + b (net input); a = σ(z) (activation);
    e = t − a (error); e²; J = ½·e² (the constant ½ is an unlabelled leaf).
    """
    w_, x_, b_, t_ = (Value(_real(v, k), label=k)
                      for k, v in (("w", w), ("x", x), ("b", b), ("t", t)))
    try:
        wx = (w_ * x_).named("wx")
        z = (wx + b_).named("z")
        a = z.sigmoid().named("a")
        e = (t_ - a).named("e")
        return (0.5 * (e ** 2).named("e²")).named("J")
    except ValueError as err:
        raise ValueError(f"w, x, b and t are too large for this neuron's numbers: {err}") \
            from None
