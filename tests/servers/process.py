"""A server the tests run as a child process with its output in a log file: subclasses start it, this stops it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import TracebackType
from typing import Any, Self


class ServerProcess:
    """One child process and its log; a context manager that starts it and always stops it."""

    #: Seconds the process gets to exit after SIGTERM before it is killed.
    stop_timeout = 10.0

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        """Whether the process is alive."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        raise NotImplementedError

    def _spawn(self, command: list[str], **options: Any) -> None:
        """Start ``command`` with its output appended to the log."""
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **options
            )

    def log_tail(self) -> str:
        """The end of the log, for error messages."""
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Stop the process: SIGTERM, then SIGKILL after :attr:`stop_timeout` seconds."""
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()
