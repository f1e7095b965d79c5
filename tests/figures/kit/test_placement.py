"""Label placement: inside when it fits, led when it does not, never on top of another label."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import shapely

from agritargets.core.fonts import use_chinese_font
from agritargets.figures.kit import checks as figcheck
from agritargets.figures.kit.placement import Label, place_labels, text_color_on

use_chinese_font()


@pytest.fixture
def ax():
    fig = plt.figure(figsize=(4, 3), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 75)
    ax.set_axis_off()
    yield ax
    plt.close(fig)


def test_a_label_that_fits_stays_inside_its_polygon(ax):
    square = shapely.box(10, 10, 90, 65)
    (p,) = place_labels(ax, [Label("a", "大县\n1.23", (50, 37), square, fill="#ffffcc")], 8)
    assert p.inside and p.leader is None
    assert figcheck.labels_owned(ax.figure) == []


def test_a_label_too_big_for_its_polygon_gets_a_leader(ax):
    tiny = shapely.box(49, 36, 51, 38)
    (p,) = place_labels(ax, [Label("t", "很小的区\n0.12", (50, 37), tiny)], 8)
    assert not p.inside and p.leader is not None
    x, y = p.leader.get_data()
    assert (x[0], y[0]) == (50, 37)  # the leader starts at the feature
    assert figcheck.labels_owned(ax.figure) == []


def test_crowded_points_get_distinct_boxes_and_no_crossing_leaders(ax):
    rng = np.random.default_rng(1)
    pts = rng.uniform([40, 30], [60, 45], size=(8, 2))
    labels = [Label(str(i), f"第{i}个\n{i}.00", tuple(p), None) for i, p in enumerate(pts)]
    placed = place_labels(ax, labels, 7)
    assert len(placed) == 8
    assert figcheck.label_overlaps(ax.figure) == []
    assert figcheck.leader_crossings(ax.figure) == []
    assert figcheck.outside_canvas(ax.figure) == []


def test_orientation_names_are_dropped_not_led(ax):
    sliver = shapely.box(0, 0, 3, 75)
    placed = place_labels(ax, [Label("n", "湖北省", (1.5, 37), sliver, inside_only=True)], 9)
    assert placed == []
    assert not [t for t in ax.texts if t.get_text() == "湖北省"]


def test_placement_is_deterministic():
    def run():
        fig = plt.figure(figsize=(4, 3), dpi=100)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 100)
        ax.set_ylim(0, 75)
        labels = [Label(str(i), f"县{i}", (50 + i, 37 + (i % 3)), None) for i in range(6)]
        out = [tuple(np.round(p.text.get_position(), 6)) for p in place_labels(ax, labels, 8)]
        plt.close(fig)
        return out

    assert run() == run()


def test_text_colour_follows_the_fill():
    assert text_color_on("#081d58") == "white"  # navy
    assert text_color_on("#ffffcc") != "white"


def test_labels_given_a_band_keep_their_centre_in_it(ax):
    """Chart rows: crowded dots in one row get labels above, beside and below them, all in the row."""
    xs = [40, 43, 46, 52, 58]
    labels = [Label(str(i), f"第{i}县 +0.{i}", (x, 37), None, band=(31, 43)) for i, x in enumerate(xs)]
    other_row = [Label("n", "邻行 +0.9", (45, 25), None, band=(19, 31))]
    avoid = np.array([[x, 37, 2.0] for x in xs] + [[45, 25, 2.0]])
    placed = place_labels(ax, labels + other_row, 7, avoid=avoid)
    assert len(placed) == 6
    for p in placed:
        y = ax.transData.inverted().transform(p.text.get_window_extent().get_points().mean(axis=0))[1]
        lo, hi = p.label.band
        assert lo <= y <= hi, p.label.text
    assert figcheck.label_overlaps(ax.figure) == []
    assert figcheck.leader_crossings(ax.figure) == []
