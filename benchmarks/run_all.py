"""Restart-and-run-all wall time of every notebook: a fresh kernel each (nbclient), the way
"Kernel → Restart Kernel and Run All Cells" does it. Timed from the kernel's start to the
last cell's end. Targets: each ≤ 10 s, all together ≤ 60 s.
Prints a table and writes build/bench/run_all.json.
Run: make bench (or .venv/bin/python benchmarks/run_all.py [notebook ...]).
"""

import json
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
TARGET_EACH_S, TARGET_ALL_S = 10.0, 60.0


def run(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def main(paths):
    rows = [{"notebook": p.name, "seconds": run(p)} for p in paths]
    total = sum(r["seconds"] for r in rows)
    print(f"{'notebook':32} {'run-all s':>9}  target ≤ {TARGET_EACH_S:g} s")
    for r in rows:
        r["meets_target"] = r["seconds"] <= TARGET_EACH_S
        print(f"{r['notebook']:32} {r['seconds']:9.2f}  {'ok' if r['meets_target'] else 'MISSED'}")
    print(f"{'all':32} {total:9.2f}  {'ok' if total <= TARGET_ALL_S else 'MISSED'} "
          f"(≤ {TARGET_ALL_S:g} s)")
    out = ROOT / "build" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "run_all.json").write_text(json.dumps({"notebooks": rows, "total_s": total}, indent=2))


if __name__ == "__main__":
    args = [Path(a).resolve() for a in sys.argv[1:]]
    main(args or sorted((ROOT / "notebooks").glob("*.ipynb")))
