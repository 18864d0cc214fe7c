"""plots.loss_curve: J per update and per epoch, updated in place, divergence noted."""

import matplotlib.pyplot as plt
import numpy as np

from lessons_lib import plots
from lessons_lib.data import line
from lessons_lib.nn import MLP
from lessons_lib.optimizers import GD
from lessons_lib.training import train


def fit(lr, batch_size, epochs=4):
    X, Y = line(n=20, seed=1)
    return train(MLP([1, 1], output_activation="linear", seed=0), X, Y, loss="mse",
                 optimizer=GD(lr), epochs=epochs, batch_size=batch_size, seed=0)


def test_updates_at_t_and_epochs_at_multiples_of_updates_per_epoch():
    h = fit(0.05, batch_size=5)
    fig, ax = plt.subplots()
    art = plots.loss_curve(ax, h)
    x, y = art.updates.get_data()
    np.testing.assert_array_equal(x, np.arange(1, 17))
    np.testing.assert_array_equal(y, h.update_losses)
    x, y = art.epochs.get_data()
    np.testing.assert_array_equal(x, [0, 4, 8, 12, 16])
    np.testing.assert_array_equal(y, h.epoch_losses)
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "update t"
    assert not art.note.get_visible()
    plt.close(fig)


def test_update_in_place_and_divergence_note():
    fig, ax = plt.subplots()
    art = plots.loss_curve(ax, None, log=False)
    assert art.updates.get_xydata().size == 0 and ax.get_yscale() == "linear"
    children = list(ax.get_children())
    h = fit(50.0, batch_size=None, epochs=30)
    assert h.diverged
    plots.update_loss_curve(art, h)
    assert art.note.get_visible() and art.note.get_text() == f"diverged at update {h.diverged_at}"
    assert ax.get_children() == children
    plt.close(fig)


def test_on_a_log_x_axis_the_epoch_line_starts_after_the_first_epoch():
    h = fit(0.05, batch_size=5)
    fig, ax = plt.subplots()
    ax.set_xscale("log")
    art = plots.loss_curve(ax, h)
    x, y = art.epochs.get_data()
    np.testing.assert_array_equal(x, [4, 8, 12, 16])
    np.testing.assert_array_equal(y, h.epoch_losses[1:])
    plt.close(fig)
