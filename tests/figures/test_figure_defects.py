"""Guards for the figure defects of issue 20: each figure says and marks what its words promise.

The drawing checks (:func:`agritargets.figures.kit.checks.problems`) cover what a general rule can say
(labels clear of scale bars, north arrows and symbols; tick labels apart; no line starting with "："); the
tests here pin down what one figure promises.
"""

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
import shapely
from matplotlib.colors import to_rgb
from matplotlib.text import Text

from agritargets.figures import county_symbols, denominator_evidence, pack
from agritargets.figures.kit import cartography, checks
from agritargets.figures.kit.layout import PRINT, SLIDE
from agritargets.rules.tolerances import agrees, by_target

# --------------------------------------------------------------------------- the checks themselves


def _axes():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.set_xlim(0, 100_000)
    ax.set_ylim(0, 80_000)
    return fig, ax


def _place(ax, text, xy):
    from agritargets.figures.kit.placement import Label, place_labels

    return place_labels(ax, [Label("k", text, xy, None)], 7)


def test_check_finds_a_label_on_a_scale_bar():
    fig, ax = _axes()
    cartography.add_scale_bar(ax, PRINT, (0.04, 0.04))
    (p,) = _place(ax, "芙蓉区 3.90", (50_000, 40_000))
    p.text.set_position((9_000, 4_000))  # moved onto the bar
    assert checks.furniture_clear(fig)
    p.text.set_position((60_000, 60_000))
    assert not checks.furniture_clear(fig)
    plt.close(fig)


def test_check_finds_a_label_covering_a_symbol():
    from agritargets.figures.kit.placement import register_symbols

    fig, ax = _axes()
    register_symbols(ax, [[30_000, 30_000]], 6.0)
    (p,) = _place(ax, "蒸湘区 2.90", (30_000, 30_000))
    assert not checks.labels_on_symbols(fig)  # the placer keeps it off its own circle
    p.text.set_position((30_000, 30_000))
    assert checks.labels_on_symbols(fig)
    plt.close(fig)


def test_check_finds_a_line_starting_with_punctuation_and_overlapping_ticks():
    fig, ax = _axes()
    ax.text(10_000, 10_000, "6 个市州目标与县市区之和不同（亿元）\n：")
    assert checks.stray_punctuation(fig)
    ax.set_yticks([50, 52], ["怀化市", "娄底市"])
    ax.set_ylim(0, 101)
    assert checks.tick_overlaps(fig)
    plt.close(fig)


@pytest.mark.parametrize("layout", [PRINT, SLIDE], ids=["print", "slide"])
@pytest.mark.parametrize(
    "stem",
    ["map_prefecture_430500", "map_prefecture_433100", "map_prefecture_431200", "map_prefecture_430100"],
)
def test_panels_keep_labels_clear_of_scale_bar_and_north_arrow(stem, layout, drawn):
    fig = drawn(stem, layout)
    gids = {a.get_gid() for a in fig.findobj(lambda a: str(a.get_gid() or "").startswith("furniture:"))}
    assert gids == {cartography.FURNITURE_SCALEBAR, cartography.FURNITURE_NORTH}
    assert checks.furniture_clear(fig) == []


# --------------------------------------------------------------------------- figure by figure


def test_symbol_map_marks_and_names_the_top_ten(scenario, drawn):
    fig = drawn("map_county_symbols")
    top = by_target(scenario.counties).head(county_symbols.TOP_N)
    main = fig.axes[0]
    dark = np.array(to_rgb(county_symbols.TOP_COLOR))
    big = max(main.collections, key=lambda c: len(c.get_offsets()))
    faces = big.get_facecolors()[:, :3]
    assert int(np.all(np.isclose(faces, dark, atol=0.01), axis=1).sum()) == county_symbols.TOP_N
    labelled = {p.label.key for p in checks.placed(fig)}
    assert set(top["adcode"]) <= labelled  # on the main map or in an inset
    assert str(county_symbols.TOP_N) in county_symbols.words(scenario, pack.load_meta()).title


@pytest.mark.parametrize("layout", [PRINT, SLIDE], ids=["print", "slide"])
def test_symbol_map_insets_label_every_circle_they_draw_and_clip_none(layout, drawn):
    fig = drawn("map_county_symbols", layout)
    for ax in fig.axes[1:4]:
        symbols = getattr(ax, "agt_symbols", np.empty((0, 3)))
        keys = [p for p in checks.placed(fig) if p.ax is ax]
        assert len(symbols) == len(keys) > 0
        frame = ax.get_window_extent()
        xy = ax.transData.transform(symbols[:, :2])
        r = symbols[:, 2] * fig.dpi / 72
        assert np.all(xy[:, 0] - r >= frame.x0 - 0.5) and np.all(xy[:, 0] + r <= frame.x1 + 0.5)
        assert np.all(xy[:, 1] - r >= frame.y0 - 0.5) and np.all(xy[:, 1] + r <= frame.y1 + 0.5)
    assert checks.labels_on_symbols(fig) == [] and checks.leader_crossings(fig) == []


@pytest.mark.parametrize("stem", ["map_county_symbols", "map_county_share", "map_audit_residual"])
def test_hongjiang_label_stays_inside_hunan(stem, drawn, inputs):
    fig = drawn(stem)
    (p,) = [p for p in checks.placed(fig) if p.label.key == cartography.HONGJIANG_DISTRICT]
    to_data = p.ax.transData.inverted()
    (x0, y0), (x1, y1) = to_data.transform(np.reshape(p.box, (2, 2)))
    assert inputs.layers.province.union_all().contains(shapely.box(x0, y0, x1, y1))


def test_inset_titles_use_one_notation(drawn):
    titles = []
    for stem in ("map_county_symbols", "map_county_share", "map_prefecture_430100"):
        fig = drawn(stem)
        titles += [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert len(titles) == 7
    assert all(re.fullmatch(r"\S+（放大 \d+\.\d 倍）", t) for t in titles), titles


def test_changsha_panel_labels_every_county_its_inset_shows(drawn):
    fig = drawn("map_prefecture_430100")
    inset = next(ax for ax in fig.axes if ax.get_title(loc="left").startswith("长沙"))
    names = {p.label.text.split("\n")[0] for p in checks.placed(fig) if p.ax is inset}
    assert {"芙蓉区", "天心区", "开福区", "雨花区", "岳麓区"} <= names


def test_denominator_chart_names_each_series_and_its_sample(inputs, drawn):
    texts = denominator_evidence.words(inputs.meta, inputs.sweep, inputs.published_p)
    peaks = denominator_evidence.series_peaks(inputs.sweep)
    # the condition the report's text must match: which series, how many counties, how many agree
    for p in peaks:
        assert f"{p['name']}（覆盖 {p['n']} 个县市区）最多 {p['best']} 个一致" in texts.caption
    assert "2022 年末常住人口（覆盖 12 个县市区）最多 3 个一致" in texts.caption
    fig = drawn("chart_denominator_evidence")
    drawn_texts = [t.get_text() for t in fig.findobj(Text)]
    assert not any("6,644.4864" in t for t in drawn_texts) and any("6,644" in t for t in drawn_texts)
    for p in peaks:  # a direct label per line, small samples saying so
        label = [t for t in drawn_texts if t.startswith(p["name"] + "（")]
        assert len(label) == 1 and (("小样本" in label[0]) == p["small"])
    assert fig.axes[0].get_legend() is None  # direct labels, no legend to decode


def test_denominator_lines_differ_by_more_than_hue():
    styles = list(denominator_evidence.VINTAGE_STYLE.values())
    dashes = [str(d) for _, d, _ in styles]
    markers = [m for _, _, m in styles]
    assert len(set(dashes)) == len(styles) and len(set(markers)) == len(styles)
    # simulated deuteranopia (Machado 2009): every pair of line colours still differs in lightness or hue
    m = np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]]
    )
    seen = [m @ np.array(to_rgb(c)) ** 2.2 for c, _, _ in styles]
    gaps = [np.abs(a - b).max() for i, a in enumerate(seen) for b in seen[i + 1 :]]
    assert min(gaps) > 0.08


def test_audit_chart_title_unit_band_and_counts(scenario, drawn):
    fig = drawn("chart_audit_counties")
    title = checks.drawn_title(fig)
    assert title.endswith("相差不超过 0.02 亿元")
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert any(t.startswith("±0.02：两个舍入值之差") for t in texts)
    ax = fig.axes[0]
    counts = sum(int(t.get_text()) for t in ax.texts if str(t.get_gid()).startswith("count:"))
    assert counts == int(agrees(scenario.counties["residual_yi"]).sum())


def test_relative_chart_has_a_colour_legend(inputs, drawn):
    from agritargets.figures.kit.classify import residual_classes

    fig = drawn("chart_audit_relative")
    entries = {t.get_text() for leg in fig.legends for t in leg.get_texts()}
    assert set(residual_classes(inputs.scenario.counties["residual_yi"]).labels) <= entries


def test_composition_names_a_segment_in_every_row(inputs, drawn):
    fig = drawn("chart_prefecture_composition")
    ax = fig.axes[0]
    rows = {round(t.get_position()[1]) for t in ax.texts if not t.get_text().startswith(" ")}
    assert rows == set(range(14))


def test_tile_map_names_the_prefectures(drawn):
    fig = drawn("map_county_tiles")
    ax = fig.axes[0]
    named = [t.get_text().replace("\n", "") for t in ax.texts if str(t.get_gid()).startswith("prefecture:")]
    assert len(named) >= 12
    note = next(t.get_text() for t in fig.texts if "粗线分隔市州" in t.get_text())
    if len(named) < 14:
        assert "未标" in note.replace("\n", "")
