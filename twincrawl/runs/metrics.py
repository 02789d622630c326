"""The run report as a Prometheus textfile (for node_exporter's textfile collector): one gauge per figure."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from twincrawl.runs.report import RunReport

_STATUSES = ("ok", "partial", "failed")


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _gauge(name: str, help_text: str, samples: list[tuple[dict[str, str], float]]) -> Iterator[str]:
    yield f"# HELP twincrawl_{name} {help_text}"
    yield f"# TYPE twincrawl_{name} gauge"
    for labels, value in samples:
        inside = ",".join(f'{key}="{_label(text)}"' for key, text in labels.items())
        number = str(int(value)) if float(value).is_integer() else repr(float(value))
        yield f"twincrawl_{name}{{{inside}}} {number}" if inside else f"twincrawl_{name} {number}"


def prometheus_text(report: RunReport) -> str:
    """The last run's figures in the Prometheus text exposition format."""
    sources = sorted(report.sources.items())
    finished = report.finished or report.started
    lines = [
        *_gauge("run_status", "1 for the status of the last run (ok, partial, failed).",
                [({"status": status}, float(status == report.status)) for status in _STATUSES]),
        *_gauge("run_duration_seconds", "How long the last run took.", [({}, report.duration_seconds)]),
        *_gauge("run_finished_timestamp_seconds", "When the last run ended (Unix time).",
                [({}, datetime.fromisoformat(finished).timestamp())] if finished else []),
        *_gauge("pages_fetched", "Article pages fetched in the last run, by source.",
                [({"source": key}, source.pages_fetched) for key, source in sources]),
        *_gauge("articles_new", "New articles stored in the last run, by source.",
                [({"source": key}, source.articles.get("new", 0)) for key, source in sources]),
        *_gauge("articles_updated", "Articles whose text changed in the last run, by source.",
                [({"source": key}, source.articles.get("updated", 0)) for key, source in sources]),
        *_gauge("failures", "Failed requests in the last run, by source and reason.",
                [({"source": key, "reason": reason}, count)
                 for key, source in sources for reason, count in sorted(source.failures.items())]),
        *_gauge("robots_disallowed", "Requests robots.txt disallowed in the last run, by source.",
                [({"source": key}, source.robots_disallowed) for key, source in sources]),
        *_gauge("source_dried_up", "1 if the source gave article links before and none in the last run.",
                [({"source": key}, float(source.dried_up)) for key, source in sources]),
        *_gauge("source_unreachable", "1 if nothing could be fetched from the source in the last run.",
                [({"source": key}, float(source.discovery_failed)) for key, source in sources]),
    ]  # fmt: skip
    return "\n".join(lines) + "\n"


def write_metrics(report: RunReport, path: Path) -> None:
    """Write the textfile whole or not at all (the collector may read it at any moment)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(prometheus_text(report), encoding="utf-8")
    partial.replace(path)
