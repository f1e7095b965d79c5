"""``map_prefecture_targets``: the 14 prefecture targets, with the audit's differences noted."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from agritargets.core.formatting import yi
from agritargets.core.names import short_prefecture
from agritargets.figures.kit import cartography, legends, style
from agritargets.figures.kit.classify import Classes, prefecture_classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, wrap
from agritargets.figures.kit.placement import Label, place_labels
from agritargets.figures.kit.province import (
    context_and_outline,
    furniture,
    lines_in,
    neighbour_names,
    province_frame,
)
from agritargets.figures.kit.spec import FigureSpec, Inputs
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message, what_targets
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import by_target, differing_prefectures


def words(scenario: Scenario, meta: Meta, audit: pd.DataFrame) -> Texts:
    """Words of ``map_prefecture_targets``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures` of the scenario.

    Returns
    -------
    Texts
    """
    p = by_target(scenario.prefectures)
    top, low = p.iloc[0], p.iloc[-1]
    differ = len(differing_prefectures(audit))
    table = "附件2" if scenario.is_published else "新测算的市州目标"
    return message(
        title=f"{short_prefecture(top.prefecture)}目标最高（{yi(top.target_yi)} 亿元），{short_prefecture(low.prefecture)}最低（{yi(low.target_yi)} 亿元）",
        subtitle=f"各市州{what_targets(scenario)}（亿元，{table}）；{differ} 个市州与所辖县市区目标之和不同，见右侧",
        caption=(
            f"14 个市州的目标（亿元，{table}），按市州目标自然断点分 5 级（绿色系：市州总量）。"
            "市州目标由所辖县市区未舍入值相加后再舍入，所以可能与所辖县市区印发目标之和差几分，右侧逐一列出。"
        ),
        source=source_line(meta, attachments="附件2、3"),
        disclaimer=True,
    )


def draw(
    scenario: Scenario,
    layers: cartography.Layers,
    classes: Classes,
    audit: pd.DataFrame,
    totals: pd.DataFrame,
    texts: Texts,
    layout: Layout,
) -> Figure:
    """The 14 prefecture targets (附件2) on the green prefecture ramp, named and valued.

    Parameters
    ----------
    scenario : Scenario
    layers : Layers
    classes : Classes
        From :func:`agritargets.figures.kit.classify.prefecture_classes`.
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures` of the scenario (printed vs county sums).
    totals : DataFrame
        :func:`agritargets.rules.audit.audit_totals` of the scenario.
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    p = scenario.prefectures.set_index("adcode")
    colors = dict(zip(p.index, classes.color_of(p["target_yi"]), strict=True))
    frame = province_frame(layout, texts, layers, min_side=0.3)
    ax = frame.ax
    cartography.fill(
        ax,
        layers.counties.geometry,
        layers.counties["prefecture_adcode"].map(colors).tolist(),
        edgecolor="white",
        linewidth=0.25,
        zorder=3,
    )
    cartography.outline(ax, layers.prefectures.geometry, "#333333", 0.8)
    context_and_outline(frame, layers)
    furniture(frame)
    labels = _labels(layers, p, colors, layout)
    placed = place_labels(ax, labels, layout.label_pt + 1, obstacles=frame.obstacles)
    frame.obstacles.extend(Bbox.from_extents(*q.box) for q in placed)
    neighbour_names(frame, layers)
    x, y, w, h = frame.side
    lax = frame.page.axes(x, y + h - lines_in(layout, 7), w, lines_in(layout, 7))
    legends.swatch_legend(lax, legends.class_entries(classes), "市州目标（亿元）", layout)
    lines = _audit_note(scenario, audit, totals)
    note = "\n".join(lines)
    frame.page.text(
        x,
        y + h - lines_in(layout, 7.6),
        wrap(note, layout.legend_pt, w),
        layout.legend_pt,
        va="top",
        linespacing=1.35,
        color=style.INK,
    )
    return frame.page.fig


def _labels(layers, p: pd.DataFrame, colors: dict, layout: Layout) -> list[Label]:
    """Each prefecture named and valued, inside its polygon."""
    labels = []
    for code, name, geom in zip(
        layers.prefectures["prefecture_adcode"],
        layers.prefectures["prefecture"],
        layers.prefectures.geometry,
        strict=True,
    ):
        xy = cartography.representative_xy(geom)
        labels.append(
            Label(
                code,
                f"{short_prefecture(name)}\n{yi(p.loc[code, 'target_yi'])}",
                (xy[0], xy[1]),
                geom,
                fill=colors[code],
                weight="bold",
                size=layout.label_pt + 1,
            )
        )
    return labels


def _audit_note(scenario: Scenario, audit: pd.DataFrame, totals: pd.DataFrame) -> list[str]:
    """The side note: the three totals and the prefectures whose target differs from their counties' sum."""
    differ = differing_prefectures(audit)
    t = totals.set_index("table")
    lines = [
        f"县市区目标合计 {yi(t.loc['county', 'sum_of_rows_yi'])} 亿元",
        f"市州目标合计 {yi(t.loc['prefecture', 'sum_of_rows_yi'])} 亿元",
        f"{'印发合计' if scenario.is_published else '全省目标'} {yi(t.loc['county', 'printed_total_yi'])} 亿元",
        "",
    ]
    if len(differ):
        lines.append(f"{len(differ)} 个市州目标与所辖县市区目标之和不同（市州 − 县市区之和，亿元）：")
        lines += [
            f"  {short_prefecture(r.prefecture)} {yi(r.diff_yi, signed=True)}" for r in differ.itertuples()
        ]
        if bool(differ["explained_by_rounding"].all()):
            lines.append("差额都在舍入范围内：市州目标由未舍入的县市区值相加后再舍入。")
        else:
            lines.append("部分差额超出舍入范围。")
    return lines


def classification(inputs: Inputs) -> tuple[str, str]:
    """The prefecture classes (natural breaks of the 14 targets)."""
    c = prefecture_classes(inputs.scenario.prefectures)
    return "市州目标，" + c.scheme, c.describe()


SPEC = FigureSpec(
    "map_prefecture_targets",
    "全省概览",
    "map",
    lambda inputs: words(inputs.scenario, inputs.meta, inputs.audit_prefectures),
    lambda inputs, texts, layout: draw(
        inputs.scenario,
        inputs.layers,
        prefecture_classes(inputs.scenario.prefectures),
        inputs.audit_prefectures,
        inputs.audit_totals,
        texts,
        layout,
    ),
    classification,
)
