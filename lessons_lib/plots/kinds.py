"""The loss of a training run against epochs: batch, stochastic and mini-batch on one scale.

``plots.loss_curve`` puts J against the update number t. Runs with different batch sizes
B make very different numbers of updates (N/B per epoch), so to compare them this puts
update t at epoch t/(updates per epoch): every run spans the same x range, and SGD's
many small noisy updates sit inside the same epochs as batch GD's one update each.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .curves import LossCurveArtists, loss_curve, update_loss_curve
from .style import OKABE_ITO

__all__ = ["epoch_loss_curve", "update_epoch_loss_curve"]


def epoch_loss_curve(ax: Axes, history=None, *, log: bool = True, label: str = "",
                     colour: str = OKABE_ITO[0]) -> LossCurveArtists:
    """``loss_curve`` with epochs on the x axis. The batch loss of update t (thin) is
    measured at θ_{t−1}, before the step, so it sits where θ_{t−1} is: at
    x = (t − 1) / updates_per_epoch. The loss on all N samples after epoch k (thick, with
    dots) sits at x = k. So for batch GD (one update per epoch, its batch is all N) the
    two lines coincide. ``history``: a ``training.History`` (or None, to fill in later with
    ``update_epoch_loss_curve``); given one, the x axis spans its epochs and the y axis its
    losses. Returns the artists."""
    artists = loss_curve(ax, None, log=log, label=label, colour=colour)
    ax.set_xlabel("epoch (one pass over all N samples)")
    if history is not None:
        update_epoch_loss_curve(artists, history)
        per = history.updates_per_epoch
        ax.set_xlim(0, max(1.0, len(history.update_losses) / per,
                           len(history.epoch_losses) - 1.0))
        ax.relim()
        ax.autoscale_view(scalex=False)
    return artists


def update_epoch_loss_curve(artists: LossCurveArtists, history) -> None:
    """Move the lines of ``epoch_loss_curve`` to a new ``History``, in place (no redraw;
    axis limits are left alone)."""
    update_loss_curve(artists, history)
    per = float(history.updates_per_epoch)
    batch = np.asarray(artists.updates.get_ydata(), dtype=float)
    artists.updates.set_xdata(np.arange(batch.size) / per)
    artists.epochs.set_xdata(np.asarray(artists.epochs.get_xdata(), dtype=float) / per)
