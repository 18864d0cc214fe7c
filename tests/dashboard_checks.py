"""Checks every dashboard must pass, shared by the widget tests of each notebook.

- ``plot_state(d)``: the data of everything drawn on a dashboard's figures (lines,
  collections, images, texts), to see whether a control change changed the plot.
- ``control_values(control, n, seed)``: a control's minimum, maximum and ``n`` seeded
  random values in between (every option of a dropdown, both states of a toggle).
- ``sweep_every_control(d)``: each control driven through those values in random order,
  warnings as errors, a real render each time; the plot must change whenever the value
  does, the error line stays empty, no NaN is shown as a number, no figure leaks.
- ``rebuild_from_call(d)``: the reproducing line, run, gives the same plotted data.
"""

from __future__ import annotations

import html
import random
import re
import warnings

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import Collection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

import lessons_lib.widgets as lw


def plot_state(d) -> list:
    """Everything drawn on the dashboard's figures, as plain data (visible artists only)."""
    state = []
    for fig in d.figures:
        for artist in fig.findobj():
            if not artist.get_visible():
                continue
            if isinstance(artist, Line2D):
                state.append(("line", np.asarray(artist.get_xydata(), float).round(12).tobytes(),
                              artist.get_color() if isinstance(artist.get_color(), str)
                              else tuple(np.ravel(artist.get_color()))))
            elif isinstance(artist, Text):
                state.append(("text", artist.get_text()))
            elif isinstance(artist, AxesImage):
                state.append(("image", np.asarray(artist.get_array(), float).round(12).tobytes()))
            elif isinstance(artist, Collection):
                arr = artist.get_array()
                state.append(("collection",
                              np.asarray(artist.get_offsets(), float).round(12).tobytes(),
                              None if arr is None else np.asarray(arr, float).round(12).tobytes(),
                              np.asarray(artist.get_linewidths(), float).round(12).tobytes(),
                              np.asarray(artist.get_facecolors(), float).round(6).tobytes(),
                              np.asarray(artist.get_edgecolors(), float).round(6).tobytes(),
                              tuple(np.asarray(p.vertices, float).round(12).tobytes()
                                    for p in artist.get_paths()[:200])))
            elif isinstance(artist, Patch) and artist.axes is not None:
                state.append(("patch", np.asarray(artist.get_path().vertices, float).tobytes(),
                              str(artist.get_transform().get_matrix().round(9).tobytes()),
                              tuple(np.round(artist.get_facecolor(), 6)),
                              tuple(np.round(artist.get_edgecolor(), 6)),
                              artist.get_linewidth()))
    return state


def control_values(control, n: int = 20, seed: int = 0) -> list:
    """Minimum, maximum and n random values (seeded) of a control, in random order."""
    rng = random.Random(seed)
    if isinstance(control, (widgets.SelectionSlider, widgets.Dropdown, widgets.ToggleButtons,
                            widgets.RadioButtons, widgets.SelectionRangeSlider)):
        options = [o[1] if isinstance(o, tuple) else o for o in control.options]
        values = [options[0], options[-1]] + [rng.choice(options) for _ in range(n)]
    elif isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        values = [True, False] * (1 + n // 4)
    elif isinstance(control, widgets.FloatLogSlider):
        values = [control.base ** control.min, control.base ** control.max] + [
            control.base ** rng.uniform(control.min, control.max) for _ in range(n)]
    elif isinstance(control, (widgets.IntSlider, widgets.BoundedIntText)):
        values = [control.min, control.max] + [rng.randint(control.min, control.max)
                                               for _ in range(n)]
    elif isinstance(control, (widgets.FloatSlider, widgets.BoundedFloatText)):
        values = [control.min, control.max] + [rng.uniform(control.min, control.max)
                                               for _ in range(n)]
    else:
        raise TypeError(f"no sweep known for {type(control).__name__}")
    rng.shuffle(values)
    return values


NAN_SHOWN = re.compile(r"\b(nan|NaN|inf)\b")


def visible_text(d) -> str:
    """Readout, reproducing line and every text on the figures."""
    texts = [html.unescape(re.sub("<[^>]+>", " ", d.readout.value))]
    for fig in d.figures:
        texts += [t.get_text() for t in fig.findobj(Text) if t.get_visible()]
    return "\n".join(texts)


def sweep_every_control(d, n: int = 20, seed: int = 0, must_change: bool = True):
    """Drive each control of dashboard ``d`` through ``control_values``. Returns
    {control name: number of value changes that changed the plot}."""
    figures_before = plt.get_fignums()
    changed = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, control in d.controls.items():
            changed[name] = 0
            for i, value in enumerate(control_values(control, n, seed)):
                before_value, before = control.value, plot_state(d)
                control.value = value
                d.settle()
                for fig in d.figures:
                    fig.canvas.draw()  # a real render at every setting
                assert d.error.value == "", f"{name}={value!r}: {d.error.value}"
                text = visible_text(d)
                assert not NAN_SHOWN.search(text), f"{name}={value!r} shows a NaN/inf: {text}"
                if control.value != before_value:
                    differs = plot_state(d) != before
                    changed[name] += differs
                    if must_change:
                        assert differs, f"{name}: {before_value!r} → {value!r} left the plot unchanged"
    assert plt.get_fignums() == figures_before, "the dashboard opened pyplot figures"
    return changed


def rebuild_from_call(d):
    """Run the reproducing line in a fresh namespace; the new dashboard must show the same."""
    call = d.call()
    assert html.unescape(re.sub("</?code>", "", d.code.value)) == call
    namespace = {name: getattr(lw, name) for name in dir(lw) if not name.startswith("_")}
    again = eval(call, {"__builtins__": {}}, namespace)  # noqa: S307 - our own line
    again.settle()
    for fig in again.figures + d.figures:
        fig.canvas.draw()
    assert plot_state(again) == plot_state(d), f"{call} does not rebuild the same view"
    assert again.call() == call
    again.close()
    return again
