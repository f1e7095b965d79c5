"""The monthly bulletin: values and tables from a monitoring result (fast), and the rendered documents (slow).

The result is the made-up one of tests/monitor_fake.py (示例数据（虚构）), written by the engine's own
writer; expected numbers come from its whole-万元 actuals, computed here with Fraction.
"""

import re
import subprocess
from fractions import Fraction
from html.parser import HTMLParser

import pytest

from agritargets.core.errors import InputError
from agritargets.documents import bulletin
from tests.documents import monitor_fake

DEMO = "示例数据（虚构）"


def one_decimal(x: Fraction) -> str:
    n = int(abs(x) * 10 + Fraction(1, 2))
    return ("−" if x < 0 and n else "") + f"{n // 10}.{n % 10}"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return monitor_fake.write_folder(monitor_fake.build(), tmp_path_factory.mktemp("monitor") / "out")


@pytest.fixture(scope="module")
def expected():
    from agritargets.core.targets import load_targets

    wan = monitor_fake.wan_actuals(6)
    t = load_targets("county").set_index("adcode")
    behind = sorted(  # lowest completion first; equal completion: the later code ranks lower, so first
        (Fraction(by[6], int(t.loc[a, "target_cents"]) * 100), -int(a), a)
        for a, by in wan.items()
        if by[6] * 2 < t.loc[a, "target_cents"] * 100
    )
    total = sum(by[6] for by in wan.values())
    return {"behind": behind, "done": Fraction(total, 400 * 10**4) * 100, "total_wan": total}


@pytest.fixture(scope="module")
def data(folder):
    return bulletin.build(folder)


def test_the_result_is_read_back(folder):
    r = bulletin.load_result(folder)
    assert len(r.counties) == 123 and len(r.prefectures) == 14 and r.period.month == 6
    assert r.counties["adcode"].str.len().eq(6).all() and r.months is not None


def test_a_folder_without_a_result_is_refused_before_quarto(tmp_path):
    with pytest.raises(InputError, match=r"monitor_counties\.csv"):
        bulletin.render_bulletin(tmp_path, tmp_path / "out")
    with pytest.raises(InputError, match="html、pdf、pptx"):
        bulletin.render_bulletin(tmp_path, tmp_path / "out", formats=("docx",))


def test_headline_values(data, expected):
    v = data.values
    behind = len(expected["behind"])
    assert v["province_done"] == one_decimal(expected["done"]) + "%"
    assert v["counties_ahead"] == str(123 - behind) and v["counties_behind"] == str(behind)
    yi_cents = int(Fraction(expected["total_wan"], 100) + Fraction(1, 2))  # 万元 → 0.01 亿元, half-up
    assert v["province_actual"] == f"{yi_cents // 100}.{yi_cents % 100:02d}"
    assert v["schedule"] == "50.0%" and v["period"] == "2023年1-6月"
    remaining = 400 - Fraction(expected["total_wan"], 10**4)
    pace = int(remaining / 6 * 100 + Fraction(1, 2))
    assert v["pace_needed"] == f"{pace // 100}.{pace % 100:02d}"
    assert DEMO in v["subtitle"] and DEMO in v["demo_header"]


def test_december_leaves_no_months_to_plan():
    r = monitor_fake.build(month=12)
    v = bulletin.headline_values(r)
    assert v["schedule"] == "100.0%" and v["pace_needed"] == "—" and v["projection"] == v["province_actual"]
    assert (
        bulletin.document_values({**v, **bulletin.record_values(r, True)}, r, True)["pace_line"]
        == "全年已结束，没有剩余月份"
    )


def test_the_behind_table_lists_every_unit_behind_furthest_first(data, expected):
    rows = data.tables["behind"].rows
    assert len(rows) == len(expected["behind"])
    from agritargets.core.divisions import load_units

    names = load_units().set_index("adcode")["name"]
    assert [r[1] for r in rows] == [names[a] for *_, a in expected["behind"]]
    assert all(r[6].startswith("−") for r in rows)
    assert all(t.source.startswith(DEMO) for t in data.tables.values())


@pytest.mark.slow
def test_the_bulletin_renders_and_reads_back(folder, expected, tmp_path):
    out = tmp_path / "bulletin"
    files = bulletin.render_bulletin(folder, out, echo=False)
    assert sorted(f.name for f in files) == ["monitor-slides.pptx", "monitor.html", "monitor.pdf"]
    text = subprocess.run(
        ["pdftotext", str(out / "monitor.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [re.sub(r"\s+", "", p) for p in text.split("\f") if p.strip()]
    ahead = 123 - len(expected["behind"])
    assert f"123个县市区中{ahead}个达到序时进度" in pages[0] + pages[1]
    assert (
        "2023年1-6月" in pages[0] and f"完成全年目标400.00亿元的{one_decimal(expected['done'])}%" in pages[0]
    )
    assert all(DEMO in p for p in pages), "示例数据（虚构） on every page"
    html = (out / "monitor.html").read_text(encoding="utf-8")
    assert external_resources(html) == []
    assert "require.js" not in html and "mathjax" not in html.lower()
    assert DEMO in html and "未达到序时进度的县市区" in html
    check_deck(out / "monitor-slides.pptx", ahead)


class _Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "data-src") + (("href",) if tag == "link" else ()):
            if re.match(r"(https?:)?//", a.get(key) or ""):
                self.found.append(f"<{tag} {key}={a[key]}>")


def external_resources(html: str) -> list[str]:
    """Scripts, styles, images and fonts the page would fetch from the web (links to read are fine)."""
    p = _Resources()
    p.feed(html)
    return (
        p.found
        + re.findall(r"url\(\s*['\"]?(?:https?:)?//[^)]*\)", html)
        + re.findall(r"@import\s+['\"]?https?://", html)
    )


def check_deck(path, ahead: int) -> None:
    from pptx import Presentation

    deck = Presentation(str(path))
    slides = list(deck.slides)
    first = " ".join(sh.text_frame.text for sh in slides[0].shapes if sh.has_text_frame)
    assert DEMO in first
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    titles = [s.shapes.title.text_frame.text for s in slides[1:]]
    assert len(slides) >= 7 and all(titles)
    assert any(f"123 个县市区中 {ahead} 个达到序时进度" in t for t in titles)
    notes = [s.notes_slide.notes_text_frame.text for s in slides[1:] if s.has_notes_slide]
    assert len(notes) == len(slides) - 1 and all(notes), "every content slide has speaker notes"
