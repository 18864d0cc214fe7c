"""Cost of one training step's maths: ``MLP.loss_and_grads`` (forward + backward, mse loss).

Networks 2-16-16-1, 2-64-64-1 and 784-128-10, tanh hidden layers, linear output, mse loss
(for 784-128-10 too: one-hot targets, so every row times the same loss), batches of 1, 64
and 256. The baseline is the same network written out by hand in one numpy function, no
classes and no checks: the floor for numpy. Calls of the two alternate, so a busy machine
slows both alike (the order flips every round); each call is timed on its own with
time.perf_counter and the median is kept.
BLAS runs single-threaded (OPENBLAS_NUM_THREADS, OMP_NUM_THREADS and MKL_NUM_THREADS are
set to 1 unless you set them), so the ratio measures Python overhead, not thread luck.
PyTorch CPU is timed too when it happens to be installed (it is no dependency).
Prints a table and writes build/bench/mlp_step.json.
Run: .venv/bin/python benchmarks/mlp_step.py
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import json  # noqa: E402
import platform  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from lessons_lib.nn import MLP  # noqa: E402

NETWORKS = [[2, 16, 16, 1], [2, 64, 64, 1], [784, 128, 10]]
BATCHES = [1, 64, 256]
TARGET_RATIO = 1.25  # nn.MLP's step within 1.25× of the raw numpy step (issue 6)
BUDGET_S = 1.5  # seconds of timing per (network, batch), roughly: under a minute in all
MIN_RUNS, MAX_RUNS = 200, 5000


def numpy_step(X, Y, weights, biases):
    """Forward + backward of a tanh MLP with linear output and mse loss, by hand."""
    L = len(weights)
    acts = [X]
    A = X
    for l in range(L):
        Z = A @ weights[l].T + biases[l]
        A = np.tanh(Z) if l < L - 1 else Z
        acts.append(A)
    diff = A - Y
    J = float(np.mean(diff * diff))
    dZ = (2.0 / diff.size) * diff
    grads_W, grads_b = [None] * L, [None] * L
    for l in range(L - 1, -1, -1):
        grads_W[l] = dZ.T @ acts[l]
        grads_b[l] = dZ.sum(axis=0)
        if l:
            dZ = (dZ @ weights[l]) * (1.0 - acts[l] * acts[l])
    return J, grads_W, grads_b


def torch_step_factory(model, X, Y):
    """A PyTorch CPU version of the same step, or None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(1)
    Ws = [torch.tensor(W, requires_grad=True) for W in model.weights]
    bs = [torch.tensor(b, requires_grad=True) for b in model.biases]
    Xt, Yt = torch.tensor(X), torch.tensor(Y)

    def step():
        for p in Ws + bs:
            p.grad = None
        A = Xt
        for l, (W, b) in enumerate(zip(Ws, bs)):
            A = torch.nn.functional.linear(A, W, b)
            if l < len(Ws) - 1:
                A = torch.tanh(A)
        J = torch.mean((A - Yt) ** 2)
        J.backward()
        return J.item()

    return step


def time_alternating(fns, runs):
    """Median seconds per call of each function. Calls are interleaved, in an order that
    reverses every round, so neither always runs first."""
    times = [[] for _ in fns]
    order = list(range(len(fns)))
    for _ in range(runs):
        for i in order:
            start = time.perf_counter()
            fns[i]()
            times[i].append(time.perf_counter() - start)
        order.reverse()
    return [float(np.median(t)) for t in times]


def blas_name():
    try:
        return np.show_config(mode="dicts")["Build Dependencies"]["blas"]["name"]
    except Exception:  # the layout of show_config differs between numpy versions
        return "unknown"


def main():
    rows = []
    for sizes in NETWORKS:
        model = MLP(sizes, activation="tanh", output_activation="linear", seed=0)
        for B in BATCHES:
            rng = np.random.default_rng(B)
            X = rng.normal(0, 1, (B, sizes[0]))
            Y = np.eye(sizes[-1])[rng.integers(0, sizes[-1], B)] if sizes[-1] > 1 \
                else rng.normal(0, 1, (B, 1))
            # Same numbers first: the baseline must compute what the MLP computes.
            J, gW, gb = model.loss_and_grads(X, Y, "mse")
            J0, gW0, gb0 = numpy_step(X, Y, model.weights, model.biases)
            assert np.isclose(J, J0, rtol=1e-12)
            assert all(np.allclose(a, b, rtol=1e-10, atol=1e-14)
                       for a, b in zip(gW + gb, gW0 + gb0))

            fns = [lambda: model.loss_and_grads(X, Y, "mse"),
                   lambda: numpy_step(X, Y, model.weights, model.biases)]
            torch_step = torch_step_factory(model, X, Y)
            if torch_step is not None:
                fns.append(torch_step)
            for fn in fns:      # warm up, and estimate the cost of one call
                fn()
            start = time.perf_counter()
            for _ in range(20):
                for fn in fns:
                    fn()
            per_round = (time.perf_counter() - start) / 20
            runs = int(np.clip(BUDGET_S / per_round, MIN_RUNS, MAX_RUNS))
            medians = time_alternating(fns, runs)
            row = {"network": "-".join(map(str, sizes)), "batch": B, "loss": "mse",
                   "runs": runs, "mlp_us": 1e6 * medians[0], "numpy_us": 1e6 * medians[1],
                   "ratio": medians[0] / medians[1],
                   "meets_target": medians[0] / medians[1] <= TARGET_RATIO}
            if torch_step is not None:
                row["torch_us"] = 1e6 * medians[2]
            rows.append(row)

    threads = {v: os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS",
                                              "MKL_NUM_THREADS")}
    print(f"numpy {np.__version__}, BLAS {blas_name()}, threads {threads}, "
          f"python {platform.python_version()}")
    print("MLP.loss_and_grads vs the same step by hand in numpy (median µs per call)")
    has_torch = any("torch_us" in r for r in rows)
    head = (f"{'network':14} {'batch':>5} {'runs':>5} {'MLP µs':>9} {'numpy µs':>9} "
            f"{'ratio':>6}  {'target':<22}")
    print(head + (f" {'torch µs':>9}" if has_torch else ""))
    for r in rows:
        line = (f"{r['network']:14} {r['batch']:5d} {r['runs']:5d} {r['mlp_us']:9.1f} "
                f"{r['numpy_us']:9.1f} {r['ratio']:6.2f}  "
                f"{'ok' if r['meets_target'] else f'MISSED (> {TARGET_RATIO}×)':<22}")
        print(line + (f" {r['torch_us']:9.1f}" if has_torch else ""))
    if not has_torch:
        print("(torch not installed: no PyTorch column)")
    missed = [r for r in rows if not r["meets_target"]]
    print(f"target: MLP step ≤ {TARGET_RATIO}× the numpy step at every size: "
          + ("met" if not missed else f"MISSED at {len(missed)} of {len(rows)} sizes"))
    out = Path(__file__).resolve().parents[1] / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    meta = {"target_ratio": TARGET_RATIO, "numpy": np.__version__, "blas": blas_name(),
            "threads": threads, "python": platform.python_version(), "cpus": os.cpu_count()}
    (out / "mlp_step.json").write_text(json.dumps({"meta": meta, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
