"""The real commands the slow tests share (tests/conftest.py starts them in the background)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from agritargets.core import paths

CENSUS = paths.POPULATION_RAW / "census2020_county.csv"
RERUN = ("--population", str(CENSUS), "--total", "450", "--province-population", "6622")  # other numbers


class Background:
    """A command the slow tests share, started as soon as the tests are collected: it runs on the
    second core while the quick tests use one, and the first test that needs it waits for it."""

    def __init__(self, argv: list[str], out: Path):
        self.out = out
        self.log = out.with_name(out.name + ".log")  # what it printed: Quarto's progress included
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "agritargets", *argv, "--out", str(out)],
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def result(self) -> Path:
        code = self.proc.wait(timeout=900)
        assert code == 0, self.log.read_text(encoding="utf-8")[-3000:]
        return self.out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


SHARED_BUILDS = {  # fixture -> the command whose outputs the slow tests share
    "build_2023": ["build"],
    "rerun_build": ["build", *RERUN],
}
