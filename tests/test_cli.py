"""Every command as safe as `allocate`: guarded paths, options that cannot apply refused, parameters
that reach Quarto unaltered, outputs swapped in whole for readers, bounded inputs, interrupts that
leave nothing behind. (Renders with real Quarto: tests/documents/test_isolation.py, slow.)"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from agritargets.cli import bilingual_usage_error, main
from agritargets.core import files, paths
from agritargets.core.errors import InputError
from agritargets.documents.quarto import write_params
from agritargets.documents.reportdata import ReportParams, cell_parameters
from agritargets.population.reader import read_population
from agritargets.rules.options import NAMES, OPTIONS, RerunOptions

CENSUS = paths.POPULATION_RAW / "census2020_county.csv"


def refused(capsys, *argv) -> str:
    """Run the CLI in this process; it must refuse (exit 2) with a message and no traceback."""
    with pytest.raises(SystemExit) if argv and argv[-1] == "<argparse>" else _nothing() as caught:
        code = main([str(a) for a in argv if a != "<argparse>"])
    code = caught.value.code if caught is not None and hasattr(caught, "value") else code
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err, err
    return err


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


# --------------------------------------------------------------------------- options once


def test_every_rerun_option_is_a_flag_and_a_document_parameter():
    from agritargets.documents.reportdata import PARAMETERS

    assert [o.name for o in OPTIONS] == list(NAMES)
    assert set(NAMES) <= set(PARAMETERS)
    for qmd in ("report.qmd", "briefing.qmd"):
        head = (paths.ROOT / qmd).read_text(encoding="utf-8").split("#| label: setup")[0]
        assert all(f'\n{name} = ""' in head for name in PARAMETERS), qmd


@pytest.mark.parametrize(
    ("command", "option"),
    [
        ("figures", ["--total", "500"]),
        ("briefing", ["--rounding", "largest-remainder"]),
        ("build", ["--province-population", "6568"]),
        ("report", ["--sheet", "2023.10"]),
        ("report", ["--allow-partial"]),
    ],
)
def test_an_option_that_cannot_apply_is_refused_before_any_work(tmp_path, capsys, command, option):
    err = refused(capsys, command, *option, "--out", tmp_path / "out")
    assert f"{option[0]} 只在给出新的人口文件时起作用" in err
    assert f"{option[0]} only apply with a population file and would be ignored" in err
    assert not (tmp_path / "out").exists()


def test_options_as_text_round_trip_unaltered():
    o = RerunOptions.parse(
        sheet="2023.10", column="人口 #2\n(万人)", total="450.50", accept_outliers=["芙蓉区"]
    )
    assert RerunOptions.parse(o.as_text()) == o
    assert o.as_text()["sheet"] == "2023.10" and o.as_text()["column"] == "人口 #2\n(万人)"


# --------------------------------------------------------------------------- guarded paths


@pytest.mark.parametrize("command", ["allocate", "figures", "report", "briefing", "build"])
def test_docs_is_written_by_publish_only(tmp_path, capsys, command):
    before = sorted(p.name for p in (paths.ROOT / "docs").iterdir())
    err = refused(
        capsys, command, "--population", CENSUS, "--province-population", "6622", "--out", "docs/2024"
    )
    assert "docs/ 只由 agritargets publish" in err and "only agritargets publish (make publish) writes" in err
    assert sorted(p.name for p in (paths.ROOT / "docs").iterdir()) == before


@pytest.mark.parametrize("command", ["allocate", "figures", "report", "briefing", "build", "publish"])
def test_out_that_is_a_file_is_refused_by_every_command(tmp_path, capsys, command):
    f = tmp_path / "result.txt"
    f.write_text("keep me")
    population = ["--population", CENSUS, "--province-population", "6622"] if command != "publish" else []
    err = refused(capsys, command, *population, "--out", f)
    assert "is a file, not a folder; --out must be a folder" in err and "是文件，不是文件夹" in err
    assert f.read_text() == "keep me"


@pytest.mark.parametrize(
    ("out", "zh", "en"),
    [
        ("", "为空", "is empty; name the output folder"),
        ("out\r", "看不见的字符 '\\r'", "invisible character '\\r'"),
        ("out\n2", "看不见的字符 '\\n'", "invisible character '\\n'"),
        ("out ", "首尾有空格", "starts or ends with a blank"),
    ],
)
@pytest.mark.parametrize("command", ["allocate", "figures", "build"])
def test_out_with_nothing_or_invisible_characters_is_refused(
    tmp_path, capsys, monkeypatch, command, out, zh, en
):
    monkeypatch.chdir(tmp_path)
    err = refused(capsys, command, "--population", CENSUS, "--out", out, "<argparse>")
    assert zh in err and en in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out", [".", ".."])
def test_out_that_would_replace_the_current_folder_is_refused(tmp_path, capsys, monkeypatch, out):
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    err = refused(capsys, "allocate", "--population", CENSUS, "--province-population", "6622", "--out", out)
    assert "is the current folder, the project folder or above them" in err
    assert [p.name for p in tmp_path.iterdir()] == ["work"] and not list((tmp_path / "work").iterdir())


def test_population_path_problems_are_pointed(tmp_path, capsys):
    err = refused(capsys, "allocate", "--population", "", "--out", tmp_path / "o", "<argparse>")
    assert "--population：为空" in err and "--population: is empty" in err
    err = refused(capsys, "allocate", "--population", f"{CENSUS}\r", "--out", tmp_path / "o", "<argparse>")
    assert "carriage return" in err and "Windows" in err and f"'{CENSUS}' exists" in err
    err = refused(capsys, "allocate", "--population", "-人口2024.csv", "--out", tmp_path / "o", "<argparse>")
    assert "--population=-人口2024.csv" in err and "选项 --population 缺少值" in err


def test_a_file_really_named_with_a_newline_or_hash_is_read(tmp_path):
    odd = tmp_path / "人口 #2\n2024.csv"
    odd.write_bytes(CENSUS.read_bytes())
    argv = [
        "allocate",
        "--population",
        str(odd),
        "--province-population",
        "6622",
        "--out",
        str(tmp_path / "o"),
    ]
    assert main(argv) == 0
    assert json.loads((tmp_path / "o" / "run.json").read_text(encoding="utf-8"))["input"]["file"] == odd.name


def test_argparse_errors_are_bilingual():
    text = bilingual_usage_error("the following arguments are required: --out")
    assert text.splitlines() == [
        "缺少必需的选项：--out；agritargets COMMAND --help 列出全部选项",
        "missing required option(s): --out; agritargets COMMAND --help lists them all",
    ]
    assert bilingual_usage_error("something new").startswith("命令行有误：something new\n")


# --------------------------------------------------------------------------- document parameters


def test_params_file_carries_values_unaltered(tmp_path):
    values = {
        "sheet": "2023.10",
        "population": "人口 #2.csv",
        "column": "常住\n人口",
        "total": 450,
        "run": "",
    }
    read = yaml.safe_load(write_params(values, tmp_path / "p.yml").read_text(encoding="utf-8"))
    assert read == {"sheet": "2023.10", "population": "人口 #2.csv", "column": "常住\n人口", "total": "450"}


@pytest.mark.parametrize(
    ("values", "en"),
    [
        ({"provincepopulation": 6568}, "unknown parameter(s) provincepopulation (did you mean"),
        ({"population": "p.csv", "total": float("inf")}, "parameter total has no usable value"),
        ({"population": "p.csv", "total": None}, "parameter total has no usable value"),
        ({"population": "p.csv", "sheet": 2023.1}, "parameter sheet was read by Quarto as the number 2023.1"),
        ({"population": "p.csv", "total": "1e400"}, "the total '1e400' is out of range"),
        ({"run": "r", "total": "450"}, "the run parameter (a checked rerun) already holds every option"),
        ({"allow_partial": "true"}, "allow_partial only apply with a population file"),
    ],
)
def test_document_parameters_are_checked(values, en):
    with pytest.raises(InputError) as err:
        ReportParams.from_values(**values)
    assert en in str(err.value)


def test_injected_parameters_are_seen_even_when_misspelt():
    before = {"Markdown", "In"}
    namespace = {"In": [], "Markdown": object, "population": "", "provincepopulation": 6568, "_x": 1}
    assert cell_parameters(namespace, before) == {"population": "", "provincepopulation": 6568}


# --------------------------------------------------------------------------- outputs, for readers


def _version(folder: Path, k: int) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(str(k) * 1000)


def test_a_reader_sees_one_whole_set_while_it_is_replaced(tmp_path):
    """The folder is swapped whole: whatever a reader opens holds one run's files, never two runs'.

    (A reader that opened the old folder just before the swap may find it emptied as it is
    removed; it never finds files of two runs side by side.)
    """
    out = tmp_path / "out"
    files.write_folder(out, ("a.txt", "b.txt", "c.txt"), lambda f: _version(f, 0))
    (out / "mine.txt").write_text("a file of the user's")
    stop, seen, mixed, errors = threading.Event(), [], [], []

    def read() -> None:
        while not stop.is_set():
            try:
                fd = os.open(out, os.O_RDONLY)  # resolve the folder once, then read the set in it
            except FileNotFoundError as err:  # `out` itself must never be missing
                errors.append(err)
                continue
            try:
                texts = {n: Path(f"/proc/self/fd/{fd}/{n}").read_text() for n in ("a.txt", "b.txt", "c.txt")}
            except FileNotFoundError:
                continue  # the old set went away after the swap: read again
            finally:
                os.close(fd)
            seen.append(texts["a.txt"][0])
            if len(set(texts.values())) != 1:
                mixed.append(texts)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for k in range(1, 60):
            files.write_folder(out, ("a.txt", "b.txt", "c.txt"), lambda f, k=k: _version(f, k))
    finally:
        stop.set()
        reader.join()
    assert not mixed and not errors and len(set(seen)) > 2
    assert sorted(os.listdir(out)) == ["a.txt", "b.txt", "c.txt", "mine.txt"]
    assert (out / "mine.txt").read_text() == "a file of the user's"  # not ours: kept
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left


def test_two_commands_writing_one_folder_keep_each_others_files(tmp_path):
    out = tmp_path / "report"
    files.write_folder(out, ("report.html",), lambda f: (f / "report.html").write_text("r1"))
    files.write_folder(out, ("briefing.pptx",), lambda f: (f / "briefing.pptx").write_text("b1"))
    files.write_folder(out, ("report.html", "report.pdf"), lambda f: (f / "report.html").write_text("r2"))
    assert {p.name: p.read_text() for p in out.iterdir()} == {"report.html": "r2", "briefing.pptx": "b1"}


# --------------------------------------------------------------------------- bounded inputs


def test_an_xlsx_bomb_is_refused_from_its_declared_sizes(tmp_path):
    bomb = tmp_path / "人口.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("xl/workbook.xml", '<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", "<Relationships/>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            block = b"<si><t>a</t></si>" * 65536
            for _ in range(300_000_000 // len(block)):  # 300 MB of strings in well under 1 MB
                f.write(block)
    assert bomb.stat().st_size < 2_000_000
    start = time.monotonic()
    with pytest.raises(InputError) as err:
        read_population(bomb)
    assert time.monotonic() - start < 2
    assert "zip bomb" in str(err.value) and "压缩炸弹" in str(err.value)


def test_an_oversized_text_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "人口.csv"
    with big.open("wb") as f:
        f.write("县,人口\n".encode())
        f.truncate(200_000_000)  # sparse: 200 MB on paper, nothing on disk
    start = time.monotonic()
    with pytest.raises(InputError) as err:
        read_population(big)
    assert time.monotonic() - start < 1 and "above the 64 MB this program reads" in str(err.value)


def test_a_file_size_limit_is_a_clean_refusal(tmp_path):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "agritargets", "allocate", "--population", CENSUS, "--out", out]
    cmd += ["--province-population", "6622"]
    done = subprocess.run(cmd, capture_output=True, text=True, preexec_fn=limit, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert "ulimit -f" in done.stderr and "nothing was written" in done.stderr
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- doctor


@pytest.mark.skipif(
    bool(shutil.which("quarto", path="/usr/bin:/bin")), reason="Quarto is a system package here"
)
def test_doctor_fails_and_says_how_to_fix_without_quarto(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "AGRITARGETS_CACHE": str(tmp_path / "c")}
    done = subprocess.run(
        [sys.executable, "-m", "agritargets", "doctor"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 1
    assert "quarto: not found" in done.stdout and "make setup" in done.stdout
    assert "1 missing" in done.stderr


# --------------------------------------------------------------------------- interrupts


def descendants(pid: int) -> dict[int, bytes]:
    """Every living descendant of ``pid`` with its start time (to tell a reused pid apart)."""
    parent, start = {}, {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_bytes().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            parent[int(entry.name)], start[int(entry.name)] = int(stat[1]), stat[19]
    found, frontier = {}, [pid]
    while frontier:
        p = frontier.pop()
        for child, par in parent.items():
            if par == p and child not in found:
                found[child] = start[child]
                frontier.append(child)
    return found


def alive(pids: dict[int, bytes]) -> list[int]:
    """Those of ``pids`` still running (same start time; zombies count as gone)."""
    left = []
    for pid, started in pids.items():
        try:
            stat = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if stat[19] == started and stat[0] != b"Z":
            left.append(pid)
    return left


def _wait_for_handlers(pid: int, timeout: float = 60.0) -> None:
    """Until the process catches SIGTERM (``python -m agritargets`` sets its handlers first thing).

    A fresh clone compiles every module on its first run, which can take seconds: the moments
    the tests name are counted from here.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(re.search(r"^SigCgt:\s*([0-9a-f]+)", status, re.M).group(1), 16)
        if caught & (1 << (signal.SIGTERM - 1)):
            return
        time.sleep(0.01)
    raise AssertionError("the command never installed its signal handlers")


def interrupt(
    argv: list, tmp_path: Path, after: float, sig: int, group: bool
) -> tuple[int, float, str, list]:
    """Start the real CLI, signal it ``after`` seconds in; exit code, seconds to exit, stderr, survivors.

    The command starts from an empty figure cache of its own, so it draws: the moments ``after``
    names (workers drawing, the kernel computing) do not move when other tests warmed the cache.
    """
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    cold = tmp_path.with_name(f"{tmp_path.name}-cache")
    env = dict(os.environ, TMPDIR=str(scratch), AGRITARGETS_CACHE=str(cold))
    proc = subprocess.Popen(
        [sys.executable, "-m", "agritargets", *map(str, argv)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    seen: dict[int, bytes] = {}
    _wait_for_handlers(proc.pid)  # `after` counts from the command's start, not Python's
    deadline = time.monotonic() + after
    while time.monotonic() < deadline:
        seen.update(descendants(proc.pid))
        time.sleep(0.05)
    seen.update(descendants(proc.pid))
    (os.killpg if group else os.kill)(proc.pid, sig)  # a terminal's Ctrl-C reaches the whole group
    start = time.monotonic()
    try:
        proc.wait(timeout=10)
    finally:
        proc.kill()
    took = time.monotonic() - start
    err = proc.stderr.read()
    proc.stderr.close()
    time.sleep(0.2)
    assert list(scratch.iterdir()) == [], "temporary files left in TMPDIR"
    return proc.returncode, took, err, alive(seen)


def _earlier_pack(out: Path) -> dict[str, bytes]:
    out.mkdir()
    (out / "figures.csv").write_text("an earlier, complete pack")
    (out / "index.html").write_text("<p>earlier</p>")
    return {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.mark.parametrize(
    ("after", "sig", "group"),
    [
        (1.0, signal.SIGINT, True),  # Ctrl-C while the inputs load
        pytest.param(3.5, signal.SIGTERM, False, marks=pytest.mark.slow),  # kill while workers draw
    ],
)
def test_interrupted_figures_exit_at_once_and_leave_nothing(tmp_path, after, sig, group):
    out = tmp_path / "out"
    before = _earlier_pack(out)
    code, took, err, survivors = interrupt(["figures", "--out", out], tmp_path, after, sig, group)
    assert code == 128 + sig and took < 2.0, (code, took, err)
    assert err.count("\n") == 1 and "interrupted" in err and "Traceback" not in err, err
    assert not survivors, f"processes left: {survivors}"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the earlier output, intact
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "tmp"]


# --------------------------------------------------------------------------- one reading per command


def test_the_documents_get_the_checked_run_not_the_raw_file(tmp_path, monkeypatch):
    from agritargets.documents import build
    from agritargets.population import prepare

    real, calls = prepare.read_population, []
    monkeypatch.setattr(prepare, "read_population", lambda *a, **k: calls.append(a) or real(*a, **k))
    prepared = build.prepare(CENSUS, RerunOptions.parse(province_population="6622"), echo=lambda _: None)
    params = build.document_params(prepared, tmp_path)
    assert params == {"run": str(tmp_path / "run")}
    shown = ReportParams.from_values(**params).scenario()  # what report.qmd and briefing.qmd draw
    assert len(calls) == 1  # the staff file was read once, by the command
    s = prepared.scenario
    assert (
        shown.counties.to_csv() == s.counties.to_csv()
        and shown.prefectures.to_csv() == s.prefectures.to_csv()
    )
    assert (shown.title, shown.inputs, shown.total, shown.run) == (s.title, s.inputs, s.total, s.run)
