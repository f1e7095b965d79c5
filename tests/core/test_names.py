"""Short names: one rule each, applied to every unit of the reference table."""

import pytest

from agritargets.core.divisions import load_units
from agritargets.core.names import prefecture_stem, prefecture_tag, short_county, short_prefecture, short_zone


def test_only_xiangxi_gets_a_short_prefecture_name():
    names = load_units()["prefecture"].unique()
    changed = {n: short_prefecture(n) for n in names if short_prefecture(n) != n}
    assert changed == {"湘西土家族苗族自治州": "湘西州"}


@pytest.mark.parametrize(
    ("name", "stem", "tag"),
    [("长沙市", "长沙", "长沙"), ("湘西土家族苗族自治州", "湘西", "湘西州"), ("湘西州", "湘西", "湘西州")],
)
def test_prefecture_stem_drops_the_suffix_and_the_tag_keeps_zhou(name, stem, tag):
    assert prefecture_stem(name) == stem
    assert prefecture_tag(name) == tag


def test_autonomous_counties_lose_their_suffix_and_others_keep_their_name():
    units = load_units()
    short = units["name"].map(short_county)
    autonomous = units["name"].str.endswith("自治县")
    assert (short[autonomous].str.len() == 2).all()
    assert (short[~autonomous] == units["name"][~autonomous]).all()
    assert short_county("麻阳苗族自治县") == "麻阳"


@pytest.mark.parametrize(
    ("zone", "prefecture", "short"),
    [
        ("湖南湘潭高新技术产业园区", "湘潭市", "高新区"),
        ("岳阳市屈原管理区", "岳阳市", "屈原管理区"),
        ("长沙经济技术开发区", "长沙市", "经开区"),
        ("湖南", "长沙市", "湖南"),  # nothing left: the full name stays
    ],
)
def test_zone_names_lose_province_prefecture_and_generic_words(zone, prefecture, short):
    assert short_zone(zone, prefecture) == short
