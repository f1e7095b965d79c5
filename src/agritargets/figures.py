"""The presenters' figure pack: every static figure as PNG (300 dpi) and SVG, a contact sheet, a manifest.

``FIGURES`` is the single list of what the pack holds; notebooks and the report
draw the same figures by stem through :func:`draw`.
"""

from __future__ import annotations

import html
import multiprocessing as mp
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from agritargets import cartography as cg
from agritargets import charts, export, figcache, maps
from agritargets.classify import Classes
from agritargets.divisions import prefectures
from agritargets.files import write_csv
from agritargets.fonts import use_chinese_font
from agritargets.notice import NOTICE_NUMBER
from agritargets.scenario import Scenario
from agritargets.style import source_line


@dataclass(frozen=True)
class FigureSpec:
    stem: str
    title: str
    caption: str
    build: Callable[[Scenario, Classes], Figure]
    classification: str  # "county share (shared)", "prefecture targets", "fixed residual", "none"


def _specs() -> list[FigureSpec]:
    specs = [
        FigureSpec(
            "map_county_share", "各县市区目标占全省比重（分级设色图）",
            "每个县市区目标占全省目标的百分比，Fisher–Jenks 自然断点 5 类；粗线为市州界；右侧放大长株潭、衡阳、邵阳城区；洪江区无边界数据，以菱形标于洪江市内。",
            lambda s, c: maps.county_share_map(s, c), "county share (shared)",
        ),
        FigureSpec(
            "map_county_symbols", "各县市区目标（比例符号图）",
            "圆面积与目标（亿元）成正比，图例给出 1、3、6、9 亿元参考圆；因目标按人口分配，此图也近似是人口分布图。",
            lambda s, c: maps.symbol_map(s), "none",
        ),
        FigureSpec(
            "map_prefecture_targets", "各市州目标",
            "14 个市州的目标（亿元），Fisher–Jenks 自然断点 5 类，标注市州名称与目标值。",
            lambda s, c: maps.prefecture_map(s), "prefecture targets",
        ),
        FigureSpec(
            "map_audit_residual", "复核图：印发目标与复算值之差",
            "各县市区印发目标减去复算值（亿元），以 0 为中心的发散色带；±0.02 以内可视为四舍五入误差。",
            lambda s, c: maps.residual_map(s), "fixed residual",
        ),
        FigureSpec(
            "chart_prefecture_ranked", "各市州目标排名",
            "14 个市州目标（亿元）由大到小排列，括注占全省比重。",
            lambda s, c: charts.prefecture_ranked(s), "none",
        ),
        FigureSpec(
            "chart_prefecture_composition", "各市州目标的县市区构成",
            "每个市州的条形按所辖县市区目标分段，颜色与县级地图同一分级。",
            lambda s, c: charts.prefecture_composition(s, c), "county share (shared)",
        ),
    ]  # fmt: skip
    for row in prefectures().itertuples():
        specs.append(
            FigureSpec(
                f"map_prefecture_{row.prefecture_adcode}", f"{row.prefecture}各县市区目标",
                f"{row.prefecture}所辖各县市区的目标（亿元），标注全部县市区；颜色为占全省比重，与全省县级地图同一分级，可跨图比较。",
                lambda s, c, code=row.prefecture_adcode: maps.prefecture_panel(s, code, c), "county share (shared)",
            )
        )  # fmt: skip
    return specs


FIGURES = _specs()


def spec(stem: str) -> FigureSpec:
    return next(f for f in FIGURES if f.stem == stem)


def draw(stem: str, s: Scenario, classes: Classes | None = None) -> Figure:
    """One figure by its stem, as in the pack."""
    use_chinese_font()
    return spec(stem).build(s, classes or maps.share_classes(s))


def _render(job: tuple[str, Scenario, Classes, Path]) -> dict:
    """Draw one figure once: pack PNG + SVG, and the report's compact PNG into the figure cache."""
    stem, s, classes, out = job
    f = spec(stem)
    fig = f.build(s, classes)
    png, svg = export.save(fig, out / f.stem, close=False)
    figcache.put(f.stem, s, export.report_png(fig))
    return {
        "file": png.name,
        "svg": svg.name,
        "title": f.title,
        "caption": f.caption,
        "data_source": source_line("人口：" + s.population_label),
        "classification": f.classification,
        "classes": classes.describe() if f.classification == "county share (shared)" else "",
    }


def _parallel_map(func, jobs: list, workers: int | None) -> list:
    """``map`` over forked processes (default: one per core, at most 2), in order; serial without fork."""
    n = workers or min(2, os.cpu_count() or 1)
    if n > 1 and len(jobs) > 1 and "fork" in mp.get_all_start_methods():
        cg.layers(), cg.layers(cg.SIMPLIFY_TOLERANCE_M)  # load geometry once, before forking
        with ProcessPoolExecutor(n, mp_context=mp.get_context("fork")) as pool:
            return list(pool.map(func, jobs))
    return [func(j) for j in jobs]


def build_pack(s: Scenario, out: Path, workers: int | None = None) -> pd.DataFrame:
    """Write every figure to ``out`` (PNG + SVG), then figures.csv and index.html; return the manifest.

    The output does not depend on the number of worker processes.
    """
    use_chinese_font()
    classes = maps.share_classes(s)
    rows = _parallel_map(_render, [(f.stem, s, classes, out) for f in FIGURES], workers)
    manifest = pd.DataFrame(rows)
    write_csv(manifest, out / "figures.csv")
    (out / "index.html").write_text(contact_sheet(manifest, s), encoding="utf-8")
    return manifest


def _render_report_png(job: tuple[str, Scenario, Classes]) -> None:
    stem, s, classes = job
    figcache.put(stem, s, export.report_png(spec(stem).build(s, classes)))


def warm_cache(s: Scenario, workers: int | None = None) -> int:
    """Draw, in parallel, the report images the figure cache lacks; returns how many were drawn."""
    use_chinese_font()
    missing = [f.stem for f in FIGURES if figcache.get(f.stem, s) is None]
    if missing:
        classes = maps.share_classes(s)
        _parallel_map(_render_report_png, [(stem, s, classes) for stem in missing], workers)
    return len(missing)


def contact_sheet(manifest: pd.DataFrame, s: Scenario) -> str:
    cards = "\n".join(
        f'<figure><a href="{html.escape(r.svg)}"><img src="{html.escape(r.file)}" alt="{html.escape(r.title)}" loading="lazy"></a>'
        f"<figcaption><b>{html.escape(r.title)}</b><br>{html.escape(r.caption)}<br>"
        f'<a href="{html.escape(r.file)}">PNG 300 dpi</a> · <a href="{html.escape(r.svg)}">SVG</a></figcaption></figure>'
        for r in manifest.itertuples()
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>图表包 · {html.escape(s.title)}</title>
<style>body{{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}}
main{{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:1.5em}}
figure{{margin:0;border:1px solid #ddd;padding:.6em;background:#fff}}img{{width:100%;height:auto}}
figcaption{{font-size:.9em;line-height:1.5}}</style></head>
<body><h1>图表包：{html.escape(s.title)}</h1>
<p>每张图均有 PNG（300 dpi）与 SVG（文字转曲，无需字体）两种格式，可直接放入幻灯片。依据《{NOTICE_NUMBER}》。
所有地图均为<b>示意图</b>：边界据高德（AMap）数据绘制，未经审核，不作为边界划定依据。清单见 <a href="figures.csv">figures.csv</a>。</p>
<main>
{cards}
</main></body></html>
"""
