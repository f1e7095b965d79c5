"""One number parser for cells and command-line values: exact decimals, never floats.

Thousands separators (``,`` ``，`` space, no-break and thin spaces, ``'``) are
accepted only where they group digits in threes (``1,526,641``, ``6,622``):
``1,5``, ``4,00``, ``64,2010`` or ``6,62,2`` are not silently read as 15, 400,
642010 or 6622, and ``_`` (which Python's ``Decimal`` would accept) is refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from agritargets.core.errors import InputError

# After NFKC: ，-> ,  and NBSP, U+2009, U+202F, U+3000 -> space.
_SEPARATOR_CHARS = ",' \u2019"
_PLAIN = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}([,' \u2019])[0-9]{3}(?:\1[0-9]{3})*(?:\.[0-9]*)?")
_ANY_SEPARATOR = re.compile(r"[,' \u2019_]")
DECIMAL_COMMA, GROUPING, UNDERSCORE = "decimal comma", "grouping", "underscore"


@dataclass(frozen=True)
class Misgrouped:
    """A number whose separators are not thousands groups: what it could mean.

    Attributes
    ----------
    text : str
        As written (trimmed).
    kind : str
        ``"decimal comma"``, ``"grouping"`` (separators not in threes) or ``"underscore"``.
    decimal : str or None
        The value read with the comma as a decimal point (decimal comma only).
    digits : str or None
        The value read with the separators dropped, when that is a plain number.
    """

    text: str
    kind: str
    decimal: str | None
    digits: str | None


class SeparatorError(InputError):
    """A number with separators that are not thousands groups (``1,5``, ``6,62,2``, ``4_00``)."""

    def __init__(self, zh: str, en: str, problem: Misgrouped) -> None:
        super().__init__(zh, en)
        self.problem = problem


def _normalise(text: str) -> str:
    """NFKC (full-width digits, ``，``, NBSP …), ``−`` as minus, one space per gap, no Excel ``'`` prefix."""
    t = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).replace("\u2212", "-")).strip()
    return re.sub(r"^([+-]) ", r"\1", t.removeprefix("'"))


def misgrouped(text: str) -> Misgrouped | None:
    """What is wrong with a number whose separators are not thousands groups, or None.

    None when ``text`` is a well-formed number or not a number at all.

    Parameters
    ----------
    text : str
        A cell or an argument.

    Returns
    -------
    Misgrouped or None

    Examples
    --------
    >>> misgrouped("1,5").kind, misgrouped("1,5").decimal, misgrouped("1,5").digits
    ('decimal comma', '1.5', '15')
    >>> misgrouped("6,62,2").kind, misgrouped("4_00").digits, misgrouped("1,234") is None
    ('grouping', '400', True)
    """
    t = _normalise(text)
    if _PLAIN.fullmatch(t) or _GROUPED.fullmatch(t):
        return None
    bare = _ANY_SEPARATOR.sub("", t)
    if not _ANY_SEPARATOR.search(t) or not _PLAIN.fullmatch(bare):
        return None
    digits = bare if "." not in t and not re.search(r"[eE]", t) else None
    if "_" in t:
        return Misgrouped(t, UNDERSCORE, None, digits)
    if t.count(",") == 1 and t.rfind(".") < t.index(","):
        decimal = re.sub(r"[.' \u2019]", "", t).replace(",", ".")
        only_comma = not re.search(r"[.' \u2019]", t)
        return Misgrouped(t, DECIMAL_COMMA, decimal, digits if only_comma else None)
    return Misgrouped(t, GROUPING, None, digits)


def _cell_error(p: Misgrouped) -> SeparatorError:
    """The refusal for a population cell: re-export with a decimal point, or fix the grouping."""
    if p.kind == DECIMAL_COMMA:
        zh = (
            f"人口数值“{p.text}”看起来用逗号作小数点（即 {p.decimal}）；"
            "请在 Excel/WPS 中改用小数点“.”（或把区域设置改为中文）后重新导出"
        )
        en = (
            f"the population value '{p.text}' looks like a decimal comma (meaning {p.decimal}); "
            "switch Excel/WPS to a decimal point '.' (or a Chinese locale) and export the file again"
        )
    elif p.kind == UNDERSCORE:
        zh = f"人口数值“{p.text}”含下划线；请只填数字，如 {p.digits}"
        en = f"the population value '{p.text}' contains an underscore; enter digits only, e.g. {p.digits}"
    else:
        zh = (
            f"人口数值“{p.text}”的千位分隔符位置不对（须每三位一组，如 1,526,641）；"
            "请核对该数值，或去掉分隔符"
        )
        en = (
            f"the population value '{p.text}' has misplaced thousands separators (they must group digits "
            "in threes, e.g. 1,526,641); check the value or drop the separators"
        )
    return SeparatorError(zh, en, p)


def _argument_error(p: Misgrouped, what_zh: str, what_en: str) -> SeparatorError:
    """The refusal for a command-line number: what to type for each thing it could mean."""
    if p.kind == DECIMAL_COMMA:
        zh = f"{what_zh}“{p.text}”像是用逗号作小数点，请写成 {p.decimal}"
        en = f"{what_en} '{p.text}' looks like a decimal comma; write {p.decimal}"
        if p.digits:
            zh += f"；若指 {p.digits}，请写成 {p.digits}（千位分隔须每三位一组，如 1,000）"
            en += f" (or {p.digits} if that is what you meant: thousands separators group digits in threes, e.g. 1,000)"
    elif p.kind == UNDERSCORE:
        zh = f"{what_zh}“{p.text}”含下划线；请写成 {p.digits or '不带下划线的数字'}"
        en = f"{what_en} '{p.text}' contains an underscore; write {p.digits or 'the number without it'}"
    else:
        zh = f"{what_zh}“{p.text}”的千位分隔符位置不对：须每三位一组（如 6,622 或 1,000）"
        en = f"{what_en} '{p.text}' has misplaced thousands separators: they must group digits in threes (e.g. 6,622 or 1,000)"
        if p.digits:
            zh += f"；若指 {p.digits}，请写成 {p.digits}"
            en += f"; write {p.digits} if that is what you meant"
    return SeparatorError(zh, en, p)


def _strict(text: str) -> Decimal | None:
    """The finite decimal ``text`` spells with well-formed separators, or None (nothing raised)."""
    t = _normalise(text)
    if not (_PLAIN.fullmatch(t) or _GROUPED.fullmatch(t)):
        return None
    try:
        value = Decimal(_ANY_SEPARATOR.sub("", t))
    except InvalidOperation:  # pragma: no cover - the patterns admit only valid literals
        return None
    return value if value.is_finite() else None


def parse_number(text: str) -> Decimal | None:
    """The finite decimal a population cell spells, or None.

    Thousands separators (``,``, ``，``, spaces, ``'``) count only in groups of three;
    full-width digits and ``−`` are read as such.

    Parameters
    ----------
    text : str
        Cleaned cell text.

    Returns
    -------
    Decimal or None
        None for anything that is not a number (``"约64万"``, ``"nan"``, ``""``).

    Raises
    ------
    SeparatorError
        A number whose separators are not thousands groups (``64,2010``, ``6,62,2``): read
        either way it could be wrong, so it is refused once, naming the decimal comma.

    Examples
    --------
    >>> parse_number("1,004.7914"), parse_number("−3"), parse_number("约64万")
    (Decimal('1004.7914'), Decimal('-3'), None)
    >>> parse_number("64,2010")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    agritargets.population.numeric.SeparatorError: 人口数值“64,2010”看起来用逗号作小数点（即 64.2010）；...
    """
    problem = misgrouped(text)
    if problem is not None:
        raise _cell_error(problem)
    return _strict(text)


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

    Raises
    ------
    InputError
        Not a number; a :class:`SeparatorError` when its separators are not thousands groups
        (``1,5``, ``40,0``, ``6,62,2``, ``4_00``), saying what to write instead.

    Examples
    --------
    >>> parse_argument("400", "全省目标", "--total"), parse_argument("1,000", "全省目标", "--total")
    (Decimal('400'), Decimal('1000'))
    """
    if isinstance(text, Decimal) and text.is_finite():
        return text
    given = str(text).strip()
    problem = misgrouped(given)
    if problem is not None:
        raise _argument_error(problem, what_zh, what_en)
    value = _strict(given)
    if value is None:
        raise InputError(f"{what_zh}“{text}”不是数字", f"{what_en} '{text}' is not a number")
    return value
