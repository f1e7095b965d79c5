"""Checks that need the targets: every county there, none unknown, none implausible, growth consistent.

A county more than :data:`OUTLIER_TIMES` times its annual target before December is
refused (a unit or decimal slip: 万元 read as 元 …) unless ``--accept-outlier`` names it;
when most counties are, the unit is named instead of every row.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal

from agritargets.core.errors import InputError, Problems
from agritargets.monitor.reader import ActualsInput
from agritargets.monitor.targets import Targets
from agritargets.population.numeric import half_unit
from agritargets.population.plausibility import accepted_outliers

OUTLIER_TIMES = 3
GROWTH_SLACK = Decimal("0.05")
SCALE_FLOOR = 100  # a median completion under 1/100 of the schedule is a unit slip, not a slow year  # percentage points beyond the stated figure's own rounding


def check_coverage(actuals: ActualsInput, targets: Targets, allow_partial: bool) -> list[str]:
    """Every county of the targets read (unless ``allow_partial``), and none without a target.

    Returns
    -------
    list of str
        Notes for the record (the units missing, when allowed).

    Raises
    ------
    InputError
        Units missing, or units with actuals but no target (a partial rerun).
    """
    have = set(actuals.table["adcode"])
    expected = dict(zip(targets.counties["adcode"], targets.counties["county"], strict=True))
    extra = actuals.table[~actuals.table["adcode"].isin(expected)]
    if not extra.empty:
        names = "、".join(f"{r.county}（第 {r.row} 行）" for r in extra.itertuples())
        raise InputError(
            f"{actuals.source}：{names} 在所用的目标表中没有目标；请换用包含这些县市区的目标（--targets），或删去这些行",
            f"{actuals.source}: {', '.join(f'{r.county} (row {r.row})' for r in extra.itertuples())} have no target "
            "in the targets used; use targets that include them (--targets) or delete those rows",
        )
    missing = [name for code, name in expected.items() if code not in have]
    if missing and not allow_partial:
        shown = "、".join(missing[:20]) + ("…" if len(missing) > 20 else "")
        raise InputError(
            f"{actuals.source}：缺少 {len(missing)} 个县市区：{shown}；请补上这些县市区的数据，或确需只看部分县时加 --allow-partial",
            f"{actuals.source}: {len(missing)} county unit(s) missing: {', '.join(missing[:20])}"
            f"{' …' if len(missing) > 20 else ''}; add them, or add --allow-partial to monitor only the units listed",
        )
    return [f"--allow-partial: {len(missing)} units not in the file: {', '.join(missing)}"] if missing else []


def check_outliers(actuals: ActualsInput, targets: Targets, accept: Collection[str]) -> list[str]:
    """Refuse counties above 3× their annual target before December, unless accepted.

    Returns
    -------
    list of str
        Adcodes accepted (for the record).
    """
    accepted = accepted_outliers(accept) - {"430000"}
    if actuals.period.month >= 12 and actuals.period.as_of is None:
        return sorted(accepted)
    if actuals.period.as_of is not None and actuals.period.as_of.month == 12:
        return sorted(accepted)
    target = dict(zip(targets.counties["adcode"], targets.counties["target_yi"], strict=True))
    over = [r for r in actuals.table.itertuples() if r.actual_yi > OUTLIER_TIMES * target[r.adcode]]
    if len(over) * 2 > len(actuals.table):
        units = "、".join(f"{h}：{u['unit']}" for h, u in actuals.units.items())
        raise InputError(
            f"{actuals.source}：{len(over)} 个县市区的实绩超过全年目标的 {OUTLIER_TIMES} 倍——单位多半不对（读作 {units}）；"
            "请核对表头或“单位：”行写的单位（元、万元、亿元）",
            f"{actuals.source}: {len(over)} county units exceed {OUTLIER_TIMES}× their annual target — the unit is "
            f"probably wrong (read as {units}); check the unit in the header or the '单位：' line (元, 万元, 亿元)",
        )
    _check_scale(actuals, target)
    problems = Problems(actuals.source)
    for r in over:
        if r.adcode in accepted:
            continue
        problems.add(
            f"第 {r.row} 行 {r.county}：实绩 {r.actual_yi:f} 亿元超过全年目标 {target[r.adcode]} 亿元的 {OUTLIER_TIMES} 倍"
            f"（尚未到 12 月）；请核对数值与单位，确属实情时加 --accept-outlier {r.county}",
            f"row {r.row} {r.county}: actual {r.actual_yi:f} 亿元 is over {OUTLIER_TIMES}× its annual target "
            f"{target[r.adcode]} 亿元 before December; check the figure and unit, or add --accept-outlier {r.county} "
            "if it is real",
        )
    problems.raise_if_any()
    return sorted(accepted)


def _check_scale(actuals: ActualsInput, target: dict) -> None:
    """Figures a hundred times below the schedule are a unit slip (万元 written as 元), not a slow year."""
    ratios = sorted(r.actual_yi / target[r.adcode] for r in actuals.table.itertuples())
    typical = ratios[len(ratios) // 2]
    floor = Decimal(actuals.period.fraction.numerator) / actuals.period.fraction.denominator / SCALE_FLOOR
    if typical < floor:
        units = "、".join(f"{h}：{u['unit']}" for h, u in actuals.units.items())
        raise InputError(
            f"{actuals.source}：各县市区实绩的中位数只有全年目标的 {typical * 100:.4f}%，不到序时进度的百分之一——"
            f"单位多半不对（读作 {units}）；请核对表头或“单位：”行写的单位（元、万元、亿元）",
            f"{actuals.source}: the median county actual is {typical * 100:.4f} % of its annual target, under a "
            f"hundredth of the schedule — the unit is probably wrong (read as {units}); check the unit in the "
            "header or the '单位：' line (元, 万元, 亿元)",
        )


def _growth_range(actual: Decimal, last: Decimal, terms: int) -> tuple[Decimal, Decimal]:
    """The growth (%) the figures allow, each anywhere within the rounding of its last digit.

    ``terms`` figures were added up for the actual (monthly columns), each carrying its rounding.
    """
    ha, hl = half_unit(actual) * terms, half_unit(last)
    low = ((actual - ha) - (last + hl)) / (last + hl) * 100
    high = ((actual + ha) - (last - hl)) / (last - hl) * 100 if last > hl else Decimal("Infinity")
    return low, high


def check_growth(actuals: ActualsInput) -> None:
    """A stated growth must match the one the actual and last-year figures give, to their rounding.

    Parameters
    ----------
    actuals : ActualsInput

    Raises
    ------
    InputError
        Rows whose stated growth lies outside what their figures allow (naming row and column).
    """
    problems = Problems(actuals.source)
    cols = actuals.columns
    terms = len(cols["months"]) if cols["series"] == "monthly" else 1
    for r in actuals.table.itertuples():
        if r.growth_stated_pct is None or r.last_year_yi is None or r.last_year_yi <= 0:
            continue
        low, high = _growth_range(r.actual_yi, r.last_year_yi, terms)
        slack = half_unit(r.growth_stated_pct) + GROWTH_SLACK
        if low - slack <= r.growth_stated_pct <= high + slack:
            continue
        computed = (r.actual_yi - r.last_year_yi) / r.last_year_yi * 100
        problems.add(
            f"第 {r.row} 行 {r.county}：“{cols['growth']}”为 {r.growth_stated_pct}，而本期与上年同期算得 {computed:.2f}；"
            "请核对（同比应写成百分数，如 12.3 表示 12.3%）",
            f"row {r.row} {r.county}: '{cols['growth']}' says {r.growth_stated_pct} but this period and last year "
            f"give {computed:.2f}; check it (growth is a percentage, 12.3 meaning 12.3 %)",
        )
    problems.raise_if_any()
