"""Rows that are not counties: block 合计 rows, two totals, footers, page breaks, 市辖区 ….

Every file is built here from the 2020 census rows the other tests use; each test checks the exact
targets (Fraction oracle) of an accepted run, or the exact refusal in both languages with its row.
"""

from decimal import Decimal

import pytest

from tests.population.test_crosschecks import CENSUS_PROVINCE, COUNTY_SUM
from tests.population.test_layouts import PREFECTURE, accepted, by_prefecture, run_json, subtotal
from tests.rules.test_rerun import ROWS, county_targets, expected, refuse, run, write_csv

HEADER = ["县市区", "常住人口（万人）"]


def names(rows=ROWS):
    return [(n, p) for _, n, p in rows]


def row_of(name):
    """The file row (1 = header) of county ``name`` in a file of ``names()``."""
    return 2 + [n for _, n, _ in ROWS].index(name)


def blocks(closing):
    """Yearbook blocks: prefecture heading without a figure, its counties, then ``closing(code, part)``."""
    body = []
    for code, part in sorted(by_prefecture().items()):
        body.append((PREFECTURE[part[0][0]], ""))
        body += names(part)
        body.append(closing(code, part))
    return body


# --------------------------------------------------------------------------- 合计 ending each block (C3)


@pytest.mark.parametrize("final", ["全省合计", "合计"])
def test_heji_closing_each_prefecture_block_is_its_subtotal(tmp_path, final):
    body = [*blocks(lambda code, part: ("合计", subtotal(part))), (final, COUNTY_SUM)]
    record = accepted(write_csv(tmp_path / "b.csv", ["地区", "常住人口（万人）"], body), tmp_path)
    i = record["input"]
    assert i["rows_kept_out"] == {"province_total": 1, "prefecture_subtotal": 14, "note": 14, "blank": 0}
    assert i["stated_total_wan"] == COUNTY_SUM and record["denominator"] == "sum"
    first = 2 + 1 + len(by_prefecture()["430100"])  # heading, the 9 counties of 长沙市, then its 合计
    assert (
        f"row {first}: prefecture subtotal '合计' = '1004.7914' not used as a county (it closes the 9 county "
        "rows of 长沙市 and equals their sum: read as the subtotal of 长沙市)"
    ) in i["notes"]


def test_heji_after_a_block_that_is_not_its_sum_is_refused_naming_the_row(tmp_path, capsys):
    def closing(code, part):
        wrong = Decimal(subtotal(part)) * 2 if code == "430100" else subtotal(part)  # 长沙市's doubled
        return ("合计", str(wrong))

    body = [*blocks(closing), ("全省合计", COUNTY_SUM)]
    err = refuse(tmp_path, capsys, write_csv(tmp_path / "b.csv", ["地区", "常住人口（万人）"], body))
    n = 2 + 1 + 9
    assert f"第 {n} 行“合计”= 2009.5828 紧跟在长沙市的 9 个县市区之后，但既不等于它们之和 1,004.7914" in err
    assert "无法判断该行是长沙市小计还是全省合计；请改名为“长沙市小计”或“全省合计”" in err
    assert f"row {n} '合计' = 2009.5828 follows the 9 county rows of 长沙市 but equals neither" in err
    assert "rename it '长沙市小计' or '全省合计'" in err
    assert "发现 1 处问题" in err


def test_heji_after_the_only_prefecture_of_a_partial_file_stays_the_province_total(tmp_path):
    part = by_prefecture()["430100"]  # 长沙市 alone, then the province figure as its 合计
    f = write_csv(tmp_path / "p.csv", HEADER, [*names(part), ("合计", CENSUS_PROVINCE)])
    out = tmp_path / "o"
    assert run("--population", f, "--allow-partial", "--province-population", "from-file", "--out", out) == 0
    assert county_targets(out) == expected(CENSUS_PROVINCE, rows=part)
    assert run_json(out)["denominator"] == "from-file"


# --------------------------------------------------------------------------- two different totals (C4)


def test_two_different_totals_name_both_rows_and_offer_only_what_works(tmp_path, capsys):
    f = write_csv(tmp_path / "t.csv", HEADER, [*names(), ("合计", COUNTY_SUM), ("全省", CENSUS_PROVINCE)])
    err = refuse(tmp_path, capsys, f)
    assert "文件有多个不同的全省合计：第 125 行“合计”= 6,535.6793、第 126 行“全省”= 6,644.4864" in err
    assert "from-file 无法确定用哪一个，故不可用" in err and "from-file = " not in err
    assert "--province-population 6644.4864 = 用第 126 行“全省”的数值" in err
    assert (
        "the file states different province totals: row 125 '合计' = 6,535.6793, row 126 '全省' = 6,644.4864"
        in err
    )
    assert (
        "from-file cannot be used" in err and "--province-population 6644.4864 = the figure of row 126" in err
    )
    assert "--province-population 6535.6793" not in err  # the same as sum, which is offered
    err = refuse(tmp_path, capsys, f, "--province-population", "from-file")
    assert "请删去错误的一行，或改用：--province-population 6644.4864" in err
    assert "delete the wrong row, or use: --province-population 6644.4864" in err
    record = accepted(f, tmp_path, "--province-population", "6644.4864", P=CENSUS_PROVINCE)  # as offered
    assert record["denominator"] == "given"


def test_a_total_that_cannot_be_p_is_not_offered_as_from_file(tmp_path, capsys):
    f = write_csv(tmp_path / "t.csv", HEADER, [*names(), ("全省", str(2 * Decimal(CENSUS_PROVINCE)))])
    err = refuse(tmp_path, capsys, f)
    assert "from-file = " not in err
    assert "第 125 行“全省”的 13,288.9728 对湖南不合理或小于所列县市区之和，不能作分母" in err
    assert "row 125 '全省' (13,288.9728) cannot be P" in err


# --------------------------------------------------------------------------- rows that are not counties (C8)


@pytest.mark.parametrize(
    "footer",
    [("制表人：张三", "审核人：李四"), ("制表：某某", "2024-03-01"), ("填报日期：", "2024年3月1日")],
)
def test_footer_with_text_in_the_population_cell_is_a_note(tmp_path, footer):
    f = write_csv(tmp_path / "f.csv", HEADER, [*names(), footer])
    i = accepted(f, tmp_path)["input"]
    shown = " | ".join(footer).replace("：", ":")
    assert (
        i["rows_kept_out"]["note"] == 1
        and f"row 125: note line kept out of the data: {shown!r}" in i["notes"]
    )


def test_repeated_header_rows_and_page_lines_are_kept_out_and_listed(tmp_path):
    body = names()
    for k, at in enumerate((40, 80, 120), start=1):  # a printed export: a page line and the header again
        body[at + 2 * (k - 1) : at + 2 * (k - 1)] = [(f"第 {k} 页，共 4 页", ""), tuple(HEADER)]
    i = accepted(write_csv(tmp_path / "p.csv", HEADER, body), tmp_path)["input"]
    assert i["rows_kept_out"]["note"] == 6
    assert "row 42: page line kept out of the data: '第 1 页,共 4 页'" in i["notes"]
    assert (
        "row 43: header row repeated (e.g. after a page break), kept out of the data: '县市区 | 常住人口(万人)'"
        in i["notes"]
    )
    assert (
        "row 127: header row repeated (e.g. after a page break), kept out of the data: '县市区 | 常住人口(万人)'"
        in i["notes"]
    )


def test_province_label_with_brackets_is_the_total_row(tmp_path):
    record = accepted(
        write_csv(tmp_path / "h.csv", HEADER, [*names(), ("湖南省（合计）", COUNTY_SUM)]), tmp_path
    )
    assert record["input"]["rows_kept_out"]["province_total"] == 1
    assert "agrees within rounding with row 125 '湖南省(合计)' 6,535.6793" in record["denominator_en"]


def _with_district_rows(parts_sum=subtotal):
    """Yearbook rows: each prefecture with its figure, 市辖区 = its districts (…区), then its counties."""
    body = []
    for _, part in sorted(by_prefecture().items()):
        body.append((PREFECTURE[part[0][0]], subtotal(part)))
        districts = [r for r in part if r[1].endswith("区")]
        if districts:
            body.append(("市辖区", parts_sum(districts)))
        body += names(part)
    return body


def test_district_subtotal_rows_equal_to_their_districts_are_kept_out(tmp_path):
    i = accepted(
        write_csv(tmp_path / "d.csv", ["地区", "常住人口（万人）"], _with_district_rows()), tmp_path
    )["input"]
    assert i["rows_kept_out"] == {"province_total": 0, "prefecture_subtotal": 14, "note": 13, "blank": 0}
    assert (
        "row 3: district subtotal '市辖区' = '598.0707' is the sum of the 6 districts of 长沙市: not used as a county"
        in i["notes"]
    )


def test_district_subtotal_row_not_equal_to_its_districts_is_refused(tmp_path, capsys):
    body = _with_district_rows()
    body[1] = ("市辖区", str(Decimal(body[1][1]) * 2))
    err = refuse(tmp_path, capsys, write_csv(tmp_path / "d.csv", ["地区", "常住人口（万人）"], body))
    assert (
        "第 3 行“市辖区”是小计行（长沙市各区之和；所列各区之和为 598.0707，该行为 1196.1414），不是县级单位；请删去该小计行"
        in err
    )
    assert (
        "row 3 '市辖区' is a subtotal row (the districts of 长沙市; the listed districts sum to 598.0707"
        in err
    )
    assert "delete this subtotal row" in err and "发现 1 处问题" in err


def test_of_which_row_is_refused_by_name(tmp_path, capsys):
    body = names()
    body.insert(1, ("其中：城镇", ROWS[0][2]))  # 芙蓉区 is all urban: its own figure
    err = refuse(tmp_path, capsys, write_csv(tmp_path / "q.csv", HEADER, body))
    assert "第 3 行“其中:城镇”是分项行（“其中”是上一行的一部分），不是县级单位；请删去该行" in err
    assert (
        "row 3 '其中:城镇' is a breakdown row ('of which': a part of the row above), not a county unit" in err
    )


def test_unlabelled_number_row_asks_for_a_name(tmp_path, capsys):
    err = refuse(tmp_path, capsys, write_csv(tmp_path / "u.csv", HEADER, [*names(), ("", COUNTY_SUM)]))
    assert "第 125 行只有数字没有名称（合计行？数值为 6535.6793）；请加上名称“合计”或删去该行" in err
    assert (
        "row 125 has a number but no name (a total? the value is 6535.6793); label it '合计' or delete the row"
        in err
    )
    assert "''" not in err


# --------------------------------------------------------------------------- 长沙 for 长沙县 (30e)


def test_short_prefecture_name_where_a_county_is_missing_names_the_row(tmp_path, capsys):
    body = [("长沙" if n == "长沙县" else n, p) for n, p in names()]
    err = refuse(tmp_path, capsys, write_csv(tmp_path / "s.csv", HEADER, body))
    n = row_of("长沙县")
    assert (
        f"第 {n} 行“长沙”被读作长沙市（市州），而 长沙县 不在表中；若该行是 长沙县，请写全称“长沙县”" in err
    )
    assert f"row {n} '长沙' was read as the prefecture 长沙市, and 长沙县 is not in the file" in err
    assert "write its full name '长沙县'" in err


def test_short_prefecture_heading_with_its_county_listed_is_fine(tmp_path):
    body = []
    for _, part in sorted(by_prefecture().items()):
        body.append((PREFECTURE[part[0][0]].removesuffix("市"), ""))  # 长沙, 湘潭 … beside 长沙县, 湘潭县
        body += names(part)
    assert accepted(write_csv(tmp_path / "s.csv", ["地区", "常住人口（万人）"], body), tmp_path)
