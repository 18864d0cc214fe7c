"""Loss curves: J against the update number t, per update and per epoch."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.text import Text

from .style import OKABE_ITO

__all__ = ["LossCurveArtists", "loss_curve", "update_loss_curve"]


@dataclass
class LossCurveArtists:
    """What ``loss_curve`` drew: the batch loss of every update (thin, noisy), the loss
    on all N samples after every epoch (thick, with dots) and a "diverged" note."""

    updates: Line2D
    epochs: Line2D
    note: Text


def loss_curve(ax: Axes, history=None, *, log: bool = True, label: str = "",
               colour: str = OKABE_ITO[0]) -> LossCurveArtists:
    """Draw a ``training.History``: J against the update number t.

    The thin line is ``history.update_losses`` ``(n_updates,)``, the batch loss of update
    t at x = t. The thick line with dots is ``history.epoch_losses`` ``(epochs + 1,)``, the
    loss on all N samples, at x = k · updates_per_epoch after epoch k (x = 0 at the start).
    ``log=True`` puts J on a log scale. Pass ``history=None`` to draw empty lines and fill
    them later with ``update_loss_curve``. Returns the artists.
    """
    name = f"{label}: " if label else ""
    (updates,) = ax.plot([], [], "-", color=colour, linewidth=0.8, alpha=0.45,
                         label=f"{name}batch loss, every update")
    (epochs,) = ax.plot([], [], "-o", color=colour, linewidth=2, markersize=3,
                        label=f"{name}loss on all N samples, every epoch")
    note = ax.text(0.5, 0.95, "", transform=ax.transAxes, ha="center", va="top",
                   fontsize=11, fontweight="bold",
                   bbox=dict(boxstyle="round", facecolor="white", edgecolor=colour))
    ax.set(xlabel="update t", ylabel="loss J")
    if log:
        ax.set_yscale("log")
    artists = LossCurveArtists(updates, epochs, note)
    if history is not None:
        update_loss_curve(artists, history)
    return artists


def update_loss_curve(artists: LossCurveArtists, history) -> None:
    """Move the lines of ``loss_curve`` to a new ``History``, in place (no redraw, and the
    axis limits are left alone: set them yourself, e.g. with ``ax.relim()``). On a log x
    axis the start (update 0) is left out of the epoch line."""
    batch = history.update_losses
    artists.updates.set_data(np.arange(1, batch.size + 1), batch)
    epoch = history.epoch_losses
    x = np.arange(epoch.size) * history.updates_per_epoch
    if artists.epochs.axes.get_xscale() == "log":  # x = 0 (the start) has no place there,
        x, epoch = x[1:], epoch[1:]                 # and a line to it would look flat
    artists.epochs.set_data(x, epoch)
    diverged = history.diverged_at is not None
    artists.note.set_text(f"diverged at update {history.diverged_at}" if diverged else "")
    artists.note.set_visible(diverged)
