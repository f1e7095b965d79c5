"""``chart_audit_prefectures``: printed prefecture targets against the sums of their counties."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from agritargets.core.formatting import yi
from agritargets.core.names import short_prefecture
from agritargets.figures.kit import style
from agritargets.figures.kit.chart import chart_axes, name_width
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page, text_width_pt
from agritargets.figures.kit.spec import FigureSpec, unclassified
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message
from agritargets.rules.scenario import Scenario
from agritargets.rules.tolerances import differing_prefectures


def words(scenario: Scenario, meta: Meta, audit: pd.DataFrame, totals: pd.DataFrame) -> Texts:
    """Words of ``chart_audit_prefectures``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures`.
    totals : DataFrame
        :func:`agritargets.rules.audit.audit_totals`.

    Returns
    -------
    Texts
    """
    differ = differing_prefectures(audit)
    explained = bool(audit["explained_by_rounding"].all())
    largest = max((abs(v) for v in differ["diff_yi"]), default=0)
    t = totals.set_index("table")
    head = f"{len(differ)} 个市州目标与所辖县市区之和不同，最多差 {yi(largest)} 亿元"
    title = head + ("，都在舍入范围内" if explained else "，部分超出舍入范围")
    table = "附件2" if scenario.is_published else "市州表"
    return message(
        title=title,
        subtitle=(
            f"上：{table}市州目标 − 所辖县市区目标之和（亿元），横线为舍入区间；"
            f"下：县市区合计 {yi(t.loc['county', 'sum_of_rows_yi'])}、市州合计 {yi(t.loc['prefecture', 'sum_of_rows_yi'])}、"
            f"印发合计 {yi(t.loc['county', 'printed_total_yi'])}"
        ),
        caption=(
            "每个印发数代表一个 ±0.005 的区间，n 个印发数之和代表 ±0.005n 的区间。上图：以县市区之和为 0，"
            "点为市州目标与之差，横线为两者的舍入区间；区间重叠即差额可由舍入解释。下图：两张表各自的合计与印发合计及其区间。"
        ),
        source=source_line(meta, boundaries=False),
        disclaimer=False,
    )


def draw(audit: pd.DataFrame, totals: pd.DataFrame, texts: Texts, layout: Layout) -> Figure:
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
        max(name_width(names, layout.legend_pt), text_width_pt("县市区表：123 行之和", layout.legend_pt)) + 8
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
    _dumbbells(top, a, names, layout)
    low = chart_axes(
        page,
        left_pt=left,
        right_pt=layout.legend_pt * 1.6,
        bottom_pt=layout.legend_pt * 3.0,
        bottom_in=y0,
        height_in=low_h,
    )
    _totals(page, low, totals, layout)
    return page.fig


HALF_CENT = 0.005  # 亿元: the rounding interval of one printed value


def _dumbbells(top, a: pd.DataFrame, names: list[str], layout: Layout) -> None:
    """Upper panel: each prefecture's target minus the sum of its counties, with both rounding intervals."""
    n = len(a)
    ys = np.arange(n)[::-1]
    half = HALF_CENT
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


def _totals(page, low, totals: pd.DataFrame, layout: Layout) -> None:
    """Lower panel: the three totals (county rows, prefecture rows, printed) with their rounding intervals."""
    half = HALF_CENT
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


SPEC = FigureSpec(
    "chart_audit_prefectures",
    "复核证据",
    "chart",
    lambda inputs: words(inputs.scenario, inputs.meta, inputs.audit_prefectures, inputs.audit_totals),
    lambda inputs, texts, layout: draw(inputs.audit_prefectures, inputs.audit_totals, texts, layout),
    unclassified,
)
