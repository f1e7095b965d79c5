"""Prefecture charts: the ranked targets and how each total splits across its counties."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter

from agritargets.core.formatting import fixed, percent, short_prefecture, yi
from agritargets.figures.kit import legends, style
from agritargets.figures.kit.cartography import short_county
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Page, Texts, new_page, text_width_pt
from agritargets.figures.kit.placement import text_color_on

PT = 1 / 72  # inch


def chart_axes(
    page: Page,
    *,
    left_pt: float,
    bottom_pt: float,
    right_pt: float = 6,
    top_pt: float = 4,
    height_in: float | None = None,
    bottom_in: float | None = None,
) -> Axes:
    """Axes inside the page body, leaving room (in points) for tick labels and axis titles.

    Parameters
    ----------
    page : Page
    left_pt, bottom_pt, right_pt, top_pt : float
        Margins inside the body for tick labels and axis titles.
    height_in : float, optional
        Height of the axes' band (default: the whole body).
    bottom_in : float, optional
        Bottom of the band (default: the body's bottom).

    Returns
    -------
    Axes
    """
    x0, y0, x1, y1 = page.body
    band_bottom = y0 if bottom_in is None else bottom_in
    band_h = (y1 - y0) if height_in is None else height_in
    ax = page.axes(
        x0 + left_pt * PT,
        band_bottom + bottom_pt * PT,
        x1 - x0 - (left_pt + right_pt) * PT,
        band_h - (bottom_pt + top_pt) * PT,
        off=False,
    )
    style_axes(ax, page.layout)
    return ax


class MinusFormatter(Formatter):
    """Tick labels through :func:`agritargets.core.formatting.fixed`: true minus, as few decimals as the ticks need."""

    def __init__(self, signed: bool = False, suffix: str = "") -> None:
        self.signed = signed
        self.suffix = suffix
        self.places = 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        self.places = next((p for p in range(4) if np.allclose(np.round(locs, p), locs, atol=1e-9)), 3)

    def __call__(self, x: float, pos=None) -> str:
        if abs(x) < 1e-12:
            return "0" + self.suffix
        return fixed(x, self.places, signed=self.signed) + self.suffix


def style_axes(ax: Axes, layout: Layout, grid: str = "x") -> None:
    """Light grid, no top/right spines, legend-size ticks.

    Parameters
    ----------
    ax : Axes
    layout : Layout
    grid : str
        ``"x"``, ``"y"`` or ``""``.
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(0.6)
    ax.tick_params(labelsize=layout.legend_pt, width=0.6, length=3)
    ax.xaxis.set_major_formatter(MinusFormatter())
    ax.yaxis.set_major_formatter(MinusFormatter())
    if grid:
        ax.grid(axis=grid, color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)


def _name_width(names, size: float) -> float:
    return max(text_width_pt(n, size) for n in names)


def prefecture_ranked(scenario, texts: Texts, layout: Layout) -> Figure:
    """The 14 prefecture targets as bars, largest first, with value and share.

    Parameters
    ----------
    scenario : Scenario
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    p = scenario.prefectures.sort_values(["target_cents", "seq"], ascending=[True, False])
    names = [short_prefecture(n) for n in p["prefecture"]]
    page = new_page(layout, "chart", texts)
    ax = chart_axes(page, left_pt=_name_width(names, layout.legend_pt) + 8, bottom_pt=layout.legend_pt * 3.2)
    y = np.arange(len(p))
    ax.barh(y, p["target_yi"], color=style.PREFECTURE_COLOR, height=0.7)
    ax.set_yticks(y, names)
    ax.tick_params(axis="y", length=0)
    label_w = 0.0
    for yy, v, share in zip(y, p["target_yi"], p["share_pct"], strict=True):
        text = f"{yi(v)}（{percent(share)}）"
        label_w = max(label_w, text_width_pt(text, layout.label_pt))
        ax.text(v, yy, " " + text, va="center", fontsize=layout.label_pt)
    ax_w_pt = ax.get_position().width * page.width * 72
    vmax = float(p["target_yi"].max())
    ax.set_xlim(0, vmax / (1 - (label_w + 10) / ax_w_pt))
    ax.set_ylim(-0.6, len(p) - 0.4)
    ax.set_xlabel("目标（亿元）", fontsize=layout.legend_pt)
    return page.fig


def _segment_label(name: str, width_pt: float, size: float) -> str:
    """The county's name if it fits its bar segment, else its short name, else nothing."""
    for candidate in (name, short_county(name)):
        if text_width_pt(candidate, size) + 4 <= width_pt:
            return candidate
    return ""


def prefecture_composition(
    scenario, classes: Classes, audit: pd.DataFrame, texts: Texts, layout: Layout
) -> Figure:
    """Each prefecture's bar split into its counties (shared colours), with its county sum at the end.

    Parameters
    ----------
    scenario : Scenario
    classes : Classes
        The shared county-share classes.
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures` (printed target vs county sum).
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    c = scenario.counties
    order = scenario.prefectures.sort_values(["target_cents", "seq"], ascending=[True, False])
    names = [short_prefecture(n) for n in order["prefecture"]]
    a = audit.set_index("adcode")
    page = new_page(layout, "chart", texts)
    ax = chart_axes(page, left_pt=_name_width(names, layout.legend_pt) + 8, bottom_pt=layout.legend_pt * 3.2)
    ends = []
    for code in order["adcode"]:
        cents = int(c.loc[c["prefecture_adcode"] == code, "target_cents"].sum())
        printed = a.loc[code, "printed_yi"]
        end = yi(cents / 100)
        if a.loc[code, "diff_yi"] != 0:
            end += f"（市州 {yi(printed)}）"
        ends.append(end)
    end_w = max(text_width_pt(e, layout.label_pt) for e in ends)
    ax_w_pt = ax.get_position().width * page.width * 72
    sums = [c.loc[c["prefecture_adcode"] == code, "target_cents"].sum() / 100 for code in order["adcode"]]
    xmax = max(sums) / (1 - (end_w + 8) / ax_w_pt)
    ax.set_xlim(0, xmax)
    pt_per_unit = ax_w_pt / xmax
    for i, code in enumerate(order["adcode"]):
        part = c[c["prefecture_adcode"] == code].sort_values(["target_cents", "seq"], ascending=[False, True])
        left = 0
        colors = classes.color_of(part["share_pct"])
        for cents, name, color in zip(part["target_cents"], part["county"], colors, strict=True):
            v = cents / 100
            ax.barh(i, v, left=left / 100, color=color, edgecolor="white", linewidth=0.6, height=0.72)
            label = _segment_label(name, v * pt_per_unit, layout.label_pt)
            if label:
                ax.text(
                    left / 100 + v / 2,
                    i,
                    label,
                    ha="center",
                    va="center",
                    fontsize=layout.label_pt,
                    color=text_color_on(color),
                )
            left += cents
        ax.text(left / 100, i, " " + ends[i], va="center", fontsize=layout.label_pt)
    ax.set_yticks(range(len(order)), names)
    ax.tick_params(axis="y", length=0)
    ax.set_ylim(-0.6, len(order) - 0.4)
    ax.set_xlabel("目标（亿元）；每段为一个县市区，标注放得下的县市区名称", fontsize=layout.legend_pt)
    # legend in the empty lower right (the shortest bars are at the bottom)
    pos = ax.get_position()
    w_in = min(3.2 * layout.legend_pt / 7, pos.width * page.width * 0.42)
    h_in = 6.2 * layout.legend_pt * 1.35 / 72
    x_in = (pos.x0 + pos.width) * page.width - w_in
    y_in = pos.y0 * page.height + 0.1
    lax = page.axes(x_in, y_in, w_in, h_in)
    legends.stepped_legend(
        lax,
        classes,
        "颜色：县市区占全省比重（%）",
        layout,
        second=(float(scenario.total) / 100, "对应县市区目标（亿元）"),
    )
    return page.fig
