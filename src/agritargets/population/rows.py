"""Step 5, read the rows: each is a county, the province total, a prefecture subtotal, a note or blank.

Nothing is dropped without a word: totals, subtotals and notes are kept with
their row numbers for the cross-check and the run record; anything else that is
not a Hunan county unit with a positive number is a problem naming its row and fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from agritargets.divisions import load_units
from agritargets.errors import Problems
from agritargets.population import labels
from agritargets.population.numeric import parse_number
from agritargets.population.reference import census
from agritargets.population.table import Layout
from agritargets.population.text import clean

EXCEL_ERRORS = ("#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")


@dataclass(frozen=True)
class CountyRow:
    """A county unit's row: its figure as written (unit not yet applied)."""

    adcode: str
    row: int
    label: str
    value: Decimal


@dataclass(frozen=True)
class StatedRow:
    """A total the file states: the province (``prefecture`` None) or a prefecture subtotal."""

    row: int
    label: str
    text: str
    value: Decimal | None
    prefecture: str | None = None


@dataclass
class RowsRead:
    """Everything the data rows held, sorted by kind."""

    counties: list[CountyRow] = field(default_factory=list)
    totals: list[StatedRow] = field(default_factory=list)
    subtotals: list[StatedRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    blank_population: dict[int, str] = field(default_factory=dict)  # row -> county, for the formula check
    counts: dict[str, int] = field(
        default_factory=lambda: {
            "county": 0,
            "province_total": 0,
            "prefecture_subtotal": 0,
            "note": 0,
            "blank": 0,
        }
    )


def _cell(row: Sequence[object], j: int | None) -> str:
    return clean(row[j]) if j is not None and j < len(row) else ""


class _Reader:
    """The loop over data rows, with the lookups it needs built once."""

    def __init__(self, layout: Layout, problems: Problems) -> None:
        self.cols = layout.columns
        self.problems = problems
        self.units = load_units().set_index("adcode")
        self.seen: dict[str, int] = {}
        self.last_prefecture: str | None = None
        self.out = RowsRead()

    def note(self, n: int, text: str) -> None:
        self.out.counts["note"] += 1
        self.out.notes.append(f"row {n}: {text}")

    def row(self, n: int, row: Sequence[object]) -> None:
        cols = self.cols
        label, code = _cell(row, cols.get("name")), _cell(row, cols.get("code"))
        pop = _cell(row, cols["population"])
        pref = _cell(row, cols.get("prefecture")) or _cell(row, cols.get("prefecture_code"))
        if not (label or code or pop or pref):
            if any(clean(c) for c in row):
                self.note(
                    n,
                    f"no name, code or population, kept out: {' | '.join(clean(c) for c in row if clean(c))!r}",
                )
            else:
                self.out.counts["blank"] += 1
            return
        key = label or code
        if not pop and (not key or labels.is_note(key)):
            self.note(n, f"note line kept out of the data: {key or pref!r}")
            return
        if labels.is_province(label, code) if label else labels.is_province("", code):
            self.out.counts["province_total"] += 1
            self.out.totals.append(StatedRow(n, key, pop, parse_number(pop)))
            self.out.notes.append(f"row {n}: total row {key!r} = {pop!r} not used as a county")
            return
        adcode = labels.county(code) if code else None
        by_name = labels.county(label) if label else None
        if adcode is None and by_name is None:
            self.subtotal_or_problem(n, key, label, code, pop, pref)
            return
        self.county(n, key, label, code, adcode, by_name, pop, pref)

    def subtotal_or_problem(self, n: int, key: str, label: str, code: str, pop: str, pref: str) -> None:
        folded = key.replace(" ", "")
        prefecture = labels.subtotal_of(label) if label else labels.prefecture(code)
        if prefecture is None and not label and not code:
            prefecture = labels.prefecture(pref)
        if prefecture is None and folded in ("小计", "subtotal"):
            prefecture = self.last_prefecture
        if prefecture is not None:
            if not pop:
                self.note(n, f"prefecture heading {key!r} without a figure")
                return
            self.out.counts["prefecture_subtotal"] += 1
            self.out.subtotals.append(StatedRow(n, key, pop, parse_number(pop), prefecture))
            self.out.notes.append(f"row {n}: prefecture subtotal {key!r} = {pop!r} not used as a county")
            return
        zone = census().zone_prefecture.get(labels.without_numbering(label)) if label else None
        zone_zh = f"（它是{zone}的功能区，请把人口并入其所在县市区）" if zone else ""
        zone_en = (
            f" (it is a functional zone of {zone}: add its population to its host county)" if zone else ""
        )
        self.problems.add(
            f"第 {n} 行“{key}”不是湖南省的县级单位{zone_zh}；请改为县市区全称或 6 位区划代码（功能区如云龙示范区请并入所属县市区）",
            f"row {n} '{key}' is not a Hunan county-level unit{zone_en}; use the full name or 6-digit adcode "
            "(fold functional zones such as 云龙示范区 into their host county)",
        )

    def county(
        self,
        n: int,
        key: str,
        label: str,
        code: str,
        adcode: str | None,
        by_name: str | None,
        pop: str,
        pref: str,
    ) -> None:
        units, add = self.units, self.problems.add
        if code and adcode is None:
            add(
                f"第 {n} 行：代码 {code} 不是湖南县级单位代码，而名称“{label}”是 {by_name}；请更正代码",
                f"row {n}: code {code} is not a Hunan county code but the name '{label}' is {by_name}; fix the code",
            )
            return
        if adcode and by_name and adcode != by_name:
            add(
                f"第 {n} 行：代码 {code}（{units.loc[adcode, 'name']}）与名称“{label}”（{by_name}）不一致；请更正其一",
                f"row {n}: code {code} ({units.loc[adcode, 'name']}) and name '{label}' ({by_name}) disagree; fix one of them",
            )
            return
        adcode = adcode or by_name
        county, home = units.loc[adcode, "name"], units.loc[adcode, "prefecture"]
        self.last_prefecture = units.loc[adcode, "prefecture_adcode"]
        if pref and labels.prefecture(pref) != self.last_prefecture:
            add(
                f"第 {n} 行：{county} 属于{home}，而不是“{pref}”；请更正市州",
                f"row {n}: {county} belongs to {home}, not '{pref}'; fix the prefecture",
            )
            return
        if adcode in self.seen:
            add(
                f"第 {n} 行“{key}”与第 {self.seen[adcode]} 行重复（均为 {county} {adcode}）；请删去其一",
                f"row {n} '{key}' duplicates row {self.seen[adcode]} (both are {county} {adcode}); delete one",
            )
            return
        self.seen[adcode] = n
        self.out.counts["county"] += 1
        value = parse_number(pop)
        if not pop:
            self.out.blank_population[n] = county
        elif pop.upper() in EXCEL_ERRORS:
            add(
                f"第 {n} 行 {county}：人口单元格显示 Excel 错误 {pop}；请修正公式，或复制后“选择性粘贴为数值”",
                f"row {n} {county}: the population cell shows the Excel error {pop}; fix the formula or paste values",
            )
        elif value is None:
            add(
                f"第 {n} 行 {county}：人口“{pop}”不是数字；请只填数值（单位写在表头）",
                f"row {n} {county}: population '{pop}' is not a number; enter digits only (unit in the header)",
            )
        elif value <= 0:
            add(
                f"第 {n} 行 {county}：人口必须大于 0（现为 {pop}）",
                f"row {n} {county}: population must be > 0 (got {pop})",
            )
        else:
            self.out.counties.append(CountyRow(adcode, n, key, value))


def read_rows(rows: Iterable[Sequence[object]], layout: Layout, problems: Problems) -> RowsRead:
    """Sort the rows below the header into counties, totals, subtotals and notes.

    Parameters
    ----------
    rows : iterable of sequences
        The sheet's rows from the first data row on (streamed).
    layout : Layout
        From :func:`agritargets.population.table.find_table`.
    problems : Problems
        Collects what is wrong; reading stops once it is full.

    Returns
    -------
    RowsRead
    """
    reader = _Reader(layout, problems)
    n = layout.first_data_row
    for n, row in enumerate(rows, layout.first_data_row + 1):
        if not any(row):
            reader.out.counts["blank"] += 1
            continue
        reader.row(n, row)
        if problems.full:
            problems.stopped_at_row = n
            break
    return reader.out


def formula_problems(blank: dict[int, str], formulas: dict[int, str], problems: Problems) -> None:
    """Blank population cells: say which are formulas saved without a value, and how to fix that.

    Parameters
    ----------
    blank : dict
        Row -> county name, for rows whose population cell read empty.
    formulas : dict
        Row -> formula, for those that hold one (XLSX only).
    problems : Problems
    """
    for n, county in sorted(blank.items()):
        if n in formulas:
            problems.add(
                f"第 {n} 行 {county}：人口单元格是公式 {formulas[n]}，但文件中没有保存计算结果（文件由程序生成、未经 Excel 计算）；"
                "请用 Excel 或 WPS 打开后保存一次，或把该列“选择性粘贴为数值”",
                f"row {n} {county}: the population cell is the formula {formulas[n]} but the file holds no computed "
                "value (written by a program, never calculated in Excel); open and save it once in Excel or WPS, "
                "or paste the column as values",
            )
        else:
            problems.add(
                f"第 {n} 行 {county}：人口为空；请填写数值",
                f"row {n} {county}: population is blank; fill it in",
            )
