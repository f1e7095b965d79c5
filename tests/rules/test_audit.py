"""Audit of the printed tables and the forensic comparison, checked against independent arithmetic."""

from decimal import Decimal
from fractions import Fraction

from agritargets.core.targets import load_printed_totals, load_targets
from agritargets.rules.audit import audit_prefectures, audit_totals, implied_population
from agritargets.rules.forensic import province_totals, read_vintage, residuals, scoreboard
from tests.oracle import round_half_up_cents

C, P = load_targets("county"), load_targets("prefecture")


def test_totals():
    t = audit_totals(C, P, load_printed_totals()).set_index("table")
    assert t.loc["county", "sum_of_rows_yi"] == Decimal("399.94")
    assert t.loc["county", "diff_yi"] == Decimal("-0.06")
    assert t.loc["prefecture", "sum_of_rows_yi"] == Decimal("400.01")
    assert t.loc["prefecture", "diff_yi"] == Decimal("0.01")
    assert t["explained_by_rounding"].all()
    # s.d. of a sum of 123 uniform rounding errors: 0.01 * sqrt(123/12) = 0.0320; -0.06 / 0.0320 = -1.87
    assert t.loc["county", "z"] == -1.87


def test_prefecture_differences():
    a = audit_prefectures(C, P).set_index("prefecture")
    diffs = {k: v for k, v in a["diff_yi"].items() if v != 0}
    assert diffs == {
        "株洲市": Decimal("0.01"),
        "湘潭市": Decimal("0.02"),
        "衡阳市": Decimal("0.02"),
        "益阳市": Decimal("0.01"),
        "郴州市": Decimal("0.02"),
        "永州市": Decimal("-0.01"),
    }
    assert a["explained_by_rounding"].all()
    # 湘潭市: 5 counties sum 16.46 ± 0.025 -> [16.435, 16.485); printed 16.48 -> [16.475, 16.485): overlap
    assert (a.loc["湘潭市", "sum_interval_lo"], a.loc["湘潭市", "sum_interval_hi"]) == (
        Decimal("16.435"),
        Decimal("16.485"),
    )


def test_a_larger_gap_would_not_be_explained():
    P2 = P.copy()
    P2.loc[P2["adcode"] == "430300", "target_cents"] = 1650  # 16.50 vs counties 16.46 ± 0.025
    a = audit_prefectures(C, P2).set_index("adcode")
    assert not a.loc["430300", "explained_by_rounding"]


def test_implied_population_is_an_interval():
    ip = implied_population(C, Decimal(6622)).set_index("adcode")
    lo, hi = ip.loc["430102", ["implied_population_lo_wan", "implied_population_hi_wan"]]
    assert (lo, hi) == (Decimal("3.895") / 400 * 6622, Decimal("3.905") / 400 * 6622)


def _oracle_exact(vintage: str, P: Decimal) -> tuple[int, int]:
    printed = dict(zip(C["adcode"], C["target_cents"], strict=True))
    v = read_vintage(vintage)
    hits = sum(
        round_half_up_cents(Fraction(str(p)) / Fraction(str(P)) * 400) == printed[a]
        for a, p in zip(v["adcode"], v["population_wan"], strict=True)
    )
    return hits, len(v)


def test_scoreboard_agrees_with_oracle():
    sb = scoreboard(residuals(C)).set_index(["vintage", "P_label"])
    totals = province_totals()
    for vintage in ("census2020", "yearend2021", "yearend2022", "yearend2023"):
        for label, P in totals.items():
            hits, n = _oracle_exact(vintage, P)
            assert (sb.loc[(vintage, label), "exact"], sb.loc[(vintage, label), "units"]) == (hits, n)


def test_forensic_headline():
    """Independently checked before the code existed: census figures over P = 6622 万 (year-end 2021)
    reproduce 52 of 123 targets; over the 2020 census total 21; over 2022's 6604 万 only 17."""
    sb = scoreboard(residuals(C)).set_index(["vintage", "P_label"])
    assert sb.loc[("census2020", "P2021"), "exact"] == 52
    assert sb.loc[("census2020", "P2020"), "exact"] == 21
    assert sb.loc[("census2020", "P2022"), "exact"] == 17
    assert sb.loc[("yearend2021", "P2021"), ["exact", "units"]].tolist() == [5, 12]
    assert province_totals() == {
        "P2020": Decimal("6644.4864"),
        "P2021": Decimal("6622"),
        "P2022": Decimal("6604.0"),
        "P2023": Decimal("6568"),
    }


def test_best_fit_constant_is_what_the_data_say():
    """scenario.BEST_FIT_* (used by maps and report) must be the full-coverage combination with most exact matches."""
    from agritargets.rules.scenario import BEST_FIT_P, BEST_FIT_VINTAGE

    sb = scoreboard(residuals(C))
    full = sb[sb["units"] == 123].sort_values("exact", ascending=False)
    assert (full.iloc[0]["vintage"], full.iloc[0]["P_label"]) == (BEST_FIT_VINTAGE, BEST_FIT_P)
    assert full.iloc[0]["exact"] > full.iloc[1]["exact"]
