"""Outputs: Excel-safe CSV, the XLSX, run.json; byte-identical reruns; all or nothing."""

import json

import openpyxl

from agritargets.cli import main
from agritargets.monitor.outputs import OUTPUT_FILES
from tests.monitor.oracle import csv_bytes, figures, platform_rows

DATA = figures(seed=21, months=6)


def test_byte_identical_reruns_and_the_record(tmp_path):
    f = tmp_path / "e.csv"
    f.write_bytes(csv_bytes(platform_rows(DATA, 6)))
    assert main(["monitor", "--actuals", str(f), "--out", str(tmp_path / "a")]) == 0
    assert main(["monitor", "--actuals", str(f), "--out", str(tmp_path / "b")]) == 0
    assert main(["monitor", "--actuals", str(f), "--out", str(tmp_path / "a")]) == 0  # replaced in place
    for name in OUTPUT_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert (tmp_path / "a" / "monitor_counties.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    run = json.loads((tmp_path / "a" / "run.json").read_text(encoding="utf-8"))
    assert run["input"]["file"] == "e.csv" and len(run["input"]["sha256"]) == 64
    assert run["input"]["header_rows"] == [3] and run["period"]["schedule"] == "1/2"
    assert run["targets"]["source"] == "printed-2023" and float(run["targets"]["province_yi"]) == 400
    assert "census" in run["population"]["source"] and run["projection_method"].startswith("run-rate")
    book = openpyxl.load_workbook(tmp_path / "a" / "monitor.xlsx", read_only=True)
    assert book.sheetnames == ["counties", "prefectures", "province", "months", "run"]
    row = next(book["province"].iter_rows(min_row=2, values_only=True))
    assert isinstance(row[4], float)  # percentages and amounts are numbers in the workbook


def test_refused_run_leaves_old_outputs_untouched(tmp_path, capsys):
    f = tmp_path / "e.csv"
    f.write_bytes(csv_bytes(platform_rows(DATA, 6)))
    out = tmp_path / "out"
    assert main(["monitor", "--actuals", str(f), "--out", str(out)]) == 0
    before = {n: (out / n).read_bytes() for n in OUTPUT_FILES}
    rows = platform_rows(DATA, 6)
    rows[3][4] = "-1"
    f.write_bytes(csv_bytes(rows))
    assert main(["monitor", "--actuals", str(f), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "negative" in err
    assert {n: (out / n).read_bytes() for n in OUTPUT_FILES} == before
    assert not list(tmp_path.glob("**/.agritargets-*"))


def test_refused_run_creates_no_folder(tmp_path):
    f = tmp_path / "e.csv"
    f.write_bytes(csv_bytes([["县市区", "1-6月（万元）"], ["芙蓉区", "abc"]]))
    assert main(["monitor", "--actuals", str(f), "--out", str(tmp_path / "new" / "out")]) == 2
    assert not (tmp_path / "new").exists()
