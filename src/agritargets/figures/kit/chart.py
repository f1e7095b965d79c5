"""Chart axes every chart shares: the plot area in inches, tick style, true minus signs, name widths."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import Formatter

from agritargets.core.formatting import fixed
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Page, text_width_pt

PT = 1 / 72  # inch


def chart_axes(
    page: Page,
    *,
    left_pt: float,
    bottom_pt: float,
    right_pt: float = 6,
    top_pt: float = 4,
    height_in: float | None = None,
    bottom_in: float | None = None,
) -> Axes:
    """Axes inside the page body, leaving room (in points) for tick labels and axis titles.

    Parameters
    ----------
    page : Page
    left_pt, bottom_pt, right_pt, top_pt : float
        Margins inside the body for tick labels and axis titles.
    height_in : float, optional
        Height of the axes' band (default: the whole body).
    bottom_in : float, optional
        Bottom of the band (default: the body's bottom).

    Returns
    -------
    Axes
    """
    x0, y0, x1, y1 = page.body
    band_bottom = y0 if bottom_in is None else bottom_in
    band_h = (y1 - y0) if height_in is None else height_in
    ax = page.axes(
        x0 + left_pt * PT,
        band_bottom + bottom_pt * PT,
        x1 - x0 - (left_pt + right_pt) * PT,
        band_h - (bottom_pt + top_pt) * PT,
        off=False,
    )
    style_axes(ax, page.layout)
    return ax


class MinusFormatter(Formatter):
    """Tick labels through :func:`agritargets.core.formatting.fixed`: true minus, as few decimals as the ticks need."""

    def __init__(self, signed: bool = False, suffix: str = "") -> None:
        self.signed = signed
        self.suffix = suffix
        self.places = 0

    def set_locs(self, locs) -> None:
        super().set_locs(locs)
        self.places = next((p for p in range(4) if np.allclose(np.round(locs, p), locs, atol=1e-9)), 3)

    def __call__(self, x: float, pos=None) -> str:
        if abs(x) < 1e-12:
            return "0" + self.suffix
        return fixed(x, self.places, signed=self.signed) + self.suffix


def style_axes(ax: Axes, layout: Layout, grid: str = "x") -> None:
    """Light grid, no top/right spines, legend-size ticks.

    Parameters
    ----------
    ax : Axes
    layout : Layout
    grid : str
        ``"x"``, ``"y"`` or ``""``.
    """
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(0.6)
    ax.tick_params(labelsize=layout.legend_pt, width=0.6, length=3)
    ax.xaxis.set_major_formatter(MinusFormatter())
    ax.yaxis.set_major_formatter(MinusFormatter())
    if grid:
        ax.grid(axis=grid, color="#e5e5e5", lw=0.6)
    ax.set_axisbelow(True)


def name_width(names, size: float) -> float:
    return max(text_width_pt(n, size) for n in names)
