"""Each threshold, rank order, 'differs' test and short-name rule is written once, in its own module."""

import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "agritargets"
RULES = {
    # literal (as a regex) -> the one module allowed to write it
    r"(?<![\d.])0\.025(?!\d)": "rules/tolerances.py",
    r"(?<![\d.])0\.105(?!\d)": "rules/tolerances.py",
    r"\[\s*\"target_cents\",\s*\"seq\"\s*\]": "rules/tolerances.py",
    r"\"diff_yi\"\]\s*!=\s*0": "rules/tolerances.py",
    r"\"(土家族苗族自治州|苗族侗族自治县|经济技术开发区)\"": "core/names.py",
}


@pytest.mark.parametrize("pattern", RULES)
def test_a_rule_is_written_only_in_its_module(pattern):
    found = sorted(
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if re.search(pattern, p.read_text(encoding="utf-8"))
    )
    assert found == [RULES[pattern]], f"{pattern} appears in {found}"
