"""``map_county_symbols``: proportional circles, area = county target."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from agritargets.core.formatting import percent, yi
from agritargets.figures.kit import cartography, legends, style
from agritargets.figures.kit.cartography import HONGJIANG_NOTE
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, text_width_pt
from agritargets.figures.kit.province import (
    context_and_outline,
    furniture,
    hongjiang_marker,
    lines_in,
    neighbour_names,
    prefecture_names,
    province_frame,
    shown_extent,
    urban_insets,
)
from agritargets.figures.kit.spec import FigureSpec, Inputs
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message, what_targets
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import by_target

REFERENCE_CIRCLES = (1, 3, 6, 9)  # 亿元


def words(scenario: Scenario, meta: Meta) -> Texts:
    """Words of ``map_county_symbols``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta

    Returns
    -------
    Texts
    """
    top = by_target(scenario.counties).head(10)
    total = top["target_cents"].sum() / 100
    share = total / float(scenario.total) * 100
    return message(
        title=f"目标最高的 10 个县市区合计 {yi(total)} 亿元，占全省 {percent(share)}",
        subtitle=f"各县市区{what_targets(scenario)}（亿元），圆面积与目标成正比；目标按常住人口分配，也近似反映人口分布",
        caption=(
            "圆面积与县市区目标（亿元）成正比，图例给出 1、3、6、9 亿元参考圆；放大图中每个圆都标注名称与目标。"
            f"{HONGJIANG_NOTE.replace(chr(10), '')}。"
        ),
        source=source_line(meta, attachments="附件3"),
        disclaimer=True,
    )


def _circles_width(layout: Layout, diameter: Callable[[float], float]) -> float:
    """Inches the reference-circle row needs."""
    labels = sum(text_width_pt(f"{v} 亿元", layout.legend_pt) for v in REFERENCE_CIRCLES)
    return (
        labels + sum(max(diameter(v), layout.legend_pt) for v in REFERENCE_CIRCLES) + 4 * layout.legend_pt
    ) / 72


def symbol_scale(layout: Layout, map_width_in: float) -> Callable[[float], float]:
    """Amount (亿元) → circle diameter in points, area proportional to the amount.

    9 亿元 is drawn 5 % of the map's width across, on every layout.

    Parameters
    ----------
    layout : Layout
    map_width_in : float

    Returns
    -------
    callable
    """
    d9 = 0.05 * map_width_in * 72

    def diameter(v: float) -> float:
        return float(d9 * np.sqrt(max(float(v), 0.0) / 9))

    return diameter


def draw(scenario: Scenario, layers: cartography.Layers, texts: Texts, layout: Layout) -> Figure:
    """County targets as circles (area ∝ 亿元) on a grey base; every circle in an inset labelled.

    Parameters
    ----------
    scenario : Scenario
    layers : Layers
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    t = scenario.counties.set_index("adcode")["target_yi"]
    frame = province_frame(layout, texts, layers)
    map_w_in = frame.ax.get_position().width * frame.page.width
    diameter = symbol_scale(layout, map_w_in)
    counties = layers.counties.assign(v=layers.counties["adcode"].map(t)).sort_values("v", ascending=False)

    def draw(ax: Axes, bounds=None) -> None:
        shown, prefs = layers.counties, layers.prefectures
        if bounds is not None:
            shown, prefs = cartography.clip(shown, bounds), cartography.clip(prefs, bounds)
        cartography.fill(ax, shown.geometry, style.CONTEXT, edgecolor="#c4c4c4", linewidth=0.3, zorder=3)
        cartography.outline(ax, prefs.geometry, "#777777", 0.6)
        sel = counties
        if bounds is not None:  # only the circles an inset shows: each size is its own SVG marker
            x0, y0, x1, y1 = bounds
            sel = sel[sel["label_x"].between(x0, x1) & sel["label_y"].between(y0, y1)]
        ax.scatter(
            sel["label_x"],
            sel["label_y"],
            s=[diameter(v) ** 2 for v in sel["v"]],
            color=style.COUNTY_COLOR,
            alpha=0.75,
            edgecolor="white",
            linewidth=0.5,
            zorder=10,
        )

    draw(frame.ax)
    context_and_outline(frame, layers)
    furniture(frame)
    hj = t[cartography.HONGJIANG_DISTRICT]
    legend_need = (_circles_width(layout, diameter), lines_in(layout, 4.6) + diameter(9) / 72)

    def avoid(bounds) -> np.ndarray:
        x0, y0, x1, y1 = bounds
        sel = counties[counties["label_x"].between(x0, x1) & counties["label_y"].between(y0, y1)]
        radius = [diameter(v) / 2 for v in sel["v"]]
        return np.column_stack([sel["label_x"], sel["label_y"], radius])

    legend_area = urban_insets(
        frame,
        layers,
        legend_need,
        draw,
        lambda name, a: f"{name} {yi(t[a])}",
        lambda a: None,
        label_all_in_window=True,
        avoid_of=avoid,
    )
    hj_size = max(diameter(hj), layout.legend_pt * 0.7)
    hongjiang_marker(
        frame, layers, style.COUNTY_COLOR, hj_size, f"洪江区 {yi(hj)}", avoid=avoid(shown_extent(frame.ax))
    )
    prefecture_names(frame, layers, weight="normal")
    neighbour_names(frame, layers)
    x, y, w, h = legend_area
    cax = frame.page.axes(x, y + lines_in(layout, 2.6), w, h - lines_in(layout, 2.6))
    legends.circle_legend(cax, REFERENCE_CIRCLES, diameter, "目标（亿元，圆面积与目标成正比）", layout)
    hax = frame.page.axes(x, y, w, lines_in(layout, 2.4))
    legends.swatch_legend(hax, [cartography.hongjiang_handle(style.COUNTY_COLOR, hj_size)], "", layout)
    return frame.page.fig


def classification(_: Inputs) -> tuple[str, str]:
    """Proportional symbols: no classes; the reference circles are listed."""
    return "比例符号（不分级）", "圆面积与目标成正比；参考圆 " + "、".join(
        str(v) for v in REFERENCE_CIRCLES
    ) + " 亿元"


SPEC = FigureSpec(
    "map_county_symbols",
    "全省概览",
    "map",
    lambda inputs: words(inputs.scenario, inputs.meta),
    lambda inputs, texts, layout: draw(inputs.scenario, inputs.layers, texts, layout),
    classification,
)
