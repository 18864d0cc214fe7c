"""Descent's helper library: the maths, plots and widgets the notebooks call.

Layers, each importing only the ones before it:
maths (``surfaces``, ``optimizers``: pure numpy) → ``plots`` (an Axes in, artists out)
→ ``widgets`` (sliders wired to plots) → the notebooks.
"""

__version__ = "0.1.0"
