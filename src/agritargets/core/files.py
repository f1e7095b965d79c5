"""Byte-stable writers: the same table always gives the same file."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

CSV_ENCODING = "utf-8-sig"  # BOM: Excel on Chinese Windows then opens UTF-8 correctly
_FIXED_ZIP_TIME = (2023, 4, 4, 0, 0, 0)  # the notice's date; any constant works
_FIXED_DOC_TIME = "2023-04-04T00:00:00Z"


def write_csv(df: pd.DataFrame, path: Path) -> Path:
    """Write ``df`` as UTF-8-with-BOM CSV with ``\\n`` line ends and no index.

    Parameters
    ----------
    df : DataFrame
    path : Path
        Output file; its folder is created.

    Returns
    -------
    Path
        ``path``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(df.to_csv(index=False, lineterminator="\n").encode(CSV_ENCODING))
    return path


def read_csv(path: Path, **kwargs) -> pd.DataFrame:
    """Read a project CSV (BOM or not); empty cells and ``NA`` stay text, not NaN.

    Codes stay text only when the caller passes ``dtype=str`` (or a per-column ``dtype``).

    Parameters
    ----------
    path : Path
    **kwargs
        Passed to :func:`pandas.read_csv`.

    Returns
    -------
    DataFrame
    """
    return pd.read_csv(path, encoding=CSV_ENCODING, keep_default_na=False, **kwargs)


def write_xlsx(sheets: Mapping[str, pd.DataFrame], path: Path) -> Path:
    """Write sheets to XLSX, then fix timestamps so reruns are byte-identical.

    openpyxl stamps the zip members and docProps/core.xml with the current time.

    Parameters
    ----------
    sheets : Mapping of str to DataFrame
        Sheet name -> table, in sheet order; written without index.
    path : Path
        Output file; its folder is created.

    Returns
    -------
    Path
        ``path``.
    """
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, df in sheets.items():
            df.to_excel(xw, sheet_name=name, index=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _FIXED_DOC_TIME.encode() + rb"\g<2>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, data)
    path.write_bytes(out.getvalue())
    return path


def sha256(path: Path) -> str:
    """SHA-256 of a file's bytes.

    Parameters
    ----------
    path : Path

    Returns
    -------
    str
        Hex digest.
    """
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def stabilise_pdf(path: Path) -> Path:
    """Rewrite a typst PDF so the same sources give the same bytes.

    typst 0.13 writes the resources of an embedded SVG in hash-map order and derives the
    document ID from them, so two renders of one report differ in byte order only. qpdf
    (through pikepdf) rewrites the file with sorted dictionaries and renumbered objects; the
    random IDs are replaced by ones computed from the content.

    Parameters
    ----------
    path : Path
        The PDF, rewritten in place.

    Returns
    -------
    Path
        ``path``.
    """
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            for key in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
                if key in xmp:
                    del xmp[key]
        if "/ID" in pdf.trailer:
            del pdf.trailer.ID
        pdf.save(path, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return path
