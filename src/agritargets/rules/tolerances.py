"""Every threshold, rank order and "differs" test the figures and documents share, defined once.

Printed targets carry two decimals (whole cents of 亿元), rounded half-up. A difference of at most
0.02 亿元 between a printed value and a recomputed one is what rounding of a few terms can produce,
so it "agrees"; the cuts below are the same on every map, chart, table and sentence.
"""

from __future__ import annotations

import pandas as pd

AGREE_YI = 0.025  # 亿元: |difference| below this (≤ 0.02 in whole cents) is rounding: "agrees"
NAMED_YI = 0.105  # 亿元: |difference| above this (> 0.10) is named on the audit charts and maps
RESIDUAL_CUTS = (AGREE_YI, NAMED_YI, 0.505)  # 亿元: agrees, small, medium, large differences


def agrees(diff_yi: pd.Series | float) -> pd.Series | bool:
    """Whether a difference (亿元) is within rounding.

    Examples
    --------
    >>> agrees(0.02), agrees(-0.03)
    (True, False)
    """
    return abs(diff_yi) < AGREE_YI


def named(diff_yi: pd.Series | float) -> pd.Series | bool:
    """Whether a difference (亿元) is large enough to be named on a figure.

    Examples
    --------
    >>> named(0.10), named(-0.11)
    (False, True)
    """
    return abs(diff_yi) > NAMED_YI


def by_target(table: pd.DataFrame, largest_first: bool = True) -> pd.DataFrame:
    """Rows ranked by target; ties keep the notice's printed order (``seq``).

    Parameters
    ----------
    table : pandas.DataFrame
        With ``target_cents`` and ``seq`` (counties or prefectures).
    largest_first : bool
        Descending (rankings) or ascending (bottom-up bar charts, whose last row is drawn on top).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> t = pd.DataFrame({"target_cents": [5, 9, 9], "seq": [1, 3, 2]})
    >>> by_target(t)["seq"].tolist(), by_target(t, largest_first=False)["seq"].tolist()
    ([2, 3, 1], [1, 3, 2])
    """
    return table.sort_values(["target_cents", "seq"], ascending=[not largest_first, largest_first])


def differing_prefectures(audit: pd.DataFrame) -> pd.DataFrame:
    """Prefectures whose printed target differs from the sum of their printed counties.

    Parameters
    ----------
    audit : pandas.DataFrame
        ``rules.audit.audit_prefectures`` output (``diff_yi`` = printed − sum of counties).

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> differing_prefectures(pd.DataFrame({"diff_yi": [0.0, 0.01, -0.02]}))["diff_yi"].tolist()
    [0.01, -0.02]
    """
    return audit[audit["diff_yi"] != 0]
