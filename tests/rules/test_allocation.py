"""The allocation engine against an independent exact-fraction oracle, plus properties of both modes."""

from decimal import Decimal
from fractions import Fraction

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agritargets.core.divisions import load_units
from agritargets.core.errors import InputError
from agritargets.rules.allocation import allocate, half_up, largest_remainder
from agritargets.rules.forensic import read_vintage
from tests.oracle import half_up_rule, round_half_up_cents


def census_table() -> pd.DataFrame:
    v = read_vintage("census2020")
    u = load_units().set_index("adcode")
    return pd.DataFrame(
        {
            "adcode": v["adcode"],
            "county": v["name"],
            "prefecture_adcode": [u.loc[a, "prefecture_adcode"] for a in v["adcode"]],
            "prefecture": [u.loc[a, "prefecture"] for a in v["adcode"]],
            "population_wan": v["population_wan"],
        }
    )


def first_units(pops) -> pd.DataFrame:
    """The first len(pops) real units, given these populations."""
    units = load_units().head(len(pops))
    return pd.DataFrame(
        {
            "adcode": units["adcode"],
            "county": units["name"],
            "prefecture_adcode": units["prefecture_adcode"],
            "prefecture": units["prefecture"],
            "population_wan": pops,
        }
    )


def cents(values) -> list[int]:
    return [int(v * 100) for v in values]


def test_python_round_is_not_half_up_but_ours_is():
    assert round(0.125, 2) == 0.12  # banker's rounding / binary float
    assert half_up(Decimal("0.125")) == Decimal("0.13")
    assert half_up(Decimal("2.675")) == Decimal("2.68")


@pytest.mark.parametrize("P", [None, "6622", "6644.4864", "6604"])
def test_half_up_matches_oracle_on_census(P):
    t = census_table()
    a = allocate(t, total=400, province_population=P)
    pops = {r.adcode: Fraction(str(r.population_wan)) for r in t.itertuples()}
    pref = dict(zip(t["adcode"], t["prefecture_adcode"], strict=True))
    want_c, want_p = half_up_rule(pops, pref, Fraction(400), None if P is None else Fraction(P))
    assert dict(zip(a.counties["adcode"], cents(a.counties["target_yi"]), strict=True)) == want_c
    assert dict(zip(a.prefectures["adcode"], cents(a.prefectures["target_yi"]), strict=True)) == want_p


def test_known_values_census_over_2021_total():
    """Hand-checked: 64.2010 / 6622 × 400 = 3.87804... -> 3.88; 芙蓉区 printed 3.90."""
    a = allocate(census_table(), 400, "6622").counties.set_index("adcode")
    assert a.loc["430102", "target_yi"] == Decimal("3.88")
    assert a.loc["430102", "share"] == Decimal("0.0096951072")


def test_largest_remainder_sums_exactly_on_census():
    a = allocate(census_table(), total="400", rounding="largest-remainder")
    assert sum(a.counties["target_yi"]) == Decimal("400.00")
    assert sum(a.prefectures["target_yi"]) == Decimal("400.00")
    for r in a.prefectures.itertuples():
        part = a.counties[a.counties["prefecture_adcode"] == r.adcode]
        assert r.target_yi == sum(part["target_yi"])


def test_largest_remainder_ties_go_to_smaller_adcode():
    # three equal quotas of 1/3 unit each, one unit to share
    q = [Decimal(1) / 3] * 3
    assert largest_remainder(q, ["430300", "430100", "430200"], 1) == [0, 1, 0]


def test_half_up_prefecture_uses_unrounded_counties():
    t = pd.DataFrame(
        {
            "adcode": ["430102", "430103", "430202"],
            "county": ["芙蓉区", "天心区", "荷塘区"],
            "prefecture_adcode": ["430100", "430100", "430200"],
            "prefecture": ["长沙市", "长沙市", "株洲市"],
            "population_wan": [Decimal("1.0049"), Decimal("1.0049"), Decimal("397.9902")],
        }
    )
    a = allocate(t, total=400)
    # each county 1.0049/400*400 = 1.0049 -> 1.00; their exact sum 2.0098 -> 2.01, not 2.00
    assert list(a.counties["target_yi"][:2]) == [Decimal("1.00"), Decimal("1.00")]
    assert a.prefectures.set_index("adcode").loc["430100", "target_yi"] == Decimal("2.01")


@pytest.mark.parametrize("total", ["0", "-5"])
def test_bad_total(total):
    with pytest.raises(InputError, match="must be > 0"):
        allocate(census_table(), total=total)


def test_province_population_below_counties_sum():
    with pytest.raises(InputError, match="below the counties' sum"):
        allocate(census_table(), province_population="100")


populations = st.lists(
    st.decimals(min_value=Decimal("0.5"), max_value=Decimal("300"), places=4), min_size=1, max_size=40
)


@settings(max_examples=150)
@given(pops=populations, total=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2))
def test_largest_remainder_properties(pops, total):
    t = first_units(pops)
    a = allocate(t, total=total, rounding="largest-remainder")
    assert sum(a.counties["target_yi"]) == total
    assert sum(a.prefectures["target_yi"]) == total
    S = sum(Fraction(str(p)) for p in pops)
    for p, got in zip(pops, a.counties["target_yi"], strict=True):
        quota = Fraction(str(p)) / S * Fraction(str(total)) * 100
        assert int(quota) <= int(got * 100) <= int(quota) + (quota.denominator != 1)


@settings(max_examples=150)
@given(pops=populations, total=st.integers(min_value=1, max_value=2000))
def test_half_up_properties(pops, total):
    t = first_units(pops)
    a = allocate(t, total=total)
    S = sum(Fraction(str(p)) for p in pops)
    for p, got in zip(pops, a.counties["target_yi"], strict=True):
        assert int(got * 100) == round_half_up_cents(Fraction(str(p)) / S * total)
    # rounding errors are at most half a cent per county
    assert abs(sum(a.counties["target_yi"]) - total) <= Decimal("0.005") * len(pops)
