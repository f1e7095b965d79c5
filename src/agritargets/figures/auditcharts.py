"""The audit drawn: county differences by prefecture, the relative view, the prefecture dumbbell, the denominator.

Each function is handed its tables (the scenario, the audit tables, the forensic sweep) and a
layout; colours follow the residual map (orange above, purple below, grey agrees).
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from agritargets.core.formatting import fixed, percent, short_prefecture, wan, yi
from agritargets.figures.charts import _name_width, chart_axes
from agritargets.figures.kit import style
from agritargets.figures.kit.cartography import short_county
from agritargets.figures.kit.classify import residual_classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page, text_width_pt
from agritargets.figures.kit.placement import BAND_STAGE, Label, place_labels

AGREE = 0.025  # ±0.02 亿元 (values are whole cents)
NAMED = 0.105  # differences above 0.10 亿元 are named
MIN_ROW = 0.65  # the narrowest row (a row without labels), in mean row heights
ROW_ATTEMPTS = 4  # drawings of the county chart at most, crowded rows growing each time
LEGEND_ROW = 1.5  # height of a legend row below the chart, in legend type sizes


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


def _percent_tick(v: float, _pos: int) -> str:
    return percent(v, 0, signed=True) if v else "0"


def zone_short(name: str, prefecture: str) -> str:
    """A functional zone's name without province, prefecture and generic words.

    湖南湘潭高新技术产业园区 → 高新区; 岳阳市屈原管理区 → 屈原管理区.

    Parameters
    ----------
    name : str
    prefecture : str

    Returns
    -------
    str
    """
    base = prefecture.removesuffix("市")
    out = re.sub(rf"^(湖南)?({base})?市?", "", name)
    for long, short in (
        ("高新技术产业园区", "高新区"),
        ("经济技术开发区", "经开区"),
        ("经济开发区", "经开区"),
        ("综合保税区", "综保区"),
    ):
        out = out.replace(long, short)
    return out or name


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


def audit_counties(
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
    c = scenario.counties.dropna(subset=["residual_yi"])
    classes = residual_classes(c["residual_yi"])
    prefs = scenario.prefectures.sort_values("seq")
    codes_order = prefs["adcode"].tolist()
    names = [short_prefecture(n) for n in prefs["prefecture"]]
    n = len(prefs)
    xs = c["residual_yi"].to_numpy()
    codes = c["prefecture_adcode"].to_numpy(dtype=object)
    zone_x = np.array([])
    zone_code = np.array([], dtype=object)
    if zones is not None and yi_per_wan is not None and len(zones):
        zone_x = zones["population_wan"].to_numpy() * yi_per_wan
        code_of = dict(zip(prefs["prefecture"], prefs["adcode"], strict=True))
        zone_code = zones["prefecture"].map(code_of).to_numpy(dtype=object)
    # what is named: (key, text, x, row, is a zone)
    named = [
        (a, f"{short_county(name)} {yi(v, signed=True)}", float(v), code, False)
        for a, name, v, code in zip(c["adcode"], c["county"], xs, codes, strict=True)
        if abs(v) > NAMED
    ]
    if len(zone_x):
        named += [
            (f"zone:{nm}", zone_short(nm, pf), float(x), code, True)
            for nm, pf, x, code in zip(zones["name"], zones["prefecture"], zone_x, zone_code, strict=True)
            if x > NAMED
        ]

    row_of = {key: codes_order.index(code) for key, _, _, code, _ in named}

    def _draw_rows(grow: np.ndarray):
        page = new_page(layout, "chart", texts)
        ax = chart_axes(
            page,
            left_pt=_name_width(names, layout.legend_pt) + 8,
            bottom_pt=layout.legend_pt * (4.2 + 2 * LEGEND_ROW),
            right_pt=8,
        )
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
                    for _, t, x, code, _ in named
                    if code == row
                ]
                for row in codes_order
            ],
            [np.concatenate([xs[codes == row], zone_x[zone_code == row]]) for row in codes_order],
            layout.legend_pt * 0.375 / unit_pt,
            grow,
        )
        tops = n - np.concatenate([[0], np.cumsum(heights)[:-1]])
        band = {code: (float(t - h), float(t)) for code, t, h in zip(codes_order, tops, heights, strict=True)}
        centre = {code: (b0 + b1) / 2 for code, (b0, b1) in band.items()}
        height = dict(zip(codes_order, heights, strict=True))
        ax.agt_rows = band

        ax.set_ylim(0, n)
        ax.add_patch(Rectangle((-AGREE, 0), 2 * AGREE, n, facecolor="#ececec", edgecolor="none", zorder=0))
        ax.axvline(0, color="#999999", lw=0.6, zorder=1)
        for t in tops[1:]:
            ax.axhline(t, color="#dddddd", lw=0.5, zorder=0.5)
        ys = np.zeros(len(c))
        for code in codes_order:
            mask = codes == code
            ys[mask] = centre[code] + _stack(xs[mask], 0.11, 0.36 * min(height[code], 1.0))
        diameter = layout.legend_pt * 0.75
        size = diameter**2
        ax.scatter(xs, ys, s=size, c=classes.color_of(xs), edgecolor="#555555", linewidth=0.4, zorder=5)
        points = np.column_stack([xs, ys, np.full(len(xs), diameter / 2)])
        y_of = dict(zip(c["adcode"], ys, strict=True))
        handles = [
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                ms=layout.legend_pt * 0.75,
                mfc=col,
                mec="#555555",
                mew=0.4,
                label=lab,
            )
            for col, lab in zip(classes.colors, classes.labels, strict=True)
        ]
        more = [Rectangle((0, 0), 1, 1, facecolor="#ececec", label="±0.02：舍入范围")]
        if len(zone_x):
            zy = np.array([centre[code] - 0.3 for code in zone_code])
            ax.scatter(
                zone_x,
                zy,
                s=size * 1.1,
                marker="D",
                facecolor="white",
                edgecolor=style.INK,
                linewidth=0.7,
                zorder=6,
            )
            y_of.update({f"zone:{nm}": y for nm, y in zip(zones["name"], zy, strict=True)})
            points = np.vstack([points, np.column_stack([zone_x, zy, np.full(len(zone_x), diameter * 0.6)])])
            more.append(
                Line2D(
                    [],
                    [],
                    ls="",
                    marker="D",
                    ms=layout.legend_pt * 0.75,
                    mfc="white",
                    mec=style.INK,
                    label="本市州单列的功能区：人口折合的目标",
                )
            )
        labels = [
            Label(key, text, (x, y_of[key]), None, color=style.MUTED if zone else None, band=band[code])
            for key, text, x, code, zone in named
        ]
        ax.set_yticks([centre[code] for code in codes_order], names)
        ax.tick_params(axis="y", length=0)
        ax.grid(False, axis="y")
        verb = "印发 − 复算" if scenario.is_published else "新测算 − 2023 年印发"
        ax.set_xlabel(
            f"{verb}（亿元）：右侧为{'印发' if scenario.is_published else '新测算'}较高",
            fontsize=layout.legend_pt,
        )
        # the legend below the axis title, in two rows: the classes, then the band and the diamonds
        renderer = page.fig.canvas.get_renderer()
        below = ax.xaxis.get_tightbbox(renderer).y0 / page.fig.dpi / page.height
        row_h = layout.legend_pt * LEGEND_ROW / 72 / page.height
        for k, group in enumerate((handles, more)):
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
        placed = place_labels(ax, labels, layout.label_pt, avoid=points, max_rings=12)
        return page.fig, ax, placed

    grow = np.zeros(n)  # height added to rows whose labels did not fit inside them
    for attempt in range(ROW_ATTEMPTS):
        fig, ax, placed = _draw_rows(grow)
        crowded = np.zeros(n, dtype=bool)
        for p in placed:
            (x0, x1), (y0, y1) = ax.transData.transform(np.column_stack(p.leader.get_data())).T
            long_leader = np.hypot(x1 - x0, y1 - y0) > 2 * (p.box[3] - p.box[1])
            if p.cost >= 2 * BAND_STAGE or long_leader:  # more than a quarter of the box out of its row
                crowded[row_of[p.label.key]] = True
        if not crowded.any() or attempt == ROW_ATTEMPTS - 1:
            return fig
        plt.close(fig)
        grow[crowded] += 0.4
    raise AssertionError("unreachable")


def audit_relative(scenario, texts: Texts, layout: Layout) -> Figure:
    """Relative differences against target size, with the rounding funnel (±0.02 亿元 ÷ target).

    Parameters
    ----------
    scenario : Scenario
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    c = scenario.counties.dropna(subset=["residual_yi", "compare_yi"])
    c = c[c["compare_yi"] > 0]
    x = c["compare_yi"].to_numpy()
    rel = c["residual_yi"].to_numpy() / x * 100
    classes = residual_classes(c["residual_yi"])
    page = new_page(layout, "chart", texts)
    ax = chart_axes(page, left_pt=layout.legend_pt * 5.6, bottom_pt=layout.legend_pt * 3.2, right_pt=8)
    style_grid = "#e5e5e5"
    ax.grid(axis="both", color=style_grid, lw=0.6)
    ax.set_xscale("log")
    x0, x1 = x.min() / 1.25, x.max() * 1.25
    xx = np.geomspace(x0, x1, 200)
    band = AGREE / xx * 100
    ax.fill_between(xx, -band, band, color="#e3e3e3", lw=0, zorder=0)
    ax.axhline(0, color="#999999", lw=0.6, zorder=1)
    size = (layout.legend_pt * 0.75) ** 2
    ax.scatter(
        x,
        rel,
        s=size,
        c=classes.color_of(c["residual_yi"]),
        edgecolor="#555555",
        linewidth=0.4,
        zorder=5,
    )
    ax.set_xlim(x0, x1)
    span = max(abs(rel.min()), abs(rel.max()))
    ax.set_ylim(min(rel.min() * 1.15, -0.2 * span), rel.max() * 1.12)
    ticks = [t for t in (0.2, 0.5, 1, 2, 5, 10) if x0 <= t <= x1]
    ax.set_xticks(ticks, [fixed(t, 1 if t < 1 else 0) for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_major_formatter(FuncFormatter(_percent_tick))
    comp = "复算目标" if scenario.is_published else "2023 年印发目标"
    ax.set_xlabel(f"{comp}（亿元，对数刻度）", fontsize=layout.legend_pt)
    verb = "（印发 − 复算）÷ 复算" if scenario.is_published else "（新 − 2023）÷ 2023"
    ax.set_ylabel(verb, fontsize=layout.legend_pt)
    outside = np.abs(c["residual_yi"].to_numpy()) > AGREE
    order = np.argsort(-np.abs(rel), kind="stable")
    labels = [
        Label(
            c["adcode"].iloc[i],
            f"{c['county'].iloc[i]} {percent(rel[i], 0, signed=True)}",
            (x[i], rel[i]),
            None,
        )
        for i in order
        if outside[i] and abs(rel[i]) >= 5
    ][:18]
    handles = [Rectangle((0, 0), 1, 1, facecolor="#e3e3e3", label="±0.02 亿元舍入范围（÷ 目标）")]
    leg = ax.legend(
        handles=handles, loc="upper right", fontsize=layout.legend_pt, frameon=False, borderaxespad=0.3
    )
    renderer = page.fig.canvas.get_renderer()
    place_labels(
        ax,
        labels,
        layout.label_pt,
        obstacles=[leg.get_window_extent(renderer)],
        avoid=np.column_stack([x, rel]),
        max_rings=12,
    )
    return page.fig


def audit_prefectures(audit: pd.DataFrame, totals: pd.DataFrame, texts: Texts, layout: Layout) -> Figure:
    """Prefecture dumbbells (target − sum of its counties, with rounding intervals) and the three totals.

    Parameters
    ----------
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures`.
    totals : DataFrame
        :func:`agritargets.rules.audit.audit_totals`.
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    a = audit.sort_values("seq")
    names = [
        f"{short_prefecture(p)}（{n} 个县市区）" for p, n in zip(a["prefecture"], a["counties"], strict=True)
    ]
    page = new_page(layout, "chart", texts)
    _x0, y0, _x1, y1 = page.body
    body_h = y1 - y0
    left = (
        max(_name_width(names, layout.legend_pt), text_width_pt("县市区表：123 行之和", layout.legend_pt)) + 8
    )
    low_h = body_h * 0.3
    top = chart_axes(
        page,
        left_pt=left,
        right_pt=layout.legend_pt * 1.6,
        bottom_pt=layout.legend_pt * 3.0,
        bottom_in=y0 + low_h,
        height_in=body_h - low_h,
    )
    n = len(a)
    ys = np.arange(n)[::-1]
    half = 0.005
    for y, r in zip(ys, a.itertuples(), strict=True):
        lo, hi = (
            float(r.sum_interval_lo - r.sum_of_counties_yi),
            float(r.sum_interval_hi - r.sum_of_counties_yi),
        )
        d = float(r.diff_yi)
        top.plot([lo, hi], [y - 0.12, y - 0.12], color="#9e9e9e", lw=2.2, solid_capstyle="butt", zorder=2)
        top.plot(
            [d - half, d + half],
            [y + 0.12, y + 0.12],
            color=style.INK,
            lw=2.2,
            solid_capstyle="butt",
            zorder=3,
        )
        if d:
            top.plot([0, d], [y, y], color=style.ABOVE[1] if d > 0 else style.BELOW[1], lw=1.2, zorder=3)
        top.plot(
            [d],
            [y],
            "o",
            ms=layout.legend_pt * 0.6,
            color=style.ABOVE[1] if d > 0 else (style.BELOW[1] if d < 0 else "#777777"),
            zorder=4,
        )
        top.text(0.078, y, yi(d, signed=True), va="center", ha="right", fontsize=layout.label_pt)
    top.axvline(0, color="#999999", lw=0.6, zorder=1)
    top.set_xlim(-0.08, 0.08)
    top.set_ylim(-0.7, n + 0.6)  # the top row holds the legend
    top.set_yticks(ys, names)
    top.tick_params(axis="y", length=0)
    top.xaxis.set_major_formatter(FuncFormatter(lambda v, _: yi(v, signed=True)))
    top.set_xlabel("市州目标 − 所辖县市区目标之和（亿元）", fontsize=layout.legend_pt)
    handles = [
        Line2D([], [], color="#9e9e9e", lw=2.2, label="县市区之和的舍入区间（±0.005 × 县数）"),
        Line2D([], [], color=style.INK, lw=2.2, label="市州目标的舍入区间（±0.005）"),
    ]
    top.legend(
        handles=handles,
        loc="upper center",
        ncol=2,
        fontsize=layout.legend_pt,
        frameon=False,
        borderaxespad=0.1,
        columnspacing=1.5,
    )

    low = chart_axes(
        page,
        left_pt=left,
        right_pt=layout.legend_pt * 1.6,
        bottom_pt=layout.legend_pt * 3.0,
        bottom_in=y0,
        height_in=low_h,
    )
    t = totals.set_index("table")
    printed = float(t.loc["county", "printed_total_yi"])
    rows = [
        (
            f"县市区表：{int(t.loc['county', 'rows'])} 行之和",
            float(t.loc["county", "sum_of_rows_yi"]),
            float(t.loc["county", "sum_interval_lo"]),
            float(t.loc["county", "sum_interval_hi"]),
        ),
        (
            f"市州表：{int(t.loc['prefecture', 'rows'])} 行之和",
            float(t.loc["prefecture", "sum_of_rows_yi"]),
            float(t.loc["prefecture", "sum_interval_lo"]),
            float(t.loc["prefecture", "sum_interval_hi"]),
        ),
        ("印发合计", printed, printed - half, printed + half),
    ]
    span = max(max(abs(r[2] - printed), abs(r[3] - printed)) for r in rows) + 0.1
    # the values in a column at the right, as in the upper panel: clear of every interval line
    ax_w_pt = low.get_position().width * page.width * 72
    value_w = max(text_width_pt(yi(r[1]), layout.label_pt) for r in rows) + layout.label_pt
    right = printed + span + value_w / (ax_w_pt - value_w) * 2 * span
    for y, (_, v, lo, hi) in zip(range(2, -1, -1), rows, strict=True):
        low.plot([lo, hi], [y, y], color="#9e9e9e", lw=2.2, solid_capstyle="butt", zorder=2)
        low.plot([v], [y], "o", ms=layout.legend_pt * 0.6, color=style.INK, zorder=4)
        inset = (right - printed + span) / 80  # the upper panel's inset (0.002 of 0.16)
        low.text(right - inset, y, yi(v), ha="right", va="center", fontsize=layout.label_pt)
    low.axvline(printed, color="#999999", lw=0.6, zorder=1)
    low.set_xlim(printed - span, right)
    low.set_ylim(-0.6, 2.6)
    low.set_yticks([2, 1, 0], [r[0] for r in rows])
    low.tick_params(axis="y", length=0)
    low.xaxis.set_major_formatter(FuncFormatter(lambda v, _: yi(v)))
    low.set_xlabel("合计（亿元），灰线为舍入区间", fontsize=layout.legend_pt)
    return page.fig


VINTAGE_STYLE = {  # colour per population vintage (ColorBrewer Dark2, colour-blind safe)
    "census2020": "#1b9e77",
    "census2020_local": "#7570b3",
    "yearend2021": "#d95f02",
    "yearend2022": "#e7298a",
    "yearend2023": "#66a61e",
}


def denominator_evidence(sweep: pd.DataFrame, published_p: dict, texts: Texts, layout: Layout) -> Figure:
    """Share of covered counties reproduced exactly, per population vintage, as the denominator varies.

    Parameters
    ----------
    sweep : DataFrame
        :func:`agritargets.rules.forensic.match_sweep`.
    published_p : dict
        Label → published provincial population (万人), drawn as vertical lines.
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    page = new_page(layout, "chart", texts)
    ax = chart_axes(
        page,
        left_pt=layout.legend_pt * 5.6,
        bottom_pt=layout.legend_pt * 3.2,
        right_pt=8,
        top_pt=layout.legend_pt * 2.4,
    )
    ax.grid(axis="both", color="#ececec", lw=0.6)
    for vintage, g in sweep.groupby("vintage", sort=False):
        g = g.sort_values("P_wan")
        desc = g["description"].iloc[0].split("/")[0].strip()
        main = vintage == "census2020"
        ax.plot(
            g["P_wan"],
            g["exact_share"] * 100,
            color=VINTAGE_STYLE.get(vintage, "#666666"),
            lw=1.6 if main else 0.8,
            alpha=1 if main else 0.75,
            drawstyle="steps-mid",
            label=f"{desc}（覆盖 {int(g['units'].iloc[0])} 个县市区）",
            zorder=3 if main else 2,
        )
    lo, hi = sweep["P_wan"].min(), sweep["P_wan"].max()
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, 100)
    for label, p in sorted(published_p.items(), key=lambda kv: kv[1]):
        if lo <= p <= hi:
            ax.axvline(p, color="#777777", lw=0.7, ls=(0, (3, 2)), zorder=1)
            ax.text(
                p,
                101,
                f"{label}\n{wan(p)}",
                ha="center",
                va="bottom",
                fontsize=layout.note_pt,
                color=style.MUTED,
            )
    census = sweep[sweep["vintage"] == "census2020"]
    best = census[census["exact"] == census["exact"].max()]
    bx, by = float(best["P_wan"].median()), float(best["exact_share"].iloc[0] * 100)
    place_labels(
        ax,
        [Label("peak", f"最多 {int(best['exact'].iloc[0])} 个（{percent(by, 0)}）", (bx, by), None)],
        layout.label_pt,
        avoid=np.array([[bx, by]]),
    )
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: wan(round(v), 0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: percent(v, 0)))
    ax.set_xlabel("分母：全省常住人口（万人）", fontsize=layout.legend_pt)
    ax.set_ylabel("与印发目标完全一致的县市区占比", fontsize=layout.legend_pt)
    ax.legend(
        loc="upper right",
        fontsize=layout.legend_pt,
        frameon=True,
        framealpha=1,
        edgecolor="white",
        borderaxespad=0.3,
    )
    return page.fig
