"""The 2023 report and deck as ``agritargets build`` makes them, read by every test that checks them."""

from __future__ import annotations

import pytest

from agritargets.documents.quarto import Rendered


@pytest.fixture(scope="session")
def documents_2023(build_2023, build_2023_log) -> dict[str, Rendered]:
    """report.qmd (HTML + PDF) and briefing.qmd (PPTX + web slides), rendered side by side by the
    shared build (tests/conftest.py); ``log`` is the build's whole output, both renders interleaved."""
    folder = build_2023 / "report"
    return {
        name: Rendered(sorted(folder.glob(f"{name}.*")), build_2023_log) for name in ("report", "briefing")
    }


@pytest.fixture(scope="session")
def published(documents_2023) -> Rendered:
    """The 2023 report: ``report.html`` and ``report.pdf`` from one execution."""
    return documents_2023["report"]


@pytest.fixture(scope="session")
def deck(documents_2023) -> Rendered:
    """The 2023 deck: ``briefing.pptx`` and ``briefing.html`` (web slides)."""
    return documents_2023["briefing"]
