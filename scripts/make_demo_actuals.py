"""Write the FICTITIOUS monitoring demo set into data/demo/ (示例数据（虚构）), byte-identical on every run.

No county actuals are published, so the monitor ships invented ones to show the
command on. Every figure here is drawn from a fixed-seed random generator around the
2023 printed targets; nothing is real, and every file says so in its name, its title row
or sheet, and a closing note. Run: ``.venv/bin/python scripts/make_demo_actuals.py``.

Two files, shaped like platform exports:

- ``…_累计_示例数据（虚构）.csv`` — GBK, a title row and ``单位：万元``, cumulative month
  columns ``1-1月 … 1-6月``, ``上年同期（1-6月）`` and ``同比（%）``, a subtotal after each
  prefecture's counties, a province total and a footer;
- ``…_当月_示例数据（虚构）.xlsx`` — a 说明 sheet and a data sheet with monthly columns
  ``1月当月 … 6月当月`` (万元).
"""

from __future__ import annotations

import csv
import io
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from openpyxl import Workbook

from agritargets.core.files import stable_xlsx
from agritargets.core.targets import load_targets

SEED = 20230704
LABEL = "示例数据（虚构）"
MONTHS = 6
# Invented seasonal shares of the year's sales (sum 1): slow spring, strong autumn and 双十一.
SEASON = [0.070, 0.062, 0.075, 0.076, 0.080, 0.085, 0.078, 0.080, 0.090, 0.094, 0.120, 0.090]
OUT = Path(__file__).resolve().parents[1] / "data" / "demo"
CSV_NAME = f"2023年1-6月农产品网络零售额_累计_{LABEL}.csv"
XLSX_NAME = f"2023年1-6月农产品网络零售额_当月_{LABEL}.xlsx"
NOTE = f"注：{LABEL}。由 scripts/make_demo_actuals.py 以固定种子 {SEED} 随机生成，仅用于演示，不代表任何真实统计。"
CENT = Decimal("0.01")


def _wan(x: float) -> Decimal:
    return Decimal(repr(x)).quantize(CENT, ROUND_HALF_UP)


def monthly_figures() -> list[tuple[str, str, str, list[Decimal], Decimal]]:
    """(prefecture, county, adcode, monthly 万元 for months 1–6, last year's 1–6月 万元), invented."""
    rng = random.Random(SEED)
    targets = load_targets("county")
    out = []
    for r in targets.itertuples():
        level = r.target_yi * 10000 * rng.uniform(0.85, 1.40)  # the year's pace, in 万元
        months = [_wan(level * SEASON[m] * rng.uniform(0.8, 1.2)) for m in range(MONTHS)]
        last_year = _wan(float(sum(months)) / rng.uniform(1.02, 1.40))
        out.append((r.prefecture, r.county, r.adcode, months, last_year))
    return out


def _cumulative(months: list[Decimal]) -> list[Decimal]:
    out, running = [], Decimal(0)
    for v in months:
        running += v
        out.append(running)
    return out


def _growth(now: Decimal, before: Decimal) -> Decimal:
    return ((now - before) / before * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def csv_rows(data: list) -> list[list[str]]:
    """Title, unit line, header, counties with a 小计 after each prefecture, 全省合计, footer."""
    header = [
        "市州",
        "县市区",
        "区划代码",
        *[f"1-{m}月" for m in range(1, MONTHS + 1)],
        "上年同期（1-6月）",
        "同比（%）",
    ]
    rows = [[f"{LABEL}——2023年1-6月各县市区农产品网络零售额（演示用，非真实数据）"], ["单位：万元"], header]
    totals = [Decimal(0)] * (MONTHS + 1)
    prefecture, block = None, [Decimal(0)] * (MONTHS + 1)
    for pref, county, code, months, last in [*data, (None, None, None, None, None)]:
        if pref != prefecture and prefecture is not None:
            rows.append(
                [
                    prefecture,
                    f"{prefecture}小计",
                    "",
                    *map(str, block[:-1]),
                    str(block[-1]),
                    str(_growth(block[-2], block[-1])),
                ]
            )
            block = [Decimal(0)] * (MONTHS + 1)
        if pref is None:
            break
        prefecture = pref
        figures = [*_cumulative(months), last]
        block = [a + b for a, b in zip(block, figures, strict=True)]
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        rows.append([pref, county, code, *map(str, figures), str(_growth(figures[-2], last))])
    rows.append(["", "全省合计", "", *map(str, totals), str(_growth(totals[-2], totals[-1]))])
    rows.append([NOTE])
    return rows


def write_csv(data: list, path: Path) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(csv_rows(data))
    path.write_bytes(buf.getvalue().encode("gbk"))


def write_xlsx(data: list, path: Path) -> None:
    wb = Workbook()
    about = wb.active
    about.title = "说明"
    for line in (
        [f"{LABEL}：本工作簿中的数字全部为虚构，仅用于演示 agritargets monitor 命令"],
        [NOTE],
        ["数据表为各县市区 1—6 月每月当月的农产品网络零售额（万元）"],
    ):
        about.append(line)
    ws = wb.create_sheet(f"当月数（{LABEL}）")
    ws.append([f"{LABEL}——2023年各县市区农产品网络零售额当月数（演示用，非真实数据）"])
    ws.append(["区划代码", "县市区", *[f"{m}月当月（万元）" for m in range(1, MONTHS + 1)]])
    for _, county, code, months, _ in data:
        ws.append([code, county, *[float(v) for v in months]])
    ws.append([NOTE])
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(stable_xlsx(buf.getvalue()))


def main() -> None:
    """Write both demo files into data/demo/."""
    OUT.mkdir(parents=True, exist_ok=True)
    data = monthly_figures()
    write_csv(data, OUT / CSV_NAME)
    write_xlsx(data, OUT / XLSX_NAME)
    print(f"wrote {OUT / CSV_NAME}\nwrote {OUT / XLSX_NAME}")


if __name__ == "__main__":
    main()
