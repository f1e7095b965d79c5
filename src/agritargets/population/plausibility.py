"""Plausibility against the 2020 census: a slipped decimal or a wrong unit never passes.

Thresholds (stated in the README and in every message):

- a county may differ from its census figure by at most ``COUNTY_CHANGE``
  (25 %); above, the census figure plus the functional zones of its prefecture
  also counts, because local bulletins fold zones into their host county;
- the denominator P may differ from the census province total by at most
  ``PROVINCE_CHANGE`` (5 %; Hunan changes by about 0.5 % a year).

A genuine outlier is accepted by naming it with ``--accept-outlier`` (a county's
name or code, or ``全省`` for P).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal

from agritargets.core.divisions import PROVINCE_ADCODE, load_units
from agritargets.core.errors import InputError, Problems
from agritargets.core.formatting import percent, wan
from agritargets.population import labels
from agritargets.population.reference import census

COUNTY_CHANGE = Decimal("0.25")
PROVINCE_CHANGE = Decimal("0.05")
PROVINCE_KEYS = frozenset({"全省", "湖南省", "湖南", "province", "p", PROVINCE_ADCODE})


def accepted_outliers(names: Collection[str]) -> set[str]:
    """Adcodes (and ``430000`` for P) named by ``--accept-outlier``; InputError for an unknown name.

    Examples
    --------
    >>> sorted(accepted_outliers(["芙蓉区", "全省"]))
    ['430000', '430102']
    >>> sorted(accepted_outliers(["芙蓉区、天心区"]))
    ['430102', '430103']
    """
    out = set()
    for name in names:
        for part in re.split(r"[,，、;；]", str(name)):  # a list as typed in Chinese or English
            part = part.strip()
            if not part:
                continue
            if part.lower() in PROVINCE_KEYS:
                out.add(PROVINCE_ADCODE)
                continue
            code = labels.county(part)
            if code is None:
                raise InputError(
                    f"--accept-outlier“{part}”不是湖南县级单位（也不是“全省”）；请写县市区名称或 6 位代码",
                    f"--accept-outlier '{part}' is neither a Hunan county unit nor '全省'; give a county name or adcode",
                )
            out.add(code)
    return out


def county_range(adcode: str) -> tuple[Decimal, Decimal]:
    """The values (万人) a county may take without being called an outlier.

    Examples
    --------
    >>> county_range("430102")
    (Decimal('48.150750'), Decimal('80.251250'))
    """
    ref = census()
    base = ref.county[adcode]
    zones = ref.zones.get(adcode[:4] + "00", Decimal(0))
    return base * (1 - COUNTY_CHANGE), (base + zones) * (1 + COUNTY_CHANGE)


def province_range() -> tuple[Decimal, Decimal]:
    """The values (万人) the denominator P may take without being called an outlier.

    Examples
    --------
    >>> province_range()
    (Decimal('6312.262080'), Decimal('6976.710720'))
    """
    base = census().province
    return base * (1 - PROVINCE_CHANGE), base * (1 + PROVINCE_CHANGE)


def _scale_hint(ratio: Decimal) -> tuple[str, str]:
    if 2000 <= ratio <= 50000:
        return "，像是以“人”为单位", ", as if it were in persons (人)"
    for factor in (10, 100, 1000):
        if factor / Decimal(2) <= ratio <= factor * 2:
            return (
                f"，约为 {factor} 倍（小数点错位？）",
                f", about {factor} times too large (slipped decimal point?)",
            )
        if 1 / Decimal(factor * 2) <= ratio <= 2 / Decimal(factor):
            return f"，约为 1/{factor}（小数点错位？）", f", about 1/{factor} of it (slipped decimal point?)"
    return "", ""


def check_counties(
    values: dict[str, tuple[int, Decimal]], accepted: set[str], problems: Problems
) -> list[str]:
    """Every county against its census range; returns notes on accepted outliers.

    Parameters
    ----------
    values : dict
        Adcode -> (row, population in 万人).
    accepted : set of str
        Adcodes accepted as genuine outliers.
    problems : Problems

    Returns
    -------
    list of str
        One note per accepted outlier.
    """
    names = load_units().set_index("adcode")["name"]
    notes = []
    for adcode, (n, value) in sorted(values.items(), key=lambda kv: kv[1][0]):
        lo, hi = county_range(adcode)
        if lo <= value <= hi:
            continue
        county, base = names[adcode], census().county[adcode]
        change = percent((value / base - 1) * 100, 1, signed=True)
        if adcode in accepted:
            notes.append(
                f"row {n}: {county} {value} 万人 is {change} against the 2020 census; accepted (--accept-outlier)"
            )
            continue
        hint_zh, hint_en = _scale_hint(value / base)
        problems.add(
            f"第 {n} 行 {county}：{wan(value)} 万人，2020 年普查为 {wan(base)} 万人（{change}{hint_zh}），"
            f"超出合理范围 {wan(lo, 2)}–{wan(hi, 2)}（±{percent(COUNTY_CHANGE * 100, 0)}，上限含本市州功能区人口）；"
            f"请核对数值和小数点；若确实如此，请加 --accept-outlier {county}",
            f"row {n} {county}: {wan(value)} 万人 against {wan(base)} in the 2020 census ({change}{hint_en}), "
            f"outside the plausible {wan(lo, 2)}–{wan(hi, 2)} (±{percent(COUNTY_CHANGE * 100, 0)}; the upper bound "
            f"includes its prefecture's functional zones); check the value and its decimal point; if it is right, "
            f"add --accept-outlier {county}",
        )
    return notes


def check_province(value: Decimal, where_zh: str, where_en: str, accepted: set[str]) -> str | None:
    """The denominator P against the census province total; returns a note if accepted as an outlier.

    Parameters
    ----------
    value : Decimal
        P in 万人.
    where_zh, where_en : str
        Where P came from, for the message.
    accepted : set of str
        Contains ``430000`` when ``--accept-outlier 全省`` was given.

    Returns
    -------
    str or None

    Raises
    ------
    InputError
        P is outside the census total ± ``PROVINCE_CHANGE`` and not accepted.
    """
    base = census().province
    lo, hi = province_range()
    if lo <= value <= hi:
        return None
    if PROVINCE_ADCODE in accepted:
        return f"P = {value} 万人 is outside {lo:.0f}–{hi:.0f} (census 2020 ± 5 %); accepted (--accept-outlier 全省)"
    ratio = value / base
    hint_zh, hint_en = _scale_hint(ratio)
    if 2000 <= ratio <= 50000:
        hint_zh += f"：{wan(value)} 人 = {wan(value / 10000)} 万人，请以万人给出"
        hint_en += f": {wan(value)} 人 = {wan(value / 10000)} 万人 — give P in 万人"
    raise InputError(
        f"分母 P = {wan(value)} 万人（{where_zh}）对湖南不合理：2020 年普查全省 {wan(base)} 万人，合理范围 "
        f"{wan(lo, 0)}–{wan(hi, 0)} 万人（±{percent(PROVINCE_CHANGE * 100, 0)}）{hint_zh}。请核对；若确实如此，请加 --accept-outlier 全省",
        f"the denominator P = {wan(value)} 万人 ({where_en}) is implausible for Hunan: the 2020 census counted "
        f"{wan(base)} 万人, plausible range {wan(lo, 0)}–{wan(hi, 0)} 万人 (±{percent(PROVINCE_CHANGE * 100, 0)}){hint_en}. "
        "Check it; if it is right, add --accept-outlier 全省",
    )


def refuse_needless(accepted: set[str], values: dict[str, Decimal], p: Decimal) -> None:
    """``--accept-outlier`` names only real outliers: a unit or P inside its range is refused by name.

    An acceptance that accepts nothing is a typo or a stale option, and would hide the next
    real outlier of that unit; so it is refused, not ignored.

    Parameters
    ----------
    accepted : set of str
        Adcodes (``430000`` for P) from :func:`accepted_outliers`.
    values : dict
        Adcode -> population (万人) as read.
    p : Decimal
        The denominator P used (万人).

    Raises
    ------
    InputError
        One message naming every needless acceptance and its range.
    """
    names = load_units().set_index("adcode")["name"]
    zh, en = [], []
    for code in sorted(accepted):
        if code == PROVINCE_ADCODE:
            (lo, hi), value, name = province_range(), p, "全省"
        elif code in values:
            (lo, hi), value, name = county_range(code), values[code], names[code]
        else:
            zh.append(f"{names[code]} 不在文件中")
            en.append(f"{names[code]} is not in the file")
            continue
        if lo <= value <= hi:
            zh.append(f"{name} {wan(value)} 万人在合理范围 {wan(lo, 2)}–{wan(hi, 2)} 之内")
            en.append(f"{name} {wan(value)} 万人 is within the plausible {wan(lo, 2)}–{wan(hi, 2)}")
    if zh:
        raise InputError(
            f"--accept-outlier 不起作用：{'；'.join(zh)}，不需要接受；请去掉这些名称",
            f"--accept-outlier would do nothing: {'; '.join(en)}; nothing to accept, remove these names",
        )
