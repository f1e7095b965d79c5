"""A made-up monitoring result (示例数据（虚构）) built independently in exact fractions, for the bulletin's tests.

Actuals are whole 万元 chosen by a formula (no randomness); every column of the engine's contract
(:mod:`agritargets.monitor.columns`) is computed here with ``Fraction`` and rounded half-up by hand,
so tests can compare what the figures and the bulletin print against numbers derived separately.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pandas as pd

from agritargets.core.divisions import load_units
from agritargets.core.targets import load_targets
from agritargets.monitor.columns import (
    COUNTY_COLUMNS,
    DECIMALS,
    INTEGERS,
    PREFECTURE_COLUMNS,
    PROVINCE_COLUMNS,
    STATUS_ZH,
    MonitorResult,
)
from agritargets.monitor.periods import Period

ROOT = Path(__file__).resolve().parents[2]
DEMO_FILE = "农产品网络零售额_2023年1-6月_示例数据（虚构）.csv"


def half_up(x: Fraction, places: int) -> float:
    scaled = abs(x) * 10**places
    n = int(scaled + Fraction(1, 2))
    return float((n if x >= 0 else -n) / Fraction(10**places)) if n else 0.0


def wan_actuals(month: int = 6) -> dict[str, dict[int, int]]:
    """adcode -> {month: cumulative actual in whole 万元}; counties fall on both sides of the schedule."""
    t = load_targets("county")
    out = {}
    for i, (a, cents) in enumerate(zip(t["adcode"], t["target_cents"], strict=True)):
        k = int(a[2:4])  # prefecture: some whole prefectures ahead, some behind
        factor = Fraction(60 + (i * 37) % 51 + (k * 7) % 19, 100)  # 0.60 … 1.28 of the schedule
        annual_wan = cents * 100  # 0.01 亿元 = 100 万元
        out[a] = {m: int(annual_wan * factor * Fraction(m, 12)) for m in range(1, month + 1)}
    return out


def population() -> dict[str, Fraction]:
    c = pd.read_csv(ROOT / "data/raw/population/census2020_county.csv", dtype={"adcode": str})
    return {a: Fraction(str(p)) for a, p in zip(c["adcode"], c["population_wan"], strict=True)}


def _measures(target: Fraction, actual: Fraction, pop: Fraction, last: Fraction, period: Period) -> dict:
    f = period.fraction
    done = actual / target * 100
    sched = f * 100
    remaining = max(target - actual, Fraction(0))
    left = 12 * (1 - f)
    return {
        "target_yi": target,
        "actual_yi": actual,
        "completion_pct": done,
        "schedule_pct": sched,
        "gap_pts": done - sched,
        "status": "ahead" if done >= sched else "behind",
        "last_year_yi": last,
        "growth_pct": (actual - last) / last * 100,
        "remaining_yi": remaining,
        "monthly_pace_yi": remaining / left if left else None,
        "projection_yi": actual / f,
        "projection_pct": actual / f / target * 100,
        "population_wan": pop,
        "per_capita_yuan": actual * 10**4 / pop,
        "target_per_capita_yuan": target * 10**4 / pop,
    }


def _ranks(df: pd.DataFrame, key: str, col: str, by: str | None = None) -> pd.Series:
    order = df.assign(_k=df[key].map(lambda v: -v)).sort_values(["_k", col])
    if by is None:
        return pd.Series(range(1, len(df) + 1), index=order.index).reindex(df.index)
    return order.groupby(by).cumcount().add(1).reindex(df.index)


def _frame(rows: list[dict], columns: list[str], code: str) -> pd.DataFrame:
    df = pd.DataFrame(rows)
    if "rank_province" in columns:
        df["rank_province"] = _ranks(df, "completion_pct", code)
    if "rank_growth" in columns:
        df["rank_growth"] = _ranks(df, "growth_pct", code)
    if "rank_prefecture" in columns:
        df["rank_prefecture"] = _ranks(df, "completion_pct", code, by="prefecture_adcode")
    df["status_zh"] = df["status"].map(STATUS_ZH)
    for c, places in DECIMALS.items():
        if c in df:
            df[c] = [float("nan") if v is None else half_up(v, places) for v in df[c]]
    for c in INTEGERS:
        if c in df:
            df[c] = df[c].astype(int)
    return df[columns]


def _upper_levels(sums: dict, ptargets: pd.Series, period: Period) -> tuple[list[dict], dict]:
    """Prefecture rows (own targets, actual = sum of counties) and the province row."""
    names = load_units().drop_duplicates("prefecture_adcode").set_index("prefecture_adcode")["prefecture"]
    prows = []
    for code, s in sums.items():
        m = _measures(Fraction(int(ptargets[code]), 100), s["actual"], s["pop"], s["last"], period)
        prows.append(
            {
                "prefecture_adcode": code,
                "prefecture": names[code],
                **m,
                "counties_ahead": s["ahead"],
                "counties": s["n"],
            }
        )
    tot = {k: sum(s[k] for s in sums.values()) for k in ("actual", "last", "pop", "n", "ahead")}
    pm = _measures(Fraction(400), tot["actual"], tot["pop"], tot["last"], period)
    province = {
        "adcode": "430000",
        "name": "湖南省",
        **pm,
        "counties_ahead": tot["ahead"],
        "counties": tot["n"],
        "prefectures_ahead": sum(p["status"] == "ahead" for p in prows),
        "prefectures": len(prows),
    }
    return prows, province


def build(month: int = 6, year: int = 2023, fictitious: bool = True) -> MonitorResult:
    """The whole made-up result for 1–``month`` of ``year``."""
    period = Period(month, year, None, f"表头“{year}年1-{month}月”")
    t = load_targets("county")
    ptargets = load_targets("prefecture").set_index("adcode")["target_cents"]
    wan = wan_actuals(month)
    pops = population()
    crows, sums = [], {}
    for i, r in enumerate(t.itertuples()):
        actual = Fraction(wan[r.adcode][month], 10**4)
        last = actual * Fraction(100, 95 + (i * 13) % 40)
        m = _measures(Fraction(int(r.target_cents), 100), actual, pops[r.adcode], last, period)
        crows.append(
            {
                "adcode": r.adcode,
                "county": r.county,
                "prefecture_adcode": r.prefecture_adcode,
                "prefecture": r.prefecture,
                **m,
            }
        )
        s = sums.setdefault(
            r.prefecture_adcode,
            {"actual": Fraction(0), "last": Fraction(0), "pop": Fraction(0), "n": 0, "ahead": 0},
        )
        s["actual"] += actual
        s["last"] += last
        s["pop"] += pops[r.adcode]
        s["n"] += 1
        s["ahead"] += m["status"] == "ahead"
    prows, province = _upper_levels(sums, ptargets, period)
    months = [
        {"adcode": a, "month": m, "actual_yi": v / 10**4} for a, by in wan.items() for m, v in by.items()
    ]
    months += [
        {"adcode": "430000", "month": m, "actual_yi": sum(by[m] for by in wan.values()) / 10**4}
        for m in range(1, month + 1)
    ]
    record = {
        "input": {
            "file": DEMO_FILE if fictitious else f"农产品网络零售额_{year}年1-{month}月.csv",
            "sha256": "0" * 64,
            "sheet": None,
            "units": {"actual": "万元"},
            "rows_read": 123,
        },
        "period": period.record(),
        "targets": {
            "source": "printed-2023",
            "label_zh": "2023 年印发目标（湘商电〔2023〕3号 附件2、附件3，全省 400 亿元）",
        },
        "projection_method": "actual / elapsed share of the year (run rate)",
    }
    return MonitorResult(
        _frame(crows, COUNTY_COLUMNS, "adcode"),
        _frame(prows, PREFECTURE_COLUMNS, "prefecture_adcode"),
        _frame([province], PROVINCE_COLUMNS, "adcode"),
        period,
        record,
        pd.DataFrame(months),
    )


def write_folder(result: MonitorResult, out: Path) -> Path:
    """The result as ``agritargets monitor`` writes it (the engine's own writer)."""
    from agritargets.monitor.outputs import write_monitor

    write_monitor(result, out)
    return out
