"""Make templates/reference.pptx, the PowerPoint reference document of briefing.qmd.

Recipe (run `make reference-deck`, or this script with the project's Python):

1. Start from the reference document of the pandoc that Quarto runs
   (`quarto pandoc -o … --print-default-data-file reference.pptx`), so every layout pandoc
   looks for is there with its expected name.
2. Widen it to PowerPoint's 16:9 default, 13.333 × 7.5 in (every shape scaled by 4/3), then
   give "Title and Content" a slim title band and a tall content area for the figures.
3. Theme: fonts for Latin and East-Asian text (default Microsoft YaHei, which Chinese Windows
   and WPS have; `--font "Noto Sans CJK SC"` for machines with Noto instead), the project's
   colours, title and body sizes.

The output is byte-stable (fixed zip times and document dates), so rerunning the recipe with
the same pandoc changes nothing.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.util import Inches

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "templates" / "reference.pptx"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
FIXED_TIME = (2023, 4, 4, 0, 0, 0)  # the notice's date: any constant keeps the file byte-stable

# The project's colours (style.py): dark text, YlGnBu blue accents.
COLOURS = {
    "dk2": "253494",
    "accent1": "2C7FB8",
    "accent2": "41B6C4",
    "accent3": "A1DAB4",
    "accent4": "E6550D",
    "accent5": "756BB1",
    "accent6": "636363",
}


def pandoc_default(quarto: str) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "default.pptx"
        subprocess.run(
            [quarto, "pandoc", "-o", str(out), "--print-default-data-file", "reference.pptx"], check=True
        )
        return out.read_bytes()


def widen(prs: Presentation) -> None:
    """16:9 at 13.333 × 7.5 in; every master and layout shape scaled by the same factor."""
    k = WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    masters = list(prs.slide_masters)
    for shape_owner in [*masters, *(layout for m in masters for layout in m.slide_layouts)]:
        for shape in shape_owner.shapes:
            xfrm = shape._element.spPr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}xfrm")
            if xfrm is None:  # position inherited from the master: scaled there
                continue
            for el in xfrm:
                for attr in ("x", "y", "cx", "cy"):
                    if attr in el.attrib:
                        el.set(attr, str(round(int(el.get(attr)) * k)))


def place(layout, idx: int, left: float, top: float, width: float, height: float) -> None:
    ph = next(p for p in layout.placeholders if p.placeholder_format.idx == idx)
    ph.left, ph.top, ph.width, ph.height = Inches(left), Inches(top), Inches(width), Inches(height)


def text_style(layout, idx: int, size: int, align: str) -> None:
    """A layout placeholder's own first-level text size (hundredths of a point) and alignment."""
    from lxml import etree

    ns = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    ph = next(p for p in layout.placeholders if p.placeholder_format.idx == idx)
    body = ph._element.txBody
    lst = body.find(f"{ns}lstStyle")
    if lst is None:
        lst = etree.Element(f"{ns}lstStyle")
        body.insert(1, lst)  # after bodyPr, as the schema orders them
    level = lst.find(f"{ns}lvl1pPr")
    if level is None:
        level = etree.Element(f"{ns}lvl1pPr")
        lst.insert(0, level)
    level.set("algn", align)
    run = level.find(f"{ns}defRPr")
    if run is None:
        run = etree.SubElement(level, f"{ns}defRPr")
    run.set("sz", str(size))


def lay_out(prs: Presentation) -> None:
    """A title band for two lines of 24 pt (0.2–1.15 in) and a 6.1-in content area below it:
    a 16:9 figure then fills 82 % of the slide's width."""
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for name in ("Title and Content", "Title Only", "Two Content", "Comparison"):
        place(layouts[name], 0, 0.45, 0.2, 12.43, 0.95)
    place(layouts["Title and Content"], 1, 0.45, 1.2, 12.43, 6.1)
    place(layouts["Two Content"], 1, 0.45, 1.2, 6.1, 6.1)
    place(layouts["Two Content"], 2, 6.78, 1.2, 6.1, 6.1)
    title_slide = layouts["Title Slide"]
    place(title_slide, 1, 1.0, 4.1, 11.33, 2.4)  # subtitle and three lines of context
    text_style(title_slide, 0, size=3600, align="ctr")  # the deck's title
    text_style(title_slide, 1, size=2000, align="ctr")  # subtitle, then what the deck shows and rests on
    for shape in prs.slide_master.placeholders:
        if shape.placeholder_format.idx == 0:
            shape.left, shape.top, shape.width, shape.height = (
                Inches(0.45),
                Inches(0.2),
                Inches(12.43),
                Inches(0.95),
            )


def theme_xml(xml: str, font: str) -> str:
    """Latin and East-Asian theme fonts (titles and body), Simplified-Chinese script font, colours."""
    for tag in ("majorFont", "minorFont"):
        block = re.search(rf"<a:{tag}>.*?</a:{tag}>", xml, flags=re.S).group(0)
        new = re.sub(r'<a:latin typeface="[^"]*"', f'<a:latin typeface="{font}"', block)
        new = re.sub(r'<a:ea typeface="[^"]*"', f'<a:ea typeface="{font}"', new)
        new = re.sub(
            r'<a:font script="Hans" typeface="[^"]*"/>', f'<a:font script="Hans" typeface="{font}"/>', new
        )
        xml = xml.replace(block, new)
    for slot, rgb in COLOURS.items():
        xml = re.sub(
            rf"(<a:{slot}>)<a:(?:srgbClr|sysClr)[^>]*?(?:/>|>.*?</a:(?:srgbClr|sysClr)>)",
            rf'\1<a:srgbClr val="{rgb}"/>',
            xml,
            flags=re.S,
        )
    return xml


def master_xml(xml: str) -> str:
    """Titles 24 pt bold, left-aligned, dark blue (a message title may take two lines); body 24 pt,
    sub-levels 20 / 18 pt; all text tagged Simplified Chinese (zh-CN), so that where the theme
    font is missing the fallback is a Simplified-Chinese face, not a Japanese one."""
    title = re.search(r"<p:titleStyle>.*?</p:titleStyle>", xml, flags=re.S).group(0)
    new = title.replace('algn="ctr"', 'algn="l"')
    new = re.sub(r'<a:defRPr sz="\d+"', '<a:defRPr sz="2400" b="1"', new)
    new = new.replace('<a:schemeClr val="tx1"/>', '<a:schemeClr val="tx2"/>')
    xml = xml.replace(title, new)
    body = re.search(r"<p:bodyStyle>.*?</p:bodyStyle>", xml, flags=re.S).group(0)
    sizes = iter(["2400", "2000", "1800", "1800", "1800", "1800", "1800", "1800", "1800"])
    new = re.sub(r'<a:defRPr sz="\d+"', lambda m: f'<a:defRPr sz="{next(sizes)}"', body)
    return zh_cn(xml.replace(body, new))


def zh_cn(xml: str) -> str:
    """Every default run property of a text-style list tagged ``lang="zh-CN"``."""
    xml = re.sub(r'(<a:defRPr[^>]*?)\blang="[^"]*"', r'\1lang="zh-CN"', xml)
    return re.sub(r"<a:defRPr(?![^>]*\blang=)", '<a:defRPr lang="zh-CN" altLang="en-US"', xml)


def stable_zip(data: bytes, font: str) -> bytes:
    """Rewrite the package with the theme and master edits, fixed times and dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            body = src.read(info.filename)
            if info.filename.startswith("ppt/theme/theme"):
                body = theme_xml(body.decode("utf-8"), font).encode("utf-8")
            elif info.filename.startswith("ppt/slideMasters/slideMaster") and info.filename.endswith(".xml"):
                body = master_xml(body.decode("utf-8")).encode("utf-8")
            elif info.filename == "ppt/presentation.xml":
                body = zh_cn(body.decode("utf-8")).encode("utf-8")
            elif info.filename == "docProps/core.xml":
                body = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>2023-04-04T00:00:00Z", body
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, body)
    return out.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--font", default="Microsoft YaHei", help="theme font (Latin and East-Asian)")
    ap.add_argument("--quarto", default=None, help="Quarto executable (default: as agritargets finds it)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    quarto = args.quarto
    if quarto is None:
        from agritargets.documents.quarto import require_quarto

        quarto = str(require_quarto().path)
    prs = Presentation(io.BytesIO(pandoc_default(quarto)))
    widen(prs)
    lay_out(prs)
    prs.core_properties.title = "湖南省“数商兴农”目标简报"
    buf = io.BytesIO()
    prs.save(buf)
    args.out.write_bytes(stable_zip(buf.getvalue(), args.font))
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
