"""Notebook 01: the loss plots (plots.loss) and the line-fit dashboard (widgets.loss_fit);
the maths behind it is tested in test_linefit.py."""


import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure

from lessons_lib import losses, plots
from lessons_lib.linefit import LINE_LOSSES, best_fit, house_line, line_loss
from lessons_lib.widgets import FIT_LOSSES, INTERCEPT_VALUES, SLOPE_VALUES, line_fit_dashboard
from lessons_lib.widgets import loss_fit

from dashboard_checks import rebuild_from_call, sweep_every_control


pytestmark = pytest.mark.usefixtures("warnings_are_errors")  # conftest.py


@pytest.fixture
def ax():
    return Figure().add_subplot()


samples = st.lists(st.tuples(st.floats(-3, 3), st.floats(-50, 50)), min_size=3, max_size=12)


def xt_from(pairs):
    x, t = (np.array(v, dtype=float) for v in zip(*pairs))
    return x, t


# --- plots.loss --------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(samples, st.sampled_from(["mse", "mae", "huber", "half_sse"]))
def test_pointwise_losses_average_to_the_library_value(pairs, name):
    t, o = xt_from(pairs)
    each = plots.pointwise_loss(name, t, o)
    assert each.shape == t.shape
    assert np.mean(each) == pytest.approx(losses.get(name).value(t, o), rel=1e-12, abs=1e-12)


def test_pointwise_loss_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        plots.pointwise_loss("mse", [1.0, 2.0], [1.0])


def test_line_fit_draws_the_line_and_one_residual_per_sample_and_updates_in_place(ax):
    x, t = np.array([-1.0, 0.0, 2.0]), np.array([1.0, 5.0, 2.0])
    art = plots.line_fit(ax, x, t, 2.0, 3.0, x_span=(-2, 3))
    np.testing.assert_allclose(art.line.get_xydata(), [[-2, -1], [3, 9]])
    segs = art.residuals.get_segments()
    assert len(segs) == 3
    for (x0, y0), (x1, y1) in (s for s in segs):
        assert x0 == x1  # vertical
    np.testing.assert_allclose([s[0][1] for s in segs], t)            # from the sample t_i
    np.testing.assert_allclose([s[1][1] for s in segs], 2 * x + 3)    # to the line o_i
    children = len(ax.get_children())
    x4, t4 = np.append(x, 1.0), np.append(t, -4.0)
    plots.update_line_fit(art, x4, t4, -1.0, 0.5)
    assert len(ax.get_children()) == children
    assert len(art.residuals.get_segments()) == 4
    np.testing.assert_allclose(art.line.get_ydata(), [2.5, -2.5])
    np.testing.assert_allclose([s[1][1] for s in art.residuals.get_segments()], -x4 + 0.5)


def test_loss_contour_levels_star_and_colour_bar(ax):
    w, b = np.linspace(0, 4, 9), np.linspace(-1, 1, 5)
    J = (w[None, :] - 1) ** 2 + b[:, None] ** 2
    filled, lines, star, bar = plots.loss_contour(ax, w, b, J, minimum=(1.0, 0.0), label="J")
    assert filled.get_cmap().name == plots.SURFACE_CMAP
    assert filled.levels[0] <= J.min() and filled.levels[-1] >= J.max()
    np.testing.assert_array_equal(star.get_xydata(), [[1.0, 0.0]])
    assert bar.ax.get_ylabel() == "J" and ax.get_xlim() == (0, 4) and ax.get_ylim() == (-1, 1)
    with pytest.raises(ValueError, match="shape"):
        plots.loss_contour(ax, w, b, J.T)


def test_loss_point_label_stays_inside_the_axes(ax):
    ax.set(xlim=(0, 10), ylim=(0, 10))
    art = plots.loss_point(ax, 1.0, 1.0, 12.3456)
    assert art.label.get_text() == "J = 12.35" and art.label.get_ha() == "left"
    plots.update_loss_point(art, 9.5, 9.5, 0.5)
    assert art.label.get_text() == "J = 0.5"
    assert art.label.get_ha() == "right" and art.label.get_va() == "top"
    np.testing.assert_array_equal(art.dot.get_xydata(), [[9.5, 9.5]])


def test_loss_vs_error_draws_the_textbook_curves_and_slopes():
    fig = Figure()
    a1, a2 = fig.subplots(1, 2)
    e = np.linspace(-3, 3, 61)
    values = plots.loss_vs_error(a1, e)
    slopes = plots.loss_vs_error(a2, e, slope=True)
    np.testing.assert_allclose(values["mse"].get_ydata(), e ** 2, atol=1e-12)
    np.testing.assert_allclose(values["mae"].get_ydata(), np.abs(e), atol=1e-12)
    huber = np.where(np.abs(e) <= 1, 0.5 * e ** 2, np.abs(e) - 0.5)
    np.testing.assert_allclose(values["huber"].get_ydata(), huber, atol=1e-12)
    np.testing.assert_allclose(slopes["mse"].get_ydata(), 2 * e, atol=1e-12)
    np.testing.assert_allclose(slopes["mae"].get_ydata(), np.sign(e), atol=1e-12)
    np.testing.assert_allclose(slopes["huber"].get_ydata(), np.clip(e, -1, 1), atol=1e-12)
    # the slope curve is the derivative of the value curve (central differences)
    for name in ("mse", "huber"):
        v = values[name].get_ydata()
        np.testing.assert_allclose(np.gradient(v, e)[1:-1], slopes[name].get_ydata()[1:-1],
                                   atol=0.11)
    assert "error e = t − o" in a1.get_xlabel()


def test_bce_curves_are_minus_log_p_and_minus_log_one_minus_p(ax):
    p = np.linspace(0.01, 0.99, 99)
    lines = plots.bce_vs_probability(ax, p)
    np.testing.assert_allclose(lines["t=1"].get_ydata(), -np.log(p), rtol=1e-12)
    np.testing.assert_allclose(lines["t=0"].get_ydata(), -np.log1p(-p), rtol=1e-12)
    np.testing.assert_allclose(lines["mse t=1"].get_ydata(), (1 - p) ** 2, rtol=1e-12)
    assert "probability p" in ax.get_xlabel() and "loss" in ax.get_ylabel()
    assert any("2.30" in t.get_text() for t in ax.texts)
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        plots.bce_vs_probability(ax, [0.0, 0.5])


# --- the numbers behind the dashboard -----------------------------------------------------

def test_the_dashboard_names_every_loss_linefit_fits():
    assert tuple(FIT_LOSSES) == LINE_LOSSES


def test_best_fits_of_the_houses_agree_with_the_contour_grid():
    for name in FIT_LOSSES:
        for outlier in (False, True):
            w_values, b_values, J, (w, b) = loss_fit._landscape(name, outlier)
            d = house_line(outlier=outlier)
            assert line_loss(name, d.x, d.t, w, b) <= J.min() + 1e-9
            i, j = np.unravel_index(np.argmin(J), J.shape)
            step = w_values[1] - w_values[0]
            assert abs(w_values[j] - w) <= 1.5 * step and abs(b_values[i] - b) <= 1.5 * step


# --- the dashboard -----------------------------------------------------------------------

def test_every_control_over_its_range_and_the_line_that_rebuilds_the_view():
    d = line_fit_dashboard()
    sweep_every_control(d)
    rebuild_from_call(d)


def test_a_dashboard_started_elsewhere_rebuilds_after_changes_too():
    d = line_fit_dashboard(slope=38, intercept=97, loss="huber", outlier=True)
    rebuild_from_call(d)
    d.outlier.value, d.loss.value, d.slope.value = False, "mae", 60
    rebuild_from_call(d)


def test_readout_gives_the_formula_and_the_current_numbers():
    d = line_fit_dashboard(slope=20, intercept=70)
    clean = house_line()
    J = line_loss("mse", clean.x, clean.t, 20, 70)
    assert d.J == J
    assert "J = (1/N) Σ (tᵢ − oᵢ)²" in d.readout.value
    assert f"(1/20) × {J * 20:,.1f} = <b>{J:,.2f}</b>" in d.readout.value
    assert d.point.label.get_text() == f"J = {J:.4g}"
    w, b = best_fit("mse", clean.x, clean.t)
    assert f"w = {w:.2f}, b = {b:.2f}" in d.readout.value
    d.slope.value, d.intercept.value = round(w), round(b)
    assert "You are there" in d.readout.value
    d.loss.value = "mae"
    assert "|tᵢ − oᵢ|" in d.readout.value and "lakh ₹." in d.readout.value
    assert d.code.value == ('<code>line_fit_dashboard(slope=38, intercept=97, '
                            'loss=&quot;mae&quot;, outlier=False)</code>')


def test_the_outlier_adds_a_residual_and_the_readout_says_how_much_of_J_it_makes():
    d = line_fit_dashboard(slope=38, intercept=97)
    assert len(d.fit.residuals.get_segments()) == 20 and not d.outlier_dot.get_visible()
    d.outlier.value = True
    dirty = house_line(outlier=True)
    assert len(d.fit.residuals.get_segments()) == 21 and d.outlier_dot.get_visible()
    J = line_loss("mse", dirty.x, dirty.t, 38, 97)
    share = (dirty.t[-1] - (38 * dirty.x[-1] + 97)) ** 2 / 21 / J
    assert d.J == J and f"gives <b>{100 * share:.0f}%</b>" in d.readout.value
    assert share > 0.9  # one bad price is almost all of the MSE
    for name in ("mse", "mae"):  # the dashed best lines follow the data
        w, b = best_fit(name, dirty.x, dirty.t)
        line = d.best_lines[name]
        np.testing.assert_allclose(line.get_ydata(), w * line.get_xdata() + b)
    np.testing.assert_allclose(d.clean_star.get_xydata(),
                               [best_fit("mse", house_line().x, house_line().t)])


def test_each_contour_is_built_once_and_only_the_current_one_shows():
    d = line_fit_dashboard()
    for loss in FIT_LOSSES:
        for outlier in (True, False):
            d.loss.value, d.outlier.value = loss, outlier
    n_children, n_axes = len(d.ax_loss.get_children()), len(d.figure.axes)
    for loss in FIT_LOSSES:
        for outlier in (False, True):
            d.loss.value, d.outlier.value = loss, outlier
            shown = [key for key, arts in d._states.items() if arts[0].axes is d.ax_loss]
            assert shown == [(loss, outlier)]
            assert len(d.figure.axes) == 3  # data, loss, one colour bar
            assert d.figure.axes[2].get_ylabel().startswith("J (lakh ₹)")
            star = d._states[(loss, outlier)][2]
            dd = house_line(outlier=outlier)
            np.testing.assert_allclose(star.get_xydata(), [best_fit(loss, dd.x, dd.t)])
    assert len(d._states) == 6
    assert len(d.ax_loss.get_children()) == n_children and len(d.figure.axes) == n_axes


def canvas_pixels(d):
    return np.asarray(d.canvas.get_renderer().buffer_rgba()).copy()


def test_slider_moves_blit_and_a_revisited_loss_reuses_its_saved_picture():
    d = line_fit_dashboard()
    d.canvas.draw()  # what the browser asks for when the plot appears
    assert d.blitter.background is not None
    d.slope.value = 45  # a blit: the frame equals a full redraw of the new state
    blitted = canvas_pixels(d)
    d.canvas.draw()
    np.testing.assert_array_equal(canvas_pixels(d), blitted)

    d.loss.value = "mae"  # never drawn: needs one full draw
    assert d.blitter.background is None
    d.canvas.draw()
    d.loss.value = "mse"  # drawn before: its saved picture is reused, no full draw
    assert d.blitter.background is not None
    reused = canvas_pixels(d)
    d.canvas.draw()
    np.testing.assert_array_equal(canvas_pixels(d), reused)


@pytest.mark.parametrize(
    "kwargs, match",
    [({"slope": 200}, "slope must be between 0 and 80"),
     ({"intercept": 10}, "intercept must be between 55 and 135"),
     ({"slope": "steep"}, "slope must be a number"),
     ({"loss": "hinge"}, "loss must be one of 'mse', 'mae', 'huber'"),
     ({"outlier": "yes"}, "outlier must be True or False")],
)
def test_bad_arguments_are_clear_errors(kwargs, match):
    with pytest.raises(ValueError, match=match):
        line_fit_dashboard(**kwargs)


def test_sliders_offer_whole_numbers_and_no_figure_leaks():
    figures = plt.get_fignums()
    d = line_fit_dashboard(slope=20.4, intercept=70)
    assert d.slope.value == 20.0  # moved to the nearest stop
    assert [v for _, v in d.slope.options] == SLOPE_VALUES
    assert [v for _, v in d.intercept.options] == INTERCEPT_VALUES
    assert d.canvas in d.children
    d.close()
    assert plt.get_fignums() == figures


def test_the_figure_fits_jupyterlabs_output_area_with_its_legends_inside():
    # About 840 px of output area in a 1280 px window; an ipympl canvas is never scaled.
    d = line_fit_dashboard()
    assert d.figure.bbox.width <= 830.5  # 8.3 in at dpi 100
    for outlier in (False, True):
        d.outlier.value = outlier
        d.canvas.draw()
        renderer, box = d.canvas.get_renderer(), d.figure.bbox
        for ax in d.figure.axes:
            if ax.get_legend() is not None:
                e = ax.get_legend().get_window_extent(renderer)
                assert box.x0 <= e.x0 and e.x1 <= box.x1 and box.y0 <= e.y0 and e.y1 <= box.y1
