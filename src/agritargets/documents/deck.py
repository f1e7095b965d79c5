"""Finish the PowerPoint deck pandoc writes: what pandoc leaves out or gets wrong.

Run on ``briefing.pptx`` by the project's post-render hook (``scripts/quarto_hooks.py``), so
``quarto render`` and ``agritargets briefing`` give the same deck. Standard library only (the
hook may run under a Python without the package installed).

- **Language**: every run, paragraph end and text style tagged ``zh-CN`` (pandoc writes runs
  without a language and the reference master mixes ``en-US`` in), so spelling, line breaking and
  font fallback treat the text as Simplified Chinese.
- **Alternative text**: pandoc writes a picture's description as ``title`` + blank line + the
  image's file path; the path (``_render/briefing/….png``) is dropped, the title (the figure's
  message, set by ``templates/figure-alt.lua``) kept.
- **Slide numbers** on every slide but the title slide, as the layout's slide-number placeholder.
- **Document properties**: ``docProps/app.xml`` counts the real slides and notes (pandoc copies
  the reference deck's), and ``docProps/core.xml`` names the language.

The package is rewritten entry by entry with each entry's original time and order, so the same
deck in gives the same bytes out.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

LANG = "zh-CN"
_SLIDE = re.compile(r"^ppt/slides/slide(\d+)\.xml$")
_TEXT_PARTS = re.compile(
    r"^ppt/(slides/slide|notesSlides/notesSlide|slideMasters/slideMaster|slideLayouts/slideLayout|notesMasters/notesMaster)\d+\.xml$"
)


def tag_language(xml: str) -> str:
    """Every run property, paragraph-end property and default run property tagged ``zh-CN``.

    Parameters
    ----------
    xml : str
        A slide, layout, master or notes part.

    Returns
    -------
    str

    Examples
    --------
    >>> tag_language('<a:r><a:rPr /><a:t>目标</a:t></a:r><a:rPr lang="en-US" b="1"/>')
    '<a:r><a:rPr lang="zh-CN" /><a:t>目标</a:t></a:r><a:rPr lang="zh-CN" b="1"/>'
    """
    xml = re.sub(r'(<a:(?:rPr|endParaRPr|defRPr)\b[^>]*?)\blang="[^"]*"', rf'\1lang="{LANG}"', xml)
    return re.sub(r"<a:(rPr|endParaRPr|defRPr)\b(?![^>]*\blang=)", rf'<a:\1 lang="{LANG}"', xml)


def clean_descriptions(xml: str) -> str:
    """Picture descriptions without pandoc's appended file path.

    Examples
    --------
    >>> clean_descriptions('<p:cNvPr descr="长沙市最高\\n\\n_render/briefing/a.png" id="0"/>')
    '<p:cNvPr descr="长沙市最高" id="0"/>'
    """
    return re.sub(r'descr="([^"]*?)\s*\n\n[^"\n]*"', r'descr="\1"', xml)


def add_slide_number(xml: str, number: int, idx: str) -> str:
    """The layout's slide-number placeholder added to a slide (once).

    Parameters
    ----------
    xml : str
        The slide part.
    number : int
        Shown until the application recomputes the field.
    idx : str
        The index of the slide-number placeholder in the slide's layout.

    Returns
    -------
    str
    """
    if 'type="sldNum"' in xml:
        return xml
    ids = [int(i) for i in re.findall(r'<p:cNvPr[^>]*\bid="(\d+)"', xml)]
    shape = (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{max(ids, default=1) + 1}" name="Slide Number {number}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f'<p:nvPr><p:ph type="sldNum" sz="quarter" idx="{idx}"/></p:nvPr></p:nvSpPr>'
        "<p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p>"
        f'<a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum"><a:rPr lang="{LANG}"/>'
        f"<a:t>{number}</a:t></a:fld></a:p></p:txBody></p:sp>"
    )
    return xml.replace("</p:spTree>", shape + "</p:spTree>", 1)


def app_properties(slides: int, notes: int) -> str:
    """``docProps/app.xml`` with the deck's own counts (no stale titles from the reference deck)."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>Microsoft Office PowerPoint</Application>"
        "<PresentationFormat>On-screen Show (16:9)</PresentationFormat>"
        f"<Slides>{slides}</Slides><Notes>{notes}</Notes><HiddenSlides>0</HiddenSlides>"
        "<MMClips>0</MMClips><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>16.0000</AppVersion></Properties>"
    )


def core_properties(xml: str) -> str:
    """``docProps/core.xml`` naming the language (once)."""
    if "<dc:language>" in xml:
        return re.sub(r"<dc:language>[^<]*</dc:language>", f"<dc:language>{LANG}</dc:language>", xml)
    return xml.replace("</cp:coreProperties>", f"<dc:language>{LANG}</dc:language></cp:coreProperties>")


def _slide_number_idx(parts: dict[str, bytes], slide: int) -> str | None:
    """The index of the slide-number placeholder of a slide's layout (None: the layout has none)."""
    rels = parts.get(f"ppt/slides/_rels/slide{slide}.xml.rels", b"").decode("utf-8")
    target = re.search(r'Target="\.\./slideLayouts/(slideLayout\d+\.xml)"', rels)
    layout = parts.get(f"ppt/slideLayouts/{target.group(1)}", b"").decode("utf-8") if target else ""
    ph = re.search(r'<p:ph type="sldNum"[^>]*\bidx="(\d+)"', layout)
    return ph.group(1) if ph else None


def finish(path: Path) -> Path:
    """Rewrite ``path`` (a pandoc-written .pptx) in place with the fixes above.

    Parameters
    ----------
    path : Path

    Returns
    -------
    Path
    """
    path = Path(path)
    with zipfile.ZipFile(path) as src:
        infos = src.infolist()
        parts = {i.filename: src.read(i.filename) for i in infos}
    slides = sorted(int(m.group(1)) for name in parts if (m := _SLIDE.match(name)))
    notes = sum(1 for name in parts if re.match(r"^ppt/notesSlides/notesSlide\d+\.xml$", name))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            body = parts[info.filename]
            name = info.filename
            if _TEXT_PARTS.match(name):
                xml = tag_language(body.decode("utf-8"))
                if (m := _SLIDE.match(name)) is not None:
                    xml = clean_descriptions(xml)
                    idx = _slide_number_idx(parts, int(m.group(1)))
                    if int(m.group(1)) != slides[0] and idx is not None:  # not on the title slide
                        xml = add_slide_number(xml, int(m.group(1)), idx)
                body = xml.encode("utf-8")
            elif name == "docProps/app.xml":
                body = app_properties(len(slides), notes).encode("utf-8")
            elif name == "docProps/core.xml":
                body = core_properties(body.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(name, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, body)
    path.write_bytes(out.getvalue())
    return path
