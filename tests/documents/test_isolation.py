"""Renders with real Quarto, each in a private copy of the project: two at once never mix, the
checkout is never written, an interrupted render leaves no process and no file, and parameters
reach the document unaltered."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from pptx import Presentation

from agritargets.core import paths
from agritargets.core.files import read_csv
from agritargets.documents.quarto import find_quarto, render
from tests.builds import CENSUS, RERUN
from tests.test_cli import interrupt

pytestmark = pytest.mark.slow

LEFT_IN_CHECKOUT = (
    "report.html",
    "report.pdf",
    "report.typ",
    "report_files",
    "briefing.html",
    "briefing.pptx",
)


def _checkout_state() -> dict[str, float]:
    """What a render could leave in the checkout: its outputs, and the mtime of _render/.quarto."""
    state = {name: 0.0 for name in LEFT_IN_CHECKOUT if (paths.ROOT / name).exists()}
    for name in ("_render", ".quarto", "_output"):
        if (paths.ROOT / name).exists():
            state[name] = max(p.stat().st_mtime for p in [paths.ROOT / name, *(paths.ROOT / name).rglob("*")])
    return state


def _first_slide(pptx: Path) -> str:
    prs = Presentation(str(pptx))
    return re.sub(r"\s+", "", " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame))


def test_two_renders_at_once_never_mix_and_leave_the_checkout_alone(tmp_path, rerun_build, deck):
    """A rerun deck and the 2023 deck rendered at once: each is, byte for byte, the deck rendered
    alone (the rerun's by ``build --population`` with the same options), and the checkout is untouched."""
    assert find_quarto(), "Quarto is missing: run `make setup`"
    before = _checkout_state()
    cli = [sys.executable, "-m", "agritargets", "briefing", "--out"]
    rerun = subprocess.Popen(
        [*cli, tmp_path / "A", *RERUN],  # the options of the shared rerun build, whose deck it must equal
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    plain = subprocess.Popen(
        [*cli, tmp_path / "B"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    errors = [p.communicate(timeout=900)[1] for p in (rerun, plain)]
    assert (rerun.returncode, plain.returncode) == (0, 0), errors
    a, b = _first_slide(tmp_path / "A" / "briefing.pptx"), _first_slide(tmp_path / "B" / "briefing.pptx")
    assert "重算版本" in a and "census2020_county.csv" in a and "450.00亿元" in a
    assert "重算版本" not in b and "census2020_county.csv" not in b
    assert sorted(p.name for p in (tmp_path / "A").iterdir()) == ["briefing.html", "briefing.pptx"]
    assert (tmp_path / "A" / "briefing.pptx").read_bytes() == (
        rerun_build / "report" / "briefing.pptx"
    ).read_bytes()
    assert (tmp_path / "B" / "briefing.pptx").read_bytes() == deck.file(".pptx").read_bytes()
    assert _checkout_state() == before


@pytest.mark.parametrize(
    ("command", "after", "sig", "group"),
    [
        ("report", 4.0, signal.SIGINT, True),  # Quarto starting
        ("report", 12.0, signal.SIGTERM, False),  # the kernel drawing figures (an empty cache)
        ("build", 8.0, signal.SIGINT, True),  # figure workers drawing
        ("publish", 6.0, signal.SIGTERM, False),  # figure workers drawing, only the parent told
    ],
)
def test_an_interrupted_command_leaves_no_process_and_no_file(tmp_path, command, after, sig, group):
    before = _checkout_state()
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("an earlier report")
    code, took, err, survivors = interrupt([command, "--out", out], tmp_path, after, sig, group)
    assert code == 128 + sig and took < 2.0, (code, took, err)
    last = err.strip().splitlines()[-1]  # after Quarto's own progress lines
    assert "interrupted" in last and err.count("interrupted") == 1 and "Traceback" not in err, err
    assert not survivors, f"processes left (Quarto, deno, typst, a kernel or a worker): {survivors}"
    assert [p.name for p in out.iterdir()] == ["report.html"]
    assert (out / "report.html").read_text() == "an earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "tmp"]
    assert _checkout_state() == before


def test_parameters_reach_the_document_unaltered(tmp_path, monkeypatch):
    """`2023.10`, `#` and a newline survive the way to the document (a -P command line loses them)."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # the render's private folder goes here
    table = read_csv(CENSUS, dtype=str)
    book = Workbook()
    book.active.title = "2022"
    book.active.append(["县", "人口（万人）"])
    book.active.append(["长沙县", "1"])  # a sheet with data: without --sheet the choice is ambiguous
    sheet = book.create_sheet("2023.10")
    sheet.append(["区划代码", "常住人口（万人）"])
    for code, pop in zip(table["adcode"], table["population_wan"], strict=True):
        sheet.append([code, float(pop)])
    source = tmp_path / "人口 #2\n2024.xlsx"
    book.save(source)
    params = {"population": source, "sheet": "2023.10", "province_population": "6622"}
    pptx = render(paths.ROOT / "briefing.qmd", tmp_path / "out", params, to="pptx", echo=False).files[0]
    first = _first_slide(pptx)
    assert "人口#22024.xlsx" in first and "工作表“2023.10”" in first, first
    assert list(scratch.iterdir()) == []  # the private project, cache and kernel files are gone
