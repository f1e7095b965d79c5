"""The published edition in ``docs/``: report, deck, figure pack, data downloads, a landing page.

``publish`` renders everything from the sources into a temporary folder, then replaces
``docs/`` in one step (a failed run leaves the old edition untouched). ``docs/manifest.json``
lists every file with its size and SHA-256 and the hashes of the inputs the edition was built
from; ``tests/documents/test_publish.py`` recomputes those hashes, so a stale edition fails the tests.
Every file is byte-stable: the same sources give the same bytes (``README.md`` lists how).
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from agritargets.core import paths, processes
from agritargets.core.files import check_out_dir, read_csv, sha256, swap_into, write_xlsx

DOCS = paths.ROOT / "docs"
DICTIONARY = paths.REFERENCE / "data_dictionary.csv"

# What an edition is built from: a file, or every file under a folder (path relative to the root).
INPUTS = (
    "report.qmd",
    "briefing.qmd",
    "_quarto.yml",
    "_brand.yml",
    "templates",
    "scripts/quarto_hooks.py",
    "data/raw",
    "data/reference",
    "geo",
    "src/agritargets",
)
_SKIP = ("__pycache__", ".pyc")

# Published downloads (data/processed/*.csv) and the sheet each gets in the workbook.
DATA_TABLES = {
    "targets_county_2023.csv": "县市区目标",
    "targets_prefecture_2023.csv": "市州目标",
    "targets_printed_totals_2023.csv": "印发合计",
    "audit_totals.csv": "复核_合计",
    "audit_prefectures.csv": "复核_市州",
    "audit_implied_shares.csv": "反推占比",
    "forensic_scoreboard.csv": "复算_汇总",
    "forensic_residuals.csv": "复算_逐县",
}


def tree_hash(path: Path) -> str:
    """SHA-256 of a file, or of a folder's files (relative names and contents, sorted).

    Files whose path inside the folder contains ``__pycache__`` or ``.pyc`` are left out; a
    path that does not exist is an error (a missing input must not hash like an empty one).

    Parameters
    ----------
    path : Path

    Returns
    -------
    str
        Hex digest; the same tree on any machine gives the same value.

    Raises
    ------
    FileNotFoundError
        ``path`` does not exist.
    """
    if path.is_file():
        return sha256(path)
    if not path.is_dir():
        raise FileNotFoundError(f"input of the published edition is missing: {path}")
    h = hashlib.sha256()
    files = (p for p in path.rglob("*") if p.is_file())
    for f in sorted(p for p in files if not any(s in p.relative_to(path).as_posix() for s in _SKIP)):
        h.update(f"{f.relative_to(path).as_posix()}\0{sha256(f)}\n".encode())
    return h.hexdigest()


def input_hashes(root: Path | None = None, quarto_version: str | None = None) -> dict[str, str]:
    """The hashes of everything an edition is built from, and the Quarto version.

    Parameters
    ----------
    root : Path, optional
        Project root (default: this checkout).
    quarto_version : str, optional
        Default: the version of the Quarto this package finds.

    Returns
    -------
    dict
        ``{input: sha256, …, "quarto": version}``, one entry per :data:`INPUTS`.

    Raises
    ------
    InputError
        No ``quarto_version`` given and no Quarto found.
    """
    from agritargets.documents.quarto import require_quarto

    root = root or paths.ROOT
    hashes = {name: tree_hash(root / name) for name in INPUTS}
    hashes["quarto"] = quarto_version or require_quarto().version_text
    return hashes


def file_list(folder: Path) -> dict[str, dict[str, object]]:
    """Every file under ``folder`` (but the manifest) with its size and SHA-256, sorted by name.

    Parameters
    ----------
    folder : Path

    Returns
    -------
    dict
        Relative POSIX path -> ``{"bytes": size, "sha256": hex digest}``; files named
        ``manifest.json`` at any depth are left out.
    """
    return {
        p.relative_to(folder).as_posix(): {"bytes": p.stat().st_size, "sha256": sha256(p)}
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def dictionary_frame() -> pd.DataFrame:
    """The data dictionary (file, column, zh, en) as shipped in ``data/reference``.

    Returns
    -------
    DataFrame
        All text.
    """
    return read_csv(DICTIONARY, dtype=str)


def write_data(folder: Path) -> list[Path]:
    """The downloads: each table as CSV (UTF-8 with BOM), all of them in one XLSX with a dictionary,
    and the raw population files with their sources (``population/``).

    The CSV files are copied unchanged from ``data/processed``; the workbook
    ``targets_2023.xlsx`` has one sheet per table (:data:`DATA_TABLES`) and a 数据字典 sheet.

    Parameters
    ----------
    folder : Path
        Output folder (created).

    Returns
    -------
    list of Path
        The CSV files, then the workbook.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    sheets = {}
    for name, sheet in DATA_TABLES.items():
        written.append(Path(shutil.copyfile(paths.PROCESSED / name, folder / name)))
        sheets[sheet] = read_csv(paths.PROCESSED / name, dtype=str)
    columns = {"file": "文件 file", "column": "列 column", "zh": "含义", "en": "meaning"}
    sheets["数据字典"] = dictionary_frame().rename(columns=columns)
    written.append(write_xlsx(sheets, folder / "targets_2023.xlsx"))
    # The population figures the reproduction uses, each with its source, as shipped in data/raw.
    (folder / "population").mkdir(exist_ok=True)
    for source in sorted(paths.POPULATION_RAW.iterdir()):
        written.append(Path(shutil.copyfile(source, folder / "population" / source.name)))
    return written


PUBLISHED_FIGURE_FILES = ("svg", "thumbnail")  # the pack's print SVGs; PNGs are made by `agritargets figures`


def write_figures(scenario, folder: Path) -> Path:
    """The published figure pack: contact sheet, manifest, thumbnails and the print SVGs.

    The 300-dpi PNGs and the slide versions stay out (they would double the edition's size; the
    deck holds the slide versions and ``agritargets figures`` makes them all).

    Parameters
    ----------
    scenario : Scenario
    folder : Path

    Returns
    -------
    Path
        ``folder``.
    """
    from agritargets.core.files import write_csv
    from agritargets.figures.contactsheet import render
    from agritargets.figures.pack import SECTIONS, build_pack, load_meta

    with tempfile.TemporaryDirectory() as tmp:
        manifest = build_pack(scenario, Path(tmp))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "thumbs").mkdir(exist_ok=True)
        for r in manifest.itertuples():
            for column in PUBLISHED_FIGURE_FILES:
                shutil.copyfile(Path(tmp) / getattr(r, column), folder / getattr(r, column))
    published = manifest.copy()
    for column in ("png", "slide_png", "slide_svg"):
        published[column] = ""
    write_csv(published, folder / "figures.csv")
    note = (
        "本发布版只收印刷版 SVG；300 dpi PNG 与幻灯片版请运行 agritargets figures 生成，幻灯片版也在简报中。"
    )
    (folder / "index.html").write_text(
        render(published, scenario, SECTIONS, load_meta(), note=note), encoding="utf-8"
    )
    return folder


def landing_page(values: dict[str, str], links: dict[str, str], map_image: str) -> str:
    """``docs/index.html``: what this is, the key numbers, the county map and every link.

    Parameters
    ----------
    values : dict of str to str
        Report values (:func:`agritargets.documents.reportdata.build`); HTML-escaped here. Uses
        ``notice_number``, ``provincial_target``, ``n_prefectures``, ``n_counties``,
        ``county_sum``, ``prefecture_sum``, ``score_census_best`` and ``best_P``.
    links : dict
        Label -> relative path of each published file a reader opens.
    map_image : str
        Relative path of the county map image.

    Returns
    -------
    str
        The whole HTML page.
    """
    v = {k: html.escape(x) for k, x in values.items()}
    items = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(label)}</a></li>' for label, href in links.items()
    )
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>湖南省 2023 年“数商兴农”农产品网络零售目标</title>
<style>body{{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:980px;margin:2em auto;padding:0 1.2em;line-height:1.7;color:#222}}
.numbers{{display:flex;flex-wrap:wrap;gap:1em;margin:1.2em 0}}.numbers div{{background:#f2f6fa;padding:.6em 1em;border-radius:4px}}
.numbers b{{display:block;font-size:1.5em;color:#253494}}img{{max-width:100%;height:auto;border:1px solid #ddd}}
.en{{color:#555;font-size:.95em}}.note{{color:#666;font-size:.85em}}</style></head>
<body>
<h1>湖南省 2023 年“数商兴农”农产品网络零售目标</h1>
<p>湖南省商务厅、湖南省乡村振兴局 {v["notice_number"]}把全省 {v["provincial_target"]} 亿元的农产品网络零售目标按常住人口比例分到 {v["n_prefectures"]} 个市州和 {v["n_counties"]} 个县市区。本版用公开数据复算了这一分配，复核了印发的数字，并给出地图、简报和可下载的数据。</p>
<div class="numbers">
<div><b>{v["provincial_target"]} 亿元</b>全省目标</div>
<div><b>{v["county_sum"]} 亿元</b>{v["n_counties"]} 个县市区目标之和</div>
<div><b>{v["prefecture_sum"]} 亿元</b>{v["n_prefectures"]} 个市州目标之和</div>
<div><b>{v["score_census_best"]}</b>县市区被完全复现（分母 {v["best_P"]} 万人）</div>
</div>
<p><img src="{html.escape(map_image)}" alt="各县市区目标占全省比重（示意图）"></p>
<h2>阅读与下载</h2>
<ul>
{items}
</ul>
<p class="en">English: Hunan's 2023 target of {v["provincial_target_en"]} billion yuan ({v["provincial_target"]} 亿元) of agricultural online retail, split over {v["n_prefectures"]} prefectures and {v["n_counties"]} counties by resident population; this edition reproduces the split from public data, audits the printed figures (county sum {v["county_sum"]} 亿元, prefecture sum {v["prefecture_sum"]} 亿元) and publishes the report, a slide deck, the maps and the data.</p>
<p class="note">所有地图均为示意图：边界据未经审核的高德数据绘制，不作为边界划定依据。本目录所有文件由程序从原始资料生成；文件清单与校验值见 <a href="manifest.json">manifest.json</a>，人口数据的逐值出处见 <a href="data/population/README.md">data/population/README.md</a>。</p>
</body></html>
"""


def publish(out: Path = DOCS) -> Path:
    """Render the whole edition into ``out`` (replaced in one step) and write its manifest.

    Parameters
    ----------
    out : Path
        Default ``docs/`` (the only command that may write there).

    Returns
    -------
    Path
        ``out``, resolved.

    Raises
    ------
    InputError
        ``out`` is refused, Quarto is missing or a render failed; ``out`` is then left as it was.
    """
    from agritargets.documents.quarto import require_quarto
    from agritargets.rules.pipeline import build_data

    check_out_dir(out, (), publishing=True)
    out = Path(out).resolve()
    quarto = require_quarto()
    build_data()  # the downloads are data/processed, rebuilt from data/raw (byte-identical)
    out.parent.mkdir(parents=True, exist_ok=True)
    with processes.temporary_folder(prefix=".docs-", where=out.parent) as tmp:
        new = tmp / "new"
        new.mkdir(mode=0o755)  # the edition is for everyone to read
        _write_edition(new, quarto.version_text)
        owned = {p.name for p in new.iterdir()} | ({p.name for p in out.iterdir()} if out.is_dir() else set())
        swap_into(new, out, owned, tmp / "old")
    return out


def _write_edition(folder: Path, quarto_version: str) -> None:
    """Every file of the edition, and its manifest, into ``folder``."""
    from agritargets.documents import reportdata
    from agritargets.documents.quarto import render_side_by_side
    from agritargets.rules.scenario import published

    write_figures(published(), folder / "figures")  # first: it fills the figure cache the documents read
    render_side_by_side([paths.ROOT / "report.qmd", paths.ROOT / "briefing.qmd"], folder)  # PDFs byte-stable
    write_data(folder / "data")
    values = reportdata.build().values
    links = {
        "报告（网页，单个文件，可离线阅读）": "report.html",
        "报告（PDF，A4）": "report.pdf",
        "简报（PowerPoint，可编辑）": "briefing.pptx",
        "简报（网页幻灯片）": "briefing.html",
        "图表包（每张图的 SVG，附缩略图与清单）": "figures/index.html",
        "数据（XLSX，含数据字典）": "data/targets_2023.xlsx",
        **{f"数据（CSV）：{name}": f"data/{name}" for name in DATA_TABLES},
        "复算所用的人口数据及逐值出处": "data/population/README.md",
    }
    (folder / "index.html").write_text(
        landing_page(values, links, "figures/map_county_share.svg"), encoding="utf-8"
    )
    manifest = {
        "edition": "2023 年印发目标 / published 2023 targets",
        "inputs": input_hashes(quarto_version=quarto_version),
        "files": file_list(folder),
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
