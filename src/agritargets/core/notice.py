"""Read Attachments 2 and 3 of notice 湘商电〔2023〕3号 out of its extracted text.

Nothing is typed by hand: every figure comes from the text, kept as printed
(a string such as "3.90"). Any line inside a table that is not a row, the
header, a blank, the total or the closing 备注 stops the parser with its line
number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from agritargets.core.divisions import normalise_name
from agritargets.core.errors import InputError

NOTICE_NUMBER = "湘商电〔2023〕3号"
NOTICE_DATE = "2023-04-04"
_VALUE = re.compile(r"^\d+\.\d{2}$")


@dataclass(frozen=True)
class PrintedTable:
    """One attachment: rows (seq, name, value-as-printed, line number) and the printed total.

    Parameters
    ----------
    title : str
        The table's title as looked for (e.g. ``市州农产品网络零售目标任务``).
    rows : list of (int, str, str, int)
        Sequence number, name as printed, target in 亿元 as printed (``"3.90"``), and the
        1-based line number in the text.
    total : str
        The printed 合计, 亿元, as printed.
    total_line : int
        1-based line number of the 合计 row.
    """

    title: str
    rows: list[tuple[int, str, str, int]]
    total: str
    total_line: int


@dataclass(frozen=True)
class Notice:
    """The parts of the notice the project uses.

    Parameters
    ----------
    number : str
        The document number, :data:`NOTICE_NUMBER`.
    date : str
        ISO date of issue, :data:`NOTICE_DATE` (a constant, not read from the text).
    provincial_target : str
        The provincial target in 亿元, digits as printed in Attachment 1 (``"400"``).
    prefectures : PrintedTable
        Attachment 2, the prefecture targets.
    counties : PrintedTable
        Attachment 3, the county targets.
    """

    number: str
    date: str
    provincial_target: str  # 亿元, from Attachment 1 ("力争达 400 亿元以上")
    prefectures: PrintedTable  # Attachment 2
    counties: PrintedTable  # Attachment 3


def parse_notice(text: str, source: str = "notice") -> Notice:
    """Read the notice number, the provincial target and Attachments 2 and 3 from its text.

    Parameters
    ----------
    text : str
        The notice's extracted text.
    source : str
        Name used in error messages (usually the file name).

    Returns
    -------
    Notice

    Raises
    ------
    InputError
        The notice number or the provincial target is missing, or a table is malformed: its
        heading missing or repeated, its title or column header not where expected, a line
        that is not a row (its line number is given), no 合计 row, no closing 备注 line, or
        sequence numbers other than 1, 2, 3 ….
    """
    lines = text.splitlines()
    return Notice(
        number=_find_number(text, source),
        date=NOTICE_DATE,
        provincial_target=_find_provincial_target(text, source),
        prefectures=_parse_table(lines, "附件2", "市州农产品网络零售目标任务", source),
        counties=_parse_table(lines, "附件3", "县市区农产品网络零售目标任务", source),
    )


def _fail(source: str, line_no: int | None, zh: str, en: str) -> InputError:
    where = f"{source} 第 {line_no} 行" if line_no else source
    where_en = f"{source} line {line_no}" if line_no else source
    return InputError(f"{where}：{zh}", f"{where_en}: {en}")


def _find_number(text: str, source: str) -> str:
    if NOTICE_NUMBER not in text:
        raise _fail(source, None, f"找不到文号 {NOTICE_NUMBER}", f"notice number {NOTICE_NUMBER} not found")
    return NOTICE_NUMBER


def _find_provincial_target(text: str, source: str) -> str:
    m = re.search(r"农产品网络零售额力争达\s*(\d+)\s*亿元", text)
    if not m:
        raise _fail(
            source,
            None,
            "附件1 中找不到全省目标（力争达 … 亿元）",
            "provincial target not found in Attachment 1",
        )
    return m.group(1)


def _parse_table(lines: list[str], heading: str, title: str, source: str) -> PrintedTable:
    """Rows between the attachment's header line and its 备注 line."""
    starts = [i for i, line in enumerate(lines) if normalise_name(line) == heading]
    if len(starts) != 1:
        raise _fail(
            source,
            None,
            f"应有且仅有一个“{heading}”标题，找到 {len(starts)} 个",
            f"expected exactly one '{heading}' heading, found {len(starts)}",
        )
    i = starts[0] + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if title not in normalise_name(lines[i]):
        raise _fail(
            source,
            i + 1,
            f"“{heading}”之后应为标题“{title}”",
            f"expected the title '{title}' after '{heading}'",
        )
    i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if not normalise_name(lines[i]).startswith("序号"):
        raise _fail(source, i + 1, "应为表头（序号 …）", "expected the table header (序号 …)")
    rows: list[tuple[int, str, str, int]] = []
    total: tuple[str, int] | None = None
    for j in range(i + 1, len(lines)):
        line_no, cells = j + 1, lines[j].split()
        if not cells:
            continue
        if cells[0].startswith("备注"):
            break
        if cells[0] == "合计" and len(cells) == 2 and _VALUE.match(cells[1]):
            total = (cells[1], line_no)
        elif len(cells) == 3 and cells[0].isdigit() and _VALUE.match(cells[2]):
            rows.append((int(cells[0]), cells[1], cells[2], line_no))
        else:
            raise _fail(
                source, line_no, f"无法识别的表格行：{lines[j]!r}", f"cannot read table row: {lines[j]!r}"
            )
    else:
        raise _fail(
            source, None, f"“{heading}”表格没有以“备注”结束", f"table '{heading}' has no closing 备注 line"
        )
    if total is None:
        raise _fail(source, None, f"“{heading}”表格缺少合计行", f"table '{heading}' has no 合计 (total) row")
    for k, (seq, _name, _v, line_no) in enumerate(rows, start=1):
        if seq != k:
            raise _fail(
                source, line_no, f"序号应为 {k}，实为 {seq}", f"sequence number should be {k}, found {seq}"
            )
    return PrintedTable(title=title, rows=rows, total=total[0], total_line=total[1])


def sum_printed(values: list[str]) -> Decimal:
    """Exact decimal sum of values as printed.

    Parameters
    ----------
    values : list of str
        Printed figures such as ``"3.90"``.

    Returns
    -------
    Decimal
        The sum (``Decimal("0")`` for no values).

    Examples
    --------
    >>> sum_printed(["3.90", "12.45", "0.65"])
    Decimal('17.00')
    """
    return sum((Decimal(v) for v in values), Decimal("0"))
