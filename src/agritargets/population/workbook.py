"""XLSX workbooks: which sheets there are, which are hidden, and their rows as stored.

A small streaming reader (zip + the sheet XML read piece by piece), because a
million-row sheet must answer in seconds and the general-purpose reader scans
a whole sheet just to open it. It reads what the cells hold: the stored
used-range (``<dimension>``), which some programs write wrong, is ignored; a
formula saved without a computed value is told apart from a blank cell; a
Strict Open XML workbook is refused with the fix.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from agritargets.core.errors import InputError

STRICT_NAMESPACE = b"purl.oclc.org/ooxml"
CHUNK = 1 << 20
MAX_UNZIPPED = 200_000_000  # bytes, declared: a million rows unpack to 90-170 MB and read in seconds
MAX_SHARED_STRINGS = 64_000_000  # read whole into memory, so bounded on its own
MAX_FILE = 64_000_000  # on disk: a county table is a few kB; a million rows about 17 MB
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)/?>")
_ACTIVE = re.compile(rb'<(?:\w+:)?workbookView\b[^>]*\bactiveTab="(\d+)"')
_SHARED = re.compile(rb"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>|<(?:\w+:)?si/>", re.S)
_TEXT = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?row>)", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_VALUE = re.compile(rb"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.S)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_ROW_NUMBER = re.compile(rb'\br="(\d+)"')
_TYPE = re.compile(rb'\bt="(\w+)"')


@dataclass(frozen=True)
class SheetInfo:
    """One worksheet: its name, whether it is shown, and whether the workbook opens on it."""

    name: str
    visible: bool
    active: bool


def _text(raw: bytes) -> str:
    return html.unescape(raw.decode("utf-8"))


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: _text(v) for k, v in _ATTR.findall(raw)}


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _refuse(path: Path, zh: str, en: str) -> InputError:
    return InputError(f"{path.name}：{zh}", f"{path.name}: {en}")


def _check_sizes(path: Path, book: zipfile.ZipFile) -> None:
    """Refuse a workbook from its declared sizes, before inflating anything (a zip bomb).

    ``zipfile`` never inflates a member beyond its declared size, so these sizes bound the work.
    """
    members = book.infolist()
    total = sum(i.file_size for i in members)
    strings = sum(i.file_size for i in members if i.filename.endswith("sharedStrings.xml"))
    if total > MAX_UNZIPPED or strings > MAX_SHARED_STRINGS or path.stat().st_size > MAX_FILE:
        book.close()
        size = path.stat().st_size
        raise _refuse(
            path,
            f"文件 {size / 1e6:,.1f} MB，解压后 {total / 1e6:,.0f} MB，超过本程序读取的上限（文件 "
            f"{MAX_FILE / 1e6:,.0f} MB、解压后 {MAX_UNZIPPED / 1e6:,.0f} MB）；县级人口表远小于此，这可能是压缩炸弹"
            "或带有大量多余内容的工作簿；请只保留人口表，另存为 CSV 或新的 XLSX 后重试",
            f"the file is {size / 1e6:,.1f} MB and unpacks to {total / 1e6:,.0f} MB, above what this program "
            f"reads ({MAX_FILE / 1e6:,.0f} MB on disk, {MAX_UNZIPPED / 1e6:,.0f} MB unpacked); a county population "
            "table is far smaller, so this may be a zip bomb or a workbook full of other content; keep only the "
            "table, save it as CSV or a new XLSX and retry",
        )


class Workbook:
    """An open XLSX file. Use as a context manager; rows stream from disk.

    Parameters
    ----------
    path : Path
        The workbook (any extension: the content decides).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zip = zipfile.ZipFile(path)
            _check_sizes(path, self._zip)
            book = self._zip.read("xl/workbook.xml")
            rels = self._zip.read("xl/_rels/workbook.xml.rels")
        except (zipfile.BadZipFile, KeyError, OSError) as err:
            raise _refuse(
                path,
                f"无法作为 XLSX 打开（{err}）；请在 Excel 中另存为“Excel 工作簿 (*.xlsx)”或 CSV",
                f"cannot open as XLSX ({err}); save it from Excel as 'Excel Workbook (*.xlsx)' or CSV",
            ) from None
        if STRICT_NAMESPACE in book:
            raise _refuse(
                path,
                "以“Strict Open XML 电子表格”格式保存，本程序无法读取；请在 Excel 中“另存为”→“Excel 工作簿 (*.xlsx)”后再试",
                "is saved as 'Strict Open XML Spreadsheet', which cannot be read; in Excel use Save As → "
                "'Excel Workbook (*.xlsx)' and try again",
            )
        targets = {}
        for raw in _RELATIONSHIP.findall(rels):
            a = _attrs(raw)
            target = a.get("Target", "")
            resolved = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            targets[a.get("Id")] = (a.get("Type", ""), resolved)
        active = _ACTIVE.search(book)
        active_index = int(active.group(1)) if active else 0
        self.sheets: list[SheetInfo] = []
        self._paths: dict[str, str] = {}
        for i, raw in enumerate(_SHEET.findall(book)):
            a = _attrs(raw)
            kind, target = targets.get(a.get("id"), ("", ""))
            if not kind.endswith("/worksheet"):
                continue  # chart sheets and the like hold no table
            self.sheets.append(
                SheetInfo(a["name"], a.get("state", "visible") == "visible", i == active_index)
            )
            self._paths[a["name"]] = target
        shared = next((t for k, t in targets.values() if k.endswith("/sharedStrings")), None)
        self._shared: list[str] | None = None
        self._shared_path = shared
        self.uncomputed: dict[tuple[str, int, int], str] = {}  # (sheet, row, column) -> formula, no value

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self._zip.close()

    def _strings(self) -> list[str]:
        if self._shared is None:
            data = self._zip.read(self._shared_path) if self._shared_path in self._zip.namelist() else b""
            self._shared = [
                "".join(_text(t) for t in _TEXT.findall(_PHONETIC.sub(b"", m.group(1) or b"")))
                for m in _SHARED.finditer(data)
            ]
        return self._shared

    def rows(self, sheet: str) -> Iterator[list[object]]:
        """The sheet's rows from row 1, as stored values; gaps come as empty rows.

        Numbers come as floats, text as str, booleans as ``TRUE``/``FALSE``, errors as
        their code (``#REF!``); a formula with no stored value reads as None and is
        remembered in ``uncomputed``.

        Parameters
        ----------
        sheet : str
            A name from ``self.sheets``.

        Returns
        -------
        iterator of list
        """
        strings = self._strings()
        expected = 1
        with self._zip.open(self._paths[sheet]) as f:
            buffer = b""
            while True:
                chunk = f.read(CHUNK)
                buffer += chunk
                end = 0
                for m in _ROW.finditer(buffer):  # complete rows only: a cut one waits for the next chunk
                    end = m.end()
                    number = _ROW_NUMBER.search(m.group(1))
                    n = int(number.group(1)) if number else expected
                    while expected < n:
                        yield []
                        expected += 1
                    body = m.group(2)
                    has_values = body and (b"<v" in body or b"<t" in body or b"<f" in body)
                    yield self._cells(body, sheet, n, strings) if has_values else []
                    expected = n + 1
                buffer = buffer[end:]
                if not chunk:
                    return

    def _cells(self, body: bytes, sheet: str, n: int, strings: list[str]) -> list[object]:
        row: list[object] = []
        for attrs, inner in _CELL.findall(body):
            ref = _REF.search(attrs)
            j = _column(ref.group(1)) if ref else len(row)
            row.extend([None] * (j - len(row) + 1))
            if not inner:
                continue
            kind = _TYPE.search(attrs)
            t = kind.group(1) if kind else b"n"
            value = _VALUE.search(inner)
            if t == b"inlineStr":
                row[j] = "".join(_text(x) for x in _TEXT.findall(_PHONETIC.sub(b"", inner)))
            elif value is None or not value.group(1):
                formula = _FORMULA.search(inner)
                if formula is not None and len(self.uncomputed) < 10000:
                    self.uncomputed[(sheet, n, j)] = "=" + _text(formula.group(1) or b"")
            elif t == b"s":
                row[j] = strings[int(value.group(1))]
            elif t == b"n":
                row[j] = float(value.group(1))
            elif t == b"b":
                row[j] = "TRUE" if value.group(1) == b"1" else "FALSE"
            else:  # str (a formula's text), e (an error such as #REF!), d (an ISO date)
                row[j] = _text(value.group(1))
        return row

    def formulas(self, sheet: str, column: int, rows: set[int]) -> dict[int, str]:
        """Formulas with no stored value in ``column`` (0-based) at the 1-based ``rows``, once read.

        Parameters
        ----------
        sheet : str
        column : int
        rows : set of int

        Returns
        -------
        dict
            Row number -> formula text (``"=B2*2"``).
        """
        return {n: f for (s, n, j), f in self.uncomputed.items() if (s, j) == (sheet, column) and n in rows}
