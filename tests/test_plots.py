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


# --- additions for notebook 02: legends, races, parameter paths, epoch loss curves ----

def test_legend_below_sits_under_the_axes_and_the_colorbar_beside_it():
    fig = Figure(figsize=(6, 5), layout="constrained")
    ax = fig.add_subplot()
    filled, _ = plots.surface_contour(ax, surfaces.ravine, n=40, colorbar=False)
    cbar = plots.contour_colorbar(ax, filled)
    legend = plots.legend_below(ax)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    r = fig.canvas.get_renderer()
    axbox, legbox = ax.get_window_extent(r), legend.get_window_extent(r)
    assert legbox.y1 < axbox.y0 - 10  # below the Axes, clear of its tick labels
    assert legbox.y0 >= 0  # and inside the figure
    cbox = cbar.ax.get_window_extent(r)
    assert cbox.x0 > axbox.x1 and abs(cbox.height - axbox.height) < 1
    assert cbar.ax.get_ylabel() == "J" and fig.axes == [ax]


def test_optimizer_race_draws_every_path_and_labels_its_final_j(ax):
    from lessons_lib import optimizers

    s = surfaces.ravine
    plots.surface_contour(ax, s, n=40, colorbar=False)
    paths = {k: descend(s.grad, s.start, optimizers.get(k, 0.3), 30) for k in optimizers.OPTIMIZERS}
    race = plots.optimizer_race(ax, paths, s, labels={"gd": "GD"})
    texts = [t.get_text() for t in race.legend.get_texts()]
    assert texts == ["GD", "momentum", "nesterov", "rmsprop", "adam", "start θ₀", "minimum"]
    assert race.note.get_visible()
    assert race.note.get_text() == "diverged: GD at step 20, nesterov at step 10"
    for k, path in paths.items():
        np.testing.assert_array_equal(np.column_stack(race.lines[k].get_data()), path)
        np.testing.assert_array_equal(np.column_stack(race.dots[k].get_data()), path)
        np.testing.assert_array_equal(np.column_stack(race.ends[k].get_data()), path[-1:])
    assert len({race.lines[k].get_color() for k in paths}) == 5
    n_children = len(ax.get_children())
    calmer = {k: descend(s.grad, s.start, optimizers.get(k, 0.01), 5) for k in paths}
    plots.update_optimizer_race(race, calmer)
    assert len(ax.get_children()) == n_children
    assert not race.note.get_visible() and race.note.get_text() == ""
    with pytest.raises(ValueError, match="paths must have the names"):
        plots.update_optimizer_race(race, {"gd": calmer["gd"]})
    with pytest.raises(ValueError, match="at least one path"):
        plots.optimizer_race(ax, {}, s)


def test_parameter_path_and_epoch_loss_curve_follow_a_training_history(ax):
    from lessons_lib import nn, training

    x = np.linspace(-1, 1, 10)[:, None]
    model = nn.MLP.from_params([np.array([[0.0]])], [np.array([1.0])], "linear")
    h = training.train(model, x, 2 * x, loss="mse", optimizer=GD(0.1), epochs=3, batch_size=4)
    art = plots.parameter_path(ax, h)
    np.testing.assert_array_equal(np.column_stack(art.path.line.get_data()), h.params_path)
    np.testing.assert_array_equal(np.column_stack(art.epochs.get_data()), h.params_path[3::3])
    assert art.path.line.get_marker() == "o" and not art.path.note.get_visible()
    curve = plots.epoch_loss_curve(Figure().add_subplot(), h)
    np.testing.assert_allclose(curve.updates.get_xdata(), np.arange(9) / 3)
    np.testing.assert_allclose(curve.epochs.get_xdata(), np.arange(4))
    np.testing.assert_array_equal(curve.updates.get_ydata(), h.update_losses)
    assert curve.updates.axes.get_xlabel().startswith("epoch")

    h.diverged_at = 7  # the note says so, in updates
    plots.update_parameter_path(art, h)
    assert art.path.note.get_visible() and art.path.note.get_text() == "diverged at update 7"
    with pytest.raises(ValueError, match="two parameters"):
        plots.update_parameter_path(art, type("H", (), {"params_path": None})())
