"""What period the actuals cover, and the schedule (序时进度) that goes with it.

The period is read from the file — a header or title such as ``1-6月``, ``1—6月累计``,
``2023年1-6月``, ``1~6月``, ``上半年``, ``截至6月底``, or the month columns — or from
``--as-of YYYY-MM-DD``. 序时进度 is N/12 at the end of month N (the convention of
every 通报), and elapsed days ÷ days in the year for any other date (1 January counts
as one day; 366 days in a leap year). When the file and the option disagree, or the
period cannot be told, the run is refused: a schedule is never guessed.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from agritargets.core.errors import InputError
from agritargets.population.text import fold

CUMULATIVE, MONTHLY, BARE = "cumulative", "monthly", "bare"
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUM = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_YEAR = r"(?:(?P<year>(?:19|20)\d{2})年?)?"
_RANGE = re.compile(_YEAR + r"(?P<a>" + _NUM[1:-1] + r")月?[-—–~至到‐‑]+(?P<b>" + _NUM[1:-1] + r")月")
_SINGLE = re.compile(_YEAR + r"(?P<b>" + _NUM[1:-1] + r")月")
_WORDS = (  # words that name a span from January: (pattern, last month)
    (re.compile(_YEAR + r"上半年"), 6),
    (re.compile(_YEAR + r"前三季度"), 9),
    (re.compile(_YEAR + r"(?:第?一季度|1季度)"), 3),
    (re.compile(_YEAR + r"全年"), 12),
    (re.compile(_YEAR + r"前(?P<b>" + _NUM[1:-1] + r")个?月"), None),
)
CUMULATIVE_WORDS = ("累计", "累积", "截至", "截止", "ytd", "cumulative")
MONTHLY_WORDS = ("当月", "本月", "单月", "monthly")


def _number(text: str) -> int:
    """``6`` / ``六`` / ``十二`` as an int."""
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN[text[1]] if len(text) > 1 else 0)
    return _CN[text]


@dataclass(frozen=True)
class MonthSpan:
    """Months a header or title names: ``first``–``last`` of ``year`` (if written), and how.

    ``kind`` is ``cumulative`` (1–N月, N月累计, 上半年), ``monthly`` (N月当月) or ``bare``
    (N月 alone: month N by itself, unless the columns say otherwise).
    """

    first: int
    last: int
    kind: str
    year: int | None
    text: str


def span_in(text: str) -> MonthSpan | None:
    """The months a header or title names, or None.

    Parameters
    ----------
    text : str
        A header, title or cell as written.

    Returns
    -------
    MonthSpan or None

    Examples
    --------
    >>> span_in("2023年1-6月").last, span_in("1—6月累计").kind, span_in("1~6月").first
    (6, 'cumulative', 1)
    >>> span_in("3月当月").kind, span_in("3月").kind, span_in("上半年").last, span_in("前三季度").last
    ('monthly', 'bare', 6, 9)
    >>> span_in("农产品网络零售额（万元）") is None, span_in("2022年1-6月").year
    (True, 2022)
    """
    t = fold(text)
    year = None
    m = _RANGE.search(t)
    if m:
        first, last, year = _number(m["a"]), _number(m["b"]), m["year"]
        kind = CUMULATIVE if first == 1 else BARE
    else:
        found = None
        for pattern, last_month in _WORDS:
            w = pattern.search(t)
            if w:
                found = (last_month or _number(w["b"]), w["year"])
                break
        if found:
            first, (last, year), kind = 1, found, CUMULATIVE
        else:
            m = _SINGLE.search(t)
            if not m:
                return None
            first = last = _number(m["b"])
            year = m["year"]
            kind = BARE
            if any(w in t for w in MONTHLY_WORDS):
                kind = MONTHLY
            elif any(w in t for w in CUMULATIVE_WORDS):
                first, kind = 1, CUMULATIVE
    if not (1 <= first <= last <= 12):
        return None
    return MonthSpan(first, last, kind, int(year) if year else None, text)


@dataclass(frozen=True)
class Period:
    """What the figures cover and the schedule that applies.

    Attributes
    ----------
    month : int
        Last month covered (1–12).
    year : int or None
        The year, when the file or ``--as-of`` says it.
    as_of : date or None
        A date that is not a month end: the schedule is then elapsed days ÷ days in the year.
    source : str
        Where the period was read (header text, title row, ``--as-of``), for the record.
    """

    month: int
    year: int | None
    as_of: date | None
    source: str

    @property
    def fraction(self) -> Fraction:
        """Elapsed share of the year: N/12, or day of year ÷ days in the year."""
        if self.as_of is None:
            return Fraction(self.month, 12)
        days = 366 if calendar.isleap(self.as_of.year) else 365
        return Fraction(self.as_of.timetuple().tm_yday, days)

    @property
    def months_left(self) -> Fraction:
        """Months left in the year: 12 × (1 − fraction); 0 at the year's end."""
        return 12 * (1 - self.fraction)

    @property
    def label_zh(self) -> str:
        """``2023年1-6月`` or ``截至2023年7月15日``."""
        if self.as_of is not None:
            d = self.as_of
            return f"截至{d.year}年{d.month}月{d.day}日"
        year = f"{self.year}年" if self.year else ""
        return f"{year}1-{self.month}月" if self.month > 1 else f"{year}1月"

    @property
    def label_en(self) -> str:
        """``Jan–Jun 2023`` or ``to 15 Jul 2023``."""
        if self.as_of is not None:
            return f"to {self.as_of.day} {calendar.month_abbr[self.as_of.month]} {self.as_of.year}"
        year = f" {self.year}" if self.year else ""
        span = "Jan" if self.month == 1 else f"Jan–{calendar.month_abbr[self.month]}"
        return span + year

    def record(self) -> dict:
        """The period as ``run.json`` records it (the schedule as an exact fraction and in %)."""
        f = self.fraction
        return {
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "year": self.year,
            "last_month": self.month,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "schedule": f"{f.numerator}/{f.denominator}",
            "schedule_method": "day of year / days in year"
            if self.as_of
            else "months elapsed / 12 (month end)",
            "source": self.source,
        }


def parse_as_of(text: str) -> date:
    """``--as-of YYYY-MM-DD`` as a date, or a bilingual InputError.

    Examples
    --------
    >>> parse_as_of("2024-02-29")
    datetime.date(2024, 2, 29)
    """
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
            raise ValueError
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f"--as-of “{text}”不是有效日期；请写成 年-月-日，如 --as-of 2023-06-30",
            f"--as-of '{text}' is not a valid date; write it as YYYY-MM-DD, e.g. --as-of 2023-06-30",
        ) from None


def _month_end(d: date) -> bool:
    return d.day == calendar.monthrange(d.year, d.month)[1]


def reconcile(
    span: MonthSpan | None, where: str, as_of: date | None, source: str, where_zh: str | None = None
) -> Period:
    """The period from what the file says (``span``, read at ``where``) and ``--as-of``.

    Parameters
    ----------
    span : MonthSpan or None
        The months the file's data covers (1–N), or None when it does not say.
    where : str
        Where the file says it (``header “1-6月” (row 3)``), for the record and messages.
    as_of : date or None
        ``--as-of``.
    source : str
        File name, for messages.
    where_zh : str, optional
        ``where`` in Chinese, for the message (default ``where``).

    Returns
    -------
    Period

    Raises
    ------
    InputError
        Neither says the period; or they disagree (another month, another year, a date
        inside the month rather than its end).
    """
    if span is None and as_of is None:
        raise InputError(
            f"{source}：看不出数据截至哪个月——表头或标题中没有“1-6月”“2023年1-6月”之类的期间，也没有月份列；"
            "请在表头写明期间（如“1-6月累计（万元）”），或用 --as-of 给出截止日期，如 --as-of 2023-06-30",
            f"{source}: the period cannot be told — no header or title names it (such as '1-6月' or "
            "'2023年1-6月') and there are no month columns; name it in the header (e.g. '1-6月累计（万元）') or "
            "give the date with --as-of, e.g. --as-of 2023-06-30",
        )
    if as_of is None:
        return Period(span.last, span.year, None, where)
    if span is None:
        end = _month_end(as_of)
        return Period(as_of.month, as_of.year, None if end else as_of, f"--as-of {as_of.isoformat()}")
    agrees = _month_end(as_of) and as_of.month == span.last and span.year in (None, as_of.year)
    if not agrees:
        year = span.year or as_of.year
        last_day = calendar.monthrange(year, span.last)[1]
        raise InputError(
            f"{source}：文件中的期间（{where_zh or where}：截至 {span.last} 月底）与 --as-of {as_of.isoformat()} 不一致；"
            f"请核对：文件截至 {span.last} 月底时写 --as-of {year}-{span.last:02d}-{last_day:02d} 或去掉 --as-of，"
            "否则请换用对应期间的文件",
            f"{source}: the file's period ({where}: to the end of month {span.last}) disagrees with --as-of "
            f"{as_of.isoformat()}; if the file runs to the end of month {span.last}, give --as-of "
            f"{year}-{span.last:02d}-{last_day:02d} or drop --as-of; otherwise use the file for that period",
        )
    return Period(span.last, as_of.year, None, f"{where}; --as-of {as_of.isoformat()} agrees")
