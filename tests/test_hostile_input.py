"""Hostile input to every public function of the maths modules (issue 6, item 4).

Hypothesis feeds wrong shapes, empty arrays, NaN and ±inf, huge (1e300) and tiny (1e-300)
values, wrong types (strings, None, dicts, lists of strings, complex numbers, booleans)
and unknown names to every public callable of the maths modules. The contract: a call
either returns a correct, finite answer (checked against a simple reference where there
is one) or raises ValueError/TypeError, raised by lessons_lib itself (not deep inside
numpy), whose message names the argument. Never an IndexError, AttributeError,
LinAlgError or OverflowError, never a warning (every warning is an error here), never a
silent NaN or inf.

``REGISTRY`` maps every public callable (``module.name``) to its hostile cases; a callable
that takes no data is listed in ``NO_DATA`` and a result record that the library returns
(and that nobody builds by hand) in ``RECORDS``, each with the reason. A new public name
in a maths module's ``__all__`` fails ``test_every_public_callable_has_hostile_cases``
until it gets cases here.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lessons_lib
from lessons_lib import (activations, autograd, cost, data, gradcheck, linefit, losses,
                         markdown, nn, optimizers, quiz, surfaces, training, worked)

pytestmark = pytest.mark.usefixtures("warnings_are_errors")

MATHS_MODULES = ["losses", "activations", "surfaces", "optimizers", "autograd", "nn", "data",
                 "training", "worked", "gradcheck", "linefit", "cost", "quiz", "markdown"]
LIB = str(Path(lessons_lib.__file__).resolve().parent) + os.sep

HOSTILE = settings(max_examples=int(os.environ.get("DESCENT_HOSTILE_EXAMPLES", "100")),
                   deadline=None, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow,
                                          HealthCheck.filter_too_much])

# --- hostile values --------------------------------------------------------------------

NON_FINITE = [math.nan, math.inf, -math.inf]
HUGE = [1e300, -1e300, 1.7e308, -1.7e308]
TINY = [1e-300, -1e-300, 5e-324]
WRONG_TYPES = ["abc", "", "1.5", None, {"a": 1}, ["a", "b"], 1 + 2j, True, False,
               object(), [[1.0, 2.0], [3.0]], 10**400, np.array(["x", "y"])]
BAD_NAMES = ["", " ", "sigmoid ", "Adam", "ADAM", "adam ", "nope", "mse2", "tan h",
             "../x", None, 3, 2.5, ["mse"], {"name": "mse"}, b"mse", True]


def scalars(*extra):
    """A hostile stand-in for one number."""
    return st.sampled_from(NON_FINITE + HUGE + TINY + WRONG_TYPES + [0, -1, -0.5, 0.0]
                           + list(extra))


def counts():
    """A hostile stand-in for a whole number (a size, a count, a seed)."""
    return st.sampled_from([0, -1, -10**6, 2.5, 1.0, 10**9, 10**300, 10**400, math.nan,
                            math.inf, "3", None, True, [3], np.float64(2.0)])


@st.composite
def arrays(draw, shape, low=-2.0, high=2.0):
    """A valid float array of this shape (values in [low, high])."""
    n = int(np.prod(shape))
    values = draw(st.lists(st.floats(low, high, allow_nan=False), min_size=n, max_size=n))
    return np.array(values, dtype=float).reshape(shape)


@st.composite
def bad_arrays(draw, shape):
    """An array argument gone wrong: a wrong shape, empty, NaN/inf somewhere, huge or tiny
    values, or the wrong type of thing altogether."""
    shape = tuple(shape)
    kind = draw(st.sampled_from(["extra_axis", "missing_axis", "longer", "shorter", "empty",
                                 "non_finite", "huge", "tiny", "strings", "objects",
                                 "complex", "bools", "scalar", "wrong_type", "ragged"]))
    good = np.ones(shape) * 0.5
    if kind == "extra_axis":
        return good[..., None] * np.ones(2)
    if kind == "missing_axis":
        return good.reshape(-1)[0] if good.ndim <= 1 else good[..., 0]
    if kind in ("longer", "shorter"):
        if not shape:
            return np.ones(2)
        axis = draw(st.integers(0, len(shape) - 1))
        new = list(shape)
        new[axis] = shape[axis] + 1 if kind == "longer" else max(shape[axis] - 1, 0)
        return np.ones(new) * 0.5
    if kind == "empty":
        return np.ones((0,) + shape[1:]) if shape else np.ones(0)
    if kind == "non_finite":
        a = good.copy()
        a.reshape(-1)[draw(st.integers(0, max(a.size - 1, 0)))] = draw(
            st.sampled_from(NON_FINITE))
        return a
    if kind == "huge":
        return good * 0 + draw(st.sampled_from(HUGE))
    if kind == "tiny":
        return good * 0 + draw(st.sampled_from(TINY))
    if kind == "strings":
        return np.full(shape, "a") if shape else "a"
    if kind == "objects":
        return np.full(shape, None, dtype=object) if shape else None
    if kind == "complex":
        return good + 1j
    if kind == "bools":
        return good > 0
    if kind == "scalar":
        return draw(st.sampled_from([0.5, "abc", None, math.nan]))
    if kind == "ragged":
        return [[1.0, 2.0], [3.0]]
    return draw(st.sampled_from(WRONG_TYPES))


# --- the contract ------------------------------------------------------------------------

NAMES = {  # an argument -> words its error message may use for it
    "lr": ("lr", "learning rate", "α"), "x0": ("x0", "θ₀", "start", "θ"),
    "theta": ("θ", "theta"), "steepness": ("steepness", "λ"),
    "slope": ("slope",), "delta": ("delta", "δ"), "eps": ("eps", "ε"),
    "grad_fn": ("grad_fn",), "params": ("params", "θ", "parameter"),
    "grads": ("grads", "∇J", "gradient"), "sizes": ("sizes",),
    "batch_size": ("batch_size", "batch size"), "n": ("n", "N"),
    "weights": ("weights",), "biases": ("biases",), "activation": ("activation",),
    "output_activation": ("output_activation",), "x_range": ("x_range",),
    "X_std": ("X_std",), "dA": ("dA",), "cache": ("cache",), "model": ("model",),
    "h": ("h", "step"), "f": ("f",), "name": ("name",), "text": ("text", "number"),
    "answer": ("answer", "number", "choice"), "question": ("question",),
    "notebook": ("notebook", "self-check"), "d": ("d", "question", "key"),
    "root": ("root",), "parent": ("parent",), "child": ("child",), "label": ("label",),
    "k": ("exponent", "k"), "other": ("Value", "number"), "data": ("data", "Value"),
    "w_values": ("w_values",), "b_values": ("b_values",), "loss": ("loss",),
    "optimizer": ("optimizer",), "epochs": ("epochs",), "seed": ("seed",),
    "history": ("history",), "callback": ("callback",), "max_loss": ("max_loss",),
    "diverge_above": ("diverge_above",), "shuffle": ("shuffle",), "widths": ("widths",),
    "depth": ("depth",), "n_in": ("sizes", "n_in"), "n_out": ("sizes", "n_out"),
    "n_samples": ("n_samples",), "repeats": ("repeats",), "floor": ("floor",),
    "points": ("points",), "diverged_at": ("diverged_at",), "bound": ("bound",),
    "steps": ("steps",), "start": ("start",), "theta0": ("theta0",),
    "update_biases": ("update_biases",), "target": ("target",), "x": ("x",), "t": ("t",),
    "w": ("w",), "b": ("b",), "outlier": ("outlier",), "standard_price": ("standard_price",),
    "area": ("area",), "price": ("price",), "mean": ("mean", "μ"), "std": ("std", "σ"),
    "values": ("values",), "classes": ("classes",), "factor": ("factor",),
    "noise": ("noise",), "intercept": ("intercept",), "has_outlier": ("has_outlier",),
    "price_mean": ("price_mean",), "price_std": ("price_std",), "beta": ("beta",),
    "beta1": ("beta1",), "beta2": ("beta2",), "rho": ("rho",),
}


def words(arg):
    """The words a message may use for argument ``arg`` (a tuple of words: those)."""
    return arg if isinstance(arg, tuple) else NAMES.get(arg, (arg,))


def _raised_here(err: BaseException) -> bool:
    """True when the innermost frame of err's traceback is lessons_lib code (not numpy's)."""
    tb, last = err.__traceback__, None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    return last is not None and last.tb_frame.f_code.co_filename.startswith(LIB)


def finite(out, where="result") -> None:
    """Every number in out (arrays, floats, lists, tuples, dicts, Values) is finite."""
    if isinstance(out, (bool, np.bool_, str, type(None))):
        return
    if isinstance(out, (int, np.integer)):
        return  # a whole number is always finite (and may be too big for a float)
    if isinstance(out, (float, np.number)):
        assert math.isfinite(out), f"{where} is {out}"
    elif isinstance(out, np.ndarray):
        if out.dtype.kind in "iuf":
            assert np.isfinite(out).all(), f"{where} holds NaN or inf: {out}"
    elif isinstance(out, (list, tuple)):
        for i, item in enumerate(out):
            finite(item, f"{where}[{i}]")
    elif isinstance(out, dict):
        for key, item in out.items():
            finite(item, f"{where}[{key!r}]")
    elif isinstance(out, autograd.Value):
        finite(out.data, f"{where}.data")
        finite(out.grad, f"{where}.grad")


def attempt(fn, *args, bad=None, **kwargs):
    """Call fn. ``bad``: the argument that was spoiled (None: all are valid, so the call
    must work). Returns ``(True, result)`` with a finite result, or ``(False, None)`` after
    a ValueError/TypeError raised by lessons_lib whose message names ``bad``."""
    try:
        out = fn(*args, **kwargs)
    except (ValueError, TypeError) as err:
        if bad is None:
            raise
        assert type(err).__module__ in ("builtins", "lessons_lib.losses"), \
            f"{type(err).__name__} from {type(err).__module__}: {err}"
        assert _raised_here(err), f"raised inside a library, not by lessons_lib: {err!r}"
        message = str(err)
        assert any(w.lower() in message.lower() for w in words(bad)), \
            f"the message does not name {bad!r}: {message!r}"
        return False, None
    finite(out)
    return True, out


def spoil(draw, valid: dict, hostile: dict):
    """One argument replaced by a hostile value (none, now and then): ``(kwargs, bad)``."""
    bad = draw(st.sampled_from([None] + list(hostile)))
    kwargs = dict(valid)
    if bad is not None:
        kwargs[bad] = draw(hostile[bad])
    return kwargs, bad


def _is_number(x) -> bool:
    """A real number a float can hold (what every numeric argument must be)."""
    return (isinstance(x, (int, float)) and not isinstance(x, bool)
            and abs(x) < 1.7976931348623157e308 and math.isfinite(x))


def close(a, b, rtol=1e-9, atol=1e-12):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                               rtol=rtol, atol=atol)


REGISTRY: dict = {}


def cases(*names):
    """Register the decorated function as the hostile cases of these public names."""
    def register(fn):
        for name in names:
            REGISTRY[name] = fn
        return fn
    return register


NO_DATA = {
    "losses.LossOverflowError": "an exception type: raised by the library, not called",
}
RECORDS = {  # results the library returns; their fields are filled by the library
    "nn.DenseCache": "returned by dense_forward (dense_backward checks it is one)",
    "training.History": "returned by train/new_history (train checks it when continuing)",
    "training.Progress": "handed to your callback by train",
    "worked.StepReport": "returned by backprop_step",
    "linefit.LineFit": "returned by fit_line",
    "cost.GradientCost": "returned by gradient_costs",
    "cost.GradientTiming": "returned by time_gradients",
    "quiz.Feedback": "returned by quiz.check",
}


# --- losses ------------------------------------------------------------------------------

def _reference_loss(loss, t, o):
    """J by the textbook formula, for 2-D t and o (one-hot t for the class losses)."""
    n, k = o.shape
    p = np.clip(o, losses.EPS, 1 - losses.EPS)
    if isinstance(loss, losses.MSE):
        return np.mean((o - t) ** 2)
    if isinstance(loss, losses.MAE):
        return np.mean(np.abs(o - t))
    if isinstance(loss, losses.Huber):
        r, d = np.abs(t - o), loss.delta
        with np.errstate(all="ignore"):  # the branch not taken may overflow (δ = 1e308)
            return np.mean(np.where(r <= d, 0.5 * r * r, d * (r - 0.5 * d)))
    if isinstance(loss, losses.HalfSSE):
        return 0.5 * np.sum((o - t) ** 2) / n
    if isinstance(loss, losses.SSE):
        return np.sum((o - t) ** 2) / n
    if isinstance(loss, losses.BinaryCrossEntropy):
        return -np.mean(t * np.log(p) + (1 - t) * np.log1p(-p))
    if isinstance(loss, losses.CategoricalCrossEntropy):
        return -np.sum(t * np.log(p)) / n
    s = o - o.max(axis=1, keepdims=True)
    return -np.sum(t * (s - np.log(np.exp(s).sum(axis=1, keepdims=True)))) / n


def _valid_pair(draw, loss, shape):
    n, k = shape
    if isinstance(loss, (losses.BinaryCrossEntropy,)):
        return draw(arrays(shape, 0, 1)), draw(arrays(shape, 0, 1))
    if isinstance(loss, (losses.CategoricalCrossEntropy, losses.SoftmaxCrossEntropy)):
        t = np.eye(k)[draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))]
        o = draw(arrays(shape, 0, 1))
        if isinstance(loss, losses.CategoricalCrossEntropy):
            o = o / np.maximum(o.sum(axis=1, keepdims=True), 1.0)
        else:
            o = o * draw(st.sampled_from([1.0, 1e3, 1e300]))
        return t, o
    scale = draw(st.sampled_from([1.0, 1.0, 1e-300, 1e150, 1e300]))
    return draw(arrays(shape)) * scale, draw(arrays(shape)) * scale


@cases("losses.MSE", "losses.MAE", "losses.Huber", "losses.HalfSSE", "losses.SSE",
       "losses.BinaryCrossEntropy", "losses.CategoricalCrossEntropy",
       "losses.SoftmaxCrossEntropy", "losses.Loss")
def case_loss(draw, name):
    cls = getattr(losses, name.split(".")[1])
    if cls is losses.Huber:
        ok, loss = attempt(cls, **spoil(draw, {"delta": 1.0},
                                        {"delta": scalars(10**400)})[0],
                           bad="delta") if draw(st.booleans()) else (True, cls(0.5))
        if not ok:
            return
    else:
        loss = cls()
    shape = draw(st.tuples(st.integers(1, 4), st.integers(1, 3)))
    t, o = _valid_pair(draw, loss, shape)
    kwargs, bad = spoil(draw, {"y_true": t, "y_pred": o},
                        {"y_true": bad_arrays(shape), "y_pred": bad_arrays(shape)})
    if cls is losses.Loss:  # the base class has no formula
        bad = ("Loss", "y_true", "y_pred")
    method = draw(st.sampled_from(["value", "grad", "value_and_grad", "__call__"]))
    huge = max(np.abs(t).max(), np.abs(o).max()) > 1e150
    if huge:  # J may pass the float limit: then a LossOverflowError that says so
        bad = words(bad) + ("too large",) if bad else ("too large",)
    ok, out = attempt(getattr(loss, method), kwargs["y_true"], kwargs["y_pred"], bad=bad)
    if ok and (bad is None or huge and kwargs["y_true"] is t and kwargs["y_pred"] is o):
        J = _reference_loss(loss, t, o) if method != "grad" else None
        if method in ("value", "__call__"):
            close(out, J, rtol=1e-9, atol=1e-300)
        elif method == "value_and_grad":
            close(out[0], J, rtol=1e-9, atol=1e-300)
            assert out[1].shape == o.shape
        else:
            assert out.shape == o.shape


@cases("losses.get")
def case_loss_get(draw, name):
    key = draw(st.sampled_from(BAD_NAMES + list(losses.LOSSES)))
    ok, out = attempt(losses.get, key, bad="loss")
    if ok:
        assert isinstance(out, losses.Loss)
        assert out.name == key.strip().lower().replace(" ", "_")


# --- activations ---------------------------------------------------------------------------

_ACT_REFERENCE = {
    "Sigmoid": lambda z: 1 / (1 + np.exp(-z)), "BipolarSigmoid": lambda z: np.tanh(z / 2),
    "Tanh": np.tanh, "ReLU": lambda z: np.maximum(z, 0),
    "LeakyReLU": lambda z: np.where(z > 0, z, 0.01 * z), "Linear": lambda z: z,
    "Softmax": lambda z: np.exp(z - z.max(-1, keepdims=True))
    / np.exp(z - z.max(-1, keepdims=True)).sum(-1, keepdims=True),
}


@cases("activations.Sigmoid", "activations.BipolarSigmoid", "activations.Tanh",
       "activations.ReLU", "activations.LeakyReLU", "activations.Linear",
       "activations.Softmax", "activations.Activation")
def case_activation(draw, name):
    cls = getattr(activations, name.split(".")[1])
    setting = {"Sigmoid": "steepness", "BipolarSigmoid": "steepness",
               "LeakyReLU": "slope"}.get(cls.__name__)
    strange = setting and draw(st.booleans())
    if strange:  # a strange setting that is accepted (λ = 1e300, say) may overflow later
        ok, f = attempt(cls, **{setting: draw(scalars(10**400))}, bad=setting)
        if not ok:
            return
    else:
        f = cls()
    shape = draw(st.sampled_from([(3,), (2, 3), (1, 1), (2, 2, 2)]))
    z = draw(arrays(shape, -30, 30)) * draw(st.sampled_from([1.0, 1e-300, 1e300]))
    with np.errstate(all="ignore"):
        a = _ACT_REFERENCE.get(cls.__name__, lambda z: z)(z) if cls.__name__ != "Sigmoid" \
            or f.steepness == 1 else 1 / (1 + np.exp(-f.steepness * z))
    if not np.isfinite(a).all():
        a = np.zeros(shape)
    da = draw(arrays(shape))
    method = draw(st.sampled_from(["__call__", "forward", "derivative", "backward"]))
    args = {"__call__": ["z"], "forward": ["z"], "derivative": ["z", "a"],
            "backward": ["z", "a", "da"]}[method]
    valid = {"z": z, "a": a, "da": da}
    kwargs, bad = spoil(draw, {k: valid[k] for k in args},
                        {k: bad_arrays(shape) for k in args})
    if bad is not None:
        bad = (bad, "softmax") if bad != "z" else ("z",)
    if cls is activations.Activation:  # the base class has no formula
        bad = ("Activation", "z", "a", "da")
    if cls is activations.Softmax and method == "derivative":  # a matrix, not one per unit
        bad = ("softmax", "z", "a")
    if strange:
        bad = words(bad or ()) + ("too large",)
    ok, out = attempt(getattr(f, method), *[kwargs[k] for k in args], bad=bad)
    if ok and bad is None:
        assert out.shape == z.shape
        if method in ("__call__", "forward") and cls.__name__ in _ACT_REFERENCE \
                and getattr(f, "slope", 0.01) == 0.01 and getattr(f, "steepness", 1) == 1:
            with np.errstate(all="ignore"):
                close(out, _ACT_REFERENCE[cls.__name__](z), rtol=1e-7, atol=1e-12)


@cases("activations.get")
def case_activation_get(draw, name):
    key = draw(st.sampled_from(BAD_NAMES + list(activations.ACTIVATIONS)))
    ok, out = attempt(activations.get, key, bad="activation")
    if ok:
        assert isinstance(out, activations.Activation)


# --- surfaces ------------------------------------------------------------------------------

@cases("surfaces.Surface")
def case_surface(draw, name):
    if draw(st.booleans()):  # a Surface of your own
        valid = {"name": "mine", "title": "Mine", "formula": "J = θ₁² + θ₂²",
                 "value_fn": surfaces.bowl.value_fn, "grad_fn": surfaces.bowl.grad_fn,
                 "minima": np.zeros((1, 2)), "xlim": (-1.0, 1.0), "ylim": (-1.0, 1.0),
                 "start": np.array([0.5, 0.5]), "lr": 0.1, "saddles": np.empty((0, 2))}
        hostile = {k: st.one_of(scalars(), bad_arrays((2,))) for k in valid}
        kwargs, bad = spoil(draw, valid, hostile)
        ok, surface = attempt(surfaces.Surface, **kwargs, bad=bad)
        if not ok:
            return
    else:
        surface = draw(st.sampled_from(list(surfaces.SURFACES.values())))
    method = draw(st.sampled_from(["value", "grad", "grid"]))
    if method == "grid":
        n = draw(st.one_of(counts(), st.integers(2, 5)))
        ok, out = attempt(surface.grid, n, bad="n")
        if ok:
            assert all(a.shape == (n, n) for a in out)
        return
    shape = draw(st.sampled_from([(2,), (3, 2), (2, 2, 2)]))
    theta = draw(st.one_of(arrays(shape, -3, 3), bad_arrays(shape)))
    ok, out = attempt(getattr(surface, method), theta, bad="theta")
    if ok and isinstance(theta, np.ndarray) and theta.shape == shape \
            and np.abs(theta).max() < 1e100 and theta.dtype.kind == "f":
        ref = getattr(surface, method + "_fn")(theta)
        close(out, ref)


@cases("surfaces.get")
def case_surface_get(draw, name):
    key = draw(st.sampled_from(BAD_NAMES + list(surfaces.SURFACES)))
    ok, out = attempt(surfaces.get, key, bad=("surface",))
    if ok:
        assert isinstance(out, surfaces.Surface)


# --- optimizers ----------------------------------------------------------------------------

_SETTINGS = {"GD": {}, "Momentum": {"beta": 0.9}, "Nesterov": {"beta": 0.9},
             "RMSProp": {"rho": 0.9, "eps": 1e-8},
             "Adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8}}


@cases("optimizers.GD", "optimizers.Momentum", "optimizers.Nesterov", "optimizers.RMSProp",
       "optimizers.Adam")
def case_optimizer(draw, name):
    cls = getattr(optimizers, name.split(".")[1])
    valid = {"lr": 0.1, **_SETTINGS[cls.__name__]}
    kwargs, bad = spoil(draw, valid, {k: scalars(10**400, 1.0, 2.0) for k in valid})
    ok, opt = attempt(cls, **kwargs, bad=bad)
    if not ok:
        return
    setting = bad  # a strange setting that was accepted (α = 1e300, say) may overflow
    shape = draw(st.sampled_from([(2,), (2, 3)]))
    p, g = draw(arrays(shape)), draw(arrays(shape))
    as_list = draw(st.booleans())
    steps, bad = spoil(draw, {"params": p, "grads": g},
                       {"params": bad_arrays(shape), "grads": bad_arrays(shape)})
    if as_list:
        steps = {k: [v, np.ones(3)] for k, v in steps.items()}
    if setting:
        bad = words(bad or ()) + ("too large",)
    ok, out = attempt(opt.step, steps["params"], steps["grads"], bad=bad)
    if ok and bad is None and cls is optimizers.GD:
        close(out[0] if as_list else out, p - opt.lr * g)


@cases("optimizers.get")
def case_optimizer_get(draw, name):
    valid = {"name": draw(st.sampled_from(list(optimizers.OPTIMIZERS))), "lr": 0.1}
    kwargs, bad = spoil(draw, valid, {"name": st.sampled_from(BAD_NAMES), "lr": scalars()})
    extra = draw(st.sampled_from([{}, {"beta": "x"}, {"gamma": 0.5}, {"eps": -1.0}]))
    said = words(bad) + ("optimizer",) if bad else None
    if extra:  # a setting the optimizer does not take, or a bad value for one it does
        said = (said or ()) + tuple(extra) + ("setting", "take")
    ok, out = attempt(optimizers.get, kwargs["name"], kwargs["lr"], **extra, bad=said)
    if ok and said is None:
        assert out.lr == 0.1


@cases("optimizers.check_lr")
def case_check_lr(draw, name):
    lr = draw(st.one_of(scalars(10**400), st.floats(1e-6, 10)))
    ok, out = attempt(optimizers.check_lr, lr, bad="lr")
    if ok:
        assert out == lr


@cases("optimizers.Path")
def case_path(draw, name):
    valid = {"points": draw(arrays((3, 2))), "diverged_at": None}
    kwargs, bad = spoil(draw, valid, {"points": bad_arrays((3, 2)),
                                      "diverged_at": counts()})
    ok, out = attempt(optimizers.Path, **kwargs, bad=bad)
    if ok and bad is None:
        close(out, valid["points"])


def _grad_fns():
    return st.sampled_from([
        lambda t: 2 * t, lambda t: "abc", lambda t: None, lambda t: np.ones(5),
        lambda t: t * math.nan, lambda t: t * 1e300, lambda t: {"g": 1}, "not a function",
        None, 3])


@cases("optimizers.descend")
def case_descend(draw, name):
    valid = {"grad_fn": surfaces.bowl.grad, "x0": np.array([1.0, -2.0]),
             "optimizer": optimizers.GD(0.1), "steps": 5, "bound": 1e6}
    kwargs, bad = spoil(draw, valid, {
        "grad_fn": _grad_fns(), "x0": bad_arrays((2,)), "optimizer": scalars(),
        "steps": counts(), "bound": scalars()})
    ok, path = attempt(optimizers.descend, **kwargs, bad=bad)
    if ok:
        assert path.ndim == 2 and path.shape[1] == np.size(kwargs["x0"])
        if bad is None:
            expected = [valid["x0"] * 0.8**k for k in range(6)]  # θ ← θ − 0.1·2θ
            close(path, expected)


# --- autograd ------------------------------------------------------------------------------

_OPS = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
        "/": lambda a, b: a / b, "r+": lambda a, b: b + a, "r*": lambda a, b: b * a,
        "r/": lambda a, b: b / a, "**": lambda a, b: a ** b}


@cases("autograd.Value")
def case_value(draw, name):
    x = draw(st.one_of(st.floats(-5, 5), st.sampled_from(TINY + HUGE), scalars()))
    label = draw(st.one_of(st.just("x"), scalars()))
    said = (() if _is_number(x) else ("data", "Value")) + (
        () if isinstance(label, str) else ("label",))
    ok, v = attempt(autograd.Value, x, label=label, bad=said or None)
    if not ok:
        return
    op = draw(st.sampled_from(list(_OPS) + ["exp", "log", "tanh", "sigmoid", "relu"]))
    if op in _OPS:
        other = draw(st.one_of(st.floats(-5, 5), st.sampled_from(TINY + HUGE + [0.0]),
                               scalars(), st.builds(autograd.Value, st.floats(-3, 3))))
        ok, out = attempt(_OPS[op], v, other, bad=("Value", "number", "exponent",
                                                    "division", "zero", "large", "power",
                                                    "undefined", "slope", "real"))
        plain = other.data if isinstance(other, autograd.Value) else other
    else:
        ok, out = attempt(getattr(v, op), bad=("large", "log", "positive"))
        plain = None
    if not ok:
        return
    ok, _ = attempt(out.backward, bad=("large", "gradient"))
    if ok and op in ("+", "-", "*") and isinstance(plain, float) and abs(plain) < 1e100 \
            and abs(v.data) < 1e100:
        close(out.data, _OPS[op](v.data, plain))


def _graph():
    w, x = autograd.Value(-3.0, label="w"), autograd.Value(2.0, label="x")
    a = (w * x + 1.5).tanh().named("a")
    return w, x, a


@cases("autograd.trace", "autograd.backward_steps")
def case_graph_walk(draw, name):
    fn = getattr(autograd, name.split(".")[1])
    w, x, a = _graph()
    root = draw(st.one_of(st.just(a), scalars(), bad_arrays((2,))))
    ok, out = attempt(fn, root, bad="root")
    if ok and name.endswith("trace"):
        assert out[0][-1] is a
    elif ok:
        assert out[-1][w] == pytest.approx(2.0 * (1 - a.data ** 2))


@cases("autograd.local_derivative")
def case_local_derivative(draw, name):
    w, x, a = _graph()
    z = a.children[0]
    valid = {"parent": z, "child": z.children[1], "name": None}
    kwargs, bad = spoil(draw, valid, {"parent": st.one_of(scalars(), st.just(w)),
                                      "child": st.one_of(scalars(), st.just(a)),
                                      "name": st.sampled_from([3, "abc", lambda n: 5])})
    said = words(bad) + ("input",) if bad in ("parent", "child") else bad
    ok, out = attempt(autograd.local_derivative, **kwargs, bad=said)
    if ok and bad is None:
        assert out[0] == 1.0


@cases("autograd.sigmoid_neuron")
def case_sigmoid_neuron(draw, name):
    valid = {"x": 1.5, "w": 0.5, "b": -0.5, "t": 1.0}
    kwargs, bad = spoil(draw, valid, {k: scalars(10**400) for k in valid})
    ok, J = attempt(autograd.sigmoid_neuron, **kwargs, bad=bad)
    if ok:
        x, w, b, t = (kwargs[k] for k in "xwbt")
        a = 1 / (1 + math.exp(-(w * x + b))) if abs(w * x + b) < 700 else float(w * x + b > 0)
        assert J.data == pytest.approx(0.5 * (t - a) ** 2, rel=1e-9, abs=1e-300)


# --- nn ------------------------------------------------------------------------------------

def _names():
    return st.sampled_from(BAD_NAMES + ["tanh", "relu", "sigmoid", "linear"])


@cases("nn.dense_forward", "nn.dense_backward")
def case_dense(draw, name):
    valid = {"X": draw(arrays((3, 2))), "W": draw(arrays((4, 2))), "b": draw(arrays((4,))),
             "activation": draw(st.sampled_from(["tanh", "relu", "linear", "sigmoid"]))}
    hostile = {"X": bad_arrays((3, 2)), "W": bad_arrays((4, 2)), "b": bad_arrays((4,)),
               "activation": _names()}
    if name.endswith("backward"):
        A, cache = nn.dense_forward(**valid)
        kwargs, bad = spoil(draw, {"dA": draw(arrays((3, 4))), "cache": cache},
                            {"dA": bad_arrays((3, 4)), "cache": scalars()})
        ok, out = attempt(nn.dense_backward, **kwargs, bad=bad)
        if ok and bad is None:
            dZ = cache.activation.backward(cache.Z, cache.A, kwargs["dA"])
            close(out[1], dZ.T @ valid["X"])
        return
    kwargs, bad = spoil(draw, valid, hostile)
    said = {"X": ("X",), "W": ("weights", "W"), "b": ("biases", "b")}.get(bad, bad)
    ok, out = attempt(nn.dense_forward, **kwargs, bad=said)
    if ok and bad is None:
        f = activations.get(valid["activation"])
        close(out[0], f(valid["X"] @ valid["W"].T + valid["b"]))


@st.composite
def mlp_settings(draw):
    valid = {"sizes": [2, 3, 1], "activation": "tanh", "output_activation": "linear",
             "seed": 0}
    hostile = {"sizes": st.one_of(st.sampled_from(
        [[2], [], [2, 0, 1], [2, -1, 1], [2, 2.5, 1], [2, True, 1], "abc", None, 5,
         [2, 10**9, 1], [2, 10**400], {"a": 1}, [[2, 3]]]), scalars()),
        "activation": _names(), "output_activation": _names(), "seed": counts()}
    return spoil(draw, valid, hostile)


def _reference_forward(model, X):
    A = np.atleast_2d(X)
    for W, b, f in zip(model.weights, model.biases, model.activations):
        A = f(A @ W.T + b)
    return A


@cases("nn.MLP")
def case_mlp(draw, name):
    kwargs, bad = draw(mlp_settings())
    ok, model = attempt(nn.MLP, **kwargs, bad=bad)
    if not ok:
        return
    n = draw(st.integers(1, 4))
    X, Y = draw(arrays((n, model.sizes[0]))), draw(arrays((n, model.sizes[-1])))
    scale = draw(st.sampled_from([1.0, 1.0, 1e-300, 1e100, 1e300]))
    X = X * scale
    method = draw(st.sampled_from(["forward", "loss", "loss_and_grads", "forward_trace",
                                   "set_params", "from_params", "__call__"]))
    if method in ("set_params", "from_params"):
        Ws, bs = model.params()
        which = draw(st.integers(0, len(Ws) - 1))
        hostile = draw(st.sampled_from(["weights", "biases", "none"]))
        if hostile != "none":
            target = Ws if hostile == "weights" else bs
            target[which] = draw(bad_arrays(target[which].shape))
        said = None if hostile == "none" else (hostile,)
        if method == "set_params":
            ok, _ = attempt(model.set_params, Ws, bs, bad=said)
        else:
            acts = draw(st.one_of(st.just("tanh"), _names()))
            if acts not in ("tanh", "relu", "sigmoid", "linear", None):
                said = (said or ()) + ("activations",)
            ok, _ = attempt(nn.MLP.from_params, Ws, bs, acts, bad=said)
        return
    args = {"X": X, "Y": Y, "loss": draw(st.sampled_from(["mse", "mae", "half_sse"]))}
    used = ["X"] if method in ("forward", "forward_trace", "__call__") else ["X", "Y", "loss"]
    hostile = {"X": bad_arrays(X.shape), "Y": bad_arrays(Y.shape),
               "loss": st.sampled_from(BAD_NAMES + ["bce", "cce"])}
    kwargs, bad = spoil(draw, {k: args[k] for k in used}, {k: hostile[k] for k in used})
    said = {"X": ("X",), "Y": ("Y", "y_true"), "loss": ("loss",)}.get(bad, bad)
    if scale > 1e50 and bad is None:
        said = ("too large", "overflow", "X")
    ok, out = attempt(getattr(model, method), *[kwargs[k] for k in used], bad=said)
    if ok and bad is None:
        A = _reference_forward(model, X)
        if method in ("forward", "__call__"):
            close(out, A, rtol=1e-9, atol=1e-300)
        elif method == "loss":
            close(out, losses.get(args["loss"]).value(Y, A), rtol=1e-9, atol=1e-300)
        elif method == "loss_and_grads":
            J, gW, gb = out
            assert [g.shape for g in gW] == [W.shape for W in model.weights]


@cases("nn.gradient_check", "nn.layer_gradient_norms")
def case_gradient_check(draw, name):
    fn = getattr(nn, name.split(".")[1])
    model = nn.MLP([2, 3, 1], seed=1)
    valid = {"model": model, "X": draw(arrays((3, 2))), "Y": draw(arrays((3, 1))),
             "loss": "mse"}
    hostile = {"model": st.one_of(scalars(), st.just(nn.MLP([3, 1]))),
               "X": bad_arrays((3, 2)), "Y": bad_arrays((3, 1)),
               "loss": st.sampled_from(BAD_NAMES)}
    if fn is nn.gradient_check:
        valid["h"] = 1e-6
        hostile["h"] = scalars(10**400, 2.0)
    kwargs, bad = spoil(draw, valid, hostile)
    said = {"Y": ("Y", "y_true"), "model": ("model", "X", "columns")}.get(bad, bad)
    ok, out = attempt(fn, **kwargs, bad=said)
    if ok and bad is None:
        if fn is nn.gradient_check:
            assert out < 1e-5
        else:
            gW = model.loss_and_grads(valid["X"], valid["Y"])[1]
            close(out, [np.linalg.norm(g) for g in gW])


# --- data ----------------------------------------------------------------------------------

_MAKERS = {
    "house_prices": {"n": 10, "noise": 5.0, "seed": 0},
    "line": {"n": 10, "slope": 2.0, "intercept": 1.0, "noise": 0.5, "x_range": (-2.0, 2.0),
             "seed": 0},
    "two_moons": {"n": 10, "noise": 0.1, "seed": 0},
    "circles": {"n": 10, "noise": 0.05, "factor": 0.5, "seed": 0},
    "spirals": {"n": 12, "classes": 3, "noise": 0.2, "seed": 0},
    "xor": {"n": 8, "noise": 0.1, "seed": 0},
}


@cases(*[f"data.{m}" for m in _MAKERS])
def case_data_maker(draw, name):
    maker = name.split(".")[1]
    valid = _MAKERS[maker]
    hostile = {k: (st.one_of(scalars(), st.sampled_from([(1.0, -1.0), (0, 0), (-1e308, 1e308),
                                                         (1.0,), "ab", (math.nan, 1.0)]))
                   if k == "x_range" else counts() if k in ("n", "seed", "classes")
                   else scalars(10**400, 2.0, 1e150)) for k in valid}
    kwargs, bad = spoil(draw, valid, hostile)
    ok, out = attempt(getattr(data, maker), **kwargs, bad=bad)
    if ok:
        X, y = out
        n = int(kwargs["n"])
        assert X.shape[0] == n and y.shape[0] == n
        assert X.ndim == 2 and y.ndim == (1 if maker == "spirals" else 2)


@cases("data.Standardiser", "data.standardise")
def case_standardise(draw, name):
    shape = draw(st.sampled_from([(5,), (5, 2)]))
    X = draw(arrays(shape, -100, 100)) * draw(st.sampled_from([1.0, 1e-300, 1e300, 1e150]))
    kwargs, bad = spoil(draw, {"X": X}, {"X": bad_arrays(shape)})
    if name.endswith("standardise"):
        ok, out = attempt(data.standardise, kwargs["X"], bad=bad)
        if ok and bad is None:
            Xs, mu, sd = out
            close(Xs * sd + mu, X, rtol=1e-6, atol=1e-9 * np.abs(X).max())
        return
    ok, s = attempt(data.Standardiser, kwargs["X"], bad=bad)
    if not ok:
        return
    method = draw(st.sampled_from(["transform", "inverse"]))
    arg = draw(st.one_of(arrays(shape), bad_arrays(shape)))
    ok, out = attempt(getattr(s, method), arg, bad=("X", "X_std"))
    if ok and isinstance(arg, np.ndarray) and arg.shape == shape and arg.dtype.kind == "f":
        ref = (arg - s.mean) / s.std if method == "transform" else arg * s.std + s.mean
        close(out, ref)


# --- training ------------------------------------------------------------------------------

@cases("training.train", "training.new_history")
def case_train(draw, name):
    X, y = data.xor(8, noise=0.1, seed=draw(st.integers(0, 3)))
    model = nn.MLP([2, 3, 1], activation="tanh", output_activation="sigmoid", seed=0)
    valid = {"model": model, "X": X, "Y": y, "loss": "bce", "batch_size": 4, "seed": 0}
    hostile = {"model": scalars(), "X": bad_arrays(X.shape), "Y": bad_arrays(y.shape),
               "loss": st.sampled_from(BAD_NAMES), "batch_size": counts(),
               "seed": counts()}
    lr = draw(st.sampled_from([0.5, 0.5, 1e10, 1e150, 1e300]))  # big ones diverge
    if name.endswith("train"):
        optimizer = optimizers.get(draw(st.sampled_from(["gd", "momentum", "adam"])), lr)
        valid.update(optimizer=optimizer, epochs=2, shuffle=True, callback=None,
                     max_loss=1e12, diverge_above=None)
        hostile.update(optimizer=scalars(), epochs=counts(), shuffle=scalars(),
                       callback=scalars(), max_loss=scalars(),
                       diverge_above=scalars(0.5, 1.0))
    kwargs, bad = spoil(draw, valid, hostile)
    said = {"Y": ("Y", "y_true", "row"), "X": ("X",)}.get(bad, bad)
    fn = getattr(training, name.split(".")[1])
    positional = [kwargs.pop(k) for k in ("model", "X", "Y")]
    ok, history = attempt(fn, *positional, **kwargs, bad=said)
    if ok:
        assert math.isfinite(history.epoch_losses[0])
        finite([history.update_losses, history.epoch_losses, history.params_path])
        if bad is None and name.endswith("train") and lr == 0.5:
            assert history.n_updates == 4 and not history.diverged
        if history.diverged:  # the model keeps the last finite parameters
            finite(model.params())


# --- worked ----------------------------------------------------------------------------------

@cases("worked.backprop_step")
def case_backprop_step(draw, name):
    valid = {"weights": [np.array([[0.15, 0.2], [0.25, 0.3]]), np.array([[0.4, 0.45]])],
             "biases": [np.array([0.35, 0.35]), np.array([0.6])],
             "x": np.array([0.05, 0.1]), "target": np.array([0.01]), "lr": 0.5,
             "activation": "sigmoid", "output_activation": None, "loss": "half_sse",
             "update_biases": True}
    scale = draw(st.sampled_from([1.0, 1.0, 1e-300, 1e200]))
    valid["x"] = valid["x"] * scale
    hostile = {"weights": st.one_of(scalars(), st.builds(
        lambda W: [W, np.array([[0.4, 0.45]])], bad_arrays((2, 2)))),
        "biases": st.one_of(scalars(), st.builds(
            lambda b: [b, np.array([0.6])], bad_arrays((2,)))),
        "x": bad_arrays((2,)), "target": bad_arrays((1,)), "lr": scalars(10**400),
        "activation": st.sampled_from(BAD_NAMES + ["softmax"]),
        "output_activation": st.sampled_from(BAD_NAMES[:-3] + ["softmax"]),
        "loss": st.sampled_from(BAD_NAMES + ["bce"]), "update_biases": scalars()}
    kwargs, bad = spoil(draw, valid, hostile)
    if scale > 1:  # x = 1e200: the step may overflow whatever else is given
        bad = (words(bad) if bad else ()) + ("too large", "overflow")
    weights, biases, x, target = (kwargs.pop(k) for k in ("weights", "biases", "x", "target"))
    ok, report = attempt(worked.backprop_step, weights, biases, x, target, **kwargs,
                         bad=bad)
    if ok:
        finite([report.z, report.a, report.delta, report.grad_W, report.new_W, report.loss])
        assert isinstance(report.to_markdown(), str)
        if bad is None and scale == 1:
            assert report.loss == pytest.approx(0.5 * (0.01 - report.output[0]) ** 2)


@cases("worked.unit_names")
def case_unit_names(draw, name):
    sizes = draw(st.one_of(st.sampled_from([[2, 2, 1], [3, 1], [2, 3, 3, 2]]),
                           st.sampled_from([[2], [], [2, 0, 1], [2, -1], [2, 2.5], "ab",
                                            None, [True, 1], [2, 10**9], 3]), scalars()))
    ok, out = attempt(worked.unit_names, sizes, bad="sizes")
    if ok:
        assert [len(layer) for layer in out] == list(sizes)


# --- gradcheck ---------------------------------------------------------------------------

def _functions():
    return st.sampled_from([lambda x: float(np.sum(x ** 2)), lambda x: "abc", lambda x: None,
                            lambda x: np.ones(3), lambda x: math.nan, lambda x: math.inf,
                            "not a function", None])


@cases("gradcheck.numerical_gradient")
def case_numerical_gradient(draw, name):
    valid = {"f": lambda x: float(np.sum(x ** 2)), "x": draw(arrays((3,))), "h": 1e-6}
    kwargs, bad = spoil(draw, valid, {"f": _functions(), "x": bad_arrays((3,)),
                                      "h": scalars(10**400)})
    ok, out = attempt(gradcheck.numerical_gradient, **kwargs, bad=bad)
    if ok and bad is None:
        close(out, 2 * valid["x"], rtol=1e-6, atol=1e-6)


@cases("gradcheck.rel_error")
def case_rel_error(draw, name):
    valid = {"a": draw(arrays((3,))), "b": draw(arrays((3,))), "floor": 1e-8}
    kwargs, bad = spoil(draw, valid, {"a": bad_arrays((3,)), "b": bad_arrays((3,)),
                                      "floor": scalars()})
    said = {"a": ("a", "gradient"), "b": ("b", "gradient")}.get(bad, bad)
    ok, out = attempt(gradcheck.rel_error, **kwargs, bad=said)
    if ok and bad is None:
        a, b = valid["a"], valid["b"]
        assert out == pytest.approx(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b),
                                                                      1e-8)))


# --- linefit -------------------------------------------------------------------------------

def _xt(draw):
    n = draw(st.integers(2, 6))
    x = np.linspace(-1.0, 1.0, n) + draw(arrays((n,), -0.1, 0.1))
    return x, 2 * x + 1 + draw(arrays((n,), -0.5, 0.5))


@cases("linefit.house_line")
def case_house_line(draw, name):
    valid = {"n": 8, "outlier": False, "standard_price": False, "seed": 0}
    kwargs, bad = spoil(draw, valid, {"n": counts(), "outlier": scalars(),
                                      "standard_price": scalars(), "seed": counts()})
    ok, houses = attempt(linefit.house_line, kwargs.pop("n"), **kwargs, bad=bad)
    if ok:
        finite([houses.x, houses.t, houses.area, houses.price])


@cases("linefit.HouseLine")
def case_houseline_class(draw, name):
    area, price = np.array([50.0, 100.0, 150.0]), np.array([40.0, 70.0, 95.0])
    valid = {"area": area, "price": price, "mean": 100.0, "std": 40.0, "has_outlier": False,
             "price_mean": None, "price_std": None}
    hostile = {"area": bad_arrays((3,)), "price": bad_arrays((3,)), "mean": scalars(),
               "std": scalars(), "has_outlier": scalars(), "price_mean": scalars(),
               "price_std": scalars()}
    kwargs, bad = spoil(draw, valid, hostile)
    ok, houses = attempt(linefit.HouseLine, **kwargs, bad=bad)
    if not ok:
        return
    finite([houses.x, houses.t])
    method = draw(st.sampled_from(["to_area", "to_x"]))
    value = draw(st.one_of(arrays((2,)), bad_arrays((2,))))
    ok, out = attempt(getattr(houses, method), value, bad=("x", "area"))
    if ok and bad is None and isinstance(value, np.ndarray) and value.dtype.kind == "f" \
            and value.size and np.abs(value).max() < 1e100:
        close(out, value * 40 + 100 if method == "to_area" else (value - 100) / 40)


def _losses_for_lines():
    return st.sampled_from(BAD_NAMES + ["bce", "softmax_ce"])


@cases("linefit.fit_loss")
def case_fit_loss(draw, name):
    key = draw(st.one_of(st.sampled_from(linefit.LINE_LOSSES), _losses_for_lines()))
    ok, out = attempt(linefit.fit_loss, key, bad="loss")
    if ok:
        assert isinstance(out, losses.Loss)


@cases("linefit.line_loss", "linefit.loss_grid", "linefit.best_fit",
       "linefit.regression_surface")
def case_line_fits(draw, name):
    fn = getattr(linefit, name.split(".")[1])
    x, t = _xt(draw)
    scale = draw(st.sampled_from([1.0, 1.0, 1e-300, 1e150, 1e300]))
    x, t = x * scale, t * scale
    n = x.size
    valid = {"loss": draw(st.sampled_from(linefit.LINE_LOSSES)), "x": x, "t": t}
    hostile = {"loss": _losses_for_lines(), "x": bad_arrays((n,)), "t": bad_arrays((n,))}
    if fn is linefit.line_loss:
        valid.update(w=0.5, b=-0.5)
        hostile.update(w=scalars(), b=scalars())
    elif fn is linefit.loss_grid:
        valid.update(w_values=np.linspace(-1, 1, 3), b_values=np.linspace(-2, 2, 4))
        hostile.update(w_values=bad_arrays((3,)), b_values=bad_arrays((4,)))
    elif fn is linefit.regression_surface:
        del valid["loss"], hostile["loss"]
        valid.update(start=(-1.0, 1.5))
        hostile.update(start=bad_arrays((2,)))
    kwargs, bad = spoil(draw, valid, hostile)
    said = words(bad) + ("x and t", "line", "too large") if bad in ("x", "t") else bad
    if scale != 1.0:  # the data itself is huge or tiny: refusing it is fine too
        said = (words(said) if said else ()) + ("too large", "overflow", "x", "t",
                                               "constant", "different", "moderate")
    ok, out = attempt(fn, **kwargs, bad=said)
    if not ok or bad is not None or scale != 1.0:
        return
    L = linefit.fit_loss(valid["loss"]) if "loss" in valid else losses.MSE()
    if fn is linefit.line_loss:
        close(out, L.value(t, 0.5 * x - 0.5))
    elif fn is linefit.loss_grid:
        assert out.shape == (4, 3)
        close(out[1, 2], L.value(t, 1.0 * x + valid["b_values"][1]))
    elif fn is linefit.best_fit:
        w, b = out
        for dw, db in ((1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)):  # no better line nearby
            assert L.value(t, w * x + b) <= L.value(t, (w + dw) * x + b + db) + 1e-12
    else:
        close(out.minima[0], np.polyfit(x, t, 1), rtol=1e-6, atol=1e-9)


@cases("linefit.fit_line")
def case_fit_line(draw, name):
    x, t = _xt(draw)
    n = x.size
    valid = {"x": x, "t": t, "theta0": (0.0, 0.0), "lr": 0.1, "epochs": 3, "batch_size": 2,
             "seed": 0, "max_loss": 1e12}
    hostile = {"x": bad_arrays((n,)), "t": bad_arrays((n,)), "theta0": bad_arrays((2,)),
               "lr": scalars(10**400), "epochs": counts(), "batch_size": counts(),
               "seed": counts(), "max_loss": scalars()}
    kwargs, bad = spoil(draw, valid, hostile)
    said = words(bad) + ("x and t",) if bad in ("x", "t") else bad
    ok, fit = attempt(linefit.fit_line, **kwargs, bad=said)
    if ok:
        finite([fit.update_losses, fit.epoch_losses, fit.params_path])
        if bad is None:
            model = nn.MLP.from_params([np.zeros((1, 1))], [np.zeros(1)], "linear")
            h = training.train(model, x[:, None], t[:, None], loss="mse",
                               optimizer=optimizers.GD(0.1), epochs=3, batch_size=2, seed=0)
            close(fit.epoch_losses, h.epoch_losses, rtol=1e-9)


@cases("linefit.batch_kind")
def case_batch_kind(draw, name):
    valid = {"batch_size": 4, "n": 8}
    kwargs, bad = spoil(draw, valid, {"batch_size": counts(), "n": counts()})
    said = ("batch size", "B", "N") if bad else None
    ok, out = attempt(linefit.batch_kind, **kwargs, bad=said)
    if ok and bad is None:
        assert out == "mini-batch gradient descent"


@cases("linefit.finite_vector")
def case_finite_vector(draw, name):
    values = draw(st.one_of(arrays((3,)), bad_arrays((3,))))
    label = draw(st.sampled_from(["w_values", "b"]))
    ok, out = attempt(linefit.finite_vector, values, label, bad=(label,))
    if ok:
        close(out, np.asarray(values, dtype=float))
    ok, _ = attempt(linefit.finite_vector, [1.0], draw(scalars()), bad=("name",))


# --- cost ----------------------------------------------------------------------------------

def _sizes():
    return st.one_of(st.sampled_from([[2, 3, 1], [784, 128, 10], [1, 1]]), st.sampled_from(
        [[2], [], [2, 0, 1], [2, -1], [2, 2.5], "ab", None, [True, 1], [2, 10**400], 3,
         np.array([2.0, 3.0])]), scalars())


@cases("cost.param_count", "cost.forward_madds", "cost.backward_madds",
       "cost.gradient_costs")
def case_cost_counts(draw, name):
    fn = getattr(cost, name.split(".")[1])
    valid = {"sizes": [2, 3, 1]}
    hostile = {"sizes": _sizes()}
    if fn is not cost.param_count:
        valid["n_samples"] = 2
        hostile["n_samples"] = counts()
    kwargs, bad = spoil(draw, valid, hostile)
    ok, out = attempt(fn, **kwargs, bad=bad)
    if ok and bad is None:
        # backward per sample: layer 1 3 + 6 + 3 (no dX), layer 2 1 + 3 + 1 + 3
        counted = {cost.param_count: 13, cost.forward_madds: 26, cost.backward_madds: 2 * 20}
        if fn in counted:
            assert out == counted[fn]
        else:
            assert out.params == 13 and out.finite_diff == 2 * 13 * 26


@cases("cost.widening_mlps")
def case_widening(draw, name):
    valid = {"widths": [4, 8], "depth": 2, "n_in": 2, "n_out": 1}
    kwargs, bad = spoil(draw, valid, {"widths": st.one_of(scalars(), st.sampled_from(
        [[], [0], [-1], ["a"], [2.5], [10**400]])), "depth": counts(), "n_in": counts(),
        "n_out": counts()})
    ok, out = attempt(cost.widening_mlps, **kwargs, bad=bad)
    if ok and bad is None:
        assert out == [[2, 4, 4, 1], [2, 8, 8, 1]]


@cases("cost.time_gradients")
def case_time_gradients(draw, name):
    valid = {"sizes": [2, 3, 1], "n_samples": 4, "repeats": 2, "seed": 0}
    kwargs, bad = spoil(draw, valid, {"sizes": _sizes(), "n_samples": counts(),
                                      "repeats": counts(), "seed": counts()})
    ok, out = attempt(cost.time_gradients, **kwargs, bad=bad)
    if ok:
        assert out.rel_error < 1e-5 and out.forward_calls == 2 * out.params


# --- quiz and markdown -----------------------------------------------------------------------

_NUMERIC = dict(id="q1", kind="numeric", prompt="What is ½·2?", explanation="It is 1.",
                answer=1.0, tolerance=0.01)
_CHOICE = dict(id="q2", kind="choice", prompt="Pick one", explanation="A is right.",
               choices=(quiz.Choice("A", True, "Yes."), quiz.Choice("B", False, "No.")))


@cases("quiz.Question")
def case_question(draw, name):
    valid = dict(draw(st.sampled_from([_NUMERIC, _CHOICE])))
    hostile = {k: scalars() for k in ("id", "kind", "prompt", "explanation", "answer",
                                     "tolerance")}
    hostile["choices"] = st.sampled_from([(), "ab", (quiz.Choice("A", True, "x"),), None,
                                          ("a", "b"), [{"text": "A"}]])
    hostile["mistakes"] = st.sampled_from(["ab", (1.0,), None, [quiz.Mistake(1.0, "x")]])
    kwargs, bad = spoil(draw, valid, hostile)
    said = (bad, "question", "choice", "mistake") if bad else None
    ok, q = attempt(quiz.Question, **kwargs, bad=said)
    if ok:
        answer = draw(st.one_of(scalars(), st.sampled_from(["1", "1.0", "2", "x", 0, 1])))
        attempt(quiz.check, q, answer, bad=("answer", "choice"))


@cases("quiz.Choice", "quiz.Mistake")
def case_choice(draw, name):
    cls = getattr(quiz, name.split(".")[1])
    valid = ({"text": "A", "correct": True, "feedback": "Yes."} if cls is quiz.Choice
             else {"answer": 0.5, "feedback": "You forgot the ½."})
    kwargs, bad = spoil(draw, valid, {k: scalars() for k in valid})
    attempt(cls, **kwargs, bad=bad)


@cases("quiz.parse_number")
def case_parse_number(draw, name):
    text = draw(st.one_of(scalars(), st.sampled_from(
        ["1.6", "−0.5", "1/4", "1/0", "0/0", "1e999", "2e-3", "1/2/3", "abc", "1 + 1",
         "__import__('os')", " ", "nan", "inf", "-inf", "1e-400", "0x10"])))
    ok, out = attempt(quiz.parse_number, text, bad=("number", "text", "divides"))
    if ok and isinstance(text, str):
        expected = {"1.6": 1.6, "−0.5": -0.5, "1/4": 0.25, "2e-3": 0.002, "1e-400": 0.0}
        if text in expected:
            assert out == expected[text]


@cases("quiz.check")
def case_check(draw, name):
    q = quiz.Question(**draw(st.sampled_from([_NUMERIC, _CHOICE])))
    valid = {"question": q, "answer": "1" if q.kind == "numeric" else 0}
    kwargs, bad = spoil(draw, valid, {"question": scalars(), "answer": scalars(5, -1)})
    ok, fb = attempt(quiz.check, **kwargs, bad=bad)
    if ok and bad is None:
        assert fb.correct


@cases("quiz.load_self_check")
def case_load_self_check(draw, name):
    stem = draw(st.one_of(st.sampled_from(["02_gradient_descent", "../pyq", "../../README",
                                           "02_gradient_descent.json", "nope", "",
                                           "/etc/passwd"]), scalars()))
    ok, qs = attempt(quiz.load_self_check, stem, bad=("notebook", "self-check"))
    if ok:
        assert qs and all(isinstance(q, quiz.Question) for q in qs)


@cases("quiz.question_from_dict")
def case_question_from_dict(draw, name):
    d = {**_NUMERIC, "mistakes": [{"answer": 2.0, "feedback": "You doubled."}]}
    spoilt = draw(st.sampled_from(["none", "type", "key", "choices", "mistakes", "value"]))
    if spoilt == "type":
        d = draw(scalars())
    elif spoilt == "key":
        d = {**d, draw(st.sampled_from(["colour", "", "id "])): 1}
    elif spoilt == "choices":
        d = {**d, "kind": "choice", "choices": draw(st.sampled_from(
            ["ab", [1, 2], [{"text": "A"}], None, [{"text": "A", "correct": True,
                                                    "feedback": "x", "more": 1}]]))}
    elif spoilt == "mistakes":
        d = {**d, "mistakes": draw(st.sampled_from(["ab", [1.0], None, [{"answer": "x"}]]))}
    elif spoilt == "value":
        d = {**d, draw(st.sampled_from(["answer", "tolerance", "prompt", "id"])):
             draw(scalars())}
    said = None if spoilt == "none" else ("question", "choice", "mistake", "key", "d",
                                          "answer", "tolerance", "prompt", "id")
    ok, q = attempt(quiz.question_from_dict, d, bad=said)
    if ok and spoilt == "none":
        assert q.mistakes[0].answer == 2.0


@cases("markdown.to_html")
def case_to_html(draw, name):
    text = draw(st.one_of(scalars(), st.text(max_size=40), st.sampled_from(
        ["$a_1 * b_2$", "<script>alert(1)</script>", "$$\\frac{1}{2}$$", "**bold** $x$"])))
    ok, out = attempt(markdown.to_html, text, bad=("text", "markdown"))
    if ok:
        assert "<script>" not in out


# --- the tests -------------------------------------------------------------------------------

def _public_callables():
    names = []
    for module in MATHS_MODULES:
        mod = importlib.import_module(f"lessons_lib.{module}")
        names += [f"{module}.{n}" for n in mod.__all__ if callable(getattr(mod, n))]
    return names


def test_every_public_callable_has_hostile_cases():
    missing = [n for n in _public_callables()
               if n not in REGISTRY and n not in NO_DATA and n not in RECORDS]
    assert not missing, f"public callables without hostile-input cases: {missing}"
    stale = [n for n in list(REGISTRY) + list(NO_DATA) + list(RECORDS)
             if n not in _public_callables()]
    assert not stale, f"listed here but not public: {stale}"


def test_records_are_dataclasses_or_tuples_the_library_fills():
    for name in RECORDS:
        module, attr = name.split(".")
        obj = getattr(importlib.import_module(f"lessons_lib.{module}"), attr)
        assert dataclasses.is_dataclass(obj) or issubclass(obj, tuple), name


@pytest.mark.parametrize("name", sorted(REGISTRY))
@HOSTILE
@given(data=st.data())
def test_hostile_input(name, data):
    REGISTRY[name](data.draw, name)
