"""The monitoring measures, exactly: completion, schedule, gap, status, ranks, growth, pace, projection.

Every figure is a :class:`fractions.Fraction` from the file's decimals until it is rounded
half-up, once, to the precision of :data:`agritargets.monitor.columns.DECIMALS`; status and
ranks are decided on the exact values. The column meanings are in
:mod:`agritargets.monitor.columns`.

Conventions (also written into ``run.json``):

- the prefecture's actual is the sum of its counties read, its target its OWN target;
- ``remaining_yi`` = max(target − actual, 0); ``monthly_pace_yi`` = remaining ÷ months left,
  empty at the end of the year (nothing left to plan);
- ``projection_yi`` = actual ÷ elapsed share of the year (run-rate: the same pace all year);
- growth = (actual − last year) ÷ last year; where the file gives no last-year figure but a
  growth column, the stated growth is used as written (the record says so);
- per-capita figures use the 2020 census resident population (七普) of the units read.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pandas as pd

from agritargets.core.divisions import PROVINCE_ADCODE, PROVINCE_NAME
from agritargets.monitor.columns import (
    COUNTY_COLUMNS,
    DECIMALS,
    PREFECTURE_COLUMNS,
    PROVINCE_COLUMNS,
    STATUS_ZH,
)

PROJECTION_METHOD = "run-rate: actual / elapsed share of the year (schedule)"
PACE_METHOD = "max(target - actual, 0) / months left (12 x (1 - elapsed share)); empty at year end"
# Exact inputs of the measures, per row of any level.
EXACT = ["target", "actual", "last_year", "growth_stated", "population"]
YUAN_PER_YI_PER_WAN = 10**4  # 亿元 / 万人 -> 元 per person


def half_up(value: Fraction | Decimal | None, places: int) -> float:
    """``value`` rounded half away from zero to ``places`` decimals, as float; NaN for None.

    Examples
    --------
    >>> half_up(Fraction(1, 8), 2), half_up(Fraction(-1, 8), 2), half_up(None, 2)
    (0.13, -0.13, nan)
    """
    if value is None:
        return float("nan")
    if not isinstance(value, Fraction):
        value = Fraction(value)
    num, den = value.numerator, value.denominator
    n = (abs(num) * 10**places * 2 + den) // (2 * den)  # floor(|x| * 10^p + 1/2) in integers
    return float(f"{'-' if num < 0 and n else ''}{n}e-{places}")  # the nearest float to that decimal


def _frac(value: object) -> Fraction | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return Fraction(value)


def exact_counties(
    actuals: pd.DataFrame, targets: pd.DataFrame, population: Mapping[str, Decimal]
) -> pd.DataFrame:
    """One row per county read: names, codes and the exact inputs of the measures.

    Parameters
    ----------
    actuals : DataFrame
        The reader's table: ``adcode``, ``actual_yi``, ``last_year_yi``, ``growth_stated_pct``
        (Decimal or None).
    targets : DataFrame
        ``adcode, county, prefecture_adcode, prefecture, target_yi`` (Decimal).
    population : mapping
        adcode -> resident population, 万人.

    Returns
    -------
    DataFrame
        ``adcode, county, prefecture_adcode, prefecture`` and :data:`EXACT` (Fractions; None
        where absent), sorted by adcode.
    """
    t = targets.set_index("adcode").to_dict("index")  # plain dicts: one lookup per county, not per cell
    rows = []
    for r in actuals.sort_values("adcode").itertuples(index=False):
        mine = t[r.adcode]
        rows.append(
            {
                "adcode": r.adcode,
                "county": mine["county"],
                "prefecture_adcode": mine["prefecture_adcode"],
                "prefecture": mine["prefecture"],
                "target": Fraction(mine["target_yi"]),
                "actual": Fraction(r.actual_yi),
                "last_year": _frac(r.last_year_yi),
                "growth_stated": _frac(r.growth_stated_pct),
                "population": Fraction(population[r.adcode]),
            }
        )
    return pd.DataFrame(rows, columns=["adcode", "county", "prefecture_adcode", "prefecture", *EXACT])


def _sum_or_none(values: pd.Series) -> Fraction | None:
    """The sum when every value is given, else None (a partial last year gives no growth)."""
    return None if any(v is None for v in values) else sum(values, Fraction(0))


def exact_prefectures(counties: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Prefectures: actual, last year and population summed over their counties; their OWN target.

    Parameters
    ----------
    counties : DataFrame
        From :func:`exact_counties`.
    targets : DataFrame
        ``prefecture_adcode, prefecture, target_yi`` (Decimal).

    Returns
    -------
    DataFrame
        ``prefecture_adcode, prefecture``, :data:`EXACT`, ``counties`` — one row per prefecture
        of ``targets`` with at least one county read, in adcode order.
    """
    rows = []
    for p in targets.sort_values("prefecture_adcode").itertuples(index=False):
        mine = counties[counties["prefecture_adcode"] == p.prefecture_adcode]
        if mine.empty:
            continue
        rows.append(
            {
                "prefecture_adcode": p.prefecture_adcode,
                "prefecture": p.prefecture,
                "target": Fraction(p.target_yi),
                "actual": sum(mine["actual"], Fraction(0)),
                "last_year": _sum_or_none(mine["last_year"]),
                "growth_stated": None,
                "population": sum(mine["population"], Fraction(0)),
                "counties": len(mine),
            }
        )
    return pd.DataFrame(rows, columns=["prefecture_adcode", "prefecture", *EXACT, "counties"])


def _growth(row: Mapping) -> Fraction | None:
    if row["last_year"] is not None and row["last_year"] > 0:
        return (row["actual"] - row["last_year"]) / row["last_year"] * 100
    return row["growth_stated"]


def _measures_row(row: Mapping, share: Fraction) -> dict:
    """Every measure of one unit, exact (Fractions, None where it does not exist)."""
    target, actual = row["target"], row["actual"]
    remaining = max(target - actual, Fraction(0))
    months_left = 12 * (1 - share)
    completion = actual / target * 100
    return {
        "completion_pct": completion,
        "schedule_pct": share * 100,
        "gap_pts": completion - share * 100,
        "ahead": actual / target >= share,
        "growth_pct": _growth(row),
        "remaining_yi": remaining,
        "monthly_pace_yi": remaining / months_left if months_left > 0 else None,
        "projection_yi": actual / share,
        "projection_pct": actual / share / target * 100,
        "per_capita_yuan": actual * YUAN_PER_YI_PER_WAN / row["population"],
        "target_per_capita_yuan": target * YUAN_PER_YI_PER_WAN / row["population"],
    }


def _rank(keys: list[tuple[Fraction | None, str]]) -> list[float]:
    """1 = highest; ties broken by adcode (ascending); None ranks as NaN."""
    order = sorted(
        (i for i, (v, _) in enumerate(keys) if v is not None), key=lambda i: (-keys[i][0], keys[i][1])
    )
    ranks = [float("nan")] * len(keys)
    for r, i in enumerate(order, 1):
        ranks[i] = float(r)
    return ranks


def measures(exact: pd.DataFrame, share: Fraction, code: str) -> pd.DataFrame:
    """The measures of every row of ``exact`` (one level), rounded once, with ranks.

    Parameters
    ----------
    exact : DataFrame
        :data:`EXACT` columns and the code column ``code``.
    share : Fraction
        Elapsed share of the year (序时进度 as a fraction).
    code : str
        The column with the unit code (ties in ranks are broken by it).

    Returns
    -------
    DataFrame
        The measure columns, same row order.
    """
    m = [_measures_row(r, share) for r in exact.to_dict("records")]
    out = pd.DataFrame(index=exact.index)
    out["target_yi"] = [half_up(v, DECIMALS["target_yi"]) for v in exact["target"]]
    out["actual_yi"] = [half_up(v, DECIMALS["actual_yi"]) for v in exact["actual"]]
    out["last_year_yi"] = [half_up(v, DECIMALS["last_year_yi"]) for v in exact["last_year"]]
    out["population_wan"] = [half_up(v, DECIMALS["population_wan"]) for v in exact["population"]]
    for col in m[0] if m else []:
        if col != "ahead":
            out[col] = [half_up(r[col], DECIMALS[col]) for r in m]
    out["status"] = ["ahead" if r["ahead"] else "behind" for r in m]
    out["status_zh"] = out["status"].map(STATUS_ZH)
    codes = list(exact[code])
    out["rank_province"] = _rank([(r["completion_pct"], c) for r, c in zip(m, codes, strict=True)])
    out["rank_growth"] = _rank([(r["growth_pct"], c) for r, c in zip(m, codes, strict=True)])
    return out


def _rank_within(exact: pd.DataFrame) -> list[float]:
    ranks = pd.Series(float("nan"), index=exact.index)
    for _, group in exact.groupby("prefecture_adcode"):
        keys = [(r["actual"] / r["target"], r["adcode"]) for r in group.to_dict("records")]
        ranks[group.index] = _rank(keys)
    return list(ranks)


def county_table(exact: pd.DataFrame, share: Fraction) -> pd.DataFrame:
    """The county table, :data:`~agritargets.monitor.columns.COUNTY_COLUMNS`."""
    out = pd.concat(
        [exact[["adcode", "county", "prefecture_adcode", "prefecture"]], measures(exact, share, "adcode")],
        axis=1,
    )
    out["rank_prefecture"] = _rank_within(exact)
    return _typed(out[COUNTY_COLUMNS])


def prefecture_table(exact: pd.DataFrame, county: pd.DataFrame, share: Fraction) -> pd.DataFrame:
    """The prefecture table, :data:`~agritargets.monitor.columns.PREFECTURE_COLUMNS`."""
    out = pd.concat(
        [exact[["prefecture_adcode", "prefecture"]], measures(exact, share, "prefecture_adcode")], axis=1
    )
    ahead = county[county["status"] == "ahead"].groupby("prefecture_adcode").size()
    out["counties_ahead"] = [int(ahead.get(p, 0)) for p in out["prefecture_adcode"]]
    out["counties"] = list(exact["counties"])
    return _typed(out[PREFECTURE_COLUMNS])


def province_table(
    counties: pd.DataFrame, county: pd.DataFrame, prefecture: pd.DataFrame, target: Decimal, share: Fraction
) -> pd.DataFrame:
    """The province row, :data:`~agritargets.monitor.columns.PROVINCE_COLUMNS`."""
    exact = pd.DataFrame(
        [
            {
                "adcode": PROVINCE_ADCODE,
                "name": PROVINCE_NAME,
                "target": Fraction(target),
                "actual": sum(counties["actual"], Fraction(0)),
                "last_year": _sum_or_none(counties["last_year"]),
                "growth_stated": None,
                "population": sum(counties["population"], Fraction(0)),
            }
        ]
    )
    out = pd.concat([exact[["adcode", "name"]], measures(exact, share, "adcode")], axis=1)
    out["counties_ahead"] = int((county["status"] == "ahead").sum())
    out["counties"] = len(county)
    out["prefectures_ahead"] = int((prefecture["status"] == "ahead").sum())
    out["prefectures"] = len(prefecture)
    return _typed(out[PROVINCE_COLUMNS])


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Ranks and counts as nullable integers; everything else as computed."""
    df = df.reset_index(drop=True)
    for col in (
        "rank_province",
        "rank_prefecture",
        "rank_growth",
        "counties_ahead",
        "counties",
        "prefectures_ahead",
        "prefectures",
    ):
        if col in df:
            df[col] = pd.array(df[col], dtype="Int64")
    return df


def compute(
    actuals: pd.DataFrame,
    county_targets: pd.DataFrame,
    prefecture_targets: pd.DataFrame,
    province_target: Decimal,
    share: Fraction,
    population: Mapping[str, Decimal],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """County, prefecture and province tables from the actuals and the targets.

    Parameters
    ----------
    actuals : DataFrame
        The reader's table (exact 亿元).
    county_targets, prefecture_targets : DataFrame
        Targets with Decimal ``target_yi``.
    province_target : Decimal
        亿元.
    share : Fraction
        Elapsed share of the year (0 < share ≤ 1).
    population : mapping
        adcode -> resident population (万人).

    Returns
    -------
    tuple of DataFrame
        County, prefecture and province tables (see :mod:`agritargets.monitor.columns`).
    """
    ex_c = exact_counties(actuals, county_targets, population)
    ex_p = exact_prefectures(ex_c, prefecture_targets)
    county = county_table(ex_c, share)
    prefecture = prefecture_table(ex_p, county, share)
    province = province_table(ex_c, county, prefecture, province_target, share)
    return county, prefecture, province
