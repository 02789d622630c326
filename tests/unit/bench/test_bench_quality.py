"""``bench quality`` prints one row per set and tool, the default extraction mode marked, and the whole processing
of a page against trafilatura alone."""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

import pytest

from twincrawl.bench import quality

_PAGE = (
    "<html><head><title>Twinning</title><meta property='article:published_time' content='2024-05-01'></head>"
    "<body><article><h1>Twinning</h1><p>The mayors of the two towns signed the twinning charter on Monday in the "
    "town hall, before a crowd of residents who had come to watch the ceremony and the concert.</p></article>"
    "</body></html>"
)


def _write_set(folder: Path, gold: dict[str, object]) -> None:
    (folder / "pages").mkdir(parents=True)
    (folder / "gold.jsonl").write_text(json.dumps({"id": "p", "url": "", **gold}) + "\n", encoding="utf-8")
    (folder / "pages" / "p.html.gz").write_bytes(gzip.compress(_PAGE.encode()))


def test_every_set_and_tool_gets_a_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_set(tmp_path / "texts", {"text": "The mayors of the two towns signed the twinning charter"})
    _write_set(tmp_path / "dated", {"date": "2024-05-01"})
    assert quality.run(argparse.Namespace(bench=tmp_path)) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [line for line in lines[2:] if not line.startswith("mean") and "processing /" not in line]
    tools = {(line[:20].strip(), line[28:52].strip()) for line in rows}
    assert tools == {
        ("dated", "twincrawl"),
        ("dated", "htmldate"),
        ("texts", "twincrawl accurate *"),
        ("texts", "twincrawl fast"),
        ("texts", "trafilatura"),
        ("texts", "trafilatura precision"),
        ("texts", "twincrawl processing *"),
    }
    assert re.fullmatch(r"texts +processing / trafilatura\.extract alone: \d+\.\d\dx \(bound 1\.3x\)",
                        next(line for line in lines if "processing /" in line))  # fmt: skip
    dated = next(line for line in lines if line.startswith("dated") and "twincrawl" in line)
    assert dated.split()[-2] == "1.000"  # accuracy, then CPU ms
    assert sum(line.startswith("mean F1 over 1 extraction sets") for line in lines) == 4
