import os
import shutil
import tempfile
from pathlib import Path

import matplotlib
import pytest
from hypothesis import settings

matplotlib.use("Agg")  # tests draw off-screen; notebooks and report.qmd never call this

from agritargets.core import paths
from tests.builds import SHARED_BUILDS, Background

# Property tests judge results, not speed: a busy machine (the shared builds run beside them) is no failure.
settings.register_profile("agritargets", deadline=None)
settings.load_profile("agritargets")


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
def _chinese_font():
    """Every test draws with the Simplified-Chinese face, as the package does (a missing glyph
    is an error, see pyproject's filterwarnings)."""
    from agritargets.core.fonts import use_chinese_font

    use_chinese_font()


CACHES = {".git", ".venv", ".hypothesis", ".pytest_cache", ".ruff_cache", "__pycache__"}


def _checkout_files() -> dict[str, tuple[int, int]]:
    """Every file of the checkout but version control, the environment and caches: size, mtime."""
    found = {}
    for folder, dirs, files in os.walk(paths.ROOT):
        dirs[:] = [d for d in dirs if d not in CACHES and not d.endswith(".egg-info")]
        for name in files:
            stat = os.stat(os.path.join(folder, name))
            found[os.path.relpath(os.path.join(folder, name), paths.ROOT)] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture(autouse=True, scope="session")
def _checkout_untouched():
    """No test writes into the checkout (commands, renders and notebooks write to temporary folders)."""
    before = _checkout_files()
    yield
    after = _checkout_files()
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert changed == [], f"the tests wrote into the checkout: {changed[:10]}"


@pytest.fixture(autouse=True, scope="session")
def _no_process_left():
    """Whatever the tests started through a render (Quarto, kernels, workers) ends with the session."""
    yield
    from agritargets.core import processes

    processes.stop_marked()


def pytest_configure(config):
    """One private scratch folder per session: the figure cache (tests never read or write the
    user's) and the shared builds, removed at the end."""
    config.agt_scratch = Path(tempfile.mkdtemp(prefix="agritargets-tests-"))
    os.environ["AGRITARGETS_CACHE"] = str(config.agt_scratch / "cache")


def pytest_collection_modifyitems(config, items):
    """Quick tests first, then slow ones, the document tests last (order kept otherwise): the
    shared builds run in the background meanwhile."""
    items.sort(
        key=lambda item: (
            item.nodeid.startswith("tests/documents/"),
            item.get_closest_marker("slow") is not None,
        )
    )


def pytest_collection_finish(session):
    """Start each shared build that a collected test needs."""
    session.config.agt_builds = {}
    if session.config.option.collectonly:
        return
    for name in SHARED_BUILDS:
        if any(name in getattr(item, "fixturenames", ()) for item in session.items):
            _shared(session.config, name)


def _shared(config, name: str) -> Background:
    if name not in config.agt_builds:
        config.agt_builds[name] = Background(SHARED_BUILDS[name], config.agt_scratch / name)
    return config.agt_builds[name]


def pytest_unconfigure(config):
    for build in getattr(config, "agt_builds", {}).values():
        build.stop()
    shutil.rmtree(config.agt_scratch, ignore_errors=True)


@pytest.fixture(scope="session")
def build_2023(request) -> Path:
    """One ``agritargets build``: the 2023 data, figure pack, report and deck, as published. It also
    fills the session's figure cache, so later renders of the 2023 documents read their figures."""
    return _shared(request.config, "build_2023").result()


@pytest.fixture(scope="session")
def build_2023_log(request, build_2023) -> str:
    """What that build printed (Quarto's progress for both documents, interleaved)."""
    return _shared(request.config, "build_2023").log.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def published_pack(build_2023) -> Path:
    """The 2023 figure pack (``build_2023/figures``)."""
    return build_2023 / "figures"


@pytest.fixture(scope="session")
def rerun_build(request):
    """One ``agritargets build`` with ``tests.builds.RERUN`` (census2020_county.csv, total 450, P 6622),
    as staff run it: the rerun, its figure pack and both documents, shared by the slow tests that
    check a rerun's outputs (one build instead of a render per test, started in the background)."""
    return _shared(request.config, "rerun_build").result()
