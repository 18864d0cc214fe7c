"""Shared test set-up: draw off screen, so tests run on a machine without a display."""

import matplotlib

matplotlib.use("Agg")
