"""``chart_monitor_prefectures``: the 14 prefectures ranked by 完成率, against the schedule line."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from agritargets.core.names import short_prefecture
from agritargets.figures.kit.chart import chart_axes, name_width
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page, text_width_pt
from agritargets.figures.kit.spec import FigureSpec, unclassified
from agritargets.figures.kit.words import message
from agritargets.figures.monitor.common import (
    AHEAD_COLOR,
    BEHIND_COLOR,
    SCHEDULE_COLOR,
    SECTION,
    MonitorInputs,
    completion,
    demo_prefix,
    monitor_source,
    pct,
    pts,
    schedule,
    targets_label,
)
from agritargets.monitor.columns import MonitorResult

PROVINCE_COLOR = "#555555"


def ranked(inputs: MonitorInputs) -> pd.DataFrame:
    """The prefectures by exact 完成率, highest first (ties by code), with the exact values.

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    DataFrame
        The prefecture table plus ``done`` and ``gap`` (Fractions).
    """
    p = inputs.result.prefectures.copy()
    s = schedule(inputs.result)
    p["done"] = [completion(row) for _, row in p.iterrows()]
    p["gap"] = [d - s for d in p["done"]]
    order = sorted(range(len(p)), key=lambda i: (-p["done"].iloc[i], p["prefecture_adcode"].iloc[i]))
    return p.iloc[order].reset_index(drop=True)


def words(inputs: MonitorInputs) -> Texts:
    """Words of ``chart_monitor_prefectures``.

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    Texts
    """
    r = inputs.result
    p = ranked(inputs)
    top, low = p.iloc[0], p.iloc[-1]
    ahead = int((p["status"] == "ahead").sum())
    s = schedule(r)
    return message(
        title=(
            f"{len(p)} 个市州中 {ahead} 个达到序时进度；{short_prefecture(top.prefecture)}完成率最高（{pct(top.done)}），"
            f"{short_prefecture(low.prefecture)}最低（{pct(low.done)}）"
        ),
        subtitle=demo_prefix(
            inputs, f"{r.period.label_zh}各市州完成率（实绩 ÷ 市州全年目标）由高到低；竖线为序时进度 {pct(s)}"
        ),
        caption=(
            f"{len(p)} 个市州{r.period.label_zh}完成率由高到低排列，括注与序时进度之差（个百分点）；"
            f"橙色达到序时进度，紫色未达到；实线为序时进度 {pct(s)}，虚线为全省完成率。"
            f"市州目标为各市州自身的目标（{targets_label(inputs)}），实绩为所辖县市区之和。"
        ),
        source=monitor_source(inputs),
        disclaimer=False,
    )


def draw(inputs: MonitorInputs, texts: Texts, layout: Layout) -> Figure:
    """Bars of 完成率, coloured by status, the schedule and the province as lines.

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
    p = ranked(inputs).iloc[::-1].reset_index(drop=True)  # highest at the top
    s = float(schedule(r))
    prov = float(completion(r.province.iloc[0]))
    names = [short_prefecture(n) for n in p["prefecture"]]
    values = [f"{pct(d)}（{pts(g)}）" for d, g in zip(p["done"], p["gap"], strict=True)]
    label_w = max(text_width_pt(v, layout.label_pt) for v in values)
    page = new_page(layout, "chart", texts)
    size = layout.legend_pt
    ax = chart_axes(
        page,
        left_pt=name_width(names, size) + 8,
        bottom_pt=size * 3.2,
        top_pt=size * 2.4,
        right_pt=label_w + 8,
    )
    y = np.arange(len(p))
    colors = [AHEAD_COLOR if st == "ahead" else BEHIND_COLOR for st in p["status"]]
    done = [float(d) for d in p["done"]]
    ax.barh(y, done, color=colors, height=0.7, zorder=2)
    ax.set_yticks(y, names)
    ax.tick_params(axis="y", length=0)
    column = blended_transform_factory(ax.transAxes, ax.transData)
    for yy, text in zip(y, values, strict=True):  # a column right of the plot: no line crosses it
        ax.text(1.0, yy, " " + text, va="center", ha="left", fontsize=layout.label_pt, transform=column)
    ax.axvline(s, color=SCHEDULE_COLOR, lw=1.2, zorder=3)
    ax.axvline(prov, color=PROVINCE_COLOR, lw=1.0, ls=(0, (3, 2)), zorder=3)
    ax.set_xlim(0, max(max(done), s, prov) * 1.03)
    ax.set_ylim(-0.6, len(p) - 0.4)
    ax.set_xlabel(f"完成率（%），{r.period.label_zh}；右列括注为与序时进度之差（个百分点）", fontsize=size)
    _legend(ax, r, size)
    return page.fig


def _legend(ax: Axes, r: MonitorResult, size: float) -> None:
    """Status colours and the two lines, in one row above the plot."""
    handles = [
        Patch(facecolor=AHEAD_COLOR, label="达到序时进度"),
        Patch(facecolor=BEHIND_COLOR, label="未达到序时进度"),
        Line2D([], [], color=SCHEDULE_COLOR, lw=1.2, label=f"序时进度 {pct(schedule(r))}"),
        Line2D(
            [],
            [],
            color=PROVINCE_COLOR,
            lw=1.0,
            ls=(0, (3, 2)),
            label=f"全省 {pct(completion(r.province.iloc[0]))}",
        ),
    ]
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=4,
        frameon=False,
        fontsize=size,
        borderaxespad=0.2,
        handlelength=1.6,
        columnspacing=1.2,
    )


SPEC = FigureSpec(
    "chart_monitor_prefectures",
    SECTION,
    "chart",
    words,
    draw,
    unclassified,
)
