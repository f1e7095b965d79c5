"""Month columns: which give the figures, monthly or cumulative, and the period they end in.

``1-1月 … 1-6月`` (or ``6月累计``) are cumulative: the figure is the last one and the
series may never decrease. ``1月当月 … 6月当月`` are monthly: the figure is their sum,
and every month from January must be there. ``1月 … 6月`` alone could be either: they
are monthly when some county's figures fall from one month to the next (a cumulative
series cannot), and otherwise the run is refused and ``--months`` asked for. Month
columns left empty (a template's 7月…12月) end the period before them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pandas as pd

from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError, Problems
from agritargets.monitor.headers import (
    ACTUAL,
    COMPUTED,
    GROWTH,
    LAST_YEAR,
    MONTH,
    TARGET,
    Column,
    classify,
    months_of,
)
from agritargets.monitor.money import to_yi
from agritargets.monitor.periods import (
    BARE,
    CUMULATIVE,
    CUMULATIVE_WORDS,
    MONTHLY,
    MONTHLY_WORDS,
    MonthSpan,
    Period,
    reconcile,
    span_in,
)
from agritargets.population.rows import RowsRead
from agritargets.population.table import Layout, matches_column
from agritargets.population.text import clean, fold

SINGLE = "single"
# The county table the reader returns (exact Decimal figures in 亿元; None where the file has none).
TABLE_COLUMNS = [
    "adcode",
    "county",
    "prefecture_adcode",
    "prefecture",
    "actual_yi",
    "last_year_yi",
    "growth_stated_pct",
    "row",
    "name_in_file",
]
MONTHS_OPTION = (CUMULATIVE, MONTHLY)
_UNUSED = {
    TARGET: ("目标列，目标取自所用的目标表", "a target column; targets come from the target tables used"),
    COMPUTED: (
        "由本程序计算的指标（完成率、排名等），不读取",
        "a measure this program computes (completion, rank …)",
    ),
}


@dataclass
class Plan:
    """Which columns give this year's figures, last year's and the growth, and how to read them."""

    kind: str  # cumulative | monthly | bare (undecided yet) | single
    series: dict[int, Column]  # month -> column (single: {month or 0: column})
    key: Column  # the latest figure's column: it classifies the rows
    last_year: Column | None = None
    growth: Column | None = None
    notes: list[str] = field(default_factory=list)
    decided_by: str = "headers"

    @property
    def last(self) -> int:
        """The last month the figures cover (0: the column names no month)."""
        return max(self.series)

    def record(self) -> dict:
        """The columns used, as ``run.json`` records them."""
        return {
            "series": self.kind,
            "series_decided_by": self.decided_by,
            "months": {str(m): c.header for m, c in sorted(self.series.items())},
            "actual": self.key.header,
            "last_year": self.last_year.header if self.last_year else None,
            "growth": self.growth.header if self.growth else None,
        }


def _filled(rows: list, first: int, col: Column) -> bool:
    return any(col.index < len(r) and clean(r[col.index]) for r in rows[first:])


def _one(cols: list[Column], role: str, last: int | None, notes: list[str]) -> Column | None:
    """The one column of ``role`` (the one for the period's last month when there are several)."""
    found = [c for c in cols if c.role == role]
    if len(found) > 1 and last:
        found = [c for c in found if c.span and c.span.last == last] or [c for c in found if not c.span]
    if len(found) > 1:
        notes.append(f"several {role} columns ({', '.join(c.header for c in found)}): none used")
        return None
    return found[0] if found else None


def _refuse_choice(source: str, cols: list[Column], why_zh: str, why_en: str) -> InputError:
    choices = "；".join(f'--column "{c.header}"' for c in cols)
    return InputError(
        f"{source}：{why_zh}；请用 --column 指定本期累计零售额所在的列：{choices}",
        f"{source}: {why_en}; name the column holding this period's cumulative sales with --column: "
        + "; ".join(f'--column "{c.header}"' for c in cols),
    )


def _chosen_column(cols: list[Column], column: str, source: str) -> Column:
    found = [c for c in cols if matches_column(c.header, column)]
    if len(found) != 1:
        listing = "、".join(f"“{c.header}”" for c in cols)
        raise InputError(
            f"{source}：--column “{column}”{'对应多列' if found else '不是任何零售额列'}；零售额列有：{listing}；请按表头原文填写",
            f"{source}: --column '{column}' {'matches several columns' if found else 'matches no sales column'}; "
            f"the sales columns are {', '.join(c.header for c in cols)}; give a header as it reads",
        )
    return found[0]


def _single(cols: list[Column], source: str) -> Column:
    actual = [c for c in cols if c.role == ACTUAL]
    if len(actual) > 1:  # 本年累计 beside 本月: the cumulative one is the figure
        cumulative = [c for c in actual if any(w in fold(c.header) for w in CUMULATIVE_WORDS)]
        actual = cumulative or [c for c in actual if not any(w in fold(c.header) for w in MONTHLY_WORDS)]
    if not actual:
        raise InputError(
            f"{source}：找不到零售额列（如“1-6月累计（万元）”、月份列“1-1月”…“1-6月”或“农产品网络零售额（万元）”）",
            f"{source}: no sales column found (such as '1-6月累计（万元）', month columns '1-1月' … '1-6月' or "
            "'农产品网络零售额（万元）')",
        )
    if len(actual) > 1:
        raise _refuse_choice(
            source,
            actual,
            "有多个零售额列，无法判断用哪一列",
            "several sales columns, which one is meant cannot be told",
        )
    return actual[0]


def _series(
    cols: list[Column], rows: list, first: int, notes: list[str], source: str
) -> tuple[str, dict[int, Column]]:
    """The month columns that give the figures, and how they read (before the data may decide)."""
    every = months_of(cols, source)
    groups = {k: {m: c for m, c in g.items() if _filled(rows, first, c)} for k, g in every.items()}
    for k, g in every.items():
        empty = [c.header for m, c in g.items() if m not in groups[k]]
        if empty:
            notes.append(f"month columns left empty, so the period ends before them: {', '.join(empty)}")
    cum, mon, bare = groups[CUMULATIVE], groups[MONTHLY], groups[BARE]
    if any(m > 1 for m in cum):
        for c in [*mon.values(), *bare.values()]:
            notes.append(f"column {c.header!r} not used: the cumulative columns give the figures")
        return CUMULATIVE, cum
    if mon:
        return MONTHLY, {**cum, **bare, **mon}
    if bare:
        return BARE, {**cum, **bare}
    return (CUMULATIVE, cum) if cum else (SINGLE, {})


def plan_columns(
    layout: Layout, rows: list, above: list[list[str]], source: str, column: str | None, months: str | None
) -> Plan:
    """Decide from the headers which columns give the figures (the data may settle ``bare``).

    Parameters
    ----------
    layout : Layout
        The header found with the SALES spec (``values`` lists every value column).
    rows : list
        Every row of the sheet.
    above : list of list of str
        Title and header rows, cleaned.
    source : str
        File name for messages.
    column : str or None
        ``--column``.
    months : str or None
        ``--months``.

    Returns
    -------
    Plan
    """
    cols = classify(layout.headers, layout.values)
    notes: list[str] = []
    for c in cols:
        if c.role in _UNUSED:
            notes.append(f"column {c.header!r} not used: {_UNUSED[c.role][1]}")
        elif c.role == MONTH and c.span.first > 1 and c.span.first != c.span.last:
            notes.append(f"column {c.header!r} not used: a span not from January")
    first = layout.first_data_row
    if column is not None:
        key = _chosen_column([c for c in cols if c.role in (ACTUAL, MONTH)], column, source)
        kind, series = SINGLE, {key.span.last if key.span else 0: key}
        if key.span and key.span.first == key.span.last > 1 and key.kind != CUMULATIVE:
            kind = BARE  # 6月 alone: asked below unless --months says
    else:
        kind, series = _series(cols, rows, first, notes, source)
        if kind != SINGLE:
            notes += [
                f"column {c.header!r} not used: the month columns give the figures"
                for c in cols
                if c.role == ACTUAL
            ]
        if kind == SINGLE:
            key = _single(cols, source)
            series = {key.span.last if key.span else 0: key}
            if key.span and key.span.first == key.span.last > 1 and key.kind != CUMULATIVE:
                kind = BARE
        key = series[max(series)]
    plan = Plan(kind, series, key, notes=notes)
    if months in MONTHS_OPTION and kind == BARE:
        plan.kind, plan.decided_by = months, f"--months {months}"
    elif months in MONTHS_OPTION:
        notes.append(f"--months {months} not needed: the headers say how the months read")
    plan.last_year = _one(cols, LAST_YEAR, plan.last or None, notes)
    plan.growth = _one(cols, GROWTH, plan.last or None, notes)
    return plan


def settle(plan: Plan, values: dict, read: RowsRead, source: str) -> Plan:
    """Decide bare month columns (``1月 … 6月``) from the data, or refuse and ask.

    Parameters
    ----------
    plan : Plan
    values : dict
        Column index -> adcode -> Decimal or None.
    read : RowsRead
    source : str

    Returns
    -------
    Plan
        ``kind`` cumulative or monthly (or single).

    Raises
    ------
    InputError
        The columns could be either.
    """
    if plan.kind != BARE:
        return plan
    if len(plan.series) == 1:
        h = plan.key.header
        m = plan.last
        raise InputError(
            f"{source}：“{h}”可以指 {m} 月当月，也可以指 1-{m} 月累计；请把表头改为“1-{m}月”（累计）或“{m}月当月”，"
            "或加 --months cumulative（累计）/ --months monthly（当月）",
            f"{source}: '{h}' may mean month {m} alone or January to month {m}; rename the header '1-{m}月' "
            f"(cumulative) or '{m}月当月' (monthly), or add --months cumulative / --months monthly",
        )
    months = sorted(plan.series)
    for c in read.counties:
        figures = [(m, values[plan.series[m].index].get(c.adcode)) for m in months]
        figures = [(m, v) for m, v in figures if v is not None]
        for (m0, v0), (m1, v1) in itertools.pairwise(figures):
            if v1 < v0:
                plan.kind = MONTHLY
                plan.decided_by = (
                    f"data: row {c.row} falls from {v0} ({plan.series[m0].header}) to {v1} "
                    f"({plan.series[m1].header}), which a cumulative series cannot"
                )
                return plan
    heads = "、".join(plan.series[m].header for m in months)
    raise InputError(
        f"{source}：月份列（{heads}）没有写明是当月数还是累计数，且各县的数值逐月都不减少，两种读法都可能；"
        "请把表头改为“1-1月、1-2月…”（累计）或“1月当月、2月当月…”（当月），或加 --months cumulative / --months monthly",
        f"{source}: the month columns ({', '.join(plan.series[m].header for m in months)}) do not say whether they "
        "are monthly or cumulative, and no county's figures fall from one month to the next, so either reading is "
        "possible; rename them '1-1月, 1-2月 …' (cumulative) or '1月当月, 2月当月 …' (monthly), or add "
        "--months cumulative / --months monthly",
    )


def check_series(plan: Plan, values: dict, read: RowsRead, problems: Problems) -> None:
    """Monthly columns must run from January; a cumulative series must never decrease; no blanks in a sum.

    Parameters
    ----------
    plan : Plan
    values : dict
        Column index -> adcode -> Decimal or None.
    read : RowsRead
    problems : Problems
    """
    months = sorted(plan.series)
    names = load_units().set_index("adcode")["name"]
    if plan.kind == MONTHLY:
        missing = [m for m in range(1, plan.last + 1) if m not in plan.series]
        if missing:
            problems.add(
                f"当月数的月份列应从 1 月连续到 {plan.last} 月，缺少 {'、'.join(f'{m}月' for m in missing)}；请补上这些列，或改用累计数（1-N月）",
                f"monthly columns must run from month 1 to {plan.last}; missing months {', '.join(map(str, missing))}; "
                "add them, or give cumulative figures (1-N月)",
            )
            return
    for c in read.counties:
        figures = [(m, values[plan.series[m].index].get(c.adcode)) for m in months]
        if plan.kind == MONTHLY:
            for m, v in figures:
                if v is None:
                    problems.add(
                        f"第 {c.row} 行 {names[c.adcode]}“{plan.series[m].header}”为空；当月数相加才得到累计数，请填写（没有销售填 0）",
                        f"row {c.row} {names[c.adcode]} '{plan.series[m].header}' is blank; monthly figures are added up, "
                        "so fill it in (0 if nothing was sold)",
                    )
            continue
        given = [(m, v) for m, v in figures if v is not None]
        for (m0, v0), (m1, v1) in itertools.pairwise(given):
            if v1 < v0:
                h0, h1 = plan.series[m0].header, plan.series[m1].header
                problems.add(
                    f"第 {c.row} 行 {names[c.adcode]}：累计数从“{h0}”的 {v0} 减少到“{h1}”的 {v1}；累计数不会减少，请核对这两个数",
                    f"row {c.row} {names[c.adcode]}: the cumulative figure falls from {v0} ('{h0}') to {v1} ('{h1}'); "
                    "a cumulative series never decreases, check these two figures",
                )


def _title_span(above: list[list[str]], header_rows: tuple[int, ...]) -> tuple[MonthSpan, int] | None:
    """The first month span a title row names (``2023年1-6月…``, ``截至6月底``, ``2023年6月…``)."""
    for n, row in enumerate(above[: header_rows[0]], 1):
        for cell in row:
            span = span_in(cell)
            if span:
                return span, n
    return None


def _title_year(above: list[list[str]], header_rows: tuple[int, ...]) -> int | None:
    """A year a title row names (``2023年各县市区…``), when no month span says it."""
    for row in above[: header_rows[0]]:
        for cell in row:
            m = re.search(r"((?:19|20)\d{2})年", cell)
            if m:
                return int(m.group(1))
    return None


def period_of(plan: Plan, above: list[list[str]], layout: Layout, as_of: date | None, source: str) -> Period:
    """The period: from the month columns or the sales header, a title row, or ``--as-of``.

    Raises
    ------
    InputError
        A title that names another month than the columns, a disagreeing ``--as-of``, or no period.
    """
    title = _title_span(above, layout.header_rows)
    header_row = layout.header_rows[0] + 1
    span, where, where_zh = None, "", ""
    if plan.last:
        year = (
            plan.key.span.year if plan.key.span and plan.key.span.year else (title[0].year if title else None)
        )
        year = year or _title_year(above, layout.header_rows)
        span = MonthSpan(1, plan.last, plan.kind, year, plan.key.header)
        where = f"header '{plan.key.header}' (row {header_row})"
        where_zh = f"表头“{plan.key.header}”（第 {header_row} 行）"
        if title and title[0].first == 1 and title[0].last != plan.last:
            t, n = title
            raise InputError(
                f"{source}：标题（第 {n} 行“{t.text}”）写的是截至 {t.last} 月，而数据列“{plan.key.header}”截至 {plan.last} 月；"
                "请核对标题或数据列，使二者一致",
                f"{source}: the title (row {n} '{t.text}') says to month {t.last} but the data column "
                f"'{plan.key.header}' runs to month {plan.last}; make the title and the columns agree",
            )
    elif title and _to_date(title[0], plan.key.header):
        t = title[0]
        span, where = MonthSpan(1, t.last, CUMULATIVE, t.year, t.text), f"title row {title[1]} '{t.text}'"
        where_zh = f"标题第 {title[1]} 行“{t.text}”"
    return reconcile(span, where, as_of, source, where_zh)


def _to_date(title: MonthSpan, header: str) -> bool:
    """A title span that dates a single column: from January (1-6月, 上半年, 截至6月), or one month
    (2023年6月) over a column that says it is cumulative (本年累计)."""
    if title.first == 1:
        return True
    return title.kind != MONTHLY and any(w in fold(header) for w in CUMULATIVE_WORDS)


def tables(
    plan: Plan, values: dict, growth: dict, units: dict, read: RowsRead
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The county table (亿元, exact) and the per-month cumulative progress.

    Returns
    -------
    tuple of DataFrame
        :data:`TABLE_COLUMNS` sorted by adcode; and ``adcode, month,
        actual_yi`` (cumulative to each month given; empty for a single column).
    """
    ref = load_units().set_index("adcode").to_dict("index")
    records, progress = [], []
    for c in sorted(read.counties, key=lambda c: c.adcode):
        running = Decimal(0)
        for m in sorted(plan.series):
            col = plan.series[m]
            v = values[col.index].get(c.adcode)
            if v is None:
                continue
            v = to_yi(v, units[col.index].name)
            running = running + v if plan.kind == MONTHLY else v
            if m:
                progress.append((c.adcode, m, running))
        ly = None
        if plan.last_year and values[plan.last_year.index].get(c.adcode) is not None:
            ly = to_yi(values[plan.last_year.index][c.adcode], units[plan.last_year.index].name)
        records.append(
            (
                c.adcode,
                ref[c.adcode]["name"],
                ref[c.adcode]["prefecture_adcode"],
                ref[c.adcode]["prefecture"],
                running,
                ly,
                growth.get(c.adcode),
                c.row,
                c.label,
            )
        )
    table = pd.DataFrame(records, columns=TABLE_COLUMNS)
    months = pd.DataFrame(progress, columns=["adcode", "month", "actual_yi"])
    if plan.kind == SINGLE or len(plan.series) < 2:
        months = months.iloc[0:0]
    return table, months
