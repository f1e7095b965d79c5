"""``map_monitor_gap``: each county's 完成率 minus 序时进度, diverging around the schedule."""

from __future__ import annotations

from fractions import Fraction

import mapclassify
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from agritargets.core.formatting import fixed
from agritargets.core.names import short_county
from agritargets.figures.kit import cartography, legends, style
from agritargets.figures.kit.cartography import HONGJIANG_NOTE
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts
from agritargets.figures.kit.placement import Label, place_labels
from agritargets.figures.kit.province import (
    context_and_outline,
    draw_counties,
    furniture,
    hongjiang_marker,
    lines_in,
    neighbour_names,
    prefecture_names,
    province_frame,
    swatch_width,
    urban_insets,
)
from agritargets.figures.kit.spec import FigureSpec
from agritargets.figures.kit.words import message
from agritargets.figures.monitor.common import (
    SECTION,
    MonitorInputs,
    above_below,
    completion,
    demo_prefix,
    monitor_source,
    pct,
    pts,
    schedule,
    units_word,
)

CUTS = (5.0, 10.0, 20.0)  # percentage points: class edges on each side of the schedule
NAMED = 5  # units furthest behind schedule named on the main map
_BEHIND_EDGE = -1e-6  # exact gaps below 0 are behind; they are classified at most this


def exact_gaps(result) -> dict[str, Fraction | None]:
    """Each county's gap to the schedule in points, exactly (None where a county has no actual).

    Parameters
    ----------
    result : MonitorResult

    Returns
    -------
    dict
        adcode → Fraction or None.
    """
    s = schedule(result)
    c = result.counties
    return {
        a: None if pd.isna(actual) else completion({"actual_yi": actual, "target_yi": target}) - s
        for a, actual, target in zip(c["adcode"], c["actual_yi"], c["target_yi"], strict=True)
    }


def gaps(result) -> pd.Series:
    """:func:`exact_gaps` as floats for drawing and classing (NaN: no actual), indexed by adcode.

    Parameters
    ----------
    result : MonitorResult

    Returns
    -------
    Series
    """
    return pd.Series(
        {a: np.nan if g is None else float(g) for a, g in exact_gaps(result).items()}, dtype=float
    )


def unreported_units(result, layers: cartography.Layers) -> int:
    """County units without an actual: absent from the result (``--allow-partial``) or empty in it.

    Parameters
    ----------
    result : MonitorResult
    layers : Layers

    Returns
    -------
    int
    """
    c = result.counties
    every = set(layers.counties["adcode"]) | {cartography.HONGJIANG_DISTRICT}
    return len(every - set(c["adcode"])) + int(c["actual_yi"].isna().sum())


def _classifiable(values: np.ndarray) -> np.ndarray:
    """Behind (< 0) stays strictly below the 0 edge even where a float gap is tiny."""
    return np.where(values < 0, np.minimum(values, _BEHIND_EDGE), values)


def _all_classes() -> list[tuple[float, str, str]]:
    """Every possible class: (upper bound, label, colour), behind schedule first."""

    def s(v: float) -> str:
        return fixed(v, 0, signed=True)

    c1, c2, c3 = CUTS
    return [
        (-c3, f"≤ {s(-c3)}", style.BELOW[3]),
        (-c2, f"{s(-c3)} – {s(-c2)}", style.BELOW[2]),
        (-c1, f"{s(-c2)} – {s(-c1)}", style.BELOW[1]),
        (_BEHIND_EDGE, f"{s(-c1)} – 0", style.BELOW[0]),
        (c1, f"0 – {s(c1)}", style.ABOVE[0]),
        (c2, f"{s(c1)} – {s(c2)}", style.ABOVE[1]),
        (c3, f"{s(c2)} – {s(c3)}", style.ABOVE[2]),
        (np.inf, f"> {s(c3)}", style.ABOVE[3]),
    ]


def gap_classes(values) -> Classes:
    """Classes of the gap to the schedule: behind in purple, on schedule in orange, edges at 5/10/20 points.

    Only as many outer classes as the data reach; the two classes next to the schedule always show.
    A gap of exactly 0 is on schedule (达到序时进度), any gap below 0 behind.

    Parameters
    ----------
    values : array-like of float
        Gaps in points (NaN ignored).

    Returns
    -------
    Classes
    """
    v = np.asarray(values, dtype=float)
    v = _classifiable(v[~np.isnan(v)])
    every = _all_classes()
    uppers = np.array([u for u, _, _ in every])
    idx = np.searchsorted(uppers, v, side="left") if len(v) else np.array([3, 4])
    first, last = min(int(idx.min()), 3), max(int(idx.max()), 4)
    kept = every[first : last + 1]
    hi = float(v.max()) if len(v) else 0.0
    bins = [u for u, _, _ in kept]
    if np.isinf(bins[-1]):
        bins[-1] = hi
    classifier = mapclassify.UserDefined(v if len(v) else np.zeros(1), bins)
    return Classes(
        scheme="以序时进度为中心的固定分级（±5、10、20 个百分点）",
        bins=tuple(float(b) for b in bins),
        lowest=float(v.min()) if len(v) else 0.0,
        colors=tuple(c for _, _, c in kept),
        labels=tuple(lab for _, lab, _ in kept),
        unit="个百分点",
        decimals=0,
        classifier=classifier,
    )


def colors_of(gap: pd.Series, classes: Classes) -> pd.Series:
    """Colour of each county (adcode index) by its gap; no actual: hatched no-data white.

    Parameters
    ----------
    gap : Series
    classes : Classes

    Returns
    -------
    Series
    """
    return pd.Series(classes.color_of(_classifiable(gap.to_numpy())), index=gap.index)


def words(inputs: MonitorInputs, classes: Classes) -> Texts:
    """Words of ``map_monitor_gap``.

    Parameters
    ----------
    inputs : MonitorInputs
    classes : Classes

    Returns
    -------
    Texts
    """
    r = inputs.result
    p = r.province.iloc[0]
    done, s = completion(p), schedule(r)
    n, ahead = int(p["counties"]), int(p["counties_ahead"])
    return message(
        title=(
            f"全省完成 {pct(done)}，{above_below(done - s)}序时进度 {pct(s)}；"
            f"{units_word(n)}中 {ahead} 个达到序时进度"
        ),
        subtitle=demo_prefix(
            inputs,
            f"{r.period.label_zh}各县市区完成率与序时进度之差（个百分点）；{len(classes.bins)} 级，以序时进度为中心；右侧放大三处城区",
        ),
        caption=(
            f"每个县市区{r.period.label_zh}完成率（实绩 ÷ 全年目标）减序时进度 {pct(s)}，单位为个百分点。"
            f"分级：{classes.describe()}。紫色为未达到序时进度，橙色为达到；"
            f"主图标出落后最多的 {NAMED} 个县市区。{HONGJIANG_NOTE.replace(chr(10), '')}。"
        ),
        source=monitor_source(inputs, boundaries=True),
        disclaimer=True,
    )


def _named_labels(
    layers: cartography.Layers, gap: pd.Series, exact: dict, colors: pd.Series, exclude: set[str]
) -> list[Label]:
    """Labels for the units furthest behind schedule (outside the insets, with a polygon)."""
    behind = gap[gap < 0].drop(labels=list(exclude), errors="ignore").sort_values(kind="stable")
    c = layers.counties.set_index("adcode")
    chosen = [a for a in behind.index if a in c.index][:NAMED]
    return [
        Label(
            a,
            f"{short_county(c.loc[a, 'name'])}\n{pts(exact[a])}",
            (c.loc[a, "label_x"], c.loc[a, "label_y"]),
            c.loc[a, "geometry"],
            fill=colors[a],
        )
        for a in chosen
    ]


def draw(inputs: MonitorInputs, classes: Classes, texts: Texts, layout: Layout) -> Figure:
    """The gap to the schedule per county, urban insets, the units furthest behind named.

    Parameters
    ----------
    inputs : MonitorInputs
    classes : Classes
        From :func:`gap_classes`.
    texts : Texts
    layout : Layout

    Returns
    -------
    Figure
    """
    layers = inputs.layers
    exact = exact_gaps(inputs.result)
    gap = gaps(inputs.result)
    colors = colors_of(gap, classes)

    def value(a: str) -> str:
        return "未报" if exact.get(a) is None else pts(exact[a])

    frame = province_frame(layout, texts, layers)
    draw_counties(frame.ax, layers, colors)
    context_and_outline(frame, layers)
    furniture(frame)
    size = layout.legend_pt * 0.9
    entries: list = legends.class_entries(classes, _classifiable(gap.dropna().to_numpy()))
    hj = cartography.HONGJIANG_DISTRICT
    unreported = unreported_units(inputs.result, layers)
    if unreported:
        entries.append(legends.no_data_handle(f"未报送（{unreported} 个）"))
    entries.append(cartography.hongjiang_handle(colors.get(hj, style.NO_DATA), size))
    title = "完成率 − 序时进度（个百分点）"
    ncol = 2 if len(entries) > 7 else 1  # a tall legend would leave the urban insets too little room
    legend_area = urban_insets(
        frame,
        layers,
        (swatch_width(entries, title, layout) * ncol, lines_in(layout, -(-len(entries) // ncol) + 2.4)),
        lambda iax, b: draw_counties(iax, layers, colors, bounds=b),
        lambda name, a: f"{name}\n{value(a)}",
        colors.get,
    )
    hongjiang_marker(frame, layers, colors.get(hj, style.NO_DATA), size, f"洪江区\n{value(hj)}")
    in_insets = {a for codes in cartography.URBAN_INSETS.values() for a in codes}
    labels = _named_labels(layers, gap, exact, colors, in_insets | {hj})
    placed = place_labels(frame.ax, labels, layout.label_pt, obstacles=frame.obstacles)
    frame.obstacles.extend(Bbox.from_extents(*q.box) for q in placed)
    prefecture_names(frame, layers, weight="normal")
    neighbour_names(frame, layers)
    x, y, w, h = legend_area
    legends.swatch_legend(frame.page.axes(x, y, w, h), entries, title, layout, ncol=ncol)
    return frame.page.fig


def _classes(inputs: MonitorInputs) -> Classes:
    return gap_classes(gaps(inputs.result).to_numpy())


def classification(inputs: MonitorInputs) -> tuple[str, str]:
    """Classification of the gap map for the bulletin's figure list.

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    tuple of str
    """
    c = _classes(inputs)
    return "完成率与序时进度之差，以序时进度为中心的固定分级", c.describe()


SPEC = FigureSpec(
    "map_monitor_gap",
    SECTION,
    "map",
    lambda inputs: words(inputs, _classes(inputs)),
    lambda inputs, texts, layout: draw(inputs, _classes(inputs), texts, layout),
    classification,
)
