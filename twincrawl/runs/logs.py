"""Log lines as JSON objects, one a line, for log collectors (``--log-format json``)."""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

LOG_FORMATS = ("text", "json")


def json_line(level: str, logger: str, message: str, created: float, **fields: Any) -> str:
    """One log line as a JSON object: time (UTC), level, logger, message, then any further fields."""
    line = {
        "time": datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds"),
        "level": level,
        "logger": logger,
        "message": message,
        **fields,
    }
    return json.dumps(line, ensure_ascii=False)


class JsonFormatter(logging.Formatter):
    """Formats a record with :func:`json_line` (a traceback goes in ``"error"``)."""

    def format(self, record: logging.LogRecord) -> str:
        error = {"error": self.formatException(record.exc_info)} if record.exc_info else {}
        return json_line(record.levelname, record.name, record.getMessage(), record.created, **error)


def install_json_logs(level: str, log_file: str | None = None) -> None:
    """Log JSON lines at ``level`` and above to ``log_file`` (appended) or standard error, from the root logger."""
    handler: logging.Handler = (
        logging.FileHandler(Path(log_file), encoding="utf-8") if log_file else logging.StreamHandler(sys.stderr)
    )
    handler.setLevel(level)
    handler.setFormatter(JsonFormatter())
    logging.root.setLevel(logging.NOTSET)
    logging.root.addHandler(handler)
