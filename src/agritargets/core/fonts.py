"""A Simplified-Chinese font for matplotlib, or a clear message on how to get one.

Without one, matplotlib draws every Chinese character as an empty box. We look
for known SC families, register system CJK fonts matplotlib's cache may have
missed (a font installed after the cache was built), and otherwise stop.
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib as mpl
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from agritargets.core.errors import FontError

# Preferred first. The SC face of a CJK collection gives mainland glyph shapes.
SC_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "SimHei",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
)

HOW_TO_INSTALL = """\
未找到简体中文字体，中文会显示为方框。请安装后重试：
  Debian/Ubuntu: sudo apt-get install fonts-noto-cjk   （或运行 make setup）
  Fedora: sudo dnf install google-noto-sans-cjk-fonts
  macOS: 系统自带 PingFang SC；Windows: 系统自带 Microsoft YaHei
No Simplified-Chinese font found; Chinese text would draw as empty boxes. Install one and retry:
  Debian/Ubuntu: sudo apt-get install fonts-noto-cjk   (or run `make setup`)
  Fedora: sudo dnf install google-noto-sans-cjk-fonts
  macOS ships PingFang SC; Windows ships Microsoft YaHei."""


def _installed_families() -> set[str]:
    return {f.name for f in font_manager.fontManager.ttflist}


def _register_system_cjk_fonts() -> None:
    for path in font_manager.findSystemFonts():
        low = path.lower()
        if any(k in low for k in ("cjk", "sourcehan", "wqy", "msyh", "pingfang", "simhei")):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError):  # unreadable font file: skip it, others may do
                continue


@lru_cache(maxsize=1)
def find_sc_family() -> str:
    """Name of the best installed Simplified-Chinese family; FontError if none.

    The first of :data:`SC_FAMILIES` matplotlib knows, after registering system CJK fonts
    its cache missed if need be. Cached for the session.

    Returns
    -------
    str

    Raises
    ------
    FontError
        No family of :data:`SC_FAMILIES` is installed (the message says how to install one).
    """
    for attempt in range(2):
        installed = _installed_families()
        for family in SC_FAMILIES:
            if family in installed:
                return family
        if attempt == 0:
            _register_system_cjk_fonts()
    raise FontError(HOW_TO_INSTALL)


def font_entry(family: str) -> font_manager.FontEntry:
    """matplotlib's first font entry (file and face) for ``family``.

    Parameters
    ----------
    family : str
        A family matplotlib knows, e.g. from :func:`find_sc_family`.

    Returns
    -------
    FontEntry

    Raises
    ------
    FontError
        matplotlib knows no font of that family.
    """
    entry = next((f for f in font_manager.fontManager.ttflist if f.name == family), None)
    if entry is None:
        raise FontError(
            f"matplotlib 找不到字体“{family}” / matplotlib has no font named '{family}'\n{HOW_TO_INSTALL}"
        )
    return entry


def missing_glyphs(text: str, family: str | None = None) -> list[str]:
    """Characters of ``text`` the family cannot draw (they would appear as boxes).

    Parameters
    ----------
    text : str
        Whitespace is not checked.
    family : str, optional
        Default: :func:`find_sc_family`.

    Returns
    -------
    list of str
        Distinct characters, sorted; empty if all can be drawn.

    Raises
    ------
    FontError
        No ``family`` given and no Simplified-Chinese family installed.
    """
    entry = font_entry(family or find_sc_family())
    font = FT2Font(entry.fname, face_index=getattr(entry, "index", 0))
    return sorted({ch for ch in text if not ch.isspace() and font.get_char_index(ord(ch)) == 0})


def use_chinese_font() -> str:
    """Set matplotlib to draw Chinese with the SC face; return the family used.

    SVGs keep text as outlines so they stay Chinese on machines without the font.
    Changes matplotlib's global ``rcParams`` (font, minus sign, SVG and PDF font handling).

    Returns
    -------
    str

    Raises
    ------
    FontError
        No Simplified-Chinese family is installed.
    """
    family = find_sc_family()
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
    mpl.rcParams["axes.unicode_minus"] = False
    mpl.rcParams["svg.fonttype"] = "path"
    mpl.rcParams["svg.hashsalt"] = "agritargets"  # stable ids -> identical SVGs on rerun
    mpl.rcParams["pdf.fonttype"] = 42
    return family
