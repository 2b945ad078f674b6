"""A closed terminal (SIGHUP) or a request to stop (SIGTERM) ends an interview like Ctrl-C does:
through the same path that says what was saved. Every answer is already on disk by then.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

from spreadkit.core.errors import ExitStatus


class Stopped(KeyboardInterrupt):
    """Raised from a signal handler; a KeyboardInterrupt so prompt libraries unwind as for Ctrl-C."""

    def __init__(self, status: ExitStatus) -> None:
        super().__init__(status.name.lower())
        self.status = status


_SIGNALS = {"SIGTERM": ExitStatus.TERMINATED, "SIGHUP": ExitStatus.HANGUP}  # SIGHUP: not on Windows


@contextlib.contextmanager
def stop_signals_as_interrupts() -> Iterator[None]:
    previous = {}

    def handler(signum: int, frame: FrameType | None) -> None:
        raise Stopped(_SIGNALS[signal.Signals(signum).name])

    for name in _SIGNALS:
        number = getattr(signal, name, None)
        if number is not None:
            with contextlib.suppress(ValueError, OSError):  # not the main thread: leave it be
                previous[number] = signal.signal(number, handler)
    try:
        yield
    finally:
        for number, old in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(number, old)
