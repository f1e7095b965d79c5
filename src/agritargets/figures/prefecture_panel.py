"""One map per prefecture: every county named with its target, coloured by the shared province classes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from agritargets.core.formatting import percent, yi
from agritargets.core.names import short_prefecture
from agritargets.figures.kit import cartography, legends, style
from agritargets.figures.kit.cartography import HONGJIANG_NOTE
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page, wrap
from agritargets.figures.kit.placement import Label, place_labels
from agritargets.figures.kit.province import GAP_IN, class_colors, draw_counties
from agritargets.figures.kit.spec import FigureSpec, by_share_classes
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message, what_targets
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import by_target

# Urban districts too small to hold their labels at panel scale: shown enlarged in a corner.
PANEL_INSETS = {
    "430100": ("长沙城区", ("430102",))
}  # window around these; every county whose label point falls in it


def _labels(table: pd.DataFrame, layers_counties, colors: pd.Series, values: pd.Series) -> list[Label]:
    return [
        Label(a, f"{n}\n{yi(values[a])}", (x, y), g, fill=colors[a])
        for a, n, x, y, g in zip(
            layers_counties["adcode"],
            layers_counties["name"],
            layers_counties["label_x"],
            layers_counties["label_y"],
            layers_counties.geometry,
            strict=True,
        )
    ]


def _spot(ax: Axes, subject, w_frac: float, h_frac: float) -> tuple[float, float]:
    """Where a w×h box (axes fraction) covers least of ``subject``: a corner or the middle of an edge."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    best, where = None, (0.0, 0.0)
    xs = (1 - w_frac, 0.0, (1 - w_frac) / 2)
    ys = (1 - h_frac, 0.0)
    for fy in ys:
        for fx in xs:
            box = shapely.box(
                x0 + fx * (x1 - x0),
                y0 + fy * (y1 - y0),
                x0 + (fx + w_frac) * (x1 - x0),
                y0 + (fy + h_frac) * (y1 - y0),
            )
            cover = subject.intersection(box).area
            if best is None or cover < best - 1e-6:
                best, where = cover, (fx, fy)
    return where


ARROW_SPOTS = ((0.95, 0.84), (0.05, 0.84), (0.95, 0.05), (0.5, 0.84))  # axes fraction, in order of preference


def _arrow_spot(ax: Axes, subject, layout: Layout, taken: list[Bbox]) -> tuple[float, float]:
    """Where the north arrow covers least of the subject (off its boundaries), clear of ``taken`` boxes.

    Parameters
    ----------
    ax : Axes
    subject : shapely geometry
        The prefecture, in data coordinates.
    layout : Layout
    taken : list of Bbox
        Display boxes the arrow must not overlap (scale bar, inset).

    Returns
    -------
    tuple of float
        The arrow's base in axes fraction (see :func:`agritargets.figures.kit.cartography.add_north_arrow`).
    """
    pos = ax.get_position()
    fig_w, fig_h = pos.width * ax.figure.get_figwidth(), pos.height * ax.figure.get_figheight()
    half_w = layout.legend_pt * 1.2 / 72 / fig_w  # the arrow, its N and a margin
    top = layout.legend_pt * 4.0 / 72 / fig_h
    below = layout.legend_pt * 0.6 / 72 / fig_h
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    best, where = None, ARROW_SPOTS[0]
    for fx, fy in ARROW_SPOTS:
        frac = (fx - half_w, fy - below, fx + half_w, fy + top)
        px = ax.transAxes.transform([frac[:2], frac[2:]])
        box = Bbox(px)
        if any(box.overlaps(t) for t in taken):
            continue
        data = shapely.box(
            x0 + frac[0] * (x1 - x0),
            y0 + frac[1] * (y1 - y0),
            x0 + frac[2] * (x1 - x0),
            y0 + frac[3] * (y1 - y0),
        )
        cover = subject.intersection(data).area
        if best is None or cover < best - 1e-6:
            best, where = cover, (fx, fy)
    return where


def draw(
    scenario: Scenario,
    prefecture_adcode: str,
    layers: cartography.Layers,
    context: cartography.Layers,
    classes: Classes,
    texts: Texts,
    layout: Layout,
) -> Figure:
    """One prefecture: every county (and 洪江区) labelled with name and target, a locator, a two-unit legend.

    Parameters
    ----------
    scenario : Scenario
    prefecture_adcode : str
    layers : Layers
        Detailed layers for the subject.
    context : Layers
        Coarser layers for the surroundings and the locator (smaller SVG).
    classes : Classes
        The shared county-share classes (colours comparable across panels).
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    colors = class_colors(scenario.counties, "share_pct", classes)
    mine = layers.counties[layers.counties["prefecture_adcode"] == prefecture_adcode]
    subject = layers.prefectures.set_index("prefecture_adcode").geometry[prefecture_adcode]
    page = new_page(layout, "panel", texts)
    x0, y0, x1, y1 = page.body
    body_w, body_h = x1 - x0, y1 - y0
    aspect = cartography.aspect_of(mine.total_bounds)
    map_w = float(np.clip(body_h * aspect * 1.08, 0.5 * body_w, 0.64 * body_w))
    ax = page.axes(x0, y0, map_w, body_h)
    shown = _subject_map(ax, layers, context, mine, colors, prefecture_adcode)
    obstacles = [cartography.add_scale_bar(ax, layout, (0.03, 0.03))]
    values = scenario.counties.set_index("adcode")["target_yi"]
    labels = _labels(scenario.counties, mine, colors, values)

    inset = PANEL_INSETS.get(prefecture_adcode)
    if inset is not None:
        name, codes = inset
        extent, shown_there = _panel_inset(
            page, ax, layers, context, colors, values, subject, name, codes, layout
        )
        labels = [lab for lab in labels if lab.key not in shown_there]
        obstacles.append(extent)
    obstacles.append(cartography.add_north_arrow(ax, layout, _arrow_spot(ax, subject, layout, obstacles)))
    if prefecture_adcode == cartography.HONGJIANG_CITY[:4] + "00":
        labels.append(_hongjiang_label(ax, layers, colors, values, layout))
    placed = place_labels(ax, labels, layout.label_pt, obstacles=obstacles, prefer_outside=subject)
    obstacles += [Bbox.from_extents(*p.box) for p in placed]
    orient = [
        Label(
            f"ctx:{n}",
            n,
            tuple(cartography.representative_xy(g)),
            g,
            inside_only=True,
            color=style.ORIENTATION,
        )
        for n, g in cartography.orientation_labels(context, shown, prefectures_except=prefecture_adcode)
    ]
    place_labels(ax, orient, layout.legend_pt, obstacles=obstacles)
    _side(
        page,
        context,
        scenario,
        prefecture_adcode,
        classes,
        (x0 + map_w + GAP_IN, y0, body_w - map_w - GAP_IN, body_h),
        colors,
    )
    return page.fig


def _subject_map(ax, layers, context, mine, colors, prefecture_adcode: str):
    """The prefecture's counties in their classes over the surroundings; returns the extent shown."""
    shown = cartography.fit(ax, mine.total_bounds, pad=0.04)
    cartography.draw_context(ax, context, shown, other_prefectures=prefecture_adcode)
    clipped = cartography.clip(mine, shown)
    own = layers.prefectures[layers.prefectures["prefecture_adcode"] == prefecture_adcode]
    cartography.fill_gaps(ax, cartography.clip(own, shown).geometry)
    faces = clipped["adcode"].map(colors).tolist()
    cartography.fill(ax, clipped.geometry, faces, edgecolor="white", linewidth=0.5, zorder=3)
    cartography.fill_specks(ax, clipped.geometry, faces, 0.5, zorder=3)
    cartography.outline(ax, own.geometry, "#333333", 0.9)
    return shown


def _hongjiang_label(ax, layers, colors, values, layout: Layout) -> Label:
    """洪江区 has no polygon: a diamond inside 洪江市 and its label."""
    hx, hy = cartography.mark_hongjiang(
        ax, layers, colors[cartography.HONGJIANG_DISTRICT], layout.legend_pt * 0.9
    )
    return Label(
        cartography.HONGJIANG_DISTRICT,
        f"洪江区\n{yi(values[cartography.HONGJIANG_DISTRICT])}",
        (hx, hy),
        None,
    )


def _panel_inset(page, ax, layers, context, colors, values, subject, name, codes, layout) -> tuple[Bbox, set]:
    """An enlarged view of an urban core where the map is emptiest; returns its extent and the
    counties labelled in it (those whose label point lies in its window)."""
    pos = ax.get_position()
    ax_w, ax_h = pos.width * page.width, pos.height * page.height
    title_in = layout.legend_pt * 1.5 / 72
    w_in, h_in = 0.36 * ax_w, 0.36 * ax_h
    fx, fy = _spot(ax, subject, (w_in + 0.08) / ax_w, (h_in + title_in + 0.08) / ax_h)
    left = pos.x0 * page.width + fx * ax_w + (0.04 if fx == 0 else 0.0)
    bottom = pos.y0 * page.height + fy * ax_h + (0.04 if fy == 0 else 0.0)
    b = cartography.window(cartography.inset_bounds(layers, codes, pad=0.0), w_in / h_in, pad=0.35)
    main_scale = ax_w / (ax.get_xlim()[1] - ax.get_xlim()[0])
    zoom = w_in / (b[2] - b[0]) / main_scale
    iax = cartography.inset_axes(page, (left, bottom, w_in, h_in), name, zoom)
    shown = cartography.fit(iax, b, pad=0)
    code = layers.counties.set_index("adcode").loc[codes[0], "prefecture_adcode"]
    cartography.draw_context(iax, context, shown, other_prefectures=code)
    draw_counties(iax, layers, colors, bounds=shown)
    tag = cartography.frame_on_main(ax, shown, name, layout)
    bar = cartography.add_scale_bar(iax, layout, (0.04, 0.04))
    counties = layers.counties
    sel = counties[
        counties["label_x"].between(shown[0], shown[2])
        & counties["label_y"].between(shown[1], shown[3])
        & (counties["prefecture_adcode"] == code)
    ]
    place_labels(
        iax, _labels(None, _visible(counties, code, shown), colors, values), layout.label_pt, obstacles=[bar]
    )
    renderer = page.fig.canvas.get_renderer()
    return Bbox.union([iax.get_tightbbox(renderer), tag]), set(sel["adcode"])


def _visible(counties, code: str, shown, min_share: float = 0.02):
    """The prefecture's counties as cut to an inset's window (each covering at least ``min_share`` of it),
    with label points inside the visible part: every county the inset shows is labelled there."""
    cut = cartography.clip(counties[counties["prefecture_adcode"] == code], shown)
    cut = cut[cut.geometry.area >= min_share * shapely.box(*shown).area].copy()
    pts = [cartography.label_point(g) for g in cut.geometry]
    cut["label_x"] = [p.x for p in pts]
    cut["label_y"] = [p.y for p in pts]
    return cut


def _side(page, context, scenario: Scenario, code: str, classes: Classes, area, colors) -> None:
    """Locator, the prefecture's total and share, and the two-unit colour legend."""
    layout = page.layout
    x, y, w, h = area
    line = layout.legend_pt * 1.35 / 72
    loc_h = min(0.34 * h, w * 0.8)
    lax = page.axes(x, y + h - loc_h, w, loc_h)
    cartography.locator(lax, context, code)
    p = scenario.prefectures.set_index("adcode").loc[code]
    n = int((scenario.counties["prefecture_adcode"] == code).sum())
    summary = f"{p.prefecture}目标 {yi(p.target_yi)} 亿元\n占全省 {percent(p.share_pct)}，辖 {n} 个县市区"
    page.text(
        x,
        y + h - loc_h - 0.6 * line,
        wrap(summary, layout.legend_pt + 1, w),
        layout.legend_pt + 1,
        va="top",
        linespacing=1.3,
    )
    leg_h = 6.2 * line
    gax = page.axes(x, y + h - loc_h - 3.4 * line - leg_h, w, leg_h)
    legends.stepped_legend(
        gax,
        classes,
        "颜色：占全省目标比重（%）",
        layout,
        second=(float(scenario.total) / 100, "对应县市区目标（亿元）"),
    )
    if code == cartography.HONGJIANG_CITY[:4] + "00":
        hax = page.axes(x, y, w, 2.6 * line)
        legends.swatch_legend(
            hax,
            [cartography.hongjiang_handle(colors[cartography.HONGJIANG_DISTRICT], layout.legend_pt * 0.9)],
            "",
            layout,
        )


def words(scenario: Scenario, meta: Meta, code: str, audit: pd.DataFrame, classes: Classes) -> Texts:
    """Words of ``map_prefecture_<code>``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    code : str
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures` of the scenario.
    classes : Classes

    Returns
    -------
    Texts
    """
    p = scenario.prefectures.set_index("adcode").loc[code]
    c = by_target(scenario.counties[scenario.counties["prefecture_adcode"] == code])
    top, low = c.iloc[0], c.iloc[-1]
    a = audit.set_index("adcode").loc[code]
    notes = []
    if a.diff_yi != 0:
        table = "附件2" if scenario.is_published else "新测算的市州目标"
        notes.append(
            f"注：{p.prefecture}目标 {yi(a.printed_yi)} 亿元（{table}），所辖县市区目标之和 {yi(a.sum_of_counties_yi)} 亿元，"
            f"相差 {yi(a.diff_yi, signed=True)}：市州目标由未舍入的县市区值相加后舍入，差额在舍入范围内。"
        )
    return message(
        title=f"{short_prefecture(p.prefecture)}：{top.county}目标最高（{yi(top.target_yi)} 亿元），{low.county}最低（{yi(low.target_yi)} 亿元）",
        subtitle=f"各县市区{what_targets(scenario)}（亿元）；颜色为占全省比重，全省统一分级，可跨市州比较",
        caption=(
            f"{p.prefecture}所辖各县市区的名称与目标（亿元），全部标注；颜色为占全省比重，与全省县级地图同一分级"
            f"（{classes.describe()}），可跨图比较。"
            + (f"{HONGJIANG_NOTE.replace(chr(10), '')}。" if code == "431200" else "")
        ),
        source=source_line(meta),
        disclaimer=True,
        notes=tuple(notes),
    )


def spec(code: str) -> FigureSpec:
    """The panel of prefecture ``code`` (one per prefecture; the pack lists them).

    Parameters
    ----------
    code : str
        Prefecture adcode.

    Returns
    -------
    FigureSpec
    """
    return FigureSpec(
        f"map_prefecture_{code}",
        "市州分图",
        "panel",
        lambda inputs: words(inputs.scenario, inputs.meta, code, inputs.audit_prefectures, inputs.classes),
        lambda inputs, texts, layout: draw(
            inputs.scenario, code, inputs.detail, inputs.layers, inputs.classes, texts, layout
        ),
        by_share_classes,
    )
