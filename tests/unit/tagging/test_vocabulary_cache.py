"""Indexes cached on disk: read back when built from the same inputs, built again otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from twincrawl.tagging.vocabulary import endings
from twincrawl.tagging.vocabulary import gazetteer as gazetteer_module
from twincrawl.tagging.vocabulary.cache import cached
from twincrawl.tagging.vocabulary.gazetteer import Gazetteer, gazetteer, index_inputs, shipped_index


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TWINCRAWL_CACHE_DIR", str(tmp_path))
    return tmp_path


def counting_build(calls: list[int], value: object) -> object:
    calls.append(1)
    return value


def test_a_cached_index_is_read_back_without_building_it_again(cache_dir: Path) -> None:
    calls: list[int] = []
    value = ({"волгоград": (472757,)}, [(1, "a")], {"x"})
    assert cached("index", [b"data"], lambda: counting_build(calls, value)) == value
    assert cached("index", [b"data"], lambda: counting_build(calls, value)) == value
    assert len(calls) == 1


def test_changed_inputs_build_again_and_the_stale_file_goes(cache_dir: Path) -> None:
    cached("index", [b"old data"], lambda: 1)
    assert cached("index", [b"new data"], lambda: 2) == 2
    assert len(list(cache_dir.glob("index-*.marshal"))) == 1


def test_a_damaged_cache_file_is_built_again(cache_dir: Path) -> None:
    cached("index", [b"data"], lambda: [1, 2, 3])
    (path,) = cache_dir.glob("index-*.marshal")
    path.write_bytes(b"\x00garbage")
    assert cached("index", [b"data"], lambda: [1, 2, 3]) == [1, 2, 3]
    assert cached("index", [b"data"], list) == [1, 2, 3]


def test_an_empty_cache_dir_setting_builds_every_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWINCRAWL_CACHE_DIR", "")
    calls: list[int] = []
    cached("index", [b"data"], lambda: counting_build(calls, 1))
    cached("index", [b"data"], lambda: counting_build(calls, 1))
    assert len(calls) == 2


def test_an_unwritable_cache_dir_still_gives_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TWINCRAWL_CACHE_DIR", str(blocker / "cache"))
    assert cached("index", [b"data"], lambda: {"a": 1}) == {"a": 1}


def test_the_gazetteer_read_from_the_cache_is_the_one_built_from_the_data() -> None:
    built = Gazetteer(shipped_index())
    loaded = gazetteer()
    assert loaded.names == built.names
    assert loaded.cities == built.cities
    assert loaded._prefixes == built._prefixes


def test_the_gazetteer_cache_key_covers_every_module_the_index_is_built_from() -> None:
    inputs = index_inputs()
    for module in (gazetteer_module, endings):
        assert Path(module.__file__).read_bytes() in inputs, module.__name__
    # The dictionary that tells plural town names from indeclinable ones ("Мытищи", "Сочи") is an input too.
    assert any(b"pymorphy3-dicts-ru " in part for part in inputs)
