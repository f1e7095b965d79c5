"""Map layers and furniture: projected layers, windows, scale bars, north arrow, insets, the 洪江区 marker.

Nothing here reads a file: :func:`make_layers` is handed the boundaries (the figure pack and
:func:`agritargets.figures.pack.draw` load them once, at the edge).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle
from matplotlib.path import Path
from matplotlib.transforms import Bbox
from shapely.ops import polylabel

from agritargets.core.formatting import fixed
from agritargets.core.names import short_prefecture
from agritargets.figures.kit import style
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import hide_axis_labels

# Urban cores whose districts are too small to read on a province-wide map.
URBAN_INSETS = {
    "长株潭城区": (
        "430102",
        "430103",
        "430104",
        "430105",
        "430111",
        "430202",
        "430203",
        "430204",
        "430211",
        "430302",
        "430304",
    ),
    "衡阳城区": ("430405", "430406", "430407", "430408"),
    "邵阳城区": ("430502", "430503", "430511"),
}
HONGJIANG_DISTRICT, HONGJIANG_CITY = "431271", "431281"
HONGJIANG_NOTE = "洪江区：无边界数据，\n菱形标于洪江市内（位置示意）"


@dataclass(frozen=True)
class Layers:
    """Projected drawing layers from one coverage (shared borders identical).

    Attributes
    ----------
    counties : GeoDataFrame
        adcode, name, prefecture_adcode, prefecture, label_x, label_y (pole of inaccessibility).
    prefectures : GeoDataFrame
        prefecture_adcode, prefecture.
    province : GeoDataFrame
        One row: Hunan.
    neighbours : GeoDataFrame
        Neighbouring provinces (name, geometry), clipped around Hunan; may be empty.
    crs : str
    tolerance_m : float
    """

    counties: gpd.GeoDataFrame
    prefectures: gpd.GeoDataFrame
    province: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    crs: str
    tolerance_m: float


def _dissolve(counties: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    rows = []
    for code, part in counties.groupby("prefecture_adcode", sort=True):
        rows.append(
            {
                "prefecture_adcode": code,
                "prefecture": part["prefecture"].iloc[0],
                "geometry": shapely.coverage_union_all(part.geometry.values),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=counties.crs)


def make_layers(
    counties: gpd.GeoDataFrame,
    crs: str,
    tolerance_m: float,
    neighbours: gpd.GeoDataFrame | None = None,
) -> Layers:
    """Counties, prefectures and province projected to ``crs`` and simplified as one coverage.

    Parameters
    ----------
    counties : GeoDataFrame
        County polygons (any CRS) with adcode, name, prefecture_adcode, prefecture.
    crs : str
        The equal-area projection to draw in.
    tolerance_m : float
        Coverage-simplification tolerance in metres (0 keeps the input).
    neighbours : GeoDataFrame, optional
        Neighbouring provinces (name, geometry) for context.

    Returns
    -------
    Layers
    """
    projected = counties.to_crs(crs)
    if tolerance_m > 0:
        projected = projected.set_geometry(
            gpd.GeoSeries(
                shapely.coverage_simplify(projected.geometry.values, tolerance_m),
                index=projected.index,
                crs=crs,
            )
        )
    pts = [label_point(g) for g in projected.geometry]
    projected["label_x"] = [p.x for p in pts]
    projected["label_y"] = [p.y for p in pts]
    prefs = _dissolve(projected)
    province = gpd.GeoDataFrame(geometry=[shapely.coverage_union_all(projected.geometry.values)], crs=crs)
    if neighbours is None or neighbours.empty:
        near = gpd.GeoDataFrame({"name": []}, geometry=[], crs=crs)
    else:
        near = neighbours.to_crs(crs)
    return Layers(projected, prefs, province, near, crs, tolerance_m)


def label_point(geom) -> shapely.Point:
    """Pole of inaccessibility of the largest part: inside the shape and away from its edges.

    Parameters
    ----------
    geom : shapely geometry

    Returns
    -------
    shapely.Point
    """
    part = max(shapely.get_parts(geom), key=lambda p: p.area)
    return polylabel(part, tolerance=200.0)


def hongjiang_point(layers: Layers) -> tuple[float, float]:
    """Where 洪江区's marker goes: inside 洪江市, between its centroid and its label point.

    Parameters
    ----------
    layers : Layers

    Returns
    -------
    tuple of float
        Projected x, y (schematic: 洪江区 has no polygon).
    """
    row = layers.counties.set_index("adcode").loc[HONGJIANG_CITY]
    city = row.geometry
    c = city.centroid
    p = shapely.Point(c.x, c.y) if city.contains(c) else city.representative_point()
    x, y = 0.5 * p.x + 0.5 * row.label_x, 0.5 * p.y + 0.5 * row.label_y - 6000
    return (x, y) if city.contains(shapely.Point(x, y)) else (p.x, p.y)


def mark_hongjiang(ax: Axes, layers: Layers, face: str, size_pt: float) -> tuple[float, float]:
    """The one 洪江区 marker: a diamond of ``face`` inside 洪江市 (it has a target but no polygon).

    Parameters
    ----------
    ax : Axes
    layers : Layers
    face : str
        Its class colour (or the symbol colour on a proportional-symbol map).
    size_pt : float
        Marker width in points.

    Returns
    -------
    tuple of float
        The marker's position (for its label).
    """
    x, y = hongjiang_point(layers)
    ax.plot(
        [x], [y], marker="D", ms=size_pt, mfc=face, mec=style.INK, mew=0.7, ls="", zorder=26, gid="hongjiang"
    )
    return x, y


def hongjiang_handle(face: str, size_pt: float) -> Line2D:
    """Legend entry for the 洪江区 marker.

    Parameters
    ----------
    face : str
    size_pt : float

    Returns
    -------
    Line2D
    """
    return Line2D(
        [], [], marker="D", ms=size_pt, mfc=face, mec=style.INK, mew=0.7, ls="", label=HONGJIANG_NOTE
    )


# --------------------------------------------------------------------------- drawing shapes


def _polygon_path(geom) -> Path:
    """One compound path of all rings of a (multi)polygon (holes stay holes: even-odd by ring order)."""
    verts, codes = [], []
    for part in shapely.get_parts(geom):
        for ring in (part.exterior, *part.interiors):
            xy = np.asarray(ring.coords)
            if len(xy) < 3:
                continue
            verts.append(xy)
            codes.append(np.concatenate([[Path.MOVETO], np.full(len(xy) - 2, Path.LINETO), [Path.CLOSEPOLY]]))
    if not verts:
        return Path(np.zeros((1, 2)), [Path.MOVETO])
    return Path(np.concatenate(verts), np.concatenate(codes))


def fill(
    ax: Axes,
    geoms,
    facecolors,
    *,
    edgecolor: str = "none",
    linewidth: float = 0.0,
    zorder: float = 3,
    hatch: str | None = None,
) -> PathCollection:
    """Polygons as one collection: faces, thin edges (what ``GeoSeries.plot`` does, without redrawing the figure).

    Parameters
    ----------
    ax : Axes
    geoms : sequence of shapely geometries
    facecolors : str or sequence of str
    edgecolor : str
    linewidth : float
    zorder : float
    hatch : str, optional

    Returns
    -------
    PathCollection
    """
    paths = [_polygon_path(g) for g in geoms]
    coll = PathCollection(
        paths, facecolors=facecolors, edgecolors=edgecolor, linewidths=linewidth, zorder=zorder, hatch=hatch
    )
    coll.set_transform(ax.transData)
    ax.add_collection(coll, autolim=False)
    return coll


def fill_specks(
    ax: Axes, geoms, facecolors, linewidth: float, zorder: float = 3, min_pt: float = 4.0
) -> None:
    """Parts smaller than ``min_pt`` across redrawn with their own colour as edge, over their white outline.

    A county's exclave of a square kilometre (雨湖区's five inside 湘潭县) is mostly the white edge
    drawn round it and reads as a hole in the map; redrawn, it reads as the county's colour.
    Call after the axes limits are final.

    Parameters
    ----------
    ax : Axes
    geoms : sequence of shapely geometries
    facecolors : str or sequence of str
    linewidth : float
        The edge width the first drawing used (points).
    zorder : float
    min_pt : float
    """
    x0, x1 = ax.get_xlim()
    pt_per_m = ax.get_position().width * ax.figure.get_figwidth() * 72 / (x1 - x0)
    colors = [facecolors] * len(geoms) if isinstance(facecolors, str) else list(facecolors)
    small, their = [], []
    for g, col in zip(geoms, colors, strict=True):
        for part in shapely.get_parts(g):
            minx, miny, maxx, maxy = part.bounds
            if max(maxx - minx, maxy - miny) * pt_per_m < min_pt:
                small.append(part)
                their.append(col)
    if small:
        coll = fill(ax, small, their, linewidth=linewidth, zorder=zorder + 0.01)
        coll.set_edgecolor(their)


def fill_gaps(ax: Axes, geoms, color: str = style.CONTEXT, zorder: float = 2.5) -> None:
    """The holes of ``geoms`` (the union of the counties drawn) filled in a neutral colour: a gap the
    boundary data leaves between counties (10 km² between 会同县 and 靖州县) shows as land, not as paper.

    Only the holes are drawn (a few small rings), so the SVG barely grows.

    Parameters
    ----------
    ax : Axes
    geoms : sequence of shapely geometries
        Province or prefecture outlines (their interior rings are the gaps).
    color : str
    zorder : float
    """
    holes = [shapely.Polygon(ring) for g in geoms for part in shapely.get_parts(g) for ring in part.interiors]
    if holes:
        fill(ax, holes, color, zorder=zorder)


def outline(ax: Axes, geoms, color: str, linewidth: float, zorder: float = 4) -> LineCollection:
    """The boundaries of polygons as lines.

    Parameters
    ----------
    ax : Axes
    geoms : sequence of shapely geometries
    color : str
    linewidth : float
    zorder : float

    Returns
    -------
    LineCollection
    """
    segments = [
        np.asarray(ring.coords)
        for g in geoms
        for part in shapely.get_parts(g)
        for ring in (part.exterior, *part.interiors)
    ]
    coll = LineCollection(
        segments, colors=color, linewidths=linewidth, zorder=zorder, capstyle="round", joinstyle="round"
    )
    ax.add_collection(coll, autolim=False)
    return coll


# --------------------------------------------------------------------------- windows


def fit(ax: Axes, bounds, pad: float = 0.03) -> tuple[float, float, float, float]:
    """Show ``bounds`` (grown by ``pad``) filling the axes, at equal scale in x and y.

    Parameters
    ----------
    ax : Axes
    bounds : sequence of float
        minx, miny, maxx, maxy.
    pad : float
        Fraction of each side added around ``bounds``.

    Returns
    -------
    tuple of float
        The window shown.
    """
    pos = ax.get_position()
    aspect = (pos.width * ax.figure.get_figwidth()) / (pos.height * ax.figure.get_figheight())
    shown = window(bounds, aspect, pad)
    ax.set_xlim(shown[0], shown[2])
    ax.set_ylim(shown[1], shown[3])
    return shown


def window(bounds, aspect: float, pad: float = 0.04) -> tuple[float, float, float, float]:
    """``bounds`` grown by ``pad`` and widened or heightened to the axes' width/height ``aspect``.

    Parameters
    ----------
    bounds : sequence of float
    aspect : float
        Width / height of the axes it will fill.
    pad : float

    Returns
    -------
    tuple of float
    """
    minx, miny, maxx, maxy = bounds
    w, h = (maxx - minx) * (1 + 2 * pad), (maxy - miny) * (1 + 2 * pad)
    w, h = max(w, h * aspect), max(h, w / aspect)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def aspect_of(bounds) -> float:
    """Width / height of ``bounds``.

    Parameters
    ----------
    bounds : sequence of float

    Returns
    -------
    float
    """
    minx, miny, maxx, maxy = bounds
    return (maxx - minx) / (maxy - miny)


def inset_bounds(layers: Layers, adcodes, pad: float = 0.1) -> tuple[float, float, float, float]:
    """Bounding box of some counties, grown by ``pad``.

    Parameters
    ----------
    layers : Layers
    adcodes : iterable of str
    pad : float

    Returns
    -------
    tuple of float
    """
    sel = layers.counties[layers.counties["adcode"].isin(adcodes)]
    minx, miny, maxx, maxy = sel.total_bounds
    dx, dy = (maxx - minx) * pad, (maxy - miny) * pad
    return (minx - dx, miny - dy, maxx + dx, maxy + dy)


def clip(gdf: gpd.GeoDataFrame, bounds) -> gpd.GeoDataFrame:
    """Cut shapes to a window so a panel's SVG holds only what it shows.

    Parameters
    ----------
    gdf : GeoDataFrame
    bounds : sequence of float

    Returns
    -------
    GeoDataFrame
    """
    out = gdf.copy()
    out = out.set_geometry(shapely.clip_by_rect(out.geometry.values, *bounds))
    return out[~out.geometry.is_empty]


# --------------------------------------------------------------------------- furniture


def nice_length_km(width_m: float) -> int:
    """The longest round length that fits in a quarter of the map's width.

    Parameters
    ----------
    width_m : float

    Returns
    -------
    int
        Kilometres.
    """
    target = width_m / 1000 / 4
    return max((n for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if n <= target), default=1)


def add_scale_bar(ax: Axes, layout: Layout, loc: tuple[float, float] = (0.04, 0.04)) -> Bbox:
    """A scale bar of a round length (whole kilometres), true in the map's projected metres.

    It sits on a white box, so it reads on the darkest fill; its artists carry the gid
    ``furniture:scalebar`` (:func:`agritargets.figures.kit.checks.furniture_clear` finds them).

    Parameters
    ----------
    ax : Axes
    layout : Layout
    loc : tuple of float
        Lower-left corner in axes fraction.

    Returns
    -------
    Bbox
        Its extent in display pixels with a margin of half the note size (an obstacle for labels).
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = nice_length_km(x1 - x0)
    length = km * 1000
    bx, by = x0 + loc[0] * (x1 - x0), y0 + loc[1] * (y1 - y0)
    h = layout.note_pt * 0.4 / 72 * _metres_per_inch(ax)
    halves = km % 2 == 0 and km >= 10
    artists = []
    for i, color in enumerate((style.INK, "white") if halves else (style.INK,)):
        part = length / 2 if halves else length
        r = Rectangle((bx + i * part, by), part, h, facecolor=color, edgecolor=style.INK, lw=0.5, zorder=20)
        ax.add_patch(r)
        artists.append(r)
    text = ax.text(
        bx + length, by + h / 2, f" {km} 千米", ha="left", va="center", fontsize=layout.note_pt, zorder=20
    )
    artists.append(text)
    back = _white_box(ax, artists, 0.35 * layout.note_pt, FURNITURE_SCALEBAR)
    return _union_extent(ax, [*artists, back]).padded(furniture_margin_px(ax, layout))


def furniture_margin_px(ax: Axes, layout: Layout) -> float:
    """The gap (display px) labels keep from a scale bar or a north arrow: half the note size.

    Parameters
    ----------
    ax : Axes
    layout : Layout

    Returns
    -------
    float
    """
    return 0.5 * layout.note_pt * ax.figure.dpi / 72


FURNITURE_SCALEBAR, FURNITURE_NORTH = "furniture:scalebar", "furniture:north"


def _white_box(ax: Axes, artists: list, pad_pt: float, gid: str) -> Rectangle:
    """A white box under ``artists`` (grown by ``pad_pt``), all tagged ``gid``: furniture legible on any fill."""
    box = _union_extent(ax, artists).padded(pad_pt * ax.figure.dpi / 72)
    (dx0, dy0), (dx1, dy1) = ax.transData.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    back = Rectangle(
        (dx0, dy0), dx1 - dx0, dy1 - dy0, facecolor="white", edgecolor="none", alpha=0.85, zorder=19.5
    )
    ax.add_patch(back)
    for a in (*artists, back):
        a.set_gid(gid)
    return back


def _metres_per_inch(ax: Axes) -> float:
    x0, x1 = ax.get_xlim()
    return (x1 - x0) / (ax.get_position().width * ax.figure.get_figwidth())


def _union_extent(ax: Axes, artists) -> Bbox:
    renderer = ax.figure.canvas.get_renderer()
    return Bbox.union([a.get_window_extent(renderer) for a in artists])


def add_north_arrow(ax: Axes, layout: Layout, loc: tuple[float, float] = (0.05, 0.86)) -> Bbox:
    """A north arrow (the equal-area projection keeps north up within a degree over Hunan).

    Parameters
    ----------
    ax : Axes
    layout : Layout
    loc : tuple of float
        Base of the arrow in axes fraction.

    Returns
    -------
    Bbox
        Its extent in display pixels with the furniture margin (an obstacle for labels).
    """
    x, y = loc
    fig_h = ax.get_position().height * ax.figure.get_figheight()
    fig_w = ax.get_position().width * ax.figure.get_figwidth()
    hh = layout.legend_pt * 2.2 / 72 / fig_h
    ww = layout.legend_pt * 0.55 / 72 / fig_w
    tri = MplPolygon(
        [(x, y + hh), (x - ww, y), (x, y + 0.22 * hh), (x + ww, y)],
        closed=True,
        transform=ax.transAxes,
        facecolor=style.INK,
        edgecolor=style.INK,
        zorder=20,
    )
    ax.add_patch(tri)
    n = ax.text(
        x,
        y + hh * 1.05,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=layout.legend_pt,
        fontweight="bold",
        zorder=20,
    )
    for a in (tri, n):  # a white outline: the arrow reads on a dark fill too
        a.set_path_effects([patheffects.withStroke(linewidth=1.6, foreground="white")])
        a.set_gid(FURNITURE_NORTH)
    return _union_extent(ax, [tri, n]).padded(furniture_margin_px(ax, layout))


def frame_on_main(ax: Axes, bounds, name: str, layout: Layout) -> Bbox:
    """The outline of an inset on the main map, named like the inset.

    Parameters
    ----------
    ax : Axes
    bounds : sequence of float
    name : str
    layout : Layout

    Returns
    -------
    Bbox
        Extent of the outline and its name (an obstacle for labels).
    """
    minx, miny, maxx, maxy = bounds
    rect = Rectangle(
        (minx, miny), maxx - minx, maxy - miny, fill=False, edgecolor=style.FRAME, lw=0.8, zorder=22
    )
    ax.add_patch(rect)
    tag = ax.text(
        minx,
        maxy,
        frame_name(name),
        ha="left",
        va="bottom",
        fontsize=layout.note_pt,
        color=style.FRAME,
        zorder=22,
    )
    tag.set_path_effects([patheffects.withStroke(linewidth=1.5, foreground="white")])
    return _union_extent(ax, [rect, tag])


def inset_axes(page, rect_in: tuple[float, float, float, float], name: str, zoom: float) -> Axes:
    """A framed map panel titled with its name and how much it is enlarged.

    Parameters
    ----------
    page : agritargets.figures.kit.page.Page
    rect_in : tuple of float
        left, bottom, width, height in inches.
    name : str
    zoom : float
        Scale relative to the main map.

    Returns
    -------
    Axes
    """
    ax = page.axes(*rect_in, off=False)
    hide_axis_labels(ax)
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_edgecolor(style.FRAME)
        sp.set_linewidth(0.8)
    title = zoom_title(name, zoom)
    ax.set_title(title, fontsize=page.layout.legend_pt, loc="left", pad=2, color=style.INK)
    return ax


def zoom_title(name: str, zoom: float) -> str:
    """An inset's title, in one form on every figure: the name its frame carries on the main map,
    then （放大 n 倍）.

    Parameters
    ----------
    name : str
        E.g. ``衡阳城区`` (titled ``衡阳``, as its frame on the main map).
    zoom : float
        Scale relative to the main map.

    Returns
    -------
    str

    Examples
    --------
    >>> zoom_title("衡阳城区", 5.43)
    '衡阳（放大 5.4 倍）'
    """
    return f"{frame_name(name)}（放大 {fixed(zoom, 1)} 倍）"


def frame_name(name: str) -> str:
    """An inset's short name (``长株潭城区`` → ``长株潭``): its frame's tag on the main map and its title.

    Parameters
    ----------
    name : str

    Returns
    -------
    str
    """
    return name.removesuffix("城区") or name


def draw_context(ax: Axes, layers: Layers, bounds, *, other_prefectures: str | None = None) -> None:
    """Neighbouring provinces (palest) and, for a prefecture panel, the other prefectures.

    Parameters
    ----------
    ax : Axes
    layers : Layers
    bounds : sequence of float
        The visible window.
    other_prefectures : str, optional
        The subject prefecture's adcode: every other prefecture is drawn as context.
    """
    near = clip(layers.neighbours, bounds)
    if len(near):
        fill(ax, near.geometry, style.NEIGHBOUR, edgecolor=style.CONTEXT_EDGE, linewidth=0.5, zorder=1)
    if other_prefectures is not None:
        prefs = layers.prefectures
        ctx = clip(prefs[prefs["prefecture_adcode"] != other_prefectures], bounds)
        if len(ctx):
            fill(ax, ctx.geometry, style.CONTEXT, edgecolor=style.CONTEXT_EDGE, linewidth=0.6, zorder=2)


def orientation_labels(
    layers: Layers, bounds, *, prefectures_except: str | None = None
) -> list[tuple[str, shapely.Geometry]]:
    """Names and visible areas of the neighbouring provinces (and other prefectures) in a window.

    Parameters
    ----------
    layers : Layers
    bounds : sequence of float
    prefectures_except : str, optional
        Also name every prefecture but this one.

    Returns
    -------
    list of (name, visible geometry)
        For :func:`agritargets.figures.kit.placement.place_labels` as inside-only labels.
    """
    out = []
    frame = shapely.box(*bounds)
    for name, geom in zip(layers.neighbours["name"], layers.neighbours.geometry, strict=True):
        part = geom.intersection(frame)
        if not part.is_empty and part.area > 0.02 * frame.area:
            out.append((name, part))
    if prefectures_except is not None:
        prefs = layers.prefectures
        for code, name, geom in zip(
            prefs["prefecture_adcode"], prefs["prefecture"], prefs.geometry, strict=True
        ):
            if code == prefectures_except:
                continue
            part = geom.intersection(frame)
            if not part.is_empty and part.area > 0.02 * frame.area:
                out.append((short_prefecture(name), part))
    return out


def largest_part(geom) -> shapely.Geometry:
    """The largest polygon of a (multi)polygon.

    Parameters
    ----------
    geom : shapely geometry

    Returns
    -------
    shapely geometry
    """
    return max(shapely.get_parts(geom), key=lambda p: p.area)


def locator(ax: Axes, layers: Layers, adcode: str) -> None:
    """A small map of Hunan's prefectures with one highlighted.

    Parameters
    ----------
    ax : Axes
    layers : Layers
    adcode : str
        The prefecture to highlight.
    """
    prefs = layers.prefectures
    colors = [style.HIGHLIGHT if a == adcode else "#dddddd" for a in prefs["prefecture_adcode"]]
    fill(ax, prefs.geometry, colors, edgecolor="white", linewidth=0.4)
    fit(ax, layers.province.total_bounds, pad=0.02)


def representative_xy(geom) -> np.ndarray:
    """A point inside ``geom``'s largest part (pole of inaccessibility).

    Parameters
    ----------
    geom : shapely geometry

    Returns
    -------
    ndarray
    """
    p = label_point(geom)
    return np.array([p.x, p.y])
