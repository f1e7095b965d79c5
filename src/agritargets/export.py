"""Saving figures for print and slides: PNG at 300 dpi, compact SVG with text as outlines."""

from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from agritargets import style

_PATH_DATA = re.compile(r'(\sd=")([^"]*)(")')
_TOKEN = re.compile(r"[A-Za-z]|-?\d+(?:\.\d+)?(?:e-?\d+)?")


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


def compact_path(d: str) -> str:
    """Rewrite an M/L/Z path with coordinates in 0.1 pt, relative moves, no zero-length steps.

    0.1 pt is 1/720 inch, invisible in print; the text shrinks to about a third. Paths
    with curves (glyphs, markers) are only rounded.
    """
    tokens = _TOKEN.findall(d)
    if any(t.isalpha() and t not in "MLZz" for t in tokens):
        return " ".join(t if t.isalpha() else _tenths(round(float(t) * 10)) for t in tokens)
    parts: list[str] = []
    cur: tuple[int, int] | None = None
    run: list[str] = []
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in "Zz":
            if run:
                parts.append("l" + _join(run))
                run = []
            parts.append("z")
            i += 1
            continue
        x, y = round(float(tokens[i + 1]) * 10), round(float(tokens[i + 2]) * 10)
        if t == "M" or cur is None:
            if run:
                parts.append("l" + _join(run))
                run = []
            parts.append("M" + _join([_tenths(x), _tenths(y)]))
        elif (x, y) != cur:
            run += [_tenths(x - cur[0]), _tenths(y - cur[1])]
        cur = (x, y)
        i += 3
    if run:
        parts.append("l" + _join(run))
    return "".join(parts)


def compact_svg(svg: str) -> str:
    """Compact every path's data (see ``compact_path``)."""
    return _PATH_DATA.sub(lambda m: m.group(1) + compact_path(m.group(2)) + m.group(3), svg)


def save(fig: Figure, stem: Path, close: bool = True) -> tuple[Path, Path]:
    """``stem``.png (300 dpi) and ``stem``.svg; identical inputs give identical files."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    png, svg = stem.with_suffix(".png"), stem.with_suffix(".svg")
    fig.savefig(
        png, dpi=style.DPI, metadata={"Software": None}, pil_kwargs={"compress_level": 2}
    )  # fast; files stay < 1.5 MB
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg.write_text(compact_svg(buf.getvalue()), encoding="utf-8")
    if close:
        plt.close(fig)
    return png, svg


def report_png(fig: Figure, dpi: int = 110, close: bool = True) -> bytes:
    """The figure as an 8-bit palette PNG for the report: flat map colours survive, a third the size."""
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    if close:
        plt.close(fig)
    img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    small = img.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True, dpi=(dpi, dpi))  # pHYs: typst sizes the image from it
    return out.getvalue()
