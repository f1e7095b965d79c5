"""``map_county_symbols``: proportional circles, area = county target."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from agritargets.core.formatting import percent, yi
from agritargets.figures.kit import cartography, legends, style
from agritargets.figures.kit.cartography import HONGJIANG_NOTE
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, text_width_pt
from agritargets.figures.kit.placement import Label, place_labels, register_symbols
from agritargets.figures.kit.province import (
    context_and_outline,
    furniture,
    hongjiang_marker,
    lines_in,
    neighbour_names,
    prefecture_names,
    province_frame,
    urban_insets,
)
from agritargets.figures.kit.spec import FigureSpec, Inputs
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message, what_targets
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import by_target

REFERENCE_CIRCLES = (1, 3, 6, 9)  # 亿元
TOP_N = 10  # the title's "目标最高的 10 个县市区": marked and named on the map
TOP_COLOR = "#253494"  # the blue ramp's dark end: the top counties' circles
SIDE_SHARE = 0.56  # of the body width for the insets: every inset circle labelled beside it, none covered


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
    top = by_target(scenario.counties).head(TOP_N)
    total = top["target_cents"].sum() / 100
    share = total / float(scenario.total) * 100
    return message(
        title=f"目标最高的 {TOP_N} 个县市区合计 {yi(total)} 亿元，占全省 {percent(share)}",
        subtitle=f"各县市区{what_targets(scenario)}（亿元），圆面积与目标成正比；目标按常住人口分配，也近似反映人口分布",
        caption=(
            "圆面积与县市区目标（亿元）成正比，图例给出 1、3、6、9 亿元参考圆；"
            f"深色圆为目标最高的 {TOP_N} 个县市区，主图上标出名称与目标（城区的在放大图中）；放大图中每个圆都标注名称与目标。"
            "市州名称只标在不遮挡圆的位置。"
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


def _circles(ax: Axes, counties, diameter: Callable[[float], float], top: set, bounds=None) -> list[str]:
    """The circles on ``ax`` (an inset: only those wholly inside its window), registered as symbols.

    Returns the adcodes drawn, largest first (small circles are drawn over large ones).
    """
    sel = counties
    if bounds is not None:
        x0, y0, x1, y1 = bounds
        m_per_pt = (x1 - x0) / (ax.get_position().width * ax.figure.get_figwidth() * 72)
        r = np.array([diameter(v) / 2 * m_per_pt for v in sel["v"]])
        inside = (
            (sel["label_x"] - r >= x0)
            & (sel["label_x"] + r <= x1)
            & (sel["label_y"] - r >= y0)
            & (sel["label_y"] + r <= y1)
        )
        sel = sel[inside.to_numpy()]  # a circle cut by the frame would misstate its amount
    is_top = sel["adcode"].isin(top).to_numpy()
    ax.scatter(
        sel["label_x"],
        sel["label_y"],
        s=[diameter(v) ** 2 for v in sel["v"]],
        color=np.where(is_top, TOP_COLOR, style.COUNTY_COLOR),
        alpha=0.8,
        edgecolor=np.where(is_top, style.INK, "white"),
        linewidth=np.where(is_top, 0.8, 0.5),
        zorder=10,
    )
    register_symbols(ax, sel[["label_x", "label_y"]].to_numpy(), [diameter(v) / 2 for v in sel["v"]])
    return sel["adcode"].tolist()


def draw(scenario: Scenario, layers: cartography.Layers, texts: Texts, layout: Layout) -> Figure:
    """County targets as circles (area ∝ 亿元) on a grey base; the top 10 dark and named, every inset circle labelled.

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
    top = set(by_target(scenario.counties).head(TOP_N)["adcode"])
    frame = province_frame(layout, texts, layers, min_side=SIDE_SHARE)
    diameter = symbol_scale(layout, frame.ax.get_position().width * frame.page.width)
    counties = layers.counties.assign(v=layers.counties["adcode"].map(t)).sort_values("v", ascending=False)

    def draw_map(ax: Axes, bounds=None) -> list[str]:
        shown, prefs = layers.counties, layers.prefectures
        if bounds is not None:
            shown, prefs = cartography.clip(shown, bounds), cartography.clip(prefs, bounds)
        cartography.fill(ax, shown.geometry, style.CONTEXT, edgecolor="#c4c4c4", linewidth=0.3, zorder=3)
        cartography.outline(ax, prefs.geometry, "#777777", 0.6)
        return _circles(ax, counties, diameter, top, bounds)

    draw_map(frame.ax)
    context_and_outline(frame, layers)
    furniture(frame)
    hj = t[cartography.HONGJIANG_DISTRICT]
    legend_need = (_circles_width(layout, diameter), lines_in(layout, 4.6) + diameter(9) / 72)
    legend_area = urban_insets(
        frame,
        layers,
        legend_need,
        draw_map,
        lambda name, a: f"{name} {yi(t[a])}",
        lambda a: None,
        label_all_in_window=True,
    )
    _name_top(frame, layers, counties[counties["adcode"].isin(top)], t)
    hj_size = max(diameter(hj), layout.legend_pt * 0.7)
    hongjiang_marker(frame, layers, style.COUNTY_COLOR, hj_size, f"洪江区 {yi(hj)}")
    prefecture_names(frame, layers, weight="normal", inside_only=True)
    neighbour_names(frame, layers)
    _legend(frame, legend_area, diameter, hj_size)
    return frame.page.fig


def _name_top(frame, layers: cartography.Layers, top, t) -> None:
    """Name the top counties on the main map, led from their circles (those in an inset's window are named there)."""
    windows = [cartography.inset_bounds(layers, codes) for codes in cartography.URBAN_INSETS.values()]

    def in_inset(x: float, y: float) -> bool:
        return any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in windows)

    labels = [
        Label(a, f"{n} {yi(t[a])}", (x, y), None, weight="bold")
        for a, n, x, y in zip(top["adcode"], top["name"], top["label_x"], top["label_y"], strict=True)
        if not in_inset(x, y)
    ]
    placed = place_labels(frame.ax, labels, frame.page.layout.label_pt, obstacles=frame.obstacles)
    frame.obstacles.extend(Bbox.from_extents(*p.box) for p in placed)


def _legend(frame, area, diameter: Callable[[float], float], hj_size: float) -> None:
    """Reference circles, the top-10 marking and the 洪江区 marker, stacked in the legend area."""
    layout = frame.page.layout
    x, y, w, h = area
    low = lines_in(layout, 2.4)
    cax = frame.page.axes(x, y + low + lines_in(layout, 0.2), w, h - low - lines_in(layout, 0.2))
    legends.circle_legend(cax, REFERENCE_CIRCLES, diameter, "目标（亿元，圆面积与目标成正比）", layout)
    top_handle = Line2D(
        [],
        [],
        ls="",
        marker="o",
        ms=layout.legend_pt,
        mfc=TOP_COLOR,
        mec=style.INK,
        mew=0.8,
        label=f"目标最高的 {TOP_N} 个县市区",
    )
    hax = frame.page.axes(x, y, w, low)
    legends.swatch_legend(
        hax, [top_handle, cartography.hongjiang_handle(style.COUNTY_COLOR, hj_size)], "", layout, ncol=2
    )


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
