"""What each value column of an actuals file holds, read from its header.

A platform export has, beside the county names, columns such as ``1-1月 … 1-6月``
(cumulative), ``1月 … 6月`` or ``6月当月`` (monthly), ``上年同期`` / ``2022年1-6月``
(last year), ``同比（%）`` (growth), and columns the monitor computes itself
(完成率, 排名, 目标任务). Each header is sorted into one role here; the roles decide what
the reader does with the column and every column not used is named in the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agritargets.core.errors import InputError
from agritargets.monitor.periods import BARE, CUMULATIVE, MONTHLY, MonthSpan, span_in
from agritargets.population.table import CODE_WORDS, HeaderSpec
from agritargets.population.text import fold

AMOUNT_WORDS = (
    "零售额",
    "销售额",
    "交易额",
    "成交额",
    "金额",
    "网络零售",
    "网零",
    "完成额",
    "实绩",
    "sales",
    "retail",
    "amount",
    "actual",
    "gmv",
)
LAST_YEAR_WORDS = ("上年", "去年", "同期", "lastyear", "prioryear", "previousyear")
GROWTH_WORDS = ("同比", "增长", "增速", "增幅", "增减幅", "增减率", "growth", "yoy")
TARGET_WORDS = ("目标", "任务", "计划", "target")
COMPUTED_WORDS = ("完成率", "进度", "占比", "比重", "排名", "位次", "名次", "差距", "人均", "rank", "share")
MONEY = re.compile(r"(千万|百万|十万|千|万|亿)?元|yuan|rmb")
_YEAR_ONLY = re.compile(r"^((?:19|20)\d{2})年?度?(累计|本期|完成)?(\(.*\))?$")
# Second header rows may hold months, years, units and percentages.
_CONTINUATION = re.compile(r"^.*([年月万元%()（）季]|\d{4}).*$")

ACTUAL, MONTH, LAST_YEAR, GROWTH, TARGET, COMPUTED = (
    "actual",
    "month",
    "last_year",
    "growth",
    "target",
    "computed",
)


def year_of(header: str) -> int | None:
    """The year a header names by itself (``2023年``, ``2022年 / 累计``), else None.

    Examples
    --------
    >>> year_of("2022年"), year_of("2023年（万元）"), year_of("2023年1-6月"), year_of("县市区")
    (2022, 2023, None, None)
    """
    for part in header.split(" / "):
        m = _YEAR_ONLY.match(fold(part))
        if m:
            return int(m.group(1))
    return None


def is_value_header(header: str) -> bool:
    """A header over figures of sales (this year or last), growth, or a period's months.

    Examples
    --------
    >>> [is_value_header(h) for h in ("1-6月", "农产品网络零售额（万元）", "上年同期", "同比(%)")]
    [True, True, True, True]
    >>> [is_value_header(h) for h in ("县市区", "区划代码", "市州", "序号")]
    [False, False, False, False]
    """
    h = fold(header)
    if any(w in h for w in CODE_WORDS):
        return False
    words = (*AMOUNT_WORDS, *LAST_YEAR_WORDS, *GROWTH_WORDS, *TARGET_WORDS, "累计", "完成率")
    named = span_in(header) is not None or year_of(header) is not None
    return named or any(w in h for w in words) or bool(MONEY.search(h))


SALES = HeaderSpec(is_value=is_value_header, continuation=_CONTINUATION, several=True)


@dataclass(frozen=True)
class Column:
    """One value column: its index, header as written, role, and the months it names."""

    index: int
    header: str
    role: str
    span: MonthSpan | None = None

    @property
    def kind(self) -> str | None:
        """cumulative / monthly / bare for month columns (bare month 1 is the same either way)."""
        return self.span.kind if self.span else None


def _role(header: str) -> str:
    """The role a header names; year-based last-year columns are decided later by :func:`classify`."""
    h = fold(header)
    if any(w in h for w in TARGET_WORDS):
        return TARGET
    if any(w in h for w in GROWTH_WORDS) or ("增减" in h and "%" in h):
        return GROWTH
    if any(w in h for w in COMPUTED_WORDS) or "%" in h:
        return COMPUTED
    if any(w in h for w in LAST_YEAR_WORDS):
        return LAST_YEAR
    return MONTH if span_in(header) is not None else ACTUAL


def classify(headers: list[str], values: tuple[int, ...]) -> list[Column]:
    """Sort the value columns into roles.

    A month or sales column whose year is before the latest year among them is last
    year's (``2022年1-6月`` beside ``2023年1-6月``, ``2022年`` beside ``2023年``).

    Parameters
    ----------
    headers : list of str
        Every column's header as written (two-row headers joined with `` / ``).
    values : tuple of int
        The value columns.

    Returns
    -------
    list of Column

    Examples
    --------
    >>> cols = classify(["县", "2023年1-6月", "2022年1-6月", "同比(%)", "完成率"], (1, 2, 3, 4))
    >>> [(c.header, c.role) for c in cols]
    [('2023年1-6月', 'month'), ('2022年1-6月', 'last_year'), ('同比(%)', 'growth'), ('完成率', 'computed')]
    >>> [c.role for c in classify(["县", "2023年", "2022年"], (1, 2))]
    ['actual', 'last_year']
    """
    cols = [Column(j, headers[j], _role(headers[j]), span_in(headers[j])) for j in values]
    years = {
        c.index: (c.span.year if c.span else year_of(c.header)) for c in cols if c.role in (MONTH, ACTUAL)
    }
    latest = max((y for y in years.values() if y), default=None)
    return [
        Column(c.index, c.header, LAST_YEAR, c.span)
        if latest and (years.get(c.index) or latest) < latest
        else c
        for c in cols
    ]


def months_of(cols: list[Column], source: str = "") -> dict[str, dict[int, Column]]:
    """Month columns by kind and last month; month 1 alone counts as both (1月 = 1-1月).

    Returns
    -------
    dict
        ``{"cumulative": {N: Column}, "monthly": {N: Column}, "bare": {N: Column}}``; a range
        not from January (``4-6月``) is left out (the caller names it as not used).

    Raises
    ------
    InputError
        Two columns for the same month and kind (``source`` names the file).
    """
    out: dict[str, dict[int, Column]] = {CUMULATIVE: {}, MONTHLY: {}, BARE: {}}
    for c in cols:
        if c.role != MONTH or (c.span.first != 1 and c.span.first != c.span.last):
            continue
        kind = c.kind
        if c.span.first == c.span.last == 1:
            kind = CUMULATIVE  # January alone is January to date
        dup = out[kind].get(c.span.last)
        same_figure = c.span.last == 1 and dup is not None and dup.kind != c.kind  # 1月当月 = 1月累计
        if dup is not None and not same_figure:
            raise InputError(
                f"{source}：“{out[kind][c.span.last].header}”与“{c.header}”都是 {c.span.last} 月的{_KIND_ZH[kind]}，无法判断用哪一列；"
                f"请删去或改名其中一列，或用 --column 指定本期累计数所在的列",
                f"{source}: '{out[kind][c.span.last].header}' and '{c.header}' are both month {c.span.last} ({kind}); which one "
                "is meant cannot be told; delete or rename one, or name the column with --column",
            )
        out[kind].setdefault(c.span.last, c)
    return out


_KIND_ZH = {CUMULATIVE: "累计数", MONTHLY: "当月数", BARE: "月份列"}
