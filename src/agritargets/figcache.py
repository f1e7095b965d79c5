"""A cache of report-resolution figure images, keyed on everything a figure depends on.

The figure pack renders each figure once and stores a compact PNG here; the report
(a separate kernel process) then reads it instead of drawing the figure again. The
key covers the scenario's input files, the package's own source, the geometry and
the library versions, so a stale image is never used.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import matplotlib

from agritargets import paths


def cache_dir() -> Path:
    return Path(os.environ.get("AGRITARGETS_CACHE", Path.home() / ".cache" / "agritargets")) / "figures"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    h = hashlib.sha256()
    for p in sorted(Path(__file__).parent.glob("*.py")):
        h.update(p.read_bytes())
    for p in sorted(paths.GEO.glob("*_simplified.geojson")):
        h.update(p.read_bytes())
    from agritargets.geometry import cnmaps_version

    h.update(f"{matplotlib.__version__}|{cnmaps_version()}".encode())
    return h.hexdigest()


def key(stem: str, scenario) -> str:
    """Hash of the code, the figure and the scenario's own tables (targets, shares, residuals, P ...)."""
    data = scenario.counties.to_csv(index=False) + scenario.prefectures.to_csv(index=False)
    parts = [
        _code_fingerprint(),
        stem,
        scenario.title,
        scenario.compare_label,
        scenario.population_label,
        data,
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def get(stem: str, scenario) -> bytes | None:
    path = cache_dir() / f"{key(stem, scenario)}.png"
    return path.read_bytes() if path.exists() else None


def put(stem: str, scenario, png: bytes) -> None:
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key(stem, scenario)}.png"
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(png)
    tmp.replace(path)  # atomic: a concurrent reader never sees half a file
