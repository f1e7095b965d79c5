"""What a row's label or code denotes: a county unit, a prefecture, the province, or a note.

Names may be current, former (邵东县), short (长沙 for 长沙市), numbered
(一、长沙市) or prefixed (湖南省长沙市芙蓉区); codes may be current, former,
12-digit 统计用区划代码, or wrapped as ``="430102"``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from agritargets.core.divisions import PROVINCE_ADCODE, Resolver, prefectures
from agritargets.core.names import prefecture_stem
from agritargets.population.text import county_code, fold, without_numbering

PROVINCE_WORDS = frozenset(
    {
        "合计",
        "总计",
        "全省",
        "湖南省",
        "湖南",
        "全省合计",
        "湖南省合计",
        "全省总计",
        "total",
        "sum",
        "hunan",
        "hunanprovince",
        "province",
        "grandtotal",
        "all",
    }
)
SUBTOTAL_SUFFIXES = ("小计", "合计", "总计", "subtotal", "total")
NOTE_PREFIXES = (
    "注",
    "备注",
    "说明",
    "资料来源",
    "数据来源",
    "来源",
    "制表",
    "填报",
    "填表",
    "审核",
    "负责人",
    "单位负责人",
    "统计负责人",
    "联系",
    "报出日期",
    "日期",
    "note",
    "source",
    "*",
)


@lru_cache(maxsize=1)
def _resolver() -> Resolver:
    return Resolver.default()


@lru_cache(maxsize=1)
def _short_prefectures() -> dict[str, str]:
    """长沙 -> 430100 … and 湘西 -> 433100: each prefecture's name without its suffix."""
    short: dict[str, str] = {}
    for code, name in zip(prefectures()["prefecture_adcode"], prefectures()["prefecture"], strict=True):
        if prefecture_stem(name) != name:
            short[prefecture_stem(name)] = code
    return short


@lru_cache(maxsize=65536)
def county(label: str) -> str | None:
    """Adcode of the county unit ``label`` names or codes, else None.

    Examples
    --------
    >>> county("一、芙蓉区"), county("430102000000"), county("邵东县"), county("长沙市")
    ('430102', '430102', '430582', None)
    """
    if not label:
        return None
    resolver = _resolver()
    return resolver.county(county_code(label)) or resolver.county(without_numbering(label))


@lru_cache(maxsize=4096)
def prefecture(label: str) -> str | None:
    """Prefecture code ``label`` names (full, short, numbered, or as 430100), else None.

    Examples
    --------
    >>> prefecture("长沙"), prefecture("一、株洲市"), prefecture("湘西"), prefecture("430100")
    ('430100', '430200', '433100', '430100')
    """
    if not label:
        return None
    resolver = _resolver()
    text = without_numbering(label).replace(" ", "")
    text = text.removeprefix("湖南省").removeprefix("湖南") or text
    for candidate in (text, county_code(text), text + "市"):
        code = resolver.prefecture(candidate)
        if code is not None:
            return code
    return _short_prefectures().get(text)


def subtotal_of(label: str) -> str | None:
    """Prefecture code of a subtotal row (长沙市小计, 长沙合计, 一、长沙市), else None.

    Examples
    --------
    >>> subtotal_of("株洲市小计"), subtotal_of("长沙合计"), subtotal_of("芙蓉区")
    ('430200', '430100', None)
    """
    text = fold(without_numbering(label))
    for suffix in SUBTOTAL_SUFFIXES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return prefecture(text.removesuffix(suffix))
    return prefecture(label)


def is_province(label: str, code: str = "") -> bool:
    """True for the whole-province row: 合计, 全省, 湖南省, total … or code 430000.

    Examples
    --------
    >>> is_province("全省合计"), is_province("", "430000000000"), is_province("长沙市合计")
    (True, True, False)
    """
    if code and county_code(code) == PROVINCE_ADCODE:
        return True
    text = fold(without_numbering(label))
    return text in PROVINCE_WORDS or (
        text.startswith(("合计", "总计", "全省"))
        and prefecture(text[2:]) is None
        and county(text[2:]) is None
    )


def is_note(text: str) -> bool:
    """True for a footnote or signature line (注：…, 制表人：…, 填报日期：…).

    Examples
    --------
    >>> is_note("制表人：张三"), is_note("填报日期：2024年3月1日"), is_note("芙蓉区")
    (True, True, False)
    """
    folded = fold(text)
    return folded.startswith(NOTE_PREFIXES) or (":" in folded and county(text) is None)


# What staff add around a name: footnote markers, row numbers, a bracketed remark, a prefecture in front.
_MARKERS = re.compile(r"[*＊※#†‡①-⑳⁰¹²³⁴-⁹\d]+$")
_LEADING_NUMBER = re.compile(r"^\d+\s*")
_REMARK = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]$")
_SEPARATORS = re.compile(r"[/／|｜\\·・\-－—]")


def _variants(label: str) -> list[str]:
    text = label.strip()
    out = [_MARKERS.sub("", text), _LEADING_NUMBER.sub("", text), _REMARK.sub("", text)]
    out += [_SEPARATORS.split(text)[-1]]
    bare = _REMARK.sub("", _MARKERS.sub("", _LEADING_NUMBER.sub("", text))).strip()
    out.append(bare)
    for short in sorted(_short_prefectures(), key=len, reverse=True):  # 长沙芙蓉区, 长沙市芙蓉区
        for prefix in (short, short + "市", short + "州", short + "自治州"):
            if bare.startswith(prefix) and len(bare) > len(prefix) + 1:
                out.append(bare.removeprefix(prefix))
    return [v.strip() for v in out if v.strip() and v.strip() != text]


def suggest(label: str) -> str | None:
    """The one county unit a label that names none probably means, for a "did you mean" hint.

    Only a hint: the reader never uses it in place of what the file says.

    Examples
    --------
    >>> [suggest(x) for x in ("芙蓉区*", "岳麓区①", "1 芙蓉区", "长沙芙蓉区", "长沙市/芙蓉区", "冷水滩区（含永州经开区）")]
    ['430102', '430104', '430102', '430102', '430102', '431103']
    >>> suggest("云龙示范区") is None
    True
    """
    found = {code for v in _variants(label) if (code := county(v)) is not None}
    return found.pop() if len(found) == 1 else None
