"""All or nothing: a refused or interrupted run writes nothing, a good one replaces every output at once."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from agritargets import __version__
from agritargets.cli import main
from agritargets.core import files
from agritargets.rules import rerun
from tests.rules.test_rerun import ROWS, county_targets, expected, refuse, run, write_csv

OUTPUTS = set(rerun.OUTPUT_FILES)


@pytest.fixture
def pop(tmp_path):
    return write_csv(tmp_path / "pop.csv", ["adcode", "county", "population_wan"], ROWS)


def refused_out(capsys, pop, out):
    code = run("--population", pop, "--out", out)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    return err


def no_temporary_folders(*folders):
    return not [p for f in folders for p in f.glob(".agritargets-*")]


def test_empty_out_is_refused(tmp_path, capsys, pop, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = set(os.listdir(tmp_path))
    with pytest.raises(SystemExit) as stop:  # refused while the command line is read
        run("--population", pop, "--out", "")
    err = capsys.readouterr().err
    assert stop.value.code == 2 and "--out: is empty" in err and "--out：为空" in err
    assert set(os.listdir(tmp_path)) == before


def test_out_that_is_a_file_or_under_a_file_is_refused(tmp_path, capsys, pop):
    f = tmp_path / "report.txt"
    f.write_text("keep me")
    assert f"--out: {f} is a file, not a folder" in refused_out(capsys, pop, f)
    assert f"--out: {f} is a file, so {f / 'sub'} cannot be made" in refused_out(capsys, pop, f / "sub")
    assert f.read_text() == "keep me"


def test_out_holding_the_input_is_refused(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    f = write_csv(out / "county_targets.csv", ["adcode", "county", "population_wan"], ROWS)
    before = f.read_bytes()
    assert "the output folder" in refused_out(
        capsys, f, out
    ) and "holds the input file county_targets.csv" in (
        capsys.readouterr().err or refused_out(capsys, f, out)
    )
    assert f.read_bytes() == before


def test_unwritable_out_is_refused(tmp_path, capsys, pop, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkdtemp", denied)
    err = refused_out(capsys, pop, tmp_path / "ro" / "out")
    assert "cannot write in" in err and "Permission denied" in err
    assert not (tmp_path / "ro").exists()  # the parent it would have made is gone again


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_refused(tmp_path, capsys, pop):
    ro = tmp_path / "ro"
    ro.mkdir(mode=0o555)
    assert "cannot write in" in refused_out(capsys, pop, ro / "out")


def test_population_that_is_a_folder_is_refused(tmp_path, capsys):
    assert f"{tmp_path} is a folder, not a file" in refuse(tmp_path, capsys, tmp_path)


def old_run(tmp_path, pop):
    out = tmp_path / "out"
    assert run("--population", pop, "--province-population", "6622", "--out", out) == 0
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


def test_an_old_output_that_cannot_be_replaced_stops_the_run_before_writing(tmp_path, capsys, pop):
    out, before = old_run(tmp_path, pop)
    (out / "targets.xlsx").unlink()
    (out / "targets.xlsx").mkdir()  # stands for a file Windows keeps locked while Excel has it open
    err = refused_out(capsys, pop, out)
    assert f"the existing {out / 'targets.xlsx'} cannot be replaced" in err and "nothing was written" in err
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == {
        k: v for k, v in before.items() if k != "targets.xlsx"
    }
    assert no_temporary_folders(tmp_path, out)


def test_a_failing_swap_leaves_every_old_file(tmp_path, capsys, pop, monkeypatch):
    out, before = old_run(tmp_path, pop)

    def refused(a, b):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files, "exchange", refused)
    err = refused_out(capsys, pop, out)
    assert "the old files are untouched, nothing was written" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert no_temporary_folders(tmp_path, out)


def test_a_failing_second_rename_puts_the_old_folder_back(tmp_path, capsys, pop, monkeypatch):
    out, before = old_run(tmp_path, pop)
    real, calls = os.rename, []

    def flaky(src, dst):
        calls.append(dst)
        if Path(dst) == out and len(calls) == 2:  # the new folder into place, after the old went aside
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(files, "exchange", lambda a, b: False)  # a system without renameat2
    monkeypatch.setattr(files.os, "rename", flaky)
    err = refused_out(capsys, pop, out)
    assert "the old files are back, nothing was written" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert no_temporary_folders(tmp_path, out)


def test_a_good_run_replaces_every_output(tmp_path, pop):
    out, before = old_run(tmp_path, pop)
    assert run("--population", pop, "--out", out) == 0  # P = sum now: other targets
    assert county_targets(out) == expected() and set(before) == OUTPUTS == {p.name for p in out.iterdir()}


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signal_mid_write_leaves_nothing(tmp_path, capsys, pop, monkeypatch, sig, code):
    real = rerun.write_xlsx

    def killed(sheets, path):
        real(sheets, path)
        os.kill(os.getpid(), sig)  # as `kill` or Ctrl-C would, half-way through the outputs

    monkeypatch.setattr(rerun, "write_xlsx", killed)
    out = tmp_path / "new" / "out"
    assert run("--population", pop, "--out", out) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err
    assert not (tmp_path / "new").exists() and no_temporary_folders(tmp_path)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_signal_in_a_real_process_prints_one_line(tmp_path, sig, code):
    pipe = tmp_path / "pop.csv"
    os.mkfifo(pipe)  # the run blocks reading it: a signal then surely comes mid-run
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "agritargets",
            "allocate",
            "--population",
            str(pipe),
            "--out",
            str(tmp_path / "o"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with pipe.open("w") as writer:  # returns once the run has opened the file
        writer.write("adcode,population_wan\n")
        writer.flush()
        proc.send_signal(sig)
    # The writer is closed now: the kernel may hand a process-wide signal to one of numpy's
    # threads, which cannot wake the main thread from its blocked read; end of file does, and
    # Python then runs the pending handler at once.
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists() and no_temporary_folders(tmp_path)


def test_help_and_version(capsys):
    with pytest.raises(SystemExit) as e:
        main(["--help"])
    text = capsys.readouterr().out
    assert (
        e.value.code == 0
        and "退出码 / exit codes" in text
        and "allocate" in text
        and "用新的人口数据" in text
    )
    with pytest.raises(SystemExit):
        main(["allocate", "--help"])
    text = capsys.readouterr().out
    for part in (
        "GBK/GB18030",
        "万人",
        "run.json",
        "例 / example",
        "--province-population",
        "from-file",
        "130",
    ):
        assert part in text, part
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"agritargets {__version__}"


def test_every_run_says_what_it_used(tmp_path, capsys, pop):
    assert run("--population", pop, "--province-population", "6568", "--out", tmp_path / "o") == 0
    text = capsys.readouterr().out
    assert "input: pop.csv" in text and "row 1" in text and "“population_wan”" in text
    assert "unit: 万人（header）" in text and "123 个县市区行 / county rows" in text
    assert "分母 P / denominator: 6,568 万人" in text and "total: 400.00 亿元" in text and "half-up" in text
    changes = (
        text.split("largest changes against 2023 (亿元):")[1].split("输出 / written:")[0].strip().splitlines()
    )
    assert len(changes) == 5 and all("→" in line for line in changes)
