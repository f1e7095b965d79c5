"""Step 6, cross-check: every total the file states against the county rows it covers.

Agreement means "within the rounding of the figures as written": each county
and the total itself can be off by half their last decimal place. A prefecture
subtotal above its counties is accepted only as the same population the
province row has beyond the county rows (functional zones not listed as
counties), and only up to that amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from agritargets.core.divisions import N_UNITS, load_units
from agritargets.core.errors import Problems
from agritargets.core.formatting import wan
from agritargets.population.reader import PopulationInput, Stated


@dataclass(frozen=True)
class Difference:
    """A stated total beside the sum of the county rows it covers (万人)."""

    stated: Stated
    counties: Decimal
    n_counties: int
    tolerance: Decimal

    @property
    def difference(self) -> Decimal:
        """Stated minus the counties' sum."""
        return self.stated.value_wan - self.counties

    @property
    def agrees(self) -> bool:
        """True when the difference is within rounding."""
        return abs(self.difference) <= self.tolerance


@dataclass(frozen=True)
class CrossCheck:
    """The province total (if stated and comparable) and every comparable prefecture subtotal."""

    province: Difference | None
    subtotals: list[Difference]
    notes: list[str]


def _difference(stated: Stated, part) -> Difference:
    return Difference(
        stated=stated,
        counties=sum(part["population_wan"], Decimal(0)),
        n_counties=len(part),
        tolerance=stated.rounding_wan + sum(part["rounding_wan"], Decimal(0)),
    )


def compare(pop: PopulationInput) -> CrossCheck:
    """Each stated total beside its counties' sum; totals that cover unlisted units are only noted.

    Parameters
    ----------
    pop : PopulationInput

    Returns
    -------
    CrossCheck
    """
    table, notes = pop.table, []
    complete = len(table) == N_UNITS
    province = None
    for stated in pop.totals:
        if not complete:
            notes.append(
                f"row {stated.row}: total {stated.value_wan} not compared (only {len(table)} of {N_UNITS} units listed)"
            )
            continue
        d = _difference(stated, table)
        if province is None or not d.agrees:
            province = d
    per_prefecture = load_units().groupby("prefecture_adcode").size()
    subtotals = []
    for stated in pop.subtotals:
        part = table[table["prefecture_adcode"] == stated.prefecture]
        if len(part) < per_prefecture[stated.prefecture]:
            notes.append(
                f"row {stated.row}: subtotal {stated.label!r} not compared "
                f"(only {len(part)} of {per_prefecture[stated.prefecture]} of its units listed)"
            )
            continue
        subtotals.append(_difference(stated, part))
    return CrossCheck(province=province, subtotals=subtotals, notes=notes)


def _line(d: Difference) -> tuple[str, str]:
    sign = "+" if d.difference > 0 else ""
    return (
        f"第 {d.stated.row} 行“{d.stated.label}”= {wan(d.stated.value_wan)} 万人，而所辖 {d.n_counties} 个县市区之和为 "
        f"{wan(d.counties)}（相差 {sign}{wan(d.difference)}，舍入误差至多 {wan(d.tolerance)}）",
        f"row {d.stated.row} '{d.stated.label}' = {wan(d.stated.value_wan)} 万人 but its {d.n_counties} county rows "
        f"sum to {wan(d.counties)} (difference {sign}{wan(d.difference)}; rounding allows {wan(d.tolerance)})",
    )


def check_subtotals(check: CrossCheck, problems: Problems) -> list[str]:
    """Refuse subtotals that disagree with their counties, unless explained by the province row.

    Parameters
    ----------
    check : CrossCheck
    problems : Problems

    Returns
    -------
    list of str
        Notes on subtotals accepted as including unlisted population.
    """
    off = [d for d in check.subtotals if not d.agrees]
    if not off:
        return []
    province = check.province
    room = (
        province.difference + province.tolerance
        if province is not None and not province.agrees
        else Decimal(0)
    )
    excess = sum((d.difference for d in off), Decimal(0))
    if room > 0 and all(d.difference > 0 for d in off) and excess <= room + sum(d.tolerance for d in off):
        return [
            f"row {d.stated.row}: subtotal {d.stated.label!r} exceeds its counties by {d.difference} 万人, "
            "as the province row does (population not listed as counties, e.g. functional zones)"
            for d in off
        ]
    for d in off:
        zh, en = _line(d)
        problems.add(
            f"{zh}；请核对该小计和所辖县市区的数值（若小计含未单列的功能区人口，可删去小计行：它只用于核对）",
            f"{en}; check the subtotal and its counties' figures (if the subtotal includes functional zones "
            "not listed as counties, delete the subtotal row: it is only used for this check)",
        )
    return []
