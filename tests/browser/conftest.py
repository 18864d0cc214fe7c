"""Pytest configuration for the browser tests (JupyterLab + headless Chromium)."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "browser: runs the notebooks in JupyterLab inside headless Chromium (slow, needs /usr/bin/chromium)",
    )
