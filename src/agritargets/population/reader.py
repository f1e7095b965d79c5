"""``read_population``: the steps in order, from a path to a checked county table."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice
from pathlib import Path

import pandas as pd

from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError, Problems
from agritargets.population import plausibility
from agritargets.population.decode import read_text, sniff
from agritargets.population.numeric import half_unit
from agritargets.population.reference import census
from agritargets.population.rows import RowsRead, StatedRow, formula_problems, read_rows
from agritargets.population.table import (
    HEADER_SEARCH_ROWS,
    POPULATION,
    SAMPLE_ROWS,
    HeaderSpec,
    Layout,
    find_table,
    locate,
)
from agritargets.population.text import clean
from agritargets.population.units import Unit, resolve_unit, stated_unit
from agritargets.population.workbook import Workbook

# The county table every later step reads (population in 万人, exact decimals).
TABLE_COLUMNS = [
    "adcode",
    "county",
    "prefecture_adcode",
    "prefecture",
    "population_wan",
    "rounding_wan",
    "row",
    "name_in_file",
]
HEAD_ROWS = HEADER_SEARCH_ROWS + SAMPLE_ROWS + 3


@dataclass(frozen=True)
class Stated:
    """A total the file states, in 万人, with the rounding its last digit allows."""

    row: int
    label: str
    value_wan: Decimal
    rounding_wan: Decimal
    prefecture: str | None = None


@dataclass
class PopulationInput:
    """A checked population file and everything about how it was read."""

    table: pd.DataFrame  # TABLE_COLUMNS, sorted by adcode
    source: str
    sha256: str
    format: str
    sheet: str | None
    header_rows: list[int]  # 1-based
    column: str
    unit: str
    unit_source: str
    counts: dict[str, int]
    notes: list[str] = field(default_factory=list)
    totals: list[Stated] = field(default_factory=list)
    subtotals: list[Stated] = field(default_factory=list)
    names_read_as: list[dict] = field(default_factory=list)  # names read through a marker or prefix

    @property
    def stated_total(self) -> Decimal | None:
        """The file's own province total (万人), if it states one."""
        return self.totals[0].value_wan if self.totals else None


@dataclass
class Sheet:
    """The sheet (or text file) to read: its rows streamed, and how it was chosen."""

    name: str | None
    rows: Iterator[Sequence[object]]
    format: str
    workbook: Workbook | None = None
    notes: list[str] = field(default_factory=list)


# How the table is named in messages: (zh, en, an example value header).
POPULATION_TABLE = ("人口", "population", "常住人口（万人）")


def choose_sheet(
    book: Workbook,
    wanted: str | None,
    source: str,
    column: str | None,
    spec: HeaderSpec = POPULATION,
    what: tuple[str, str, str] = POPULATION_TABLE,
) -> Sheet:
    """The sheet ``--sheet`` names, else the only visible sheet holding a county table.

    Parameters
    ----------
    book : Workbook
    wanted : str or None
        ``--sheet``.
    source : str
        File name for messages.
    column : str or None
        ``--column`` (a sheet holds the table when its header has that column).
    spec : HeaderSpec
        What the value column looks like; default population.
    what : tuple of str
        The value in messages: Chinese, English and an example header.

    Returns
    -------
    Sheet

    Raises
    ------
    InputError
        No such sheet, several sheets with data, or none.
    """
    names = [s.name for s in book.sheets]
    if wanted is not None:
        match = [n for n in names if n == wanted] or [n for n in names if n.strip() == wanted.strip()]
        if not match:
            raise InputError(
                f"{source}：没有名为“{wanted}”的工作表（有：{'、'.join(names)}）；请按工作表标签填写 --sheet",
                f"{source}: no sheet named '{wanted}' (sheets: {', '.join(names)}); give --sheet as its tab reads",
            )
        info = next(s for s in book.sheets if s.name == match[0])
        notes = [] if info.visible else [f"sheet '{info.name}' is hidden; read because --sheet names it"]
        return Sheet(info.name, book.rows(info.name), "XLSX", book, notes)
    holding, hidden_holding = [], []
    for info in book.sheets:
        try:
            found = locate(list(islice(book.rows(info.name), HEAD_ROWS)), column, source, spec) is not None
        except InputError:
            found = True  # a table, though an ambiguous one: it counts as holding data
        if found:
            (holding if info.visible else hidden_holding).append(info)
    listing = "、".join(f"“{s.name}”" for s in holding)
    if len(holding) > 1:
        active = next((s.name for s in holding if s.active), None)
        opens_zh = f"（工作簿打开时显示“{active}”）" if active else ""
        opens_en = f" (the workbook opens on '{active}')" if active else ""
        raise InputError(
            f"{source}：有 {len(holding)} 个工作表含县市区数据：{listing}{opens_zh}；请用 --sheet 指定要用的一个，如 --sheet {holding[-1].name}",
            f"{source}: {len(holding)} sheets hold county data: {', '.join(s.name for s in holding)}{opens_en}; "
            f"choose one with --sheet, e.g. --sheet {holding[-1].name}",
        )
    if not holding:
        hidden_zh = (
            f"；隐藏的工作表{'、'.join(s.name for s in hidden_holding)}有数据，但隐藏的工作表不会被读取，确需使用请加 --sheet"
            if hidden_holding
            else ""
        )
        hidden_en = (
            f"; hidden sheet(s) {', '.join(s.name for s in hidden_holding)} hold data but hidden sheets are never "
            "read unless named with --sheet"
            if hidden_holding
            else ""
        )
        raise InputError(
            f"{source}：可见的工作表（{'、'.join(s.name for s in book.sheets if s.visible)}）中找不到县市区{what[0]}表{hidden_zh}；"
            f"需要一列县市区名称或代码和一列{what[0]}（如“{what[2]}”）；数据在别的工作表时请用 --sheet 指定",
            f"{source}: no visible sheet ({', '.join(s.name for s in book.sheets if s.visible)}) holds a county "
            f"{what[1]} table{hidden_en}; it needs a county name or code column and a {what[1]} column "
            f"(e.g. '{what[2]}'); if the data is on another sheet, name it with --sheet",
        )
    info = holding[0]
    notes = []
    if len(book.sheets) > 1:
        others = [s.name + ("" if s.visible else " (hidden)") for s in book.sheets if s.name != info.name]
        notes.append(
            f"sheet '{info.name}' read: the only visible sheet with county data (others: {', '.join(others)})"
        )
    return Sheet(info.name, book.rows(info.name), "XLSX", book, notes)


def _stated(
    rows: list[StatedRow], unit: Unit, problems: Problems, kind_zh: str, kind_en: str
) -> list[Stated]:
    out = []
    for r in rows:
        if r.value is None or r.value <= 0:
            problems.add(
                f"第 {r.row} 行{kind_zh}“{r.label}”的数值“{r.text}”不是正数；请改正或删去该行",
                f"row {r.row} {kind_en} '{r.label}' has the value '{r.text}', not a positive number; fix or delete the row",
            )
            continue
        out.append(
            Stated(r.row, r.label, unit.to_wan(r.value), unit.to_wan(half_unit(r.value)), r.prefecture)
        )
    return out


def _table(read: RowsRead, unit: Unit) -> pd.DataFrame:
    units = load_units().set_index("adcode")
    records = [
        (
            c.adcode,
            units.loc[c.adcode, "name"],
            units.loc[c.adcode, "prefecture_adcode"],
            units.loc[c.adcode, "prefecture"],
            unit.to_wan(c.value),
            unit.to_wan(half_unit(c.value)),
            c.row,
            c.label,
        )
        for c in read.counties
    ]
    return pd.DataFrame(records, columns=TABLE_COLUMNS).sort_values("adcode", ignore_index=True)


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, read in blocks (a large input is never held whole)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_sheet(
    sheet: Sheet, source: str, column: str | None, accepted: set[str]
) -> tuple[Layout, Unit, RowsRead, list[Stated], list[Stated], list[str]]:
    head = list(islice(sheet.rows, HEAD_ROWS))
    layout = find_table(head, source, column)
    problems = Problems(source)
    read = read_rows(chain(head[layout.first_data_row :], sheet.rows), layout, problems)
    if read.blank_population and sheet.workbook is not None and sheet.name is not None:
        formulas = sheet.workbook.formulas(
            sheet.name, layout.columns["population"], set(read.blank_population)
        )
    else:
        formulas = {}
    formula_problems(read.blank_population, formulas, problems)
    problems.raise_if_any()
    if not read.counties:
        raise InputError(
            f"{source}：表头（第 {layout.header_rows[0] + 1} 行）之后没有任何县级单位的数据行",
            f"{source}: no county rows after the header (row {layout.header_rows[0] + 1})",
        )
    above = [[clean(c) for c in r] for r in head[: layout.first_data_row]]
    ratios = [c.value / census().county[c.adcode] for c in read.counties]
    unit = resolve_unit(
        stated_unit(layout.population_header, above), ratios, source, layout.population_header
    )
    notes = plausibility.check_counties(
        {c.adcode: (c.row, unit.to_wan(c.value)) for c in read.counties}, accepted, problems
    )
    totals = _stated(read.totals, unit, problems, "合计行", "total row")
    subtotals = _stated(read.subtotals, unit, problems, "小计行", "subtotal row")
    problems.raise_if_any()
    return layout, unit, read, totals, subtotals, notes


def read_population(
    path: Path | str,
    sheet: str | None = None,
    column: str | None = None,
    accept_outliers: Collection[str] = (),
) -> PopulationInput:
    """Read, validate and check a population file against the 2020 census.

    Every unit listed must be a Hunan county unit with a plausible positive figure;
    completeness and the stated totals are checked later (they depend on the run's options).

    Parameters
    ----------
    path : Path or str
        CSV/TSV/XLSX as staff have it (see the module docs for what is accepted).
    sheet : str, optional
        Worksheet to read; default the only visible sheet that holds county data.
    column : str, optional
        Population column header, when the file has several.
    accept_outliers : collection of str
        County names or codes (``全省`` is for P, checked later) accepted although
        they differ from the census by more than the threshold.

    Returns
    -------
    PopulationInput

    Raises
    ------
    InputError
        Anything wrong, all problems of a file at once, each naming the row and the fix.
    """
    path = Path(path)
    source = path.name
    kind = sniff(path)
    accepted = plausibility.accepted_outliers(accept_outliers)
    if kind == "xlsx":
        with Workbook(path) as book:
            chosen = choose_sheet(book, sheet, source, column)
            if path.suffix.lower() not in (".xlsx", ".xlsm"):
                chosen.notes.insert(
                    0, f"the file is an XLSX workbook although named {path.suffix!r}; read as XLSX"
                )
            layout, unit, read, totals, subtotals, notes = _read_sheet(
                chosen, f"{source} [{chosen.name}]", column, accepted
            )
    else:
        if sheet is not None:
            raise InputError(
                f"{source} 是文本文件（CSV），没有工作表；请去掉 --sheet",
                f"{source} is a text (CSV) file with no sheets; drop --sheet",
            )
        text = read_text(path)
        chosen = Sheet(None, text.rows, text.description)
        layout, unit, read, totals, subtotals, notes = _read_sheet(chosen, source, column, accepted)
    return PopulationInput(
        table=_table(read, unit),
        source=source,
        sha256=sha256_of(path),
        format=chosen.format,
        sheet=chosen.name,
        header_rows=[r + 1 for r in layout.header_rows],
        column=layout.population_header,
        unit=unit.name,
        unit_source=unit.source,
        counts=read.counts,
        notes=chosen.notes + layout.notes + read.notes + notes,
        totals=totals,
        subtotals=subtotals,
        names_read_as=read.names_read_as,
    )
