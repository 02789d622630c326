"""``sources discover`` on the replica of the seed sites: the entries it proposes, crawled, find the seed sites'
articles and store nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.fixtures.cli import run_twincrawl
from tests.replica.expected import ExpectedArticle
from tests.replica.server import ReplicaServer
from twincrawl.registry import load_file
from twincrawl.store.query import Query
from twincrawl.store.sqlite import SqliteStore

#: Where discovery starts for each plain-HTML replica site: its news page, or its sitemap index.
STARTS = {
    "volgadmin-ru": "/volgadmin/d/list/news/admvlg",
    "volgadmin-en": "/volgadmin/d/branches/international/en/news",
    "rs": "/rs/en/news/",
    "vestnik": "/vestnik/news/",
    "mosds": "/mosds/sitemap.xml",
}


def _discovered_registry(replica: ReplicaServer, folder: Path) -> Path:
    entries = []
    for key, path in STARTS.items():
        out = folder / f"{key}.yaml"
        done = run_twincrawl("sources", "discover", replica.url(path), "--key", key, "--country", "RU",
                             "--allow-address", "127.0.0.1", "--delay", "0", "--out", out)  # fmt: skip
        assert done.returncode == 0, (key, done.stderr[-3000:])
        entries += yaml.safe_load(out.read_text(encoding="utf-8"))["sources"]
    registry = folder / "discovered.yaml"
    registry.write_text(yaml.safe_dump({"sources": entries}, allow_unicode=True), encoding="utf-8")
    assert [source.key for source in load_file(registry)] == list(STARTS)
    return registry


@pytest.mark.slow
def test_discovered_entries_crawl_the_seed_sites_articles_and_nothing_else(
    replica: ReplicaServer, replica_expected: list[ExpectedArticle], tmp_path: Path
) -> None:
    registry = _discovered_registry(replica, tmp_path)
    store_path = tmp_path / "corpus.db"
    done = run_twincrawl("crawl", "--sources-file", registry, "--store", f"sqlite:///{store_path}",
                         "--report", tmp_path / "report.json", "--state-dir", tmp_path / "state",
                         "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    store = SqliteStore(f"sqlite:///{store_path}")
    try:
        stored = {article.url for article in store.query(Query())}
    finally:
        store.close()
    articles = {replica.url(item.path) for item in replica_expected}
    wanted = {
        replica.url(item.path)
        for item in replica_expected
        if item.render == "html" and not item.robots_disallowed and item.path.startswith(("/volgadmin", "/rs",
                                                                                          "/vestnik", "/mosds"))
    }  # fmt: skip
    assert stored <= articles, sorted(stored - articles)
    assert len(stored & wanted) >= 0.95 * len(wanted), sorted(wanted - stored)
