"""Shared test set-up: draw off screen, so tests run on a machine without a display;
``warnings_are_errors`` for tests where any warning is a bug (a file opts in with
``pytestmark = pytest.mark.usefixtures("warnings_are_errors")``)."""

import warnings

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield
