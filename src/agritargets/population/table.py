"""Steps 2 and 3, find the table and map its columns.

The header is the first row (within the first 30) naming a population column,
together with a second header row below it when there is one (two-row headers,
merged cells). Which column holds names, codes or prefectures is decided by
the header *and* by what the cells below actually resolve to, so a 市州代码
column beside 区划代码, or a prefecture column headed 所属地区, is not mistaken
for the county column.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from agritargets.core.errors import InputError
from agritargets.population import labels
from agritargets.population.text import clean, county_code, fold

HEADER_SEARCH_ROWS = 30
SAMPLE_ROWS = 200
POPULATION_WORDS = ("人口", "population", "常住", "人数")
NOT_A_COUNT = (
    "密度",
    "比重",
    "占比",
    "率",
    "%",
    "增长",
    "变动",
    "增减",
    "每平方公里",  # 每平方公里人口 is a density
    "平方公里",
    "其中",  # 其中：城镇人口 is a part of the population, not the whole
    "城镇",
    "乡村",
    "density",
    "urban",
    "rural",
    "share",
    "rate",
    "growth",
    "change",
)
CODE_WORDS = ("代码", "adcode", "code", "区划码", "编码")
PREFECTURE_WORDS = ("市州", "地市", "所属地区", "所属市", "地级", "市名", "市(州)", "prefecture", "city")
NAME_WORDS = ("县", "区", "名称", "name", "county", "district", "unit", "单位", "地区", "地名")
_HEADER_WORDS = re.compile(r"^(\d{4}年?(末|底|度)?|.*[年万人()（）].*)$")


@dataclass(frozen=True)
class Layout:
    """Where the data is: header rows, the column of each role, the headers as read.

    ``columns`` maps role -> 0-based column: ``population`` always, ``name`` and/or
    ``code``, optionally ``prefecture`` and ``prefecture_code``. ``header_rows`` are
    0-based row indexes; data starts on the row after the last. ``headers`` are as
    the file writes them (for messages and the record).
    """

    header_rows: tuple[int, ...]
    columns: dict[str, int]
    headers: list[str]
    notes: list[str] = field(default_factory=list)
    values: tuple[int, ...] = ()  # every value column, when the spec keeps several (the monitor's months)

    @property
    def population_header(self) -> str:
        """The population column's header as the file writes it."""
        return self.headers[self.columns["population"]]

    @property
    def first_data_row(self) -> int:
        """0-based index of the first row below the header."""
        return self.header_rows[-1] + 1


def is_population_header(header: str) -> bool:
    """A header that names a population count (not a density, share or growth rate).

    Examples
    --------
    >>> is_population_header("常住人口（万人）"), is_population_header("人口密度"), is_population_header("pop")
    (True, False, True)
    >>> is_population_header("其中：城镇人口"), is_population_header("人口普查区划代码")
    (False, False)
    """
    h = fold(header)
    named = any(w in h for w in POPULATION_WORDS) or h in ("pop", "pop_wan", "people")
    return named and not any(w in h for w in (*NOT_A_COUNT, *CODE_WORDS))  # 人口普查区划代码 is a code


@dataclass(frozen=True)
class HeaderSpec:
    """What the table's value column is called: the population reader's by default.

    Another reader of county tables (the monitor's actual sales) passes its own: how to
    recognise a value header, which texts with digits a second header row may hold, and
    whether several value columns are kept (``several``) rather than refused.
    """

    is_value: Callable[[str], bool] = is_population_header
    continuation: re.Pattern[str] = _HEADER_WORDS
    several: bool = False


POPULATION = HeaderSpec()


def _cells(row: Sequence[object]) -> list[str]:
    return [clean(c) for c in row]


def _is_continuation(row: list[str], words: re.Pattern[str] = _HEADER_WORDS) -> bool:
    """A second header row: words, years or units only (``words``), nothing that is a place or a count."""
    filled = [c for c in row if c]
    if not filled:
        return False
    for cell in filled:
        if labels.county(cell) or labels.prefecture(cell) or labels.is_province(cell):
            return False
        if any(ch.isdigit() for ch in cell) and not words.match(cell):
            return False
    return True


def _merge(rows: list[list[str]]) -> list[str]:
    """Header texts per column; an empty cell under a merged one inherits its left neighbour."""
    width = max(len(r) for r in rows)
    grid = [r + [""] * (width - len(r)) for r in rows]
    for upper, lower in itertools.pairwise(grid):
        for j in range(1, width):
            if not upper[j] and lower[j] and upper[j - 1]:
                upper[j] = upper[j - 1]
    return [" / ".join(dict.fromkeys(r[j] for r in grid if r[j])) for j in range(width)]


def matches_column(header: str, wanted: str) -> bool:
    """``--column`` matches the whole header (as messages show it), one of its rows, or either without its unit.

    Examples
    --------
    >>> [matches_column("2023年 / 常住人口（万人）", w) for w in ("2023年 / 常住人口(万人)", "2023年", "常住人口")]
    [True, True, True]
    """
    parts = [fold(p) for p in header.split(" / ")]
    whole = [fold(header), fold(header.replace(" / ", ""))]
    bare = [re.sub(r"[(（\[【].*?[)）\]】]", "", p) for p in (*parts, *whole)]
    return fold(wanted) in (*whole, *parts, *bare)


def _column_choice(headers: list[str], j: int, among: list[int]) -> str:
    """The shortest ``--column`` value that picks column ``j`` and no other of ``among``."""
    for part in sorted(headers[j].split(" / "), key=len):
        if [k for k in among if matches_column(headers[k], part)] == [j]:
            return part
    return headers[j]


def _side_by_side(headers: list[str], pops: list[int]) -> bool:
    """A yearbook's two-column layout: name | 人口 | name | 人口, the same headers repeated.

    Examples
    --------
    >>> _side_by_side(["地区", "常住人口", "地区", "常住人口"], [1, 3])
    True
    >>> _side_by_side(["地区", "2020年 / 常住人口", "2023年 / 常住人口"], [1, 2])
    False
    """
    pairs = {(fold(headers[j - 1]), fold(headers[j])) for j in pops if j > 0}
    return len(pairs) == 1 and all(j > 0 and headers[j - 1] for j in pops)


def _several_columns(source: str, row: int, headers: list[str], pops: list[int]) -> InputError:
    """Refuse several population columns, with a working ``--column`` for each (常住 first)."""
    ranked = sorted(pops, key=lambda j: ("常住" not in headers[j], j))
    choices = "；".join(f'--column "{_column_choice(headers, j, pops)}"（{headers[j]}）' for j in ranked)
    choices_en = "; ".join(f'--column "{_column_choice(headers, j, pops)}" ({headers[j]})' for j in ranked)
    return InputError(
        f"{source}：第 {row + 1} 行有多个人口列；请用 --column 指定其一：{choices}；或删去多余的列",
        f"{source}: row {row + 1} has several population columns; pick one with --column: {choices_en}; "
        "or delete the extra ones",
    )


def _population_columns(headers: list[str], column: str | None, spec: HeaderSpec = POPULATION) -> list[int]:
    if column is not None:
        return [j for j, h in enumerate(headers) if h and matches_column(h, column)]
    return [j for j, h in enumerate(headers) if h and spec.is_value(h)]


def _role_scores(sample: list[list[str]], j: int) -> dict[str, int]:
    scores = {"county_name": 0, "county_code": 0, "prefecture_name": 0, "prefecture_code": 0}
    for row in sample:
        cell = row[j] if j < len(row) else ""
        if not cell:
            continue
        is_code = county_code(cell).isdigit()
        if labels.county(cell):
            scores["county_code" if is_code else "county_name"] += 1
        elif labels.prefecture(cell) or labels.subtotal_of(cell):
            scores["prefecture_code" if is_code else "prefecture_name"] += 1
    return scores


_SCIENTIFIC = re.compile(r"^\d\.\d+e\+\d+$", re.I)


def _refuse_scientific_codes(
    source: str, headers: list[str], sample: list[list[str]], population: int
) -> None:
    """Codes Excel shows as ``4.30102E+11``: their digits may be lost, so say so once, not per row."""
    for j, header in enumerate(headers):
        if j == population:
            continue
        cells = [r[j] for r in sample if j < len(r) and r[j]]
        shown = [c for c in cells if _SCIENTIFIC.match(c)]
        if cells and len(shown) * 2 > len(cells):
            raise InputError(
                f"{source}：“{header or f'第 {j + 1} 列'}”列的代码被 Excel 显示成科学计数法（如 {shown[0]}），"
                "数字可能已丢失；请把该列设为“文本”格式后重新填写或导出代码，或删去代码列、只用名称",
                f"{source}: column '{header or j + 1}' holds codes that Excel turned into scientific notation "
                f"(e.g. {shown[0]}), which may have lost digits; format the column as Text and re-enter or "
                "re-export the codes, or delete the code column and use names only",
            )


def _assign(headers: list[str], population: int, sample: list[list[str]]) -> tuple[dict[str, int], list[str]]:
    """Role of every other column, from its header and from what its cells resolve to."""
    columns = {"population": population}
    notes: list[str] = []
    scored = {j: _role_scores(sample, j) for j in range(len(headers)) if j != population}
    folded = {j: fold(headers[j]) for j in scored}
    code_like = [j for j in scored if any(w in folded[j] for w in CODE_WORDS)]
    name_like = [j for j in scored if j not in code_like]

    def best(candidates: list[int], score: str) -> int | None:
        ranked = sorted((j for j in candidates if scored[j][score] > 0), key=lambda j: (-scored[j][score], j))
        return ranked[0] if ranked else None

    code = best(code_like, "county_code")
    if code is None:  # nothing resolves: the header alone decides, so each row gets its own message
        code = next((j for j in code_like if not any(w in folded[j] for w in PREFECTURE_WORDS)), None)
    if code is not None:
        columns["code"] = code
    pref_code = best([j for j in code_like if j != code], "prefecture_code")
    if pref_code is not None:
        columns["prefecture_code"] = pref_code

    name = best(name_like, "county_name")
    if name is None:
        name = next(
            (
                j
                for j in name_like
                if any(w in folded[j] for w in NAME_WORDS)
                and not any(w in folded[j] for w in PREFECTURE_WORDS)
            ),
            None,
        )
    if name is not None:
        columns["name"] = name
    prefs = [
        j
        for j in name_like
        if j != name
        and (
            any(w in folded[j] for w in PREFECTURE_WORDS)
            or scored[j]["prefecture_name"] > scored[j]["county_name"]
        )
    ]
    pref = best(prefs, "prefecture_name")
    if pref is None and prefs:
        pref = prefs[0]
    if pref is not None:
        columns["prefecture"] = pref
    for j in scored:
        if j not in columns.values() and scored[j]["county_name"] + scored[j]["county_code"] > 0:
            notes.append(f"column {j + 1} '{headers[j]}' also names county units; not used")
    return columns, notes


def locate(
    rows: list[list[object]], column: str | None = None, source: str = "", spec: HeaderSpec = POPULATION
) -> Layout | None:
    """The header and column roles in a sheet's first rows, or None if there is no county table.

    Parameters
    ----------
    rows : list of list
        The sheet's first rows as stored (enough to include the header and some data).
    column : str, optional
        ``--column``: the population column's header, whole or without its unit.
    source : str
        File (and sheet) name for messages.
    spec : HeaderSpec
        What a value header looks like; default the population column.

    Returns
    -------
    Layout or None
        With ``spec.several``, ``values`` lists every value column and ``columns['population']``
        is the first of them.

    Raises
    ------
    InputError
        A header with several population columns and no ``column`` to choose one.
    """
    texts = [_cells(r) for r in rows]
    for i, row in enumerate(texts[:HEADER_SEARCH_ROWS]):
        if sum(1 for c in row if c) < 2:
            continue  # a title line, not a header
        block = [i]
        while (
            block[-1] + 1 < len(texts)
            and len(block) < 3
            and _is_continuation(texts[block[-1] + 1], spec.continuation)
        ):
            block.append(block[-1] + 1)
        headers = _merge([texts[k] for k in block])
        pops = _population_columns(headers, column, spec)
        if not pops:
            continue
        sample = [r for r in texts[block[-1] + 1 : block[-1] + 1 + SAMPLE_ROWS] if any(r)]
        if len(pops) > 1 and not spec.several:
            if _side_by_side(headers, pops):
                raise InputError(
                    f"{source}：第 {i + 1} 行是左右两栏（双栏）排版，两栏表头相同，--column 无法选择；"
                    "请把右栏的县市区和人口移到左栏下方，成为一张两列的表",
                    f"{source}: row {i + 1} shows a table printed in two side-by-side halves with the same "
                    "headers, which --column cannot choose between; move the right half below the left one",
                )
            raise _several_columns(source, i, headers, pops)
        columns, notes = _assign(headers, pops[0], sample)
        _refuse_scientific_codes(source, headers, sample, population=pops[0])
        if "name" in columns or "code" in columns:
            as_written = _merge([[str(c).strip() if c is not None else "" for c in rows[k]] for k in block])
            values = tuple(pops) if spec.several else ()
            return Layout(tuple(block), columns, as_written, notes, values)
    return None


def find_table(rows: list[list[object]], source: str, column: str | None = None) -> Layout:
    """Like :func:`locate`, but a missing table is an InputError that shows the first rows.

    Parameters
    ----------
    rows : list of list
    source : str
    column : str, optional

    Returns
    -------
    Layout
    """
    layout = locate(rows, column, source)
    if layout is not None:
        return layout
    texts = [_cells(r) for r in rows[:HEADER_SEARCH_ROWS]]
    if column is not None:
        raise _no_such_column(rows, texts, source, column)
    if _prefectures_only(texts + [_cells(r) for r in rows[HEADER_SEARCH_ROWS : HEADER_SEARCH_ROWS + 30]]):
        raise InputError(
            f"{source}：表中只有市州，没有县市区；目标按县市区人口分配，请提供 123 个县市区的人口",
            f"{source}: the table lists prefectures only, no county units; targets are allocated by county "
            "population, so give the population of the 123 county units",
        )
    seen = [" | ".join(c for c in r if c) for r in texts[:5]]
    raise InputError(
        f"{source}：找不到表头——需要一列县市区名称或区划代码，以及一列人口（如“常住人口（万人）”）。前几行是：{seen}",
        f"{source}: no header found — need a county name or adcode column and a population column "
        f"(e.g. 'population_wan' or '常住人口（万人）'). First rows: {seen}",
    )


def _no_such_column(rows: list[list[object]], texts: list[list[str]], source: str, column: str) -> InputError:
    """``--column`` matches no header: name the headers it could be, or say it named the wrong kind."""
    try:
        layout = locate(rows, None, source)
    except InputError:  # several population columns: their headers are the ones to choose from
        layout = None
    if layout is not None:
        headers = [h for h in layout.headers if h]
        other = {"name": ("名称列", "name column"), "code": ("代码列", "code column")}
        for role, (zh, en) in other.items():
            j = layout.columns.get(role)
            if j is not None and matches_column(layout.headers[j], column):
                pop = layout.population_header
                return InputError(
                    f'{source}：“{column}”是{zh}；--column 用来指定人口列，如 --column "{pop}"（只有一个人口列时可不写）',
                    f"{source}: '{column}' is the {en}; --column picks the population column, e.g. "
                    f'--column "{pop}" (not needed when there is only one)',
                )
    else:
        headers = next(
            (r for r in texts if sum(1 for c in r if c) >= 2 and any(is_population_header(c) for c in r)),
            next((r for r in texts if sum(1 for c in r if c) >= 2), []),
        )
        headers = [h for h in headers if h]
    return InputError(
        f"{source}：找不到名为“{column}”的列；表头是：{headers}；请按其中一个人口列的表头原文填写 --column",
        f"{source}: no column named '{column}'; the headers are {headers}; give --column as one population "
        "column's header reads",
    )


def _prefectures_only(texts: list[list[str]]) -> bool:
    """Rows naming prefectures (several) and never a county unit: a 市州 table, not a county table."""
    scores = [_role_scores(texts, j) for j in range(max((len(r) for r in texts), default=0))]
    counties = sum(s["county_name"] + s["county_code"] for s in scores)
    prefectures = sum(s["prefecture_name"] + s["prefecture_code"] for s in scores)
    return counties == 0 and prefectures >= 5
