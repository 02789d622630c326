"""``twincrawl reprocess --all`` after the twinning vocabulary changed: the stored records take the new relevance
and the twin pairs the new terms state (the vocabulary is package data, so the reprocess runs on a copy of the
package whose ``terms.yaml`` has one more English term)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import twincrawl
from tests.integration.twin_news import REGISTRY
from tests.paths import REPO
from twincrawl.items import FetchedPage
from twincrawl.process import ProcessingOptions, process_page
from twincrawl.registry import load_file
from twincrawl.store.base import RawPage
from twincrawl.store.sqlite import SqliteStore

COVENTRY, DRESDEN = 2652221, 2935022
NEW_TERM = "friendship accord"
SENTENCE = f"Coventry and Dresden renewed their {NEW_TERM} at a ceremony in the cathedral. "
BODY = (
    "<html><head><title>Coventry and Dresden</title></head><body><h1>Coventry and Dresden</h1>"
    f"<p class='date'>12 March 2024</p><p>{SENTENCE * 4}</p></body></html>"
).encode()
URL = "https://twin-news.example/news/8"


def _package_with_the_new_term(root: Path) -> Path:
    """A copy of the twincrawl package whose English vocabulary also counts NEW_TERM as a strong term."""
    copy = root / "twincrawl"
    shutil.copytree(Path(twincrawl.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    terms = copy / "tagging" / "vocabulary" / "terms.yaml"
    text = terms.read_text(encoding="utf-8")
    assert "\nen:\n  strong:\n" in text
    terms.write_text(text.replace("\nen:\n  strong:\n", f"\nen:\n  strong:\n    - {NEW_TERM}\n", 1), encoding="utf-8")
    return root


def test_reprocessing_after_a_vocabulary_change_updates_relevance_and_pairs(tmp_path: Path) -> None:
    registry = tmp_path / "sources.yaml"
    registry.write_text(REGISTRY, encoding="utf-8")
    (source,) = load_file(registry)
    page = FetchedPage(url=URL, source="twin-news", body=BODY)
    before = process_page(page, source, ProcessingOptions())
    assert (before.relevance.is_twinning, before.relevance.terms, before.pairs) == (False, [], [])
    assert {place.geonameid for place in before.places} == {COVENTRY, DRESDEN}
    uri = f"sqlite:///{tmp_path / 'corpus.db'}"
    store = SqliteStore(uri)
    store.upsert([before])
    store.save_raw([RawPage.from_page(page, before.extractor_version, before.id)])
    store.close()

    package = _package_with_the_new_term(tmp_path / "changed")
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(package), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-m", "twincrawl", "reprocess", "--all", "--store", uri, "--sources-file", str(registry)],
        cwd=package, env=environment, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "1 records changed" in done.stdout and "relevance 1" in done.stdout and "pairs 1" in done.stdout

    store = SqliteStore(uri)
    try:
        after = store.get(before.id)
        versions = store.versions(before.id)
    finally:
        store.close()
    assert after is not None
    assert after.relevance.is_twinning and NEW_TERM in after.relevance.terms
    assert after.relevance.score > before.relevance.score
    assert [sorted(pair) for pair in after.pairs] == [sorted([COVENTRY, DRESDEN])]
    assert (after.title, after.text) == (before.title, before.text)
    assert versions == []  # the text did not change
