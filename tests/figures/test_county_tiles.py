"""Tile grid: every county unit (洪江区 too) gets its own cell, near where it lies; names stay distinct."""

import numpy as np
import pandas as pd

from agritargets.figures.county_tiles import tile_grid, tile_names
from agritargets.figures.pack import load_layers


def test_every_unit_one_cell_near_its_place():
    layers = load_layers()
    grid = tile_grid(layers)
    assert len(grid) == 123 and grid["adcode"].is_unique
    assert not grid.duplicated(["col", "row"]).any()
    assert "431271" in set(grid["adcode"])  # 洪江区 has no polygon but a cell
    c = layers.counties.set_index("adcode")
    g = grid.set_index("adcode").loc[c.index]
    # the grid keeps the geography's order: west-east and south-north ranks correlate strongly
    assert np.corrcoef(g["col"], c["label_x"])[0, 1] > 0.9
    assert np.corrcoef(g["row"], c["label_y"])[0, 1] > 0.9


def test_tile_names_are_short_and_distinct():
    names = pd.Series(["麻阳苗族自治县", "岳麓区", "洪江市", "洪江区", "长沙县", "道县"])
    assert tile_names(names).tolist() == ["麻阳", "岳麓", "洪江市", "洪江区", "长沙县", "道县"]
