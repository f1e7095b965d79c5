"""Legends, each with its unit: stepped class bars (one or two units), class swatches, reference circles."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from agritargets.core.formatting import fixed
from agritargets.figures.kit import style
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import text_width_pt


def stepped_legend(
    ax: Axes,
    classes: Classes,
    title: str,
    layout: Layout,
    *,
    second: tuple[float, str] | None = None,
) -> None:
    """A row of class colours with the class edges written at their borders.

    Parameters
    ----------
    ax : Axes
        An empty axes the legend fills (its height should allow 3–4 lines of legend type).
    classes : Classes
    title : str
        Names the variable and its unit, e.g. ``占全省目标比重（%）``.
    layout : Layout
    second : (factor, label), optional
        A second row of edges in another unit: edge × factor, labelled ``label``
        (e.g. ``(4.0, "对应目标（亿元）")`` for shares of 400 亿元).
    """
    k = len(classes.bins)
    size = layout.legend_pt
    edge_texts = [fixed(v, classes.decimals) for v in classes.edges]
    if second is not None:
        edge_texts += [fixed(v * second[0], 2) for v in classes.edges]
    w_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    half = (max(text_width_pt(t, size) for t in edge_texts) / 2 + 1) / w_pt  # axes fraction
    margin = k * half / (1 - 2 * half)
    ax.set_xlim(-margin, k + margin)
    ax.set_ylim(0, 1)
    ax.set_axis_off()
    h_in = ax.get_position().height * ax.figure.get_figheight()
    line = size * 1.3 / 72 / h_in  # one line of legend type, in axes fraction
    top = 1.0
    ax.text(-margin, top, title, fontsize=size, fontweight="bold", va="top", ha="left", gid="legend-title")
    bar_top = top - 1.25 * line
    bar_h = 0.9 * line
    for i, color in enumerate(classes.colors):
        ax.add_patch(Rectangle((i, bar_top - bar_h), 1, bar_h, facecolor=color, edgecolor="white", lw=0.6))
    edges = classes.edges
    for i, v in enumerate(edges):
        ax.plot([i, i], [bar_top - bar_h, bar_top - bar_h - 0.25 * line], color=style.INK, lw=0.5)
        ax.text(
            i, bar_top - bar_h - 0.3 * line, fixed(v, classes.decimals), fontsize=size, ha="center", va="top"
        )
    if second is not None:
        factor, label = second
        y = bar_top - bar_h - 1.45 * line
        for i, v in enumerate(edges):
            ax.text(i, y, fixed(v * factor, 2), fontsize=size, ha="center", va="top", color=style.MUTED)
        ax.text(-margin, y - 1.15 * line, label, fontsize=size, ha="left", va="top", color=style.MUTED)


def swatch_legend(
    ax: Axes,
    entries: Sequence[tuple[str, str] | Line2D | Patch],
    title: str,
    layout: Layout,
    *,
    ncol: int = 1,
    loc: str = "upper left",
) -> Legend:
    """Class swatches (colour, label) and marker handles under a title that names the unit.

    Parameters
    ----------
    ax : Axes
    entries : sequence
        ``(colour, label)`` pairs, or ready handles (markers, hatched patches).
    title : str
    layout : Layout
    ncol : int
    loc : str

    Returns
    -------
    Legend
    """
    handles = [
        Patch(facecolor=e[0], edgecolor="#888888", lw=0.4, label=e[1]) if isinstance(e, tuple) else e
        for e in entries
    ]
    ax.set_axis_off()
    leg = ax.legend(
        handles=handles,
        title=title,
        loc=loc,
        ncol=ncol,
        frameon=False,
        alignment="left",
        fontsize=layout.legend_pt,
        title_fontproperties={"size": layout.legend_pt, "weight": "bold"},
        borderaxespad=0,
        borderpad=0,
        handlelength=1.6,
        handleheight=1.0,
        labelspacing=0.35,
        columnspacing=1.2,
    )
    leg.set_zorder(25)
    return leg


def class_entries(classes: Classes, values=None, *, noun: str = "个") -> list[tuple[str, str]]:
    """``(colour, label)`` for each class, with how many values fall in it.

    Parameters
    ----------
    classes : Classes
    values : array-like, optional
        When given, each label ends with the count, e.g. ``（86 个）``.
    noun : str

    Returns
    -------
    list of tuple
    """
    counts = classes.counts(values) if values is not None else None
    out = []
    for i, (c, lab) in enumerate(zip(classes.colors, classes.labels, strict=True)):
        out.append((c, lab if counts is None else f"{lab}（{counts[i]} {noun}）"))
    return out


def no_data_handle(label: str) -> Patch:
    """Swatch for units without data: white, grey hatching.

    Parameters
    ----------
    label : str

    Returns
    -------
    Patch
    """
    return Patch(facecolor=style.NO_DATA, edgecolor="#999999", hatch=style.NO_DATA_HATCH, lw=0.4, label=label)


def circle_legend(
    ax: Axes,
    values: Sequence[float],
    diameter_pt: Callable[[float], float],
    title: str,
    layout: Layout,
    *,
    color: str = style.COUNTY_COLOR,
) -> Legend:
    """Reference circles for a proportional-symbol map, sized exactly as on the map.

    Parameters
    ----------
    ax : Axes
    values : sequence of float
        Reference amounts (in the title's unit).
    diameter_pt : callable
        Amount → circle diameter in points (the map's own scale).
    title : str
    layout : Layout
    color : str

    Returns
    -------
    Legend
    """
    handles = [
        Line2D(
            [],
            [],
            ls="",
            marker="o",
            ms=diameter_pt(v),
            mfc=color,
            mec="white",
            alpha=0.8,
            label=f"{fixed(v, 0)} 亿元",
        )
        for v in values
    ]
    biggest = max(diameter_pt(v) for v in values)
    ax.set_axis_off()
    leg = ax.legend(
        handles=handles,
        title=title,
        loc="upper left",
        frameon=False,
        alignment="left",
        ncol=len(handles),
        fontsize=layout.legend_pt,
        title_fontproperties={"size": layout.legend_pt, "weight": "bold"},
        borderaxespad=0,
        borderpad=0,
        handlelength=max(1.0, biggest / layout.legend_pt),
        handleheight=max(1.0, biggest / layout.legend_pt),
        columnspacing=0.8,
        handletextpad=0.4,
        labelspacing=0.6,
    )
    leg.set_zorder(25)
    return leg


def legend_extent(ax: Axes, artist) -> np.ndarray:
    """Display extent (x0, y0, x1, y1) of a legend or text, for obstacle lists.

    Parameters
    ----------
    ax : Axes
    artist : Artist

    Returns
    -------
    ndarray
    """
    return np.asarray(artist.get_window_extent(ax.figure.canvas.get_renderer()).extents)
