"""From the run's options and a population file to a checked allocation and its record.

This is the reading/validation side: it writes nothing. ``rerun`` writes the
files; ``scenario`` turns the same result into the table the figures draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError, Problems
from agritargets.population import crosscheck, denominator, plausibility, record
from agritargets.population.changes import Changes, against_2023
from agritargets.population.reader import PopulationInput, read_population
from agritargets.rules.allocation import Allocation, allocate
from agritargets.rules.options import RerunOptions, parse_flag, parse_rounding, parse_total

__all__ = [
    "CheckedAllocation",
    "check_complete",
    "parse_flag",
    "parse_rounding",
    "parse_total",
    "validated_allocation",
]


@dataclass(frozen=True)
class CheckedAllocation:
    """A validated input, the allocation made from it, its changes against 2023, and the run record."""

    population: PopulationInput
    allocation: Allocation
    changes: Changes
    record: dict


def check_complete(pop: PopulationInput, allow_partial: bool) -> None:
    """All 123 units present, or an explicit partial run.

    Parameters
    ----------
    pop : PopulationInput
    allow_partial : bool
    """
    units = load_units()
    missing = units[~units["adcode"].isin(pop.table["adcode"])]
    if missing.empty and allow_partial:
        raise InputError(
            f"{pop.source} 包含全部 {len(units)} 个县级单位，--allow-partial 不起作用；请去掉它",
            f"{pop.source} has all {len(units)} county units, so --allow-partial would do nothing; remove it",
        )
    if missing.empty or allow_partial:
        return
    names = "、".join(missing["name"])
    raise InputError(
        f"{pop.source}：缺少 {len(missing)} 个县级单位：{names}。请补齐；若有意只计算部分单位，请加 --allow-partial 并用 --province-population 给出全省常住人口",
        f"{pop.source}: {len(missing)} unit(s) missing: {names}. Add them, or compute only the listed "
        "units with --allow-partial and --province-population",
    )


def validated_allocation(
    population: Path | str, options: RerunOptions | Mapping[str, object] | None = None, **values: object
) -> CheckedAllocation:
    """Check the options and the file (InputError on anything wrong), then apply the rule.

    Parameters
    ----------
    population : Path or str
        The population file.
    options : RerunOptions or mapping, optional
        The rerun options (:mod:`agritargets.rules.options`), checked or as given (text, as
        document parameters arrive; ``""`` = not given).
    **values
        Options by name, instead of ``options``.

    Returns
    -------
    CheckedAllocation
    """
    if not isinstance(options, RerunOptions):
        options = RerunOptions.parse(options, **values)
    accepted = plausibility.accepted_outliers(options.accept_outliers)
    pop = read_population(
        Path(population),
        sheet=options.sheet,
        column=options.column,
        accept_outliers=options.accept_outliers,
    )
    check_complete(pop, options.allow_partial)
    check = crosscheck.compare(pop)
    problems = Problems(pop.source)
    accepted_notes = crosscheck.check_subtotals(check, problems)
    problems.raise_if_any()
    p = denominator.choose(pop, options.province_population, check, accepted)
    p = denominator.Denominator(p.value, p.source, p.zh, p.en, check.notes + accepted_notes + p.notes)
    read = dict(zip(pop.table["adcode"], pop.table["population_wan"], strict=True))
    plausibility.refuse_needless(accepted, read, p.value)
    alloc = allocate(pop.table, total=options.total, province_population=p.value, rounding=options.rounding)
    changes = against_2023(alloc)
    return CheckedAllocation(pop, alloc, changes, record.build(pop, alloc, p, changes, sorted(accepted)))
