"""Deterministic label placement: inside a feature's polygon when the label fits, else beside it with a leader.

Rules, checked by the tests through :func:`placed_labels`:

- no label overlaps another label, an obstacle (legend, scale bar, inset frame) or a feature's anchor point;
- a label lies wholly inside its own polygon, or it has a leader line from its anchor;
- leader lines do not cross each other or pass through labels;
- every label stays inside its axes;
- a label given a ``band`` (a chart row) keeps its vertical centre inside that band.

Inside labels take black or white text by the fill's lightness (no translucent halo); labels set
outside their feature get an opaque white box. Positions come from a fixed candidate search
(no randomness, no time limit), so the same input gives the same figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from agritargets.figures.kit import style


@dataclass
class Label:
    """One label to place, in the axes' data coordinates.

    Parameters
    ----------
    key : str
        Identifies the feature (adcode or name); becomes the text's gid.
    text : str
    anchor : tuple of float
        The point the label belongs to (inside its polygon, or the symbol's centre).
    polygon : shapely geometry or None
        The feature's area; ``None`` for point features (symbols, chart dots).
    fill : str or None
        Colour under an inside label, to choose black or white text.
    inside_only : bool
        Orientation names: dropped (not led) when they do not fit inside.
    weight, color, size, style_ : optional text properties.
    band : tuple of float, optional
        ``(y0, y1)`` in data coordinates: the row of a chart the label belongs to. The label is
        set beside its anchor with its vertical centre inside the band (its whole box when the
        band is tall enough), never in a neighbouring row.
    within : shapely geometry, optional
        Area (data coordinates) a leader label's box must lie wholly inside, e.g. the province,
        so that it never straddles a border.
    """

    key: str
    text: str
    anchor: tuple[float, float]
    polygon: object = None
    fill: str | None = None
    inside_only: bool = False
    weight: str = "normal"
    color: str | None = None
    size: float | None = None
    style_: str = "normal"
    band: tuple[float, float] | None = None
    within: object = None


@dataclass
class Placed:
    """A placed label: its text artist, its leader (if set outside) and whether it sits inside its polygon."""

    label: Label
    text: Text
    ax: Axes
    leader: Line2D | None
    inside: bool
    box: tuple[float, float, float, float] = field(default=(0, 0, 0, 0))  # display px at placement
    cost: float = 0.0  # band labels: see :func:`_band_spot` (≥ BAND_STAGE: the box leaves its band)


def text_color_on(fill: str | None) -> str:
    """Black text on light fills, white on dark ones (relative luminance < 0.33).

    Parameters
    ----------
    fill : str or None

    Returns
    -------
    str
    """
    if fill is None:
        return style.INK
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(fill))
    return "white" if 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.2 else style.INK


def _overlaps(boxes: np.ndarray, occupied: np.ndarray) -> np.ndarray:
    """For each candidate box (n×4), does it overlap any occupied box (m×4)?"""
    if len(occupied) == 0:
        return np.zeros(len(boxes), dtype=bool)
    b = boxes[:, None, :]
    o = occupied[None, :, :]
    hit = (
        (b[..., 0] < o[..., 2]) & (b[..., 2] > o[..., 0]) & (b[..., 1] < o[..., 3]) & (b[..., 3] > o[..., 1])
    )
    return hit.any(axis=1)


def _covers_points(boxes: np.ndarray, points: np.ndarray, pad: float) -> np.ndarray:
    """Does each box come within ``pad`` (plus the point's own radius, 3rd column) of any point?"""
    if len(points) == 0:
        return np.zeros(len(boxes), dtype=bool)
    b = boxes[:, None, :]
    p = points[None, :, :]
    r = pad + p[..., 2]
    hit = (
        (p[..., 0] > b[..., 0] - r)
        & (p[..., 0] < b[..., 2] + r)
        & (p[..., 1] > b[..., 1] - r)
        & (p[..., 1] < b[..., 3] + r)
    )
    return hit.any(axis=1)


def _boxes(centres: np.ndarray, w: float, h: float) -> np.ndarray:
    return np.column_stack(
        [centres[:, 0] - w / 2, centres[:, 1] - h / 2, centres[:, 0] + w / 2, centres[:, 1] + h / 2]
    )


def _nearest_on_box(box: np.ndarray, p: np.ndarray) -> np.ndarray:
    return np.array([np.clip(p[0], box[0], box[2]), np.clip(p[1], box[1], box[3])])


class _Board:
    """What is already on the axes, in display pixels."""

    def __init__(self, frame: np.ndarray, obstacles: list[np.ndarray], points: np.ndarray):
        self.frame = frame
        self.boxes = np.array(obstacles, dtype=float).reshape(-1, 4)
        self.points = points
        self.leaders: list[shapely.LineString] = []
        self._leader_tree: shapely.STRtree | None = None

    def leader_tree(self) -> shapely.STRtree:
        """The leaders so far in a spatial index, built once per added leader."""
        if self._leader_tree is None:
            self._leader_tree = shapely.STRtree(self.leaders)
        return self._leader_tree

    def copy(self) -> _Board:
        out = _Board(self.frame, [], self.points)
        out.boxes = self.boxes.copy()
        out.leaders = list(self.leaders)
        return out

    def near(self, y0: float, y1: float) -> _Board:
        """The part of the board that reaches the strip y0…y1 (px): the same answers for anything
        inside the strip, with a fraction of the boxes and points to compare (leaders are indexed)."""
        y, r = self.points[:, 1], self.points[:, 2]
        out = _Board(self.frame, [], self.points[(y + r >= y0) & (y - r <= y1)])
        out.boxes = self.boxes[(self.boxes[:, 3] >= y0) & (self.boxes[:, 1] <= y1)]
        out.leaders = self.leaders
        out._leader_tree = self.leader_tree() if self.leaders else None
        return out

    def add(self, box: np.ndarray, leader: shapely.LineString | None) -> None:
        self.boxes = np.vstack([self.boxes, box[None, :]])
        if leader is not None:
            self.leaders.append(leader)
            self._leader_tree = None

    def free(self, boxes: np.ndarray, pad: float, own: np.ndarray | None) -> np.ndarray:
        f = self.frame
        ok = (boxes[:, 0] >= f[0]) & (boxes[:, 1] >= f[1]) & (boxes[:, 2] <= f[2]) & (boxes[:, 3] <= f[3])
        grown = boxes + np.array([-pad, -pad, pad, pad])
        ok &= ~_overlaps(grown, self.boxes)
        pts = self.points
        if own is not None:  # a label may cover its own anchor point, not its own symbol
            pts = pts[~(np.all(pts[:, :2] == own, axis=1) & (pts[:, 2] == 0))]
        ok[ok] = ~_covers_points(boxes[ok], pts, pad)  # the costlier tests only for boxes still free
        if self.leaders and ok.any():
            b = boxes[ok]
            ok[ok] = ~_hits(shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3]), self.leader_tree())
        return ok


def place_labels(
    ax: Axes,
    labels: list[Label],
    size: float,
    *,
    obstacles: list[Bbox] = (),
    avoid: np.ndarray | None = None,
    prefer_outside=None,
    max_rings: int = 14,
    margin: float = 0.0,
) -> list[Placed]:
    """Place ``labels`` on ``ax`` (call after the axes limits are final).

    Parameters
    ----------
    ax : Axes
    labels : list of Label
        Placed in the given order within each pass (inside pass first, then leaders).
    size : float
        Default type size in points.
    obstacles : list of Bbox
        Display-space boxes no label may overlap (legends, scale bars, frames).
    avoid : ndarray, optional
        Extra points (data coordinates) no label may cover, e.g. symbols; an optional third
        column gives each point's radius in points (a circle no label may cover).
    prefer_outside : shapely geometry, optional
        Area (data coordinates) that leader labels should avoid covering (other than their own
        polygon), e.g. the subject prefecture, so they settle on their own county or the context.
    max_rings : int
        How far (in rings of candidate positions) a leader label may move from its anchor.
    margin : float
        Points kept free between a label and the edge of the axes.

    Returns
    -------
    list of Placed
        Also appended to ``ax.figure.agt_labels`` for the checks in :mod:`agritargets.figures.kit.checks`.
    """
    placer = _Placer(ax, labels, size, obstacles, avoid, prefer_outside, margin)
    placer.inside_pass()
    rest = placer.leader_candidates()
    placer.leader_pass([i for i in rest if labels[i].band is None], max_rings)
    placer.band_pass([i for i in rest if labels[i].band is not None])
    _uncross(
        [p for p in placer.placed if p is not None and p.leader is not None],
        placer.anchors,
        placer.symbol_r,
        labels,
        placer.board,
        placer.from_px,
    )
    done = [p for p in placer.placed if p is not None]
    if not hasattr(ax.figure, "agt_labels"):
        ax.figure.agt_labels = []
    ax.figure.agt_labels.extend(done)
    return done


class _Placer:
    """The state of one :func:`place_labels` call: display-space anchors, the board, the texts, the passes."""

    def __init__(self, ax, labels, size, obstacles, avoid, prefer_outside, margin) -> None:
        fig = ax.figure
        self.ax, self.labels = ax, labels
        self.renderer = fig.canvas.get_renderer()
        self.to_px = ax.transData.transform
        self.from_px = ax.transData.inverted().transform
        self.px_per_pt = fig.dpi / 72
        frame = np.asarray(ax.get_window_extent(self.renderer).extents, dtype=float)
        frame += np.array([1, 1, -1, -1]) * margin * self.px_per_pt
        self.pad = 0.12 * size * self.px_per_pt
        self.anchors = np.array([self.to_px(np.asarray(lab.anchor, dtype=float)) for lab in labels]).reshape(
            -1, 2
        )
        points = self._points(avoid)
        # a symbol under an anchor: its leader starts at the symbol's edge, with no dot to hide it
        self.symbol_r = np.zeros(len(self.anchors))
        for k, a in enumerate(self.anchors):
            same = np.hypot(*(points[:, :2] - a).T) < 0.5
            self.symbol_r[k] = points[same, 2].max()
        self.board = _Board(frame, [np.asarray(b.extents) for b in obstacles], points)
        self.outside_px = None if prefer_outside is None else shapely.transform(prefer_outside, self.to_px)
        self.texts = [self._text(lab, size) for lab in labels]
        self.extents = [t.get_window_extent(self.renderer) for t in self.texts]
        self.placed: list[Placed | None] = [None] * len(labels)
        self.crowd: dict[int, int] = {}
        self.size_of: dict[int, tuple[float, float]] = {}

    def _points(self, avoid) -> np.ndarray:
        """Anchors (radius 0), the avoided points and the axes' registered symbols (with their radius), in display space."""
        points = np.column_stack([self.anchors, np.zeros(len(self.anchors))])
        symbols = getattr(self.ax, "agt_symbols", None)
        if symbols is not None and len(symbols):
            avoid = symbols if avoid is None or not len(avoid) else np.vstack([_with_radius(avoid), symbols])
        if avoid is not None and len(avoid):
            avoid = np.asarray(avoid, dtype=float)
            radius = avoid[:, 2] * self.px_per_pt if avoid.shape[1] > 2 else np.zeros(len(avoid))
            extra = np.column_stack([self.to_px(avoid[:, :2]), radius])
            # an anchor that is also an avoided symbol keeps the symbol's radius
            points = np.vstack([points, extra])
        return points

    def _text(self, lab: Label, size: float):
        return self.ax.text(
            *lab.anchor,
            lab.text,
            fontsize=lab.size or size,
            ha="center",
            va="center",
            zorder=30,
            fontweight=lab.weight,
            fontstyle=lab.style_,
            linespacing=1.1,
            gid=f"label:{lab.key}",
        )

    def inside_pass(self) -> None:
        """Pass 1: inside the polygon, at the anchor or nudged within the polygon."""
        pad, board = self.pad, self.board
        for i, (lab, t, ext) in enumerate(zip(self.labels, self.texts, self.extents, strict=True)):
            if lab.polygon is None:
                continue
            w, h = ext.width + 2 * pad, ext.height + 2 * pad
            poly = shapely.transform(lab.polygon, self.to_px)
            shapely.prepare(poly)
            centres = _inside_candidates(poly, self.anchors[i], w, h)
            boxes = _boxes(centres, w, h)
            inner = _boxes(centres, ext.width, ext.height)
            fits = shapely.contains(poly, shapely.box(inner[:, 0], inner[:, 1], inner[:, 2], inner[:, 3]))
            ok = fits & board.free(boxes, 0, self.anchors[i])
            if ok.any():
                k = int(np.argmax(ok))
                t.set_position(self.from_px(centres[k]))
                t.set_color(lab.color or text_color_on(lab.fill))
                board.add(boxes[k], None)
                self.placed[i] = Placed(lab, t, self.ax, None, True, tuple(boxes[k]))

    def leader_candidates(self) -> list[int]:
        """Labels still to place with a leader (inside-only ones that did not fit are removed)."""
        rest = [i for i in range(len(self.labels)) if self.placed[i] is None]
        for i in [i for i in rest if self.labels[i].inside_only]:
            self.texts[i].remove()
        rest = [i for i in rest if not self.labels[i].inside_only]
        near = 60 * self.px_per_pt
        self.crowd = {i: int((np.hypot(*(self.anchors - self.anchors[i]).T) < near).sum()) for i in rest}
        # the label's box with its padding
        self.size_of = {
            i: (self.extents[i].width + 2 * self.pad, self.extents[i].height + 2 * self.pad) for i in rest
        }
        return rest

    def commit(self, i: int, centre: np.ndarray, cost: float = 0.0) -> None:
        """Set label ``i`` at ``centre`` with its leader from the anchor."""
        lab, t, ax = self.labels[i], self.texts[i], self.ax
        w, h = self.size_of[i]
        box = _boxes(centre[None, :], w, h)[0]
        end = _nearest_on_box(box, self.anchors[i])
        t.set_position(self.from_px(centre))
        t.set_color(lab.color or style.INK)
        t.set_bbox({"boxstyle": "square,pad=0.12", "facecolor": "white", "edgecolor": "none"})
        start = _leader_start(self.anchors[i], end, self.symbol_r[i])
        (xa, ya), (xe, ye) = self.from_px(start), self.from_px(end)
        line = Line2D([xa, xe], [ya, ye], color=style.LEADER, lw=0.6, zorder=29, gid=f"leader:{lab.key}")
        ax.add_line(line)
        if self.symbol_r[i] == 0:
            ax.plot([xa], [ya], "o", ms=1.8, color=style.LEADER, zorder=29)
        self.board.add(box, shapely.LineString([self.anchors[i], end]))
        self.placed[i] = Placed(lab, t, ax, line, False, tuple(box), cost)

    def leader_pass(self, free: list[int], max_rings: int) -> None:
        """Pass 2: beside the anchor with a leader line, crowded anchors first."""
        for i in sorted(free, key=lambda j: (-self.crowd[j], j)):
            lab = self.labels[i]
            w, h = self.size_of[i]
            own = None if lab.polygon is None else shapely.transform(lab.polygon, self.to_px)
            others = None
            if self.outside_px is not None:
                others = self.outside_px if own is None else shapely.difference(self.outside_px, own)
            within = None if lab.within is None else shapely.transform(lab.within, self.to_px)
            found = _leader_spot(self.board, self.anchors[i], w, h, self.pad, max_rings, others, own, within)
            # nowhere free: keep the label visible at its anchor (never dropped); the checks will say so
            self.commit(i, self.anchors[i] if found is None else found)

    def band_pass(self, banded: list[int]) -> None:
        """Labels kept to a band (a chart row): per band, the placement order that sets them nearest."""
        bands: dict[tuple[float, float], list[int]] = {}
        for i in banded:
            bands.setdefault(tuple(self.labels[i].band), []).append(i)
        for band, members in bands.items():
            ys = sorted(self.to_px(np.array([[0.0, band[0]], [0.0, band[1]]]))[:, 1])
            band_px = (float(ys[0]), float(ys[1]))
            best = None
            for order in _band_orders(members, self.anchors, self.crowd):
                cost, spots = self._try_band(order, band_px)
                if best is None or cost < best[0] - 1e-9:
                    best = (cost, spots)
            for i, centre, c in best[1]:
                self.commit(i, centre, c)

    def _try_band(self, order: list[int], band_px: tuple[float, float]) -> tuple[float, list]:
        """Place ``order`` in a band on a copy of the board; return the total cost and the spots."""
        trial = self.board.copy()
        spots, cost = [], 0.0
        for i in order:
            w, h = self.size_of[i]
            centre, c = _band_spot(trial, self.anchors[i], w, h, self.pad, band_px)
            spots.append((i, centre, c))
            cost += c
            box = _boxes(centre[None, :], w, h)[0]
            trial.add(box, shapely.LineString([self.anchors[i], _nearest_on_box(box, self.anchors[i])]))
        return cost, spots


def _with_radius(points) -> np.ndarray:
    """Points (x, y) or (x, y, radius in pt) as (x, y, radius)."""
    points = np.asarray(points, dtype=float)
    return points if points.shape[1] > 2 else np.column_stack([points, np.zeros(len(points))])


def register_symbols(ax: Axes, xy, radius_pt) -> None:
    """Record symbols drawn on ``ax`` (circles, dots): every later label avoids them and the checks test it.

    Parameters
    ----------
    ax : Axes
    xy : array-like
        Centres in data coordinates (n×2).
    radius_pt : float or array-like
        Radius of each symbol in points.
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    new = np.column_stack([xy, np.broadcast_to(np.asarray(radius_pt, dtype=float), len(xy))])
    old = getattr(ax, "agt_symbols", np.empty((0, 3)))
    ax.agt_symbols = np.vstack([old, new])


def _leader_start(anchor: np.ndarray, end: np.ndarray, radius: float) -> np.ndarray:
    """Where a leader from ``anchor`` to ``end`` starts: the anchor, or the edge of its symbol."""
    if radius <= 0:
        return anchor
    d = end - anchor
    length = float(np.hypot(*d))
    return anchor + d / max(length, 1e-9) * min(radius, length)


def _uncross(
    led: list[Placed], anchors: np.ndarray, radius: np.ndarray, labels: list[Label], board: _Board, from_px
) -> None:
    """Swap the positions of two labels whose leaders cross, when the swap uncrosses them and collides with nothing."""
    index = {id(p.label): labels.index(p.label) for p in led}

    def leader(p: Placed, box) -> shapely.LineString:
        a = anchors[index[id(p.label)]]
        return shapely.LineString([a, _nearest_on_box(np.asarray(box), a)])

    for _ in range(3 * len(led)):
        lines = [leader(p, p.box) for p in led]
        pair = next(
            ((i, j) for i in range(len(led)) for j in range(i + 1, len(led)) if lines[i].crosses(lines[j])),
            None,
        )
        if pair is None:
            return
        i, j = pair
        p, q = led[i], led[j]
        cp, cq = _boxes_centre(np.asarray(p.box)), _boxes_centre(np.asarray(q.box))
        wp, hp = p.box[2] - p.box[0], p.box[3] - p.box[1]
        wq, hq = q.box[2] - q.box[0], q.box[3] - q.box[1]
        new_p = _boxes(np.array([cq]), wp, hp)[0]
        new_q = _boxes(np.array([cp]), wq, hq)[0]
        others = np.array(
            [b for b in board.boxes if not (np.allclose(b, p.box) or np.allclose(b, q.box))]
        ).reshape(-1, 4)
        ok = (
            not _overlaps(np.vstack([new_p, new_q]), others).any()
            and not _overlaps(new_p[None], new_q[None]).any()
        )
        ok = ok and not leader(p, new_p).crosses(leader(q, new_q))
        symbols = board.points[board.points[:, 2] > 0]
        ok = ok and not _covers_points(np.vstack([new_p, new_q]), symbols, 0.0).any()
        f = board.frame
        ok = ok and f[0] <= min(new_p[0], new_q[0]) and max(new_p[2], new_q[2]) <= f[2]
        ok = ok and f[1] <= min(new_p[1], new_q[1]) and max(new_p[3], new_q[3]) <= f[3]
        ok = ok and all(_in_band(item, box, from_px) for item, box in ((p, new_p), (q, new_q)))
        if not ok:
            return
        for item, box in ((p, new_p), (q, new_q)):
            k = index[id(item.label)]
            end = _nearest_on_box(box, anchors[k])
            item.text.set_position(from_px(np.asarray(_boxes_centre(box))))
            (xa, ya), (xe, ye) = from_px(_leader_start(anchors[k], end, radius[k])), from_px(end)
            item.leader.set_data([xa, xe], [ya, ye])
            board.boxes[np.all(np.isclose(board.boxes, item.box), axis=1)] = box
            item.box = tuple(box)


BAND_STAGE = 1e3  # cost of a band label's box reaching out of its band (per step relaxed)
LAST_RESORT = 1e5  # cost of a band label whose leader had to pass points or cross lines


def _in_band(p: Placed, box: np.ndarray, from_px) -> bool:
    """Does a box (display px) keep the vertical centre of ``p``'s label inside its band?"""
    if p.label.band is None:
        return True
    y = from_px(np.asarray(_boxes_centre(box)))[1]
    lo, hi = sorted(p.label.band)
    return lo <= y <= hi


def _band_spot(board: _Board, anchor: np.ndarray, w: float, h: float, pad: float, band: tuple[float, float]):
    """The best free centre for a w×h box beside ``anchor`` whose vertical centre stays in ``band`` (px).

    Candidates form a grid: rows of centres inside the band, columns stepping away from the
    anchor on both sides. No box covers a point. Tried with the whole box inside the band, then
    with at most a quarter of it outside, then with only its centre inside, the leader crossing
    nothing and passing no other point; then, as a last resort, the nearest free box whatever its
    leader does. The nearest free candidate wins (horizontal distance counts less than vertical:
    a label stays on its row's line when it can).

    Returns
    -------
    tuple
        (centre in px, cost): the distance score plus :data:`BAND_STAGE` per stage relaxed
        (:data:`LAST_RESORT` for the last); nowhere free gives the anchor at a still larger cost.
    """
    y0, y1 = band
    step = max(h / 4, 1.0)
    f = board.frame
    # every box lies within y0 - h/2 … y1 + h/2 and every leader between it and the anchor
    board = board.near(min(anchor[1], y0 - h / 2) - pad, max(anchor[1], y1 + h / 2) + pad)
    reach = np.arange(0.0, f[2] - f[0] + step, step)
    xs = anchor[0] + np.concatenate([reach, -reach[1:]])
    xs = xs[(xs - w / 2 >= f[0]) & (xs + w / 2 <= f[2])]
    ranges = [(y0 + h / 2, y1 - h / 2), (y0 + h / 4, y1 - h / 4), (y0, y1)]  # box in, ¼ over, centre in
    stages = [(lo, hi, False, k * BAND_STAGE) for k, (lo, hi) in enumerate(ranges) if hi >= lo]
    stages.append((y0, y1, True, LAST_RESORT))
    blockers = None
    for lo, hi, crossing, penalty in stages:
        n = int((hi - lo) / step) + 1
        levels = np.linspace(lo, hi, n) if n > 1 else np.array([(lo + hi) / 2])
        levels = levels[(levels - h / 2 >= f[1]) & (levels + h / 2 <= f[3])]
        gx, gy = np.meshgrid(xs, levels)
        centres = np.column_stack([gx.ravel(), gy.ravel()])
        gap_x = np.maximum(np.abs(centres[:, 0] - anchor[0]) - w / 2, 0)
        gap_y = np.maximum(np.abs(centres[:, 1] - anchor[1]) - h / 2, 0)
        score = np.hypot(gap_x, 2.5 * gap_y) + 0.25 * np.abs(centres[:, 1] - anchor[1])
        order = np.argsort(score, kind="stable")
        centres, score = centres[order], score[order]
        for start, stop in _chunks(len(centres)):
            boxes = _boxes(centres[start:stop], w, h)
            idx = np.flatnonzero(board.free(boxes, pad, anchor))
            if len(idx) == 0:
                continue
            if crossing:
                k = start + idx[0]
                return centres[k], penalty + float(score[k])
            if blockers is None:
                blockers = _blockers(board)
            clear = _clear_leaders(board, blockers, anchor, boxes[idx], pad)
            if clear.any():
                k = start + idx[int(np.argmax(clear))]
                return centres[k], penalty + float(score[k])
    return anchor.copy(), 10 * LAST_RESORT


def _chunks(n: int, first: int = 128) -> list[tuple[int, int]]:
    """Slices of ``n`` candidates, nearest first, doubling in size: most labels settle in the first
    chunk, and a crowded one costs a few large comparisons rather than many small ones.

    Examples
    --------
    >>> _chunks(1000)
    [(0, 128), (128, 384), (384, 896), (896, 1000)]
    """
    out, start, size = [], 0, first
    while start < n:
        out.append((start, min(start + size, n)))
        start, size = start + size, 2 * size
    return out


def _band_orders(members: list[int], anchors: np.ndarray, crowd: dict[int, int]) -> list[list[int]]:
    """Orders to try for the labels of one band: crowded first, outside in, left to right, right to left, centre out."""
    by_x = sorted(members, key=lambda j: (anchors[j][0], j))
    outside_in = [by_x[k // 2] if k % 2 == 0 else by_x[-1 - k // 2] for k in range(len(by_x))]
    mid = (len(by_x) - 1) / 2
    centre_out = sorted(by_x, key=lambda j: (abs(by_x.index(j) - mid), by_x.index(j)))
    orders = [sorted(members, key=lambda j: (-crowd[j], j)), outside_in, by_x, by_x[::-1], centre_out]
    out: list[list[int]] = []
    for o in orders:
        if o not in out:
            out.append(o)
    return out


def _hits(geoms: np.ndarray, tree: shapely.STRtree) -> np.ndarray:
    """For each geometry, does it intersect any geometry in ``tree``?"""
    out = np.zeros(len(geoms), dtype=bool)
    out[tree.query(geoms, predicate="intersects")[0]] = True
    return out


def _blockers(board: _Board) -> shapely.STRtree | None:
    """The leaders and boxes already on the board in one spatial index (or None)."""
    parts = list(board.leaders)
    if len(board.boxes):
        b = board.boxes
        parts += list(shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3]))
    return shapely.STRtree(parts) if parts else None


def _clear_leaders(board: _Board, blockers, anchor: np.ndarray, boxes: np.ndarray, pad: float) -> np.ndarray:
    """For each box, does the leader from ``anchor`` cross no leader or box and pass no other point?"""
    ends = np.column_stack(
        [np.clip(anchor[0], boxes[:, 0], boxes[:, 2]), np.clip(anchor[1], boxes[:, 1], boxes[:, 3])]
    )
    clear = np.ones(len(boxes), dtype=bool)
    if blockers is not None:
        lines = shapely.linestrings(np.stack([np.repeat(anchor[None, :], len(boxes), 0), ends], axis=1))
        clear &= ~_hits(lines, blockers)
    others = board.points[~np.all(board.points[:, :2] == anchor, axis=1)]
    if len(others):
        # distance from each point to each segment anchor → end
        d = ends - anchor  # (n, 2)
        rel = others[None, :, :2] - anchor  # (1, m, 2)
        length2 = np.maximum((d**2).sum(axis=1), 1e-12)[:, None]
        t = np.clip((rel * d[:, None, :]).sum(axis=2) / length2, 0, 1)
        nearest = t[..., None] * d[:, None, :]
        dist = np.hypot(*(rel - nearest).transpose(2, 0, 1))
        clear &= ~(dist <= pad + others[None, :, 2]).any(axis=1)
    return clear


def _inside_candidates(poly, anchor: np.ndarray, w: float, h: float) -> np.ndarray:
    """Centres to try for a label inside ``poly``: the anchor first, then a grid over the polygon by distance."""
    minx, miny, maxx, maxy = poly.bounds
    step = max(min(w, h) / 2, 1.0)
    nx, ny = int((maxx - minx) / step) + 1, int((maxy - miny) / step) + 1
    while nx * ny > 900:
        step *= 1.5
        nx, ny = int((maxx - minx) / step) + 1, int((maxy - miny) / step) + 1
    gx, gy = np.meshgrid(minx + step * np.arange(nx), miny + step * np.arange(ny))
    grid = np.column_stack([gx.ravel(), gy.ravel()])
    inside = shapely.contains_xy(poly, grid[:, 0], grid[:, 1])
    grid = grid[inside]
    d = np.hypot(grid[:, 0] - anchor[0], (grid[:, 1] - anchor[1]) * 1.5)
    return np.vstack([anchor[None, :], grid[np.argsort(d, kind="stable")]])


def _leader_spot(
    board: _Board, anchor: np.ndarray, w: float, h: float, pad: float, rings: int, outside, own, within=None
):
    """The best free centre for a box of w×h beside ``anchor``.

    Candidates lie on rings around the anchor. Among the free ones (no overlap, inside the
    axes, leader crossing nothing) of the first few rings that have any, the winner is near,
    over its own polygon if it has one, and off other features (``outside``). Tried strictly
    first (the box covers no other anchor, the leader crosses nothing), then allowing the box over
    other anchors, then (farther out) letting the leader cross; label boxes never overlap.
    """
    stages = (
        (True, False, rings),
        (False, False, rings),
        (False, False, 2 * rings),
        (False, True, 2 * rings),
    )
    for strict, crossing, reach in stages:
        spot = _search(board, anchor, w, h, pad, reach, outside, own, strict, crossing, within)
        if spot is not None:
            return spot
    return _anywhere(board, anchor, w, h)


def _anywhere(board: _Board, anchor: np.ndarray, w: float, h: float):
    """Last resort: the free place nearest the anchor anywhere in the axes (a long leader beats an overlap)."""
    f = board.frame
    xs = np.arange(f[0] + w / 2, f[2] - w / 2 + 1e-9, max(h / 3, 1.0))
    ys = np.arange(f[1] + h / 2, f[3] - h / 2 + 1e-9, max(h / 3, 1.0))
    if len(xs) == 0 or len(ys) == 0:
        return None
    gx, gy = np.meshgrid(xs, ys)
    centres = np.column_stack([gx.ravel(), gy.ravel()])
    boxes = _boxes(centres, w, h)
    ok = ~_overlaps(boxes, board.boxes) & ~_covers_points(boxes, board.points[board.points[:, 2] > 0], 0.0)
    if not ok.any():
        return None
    centres = centres[ok]
    return centres[np.argmin(np.hypot(*(centres - anchor).T))]


def _search(board: _Board, anchor, w, h, pad, rings, outside, own, strict: bool, crossing: bool, within=None):
    angles = np.deg2rad(np.arange(0, 360, 10))
    base = 0.5 * np.hypot(w, h)
    saved = board.points
    if not strict:  # a box may cover other anchors, never a symbol
        board.points = saved[saved[:, 2] > 0]
    found: list[tuple[float, np.ndarray]] = []
    first = None
    try:
        for ring in range(1, rings + 1):
            if first is not None and ring > first + 3:
                break
            r = base + ring * 0.4 * h
            stretch = r + 0.3 * w * np.abs(np.cos(angles))
            centres = anchor + np.column_stack([np.cos(angles) * stretch, np.sin(angles) * r])
            boxes = _boxes(centres, w, h)
            ok = board.free(boxes, pad, anchor) & _inside(within, boxes)
            if not ok.any():
                continue
            idx = np.flatnonzero(ok)
            ends = np.array([_nearest_on_box(boxes[k], anchor) for k in idx])
            lines = shapely.linestrings(np.stack([np.repeat(anchor[None, :], len(idx), 0), ends], axis=1))
            clear = np.ones(len(idx), dtype=bool)
            if board.leaders and not crossing:
                clear &= ~_hits(lines, board.leader_tree())
            if len(board.boxes) and not crossing:
                b = board.boxes
                clear &= ~_hits(lines, shapely.STRtree(shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3])))
            if strict and len(board.points):  # a leader passes no other feature's point
                others = board.points[~np.all(board.points[:, :2] == anchor, axis=1)]
                if len(others):
                    near = (
                        shapely.distance(lines, shapely.multipoints(others[:, :2]))
                        <= pad + others[:, 2].min()
                    )
                    clear &= ~near
            idx = idx[clear]
            if len(idx) == 0:
                continue
            first = ring if first is None else first
            b = boxes[idx]
            geoms = shapely.box(b[:, 0], b[:, 1], b[:, 2], b[:, 3])
            score = np.full(len(idx), float(ring))
            if own is not None:
                score -= 2.0 * shapely.area(shapely.intersection(own, geoms)) / (w * h)
            if outside is not None:
                score += 3.0 * shapely.area(shapely.intersection(outside, geoms)) / (w * h)
            k = int(np.argmin(score))
            found.append((float(score[k]), boxes[idx[k]]))
    finally:
        board.points = saved
    if not found:
        return None
    best = min(found, key=lambda item: item[0])[1]
    return np.asarray(_boxes_centre(best))


def _inside(area, boxes: np.ndarray) -> np.ndarray:
    """Does each box (display px) lie wholly inside ``area`` (None: anywhere)?"""
    if area is None:
        return np.ones(len(boxes), dtype=bool)
    return shapely.contains(area, shapely.box(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3]))


def _boxes_centre(box: np.ndarray) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
