"""Step 4, resolve the unit: 万人, 人 (or 千人 … 亿人 when stated), from the header, a 单位 line, or the values.

A stated unit is checked against the 2020 census; an unstated one is read off
the values only when they leave no doubt (a county is never 642,010 万人), and
only as 万人 or 人. Either way the run record says which unit was used and why.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from agritargets.core.errors import InputError
from agritargets.core.formatting import wan
from agritargets.population.text import fold

WAN, PERSONS = "万人", "人"
THOUSANDS, HUNDRED_THOUSANDS, MILLIONS, TEN_MILLIONS, HUNDRED_MILLIONS = (
    "千人",
    "十万人",
    "百万人",
    "千万人",
    "亿人",
)
# How many of the unit make one 万人 (exact): a figure in the unit / PER_WAN = 万人.
PER_WAN = {
    WAN: Decimal(1),
    PERSONS: Decimal(10000),
    THOUSANDS: Decimal(10),
    HUNDRED_THOUSANDS: Decimal("0.1"),
    MILLIONS: Decimal("0.01"),
    TEN_MILLIONS: Decimal("0.001"),
    HUNDRED_MILLIONS: Decimal("0.0001"),
}
READ_OFF = (WAN, PERSONS)  # the only units read off the values when none is stated
SUGGESTED = (*READ_OFF, THOUSANDS, MILLIONS, HUNDRED_MILLIONS)  # named when the values fit one
_TITLE_UNIT = re.compile(r"单位[:：]")
_NOT_PEOPLE = re.compile(r"[十百千万亿]*[美港欧日]?元|%|‰|yuan|rmb|平方公里|km2|人口|人数")
_LIST = re.compile(r"[、,;/|]")
# Searched in this order in one part of a folded header: longer words before the words they contain.
_WORDS = (
    ("亿", HUNDRED_MILLIONS),
    ("千万", TEN_MILLIONS),
    ("百万", MILLIONS),
    ("十万", HUNDRED_THOUSANDS),
    ("100million", HUNDRED_MILLIONS),
    ("hundredmillion", HUNDRED_MILLIONS),
    ("10million", TEN_MILLIONS),
    ("tenmillion", TEN_MILLIONS),
    ("million", MILLIONS),
    ("100thousand", HUNDRED_THOUSANDS),
    ("hundredthousand", HUNDRED_THOUSANDS),
    ("10thousand", WAN),
    ("tenthousand", WAN),
    ("10000", WAN),
    ("10k", WAN),
    ("wan", WAN),
    ("万", WAN),
    ("千", THOUSANDS),
    ("thousand", THOUSANDS),
    ("人", PERSONS),
    ("person", PERSONS),
    ("people", PERSONS),
)
_FIT = (Decimal("0.2"), Decimal(5))  # figure / census (both in the unit) for a unit to fit
_THOUSANDFOLD = (Decimal(500), Decimal(2000))  # 64,201 read as 64201: a decimal comma


@dataclass(frozen=True)
class Unit:
    """The unit the file's figures are in, where that was read, and the text that says it."""

    name: str
    source: str  # "header", "title row N", "values"
    text: str = field(default="", compare=False)
    row: int | None = field(default=None, compare=False)

    def to_wan(self, value: Decimal) -> Decimal:
        """``value`` in 万人 (exact).

        Examples
        --------
        >>> Unit(PERSONS, "header").to_wan(Decimal("642010")), Unit(THOUSANDS, "header").to_wan(Decimal("642.010"))
        (Decimal('64.201'), Decimal('64.201'))
        """
        return value / PER_WAN[self.name]


def _unit_of_part(part: str) -> str | None:
    """The first unit word in one folded part of a header (longest words first)."""
    return next((unit for word, unit in _WORDS if word in part), None)


def unit_in(text: str) -> str | None:
    """The unit of people a header or a ``单位：…`` line names, if any.

    Money, areas and percentages are not units of people (``单位：人、万元`` is 人); in a
    list, the first unit of people counts.

    Examples
    --------
    >>> unit_in("常住人口（万人）"), unit_in("单位：人口（万人）"), unit_in("population (persons)"), unit_in("常住人口")
    ('万人', '万人', '人', None)
    >>> unit_in("人、万元"), unit_in("常住人口（千人）"), unit_in("（百万人）"), unit_in("亿人"), unit_in("population (thousands)")
    ('人', '千人', '百万人', '亿人', '千人')
    >>> unit_in("Population (10 thousand)"), unit_in("Population (10,000 persons)"), unit_in("万元")
    ('万人', '万人', None)
    """
    h = _NOT_PEOPLE.sub("", re.sub(r"(?<=\d),(?=\d{3})", "", fold(text)))
    return next((u for u in map(_unit_of_part, _LIST.split(h)) if u), None)


def stated_unit(
    header: str, rows_above: list[list[str]], named_by: Callable[[str], str | None] | None = None
) -> Unit | None:
    """The unit the population header names, else one a ``单位：`` cell above or beside it names.

    In a header of several rows (``上层 / 下层``), the lowest row that names a unit wins:
    it is the column's own; a title merged above it is not.

    Parameters
    ----------
    header : str
        The population column's header (rows joined with `` / ``).
    rows_above : list of list of str
        Title rows and header rows (cleaned), top to bottom.
    named_by : callable, optional
        The unit a text names, or None; default :func:`unit_in` (units of people). The
        monitor passes its money units (元, 万元, 亿元).

    Returns
    -------
    Unit or None

    Examples
    --------
    >>> stated_unit("湖南省各县市区常住人口（万人） / 常住人口（人）", []).name
    '人'
    >>> u = stated_unit("常住人口", [["单位：人、万元"], ["县市区", "常住人口"]])
    >>> u.name, u.source, u.text, u.row
    ('人', 'title row 1', '单位：人、万元', 1)
    """
    named_by = named_by or unit_in
    for part in reversed(header.split(" / ")):
        named = named_by(part)
        if named:
            return Unit(named, "header", part)
    for n, row in enumerate(rows_above, 1):
        for cell in row:
            m = _TITLE_UNIT.search(cell)
            if m:
                named = named_by(cell[m.end() :])
                if named:
                    return Unit(named, f"title row {n}", cell, n)
    return None


def _fits(typical: Decimal, unit: str) -> bool:
    """True when the figures, read in ``unit``, are within a factor 5 of the census."""
    return _FIT[0] <= typical / PER_WAN[unit] <= _FIT[1]


def _thousandfold(typical: Decimal, stated: Unit | None) -> bool:
    """True when the figures are about 1000 times the census: ``64,201`` read as 64201."""
    ratios = {typical} | ({typical / PER_WAN[stated.name]} if stated else set())
    return any(_THOUSANDFOLD[0] <= r < _THOUSANDFOLD[1] for r in ratios)


_COMMA_ZH = "若单元格用逗号作小数点（如“64,201”实为 64.201 万人），请在 Excel/WPS 中改用小数点“.”后重新导出；"
_COMMA_EN = (
    "if the cells use a decimal comma ('64,201' meaning 64.201 万人), switch Excel/WPS to a decimal "
    "point '.' and export again; "
)


def _where(stated: Unit, header: str) -> tuple[str, str]:
    """Where the unit was read, for a message: the header, or the title line and its row."""
    if stated.row is not None:
        return f"第 {stated.row} 行“{stated.text}”", f"row {stated.row} '{stated.text}'"
    return f"表头“{header}”", f"the header '{header}'"


def _fix(stated: Unit, header: str, other: str) -> tuple[str, str]:
    """How to make the stated unit right: the header, or the title line (the header names none)."""
    if stated.row is not None:
        return (
            f"请把第 {stated.row} 行的单位改为“{other}”，或在表头写明单位，如“{header}（{other}）”",
            f"correct the unit in row {stated.row} to {other}, or name it in the header, e.g. '{header}（{other}）'",
        )
    return f"请把表头改为“常住人口（{other}）”", f"write the header as '常住人口（{other}）'"


def _contradiction(stated: Unit, other: str, typical: Decimal, source: str, header: str) -> InputError:
    """The stated unit is wrong and the values fit ``other``: say where it was stated and what to change."""
    where_zh, where_en = _where(stated, header)
    fix_zh, fix_en = _fix(stated, header, other)
    times = wan(typical, 0 if typical > 10 else 4)
    return InputError(
        f"{source}：{where_zh}写的单位是“{stated.name}”，但数值约为 2020 年普查（万人）的 {times} 倍，"
        f"看起来单位是“{other}”；{fix_zh}",
        f"{source}: {where_en} says the unit is {stated.name} but the values are about {times} times the "
        f"2020 census in 万人, so they look like {other}; {fix_en}",
    )


def _decimal_comma(stated: Unit, typical: Decimal, source: str, header: str) -> InputError:
    """The values are about 1000 times the census in any unit: name the decimal comma."""
    where_zh, where_en = _where(stated, header)
    times = wan(typical, 0)
    return InputError(
        f"{source}：{where_zh}写的单位是“{stated.name}”，但数值约为 2020 年普查（万人）的 {times} 倍，"
        f"不像任何人口单位；{_COMMA_ZH}否则请核对数值和单位",
        f"{source}: {where_en} says the unit is {stated.name} but the values are about {times} times the "
        f"2020 census in 万人 and fit no unit of people; {_COMMA_EN}otherwise check the values and the unit",
    )


def _unstated(typical: Decimal, source: str, header: str) -> InputError:
    """No unit stated and the values are neither 万人 nor 人: name what they might be."""
    other = next((u for u in SUGGESTED if u not in READ_OFF and _fits(typical, u)), None)
    hint_zh = f"数值像是以{other}为单位，若是，请在表头写明，如“常住人口（{other}）”；" if other else ""
    hint_en = (
        f"they look like {other}: if so, name it in the header, e.g. '常住人口（{other}）'; " if other else ""
    )
    if _thousandfold(typical, None):
        hint_zh, hint_en = _COMMA_ZH, _COMMA_EN
    return InputError(
        f"{source}：表头“{header}”没有写单位，数值（约为 2020 年普查万人数的 {wan(typical, 2)} 倍）既不像万人也不像人；"
        f"{hint_zh}请核对数值，并在表头写明单位，如“常住人口（万人）”",
        f"{source}: the header '{header}' names no unit and the values (about {wan(typical, 2)} times the "
        f"2020 census in 万人) fit neither 万人 nor 人; {hint_en}check them and name the unit in the header, "
        "e.g. '常住人口（万人）'",
    )


def resolve_unit(stated: Unit | None, ratios: list[Decimal], source: str, header: str) -> Unit:
    """The unit to use, checked against the values.

    Parameters
    ----------
    stated : Unit or None
        What the file says (:func:`stated_unit`).
    ratios : list of Decimal
        Each county's figure as written divided by its 2020 census figure in 万人.
    source : str
        File name for messages.
    header : str
        The population header, for messages.

    Returns
    -------
    Unit

    Raises
    ------
    InputError
        The stated unit contradicts the values (naming where it was stated), the values are
        about 1000 times the census (a decimal comma read as thousands?), or no unit is
        stated and the values fit neither 万人 nor 人.

    Examples
    --------
    >>> resolve_unit(Unit(THOUSANDS, "header"), [Decimal(10), Decimal("9.8")], "t", "人口（千人）").name
    '千人'
    """
    if not ratios:
        return stated or Unit(WAN, "default")
    typical = statistics.median(ratios)
    if stated is None:
        looks = next((u for u in READ_OFF if _fits(typical, u)), None)
        if looks is None:
            raise _unstated(typical, source, header)
        return Unit(looks, "values")
    if _fits(typical, stated.name):
        return stated
    other = next((u for u in SUGGESTED if _fits(typical, u)), None)
    if other is not None:
        raise _contradiction(stated, other, typical, source, header)
    if _thousandfold(typical, stated):
        raise _decimal_comma(stated, typical, source, header)
    return stated  # values that fit no unit are refused county by county, with their rows
