import os

import matplotlib
import pytest

matplotlib.use("Agg")  # tests draw off-screen; notebooks and report.qmd never call this

from agritargets.core import paths


@pytest.fixture(scope="session")
def root():
    return paths.ROOT


@pytest.fixture(autouse=True)
def _no_display(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    yield


def pytest_report_header(config):
    from agritargets.documents.quarto import find_quarto

    quarto = find_quarto()
    found = (
        f"{quarto.path} ({quarto.version_text})" if quarto else "not found (the report and deck tests fail)"
    )
    return f"agritargets root: {paths.ROOT}; quarto: {found}"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory):
    """Tests never read or write the user's cache (figure images, national coverage)."""
    os.environ["AGRITARGETS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield


@pytest.fixture(autouse=True, scope="session")
def _chinese_font():
    """Every test draws with the Simplified-Chinese face, as the package does (a missing glyph
    is an error, see pyproject's filterwarnings)."""
    from agritargets.core.fonts import use_chinese_font

    use_chinese_font()


@pytest.fixture(autouse=True, scope="session")
def _no_process_left():
    """Whatever the tests started through a render (Quarto, kernels, workers) ends with the session."""
    yield
    from agritargets.core import processes

    processes.stop_marked()


RERUN = ("--total", "450", "--province-population", "6622")  # a rerun on the 2020 census, other numbers


@pytest.fixture(scope="session")
def rerun_build(tmp_path_factory):
    """One ``agritargets build --population census2020_county.csv --total 450 --province-population 6622``,
    as staff run it: the rerun, its figure pack and both documents, shared by the slow tests that
    check a rerun's outputs (one build instead of a render per test)."""
    import subprocess
    import sys

    out = tmp_path_factory.mktemp("rerun") / "build"
    census = paths.POPULATION_RAW / "census2020_county.csv"
    cmd = [
        sys.executable,
        "-m",
        "agritargets",
        "build",
        "--population",
        str(census),
        *RERUN,
        "--out",
        str(out),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return out
