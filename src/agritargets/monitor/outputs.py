"""The monitoring outputs: three CSV tables, the month progress, ``monitor.xlsx`` and ``run.json``.

CSV files are UTF-8 with BOM (Excel on Chinese Windows opens them), fixed decimals per
column (:data:`~agritargets.monitor.columns.DECIMALS`), empty cells where a value does not
exist; the XLSX holds the same tables as numbers. The folder is written all or nothing by
:func:`agritargets.core.files.write_folder`; the same input gives the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from agritargets.core.files import write_csv, write_folder, write_xlsx
from agritargets.monitor.columns import DECIMALS, MonitorResult

OUTPUT_FILES = (
    "monitor_counties.csv",
    "monitor_prefectures.csv",
    "monitor_province.csv",
    "monitor_months.csv",
    "monitor.xlsx",
    "run.json",
)
MONTH_COLUMNS = ["adcode", "month", "actual_yi"]


def as_text(df: pd.DataFrame) -> pd.DataFrame:
    """A table with its numbers as fixed-decimal text and missing values empty (for the CSV).

    Examples
    --------
    >>> df = pd.DataFrame({"completion_pct": [45.5, float("nan")], "rank_province": pd.array([1, None], "Int64")})
    >>> as_text(df).values.tolist()
    [['45.5000', '1'], ['', '']]
    """
    out = df.copy()
    for col in out.columns:
        if col in DECIMALS:
            out[col] = ["" if pd.isna(v) else f"{v:.{DECIMALS[col]}f}" for v in out[col]]
        elif str(out[col].dtype) == "Int64":
            out[col] = ["" if pd.isna(v) else str(int(v)) for v in out[col]]
    return out


def _months(result: MonitorResult) -> pd.DataFrame:
    return result.months if result.months is not None else pd.DataFrame(columns=MONTH_COLUMNS)


def write_files(result: MonitorResult, folder: Path) -> None:
    """Write :data:`OUTPUT_FILES` into ``folder`` (no all-or-nothing here; see :func:`write_monitor`).

    Parameters
    ----------
    result : MonitorResult
    folder : Path
    """
    tables = {
        "monitor_counties": result.counties,
        "monitor_prefectures": result.prefectures,
        "monitor_province": result.province,
        "monitor_months": _months(result),
    }
    for name, df in tables.items():
        write_csv(as_text(df), folder / f"{name}.csv")
    about = pd.DataFrame(
        [
            (k, json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v)
            for k, v in result.record.items()
        ],
        columns=["key", "value"],
    )
    sheets = {"counties": result.counties, "prefectures": result.prefectures, "province": result.province}
    write_xlsx({**sheets, "months": _months(result), "run": about}, folder / "monitor.xlsx")
    text = json.dumps({**result.record, "outputs": list(OUTPUT_FILES)}, ensure_ascii=False, indent=2) + "\n"
    (folder / "run.json").write_text(text, encoding="utf-8")


def write_monitor(result: MonitorResult, out_dir: Path | str) -> dict[str, Path]:
    """Write the monitoring outputs into ``out_dir``, all or nothing.

    Parameters
    ----------
    result : MonitorResult
    out_dir : Path or str
        The output folder (created if needed; old outputs replaced only when all can be).

    Returns
    -------
    dict
        File name -> path written.
    """
    return write_folder(out_dir, OUTPUT_FILES, lambda folder: write_files(result, folder))
