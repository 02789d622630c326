"""A run lock so that cron never starts a crawl while the previous one still runs."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

#: The exit code of a crawl command that did not start because another crawl holds the lock.
LOCK_HELD_EXIT_CODE = 3


class LockHeld(RuntimeError):
    """Another process holds the lock; the message names the file and the holder's pid."""


def lock_path(state_dir: Path) -> Path:
    """Where a crawl's lock is kept when no other file is given: in its state directory."""
    return state_dir / "crawl.lock"


class RunLock:
    """An exclusive, non-blocking ``flock`` on a file; released when the process ends, even by SIGKILL."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise :class:`LockHeld` at once when another process has it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise LockHeld(f"another crawl holds the lock {self.path} (pid {holder}); not starting") from error
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.release()
