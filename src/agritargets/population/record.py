"""What a run used, as data (``run.json``, ``Scenario.run``) and as the lines printed after it."""

from __future__ import annotations

from decimal import Decimal

from agritargets import __version__
from agritargets.core.formatting import wan, yi
from agritargets.population.changes import Changes
from agritargets.population.denominator import Denominator
from agritargets.population.reader import PopulationInput
from agritargets.rules.allocation import Allocation

LARGEST_CHANGES = 5


def exact(value: Decimal) -> str:
    """A decimal as plain exact text for data files (no exponent, integers without ``.0``).

    Examples
    --------
    >>> exact(Decimal("6622.0")), exact(Decimal("64.2010")), exact(Decimal("1E+2"))
    ('6622', '64.2010', '100')
    """
    return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")


def build(
    pop: PopulationInput, alloc: Allocation, p: Denominator, changes: Changes, accepted: list[str]
) -> dict:
    """The run record: input file, how it was read, P and its source, total, rounding, largest changes.

    Parameters
    ----------
    pop : PopulationInput
    alloc : Allocation
    p : Denominator
    changes : Changes
    accepted : list of str
        Adcodes accepted with ``--accept-outlier``.

    Returns
    -------
    dict
        JSON-ready; the same inputs always give the same dict.
    """
    return {
        "agritargets": __version__,
        "input": {
            "file": pop.source,
            "sha256": pop.sha256,
            "format": pop.format,
            "sheet": pop.sheet,
            "header_rows": pop.header_rows,
            "column": pop.column,
            "unit": pop.unit,
            "unit_from": pop.unit_source,
            "rows_read": pop.counts["county"],
            "rows_kept_out": {k: v for k, v in pop.counts.items() if k != "county"},
            "stated_total_wan": None if pop.stated_total is None else exact(pop.stated_total),
            "notes": pop.notes + p.notes,
            "names_read_as": pop.names_read_as,
        },
        "total_yi": exact(alloc.total),
        "province_population_wan": exact(alloc.province_population),
        "denominator": p.source,
        "denominator_zh": p.zh,
        "denominator_en": p.en,
        "rounding": alloc.rounding,
        "accepted_outliers": accepted,
        "sum_population_wan": exact(sum(alloc.counties["population_wan"], Decimal(0))),
        "sum_county_targets_yi": format(sum(alloc.counties["target_yi"], Decimal(0)), "f"),
        "sum_prefecture_targets_yi": format(sum(alloc.prefectures["target_yi"], Decimal(0)), "f"),
        "largest_changes": [
            {
                "adcode": r.adcode,
                "name": r.name,
                "published_2023_yi": format(r.published_2023_yi, ".2f"),
                "target_yi": format(r.target_yi, "f"),
                "diff_yi": format(r.diff_yi, ".2f"),
            }
            for r in changes.largest(LARGEST_CHANGES).itertuples()
        ],
    }


def summary(record: dict) -> list[str]:
    """The record as the lines printed after a run (numbers rounded for reading, half-up).

    Parameters
    ----------
    record : dict
        From :func:`build`.

    Returns
    -------
    list of str
    """
    i = record["input"]
    sheet = f"，工作表“{i['sheet']}”" if i["sheet"] else ""
    sheet_en = f", sheet '{i['sheet']}'" if i["sheet"] else ""
    rows = "、".join(str(r) for r in i["header_rows"])
    kept = {k: v for k, v in i["rows_kept_out"].items() if v}
    kept_en = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in kept.items()) or "none"
    lines = [
        f"输入 / input: {i['file']}{sheet}（{i['format']}{sheet_en}）; SHA-256 {i['sha256'][:16]}…",
        f"表头 / header: 第 {rows} 行 / row {rows}; 人口列 / column “{i['column']}”; "
        f"单位 / unit: {i['unit']}（{i['unit_from']}）",
        f"读取 / read: {i['rows_read']} 个县市区行 / county rows; 未计入 / kept out: {kept_en}",
        f"分母 P / denominator: {wan(Decimal(record['province_population_wan']))} 万人 — {record['denominator_zh']} / {record['denominator_en']}",
        f"全省目标 / total: {yi(Decimal(record['total_yi']))} 亿元; 取整 / rounding: {record['rounding']}; "
        f"县目标合计 / county targets sum: {yi(Decimal(record['sum_county_targets_yi']))}",
    ]
    variants = i["names_read_as"]
    if variants:  # names read through a footnote marker, a number, a remark or a prefecture in front
        shown = "; ".join(f"name '{v['written']}' read as {v['name']} {v['adcode']}" for v in variants[:3])
        more = "; …" if len(variants) > 3 else ""
        lines.append(f"名称按变体读取 / names read from variants ({len(variants)}): {shown}{more}")
    if record["accepted_outliers"]:
        lines.append(f"接受的异常值 / accepted outliers: {', '.join(record['accepted_outliers'])}")
    lines.append("与 2023 年印发目标相比变化最大 / largest changes against 2023 (亿元):")
    for c in record["largest_changes"]:
        lines.append(
            f"  {c['name']} {c['adcode']}: {yi(Decimal(c['published_2023_yi']))} → {yi(Decimal(c['target_yi']))}"
            f"（{yi(Decimal(c['diff_yi']), signed=True)}）"
        )
    return lines
