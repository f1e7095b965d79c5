"""``--targets``: an allocate run's folder is used (its own prefecture targets and total); anything else refused."""

import csv
import json
from fractions import Fraction

import pytest

from agritargets.cli import main
from agritargets.core import paths
from agritargets.core.errors import InputError
from agritargets.monitor.pipeline import run_monitor
from agritargets.monitor.targets import from_rerun
from tests.monitor.oracle import assert_matches, csv_bytes, expected, figures, platform_rows, yi_of_fen

DATA = figures(seed=31, months=6)


def test_targets_from_an_allocate_run(tmp_path, rerun):
    f = tmp_path / "e.csv"
    f.write_bytes(csv_bytes(platform_rows(DATA, 6)))
    assert main(["monitor", "--actuals", str(f), "--targets", str(rerun), "--out", str(tmp_path / "o")]) == 0
    with open(rerun / "county_targets.csv", encoding="utf-8-sig", newline="") as fh:
        c = {
            r["adcode"]: (r["county"], r["prefecture_adcode"], r["prefecture"], Fraction(r["target_yi"]))
            for r in csv.DictReader(fh)
        }
    with open(rerun / "prefecture_targets.csv", encoding="utf-8-sig", newline="") as fh:
        p = {r["adcode"]: (r["prefecture"], Fraction(r["target_yi"])) for r in csv.DictReader(fh)}
    actual = {k: yi_of_fen(v[1][-1]) for k, v in DATA.items()}
    last = {k: yi_of_fen(v[2]) for k, v in DATA.items()}
    assert_matches(tmp_path / "o", *expected(actual, last, Fraction(1, 2), (c, p), Fraction(450)))
    run = json.loads((tmp_path / "o" / "run.json").read_text(encoding="utf-8"))
    assert run["targets"]["source"] == "allocate-rerun" and run["targets"]["province_yi"] == "450"


def test_a_folder_that_is_not_an_allocate_run_is_refused(tmp_path, rerun, capsys):
    f = tmp_path / "e.csv"
    f.write_bytes(csv_bytes(platform_rows(DATA, 6)))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "county_targets.csv").write_bytes((rerun / "county_targets.csv").read_bytes())
    assert main(["monitor", "--actuals", str(f), "--targets", str(bad), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert (
        "缺少 prefecture_targets.csv、run.json" in err and "missing prefecture_targets.csv, run.json" in err
    )
    assert "agritargets allocate" in err and not (tmp_path / "o").exists()


def test_the_record_says_which_rerun(rerun):
    t = from_rerun(rerun)
    assert len(t.counties) == 123 and len(t.prefectures) == 14 and t.province == 450
    assert len(t.record["sha256"]["run.json"]) == 64 and t.record["rerun_input"] == "census2020_county.csv"


def test_a_partial_allocate_run_monitors_only_its_units(tmp_path):
    census = paths.POPULATION_RAW / "census2020_county.csv"
    part = tmp_path / "changsha.csv"
    part.write_text(
        "".join(census.read_text(encoding="utf-8").splitlines(keepends=True)[:10]), encoding="utf-8"
    )
    alloc = tmp_path / "alloc"
    args = ["allocate", "--population", str(part), "--allow-partial", "--province-population", "sum"]
    assert main([*args, "--out", str(alloc)]) == 0
    f = tmp_path / "e.csv"
    f.write_bytes(csv_bytes(platform_rows(DATA, 6)))
    with pytest.raises(InputError) as err:  # every county beyond 长沙市 has actuals but no target
        run_monitor(f, targets=alloc)
    assert "在所用的目标表中没有目标" in err.value.zh and "have no target" in err.value.en
    mine = {c: v for c, v in DATA.items() if c.startswith("4301")}
    f.write_bytes(csv_bytes(platform_rows(mine, 6, subtotals=False)))
    result = run_monitor(f, targets=alloc)
    assert list(result.prefectures["prefecture"]) == ["长沙市"] and result.province.loc[0, "target_yi"] == 400
