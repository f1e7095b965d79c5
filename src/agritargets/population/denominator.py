"""The denominator P: never chosen silently.

``--province-population`` is ``from-file`` (the file's own 全省/合计 row),
``sum`` (the sum of the county rows) or a number in 万人. Without it, P is the
county sum only when nothing contradicts that: a complete file whose stated
province total (if any) agrees with its counties. Otherwise the run is refused
with what each choice would mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from agritargets.core.divisions import N_UNITS
from agritargets.core.errors import InputError
from agritargets.core.formatting import percent, wan
from agritargets.population import plausibility
from agritargets.population.crosscheck import CrossCheck, Difference
from agritargets.population.numeric import parse_argument
from agritargets.population.reader import PopulationInput, Stated

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
    >>> parse_choice("from_file"), parse_choice("6622万 人")
    ('from-file', Decimal('6622'))
    """
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if text.lower().replace("_", "-") in CHOICES:  # from_file as a Python name would be written
        return text.lower().replace("_", "-")
    text = re.sub(r"\s+(?=[万人])", "", text)  # 6622万 人
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


def _plain(value: Decimal) -> str:
    """A number as it can be typed after ``--province-population``: no separators, no exponent.

    Examples
    --------
    >>> _plain(Decimal("6644.4864")), _plain(Decimal("6.6444864E+3")), _plain(Decimal("6572"))
    ('6644.4864', '6644.4864', '6572')
    """
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def _distinct(pop: PopulationInput) -> list[Stated]:
    """The file's total rows, one per different value (the first row stating it)."""
    first: dict[Decimal, Stated] = {}
    for t in pop.totals:
        first.setdefault(t.value_wan, t)
    return list(first.values())


def _workable(value: Decimal, county_sum: Decimal, accepted: set[str]) -> bool:
    """True when P = ``value`` would be accepted: plausible for Hunan and not below the listed counties."""
    try:
        plausibility.check_province(value, "", "", accepted)
    except InputError:
        return False
    return value >= county_sum


def _listing(pop: PopulationInput) -> tuple[str, str]:
    """Every total row with its value: ``第 125 行“合计”= 6,535.6793、第 126 行“全省”= 6,644.4864``."""
    return (
        "、".join(f"第 {t.row} 行“{t.label}”= {wan(t.value_wan)}" for t in pop.totals),
        ", ".join(f"row {t.row} '{t.label}' = {wan(t.value_wan)}" for t in pop.totals),
    )


def _stated_choices(
    pop: PopulationInput, county_sum: Decimal, accepted: set[str]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What the file's total rows offer as P, as (reasons, options) of (zh, en) pairs.

    One value: ``from-file``. Several: from-file is not offered (reason), a number per row is.
    A value that would be refused as P (implausible, below the counties) is a reason, not an option.
    """
    distinct = _distinct(pop)
    reasons, options = [], []
    if len(distinct) > 1:
        rows_zh, rows_en = _listing(pop)
        reasons.append(
            (
                f"文件有 {len(distinct)} 个不同的全省合计（{rows_zh}），from-file 无法确定用哪一个，故不可用",
                f"from-file cannot be used: the file states {len(distinct)} different province totals ({rows_en})",
            )
        )
    for t in distinct:
        if not _workable(t.value_wan, county_sum, accepted):
            reasons.append(
                (
                    f"第 {t.row} 行“{t.label}”的 {wan(t.value_wan)} 对湖南不合理或小于所列县市区之和，不能作分母",
                    f"row {t.row} '{t.label}' ({wan(t.value_wan)}) cannot be P: implausible for Hunan or below "
                    "the listed units' sum",
                )
            )
        elif len(distinct) == 1:
            options.append(
                (
                    f"from-file = 用文件第 {t.row} 行“{t.label}”的全省数 {wan(t.value_wan)}（差额通常是功能区、管理区等未单列为县的人口，"
                    "或缺少的单位；各县目标之和将小于全省目标）",
                    f"from-file = the file's province figure {wan(t.value_wan)} (row {t.row} '{t.label}'; the "
                    "difference is usually population of functional zones not listed as counties, or missing "
                    "units; county targets then add up to less than the total)",
                )
            )
        elif t.value_wan != county_sum:  # equal to the sum: the sum option says it
            options.append(
                (
                    f"--province-population {_plain(t.value_wan)} = 用第 {t.row} 行“{t.label}”的数值",
                    f"--province-population {_plain(t.value_wan)} = the figure of row {t.row} '{t.label}'",
                )
            )
    return reasons, options


def _joined(pairs: list[tuple[str, str]]) -> tuple[str, str]:
    """(zh, en) pairs as two texts, each item ending in ``；`` / ``; ``."""
    return "".join(f"{zh}；" for zh, _ in pairs), "".join(f"{en}; " for _, en in pairs)


def _choices(pop: PopulationInput, county_sum: Decimal, accepted: set[str]) -> tuple[str, str]:
    reasons, options = _stated_choices(pop, county_sum, accepted)
    file_zh, file_en = _joined(reasons + options)
    return (
        f"请用 --province-population 选择分母 P：{file_zh}sum = 用所列 {len(pop.table)} 个县市区之和 {wan(county_sum)}"
        "（全省目标全部分给所列单位）；或给出数值（万人），如统计公报的年末常住人口",
        f"choose the denominator P with --province-population: {file_en}sum = the sum of the {len(pop.table)} "
        f"listed units, {wan(county_sum)} (the whole total goes to them); or a number in 万人, e.g. the "
        "year-end resident population from the statistical bulletin",
    )


def _disagreement(pop: PopulationInput, d: Difference) -> tuple[str, str]:
    """The refusal's first sentence: the total row(s) beside the counties' sum."""
    pct, diff, tol = percent(d.difference / d.counties * 100, 2), wan(d.difference), wan(d.tolerance)
    if len(_distinct(pop)) > 1:
        rows_zh, rows_en = _listing(pop)
        return (
            f"{pop.source}：文件有多个不同的全省合计：{rows_zh}（万人），而 {d.n_counties} 个县市区之和为 {wan(d.counties)}；"
            f"第 {d.stated.row} 行与之相差 {diff}（{pct}），超出舍入误差（±{tol}）。",
            f"{pop.source}: the file states different province totals: {rows_en} (万人), and the "
            f"{d.n_counties} county rows sum to {wan(d.counties)}; row {d.stated.row} differs by {diff} ({pct}), "
            f"beyond rounding (±{tol}). ",
        )
    return (
        f"{pop.source}：第 {d.stated.row} 行“{d.stated.label}”= {wan(d.stated.value_wan)} 万人，而 {d.n_counties} 个县市区之和为 "
        f"{wan(d.counties)}（相差 {diff}，{pct}），超出舍入误差（±{tol}）。",
        f"{pop.source}: row {d.stated.row} '{d.stated.label}' = {wan(d.stated.value_wan)} 万人 but the {d.n_counties} "
        f"county rows sum to {wan(d.counties)} (difference {diff}, {pct}), beyond rounding (±{tol}). ",
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
        zh, en = _choices(pop, county_sum, accepted)
        if not complete:
            raise InputError(
                f"--allow-partial 需要同时给出 --province-population（全省常住人口），否则占比的分母无从确定。{zh}",
                f"--allow-partial needs --province-population: without it the share's denominator is unknown. {en}",
            )
        head_zh, head_en = _disagreement(pop, province)
        raise InputError(head_zh + zh, f"{head_en}{en[0].upper()}{en[1:]}")
    if choice == FROM_FILE:
        if stated is None:
            raise InputError(
                f"{pop.source}：文件中没有全省/合计行，不能用 --province-population from-file；请用 sum 或给出数值（万人）",
                f"{pop.source}: the file has no province total row, so --province-population from-file cannot be "
                "used; use sum or give a number in 万人",
            )
        if len(values) > 1:
            reasons, options = _stated_choices(pop, county_sum, accepted)
            why_zh, why_en = _joined(reasons)
            use_zh, use_en = _joined(options)
            raise InputError(
                f"{pop.source}：{why_zh}请删去错误的一行，或改用：{use_zh}sum = 用所列县市区之和 {wan(county_sum)}",
                f"{pop.source}: {why_en}delete the wrong row, or use: {use_en}sum = the sum of the listed units, "
                f"{wan(county_sum)}",
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
