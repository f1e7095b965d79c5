"""Every column of the three tables against an independent recomputation in fractions."""

import datetime
from fractions import Fraction

import pytest

from agritargets.cli import main
from agritargets.monitor.outputs import as_text
from agritargets.monitor.pipeline import run_monitor
from tests.monitor.oracle import (
    assert_matches,
    csv_bytes,
    expected,
    fen,
    figures,
    platform_rows,
    printed_targets,
    share_of_year,
    write_xlsx,
    yi_of_fen,
)


def monitor(*args):
    return main(["monitor", *map(str, args)])


def test_gbk_platform_export_every_column_in_the_files(tmp_path):
    data = figures(seed=6, months=6)
    f = tmp_path / "export.csv"
    f.write_bytes(csv_bytes(platform_rows(data, 6)))
    assert monitor("--actuals", f, "--out", tmp_path / "out") == 0
    actual = {c: yi_of_fen(v[1][-1]) for c, v in data.items()}
    last = {c: yi_of_fen(v[2]) for c, v in data.items()}
    assert_matches(tmp_path / "out", *expected(actual, last, share_of_year(6)))


@pytest.mark.parametrize("months", [1, 11])
def test_gbk_platform_export_every_column(tmp_path, months):
    data = figures(seed=months, months=months)
    f = tmp_path / "export.csv"
    f.write_bytes(csv_bytes(platform_rows(data, months)))
    actual = {c: yi_of_fen(v[1][-1]) for c, v in data.items()}
    last = {c: yi_of_fen(v[2]) for c, v in data.items()}
    assert_matches(run_monitor(f), *expected(actual, last, share_of_year(months)))


def test_month_12_has_no_pace_and_full_schedule(tmp_path):
    data = figures(seed=12, months=12)
    f = tmp_path / "dec.csv"
    f.write_bytes(csv_bytes(platform_rows(data, 12)))
    result = run_monitor(f)
    actual = {c: yi_of_fen(v[1][-1]) for c, v in data.items()}
    last = {c: yi_of_fen(v[2]) for c, v in data.items()}
    assert_matches(result, *expected(actual, last, Fraction(1)))
    rows = as_text(result.counties).to_dict("records")
    assert {r["schedule_pct"] for r in rows} == {"100.0000"}
    assert {r["monthly_pace_yi"] for r in rows} == {""}
    assert all(r["projection_yi"] == r["actual_yi"] for r in rows)


def single_column_file(tmp_path, header, values_fen, name="single.csv", title=None):
    counties, _ = printed_targets()
    rows = ([[title]] if title else []) + [["区划代码", "县市区", header]]
    rows += [[code, counties[code][0], fen(values_fen[code])] for code in sorted(values_fen)]
    f = tmp_path / name
    f.write_bytes(csv_bytes(rows, "utf-8"))
    return f


@pytest.mark.parametrize(
    ("as_of", "share"),
    [
        ("2023-07-15", Fraction(196, 365)),  # mid-month: elapsed days / days in the year
        ("2024-02-28", Fraction(59, 366)),  # leap year: not the month's end, 366 days
        ("2024-03-15", Fraction(75, 366)),
        ("2023-01-01", Fraction(1, 365)),
        ("2024-02-29", Fraction(2, 12)),  # a month's end: N/12, as bulletins state it
    ],
)
def test_as_of_date_gives_day_schedule(tmp_path, as_of, share):
    day = datetime.date.fromisoformat(as_of)
    month_end = (day + datetime.timedelta(days=1)).day == 1
    assert (share_of_year(month=day.month) if month_end else share_of_year(day=day)) == share
    data = figures(seed=7, months=1, scale=share * 12 if share < 1 else Fraction(1))
    values = {c: v[1][-1] for c, v in data.items()}
    f = single_column_file(tmp_path, "本年累计（万元）", values)
    actual = {c: yi_of_fen(v) for c, v in values.items()}
    assert_matches(run_monitor(f, as_of=day), *expected(actual, {}, share))


def test_monthly_columns_in_yuan_are_summed(tmp_path):
    data = figures(seed=3, months=5)
    counties, _ = printed_targets()
    rows = [
        ["2023年农产品网络零售额（测试用虚构数据）"],
        ["区划代码", "县市区", *[f"{m}月当月（元）" for m in range(1, 6)]],
    ]
    for code in sorted(data):
        rows.append([code, counties[code][0], *[v * 100 for v in data[code][0]]])  # 0.01 万元 -> 元
    f = write_xlsx(tmp_path / "monthly.xlsx", rows)
    result = run_monitor(f)
    actual = {c: yi_of_fen(sum(v[0])) for c, v in data.items()}
    assert_matches(result, *expected(actual, {}, Fraction(5, 12)))
    months = result.months
    assert len(months) == 124 * 5  # 123 counties and the province, 5 months each
    mine = months[months["adcode"] == "430102"]["actual_yi"].tolist()
    running = [sum(data["430102"][0][: m + 1]) for m in range(5)]
    assert mine == [float(yi_of_fen(v)) for v in running]
    province = months[months["adcode"] == "430000"]["actual_yi"].tolist()
    assert province[-1] == float(sum(actual.values()))


def test_bare_month_columns_that_fall_are_read_as_monthly(tmp_path):
    data = figures(seed=5, months=4)
    counties, _ = printed_targets()
    rows = [["单位：万元"], ["县市区", *[f"{m}月" for m in range(1, 5)]]]
    for code in sorted(data):
        rows.append([counties[code][0], *map(fen, data[code][0])])
    f = tmp_path / "bare.csv"
    f.write_bytes(csv_bytes(rows))
    result = run_monitor(f)
    assert result.record["input"]["columns"]["series_decided_by"].startswith("data: row")
    actual = {c: yi_of_fen(sum(v[0])) for c, v in data.items()}
    assert_matches(result, *expected(actual, {}, Fraction(4, 12)))


def test_prefecture_uses_its_own_target_not_the_sum_of_counties(tmp_path):
    data = figures(seed=9, months=6)
    f = tmp_path / "e.csv"
    f.write_bytes(csv_bytes(platform_rows(data, 6)))
    counties, prefs = printed_targets()
    got = as_text(run_monitor(f).prefectures).to_csv(index=False)
    sums = {p: sum(t for _, q, _, t in counties.values() if q == p) for p in prefs}
    differ = [p for p in prefs if sums[p] != prefs[p][1]]
    assert differ  # six prefectures are printed 0.01–0.02 off the sum of their counties
    for p in differ:
        assert f"{p},{prefs[p][0]},{float(prefs[p][1]):.2f}," in got


def test_ties_in_completion_rank_by_adcode(tmp_path):
    counties, _ = printed_targets()
    # every county exactly at half its target: all tie, so ranks follow the codes
    values = {c: int(t * 10000 * 100) // 2 for c, (_, _, _, t) in counties.items()}
    values = {c: v for c, v in values.items() if Fraction(v, 10**6) * 2 == counties[c][3]}
    f = single_column_file(tmp_path, "1-6月累计（万元）", values)
    c = run_monitor(f, allow_partial=True).counties
    assert list(c["adcode"]) == sorted(c["adcode"]) and list(c["rank_province"]) == list(range(1, len(c) + 1))
    assert set(c["status"]) == {"ahead"}  # completion == schedule counts as on schedule
