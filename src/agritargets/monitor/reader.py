"""``read_actuals``: a staff actuals file to a checked county table of 亿元 figures.

The population reader's steps do the reading — decoding and format sniffing
(:mod:`~agritargets.population.decode`, :mod:`~agritargets.population.workbook`, hidden
sheets unread), the header and its columns (:func:`~agritargets.population.table.locate`
with the monitor's :data:`~agritargets.monitor.headers.SALES` spec), the rows (names,
codes, former names, totals, subtotals, footers, repeated headers:
:func:`~agritargets.population.rows.read_rows`) — and this module adds what sales need:
the roles of the value columns, the period, months monthly or cumulative, units of money,
last year and growth, and the stated subtotals checked for every column used.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import islice
from pathlib import Path

import pandas as pd

from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError, Problems
from agritargets.monitor import series
from agritargets.monitor.headers import SALES, Column
from agritargets.monitor.money import column_unit
from agritargets.monitor.periods import Period
from agritargets.monitor.series import TABLE_COLUMNS
from agritargets.population.decode import read_text, sniff
from agritargets.population.numeric import SeparatorError, parse_number
from agritargets.population.reader import HEAD_ROWS, Sheet, choose_sheet, sha256_of
from agritargets.population.rows import (
    EXCEL_ERRORS,
    Quantity,
    RowsRead,
    agrees,
    formula_problems,
    read_rows,
)
from agritargets.population.table import Layout, locate
from agritargets.population.text import clean
from agritargets.population.workbook import Workbook

NO_FIGURE = {"-", "--", "—", "——", "–", "/", "／", "n/a", "na", "无"}  # written for "no figure"
SALES_TABLE = ("农产品网络零售额", "agricultural online retail sales", "1-6月累计（万元）")


@dataclass
class ActualsInput:
    """A checked actuals file and how it was read (figures exact, in 亿元)."""

    table: pd.DataFrame  # TABLE_COLUMNS, sorted by adcode; Decimal values (None where absent)
    months: pd.DataFrame  # adcode, month, actual_yi: cumulative to each month given
    period: Period
    source: str
    sha256: str
    format: str
    sheet: str | None
    header_rows: list[int]
    columns: dict
    units: dict
    counts: dict
    notes: list[str] = field(default_factory=list)
    names_read_as: list[dict] = field(default_factory=list)
    stated_checked: list[str] = field(default_factory=list)


def _cell_number(
    text: str, where_zh: str, where_en: str, problems: Problems, growth: bool = False
) -> Decimal | None:
    """A figure cell: Decimal, None when blank; a problem when not a number (or negative, unless growth)."""
    if not text or text.lower() in NO_FIGURE or (growth and text.upper() in EXCEL_ERRORS):
        return None  # "—" for no figure; #DIV/0! is the growth of a county that sold nothing last year
    raw = text[:-1].strip() if growth and text.endswith("%") else text
    try:
        value = parse_number(raw)
    except SeparatorError as err:
        problems.add(f"{where_zh}：{err.zh}", f"{where_en}: {err.en}")
        return None
    if value is None:
        problems.add(
            f"{where_zh}“{text}”不是数字；请只填数值（单位写在表头）",
            f"{where_en} '{text}' is not a number; enter digits only (unit in the header)",
        )
    elif value < 0 and not growth:
        problems.add(
            f"{where_zh}为负数（{text}）；零售额不能为负，请核对该行",
            f"{where_en} is negative ({text}); sales cannot be negative, check the row",
        )
        return None
    return value


def _values(rows: list, read: RowsRead, col: Column, problems: Problems, growth: bool = False) -> dict:
    """adcode -> Decimal (or None) of one column, for every county row read."""
    out = {}
    units = dict(zip(*load_units()[["adcode", "name"]].to_dict("list").values(), strict=True))
    for c in read.counties:
        row = rows[c.row - 1]
        text = clean(row[col.index]) if col.index < len(row) else ""
        where_zh = f"第 {c.row} 行 {units[c.adcode]}“{col.header}”列"
        where_en = f"row {c.row} {units[c.adcode]} column '{col.header}'"
        out[c.adcode] = _cell_number(text, where_zh, where_en, problems, growth)
    return out


def _stated_rows(
    rows: list, read: RowsRead, cols: list[Column], values: dict, problems: Problems
) -> list[str]:
    """Each stated total/subtotal, in every money column used, against the sum of its counties."""
    by_pref: dict[str, list[str]] = {}
    unit_table = load_units()
    pref_of = dict(zip(unit_table["adcode"], unit_table["prefecture_adcode"], strict=True))
    for c in read.counties:
        by_pref.setdefault(pref_of[c.adcode], []).append(c.adcode)
    complete = unit_table.groupby("prefecture_adcode").size()
    checked = []
    for stated in [*read.totals, *read.subtotals]:
        members = (
            by_pref.get(stated.prefecture, []) if stated.prefecture else [c.adcode for c in read.counties]
        )
        expected_n = complete.get(stated.prefecture, 0) if stated.prefecture else len(unit_table)
        if len(members) < expected_n:
            checked.append(
                f"row {stated.row} {stated.label!r}: not checked, {len(members)} of its {expected_n} units listed"
            )
            continue
        agreed = [
            col.header
            for col in cols
            if _check_one(rows, stated.row, stated.label, col, members, values, problems)
        ]
        if agreed:
            checked.append(
                f"row {stated.row} {stated.label!r} = sum of its {len(members)} units in {', '.join(agreed)}"
            )
    return checked


def _check_one(
    rows: list, n: int, label: str, col: Column, members: list[str], values: dict, problems: Problems
) -> bool:
    """True when row ``n`` states a figure in ``col`` that agrees with its units; a problem when it disagrees."""
    row = rows[n - 1]
    text = clean(row[col.index]) if col.index < len(row) else ""
    try:
        value = parse_number(text) if text else None
    except SeparatorError:
        value = None
    parts = [values[col.index][a] for a in members if values[col.index].get(a) is not None]
    if value is None or len(parts) < len(members):
        return False
    if agrees(value, parts):
        return True
    total = sum(parts, Decimal(0))
    problems.add(
        f"第 {n} 行“{label}”的“{col.header}”为 {text}，而所列 {len(parts)} 个县市区之和为 {total}；"
        "请核对该行或各县市区的数值（小计只在末位舍入误差之内与各县之和一致）",
        f"row {n} '{label}' column '{col.header}' says {text} but its {len(parts)} county units sum to {total}; "
        "check that row or the county figures (a subtotal may differ only by the rounding of its last digit)",
    )
    return False


def _open(path: Path, sheet: str | None, stack: contextlib.ExitStack) -> tuple[Sheet, str]:
    """The rows to read (XLSX sheet or text file) and the source label for messages."""
    source = path.name
    if sniff(path) == "xlsx":
        book = stack.enter_context(Workbook(path))
        chosen = choose_sheet(book, sheet, source, None, SALES, SALES_TABLE)
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            chosen.notes.insert(
                0, f"the file is an XLSX workbook although named {path.suffix!r}; read as XLSX"
            )
        chosen.rows = list(chosen.rows)
        return chosen, f"{source} [{chosen.name}]"
    if sheet is not None:
        raise InputError(
            f"{source} 是文本文件（CSV），没有工作表；请去掉 --sheet",
            f"{source} is a text (CSV) file with no sheets; drop --sheet",
        )
    text = read_text(path)
    return Sheet(None, list(text.rows), text.description), source


def _layout(rows: list, source: str) -> Layout:
    layout = locate(list(islice(rows, HEAD_ROWS)), None, source, SALES)
    if layout is None:
        seen = [" | ".join(c for c in map(clean, r) if c) for r in rows[:5]]
        raise InputError(
            f"{source}：找不到表头——需要一列县市区名称或区划代码，以及零售额列（如“1-6月累计（万元）”或月份列“1-1月”“1-2月”…）。"
            f"前几行是：{seen}",
            f"{source}: no header found — need a county name or adcode column and a sales column (e.g. "
            f"'1-6月累计（万元）', or month columns '1-1月', '1-2月' …). First rows: {seen}",
        )
    return layout


def read_actuals(
    path: Path | str,
    sheet: str | None = None,
    column: str | None = None,
    as_of: date | None = None,
    months: str | None = None,
) -> ActualsInput:
    """Read and validate an actuals file: every county row, every figure used, the period.

    Completeness, outliers and the targets are checked later (:mod:`agritargets.monitor.checks`).

    Parameters
    ----------
    path : Path or str
        CSV/TSV/XLSX as exported (GBK or UTF-8, title rows, two-row headers, subtotals …).
    sheet : str, optional
        Worksheet; default the only visible sheet holding a county sales table.
    column : str, optional
        The column holding this period's cumulative sales, when the headers do not tell it.
    as_of : date, optional
        ``--as-of``: must agree with the period the file names.
    months : {'cumulative', 'monthly'}, optional
        How to read month columns headed ``1月``, ``2月`` … without 累计/当月.

    Returns
    -------
    ActualsInput

    Raises
    ------
    InputError
        Everything wrong in the file at once, each naming the row or column and the fix.
    """
    path = Path(path)
    with contextlib.ExitStack() as stack:
        chosen, source = _open(path, sheet, stack)
        return _read(path, chosen, source, column, as_of, months)


def _read(
    path: Path, chosen: Sheet, source: str, column: str | None, as_of: date | None, months: str | None
) -> ActualsInput:
    """The steps after opening: header, plan, rows, figures."""
    rows = chosen.rows
    layout = _layout(rows, source)
    headers_above = [[clean(c) for c in r] for r in rows[: layout.first_data_row]]
    plan = series.plan_columns(layout, rows, headers_above, source, column, months)
    keyed = replace(layout, columns={**layout.columns, "population": plan.key.index})
    quantity = Quantity(
        f"“{plan.key.header}”", f"'{plan.key.header}'", allow_zero=True, is_header=SALES.is_value
    )
    problems = Problems(source)
    read = read_rows(rows[layout.first_data_row :], keyed, problems, quantity)
    if read.blank_population and chosen.workbook is not None:
        formulas = chosen.workbook.formulas(chosen.name, plan.key.index, set(read.blank_population))
    else:
        formulas = {}
    formula_problems(read.blank_population, formulas, problems, quantity)
    problems.raise_if_any()
    if not read.counties:
        raise InputError(
            f"{source}：表头（第 {layout.header_rows[0] + 1} 行）之后没有任何县级单位的数据行",
            f"{source}: no county rows after the header (row {layout.header_rows[0] + 1})",
        )
    return _assemble(path, chosen, source, rows, layout, headers_above, plan, read, as_of, problems)


def _assemble(
    path: Path,
    chosen: Sheet,
    source: str,
    rows: list,
    layout: Layout,
    above: list[list[str]],
    plan: series.Plan,
    read: RowsRead,
    as_of: date | None,
    problems: Problems,
) -> ActualsInput:
    """Read every column the plan uses, check it, convert it, and decide the period."""
    money = [*plan.series.values(), *([plan.last_year] if plan.last_year else [])]
    values = {c.index: _values(rows, read, c, problems) for c in money}
    growth = _values(rows, read, plan.growth, problems, growth=True) if plan.growth else {}
    problems.raise_if_any()
    plan = series.settle(plan, values, read, source)
    units = {}
    for c in money:
        figures = sorted(v for v in values[c.index].values() if v is not None)
        typical = figures[len(figures) // 2] if figures else None
        units[c.index] = column_unit(c.header, above, source, typical)
    series.check_series(plan, values, read, problems)
    stated = _stated_rows(rows, read, money, values, problems)
    problems.raise_if_any()
    period = series.period_of(plan, above, layout, as_of, source)
    table, month_table = series.tables(plan, values, growth, units, read)
    return ActualsInput(
        table=table,
        months=month_table,
        period=period,
        source=path.name,
        sha256=sha256_of(path),
        format=chosen.format,
        sheet=chosen.name,
        header_rows=[r + 1 for r in layout.header_rows],
        columns=plan.record(),
        units={c.header: {"unit": units[c.index].name, "read_from": units[c.index].source} for c in money},
        counts=read.counts,
        notes=chosen.notes + layout.notes + plan.notes + read.notes,
        names_read_as=read.names_read_as,
        stated_checked=stated,
    )


__all__ = ["TABLE_COLUMNS", "ActualsInput", "read_actuals"]
