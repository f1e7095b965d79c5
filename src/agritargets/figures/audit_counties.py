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
from agritargets.rules.tolerances import AGREE_YI, NAMED_YI

MIN_ROW = 0.65  # the narrowest row (a row without labels), in mean row heights


ROW_ATTEMPTS = 4  # drawings of the county chart at most, crowded rows growing each time


LEGEND_ROW = 1.5  # height of a legend row below the chart, in legend type sizes


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
        title = (
            f"{name_list(tops)}印发目标比复算{direction} {yi(abs(v))} 亿元；{agree} 个县市区相差不超过 0.02"
        )
        subtitle = "每点一个县市区：印发目标 − 复算值（亿元），按市州分行；灰带为 ±0.02 舍入范围；◇ 为该市州单列的功能区人口折合的目标"
        caption = (
            f"123 个县市区的印发目标减去复算值（亿元；复算：{scenario.compare_label}），按市州分行。灰带为 ±0.02 亿元，"
            "其内可视为舍入误差。相差超过 0.10 的县市区标出名称。◇ 为七普分县资料在该市州单列的功能区，"
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
        subtitle = "每点一个县市区：新测算目标 − 2023 年印发目标（亿元），按市州分行；灰带为 ±0.02"
        caption = "123 个县市区新测算目标减去 2023 年印发目标（亿元），按市州分行；灰带为 ±0.02 亿元。"
        source = source_line(
            meta, attachments="附件3", boundaries=False, population=scenario.population_label
        )
    return message(title=title, subtitle=subtitle, caption=caption, source=source, disclaimer=False)


def _stack(values: np.ndarray, step: float, limit: float) -> np.ndarray:
    """Vertical offsets so that equal values sit side by side in a row (0, +s, −s, +2s ...)."""
    out = np.zeros(len(values))
    seen: dict[float, int] = {}
    for i, v in enumerate(np.round(values, 4)):
        k = seen.get(v, 0)
        seen[v] = k + 1
        off = ((k + 1) // 2) * step * (1 if k % 2 else -1)
        out[i] = float(np.clip(off, -limit, limit))
    return out


def row_heights(
    labels: list[list[tuple[float, float]]],
    markers: list[np.ndarray],
    radius: float,
    extra: np.ndarray | None = None,
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
    return w * len(w) / w.sum()


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
    named = [
        (a, f"{short_county(name)} {yi(v, signed=True)}", float(v), code, False)
        for a, name, v, code in zip(c["adcode"], c["county"], xs, codes, strict=True)
        if abs(v) > NAMED_YI
    ]
    if len(zone_x):
        named += [
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
        named,
        scenario.is_published,
    )


def _draw_rows(rows: _Rows, grow: np.ndarray, texts: Texts, layout: Layout):
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
        layout.legend_pt * 0.375 / unit_pt,
        grow,
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


def _dots(ax, rows: _Rows, centre: dict, layout: Layout):
    """Counties as dots stacked in their row, zones as open diamonds; the points labels avoid, the legend."""
    xs, classes = rows.xs, rows.classes
    ys = np.zeros(len(rows.counties))
    for code in rows.codes_order:
        mask = rows.codes == code
        ys[mask] = centre[code] + _stack(xs[mask], 0.11, 0.36 * min(rows.height[code], 1.0))
    diameter = layout.legend_pt * 0.75
    size = diameter**2
    ax.scatter(xs, ys, s=size, c=classes.color_of(xs), edgecolor="#555555", linewidth=0.4, zorder=5)
    points = np.column_stack([xs, ys, np.full(len(xs), diameter / 2)])
    y_of = dict(zip(rows.counties["adcode"], ys, strict=True))
    handles = [
        Line2D([], [], ls="", marker="o", ms=diameter, mfc=col, mec="#555555", mew=0.4, label=lab)
        for col, lab in zip(classes.colors, classes.labels, strict=True)
    ]
    more = [Rectangle((0, 0), 1, 1, facecolor="#ececec", label="±0.02：舍入范围")]
    if len(rows.zone_x):
        zy = np.array([centre[code] - 0.3 for code in rows.zone_code])
        ax.scatter(
            rows.zone_x,
            zy,
            s=size * 1.1,
            marker="D",
            facecolor="white",
            edgecolor=style.INK,
            linewidth=0.7,
            zorder=6,
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
