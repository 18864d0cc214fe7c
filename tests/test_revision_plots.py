"""The labelled drawings of the exam answers (plots.revision): one per pyq.FIGURES key,
each labelled, inside its figure, readable in print, and saying what the maths says."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from lessons_lib import pyq
from lessons_lib.plots import revision

pytestmark = pytest.mark.usefixtures("warnings_are_errors")

SYMBOLS = ("J", "w", "b", "α", "∇J", "z", "a", "δ", "θ")


def _drawn(name):
    """The figure of ``name``, rendered once (so text sizes are known), and its Axes."""
    fig = revision.revision_figure(name)
    FigureCanvasAgg(fig).draw()
    return fig, fig.axes[0]


def _texts(fig):
    """Every visible, non-empty Text in the figure (titles, axis labels, notes, legends)
    but the tick labels (matplotlib keeps those of ticks outside the view, undrawn)."""
    ticks = {id(t) for ax in fig.findobj(Axes) for axis in (ax.xaxis, ax.yaxis)
             for t in axis.get_ticklabels(which="both")}
    return [t for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and id(t) not in ticks]


def test_one_drawing_per_figure_the_bank_can_name():
    assert list(revision.REVISION_FIGURES) == list(pyq.FIGURES)
    for name, fn in revision.REVISION_FIGURES.items():
        assert fn.__name__ == f"draw_{name}" and fn.__doc__


@pytest.mark.parametrize("name", list(pyq.FIGURES))
def test_each_drawing_is_labelled_inside_its_figure_and_leaks_nothing(name):
    before = plt.get_fignums()
    fig, ax = _drawn(name)
    assert isinstance(fig, Figure) and plt.get_fignums() == before
    assert tuple(fig.get_size_inches()) == revision.REVISION_SIZE
    assert ax.get_title(), "every drawing has a title"
    if ax.axison:
        assert ax.get_xlabel() and ax.get_ylabel(), "plots name both axes"
    else:  # a diagram: boxes and arrows, so its text must carry the labels
        assert len(ax.texts) >= 5
    texts = _texts(fig)
    words = " ".join(t.get_text() for t in texts)
    assert any(s in words for s in SYMBOLS), f"{name} uses none of the course's symbols"
    page = fig.bbox
    renderer = fig.canvas.get_renderer()
    for t in texts:
        assert t.get_fontsize() >= 7.5, f"{t.get_text()!r} is too small to read in print"
        box = t.get_window_extent(renderer)
        assert (box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1 and box.y0 >= page.y0 - 1
                and box.y1 <= page.y1 + 1), f"{t.get_text()!r} is cut off the figure"


@pytest.mark.parametrize("name", list(pyq.FIGURES))
def test_each_draw_function_returns_artists_on_the_axes_it_was_given(name):
    fig = Figure(figsize=revision.REVISION_SIZE)
    ax = fig.add_subplot()
    artists = revision.REVISION_FIGURES[name](ax)
    assert artists and all(a.figure is fig for a in artists)
    assert fig.axes[0] is ax  # drew there; any colour bar is an inset of it


def test_unknown_figure_name_is_a_clear_error():
    with pytest.raises(ValueError, match="no revision figure called 'contour'.*gd_contour"):
        revision.revision_figure("contour")


def _line(fig, label):
    (line,) = [ln for ax in fig.axes for ln in ax.lines if ln.get_label().startswith(label)]
    return np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)


def test_learning_rates_show_slow_good_and_diverging_runs():
    fig, _ = _drawn("learning_rates")
    _, slow = _line(fig, "α = 0.02")
    _, good = _line(fig, "α = 0.2")
    _, big = _line(fig, "α = 1.05")
    # J = |w|² on the bowl: one step multiplies J by (1 − 2α)²
    np.testing.assert_allclose(slow[1:] / slow[:-1], (1 - 2 * 0.02) ** 2)
    np.testing.assert_allclose(big[1:] / big[:-1], (1 - 2 * 1.05) ** 2)
    assert good[5] < 0.01 * good[0] < slow[5] and big[-1] > big[0]


def test_gd_kinds_noise_grows_as_the_batch_shrinks():
    fig, _ = _drawn("gd_kinds")

    def wander(label):  # path length over straight-line distance: 1 for a straight walk
        x, y = _line(fig, label)
        steps = np.hypot(np.diff(x), np.diff(y))
        return steps.sum() / np.hypot(x[-1] - x[0], y[-1] - y[0]), x.size

    batch, mini, sgd = wander("batch"), wander("mini-batch"), wander("stochastic")
    assert batch[1] == mini[1] == sgd[1] == 31  # 30 updates each
    assert batch[0] < 1.01 < mini[0] < sgd[0]


def test_momentum_ends_nearer_the_minimum_with_less_zig_zag():
    fig, _ = _drawn("momentum")
    gd, mom = _line(fig, "plain GD"), _line(fig, "momentum")
    flips = [np.sum(np.diff(np.sign(y)) != 0) for _, y in (gd, mom)]
    assert flips[1] < flips[0]
    assert np.hypot(mom[0][-1], mom[1][-1]) < np.hypot(gd[0][-1], gd[1][-1])


def test_sigmoid_derivative_peaks_at_a_quarter_at_zero():
    fig, _ = _drawn("sigmoid_derivative")
    z, d = _line(fig, "σ′(z)")
    assert d.max() == pytest.approx(0.25) and z[d.argmax()] == pytest.approx(0.0)
    z, a = _line(fig, "a = σ(z)")
    np.testing.assert_allclose(d, a * (1 - a))


def test_vanishing_sigmoid_gradient_fades_and_relu_does_not():
    _, ax = _drawn("vanishing")
    sig, relu = (np.asarray(ln.get_ydata(), float) for ln in ax.lines[:2])  # in that order
    assert sig.size == relu.size == 11
    assert sig[0] / sig[-1] < 1e-4 and relu[0] / relu[-1] > 0.1


def test_computational_graph_numbers_are_the_backward_pass():
    from lessons_lib.autograd import backward_steps, sigmoid_neuron, trace

    fig, ax = _drawn("computational_graph")
    J = sigmoid_neuron(x=1.5, w=0.5, b=-0.5, t=1.0)
    backward_steps(J)
    w = next(n for n in trace(J)[0] if n.label == "w")
    # by hand: (a − t) · a(1 − a) · x with a = σ(0.25)
    a = 1 / (1 + np.exp(-0.25))
    assert w.grad == pytest.approx((a - 1) * a * (1 - a) * 1.5)
    words = " ".join(t.get_text() for t in ax.texts)
    assert f"= {w.grad:.4f}".replace("-", "−") in words
