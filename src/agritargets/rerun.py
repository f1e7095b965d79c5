"""The staff workflow: a population file in, new targets (CSV + XLSX) and a diff against 2023 out.

Everything is written to a temporary folder first and moved into place only when
all of it succeeded, so a failed run leaves no partial output.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pandas as pd

from agritargets import __version__
from agritargets.allocation import Allocation, allocate
from agritargets.divisions import load_units
from agritargets.errors import InputError
from agritargets.files import sha256, write_csv, write_xlsx
from agritargets.population import PopulationInput, check_complete, read_population
from agritargets.targets import load_targets

OUTPUT_FILES = (
    "county_targets.csv",
    "prefecture_targets.csv",
    "diff_vs_2023.csv",
    "targets.xlsx",
    "run.json",
)


def _fmt(d: Decimal) -> str:
    return format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")


def county_output(alloc: Allocation) -> pd.DataFrame:
    c = alloc.counties
    return pd.DataFrame(
        {
            "adcode": c["adcode"],
            "county": c["county"],
            "prefecture_adcode": c["prefecture_adcode"],
            "prefecture": c["prefecture"],
            "population_wan": [_fmt(p) for p in c["population_wan"]],
            "share": [format(s, "f") for s in c["share"]],
            "target_yi": [format(t, "f") for t in c["target_yi"]],
        }
    )


def prefecture_output(alloc: Allocation) -> pd.DataFrame:
    p = alloc.prefectures
    n_all = load_units().groupby("prefecture_adcode").size()
    n_in = alloc.counties.groupby("prefecture_adcode").size()
    return pd.DataFrame(
        {
            "adcode": p["adcode"],
            "prefecture": p["prefecture"],
            "population_wan": [_fmt(v) for v in p["population_wan"]],
            "share": [format(s, "f") for s in p["share"]],
            "target_yi": [format(t, "f") for t in p["target_yi"]],
            "counties_included": [f"{n_in[a]}/{n_all[a]}" for a in p["adcode"]],
        }
    )


def diff_output(alloc: Allocation) -> pd.DataFrame:
    """New minus published 2023 target, counties then prefectures."""
    rows = []
    pub_c = load_targets("county").set_index("adcode")
    for r in alloc.counties.itertuples():
        old = Decimal(int(pub_c.loc[r.adcode, "target_cents"])) / 100
        rows.append(("county", r.adcode, r.county, r.prefecture, old, r.target_yi))
    pub_p = load_targets("prefecture").set_index("adcode")
    for r in alloc.prefectures.itertuples():
        old = Decimal(int(pub_p.loc[r.adcode, "target_cents"])) / 100
        rows.append(("prefecture", r.adcode, r.prefecture, r.prefecture, old, r.target_yi))
    return pd.DataFrame(
        {
            "level": [r[0] for r in rows],
            "adcode": [r[1] for r in rows],
            "name": [r[2] for r in rows],
            "prefecture": [r[3] for r in rows],
            "published_2023_yi": [format(r[4], ".2f") for r in rows],
            "target_yi": [format(r[5], "f") for r in rows],
            "diff_yi": [format(r[5] - r[4], ".2f") for r in rows],
        }
    )


def run_record(pop: PopulationInput, alloc: Allocation, path: Path) -> dict:
    return {
        "agritargets": __version__,
        "input": {
            "file": path.name,
            "sha256": sha256(path),
            "unit": pop.unit,
            "column": pop.column,
            "units": len(pop.table),
            "notes": pop.notes,
            "stated_total_wan": None if pop.stated_total is None else _fmt(pop.stated_total),
        },
        "total_yi": _fmt(alloc.total),
        "province_population_wan": _fmt(alloc.province_population),
        "denominator": alloc.denominator_source,
        "rounding": alloc.rounding,
        "sum_population_wan": _fmt(sum(alloc.counties["population_wan"], Decimal(0))),
        "sum_county_targets_yi": format(sum(alloc.counties["target_yi"], Decimal(0)), "f"),
        "sum_prefecture_targets_yi": format(sum(alloc.prefectures["target_yi"], Decimal(0)), "f"),
    }


NUMERIC = ("population_wan", "share", "target_yi", "published_2023_yi", "diff_yi")


def _as_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """For the XLSX: figures as numbers, so Excel can sum them (the CSVs keep the exact text)."""
    out = df.copy()
    for col in NUMERIC:
        if col in out:
            out[col] = pd.to_numeric(out[col])
    return out


def parse_decimal(text: str | None, what_zh: str, what_en: str) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(str(text).replace(",", ""))
    except ArithmeticError:
        value = None
    if value is None or not value.is_finite():
        raise InputError(f"{what_zh}“{text}”不是数字", f"{what_en} '{text}' is not a number")
    return value


def validated_allocation(
    population: Path | str,
    total: str | Decimal = "400",
    province_population: str | Decimal | None = None,
    rounding: str = "half-up",
    allow_partial: bool = False,
    sheet: str | None = None,
    column: str | None = None,
) -> tuple[PopulationInput, Allocation]:
    """Check the arguments and the file (InputError on anything wrong), then apply the rule."""
    total_d = parse_decimal(total, "全省目标", "total")
    pp = parse_decimal(province_population or None, "全省常住人口", "province population")
    if pp is not None and pp <= 0:
        raise InputError(
            f"全省常住人口必须大于 0（现为 {pp}）", f"the province population must be > 0 (got {pp})"
        )
    pop = read_population(Path(population), sheet=sheet, column=column)
    check_complete(pop, allow_partial, pp)
    return pop, allocate(pop.table, total=total_d, province_population=pp, rounding=rounding)


def run_allocation(
    population: Path | str,
    out_dir: Path | str,
    total: str | Decimal = "400",
    province_population: str | Decimal | None = None,
    rounding: str = "half-up",
    allow_partial: bool = False,
    sheet: str | None = None,
    column: str | None = None,
) -> dict[str, Path]:
    """Validate, allocate and write ``OUTPUT_FILES`` into ``out_dir``; InputError on bad input."""
    population, out_dir = Path(population), Path(out_dir)
    pop, alloc = validated_allocation(
        population, total, province_population, rounding, allow_partial, sheet, column
    )

    county, pref, diff = county_output(alloc), prefecture_output(alloc), diff_output(alloc)
    record = run_record(pop, alloc, population)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir.parent, prefix=".agritargets-") as tmp:
        t = Path(tmp)
        write_csv(county, t / "county_targets.csv")
        write_csv(pref, t / "prefecture_targets.csv")
        write_csv(diff, t / "diff_vs_2023.csv")
        about = pd.DataFrame(
            [
                (k, json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v)
                for k, v in record.items()
            ],
            columns=["key", "value"],
        )
        write_xlsx(
            {
                "county_targets": _as_numbers(county),
                "prefecture_targets": _as_numbers(pref),
                "diff_vs_2023": _as_numbers(diff),
                "run": about,
            },
            t / "targets.xlsx",
        )
        (t / "run.json").write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in OUTPUT_FILES:
            shutil.move(str(t / name), out_dir / name)
    return {name: out_dir / name for name in OUTPUT_FILES}
