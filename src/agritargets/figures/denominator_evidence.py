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
from agritargets.figures.kit.page import Texts, new_page, text_width_pt
from agritargets.figures.kit.placement import Label, place_labels
from agritargets.figures.kit.spec import FigureSpec, unclassified
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import message

SMALL_SAMPLE = 30  # a vintage covering fewer counties is a small sample: its share jumps by 1/n


def short_name(description: str) -> str:
    """A vintage's Chinese description without its source note: ``2021 年末常住人口（…）`` → ``2021 年末常住人口``.

    Parameters
    ----------
    description : str

    Returns
    -------
    str

    Examples
    --------
    >>> short_name("2021 年末常住人口（2021 年公报，2022 年发布）/ year-end 2021")
    '2021 年末常住人口'
    >>> short_name("七普（地方公报口径，含功能区）/ 2020 census")
    '七普地方公报口径'
    """
    zh = description.split("/")[0].strip()
    if zh.startswith("七普（地方"):
        return "七普地方公报口径"
    return zh.split("（")[0].split(" 2020-")[0].strip()


def series_peaks(sweep: pd.DataFrame) -> list[dict]:
    """Per vintage (in the sweep's order): name, counties covered, most exact matches, and the denominators giving them.

    Parameters
    ----------
    sweep : DataFrame
        :func:`agritargets.rules.forensic.match_sweep`.

    Returns
    -------
    list of dict
        vintage, name, n, best, share (%), lo, hi (万人), small (fewer than :data:`SMALL_SAMPLE` counties).
    """
    out = []
    for vintage, g in sweep.groupby("vintage", sort=False):
        best = int(g["exact"].max())
        at = g.loc[g["exact"] == best, "P_wan"]
        n = int(g["units"].iloc[0])
        out.append(
            {
                "vintage": vintage,
                "name": short_name(g["description"].iloc[0]),
                "n": n,
                "best": best,
                "share": 100 * best / n,
                "lo": float(at.min()),
                "hi": float(at.max()),
                "small": n < SMALL_SAMPLE,
            }
        )
    return out


def _peak_phrase(p: dict) -> str:
    where = wan(p["lo"], 1) if p["lo"] == p["hi"] else f"{wan(p['lo'], 1)}–{wan(p['hi'], 1)}"
    return f"{p['name']}（覆盖 {p['n']} 个县市区）最多 {p['best']} 个一致（{percent(p['share'], 0)}，分母 {where} 万）"


def _one_county(small: list[dict]) -> str:
    """The share one county makes in the small samples, e.g. ``6%–14%``."""
    lo, hi = 100 / max(p["n"] for p in small), 100 / min(p["n"] for p in small)
    return percent(lo, 0) if round(lo) == round(hi) else f"{percent(lo, 0)}–{percent(hi, 0)}"


def words(meta: Meta, sweep: pd.DataFrame, published_p: dict[str, float]) -> Texts:
    """Words of ``chart_denominator_evidence`` (always the published 2023 targets).

    The caption names, for every series, how many counties it covers and its most exact matches
    with the denominators that give them: the report's text quotes the same condition.

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
    peaks = series_peaks(sweep)
    small = [p for p in peaks if p["small"]]
    sizes = "、".join(str(n) for n in sorted({p["n"] for p in small}))
    return message(
        title=(
            f"七普人口在分母约 {mid} 万时复现最多（{best} 个）；"
            f"公布的全省人口中{top}的 {wan(published_p[top], 0)} 万最接近（{scored[top]} 个）"
        ),
        subtitle="各人口口径复算结果与印发目标完全一致的县市区占比，随分母（全省常住人口，万人）变化；竖线为统计公报公布的全省人口",
        caption=(
            "对每种县级人口口径，在 6,500–6,700 万之间每隔 0.1 万取一个分母 P，按通知规则（人口 ÷ P × 400，四舍五入到 0.01 亿元）"
            "复算其覆盖的县市区，统计与印发目标完全一致的个数（纵轴为占覆盖县市区的比例）。"
            + "；".join(_peak_phrase(p) for p in peaks)
            + "。"
            + (
                f"只覆盖 {sizes} 个县市区的口径是小样本：一个县就占 {_one_county(small)}，"
                "曲线高于 123 个县市区的七普曲线并不说明它更吻合。"
                if small
                else ""
            )
            + "竖线为湖南统计公报公布的全省人口。此图只针对 2023 年印发目标。"
        ),
        source=source_line(
            meta,
            attachments="附件3",
            boundaries=False,
            population="七普分县资料及各地统计公报（逐值出处见 data/raw/population）",
        ),
        disclaimer=False,
    )


# Okabe–Ito colours (distinct under deuteranopia and protanopia), each with its own dash and marker
VINTAGE_STYLE = {
    "census2020": ("#000000", "-", None),
    "census2020_local": ("#CC79A7", (0, (1, 1.2)), "D"),
    "yearend2021": ("#E69F00", (0, (5, 2)), "o"),
    "yearend2022": ("#0072B2", (0, (6, 1.5, 1.5, 1.5)), "s"),
    "yearend2023": ("#009E73", (0, (2.5, 1.5)), "^"),
}


def _series(ax, sweep: pd.DataFrame, layout: Layout) -> list[tuple]:
    """One step line per vintage; returns (direct label, value at the right end, colour, marker) for each."""
    ends = []
    peaks = {p["vintage"]: p for p in series_peaks(sweep)}
    for k, (vintage, g) in enumerate(sweep.groupby("vintage", sort=False)):
        g = g.sort_values("P_wan")
        color, dash, marker = VINTAGE_STYLE.get(vintage, ("#666666", "-", "x"))
        main = vintage == "census2020"
        y = g["exact_share"].to_numpy() * 100
        ax.plot(
            g["P_wan"],
            y,
            color=color,
            ls=dash,
            lw=1.8 if main else 1.0,
            marker=marker,
            ms=layout.legend_pt * 0.45,
            markevery=(40 * k, 300),
            mfc="white",
            mec=color,
            drawstyle="steps-mid",
            zorder=3 if main else 2,
            gid=f"series:{vintage}",
        )
        p = peaks[vintage]
        label = f"{p['name']}（{p['n']} 个县市区" + ("，小样本）" if p["small"] else "）")
        ends.append((label, float(y[-1]), color, marker))
    return ends


def _end_labels(ax, ends: list, layout: Layout) -> None:
    """Each series named at its right end (outside the plot), spread so no two touch, joined to its end
    by a line in its colour with its marker (dark text: light line colours stay legible)."""
    lo, hi = ax.get_ylim()
    ax_h_pt = ax.get_position().height * ax.figure.get_figheight() * 72
    gap = 1.35 * layout.label_pt * (hi - lo) / ax_h_pt
    order = sorted(range(len(ends)), key=lambda i: (ends[i][1], i))
    ys = {}
    floor = lo + gap / 2
    for i in order:  # bottom up, each at least a line above the one below
        ys[i] = max(ends[i][1], floor)
        floor = ys[i] + gap
    tr = ax.get_yaxis_transform()  # x in axes fraction, y in data
    for i, (label, y_end, color, marker) in enumerate(ends):
        ax.plot([1.0, 1.02, 1.04], [y_end, ys[i], ys[i]], color=color, lw=0.6, transform=tr, clip_on=False)
        ax.plot(
            [1.03],
            [ys[i]],
            marker=marker or "_",
            ms=layout.legend_pt * 0.5,
            mfc="white",
            mec=color,
            color=color,
            transform=tr,
            clip_on=False,
        )
        ax.text(
            1.05,
            ys[i],
            label,
            transform=tr,
            va="center",
            ha="left",
            fontsize=layout.label_pt,
            color=style.INK,
        )


def _published_lines(ax, published_p: dict, layout: Layout) -> None:
    """The published provincial populations as dashed lines, named above the plot in as many rows as keep the names apart."""
    lo, hi = ax.get_xlim()
    pt_per_x = ax.get_position().width * ax.figure.get_figwidth() * 72 / (hi - lo)
    row_h = 1.25 * layout.note_pt * 100 / (ax.get_position().height * ax.figure.get_figheight() * 72)
    rows: list[float] = []  # right end (pt) of the last name in each row
    for label, p in sorted(published_p.items(), key=lambda kv: kv[1]):
        if not lo <= p <= hi:
            continue
        ax.axvline(p, color="#777777", lw=0.7, ls=(0, (3, 2)), zorder=1)
        text = f"{label} {wan(p, 0)}"
        half = text_width_pt(text, layout.note_pt) / 2 + 2
        x = (p - lo) * pt_per_x
        row = next((k for k, end in enumerate(rows) if x - half > end), len(rows))
        rows[row : row + 1] = [x + half]
        ax.text(
            p, 101 + row * row_h, text, ha="center", va="bottom", fontsize=layout.note_pt, color=style.MUTED
        )


def draw(sweep: pd.DataFrame, published_p: dict, texts: Texts, layout: Layout) -> Figure:
    """Share of covered counties reproduced exactly, per population vintage, as the denominator varies.

    Lines differ in colour (Okabe–Ito), dash and marker and are named at their right ends, with how
    many counties each covers; the small samples say so.

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
    widest = max(
        text_width_pt(f"{p['name']}（{p['n']} 个县市区，小样本）", layout.label_pt)
        for p in series_peaks(sweep)
    )
    ax = chart_axes(
        page,
        left_pt=layout.legend_pt * 5.6,
        bottom_pt=layout.legend_pt * 3.2,
        right_pt=widest + 0.06 * 72 * page.width * 0.9 + 8,
        top_pt=layout.note_pt * 1.25 * 3 + 2,
    )
    ax.grid(axis="both", color="#ececec", lw=0.6)
    lo, hi = sweep["P_wan"].min(), sweep["P_wan"].max()
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, 100)
    _end_labels(ax, _series(ax, sweep, layout), layout)
    _published_lines(ax, published_p, layout)
    census = sweep[sweep["vintage"] == "census2020"]
    best = census[census["exact"] == census["exact"].max()]
    bx, by = float(best["P_wan"].median()), float(best["exact_share"].iloc[0] * 100)
    place_labels(
        ax,
        [Label("peak", f"七普最多 {int(best['exact'].iloc[0])} 个（{percent(by, 0)}）", (bx, by), None)],
        layout.label_pt,
        avoid=np.array([[bx, by]]),
    )
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: wan(round(v), 0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: percent(v, 0)))
    ax.set_xlabel("分母：全省常住人口（万人）", fontsize=layout.legend_pt)
    ax.set_ylabel("与印发目标完全一致的县市区占比", fontsize=layout.legend_pt)
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
