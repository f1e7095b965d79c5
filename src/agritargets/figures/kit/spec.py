"""What a figure module declares: the inputs it is handed and its spec (stem, section, canvas, words, drawing).

A figure module ends with ``SPEC = FigureSpec(...)``; :mod:`agritargets.figures.pack` lists the
modules and loads :class:`Inputs` once per scenario. Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from matplotlib.figure import Figure

from agritargets.figures.kit.cartography import Layers
from agritargets.figures.kit.classify import Classes, residual_classes
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.page import Texts
from agritargets.figures.kit.style import Meta
from agritargets.rules.scenario import Scenario

SECTIONS = ("全省概览", "市州对比", "复核证据", "市州分图")


@dataclass(frozen=True)
class Inputs:
    """Everything the drawing code is handed for one scenario."""

    scenario: Scenario
    layers: Layers  # province-wide drawing weight
    detail: Layers  # prefecture panels
    meta: Meta
    classes: Classes  # the shared county-share classes
    audit_prefectures: pd.DataFrame  # printed prefecture targets vs the sum of their counties
    audit_totals: pd.DataFrame
    sweep: pd.DataFrame  # exact matches by denominator, per population vintage (published targets)
    published_p: dict  # label -> published provincial population (万人)
    zones: pd.DataFrame  # functional zones the census lists separately
    yi_per_wan: float | None  # 亿元 of target per 万人 under the published comparison's P (None in a rerun)


@dataclass(frozen=True)
class FigureSpec:
    """One figure of the pack.

    Attributes
    ----------
    stem : str
        File name without extension.
    section : str
        One of :data:`SECTIONS` (contact sheet, report and deck group by it).
    kind : str
        Canvas: ``map``, ``panel`` or ``chart`` (see :class:`agritargets.figures.kit.layout.Layout`).
    words : callable
        ``words(inputs) -> Texts``: title (drawn and listed), subtitle, caption, source.
    paint : callable
        ``paint(inputs, texts, layout) -> Figure``.
    classification : callable
        ``classification(inputs) -> (method in Chinese, classes)`` for the manifest.
    published_only : bool
        Evidence about the 2023 notice only: skipped in a rerun pack.
    """

    stem: str
    section: str
    kind: str
    words: Callable[[Inputs], Texts]
    paint: Callable[[Inputs, Texts, Layout], Figure]
    classification: Callable[[Inputs], tuple[str, str]]
    published_only: bool = False


def find(specs: list[FigureSpec], stem: str, kind: str = "figure") -> FigureSpec:
    """The spec with this stem among ``specs``; a KeyError listing the stems otherwise.

    Parameters
    ----------
    specs : list of FigureSpec
    stem : str
    kind : str
        What the specs are, for the message (``figure``, ``monitoring figure``).

    Returns
    -------
    FigureSpec
    """
    try:
        return next(f for f in specs if f.stem == stem)
    except StopIteration:
        raise KeyError(f"no {kind} {stem!r}; stems: {', '.join(f.stem for f in specs)}") from None


def by_share_classes(inputs: Inputs) -> tuple[str, str]:
    """Classification of the figures coloured by the shared county-share classes.

    Parameters
    ----------
    inputs : Inputs

    Returns
    -------
    tuple of str
    """
    return "县级占全省比重，全省统一分级（" + inputs.classes.scheme + "）", inputs.classes.describe()


def unclassified(_: Inputs) -> tuple[str, str]:
    """Classification of a figure that draws values without classes.

    Returns
    -------
    tuple of str
    """
    return "不分级", ""


def by_residual_classes(inputs: Inputs) -> tuple[str, str]:
    """Classification of the figures coloured by the residual classes, asymmetric around zero.

    Parameters
    ----------
    inputs : Inputs

    Returns
    -------
    tuple of str
    """
    c = residual_classes(inputs.scenario.counties["residual_yi"])
    return "差值，以 0 为中心的不对称固定分级", c.describe()
