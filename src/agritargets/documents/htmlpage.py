"""Finish the report's self-contained HTML: drop the icon font nothing on the page uses.

Quarto embeds Bootstrap Icons (a 0.23 MB web font and its class rules) in every Bootstrap-themed
HTML page and has no option to leave it out short of dropping the theme. The report shows no
icon (no code blocks, callouts or section anchors), so the post-render hook
(``scripts/quarto_hooks.py``) removes the ``<style>`` block that defines the font whenever no
element of the page names an icon class. Standard library only.
"""

from __future__ import annotations

import re
from pathlib import Path

_ICON_STYLE = re.compile(
    r"<style[^>]*>(?:(?!</style>).)*?font-family:\s*\"bootstrap-icons\"(?:(?!</style>).)*</style>\s*", re.S
)
_ICON_USE = re.compile(r"""class="(?:[^"]*\s)?bi(?:-[\w-]+)?[\s"]|["'`]bi-[\w-]+["'` ]""")


def drop_unused_icon_font(html: str) -> str:
    """``html`` without the Bootstrap Icons style block when nothing uses an icon.

    Parameters
    ----------
    html : str

    Returns
    -------
    str

    Examples
    --------
    >>> page = '<style>@font-face{font-family: "bootstrap-icons";}</style><p>正文</p>'
    >>> drop_unused_icon_font(page)
    '<p>正文</p>'
    >>> drop_unused_icon_font(page + '<i class="bi bi-info"></i>') == page + '<i class="bi bi-info"></i>'
    True
    """
    rest = _ICON_STYLE.sub("", html, count=1)
    if rest == html or _ICON_USE.search(rest):
        return html
    return rest


def finish(path: Path) -> Path:
    """Rewrite the HTML file ``path`` in place (see :func:`drop_unused_icon_font`).

    Parameters
    ----------
    path : Path

    Returns
    -------
    Path
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    smaller = drop_unused_icon_font(text)
    if smaller != text:
        path.write_text(smaller, encoding="utf-8")
    return path
