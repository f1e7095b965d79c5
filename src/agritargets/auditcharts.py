"""The audit drawn: county differences by prefecture, the relative view, the prefecture dumbbell, the denominator.

Each function is handed its tables (the scenario, the audit tables, the forensic sweep) and a
layout; colours follow the residual map (orange above, purple below, grey agrees).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.ticker import FuncFormatter, NullFormatter

from agritargets import style
from agritargets.cartography import short_county
from agritargets.charts import _name_width, chart_axes
from agritargets.classify import residual_classes
from agritargets.formatting import fixed, percent, short_prefecture, wan, yi
from agritargets.labels import Label, place_labels
from agritargets.layout import Layout
from agritargets.page import Texts, new_page, text_width_pt

AGREE = 0.025  # ±0.02 亿元 (values are whole cents)
NAMED = 0.105  # differences above 0.10 亿元 are named


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


def audit_counties(
    scenario, zones: pd.DataFrame | None, yi_per_wan: float | None, texts: Texts, layout: Layout
) -> Figure:
    """Every county's difference (printed − recomputed, or new − 2023), one row per prefecture.

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
    """
    c = scenario.counties.dropna(subset=["residual_yi"])
    classes = residual_classes(c["residual_yi"])
    prefs = scenario.prefectures.sort_values("seq")
    names = [short_prefecture(n) for n in prefs["prefecture"]]
    page = new_page(layout, "chart", texts)
    ax = chart_axes(
        page, left_pt=_name_width(names, layout.legend_pt) + 8, bottom_pt=layout.legend_pt * 3.2, right_pt=8
    )
    n = len(prefs)
    row = {code: n - 1 - i for i, code in enumerate(prefs["adcode"])}
    xs = c["residual_yi"].to_numpy()
    lo = min(float(xs.min()), -0.1) - 0.16  # room for the names of the largest negative differences
    hi = max(float(xs.max()), 0.1)
    zone_x = np.array([])
    if zones is not None and yi_per_wan is not None and len(zones):
        zone_x = zones["population_wan"].to_numpy() * yi_per_wan
        hi = max(hi, float(zone_x.max()))
    ax.set_xlim(lo, hi + 0.12 * (hi - lo))
    ax.set_ylim(-0.6, n - 0.4)
    ax.add_patch(
        Rectangle((-AGREE, -0.6), 2 * AGREE, n + 0.2, facecolor="#ececec", edgecolor="none", zorder=0)
    )
    ax.axvline(0, color="#999999", lw=0.6, zorder=1)
    rows = c["prefecture_adcode"].map(row).to_numpy(dtype=float)
    ys = np.zeros(len(c))
    for r in range(n):
        mask = rows == r
        ys[mask] = r + _stack(xs[mask], 0.11, 0.36)
    size = (layout.legend_pt * 0.75) ** 2
    ax.scatter(xs, ys, s=size, c=classes.color_of(xs), edgecolor="#555555", linewidth=0.4, zorder=5)
    points = np.column_stack([xs, ys])
    labels = [
        Label(a, f"{short_county(name)} {yi(v, signed=True)}", (x, y), None)
        for a, name, v, x, y in zip(c["adcode"], c["county"], xs, xs, ys, strict=True)
        if abs(v) > NAMED
    ]
    handles = [
        Line2D(
            [], [], ls="", marker="o", ms=layout.legend_pt * 0.75, mfc=col, mec="#555555", mew=0.4, label=lab
        )
        for col, lab in zip(classes.colors, classes.labels, strict=True)
    ]
    handles.append(Rectangle((0, 0), 1, 1, facecolor="#ececec", label="±0.02：舍入范围"))
    if len(zone_x):
        zrow = zones["prefecture"].map(dict(zip(prefs["prefecture"], prefs["adcode"], strict=True))).map(row)
        zy = zrow.to_numpy(dtype=float) - 0.3
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
        labels += [
            Label(f"zone:{nm}", zone_short(nm, pf), (x, y), None, color=style.MUTED)
            for nm, pf, x, y in zip(zones["name"], zones["prefecture"], zone_x, zy, strict=True)
            if x > NAMED
        ]
        points = np.vstack([points, np.column_stack([zone_x, zy])])
        handles.append(
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
    ax.set_yticks(range(n), list(reversed(names)))
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="y", color="#f0f0f0", lw=0.6)
    verb = "印发 − 复算" if scenario.is_published else "新测算 − 2023 年印发"
    ax.set_xlabel(
        f"{verb}（亿元）：右侧为{'印发' if scenario.is_published else '新测算'}较高",
        fontsize=layout.legend_pt,
    )
    leg = ax.legend(
        handles=handles,
        loc="lower right",
        fontsize=layout.legend_pt,
        frameon=True,
        framealpha=1,
        edgecolor="white",
        borderaxespad=0.2,
        handletextpad=0.4,
        labelspacing=0.3,
    )
    leg.set_zorder(20)
    renderer = page.fig.canvas.get_renderer()
    place_labels(
        ax, labels, layout.label_pt, obstacles=[leg.get_window_extent(renderer)], avoid=points, max_rings=12
    )
    return page.fig


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
        :func:`agritargets.audit.audit_prefectures`.
    totals : DataFrame
        :func:`agritargets.audit.audit_totals`.
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
        top.text(
            0.078, y, yi(d, signed=True) if d else "0", va="center", ha="right", fontsize=layout.label_pt
        )
    top.axvline(0, color="#999999", lw=0.6, zorder=1)
    top.set_xlim(-0.08, 0.08)
    top.set_ylim(-0.7, n + 0.6)  # the top row holds the legend
    top.set_yticks(ys, names)
    top.tick_params(axis="y", length=0)
    top.xaxis.set_major_formatter(FuncFormatter(lambda v, _: yi(v, signed=True) if abs(v) > 1e-9 else "0"))
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
    for y, (_, v, lo, hi) in zip(range(2, -1, -1), rows, strict=True):
        low.plot([lo, hi], [y, y], color="#9e9e9e", lw=2.2, solid_capstyle="butt", zorder=2)
        low.plot([v], [y], "o", ms=layout.legend_pt * 0.6, color=style.INK, zorder=4)
        low.text(v, y + 0.22, yi(v), ha="center", va="bottom", fontsize=layout.label_pt)
    low.axvline(printed, color="#999999", lw=0.6, zorder=1)
    span = max(abs(r[2] - printed) for r in rows) + 0.1
    low.set_xlim(printed - span, printed + span)
    low.set_ylim(-0.6, 2.9)
    low.set_yticks([2, 1, 0], [r[0] for r in rows])
    low.tick_params(axis="y", length=0)
    low.xaxis.set_major_formatter(FuncFormatter(lambda v, _: fixed(v, 1)))
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
        :func:`agritargets.forensic.match_sweep`.
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
