"""``map_county_share``: each county's share of the province's target, on the shared classes."""

from __future__ import annotations

from matplotlib.figure import Figure

from agritargets.core.formatting import fixed, percent, yi
from agritargets.figures.kit import cartography, legends
from agritargets.figures.kit.cartography import HONGJIANG_NOTE
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts
from agritargets.figures.kit.province import (
    class_colors,
    context_and_outline,
    draw_counties,
    furniture,
    hongjiang_marker,
    lines_in,
    neighbour_names,
    prefecture_names,
    province_frame,
    stepped_width,
    urban_insets,
)
from agritargets.figures.kit.spec import FigureSpec, by_share_classes
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message, name_list, what_targets
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import by_target


def words(scenario: Scenario, meta: Meta, classes: Classes) -> Texts:
    """Words of ``map_county_share``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    classes : Classes

    Returns
    -------
    Texts
    """
    c = by_target(scenario.counties)
    top = c.iloc[0]
    # the smallest by target in cents: shares of neighbouring counties can print the same (0.09%)
    low = c[c["target_cents"] == c["target_cents"].min()]
    return message(
        title=(
            f"{top.county}占全省目标 {percent(top.share_pct)}，"
            f"{name_list(low['county'].tolist())}最少（{yi(low['target_cents'].iloc[0] / 100)} 亿元）"
        ),
        subtitle=f"各县市区{what_targets(scenario)}占全省 {fixed(scenario.total, 0)} 亿元的比重；{len(classes.bins)} 级，全省统一分级；右侧放大三处城区",
        caption=(
            f"每个县市区目标占全省目标的百分比（图例下行为对应的亿元数）。分级：{classes.describe()}。"
            f"粗线为市州界；右侧放大长株潭、衡阳、邵阳城区，主图上的框与之对应。{HONGJIANG_NOTE.replace(chr(10), '')}。"
        ),
        source=source_line(meta, population=""),
        disclaimer=True,
    )


def draw(
    scenario: Scenario, layers: cartography.Layers, classes: Classes, texts: Texts, layout: Layout
) -> Figure:
    """Each county's share of the provincial target, one shared classification, urban insets.

    Parameters
    ----------
    scenario : Scenario
    layers : Layers
    classes : Classes
        The shared county-share classes.
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    c = scenario.counties.set_index("adcode")
    colors = class_colors(scenario.counties, "share_pct", classes)
    frame = province_frame(layout, texts, layers)
    draw_counties(frame.ax, layers, colors)
    context_and_outline(frame, layers)
    furniture(frame)
    size = layout.legend_pt * 0.9
    hj_text = f"洪江区\n{percent(c.loc[cartography.HONGJIANG_DISTRICT, 'share_pct'])}"
    legend_area = urban_insets(
        frame,
        layers,
        (stepped_width(layout), lines_in(layout, 5.9 + 2.4)),
        lambda iax, b: draw_counties(iax, layers, colors, bounds=b),
        lambda name, a: f"{name}\n{percent(c.loc[a, 'share_pct'])}",
        colors.get,
    )
    hongjiang_marker(frame, layers, colors[cartography.HONGJIANG_DISTRICT], size, hj_text)
    prefecture_names(frame, layers)
    neighbour_names(frame, layers)
    x, y, w, h = legend_area
    lax = frame.page.axes(x, y + lines_in(layout, 2.4), w, h - lines_in(layout, 2.4))
    legends.stepped_legend(
        lax, classes, "占全省目标比重（%）", layout, second=(float(scenario.total) / 100, "对应目标（亿元）")
    )
    hax = frame.page.axes(x, y, w, lines_in(layout, 2.4))
    legends.swatch_legend(
        hax, [cartography.hongjiang_handle(colors[cartography.HONGJIANG_DISTRICT], size)], "", layout
    )
    return frame.page.fig


SPEC = FigureSpec(
    "map_county_share",
    "全省概览",
    "map",
    lambda inputs: words(inputs.scenario, inputs.meta, inputs.classes),
    lambda inputs, texts, layout: draw(inputs.scenario, inputs.layers, inputs.classes, texts, layout),
    by_share_classes,
)
