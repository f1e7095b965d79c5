"""Read a population file the way staff actually have it, or say exactly what is wrong.

Accepted: CSV/TSV in UTF-8 (with or without BOM), GB18030/GBK or UTF-16; XLSX
(first sheet or a named one); title rows above the header; Chinese or English
headers; units named by current name, former name or (former) adcode;
population in 万人 unless the header (or a 单位 line above it) says 人.

Every problem found is reported at once, each naming the row and the fix, in
Chinese and English. Total and prefecture-subtotal rows are recognised, left
out of the allocation, and listed in ``notes`` (never dropped silently).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from agritargets.divisions import Resolver, load_units, normalise_name, prefecture_of
from agritargets.errors import InputError

WAN, PERSONS = "万人", "人"
PLAUSIBLE = {WAN: (Decimal("0.5"), Decimal("500")), PERSONS: (Decimal("5000"), Decimal("5000000"))}
TOTAL_NAMES = {"合计", "总计", "全省", "湖南省", "湖南", "全省合计", "total", "sum", "hunan", "hunanprovince"}
NOTE_PREFIXES = ("注", "备注", "说明", "资料来源", "数据来源", "来源", "note", "source")
MAX_LISTED = 25


@dataclass
class PopulationInput:
    table: (
        pd.DataFrame
    )  # adcode, county, prefecture_adcode, prefecture, population_wan (Decimal), row, name_in_file
    source: str
    unit: str
    column: str
    notes: list[str] = field(default_factory=list)
    stated_total: Decimal | None = None  # a 合计 row's value, in 万人


# --------------------------------------------------------------------------- reading cells


def _read_rows(path: Path, sheet: str | None) -> list[list[object]]:
    name = path.name
    if not path.exists():
        raise InputError(f"找不到文件 {path}", f"file not found: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if suffix == ".xls":
        raise InputError(
            f"{name}：不支持旧版 .xls，请在 Excel 中另存为 .xlsx 或 CSV",
            f"{name}: old .xls is not supported; save it as .xlsx or CSV",
        )
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{name}：文件为空", f"{name}: the file is empty")
    text = _decode(data, name)
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{name}：无法识别文件编码（支持 UTF-8、GBK/GB18030、UTF-16），请另存为 UTF-8 CSV 或 XLSX",
        f"{name}: unreadable text encoding (UTF-8, GBK/GB18030, UTF-16 supported); save as UTF-8 CSV or XLSX",
    )


def _read_xlsx(path: Path, sheet: str | None) -> list[list[object]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many types for a damaged file
        raise InputError(
            f"{path.name}：无法作为 XLSX 打开（{err}）", f"{path.name}: cannot open as XLSX ({err})"
        ) from None
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in wb.sheetnames:
            ws = wb[sheet]
        else:
            raise InputError(
                f"{path.name}：没有名为“{sheet}”的工作表（有：{wb.sheetnames}）",
                f"{path.name}: no sheet named '{sheet}' (sheets: {wb.sheetnames})",
            )
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    if not any(_text(c) for r in rows for c in r):
        raise InputError(f"{path.name}：工作表为空", f"{path.name}: the sheet is empty")
    return rows


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFKC", str(cell)).strip()


# --------------------------------------------------------------------------- the header


def _kind(header: str) -> str | None:
    h = normalise_name(header).lower()
    if not h:
        return None
    if "人口" in h or "population" in h or h in ("pop", "pop_wan", "常住", "people"):
        return "population"
    if "代码" in h or "adcode" in h or "code" in h or "区划码" in h:
        return "code"
    if "市州" in h or "prefecture" in h or h in ("市", "地市", "所属市", "city"):
        return "prefecture"
    if any(k in h for k in ("县", "区", "名称", "name", "county", "district", "unit")) or h in (
        "单位",
        "地区",
    ):
        return "name"
    return None


def _unit_of(header: str) -> str | None:
    h = normalise_name(header).lower().replace("人口", "")
    if "万" in h or "wan" in h or "10k" in h or "10000" in h or "10,000" in h:
        return WAN
    if "人" in h or "person" in h or "people" in h or "persons" in h:
        return PERSONS
    return None


def _find_header(rows: list[list[object]], name: str, column: str | None) -> tuple[int, dict[str, int], str]:
    for i, row in enumerate(rows[:30]):
        kinds: dict[str, list[int]] = {}
        for j, cell in enumerate(row):
            k = _kind(_text(cell))
            if k:
                kinds.setdefault(k, []).append(j)
        if "population" not in kinds or not ({"name", "code"} & kinds.keys()):
            continue
        pops = kinds["population"]
        if column is not None:
            pops = [j for j in range(len(row)) if normalise_name(_text(row[j])) == normalise_name(column)]
            if not pops:
                raise InputError(
                    f"{name}：表头（第 {i + 1} 行）中没有名为“{column}”的列",
                    f"{name}: the header (row {i + 1}) has no column named '{column}'",
                )
        if len(pops) > 1:
            heads = [_text(row[j]) for j in pops]
            raise InputError(
                f"{name}：第 {i + 1} 行有多个人口列 {heads}；请删去多余的列，或用 --column 指定其一",
                f"{name}: row {i + 1} has several population columns {heads}; delete the extra ones or pick one with --column",
            )
        cols = {k: v[0] for k, v in kinds.items() if k != "population"}
        cols["population"] = pops[0]
        return i, cols, _text(row[pops[0]])
    seen = [" | ".join(_text(c) for c in r if _text(c)) for r in rows[:5]]
    raise InputError(
        f"{name}：找不到表头——需要一列县市区名称或区划代码，以及一列人口（如“常住人口（万人）”）。前几行是：{seen}",
        f"{name}: no header found — need a county name or adcode column and a population column "
        f"(e.g. 'population_wan' or '常住人口（万人）'). First rows: {seen}",
    )


def _title_unit(rows: list[list[object]], header_row: int) -> str | None:
    for row in rows[:header_row]:
        for cell in row:
            m = re.search(r"单位[:：]?\s*(万人|人)", _text(cell))
            if m:
                return m.group(1)
    return None


# --------------------------------------------------------------------------- rows


def _number(text: str) -> Decimal | None:
    cleaned = re.sub(r"[,\s，]", "", text)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def read_population(path: Path | str, sheet: str | None = None, column: str | None = None) -> PopulationInput:
    """Parse and validate a population file (every unit it lists; completeness is checked later)."""
    path = Path(path)
    name = path.name
    rows = _read_rows(path, sheet)
    hdr, cols, pop_header = _find_header(rows, name, column)
    unit = _unit_of(pop_header) or _title_unit(rows, hdr) or WAN
    resolver = Resolver.default()
    units = load_units().set_index("adcode")
    lo, hi = PLAUSIBLE[unit]

    problems: list[tuple[str, str]] = []
    notes: list[str] = []
    records = []
    stated_total = None
    seen: dict[str, int] = {}
    for i in range(hdr + 1, len(rows)):
        row, n = rows[i], i + 1

        def cell(kind: str, row: list[object] = row) -> str:
            j = cols.get(kind)
            return _text(row[j]) if j is not None and j < len(row) else ""

        label, code_text, pop_text, pref_text = (
            cell("name"),
            cell("code"),
            cell("population"),
            cell("prefecture"),
        )
        if not any(_text(c) for c in row):
            continue
        key = label or code_text
        folded = normalise_name(key).lower()
        if not pop_text and folded.startswith(NOTE_PREFIXES):
            notes.append(f"row {n}: note line kept out of the data: {key!r}")
            continue
        if folded.endswith("小计") or (
            folded.endswith(("合计", "总计")) and resolver.prefecture(folded[:-2])
        ):
            notes.append(f"row {n}: prefecture subtotal {key!r} = {pop_text!r} not used as a county")
            continue
        if (
            folded in TOTAL_NAMES
            or folded.startswith(("合计", "总计", "全省"))
            or folded.endswith(("合计", "总计"))
        ):
            stated_total = _number(pop_text)
            notes.append(f"row {n}: total row {key!r} = {pop_text!r} not used as a county")
            continue
        code = resolver.county(code_text) if code_text else None
        by_name = resolver.county(label) if label else None
        if code is None and by_name is None:
            pref = resolver.prefecture(label) or resolver.prefecture(code_text)
            if pref is not None:
                notes.append(f"row {n}: prefecture subtotal {key!r} = {pop_text!r} not used as a county")
                continue
            problems.append(
                (
                    f"第 {n} 行“{key}”不是湖南省的县级单位；请改为县市区全称或 6 位区划代码（功能区如云龙示范区请并入所属县市区）",
                    f"row {n} '{key}' is not a Hunan county-level unit; use the full name or 6-digit adcode "
                    "(fold functional zones such as 云龙示范区 into their host county)",
                )
            )
            continue
        if code_text and code is None:
            problems.append(
                (
                    f"第 {n} 行：代码 {code_text} 不是湖南县级单位代码，而名称“{label}”是 {by_name}；请更正代码",
                    f"row {n}: code {code_text} is not a Hunan county code but the name '{label}' is {by_name}; fix the code",
                )
            )
            continue
        if code and by_name and code != by_name:
            problems.append(
                (
                    f"第 {n} 行：代码 {code_text}（{units.loc[code, 'name']}）与名称“{label}”（{by_name}）不一致；请更正其一",
                    f"row {n}: code {code_text} ({units.loc[code, 'name']}) and name '{label}' ({by_name}) disagree; fix one of them",
                )
            )
            continue
        adcode = code or by_name
        county = units.loc[adcode, "name"]
        if pref_text:
            pref_code = resolver.prefecture(pref_text)
            if pref_code != prefecture_of(adcode):
                problems.append(
                    (
                        f"第 {n} 行：{county} 属于{units.loc[adcode, 'prefecture']}，而不是“{pref_text}”；请更正市州",
                        f"row {n}: {county} belongs to {units.loc[adcode, 'prefecture']}, not '{pref_text}'; fix the prefecture",
                    )
                )
                continue
        if adcode in seen:
            problems.append(
                (
                    f"第 {n} 行“{key}”与第 {seen[adcode]} 行重复（均为 {county} {adcode}）；请删去其一",
                    f"row {n} '{key}' duplicates row {seen[adcode]} (both are {county} {adcode}); delete one",
                )
            )
            continue
        seen[adcode] = n
        value = _number(pop_text)
        if not pop_text:
            problems.append(
                (
                    f"第 {n} 行 {county}：人口为空；请填写数值",
                    f"row {n} {county}: population is blank; fill it in",
                )
            )
            continue
        if value is None:
            problems.append(
                (
                    f"第 {n} 行 {county}：人口“{pop_text}”不是数字；请只填数值（单位写在表头）",
                    f"row {n} {county}: population '{pop_text}' is not a number; enter digits only (unit in the header)",
                )
            )
            continue
        if value <= 0:
            problems.append(
                (
                    f"第 {n} 行 {county}：人口必须大于 0（现为 {pop_text}）",
                    f"row {n} {county}: population must be > 0 (got {pop_text})",
                )
            )
            continue
        if not lo <= value <= hi:
            other = PERSONS if unit == WAN else WAN
            problems.append(
                (
                    f"第 {n} 行 {county}：人口 {pop_text} 按“{unit}”计对县级单位不合理（应在 {lo}–{hi} 之间）；"
                    f"若单位是“{other}”，请在表头写明，如“常住人口（{other}）”",
                    f"row {n} {county}: population {pop_text} is implausible for a county in {unit} "
                    f"(expected {lo}–{hi}); if the unit is {other}, say so in the header, e.g. '常住人口（{other}）'",
                )
            )
            continue
        wan = value if unit == WAN else value / Decimal(10000)
        records.append((adcode, county, prefecture_of(adcode), units.loc[adcode, "prefecture"], wan, n, key))

    if problems:
        _raise_all(name, problems)
    if not records:
        raise InputError(
            f"{name}：表头之后没有任何县级单位的数据行", f"{name}: no county rows after the header"
        )
    table = pd.DataFrame(
        records,
        columns=[
            "adcode",
            "county",
            "prefecture_adcode",
            "prefecture",
            "population_wan",
            "row",
            "name_in_file",
        ],
    ).sort_values("adcode", ignore_index=True)
    if stated_total is not None and unit == PERSONS:
        stated_total = stated_total / Decimal(10000)
    return PopulationInput(
        table=table, source=name, unit=unit, column=pop_header, notes=notes, stated_total=stated_total
    )


def _raise_all(name: str, problems: list[tuple[str, str]]) -> None:
    shown = problems[:MAX_LISTED]
    more = len(problems) - len(shown)
    zh = "\n".join(f"  - {z}" for z, _ in shown) + (f"\n  …另有 {more} 处" if more else "")
    en = "\n".join(f"  - {e}" for _, e in shown) + (f"\n  … and {more} more" if more else "")
    raise InputError(
        f"{name}：发现 {len(problems)} 处问题：\n{zh}", f"{name}: {len(problems)} problem(s):\n{en}"
    )


def check_complete(pop: PopulationInput, allow_partial: bool, province_population: Decimal | None) -> None:
    """All 123 units present, or an explicit partial run with a given province population."""
    units = load_units()
    missing = units[~units["adcode"].isin(pop.table["adcode"])]
    if missing.empty:
        return
    names = "、".join(missing["name"])
    if not allow_partial:
        raise InputError(
            f"{pop.source}：缺少 {len(missing)} 个县级单位：{names}。请补齐；若有意只计算部分单位，请加 --allow-partial 并用 --province-population 给出全省常住人口",
            f"{pop.source}: {len(missing)} unit(s) missing: {names}. Add them, or compute only the listed "
            "units with --allow-partial and --province-population",
        )
    if province_population is None:
        raise InputError(
            "--allow-partial 需要同时给出 --province-population（全省常住人口，万人），否则占比的分母无从确定",
            "--allow-partial needs --province-population (province resident population, 万人): "
            "without it the share's denominator is unknown",
        )
