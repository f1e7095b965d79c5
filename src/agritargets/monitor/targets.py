"""The targets actuals are measured against: the 2023 printed ones, or an ``allocate`` rerun's folder.

Default: Attachment 3 (123 counties), Attachment 2 (14 prefectures, each its OWN printed
target, not the sum of its counties) and the province's 400 亿元. ``--targets DIR``: the
output folder of ``agritargets allocate`` (``county_targets.csv``, ``prefecture_targets.csv``,
``run.json``), checked before use.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError
from agritargets.core.files import read_csv, sha256
from agritargets.core.targets import load_printed_totals, load_targets

RERUN_FILES = ("county_targets.csv", "prefecture_targets.csv", "run.json")
COLUMNS = ["adcode", "county", "prefecture_adcode", "prefecture", "target_yi"]
PREFECTURE_COLUMNS = ["prefecture_adcode", "prefecture", "target_yi"]


@dataclass
class Targets:
    """Annual targets as exact decimals (亿元) and where they come from."""

    counties: pd.DataFrame  # COLUMNS, target_yi Decimal, sorted by adcode
    prefectures: pd.DataFrame  # PREFECTURE_COLUMNS, target_yi Decimal, sorted by adcode
    province: Decimal
    record: dict

    @property
    def label_zh(self) -> str:
        """One line for the summary."""
        return self.record["label_zh"]


def printed_2023() -> Targets:
    """The targets of 湘商电〔2023〕3号 as printed.

    Returns
    -------
    Targets
    """
    c = load_targets("county")
    p = load_targets("prefecture")
    counties = c[["adcode", "county", "prefecture_adcode", "prefecture"]].copy()
    counties["target_yi"] = [Decimal(int(v)) / 100 for v in c["target_cents"]]
    prefs = pd.DataFrame(
        {
            "prefecture_adcode": p["adcode"],
            "prefecture": p["prefecture"],
            "target_yi": [Decimal(int(v)) / 100 for v in p["target_cents"]],
        }
    )
    province = load_printed_totals()["attachment_1"]
    return Targets(
        counties.sort_values("adcode", ignore_index=True),
        prefs.sort_values("prefecture_adcode", ignore_index=True),
        province,
        {
            "source": "printed-2023",
            "label_zh": "2023 年印发目标（湘商电〔2023〕3号 附件2、附件3，全省 400 亿元）",
            "label_en": "2023 printed targets (notice 湘商电〔2023〕3号, Attachments 2 and 3; province 400 亿元)",
            "province_yi": format(province, "f"),
            "prefecture_target": "each prefecture's own printed target (Attachment 2)",
        },
    )


def _not_a_rerun(folder: Path, why_zh: str, why_en: str) -> InputError:
    return InputError(
        f"--targets {folder}：{why_zh}；--targets 应为 agritargets allocate 的输出文件夹"
        "（含 county_targets.csv、prefecture_targets.csv、run.json），如 --targets out/2024",
        f"--targets {folder}: {why_en}; --targets takes the output folder of agritargets allocate "
        "(county_targets.csv, prefecture_targets.csv, run.json), e.g. --targets out/2024",
    )


def _decimals(folder: Path, name: str, values: pd.Series, codes: pd.Series) -> list[Decimal]:
    out = []
    for code, text in zip(codes, values, strict=True):
        try:
            value = Decimal(str(text))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or value <= 0:
            raise _not_a_rerun(
                folder,
                f"{name} 中 {code} 的目标“{text}”不是正数",
                f"{name}: target '{text}' of {code} is not a positive number",
            )
        out.append(value)
    return out


def _read_rerun(folder: Path) -> tuple[dict, Decimal, pd.DataFrame, pd.DataFrame]:
    """run.json, its total and the two target tables of an allocate folder, their shape checked."""
    if not folder.is_dir():
        raise _not_a_rerun(folder, "不是文件夹", "not a folder")
    missing = [n for n in RERUN_FILES if not (folder / n).is_file()]
    if missing:
        raise _not_a_rerun(folder, f"缺少 {'、'.join(missing)}", f"missing {', '.join(missing)}")
    try:
        run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        total = Decimal(str(run["total_yi"]))
        county = read_csv(folder / "county_targets.csv", dtype=str)
        pref = read_csv(folder / "prefecture_targets.csv", dtype=str)
    except (ValueError, KeyError, TypeError, InvalidOperation, UnicodeDecodeError) as err:
        raise _not_a_rerun(folder, f"文件无法读取（{err}）", f"the files cannot be read ({err})") from None
    need_c = {"adcode", "county", "prefecture_adcode", "prefecture", "target_yi"}
    need_p = {"adcode", "prefecture", "target_yi"}
    if not need_c <= set(county.columns) or not need_p <= set(pref.columns):
        raise _not_a_rerun(folder, "列名不对", "the columns are not those allocate writes")
    units = load_units()
    known = set(units["adcode"])
    bad = sorted(set(county["adcode"]) - known) + county["adcode"][county["adcode"].duplicated()].tolist()
    pref_needed = set(county["prefecture_adcode"])  # a partial rerun lists only its prefectures
    if bad or set(pref["adcode"]) != pref_needed or pref["adcode"].duplicated().any():
        raise _not_a_rerun(
            folder,
            f"区划代码不对（{bad[:5] or '市州不全'}）",
            f"codes wrong ({bad[:5] or 'prefectures incomplete'})",
        )
    return run, total, county, pref


def from_rerun(folder: Path | str) -> Targets:
    """The targets of an ``allocate`` output folder, validated.

    Parameters
    ----------
    folder : Path or str
        ``--targets``.

    Returns
    -------
    Targets

    Raises
    ------
    InputError
        Not a folder, a file missing, malformed columns, unknown or duplicate codes,
        non-positive targets, or a run.json without the total.
    """
    folder = Path(folder)
    run, total, county, pref = _read_rerun(folder)
    counties = county[["adcode", "county", "prefecture_adcode", "prefecture"]].copy()
    counties["target_yi"] = _decimals(folder, "county_targets.csv", county["target_yi"], county["adcode"])
    prefs = pd.DataFrame(
        {
            "prefecture_adcode": pref["adcode"],
            "prefecture": pref["prefecture"],
            "target_yi": _decimals(folder, "prefecture_targets.csv", pref["target_yi"], pref["adcode"]),
        }
    )
    record = {
        "source": "allocate-rerun",
        "folder": str(folder),
        "label_zh": f"重算目标（{folder}，输入 {run.get('input', {}).get('file', '?')}，全省 {total} 亿元）",
        "label_en": f"rerun targets ({folder}, input {run.get('input', {}).get('file', '?')}, province {total} 亿元)",
        "province_yi": format(total, "f"),
        "rerun_input": run.get("input", {}).get("file"),
        "rerun_input_sha256": run.get("input", {}).get("sha256"),
        "rounding": run.get("rounding"),
        "sha256": {n: sha256(folder / n) for n in RERUN_FILES},
        "counties": len(counties),
        "prefecture_target": "each prefecture's own target in prefecture_targets.csv",
    }
    return Targets(
        counties.sort_values("adcode", ignore_index=True),
        prefs.sort_values("prefecture_adcode", ignore_index=True),
        total,
        record,
    )
