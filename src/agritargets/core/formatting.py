"""Numbers as readers see them: rounded half-up like the notice, in one place.

Every rounded figure in the report, the deck, the figure labels and the map
tooltips comes from :func:`fixed` (or :func:`percent`), so the same value never
prints two ways. Binary floats are read through their shortest repr, so the
float ``0.155`` (a share computed as ``0.62 / 4``) rounds to ``0.16`` as the
decimal it stands for, not to ``0.15`` as its binary approximation would.
Data files keep exact text and ASCII signs; this module is for display.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from numbers import Integral, Real

MINUS = "\u2212"  # typographic minus: same width as "+" and never read as a hyphen
MISSING = "—"


def to_decimal(value: object) -> Decimal:
    """The exact decimal a value stands for.

    Parameters
    ----------
    value : Decimal, int, float, numpy number or str
        Floats are read through ``repr`` (the shortest string that round-trips).

    Returns
    -------
    Decimal

    Raises
    ------
    TypeError
        A bool, or a value of another type.
    decimal.InvalidOperation
        A string that is not a number.

    Examples
    --------
    >>> to_decimal(0.155)
    Decimal('0.155')
    >>> to_decimal("3.90")
    Decimal('3.90')
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a bool is not a number to print")
    if isinstance(value, Integral):
        return Decimal(int(value))
    if isinstance(value, Real):
        return Decimal(repr(float(value)))
    if isinstance(value, str):
        return Decimal(value.strip())
    raise TypeError(f"cannot format {type(value).__name__} {value!r} as a number")


def is_missing(value: object) -> bool:
    """True for None and NaN (a missing value prints as a dash, never as 0).

    Parameters
    ----------
    value : object

    Returns
    -------
    bool

    Examples
    --------
    >>> is_missing(float("nan")), is_missing(None), is_missing(0)
    (True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    return isinstance(value, Real) and not isinstance(value, Integral) and math.isnan(float(value))


def round_half_up(value: object, places: int = 2) -> Decimal:
    """``value`` rounded half away from zero to ``places`` decimals, as the notice rounds.

    Parameters
    ----------
    value : number
        See :func:`to_decimal`.
    places : int
        Decimals kept.

    Returns
    -------
    Decimal

    Examples
    --------
    >>> round_half_up(0.155)
    Decimal('0.16')
    >>> round_half_up(Decimal("399.325"), 2)
    Decimal('399.33')
    """
    return to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fixed(
    value: object,
    places: int = 2,
    *,
    signed: bool = False,
    grouping: bool = False,
    minus: str = MINUS,
) -> str:
    """A number as display text with exactly ``places`` decimals.

    Parameters
    ----------
    value : number
        See :func:`to_decimal`; None or NaN gives ``"—"``.
    places : int
        Decimals shown (rounded half-up).
    signed : bool
        Show ``+`` before positive values (zero is shown unsigned).
    grouping : bool
        Thousands separators (``6,622``).
    minus : str
        The minus sign; the typographic U+2212 by default, ``"-"`` for machine-readable text.

    Returns
    -------
    str

    Examples
    --------
    >>> fixed(0.155)
    '0.16'
    >>> fixed(-0.06, signed=True)
    '−0.06'
    >>> fixed(0.004, signed=True)
    '0.00'
    >>> fixed(6622, 0, grouping=True)
    '6,622'
    """
    if is_missing(value):
        return MISSING
    d = round_half_up(value, places)
    text = f"{abs(d):,.{places}f}" if grouping else f"{abs(d):.{places}f}"
    if d == 0:
        return text
    if d < 0:
        return minus + text
    return "+" + text if signed else text


def percent(value: object, places: int = 2, *, signed: bool = False) -> str:
    """A value already in per cent, with a ``%`` sign: ``percent(0.975) == '0.98%'``.

    Parameters
    ----------
    value : number
        In per cent; None or NaN gives ``"—"`` (no sign).
    places : int
        Decimals shown (rounded half-up).
    signed : bool
        Show ``+`` before positive values.

    Returns
    -------
    str

    Examples
    --------
    >>> percent(0.975)
    '0.98%'
    """
    text = fixed(value, places, signed=signed)
    return text if text == MISSING else text + "%"


def yi(value: object, *, signed: bool = False) -> str:
    """An amount in 亿元 as the notice prints it (two decimals): ``yi(3.9) == '3.90'``.

    Parameters
    ----------
    value : number
        亿元; None or NaN gives ``"—"``.
    signed : bool
        Show ``+`` before positive values.

    Returns
    -------
    str

    Examples
    --------
    >>> yi(3.9)
    '3.90'
    """
    return fixed(value, 2, signed=signed)


def wan(value: object, places: int | None = None) -> str:
    """A population in 万人 with thousands separators; without ``places``, no trailing zeros.

    Parameters
    ----------
    value : number
        万人; None or NaN gives ``"—"``.
    places : int, optional
        Decimals shown (rounded half-up); default: the value's own, trailing zeros dropped.

    Returns
    -------
    str

    Examples
    --------
    >>> wan(Decimal("6622"))
    '6,622'
    >>> wan(Decimal("6644.4864"))
    '6,644.4864'
    >>> wan(64.201, 2)
    '64.20'
    """
    if is_missing(value):
        return MISSING
    if places is not None:
        return fixed(value, places, grouping=True)
    d = to_decimal(value).normalize()
    return f"{d:,f}"
