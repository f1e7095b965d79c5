"""``chart_prefecture_ranked``: the prefectures ranked by target."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from agritargets.core.formatting import fixed, percent, yi
from agritargets.core.names import short_prefecture
from agritargets.figures.kit import style
from agritargets.figures.kit.chart import chart_axes, name_width
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page, text_width_pt
from agritargets.figures.kit.spec import FigureSpec, unclassified
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message, what_targets
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import by_target


def words(scenario: Scenario, meta: Meta) -> Texts:
    """Words of ``chart_prefecture_ranked``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta

    Returns
    -------
    Texts
    """
    p = by_target(scenario.prefectures)
    top, low = p.iloc[0], p.iloc[-1]
    ratio = top.target_cents / low.target_cents
    return message(
        title=f"{short_prefecture(top.prefecture)}目标占全省 {percent(top.share_pct)}，是{short_prefecture(low.prefecture)}的 {fixed(ratio, 1)} 倍",
        subtitle=f"各市州{what_targets(scenario)}（亿元）由高到低；括号内为占全省比重",
        caption="14 个市州目标（亿元）由高到低排列，括注占全省比重（绿色：市州总量，与市州地图一致）。",
        source=source_line(meta, attachments="附件2", boundaries=False),
        disclaimer=False,
    )


def draw(scenario, texts: Texts, layout: Layout) -> Figure:
    """The 14 prefecture targets as bars, largest first, with value and share.

    Parameters
    ----------
    scenario : Scenario
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    p = by_target(scenario.prefectures, largest_first=False)
    names = [short_prefecture(n) for n in p["prefecture"]]
    page = new_page(layout, "chart", texts)
    ax = chart_axes(page, left_pt=name_width(names, layout.legend_pt) + 8, bottom_pt=layout.legend_pt * 3.2)
    y = np.arange(len(p))
    ax.barh(y, p["target_yi"], color=style.PREFECTURE_COLOR, height=0.7)
    ax.set_yticks(y, names)
    ax.tick_params(axis="y", length=0)
    label_w = 0.0
    for yy, v, share in zip(y, p["target_yi"], p["share_pct"], strict=True):
        text = f"{yi(v)}（{percent(share)}）"
        label_w = max(label_w, text_width_pt(text, layout.label_pt))
        ax.text(v, yy, " " + text, va="center", fontsize=layout.label_pt)
    ax_w_pt = ax.get_position().width * page.width * 72
    vmax = float(p["target_yi"].max())
    ax.set_xlim(0, vmax / (1 - (label_w + 10) / ax_w_pt))
    ax.set_ylim(-0.6, len(p) - 0.4)
    ax.set_xlabel("目标（亿元）", fontsize=layout.legend_pt)
    return page.fig


SPEC = FigureSpec(
    "chart_prefecture_ranked",
    "市州对比",
    "chart",
    lambda inputs: words(inputs.scenario, inputs.meta),
    lambda inputs, texts, layout: draw(inputs.scenario, texts, layout),
    unclassified,
)
