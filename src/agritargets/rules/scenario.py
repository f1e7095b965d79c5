"""The one table every figure and the report draw from.

``published()`` is the notice's 2023 targets, compared with the best-fitting
reproduction from real population figures; ``from_population()`` is a staff
rerun (new file, total, P, rounding) compared with the 2023 targets. Both give
the same columns, so maps and report never care which one they show.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from agritargets.core import paths
from agritargets.core.errors import InputError
from agritargets.core.files import read_csv, sha256
from agritargets.core.formatting import wan, yi
from agritargets.core.targets import load_targets
from agritargets.population.prepare import CheckedAllocation, validated_allocation
from agritargets.rules.allocation import allocate
from agritargets.rules.forensic import province_totals, read_vintage
from agritargets.rules.options import RerunOptions

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
    file: Path | str, options: RerunOptions | Mapping[str, object] | None = None, **values: object
) -> Scenario:
    """A staff rerun: targets from ``file``; residual = new target minus the 2023 printed one.

    Bad input raises :class:`~agritargets.core.errors.InputError` before anything is drawn.

    Parameters
    ----------
    file : Path or str
        The population file.
    options, **values
        The rerun options, as for :func:`agritargets.population.prepare.validated_allocation`.

    Returns
    -------
    Scenario
        With ``run`` = the run record (same as ``run.json``).
    """
    file = Path(file)
    return from_checked(validated_allocation(file, options, **values))


def from_checked(checked: CheckedAllocation) -> Scenario:
    """The scenario of a checked allocation (the file is not read again).

    Parameters
    ----------
    checked : CheckedAllocation

    Returns
    -------
    Scenario
    """
    a, changes = checked.allocation, checked.changes
    counties = _new_targets(load_targets("county"), a.counties, changes.level("county"), COUNTY_COLUMNS)
    prefectures = _new_targets(
        load_targets("prefecture"), a.prefectures, changes.level("prefecture"), PREFECTURE_COLUMNS
    )
    record = checked.record
    return _rerun_scenario(counties, prefectures, record, a.total, record["input"]["sha256"])


def _rerun_scenario(
    counties: pd.DataFrame, prefectures: pd.DataFrame, run: dict, total: Decimal, file_sha256: str
) -> Scenario:
    name = run["input"]["file"]
    return Scenario(
        counties=counties,
        prefectures=prefectures,
        title=f"按 {name} 重新测算的目标（全省 {yi(total)} 亿元，{run['rounding']}）",
        compare_label="2023 年印发目标",
        population_label=f"{name}（万人）",
        total=total,
        inputs={paths.NOTICE.name: sha256(paths.NOTICE), name: file_sha256},
        is_published=False,
        run=run,
    )


def from_run(folder: Path | str) -> Scenario:
    """The scenario of a run folder written by ``agritargets allocate`` (the staff file is not read).

    The documents take this: the command checks the staff file once, writes the run, and the
    report and deck read the checked result. Same tables as :func:`from_population` gives.

    Parameters
    ----------
    folder : Path or str
        Holds ``county_targets.csv``, ``prefecture_targets.csv``, ``diff_vs_2023.csv`` and ``run.json``.

    Returns
    -------
    Scenario

    Raises
    ------
    InputError
        A file is missing or unreadable.
    """
    folder = Path(folder)
    try:
        run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        c, p, d = (
            read_csv(folder / f"{n}.csv", dtype=str)
            for n in ("county_targets", "prefecture_targets", "diff_vs_2023")
        )
    except (OSError, ValueError) as err:
        raise InputError(
            f"{folder} 不是 agritargets allocate 写出的结果文件夹（{err}）；请重新运行 allocate",
            f"{folder} is not a run folder written by agritargets allocate ({err}); run allocate again",
        ) from None
    diff = d.set_index("adcode")
    counties = _run_level(load_targets("county"), c, diff, COUNTY_COLUMNS)
    prefectures = _run_level(load_targets("prefecture"), p, diff, PREFECTURE_COLUMNS)
    return _rerun_scenario(counties, prefectures, run, Decimal(run["total_yi"]), run["input"]["sha256"])


def _run_level(
    published_level: pd.DataFrame, level: pd.DataFrame, diff: pd.DataFrame, columns: list[str]
) -> pd.DataFrame:
    """One level of a run folder as :func:`_new_targets` makes it from the allocation."""
    exact = level.assign(
        target_yi=[Decimal(v) for v in level["target_yi"]],
        share=[Decimal(v) for v in level["share"]],
        population_wan=[Decimal(v) for v in level["population_wan"]],
    )
    published_2023 = diff["published_2023_yi"].map(Decimal)
    change = diff["diff_yi"].map(Decimal)
    frame = pd.DataFrame({"published_2023_yi": published_2023, "diff_yi": change})
    return _new_targets(published_level, exact, frame, columns)


def _inputs(files: list[Path]) -> dict[str, str]:
    return {Path(f).name: sha256(f) for f in files}
