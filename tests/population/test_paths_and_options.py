"""Paths and options that cannot apply: refused in both languages.

Each case is a bilingual refusal with exit 2 and nothing written, never a traceback.
"""

import os
from decimal import Decimal

import pytest

from agritargets.cli import main
from tests.rules.test_rerun import ROWS, county_targets, expected, run, write_csv

HEADER = ["adcode", "county", "population_wan"]
NAME_MAX = os.pathconf("/", "PC_NAME_MAX")  # 255 on Linux, macOS and Windows file systems


def refused(capsys, code: int) -> str:
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    return err


def test_population_name_too_long(tmp_path, capsys):
    too_long = tmp_path / ("人口" * (NAME_MAX // 6 + 1) + ".csv")  # 3 bytes per character in UTF-8
    err = refused(capsys, run("--population", too_long, "--out", tmp_path / "out"))
    assert str(too_long) in err
    assert not (tmp_path / "out").exists()


def test_out_name_too_long(tmp_path, capsys):
    f = write_csv(tmp_path / "pop.csv", HEADER, ROWS)
    out = tmp_path / ("输出" * (NAME_MAX // 6 + 1))
    err = refused(capsys, run("--population", f, "--out", out))
    assert "文件名或路径过长" in err and "file name or path too long" in err


def test_symlink_loop_as_population_is_named(tmp_path, capsys):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    err = refused(capsys, run("--population", loop, "--out", tmp_path / "out"))
    assert "loop.csv" in err
    assert ("符号链接循环" in err and "symbolic link loop" in err) or (
        "找不到文件" in err and "not found" in err
    )
    assert not (tmp_path / "out").exists()


def test_symlink_loop_as_out(tmp_path, capsys):
    f = write_csv(tmp_path / "pop.csv", HEADER, ROWS)
    out = tmp_path / "out"
    out.symlink_to(out)
    err = refused(capsys, run("--population", f, "--out", out))
    assert "符号链接循环" in err and "symbolic link loop" in err
    assert "--out" in err


def test_invalid_rounding_is_refused_in_both_languages(tmp_path, capsys):
    f = write_csv(tmp_path / "pop.csv", HEADER, ROWS)
    with pytest.raises(SystemExit) as exit_:
        main(["allocate", "--population", str(f), "--out", str(tmp_path / "out"), "--rounding", "四舍五入"])
    err = refused(capsys, exit_.value.code)
    assert "取整方式“四舍五入”无效" in err and "invalid rounding '四舍五入'" in err
    assert "half-up" in err and "largest-remainder" in err


def test_accept_outlier_list_written_with_the_chinese_enumeration_comma(tmp_path):
    rows = [r if r[1] not in ("芙蓉区", "天心区") else (r[0], r[1], str(Decimal(r[2]) * 2)) for r in ROWS]
    f = write_csv(tmp_path / "pop.csv", HEADER, rows)
    assert run("--population", f, "--out", tmp_path / "no") == 2  # both doubled: outliers vs the census
    assert run("--population", f, "--accept-outlier", "芙蓉区、天心区", "--out", tmp_path / "out") == 0
    assert county_targets(tmp_path / "out") == expected(rows=rows)


def test_accept_outlier_for_a_plausible_county_is_refused_by_name(tmp_path, capsys):
    f = write_csv(
        tmp_path / "pop.csv", HEADER, ROWS
    )  # the census itself: no outliers; range = 64.201 × (1 ± 25 %)
    code = run("--population", f, "--accept-outlier", "芙蓉区", "--out", tmp_path / "out")
    err = refused(capsys, code)
    assert "--accept-outlier 不起作用：芙蓉区 64.201 万人在合理范围 48.15–80.25 之内" in err
    assert "--accept-outlier would do nothing: 芙蓉区 64.201 万人 is within the plausible 48.15–80.25" in err
    assert not (tmp_path / "out").exists()


def test_accept_outlier_for_a_plausible_province_total_is_refused(tmp_path, capsys):
    f = write_csv(tmp_path / "pop.csv", HEADER, ROWS)
    args = ["--province-population", "6622", "--accept-outlier", "全省", "--out", tmp_path / "out"]
    err = refused(capsys, run("--population", f, *args))
    assert "全省 6,622 万人在合理范围 6,312.26–6,976.71 之内" in err and "remove these names" in err


def test_allow_partial_with_every_county_present_is_refused(tmp_path, capsys):
    f = write_csv(tmp_path / "pop.csv", HEADER, ROWS)
    args = ["--allow-partial", "--province-population", "6622", "--out", tmp_path / "out"]
    err = refused(capsys, run("--population", f, *args))
    assert "pop.csv 包含全部 123 个县级单位，--allow-partial 不起作用；请去掉它" in err
    assert "has all 123 county units, so --allow-partial would do nothing" in err
