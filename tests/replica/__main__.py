"""Serve the replica in the foreground: ``python -m tests.replica --port 8765 --write-registry PATH``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tests.replica.server import ReplicaServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.replica", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on; 0 picks a free one")
    parser.add_argument("--write-registry", type=Path, metavar="PATH", help="write a source registry for it here")
    args = parser.parse_args(argv)
    try:
        server = ReplicaServer(args.host, args.port)
    except OSError as error:
        print(f"cannot listen on {args.host}:{args.port}: {error}; pick another --port", file=sys.stderr)
        return 1
    if args.write_registry is not None:
        server.write_registry(args.write_registry)
        print(f"registry written to {args.write_registry}", flush=True)
    print(f"replica serving at {server.base_url}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
