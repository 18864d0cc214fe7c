"""The training-loop dashboard and the decision-boundary plot (notebook 05).

The dashboard trains live in an asyncio task when an event loop runs (as in the kernel);
here that is checked inside ``asyncio.run``: the loop stays free between chunks, a
control change during a run restarts it, Stop halts it, and the result is the same as
the synchronous one.
"""

import asyncio

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from lessons_lib import plots, training  # noqa: E402
from lessons_lib.nn import MLP  # noqa: E402
from lessons_lib.optimizers import GD  # noqa: E402
from lessons_lib.widgets import (BATCH_SIZES, DIVERGE_FACTOR, load_dataset,  # noqa: E402
                                 training_dashboard)

from lessons_lib.widgets.training_loop import N_SAMPLES  # noqa: E402

from dashboard_checks import (NAN_SHOWN, plot_state, rebuild_from_call,  # noqa: E402
                              sweep_every_control, visible_text)


pytestmark = pytest.mark.usefixtures("warnings_are_errors")  # conftest.py


def small():
    """A quick dashboard for the control sweeps (every control still covers its range)."""
    return training_dashboard(dataset="xor", lr=1.0, batch_size=20, hidden=4, epochs=20)


# --- the plot ------------------------------------------------------------------------

def test_boundary_of_a_known_model_is_where_its_output_is_one_half():
    # a = σ(2·x₁ − 1): the boundary is the vertical line x₁ = 0.5.
    model = MLP.from_params([np.array([[2.0, 0.0]])], [np.array([-1.0])], "sigmoid")
    X = np.array([[-1.0, -1.0], [1.0, 1.0], [0.0, 1.0]])
    ax = Figure().add_subplot()
    art = plots.decision_boundary(ax, model, X, [0, 1, 0], extent=(-2, 2, -1, 1), n=41)
    segments = art.boundary.get_segments()
    assert len(segments) == 1
    np.testing.assert_allclose(segments[0][:, 0], 0.5, atol=1e-12)
    assert segments[0][:, 1].min() == pytest.approx(-1) and segments[0][:, 1].max() == 1
    image = art.image.get_array()
    expected = 1 / (1 + np.exp(-(2 * art.gx - 1)))
    np.testing.assert_allclose(image[0], expected, rtol=1e-12)
    np.testing.assert_array_equal(art.class0.get_xydata(), X[[0, 2]])
    np.testing.assert_array_equal(art.class1.get_xydata(), X[[1]])

    # update in place: the same artists, the new model's boundary x₁ = −0.25
    children = list(ax.get_children())
    other = MLP.from_params([np.array([[4.0, 0.0]])], [np.array([1.0])], "sigmoid")
    plots.update_decision_boundary(art, other)
    assert list(ax.get_children()) == children
    np.testing.assert_allclose(art.boundary.get_segments()[0][:, 0], -0.25, atol=1e-12)


def test_boundary_refuses_bad_input_with_a_clear_message():
    model = MLP([2, 3, 1], output_activation="sigmoid")
    ax = Figure().add_subplot()
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\)"):
        plots.decision_boundary(ax, model, np.zeros((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="classes 0 and 1"):
        plots.decision_boundary(ax, model, np.zeros((2, 2)), [0, 2])
    with pytest.raises(ValueError, match="one class per point"):
        plots.decision_boundary(ax, model, np.zeros((2, 2)), [0, 1, 1])
    with pytest.raises(ValueError, match="one output"):
        plots.decision_boundary(ax, MLP([2, 3, 2]), np.zeros((2, 2)), [0, 1])
    with pytest.raises(ValueError, match="one label per history"):
        plots.epoch_curves(ax, [], ["a"])


# --- the dashboard: the contract ----------------------------------------------------

def test_every_control_over_its_range_and_the_line_that_rebuilds_the_view():
    d = small()
    changed = sweep_every_control(d, n=8)
    assert all(changed.values()), changed
    rebuild_from_call(d)


def test_default_dashboard_is_fully_trained_when_built_and_learns_the_moons():
    d = training_dashboard()
    assert not d.running and d.history.epochs_done == 50 and d.history.n_updates == 500
    assert d.history.diverged_at is None
    assert d.call() == ('training_dashboard(dataset="moons", lr=0.5, batch_size=10, '
                        'hidden=8, epochs=50)')
    X, y = load_dataset("moons")
    # the curve's last point is J on all N samples of the model the plot shows
    final = d.model.loss(X, y, "bce")
    assert d.history.epoch_losses[-1] == pytest.approx(final, rel=1e-12)
    assert d.curve.epochs.get_ydata()[-1] == pytest.approx(final, rel=1e-12)
    accuracy = np.mean((d.model.forward(X) > 0.5) == (y > 0.5))
    # α = 0.5, 50 epochs of B = 10: J 0.748 → 0.093, 99 of 100 points right
    assert accuracy >= 0.97 and final < 0.15 * d.history.epoch_losses[0]
    assert f"{round(accuracy * 100)} of 100 points" in d.readout.value
    assert "epoch 50 of 50" in d.status.get_text()


@pytest.mark.parametrize("kwargs", [dict(dataset="xor", lr=1.0, batch_size=20, hidden=4,
                                         epochs=20),
                                    dict(dataset="moons", lr=0.5, batch_size=5, hidden=8,
                                         epochs=60),
                                    dict(lr=30.0)])
def test_the_chunks_give_the_history_of_one_training_call(kwargs):
    a, b = training_dashboard(**kwargs), training_dashboard(**kwargs)
    assert plot_state(a) == plot_state(b)
    # one call of training.train with the same settings: the very same History
    d = {**dict(dataset="moons", batch_size=10, hidden=8, epochs=50), **kwargs}
    X, y = load_dataset(d["dataset"])
    model = MLP([2, d["hidden"], 1], activation="tanh", output_activation="sigmoid", seed=0)
    h = training.train(model, X, y, loss="bce", optimizer=GD(d["lr"]), epochs=d["epochs"],
                       batch_size=d["batch_size"], seed=0, diverge_above=DIVERGE_FACTOR)
    for name in ("update_losses", "epoch_losses"):
        np.testing.assert_array_equal(getattr(a.history, name), getattr(h, name))
    assert (a.history.diverged_at, a.history.final_loss) == (h.diverged_at, h.final_loss)
    for W1, W2 in zip(a.model.weights, model.weights):
        np.testing.assert_array_equal(W1, W2)


def test_too_large_a_learning_rate_says_diverged_at_update_n():
    d = training_dashboard(lr=30.0)
    run = d.history
    assert run.diverged_at is not None
    n = run.diverged_at
    assert d.curve.note.get_visible() and d.curve.note.get_text() == f"diverged at update {n}"
    assert f"Diverged at update {n}</b>" in d.readout.value
    assert d.status.get_text().startswith(f"diverged at update {n}")
    # the rule: J on all N samples first rose above 3× its start at the end of this epoch
    J = run.epoch_losses
    assert J[-1] > DIVERGE_FACTOR * J[0] and np.all(J[:-1] <= DIVERGE_FACTOR * J[0])
    assert n == run.epochs_done * run.updates_per_epoch
    assert not NAN_SHOWN.search(visible_text(d))
    d.lr.value = 1.0
    assert not d.curve.note.get_visible() and "Diverged" not in d.readout.value


def test_bad_arguments_are_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="dataset must be one of moons, circles, xor"):
        training_dashboard(dataset="moon")
    with pytest.raises(ValueError, match="lr must be between 0.01 and 50"):
        training_dashboard(lr=100)
    with pytest.raises(ValueError, match=r"batch_size must be one of \[1, 2, 5"):
        training_dashboard(batch_size=3)
    with pytest.raises(ValueError, match="hidden .* whole number from 1 to 32"):
        training_dashboard(hidden=0)
    with pytest.raises(ValueError, match="epochs must be a whole number from 1 to 200"):
        training_dashboard(epochs=2.5)
    assert BATCH_SIZES[0] == 1 and BATCH_SIZES[-1] == 100


# --- the dashboard: live training in an event loop ------------------------------------

def run_async(coro):
    return asyncio.run(coro)


def test_live_run_leaves_the_event_loop_free_and_ends_like_the_synchronous_run():
    expected = training_dashboard(batch_size=5, epochs=60)

    async def scenario():
        d = training_dashboard()               # built (and trained) at once
        assert not d.running
        d.batch_size.value = 5                 # starts a live run: only the first frame
        d.epochs.value = 60                    # a change during the run restarts it
        assert d.running and d.history.epochs_done == 0 and d.epochs.value == 60
        frames = []
        while d.running:                       # another coroutine gets turns meanwhile
            await asyncio.sleep(0)
            frames.append(d.history.epochs_done)
        return d, frames

    d, frames = run_async(scenario())
    assert len(set(frames)) >= 10, "the run should be seen in many steps, not one"
    # Between two turns of the other coroutine the run trains at most one chunk: here
    # B = 5 (20 updates per epoch), so ⌈60 epochs / 25 frames⌉ = 3 epochs = 60 updates.
    assert max(np.diff(frames)) <= 3, "the run held the event loop for more than a chunk"
    assert d.history.epochs_done == 60 and "After 60 epochs" in d.readout.value
    assert plot_state(d) == plot_state(expected)


def test_stop_halts_and_settle_finishes_a_pending_run():
    async def scenario():
        d = training_dashboard()
        d.lr.value = 0.3                       # a change: starts a live run
        for _ in range(5):
            await asyncio.sleep(0.01)
        d.run_button.click()                   # Stop
        stopped_at = d.history.epochs_done
        assert not d.running and d.stopped and stopped_at < 50
        await asyncio.sleep(0.05)
        assert d.history.epochs_done == stopped_at  # nothing trains after Stop
        assert f"Stopped after epoch {stopped_at} of 50" in d.readout.value
        d.run_button.click()                   # Run again: from the start
        assert d.running and d.history.epochs_done == 0
        d.settle()                             # finish it now, synchronously
        assert not d.running and d.history.epochs_done == 50
        return d

    d = run_async(scenario())
    assert plot_state(d) == plot_state(training_dashboard(lr=0.3))


def test_a_change_shows_the_new_runs_first_frame_at_once_as_a_blit():
    # The key press must change the picture before the training task runs, and a change
    # of B or of the epochs (a new x range for the loss plot) must not need a full draw:
    # the x axis is a background layer redrawn on its own (and kept per range, for going
    # back). The blitted picture is the very one a full draw gives (``ref``: the same
    # changes, a full draw after each).
    async def scenario():
        d, ref = small(), small()
        d.canvas.draw()                        # the browser showed the plot once
        asked = []
        d.canvas.send_event = lambda event, **kw: asked.append(event)  # e.g. draw_idle
        for name, value in [("batch_size", 5), ("epochs", 30), ("lr", 0.3), ("hidden", 3),
                            ("dataset", "moons"), ("batch_size", N_SAMPLES), ("epochs", 20),
                            ("batch_size", 5), ("epochs", 30)]:  # the x axis kept, reused
            before = np.asarray(d.canvas.get_renderer().buffer_rgba()).copy()
            d.controls[name].value = value
            assert d.running and d.history.epochs_done == 0
            shown = np.asarray(d.canvas.get_renderer().buffer_rgba()).copy()
            assert not np.array_equal(shown, before), f"{name}={value!r} showed nothing"
            assert "epoch 0 of" in d.status.get_text()
            d.settle()
            assert "draw" not in asked, f"{name}={value!r} asked for a full draw"
            B = d.batch_size.value
            assert d.ax_loss.get_xlim() == (0, d.epochs.value * -(-N_SAMPLES // B) * 1.02)
            ref.controls[name].value = value
            ref.settle()
            ref.canvas.draw()
            np.testing.assert_array_equal(d.canvas.get_renderer().buffer_rgba(),
                                          ref.canvas.get_renderer().buffer_rgba(),
                                          err_msg=f"{name}={value!r}")
        assert len(d.blitter.saved) == 4  # four x ranges seen, two of them twice
        return d

    run_async(scenario())
