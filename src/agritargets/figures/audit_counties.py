"""``chart_audit_counties``: every county's printed minus recomputed target, by prefecture."""

from __future__ import annotations

from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from agritargets.core.formatting import yi
from agritargets.core.names import short_county, short_prefecture, short_zone
from agritargets.figures.kit import style
from agritargets.figures.kit.chart import chart_axes, name_width
from agritargets.figures.kit.classify import residual_classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page, text_width_pt
from agritargets.figures.kit.placement import BAND_STAGE, Label, place_labels
from agritargets.figures.kit.spec import FigureSpec, by_residual_classes
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message, name_list
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import AGREE_YI, NAMED_YI, named

MIN_ROW = 0.65  # the narrowest row (a row without labels), in mean row heights
DOT_PT = 0.62  # dot diameter in legend type sizes: small enough that tied dots stack inside a row
PITCH = 1.15  # least distance between two markers' centres, in dot diameters (diamonds are a little wider)


ROW_ATTEMPTS = 4  # drawings of the county chart at most, crowded rows growing each time
NAMED_PER_ROW = 5  # names per prefecture row at most, the largest differences first: a rerun
# with a new total differs everywhere, and 100 names with leaders across the chart read as noise


LEGEND_ROW = 1.5  # height of a legend row below the chart, in legend type sizes

BAND_SHORT = "灰带中的数字为相差不超过 0.02 的县市区个数"
BAND_LEGEND = "±0.02：两个舍入值之差，视为一致（数字为县市区个数）"
BAND_CAPTION = (
    "灰带为 ±0.02 亿元：两个目标都四舍五入到 0.01 亿元，单个值的舍入误差不超过 ±0.005，两个舍入值之差可达 ±0.01；"
    "相差不超过 0.02 视为一致（几项舍入累积可达此数）。一致的县市区在灰带中不逐点画出，只写每个市州的个数，其余每点一个县市区，"
    "相同或相近的值上下错开，互不遮挡。"
)


def words(scenario: Scenario, meta: Meta) -> Texts:
    """Words of ``chart_audit_counties``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta

    Returns
    -------
    Texts
    """
    r = scenario.counties["residual_yi"]
    agree = int((r.abs() < AGREE_YI).sum())
    peak = r.abs().max()
    tops = scenario.counties[r.abs() == peak]["county"].tolist()
    v = scenario.counties.loc[r.abs().idxmax(), "residual_yi"]
    if scenario.is_published:
        direction = "高" if v > 0 else "低"
        title = f"{name_list(tops)}印发目标比复算{direction} {yi(abs(v))} 亿元；{agree} 个县市区相差不超过 0.02 亿元"
        subtitle = f"每点一个县市区：印发 − 复算（亿元），按市州分行；{BAND_SHORT}；◇ 为单列功能区的折合目标"
        caption = (
            f"123 个县市区的印发目标减去复算值（亿元；复算：{scenario.compare_label}），按市州分行。{BAND_CAPTION}"
            f"{naming_note(scenario.counties)}。◇ 为七普分县资料在该市州单列的功能区，"
            "位置是其人口按同一规则折合的目标（人口 ÷ 全省人口 × 400，亿元）：大的正差与同市州功能区的折合值几乎相等。"
            "功能区属于哪个县市区，所用资料没有说明，图中只并列，不作对应。"
        )
        source = source_line(
            meta,
            attachments="附件3",
            boundaries=False,
            population=scenario.population_label + "；功能区：七普分县资料",
        )
    else:
        title = f"{agree} 个县市区的新目标与 2023 年相差不超过 0.02 亿元，变化最大的是{name_list(tops)}（{yi(v, signed=True)}）"
        subtitle = f"每点一个县市区：新测算目标 − 2023 年印发目标（亿元），按市州分行；{BAND_SHORT}"
        caption = (
            f"123 个县市区新测算目标减去 2023 年印发目标（亿元），按市州分行。{BAND_CAPTION}"
            f"{naming_note(scenario.counties)}。"
        )
        source = source_line(
            meta, attachments="附件3", boundaries=False, population=scenario.population_label
        )
    return message(title=title, subtitle=subtitle, caption=caption, source=source, disclaimer=False)


def named_counties(counties: pd.DataFrame) -> pd.DataFrame:
    """The counties the chart names: beyond the naming threshold, at most :data:`NAMED_PER_ROW` per
    prefecture (the largest differences; ties in the notice's order), in the table's own order.

    Parameters
    ----------
    counties : DataFrame
        With ``residual_yi``, ``prefecture_adcode`` and ``seq``.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> t = pd.DataFrame({"residual_yi": [0.2, -0.3, 0.05, 0.2] + [0.5] * 5,
    ...                   "prefecture_adcode": ["a"] * 4 + ["b"] * 5, "seq": range(9)})
    >>> named_counties(t)["seq"].tolist()
    [0, 1, 3, 4, 5, 6, 7, 8]
    >>> named_counties(t.assign(residual_yi=[0.6] * 9))["seq"].tolist()
    [0, 1, 2, 3, 4, 5, 6, 7, 8]
    """
    big = counties[named(counties["residual_yi"])]
    ranked = big.assign(size=big["residual_yi"].abs()).sort_values(["size", "seq"], ascending=[False, True])
    keep = ranked.groupby("prefecture_adcode", sort=False).head(NAMED_PER_ROW).index
    return big.loc[big.index.isin(keep)]


def naming_note(counties: pd.DataFrame) -> str:
    """The caption's sentence on which counties carry a name (the cap is stated only where it applied).

    Examples
    --------
    >>> t = pd.DataFrame({"residual_yi": [0.2] * 6, "prefecture_adcode": ["a"] * 6, "seq": range(6)})
    >>> naming_note(t)
    '相差超过 0.10 的县市区标出名称（每个市州至多 5 个，取相差最大者）'
    >>> naming_note(t.head(5))
    '相差超过 0.10 的县市区标出名称'
    """
    rule = "相差超过 0.10 的县市区标出名称"
    capped = len(named_counties(counties)) < int(named(counties["residual_yi"]).sum())
    return rule + (f"（每个市州至多 {NAMED_PER_ROW} 个，取相差最大者）" if capped else "")


def swarm_levels(xs_pt: np.ndarray, diameter_pt: float, max_level: int) -> np.ndarray:
    """Vertical levels (0, +1, −1, +2 …) so that no two markers of one row overlap.

    Markers are taken left to right; each takes the level nearest the row's line on which no marker
    already placed lies within one diameter horizontally. Only when all ``2 · max_level + 1`` levels
    are taken does a marker share the level with the most room.

    Parameters
    ----------
    xs_pt : ndarray
        Horizontal positions in points.
    diameter_pt : float
    max_level : int

    Returns
    -------
    ndarray of int

    Examples
    --------
    >>> swarm_levels(np.array([0.0, 0.0, 1.0, 10.0]), 5.0, 2).tolist()
    [0, 1, -1, 0]
    """
    order = np.argsort(xs_pt, kind="stable")
    levels = np.zeros(len(xs_pt), dtype=int)
    candidates = [0] + [k * sign for k in range(1, max_level + 1) for sign in (1, -1)]
    last: dict[int, float] = {}  # level -> x of its rightmost marker
    for i in order:
        x = float(xs_pt[i])
        free = [lv for lv in candidates if x - last.get(lv, -np.inf) >= diameter_pt - 1e-9]
        lv = free[0] if free else min(candidates, key=lambda c: (last.get(c, -np.inf), abs(c)))
        levels[i] = lv
        last[lv] = x
    return levels


def row_heights(
    labels: list[list[tuple[float, float]]],
    markers: list[np.ndarray],
    radius: float,
    extra: np.ndarray | None = None,
    floor: np.ndarray | None = None,
) -> np.ndarray:
    """Heights of the prefecture rows (top to bottom), from how crowded each row's labels are.

    A label's crowding counts the labels within one label's width of it (their boxes would
    overlap on the row's line) and the unlabelled markers its box would cover there. One label
    sits beside its dot, two take both sides, more need lines above and below: a row's weight
    grows with its most crowded label. Rows without labels share what is left, no narrower than
    :data:`MIN_ROW`; the heights sum to the number of rows.

    Parameters
    ----------
    labels : list of list of (x, width)
        Per row, each label's anchor and box width (data units of the x axis).
    markers : list of ndarray
        Per row, the x of every marker (labelled ones included).
    radius : float
        A marker's radius in data units of the x axis.
    extra : ndarray, optional
        Weight added per row (rows whose labels did not fit at an earlier try).
    floor : ndarray, optional
        Least height per row, in mean row heights (its name, its stacked dots).

    Returns
    -------
    ndarray
    """
    weights = []
    for row, xs in zip(labels, markers, strict=True):
        crowd = 0
        for x, w in row:
            near = sum(abs(x2 - x) < (w + w2) / 2 for x2, w2 in row)
            covered = int((np.abs(np.asarray(xs) - x) < w / 2 + radius).sum()) - sum(
                abs(x2 - x) < w / 2 + radius for x2, _ in row
            )
            crowd = max(crowd, near + covered)
        weights.append(0.0 if crowd == 0 else {1: 0.85}.get(crowd, 1 + 0.4 * (min(crowd, 5) - 2)))
    w = np.array(weights) + (0 if extra is None else np.asarray(extra, dtype=float))
    empty = w == 0
    if empty.any():
        w[empty] = max(MIN_ROW, (len(w) - w[~empty].sum()) / empty.sum())
    w = w * len(w) / w.sum()
    if floor is None:
        return w
    floor = np.minimum(np.asarray(floor, dtype=float), 2.0)  # never more than two mean rows
    for _ in range(len(w)):  # rows at their floor stay there; the others share what is left
        low = w < floor - 1e-12
        if not low.any():
            break
        w[low] = floor[low]
        free = w > floor + 1e-12
        w[free] *= (len(w) - w[~free].sum()) / w[free].sum()
    return w


def draw(
    scenario, zones: pd.DataFrame | None, yi_per_wan: float | None, texts: Texts, layout: Layout
) -> Figure:
    """Every county's difference (printed − recomputed, or new − 2023), one row per prefecture.

    Each label stays in its prefecture's row (a band between thin rules); rows with crowded
    labels are taller (:func:`row_heights`). The legend sits below the axes, clear of the data.

    Parameters
    ----------
    scenario : Scenario
    zones : DataFrame, optional
        Functional zones the census lists separately (name, prefecture, population_wan); drawn
        as open diamonds at the target their population would carry (published scenario only).
    yi_per_wan : float, optional
        亿元 of target per 万人 under the comparison's denominator (400 / P).
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
        Its axes carry ``agt_rows``: prefecture adcode → (bottom, top) of its row in data units.
    """
    rows = _rows(scenario, zones, yi_per_wan)
    grow = np.zeros(rows.n)  # height added to rows whose labels did not fit inside them
    for attempt in range(ROW_ATTEMPTS):
        fig, ax, placed = _draw_rows(rows, grow, texts, layout)
        crowded = np.zeros(rows.n, dtype=bool)
        for p in placed:
            (x0, x1), (y0, y1) = ax.transData.transform(np.column_stack(p.leader.get_data())).T
            long_leader = np.hypot(x1 - x0, y1 - y0) > 2 * (p.box[3] - p.box[1])
            if p.cost >= 2 * BAND_STAGE or long_leader:  # more than a quarter of the box out of its row
                crowded[rows.row_of[p.label.key]] = True
        for code in rows.overfull:
            crowded[rows.codes_order.index(code)] = True
        if not crowded.any() or attempt == ROW_ATTEMPTS - 1:
            return fig
        plt.close(fig)
        grow[crowded] += 0.4
    raise AssertionError("unreachable")


@dataclass
class _Rows:
    """What the county chart draws, prepared once for every attempt at the row heights."""

    counties: pd.DataFrame  # with a residual
    classes: object
    codes_order: list  # prefecture adcodes, in the notice's order (top row first)
    names: list  # their short names
    xs: np.ndarray  # residuals
    codes: np.ndarray  # each county's prefecture
    zones: pd.DataFrame | None
    zone_x: np.ndarray  # the target a zone's population carries
    zone_code: np.ndarray  # each zone's prefecture
    named: list  # (key, text, x, prefecture, is a zone)
    is_published: bool
    height: dict = field(default_factory=dict)  # row heights of the current attempt
    overfull: set = field(default_factory=set)  # rows whose dots did not fit side by side at this attempt

    @property
    def n(self) -> int:
        return len(self.codes_order)

    @property
    def row_of(self) -> dict:
        return {key: self.codes_order.index(code) for key, _, _, code, _ in self.named}


def _rows(scenario, zones: pd.DataFrame | None, yi_per_wan: float | None) -> _Rows:
    c = scenario.counties.dropna(subset=["residual_yi"])
    prefs = scenario.prefectures.sort_values("seq")
    xs = c["residual_yi"].to_numpy()
    codes = c["prefecture_adcode"].to_numpy(dtype=object)
    zone_x = np.array([])
    zone_code = np.array([], dtype=object)
    if zones is not None and yi_per_wan is not None and len(zones):
        zone_x = zones["population_wan"].to_numpy() * yi_per_wan
        code_of = dict(zip(prefs["prefecture"], prefs["adcode"], strict=True))
        zone_code = zones["prefecture"].map(code_of).to_numpy(dtype=object)
    big = named_counties(c)
    named_rows = [
        (a, f"{short_county(name)} {yi(v, signed=True)}", float(v), code, False)
        for a, name, v, code in zip(
            big["adcode"], big["county"], big["residual_yi"], big["prefecture_adcode"], strict=True
        )
    ]
    if len(zone_x):
        named_rows += [
            (f"zone:{nm}", short_zone(nm, pf), float(x), code, True)
            for nm, pf, x, code in zip(zones["name"], zones["prefecture"], zone_x, zone_code, strict=True)
            if x > NAMED_YI
        ]
    return _Rows(
        c,
        residual_classes(c["residual_yi"]),
        prefs["adcode"].tolist(),
        [short_prefecture(n) for n in prefs["prefecture"]],
        xs,
        codes,
        zones,
        zone_x,
        zone_code,
        named_rows,
        scenario.is_published,
    )


def _draw_rows(rows: _Rows, grow: np.ndarray, texts: Texts, layout: Layout):
    rows.overfull = set()
    page = new_page(layout, "chart", texts)
    ax = chart_axes(
        page,
        left_pt=name_width(rows.names, layout.legend_pt) + 8,
        bottom_pt=layout.legend_pt * (4.2 + 2 * LEGEND_ROW),
        right_pt=8,
    )
    band = _bands(page, ax, rows, grow, layout)
    centre = {code: (b0 + b1) / 2 for code, (b0, b1) in band.items()}
    points, y_of, legend = _dots(ax, rows, centre, layout)
    labels = [
        Label(key, text, (x, y_of[key]), None, color=style.MUTED if zone else None, band=band[code])
        for key, text, x, code, zone in rows.named
    ]
    ax.set_yticks([centre[code] for code in rows.codes_order], rows.names)
    ax.tick_params(axis="y", length=0)
    ax.grid(False, axis="y")
    verb = "印发 − 复算" if rows.is_published else "新测算 − 2023 年印发"
    ax.set_xlabel(
        f"{verb}（亿元）：右侧为{'印发' if rows.is_published else '新测算'}较高",
        fontsize=layout.legend_pt,
    )
    _legend_below(page, ax, legend, layout)
    placed = place_labels(ax, labels, layout.label_pt, avoid=points, max_rings=12)
    return page.fig, ax, placed


def _bands(page, ax, rows: _Rows, grow: np.ndarray, layout: Layout) -> dict:
    """Set the x range and the rows' heights; draw the rounding band, the zero line and the row rules."""
    xs, zone_x, n = rows.xs, rows.zone_x, rows.n
    lo = min(float(xs.min()), -0.1) - 0.16  # room for the names of the largest negative differences
    hi = max(float(xs.max()), 0.1)
    if len(zone_x):
        hi = max(hi, float(zone_x.max()))
    ax.set_xlim(lo, hi + 0.12 * (hi - lo))
    unit_pt = ax.get_position().width * page.width * 72 / (hi + 0.12 * (hi - lo) - lo)
    pad_pt = 0.5 * layout.label_pt  # the label's box and its gap to the dot
    heights = row_heights(
        [
            [
                (x, (text_width_pt(t, layout.label_pt) + pad_pt) / unit_pt)
                for _, t, x, code, _ in rows.named
                if code == row
            ]
            for row in rows.codes_order
        ],
        [np.concatenate([xs[rows.codes == row], zone_x[rows.zone_code == row]]) for row in rows.codes_order],
        DOT_PT / 2 * layout.legend_pt / unit_pt,
        grow,
        _row_floors(ax, page, rows, unit_pt, layout),
    )
    tops = n - np.concatenate([[0], np.cumsum(heights)[:-1]])
    band = {
        code: (float(t - h), float(t)) for code, t, h in zip(rows.codes_order, tops, heights, strict=True)
    }
    ax.agt_rows = band
    rows.height = dict(zip(rows.codes_order, heights, strict=True))
    ax.set_ylim(0, n)
    ax.add_patch(Rectangle((-AGREE_YI, 0), 2 * AGREE_YI, n, facecolor="#ececec", edgecolor="none", zorder=0))
    ax.axvline(0, color="#999999", lw=0.6, zorder=1)
    for t in tops[1:]:
        ax.axhline(t, color="#dddddd", lw=0.5, zorder=0.5)
    return band


def _row_floors(ax, page, rows: _Rows, unit_pt: float, layout: Layout) -> np.ndarray:
    """Each row's least height (mean rows): its name's line, or its swarm of dots if taller."""
    pt_per_row = ax.get_position().height * page.height * 72 / rows.n
    diameter = DOT_PT * layout.legend_pt
    out = []
    for code in rows.codes_order:
        xs = np.concatenate(_row_markers(rows, code))
        span = 0
        if len(xs):
            levels = swarm_levels(xs * unit_pt, PITCH * diameter, 12)
            span = int(levels.max() - levels.min())
        need = max(1.3 * layout.legend_pt, span * PITCH * diameter + diameter + 1.0)
        out.append(need / pt_per_row)
    return np.array(out)


def _dots(ax, rows: _Rows, centre: dict, layout: Layout):
    """Counties outside the band as dots swarmed in their row, a count per row in the band, zones as open
    diamonds; the points labels avoid, the legend."""
    xs, classes = rows.xs, rows.classes
    diameter = DOT_PT * layout.legend_pt
    size = diameter**2
    out = np.abs(xs) >= AGREE_YI  # agreeing counties are counted in the band, not drawn one by one
    ys, zy = _swarm_ys(ax, rows, centre, diameter)
    ax.scatter(
        xs[out],
        ys[out],
        s=size,
        c=classes.color_of(xs[out]),
        edgecolor="#555555",
        linewidth=0.4,
        zorder=5,
        gid="dots",
    )
    points = np.vstack(
        [
            np.column_stack([xs[out], ys[out], np.full(int(out.sum()), diameter / 2)]),
            _counts(ax, rows, centre, out, layout),
        ]
    )
    y_of = dict(zip(rows.counties["adcode"], ys, strict=True))
    handles = [
        Line2D([], [], ls="", marker="o", ms=diameter, mfc=col, mec="#555555", mew=0.4, label=lab)
        for col, lab, (lo, hi) in zip(classes.colors, classes.labels, _class_ranges(classes), strict=True)
        if not (lo >= -AGREE_YI and hi <= AGREE_YI)  # the agreeing class is the band and its counts
    ]
    more = [Rectangle((0, 0), 1, 1, facecolor="#ececec", label=BAND_LEGEND)]
    if len(rows.zone_x):
        ax.scatter(
            rows.zone_x,
            zy,
            s=size * 1.1,
            marker="D",
            facecolor="white",
            edgecolor=style.INK,
            linewidth=0.7,
            zorder=6,
            gid="zones",
        )
        y_of.update({f"zone:{nm}": y for nm, y in zip(rows.zones["name"], zy, strict=True)})
        points = np.vstack(
            [points, np.column_stack([rows.zone_x, zy, np.full(len(rows.zone_x), diameter * 0.6)])]
        )
        more.append(
            Line2D(
                [],
                [],
                ls="",
                marker="D",
                ms=diameter,
                mfc="white",
                mec=style.INK,
                label="本市州单列的功能区：人口折合的目标",
            )
        )
    return points, y_of, (handles, more)


def _class_ranges(classes) -> list[tuple[float, float]]:
    """(low, high] of each residual class (``bins`` are upper bounds; the ends open)."""
    lows = [-np.inf, *classes.bins[:-1]]
    highs = [*classes.bins[:-1], np.inf]
    return list(zip(lows, highs, strict=True))


def _row_markers(rows: _Rows, code: str) -> tuple[np.ndarray, np.ndarray]:
    """The x of a row's drawn dots (counties outside the band) and of its zone diamonds."""
    dots = rows.xs[(rows.codes == code) & (np.abs(rows.xs) >= AGREE_YI)]
    return dots, rows.zone_x[rows.zone_code == code] if len(rows.zone_x) else np.array([])


def _swarm_ys(ax, rows: _Rows, centre: dict, diameter: float) -> tuple[np.ndarray, np.ndarray]:
    """The y of each county and each zone: its row's centre, dots and diamonds of a row shifted by whole
    levels (:func:`swarm_levels`) so that none overlaps another, the swarm centred on the row's line."""
    pos = ax.get_position()
    x0, x1 = ax.get_xlim()
    pt_per_x = pos.width * ax.figure.get_figwidth() * 72 / (x1 - x0)
    pt_per_row = pos.height * ax.figure.get_figheight() * 72 / rows.n
    step_pt = PITCH * diameter
    ys = np.array([centre[c] for c in rows.codes], dtype=float)
    zy = np.array([centre[c] for c in rows.zone_code], dtype=float)
    for code in rows.codes_order:
        dots, zones = _row_markers(rows, code)
        if not len(dots) + len(zones):
            continue
        levels = swarm_levels(np.concatenate([dots, zones]) * pt_per_x, step_pt, 12)
        if (levels.max() - levels.min()) * step_pt + diameter > rows.height[code] * pt_per_row:
            rows.overfull.add(code)  # the next attempt makes this row taller
        offset = (levels - (levels.max() + levels.min()) / 2) * step_pt / pt_per_row
        ys[(rows.codes == code) & (np.abs(rows.xs) >= AGREE_YI)] += offset[: len(dots)]
        if len(zones):
            zy[rows.zone_code == code] += offset[len(dots) :]
    return ys, zy


def _counts(ax, rows: _Rows, centre: dict, drawn: np.ndarray, layout: Layout) -> np.ndarray:
    """How many counties of each row agree, written in the band; returns them as points labels avoid."""
    points = []
    for code in rows.codes_order:
        n = int(((rows.codes == code) & ~drawn).sum())
        if n:
            ax.text(
                0,
                centre[code],
                str(n),
                bbox={"boxstyle": "square,pad=0.15", "facecolor": "#ececec", "edgecolor": "none"},
                ha="center",
                va="center",
                fontsize=layout.label_pt,
                color=style.INK,
                zorder=6,
                gid=f"count:{code}",
            )
            points.append((0.0, centre[code], 0.6 * text_width_pt(str(n), layout.label_pt)))
    return np.asarray(points, dtype=float).reshape(-1, 3)


def _legend_below(page, ax, groups, layout: Layout) -> None:
    """The legend below the axis title, in two rows: the classes, then the band and the diamonds."""
    renderer = page.fig.canvas.get_renderer()
    below = ax.xaxis.get_tightbbox(renderer).y0 / page.fig.dpi / page.height
    row_h = layout.legend_pt * LEGEND_ROW / 72 / page.height
    for k, group in enumerate(groups):
        page.fig.legend(
            handles=group,
            loc="upper left",
            bbox_to_anchor=(ax.get_position().x0, below - 0.3 * row_h - k * row_h),
            ncol=len(group),
            fontsize=layout.legend_pt,
            frameon=False,
            borderpad=0,
            borderaxespad=0,
            handletextpad=0.4,
            columnspacing=1.2,
        )


SPEC = FigureSpec(
    "chart_audit_counties",
    "复核证据",
    "chart",
    lambda inputs: words(inputs.scenario, inputs.meta),
    lambda inputs, texts, layout: draw(
        inputs.scenario,
        inputs.zones if inputs.scenario.is_published else None,
        inputs.yi_per_wan,
        texts,
        layout,
    ),
    by_residual_classes,
)
