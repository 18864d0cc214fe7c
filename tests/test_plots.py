"""Plots: pure functions that draw on a given Axes and return their artists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from lessons_lib import plots, surfaces
from lessons_lib.optimizers import GD, Path, descend


@pytest.fixture
def ax():
    return Figure().add_subplot()


@pytest.mark.parametrize("name", sorted(surfaces.SURFACES))
def test_surface_contour_labels_and_window(ax, name):
    s = surfaces.get(name)
    filled, minima = plots.surface_contour(ax, s)
    assert filled in ax.collections
    assert filled.get_cmap().name == plots.SURFACE_CMAP
    assert ax.get_xlabel() == "θ₁" and ax.get_ylabel() == "θ₂"
    assert s.formula in ax.get_title()
    assert ax.get_xlim() == s.xlim and ax.get_ylim() == s.ylim
    np.testing.assert_array_equal(np.column_stack(minima.get_data()), s.minima)
    assert ax.figure.axes[-1].get_ylabel() == "J"  # the colour bar


def test_contour_levels_increase_and_cover_the_grid(ax):
    filled, _ = plots.surface_contour(ax, surfaces.ravine, colorbar=False)
    _, _, j = surfaces.ravine.grid(200)
    lv = filled.levels
    assert np.all(np.diff(lv) > 0) and lv[0] <= j.min() and lv[-1] >= j.max()
    assert len(ax.figure.axes) == 1


def test_descent_path_draws_and_updates_in_place(ax):
    s = surfaces.bowl
    path = descend(s.grad, s.start, GD(0.1), 10)
    art = plots.descent_path(ax, path)
    np.testing.assert_array_equal(np.column_stack(art.line.get_data()), path)
    np.testing.assert_array_equal(np.column_stack(art.start.get_data()), path[:1])
    np.testing.assert_array_equal(np.column_stack(art.end.get_data()), path[-1:])
    assert not art.note.get_visible()

    n_children = len(ax.get_children())
    diverged = descend(s.grad, s.start, GD(2.0), 30)
    plots.update_descent_path(art, diverged)
    assert len(ax.get_children()) == n_children  # moved, not redrawn
    np.testing.assert_array_equal(np.column_stack(art.line.get_data()), diverged)
    assert art.note.get_visible() and art.note.get_text() == "diverged at step 12"


def test_a_plain_array_path_has_no_divergence_note(ax):
    art = plots.descent_path(ax, np.array([[0.0, 1.0], [0.5, 0.5]]))
    assert not art.note.get_visible()
    plots.update_descent_path(art, Path([[0.0, 1.0]], diverged_at=1))
    assert art.note.get_text() == "diverged at step 1"


def test_static_figure_renders_without_pyplot_leaks(tmp_path):
    before = plt.get_fignums()
    fig = Figure(layout="constrained")
    ax = fig.add_subplot()
    plots.surface_contour(ax, surfaces.ravine)
    plots.descent_path(ax, descend(surfaces.ravine.grad, surfaces.ravine.start, GD(0.19), 40))
    out = tmp_path / "ravine.png"
    fig.savefig(out)
    assert out.stat().st_size > 10_000
    assert plt.get_fignums() == before


def test_line_colours_are_the_colour_blind_safe_cycle():
    assert plots.PATH_COLOUR in plots.OKABE_ITO
    assert len(set(plots.OKABE_ITO)) == 8


def test_saddle_points_are_marked():
    fig, ax = plt.subplots()
    plots.surface_contour(ax, surfaces.saddle, n=40)
    (cross,) = [ln for ln in ax.lines if ln.get_label() == "saddle point"]
    np.testing.assert_array_equal(np.column_stack(cross.get_data()), [[0.0, 0.0]])
    plt.close(fig)
