"""An independent implementation of the notice's rule, in exact fractions, for checking the engine.

Written separately from agritargets.rules.allocation (different arithmetic: Fraction
instead of Decimal, integer rounding by hand) so that agreement means something.
"""

from fractions import Fraction


def round_half_up_cents(x: Fraction) -> int:
    """x in 亿元 -> whole cents, halves away from zero (x >= 0 here)."""
    cents = x * 100
    return int(cents + Fraction(1, 2)) if cents >= 0 else -int(-cents + Fraction(1, 2))


def half_up_rule(
    pops: dict[str, Fraction], prefecture: dict[str, str], total: Fraction, P: Fraction | None = None
):
    P = P if P is not None else sum(pops.values())
    exact = {a: p / P * total for a, p in pops.items()}
    counties = {a: round_half_up_cents(x) for a, x in exact.items()}
    sums: dict[str, Fraction] = {}
    for a, x in exact.items():
        sums[prefecture[a]] = sums.get(prefecture[a], Fraction(0)) + x
    prefs = {k: round_half_up_cents(v) for k, v in sums.items()}
    return counties, prefs
