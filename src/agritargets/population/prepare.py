"""From the run's options and a population file to a checked allocation and its record.

This is the reading/validation side: it writes nothing. ``rerun`` writes the
files; ``scenario`` turns the same result into the table the figures draw.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError, Problems
from agritargets.population import crosscheck, denominator, plausibility, record
from agritargets.population.changes import Changes, against_2023
from agritargets.population.numeric import parse_argument
from agritargets.population.reader import PopulationInput, read_population
from agritargets.rules.allocation import MODES, Allocation, allocate

TOTAL_MAX = Decimal(100000)  # 亿元: above Hunan's GDP; anything larger is a typing slip


@dataclass(frozen=True)
class CheckedAllocation:
    """A validated input, the allocation made from it, its changes against 2023, and the run record."""

    population: PopulationInput
    allocation: Allocation
    changes: Changes
    record: dict


def _unset(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_total(text: object) -> Decimal:
    """The provincial target in 亿元: a number above 0, at most ``TOTAL_MAX``, in whole cents.

    Examples
    --------
    >>> parse_total("450"), parse_total("")
    (Decimal('450'), Decimal('400'))
    """
    if _unset(text):
        return Decimal(400)
    total = parse_argument(text, "全省目标", "total")
    if total <= 0:
        raise InputError(
            f"全省目标必须大于 0（现为 {text}）", f"the provincial total must be > 0 (got {text})"
        )
    if total > TOTAL_MAX:
        raise InputError(
            f"全省目标“{text}”超出范围：应在 0.01 到 {TOTAL_MAX:,} 亿元之间",
            f"the total '{text}' is out of range: give 0.01 to {TOTAL_MAX:,} (亿元)",
        )
    if total != total.quantize(Decimal("0.01")):
        raise InputError(
            f"全省目标“{text}”超过两位小数；目标以 0.01 亿元计，请给出如 400 或 400.5",
            f"the total '{text}' has more than two decimals; targets are in 0.01 亿元, e.g. 400 or 400.5",
        )
    return total


def parse_rounding(value: object) -> str:
    """``--rounding`` (or the ``rounding`` parameter): one of ``allocation.MODES``; unset = half-up.

    Examples
    --------
    >>> parse_rounding(""), parse_rounding(" largest-remainder ")
    ('half-up', 'largest-remainder')
    >>> parse_rounding("四舍五入")
    Traceback (most recent call last):
    ...
    agritargets.core.errors.InputError: 取整方式“四舍五入”无效：只能是 half-up 或 largest-remainder
    invalid rounding '四舍五入': rounding must be one of half-up, largest-remainder
    """
    if _unset(value):
        return MODES[0]
    rounding = str(value).strip()
    if rounding not in MODES:
        raise InputError(
            f"取整方式“{rounding}”无效：只能是 {' 或 '.join(MODES)}",
            f"invalid rounding '{rounding}': rounding must be one of {', '.join(MODES)}",
        )
    return rounding


def parse_flag(value: object) -> bool:
    """A yes/no option that may arrive as text from a report parameter (``""`` = no).

    Examples
    --------
    >>> parse_flag(True), parse_flag("true"), parse_flag(""), parse_flag("0")
    (True, True, False, False)
    """
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "是")
    return bool(value)


def check_complete(pop: PopulationInput, allow_partial: bool) -> None:
    """All 123 units present, or an explicit partial run.

    Parameters
    ----------
    pop : PopulationInput
    allow_partial : bool
    """
    units = load_units()
    missing = units[~units["adcode"].isin(pop.table["adcode"])]
    if missing.empty or allow_partial:
        return
    names = "、".join(missing["name"])
    raise InputError(
        f"{pop.source}：缺少 {len(missing)} 个县级单位：{names}。请补齐；若有意只计算部分单位，请加 --allow-partial 并用 --province-population 给出全省常住人口",
        f"{pop.source}: {len(missing)} unit(s) missing: {names}. Add them, or compute only the listed "
        "units with --allow-partial and --province-population",
    )


def validated_allocation(
    population: Path | str,
    total: object = "400",
    province_population: object = None,
    rounding: str | None = "half-up",
    allow_partial: object = False,
    sheet: str | None = None,
    column: str | None = None,
    accept_outliers: Collection[str] | str = (),
) -> CheckedAllocation:
    """Check the options and the file (InputError on anything wrong), then apply the rule.

    Every option may be a string as report parameters arrive (``""`` = not given).

    Parameters
    ----------
    population : Path or str
        The population file.
    total : str or Decimal
        Provincial target in 亿元 (default 400).
    province_population : str, Decimal or None
        ``"from-file"``, ``"sum"`` or P in 万人; unset = the county sum when nothing contradicts it.
    rounding : str
        One of ``allocation.MODES``.
    allow_partial : bool or str
        Allocate only the listed units.
    sheet, column : str, optional
        Worksheet and population column, when the file has several.
    accept_outliers : collection of str, or a comma-separated str
        Counties (or ``全省`` for P) accepted although implausible against the 2020 census.

    Returns
    -------
    CheckedAllocation
    """
    total_d = parse_total(total)
    rounding = parse_rounding(rounding)
    choice = denominator.parse_choice(province_population)
    if isinstance(accept_outliers, str):
        accept_outliers = [accept_outliers]
    accepted = plausibility.accepted_outliers(accept_outliers)
    pop = read_population(
        Path(population),
        sheet=None if _unset(sheet) else sheet,
        column=None if _unset(column) else column,
        accept_outliers=accept_outliers,
    )
    check_complete(pop, parse_flag(allow_partial))
    check = crosscheck.compare(pop)
    problems = Problems(pop.source)
    accepted_notes = crosscheck.check_subtotals(check, problems)
    problems.raise_if_any()
    p = denominator.choose(pop, choice, check, accepted)
    p = denominator.Denominator(p.value, p.source, p.zh, p.en, check.notes + accepted_notes + p.notes)
    alloc = allocate(pop.table, total=total_d, province_population=p.value, rounding=rounding)
    changes = against_2023(alloc)
    return CheckedAllocation(pop, alloc, changes, record.build(pop, alloc, p, changes, sorted(accepted)))
