"""The column contract: every table has exactly the documented columns, each labelled and typed."""

from agritargets.monitor.columns import (
    COUNTY_COLUMNS,
    DECIMALS,
    INTEGERS,
    LABELS_ZH,
    PREFECTURE_COLUMNS,
    PROVINCE_COLUMNS,
)
from agritargets.monitor.pipeline import run_monitor
from tests.monitor.oracle import ROOT

DEMO = ROOT / "data/demo/2023年1-6月农产品网络零售额_累计_示例数据（虚构）.csv"
TEXT = {"adcode", "county", "prefecture_adcode", "prefecture", "name", "status", "status_zh"}


def test_tables_have_the_documented_columns_and_types():
    result = run_monitor(DEMO)
    tables = (
        (result.counties, COUNTY_COLUMNS),
        (result.prefectures, PREFECTURE_COLUMNS),
        (result.province, PROVINCE_COLUMNS),
    )
    for df, columns in tables:
        assert list(df.columns) == columns
        for col in columns:
            assert col in LABELS_ZH and (col in DECIMALS or col in INTEGERS or col in TEXT), col
            if col in DECIMALS:
                assert df[col].dtype == float, col
            elif col in INTEGERS:
                assert str(df[col].dtype) == "Int64", col
    assert len(result.counties) == 123 and "431271" in set(
        result.counties["adcode"]
    )  # 洪江区: no polygon, still listed
    assert set(result.counties["status"]) == {"ahead", "behind"}
    assert result.record["input"]["file"].endswith("示例数据（虚构）.csv")
