"""The province-map frame every county and prefecture map is drawn on.

The page and map axes, neighbours and outlines, furniture, the urban insets, prefecture and
neighbour names, the 洪江区 marker, legend widths, and a plain choropleth for notebooks and the benchmark.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from agritargets.core.names import short_prefecture
from agritargets.figures.kit import cartography, legends, style
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Page, Texts, new_page, text_width_pt
from agritargets.figures.kit.placement import Label, place_labels

GAP_IN = 0.1  # between blocks on the page


def class_colors(table: pd.DataFrame, column: str, classes: Classes) -> pd.Series:
    """Colour of each row's class, indexed by adcode.

    Parameters
    ----------
    table : DataFrame
        With ``adcode`` and ``column``.
    column : str
    classes : Classes

    Returns
    -------
    Series
    """
    return pd.Series(classes.color_of(table[column].to_numpy()), index=table["adcode"].to_numpy())


def draw_counties(ax: Axes, layers: cartography.Layers, colors: pd.Series, bounds=None) -> None:
    """County fills by ``colors`` (adcode → colour; missing: hatched no-data) and prefecture borders.

    Parameters
    ----------
    ax : Axes
    layers : Layers
    colors : Series
    bounds : sequence of float, optional
        Clip to this window (insets).
    """
    counties, prefs = layers.counties, layers.prefectures
    if bounds is not None:
        counties, prefs = cartography.clip(counties, bounds), cartography.clip(prefs, bounds)
    fill = counties["adcode"].map(colors)
    have = fill.notna() & (fill != style.NO_DATA)
    province = layers.province if bounds is None else cartography.clip(layers.province, bounds)
    cartography.fill_gaps(ax, province.geometry)
    cartography.fill(ax, counties[have].geometry, fill[have].tolist(), zorder=3, **style.COUNTY_EDGE)
    cartography.fill_specks(ax, counties[have].geometry, fill[have].tolist(), style.COUNTY_EDGE["linewidth"])
    if (~have).any():
        cartography.fill(
            ax,
            counties[~have].geometry,
            style.NO_DATA,
            edgecolor="#999999",
            hatch=style.NO_DATA_HATCH,
            linewidth=0.3,
            zorder=3,
        )
    cartography.outline(
        ax, prefs.geometry, style.PREFECTURE_EDGE["edgecolor"], style.PREFECTURE_EDGE["linewidth"]
    )


def halo_effect(width: float = 2.0) -> list:
    """A white outline behind dark text: readable on any fill (used for the few prefecture names).

    Parameters
    ----------
    width : float
        Stroke width in points.

    Returns
    -------
    list
        Path effects for ``Text.set_path_effects``.
    """
    return [patheffects.withStroke(linewidth=width, foreground="white")]


@dataclass
class ProvinceFrame:
    """A province map page: main map axes, the side column, and what labels must avoid."""

    page: Page
    ax: Axes
    side: tuple[float, float, float, float]  # x, y, w, h in inches
    obstacles: list[Bbox] = field(default_factory=list)


def province_frame(
    layout: Layout, texts: Texts, layers: cartography.Layers, *, min_side: float = 0.52
) -> ProvinceFrame:
    """The page of a province-wide map: Hunan on the left at full body height, a side column right.

    Parameters
    ----------
    layout : Layout
    texts : Texts
    layers : Layers
    min_side : float
        Smallest share of the body width left for the side column.

    Returns
    -------
    ProvinceFrame
    """
    page = new_page(layout, "map", texts)
    x0, y0, x1, y1 = page.body
    body_w, body_h = x1 - x0, y1 - y0
    aspect = cartography.aspect_of(cartography.window(layers.province.total_bounds, 1.0, 0.02)) * 0.98
    map_w = min(body_h * aspect, body_w * (1 - min_side))
    ax = page.axes(x0, y0, map_w, body_h)
    bounds = layers.province.total_bounds
    cartography.fit(ax, bounds, pad=0.01)
    side = (x0 + map_w + GAP_IN, y0, body_w - map_w - GAP_IN, body_h)
    return ProvinceFrame(page, ax, side)


def context_and_outline(frame: ProvinceFrame, layers: cartography.Layers) -> None:
    """Neighbouring provinces under the map and Hunan's outline over it.

    Parameters
    ----------
    frame : ProvinceFrame
    layers : Layers
    """
    x0, x1 = frame.ax.get_xlim()
    y0, y1 = frame.ax.get_ylim()
    cartography.draw_context(frame.ax, layers, (x0, y0, x1, y1))
    cartography.outline(
        frame.ax,
        layers.province.geometry,
        style.PROVINCE_EDGE["edgecolor"],
        style.PROVINCE_EDGE["linewidth"],
        zorder=5,
    )


def furniture(frame: ProvinceFrame) -> None:
    """North arrow and scale bar on the main map (both become label obstacles).

    Parameters
    ----------
    frame : ProvinceFrame
    """
    layout = frame.page.layout
    frame.obstacles.append(cartography.add_north_arrow(frame.ax, layout, (0.06, 0.84)))
    frame.obstacles.append(cartography.add_scale_bar(frame.ax, layout, (0.03, 0.03)))


def inset_rects(
    side: tuple[float, float, float, float],
    aspects: list[float],
    title_in: float,
    min_small: float,
    weights: list[int],
    legend: tuple[float, float],
) -> tuple[list[tuple], tuple]:
    """Rectangles (inches) for the urban insets and the legend in the side column.

    Arrangements tried at several splits: the legend across the bottom with the small insets
    side by side under the big one or stacked to its right; or the big inset at full height
    with the small insets and the legend stacked to its right. The one giving each label the
    most room (smallest inset area per label, small insets at least ``min_small``) wins.

    Parameters
    ----------
    side : tuple of float
        x, y, w, h of the side column.
    aspects : list of float
        Width/height of each inset's window (the first is the big one).
    title_in : float
        Height kept above each inset for its title.
    min_small : float
        Smallest width and height (inches) of the other insets.
    weights : list of int
        Labels each inset holds.
    legend : (min width, height)
        The legend block's needs, in inches.

    Returns
    -------
    (list of (x, y, w, h) per inset, legend (x, y, w, h))
    """
    x, y, w, h = side
    g = GAP_IN
    leg_w, leg_h = legend
    n_small = len(aspects) - 1
    options = []
    if n_small == 0:
        w0, h0 = fit_aspect(w, h - leg_h - g - title_in, aspects[0])
        return [(x, y + h - title_in - h0, w0, h0)], (x, y, w, leg_h)

    def stack(x0: float, top: float, cell_w: float, cell_h: float) -> list[tuple]:
        out = []
        for i, a in enumerate(aspects[1:]):
            ww, hh = fit_aspect(cell_w, cell_h, a)
            t = top - i * (cell_h + title_in + g) - title_in
            out.append((x0, t - hh, ww, hh))
        return out

    area_h = h - leg_h - g  # insets above a full-width legend
    for share in (0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75):
        legend_rect = (x, y, w, leg_h)
        top = y + h
        # 1. big on top, small ones side by side below it, legend at the bottom
        w0, h0 = fit_aspect(w, share * area_h - title_in, aspects[0])
        cell_w, cell_h = (w - g * (n_small - 1)) / n_small, area_h - share * area_h - 2 * title_in - g
        rects = [(x, top - title_in - h0, w0, h0)]
        for i, a in enumerate(aspects[1:]):
            ww, hh = fit_aspect(cell_w, cell_h, a)
            rects.append((x + i * (cell_w + g), top - title_in - h0 - g - title_in - hh, ww, hh))
        options.append((rects, legend_rect))
        # 2. big left, small ones stacked right, legend at the bottom
        w0, h0 = fit_aspect(share * w, area_h - title_in, aspects[0])
        cell_h = (area_h - n_small * title_in - g * (n_small - 1)) / n_small
        rects = [(x, top - title_in - h0, w0, h0), *stack(x + w0 + g, top, w - w0 - g, cell_h)]
        options.append((rects, legend_rect))
        # 3. big left at full height, small ones and the legend stacked right
        w0, h0 = fit_aspect(share * w, h - title_in, aspects[0])
        col_w = w - w0 - g
        if col_w >= leg_w:
            cell_h = (h - leg_h - g - n_small * title_in - g * (n_small - 1)) / n_small
            rects = [(x, top - title_in - h0, w0, h0), *stack(x + w0 + g, top, col_w, cell_h)]
            options.append((rects, (x + w0 + g, y, col_w, leg_h)))

    def smallest(option) -> float:
        return min(min(r[2], r[3]) for r in option[0][1:])

    def room(option) -> float:
        return min(r[2] * r[3] / n for r, n in zip(option[0], weights, strict=True))

    good = [o for o in options if smallest(o) >= min_small]
    return max(good, key=room) if good else max(options, key=smallest)


def fit_aspect(w: float, h: float, aspect: float) -> tuple[float, float]:
    return (w, w / aspect) if w / h < aspect else (h * aspect, h)


def urban_insets(
    frame: ProvinceFrame,
    layers: cartography.Layers,
    legend: tuple[float, float],
    draw: Callable[[Axes, tuple], object],
    label_of: Callable[[str, str], str],
    fill_of: Callable[[str], str | None],
    *,
    label_all_in_window: bool = False,
    avoid_of: Callable[[tuple], np.ndarray] | None = None,
    only: Callable[[tuple[str, ...]], bool] | None = None,
) -> tuple:
    """The enlarged urban cores, each outlined and named on the main map; every district labelled.

    Parameters
    ----------
    frame : ProvinceFrame
    layers : Layers
    legend : (min width, height)
        Room the legend needs (inches); the legend's rectangle is returned.
    draw : callable
        ``draw(ax, bounds)`` fills an inset; a symbol map returns the adcodes whose symbols it drew.
    label_of : callable
        ``label_of(name, adcode)`` → label text.
    fill_of : callable
        ``fill_of(adcode)`` → the colour under an inside label (None: a symbol map).
    label_all_in_window : bool
        Label every county whose anchor is in the window (symbol maps: every circle ``draw`` drew).
    avoid_of : callable, optional
        ``avoid_of(bounds)`` → points no label may cover.
    only : callable, optional
        ``only(adcodes)`` → whether an inset is worth drawing (default: all three).

    Returns
    -------
    tuple of float
        The legend's rectangle (x, y, w, h) in inches.
    """
    layout = frame.page.layout
    title_in = layout.legend_pt * 1.6 / 72
    chosen = {n: codes for n, codes in cartography.URBAN_INSETS.items() if only is None or only(codes)}
    windows = {name: cartography.inset_bounds(layers, codes) for name, codes in chosen.items()}
    counties = layers.counties

    def in_window(b) -> pd.DataFrame:
        return counties[counties["label_x"].between(b[0], b[2]) & counties["label_y"].between(b[1], b[3])]

    weights = [
        len(in_window(windows[n])) if label_all_in_window else len(codes) for n, codes in chosen.items()
    ]
    rects, legend_rect = inset_rects(
        frame.side,
        [cartography.aspect_of(b) for b in windows.values()],
        title_in,
        12 * layout.label_pt / 72,
        weights,
        legend,
    )
    main_w = frame.ax.get_xlim()[1] - frame.ax.get_xlim()[0]
    main_scale = frame.ax.get_position().width * frame.page.width / main_w
    for (name, codes), rect in zip(chosen.items(), rects, strict=True):
        b = windows[name]
        frame.obstacles.append(cartography.frame_on_main(frame.ax, b, name, layout))
        zoom = rect[2] / (b[2] - b[0]) / main_scale
        iax = cartography.inset_axes(frame.page, rect, name, zoom)
        shown = cartography.fit(iax, b, pad=0)
        cartography.draw_context(iax, layers, shown)
        drawn = draw(iax, shown)  # a symbol map returns the counties whose symbols it drew
        if label_all_in_window:
            sel = in_window(shown) if drawn is None else counties[counties["adcode"].isin(drawn)]
        else:
            sel = counties[counties["adcode"].isin(codes)]
        bar = cartography.add_scale_bar(iax, layout, (0.04, 0.04))
        labels = [
            Label(a, fold(label_of(n, a), rect[2] * 72, layout.label_pt), (x, y), g, fill=fill_of(a))
            for a, n, x, y, g in zip(
                sel["adcode"], sel["name"], sel["label_x"], sel["label_y"], sel.geometry, strict=True
            )
        ]
        avoid = avoid_of(shown) if avoid_of is not None else None
        place_labels(iax, labels, layout.label_pt, obstacles=[bar], avoid=avoid)
    return legend_rect


def fold(text: str, width_pt: float, size: float, share: float = 0.45) -> str:
    r"""A one-line ``name value`` label on two lines when it would take more than ``share`` of an inset's width.

    Parameters
    ----------
    text : str
    width_pt : float
        The inset's width.
    size : float
    share : float

    Returns
    -------
    str

    Examples
    --------
    >>> from agritargets.core.fonts import use_chinese_font
    >>> _ = use_chinese_font()
    >>> fold("蒸湘区 2.90", 400, 13), fold("蒸湘区 2.90", 120, 13)
    ('蒸湘区 2.90', '蒸湘区\n2.90')
    """
    if "\n" in text or " " not in text or text_width_pt(text, size) <= share * width_pt:
        return text
    return text.replace(" ", "\n", 1)


def prefecture_names(
    frame: ProvinceFrame,
    layers: cartography.Layers,
    *,
    values: pd.Series | None = None,
    weight: str = "bold",
    inside_only: bool = False,
) -> list[str]:
    """Prefecture names (and optionally values) inside their prefectures, dark on a white outline.

    Parameters
    ----------
    frame : ProvinceFrame
    layers : Layers
    values : Series, optional
        adcode → text shown under the name.
    weight : str
    inside_only : bool
        Only where a name fits inside its prefecture, clear of the symbols (a symbol map: a name led
        from afar would be read as naming a circle); the others are left out.

    Returns
    -------
    list of str
        The prefectures left unnamed.
    """
    layout = frame.page.layout
    labels = []
    for code, name, geom in zip(
        layers.prefectures["prefecture_adcode"],
        layers.prefectures["prefecture"],
        layers.prefectures.geometry,
        strict=True,
    ):
        text = short_prefecture(name) + ("" if values is None else "\n" + values[code])
        xy = cartography.representative_xy(geom)
        labels.append(
            Label(
                f"pref:{code}",
                text,
                (xy[0], xy[1]),
                geom,
                fill="#ffffff",
                weight=weight,
                inside_only=inside_only,
            )
        )
    placed = place_labels(frame.ax, labels, layout.label_pt, obstacles=frame.obstacles)
    for p in placed:
        p.text.set_path_effects(halo_effect(1.6 * layout.label_pt / 6.5))
        frame.obstacles.append(Bbox.from_extents(*p.box))
    named = {p.label.key for p in placed}
    return [short_prefecture(lab.text.split("\n")[0]) for lab in labels if lab.key not in named]


def neighbour_names(frame: ProvinceFrame, layers: cartography.Layers) -> None:
    """Names of the neighbouring provinces, in grey, where their visible part can hold them.

    Parameters
    ----------
    frame : ProvinceFrame
    layers : Layers
    """
    x0, x1 = frame.ax.get_xlim()
    y0, y1 = frame.ax.get_ylim()
    labels = []
    for name, part in cartography.orientation_labels(layers, (x0, y0, x1, y1)):
        xy = cartography.representative_xy(part)
        labels.append(
            Label(f"near:{name}", name, (xy[0], xy[1]), part, inside_only=True, color=style.ORIENTATION)
        )
    place_labels(frame.ax, labels, frame.page.layout.legend_pt, obstacles=frame.obstacles)


def lines_in(layout: Layout, n: float) -> float:
    return n * layout.legend_pt * 1.35 / 72


def stepped_width(layout: Layout, classes: int = 5) -> float:
    """Inches a stepped legend needs: each class box about five characters of legend type."""
    return classes * 3.6 * layout.legend_pt / 72


def swatch_width(entries, title: str, layout: Layout) -> float:
    """Inches a swatch legend needs: its longest line plus the swatch."""
    texts = [title, *(e[1] if isinstance(e, tuple) else e.get_label() for e in entries)]
    widest = max(text_width_pt(line, layout.legend_pt) for t in texts for line in t.split("\n"))
    return (widest + 3.2 * layout.legend_pt) / 72


def shown_extent(ax: Axes) -> tuple[float, float, float, float]:
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return (x0, y0, x1, y1)


def hongjiang_marker(
    frame: ProvinceFrame,
    layers: cartography.Layers,
    face: str,
    size: float,
    text: str,
    avoid: np.ndarray | None = None,
) -> None:
    """The 洪江区 marker on the main map and its label (led, clear of other labels and symbols)."""
    x, y = cartography.mark_hongjiang(frame.ax, layers, face, size)
    hunan = layers.province.union_all()
    placed = place_labels(
        frame.ax,
        [Label(cartography.HONGJIANG_DISTRICT, text, (x, y), None, within=hunan)],  # never across the border
        frame.page.layout.label_pt,
        obstacles=frame.obstacles,
        avoid=avoid,
        prefer_outside=shapely.box(*shown_extent(frame.ax)).difference(hunan),
        margin=frame.page.layout.label_pt,  # clear of the map's frame
    )
    frame.obstacles.extend(Bbox.from_extents(*p.box) for p in placed)


def simple_choropleth(gdf, values, classes: Classes, title: str, source: str | None = None) -> Figure:
    """One plain choropleth of any coverage (no insets, no layout): the benchmark floor and the national map.

    Parameters
    ----------
    gdf : GeoDataFrame
        Polygons in lon/lat.
    values : array-like of float
    classes : Classes
    title : str
    source : str, optional

    Returns
    -------
    Figure
    """
    import matplotlib.pyplot as plt

    from agritargets.core.geo import equal_area_crs

    projected = gdf.to_crs(equal_area_crs(tuple(gdf.total_bounds)))
    fig = plt.figure(figsize=(10.0, 7.5), dpi=100)
    ax = fig.add_axes((0.01, 0.07, 0.75, 0.82))
    ax.set_axis_off()
    projected.plot(ax=ax, color=classes.color_of(values), edgecolor="white", linewidth=0.1)
    ax.set_aspect("equal")
    lax = fig.add_axes((0.78, 0.3, 0.2, 0.4))
    legends.swatch_legend(lax, legends.class_entries(classes), classes.unit, _BENCH_LAYOUT)
    fig.text(0.02, 0.975, title, fontsize=15, fontweight="bold", va="top")
    if source:
        fig.text(0.02, 0.015, source, fontsize=7, color=style.MUTED)
    return fig


_BENCH_LAYOUT = Layout("bench", {"map": (10.0, 7.5)}, 300, True, 15, 10.5, 7.5, 8, 7, 0.1)
