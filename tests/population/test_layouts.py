"""Real layouts staff have (yearbook exports, hand-made sheets, web and PDF copies) are read correctly.

Every file is made here; each test checks the exact targets (Fraction oracle) or the exact message.
"""

import io
import json
import re
import zipfile
from decimal import Decimal

import pytest

from agritargets.core.divisions import load_units
from tests.rules.test_rerun import (
    ROWS,
    county_targets,
    expected,
    refuse,
    run,
    write_csv,
    write_workbook,
    write_xlsx,
)

UNITS = load_units().set_index("adcode")
PREFECTURE = {a: UNITS.loc[a, "prefecture"] for a, _, _ in ROWS}
PREFECTURE_CODE = {a: a[:4] + "00" for a, _, _ in ROWS}
NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四"]


def run_json(out):
    return json.loads((out / "run.json").read_text(encoding="utf-8"))


def accepted(f, tmp_path, *extra, P=None):
    out = tmp_path / "o"
    assert run("--population", f, *extra, "--out", out) == 0
    assert county_targets(out) == expected(P)
    return run_json(out)


def short(prefecture):
    return "湘西" if prefecture.startswith("湘西") else prefecture.removesuffix("市")


def by_prefecture():
    groups = {}
    for a, n, p in ROWS:
        groups.setdefault(PREFECTURE_CODE[a], []).append((a, n, p))
    return groups


def subtotal(rows):
    return str(sum(Decimal(p) for _, _, p in rows))


# --------------------------------------------------------------------------- columns


def test_short_prefecture_names_in_the_prefecture_column(tmp_path):
    rows = [(n, short(PREFECTURE[a]), p) for a, n, p in ROWS]
    f = write_csv(tmp_path / "s.csv", ["县市区", "市州", "常住人口（万人）"], rows)
    accepted(f, tmp_path)


def test_prefecture_code_column_beside_the_adcode(tmp_path):
    rows = [(PREFECTURE_CODE[a], a, n, p) for a, n, p in ROWS]
    f = write_csv(tmp_path / "c.csv", ["市州代码", "区划代码", "县市区", "常住人口"], rows)
    accepted(f, tmp_path)


@pytest.mark.parametrize("heading", ["所属地区", "地市名称"])
def test_prefecture_column_headings(tmp_path, heading):
    rows = [(PREFECTURE[a], n, p) for a, n, p in ROWS]  # the prefecture first, as yearbooks have it
    f = write_csv(tmp_path / "h.csv", [heading, "县市区", "常住人口（万人）"], rows)
    accepted(f, tmp_path)


def test_wrong_prefecture_in_a_prefecture_column_is_still_caught(tmp_path, capsys):
    rows = [(n, PREFECTURE[a], p) for a, n, p in ROWS]
    rows[0] = (rows[0][0], "株洲", rows[0][2])
    f = write_csv(tmp_path / "h.csv", ["县市区", "所属地区", "常住人口（万人）"], rows)
    assert "row 2: 芙蓉区 belongs to 长沙市, not '株洲'" in refuse(tmp_path, capsys, f)


def test_two_row_header_with_the_unit_below(tmp_path):
    f = write_csv(tmp_path / "t.csv", ["县市区", "年末常住人口"], [(n, p) for _, n, p in ROWS], title=None)
    text = f.read_text().replace("县市区,年末常住人口\n", "县市区,年末常住人口\n,（万人）\n", 1)
    f.write_text(text)
    record = accepted(f, tmp_path)["input"]
    assert record["header_rows"] == [1, 2] and record["unit"] == "万人" and record["unit_from"] == "header"


def test_two_row_header_over_two_years_needs_column(tmp_path, capsys):
    rows = [["地区", "常住人口（万人）", None], [None, "2022年", "2023年"]]
    rows += [(n, str(Decimal(p) + 1), p) for _, n, p in ROWS]  # 2022 figures differ: the choice matters
    f = write_workbook(tmp_path / "y.xlsx", {"人口": rows})
    err = refuse(tmp_path, capsys, f)
    assert "several population columns" in err and "--column" in err and "2023年" in err
    accepted(f, tmp_path, "--column", "2023年")


def test_column_matches_a_header_that_carries_its_unit(tmp_path):
    rows = [(n, str(Decimal(p) * 2), p) for _, n, p in ROWS]
    f = write_csv(tmp_path / "c.csv", ["县市区", "户籍人口（万人）", "常住人口（万人）"], rows)
    assert accepted(f, tmp_path, "--column", "常住人口")["input"]["column"] == "常住人口（万人）"


def test_unit_stated_in_a_title_line(tmp_path):
    f = write_csv(
        tmp_path / "u.csv", ["县市区", "常住人口"], [(n, p) for _, n, p in ROWS], title="单位：人口（万人）"
    )
    record = accepted(f, tmp_path)["input"]
    assert (record["unit"], record["unit_from"]) == ("万人", "title row 1")


def test_unit_unstated_is_read_off_the_values_and_said(tmp_path):
    rows = [(n, int(Decimal(p) * 10000)) for _, n, p in ROWS]
    f = write_csv(tmp_path / "u.csv", ["县市区", "常住人口"], rows)
    record = accepted(f, tmp_path)["input"]
    assert (record["unit"], record["unit_from"]) == ("人", "values")


# --------------------------------------------------------------------------- rows


def test_yearbook_layout_numbered_prefectures_province_row_and_footers(tmp_path):
    rows = [("湖南省", subtotal(ROWS))]
    for k, (_, part) in enumerate(sorted(by_prefecture().items())):
        rows.append((f"{NUMERALS[k]}、{PREFECTURE[part[0][0]]}", subtotal(part)))
        rows += [(n, p) for _, n, p in part]
    rows += [("制表人：张三", ""), ("填报日期：2024年3月1日", "")]
    f = write_csv(tmp_path / "y.csv", ["地区", "常住人口（万人）"], rows, title="2023年末各县市区常住人口")
    record = accepted(f, tmp_path)
    assert record["input"]["rows_kept_out"] == {
        "province_total": 1,
        "prefecture_subtotal": 14,
        "note": 2,
        "blank": 0,
    }
    assert any("note line" in n and "制表人" in n for n in record["input"]["notes"])
    assert record["denominator"] == "sum"


def test_province_row_coded_430000_and_twelve_digit_codes(tmp_path):
    rows = [("430000000000", "湖南省", subtotal(ROWS))]
    rows += [(a + "000000", n, p) for a, n, p in ROWS]
    f = write_csv(tmp_path / "c.csv", ["统计用区划代码", "名称", "常住人口（万人）"], rows)
    assert accepted(f, tmp_path)["input"]["stated_total_wan"] == subtotal(ROWS)


def test_codes_written_as_excel_text_formulas(tmp_path):
    rows = [(f'="{a}"', p) for a, _, p in ROWS]
    f = write_csv(tmp_path / "x.csv", ["区划代码", "常住人口（万人）"], rows)
    accepted(f, tmp_path)


def test_copies_from_web_pages_and_pdfs(tmp_path):
    def mangle(name):
        return name.replace("长", "\u2ed3").replace("雨", "\u2ed7") + "\u200b"

    rows = [(mangle(n), p.replace("1", "１")) for _, n, p in ROWS]  # full-width digits too
    f = write_csv(tmp_path / "w.csv", ["县市区\u200b", "常住人口（万人）"], rows)
    assert any("⻓" in r[0] for r in rows)
    accepted(f, tmp_path)


def test_classic_mac_line_endings(tmp_path):
    f = write_csv(tmp_path / "m.csv", ["adcode", "county", "population_wan"], ROWS)
    f.write_bytes(f.read_bytes().replace(b"\n", b"\r"))
    accepted(f, tmp_path)


# --------------------------------------------------------------------------- workbooks


def _sheet(rows):
    return [["区划代码", "县市区", "常住人口（万人）"], *rows]


def test_hidden_sheet_is_never_read(tmp_path):
    old = [(a, n, str(Decimal(p) + 1)) for a, n, p in ROWS]
    f = write_workbook(tmp_path / "h.xlsx", {"旧": _sheet(old), "2023年": _sheet(ROWS)}, hidden={"旧"})
    record = accepted(f, tmp_path)
    assert record["input"]["sheet"] == "2023年"


def test_several_visible_sheets_with_data_are_refused_and_listed(tmp_path, capsys):
    older = [(a, n, str(Decimal(p) + 1)) for a, n, p in ROWS]
    f = write_workbook(
        tmp_path / "y.xlsx", {"2022年": _sheet(older), "2023年": _sheet(ROWS)}, active="2023年"
    )
    err = refuse(tmp_path, capsys, f)
    assert "2 sheets hold county data: 2022年, 2023年 (the workbook opens on '2023年')" in err
    assert "--sheet" in err and "工作簿打开时显示“2023年”" in err
    assert accepted(f, tmp_path, "--sheet", "2023年")["input"]["sheet"] == "2023年"


def test_data_on_the_second_sheet_is_read_and_named(tmp_path):
    f = write_workbook(tmp_path / "s.xlsx", {"说明": [["本工作簿第二页为人口数据"]], "数据": _sheet(ROWS)})
    record = accepted(f, tmp_path)["input"]
    assert record["sheet"] == "数据" and any(
        "sheet '数据' read" in n and "说明" in n for n in record["notes"]
    )


def test_no_visible_sheet_with_data_names_the_sheets(tmp_path, capsys):
    f = write_workbook(tmp_path / "n.xlsx", {"说明": [["见附件"]], "旧": _sheet(ROWS)}, hidden={"旧"})
    err = refuse(tmp_path, capsys, f)
    assert "no visible sheet (说明) holds a county population table" in err
    assert "hidden sheet(s) 旧 hold data" in err and "--sheet" in err


def test_unknown_sheet_lists_the_sheets(tmp_path, capsys):
    f = write_workbook(tmp_path / "s.xlsx", {"数据": _sheet(ROWS)})
    assert "no sheet named '2024' (sheets: 数据)" in refuse(tmp_path, capsys, f, "--sheet", "2024")


def _rewrite_member(path, member, change):
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data) if re.fullmatch(member, info.filename) else data)
    path.write_bytes(out.getvalue())


def test_wrong_stored_used_range(tmp_path):
    f = write_xlsx(tmp_path / "d.xlsx", ["区划代码", "县市区", "常住人口（万人）"], ROWS)
    _rewrite_member(
        f,
        r"xl/worksheets/sheet\d+\.xml",
        lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:C5"', x),
    )
    assert b'ref="A1:C5"' in zipfile.ZipFile(f).read("xl/worksheets/sheet1.xml")
    accepted(f, tmp_path)


def test_formula_without_cached_value_says_so_and_how_to_fix(tmp_path, capsys):
    rows = [list(r) for r in ROWS]
    rows[0][2] = "=64.201"  # openpyxl stores the formula with no computed value, as programs do
    f = write_xlsx(tmp_path / "f.xlsx", ["区划代码", "县市区", "常住人口（万人）"], rows)
    err = refuse(tmp_path, capsys, f)
    assert (
        "row 2 芙蓉区: the population cell is the formula =64.201 but the file holds no computed value" in err
    )
    assert "open and save it once in Excel" in err and "选择性粘贴为数值" in err


def test_strict_open_xml_is_refused_with_the_fix(tmp_path, capsys):
    f = write_xlsx(tmp_path / "strict.xlsx", ["区划代码", "县市区", "常住人口（万人）"], ROWS)
    strict = {
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships": (
            b"http://purl.oclc.org/ooxml/officeDocument/relationships"
        ),
    }

    def to_strict(data):
        for a, b in strict.items():
            data = data.replace(a, b)
        return data

    _rewrite_member(f, r".*\.xml(\.rels)?|.*\.rels", to_strict)
    err = refuse(tmp_path, capsys, f)
    assert "Strict Open XML" in err and "Excel Workbook (*.xlsx)" in err and "另存为" in err


def test_xlsx_named_csv_is_read_as_xlsx_and_said(tmp_path):
    f = write_xlsx(tmp_path / "real.xlsx", ["区划代码", "县市区", "常住人口（万人）"], ROWS)
    g = tmp_path / "export.csv"
    g.write_bytes(f.read_bytes())
    notes = accepted(g, tmp_path)["input"]["notes"]
    assert "the file is an XLSX workbook although named '.csv'; read as XLSX" in notes


def test_html_named_csv_is_refused_as_a_web_page(tmp_path, capsys):
    f = tmp_path / "export.csv"
    f.write_text("<html><body><table><tr><td>县市区</td><td>常住人口</td></tr></table></body></html>")
    err = refuse(tmp_path, capsys, f)
    assert "export.csv: this is really a web page (HTML)" in err and "网页（HTML）" in err
