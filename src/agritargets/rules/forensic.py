"""Which population base explains the printed targets? Real figures only, coverage stated.

The vintages are the files in ``data/raw/population`` (each value with its
source). For every vintage and every candidate denominator P we recompute the
covered counties' targets with the notice's rule (half-up) and count exact
matches. Nothing is filled in: a county without a figure in a vintage is simply
not part of that vintage's comparison.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import pandas as pd

from agritargets.core import paths
from agritargets.core.files import read_csv

TOTAL = Decimal(400)
CENT = Decimal("0.01")
SWEEP_RANGE = (Decimal(6500), Decimal(6700), Decimal("0.1"))  # 万人: candidate denominators P

# label -> (file, description)
VINTAGES = {
    "census2020": (
        "census2020_county.csv",
        "七普 2020-11-01（国家分县资料）/ 2020 census, national county tabulation",
    ),
    "census2020_local": (
        "census2020_bulletin_variants.csv",
        "七普（地方公报口径，含功能区）/ 2020 census as local bulletins print it (zones folded in)",
    ),
    "yearend2021": ("yearend2021_county.csv", "2021 年末常住人口（2021 年公报，2022 年发布）/ year-end 2021"),
    "yearend2022": ("yearend2022_county.csv", "2022 年末常住人口（2022 年公报，2023 年发布）/ year-end 2022"),
    "yearend2023": ("yearend2023_county.csv", "2023 年末常住人口 / year-end 2023"),
}


def read_vintage(label: str, raw_dir: Path | None = None) -> pd.DataFrame:
    """One vintage as read: adcode, name, population_wan (Decimal), flag, source.

    Parameters
    ----------
    label : str
        A key of :data:`VINTAGES`.
    raw_dir : Path, optional
        Folder of the population files (default ``data/raw/population``).

    Returns
    -------
    DataFrame
        vintage, adcode, name, population_wan, flag (``suspect``/``flagged``/""), source.
    """
    file, _ = VINTAGES[label]
    df = read_csv((raw_dir or paths.POPULATION_RAW) / file, dtype=str)
    df["population_wan"] = [Decimal(v) for v in df["population_wan"]]
    df["flag"] = [
        "suspect" if "SUSPECT" in s.upper() else ("flagged" if "FLAG" in s.upper() else "")
        for s in df["source"]
    ]
    df["vintage"] = label
    return df[["vintage", "adcode", "name", "population_wan", "flag", "source"]]


def province_totals(raw_dir: Path | None = None) -> dict[str, Decimal]:
    """Hunan's resident population by year (万人), as the file states it.

    Parameters
    ----------
    raw_dir : Path, optional

    Returns
    -------
    dict
        ``P2020`` … ``P2023`` → Decimal.
    """
    df = read_csv((raw_dir or paths.POPULATION_RAW) / "province_prefecture_totals.csv", dtype=str)
    prov = df[df["adcode"] == "430000"]
    return {f"P{y}": Decimal(v) for y, v in zip(prov["year"], prov["population_wan"], strict=True)}


def reproduce(pop: pd.Series, P: Decimal) -> list[Decimal]:
    """The notice's rule: ``pop / P × 400`` rounded half-up to 0.01 亿元.

    Parameters
    ----------
    pop : Series of Decimal
        County populations (万人).
    P : Decimal
        Provincial population (万人).

    Returns
    -------
    list of Decimal
    """
    return [(p / P * TOTAL).quantize(CENT, rounding=ROUND_HALF_UP) for p in pop]


def residuals(counties: pd.DataFrame, raw_dir: Path | None = None) -> pd.DataFrame:
    """Per county × vintage × P: printed minus reproduced target (亿元).

    Parameters
    ----------
    counties : DataFrame
        Printed county targets (``adcode``, ``target_cents``).
    raw_dir : Path, optional

    Returns
    -------
    DataFrame
        One row per covered county, vintage and candidate P (see ``forensic_residuals.csv``).
    """
    printed = counties.set_index("adcode")["target_cents"]
    totals = province_totals(raw_dir)
    out = []
    for label in VINTAGES:
        v = read_vintage(label, raw_dir)
        v = v[v["adcode"].isin(printed.index)]
        candidates = dict(totals)
        if label == "census2020":  # full coverage: the counties' own sum is a candidate too
            candidates["sum"] = sum(v["population_wan"], Decimal(0))
        for p_label, P in candidates.items():
            rep = reproduce(v["population_wan"], P)
            for row, r in zip(v.itertuples(), rep, strict=True):
                t = Decimal(int(printed[row.adcode])).scaleb(-2)
                out.append(
                    {
                        "vintage": label,
                        "P_label": p_label,
                        "P_wan": P,
                        "adcode": row.adcode,
                        "county": row.name,
                        "population_wan": row.population_wan,
                        "flag": row.flag,
                        "printed_yi": t,
                        "reproduced_yi": r,
                        "residual_yi": t - r,
                        "implied_population_lo_wan": ((t - CENT / 2) / TOTAL * P).quantize(Decimal("0.0001")),
                        "implied_population_hi_wan": ((t + CENT / 2) / TOTAL * P).quantize(Decimal("0.0001")),
                    }
                )
    return pd.DataFrame(out)


def scoreboard(res: pd.DataFrame) -> pd.DataFrame:
    """How many covered counties each vintage × P reproduces exactly, within ±0.01 and ±0.02.

    Parameters
    ----------
    res : DataFrame
        :func:`residuals`.

    Returns
    -------
    DataFrame
        One row per vintage × P, best first.
    """
    rows = []
    for (vintage, p_label), g in res.groupby(["vintage", "P_label"], sort=False):
        a = g["residual_yi"].abs()
        clean = g[g["flag"] != "suspect"]["residual_yi"].abs()
        rows.append(
            {
                "vintage": vintage,
                "description": VINTAGES[vintage][1],
                "P_label": p_label,
                "P_wan": g["P_wan"].iloc[0],
                "units": len(g),
                "exact": int((a == 0).sum()),
                "within_0_01": int((a <= CENT).sum()),
                "within_0_02": int((a <= 2 * CENT).sum()),
                "mean_abs_residual_yi": round(float(a.mean()), 4),
                "exact_share": round(float((a == 0).mean()), 3),
                "exact_excluding_suspect": f"{int((clean == 0).sum())}/{len(clean)}",
            }
        )
    return pd.DataFrame(rows).sort_values(
        ["exact_share", "mean_abs_residual_yi"], ascending=[False, True], ignore_index=True
    )


def implied_denominator(res: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """IMPLIED: the P interval each county's figure allows (P = 400 × pop / target ± rounding).

    Parameters
    ----------
    res : DataFrame
        :func:`residuals`.
    vintage : str

    Returns
    -------
    DataFrame
        adcode, county, P_lo_wan, P_hi_wan.
    """
    g = res[(res["vintage"] == vintage)].drop_duplicates("adcode")
    return pd.DataFrame(
        {
            "adcode": g["adcode"],
            "county": g["county"],
            "P_lo_wan": [
                (TOTAL * p / (t + CENT / 2)).quantize(CENT)
                for p, t in zip(g["population_wan"], g["printed_yi"], strict=True)
            ],
            "P_hi_wan": [
                (TOTAL * p / (t - CENT / 2)).quantize(CENT)
                for p, t in zip(g["population_wan"], g["printed_yi"], strict=True)
            ],
        }
    )


def _persons(values) -> np.ndarray:
    """万人 (Decimal, up to 4 decimals) as whole persons, exactly."""
    return np.array([int(Decimal(v) * 10_000) for v in values], dtype=np.int64)


def match_sweep(
    counties: pd.DataFrame,
    p_values_wan,
    raw_dir: Path | None = None,
    total: Decimal = TOTAL,
) -> pd.DataFrame:
    """Exact matches of each population vintage's reproduction as the denominator P varies.

    For every vintage and every candidate P (万人), each covered county's target is recomputed
    with the notice's rule (``pop / P × total``, half-up to 0.01 亿元) in exact integer
    arithmetic and compared with the printed target.

    Parameters
    ----------
    counties : DataFrame
        The printed county targets (``adcode``, ``target_cents``).
    p_values_wan : sequence of Decimal or str
        Candidate provincial populations in 万人 (at most 4 decimals).
    raw_dir : Path, optional
        Folder of the population files (default ``data/raw/population``).
    total : Decimal
        Provincial target in 亿元.

    Returns
    -------
    DataFrame
        vintage, description, P_wan (float), units (covered), exact (count), exact_share.
    """
    printed = counties.set_index("adcode")["target_cents"]
    p_persons = _persons(p_values_wan)
    scale = int(total * 100)  # target in cents = pop / P × total × 100
    rows = []
    for label, (_, description) in VINTAGES.items():
        v = read_vintage(label, raw_dir)
        v = v[v["adcode"].isin(printed.index)]
        pop = _persons(v["population_wan"])
        want = printed.loc[v["adcode"]].to_numpy(dtype=np.int64)
        num = 2 * pop[None, :] * scale + p_persons[:, None]  # half-up: floor((2·pop·s + P) / 2P)
        cents = num // (2 * p_persons[:, None])
        exact = (cents == want[None, :]).sum(axis=1)
        for p, n in zip(p_persons, exact, strict=True):
            rows.append(
                {
                    "vintage": label,
                    "description": description,
                    "P_wan": p / 10_000,
                    "units": len(v),
                    "exact": int(n),
                    "exact_share": float(n) / len(v) if len(v) else 0.0,
                }
            )
    return pd.DataFrame(rows)


def special_areas(raw_dir: Path | None = None) -> pd.DataFrame:
    """The functional zones the national census tabulation lists apart from any county (名, 市州, 万人).

    Parameters
    ----------
    raw_dir : Path, optional

    Returns
    -------
    DataFrame
        name, prefecture, population_wan (float).
    """
    df = read_csv((raw_dir or paths.POPULATION_RAW) / "census2020_special_areas.csv", dtype=str)
    return pd.DataFrame(
        {
            "name": df["name"],
            "prefecture": df["prefecture"],
            "population_wan": df["population_wan"].astype(float),
        }
    )


def sweep_grid(extra=()) -> list[Decimal]:
    """The candidate denominators of the sweep (``SWEEP_RANGE``, 0.1 万人 apart) plus ``extra``.

    Parameters
    ----------
    extra : iterable of Decimal
        Values to include as well (the published provincial totals).

    Returns
    -------
    list of Decimal
        Sorted, without duplicates.

    Examples
    --------
    >>> grid = sweep_grid([Decimal("6622")])
    >>> len(grid), grid[0], grid[-1]
    (2001, Decimal('6500.0'), Decimal('6700.0'))
    """
    lo, hi, step = SWEEP_RANGE
    return sorted(set(lo + i * step for i in range(int((hi - lo) / step) + 1)) | set(extra))


def sweep_peak(sweep: pd.DataFrame, vintage: str) -> tuple[int, int, float, float]:
    """Where one vintage's exact matches peak in a :func:`match_sweep` table.

    Parameters
    ----------
    sweep : DataFrame
    vintage : str

    Returns
    -------
    tuple
        (most exact matches, units covered, lowest P at the peak, highest P at the peak), P in 万人.
    """
    rows = sweep[sweep["vintage"] == vintage]
    best = int(rows["exact"].max())
    at_peak = rows.loc[rows["exact"] == best, "P_wan"]
    return best, int(rows["units"].iloc[0]), float(at_peak.min()), float(at_peak.max())


def zone_matches(
    counties: pd.DataFrame,
    zones: pd.DataFrame,
    province_population: Decimal,
    threshold: Decimal = Decimal("0.10"),
    tolerance: Decimal = Decimal("0.02"),
    total: Decimal = TOTAL,
) -> pd.DataFrame:
    """Large residuals beside the functional zones of the same prefecture that would explain them.

    The national census tabulation lists some functional zones apart from any county; local
    statistics fold each into a host county. For every county whose printed target differs from
    the reproduction by more than ``threshold``, every zone (or pair of zones) of its prefecture
    whose population, turned into a target by the same rule, is within ``tolerance`` of the
    residual is listed, closest first. A numerical match, not a statement of which county hosts
    which zone (the sources rarely say).

    Parameters
    ----------
    counties : DataFrame
        ``county``, ``prefecture``, ``residual_yi`` (printed minus reproduced, 亿元).
    zones : DataFrame
        :func:`special_areas`: ``name``, ``prefecture``, ``population_wan``.
    province_population : Decimal
        The reproduction's denominator P (万人).
    threshold, tolerance : Decimal
        亿元.
    total : Decimal
        Provincial target (亿元).

    Returns
    -------
    DataFrame
        county, prefecture, residual_yi, and ``candidates``: a list of (zone names, population
        in 万人, target in 亿元) tuples, closest first (empty when none is within ``tolerance``);
        rows sorted by residual, largest first.
    """
    rows = []
    big = counties[counties["residual_yi"].abs() > float(threshold)]
    for r in big.sort_values(["residual_yi", "county"], ascending=[False, True]).itertuples():
        mine = list(zones[zones["prefecture"] == r.prefecture].itertuples())
        combos = [[z] for z in mine] + [[a, b] for i, a in enumerate(mine) for b in mine[i + 1 :]]
        found = []
        for combo in combos:
            pop = sum((Decimal(repr(z.population_wan)) for z in combo), Decimal(0))
            target = (pop / province_population * total).quantize(CENT, rounding=ROUND_HALF_UP)
            gap = abs(target - Decimal(repr(r.residual_yi)))
            if gap <= tolerance:
                found.append((gap, "＋".join(z.name for z in combo), pop, target))
        found.sort(key=lambda f: (f[0], f[1]))
        rows.append(
            {
                "county": r.county,
                "prefecture": r.prefecture,
                "residual_yi": r.residual_yi,
                "candidates": [(name, pop, target) for _, name, pop, target in found],
            }
        )
    return pd.DataFrame(rows)
