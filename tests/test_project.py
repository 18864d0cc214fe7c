"""The project's own promises: pins, Binder, CI, layout."""

import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def requirement_lines(path):
    """Requirement lines of a pip requirements file, comments and blanks dropped."""
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def test_runtime_requirements_are_exact_pins_of_the_promised_packages():
    lines = requirement_lines(ROOT / "requirements.txt")
    names = set()
    for line in lines:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][^;\s]*(; python_version [<>=]+ \"3\.\d+\")?",
                            line), f"not an exact pin: {line!r}"
        names.add(line.split("==")[0].lower())
    assert names == {"numpy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab", "ipympl",
                     "nbval", "pytest", "mistune"}
    assert "torch" not in (ROOT / "requirements.txt").read_text()


def test_dev_requirements_are_exact_pins():
    lines = requirement_lines(ROOT / "requirements-dev.txt")
    assert {line.split("==")[0] for line in lines} >= {"hypothesis", "playwright"}
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][\w.]*(; python_version [<>=]+ \"3\.\d+\")?",
                            line) for line in lines), lines


def test_binder_pins_agree_with_the_root_requirements():
    assert requirement_lines(ROOT / "binder" / "requirements.txt") == requirement_lines(
        ROOT / "requirements.txt")


def test_binder_runtime_and_postbuild():
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.12"
    post = ROOT / "binder" / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR, "binder/postBuild must be executable"
    commands = [line for line in requirement_lines(post)]
    assert commands == ["set -e", "pip install --no-deps -e ."]


def test_readme_has_the_two_commands_first_and_a_binder_badge():
    readme = (ROOT / "README.md").read_text()
    quick = readme.split("## Quick start", 1)[1]
    first_block = quick.split("```bash", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == [
        "make lab", "make test"]
    assert re.search(r"\(https://mybinder\.org/v2/gh/[\w.-]+/[\w.-]+/HEAD\?urlpath=lab/tree/"
                     r"notebooks/00_start_here\.ipynb\)", readme)
    assert "https://mybinder.org/badge_logo.svg" in readme


def test_ci_runs_exactly_the_readme_test_command():
    run = ROOT / ".ci" / "run"
    assert os.access(run, os.X_OK)
    lines = [line for line in run.read_text().splitlines() if line.strip()]
    assert lines == ["#!/usr/bin/env bash", "set -euo pipefail", "make test"]


def test_layout():
    for name in ["README.md", "requirements.txt", "requirements-dev.txt", "pyproject.toml",
                 "Makefile", "notebooks", "lessons_lib", "tests", "binder", "benchmarks"]:
        assert (ROOT / name).exists(), name


def test_maths_modules_never_import_plotting_or_widgets():
    # every top-level module of the package is maths or content (plots/ and widgets/ are
    # packages), so a new module is checked without being listed here
    modules = sorted((ROOT / "lessons_lib").glob("*.py"))
    assert {"losses", "nn", "worked", "practice", "pyq", "markdown"} <= {p.stem for p in modules}
    for path in modules:
        text = path.read_text()
        assert not re.search(
            r"^\s*(import|from)\s+(matplotlib|ipywidgets|ipympl|scipy|torch|sklearn)\b",
            text, re.M), f"{path.name} imports plotting, widgets or a dependency beyond numpy"


def test_make_lab_serves_the_start_notebook(tmp_path):
    """`make lab` (set-up already done for this Python) starts JupyterLab, and the link it
    prints opens notebooks/00_start_here.ipynb."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    venv = Path(sys.prefix)
    assert (venv / ".stamp-runtime").exists(), "run make test (it sets up .venv) first"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    log = tmp_path / "lab.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            ["make", "-s", "lab", f"VENV={venv}", f"PORT={port}",
             "LAB_FLAGS=--no-browser --ServerApp.port_retries=0"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline and proc.poll() is None:
            found = re.search(rf"http://127\.0\.0\.1:{port}/\S+", log.read_text())
            url = found and found.group(0)
            time.sleep(0.2)
        assert url, f"make lab printed no link:\n{log.read_text()[-2000:]}"
        assert "/lab/tree/notebooks/00_start_here.ipynb?token=" in url
        with urllib.request.urlopen(url, timeout=10) as resp:
            assert resp.status == 200 and b"JupyterLab" in resp.read()
        api = url.replace("/lab/tree/", "/api/contents/")
        with urllib.request.urlopen(api, timeout=10) as resp:
            assert json.loads(resp.read())["type"] == "notebook"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(15)
