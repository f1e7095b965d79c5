"""Errors a person can act on: Chinese first, English second, naming where and how to fix."""

from __future__ import annotations

from dataclasses import dataclass, field


class InputError(ValueError):
    """Bad input. ``str(err)`` is the bilingual message shown to the user."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh}\n{en}")


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
    agritargets.errors.InputError: pop.csv：发现 1 处问题：
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
