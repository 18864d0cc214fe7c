"""The gradient-descent dashboard, driven in process: every slider across its range."""


import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessons_lib import optimizers, surfaces, widgets
from lessons_lib.optimizers import descend
from lessons_lib.widgets import gradient_descent_dashboard

from dashboard_checks import rebuild_from_call, sweep_every_control


pytestmark = pytest.mark.usefixtures("warnings_are_errors")  # conftest.py


def path_data(d):
    return np.column_stack(d.artists.line.get_data())


def sweep(slider, values):
    """Values from the slider's minimum to its maximum, with its default between."""
    options = [v for _, v in slider.options] if hasattr(slider, "options") else None
    return [options[0] if options else slider.min, *values,
            options[-1] if options else slider.max]


@pytest.mark.parametrize("surface", ["bowl", "ravine"])
def test_every_slider_value_moves_the_path_and_only_the_path(surface):
    d = gradient_descent_dashboard(surface=surface)
    d.canvas.draw()
    children = list(d.ax.get_children())
    figures = plt.get_fignums()

    lr_values = sweep(d.lr, [0.003, 0.01, 0.05, 0.1, 0.15, 0.3, 0.6, 0.99, 1.3])
    assert all(v in widgets.LR_VALUES for v in lr_values)
    assert lr_values[0] == pytest.approx(1e-3) and lr_values[-1] == pytest.approx(2.0)
    for slider, values in [(d.lr, lr_values), (d.steps, sweep(d.steps, [5, 30, 77]))]:
        d.lr.value = 0.1  # a converging α, so that every number of steps draws a new path
        for v in values:
            before = path_data(d)
            slider.value = v
            after = path_data(d)
            assert not np.array_equal(before, after), f"{slider.description}={v} left the path"
            np.testing.assert_array_equal(after, d.path)
            d.canvas.draw()  # a real render at every setting: no exception, no warning
        assert d.ax.get_children() == children  # the contour was not redrawn or duplicated
    assert plt.get_fignums() == figures


@pytest.mark.parametrize("surface, optimizer", [("bowl", "gd"), ("ravine", "adam")])
def test_every_control_over_its_range_and_the_line_that_rebuilds_the_view(surface, optimizer):
    d = gradient_descent_dashboard(surface=surface, optimizer=optimizer)
    sweep_every_control(d)
    rebuild_from_call(d)


@pytest.mark.parametrize("surface", sorted(surfaces.SURFACES))
@pytest.mark.parametrize("optimizer", sorted(optimizers.OPTIMIZERS))
def test_every_surface_and_optimizer_draws_that_descent(surface, optimizer):
    d = gradient_descent_dashboard(surface="ravine", lr=0.01, optimizer="gd", steps=20)
    d.surface_menu.value, d.optimizer.value = surface, optimizer
    s = surfaces.get(surface)
    expected = descend(s.grad, s.start, optimizers.get(optimizer, 0.01), 20)
    np.testing.assert_array_equal(path_data(d), expected)
    np.testing.assert_array_equal(d.path, expected)
    assert s.formula in d.ax.get_title()
    assert d.figure.axes == [d.ax]  # only this surface's Axes (its colour bar is inside)
    legend = [t.get_text() for t in d.ax.get_legend().get_texts()]
    assert legend[:3] == ["gradient descent path", "start θ₀", "minimum"]
    assert d.call() == (f'gradient_descent_dashboard(surface="{surface}", lr=0.01, '
                        f'optimizer="{optimizer}", steps=20)')
    rebuild_from_call(d)


def test_a_surface_is_built_once_and_a_revisit_blits_the_same_picture():
    d = gradient_descent_dashboard(surface="bowl")
    d.canvas.draw()
    d.surface_menu.value = "saddle"  # first visit: a new contour, so a full draw
    assert d.blitter.background is None
    d.canvas.draw()
    saddle_ax = d.ax
    d.surface_menu.value = "bowl"  # revisit: its saved picture, and a blit
    assert d.blitter.background is not None
    blitted = canvas_pixels(d)
    d.canvas.draw()
    np.testing.assert_array_equal(canvas_pixels(d), blitted)
    d.surface_menu.value = "saddle"
    assert d.ax is saddle_ax and d.figure.axes == [saddle_ax]
    assert len(d.views.views) == 2


def test_too_large_a_learning_rate_says_diverged_on_the_plot():
    d = gradient_descent_dashboard(surface="bowl")
    assert not d.artists.note.get_visible() and "Diverged" not in d.readout.value
    d.lr.value = 2.0
    assert d.artists.note.get_visible()
    assert d.path.diverged_at == 12
    assert d.artists.note.get_text() == "GD, α = 2: diverged at step 12 of 30"
    d.steps.value = 40  # the path is the same, the note says more steps were asked for
    assert d.artists.note.get_text() == "GD, α = 2: diverged at step 12 of 40"
    assert "Diverged at step 12" in d.readout.value
    d.optimizer.value = "nesterov"
    assert d.artists.note.get_text() == "Nesterov, α = 2: diverged at step 8 of 40"
    assert "Diverged at step 8" in d.readout.value and "for Nesterov" in d.readout.value
    d.lr.value = 0.1
    assert not d.artists.note.get_visible()


def test_readout_and_reproducing_line_follow_the_sliders():
    d = gradient_descent_dashboard(surface="ravine", lr=0.05, steps=10)
    assert "GD, after 10 steps" in d.readout.value
    d.lr.value, d.steps.value = 0.35, 40
    assert "Diverged" in d.readout.value  # 0.35 > 2/10 on the ravine
    d.optimizer.value = "momentum"
    assert d.code.value == (
        "<code>gradient_descent_dashboard(surface=&quot;ravine&quot;, lr=0.35, "
        "optimizer=&quot;momentum&quot;, steps=40)</code>")


def test_an_overshooting_but_bounded_walk_is_explained():
    d = gradient_descent_dashboard(surface="bowl", lr=1.2, steps=5)  # θ ← −1.4 θ
    assert not d.path.diverged
    assert "went <b>up</b>" in d.readout.value
    d.lr.value = 1.0  # θ ← −θ: bounces between two points of equal height
    assert "did not go down" in d.readout.value and "up" not in d.readout.value
    d.lr.value = 0.1
    assert "did not go down" not in d.readout.value and "up" not in d.readout.value


def test_defaults_and_log_scale():
    d = gradient_descent_dashboard()
    assert d.lr.value == 0.1
    values = [v for _, v in d.lr.options]
    assert values == widgets.LR_VALUES and (values[0], values[-1]) == (0.001, 2.0)
    # log-spaced: about as many stops per decade in 0.001…0.01 as in 0.1…1
    assert abs(sum(v < 0.01 for v in values) - sum(0.1 <= v < 1 for v in values)) <= 2
    assert {0.19, 0.2, 0.21} <= set(values)  # fine enough to find the ravine's limit
    assert d.steps.value == 30 and isinstance(d.canvas, widgets.base.Canvas)
    assert d.optimizer.value == "gd" and d.surface_menu.value == "bowl"
    assert list(d.surface_menu.options) == list(surfaces.SURFACES)
    assert [v for _, v in d.optimizer.options] == list(optimizers.OPTIMIZERS)
    assert d.canvas in d.children


@pytest.mark.parametrize(
    "kwargs, match",
    [({"lr": 5.0}, "lr must be between"), ({"lr": -1.0}, "lr must be between"),
     ({"lr": "fast"}, "lr must be a number"),
     ({"steps": 0}, "steps must be"), ({"steps": 2.5}, "steps must be"),
     ({"steps": True}, "steps must be"),
     ({"surface": "moon"}, "unknown surface"),
     ({"optimizer": "sgd2"}, "unknown optimizer 'sgd2'"), ({"optimizer": 3}, "unknown optimizer")],
)
def test_bad_arguments_are_clear_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        gradient_descent_dashboard(**kwargs)


def test_a_failing_callback_shows_on_the_dashboard(monkeypatch):
    d = gradient_descent_dashboard()

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(widgets.descent, "descend", broken)
    with pytest.raises(RuntimeError, match="boom"):
        d.lr.value = 0.2
    assert "lessons-error" in d.error.value and "boom" in d.error.value


@pytest.mark.parametrize(
    "setup, expected",
    [("import matplotlib; matplotlib.use('agg')", "agg"),
     ("import matplotlib; matplotlib.use('module://matplotlib_inline.backend_inline')",
      "module://matplotlib_inline.backend_inline"),
     # No backend chosen yet: it resolves as matplotlib would on its own (agg, headless).
     ("import matplotlib.pyplot as plt", "agg")],
)
def test_importing_widgets_keeps_the_students_backend(setup, expected):
    # ipympl switches the backend on import; the widgets module must put it back, or every
    # static figure in a notebook would silently become a live widget.
    import subprocess
    import sys

    code = (f"{setup}\nimport matplotlib\nimport lessons_lib.widgets\n"
            "print(matplotlib.get_backend(auto_select=False))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={"PATH": "", "MPLBACKEND": ""})
    assert out.stdout.strip() == str(expected)


def canvas_pixels(d):
    return np.asarray(d.canvas.get_renderer().buffer_rgba()).copy()


def test_after_the_first_full_draw_a_slider_change_blits_the_new_path():
    d = gradient_descent_dashboard(surface="ravine")
    assert d.blitter.background is None  # nothing drawn yet: updates ask for a full draw
    d.canvas.draw()  # what the browser asks for when the plot appears
    assert d.blitter.background is not None
    frame = canvas_pixels(d)
    d.lr.value = 0.05  # no full draw from here on: only the blit
    moved = canvas_pixels(d)
    assert not np.array_equal(frame, moved)
    # The blitted frame is exactly what a full redraw of the new state shows.
    d.canvas.draw()
    np.testing.assert_array_equal(canvas_pixels(d), moved)


def test_saved_figure_includes_the_moving_path(tmp_path):
    d = gradient_descent_dashboard(surface="bowl", lr=0.1)
    d.figure.savefig(tmp_path / "a.png")
    d.lr.value = 0.02
    d.figure.savefig(tmp_path / "b.png")
    import matplotlib.image as mpimg

    a, b = mpimg.imread(tmp_path / "a.png"), mpimg.imread(tmp_path / "b.png")
    assert a.shape == b.shape and not np.array_equal(a, b)


def test_each_thread_draws_with_its_own_renderer():
    # JupyterLab sends widget messages to a kernel subshell (another thread): a renderer
    # holds parsed maths text with its thread's fonts, and must never serve two threads.
    import threading

    d = gradient_descent_dashboard(surface="bowl")
    d.ax.set_xlabel("$\\theta_1$ (maths text)")
    d.canvas.draw()
    main = d.canvas.get_renderer()
    assert d.canvas.get_renderer() is main
    seen, errors = [], []

    def draw_elsewhere():
        try:
            d.canvas.draw()
            seen.append(d.canvas.get_renderer())
        except Exception as exc:  # pragma: no cover - shown by the assert below
            errors.append(exc)

    t = threading.Thread(target=draw_elsewhere)
    t.start()
    t.join()
    assert not errors and seen[0] is not main
    d.lr.value = 0.2  # back in this thread: a fresh renderer again, and the blit still works
    assert d.canvas.get_renderer() is not seen[0]


def test_a_view_blitter_switching_back_blits_exactly_what_a_full_redraw_shows():
    # Two views on one Axes (two pictures, swapped in and out) and a line that moves: after
    # each view has been drawn once, switching back to it is a blit of its saved background.
    from lessons_lib.widgets.base import ViewBlitter, freeze_layout, live_figure

    fig, canvas = live_figure(4.0, 3.0)
    ax = fig.add_subplot()
    yy, xx = np.mgrid[0:40, 0:60]
    pictures = {"a": ax.imshow(np.sin(xx / 5.0) * np.cos(yy / 7.0), cmap="viridis"),
                "b": ax.imshow(xx * yy, cmap="magma")}
    pictures["b"].remove()
    (line,) = ax.plot([0, 59], [0, 39], color="red", linewidth=3)
    ax.set_title("view a")
    freeze_layout(fig)
    blitter = ViewBlitter(canvas, [line], "a")
    assert line.get_animated()

    def pixels():
        return np.asarray(canvas.get_renderer().buffer_rgba()).copy()

    def show(view):
        for name, picture in pictures.items():
            if name == view and picture.axes is None:
                ax.add_image(picture)
            elif name != view and picture.axes is not None:
                picture.remove()
        ax.set_title(f"view {view}")
        return blitter.switch(view)

    canvas.draw()  # the browser's first full draw: view a's background is saved
    assert set(blitter.saved) == {"a"}
    assert show("b") is True and blitter.background is None  # never drawn: a full draw
    canvas.draw()
    frame_b = pixels()
    assert set(blitter.saved) == {"a", "b"}

    line.set_data([0, 59], [39, 0])
    assert show("a") is False  # drawn before: its background, no full draw
    blitter.update()
    blitted = pixels()
    assert not np.array_equal(blitted, frame_b)
    canvas.draw()  # a full redraw of the same state
    np.testing.assert_array_equal(pixels(), blitted)

    # A layout pass clears the canvas and sends a draw event: it must not become a view.
    saved_a = blitter.saved["a"]
    with blitter.ignoring_draws():
        fig.draw_without_rendering()
    assert blitter.saved["a"] is saved_a
    # New moving artists for a view; a resized figure draws in full again.
    (dot,) = ax.plot([30], [20], "o")
    assert show("b") is False and blitter.artists == [line]
    blitter.switch("b", [dot])
    assert blitter.artists == [dot] and dot.get_animated()
    fig.set_size_inches(5.0, 3.0)
    assert blitter.switch("a") is True
    canvas.close()
