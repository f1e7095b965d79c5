"""Export: compact SVG paths keep their shape, rasters carry their resolution and no metadata."""

import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from agritargets.figures.kit import export
from agritargets.figures.kit.layout import PRINT, SLIDE


def _absolute(d: str) -> list[tuple[str, list[float]]]:
    """Decode compact path data (SVG semantics: relative commands, implicit repeats) to absolute points."""
    arity = {"m": 2, "l": 2, "c": 6, "q": 4, "z": 0}
    tokens = re.findall(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)", d)
    out, cur, start, cmd, i = [], (0.0, 0.0), (0.0, 0.0), None, 0
    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "zZ":
                out.append(("z", []))
                cur = start
                continue
        n = arity[cmd.lower()]
        vals = [float(t) for t in tokens[i : i + n]]
        i += n
        pts = [v + cur[k % 2] for k, v in enumerate(vals)] if cmd.islower() else vals
        out.append((cmd.upper() if cmd.upper() != "M" or not out or out[-1][0] == "z" else "L", pts))
        cur = (pts[-2], pts[-1])
        if cmd in "mM":
            start = cur
            cmd = "l" if cmd == "m" else "L"
    return out


@pytest.mark.parametrize(
    "d",
    [
        "M 10 20 L 10.04 20 L 12.5 21 z",
        "M 582 0 L 1485 0 L 1485 1901 C 1485 2445 1402 3040 1363 3552 L 1395 3552 z M 5 5 L 6 6 z",
        "M 0 0 Q 10 -5 20 0 L 20 -7.34 z",
    ],
)
def test_compact_path_keeps_every_point(d):
    original = _absolute(d)
    compact = _absolute(export.compact_path(d))
    rounded = [(c, [round(v, 1) for v in p]) for c, p in original]
    kept = [(c, [round(v, 1) for v in p]) for c, p in compact]
    dropped = [item for item in rounded if item not in kept]
    assert all(c == "L" for c, _ in dropped)  # only zero-length steps may go
    assert len(export.compact_path(d)) < len(d)


def test_compact_path_examples():
    assert export.compact_path("M 10 20 L 10.04 20 L 12.5 21 z") == "m10 20 2.5 1z"
    assert export.compact_path("M 0 0 L 0.14 -0.26 L 0 0 z") == "m0 0 .1-.3-.1 .3z"


@pytest.fixture
def fig():
    f = plt.figure(figsize=PRINT.size("chart"), dpi=100)
    f.text(0.1, 0.5, "长沙市 61.84")
    yield f
    plt.close(f)


def test_renditions_from_one_raster(fig):
    out = export.render(fig, PRINT, ["report_png", "print_png"], thumbnail=True)
    with Image.open(io.BytesIO(out["print_png"])) as im:
        assert im.info["dpi"][0] == pytest.approx(300, abs=1) and "Software" not in im.info
        assert im.width == int(PRINT.size("chart")[0] * 300)
    with Image.open(io.BytesIO(out["report_png"])) as im:
        assert im.mode == "P" and im.info["dpi"][0] == pytest.approx(150, abs=1)
    with Image.open(io.BytesIO(out["thumbnail"])) as im:
        assert im.width == export.THUMB_WIDTH


def test_slide_png_is_1920_by_1080():
    f = plt.figure(figsize=SLIDE.size("map"), dpi=100)
    try:
        png = export.render(f, SLIDE, ["slide_png"])["slide_png"]
    finally:
        plt.close(f)
    with Image.open(io.BytesIO(png)) as im:
        assert im.size == (1920, 1080)


def test_svg_outlined_by_default_editable_on_request(fig):
    from agritargets.core.fonts import use_chinese_font

    use_chinese_font()
    outlined = export.svg_text(fig)
    editable = export.svg_text(fig, editable=True)
    assert "<text" not in outlined and "<text" in editable
    assert export.svg_text(fig) == outlined  # deterministic


def test_svg_carries_title_and_desc(fig):
    """Outlined text cannot be searched: the figure's title and caption ride along as <title>/<desc>."""
    from agritargets.core.fonts import use_chinese_font

    use_chinese_font()
    svg = export.svg_text(fig, title="长沙市目标最高", desc="各县市区 <目标> & 说明")
    root = svg[svg.index("<svg") :]
    after_root = root[root.index(">") + 1 :].lstrip()
    assert after_root.startswith("<title>长沙市目标最高</title><desc>各县市区 &lt;目标&gt; &amp; 说明</desc>")
    assert svg.count("<title>") == 1 and svg.count("<desc>") == 1
    assert export.svg_text(fig, title="长沙市目标最高", desc="各县市区 <目标> & 说明") == svg  # deterministic
    assert "<title>" not in export.svg_text(fig)  # nothing given, nothing added
