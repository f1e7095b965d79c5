"""Errors a person can act on: Chinese first, English second, naming where and how to fix."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field


class InputError(ValueError):
    """Bad input. ``str(err)`` is the bilingual message shown to the user."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh}\n{en}")


_OS_REASONS = {
    errno.ENAMETOOLONG: ("文件名或路径过长", "file name or path too long"),
    errno.ELOOP: ("符号链接循环", "symbolic link loop"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("没有权限", "operation not permitted"),
    errno.EROFS: ("只读文件系统", "read-only file system"),
    errno.ENOSPC: ("磁盘已满", "no space left on device"),
    errno.EFBIG: ("文件超过了允许的大小（ulimit -f）", "file larger than allowed (ulimit -f)"),
    errno.EDQUOT: ("超出磁盘配额", "disk quota exceeded"),
    errno.ENOENT: ("不存在", "does not exist"),
    errno.ENOTDIR: ("路径中有一部分不是文件夹", "a part of the path is not a folder"),
}


def os_reason(err: OSError | RuntimeError) -> tuple[str, str]:
    """Why a path could not be used, in Chinese and English.

    ``RuntimeError`` is what ``Path.resolve()`` raises for a symlink loop before Python 3.13.

    Examples
    --------
    >>> os_reason(OSError(errno.ENAMETOOLONG, "File name too long"))
    ('文件名或路径过长', 'file name or path too long')
    >>> os_reason(RuntimeError("Symlink loop from '/tmp/a'"))
    ('符号链接循环', 'symbolic link loop')
    """
    if isinstance(err, RuntimeError):
        return _OS_REASONS[errno.ELOOP]
    zh_en = _OS_REASONS.get(err.errno)
    return zh_en if zh_en else (err.strerror or str(err), err.strerror or str(err))


def path_error(path: object, err: OSError | RuntimeError, what_zh: str, what_en: str) -> InputError:
    """An InputError for a path the system refused: ``what`` names the option (e.g. ``--out``).

    Examples
    --------
    >>> print(path_error("a.csv", OSError(errno.EACCES, "Permission denied"), "人口文件", "population file"))
    无法使用人口文件 a.csv（没有权限）；请换一个路径
    cannot use the population file a.csv (permission denied); choose another path
    """
    zh, en = os_reason(err)
    return InputError(
        f"无法使用{what_zh} {path}（{zh}）；请换一个路径",
        f"cannot use the {what_en} {path} ({en}); choose another path",
    )


class FontError(RuntimeError):
    """No Simplified-Chinese font: drawing would produce empty boxes."""


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived; ``signal_name`` says which (the CLI exits 128 + its number)."""

    def __init__(self, signal_name: str, number: int) -> None:
        self.signal_name = signal_name
        self.number = number
        super().__init__(signal_name)


@dataclass
class Problems:
    """Every problem found in one file, so the user can fix them all in one go.

    Only the first ``shown`` are kept for the message; after ``limit`` the reader
    stops looking (a file with a million bad rows still answers at once).

    Examples
    --------
    >>> p = Problems("pop.csv")
    >>> p.add("第 2 行：人口为空", "row 2: population is blank")
    >>> p.raise_if_any()
    Traceback (most recent call last):
    ...
    agritargets.core.errors.InputError: pop.csv：发现 1 处问题：
      - 第 2 行：人口为空
    pop.csv: 1 problem(s):
      - row 2: population is blank
    """

    source: str
    shown: int = 25
    limit: int = 1000
    items: list[tuple[str, str]] = field(default_factory=list)
    count: int = 0
    stopped_at_row: int | None = None

    def add(self, zh: str, en: str) -> None:
        """Record one problem (kept for the message if among the first ``shown``).

        Parameters
        ----------
        zh, en : str
            The problem and its fix, in Chinese and in English.
        """
        self.count += 1
        if len(self.items) < self.shown:
            self.items.append((zh, en))

    @property
    def full(self) -> bool:
        """True once ``limit`` problems were found: reading further cannot help the user."""
        return self.count >= self.limit

    def raise_if_any(self) -> None:
        """Raise one InputError listing the problems found, if any."""
        if not self.count:
            return
        more = self.count - len(self.items)
        zh = "\n".join(f"  - {z}" for z, _ in self.items)
        en = "\n".join(f"  - {e}" for _, e in self.items)
        if self.stopped_at_row is not None:
            zh_n, en_n = (
                f"至少 {self.count:,} 处问题（读到第 {self.stopped_at_row:,} 行即停止）",
                (f"at least {self.count:,} problems (stopped reading at row {self.stopped_at_row:,})"),
            )
        else:
            zh_n, en_n = f"{self.count:,} 处问题", f"{self.count:,} problem(s)"
        if more:
            zh += f"\n  …另有 {more:,} 处"
            en += f"\n  … and {more:,} more"
        raise InputError(f"{self.source}：发现 {zh_n}：\n{zh}", f"{self.source}: {en_n}:\n{en}")
