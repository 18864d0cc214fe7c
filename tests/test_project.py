"""The project's own promises: pins, Binder, CI, layout."""

import os
import re
import stat
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
                     "nbval", "pytest"}
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
    for name in ["losses", "surfaces", "optimizers", "autograd", "nn", "data", "training",
                 "worked"]:
        path = ROOT / "lessons_lib" / f"{name}.py"
        if path.exists():
            text = path.read_text()
            assert not re.search(r"^\s*(import|from)\s+(matplotlib|ipywidgets|ipympl)", text,
                                 re.M), f"{path.name} imports plotting or widgets"
