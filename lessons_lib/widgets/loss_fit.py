"""Fit a line to house prices by hand: slope and intercept sliders, the residuals, and
where you stand on the loss landscape J(w, b), for MSE, MAE or Huber, with or without an
outlier.

The data: 20 houses from ``linefit.house_line`` (seed 0), price t in lakh ₹ against the
area, standardised to x = (area − μ)/σ so that the slope w and intercept b have
similar ranges (b is then the price the line predicts for an average-size house). The
outlier is one more house whose price was typed as 15 instead of 150 lakh ₹.
Every number (J, the best fits, the contour grid) comes from ``lessons_lib.linefit``.
"""

from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from .. import plots
from ..linefit import (HUBER_DELTA, LINE_LOSSES, OUTLIER, HouseLine, best_fit, fit_loss,
                       house_line, line_loss, loss_grid)
from .base import WIDE, Dashboard, ViewBlitter, choice_slider, freeze_layout, live_figure

__all__ = [
    "LineFitDashboard", "line_fit_dashboard", "FIT_LOSSES", "SLOPE_VALUES",
    "INTERCEPT_VALUES", "W_RANGE", "B_RANGE",
]

#: How each loss of ``linefit.LINE_LOSSES`` is named on the dashboard.
FIT_LOSSES = {name: {"huber": f"Huber (δ = {HUBER_DELTA:g})"}.get(name, name.upper())
              for name in LINE_LOSSES}
#: The window of the loss landscape, and the values the sliders offer (whole numbers).
W_RANGE, B_RANGE = (0.0, 80.0), (55.0, 135.0)
SLOPE_VALUES = [float(v) for v in range(int(W_RANGE[0]), int(W_RANGE[1]) + 1)]
INTERCEPT_VALUES = [float(v) for v in range(int(B_RANGE[0]), int(B_RANGE[1]) + 1)]
GRID_N = 61  # grid points per axis of the contour


@functools.lru_cache(maxsize=None)
def _best(loss: str, outlier: bool) -> tuple[float, float]:
    """The best (w, b) for one loss and data set, computed once."""
    houses = house_line(outlier=outlier)
    return best_fit(loss, houses.x, houses.t)


@functools.lru_cache(maxsize=None)
def _landscape(loss: str, outlier: bool):
    """(w grid, b grid, J grid, best (w, b)) for one loss and data set, computed once."""
    houses = house_line(outlier=outlier)
    w_values = np.linspace(*W_RANGE, GRID_N)
    b_values = np.linspace(*B_RANGE, GRID_N)
    J = loss_grid(loss, houses.x, houses.t, w_values, b_values)
    return w_values, b_values, J, _best(loss, outlier)


# --- the dashboard -------------------------------------------------------------------

_UNITS = {"mse": " (lakh ₹)²", "mae": " lakh ₹", "huber": " (lakh ₹)²"}
_BAR_UNITS = {"mse": "(lakh ₹)²", "mae": "(lakh ₹)", "huber": "(lakh ₹)²"}
_FORMULAS = {
    "mse": "J = (1/N) Σ (tᵢ − oᵢ)²",
    "mae": "J = (1/N) Σ |tᵢ − oᵢ|",
    "huber": (f"J = (1/N) Σ L<sub>δ</sub>(tᵢ − oᵢ), L<sub>δ</sub>(e) = ½e² if |e| ≤ δ, "
              f"else δ(|e| − ½δ), δ = {HUBER_DELTA:g} lakh ₹"),
}


class LineFitDashboard(Dashboard):
    """Fit o = w·x + b to house prices with sliders; see the residuals and your (w, b) on
    the contour of J for MSE, MAE or Huber; toggle an outlier.

    Attributes for tests and notebooks: the controls ``slope``, ``intercept``, ``loss``,
    ``outlier``; ``figure``, ``canvas``, ``ax_data``, ``ax_loss``, ``fit`` (the line and
    residual artists), ``point`` (the dot on the contour), ``best_lines`` ({"mse", "mae"}:
    dashed best-fit lines), ``blitter``, ``J`` (the current loss) and ``readout``.
    """

    factory = "line_fit_dashboard"

    def __init__(self, slope: float = 20.0, intercept: float = 70.0, loss: str = "mse",
                 outlier: bool = False):
        fit_loss(loss)  # a clear error for an unknown loss
        if not isinstance(outlier, (bool, np.bool_)):
            raise ValueError(f"outlier must be True or False, got {outlier!r}")
        self.slope = choice_slider(slope, SLOPE_VALUES, "slope w", what="slope")
        self.intercept = choice_slider(intercept, INTERCEPT_VALUES, "intercept b",
                                       what="intercept")
        self.loss = widgets.Dropdown(options=[(v, k) for k, v in FIT_LOSSES.items()],
                                     value=loss, description="loss J", style=WIDE)
        self.outlier = widgets.ToggleButton(value=bool(outlier), description="add an outlier",
                                            tooltip="a 240 m² house with its price typed as "
                                                    "15 instead of 150 lakh ₹",
                                            icon="exclamation-triangle")
        self._states, self._shown, self._bar_slot, self._legends = {}, None, None, {}
        self._build_figure()
        self._assemble({"slope": self.slope, "intercept": self.intercept, "loss": self.loss,
                        "outlier": self.outlier}, [self.canvas], [self.figure])
        self._describe()

    # building -------------------------------------------------------------------------
    def _build_figure(self):
        clean, dirty = house_line(), house_line(outlier=True)
        self.figure, self.canvas = live_figure(8.3, 3.9)
        self.ax_data, self.ax_loss, slot = self.figure.subplots(
            1, 3, width_ratios=[1.15, 1, 0.035])
        # The colour bar's place: laid out once with room for its ticks and label, then
        # each (loss, outlier) gets a colour bar of its own there.
        slot.set_xticks([])
        slot.yaxis.tick_right()
        slot.yaxis.set_label_position("right")
        slot.set_yticks([0.5], ["0000"])
        slot.set_ylabel("J (lakh ₹)²")
        ax = self.ax_data
        x_span = (-1.8, 1.6)
        ax.set(xlim=x_span, ylim=(0, 200), xlabel="area x (standardised: 0 = average house)",
               ylabel="price t (lakh ₹)")
        top = ax.secondary_xaxis("top", functions=(clean.to_area, clean.to_x))
        top.set_xlabel("area (m²)")
        ax.grid(alpha=0.3)
        self.houses = plots.data_points(ax, clean.x, clean.t, label="houses")
        self.outlier_dot = plots.data_points(
            ax, dirty.x[-1:], dirty.t[-1:], colour=plots.OKABE_ITO[1], marker="X", size=110,
            label=f"outlier: {OUTLIER[1]:g} typed, not {10 * OUTLIER[1]:g}")
        w, b = self.slope.value, self.intercept.value
        data_now = self._houses()
        self.fit = plots.line_fit(ax, data_now.x, data_now.t, w, b, x_span=x_span)
        self.best_lines = {
            name: plots.straight_line(ax, 0.0, 0.0, x_span, color=plots.LOSS_COLOURS[name],
                                      linestyle=style, linewidth=1.6,
                                      label=f"best {FIT_LOSSES[name].split()[0]} line")
            for name, style in [("mse", (0, (5, 3))), ("mae", (0, (1.5, 1.5)))]}

        self.ax_loss.set(xlim=W_RANGE, ylim=B_RANGE, xlabel="slope w (lakh ₹ per σ of area)",
                         ylabel="intercept b (lakh ₹)")
        for axes in (self.ax_data, self.ax_loss):  # titles are set per state; room for them
            axes.set_title("J", fontsize=11)
        self.ax_loss.set_aspect("equal", adjustable="box")
        self.clean_star, = self.ax_loss.plot([], [], linestyle="none", marker="*",
                                             markersize=16, markerfacecolor="none",
                                             markeredgecolor="white", markeredgewidth=1.5,
                                             label="best fit without the outlier", zorder=5)
        self.J = self._loss_now()
        self.point = plots.loss_point(self.ax_loss, w, b, self.J)
        freeze_layout(self.figure)
        self._bar_slot = slot.get_position()
        self.figure.delaxes(slot)
        self._show_state()
        self.blitter = ViewBlitter(self.canvas, [self.fit.line, self.fit.residuals,
                                                 self.point.dot, self.point.label],
                                   self._state())

    def _state(self):
        return (self.loss.value, bool(self.outlier.value))

    def _houses(self) -> HouseLine:
        return house_line(outlier=bool(self.outlier.value))

    def _loss_now(self) -> float:
        d = self._houses()
        return line_loss(self.loss.value, d.x, d.t, self.slope.value, self.intercept.value)

    def _show_state(self, state=None):
        """Everything that depends on (loss, outlier) but not on w, b: the contour shown,
        the colour bar, the outlier, the best-fit lines, titles and legends."""
        state = self._state() if state is None else state
        name, outlier = state
        if self._shown is not None and self._shown != state:  # take the old one off
            *artists, cax = self._states[self._shown]
            for artist in artists:
                artist.remove()
            self.figure.delaxes(cax)
        if state not in self._states:  # first visit: a contour and colour bar of its own
            w_values, b_values, J, best = _landscape(*state)
            cax = self.figure.add_axes(self._bar_slot)
            filled, lines, star, _ = plots.loss_contour(
                self.ax_loss, w_values, b_values, J, minimum=best, cax=cax,
                label=f"J {_BAR_UNITS[name]}")
            self._states[state] = (filled, lines, star, cax)
        elif state != self._shown:  # drawn before: put it back
            filled, lines, star, cax = self._states[state]
            self.ax_loss.add_collection(filled, autolim=False)
            self.ax_loss.add_collection(lines, autolim=False)
            self.ax_loss.add_line(star)
            self.figure.add_axes(cax)
        self._shown = state
        star = self._states[state][2]
        self.outlier_dot.set_visible(outlier)
        self.clean_star.set_data(*([[v] for v in _best(name, False)] if outlier
                                   else [[], []]))
        for key, line in self.best_lines.items():
            plots.update_straight_line(line, *_best(key, outlier))
        n = house_line(outlier=outlier).n
        self.ax_data.set_title(f"Your line on the data: N = {n} houses", fontsize=11)
        self.ax_loss.set_title(f"{FIT_LOSSES[name]} loss J over (w, b)", fontsize=11)
        if outlier in self._legends:  # the legends change only with the outlier: reuse
            self.ax_data.legend_, self.ax_loss.legend_ = self._legends[outlier]
        else:
            handles = [self.houses, *([self.outlier_dot] if outlier else []), self.fit.line,
                       self.fit.residuals, *self.best_lines.values()]
            data_legend = self.ax_data.legend(handles=handles, loc="upper left", fontsize=8,
                                              framealpha=0.9)
            handles = [star, *([self.clean_star] if outlier else []), self.point.dot]
            loss_legend = self.ax_loss.legend(handles=handles, loc="lower right", fontsize=8,
                                              framealpha=0.85)
            self._legends[outlier] = (data_legend, loss_legend)

    # updating -------------------------------------------------------------------------
    def update(self, name: str) -> None:
        """A control changed: move the line, residuals and dot; for the loss or the outlier
        also show that state's contour (drawn once, then its picture is reused)."""
        d = self._houses()
        w, b = self.slope.value, self.intercept.value
        self.J = self._loss_now()
        plots.update_line_fit(self.fit, d.x, d.t, w, b)
        plots.update_loss_point(self.point, w, b, self.J)
        if name in ("loss", "outlier"):
            self._show_state()
            self.blitter.switch(self._state())
        self.blitter.update()
        self._describe()

    def _describe(self):
        name, outlier = self._state()
        d = self._houses()
        w, b, J = self.slope.value, self.intercept.value, self.J
        unit = _UNITS[name]
        best = {k: _best(k, outlier) for k in FIT_LOSSES}
        bw, bb = best[name]
        j_best = line_loss(name, d.x, d.t, bw, bb)
        lines = [
            f"<b>{FIT_LOSSES[name]}</b>: {_FORMULAS[name]}. Your line o = {w:g}·x + {b:g} "
            f"gives J = (1/{d.n}) × {J * d.n:,.1f} = <b>{J:,.2f}</b>{unit}.",
            f"Lowest J (the ★): w = {bw:.2f}, b = {bb:.2f}, J = {j_best:,.2f}{unit}. "
            + ("You are there, to the sliders' step." if abs(w - bw) <= 0.5 and abs(b - bb) <= 0.5
               else "Move the sliders towards the ★: J falls as you go."),
        ]
        if outlier:
            loss = fit_loss(name)
            share = loss.value(d.t[-1:], w * d.x[-1:] + b) / d.n / J if J > 0 else 0.0
            moved = {}
            for k in ("mse", "mae"):
                cw, cb = _best(k, False)
                moved[k] = (f"{FIT_LOSSES[k].split()[0]}-best line w = {best[k][0]:.2f}, "
                            f"b = {best[k][1]:.2f} (without it {cw:.2f}, {cb:.2f})")
            lines.append(
                f"The outlier alone gives <b>{100 * share:.0f}%</b> of your J. It pulls the "
                f"{moved['mse']}, but barely the {moved['mae']}.")
        else:
            lines.append("Turn on the outlier to see which loss it pulls.")
        self.readout.value = "<br>".join(lines)


def line_fit_dashboard(slope: float = 20.0, intercept: float = 70.0, loss: str = "mse",
                       outlier: bool = False):
    """Fit a line o = w·x + b to 20 house prices by hand: sliders for the slope w
    (0 … 80) and intercept b (55 … 135), a loss ("mse", "mae" or "huber") and an outlier
    toggle. Left: the data, your line and its residuals; right: your (w, b) on the
    contour of J with the best fit starred. Returns the dashboard widget."""
    return LineFitDashboard(slope=slope, intercept=intercept, loss=loss, outlier=outlier)
