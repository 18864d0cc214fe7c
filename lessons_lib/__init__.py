"""Descent's helper library: the maths, plots and widgets the notebooks call.

Layers, each importing only the ones before it:
maths (pure numpy: ``losses``, ``activations``, ``surfaces``, ``optimizers``, ``autograd``,
``nn``, ``data``, ``training``, ``worked``, ``gradcheck``, ``linefit``, ``cost``, and
``quiz`` for the self-checks) → ``plots`` (an Axes in, artists out) → ``widgets`` (controls
wired to plots) → the notebooks.

One convention everywhere: a layer's weight matrix ``W`` has shape ``(n_out, n_in)`` (row j
holds the weights into unit j, as textbooks write it), inputs ``X`` are ``(n_samples, n_in)``
and ``Z = X @ W.T + b``.
"""

__version__ = "0.1.0"
