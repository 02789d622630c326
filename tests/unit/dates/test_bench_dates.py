"""``twincrawl bench dates`` scores several gold sets in one run: one table per set, then the mean per tool."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from twincrawl.cli import main

DATED_PAGE = """<html><head><meta property="article:published_time" content="2021-05-04T10:00:00+02:00"></head>
<body><article><h1>Twin towns sign a new pact</h1><p>The councils met on Tuesday.</p></article></body></html>"""


def write_set(folder: Path, gold_date: str) -> Path:
    """A one-page gold set whose page states 2021-05-04 and whose gold says ``gold_date``."""
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "p1.html.gz").write_bytes(gzip.compress(DATED_PAGE.encode()))
    (folder / "gold.jsonl").write_text(json.dumps({"id": "p1", "url": "", "date": gold_date}) + "\n")
    return folder


def test_several_sets_print_each_accuracy_and_one_mean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    right = write_set(tmp_path / "right", "2021-05-04")
    wrong = write_set(tmp_path / "wrong", "2020-01-01")
    out = tmp_path / "pred.jsonl"

    assert main(["bench", "dates", "--data", str(right), "--data", str(wrong), "--out", str(out)]) == 0

    printed = capsys.readouterr().out
    ours = [line.split()[1] for line in printed.splitlines() if line.startswith("twincrawl ")]
    assert ours == ["1.000", "0.000"]
    assert "mean over 2 sets: twincrawl 0.500" in printed
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(row["set"], row["date"]) for row in rows] == [(str(right), "2021-05-04"), (str(wrong), "2021-05-04")]


def test_one_set_prints_no_mean_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "dates", "--data", str(write_set(tmp_path / "only", "2021-05-04"))]) == 0

    assert "mean over" not in capsys.readouterr().out
