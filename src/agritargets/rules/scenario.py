"""The one table every figure and the report draw from.

``published()`` is the notice's 2023 targets, compared with the best-fitting
reproduction from real population figures; ``from_population()`` is a staff
rerun (new file, total, P, rounding) compared with the 2023 targets. Both give
the same columns, so maps and report never care which one they show.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from agritargets.core import paths
from agritargets.core.files import sha256
from agritargets.core.formatting import wan, yi
from agritargets.core.targets import load_targets
from agritargets.population.prepare import validated_allocation
from agritargets.rules.allocation import allocate
from agritargets.rules.forensic import province_totals, read_vintage

# The reproduction the forensic check found closest (most exact matches, all 123 units covered):
# 2020 census county figures over the year-end-2021 provincial population.
BEST_FIT_VINTAGE = "census2020"
BEST_FIT_P = "P2021"

COUNTY_COLUMNS = [
    "seq",
    "adcode",
    "county",
    "prefecture_adcode",
    "prefecture",
    "target_yi",
    "target_cents",
    "share_pct",
    "population_wan",
    "compare_yi",
    "residual_yi",
]
PREFECTURE_COLUMNS = [
    "seq",
    "adcode",
    "prefecture",
    "target_yi",
    "target_cents",
    "share_pct",
    "compare_yi",
    "residual_yi",
]
COLUMNS = COUNTY_COLUMNS  # the name figure code has always used


@dataclass(frozen=True)
class Scenario:
    """Targets to draw, what they are compared with, and where they came from.

    ``counties`` has ``COUNTY_COLUMNS``, ``prefectures`` ``PREFECTURE_COLUMNS``.
    ``run`` is the rerun's record of what was used — the same dict as its
    ``run.json`` (input file, SHA-256, sheet, header rows, unit, rows read, P and
    its source, total, rounding, largest changes); None for the published targets.
    """

    counties: pd.DataFrame
    prefectures: pd.DataFrame
    title: str  # what the targets are, e.g. "2023 年印发目标"
    compare_label: str  # what residual_yi compares against
    population_label: str  # where population_wan comes from
    total: Decimal
    inputs: dict  # file -> sha256, for the report's "built from" statement
    is_published: bool
    run: dict | None = None

    @property
    def residual_phrase(self) -> str:
        """What ``residual_yi`` is, in words: printed minus recomputed, or new minus 2023."""
        return "与复算值之差" if self.is_published else "与 2023 年目标之差"

    @property
    def population_source(self) -> str:
        """``population_label`` without its noun and unit: "七普 2020", or the rerun's file name."""
        return self.population_label.replace("（万人）", "").replace(" 常住人口", "")


def _cents(values) -> list[int]:
    return [int(Decimal(v) * 100) for v in values]


def published() -> Scenario:
    """The notice's 2023 targets beside their best reproduction (2020 census, P = year-end 2021).

    Returns
    -------
    Scenario
    """
    c = load_targets("county")
    p = load_targets("prefecture")
    P = province_totals()[BEST_FIT_P]
    census = read_vintage(BEST_FIT_VINTAGE)
    census = census.merge(c[["adcode", "county", "prefecture_adcode", "prefecture"]], on="adcode")
    rep = allocate(census[["adcode", "county", "prefecture_adcode", "prefecture", "population_wan"]], 400, P)
    rep_c = dict(zip(rep.counties["adcode"], _cents(rep.counties["target_yi"]), strict=True))
    rep_p = dict(zip(rep.prefectures["adcode"], _cents(rep.prefectures["target_yi"]), strict=True))
    pop = {a: float(v) for a, v in zip(census["adcode"], census["population_wan"], strict=True)}
    counties = _against(c, rep_c, Decimal(400)).assign(
        population_wan=lambda d: d["adcode"].map(pop).astype(float)
    )
    return Scenario(
        counties=counties[COUNTY_COLUMNS],
        prefectures=_against(p, rep_p, Decimal(400))[PREFECTURE_COLUMNS],
        title="2023 年印发目标",
        compare_label=f"以七普人口、全省 {wan(P)} 万人（2021 年末）为分母的复算值",
        population_label="七普 2020 常住人口（万人）",
        total=Decimal(400),
        inputs=_inputs([paths.NOTICE, paths.POPULATION_RAW / "census2020_county.csv"]),
        is_published=True,
    )


def _against(printed: pd.DataFrame, compare_cents: dict[str, int], total: Decimal) -> pd.DataFrame:
    """Printed targets with their share and the difference from ``compare_cents`` (NaN where absent)."""
    out = printed.copy()
    out["share_pct"] = out["target_cents"] / float(total)  # cents / (total × 100) × 100 %
    compare = out["adcode"].map(compare_cents)
    out["compare_yi"] = compare / 100
    out["residual_yi"] = (out["target_cents"] - compare) / 100  # NaN where nothing to compare
    return out


def _new_targets(
    published_level: pd.DataFrame, alloc_level: pd.DataFrame, diff: pd.DataFrame, columns: list[str]
) -> pd.DataFrame:
    """One level of a rerun: new targets, shares, and new − 2023 (computed once, in ``changes``)."""
    out = published_level.set_index("adcode").loc[alloc_level["adcode"]].reset_index()
    out["target_cents"] = _cents(alloc_level["target_yi"])
    out["target_yi"] = out["target_cents"] / 100
    out["share_pct"] = [float(s) * 100 for s in alloc_level["share"]]
    out["compare_yi"] = [float(v) for v in diff.loc[out["adcode"], "published_2023_yi"]]
    out["residual_yi"] = [float(v) for v in diff.loc[out["adcode"], "diff_yi"]]
    if "population_wan" in columns:
        out["population_wan"] = [float(v) for v in alloc_level["population_wan"]]
    return out[columns]


def from_population(
    file: Path | str,
    total: object = "400",
    province_population: object = None,
    rounding: str | None = "half-up",
    allow_partial: object = False,
    sheet: str | None = None,
    column: str | None = None,
    accept_outliers: Collection[str] | str = (),
) -> Scenario:
    """A staff rerun: targets from ``file``; residual = new target minus the 2023 printed one.

    Every option may arrive as a string from a report parameter; ``""`` means not given.
    Bad input raises :class:`~agritargets.core.errors.InputError` before anything is drawn.

    Parameters
    ----------
    file : Path or str
        The population file.
    total, province_population, rounding, allow_partial, sheet, column, accept_outliers
        As for :func:`agritargets.population.prepare.validated_allocation`.

    Returns
    -------
    Scenario
        With ``run`` = the run record (same as ``run.json``).
    """
    file = Path(file)
    checked = validated_allocation(
        file, total, province_population, rounding, allow_partial, sheet, column, accept_outliers
    )
    a, changes = checked.allocation, checked.changes
    counties = _new_targets(load_targets("county"), a.counties, changes.level("county"), COUNTY_COLUMNS)
    prefectures = _new_targets(
        load_targets("prefecture"), a.prefectures, changes.level("prefecture"), PREFECTURE_COLUMNS
    )
    return Scenario(
        counties=counties,
        prefectures=prefectures,
        title=f"按 {file.name} 重新测算的目标（全省 {yi(a.total)} 亿元，{a.rounding}）",
        compare_label="2023 年印发目标",
        population_label=f"{file.name}（万人）",
        total=a.total,
        inputs=_inputs([paths.NOTICE, file]),
        is_published=False,
        run=checked.record,
    )


def _inputs(files: list[Path]) -> dict[str, str]:
    return {Path(f).name: sha256(f) for f in files}
