"""``twincrawl report``: the report of a distributed run, summed over all its workers (live and finished)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from twincrawl.cli.common import OK, PARTIAL_FAILURE, UsageError, add_sources_file_option, registry_from
from twincrawl.cli.frontier import add_frontier_options, open_frontier
from twincrawl.registry import RegistryError, select
from twincrawl.runs import RunReport


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("report", help="the report of a distributed run, over all its workers",
                                 description=__doc__)  # fmt: skip
    add_frontier_options(parser)
    parser.add_argument("--source", action="append", default=[], metavar="KEY",
                        help="a source of the run (repeatable; default: every enabled source)")  # fmt: skip
    add_sources_file_option(parser)
    parser.add_argument(
        "--out", type=Path, metavar="JSON", help="also write the report (with the frontier's state) here"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="json: print the whole report (as --out writes it), not its summary line")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        keys = [source.key for source in select(registry_from(args), args.source)]
    except RegistryError as error:
        raise UsageError(str(error)) from error
    frontier = open_frontier(args)
    stats = frontier.run_stats()
    status = frontier.status()
    report = RunReport.from_stats(stats, store="", keys=keys)
    document = {**report.to_dict(), "workers": stats["workers"], "queued": status.queued,
                "in_flight": status.in_flight, "live_workers": status.alive}  # fmt: skip
    if args.format == "json":
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        print(f"{report.summary()}; {stats['workers']} workers, {status.queued} queued, "
              f"{sum(status.in_flight.values())} in flight, {len(status.alive)} live")  # fmt: skip
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if report.has_failures:
        print(f"unreachable sources: {', '.join(report.unreachable)}", file=sys.stderr)
        return PARTIAL_FAILURE
    return OK
