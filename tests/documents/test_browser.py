"""The report's HTML and the web slides in the project's Chromium, as readers meet them.

A researcher on a phone (390 × 844 CSS px, WeChat's width) and a reader on a desktop
(1280 × 800), through Playwright driving ``/usr/bin/chromium`` (no browser is downloaded).
Every request the page makes is recorded: a self-contained file makes none. The font check
runs Chromium with a fontconfig that hides every Noto font, as on a Windows PC without them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[dev]' installs playwright")

SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
SIMPLIFIED_SANS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
)


def _chromium() -> str:
    path = next(
        (shutil.which(b) for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    assert path, "Chromium is missing: run `make setup`"
    return path


@pytest.fixture(scope="module")
def report_html(published) -> Path:
    return published.file(".html")


@pytest.fixture(scope="module")
def slides_html(deck) -> Path:
    return deck.file(".html")


@pytest.fixture(scope="module")
def playwright():
    with sync_api.sync_playwright() as p:
        yield p


def _open(playwright, url: str, size: tuple[int, int], env: dict | None = None):
    """A page at ``url`` and the list of network requests it makes (anything but file: and data:)."""
    browser = playwright.chromium.launch(
        executable_path=_chromium(), args=["--no-sandbox", "--disable-gpu"], env=env
    )
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    requests: list[str] = []
    page.on(
        "request", lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else requests.append(r.url)
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    return browser, page, requests, errors


# --------------------------------------------------------------------------- report.html


@pytest.mark.parametrize("size", SIZES)
def test_report_tables_cells_readable_and_no_requests(playwright, report_html, size):
    browser, page, requests, errors = _open(playwright, report_html.as_uri(), SIZES[size])
    try:
        narrow = page.evaluate(
            """() => [...document.querySelectorAll('main table td, main table th')]
                .filter(c => c.checkVisibility() && c.textContent.trim().length >= 2)
                .map(c => {
                    const em = parseFloat(getComputedStyle(c).fontSize);
                    const r = document.createRange(); r.selectNodeContents(c);
                    const lines = new Set([...r.getClientRects()].map(x => Math.round(x.top))).size;
                    return [c.textContent.trim(), c.clientWidth / em, lines];
                })
                .filter(([text, width, lines]) => width < 2 || lines > Math.ceil(text.length / 2))"""
        )
        assert narrow == [], (
            f"{size}: cells narrower than two characters or broken one per line: {narrow[:5]}"
        )
        if size == "phone":  # a wide table scrolls sideways and says so
            hints = page.evaluate(
                "() => [...document.querySelectorAll('.agt-scroll-hint')].filter(h => h.checkVisibility()).length"
            )
            assert hints >= 1
        assert requests == [], requests
        assert errors == [], errors
    finally:
        browser.close()


@pytest.mark.parametrize("size", SIZES)
def test_report_map_readout_is_text_of_at_least_12px(playwright, report_html, size):
    browser, page, requests, _ = _open(playwright, report_html.as_uri(), SIZES[size])
    try:
        first = page.locator("svg.agt-map path.c").first
        name = first.locator("title").text_content().split("（")[0]
        first.focus()
        readout = page.locator(".agt-readout")
        assert name in readout.text_content()
        assert float(readout.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 12
        assert (
            readout.evaluate("e => e.getBoundingClientRect().top")
            >= page.locator("svg.agt-map").evaluate("e => e.getBoundingClientRect().bottom") - 1
        )  # below the map
        # The map has a number and a caption, and a skip link past its 123 tab stops.
        assert re.search(r"交互地图\s*1", page.locator("#imap-county figcaption").text_content())
        page.locator("a.agt-skip").focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("() => !document.activeElement.closest('svg.agt-map')")
        assert requests == []
    finally:
        browser.close()


@pytest.mark.parametrize("size", SIZES)
def test_report_every_cross_reference_shows_its_target(playwright, report_html, size):
    browser, page, requests, _ = _open(playwright, report_html.as_uri(), SIZES[size])
    try:
        hrefs = page.evaluate(
            "() => [...new Set([...document.querySelectorAll('main a.quarto-xref')].map(a => a.getAttribute('href')))]"
        )
        assert len(hrefs) >= 20  # figures, tables, sections
        assert "#fig-pref-433100" in hrefs  # the last of the prefecture maps, in a tab not shown at first
        hidden = []
        for href in hrefs:
            link = page.locator(f'main a.quarto-xref[href="{href}"]').first
            link.scroll_into_view_if_needed()
            link.click()
            page.wait_for_timeout(60)
            seen = page.evaluate(
                """id => { const t = document.getElementById(id); if (!t || !t.checkVisibility()) return false;
                    const r = t.getBoundingClientRect();
                    return r.height > 0 && r.bottom > 0 && r.top < innerHeight; }""",
                href[1:],
            )
            if not seen:
                hidden.append(href)
        assert hidden == [], f"{size}: targets not shown after clicking: {hidden}"
        assert requests == []
    finally:
        browser.close()


def test_report_has_a_table_of_contents_on_a_phone(playwright, report_html):
    browser, page, _, _ = _open(playwright, report_html.as_uri(), SIZES["phone"])
    try:
        toc = page.locator("details.agt-toc-phone")
        assert toc.is_visible()
        toc.locator("summary").click()
        entries = toc.locator("a")
        assert entries.count() >= 15 and entries.first.is_visible()
        assert page.evaluate("() => document.documentElement.lang") == "zh-CN"
    finally:
        browser.close()


def _fontconfig_without_noto(tmp_path: Path) -> dict:
    """Environment for Chromium in which no Noto font exists (a Windows-like machine)."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        "  <selectfont><rejectfont><glob>*Noto*</glob><glob>*noto*</glob></rejectfont></selectfont>\n"
        f"  <cachedir>{tmp_path / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, env=env).stdout
    assert "Noto" not in listed, "the fontconfig did not hide Noto"
    assert "WenQuanYi" in listed, "fonts-wqy-microhei is missing: run `make setup`"
    return env


def _platform_fonts(page, selector: str) -> list[str]:
    """The faces Chromium really drew ``selector``'s text with (DevTools CSS.getPlatformFontsForNode)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


@pytest.mark.parametrize("hide_noto", [False, True], ids=["with-noto", "without-noto"])
def test_text_is_drawn_in_a_simplified_chinese_sans(
    playwright, report_html, slides_html, tmp_path, hide_noto
):
    env = _fontconfig_without_noto(tmp_path) if hide_noto else None
    for url, selector in (
        (report_html.as_uri(), "#sec-summary li"),  # Chinese, Latin and digits together
        (slides_html.as_uri(), ".reveal .slides section h2"),
    ):
        browser, page, _, _ = _open(playwright, url, SIZES["desktop"], env)
        try:
            faces = _platform_fonts(page, selector)
        finally:
            browser.close()
        assert faces, url
        assert all(f in SIMPLIFIED_SANS for f in faces), (url, faces)  # never a serif or Japanese face
        if hide_noto:
            assert not [f for f in faces if "Noto" in f]


# --------------------------------------------------------------------------- briefing.html


@pytest.mark.parametrize("size", SIZES)
def test_web_slides_titles_fetch_nothing_and_keep_units_whole(playwright, slides_html, size):
    browser, page, requests, errors = _open(playwright, slides_html.as_uri(), SIZES[size])
    try:
        assert page.evaluate("() => typeof MathJax === 'undefined'")
        total = page.evaluate("() => Reveal.getTotalSlides()")
        bad = []
        for i in range(total):
            page.evaluate(f"() => Reveal.slide({i})")
            page.wait_for_timeout(30)
            title = page.evaluate(
                """() => {
                    const h = Reveal.getCurrentSlide().querySelector('h2'); if (!h) return null;
                    const text = h.textContent, node = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
                    const tops = [];  // the line each character sits on
                    for (let n = node.nextNode(); n; n = node.nextNode())
                        for (let k = 0; k < n.length; k++) {
                            const r = document.createRange(); r.setStart(n, k); r.setEnd(n, k + 1);
                            const rect = r.getClientRects()[0]; tops.push([n.data[k], rect ? Math.round(rect.top) : null]);
                        }
                    return tops;
                }"""
            )
            if not title:
                continue
            text = "".join(c for c, _ in title)
            lines = sorted({t for _, t in title if t is not None})
            broken = [
                text[k : k + 2]
                for k in range(len(title) - 1)
                if title[k][1] is not None
                and title[k + 1][1] is not None
                and title[k][1] != title[k + 1][1]
                and (
                    re.fullmatch(r"[亿万][元人]", text[k : k + 2])
                    or re.fullmatch(r"[\d.,]{2}", text[k : k + 2])
                )
            ]
            if broken or len(lines) > 2:  # the slide is scaled whole: as many lines on a phone
                bad.append((i + 1, text[:30], len(lines), broken))
        assert bad == [], bad
        assert requests == [], requests
        assert errors == [], errors
    finally:
        browser.close()
