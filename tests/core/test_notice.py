"""The notice parser: every figure from the text, loud failure on anything unreadable."""

from decimal import Decimal

import pytest

from agritargets.core import paths
from agritargets.core.errors import InputError
from agritargets.core.notice import parse_notice, sum_printed

TEXT = paths.NOTICE.read_text(encoding="utf-8")


def test_reads_both_attachments_as_printed():
    n = parse_notice(TEXT)
    assert len(n.counties.rows) == 123
    assert len(n.prefectures.rows) == 14
    assert n.counties.rows[0][1:3] == ("芙蓉区", "3.90")
    assert n.counties.rows[109][1:3] == ("洪江区", "0.34")
    assert n.counties.rows[-1][1:3] == ("龙山县", "2.83")
    assert n.prefectures.rows[-1][1:3] == ("湘西自治州", "14.92")
    assert n.counties.total == n.prefectures.total == "400.00"
    assert n.provincial_target == "400"
    assert n.number == "湘商电〔2023〕3号"


def test_printed_sums_are_not_the_printed_totals():
    n = parse_notice(TEXT)
    assert sum_printed([r[2] for r in n.counties.rows]) == Decimal("399.94")
    assert sum_printed([r[2] for r in n.prefectures.rows]) == Decimal("400.01")


def test_unreadable_row_names_its_line():
    bad = TEXT.replace("55\t汨罗市\t3.82", "55\t汨罗市\t3,82")
    line = TEXT[: TEXT.index("55\t汨罗市")].count("\n") + 1
    with pytest.raises(InputError) as err:
        parse_notice(bad, source="notice.txt")
    assert f"notice.txt line {line}" in str(err.value)
    assert f"第 {line} 行" in str(err.value)
    assert "3,82" in str(err.value)


def test_sequence_gap_is_an_error():
    bad = TEXT.replace("2\t株洲市\t22.78", "3\t株洲市\t22.78")
    with pytest.raises(InputError, match="sequence number should be 2, found 3"):
        parse_notice(bad)


def test_missing_total_is_an_error():
    bad = TEXT.replace("合计\t\t400.00\n\n备注：2023 年各市州", "\n备注：2023 年各市州")
    with pytest.raises(InputError, match="no 合计"):
        parse_notice(bad)
