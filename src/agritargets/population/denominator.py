"""The denominator P: never chosen silently.

``--province-population`` is ``from-file`` (the file's own 全省/合计 row),
``sum`` (the sum of the county rows) or a number in 万人. Without it, P is the
county sum only when nothing contradicts that: a complete file whose stated
province total (if any) agrees with its counties. Otherwise the run is refused
with what each choice would mean.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from agritargets.divisions import N_UNITS
from agritargets.errors import InputError
from agritargets.formatting import percent, wan
from agritargets.population import plausibility
from agritargets.population.crosscheck import CrossCheck
from agritargets.population.numeric import parse_argument
from agritargets.population.reader import PopulationInput

FROM_FILE, SUM, GIVEN = "from-file", "sum", "given"
CHOICES = (FROM_FILE, SUM)


@dataclass(frozen=True)
class Denominator:
    """P in 万人, where it came from (``from-file``, ``sum`` or ``given``) and what that means."""

    value: Decimal
    source: str
    zh: str
    en: str
    notes: list[str] = field(default_factory=list)


def parse_choice(value: object) -> str | Decimal | None:
    """``--province-population`` as given: None (unset), ``"from-file"``, ``"sum"`` or P in 万人.

    Examples
    --------
    >>> parse_choice(""), parse_choice("from-file"), parse_choice("6,568"), parse_choice("6568万人")
    (None, 'from-file', Decimal('6568'), Decimal('6568'))
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if text.lower() in CHOICES:
        return text.lower()
    number = parse_argument(text.removesuffix("人").removesuffix("万"), "全省常住人口", "province population")
    if text.endswith("人") and not text.endswith("万人"):
        raise InputError(
            f"全省常住人口“{text}”请以万人给出，如 --province-population {wan(number / 10000)}",
            f"give the province population '{text}' in 万人, e.g. --province-population {wan(number / 10000)}",
        )
    if number <= 0:
        raise InputError(
            f"全省常住人口必须大于 0（现为 {text}）", f"the province population must be > 0 (got {text})"
        )
    return number


def _choices(pop: PopulationInput, stated: Decimal | None, county_sum: Decimal) -> tuple[str, str]:
    file_zh = (
        f"from-file = 用文件中的全省数 {wan(stated)}（差额通常是功能区、管理区等未单列为县的人口，或缺少的单位；各县目标之和将小于全省目标）；"
        if stated is not None
        else ""
    )
    file_en = (
        f"from-file = the file's province figure {wan(stated)} (the difference is usually population of "
        "functional zones not listed as counties, or missing units; county targets then add up to less "
        "than the total); "
        if stated is not None
        else ""
    )
    return (
        f"请用 --province-population 选择分母 P：{file_zh}sum = 用所列 {len(pop.table)} 个县市区之和 {wan(county_sum)}"
        "（全省目标全部分给所列单位）；或给出数值（万人），如统计公报的年末常住人口",
        f"choose the denominator P with --province-population: {file_en}sum = the sum of the {len(pop.table)} "
        f"listed units, {wan(county_sum)} (the whole total goes to them); or a number in 万人, e.g. the "
        "year-end resident population from the statistical bulletin",
    )


def choose(
    pop: PopulationInput, choice: str | Decimal | None, check: CrossCheck, accepted: set[str]
) -> Denominator:
    """P for this run, or an InputError that explains the choice to make.

    Parameters
    ----------
    pop : PopulationInput
    choice : str, Decimal or None
        From :func:`parse_choice`.
    check : CrossCheck
        The stated totals beside the county rows.
    accepted : set of str
        ``--accept-outlier`` adcodes (``430000`` accepts an implausible P).

    Returns
    -------
    Denominator
    """
    county_sum = sum(pop.table["population_wan"], Decimal(0))
    complete = len(pop.table) == N_UNITS
    stated = pop.totals[0] if pop.totals else None
    values = {t.value_wan for t in pop.totals}
    if choice is None:
        province = check.province
        if complete and (province is None or province.agrees):
            agree = (
                f"；与文件第 {stated.row} 行“{stated.label}”{wan(stated.value_wan)} 在舍入误差内一致"
                if stated
                else ""
            )
            agree_en = (
                f"; agrees within rounding with row {stated.row} '{stated.label}' {wan(stated.value_wan)}"
                if stated
                else ""
            )
            return Denominator(county_sum, SUM, f"各县市区之和{agree}", f"sum of the county rows{agree_en}")
        zh, en = _choices(pop, stated.value_wan if stated else None, county_sum)
        if not complete:
            raise InputError(
                f"--allow-partial 需要同时给出 --province-population（全省常住人口），否则占比的分母无从确定。{zh}",
                f"--allow-partial needs --province-population: without it the share's denominator is unknown. {en}",
            )
        d = province
        raise InputError(
            f"{pop.source}：第 {d.stated.row} 行“{d.stated.label}”= {wan(d.stated.value_wan)} 万人，而 {d.n_counties} 个县市区之和为 "
            f"{wan(d.counties)}（相差 {wan(d.difference)}，{percent(d.difference / d.counties * 100, 2)}），超出舍入误差（±{wan(d.tolerance)}）。{zh}",
            f"{pop.source}: row {d.stated.row} '{d.stated.label}' = {wan(d.stated.value_wan)} 万人 but the {d.n_counties} "
            f"county rows sum to {wan(d.counties)} (difference {wan(d.difference)}, "
            f"{percent(d.difference / d.counties * 100, 2)}), beyond rounding (±{wan(d.tolerance)}). {en[0].upper()}{en[1:]}",
        )
    if choice == FROM_FILE:
        if stated is None:
            raise InputError(
                f"{pop.source}：文件中没有全省/合计行，不能用 --province-population from-file；请用 sum 或给出数值（万人）",
                f"{pop.source}: the file has no province total row, so --province-population from-file cannot be "
                "used; use sum or give a number in 万人",
            )
        if len(values) > 1:
            rows = "、".join(f"第 {t.row} 行 {wan(t.value_wan)}" for t in pop.totals)
            raise InputError(
                f"{pop.source}：文件有多个不同的全省合计（{rows}）；请删去错误的一行，或直接给出数值",
                f"{pop.source}: the file states different province totals "
                f"({', '.join(f'row {t.row}: {wan(t.value_wan)}' for t in pop.totals)}); delete the wrong one or give a number",
            )
        where_zh, where_en = (
            f"文件第 {stated.row} 行“{stated.label}”",
            f"row {stated.row} '{stated.label}' of the file",
        )
        value, source = stated.value_wan, FROM_FILE
    elif choice == SUM:
        return Denominator(
            county_sum,
            SUM,
            f"各县市区之和（--province-population sum，{len(pop.table)} 个单位）",
            f"sum of the county rows (--province-population sum, {len(pop.table)} units)",
        )
    else:
        value, source = choice, GIVEN
        where_zh, where_en = "命令行 --province-population 给出", "given with --province-population"
    note = plausibility.check_province(value, where_zh, where_en, accepted)
    notes = [note] if note else []
    if stated is not None and source == GIVEN and stated.value_wan != value:
        notes.append(
            f"the file's row {stated.row} '{stated.label}' states {stated.value_wan}; not used (P given)"
        )
    return Denominator(value, source, where_zh, where_en, notes)
