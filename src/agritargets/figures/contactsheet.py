"""The pack's ``index.html``: light thumbnails grouped by section, links to every file."""

from __future__ import annotations

import html

import pandas as pd

from agritargets.figures.kit.style import DISCLAIMER, Meta

LINKS = (  # manifest column -> link text; a column that is absent or empty gets no link
    ("png", "PNG 300 dpi"),
    ("svg", "SVG"),
    ("slide_png", "幻灯片 PNG 1920×1080"),
    ("slide_svg", "幻灯片 SVG"),
    ("svg_text", "可编辑文字 SVG"),
    ("slide_svg_text", "幻灯片可编辑 SVG"),
)


def _card(r) -> str:
    e = html.escape
    files = {col: v for col, _ in LINKS if isinstance(v := getattr(r, col, None), str) and v}
    links = [f'<a href="{e(files[col])}">{text}</a>' for col, text in LINKS if col in files]
    full = files.get("png") or files.get("svg")
    return (
        f'<figure><a href="{e(full)}"><img src="{e(r.thumbnail)}" alt="{e(r.title)}" loading="lazy" width="480"></a>'
        f"<figcaption><b>{e(r.title)}</b><br>{e(r.caption)}<br><code>{e(r.stem)}</code> · "
        + " · ".join(links)
        + "</figcaption></figure>"
    )


def render(manifest: pd.DataFrame, scenario, sections, meta: Meta, note: str = "") -> str:
    """The contact sheet as one HTML document.

    Parameters
    ----------
    manifest : DataFrame
        The pack's manifest (stem, section, title, caption, png, svg, slide_png, slide_svg, thumbnail ...).
    scenario : Scenario
    sections : sequence of str
        Section order.
    meta : Meta
    note : str
        A sentence added to the introduction (e.g. what a published subset leaves out).

    Returns
    -------
    str
    """
    e = html.escape
    parts = []
    toc = []
    for i, section in enumerate(sections):
        rows = manifest[manifest["section"] == section]
        if rows.empty:
            continue
        toc.append(f'<a href="#s{i}">{e(section)}（{len(rows)}）</a>')
        cards = "\n".join(_card(r) for r in rows.itertuples())
        parts.append(f'<h2 id="s{i}">{e(section)}</h2>\n<main>\n{cards}\n</main>')
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>图表包 · {e(scenario.title)}</title>
<style>body{{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}}
main{{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:1.5em}}
figure{{margin:0;border:1px solid #ddd;padding:.6em;background:#fff}}img{{width:100%;height:auto}}
figcaption{{font-size:.85em;line-height:1.5}}nav a{{margin-right:1em}}</style></head>
<body><h1>图表包：{e(scenario.title)}</h1>
<p>每张图有两种版式：印刷版（A4 正文宽 17 厘米，PNG 300 dpi 与 SVG）和幻灯片版（16:9，1920×1080 PNG 与 SVG，
不含标题，标题放在幻灯片的标题框里，见 <a href="figures.csv">figures.csv</a> 的 title 列）。SVG 文字已转曲，无需字体。
依据{e(meta.notice)}。{e(DISCLAIMER)}{e(note)}</p>
<nav>{" ".join(toc)}</nav>
{chr(10).join(parts)}
</body></html>
"""
