"""Step 4, resolve the unit: 万人 or 人, from the header, a 单位 line, or the values themselves.

A stated unit is checked against the 2020 census; an unstated one is read off
the values only when they leave no doubt (a county is never 642,010 万人).
Either way the run record says which unit was used and why.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from decimal import Decimal

from agritargets.errors import InputError
from agritargets.formatting import wan
from agritargets.population.text import fold

WAN, PERSONS = "万人", "人"
PER_WAN = {WAN: Decimal(1), PERSONS: Decimal(10000)}
_TITLE_UNIT = re.compile(r"单位[:：]")


@dataclass(frozen=True)
class Unit:
    """The unit the file's figures are in, and where that was read."""

    name: str
    source: str  # "header", "title row N", "values"

    def to_wan(self, value: Decimal) -> Decimal:
        """``value`` in 万人.

        Examples
        --------
        >>> Unit(PERSONS, "header").to_wan(Decimal("642010"))
        Decimal('64.201')
        """
        return value / PER_WAN[self.name]


def unit_in(text: str) -> str | None:
    """The unit a header or a ``单位：…`` line names, if any.

    Examples
    --------
    >>> unit_in("常住人口（万人）"), unit_in("单位：人口（万人）"), unit_in("population (persons)"), unit_in("常住人口")
    ('万人', '万人', '人', None)
    """
    h = fold(text).replace("人口", "").replace("人数", "")
    if "万" in h or "wan" in h or "10k" in h or "10000" in h or "10,000" in h:
        return WAN
    if "人" in h or "person" in h or "people" in h:
        return PERSONS
    return None


def stated_unit(header: str, rows_above: list[list[str]]) -> Unit | None:
    """The unit the population header names, else one a ``单位：`` cell above or beside it names.

    Parameters
    ----------
    header : str
        The population column's header.
    rows_above : list of list of str
        Title rows and header rows (cleaned), top to bottom.

    Returns
    -------
    Unit or None
    """
    named = unit_in(header)
    if named:
        return Unit(named, "header")
    for n, row in enumerate(rows_above, 1):
        for cell in row:
            m = _TITLE_UNIT.search(cell)
            if m:
                named = unit_in(cell[m.end() :])
                if named:
                    return Unit(named, f"title row {n}")
    return None


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
        The stated unit contradicts the values, or no unit is stated and the values fit neither.
    """
    if not ratios:
        return stated or Unit(WAN, "default")
    typical = statistics.median(ratios)
    looks = WAN if Decimal("0.2") <= typical <= 5 else PERSONS if 2000 <= typical <= 50000 else None
    if stated is not None and (looks is None or looks == stated.name):
        return stated  # values that fit no unit are refused county by county, with their rows
    if stated is not None:
        other = looks
        raise InputError(
            f"{source}：表头“{header}”写的单位是“{stated.name}”，但数值约为 2020 年普查（万人）的 {wan(typical, 0 if typical > 10 else 4)} 倍，看起来单位是“{other}”；"
            f"请把表头改为“常住人口（{other}）”",
            f"{source}: the header '{header}' says the unit is {stated.name} but the values are about "
            f"{wan(typical, 0 if typical > 10 else 4)} times the 2020 census in 万人, so they look like {other}; "
            f"write the header as '常住人口（{other}）'",
        )
    if looks is None:
        raise InputError(
            f"{source}：表头“{header}”没有写单位，数值（约为 2020 年普查万人数的 {wan(typical, 2)} 倍）既不像万人也不像人；"
            "请核对数值，并在表头写明单位，如“常住人口（万人）”",
            f"{source}: the header '{header}' names no unit and the values (about {wan(typical, 2)} times the "
            "2020 census in 万人) fit neither 万人 nor 人; check them and name the unit in the header, "
            "e.g. '常住人口（万人）'",
        )
    return Unit(looks, "values")
