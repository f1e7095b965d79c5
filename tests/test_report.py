"""report.qmd: written to Quarto's rules, every cell executed by the Quarto-free path, numbers from data."""

import itertools
import re
from decimal import Decimal

import pytest
import yaml

from agritargets import paths
from agritargets.files import read_csv
from agritargets.report import parse_qmd, quarto_command, render
from agritargets.reportdata import ReportData

QMD_TEXT = (paths.ROOT / "report.qmd").read_text(encoding="utf-8")
DOC = parse_qmd(QMD_TEXT)
CJK = r"[\u4e00-\u9fff，。；：、（）“”]"


def test_quarto_project_config():
    cfg = yaml.safe_load((paths.ROOT / "_quarto.yml").read_text(encoding="utf-8"))
    assert cfg["project"]["render"] == ["report.qmd"]  # the notebooks are not rendered
    html, typst = cfg["format"]["html"], cfg["format"]["typst"]
    assert html["embed-resources"] is True and html["toc"] is True
    assert cfg["lang"] == "zh"
    assert typst["mainfont"] == "Noto Sans CJK SC"
    documented = {
        "embed-resources",
        "toc",
        "toc-depth",
        "number-sections",
        "mainfont",
        "papersize",
        "fontsize",
    }
    assert set(html) | set(typst) <= documented


def test_qmd_structure():
    assert DOC.meta["jupyter"] == "python3"
    code = [c for c in DOC.chunks if c.kind == "code"]
    assert code[0].options["tags"] == ["parameters"]
    assert 'matplotlib.use("Agg")' not in QMD_TEXT
    labels = [c.options.get("label") for c in code if c.options.get("label")]
    assert len(labels) == len(set(labels))
    for label in labels:  # every figure/table has its caption and is referenced in the text
        kind = label.split("-")[0]
        assert f"{kind}-cap" in next(c.options for c in code if c.options.get("label") == label)
        assert f"@{label}" in QMD_TEXT, label


def test_chinese_paragraphs_are_single_lines():
    """Quarto turns a newline inside Chinese text into a space: no paragraph may wrap."""
    for chunk in DOC.chunks:
        if chunk.kind != "markdown":
            continue
        lines = chunk.text.splitlines()
        for a, b in itertools.pairwise(lines):
            wrapped = re.search(CJK + "$", a) and re.match(CJK, b)
            assert not wrapped, f"wrapped Chinese paragraph: {a!r} / {b!r}"


def test_quarto_command_passes_parameters(tmp_path):
    cmd = quarto_command(tmp_path, {"population": "p.csv", "total": 450})
    assert cmd[:3] == ["quarto", "render", str(paths.ROOT / "report.qmd")]
    assert cmd[5:7] == ["-P", "population:p.csv"] and cmd[7:9] == ["-P", "total:450"]


def test_report_numbers_match_independent_sums():
    r = ReportData.build()
    c = read_csv(paths.COUNTY_TARGETS, dtype=str)
    p = read_csv(paths.PREFECTURE_TARGETS, dtype=str)
    assert str(r.county_sum) == str(sum(Decimal(v) for v in c["target_yi"]))  # 399.94
    assert str(r.prefecture_sum) == str(sum(Decimal(v) for v in p["target_yi"]))  # 400.01
    assert (str(r.top_name), str(r.top_target)) == ("岳麓区", max(c["target_yi"], key=Decimal))
    assert len(r.full_table()) == 123


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    [path] = render(out, use_quarto=False)
    return path


@pytest.mark.slow
def test_quarto_free_html_has_numbers_figures_and_table(html):
    text = html.read_text(encoding="utf-8")
    assert html.stat().st_size <= 4 * 1024 * 1024
    for needle in ("399.94", "400.01", "52/123", "6,622", "湘商电〔2023〕3号", "示意图", "洪江区"):
        assert needle in text, needle
    assert "\x00" not in text and "{python}" not in text  # every inline value filled in
    n_fig_cells = sum(1 for c in DOC.chunks if c.kind == "code" and c.text.startswith("figure("))
    assert text.count("<img") == n_fig_cells == 20
    assert text.count('class="agt-map"') == 1  # the interactive map (inline SVG)
    assert text.count("<title>") >= 123  # its hover titles
    for code, name in zip(
        read_csv(paths.COUNTY_TARGETS, dtype=str)["adcode"],
        read_csv(paths.COUNTY_TARGETS, dtype=str)["county"],
        strict=True,
    ):
        assert f"<td>{code}</td>" in text and name in text
    for n in range(1, 10):
        assert f"图 {n}" in text or n > 6
    assert not re.search(r'(src|href)="https?://', text)  # nothing loaded from the network
    assert "Traceback" not in text and "Error" not in text


@pytest.mark.slow
def test_quarto_free_html_with_new_population(tmp_path):
    params = {
        "population": str(paths.POPULATION_RAW / "census2020_county.csv"),
        "total": 450,
        "province_population": "6622",
    }
    [path] = render(tmp_path, params, use_quarto=False)
    text = path.read_text(encoding="utf-8")
    assert "本报告为用新人口数据重算的版本" in text and "新测算" in text
