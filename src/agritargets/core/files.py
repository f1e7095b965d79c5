"""Byte-stable writers: the same table always gives the same file; output folders all or nothing."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import signal
import tempfile
import zipfile
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path

import pandas as pd

from agritargets.core.errors import InputError, path_error

CSV_ENCODING = "utf-8-sig"  # BOM: Excel on Chinese Windows then opens UTF-8 correctly
_FIXED_ZIP_TIME = (2023, 4, 4, 0, 0, 0)  # the notice's date; any constant works
_FIXED_DOC_TIME = "2023-04-04T00:00:00Z"
TEMP_PREFIX = ".agritargets-"  # hidden temporary folders of an all-or-nothing write


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


# --------------------------------------------------------------------------- output folders, all or nothing


def _refuse(zh: str, en: str) -> InputError:
    return InputError(f"--out：{zh}", f"--out: {en}")


def check_out_dir(out_dir: Path | str, names: Collection[str], inputs: Collection[Path] = ()) -> Path:
    """Refuse an output folder that would lose or mix data; return it as a Path.

    Parameters
    ----------
    out_dir : Path or str
        ``--out`` as given.
    names : collection of str
        The files the run writes there (each old one must be replaceable).
    inputs : collection of Path
        Files the run reads (never inside the output folder).

    Returns
    -------
    Path

    Raises
    ------
    InputError
        Empty, a file, under a file, holding an input, an old output that cannot be replaced, or
        a path the system refuses (too long, a symlink loop).
    """
    try:
        return _checked_out_dir(out_dir, names, inputs)
    except (OSError, RuntimeError) as err:  # RuntimeError: Path.resolve() on a symlink loop
        raise path_error(out_dir, err, "输出文件夹 --out", "output folder --out") from None


def _checked_out_dir(out_dir: Path | str, names: Collection[str], inputs: Collection[Path]) -> Path:
    if not str(out_dir).strip():
        raise _refuse(
            "为空；请给出输出文件夹，如 --out 结果/2024",
            "is empty; name an output folder, e.g. --out out/2024",
        )
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise _refuse(
            f"{out} 是文件，不是文件夹；请换一个文件夹", f"{out} is a file, not a folder; choose a folder"
        )
    for parent in out.absolute().parents:
        if parent.exists() and not parent.is_dir():
            raise _refuse(
                f"{parent} 是文件，无法在其下建立 {out}", f"{parent} is a file, so {out} cannot be made"
            )
    where = out.resolve()
    for f in inputs:
        try:
            input_path = Path(f).resolve()
        except (OSError, RuntimeError) as err:
            raise path_error(f, err, "输入文件", "input file") from None
        if where in input_path.parents:
            raise _refuse(
                f"输出文件夹 {out} 中有输入文件 {Path(f).name}；请换一个输出文件夹，以免输入被覆盖",
                f"the output folder {out} holds the input file {Path(f).name}; choose another --out so the "
                "input can never be overwritten",
            )
    for name in names:
        old = out / name
        if not old.exists() and not old.is_symlink():
            continue
        try:
            if old.is_dir():
                raise IsADirectoryError(21, "is a folder")
            with old.open("r+b"):
                pass  # Excel on Windows holds open files locked: this fails then, before anything moves
        except OSError as err:
            raise _refuse(
                f"已有的 {old} 无法替换（{err.strerror}；是否在 Excel 中打开或只读？）；请关闭或删去它后重试，本次没有写出任何文件",
                f"the existing {old} cannot be replaced ({err.strerror}; open in Excel or read-only?); close or "
                "remove it and run again — nothing was written",
            ) from None
    return out


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back while files move into place (delivered right after)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _temporary_folder(where: Path) -> Path:
    try:
        return Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=where))
    except OSError as err:
        raise _refuse(
            f"无法在 {where} 中写入（{err.strerror}）；请换一个有写权限的文件夹",
            f"cannot write in {where} ({err.strerror}); choose a folder you can write to",
        ) from None


def _replace_all(new: Path, out: Path, backup: Path, names: Collection[str]) -> None:
    """Move every new file over the old one; on any failure put the old ones back."""
    placed, saved = [], []
    try:
        for name in names:
            if (out / name).exists():
                os.replace(out / name, backup / name)
                saved.append(name)
            os.replace(new / name, out / name)
            placed.append(name)
    except OSError as err:
        for name in placed:
            os.replace(out / name, new / name)
        for name in saved:
            os.replace(backup / name, out / name)
        raise _refuse(
            f"无法替换 {out / name}（{err.strerror}）；已恢复原有文件，本次没有写出任何文件",
            f"cannot replace {out / name} ({err.strerror}); the old files are back, nothing was written",
        ) from None


def write_folder(
    out_dir: Path | str, names: Collection[str], write: Callable[[Path], None]
) -> dict[str, Path]:
    """Write the files ``names`` into ``out_dir`` all or nothing.

    ``write(folder)`` writes them into a hidden temporary folder beside the output; they are
    then put in place in one step — a rename when the folder is new, otherwise file by file
    with the old files kept aside until all new ones are in (and put back if a move fails).
    SIGINT/SIGTERM are held back during the moves; on any error the temporary folder goes.

    Parameters
    ----------
    out_dir : Path or str
        ``--out`` as given (created with its missing parents; those are removed on failure).
    names : collection of str
        Every file ``write`` must produce.
    write : callable
        Writes the files into the folder it is given.

    Returns
    -------
    dict
        File name -> path written.

    Raises
    ------
    InputError
        The folder is refused (:func:`check_out_dir`) or cannot be written.
    """
    out = check_out_dir(out_dir, names)
    missing = [p for p in [out, *out.absolute().parents] if not p.exists()]
    for folder in reversed(missing[1:]):  # parents first; the output folder itself comes by rename
        try:
            folder.mkdir()
        except OSError as err:
            raise _refuse(
                f"无法建立 {folder}（{err.strerror}）", f"cannot create {folder} ({err.strerror})"
            ) from None
    tmp = None
    try:
        tmp = _temporary_folder(out if out.exists() else out.absolute().parent)
        new = tmp / "new"
        new.mkdir()
        write(new)
        with _signals_held():
            if out.exists():
                backup = tmp / "old"
                backup.mkdir()
                _replace_all(new, out, backup, names)
            else:
                os.rename(new, out)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        for folder in missing[1:]:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty: nothing was put there
    return {name: out / name for name in names}
