"""Notebook 02's other dashboards: the optimizer race and the three kinds of gradient
descent (batch, stochastic, mini-batch); and the frames every dashboard's canvas sends to
the browser. The line-fit maths is tested in test_linefit.py."""

import hashlib

import numpy as np
import pytest

from lessons_lib import optimizers, surfaces, widgets
from lessons_lib.linefit import HOUSE_START, fit_line, house_line
from lessons_lib.optimizers import descend
from lessons_lib.widgets import batch_size_dashboard, optimizer_race_dashboard

from dashboard_checks import rebuild_from_call, sweep_every_control


pytestmark = pytest.mark.usefixtures("warnings_are_errors")  # conftest.py


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
    houses = house_line(100, standard_price=True)
    fit = fit_line(houses.x, houses.t, HOUSE_START, 0.05, 10, B)
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


def legends_outside_the_figure(figure):
    """The legends of ``figure`` that stick out of it (in pixels, after a draw)."""
    renderer, box = figure.canvas.get_renderer(), figure.bbox
    out = []
    for ax in figure.axes:
        legend = ax.get_legend()
        if legend is not None:
            e = legend.get_window_extent(renderer)
            if e.x0 < box.x0 or e.y0 < box.y0 or e.x1 > box.x1 or e.y1 > box.y1:
                out.append(legend)
    return out


@pytest.mark.parametrize("build", [batch_size_dashboard, optimizer_race_dashboard])
def test_the_figure_fits_jupyterlabs_output_area_with_its_legends_inside(build):
    # JupyterLab's output area is about 840 px wide in a 1280 px window; an ipympl canvas
    # is not scaled down, so a wider figure is cut off on the right.
    d = build()
    d.canvas.draw()
    assert d.figure.bbox.width <= 830.5  # 8.3 in at dpi 100
    assert legends_outside_the_figure(d.figure) == []


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


# --- what the browser receives ----------------------------------------------------------------

def browser_compose(screen, png: bytes, mode: str):
    """What ipympl's frontend does with one PNG frame: "full" replaces the picture, "diff"
    is drawn over it at the top-left corner (transparent pixels leave the old ones)."""
    import io

    from PIL import Image

    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))
    if mode == "full":
        return image.copy()
    h, w = image.shape[:2]
    screen = screen.copy()
    patch = screen[:h, :w]
    opaque = image[:, :, 3] == 255
    assert np.all((image[:, :, 3] == 0) | opaque), "a diff pixel is half transparent"
    patch[opaque] = image[opaque]
    return screen


def extreme_values(control):
    """The last option (or the maximum) of a control, then its first value again."""
    options = getattr(control, "options", None)
    if options:
        last = options[-1]
        return [last[1] if isinstance(last, tuple) else last, control.value]
    return [control.max, control.value]


@pytest.mark.parametrize("build", [optimizer_race_dashboard, widgets.gradient_descent_dashboard,
                                   widgets.training_dashboard])
def test_the_frames_sent_to_the_browser_rebuild_the_kernels_picture(build):
    # The canvas encodes its own (cheaper) PNGs: whole frames without alpha (kept, and sent
    # again when the same picture comes back), diffs cut to the last changed row and
    # column. Composed as the browser does, they must give exactly the kernel's picture
    # after every change, blit or full draw, and going back to a surface reuses its PNG.
    d = build()
    canvas, sent = d.canvas, []
    canvas._handle_message(canvas, {"type": "initialized"}, [])  # the browser is ready
    canvas.send_binary = lambda data: sent.append((canvas._current_image_mode, data))
    canvas.draw()
    assert [mode for mode, _ in sent] == ["full"]
    screen = None
    for name, control in d.controls.items():
        for value in extreme_values(control):
            control.value = value
            d.settle()
            canvas.draw()  # the full draw the browser asks for after a draw_idle
            canvas.blit()  # and a frame that changes nothing: an empty diff
            for mode, data in sent:
                screen = browser_compose(screen, data, mode)
            sent.clear()
            kernel = np.asarray(canvas.get_renderer().buffer_rgba())
            np.testing.assert_array_equal(screen, kernel, err_msg=f"{name}={value!r}")
    if "surface" in d.controls:  # there and back: the same picture, sent from the saved PNG
        saved = dict(canvas._saved_frames)
        for value in extreme_values(d.controls["surface"]):
            d.controls["surface"].value = value  # a blit over the saved background
        assert sent[-1] == ("full", saved[hashlib.sha256(
            np.asarray(canvas.get_renderer().buffer_rgba())).digest()])
        for mode, data in sent:
            screen = browser_compose(screen, data, mode)
        np.testing.assert_array_equal(screen, np.asarray(canvas.get_renderer().buffer_rgba()))
    d.close()
