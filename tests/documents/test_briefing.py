"""briefing.qmd rendered by real Quarto: the PowerPoint deck opened with python-pptx, the web slides parsed."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
import zipfile

import pytest
import yaml
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Emu, Inches

from agritargets.core import paths
from agritargets.core.files import sha256
from tests.builds import CENSUS

pytestmark = pytest.mark.slow

QMD = paths.ROOT / "briefing.qmd"
QMD_TEXT = QMD.read_text(encoding="utf-8")
THEME_FONT = "Microsoft YaHei"  # scripts/make_reference_pptx.py --font
N_PREFECTURES = 14


@pytest.fixture(scope="session")
def pptx_path(deck):
    return deck.file(".pptx")


@pytest.fixture(scope="session")
def prs(pptx_path):
    return Presentation(str(pptx_path))


def _title(slide) -> str:
    for shape in slide.placeholders:
        if shape.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            return shape.text_frame.text.strip()
    return ""


def test_sixteen_by_nine(prs):
    assert math.isclose(prs.slide_width / prs.slide_height, 16 / 9, rel_tol=1e-3)
    assert abs(prs.slide_width - Inches(13.333)) < Inches(0.01)  # PowerPoint's own 16:9 size


def _main(prs) -> list:
    """The story: the slides after the title slide and before the appendix."""
    slides = list(prs.slides)
    end = next(i for i, s in enumerate(slides) if _title(s).startswith("附录"))
    return slides[1:end]


def test_slide_count_matches_the_source(prs):
    written = len(re.findall(r"^## ", QMD_TEXT, flags=re.M))
    body = QMD_TEXT.split("---", 2)[2]  # not the front matter's comments
    markdown = re.sub(r"^```.*?^```", "", body, flags=re.M | re.S)  # nor the code cells' comments
    assert not re.search(r"^# ", markdown, flags=re.M)  # no level-1 heading: web slides stay one row
    assert len(prs.slides) == 1 + written  # and the title slide
    main = _main(prs)
    assert 7 <= len(main) <= 12  # a story told in about ten minutes
    assert _title(main[-1]) == "结论与建议"
    titles = [_title(s) for s in main]
    assert len(set(titles)) == len(titles)
    assert not [t for t in titles if re.search(r"复现最多|分母约", t)]  # plain words, no jargon titles
    maps = [_title(s) for s in list(prs.slides)[-N_PREFECTURES:]]
    assert all("目标最高" in t for t in maps), maps


def test_every_main_slide_has_speaker_notes_from_the_computed_values(prs):
    from agritargets.documents import reportdata

    values = reportdata.build().values
    notes = {}
    for number, slide in enumerate(_main(prs), 2):
        assert slide.has_notes_slide, f"slide {number} has no speaker notes"
        notes[number] = slide.notes_slide.notes_text_frame.text
        assert len(notes[number]) >= 60 and "{{<" not in notes[number], number
    every = "\n".join(notes.values())
    for key in (
        "provincial_target",
        "per_capita_yuan",
        "county_sum",
        "best_P",
        "census_exact",
        "zone_top_residual",
    ):
        assert values[key] in every, key


def test_pictures_have_alt_text_not_a_path(prs):
    for number, slide in enumerate(prs.slides, 1):
        for sh in slide.shapes:
            if sh.shape_type == MSO_SHAPE_TYPE.PICTURE:
                alt = sh._element.xpath("./p:nvPicPr/p:cNvPr/@descr")[0]
                assert len(alt) >= 8 and "_render" not in alt and ".png" not in alt and "\n" not in alt, (
                    number,
                    alt,
                )


def test_metadata_slide_numbers_and_language(prs, pptx_path):
    author = yaml.safe_load(QMD_TEXT.split("---")[1])["author"]
    assert prs.core_properties.author == author and author.startswith("agritargets")
    assert prs.core_properties.language == "zh-CN"
    with zipfile.ZipFile(pptx_path) as z:
        app = z.read("docProps/app.xml").decode("utf-8")
        assert re.search(r"<Slides>(\d+)</Slides>", app).group(1) == str(len(prs.slides))
        notes = [n for n in z.namelist() if re.match(r"ppt/notesSlides/notesSlide\d+\.xml$", n)]
        assert re.search(r"<Notes>(\d+)</Notes>", app).group(1) == str(len(notes))
        for name in z.namelist():
            if re.match(r"ppt/(slides|notesSlides|slideMasters|slideLayouts)/\w+\.xml$", name):
                xml = z.read(name).decode("utf-8")
                assert 'en-US"' not in xml.replace('altLang="en-US"', ""), name
                untagged = re.findall(r"<a:(?:rPr|endParaRPr)\b(?![^>]*\blang=)[^>]*>", xml)
                assert untagged == [], (name, untagged[:2])
    for number, slide in enumerate(prs.slides, 1):
        numbered = [
            sh for sh in slide.placeholders if sh.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER
        ]
        assert bool(numbered) == (number > 1), number


def test_every_slide_has_a_title(prs):
    titles = [_title(s) for s in prs.slides]
    assert all(titles), [i for i, t in enumerate(titles, 1) if not t]
    assert not [t for t in titles if "{{<" in t or "val " in t]  # every value filled in


def test_pictures_present_and_inside_the_slide(prs):
    pictures = [
        (i, sh)
        for i, s in enumerate(prs.slides, 1)
        for sh in s.shapes
        if sh.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    expected = len(re.findall(r"!\[\]\(_render/briefing/", QMD_TEXT))
    assert len(pictures) == expected
    for i, sh in pictures:
        assert sh.left >= 0 and sh.top >= 0, i
        assert sh.left + sh.width <= prs.slide_width and sh.top + sh.height <= prs.slide_height, i


def _em(text: str) -> float:
    """Width of ``text`` in ems: CJK and full-width characters 1, others about 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _size(paragraph, default: float) -> float:
    sizes = [r.font.size.pt for r in paragraph.runs if r.font.size is not None]
    return max(sizes) if sizes else default


def test_no_text_overflows_its_box(prs):
    """Estimated from font size and box size: lines needed × line height ≤ the box's height."""
    for number, slide in enumerate(prs.slides, 1):
        for shape in slide.placeholders:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            kind = shape.placeholder_format.type
            if kind == PP_PLACEHOLDER.SLIDE_NUMBER:  # the master's small number, not text of the slide
                continue
            default = 24
            width_pt = Emu(shape.width).pt - 14.4  # default left + right insets, 0.1 in each
            height = 0
            for p in shape.text_frame.paragraphs:
                size = _size(p, default)
                indent = 27 if kind not in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) else 0
                lines = max(1, math.ceil(_em(p.text) * size / (width_pt - indent)))
                height += lines * size * 1.2 + size * 0.2
            assert height <= Emu(shape.height).pt, f"slide {number}: {shape.text_frame.text[:40]!r} overflows"


def test_fonts_as_configured(pptx_path):
    with zipfile.ZipFile(pptx_path) as z:
        theme = z.read("ppt/theme/theme1.xml").decode("utf-8")
        for tag in ("majorFont", "minorFont"):
            block = re.search(rf"<a:{tag}>.*?</a:{tag}>", theme, flags=re.S).group(0)
            assert f'<a:latin typeface="{THEME_FONT}"' in block and f'<a:ea typeface="{THEME_FONT}"' in block
            assert f'<a:font script="Hans" typeface="{THEME_FONT}"/>' in block
        for name in z.namelist():
            if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
                faces = set(re.findall(r'<a:(?:latin|ea) typeface="([^"]+)"', z.read(name).decode("utf-8")))
                assert faces <= {THEME_FONT, "+mj-lt", "+mn-lt", "+mj-ea", "+mn-ea", "Courier"}, (name, faces)


def test_first_slide_states_what_the_deck_shows(prs):
    first = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "湘商电〔2023〕3号" in first and "2023 年印发的目标" in first


def test_web_slides_are_one_offline_file(deck):
    html = deck.file(".html").read_text(encoding="utf-8")
    assert not re.search(r'<(?:script|link|img)[^>]+(?:src|href)="https?://', html)
    assert html.count('class="slide level2') + html.count("<section id=") >= N_PREFECTURES


def _texts_and_media(path) -> tuple[list[str], list[str]]:
    prs = Presentation(str(path))
    texts = [" | ".join(sh.text_frame.text for sh in s.shapes if sh.has_text_frame) for s in prs.slides]
    with zipfile.ZipFile(path) as z:
        media = sorted(
            hashlib.sha256(z.read(n)).hexdigest() for n in z.namelist() if n.startswith("ppt/media/")
        )
    return texts, media


def test_rerun_deck_states_its_inputs_first(pptx_path, rerun_build):
    """The deck of ``build --population`` names its file, the file's hash, total and P on its first
    slide (that it rebuilds byte for byte is checked in test_isolation, rendered beside another)."""
    texts, media = _texts_and_media(rerun_build / "report" / "briefing.pptx")
    flat = re.sub(r"\s+", "", texts[0])
    assert "census2020_county.csv" in flat and sha256(CENSUS)[:16] in flat
    assert "450.00亿元" in flat and "6,622万人" in flat
    assert (texts, media) != _texts_and_media(pptx_path)  # the rerun really shows other numbers
    assert texts[1:] != _texts_and_media(pptx_path)[0][1:]
