"""The monthly bulletin (月度通报): values, tables and figures from one monitoring result, and its render.

:func:`load_result` reads the validated output folder of ``agritargets monitor`` (never a staff
file); :func:`build` turns it into display text (every number through
:mod:`agritargets.core.formatting`, percentages exact from the amounts), tables and the figure
set; ``monitor.qmd`` (HTML + typst PDF) and ``monitor-slides.qmd`` (PowerPoint) only place them.
:func:`render_bulletin` renders both through the isolated Quarto pipeline.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import pandas as pd

from agritargets.core import paths, processes
from agritargets.core.errors import InputError
from agritargets.core.files import check_out_dir, write_folder
from agritargets.core.formatting import fixed, yi
from agritargets.core.names import short_prefecture
from agritargets.documents.reportdata import Column, Table
from agritargets.figures.monitor.common import (
    DEMO,
    DEMO_NOTE,
    MonitorInputs,
    above_below,
    as_decimal,
    completion,
    exact,
    input_file,
    pct,
    pts,
    schedule,
    targets_label,
)
from agritargets.monitor.columns import MonitorResult
from agritargets.monitor.periods import Period

RESULT_FILES = ("monitor_counties.csv", "monitor_prefectures.csv", "monitor_province.csv", "run.json")
MONTHS_FILE = "monitor_months.csv"
DOCUMENTS = {"monitor": ("html", "typst"), "monitor-slides": ("pptx",)}  # document -> its formats
FORMATS = {"html": "monitor", "pdf": "monitor", "typst": "monitor", "pptx": "monitor-slides"}
RENDER_DIR = "_render"
_CODES = {"adcode": str, "prefecture_adcode": str}


# --------------------------------------------------------------------------- the result, read back


def load_result(folder: Path | str) -> MonitorResult:
    """The monitoring result written by ``agritargets monitor`` (CSV tables + ``run.json``).

    Parameters
    ----------
    folder : Path or str
        The command's ``--out`` folder.

    Returns
    -------
    MonitorResult

    Raises
    ------
    InputError
        The folder is not a monitoring output (a file missing), or its period cannot be read.
    """
    folder = Path(folder)
    missing = [n for n in RESULT_FILES if not (folder / n).is_file()]
    if missing:
        raise InputError(
            f"{folder} 不是 agritargets monitor 的输出文件夹（缺少 {'、'.join(missing)}）；"
            "通报读取核对过的监测结果，请先运行 agritargets monitor --actuals 文件 --out 文件夹",
            f"{folder} is not an output folder of agritargets monitor (missing {', '.join(missing)}); "
            "the bulletin reads the checked result: run agritargets monitor --actuals FILE --out DIR first",
        )
    record = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    tables = [_read(folder / n) for n in RESULT_FILES[:3]]
    months = None
    if (folder / MONTHS_FILE).is_file():
        m = _read(folder / MONTHS_FILE)
        months = m if len(m) else None
    return MonitorResult(*tables, period=period_of(record, folder), record=record, months=months)


def _read(path: Path) -> pd.DataFrame:
    """A monitoring CSV: codes as text, empty cells as missing (NaN)."""
    return pd.read_csv(path, encoding="utf-8-sig", dtype=_CODES)


def period_of(record: Mapping, folder: Path | str = "") -> Period:
    """The period a run record states (``run.json`` → ``period``).

    Parameters
    ----------
    record : mapping
    folder : Path or str
        For the message.

    Returns
    -------
    Period
    """
    p = record.get("period") or {}
    try:
        as_of = date.fromisoformat(p["as_of"]) if p.get("as_of") else None
        return Period(int(p["last_month"]), p.get("year"), as_of, str(p.get("source", "")))
    except (KeyError, TypeError, ValueError):
        raise InputError(
            f"{folder}/run.json 中没有可读的期间（period.last_month）；请用 agritargets monitor 重新生成",
            f"{folder}/run.json states no readable period (period.last_month); regenerate it with agritargets monitor",
        ) from None


# --------------------------------------------------------------------------- values and tables


@dataclass
class BulletinData:
    """What the bulletin and its deck show: text values, tables, the figure inputs."""

    result: MonitorResult
    fictitious: bool
    values: dict[str, str] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    stems: list[str] = field(default_factory=list)  # the figures this result shows, in order
    inputs: MonitorInputs | None = None  # what the figures are drawn from

    def markdown(self, table: str) -> str:
        """One table as a Markdown pipe table.

        Parameters
        ----------
        table : str

        Returns
        -------
        str
        """
        return self.tables[table].to_markdown()

    def has(self, stem: str) -> bool:
        """Whether the result shows this figure (per-month progress needs two months or more)."""
        return stem in self.stems

    def demo_banner(self) -> str:
        """A block quote at the top saying the data are fictitious (empty for real data).

        Returns
        -------
        str
            Markdown.
        """
        if not self.fictitious:
            return ""
        return f"> **{DEMO}**：{self.values['demo_note']}\n"

    def progress_markdown(self, document: str) -> str:
        """The per-month progress section (bulletin) or slide (deck), when the result has several months.

        Parameters
        ----------
        document : str
            ``monitor`` or ``monitor-slides``.

        Returns
        -------
        str
            Markdown; empty when the file gave one period only.
        """
        stem = "chart_monitor_progress"
        if not self.has(stem):
            return ""
        v = self.values
        if document == "monitor-slides":
            return (
                f'## {v["slide_tag"]}{v["title_" + stem]}\n\n![](_render/{document}/{stem}.png){{fig-alt="{v["alt_" + stem]}"}}\n\n'
                f"::: notes\n- 粗线是全省逐月累计完成率，虚线是序时进度，细线是各市州。\n"
                f"- {v['title_' + stem]}。\n:::\n"
            )
        return (
            "# 逐月进度 {#sec-progress}\n\n"
            "报表给出了多个月份的累计数，@fig-progress 是全省和各市州逐月的累计完成率。\n\n"
            f'![{v["caption_" + stem]}](_render/{document}/{stem}){{#fig-progress fig-alt="{v["alt_" + stem]}"}}\n'
        )


def _compare(needed: str, so_far: str) -> str:
    """``高 12.6%`` / ``低 3.1%`` / ``相同``: the pace needed against the pace so far (as printed)."""
    a, b = Fraction(needed.replace(",", "")), Fraction(so_far.replace(",", ""))
    if a == b:
        return "相同"
    if b == 0:
        return "高（此前实绩为 0）"
    return f"{'高' if a > b else '低'} {pct(abs(a - b) / b * 100)}"


def _ahead_word(gap: Fraction) -> str:
    return "达到" if gap >= 0 else "未达到"


def headline_values(result: MonitorResult) -> dict[str, str]:
    """The headline: province 完成率 against 序时进度, units on schedule, what is left, the projection.

    Parameters
    ----------
    result : MonitorResult

    Returns
    -------
    dict
    """
    p = result.province.iloc[0]
    done, s = completion(p), schedule(result)
    f = result.period.fraction
    target, actual = exact(p["target_yi"]), exact(p["actual_yi"])
    left = 12 * (1 - f)
    remaining = max(target - actual, Fraction(0))
    months_done = f * 12
    values = {
        "period": result.period.label_zh,
        "schedule": pct(s),
        "schedule_rule": "N/12（N 月末）" if result.period.as_of is None else "已过天数 ÷ 全年天数",
        "province_done": pct(done),
        "province_gap": pts(done - s),
        "province_gap_abs": pts(abs(done - s)).lstrip("+"),
        "province_vs": above_below(done - s),
        "province_status": _ahead_word(done - s),
        "province_target": yi(as_decimal(target)),
        "province_actual": yi(as_decimal(actual)),
        "remaining": yi(as_decimal(remaining)),
        "pace_needed": yi(as_decimal(remaining / left)) if left else "—",
        "pace_so_far": yi(as_decimal(actual / months_done)),
        "projection": yi(as_decimal(actual / f)),
        "projection_pct": pct(actual / f / target * 100),
        "counties": str(int(p["counties"])),
        "counties_ahead": str(int(p["counties_ahead"])),
        "counties_behind": str(int(p["counties"]) - int(p["counties_ahead"])),
        "prefectures": str(int(p["prefectures"])),
        "prefectures_ahead": str(int(p["prefectures_ahead"])),
        "prefectures_behind": str(int(p["prefectures"]) - int(p["prefectures_ahead"])),
    }
    values["growth"] = pct(as_decimal(exact(p["growth_pct"]))) if pd.notna(p["growth_pct"]) else "—"
    values["growth_line"] = (
        f"比上年同期增长 {values['growth']}"
        if pd.notna(p["growth_pct"])
        else "报表没有上年同期数，不计算同比"
    )
    return values


def per_capita_values(result: MonitorResult) -> dict[str, str]:
    """Sales per resident so far, the per-capita target for the year and what the schedule asks.

    Parameters
    ----------
    result : MonitorResult

    Returns
    -------
    dict
    """
    from agritargets.figures.monitor.per_capita import per_capita, yuan

    p = result.province.iloc[0]
    annual = per_capita(p, "target_yi")
    return {
        "per_capita_now": yuan(per_capita(p)),
        "per_capita_annual": yuan(annual),
        "per_capita_due": yuan(annual * result.period.fraction),
        "population": fixed(as_decimal(exact(p["population_wan"])), 2, grouping=True),
    }


PROJECTION_ZH = "按目前进度推算：累计实绩 ÷ 已过时间占全年的比例"


_WHERE_ZH = (  # the run record says where it read things in English; the bulletin says it in Chinese
    (re.compile(r"title row (\d+) '([^']*)'"), r"标题第 \1 行“\2”"),
    (re.compile(r"title row (\d+)"), r"标题第 \1 行"),
    (re.compile(r"header '([^']*)' \(row (\d+)\)"), r"表头“\1”（第 \2 行）"),
    (re.compile(r"^header$"), "表头"),
    (re.compile(r"^values$"), "数值本身"),
    (re.compile(r"; --as-of (\S+) agrees"), r"，与 --as-of \1 一致"),
)


def where_zh(text: str) -> str:
    """Where the reader found a unit or the period, in Chinese.

    Examples
    --------
    >>> where_zh("header '1-6月' (row 3)")
    '表头“1-6月”（第 3 行）'
    >>> where_zh("title row 2")
    '标题第 2 行'
    """
    for pattern, zh in _WHERE_ZH:
        text = pattern.sub(zh, text)
    return text


def _units_text(units: object) -> str:
    """The units the run record states, as one line: ``万元（7 列；依据标题第 2 行）``."""
    if not isinstance(units, Mapping):
        return str(units or "—")
    found: dict[str, list[str]] = {}
    for column, value in units.items():
        if isinstance(value, Mapping):
            unit = str(value.get("unit") or value.get("name") or "?")
            where = str(value.get("read_from") or "")
        else:
            unit, where = str(value), ""
        found.setdefault(unit, []).append(where)
        del column
    parts = []
    for unit, wheres in found.items():
        basis = "、".join(sorted({where_zh(w) for w in wheres if w}))
        parts.append(f"{unit}（{len(wheres)} 列" + (f"；依据{basis}）" if basis else "）"))
    return "；".join(parts) or "—"


def record_values(result: MonitorResult, fictitious: bool) -> dict[str, str]:
    """The run record in words: the file read, its fingerprint, sheet, units, targets, methods.

    Parameters
    ----------
    result : MonitorResult
    fictitious : bool

    Returns
    -------
    dict
    """
    r = result.record
    inp = r.get("input") if isinstance(r.get("input"), Mapping) else {}
    targets = r.get("targets") if isinstance(r.get("targets"), Mapping) else {}
    units = inp.get("units")
    return {
        "demo": DEMO if fictitious else "",
        "demo_note": f"本期数据为{DEMO_NOTE}，仅用于演示通报的格式与计算，不得作为真实情况引用。"
        if fictitious
        else "",
        "file": input_file(r) or "—",
        "sha256": str(inp.get("sha256") or "—"),
        "sheet": str(inp.get("sheet") or "—（文本文件）"),
        "units": _units_text(units),
        "rows_read": str(inp.get("rows_read", len(result.counties))),
        "period_source": where_zh(str((r.get("period") or {}).get("source") or result.period.source or "—")),
        "targets": str(targets.get("label_zh") or "2023 年印发目标"),
        "projection_method": PROJECTION_ZH,
    }


def _table(columns: list[tuple], rows: list[tuple], source: str = "") -> Table:
    """A display table of text cells (the report's :class:`Table`)."""
    return Table(tuple(Column(*c) for c in columns), tuple(tuple(str(v) for v in r) for r in rows), source)


def _gap_rows(df: pd.DataFrame, s: Fraction) -> pd.DataFrame:
    """The table with exact completion and gap, ordered by completion (lowest first; ties by code)."""
    out = df.copy()
    out["done"] = [completion(r) for _, r in out.iterrows()]
    out["gap"] = [d - s for d in out["done"]]
    code = "adcode" if "adcode" in out else "prefecture_adcode"
    order = sorted(range(len(out)), key=lambda i: (out["done"].iloc[i], out[code].iloc[i]))
    return out.iloc[order]


def behind_table(result: MonitorResult, targets: str, limit: int | None = None) -> Table:
    """The 通报 table: the county units behind schedule, furthest behind first.

    Parameters
    ----------
    result : MonitorResult
    targets : str
        The targets used, as the figures name them (:func:`~agritargets.figures.monitor.common.targets_label`).
    limit : int, optional
        Only the first ``limit`` rows (the deck).

    Returns
    -------
    Table
    """
    c = _gap_rows(result.counties, schedule(result))
    c = c[c["status"] == "behind"].sort_values("rank_province", ascending=False, kind="stable")
    rows = [
        (
            int(r.rank_province),
            r.county,
            short_prefecture(r.prefecture),
            yi(r.target_yi),
            yi(r.actual_yi),
            pct(r.done),
            pts(r.gap),
            yi(r.remaining_yi),
        )
        for r in (c if limit is None else c.head(limit)).itertuples()
    ]
    return _table(
        [("全省排名", 2, "right"), ("县市区", 3), ("市州", 3), ("全年目标（亿元）", 3, "right"),
         ("实绩（亿元）", 3, "right"), ("完成率", 2, "right"), ("与序时进度之差（个百分点）", 4, "right"),
         ("尚需完成（亿元）", 3, "right")],
        rows,
        f"本通报计算；实绩见“运行记录”；目标：{targets}",
    )  # fmt: skip


def prefecture_table(result: MonitorResult, targets: str) -> Table:
    """The 14 prefectures by 完成率, highest first, with their counties on schedule.

    Parameters
    ----------
    result : MonitorResult
    targets : str
        The targets used, as the figures name them.

    Returns
    -------
    Table
    """
    p = _gap_rows(result.prefectures, schedule(result)).sort_values("rank_province", kind="stable")
    rows = [
        (
            int(r.rank_province),
            short_prefecture(r.prefecture),
            yi(r.target_yi),
            yi(r.actual_yi),
            pct(r.done),
            pts(r.gap),
            r.status_zh,
            f"{int(r.counties_ahead)}/{int(r.counties)}",
            fixed(r.growth_pct, 1, signed=True) + "%" if pd.notna(r.growth_pct) else "—",
        )
        for r in p.itertuples()
    ]
    return _table(
        [("排名", 2, "right"), ("市州", 3), ("全年目标（亿元）", 3, "right"), ("实绩（亿元）", 3, "right"),
         ("完成率", 2, "right"), ("与序时进度之差（个百分点）", 4, "right"), ("状态", 4),
         ("达到序时进度的县市区", 3, "right"), ("同比", 2, "right")],
        rows,
        f"本通报计算；市州目标为各市州自身的目标（{targets}），实绩为所辖县市区之和",
    )  # fmt: skip


def record_table(values: Mapping[str, str], result: MonitorResult) -> Table:
    """The run record: what was read and used.

    Parameters
    ----------
    values : mapping
        :func:`record_values` and :func:`headline_values`.
    result : MonitorResult

    Returns
    -------
    Table
    """
    rows = [
        ("实绩文件", values["file"]),
        ("SHA-256", values["sha256"]),
        ("工作表", values["sheet"]),
        ("单位", values["units"]),
        ("读入的县市区", values["rows_read"]),
        ("期间", f"{values['period']}（{values['period_source']}）"),
        ("序时进度", f"{values['schedule']}（{values['schedule_rule']}）"),
        ("目标", values["targets"]),
        ("年度预计方法", values["projection_method"]),
    ]
    if values["demo"]:
        rows.insert(0, ("数据性质", values["demo_note"]))
    return _table([("项目", 1), ("内容", 4)], rows)


def figure_values(described: pd.DataFrame) -> dict[str, str]:
    """``title_<stem>``, ``subtitle_<stem>``, ``caption_<stem>`` and ``alt_<stem>`` of every figure shown.

    Parameters
    ----------
    described : DataFrame
        :func:`agritargets.figures.monitor.pack.describe`.

    Returns
    -------
    dict
    """
    out = {}
    for row in described.itertuples():
        out[f"title_{row.stem}"] = row.title
        out[f"subtitle_{row.stem}"] = row.subtitle
        out[f"caption_{row.stem}"] = row.caption  # the title and the source line are drawn in the figure
        out[f"alt_{row.stem}"] = " ".join(f"{row.title}。{row.subtitle}".replace('"', "”").split())
    return out


def document_values(values: Mapping[str, str], result: MonitorResult, fictitious: bool) -> dict[str, str]:
    """Lines the documents place as they are: subtitle, title-slide lines, the demo header, the pace compared.

    Parameters
    ----------
    values : mapping
        The headline and record values.
    result : MonitorResult
    fictitious : bool

    Returns
    -------
    dict
    """
    out: dict[str, str] = {}
    demo = f" · {DEMO}" if fictitious else ""
    out["subtitle"] = f"{result.period.label_zh} · 序时进度 {values['schedule']}{demo}"
    out["deck_data"] = f"实绩：{DEMO}，不是真实统计" if fictitious else f"实绩：{values['file']}"
    out["deck_demo_line"] = (
        f"{DEMO}：本期数据不是真实统计，仅演示通报的格式"
        if fictitious
        else "数据经 agritargets monitor 核对，运行记录见通报"
    )
    out["deck_demo_note"] = (
        "提醒：本期是示例数据（虚构），不能当作真实情况。"
        if fictitious
        else "数据来源与核对记录见通报最后一节。"
    )
    out["pace_line"] = (
        f"今后每月需完成 {values['pace_needed']} 亿元（此前月均 {values['pace_so_far']} 亿元）"
        if values["pace_needed"] != "—"
        else "全年已结束，没有剩余月份"
    )
    out["pace_note"] = (
        f"{out['pace_line']}；所需月均比此前{_compare(values['pace_needed'], values['pace_so_far'])}"
        if values["pace_needed"] != "—"
        else out["pace_line"]
    )
    out["demo_header"] = f"{DEMO} · 不是真实统计" if fictitious else ""
    out["slide_tag"] = f"【{DEMO}】" if fictitious else ""  # before every slide title of a demo deck
    return out


def build(monitor: Path | str, fictitious: bool | None = None) -> BulletinData:
    """Read a monitoring output folder and compute every value, table and figure title of the bulletin.

    Parameters
    ----------
    monitor : Path or str
        The output folder of ``agritargets monitor``.
    fictitious : bool, optional
        Override the demo flag (default: from the run record).

    Returns
    -------
    BulletinData
    """
    from agritargets.figures.monitor import pack

    if not str(monitor).strip():
        raise InputError(
            "通报需要参数 monitor：agritargets monitor 的输出文件夹",
            "the bulletin needs the parameter monitor: an output folder of agritargets monitor",
        )
    result = load_result(monitor)
    inputs = pack.load_inputs(result, fictitious)
    described = pack.describe(inputs)
    values = {
        **headline_values(result),
        **per_capita_values(result),
        **record_values(result, inputs.fictitious),
        **figure_values(described),
    }
    values.update(document_values(values, result, inputs.fictitious))
    values["sha256"] = " ".join(values["sha256"][i : i + 16] for i in range(0, len(values["sha256"]), 16))
    data = BulletinData(result, inputs.fictitious, values, stems=list(described["stem"]), inputs=inputs)
    targets = targets_label(inputs)  # as the figures' source lines name them
    data.tables = {
        "behind": behind_table(result, targets),
        "behind_top": behind_table(result, targets, limit=10),
        "prefectures": prefecture_table(result, targets),
        "record": record_table(values, result),
    }
    if inputs.fictitious:  # every table says so under it
        data.tables = {
            k: replace(v, source=f"{DEMO}；{v.source}" if v.source else DEMO) for k, v in data.tables.items()
        }
    data.values["behind_listed"] = str(len(data.tables["behind_top"].rows))
    return data


def write_render_inputs(data: BulletinData, document: str) -> Path:
    """Write ``_render/<document>/`` in the working folder (the render's private project): values and figures.

    Parameters
    ----------
    data : BulletinData
    document : str
        ``monitor`` (HTML PNG + PDF SVG) or ``monitor-slides`` (16:9 PNG).

    Returns
    -------
    Path
    """
    from agritargets.figures.monitor.pack import write_figures

    folder = Path.cwd() / RENDER_DIR / document
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / "values.json").write_text(
        json.dumps(data.values, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
    renditions = ("deck_png",) if document == "monitor-slides" else ("report_png", "report_svg")
    write_figures(data.inputs, folder, renditions)
    return folder


def _bulletin_project(folder: Path) -> Path:
    """The Quarto project with the bulletin's documents as its render targets.

    ``_quarto.yml`` lists only the report and the briefing (a plain ``quarto render`` must not need a
    monitoring result), and Quarto renders with ``--output-dir`` only the files a project lists; the
    copy lists the bulletin's documents instead. Everything else is the project as it is.

    Parameters
    ----------
    folder : Path
        An empty temporary folder.

    Returns
    -------
    Path
        The project copy.
    """
    from agritargets.documents.quarto import PROJECT_FILES

    for name in (*PROJECT_FILES, *(f"{d}.qmd" for d in DOCUMENTS)):
        src, dst = paths.ROOT / name, folder / name
        if src.is_dir():
            shutil.copytree(src, dst)
        elif src.exists():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    config = folder / "_quarto.yml"
    text, n = re.subn(
        r"(?m)^(\s+render:\n)(?:\s+- .*\n)+",
        lambda m: m.group(1) + "".join(f"    - {d}.qmd\n" for d in DOCUMENTS),
        config.read_text(encoding="utf-8"),
        count=1,
    )
    if n != 1:
        raise RuntimeError("_quarto.yml: no project render list to replace")
    config.write_text(text, encoding="utf-8")
    return folder


def render_bulletin(
    monitor_dir: Path | str,
    out_dir: Path | str,
    formats: Collection[str] = ("html", "pdf", "pptx"),
    echo: bool = True,
) -> list[Path]:
    """Render the bulletin (``monitor.qmd``: HTML, PDF) and its deck (``monitor-slides.qmd``: PPTX).

    The result folder is checked first (:func:`load_result`), so a wrong folder stops before Quarto.

    Parameters
    ----------
    monitor_dir : Path or str
        Output folder of ``agritargets monitor``.
    out_dir : Path or str
        Where ``monitor.html``, ``monitor.pdf``, ``monitor-slides.pptx`` go (others there stay).
    formats : collection of str
        Any of ``html``, ``pdf``, ``pptx``.
    echo : bool
        Show Quarto's progress.

    Returns
    -------
    list of Path
        The files written.
    """
    from agritargets.documents.quarto import OUTPUT_SUFFIXES, render_side_by_side

    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise InputError(
            f"未知的格式 {sorted(unknown)}；可选 html、pdf、pptx",
            f"unknown formats {sorted(unknown)}; choose html, pdf, pptx",
        )
    monitor_dir = Path(monitor_dir).absolute()
    load_result(monitor_dir)
    jobs = {}
    for document, own in DOCUMENTS.items():
        wanted = [
            t for t in own if any(FORMATS[f] == document and {"pdf": "typst"}.get(f, f) == t for f in formats)
        ]
        if wanted:  # all of a document's formats: None, so its Python runs once for them
            jobs[document] = None if len(wanted) == len(own) else wanted[0]
    names = [f"{d}{suffix}" for d in DOCUMENTS for suffix in OUTPUT_SUFFIXES]
    with processes.temporary_folder() as tmp:
        (tmp / "project").mkdir()
        source = _bulletin_project(tmp / "project")
        documents = [source / f"{d}.qmd" for d in jobs]
        params = {"monitor": str(monitor_dir)}
        written = write_folder(
            out_dir, names, lambda folder: render_side_by_side(documents, folder, params, list(jobs.values()))
        )
    return sorted(written.values())


# --------------------------------------------------------------------------- command line

BULLETIN_HELP = """\
例 / example:
  agritargets monitor --actuals 1-6月.csv --out out/monitor
  agritargets bulletin --monitor out/monitor --out out/bulletin
  → out/bulletin/monitor.html（单个文件，离线可用）、monitor.pdf、monitor-slides.pptx
通报只读取 agritargets monitor 核对过的结果（monitor_*.csv 与 run.json），不读原始报表。
The bulletin reads the checked result of agritargets monitor, never the staff file."""


def _formats(text: str) -> tuple[str, ...]:
    return tuple(f.strip().lower() for f in text.replace("，", ",").split(",") if f.strip())


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register ``bulletin --monitor DIR --out DIR [--format html,pdf,pptx]``.

    Parameters
    ----------
    sub : argparse._SubParsersAction

    Returns
    -------
    argparse.ArgumentParser
    """
    p = sub.add_parser(
        "bulletin",
        help="月度通报 / the monthly bulletin (HTML, PDF, PowerPoint) from a monitoring result",
        description="由 agritargets monitor 的结果生成月度通报 / the monthly bulletin from a monitoring result.",
        epilog=BULLETIN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--monitor", required=True, metavar="DIR", help="agritargets monitor 的输出文件夹 / its --out"
    )
    p.add_argument("--out", required=True, metavar="DIR", help="输出文件夹 / output folder")
    p.add_argument(
        "--format",
        dest="formats",
        type=_formats,
        default=("html", "pdf", "pptx"),
        help="html,pdf,pptx（默认全部）",
    )
    p.set_defaults(run=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Run ``agritargets bulletin``.

    Parameters
    ----------
    args : argparse.Namespace

    Returns
    -------
    int
    """
    check_out_dir(args.out, ())  # before any work, like every command
    files = render_bulletin(args.monitor, args.out, args.formats)
    print("通报 / bulletin:\n" + "\n".join(f"  {f}" for f in files))
    return 0


def add_bulletin_option(monitor: argparse.ArgumentParser) -> None:
    """Give ``agritargets monitor`` a ``--bulletin DIR`` option: render the bulletin from its result.

    The monitoring layer may not import the documents, so the command line adds the option here.

    Parameters
    ----------
    monitor : argparse.ArgumentParser
        The parser :func:`agritargets.monitor.command.add_parser` returns.
    """
    monitor.add_argument(
        "--bulletin",
        metavar="DIR",
        help="同时生成月度通报到此文件夹 / also render the monthly bulletin into DIR",
    )
    inner = monitor.get_default("run")

    def run_and_render(args: argparse.Namespace) -> int:
        if getattr(args, "bulletin", None) is not None:
            if getattr(args, "template", None):
                raise InputError(
                    "--bulletin 不能与 --template 一起使用：模板没有实际数据，无法生成通报；请先填好模板再运行 monitor",
                    "--bulletin cannot go with --template: a template has no actuals to report; fill it in, then run monitor",
                )
            check_out_dir(args.bulletin, (), option="--bulletin")  # refused before the monitoring run
        code = inner(args)
        if code == 0 and getattr(args, "bulletin", None) and getattr(args, "out", None):
            run(argparse.Namespace(monitor=args.out, out=args.bulletin, formats=("html", "pdf", "pptx")))
        return code

    monitor.set_defaults(run=run_and_render)
