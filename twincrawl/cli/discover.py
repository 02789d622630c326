"""``twincrawl sources discover URL``: propose a checked registry entry for a news site from its home page.

The entry (YAML) goes to stdout or ``--out``; what was looked at, what it gave and how sure the proposal is go to
stderr. Exit code 0 with an entry, 1 when no article pattern could be confirmed.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
import tempfile
from pathlib import Path

import yaml

from twincrawl.cli.common import OK, PARTIAL_FAILURE, UsageError, add_politeness_options, polite_client
from twincrawl.fetch import Network
from twincrawl.process.countries import country_of
from twincrawl.process.site import Request, SiteDiscoverer
from twincrawl.registry import RegistryError, load_file


def register(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``discover`` to the ``sources`` actions."""
    parser = actions.add_parser("discover", help="propose a checked registry entry for a site", description=__doc__)
    parser.add_argument("url", help="the site's home page (or its news page)")
    parser.add_argument("--city", help="the publisher's city (English name; default: from the host name)")
    parser.add_argument("--country", help="ISO 3166-1 alpha-2 code (default: from the top-level domain)")
    parser.add_argument("--key", help="registry key (default: from the host name)")
    parser.add_argument("--timezone", help="IANA timezone (default: the country's main zone)")
    parser.add_argument("--out", type=Path, metavar="FILE.yaml", help="write the entry here instead of stdout")
    parser.add_argument("--allow-address", action="append", default=[], metavar="NETWORK",
                        help="a non-public address or network the site is at (repeatable; written into the "
                             "entry's allow_addresses)")  # fmt: skip
    add_politeness_options(parser)
    parser.set_defaults(run=run_discover)


def _networks(texts: list[str]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(text, strict=False) for text in texts)
    except ValueError as error:
        raise UsageError(f"--allow-address: {error} (give an address such as 127.0.0.1 or a network)") from error


def run_discover(args: argparse.Namespace) -> int:
    if args.country is not None and not (len(args.country) == 2 and args.country.isalpha()):
        raise UsageError(f"--country {args.country!r}: give an ISO 3166-1 alpha-2 code such as DE")
    if args.country is None and country_of(args.url) is None:
        raise UsageError(f"cannot tell the country of {args.url} from its domain: give --country CC (e.g. DE)")
    allow = _networks(args.allow_address)
    client = polite_client(args, allow)
    request = Request(url=args.url, city=args.city, country=args.country, key=args.key, timezone=args.timezone,
                      allow=allow)  # fmt: skip
    found = SiteDiscoverer(client, request).run()
    for line in found.checks:
        print(line, file=sys.stderr)
    print(f"requests: {client.requests}; confidence: {found.confidence}", file=sys.stderr)
    if not found.entry:
        return PARTIAL_FAILURE
    found.entry["notes"] = f"Proposed by `twincrawl sources discover` (confidence {found.confidence})."
    text = yaml.safe_dump({"sources": [found.entry]}, allow_unicode=True, sort_keys=False, width=120)
    _validate(text)
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
        print(f"entry written to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return OK


def _validate(text: str) -> None:
    """Load the proposal as a registry file would be: an entry that does not validate is a bug, said so."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "proposed.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            load_file(path)
        except RegistryError as error:
            raise UsageError(f"the proposed entry does not validate: {error}") from error
