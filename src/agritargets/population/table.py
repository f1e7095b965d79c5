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
from collections.abc import Sequence
from dataclasses import dataclass, field

from agritargets.errors import InputError
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
    "density",
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
    """
    h = fold(header)
    named = any(w in h for w in POPULATION_WORDS) or h in ("pop", "pop_wan", "people")
    return named and not any(w in h for w in NOT_A_COUNT)


def _cells(row: Sequence[object]) -> list[str]:
    return [clean(c) for c in row]


def _is_continuation(row: list[str]) -> bool:
    """A second header row: words, years or units only, nothing that is a place or a count."""
    filled = [c for c in row if c]
    if not filled:
        return False
    for cell in filled:
        if labels.county(cell) or labels.prefecture(cell) or labels.is_province(cell):
            return False
        if any(ch.isdigit() for ch in cell) and not _HEADER_WORDS.match(cell):
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


def _matches_column(header: str, wanted: str) -> bool:
    """``--column`` matches the whole header, one of its rows, or the header without its unit."""
    parts = [fold(p) for p in header.split(" / ")]
    w = fold(wanted)
    bare = [re.sub(r"[(（\[【].*?[)）\]】]", "", p) for p in parts]
    return w in (fold(header.replace(" / ", "")), *parts, *bare)


def _population_columns(headers: list[str], column: str | None) -> list[int]:
    if column is not None:
        return [j for j, h in enumerate(headers) if h and _matches_column(h, column)]
    return [j for j, h in enumerate(headers) if h and is_population_header(h)]


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


def locate(rows: list[list[object]], column: str | None = None, source: str = "") -> Layout | None:
    """The header and column roles in a sheet's first rows, or None if there is no county table.

    Parameters
    ----------
    rows : list of list
        The sheet's first rows as stored (enough to include the header and some data).
    column : str, optional
        ``--column``: the population column's header, whole or without its unit.
    source : str
        File (and sheet) name for messages.

    Returns
    -------
    Layout or None

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
        while block[-1] + 1 < len(texts) and len(block) < 3 and _is_continuation(texts[block[-1] + 1]):
            block.append(block[-1] + 1)
        headers = _merge([texts[k] for k in block])
        pops = _population_columns(headers, column)
        if not pops:
            continue
        sample = [r for r in texts[block[-1] + 1 : block[-1] + 1 + SAMPLE_ROWS] if any(r)]
        if len(pops) > 1:
            heads = [headers[j] for j in pops]
            raise InputError(
                f'{source}：第 {i + 1} 行有多个人口列 {heads}；请用 --column 指定其一（如 --column "{heads[-1]}"），或删去多余的列',
                f"{source}: row {i + 1} has several population columns {heads}; pick one with --column "
                f'(e.g. --column "{heads[-1]}") or delete the extra ones',
            )
        columns, notes = _assign(headers, pops[0], sample)
        if "name" in columns or "code" in columns:
            as_written = _merge([[str(c).strip() if c is not None else "" for c in rows[k]] for k in block])
            return Layout(header_rows=tuple(block), columns=columns, headers=as_written, notes=notes)
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
        seen = [h for r in texts for h in r if h][:20]
        raise InputError(
            f"{source}：找不到名为“{column}”的列（前几行的单元格有：{seen}）；请按表头原文填写 --column",
            f"{source}: no column named '{column}' (cells in the first rows: {seen}); give --column as the header reads",
        )
    seen = [" | ".join(c for c in r if c) for r in texts[:5]]
    raise InputError(
        f"{source}：找不到表头——需要一列县市区名称或区划代码，以及一列人口（如“常住人口（万人）”）。前几行是：{seen}",
        f"{source}: no header found — need a county name or adcode column and a population column "
        f"(e.g. 'population_wan' or '常住人口（万人）'). First rows: {seen}",
    )
