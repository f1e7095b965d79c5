"""Benchmark the monitor: reading + checking + computing a normal actuals file (target < 1 s).

Run: ``.venv/bin/python bench/bench_monitor.py [--repeat N]``. Uses the fictitious demo files in
``data/demo/`` (示例数据（虚构）); prints the median in-process time of ``run_monitor`` for each
(after one warm-up run that loads the reference tables) and of one whole command-line run.
Not part of the test suite: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = sorted((ROOT / "data" / "demo").glob("*示例数据（虚构）.*[vx]"))


def main() -> None:
    """Time ``run_monitor`` on each demo file, and one ``agritargets monitor`` process."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    from agritargets.monitor.pipeline import run_monitor

    for path in DEMO:
        run_monitor(path)  # warm-up: unit tables, census, targets
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            run_monitor(path)
            times.append(time.perf_counter() - t)
        print(f"read + check + compute  {path.name}: median {statistics.median(times):.3f} s ({repeat} runs)")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        cmd = [
            sys.executable,
            "-m",
            "agritargets",
            "monitor",
            "--actuals",
            str(DEMO[0]),
            "--out",
            tmp + "/out",
        ]
        subprocess.run(cmd, check=True, capture_output=True)
        print(
            f"agritargets monitor (whole process, incl. imports and writing): {time.perf_counter() - t:.2f} s"
        )


if __name__ == "__main__":
    main()
