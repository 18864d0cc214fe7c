"""Kernel-side cost of one change of every control of every dashboard.

Every public ``*_dashboard`` function in ``lessons_lib.widgets`` is built with its defaults.
For each of its controls: 50 value changes (cycling through values spread over the
control's range), each timed from setting the value to the end of the redraw the browser
would receive: the callback's redraw (a blit of the moving artists) including the PNG
diff ipympl encodes and sends, or, when the callback asks the browser for a full redraw
(``draw_idle``), that full draw too (done here at once, as the browser's reply would).
Everything runs inside an asyncio loop, as in a kernel: a dashboard that trains in a
background task is timed up to the end of its callback (what blocks the kernel; it
draws the new run's first frame);
``settle()`` then finishes the run untimed, so every change starts from a finished state.
The frames such a task draws while it trains (``redraw()``) are timed as rows of their own.
Prints median and p90 per control against the targets (median ≤ 20 ms, p90 ≤ 40 ms) and
writes build/bench/slider_latency.json.
Run: make bench (or .venv/bin/python benchmarks/slider_latency.py).
"""

import asyncio
import inspect
import json
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import ipywidgets  # noqa: E402
import numpy as np  # noqa: E402

import lessons_lib.widgets as lw  # noqa: E402

CHANGES = 50
TARGET_MEDIAN_MS, TARGET_P90_MS = 20.0, 40.0


def values_of(control, n=12):
    """n values spread over the control's range (each differs from the one before)."""
    if hasattr(control, "options") and not isinstance(control, ipywidgets.IntSlider):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return [options[i] for i in np.linspace(0, len(options) - 1, min(n, len(options))).astype(int)]
    if isinstance(control, (ipywidgets.Checkbox, ipywidgets.ToggleButton)):
        return [True, False]
    if isinstance(control, ipywidgets.FloatLogSlider):
        return list(control.base ** np.linspace(control.min, control.max, n))
    values = np.linspace(control.min, control.max, n)
    return [int(round(v)) for v in values] if isinstance(control, ipywidgets.IntSlider) \
        else list(values)


def time_control(dashboard, control, values):
    # What JupyterLab does when the plot appears: the frontend says it is ready (from then on
    # ipympl sends only PNG diffs, not a full data URL too) and asks for one full draw.
    asked = set()
    for canvas in dashboard.canvases:
        canvas._handle_message(canvas, {"type": "initialized"}, [])
        canvas.draw()
        send = canvas.send_event

        def send_event(event_type, _send=send, _canvas=canvas, **kwargs):
            if event_type == "draw":  # draw_idle: the browser will ask for a full draw
                asked.add(_canvas)
            return _send(event_type, **kwargs)

        canvas.send_event = send_event
    times, i = [], 0
    while len(times) < CHANGES:
        value = values[i % len(values)]
        i += 1
        if value == control.value:
            continue
        start = time.perf_counter()
        control.value = value  # the callback redraws (blit) and sends
        while asked:
            asked.pop().draw()  # the full redraw the browser asked for
        times.append(time.perf_counter() - start)
        dashboard.settle()
    return 1e3 * np.array(times)


def dashboards():
    """(name, function) of every public dashboard builder."""
    return [(name, fn) for name, fn in inspect.getmembers(lw, inspect.isfunction)
            if name.endswith("_dashboard") and not name.startswith("_")]


async def measure_all():
    rows = []
    for name, build in dashboards():
        d = build()
        d.settle()
        for control_name, control in d.controls.items():
            ms = time_control(d, control, values_of(control))
            rows.append({"dashboard": name, "control": control_name,
                         "median_ms": float(np.median(ms)), "p90_ms": float(np.percentile(ms, 90)),
                         "max_ms": float(ms.max()), "changes": CHANGES})
        if hasattr(d, "redraw"):  # frames drawn by a background task while it trains
            rows += time_frames(name, d)
        d.close()
    return rows


def time_frames(name, d):
    """One frame of a training dashboard: every moving artist updated and blitted, at the
    default settings and at the longest run (B = 1, the most epochs: the longest lines)."""
    rows = []
    for label, settings in [("frame, defaults", {}),
                            ("frame, B=1 longest", {"batch_size": 1, "epochs": d.epochs.max})]:
        for key, value in settings.items():
            d.controls[key].value = value
        d.settle()
        times = []
        for _ in range(CHANGES):
            start = time.perf_counter()
            d.redraw()
            times.append(time.perf_counter() - start)
        ms = 1e3 * np.array(times)
        rows.append({"dashboard": name, "control": label, "median_ms": float(np.median(ms)),
                     "p90_ms": float(np.percentile(ms, 90)), "max_ms": float(ms.max()),
                     "changes": CHANGES})
    return rows


def main():
    rows = asyncio.run(measure_all())
    print(f"{'dashboard':31} {'control':19} {'median ms':>9} {'p90 ms':>7}  target")
    for r in rows:
        ok = r["median_ms"] <= TARGET_MEDIAN_MS and r["p90_ms"] <= TARGET_P90_MS
        r["meets_target"] = ok
        print(f"{r['dashboard']:31} {r['control']:19} {r['median_ms']:9.1f} {r['p90_ms']:7.1f}  "
              f"{'ok' if ok else 'MISSED (median ≤ 20, p90 ≤ 40)'}")
    out = Path(__file__).resolve().parents[1] / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "slider_latency.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
