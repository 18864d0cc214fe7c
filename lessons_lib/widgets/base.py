"""What every dashboard shares: live figures, blitting, the reproducing line, errors shown.

A dashboard is a ``Dashboard``: named controls (sliders, dropdowns, toggles) in a row,
one or more ipympl canvases built once, and under them a readout, the one line of Python
that reproduces the current view, and an error line (empty unless a callback failed).
A control change calls the dashboard's ``update(name)``, which moves only the artists
that changed and redraws them with a ``Blitter``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import math
import numbers
import struct
import threading
import warnings
import zlib

import ipywidgets as widgets
import matplotlib
import numpy as np
from IPython import get_ipython
from matplotlib import rcsetup
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox


def _import_ipympl_canvas():
    """ipympl's canvas classes, imported without side effects on plain figures.

    Importing ipympl switches matplotlib's backend to ipympl when matplotlib is already
    loaded. Then every ``plt.subplots`` in the notebook would turn into a live widget
    and vanish from HTML exports. So put the backend back: static figures stay
    static (inline), and only the dashboards, which build their canvas themselves, are live.
    Switching back to inline needs IPython's hooks re-attached, as ``%matplotlib inline`` does.
    """
    before = matplotlib.get_backend(auto_select=False)
    from ipympl.backend_nbagg import Canvas, FigureManager

    if matplotlib.get_backend(auto_select=False) != before:
        matplotlib.use(rcsetup._auto_backend_sentinel if before is None else before)
        shell = get_ipython()
        if shell is not None and before is not None and "inline" in before:
            shell.run_line_magic("matplotlib", "inline")  # re-attach the PNG display hooks
    return Canvas, FigureManager


_IpymplCanvas, FigureManager = _import_ipympl_canvas()


class Canvas(_IpymplCanvas):
    """ipympl's canvas, with one renderer per thread.

    JupyterLab ≥ 4.6 sends widget messages to a kernel *subshell*: a second thread. So a
    dashboard is built (and laid out) in the main thread but redrawn in the subshell
    thread, while the main thread may be drawing the next cell's figure. A renderer caches
    parsed maths text (log-axis ticks such as 10⁻³, labels such as x₁) together with the
    font objects of the thread that parsed it; two threads using one FreeType font at once
    corrupt it ("FT_Load_Glyph … invalid outline"). Fonts are otherwise per thread, so a
    fresh renderer in each new thread keeps every font in the thread that made it.
    """

    def get_renderer(self):
        thread = threading.get_ident()
        if getattr(self, "_renderer_thread", None) != thread:
            self._lastKey = None  # the Agg canvas then makes a new renderer
            self._renderer_thread = thread
        return super().get_renderer()

    #: How many whole-picture frames each canvas keeps, encoded (see ``get_diff_image``).
    SAVED_FRAMES = 8

    def get_diff_image(self):
        """The PNG of the new frame that ipympl sends to the browser: matplotlib's
        ``get_diff_image`` (a full frame, or in "diff" mode the changed pixels over
        transparent ones), made cheaper. Encoding that PNG was about two thirds of a slider
        update, so:

        - rows unfiltered and zlib level 1 (``_png``): about 3× faster than Pillow's
          encoder at level 6, for about as many bytes (−10 % … +15 % here);
        - a diff is cut to the rows and columns up to the last changed pixel (the browser
          draws it at the top-left corner; pixels right of and below it stay as they were);
        - a frame that changes most of the picture (another surface, another view) is sent
          whole, without its alpha channel (the figure is opaque), and the PNGs of the last
          ``SAVED_FRAMES`` such frames are kept under a SHA-256 of their pixels: showing a
          picture again (back to a surface, same settings) costs no encoding at all.

        The browser ends up with the very same pixels as with matplotlib's PNG.
        """
        if not self._png_is_old:
            return None
        pixels = np.asarray(self.get_renderer().buffer_rgba())
        buff = pixels.view(np.uint32).squeeze(2)
        opaque = bool((pixels[:, :, 3] == 255).all())
        whole = self._force_full or buff.shape != self._last_buff.shape or not opaque
        if not whole:
            changed = buff != self._last_buff
            rows, cols = np.flatnonzero(changed.any(axis=1)), np.flatnonzero(changed.any(axis=0))
            h, w = (rows[-1] + 1, cols[-1] + 1) if rows.size else (1, 1)
            whole = h * w > buff.size // 2
        self._last_buff = buff.copy()
        self._force_full = False
        self._png_is_old = False
        if not whole:
            self.set_image_mode("diff")
            output = np.where(changed[:h, :w], buff[:h, :w], 0)
            return _png(output.view(np.uint8).reshape(h, w, 4))
        self.set_image_mode("full")
        if not opaque:
            return _png(pixels)
        saved = self.__dict__.setdefault("_saved_frames", {})
        key = hashlib.sha256(pixels).digest()
        png = saved.pop(key, None) or _png(pixels[:, :, :3])
        saved[key] = png  # now the newest
        if len(saved) > self.SAVED_FRAMES:
            del saved[next(iter(saved))]
        return png


def _png(data) -> bytes:
    """``data (h, w, 3 or 4)`` uint8 (RGB or RGBA) as PNG bytes: rows unfiltered, zlib
    level 1. Pillow's encoder tries every PNG filter on every row: ~3× slower here, for
    files hardly smaller (the pictures are flat colours and zeros)."""
    h, w, channels = data.shape
    rows = np.empty((h, w * channels + 1), np.uint8)
    rows[:, 0] = 0  # filter type 0 (none) for every row
    rows[:, 1:].reshape(h, w, channels)[...] = data  # one copy, also from a strided view
    header = struct.pack(">IIBBBBB", w, h, 8, 6 if channels == 4 else 2, 0, 0, 0)
    return b"".join([b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header),
                     _chunk(b"IDAT", zlib.compress(rows, 1)), _chunk(b"IEND", b"")])


def _chunk(kind: bytes, payload: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC-32 of type and data."""
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload)))


__all__ = ["Blitter", "ViewBlitter", "Dashboard", "freeze_layout", "live_figure", "nice_values",
           "choice_slider", "WIDE"]

WIDE = {"description_width": "initial"}  # keep labels such as "learning rate α" whole


def live_figure(width: float = 6.0, height: float = 4.8) -> tuple[Figure, Canvas]:
    """A matplotlib Figure on its own ipympl canvas widget (outside pyplot, so it is
    freed with the dashboard and never leaks into ``plt.get_fignums()``)."""
    fig = Figure(figsize=(width, height), layout="constrained")
    canvas = Canvas(fig)
    with warnings.catch_warnings():
        # ipympl 0.10's toolbar passes its canvas on to traitlets, which warns
        # "Passing unrecognized arguments to super(Toolbar).__init__()": harmless, upstream.
        warnings.filterwarnings("ignore", "Passing unrecognized arguments",
                                DeprecationWarning)
        FigureManager(canvas, 0)
    canvas.header_visible = False
    canvas.toolbar_position = "right"
    return fig, canvas


def freeze_layout(fig: Figure) -> None:
    """Lay the figure out once, then keep that layout for every later draw.

    Constrained layout with an equal-aspect plot and a colour bar shifts the axes a little
    on every draw, so each full redraw would make the plot jitter (and cost layout time).
    """
    fig.draw_without_rendering()
    fig.set_layout_engine("none")


class Blitter:
    """Redraw only the moving artists over a cached picture of everything else.

    A full draw of a contour figure costs ~100 ms (mostly ticks, text and layout); the
    moving artists alone cost a few. So the moving artists are marked animated (a full
    draw skips them), the rest is saved after every full draw (``draw_event``) and an
    update pastes it back, draws the moving artists and sends the changed pixels.
    Until the first full draw (the browser asks for it when the plot appears) there is no
    saved picture, and ``update`` falls back to ``draw_idle``. When something that is not
    animated changed too (an axis limit, a title), call ``update(full=True)``.
    """

    def __init__(self, canvas, artists):
        self.canvas, self.artists = canvas, list(artists)
        self.background, self._key = None, None
        for artist in self.artists:
            artist.set_animated(True)
        canvas.mpl_connect("draw_event", self._on_draw)

    def _size(self):
        fig = self.canvas.figure
        return (*fig.bbox.size, fig.dpi)

    def copy_all(self):
        """The whole picture, every pixel (``figure.bbox`` can be a hair short, e.g.
        819.9999 px, and copying it would leave the last column out)."""
        w, h = self.canvas.get_renderer().get_canvas_width_height()
        return self.canvas.copy_from_bbox(Bbox.from_extents(0, 0, w, h))

    def _on_draw(self, event):
        if event.canvas is self.canvas and event.renderer is self.canvas.get_renderer():
            self.background = self.copy_all()
            self._key = self._size()
        for artist in self.artists:  # a full frame (and savefig) shows them too
            artist.draw(event.renderer)

    def update(self, full: bool = False):
        """Show the artists' new state: a blit when possible, else one full redraw."""
        if full or self.background is None or self._key != self._size():
            self.canvas.draw_idle()
            return
        self.canvas.restore_region(self.background)
        for artist in self.artists:
            self.canvas.figure.draw_artist(artist)
        self.canvas.blit(self.canvas.figure.bbox)


class ViewBlitter(Blitter):
    """A ``Blitter`` for a figure that shows one of several views at a time (a surface,
    a (loss, outlier) state): it saves the background of every view after that view's
    first full draw, so switching back to a view is a blit, not a full draw.

    ``switch(view, artists=None)`` says which view the figure now shows (call it after
    changing the figure, then ``update()``): its saved background is used if the figure
    still has the same size, else the next ``update`` draws in full and saves it.
    ``artists``: the moving artists of that view (default: the same as before).
    Inside ``with blitter.ignoring_draws():`` draw events are ignored: a layout pass
    (``Figure.draw_without_rendering``) clears the canvas and sends one, but draws nothing.
    """

    def __init__(self, canvas, artists, view):
        self.view, self.saved, self._ignoring = view, {}, False
        super().__init__(canvas, artists)

    def _on_draw(self, event):
        if self._ignoring:
            return
        super()._on_draw(event)
        if (self.background is not None and event.canvas is self.canvas
                and event.renderer is self.canvas.get_renderer()):
            self.saved[self.view] = (self.background, self._key)

    @contextlib.contextmanager
    def ignoring_draws(self):
        """Draw events inside this block save no background (nothing was drawn)."""
        self._ignoring = True
        try:
            yield self
        finally:
            self._ignoring = False

    def switch(self, view, artists=None) -> bool:
        """The figure now shows ``view`` (moving ``artists``, if given). Returns True when
        the next ``update`` will be a full draw (no saved background of that view)."""
        self.view = view
        if artists is not None:
            self.artists = list(artists)
            for artist in self.artists:
                artist.set_animated(True)
        saved = self.saved.get(view)
        if saved is not None and saved[1] == self._size():
            self.background, self._key = saved
        else:
            self.background, self._key = None, None
        return self.background is None


def nice_values(lo: float, hi: float, digits: int = 2, log: bool = True, n: int = 400):
    """Round numbers from ``lo`` to ``hi`` with ``digits`` significant digits, log-spaced
    (``log=True``) or evenly spaced: the values a slider offers, e.g. 0.001 … 0.19, 0.2,
    0.21 … 2. A slider on these stops at numbers a student can write down, and the
    reproducing line prints exactly the value that was used."""
    if not (0 < lo < hi if log else lo < hi):
        raise ValueError(f"need 0 < lo < hi for a log scale, got lo={lo}, hi={hi}")
    raw = np.geomspace(lo, hi, n) if log else np.linspace(lo, hi, n)
    values = sorted({float(f"{v:.{digits}g}") for v in raw} | {float(lo), float(hi)})
    return [v for v in values if lo <= v <= hi]


def choice_slider(value: float, values, description: str, what: str | None = None):
    """A slider that stops only at ``values`` (sorted numbers); starts at ``value``,
    which must lie within their range and is moved to the nearest of them."""
    values = list(values)
    what = what or description
    if (isinstance(value, bool) or not isinstance(value, numbers.Real)
            or not math.isfinite(value)):
        raise ValueError(f"{what} must be a number, got {value!r}")
    if not values[0] <= value <= values[-1]:
        raise ValueError(f"{what} must be between {values[0]:g} and {values[-1]:g}, "
                         f"got {value:g}")
    nearest = min(values, key=lambda v: abs(v - value))
    return widgets.SelectionSlider(
        options=[(f"{v:g}", v) for v in values], value=nearest, description=description,
        style=WIDE, continuous_update=True)


def _literal(value) -> str:
    """A control's value as Python source: "ravine", 0.35, 40, True."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        return f"{float(value):.10g}"
    return repr(value)


def guarded(method):
    """Run a control's callback; if it fails, say so on the dashboard (a callback's
    exception is otherwise invisible in JupyterLab) and re-raise for the log."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            result = method(self, *args, **kwargs)
        except Exception as exc:
            self.error.value = (f'<span class="lessons-error" style="color:#D55E00">'
                                f"Something went wrong: {html.escape(repr(exc))}</span>")
            raise
        self.error.value = ""
        return result

    return wrapper


class Dashboard(widgets.VBox):
    """Controls in a row, the plot(s) built once, then readout, reproducing line, errors.

    Subclasses set ``factory`` (the name of the function in ``lessons_lib.widgets`` that
    builds them, for the reproducing line), build their figures, then call
    ``self._assemble(controls, body)`` with ``controls`` a dict {keyword: widget} whose
    keys are that function's keyword arguments, and implement ``update(name)``: redraw
    after control ``name`` changed (move artists, ``Blitter.update``, set
    ``self.readout.value``). ``settle()`` finishes any work still running (training);
    here it does nothing.

    Attributes for tests and notebooks: ``controls``, ``figures``, ``canvases``,
    ``readout``, ``code`` (the reproducing call as HTML), ``error``.
    """

    factory = "dashboard"

    def _assemble(self, controls: dict, body: list, figures: list, fixed: dict | None = None):
        """Wire the controls and lay the dashboard out. ``fixed`` holds keyword arguments
        shown in the reproducing line that no control changes."""
        self.controls, self.fixed, self.figures = dict(controls), dict(fixed or {}), figures
        self.canvases = [fig.canvas for fig in figures]
        self.readout, self.code, self.error = widgets.HTML(), widgets.HTML(), widgets.HTML()
        for name, control in self.controls.items():
            control.observe(functools.partial(self._on_change, name), names="value")
        rows = [widgets.HBox(list(self.controls.values())[i:i + 3],
                             layout=widgets.Layout(flex_flow="row wrap"))
                for i in range(0, len(self.controls), 3)]
        super().__init__([*rows, *body, self.readout, self.code, self.error])
        self._show_call()

    def call(self) -> str:
        """The one line of Python that rebuilds the current view."""
        args = {**self.fixed, **{k: c.value for k, c in self.controls.items()}}
        inner = ", ".join(f"{k}={_literal(v)}" for k, v in args.items())
        return f"{self.factory}({inner})"

    def _show_call(self):
        self.code.value = f"<code>{html.escape(self.call())}</code>"

    @guarded
    def _on_change(self, name, change=None):
        self.update(name)
        self._show_call()

    def update(self, name: str) -> None:  # pragma: no cover - every subclass defines it
        raise NotImplementedError(f"{type(self).__name__} must define update(name)")

    def settle(self) -> None:
        """Finish any work a control change started (e.g. training); nothing here."""

    def close(self):
        """Close the widgets and free the figures."""
        for canvas in getattr(self, "canvases", ()):  # also when __init__ failed half-way
            canvas.close()
        super().close()
