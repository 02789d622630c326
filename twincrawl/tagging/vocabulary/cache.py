"""Built indexes kept on disk between processes: what takes a second to build loads in a tenth of one.

A cached index is named by a hash of everything it is built from (the data files, the code that builds it, the
library versions, the Python version), so a change to any of them builds it again; a cache that cannot be read
or written is rebuilt or skipped silently. Files are written with ``marshal`` (plain data only, nothing that
runs code when loaded) and replaced atomically, so processes building the same index at once do not clash.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from twincrawl.version import __version__

#: Set to a folder to keep the caches there, or to an empty string to build every index in every process.
CACHE_DIR_VARIABLE = "TWINCRAWL_CACHE_DIR"


def cache_dir() -> Path | None:
    """``$TWINCRAWL_CACHE_DIR``, else ``$XDG_CACHE_HOME/twincrawl``, else ``~/.cache/twincrawl``; None when off."""
    chosen = os.environ.get(CACHE_DIR_VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen else None
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "twincrawl"


def cached(name: str, inputs: Iterable[bytes], build: Callable[[], Any]) -> Any:
    """The value ``build()`` gives, read from the cache when one was built from the same ``inputs``.

    ``build`` must return plain data (``marshal``-able: str, int, float, tuple, list, dict, set). ``inputs`` are
    the bytes the value depends on; the Python and twincrawl versions are added to them.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    digest = hashlib.sha256(f"{sys.version}|{marshal.version}|{__version__}".encode())
    for part in inputs:
        digest.update(hashlib.sha256(part).digest())
    path = folder / f"{name}-{digest.hexdigest()[:16]}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    value = build()
    _write(path, marshal.dumps(value), name)
    return value


def _write(path: Path, data: bytes, name: str) -> None:
    """Write ``data`` to ``path`` atomically and remove the caches of ``name`` built from other inputs."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:  # a read-only or full disk: the index is built again next time, nothing else is lost
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        Path(temporary).replace(path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return
    for stale in path.parent.glob(f"{name}-*.marshal"):
        if stale != path:
            with contextlib.suppress(OSError):
                stale.unlink()
