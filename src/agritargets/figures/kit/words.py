"""Words every figure shares: spacing between Chinese and Latin, the message texts, name lists."""

from __future__ import annotations

import re

from agritargets.figures.kit.page import Texts
from agritargets.rules.scenario import Scenario

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


def message(**kw) -> Texts:
    """Texts with title and subtitle spaced consistently."""
    kw["title"] = spaced(kw["title"])
    kw["subtitle"] = spaced(kw["subtitle"])
    return Texts(**kw)


def what_targets(scenario: Scenario) -> str:
    """'2023 年印发目标' or the rerun's short name."""
    return scenario.title if scenario.is_published else "新测算目标"


def name_list(names: list[str], limit: int = 3) -> str:
    return "、".join(names[:limit]) + ("等" if len(names) > limit else "")
