"""Reading the period and the schedule (序时进度), against an independent calendar."""

import datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agritargets.core.errors import InputError
from agritargets.monitor.periods import BARE, CUMULATIVE, MONTHLY, parse_as_of, reconcile, span_in
from tests.monitor.oracle import share_of_year


@pytest.mark.parametrize(
    ("text", "first", "last", "kind", "year"),
    [
        ("1-6月", 1, 6, CUMULATIVE, None),
        ("1—6月累计", 1, 6, CUMULATIVE, None),
        ("2023年1-6月", 1, 6, CUMULATIVE, 2023),
        ("1~6月", 1, 6, CUMULATIVE, None),
        ("1至11月", 1, 11, CUMULATIVE, None),
        ("一至六月", 1, 6, CUMULATIVE, None),
        ("上半年", 1, 6, CUMULATIVE, None),
        ("2023年前三季度", 1, 9, CUMULATIVE, 2023),
        ("截至6月底", 1, 6, CUMULATIVE, None),
        ("6月累计（万元）", 1, 6, CUMULATIVE, None),
        ("3月当月", 3, 3, MONTHLY, None),
        ("12月", 12, 12, BARE, None),
        ("4-6月", 4, 6, BARE, None),
    ],
)
def test_headers_name_their_months(text, first, last, kind, year):
    span = span_in(text)
    assert (span.first, span.last, span.kind, span.year) == (first, last, kind, year)


@pytest.mark.parametrize("text", ["农产品网络零售额（万元）", "上年同期", "13月", "区划代码", "同比(%)"])
def test_texts_without_a_period(text):
    assert span_in(text) is None


@given(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2099, 12, 31)))
def test_schedule_of_any_date(day):
    period = reconcile(None, "", day, "f.csv")
    month_end = (day + datetime.timedelta(days=1)).day == 1
    expected = share_of_year(month=day.month) if month_end else share_of_year(day=day)
    assert period.fraction == expected
    assert period.months_left == 12 * (1 - expected)


def test_leap_years_count_366_days():
    assert reconcile(None, "", datetime.date(2024, 12, 30), "f").fraction == Fraction(365, 366)
    assert reconcile(None, "", datetime.date(2100, 3, 1), "f").fraction == Fraction(
        60, 365
    )  # 2100: no leap year
    assert reconcile(None, "", datetime.date(2000, 3, 1), "f").fraction == Fraction(61, 366)


@pytest.mark.parametrize("text", ["2023-02-30", "2023/06/30", "6月30日", ""])
def test_bad_as_of_is_refused_in_both_languages(text):
    with pytest.raises(InputError) as err:
        parse_as_of(text)
    assert "--as-of 2023-06-30" in err.value.zh and "YYYY-MM-DD" in err.value.en
