"""Numbers and units as staff write them: separators, decimal commas, 千人 … 亿人, 单位 lines.

Every input is the 2020 census (``ROWS``) written the way the finding describes; accepted runs
are checked against the Fraction oracle, refusals for exit 2, nothing written and both languages.
"""

import json
from decimal import Decimal

import pytest

from agritargets.population.numeric import SeparatorError, misgrouped, parse_argument, parse_number
from agritargets.population.units import unit_in
from tests.rules.test_rerun import ROWS, county_targets, expected, refuse, run, write_csv

NAMES = ["县市区", "常住人口（万人）"]


def census_in(unit_header, scale, title=None, name="c.csv", *, tmp_path, fmt=str, delimiter=","):
    """The census with each county's 万人 figure times ``scale``, under ``unit_header``."""
    rows = [(n, fmt(Decimal(p) * scale)) for _, n, p in ROWS]
    return write_csv(tmp_path / name, ["县市区", unit_header], rows, title=title, delimiter=delimiter)


def accepted(f, tmp_path, *extra, P=None, total=400):
    out = tmp_path / "o"
    assert run("--population", f, *extra, "--out", out) == 0
    assert county_targets(out) == expected(P, total=total)
    return json.loads((out / "run.json").read_text(encoding="utf-8"))["input"]


def plain(tmp_path):
    return census_in("常住人口（万人）", 1, tmp_path=tmp_path)


# --------------------------------------------------------------------------- command-line numbers (class A)


@pytest.mark.parametrize(
    ("given", "decimal", "digits"),
    [("1,5", "1.5", "15"), ("40,0", "40.0", "400"), ("4,00", "4.00", "400")],
)
def test_total_with_a_decimal_comma_is_refused_not_misread(tmp_path, capsys, given, decimal, digits):
    err = refuse(tmp_path, capsys, plain(tmp_path), "--total", given)
    assert f"全省目标“{given}”像是用逗号作小数点，请写成 {decimal}；若指 {digits}，请写成 {digits}" in err
    assert f"total '{given}' looks like a decimal comma; write {decimal} (or {digits} if" in err


def test_total_with_an_underscore_is_refused(tmp_path, capsys):
    err = refuse(tmp_path, capsys, plain(tmp_path), "--total", "4_00")
    assert "全省目标“4_00”含下划线；请写成 400" in err
    assert "total '4_00' contains an underscore; write 400" in err


def test_province_population_with_a_decimal_comma_is_refused(tmp_path, capsys):
    err = refuse(tmp_path, capsys, plain(tmp_path), "--province-population", "662,2")
    assert "全省常住人口“662,2”像是用逗号作小数点，请写成 662.2；若指 6622，请写成 6622" in err
    assert "province population '662,2' looks like a decimal comma; write 662.2" in err


def test_province_population_with_misplaced_separators_is_refused(tmp_path, capsys):
    err = refuse(tmp_path, capsys, plain(tmp_path), "--province-population", "6,62,2")
    assert "全省常住人口“6,62,2”的千位分隔符位置不对：须每三位一组" in err and "请写成 6622" in err
    assert "province population '6,62,2' has misplaced thousands separators" in err
    assert "write 6622 if that is what you meant" in err


@pytest.mark.parametrize("given", ["1,000", "1，000", "1\u00a0000", "1\u2009000", "1'000"])
def test_total_in_groups_of_three_is_accepted(tmp_path, given):
    accepted(plain(tmp_path), tmp_path, "--total", given, total=1000)


@pytest.mark.parametrize("given", ["6,622", "6 622", "６，６２２", "6\u202f622万人"])
def test_province_population_in_groups_of_three_is_accepted(tmp_path, given):
    accepted(plain(tmp_path), tmp_path, "--province-population", given, P="6622")


def test_parse_argument_reads_only_whole_groups():
    assert parse_argument("66,220,000", "全省常住人口", "province population") == Decimal(66220000)
    for text in ("1,5", "12,34,567", "1,2345", "4_00", "1.234,5"):
        with pytest.raises(SeparatorError):
            parse_argument(text, "全省目标", "total")


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize(
    "fmt",
    [
        lambda v: f"{v:,}",  # 1,526,641 (quoted by the CSV writer)
        lambda v: f"{v:,}".replace(",", "，"),
        lambda v: f"{v:,}".replace(",", " "),
        lambda v: f"{v:,}".replace(",", "\u00a0"),
        lambda v: f"{v:,}".replace(",", "\u2009"),
        lambda v: f"{v:,}".translate(str.maketrans("0123456789,", "０１２３４５６７８９，")),
        lambda v: f"{v}\u3000",
    ],
    ids=["comma", "chinese-comma", "space", "nbsp", "thin-space", "full-width", "ideographic-space"],
)
def test_person_cells_with_thousands_separators_are_read(tmp_path, fmt):
    f = census_in("常住人口（人）", 10000, tmp_path=tmp_path, fmt=lambda v: fmt(int(v)))
    assert accepted(f, tmp_path)["unit"] == "人"


@pytest.mark.parametrize(
    ("places", "header", "first"),
    [(4, "常住人口（万人）", "64,2010"), (2, "常住人口（万人）", "64,20"), (4, "常住人口", "64,2010")],
)
def test_semicolon_csv_with_decimal_commas_is_refused_once(tmp_path, capsys, places, header, first):
    f = census_in(
        header,
        1,
        tmp_path=tmp_path,
        fmt=lambda v: f"{v:.{places}f}".replace(".", ","),
        delimiter=";",
    )
    err = refuse(tmp_path, capsys, f)
    assert f"人口数值“{first}”看起来用逗号作小数点（即 {first.replace(',', '.')}）" in err
    assert "请在 Excel/WPS 中改用小数点" in err
    assert f"the population value '{first}' looks like a decimal comma" in err
    assert err.count("逗号作小数点") == 1 and "看起来单位是" not in err


def test_three_decimal_commas_read_as_thousands_are_refused_naming_the_decimal_comma(tmp_path, capsys):
    f = census_in(
        "常住人口（万人）",
        1,
        tmp_path=tmp_path,
        fmt=lambda v: f"{v:.3f}".replace(".", ","),  # 64,201: a valid thousands group
        delimiter=";",
    )
    err = refuse(tmp_path, capsys, f)
    assert (
        "约为 2020 年普查（万人）的 1,000 倍" in err
        and "若单元格用逗号作小数点（如“64,201”实为 64.201 万人）" in err
    )
    assert "if the cells use a decimal comma ('64,201' meaning 64.201 万人)" in err
    assert "第 2 行" not in err  # one message, not one per county


def test_cell_parser():
    assert parse_number("1,526,641") == parse_number("1 526 641") == Decimal(1526641)
    assert parse_number("64,201") == Decimal(64201)  # ambiguous: the unit check catches it
    assert parse_number("- 3") == Decimal(-3) and parse_number("约64万") is None
    with pytest.raises(SeparatorError, match="'64,20' looks like a decimal comma"):
        parse_number("64,20")
    assert misgrouped("6,62,2").kind == "grouping" and misgrouped("1,234") is None


# --------------------------------------------------------------------------- units (C6, C7)


@pytest.mark.parametrize(
    ("header", "scale", "unit"),
    [
        ("常住人口（千人）", Decimal(10), "千人"),
        ("常住人口（百万人）", Decimal("0.01"), "百万人"),
        ("常住人口（亿人）", Decimal("0.0001"), "亿人"),
        ("population (thousands)", Decimal(10), "千人"),
        ("population (millions)", Decimal("0.01"), "百万人"),
        ("Population (10 thousand)", Decimal(1), "万人"),
    ],
)
def test_larger_units_are_converted_exactly(tmp_path, header, scale, unit):
    record = accepted(census_in(header, scale, tmp_path=tmp_path), tmp_path)
    assert (record["unit"], record["unit_from"]) == (unit, "header")


def test_thousands_header_with_wan_values_is_refused(tmp_path, capsys):
    err = refuse(tmp_path, capsys, census_in("常住人口（千人）", 1, tmp_path=tmp_path))
    assert "表头“常住人口（千人）”写的单位是“千人”" in err and "看起来单位是“万人”" in err
    assert "the header '常住人口（千人）' says the unit is 千人" in err and "look like 万人" in err


def test_unit_line_listing_money_takes_the_unit_of_people(tmp_path):
    f = census_in("常住人口", 10000, title="单位：人、万元", tmp_path=tmp_path, fmt=lambda v: str(int(v)))
    record = accepted(f, tmp_path)
    assert (record["unit"], record["unit_from"]) == ("人", "title row 1")


def test_wrong_unit_line_is_named_as_the_line_not_the_header(tmp_path, capsys):
    f = census_in("常住人口", 10000, title="单位：万人", tmp_path=tmp_path, fmt=lambda v: str(int(v)))
    err = refuse(tmp_path, capsys, f)
    assert "第 1 行“单位:万人”写的单位是“万人”" in err and "请把第 1 行的单位改为“人”" in err
    assert "row 1 '单位:万人' says the unit is 万人" in err and "correct the unit in row 1 to 人" in err
    assert "表头“常住人口”写的单位" not in err


def test_column_header_unit_wins_over_a_title_merged_above_it(tmp_path):
    rows = [["县市区", "常住人口（人）"]] + [(n, int(Decimal(p) * 10000)) for _, n, p in ROWS]
    f = write_csv(tmp_path / "t.csv", ["表3", "湖南省各县市区常住人口（万人）"], rows)
    record = accepted(f, tmp_path)
    assert (record["unit"], record["unit_from"]) == ("人", "header")


def test_unit_in_reads_only_units_of_people():
    assert unit_in("单位：万元、人") == "人" and unit_in("单位：亿元") is None
    assert unit_in("人口（万）") == "万人" and unit_in("（十万人）") == "十万人"
