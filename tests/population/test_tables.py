"""Tables and file kinds: the table is found, or the refusal names the cause and a fix that works.

Each file is made here from the 2020 census rows; each refusal must name the cause and a fix
that works, and each accepted file must give exactly the oracle's targets.
"""

import json
import re
import zipfile
from decimal import Decimal

import pytest

from tests.rules.test_rerun import ROWS, county_targets, expected, run, write_csv


def refusal(capsys, code: int) -> str:
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    return err


def test_several_population_columns_offer_column_values_that_work(tmp_path, capsys):
    """A two-row header (年份 over two units): every suggested --column must select its column."""
    rows = [("七普 2020", "", "七普 2020"), ("县市区", "常住人口（万人）", "常住人口（人）")]
    rows += [(name, wan, str(int(Decimal(wan) * 10000))) for _, name, wan in ROWS]
    f = write_csv(tmp_path / "two_units.csv", rows[0], rows[1:])
    err = refusal(capsys, run("--population", f, "--out", tmp_path / "refused"))
    assert "有多个人口列" in err and "several population columns" in err
    zh_line = err.splitlines()[0]
    choices = re.findall(r'--column "([^"]+)"', zh_line)
    assert len(choices) == 2 and "七普 2020" not in choices  # the shared upper row picks nothing
    for i, choice in enumerate(choices):
        assert run("--population", f, "--column", choice, "--out", tmp_path / f"out{i}") == 0
        assert county_targets(tmp_path / f"out{i}") == expected()


def test_merged_header_as_the_message_shows_it_is_a_valid_column(tmp_path):
    rows = [("七普 2020", "", "七普 2020"), ("县市区", "常住人口（万人）", "常住人口（人）")]
    rows += [(name, wan, str(int(Decimal(wan) * 10000))) for _, name, wan in ROWS]
    f = write_csv(tmp_path / "two_units.csv", rows[0], rows[1:])
    assert run("--population", f, "--column", "七普 2020 / 常住人口(万人)", "--out", tmp_path / "out") == 0
    assert county_targets(tmp_path / "out") == expected()


def test_density_part_and_code_columns_are_not_population_columns(tmp_path):
    header = ["人口普查区划代码", "县市区", "常住人口（万人）", "其中：城镇人口（万人）", "每平方公里人口"]
    f = write_csv(tmp_path / "extra.csv", header, [(a, n, p, "", "") for a, n, p in ROWS])
    assert run("--population", f, "--out", tmp_path / "out") == 0
    assert county_targets(tmp_path / "out") == expected()
    record = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))
    assert "常住人口（万人）" in json.dumps(record, ensure_ascii=False)  # the column used is recorded


def test_column_naming_the_name_column_says_what_column_is_for(tmp_path, capsys):
    f = write_csv(tmp_path / "pop.csv", ["县市区", "常住人口（万人）"], [(n, p) for _, n, p in ROWS])
    err = refusal(capsys, run("--population", f, "--column", "县市区", "--out", tmp_path / "out"))
    assert "“县市区”是名称列" in err and "'县市区' is the name column" in err
    assert '--column "常住人口（万人）"' in err


def test_unknown_column_lists_the_headers_not_the_data(tmp_path, capsys):
    f = write_csv(tmp_path / "pop.csv", ["县市区", "常住人口（万人）"], [(n, p) for _, n, p in ROWS])
    err = refusal(capsys, run("--population", f, "--column", "户籍人口", "--out", tmp_path / "out"))
    assert "找不到名为“户籍人口”的列" in err and "no column named '户籍人口'" in err
    assert "常住人口（万人）" in err
    assert "64.2010" not in err  # data cells are not headers


def _zip(path, entries):
    with zipfile.ZipFile(path, "w") as z:
        for name, text in entries.items():
            z.writestr(name, text)
    return path


def test_zip_documents_that_are_not_workbooks_are_named(tmp_path, capsys):
    cases = {
        "pop.ods": ({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}, "OpenDocument"),
        "pop.xlsx": ({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}, "Word"),
        "pop2.xlsx": ({"readme.txt": "x"}, "zip archive"),
    }
    for name, (entries, what) in cases.items():
        f = _zip(tmp_path / name, entries)
        err = refusal(capsys, run("--population", f, "--out", tmp_path / "out"))
        assert what in err and "另存为 .xlsx 或 CSV" in err and "save as .xlsx or CSV" in err
        assert "xl/workbook.xml" not in err
    assert not (tmp_path / "out").exists()


def test_json_is_named(tmp_path, capsys):
    f = tmp_path / "pop.json"
    f.write_text(json.dumps([{"county": n, "population_wan": p} for _, n, p in ROWS], ensure_ascii=False))
    err = refusal(capsys, run("--population", f, "--out", tmp_path / "out"))
    assert "这是 JSON 数据" in err and "this is JSON" in err


def test_codes_written_as_floats_are_read(tmp_path):
    f = write_csv(tmp_path / "pop.csv", ["adcode", "population_wan"], [(a + ".0", p) for a, _, p in ROWS])
    assert run("--population", f, "--out", tmp_path / "out") == 0
    assert county_targets(tmp_path / "out") == expected()


def test_codes_in_scientific_notation_are_refused_once(tmp_path, capsys):
    def scientific(adcode):  # what Excel shows for a 12-digit code in a General-format cell
        return f"{int(adcode + '000000'):.5E}"

    rows = [(scientific(a), n, p) for a, n, p in ROWS]
    assert rows[0][0] == "4.30102E+11"
    f = write_csv(tmp_path / "pop.csv", ["统计用区划代码", "县市区", "常住人口（万人）"], rows)
    err = refusal(capsys, run("--population", f, "--out", tmp_path / "out"))
    assert "科学计数法" in err and "scientific notation" in err and "4.30102E+11" in err
    assert "发现" not in err  # one message for the column, not one per row


def test_side_by_side_yearbook_layout_is_named(tmp_path, capsys):
    half = len(ROWS) // 2 + 1
    left, right = ROWS[:half], [*ROWS[half:], ("", "", "")]
    rows = [(a[1], a[2], b[1], b[2]) for a, b in zip(left, right, strict=True)]
    f = write_csv(tmp_path / "two_halves.csv", ["地区", "常住人口（万人）", "地区", "常住人口（万人）"], rows)
    for extra in ((), ("--column", "常住人口")):
        err = refusal(capsys, run("--population", f, *extra, "--out", tmp_path / "out"))
        assert "左右两栏（双栏）" in err and "two side-by-side halves" in err
        assert "--column 无法选择" in err


def test_prefecture_only_table_is_named(tmp_path, capsys):
    totals = {}
    for a, _, p in ROWS:
        totals[a[:4]] = totals.get(a[:4], Decimal(0)) + Decimal(p)
    names = ["长沙市", "株洲市", "湘潭市", "衡阳市", "邵阳市", "岳阳市", "常德市"]
    rows = [(n, str(v)) for n, v in zip(names, totals.values(), strict=False)]
    f = write_csv(tmp_path / "prefectures.csv", ["市州", "常住人口（万人）"], rows)
    err = refusal(capsys, run("--population", f, "--out", tmp_path / "out"))
    assert "只有市州，没有县市区" in err and "prefectures only" in err


def test_names_with_a_marker_number_remark_or_prefecture_are_read_and_said(tmp_path, capsys):
    marked = {
        "芙蓉区": "芙蓉区*",
        "浏阳市": "长沙市/浏阳市",
        "邵东市": "邵东市（原邵东县）",
        "吉首市": "湘西吉首市",
        "岳麓区": "3 岳麓区",
    }
    rows = [(marked.get(n, n), p) for _, n, p in ROWS]
    f = write_csv(tmp_path / "pop.csv", ["县市区", "常住人口（万人）"], rows)
    assert run("--population", f, "--out", tmp_path / "out") == 0
    assert county_targets(tmp_path / "out") == expected()
    out = capsys.readouterr().out
    assert "名称按变体读取 / names read from variants (5)" in out
    notes = json.loads((tmp_path / "out" / "run.json").read_text(encoding="utf-8"))["input"]["notes"]
    assert "row 2: name '芙蓉区*' read as 芙蓉区 430102" in notes
    assert sum(n.startswith("row ") and " name " in n and " read as " in n for n in notes) == 5


def test_a_variant_that_repeats_a_listed_unit_is_a_duplicate(tmp_path, capsys):
    rows = [(n, p) for _, n, p in ROWS] + [("芙蓉区*", "64.2010")]
    f = write_csv(tmp_path / "pop.csv", ["县市区", "常住人口（万人）"], rows)
    err = refusal(capsys, run("--population", f, "--out", tmp_path / "out"))
    assert "与第 2 行重复" in err and "duplicates row 2" in err


def test_zone_written_without_its_prefecture_gets_the_zone_hint(tmp_path, capsys):
    rows = [(n, p) for _, n, p in ROWS] + [("屈原管理区", "7.1521")]  # the census figure for the zone
    f = write_csv(tmp_path / "pop.csv", ["县市区", "常住人口（万人）"], rows)
    err = refusal(capsys, run("--population", f, "--out", tmp_path / "out"))
    assert "它是岳阳市的功能区" in err and "functional zone of 岳阳市" in err


def test_decimal_comma_cells_are_refused_once_naming_the_row(tmp_path, capsys):
    rows = [(n, p.replace(".", ",")) for _, n, p in ROWS]
    f = write_csv(tmp_path / "pop.csv", ["县市区", "常住人口（万人）"], rows, delimiter=";")
    err = refusal(capsys, run("--population", f, "--out", tmp_path / "out"))
    assert "pop.csv：第 2 行：人口数值“64,2010”看起来用逗号作小数点" in err
    assert "pop.csv: row 2: the population value '64,2010' looks like a decimal comma" in err


@pytest.mark.parametrize("given", ["from_file", "FROM-FILE"])
def test_from_file_spelled_otherwise(tmp_path, given):
    total = sum(Decimal(p) for _, _, p in ROWS)
    f = write_csv(
        tmp_path / "pop.csv", ["县市区", "常住人口（万人）"], [(n, p) for _, n, p in ROWS] + [("全省", total)]
    )
    assert run("--population", f, "--province-population", given, "--out", tmp_path / "out") == 0
    assert county_targets(tmp_path / "out") == expected()


def test_province_population_with_a_space_before_its_unit(tmp_path):
    f = write_csv(tmp_path / "pop.csv", ["县市区", "常住人口（万人）"], [(n, p) for _, n, p in ROWS])
    assert run("--population", f, "--province-population", "6622万 人", "--out", tmp_path / "out") == 0
    assert county_targets(tmp_path / "out") == expected(P=6622)
