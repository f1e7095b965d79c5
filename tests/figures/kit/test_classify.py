"""Classes: mapclassify decides membership; breaks, labels and colours follow the data."""

import numpy as np
import pytest

from agritargets.core.formatting import MINUS
from agritargets.figures.kit import style
from agritargets.figures.kit.classify import (
    natural_breaks,
    prefecture_classes,
    residual_classes,
    share_classes,
)
from agritargets.rules.scenario import published


def test_natural_breaks_rounded_and_complete():
    c = natural_breaks([0.09, 0.1, 0.5, 0.51, 1.2, 1.3, 2.39], k=3)
    assert c.bins[-1] == 2.39 and len(c.labels) == 3 and c.labels[0].startswith("0.09")
    assert c.color_of([0.09, 2.39, float("nan")])[-1] == style.NO_DATA
    assert c.index_of([0.09, 2.39, np.nan]).tolist() == [0, 2, -1]


def test_whole_cent_values_get_gapless_labels():
    """Targets are whole cents: a class starts one cent above the previous class's top."""
    c = prefecture_classes(published().prefectures)
    for prev, label in zip(c.bins[:-1], c.labels[1:], strict=False):
        assert label.startswith(f"{prev + 0.01:.2f}")


def test_shares_use_shared_edges_and_match_mapclassify():
    import mapclassify

    s = published()
    c = share_classes(s.counties)
    v = s.counties["share_pct"].to_numpy()
    expected = mapclassify.UserDefined(v, list(c.bins)).yb
    assert c.index_of(v).tolist() == expected.tolist()
    assert sum(c.counts(v)) == 123


def test_residual_classes_follow_the_asymmetric_data():
    r = published().counties["residual_yi"]
    c = residual_classes(r)
    assert c.labels == (
        f"≤ {MINUS}0.11",
        f"{MINUS}0.10 – {MINUS}0.03",
        f"{MINUS}0.02 – +0.02",
        "+0.03 – +0.10",
        "+0.11 – +0.50",
        "≥ +0.51",
    )
    assert c.counts(r) == [3, 15, 86, 5, 10, 4]  # 雨湖 +1.12 is no longer lumped with +0.11
    assert c.color_of([0.0])[0] == style.AGREES != "#ffffff"
    assert c.color_of([1.12])[0] == style.ABOVE[2] and c.color_of([-0.21])[0] == style.BELOW[1]


@pytest.mark.parametrize(("values", "n"), [([0, 0.01], 1), ([-0.3, 0.01], 3), ([-0.6, 0.6], 7)])
def test_residual_classes_only_as_many_as_the_data_reach(values, n):
    c = residual_classes(values)
    assert len(c.bins) == len(c.colors) == len(c.labels) == n
    assert all("-" not in lab for lab in c.labels)  # true minus only
    assert all("~" not in lab for lab in c.labels)  # ranges take an en dash, as every legend
