"""An independent recomputation of the monitoring measures in fractions, and generated actuals files.

Written apart from agritargets.monitor (csv module instead of pandas, Fraction and integer
rounding by hand, its own calendar arithmetic) so that agreement means something.
"""

import csv
import datetime
import io
import random
from fractions import Fraction
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
PLACES = {"yi": 8, "pct": 4, "yuan": 2, "target": 2, "wan": 4}


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def printed_targets():
    """(counties, prefectures): adcode -> (name, prefecture adcode, prefecture, Fraction target)."""
    counties = {
        r["adcode"]: (r["county"], r["prefecture_adcode"], r["prefecture"], Fraction(r["target_yi"]))
        for r in _rows(ROOT / "data/processed/targets_county_2023.csv")
    }
    prefs = {
        r["adcode"]: (r["prefecture"], Fraction(r["target_yi"]))
        for r in _rows(ROOT / "data/processed/targets_prefecture_2023.csv")
    }
    return counties, prefs


def census():
    return {
        r["adcode"]: Fraction(r["population_wan"])
        for r in _rows(ROOT / "data/raw/population/census2020_county.csv")
    }


def text(x, places):
    """Half away from zero to ``places`` decimals, as the CSV writes it; '' for None."""
    if x is None:
        return ""
    n = int(abs(x) * 10**places + Fraction(1, 2))
    sign = "-" if x < 0 and n else ""
    whole, frac = divmod(n, 10**places)
    return f"{sign}{whole}.{frac:0{places}d}" if places else f"{sign}{whole}"


def share_of_year(month=None, day=None):
    """N/12 for a month end, else day of year / days in year (own leap-year rule)."""
    if day is None:
        return Fraction(month, 12)
    y = day.year
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return Fraction((day - datetime.date(y, 1, 1)).days + 1, 366 if leap else 365)


def measures(target, actual, last_year, population, share):
    completion = actual / target * 100
    remaining = max(target - actual, Fraction(0))
    left = 12 - 12 * share
    return {
        "target_yi": text(target, 2),
        "actual_yi": text(actual, 8),
        "completion_pct": text(completion, 4),
        "schedule_pct": text(share * 100, 4),
        "gap_pts": text(completion - share * 100, 4),
        "status": "ahead" if completion >= share * 100 else "behind",
        "last_year_yi": text(last_year, 8),
        "growth_pct": text(None if last_year is None else (actual - last_year) / last_year * 100, 4),
        "remaining_yi": text(remaining, 8),
        "monthly_pace_yi": text(remaining / left if left else None, 8),
        "projection_yi": text(actual / share, 8),
        "projection_pct": text(actual / share / target * 100, 4),
        "population_wan": text(population, 4),
        "per_capita_yuan": text(actual * 10**8 / (population * 10**4), 2),
        "target_per_capita_yuan": text(target * 10**8 / (population * 10**4), 2),
        "_completion": completion,
        "_growth": None if last_year is None else (actual - last_year) / last_year,
    }


def ranks(keyed):
    """{code: value} -> {code: rank}: highest first, ties by code; None left out."""
    order = sorted((c for c, v in keyed.items() if v is not None), key=lambda c: (-keyed[c], c))
    return {c: str(i) for i, c in enumerate(order, 1)}


def expected(actuals, last_year, share, targets=None, province_target=Fraction(400)):
    """Every column of the three tables, as CSV text: (counties, prefectures, province).

    ``actuals``/``last_year``: adcode -> Fraction 亿元 (last_year may lack codes).
    """
    counties_t, prefs_t = targets or printed_targets()
    pop = census()
    county = {}
    for code, a in actuals.items():
        name, pcode, pname, t = counties_t[code]
        m = measures(t, a, last_year.get(code), pop[code], share)
        county[code] = {"adcode": code, "county": name, "prefecture_adcode": pcode, "prefecture": pname, **m}
    for code, r in ranks({c: v["_completion"] for c, v in county.items()}).items():
        county[code]["rank_province"] = r
    for code, r in ranks({c: v["_growth"] for c, v in county.items()}).items():
        county[code]["rank_growth"] = r
    for pcode in {v["prefecture_adcode"] for v in county.values()}:
        mine = {c: v["_completion"] for c, v in county.items() if v["prefecture_adcode"] == pcode}
        for code, r in ranks(mine).items():
            county[code]["rank_prefecture"] = r
    prefs = {}
    for pcode, (pname, t) in prefs_t.items():
        codes = [c for c in actuals if counties_t[c][1] == pcode]
        if not codes:
            continue
        ly = [last_year.get(c) for c in codes]
        m = measures(
            t,
            sum(actuals[c] for c in codes),
            None if None in ly else sum(ly),
            sum(pop[c] for c in codes),
            share,
        )
        m["counties"] = str(len(codes))
        m["counties_ahead"] = str(sum(county[c]["status"] == "ahead" for c in codes))
        prefs[pcode] = {"prefecture_adcode": pcode, "prefecture": pname, **m}
    for code, r in ranks({c: v["_completion"] for c, v in prefs.items()}).items():
        prefs[code]["rank_province"] = r
    ly = [last_year.get(c) for c in actuals]
    province = measures(
        province_target,
        sum(actuals.values()),
        None if None in ly else sum(ly),
        sum(pop[c] for c in actuals),
        share,
    )
    province["counties_ahead"] = str(sum(v["status"] == "ahead" for v in county.values()))
    province["prefectures_ahead"] = str(sum(v["status"] == "ahead" for v in prefs.values()))
    return county, prefs, province


def read_output(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _tables(where):
    """The three tables as CSV text rows: from an output folder, or from a MonitorResult (no files)."""
    if isinstance(where, (str, Path)):
        return [
            read_output(Path(where) / f"monitor_{n}.csv") for n in ("counties", "prefectures", "province")
        ]
    from agritargets.monitor.outputs import as_text

    return [
        as_text(df).astype(str).to_dict("records")
        for df in (where.counties, where.prefectures, where.province)
    ]


def assert_matches(where, county, prefs, province):
    """Every expected column equals the CSV text, row by row (columns starting with _ are the oracle's)."""
    got_c, got_p, (row,) = _tables(where)
    got = {r["adcode"]: r for r in got_c}
    assert set(got) == set(county)
    for code, exp in county.items():
        for k, v in exp.items():
            if not k.startswith("_"):
                assert got[code][k] == v, (code, k, got[code][k], v)
    got = {r["prefecture_adcode"]: r for r in got_p}
    assert set(got) == set(prefs)
    for code, exp in prefs.items():
        for k, v in exp.items():
            if not k.startswith("_"):
                assert got[code][k] == v, (code, k, got[code][k], v)
    for k, v in province.items():
        if not k.startswith("_"):
            assert row[k] == v, (k, row[k], v)


# ----------------------------------------------------------------------------- generated files


def figures(seed, months, scale=Fraction(1)):
    """Invented cumulative figures in 0.01 万元 (ints) per county for months 1..months, and last year."""
    rng = random.Random(seed)
    counties, _ = printed_targets()
    out = {}
    for code, (_, _, _, t) in counties.items():
        monthly = [rng.randint(int(t * 40000 * scale), int(t * 130000 * scale)) for _ in range(months)]
        cum, run = [], 0
        for v in monthly:
            run += v
            cum.append(run)
        out[code] = (monthly, cum, rng.randint(cum[-1] * 2 // 3, cum[-1] * 5 // 4))
    return out


def fen(n):
    """0.01 万元 as written text: 12345 -> '123.45'."""
    return f"{n // 100}.{n % 100:02d}"


def yi_of_fen(n):
    return Fraction(n, 100 * 10000)


def csv_bytes(rows, encoding="gbk"):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode(encoding)


def platform_rows(data, months, title=True, subtotals=True, last_year=True, growth=True):
    """A platform export: title, 单位：万元, 市州 | 县市区 | 1-1月 … | 上年同期 | 同比（%）, subtotals, total, note."""
    counties, prefs = printed_targets()
    header = ["市州", "县市区", *[f"1-{m}月" for m in range(1, months + 1)]]
    header += ["上年同期"] * last_year + ["同比（%）"] * growth
    rows = (
        [[f"2023年1-{months}月各县市区农产品网络零售额（测试用虚构数据）"], ["单位：万元"]] if title else []
    )
    rows.append(header)
    by_pref = {}
    for code in sorted(data):
        by_pref.setdefault(counties[code][1], []).append(code)
    total = [0] * (months + 1)
    for pcode, codes in sorted(by_pref.items()):
        block = [0] * (months + 1)
        for code in codes:
            _, cum, ly = data[code]
            vals = [*cum, ly]
            block = [a + b for a, b in zip(block, vals, strict=True)]
            extra = [fen(ly)] * last_year + [growth_text(cum[-1], ly)] * growth
            rows.append([counties[code][2], counties[code][0], *map(fen, cum), *extra])
        total = [a + b for a, b in zip(total, block, strict=True)]
        if subtotals:
            extra = [fen(block[-1])] * last_year + [""] * growth
            rows.append([prefs[pcode][0], f"{prefs[pcode][0]}小计", *map(fen, block[:-1]), *extra])
    if subtotals:
        rows.append(
            ["", "全省合计", *map(fen, total[:-1]), *([fen(total[-1])] * last_year), *([""] * growth)]
        )
    rows.append(["注：测试用虚构数据"])
    return rows


def growth_text(now, before):
    return text(Fraction(now - before, before) * 100, 1)


def write_xlsx(path, rows, sheet="Sheet1", extra_sheets=()):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for name, hidden in extra_sheets:
        other = wb.create_sheet(name)
        other.append(["说明"])
        if hidden:
            other.sheet_state = "hidden"
    wb.save(path)
    return path
