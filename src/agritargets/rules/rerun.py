"""The staff workflow's output: new targets (CSV + XLSX), the diff against 2023 and ``run.json``.

All or nothing. The output folder is checked first (not empty, not a file,
writable, not holding the input, every old output replaceable); the files are
written into a hidden temporary folder and put in place in one step — a rename
when the folder is new, otherwise file by file with the old files kept aside
until all new ones are in (and put back if any move fails). SIGINT/SIGTERM
during the run remove the temporary folder (the CLI turns them into
:class:`~agritargets.core.errors.Interrupted`); they are held back during the final
moves so a run is never left half replaced. The mechanism is
:func:`agritargets.core.files.write_folder`, shared with the monitoring outputs.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from pathlib import Path

import pandas as pd

from agritargets.core import files
from agritargets.core.divisions import load_units
from agritargets.core.files import write_csv, write_xlsx
from agritargets.population.changes import Changes
from agritargets.population.prepare import CheckedAllocation, validated_allocation
from agritargets.population.record import exact
from agritargets.rules.allocation import Allocation
from agritargets.rules.options import RerunOptions

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
        See :func:`agritargets.core.files.check_out_dir`.
    """
    return files.check_out_dir(out_dir, OUTPUT_FILES, inputs)


def write_files(checked: CheckedAllocation, folder: Path) -> None:
    """Write ``OUTPUT_FILES`` into an existing, empty ``folder`` (no swap: see :func:`write_run`).

    Parameters
    ----------
    checked : CheckedAllocation
    folder : Path
    """
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
    return files.write_folder(out_dir, OUTPUT_FILES, lambda folder: write_files(checked, folder))


def run_allocation(
    population: Path | str,
    out_dir: Path | str,
    options: RerunOptions | Mapping[str, object] | None = None,
    **values: object,
) -> dict[str, Path]:
    """Validate, allocate and write ``OUTPUT_FILES`` into ``out_dir``; InputError on bad input.

    Parameters
    ----------
    population : Path or str
        The population file.
    out_dir : Path or str
        The output folder (created if needed).
    options, **values
        The rerun options (:mod:`agritargets.rules.options`), as for
        :func:`agritargets.population.prepare.validated_allocation`.

    Returns
    -------
    dict
        File name -> path written.
    """
    check_out_dir(out_dir, [Path(population)])
    checked = validated_allocation(population, options, **values)
    return write_run(checked, out_dir)
