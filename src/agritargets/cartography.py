"""Map furniture and the drawing layers: projection, scale bar, north arrow, insets, labels, frame."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geopandas as gpd
import matplotlib.pyplot as plt
import shapely
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.patches import Rectangle
from shapely.ops import polylabel

from agritargets import style
from agritargets.geometry import SIMPLIFY_TOLERANCE_M, dissolve_coverage, equal_area_crs, load_boundaries

PROVINCE_TOLERANCE_M = 900.0  # province-wide maps: <3 px at 300 dpi (≈330 m/px), keeps each SVG < 400 KB

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


@dataclass(frozen=True)
class Layers:
    """Projected drawing layers from one coverage (shared borders identical)."""

    counties: gpd.GeoDataFrame  # adcode, name, prefecture_adcode, prefecture, label_x, label_y
    prefectures: gpd.GeoDataFrame  # prefecture_adcode, prefecture
    province: gpd.GeoDataFrame
    crs: str
    tolerance_m: float


@lru_cache(maxsize=4)
def layers(tolerance_m: float = PROVINCE_TOLERANCE_M) -> Layers:
    """Counties, prefectures and province in an equal-area projection, simplified as one coverage.

    Cached per tolerance: every figure of a build reuses the same geometry.
    """
    base = load_boundaries("county")
    crs = equal_area_crs(tuple(base.total_bounds))
    counties = base.to_crs(crs)
    if tolerance_m > SIMPLIFY_TOLERANCE_M:
        counties = counties.set_geometry(
            gpd.GeoSeries(
                shapely.coverage_simplify(counties.geometry.values, tolerance_m),
                index=counties.index,
                crs=crs,
            )
        )
    pts = [_label_point(g) for g in counties.geometry]
    counties["label_x"] = [p.x for p in pts]
    counties["label_y"] = [p.y for p in pts]
    prefs = dissolve_coverage(counties, "prefecture_adcode", keep=["prefecture"])
    province = gpd.GeoDataFrame(geometry=[shapely.coverage_union_all(counties.geometry.values)], crs=crs)
    return Layers(counties, prefs, province, crs, tolerance_m)


def _label_point(geom) -> shapely.Point:
    """Pole of inaccessibility of the largest part: inside the shape and away from its edges."""
    part = max(shapely.get_parts(geom), key=lambda p: p.area)
    return polylabel(part, tolerance=200.0)


def hongjiang_point(lay: Layers) -> tuple[float, float]:
    """Where 洪江区's marker goes: inside 洪江市 (schematic position; 洪江区 has no polygon)."""
    row = lay.counties.set_index("adcode").loc[HONGJIANG_CITY]
    city = row.geometry
    c = city.centroid
    p = shapely.Point(c.x, c.y) if city.contains(c) else city.representative_point()
    # offset towards the polygon's pole so the city's own label keeps its place
    return (0.5 * p.x + 0.5 * row.label_x, 0.5 * p.y + 0.5 * row.label_y - 6000)


# --------------------------------------------------------------------------- furniture


def nice_length_km(width_m: float) -> int:
    """The longest round length that fits in a quarter of the map's width."""
    target = width_m / 1000 / 4
    return max((n for n in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000, 2000) if n <= target), default=1)


def add_scale_bar(ax: Axes, loc: tuple[float, float] = (0.04, 0.04)) -> None:
    """Two-segment scale bar, true in the map's projected metres."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = nice_length_km(x1 - x0)
    length = km * 1000
    bx, by = x0 + loc[0] * (x1 - x0), y0 + loc[1] * (y1 - y0)
    h = 0.012 * (y1 - y0)
    for i, color in enumerate(("#222222", "white")):
        ax.add_patch(
            Rectangle(
                (bx + i * length / 2, by),
                length / 2,
                h,
                facecolor=color,
                edgecolor="#222222",
                lw=0.6,
                zorder=20,
            )
        )
    kw = dict(ha="center", va="bottom", fontsize=style.NOTE_SIZE, zorder=20)
    for x, t in ((bx, "0"), (bx + length / 2, f"{km / 2:g}"), (bx + length, f"{km} 千米")):
        ax.text(x, by + 1.6 * h, t, **kw)


def add_north_arrow(ax: Axes, loc: tuple[float, float] = (0.95, 0.90)) -> None:
    x, y = loc
    tri = MplPolygon([(x, y + 0.07), (x - 0.018, y), (x, y + 0.015), (x + 0.018, y)], closed=True,
                     transform=ax.transAxes, facecolor="#222222", edgecolor="#222222", zorder=20)  # fmt: skip
    ax.add_patch(tri)
    ax.text(
        x,
        y + 0.075,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=9,
        fontweight="bold",
        zorder=20,
    )


def frame(
    fig: Figure,
    title: str,
    subtitle: str = "",
    source_extra: str = "",
    disclaimer: bool = True,
    source: str | None = None,
) -> None:
    """Title and subtitle on top; the source line (default: the notice and the boundaries) and,
    for maps, the 示意图 disclaimer at the foot."""
    fig.text(0.02, 0.975, title, fontsize=style.TITLE_SIZE, fontweight="bold", va="top")
    if subtitle:
        fig.text(0.02, 0.925, subtitle, fontsize=style.SUBTITLE_SIZE, va="top", color="#444444")
    fig.text(
        0.02,
        0.032 if disclaimer else 0.015,
        source or style.source_line(source_extra),
        fontsize=style.NOTE_SIZE - 0.5,
        color="#555555",
    )
    if disclaimer:
        fig.text(0.02, 0.012, style.DISCLAIMER, fontsize=style.NOTE_SIZE - 0.5, color="#555555")


def map_axes(fig: Figure, rect: tuple[float, float, float, float]) -> Axes:
    ax = fig.add_axes(rect)
    ax.set_axis_off()
    ax.set_aspect("equal")
    return ax


def inset_axes(fig: Figure, rect: tuple[float, float, float, float], title: str) -> Axes:
    """A framed map panel (red frame matches its outline on the main map)."""
    ax = fig.add_axes(rect)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_edgecolor("#c0392b")
        sp.set_linewidth(0.8)
    ax.set_title(title, fontsize=style.NOTE_SIZE + 0.5, loc="left", pad=2)
    return ax


def finish_inset(ax: Axes) -> None:
    """geopandas labels projected axes 'Easting/Northing'; an inset wants none."""
    ax.set_xlabel("")
    ax.set_ylabel("")


def fit(ax: Axes, bounds, pad: float = 0.03) -> None:
    minx, miny, maxx, maxy = bounds
    dx, dy = (maxx - minx) * pad, (maxy - miny) * pad
    ax.set_xlim(minx - dx, maxx + dx)
    ax.set_ylim(miny - dy, maxy + dy)


def window(bounds, aspect: float, pad: float = 0.06) -> tuple[float, float, float, float]:
    """``bounds`` grown by ``pad`` and widened or heightened to the axes' width/height ``aspect``."""
    minx, miny, maxx, maxy = bounds
    w, h = (maxx - minx) * (1 + 2 * pad), (maxy - miny) * (1 + 2 * pad)
    w, h = max(w, h * aspect), max(h, w / aspect)
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def inset_bounds(lay: Layers, adcodes, pad: float = 0.12) -> tuple[float, float, float, float]:
    sel = lay.counties[lay.counties["adcode"].isin(adcodes)]
    minx, miny, maxx, maxy = sel.total_bounds
    dx, dy = (maxx - minx) * pad, (maxy - miny) * pad
    return (minx - dx, miny - dy, maxx + dx, maxy + dy)


def clip(gdf: gpd.GeoDataFrame, bounds) -> gpd.GeoDataFrame:
    """Cut shapes to a window so an inset's SVG holds only what it shows."""
    out = gdf.copy()
    out = out.set_geometry(shapely.clip_by_rect(out.geometry.values, *bounds))
    return out[~out.geometry.is_empty]


def outline_on_main(ax: Axes, bounds, label: str) -> None:
    minx, miny, maxx, maxy = bounds
    ax.add_patch(
        Rectangle(
            (minx, miny),
            maxx - minx,
            maxy - miny,
            fill=False,
            edgecolor="#c0392b",
            lw=0.8,
            zorder=15,
            label=label,
        )
    )


def halo(text) -> None:
    """A soft white box behind a label. (A stroke path effect would write every label's outline
    twice into the SVG instead of reusing glyphs, multiplying its size.)"""
    text.set_bbox(dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none", alpha=0.72))


def place_labels(
    ax: Axes, xs, ys, texts, fontsize: float = style.LABEL_SIZE, adjust: bool = True, **kw
) -> list:
    """Labels at points; with ``adjust`` they are pushed apart with leader lines (adjustText)."""
    artists = []
    for x, y, t in zip(xs, ys, texts, strict=True):
        a = ax.text(x, y, t, fontsize=fontsize, ha="center", va="center", zorder=30, **kw)
        halo(a)
        artists.append(a)
    if adjust and len(artists) > 1:
        from adjustText import adjust_text

        adjust_text(
            artists, ax=ax, x=list(xs), y=list(ys), ensure_inside_axes=True,
            arrowprops=dict(arrowstyle="-", color="#555555", lw=0.5, shrinkA=0, shrinkB=0),
            expand=(1.15, 1.3), max_move=None, min_arrow_len=4, iter_lim=300,  # no time limit: deterministic
        )  # fmt: skip
    return artists


def new_figure(size=style.MAP_SIZE) -> Figure:
    return plt.figure(figsize=size, dpi=100)


def legend_patches(
    ax: Axes, classes, title: str, loc: str = "upper left", extra: list[tuple[str, str]] = ()
) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=c, edgecolor="#888888", lw=0.4, label=lab)
        for c, lab in zip(classes.colors, classes.labels, strict=True)
    ]
    handles += [Patch(facecolor=c, edgecolor="#888888", lw=0.4, label=lab) for c, lab in extra]
    leg = ax.legend(handles=handles, title=title, loc=loc, fontsize=style.NOTE_SIZE + 0.5, title_fontsize=style.NOTE_SIZE + 1,
                    frameon=False, alignment="left")  # fmt: skip
    leg.set_zorder(25)
