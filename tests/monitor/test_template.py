"""``agritargets monitor --template``: 123 units, their codes and targets; byte-stable; fills in and runs."""

import csv
from fractions import Fraction

import openpyxl

from agritargets.cli import main
from agritargets.monitor.template import HEADER, TEMPLATE_FILES
from tests.monitor.oracle import (
    assert_matches,
    csv_bytes,
    expected,
    figures,
    printed_targets,
    share_of_year,
    yi_of_fen,
)

DATA = figures(seed=31, months=6)


def test_template_lists_123_units_and_is_byte_stable(tmp_path, capsys):
    assert main(["monitor", "--template", str(tmp_path / "t1")]) == 0
    assert main(["monitor", "--template", str(tmp_path / "t2")]) == 0
    for name in TEMPLATE_FILES:
        assert (tmp_path / "t1" / name).read_bytes() == (tmp_path / "t2" / name).read_bytes()
    with open(tmp_path / "t1" / "monitor_template.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[1] == HEADER and len(rows) == 2 + 123
    counties, _ = printed_targets()
    assert {r[3] for r in rows[2:]} == set(counties)
    assert all(Fraction(r[4]) == counties[r[3]][3] for r in rows[2:])
    book = openpyxl.load_workbook(tmp_path / "t1" / "monitor_template.xlsx")
    assert book.sheetnames == ["说明", "填报表"] and "累计" in book["说明"]["A3"].value


def test_filled_template_runs(tmp_path):
    assert main(["monitor", "--template", str(tmp_path / "t")]) == 0
    with open(tmp_path / "t" / "monitor_template.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    for r in rows[2:]:
        cum = DATA[r[3]][1]
        r[5 : 5 + 3] = [f"{v / 100:.2f}" for v in cum[:3]]
    (tmp_path / "filled.csv").write_bytes(csv_bytes(rows, "utf-8-sig"))
    assert main(["monitor", "--actuals", str(tmp_path / "filled.csv"), "--out", str(tmp_path / "o")]) == 0
    actual = {c: yi_of_fen(v[1][2]) for c, v in DATA.items()}
    assert_matches(tmp_path / "o", *expected(actual, {}, share_of_year(3)))
