"""A cache of figure renditions (report PNG/SVG, slide PNG ...), keyed on everything a figure depends on.

The figure pack (or :func:`agritargets.figures.pack.warm_cache`) draws each figure once per layout and
stores every rendition here; the report (a separate kernel process) and the deck read them
instead of drawing again. The key covers the package's own source, the geometry, the library
versions, the figure, the rendition and the scenario's tables, so a stale image is never used.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

import matplotlib

from agritargets.core import paths

DEFAULT_RENDITION = "report_png"


def cache_dir() -> Path:
    """Where renditions are kept: ``$AGRITARGETS_CACHE/figures`` or ``~/.cache/agritargets/figures``.

    Returns
    -------
    Path
    """
    return Path(os.environ.get("AGRITARGETS_CACHE", Path.home() / ".cache" / "agritargets")) / "figures"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    h = hashlib.sha256()
    for p in sorted(Path(__file__).parents[2].rglob("*.py")):  # the whole package
        h.update(p.read_bytes())
    for p in sorted(paths.GEO.glob("*_simplified.geojson")):
        h.update(p.read_bytes())
    for p in sorted(paths.POPULATION_RAW.glob("*.csv")):  # the evidence charts read them
        h.update(p.read_bytes())
    from agritargets.core.geo import cnmaps_version

    h.update(f"{matplotlib.__version__}|{cnmaps_version()}".encode())
    return h.hexdigest()


def key(stem: str, scenario, rendition: str = DEFAULT_RENDITION) -> str:
    """Hash of the code, the figure, the rendition and the scenario's own tables (targets, shares, residuals, P ...).

    Parameters
    ----------
    stem : str
    scenario : Scenario
    rendition : str

    Returns
    -------
    str
    """
    data = scenario.counties.to_csv(index=False) + scenario.prefectures.to_csv(index=False)
    parts = [
        _code_fingerprint(),
        stem,
        rendition,
        scenario.title,
        scenario.compare_label,
        scenario.population_label,
        str(scenario.is_published),
        data,
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def _path(stem: str, scenario, rendition: str) -> Path:
    ext = rendition.rsplit("_", 1)[-1] if "_" in rendition else "png"  # "thumbnail" is a PNG
    return cache_dir() / f"{key(stem, scenario, rendition)}.{ext}"


def get(stem: str, scenario, rendition: str = DEFAULT_RENDITION) -> bytes | None:
    """A cached rendition, or None.

    Parameters
    ----------
    stem : str
    scenario : Scenario
    rendition : str
        ``report_png``, ``report_svg``, ``print_png``, ``slide_png``, ``deck_png``, ``slide_svg``
        or ``thumbnail``.

    Returns
    -------
    bytes or None
    """
    path = _path(stem, scenario, rendition)
    return path.read_bytes() if path.exists() else None


def put(stem: str, scenario, data: bytes, rendition: str = DEFAULT_RENDITION) -> None:
    """Store a rendition (atomically: a concurrent reader never sees half a file).

    Parameters
    ----------
    stem : str
    scenario : Scenario
    data : bytes
    rendition : str
    """
    path = _path(stem, scenario, rendition)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
