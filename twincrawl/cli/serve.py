"""``twincrawl serve``: the read-only web page and JSON API over a store (search, articles, cities, pairs, the
twin-pair graph, timelines). Listens on loopback unless told otherwise; elsewhere every request needs a token."""

from __future__ import annotations

import argparse
import os
import secrets
import socket
from pathlib import Path

from twincrawl.cli.common import OK, UsageError, add_store_option, store_uri
from twincrawl.runs import default_state_dir
from twincrawl.store import StoreError, open_store
from twincrawl.store.uri import mask_password

TOKEN_VARIABLE = "TWINCRAWL_SERVE_TOKEN"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("serve", help="web page and JSON API for researchers", description=__doc__)
    add_store_option(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, loopback)")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    parser.add_argument(
        "--token", help=f"token required when listening beyond loopback (default: ${TOKEN_VARIABLE}, else a new one)"
    )
    parser.add_argument(
        "--reports", type=Path, metavar="DIR", help="run reports for the health page (default: <state dir>/reports)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from twincrawl.web import create_app, is_loopback

    uri, where = store_uri(args)
    try:
        store = open_store(uri, read_only=True)
    except StoreError as error:
        raise UsageError(f"{error} (store set by {where})") from error
    loopback = is_loopback(args.host)
    token = None if loopback else args.token or os.environ.get(TOKEN_VARIABLE) or secrets.token_urlsafe(24)
    reports = args.reports or default_state_dir(uri) / "reports"
    app = create_app(store, token=token, loopback=loopback, reports=reports)
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((args.host, args.port))
        listening.listen(socket.SOMAXCONN)  # connections made as soon as the address is printed wait, not fail
    except OSError as error:
        listening.close()
        store.close()
        raise UsageError(f"cannot listen on {args.host}:{args.port}: {error} (choose another --port)") from error
    # Bound here, before uvicorn starts, so the address printed carries the port --port 0 picked.
    port = listening.getsockname()[1]
    shown = f"[{args.host}]" if family == socket.AF_INET6 else args.host
    address = f"http://{shown}:{port}/" + (f"?token={token}" if token else "")
    print(f"twincrawl: serving {mask_password(uri)} at {address} (Ctrl-C stops)", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    uvicorn.Server(config).run(sockets=[listening])
    return OK
