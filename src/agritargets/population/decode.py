"""Step 1, decode: bytes on disk -> rows of cells, whatever the file's name claims.

The content decides the format (an XLSX saved as ``.csv`` is read as XLSX and
said so; a web page or an old ``.xls`` is refused with what it is). Text is
UTF-8 (with or without BOM), GB18030/GBK or UTF-16; any line ending (including
classic-Mac CR); comma, tab, semicolon or bar separated.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from agritargets.core.errors import InputError, path_error

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary .xls (and .doc)
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<table|<\?xml[^>]*>\s*<html)", re.I)


@dataclass(frozen=True)
class Text:
    """A decoded text file: what it is, and its rows (streamed: a million rows never sit in memory)."""

    encoding: str
    delimiter: str
    rows: Iterator[list[str]]

    @property
    def description(self) -> str:
        """``"CSV（UTF-8, ','）"``-style label for the run record."""
        name = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}[self.delimiter]
        return f"text ({self.encoding}, {name}-separated)"


def sniff(path: Path) -> str:
    """What the file is: ``"xlsx"``, ``"text"``; InputError for what cannot be read.

    Parameters
    ----------
    path : Path

    Returns
    -------
    str
    """
    try:
        exists, is_dir = path.exists(), path.is_dir()
    except (OSError, RuntimeError) as err:  # a name too long, a symlink loop
        raise path_error(path, err, "人口文件", "population file") from None
    if not exists:
        raise InputError(f"找不到文件 {path}", f"file not found: {path}")
    if is_dir:
        raise InputError(
            f"{path} 是文件夹，不是文件；请给出其中的人口文件（CSV 或 XLSX）",
            f"{path} is a folder, not a file; give the population file (CSV or XLSX) inside it",
        )
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError as err:
        raise InputError(
            f"无法读取 {path}（{err.strerror}）", f"cannot read {path} ({err.strerror})"
        ) from None
    name = path.name
    if not head.strip():
        raise InputError(f"{name}：文件为空", f"{name}: the file is empty")
    if head.startswith(ZIP_MAGIC):
        _refuse_other_zip(path)
        return "xlsx"
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputError(
            f"{name}：无法作为 XLSX 打开——文件名是 {path.suffix}，内容却不是 Excel 工作簿；若它是 CSV，请把扩展名改为 .csv",
            f"{name}: cannot open as XLSX — it is named {path.suffix} but is not an Excel workbook; "
            "if it is a CSV, rename it to .csv",
        )
    if head.startswith(OLE_MAGIC):
        raise InputError(
            f"{name}：这是旧版 Excel 97-2003（.xls）文件，不支持；请在 Excel 中另存为 .xlsx 或 CSV",
            f"{name}: this is an old Excel 97-2003 (.xls) file, which is not supported; save it as .xlsx or CSV",
        )
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{"):
        raise InputError(
            f"{name}：这是 JSON 数据，不是表格；请转成 CSV 或 XLSX（每行一个县市区，一列名称或代码、一列人口）",
            f"{name}: this is JSON, not a table; convert it to CSV or XLSX (one row per county unit, a name or "
            "code column and a population column)",
        )
    if _HTML.match(head.lstrip(b"\xef\xbb\xbf")):
        raise InputError(
            f"{name}：这其实是网页（HTML）文件，不是 CSV/XLSX（网站导出的“Excel”常是这样）；请用 Excel 打开后另存为 .xlsx 或 CSV",
            f"{name}: this is really a web page (HTML), not CSV or XLSX (web systems often export 'Excel' "
            "files like this); open it in Excel and save as .xlsx or CSV",
        )
    return "text"


# Zip containers that are not Excel workbooks, by a name inside them (ODS: its "mimetype" entry).
_OTHER_ZIPS = {
    "mimetype": (
        "一个 OpenDocument 表格（.ods，WPS/LibreOffice 保存）",
        "an OpenDocument spreadsheet (.ods, from WPS/LibreOffice)",
    ),
    "word/document.xml": ("一个 Word 文档", "a Word document"),
    "ppt/presentation.xml": ("一个 PowerPoint 演示文稿", "a PowerPoint presentation"),
}


def _refuse_other_zip(path: Path) -> None:
    """A zip that is not an XLSX (ODS, DOCX, PPTX, a plain archive) is named for what it is."""
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError):
        return  # damaged: the workbook reader says so
    if "xl/workbook.xml" in names:
        return
    zh, en = next(
        ((zh, en) for key, (zh, en) in _OTHER_ZIPS.items() if key in names), ("一个压缩包", "a zip archive")
    )
    raise InputError(
        f"{path.name}：这是{zh}，不是 Excel 工作簿（.xlsx）；请用 Excel 或 WPS 打开后另存为 .xlsx 或 CSV",
        f"{path.name}: this is {en}, not an Excel workbook (.xlsx); open it in Excel or WPS and save as "
        ".xlsx or CSV",
    )


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Bytes -> (text, encoding name); InputError if no supported encoding fits.

    Examples
    --------
    >>> decode("县,人口".encode("gbk"), "a.csv")
    ('县,人口', 'GB18030')
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if data[:400].count(b"\x00") * 5 > len(data[:400]):  # UTF-16 without a BOM: digits give NULs
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(enc), "UTF-16"
            except UnicodeDecodeError:
                continue
    for encoding, label in (("utf-8-sig", "UTF-8"), ("gb18030", "GB18030")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text, label
    raise InputError(
        f"{name}：无法识别文件编码（支持 UTF-8、GBK/GB18030、UTF-16），请另存为 UTF-8 CSV 或 XLSX",
        f"{name}: unreadable text encoding (UTF-8, GBK/GB18030, UTF-16 supported); save as UTF-8 CSV or XLSX",
    )


def _delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",\t;|"}
        return max(counts, key=lambda d: (counts[d], d == ","))


MAX_TEXT_BYTES = 64_000_000


def read_text(path: Path) -> Text:
    """A text file's rows (all line endings; the separator sniffed from the first lines).

    Parameters
    ----------
    path : Path

    Returns
    -------
    Text
    """
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        raise InputError(
            f"{path.name}：文件有 {size / 1e6:,.0f} MB，超过本程序读取的上限 {MAX_TEXT_BYTES / 1e6:,.0f} MB；"
            "县级人口表远小于此（一百万行也只有约 30 MB）；请删去多余的空行或其他内容后重试",
            f"{path.name}: the file is {size / 1e6:,.0f} MB, above the {MAX_TEXT_BYTES / 1e6:,.0f} MB this "
            "program reads; a county population table is far smaller (a million rows are about 30 MB); "
            "remove the blank rows or other content and retry",
        )
    text, encoding = decode(path.read_bytes(), path.name)
    stream = io.StringIO(text, newline=None)  # universal newlines: \r\n, \n and a lone \r
    sample = "".join(line for _, line in zip(range(40), stream, strict=False))
    stream.seek(0)
    delimiter = _delimiter(sample)
    return Text(encoding=encoding, delimiter=delimiter, rows=_rows(stream, delimiter, path.name))


def _rows(stream: io.StringIO, delimiter: str, name: str) -> Iterator[list[str]]:
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as err:
        raise InputError(
            f"{name}：第 {reader.line_num} 行无法按 CSV 读取（{err}）；请在 Excel 中另存为 CSV UTF-8 或 XLSX",
            f"{name}: row {reader.line_num} cannot be read as CSV ({err}); save it from Excel as CSV UTF-8 or XLSX",
        ) from None
