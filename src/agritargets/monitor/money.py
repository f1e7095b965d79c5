"""Units of money: 元, 千元, 万元, 亿元 (…) read from a header or a ``单位：`` line, converted exactly to 亿元."""

from __future__ import annotations

import re
from decimal import Decimal

from agritargets.core.errors import InputError
from agritargets.monitor.headers import MONEY
from agritargets.population.text import fold
from agritargets.population.units import Unit, stated_unit

_BRACKETED = re.compile(r"[(\[【]\s*(?:单位[:：]?)?\s*((?:千万|百万|十万|千|万|亿)?元)\s*[)\]】]")
# How many of the unit make one 亿元 (a power of ten, so the conversion is exact).
PER_YI = {
    "元": 8,
    "十元": 7,
    "百元": 6,
    "千元": 5,
    "万元": 4,
    "十万元": 3,
    "百万元": 2,
    "千万元": 1,
    "亿元": 0,
}


def money_unit_in(text: str) -> str | None:
    """The unit of money a header or ``单位：`` line names, if any.

    Examples
    --------
    >>> money_unit_in("1-6月（万元）"), money_unit_in("单位：亿元、%"), money_unit_in("sales (yuan)"), money_unit_in("县")
    ('万元', '亿元', '元', None)
    """
    m = MONEY.search(fold(text))
    if not m:
        return None
    word = m.group(0)
    return "元" if word in ("yuan", "rmb") else word


def to_yi(value: Decimal, unit: str) -> Decimal:
    """``value`` in ``unit`` as 亿元, exactly.

    Examples
    --------
    >>> to_yi(Decimal("12345.67"), "万元"), to_yi(Decimal("150000000"), "元")
    (Decimal('1.234567'), Decimal('1.50000000'))
    """
    return value.scaleb(-PER_YI[unit])


def column_unit(header: str, rows_above: list[list[str]], source: str, typical: Decimal | None) -> Unit:
    """The unit of one money column: its header, else a ``单位：`` line; refused when neither says.

    Parameters
    ----------
    header : str
        The column's header as written.
    rows_above : list of list of str
        Title and header rows (cleaned).
    source : str
        File name for messages.
    typical : Decimal or None
        A typical county figure, to suggest a unit in the message.

    Returns
    -------
    Unit
        ``name`` one of :data:`PER_YI`, ``source`` where it was read.
    """
    unit = stated_unit(header, rows_above, named_by=money_unit_in)
    if unit is not None:
        return unit
    for n, row in enumerate(rows_above, 1):  # a title ending in （万元）: the whole table's unit
        for cell in row:
            m = _BRACKETED.search(fold(cell))
            if m:
                return Unit(money_unit_in(m.group(1)), f"title row {n}", cell, n)
    hint_zh = hint_en = ""
    if typical is not None:  # a county sells about 1 亿元 in half a year: 1e8 元, 1e4 万元, 1 亿元
        guess = "元" if typical >= 10**6 else "万元" if typical >= 50 else "亿元"
        hint_zh, hint_en = (
            f"（数值如 {typical}，看起来是{guess}）",
            f" (values such as {typical} look like {guess})",
        )
    raise InputError(
        f"{source}：“{header}”列没有写明单位{hint_zh}；请在表头写明，如“{header}（万元）”，或在表头上方加一行“单位：万元”（元、万元、亿元均可）",
        f"{source}: column '{header}' states no unit{hint_en}; write it in the header, e.g. '{header}（万元）', "
        "or add a line '单位：万元' above the header (元, 万元 or 亿元)",
    )
