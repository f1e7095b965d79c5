"""The actuals reader: platform shapes accepted, and every refusal class naming row, column and fix."""

import datetime

import pytest

from agritargets.core.errors import InputError
from agritargets.monitor.pipeline import run_monitor
from tests.monitor.oracle import csv_bytes, fen, figures, platform_rows, printed_targets, write_xlsx

DATA = figures(seed=11, months=6)
COUNTIES, PREFS = printed_targets()


def export(tmp_path, rows, name="e.csv", encoding="gbk"):
    f = tmp_path / name
    f.write_bytes(csv_bytes(rows, encoding))
    return f


def refused(path, **options) -> InputError:
    with pytest.raises(InputError) as err:
        run_monitor(path, **options)
    return err.value


def row_of(rows, county):
    return next(i for i, r in enumerate(rows, 1) if len(r) > 1 and r[1] == county)


def test_gbk_title_rows_subtotals_last_year_and_growth_are_read(tmp_path):
    rows = platform_rows(DATA, 6)
    result = run_monitor(export(tmp_path, rows))
    rec = result.record["input"]
    assert rec["format"].startswith("text (GB")
    assert rec["rows_read"] == 123 and rec["rows_kept_out"]["prefecture_subtotal"] == 14
    assert rec["rows_kept_out"]["province_total"] == 1 and rec["rows_kept_out"]["note"] == 1
    assert rec["columns"]["series"] == "cumulative" and rec["columns"]["last_year"] == "上年同期"
    assert rec["columns"]["growth"] == "同比（%）"
    assert {u["unit"] for u in rec["units"].values()} == {"万元"}
    assert len(rec["stated_totals_checked"]) == 15
    assert result.period.month == 6 and result.period.year == 2023


def test_xlsx_hidden_sheet_not_read_and_codes_resolve(tmp_path):
    rows = [["单位：万元"], ["区划代码", "名称", "1-3月"]]
    rows += [[code, "", fen(DATA[code][1][2])] for code in sorted(DATA)]
    f = write_xlsx(tmp_path / "a.xlsx", rows, extra_sheets=[("旧数据", True)])
    result = run_monitor(f)
    assert result.record["input"]["sheet"] == "Sheet1" and result.period.month == 3


def test_decreasing_cumulative_series_is_refused_naming_the_row(tmp_path):
    rows = platform_rows(DATA, 6, subtotals=False)
    n = row_of(rows, "天心区")
    rows[n - 1][5] = "1.00"  # 1-3月 below 1-2月
    err = refused(export(tmp_path, rows))
    assert f"第 {n} 行 天心区" in err.zh and "累计数不会减少" in err.zh and "“1-3月”" in err.zh
    assert f"row {n} 天心区" in err.en and "never decreases" in err.en and "'1-3月'" in err.en


def test_negative_value_is_refused(tmp_path):
    rows = platform_rows(DATA, 6, subtotals=False, last_year=False, growth=False)
    n = row_of(rows, "岳麓区")
    rows[n - 1][2] = "-5.00"
    err = refused(export(tmp_path, rows))
    assert f"第 {n} 行 岳麓区" in err.zh and "负" in err.zh
    assert f"row {n} 岳麓区" in err.en and "negative" in err.en


def test_missing_county_is_refused_unless_partial(tmp_path):
    data = {c: v for c, v in DATA.items() if c != "430104"}
    f = export(tmp_path, platform_rows(data, 6, subtotals=False))
    err = refused(f)
    assert "缺少 1 个县市区：岳麓区" in err.zh and "--allow-partial" in err.zh
    assert "1 county unit(s) missing: 岳麓区" in err.en and "--allow-partial" in err.en
    result = run_monitor(f, allow_partial=True)
    assert len(result.counties) == 122 and result.province.loc[0, "counties"] == 122
    assert "岳麓区" in " ".join(result.record["input"]["notes"])


def test_outlier_before_december_needs_accepting(tmp_path):
    rows = platform_rows(DATA, 6, subtotals=False, growth=False)
    n = row_of(rows, "芙蓉区")
    target_wan = COUNTIES["430102"][3] * 10000
    rows[n - 1][7] = f"{float(target_wan * 3 + 1):.2f}"  # 1-6月 above 3× the annual target
    f = export(tmp_path, rows)
    err = refused(f)
    assert f"第 {n} 行 芙蓉区" in err.zh and "3 倍" in err.zh and "--accept-outlier 芙蓉区" in err.zh
    assert f"row {n} 芙蓉区" in err.en and "3×" in err.en and "--accept-outlier 芙蓉区" in err.en
    result = run_monitor(f, accept_outliers=["芙蓉区"])
    assert result.record["accepted_outliers"] == ["430102"]


def test_wrong_unit_is_named_once_not_per_row(tmp_path):
    rows = platform_rows(DATA, 6, subtotals=False, last_year=False, growth=False)
    rows[1] = ["单位：元"]  # the figures are 万元: read as 元 they would be 10,000 times too small …
    rows[1] = ["单位：亿元"]  # … and as 亿元 10,000 times too large
    err = refused(export(tmp_path, rows))
    assert "单位多半不对" in err.zh and "亿元" in err.zh and "the unit is probably wrong" in err.en


def test_subtotal_that_disagrees_is_refused(tmp_path):
    rows = platform_rows(DATA, 6)
    n = next(i for i, r in enumerate(rows, 1) if len(r) > 1 and r[1] == "株洲市小计")
    rows[n - 1][7] = "1.00"
    err = refused(export(tmp_path, rows))
    assert f"第 {n} 行“株洲市小计”的“1-6月”为 1.00" in err.zh and "核对" in err.zh
    assert f"row {n} '株洲市小计' column '1-6月' says 1.00" in err.en and "check" in err.en


def test_stated_growth_must_match(tmp_path):
    rows = platform_rows(DATA, 6, subtotals=False)
    n = row_of(rows, "开福区")
    rows[n - 1][9] = "99.9"
    err = refused(export(tmp_path, rows))
    assert f"第 {n} 行 开福区：“同比（%）”为 99.9" in err.zh
    assert f"row {n} 开福区: '同比（%）' says 99.9" in err.en


def test_period_disagreeing_with_as_of_is_refused(tmp_path):
    f = export(tmp_path, platform_rows(DATA, 6))
    err = refused(f, as_of=datetime.date(2023, 7, 15))
    assert "1-6月" in err.zh and "--as-of 2023-07-15" in err.zh and "--as-of 2023-06-30" in err.zh
    assert "--as-of 2023-07-15" in err.en and "give --as-of 2023-06-30 or drop --as-of" in err.en
    err = refused(f, as_of=datetime.date(2024, 6, 30))  # another year
    assert "2024-06-30" in err.en
    assert run_monitor(f, as_of=datetime.date(2023, 6, 30)).period.fraction == 0.5


def single(tmp_path, header, title=None):
    rows = ([[title]] if title else []) + [["县市区", header]]
    rows += [[COUNTIES[c][0], fen(DATA[c][1][2])] for c in sorted(DATA)]
    return export(tmp_path, rows, "s.csv", "utf-8")


def test_period_that_cannot_be_told_is_refused(tmp_path):
    err = refused(single(tmp_path, "农产品网络零售额（万元）"))
    assert "看不出数据截至哪个月" in err.zh and "--as-of" in err.zh
    assert "the period cannot be told" in err.en and "--as-of 2023-06-30" in err.en


def test_title_names_the_period_of_a_single_column(tmp_path):
    result = run_monitor(single(tmp_path, "零售额（万元）", title="2023年1-3月各县市区农产品网络零售额"))
    assert result.period.month == 3 and result.period.year == 2023 and "title row 1" in result.period.source


def test_title_that_disagrees_with_the_columns_is_refused(tmp_path):
    rows = platform_rows(DATA, 6, subtotals=False)
    rows[0] = ["2023年1-5月各县市区农产品网络零售额"]
    err = refused(export(tmp_path, rows))
    assert "标题（第 1 行" in err.zh and "截至 5 月" in err.zh and "截至 6 月" in err.zh
    assert "the title (row 1" in err.en and "runs to month 6" in err.en


def test_single_bare_month_column_is_ambiguous(tmp_path):
    f = single(tmp_path, "6月（万元）")
    err = refused(f)
    assert "“6月（万元）”可以指 6 月当月，也可以指 1-6 月累计" in err.zh and "--months cumulative" in err.zh
    assert "may mean month 6 alone or January to month 6" in err.en and "--months monthly" in err.en
    assert run_monitor(f, months="cumulative").period.month == 6


def test_bare_month_columns_that_never_fall_need_months_option(tmp_path):
    rows = [["单位：万元"], ["县市区", *[f"{m}月" for m in range(1, 4)]]]
    rows += [[COUNTIES[c][0], *map(fen, DATA[c][1][:3])] for c in sorted(DATA)]  # cumulative, never falling
    f = export(tmp_path, rows)
    err = refused(f)
    assert "没有写明是当月数还是累计数" in err.zh and "--months cumulative / --months monthly" in err.zh
    assert "do not say whether they are monthly or cumulative" in err.en
    result = run_monitor(f, months="cumulative")
    assert result.record["input"]["columns"]["series_decided_by"] == "--months cumulative"
    assert result.counties.loc[0, "actual_yi"] == float(DATA["430102"][1][2]) / 10**6


def test_monthly_columns_must_start_in_january(tmp_path):
    rows = [["单位：万元"], ["县市区", "2月当月", "3月当月"]]
    rows += [[COUNTIES[c][0], *map(fen, DATA[c][0][1:3])] for c in sorted(DATA)]
    err = refused(export(tmp_path, rows))
    assert "缺少 1月" in err.zh and "missing months 1" in err.en


def test_no_unit_is_refused_with_a_hint(tmp_path):
    err = refused(single(tmp_path, "1-3月"))
    assert "“1-3月”列没有写明单位" in err.zh and "看起来是万元" in err.zh
    assert "column '1-3月' states no unit" in err.en and "单位：万元" in err.en


def test_several_sales_columns_ask_for_column(tmp_path):
    rows = [["单位：万元"], ["县市区", "网络零售额", "农产品零售额"]]
    rows += [[COUNTIES[c][0], "1000", "2000"] for c in sorted(DATA)]
    err = refused(export(tmp_path, rows), as_of=datetime.date(2023, 6, 30))
    assert '--column "网络零售额"' in err.zh and '--column "农产品零售额"' in err.en
    result = run_monitor(export(tmp_path, rows), as_of=datetime.date(2023, 6, 30), column="农产品零售额")
    assert result.counties.loc[0, "actual_yi"] == 0.2


def test_trailing_empty_month_columns_end_the_period(tmp_path):
    rows = platform_rows(DATA, 6, subtotals=False, last_year=False, growth=False)
    rows[2] += ["1-7月", "1-8月"]
    for r in rows[3:-1]:
        r += ["", ""]
    result = run_monitor(export(tmp_path, rows))
    assert result.period.month == 6
    assert any("1-7月" in n for n in result.record["input"]["notes"])


def test_unit_far_too_small_is_refused(tmp_path):
    rows = platform_rows(DATA, 6, subtotals=False, last_year=False, growth=False)
    rows[1] = ["单位：元"]  # the figures are 万元: read as 元, every county sells almost nothing
    err = refused(export(tmp_path, rows))
    assert "不到序时进度的百分之一" in err.zh and "元" in err.zh and "the unit is probably wrong" in err.en


def test_two_row_header_with_last_year_and_growth_under_the_period(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2023年1-6月各县市区农产品网络零售额（万元）"])
    ws.append(["序号", "县市区", "2023年1-6月", None, None])
    ws.append([None, None, "本期", "上年同期", "同比增长（%）"])
    ws.merge_cells("C2:E2")
    for i, c in enumerate(sorted(DATA), 1):
        _, cum, ly = DATA[c]
        ws.append(
            [i, COUNTIES[c][0], float(fen(cum[-1])), float(fen(ly)), f"{(cum[-1] - ly) / ly * 100:.1f}%"]
        )
    f = tmp_path / "two.xlsx"
    wb.save(f)
    result = run_monitor(f)
    cols = result.record["input"]["columns"]
    assert result.record["input"]["header_rows"] == [2, 3]
    assert cols["last_year"].endswith("上年同期") and cols["growth"].endswith("同比增长（%）")
    assert result.period.month == 6 and result.period.year == 2023


def test_month_title_over_a_year_to_date_column(tmp_path):
    result = run_monitor(single(tmp_path, "本年累计（万元）", title="2023年3月农产品网络零售额监测"))
    assert result.period.month == 3 and result.period.fraction == 0.25


def test_two_columns_for_the_same_month_are_refused(tmp_path):
    rows = [["单位：万元"], ["县市区", "1-6月 / 农产品", "1-6月 / 全部商品"]]
    rows += [[COUNTIES[c][0], fen(DATA[c][1][5]), fen(DATA[c][1][5] * 3)] for c in sorted(DATA)]
    err = refused(export(tmp_path, rows))
    assert "都是 6 月的累计数" in err.zh and "--column" in err.zh and "both month 6" in err.en


def test_monthly_and_cumulative_pairs_under_each_month(tmp_path):
    rows = [
        ["单位：万元"],
        ["县市区", "1月", "", "2月", "", "3月", ""],
        ["", "当月", "累计", "当月", "累计", "当月", "累计"],
    ]
    for c in sorted(DATA):
        monthly, cum, _ = DATA[c]
        rows.append(
            [COUNTIES[c][0], *[fen(v) for pair in zip(monthly[:3], cum[:3], strict=True) for v in pair]]
        )
    result = run_monitor(export(tmp_path, rows))
    cols = result.record["input"]["columns"]
    assert cols["series"] == "cumulative" and cols["actual"] == "3月 / 累计"
    assert result.counties.loc[0, "actual_yi"] == DATA["430102"][1][2] / 10**6


def test_year_columns_and_growth_from_whole_wan(tmp_path):
    rows = [
        ["2023年1-6月各县市区农产品网络零售额（单位：万元）"],
        ["县市区", "2023年", "2022年", "增长（%）"],
    ]
    for c in sorted(DATA):
        now, before = round(DATA[c][1][5] / 100), round(DATA[c][2] / 100)  # whole 万元, as many exports print
        exact = (
            (DATA[c][1][5] - DATA[c][2]) / DATA[c][2] * 100
        )  # the platform's growth, from unrounded figures
        rows.append([COUNTIES[c][0], str(now), str(before), f"{exact:.1f}"])
    result = run_monitor(export(tmp_path, rows))
    cols = result.record["input"]["columns"]
    assert (cols["actual"], cols["last_year"], cols["growth"]) == ("2023年", "2022年", "增长（%）")
    assert result.period.month == 6 and result.period.year == 2023


def test_dashes_and_div0_mean_no_figure_in_last_year_and_growth(tmp_path):
    rows = platform_rows(DATA, 6, subtotals=False)
    n = row_of(rows, "望城区")
    rows[n - 1][8:10] = ["—", "#DIV/0!"]
    result = run_monitor(export(tmp_path, rows))
    c = result.counties.set_index("county")
    assert c["last_year_yi"].isna()["望城区"] and c["growth_pct"].isna()["望城区"]
    assert result.province["growth_pct"].isna().all()  # no province growth when a county lacks last year
    assert c["growth_pct"].notna().sum() == 122
