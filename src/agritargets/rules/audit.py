"""Audit of the printed tables, with no population data: sums, prefecture gaps, implied shares.

Every printed value ``v`` (two decimals, rounded half-up) stands for a true value
in ``[v - 0.005, v + 0.005)``. A sum of ``n`` printed values therefore stands for
``[Σv - 0.005 n, Σv + 0.005 n)``; a printed difference is "explained by rounding"
when the interval of the printed figure and that of the sum overlap.
"""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd

HALF_CENT = Decimal("0.005")
CENT = Decimal("0.01")
_ROUNDING_SD = 0.01 / math.sqrt(12)  # s.d. of one half-up rounding error, in 亿元


def _d(cents: int) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)


def overlaps(lo1: Decimal, hi1: Decimal, lo2: Decimal, hi2: Decimal) -> bool:
    """Do the half-open intervals [lo1, hi1) and [lo2, hi2) share a point?

    Parameters
    ----------
    lo1, hi1 : Decimal
        The first interval.
    lo2, hi2 : Decimal
        The second interval.

    Returns
    -------
    bool

    Examples
    --------
    >>> overlaps(Decimal("1.00"), Decimal("1.02"), Decimal("1.015"), Decimal("1.025"))
    True
    >>> overlaps(Decimal("1"), Decimal("2"), Decimal("2"), Decimal("3"))
    False
    """
    return max(lo1, lo2) < min(hi1, hi2)


def audit_totals(
    counties: pd.DataFrame, prefectures: pd.DataFrame, printed: dict[str, Decimal]
) -> pd.DataFrame:
    """Each table's sum of rows against its printed 合计.

    Parameters
    ----------
    counties, prefectures : DataFrame
        The printed targets with ``target_cents`` (as from :func:`~agritargets.core.targets.load_targets`).
    printed : dict of str to Decimal
        Printed totals in 亿元, keyed ``attachment_3`` (county table) and ``attachment_2``
        (prefecture table), as from :func:`~agritargets.core.targets.load_printed_totals`.

    Returns
    -------
    DataFrame
        One row per table (``county``, ``prefecture``): the sum, the printed total and
        ``diff_yi`` = sum − printed total (亿元), the sum's rounding interval, whether it
        overlaps the printed total's, and ``z`` = the difference over the s.d. of ``rows``
        independent rounding errors.
    """
    rows = []
    for label, table, key in (
        ("county", counties, "attachment_3"),
        ("prefecture", prefectures, "attachment_2"),
    ):
        n = len(table)
        row_sum = _d(table["target_cents"].sum())
        total = printed[key]
        slack = HALF_CENT * n
        z = float(row_sum - total) / (_ROUNDING_SD * math.sqrt(n))
        rows.append(
            {
                "table": label,
                "rows": n,
                "sum_of_rows_yi": row_sum,
                "printed_total_yi": total,
                "diff_yi": row_sum - total,
                "sum_interval_lo": row_sum - slack,
                "sum_interval_hi": row_sum + slack,
                "explained_by_rounding": overlaps(
                    row_sum - slack, row_sum + slack, total - HALF_CENT, total + HALF_CENT
                ),
                "rounding_sd_yi": round(_ROUNDING_SD * math.sqrt(n), 4),
                "z": round(z, 2),
            }
        )
    return pd.DataFrame(rows)


def audit_prefectures(counties: pd.DataFrame, prefectures: pd.DataFrame) -> pd.DataFrame:
    """Each printed prefecture target against the sum of its printed counties.

    Parameters
    ----------
    counties : DataFrame
        County targets with ``prefecture_adcode`` and ``target_cents``.
    prefectures : DataFrame
        Prefecture targets with ``seq``, ``adcode``, ``prefecture`` and ``target_cents``.

    Returns
    -------
    DataFrame
        One row per prefecture in printed order: the printed target, the sum of its counties,
        ``diff_yi`` = printed − sum (亿元; note the opposite order to :func:`audit_totals`), the
        sum's rounding interval and whether it overlaps the printed target's.
    """
    grouped = counties.groupby("prefecture_adcode")["target_cents"].agg(["sum", "size"])
    rows = []
    for r in prefectures.sort_values("seq").itertuples():
        n = int(grouped.loc[r.adcode, "size"])
        county_sum = _d(grouped.loc[r.adcode, "sum"])
        printed = _d(r.target_cents)
        lo, hi = county_sum - HALF_CENT * n, county_sum + HALF_CENT * n
        rows.append(
            {
                "seq": r.seq,
                "adcode": r.adcode,
                "prefecture": r.prefecture,
                "counties": n,
                "printed_yi": printed,
                "sum_of_counties_yi": county_sum,
                "diff_yi": printed - county_sum,
                "sum_interval_lo": lo,
                "sum_interval_hi": hi,
                "explained_by_rounding": overlaps(lo, hi, printed - HALF_CENT, printed + HALF_CENT),
            }
        )
    return pd.DataFrame(rows)


def implied_shares(counties: pd.DataFrame, total: Decimal = Decimal(400)) -> pd.DataFrame:
    """Each county's population share implied by its printed target, with its rounding interval.

    Parameters
    ----------
    counties : DataFrame
        County targets with ``adcode``, ``county``, ``prefecture`` and ``target_cents``.
    total : Decimal
        The provincial total the shares are of, 亿元.

    Returns
    -------
    DataFrame
        ``target_yi`` (Decimal, 亿元), ``share_implied`` = target / total, and ``share_lo``,
        ``share_hi`` from the target's rounding interval [target − 0.005, target + 0.005).
    """
    targets = [_d(c) for c in counties["target_cents"]]
    return pd.DataFrame(
        {
            "adcode": counties["adcode"],
            "county": counties["county"],
            "prefecture": counties["prefecture"],
            "target_yi": targets,
            "share_implied": [v / total for v in targets],
            "share_lo": [(v - HALF_CENT) / total for v in targets],
            "share_hi": [(v + HALF_CENT) / total for v in targets],
        }
    )


def implied_population(
    counties: pd.DataFrame, province_population: Decimal, total: Decimal = Decimal(400)
) -> pd.DataFrame:
    """IMPLIED (back-solved, not observed) population interval of each county for a given P, 万人.

    Parameters
    ----------
    counties : DataFrame
        As for :func:`implied_shares`.
    province_population : Decimal
        The denominator P, 万人.
    total : Decimal
        The provincial total, 亿元.

    Returns
    -------
    DataFrame
        ``adcode``, ``county``, ``implied_population_lo_wan`` and ``implied_population_hi_wan``
        (``share_lo`` and ``share_hi`` times P, 万人).
    """
    shares = implied_shares(counties, total)
    return pd.DataFrame(
        {
            "adcode": shares["adcode"],
            "county": shares["county"],
            "implied_population_lo_wan": [v * province_population for v in shares["share_lo"]],
            "implied_population_hi_wan": [v * province_population for v in shares["share_hi"]],
        }
    )


def audit_published(
    counties: pd.DataFrame, prefectures: pd.DataFrame, printed: dict[str, Decimal]
) -> dict[str, pd.DataFrame]:
    """All audit tables, keyed by the name they are saved under.

    Parameters
    ----------
    counties, prefectures : DataFrame
        The printed targets (see :func:`audit_totals`).
    printed : dict of str to Decimal
        The printed totals (see :func:`audit_totals`).

    Returns
    -------
    dict of str to DataFrame
        ``audit_totals``, ``audit_prefectures`` and ``audit_implied_shares`` (for a total of 400
        亿元).
    """
    return {
        "audit_totals": audit_totals(counties, prefectures, printed),
        "audit_prefectures": audit_prefectures(counties, prefectures),
        "audit_implied_shares": implied_shares(counties),
    }
