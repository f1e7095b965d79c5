"""``python -m agritargets``: the command line (:mod:`agritargets.cli`)."""

import os
import signal
import sys


def _early_exit(number: int, frame: object) -> None:
    """A Ctrl-C or SIGTERM before ``main`` takes over: nothing to clean up, exit quietly."""
    name = signal.Signals(number).name
    sys.stderr.write(f"agritargets: 已中断（{name}）/ interrupted ({name})\n")
    os._exit(128 + number)


for _sig in (signal.SIGINT, signal.SIGTERM):
    signal.signal(_sig, _early_exit)

from agritargets.cli import main  # noqa: E402  (after the handlers: importing takes a moment)

raise SystemExit(main())
