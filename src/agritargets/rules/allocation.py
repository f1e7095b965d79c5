"""The notice's rule: county target = population / P × total; prefecture = sum of its counties.

All arithmetic is decimal (no binary floats). Two rounding modes:

- ``half-up`` (四舍五入, what the notice appears to do): each county rounded half-up
  to 0.01 亿元; each prefecture is the half-up rounding of the sum of its
  *unrounded* counties, so prefectures need not equal the sum of printed counties.
- ``largest-remainder`` (Hamilton): the total, in units of 0.01, is shared so the
  rounded counties add up exactly; leftover cents go to the largest remainders,
  ties to the smaller adcode. Prefectures are sums of their rounded counties.

P is the province's resident population if given, else the sum of the counties.
With P larger than the counties' sum (a partial run), the counties' exact total
is ``total × sum / P``; largest-remainder then shares that total rounded half-up
to 0.01.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, localcontext

import pandas as pd

from agritargets.core.errors import InputError

CENT = Decimal("0.01")
SHARE_PLACES = Decimal("1e-10")
MODES = ("half-up", "largest-remainder")
_PRECISION = 60  # digits; far beyond anything a ratio of populations needs


@dataclass(frozen=True)
class Allocation:
    """The result of :func:`allocate`.

    Parameters
    ----------
    counties : DataFrame
        One row per county, in input order: population (万人), share (10 decimals), exact and
        rounded target (亿元), all Decimals.
    prefectures : DataFrame
        One row per prefecture, sorted by code, with the same measures.
    total : Decimal
        The provincial total shared out, 亿元.
    province_population : Decimal
        The denominator P, 万人.
    denominator_source : str
        ``"given"`` or ``"sum of counties"``.
    rounding : str
        One of :data:`MODES`.
    """

    # adcode, county, prefecture_adcode, prefecture, population_wan, share, target_exact, target_yi
    counties: pd.DataFrame
    prefectures: pd.DataFrame  # adcode, prefecture, population_wan, share, target_exact, target_yi
    total: Decimal
    province_population: Decimal
    denominator_source: str  # "given" or "sum of counties"
    rounding: str


def half_up(x: Decimal, quantum: Decimal = CENT) -> Decimal:
    """``x`` rounded half-up (四舍五入, ties away from zero) to a multiple of ``quantum``.

    Parameters
    ----------
    x : Decimal
    quantum : Decimal
        The step, by default 0.01 (亿元 to two decimals).

    Returns
    -------
    Decimal

    Examples
    --------
    >>> half_up(Decimal("2.345"))
    Decimal('2.35')
    >>> half_up(Decimal("-2.345"))
    Decimal('-2.35')
    """
    return x.quantize(quantum, rounding=ROUND_HALF_UP)


def largest_remainder(quotas: list[Decimal], keys: list[str], house: int) -> list[int]:
    """Share ``house`` whole units among ``quotas`` (already in units) by Hamilton's method.

    Each result is floor(q) or floor(q)+1; ties in remainder go to the smaller key.

    Parameters
    ----------
    quotas : list of Decimal
        Exact shares, in whole units (e.g. 0.01 亿元).
    keys : list of str
        One per quota (adcodes); break ties in remainder.
    house : int
        Units to share out.

    Returns
    -------
    list of int
        One per quota, in order, adding up to ``house``.

    Raises
    ------
    ValueError
        ``house`` is below the sum of the floors or more than one unit per quota above it.

    Examples
    --------
    >>> largest_remainder([Decimal("1.5"), Decimal("1.5"), Decimal("1.0")], ["b", "a", "c"], 4)
    [1, 2, 1]
    """
    floors = [int(q.to_integral_value(rounding=ROUND_FLOOR)) for q in quotas]
    left = house - sum(floors)
    if not 0 <= left <= len(quotas):
        raise ValueError(f"cannot share {house} units among quotas summing to {sum(quotas)}")
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - floors[i]), keys[i]))
    for i in order[:left]:
        floors[i] += 1
    return floors


def allocate(
    population: pd.DataFrame,
    total: Decimal | str | int = 400,
    province_population: Decimal | str | None = None,
    rounding: str = "half-up",
) -> Allocation:
    """Apply the rule to ``population`` (adcode, county, prefecture_adcode, prefecture, population_wan).

    Parameters
    ----------
    population : DataFrame
        One row per county; ``population_wan`` holds Decimals (万人).
    total : Decimal, str or int
        The provincial target, 亿元.
    province_population : Decimal or str, optional
        The denominator P, 万人; default: the sum of the counties.
    rounding : str
        ``"half-up"`` or ``"largest-remainder"`` (see the module's description).

    Returns
    -------
    Allocation

    Raises
    ------
    InputError
        An unknown ``rounding``, a total or P that is not a finite number or ≤ 0, populations
        summing to 0, or a given P below the counties' sum.
    """
    total, pops, P, source = _checked(population, total, province_population, rounding)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        counties = _county_targets(population, pops, P, total, rounding)
        prefectures = _prefecture_targets(counties, P, rounding)
    return Allocation(
        counties=counties.reset_index(drop=True),
        prefectures=prefectures,
        total=total,
        province_population=P,
        denominator_source=source,
        rounding=rounding,
    )


def _checked(population: pd.DataFrame, total, province_population, rounding: str):
    """The rule's inputs as Decimals, or an InputError naming the bad one."""
    if rounding not in MODES:
        raise InputError(
            f"取整方式只能是 {MODES}，而不是 {rounding!r}",
            f"rounding must be one of {MODES}, not {rounding!r}",
        )
    total = _decimal(total, "全省目标", "the provincial total")
    if total <= 0:
        raise InputError(
            f"全省目标必须大于 0（现为 {total}）", f"the provincial total must be > 0 (got {total})"
        )
    pops = [Decimal(p) for p in population["population_wan"]]
    county_sum = sum(pops, Decimal(0))
    if county_sum <= 0:
        raise InputError("各县人口之和必须大于 0", "the counties' populations must sum to more than 0")
    if province_population is None:
        P, source = county_sum, "sum of counties"
    else:
        P, source = _decimal(province_population, "全省常住人口", "the province population"), "given"
        if P <= 0:
            raise InputError(
                f"全省常住人口必须大于 0（现为 {P}）", f"the province population must be > 0 (got {P})"
            )
        if county_sum > P:
            raise InputError(
                f"全省常住人口 {P} 万人小于各县合计 {county_sum} 万人：请核对 --province-population 与人口文件的单位",
                f"province population {P} (万人) is below the counties' sum {county_sum}: "
                "check --province-population and the file's unit",
            )
    return total, pops, P, source


def _county_targets(
    population: pd.DataFrame, pops: list, P: Decimal, total: Decimal, rounding: str
) -> pd.DataFrame:
    """Each county's share of P and its target (exact and rounded), in the population table's order."""
    shares = [p / P for p in pops]
    exact = [s * total for s in shares]
    if rounding == "half-up":
        rounded = [half_up(x) for x in exact]
    else:
        house = int(half_up(sum(exact, Decimal(0))) / CENT)
        cents = largest_remainder([x / CENT for x in exact], list(population["adcode"]), house)
        rounded = [Decimal(c) * CENT for c in cents]
    counties = population[["adcode", "county", "prefecture_adcode", "prefecture"]].copy()
    counties["population_wan"] = pops
    counties["share"] = [half_up(s, SHARE_PLACES) for s in shares]
    counties["target_exact"] = exact
    counties["target_yi"] = rounded
    return counties


def _prefecture_targets(counties: pd.DataFrame, P: Decimal, rounding: str) -> pd.DataFrame:
    """Each prefecture: the sum of its counties (exact, then rounded once; or the sum of rounded targets)."""
    prefs = []
    for code, part in counties.groupby("prefecture_adcode", sort=True):
        exact_sum = sum(part["target_exact"], Decimal(0))
        pop_sum = sum(part["population_wan"], Decimal(0))
        target = half_up(exact_sum) if rounding == "half-up" else sum(part["target_yi"], Decimal(0))
        prefs.append(
            (code, part["prefecture"].iloc[0], pop_sum, half_up(pop_sum / P, SHARE_PLACES), exact_sum, target)
        )
    return pd.DataFrame(
        prefs, columns=["adcode", "prefecture", "population_wan", "share", "target_exact", "target_yi"]
    )


def _decimal(value: object, what_zh: str, what_en: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        raise InputError(f"{what_zh}“{value}”不是有限的数字", f"{what_en} '{value}' is not a finite number")
    return number
