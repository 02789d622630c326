"""``twincrawl store``: look after the store itself (replay what was spooled while MongoDB was down)."""

from __future__ import annotations

import argparse

from twincrawl.cli.common import OK, add_store_option, open_store_from


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("store", help="store maintenance (replay the spool)", description=__doc__)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    replay = actions.add_parser("replay", help="write the articles spooled while the server was unreachable")
    add_store_option(replay)
    replay.set_defaults(run=run_replay)


def run_replay(args: argparse.Namespace) -> int:
    from twincrawl.store.mongo import MongoStore  # pymongo is loaded only for the command that needs it

    store = open_store_from(args)
    try:
        if not isinstance(store, MongoStore):
            print(f"twincrawl: {store.uri} writes directly and keeps no spool: nothing to replay")
            return OK
        store.replay()
        # Opening the store already replays the spool: count what that wrote too.
        print(f"twincrawl: replayed {store.replayed} spooled records into {store.uri}")
    finally:
        store.close()
    return OK
