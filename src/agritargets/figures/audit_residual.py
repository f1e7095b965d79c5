"""``map_audit_residual``: printed minus recomputed county targets, centred on zero."""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from agritargets.core.formatting import yi
from agritargets.core.names import short_county
from agritargets.figures.kit import cartography, legends
from agritargets.figures.kit.classify import Classes, residual_classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts
from agritargets.figures.kit.placement import Label, place_labels
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
    swatch_width,
    urban_insets,
)
from agritargets.figures.kit.spec import FigureSpec, by_residual_classes
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import (
    AGREE_YI,
    NAMED_YI,
    named,
)


def words(scenario: Scenario, meta: Meta, classes: Classes) -> Texts:
    """Words of ``map_audit_residual``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    classes : Classes

    Returns
    -------
    Texts
    """
    r = scenario.counties["residual_yi"]
    agree = int((r.abs() < AGREE_YI).sum())
    big = scenario.counties[named(r)]
    districts = int(big["county"].str.endswith("区").sum())
    if scenario.is_published:
        title = f"{agree} 个县市区与复算相差不超过 0.02 亿元；相差超过 0.10 的 {len(big)} 个中 {districts} 个是市辖区"
        subtitle = f"印发目标 − 复算值（亿元）；复算：{scenario.compare_label}"
        caption = (
            f"每个县市区的印发目标减去复算值（亿元；复算：{scenario.compare_label}）。分级不对称，与数据一致："
            f"{classes.describe()}。橙色为印发高于复算，紫色为低于复算，灰色为相差不超过 0.02（舍入误差）。"
            "相差超过 0.10 的县市区在图上标出名称；大的正差多在辖有功能区（高新区、经开区、示范区、管理区）的市辖区，"
            "七普分县资料把这些功能区的人口单列，见复核图表。"
        )
    else:
        top = scenario.counties.loc[r.abs().idxmax()]
        title = f"{agree} 个县市区与 2023 年目标相差不超过 0.02 亿元，变化最大的是{top.county}（{yi(top.residual_yi, signed=True)}）"
        subtitle = f"{scenario.title} − 2023 年印发目标（亿元）"
        caption = f"每个县市区新测算目标减去 2023 年印发目标（亿元）。分级：{classes.describe()}。"
    notes = ()
    if scenario.is_published:
        notes = (
            "注：大的正差多在辖有功能区（高新区、经开区、示范区、管理区）的市辖区。七普分县资料把这些功能区的人口单列，"
            "不计入任何县市区；印发目标看来按含功能区的口径分配（见县市区复核图）。",
        )
    return message(
        title=title,
        subtitle=subtitle,
        caption=caption,
        source=source_line(meta, attachments="附件3", population=scenario.population_label),
        disclaimer=True,
        notes=notes,
    )


def draw(
    scenario: Scenario,
    layers: cartography.Layers,
    classes: Classes,
    texts: Texts,
    layout: Layout,
    *,
    named_from: float = NAMED_YI,
) -> Figure:
    """Printed (or new) minus the comparison, per county; large differences named on the map.

    Parameters
    ----------
    scenario : Scenario
    layers : Layers
    classes : Classes
        From :func:`agritargets.figures.kit.classify.residual_classes`.
    texts : Texts
    layout : Layout
    named_from : float
        Counties with an absolute difference above this (亿元) are named on the main map.

    Returns
    -------
    Figure
    """
    c = scenario.counties.set_index("adcode")
    r = c["residual_yi"]
    colors = class_colors(scenario.counties, "residual_yi", classes)
    frame = province_frame(layout, texts, layers)
    draw_counties(frame.ax, layers, colors)
    context_and_outline(frame, layers)
    furniture(frame)
    size = layout.legend_pt * 0.9
    n_entries = len(classes.bins) + 2 + int(r.isna().any())
    entries: list = legends.class_entries(classes, r.to_numpy())
    if r.isna().any():
        entries.append(legends.no_data_handle("无人口数据"))
    entries.append(cartography.hongjiang_handle(colors[cartography.HONGJIANG_DISTRICT], size))
    verb = "印发" if scenario.is_published else "新测算"
    comp = "复算" if scenario.is_published else "2023 年印发"
    legend_title = f"{verb} − {comp}（亿元）\n橙色：{verb}较高；紫色：较低"
    legend_area = urban_insets(
        frame,
        layers,
        (swatch_width(entries, legend_title, layout), lines_in(layout, n_entries + 3.4)),
        lambda iax, b: draw_counties(iax, layers, colors, bounds=b),
        lambda name, a: f"{name}\n{yi(r[a], signed=True)}",
        colors.get,
        only=lambda codes: bool((r.reindex(list(codes)).abs() > AGREE_YI).any()),
    )
    hongjiang_marker(
        frame,
        layers,
        colors[cartography.HONGJIANG_DISTRICT],
        size,
        f"洪江区\n{yi(r[cartography.HONGJIANG_DISTRICT], signed=True)}",
    )
    in_insets = {
        a
        for codes in cartography.URBAN_INSETS.values()
        for a in codes
        if (r.reindex(list(codes)).abs() > AGREE_YI).any()
    }
    big = layers.counties[
        layers.counties["adcode"].map(r.abs()).gt(named_from) & ~layers.counties["adcode"].isin(in_insets)
    ]
    labels = [
        Label(a, f"{short_county(n)}\n{yi(r[a], signed=True)}", (x, y), g, fill=colors[a])
        for a, n, x, y, g in zip(
            big["adcode"], big["name"], big["label_x"], big["label_y"], big.geometry, strict=True
        )
    ]
    placed = place_labels(frame.ax, labels, layout.label_pt, obstacles=frame.obstacles)
    frame.obstacles.extend(Bbox.from_extents(*p.box) for p in placed)
    prefecture_names(frame, layers, weight="normal")
    neighbour_names(frame, layers)
    x, y, w, h = legend_area
    lax = frame.page.axes(x, y, w, h)
    legends.swatch_legend(lax, entries, legend_title, layout)
    return frame.page.fig


SPEC = FigureSpec(
    "map_audit_residual",
    "复核证据",
    "map",
    lambda inputs: words(
        inputs.scenario, inputs.meta, residual_classes(inputs.scenario.counties["residual_yi"])
    ),
    lambda inputs, texts, layout: draw(
        inputs.scenario,
        inputs.layers,
        residual_classes(inputs.scenario.counties["residual_yi"]),
        texts,
        layout,
    ),
    by_residual_classes,
)
