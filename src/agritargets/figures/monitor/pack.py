"""The bulletin's figure set: the monitoring figures in print and slide layouts, drawn from one result.

This module is the monitoring figures' **edge**: it loads the drawing layers and the metadata
(through :mod:`agritargets.figures.pack`) and hands them, with the result, to the drawing modules,
which read no files.

- :func:`load_inputs` — :class:`MonitorInputs` for one result;
- :func:`specs_for` — the figures this result can show (per-month progress needs two months or more);
- :func:`draw` / :func:`describe` — one figure, or every figure's words;
- :func:`write_figures` — every figure's renditions into a folder (the bulletin's ``_render``).
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from agritargets.core.fonts import use_chinese_font
from agritargets.figures.kit import export
from agritargets.figures.kit.layout import Layout
from agritargets.figures.kit.layout import get as get_layout
from agritargets.figures.kit.spec import FigureSpec, find
from agritargets.figures.monitor import gap_map, per_capita, prefecture_schedule, progress
from agritargets.figures.monitor.common import MonitorInputs, is_fictitious
from agritargets.figures.pack import PROVINCE_TOLERANCE_M, load_layers, load_meta
from agritargets.monitor.columns import MonitorResult

FIGURE_MODULES = (gap_map, prefecture_schedule, progress, per_capita)  # the bulletin's order
FIGURES: list[FigureSpec] = [m.SPEC for m in FIGURE_MODULES]
# rendition -> (layout, file suffix): HTML (compact PNG), PDF (vector SVG), deck (16:9 PNG)
RENDITIONS = {"report_png": ("print", ".png"), "report_svg": ("print", ".svg"), "deck_png": ("slide", ".png")}


def load_inputs(result: MonitorResult, fictitious: bool | None = None) -> MonitorInputs:
    """The monitoring figures' inputs: the result, the province layers, the metadata, the demo flag.

    Parameters
    ----------
    result : MonitorResult
    fictitious : bool, optional
        Override the demo flag; default: read from the run record (:func:`is_fictitious`).

    Returns
    -------
    MonitorInputs
    """
    flag = is_fictitious(result.record) if fictitious is None else fictitious
    return MonitorInputs(result, load_layers(PROVINCE_TOLERANCE_M), load_meta(), flag)


def specs_for(inputs: MonitorInputs) -> list[FigureSpec]:
    """The figures this result can show, in the bulletin's order.

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    list of FigureSpec
    """
    return [m.SPEC for m in FIGURE_MODULES if getattr(m, "applies", lambda _: True)(inputs)]


def spec(stem: str) -> FigureSpec:
    """The monitoring figure with this stem.

    Parameters
    ----------
    stem : str

    Returns
    -------
    FigureSpec
    """
    return find(FIGURES, stem, "monitoring figure")


def draw(stem: str, inputs: MonitorInputs, layout: str | Layout = "print") -> Figure:
    """One monitoring figure.

    Parameters
    ----------
    stem : str
    inputs : MonitorInputs
    layout : str or Layout

    Returns
    -------
    Figure
    """
    use_chinese_font()
    f = spec(stem)
    return f.paint(inputs, f.words(inputs), get_layout(layout))


def describe(inputs: MonitorInputs) -> pd.DataFrame:
    """Every applicable figure's words and classification, without drawing.

    Parameters
    ----------
    inputs : MonitorInputs

    Returns
    -------
    DataFrame
        stem, section, title, subtitle, caption, classification, classes, data_source.
    """
    rows = []
    for f in specs_for(inputs):
        w = f.words(inputs)
        method, classes = f.classification(inputs)
        rows.append(
            {
                "stem": f.stem,
                "section": f.section,
                "title": w.title,
                "subtitle": w.subtitle,
                "caption": w.caption,
                "classification": method,
                "classes": classes,
                "data_source": w.source,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "stem",
            "section",
            "title",
            "subtitle",
            "caption",
            "classification",
            "classes",
            "data_source",
        ],
    )


def write_figures(
    inputs: MonitorInputs, folder: Path, renditions: tuple[str, ...] = tuple(RENDITIONS)
) -> list[Path]:
    """Draw every applicable figure once per layout and write the wanted renditions as ``<stem><suffix>``.

    Parameters
    ----------
    inputs : MonitorInputs
    folder : Path
    renditions : tuple of str
        Keys of :data:`RENDITIONS`.

    Returns
    -------
    list of Path
        The files written.
    """
    use_chinese_font()
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for f in specs_for(inputs):
        texts = f.words(inputs)
        for layout_name in ("print", "slide"):
            wanted = [r for r in renditions if RENDITIONS[r][0] == layout_name]
            if not wanted:
                continue
            layout = get_layout(layout_name)
            fig = f.paint(inputs, texts, layout)
            try:
                images = export.render(fig, layout, wanted)
                svg = export.svg_text(fig) if any(r.endswith("_svg") for r in wanted) else ""
            finally:
                plt.close(fig)
            for r in wanted:
                path = folder / f"{f.stem}{RENDITIONS[r][1]}"
                path.write_bytes(svg.encode() if r.endswith("_svg") else images[r])
                written.append(path)
    return written
