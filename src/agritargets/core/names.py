"""Every short-name rule in one place: prefectures, counties and functional zones as figures and tables print them."""

from __future__ import annotations

import re

AUTONOMOUS_COUNTY = ("土家族苗族自治县", "苗族侗族自治县", "侗族自治县", "苗族自治县", "瑶族自治县", "自治县")
PREFECTURE_SUFFIXES = ("土家族苗族自治州", "自治州", "市", "州")
ZONE_WORDS = (
    ("高新技术产业园区", "高新区"),
    ("经济技术开发区", "经开区"),
    ("经济开发区", "经开区"),
    ("综合保税区", "综保区"),
)


def short_prefecture(name: str) -> str:
    """A prefecture's name as maps, charts and tables print it: 湘西土家族苗族自治州 → 湘西州.

    Examples
    --------
    >>> short_prefecture("湘西土家族苗族自治州"), short_prefecture("长沙市")
    ('湘西州', '长沙市')
    """
    return name.replace("土家族苗族自治州", "州")


def prefecture_stem(name: str) -> str:
    """A prefecture's name without its suffix, as staff write it in tables and panels: 长沙市 → 长沙.

    Examples
    --------
    >>> prefecture_stem("长沙市"), prefecture_stem("湘西土家族苗族自治州"), prefecture_stem("湘西州")
    ('长沙', '湘西', '湘西')
    """
    for suffix in PREFECTURE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix)
    return name


def short_county(name: str) -> str:
    """A county's name without its autonomous-county suffix (麻阳苗族自治县 → 麻阳).

    Examples
    --------
    >>> short_county("麻阳苗族自治县"), short_county("浏阳市")
    ('麻阳', '浏阳市')
    """
    for suffix in AUTONOMOUS_COUNTY:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name


def short_zone(name: str, prefecture: str) -> str:
    """A functional zone's name without province, prefecture and generic words.

    Examples
    --------
    >>> short_zone("湖南湘潭高新技术产业园区", "湘潭市"), short_zone("岳阳市屈原管理区", "岳阳市")
    ('高新区', '屈原管理区')
    """
    base = prefecture.removesuffix("市")
    out = re.sub(rf"^(湖南)?({base})?市?", "", name)
    for long, short in ZONE_WORDS:
        out = out.replace(long, short)
    return out or name


def prefecture_tag(name: str) -> str:
    """A prefecture as a short tag in table cells and panel titles: 长沙市 → 长沙, 湘西土家族苗族自治州 → 湘西州.

    Examples
    --------
    >>> prefecture_tag("长沙市"), prefecture_tag("湘西土家族苗族自治州")
    ('长沙', '湘西州')
    """
    return short_prefecture(name).removesuffix("市")
