"""Worked solutions: one step of backpropagation, written out the way an exam answer is.

``backprop_step`` takes a small network, ONE training example and a learning rate α, and
returns a ``StepReport`` holding every number a hand solution writes: net inputs z,
outputs a, the error J, the error terms δ, the gradients and the new weights. In Jupyter
the report shows itself as a step-by-step solution, with the formula on every line.

Conventions (the same as everywhere in Descent):

- ``weights[l]`` has shape ``(n_out, n_in)``: row j holds the weights into unit j, so
  ``weights[l][j, i]`` is w_ji, the weight from unit i to unit j. ``biases[l]`` ``(n_out,)``.
- Forward: ``z = W @ a_prev + b`` and ``a = f(z)``, layer by layer.
- δ = ∂J/∂z. Output units: δ_k = ∂J/∂o_k · f'(z_k). Hidden units:
  δ_j = f'(z_j) Σ_k w_kj δ_k. Gradients: ∂J/∂w_ji = δ_j a_i and ∂J/∂b_j = δ_j.
- Update: w ← w − α ∂J/∂w, every gradient taken with the weights from *before* the step
  (a simultaneous update).

Many textbooks write the error term with the opposite sign, δ = (t − o) f'(z), and update
w ← w + α δ a. The numbers are the same. Pure numpy: no plotting here.
"""

from __future__ import annotations

import dataclasses
import numbers
from dataclasses import dataclass

import numpy as np

from . import activations as _acts
from . import losses as _losses
from .optimizers import check_lr

__all__ = ["StepReport", "backprop_step", "unit_names", "LOSS_NAMES"]

# For each loss: the per-output share of J, its formula, and ∂J/∂o_k written out.
# (The numbers themselves come from ``losses``; these strings are for the write-up.)
LOSS_NAMES = {
    "half_sse": {"J": "J = ½ Σ_k (t_k − o_k)²", "term": "½({d})²",
                 "dJ_do": "∂J/∂o_k = o_k − t_k", "grad": "{o} − {t}"},
    "sse": {"J": "J = Σ_k (t_k − o_k)²", "term": "({d})²",
            "dJ_do": "∂J/∂o_k = 2(o_k − t_k)", "grad": "2 × ({o} − {t})"},
    "mse": {"J": "J = (1/K) Σ_k (t_k − o_k)²", "term": "({d})²/{K}",
            "dJ_do": "∂J/∂o_k = 2(o_k − t_k)/K", "grad": "2 × ({o} − {t})/{K}"},
}


@dataclass
class StepReport:
    """Every number of one backpropagation step. Lists run over the layers (input excluded).

    z[l], a[l]: net inputs and outputs of layer l, ``(n_l,)``.
    f_prime[l]: f'(z) of layer l, ``(n_l,)``.
    loss: J for this example. loss_terms: each output's share of J, ``(K,)``.
    dJ_do: ∂J/∂o for the outputs, ``(K,)``.
    delta[l]: error terms δ = ∂J/∂z, ``(n_l,)``.
    grad_W[l], grad_b[l]: ∂J/∂W (shape of weights[l]) and ∂J/∂b.
    new_W[l], new_b[l]: the parameters after the step (new_b = biases if update_biases is
    False). All of these use the weights from before the step.
    The rest are the inputs and settings the step was called with; ``loss_name`` is the
    loss's name ("half_sse", "sse" or "mse"), since ``loss`` holds the value J.
    """

    x: np.ndarray
    target: np.ndarray
    weights: list
    biases: list
    lr: float
    activation: object
    output_activation: object
    loss_name: str
    update_biases: bool
    z: list
    a: list
    f_prime: list
    loss: float
    loss_terms: np.ndarray
    dJ_do: np.ndarray
    delta: list
    grad_W: list
    grad_b: list
    new_W: list
    new_b: list

    @property
    def output(self) -> np.ndarray:
        """The network's output o (the last layer's a)."""
        return self.a[-1]

    def rounded(self, decimals: int = 4) -> "StepReport":
        """A copy with every computed number rounded to ``decimals`` places (for display or
        for answer keys). It rounds the finished numbers; it does not redo the step with
        rounded intermediates as a hand solution does."""
        if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) \
                or not 0 <= decimals <= 15:
            raise ValueError(f"decimals must be a whole number from 0 to 15, got {decimals!r}")

        def rnd(x):  # np.round scales by 10^decimals: keep huge numbers as they are
            with np.errstate(all="ignore"):
                return np.where(np.abs(x) < 1e290, np.round(x, decimals), x)

        def r(v):
            if isinstance(v, list):
                return [rnd(x) for x in v]
            return rnd(v)

        names = ["z", "a", "f_prime", "loss_terms", "dJ_do", "delta", "grad_W", "grad_b",
                 "new_W", "new_b"]
        changes = {name: r(getattr(self, name)) for name in names}
        changes["loss"] = round(self.loss, decimals)
        return dataclasses.replace(self, **changes)

    def to_markdown(self) -> str:
        """The step as a worked exam solution in Markdown: given data, then Steps 1–6."""
        return _render(self)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


# --- the computation ---------------------------------------------------------------------

def backprop_step(weights, biases, x, target, *, lr, activation="sigmoid",
                  output_activation=None, loss="half_sse", update_biases=True) -> StepReport:
    """One step of backpropagation and gradient descent on ONE training example.

    weights: list of arrays, ``weights[l]`` of shape ``(n_out, n_in)`` (row j = weights
    into unit j). biases: list of arrays, ``biases[l]`` of shape ``(n_out,)``.
    x: the input, ``(n_in,)``. target: t, ``(n_out,)`` of the last layer.
    lr: the learning rate α > 0. activation: the hidden layers' f (a name such as
    "sigmoid", "bipolar_sigmoid", "tanh", "relu", "linear", or an Activation such as
    ``Sigmoid(steepness=2)``). output_activation: the last layer's f (None: the same).
    loss: "half_sse" (J = ½Σ(t − o)², most textbooks), "sse" (Σ(t − o)²) or "mse".
    update_biases: False keeps the biases fixed, as some worked examples do.
    Returns a StepReport; display it (or call ``to_markdown()``) for the written solution.
    """
    Ws, bs = _check_params(weights, biases)
    x = _check_vector(x, "x", Ws[0].shape[1], "inputs (weights[0] has shape "
                      f"{Ws[0].shape} = (n_out, n_in))")
    t = _check_vector(target, "target", Ws[-1].shape[0], "outputs (the last weights have "
                      f"shape {Ws[-1].shape} = (n_out, n_in))")
    lr = check_lr(lr)
    hidden_f = _check_activation(activation, "activation")
    if output_activation is None:
        output_activation = activation
    output_f = _check_activation(output_activation, "output_activation")
    loss_name = _check_loss(loss)
    if not isinstance(update_biases, (bool, np.bool_)):
        raise ValueError(f"update_biases must be True or False, got {update_biases!r}")

    try:
        with np.errstate(all="ignore"):
            report = _step(Ws, bs, x, t, lr, activation, output_activation, hidden_f,
                           output_f, loss_name, update_biases)
    except ValueError as err:  # the loss J or an activation overflowed
        raise ValueError(f"the numbers of this step are too large for a float (overflow): "
                         f"make x, target, the weights or lr smaller ({err})") from None
    results = [report.loss, report.z, report.a, report.f_prime, report.loss_terms,
               report.dJ_do, report.delta, report.grad_W, report.grad_b, report.new_W,
               report.new_b]
    if not all(np.isfinite(v).all() for v in _flatten(results)):
        raise ValueError("the numbers of this step are too large for a float (overflow): "
                         "make x, target, the weights or lr smaller")
    return report


def _flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from (np.asarray(v) for v in item)
        else:
            yield np.asarray(item)


def _step(Ws, bs, x, t, lr, activation, output_activation, hidden_f, output_f, loss_name,
          update_biases) -> StepReport:
    """The step itself, on checked input (see ``backprop_step``)."""
    L = len(Ws)
    fs = [hidden_f] * (L - 1) + [output_f]

    # Step 1: forward pass.
    zs, As = [], []
    a_prev = x
    for W, b, f in zip(Ws, bs, fs):
        z = W @ a_prev + b
        a_prev = f.forward(z)
        zs.append(z)
        As.append(a_prev)
    o = As[-1]

    # Step 2: the error J and each output's share of it.
    J_obj = _losses.get(loss_name)
    J = J_obj.value(t[None, :], o[None, :])
    squared = (t - o) ** 2
    shares = {"half_sse": 0.5 * squared, "sse": squared, "mse": squared / t.size}
    dJ_do = J_obj.grad(t[None, :], o[None, :])[0]

    # Steps 3 and 4: error terms δ = ∂J/∂z, from the output back (old weights only).
    f_primes = [f.derivative(z, a) for f, z, a in zip(fs, zs, As)]
    deltas = [None] * L
    deltas[-1] = dJ_do * f_primes[-1]
    for l in range(L - 2, -1, -1):
        deltas[l] = f_primes[l] * (Ws[l + 1].T @ deltas[l + 1])

    # Step 5: gradients. Step 6: the update w ← w − α ∂J/∂w.
    inputs = [x] + As[:-1]
    grad_W = [np.outer(d, a_in) for d, a_in in zip(deltas, inputs)]
    grad_b = [d.copy() for d in deltas]
    new_W = [W - lr * g for W, g in zip(Ws, grad_W)]
    new_b = [b - lr * g if update_biases else b.copy() for b, g in zip(bs, grad_b)]

    return StepReport(
        x=x, target=t, weights=Ws, biases=bs, lr=lr, activation=activation,
        output_activation=output_activation, loss_name=loss_name,
        update_biases=bool(update_biases), z=zs, a=As, f_prime=f_primes, loss=J,
        loss_terms=shares[loss_name], dJ_do=dJ_do, delta=deltas, grad_W=grad_W,
        grad_b=grad_b, new_W=new_W, new_b=new_b,
    )


# --- checking the input ------------------------------------------------------------------

def _float_array(value, what: str) -> np.ndarray:
    try:
        if isinstance(value, (str, bytes)) or np.asarray(value).dtype.kind not in "biuf":
            raise TypeError
        arr = np.array(value, dtype=float)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"{what} must be an array of numbers, got {value!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} contains NaN or inf; every value must be a finite number")
    return arr


def _check_params(weights, biases):
    if not isinstance(weights, (list, tuple)) or not isinstance(biases, (list, tuple)):
        raise ValueError("weights and biases must be lists of arrays, one per layer, e.g. "
                         "weights=[W1, W2], biases=[b1, b2]")
    if len(weights) == 0 or len(weights) != len(biases):
        raise ValueError(f"weights and biases must be non-empty lists of the same length "
                         f"(one per layer), got {len(weights)} weights and "
                         f"{len(biases)} biases")
    Ws, bs = [], []
    for l, (W, b) in enumerate(zip(weights, biases)):
        W = _float_array(W, f"weights[{l}]")
        b = _float_array(b, f"biases[{l}]")
        if W.ndim != 2 or W.size == 0:
            raise ValueError(f"weights[{l}] must be a 2-D array of shape (n_out, n_in), got "
                             f"shape {W.shape}")
        if l > 0 and W.shape[1] != Ws[-1].shape[0]:
            raise ValueError(
                f"weights[{l}] must have {Ws[-1].shape[0]} columns, one per unit of the "
                f"layer before (weights[{l - 1}] has shape {Ws[-1].shape}), got shape "
                f"{W.shape}")
        if b.shape != (W.shape[0],):
            raise ValueError(f"biases[{l}] must have shape ({W.shape[0]},), one bias per "
                             f"unit of weights[{l}] {W.shape}, got shape {b.shape}")
        Ws.append(W)
        bs.append(b)
    return Ws, bs


def _check_vector(value, what: str, n: int, why: str) -> np.ndarray:
    v = _float_array(value, what)
    if v.ndim != 1 or v.size != n:
        raise ValueError(f"{what} must be a list of {n} numbers, one per network {why}, got "
                         f"shape {v.shape}")
    return v


def _check_activation(name, what: str) -> _acts.Activation:
    try:
        f = _acts.get(name)
    except ValueError as err:
        raise ValueError(f"{what}: {err}") from None
    if isinstance(f, _acts.Softmax):
        raise ValueError(f"{what}: softmax is not supported in a worked solution (its "
                         "derivative is a matrix); use sigmoid, bipolar_sigmoid, tanh, "
                         "relu or linear")
    return f


def _check_loss(name) -> str:
    key = name.strip().lower().replace("-", "_") if isinstance(name, str) else None
    if key not in LOSS_NAMES:
        raise ValueError(f"loss must be one of {', '.join(LOSS_NAMES)} (½Σ(t − o)², "
                         f"Σ(t − o)², mean (t − o)²), got {name!r}")
    return key


# --- names of units and weights ----------------------------------------------------------

def unit_names(sizes) -> list[list[str]]:
    """Textbook names for every unit, inputs first: x1, x2 …; hidden h1, h2 … (with one
    hidden layer) or h1_1, h1_2, h2_1 … (layer_unit, with several); outputs o1, o2 …
    sizes: units per layer, inputs first, e.g. [2, 2, 1] (at most 10,000 units a layer)."""
    if isinstance(sizes, np.ndarray) and sizes.ndim == 1:
        sizes = sizes.tolist()
    if (not isinstance(sizes, (list, tuple)) or len(sizes) < 2 or any(
            isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= 10_000
            for n in sizes)):
        raise ValueError("sizes must be a list of at least 2 whole numbers from 1 to 10,000 "
                         f"(inputs, …, outputs), e.g. [2, 2, 1], got {sizes!r}")
    n_hidden = len(sizes) - 2
    names = [[f"x{i + 1}" for i in range(sizes[0])]]
    for l in range(1, len(sizes) - 1):
        prefix = "h" if n_hidden == 1 else f"h{l}_"
        names.append([f"{prefix}{j + 1}" for j in range(sizes[l])])
    names.append([f"o{k + 1}" for k in range(sizes[-1])])
    return names


# --- the write-up --------------------------------------------------------------------------
# Given numbers (x, t, weights, α) are shown as given; computed ones to 4 decimals, as a
# hand solution writes them, and each result also exactly (10 significant digits).

def _given(v: float) -> str:
    """A given number as you would copy it from the question: 0.15, −0.3, 1."""
    return f"{v:.10g}"


def _r4(v: float) -> str:
    """A computed number rounded to 4 decimals, as hand solutions substitute it (a number
    with fewer decimals, such as −0.7, is written as it is)."""
    if float(f"{v:.10g}") == round(float(v), 4):
        return _given(v + 0.0)            # + 0.0 turns −0 into 0
    return f"{v:.4f}"


def _res(v: float) -> str:
    """A result: the exact value and, if that has more digits, ≈ the 4-decimal one."""
    exact = f"{v:.10g}"
    return exact if float(exact) == float(_r4(v)) else f"{exact} ≈ {_r4(v)}"


def _br(s: str) -> str:
    """Brackets around a negative number you multiply by: (-0.2)."""
    return f"({s})" if s.startswith("-") else s


def _f_text(f: _acts.Activation, z: str) -> str:
    """f(z) with the number z put in, e.g. 1/(1 + e^(−0.3775))."""
    lam = getattr(f, "steepness", 1.0)
    if lam != 1:
        power = f"−{_given(lam)}×{_br(z)}"
    else:                                 # e^(−z), written e^(0.7) when z = −0.7
        power = z[1:] if z.startswith("-") else f"−{z}"
    if f.name == "sigmoid":
        return f"1/(1 + e^({power}))"
    if f.name == "bipolar_sigmoid":
        return f"2/(1 + e^({power})) − 1"
    if f.name in ("tanh", "relu"):
        return f"tanh({z})" if f.name == "tanh" else f"max(0, {z})"
    return z if f.name == "linear" else f"f({z})"


def _fprime_text(f: _acts.Activation, z: float, a: float) -> str:
    """f'(z) with the numbers put in, e.g. 0.5933 × (1 − 0.5933)."""
    lam = getattr(f, "steepness", 1.0)
    if f.name == "sigmoid":
        core = f"{_r4(a)} × (1 − {_r4(a)})"
        return core if lam == 1 else f"{_given(lam)} × {core}"
    if f.name == "bipolar_sigmoid":
        return f"({_given(lam)}/2) × (1 − {_br(_r4(a))}²)"
    if f.name == "tanh":
        return f"1 − {_br(_r4(a))}²"
    if f.name in ("relu", "leaky_relu"):
        return "1 (as z > 0)" if z > 0 else f"{_given(getattr(f, 'slope', 0.0))} (as z ≤ 0)"
    return "1" if f.name == "linear" else "f'(z)"


def _f_label(f: _acts.Activation) -> str:
    lam = getattr(f, "steepness", 1.0)
    extra = f" with λ = {_given(lam)}" if "λ" in f.formula else ""
    return f"{f.name}{extra}: `{f.formula}`, `{f.derivative_formula}`"


def _render(r: StepReport) -> str:
    sizes = [r.x.size] + [W.shape[0] for W in r.weights]
    names = unit_names(sizes)
    # What stands for a unit's output in a formula: x1 for an input, a_h1 for a unit.
    syms = [names[0]] + [[f"a_{n}" for n in layer] for layer in names[1:]]
    L = len(r.weights)
    fs = [_acts.get(r.activation)] * (L - 1) + [_acts.get(r.output_activation)]
    info = LOSS_NAMES[r.loss_name]
    K, outs = len(names[-1]), names[-1]
    prev_values = [r.x] + r.a[:-1]          # the inputs a_i of each layer
    lines = ["### One step of backpropagation, worked out", ""]

    # Given data.
    lines += ["**Given**", "",
              f"- Network {'-'.join(map(str, sizes))}: inputs {', '.join(names[0])}; "
              + "".join(f"hidden {', '.join(n)}; " for n in names[1:-1])
              + f"outputs {', '.join(outs)} (output o_k = a_ok)",
              "- Input: " + ", ".join(f"`{n} = {_given(v)}`" for n, v in zip(names[0], r.x)),
              "- Target: " + ", ".join(f"`t_{n} = {_given(v)}`" for n, v in zip(outs, r.target)),
              f"- Learning rate `α = {_given(r.lr)}`; error `{info['J']}`"]
    if L > 1:
        lines.append(f"- Hidden activation {_f_label(fs[0])}")
    lines.append(f"- Output activation {_f_label(fs[-1])}")
    for l in range(L):
        ws = ", ".join(f"`w_{{{n},{p}}} = {_given(r.weights[l][j, i])}`"
                       for j, n in enumerate(names[l + 1]) for i, p in enumerate(names[l]))
        bs = ", ".join(f"`b_{n} = {_given(v)}`" for n, v in zip(names[l + 1], r.biases[l]))
        lines.append(f"- Weights into {', '.join(names[l + 1])}: {ws}; biases {bs}")
    lines.append("- The biases are updated like weights." if r.update_biases
                 else "- The biases are held fixed (not updated).")

    # Step 1: forward pass.
    lines += ["", "**Step 1: forward pass** (`z_j = Σ_i w_ji a_i + b_j`, `a_j = f(z_j)`)", ""]
    for l in range(L):
        given = l == 0                      # the inputs are given numbers, not computed
        for j, n in enumerate(names[l + 1]):
            symbols = " + ".join(f"w_{{{n},{p}}}·{s}" for p, s in zip(names[l], syms[l]))
            numbers = " + ".join(
                f"{_br(_given(r.weights[l][j, i]))}×{_br((_given if given else _r4)(v))}"
                for i, v in enumerate(prev_values[l]))
            lines.append(f"- `z_{n} = {symbols} + b_{n} = {numbers} + "
                         f"{_br(_given(r.biases[l][j]))} = {_res(r.z[l][j])}`")
            lines.append(f"- `a_{n} = f(z_{n}) = {_f_text(fs[l], _r4(r.z[l][j]))} = "
                         f"{_res(r.a[l][j])}`")

    # Step 2: error.
    lines += ["", f"**Step 2: error** (`{info['J']}`)", ""]
    for k, n in enumerate(outs):
        d = f"{_given(r.target[k])} − {_br(_r4(r.output[k]))}"
        lines.append(f"- `J_{n} = {info['term'].format(d=d, K=K)} = "
                     f"{_res(r.loss_terms[k])}`")
    total = " + ".join(f"J_{n}" for n in outs)
    if K > 1:
        total += " = " + " + ".join(_r4(v) for v in r.loss_terms)
    lines.append(f"- `J = {total} = {_res(r.loss)}`")

    # Step 3: output error terms.
    lines += ["", f"**Step 3: output error terms** (`δ_k = ∂J/∂o_k · f'(z_k)` with "
              f"`{info['dJ_do']}` and `{fs[-1].derivative_formula}`)", ""]
    for k, n in enumerate(outs):
        grad = info["grad"].format(o=_r4(r.output[k]), t=_given(r.target[k]), K=K)
        lines.append(f"- `∂J/∂a_{n} = {grad} = {_res(r.dJ_do[k])}`")
        lines.append(f"- `f'(z_{n}) = {_fprime_text(fs[-1], r.z[-1][k], r.output[k])} = "
                     f"{_res(r.f_prime[-1][k])}`")
        lines.append(f"- `δ_{n} = {_br(_r4(r.dJ_do[k]))} × {_br(_r4(r.f_prime[-1][k]))} = "
                     f"{_res(r.delta[-1][k])}`")

    # Step 4: hidden error terms, from the last hidden layer back.
    lines += ["", "**Step 4: hidden error terms** (`δ_j = f'(z_j) Σ_k w_kj δ_k`, "
              "with the old weights)", ""]
    if L == 1:
        lines.append("- This network has no hidden units.")
    for l in range(L - 2, -1, -1):
        nxt = names[l + 2]
        for j, n in enumerate(names[l + 1]):
            symbols = " + ".join(f"w_{{{m},{n}}}·δ_{m}" for m in nxt)
            numbers = " + ".join(
                f"{_br(_given(r.weights[l + 1][k, j]))}×{_br(_r4(r.delta[l + 1][k]))}"
                for k in range(len(nxt)))
            lines.append(f"- `f'(z_{n}) = {_fprime_text(fs[l], r.z[l][j], r.a[l][j])} = "
                         f"{_res(r.f_prime[l][j])}`")
            lines.append(f"- `δ_{n} = f'(z_{n}) × ({symbols}) = {_br(_r4(r.f_prime[l][j]))} × "
                         f"({numbers}) = {_res(r.delta[l][j])}`")

    # Step 5: gradients.
    lines += ["", "**Step 5: gradients** (`∂J/∂w_ji = δ_j a_i`, `∂J/∂b_j = δ_j`)", ""]
    for l in range(L):
        given = l == 0
        for j, n in enumerate(names[l + 1]):
            for i, (p, s) in enumerate(zip(names[l], syms[l])):
                v = (_given if given else _r4)(prev_values[l][i])
                lines.append(f"- `∂J/∂w_{{{n},{p}}} = δ_{n}·{s} = {_br(_r4(r.delta[l][j]))} × "
                             f"{_br(v)} = {_res(r.grad_W[l][j, i])}`")
            lines.append(f"- `∂J/∂b_{n} = δ_{n} = {_res(r.grad_b[l][j])}`")

    # Step 6: update.
    lines += ["", "**Step 6: updated weights and biases** (`w ← w − α ∂J/∂w`, "
              "`b ← b − α ∂J/∂b`, all gradients from the old weights)", ""]
    lr = _given(r.lr)
    for l in range(L):
        for j, n in enumerate(names[l + 1]):
            for i, p in enumerate(names[l]):
                lines.append(f"- `w_{{{n},{p}}} = {_given(r.weights[l][j, i])} − {lr} × "
                             f"{_br(_r4(r.grad_W[l][j, i]))} = {_res(r.new_W[l][j, i])}`")
            if r.update_biases:
                lines.append(f"- `b_{n} = {_given(r.biases[l][j])} − {lr} × "
                             f"{_br(_r4(r.grad_b[l][j]))} = {_res(r.new_b[l][j])}`")
    if not r.update_biases:
        lines.append("- The biases stay as they were: " + ", ".join(
            f"`b_{n} = {_given(v)}`" for l in range(L) for n, v in zip(names[l + 1], r.biases[l])))

    lines += ["", "*Sign convention.* Many textbooks write the error term with the opposite "
              "sign, `δ = (t − o) f'(z)`, so their updates read `w ← w + α δ a`: same numbers."]
    return "\n".join(lines) + "\n"
