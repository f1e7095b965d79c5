"""Map classes: one province-wide classification shared by every county map, panel and chart.

Class membership is mapclassify's (``UserDefined`` and its ``find_bin``); this module only
chooses the breaks, rounds them for the legend and pairs each class with a colour.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field

import mapclassify
import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.colors import to_hex

from agritargets.core.formatting import MINUS, fixed
from agritargets.figures.kit import style
from agritargets.rules.tolerances import RESIDUAL_CUTS


@dataclass(frozen=True)
class Classes:
    """Classes of one variable: upper bounds, colours, legend labels, the classifier that assigns them.

    Attributes
    ----------
    scheme : str
        How the breaks were chosen, in Chinese (for the manifest and captions).
    bins : tuple of float
        Upper bound of each class (values ``bins[i-1] < v <= bins[i]`` are class ``i``).
    lowest : float
        The smallest classified value (the legend's first edge).
    colors, labels : tuple of str
    unit : str
    decimals : int
        Decimals of the edges as printed.
    """

    scheme: str
    bins: tuple[float, ...]
    lowest: float
    colors: tuple[str, ...]
    labels: tuple[str, ...]
    unit: str
    decimals: int
    classifier: mapclassify.UserDefined = field(repr=False, compare=False, hash=False)

    def index_of(self, values) -> np.ndarray:
        """Class index of each value (−1 for NaN).

        Parameters
        ----------
        values : array-like of float

        Returns
        -------
        ndarray of int
        """
        v = np.asarray(values, dtype=float).ravel()
        out = np.full(len(v), -1, dtype=int)
        ok = ~np.isnan(v)
        if ok.any():
            out[ok] = self.classifier.find_bin(v[ok])
        return out

    def color_of(self, values) -> list[str]:
        """Colour of each value; NaN gets ``style.NO_DATA``.

        Parameters
        ----------
        values : array-like of float

        Returns
        -------
        list of str
        """
        return [style.NO_DATA if i < 0 else self.colors[i] for i in self.index_of(values)]

    def counts(self, values) -> list[int]:
        """How many of ``values`` fall in each class.

        Parameters
        ----------
        values : array-like of float

        Returns
        -------
        list of int
        """
        idx = self.index_of(values)
        return [int((idx == i).sum()) for i in range(len(self.bins))]

    @property
    def edges(self) -> tuple[float, ...]:
        """The lowest value, then every upper bound: the ticks of a stepped legend."""
        return (self.lowest, *self.bins)

    def describe(self) -> str:
        """The classification in words, for the manifest: method, number of classes, breaks, unit.

        Returns
        -------
        str
        """
        return f"{self.scheme}，{len(self.bins)} 类：" + "、".join(self.labels) + f"（{self.unit}）"


@contextmanager
def _without_numba_warning():
    """mapclassify warns "Numba not installed"; its pure-Python path is exact, just slower."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Numba not installed")
        yield


def palette(name: str, k: int, lo: float = 0.18, hi: float = 0.95) -> tuple[str, ...]:
    """``k`` evenly spaced colours of a matplotlib (ColorBrewer) colormap.

    Parameters
    ----------
    name : str
    k : int
    lo, hi : float
        The part of the ramp used (avoid the near-white end).

    Returns
    -------
    tuple of str
    """
    cmap = mpl.colormaps[name]
    return tuple(to_hex(cmap(x)) for x in np.linspace(lo, hi, k))


def _range_labels(edges: list[float], decimals: int, whole: bool) -> tuple[str, ...]:
    """'a–b' for each class. When every value is a whole multiple of the last printed digit
    (targets in cents), a class starts one step above the previous class's top, so no value
    can be read into two classes; otherwise neighbouring classes share their edge (the class
    holds values above its lower edge, up to and including its upper edge)."""
    step = 10.0**-decimals if whole else 0.0
    lows = [edges[0], *(e + step for e in edges[1:-1])]
    return tuple(
        f"{fixed(lo, decimals)}–{fixed(hi, decimals)}" for lo, hi in zip(lows, edges[1:], strict=True)
    )


def _whole(values: np.ndarray, decimals: int) -> bool:
    scaled = values * 10**decimals
    return bool(np.allclose(scaled, np.round(scaled), atol=1e-6))


def natural_breaks(
    values, k: int = 5, decimals: int = 2, unit: str = "%", cmap: str = style.SEQUENTIAL
) -> Classes:
    """Fisher–Jenks breaks (optimal, deterministic), rounded up to ``decimals`` for a readable legend.

    Parameters
    ----------
    values : array-like of float
        NaN is ignored.
    k : int
        Number of classes.
    decimals : int
        Breaks are rounded up to this many decimals (no value changes class by the rounding
        of its own printed figure).
    unit : str
    cmap : str
        ColorBrewer ramp.

    Returns
    -------
    Classes
    """
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    # Fisher–Jenks is O(k·n²) in pure Python: above 300 values classify 300 evenly spaced
    # quantiles instead (deterministic, unlike mapclassify's random FisherJenksSampled).
    fit = values if len(values) <= 300 else np.quantile(values, np.linspace(0, 1, 300))
    with _without_numba_warning():
        fj = mapclassify.FisherJenks(fit, k=k)
    step = 10.0**-decimals
    bins = [round(float(np.ceil(b / step - 1e-9) * step), decimals) for b in fj.bins[:-1]]
    bins.append(float(values.max()))
    with _without_numba_warning():
        classifier = mapclassify.UserDefined(values, bins)
    return Classes(
        scheme="自然断点（Fisher–Jenks）",
        bins=tuple(bins),
        lowest=float(values.min()),
        colors=palette(cmap, k),
        labels=_range_labels([float(values.min()), *bins], decimals, _whole(values, decimals)),
        unit=unit,
        decimals=decimals,
        classifier=classifier,
    )


def share_classes(counties: pd.DataFrame) -> Classes:
    """The province-wide classes of county shares (%), used by every county map, panel and chart.

    Parameters
    ----------
    counties : DataFrame
        A scenario's county table (``share_pct``).

    Returns
    -------
    Classes
    """
    return natural_breaks(counties["share_pct"], k=5, decimals=2, unit="%")


def prefecture_classes(prefectures: pd.DataFrame) -> Classes:
    """Classes of the 14 prefecture targets (亿元), on the green prefecture ramp.

    Parameters
    ----------
    prefectures : DataFrame
        A scenario's prefecture table (``target_yi``).

    Returns
    -------
    Classes
    """
    return natural_breaks(prefectures["target_yi"], k=5, decimals=2, unit="亿元", cmap=style.PREFECTURE_RAMP)


def _signed(v: float) -> str:
    return fixed(v, 2, signed=True)


def residual_classes(values, unit: str = "亿元") -> Classes:
    """Diverging classes of differences in whole 0.01 亿元, asymmetric as the data are.

    One neutral class for −0.02 … +0.02 (agrees within rounding); on each side only as many
    classes (0.03–0.10, 0.11–0.50, ≥ 0.51) as the data reach, so a few large differences
    are never lumped with the small ones.

    Parameters
    ----------
    values : array-like of float
        Differences in 亿元 (multiples of 0.01); NaN ignored.
    unit : str

    Returns
    -------
    Classes
    """
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    lo, hi = (float(v.min()), float(v.max())) if len(v) else (0.0, 0.0)
    agree = RESIDUAL_CUTS[0]
    below = [-c for c in reversed(RESIDUAL_CUTS) if lo < -c]  # upper bounds of the classes below −0.02
    above = [c for c in RESIDUAL_CUTS[1:] if hi > c] + [hi] if hi > agree else []
    bins = [*below, agree, *above]
    lowers = [-np.inf, *bins[:-1]]
    labels = []
    for i, (a, b) in enumerate(zip(lowers, bins, strict=True)):
        if i == len(below):
            labels.append(f"{_signed(-agree + 0.005)} – {_signed(agree - 0.005)}")
        elif i == 0:
            labels.append(f"≤ {_signed(b - 0.005)}")  # cuts sit half a cent between classes
        elif i == len(bins) - 1:
            labels.append(f"≥ {_signed(a + 0.005)}")
        else:
            labels.append(f"{_signed(a + 0.005)} – {_signed(b - 0.005)}")  # en dash, spaced: signs follow
    colors = (*reversed(style.BELOW[: len(below)]), style.AGREES, *style.ABOVE[: len(above)])
    with _without_numba_warning():
        classifier = mapclassify.UserDefined(v if len(v) else np.zeros(1), bins)
    return Classes(
        scheme="以 0 为中心的固定分级（±0.02 为舍入误差）",
        bins=tuple(float(b) for b in bins),
        lowest=min(lo, -agree),
        colors=tuple(colors),
        labels=tuple(labels),
        unit=unit,
        decimals=2,
        classifier=classifier,
    )


def compare_schemes(values, k: int = 5) -> pd.DataFrame:
    """Breaks and goodness of absolute deviation fit (GADF, 1 = perfect) of common schemes.

    Parameters
    ----------
    values : array-like of float
    k : int

    Returns
    -------
    DataFrame
        One row per scheme: upper bounds, counts, GADF.
    """
    values = np.asarray(values, dtype=float)
    rows = []
    with _without_numba_warning():
        for name, c in (
            ("Quantiles 分位数", mapclassify.Quantiles(values, k=k)),
            ("EqualInterval 等距", mapclassify.EqualInterval(values, k=k)),
            ("FisherJenks 自然断点", mapclassify.FisherJenks(values, k=k)),
        ):
            rows.append(
                {
                    "scheme": name,
                    "upper_bounds": ", ".join(fixed(b, 2) for b in c.bins),
                    "counts": ", ".join(str(n) for n in c.counts),
                    "GADF": round(float(c.get_gadf()), 3),
                }
            )
    return pd.DataFrame(rows)


__all__ = [
    "MINUS",
    "Classes",
    "compare_schemes",
    "natural_breaks",
    "palette",
    "prefecture_classes",
    "residual_classes",
    "share_classes",
]
