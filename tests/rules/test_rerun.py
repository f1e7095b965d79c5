"""`agritargets allocate`: what staff actually have is accepted; everything else is refused clearly."""

import csv
import io
import json
from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from openpyxl import Workbook

from agritargets.cli import main
from agritargets.core.files import read_csv
from agritargets.rules.forensic import read_vintage
from tests.oracle import half_up_rule

CENSUS = read_vintage("census2020")
ROWS = list(zip(CENSUS["adcode"], CENSUS["name"], [str(p) for p in CENSUS["population_wan"]], strict=True))


def write_csv(path, header, rows, encoding="utf-8", delimiter=",", title=None):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    if title:
        w.writerow([title])
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_workbook(path, sheets, hidden=(), active=None):
    """``sheets``: name -> list of rows; ``hidden``: names to hide; ``active``: the sheet it opens on."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
        if name in hidden:
            ws.sheet_state = "hidden"
    if active is not None:
        wb.active = list(sheets).index(active)
    wb.save(path)
    return path


def write_xlsx(path, header, rows, title=None, sheet="Sheet1", first_sheet=None):
    wb = Workbook()
    ws = wb.active
    if first_sheet:
        ws.title = first_sheet
        ws.append(["说明：本工作簿第二页为人口数据"])
        ws = wb.create_sheet(sheet)
    else:
        ws.title = sheet
    if title:
        ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def run(*args):
    return main(["allocate", *map(str, args)])


def county_targets(out):
    return read_csv(out / "county_targets.csv", dtype=str).set_index("adcode")["target_yi"].to_dict()


def expected(P=None, rows=ROWS, total=400):
    pops = {a: Fraction(p) for a, _, p in rows}
    pref = {a: a[:4] + "00" for a, _, _ in rows}
    c, _ = half_up_rule(pops, pref, Fraction(total), None if P is None else Fraction(P))
    return {a: f"{Decimal(v).scaleb(-2):.2f}" for a, v in c.items()}


# --------------------------------------------------------------------------- accepted inputs


def test_plain_csv_matches_oracle(tmp_path):
    f = write_csv(tmp_path / "pop.csv", ["adcode", "county", "population_wan"], ROWS)
    assert run("--population", f, "--out", tmp_path / "out") == 0
    assert county_targets(tmp_path / "out") == expected()
    for name in ("county_targets.csv", "prefecture_targets.csv", "diff_vs_2023.csv"):
        assert (tmp_path / "out" / name).read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel
    assert (tmp_path / "out" / "targets.xlsx").exists()


def test_identical_inputs_give_identical_files(tmp_path):
    f = write_csv(tmp_path / "pop.csv", ["adcode", "county", "population_wan"], ROWS)
    run("--population", f, "--out", tmp_path / "a")
    run("--population", f, "--out", tmp_path / "b")
    for name in (
        "county_targets.csv",
        "prefecture_targets.csv",
        "diff_vs_2023.csv",
        "targets.xlsx",
        "run.json",
    ):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_gbk_chinese_headers_title_row_and_names_only(tmp_path):
    rows = [(n, p) for _, n, p in ROWS]
    f = write_csv(
        tmp_path / "gbk.csv",
        ["县市区", "常住人口（万人）"],
        rows,
        encoding="gbk",
        title="2022年各县市区常住人口",
    )
    assert run("--population", f, "--province-population", "6622", "--out", tmp_path / "o") == 0
    assert county_targets(tmp_path / "o") == expected("6622")


def test_persons_unit_former_names_and_codes_xlsx(tmp_path):
    old = {"邵东市": "邵东县", "渌口区": "株洲县", "祁阳市": "祁阳县"}
    rows = [(a, old.get(n, n), int(Decimal(p) * 10000)) for a, n, p in ROWS]
    rows = [("431121" if a == "431181" else a, n, p) for a, n, p in rows]  # pre-2021 code of 祁阳
    f = write_xlsx(
        tmp_path / "p.xlsx",
        ["区划代码", "单位名称", "常住人口（人）"],
        rows,
        title="表1 常住人口",
        sheet="数据",
        first_sheet="说明",
    )
    assert run("--population", f, "--sheet", "数据", "--out", tmp_path / "o") == 0
    assert county_targets(tmp_path / "o") == expected()
    assert json.loads((tmp_path / "o" / "run.json").read_text())["input"]["unit"] == "人"


def test_utf8_bom_tab_separated_with_total_and_subtotal_rows(tmp_path):
    rows = [(n, p) for _, n, p in ROWS]
    rows.insert(0, ("长沙市", "1004.7914"))  # = its 9 counties (长沙 has no functional zone)
    rows.insert(10, ("株洲市小计", "378.692"))
    rows.append(("合计", "6535.6793"))
    f = write_csv(
        tmp_path / "t.tsv", ["name", "population (10k persons)"], rows, encoding="utf-8-sig", delimiter="\t"
    )
    assert run("--population", f, "--out", tmp_path / "o") == 0
    notes = json.loads((tmp_path / "o" / "run.json").read_text())["input"]["notes"]
    assert any("subtotal '长沙市'" in n for n in notes) and any("total row '合计'" in n for n in notes)
    assert any("subtotal '株洲市小计'" in n for n in notes)
    assert json.loads((tmp_path / "o" / "run.json").read_text())["input"]["stated_total_wan"] == "6535.6793"
    assert county_targets(tmp_path / "o") == expected()


def test_largest_remainder_and_other_total(tmp_path):
    f = write_csv(tmp_path / "pop.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS])
    assert (
        run("--population", f, "--total", "450", "--rounding", "largest-remainder", "--out", tmp_path / "o")
        == 0
    )
    c = read_csv(tmp_path / "o" / "county_targets.csv", dtype=str)
    p = read_csv(tmp_path / "o" / "prefecture_targets.csv", dtype=str)
    assert sum(Decimal(v) for v in c["target_yi"]) == Decimal(450)
    assert sum(Decimal(v) for v in p["target_yi"]) == Decimal(450)


def test_partial_run(tmp_path):
    some = ROWS[:9]  # 长沙市 only
    f = write_csv(tmp_path / "cs.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in some])
    assert (
        run("--population", f, "--allow-partial", "--province-population", "6622", "--out", tmp_path / "o")
        == 0
    )
    assert county_targets(tmp_path / "o") == expected("6622", rows=some)
    p = read_csv(tmp_path / "o" / "prefecture_targets.csv", dtype=str)
    assert p["counties_included"].tolist() == ["9/9"]


def test_diff_against_2023(tmp_path):
    f = write_csv(tmp_path / "pop.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS])
    run("--population", f, "--province-population", "6622", "--out", tmp_path / "o")
    d = read_csv(tmp_path / "o" / "diff_vs_2023.csv", dtype=str)
    furong = d[(d["level"] == "county") & (d["adcode"] == "430102")].iloc[0]
    assert (furong["published_2023_yi"], furong["target_yi"], furong["diff_yi"]) == ("3.90", "3.88", "-0.02")
    assert (d["level"] == "prefecture").sum() == 14


# --------------------------------------------------------------------------- refusals


def refuse(tmp_path, capsys, f, *extra):
    out = tmp_path / "out"
    code = run("--population", f, *extra, "--out", out)
    err = capsys.readouterr().err
    assert code == 2
    assert not out.exists() or not any(out.iterdir()), "no partial output"
    assert "Traceback" not in err
    return err


def test_missing_units(tmp_path, capsys):
    f = write_csv(tmp_path / "m.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS[2:]])
    err = refuse(tmp_path, capsys, f)
    assert "m.csv" in err and "缺少 2 个县级单位：芙蓉区、天心区" in err and "2 unit(s) missing" in err
    assert "--allow-partial" in err


def test_partial_needs_province_population(tmp_path, capsys):
    f = write_csv(tmp_path / "m.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS[2:]])
    err = refuse(tmp_path, capsys, f, "--allow-partial")
    assert "--allow-partial needs --province-population" in err


def test_duplicates(tmp_path, capsys):
    rows = [(n, p) for _, n, p in ROWS] + [("邵东县", "103.8416")]
    f = write_csv(tmp_path / "d.csv", ["county", "population_wan"], rows)
    err = refuse(tmp_path, capsys, f)
    assert (
        "第 125 行“邵东县”与第 40 行重复" in err
        and "row 125 '邵东县' duplicates row 40 (both are 邵东市 430582)" in err
    )


def test_not_a_hunan_unit(tmp_path, capsys):
    rows = [(n, p) for _, n, p in ROWS] + [("云龙示范区", "11.5818"), ("武昌区", "120")]
    f = write_csv(tmp_path / "x.csv", ["county", "population_wan"], rows)
    err = refuse(tmp_path, capsys, f)
    assert "row 125 '云龙示范区' is not a Hunan county-level unit" in err
    assert "row 126 '武昌区'" in err and "2 problem(s)" in err


def test_code_and_name_disagree(tmp_path, capsys):
    rows = [list(r) for r in ROWS]
    rows[0][0] = "430103"  # 天心区's code on 芙蓉区's row
    f = write_csv(tmp_path / "c.csv", ["adcode", "county", "population_wan"], rows)
    err = refuse(tmp_path, capsys, f)
    assert "row 2: code 430103 (天心区) and name '芙蓉区' (430102) disagree" in err


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        ("", "人口为空", "population is blank"),
        ("约64万", "不是数字", "is not a number"),
        ("0", "必须大于 0", "must be > 0"),
        ("-64.2", "必须大于 0", "must be > 0"),
        ("642010", "2020 年普查为 64.201", "as if it were in persons"),
    ],
)
def test_bad_population_values(tmp_path, capsys, value, zh, en):
    rows = [list(r) for r in ROWS]
    rows[0][2] = value
    f = write_csv(tmp_path / "v.csv", ["adcode", "county", "population_wan"], rows)
    err = refuse(tmp_path, capsys, f)
    assert "第 2 行 芙蓉区" in err and zh in err
    assert "row 2 芙蓉区" in err and en in err


def test_persons_header_with_wan_values_is_refused(tmp_path, capsys):
    f = write_csv(tmp_path / "u.csv", ["adcode", "常住人口(人)"], [(a, p) for a, _, p in ROWS])
    err = refuse(tmp_path, capsys, f)
    assert "the header '常住人口(人)' says the unit is 人" in err and "look like 万人" in err
    assert "表头“常住人口(人)”写的单位是“人”" in err


def test_no_population_column(tmp_path, capsys):
    f = write_csv(tmp_path / "n.csv", ["adcode", "county", "gdp"], [(a, n, "1") for a, n, _ in ROWS])
    err = refuse(tmp_path, capsys, f)
    assert "no header found" in err and "找不到表头" in err and "n.csv" in err


def test_two_population_columns_need_column(tmp_path, capsys):
    rows = [(a, p, p) for a, _, p in ROWS]
    f = write_csv(tmp_path / "two.csv", ["adcode", "2021年常住人口", "2022年常住人口"], rows)
    err = refuse(tmp_path, capsys, f)
    assert "several population columns" in err
    assert run("--population", f, "--column", "2022年常住人口", "--out", tmp_path / "ok") == 0


@pytest.mark.parametrize(
    ("content", "en"),
    [(b"", "the file is empty"), (b"\x81\x30\xff\xfe\xfd" * 3 + b"\xff", "unreadable text encoding")],
)
def test_empty_or_unreadable_file(tmp_path, capsys, content, en):
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    assert en in refuse(tmp_path, capsys, f)


def test_missing_file_and_bad_xlsx(tmp_path, capsys):
    assert "file not found" in refuse(tmp_path, capsys, tmp_path / "nope.csv")
    f = tmp_path / "broken.xlsx"
    f.write_bytes(b"not a zip")
    assert "cannot open as XLSX" in refuse(tmp_path, capsys, f)


@pytest.mark.parametrize(
    ("flag", "value", "en"),
    [
        ("--total", "0", "must be > 0"),
        ("--total", "-1", "must be > 0"),
        ("--total", "abc", "is not a number"),
        ("--province-population", "0", "must be > 0"),
    ],
)
def test_bad_total_or_province_population(tmp_path, capsys, flag, value, en):
    f = write_csv(tmp_path / "pop.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS])
    assert en in refuse(tmp_path, capsys, f, flag, value)


def test_wrong_prefecture_column(tmp_path, capsys):
    rows = [(a, n, a[:4] + "00", p) for a, n, p in ROWS]
    rows[0] = (rows[0][0], rows[0][1], "株洲市", rows[0][3])
    f = write_csv(tmp_path / "pf.csv", ["adcode", "county", "市州", "population_wan"], rows)
    err = refuse(tmp_path, capsys, f)
    assert "芙蓉区 belongs to 长沙市, not '株洲市'" in err


def test_failed_run_leaves_existing_output_untouched(tmp_path, capsys):
    good = write_csv(tmp_path / "g.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS])
    out = tmp_path / "out"
    assert run("--population", good, "--out", out) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = write_csv(tmp_path / "b.csv", ["adcode", "population_wan"], [(a, "x") for a, _, _ in ROWS])
    assert run("--population", bad, "--out", out) == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not list(tmp_path.glob(".agritargets-*"))


def test_pandas_free_of_float_noise(tmp_path):
    f = write_csv(tmp_path / "pop.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS])
    run("--population", f, "--out", tmp_path / "o")
    c = pd.read_csv(tmp_path / "o" / "county_targets.csv", encoding="utf-8-sig", dtype=str)
    assert dict(zip(c["adcode"], c["population_wan"], strict=True)) == {a: p for a, _, p in ROWS}


@pytest.mark.parametrize("command", ["build", "report", "briefing", "figures"])
def test_other_commands_refuse_bad_population_before_any_work(tmp_path, capsys, command):
    bad = write_csv(tmp_path / "b.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS[1:]])
    assert main([command, "--population", str(bad), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "缺少 1 个县级单位：芙蓉区" in err and "1 unit(s) missing" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_xlsx_holds_the_same_tables(tmp_path):
    from openpyxl import load_workbook

    f = write_csv(tmp_path / "pop.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS])
    run("--population", f, "--out", tmp_path / "o")
    wb = load_workbook(tmp_path / "o" / "targets.xlsx", read_only=True)
    assert wb.sheetnames == ["county_targets", "prefecture_targets", "diff_vs_2023", "run"]
    rows = list(wb["county_targets"].iter_rows(values_only=True))
    csv_rows = read_csv(tmp_path / "o" / "county_targets.csv", dtype=str)
    assert list(rows[0]) == list(csv_rows.columns)
    assert [str(r[0]) for r in rows[1:]] == csv_rows["adcode"].tolist()
    assert [r[-1] for r in rows[1:]] == [float(v) for v in csv_rows["target_yi"]]  # numbers, not text


def test_figures_refuse_a_non_numeric_province_population(tmp_path, capsys):
    good = write_csv(tmp_path / "g.csv", ["adcode", "population_wan"], [(a, p) for a, _, p in ROWS])
    assert (
        main(
            [
                "figures",
                "--population",
                str(good),
                "--province-population",
                "abc",
                "--out",
                str(tmp_path / "f"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "province population 'abc' is not a number" in err and "Traceback" not in err
    assert not (tmp_path / "f").exists()
