"""New targets against the 2023 printed ones, computed once for the CSV, the summary and the figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from agritargets.core.targets import load_targets
from agritargets.rules.allocation import Allocation

CHANGE_COLUMNS = ["level", "adcode", "name", "prefecture", "published_2023_yi", "target_yi", "diff_yi"]


@dataclass(frozen=True)
class Changes:
    """One row per county then per prefecture (``CHANGE_COLUMNS``), amounts as exact Decimals."""

    table: pd.DataFrame

    def level(self, level: str) -> pd.DataFrame:
        """The ``county`` or ``prefecture`` rows, indexed by adcode."""
        return self.table[self.table["level"] == level].set_index("adcode")

    def largest(self, n: int = 5) -> pd.DataFrame:
        """The ``n`` counties whose target changed most (ties: smaller adcode first)."""
        c = self.table[self.table["level"] == "county"]
        order = sorted(range(len(c)), key=lambda i: (-abs(c["diff_yi"].iloc[i]), c["adcode"].iloc[i]))
        return c.iloc[order[:n]].reset_index(drop=True)


def _published(level: str) -> dict[str, Decimal]:
    t = load_targets(level)
    return {a: Decimal(int(c)).scaleb(-2) for a, c in zip(t["adcode"], t["target_cents"], strict=True)}


def against_2023(alloc: Allocation) -> Changes:
    """New minus printed 2023 target for every unit in the allocation.

    Parameters
    ----------
    alloc : Allocation

    Returns
    -------
    Changes
    """
    rows = []
    for level, frame, name in (
        ("county", alloc.counties, "county"),
        ("prefecture", alloc.prefectures, "prefecture"),
    ):
        old = _published(level)
        for adcode, label, pref, new in zip(
            frame["adcode"], frame[name], frame["prefecture"], frame["target_yi"], strict=True
        ):
            rows.append((level, adcode, label, pref, old[adcode], new, new - old[adcode]))
    return Changes(pd.DataFrame(rows, columns=CHANGE_COLUMNS))
