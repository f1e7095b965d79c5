"""``chart_monitor_per_capita``: sales per resident so far beside the equal per-capita target — where the population rule meets reality."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from agritargets.core.formatting import fixed
from agritargets.core.names import short_prefecture
from agritargets.figures.kit import style
from agritargets.figures.kit.chart import chart_axes, name_width
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page, text_width_pt
from agritargets.figures.kit.spec import FigureSpec, unclassified
from agritargets.figures.kit.words import message
from agritargets.figures.monitor.common import (
    SCHEDULE_COLOR,
    SECTION,
    MonitorInputs,
    as_decimal,
    demo_prefix,
    exact,
    monitor_source,
)

YUAN_PER_YI_PER_WAN = 10**4  # 亿元 ÷ 万人 → 元 per resident
ANNUAL_COLOR = "#555555"


def per_capita(row: pd.Series, column: str = "actual_yi") -> Fraction | None:
    """元 per resident of an amount in 亿元, exactly (None without population or amount).

    Parameters
    ----------
    row : Series
        With ``column`` and ``population_wan``.
    column : str

    Returns
    -------
    Fraction or None
    """
    if pd.isna(row[column]) or pd.isna(row["population_wan"]) or row["population_wan"] == 0:
        return None
    return exact(row[column]) / exact(row["population_wan"]) * YUAN_PER_YI_PER_WAN


def yuan(value: Fraction) -> str:
    """Whole 元, grouped: ``yuan(Fraction(6041, 10)) == '604'``."""
    return fixed(as_decimal(value), 0, grouping=True)


def _table(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["pc"] = [per_capita(r) for _, r in out.iterrows()]
    return out[out["pc"].notna()]


def words(inputs: MonitorInputs) -> Texts:
    """Words of ``chart_monitor_per_capita``.

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    Texts
    """
    r = inputs.result
    p = r.province.iloc[0]
    now, annual = per_capita(p), per_capita(p, "target_yi")
    due = annual * r.period.fraction
    c = _table(r.counties)
    per_target = [per_capita(row, "target_yi") for _, row in c.iterrows()]
    t_lo, t_hi = min(per_target), max(per_target)
    hi = c.loc[max(c.index, key=lambda i: (c.at[i, "pc"], -int(c.at[i, "adcode"])))]
    lo = c.loc[min(c.index, key=lambda i: (c.at[i, "pc"], int(c.at[i, "adcode"])))]
    return message(
        title=(
            f"全省人均已销售 {yuan(now)} 元，按序时进度应为 {yuan(due)} 元；"
            f"县市区人均最高{hi.county} {yuan(hi.pc)} 元，是最低{lo.county}的 {fixed(as_decimal(hi.pc / lo.pc), 1)} 倍"
        ),
        subtitle=demo_prefix(
            inputs,
            f"{r.period.label_zh}每名常住居民的农产品网络零售额（元）；条为市州，点为县市区；全年人均目标 {yuan(annual)} 元",
        ),
        caption=(
            f"实绩 ÷ 常住人口（七普，县市区之和；功能区单列人口不计），元/人。全年目标折合全省每人约 {yuan(annual)} 元，"
            f"实线为按序时进度应达到的人均 {yuan(due)} 元。按七普人口折算，各县市区的人均目标在 {yuan(t_lo)}–{yuan(t_hi)} 元之间："
            "目标按分配所用的人口算，功能区人口计入了目标的城区折合每人偏高。人均实绩的差异主要反映各地农产品电商的基础，也受人口口径影响。"
        ),
        source=monitor_source(inputs, population=True),
        disclaimer=False,
    )


def draw(inputs: MonitorInputs, texts: Texts, layout: Layout) -> Figure:
    """Prefecture bars and county dots of sales per resident, the schedule's and the year's per-capita lines.

    Parameters
    ----------
    inputs : MonitorInputs
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    r = inputs.result
    p = _table(r.prefectures)
    p = p.iloc[sorted(range(len(p)), key=lambda i: (p["pc"].iloc[i], p["prefecture_adcode"].iloc[i]))]
    prov = r.province.iloc[0]
    annual_x = per_capita(prov, "target_yi")
    due_x = annual_x * r.period.fraction
    annual, due = float(annual_x), float(due_x)
    c = _table(r.counties)
    names = [short_prefecture(n) for n in p["prefecture"]]
    values = [f"{yuan(v)} 元" for v in p["pc"]]
    page = new_page(layout, "chart", texts)
    size = layout.legend_pt
    label_w = max(text_width_pt(v, layout.label_pt) for v in values)
    ax = chart_axes(
        page,
        left_pt=name_width(names, size) + 8,
        bottom_pt=size * 3.2,
        top_pt=size * 2.4,
        right_pt=label_w + 8,
    )
    y = np.arange(len(p))
    ax.barh(y, [float(v) for v in p["pc"]], color=style.PREFECTURE_COLOR, height=0.7, alpha=0.55, zorder=2)
    _county_dots(ax, c, dict(zip(p["prefecture_adcode"], y, strict=True)), size)
    ax.axvline(due, color=SCHEDULE_COLOR, lw=1.2, zorder=3)
    ax.axvline(annual, color=ANNUAL_COLOR, lw=1.0, ls=(0, (3, 2)), zorder=3)
    ax.set_yticks(y, names)
    ax.tick_params(axis="y", length=0)
    column = ax.get_yaxis_transform()
    for yy, text in zip(y, values, strict=True):
        ax.text(1.0, yy, " " + text, va="center", ha="left", fontsize=layout.label_pt, transform=column)
    xmax = max(float(c["pc"].max()), annual)
    ax.set_xlim(0, xmax * 1.04)
    ax.set_ylim(-0.6, len(p) - 0.4)
    ax.set_xlabel(f"人均农产品网络零售额（元/人），{r.period.label_zh}；右列为市州人均", fontsize=size)
    _legend(ax, due_x, annual_x, size)
    return page.fig


def _county_dots(ax: Axes, c: pd.DataFrame, row: dict, size: float) -> None:
    """Each county's sales per resident as a dot on its prefecture's row, spread a little."""
    cy = np.array([row[a] for a in c["prefecture_adcode"]], dtype=float)
    jitter = (np.arange(len(c)) % 5 - 2) * 0.09  # deterministic spread so equal values stay visible
    ax.scatter(
        [float(v) for v in c["pc"]],
        cy + jitter,
        s=(size * 0.5) ** 2,
        color=style.COUNTY_COLOR,
        edgecolors="white",
        linewidths=0.3,
        zorder=4,
    )


def _legend(ax: Axes, due_x: Fraction, annual_x: Fraction, size: float) -> None:
    """Bars, dots and the two per-capita lines, in one row above the plot."""
    handles = [
        Patch(facecolor=style.PREFECTURE_COLOR, alpha=0.55, label="市州"),
        Line2D([], [], ls="", marker="o", color=style.COUNTY_COLOR, label="县市区"),
        Line2D([], [], color=SCHEDULE_COLOR, lw=1.2, label=f"序时应达 {yuan(due_x)} 元"),
        Line2D([], [], color=ANNUAL_COLOR, lw=1.0, ls=(0, (3, 2)), label=f"全年目标 {yuan(annual_x)} 元"),
    ]
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=4,
        frameon=False,
        fontsize=size,
        borderaxespad=0.2,
    )


SPEC = FigureSpec("chart_monitor_per_capita", SECTION, "chart", words, draw, unclassified)
