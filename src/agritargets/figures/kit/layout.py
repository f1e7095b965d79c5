"""Layouts: one drawing code, several canvases (A4 print, 16:9 slide).

Every figure function takes a :class:`Layout` and arranges the same content on
its canvas: the canvas size for the figure's kind, the type sizes, and whether
the title block is drawn (a slide's own title placeholder carries the title).
"""

from __future__ import annotations

from dataclasses import dataclass, field

CM = 1 / 2.54  # inches


@dataclass(frozen=True)
class Layout:
    """Canvas and type for one output medium.

    Sizes are in inches, type in points at the size the figure is shown.
    """

    name: str
    sizes: dict[str, tuple[float, float]] = field(hash=False)  # kind -> (width, height) in inches
    dpi: int  # raster resolution of the pack's PNG
    titled: bool  # draw the message title and subtitle on the canvas
    title_pt: float
    subtitle_pt: float
    label_pt: float  # map and chart labels
    legend_pt: float  # legend entries, axis ticks
    note_pt: float  # source line, disclaimer, footnotes: the smallest type
    margin_in: float  # canvas edge to ink

    def size(self, kind: str) -> tuple[float, float]:
        """Canvas of a figure kind.

        Parameters
        ----------
        kind : str
            ``"map"`` (province-wide map), ``"panel"`` (one prefecture) or ``"chart"``.

        Returns
        -------
        tuple of float
            Width and height in inches.
        """
        return self.sizes[kind]

    @property
    def min_pt(self) -> float:
        """The smallest type any text on this layout may use."""
        return min(self.label_pt, self.legend_pt, self.note_pt)


PRINT = Layout(
    name="print",
    # A4 with 2 cm margins: text width 17 cm; two prefecture panels, or two charts, and their captions
    # fit on one page
    sizes={"map": (17 * CM, 11 * CM), "panel": (17 * CM, 10.5 * CM), "chart": (17 * CM, 10.5 * CM)},
    dpi=300,
    titled=True,
    title_pt=10.5,
    subtitle_pt=7.5,
    label_pt=6.5,
    legend_pt=7.0,
    note_pt=6.5,
    margin_in=0.12,
)

SLIDE = Layout(
    name="slide",
    # 16:9 at PowerPoint's default 13.333 x 7.5 in; 144 dpi gives 1920 x 1080 px
    sizes={"map": (40 / 3, 7.5), "panel": (40 / 3, 7.5), "chart": (40 / 3, 7.5)},
    dpi=144,
    titled=False,
    title_pt=24.0,
    subtitle_pt=16.0,
    label_pt=13.0,
    legend_pt=14.0,
    note_pt=12.0,
    margin_in=0.2,
)

LAYOUTS = {layout.name: layout for layout in (PRINT, SLIDE)}


def get(layout: str | Layout) -> Layout:
    """A layout by name (``"print"`` or ``"slide"``), or the layout itself.

    Parameters
    ----------
    layout : str or Layout

    Returns
    -------
    Layout
    """
    if isinstance(layout, Layout):
        return layout
    try:
        return LAYOUTS[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}") from None
