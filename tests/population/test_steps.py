"""Each step of the reader on its own: decode, find the table, map columns, unit, rows, cross-check, P."""

from decimal import Decimal

import pytest

from agritargets.core.errors import InputError, Problems
from agritargets.population import crosscheck, denominator, plausibility
from agritargets.population.decode import decode, read_text, sniff
from agritargets.population.numeric import half_unit, parse_number
from agritargets.population.reader import read_population
from agritargets.population.rows import read_rows
from agritargets.population.table import find_table, locate
from agritargets.population.text import clean
from agritargets.population.units import PERSONS, WAN, Unit, resolve_unit, stated_unit
from tests.rules.test_rerun import ROWS, write_csv


def test_decode_utf16_without_bom_and_gb18030():
    text = "县市区,常住人口\n芙蓉区,64.201\n"
    assert decode(text.encode("utf-16-le"), "a.csv") == (text, "UTF-16")
    assert decode("县,人口".encode("gb18030"), "a.csv") == ("县,人口", "GB18030")


def test_read_text_handles_every_line_ending_and_separator(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("县市区;常住人口\r芙蓉区;64.201\r\n天心区;83.6157\n".encode())
    text = read_text(f)
    assert text.delimiter == ";" and list(text.rows) == [
        ["县市区", "常住人口"],
        ["芙蓉区", "64.201"],
        ["天心区", "83.6157"],
    ]


def test_sniff_refuses_what_is_not_a_table(tmp_path):
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(InputError, match="old Excel 97-2003"):
        sniff(old)
    assert sniff(write_csv(tmp_path / "p.csv", ["a", "b"], [])) == "text"


def test_find_table_maps_columns_by_content():
    rows = [["2023年人口"], ["市州代码", "代码", "所属地区", "名称", "常住人口"]]
    rows += [[a[:4] + "00", a, "长沙市", n, p] for a, n, p in ROWS[:9]]
    layout = find_table(rows, "t.csv")
    assert layout.header_rows == (1,)
    assert layout.columns == {"population": 4, "code": 1, "prefecture_code": 0, "name": 3, "prefecture": 2}


def test_find_table_merges_a_two_row_header():
    rows = [["地区", "常住人口", None], [None, "2022年", "2023年"], ["芙蓉区", "64", "64.2"]]
    with pytest.raises(InputError, match="several population columns"):
        find_table(rows, "t.csv")
    layout = find_table(rows, "t.csv", column="2023年")
    assert layout.header_rows == (0, 1) and layout.columns["population"] == 2
    assert layout.population_header == "常住人口 / 2023年"


def test_locate_returns_none_without_a_table():
    assert locate([["说明"], ["见第二页"]]) is None


def test_stated_unit_and_resolution():
    assert stated_unit("常住人口", [["单位：人口（万人）"]]) == Unit(WAN, "title row 1")
    assert resolve_unit(None, [Decimal(10000), Decimal(9800)], "t", "人口") == Unit(PERSONS, "values")
    with pytest.raises(InputError, match="fit neither"):
        resolve_unit(None, [Decimal(100), Decimal(90)], "t", "人口")


def test_rows_sorted_by_kind():
    rows = [["县市区", "常住人口（万人）"], ["全省", "148.8167"], ["长沙市小计", "148.8167"]]
    rows += [[n, p] for _, n, p in ROWS[:2]] + [[], ["注：七普数据", ""]]
    layout = find_table(rows, "t.csv")
    problems = Problems("t.csv")
    read = read_rows(rows[layout.first_data_row :], layout, problems)
    assert problems.count == 0 and read.counts == {
        "county": 2,
        "province_total": 1,
        "prefecture_subtotal": 1,
        "note": 1,
        "blank": 1,
    }
    assert [c.adcode for c in read.counties] == ["430102", "430103"]


def test_problems_stop_reading_at_the_limit():
    rows = [["县市区", "常住人口（万人）"]] + [["芙蓉区", "64.201"]] * 50
    layout = find_table(rows, "t.csv")
    problems = Problems("t.csv", limit=10)
    read_rows(rows[1:], layout, problems)
    assert problems.count == 10 and problems.stopped_at_row == 12
    with pytest.raises(InputError, match="at least 10 problems \\(stopped reading at row 12\\)"):
        problems.raise_if_any()


def test_cross_check_tolerance_is_the_rounding_of_the_figures(tmp_path):
    rows = [(n, p) for _, n, p in ROWS] + [("合计", "6535.68")]
    pop = read_population(write_csv(tmp_path / "t.csv", ["县市区", "常住人口（万人）"], rows))
    check = crosscheck.compare(pop)
    assert check.province.tolerance == Decimal("0.005") + 123 * Decimal("0.00005")
    assert check.province.agrees and check.province.difference == Decimal("0.0007")


def test_denominator_choices_parse():
    assert denominator.parse_choice(" sum ") == "sum"
    assert denominator.parse_choice(Decimal(6568)) == Decimal(6568)
    with pytest.raises(InputError, match=r"in 万人, e\.g\. --province-population 6,568"):
        denominator.parse_choice("65680000人")


def test_plausible_range_includes_the_prefectures_functional_zones():
    lo, hi = plausibility.county_range("430408")  # 蒸湘区: local bulletins fold in 衡阳高新区
    assert lo == Decimal("29.4386") * Decimal("0.75") and hi > Decimal("47.8072")


def test_cell_text_and_numbers():
    assert clean(" ６４.２０１\u200b ") == "64.201"
    assert parse_number("1,004.7914") == Decimal("1004.7914") and parse_number("nan") is None
    assert half_unit(Decimal("64.2010")) == Decimal("0.00005")
