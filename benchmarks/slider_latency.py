"""Kernel-side cost of one slider change on each dashboard control.

For every control: 50 value changes, each timed from setting the value to the end of the
redraw the browser would receive: the callback's redraw (a blit of the moving artists, or a
full draw) including the PNG diff ipympl encodes and sends.
Prints median and p90 per control and writes build/bench/slider_latency.json.
Run: make bench (or .venv/bin/python benchmarks/slider_latency.py).
"""

import json
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402

from lessons_lib.widgets import LR_VALUES, gradient_descent_dashboard  # noqa: E402

CHANGES = 50


def time_control(dashboard, slider, values):
    # What JupyterLab does when the plot appears: the frontend says it is ready (from then on
    # ipympl sends only PNG diffs, not a full data URL too) and asks for one full draw.
    dashboard.canvas._handle_message(dashboard.canvas, {"type": "initialized"}, [])
    dashboard.canvas.draw()
    times = []
    for i in range(CHANGES):
        start = time.perf_counter()
        slider.value = values[i % len(values)]  # the callback redraws (blit) and sends
        times.append(time.perf_counter() - start)
    return 1e3 * np.array(times)


def main():
    rows = []
    for surface in ["bowl", "ravine"]:
        d = gradient_descent_dashboard(surface=surface)
        lrs = LR_VALUES[::24]  # 11 of the stops the α slider offers, 0.001 … 2
        for name, slider, values in [("learning rate α", d.lr, lrs),
                                     ("steps", d.steps, list(range(10, 100, 7)))]:
            ms = time_control(d, slider, values)
            rows.append({"dashboard": f"gradient_descent_dashboard({surface!r})",
                         "control": name, "median_ms": float(np.median(ms)),
                         "p90_ms": float(np.percentile(ms, 90)), "changes": CHANGES})
    print(f"{'dashboard':40} {'control':16} {'median ms':>9} {'p90 ms':>7}")
    for r in rows:
        print(f"{r['dashboard']:40} {r['control']:16} {r['median_ms']:9.1f} {r['p90_ms']:7.1f}")
    out = Path(__file__).resolve().parents[1] / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "slider_latency.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
