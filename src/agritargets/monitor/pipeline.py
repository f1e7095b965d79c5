"""``monitor``: read, check and compute in one call, with the record of what was used."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

import pandas as pd

from agritargets import __version__
from agritargets.core.divisions import PROVINCE_ADCODE
from agritargets.monitor import checks
from agritargets.monitor.columns import DECIMALS, MonitorResult
from agritargets.monitor.compute import PACE_METHOD, PROJECTION_METHOD, compute, half_up
from agritargets.monitor.reader import ActualsInput, read_actuals
from agritargets.monitor.targets import Targets, from_rerun, printed_2023
from agritargets.population.reference import census

POPULATION_USED = {
    "source": "2020 census (第七次全国人口普查) county resident population, data/raw/population/census2020_county.csv",
    "unit": "万人",
    "aggregates": "prefecture and province: sum of the county units read (functional zones listed separately "
    "in the census are not included)",
}


def _month_table(actuals: ActualsInput) -> pd.DataFrame | None:
    """Per-month cumulative progress (亿元), counties and province, when several months are given."""
    m = actuals.months
    if m.empty:
        return None
    out = pd.DataFrame(
        {
            "adcode": m["adcode"],
            "month": m["month"].astype(int),
            "actual_yi": [half_up(v, DECIMALS["actual_yi"]) for v in m["actual_yi"]],
        }
    )
    complete = m.groupby("month")["adcode"].size() == actuals.table["adcode"].nunique()
    province = [
        (PROVINCE_ADCODE, int(month), half_up(sum(group["actual_yi"]), DECIMALS["actual_yi"]))
        for month, group in m.groupby("month")
        if complete[month]
    ]
    out = pd.concat([out, pd.DataFrame(province, columns=out.columns)], ignore_index=True)
    return out.sort_values(["adcode", "month"], ignore_index=True)


def _record(actuals: ActualsInput, targets: Targets, accepted: list[str], notes: list[str]) -> dict:
    return {
        "agritargets": __version__,
        "input": {
            "file": actuals.source,
            "sha256": actuals.sha256,
            "format": actuals.format,
            "sheet": actuals.sheet,
            "header_rows": actuals.header_rows,
            "columns": actuals.columns,
            "units": actuals.units,
            "rows_read": actuals.counts["county"],
            "rows_kept_out": {k: v for k, v in actuals.counts.items() if k != "county"},
            "stated_totals_checked": actuals.stated_checked,
            "names_read_as": actuals.names_read_as,
            "notes": actuals.notes + notes,
        },
        "period": actuals.period.record(),
        "targets": targets.record,
        "population": POPULATION_USED,
        "projection_method": PROJECTION_METHOD,
        "pace_method": PACE_METHOD,
        "growth": "(actual - last year) / last year x 100"
        if actuals.columns["last_year"]
        else ("as stated in the file" if actuals.columns["growth"] else "not available"),
        "status_rule": "ahead (达到序时进度) when completion >= schedule, exactly; else behind",
        "ranks": "by completion (growth for rank_growth), highest first; ties by adcode",
        "rounding": "half-up once, from exact values: 亿元 8 decimals (targets 2), percentages 4, 元 per person 2",
        "accepted_outliers": accepted,
    }


def run_monitor(
    actuals: Path | str,
    as_of: date | None = None,
    targets: Path | str | None = None,
    sheet: str | None = None,
    column: str | None = None,
    months: str | None = None,
    allow_partial: bool = False,
    accept_outliers: Collection[str] = (),
) -> MonitorResult:
    """Read an actuals file, check it against the targets and compute every measure.

    Parameters
    ----------
    actuals : Path or str
        The staff file (CSV/XLSX).
    as_of : date, optional
        ``--as-of``.
    targets : Path or str, optional
        An ``allocate`` output folder; default the 2023 printed targets.
    sheet, column, months : str, optional
        As for :func:`agritargets.monitor.reader.read_actuals`.
    allow_partial : bool
        Accept a file that lacks some county units.
    accept_outliers : collection of str
        Units accepted although above 3× their annual target before December.

    Returns
    -------
    MonitorResult

    Raises
    ------
    InputError
        Anything wrong, naming the file, row or column and the fix.
    """
    used = from_rerun(targets) if targets is not None else printed_2023()
    read = read_actuals(actuals, sheet=sheet, column=column, as_of=as_of, months=months)
    notes = checks.check_coverage(read, used, allow_partial)
    accepted = checks.check_outliers(read, used, accept_outliers)
    checks.check_growth(read)
    county, prefecture, province = compute(
        read.table, used.counties, used.prefectures, used.province, read.period.fraction, census().county
    )
    return MonitorResult(
        counties=county,
        prefectures=prefecture,
        province=province,
        period=read.period,
        record=_record(read, used, accepted, notes),
        months=_month_table(read),
    )
