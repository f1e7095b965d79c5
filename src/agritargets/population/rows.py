"""Step 5, read the rows: each is a county, the province total, a prefecture subtotal, a note or blank.

Nothing is dropped without a word: totals, subtotals and notes are kept with
their row numbers for the cross-check and the run record; anything else that is
not a Hunan county unit with a positive number is a problem naming its row and fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError, Problems
from agritargets.core.formatting import wan
from agritargets.population import labels
from agritargets.population.numeric import SeparatorError, half_unit, parse_number
from agritargets.population.reference import census
from agritargets.population.table import Layout, is_population_header
from agritargets.population.text import clean, fold, without_numbering

EXCEL_ERRORS = ("#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
# A footer keeps its label's note word whatever its second cell holds (制表人：张三 | 审核人：李四);
# "*" alone is not enough there: *芙蓉区 with a figure is a county to name, not a note.
FOOTER_PREFIXES = tuple(p for p in labels.NOTE_PREFIXES if p != "*")
BARE_TOTALS = ("合计", "总计", "total")  # the province, or a prefecture when it ends one prefecture's block
DISTRICT_SUBTOTALS = ("市辖区", "市区")  # the districts (…区) of one prefecture, as yearbooks print them
BREAKDOWN_PREFIXES = ("其中", "ofwhich")  # 其中：城镇 is a part of the row above
_PAGE_LINE = re.compile(r"^(第[\d一二三四五六七八九十]+页|共[\d一二三四五六七八九十]+页|page\d+(of\d+)?$)")
_BRACKETS = re.compile(r"[()\[\]【】]")


@dataclass(frozen=True)
class Quantity:
    """The figure a county row holds, as messages name it, and whether 0 is a valid figure.

    The population reader's default; the monitor passes its own (sales may be 0, never negative).
    """

    zh: str = "人口"
    en: str = "population"
    allow_zero: bool = False
    is_header: Callable[[str], bool] = is_population_header  # a repeated header row's value cell


POPULATION = Quantity()


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
    names_read_as: list[dict] = field(default_factory=list)  # 芙蓉区* -> 芙蓉区: row, written, name, adcode
    counts: dict[str, int] = field(
        default_factory=lambda: {
            "county": 0,
            "province_total": 0,
            "prefecture_subtotal": 0,
            "note": 0,
            "blank": 0,
        }
    )


@dataclass(frozen=True)
class _Pending:
    """A 合计/总计 row, decided once every row is read: the province total or a prefecture subtotal."""

    row: int
    label: str
    text: str
    value: Decimal | None
    block: tuple[
        tuple[str, Decimal], ...
    ]  # (prefecture adcode, value) of the county rows since the last total


@dataclass(frozen=True)
class _DistrictRow:
    """A 市辖区 row: the sum of one prefecture's districts, checked once every row is read."""

    row: int
    label: str
    text: str
    value: Decimal | None
    before: str | None  # prefecture of the county row above it
    next_county: int  # index in ``counties`` of the county row below it


def _cell(row: Sequence[object], j: int | None) -> str:
    return clean(row[j]) if j is not None and j < len(row) else ""


def _unbracketed(label: str) -> str:
    """A label without its brackets: ``湖南省(合计)`` -> ``湖南省合计``.

    Examples
    --------
    >>> _unbracketed("湖南省(合计)"), _unbracketed("芙蓉区")
    ('湖南省合计', '芙蓉区')
    """
    return _BRACKETS.sub("", label)


def agrees(value: Decimal, parts: Sequence[Decimal]) -> bool:
    """True when ``value`` is the sum of ``parts`` within the rounding of the figures as written.

    Examples
    --------
    >>> agrees(Decimal("147.82"), [Decimal("64.2010"), Decimal("83.6157")])
    True
    >>> agrees(Decimal("147.9"), [Decimal("64.2010"), Decimal("83.6157")])
    False
    """
    tolerance = half_unit(value) + sum((half_unit(p) for p in parts), Decimal(0))
    return abs(value - sum(parts, Decimal(0))) <= tolerance


def _one_prefecture(block: Sequence[tuple[str, Decimal]]) -> str | None:
    """The prefecture every row of ``block`` belongs to, or None (empty block, or several)."""
    prefectures = {pref for pref, _ in block}
    return prefectures.pop() if len(prefectures) == 1 else None


class _Reader:
    """The loop over data rows, with the lookups it needs built once."""

    def __init__(self, layout: Layout, problems: Problems, quantity: Quantity = POPULATION) -> None:
        self.cols = layout.columns
        self.problems = problems
        self.quantity = quantity
        self.units = load_units().set_index("adcode")
        self.prefecture_names = dict(
            zip(self.units["prefecture_adcode"], self.units["prefecture"], strict=True)
        )
        header = layout.population_header
        self.header_texts = {fold(header), *(fold(part) for part in header.split(" / "))}
        self.seen: dict[str, int] = {}
        self.last_prefecture: str | None = None
        self.block: list[tuple[str, Decimal]] = []  # county rows since the last total or heading
        self.pending: list[_Pending] = []
        self.districts: list[_DistrictRow] = []
        self.read_as_prefecture: list[tuple[int, str, str]] = []  # (row, label, prefecture adcode)
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
        if self.kept_out(n, row, key, pop, pref) or self.total(n, key, label, code, pop):
            return
        adcode = labels.county(code) if code else None
        by_name = labels.county(label) if label else None
        if adcode is None and by_name is None:
            self.subtotal_or_problem(n, key, label, code, pop, pref)
            return
        self.county(n, key, label, code, adcode, by_name, pop, pref)

    def kept_out(self, n: int, row: Sequence[object], key: str, pop: str, pref: str) -> bool:
        """Notes, footers, page lines and repeated header rows: noted as not counted (True), else False."""
        cells = " | ".join(clean(c) for c in row if clean(c))
        if not pop and (not key or labels.is_note(key)):
            self.note(n, f"note line kept out of the data: {key or pref!r}")
        elif _PAGE_LINE.match(fold(key or pref)):
            self.note(n, f"page line kept out of the data: {cells!r}")
        elif labels.county(key) is not None:
            return False
        elif fold(key).startswith(FOOTER_PREFIXES):
            self.note(n, f"note line kept out of the data: {cells!r}")
        elif (
            pop
            and parse_number(pop) is None
            and (fold(pop) in self.header_texts or self.quantity.is_header(pop))
        ):
            self.note(n, f"header row repeated (e.g. after a page break), kept out of the data: {cells!r}")
        else:
            return False
        return True

    def total(self, n: int, key: str, label: str, code: str, pop: str) -> bool:
        """The province total (or a 合计 to decide at the end): recorded (True), else False."""
        plain = _unbracketed(label)
        if label and not code and fold(without_numbering(plain)) in BARE_TOTALS:
            self.pending.append(_Pending(n, key, pop, parse_number(pop), tuple(self.block)))
        elif labels.is_province(label, code) or (plain != label and labels.is_province(plain)):
            self.province(n, key, pop)
        else:
            return False
        self.block = []
        return True

    def province(self, n: int, key: str, pop: str) -> None:
        self.out.counts["province_total"] += 1
        self.out.totals.append(StatedRow(n, key, pop, parse_number(pop)))
        self.out.notes.append(f"row {n}: total row {key!r} = {pop!r} not used as a county")

    def subtotal(self, n: int, key: str, pop: str, prefecture: str, why: str = "") -> None:
        self.out.counts["prefecture_subtotal"] += 1
        self.out.subtotals.append(StatedRow(n, key, pop, parse_number(pop), prefecture))
        self.out.notes.append(f"row {n}: prefecture subtotal {key!r} = {pop!r} not used as a county{why}")

    def subtotal_or_problem(self, n: int, key: str, label: str, code: str, pop: str, pref: str) -> None:
        folded = fold(without_numbering(key))
        if folded in DISTRICT_SUBTOTALS:
            value = parse_number(pop)
            self.districts.append(
                _DistrictRow(n, key, pop, value, self.last_prefecture, len(self.out.counties))
            )
            return
        if folded.startswith(BREAKDOWN_PREFIXES):
            self.problems.add(
                f"第 {n} 行“{key}”是分项行（“其中”是上一行的一部分），不是县级单位；请删去该行",
                f"row {n} '{key}' is a breakdown row ('of which': a part of the row above), not a county unit; "
                "delete the row",
            )
            return
        prefecture = self.prefecture_of(label, code, pref, key)
        if prefecture is not None:
            self.read_as_prefecture.append((n, key, prefecture))
            self.block = []
            if not pop:
                self.note(n, f"prefecture heading {key!r} without a figure")
                return
            self.subtotal(n, key, pop, prefecture)
            return
        if not key:
            self.problems.add(
                f"第 {n} 行只有数字没有名称（合计行？数值为 {pop}）；请加上名称“合计”或删去该行",
                f"row {n} has a number but no name (a total? the value is {pop}); label it '合计' or delete the row",
            )
            return
        guess = labels.suggest(label) if label else None
        if (
            guess is not None
        ):  # 芙蓉区*, 1 芙蓉区, 长沙市/芙蓉区, 邵东市（原邵东县）: one unit, said in the record
            name = self.units.loc[guess, "name"]
            self.out.names_read_as.append({"row": n, "written": key, "name": name, "adcode": guess})
            self.out.notes.append(f"row {n}: name {key!r} read as {name} {guess}")
            self.county(n, key, label, code, None if not code else labels.county(code), guess, pop, pref)
            return
        self.not_a_unit(n, key, label)

    def prefecture_of(self, label: str, code: str, pref: str, key: str) -> str | None:
        """The prefecture a heading or subtotal row names (长沙市, 长沙市小计, 小计 after its counties), else None."""
        if label:
            prefecture = labels.subtotal_of(label) or labels.subtotal_of(_unbracketed(label))
        else:
            prefecture = labels.prefecture(code)
        if prefecture is None and not label and not code:
            prefecture = labels.prefecture(pref)
        if prefecture is None and key.replace(" ", "") in ("小计", "subtotal"):
            prefecture = self.last_prefecture
        return prefecture

    def not_a_unit(self, n: int, key: str, label: str) -> None:
        zone = census().zone_of(labels.without_numbering(label)) if label else None
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
        units, add, q = self.units, self.problems.add, self.quantity
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
                f"第 {n} 行 {county}：{q.zh}单元格显示 Excel 错误 {pop}；请修正公式，或复制后“选择性粘贴为数值”",
                f"row {n} {county}: the {q.en} cell shows the Excel error {pop}; fix the formula or paste values",
            )
        elif value is None:
            add(
                f"第 {n} 行 {county}：{q.zh}“{pop}”不是数字；请只填数值（单位写在表头）",
                f"row {n} {county}: {q.en} '{pop}' is not a number; enter digits only (unit in the header)",
            )
        elif value < 0 or (value == 0 and not q.allow_zero):
            at_least_zh, at_least_en = (
                ("不能为负数", "cannot be negative") if q.allow_zero else ("必须大于 0", "must be > 0")
            )
            add(
                f"第 {n} 行 {county}：{q.zh}{at_least_zh}（现为 {pop}）；请核对该行",
                f"row {n} {county}: {q.en} {at_least_en} (got {pop}); check the row",
            )
        else:
            self.out.counties.append(CountyRow(adcode, n, key, value))
            self.block.append((self.last_prefecture, value))

    def finish(self) -> RowsRead:
        """Decide what needed every row (合计 rows, 市辖区 rows, short names), and sort the totals by row."""
        self.decide_totals()
        for district in self.districts:
            self.check_district(district)
        self.check_short_names()
        self.out.totals.sort(key=lambda t: t.row)
        self.out.subtotals.sort(key=lambda t: t.row)
        return self.out

    def after_one_prefecture(self, pending: _Pending) -> bool:
        """True for a 合计 right after county rows of one prefecture that are not the whole file."""
        return _one_prefecture(pending.block) is not None and len(pending.block) < len(self.out.counties)

    def ends_block(self, pending: _Pending) -> bool:
        """True for a 合计 that closes one prefecture's county rows (not the whole file) and equals their sum."""
        return (
            pending.value is not None
            and self.after_one_prefecture(pending)
            and agrees(pending.value, [v for _, v in pending.block])
        )

    def decide_totals(self) -> None:
        """合计/总计 rows: a prefecture's subtotal when it closes that prefecture's block, else the province.

        Where the file uses 合计 for prefecture blocks (one closes its block, or several follow one
        prefecture each), a 合计 after one prefecture's rows that equals neither their sum nor all
        county rows cannot be told apart: it is refused, naming the row.
        """
        after_one = [p for p in self.pending if self.after_one_prefecture(p)]
        per_block = len(after_one) > 1 or any(self.ends_block(p) for p in after_one)
        everything = [c.value for c in self.out.counties]
        for pending in self.pending:
            prefecture = _one_prefecture(pending.block)
            if self.ends_block(pending):
                name = self.prefecture_names[prefecture]
                why = (
                    f" (it closes the {len(pending.block)} county rows of {name} and equals their sum: "
                    f"read as the subtotal of {name})"
                )
                self.subtotal(pending.row, pending.label, pending.text, prefecture, why)
            elif (
                per_block
                and pending in after_one
                and not (pending.value is not None and agrees(pending.value, everything))
            ):
                self.unclear_total(pending, after_one, everything)
            else:
                self.province(pending.row, pending.label, pending.text)

    def unclear_total(self, pending: _Pending, after_one: list[_Pending], everything: list[Decimal]) -> None:
        name = self.prefecture_names[_one_prefecture(pending.block)]
        block = wan(sum((v for _, v in pending.block), Decimal(0)))
        n, label, k, total = pending.row, pending.label, len(pending.block), wan(sum(everything, Decimal(0)))
        shown = [str(p.row) for p in after_one[:5]] + (["…"] if len(after_one) > 5 else [])
        self.problems.add(
            f"第 {n} 行“{label}”= {pending.text} 紧跟在{name}的 {k} 个县市区之后，但既不等于它们之和 {block}，"
            f"也不等于全部 {len(everything)} 个县市区之和 {total}；本表有 {len(after_one)} 个合计行各自紧跟在一个市州之后"
            f"（第 {'、'.join(shown)} 行），无法判断该行是{name}小计还是全省合计；"
            f"请改名为“{name}小计”或“全省合计”，并核对数值",
            f"row {n} '{label}' = {pending.text} follows the {k} county rows of {name} but equals neither their "
            f"sum {block} nor the sum of all {len(everything)} county rows {total}; {len(after_one)} total rows in "
            f"this file each follow one prefecture (rows {', '.join(shown)}), so it cannot be told whether this "
            f"row is the subtotal of {name} or the province total; rename it '{name}小计' or '全省合计' and check "
            "its figure",
        )

    def district_parts(self, prefecture: str) -> list[Decimal]:
        """The listed figures of ``prefecture``'s districts (the units a 市辖区 row sums)."""
        units = self.units
        return [
            c.value
            for c in self.out.counties
            if units.loc[c.adcode, "prefecture_adcode"] == prefecture
            and units.loc[c.adcode, "name"].endswith("区")
        ]

    def check_district(self, row: _DistrictRow) -> None:
        """A 市辖区 row equal to its prefecture's listed districts is a note; anything else is refused."""
        counties = self.out.counties
        after = (
            self.units.loc[counties[row.next_county].adcode, "prefecture_adcode"]
            if row.next_county < len(counties)
            else None
        )
        candidates = [p for p in dict.fromkeys((after, row.before)) if p is not None]
        for prefecture in candidates:
            parts = self.district_parts(prefecture)
            if row.value is not None and parts and agrees(row.value, parts):
                self.note(
                    row.row,
                    f"district subtotal {row.label!r} = {row.text!r} is the sum of the {len(parts)} districts of "
                    f"{self.prefecture_names[prefecture]}: not used as a county",
                )
                return
        name = self.prefecture_names[candidates[0]] if candidates else None
        parts = self.district_parts(candidates[0]) if candidates else []
        of_zh, of_en = (
            (f"{name}各区之和", f"the districts of {name}") if name else ("各区之和", "its districts")
        )
        says_zh = f"；所列各区之和为 {wan(sum(parts, Decimal(0)))}，该行为 {row.text}" if parts else ""
        says_en = (
            f"; the listed districts sum to {wan(sum(parts, Decimal(0)))}, the row says {row.text}"
            if parts
            else ""
        )
        self.problems.add(
            f"第 {row.row} 行“{row.label}”是小计行（{of_zh}{says_zh}），不是县级单位；请删去该小计行",
            f"row {row.row} '{row.label}' is a subtotal row ({of_en}{says_en}), not a county unit; "
            "delete this subtotal row",
        )

    def check_short_names(self) -> None:
        """A row read as a prefecture (长沙) whose name begins a county that is missing (长沙县): ask which."""
        units = self.units
        for n, key, prefecture in self.read_as_prefecture:
            short = fold(without_numbering(key))
            for adcode in units.index[units["prefecture_adcode"] == prefecture]:
                county = units.loc[adcode, "name"]
                if adcode in self.seen or county == short or not county.startswith(short):
                    continue
                name = self.prefecture_names[prefecture]
                self.problems.add(
                    f"第 {n} 行“{key}”被读作{name}（市州），而 {county} 不在表中；若该行是 {county}，请写全称“{county}”；"
                    f"若是{name}的合计，请写“{name}”并补上 {county} 的行",
                    f"row {n} '{key}' was read as the prefecture {name}, and {county} is not in the file; if the "
                    f"row is {county}, write its full name '{county}'; if it is {name}'s subtotal, write '{name}' "
                    f"and add the {county} row",
                )


def read_rows(
    rows: Iterable[Sequence[object]], layout: Layout, problems: Problems, quantity: Quantity = POPULATION
) -> RowsRead:
    """Sort the rows below the header into counties, totals, subtotals and notes.

    Parameters
    ----------
    rows : iterable of sequences
        The sheet's rows from the first data row on (streamed).
    layout : Layout
        From :func:`agritargets.population.table.find_table`.
    problems : Problems
        Collects what is wrong; reading stops once it is full.
    quantity : Quantity
        What the value column holds (for messages and the check of its sign); default population.

    Returns
    -------
    RowsRead
    """
    reader = _Reader(layout, problems, quantity)
    n = layout.first_data_row
    for n, row in enumerate(rows, layout.first_data_row + 1):
        if not any(row):
            reader.out.counts["blank"] += 1
            continue
        try:
            reader.row(n, row)
        except SeparatorError as err:  # the whole file is written that way: say it once, at its first row
            raise InputError(
                f"{problems.source}：第 {n} 行：{err.zh}", f"{problems.source}: row {n}: {err.en}"
            ) from None
        if problems.full:
            problems.stopped_at_row = n
            return reader.out
    return reader.finish()


def formula_problems(
    blank: dict[int, str], formulas: dict[int, str], problems: Problems, quantity: Quantity = POPULATION
) -> None:
    """Blank population cells: say which are formulas saved without a value, and how to fix that.

    Parameters
    ----------
    blank : dict
        Row -> county name, for rows whose population cell read empty.
    formulas : dict
        Row -> formula, for those that hold one (XLSX only).
    problems : Problems
    quantity : Quantity
        What the cells hold, for the messages; default population.
    """
    q = quantity
    for n, county in sorted(blank.items()):
        if n in formulas:
            problems.add(
                f"第 {n} 行 {county}：{q.zh}单元格是公式 {formulas[n]}，但文件中没有保存计算结果（文件由程序生成、未经 Excel 计算）；"
                "请用 Excel 或 WPS 打开后保存一次，或把该列“选择性粘贴为数值”",
                f"row {n} {county}: the {q.en} cell is the formula {formulas[n]} but the file holds no computed "
                "value (written by a program, never calculated in Excel); open and save it once in Excel or WPS, "
                "or paste the column as values",
            )
        else:
            problems.add(
                f"第 {n} 行 {county}：{q.zh}为空；请填写数值",
                f"row {n} {county}: {q.en} is blank; fill it in",
            )
