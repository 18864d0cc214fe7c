"""Notebook 02's other dashboards: the optimizer race and the three kinds of gradient
descent (batch, stochastic, mini-batch), and the maths they rely on."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib import nn, optimizers, surfaces, training, widgets
from lessons_lib.gradcheck import numerical_gradient
from lessons_lib.optimizers import GD, descend
from lessons_lib.widgets import (batch_kind, batch_size_dashboard, fit_line,
                                 house_price_line_data, optimizer_race_dashboard,
                                 regression_surface)

from dashboard_checks import rebuild_from_call, sweep_every_control


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# --- the line fit: the same numbers as training.train --------------------------------

def train_line(x, y, theta0, lr, epochs, B, seed):
    model = nn.MLP.from_params([np.array([[theta0[0]]])], [np.array([theta0[1]])], "linear")
    return training.train(model, x[:, None], y[:, None], loss="mse", optimizer=GD(lr),
                          epochs=epochs, batch_size=B, seed=seed)


def assert_same_run(fit, h):
    assert fit.diverged_at == h.diverged_at
    assert (fit.batch_size, fit.updates_per_epoch, fit.n_samples) == (
        h.batch_size, h.updates_per_epoch, h.n_samples)
    assert fit.n_updates == h.n_updates and fit.epochs_done == h.epochs_done
    np.testing.assert_allclose(fit.update_losses, h.update_losses, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fit.epoch_losses, h.epoch_losses, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(fit.params_path, h.params_path, rtol=1e-9, atol=1e-12)
    if math.isfinite(h.final_loss):
        assert fit.final_loss == pytest.approx(h.final_loss, rel=1e-9, abs=1e-12)
    else:
        assert fit.final_loss == h.final_loss


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 13), data_seed=st.integers(0, 10**6), seed=st.integers(0, 50),
       lr=st.floats(1e-3, 3.0), epochs=st.integers(1, 4), scale=st.sampled_from([1.0, 1e3]),
       b_frac=st.floats(0.0, 1.0))
def test_fit_line_makes_the_updates_training_train_makes(n, data_seed, seed, lr, epochs,
                                                         scale, b_frac):
    rng = np.random.default_rng(data_seed)
    x, y = scale * rng.normal(size=n), scale * rng.normal(size=n)
    theta0 = rng.normal(size=2)
    B = 1 + int(b_frac * (n - 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit = fit_line(x, y, theta0, lr, epochs, B, seed=seed)
    assert_same_run(fit, train_line(x, y, theta0, lr, epochs, B, seed))


@pytest.mark.parametrize("B", [1, 2, 8, 33, 100])
def test_fit_line_on_the_house_prices_matches_training_train(B):
    x, y = house_price_line_data()
    fit = fit_line(x, y, (-1.0, 1.5), 0.05, 3, B)
    assert_same_run(fit, train_line(x, y, (-1.0, 1.5), 0.05, 3, B, 0))
    assert fit.updates_per_epoch == math.ceil(100 / B) and fit.n_updates == 3 * math.ceil(100 / B)


def test_a_huge_step_is_reported_as_a_divergence_as_train_does():
    x, y = house_price_line_data()
    fit = fit_line(x, y, (-1.0, 1.5), 2.0, 30, 100)  # θ − w* multiplied by −3 every epoch
    h = train_line(x, y, (-1.0, 1.5), 2.0, 30, 100, 0)
    assert fit.diverged and fit.diverged_at == h.diverged_at
    assert_same_run(fit, h)


def test_batch_gradient_descent_on_a_line_is_the_closed_form_contraction():
    # Standardised x: J = (w − r)² + b² + 1 − r², so each batch step shrinks θ − θ* by 1 − 2α.
    x, y = house_price_line_data()
    r = float(np.mean(x * y))
    fit = fit_line(x, y, (-1.0, 1.5), 0.1, 5, 100)
    expected = np.array([r, 0.0]) + np.outer(0.8 ** np.arange(6), [-1.0 - r, 1.5])
    np.testing.assert_allclose(fit.params_path, expected, atol=1e-12)


@pytest.mark.parametrize("kwargs, match", [
    ({"batch_size": 0}, "batch size B must be"), ({"batch_size": 101}, "batch size B must be"),
    ({"batch_size": 2.0}, "batch size B must be"), ({"epochs": 0}, "epochs must be"),
    ({"lr": 0.0}, "learning rate"), ({"lr": "big"}, "learning rate")])
def test_fit_line_bad_arguments(kwargs, match):
    x, y = house_price_line_data()
    args = {"lr": 0.1, "epochs": 1, "batch_size": 10, **kwargs}
    with pytest.raises(ValueError, match=match):
        fit_line(x, y, (0.0, 0.0), **args)


# --- the regression surface ------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(w=st.floats(-5, 5), b=st.floats(-5, 5), data_seed=st.integers(0, 1000),
       n=st.integers(2, 30))
def test_regression_surface_is_the_mse_of_the_line_and_its_gradient(w, b, data_seed, n):
    rng = np.random.default_rng(data_seed)
    x, y = rng.normal(size=n) * 3 + 1, rng.normal(size=n) - 2
    s = regression_surface(x, y, start=(0.0, 0.0))
    model = nn.MLP.from_params([np.array([[w]])], [np.array([b])], "linear")
    J, gW, gb = model.loss_and_grads(x[:, None], y[:, None], "mse")
    assert float(s.value([w, b])) == pytest.approx(J, rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(s.grad([w, b]), [gW[0][0, 0], gb[0][0]], rtol=1e-9, atol=1e-9)
    fd = numerical_gradient(lambda t: float(s.value(t)), [w, b])
    np.testing.assert_allclose(s.grad([w, b]), fd, rtol=1e-5, atol=1e-5)


def test_regression_surface_minimum_is_least_squares_and_the_window_frames_it():
    x, y = house_price_line_data()
    s = regression_surface(x, y)
    slope, intercept = np.polyfit(x, y, 1)
    np.testing.assert_allclose(s.minima[0], [slope, intercept], atol=1e-12)
    np.testing.assert_allclose(s.grad(s.minima[0]), [0.0, 0.0], atol=1e-12)
    assert s.xlim[0] < s.start[0] < s.xlim[1] and s.ylim[0] < s.start[1] < s.ylim[1]
    with pytest.raises(ValueError, match="must not be constant"):
        regression_surface(np.ones(5), np.arange(5.0))
    with pytest.raises(ValueError, match="same length"):
        regression_surface(np.ones(5), np.ones(4))


def test_batch_kind_names_the_three_kinds():
    assert batch_kind(1, 100) == "stochastic gradient descent, SGD"
    assert batch_kind(100, 100) == "batch gradient descent"
    assert batch_kind(8, 100) == "mini-batch gradient descent"


# --- the batch-size dashboard ---------------------------------------------------------------

def test_batch_size_dashboard_controls_and_the_line_that_rebuilds_it():
    d = batch_size_dashboard()
    sweep_every_control(d)
    rebuild_from_call(d)


@pytest.mark.parametrize("B, per, kind", [(1, 100, "stochastic gradient descent, SGD"),
                                          (8, 13, "mini-batch gradient descent"),
                                          (10, 10, "mini-batch gradient descent"),
                                          (100, 1, "batch gradient descent")])
def test_readout_says_updates_per_epoch_and_the_kind(B, per, kind):
    d = batch_size_dashboard(batch_size=B, lr=0.05, epochs=10)
    s = "s" if per > 1 else ""
    assert f"B = {B}: {per} update{s} per epoch ({kind})" in d.readout.value
    x, y = house_price_line_data()
    fit = fit_line(x, y, (-1.0, 1.5), 0.05, 10, B)
    w, b = fit.params_path[-1]
    assert f"({10 * per} update" in d.readout.value
    assert f"w = {w:.3f}, b = {b:.3f}, J = {fit.final_loss:.4g}" in d.readout.value
    np.testing.assert_array_equal(np.column_stack(d.path.path.line.get_data()), fit.params_path)


def test_the_buttons_reach_sgd_and_batch():
    d = batch_size_dashboard()
    sgd, mini, batch = d.jumps.children
    sgd.click()
    assert d.batch_size.value == 1 and "stochastic" in d.readout.value
    batch.click()
    assert d.batch_size.value == 100 and "(batch gradient descent)" in d.readout.value
    mini.click()
    assert d.batch_size.value == 10 and "mini-batch" in d.readout.value
    assert (d.batch_size.min, d.batch_size.max) == (1, 100)


def test_loss_curves_sit_on_an_epoch_axis():
    d = batch_size_dashboard(batch_size=100, lr=0.1, epochs=5)
    ux, uy = d.curve.updates.get_data()
    ex, ey = d.curve.epochs.get_data()
    # Batch GD: update t is measured on all N at θ_{t−1}, the epoch-(t−1) point.
    np.testing.assert_allclose(ux, np.arange(5)) and np.testing.assert_allclose(ex, np.arange(6))
    np.testing.assert_allclose(uy, ey[:-1], rtol=1e-12)
    d.batch_size.value = 4  # 25 updates per epoch, same 5 epochs on the axis
    ux, _ = d.curve.updates.get_data()
    np.testing.assert_allclose(ux, np.arange(125) / 25)
    assert d.ax_loss.get_xlim() == (0, 5)
    assert d.call() == "batch_size_dashboard(epochs=5, batch_size=4, lr=0.1)"


def test_divergence_is_shown_as_a_message_not_a_blank_plot():
    d = batch_size_dashboard(batch_size=100, lr=2.0, epochs=30)
    fit = d.fit
    assert fit.diverged
    assert d.path.path.note.get_visible()
    assert d.path.path.note.get_text() == f"diverged at update {fit.diverged_at}"
    assert d.curve.note.get_text() == f"diverged at update {fit.diverged_at}"
    assert f"Diverged at update {fit.diverged_at}" in d.readout.value
    d.lr.value = 0.05
    assert not d.path.path.note.get_visible() and "Diverged" not in d.readout.value


def test_overshooting_without_blowing_up_is_explained():
    d = batch_size_dashboard(batch_size=100, lr=1.2, epochs=10)  # factor 1 − 2α = −1.4
    assert not d.fit.diverged and "J went <b>up</b>" in d.readout.value


@pytest.mark.parametrize("kwargs, match", [
    ({"batch_size": 0}, "batch_size must be"), ({"batch_size": 101}, "batch_size must be"),
    ({"batch_size": 1.5}, "batch_size must be"), ({"epochs": 31}, "epochs must be"),
    ({"lr": 9.0}, "lr must be between"), ({"lr": "slow"}, "lr must be a number")])
def test_batch_size_dashboard_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        batch_size_dashboard(**kwargs)


def test_batch_size_slider_blits_after_the_first_draw():
    d = batch_size_dashboard()
    d.canvas.draw()
    frame = np.asarray(d.canvas.get_renderer().buffer_rgba()).copy()
    d.batch_size.value = 1
    moved = np.asarray(d.canvas.get_renderer().buffer_rgba()).copy()
    assert not np.array_equal(frame, moved)
    d.canvas.draw()
    np.testing.assert_array_equal(np.asarray(d.canvas.get_renderer().buffer_rgba()), moved)


# --- the optimizer race ---------------------------------------------------------------------

def test_race_controls_and_the_line_that_rebuilds_it():
    d = optimizer_race_dashboard()
    sweep_every_control(d)
    rebuild_from_call(d)


@pytest.mark.parametrize("surface, lr, steps", [("ravine", 0.02, 50), ("ravine", 0.3, 50),
                                                ("rosenbrock", 0.01, 40), ("bowl", 0.1, 10)])
def test_race_shows_each_optimizers_final_j_or_its_divergence(surface, lr, steps):
    d = optimizer_race_dashboard(surface=surface, lr=lr, steps=steps)
    s = surfaces.get(surface)
    gone = []
    for name in optimizers.OPTIMIZERS:
        path = descend(s.grad, s.start, optimizers.get(name, lr), steps)
        np.testing.assert_array_equal(np.column_stack(d.race.lines[name].get_data()), path)
        np.testing.assert_array_equal(np.column_stack(d.race.ends[name].get_data()), path[-1:])
        label = widgets.OPTIMIZER_LABELS[name]
        if path.diverged:
            gone.append(f"{label} at step {path.diverged_at}")
            assert f"{label}: <b>diverged at step {path.diverged_at}</b>" in d.readout.value
        else:
            assert f"{label}: J = {float(s.value(path[-1])):.4g}" in d.readout.value
    note = d.race.note
    assert note.get_visible() == bool(gone)
    assert note.get_text() == ("diverged: " + ", ".join(gone) if gone else "")
    legend = [t.get_text() for t in d.ax.get_legend().get_texts()]
    assert legend == [*widgets.OPTIMIZER_LABELS.values(), "start θ₀", "minimum"]


def test_race_on_the_ravine_tells_the_story_of_the_notebook():
    d = optimizer_race_dashboard(surface="ravine", lr=0.02, steps=50)
    assert "Lowest J: <b>Nesterov</b>" in d.readout.value
    d.lr.value = 0.3  # plain GD and Nesterov overshoot the steep direction and blow up
    assert "GD: <b>diverged at step 20</b>" in d.readout.value
    assert "Nesterov: <b>diverged at step 10</b>" in d.readout.value


@pytest.mark.parametrize("kwargs, match", [
    ({"surface": "moon"}, "unknown surface"), ({"lr": 0.0}, "lr must be between"),
    ({"steps": 0}, "steps must be"), ({"steps": 101}, "steps must be")])
def test_race_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        optimizer_race_dashboard(**kwargs)
