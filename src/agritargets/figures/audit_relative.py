"""``chart_audit_relative``: the same differences relative to each target."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from agritargets.core.formatting import fixed, percent
from agritargets.figures.kit.chart import chart_axes
from agritargets.figures.kit.classify import residual_classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page
from agritargets.figures.kit.placement import Label, place_labels
from agritargets.figures.kit.spec import FigureSpec, unclassified
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
    ax = chart_axes(page, left_pt=layout.legend_pt * 5.6, bottom_pt=layout.legend_pt * 3.2, right_pt=8)
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
    handles = [Rectangle((0, 0), 1, 1, facecolor="#e3e3e3", label="±0.02 亿元舍入范围（÷ 目标）")]
    leg = ax.legend(
        handles=handles, loc="upper right", fontsize=layout.legend_pt, frameon=False, borderaxespad=0.3
    )
    renderer = page.fig.canvas.get_renderer()
    place_labels(
        ax,
        labels,
        layout.label_pt,
        obstacles=[leg.get_window_extent(renderer)],
        avoid=np.column_stack([x, rel]),
        max_rings=12,
    )
    return page.fig


SPEC = FigureSpec(
    "chart_audit_relative",
    "复核证据",
    "chart",
    lambda inputs: words(inputs.scenario, inputs.meta),
    lambda inputs, texts, layout: draw(inputs.scenario, texts, layout),
    unclassified,
)
