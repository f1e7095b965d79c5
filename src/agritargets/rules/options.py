"""The staff rerun's options, defined once.

The command line (``agritargets allocate|figures|report|briefing|build``), the documents'
parameters (``report.qmd``, ``briefing.qmd``) and the Python API all take these options from
here: :data:`OPTIONS` names each one with its flag and help, :class:`RerunOptions` checks a
set of values (every option may arrive as text, as a document parameter does; ``""`` means
not given) and refuses options that cannot take effect.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from agritargets.core.errors import InputError
from agritargets.population import denominator, plausibility
from agritargets.population.numeric import parse_argument
from agritargets.population.record import exact
from agritargets.rules.allocation import MODES

TOTAL_MAX = Decimal(100000)  # 亿元: above Hunan's GDP; anything larger is a typing slip


@dataclass(frozen=True)
class Option:
    """One rerun option: its Python/parameter name, its command-line flag and its help."""

    name: str
    flag: str
    metavar: str | None
    help: str


OPTIONS = (
    Option("total", "--total", "亿元", "全省目标 / provincial target in 亿元 (default 400)"),
    Option(
        "province_population",
        "--province-population",
        "from-file|sum|万人",
        "分母 P / denominator: from-file = 文件的全省/合计行 the file's total row; sum = 各县之和 the county "
        "sum; or a number in 万人 (default: the county sum when nothing contradicts it)",
    ),
    Option("rounding", "--rounding", "|".join(MODES), "取整方式 / rounding (default half-up)"),
    Option(
        "allow_partial",
        "--allow-partial",
        None,
        "只计算所列单位 / allocate only the listed units (needs --province-population)",
    ),
    Option(
        "sheet",
        "--sheet",
        None,
        "XLSX 工作表名 / worksheet to read (default: the only visible one with data)",
    ),
    Option("column", "--column", None, "人口列的表头 / population column header, when the file has several"),
    Option(
        "accept_outliers",
        "--accept-outlier",
        "县名|代码|全省",
        "接受与 2020 年普查差异过大的真实数值 / accept a genuine outlier against the 2020 census "
        "(a county, or 全省 for P); repeat, or list several as 芙蓉区、天心区",
    ),
)
NAMES = tuple(o.name for o in OPTIONS)
FLAGS = {o.name: o.flag for o in OPTIONS}


def unset(value: object) -> bool:
    """Not given: None, an empty or blank string, False, or an empty list.

    Examples
    --------
    >>> unset(None), unset(" "), unset([]), unset(False), unset("0"), unset(400)
    (True, True, True, True, False, False)
    """
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, bool):
        return not value
    if isinstance(value, list | tuple | set | frozenset):
        return not any(not unset(v) for v in value)
    return value is None


def parse_total(text: object) -> Decimal:
    """The provincial target in 亿元: a number above 0, at most ``TOTAL_MAX``, in whole cents.

    Examples
    --------
    >>> parse_total("450"), parse_total("")
    (Decimal('450'), Decimal('400'))
    """
    if unset(text):
        return Decimal(400)
    total = parse_argument(text, "全省目标", "total")
    if not total.is_finite():
        raise InputError(f"全省目标“{text}”不是有限的数", f"the total '{text}' is not a finite number")
    if total <= 0:
        raise InputError(
            f"全省目标必须大于 0（现为 {text}）", f"the provincial total must be > 0 (got {text})"
        )
    if total > TOTAL_MAX:
        raise InputError(
            f"全省目标“{text}”超出范围：应在 0.01 到 {TOTAL_MAX:,} 亿元之间",
            f"the total '{text}' is out of range: give 0.01 to {TOTAL_MAX:,} (亿元)",
        )
    if total != total.quantize(Decimal("0.01")):
        raise InputError(
            f"全省目标“{text}”超过两位小数；目标以 0.01 亿元计，请给出如 400 或 400.5",
            f"the total '{text}' has more than two decimals; targets are in 0.01 亿元, e.g. 400 or 400.5",
        )
    return total


def parse_rounding(value: object) -> str:
    """``--rounding`` (or the ``rounding`` parameter): one of ``allocation.MODES``; unset = half-up.

    Examples
    --------
    >>> parse_rounding(""), parse_rounding(" largest-remainder ")
    ('half-up', 'largest-remainder')
    >>> parse_rounding("四舍五入")
    Traceback (most recent call last):
    ...
    agritargets.core.errors.InputError: 取整方式“四舍五入”无效：只能是 half-up 或 largest-remainder
    invalid rounding '四舍五入': rounding must be one of half-up, largest-remainder
    """
    if unset(value):
        return MODES[0]
    rounding = str(value).strip()
    if rounding not in MODES:
        raise InputError(
            f"取整方式“{rounding}”无效：只能是 {' 或 '.join(MODES)}",
            f"invalid rounding '{rounding}': rounding must be one of {', '.join(MODES)}",
        )
    return rounding


def parse_flag(value: object) -> bool:
    """A yes/no option that may arrive as text from a document parameter (``""`` = no).

    Examples
    --------
    >>> parse_flag(True), parse_flag("true"), parse_flag(""), parse_flag("0")
    (True, True, False, False)
    """
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "是")
    return bool(value)


def _outliers(value: object) -> tuple[str, ...]:
    """``--accept-outlier`` values (repeated) or one comma/、-separated parameter, as a tuple."""
    if unset(value):
        return ()
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    return tuple(str(v).strip() for v in items if not unset(v))


@dataclass(frozen=True)
class RerunOptions:
    """The rerun options, checked: each value valid, ``given`` the names the user set.

    Build with :meth:`parse`; the defaults are the options not given.
    """

    total: Decimal = Decimal(400)
    province_population: str | Decimal | None = None
    rounding: str = MODES[0]
    allow_partial: bool = False
    sheet: str | None = None
    column: str | None = None
    accept_outliers: tuple[str, ...] = ()
    given: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def parse(cls, values: Mapping[str, object] | None = None, **more: object) -> RerunOptions:
        """Check options as given (text from a parameter, or typed values); InputError on a bad one.

        Parameters
        ----------
        values : mapping, optional
            Option name -> value; names outside :data:`NAMES` are refused.
        **more
            More options by name.

        Returns
        -------
        RerunOptions

        Examples
        --------
        >>> o = RerunOptions.parse(total="450", accept_outliers="芙蓉区")
        >>> o.total, o.accept_outliers, o.given
        (Decimal('450'), ('芙蓉区',), ('total', 'accept_outliers'))
        """
        raw = {**(values or {}), **more}
        unknown = sorted(set(raw) - set(NAMES))
        if unknown:
            raise InputError(
                f"未知的选项 {', '.join(unknown)}；可用的选项：{', '.join(NAMES)}",
                f"unknown option(s) {', '.join(unknown)}; the options are {', '.join(NAMES)}",
            )
        accept = _outliers(raw.get("accept_outliers"))
        plausibility.accepted_outliers(accept)  # an unknown county is refused before any reading
        return cls(
            total=parse_total(raw.get("total")),
            province_population=denominator.parse_choice(raw.get("province_population")),
            rounding=parse_rounding(raw.get("rounding")),
            allow_partial=parse_flag(raw.get("allow_partial")),
            sheet=None if unset(raw.get("sheet")) else str(raw["sheet"]),
            column=None if unset(raw.get("column")) else str(raw["column"]),
            accept_outliers=accept,
            given=tuple(n for n in NAMES if not unset(raw.get(n))),
        )

    def refuse_without_population(self, flags: bool = True) -> None:
        """Options given without a population file would be ignored: refuse them, saying why.

        Parameters
        ----------
        flags : bool
            Name them as command-line flags (``--total``) or as document parameters (``total``).

        Raises
        ------
        InputError
            Any option was given.
        """
        if not self.given:
            return
        names = ", ".join(FLAGS[n] if flags else n for n in self.given)
        add = "--population 文件" if flags else "-P population:文件"
        add_en = "--population FILE" if flags else "-P population:FILE"
        raise InputError(
            f"{names} 只在给出新的人口文件时起作用，没有人口文件时会被忽略；要重算，请加 {add}；"
            "要用 2023 年印发目标，请去掉这些选项",
            f"{names} only apply with a population file and would be ignored without one; add {add_en} "
            "to recompute, or drop them to use the published 2023 targets",
        )

    def as_text(self) -> dict[str, str]:
        """Every option as exact text (``""`` = not given), as the documents' parameters take them.

        Returns
        -------
        dict

        Examples
        --------
        >>> RerunOptions.parse(sheet="2023.10", total="450.5").as_text()["sheet"]
        '2023.10'
        """
        p = self.province_population
        return {
            "total": exact(self.total) if "total" in self.given else "",
            "province_population": "" if p is None else (p if isinstance(p, str) else exact(p)),
            "rounding": self.rounding if "rounding" in self.given else "",
            "allow_partial": "true" if self.allow_partial else "",
            "sheet": self.sheet or "",
            "column": self.column or "",
            "accept_outliers": "、".join(self.accept_outliers),
        }


def options_of(names: Collection[str], values: Mapping[str, object]) -> dict[str, object]:
    """The rerun options among ``values`` (by :data:`NAMES`), e.g. from parsed arguments.

    Parameters
    ----------
    names : collection of str
        Usually :data:`NAMES`.
    values : mapping
        Any mapping holding them (``vars(args)``).

    Returns
    -------
    dict
    """
    return {n: values.get(n) for n in names}
