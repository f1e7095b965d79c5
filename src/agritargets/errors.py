"""Errors a person can act on: Chinese first, English second, naming where and how to fix."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input. ``str(err)`` is the bilingual message shown to the user."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh}\n{en}")


class FontError(RuntimeError):
    """No Simplified-Chinese font: drawing would produce empty boxes."""
