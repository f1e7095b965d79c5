"""The one table every figure and the report draw from.

``published()`` is the notice's 2023 targets, compared with the best-fitting
reproduction from real population figures; ``from_population()`` is a staff
rerun (new file, total, P, rounding) compared with the 2023 targets. Both give
the same columns, so maps and report never care which one they show.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from agritargets import paths
from agritargets.allocation import allocate
from agritargets.files import sha256
from agritargets.forensic import province_totals, read_vintage
from agritargets.rerun import validated_allocation
from agritargets.targets import load_targets

# The reproduction the forensic check found closest (most exact matches, all 123 units covered):
# 2020 census county figures over the year-end-2021 provincial population.
BEST_FIT_VINTAGE = "census2020"
BEST_FIT_P = "P2021"


@dataclass(frozen=True)
class Scenario:
    counties: pd.DataFrame  # see COLUMNS
    prefectures: (
        pd.DataFrame
    )  # adcode, prefecture, target_yi, target_cents, share_pct, compare_yi, residual_yi
    title: str  # what the targets are, e.g. "2023 年印发目标"
    compare_label: str  # what residual_yi compares against
    population_label: str  # where population_wan comes from
    total: Decimal
    inputs: dict  # file -> sha256, for the report's "built from" statement
    is_published: bool


COLUMNS = [
    "seq", "adcode", "county", "prefecture_adcode", "prefecture", "target_yi", "target_cents",
    "share_pct", "population_wan", "compare_yi", "residual_yi",
]  # fmt: skip


def _cents(values) -> list[int]:
    return [int(Decimal(v) * 100) for v in values]


def published() -> Scenario:
    c = load_targets("county")
    p = load_targets("prefecture")
    P = province_totals()[BEST_FIT_P]
    census = read_vintage(BEST_FIT_VINTAGE)
    census = census.merge(c[["adcode", "county", "prefecture_adcode", "prefecture"]], on="adcode")
    rep = allocate(census[["adcode", "county", "prefecture_adcode", "prefecture", "population_wan"]], 400, P)
    rep_c = dict(zip(rep.counties["adcode"], _cents(rep.counties["target_yi"]), strict=True))
    rep_p = dict(zip(rep.prefectures["adcode"], _cents(rep.prefectures["target_yi"]), strict=True))
    pop = dict(zip(census["adcode"], census["population_wan"], strict=True))
    counties = _finish(c, rep_c, {a: float(v) for a, v in pop.items()}, Decimal(400))
    prefs = _finish_prefectures(p, rep_p, Decimal(400))
    return Scenario(
        counties=counties,
        prefectures=prefs,
        title="2023 年印发目标",
        compare_label=f"以七普人口、全省 {P} 万人（2021 年末）为分母的复算值",
        population_label="七普 2020 常住人口（万人）",
        total=Decimal(400),
        inputs=_inputs([paths.NOTICE, paths.POPULATION_RAW / "census2020_county.csv"]),
        is_published=True,
    )


def from_population(
    file: Path | str,
    total: str | Decimal = "400",
    province_population: str | Decimal | None = None,
    rounding: str = "half-up",
    allow_partial: bool = False,
) -> Scenario:
    """A staff rerun: targets from ``file``; residual = new target minus the 2023 printed one."""
    file = Path(file)
    _, a = validated_allocation(file, total, province_population, rounding, allow_partial)
    old_c = load_targets("county").set_index("adcode")
    old_p = load_targets("prefecture").set_index("adcode")
    c = old_c.loc[a.counties["adcode"]].reset_index()
    c["target_cents"] = _cents(a.counties["target_yi"])
    c["target_yi"] = c["target_cents"] / 100
    c["share_pct"] = [float(s) * 100 for s in a.counties["share"]]
    c["population_wan"] = [float(v) for v in a.counties["population_wan"]]
    c["compare_yi"] = old_c.loc[c["adcode"], "target_yi"].to_numpy()
    c["residual_yi"] = (c["target_cents"] - old_c.loc[c["adcode"], "target_cents"].to_numpy()) / 100
    p = old_p.loc[a.prefectures["adcode"]].reset_index()
    p["target_cents"] = _cents(a.prefectures["target_yi"])
    p["target_yi"] = p["target_cents"] / 100
    p["share_pct"] = [float(s) * 100 for s in a.prefectures["share"]]
    p["compare_yi"] = old_p.loc[p["adcode"], "target_yi"].to_numpy()
    p["residual_yi"] = (p["target_cents"] - old_p.loc[p["adcode"], "target_cents"].to_numpy()) / 100
    return Scenario(
        counties=c[COLUMNS],
        prefectures=p[
            [
                "seq",
                "adcode",
                "prefecture",
                "target_yi",
                "target_cents",
                "share_pct",
                "compare_yi",
                "residual_yi",
            ]
        ],
        title=f"按 {file.name} 重新测算的目标（全省 {total} 亿元，{rounding}）",
        compare_label="2023 年印发目标",
        population_label=f"{file.name}（万人）",
        total=Decimal(str(total)),
        inputs=_inputs([paths.NOTICE, file]),
        is_published=False,
    )


def _finish(
    c: pd.DataFrame, rep_cents: dict[str, int], pop: dict[str, float], total: Decimal
) -> pd.DataFrame:
    c = c.copy()
    c["share_pct"] = c["target_cents"] / float(total)  # cents / (total × 100) × 100 %
    c["population_wan"] = c["adcode"].map(pop).astype(float)
    c["compare_yi"] = c["adcode"].map(lambda a: rep_cents[a] / 100 if a in rep_cents else np.nan)
    c["residual_yi"] = [
        (t - rep_cents[a]) / 100 if a in rep_cents else np.nan
        for a, t in zip(c["adcode"], c["target_cents"], strict=True)
    ]
    return c[COLUMNS]


def _finish_prefectures(p: pd.DataFrame, rep_cents: dict[str, int], total: Decimal) -> pd.DataFrame:
    p = p.copy()
    p["share_pct"] = p["target_cents"] / float(total)
    p["compare_yi"] = p["adcode"].map(rep_cents) / 100
    p["residual_yi"] = [(t - rep_cents[a]) / 100 for a, t in zip(p["adcode"], p["target_cents"], strict=True)]
    return p[
        ["seq", "adcode", "prefecture", "target_yi", "target_cents", "share_pct", "compare_yi", "residual_yi"]
    ]


def _inputs(files: list[Path]) -> dict[str, str]:
    return {Path(f).name: sha256(f) for f in files}
