"""The canvas of one figure: title block (if the layout has one), body, and the foot lines.

Positions are computed in inches from the layout's type sizes, so the same figure
code gives a tidy print figure and a tidy slide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from agritargets.figures.kit import style
from agritargets.figures.kit.layout import Layout

LINE = 1.28  # line height / type size
_TEXT_TO_PATH = TextToPath()


@dataclass(frozen=True)
class Texts:
    """What a figure says in words: the message title, the subtitle, the source line, footnotes.

    The manifest lists exactly ``title``; the print layout draws it, the slide layout leaves it
    to the slide's title placeholder.
    """

    title: str
    subtitle: str
    caption: str
    source: str
    disclaimer: bool  # maps from unreviewed boundaries carry the 示意图 disclaimer
    notes: tuple[str, ...] = ()  # footnotes drawn above the source line


@dataclass
class Page:
    """A figure and its free body area, in inches from the bottom-left corner."""

    fig: Figure
    layout: Layout
    width: float
    height: float
    body: tuple[float, float, float, float]  # x0, y0, x1, y1 (inches)

    def rect(self, x0: float, y0: float, w: float, h: float) -> tuple[float, float, float, float]:
        """Inches (left, bottom, width, height) as a figure-fraction rectangle for ``add_axes``.

        Parameters
        ----------
        x0, y0, w, h : float
            Inches from the canvas's bottom-left corner.

        Returns
        -------
        tuple of float
        """
        return (x0 / self.width, y0 / self.height, w / self.width, h / self.height)

    def axes(self, x0: float, y0: float, w: float, h: float, *, off: bool = True) -> Axes:
        """New axes at a rectangle in inches (axis lines off unless ``off=False``).

        Parameters
        ----------
        x0, y0, w, h : float
            Inches from the canvas's bottom-left corner.
        off : bool
            Hide the axis (map panels, legends).

        Returns
        -------
        Axes
        """
        ax = self.fig.add_axes(self.rect(x0, y0, w, h))
        if off:
            ax.set_axis_off()
            hide_axis_labels(ax)
        return ax

    def text(self, x: float, y: float, string: str, size: float, **kw) -> object:
        """Text at a position in inches (figure coordinates).

        Parameters
        ----------
        x, y : float
            Inches from the bottom-left corner.
        string : str
        size : float
            Points.
        **kw
            Passed to ``Figure.text``.

        Returns
        -------
        matplotlib.text.Text
        """
        kw.setdefault("color", style.INK)
        return self.fig.text(x / self.width, y / self.height, string, fontsize=size, **kw)


def hide_axis_labels(ax: Axes) -> None:
    """Map axes carry no axis titles (geopandas would add 'Easting [metre]').

    Parameters
    ----------
    ax : Axes
    """
    ax.xaxis.label.set_visible(False)
    ax.yaxis.label.set_visible(False)


def text_width_pt(text: str, size: float, weight: str = "normal") -> float:
    """Width of a (multi-line) text's widest line in points, measured with the font matplotlib will use.

    Parameters
    ----------
    text : str
    size : float
        Type size in points.
    weight : str

    Returns
    -------
    float
    """
    prop = FontProperties(size=size, weight=weight)
    width = max(
        (
            _TEXT_TO_PATH.get_text_width_height_descent(line, prop, ismath=False)[0]
            for line in text.split("\n")
        ),
        default=0.0,
    )
    return float(width)


def wrap(text: str, size: float, width_in: float, breaks: str = "；，。、：）") -> str:
    """Break ``text`` into lines no wider than ``width_in``, preferring to break after punctuation.

    A run without a break point that is wider than the line is broken between characters
    (never inside a number or a Latin word). No character is dropped: joining the lines gives
    back ``text``.

    Parameters
    ----------
    text : str
    size : float
        Type size in points.
    width_in : float
        Available width in inches.
    breaks : str
        Characters after which a line may end.

    Returns
    -------
    str
        The text with newlines.
    """
    limit = width_in * 72

    def fits(text_: str) -> bool:
        return text_width_pt(text_, size) <= limit

    lines: list[str] = []
    for paragraph in text.split("\n"):
        chunks = _keep_punctuation_attached(
            [c for c in re.findall(rf"[^{re.escape(breaks)}]*[{re.escape(breaks)}]?", paragraph) if c],
            breaks,
        )
        line = ""
        for chunk in chunks:
            if fits(line + chunk):
                line += chunk
                continue
            if line:
                lines.append(line)
                line = ""
            while not fits(chunk):  # too long on its own: cut between characters
                cut = max(1, max(i for i in range(1, len(chunk) + 1) if i == 1 or fits(chunk[:i])))
                while (
                    0 < cut < len(chunk)
                    and chunk[cut - 1].isascii()
                    and chunk[cut].isascii()
                    and chunk[cut - 1].isalnum()
                ):
                    cut -= 1
                cut = cut or max(1, cut)
                lines.append(chunk[:cut])
                chunk = chunk[cut:]
            line = chunk
        lines.append(line)
    return "\n".join(lines)


def _keep_punctuation_attached(chunks: list[str], breaks: str) -> list[str]:
    """Chunks that are only punctuation (the ``：`` after ``）``) joined to the chunk before:
    a line never starts with ``：`` and no line holds a lone mark.

    Examples
    --------
    >>> _keep_punctuation_attached(["不同（亿元）", "：", "株洲"], "；，。、：）")
    ['不同（亿元）：', '株洲']
    """
    out: list[str] = []
    for c in chunks:
        if out and all(ch in breaks for ch in c):
            out[-1] += c
        else:
            out.append(c)
    return out


def new_page(layout: Layout, kind: str, texts: Texts) -> Page:
    """A blank figure with the title block (print) and the foot lines drawn; the rest is body.

    Parameters
    ----------
    layout : Layout
    kind : str
        ``"map"``, ``"panel"`` or ``"chart"`` (see :meth:`Layout.size`).
    texts : Texts
        Title and subtitle (drawn only if ``layout.titled``), notes, source line, disclaimer.

    Returns
    -------
    Page
    """
    width, height = layout.size(kind)
    fig = plt.figure(figsize=(width, height), dpi=100)
    fig.set_facecolor("white")
    m = layout.margin_in
    usable = width - 2 * m
    page = Page(fig, layout, width, height, (m, m, width - m, height - m))

    top = height - m
    if layout.titled:
        title = wrap(texts.title, layout.title_pt, usable)
        t = page.text(m, top, title, layout.title_pt, fontweight="bold", va="top", gid="title")
        t.set_linespacing(1.15)
        top -= (title.count("\n") + 1) * layout.title_pt * 1.2 / 72
        if texts.subtitle:
            sub = wrap(texts.subtitle, layout.subtitle_pt, usable)
            top -= 0.45 * layout.subtitle_pt / 72
            page.text(m, top, sub, layout.subtitle_pt, va="top", color=style.MUTED, gid="subtitle")
            top -= (sub.count("\n") + 1) * layout.subtitle_pt * LINE / 72
        top -= 0.6 * layout.subtitle_pt / 72

    foot = [wrap(n, layout.note_pt, usable) for n in texts.notes]
    foot.append(wrap(texts.source, layout.note_pt, usable))
    if texts.disclaimer:
        foot.append(wrap(style.DISCLAIMER, layout.note_pt, usable))
    y = m
    for block in reversed(foot):
        page.text(m, y, block, layout.note_pt, va="bottom", color=style.MUTED, linespacing=1.2)
        y += (block.count("\n") + 1) * layout.note_pt * LINE / 72
    bottom = y + 0.5 * layout.note_pt / 72
    page.body = (m, bottom, width - m, top)
    return page
