"""The monitoring figures: each passes the drawing checks in print and slide, and says what the data say.

The result is made up (tests/monitor_fake.py, 示例数据（虚构）); the expected titles are computed here
from the whole-万元 actuals with Fraction, independently of the figures' own arithmetic.
"""

from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np
import pytest

from agritargets.figures.kit import checks
from agritargets.figures.kit.layout import PRINT, SLIDE
from agritargets.figures.monitor import pack
from agritargets.figures.monitor.common import DEMO, MonitorInputs, is_fictitious
from agritargets.figures.monitor.gap_map import _classifiable, gap_classes
from tests.documents import monitor_fake


def one_decimal(x: Fraction, signed: bool = False) -> str:
    """Half-up to 0.1 by hand, true minus."""
    n = int(abs(x) * 10 + Fraction(1, 2))
    text = f"{n // 10}.{n % 10}"
    return ("−" if x < 0 else "+" if signed and n else "") + text


@pytest.fixture(scope="module")
def result():
    return monitor_fake.build()


@pytest.fixture(scope="module")
def inputs(result):
    return pack.load_inputs(result)


@pytest.fixture(scope="module")
def expected():
    """Province, counties and prefectures on schedule, from the actuals in 万元 (schedule 6/12)."""
    from agritargets.core.targets import load_targets

    wan = monitor_fake.wan_actuals(6)
    t = load_targets("county")
    target_wan = dict(zip(t["adcode"], t["target_cents"] * 100, strict=True))
    ahead = sum(wan[a][6] * 2 >= target_wan[a] for a in wan)
    total = sum(v[6] for v in wan.values())
    pref_target = dict(zip(*load_targets("prefecture")[["adcode", "target_cents"]].T.values, strict=True))
    pref_actual: dict = {}
    for a, by in wan.items():
        pref_actual[t.set_index("adcode").loc[a, "prefecture_adcode"]] = (
            pref_actual.get(t.set_index("adcode").loc[a, "prefecture_adcode"], 0) + by[6]
        )
    pref_done = {p: Fraction(v, pref_target[p] * 100) * 100 for p, v in pref_actual.items()}
    return {
        "done": Fraction(total, 400 * 10**4) * 100,
        "ahead": ahead,
        "pref_ahead": sum(d >= 50 for d in pref_done.values()),
        "pref_done": pref_done,
        "month1": Fraction(sum(v[1] for v in wan.values()), 400 * 10**4) * 100 - Fraction(100, 12),
    }


def test_the_figure_set(inputs):
    assert [s.stem for s in pack.specs_for(inputs)] == [
        "map_monitor_gap",
        "chart_monitor_prefectures",
        "chart_monitor_progress",
        "chart_monitor_per_capita",
    ]
    single = MonitorInputs(
        monitor_fake.build(month=1), inputs.layers, inputs.meta, True
    )  # one month: no progress chart
    assert "chart_monitor_progress" not in [s.stem for s in pack.specs_for(single)]


def test_titles_are_computed_from_the_data(inputs, expected):
    d = pack.describe(inputs).set_index("stem")["title"]
    done = expected["done"]
    assert d["map_monitor_gap"] == (
        f"全省完成 {one_decimal(done)}%，{'低于' if done < 50 else '高于'}序时进度 50.0%；"
        f"123 个县市区中 {expected['ahead']} 个达到序时进度"
    )
    top = max(expected["pref_done"].items(), key=lambda kv: kv[1])
    assert d["chart_monitor_prefectures"].startswith(f"14 个市州中 {expected['pref_ahead']} 个达到序时进度")
    assert f"（{one_decimal(top[1])}%）" in d["chart_monitor_prefectures"]
    gap6 = done - 50
    assert f"从 1 月末的 {one_decimal(expected['month1'], True)} " in d["chart_monitor_progress"]
    assert f"到 {one_decimal(gap6, True)} 个百分点" in d["chart_monitor_progress"]
    assert d["chart_monitor_per_capita"].startswith("全省人均已销售 ")


CASES = [
    pytest.param(stem, layout, id=f"{stem}-{layout.name}", marks=[pytest.mark.slow] if slow else [])
    for stem, slow_slide in (
        (
            "map_monitor_gap",
            True,
        ),  # the map's slide version is checked in the slow run (the checks redraw it often)
        ("chart_monitor_prefectures", False),
        ("chart_monitor_progress", False),
        ("chart_monitor_per_capita", False),
    )
    for layout, slow in ((PRINT, False), (SLIDE, slow_slide))
]


@pytest.mark.parametrize(("stem", "layout"), CASES)
def test_each_figure_passes_the_checks_and_says_demo(inputs, stem, layout):
    spec = pack.spec(stem)
    texts = spec.words(inputs)
    assert DEMO in texts.subtitle and DEMO in texts.source
    fig = spec.paint(inputs, texts, layout)
    try:
        assert checks.problems(fig, layout.min_pt) == {}
        drawn = " ".join(t.get_text() for t in checks.texts(fig))
        assert DEMO in drawn  # the source line, in both layouts
        if layout is PRINT:
            assert checks.drawn_title(fig) == texts.title
        assert ("示意图" in drawn) == (spec.kind == "map")
        assert "审图号" not in drawn
    finally:
        plt.close(fig)


def test_real_data_carry_no_demo_label(result, inputs):
    real = monitor_fake.build(fictitious=False)
    assert is_fictitious(result.record) and not is_fictitious(real.record)
    texts = pack.spec("map_monitor_gap").words(MonitorInputs(real, inputs.layers, inputs.meta, False))
    assert DEMO not in texts.subtitle + texts.source


def test_gap_classes_put_the_schedule_on_schedule():
    values = np.array([-25.0, -1e-12, 0.0, 3.0, 12.0])
    c = gap_classes(values)
    idx = c.index_of(_classifiable(values))
    assert [c.labels[i] for i in idx] == ["≤ −20", "−5 – 0", "0 – +5", "0 – +5", "+10 – +20"]
    assert c.colors[idx[1]] != c.colors[idx[2]]  # behind by a hair is purple, exactly on schedule orange


def test_units_not_reported_are_hatched_and_counted(result, inputs):
    """``--allow-partial``: units absent from the result show as 未报送, 洪江区 included."""
    from dataclasses import replace

    absent = ["431271", "430102", "433101"]
    partial = replace(result, counties=result.counties[~result.counties["adcode"].isin(absent)])
    shown = MonitorInputs(partial, inputs.layers, inputs.meta, True)
    spec = pack.spec("map_monitor_gap")
    fig = spec.paint(shown, spec.words(shown), PRINT)
    try:
        assert checks.problems(fig, PRINT.min_pt) == {}
        drawn = [t.get_text() for t in checks.texts(fig)]
        assert "未报送（3 个）" in drawn and "洪江区\n未报" in drawn
    finally:
        plt.close(fig)
