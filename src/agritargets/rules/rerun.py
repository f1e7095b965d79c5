"""The staff workflow's output: new targets (CSV + XLSX), the diff against 2023 and ``run.json``.

All or nothing. The output folder is checked first (not empty, not a file,
writable, not holding the input, every old output replaceable); the files are
written into a hidden temporary folder and put in place in one step — a rename
when the folder is new, otherwise file by file with the old files kept aside
until all new ones are in (and put back if any move fails). SIGINT/SIGTERM
during the run remove the temporary folder (the CLI turns them into
:class:`~agritargets.core.errors.Interrupted`); they are held back during the final
moves so a run is never left half replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Collection, Iterator
from pathlib import Path

import pandas as pd

from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError, path_error
from agritargets.core.files import write_csv, write_xlsx
from agritargets.population.changes import Changes
from agritargets.population.prepare import CheckedAllocation, validated_allocation
from agritargets.population.record import exact
from agritargets.rules.allocation import Allocation

OUTPUT_FILES = (
    "county_targets.csv",
    "prefecture_targets.csv",
    "diff_vs_2023.csv",
    "targets.xlsx",
    "run.json",
)
COUNTY_OUTPUT_COLUMNS = [
    "adcode",
    "county",
    "prefecture_adcode",
    "prefecture",
    "population_wan",
    "share",
    "target_yi",
]
PREFECTURE_OUTPUT_COLUMNS = [
    "adcode",
    "prefecture",
    "population_wan",
    "share",
    "target_yi",
    "counties_included",
]
NUMERIC = ("population_wan", "share", "target_yi", "published_2023_yi", "diff_yi")
TEMP_PREFIX = ".agritargets-"


def _with_exact_figures(out: pd.DataFrame, level: pd.DataFrame) -> pd.DataFrame:
    """``out`` plus the level's population, share and target as exact text (no float on the way)."""
    out["population_wan"] = [exact(v) for v in level["population_wan"]]
    out["share"] = [format(v, "f") for v in level["share"]]
    out["target_yi"] = [format(v, "f") for v in level["target_yi"]]
    return out


def county_output(alloc: Allocation) -> pd.DataFrame:
    """County targets as exact text (``COUNTY_OUTPUT_COLUMNS``).

    Parameters
    ----------
    alloc : Allocation

    Returns
    -------
    pandas.DataFrame
    """
    c = alloc.counties
    out = _with_exact_figures(c[["adcode", "county", "prefecture_adcode", "prefecture"]].copy(), c)
    return out[COUNTY_OUTPUT_COLUMNS].reset_index(drop=True)


def prefecture_output(alloc: Allocation) -> pd.DataFrame:
    """Prefecture targets as exact text, with how many of its units the run included.

    Parameters
    ----------
    alloc : Allocation

    Returns
    -------
    pandas.DataFrame
    """
    p = alloc.prefectures
    n_all = load_units().groupby("prefecture_adcode").size()
    n_in = alloc.counties.groupby("prefecture_adcode").size()
    out = _with_exact_figures(p[["adcode", "prefecture"]].copy(), p)
    out["counties_included"] = [f"{n_in[a]}/{n_all[a]}" for a in p["adcode"]]
    return out[PREFECTURE_OUTPUT_COLUMNS].reset_index(drop=True)


def diff_output(changes: Changes) -> pd.DataFrame:
    """New minus published 2023 target, counties then prefectures, as exact text.

    Parameters
    ----------
    changes : Changes

    Returns
    -------
    pandas.DataFrame
    """
    out = changes.table.copy()
    out["published_2023_yi"] = [format(v, ".2f") for v in out["published_2023_yi"]]
    out["target_yi"] = [format(v, "f") for v in out["target_yi"]]
    out["diff_yi"] = [format(v, ".2f") for v in out["diff_yi"]]
    return out


def _as_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """For the XLSX: figures as numbers, so Excel can sum them (the CSVs keep the exact text)."""
    out = df.copy()
    for col in NUMERIC:
        if col in out:
            out[col] = pd.to_numeric(out[col])
    return out


# --------------------------------------------------------------------------- the output folder


def _refuse(zh: str, en: str) -> InputError:
    return InputError(f"--out：{zh}", f"--out: {en}")


def check_out_dir(out_dir: Path | str, inputs: Collection[Path] = ()) -> Path:
    """Refuse an output folder that would lose or mix data; return it as a Path.

    Parameters
    ----------
    out_dir : Path or str
        ``--out`` as given.
    inputs : collection of Path
        Files the run reads (never inside the output folder).

    Returns
    -------
    Path

    Raises
    ------
    InputError
        Empty, a file, under a file, holding an input, an old output that cannot be replaced, or
        a path the system refuses (too long, a symlink loop).
    """
    try:
        return _checked_out_dir(out_dir, inputs)
    except (OSError, RuntimeError) as err:  # RuntimeError: Path.resolve() on a symlink loop
        raise path_error(out_dir, err, "输出文件夹 --out", "output folder --out") from None


def _checked_out_dir(out_dir: Path | str, inputs: Collection[Path]) -> Path:
    if not str(out_dir).strip():
        raise _refuse(
            "为空；请给出输出文件夹，如 --out 结果/2024",
            "is empty; name an output folder, e.g. --out out/2024",
        )
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise _refuse(
            f"{out} 是文件，不是文件夹；请换一个文件夹", f"{out} is a file, not a folder; choose a folder"
        )
    for parent in out.absolute().parents:
        if parent.exists() and not parent.is_dir():
            raise _refuse(
                f"{parent} 是文件，无法在其下建立 {out}", f"{parent} is a file, so {out} cannot be made"
            )
    where = out.resolve()
    for f in inputs:
        try:
            input_path = Path(f).resolve()
        except (OSError, RuntimeError) as err:
            raise path_error(f, err, "输入文件", "input file") from None
        if where in input_path.parents:
            raise _refuse(
                f"输出文件夹 {out} 中有输入文件 {Path(f).name}；请换一个输出文件夹，以免输入被覆盖",
                f"the output folder {out} holds the input file {Path(f).name}; choose another --out so the "
                "input can never be overwritten",
            )
    for name in OUTPUT_FILES:
        old = out / name
        if not old.exists() and not old.is_symlink():
            continue
        try:
            if old.is_dir():
                raise IsADirectoryError(21, "is a folder")
            with old.open("r+b"):
                pass  # Excel on Windows holds open files locked: this fails then, before anything moves
        except OSError as err:
            raise _refuse(
                f"已有的 {old} 无法替换（{err.strerror}；是否在 Excel 中打开或只读？）；请关闭或删去它后重试，本次没有写出任何文件",
                f"the existing {old} cannot be replaced ({err.strerror}; open in Excel or read-only?); close or "
                "remove it and run again — nothing was written",
            ) from None
    return out


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back while files move into place (delivered right after)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _temporary_folder(where: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=where))
    except OSError as err:
        raise _refuse(
            f"无法在 {where} 中写入（{err.strerror}）；请换一个有写权限的文件夹",
            f"cannot write in {where} ({err.strerror}); choose a folder you can write to",
        ) from None


def _replace_all(new: Path, out: Path, backup: Path) -> None:
    """Move every new file over the old one; on any failure put the old ones back."""
    placed, saved = [], []
    try:
        for name in OUTPUT_FILES:
            if (out / name).exists():
                os.replace(out / name, backup / name)
                saved.append(name)
            os.replace(new / name, out / name)
            placed.append(name)
    except OSError as err:
        for name in placed:
            os.replace(out / name, new / name)
        for name in saved:
            os.replace(backup / name, out / name)
        raise _refuse(
            f"无法替换 {out / name}（{err.strerror}）；已恢复原有文件，本次没有写出任何文件",
            f"cannot replace {out / name} ({err.strerror}); the old files are back, nothing was written",
        ) from None


def _write_files(checked: CheckedAllocation, folder: Path) -> None:
    alloc = checked.allocation
    county, pref, diff = county_output(alloc), prefecture_output(alloc), diff_output(checked.changes)
    write_csv(county, folder / "county_targets.csv")
    write_csv(pref, folder / "prefecture_targets.csv")
    write_csv(diff, folder / "diff_vs_2023.csv")
    about = pd.DataFrame(
        [
            (k, json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v)
            for k, v in checked.record.items()
        ],
        columns=["key", "value"],
    )
    sheets = {"county_targets": county, "prefecture_targets": pref, "diff_vs_2023": diff}
    write_xlsx({**{k: _as_numbers(v) for k, v in sheets.items()}, "run": about}, folder / "targets.xlsx")
    text = json.dumps(checked.record, ensure_ascii=False, indent=2) + "\n"
    (folder / "run.json").write_text(text, encoding="utf-8")


def write_run(checked: CheckedAllocation, out_dir: Path | str) -> dict[str, Path]:
    """Write ``OUTPUT_FILES`` for a checked allocation into ``out_dir``, all or nothing.

    Parameters
    ----------
    checked : CheckedAllocation
    out_dir : Path or str

    Returns
    -------
    dict
        File name -> path written.
    """
    out = check_out_dir(out_dir)
    missing = [p for p in [out, *out.absolute().parents] if not p.exists()]
    for folder in reversed(missing[1:]):  # parents first; the output folder itself comes by rename
        try:
            folder.mkdir()
        except OSError as err:
            raise _refuse(
                f"无法建立 {folder}（{err.strerror}）", f"cannot create {folder} ({err.strerror})"
            ) from None
    tmp = None
    try:
        tmp = _temporary_folder(out if out.exists() else out.absolute().parent)
        new = tmp / "new"
        new.mkdir()
        _write_files(checked, new)
        with _signals_held():
            if out.exists():
                backup = tmp / "old"
                backup.mkdir()
                _replace_all(new, out, backup)
            else:
                os.rename(new, out)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for folder in missing[1:]:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty: nothing was put there
    return {name: out / name for name in OUTPUT_FILES}


def run_allocation(
    population: Path | str,
    out_dir: Path | str,
    total: object = "400",
    province_population: object = None,
    rounding: str = "half-up",
    allow_partial: object = False,
    sheet: str | None = None,
    column: str | None = None,
    accept_outliers: Collection[str] | str = (),
) -> dict[str, Path]:
    """Validate, allocate and write ``OUTPUT_FILES`` into ``out_dir``; InputError on bad input.

    Parameters
    ----------
    population, total, province_population, rounding, allow_partial, sheet, column, accept_outliers
        As for :func:`agritargets.population.prepare.validated_allocation`.
    out_dir : Path or str
        The output folder (created if needed).

    Returns
    -------
    dict
        File name -> path written.
    """
    check_out_dir(out_dir, [Path(population)])
    checked = validated_allocation(
        population, total, province_population, rounding, allow_partial, sheet, column, accept_outliers
    )
    return write_run(checked, out_dir)
