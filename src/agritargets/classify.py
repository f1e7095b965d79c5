"""Map classes: one province-wide classification shared by every county map and panel."""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass

import mapclassify
import matplotlib as mpl
import numpy as np
from matplotlib.colors import to_hex

from agritargets import style


@dataclass(frozen=True)
class Classes:
    """Upper bounds of each class (the last is the maximum), colours, and legend labels."""

    scheme: str
    bins: tuple[float, ...]
    colors: tuple[str, ...]
    labels: tuple[str, ...]
    unit: str

    def color_of(self, values) -> list[str]:
        """Colour for each value; NaN gets the no-data grey."""
        values = np.asarray(values, dtype=float)
        idx = np.searchsorted(np.asarray(self.bins), values, side="left")
        idx = np.clip(idx, 0, len(self.bins) - 1)
        return [style.NO_DATA if np.isnan(v) else self.colors[i] for v, i in zip(values, idx, strict=True)]

    def describe(self) -> str:
        return f"{self.scheme}，{len(self.bins)} 类：" + "、".join(self.labels) + f"（{self.unit}）"


@contextmanager
def _without_numba_warning():
    """mapclassify warns "Numba not installed"; its pure-Python path is exact, just slower."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Numba not installed")
        yield


def _palette(name: str, k: int, lo: float = 0.18, hi: float = 0.95) -> tuple[str, ...]:
    cmap = mpl.colormaps[name]
    return tuple(to_hex(cmap(x)) for x in np.linspace(lo, hi, k))


def natural_breaks(
    values, k: int = 5, decimals: int = 2, unit: str = "%", cmap: str = style.SEQUENTIAL
) -> Classes:
    """Fisher–Jenks breaks (optimal, deterministic), rounded up to ``decimals`` for a readable legend."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    # Fisher–Jenks is O(k·n²) in pure Python: above 300 values classify 300 evenly spaced
    # quantiles instead (deterministic, unlike mapclassify's random FisherJenksSampled).
    fit = values if len(values) <= 300 else np.quantile(values, np.linspace(0, 1, 300))
    with _without_numba_warning():
        fj = mapclassify.FisherJenks(fit, k=k)
    step = 10.0**-decimals
    bins = [float(np.ceil(b / step - 1e-9) * step) for b in fj.bins[:-1]] + [float(values.max())]
    lows = [float(values.min()), *[b + step for b in bins[:-1]]]
    fmt = f"{{:.{decimals}f}}"
    labels = tuple(f"{fmt.format(lo)}–{fmt.format(hi)}" for lo, hi in zip(lows, bins, strict=True))
    return Classes(
        "Fisher–Jenks 自然断点", tuple(round(b, decimals) for b in bins), _palette(cmap, k), labels, unit
    )


def residual_classes(unit: str = "亿元") -> Classes:
    """Fixed diverging classes centred on 0 for differences of 0.01 亿元 steps."""
    bins = (-0.105, -0.025, 0.025, 0.105, np.inf)
    labels = ("≤ −0.11", "−0.10 ~ −0.03", "−0.02 ~ +0.02", "+0.03 ~ +0.10", "≥ +0.11")
    return Classes("固定分级（以 0 为中心）", bins, _palette(style.DIVERGING, 5, 0.08, 0.92), labels, unit)


def compare_schemes(values, k: int = 5):
    """Breaks and goodness of absolute deviation fit (GADF, 1 = perfect) of common schemes, to justify the choice."""
    import pandas as pd

    values = np.asarray(values, dtype=float)
    rows = []
    with _without_numba_warning():
        for name, c in (
            ("Quantiles 分位数", mapclassify.Quantiles(values, k=k)),
            ("EqualInterval 等距", mapclassify.EqualInterval(values, k=k)),
            ("FisherJenks 自然断点", mapclassify.FisherJenks(values, k=k)),
        ):
            rows.append({"scheme": name, "upper_bounds": ", ".join(f"{b:.2f}" for b in c.bins),
                         "counts": ", ".join(str(n) for n in c.counts), "GADF": round(float(c.get_gadf()), 3)})  # fmt: skip
    return pd.DataFrame(rows)
