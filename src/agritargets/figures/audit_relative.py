"""``chart_audit_relative``: the same differences relative to each target."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from agritargets.core.formatting import fixed, percent
from agritargets.figures.kit.chart import chart_axes
from agritargets.figures.kit.classify import residual_classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page
from agritargets.figures.kit.placement import Label, place_labels
from agritargets.figures.kit.spec import FigureSpec, by_residual_classes
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import AGREE_YI


def words(scenario: Scenario, meta: Meta) -> Texts:
    """Words of ``chart_audit_relative``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta

    Returns
    -------
    Texts
    """
    c = scenario.counties
    rel = c["residual_yi"] / c["compare_yi"] * 100
    k = rel.abs().idxmax()
    over = int((rel.abs() > 10).sum())
    if scenario.is_published:
        title = f"按目标规模衡量，{c.loc[k, 'county']}偏离最大（{percent(rel[k], 0, signed=True)}），{over} 个县市区偏离超过 10%"
        subtitle = (
            "横轴：复算目标（亿元，对数刻度）；纵轴：（印发 − 复算）÷ 复算；灰色喇叭口为 ±0.02 亿元舍入范围"
        )
    else:
        title = f"按目标规模衡量，{c.loc[k, 'county']}变化最大（{percent(rel[k], 0, signed=True)}），{over} 个县市区变化超过 10%"
        subtitle = (
            "横轴：2023 年印发目标（亿元，对数刻度）；纵轴：（新 − 2023）÷ 2023；灰色喇叭口为 ±0.02 亿元"
        )
    return message(
        title=title,
        subtitle=subtitle,
        caption=(
            "相对差：差额除以比较值，大县和小县可以放在一起比较。同样 0.01 亿元的舍入，在小县是更大的百分比，"
            "所以 ±0.02 亿元的舍入范围在左侧张开成喇叭口；落在喇叭口外的点才是舍入解释不了的差异。"
            "点的颜色是差额（亿元）的分级，与县级差值图、差值地图相同：橙色为"
            + ("印发高于复算" if scenario.is_published else "新目标较高")
            + "，紫色为"
            + ("低于复算" if scenario.is_published else "较低")
            + "，灰色为相差不超过 0.02 亿元。"
        ),
        source=source_line(meta, attachments="附件3", boundaries=False, population=scenario.population_label),
        disclaimer=False,
    )


def _percent_tick(v: float, _pos: int) -> str:
    return percent(v, 0, signed=True) if v else "0"


def draw(scenario, texts: Texts, layout: Layout) -> Figure:
    """Relative differences against target size, with the rounding funnel (±0.02 亿元 ÷ target).

    Parameters
    ----------
    scenario : Scenario
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    c = scenario.counties.dropna(subset=["residual_yi", "compare_yi"])
    c = c[c["compare_yi"] > 0]
    x = c["compare_yi"].to_numpy()
    rel = c["residual_yi"].to_numpy() / x * 100
    classes = residual_classes(c["residual_yi"])
    page = new_page(layout, "chart", texts)
    ax = chart_axes(page, left_pt=layout.legend_pt * 5.6, bottom_pt=layout.legend_pt * 8.2, right_pt=8)
    style_grid = "#e5e5e5"
    ax.grid(axis="both", color=style_grid, lw=0.6)
    ax.set_xscale("log")
    x0, x1 = x.min() / 1.25, x.max() * 1.25
    xx = np.geomspace(x0, x1, 200)
    band = AGREE_YI / xx * 100
    ax.fill_between(xx, -band, band, color="#e3e3e3", lw=0, zorder=0)
    ax.axhline(0, color="#999999", lw=0.6, zorder=1)
    size = (layout.legend_pt * 0.75) ** 2
    ax.scatter(
        x,
        rel,
        s=size,
        c=classes.color_of(c["residual_yi"]),
        edgecolor="#555555",
        linewidth=0.4,
        zorder=5,
    )
    ax.set_xlim(x0, x1)
    span = max(abs(rel.min()), abs(rel.max()))
    ax.set_ylim(min(rel.min() * 1.15, -0.2 * span), rel.max() * 1.12)
    ticks = [t for t in (0.2, 0.5, 1, 2, 5, 10) if x0 <= t <= x1]
    ax.set_xticks(ticks, [fixed(t, 1 if t < 1 else 0) for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_major_formatter(FuncFormatter(_percent_tick))
    comp = "复算目标" if scenario.is_published else "2023 年印发目标"
    ax.set_xlabel(f"{comp}（亿元，对数刻度）", fontsize=layout.legend_pt)
    verb = "（印发 − 复算）÷ 复算" if scenario.is_published else "（新 − 2023）÷ 2023"
    ax.set_ylabel(verb, fontsize=layout.legend_pt)
    outside = np.abs(c["residual_yi"].to_numpy()) > AGREE_YI
    order = np.argsort(-np.abs(rel), kind="stable")
    labels = [
        Label(
            c["adcode"].iloc[i],
            f"{c['county'].iloc[i]} {percent(rel[i], 0, signed=True)}",
            (x[i], rel[i]),
            None,
        )
        for i in order
        if outside[i] and abs(rel[i]) >= 5
    ][:18]
    _legend_below(page, ax, classes, layout)
    place_labels(ax, labels, layout.label_pt, avoid=np.column_stack([x, rel]), max_rings=12)
    return page.fig


def _legend_below(page, ax, classes, layout: Layout) -> None:
    """The colour classes (差额，亿元) and the funnel, in two rows under the axis title."""
    handles = [
        Line2D(
            [], [], ls="", marker="o", ms=layout.legend_pt * 0.75, mfc=col, mec="#555555", mew=0.4, label=lab
        )
        for col, lab in zip(classes.colors, classes.labels, strict=True)
    ]
    handles.append(Rectangle((0, 0), 1, 1, facecolor="#e3e3e3", label="±0.02 亿元舍入范围（÷ 目标）"))
    renderer = page.fig.canvas.get_renderer()
    below = ax.xaxis.get_tightbbox(renderer).y0 / page.fig.dpi / page.height
    page.fig.legend(
        handles=handles,
        title="颜色：差额（亿元）",
        title_fontproperties={"size": layout.legend_pt, "weight": "bold"},
        alignment="left",
        loc="upper left",
        bbox_to_anchor=(ax.get_position().x0, below - 0.01),
        ncol=(len(handles) + 1) // 2,
        fontsize=layout.legend_pt,
        frameon=False,
        borderpad=0,
        borderaxespad=0,
        handletextpad=0.3,
        columnspacing=0.9,
    )


SPEC = FigureSpec(
    "chart_audit_relative",
    "复核证据",
    "chart",
    lambda inputs: words(inputs.scenario, inputs.meta),
    lambda inputs, texts, layout: draw(inputs.scenario, texts, layout),
    by_residual_classes,
)
