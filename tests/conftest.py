import os

import matplotlib
import pytest

matplotlib.use("Agg")  # tests draw off-screen; notebooks and report.qmd never call this

from agritargets import paths


@pytest.fixture(scope="session")
def root():
    return paths.ROOT


@pytest.fixture(autouse=True)
def _no_display(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    yield


def pytest_report_header(config):
    return f"agritargets root: {paths.ROOT}; quarto: {os.environ.get('QUARTO_PATH', 'from PATH if any')}"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never read or write the user's cache (figure images, national coverage)."""
    os.environ["AGRITARGETS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
