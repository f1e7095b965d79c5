"""chart_audit_counties: which counties carry a name (no drawing: the rule and its caption)."""

from decimal import Decimal

from agritargets.core import paths
from agritargets.figures.audit_counties import NAMED_PER_ROW, named_counties, naming_note
from agritargets.rules.scenario import from_population


def _over_the_threshold(counties) -> dict[str, list[str]]:
    """Per prefecture, counties whose difference exceeds 0.10 亿元, largest first (ties: notice order),
    recomputed from the printed two-decimal values."""
    rows: dict[str, list[tuple]] = {}
    for r in counties.itertuples():
        diff = abs(Decimal(str(r.residual_yi)).quantize(Decimal("0.01")))  # whole cents of 亿元
        if diff > Decimal("0.10"):
            rows.setdefault(r.prefecture_adcode, []).append((-diff, r.seq, r.county))
    return {code: [name for *_, name in sorted(found)] for code, found in rows.items()}


def test_the_2023_chart_names_every_county_over_the_threshold(scenario):
    expected = _over_the_threshold(scenario.counties)
    assert max(len(v) for v in expected.values()) <= NAMED_PER_ROW  # the cap changes nothing in 2023
    assert sorted(named_counties(scenario.counties)["county"]) == sorted(
        n for names in expected.values() for n in names
    )
    assert naming_note(scenario.counties) == "相差超过 0.10 的县市区标出名称"


def test_a_rerun_that_moves_every_county_names_the_largest_five_per_row_and_says_so():
    rerun = from_population(
        paths.POPULATION_RAW / "census2020_county.csv", total="450", province_population="6622"
    )
    expected = _over_the_threshold(rerun.counties)
    assert sum(len(v) for v in expected.values()) > 100  # nearly every county differs by more than 0.10
    named = named_counties(rerun.counties)
    got = {code: set(group["county"]) for code, group in named.groupby("prefecture_adcode")}
    assert got == {code: set(names[:NAMED_PER_ROW]) for code, names in expected.items()}
    assert naming_note(rerun.counties).endswith("（每个市州至多 5 个，取相差最大者）")
