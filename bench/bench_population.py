"""Benchmark: `agritargets allocate` on a normal file and on million-row files (seconds, peak MB).

Targets (issue #10): a normal file under 1 s; a file with a million rows answers — accepts or
refuses — in under 5 s and under 500 MB. Each case runs the real command in a fresh process;
peak memory is that process's maximum resident set size.

Run alone: ``.venv/bin/python bench/bench_population.py``; ``bench/run.py`` calls :func:`run`.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CENSUS = ROOT / "data" / "raw" / "population" / "census2020_county.csv"
MILLION = 1_000_000
LIMITS = {"normal_s": 1.0, "million_s": 5.0, "million_mb": 500.0, "large_s": 10.0, "large_mb": 500.0}
LARGE = 200 * 1024 * 1024  # issue #19: files of 200 MB answered within 10 s and 500 MB
# refused: a county repeated (duplicates), a text file over the 64 MB limit; the rest are read
EXPECTED_EXIT = {
    "million_repeated_rows_csv": 2,
    "million_repeated_rows_xlsx": 2,
    "large_200mb_blank_rows_csv": 2,
}


def _census_rows() -> list[tuple[str, str, str]]:
    with CENSUS.open(encoding="utf-8-sig", newline="") as f:
        return [(r["adcode"], r["name"], r["population_wan"]) for r in csv.DictReader(f)]


def _write_csv(path: Path, rows, blank_rows: int = 0) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["区划代码", "县市区", "常住人口（万人）"])
        w.writerows(rows)
        for start in range(0, blank_rows, 1_000_000):  # in pieces: the bench's own memory stays small
            f.write(",,\n" * min(1_000_000, blank_rows - start))
    return path


def _sheet_xml(rows, blank_rows: int):
    """The sheet's XML piece by piece (the bench itself stays small: a child inherits its peak memory)."""
    yield '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    yield (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>区划代码</t></is></c><c r="B1" t="inlineStr"><is><t>县市区</t></is></c>'
        '<c r="C1" t="inlineStr"><is><t>常住人口（万人）</t></is></c></row>'
    )
    for i, (a, n, p) in enumerate(rows, 2):
        yield (
            f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{a}</t></is></c>'
            f'<c r="B{i}" t="inlineStr"><is><t>{n}</t></is></c><c r="C{i}"><v>{p}</v></c></row>'
        )
    start = len(rows) + 2
    for i in range(start, start + blank_rows):  # styled empty cells, as in sheets formatted to the bottom
        yield f'<row r="{i}"><c r="A{i}" s="1"/><c r="B{i}" s="1"/><c r="C{i}" s="1"/></row>'
    yield "</sheetData></worksheet>"


def _write_xlsx(path: Path, rows, blank_rows: int = 0) -> Path:
    """A minimal workbook written directly (openpyxl would take minutes for a million rows)."""
    ns = "http://schemas.openxmlformats.org"
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    files = {
        "[Content_Types].xml": f'<?xml version="1.0"?><Types xmlns="{ns}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{main}.worksheet+xml"/></Types>',
        "_rels/.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
        f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0"?><Relationships xmlns="{ns}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            for piece in _sheet_xml(rows, blank_rows):
                sheet.write(piece.encode("utf-8"))
    return path


def _allocate(population: Path, out: Path) -> dict:
    """One `agritargets allocate` in a fresh process: exit code, seconds, its own peak MB."""
    command = [
        sys.executable,
        "-m",
        "agritargets",
        "allocate",
        "--population",
        str(population),
        "--out",
        str(out),
    ]
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not the maximum of all
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    if code not in (0, 2) or "Traceback" in err:
        raise RuntimeError(f"allocate crashed on {population.name}: {err[-2000:]}")
    return {"exit": code, "seconds": round(seconds, 3), "peak_mb": round(usage.ru_maxrss / 1024, 1)}


def run(tmp: Path) -> dict:
    """Time the cases in ``tmp``; returns seconds and peak MB per case, and whether the targets are met.

    Parameters
    ----------
    tmp : pathlib.Path
        A scratch folder (the files are about 200 MB in all).

    Returns
    -------
    dict
        ``{case: {"exit", "seconds", "peak_mb", "rows"}, "limits": …, "met": bool}``.
    """
    tmp.mkdir(parents=True, exist_ok=True)
    rows = _census_rows()
    repeated = [rows[i % len(rows)] for i in range(MILLION)]  # every county again and again (same tuples)
    cases = {
        "normal_csv": (_write_csv(tmp / "normal.csv", rows), len(rows)),
        "million_blank_rows_xlsx": (_write_xlsx(tmp / "blank.xlsx", rows, MILLION - len(rows)), MILLION),
        "million_blank_rows_csv": (_write_csv(tmp / "blank.csv", rows, MILLION - len(rows)), MILLION),
        "million_repeated_rows_csv": (_write_csv(tmp / "repeated.csv", repeated), MILLION),
        "million_repeated_rows_xlsx": (_write_xlsx(tmp / "repeated.xlsx", repeated), MILLION),
        "large_200mb_blank_rows_csv": (_write_csv(tmp / "large.csv", rows, LARGE // 3), LARGE // 3),
        "large_200mb_blank_rows_xlsx": (_write_xlsx(tmp / "large.xlsx", rows, LARGE // 95), LARGE // 95),
    }
    results = {}
    for name, (path, n) in cases.items():
        results[name] = {**_allocate(path, tmp / f"out-{name}"), "rows": n}
    million = [v for k, v in results.items() if k.startswith("million")]
    large = [v for k, v in results.items() if k.startswith("large")]
    met = (
        results["normal_csv"]["seconds"] < LIMITS["normal_s"]
        and all(v["seconds"] < LIMITS["million_s"] and v["peak_mb"] < LIMITS["million_mb"] for v in million)
        and all(v["seconds"] < LIMITS["large_s"] and v["peak_mb"] < LIMITS["large_mb"] for v in large)
        and all(v["exit"] == EXPECTED_EXIT.get(k, 0) for k, v in results.items())
    )
    return {"cases": results, "limits": LIMITS, "met": met}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        print(json.dumps(run(Path(d)), indent=2))
