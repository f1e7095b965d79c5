"""Where the project's files live. One place, so nothing else hard-codes a path."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root (override with ``AGRITARGETS_ROOT``).

    Returns
    -------
    Path
        Absolute: ``$AGRITARGETS_ROOT`` if set and not empty, else the folder that holds
        ``src/agritargets`` (the checkout, for a source or editable install).
    """
    env = os.environ.get("AGRITARGETS_ROOT")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parents[3]


ROOT = project_root()
DATA = ROOT / "data"
RAW = DATA / "raw"
REFERENCE = DATA / "reference"
PROCESSED = DATA / "processed"
GEO = ROOT / "geo"

NOTICE = RAW / "hunan-2023-shushang-xingnong-notice.txt"
POPULATION_RAW = RAW / "population"
UNITS = REFERENCE / "hunan_county_units.csv"
ALIASES = REFERENCE / "aliases.csv"
ADCODE_CORRECTIONS = REFERENCE / "adcode_corrections.csv"

COUNTY_TARGETS = PROCESSED / "targets_county_2023.csv"
PREFECTURE_TARGETS = PROCESSED / "targets_prefecture_2023.csv"
PRINTED_TOTALS = PROCESSED / "targets_printed_totals_2023.csv"
