"""``agritargets monitor --template DIR``: the import template staff fill in each month.

Two files, the same table: ``monitor_template.xlsx`` (a 说明 sheet with the instructions
and a 填报表 sheet) and ``monitor_template.csv`` (UTF-8 with BOM). 123 rows with the unit's
prefecture, name, code and annual target; empty CUMULATIVE month columns ``1-1月累计（万元）``
… ``1-12月累计（万元）`` and ``上年同期累计（万元）``. Byte-identical on every run.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from agritargets.core.files import CSV_ENCODING, stable_xlsx, write_folder
from agritargets.monitor.targets import Targets

TEMPLATE_FILES = ("monitor_template.xlsx", "monitor_template.csv")
TITLE = "湖南省各县市区农产品网络零售额月度填报表（累计数，单位：万元）"
MONTH_HEADERS = [f"1-{m}月累计（万元）" for m in range(1, 13)]
HEADER = ["序号", "市州", "县市区", "区划代码", "全年目标（亿元）", *MONTH_HEADERS, "上年同期累计（万元）"]
INSTRUCTIONS = [
    "农产品网络零售额月度填报表 · 填写说明",
    "1. 每个县市区一行，共 123 行；不要改动“市州”“县市区”“区划代码”三列，不要增删行。",
    "2. 月份列填 1 月至该月的累计数（如“1-6月累计”填 1—6 月合计），单位万元，只填数字。",
    "3. 只填到当前月份，以后月份的列留空；程序以最后一个填写的月份为统计期间，序时进度 = 月数 ÷ 12。",
    "4. “上年同期累计”填上年 1 月至同一月份的累计数（可不填；填了才计算同比）。",
    "5. “全年目标”为所用目标（默认 2023 年印发数，湘商电〔2023〕3号附件3），仅供对照，程序不读取该列。",
    "6. 累计数不能逐月减少，不能为负；某县确实超过全年目标 3 倍以上时，运行时加 --accept-outlier 县名。",
    "7. 运行：agritargets monitor --actuals 本文件 --out 结果文件夹（可加 --as-of 2023-06-30 核对期间）。",
    "Instructions: one row per county unit (123); fill CUMULATIVE figures (January to that month) in 万元 up to the "
    "current month and leave later months empty; 上年同期累计 is last year's figure for the same months (optional); "
    "the target column is for reference only and is not read. Run: agritargets monitor --actuals FILE --out DIR.",
]


def template_rows(targets: Targets) -> list[list[object]]:
    """The template's data rows: one per county unit of ``targets``, months empty.

    Parameters
    ----------
    targets : Targets

    Returns
    -------
    list of list
    """
    blank = [""] * (len(MONTH_HEADERS) + 1)
    return [
        [i, r.prefecture, r.county, r.adcode, format(r.target_yi, "f"), *blank]
        for i, r in enumerate(targets.counties.itertuples(), 1)
    ]


def _xlsx(targets: Targets) -> bytes:
    wb = Workbook()
    about = wb.active
    about.title = "说明"
    for line in [*INSTRUCTIONS, f"目标 / targets: {targets.record['label_zh']}"]:
        about.append([line])
    about["A1"].font = Font(bold=True)
    about.column_dimensions["A"].width = 110
    ws = wb.create_sheet("填报表")
    ws.append([TITLE])
    ws.append(HEADER)
    for row in template_rows(targets):
        ws.append([row[0], row[1], row[2], row[3], float(row[4]), *[None] * (len(HEADER) - 5)])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in ws.iter_rows(min_row=3, min_col=4, max_col=4):
        for cell in row:
            cell.number_format = "@"  # codes as text: Excel never shows them as 4.30102E+05
            cell.value = str(cell.value)
    ws.freeze_panes = "E3"
    wb.active = 1
    buf = io.BytesIO()
    wb.save(buf)
    return stable_xlsx(buf.getvalue())


def _csv(targets: Targets) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([TITLE])
    w.writerow(HEADER)
    w.writerows(template_rows(targets))
    return buf.getvalue().encode(CSV_ENCODING)


def write_template(out_dir: Path | str, targets: Targets) -> dict[str, Path]:
    """Write :data:`TEMPLATE_FILES` into ``out_dir``, all or nothing.

    Parameters
    ----------
    out_dir : Path or str
    targets : Targets
        The targets shown beside each unit (and the units listed).

    Returns
    -------
    dict
        File name -> path written.
    """

    def write(folder: Path) -> None:
        (folder / TEMPLATE_FILES[0]).write_bytes(_xlsx(targets))
        (folder / TEMPLATE_FILES[1]).write_bytes(_csv(targets))

    return write_folder(out_dir, TEMPLATE_FILES, write)
