"""report.qmd rendered by real Quarto, read back as a reader gets it: the PDF through poppler,
the HTML through an HTML parse and headless Chromium."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from agritargets.core import paths
from agritargets.core.errors import InputError
from agritargets.core.files import read_csv, sha256
from agritargets.core.formatting import percent
from agritargets.documents import reportdata
from agritargets.documents.quarto import render
from tests.builds import CENSUS

pytestmark = pytest.mark.slow

QMD = paths.ROOT / "report.qmd"
QMD_TEXT = QMD.read_text(encoding="utf-8")
COUNTIES = read_csv(paths.COUNTY_TARGETS, dtype=str)
PREFECTURE_NAMES = read_csv(paths.PREFECTURE_TARGETS, dtype=str)["prefecture"].tolist()


def _need(tool: str) -> str:
    path = shutil.which(tool)
    assert path, f"{tool} is missing: run `make setup` (it installs poppler-utils and Chromium)"
    return path


@pytest.fixture(scope="session")
def pdf_pages(published) -> list[str]:
    """The PDF's text, one string per page, laid out as on the page."""
    pdf = published.file(".pdf")
    text = subprocess.run([_need("pdftotext"), "-layout", pdf, "-"], capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="session")
def html(published) -> str:
    return published.file(".html").read_text(encoding="utf-8")


def _pdf(published) -> Path:
    return published.file(".pdf")


# --------------------------------------------------------------------------- the render itself


def test_one_render_gives_html_and_pdf_from_one_execution(published):
    assert sorted(f.suffix for f in published.files) == [".html", ".pdf"]
    assert published.log.count("Executing 'report.quarto_ipynb'") == 1  # the log is the build's:
    assert published.log.count("Executing 'briefing.quarto_ipynb'") == 1  # report and deck, each run once,
    assert published.log.count("(Notebook read from cache)") == 2  # their second formats from the cache


# --------------------------------------------------------------------------- 1. the full table


def test_full_table_lists_all_123_counties_in_order(pdf_pages):
    text = "\n".join(pdf_pages)
    start = text.index("全部县市区：印发目标")
    rows = re.findall(r"^\s*(\d+)\s+(43\d{4})\s+\S+\s+(\S+)", text[start:], flags=re.M)
    assert [int(r[0]) for r in rows] == list(range(1, 124))
    assert [r[1] for r in rows] == COUNTIES["adcode"].tolist()
    assert [r[2] for r in rows] == COUNTIES["county"].tolist()


def _words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Every word's box (xMin, yMin, xMax, yMax, text), page by page (pdftotext -bbox)."""
    out = subprocess.run([_need("pdftotext"), "-bbox", pdf, "-"], capture_output=True, text=True).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        pages.append(
            [
                (float(a), float(b), float(c), float(d), w)
                for a, b, c, d, w in re.findall(
                    r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<', page
                )
            ]
        )
    return pages


def test_nothing_is_printed_over_the_page_number(published):
    for number, words in enumerate(_words(_pdf(published)), start=1):
        foot = [w for w in words if w[4] == str(number) and w[1] > 780]  # A4 is 842 pt high
        assert len(foot) == 1, f"page {number}: page number not found at the foot"
        x0, y0, x1, y1, _ = foot[0]
        others = [w for w in words if w is not foot[0] and w[1] > 785]
        assert others == [], f"page {number}: text in the bottom margin: {others[:3]}"
        assert all(
            not (w[0] < x1 and w[2] > x0 and w[1] < y1 and w[3] > y0) for w in words if w is not foot[0]
        )


# --------------------------------------------------------------------------- 2. fonts and title


def test_every_pdf_face_is_the_simplified_chinese_font(published):
    out = subprocess.run([_need("pdffonts"), _pdf(published)], capture_output=True, text=True).stdout
    faces = [line.split()[0].split("+")[-1] for line in out.splitlines()[2:]]
    assert faces, "no fonts listed"
    assert all(re.match(r"NotoSans(Mono)?CJKsc-", f) for f in faces), faces
    assert not [f for f in faces if re.search(r"Libertinus|CJKjp|CJKkr|CJKtc|CJKhk", f)]


def test_title_fits_its_line(pdf_pages):
    title = yaml.safe_load(QMD_TEXT.split("---")[1])["title"]
    lines = [ln.strip() for ln in pdf_pages[0].splitlines() if ln.strip()]
    assert lines[0] == title.replace(" ", "") or lines[0].replace(" ", "") == title.replace(" ", "")


# --------------------------------------------------------------------------- 3. figures


def test_prefecture_maps_two_per_page_each_numbered(pdf_pages):
    """Each prefecture map is a numbered figure with a caption, in order."""
    captions = {}
    for page, text in enumerate(pdf_pages):
        for number, name in re.findall(r"图\s*(\d+)\s+(\S+?)：各县市区目标", text):
            captions[name] = (int(number), page)
    assert sorted(captions) == sorted(PREFECTURE_NAMES)
    numbers = [captions[n][0] for n in PREFECTURE_NAMES]
    assert numbers == list(range(numbers[0], numbers[0] + 14))  # numbered in order


def test_no_half_empty_pages(published):
    """Every page but the last is filled at least to 60 % of its height (figures float, two fit)."""
    pages = _words(_pdf(published))
    for number, words in enumerate(pages[:-1], start=1):
        body = [w for w in words if w[1] < 785]  # not the page number in the bottom margin
        assert body and max(w[3] for w in body) > 0.6 * 842, f"page {number} is half empty"


def test_figures_are_vector_or_print_resolution(published):
    out = subprocess.run(
        [_need("pdfimages"), "-list", _pdf(published)], capture_output=True, text=True
    ).stdout
    ppi = [(float(r.split()[12]), float(r.split()[13])) for r in out.splitlines()[2:] if r.strip()]
    assert all(min(x, y) >= 300 for x, y in ppi), ppi


def test_figures_are_printed_at_their_drawn_size(published, tmp_path, monkeypatch):
    """The PDF shows the SVGs at 100 %: no wider than the 17 cm text width, so no label shrinks."""
    monkeypatch.chdir(tmp_path)  # where the render's private project would be
    svgs = sorted(reportdata.write_render_inputs(reportdata.build(), "report").glob("*.svg"))
    assert svgs
    for svg in svgs:
        width = re.search(r'<svg[^>]*width="([\d.]+)pt"', svg.read_text(encoding="utf-8")).group(1)
        assert float(width) <= 17 / 2.54 * 72 + 0.5, svg.name


# --------------------------------------------------------------------------- 4. numbering


def test_sections_numbered_and_contents_two_levels_deep(pdf_pages, html):
    toc = pdf_pages[0][
        pdf_pages[0].index("目录") : pdf_pages[0].index("1 摘要", pdf_pages[0].index("目录") + 5)
    ]
    entries = re.findall(r"^\s*(\d+(?:\.\d+)*)\s+\S", toc, flags=re.M)
    assert (
        entries
        and max(e.count(".") for e in entries) == 1
        and all(re.fullmatch(r"\d+(\.\d+)?", e) for e in entries)
    )
    nav = re.search(r'<nav id="TOC".*?</nav>', html, flags=re.S).group(0)
    depth = max(itertools.accumulate(1 if t == "<ul" else -1 for t in re.findall(r"<ul|</ul>", nav)))
    assert depth == 2
    assert not re.search(r"\d+\.\d+\.[a-z]", "\n".join(pdf_pages))  # no "4.3.a" headings


def test_captions_and_references_read_the_same_in_both_formats(pdf_pages, html):
    text = "\n".join(pdf_pages)
    first_caption = re.escape(reportdata.build().values["caption_map_county_share"][:12])
    assert re.search(r"图\s?1\s+" + first_caption, text)  # pdftotext drops the thin spaces
    assert re.search(r"表\s?1\s+复算所用的人口数据", text)
    assert "图\u00a01\u3000" in html and "表\u00a01\u3000" in html
    assert "第 5 节" in text and re.search(r"第 <a[^>]*>5</a> 节", html)
    assert "小节" not in text and "小节" not in html and "图 1:" not in html


# --------------------------------------------------------------------------- 5. tables


def test_tables_fill_the_width_and_intervals_stay_whole(pdf_pages, html):
    text = "\n".join(pdf_pages)
    assert "附件 2（市州）" in text  # not letter-spaced ("附 件 2")
    assert not re.search(r"\d\.\d{3}\s*[–-]\s*$", text, flags=re.M)  # no interval split at a line end
    assert len(re.findall(r"\d+\.\d{3}\u2060?–\u2060?\d+\.\d{3}", text)) >= 16
    for colgroup in re.findall(r"<colgroup>(.*?)</colgroup>", html, flags=re.S):
        widths = [float(w) for w in re.findall(r"width: ([\d.]+)%", colgroup)]
        assert 100 - len(widths) <= sum(widths) <= 100  # pandoc prints whole per cents, rounded down


# --------------------------------------------------------------------------- 6. the HTML alone


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append((tag, name, value))


def test_html_is_one_offline_file(published, html):
    path = published.file(".html")
    assert path.stat().st_size <= 4 * 1024 * 1024
    parser = _Links()
    parser.feed(html)
    for tag, attr, url in parser.urls:
        if tag in ("script", "link", "img"):
            assert url.startswith("data:"), f"<{tag} {attr}={url[:60]}> is not embedded"
        elif tag == "a" and not url.startswith(("#", "data:", "http://", "https://", "mailto:")):
            # the only files linked are the data published beside the report (docs/data/)
            assert re.fullmatch(r"data/[\w./-]+", url) and (paths.ROOT / "docs" / url).is_file(), url


def test_html_opens_without_console_errors(published, tmp_path):
    browser = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
    assert browser, "Chromium is missing: run `make setup`"
    path = published.file(".html")
    run = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path}",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=5000",
            "--dump-dom",
            path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    console = [ln for ln in run.stderr.splitlines() if ":CONSOLE" in ln]
    assert console == []
    assert "湘商电〔2023〕3号" in run.stdout


# --------------------------------------------------------------------------- 7. one formatter


def test_map_tooltips_round_like_the_tables(html):
    """Every county's tooltip share is its target ÷ 400 rounded half-up (0.155 → 0.16, never 0.15)."""
    tips = dict(re.findall(r"<title>([^（<]+)（[^）]+）\n目标 [\d.]+ 亿元，占全省 ([\d.]+%)", html))
    assert len(tips) == 123
    for county, target in zip(COUNTIES["county"], COUNTIES["target_yi"], strict=True):
        assert tips[county] == percent(Decimal(target) / 4), county


# --------------------------------------------------------------------------- 8. parameters


def test_a_parameter_that_would_be_ignored_stops_the_render(tmp_path):
    with pytest.raises(InputError) as err:
        render(QMD, tmp_path, {"province_population": 6568}, to="html", echo=False)
    assert "province_population only apply with a population file" in str(err.value)
    assert not list(tmp_path.glob("report.*"))


def test_rerun_report_states_its_inputs_on_the_first_page(rerun_build):
    pdf = rerun_build / "report" / "report.pdf"
    first = subprocess.run([_need("pdftotext"), "-l", "1", pdf, "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", first)
    assert "census2020_county.csv" in flat and sha256(CENSUS) in flat
    assert "450.00亿元" in flat and "6,622万人" in flat and "half-up" in flat


# --------------------------------------------------------------------------- the source


def test_chinese_paragraphs_are_single_lines():
    """Quarto turns a newline inside Chinese text into a space: no paragraph may wrap."""
    cjk = r"[\u4e00-\u9fff，。；：、（）“”]"
    body = re.sub(r"```.*?```", "", QMD_TEXT.split("---", 2)[2], flags=re.S)
    for a, b in itertools.pairwise(body.splitlines()):
        assert not (re.search(cjk + "$", a) and re.match(cjk, b)), f"wrapped paragraph: {a!r} / {b!r}"


def test_no_inline_python_and_no_agg_backend():
    assert not re.search(r"(?<!`)`\{python\}", QMD_TEXT)  # the Jupyter cache refuses inline expressions
    assert 'matplotlib.use("Agg")' not in QMD_TEXT


# --------------------------------------------------------------------------- 9. readers (issue 20)


def _visible_text(html: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", body)


def test_pdf_names_its_author_title_and_language(published, pdf_pages):
    import pikepdf

    with pikepdf.open(_pdf(published)) as pdf:
        info = {k: str(v) for k, v in pdf.docinfo.items()}
        lang = str(pdf.Root.get("/Lang"))
    front = yaml.safe_load(QMD_TEXT.split("---")[1])
    assert info["/Title"] == front["title"]
    assert info["/Author"] == front["author"][0]["name"]
    assert lang.startswith("zh")
    head = re.sub(r"\s+", "", pdf_pages[0][: pdf_pages[0].index("目录")])
    assert "agritargets项目" in head and "不代表湖南省商务厅" in head  # who wrote it, truthfully
    assert "2023年版" in head and "问题跟踪" in head  # edition and how to reach the authors


def test_pdf_keeps_document_numbers_units_and_captions_whole(pdf_pages):
    text = "\n".join(pdf_pages)
    assert not re.search(r"湘商电〔2023〕\s*$", text, flags=re.M)
    assert not re.search(r"万\s*$\n\s*人|亿\s*$\n\s*元", text, flags=re.M)
    assert not re.search(r"[\d.]\s*$\n\s*万人", text, flags=re.M)
    for number, page in enumerate(pdf_pages, 1):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        for i, line in enumerate(lines[:-1]):  # the last line is the page number
            if re.match(r"表\s*\d+(?:\u3000|\s{2,})", line):  # a caption ("表 8　全部…"), not "表 8 列出…"
                assert i < len(lines) - 3, f"page {number}: caption {line[:20]!r} without its table"


def test_tables_carry_source_lines_totals_and_one_header_for_counts(pdf_pages, html):
    text = "\n".join(pdf_pages)
    tables = len(re.findall(r"^#\| label: tbl-", QMD_TEXT, flags=re.M))
    assert text.count("资料来源：") >= tables
    assert len(re.findall(r"^\s*合计（各市州之和）\s+123\b", text, flags=re.M)) == 1
    assert re.search(r"^\s*合计\s+123\s+400\.01\s+399\.94", text, flags=re.M)  # audit of prefectures
    headers = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert "县数" not in headers and "县市区数" in headers


def test_no_space_before_references_and_run_in_heads_alike(html):
    # "见表 3", not "见 表 3" (a section number keeps its spaces: "第 5 节")
    assert not re.search(
        r"[\u4e00-\u9fff，。；：] <a [^>]*class=\"quarto-xref\"[^>]*>(?:图|表|交互地图)", html
    )
    body = QMD_TEXT.split("---", 2)[2]
    heads = re.findall(r"^(?:- )?\*\*([^*]+)\*\*", body, flags=re.M)
    assert heads and all(h.endswith("。") for h in heads), [h for h in heads if not h.endswith("。")]
    assert not re.search(r"^不确定性：", body, flags=re.M)


def test_no_project_paths_for_readers(pdf_pages, html):
    for text in ("\n".join(pdf_pages), _visible_text(html)):
        assert not re.search(r"data/(raw|processed)|README\.md|_render/", text)


def test_denominator_text_describes_the_series_figure_22_draws(pdf_pages):
    values = reportdata.build().values
    text = re.sub(r"\s+", "", "".join(pdf_pages))
    # the figure draws the 2022 year-end series on all its counties, suspect values included
    assert (
        f"按全部{values['sweep_yearend2022_units']}个县（含{values['yearend2022_suspect']}个存疑值）画出"
        in text
    )
    assert values["sweep_yearend2022_peak"] in text
    # §6 gives rounding as one explanation and points back to §5.1, as §5.1 does
    start = text.index("目标跟着人口走。")
    implications = text[start : text.index("附录", start)]
    assert "第5.1节" in implications and "也可能" in implications


def test_every_figure_has_alt_text_not_a_path(html):
    alts = re.findall(r"<img\b[^>]*?\balt=\"([^\"]*)\"", html)
    images = re.findall(r"<img\b", html)
    assert len(alts) == len(images) >= 25
    assert all(len(a) >= 8 and "_render" not in a and not a.endswith((".png", ".svg")) for a in alts)
    assert '<html xmlns="http://www.w3.org/1999/xhtml" lang="zh-CN"' in html
