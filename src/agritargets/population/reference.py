"""The yardstick for plausibility: the 2020 census shipped in ``data/raw/population``.

Real figures only: county units from the national tabulation, the functional
zones it lists separately (local bulletins fold them into a host county, so a
county's figure may legitimately include them) and the province total.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from agritargets.core import paths

CENSUS_COUNTIES = "census2020_county.csv"
CENSUS_ZONES = "census2020_special_areas.csv"
PROVINCE_TOTALS = "province_prefecture_totals.csv"


@dataclass(frozen=True)
class Reference:
    """The 2020 census in 万人: ``county`` by adcode, ``zones`` by prefecture adcode, ``province``."""

    county: dict[str, Decimal]
    zones: dict[str, Decimal]
    province: Decimal
    zone_prefecture: dict[str, str]  # zone name -> its prefecture's name
    label_zh: str = "2020 年第七次人口普查"
    label_en: str = "2020 census"

    def zone_of(self, label: str) -> str | None:
        """The prefecture of the functional zone ``label`` names, also without its prefecture in front.

        Examples
        --------
        >>> census().zone_of("云龙示范区"), census().zone_of("屈原管理区"), census().zone_of("芙蓉区")
        ('株洲市', '岳阳市', None)
        """
        if label in self.zone_prefecture:
            return self.zone_prefecture[label]
        found = {p for name, p in self.zone_prefecture.items() if len(label) >= 4 and name.endswith(label)}
        return found.pop() if len(found) == 1 else None


def _rows(name: str) -> list[dict[str, str]]:
    with (paths.POPULATION_RAW / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def census() -> Reference:
    """The census reference, read once.

    Returns
    -------
    Reference

    Examples
    --------
    >>> ref = census()
    >>> ref.county["430102"], ref.province, ref.zones["430200"]
    (Decimal('64.2010'), Decimal('6644.4864'), Decimal('11.5818'))
    """
    county = {r["adcode"]: Decimal(r["population_wan"]) for r in _rows(CENSUS_COUNTIES)}
    zones: dict[str, Decimal] = {}
    zone_prefecture = {r["name"]: r["prefecture"] for r in _rows(CENSUS_ZONES)}
    prefecture_code = {r["prefecture"]: r["adcode"][:4] + "00" for r in _rows(CENSUS_COUNTIES)}
    for r in _rows(CENSUS_ZONES):  # the zones' own codes are unofficial; the prefecture name is not
        code = prefecture_code[r["prefecture"]]
        zones[code] = zones.get(code, Decimal(0)) + Decimal(r["population_wan"])
    (province,) = [
        Decimal(r["population_wan"])
        for r in _rows(PROVINCE_TOTALS)
        if r["adcode"] == "430000" and r["year"] == "2020"
    ]
    return Reference(county=county, zones=zones, province=province, zone_prefecture=zone_prefecture)
