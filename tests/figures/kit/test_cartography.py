"""Map furniture and layers: data in, artists or numbers out."""

import matplotlib

matplotlib.use("Agg")

import geopandas as gpd
import matplotlib.pyplot as plt
import pytest
import shapely

from agritargets.figures.kit import cartography as carto
from agritargets.figures.kit.layout import PRINT


@pytest.fixture(scope="module")
def layers():
    grid = [shapely.box(x, y, x + 1, y + 1) for x in range(3) for y in range(2)]
    counties = gpd.GeoDataFrame(
        {
            "adcode": ["431281", "431202", "431221", "430102", "430103", "430104"],
            "name": ["洪江市", "鹤城区", "中方县", "芙蓉区", "天心区", "岳麓区"],
            "prefecture_adcode": ["431200"] * 3 + ["430100"] * 3,
            "prefecture": ["怀化市"] * 3 + ["长沙市"] * 3,
        },
        geometry=grid,
        crs="EPSG:4326",
    )
    return carto.make_layers(counties, "+proj=aea +lat_1=0.3 +lat_2=1.7 +lat_0=1 +lon_0=1.5 +units=m", 0.0)


def test_layers_dissolve_and_label_points(layers):
    assert len(layers.prefectures) == 2 and len(layers.province) == 1
    for geom, x, y in zip(
        layers.counties.geometry, layers.counties["label_x"], layers.counties["label_y"], strict=True
    ):
        assert geom.contains(shapely.Point(x, y))
    assert layers.neighbours.empty


def test_hongjiang_marker_sits_inside_hongjiang_city(layers):
    x, y = carto.hongjiang_point(layers)
    city = layers.counties.set_index("adcode").geometry[carto.HONGJIANG_CITY]
    assert city.contains(shapely.Point(x, y))


@pytest.mark.parametrize(("width_km", "km"), [(40, 10), (100, 20), (700, 100), (3, 0)])
def test_scale_lengths_are_round(width_km, km):
    assert carto.nice_length_km(width_km * 1000) == max(km, 1)


def test_scale_bar_never_prints_half_kilometres():
    fig = plt.figure(figsize=(3, 3), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    try:
        for width_km in (8, 30, 55, 240, 700):
            ax.cla()
            ax.set_xlim(0, width_km * 1000)
            ax.set_ylim(0, width_km * 1000)
            carto.add_scale_bar(ax, PRINT)
            assert not any("." in t.get_text() for t in ax.texts)
            assert any(t.get_text().strip().endswith("千米") for t in ax.texts)
    finally:
        plt.close(fig)


def test_fill_and_outline_are_single_collections(layers):
    fig = plt.figure(figsize=(3, 3), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    try:
        coll = carto.fill(ax, layers.counties.geometry, ["#ff0000"] * 6)
        lines = carto.outline(ax, layers.prefectures.geometry, "#000000", 1.0)
        assert len(coll.get_paths()) == 6 and len(lines.get_segments()) == 2
    finally:
        plt.close(fig)


def test_window_keeps_the_axes_aspect():
    b = carto.window((0, 0, 10, 2), aspect=1.5, pad=0)
    assert carto.aspect_of(b) == pytest.approx(1.5)
    assert b[0] <= 0 and b[2] >= 10


def test_inset_titles_say_how_much_they_enlarge_in_one_form():
    """One notation on every figure: the frame's name on the main map, then （放大 n 倍）."""
    assert carto.zoom_title("衡阳城区", 5.43) == "衡阳（放大 5.4 倍）"
    assert carto.zoom_title("长株潭城区", 3.0) == "长株潭（放大 3.0 倍）"
    assert carto.zoom_title("长沙城区", 4.12) == "长沙（放大 4.1 倍）"
    assert carto.frame_name("衡阳城区") == "衡阳"


def test_scale_bar_sits_on_a_white_box_and_is_tagged_as_furniture():
    """Black on navy is unreadable: the bar and its text sit on a white box; the checks find them by gid."""
    from matplotlib.patches import Rectangle

    fig, ax = plt.subplots()
    ax.set_xlim(0, 50_000)
    ax.set_ylim(0, 40_000)
    ax.set_facecolor("#081d58")
    carto.add_scale_bar(ax, PRINT)
    carto.add_north_arrow(ax, PRINT)
    fig.canvas.draw()
    bar = [a for a in ax.get_children() if a.get_gid() == carto.FURNITURE_SCALEBAR]
    back = [a for a in bar if isinstance(a, Rectangle) and a.get_facecolor()[:3] == (1.0, 1.0, 1.0)]
    (text,) = [t for t in ax.texts if "千米" in t.get_text()]
    assert text in bar and len(back) >= 1
    box = max(back, key=lambda r: r.get_width()).get_window_extent()
    for a in bar:
        assert box.padded(0.5).contains(*a.get_window_extent().p0) and box.padded(0.5).contains(
            *a.get_window_extent().p1
        )
    assert any(a.get_gid() == carto.FURNITURE_NORTH for a in ax.get_children())
    plt.close(fig)
