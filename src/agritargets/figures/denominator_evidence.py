"""``chart_denominator_evidence``: exact matches by provincial denominator, per population vintage."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from agritargets.core.formatting import percent, wan
from agritargets.figures.kit import style
from agritargets.figures.kit.chart import chart_axes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts, new_page
from agritargets.figures.kit.placement import Label, place_labels
from agritargets.figures.kit.spec import FigureSpec, unclassified
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message


def words(meta: Meta, sweep: pd.DataFrame, published_p: dict[str, float]) -> Texts:
    """Words of ``chart_denominator_evidence`` (always the published 2023 targets).

    Parameters
    ----------
    meta : Meta
    sweep : DataFrame
        :func:`agritargets.rules.forensic.match_sweep`.
    published_p : dict
        Label (e.g. ``2021 年末``) → published provincial population (万人).

    Returns
    -------
    Texts
    """
    census = sweep[sweep["vintage"] == "census2020"]
    best = census["exact"].max()
    at_best = census[census["exact"] == best]["P_wan"]
    lo, hi = at_best.min(), at_best.max()
    scored = {
        k: int(census.loc[np.isclose(census["P_wan"], v), "exact"].max()) for k, v in published_p.items()
    }
    top = max(scored, key=scored.get)
    mid = wan(round((lo + hi) / 2), 0)
    return message(
        title=(
            f"七普人口在分母约 {mid} 万时复现最多（{best} 个）；"
            f"公布的全省人口中{top}的 {wan(published_p[top])} 万最接近（{scored[top]} 个）"
        ),
        subtitle="各人口口径复算结果与印发目标完全一致的县市区占比，随分母（全省常住人口，万人）变化；竖线为统计公报公布的全省人口",
        caption=(
            "对每种县级人口口径，在 6,500–6,700 万之间每隔 0.1 万取一个分母 P，按通知规则（人口 ÷ P × 400，四舍五入到 0.01 亿元）"
            "复算其覆盖的县市区，统计与印发目标完全一致的个数（纵轴为占覆盖县市区的比例；年末口径只覆盖少数县，波动大）。"
            "竖线为湖南统计公报公布的全省人口。此图只针对 2023 年印发目标。"
        ),
        source=source_line(
            meta,
            attachments="附件3",
            boundaries=False,
            population="七普分县资料及各地统计公报（逐值出处见 data/raw/population）",
        ),
        disclaimer=False,
    )


VINTAGE_STYLE = {  # colour per population vintage (ColorBrewer Dark2, colour-blind safe)
    "census2020": "#1b9e77",
    "census2020_local": "#7570b3",
    "yearend2021": "#d95f02",
    "yearend2022": "#e7298a",
    "yearend2023": "#66a61e",
}


def draw(sweep: pd.DataFrame, published_p: dict, texts: Texts, layout: Layout) -> Figure:
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


SPEC = FigureSpec(
    "chart_denominator_evidence",
    "复核证据",
    "chart",
    lambda inputs: words(inputs.meta, inputs.sweep, inputs.published_p),
    lambda inputs, texts, layout: draw(inputs.sweep, inputs.published_p, texts, layout),
    unclassified,
    published_only=True,
)
