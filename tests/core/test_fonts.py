"""Chinese must draw as Chinese: an SC face, every glyph present, and a test map you can look at."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from agritargets.core.divisions import load_units
from agritargets.core.fonts import find_sc_family, font_entry, missing_glyphs, use_chinese_font

TEXT = (
    "湖南省数商兴农示意图亿元万人比例尺·（）、："
    + "".join(load_units()["name"])
    + "".join(load_units()["prefecture"])
)


def test_simplified_chinese_face_is_used():
    family = use_chinese_font()
    assert family == find_sc_family()
    assert "SC" in family or family in (
        "Microsoft YaHei",
        "SimHei",
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
    )
    import matplotlib as mpl

    assert mpl.rcParams["font.sans-serif"][0] == family
    assert font_entry(family).name == family


def test_no_character_would_draw_as_a_box():
    assert missing_glyphs(TEXT) == []


def test_chinese_renders_differently_from_a_box(tmp_path):
    """Draw a missing glyph and real text: the pixels must differ (boxes are all alike)."""
    use_chinese_font()

    def raster(s):
        fig = plt.figure(figsize=(2, 0.6), dpi=100)
        fig.text(0.05, 0.3, s, fontsize=20)
        fig.canvas.draw()
        img = np.asarray(fig.canvas.buffer_rgba())[..., 0].copy()
        plt.close(fig)
        return img

    with pytest.warns(UserWarning, match="missing from font"):
        box = raster("\U000f0000\U000f0001")  # private-use: certainly drawn as boxes
    assert not np.array_equal(raster("湖南"), box)
    assert not np.array_equal(raster("湖南"), raster("长沙"))
