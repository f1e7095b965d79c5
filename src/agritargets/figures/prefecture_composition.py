"""``chart_prefecture_composition``: how each prefecture's target splits across its counties."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from agritargets.core.formatting import percent, yi
from agritargets.core.names import short_county, short_prefecture
from agritargets.figures.kit import legends
from agritargets.figures.kit.chart import chart_axes, name_width
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page, text_width_pt
from agritargets.figures.kit.placement import text_color_on
from agritargets.figures.kit.spec import FigureSpec, by_share_classes
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import by_target, differing_prefectures


def words(scenario: Scenario, meta: Meta, classes: Classes) -> Texts:
    """Words of ``chart_prefecture_composition``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    classes : Classes

    Returns
    -------
    Texts
    """
    c = scenario.counties
    sizes = c.groupby("prefecture_adcode").size()
    count = f"{sizes.min()}–{sizes.max()}" if sizes.min() != sizes.max() else f"{sizes.min()}"
    # the largest segment relative to its bar (the sum of its prefecture's counties), in cents
    share = c["target_cents"] / c.groupby("prefecture_adcode")["target_cents"].transform("sum") * 100
    top = c.assign(part=share).sort_values(["part", "seq"], ascending=[False, True]).iloc[0]
    return message(
        title=(
            f"各市州由 {count} 个县市区构成；{top.county}占{short_prefecture(top.prefecture)}的 "
            f"{percent(top.part, 0)}，单个县市区占比最高"
        ),
        subtitle="每条为一个市州，按所辖县市区目标从大到小分段；颜色与县级地图同一分级；条末为县市区之和",
        caption=(
            "每个市州的条形按所辖县市区目标分段，颜色与县级地图同一分级（"
            f"{classes.describe()}）。放得下的分段标出县市区名称（窄的分段省去“县”“市”“区”），"
            "条末为所辖县市区目标之和，与市州目标不同处括注市州目标。"
        ),
        source=source_line(meta, boundaries=False),
        disclaimer=False,
    )


def _segment_label(name: str, width_pt: float, size: float) -> str:
    """The county's name if it fits its bar segment, else its short name, else the name without
    县/市/区 (``龙山县`` → ``龙山``: the row names the prefecture), else nothing.

    Examples
    --------
    >>> from agritargets.core.fonts import use_chinese_font
    >>> _ = use_chinese_font()
    >>> _segment_label("龙山县", 400, 7), _segment_label("龙山县", 18, 7), _segment_label("龙山县", 5, 7)
    ('龙山县', '龙山', '')
    """
    bare = name[:-1] if len(name) >= 3 and name[-1] in "县市区" else name
    for candidate, pad in ((name, 4), (short_county(name), 4), (bare, 2)):
        if text_width_pt(candidate, size) + pad <= width_pt:
            return candidate
    return ""


def draw(scenario, classes: Classes, audit: pd.DataFrame, texts: Texts, layout: Layout) -> Figure:
    """Each prefecture's bar split into its counties (shared colours), with its county sum at the end.

    Parameters
    ----------
    scenario : Scenario
    classes : Classes
        The shared county-share classes.
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures` (printed target vs county sum).
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    c = scenario.counties
    order = by_target(scenario.prefectures, largest_first=False)
    names = [short_prefecture(n) for n in order["prefecture"]]
    a = audit.set_index("adcode")
    page = new_page(layout, "chart", texts)
    ax = chart_axes(page, left_pt=name_width(names, layout.legend_pt) + 8, bottom_pt=layout.legend_pt * 3.2)
    differ = set(differing_prefectures(audit)["adcode"])
    ends = []
    for code in order["adcode"]:
        cents = int(c.loc[c["prefecture_adcode"] == code, "target_cents"].sum())
        printed = a.loc[code, "printed_yi"]
        end = yi(cents / 100)
        if code in differ:
            end += f"（市州 {yi(printed)}）"
        ends.append(end)
    end_w = max(text_width_pt(e, layout.label_pt) for e in ends)
    ax_w_pt = ax.get_position().width * page.width * 72
    sums = [c.loc[c["prefecture_adcode"] == code, "target_cents"].sum() / 100 for code in order["adcode"]]
    xmax = max(sums) / (1 - (end_w + 8) / ax_w_pt)
    ax.set_xlim(0, xmax)
    pt_per_unit = ax_w_pt / xmax
    for i, code in enumerate(order["adcode"]):
        part = by_target(c[c["prefecture_adcode"] == code])
        left = 0
        colors = classes.color_of(part["share_pct"])
        for cents, name, color in zip(part["target_cents"], part["county"], colors, strict=True):
            v = cents / 100
            ax.barh(i, v, left=left / 100, color=color, edgecolor="white", linewidth=0.6, height=0.72)
            label = _segment_label(name, v * pt_per_unit, layout.label_pt)
            if label:
                ax.text(
                    left / 100 + v / 2,
                    i,
                    label,
                    ha="center",
                    va="center",
                    fontsize=layout.label_pt,
                    color=text_color_on(color),
                )
            left += cents
        ax.text(left / 100, i, " " + ends[i], va="center", fontsize=layout.label_pt)
    ax.set_yticks(range(len(order)), names)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.set_xlabel("目标（亿元）；每段为一个县市区，标注放得下的县市区名称", fontsize=layout.legend_pt)
    # legend in the empty lower right (the shortest bars are at the bottom)
    pos = ax.get_position()
    w_in = min(3.2 * layout.legend_pt / 7, pos.width * page.width * 0.42)
    h_in = 6.2 * layout.legend_pt * 1.35 / 72
    x_in = (pos.x0 + pos.width) * page.width - w_in
    y_in = pos.y0 * page.height + 0.1
    lax = page.axes(x_in, y_in, w_in, h_in)
    legends.stepped_legend(
        lax,
        classes,
        "颜色：县市区占全省比重（%）",
        layout,
        second=(float(scenario.total) / 100, "对应县市区目标（亿元）"),
    )
    return page.fig


SPEC = FigureSpec(
    "chart_prefecture_composition",
    "市州对比",
    "chart",
    lambda inputs: words(inputs.scenario, inputs.meta, inputs.classes),
    lambda inputs, texts, layout: draw(
        inputs.scenario, inputs.classes, inputs.audit_prefectures, texts, layout
    ),
    by_share_classes,
)
