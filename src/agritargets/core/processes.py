"""Child processes and temporary folders that must not outlive a command.

Every process a command starts (Quarto, deno, typst, Jupyter kernels, their workers) carries
the environment variable :data:`MARKER` with this command's token, so :func:`stop_marked`
finds them all — even a kernel that left Quarto's process group or was re-parented — and
ends them. Temporary folders are registered while in use (:func:`temporary_folder`), so a
last-resort exit (:func:`hard_exit`) can still remove them.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

MARKER = "AGRITARGETS_RUN"  # every process a command starts: ended together on an interruption
RENDER_MARKER = "AGRITARGETS_RENDER"  # one render's processes: ended when that render is done
TEMP_PREFIX = "agritargets-"
_LIVE: set[Path] = set()  # temporary folders in use, removed by hard_exit too
_TOKEN, _TOKEN_PID = "", 0


def token() -> str:
    """This process's marker value: new in every process, so two commands never share one.

    Pass it to children in their environment (``{MARKER: token()}``); a forked child keeps its
    parent's exec-time environment and with it the marker.

    Returns
    -------
    str
    """
    global _TOKEN, _TOKEN_PID
    if os.getpid() != _TOKEN_PID:
        _TOKEN, _TOKEN_PID = uuid.uuid4().hex, os.getpid()
    return _TOKEN


def marked_pids(value: str | None = None, marker: str = MARKER) -> list[int]:
    """Processes other than this one whose environment carries the marker ``value``.

    Parameters
    ----------
    value : str, optional
        Default: this command's :func:`token`.
    marker : str
        The variable: :data:`MARKER` (the command) or :data:`RENDER_MARKER` (one render).

    Returns
    -------
    list of int
        Empty where ``/proc`` is not available.
    """
    needle = f"{marker}={value or token()}".encode() + b"\0"
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                with open(f"/proc/{entry.name}/environ", "rb") as f:
                    if needle in f.read() + b"\0":
                        found.append(int(entry.name))
            except OSError:
                continue  # another user's process, or gone
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] != b"Z"  # a zombie is gone but unreaped
    except (OSError, IndexError):
        return False


def stop_marked(grace: float = 0.6, value: str | None = None, marker: str = MARKER) -> int:
    """End every marked process: SIGTERM, then SIGKILL after ``grace`` seconds.

    Parameters
    ----------
    grace : float
        Seconds the processes get to exit on SIGTERM.
    value : str, optional
        Marker value (default: this command's).
    marker : str
        The marker variable (:func:`marked_pids`).

    Returns
    -------
    int
        How many processes were signalled.
    """
    pids = marked_pids(value, marker)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.02)
    for pid in [*pids, *marked_pids(value, marker)]:  # and any started meanwhile
        if _alive(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    return len(pids)


def track(path: Path, keep: bool = True) -> None:
    """Register a temporary folder made elsewhere for :func:`hard_exit` (``keep=False``: forget it).

    Parameters
    ----------
    path : Path
    keep : bool
    """
    (_LIVE.add if keep else _LIVE.discard)(path)


@contextlib.contextmanager
def temporary_folder(prefix: str = TEMP_PREFIX, where: Path | None = None) -> Iterator[Path]:
    """A private temporary folder, removed on exit (and by :func:`hard_exit`).

    Parameters
    ----------
    prefix : str
    where : Path, optional
        Parent folder (default: the system's temporary folder, ``$TMPDIR``).

    Yields
    ------
    Path
    """
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=where))
    _LIVE.add(path)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        _LIVE.discard(path)


def hard_exit(status: int, message: str) -> None:
    """Last resort after an interruption the command did not finish handling in time.

    Ends the marked processes, removes the registered temporary folders, prints ``message``
    and leaves at once (no ``finally`` blocks run).

    Parameters
    ----------
    status : int
    message : str
    """
    stop_marked(grace=0.2)
    for path in list(_LIVE):
        shutil.rmtree(path, ignore_errors=True)
    with contextlib.suppress(OSError):
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
    os._exit(status)
