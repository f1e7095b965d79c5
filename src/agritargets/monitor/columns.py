"""The monitoring tables' contract: column names, meanings, precision — defined once here.

Every figure, table and bulletin reads the monitoring result through these names.
All measures are computed exactly (``fractions.Fraction`` from the file's decimals)
and only then rounded half-up, once, to the precision in :data:`DECIMALS`; the
DataFrames hold those rounded values as ``float`` (NaN where a value does not
exist), the CSV files the same values as fixed-decimal text. Status and ranks are
decided on the exact values, never on the rounded ones.

Columns of the county table (:data:`COUNTY_COLUMNS`, one row per unit read, in adcode order)
------------------------------------------------------------------------------------------
adcode, county
    GB/T 2260 code and current name of the county unit (123 units; 洪江区 has a
    target but no polygon — it stays in every table).
prefecture_adcode, prefecture
    Its prefecture (from the code).
target_yi
    Annual target, 亿元 to 0.01 (2023 printed Attachment 3 by default, or an ``allocate`` rerun).
actual_yi
    Cumulative actual 农产品网络零售额 for 1–N月 (or to the ``--as-of`` date), 亿元.
completion_pct
    完成率 = actual ÷ target × 100 (e.g. 45.67 means 45.67 %).
schedule_pct
    序时进度 × 100: N/12 at the end of month N (also when ``--as-of`` is a month's last day),
    elapsed days ÷ days in the year for any other date (1 Jan = 1 day; 366 in a leap year).
    The same for every row.
gap_pts
    completion_pct − schedule_pct, percentage points (negative = behind schedule).
status, status_zh
    ``ahead`` / 达到序时进度 when completion ≥ schedule (exactly), else ``behind`` / 未达到序时进度.
rank_province
    Rank by completion among all units of the table (1 = highest), ties by adcode.
rank_prefecture
    Rank by completion within the prefecture (county table only), ties by adcode.
last_year_yi
    Same period last year (上年同期), 亿元; NaN when the file has no such column.
growth_pct
    同比 = (actual − last year) ÷ last year × 100; where the file has no last-year column but a
    growth column, the growth as the file states it (``run.json`` ``growth`` says which); NaN
    when neither is there (prefecture and province: NaN unless every county has last year).
rank_growth
    Rank by growth_pct (1 = fastest), ties by adcode; NaN without growth.
remaining_yi
    Still to sell to reach the target: max(target − actual, 0), 亿元.
monthly_pace_yi
    remaining ÷ months left in the year (months left = 12 × (1 − elapsed fraction)); NaN at
    the end of the year (month 12 / 31 December), where nothing is left to plan.
projection_yi, projection_pct
    Run-rate projection for the year: actual ÷ elapsed fraction (亿元), and as % of target.
population_wan
    Resident population, 2020 census (七普) county figures, 万人 (prefecture and province:
    sum of their counties; functional zones listed separately in the census are not included).
per_capita_yuan, target_per_capita_yuan
    actual ÷ population and target ÷ population, 元 per resident.

Prefecture table (:data:`PREFECTURE_COLUMNS`, 14 rows in adcode order)
---------------------------------------------------------------------
The same measures; ``actual_yi`` is the sum of its counties, ``target_yi`` the prefecture's
OWN target (Attachment 2, or the rerun's prefecture table), not the sum of its counties.
``counties_ahead`` / ``counties``: units on schedule / units read in the prefecture.

Province table (:data:`PROVINCE_COLUMNS`, one row)
--------------------------------------------------
``adcode`` 430000, ``name`` 湖南省; target 400 (or the rerun's total), actual = sum of all
counties; plus ``counties_ahead``, ``counties``, ``prefectures_ahead``, ``prefectures``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from agritargets.monitor.periods import Period

STATUS_ZH = {"ahead": "达到序时进度", "behind": "未达到序时进度"}

MEASURES = [
    "target_yi",
    "actual_yi",
    "completion_pct",
    "schedule_pct",
    "gap_pts",
    "status",
    "status_zh",
    "rank_province",
    "last_year_yi",
    "growth_pct",
    "rank_growth",
    "remaining_yi",
    "monthly_pace_yi",
    "projection_yi",
    "projection_pct",
    "population_wan",
    "per_capita_yuan",
    "target_per_capita_yuan",
]
COUNTY_COLUMNS = [
    "adcode",
    "county",
    "prefecture_adcode",
    "prefecture",
    *MEASURES[:8],
    "rank_prefecture",
    *MEASURES[8:],
]
PREFECTURE_COLUMNS = ["prefecture_adcode", "prefecture", *MEASURES, "counties_ahead", "counties"]
PROVINCE_COLUMNS = [
    "adcode",
    "name",
    *[m for m in MEASURES if m not in ("rank_province", "rank_growth")],
    "counties_ahead",
    "counties",
    "prefectures_ahead",
    "prefectures",
]

# Chinese column labels for tables and bulletins (the names above stay the data's keys).
LABELS_ZH = {
    "adcode": "区划代码",
    "county": "县市区",
    "prefecture_adcode": "市州代码",
    "prefecture": "市州",
    "name": "名称",
    "target_yi": "全年目标（亿元）",
    "actual_yi": "累计完成（亿元）",
    "completion_pct": "完成率（%）",
    "schedule_pct": "序时进度（%）",
    "gap_pts": "与序时进度差（百分点）",
    "status": "状态",
    "status_zh": "是否达到序时进度",
    "rank_province": "全省排名",
    "rank_prefecture": "市州内排名",
    "last_year_yi": "上年同期（亿元）",
    "growth_pct": "同比增长（%）",
    "rank_growth": "增速排名",
    "remaining_yi": "尚需完成（亿元）",
    "monthly_pace_yi": "剩余月份月均需完成（亿元）",
    "projection_yi": "按当前进度全年预计（亿元）",
    "projection_pct": "预计完成率（%）",
    "population_wan": "常住人口（万人，七普）",
    "per_capita_yuan": "人均实绩（元）",
    "target_per_capita_yuan": "人均目标（元）",
    "counties_ahead": "达到序时进度的县市区数",
    "counties": "县市区数",
    "prefectures_ahead": "达到序时进度的市州数",
    "prefectures": "市州数",
}

# Decimal places of each numeric column (half-up from the exact value). 亿元 to 8 places is 1 元;
# targets are printed (and allocated) to 0.01 亿元.
DECIMALS = {
    "target_yi": 2,
    "actual_yi": 8,
    "last_year_yi": 8,
    "remaining_yi": 8,
    "monthly_pace_yi": 8,
    "projection_yi": 8,
    "completion_pct": 4,
    "schedule_pct": 4,
    "gap_pts": 4,
    "growth_pct": 4,
    "projection_pct": 4,
    "population_wan": 4,
    "per_capita_yuan": 2,
    "target_per_capita_yuan": 2,
}
INTEGERS = (
    "rank_province",
    "rank_prefecture",
    "rank_growth",
    "counties_ahead",
    "counties",
    "prefectures_ahead",
    "prefectures",
)


@dataclass
class MonitorResult:
    """One monitoring run: the three tables, the period and the record of what was used.

    Attributes
    ----------
    counties : DataFrame
        :data:`COUNTY_COLUMNS`, one row per county unit read, in adcode order.
    prefectures : DataFrame
        :data:`PREFECTURE_COLUMNS`, 14 rows in adcode order.
    province : DataFrame
        :data:`PROVINCE_COLUMNS`, one row.
    period : Period
        What the figures cover and the schedule (序时进度) that applies.
    record : dict
        What ``run.json`` records: file, sha256, sheet, header row, period, unit, targets,
        population and projection method, notes.
    months : DataFrame or None
        Per-month progress when the file has several month columns: ``adcode``, ``month``
        (1–12), ``actual_yi`` cumulative to that month; province rows have adcode 430000.
    """

    counties: pd.DataFrame
    prefectures: pd.DataFrame
    province: pd.DataFrame
    period: Period
    record: dict = field(default_factory=dict)
    months: pd.DataFrame | None = None
