"""Hunan's 123 county-level target units and how a name or code resolves to one.

Units are keyed by their current GB/T 2260 adcode. The prefecture of a unit is
read from its code (first four digits + "00"), never from row order. Former
names and codes (邵东县, 株洲县, 祁阳县 …) and variants (湘西自治州) resolve
through the explicit table ``data/reference/aliases.csv``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from agritargets.core import paths
from agritargets.core.files import read_csv

PROVINCE_ADCODE = "430000"
PROVINCE_NAME = "湖南省"
N_UNITS = 123
N_PREFECTURES = 14

_ADCODE = re.compile(r"^\d{6}$")


def prefecture_of(adcode: str) -> str:
    """The prefecture code of a county code: 430102 -> 430100.

    Parameters
    ----------
    adcode : str
        A 6-digit GB/T 2260 code.

    Returns
    -------
    str
        The first four digits followed by ``"00"``.

    Raises
    ------
    ValueError
        ``adcode`` is not six digits.

    Examples
    --------
    >>> prefecture_of("430102")
    '430100'
    >>> prefecture_of("4301")
    Traceback (most recent call last):
    ...
    ValueError: not a 6-digit adcode: '4301'
    """
    if not _ADCODE.match(adcode):
        raise ValueError(f"not a 6-digit adcode: {adcode!r}")
    return adcode[:4] + "00"


def normalise_name(text: object) -> str:
    """Fold full-width forms and drop all whitespace: '　长沙 县 ' -> '长沙县'.

    Parameters
    ----------
    text : object
        Converted with ``str`` first, so codes read as numbers work too.

    Returns
    -------
    str
        NFKC-normalised text without whitespace.

    Examples
    --------
    >>> normalise_name("　长沙 县 ")
    '长沙县'
    >>> normalise_name("４３０１０２")
    '430102'
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


@lru_cache(maxsize=1)
def load_units() -> pd.DataFrame:
    """The 123 units: adcode, name, prefecture_adcode, prefecture, has_polygon, source.

    Read once from ``data/reference/hunan_county_units.csv`` and cached: do not modify the
    returned frame.

    Returns
    -------
    DataFrame
        Codes as text; ``has_polygon`` is a bool.

    Raises
    ------
    ValueError
        The file does not hold 123 units with unique codes and names nested in 14 prefectures.
    """
    df = read_csv(paths.UNITS, dtype=str)
    df["has_polygon"] = df["has_polygon"].map({"True": True, "False": False})
    _check_units(df)
    return df


def _check_units(df: pd.DataFrame) -> None:
    problems = []
    if len(df) != N_UNITS:
        problems.append(f"{len(df)} rows, expected {N_UNITS}")
    if df["adcode"].duplicated().any():
        problems.append(f"duplicate adcodes {sorted(df.loc[df.adcode.duplicated(), 'adcode'])}")
    if df["name"].duplicated().any():
        problems.append(f"duplicate names {sorted(df.loc[df.name.duplicated(), 'name'])}")
    bad_pref = df[df["adcode"].map(prefecture_of) != df["prefecture_adcode"]]
    if len(bad_pref):
        problems.append(f"prefecture code disagrees with adcode for {list(bad_pref['name'])}")
    if df["prefecture_adcode"].nunique() != N_PREFECTURES:
        problems.append(f"{df['prefecture_adcode'].nunique()} prefectures, expected 14")
    if problems:
        raise ValueError(f"{paths.UNITS}: " + "; ".join(problems))


def prefectures() -> pd.DataFrame:
    """The 14 prefectures: prefecture_adcode, prefecture (full current names).

    Returns
    -------
    DataFrame
        Sorted by code.
    """
    units = load_units()
    return (
        units[["prefecture_adcode", "prefecture"]]
        .drop_duplicates()
        .sort_values("prefecture_adcode")
        .reset_index(drop=True)
    )


@lru_cache(maxsize=1)
def load_aliases() -> pd.DataFrame:
    """The alias table ``data/reference/aliases.csv`` (cached: do not modify the result).

    Returns
    -------
    DataFrame
        Columns ``alias`` (a former or variant name, or a former code), ``adcode`` (the current
        code it stands for), ``kind`` and ``note``; all text.
    """
    return read_csv(paths.ALIASES, dtype=str)


@dataclass(frozen=True)
class Resolver:
    """Look up a county unit or prefecture by current name, alias, or (former) code.

    Parameters
    ----------
    by_key : dict of str to str
        Normalised name, alias or code -> current county adcode.
    prefecture_by_key : dict of str to str
        Normalised name, alias or code -> prefecture adcode.

    Examples
    --------
    >>> r = Resolver(by_key={"芙蓉区": "430102"}, prefecture_by_key={"长沙市": "430100"})
    >>> r.county("湖南省长沙市 芙蓉区")
    '430102'
    >>> r.prefecture("长沙市")
    '430100'
    """

    by_key: dict[str, str]
    prefecture_by_key: dict[str, str]

    @classmethod
    def default(cls) -> Resolver:
        """The resolver built from the unit reference and the alias table (cached).

        Returns
        -------
        Resolver

        Raises
        ------
        ValueError
            The unit reference is malformed, or an alias clashes with an existing name or code.
        """
        return _default_resolver()

    def county(self, key: object) -> str | None:
        """Adcode of the county unit named or coded by ``key``; None if not a Hunan unit.

        A leading province or prefecture name is accepted ("湖南省长沙市芙蓉区") only when the
        prefecture it names is the county's own.

        Parameters
        ----------
        key : object
            A name, alias or code; normalised with :func:`normalise_name`.

        Returns
        -------
        str or None
        """
        name = normalise_name(key)
        if name in self.by_key:
            return self.by_key[name]
        name = name.removeprefix("湖南省").removeprefix("湖南")
        for pref_name, pref_code in self.prefecture_by_key.items():
            if not pref_name.isdigit() and name.startswith(pref_name) and len(name) > len(pref_name):
                code = self.by_key.get(name[len(pref_name) :])
                if code is not None and code[:4] == pref_code[:4]:
                    return code
        return self.by_key.get(name)

    def prefecture(self, key: object) -> str | None:
        """Adcode of the prefecture named or coded by ``key``; None if not a Hunan prefecture.

        Parameters
        ----------
        key : object
            A name, alias or code; normalised with :func:`normalise_name`. No province prefix.

        Returns
        -------
        str or None
        """
        return self.prefecture_by_key.get(normalise_name(key))


@lru_cache(maxsize=1)
def _default_resolver() -> Resolver:
    units = load_units()
    county_codes = set(units["adcode"])
    pref = prefectures()
    by_key = {normalise_name(n): c for n, c in zip(units["name"], units["adcode"], strict=True)}
    by_key.update({c: c for c in units["adcode"]})
    pref_by_key = {normalise_name(n): c for n, c in zip(pref.prefecture, pref.prefecture_adcode, strict=True)}
    pref_by_key.update({c: c for c in pref["prefecture_adcode"]})
    for alias, code in zip(load_aliases()["alias"], load_aliases()["adcode"], strict=True):
        key = normalise_name(alias)
        target = by_key if code in county_codes else pref_by_key
        if key in target and target[key] != code:
            raise ValueError(f"{paths.ALIASES}: alias {alias!r} clashes with an existing key")
        target[key] = code
    return Resolver(by_key=by_key, prefecture_by_key=pref_by_key)
