"""Byte-stable writers: the same table always gives the same file; output folders all or nothing."""

from __future__ import annotations

import contextlib
import errno
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

from agritargets.core import paths, processes
from agritargets.core.errors import InputError, os_reason, path_error

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
    return write_bytes(path, df.to_csv(index=False, lineterminator="\n").encode(CSV_ENCODING))


def write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new one, never half.

    The bytes go to a hidden file beside ``path`` first, which then replaces it (removed if the
    write fails or is interrupted). A file that already holds exactly these bytes is left alone,
    time stamp and all: a byte-identical rebuild changes nothing on disk.

    Parameters
    ----------
    path : Path
        Its folder is created.
    data : bytes

    Returns
    -------
    Path
        ``path``.
    """
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
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
    return write_bytes(path, stable_xlsx(buf.getvalue()))


def stable_xlsx(data: bytes) -> bytes:
    """An XLSX (any zip written by openpyxl) with fixed timestamps: the same content, the same bytes.

    Parameters
    ----------
    data : bytes
        The workbook as saved.

    Returns
    -------
    bytes
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                member = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    rb"\g<1>" + _FIXED_DOC_TIME.encode() + rb"\g<2>",
                    member,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, member)
    return out.getvalue()


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

DOCS = paths.ROOT / "docs"  # the published edition: written by `agritargets publish` only
_UNSEEN = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")


def _refuse(zh: str, en: str, option: str = "--out") -> InputError:
    return InputError(f"{option}：{zh}", f"{option}: {en}")


def check_path_text(text: str, option: str, must_exist: bool = False) -> Path:
    r"""Refuse a path typed with something a reader cannot see or that names nothing.

    Parameters
    ----------
    text : str
        The path as given on the command line.
    option : str
        The option, for the message (``--out``, ``--population``).
    must_exist : bool
        An input: a trailing blank is accepted only if the file so named exists.

    Returns
    -------
    Path

    Raises
    ------
    InputError
        Empty; holding a control character (a newline, a carriage return from a Windows list);
        or starting/ending with a blank.

    Examples
    --------
    >>> print(check_path_text("out\r", "--out"))
    Traceback (most recent call last):
    ...
    agritargets.core.errors.InputError: --out：路径 'out\r' 含有看不见的字符 '\r'（回车、换行或其他控制字符，常见于从 Windows 列表或网页复制）；请去掉后重试
    --out: the path 'out\r' holds the invisible character '\r' (a carriage return, newline or other control character, often copied from a Windows list or a web page); remove it and retry
    """
    if not text.strip():
        what = "人口文件" if must_exist else "输出文件夹"
        return_en = "population file" if must_exist else "output folder"
        raise _refuse(
            f"为空；请给出{what}，如 {option} {'人口2024.csv' if must_exist else '结果/2024'}",
            f"is empty; name the {return_en}, e.g. {option} {'pop2024.csv' if must_exist else 'out/2024'}",
            option,
        )
    if must_exist and os.path.lexists(text):
        return Path(text)  # a file really named so (a newline in a name is allowed by the system)
    bad = _UNSEEN.search(text)
    if bad:
        clean = _UNSEEN.sub("", text).strip()
        there_zh = f"；{clean!r} 是存在的" if must_exist and clean and os.path.lexists(clean) else ""
        there_en = f"; {clean!r} exists" if there_zh else ""
        raise _refuse(
            f"路径 {text!r} 含有看不见的字符 {bad.group()!r}（回车、换行或其他控制字符，常见于从 Windows 列表或网页复制）{there_zh}；请去掉后重试",
            f"the path {text!r} holds the invisible character {bad.group()!r} (a carriage return, newline or "
            f"other control character, often copied from a Windows list or a web page){there_en}; remove it and retry",
            option,
        )
    if text != text.strip():
        raise _refuse(
            f"路径 {text!r} 首尾有空格；请去掉空格（{text.strip()!r}）",
            f"the path {text!r} starts or ends with a blank; remove it ({text.strip()!r})",
            option,
        )
    return Path(text)


def check_out_dir(
    out_dir: Path | str,
    names: Collection[str],
    inputs: Collection[Path] = (),
    publishing: bool = False,
    option: str = "--out",
) -> Path:
    """Refuse an output folder that would lose or mix data; return it as a Path.

    The one guard every command applies to ``--out`` before any work.

    Parameters
    ----------
    out_dir : Path or str
        ``--out`` as given.
    names : collection of str
        The files (or folders) the run writes there (each old file must be replaceable).
    inputs : collection of Path
        Files the run reads (never inside the output folder).
    publishing : bool
        ``agritargets publish``: the only command that may write ``docs/``.
    option : str
        The option that named the folder, for the messages (``--out``, ``--bulletin``).

    Returns
    -------
    Path

    Raises
    ------
    InputError
        Empty, invisible characters or blanks at an end, a file, under a file, inside ``docs/``
        (unless publishing), holding an input, an old output that cannot be replaced, or a path
        the system refuses (too long, a symlink loop).
    """
    try:
        return _checked_out_dir(out_dir, names, inputs, publishing)
    except (OSError, RuntimeError) as err:  # RuntimeError: Path.resolve() on a symlink loop
        raise path_error(out_dir, err, f"输出文件夹 {option}", f"output folder {option}") from None
    except InputError as err:
        if option == "--out":
            raise
        raise InputError(err.zh.replace("--out", option), err.en.replace("--out", option)) from None


def _check_docs(out: Path, publishing: bool) -> None:
    where, docs = out.resolve(), DOCS.resolve()
    inside = where == docs or docs in where.parents
    if inside and not publishing:
        raise _refuse(
            f"{out} 在发布版文件夹 docs/ 中；docs/ 只由 agritargets publish（make publish）写入，请换一个输出文件夹，如 --out out/2024",
            f"{out} is inside the published edition docs/, which only agritargets publish (make publish) "
            "writes; choose another folder, e.g. --out out/2024",
        )
    if publishing and not inside and where in docs.parents:
        raise _refuse(
            f"{out} 包含发布版文件夹 docs/；请给出 docs 或一个新的文件夹",
            f"{out} holds the published edition docs/; give docs or a new folder",
        )


def _checked_out_dir(
    out_dir: Path | str, names: Collection[str], inputs: Collection[Path], publishing: bool
) -> Path:
    out = check_path_text(str(out_dir), "--out")
    if out.exists() and not out.is_dir():
        raise _refuse(
            f"{out} 是文件，不是文件夹；--out 须是文件夹（不存在时会新建），如 --out {out.with_suffix('')}_结果",
            f"{out} is a file, not a folder; --out must be a folder (made if missing), e.g. "
            f"--out {out.with_suffix('')}_out",
        )
    for parent in out.absolute().parents:
        if parent.exists() and not parent.is_dir():
            raise _refuse(
                f"{parent} 是文件，无法在其下建立 {out}", f"{parent} is a file, so {out} cannot be made"
            )
    _check_docs(out, publishing)
    where = out.resolve()
    holds = [p for p in (Path.cwd().resolve(), paths.ROOT) if where == p or where in p.parents]
    if holds:
        raise _refuse(
            f"{out} 是当前文件夹、项目文件夹或它们的上级；结果会整体替换 --out，请给出一个专用的子文件夹，如 --out 结果/2024",
            f"{out} is the current folder, the project folder or above them; the outputs replace --out as a "
            "whole, so give a folder of their own, e.g. --out out/2024",
        )
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
        if (old.is_dir() and not Path(name).suffix) or (not old.exists() and not old.is_symlink()):
            continue  # a folder the run replaces whole, or nothing yet
        try:
            if old.is_dir():
                raise IsADirectoryError(errno.EISDIR, "is a folder")
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
def signals_held() -> Iterator[None]:
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


_RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths atomically (Linux ≥ 3.15)


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step, so a reader of either path sees one whole set or the other.

    Parameters
    ----------
    a, b : Path
        Two existing folders on one file system.

    Returns
    -------
    bool
        False where the system cannot swap atomically (not Linux, old kernel or C library, a
        file system without the call); the caller then renames twice.
    """
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _keep_others(out: Path, new: Path, names: Collection[str]) -> None:
    """Bring into ``new`` what ``out`` holds besides this run's outputs (hard links, no copy)."""
    for entry in os.scandir(out):
        if entry.name in names or (new / entry.name).exists() or entry.name.startswith(TEMP_PREFIX):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.copytree(entry.path, new / entry.name, symlinks=True, copy_function=_link_or_copy)
        elif entry.is_symlink():
            os.symlink(os.readlink(entry.path), new / entry.name)
        else:
            _link_or_copy(entry.path, str(new / entry.name))


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One swap at a time among the commands writing into ``folder`` (an advisory lock, no file)."""
    import fcntl

    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def swap_into(new: Path, out: Path, names: Collection[str], trash: Path) -> None:
    """Put the finished folder ``new`` at ``out`` in one step; other files in ``out`` stay.

    Readers of ``out`` see the old set or the new one, never a mix: ``out``'s other entries are
    hard-linked into ``new``, then the two folders are exchanged atomically (``renameat2``), or,
    where that is not possible, ``out`` is renamed aside and ``new`` renamed into its place.

    Parameters
    ----------
    new : Path
        The complete new set, beside ``out`` (same file system).
    out : Path
        The output folder (may not exist yet; its parent does).
    names : collection of str
        The entries this run owns in ``out`` (old ones are dropped, not kept).
    trash : Path
        A path (not existing) where the old folder goes; the caller removes it.
    """
    with signals_held(), _locked(out.absolute().parent):
        try:
            if not out.exists():
                os.rename(new, out)
                return
            _keep_others(out, new, set(names))
            if exchange(new, out):
                os.rename(new, trash)
                return
            os.rename(out, trash)
        except OSError as err:
            raise _refuse(
                f"无法替换 {out}（{os_reason(err)[0]}）；原有文件未改动，本次没有写出任何文件",
                f"cannot replace {out} ({os_reason(err)[1]}); the old files are untouched, nothing was written",
            ) from None
        try:
            os.rename(new, out)
        except OSError as err:
            os.rename(trash, out)
            raise _refuse(
                f"无法替换 {out}（{os_reason(err)[0]}）；已恢复原有文件，本次没有写出任何文件",
                f"cannot replace {out} ({os_reason(err)[1]}); the old files are back, nothing was written",
            ) from None


_FULL = {errno.EFBIG: "EFBIG", errno.ENOSPC: "ENOSPC", errno.EDQUOT: "EDQUOT"}


def _collect_quietly() -> None:
    import gc
    import sys

    hook, sys.unraisablehook = sys.unraisablehook, lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _write_or_refuse(write: Callable[[Path], None], folder: Path, out: Path) -> None:
    """``write(folder)``; a full disk or a file-size limit becomes a clean refusal.

    Libraries report these their own way (lxml: ``SerialisationError: IO_EFBIG``), so the
    error's text is read too.
    """
    code = None
    try:
        write(folder)
    except Exception as err:
        code = err.errno if isinstance(err, OSError) else None
        code = code if code in _FULL else next((c for c, n in _FULL.items() if n in str(err)), None)
        if code is None:
            raise
    if code is None:
        return
    _collect_quietly()  # the failed writer's generators would print "Exception ignored" traces
    zh, en = os_reason(OSError(code, os.strerror(code)))
    raise _refuse(
        f"无法写出结果（{zh}）；请腾出空间或放宽限制后重试，本次没有写出任何文件",
        f"cannot write the outputs ({en}); free some space or raise the limit and retry — nothing "
        f"was written to {out}",
    )


def write_folder(
    out_dir: Path | str,
    names: Collection[str],
    write: Callable[[Path], None],
    publishing: bool = False,
) -> dict[str, Path]:
    """Write the files ``names`` into ``out_dir`` all or nothing, swapped in for readers in one step.

    ``write(folder)`` writes them into a hidden temporary folder beside the output; the new set
    then replaces the old in one step (:func:`swap_into`). SIGINT/SIGTERM are held back during
    the swap; on any error or interruption the temporary folder goes and ``out_dir`` is as it was.

    Parameters
    ----------
    out_dir : Path or str
        ``--out`` as given (created with its missing parents; those are removed on failure).
    names : collection of str
        Every entry the run owns in the folder (``write`` writes some or all of them).
    write : callable
        Writes the files into the folder it is given.
    publishing : bool
        ``agritargets publish`` (may write ``docs/``).

    Returns
    -------
    dict
        Name -> path, for each of ``names`` written.

    Raises
    ------
    InputError
        The folder is refused (:func:`check_out_dir`) or cannot be written.
    """
    out = check_out_dir(out_dir, names, publishing=publishing)
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
        tmp = _temporary_folder(out.absolute().parent)
        processes.track(tmp)  # removed even by a last-resort exit
        tmp.chmod(0o755)  # mkdtemp makes it private; outputs are for everyone to read
        new = tmp / "new"
        new.mkdir()
        _write_or_refuse(write, new, out)
        written = {name: out / name for name in names if (new / name).exists()}
        swap_into(new, out, names, tmp / "old")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
            processes.track(tmp, keep=False)
        for folder in missing[1:]:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if still empty: nothing was put there
    return written
