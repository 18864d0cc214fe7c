"""Key press → new frame, in JupyterLab inside headless Chromium.

For every notebook with a live dashboard: run all cells, then for each slider of each
dashboard, 20 moves (arrow right, arrow left, …), each timed in the page from dispatching
the key press on the slider's handle to the first animation frame whose canvas pixels
differ from before (every ipympl canvas of that dashboard is compared). Where one step
changes no pixel at the slider's start value, the moves are made at its low end (Home).
A move that changes no pixel within 2 s counts as "no change" (reported, not averaged in).
Target: median ≤ 80 ms. Prints a table and writes build/bench/browser_latency.json.
Uses the browser test's machinery (tests/browser/test_jupyterlab.py).
Run: make bench (or .venv/bin/python benchmarks/browser_latency.py [notebook ...]).
"""

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import test_jupyterlab as bt  # noqa: E402

MOVES = 20
TARGET_MEDIAN_MS = 80.0

# In the page: press a key on the slider handle, then watch the canvases every frame.
TIME_ONE_MOVE = r"""
async (output, [key, timeoutMs]) => {
  const canvases = Array.from(output.querySelectorAll('.jupyter-matplotlib-canvas-div'))
      .map(div => div.querySelector('canvas'));
  const snap = () => canvases.map(c => new Uint32Array(
      c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer));
  const same = (a, b) => a.every((x, i) => x.length === b[i].length &&
      x.every((v, j) => v === b[i][j]));
  const before = snap();
  const handle = output.querySelector('.__descent_slider .noUi-handle');
  const start = performance.now();
  handle.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
  while (performance.now() - start < timeoutMs) {
    await new Promise(requestAnimationFrame);
    if (!same(snap(), before)) return performance.now() - start;
  }
  return null;
}
"""


def measure(page, output, slider_index):
    slider = output.locator(".widget-slider").nth(slider_index)
    slider.evaluate("s => { document.querySelectorAll('.__descent_slider')"
                    ".forEach(e => e.classList.remove('__descent_slider'));"
                    " s.classList.add('__descent_slider'); }")
    label = slider.locator(".widget-label").first.inner_text().strip()
    slider.scroll_into_view_if_needed()
    times, timeouts = [], 0
    keys = ["ArrowRight", "ArrowLeft"]
    readout = slider.locator(".widget-readout")
    if output.evaluate(TIME_ONE_MOVE, ["ArrowRight", 1000]) is None:
        # A small step changed no pixel here (e.g. more steps of a walk that has already
        # converged): measure at the slider's low end instead, where each step shows.
        output.evaluate(TIME_ONE_MOVE, ["Home", 2000])
    bt.wait_canvas(output, timeout=3, settle=0.25)
    for i in range(MOVES):
        before = readout.inner_text()
        ms = output.evaluate(TIME_ONE_MOVE, [keys[i % 2], 2000])
        if readout.inner_text() == before and i == 0:  # at the maximum: start leftwards
            keys.reverse()
            ms = output.evaluate(TIME_ONE_MOVE, [keys[0], 2000])
        if ms is None:
            timeouts += 1
        else:
            times.append(ms)
        bt.wait_canvas(output, timeout=3, settle=0.25)
    return label, np.array(times), timeouts


def main(paths):
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        lab = bt.start_lab(bt.NOTEBOOK_DIR, Path(tmp))
        try:
            context = pw.chromium.launch_persistent_context(
                Path(tmp) / "profile", executable_path=bt.CHROMIUM, headless=True,
                args=bt.CHROMIUM_FLAGS, viewport={"width": 1280, "height": 1000})
            context.add_init_script(bt.PAGE_HELPERS)
            for path in paths:
                page = context.new_page()
                try:
                    bt.open_notebook(page, lab, path.name)
                    bt.run_all(page, path.name)
                    found = bt.dashboards(page)
                    for d in range(found.count()):
                        output = found.nth(d)
                        output.scroll_into_view_if_needed()
                        bt.wait_canvas(output, timeout=15, settle=1.0)
                        for s in range(output.locator(".widget-slider").count()):
                            label, ms, timeouts = measure(page, output, s)
                            rows.append({
                                "notebook": path.name, "dashboard": d + 1, "slider": label,
                                "median_ms": float(np.median(ms)) if ms.size else None,
                                "p90_ms": float(np.percentile(ms, 90)) if ms.size else None,
                                "moves": MOVES, "no_change": timeouts})
                finally:
                    bt.close_notebook(page, lab, path.name)
                    page.close()
            context.close()
        finally:
            bt.stop_lab(lab)
    print(f"{'notebook':26} {'#':>2} {'slider':18} {'median ms':>9} {'p90 ms':>7} "
          f"{'no change':>9}  target median ≤ {TARGET_MEDIAN_MS:g} ms")
    for r in rows:
        ok = r["median_ms"] is not None and r["median_ms"] <= TARGET_MEDIAN_MS
        r["meets_target"] = ok
        med = "-" if r["median_ms"] is None else f"{r['median_ms']:.0f}"
        p90 = "-" if r["p90_ms"] is None else f"{r['p90_ms']:.0f}"
        print(f"{r['notebook']:26} {r['dashboard']:2} {r['slider'][:18]:18} {med:>9} {p90:>7} "
              f"{r['no_change']:9}  {'ok' if ok else 'MISSED'}")
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "browser_latency.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    args = [Path(a).resolve() for a in sys.argv[1:]]
    main(args or sorted((ROOT / "notebooks").glob("*.ipynb")))
