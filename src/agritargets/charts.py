"""Prefecture breakdowns as charts: ranked targets and how each total splits across its counties."""

from __future__ import annotations

from matplotlib.figure import Figure

from agritargets import cartography as cg
from agritargets import style
from agritargets.classify import Classes


def _short(name: str) -> str:
    return name.replace("土家族苗族自治州", "州")


def prefecture_ranked(s) -> Figure:
    p = s.prefectures.sort_values("target_yi")
    fig = cg.new_figure(style.CHART_SIZE)
    ax = fig.add_axes((0.14, 0.1, 0.78, 0.76))
    bars = ax.barh([_short(n) for n in p["prefecture"]], p["target_yi"], color=style.SYMBOL_COLOR, height=0.7)
    for b, v, sh in zip(bars, p["target_yi"], p["share_pct"], strict=True):
        ax.text(
            b.get_width() + 0.6,
            b.get_y() + b.get_height() / 2,
            f"{v:.2f}（{sh:.1f}%）",
            va="center",
            fontsize=style.LABEL_SIZE + 1,
        )
    ax.set_xlabel("目标（亿元）", fontsize=style.LABEL_SIZE + 1.5)
    ax.set_xlim(0, p["target_yi"].max() * 1.2)
    ax.tick_params(labelsize=style.LABEL_SIZE + 1.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)
    cg.frame(fig, f"各市州{s.title}排名", "条形长度为目标（亿元），括号内为占全省目标比重", disclaimer=False)
    return fig


def prefecture_composition(s, classes: Classes) -> Figure:
    """Each prefecture's bar split into its counties, coloured by the shared share classes."""
    c = s.counties
    order = s.prefectures.sort_values("target_yi")["adcode"].tolist()
    fig = cg.new_figure((10.0, 7.5))
    ax = fig.add_axes((0.14, 0.12, 0.82, 0.74))
    for i, code in enumerate(order):
        part = c[c["prefecture_adcode"] == code].sort_values("target_yi", ascending=False)
        left = 0.0
        for v, name, color in zip(
            part["target_yi"], part["county"], classes.color_of(part["share_pct"]), strict=True
        ):
            ax.barh(i, v, left=left, color=color, edgecolor="white", linewidth=0.8, height=0.72)
            if v >= 3.3:
                dark = color in classes.colors[-2:]
                ax.text(left + v / 2, i, name.replace("自治县", ""), ha="center", va="center", fontsize=style.LABEL_SIZE - 1,
                        color="white" if dark else "#222222")  # fmt: skip
            left += v
        printed = s.prefectures.set_index("adcode").loc[code, "target_yi"]
        note = f"{left:.2f}" if round(left, 2) == printed else f"{left:.2f}（附件2：{printed:.2f}）"
        ax.text(left + 0.5, i, note, va="center", fontsize=style.LABEL_SIZE)
    names = s.prefectures.set_index("adcode").loc[order, "prefecture"]
    ax.set_yticks(range(len(order)), [_short(n) for n in names], fontsize=style.LABEL_SIZE + 1.5)
    ax.set_xlabel("目标（亿元）；每段为一个县市区", fontsize=style.LABEL_SIZE + 1.5)
    ax.tick_params(axis="x", labelsize=style.LABEL_SIZE + 1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    lax = fig.add_axes((0.62, 0.14, 0.34, 0.3))
    lax.set_axis_off()
    cg.legend_patches(lax, classes, "县市区占全省比重（%）\n（与地图同一分级）", loc="lower right")
    cg.frame(
        fig,
        "各市州目标的县市区构成",
        "每条按县市区目标从大到小分段，标注目标 ≥ 3.3 亿元者；条末为所辖县市区目标之和，与附件2不同处括注",
        disclaimer=False,
    )
    return fig
