"""Cross-checks and plausibility: a wrong denominator, total row, subtotal or county never passes silently."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from agritargets.rules.scenario import from_population
from tests.oracle import round_half_up_cents
from tests.population.test_layouts import accepted, by_prefecture, subtotal
from tests.rules.test_rerun import ROWS, expected, refuse, run, write_csv

CENSUS_PROVINCE = "6644.4864"
COUNTY_SUM = subtotal(ROWS)  # 6535.6793: the census without its 14 functional zones


def plain(tmp_path, rows=ROWS, total=None, name="pop.csv"):
    body = [(n, p) for _, n, p in rows]
    if total is not None:
        body.append(("全省", total))
    return write_csv(tmp_path / name, ["县市区", "常住人口（万人）"], body)


# --------------------------------------------------------------------------- the denominator P


def test_province_population_in_persons_is_refused(tmp_path, capsys):
    err = refuse(tmp_path, capsys, plain(tmp_path), "--province-population", "65680000")
    assert (
        "the denominator P = 65,680,000 万人 (given with --province-population) is implausible for Hunan"
        in err
    )
    assert "65,680,000 人 = 6,568 万人 — give P in 万人" in err and "--accept-outlier 全省" in err
    assert "分母 P = 65,680,000 万人" in err


def test_province_population_100_times_too_large_is_refused(tmp_path, capsys):
    err = refuse(tmp_path, capsys, plain(tmp_path), "--province-population", "656800")
    assert "about 100 times too large" in err and "plausible range 6,312–6,977 万人 (±5%)" in err


def test_province_population_below_the_county_sum_is_refused(tmp_path, capsys):
    err = refuse(tmp_path, capsys, plain(tmp_path), "--province-population", "6400")
    assert "below the counties' sum" in err


def test_a_genuine_outlier_p_is_accepted_when_named(tmp_path):
    record = accepted(
        plain(tmp_path), tmp_path, "--province-population", "7000", "--accept-outlier", "全省", P="7000"
    )
    assert record["accepted_outliers"] == ["430000"]
    assert any("accepted (--accept-outlier 全省)" in n for n in record["input"]["notes"])


def test_stated_province_total_differing_from_the_counties_makes_the_user_choose(tmp_path, capsys):
    f = plain(tmp_path, total=CENSUS_PROVINCE)
    err = refuse(tmp_path, capsys, f)
    assert "row 125 '全省' = 6,644.4864 万人 but the 123 county rows sum to 6,535.6793" in err
    assert "(difference 108.8071, 1.66%)" in err
    assert "from-file = the file's province figure 6,644.4864" in err and "functional zones" in err
    assert "sum = the sum of the 123 listed units, 6,535.6793" in err and "--province-population" in err
    assert "请用 --province-population 选择分母 P" in err


@pytest.mark.parametrize(
    ("choice", "P", "source"),
    [("from-file", CENSUS_PROVINCE, "from-file"), ("sum", None, "sum"), ("6568", "6568", "given")],
)
def test_each_choice_of_denominator_gives_its_targets(tmp_path, choice, P, source):
    record = accepted(plain(tmp_path, total=CENSUS_PROVINCE), tmp_path, "--province-population", choice, P=P)
    assert record["denominator"] == source
    assert record["province_population_wan"] == (P or COUNTY_SUM)


def test_total_row_agreeing_within_rounding_is_used_and_said(tmp_path):
    record = accepted(plain(tmp_path, total="6535.68"), tmp_path)
    assert (
        record["denominator"] == "sum"
        and "agrees within rounding with row 125 '全省' 6,535.68" in record["denominator_en"]
    )


def test_total_row_of_nonsense_is_refused_and_cannot_be_chosen(tmp_path, capsys):
    f = plain(tmp_path, total="9999.99")
    assert "row 125 '全省' = 9,999.99 万人" in refuse(tmp_path, capsys, f)
    err = refuse(tmp_path, capsys, f, "--province-population", "from-file")
    assert "P = 9,999.99 万人 (row 125 '全省' of the file) is implausible for Hunan" in err


def test_from_file_needs_a_total_row(tmp_path, capsys):
    err = refuse(tmp_path, capsys, plain(tmp_path), "--province-population", "from-file")
    assert "the file has no province total row" in err


def test_partial_run_over_the_listed_units(tmp_path):
    some = ROWS[:9]
    out = tmp_path / "o"
    args = ["--allow-partial", "--province-population", "sum", "--out", out]
    assert run("--population", plain(tmp_path, rows=some), *args) == 0
    record = json.loads((out / "run.json").read_text())
    assert record["sum_county_targets_yi"] == "400.00" and record["denominator"] == "sum"


# --------------------------------------------------------------------------- subtotals


def test_prefecture_subtotal_twice_its_counties_is_refused(tmp_path, capsys):
    groups = by_prefecture()
    body = [("长沙市小计", str(2 * Decimal(subtotal(groups["430100"]))))] + [(n, p) for _, n, p in ROWS]
    f = write_csv(tmp_path / "s.csv", ["县市区", "常住人口（万人）"], body)
    err = refuse(tmp_path, capsys, f)
    assert "row 2 '长沙市小计' = 2,009.5828 万人 but its 9 county rows sum to 1,004.7914" in err
    assert "check the subtotal and its counties' figures" in err


def _census_with_zones(tmp_path):
    """Prefecture subtotals (labelled by code) and province total as the census bulletin prints them:
    counties plus the functional zones the county rows leave out."""
    from agritargets.population.reference import census

    zones = census().zones
    body = [("全省", str(Decimal(COUNTY_SUM) + sum(zones.values())))]
    for code, part in sorted(by_prefecture().items()):
        body.append((code, str(Decimal(subtotal(part)) + zones.get(code, Decimal(0)))))
        body += [(n, p) for _, n, p in part]
    return write_csv(tmp_path / "z.csv", ["县市区", "常住人口（万人）"], body)


def test_subtotals_that_include_functional_zones_need_the_denominator_choice(tmp_path, capsys):
    f = _census_with_zones(tmp_path)
    assert "row 2 '全省' = 6,644.4864 万人" in refuse(tmp_path, capsys, f)
    record = accepted(f, tmp_path, "--province-population", "from-file", P=CENSUS_PROVINCE)
    from agritargets.population.reference import census

    notes = record["input"]["notes"]
    assert (
        sum("as the province row does" in n for n in notes) == len(census().zones) == 7
    )  # prefectures with zones


def test_subtotal_excess_beyond_the_province_excess_is_refused(tmp_path, capsys):
    f = _census_with_zones(tmp_path)
    text = f.read_text().replace("430100,1004.7914", "430100,1104.7914")
    f.write_text(text)
    err = refuse(tmp_path, capsys, f, "--province-population", "from-file")
    assert "'430100' = 1,104.7914 万人 but its 9 county rows sum to 1,004.7914 (difference +100" in err


# --------------------------------------------------------------------------- counties


def test_slipped_decimal_in_one_county_is_refused(tmp_path, capsys):
    rows = [list(r) for r in ROWS]
    rows[0][2] = "6.4201"
    err = refuse(tmp_path, capsys, plain(tmp_path, rows=rows))
    assert "row 2 芙蓉区: 6.4201 万人 against 64.201 in the 2020 census (−90.0%, about 1/10 of it" in err
    assert "--accept-outlier 芙蓉区" in err and "第 2 行 芙蓉区：6.4201 万人" in err


def test_a_genuine_county_outlier_is_accepted_when_named(tmp_path):
    rows = [list(r) for r in ROWS]
    rows[0][2] = "90"  # +40 %
    out = tmp_path / "o"
    assert run("--population", plain(tmp_path, rows=rows), "--accept-outlier", "430102", "--out", out) == 0
    record = json.loads((out / "run.json").read_text())
    assert record["accepted_outliers"] == ["430102"]
    assert any(
        "芙蓉区 90 万人 is +40.2% against the 2020 census; accepted" in n for n in record["input"]["notes"]
    )


def test_county_with_its_functional_zone_folded_in_is_plausible(tmp_path):
    rows = [(a, n, "47.8072" if n == "蒸湘区" else p) for a, n, p in ROWS]  # local bulletin: + 高新区
    out = tmp_path / "o"
    assert run("--population", plain(tmp_path, rows=rows), "--out", out) == 0


def test_unknown_accept_outlier_is_refused(tmp_path, capsys):
    assert "--accept-outlier '武昌区' is neither a Hunan county unit" in refuse(
        tmp_path, capsys, plain(tmp_path), "--accept-outlier", "武昌区"
    )


@pytest.mark.parametrize(
    ("total", "en"),
    [("1e309", "is out of range"), ("400.005", "more than two decimals"), ("inf", "is not a number")],
)
def test_total_out_of_range(tmp_path, capsys, total, en):
    assert en in refuse(tmp_path, capsys, plain(tmp_path), "--total", total)


# --------------------------------------------------------------------------- the report's entry point


def test_from_population_takes_report_parameters_as_strings(tmp_path):
    f = plain(tmp_path)
    s = from_population(
        str(f), total="", province_population="", rounding="", allow_partial="", sheet="", column=""
    )
    assert s.run["total_yi"] == "400" and s.run["denominator"] == "sum" and s.run["rounding"] == "half-up"
    s = from_population(str(f), total="450", province_population="6568", rounding="largest-remainder")
    assert s.run["province_population_wan"] == "6568" and s.run["total_yi"] == "450"
    share = Fraction(COUNTY_SUM) / 6568  # the listed counties' part of P
    assert s.total == Decimal(450) and s.counties["target_cents"].sum() == round_half_up_cents(450 * share)


def test_scenario_run_is_the_run_json_of_allocate(tmp_path):
    f = plain(tmp_path)
    out = tmp_path / "o"
    assert run("--population", f, "--province-population", "6622", "--out", out) == 0
    s = from_population(f, province_population="6622")
    assert s.run == json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {"file", "sha256", "sheet", "header_rows", "unit", "rows_read"} <= s.run["input"].keys()
    assert s.counties.set_index("adcode").loc["430102", "residual_yi"] == pytest.approx(-0.02)
    assert s.counties.set_index("adcode")["target_cents"].to_dict() == {
        a: int(Decimal(v) * 100) for a, v in expected("6622").items()
    }
