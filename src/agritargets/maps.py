"""Static maps. Each function takes the scenario (and the shared classes) and returns a Figure."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from agritargets import cartography as cg
from agritargets import style
from agritargets.classify import Classes, natural_breaks, residual_classes
from agritargets.scenario import Scenario

INSET_RECTS = [(0.64, 0.45, 0.34, 0.40), (0.64, 0.235, 0.16, 0.18), (0.82, 0.235, 0.16, 0.18)]


def share_classes(s: Scenario) -> Classes:
    """The province-wide classification of county shares (%), used by every county map."""
    return natural_breaks(s.counties["share_pct"], k=5, decimals=2, unit="%")


# --------------------------------------------------------------------------- county choropleths with insets


def _draw_counties(ax: Axes, lay: cg.Layers, colors: pd.Series, bounds=None) -> None:
    counties, prefs = lay.counties, lay.prefectures
    if bounds is not None:
        counties, prefs = cg.clip(counties, bounds), cg.clip(prefs, bounds)
    fill = counties["adcode"].map(colors).fillna(style.NO_DATA)
    counties.plot(ax=ax, color=fill.tolist(), **style.COUNTY_EDGE)
    prefs.boundary.plot(
        ax=ax, color=style.PREFECTURE_EDGE["edgecolor"], linewidth=style.PREFECTURE_EDGE["linewidth"]
    )


def _mark_hongjiang(ax: Axes, lay: cg.Layers, text: str, color: str) -> None:
    """洪江区 has a target but no polygon: a diamond inside 洪江市 and a note, never silently absent."""
    x, y = cg.hongjiang_point(lay)
    ax.scatter([x], [y], s=28, marker="D", color=color, edgecolor="#222222", linewidth=0.6, zorder=26)
    t = ax.text(x + 9000, y - 4000, text, fontsize=style.NOTE_SIZE - 0.5, va="top", zorder=26)
    cg.halo(t)


def _urban_insets(fig: Figure, ax: Axes, lay: cg.Layers, draw: Callable[[Axes, tuple], None],
                  label: Callable[[str, str], str], fontsize: float) -> None:  # fmt: skip
    """The enlarged urban cores on the right, each outlined on the main map; every district labelled."""
    for (name, codes), rect in zip(cg.URBAN_INSETS.items(), INSET_RECTS, strict=True):
        b = cg.inset_bounds(lay, codes)
        cg.outline_on_main(ax, b, name)
        iax = cg.inset_axes(fig, rect, name)
        draw(iax, b)
        cg.fit(iax, b, pad=0)
        cg.finish_inset(iax)
        sel = lay.counties[lay.counties["adcode"].isin(codes)]
        labels = [label(n, a) for n, a in zip(sel["name"], sel["adcode"], strict=True)]
        cg.place_labels(iax, sel["label_x"].to_numpy(), sel["label_y"].to_numpy(), labels, fontsize=fontsize)


def _province_choropleth(
    s: Scenario, classes: Classes, values: pd.Series, title: str, subtitle: str, legend_title: str,
    inset_label: Callable[[pd.Series], str], hongjiang_text: str, extra_legend=(), source_extra: str = "",
) -> Figure:  # fmt: skip
    lay = cg.layers()
    colors = pd.Series(classes.color_of(values.to_numpy()), index=values.index)
    fig = cg.new_figure()
    ax = cg.map_axes(fig, (0.01, 0.07, 0.60, 0.82))
    _draw_counties(ax, lay, colors)
    lay.province.boundary.plot(
        ax=ax, color=style.PROVINCE_EDGE["edgecolor"], linewidth=style.PROVINCE_EDGE["linewidth"]
    )
    for p in lay.prefectures.itertuples():
        pt = p.geometry.representative_point()
        t = ax.text(pt.x, pt.y, p.prefecture.replace("土家族苗族自治州", "州"), fontsize=style.LABEL_SIZE, ha="center",
                    va="center", color="#222222", alpha=0.85, zorder=18)  # fmt: skip
        cg.halo(t)
    _mark_hongjiang(ax, lay, hongjiang_text, colors.get(cg.HONGJIANG_DISTRICT, style.NO_DATA))
    cg.fit(ax, lay.province.total_bounds)
    cg.add_scale_bar(ax)
    cg.add_north_arrow(ax, (0.06, 0.86))

    text = inset_label(values)
    _urban_insets(fig, ax, lay, lambda iax, b: _draw_counties(iax, lay, colors, bounds=b),
                  lambda name, a: f"{name}\n{text[a]}", style.LABEL_SIZE - 1)  # fmt: skip
    lax = cg.map_axes(fig, (0.63, 0.07, 0.35, 0.16))
    cg.legend_patches(lax, classes, legend_title, extra=list(extra_legend))
    cg.frame(fig, title, subtitle, source_extra)
    return fig


def county_share_map(s: Scenario, classes: Classes) -> Figure:
    values = s.counties.set_index("adcode")["share_pct"]
    pct = {a: f"{v:.2f}%" for a, v in values.items()}
    hj = s.counties.set_index("adcode").loc[cg.HONGJIANG_DISTRICT]
    return _province_choropleth(
        s, classes, values,
        title=f"各县市区{s.title}占全省比重",
        subtitle=f"县市区目标 ÷ 全省 {s.total} 亿元；{classes.scheme}分级（5 类，全省统一）；粗线为市州界，红框为右侧放大区",
        legend_title="占全省目标比重（%）",
        inset_label=lambda _: pct,
        hongjiang_text=f"洪江区 {hj.share_pct:.2f}%\n（无边界数据，位置示意）",
        extra_legend=[(style.NO_DATA, "无数据")] if values.isna().any() else [],
    )  # fmt: skip


def residual_map(s: Scenario) -> Figure:
    classes = residual_classes()
    values = s.counties.set_index("adcode")["residual_yi"]
    txt = {a: ("—" if np.isnan(v) else f"{v:+.2f}") for a, v in values.items()}
    if s.is_published:
        title, sub = (
            "印发目标与复算值之差（复核图）",
            f"印发目标 − {s.compare_label}（亿元）；0 附近为四舍五入误差",
        )
    else:
        title, sub = "新测算目标与 2023 年印发目标之差", f"{s.title} − 2023 年印发目标（亿元）"
    return _province_choropleth(
        s, classes, values, title=title, subtitle=sub, legend_title="差值（亿元）",
        inset_label=lambda _: txt,
        hongjiang_text=f"洪江区 {txt.get(cg.HONGJIANG_DISTRICT, '—')}\n（无边界数据，位置示意）",
        extra_legend=[(style.NO_DATA, "无人口数据")] if np.isnan(values).any() else [],
        source_extra="人口：" + s.population_label if s.is_published else "",
    )  # fmt: skip


# --------------------------------------------------------------------------- proportional symbols


REFERENCE_CIRCLES = (1, 3, 6, 9)  # 亿元


def _marker_area(v) -> np.ndarray:
    return np.asarray(v, dtype=float) * 38.0  # points²: area ∝ target, 9 亿元 ≈ 18 pt radius


def symbol_map(s: Scenario) -> Figure:
    lay = cg.layers()
    t = s.counties.set_index("adcode")["target_yi"]
    fig = cg.new_figure()
    ax = cg.map_axes(fig, (0.01, 0.07, 0.60, 0.82))

    def draw(ax: Axes, bounds=None) -> None:
        counties, prefs = lay.counties, lay.prefectures
        if bounds is not None:
            counties, prefs = cg.clip(counties, bounds), cg.clip(prefs, bounds)
        counties.plot(ax=ax, color=style.CONTEXT, edgecolor="#bbbbbb", linewidth=0.35)
        prefs.boundary.plot(ax=ax, color="#666666", linewidth=0.7)
        sel = lay.counties.assign(v=lay.counties["adcode"].map(t)).sort_values("v", ascending=False)
        if bounds is not None:  # only the circles an inset shows: each size is its own SVG marker
            x0, y0, x1, y1 = bounds
            sel = sel[sel["label_x"].between(x0, x1) & sel["label_y"].between(y0, y1)]
        ax.scatter(sel["label_x"], sel["label_y"], s=_marker_area(sel["v"]), color=style.SYMBOL_COLOR, alpha=0.72,
                   edgecolor="white", linewidth=0.6, zorder=10)  # fmt: skip

    draw(ax)
    lay.province.boundary.plot(ax=ax, color=style.PROVINCE_EDGE["edgecolor"], linewidth=1.0)
    x, y = cg.hongjiang_point(lay)
    ax.scatter(
        [x],
        [y],
        s=_marker_area([t[cg.HONGJIANG_DISTRICT]]),
        color="#e6550d",
        edgecolor="white",
        linewidth=0.6,
        zorder=11,
    )
    note = ax.text(
        x + 9000,
        y - 4000,
        f"洪江区 {t[cg.HONGJIANG_DISTRICT]:.2f}\n（无边界，位置示意）",
        fontsize=style.NOTE_SIZE - 0.5,
        va="top",
        zorder=26,
    )
    cg.halo(note)
    cg.fit(ax, lay.province.total_bounds)
    cg.add_scale_bar(ax)
    cg.add_north_arrow(ax, (0.06, 0.86))
    _urban_insets(fig, ax, lay, draw, lambda name, a: f"{name} {t[a]:.2f}", style.LABEL_SIZE - 1.5)
    lax = cg.map_axes(fig, (0.63, 0.07, 0.35, 0.16))
    handles = [Line2D([], [], ls="", marker="o", markersize=np.sqrt(_marker_area([v])[0]), color=style.SYMBOL_COLOR, alpha=0.72,
                      markeredgecolor="white", label=f"{v} 亿元") for v in REFERENCE_CIRCLES]  # fmt: skip
    lax.legend(handles=handles, title="目标（亿元，圆面积 ∝ 目标）", loc="upper left", ncol=2, frameon=False, fontsize=style.NOTE_SIZE + 0.5,
               title_fontsize=style.NOTE_SIZE + 1, borderpad=1.2, columnspacing=1.6, handletextpad=0.6, labelspacing=1.8)  # fmt: skip
    cg.frame(
        fig,
        f"各县市区{s.title}（亿元）",
        "圆点面积与目标成正比；目标按常住人口比例分配，因此本图亦近似反映人口分布",
    )
    return fig


# --------------------------------------------------------------------------- prefectures


def prefecture_map(s: Scenario) -> Figure:
    lay = cg.layers()
    p = s.prefectures.set_index("adcode")
    classes = natural_breaks(p["target_yi"], k=5, decimals=2, unit="亿元")
    colors = dict(zip(p.index, classes.color_of(p["target_yi"]), strict=True))
    fig = cg.new_figure()
    ax = cg.map_axes(fig, (0.01, 0.07, 0.68, 0.82))
    lay.counties.plot(
        ax=ax, color=lay.counties["prefecture_adcode"].map(colors).tolist(), edgecolor="white", linewidth=0.25
    )
    lay.prefectures.boundary.plot(ax=ax, color="#333333", linewidth=0.9)
    for r in lay.prefectures.itertuples():
        pt = r.geometry.representative_point()
        name = r.prefecture.replace("土家族苗族自治州", "州")
        t = ax.text(pt.x, pt.y, f"{name}\n{p.loc[r.prefecture_adcode, 'target_yi']:.2f}", ha="center", va="center",
                    fontsize=style.LABEL_SIZE + 1.5, fontweight="bold", zorder=20)  # fmt: skip
        cg.halo(t)
    cg.fit(ax, lay.province.total_bounds)
    cg.add_scale_bar(ax)
    cg.add_north_arrow(ax, (0.06, 0.86))
    lax = cg.map_axes(fig, (0.71, 0.45, 0.27, 0.4))
    cg.legend_patches(lax, classes, "市州目标（亿元）")
    total = s.prefectures["target_cents"].sum() / 100
    fig.text(
        0.71,
        0.40,
        f"14 市州合计 {total:.2f} 亿元\n{classes.describe()}",
        fontsize=style.NOTE_SIZE + 0.5,
        va="top",
        color="#444444",
    )
    cg.frame(fig, f"各市州{s.title}（亿元）", "市州目标为其所辖县市区目标之和（附件2）")
    return fig


def prefecture_panel(s: Scenario, prefecture_adcode: str, classes: Classes) -> Figure:
    """One prefecture, every county labelled with name and target, coloured by the province-wide classes."""
    lay = cg.layers(cg.SIMPLIFY_TOLERANCE_M)
    c = s.counties.set_index("adcode")
    colors = pd.Series(classes.color_of(c["share_pct"]), index=c.index)
    mine = lay.counties[lay.counties["prefecture_adcode"] == prefecture_adcode]
    pref_name = mine["prefecture"].iloc[0]
    rect = (0.01, 0.07, 0.68, 0.83)
    bounds = cg.window(mine.total_bounds, aspect=rect[2] * style.MAP_SIZE[0] / (rect[3] * style.MAP_SIZE[1]))
    fig = cg.new_figure()
    ax = cg.map_axes(fig, rect)
    coarse = cg.layers()  # context needs no detail: the coarser coverage keeps the SVG small
    ctx = cg.clip(coarse.prefectures[coarse.prefectures["prefecture_adcode"] != prefecture_adcode], bounds)
    ctx.plot(ax=ax, color=style.CONTEXT, edgecolor="#bbbbbb", linewidth=0.6)
    mine.plot(ax=ax, color=mine["adcode"].map(colors).tolist(), edgecolor="white", linewidth=0.6)
    own = lay.prefectures[lay.prefectures["prefecture_adcode"] == prefecture_adcode]
    own.boundary.plot(ax=ax, color="#333333", linewidth=1.0)
    labels = [f"{n}\n{c.loc[a, 'target_yi']:.2f}" for n, a in zip(mine["name"], mine["adcode"], strict=True)]
    xs, ys = mine["label_x"].to_numpy(), mine["label_y"].to_numpy()
    if prefecture_adcode == cg.HONGJIANG_CITY[:4] + "00":
        hx, hy = cg.hongjiang_point(lay)
        ax.scatter(
            [hx],
            [hy],
            s=40,
            marker="D",
            color=colors[cg.HONGJIANG_DISTRICT],
            edgecolor="#222222",
            linewidth=0.7,
            zorder=26,
        )
        xs, ys = np.append(xs, hx), np.append(ys, hy)
        labels.append(f"洪江区*\n{c.loc[cg.HONGJIANG_DISTRICT, 'target_yi']:.2f}")
        fig.text(
            0.72,
            0.22,
            "* 洪江区（洪江区管委会）无边界数据，\n   以菱形标于洪江市内，位置示意。",
            fontsize=style.NOTE_SIZE,
            va="top",
        )
    cg.fit(ax, bounds, pad=0)
    cg.place_labels(ax, xs, ys, labels, fontsize=style.LABEL_SIZE + 0.5)
    cg.add_scale_bar(ax)
    cg.add_north_arrow(ax)
    lax = cg.map_axes(fig, (0.73, 0.64, 0.24, 0.26))  # locator
    coarse.prefectures.plot(ax=lax, color=["#c0392b" if a == prefecture_adcode else "#dddddd" for a in coarse.prefectures["prefecture_adcode"]],
                            edgecolor="white", linewidth=0.4)  # fmt: skip
    cg.fit(lax, coarse.province.total_bounds)
    gax = cg.map_axes(fig, (0.72, 0.27, 0.26, 0.27))
    cg.legend_patches(gax, classes, "占全省目标比重（%）\n（全省统一分级）")
    p = s.prefectures.set_index("adcode").loc[prefecture_adcode]
    fig.text(
        0.72,
        0.60,
        f"{pref_name}目标 {p.target_yi:.2f} 亿元\n占全省 {p.share_pct:.2f}%",
        fontsize=style.NOTE_SIZE + 1.5,
        va="top",
    )
    cg.frame(
        fig,
        f"{pref_name}：各县市区{s.title}（亿元）",
        f"标注为县市区名称与目标；颜色为占全省比重，{classes.scheme}全省统一分级",
    )
    return fig


def simple_choropleth(gdf, values, classes: Classes, title: str, source: str | None = None) -> Figure:
    """One plain choropleth of any coverage (no insets): the benchmark floor and the national map."""
    from agritargets.geometry import equal_area_crs

    projected = gdf.to_crs(equal_area_crs(tuple(gdf.total_bounds)))
    fig = cg.new_figure()
    ax = cg.map_axes(fig, (0.01, 0.07, 0.75, 0.82))
    projected.plot(ax=ax, color=classes.color_of(values), edgecolor="white", linewidth=0.1)
    cg.fit(ax, projected.total_bounds)
    cg.add_scale_bar(ax)
    lax = cg.map_axes(fig, (0.78, 0.3, 0.2, 0.4))
    cg.legend_patches(lax, classes, classes.unit)
    cg.frame(fig, title, source=source)
    return fig
