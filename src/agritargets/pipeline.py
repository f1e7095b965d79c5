"""The derived-data build: everything in data/processed/ from data/raw/ in one call."""

from __future__ import annotations

from pathlib import Path

from agritargets.targets import build_targets


def build_data() -> list[Path]:
    return build_targets()
