"""The denominator sweep: exact integer arithmetic that agrees with the Decimal scoreboard."""

from decimal import Decimal

import pandas as pd

from agritargets.core import paths
from agritargets.core.files import read_csv
from agritargets.core.targets import load_targets
from agritargets.rules.forensic import match_sweep, province_totals, special_areas


def test_sweep_agrees_with_the_scoreboard_at_published_denominators():
    board = read_csv(paths.PROCESSED / "forensic_scoreboard.csv", dtype=str)
    totals = province_totals()
    sweep = match_sweep(load_targets("county"), list(totals.values()))
    for r in board[board["P_label"] != "sum"].itertuples():
        row = sweep[(sweep["vintage"] == r.vintage) & (sweep["P_wan"] == float(totals[r.P_label]))]
        assert int(row["exact"].iloc[0]) == int(r.exact), (r.vintage, r.P_label)


def test_census_peaks_near_the_year_end_2021_total():
    grid = [Decimal(6600) + Decimal(i) / 10 for i in range(400)]
    census = match_sweep(load_targets("county"), grid).query("vintage == 'census2020'")
    best = census[census["exact"] == census["exact"].max()]["P_wan"]
    assert 6610 < best.min() <= best.max() < 6625
    assert census["exact"].max() >= 52
    assert isinstance(census, pd.DataFrame) and (census["units"] == 123).all()


def test_special_areas_are_the_fourteen_zones():
    z = special_areas()
    assert len(z) == 14 and z["population_wan"].gt(0).all()
