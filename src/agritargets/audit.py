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
    """Do the half-open intervals [lo1, hi1) and [lo2, hi2) share a point?"""
    return max(lo1, lo2) < min(hi1, hi2)


def audit_totals(
    counties: pd.DataFrame, prefectures: pd.DataFrame, printed: dict[str, Decimal]
) -> pd.DataFrame:
    """The two tables' sums against their printed 合计 and the provincial target."""
    rows = []
    for label, table, key in (
        ("county", counties, "attachment_3"),
        ("prefecture", prefectures, "attachment_2"),
    ):
        n = len(table)
        s = _d(table["target_cents"].sum())
        p = printed[key]
        slack = HALF_CENT * n
        z = float(s - p) / (_ROUNDING_SD * math.sqrt(n))
        rows.append(
            {
                "table": label,
                "rows": n,
                "sum_of_rows_yi": s,
                "printed_total_yi": p,
                "diff_yi": s - p,
                "sum_interval_lo": s - slack,
                "sum_interval_hi": s + slack,
                "explained_by_rounding": overlaps(s - slack, s + slack, p - HALF_CENT, p + HALF_CENT),
                "rounding_sd_yi": round(_ROUNDING_SD * math.sqrt(n), 4),
                "z": round(z, 2),
            }
        )
    return pd.DataFrame(rows)


def audit_prefectures(counties: pd.DataFrame, prefectures: pd.DataFrame) -> pd.DataFrame:
    """Each printed prefecture target against the sum of its printed counties."""
    grouped = counties.groupby("prefecture_adcode")["target_cents"].agg(["sum", "size"])
    rows = []
    for r in prefectures.sort_values("seq").itertuples():
        n = int(grouped.loc[r.adcode, "size"])
        s = _d(grouped.loc[r.adcode, "sum"])
        p = _d(r.target_cents)
        lo, hi = s - HALF_CENT * n, s + HALF_CENT * n
        rows.append(
            {
                "seq": r.seq,
                "adcode": r.adcode,
                "prefecture": r.prefecture,
                "counties": n,
                "printed_yi": p,
                "sum_of_counties_yi": s,
                "diff_yi": p - s,
                "sum_interval_lo": lo,
                "sum_interval_hi": hi,
                "explained_by_rounding": overlaps(lo, hi, p - HALF_CENT, p + HALF_CENT),
            }
        )
    return pd.DataFrame(rows)


def implied_shares(counties: pd.DataFrame, total: Decimal = Decimal(400)) -> pd.DataFrame:
    """Each county's population share implied by its printed target, with its rounding interval."""
    t = [_d(c) for c in counties["target_cents"]]
    return pd.DataFrame(
        {
            "adcode": counties["adcode"],
            "county": counties["county"],
            "prefecture": counties["prefecture"],
            "target_yi": t,
            "share_implied": [v / total for v in t],
            "share_lo": [(v - HALF_CENT) / total for v in t],
            "share_hi": [(v + HALF_CENT) / total for v in t],
        }
    )


def implied_population(
    counties: pd.DataFrame, province_population: Decimal, total: Decimal = Decimal(400)
) -> pd.DataFrame:
    """IMPLIED (back-solved, not observed) population interval of each county for a given P, 万人."""
    s = implied_shares(counties, total)
    return pd.DataFrame(
        {
            "adcode": s["adcode"],
            "county": s["county"],
            "implied_population_lo_wan": [v * province_population for v in s["share_lo"]],
            "implied_population_hi_wan": [v * province_population for v in s["share_hi"]],
        }
    )


def audit_published(
    counties: pd.DataFrame, prefectures: pd.DataFrame, printed: dict[str, Decimal]
) -> dict[str, pd.DataFrame]:
    """All audit tables, keyed by the name they are saved under."""
    return {
        "audit_totals": audit_totals(counties, prefectures, printed),
        "audit_prefectures": audit_prefectures(counties, prefectures),
        "audit_implied_shares": implied_shares(counties),
    }
