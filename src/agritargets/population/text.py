"""Cell text as staff's files really hold it, folded to what it means.

Copies from web pages and PDFs bring zero-width characters, full-width forms
and CJK *radicals* that look like the ideograph (⻓ for 长); Excel tricks wrap
codes as ``="430102"``; yearbooks number their rows (一、长沙市). All of that is
folded here, once, so every later step sees plain text.
"""

from __future__ import annotations

import re
import unicodedata

# CJK radicals that PDF text extraction emits in place of the ideograph they look like.
# NFKC folds the Kangxi block (⾦ -> 金) but not these supplement forms.
_LOOKALIKES = str.maketrans(
    {
        "⺠": "民",
        "⺟": "母",
        "⻄": "西",
        "⻅": "见",
        "⻆": "角",
        "⻋": "车",
        "⻓": "长",
        "⻔": "门",
        "⻗": "雨",
        "⻘": "青",
        "⻙": "韦",
        "⻚": "页",
        "⻛": "风",
        "⻜": "飞",
        "⻝": "食",
        "⻢": "马",
        "⻣": "骨",
        "⻤": "鬼",
        "⻥": "鱼",
        "⻦": "鸟",
        "⻧": "卤",
        "⻨": "麦",
        "⻩": "黄",
        "⻪": "黾",
        "⻬": "齐",
        "⻮": "齿",
        "⻰": "龙",
        "⻳": "龟",
    }
)
_NUMBERING = re.compile(r"^(?:[(（]?[一二三四五六七八九十]+[)）、.．]|[(（]\d+[)）]|\d+[、.．](?!\d))\s*")
_EXCEL_TEXT = re.compile(r'^=?"(.*)"$|^\'(.*)$')


def clean(cell: object) -> str:
    """A cell as plain text: NFKC, no invisible characters, look-alike radicals folded, trimmed.

    Floats print as Excel shows them (15 significant digits), so a value stored as
    ``64.20099999999999`` reads as ``64.201``.

    Parameters
    ----------
    cell : object
        A CSV string or an XLSX value (str, int, float, None …).

    Returns
    -------
    str

    Examples
    --------
    >>> clean("雨花区\\u200b")
    '雨花区'
    >>> clean("⻓沙县")
    '长沙县'
    >>> clean(64.20099999999999), clean(430102.0)
    ('64.201', '430102')
    """
    if cell is None:
        return ""
    if isinstance(cell, float):
        return format(cell, ".15g") if abs(cell) < 1e15 else repr(cell)
    text = str(cell)
    if text.isascii():
        return text.strip()
    text = unicodedata.normalize("NFKC", text).translate(_LOOKALIKES)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()


def unwrap_code(text: str) -> str:
    """A code as typed into a spreadsheet: ``="430102"`` or ``'430102`` -> ``430102``.

    Examples
    --------
    >>> unwrap_code('="430102"'), unwrap_code("'430102"), unwrap_code("430102")
    ('430102', '430102', '430102')
    """
    m = _EXCEL_TEXT.match(text)
    return (m.group(1) if m.group(1) is not None else m.group(2)).strip() if m else text


def county_code(text: str) -> str:
    """A 6-digit adcode from what a code cell holds (12-digit 统计用区划代码 end in ``000000``).

    Examples
    --------
    >>> county_code("430102000000"), county_code('="430102"'), county_code("4301")
    ('430102', '430102', '4301')
    >>> county_code("430102.0"), county_code("430102000000.0")  # a float column's integers
    ('430102', '430102')
    """
    text = unwrap_code(text).replace(" ", "")
    text = re.sub(r"^(\d{6}|\d{12})\.0+$", r"\1", text)
    if len(text) == 12 and text.isdigit() and text.endswith("000000"):
        return text[:6]
    return text


def without_numbering(label: str) -> str:
    """A row label without the yearbook's numbering: ``一、长沙市`` -> ``长沙市``.

    Examples
    --------
    >>> without_numbering("一、长沙市"), without_numbering("（3）株洲市"), without_numbering("1.芙蓉区")
    ('长沙市', '株洲市', '芙蓉区')
    """
    return _NUMBERING.sub("", label, count=1)


def fold(text: str) -> str:
    """Text for comparing headers and labels: no whitespace at all, lower case.

    Examples
    --------
    >>> fold(" 常住 人口\\n（万人）")
    '常住人口(万人)'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()
