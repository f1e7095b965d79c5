"""Figures to bytes: PNGs from one raster pass (print 300 dpi, report 150 dpi palette, thumbnail), compact SVGs.

Everything is deterministic: no dates or software names in the files, fixed SVG ids
(``svg.hashsalt``), palette quantisation without dithering.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from html import escape

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from PIL import Image

from agritargets.figures.kit.layout import Layout

_PATH_DATA = re.compile(r'(\sd=")([^"]*)(")')
_TOKEN = re.compile(r"[A-Za-z]|-?\d+(?:\.\d+)?(?:e-?\d+)?")

REPORT_DPI = 150  # the report's PNG at print size: sharp on screens, light in a self-contained HTML
THUMB_WIDTH = 480  # contact-sheet thumbnails (px)


@lru_cache(maxsize=65536)  # path data repeats the same few thousand numbers
def _tenths(v: int) -> str:
    """Integer tenths of a point as the shortest decimal: 12 -> '1.2', -3 -> '-.3', 10 -> '1'."""
    sign, v = ("-" if v < 0 else ""), abs(v)
    whole, frac = divmod(v, 10)
    text = (str(whole) if whole else "") + (f".{frac}" if frac else "")
    return sign + (text or "0")


def _join(numbers: list[str]) -> str:
    out = ""
    for n in numbers:
        out += n if (not out or n.startswith("-")) else " " + n
    return out


_ARITY = {"M": 2, "L": 2, "C": 6, "Q": 4, "Z": 0}


@lru_cache(maxsize=262144)
def _scaled(token: str) -> int:
    """A coordinate token in whole tenths (Python's round: half to even, as before caching)."""
    return round(float(token) * 10)


def compact_path(d: str) -> str:
    """Rewrite absolute path data as relative moves in whole 0.1 units, dropping zero-length lines.

    0.1 pt is 1/720 inch, invisible in print; glyph outlines (in font units) keep their integer
    coordinates. Relative coordinates are short numbers, so files shrink to about a third.

    Parameters
    ----------
    d : str
        SVG path data with absolute M, L, C, Q and Z commands (as matplotlib writes them).

    Returns
    -------
    str
    """
    tokens = _TOKEN.findall(d)
    if any(t.isalpha() and t.upper() not in _ARITY for t in tokens) or any(
        t.isalpha() and t.islower() and t != "z" for t in tokens
    ):
        return " ".join(t if t.isalpha() else _tenths(_scaled(t)) for t in tokens)
    parts: list[str] = []
    cur = (0, 0)
    start = (0, 0)
    last = ""
    i = 0
    while i < len(tokens):
        cmd = tokens[i].upper()
        i += 1
        if cmd == "Z":
            parts.append("z")
            cur, last = start, "z"
            continue
        n = _ARITY[cmd]
        while i + n <= len(tokens) and not tokens[i].isalpha():
            xy = [_scaled(t) for t in tokens[i : i + n]]
            i += n
            rel = [v - (cur[k % 2]) for k, v in enumerate(xy)]
            end = (xy[-2], xy[-1])
            if cmd == "L" and end == cur:
                continue  # zero-length step
            letter = cmd.lower()
            numbers = _join([_tenths(v) for v in rel])
            if letter == last and letter != "m":
                parts.append(numbers if numbers.startswith("-") else " " + numbers)
            else:
                parts.append(letter + numbers)
            last = "l" if letter == "m" else letter
            cur = end
            if cmd == "M":
                start = end
    return "".join(parts)


def compact_svg(svg: str) -> str:
    """Compact every path's data (see :func:`compact_path`).

    Parameters
    ----------
    svg : str

    Returns
    -------
    str
    """
    return _PATH_DATA.sub(lambda m: m.group(1) + compact_path(m.group(2)) + m.group(3), svg)


def svg_text(fig: Figure, editable: bool = False, title: str = "", desc: str = "") -> str:
    """The figure as a compact SVG document.

    Parameters
    ----------
    fig : Figure
    editable : bool
        False (default): text as outlines, Chinese without the font. True: live ``<text>``
        referencing the font family, for presenters who reword titles or labels.
    title, desc : str
        The figure's message and caption, written as the SVG's ``<title>`` and ``<desc>``: with
        the text outlined, they are what search, screen readers and file browsers read.

    Returns
    -------
    str
    """
    buf = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none" if editable else "path"}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return label_svg(compact_svg(buf.getvalue()), title, desc)


def label_svg(svg: str, title: str = "", desc: str = "") -> str:
    """``<title>`` and ``<desc>`` as the first children of the root ``<svg>`` (nothing if both empty).

    Parameters
    ----------
    svg : str
    title, desc : str

    Returns
    -------
    str

    Examples
    --------
    >>> label_svg('<svg width="1"><g/></svg>', "长沙市最高", "各市州 & 县")
    '<svg width="1"><title>长沙市最高</title><desc>各市州 &amp; 县</desc><g/></svg>'
    """
    if not (title or desc):
        return svg
    labels = f"<title>{escape(title)}</title>" if title else ""
    labels += f"<desc>{escape(desc)}</desc>" if desc else ""
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + labels, svg, count=1)


def raster(fig: Figure, dpi: int) -> Image.Image:
    """The figure rendered once by Agg at ``dpi``, as an RGB image.

    Parameters
    ----------
    fig : Figure
    dpi : int

    Returns
    -------
    PIL.Image.Image
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="rgba", dpi=dpi)
    w, h = int(fig.get_figwidth() * dpi), int(fig.get_figheight() * dpi)
    data = buf.getvalue()
    if len(data) != w * h * 4:  # size rounding differs: let PNG tell us the size
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=dpi)
        return Image.open(io.BytesIO(png.getvalue())).convert("RGB")
    return Image.frombuffer("RGBA", (w, h), data, "raw", "RGBA", 0, 1).convert("RGB")


def png_bytes(img: Image.Image, dpi: int, *, palette: int | None = None, level: int = 2) -> bytes:
    """PNG data of ``img`` with its resolution recorded (pHYs) and no metadata.

    Parameters
    ----------
    img : PIL.Image.Image
    dpi : int
        Recorded resolution (typst and Word size the picture from it).
    palette : int, optional
        Quantise to this many colours (8-bit palette, no dithering): flat map colours survive.
    level : int
        zlib compression level of full-colour PNGs (2: fast, files stay well under 1.5 MB).

    Returns
    -------
    bytes
    """
    if palette is not None:
        img = img.quantize(colors=palette, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    img.save(out, format="PNG", compress_level=9 if palette is not None else level, dpi=(dpi, dpi))
    return out.getvalue()


def render(fig: Figure, layout: Layout, renditions, thumbnail: bool = False) -> dict[str, bytes]:
    """The raster renditions of one figure from a single Agg pass at the layout's resolution.

    Parameters
    ----------
    fig : Figure
    layout : Layout
    renditions : iterable of str
        ``print_png`` (300 dpi), ``report_png`` (150 dpi palette), ``slide_png`` (1920×1080),
        ``deck_png`` (1920×1080 palette: the briefing deck and web slides); SVG names are ignored.
    thumbnail : bool
        Also a ~480 px palette PNG for the contact sheet (key ``thumbnail``).

    Returns
    -------
    dict
        Name → PNG bytes.
    """
    wanted = {r for r in renditions if r.endswith("_png")}
    if thumbnail:
        wanted |= {"thumbnail"}
    if layout.name == "print":
        wanted |= {"print_png"}
    if not wanted:
        return {}
    full = raster(fig, layout.dpi)
    out: dict[str, bytes] = {}
    if layout.name == "slide":
        out["slide_png"] = png_bytes(full, layout.dpi)
        if "deck_png" in wanted:
            out["deck_png"] = png_bytes(full, layout.dpi, palette=256)
        return out
    out["print_png"] = png_bytes(full, layout.dpi)
    small = full.reduce(layout.dpi // REPORT_DPI) if layout.dpi % REPORT_DPI == 0 else full
    if "report_png" in wanted:
        out["report_png"] = png_bytes(small, REPORT_DPI, palette=256)
    if "thumbnail" in wanted:
        h = round(small.height * THUMB_WIDTH / small.width)
        out["thumbnail"] = png_bytes(
            small.resize((THUMB_WIDTH, h), Image.Resampling.LANCZOS), 72, palette=128
        )
    return out


def report_png(fig: Figure, dpi: int = REPORT_DPI, close: bool = True) -> bytes:
    """The figure as an 8-bit palette PNG for the report.

    Parameters
    ----------
    fig : Figure
    dpi : int
    close : bool

    Returns
    -------
    bytes
    """
    data = png_bytes(raster(fig, dpi), dpi, palette=256)
    if close:
        plt.close(fig)
    return data
