"""One number parser for cells and command-line values: exact decimals, never floats."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from agritargets.errors import InputError

_SEPARATORS = re.compile(r"[,，\s\u2009\u202f']")


def parse_number(text: str) -> Decimal | None:
    """The finite decimal ``text`` spells, or None.

    Thousands separators (``,``, ``，``, spaces) are dropped; ``−`` counts as minus.

    Parameters
    ----------
    text : str
        Cleaned cell or argument text.

    Returns
    -------
    Decimal or None
        None for anything that is not a finite number (``"约64万"``, ``"nan"``, ``""``).

    Examples
    --------
    >>> parse_number("1,004.7914"), parse_number("−3"), parse_number("约64万")
    (Decimal('1004.7914'), Decimal('-3'), None)
    """
    cleaned = _SEPARATORS.sub("", text).replace("\u2212", "-")
    if not cleaned or not (cleaned[0].isdigit() or cleaned[0] in "+-."):
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def half_unit(value: Decimal) -> Decimal:
    """Half of the last decimal place ``value`` was written with: the rounding it can carry.

    Examples
    --------
    >>> half_unit(Decimal("64.20")), half_unit(Decimal("6604"))
    (Decimal('0.005'), Decimal('0.5'))
    """
    exponent = value.as_tuple().exponent
    return Decimal(5).scaleb(int(exponent) - 1)


def parse_argument(text: object, what_zh: str, what_en: str) -> Decimal:
    """A number given on the command line (or as a report parameter); InputError if it is not one.

    Parameters
    ----------
    text : str, int, Decimal
        What was given.
    what_zh, what_en : str
        What it is, for the message (``"全省目标"``, ``"total"``).

    Returns
    -------
    Decimal

    Examples
    --------
    >>> parse_argument("400", "全省目标", "--total")
    Decimal('400')
    """
    if isinstance(text, Decimal) and text.is_finite():
        return text
    value = parse_number(str(text).strip())
    if value is None:
        raise InputError(f"{what_zh}“{text}”不是数字", f"{what_en} '{text}' is not a number")
    return value
