"""The report's values and tables: checked against independent arithmetic, not against themselves."""

from decimal import ROUND_HALF_UP, Decimal

import pytest

from agritargets.core import paths
from agritargets.core.errors import InputError
from agritargets.core.files import read_csv
from agritargets.documents.reportdata import Column, ReportParams, Table, build, interval

COUNTIES = read_csv(paths.COUNTY_TARGETS, dtype=str)
PREFECTURES = read_csv(paths.PREFECTURE_TARGETS, dtype=str)


@pytest.fixture(scope="module")
def report():
    return build()


def test_headline_values_are_independent_sums(report):
    v = report.values
    assert v["county_sum"] == str(sum(Decimal(t) for t in COUNTIES["target_yi"]))  # 399.94
    assert v["prefecture_sum"] == str(sum(Decimal(t) for t in PREFECTURES["target_yi"]))  # 400.01
    assert v["county_diff"] == "\u22120.06" and v["prefecture_diff"] == "+0.01"
    assert (v["n_counties"], v["n_prefectures"]) == ("123", "14")
    top = COUNTIES.loc[COUNTIES["target_yi"].map(Decimal).idxmax()]
    assert (v["top_county"], v["top_county_target"]) == (top["county"], top["target_yi"])
    assert v["best_P"] == "6,622" and v["score_census_best"] == "52/123"
    assert v["per_capita_yuan"] == "604"  # 400 亿元 / 6622 万人 = 604.05 元


def test_prefecture_gaps_listed_with_true_minus(report):
    gaps = report.values["prefecture_gap_list"]
    assert gaps.count("、") == 5 and "永州 \u22120.01" in gaps and "衡阳 +0.02" in gaps


def test_every_share_in_the_full_table_rounds_half_up():
    """0.62 / 4 = 0.155: half-up gives 0.16 at two places and 0.1550 at four; never 0.15."""
    full = build().tables["full"]
    table, total = full.to_frame().iloc[:-1], full.rows[-1]
    assert len(table) == 123 and table["县市区"].tolist() == COUNTIES["county"].tolist()
    # the totals row: the 123 printed targets add up to 399.94, shown as the table shows targets
    assert total[1] == "合计" and total[4] == "399.94"
    for shown, target in zip(table["占全省（%）"], COUNTIES["target_yi"], strict=True):
        exact = Decimal(target) / 4
        assert shown == str(exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def test_top_bottom_shares_round_half_up(report):
    table = report.tables["top_bottom"].to_frame()
    for county, shown in zip(table["县市区"], table["占全省"], strict=True):
        target = Decimal(COUNTIES.set_index("county").loc[county, "target_yi"])
        assert shown == f"{(target / 4).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


def test_markdown_tables_span_the_text_width():
    t = Table((Column("县市区", 3), Column("目标", 1, "right")), (("芙蓉区", "3.90"),))
    header, rule, row = t.to_markdown().splitlines()
    assert header == "| 县市区 | 目标 |"
    assert rule == "|:" + "-" * 74 + "|" + "-" * 24 + ":|"  # 75 : 25 dashes -> relative widths
    assert len(rule) > 72  # pandoc uses the dashes as widths only when a line exceeds 72 columns
    assert row == "| 芙蓉区 | 3.90 |"


def test_interval_never_breaks():
    text = interval(Decimal("399.325"), Decimal("400.555"))
    assert text == "399.325\u2060–\u2060400.555"


@pytest.mark.parametrize(
    ("params", "en"),
    [
        ({"province_population": 6568}, "province_population only apply with a population file"),
        ({"total": "450", "rounding": "largest-remainder"}, "total, rounding only apply"),
        (
            {"population": "x.csv", "rounding": "bankers"},
            "rounding must be one of half-up, largest-remainder",
        ),
    ],
)
def test_parameters_take_effect_or_are_refused(params, en):
    with pytest.raises(InputError) as err:
        ReportParams.from_values(**params)
    assert en in str(err.value)


def test_numbers_from_quarto_are_accepted():
    p = ReportParams.from_values(population="p.csv", total=450, province_population=6568.5)
    o = p.options
    assert (o.total, o.province_population, o.rounding, o.given) == (
        Decimal(450),
        Decimal("6568.5"),
        "half-up",
        ("total", "province_population"),
    )
    assert p.population_path() == paths.ROOT / "p.csv"
