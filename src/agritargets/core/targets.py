"""The printed 2023 targets as validated tables: build them from the notice, load them back.

Codes come from the unit reference (name -> adcode through the alias table);
the prefecture of a county comes from its code. Targets are exact: ``target_yi``
as printed (text with two decimals) plus ``target_cents`` (integer 0.01 亿元).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd

from agritargets.core import paths
from agritargets.core.divisions import N_PREFECTURES, N_UNITS, Resolver, load_units, prefecture_of
from agritargets.core.errors import InputError
from agritargets.core.files import read_csv, write_csv
from agritargets.core.notice import Notice, parse_notice

COUNTY_COLUMNS = ["seq", "adcode", "county", "prefecture", "prefecture_adcode", "target_yi"]
PREFECTURE_COLUMNS = ["seq", "adcode", "prefecture", "name_as_printed", "target_yi"]


def read_notice(path: Path | None = None) -> Notice:
    """Read and parse the notice's text file (UTF-8).

    Parameters
    ----------
    path : Path, optional
        Default ``data/raw/hunan-2023-shushang-xingnong-notice.txt``.

    Returns
    -------
    Notice

    Raises
    ------
    InputError
        The text is not the notice or a table is malformed (see :func:`parse_notice`).
    """
    path = path or paths.NOTICE
    return parse_notice(path.read_text(encoding="utf-8"), source=path.name)


def county_table(notice: Notice, resolver: Resolver | None = None) -> pd.DataFrame:
    """Attachment 3 with codes: one row per unit, in printed order.

    Parameters
    ----------
    notice : Notice
    resolver : Resolver, optional
        Name lookup; default :meth:`Resolver.default`.

    Returns
    -------
    DataFrame
        :data:`COUNTY_COLUMNS`: ``county`` and ``prefecture`` are the unit reference's current
        names, ``prefecture_adcode`` is read from the code, ``target_yi`` the printed text (亿元).

    Raises
    ------
    InputError
        A name is not a known Hunan county unit, or a unit appears twice or not at all.
    """
    resolver = resolver or Resolver.default()
    units = load_units().set_index("adcode")
    rows = []
    for seq, name, value, line_no in notice.counties.rows:
        code = resolver.county(name)
        if code is None:
            raise InputError(
                f"附件3 第 {seq} 行（文件第 {line_no} 行）“{name}”不是已知的湖南县级单位；请在 data/reference/aliases.csv 中补充别名",
                f"Attachment 3 row {seq} (line {line_no}) '{name}' is not a known Hunan county unit; "
                "add an alias to data/reference/aliases.csv",
            )
        pref = prefecture_of(code)
        rows.append((seq, code, units.loc[code, "name"], units.loc[code, "prefecture"], pref, value))
    df = pd.DataFrame(rows, columns=COUNTY_COLUMNS)
    _check_complete(df["adcode"], set(units.index), "附件3 / Attachment 3")
    return df


def prefecture_table(notice: Notice, resolver: Resolver | None = None) -> pd.DataFrame:
    """Attachment 2 with codes and full current names (湘西自治州 -> 湘西土家族苗族自治州).

    Parameters
    ----------
    notice : Notice
    resolver : Resolver, optional
        Name lookup; default :meth:`Resolver.default`.

    Returns
    -------
    DataFrame
        :data:`PREFECTURE_COLUMNS`, in printed order; ``name_as_printed`` keeps the notice's
        name, ``target_yi`` the printed text (亿元).

    Raises
    ------
    InputError
        A name is not a Hunan prefecture, or a prefecture appears twice or not at all.
    """
    resolver = resolver or Resolver.default()
    names = load_units().drop_duplicates("prefecture_adcode").set_index("prefecture_adcode")["prefecture"]
    rows = []
    for seq, name, value, line_no in notice.prefectures.rows:
        code = resolver.prefecture(name)
        if code is None:
            raise InputError(
                f"附件2 第 {seq} 行（文件第 {line_no} 行）“{name}”不是湖南的市州；请在 data/reference/aliases.csv 中补充别名",
                f"Attachment 2 row {seq} (line {line_no}) '{name}' is not a Hunan prefecture; add an alias",
            )
        rows.append((seq, code, names[code], name, value))
    df = pd.DataFrame(rows, columns=PREFECTURE_COLUMNS)
    _check_complete(df["adcode"], set(names.index), "附件2 / Attachment 2")
    return df


def printed_totals(notice: Notice) -> pd.DataFrame:
    """The totals printed in the notice, kept as data for the audit.

    Parameters
    ----------
    notice : Notice

    Returns
    -------
    DataFrame
        Columns ``table`` (``attachment_1`` … ``attachment_3``), ``label`` and ``total_yi``
        (亿元, text as printed).
    """
    return pd.DataFrame(
        [
            (
                "attachment_1",
                "全省农产品网络零售额目标（附件1：力争达到该数额以上）",
                notice.provincial_target,
            ),
            ("attachment_2", "市州表 合计", notice.prefectures.total),
            ("attachment_3", "县市区表 合计", notice.counties.total),
        ],
        columns=["table", "label", "total_yi"],
    )


def _check_complete(codes: pd.Series, expected: set[str], table: str) -> None:
    dup = sorted(codes[codes.duplicated()])
    missing = sorted(expected - set(codes))
    if dup or missing:
        raise InputError(
            f"{table}：重复 {dup}，缺少 {missing}", f"{table}: duplicates {dup}, missing {missing}"
        )


def build_targets(notice_path: Path | None = None, out_dir: Path | None = None) -> list[Path]:
    """data/raw/notice -> data/processed/targets_*.csv (byte-identical on rerun).

    Parameters
    ----------
    notice_path : Path, optional
        Default: the notice in ``data/raw``.
    out_dir : Path, optional
        Default ``data/processed``.

    Returns
    -------
    list of Path
        The county, prefecture and printed-totals CSV files, in that order.

    Raises
    ------
    InputError
        The notice cannot be read as described in :func:`county_table` and
        :func:`prefecture_table`.
    """
    notice = read_notice(notice_path)
    out_dir = out_dir or paths.PROCESSED
    return [
        write_csv(county_table(notice), out_dir / paths.COUNTY_TARGETS.name),
        write_csv(prefecture_table(notice), out_dir / paths.PREFECTURE_TARGETS.name),
        write_csv(printed_totals(notice), out_dir / paths.PRINTED_TOTALS.name),
    ]


def _with_cents(df: pd.DataFrame) -> pd.DataFrame:
    cents = [int(Decimal(v) * 100) for v in df["target_yi"]]
    df = df.copy()
    df["target_cents"] = cents
    df["target_yi"] = [c / 100 for c in cents]
    return df


def load_targets(level: str = "county", processed_dir: Path | None = None) -> pd.DataFrame:
    """The printed 2023 targets: ``level`` 'county' (123 rows) or 'prefecture' (14 rows).

    ``target_yi`` is a float for plotting; ``target_cents`` the exact integer.

    Parameters
    ----------
    level : {'county', 'prefecture'}
    processed_dir : Path, optional
        Folder of the CSV files written by :func:`build_targets`; default ``data/processed``.

    Returns
    -------
    DataFrame
        :data:`COUNTY_COLUMNS` or :data:`PREFECTURE_COLUMNS` plus ``target_cents`` (integer,
        0.01 亿元); ``target_yi`` in 亿元.

    Raises
    ------
    ValueError
        An unknown ``level``, or a file with the wrong columns, row count or duplicate codes.
    """
    folder = processed_dir or paths.PROCESSED
    if level == "county":
        df = read_csv(
            folder / paths.COUNTY_TARGETS.name,
            dtype={"adcode": str, "prefecture_adcode": str, "target_yi": str},
        )
        expected, cols = N_UNITS, COUNTY_COLUMNS
    elif level == "prefecture":
        df = read_csv(folder / paths.PREFECTURE_TARGETS.name, dtype={"adcode": str, "target_yi": str})
        expected, cols = N_PREFECTURES, PREFECTURE_COLUMNS
    else:
        raise ValueError(f"level must be 'county' or 'prefecture', not {level!r}")
    if list(df.columns) != cols or len(df) != expected or df["adcode"].duplicated().any():
        raise ValueError(f"{folder}: {level} targets malformed — rerun `agritargets build-data`")
    return _with_cents(df)


def load_printed_totals(processed_dir: Path | None = None) -> dict[str, Decimal]:
    """The printed totals written by :func:`build_targets`, as exact decimals.

    Parameters
    ----------
    processed_dir : Path, optional
        Default ``data/processed``.

    Returns
    -------
    dict of str to Decimal
        ``table`` -> printed total in 亿元: ``attachment_1`` (the provincial target),
        ``attachment_2`` and ``attachment_3`` (the two 合计).
    """
    df = read_csv((processed_dir or paths.PROCESSED) / paths.PRINTED_TOTALS.name, dtype=str)
    return {t: Decimal(v) for t, v in zip(df["table"], df["total_yi"], strict=True)}
