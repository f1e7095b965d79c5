"""``chart_monitor_progress``: cumulative 完成率 month by month against the schedule (when the file has several months)."""

from __future__ import annotations

from fractions import Fraction

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from agritargets.figures.kit.chart import chart_axes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page
from agritargets.figures.kit.spec import FigureSpec, unclassified
from agritargets.figures.kit.words import message
from agritargets.figures.monitor.common import (
    AHEAD_COLOR,
    BEHIND_COLOR,
    SCHEDULE_COLOR,
    SECTION,
    MonitorInputs,
    demo_prefix,
    exact,
    monitor_source,
    pct,
    pts,
)

PROVINCE = "430000"
PREFECTURE_LINE = "#b8b8b8"


def applies(inputs: MonitorInputs) -> bool:
    """Drawn only when the result has the province's progress for at least two months.

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    bool
    """
    m = inputs.result.months
    return m is not None and m[m["adcode"] == PROVINCE]["month"].nunique() >= 2


def province_series(inputs: MonitorInputs) -> list[tuple[int, Fraction, Fraction]]:
    """(month, exact cumulative 完成率 %, exact schedule %) for each month the province has.

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    list of tuple
    """
    r = inputs.result
    m = r.months[r.months["adcode"] == PROVINCE].sort_values("month")
    target = exact(r.province.iloc[0]["target_yi"])
    return [
        (int(mo), exact(a) / target * 100, Fraction(int(mo), 12) * 100)
        for mo, a in zip(m["month"], m["actual_yi"], strict=True)
    ]


def prefecture_series(inputs: MonitorInputs) -> dict[str, list[tuple[int, float]]]:
    """Cumulative 完成率 of each prefecture by month (sum of its counties; months where all reported).

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    dict
        prefecture name → [(month, %)].
    """
    r = inputs.result
    c = r.counties[["adcode", "prefecture_adcode"]]
    m = r.months.merge(c, on="adcode")
    size = c.groupby("prefecture_adcode").size()
    targets = r.prefectures.set_index("prefecture_adcode")
    out: dict[str, list[tuple[int, float]]] = {}
    for (code, month), g in m.groupby(["prefecture_adcode", "month"], sort=True):
        if len(g) == size[code]:
            done = sum(exact(v) for v in g["actual_yi"]) / exact(targets.loc[code, "target_yi"]) * 100
            out.setdefault(targets.loc[code, "prefecture"], []).append((int(month), float(done)))
    return out


def words(inputs: MonitorInputs) -> Texts:
    """Words of ``chart_monitor_progress``.

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    Texts
    """
    r = inputs.result
    series = province_series(inputs)
    (m0, d0, s0), (m1, d1, s1) = series[0], series[-1]
    change = "缩小" if abs(d1 - s1) < abs(d0 - s0) else "扩大" if abs(d1 - s1) > abs(d0 - s0) else "保持"
    return message(
        title=(
            f"全省 {m1} 月末累计完成 {pct(d1)}，与序时进度之差从 {m0} 月末的 {pts(d0 - s0)} "
            f"{change}到 {pts(d1 - s1)} 个百分点"
        ),
        subtitle=demo_prefix(inputs, f"{r.period.label_zh}逐月累计完成率（%）与序时进度；细线为各市州"),
        caption=(
            "每月末的累计完成率（1 月至该月实绩之和 ÷ 全年目标）。粗线为全省，细线为 14 个市州，"
            "虚线为序时进度（N 月末为 N/12）；圆点橙色为达到序时进度，紫色为未达到。"
        ),
        source=monitor_source(inputs),
        disclaimer=False,
    )


def draw(inputs: MonitorInputs, texts: Texts, layout: Layout) -> Figure:
    """The province's cumulative completion by month, the prefectures behind it, the schedule line.

    Parameters
    ----------
    inputs : MonitorInputs
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    series = province_series(inputs)
    page = new_page(layout, "chart", texts)
    size = layout.legend_pt
    ax = chart_axes(page, left_pt=size * 3.2, bottom_pt=size * 3.2, top_pt=size * 2.4, right_pt=size * 1.5)
    ax.grid(axis="y", color="#e5e5e5", lw=0.6)
    for points in prefecture_series(inputs).values():
        ax.plot(*zip(*points, strict=True), color=PREFECTURE_LINE, lw=0.8, zorder=2)
    months = [m for m, _, _ in series]
    done = [float(d) for _, d, _ in series]
    ax.plot(months, [float(s) for _, _, s in series], color=SCHEDULE_COLOR, lw=1.0, ls=(0, (4, 2)), zorder=3)
    ax.plot(months, done, color="#333333", lw=2.0, zorder=4)
    colors = [AHEAD_COLOR if d >= s else BEHIND_COLOR for _, d, s in series]
    ax.scatter(months, done, s=(size * 0.9) ** 2, c=colors, edgecolors="white", linewidths=0.6, zorder=5)
    top = max(
        [*done, *(v for line in prefecture_series(inputs).values() for _, v in line), float(series[-1][2])]
    )
    ax.set_xlim(months[0] - 0.4, months[-1] + 0.4)
    ax.set_ylim(0, top * 1.08)
    ax.set_xticks(months, [f"{m}月" for m in months])
    ax.set_ylabel("累计完成率（%）", fontsize=size)
    handles = [
        Line2D([], [], color="#333333", lw=2.0, label="全省"),
        Line2D([], [], color=PREFECTURE_LINE, lw=0.8, label="各市州"),
        Line2D([], [], color=SCHEDULE_COLOR, lw=1.0, ls=(0, (4, 2)), label="序时进度"),
        Line2D([], [], ls="", marker="o", color=AHEAD_COLOR, label="达到"),
        Line2D([], [], ls="", marker="o", color=BEHIND_COLOR, label="未达到"),
    ]
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=5,
        frameon=False,
        fontsize=size,
        borderaxespad=0.2,
    )
    return page.fig


SPEC = FigureSpec("chart_monitor_progress", SECTION, "chart", words, draw, unclassified)
