"""Bench sets are found from a set folder or a folder of sets, and scored by the metric their gold calls for."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from twincrawl.bench import load_set, set_folders
from twincrawl.bench.extraction import is_extraction_set, score_texts
from twincrawl.bench.metrics import ExtractionScore, SnippetScore


def _write_set(folder: Path, gold: list[dict[str, object]]) -> Path:
    (folder / "pages").mkdir(parents=True)
    with (folder / "gold.jsonl").open("w", encoding="utf-8") as out:
        for line in gold:
            out.write(json.dumps(line) + "\n")
            page = f"<html><body><p>{line['id']} twinning news</p></body></html>"
            (folder / "pages" / f"{line['id']}.html.gz").write_bytes(gzip.compress(page.encode()))
    return folder


def test_a_folder_of_sets_stands_for_every_set_below_it(tmp_path: Path) -> None:
    texts = _write_set(tmp_path / "b" / "text", [{"id": "1", "text": "a b c d"}])
    snippets = _write_set(tmp_path / "a", [{"id": "2", "with": ["x"], "without": []}])
    dated = _write_set(tmp_path / "c", [{"id": "3", "date": "2024-05-01"}])
    assert set_folders([tmp_path]) == [snippets, texts, dated]
    assert set_folders([texts]) == [texts]
    assert [is_extraction_set(folder) for folder in (snippets, texts, dated)] == [True, True, False]


def test_a_folder_without_sets_is_reported(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"no gold\.jsonl"):
        set_folders([tmp_path])


def test_gold_snippets_are_scored_by_the_snippets_metric(tmp_path: Path) -> None:
    folder = _write_set(tmp_path / "s", [{"id": "p", "with": ["twinning news"], "without": ["menu"]}])
    score = score_texts(load_set(folder), ["p twinning news"])
    assert isinstance(score, SnippetScore)
    assert (score.f1, score.accuracy) == (1.0, 1.0)


def test_gold_text_is_scored_on_shingles(tmp_path: Path) -> None:
    folder = _write_set(tmp_path / "t", [{"id": "p", "text": "the twinning charter was signed"}])
    score = score_texts(load_set(folder), ["the twinning charter was signed"])
    assert isinstance(score, ExtractionScore)
    assert score.f1 == 1.0
