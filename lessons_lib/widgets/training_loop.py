"""The training loop, live: a small MLP learns a 2-D data set while you watch.

Left, the decision boundary (the network's output a = P(class 1 | x) over the plane);
right, the loss curve J against the update number t. Sliders for the learning rate α,
the batch size B, the hidden units and the epochs; a Run/Stop button.

How training stays live without blocking the sliders. A widget callback runs on the
kernel's main thread, inside its asyncio event loop; a long loop there would hold back
every other widget message until it ended. So a control change only resets the model,
draws the new run's first frame (a blit) and schedules an asyncio task on that running
loop. The task trains a chunk of a few
epochs (a call of ``training.train`` that continues the run's ``History``, about 10 ms;
the chunks together give exactly the History of one call), redraws at most every
``FRAME_S`` seconds (blitting only the moving artists), then awaits
``asyncio.sleep(PAUSE_S)``: during that pause the kernel handles the waiting slider
messages. A slider moved during a run cancels the task and starts a new run with the
new setting. The chunks depend only on the settings, never on timing, so the same
settings always give the same result (only which frames you see depends on speed).

Without a running event loop (a plain script, pytest), and in the constructor, the run
is done at once; ``settle()`` finishes a pending run synchronously.
"""

from __future__ import annotations

import asyncio
import html
import math
import numbers
import time

import ipywidgets as widgets
import numpy as np
from matplotlib.transforms import Bbox

from .. import data, plots, training
from ..nn import MLP
from ..optimizers import GD
from .base import (WIDE, Blitter, Dashboard, choice_slider, freeze_layout, guarded,
                   live_figure, nice_values)

__all__ = ["TrainingDashboard", "training_dashboard", "TRAINING_DATASETS",
           "load_dataset", "TRAINING_LR_VALUES", "BATCH_SIZES", "HIDDEN_RANGE",
           "EPOCHS_RANGE", "DIVERGE_FACTOR"]

N_SAMPLES = 100
#: The data sets the dashboard offers: two classes each, N = 100 points, standardised.
TRAINING_DATASETS = {
    "moons": lambda: data.two_moons(N_SAMPLES, noise=0.15, seed=0),
    "circles": lambda: data.circles(N_SAMPLES, noise=0.08, factor=0.5, seed=0),
    "xor": lambda: data.xor(N_SAMPLES, noise=0.15, seed=0),
    "spirals": lambda: data.spirals(N_SAMPLES, classes=2, noise=0.15, seed=0),
}
TRAINING_LR_VALUES = nice_values(0.01, 50.0)
BATCH_SIZES = [1, 2, 5, 10, 20, 25, 50, N_SAMPLES]
HIDDEN_RANGE = (1, 32)
EPOCHS_RANGE = (1, 200)
#: A run counts as diverged when J on all N samples rises above this × its start value
#: (``training.train(..., diverge_above=DIVERGE_FACTOR)``).
DIVERGE_FACTOR = 3.0
SEED = 0
#: The figure, in inches (at 100 dpi, 820 px wide: it fits JupyterLab at 1280 px).
FIG_SIZE = (8.2, 4.4)
#: The window of the boundary plot: every data set, standardised, fits inside.
EXTENT = (-3.0, 3.0, -3.0, 3.0)

UPDATES_PER_CHUNK = 100   # a chunk of training stays near 10 ms, so sliders stay live
MIN_FRAMES = 25           # … and a run is cut into at least this many chunks
FRAME_S = 0.12            # redraw about 8 times a second (a frame costs ~15 ms)
PAUSE_S = 0.004           # after each chunk, let the kernel handle widget messages
FIRST_PAUSE_S = 0.1       # after a (re)start: let the browser show the first frame before
                          # training takes the CPU (2 cores: kernel, browser and server share)


def load_dataset(name: str):
    """``X (100, 2)`` standardised to mean 0 and std 1 per feature, ``y (100, 1)`` of 0/1."""
    if name not in TRAINING_DATASETS:
        raise ValueError(f"dataset must be one of {', '.join(TRAINING_DATASETS)}, "
                         f"got {name!r}")
    X, y = TRAINING_DATASETS[name]()
    return data.standardise(X)[0], np.asarray(y, dtype=float).reshape(-1, 1)


def _whole_in(value, lo: int, hi: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or \
            not lo <= value <= hi:
        raise ValueError(f"{what} must be a whole number from {lo} to {hi}, got {value!r}")
    return int(value)


def _thin_line(line, max_points: int) -> None:
    """Draw a long noisy line as its envelope: the min and max of each of max_points/2
    runs of consecutive points. With one run per pixel column of the plot this looks the
    same and draws far faster (20 000 SGD updates: ~10 ms less per frame)."""
    x, y = (np.asarray(v, dtype=float) for v in line.get_data())
    if x.size <= max_points:
        return
    bins = max_points // 2
    edges = np.linspace(0, x.size, bins + 1).astype(int)
    lo = np.minimum.reduceat(y, edges[:-1])
    hi = np.maximum.reduceat(y, edges[:-1])
    xs = np.repeat(x[edges[:-1]], 2)
    ys = np.column_stack([lo, hi]).ravel()
    line.set_data(xs, ys)


class _LayerBlitter(Blitter):
    """A ``Blitter`` whose background has one layer that changes now and then (an axis
    whose range follows the settings). After a full draw it keeps the background without
    that layer too; ``redraw_layer(key)`` pastes that back and draws the layer on it to
    make the new background, so the next ``update()`` is still a blit.

    ``strip()``: a box (display pixels) that holds everything the layer draws. The
    layer's pixels there are kept for the last ``KEEP`` keys (``key``: what the layer
    shows, e.g. the axis range), so going back to a setting costs no text layout.
    """

    KEEP = 16

    def __init__(self, canvas, artists, layer, strip):
        self.layer, self.strip, self.base, self.saved = layer, strip, None, {}
        layer.set_animated(True)  # a full draw leaves it out; _on_draw adds it
        super().__init__(canvas, artists)

    def _on_draw(self, event):
        if event.canvas is self.canvas and event.renderer is self.canvas.get_renderer():
            self.base = self.copy_all()
            self.saved.clear()  # drawn over another base
        self.layer.draw(event.renderer)
        super()._on_draw(event)  # keeps the background with the layer, draws the artists

    def redraw_layer(self, key) -> None:
        """The layer changed (it now shows ``key``): make the background anew."""
        if self.base is None or self._key != self._size():
            return  # no full draw yet (or another size): the next update draws in full
        self.canvas.restore_region(self.base)
        region = self.saved.pop(key, None)
        if region is None:
            self.canvas.figure.draw_artist(self.layer)
            region = self.canvas.copy_from_bbox(self.strip())
        else:
            self.canvas.restore_region(region)
        self.saved[key] = region  # now the newest
        if len(self.saved) > self.KEEP:
            del self.saved[next(iter(self.saved))]
        self.background = self.copy_all()


class TrainingDashboard(Dashboard):
    """A small MLP (2 → hidden tanh units → 1 sigmoid, loss "bce") trained by mini-batch
    gradient descent θ ← θ − α∇J, redrawn live while it trains.

    Attributes for tests and notebooks: the controls ``dataset``, ``lr``, ``batch_size``,
    ``hidden``, ``epochs``; ``run_button``; ``model`` (the ``nn.MLP``), ``history`` (the
    run's ``training.History`` so far), ``X``, ``y``; ``figure``, ``canvas``, ``boundary``
    (``plots.BoundaryArtists``), ``curve`` (``plots.LossCurveArtists``), ``status``
    (the text over the boundary), ``blitter``; ``running`` (a run is in progress),
    ``stopped`` (Stop was pressed during this run).
    """

    factory = "training_dashboard"

    def __init__(self, dataset: str = "moons", lr: float = 0.5, batch_size: int = 10,
                 hidden: int = 8, epochs: int = 50):
        if dataset not in TRAINING_DATASETS:
            raise ValueError(f"dataset must be one of {', '.join(TRAINING_DATASETS)}, "
                             f"got {dataset!r}")
        if batch_size not in BATCH_SIZES or isinstance(batch_size, bool):
            raise ValueError(f"batch_size must be one of {BATCH_SIZES} "
                             f"({N_SAMPLES} = all N samples: batch gradient descent), "
                             f"got {batch_size!r}")
        hidden = _whole_in(hidden, *HIDDEN_RANGE, "hidden (units in the hidden layer)")
        epochs = _whole_in(epochs, *EPOCHS_RANGE, "epochs")
        self.dataset = widgets.Dropdown(options=list(TRAINING_DATASETS), value=dataset,
                                        description="data", style=WIDE)
        self.lr = choice_slider(lr, TRAINING_LR_VALUES, "learning rate α", what="lr")
        labels = {1: "1 (SGD)", N_SAMPLES: f"{N_SAMPLES} = N (batch)"}
        self.batch_size = widgets.SelectionSlider(
            options=[(labels.get(b, str(b)), b) for b in BATCH_SIZES], value=batch_size,
            description="batch size B", style=WIDE, continuous_update=True)
        self.hidden = widgets.IntSlider(value=hidden, min=HIDDEN_RANGE[0],
                                        max=HIDDEN_RANGE[1], description="hidden units",
                                        style=WIDE, continuous_update=True)
        self.epochs = widgets.IntSlider(value=epochs, min=EPOCHS_RANGE[0],
                                        max=EPOCHS_RANGE[1], description="epochs",
                                        style=WIDE, continuous_update=True)
        self.run_button = widgets.Button(description="▶ Run again", icon="",
                                         tooltip="Train again from the start, or stop",
                                         layout=widgets.Layout(width="auto"))
        self._task, self._steps = None, None

        self.X, self.y = load_dataset(dataset)
        self.model = self._new_model()
        # 8.2 in wide: the whole figure fits a JupyterLab notebook in a 1280 px window.
        self.figure, self.canvas = live_figure(FIG_SIZE[0], FIG_SIZE[1])
        ax_b, ax_l = self.figure.subplots(1, 2, width_ratios=[1.12, 1])
        self.ax_boundary, self.ax_loss = ax_b, ax_l
        self.boundary = plots.decision_boundary(ax_b, self.model, self.X, self.y,
                                                extent=EXTENT)
        ax_b.set_aspect("equal", adjustable="box")
        ax_b.legend(handles=[self.boundary.class0, self.boundary.class1,
                             self.boundary.boundary],
                    loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=8,
                    frameon=False, handletextpad=0.4, columnspacing=1.0)
        # The state, as the boundary plot's title (a moving text, not over the data),
        # centred over the plot and its colour bar; laid out with a typical text in it,
        # so the layout leaves room for it.
        self.status = ax_b.text(0.62, 1.02, "epoch 50 of 50 · J = 0.0359 · 99% right",
                                transform=ax_b.transAxes, ha="center", va="bottom",
                                fontsize=10)
        self.curve = plots.loss_curve(ax_l)
        ax_l.set(ylim=(1e-3, 40), title="loss J (binary cross-entropy)")
        # Under the axes, like the classes' legend: no legend over the (moving) curves.
        ax_l.legend(loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=1, fontsize=8,
                    frameon=False)
        ax_l.set_xlim(0, 1020)  # lay out with the same ticks whatever the settings,
        freeze_layout(self.figure)  # so the reproducing line rebuilds the same picture
        self._xlim = None
        moving = [self.boundary.image, self.boundary.boundary, self.boundary.class0,
                  self.boundary.class1, self.status, *vars(self.curve).values()]
        # The loss plot's x axis changes with B and the epochs: a layer of the background,
        # redrawn on its own, so that change is a blit too, not a full draw.
        self.blitter = _LayerBlitter(self.canvas, moving, self.ax_loss.xaxis,
                                     self._axis_strip)
        self._axis_stale = False

        self.run_button.on_click(self._on_button)
        self._assemble({"dataset": self.dataset, "lr": self.lr,
                        "batch_size": self.batch_size, "hidden": self.hidden,
                        "epochs": self.epochs}, [self.run_button, self.canvas],
                       [self.figure])
        self._restart(animate=False)

    # --- one run ---------------------------------------------------------------------

    def _new_model(self) -> MLP:
        return MLP([2, self.hidden.value, 1], activation="tanh",
                   output_activation="sigmoid", seed=SEED)

    @staticmethod
    def _chunk_epochs(updates_per_epoch: int, epochs: int) -> int:
        """Epochs per chunk: about UPDATES_PER_CHUNK updates, and at least MIN_FRAMES
        chunks per run. Depends on the settings only (so results never depend on speed)."""
        by_cost = max(1, UPDATES_PER_CHUNK // updates_per_epoch)
        return max(1, min(by_cost, math.ceil(epochs / MIN_FRAMES)))

    @classmethod
    def _train_in_chunks(cls, history: training.History, model: MLP, X, y,
                         optimizer, epochs: int):
        """Continue ``history`` (of ``model`` on (X, y)) up to ``epochs`` epochs, a chunk
        per ``training.train`` call; yield after each chunk. (Arguments, not attributes:
        a later run cannot change this one.)"""
        B = history.batch_size
        chunk = cls._chunk_epochs(history.updates_per_epoch, epochs)
        while not history.diverged and history.epochs_done < epochs:
            training.train(model, X, y, loss="bce", optimizer=optimizer,
                           epochs=min(chunk, epochs - history.epochs_done),
                           batch_size=None if B == N_SAMPLES else B, seed=SEED,
                           history=history, diverge_above=DIVERGE_FACTOR)
            yield

    def _restart(self, animate: bool = True) -> None:
        """Start a fresh run with the current settings (a new model from the seed)."""
        self._cancel()
        self.model = self._new_model()
        B = self.batch_size.value
        self.history = training.new_history(self.model, self.X, self.y, loss="bce",
                                            batch_size=None if B == N_SAMPLES else B,
                                            seed=SEED)
        self.stopped = False
        self._steps = self._train_in_chunks(self.history, self.model, self.X, self.y,
                                            GD(self.lr.value), self.epochs.value)
        self._set_loss_xlim()
        try:
            loop = asyncio.get_running_loop() if animate else None
        except RuntimeError:  # no event loop (a script, a test): train at once
            loop = None
        if loop is None:
            self.settle()
            return
        self._task = loop.create_task(self._animate(self._steps))
        self.run_button.description = "■ Stop"
        # The new run's first frame (epoch 0), drawn here (a blit, ~15 ms): the plot
        # answers the key press at once; the task then draws the training.
        self.redraw()

    async def _animate(self, steps) -> None:
        """Drive ``steps`` (one chunk per step), redraw now and then, yield to the kernel."""
        try:
            await asyncio.sleep(FIRST_PAUSE_S)
            last, gap = time.perf_counter(), FRAME_S
            while self._steps is steps:
                if next(steps, StopIteration) is StopIteration:
                    self._finish()
                    return
                if time.perf_counter() - last >= gap:
                    start = time.perf_counter()
                    self.redraw()
                    last = time.perf_counter()
                    gap = max(FRAME_S, 3 * (last - start))  # drawing ≤ ⅓ of the time
                await asyncio.sleep(PAUSE_S)  # widget messages are handled here
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # shown on the dashboard: a task's error is otherwise lost
            self.error.value = (f'<span class="lessons-error" style="color:#D55E00">'
                                f"Something went wrong: {html.escape(repr(exc))}</span>")
            self._steps = None
            raise

    def _cancel(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    def _finish(self, full: bool = False) -> None:
        self._steps, self._task = None, None
        self.run_button.description = "▶ Run again"
        self.redraw(full=full)

    def settle(self, full: bool = False) -> None:
        """Finish the pending run now, synchronously (the same chunks as the live run)."""
        steps = self._steps
        if steps is None:
            return
        self._cancel()
        for _ in steps:
            pass
        self._finish(full=full)

    @property
    def running(self) -> bool:
        return self._steps is not None

    # --- controls --------------------------------------------------------------------

    def update(self, name: str) -> None:
        """A control changed: new data if the data set changed, then a fresh run."""
        if name == "dataset":
            self.X, self.y = load_dataset(self.dataset.value)
            self.boundary.class0.set_data(*self.X[self.y[:, 0] == 0].T)
            self.boundary.class1.set_data(*self.X[self.y[:, 0] == 1].T)
        self._restart()

    @guarded
    def _on_button(self, _button=None) -> None:
        if self.running:
            self._cancel()
            self._steps = None
            self.stopped = True
            self.run_button.description = "▶ Run again"
            self.redraw()
        else:
            self._restart()

    # --- drawing ---------------------------------------------------------------------

    def _set_loss_xlim(self) -> bool:
        """x axis of the loss plot: update 0 … epochs × ⌈N/B⌉. True if it changed (the
        x axis is a moving artist: the next blit shows it)."""
        total = self.epochs.value * math.ceil(N_SAMPLES / self.batch_size.value)
        xlim = (0, max(total, 1) * 1.02)
        if xlim == self._xlim:
            return False
        self._xlim = xlim
        self.ax_loss.set_xlim(*xlim)
        self._axis_stale = True
        return True

    def _axis_strip(self):
        """The band under the loss plot, the whole figure wide: its x axis (ticks, their
        labels, "update t") draws nowhere else."""
        w = self.canvas.get_renderer().get_canvas_width_height()[0]
        return Bbox.from_extents(0, 0, w, math.ceil(self.ax_loss.bbox.y0) + 1)

    def _accuracy(self) -> float:
        with np.errstate(all="ignore"):
            a = self.model.forward(self.X)
        return float(np.mean((a > 0.5) == (self.y > 0.5)))

    def redraw(self, full: bool = False) -> None:
        """Move every moving artist to the current state and redraw them."""
        h, epochs = self.history, self.epochs.value
        plots.update_decision_boundary(self.boundary, self.model)
        plots.update_loss_curve(self.curve, h)
        _thin_line(self.curve.updates, 2 * math.ceil(self.ax_loss.bbox.width))
        J = h.epoch_losses[-1]
        acc = self._accuracy()
        if h.diverged:
            state = f"diverged at update {h.diverged_at}"
        elif self.stopped:
            state = f"stopped after epoch {h.epochs_done} of {epochs}"
        else:
            state = f"epoch {h.epochs_done} of {epochs}"
        self.status.set_text(f"{state} · J = {J:.3g} · {acc:.0%} right")
        if self._axis_stale:
            self.blitter.redraw_layer(self._xlim)
            self._axis_stale = False
        self.blitter.update(full=full)
        self._describe(acc)

    def _describe(self, acc: float) -> None:
        h, epochs = self.history, self.epochs.value
        J0, J = h.epoch_losses[[0, -1]]
        B, lr = h.batch_size, self.lr.value
        kind = ("batch gradient descent" if B == N_SAMPLES else
                "stochastic gradient descent (SGD)" if B == 1 else "mini-batch gradient descent")
        right = int(round(acc * N_SAMPLES))
        if h.diverged:
            text = (f"<b>Diverged at update {h.diverged_at}</b> (epoch {h.epochs_done}): "
                    f"J on all N = {N_SAMPLES} samples jumped to {J:.3g}, more than "
                    f"{DIVERGE_FACTOR:g}× where it started ({J0:.3g}). α = {lr:g} is too "
                    f"large for {kind}: each step overshoots. Lower α.")
        elif self.running:
            text = (f"Training… epoch {h.epochs_done} of {epochs}, update "
                    f"{h.n_updates}: J = {J:.3g}.")
        else:
            head = (f"Stopped after epoch {h.epochs_done} of {epochs}"
                    if self.stopped else f"After {h.epochs_done} epochs")
            text = (f"{head} = {h.n_updates} updates of {kind} (B = {B}, "
                    f"{h.updates_per_epoch} update{'s' if h.updates_per_epoch > 1 else ''}"
                    f" per epoch): J on all N = {N_SAMPLES} samples went from {J0:.3g} to "
                    f"{J:.3g}; {right} of {N_SAMPLES} points are on the right side of the "
                    f"boundary.")
        self.readout.value = text


def training_dashboard(dataset: str = "moons", lr: float = 0.5, batch_size: int = 10,
                       hidden: int = 8, epochs: int = 50):
    """Train a 2-`hidden`-1 MLP on ``dataset`` ("moons", "circles", "xor", "spirals"),
    live: drag α (0.01 … 50), the batch size B (1 = SGD … 100 = N, batch), the hidden
    units (1 … 32) and the epochs (1 … 200); every change trains afresh while the decision
    boundary and the loss curve redraw. Returns the dashboard; show it as a cell's last
    line."""
    return TrainingDashboard(dataset=dataset, lr=lr, batch_size=batch_size, hidden=hidden,
                             epochs=epochs)
